//! Everything a check needs that is not the form itself: "today" and the reference data.
//! The rules never read a clock or a file; the caller passes these in.

use std::sync::LazyLock;

use crate::adjacency::Adjacency;
use crate::calendar::Calendar;
use crate::date::Date;
use crate::geography::Geography;
use crate::host::HostConfig;
use crate::register::Register;

/// Secure public-sector email domains accepted for placing staff unless a deployment sets its
/// own list (rule 12; check with the host). Children's services run by trusts on other domains
/// need adding by the host.
pub static DEFAULT_SECURE_EMAIL_DOMAINS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["gov.uk", "nhs.net", "cjsm.net", "gov.wales", "llyw.cymru", "gov.scot"].map(String::from).to_vec()
});

pub struct Context<'a> {
    /// The date the check is made on: the browser's date while filling in, the server's on submit.
    pub today: Date,
    pub register: &'a Register,
    pub adjacency: &'a Adjacency,
    pub calendar: &'a Calendar,
    pub host: &'a HostConfig,
    pub geography: &'a dyn Geography,
    pub secure_email_domains: &'a [String],
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("today", &self.today).field("host", &self.host.name).finish()
    }
}

impl<'a> Context<'a> {
    /// The compiled-in reference data with Kent as host.
    pub fn builtin(today: Date, geography: &'a dyn Geography) -> Self {
        Self {
            today,
            register: Register::builtin(),
            adjacency: Adjacency::builtin(),
            calendar: Calendar::england_and_wales(),
            host: HostConfig::kent(),
            geography,
            secure_email_domains: &DEFAULT_SECURE_EMAIL_DOMAINS,
        }
    }
}
