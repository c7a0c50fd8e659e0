//! Calendar dates as the forms carry them: `YYYY-MM-DD` on the wire, where a part may be missing
//! while a person is still typing (`2010--3`). Parsing turns that into a real [`Date`] or a
//! message in the GOV.UK date-input style ("Date of birth must include a month").

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::finding::{Finding, Kind};

/// A calendar date, with no time and no zone: the forms and the regulations count in days.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// A date from its parts, if the parts make a real date.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day).ok().map(Self)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Monday is 0, Sunday is 6.
    pub fn weekday_from_monday(self) -> u8 {
        self.0.weekday().number_days_from_monday()
    }

    pub fn is_weekend(self) -> bool {
        self.weekday_from_monday() >= 5
    }

    pub fn next_day(self) -> Option<Self> {
        self.0.next_day().map(Self)
    }

    pub fn previous_day(self) -> Option<Self> {
        self.0.previous_day().map(Self)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        i64::from(later.0.to_julian_day()) - i64::from(self.0.to_julian_day())
    }

    /// Age in completed years on `on`, as the law counts it: a birthday on 29 February is
    /// reached on 1 March in a common year.
    pub fn age_on(self, on: Date) -> i32 {
        let mut age = on.year() - self.year();
        if (on.month(), on.day()) < (self.month(), self.day()) {
            age -= 1;
        }
        age
    }

    /// Parses strict ISO `YYYY-MM-DD`, as reference data carries it.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let parts = DateParts::split(text)?;
        if parts.year.len() != 4 || parts.month.len() != 2 || parts.day.len() != 2 {
            return None;
        }
        parts.to_date()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Date {
    /// `1 March 2026`, the GOV.UK way of writing a date for people.
    pub fn long(self) -> String {
        format!("{} {}", self.day(), self.month_and_year())
    }

    /// `March 2026`: a month in a report, as people write it.
    pub fn month_and_year(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = MONTHS.get(usize::from(self.month()).saturating_sub(1)).unwrap_or(&"");
        format!("{month} {}", self.year())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse_iso(&text).ok_or_else(|| serde::de::Error::custom("not a date (YYYY-MM-DD)"))
    }
}

/// The three boxes of a GOV.UK date input, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    /// Splits the wire form `YYYY-MM-DD` (parts may be empty). `None` if it is not three parts.
    pub fn split(text: &str) -> Option<Self> {
        let mut it = text.splitn(3, '-');
        let year = it.next()?.trim().to_owned();
        let month = it.next()?.trim().to_owned();
        let day = it.next()?.trim().to_owned();
        Some(Self { day, month, year })
    }

    /// The wire form of what was typed, kept even when it is not yet a real date, so a draft
    /// never loses an answer.
    pub fn join(&self) -> String {
        if self.day.trim().is_empty() && self.month.trim().is_empty() && self.year.trim().is_empty() {
            return String::new();
        }
        format!("{}-{}-{}", self.year.trim(), self.month.trim(), self.day.trim())
    }

    fn to_date(&self) -> Option<Date> {
        let year: i32 = digits(&self.year)?;
        let month: u8 = digits(&self.month)?;
        let day: u8 = digits(&self.day)?;
        Date::from_ymd(year, month, day)
    }
}

fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Reads a date answer for the field at `path`, labelled `label` in messages ("Date of birth").
///
/// Returns `Ok(None)` when the answer is empty: whether it is required is the caller's rule.
pub fn parse_answer(text: &str, path: &str, label: &str) -> Result<Option<Date>, Finding> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let format_error = || Finding::error(path, Kind::Format, format!("{label} must be a real date, like 27 3 2010"));
    let parts = DateParts::split(text).ok_or_else(format_error)?;
    let missing: Vec<&str> = [("day", &parts.day), ("month", &parts.month), ("year", &parts.year)]
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(n, _)| *n)
        .collect();
    match missing.as_slice() {
        [] => {}
        [one] => {
            return Err(Finding::error(path, Kind::Format, format!("{label} must include a {one}")));
        }
        [a, b] => {
            return Err(Finding::error(path, Kind::Format, format!("{label} must include a {a} and {b}")));
        }
        _ => return Ok(None),
    }
    if parts.year.len() != 4 && digits::<i32>(&parts.year).is_some() {
        return Err(Finding::error(path, Kind::Format, "Year must include 4 numbers"));
    }
    parts.to_date().map(Some).ok_or_else(|| Finding::error(path, Kind::NotReal, format!("{label} must be a real date")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn age_counts_completed_years_and_leap_day_birthdays() {
        assert_eq!(d(2010, 3, 27).age_on(d(2026, 3, 26)), 15);
        assert_eq!(d(2010, 3, 27).age_on(d(2026, 3, 27)), 16);
        assert_eq!(d(2008, 2, 29).age_on(d(2026, 2, 28)), 17);
        assert_eq!(d(2008, 2, 29).age_on(d(2026, 3, 1)), 18);
    }

    #[test]
    fn answers_give_govuk_date_input_messages() {
        let msg = |t: &str| parse_answer(t, "child.date_of_birth", "Date of birth").unwrap_err().message;
        assert_eq!(msg("2010--3"), "Date of birth must include a month");
        assert_eq!(msg("--3"), "Date of birth must include a month and year");
        assert_eq!(msg("2010-2-30"), "Date of birth must be a real date");
        assert_eq!(msg("10-2-3"), "Year must include 4 numbers");
        assert_eq!(msg("2010-x-3"), "Date of birth must be a real date");
        assert_eq!(msg("nonsense"), "Date of birth must be a real date, like 27 3 2010");
        assert_eq!(parse_answer("", "f", "Date").unwrap(), None);
        assert_eq!(parse_answer("2010-3-7", "f", "Date").unwrap(), Some(d(2010, 3, 7)));
    }

    #[test]
    fn wire_form_round_trips_and_keeps_partial_answers() {
        assert_eq!(serde_json::to_string(&d(2026, 1, 5)).unwrap(), "\"2026-01-05\"");
        let parts = DateParts { day: "5".into(), month: String::new(), year: "2026".into() };
        assert_eq!(parts.join(), "2026--5");
        assert_eq!(DateParts::split("2026--5").unwrap(), parts);
        assert!(serde_json::from_str::<Date>("\"2026-1-5\"").is_err());
    }

    #[test]
    fn long_form_is_for_people() {
        assert_eq!(d(2026, 3, 1).long(), "1 March 2026");
        assert_eq!(d(2026, 11, 30).month_and_year(), "November 2026");
    }
}
