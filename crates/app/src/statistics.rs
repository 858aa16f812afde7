//! The national statistics report, for the Ministry of Interior's liaisons and offices and
//! IOM's case managers: aggregate and suppressed, in JSON, CSV or XLSX, and audited as an
//! export before anything leaves. A provincial office sees its own province's figures
//! only; asking for another province is answered as a record out of scope is: not found.

use panah_domain::policy::Scope;
use panah_domain::{AuditEvent, FieldProblem, Province};
use panah_reports::statistics::StatisticsReport;
use time::{Date, Month, OffsetDateTime};

use crate::{Actor, App, AppError, ReportFormat, UseCase};

/// What to report on.
#[derive(Debug, Clone, Default)]
pub struct StatisticsRequest {
    /// First day (default: the first of January of `to`'s year).
    pub from: Option<Date>,
    /// Last day (default: today).
    pub to: Option<Date>,
    /// One province (default: every province the caller may see).
    pub province: Option<Province>,
    /// JSON (default), CSV or XLSX.
    pub format: Option<ReportFormat>,
}

/// A rendered statistics report, ready to leave.
#[derive(Debug, Clone)]
pub struct StatisticsFile {
    /// A file name naming the province and the period.
    pub filename: String,
    /// The format.
    pub format: ReportFormat,
    /// The content.
    pub bytes: Vec<u8>,
    /// The report itself, for a door that shows it.
    pub report: StatisticsReport,
}

impl App {
    /// The national statistics report: victims identified by province, sex, age group and
    /// type of exploitation, referrals by purpose and outcome, legal proceedings and
    /// convictions by law, trainings and awareness — with small counts suppressed.
    pub async fn statistics_report(
        &self,
        actor: &Actor,
        request: StatisticsRequest,
        now: OffsetDateTime,
    ) -> Result<StatisticsFile, AppError> {
        let scope = self
            .authorize(actor, UseCase::ExportStatistics, now)
            .await?;
        // A provincial office's statistics are its own province's.
        let own = match (scope, actor.signed_in()) {
            (Scope::Organization, Some(user)) => match user.organization.province {
                Some(province) => Some(province),
                None => return Err(AppError::NotFound),
            },
            _ => None,
        };
        let province = match (own, request.province) {
            (Some(own), Some(asked)) if asked != own => return Err(AppError::NotFound),
            (Some(own), _) => Some(own),
            (None, asked) => asked,
        };
        let to = request.to.unwrap_or(now.date());
        let from = request.from.unwrap_or_else(|| {
            Date::from_calendar_date(to.year(), Month::January, 1).unwrap_or(to)
        });
        let mut problems = Vec::new();
        if from > to {
            problems.push(FieldProblem::new("from", "must not be after `to`"));
        }
        let format = request.format.unwrap_or(ReportFormat::Json);
        if format == ReportFormat::Pdf {
            problems.push(FieldProblem::new("format", "must be json, csv or xlsx"));
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        let figures = self.store.statistics_figures(province, from, to).await?;
        let code = province.map(Province::code);
        let report = panah_reports::statistics::statistics_report(
            code,
            from,
            to,
            &figures,
            self.min_cell_size,
        )
        .map_err(AppError::internal)?;
        let bytes = match format {
            ReportFormat::Csv => panah_reports::csv::statistics_to_csv(&report).into_bytes(),
            ReportFormat::Xlsx => {
                panah_reports::xlsx::statistics_to_xlsx(&report).map_err(AppError::internal)?
            }
            ReportFormat::Json | ReportFormat::Pdf => {
                serde_json::to_vec(&report).map_err(AppError::internal)?
            }
        };
        let scope_name = code.unwrap_or("all");
        let event = AuditEvent::success("report.statistics", "province", scope_name).with_details(
            serde_json::json!({
                "from": from.to_string(),
                "to": to.to_string(),
                "format": format.as_str(),
                "door": actor.door.as_str(),
            })
            .to_string(),
        );
        // Audited before anything leaves, as every export.
        self.store.record_audit(&actor.audit(now), &event).await?;
        Ok(StatisticsFile {
            filename: format!("statistics-{scope_name}-{from}-{to}.{}", format.as_str()),
            format,
            bytes,
            report,
        })
    }
}
