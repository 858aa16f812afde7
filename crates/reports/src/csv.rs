//! The funding report as CSV.
//!
//! # Layout
//!
//! One table of five columns, `section,group,key,value,label`, one value per row, so
//! that a program can filter or pivot it and a person can still read it top to bottom:
//!
//! ```text
//! section,group,key,value,label
//! report,grant,code,US-CT-2026-01,
//! report,period,from,2026-01-01,
//! report,money,currency,USD,
//! report,money,decimal_places,2,
//! people_assisted,total,all,12,
//! people_assisted,by_sex,female,<5,Female
//! people_assisted,by_province,AF-KAB,7,Kabul
//! services,shelter,cost,1080.00,Shelter
//! spend,DA,remaining,-500.00,Direct assistance
//! ```
//!
//! The `label` says in English what the row's code stands for: the breakdown's value
//! (a province's name, a country's, "Female", "Presumed victim"), the service type, or
//! the budget line's name. It is empty where the row holds no code.
//!
//! - `report` rows: the grant (`id`, `code`, `title`, `donor`) — or, in a donor's report,
//!   the donor (`id`, `code`, `name`) and one `grants` row per grant (key its code, value
//!   its currency, label its title) —, the period (`from`, `to`), the currency and how many
//!   decimal places its amounts have (a grant's report only: in a donor's report every
//!   amount's group names its currency), and a note on suppression.
//! - `people_assisted`: `total,all` then one row per value of each breakdown (`by_sex`,
//!   `by_age_group`, `by_citizenship`, `by_province`, `by_category`).
//! - `returns` (`by_direction`, `by_status`) and `referrals` (`by_purpose`, `by_status`).
//! - `trainings`: `events,all`, `participants_total,all`, then `participants_by_sex` and
//!   `participants_by_organization_kind`.
//! - `awareness`: `activities,all` and `estimated_reach,all`, then per channel and per
//!   province the activities (`activities_by_channel`, `activities_by_province`) and their
//!   estimated reach (`reach_by_channel`, `reach_by_province`), never suppressed.
//! - `proceedings`: `total,all`, then `by_stage` and `by_outcome` (`none`: no outcome yet).
//! - `services`: the group is the assistance type; keys `count`, `people`, `cost`. In a
//!   donor's report the group is `type/CURRENCY` (`medical/USD`): a type charged to grants
//!   of two currencies has one group per currency, and amounts are never added across them.
//! - `spend`: the group is the budget line's code (`GRANT/LINE` in a donor's report); keys
//!   `name`, `budget`, `spent`, `remaining`.
//! - `totals`: the group is the currency; keys `budget`, `spent`, `remaining`.
//!
//! Counts are integers, or the text `<5` (with the report's threshold) or `x` when
//! suppressed. Amounts are decimal numbers in the currency's major unit with its ISO 4217
//! number of decimal places (`1080.00` USD, `1080` JPY), written exactly from the integer
//! minor units: the same figures as the XLSX, and what a person expects to read.
//!
//! The text is RFC 4180: comma separated, every record ended by CRLF, a field holding a
//! comma, a quote, CR or LF quoted, quotes doubled. It starts with a UTF-8 byte-order
//! mark: without it, Excel reads the file in the machine's legacy code page and shows a
//! grant title or donor name in Dari or Pashto as mojibake. Text that comes from people (titles,
//! names, codes) is neutralised against CSV injection by [`neutralise`].

use std::borrow::Cow;

use crate::statistics::StatisticsReport;
use crate::{ActivityBreakdown, Breakdown, FundingReport, labels};

/// The byte-order mark the text starts with, so that spreadsheets read it as UTF-8.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// The report as CSV text, starting with [`BYTE_ORDER_MARK`].
pub fn to_csv(report: &FundingReport) -> String {
    let mut csv = Csv {
        out: BYTE_ORDER_MARK.to_string(),
    };
    csv.text(&["section", "group", "key", "value", "label"]);

    if let Some(grant) = &report.grant {
        let id = grant.id.to_string();
        csv.text(&["report", "grant", "id", &id, ""]);
        csv.text(&["report", "grant", "code", &grant.code, ""]);
        csv.text(&["report", "grant", "title", &grant.title, ""]);
        csv.text(&["report", "grant", "donor", &grant.donor, ""]);
    }
    if let Some(donor) = &report.donor {
        let id = donor.id.to_string();
        csv.text(&["report", "donor", "id", &id, ""]);
        csv.text(&["report", "donor", "code", &donor.code, ""]);
        csv.text(&["report", "donor", "name", &donor.name, ""]);
        for grant in &donor.grants {
            csv.text(&[
                "report",
                "grants",
                &grant.code,
                &grant.currency,
                &grant.title,
            ]);
        }
    }
    let (from, to) = (report.period.from.to_string(), report.period.to.to_string());
    csv.text(&["report", "period", "from", &from, ""]);
    csv.text(&["report", "period", "to", &to, ""]);
    if let Some(currency) = &report.currency {
        let digits = minor_digits(currency);
        csv.text(&["report", "money", "currency", currency, ""]);
        csv.text(&["report", "money", "decimal_places", &digits.to_string(), ""]);
    }
    csv.text(&[
        "report",
        "suppression",
        "note",
        &suppression_note(report.min_cell_size),
        "",
    ]);

    let people = &report.people_assisted;
    csv.value("people_assisted", "total", "all", people.total, "");
    csv.breakdown("people_assisted", "by_sex", &people.by_sex);
    csv.breakdown("people_assisted", "by_age_group", &people.by_age_group);
    csv.breakdown("people_assisted", "by_citizenship", &people.by_citizenship);
    csv.breakdown("people_assisted", "by_province", &people.by_province);
    csv.breakdown("people_assisted", "by_category", &people.by_category);

    // In a donor's report, a group names the currency (and a line its grant) beside what
    // a grant's report names alone.
    let per_grant = report.grant.is_none();
    for service in &report.services {
        let kind = &service.service_type;
        let group = if per_grant {
            format!("{kind}/{}", service.currency)
        } else {
            kind.clone()
        };
        let digits = minor_digits(&service.currency);
        let label = labels::service(kind).unwrap_or_default();
        csv.value("services", &group, "count", service.count, label);
        csv.value("services", &group, "people", service.people, label);
        csv.value(
            "services",
            &group,
            "cost",
            major_units(service.cost_minor, digits),
            label,
        );
    }

    csv.breakdown("returns", "by_direction", &report.returns.by_direction);
    csv.breakdown("returns", "by_status", &report.returns.by_status);
    csv.breakdown("referrals", "by_purpose", &report.referrals.by_purpose);
    csv.breakdown("referrals", "by_status", &report.referrals.by_status);

    let trainings = &report.trainings;
    csv.value("trainings", "events", "all", trainings.events, "");
    let participants = &trainings.participants;
    csv.value(
        "trainings",
        "participants_total",
        "all",
        participants.total,
        "",
    );
    csv.breakdown("trainings", "participants_by_sex", &participants.by_sex);
    csv.breakdown(
        "trainings",
        "participants_by_organization_kind",
        &participants.by_organization_kind,
    );
    let awareness = &report.awareness;
    csv.value("awareness", "activities", "all", awareness.activities, "");
    csv.value(
        "awareness",
        "estimated_reach",
        "all",
        awareness.estimated_reach,
        "",
    );
    csv.activities("channel", &awareness.by_channel);
    csv.activities("province", &awareness.by_province);
    let proceedings = &report.proceedings;
    csv.value("proceedings", "total", "all", proceedings.total, "");
    csv.breakdown("proceedings", "by_stage", &proceedings.by_stage);
    csv.breakdown("proceedings", "by_outcome", &proceedings.by_outcome);

    for line in &report.spend {
        let code = if per_grant {
            format!("{}/{}", line.grant_code, line.budget_line_code)
        } else {
            line.budget_line_code.clone()
        };
        let digits = minor_digits(&line.currency);
        let label = &line.name;
        csv.text(&["spend", &code, "name", &line.name, label]);
        for (key, amount) in [
            ("budget", line.budget_minor),
            ("spent", line.spent_minor),
            ("remaining", line.remaining_minor),
        ] {
            csv.value("spend", &code, key, major_units(amount, digits), label);
        }
    }
    for total in &report.totals {
        let digits = minor_digits(&total.currency);
        for (key, amount) in [
            ("budget", total.budget_minor),
            ("spent", total.spent_minor),
            ("remaining", total.remaining_minor),
        ] {
            csv.value(
                "totals",
                &total.currency,
                key,
                major_units(amount, digits),
                "",
            );
        }
    }
    csv.out
}

/// The national statistics report as CSV text, in the layout of the funding report's:
/// `report` rows (period, province — `all` for every province —, suppression note), then
/// `victims` (`total,all`, `by_province`, `by_sex`, `by_age_group`,
/// `by_exploitation_type`), `referrals` (`by_purpose`, `by_status`), `proceedings`
/// (`total,all`, `by_law`, `convictions,all`, `convictions_by_law`), `trainings` and
/// `awareness` as in the funding report.
pub fn statistics_to_csv(report: &StatisticsReport) -> String {
    let mut csv = Csv {
        out: BYTE_ORDER_MARK.to_string(),
    };
    csv.text(&["section", "group", "key", "value", "label"]);
    let (from, to) = (report.period.from.to_string(), report.period.to.to_string());
    csv.text(&["report", "period", "from", &from, ""]);
    csv.text(&["report", "period", "to", &to, ""]);
    let province = report.province.as_deref().unwrap_or("all");
    let label = province
        .parse::<panah_domain::Province>()
        .map_or("All provinces", panah_domain::Province::name);
    csv.text(&["report", "province", "code", province, label]);
    let note = suppression_note(report.min_cell_size);
    csv.text(&["report", "suppression", "note", &note, ""]);

    let victims = &report.victims;
    csv.value("victims", "total", "all", victims.total, "");
    csv.breakdown("victims", "by_province", &victims.by_province);
    csv.breakdown("victims", "by_sex", &victims.by_sex);
    csv.breakdown("victims", "by_age_group", &victims.by_age_group);
    csv.breakdown(
        "victims",
        "by_exploitation_type",
        &victims.by_exploitation_type,
    );
    csv.breakdown("referrals", "by_purpose", &report.referrals.by_purpose);
    csv.breakdown("referrals", "by_status", &report.referrals.by_status);
    let proceedings = &report.proceedings;
    csv.value("proceedings", "total", "all", proceedings.total, "");
    csv.breakdown("proceedings", "by_law", &proceedings.by_law);
    csv.value(
        "proceedings",
        "convictions",
        "all",
        proceedings.convictions,
        "",
    );
    csv.breakdown(
        "proceedings",
        "convictions_by_law",
        &proceedings.convictions_by_law,
    );
    let trainings = &report.trainings;
    csv.value("trainings", "events", "all", trainings.events, "");
    csv.value(
        "trainings",
        "participants_total",
        "all",
        trainings.participants.total,
        "",
    );
    csv.breakdown(
        "trainings",
        "participants_by_sex",
        &trainings.participants.by_sex,
    );
    let awareness = &report.awareness;
    csv.value("awareness", "activities", "all", awareness.activities, "");
    csv.value(
        "awareness",
        "estimated_reach",
        "all",
        awareness.estimated_reach,
        "",
    );
    csv.activities("channel", &awareness.by_channel);
    csv.out
}

/// Neutralises text against CSV injection: text starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return gets a leading `'`, so that a spreadsheet opening the file shows it
/// as text instead of evaluating it as a formula (OWASP's advice).
///
/// Only for text. Numbers the report computes, such as a negative remaining budget, are
/// written as they are: they are not input, and a spreadsheet must read them as numbers.
pub(crate) fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The number of decimal places of `currency`'s minor unit; 2 for a code the domain
/// does not know (which a report built from a grant never holds).
pub(crate) fn minor_digits(currency: &str) -> u32 {
    currency
        .parse::<panah_domain::Currency>()
        .map_or(2, panah_domain::Currency::minor_digits)
}

/// `amount_minor` as a decimal number in major units with `digits` decimal places,
/// computed exactly from the integer (no floating point): `-50000, 2` is `-500.00`.
fn major_units(amount_minor: i64, digits: u32) -> String {
    let sign = if amount_minor < 0 { "-" } else { "" };
    let magnitude = amount_minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{magnitude}");
    }
    let scale = 10u64.pow(digits);
    let width = digits as usize;
    format!("{sign}{}.{:0width$}", magnitude / scale, magnitude % scale)
}

/// The sentence that explains suppressed cells, with the report's threshold.
pub(crate) fn suppression_note(min: u64) -> String {
    format!(
        "Counts of 1\u{2013}{} people are shown as <{min}; x marks a count hidden so that a \
         small one cannot be worked out.",
        min.saturating_sub(1)
    )
}

/// CSV text being written.
#[derive(Debug)]
struct Csv {
    out: String,
}

impl Csv {
    /// A record of text fields, each neutralised.
    fn text(&mut self, fields: &[&str]) {
        let fields: Vec<Cow<'_, str>> = fields.iter().map(|f| neutralise(f)).collect();
        self.record(&fields);
    }

    /// A record of three text fields, a value the report computed (a count, a
    /// suppressed count or an amount), which is not neutralised, and a text label.
    fn value(&mut self, section: &str, group: &str, key: &str, value: impl ToString, label: &str) {
        let value = value.to_string();
        self.record(&[
            neutralise(section),
            neutralise(group),
            neutralise(key),
            Cow::Borrowed(value.as_str()),
            neutralise(label),
        ]);
    }

    /// One record per value of `breakdown`, each with its label.
    fn breakdown(&mut self, section: &str, group: &str, breakdown: &Breakdown) {
        for (key, cell) in &breakdown.0 {
            let label = labels::breakdown(section, group, key).unwrap_or_default();
            self.value(section, group, key, cell, label);
        }
    }

    /// Two records per value of `breakdown` (awareness activities by `by`): the
    /// activities, then their estimated reach.
    fn activities(&mut self, by: &str, breakdown: &ActivityBreakdown) {
        for (key, activities) in &breakdown.0 {
            let group = format!("activities_by_{by}");
            let label = labels::breakdown("awareness", &group, key).unwrap_or_default();
            self.value("awareness", &group, key, activities.activities, label);
            let group = format!("reach_by_{by}");
            self.value("awareness", &group, key, activities.estimated_reach, label);
        }
    }

    fn record(&mut self, fields: &[Cow<'_, str>]) {
        for (index, field) in fields.iter().enumerate() {
            if index > 0 {
                self.out.push(',');
            }
            if field.contains([',', '"', '\r', '\n']) {
                self.out.push('"');
                self.out.push_str(&field.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(field);
            }
        }
        self.out.push_str("\r\n");
    }
}
