//! Charts as server-drawn SVG: horizontal bars whose geometry is worked out here, mirrored
//! for right-to-left pages, and drawn by `templates/charts.html` with presentation
//! attributes only (the pages' CSP allows no style attribute). A suppressed count has no
//! bar: only the words that say it is suppressed, never a number. Every chart carries a
//! title and a description in words, and its figures as a table.

use panah_domain::{Currency, Money};
use panah_pdf::charts::Chart;

use crate::numbers::{format_money, local_digits};
use crate::ui::Ui;

/// The width of a chart, in the SVG's units.
const WIDTH: u32 = 640;
/// Where the bars start, from the label's side.
const BARS_FROM: u32 = 230;
/// The longest bar.
const BAR_LENGTH: u32 = 330;
/// The height of one row.
const ROW: u32 = 30;
/// The height of one bar.
const BAR: u32 = 16;

/// One row of a chart of counts, placed.
#[derive(Debug, Clone)]
pub(crate) struct SvgRow {
    /// The label's anchor.
    pub(crate) label_x: u32,
    /// The baseline of the row's text.
    pub(crate) text_y: u32,
    /// The top of the bar.
    pub(crate) bar_y: u32,
    /// The bar's left edge and length (none when the count is suppressed).
    pub(crate) bar: Option<(u32, u32)>,
    /// The anchor of the count, or of the words saying it is suppressed.
    pub(crate) value_x: u32,
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) suppressed: bool,
}

/// A chart of counts, placed.
#[derive(Debug, Clone)]
pub(crate) struct SvgChart {
    /// Unique in the page, for the title and description's ids.
    pub(crate) id: String,
    pub(crate) heading: String,
    /// The figures in one sentence, for the description.
    pub(crate) summary: String,
    pub(crate) height: u32,
    pub(crate) width: u32,
    /// The height of each bar.
    pub(crate) bar_height: u32,
    pub(crate) rows: Vec<SvgRow>,
    /// `rtl` or `ltr`: the direction of the chart's text.
    pub(crate) direction: &'static str,
}

/// `chart` placed for `ui`'s direction, its title and description ids starting `id`.
pub(crate) fn count_chart(id: &str, chart: &Chart, ui: &Ui) -> SvgChart {
    let rtl = ui.language.is_right_to_left();
    // Distances are measured from the label's side: the right edge on a right-to-left
    // page, the left edge otherwise.
    let at = |from_start: u32| if rtl { WIDTH - from_start } else { from_start };
    let separator = ui.t("list-separator");
    let rows = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let top = u32::try_from(i).unwrap_or(0) * ROW;
            let length = bar.value.map(|value| {
                let scaled = value.saturating_mul(u64::from(BAR_LENGTH)) / chart.scale.max(1);
                // A count above zero always shows, however short its bar.
                let scaled = u32::try_from(scaled).unwrap_or(BAR_LENGTH);
                if value > 0 { scaled.max(2) } else { 0 }
            });
            let bar_end = BARS_FROM + length.unwrap_or(0) + 6;
            SvgRow {
                label_x: at(0),
                text_y: top + 20,
                bar_y: top + (ROW - BAR) / 2,
                bar: length.map(|length| {
                    let left = if rtl {
                        WIDTH - BARS_FROM - length
                    } else {
                        BARS_FROM
                    };
                    (left, length)
                }),
                value_x: at(bar_end),
                label: bar.label.clone(),
                value: bar.text.clone(),
                suppressed: bar.value.is_none(),
            }
        })
        .collect::<Vec<_>>();
    let summary = chart
        .bars
        .iter()
        .map(|bar| format!("{}: {}", bar.label, bar.text))
        .collect::<Vec<_>>()
        .join(&separator);
    SvgChart {
        id: id.to_owned(),
        heading: chart.heading.clone(),
        summary,
        height: u32::try_from(rows.len()).unwrap_or(0) * ROW + 6,
        width: WIDTH,
        bar_height: BAR,
        rows,
        direction: ui.dir(),
    }
}

/// A budget line's spend against its budget: a bar drawn to a hundred units (the budget)
/// with what is spent filled in, and the same in words.
#[derive(Debug, Clone)]
pub(crate) struct SpendBar {
    pub(crate) label: String,
    /// The filled part's left edge and length, of a hundred.
    pub(crate) x: u32,
    pub(crate) width: u32,
    /// Whether more than the budget is spent.
    pub(crate) over: bool,
    /// "400.00 USD spent of 1,000.00 USD (40%)".
    pub(crate) text: String,
}

/// The spend bar of a line labelled `label` with `budget_minor` budgeted and
/// `spent_minor` spent, in `currency`.
pub(crate) fn spend_bar(
    ui: &Ui,
    label: String,
    budget_minor: i64,
    spent_minor: i64,
    currency: Currency,
) -> SpendBar {
    let percent = if budget_minor > 0 {
        spent_minor.max(0).saturating_mul(100) / budget_minor
    } else {
        0
    };
    let width = u32::try_from(percent.min(100)).unwrap_or(0);
    let money = |amount_minor| {
        format_money(
            Money {
                amount_minor,
                currency,
            },
            ui.language,
        )
    };
    let text = panah_i18n::message_args(
        ui.language,
        "grant-spent-of",
        &[
            ("spent", &money(spent_minor)),
            ("budget", &money(budget_minor)),
            ("percent", &local_digits(&percent.to_string(), ui.language)),
        ],
    );
    SpendBar {
        label,
        x: if ui.language.is_right_to_left() {
            100 - width
        } else {
            0
        },
        width,
        over: spent_minor > budget_minor,
        text,
    }
}
