//! The Solar Hijri calendar of Afghanistan (and Iran): dates as people in Kabul and Herat
//! write them, converted to and from the Gregorian dates Panah stores.
//!
//! A year starts at the March equinox (Nowruz, 1 Hamal). Its first six months have 31
//! days, the next five 30, and the last (Hut) 29, or 30 in a leap year. Which years are
//! leap is decided by astronomy; between 1178 and 1633 SH (1799 to 2254 CE) the
//! observations agree with the 33-year arithmetic rule used here: year `y` is leap when
//! `(25 y + 11) mod 33 < 8`. Outside that span the rule drifts from the sky, so dates
//! outside it are refused rather than converted wrongly.
//!
//! Only arithmetic lives here; month names in Dari and Pashto belong to the pages' language
//! resources.

use std::fmt;

use time::{Date, Month};

/// The first Solar Hijri year converted (1 Hamal 1178 is 21 March 1799).
pub const FIRST_YEAR: i32 = 1178;
/// The last Solar Hijri year converted (its Hut ends in March 2255).
pub const LAST_YEAR: i32 = 1633;

/// A day of the Solar Hijri calendar, within the span this module converts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SolarHijriDate {
    year: i32,
    month: u8,
    day: u8,
}

/// The numbers given do not name a day of the Solar Hijri calendar this module converts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a Solar Hijri date between {FIRST_YEAR} and {LAST_YEAR}")]
pub struct SolarHijriError;

/// The Gregorian day of 1 Hamal 1403, from which every other year is counted.
const ANCHOR_YEAR: i32 = 1403;
const ANCHOR_JULIAN_DAY: i32 = 2_460_390; // 20 March 2024

/// Whether `year` has 366 days (a 30th of Hut).
pub const fn is_leap_year(year: i32) -> bool {
    (25 * year + 11).rem_euclid(33) < 8
}

/// How many leap years come before `year`, counted from year 1 of the arithmetic rule.
/// Closed form of counting `is_leap_year` (a test checks the two agree).
const fn leap_years_before(year: i32) -> i32 {
    (8 * year + 21).div_euclid(33)
}

/// The days of `month` (1 to 12) in `year`.
pub const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1..=6 => 31,
        7..=11 => 30,
        _ if is_leap_year(year) => 30,
        _ => 29,
    }
}

/// The Julian day number of 1 Hamal of `year`.
const fn new_year_julian_day(year: i32) -> i32 {
    ANCHOR_JULIAN_DAY + 365 * (year - ANCHOR_YEAR) + leap_years_before(year)
        - leap_years_before(ANCHOR_YEAR)
}

/// Days from 1 Hamal to the first of `month` (1 to 12).
const fn days_before_month(month: u8) -> i32 {
    let m = month as i32 - 1;
    if m <= 6 { 31 * m } else { 186 + 30 * (m - 6) }
}

impl SolarHijriDate {
    /// The day `day` of month `month` (1 = Hamal … 12 = Hut) of `year`.
    pub fn new(year: i32, month: u8, day: u8) -> Result<SolarHijriDate, SolarHijriError> {
        let valid = (FIRST_YEAR..=LAST_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        if valid {
            Ok(SolarHijriDate { year, month, day })
        } else {
            Err(SolarHijriError)
        }
    }

    /// The Solar Hijri date of a Gregorian `date`, if it falls in the span converted.
    pub fn from_gregorian(date: Date) -> Result<SolarHijriDate, SolarHijriError> {
        let julian_day = date.to_julian_day();
        // The year starts in March of Gregorian year − 621, or the year before that.
        let mut year = date.year() - 621;
        if julian_day < new_year_julian_day(year) {
            year -= 1;
        }
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(SolarHijriError);
        }
        let day_of_year = julian_day - new_year_julian_day(year);
        let month = if day_of_year < 186 {
            day_of_year / 31 + 1
        } else {
            (day_of_year - 186) / 30 + 7
        };
        let month = u8::try_from(month).map_err(|_| SolarHijriError)?;
        let day = u8::try_from(day_of_year - days_before_month(month) + 1)
            .map_err(|_| SolarHijriError)?;
        SolarHijriDate::new(year, month, day)
    }

    /// The Gregorian date of this day.
    pub fn to_gregorian(self) -> Date {
        let julian_day =
            new_year_julian_day(self.year) + days_before_month(self.month) + i32::from(self.day)
                - 1;
        // Every year of the span converted lies well inside `time`'s range.
        Date::from_julian_day(julian_day).unwrap_or(Date::MIN)
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 (Hamal) to 12 (Hut).
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub const fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for SolarHijriDate {
    /// `1405-01-01`: year, month and day as numbers, like ISO 8601 does for Gregorian dates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Reads `YYYY-MM-DD` as a date of either calendar: a year before 1700 can only be Solar
/// Hijri (Panah records nothing from before then), a later one is Gregorian. Slashes or
/// dots may separate the numbers, and Persian or Arabic-Indic digits are read like ASCII
/// digits, as a Dari or Pashto keyboard types them.
pub fn parse_either_calendar(text: &str) -> Option<Date> {
    let digits: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '/' | '.' => '-',
            other => other,
        })
        .collect();
    let mut parts = digits.split('-');
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let number = |part: &str, max_len: usize| {
        (!part.is_empty() && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i32>().ok())
            .flatten()
    };
    let (year, month, day) = (number(year, 4)?, number(month, 2)?, number(day, 2)?);
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    if year < 1700 {
        SolarHijriDate::new(year, month, day)
            .ok()
            .map(SolarHijriDate::to_gregorian)
    } else {
        Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn sh(year: i32, month: u8, day: u8) -> SolarHijriDate {
        SolarHijriDate::new(year, month, day).unwrap()
    }

    /// Nowruz (1 Hamal) of each year, as Afghanistan's and Iran's published calendars give
    /// it: leap years 1395, 1399 and 1403 move the next one a day later.
    const NEW_YEARS: &[(i32, Date)] = &[
        (1300, date!(1921 - 03 - 21)),
        (1354, date!(1975 - 03 - 21)),
        (1375, date!(1996 - 03 - 20)),
        (1395, date!(2016 - 03 - 20)),
        (1396, date!(2017 - 03 - 21)),
        (1397, date!(2018 - 03 - 21)),
        (1398, date!(2019 - 03 - 21)),
        (1399, date!(2020 - 03 - 20)),
        (1400, date!(2021 - 03 - 21)),
        (1401, date!(2022 - 03 - 21)),
        (1402, date!(2023 - 03 - 21)),
        (1403, date!(2024 - 03 - 20)),
        (1404, date!(2025 - 03 - 21)),
        (1405, date!(2026 - 03 - 21)),
    ];

    #[test]
    fn new_years_day_matches_the_published_table_both_ways() {
        for &(year, gregorian) in NEW_YEARS {
            assert_eq!(sh(year, 1, 1).to_gregorian(), gregorian, "{year}");
            assert_eq!(
                SolarHijriDate::from_gregorian(gregorian),
                Ok(sh(year, 1, 1)),
                "{gregorian}"
            );
        }
    }

    #[test]
    fn days_inside_the_year_match_the_published_table_both_ways() {
        for (solar, gregorian) in [
            (sh(1403, 12, 30), date!(2025 - 03 - 20)), // a leap year's 30 Hut
            (sh(1399, 12, 30), date!(2021 - 03 - 20)),
            (sh(1402, 12, 29), date!(2024 - 03 - 19)), // a common year's last day
            (sh(1403, 7, 1), date!(2024 - 09 - 22)),   // 1 Mizan
            (sh(1403, 10, 1), date!(2024 - 12 - 21)),  // 1 Jadi, the day after Yalda
            (sh(1403, 6, 31), date!(2024 - 09 - 21)),
            (sh(1404, 5, 28), date!(2025 - 08 - 19)), // Afghanistan's independence day
            (sh(1405, 1, 1), date!(2026 - 03 - 21)),
        ] {
            assert_eq!(solar.to_gregorian(), gregorian, "{solar}");
            assert_eq!(
                SolarHijriDate::from_gregorian(gregorian),
                Ok(solar),
                "{gregorian}"
            );
        }
    }

    #[test]
    fn leap_years_follow_the_observed_ones() {
        let leap: Vec<i32> = (1390..=1412).filter(|&y| is_leap_year(y)).collect();
        assert_eq!(leap, [1391, 1395, 1399, 1403, 1408, 1412]);
        assert!(SolarHijriDate::new(1404, 12, 30).is_err());
        assert_eq!(days_in_month(1403, 12), 30);
        assert_eq!(days_in_month(1404, 12), 29);
    }

    #[test]
    fn the_closed_form_count_of_leap_years_agrees_with_counting_them() {
        let mut counted = 0;
        for year in 1..=LAST_YEAR + 1 {
            assert_eq!(leap_years_before(year), counted, "{year}");
            counted += i32::from(is_leap_year(year));
        }
    }

    #[test]
    fn every_day_of_the_span_converts_there_and_back() {
        let first = sh(FIRST_YEAR, 1, 1).to_gregorian();
        let last = sh(LAST_YEAR, 12, days_in_month(LAST_YEAR, 12)).to_gregorian();
        assert_eq!(first, date!(1799 - 03 - 21));
        let mut day = first;
        let mut previous: Option<SolarHijriDate> = None;
        while day <= last {
            let solar = SolarHijriDate::from_gregorian(day).unwrap();
            assert_eq!(solar.to_gregorian(), day);
            if let Some(previous) = previous {
                assert!(previous < solar, "{previous} then {solar}");
            }
            previous = Some(solar);
            day = day.next_day().unwrap();
        }
        assert!(SolarHijriDate::from_gregorian(first.previous_day().unwrap()).is_err());
        assert!(SolarHijriDate::from_gregorian(last.next_day().unwrap()).is_err());
    }

    #[test]
    fn impossible_days_are_refused() {
        for (y, m, d) in [
            (1403, 0, 1),
            (1403, 13, 1),
            (1403, 1, 0),
            (1403, 7, 31),
            (1100, 1, 1),
        ] {
            assert_eq!(
                SolarHijriDate::new(y, m, d),
                Err(SolarHijriError),
                "{y}-{m}-{d}"
            );
        }
    }

    #[test]
    fn a_typed_date_is_read_in_either_calendar() {
        assert_eq!(
            parse_either_calendar("1405-01-01"),
            Some(date!(2026 - 03 - 21))
        );
        assert_eq!(
            parse_either_calendar("۱۴۰۳/۱۲/۳۰"),
            Some(date!(2025 - 03 - 20))
        );
        assert_eq!(
            parse_either_calendar("١٤٠٤.٠١.٠١"),
            Some(date!(2025 - 03 - 21))
        );
        assert_eq!(
            parse_either_calendar(" 2026-03-21 "),
            Some(date!(2026 - 03 - 21))
        );
        assert_eq!(
            parse_either_calendar("2026-3-1"),
            Some(date!(2026 - 03 - 01))
        );
        for refused in [
            "",
            "1404-12-30",
            "2025-02-29",
            "1405-01",
            "1405-01-01-01",
            "x-1-1",
            "+1405-1-1",
        ] {
            assert_eq!(parse_either_calendar(refused), None, "{refused}");
        }
    }
}
