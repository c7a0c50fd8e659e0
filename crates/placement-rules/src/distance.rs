//! Is the placement distant, and what does that require?
//!
//! Regulation 11(5): a placement is at a distance when it is "outside the area of the responsible
//! authority and not within the area of any adjoining local authority". Distance is derived from
//! the two authorities, never asked of the user.

use serde::{Deserialize, Serialize};

use crate::adjacency::{Adjacency, Adjoins};
use crate::forms::common::PlacementType;
use crate::register::Authority;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Distance {
    /// The placement is inside the placing authority's own area.
    NotOutOfArea,
    /// Out of area, in an authority that adjoins the placing authority.
    Adjoining,
    /// Out of area and not adjoining: regulation 11(5).
    Distant,
    /// The authorities face each other only across open water, or the table does not cover them:
    /// treated as distant until confirmed, because consulting when unsure is the safe side.
    Unconfirmed,
}

impl Distance {
    /// As the host's staff and the placing social worker read it.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotOutOfArea => "Not out of area",
            Self::Adjoining => "Out of area, in an adjoining authority",
            Self::Distant => "Distant (regulation 11(5))",
            Self::Unconfirmed => "Treated as distant until confirmed",
        }
    }
}

/// Whether a step is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Need {
    Required,
    Optional,
    NotRequired,
}

/// Who must approve the placement (regulation 11(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Approver {
    /// A nominated officer of the placing authority.
    NominatedOfficer,
    /// The Director of Children's Services, or a named delegate: distant placements.
    DcsOrDelegate,
    /// Regulation 11(3): no regulation 11 approval is needed.
    NotRequired,
}

/// What the law asks of a placement, given its distance and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirements {
    /// Consult the host before approval: regulation 11(2)(d)(ii).
    pub consultation: Need,
    /// Give the host a copy of the care plan: regulation 11(2)(d)(ii).
    pub care_plan: Need,
    pub approver: Approver,
    /// Notify the host before the placement starts: regulation 13(4). Every out-of-area placement.
    pub notification: Need,
}

/// Determines distance from the placing (responsible) authority and the host (area) authority.
///
/// Rule 3 of the domain brief: `distant` = not the host and not adjoining the host.
pub fn determine_distance(placing: &Authority, host: &Authority, adjacency: &Adjacency) -> Distance {
    if placing.gss == host.gss {
        return Distance::NotOutOfArea;
    }
    match adjacency.between(&placing.gss, &host.gss) {
        Adjoins::Yes(_) => Distance::Adjoining,
        Adjoins::No => Distance::Distant,
        Adjoins::Unconfirmed(_) | Adjoins::Unknown => Distance::Unconfirmed,
    }
}

/// Regulation 11(3): placements with a temporarily approved connected person (regulation 24) or
/// with the responsible authority's own approved foster carers need no regulation 11 steps.
/// Notification under regulation 13 still applies.
pub fn is_regulation_11_3_exempt(placement_type: PlacementType) -> bool {
    matches!(placement_type, PlacementType::FosterConnectedPerson | PlacementType::FosterInHouse)
}

/// What a placement of this distance and type requires (rules 4 and 5 of the domain brief).
pub fn requirements(distance: Distance, placement_type: Option<PlacementType>) -> Requirements {
    if distance == Distance::NotOutOfArea {
        return Requirements {
            consultation: Need::NotRequired,
            care_plan: Need::NotRequired,
            approver: Approver::NominatedOfficer,
            notification: Need::NotRequired,
        };
    }
    if placement_type.is_some_and(is_regulation_11_3_exempt) {
        return Requirements {
            consultation: Need::NotRequired,
            care_plan: Need::NotRequired,
            approver: Approver::NotRequired,
            notification: Need::Required,
        };
    }
    match distance {
        Distance::Distant | Distance::Unconfirmed => Requirements {
            consultation: Need::Required,
            care_plan: Need::Required,
            approver: Approver::DcsOrDelegate,
            notification: Need::Required,
        },
        _ => Requirements {
            consultation: Need::Optional,
            care_plan: Need::Optional,
            approver: Approver::NominatedOfficer,
            notification: Need::Required,
        },
    }
}

/// The sentence shown to the user as soon as both authorities are known.
pub fn explain(
    distance: Distance,
    placement_type: Option<PlacementType>,
    placing: &Authority,
    host: &Authority,
) -> String {
    let (p, h) = (&placing.name, &host.name);
    let exempt = placement_type.is_some_and(is_regulation_11_3_exempt);
    match distance {
        Distance::NotOutOfArea => {
            format!("The placement is in {h}, your own authority's area, so it is not an out-of-area placement.")
        }
        _ if exempt => format!(
            "This is a placement with a connected person or your own foster carers, so you do not need \
             to consult {h} (regulation 11(3)). You must still notify {h} before the placement starts."
        ),
        Distance::Adjoining => format!(
            "{p} adjoins {h}, so this placement is out of area but not distant. Consulting {h} is \
             optional. A nominated officer must approve it, and you must notify {h} before it starts."
        ),
        Distance::Distant => format!(
            "{p} does not adjoin {h}, so this is a distant placement (regulation 11(5)). You must consult \
             {h} and give it a copy of the care plan before the placement is approved, and your Director \
             of Children's Services or their named delegate must approve it."
        ),
        Distance::Unconfirmed => format!(
            "We cannot confirm whether {p} adjoins {h}. Treat this as a distant placement: consult {h}, \
             give it a copy of the care plan, and have your Director of Children's Services or their \
             named delegate approve it."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Register;

    fn auth(code: &str) -> &'static Authority {
        Register::builtin().find(code).unwrap()
    }

    #[test]
    fn rule_3_distance_is_derived_from_the_two_authorities() {
        let adj = Adjacency::builtin();
        let kent = auth("E10000016");
        let cases = [
            ("E10000016", Distance::NotOutOfArea, "Kent itself"),
            ("E06000035", Distance::Adjoining, "Medway"),
            ("E09000006", Distance::Adjoining, "Bromley"),
            ("E06000034", Distance::Adjoining, "Thurrock, across the Thames"),
            ("E10000012", Distance::Unconfirmed, "Essex, across the estuary"),
            ("E09000011", Distance::Distant, "Greenwich"),
            ("E08000035", Distance::Distant, "Leeds"),
            ("W06000015", Distance::Distant, "Cardiff"),
        ];
        for (code, expected, why) in cases {
            assert_eq!(determine_distance(auth(code), kent, adj), expected, "{why}");
        }
    }

    #[test]
    fn rule_4_distant_requires_consultation_care_plan_and_dcs() {
        let r = requirements(Distance::Distant, Some(PlacementType::ChildrensHome));
        assert_eq!(r.consultation, Need::Required);
        assert_eq!(r.care_plan, Need::Required);
        assert_eq!(r.approver, Approver::DcsOrDelegate);
        assert_eq!(r.notification, Need::Required);
        assert_eq!(requirements(Distance::Unconfirmed, None), requirements(Distance::Distant, None));
        let near = requirements(Distance::Adjoining, Some(PlacementType::ChildrensHome));
        assert_eq!(near.consultation, Need::Optional);
        assert_eq!(near.approver, Approver::NominatedOfficer);
        assert_eq!(near.notification, Need::Required);
    }

    #[test]
    fn rule_5_regulation_11_3_types_need_notification_only() {
        for t in [PlacementType::FosterConnectedPerson, PlacementType::FosterInHouse] {
            let r = requirements(Distance::Distant, Some(t));
            assert_eq!(r.consultation, Need::NotRequired, "{t:?}");
            assert_eq!(r.care_plan, Need::NotRequired, "{t:?}");
            assert_eq!(r.approver, Approver::NotRequired, "{t:?}");
            assert_eq!(r.notification, Need::Required, "{t:?}");
        }
        assert!(!is_regulation_11_3_exempt(PlacementType::FosterAgency));
    }

    #[test]
    fn sentences_name_both_authorities() {
        let s = explain(Distance::Distant, None, auth("E08000035"), auth("E10000016"));
        assert!(s.starts_with("Leeds does not adjoin Kent, so this is a distant placement"), "{s}");
        let s = explain(Distance::Adjoining, None, auth("E06000035"), auth("E10000016"));
        assert!(s.starts_with("Medway adjoins Kent"), "{s}");
    }
}
