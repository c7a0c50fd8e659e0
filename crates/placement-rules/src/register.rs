//! The register of authorities that can place or host a looked-after child.
//!
//! "Local authority" in the 2010 Regulations means an upper-tier children's services authority;
//! districts are not. Codes change when authorities reorganise, so a former code still finds
//! the authority it became.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Which law the authority places under. Only England's authorities can be hosts here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    England,
    Wales,
    Scotland,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    /// ONS GSS code, current: `E10000016`.
    pub gss: String,
    /// DfE 3-digit code (England only): `886`.
    pub dfe: Option<u16>,
    pub name: String,
    pub country: Country,
    /// English region, empty elsewhere.
    pub region: String,
}

/// The version of the compiled-in register, recorded with each submission's rules version.
pub const REGISTER_VERSION: &str = "2025-01 (DfE seed data; ONS 2025 codes)";

#[derive(Debug, Clone)]
pub struct Register {
    authorities: Vec<Authority>,
    /// (former code, current code)
    aliases: Vec<(String, String)>,
    /// (code, where out-of-area notices go), for the authorities that publish one.
    contacts: Vec<(String, String)>,
    /// Children's services run by a trust or company on its own email domain.
    trusts: Vec<Trust>,
}

/// A children's services trust: its staff write from `domain`, for `gss`'s children only
/// (domain brief §8.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trust {
    pub gss: String,
    pub name: String,
    pub domain: String,
}

static BUILTIN: LazyLock<Register> = LazyLock::new(|| {
    Register::from_csv(include_str!("../data/authorities.csv"), include_str!("../data/authority_aliases.csv"))
        .and_then(|r| r.with_directory(include_str!("../data/directory.csv")))
        .and_then(|r| r.with_trusts(include_str!("../data/trust_domains.csv")))
        .expect("the compiled-in register is valid (checked by tests)")
});

impl Register {
    /// England's 153 authorities, Wales's 22 and Scotland's 32.
    pub fn builtin() -> &'static Register {
        &BUILTIN
    }

    /// Reads `gss_code,dfe_code,name,country,region_name` and `former_gss_code,current_gss_code,…`.
    pub fn from_csv(authorities: &str, aliases: &str) -> Result<Self, String> {
        let mut list = Vec::new();
        for (n, row) in csv_rows(authorities).enumerate() {
            let [gss, dfe, name, country, region] = row.as_slice() else {
                return Err(format!("authorities line {}: expected 5 columns", n + 2));
            };
            let dfe = if dfe.is_empty() {
                None
            } else {
                Some(dfe.parse().map_err(|_| format!("authorities line {}: bad DfE code", n + 2))?)
            };
            let country = match country.as_str() {
                "England" => Country::England,
                "Wales" => Country::Wales,
                "Scotland" => Country::Scotland,
                other => return Err(format!("authorities line {}: unknown country {other}", n + 2)),
            };
            list.push(Authority { gss: gss.clone(), dfe, name: name.clone(), country, region: region.clone() });
        }
        let mut alias_list = Vec::new();
        for (n, row) in csv_rows(aliases).enumerate() {
            let (Some(former), Some(current)) = (row.first(), row.get(1)) else {
                return Err(format!("aliases line {}: expected former,current", n + 2));
            };
            if !list.iter().any(|a| &a.gss == current) {
                return Err(format!("aliases line {}: {current} is not in the register", n + 2));
            }
            alias_list.push((former.clone(), current.clone()));
        }
        Ok(Self { authorities: list, aliases: alias_list, contacts: Vec::new(), trusts: Vec::new() })
    }

    /// Adds the national directory, `gss_code,name,out_of_area_contact`: one row for each English
    /// and Welsh authority, the contact empty where none is published.
    pub fn with_directory(mut self, directory: &str) -> Result<Self, String> {
        for (n, row) in csv_rows(directory).enumerate() {
            let [gss, _name, contact] = row.as_slice() else {
                return Err(format!("directory line {}: expected 3 columns", n + 2));
            };
            if !self.authorities.iter().any(|a| &a.gss == gss) {
                return Err(format!("directory line {}: {gss} is not in the register", n + 2));
            }
            if !contact.trim().is_empty() {
                self.contacts.push((gss.clone(), contact.trim().to_owned()));
            }
        }
        Ok(self)
    }

    /// Adds the children's services trusts, `gss_code,authority,trust,domain` (their sources are
    /// in `data/README.md`).
    pub fn with_trusts(mut self, trusts: &str) -> Result<Self, String> {
        for (n, row) in csv_rows(trusts).enumerate() {
            let [gss, _authority, name, domain] = row.as_slice() else {
                return Err(format!("trusts line {}: expected 4 columns", n + 2));
            };
            if self.find(gss).is_none_or(|a| a.country != Country::England) {
                return Err(format!("trusts line {}: {gss} is not an English authority", n + 2));
            }
            if domain.is_empty() || !domain.contains('.') || domain.ends_with("gov.uk") {
                return Err(format!("trusts line {}: {domain:?} is not a trust's own domain", n + 2));
            }
            self.trusts.push(Trust { gss: gss.clone(), name: name.clone(), domain: domain.to_ascii_lowercase() });
        }
        Ok(self)
    }

    /// The trust whose staff write from `domain` (or a subdomain of it), if any.
    pub fn trust_of_domain(&self, domain: &str) -> Option<&Trust> {
        self.trusts.iter().find(|t| crate::text::domain_allowed(domain, std::slice::from_ref(&t.domain)))
    }

    /// Whether `domain` is a trust's that runs `gss`'s children's services.
    pub fn trust_serves(&self, domain: &str, gss: &str) -> bool {
        let gss = self.find(gss).map_or(gss, |a| a.gss.as_str());
        self.trusts.iter().any(|t| t.gss == gss && crate::text::domain_allowed(domain, std::slice::from_ref(&t.domain)))
    }

    /// Where an authority takes out-of-area notices, when the directory has it.
    pub fn contact(&self, gss: &str) -> Option<&str> {
        self.contacts.iter().find(|(code, _)| code == gss).map(|(_, contact)| contact.as_str())
    }

    pub fn all(&self) -> &[Authority] {
        &self.authorities
    }

    /// Finds an authority by current or former GSS code, or by DfE code, in any case.
    pub fn find(&self, code: &str) -> Option<&Authority> {
        let code = code.trim().to_ascii_uppercase();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) {
            let dfe: u16 = code.parse().ok()?;
            return self.authorities.iter().find(|a| a.dfe == Some(dfe));
        }
        let current = self
            .aliases
            .iter()
            .find(|(former, _)| *former == code)
            .map_or(code.as_str(), |(_, current)| current.as_str());
        self.authorities.iter().find(|a| a.gss == current)
    }

    /// The name to show for a code, or the code itself when unknown.
    pub fn name_of<'a>(&'a self, code: &'a str) -> &'a str {
        self.find(code).map_or(code, |a| a.name.as_str())
    }
}

/// Splits simple CSV (quoted fields may hold commas; no embedded quotes or newlines), skipping
/// the header and blank lines.
pub(crate) fn csv_rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|line| {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        fields
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_register_has_every_english_welsh_and_scottish_authority() {
        let r = Register::builtin();
        let count = |c| r.all().iter().filter(|a| a.country == c).count();
        assert_eq!(count(Country::England), 153);
        assert_eq!(count(Country::Wales), 22);
        assert_eq!(count(Country::Scotland), 32);
        let mut codes: Vec<&str> = r.all().iter().map(|a| a.gss.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), r.all().len(), "GSS codes are unique");
    }

    #[test]
    fn finds_by_gss_dfe_former_code_and_any_case() {
        let r = Register::builtin();
        assert_eq!(r.find("E10000016").unwrap().name, "Kent");
        assert_eq!(r.find("886").unwrap().name, "Kent");
        assert_eq!(r.find(" e10000016 ").unwrap().name, "Kent");
        assert_eq!(r.find("E08000016").unwrap().gss, "E08000038", "Barnsley's former code");
        assert_eq!(r.find("E08000019").unwrap().gss, "E08000039", "Sheffield's former code");
        assert_eq!(r.find("W06000015").unwrap().name, "Cardiff");
        assert_eq!(r.find("S12000049").unwrap().name, "Glasgow City");
        assert!(r.find("E07000110").is_none(), "a district is not a local authority");
        assert!(r.find("999").is_none());
    }

    #[test]
    fn a_trusts_domain_serves_its_own_authorities_only() {
        let r = Register::builtin();
        assert!(r.trust_serves("birminghamchildrenstrust.co.uk", "E08000025"));
        assert!(r.trust_serves("BirminghamChildrensTrust.co.uk", "330"), "by DfE code, any case");
        assert!(!r.trust_serves("birminghamchildrenstrust.co.uk", "E08000028"), "not Sandwell's");
        for council in ["E09000021", "E09000027", "E06000040"] {
            assert!(r.trust_serves("achievingforchildren.org.uk", council), "{council}");
        }
        assert!(r.trust_serves("mail.nctrust.co.uk", "E06000062"), "a subdomain");
        assert!(!r.trust_serves("evilnctrust.co.uk", "E06000062"), "not a lookalike");
        assert_eq!(r.trust_of_domain("togetherforchildren.org.uk").unwrap().name, "Together for Children");
        assert!(r.trust_of_domain("kent.gov.uk").is_none());
        let bad = |csv: &str| Register::builtin().clone().with_trusts(&format!("h\n{csv}")).is_err();
        assert!(bad("E10000016,Kent,Kent Trust,kent.gov.uk"), "a council's own domain is not a trust's");
        assert!(bad("W06000015,Cardiff,A Trust,a.org.uk"), "English authorities only");
        assert!(bad("E10000016,Kent,A Trust"), "its domain is required");
    }

    #[test]
    fn the_directory_lists_every_english_and_welsh_authority_once() {
        let text = include_str!("../data/directory.csv");
        let codes: Vec<String> = csv_rows(text).map(|r| r[0].clone()).collect();
        let r = Register::builtin();
        let wanted: Vec<&str> =
            r.all().iter().filter(|a| a.country != Country::Scotland).map(|a| a.gss.as_str()).collect();
        assert_eq!(codes.len(), 175);
        assert_eq!(codes, wanted, "one row for each, in the register's order");
        let with = Register::builtin()
            .clone()
            .with_directory(&format!("{}\nE10000030,Surrey,see surreycc.gov.uk", text.trim_end()));
        assert_eq!(with.unwrap().contact("E10000030"), Some("see surreycc.gov.uk"));
        assert!(Register::builtin().clone().with_directory("h\nE99999999,Nowhere,").is_err());
    }

    #[test]
    fn quoted_names_keep_their_commas() {
        assert_eq!(Register::builtin().find("801").unwrap().name, "Bristol, City of");
    }

    #[test]
    fn bad_data_is_an_error_not_a_panic() {
        let header = "gss_code,dfe_code,name,country,region_name\n";
        assert!(Register::from_csv(&format!("{header}E1,abc,X,England,"), "h\n").is_err());
        assert!(Register::from_csv(&format!("{header}E1,,X,Mars,"), "h\n").is_err());
        assert!(Register::from_csv(&format!("{header}E1,,X,England,"), "h\nE0,E9,x,y").is_err());
    }
}
