//! `/grants/{id}/report`: a grant's funding report for a period — people assisted by sex
//! and by age group, services by type, spend against budget — drawn as SVG charts with
//! their figures in tables, and the buttons that download it as a workbook, CSV or PDF
//! (`/grants/{id}/report/file`). Both run the app's report use case, which suppresses
//! small counts and records the export in the audit log before anything leaves: showing
//! the figures is an export too.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use panah_app::{AppError, FundingRequest, GrantRef, ReportFormat};
use panah_domain::{FieldProblem, Grant, GrantId};
use panah_pdf::charts::{ReportView, SpendBar as PrintedSpend};
use serde::Deserialize;

use super::{SignedIn, parse_id};
use crate::WebState;
use crate::charts::{SpendBar, SvgChart, count_chart, spend_bar};
use crate::errors::{ErrorPage, PageError};
use crate::form::{Fields, Reader};
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{FormView, Input, Problems};

/// The period form's fields, by the names the app gives its problems.
const FIELDS: &[&str] = &["from", "to"];

#[derive(Template, WebTemplate)]
#[template(path = "funding.html")]
struct FundingPage {
    ui: Ui,
    heading: String,
    action: String,
    refused: bool,
    from: Input,
    to: Input,
    report: Option<Shown>,
}

/// The report, ready to draw.
struct Shown {
    view: ReportView,
    charts: Vec<SvgChart>,
    /// Spend against budget per line, as figures.
    spend: Vec<PrintedSpend>,
    /// And as bars.
    spend_bars: Vec<SpendBar>,
    downloads: Vec<Download>,
}

/// A download button.
struct Download {
    href: String,
    label: String,
}

/// The page's address: the period, in either calendar, as typed.
#[derive(Debug, Deserialize)]
pub(crate) struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

/// The download's address: the period as read, and the format.
#[derive(Debug, Deserialize)]
pub(crate) struct FileQuery {
    from: Option<String>,
    to: Option<String>,
    format: String,
}

/// The grant in the address.
async fn grant_of(state: &WebState, signed_in: &SignedIn, id: &str) -> Result<Grant, PageError> {
    let id = GrantId(parse_id(id)?);
    Ok(state
        .app
        .grant(&signed_in.session.actor, id, signed_in.visit.now)
        .await?)
}

/// `GET /grants/{id}/report`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let grant = grant_of(&state, &signed_in, &id).await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let typed = Fields::with(&[
        (
            "from",
            query
                .from
                .clone()
                .unwrap_or_else(|| ui.date_input(grant.starts_on)),
        ),
        (
            "to",
            query
                .to
                .clone()
                .unwrap_or_else(|| ui.date_input(grant.ends_on)),
        ),
    ]);
    let mut reader = Reader::new(&typed);
    let from = reader.date("from");
    let to = reader.date("to");
    let found = match reader.finish() {
        Err(problems) => problems,
        Ok(()) => {
            let request = FundingRequest {
                grant: GrantRef::new(grant.id.0.to_string()),
                from,
                to,
                format: Some(ReportFormat::Json),
                file_name: None,
            };
            match state
                .app
                .funding_report_in(
                    &signed_in.session.actor,
                    request,
                    ui.language,
                    signed_in.visit.now,
                )
                .await
            {
                Ok(file) => {
                    let view = panah_pdf::view(&file.report, ui.language);
                    let mut charts: Vec<SvgChart> = view
                        .people
                        .iter()
                        .enumerate()
                        .map(|(i, chart)| count_chart(&format!("people-{i}"), chart, &ui))
                        .collect();
                    charts.push(count_chart("services", &view.services, &ui));
                    let period = format!(
                        "from={}&to={}",
                        file.report.period.from, file.report.period.to
                    );
                    let downloads = [
                        (ReportFormat::Xlsx, "funding-download-xlsx"),
                        (ReportFormat::Csv, "funding-download-csv"),
                        (ReportFormat::Pdf, "funding-download-pdf"),
                    ]
                    .into_iter()
                    .map(|(format, label)| Download {
                        href: format!(
                            "/grants/{}/report/file?{period}&format={}",
                            grant.id.0,
                            format.as_str()
                        ),
                        label: ui.t(label),
                    })
                    .collect();
                    let spend = view.spend.clone();
                    let spend_bars = file
                        .report
                        .spend
                        .iter()
                        .map(|line| {
                            spend_bar(
                                &ui,
                                format!("{} — {}", line.budget_line_code, line.name),
                                line.budget_minor,
                                line.spent_minor,
                                grant.currency,
                            )
                        })
                        .collect();
                    let page = page(
                        ui,
                        &grant,
                        &typed,
                        &[],
                        Some(Shown {
                            view,
                            charts,
                            spend,
                            spend_bars,
                            downloads,
                        }),
                    );
                    return Ok(page.into_response());
                }
                Err(AppError::Invalid(problems)) => problems,
                Err(other) => return Err(other.into()),
            }
        }
    };
    let page = page(ui, &grant, &typed, &found, None);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The page for `grant` with the period form filled in with `typed`.
fn page(
    ui: Ui,
    grant: &Grant,
    typed: &Fields,
    found: &[FieldProblem],
    report: Option<Shown>,
) -> FundingPage {
    let problems: Problems = problems::by_field(found, FIELDS, ui.language);
    let form = FormView::new(&ui, typed, &problems, "period");
    FundingPage {
        heading: ui.t1("funding-title", "code", &grant.code),
        action: format!("/grants/{}/report", grant.id.0),
        refused: !found.is_empty(),
        from: form.date("from", "funding-from"),
        to: form.date("to", "funding-to"),
        report,
        ui,
    }
}

/// `GET /grants/{id}/report/file`: the report as a file to download, in the page's
/// language when it is printed.
pub(crate) async fn file(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<FileQuery>,
) -> Result<Response, PageError> {
    let grant = grant_of(&state, &signed_in, &id).await?;
    let format = match query.format.as_str() {
        "xlsx" => ReportFormat::Xlsx,
        "csv" => ReportFormat::Csv,
        "pdf" => ReportFormat::Pdf,
        _ => return Err(ErrorPage::NotFound.into()),
    };
    let typed = Fields::with(&[
        ("from", query.from.unwrap_or_default()),
        ("to", query.to.unwrap_or_default()),
    ]);
    let mut reader = Reader::new(&typed);
    let from = reader.optional_date("from");
    let to = reader.optional_date("to");
    if reader.finish().is_err() {
        return Err(ErrorPage::BadRequest.into());
    }
    let request = FundingRequest {
        grant: GrantRef::new(grant.id.0.to_string()),
        from,
        to,
        format: Some(format),
        file_name: None,
    };
    let file = state
        .app
        .funding_report_in(
            &signed_in.session.actor,
            request,
            signed_in.visit.language,
            signed_in.visit.now,
        )
        .await
        .map_err(|error| match error {
            // The buttons carry a period the page read: any other is not ours.
            AppError::Invalid(_) => PageError::Show(ErrorPage::BadRequest),
            other => other.into(),
        })?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.filename))
        .map_err(|error| crate::errors::internal(&error))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.format.media_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        file.bytes,
    )
        .into_response())
}
