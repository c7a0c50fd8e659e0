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
/// own list (rule 12; check with the host). Children's services trusts on their own domains are
/// per-authority data in the register (`data/trust_domains.csv`).
pub static DEFAULT_SECURE_EMAIL_DOMAINS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["gov.uk", "nhs.net", "cjsm.net", "gov.wales", "llyw.cymru", "gov.scot"].map(String::from).to_vec()
});

pub struct Context<'a> {
    /// The date the check is made on: the browser's date while filling in, the server's on submit.
    pub today: Date,
    pub register: &'a Register,
    pub adjacency: &'a Adjacency,
    pub calendar: &'a Calendar,
    /// The hosts this deployment serves; for a case already made, only that case's host.
    pub hosts: &'a [HostConfig],
    pub geography: &'a dyn Geography,
    pub secure_email_domains: &'a [String],
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("today", &self.today).field("hosts", &self.hosts.len()).finish()
    }
}

impl<'a> Context<'a> {
    /// The compiled-in reference data with the given hosts.
    pub fn builtin(today: Date, hosts: &'a [HostConfig], geography: &'a dyn Geography) -> Self {
        Self {
            today,
            register: Register::builtin(),
            adjacency: Adjacency::builtin(),
            calendar: Calendar::england_and_wales(),
            hosts,
            geography,
            secure_email_domains: &DEFAULT_SECURE_EMAIL_DOMAINS,
        }
    }

    /// The served host with this authority code.
    pub fn host(&self, authority: &str) -> Option<&'a HostConfig> {
        self.hosts.iter().find(|h| h.authority == authority)
    }

    /// The host's name in a sentence: the one host's short name when the context has one,
    /// otherwise "the host council".
    pub fn host_name(&self) -> &'a str {
        match self.hosts {
            [one] => &one.short_name,
            _ => "the host council",
        }
    }

    /// The served hosts as a list in a sentence: "Kent or Medway".
    pub fn served(&self) -> String {
        crate::host::names_joined(self.hosts, "or")
    }
}
