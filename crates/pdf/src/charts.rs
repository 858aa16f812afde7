//! The funding report's figures as charts, labelled in a language: what the printed
//! report draws and what the report's web page draws as SVG, from one place, so that a
//! suppressed count is said the same way in both and never drawn as a number.

use panah_domain::solar_hijri::SolarHijriDate;
use panah_domain::{Cell, Currency, Language, Money};
use panah_i18n::{format_money, local_digits, message, message_args, message_with, solar_date};
use panah_reports::{Breakdown, FundingReport};
use serde::Serialize;
use time::Date;

/// One bar of a chart of counts.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// What it counts, in the language.
    pub label: String,
    /// The count, or `None` when it is suppressed: nothing to draw.
    pub value: Option<u64>,
    /// The count as written, or what the suppression says ("fewer than 5", "withheld").
    pub text: String,
}

/// A chart of counts, with its heading.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// The heading.
    pub heading: String,
    /// The bars, in the report's order.
    pub bars: Vec<Bar>,
    /// The largest count shown, at least one: the length of a full bar.
    pub scale: u64,
}

/// One budget line's spend against its budget.
#[derive(Debug, Clone, Serialize)]
pub struct SpendBar {
    /// The line's code and name.
    pub label: String,
    /// The budget, as written.
    pub budget: String,
    /// What was spent, as written.
    pub spent: String,
    /// What remains, as written (negative when overspent).
    pub remaining: String,
    /// Spent as a share of the budget, in whole per cent (above 100 when overspent).
    pub percent: u64,
    /// The share as written: "40% spent".
    pub share: String,
}

/// The whole report, labelled.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// The report's title.
    pub title: String,
    /// The grant, donor, period and currency, each with its label.
    pub facts: Vec<(String, String)>,
    /// What suppression hides, in words.
    pub suppression_note: String,
    /// People assisted, as written (a number or what the suppression says).
    pub people_total: (String, String),
    /// People by sex, then by age group.
    pub people: Vec<Chart>,
    /// Services delivered by type (their counts).
    pub services: Chart,
    /// The spend chart's heading.
    pub spend_heading: String,
    /// Spend against budget, per line.
    pub spend: Vec<SpendBar>,
}

/// A count as `language` writes it: the number, or what its suppression says.
pub fn cell_text(cell: Cell, language: Language) -> String {
    match cell {
        Cell::Count(n) => local_digits(&n.to_string(), language),
        Cell::Small(threshold) => message_with(
            language,
            "report-suppressed-small",
            "threshold",
            &local_digits(&threshold.get().to_string(), language),
        ),
        Cell::Hidden => message(language, "report-suppressed-hidden"),
    }
}

/// The count of a cell, if it is shown.
fn cell_value(cell: Cell) -> Option<u64> {
    match cell {
        Cell::Count(n) => Some(n),
        Cell::Small(_) | Cell::Hidden => None,
    }
}

fn chart(heading: String, bars: Vec<Bar>) -> Chart {
    let scale = bars.iter().filter_map(|bar| bar.value).max().unwrap_or(0);
    Chart {
        heading,
        bars,
        scale: scale.max(1),
    }
}

fn breakdown(
    breakdown: &Breakdown,
    language: Language,
    label: impl Fn(&str) -> String,
) -> Vec<Bar> {
    breakdown
        .0
        .iter()
        .map(|(key, cell)| Bar {
            label: label(key),
            value: cell_value(*cell),
            text: cell_text(*cell, language),
        })
        .collect()
}

/// The message naming `value` of the vocabulary `family` (as the pages name them).
fn term(language: Language, family: &str, value: &str) -> String {
    message(
        language,
        &format!("{family}-{}", value.replace('_', "-").to_ascii_lowercase()),
    )
}

/// `date` as `language` writes it: in Dari and Pashto the Solar Hijri date with
/// Afghanistan's month names and the Gregorian date after it, in English the Gregorian.
pub fn date_text(date: Date, language: Language) -> String {
    let iso = date.to_string();
    match SolarHijriDate::from_gregorian(date) {
        // The Gregorian date is isolated left to right: among Arabic letters its digits
        // would otherwise be laid out right to left, day first.
        Ok(solar) if language.is_right_to_left() => {
            format!("{} (\u{2066}{iso}\u{2069})", solar_date(solar, language))
        }
        _ => iso,
    }
}

/// An amount of the report's currency as `language` writes it.
fn money(amount_minor: i64, currency: Currency, language: Language) -> String {
    format_money(
        Money {
            amount_minor,
            currency,
        },
        language,
    )
}

/// `report` labelled in `language`.
pub fn view(report: &FundingReport, language: Language) -> ReportView {
    let t = |key: &str| message(language, key);
    let currency: Currency = report.currency.parse().unwrap_or(Currency::Usd);
    let period = message_args(
        language,
        "report-period-value",
        &[
            ("from", &date_text(report.period.from, language)),
            ("to", &date_text(report.period.to, language)),
        ],
    );
    let people = &report.people_assisted;
    let age = |key: &str| {
        if key == "unknown" {
            t("report-age-unknown")
        } else {
            local_digits(key, language)
        }
    };
    let spend = report
        .spend
        .iter()
        .map(|line| {
            let percent = if line.budget_minor > 0 {
                u64::try_from(line.spent_minor.max(0) * 100 / line.budget_minor).unwrap_or(0)
            } else {
                0
            };
            SpendBar {
                label: format!("{} — {}", line.budget_line_code, line.name),
                budget: money(line.budget_minor, currency, language),
                spent: money(line.spent_minor, currency, language),
                remaining: money(line.remaining_minor, currency, language),
                percent,
                share: message_with(
                    language,
                    "report-spent-share",
                    "percent",
                    &local_digits(&percent.to_string(), language),
                ),
            }
        })
        .collect();
    ReportView {
        title: t("report-title"),
        facts: vec![
            (
                t("report-grant"),
                format!("{} — {}", report.grant.code, report.grant.title),
            ),
            (t("report-donor"), report.grant.donor.clone()),
            (t("report-period"), period),
            (t("report-currency"), report.currency.clone()),
        ],
        suppression_note: message_with(
            language,
            "report-suppression-note",
            "below",
            &local_digits(&(report.min_cell_size - 1).to_string(), language),
        ),
        people_total: (t("report-people-total"), cell_text(people.total, language)),
        people: vec![
            chart(
                t("report-people-by-sex"),
                breakdown(&people.by_sex, language, |key| term(language, "sex", key)),
            ),
            chart(
                t("report-people-by-age-group"),
                breakdown(&people.by_age_group, language, age),
            ),
        ],
        services: chart(
            t("report-services"),
            report
                .services
                .iter()
                .map(|service| Bar {
                    label: term(language, "assistance-type", &service.service_type),
                    value: cell_value(service.count),
                    text: cell_text(service.count, language),
                })
                .collect(),
        ),
        spend_heading: t("report-spend"),
        spend,
    }
}
