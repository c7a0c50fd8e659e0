//! Where is this placement? One answer for every caller: the consultation's and the
//! notification's checks, the app's "this postcode is in…" line, and the relay's routing and its
//! placement check. Rule 1 (domain brief §4): the host is the upper-tier authority the postcode lies
//! in, from the ONS Postcode Directory, never guessed from its letters (`ME` is Medway and Kent).
//! Every sentence about where a placement is lives here, once.

use crate::context::Context;
use crate::finding::{Finding, Kind};
use crate::geography::Located;
use crate::host::{District, Division};
use crate::register::Authority;
use crate::text::Postcode;

/// Where a placement postcode lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Whereabouts<'a> {
    pub postcode: Postcode,
    /// The upper-tier (children's services) authority: the area authority of regulation 11.
    pub authority: &'a Authority,
    /// The district, or the unitary itself.
    pub lower_tier: String,
    /// Whether that authority is the host this service serves.
    pub in_host: bool,
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
    /// Not among the postcodes this lookup holds (the browser keeps only the host's).
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
    let in_host = authority.gss == ctx.host.authority;
    let district = if in_host { ctx.host.district(&area.lower_tier) } else { None };
    let division = district.and_then(|d| ctx.host.division(&d.division));
    Ok(Whereabouts { postcode: pc, authority, lower_tier: area.lower_tier, in_host, district, division })
}

impl NotLocated {
    /// The sentence for the postcode question, or `None` when the question waits for the relay.
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
                    "We cannot find this postcode in {host}. Check it and enter it again. If the placement is \
                     outside {host}, {} that council directly",
                    purpose.verb().to_lowercase()
                ),
            ),
            NotLocated::NoAuthority => (
                Kind::OutsideHost,
                format!("This postcode is not in {host}. This service is for placements in {host} only"),
            ),
            NotLocated::Unavailable => return None,
        };
        Some(Finding::error(path, kind, message))
    }
}

impl Whereabouts<'_> {
    /// The sentence when the placement is in another authority's area: it is theirs to hear of.
    pub fn outside_host(&self, path: &str, host: &str, purpose: Purpose) -> Option<Finding> {
        (!self.in_host).then(|| {
            let other = &self.authority.name;
            Finding::error(
                path,
                Kind::OutsideHost,
                format!("This postcode is in {other}, not {host}. {} {other} directly", purpose.verb()),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Date;
    use crate::geography::TableGeography;

    fn with<'a>(geo: &'a TableGeography) -> Context<'a> {
        Context::builtin(Date::from_ymd(2026, 11, 30).unwrap(), geo)
    }

    #[test]
    fn a_kent_postcode_has_its_district_and_division() {
        let geo = TableGeography::new(false).with("ME14 1XQ", "E10000016", "E07000110");
        let w = locate("me14 1xq", &with(&geo)).unwrap();
        assert!(w.in_host);
        assert_eq!(w.division.map(|d| d.name.as_str()), Some("North/West"));
        assert_eq!(w.outside_host("p", "Kent", Purpose::Consult), None);
    }

    #[test]
    fn a_medway_postcode_is_named_and_sent_to_medway() {
        let geo = TableGeography::new(false).with("ME4 4TR", "E06000035", "E06000035");
        let w = locate("ME4 4TR", &with(&geo)).unwrap();
        assert!(!w.in_host && w.division.is_none());
        let f = w.outside_host("placement.postcode", "Kent", Purpose::Notify).unwrap();
        assert_eq!(f.message, "This postcode is in Medway, not Kent. Notify Medway directly");
    }

    #[test]
    fn every_other_answer_has_one_sentence() {
        let geo = TableGeography::new(true);
        let ctx = with(&geo);
        assert_eq!(locate("", &ctx), Err(NotLocated::Blank));
        assert_eq!(locate("not a postcode", &ctx), Err(NotLocated::Malformed));
        assert_eq!(locate("ME1 1AA", &ctx), Err(NotLocated::NotInHostTable));
        let said = NotLocated::NotInHostTable.finding("p", "Kent", Purpose::Consult).unwrap().message;
        assert!(said.starts_with("We cannot find this postcode in Kent."), "{said}");
        assert_eq!(NotLocated::Unavailable.finding("p", "Kent", Purpose::Consult), None);
        let everywhere = TableGeography::new(false);
        assert_eq!(locate("ZZ9 9ZZ", &with(&everywhere)), Err(NotLocated::NotFound));
    }
}
