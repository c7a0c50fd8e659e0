//! The Management Information report: consultations by month, division and outcome; working days
//! from request to outcome; the share of notifications made before the placement started; late
//! emergency notifications. Built from case records, which hold no child's details, so the CSV
//! can be shared as a report.

use std::collections::BTreeMap;

use contract::report::{Count, Notifications, Report, Spread};
use placement_rules::{CaseStatus, Date};

use crate::store::CaseRow;

/// A case's outcome in the report: the host's decision, or where the case stands without one.
fn outcome(c: &CaseRow) -> CaseStatus {
    match c.decision.as_deref().and_then(CaseStatus::from_id) {
        Some(decision) => decision,
        None if c.status == CaseStatus::Withdrawn.id() => CaseStatus::Withdrawn,
        None => CaseStatus::AwaitingOutcome,
    }
}

fn month_of(requested_on: &str) -> Option<Date> {
    let d = Date::parse_iso(requested_on)?;
    Date::from_ymd(d.year(), d.month(), 1)
}

pub fn build(cases: &[CaseRow], host: &crate::config::Host, today: Date) -> Report {
    let mut counts: BTreeMap<(Date, Option<String>, &'static str), (CaseStatus, usize)> = BTreeMap::new();
    for c in cases {
        let Some(month) = c.requested_on.as_deref().and_then(month_of) else { continue };
        let outcome = outcome(c);
        counts.entry((month, c.division.clone(), outcome.id())).or_insert((outcome, 0)).1 += 1;
    }
    let mut days: Vec<i64> = cases.iter().filter_map(|c| c.decision.as_ref().and(c.working_days_to_outcome)).collect();
    days.sort_unstable();
    let median = match days.len() {
        0 => None,
        n if n % 2 == 1 => days.get(n / 2).map(|d| *d as f64),
        n => match (days.get(n / 2 - 1), days.get(n / 2)) {
            (Some(a), Some(b)) => Some((a + b) as f64 / 2.0),
            _ => None,
        },
    };
    let mean = (!days.is_empty()).then(|| (days.iter().sum::<i64>() as f64 / days.len() as f64 * 10.0).round() / 10.0);
    let notified: Vec<&CaseRow> = cases.iter().filter(|c| c.notified_on.is_some()).collect();
    let before = notified.iter().filter(|c| c.notified_before_start == Some(true)).count();
    let today = today.to_string();
    Report {
        consultations: counts
            .into_iter()
            .map(|((month, division, _), (outcome, consultations))| Count {
                month,
                division: division.as_deref().map(|id| host.division_named(id)),
                outcome,
                consultations,
            })
            .collect(),
        working_days_to_outcome: Spread { outcomes: days.len(), mean, median, max: days.last().copied() },
        notifications: Notifications {
            total: notified.len(),
            before_start: before,
            share_before_start: (!notified.is_empty())
                .then(|| (before as f64 * 1000.0 / notified.len() as f64).round() / 10.0),
            late_emergency: notified.iter().filter(|c| c.late_emergency == Some(true)).count(),
        },
        open_past_reply_due: cases
            .iter()
            .filter(|c| {
                c.status == CaseStatus::AwaitingOutcome.id() && c.reply_due_on.as_deref().is_some_and(|d| *d < *today)
            })
            .count(),
    }
}

fn field(value: Option<&str>) -> String {
    let v = value.unwrap_or("");
    // Quote anything a spreadsheet could misread, and defuse formulas.
    let v = if v.starts_with(['=', '+', '-', '@']) { format!("'{v}") } else { v.to_owned() };
    if v.contains([',', '"', '\n']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v }
}

/// One row a case, for a spreadsheet.
pub fn csv(cases: &[CaseRow], host: &crate::config::Host) -> String {
    let mut out = String::from(
        "reference,month,division,district,placing_authority,placing_authority_name,distance,distance_miles,status,outcome,challenge_reason,\
         requested_on,reply_due_on,outcome_on,working_days_to_outcome,notified_on,start_date,notification_type,\
         notified_before_start,late_emergency,withdrawn_on,ended_on,end_date,end_reason,end_told_late\n",
    );
    let yes_no = |v: Option<bool>| v.map(|b| if b { "yes" } else { "no" });
    for c in cases {
        let division = c.division.as_deref().and_then(|id| host.division(id)).map(|d| d.name.as_str());
        let row = [
            field(Some(&c.reference)),
            field(c.requested_on.as_deref().and_then(|d| d.get(..7))),
            field(division),
            field(c.district.as_deref()),
            field(Some(&c.placing_authority)),
            field(Some(placement_rules::Register::builtin().name_of(&c.placing_authority))),
            field(c.distance.as_deref()),
            field(c.distance_miles.map(|m| m.to_string()).as_deref()),
            field(Some(&c.status)),
            field(Some(outcome(c).id())),
            field(c.challenge_reason.as_deref()),
            field(c.requested_on.as_deref()),
            field(c.reply_due_on.as_deref()),
            field(c.outcome_on.as_deref()),
            field(c.working_days_to_outcome.map(|d| d.to_string()).as_deref()),
            field(c.notified_on.as_deref()),
            field(c.start_date.as_deref()),
            field(c.notification_type.as_deref()),
            field(yes_no(c.notified_before_start)),
            field(yes_no(c.late_emergency)),
            field(c.withdrawn_on.as_deref()),
            field(c.ended_on.as_deref()),
            field(c.end_date.as_deref()),
            field(c.end_reason.as_deref()),
            field(yes_no(c.end_told_late)),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// The children placed in the host's area now (notified, not ended), one row a placement, for
/// Front Door's spreadsheet. Case records only: no child's details.
pub fn placed_csv(cases: &[CaseRow], host: &crate::config::Host) -> String {
    let mut out = String::from(
        "reference,placing_authority,placing_authority_name,division,district,start_date,notified_on,notification_type\n",
    );
    for c in cases {
        let division = c.division.as_deref().and_then(|id| host.division(id)).map(|d| d.name.as_str());
        let row = [
            field(Some(&c.reference)),
            field(Some(&c.placing_authority)),
            field(Some(placement_rules::Register::builtin().name_of(&c.placing_authority))),
            field(division),
            field(c.district.as_deref()),
            field(c.start_date.as_deref()),
            field(c.notified_on.as_deref()),
            field(c.notification_type.as_deref()),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn case(reference: &str, requested: &str, division: &str) -> CaseRow {
        CaseRow {
            reference: reference.into(),
            status: "awaiting-outcome".into(),
            placing_authority: "E08000035".into(),
            division: Some(division.into()),
            requested_on: Some(requested.into()),
            reply_due_on: Some("2026-11-10".into()),
            ..CaseRow::default()
        }
    }

    #[test]
    fn counts_by_month_division_and_outcome_with_timeliness() {
        let host = Config::sample().hosts.swap_remove(0);
        let mut a = case("OLA-AAAA-0001", "2026-10-05", "north-west");
        a.decision = Some("agreed".into());
        a.status = "agreed".into();
        a.working_days_to_outcome = Some(4);
        a.notified_on = Some("2026-10-20".into());
        a.notified_before_start = Some(true);
        let mut b = case("OLA-AAAA-0002", "2026-10-07", "north-west");
        b.decision = Some("challenged".into());
        b.status = "challenged".into();
        b.working_days_to_outcome = Some(9);
        b.notified_on = Some("2026-10-30".into());
        b.notified_before_start = Some(false);
        b.late_emergency = Some(true);
        let c = case("OLA-AAAA-0003", "2026-11-02", "south-east");
        let r = build(&[a, b, c], &host, Date::from_ymd(2026, 11, 23).unwrap());
        assert_eq!(r.consultations.len(), 3);
        assert_eq!(
            r.consultations[0],
            Count {
                month: Date::from_ymd(2026, 10, 1).unwrap(),
                division: Some(contract::Named { code: "north-west".into(), name: "North/West".into() }),
                outcome: CaseStatus::Agreed,
                consultations: 1
            }
        );
        assert_eq!(r.working_days_to_outcome, Spread { outcomes: 2, mean: Some(6.5), median: Some(6.5), max: Some(9) });
        assert_eq!(
            r.notifications,
            Notifications { total: 2, before_start: 1, share_before_start: Some(50.0), late_emergency: 1 }
        );
        assert_eq!(r.open_past_reply_due, 1, "the South/East case is past its reply date");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let host = Config::sample().hosts.swap_remove(0);
        let mut c = case("OLA-AAAA-0001", "2026-10-05", "north-west");
        c.district = Some("=HYPERLINK(\"x\")".into());
        let text = csv(&[c], &host);
        let row = text.lines().nth(1).unwrap();
        assert!(
            row.starts_with("OLA-AAAA-0001,2026-10,North/West,\"'=HYPERLINK(\"\"x\"\")\",E08000035,Leeds,"),
            "{row}"
        );
    }
}
