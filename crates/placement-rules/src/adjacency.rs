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
    /// `land`, `river`, `estuary`…
    pub basis: String,
    pub source: String,
}

#[derive(Debug, Clone, Default)]
pub struct Adjacency {
    pairs: Vec<AdjacentPair>,
    /// Authorities whose every neighbour is in `pairs`. For any other, "not in the table" does
    /// not mean "not adjoining".
    complete_for: Vec<String>,
}

static BUILTIN: LazyLock<Adjacency> = LazyLock::new(|| {
    Adjacency::from_csv(include_str!("../data/adjacency.csv"), &["E10000016"])
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
    /// Kent's neighbours, reviewed by hand (domain brief §5).
    pub fn builtin() -> &'static Adjacency {
        &BUILTIN
    }

    pub fn from_csv(text: &str, complete_for: &[&str]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        for (n, row) in csv_rows(text).enumerate() {
            let [a, b, state, basis, source] = row.as_slice() else {
                return Err(format!("adjacency line {}: expected 5 columns", n + 2));
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
                source: source.clone(),
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
        assert_eq!(adj.between("E06000052", "E10000008"), Adjoins::Unknown, "no national table yet");
    }

    #[test]
    fn every_row_names_a_registered_authority_and_has_a_source() {
        let reg = crate::Register::builtin();
        for p in Adjacency::builtin().pairs() {
            assert!(reg.find(&p.a).is_some() && reg.find(&p.b).is_some(), "{p:?}");
            assert!(!p.source.is_empty());
        }
    }
}
