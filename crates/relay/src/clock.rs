//! The relay's clock: the only place that reads the time. "Today" for the rules is the date in
//! England (UK time), because that is the social worker's and the host's working day.

use placement_rules::Date;
use time::{Duration, OffsetDateTime, UtcOffset, Weekday};

pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Fixed-width RFC 3339 UTC text (`2026-11-23T15:16:00.123456Z`), so text order is time order
/// in both SQLite and PostgreSQL.
pub fn timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

/// The last Sunday of a month, at 01:00 UTC: when British Summer Time starts (March) or ends
/// (October).
fn last_sunday_0100_utc(year: i32, month: time::Month) -> OffsetDateTime {
    let first_of_next = match month {
        time::Month::December => time::Date::from_calendar_date(year + 1, time::Month::January, 1),
        m => time::Date::from_calendar_date(year, m.next(), 1),
    }
    .unwrap_or(time::Date::MIN);
    let mut day = first_of_next.previous_day().unwrap_or(time::Date::MIN);
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().unwrap_or(time::Date::MIN);
    }
    day.with_hms(1, 0, 0).unwrap_or(time::PrimitiveDateTime::MIN).assume_utc()
}

/// The date in the UK at instant `t`.
pub fn uk_date(t: OffsetDateTime) -> Date {
    let t = t.to_offset(UtcOffset::UTC);
    let bst = t >= last_sunday_0100_utc(t.year(), time::Month::March)
        && t < last_sunday_0100_utc(t.year(), time::Month::October);
    let local = if bst { t + Duration::hours(1) } else { t };
    Date::from_ymd(local.year(), u8::from(local.month()), local.day())
        .unwrap_or_else(|| Date::from_ymd(2000, 1, 1).unwrap_or_else(|| unreachable!("2000-01-01 is a real date")))
}

pub fn uk_today() -> Date {
    uk_date(now())
}

/// The instant a UK day begins: midnight in London, as UTC (23:00 the day before in summer).
pub fn uk_midnight(day: Date) -> OffsetDateTime {
    let utc_midnight = time::Month::try_from(day.month())
        .ok()
        .and_then(|m| time::Date::from_calendar_date(day.year(), m, day.day()).ok())
        .unwrap_or(time::Date::MIN)
        .midnight()
        .assume_utc();
    let summer = utc_midnight - Duration::hours(1);
    if uk_date(summer) == day { summer } else { utc_midnight }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn uk_date_follows_british_summer_time() {
        let d = |t| uk_date(t).to_string();
        assert_eq!(d(datetime!(2026-06-30 23:30 UTC)), "2026-07-01", "BST: 00:30 the next day");
        assert_eq!(d(datetime!(2026-12-31 23:30 UTC)), "2026-12-31", "GMT");
        assert_eq!(d(datetime!(2026-03-29 00:59 UTC)), "2026-03-29", "just before BST starts");
        assert_eq!(d(datetime!(2026-10-24 23:30 UTC)), "2026-10-25", "BST still on the Saturday night");
        assert_eq!(d(datetime!(2026-10-25 23:30 UTC)), "2026-10-25", "GMT after the clocks go back");
    }

    #[test]
    fn a_uk_day_begins_at_midnight_in_london() {
        let d = |s| Date::parse_iso(s).unwrap();
        assert_eq!(uk_midnight(d("2026-12-03")), datetime!(2026-12-03 00:00 UTC));
        assert_eq!(uk_midnight(d("2026-07-01")), datetime!(2026-06-30 23:00 UTC));
    }

    #[test]
    fn timestamps_have_a_fixed_width() {
        assert_eq!(timestamp(datetime!(2026-01-02 03:04:05.000007 UTC)), "2026-01-02T03:04:05.000007Z");
    }
}
