//! The funding report as an XLSX workbook.
//!
//! # Layout
//!
//! - **Summary**: the grant, donor, period, currency, the total of people assisted and the
//!   note that explains suppressed cells; in a donor's report, the donor and its grants
//!   with their currencies.
//! - **People**: the total, then one small table per breakdown (sex, age group,
//!   citizenship, province, category).
//! - **Services**: type, services, people, cost and its currency.
//! - **Returns and referrals**: one small table per breakdown.
//! - **Trainings and awareness**: trainings and their participants (by sex, by kind of
//!   organisation), awareness activities and their estimated reach by channel and by
//!   province.
//! - **Proceedings**: the legal proceedings of the people assisted by stage and outcome.
//! - **Spend**: grant, code, budget line, currency, budget, spent and remaining per line, a
//!   total row per currency, and — when every line has one currency — a column chart of
//!   spent against budget per line.
//!
//! Counts are number cells; suppressed counts are the text `<5` (with the report's
//! threshold) or `x`, right-aligned like numbers. Amounts are number cells in their
//! currency's major unit (`csv::minor_digits` decimal places, shown with a thousands
//! separator), the currency in a column of its own: amounts of two currencies are never
//! added up.
//!
//! Text that comes from people (titles, names, codes) is neutralised as in the CSV
//! (`csv::neutralise`). rust_xlsxwriter stores strings as strings, which Excel never
//! evaluates, but a formula-looking string becomes a live formula again when someone saves
//! the sheet as CSV and opens that file, so the workbook stores the neutralised text too.

use panah_domain::Cell;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, ColNum, Color, ExcelDateTime, Format, FormatAlign,
    FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};
use time::Date;

use crate::csv::{minor_digits, neutralise, suppression_note};
use crate::statistics::StatisticsReport;
use crate::{ActivityBreakdown, Breakdown, FundingReport};

/// The name of the sheet with the spend table, which the chart's ranges refer to.
const SPEND: &str = "Spend";

/// The report as the bytes of an XLSX file.
pub fn to_xlsx(report: &FundingReport) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    summary(workbook.add_worksheet(), report, &styles)?;
    people(workbook.add_worksheet(), report, &styles)?;
    services(workbook.add_worksheet(), report, &styles)?;
    returns_and_referrals(workbook.add_worksheet(), report, &styles)?;
    trainings_and_awareness(workbook.add_worksheet(), report, &styles)?;
    proceedings(workbook.add_worksheet(), report, &styles)?;
    spend(workbook.add_worksheet(), report, &styles)?;
    workbook.save_to_buffer()
}

/// The national statistics report as the bytes of an XLSX file: a **Summary** (period,
/// province, victims identified, the suppression note), **Victims** (by province, sex, age
/// group and type of exploitation), **Referrals** (by purpose and status),
/// **Proceedings** (by law, and the convictions by law) and **Trainings and awareness**,
/// laid out and neutralised as the funding report's.
pub fn statistics_to_xlsx(report: &StatisticsReport) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();

    let sheet = workbook.add_worksheet();
    sheet.set_name("Summary")?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 72)?;
    sheet.write_string_with_format(0, 0, "National statistics", &styles.title)?;
    sheet.write_string_with_format(2, 0, "Period from", &styles.label)?;
    date(sheet, 2, 1, report.period.from, &styles)?;
    sheet.write_string_with_format(3, 0, "Period to", &styles.label)?;
    date(sheet, 3, 1, report.period.to, &styles)?;
    sheet.write_string_with_format(4, 0, "Province", &styles.label)?;
    let province = report.province.as_deref().unwrap_or("All provinces");
    text(sheet, 4, 1, province, &styles.text)?;
    sheet.write_string_with_format(5, 0, "Victims identified", &styles.label)?;
    count(sheet, 5, 1, report.victims.total, &styles.left)?;
    sheet.write_string_with_format(7, 0, "Suppression", &styles.label)?;
    let note = suppression_note(report.min_cell_size);
    sheet.write_string_with_format(7, 1, note, &styles.note)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Victims")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 12)?;
    let victims = &report.victims;
    sheet.write_string_with_format(0, 0, "Victims identified", &styles.header)?;
    count(sheet, 0, 1, victims.total, &styles.header_right)?;
    let mut row = 2;
    for (title, breakdown) in [
        ("Province", &victims.by_province),
        ("Sex", &victims.by_sex),
        ("Age group", &victims.by_age_group),
        ("Type of exploitation", &victims.by_exploitation_type),
    ] {
        row = table(sheet, row, title, "Victims", breakdown, &styles)?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name("Referrals")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 12)?;
    let row = table(
        sheet,
        0,
        "Purpose",
        "Referrals",
        &report.referrals.by_purpose,
        &styles,
    )?;
    table(
        sheet,
        row,
        "Status",
        "Referrals",
        &report.referrals.by_status,
        &styles,
    )?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Proceedings")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 12)?;
    let proceedings = &report.proceedings;
    sheet.write_string_with_format(0, 0, "Legal proceedings", &styles.header)?;
    count(sheet, 0, 1, proceedings.total, &styles.header_right)?;
    sheet.write_string_with_format(1, 0, "Convictions", &styles.label)?;
    count(sheet, 1, 1, proceedings.convictions, &styles.suppressed)?;
    let row = table(sheet, 3, "Law", "Proceedings", &proceedings.by_law, &styles)?;
    table(
        sheet,
        row,
        "Law",
        "Convictions",
        &proceedings.convictions_by_law,
        &styles,
    )?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Trainings and awareness")?;
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 16)?;
    let trainings = &report.trainings;
    sheet.write_string_with_format(0, 0, "Trainings", &styles.header)?;
    sheet.write_number_with_format(0, 1, trainings.events as f64, &styles.header_right)?;
    sheet.write_string_with_format(1, 0, "Participants", &styles.label)?;
    count(
        sheet,
        1,
        1,
        trainings.participants.total,
        &styles.suppressed,
    )?;
    let row = table(
        sheet,
        3,
        "Participants by sex",
        "Participants",
        &trainings.participants.by_sex,
        &styles,
    )?;
    let awareness = &report.awareness;
    sheet.write_string_with_format(row, 0, "Awareness activities", &styles.header)?;
    sheet.write_number_with_format(row, 1, awareness.activities as f64, &styles.header_right)?;
    sheet.write_string_with_format(row + 1, 0, "Estimated reach", &styles.label)?;
    sheet.write_number(row + 1, 1, awareness.estimated_reach as f64)?;
    activity_table(sheet, row + 3, "Channel", &awareness.by_channel, &styles)?;
    workbook.save_to_buffer()
}

fn summary(
    sheet: &mut Worksheet,
    report: &FundingReport,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 72)?;
    sheet.write_string_with_format(0, 0, "Funding report", &styles.title)?;

    let mut rows: Vec<(&str, &str)> = Vec::new();
    if let Some(grant) = &report.grant {
        rows.extend([
            ("Grant", grant.code.as_str()),
            ("Title", grant.title.as_str()),
            ("Donor", grant.donor.as_str()),
        ]);
    }
    if let Some(donor) = &report.donor {
        rows.push(("Donor", donor.name.as_str()));
    }
    let mut row: RowNum = 2;
    for (label, value) in rows {
        sheet.write_string_with_format(row, 0, label, &styles.label)?;
        text(sheet, row, 1, value, &styles.text)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "Period from", &styles.label)?;
    date(sheet, row, 1, report.period.from, styles)?;
    sheet.write_string_with_format(row + 1, 0, "Period to", &styles.label)?;
    date(sheet, row + 1, 1, report.period.to, styles)?;
    row += 2;
    if let Some(currency) = &report.currency {
        sheet.write_string_with_format(row, 0, "Currency", &styles.label)?;
        text(sheet, row, 1, currency, &styles.text)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, "People assisted", &styles.label)?;
    count(sheet, row, 1, report.people_assisted.total, &styles.left)?;
    row += 2;

    sheet.write_string_with_format(row, 0, "Suppression", &styles.label)?;
    sheet.write_string_with_format(row, 1, suppression_note(report.min_cell_size), &styles.note)?;
    sheet.write_string_with_format(row + 1, 0, "Money", &styles.label)?;
    let money = "Amounts are in the currency of the grant they were charged to and are never \
         suppressed or added up across currencies; only delivered assistance counts as a \
         service or as spend.";
    sheet.write_string_with_format(row + 1, 1, money, &styles.note)?;
    row += 3;
    if let Some(donor) = &report.donor {
        for (col, header) in (0..).zip(["Grant", "Title", "Currency"]) {
            sheet.write_string_with_format(row, col, header, &styles.header)?;
        }
        for grant in &donor.grants {
            row += 1;
            text(sheet, row, 0, &grant.code, &styles.text)?;
            text(sheet, row, 1, &grant.title, &styles.text)?;
            text(sheet, row, 2, &grant.currency, &styles.text)?;
        }
    }
    Ok(())
}

fn people(sheet: &mut Worksheet, report: &FundingReport, styles: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("People")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 12)?;
    let people = &report.people_assisted;
    sheet.write_string_with_format(0, 0, "People assisted", &styles.header)?;
    count(sheet, 0, 1, people.total, &styles.header_right)?;
    let mut row = 2;
    for (title, breakdown) in [
        ("Sex", &people.by_sex),
        ("Age group", &people.by_age_group),
        ("Citizenship", &people.by_citizenship),
        ("Province", &people.by_province),
        ("Category", &people.by_category),
    ] {
        row = table(sheet, row, title, "People", breakdown, styles)?;
    }
    Ok(())
}

fn services(
    sheet: &mut Worksheet,
    report: &FundingReport,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Services")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_column_width(2, 12)?;
    sheet.set_column_width(3, 18)?;
    let headers = [
        "Type".to_owned(),
        "Services".to_owned(),
        "People".to_owned(),
        in_currency("Cost", report),
        "Currency".to_owned(),
    ];
    for (col, header) in (0..).zip(headers) {
        sheet.write_string_with_format(0, col, header, &styles.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, service) in (1..).zip(&report.services) {
        text(sheet, row, 0, &service.service_type, &styles.text)?;
        count(sheet, row, 1, service.count, &styles.suppressed)?;
        count(sheet, row, 2, service.people, &styles.suppressed)?;
        money(sheet, row, 3, service.cost_minor, &service.currency, styles)?;
        text(sheet, row, 4, &service.currency, &styles.text)?;
    }
    Ok(())
}

fn returns_and_referrals(
    sheet: &mut Worksheet,
    report: &FundingReport,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Returns and referrals")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 12)?;
    let mut row = 0;
    for (title, unit, breakdown) in [
        ("Return direction", "Returns", &report.returns.by_direction),
        ("Return status", "Returns", &report.returns.by_status),
        (
            "Referral purpose",
            "Referrals",
            &report.referrals.by_purpose,
        ),
        ("Referral status", "Referrals", &report.referrals.by_status),
    ] {
        row = table(sheet, row, title, unit, breakdown, styles)?;
    }
    Ok(())
}

fn trainings_and_awareness(
    sheet: &mut Worksheet,
    report: &FundingReport,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Trainings and awareness")?;
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 16)?;
    let trainings = &report.trainings;
    sheet.write_string_with_format(0, 0, "Trainings", &styles.header)?;
    sheet.write_number_with_format(0, 1, trainings.events as f64, &styles.header_right)?;
    sheet.write_string_with_format(1, 0, "Participants", &styles.label)?;
    count(
        sheet,
        1,
        1,
        trainings.participants.total,
        &styles.suppressed,
    )?;
    let mut row = table(
        sheet,
        3,
        "Participants by sex",
        "Participants",
        &trainings.participants.by_sex,
        styles,
    )?;
    row = table(
        sheet,
        row,
        "Participants by organisation",
        "Participants",
        &trainings.participants.by_organization_kind,
        styles,
    )?;
    let awareness = &report.awareness;
    sheet.write_string_with_format(row, 0, "Awareness activities", &styles.header)?;
    sheet.write_number_with_format(row, 1, awareness.activities as f64, &styles.header_right)?;
    sheet.write_string_with_format(row + 1, 0, "Estimated reach", &styles.label)?;
    sheet.write_number(row + 1, 1, awareness.estimated_reach as f64)?;
    row += 3;
    row = activity_table(sheet, row, "Channel", &awareness.by_channel, styles)?;
    activity_table(sheet, row, "Province", &awareness.by_province, styles)?;
    Ok(())
}

fn proceedings(
    sheet: &mut Worksheet,
    report: &FundingReport,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Proceedings")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 12)?;
    let proceedings = &report.proceedings;
    sheet.write_string_with_format(0, 0, "Legal proceedings", &styles.header)?;
    count(sheet, 0, 1, proceedings.total, &styles.header_right)?;
    let row = table(
        sheet,
        2,
        "Stage",
        "Proceedings",
        &proceedings.by_stage,
        styles,
    )?;
    table(
        sheet,
        row,
        "Outcome",
        "Proceedings",
        &proceedings.by_outcome,
        styles,
    )?;
    Ok(())
}

/// Writes awareness activities by `title` (channel or province) from `row`: activities and
/// estimated reach per value, then a blank row. Returns the row after the blank one.
fn activity_table(
    sheet: &mut Worksheet,
    row: RowNum,
    title: &str,
    breakdown: &ActivityBreakdown,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    for (col, header) in (0..).zip([title, "Activities", "Estimated reach"]) {
        let format = if col == 0 {
            &styles.header
        } else {
            &styles.header_right
        };
        sheet.write_string_with_format(row, col, header, format)?;
    }
    let mut next = row + 1;
    for (key, activities) in &breakdown.0 {
        text(sheet, next, 0, key, &styles.text)?;
        sheet.write_number(next, 1, activities.activities as f64)?;
        sheet.write_number(next, 2, activities.estimated_reach as f64)?;
        next += 1;
    }
    Ok(next + 1)
}

fn spend(sheet: &mut Worksheet, report: &FundingReport, styles: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(SPEND)?;
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 36)?;
    for col in 2..=4 {
        sheet.set_column_width(col, 18)?;
    }
    sheet.set_column_width(5, 10)?;
    sheet.set_column_width(6, 18)?;
    let headers = [
        "Code".to_owned(),
        "Budget line".to_owned(),
        in_currency("Budget", report),
        in_currency("Spent", report),
        in_currency("Remaining", report),
        "Currency".to_owned(),
        "Grant".to_owned(),
    ];
    for (col, header) in (0..).zip(headers) {
        sheet.write_string_with_format(0, col, header, &styles.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let mut last: RowNum = 0;
    for (row, line) in (1..).zip(&report.spend) {
        text(sheet, row, 0, &line.budget_line_code, &styles.text)?;
        text(sheet, row, 1, &line.name, &styles.text)?;
        let amounts = [line.budget_minor, line.spent_minor, line.remaining_minor];
        for (col, amount) in (2..).zip(amounts) {
            money(sheet, row, col, amount, &line.currency, styles)?;
        }
        text(sheet, row, 5, &line.currency, &styles.text)?;
        text(sheet, row, 6, &line.grant_code, &styles.text)?;
        last = row;
    }
    // One total row per currency, added up by the report: never across currencies.
    for (row, total) in (last + 1..).zip(&report.totals) {
        sheet.write_string_with_format(row, 0, "Total", &styles.total_label)?;
        sheet.write_blank(row, 1, &styles.total_label)?;
        let (scale, format) = styles.money(&total.currency, true);
        let amounts = [total.budget_minor, total.spent_minor, total.remaining_minor];
        for (col, amount) in (2..).zip(amounts) {
            sheet.write_number_with_format(row, col, amount as f64 / scale, format)?;
        }
        text(sheet, row, 5, &total.currency, &styles.total_label)?;
    }
    // A chart of one currency only: bars of two currencies on one axis would compare
    // amounts that cannot be compared.
    let [total] = report.totals.as_slice() else {
        return Ok(());
    };
    if last == 0 {
        return Ok(());
    }
    let currency = neutralise(&total.currency);
    let mut chart = Chart::new(ChartType::Column);
    // A chart title starting with `=` would be read as a cell reference; this one starts
    // with a letter.
    let title = format!("Spent against budget ({currency})");
    chart.title().set_name(&title);
    for col in [2, 3] {
        chart
            .add_series()
            .set_name((SPEND, 0, col))
            .set_categories((SPEND, 1, 1, last, 1))
            .set_values((SPEND, 1, col, last, col));
    }
    chart
        .y_axis()
        .set_num_format(money_format(minor_digits(&total.currency)));
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(640).set_height(360);
    sheet.insert_chart(1, 8, &chart)?;
    Ok(())
}

/// Writes a breakdown as a two-column table from `row`: a header (`title`, `unit`), one row
/// per value, then a blank row. Returns the row after the blank one.
fn table(
    sheet: &mut Worksheet,
    row: RowNum,
    title: &str,
    unit: &str,
    breakdown: &Breakdown,
    styles: &Styles,
) -> Result<RowNum, XlsxError> {
    sheet.write_string_with_format(row, 0, title, &styles.header)?;
    sheet.write_string_with_format(row, 1, unit, &styles.header_right)?;
    let mut next = row + 1;
    for (key, cell) in &breakdown.0 {
        text(sheet, next, 0, key, &styles.text)?;
        count(sheet, next, 1, *cell, &styles.suppressed)?;
        next += 1;
    }
    Ok(next + 1)
}

/// Writes text from the report, neutralised.
fn text(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, col, neutralise(value), format)?;
    Ok(())
}

/// Writes a count as a number, or a suppressed count as its text (`<5`, `x`). `format`
/// should align right, so that text and numbers line up in a column.
fn count(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    cell: Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    match cell {
        // Counts of people are far below 2^53, where f64 stops being exact.
        Cell::Count(n) => sheet.write_number_with_format(row, col, n as f64, format)?,
        Cell::Small(_) | Cell::Hidden => {
            sheet.write_string_with_format(row, col, cell.to_string(), format)?
        }
    };
    Ok(())
}

/// Writes an amount in minor units of `currency` as a number in major units.
fn money(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    amount_minor: i64,
    currency: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let (scale, format) = styles.money(currency, false);
    sheet.write_number_with_format(row, col, amount_minor as f64 / scale, format)?;
    Ok(())
}

/// A column header of amounts: with the report's currency when it has one ("Cost (USD)"),
/// else alone, each row naming its currency.
fn in_currency(header: &str, report: &FundingReport) -> String {
    match &report.currency {
        Some(currency) => format!("{header} ({})", neutralise(currency)),
        None => header.to_owned(),
    }
}

/// The number format of amounts with `digits` decimal places, with a thousands separator.
fn money_format(digits: u32) -> String {
    if digits == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(digits as usize))
    }
}

/// Writes a date as an Excel date, or as ISO text if Excel cannot hold it (before 1900).
fn date(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    day: Date,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let excel = u16::try_from(day.year())
        .ok()
        .and_then(|year| ExcelDateTime::from_ymd(year, day.month().into(), day.day()).ok());
    match excel {
        Some(excel) => sheet.write_date_with_format(row, col, &excel, &styles.date)?,
        None => sheet.write_string_with_format(row, col, day.to_string(), &styles.text)?,
    };
    Ok(())
}

/// The cell formats of the workbook.
#[derive(Debug)]
struct Styles {
    title: Format,
    label: Format,
    header: Format,
    header_right: Format,
    text: Format,
    left: Format,
    suppressed: Format,
    total_label: Format,
    /// Amounts with 0 to 3 decimal places (ISO 4217 has no more), plain and in a total.
    money: [(Format, Format); 4],
    date: Format,
    note: Format,
}

impl Styles {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border_bottom(FormatBorder::Thin);
        let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        let money = |digits: u32| {
            let format = money_format(digits);
            (
                Format::new().set_num_format(&format),
                total.clone().set_num_format(&format),
            )
        };
        Self {
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            header_right: header.clone().set_align(FormatAlign::Right),
            header,
            text: Format::new(),
            left: Format::new().set_align(FormatAlign::Left),
            // Numbers align right by default; a suppressed count is text, aligned the
            // same so that a column of counts reads as one.
            suppressed: Format::new().set_align(FormatAlign::Right),
            money: [money(0), money(1), money(2), money(3)],
            total_label: total,
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            note: Format::new().set_text_wrap(),
        }
    }

    /// Minor units per major unit of `currency`, and the format of its amounts (in a
    /// total row if `total`).
    fn money(&self, currency: &str, total: bool) -> (f64, &Format) {
        let digits = minor_digits(currency).min(3);
        let (plain, in_total) = &self.money[digits as usize];
        (
            f64::from(10u32.pow(digits)),
            if total { in_total } else { plain },
        )
    }
}
