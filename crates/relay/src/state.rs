//! What every handler shares, built once at start.

use std::path::Path;
use std::sync::Arc;

use placement_rules::adjacency::Adjacency;
use placement_rules::calendar::Calendar;
use placement_rules::context::DEFAULT_SECURE_EMAIL_DOMAINS;
use placement_rules::host::HostConfig;
use placement_rules::{Context, Date, Register};
use postcodes::PostcodeTable;
use serde::Deserialize;
use tokio::sync::Notify;

use crate::config::Config;
use crate::routing::Routing;
use crate::store::Store;
use crate::tokens::Keys;
use crate::writer::Writer;

/// A member of the host's staff who can sign in with a personal code: the file holds a hash of
/// their code, never it, and the day the code stops working.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffAccount {
    pub name: String,
    pub role: StaffRole,
    /// The code of the host whose staff they are. The file may leave it out when the relay serves
    /// one host; `load_staff` fills it in, so every loaded account has one.
    #[serde(default)]
    pub host: String,
    /// A service manager's division (its id in the host's configuration).
    #[serde(default)]
    pub division: Option<String>,
    /// The last day the code works (YYYY-MM-DD). Accounts from before codes expired have none.
    #[serde(default)]
    pub expires_on: Option<String>,
    pub token_sha256: String,
}

impl StaffAccount {
    /// Whether the code still works on `today`.
    pub fn current(&self, today: Date) -> bool {
        self.expires_on.as_deref().and_then(Date::parse_iso).is_none_or(|last| today <= last)
    }
}

pub use contract::staff::StaffRole;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffFile {
    #[serde(default)]
    staff: Vec<StaffAccount>,
}

/// A staff account's name as given, checked: a person's name, which the timeline shows. The
/// session never holds it, so no name can break signing in; this says plainly what a name is.
pub fn staff_name(given: &str) -> Result<String, String> {
    let name = given.trim();
    let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.');
    if name.is_empty() {
        return Err("--name must not be empty: give the person's full name".into());
    }
    if name.chars().count() > 100 || !name.chars().all(allowed) {
        return Err("--name must be the person's name: letters, spaces, hyphens, apostrophes and full stops, \
                    up to 100 characters"
            .into());
    }
    Ok(name.to_owned())
}

/// Reads the staff file; a missing file means no one can sign in yet. Each account belongs to one
/// host the configuration serves: an account without one belongs to the only host, if there is one.
pub fn load_staff(path: &Path, config: &Config) -> Result<Vec<StaffAccount>, String> {
    let mut accounts = match std::fs::read_to_string(path) {
        Ok(text) => {
            toml::from_str::<StaffFile>(&text).map(|f| f.staff).map_err(|e| format!("{}: {e}", path.display()))?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    for account in &mut accounts {
        let host = match (account.host.as_str(), config.hosts.as_slice()) {
            ("", [only]) => only.authority.clone(),
            ("", _) => {
                return Err(format!(
                    "{}: the account of {} names no host: add host = \"<code>\" (this relay serves several)",
                    path.display(),
                    account.name
                ));
            }
            (code, _) => code.to_owned(),
        };
        if config.host(&host).is_none() {
            return Err(format!(
                "{}: the account of {} names host {host}, which this relay does not serve",
                path.display(),
                account.name
            ));
        }
        let served = config.host(&host).unwrap_or_else(|| unreachable!("checked above"));
        match (account.role, account.division.as_deref()) {
            (StaffRole::ServiceManager, None) if !served.divisions.is_empty() => {
                return Err(format!(
                    "{}: the service manager {} names no division: add division = \"<id>\"",
                    path.display(),
                    account.name
                ));
            }
            (_, Some(division)) if served.division(division).is_none() => {
                return Err(format!(
                    "{}: the account of {} names division {division}, which {} does not have",
                    path.display(),
                    account.name,
                    served.short_name
                ));
            }
            _ => {}
        }
        if account.expires_on.as_deref().is_some_and(|d| Date::parse_iso(d).is_none()) {
            return Err(format!(
                "{}: the account of {}: expires_on must be a date, YYYY-MM-DD",
                path.display(),
                account.name
            ));
        }
        account.host = host;
    }
    Ok(accounts)
}

#[derive(Debug)]
pub struct Inner {
    pub config: Config,
    /// The served hosts as the rules take them, in the configuration's order.
    pub hosts: Vec<HostConfig>,
    /// What `GET /api/hosts` answers.
    pub hosts_document: contract::hosts::Hosts,
    /// The served hosts' postcodes for the browser, built from the full table when first asked for.
    served_postcodes: std::sync::OnceLock<axum::body::Bytes>,
    pub store: Store,
    pub postcodes: Arc<PostcodeTable>,
    pub writer: Writer,
    pub routing: Routing,
    pub keys: Keys,
    /// Replaced whole when the staff file is read again (SIGHUP), so a removed account's sessions
    /// end at once.
    staff: std::sync::RwLock<Arc<Vec<StaffAccount>>>,
    pub district_names: postcodes::upper_tier::UpperTier,
    /// Wakes the outbox worker after a commit.
    pub written: Arc<Notify>,
    pub content_security_policy: String,
    /// The app's page with this deployment's words (web::render_index).
    pub index_html: String,
    pub trusted_proxies: crate::client_ip::TrustedProxies,
    /// The identity providers' discovery documents, for single sign-on.
    pub sso: crate::sso::Providers,
    /// The bearer token `GET /metrics` asks for (`OLA_METRICS_TOKEN`); unset, there is no endpoint.
    pub metrics_token: std::sync::OnceLock<String>,
}

#[derive(Debug, Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// The accounts as last read.
    pub fn staff(&self) -> Arc<Vec<StaffAccount>> {
        self.staff.read().map(|s| s.clone()).unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    pub fn replace_staff(&self, accounts: Vec<StaffAccount>) {
        let mut slot = self.staff.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        *slot = Arc::new(accounts);
    }

    /// The account a code session was made for, while it exists with the same sign-in code.
    pub fn staff_account(&self, role: &str, fingerprint: &str) -> Option<StaffAccount> {
        self.staff()
            .iter()
            .find(|a| {
                a.role.id() == role
                    && crate::tokens::same_digest(
                        &crate::tokens::StaffSession::fingerprint_of(&a.token_sha256),
                        fingerprint,
                    )
            })
            .cloned()
    }

    pub fn new(
        config: Config,
        store: Store,
        postcodes: Arc<PostcodeTable>,
        keys: Keys,
        staff: Vec<StaffAccount>,
        index_template: &str,
        templates: Arc<crate::templates::Templates>,
    ) -> Self {
        let index_html = crate::web::render_index(index_template, &config.service, &config.hosts);
        let content_security_policy = crate::web::content_security_policy(&index_html);
        let routing = Routing {
            public_url: config.server.public_url.clone(),
            keys: keys.clone(),
            hosts: config.hosts.clone(),
            templates,
        };
        let hosts: Vec<HostConfig> = config.hosts.iter().map(crate::config::Host::rules).collect();
        let hosts_document = crate::hosts::document(&config, &postcodes, &hosts);
        let written = Arc::new(Notify::new());
        let lanes = if store.backend() == "postgres" { 4 } else { 1 };
        let config_proxies = config.server.trusted_proxies.clone();
        let writer = Writer::start(store.clone(), routing.clone(), written.clone(), lanes);
        Self(Arc::new(Inner {
            hosts,
            hosts_document,
            served_postcodes: std::sync::OnceLock::new(),
            config,
            store,
            postcodes,
            writer,
            routing,
            keys,
            staff: std::sync::RwLock::new(Arc::new(staff)),
            district_names: postcodes::upper_tier::UpperTier::builtin(),
            written,
            content_security_policy,
            index_html,
            // Checked when the configuration was read (Config::check).
            trusted_proxies: crate::client_ip::TrustedProxies::parse(&config_proxies).unwrap_or_default(),
            metrics_token: std::sync::OnceLock::new(),
            sso: crate::sso::Providers::default(),
        }))
    }

    /// The rules' context for a check made today, with the relay's full postcode table and every
    /// served host; placing staff's email is checked against `host`'s domains.
    pub fn rules_context(&self, today: Date, host: Option<&str>) -> Context<'_> {
        Context {
            today,
            register: Register::builtin(),
            adjacency: Adjacency::builtin(),
            calendar: Calendar::england_and_wales(),
            hosts: &self.hosts,
            geography: &*self.postcodes,
            secure_email_domains: host
                .and_then(|code| self.hosts_document.host(code))
                .map_or(&DEFAULT_SECURE_EMAIL_DOMAINS[..], |h| &h.secure_email_domains),
        }
    }

    /// The served hosts' postcodes for the browser (`hosts::served_table`), built on first use.
    pub fn served_postcodes(&self) -> &axum::body::Bytes {
        self.served_postcodes.get_or_init(|| crate::hosts::served_table(&self.postcodes, &self.hosts).into())
    }

    /// The context for a case's host: its staff's answers are checked against that host only.
    pub fn case_context(&self, today: Date, host: &str) -> Context<'_> {
        let mut ctx = self.rules_context(today, Some(host));
        if let Some(i) = self.hosts.iter().position(|h| h.authority == host) {
            ctx.hosts = &self.hosts[i..=i];
        }
        ctx
    }

    /// The served host a placement postcode lies in, if any.
    pub fn host_of_postcode(&self, today: Date, postcode: &str) -> Option<&crate::config::Host> {
        let ctx = self.rules_context(today, None);
        let code = placement_rules::locate::locate(postcode, &ctx).ok()?.host?.authority.clone();
        self.config.host(&code)
    }

    /// The configuration of a case's host; a case whose host is no longer served is an error.
    pub fn host(&self, code: &str) -> Result<&crate::config::Host, crate::error::AppError> {
        self.config.host(code).ok_or_else(|| crate::error::AppError::internal("a case's host is no longer configured"))
    }
}

#[cfg(test)]
mod tests {
    use super::staff_name;

    #[test]
    fn a_staff_name_is_a_persons_name() {
        assert_eq!(staff_name("  Frankie O'Door-Smith Jr. ").unwrap(), "Frankie O'Door-Smith Jr.");
        assert_eq!(staff_name("Zoë Ní Bhriain").unwrap(), "Zoë Ní Bhriain");
        for bad in ["", "   ", "Eve|x", "role:name", "Eve\u{202e}x", "a\nb", &"x".repeat(101)] {
            assert!(staff_name(bad).is_err(), "{bad:?}");
        }
    }
}
