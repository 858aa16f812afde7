//! Which dates Panah takes: Gregorian ones, within the years its records can concern.
//! Afghanistan's Solar Hijri calendar runs about 621 years behind, so a Solar Hijri date
//! typed where a Gregorian one is asked (`1405-09-12`) parses as a valid date of the 15th
//! century; refusing years outside this range catches it with a message that says why.

use time::Date;

/// The earliest year a date may fall in: nobody assisted was born before it.
pub const EARLIEST_YEAR: i32 = 1900;

/// The latest year a date may fall in: no plan reaches further.
pub const LATEST_YEAR: i32 = 2100;

/// What is wrong with a date typed as Gregorian, if anything. The message never quotes
/// the date: it may be someone's date of birth.
pub fn gregorian_problem(date: Date) -> Option<&'static str> {
    if date.year() < EARLIEST_YEAR {
        Some(
            "must be a Gregorian date written YYYY-MM-DD; a year before 1900 looks like a \
             Solar Hijri date (the Solar Hijri year 1405 began on 21 March 2026)",
        )
    } else if date.year() > LATEST_YEAR {
        Some("must be a Gregorian date written YYYY-MM-DD, in a year up to 2100")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_solar_hijri_date_typed_as_gregorian_is_named_as_such() {
        let problem = gregorian_problem(date!(1405 - 09 - 12)).unwrap();
        assert!(problem.contains("Solar Hijri"), "{problem}");
        assert!(!problem.contains("1405-09-12"));
        assert_eq!(gregorian_problem(date!(1900 - 01 - 01)), None);
        assert_eq!(gregorian_problem(date!(2026 - 12 - 04)), None);
        assert!(gregorian_problem(date!(2101 - 01 - 01)).is_some());
    }
}
