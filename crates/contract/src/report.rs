//! The Management Information report as the relay sends it and the staff pages show it: for a
//! period, counts by division, placing authority and outcome, how quickly the host answers, how
//! placing authorities notify, and endings. It holds no child's details.

use placement_rules::{CaseStatus, Date};
use serde::{Deserialize, Serialize};

use crate::Named;

/// Which cases the report covers (`GET /api/staff/report?…`, and its CSV and workbook).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    /// None: this financial year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The first and last days of a custom period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placing_authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<CaseStatus>,
}

/// Periods as councils report them: calendar months, financial quarters (April to June…) and
/// financial years (1 April to 31 March).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    ThisMonth,
    LastMonth,
    ThisQuarter,
    LastQuarter,
    ThisFinancialYear,
    LastFinancialYear,
    Custom,
}

impl Period {
    pub const ALL: [Period; 7] = [
        Period::ThisMonth,
        Period::LastMonth,
        Period::ThisQuarter,
        Period::LastQuarter,
        Period::ThisFinancialYear,
        Period::LastFinancialYear,
        Period::Custom,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Period::ThisMonth => "this-month",
            Period::LastMonth => "last-month",
            Period::ThisQuarter => "this-quarter",
            Period::LastQuarter => "last-quarter",
            Period::ThisFinancialYear => "this-financial-year",
            Period::LastFinancialYear => "last-financial-year",
            Period::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::ThisMonth => "This month",
            Period::LastMonth => "Last month",
            Period::ThisQuarter => "This quarter",
            Period::LastQuarter => "Last quarter",
            Period::ThisFinancialYear => "This financial year",
            Period::LastFinancialYear => "Last financial year",
            Period::Custom => "Dates you choose",
        }
    }
}

/// Months since year 0, and back: the arithmetic of month, quarter and year periods.
fn month_index(d: Date) -> i32 {
    d.year() * 12 + i32::from(d.month()) - 1
}

fn first_of(index: i32) -> Option<Date> {
    Date::from_ymd(index.div_euclid(12), u8::try_from(index.rem_euclid(12) + 1).ok()?, 1)
}

/// The days from the first of month `start` to the end of the month before `end`.
fn months(start: i32, end: i32) -> Option<(Date, Date)> {
    Some((first_of(start)?, first_of(end)?.previous_day()?))
}

impl ReportQuery {
    /// The first and last days the report covers, or None when a custom period lacks a day or
    /// ends before it starts.
    pub fn span(&self, today: Date) -> Option<(Date, Date)> {
        let now = month_index(today);
        // Financial quarters start in April, July, October and January: months 3, 6, 9, 0.
        let quarter = now - (now - 3).rem_euclid(3);
        let year = now - (now - 3).rem_euclid(12);
        match self.period.unwrap_or(Period::ThisFinancialYear) {
            Period::ThisMonth => months(now, now + 1),
            Period::LastMonth => months(now - 1, now),
            Period::ThisQuarter => months(quarter, quarter + 3),
            Period::LastQuarter => months(quarter - 3, quarter),
            Period::ThisFinancialYear => months(year, year + 12),
            Period::LastFinancialYear => months(year - 12, year),
            Period::Custom => match (self.from, self.to) {
                (Some(from), Some(to)) if from <= to => Some((from, to)),
                _ => None,
            },
        }
    }

    /// `period=last-quarter&division=north-west`, for the report and its downloads.
    pub fn query_string(&self) -> String {
        crate::queue::query_string([
            ("period", self.period.map(|p| p.id().to_owned())),
            ("from", self.from.map(|d| d.to_string())),
            ("to", self.to.map(|d| d.to_string())),
            ("division", self.division.clone()),
            ("placing_authority", self.placing_authority.clone()),
            ("outcome", self.outcome.map(|o| o.id().to_owned())),
        ])
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The first and last days covered.
    pub from: Date,
    pub to: Date,
    /// Consultations received in the period.
    pub received: usize,
    pub consultations: Vec<Count>,
    /// Consultations received in the period, by division, placing authority and outcome.
    pub by_division: Vec<Bar>,
    pub by_placing_authority: Vec<Bar>,
    pub by_outcome: Vec<Bar>,
    /// Outcomes recorded in the period.
    pub working_days_to_outcome: Spread,
    /// The same outcomes, by how many working days they took.
    pub working_days_distribution: Vec<Bar>,
    /// Notifications received in the period.
    pub notifications: Notifications,
    /// Consultations awaiting an outcome after their reply date, today.
    pub open_past_reply_due: usize,
    /// Placements whose end the host was told of in the period.
    pub endings: Endings,
    /// What the filters can offer: the host's divisions and the placing authorities with a case.
    pub divisions: Vec<Named>,
    pub placing_authorities: Vec<Named>,
}

/// One bar of a chart, and one row of the table beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// As people read it: a division's or council's name, an outcome, "3 to 5 working days".
    pub label: String,
    /// The code beside it in exports (a GSS code, a division id), where there is one.
    pub code: Option<String>,
    pub count: usize,
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
    /// Emergency placements notified more than five working days after they began.
    pub late_emergency: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endings {
    pub total: usize,
    /// Told more than 10 working days after the end (reg 14).
    pub told_late: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn periods_are_calendar_months_and_financial_quarters_and_years() {
        let on = |period, today| ReportQuery { period: Some(period), ..ReportQuery::default() }.span(today).unwrap();
        let today = d(2026, 12, 3);
        assert_eq!(on(Period::ThisMonth, today), (d(2026, 12, 1), d(2026, 12, 31)));
        assert_eq!(on(Period::LastMonth, today), (d(2026, 11, 1), d(2026, 11, 30)));
        assert_eq!(on(Period::ThisQuarter, today), (d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(on(Period::LastQuarter, today), (d(2026, 7, 1), d(2026, 9, 30)));
        assert_eq!(on(Period::ThisFinancialYear, today), (d(2026, 4, 1), d(2027, 3, 31)));
        assert_eq!(on(Period::LastFinancialYear, today), (d(2025, 4, 1), d(2026, 3, 31)));
        // Across the turn of the year, and in March (the financial year's last month).
        assert_eq!(on(Period::LastMonth, d(2027, 1, 15)), (d(2026, 12, 1), d(2026, 12, 31)));
        assert_eq!(on(Period::ThisQuarter, d(2027, 2, 1)), (d(2027, 1, 1), d(2027, 3, 31)));
        assert_eq!(on(Period::LastQuarter, d(2027, 2, 1)), (d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(on(Period::ThisFinancialYear, d(2027, 3, 31)), (d(2026, 4, 1), d(2027, 3, 31)));
        assert_eq!(on(Period::ThisFinancialYear, d(2027, 4, 1)), (d(2027, 4, 1), d(2028, 3, 31)));
        assert_eq!(on(Period::LastMonth, d(2028, 3, 10)), (d(2028, 2, 1), d(2028, 2, 29)), "a leap year");
        assert_eq!(ReportQuery::default().span(today), Some((d(2026, 4, 1), d(2027, 3, 31))), "this financial year");
    }

    #[test]
    fn a_custom_period_needs_both_days_in_order() {
        let custom = |from, to| ReportQuery { period: Some(Period::Custom), from, to, ..ReportQuery::default() };
        let today = d(2026, 12, 3);
        assert_eq!(custom(Some(d(2026, 1, 5)), Some(d(2026, 2, 5))).span(today), Some((d(2026, 1, 5), d(2026, 2, 5))));
        assert_eq!(custom(Some(d(2026, 1, 5)), None).span(today), None);
        assert_eq!(custom(Some(d(2026, 2, 5)), Some(d(2026, 1, 5))).span(today), None);
        let q =
            ReportQuery { outcome: Some(CaseStatus::Challenged), ..custom(Some(d(2026, 1, 5)), Some(d(2026, 2, 5))) };
        assert_eq!(q.query_string(), "period=custom&from=2026-01-05&to=2026-02-05&outcome=challenged");
    }
}
