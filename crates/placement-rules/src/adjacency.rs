//! Which authorities adjoin: regulation 11(5) makes a placement *distant* when it is outside the
//! responsible authority's area "and not within the area of any adjoining local authority".
//!
//! The table is data with a source for each row. Where a boundary is only open water (an estuary),
//! the state is `unconfirmed` until the host confirms it, and the product says so.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

use crate::register::csv_rows;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdjacencyState {
    Adjoining,
    Unconfirmed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjacentPair {
    pub a: String,
    pub b: String,
    pub state: AdjacencyState,
    /// `derived` (from postcode points), `river`, `estuary`…
    pub basis: String,
    /// For derived rows: postcode pairs within 2 km of each other across the boundary.
    pub close_pairs: Option<u64>,
    /// For derived rows: the nearest two postcodes, in metres.
    pub nearest_m: Option<u32>,
    /// For reviewed rows: why, in words.
    pub note: String,
}

impl AdjacentPair {
    /// Where this row comes from, for people.
    pub fn source(&self) -> String {
        match (self.close_pairs, self.nearest_m) {
            (Some(n), Some(m)) if self.note.is_empty() => format!(
                "Derived from the ONS Postcode Directory: {n} postcode pairs within 2 km of each other; nearest {m} m"
            ),
            _ => self.note.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Adjacency {
    pairs: Vec<AdjacentPair>,
    /// Authorities whose every neighbour is in `pairs`. For any other, "not in the table" does
    /// not mean "not adjoining".
    complete_for: Vec<String>,
}

static BUILTIN: LazyLock<Adjacency> = LazyLock::new(|| {
    let register = crate::Register::builtin();
    let everyone: Vec<&str> = register.all().iter().map(|a| a.gss.as_str()).collect();
    Adjacency::from_csv(include_str!("../data/adjacency.csv"), &everyone)
        .expect("the compiled-in adjacency table is valid (checked by tests)")
});

/// What the table says of two authorities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjoins<'a> {
    Yes(&'a AdjacentPair),
    Unconfirmed(&'a AdjacentPair),
    No,
    /// Neither authority's neighbours are all in the table.
    Unknown,
}

impl Adjacency {
    /// The national table: derived from the ONS Postcode Directory by the `postcodes` crate's
    /// generator, with hand-reviewed rows laid over it (estuaries, rivers). It covers every
    /// authority in the register, so a pair it does not list does not adjoin.
    pub fn builtin() -> &'static Adjacency {
        &BUILTIN
    }

    pub fn from_csv(text: &str, complete_for: &[&str]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        for (n, row) in csv_rows(text).enumerate() {
            let [a, b, state, basis, close_pairs, nearest_m, note] = row.as_slice() else {
                return Err(format!("adjacency line {}: expected 7 columns", n + 2));
            };
            let number = |text: &str| -> Result<Option<u64>, String> {
                if text.is_empty() {
                    Ok(None)
                } else {
                    text.parse().map(Some).map_err(|_| format!("adjacency line {}: bad number", n + 2))
                }
            };
            let state = match state.as_str() {
                "adjoining" => AdjacencyState::Adjoining,
                "unconfirmed" => AdjacencyState::Unconfirmed,
                other => return Err(format!("adjacency line {}: unknown state {other}", n + 2)),
            };
            if a == b {
                return Err(format!("adjacency line {}: an authority does not adjoin itself", n + 2));
            }
            pairs.push(AdjacentPair {
                a: a.clone(),
                b: b.clone(),
                state,
                basis: basis.clone(),
                close_pairs: number(close_pairs)?,
                nearest_m: number(nearest_m)?.map(|m| m.min(u64::from(u32::MAX)) as u32),
                note: note.clone(),
            });
        }
        Ok(Self { pairs, complete_for: complete_for.iter().map(|s| (*s).to_owned()).collect() })
    }

    pub fn pairs(&self) -> &[AdjacentPair] {
        &self.pairs
    }

    pub fn is_complete_for(&self, gss: &str) -> bool {
        self.complete_for.iter().any(|c| c == gss)
    }

    pub fn between(&self, x: &str, y: &str) -> Adjoins<'_> {
        let pair = self.pairs.iter().find(|p| (p.a == x && p.b == y) || (p.a == y && p.b == x));
        match pair {
            Some(p) if p.state == AdjacencyState::Adjoining => Adjoins::Yes(p),
            Some(p) => Adjoins::Unconfirmed(p),
            None if self.is_complete_for(x) || self.is_complete_for(y) => Adjoins::No,
            None => Adjoins::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KENT: &str = "E10000016";

    #[test]
    fn kent_adjoins_its_land_and_river_neighbours() {
        let adj = Adjacency::builtin();
        for (gss, name) in [
            ("E06000035", "Medway"),
            ("E10000011", "East Sussex"),
            ("E10000030", "Surrey"),
            ("E09000006", "Bromley"),
            ("E09000004", "Bexley"),
            ("E06000034", "Thurrock"),
        ] {
            assert!(matches!(adj.between(KENT, gss), Adjoins::Yes(_)), "{name}");
            assert!(matches!(adj.between(gss, KENT), Adjoins::Yes(_)), "{name}, either way round");
        }
    }

    #[test]
    fn estuary_neighbours_are_unconfirmed_and_others_are_not_adjoining() {
        let adj = Adjacency::builtin();
        assert!(matches!(adj.between(KENT, "E10000012"), Adjoins::Unconfirmed(_)), "Essex");
        assert!(matches!(adj.between(KENT, "E06000033"), Adjoins::Unconfirmed(_)), "Southend");
        assert_eq!(adj.between(KENT, "E09000011"), Adjoins::No, "Greenwich");
        assert_eq!(adj.between(KENT, "E08000035"), Adjoins::No, "Leeds");
        assert_eq!(Adjacency::default().between(KENT, "E08000035"), Adjoins::Unknown, "an empty table knows nothing");
    }

    #[test]
    fn cornwall_adjoins_devon_on_land_and_plymouth_across_the_tamar_and_nothing_else() {
        let adj = Adjacency::builtin();
        let cornwall = "E06000052";
        let mut neighbours: Vec<&str> = adj
            .pairs()
            .iter()
            .filter(|p| p.state == AdjacencyState::Adjoining && (p.a == cornwall || p.b == cornwall))
            .map(|p| if p.a == cornwall { p.b.as_str() } else { p.a.as_str() })
            .collect();
        neighbours.sort_unstable();
        assert_eq!(neighbours, ["E06000026", "E10000008"], "Plymouth and Devon");
        assert_eq!(adj.between(cornwall, "E06000053"), Adjoins::No, "the Isles of Scilly are 45 km out to sea");
    }

    #[test]
    fn kent_has_exactly_its_six_neighbours_and_two_estuary_faces() {
        let adj = Adjacency::builtin();
        let count = |state| adj.pairs().iter().filter(|p| p.state == state && (p.a == KENT || p.b == KENT)).count();
        assert_eq!(count(AdjacencyState::Adjoining), 6);
        assert_eq!(count(AdjacencyState::Unconfirmed), 2);
    }

    #[test]
    fn every_row_names_a_registered_authority_and_has_a_source() {
        let reg = crate::Register::builtin();
        for p in Adjacency::builtin().pairs() {
            assert!(reg.find(&p.a).is_some() && reg.find(&p.b).is_some(), "{p:?}");
            assert!(!p.source().is_empty(), "{p:?}");
        }
    }
}
