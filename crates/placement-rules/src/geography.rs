//! Where a postcode lies. The rules ask; the caller answers from the ONS Postcode Directory
//! (the relay holds every UK postcode, the browser holds the host's own), so the rules stay pure.

use std::collections::HashMap;

use crate::text::Postcode;

/// The authorities a postcode lies in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementArea {
    /// Upper tier (children's services authority) GSS code: `E10000016`.
    pub upper_tier: String,
    /// Lower tier GSS code: a district (`E07000110`) or the unitary itself.
    pub lower_tier: String,
}

/// The answer to "where is this postcode?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    In(PlacementArea),
    /// Not a postcode the directory knows (never issued, or mistyped).
    NotFound,
    /// Known not to be in the area this lookup covers (the browser holds only the host's table).
    OutsideCoverage,
    /// The lookup is not available yet (the browser's table is still loading, or offline before
    /// it was kept); the rules that need it are left for the relay to apply.
    Unavailable,
}

/// A source of postcode locations.
/// `Send + Sync` so a check can be held across an `.await` in the relay.
pub trait Geography: Send + Sync {
    fn locate(&self, postcode: &Postcode) -> Located;
}

/// No lookup at all: every postcode is [`Located::Unavailable`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NoGeography;

impl Geography for NoGeography {
    fn locate(&self, _: &Postcode) -> Located {
        Located::Unavailable
    }
}

/// A small in-memory table, for tests and for callers that looked a postcode up already.
#[derive(Debug, Clone, Default)]
pub struct TableGeography {
    table: HashMap<Postcode, PlacementArea>,
    /// When set, postcodes not in the table are outside this coverage rather than not found.
    partial: bool,
}

impl TableGeography {
    pub fn new(partial: bool) -> Self {
        Self { table: HashMap::new(), partial }
    }

    /// Adds a postcode; ignored if `postcode` is not a postcode.
    pub fn with(mut self, postcode: &str, upper_tier: &str, lower_tier: &str) -> Self {
        if let Some(pc) = Postcode::parse(postcode) {
            self.table
                .insert(pc, PlacementArea { upper_tier: upper_tier.to_owned(), lower_tier: lower_tier.to_owned() });
        }
        self
    }
}

impl Geography for TableGeography {
    fn locate(&self, postcode: &Postcode) -> Located {
        match self.table.get(postcode) {
            Some(area) => Located::In(area.clone()),
            None if self.partial => Located::OutsideCoverage,
            None => Located::NotFound,
        }
    }
}
