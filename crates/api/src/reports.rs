//! `/api/v1/reports/funding`: what a grant paid for, for donors, as JSON, CSV or XLSX.
//! Every count of people is suppressed below the configured threshold, and every export
//! is audited with the caller, the grant, the period and the format.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use panah_domain::{AuditEvent, GrantId};
use panah_reports::FundingReport;
use serde::Deserialize;
use time::Date;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Allowed, needs};
use crate::dates::iso_date;
use crate::error::Problem;
use crate::query::ApiQuery;
use crate::{ApiError, AppState, FieldError};

/// The formats a funding report comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `application/json`.
    Json,
    /// `text/csv`.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// `GET /api/v1/reports/funding` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FundingQuery {
    /// The grant.
    pub grant_id: Uuid,
    /// First day (default: the grant's first day).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    /// Last day (default: the grant's last day).
    #[serde(default, with = "iso_date::option")]
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
    /// `json` (default), `csv` or `xlsx`.
    #[param(value_type = Option<String>)]
    pub format: Option<Format>,
}

/// The funding report of a grant over a period: people assisted (unique persons, by sex,
/// age group, citizenship, province and category), services by type, returns, referrals
/// and spend against budget. Counts of 1–4 people are `"<5"`; `"x"` hides a count from
/// which a small one could be worked out. Only delivered assistance counts.
#[utoipa::path(get, path = "/api/v1/reports/funding", tag = "reports", security(("bearer" = [])),
    params(FundingQuery),
    responses(
        (status = 200, description = "The report: JSON, CSV (`text/csv`) or XLSX"),
        (status = 422, description = "`validation_failed`: unknown grant, or `from` after `to`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn funding(
    State(app): State<AppState>,
    Allowed { caller, .. }: Allowed<needs::ReportsRead>,
    ApiQuery(query): ApiQuery<FundingQuery>,
) -> Result<Response, ApiError> {
    let Some(grant) = app
        .store
        .get_grant(GrantId(query.grant_id))
        .await
        .map_err(ApiError::store)?
    else {
        return Err(ApiError::invalid_field("grant_id", "names no grant"));
    };
    let from = query.from.unwrap_or(grant.starts_on);
    let to = query.to.unwrap_or(grant.ends_on);
    if from > to {
        return Err(ApiError::validation(vec![FieldError {
            field: "from".into(),
            message: "must not be after `to`".into(),
        }]));
    }
    let format = query.format.unwrap_or(Format::Json);
    let donor = app
        .store
        .get_organization(grant.donor_organization_id)
        .await
        .map_err(ApiError::store)?
        .map(|o| o.name)
        .unwrap_or_default();
    let figures = app
        .store
        .funding_figures(grant.id, from, to)
        .await
        .map_err(ApiError::store)?;
    let report =
        panah_reports::funding_report(&grant, &donor, from, to, &figures, app.min_cell_size)
            .map_err(|error| ApiError::internal(&error))?;
    let event = AuditEvent::success("report.funding", "grant", grant.id).with_details(
        serde_json::json!({
            "from": from.to_string(),
            "to": to.to_string(),
            "format": format.as_str(),
        })
        .to_string(),
    );
    // Audited before anything leaves: an export the log does not hold never happened.
    app.store
        .record_audit(&caller.audit(), &event)
        .await
        .map_err(ApiError::store)?;
    render(&report, format)
}

/// The report as a response in `format`, downloads named after the grant and period.
fn render(report: &FundingReport, format: Format) -> Result<Response, ApiError> {
    let filename = format!(
        "funding-{}-{}-{}.{}",
        report.grant.code,
        report.period.from,
        report.period.to,
        format.as_str()
    );
    let disposition = format!("attachment; filename=\"{filename}\"");
    Ok(match format {
        Format::Json => axum::Json(report).into_response(),
        Format::Csv => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            panah_reports::csv::to_csv(report),
        )
            .into_response(),
        Format::Xlsx => {
            let bytes =
                panah_reports::xlsx::to_xlsx(report).map_err(|error| ApiError::internal(&error))?;
            (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            .to_owned(),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response()
        }
    })
}
