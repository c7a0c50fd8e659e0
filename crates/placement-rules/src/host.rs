//! The hosts a deployment serves: each one's divisions and which district belongs to which.
//!
//! A host is configuration, never code. The relay reads its hosts from its configuration file and
//! gives them to the app at run time (`GET /api/hosts`); nothing here names a council except the
//! sample data behind the `samples` feature, which only tests enable. Routing a consultation to the
//! right service manager follows from the placement's district, never from the postcode's letters.

use serde::{Deserialize, Serialize};

use crate::register::{Country, Register};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Division {
    /// Stable id used on the wire and in configuration: `north-west`.
    pub id: String,
    /// As staff know it: `North/West`.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// ONS GSS code of the lower-tier authority: `E07000110`.
    pub gss: String,
    pub name: String,
    /// The id of the division that covers it.
    pub division: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostConfig {
    /// ONS GSS code of the host (upper-tier) authority.
    pub authority: String,
    /// Its full name, for headers.
    pub name: String,
    /// As used in sentences: "consult <short name>".
    pub short_name: String,
    /// Any number, or none: a host with one team has no divisions and no districts.
    #[serde(default)]
    pub divisions: Vec<Division>,
    #[serde(default)]
    pub districts: Vec<District>,
    /// Whether the host takes a notification sent by the provider (a fostering agency or a
    /// children's home) for the placing authority, to be confirmed by it (domain brief §8.10).
    #[serde(default)]
    pub accepts_provider_notices: bool,
}

#[cfg(feature = "samples")]
static KENT: std::sync::LazyLock<HostConfig> = std::sync::LazyLock::new(|| {
    let host: HostConfig = serde_json::from_str(include_str!("../data/host_kent.json"))
        .expect("the sample Kent host configuration is valid JSON (checked by tests)");
    host.check().expect("the sample Kent host configuration is consistent (checked by tests)");
    host
});

impl HostConfig {
    /// Test data: Kent County Council with its North/West and South/East divisions. Only tests
    /// enable the `samples` feature, so no build of the app or the relay holds it.
    #[cfg(feature = "samples")]
    pub fn kent() -> &'static HostConfig {
        &KENT
    }

    /// Consistency one host's set-up must have: unique ids, every district in a division that exists.
    pub fn check(&self) -> Result<(), String> {
        let who = &self.name;
        for (i, d) in self.divisions.iter().enumerate() {
            if self.divisions.iter().take(i).any(|e| e.id == d.id) {
                return Err(format!("{who}: division id {} is used twice", d.id));
            }
        }
        for (i, d) in self.districts.iter().enumerate() {
            if self.districts.iter().take(i).any(|e| e.gss == d.gss) {
                return Err(format!("{who}: district {} is listed twice", d.gss));
            }
            if self.division(&d.division).is_none() {
                return Err(format!("{who}: district {} names unknown division {}", d.name, d.division));
            }
        }
        Ok(())
    }

    pub fn division(&self, id: &str) -> Option<&Division> {
        self.divisions.iter().find(|d| d.id == id)
    }

    pub fn district(&self, gss: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.gss == gss)
    }

    /// The division covering a district, when the district is the host's.
    pub fn division_of_district(&self, gss: &str) -> Option<&Division> {
        self.district(gss).and_then(|d| self.division(&d.division))
    }
}

/// The consistency several hosts in one deployment must have: each is an English children's
/// services authority in the register (the 2010 Regulations are England's), each is consistent,
/// and no area is claimed twice.
pub fn check_served(hosts: &[HostConfig], register: &Register) -> Result<(), String> {
    if hosts.is_empty() {
        return Err("no host is configured: add at least one [[hosts]] section".into());
    }
    for (i, host) in hosts.iter().enumerate() {
        let Some(authority) = register.find(&host.authority).filter(|a| a.gss == host.authority) else {
            return Err(format!(
                "{}: {} is not the current ONS code of a local authority in the register",
                host.name, host.authority
            ));
        };
        if authority.country != Country::England {
            return Err(format!(
                "{}: {} is in {:?}; this service is for hosts in England",
                host.name, authority.name, authority.country
            ));
        }
        if let Some(other) = hosts.iter().take(i).find(|h| h.authority == host.authority) {
            return Err(format!("{} and {} both claim {} ({})", other.name, host.name, authority.name, host.authority));
        }
        for district in &host.districts {
            if let Some(other) = hosts.iter().take(i).find(|h| h.district(&district.gss).is_some()) {
                return Err(format!(
                    "{} and {} both claim district {} ({})",
                    other.name, host.name, district.name, district.gss
                ));
            }
        }
        host.check()?;
    }
    Ok(())
}

/// The served hosts' short names as a sentence's list: "Kent, Medway or Surrey".
pub fn names_joined(hosts: &[HostConfig], last: &str) -> String {
    let names: Vec<&str> = hosts.iter().map(|h| h.short_name.as_str()).collect();
    match names.as_slice() {
        [] => "the host council".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., end] => format!("{} {last} {end}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(code: &str, name: &str) -> HostConfig {
        HostConfig {
            authority: code.into(),
            name: format!("{name} Council"),
            short_name: name.into(),
            divisions: vec![Division { id: "all".into(), name: "All".into() }],
            districts: vec![],
            accepts_provider_notices: false,
        }
    }

    #[test]
    fn kent_has_twelve_districts_in_two_divisions() {
        let kent = HostConfig::kent();
        assert_eq!(kent.authority, "E10000016");
        assert_eq!(kent.districts.len(), 12);
        let name = |gss| kent.division_of_district(gss).unwrap().name.as_str();
        assert_eq!(name("E07000110"), "North/West", "Maidstone");
        assert_eq!(name("E07000107"), "North/West", "Dartford");
        assert_eq!(name("E07000114"), "South/East", "Thanet");
        assert_eq!(name("E07000113"), "South/East", "Swale");
        assert!(kent.division_of_district("E06000035").is_none(), "Medway is not a Kent district");
    }

    #[test]
    fn inconsistent_host_is_refused() {
        let mut host = HostConfig::kent().clone();
        host.districts[0].division = "nowhere".into();
        assert!(host.check().unwrap_err().contains("unknown division nowhere"));
        let mut host = HostConfig::kent().clone();
        host.districts.push(host.districts[0].clone());
        assert!(host.check().unwrap_err().contains("listed twice"));
        let mut host = HostConfig::kent().clone();
        host.districts.clear();
        host.divisions.clear();
        assert_eq!(host.check(), Ok(()), "a host with one team has no divisions");
    }

    #[test]
    fn served_hosts_are_english_authorities_each_claimed_once() {
        let r = Register::builtin();
        let medway = host("E06000035", "Medway");
        assert_eq!(check_served(&[HostConfig::kent().clone(), medway.clone()], r), Ok(()));
        let err = check_served(&[medway.clone(), host("E06000035", "Also Medway")], r).unwrap_err();
        assert!(err.contains("both claim Medway"), "{err}");
        let err = check_served(&[host("E07000110", "Maidstone")], r).unwrap_err();
        assert!(err.contains("E07000110 is not the current ONS code"), "{err}");
        let err = check_served(&[host("E08000016", "Barnsley")], r).unwrap_err();
        assert!(err.contains("not the current ONS code"), "a former code is refused: {err}");
        let err = check_served(&[host("W06000015", "Cardiff")], r).unwrap_err();
        assert!(err.contains("for hosts in England"), "{err}");
        let mut twin = HostConfig::kent().clone();
        twin.authority = "E06000035".into();
        let err = check_served(&[HostConfig::kent().clone(), twin], r).unwrap_err();
        assert!(err.contains("both claim district Dartford"), "{err}");
        assert!(check_served(&[], r).is_err());
    }

    #[test]
    fn names_read_as_a_list() {
        let hosts = [HostConfig::kent().clone(), host("E06000035", "Medway"), host("E10000030", "Surrey")];
        assert_eq!(names_joined(&hosts, "or"), "Kent, Medway or Surrey");
        assert_eq!(names_joined(&hosts[..1], "or"), "Kent");
        assert_eq!(names_joined(&[], "or"), "the host council");
    }
}
