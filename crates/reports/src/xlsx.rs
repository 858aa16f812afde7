//! The funding report as an XLSX workbook.
//!
//! # Layout
//!
//! - **Summary**: the grant, donor, period, currency, the total of people assisted and the
//!   note that explains suppressed cells.
//! - **People**: the total, then one small table per breakdown (sex, age group,
//!   citizenship, province, category).
//! - **Services**: type, services, people and cost.
//! - **Returns and referrals**: one small table per breakdown.
//! - **Spend**: code, budget line, budget, spent and remaining per line, a total row, and a
//!   column chart of spent against budget per line.
//!
//! Counts are number cells; suppressed counts are the text `<5` (with the report's
//! threshold) or `x`, right-aligned like numbers. Amounts are number cells in the
//! currency's major unit (`csv::minor_digits` decimal places, shown with a thousands
//! separator), the currency code in the column header.
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
use crate::{Breakdown, FundingReport};

/// The name of the sheet with the spend table, which the chart's ranges refer to.
const SPEND: &str = "Spend";

/// The report as the bytes of an XLSX file.
pub fn to_xlsx(report: &FundingReport) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new(minor_digits(&report.currency));
    let mut workbook = Workbook::new();
    summary(workbook.add_worksheet(), report, &styles)?;
    people(workbook.add_worksheet(), report, &styles)?;
    services(workbook.add_worksheet(), report, &styles)?;
    returns_and_referrals(workbook.add_worksheet(), report, &styles)?;
    spend(workbook.add_worksheet(), report, &styles)?;
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

    let grant = &report.grant;
    let rows: [(&str, &str); 3] = [
        ("Grant", &grant.code),
        ("Title", &grant.title),
        ("Donor", &grant.donor),
    ];
    for (row, (label, value)) in (2..).zip(rows) {
        sheet.write_string_with_format(row, 0, label, &styles.label)?;
        text(sheet, row, 1, value, &styles.text)?;
    }
    sheet.write_string_with_format(5, 0, "Period from", &styles.label)?;
    date(sheet, 5, 1, report.period.from, styles)?;
    sheet.write_string_with_format(6, 0, "Period to", &styles.label)?;
    date(sheet, 6, 1, report.period.to, styles)?;
    sheet.write_string_with_format(7, 0, "Currency", &styles.label)?;
    text(sheet, 7, 1, &report.currency, &styles.text)?;
    sheet.write_string_with_format(8, 0, "People assisted", &styles.label)?;
    count(sheet, 8, 1, report.people_assisted.total, &styles.left)?;

    sheet.write_string_with_format(10, 0, "Suppression", &styles.label)?;
    sheet.write_string_with_format(10, 1, suppression_note(report), &styles.note)?;
    sheet.write_string_with_format(11, 0, "Money", &styles.label)?;
    let money = format!(
        "Amounts are in {} and are never suppressed; only delivered assistance counts as a \
         service or as spend.",
        neutralise(&report.currency)
    );
    sheet.write_string_with_format(11, 1, money, &styles.note)?;
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
    let cost = format!("Cost ({})", neutralise(&report.currency));
    for (col, header) in (0..).zip(["Type", "Services", "People", cost.as_str()]) {
        sheet.write_string_with_format(0, col, header, &styles.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, service) in (1..).zip(&report.services) {
        text(sheet, row, 0, &service.service_type, &styles.text)?;
        count(sheet, row, 1, service.count, &styles.suppressed)?;
        count(sheet, row, 2, service.people, &styles.suppressed)?;
        money(sheet, row, 3, service.cost_minor, styles)?;
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

fn spend(sheet: &mut Worksheet, report: &FundingReport, styles: &Styles) -> Result<(), XlsxError> {
    sheet.set_name(SPEND)?;
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 36)?;
    for col in 2..=4 {
        sheet.set_column_width(col, 18)?;
    }
    let currency = neutralise(&report.currency);
    let headers = [
        "Code".to_owned(),
        "Budget line".to_owned(),
        format!("Budget ({currency})"),
        format!("Spent ({currency})"),
        format!("Remaining ({currency})"),
    ];
    for (col, header) in (0..).zip(headers) {
        sheet.write_string_with_format(0, col, header, &styles.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let mut totals = [0i128; 3];
    let mut last: RowNum = 0;
    for (row, line) in (1..).zip(&report.spend) {
        text(sheet, row, 0, &line.budget_line_code, &styles.text)?;
        text(sheet, row, 1, &line.name, &styles.text)?;
        let amounts = [line.budget_minor, line.spent_minor, line.remaining_minor];
        for ((col, amount), total) in (2..).zip(amounts).zip(&mut totals) {
            money(sheet, row, col, amount, styles)?;
            *total += i128::from(amount);
        }
        last = row;
    }
    if last == 0 {
        // No budget line: no total to add up and nothing to chart.
        return Ok(());
    }

    let total_row = last + 1;
    sheet.write_string_with_format(total_row, 0, "Total", &styles.total_label)?;
    sheet.write_blank(total_row, 1, &styles.total_label)?;
    for (col, total) in (2..).zip(totals) {
        // Sums of i64 amounts of one grant fit an f64's exact integers many times over.
        let value = total as f64 / styles.scale;
        sheet.write_number_with_format(total_row, col, value, &styles.total_money)?;
    }

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
    chart.y_axis().set_num_format(&styles.money_format);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(640).set_height(360);
    sheet.insert_chart(1, 6, &chart)?;
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

/// Writes an amount in minor units as a number in major units.
fn money(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    amount_minor: i64,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let major = amount_minor as f64 / styles.scale;
    sheet.write_number_with_format(row, col, major, &styles.money)?;
    Ok(())
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
    /// 10 to the power of the currency's decimal places: minor units per major unit.
    scale: f64,
    money_format: String,
    title: Format,
    label: Format,
    header: Format,
    header_right: Format,
    text: Format,
    left: Format,
    suppressed: Format,
    total_label: Format,
    money: Format,
    total_money: Format,
    date: Format,
    note: Format,
}

impl Styles {
    fn new(digits: u32) -> Self {
        let money_format = if digits == 0 {
            "#,##0".to_owned()
        } else {
            format!("#,##0.{}", "0".repeat(digits as usize))
        };
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border_bottom(FormatBorder::Thin);
        let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        Self {
            scale: f64::from(10u32.pow(digits)),
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            header_right: header.clone().set_align(FormatAlign::Right),
            header,
            text: Format::new(),
            left: Format::new().set_align(FormatAlign::Left),
            // Numbers align right by default; a suppressed count is text, aligned the
            // same so that a column of counts reads as one.
            suppressed: Format::new().set_align(FormatAlign::Right),
            total_label: total.clone(),
            money: Format::new().set_num_format(&money_format),
            total_money: total.set_num_format(&money_format),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            note: Format::new().set_text_wrap(),
            money_format,
        }
    }
}
