//! Numbers as people type and read them: Dari and Pashto keyboards type Persian digits
//! (and Arabic-Indic ones, on some phones) and write the Arabic decimal and thousands
//! separators; pages in those languages show Persian digits.

use panah_domain::{Currency, Language, Money};

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

/// `text` with its ASCII digits written as `language` writes them: Persian digits in Dari
/// and Pashto.
pub(crate) fn local_digits(text: &str, language: Language) -> String {
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

/// `money` as `language` writes it: major units with the currency's decimals, thousands
/// grouped, then the currency's code (`1,250.50 USD`; in Dari and Pashto `۱٬۲۵۰٫۵۰ USD`).
pub(crate) fn format_money(money: Money, language: Language) -> String {
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

    #[test]
    fn money_is_written_with_grouped_thousands_in_the_pages_digits() {
        let money = Money {
            amount_minor: 125_050,
            currency: Currency::Usd,
        };
        assert_eq!(format_money(money, Language::English), "1,250.50 USD");
        assert_eq!(format_money(money, Language::Dari), "۱٬۲۵۰٫۵۰ USD");
        let yen = Money {
            amount_minor: 1_000_000,
            currency: Currency::Jpy,
        };
        assert_eq!(format_money(yen, Language::English), "1,000,000 JPY");
    }
}
