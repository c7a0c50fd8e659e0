//! The relay's configuration: a TOML file (the sample, serving three hosts, is `config/sample.toml`)
//! and secrets from the environment. Read once at start; a mistake stops the relay with a sentence
//! saying where. Each host is a `[[hosts]]` section: a council is configuration, never code.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use placement_rules::Register;
use placement_rules::context::DEFAULT_SECURE_EMAIL_DOMAINS;
use placement_rules::host::{District, Division, HostConfig, check_served};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: Server,
    pub database: Database,
    pub mail: Mail,
    pub service: contract::hosts::Service,
    pub hosts: Vec<Host>,
    #[serde(default)]
    pub retention: Retention,
}

/// How long personal data is kept (docs/operating.md). The relay is a route between councils, not
/// the case record: each council keeps its own record in its own system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retention {
    /// Days after a closed case's last change before it is deleted: withdrawn, notified, or
    /// answered with an outcome.
    pub closed_case_days: u32,
    /// Hours an uploaded file may wait to be attached to a submission before it is deleted.
    pub unattached_upload_hours: u32,
    /// Days the access log keeps a line: its own setting, longer than a case's, so who read a
    /// child's record can be answered after the record is gone.
    pub access_log_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self { closed_case_days: 730, unattached_upload_hours: 48, access_log_days: 2557 }
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
    /// Where to report a security weakness (`mailto:` or `https:`), published as
    /// `/.well-known/security.txt` (RFC 9116). Without it, that file is not served.
    #[serde(default)]
    pub security_contact: Option<String>,
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
    /// How long a relay holds the emails it is sending (renewed while it sends): after a relay
    /// stops mid-batch, another sends what it held once this has passed. More than twice the SMTP
    /// timeout (20 s); 120 unless set.
    #[serde(default = "default_claim_seconds")]
    pub claim_seconds: u64,
    /// A folder of edited email templates; each replaces the built-in one of the same name
    /// (`relay preview-email` shows them all).
    #[serde(default)]
    pub templates: Option<PathBuf>,
    pub smtp: Option<Smtp>,
}

fn default_retry_base() -> u64 {
    5
}

fn default_max_attempts() -> i64 {
    10
}

fn default_claim_seconds() -> u64 {
    crate::mail::CLAIM.as_secs()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    /// Sign in by OAuth 2.0 (XOAUTH2), as Microsoft 365 requires; without it, by username and
    /// password from the environment, if set.
    #[serde(default)]
    pub oauth: Option<SmtpOAuth>,
}

/// The client-credentials grant that gets the relay a token for the mail server. The client's
/// secret comes from `OLA_SMTP_CLIENT_SECRET`, never from this file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpOAuth {
    /// The tenant's token endpoint: `https://login.microsoftonline.com/<tenant id>/oauth2/v2.0/token`.
    pub token_url: String,
    /// The app registration's application (client) id.
    pub client_id: String,
    /// The mailbox the relay sends as, which the token must be allowed to use.
    pub user: String,
    #[serde(default = "default_oauth_scope")]
    pub scope: String,
}

fn default_oauth_scope() -> String {
    "https://outlook.office365.com/.default".into()
}

impl SmtpOAuth {
    /// The secret is sent to the token endpoint, so only over TLS; plain HTTP is allowed only to
    /// this machine (a token service beside the relay, or a test's).
    fn check(&self) -> Result<(), String> {
        https_or_loopback("mail.smtp.oauth.token_url", &self.token_url)
    }
}

/// A secret's address must be https://; only this machine may be spoken to in the clear.
fn https_or_loopback(setting: &str, url: &str) -> Result<(), String> {
    let local = ["http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/", "http://[::1]:"];
    if url.starts_with("https://") || local.iter().any(|l| url.starts_with(l)) {
        Ok(())
    } else {
        Err(format!("{setting} must be an https:// address: {url}"))
    }
}

/// A host whose staff sign in through its council's identity provider (OpenID Connect: Microsoft
/// Entra ID, or any certified provider). The client secret comes from the environment, in
/// `OLA_SSO_CLIENT_SECRET_<host code>`, never from this file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SingleSignOn {
    /// For Entra ID: `https://login.microsoftonline.com/<tenant id>/v2.0`.
    pub issuer: String,
    pub client_id: String,
    /// The ID token's claim that lists the person's roles or groups: `roles` for Entra app roles,
    /// `groups` for group ids.
    #[serde(default = "SingleSignOn::default_roles_claim")]
    pub roles_claim: String,
    /// Which value of that claim gives which role, first match first.
    #[serde(default)]
    pub role: Vec<RoleClaim>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleClaim {
    /// An app role's value (`OLA.FrontDoor`) or a group's object id.
    pub claim: String,
    pub role: contract::staff::StaffRole,
    /// For a service manager: the division whose cases they see.
    #[serde(default)]
    pub division: Option<String>,
}

impl SingleSignOn {
    fn default_roles_claim() -> String {
        "roles".into()
    }

    /// The environment variable that holds the host's client secret.
    pub fn secret_variable(host: &str) -> String {
        format!("OLA_SSO_CLIENT_SECRET_{host}")
    }

    fn check(&self, host: &Host) -> Result<(), String> {
        https_or_loopback(&format!("{}: single_sign_on.issuer", host.short_name), &self.issuer)?;
        if self.role.is_empty() {
            return Err(format!(
                "{}: single_sign_on needs at least one [[…role]] mapping a claim to a role",
                host.short_name
            ));
        }
        for mapping in &self.role {
            match (mapping.role, mapping.division.as_deref()) {
                (contract::staff::StaffRole::ServiceManager, None) if !host.divisions.is_empty() => {
                    return Err(format!(
                        "{}: single_sign_on role {} is a service manager's and names no division",
                        host.short_name, mapping.claim
                    ));
                }
                (_, Some(d)) if host.division(d).is_none() => {
                    return Err(format!(
                        "{}: single_sign_on role {} names division {d}, which it does not have",
                        host.short_name, mapping.claim
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
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
    /// The current ONS code of the council: `E10000016`.
    pub authority: String,
    pub name: String,
    pub short_name: String,
    pub reply_target_working_days: u32,
    pub link_valid_days: u32,
    pub front_door: String,
    pub management_information: String,
    /// The service manager of a host with no divisions (one team for the whole area).
    #[serde(default)]
    pub service_manager: Option<String>,
    /// Domains its placing staff may write from besides the public-sector ones every host accepts
    /// (children's trusts on their own domains).
    #[serde(default)]
    pub extra_secure_email_domains: Vec<String>,
    /// Days after a closed case's last change before it is deleted, when not the deployment's.
    #[serde(default)]
    pub closed_case_days: Option<u32>,
    /// Its staff sign in with their council account; personal sign-in codes are then refused.
    #[serde(default)]
    pub single_sign_on: Option<SingleSignOn>,
    /// What its pages say about it.
    pub words: contract::hosts::HostWords,
    #[serde(default)]
    pub divisions: Vec<HostDivision>,
    #[serde(default)]
    pub districts: Vec<District>,
    /// Takes notifications sent by providers for the placing authority, which confirms them.
    #[serde(default)]
    pub accepts_provider_notices: bool,
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
            accepts_provider_notices: self.accepts_provider_notices,
        }
    }

    /// What the app is told of this host: everything but its staff's mailboxes.
    pub fn public(&self) -> contract::hosts::Host {
        contract::hosts::Host {
            rules: self.rules(),
            reply_target_working_days: self.reply_target_working_days,
            secure_email_domains: self.secure_email_domains(),
            words: self.words.clone(),
        }
    }

    /// The domains its placing staff may write from.
    pub fn secure_email_domains(&self) -> Vec<String> {
        DEFAULT_SECURE_EMAIL_DOMAINS.iter().chain(&self.extra_secure_email_domains).cloned().collect()
    }

    /// Every district the postcode directory places in a host with divisions must be listed, or
    /// placements there would reach no division's service manager; every listed district must be
    /// one the directory places in the host.
    pub fn check_districts(&self, table: &postcodes::PostcodeTable) -> Result<(), String> {
        let in_table = table.lower_tiers_of(&self.authority);
        if in_table.is_empty() {
            return Err(format!(
                "{}: the postcode table has no postcode in {}: check the code, or run scripts/geodata",
                self.name, self.authority
            ));
        }
        if let Some(stray) = self.districts.iter().find(|d| !in_table.contains(&d.gss.as_str())) {
            return Err(format!(
                "{}: district {} ({}) is not in the postcode data for {}: remove it or correct its code",
                self.name, stray.name, stray.gss, self.authority
            ));
        }
        if self.divisions.is_empty() {
            return Ok(());
        }
        let missing: Vec<&str> =
            in_table.into_iter().filter(|gss| !self.districts.iter().any(|d| d.gss == *gss)).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{}: no division for district(s) {} that the postcode table places in it: add them to its [[hosts.districts]]",
                self.name,
                missing.join(", "),
            ))
        }
    }

    pub fn division(&self, id: &str) -> Option<&HostDivision> {
        self.divisions.iter().find(|d| d.id == id)
    }

    /// Who records the outcome for a placement in this division (or the host's one team).
    pub fn service_manager_for(&self, division: Option<&str>) -> Option<&str> {
        if self.divisions.is_empty() {
            return self.service_manager.as_deref();
        }
        division.and_then(|id| self.division(id)).map(|d| d.service_manager.as_str())
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
        let rules: Vec<HostConfig> = config.hosts.iter().map(Host::rules).collect();
        check_served(&rules, Register::builtin())?;
        for host in &config.hosts {
            if host.divisions.is_empty() && host.service_manager.is_none() {
                return Err(format!("{}: a host with no divisions needs service_manager", host.name));
            }
            if let Some(sso) = &host.single_sign_on {
                sso.check(host)?;
            }
        }
        crate::client_ip::TrustedProxies::parse(&config.server.trusted_proxies)?;
        if let Some(contact) = &config.server.security_contact
            && !(contact.starts_with("mailto:") || contact.starts_with("https://"))
        {
            return Err("server.security_contact must be a mailto: or https:// address".into());
        }
        if let Some(oauth) = config.mail.smtp.as_ref().and_then(|s| s.oauth.as_ref()) {
            oauth.check()?;
        }
        if config.server.rate_limit_per_second == 0 || config.server.rate_limit_burst == 0 {
            return Err("server.rate_limit_per_second and rate_limit_burst must be above 0".into());
        }
        Ok(config)
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The served host with this code.
    pub fn host(&self, authority: &str) -> Option<&Host> {
        self.hosts.iter().find(|h| h.authority == authority)
    }

    /// Each host against the postcode data: its districts, and none left without a division.
    pub fn check_postcodes(&self, table: &postcodes::PostcodeTable) -> Result<(), String> {
        self.hosts.iter().try_for_each(|h| h.check_districts(table))
    }

    /// The sample (Kent, Medway and Surrey), compiled in so tests and a first start need no file.
    pub fn sample() -> Self {
        Self::from_toml(include_str!("../config/sample.toml")).expect("the sample configuration is valid (tested)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../config/sample.toml");

    fn refused(text: &str) -> String {
        Config::from_toml(text).expect_err("refused")
    }

    #[test]
    fn the_sample_serves_three_hosts_of_different_shapes() {
        let c = Config::sample();
        let kent = c.host("E10000016").unwrap();
        assert_eq!(kent.rules(), *HostConfig::kent(), "the sample and the rules' test Kent agree");
        let medway = c.host("E06000035").unwrap();
        assert!(medway.divisions.is_empty() && medway.service_manager.is_some());
        let surrey = c.host("E10000030").unwrap();
        assert!(surrey.divisions.len() >= 3, "Surrey has its areas");
        assert!(c.mail.smtp.is_none(), "by default mail goes to a folder");
        assert!(c.database.url.starts_with("sqlite:"));
        for host in &c.hosts {
            assert!(host.front_door.ends_with(".invalid"), "sample mailboxes are placeholders: {}", host.front_door);
        }
    }

    fn table(rows: &[(&str, &str, &str)]) -> postcodes::PostcodeTable {
        let mut b = postcodes::TableBuilder::new();
        for (pc, lower, upper) in rows {
            b.add(pc, lower, upper, None);
        }
        postcodes::PostcodeTable::from_bytes(b.build("test", false, false)).unwrap()
    }

    #[test]
    fn every_district_of_a_divided_host_needs_a_division_and_every_listed_one_must_exist() {
        let mut c = Config::sample();
        c.hosts.retain(|h| h.authority == "E10000016");
        let kent = &mut c.hosts[0];
        let t = table(&[("ME14 1XQ", "E07000110", "E10000016"), ("CT9 1XZ", "E07000114", "E10000016")]);
        kent.districts.retain(|d| ["E07000110", "E07000114"].contains(&d.gss.as_str()));
        assert_eq!(c.check_postcodes(&t), Ok(()));
        let kent = &mut c.hosts[0];
        kent.districts.retain(|d| d.gss != "E07000114");
        let err = c.check_postcodes(&t).unwrap_err();
        assert!(err.contains("no division for district(s) E07000114"), "{err}");
        let kent = &mut c.hosts[0];
        kent.districts.push(District {
            gss: "E07000999".into(),
            name: "Nowhere".into(),
            division: "north-west".into(),
        });
        let err = c.check_postcodes(&t).unwrap_err();
        assert!(err.contains("district Nowhere (E07000999) is not in the postcode data"), "{err}");
        let empty = table(&[("CT9 1XZ", "E07000114", "E10000016")]);
        let mut m = Config::sample();
        m.hosts.retain(|h| h.authority == "E06000035");
        assert!(m.check_postcodes(&empty).unwrap_err().contains("no postcode in E06000035"));
    }

    #[test]
    fn each_inconsistency_is_refused_with_a_reason() {
        let err = refused(&SAMPLE.replace("division = \"south-east\"", "division = \"east\""));
        assert!(err.contains("unknown division east"), "a district with no division: {err}");
        let err = refused(&SAMPLE.replace("authority = \"E06000035\"", "authority = \"E10000016\""));
        assert!(err.contains("both claim Kent"), "two hosts claiming one area: {err}");
        let err = refused(&SAMPLE.replace("authority = \"E06000035\"", "authority = \"E99999999\""));
        assert!(err.contains("E99999999 is not the current ONS code"), "a code not in the register: {err}");
        let err = refused(&SAMPLE.replace("service_manager = \"childrens.placements.sm@medway.invalid\"", ""));
        assert!(err.contains("needs service_manager"), "{err}");
        assert!(refused(&SAMPLE.replace("[database]", "[database]\nextra = 1")).contains("extra"));
        assert!(Config::from_toml("").is_err());
    }

    #[test]
    fn the_mail_token_is_fetched_over_tls_unless_from_this_machine() {
        let with = |url: &str| {
            SAMPLE.to_owned()
                + &format!(
                    "\n[mail.smtp]\nhost = \"smtp.office365.com\"\nport = 587\ntls = \"starttls\"\n\
                     [mail.smtp.oauth]\ntoken_url = \"{url}\"\nclient_id = \"c\"\nuser = \"ola@kent.gov.uk\"\n"
                )
        };
        let ok = Config::from_toml(&with("https://login.microsoftonline.com/t/oauth2/v2.0/token")).unwrap();
        let oauth = ok.mail.smtp.unwrap().oauth.unwrap();
        assert_eq!(oauth.scope, "https://outlook.office365.com/.default");
        assert!(Config::from_toml(&with("http://127.0.0.1:9000/token")).is_ok());
        assert!(refused(&with("http://login.example/token")).contains("must be an https:// address"));
        assert!(refused(&with("http://localhost.example/token")).contains("must be an https:// address"));
    }
}
