//! Dates as each language shows them: Gregorian in English; in Dari and Pashto the Solar
//! Hijri date with Afghanistan's month names, and the Gregorian date beside it.

use panah_domain::Language;
use panah_domain::solar_hijri::SolarHijriDate;
use time::Date;

/// A date ready for a page: what to show first, the Gregorian date to show beside it (in
/// Dari and Pashto), and the machine-readable date for `<time datetime>`.
#[derive(Debug, Clone)]
pub(crate) struct ShownDate {
    /// The date in the page's calendar and script.
    pub(crate) main: String,
    /// The Gregorian date, when `main` is Solar Hijri.
    pub(crate) gregorian: Option<String>,
    /// `YYYY-MM-DD`.
    pub(crate) iso: String,
}

/// `date` as `language` shows it.
pub(crate) fn show(date: Date, language: Language) -> ShownDate {
    let iso = iso(date);
    let solar = SolarHijriDate::from_gregorian(date).ok();
    match (language, solar) {
        (Language::Dari | Language::Pashto, Some(solar)) => ShownDate {
            main: panah_i18n::solar_date(solar, language),
            gregorian: Some(iso.clone()),
            iso,
        },
        // English, or a date outside the span the Solar Hijri conversion covers.
        _ => ShownDate {
            main: iso.clone(),
            gregorian: None,
            iso,
        },
    }
}

fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// `date` as a date field is filled in with in `language`: `1405-01-01` (Solar Hijri) in
/// Dari and Pashto, `2026-03-21` in English. Either is read back by the same field.
pub(crate) fn input_value(date: Date, language: Language) -> String {
    match SolarHijriDate::from_gregorian(date) {
        Ok(solar) if language.is_right_to_left() => solar.to_string(),
        _ => iso(date),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn dari_and_pashto_show_solar_hijri_with_afghan_month_names_and_the_gregorian_beside() {
        let shown = show(date!(2026 - 03 - 21), Language::Dari);
        assert_eq!(shown.main, "۱ حمل ۱۴۰۵");
        assert_eq!(shown.gregorian.as_deref(), Some("2026-03-21"));
        let shown = show(date!(2025 - 03 - 20), Language::Pashto);
        assert_eq!(shown.main, "۳۰ کب ۱۴۰۳");
        let shown = show(date!(2024 - 09 - 22), Language::Dari);
        assert_eq!(shown.main, "۱ میزان ۱۴۰۳");
    }

    #[test]
    fn date_fields_are_filled_in_in_the_pages_calendar() {
        assert_eq!(
            input_value(date!(2026 - 03 - 21), Language::Pashto),
            "1405-01-01"
        );
        assert_eq!(
            input_value(date!(2026 - 03 - 21), Language::English),
            "2026-03-21"
        );
    }

    #[test]
    fn english_shows_the_gregorian_date_alone() {
        let shown = show(date!(2026 - 03 - 21), Language::English);
        assert_eq!(shown.main, "2026-03-21");
        assert_eq!(shown.gregorian, None);
        assert_eq!(shown.iso, "2026-03-21");
    }
}
