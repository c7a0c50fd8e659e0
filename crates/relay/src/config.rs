//! The relay's configuration: a TOML file (the Kent sample is `config/kent.toml`) and secrets from
//! the environment. Read once at start; a mistake stops the relay with a sentence saying where.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use placement_rules::host::{District, Division, HostConfig};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: Server,
    pub database: Database,
    pub mail: Mail,
    pub host: Host,
    #[serde(default)]
    pub retention: Retention,
}

/// How long personal data is kept (docs/operating.md). The relay is a route between councils, not
/// the case record: each council keeps its own record in its own system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Days after a closed case's last change before it is deleted: withdrawn, notified, or
    /// answered with an outcome.
    pub closed_case_days: u32,
    /// Hours an uploaded file may wait to be attached to a submission before it is deleted.
    pub unattached_upload_hours: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self { closed_case_days: 730, unattached_upload_hours: 48 }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub listen: SocketAddr,
    pub public_url: String,
    pub dist: PathBuf,
    pub postcodes: PathBuf,
    pub staff_file: PathBuf,
    pub rate_limit_per_second: u64,
    pub rate_limit_burst: u32,
    pub request_timeout_seconds: u64,
    /// Seconds a connection has to send a request's headers, and may sit idle between requests.
    #[serde(default = "default_header_read_seconds")]
    pub header_read_seconds: u64,
    /// Connections served at once; more wait until one closes.
    #[serde(default = "default_max_connections")]
    pub max_connections: usize,
    /// The reverse proxies whose forwarding headers name the client (addresses or ranges).
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    /// Uploads not yet part of a submission that one client may hold (they are deleted after
    /// `retention.unattached_upload_hours`), and that all clients together may hold, in bytes.
    #[serde(default = "default_unattached_per_client")]
    pub max_unattached_uploads_per_client: i64,
    #[serde(default = "default_unattached_bytes")]
    pub max_unattached_upload_bytes: i64,
}

fn default_unattached_per_client() -> i64 {
    40
}

fn default_unattached_bytes() -> i64 {
    2 * 1024 * 1024 * 1024
}

fn default_header_read_seconds() -> u64 {
    10
}

fn default_max_connections() -> usize {
    256
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mail {
    pub from: String,
    pub folder: PathBuf,
    /// Seconds before the first retry; each later retry waits twice as long (at most an hour).
    #[serde(default = "default_retry_base")]
    pub retry_base_seconds: u64,
    /// Failed attempts after which an email is parked for staff to see.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: i64,
    pub smtp: Option<Smtp>,
}

fn default_retry_base() -> u64 {
    5
}

fn default_max_attempts() -> i64 {
    10
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    Starttls,
    Tls,
    None,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    pub authority: String,
    pub name: String,
    pub short_name: String,
    pub reply_target_working_days: u32,
    pub link_valid_days: u32,
    pub front_door: String,
    pub management_information: String,
    pub secure_email_domains: Vec<String>,
    pub divisions: Vec<HostDivision>,
    pub districts: Vec<District>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostDivision {
    pub id: String,
    pub name: String,
    pub service_manager: String,
}

impl Host {
    /// The part of the host's set-up the rules need.
    pub fn rules(&self) -> HostConfig {
        HostConfig {
            authority: self.authority.clone(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            divisions: self.divisions.iter().map(|d| Division { id: d.id.clone(), name: d.name.clone() }).collect(),
            districts: self.districts.clone(),
        }
    }

    /// Every district the postcode directory places in the host must be listed, or placements there
    /// would reach no division's service manager.
    pub fn check_districts(&self, table: &postcodes::PostcodeTable) -> Result<(), String> {
        let missing: Vec<&str> = table
            .lower_tiers_of(&self.authority)
            .into_iter()
            .filter(|gss| !self.districts.iter().any(|d| d.gss == *gss))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "[host] lists no division for district(s) {} that the postcode table places in {}: add them to [[host.districts]]",
                missing.join(", "),
                self.name
            ))
        }
    }

    pub fn division(&self, id: &str) -> Option<&HostDivision> {
        self.divisions.iter().find(|d| d.id == id)
    }

    /// A division by its code and name (the code itself when it is no longer configured).
    pub fn division_named(&self, id: &str) -> contract::Named {
        contract::Named { code: id.to_owned(), name: self.division_name(Some(id), id) }
    }

    /// A division's name for people, or `unknown` when there is none.
    pub fn division_name(&self, id: Option<&str>, unknown: &str) -> String {
        id.and_then(|id| self.division(id)).map_or_else(|| unknown.to_owned(), |d| d.name.clone())
    }
}

impl Config {
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.host.rules().check()?;
        crate::client_ip::TrustedProxies::parse(&config.server.trusted_proxies)?;
        if config.server.rate_limit_per_second == 0 || config.server.rate_limit_burst == 0 {
            return Err("server.rate_limit_per_second and rate_limit_burst must be above 0".into());
        }
        Ok(config)
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The Kent sample, compiled in so tests and a first start need no file.
    pub fn kent_sample() -> Self {
        Self::from_toml(include_str!("../config/kent.toml")).expect("the Kent sample configuration is valid (tested)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kent_sample_reads_and_matches_the_rules_default() {
        let c = Config::kent_sample();
        assert_eq!(c.host.rules(), *HostConfig::kent(), "the sample and the rules' built-in Kent agree");
        assert!(c.mail.smtp.is_none(), "by default mail goes to a folder");
        assert!(c.database.url.starts_with("sqlite:"));
    }

    #[test]
    fn every_district_of_the_host_needs_a_division() {
        let mut b = postcodes::TableBuilder::new();
        b.add("ME14 1XQ", "E07000110", "E10000016", None);
        b.add("CT9 1XZ", "E07000114", "E10000016", None);
        let table = postcodes::PostcodeTable::from_bytes(b.build("test", false, false)).unwrap();
        let mut c = Config::kent_sample();
        assert_eq!(c.host.check_districts(&table), Ok(()));
        c.host.districts.retain(|d| d.gss != "E07000114");
        let err = c.host.check_districts(&table).unwrap_err();
        assert!(err.contains("E07000114"), "{err}");
    }

    #[test]
    fn mistakes_are_refused_with_a_reason() {
        let text = include_str!("../config/kent.toml");
        assert!(Config::from_toml(&text.replace("division = \"south-east\"", "division = \"east\"")).is_err());
        assert!(Config::from_toml(&text.replace("[database]", "[database]\nextra = 1")).is_err());
        assert!(Config::from_toml("").is_err());
    }
}
