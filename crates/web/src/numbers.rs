//! Numbers as people type and read them: Dari and Pashto keyboards type Persian digits
//! (and Arabic-Indic ones, on some phones) and write the Arabic decimal and thousands
//! separators; pages in those languages show Persian digits.

use panah_domain::Currency;

// How numbers and amounts are written is shared with the printed reports.
pub(crate) use panah_i18n::{format_money, local_digits};

/// `text` with Persian (U+06F0…) and Arabic-Indic (U+0660…) digits written as ASCII.
pub(crate) fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            other => other,
        })
        .collect()
}

/// An amount typed in major units (`1,250.50`, `۱۲۵۰٫۵`) as minor units of `currency`:
/// digits in any of the three scripts; `.` or the Arabic decimal separator `٫` before at
/// most as many decimals as the currency has; `,`, `٬` and spaces between thousands.
/// `None` for anything else, a negative amount included.
pub(crate) fn parse_amount(text: &str, currency: Currency) -> Option<i64> {
    let digits = ascii_digits(text);
    let cleaned: String = digits
        .chars()
        .filter(|c| !matches!(c, ',' | '٬' | ' ' | '\u{a0}'))
        .map(|c| if c == '٫' { '.' } else { c })
        .collect();
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let places = currency.minor_digits() as usize;
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || fraction.len() > places {
        return None;
    }
    let minor = format!("{whole}{fraction:0<places$}");
    minor.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_in_every_script_with_the_currencys_decimals() {
        assert_eq!(parse_amount("1,250.50", Currency::Usd), Some(125_050));
        assert_eq!(parse_amount("۱۲۵۰٫۵", Currency::Usd), Some(125_050));
        assert_eq!(parse_amount("١٢٥٠", Currency::Afn), Some(125_000));
        assert_eq!(parse_amount("1 250", Currency::Jpy), Some(1250));
        for bad in ["1.234", "-5", "", ".5", "12a", "1.2.3"] {
            assert_eq!(parse_amount(bad, Currency::Usd), None, "{bad}");
        }
        assert_eq!(
            parse_amount("1.5", Currency::Jpy),
            None,
            "the yen has no decimals"
        );
    }
}
