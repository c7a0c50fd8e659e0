//! What every handler shares, built once at start.

use std::path::Path;
use std::sync::Arc;

use placement_rules::adjacency::Adjacency;
use placement_rules::calendar::Calendar;
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

/// A member of the host's staff who can sign in: the file holds a hash of their token, never it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffAccount {
    pub name: String,
    pub role: StaffRole,
    pub token_sha256: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StaffRole {
    FrontDoor,
    ManagementInformation,
}

impl StaffRole {
    pub fn id(self) -> &'static str {
        match self {
            StaffRole::FrontDoor => "front-door",
            StaffRole::ManagementInformation => "management-information",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StaffFile {
    #[serde(default)]
    staff: Vec<StaffAccount>,
}

/// Reads the staff file; a missing file means no one can sign in yet.
pub fn load_staff(path: &Path) -> Result<Vec<StaffAccount>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str::<StaffFile>(&text).map(|f| f.staff).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[derive(Debug)]
pub struct Inner {
    pub config: Config,
    pub host: HostConfig,
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

    /// Whether a staff session's subject (`role:name`) is still an account.
    pub fn is_staff(&self, subject: &str) -> bool {
        self.staff()
            .iter()
            .any(|a| subject.strip_prefix(a.role.id()).and_then(|r| r.strip_prefix(':')) == Some(&a.name))
    }

    pub fn new(
        config: Config,
        store: Store,
        postcodes: Arc<PostcodeTable>,
        keys: Keys,
        staff: Vec<StaffAccount>,
        content_security_policy: String,
    ) -> Self {
        let routing =
            Routing { public_url: config.server.public_url.clone(), keys: keys.clone(), host: config.host.clone() };
        let written = Arc::new(Notify::new());
        let lanes = if store.backend() == "postgres" { 4 } else { 1 };
        let writer = Writer::start(store.clone(), routing.clone(), written.clone(), lanes);
        Self(Arc::new(Inner {
            host: config.host.rules(),
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
        }))
    }

    /// The rules' context for a check made today, with the relay's full postcode table.
    pub fn rules_context(&self, today: Date) -> Context<'_> {
        Context {
            today,
            register: Register::builtin(),
            adjacency: Adjacency::builtin(),
            calendar: Calendar::england_and_wales(),
            host: &self.host,
            geography: &*self.postcodes,
            secure_email_domains: &self.config.host.secure_email_domains,
        }
    }
}
