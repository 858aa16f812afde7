//! `/api/v1/reports/funding`: what a grant — or every grant of one donor — paid for, for
//! donors, as JSON, CSV or XLSX.
//! Every count of people is suppressed below the configured threshold, and every export
//! is audited by the app with the caller, the grant, the period, the format, its purpose
//! and its recipient.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use panah_app::{DonorRef, FundingRequest, GrantRef, ReportFormat, StatisticsRequest};
use panah_domain::Province;
use serde::Deserialize;
use time::Date;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{self, Content, RefOr, ResponseBuilder};
use utoipa::{IntoParams, ToResponse, ToSchema};

use crate::auth::{Allowed, gate};
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::ApiQuery;
use crate::vocabulary;
use crate::{ApiError, AppState};

/// The formats a funding report comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ReportFormat)]
pub enum Format {
    /// `application/json`.
    Json,
    /// `text/csv`.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl From<Format> for ReportFormat {
    fn from(format: Format) -> ReportFormat {
        match format {
            Format::Json => ReportFormat::Json,
            Format::Csv => ReportFormat::Csv,
            Format::Xlsx => ReportFormat::Xlsx,
        }
    }
}

/// The report as the OpenAPI document describes it: one response in each format, under
/// the media types the app labels them with.
enum Report {}

impl<'r> ToResponse<'r> for Report {
    fn response() -> (&'r str, RefOr<openapi::Response>) {
        let schema = |kind| Some(ObjectBuilder::new().schema_type(kind));
        let disposition = HeaderBuilder::new()
            .schema(schema(Type::String))
            .description(Some(
                "For CSV and XLSX: `attachment` with a file name of the grant and the period",
            ));
        let response = ResponseBuilder::new()
            .description(
                "The report in the format asked for: JSON by default, or a CSV file or an Excel \
                 workbook to download",
            )
            .content(
                ReportFormat::Json.media_type(),
                Content::new(schema(Type::Object)),
            )
            .content(
                ReportFormat::Csv.media_type(),
                Content::new(schema(Type::String)),
            )
            // A workbook is bytes: OpenAPI 3.1 describes a binary body by giving no schema.
            .content(
                ReportFormat::Xlsx.media_type(),
                Content::new(None::<RefOr<Schema>>),
            )
            .header("Content-Disposition", disposition.build());
        ("FundingReport", response.into())
    }
}

/// `GET /api/v1/reports/funding` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FundingQuery {
    /// The grant, by its id or by its code (such as `US-CT-2026-01`). Exactly one of
    /// `grant_id` and `donor_id` is given.
    pub grant_id: Option<String>,
    /// The donor, by its organisation's id or code (such as `DONOR-US`): the report covers
    /// every grant of the donor that runs during the period, people counted once across
    /// them, amounts per grant and line in the grant's currency and totals per currency.
    pub donor_id: Option<String>,
    /// First day (default: the grant's first day, not before it; for a donor, the first
    /// day of its first grant).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    /// Last day (default: the grant's last day, not after it; for a donor, the last day
    /// of its last grant).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
    /// `json` (default), `csv` or `xlsx`.
    #[param(inline)]
    pub format: Option<Format>,
}

/// The funding report of a grant, or of every grant of one donor, over a period: people
/// assisted (unique persons, by sex, age group, citizenship, province and category),
/// services by type, returns, referrals, trainings and their participants, awareness
/// activities and their estimated reach, the legal proceedings of the people assisted, and
/// spend against budget with totals per currency. Counts of 1–4 people are `"<5"`; `"x"`
/// hides a count from which a small one could be worked out; events and estimated reach are
/// not people and are never suppressed. Only delivered assistance counts.
#[utoipa::path(get, path = "/api/v1/reports/funding", operation_id = "funding_report", tag = "reports", security(("bearer" = [])),
    params(FundingQuery),
    responses(
        (status = 200, response = inline(Report)),
        (status = 403, response = crate::error::Forbidden),
        (status = 422, description = "`validation_failed`: neither or both of `grant_id` and `donor_id`, no grant or donor has this id or code, the period is not inside the grant's, the donor has no grant running in it, or `from` is after `to`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn funding(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ExportFundingReport>,
    ApiQuery(query): ApiQuery<FundingQuery>,
) -> Result<Response, ApiError> {
    let request = FundingRequest {
        grant: query.grant_id.map(GrantRef::new),
        donor: query.donor_id.map(DonorRef::new),
        from: query.from,
        to: query.to,
        format: query.format.map(ReportFormat::from),
        file_name: None,
    };
    let file = state.app.funding_report(&actor, request, now).await?;
    Ok(file_response(file.format, &file.filename, file.bytes))
}

/// The statistics report as the OpenAPI document describes it.
enum StatisticsReport {}

impl<'r> ToResponse<'r> for StatisticsReport {
    fn response() -> (&'r str, RefOr<openapi::Response>) {
        let (_, response) = Report::response();
        ("StatisticsReport", response)
    }
}

/// `GET /api/v1/reports/statistics` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StatisticsQuery {
    /// First day (default: the first of January of the last day's year).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    /// Last day (default: today).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
    /// One province (default: every province; for a provincial office, its own, and no
    /// other).
    #[param(value_type = Option<vocabulary::Province>)]
    pub province: Option<Province>,
    /// `json` (default), `csv` or `xlsx`.
    #[param(inline)]
    pub format: Option<Format>,
}

/// The national statistics report: victims identified (victims of trafficking and presumed
/// victims) by province, sex, age group and type of exploitation, referrals sent by
/// purpose and outcome, legal proceedings and convictions by law, trainings and awareness
/// raising. Aggregate only: counts of 1–4 people are `"<5"`, and `"x"` hides a count from
/// which a small one could be worked out. A provincial office gets its own province's.
#[utoipa::path(get, path = "/api/v1/reports/statistics", operation_id = "statistics_report", tag = "reports", security(("bearer" = [])),
    params(StatisticsQuery),
    responses(
        (status = 200, response = inline(StatisticsReport)),
        (status = 403, response = crate::error::Forbidden),
        (status = 404, description = "`not_found`: a province other than your office's", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `from` is after `to`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn statistics(
    State(state): State<AppState>,
    Allowed { actor, now, .. }: Allowed<gate::ExportStatistics>,
    ApiQuery(query): ApiQuery<StatisticsQuery>,
) -> Result<Response, ApiError> {
    let request = StatisticsRequest {
        from: query.from,
        to: query.to,
        province: query.province,
        format: query.format.map(ReportFormat::from),
    };
    let file = state.app.statistics_report(&actor, request, now).await?;
    Ok(file_response(file.format, &file.filename, file.bytes))
}

/// A report's bytes with their media type; a download (any format but JSON) named
/// `filename`.
fn file_response(format: ReportFormat, filename: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    if format != ReportFormat::Json
        && let Ok(value) = HeaderValue::from_str(&disposition)
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
