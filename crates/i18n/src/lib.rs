//! Panah's three languages: which one a person is answered in, and its words.
//!
//! Every word a person reads — on the web pages or in a printed report — comes from the
//! Fluent resources in `locales/<tag>/*.ftl`, one file per area, compiled into the
//! binary. English is the fallback for a missing message, but none may be missing: a
//! test compares the messages of every language with English's, and another refuses a
//! Dari or Pashto message left in Latin letters.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use panah_domain::solar_hijri::SolarHijriDate;
use panah_domain::{Language, Money};

fluent_templates::static_loader! {
    static RESOURCES = {
        locales: "./locales",
        fallback_language: "en",
    };
}

/// The Fluent identifier of each language.
fn identifier(language: Language) -> LanguageIdentifier {
    match language {
        Language::English => langid!("en"),
        Language::Dari => langid!("fa-AF"),
        Language::Pashto => langid!("ps-AF"),
    }
}

/// The message `key` in `language`.
pub fn message(language: Language, key: &str) -> String {
    RESOURCES.lookup(&identifier(language), key)
}

/// The message `key` in `language`, with its one variable `name` set to `value`.
pub fn message_with(language: Language, key: &str, name: &'static str, value: &str) -> String {
    let args = HashMap::from([(Cow::Borrowed(name), FluentValue::from(value.to_owned()))]);
    RESOURCES.lookup_with_args(&identifier(language), key, &args)
}

/// The message `key` in `language`, with each of its variables in `args` set.
pub fn message_args(language: Language, key: &str, args: &[(&'static str, &str)]) -> String {
    let args = args
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from((*value).to_owned())))
        .collect::<HashMap<_, _>>();
    RESOURCES.lookup_with_args(&identifier(language), key, &args)
}

/// The message `key` in `language`, if there is one (in that language or English).
pub fn try_message(language: Language, key: &str) -> Option<String> {
    RESOURCES.try_lookup(&identifier(language), key)
}

/// The language a browser asks for in `Accept-Language`, if it asks for one of ours.
/// Tags are compared by their primary language: `fa`, `fa-AF`, `fa-IR` and `prs` (the
/// code Windows uses for Dari) are Dari, `ps` and `pbt` Pashto, `en-*` English. Among
/// those, the highest quality wins, and the first listed among equals.
pub fn from_accept_language(header: &str) -> Option<Language> {
    let mut best: Option<(Language, u16)> = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let quality = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1000), parse_quality);
        let (Some(language), Some(quality)) = (ours(tag), quality) else {
            continue;
        };
        if quality > 0 && best.is_none_or(|(_, q)| quality > q) {
            best = Some((language, quality));
        }
    }
    best.map(|(language, _)| language)
}

/// Which of our languages a language tag is, by its primary subtag.
fn ours(tag: &str) -> Option<Language> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "en" => Some(Language::English),
        "fa" | "prs" => Some(Language::Dari),
        "ps" | "pbt" | "pbu" => Some(Language::Pashto),
        _ => None,
    }
}

/// A Solar Hijri date as `language` words it: day, Afghanistan's name of the month, year
/// (`۷ سنبله ۱۴۰۵` in Dari), for every door that shows people dates.
pub fn solar_date(date: SolarHijriDate, language: Language) -> String {
    format!(
        "{} {} {}",
        local_digits(&date.day().to_string(), language),
        message(language, &format!("solar-month-{}", date.month())),
        local_digits(&date.year().to_string(), language),
    )
}

/// `text` with its ASCII digits written as `language` writes them: Persian digits in Dari
/// and Pashto.
pub fn local_digits(text: &str, language: Language) -> String {
    if !language.is_right_to_left() {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32('۰' as u32 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// `money` as `language` writes it: major units with the currency's decimals, thousands
/// grouped, then the currency's code (`1,250.50 USD`; in Dari and Pashto `۱٬۲۵۰٫۵۰ USD`).
pub fn format_money(money: Money, language: Language) -> String {
    let places = money.currency.minor_digits();
    let divisor = 10_i64.pow(places);
    let whole = money.amount_minor / divisor;
    let fraction = money.amount_minor % divisor;
    let (group, decimal) = if language.is_right_to_left() {
        ('٬', '٫')
    } else {
        (',', '.')
    };
    let mut grouped = String::new();
    let digits = whole.to_string();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    if places > 0 {
        grouped.push(decimal);
        grouped.push_str(&format!("{fraction:0width$}", width = places as usize));
    }
    format!("{} {}", local_digits(&grouped, language), money.currency)
}

/// The letters of Dari and Pashto in the order of their alphabets: Pashto's, with Dari's
/// few letters of their own beside the Pashto letters they are written like (گ beside ګ,
/// the yeh forms together). Unicode's order puts پ چ ژ ګ گ after ی, which no reader
/// expects.
const ARABIC_SCRIPT_ORDER: &str = "آاأبپتټثجځچڅحخدډذرړزژږسشښصضطظعغفقکكګگلمنڼوؤهةیيېۍئ";

/// A key that sorts names as their readers expect: Arabic-script letters in their
/// alphabets' order (before any Latin text), Latin text ignoring case.
pub fn collation_key(text: &str) -> Vec<u32> {
    text.chars()
        .map(
            |c| match ARABIC_SCRIPT_ORDER.chars().position(|letter| letter == c) {
                Some(position) => 0x10_0000 + position as u32,
                None => {
                    c.to_lowercase()
                        .next()
                        .map_or(c as u32, |lower| lower as u32)
                        + 0x20_0000
                }
            },
        )
        .collect()
}

/// An HTTP quality value (`0` to `1`, at most three decimals) in thousandths.
fn parse_quality(text: &str) -> Option<u16> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    #[test]
    fn money_is_written_with_grouped_thousands_in_the_pages_digits() {
        let money = Money {
            amount_minor: 125_050,
            currency: panah_domain::Currency::Usd,
        };
        assert_eq!(format_money(money, Language::English), "1,250.50 USD");
        assert_eq!(format_money(money, Language::Dari), "۱٬۲۵۰٫۵۰ USD");
        let yen = Money {
            amount_minor: 1_000_000,
            currency: panah_domain::Currency::Jpy,
        };
        assert_eq!(format_money(yen, Language::English), "1,000,000 JPY");
    }

    #[test]
    fn dari_and_pashto_names_sort_in_their_alphabets_order() {
        let mut names = vec![
            "ننگرهار",
            "پکتیا",
            "بلخ",
            "کابل",
            "Zabul",
            "اروزگان",
            "ګردیز",
        ];
        names.sort_by_key(|name| collation_key(name));
        assert_eq!(
            names,
            [
                "اروزگان",
                "بلخ",
                "پکتیا",
                "کابل",
                "ګردیز",
                "ننگرهار",
                "Zabul"
            ]
        );
    }

    #[test]
    fn a_browser_gets_the_language_it_prefers_among_ours() {
        for (header, expected) in [
            ("fa-AF,fa;q=0.9,en;q=0.8", Some(Language::Dari)),
            ("prs-AF, en;q=0.5", Some(Language::Dari)),
            ("ps", Some(Language::Pashto)),
            (
                "de-DE,de;q=0.9,ps-AF;q=0.3,en;q=0.2",
                Some(Language::Pashto),
            ),
            ("en-GB,en;q=0.9", Some(Language::English)),
            ("en;q=0.4, fa;q=0.8", Some(Language::Dari)),
            ("fa;q=0, en;q=0.1", Some(Language::English)),
            ("de, fr;q=0.5", None),
            ("", None),
            ("fa;q=2", None),
        ] {
            assert_eq!(from_accept_language(header), expected, "{header}");
        }
    }

    /// The message identifiers of one language's resources, read from the files.
    fn keys(tag: &str) -> BTreeSet<String> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(tag);
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                let id = line.split_once(" =").map(|(id, _)| id);
                if let Some(id) = id.filter(|id| {
                    id.starts_with(|c: char| c.is_ascii_lowercase())
                        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                }) {
                    assert!(keys.insert(id.to_owned()), "{tag}: {id} twice");
                }
            }
        }
        keys
    }

    /// The message `key` in `language` with every variable any English message uses set
    /// (extra ones are ignored), so that it resolves whatever its variables.
    fn resolved(language: Language, key: &str) -> String {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en");
        let mut args = HashMap::new();
        for entry in std::fs::read_dir(folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for piece in text.split("{ $").skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                args.insert(Cow::Owned(name), FluentValue::from("x"));
            }
        }
        RESOURCES.lookup_with_args(&identifier(language), key, &args)
    }

    #[test]
    fn every_language_has_exactly_the_messages_english_has() {
        let english = keys("en");
        assert!(english.len() > 50, "{} messages", english.len());
        for language in [Language::Dari, Language::Pashto] {
            let theirs = keys(language.tag());
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(missing.is_empty(), "{language} lacks {missing:?}");
            assert!(extra.is_empty(), "{language} has unknown {extra:?}");
            for key in &english {
                // A message with a variable needs it to resolve.
                let text = resolved(language, key);
                assert!(
                    !text.contains("Unknown localization"),
                    "{language} {key}: {text}"
                );
            }
        }
    }

    #[test]
    fn dari_and_pashto_messages_are_written_in_their_own_script() {
        // A message left in English would still pass the test above: every message of
        // the two right-to-left languages must hold Arabic-script letters.
        for language in [Language::Dari, Language::Pashto] {
            for key in keys(language.tag()) {
                let text = resolved(language, &key);
                assert!(
                    text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                    "{language} {key} is not translated: {text}"
                );
            }
        }
    }
}
