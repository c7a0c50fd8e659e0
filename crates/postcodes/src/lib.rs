//! Where a UK postcode lies, from the ONS Postcode Directory (November 2025, Open Government
//! Licence v3.0), in a compact table that a relay holds in memory (every UK postcode) and a browser
//! fetches after the first page (the host's own postcodes).
//!
//! The authority comes from the directory, never from the postcode's letters: `ME` covers Medway
//! and Kent, `TN` Kent and East Sussex, `DA` and `BR` Bexley, Bromley and Kent.
//!
//! Pure like the rules crate: tables are built from and read from bytes; the caller does the I/O.
//! Contains public sector information licensed under the Open Government Licence v3.0.
//! Source: Office for National Statistics.

#![deny(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing))]

pub mod adjacency;
pub mod grid;
pub mod key;
pub mod table;
pub mod upper_tier;

pub use grid::GridRef;
pub use table::{Entry, PostcodeTable, TableBuilder, TableError};
