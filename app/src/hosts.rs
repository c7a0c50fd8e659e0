//! The councils this deployment serves, learned at run time: the relay's hosts document
//! (`GET /api/hosts`) and the postcodes of every served host, fetched once someone has started
//! (never with the first page). The app compiles no council in: the rules say at once, even with no
//! network, which served host a placement postcode is in and in which district and division, from
//! what arrives here. The service worker keeps both for visits with no network at all.

use std::sync::Arc;

use contract::hosts::Hosts;
use leptos::prelude::*;
use placement_rules::geography::{Geography, Located};
use placement_rules::host::HostConfig;
use placement_rules::text::Postcode;
use postcodes::PostcodeTable;

#[derive(Debug, Clone, Default)]
pub enum HostsState {
    #[default]
    NotLoaded,
    Loading,
    /// The hosts, and their postcodes once those have arrived.
    Ready(Arc<Hosts>, Option<Arc<PostcodeTable>>),
    /// A fetch failed (offline on a first visit): the relay checks the postcode on submission.
    Failed,
}

/// The hosts' state, shared by every page, and whether their postcodes have been asked for (a
/// person has started a form).
#[derive(Debug, Clone, Copy)]
pub struct Served(pub RwSignal<HostsState>, RwSignal<bool>);

impl Served {
    pub fn new() -> Self {
        Self(RwSignal::new(HostsState::NotLoaded), RwSignal::new(false))
    }

    /// Starts fetching the hosts document once (a few kilobytes, for the pages' choices and words).
    pub fn load_hosts(self) {
        if !matches!(self.0.get_untracked(), HostsState::NotLoaded | HostsState::Failed) {
            return;
        }
        self.0.set(HostsState::Loading);
        leptos::task::spawn_local(async move {
            match fetch_hosts().await {
                Ok(hosts) => {
                    self.0.set(HostsState::Ready(Arc::new(hosts), None));
                    if self.1.get_untracked() {
                        self.fetch_postcodes();
                    }
                }
                Err(_) => self.0.set(HostsState::Failed),
            }
        });
    }

    /// Starts fetching the hosts and then their postcodes, once; later calls do nothing.
    pub fn load(self) {
        if self.1.get_untracked() && !matches!(self.0.get_untracked(), HostsState::Failed) {
            return;
        }
        self.1.set(true);
        match self.0.get_untracked() {
            HostsState::Ready(_, None) => self.fetch_postcodes(),
            // The postcodes follow the hosts (`load_hosts` sees that they were asked for).
            HostsState::Loading => {}
            _ => self.load_hosts(),
        }
    }

    fn fetch_postcodes(self) {
        let HostsState::Ready(hosts, None) = self.0.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            match fetch_table(&hosts.postcodes).await {
                Ok(table) => self.0.set(HostsState::Ready(hosts, Some(Arc::new(table)))),
                Err(_) => self.0.set(HostsState::Failed),
            }
        });
    }

    /// What the rules use now: the served hosts (only `host`'s, for a case already made) and their
    /// postcodes if they have loaded.
    pub fn geography(self, host: Option<&str>) -> BrowserGeography {
        match self.0.get() {
            HostsState::Ready(hosts, table) => BrowserGeography::new(&hosts, host, table),
            _ => BrowserGeography::default(),
        }
    }

    /// A served host as the relay describes it (its names and words), once the hosts have arrived.
    pub fn host(self, code: &str) -> Option<contract::hosts::Host> {
        match self.0.get() {
            HostsState::Ready(hosts, _) => hosts.host(code).cloned(),
            _ => None,
        }
    }
}

async fn fetch_hosts() -> Result<Hosts, String> {
    let response = gloo_net::http::Request::get(contract::paths::HOSTS).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("status {}", response.status()));
    }
    let hosts: Hosts =
        serde_json::from_str(&response.text().await.map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    if hosts.format != contract::hosts::HOSTS_FORMAT {
        return Err(format!("hosts document format {}", hosts.format));
    }
    Ok(hosts)
}

async fn fetch_table(url: &str) -> Result<PostcodeTable, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("status {}", response.status()));
    }
    let bytes = response.binary().await.map_err(|e| e.to_string())?;
    PostcodeTable::from_bytes(bytes).map_err(|e| e.to_string())
}

/// The served hosts' postcodes as the rules' [`Geography`], with the hosts the rules take. Before
/// the postcodes load, every postcode is [`Located::Unavailable`] and the rules leave the question
/// to the relay.
#[derive(Debug, Clone, Default)]
pub struct BrowserGeography {
    table: Option<Arc<PostcodeTable>>,
    hosts: Arc<Vec<HostConfig>>,
    /// Every served host's placing-staff domains: the relay checks against the placement's host's.
    domains: Arc<Vec<String>>,
}

impl BrowserGeography {
    fn new(doc: &Hosts, only: Option<&str>, table: Option<Arc<PostcodeTable>>) -> Self {
        let chosen: Vec<&contract::hosts::Host> =
            doc.hosts.iter().filter(|h| only.is_none_or(|code| h.rules.authority == code)).collect();
        let mut domains: Vec<String> = chosen.iter().flat_map(|h| h.secure_email_domains.iter().cloned()).collect();
        domains.sort();
        domains.dedup();
        Self { table, hosts: Arc::new(chosen.iter().map(|h| h.rules.clone()).collect()), domains: Arc::new(domains) }
    }

    pub fn hosts(&self) -> &[HostConfig] {
        &self.hosts
    }

    /// The rules' context for a check made today.
    pub fn context(&self, today: placement_rules::Date) -> placement_rules::Context<'_> {
        let mut ctx = placement_rules::Context::builtin(today, &self.hosts, self);
        if !self.domains.is_empty() {
            ctx.secure_email_domains = &self.domains;
        }
        ctx
    }
}

impl Geography for BrowserGeography {
    fn locate(&self, postcode: &Postcode) -> Located {
        match &self.table {
            Some(table) => table.locate(postcode),
            None => Located::Unavailable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postcodes::TableBuilder;

    #[test]
    fn before_loading_the_rules_wait_and_after_they_know() {
        // A fictional council's postcode: the app's code names no real one.
        let pc = Postcode::parse("AB1 1AA").unwrap();
        assert_eq!(BrowserGeography::default().locate(&pc), Located::Unavailable);
        let mut b = TableBuilder::new();
        b.add("AB1 1AA", "E07000901", "E10000902", None);
        let table = PostcodeTable::from_bytes(b.build("test", false, true)).unwrap();
        let geo = BrowserGeography { table: Some(Arc::new(table)), ..BrowserGeography::default() };
        assert!(matches!(geo.locate(&pc), Located::In(_)));
        assert_eq!(geo.locate(&Postcode::parse("ZZ1 1ZZ").unwrap()), Located::OutsideCoverage);
    }
}
