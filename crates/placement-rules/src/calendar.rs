//! Working days in England and Wales: weekdays that are not bank holidays.
//!
//! Regulation 13(4) gives an emergency placement 5 working days for its notification, and
//! regulation 14 gives 10 after a placement ends; the host's reply target is counted the same way.

use std::sync::LazyLock;

use crate::date::Date;

/// Whether a bank holiday has been announced or only follows the usual pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayStatus {
    Published,
    /// Follows the Banking and Financial Dealings Act pattern; check when announced.
    Projected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankHoliday {
    pub date: Date,
    pub name: String,
    pub status: HolidayStatus,
}

/// The bank holidays a calculation uses. Dates outside `first_year..=last_year` are counted as
/// if no holiday fell on them, so callers can tell the user when that happens.
#[derive(Debug, Clone)]
pub struct Calendar {
    holidays: Vec<BankHoliday>,
    first_year: i32,
    last_year: i32,
}

static ENGLAND_AND_WALES: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_csv(include_str!("../data/bank_holidays_england_wales.csv"))
        .expect("the compiled-in bank holiday table is valid (checked by tests)")
});

impl Calendar {
    /// Bank holidays in England and Wales, 2020–2030.
    pub fn england_and_wales() -> &'static Calendar {
        &ENGLAND_AND_WALES
    }

    /// Reads `date,name,status` rows (with a header), `status` being `published` or `projected`.
    pub fn from_csv(text: &str) -> Result<Self, String> {
        let mut holidays = Vec::new();
        for (n, line) in text.lines().enumerate().skip(1).filter(|(_, l)| !l.trim().is_empty()) {
            let mut cols = line.splitn(3, ',');
            let (Some(date), Some(name), Some(status)) = (cols.next(), cols.next(), cols.next()) else {
                return Err(format!("line {}: expected date,name,status", n + 1));
            };
            let date = Date::parse_iso(date).ok_or_else(|| format!("line {}: bad date", n + 1))?;
            let status = match status.trim() {
                "published" => HolidayStatus::Published,
                "projected" => HolidayStatus::Projected,
                other => return Err(format!("line {}: unknown status {other}", n + 1)),
            };
            holidays.push(BankHoliday { date, name: name.to_owned(), status });
        }
        holidays.sort_by_key(|h| h.date);
        let first_year = holidays.first().map_or(0, |h| h.date.year());
        let last_year = holidays.last().map_or(0, |h| h.date.year());
        Ok(Self { holidays, first_year, last_year })
    }

    pub fn holidays(&self) -> &[BankHoliday] {
        &self.holidays
    }

    /// True when `date`'s year is one this calendar knows the holidays of.
    pub fn covers(&self, date: Date) -> bool {
        (self.first_year..=self.last_year).contains(&date.year())
    }

    pub fn is_bank_holiday(&self, date: Date) -> bool {
        self.holidays.binary_search_by_key(&date, |h| h.date).is_ok()
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        !date.is_weekend() && !self.is_bank_holiday(date)
    }

    /// The date `n` working days after `from` (the day `from` itself not counted).
    pub fn add_working_days(&self, from: Date, n: u32) -> Date {
        let mut date = from;
        let mut left = n;
        while left > 0 {
            match date.next_day() {
                Some(next) => date = next,
                None => return date,
            }
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// The working day `n` working days before `to`: the day a reminder "two working days before"
    /// is sent.
    pub fn working_days_before(&self, to: Date, n: u32) -> Date {
        let mut date = to;
        let mut left = n;
        while left > 0 {
            match date.previous_day() {
                Some(previous) => date = previous,
                None => return date,
            }
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// Working days after `from` up to and including `to`; 0 when `to` is not after `from`.
    /// A request on Friday answered on Monday took 1 working day.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut date = from;
        while date < to {
            match date.next_day() {
                Some(next) => date = next,
                None => break,
            }
            if self.is_working_day(date) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    /// Easter Sunday, Gregorian (the anonymous algorithm), to check the table's Easter dates.
    fn easter(year: i32) -> Date {
        let a = year % 19;
        let b = year / 100;
        let c = year % 100;
        let d_ = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d_ - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        Date::from_ymd(year, month as u8, day as u8).unwrap()
    }

    #[test]
    fn table_covers_2020_to_2030_with_eight_or_more_a_year() {
        let cal = Calendar::england_and_wales();
        for year in 2020..=2030 {
            let n = cal.holidays().iter().filter(|h| h.date.year() == year).count();
            assert!(n >= 8, "{year} has {n} bank holidays");
        }
        assert!(cal.covers(d(2030, 12, 31)));
        assert!(!cal.covers(d(2031, 1, 1)));
    }

    #[test]
    fn no_bank_holiday_falls_on_a_weekend() {
        for h in Calendar::england_and_wales().holidays() {
            assert!(!h.date.is_weekend(), "{} {} is a weekend", h.date, h.name);
        }
    }

    #[test]
    fn good_friday_and_easter_monday_follow_easter() {
        let cal = Calendar::england_and_wales();
        for year in 2020..=2030 {
            let e = easter(year);
            let good_friday = e.previous_day().unwrap().previous_day().unwrap();
            let easter_monday = e.next_day().unwrap();
            assert!(cal.is_bank_holiday(good_friday), "Good Friday {year}");
            assert!(cal.is_bank_holiday(easter_monday), "Easter Monday {year}");
        }
    }

    #[test]
    fn special_bank_holidays_are_in() {
        let cal = Calendar::england_and_wales();
        for special in [d(2020, 5, 8), d(2022, 6, 3), d(2022, 9, 19), d(2023, 5, 8)] {
            assert!(cal.is_bank_holiday(special), "{special}");
        }
        // The 2020 early May and 2022 spring holidays moved, so their usual days are working days.
        assert!(cal.is_working_day(d(2020, 5, 4)));
        assert!(cal.is_working_day(d(2022, 5, 30)));
    }

    #[test]
    fn working_days_before_step_back_over_weekends_and_bank_holidays() {
        let c = Calendar::england_and_wales();
        let d = |y, m, day| Date::from_ymd(y, m, day).unwrap();
        // Two working days before Wednesday 6 January 2027: Monday 4th (New Year's Day was Friday).
        assert_eq!(c.working_days_before(d(2027, 1, 6), 2), d(2027, 1, 4));
        // Two before Tuesday 29 December 2026: Wednesday 23rd (the 25th and 28th are bank holidays).
        assert_eq!(c.working_days_before(d(2026, 12, 29), 2), d(2026, 12, 23));
        for n in 0..12 {
            let from = d(2026, 12, 10);
            assert_eq!(c.working_days_before(c.add_working_days(from, n), n), from, "{n} there and back");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_christmas() {
        let cal = Calendar::england_and_wales();
        // Thursday 24 Dec 2026 + 5 working days: 25 Fri hol, 26-27 weekend, 28 Mon hol.
        assert_eq!(cal.add_working_days(d(2026, 12, 24), 5), d(2027, 1, 5));
        assert_eq!(cal.working_days_between(d(2026, 12, 24), d(2027, 1, 5)), 5);
        // Friday to Monday is one working day.
        assert_eq!(cal.working_days_between(d(2026, 11, 20), d(2026, 11, 23)), 1);
        assert_eq!(cal.working_days_between(d(2026, 11, 23), d(2026, 11, 20)), 0);
    }

    #[test]
    fn bad_rows_are_reported_not_panicked_on() {
        assert!(Calendar::from_csv("date,name,status\n2026-13-01,x,published").is_err());
        assert!(Calendar::from_csv("date,name,status\n2026-12-25,x,maybe").is_err());
        assert!(Calendar::from_csv("date,name,status\nonlyone").is_err());
    }
}
