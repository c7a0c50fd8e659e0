//! Moments as people in the UK read them: the relay keeps UTC (`2026-07-01T13:05:00.000000Z`); a
//! page says "1 July 2026 at 2:05pm", in British Summer Time when it applies.

use placement_rules::Date;

/// The last Sunday of a month.
fn last_sunday(year: i32, month: u8) -> Option<Date> {
    let mut d = Date::from_ymd(year, month, 31)?;
    while d.weekday_from_monday() != 6 {
        d = d.previous_day()?;
    }
    Some(d)
}

/// Whether a UTC moment falls in British Summer Time: from 01:00 UTC on the last Sunday of March
/// to 01:00 UTC on the last Sunday of October (the Summer Time Order 2002).
fn in_summer_time(day: Date, hour: u8) -> bool {
    let (Some(start), Some(end)) = (last_sunday(day.year(), 3), last_sunday(day.year(), 10)) else { return false };
    (day > start || (day == start && hour >= 1)) && (day < end || (day == end && hour < 1))
}

/// `2026-07-01T13:05:00.000000Z` → `1 July 2026 at 2:05pm`; `None` when it is not such a moment.
pub fn uk_time(utc: &str) -> Option<String> {
    let day = Date::parse_iso(utc.get(..10)?)?;
    let hour: u8 = utc.get(11..13)?.parse().ok()?;
    let minute: u8 = utc.get(14..16)?.parse().ok()?;
    if utc.get(10..11) != Some("T") || hour > 23 || minute > 59 {
        return None;
    }
    let (day, hour) = if in_summer_time(day, hour) {
        if hour == 23 { (day.next_day()?, 0) } else { (day, hour + 1) }
    } else {
        (day, hour)
    };
    let (twelve, half) = match hour {
        0 => (12, "am"),
        1..=11 => (hour, "am"),
        12 => (12, "pm"),
        _ => (hour - 12, "pm"),
    };
    Some(format!("{} at {twelve}:{minute:02}{half}", day.long()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winter_is_gmt_and_summer_is_bst() {
        assert_eq!(uk_time("2026-11-30T14:05:09.000001Z").as_deref(), Some("30 November 2026 at 2:05pm"));
        assert_eq!(uk_time("2026-07-01T13:05:00.000000Z").as_deref(), Some("1 July 2026 at 2:05pm"));
        assert_eq!(uk_time("2026-07-01T23:30:00.000000Z").as_deref(), Some("2 July 2026 at 12:30am"));
        assert_eq!(uk_time("2026-01-01T00:00:00Z").as_deref(), Some("1 January 2026 at 12:00am"));
        assert_eq!(uk_time("2026-01-01T12:00:00Z").as_deref(), Some("1 January 2026 at 12:00pm"));
    }

    #[test]
    fn the_clocks_change_at_one_in_the_morning_utc() {
        // 2026: BST from Sunday 29 March to Sunday 25 October.
        assert_eq!(uk_time("2026-03-29T00:59:00Z").as_deref(), Some("29 March 2026 at 12:59am"));
        assert_eq!(uk_time("2026-03-29T01:00:00Z").as_deref(), Some("29 March 2026 at 2:00am"));
        assert_eq!(uk_time("2026-10-25T00:59:00Z").as_deref(), Some("25 October 2026 at 1:59am"));
        assert_eq!(uk_time("2026-10-25T01:00:00Z").as_deref(), Some("25 October 2026 at 1:00am"));
    }

    #[test]
    fn anything_else_is_not_a_moment() {
        for bad in ["", "2026-11-30", "2026-11-30 14:05", "2026-11-30T25:00:00Z", "yesterday"] {
            assert_eq!(uk_time(bad), None, "{bad}");
        }
    }
}
