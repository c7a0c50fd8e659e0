//! `GET /api/hosts`: the councils a deployment serves, as the app learns them at run time. The app
//! compiles no council in: what it says of a host, and which district is in which division, comes
//! from here (kept by the service worker, so it works offline).

use placement_rules::host::HostConfig;
use serde::{Deserialize, Serialize};

/// The format of the hosts document; a change that an older app could misread raises it.
pub const HOSTS_FORMAT: u32 = 1;

/// The whole deployment's words: the header and the pages' titles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The service's name, in the header and every page's title: "Consult a host council about a placement".
    pub name: String,
    /// Who runs it, in the header: one council's name, or a region's.
    pub organisation: String,
}

/// What a host's pages say about it, in its own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostWords {
    /// How to reach its Front Door, as a sentence: "Email the Front Door Service at …".
    pub front_door: String,
    /// The page shown when the browser runs no JavaScript: how to consult this host another way.
    pub no_javascript: String,
}

/// One host as the app sees it: no staff mailbox is here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    /// Its code, names, divisions and districts: what the rules need.
    pub rules: HostConfig,
    pub reply_target_working_days: u32,
    /// Where its placing staff may write from.
    pub secure_email_domains: Vec<String>,
    pub words: HostWords,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hosts {
    pub format: u32,
    pub service: Service,
    pub hosts: Vec<Host>,
    /// Where the served hosts' postcodes are: a path that changes when they do, so a cached copy
    /// is never stale.
    pub postcodes: String,
}

impl Hosts {
    pub fn host(&self, authority: &str) -> Option<&Host> {
        self.hosts.iter().find(|h| h.rules.authority == authority)
    }

    /// The hosts as the rules take them.
    pub fn rules(&self) -> Vec<HostConfig> {
        self.hosts.iter().map(|h| h.rules.clone()).collect()
    }
}
