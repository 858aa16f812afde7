//! The funding report pages. `/grants/{id}/report`: a grant's funding report for a period;
//! `/reports/funding`: the report of every grant of one donor, the donor picked from a
//! list. Both show people assisted by sex and by age group, services by type, trainings,
//! awareness activities, legal proceedings and spend against budget — drawn as SVG charts
//! with their figures in tables — and the buttons that download the report as a workbook,
//! CSV or PDF (`…/file`). Every one runs the app's report use case, which suppresses small
//! counts and records the export in the audit log before anything leaves: showing the
//! figures is an export too.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use panah_app::{AppError, DonorRef, FundingRequest, GrantRef, ReportFile, ReportFormat};
use panah_domain::{Currency, FieldProblem, Grant, GrantId, OrganizationKind};
use panah_pdf::charts::{ReportView, SpendBar as PrintedSpend};
use serde::Deserialize;

use super::{SignedIn, parse_id};
use crate::WebState;
use crate::charts::{SpendBar, SvgChart, count_chart, spend_bar};
use crate::errors::{ErrorPage, PageError};
use crate::form::{Fields, Reader};
use crate::organizations::Organizations;
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{FormView, Input, Problems, Select};

/// The period form's fields, by the names the app gives its problems.
const FIELDS: &[&str] = &["from", "to"];
/// The donor form's fields: the app names the donor `donor_id`.
const DONOR_FIELDS: &[&str] = &["donor_id", "from", "to"];

#[derive(Template, WebTemplate)]
#[template(path = "funding.html")]
struct FundingPage {
    ui: Ui,
    heading: String,
    intro: String,
    action: String,
    refused: bool,
    /// The donor to pick, on a donor's report.
    donor: Option<Select>,
    from: Input,
    to: Input,
    report: Option<Shown>,
}

/// The report, ready to draw.
struct Shown {
    view: ReportView,
    charts: Vec<SvgChart>,
    /// Trainings, awareness and proceedings: each heading, its figures and its charts.
    sections: Vec<ShownSection>,
    /// Spend against budget per line, as figures.
    spend: Vec<PrintedSpend>,
    /// And as bars.
    spend_bars: Vec<SpendBar>,
    downloads: Vec<Download>,
}

/// A section of the report beyond the people assisted, ready to draw.
struct ShownSection {
    heading: String,
    facts: Vec<(String, String)>,
    charts: Vec<SvgChart>,
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

/// The donor page's address: the donor's id and the period, as typed.
#[derive(Debug, Deserialize)]
pub(crate) struct DonorQuery {
    donor_id: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The download's address: the period as read, the donor on a donor's report, and the
/// format.
#[derive(Debug, Deserialize)]
pub(crate) struct FileQuery {
    donor_id: Option<String>,
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

/// The report drawn for `ui`, its downloads at `files` followed by the period and format.
fn shown(file: &ReportFile, ui: &Ui, files: &str) -> Shown {
    let report = &file.report;
    let view = panah_pdf::view(report, ui.language);
    let mut charts: Vec<SvgChart> = view
        .people
        .iter()
        .enumerate()
        .map(|(i, chart)| count_chart(&format!("people-{i}"), chart, ui))
        .collect();
    charts.push(count_chart("services", &view.services, ui));
    let sections = view
        .sections
        .iter()
        .enumerate()
        .map(|(i, section)| ShownSection {
            heading: section.heading.clone(),
            facts: section.facts.clone(),
            charts: section
                .charts
                .iter()
                .enumerate()
                .map(|(j, chart)| count_chart(&format!("section-{i}-{j}"), chart, ui))
                .collect(),
        })
        .collect();
    let period = format!("from={}&to={}", report.period.from, report.period.to);
    let downloads = [
        (ReportFormat::Xlsx, "funding-download-xlsx"),
        (ReportFormat::Csv, "funding-download-csv"),
        (ReportFormat::Pdf, "funding-download-pdf"),
    ]
    .into_iter()
    .map(|(format, label)| Download {
        href: format!("{files}{period}&format={}", format.as_str()),
        label: ui.t(label),
    })
    .collect();
    let spend_bars = report
        .spend
        .iter()
        .zip(&view.spend)
        .map(|(line, printed)| {
            let currency = line.currency.parse().unwrap_or(Currency::Usd);
            spend_bar(
                ui,
                printed.label.clone(),
                line.budget_minor,
                line.spent_minor,
                currency,
            )
        })
        .collect();
    Shown {
        spend: view.spend.clone(),
        view,
        charts,
        sections,
        spend_bars,
        downloads,
    }
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
    let heading = ui.t1("funding-title", "code", &grant.code);
    let action = format!("/grants/{}/report", grant.id.0);
    let found = match reader.finish() {
        Err(problems) => problems,
        Ok(()) => {
            let request = FundingRequest {
                grant: Some(GrantRef::new(grant.id.0.to_string())),
                donor: None,
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
                    let shown = shown(&file, &ui, &format!("{action}/file?"));
                    let intro = ui.t("funding-intro");
                    let page = page(ui, heading, intro, action, None, &typed, &[], Some(shown));
                    return Ok(page.into_response());
                }
                Err(AppError::Invalid(problems)) => problems,
                Err(other) => return Err(other.into()),
            }
        }
    };
    let intro = ui.t("funding-intro");
    let page = page(ui, heading, intro, action, None, &typed, &found, None);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// `GET /reports/funding`: the donor picker and, once a donor is picked, its report.
pub(crate) async fn donor(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<DonorQuery>,
) -> Result<Response, PageError> {
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    // Asked before anything is read, so that a person who may not sees a 403 page.
    state
        .app
        .authorize(actor, panah_app::UseCase::ExportFundingReport, now)
        .await?;
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let organizations = Organizations::read(&state.app, actor, now).await?;
    let typed = Fields::with(&[
        ("donor_id", query.donor_id.clone().unwrap_or_default()),
        ("from", query.from.clone().unwrap_or_default()),
        ("to", query.to.clone().unwrap_or_default()),
    ]);
    let heading = ui.t("funding-donor-title");
    let intro = ui.t("funding-donor-intro");
    let action = "/reports/funding".to_owned();
    let donors = organizations.choices(&[OrganizationKind::Donor], None, &ui);
    let Some(donor) = query.donor_id.filter(|id| !id.is_empty()) else {
        // Nothing picked yet: the form alone.
        let page = page(ui, heading, intro, action, Some(donors), &typed, &[], None);
        return Ok(page.into_response());
    };
    let mut reader = Reader::new(&typed);
    let from = reader.optional_date("from");
    let to = reader.optional_date("to");
    let found = match reader.finish() {
        Err(problems) => problems,
        Ok(()) => {
            let request = FundingRequest {
                grant: None,
                donor: Some(DonorRef::new(donor.clone())),
                from,
                to,
                format: Some(ReportFormat::Json),
                file_name: None,
            };
            match state
                .app
                .funding_report_in(actor, request, ui.language, now)
                .await
            {
                Ok(file) => {
                    let files = format!("/reports/funding/file?donor_id={}&", url_encode(&donor));
                    let shown = shown(&file, &ui, &files);
                    let page = page(
                        ui,
                        heading,
                        intro,
                        action,
                        Some(donors),
                        &typed,
                        &[],
                        Some(shown),
                    );
                    return Ok(page.into_response());
                }
                Err(AppError::Invalid(problems)) => problems,
                Err(other) => return Err(other.into()),
            }
        }
    };
    let page = page(
        ui,
        heading,
        intro,
        action,
        Some(donors),
        &typed,
        &found,
        None,
    );
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The page, its period form filled in with `typed`, with the donor select when `donors`
/// are given.
#[allow(clippy::too_many_arguments)]
fn page(
    ui: Ui,
    heading: String,
    intro: String,
    action: String,
    donors: Option<Vec<crate::widgets::Group>>,
    typed: &Fields,
    found: &[FieldProblem],
    report: Option<Shown>,
) -> FundingPage {
    let fields = if donors.is_some() {
        DONOR_FIELDS
    } else {
        FIELDS
    };
    let problems: Problems = problems::by_field(found, fields, ui.language);
    let form = FormView::new(&ui, typed, &problems, "period");
    let donor = donors.map(|groups| {
        form.select("donor_id", "funding-donor", groups)
            .empty(ui.t("funding-donor-choose"))
            .required()
    });
    FundingPage {
        heading,
        intro,
        action,
        refused: !found.is_empty(),
        donor,
        from: form.date("from", "funding-from"),
        to: form.date("to", "funding-to"),
        report,
        ui,
    }
}

/// `GET /grants/{id}/report/file`: the grant's report as a file to download, in the
/// page's language when it is printed.
pub(crate) async fn file(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<FileQuery>,
) -> Result<Response, PageError> {
    let grant = grant_of(&state, &signed_in, &id).await?;
    download(
        &state,
        &signed_in,
        Some(GrantRef::new(grant.id.0.to_string())),
        None,
        query,
    )
    .await
}

/// `GET /reports/funding/file`: a donor's report as a file to download.
pub(crate) async fn donor_file(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<FileQuery>,
) -> Result<Response, PageError> {
    let donor = query.donor_id.clone().map(DonorRef::new);
    download(&state, &signed_in, None, donor, query).await
}

/// The report of `grant` or `donor` as the file `query` asks for.
async fn download(
    state: &WebState,
    signed_in: &SignedIn,
    grant: Option<GrantRef>,
    donor: Option<DonorRef>,
    query: FileQuery,
) -> Result<Response, PageError> {
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
        grant,
        donor,
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
            // The buttons carry a donor and a period the page read: any other is not ours.
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

/// `text` as one component of a URL's query.
fn url_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
