//! `panah report funding`: the funding report of a grant written to a file, the same
//! report the API serves, audited as an export by the operator.

use std::path::Path;

use anyhow::{Context, bail};
use panah_domain::{AuditContext, AuditEvent};
use time::{Date, OffsetDateTime};

use crate::config::Settings;
use crate::keys::Keys;
use crate::serve::{field_keys, open_store};

/// The formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// An Excel workbook.
    Xlsx,
    /// Comma-separated values.
    Csv,
    /// JSON, as the API answers it.
    Json,
}

/// What to report on and where to write it.
#[derive(Debug, Clone)]
pub struct FundingRequest<'a> {
    /// The grant's code.
    pub grant: &'a str,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Format.
    pub format: ReportFormat,
    /// The file to write (replaced if it exists).
    pub output: &'a Path,
}

/// Writes the funding report and returns a line saying what was written.
pub async fn funding(settings: &Settings, request: FundingRequest<'_>) -> anyhow::Result<String> {
    if request.from > request.to {
        bail!("--from {} is after --to {}", request.from, request.to);
    }
    let keys = Keys::load(&settings.keys).context("configuration error")?;
    let store = open_store(settings)
        .await?
        .with_field_keys(field_keys(&keys)?);
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    let grant = store
        .grant_by_code(request.grant)
        .await?
        .with_context(|| format!("no grant with code {}", request.grant))?;
    let donor = store
        .get_organization(grant.donor_organization_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let figures = store
        .funding_figures(grant.id, request.from, request.to)
        .await?;
    let report = panah_reports::funding_report(
        &grant,
        &donor,
        request.from,
        request.to,
        &figures,
        settings.reports.min_cell_size,
    )?;
    let bytes = match request.format {
        ReportFormat::Json => serde_json::to_vec_pretty(&report)?,
        ReportFormat::Csv => panah_reports::csv::to_csv(&report).into_bytes(),
        ReportFormat::Xlsx => panah_reports::xlsx::to_xlsx(&report)?,
    };
    let format = match request.format {
        ReportFormat::Json => "json",
        ReportFormat::Csv => "csv",
        ReportFormat::Xlsx => "xlsx",
    };
    // The export is audited before the file exists, as the API does before it answers.
    let event = AuditEvent::success("report.funding", "grant", grant.id).with_details(
        serde_json::json!({
            "from": request.from.to_string(),
            "to": request.to.to_string(),
            "format": format,
            "via": "command line",
        })
        .to_string(),
    );
    store
        .record_audit(&AuditContext::system(OffsetDateTime::now_utc()), &event)
        .await?;
    store.close().await;
    std::fs::write(request.output, &bytes)
        .with_context(|| format!("cannot write {}", request.output.display()))?;
    Ok(format!(
        "funding report of {} from {} to {} written to {} ({} bytes)",
        grant.code,
        request.from,
        request.to,
        request.output.display(),
        bytes.len()
    ))
}
