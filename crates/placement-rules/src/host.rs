//! The host authority's own set-up: its divisions and which district belongs to which.
//!
//! Kent is the first host and is compiled in as the default; a deployment passes its own
//! [`HostConfig`] (the relay reads it from its configuration file). Routing a consultation to the
//! right service manager follows from the placement's district, never from the postcode's letters.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

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
    /// Its full name, for headers: `Kent County Council`.
    pub name: String,
    /// As used in sentences: "consult Kent".
    pub short_name: String,
    pub divisions: Vec<Division>,
    pub districts: Vec<District>,
}

static KENT: LazyLock<HostConfig> = LazyLock::new(|| {
    let host: HostConfig = serde_json::from_str(include_str!("../data/host_kent.json"))
        .expect("the compiled-in Kent host configuration is valid JSON (checked by tests)");
    host.check().expect("the compiled-in Kent host configuration is consistent (checked by tests)");
    host
});

impl HostConfig {
    /// Kent County Council: North/West and South/East divisions.
    pub fn kent() -> &'static HostConfig {
        &KENT
    }

    /// Consistency a deployment's own file must have: unique ids, every district in a division
    /// that exists, at least one division.
    pub fn check(&self) -> Result<(), String> {
        if self.divisions.is_empty() {
            return Err("a host needs at least one division".into());
        }
        for (i, d) in self.divisions.iter().enumerate() {
            if self.divisions.iter().take(i).any(|e| e.id == d.id) {
                return Err(format!("division id {} is used twice", d.id));
            }
        }
        for (i, d) in self.districts.iter().enumerate() {
            if self.districts.iter().take(i).any(|e| e.gss == d.gss) {
                return Err(format!("district {} is listed twice", d.gss));
            }
            if self.division(&d.division).is_none() {
                return Err(format!("district {} names unknown division {}", d.name, d.division));
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn inconsistent_configuration_is_refused() {
        let mut host = HostConfig::kent().clone();
        host.districts[0].division = "nowhere".into();
        assert!(host.check().is_err());
        let mut host = HostConfig::kent().clone();
        host.districts.push(host.districts[0].clone());
        assert!(host.check().is_err());
        let mut host = HostConfig::kent().clone();
        host.divisions.clear();
        assert!(host.check().is_err());
    }
}
