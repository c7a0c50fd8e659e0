//! Where is this placement? One answer for every caller: the consultation's and the
//! notification's checks, the app's "this postcode is in…" line, and the relay's routing and its
//! placement check. Rule 1 (domain brief §4): the host is the upper-tier authority the postcode lies
//! in, from the ONS Postcode Directory, never guessed from its letters (`ME` is Medway and Kent).
//! Every sentence about where a placement is lives here, once.

use crate::context::Context;
use crate::finding::{Finding, Kind};
use crate::geography::Located;
use crate::host::{District, Division, HostConfig};
use crate::register::{Authority, Country, Register};
use crate::text::Postcode;

/// Where a placement postcode lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whereabouts<'a> {
    pub postcode: Postcode,
    /// The upper-tier (children's services) authority: the area authority of regulation 11.
    pub authority: &'a Authority,
    /// The district, or the unitary itself.
    pub lower_tier: String,
    /// Whether that authority is one of the hosts this service serves.
    pub in_host: bool,
    /// The served host, when it is one.
    pub host: Option<&'a HostConfig>,
    /// The host's district and division, when the placement is in the host.
    pub district: Option<&'a District>,
    pub division: Option<&'a Division>,
}

/// Why a postcode gives no whereabouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotLocated {
    Blank,
    Malformed,
    /// Not a postcode the directory knows.
    NotFound,
    /// Not among the postcodes this lookup holds (the browser keeps only the served hosts').
    NotInHostTable,
    /// In the directory, but in no English, Welsh or Scottish authority (the Channel Islands, say).
    NoAuthority,
    /// No lookup yet (the browser's table still loading): the relay decides.
    Unavailable,
}

/// What the placing authority is doing, for the sentence that sends it elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Consult,
    Notify,
}

impl Purpose {
    fn verb(self) -> &'static str {
        match self {
            Purpose::Consult => "Consult",
            Purpose::Notify => "Notify",
        }
    }
}

/// Where `postcode` lies, as far as the context's geography can tell.
pub fn locate<'a>(postcode: &str, ctx: &Context<'a>) -> Result<Whereabouts<'a>, NotLocated> {
    if postcode.trim().is_empty() {
        return Err(NotLocated::Blank);
    }
    let pc = Postcode::parse(postcode).ok_or(NotLocated::Malformed)?;
    let area = match ctx.geography.locate(&pc) {
        Located::In(area) => area,
        Located::NotFound => return Err(NotLocated::NotFound),
        Located::OutsideCoverage => return Err(NotLocated::NotInHostTable),
        Located::Unavailable => return Err(NotLocated::Unavailable),
    };
    let authority = ctx.register.find(&area.upper_tier).ok_or(NotLocated::NoAuthority)?;
    let host = ctx.host(&authority.gss);
    let district = host.and_then(|h| h.district(&area.lower_tier));
    let division = host.zip(district).and_then(|(h, d)| h.division(&d.division));
    Ok(Whereabouts {
        postcode: pc,
        authority,
        lower_tier: area.lower_tier,
        in_host: host.is_some(),
        host,
        district,
        division,
    })
}

impl NotLocated {
    /// The sentence for the postcode question, or `None` when the question waits for the relay.
    /// `host` names the served hosts: "Kent or Medway".
    pub fn finding(self, path: &str, host: &str, purpose: Purpose) -> Option<Finding> {
        let (kind, message) = match self {
            NotLocated::Blank => (Kind::Required, "Enter the postcode of the placement".to_owned()),
            NotLocated::Malformed => (Kind::Format, "Enter a real postcode, like AA1 1AA".to_owned()),
            NotLocated::NotFound => {
                (Kind::NotReal, "We cannot find this postcode. Check it and enter it again".to_owned())
            }
            NotLocated::NotInHostTable => (
                Kind::OutsideHost,
                format!(
                    "This postcode is not in {host}, which this service covers. Check it and enter it again. If \
                     the placement is elsewhere, {} that council directly",
                    purpose.verb().to_lowercase()
                ),
            ),
            NotLocated::NoAuthority => (
                Kind::OutsideHost,
                format!("This postcode is not in England or Wales. This service is for placements in {host} only"),
            ),
            NotLocated::Unavailable => return None,
        };
        Some(Finding::error(path, kind, message))
    }
}

impl Whereabouts<'_> {
    /// The sentence when the placement is in an authority this service does not serve: which
    /// council it is, and how to reach it. A placement in Wales or Scotland follows that country's
    /// own process (domain brief §8.7), so it is explained, not taken as an English consultation.
    pub fn outside_host(&self, path: &str, purpose: Purpose, register: &Register) -> Option<Finding> {
        (!self.in_host).then(|| Finding::error(path, Kind::OutsideHost, elsewhere(self.authority, purpose, register)))
    }
}

/// How to reach an authority this service does not serve, from the national directory.
pub fn how_to_reach(authority: &Authority, register: &Register) -> String {
    let name = &authority.name;
    match register.contact(&authority.gss) {
        Some(contact) => format!("Contact {name}: {contact}"),
        None if authority.country == Country::Scotland => format!("Contact {name}'s social work services"),
        None => format!("Contact {name}'s children's services"),
    }
}

fn elsewhere(authority: &Authority, purpose: Purpose, register: &Register) -> String {
    let name = &authority.name;
    let reach = how_to_reach(authority, register);
    match authority.country {
        Country::England => format!(
            "This postcode is in {name}, which this service does not cover. {} {name} directly. {reach}",
            purpose.verb()
        ),
        Country::Wales => format!(
            "This postcode is in {name}, in Wales. This service is for placements in England. Notify {name} \
             under the Welsh out-of-area notification protocol: you must still notify it before the placement \
             starts (regulation 13(4)). {reach}"
        ),
        Country::Scotland => format!(
            "This postcode is in {name}, in Scotland. A placement in Scotland is not an English consultation: \
             the Cross-border Placement of Children (Scotland) Regulations 2026 need a notice to local services \
             and an undertaking. {reach}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Date;
    use crate::geography::TableGeography;

    fn with<'a>(geo: &'a TableGeography) -> Context<'a> {
        Context::builtin(Date::from_ymd(2026, 11, 30).unwrap(), std::slice::from_ref(HostConfig::kent()), geo)
    }

    #[test]
    fn a_kent_postcode_has_its_district_and_division() {
        let geo = TableGeography::new(false).with("ME14 1XQ", "E10000016", "E07000110");
        let w = locate("me14 1xq", &with(&geo)).unwrap();
        assert!(w.in_host);
        assert_eq!(w.division.map(|d| d.name.as_str()), Some("North/West"));
        assert_eq!(w.host.map(|h| h.short_name.as_str()), Some("Kent"));
        assert_eq!(w.outside_host("p", Purpose::Consult, Register::builtin()), None);
    }

    #[test]
    fn a_medway_postcode_is_named_and_sent_to_medway() {
        let geo = TableGeography::new(false).with("ME4 4TR", "E06000035", "E06000035");
        let w = locate("ME4 4TR", &with(&geo)).unwrap();
        assert!(!w.in_host && w.division.is_none());
        let f = w.outside_host("placement.postcode", Purpose::Notify, Register::builtin()).unwrap();
        assert_eq!(
            f.message,
            "This postcode is in Medway, which this service does not cover. Notify Medway directly. \
             Contact Medway's children's services"
        );
    }

    #[test]
    fn a_second_served_host_is_in_host_with_no_divisions() {
        let medway = HostConfig {
            authority: "E06000035".into(),
            name: "Medway Council".into(),
            short_name: "Medway".into(),
            divisions: vec![],
            districts: vec![],
            accepts_provider_notices: false,
        };
        let hosts = [HostConfig::kent().clone(), medway];
        let geo = TableGeography::new(false).with("ME4 4TR", "E06000035", "E06000035");
        let ctx = Context::builtin(Date::from_ymd(2026, 11, 30).unwrap(), &hosts, &geo);
        let w = locate("ME4 4TR", &ctx).unwrap();
        assert!(w.in_host && w.division.is_none());
        assert_eq!(w.host.map(|h| h.name.as_str()), Some("Medway Council"));
        assert_eq!(ctx.served(), "Kent or Medway");
    }

    #[test]
    fn wales_and_scotland_are_explained_not_taken() {
        let geo = TableGeography::new(false).with("CF10 1EP", "W06000015", "W06000015").with(
            "G2 1DU",
            "S12000049",
            "S12000049",
        );
        let ctx = with(&geo);
        let said = |pc| locate(pc, &ctx).unwrap().outside_host("p", Purpose::Consult, ctx.register).unwrap().message;
        let wales = said("CF10 1EP");
        assert!(wales.starts_with("This postcode is in Cardiff, in Wales."), "{wales}");
        assert!(wales.contains("Welsh out-of-area notification protocol") && wales.contains("regulation 13(4)"));
        assert!(wales.ends_with("Contact Cardiff's children's services"), "{wales}");
        let scotland = said("G2 1DU");
        assert!(scotland.contains("in Scotland") && scotland.contains("notice to local services and an undertaking"));
        assert!(scotland.ends_with("Contact Glasgow City's social work services"), "{scotland}");
    }

    #[test]
    fn every_other_answer_has_one_sentence() {
        let geo = TableGeography::new(true);
        let ctx = with(&geo);
        assert_eq!(locate("", &ctx), Err(NotLocated::Blank));
        assert_eq!(locate("not a postcode", &ctx), Err(NotLocated::Malformed));
        assert_eq!(locate("ME1 1AA", &ctx), Err(NotLocated::NotInHostTable));
        let said = NotLocated::NotInHostTable.finding("p", "Kent", Purpose::Consult).unwrap().message;
        assert!(said.starts_with("This postcode is not in Kent, which this service covers."), "{said}");
        assert_eq!(NotLocated::Unavailable.finding("p", "Kent", Purpose::Consult), None);
        let everywhere = TableGeography::new(false);
        assert_eq!(locate("ZZ9 9ZZ", &with(&everywhere)), Err(NotLocated::NotFound));
    }
}
