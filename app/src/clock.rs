//! "Today", read once from the browser: the rules never read a clock themselves.

use placement_rules::Date;

/// The browser's local date (the user's working day, which is what the regulations count).
#[cfg(target_arch = "wasm32")]
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    let (y, m, d) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    Date::from_ymd(y as i32, m as u8, d as u8).unwrap_or_else(fallback)
}

/// Native builds (unit tests) have no browser; they use a fixed day.
#[cfg(not(target_arch = "wasm32"))]
pub fn today() -> Date {
    fallback()
}

fn fallback() -> Date {
    Date::from_ymd(2026, 1, 1).expect("a real date")
}
