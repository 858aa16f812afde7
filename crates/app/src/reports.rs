//! The funding report of a grant, for donors: built from the store's figures, every
//! count of people suppressed below the configured threshold, rendered in the format
//! asked, and audited as an export — with its period, format, purpose and recipient —
//! before anything leaves. The API and the command line run this one sequence.

use panah_domain::{AuditEvent, FieldProblem, GrantId};
use panah_reports::FundingReport;
use time::{Date, OffsetDateTime};

use crate::{Actor, App, AppError, UseCase};

/// How a command names a grant: by id (the API) or by code (the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantRef {
    /// By id; a problem names the field `grant_id`.
    Id(GrantId),
    /// By code; a problem names the field `grant`.
    Code(String),
}

/// The formats a funding report comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// JSON, as the API answers it.
    Json,
    /// Comma-separated values.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl ReportFormat {
    /// The name used in audit details and file names.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
        }
    }

    /// The media type of a file in this format.
    pub const fn media_type(self) -> &'static str {
        match self {
            ReportFormat::Json => "application/json",
            ReportFormat::Csv => "text/csv; charset=utf-8",
            ReportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// What to report on.
#[derive(Debug, Clone)]
pub struct FundingRequest {
    /// The grant.
    pub grant: GrantRef,
    /// First day (default: the grant's first day).
    pub from: Option<Date>,
    /// Last day (default: the grant's last day).
    pub to: Option<Date>,
    /// The format.
    pub format: ReportFormat,
}

/// A rendered report, ready to leave.
#[derive(Debug, Clone)]
pub struct ReportFile {
    /// A file name naming the grant and the period.
    pub filename: String,
    /// The format.
    pub format: ReportFormat,
    /// The content.
    pub bytes: Vec<u8>,
    /// The report itself, for a door that shows it rather than sending the file.
    pub report: FundingReport,
}

/// The purpose recorded for a funding report: reporting to the grant's donor.
const DONOR_REPORTING: &str = "donor_reporting";

impl App {
    /// The funding report of a grant over a period: people assisted (unique persons, by
    /// sex, age group, citizenship, province and category), services by type, returns,
    /// referrals and spend against budget, with small counts suppressed. Only delivered
    /// assistance counts.
    pub async fn funding_report(
        &self,
        actor: &Actor,
        request: FundingRequest,
        now: OffsetDateTime,
    ) -> Result<ReportFile, AppError> {
        self.authorize(actor, UseCase::ExportFundingReport, now)
            .await?;
        let grant = match &request.grant {
            GrantRef::Id(id) => self.store.get_grant(*id).await?,
            GrantRef::Code(code) => self.store.grant_by_code(code).await?,
        };
        let Some(grant) = grant else {
            let field = match request.grant {
                GrantRef::Id(_) => "grant_id",
                GrantRef::Code(_) => "grant",
            };
            return Err(AppError::invalid(field, "names no grant"));
        };
        let from = request.from.unwrap_or(grant.starts_on);
        let to = request.to.unwrap_or(grant.ends_on);
        if from > to {
            return Err(AppError::Invalid(vec![FieldProblem::new(
                "from",
                "must not be after `to`",
            )]));
        }
        let donor = self
            .store
            .get_organization(grant.donor_organization_id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        let figures = self.store.funding_figures(grant.id, from, to).await?;
        let report =
            panah_reports::funding_report(&grant, &donor, from, to, &figures, self.min_cell_size)
                .map_err(AppError::internal)?;
        let bytes = match request.format {
            ReportFormat::Json => serde_json::to_vec(&report).map_err(AppError::internal)?,
            ReportFormat::Csv => panah_reports::csv::to_csv(&report).into_bytes(),
            ReportFormat::Xlsx => {
                panah_reports::xlsx::to_xlsx(&report).map_err(AppError::internal)?
            }
        };
        let format = request.format.as_str();
        let event = AuditEvent::success("report.funding", "grant", grant.id).with_details(
            serde_json::json!({
                "from": from.to_string(),
                "to": to.to_string(),
                "format": format,
                "purpose": DONOR_REPORTING,
                "recipient": grant.donor_organization_id,
                "door": actor.door.as_str(),
            })
            .to_string(),
        );
        // Audited before anything leaves: an export the log does not hold never happened.
        self.store.record_audit(&actor.audit(now), &event).await?;
        Ok(ReportFile {
            filename: format!("funding-{}-{from}-{to}.{format}", grant.code),
            format: request.format,
            bytes,
            report,
        })
    }
}
