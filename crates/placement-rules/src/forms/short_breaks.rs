//! Short breaks (reg 48(3)(b), domain brief §8.4). For a child who is not otherwise in care but is
//! accommodated for short breaks with the same carer, no single stay over 17 days and at most 75
//! days in any 12 months, returning to a parent in between, "regulations 7, 13 and 49(2)(b) do not
//! apply": no notification is owed. A host may still take one, so the form explains and never
//! blocks. Reg 14 is not switched off, so the end of the arrangement is still told to the host.

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::Checks;
use super::common::YesNo;
use crate::finding::Kind;

/// The longest single stay a qualifying short break may have, in days.
pub const LONGEST_STAY_DAYS: u32 = 17;
/// The most days of short breaks a qualifying arrangement may have in any 12 months.
pub const DAYS_IN_12_MONTHS: u32 = 75;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct ShortBreaks {
    /// Whether the placement is a series of short breaks.
    pub short_breaks: Option<YesNo>,
    /// Whole days, as typed.
    #[validate(length(max = 5, message = "Enter a number of days, like 14"))]
    pub longest_stay_days: String,
    #[validate(length(max = 5, message = "Enter a number of days, like 60"))]
    pub days_in_12_months: String,
    pub same_carer: Option<YesNo>,
}

/// Why an arrangement of short breaks does not qualify, or `None` when it does (reg 48(3)(b)).
pub fn why_not_qualifying(longest_stay: u32, days_in_12_months: u32, same_carer: bool) -> Option<String> {
    if !same_carer {
        Some("the stays are not all with the same carer".into())
    } else if longest_stay > LONGEST_STAY_DAYS {
        Some(format!("a stay of {longest_stay} days is longer than {LONGEST_STAY_DAYS}"))
    } else if days_in_12_months > DAYS_IN_12_MONTHS {
        Some(format!("{days_in_12_months} days in 12 months is more than {DAYS_IN_12_MONTHS}"))
    } else {
        None
    }
}

fn days(c: &mut Checks<'_, '_>, path: &str, value: &str, missing: &str) -> Option<u32> {
    if !c.required_text(path, value, missing) {
        return None;
    }
    match value.trim().parse::<u32>() {
        Ok(n) if (1..=366).contains(&n) => Some(n),
        _ => {
            c.error(path, Kind::Format, "Enter a whole number of days between 1 and 366");
            None
        }
    }
}

/// Reg 48(3)(b): says whether a notification is owed for short breaks; never blocks sending one.
pub(crate) fn check(s: &ShortBreaks, host: &str, c: &mut Checks<'_, '_>) {
    if s.short_breaks != Some(YesNo::Yes) {
        return;
    }
    let longest =
        days(c, "short_breaks.longest_stay_days", &s.longest_stay_days, "Enter the longest single stay, in days");
    let total = days(
        c,
        "short_breaks.days_in_12_months",
        &s.days_in_12_months,
        "Enter the days of short breaks in any 12 months",
    );
    c.required("short_breaks.same_carer", &s.same_carer, "Select yes if every stay is with the same carer");
    let (Some(longest), Some(total), Some(same)) = (longest, total, s.same_carer) else { return };
    match why_not_qualifying(longest, total, same == YesNo::Yes) {
        None => c.warning(
            "short_breaks.short_breaks",
            Kind::NotAllowed,
            format!(
                "These short breaks need no notification (regulation 48(3)(b)). Regulation 14 still applies: tell {host} when the arrangement ends. You may still send this if {host} asks for it"
            ),
        ),
        Some(why) => c.warning(
            "short_breaks.short_breaks",
            Kind::Inconsistent,
            format!("These are not short breaks the law exempts: {why} (regulation 48(3)(b)). The notification is owed"),
        ),
    }
}
