//! `panah report funding`: the funding report of a grant written to a file — the very
//! report and audit entry the API produces, through the same use case.

use std::path::Path;

use anyhow::{Context, anyhow};
use panah_app::{Actor, AppError, Door, FundingRequest, GrantRef, ReportFormat};
use time::{Date, OffsetDateTime};

use crate::config::Settings;
use crate::serve::open_app;

/// What to report on and where to write it.
#[derive(Debug, Clone)]
pub struct FundingFile<'a> {
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
pub async fn funding(settings: &Settings, request: FundingFile<'_>) -> anyhow::Result<String> {
    let (app, store) = open_app(settings, true).await?;
    let operator = Actor::operator(Door::Cli, "panah report funding");
    let asked = FundingRequest {
        grant: GrantRef::Code(request.grant.to_owned()),
        from: Some(request.from),
        to: Some(request.to),
        format: request.format,
    };
    // The export is audited before the file exists, as the API audits before it answers.
    let file = app
        .funding_report(&operator, asked, OffsetDateTime::now_utc())
        .await
        .map_err(|error| match error {
            AppError::Invalid(problems) => anyhow!(
                "{}",
                problems
                    .iter()
                    .map(|p| match p.field.as_str() {
                        "grant" => format!("no grant with code {}", request.grant),
                        "from" => format!("--from {} is after --to {}", request.from, request.to),
                        field => format!("--{field}: {}", p.message),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            other => anyhow::Error::new(other).context("cannot make the report"),
        })?;
    store.close().await;
    std::fs::write(request.output, &file.bytes)
        .with_context(|| format!("cannot write {}", request.output.display()))?;
    Ok(format!(
        "funding report of {} from {} to {} written to {} ({} bytes)",
        request.grant,
        request.from,
        request.to,
        request.output.display(),
        file.bytes.len()
    ))
}
