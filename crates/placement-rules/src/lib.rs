//! The rules for consulting and notifying a host authority before placing a looked-after child
//! in its area: Care Planning, Placement and Case Review (England) Regulations 2010, regs 11, 13 and 14.
//!
//! One crate, two callers: the browser app (compiled to WebAssembly) and the submission relay
//! both call these functions and show the same findings. So this crate is pure: it does no I/O,
//! reads no clock, spawns nothing and knows no web framework. "Today" and the reference data
//! arrive in a [`Context`].
//!
//! - [`forms`]: the seven submissions as types, each with its question registry and checks.
//! - [`distance`]: the distant-placement determination (reg 11(5)) and what it requires.
//! - [`register`], [`adjacency`], [`host`], [`calendar`]: reference data, compiled in, replaceable.
//! - [`wire`]: the versioned envelope; [`version`]: the rules' version and amendments log.

#![deny(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing))]

pub mod adjacency;
pub mod calendar;
pub mod case;
pub mod context;
pub mod date;
pub mod distance;
pub mod finding;
pub mod forms;
pub mod geography;
pub mod host;
pub mod identifiers;
pub mod locate;
pub mod reference;
pub mod register;
pub mod text;
pub mod version;
pub mod wire;

pub use case::{CaseAction, CaseStatus};
pub use context::Context;
pub use date::Date;
pub use finding::{Finding, Kind, Severity};
pub use forms::Form;
pub use forms::consultation_outcome::ConsultationOutcome;
pub use forms::consultation_request::ConsultationRequest;
pub use forms::documents_sent::DocumentsSent;
pub use forms::placement_confirmation::PlacementConfirmation;
pub use forms::placement_ending::PlacementEnding;
pub use forms::placement_notification::PlacementNotification;
pub use forms::withdrawal::Withdrawal;
pub use register::Register;
pub use version::RULES_VERSION;
