//! The Management Information report: consultations by month, division and outcome; working days
//! from request to outcome; the share of notifications made before the placement started; late
//! emergency notifications. Built from case records, which hold no child's details, so the CSV
//! can be shared as a report.

use std::collections::BTreeMap;

use contract::Named;
use contract::report::{Bar, Count, Endings, Notifications, Report, ReportQuery, Spread};
use placement_rules::{CaseStatus, Date};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

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

/// The first and last days a report covers, or the sentence that says why there are none.
pub fn span(q: &ReportQuery, today: Date) -> Result<(Date, Date), String> {
    q.span(today).ok_or_else(|| {
        "Enter the first and last days of the period, the last the same as or after the first".to_owned()
    })
}

/// The period's cases as the report counts them. `placing_authorities` is what the placing
/// authority filter offers: every one with a case at the host, not only this period's.
pub fn build(
    all: &[CaseRow],
    host: &crate::config::Host,
    today: Date,
    q: &ReportQuery,
    placing_authorities: Vec<Named>,
) -> Result<Report, String> {
    let (from, to) = span(q, today)?;
    let during = |day: Option<&str>| within(day, (from, to));
    let cases: Vec<&CaseRow> = all.iter().filter(|c| chosen(c, q)).collect();
    let consultations: Vec<&CaseRow> = cases.iter().copied().filter(|c| during(c.requested_on.as_deref())).collect();

    let mut counts: BTreeMap<(Date, Option<String>, &'static str), (CaseStatus, usize)> = BTreeMap::new();
    for c in &consultations {
        let Some(month) = c.requested_on.as_deref().and_then(month_of) else { continue };
        let outcome = outcome(c);
        counts.entry((month, c.division.clone(), outcome.id())).or_insert((outcome, 0)).1 += 1;
    }
    let decided: Vec<&CaseRow> =
        cases.iter().copied().filter(|c| c.decision.is_some() && during(c.outcome_on.as_deref())).collect();
    let mut days: Vec<i64> = decided.iter().filter_map(|c| c.working_days_to_outcome).collect();
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
    let notified: Vec<&CaseRow> = cases.iter().copied().filter(|c| during(c.notified_on.as_deref())).collect();
    let before = notified.iter().filter(|c| c.notified_before_start == Some(true)).count();
    let ended: Vec<&CaseRow> = cases.iter().copied().filter(|c| during(c.ended_on.as_deref())).collect();
    let today = today.to_string();
    Ok(Report {
        from,
        to,
        received: consultations.len(),
        consultations: counts
            .into_iter()
            .map(|((month, division, _), (outcome, consultations))| Count {
                month,
                division: division.as_deref().map(|id| host.division_named(id)),
                outcome,
                consultations,
            })
            .collect(),
        by_division: by_division(&consultations, host),
        by_placing_authority: by_placing_authority(&consultations),
        by_outcome: [CaseStatus::AwaitingOutcome, CaseStatus::Agreed, CaseStatus::Challenged, CaseStatus::Withdrawn]
            .into_iter()
            .map(|o| Bar {
                label: o.label().to_owned(),
                code: Some(o.id().to_owned()),
                count: consultations.iter().filter(|c| outcome(c) == o).count(),
            })
            .collect(),
        working_days_to_outcome: Spread { outcomes: days.len(), mean, median, max: days.last().copied() },
        working_days_distribution: DAYS_BANDS
            .iter()
            .map(|(label, low, high)| Bar {
                label: (*label).to_owned(),
                code: None,
                count: days.iter().filter(|d| (*low..=*high).contains(*d)).count(),
            })
            .collect(),
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
        endings: Endings {
            total: ended.len(),
            told_late: ended.iter().filter(|c| c.end_told_late == Some(true)).count(),
        },
        divisions: host.divisions.iter().map(|d| host.division_named(&d.id)).collect(),
        placing_authorities,
    })
}

/// Working days to an outcome, in the bands an analyst would draw.
const DAYS_BANDS: [(&str, i64, i64); 5] = [
    ("0 to 2 working days", 0, 2),
    ("3 to 5 working days", 3, 5),
    ("6 to 10 working days", 6, 10),
    ("11 to 20 working days", 11, 20),
    ("More than 20 working days", 21, i64::MAX),
];

/// Whether a case is one the filters ask for.
fn chosen(c: &CaseRow, q: &ReportQuery) -> bool {
    q.division.as_deref().is_none_or(|d| c.division.as_deref() == Some(d))
        && q.placing_authority.as_deref().is_none_or(|a| c.placing_authority == a)
        && q.outcome.is_none_or(|o| outcome(c) == o)
}

/// Every division of the host, even with none, and "Not known" when a placement's was not.
fn by_division(consultations: &[&CaseRow], host: &crate::config::Host) -> Vec<Bar> {
    let count = |id: Option<&str>| consultations.iter().filter(|c| c.division.as_deref() == id).count();
    let mut bars: Vec<Bar> = host
        .divisions
        .iter()
        .map(|d| Bar { label: d.name.clone(), code: Some(d.id.clone()), count: count(Some(&d.id)) })
        .collect();
    let unknown = consultations.len() - bars.iter().map(|b| b.count).sum::<usize>();
    if unknown > 0 {
        bars.push(Bar { label: "Not known".into(), code: None, count: unknown });
    }
    bars
}

/// The placing authorities that consulted, the most first.
fn by_placing_authority(consultations: &[&CaseRow]) -> Vec<Bar> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in consultations {
        *counts.entry(c.placing_authority.as_str()).or_default() += 1;
    }
    let register = placement_rules::register::Register::builtin();
    let mut bars: Vec<Bar> = counts
        .into_iter()
        .map(|(code, count)| Bar { label: register.name_of(code).to_owned(), code: Some(code.to_owned()), count })
        .collect();
    bars.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    bars
}

/// Whether an ISO day falls in the span, both ends included.
fn within(day: Option<&str>, (from, to): (Date, Date)) -> bool {
    day.and_then(Date::parse_iso).is_some_and(|d| from <= d && d <= to)
}

/// The cases a report's download lists: those the filters ask for that were received, decided,
/// notified or ended in the span.
pub fn period_rows<'c>(all: &'c [CaseRow], span: (Date, Date), q: &ReportQuery) -> Vec<&'c CaseRow> {
    all.iter()
        .filter(|c| {
            chosen(c, q)
                && [&c.requested_on, &c.outcome_on, &c.notified_on, &c.ended_on]
                    .into_iter()
                    .any(|day| within(day.as_deref(), span))
        })
        .collect()
}

pub(crate) fn field(value: Option<&str>) -> String {
    let v = value.unwrap_or("");
    // Quote anything a spreadsheet could misread, and defuse formulas.
    let v = if v.starts_with(['=', '+', '-', '@']) { format!("'{v}") } else { v.to_owned() };
    if v.contains([',', '"', '\n']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v }
}

/// The per-case export's columns: names with codes beside them, no child's details.
const CASE_HEADERS: [&str; 25] = [
    "reference",
    "month",
    "division",
    "district",
    "placing_authority",
    "placing_authority_name",
    "distance",
    "distance_miles",
    "status",
    "outcome",
    "challenge_reason",
    "requested_on",
    "reply_due_on",
    "outcome_on",
    "working_days_to_outcome",
    "notified_on",
    "start_date",
    "notification_type",
    "notified_before_start",
    "late_emergency",
    "withdrawn_on",
    "ended_on",
    "end_date",
    "end_reason",
    "end_told_late",
];

/// A value in the per-case export: a spreadsheet's text, date or number.
enum Cell {
    Text(String),
    Day(Date),
    Number(f64),
    Empty,
}

impl Cell {
    fn text(value: Option<&str>) -> Self {
        value.map_or(Cell::Empty, |v| Cell::Text(v.to_owned()))
    }

    fn day(value: Option<&str>) -> Self {
        value.and_then(Date::parse_iso).map_or(Cell::Empty, Cell::Day)
    }

    fn yes_no(value: Option<bool>) -> Self {
        Cell::text(value.map(|b| if b { "yes" } else { "no" }))
    }

    /// As CSV shows it: dates as YYYY-MM-DD, which every spreadsheet reads as a date.
    fn csv(&self) -> String {
        match self {
            Cell::Text(v) => field(Some(v)),
            Cell::Day(d) => d.to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

fn case_cells(c: &CaseRow, host: &crate::config::Host) -> [Cell; 25] {
    let division = c.division.as_deref().and_then(|id| host.division(id)).map(|d| d.name.as_str());
    [
        Cell::text(Some(&c.reference)),
        Cell::text(c.requested_on.as_deref().and_then(|d| d.get(..7))),
        Cell::text(division),
        Cell::text(c.district.as_deref()),
        Cell::text(Some(&c.placing_authority)),
        Cell::text(Some(placement_rules::register::Register::builtin().name_of(&c.placing_authority))),
        Cell::text(c.distance.as_deref()),
        c.distance_miles.map_or(Cell::Empty, Cell::Number),
        Cell::text(Some(&c.status)),
        Cell::text(Some(outcome(c).id())),
        Cell::text(c.challenge_reason.as_deref()),
        Cell::day(c.requested_on.as_deref()),
        Cell::day(c.reply_due_on.as_deref()),
        Cell::day(c.outcome_on.as_deref()),
        c.working_days_to_outcome.map_or(Cell::Empty, |d| Cell::Number(d as f64)),
        Cell::day(c.notified_on.as_deref()),
        Cell::day(c.start_date.as_deref()),
        Cell::text(c.notification_type.as_deref()),
        Cell::yes_no(c.notified_before_start),
        Cell::yes_no(c.late_emergency),
        Cell::day(c.withdrawn_on.as_deref()),
        Cell::day(c.ended_on.as_deref()),
        Cell::day(c.end_date.as_deref()),
        Cell::text(c.end_reason.as_deref()),
        Cell::yes_no(c.end_told_late),
    ]
}

/// One row a case, for a spreadsheet.
pub fn csv(cases: &[&CaseRow], host: &crate::config::Host) -> String {
    let mut out = CASE_HEADERS.join(",");
    out.push('\n');
    for c in cases {
        out.push_str(&case_cells(c, host).iter().map(Cell::csv).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// The report as an Excel workbook: the figures, each chart's table (names with codes beside
/// them) and one row a case. Text is written as text, so a formula in it is never run.
pub fn workbook(report: &Report, cases: &[&CaseRow], host: &crate::config::Host) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("d mmmm yyyy");

    let sheet = book.add_worksheet().set_name("Summary")?;
    sheet.write_string_with_format(0, 0, "Management information report", &bold)?;
    sheet.write_string(1, 0, format!("{}: {} to {}", host.name, report.from.long(), report.to.long()))?;
    let (n, w, e) = (&report.notifications, &report.working_days_to_outcome, &report.endings);
    let figures: [(&str, Option<f64>); 12] = [
        ("Consultations received", Some(report.received as f64)),
        ("Outcomes recorded", Some(w.outcomes as f64)),
        ("Working days to outcome: median", w.median),
        ("Working days to outcome: mean", w.mean),
        ("Working days to outcome: longest", w.max.map(|m| m as f64)),
        ("Open consultations past their reply date, today", Some(report.open_past_reply_due as f64)),
        ("Notifications received", Some(n.total as f64)),
        ("Notified before the start", Some(n.before_start as f64)),
        ("Notified before the start (%)", n.share_before_start),
        ("Late emergency notifications (after 5 working days)", Some(n.late_emergency as f64)),
        ("Endings told", Some(e.total as f64)),
        ("Endings told more than 10 working days after the end", Some(e.told_late as f64)),
    ];
    for (row, (label, value)) in (3u32..).zip(figures) {
        sheet.write_string(row, 0, label)?;
        if let Some(v) = value {
            sheet.write_number(row, 1, v)?;
        }
    }
    sheet.set_column_width(0, 48)?;

    let tables: [(&str, [&str; 3], &[Bar]); 4] = [
        ("By division", ["Division", "Code", "Consultations"], &report.by_division),
        ("By placing authority", ["Placing authority", "GSS code", "Consultations"], &report.by_placing_authority),
        ("By outcome", ["Outcome", "Code", "Consultations"], &report.by_outcome),
        ("Working days to outcome", ["Working days", "", "Outcomes"], &report.working_days_distribution),
    ];
    for (name, headers, bars) in tables {
        let sheet = book.add_worksheet().set_name(name)?;
        for (col, header) in (0u16..).zip(headers) {
            sheet.write_string_with_format(0, col, header, &bold)?;
        }
        for (row, bar) in (1u32..).zip(bars) {
            sheet.write_string(row, 0, &bar.label)?;
            if let Some(code) = &bar.code {
                sheet.write_string(row, 1, code)?;
            }
            sheet.write_number(row, 2, bar.count as f64)?;
        }
        sheet.set_column_width(0, 32)?;
    }

    let sheet = book.add_worksheet().set_name("Cases")?;
    for (col, header) in (0u16..).zip(CASE_HEADERS) {
        sheet.write_string_with_format(0, col, header, &bold)?;
    }
    for (row, c) in (1u32..).zip(cases) {
        for (col, cell) in (0u16..).zip(case_cells(c, host)) {
            match cell {
                Cell::Text(v) => sheet.write_string(row, col, v).map(|_| ())?,
                Cell::Day(d) => {
                    let date = ExcelDateTime::from_ymd(u16::try_from(d.year()).unwrap_or(1900), d.month(), d.day())?;
                    sheet.write_datetime_with_format(row, col, &date, &day).map(|_| ())?;
                }
                Cell::Number(v) => sheet.write_number(row, col, v).map(|_| ())?,
                Cell::Empty => {}
            }
        }
    }
    book.save_to_buffer()
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
    use contract::report::Period;

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

    fn cases() -> Vec<CaseRow> {
        let mut a = case("OLA-AAAA-0001", "2026-10-05", "north-west");
        a.decision = Some("agreed".into());
        a.status = "agreed".into();
        a.outcome_on = Some("2026-10-09".into());
        a.working_days_to_outcome = Some(4);
        a.notified_on = Some("2026-10-20".into());
        a.notified_before_start = Some(true);
        let mut b = case("OLA-AAAA-0002", "2026-10-07", "north-west");
        b.decision = Some("challenged".into());
        b.status = "ended".into();
        b.outcome_on = Some("2026-10-20".into());
        b.working_days_to_outcome = Some(9);
        b.notified_on = Some("2026-10-30".into());
        b.notified_before_start = Some(false);
        b.late_emergency = Some(true);
        b.ended_on = Some("2026-11-25".into());
        b.end_told_late = Some(true);
        let mut c = case("OLA-AAAA-0003", "2026-11-02", "south-east");
        c.placing_authority = "E06000023".into();
        let d = case("OLA-AAAA-0004", "2026-06-02", "south-east");
        vec![a, b, c, d]
    }

    fn this(period: Period) -> ReportQuery {
        ReportQuery { period: Some(period), ..ReportQuery::default() }
    }

    #[test]
    fn counts_the_period_by_division_authority_and_outcome_with_timeliness() {
        let host = Config::sample().hosts.swap_remove(0);
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let r = build(&cases(), &host, today, &this(Period::ThisQuarter), Vec::new()).unwrap();
        assert_eq!((r.from.to_string(), r.to.to_string()), ("2026-10-01".into(), "2026-12-31".into()));
        assert_eq!(r.received, 3, "June's consultation is in another quarter");
        assert_eq!(
            r.consultations[0],
            Count {
                month: Date::from_ymd(2026, 10, 1).unwrap(),
                division: Some(contract::Named { code: "north-west".into(), name: "North/West".into() }),
                outcome: CaseStatus::Agreed,
                consultations: 1
            }
        );
        let bars = |b: &[Bar]| b.iter().map(|b| (b.label.clone(), b.count)).collect::<Vec<_>>();
        assert_eq!(bars(&r.by_division), [("North/West".to_owned(), 2), ("South/East".to_owned(), 1)]);
        assert_eq!(bars(&r.by_placing_authority), [("Leeds".to_owned(), 2), ("Bristol, City of".to_owned(), 1)]);
        assert_eq!(r.by_placing_authority[0].code.as_deref(), Some("E08000035"), "codes beside names");
        assert_eq!(
            bars(&r.by_outcome),
            [
                ("Awaiting outcome".to_owned(), 1),
                ("Agreed".to_owned(), 1),
                ("Challenged".to_owned(), 1),
                ("Withdrawn: not placed".to_owned(), 0)
            ]
        );
        assert_eq!(r.working_days_to_outcome, Spread { outcomes: 2, mean: Some(6.5), median: Some(6.5), max: Some(9) });
        assert_eq!(r.working_days_distribution.iter().map(|b| b.count).collect::<Vec<_>>(), [0, 1, 1, 0, 0]);
        assert_eq!(
            r.notifications,
            Notifications { total: 2, before_start: 1, share_before_start: Some(50.0), late_emergency: 1 }
        );
        assert_eq!(r.open_past_reply_due, 2, "the open consultations past their reply date, today");
        assert_eq!(r.endings, Endings { total: 1, told_late: 1 });
    }

    #[test]
    fn the_period_and_filters_change_the_figures() {
        let host = Config::sample().hosts.swap_remove(0);
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let month = build(&cases(), &host, today, &this(Period::ThisMonth), Vec::new()).unwrap();
        assert_eq!((month.received, month.notifications.total, month.endings.total), (1, 0, 1));
        let year = build(&cases(), &host, today, &this(Period::ThisFinancialYear), Vec::new()).unwrap();
        assert_eq!(year.received, 4);
        let leeds = ReportQuery { placing_authority: Some("E08000035".into()), ..this(Period::ThisFinancialYear) };
        assert_eq!(build(&cases(), &host, today, &leeds, Vec::new()).unwrap().received, 3);
        let challenged = ReportQuery { outcome: Some(CaseStatus::Challenged), ..this(Period::ThisFinancialYear) };
        let r = build(&cases(), &host, today, &challenged, Vec::new()).unwrap();
        assert_eq!((r.received, r.notifications.total), (1, 1));
        let south_east = ReportQuery { division: Some("south-east".into()), ..this(Period::ThisFinancialYear) };
        assert_eq!(build(&cases(), &host, today, &south_east, Vec::new()).unwrap().working_days_to_outcome.outcomes, 0);
        let custom = ReportQuery { period: Some(Period::Custom), ..ReportQuery::default() };
        assert!(
            build(&cases(), &host, today, &custom, Vec::new())
                .unwrap_err()
                .starts_with("Enter the first and last days")
        );
        let all = cases();
        let rows = period_rows(&all, span(&this(Period::ThisMonth), today).unwrap(), &this(Period::ThisMonth));
        assert_eq!(rows.iter().map(|c| c.reference.as_str()).collect::<Vec<_>>(), ["OLA-AAAA-0002", "OLA-AAAA-0003"]);
    }

    #[test]
    fn the_workbook_has_the_figures_each_chart_and_each_case() {
        let host = Config::sample().hosts.swap_remove(0);
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let mut all = cases();
        all[0].district = Some("=HYPERLINK(\"x\")".into());
        let q = this(Period::ThisQuarter);
        let report = build(&all, &host, today, &q, Vec::new()).unwrap();
        let book = workbook(&report, &period_rows(&all, span(&q, today).unwrap(), &q), &host).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert!(names.iter().filter(|n| n.starts_with("xl/worksheets/sheet")).count() == 6, "{names:?}");
        let mut strings = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
        for text in
            ["Kent County Council: 1 October 2026 to 31 December 2026", "Bristol, City of", "E06000023", "North/West"]
        {
            assert!(strings.contains(text), "{text}");
        }
        assert!(strings.contains("=HYPERLINK(\"x\")"), "the district, as written");
        let mut cases_sheet = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet6.xml").unwrap(), &mut cases_sheet).unwrap();
        assert!(!cases_sheet.contains("<f>"), "text is never a formula");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let host = Config::sample().hosts.swap_remove(0);
        let mut c = case("OLA-AAAA-0001", "2026-10-05", "north-west");
        c.district = Some("=HYPERLINK(\"x\")".into());
        let text = csv(&[&c], &host);
        let row = text.lines().nth(1).unwrap();
        assert!(
            row.starts_with("OLA-AAAA-0001,2026-10,North/West,\"'=HYPERLINK(\"\"x\"\")\",E08000035,Leeds,"),
            "{row}"
        );
    }
}
