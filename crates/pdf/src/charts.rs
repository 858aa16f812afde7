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

/// A section of the report beyond the people assisted: trainings, awareness, proceedings.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// Its figures as (label, value), such as the number of trainings held.
    pub facts: Vec<(String, String)>,
    /// Its charts.
    pub charts: Vec<Chart>,
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
    /// The trainings, awareness and proceedings sections, each with its figures and
    /// charts.
    pub sections: Vec<Section>,
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
        // would otherwise be laid out right to left, day first. A word joiner after each
        // hyphen keeps it on one line: a line may otherwise break after a hyphen.
        Ok(solar) if language.is_right_to_left() => {
            let unbroken = iso.replace('-', "-\u{2060}");
            format!(
                "{} (\u{2066}{unbroken}\u{2069})",
                solar_date(solar, language)
            )
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

/// A count that is never suppressed (events, an estimated reach) as a bar.
fn plain_bar(label: String, value: u64, language: Language) -> Bar {
    Bar {
        label,
        value: Some(value),
        text: local_digits(&value.to_string(), language),
    }
}

/// The trainings, awareness and proceedings of `report`, labelled.
fn sections(report: &FundingReport, language: Language) -> Vec<Section> {
    let t = |key: &str| message(language, key);
    let number = |n: u64| local_digits(&n.to_string(), language);
    let trainings = &report.trainings;
    let participants = &trainings.participants;
    let awareness = &report.awareness;
    let proceedings = &report.proceedings;
    let outcome = |key: &str| {
        if key == "none" {
            t("report-outcome-none")
        } else {
            term(language, "proceeding-outcome", key)
        }
    };
    vec![
        Section {
            heading: t("report-trainings"),
            facts: vec![
                (t("report-trainings-events"), number(trainings.events)),
                (
                    t("report-participants-total"),
                    cell_text(participants.total, language),
                ),
            ],
            charts: vec![
                chart(
                    t("report-participants-by-sex"),
                    breakdown(&participants.by_sex, language, |key| {
                        term(language, "sex", key)
                    }),
                ),
                chart(
                    t("report-participants-by-organization-kind"),
                    breakdown(&participants.by_organization_kind, language, |key| {
                        term(language, "organization-kind", key)
                    }),
                ),
            ],
        },
        Section {
            heading: t("report-awareness"),
            facts: vec![
                (
                    t("report-awareness-activities"),
                    number(awareness.activities),
                ),
                (
                    t("report-awareness-reach"),
                    number(awareness.estimated_reach),
                ),
            ],
            charts: vec![
                chart(
                    t("report-awareness-reach-by-channel"),
                    awareness
                        .by_channel
                        .0
                        .iter()
                        .map(|(key, a)| {
                            plain_bar(
                                term(language, "awareness-channel", key),
                                a.estimated_reach,
                                language,
                            )
                        })
                        .collect(),
                ),
                chart(
                    t("report-awareness-by-province"),
                    awareness
                        .by_province
                        .0
                        .iter()
                        .map(|(key, a)| {
                            plain_bar(term(language, "province", key), a.activities, language)
                        })
                        .collect(),
                ),
            ],
        },
        Section {
            heading: t("report-proceedings"),
            facts: vec![(
                t("report-proceedings-total"),
                cell_text(proceedings.total, language),
            )],
            charts: vec![
                chart(
                    t("report-proceedings-by-stage"),
                    breakdown(&proceedings.by_stage, language, |key| {
                        term(language, "proceeding-stage", key)
                    }),
                ),
                chart(
                    t("report-proceedings-by-outcome"),
                    breakdown(&proceedings.by_outcome, language, outcome),
                ),
            ],
        },
    ]
}

/// `report` labelled in `language`.
pub fn view(report: &FundingReport, language: Language) -> ReportView {
    let t = |key: &str| message(language, key);
    let currency_of = |code: &str| code.parse::<Currency>().unwrap_or(Currency::Usd);
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
            let currency = currency_of(&line.currency);
            // A donor's report names each line's grant: two grants may have lines of the
            // same code.
            let label = if report.grant.is_none() {
                format!(
                    "{} / {} — {}",
                    line.grant_code, line.budget_line_code, line.name
                )
            } else {
                format!("{} — {}", line.budget_line_code, line.name)
            };
            SpendBar {
                label,
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
    let mut facts = Vec::new();
    if let Some(grant) = &report.grant {
        facts.push((
            t("report-grant"),
            format!("{} — {}", grant.code, grant.title),
        ));
        facts.push((t("report-donor"), grant.donor.clone()));
    }
    if let Some(donor) = &report.donor {
        facts.push((t("report-donor"), donor.name.clone()));
        for grant in &donor.grants {
            facts.push((
                t("report-grant"),
                format!("{} — {} ({})", grant.code, grant.title, grant.currency),
            ));
        }
    }
    facts.push((t("report-period"), period));
    if let Some(currency) = &report.currency {
        facts.push((t("report-currency"), currency.clone()));
    }
    // Totals per currency, never added across currencies.
    for total in &report.totals {
        let currency = currency_of(&total.currency);
        facts.push((
            message_with(language, "report-total-spent", "currency", &total.currency),
            message_args(
                language,
                "report-total-spent-value",
                &[
                    ("spent", &money(total.spent_minor, currency, language)),
                    ("budget", &money(total.budget_minor, currency, language)),
                ],
            ),
        ));
    }
    ReportView {
        title: t("report-title"),
        facts,
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
        sections: sections(report, language),
        spend_heading: t("report-spend"),
        spend,
    }
}
