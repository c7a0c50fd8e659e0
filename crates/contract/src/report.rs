//! The Management Information report as the relay sends it and the staff pages show it: counts by
//! month, division and outcome, and how quickly the host answers and placing authorities notify.
//! It holds no child's details.

use placement_rules::{CaseStatus, Date};
use serde::{Deserialize, Serialize};

use crate::Named;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub consultations: Vec<Count>,
    pub working_days_to_outcome: Spread,
    pub notifications: Notifications,
    /// Consultations still awaiting an outcome after their reply date.
    pub open_past_reply_due: usize,
}

/// Consultations received in one month, for one division, with one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// The first day of the month (people read [`Date::month_and_year`]).
    pub month: Date,
    /// None when the placement's division is not known.
    pub division: Option<Named>,
    /// The host's decision, or where the case stands without one (awaiting outcome, withdrawn).
    pub outcome: CaseStatus,
    pub consultations: usize,
}

/// Working days from request to outcome, over the outcomes recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub outcomes: usize,
    /// One decimal place.
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub max: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notifications {
    pub total: usize,
    pub before_start: usize,
    /// Per cent, one decimal place.
    pub share_before_start: Option<f64>,
    /// Emergency placements notified more than one working day after they began.
    pub late_emergency: usize,
}
