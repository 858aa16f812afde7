//! `panah report funding`: the funding report of a grant or a donor written to a file or to
//! standard output — the very report and audit entry the API produces, through the same
//! use case, which also decides the period and the format.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, anyhow};
use panah_app::{AppError, DonorRef, FundingRequest, GrantRef, ReportFormat};
use panah_domain::Language;
use time::{Date, OffsetDateTime};

use crate::config::Settings;
use crate::serve::open_app;

/// Where the report goes.
#[derive(Debug, Clone, Copy)]
pub enum Output<'a> {
    /// A file, replaced if it exists.
    File(&'a Path),
    /// Standard output (`--output -`), for a pipe.
    Stdout,
}

/// What to report on and where to write it.
#[derive(Debug, Clone)]
pub struct FundingFile<'a> {
    /// The grant's code or id.
    pub grant: Option<&'a str>,
    /// The donor's code or id.
    pub donor: Option<&'a str>,
    /// First day; the grant's first day when not given.
    pub from: Option<Date>,
    /// Last day; the grant's last day when not given.
    pub to: Option<Date>,
    /// The format; when not given, the output file's extension decides.
    pub format: Option<ReportFormat>,
    /// The language of a printed report.
    pub language: Language,
    /// Where to write it.
    pub output: Output<'a>,
}

/// The command-line option a problem's field comes from.
fn option(field: &str) -> &str {
    match field {
        "grant_id" => "--grant",
        "donor_id" => "--donor",
        "from" => "--from",
        "to" => "--to",
        "format" => "--format",
        _ => "--output",
    }
}

/// Writes the funding report to its output and returns a line saying what was written,
/// for standard error when the report itself went to standard output.
pub async fn funding(
    settings: &Settings,
    request: FundingFile<'_>,
    stdout: &mut impl Write,
) -> anyhow::Result<String> {
    let (app, store) = open_app(settings, true).await?;
    let operator = crate::operator::actor("panah report funding");
    let asked = FundingRequest {
        grant: request.grant.map(GrantRef::new),
        donor: request.donor.map(DonorRef::new),
        from: request.from,
        to: request.to,
        format: request.format,
        file_name: match request.output {
            Output::File(path) => Some(path.display().to_string()),
            Output::Stdout => None,
        },
    };
    // The export is audited before the file exists, as the API audits before it answers.
    let file = app
        .funding_report_in(
            &operator,
            asked,
            request.language,
            OffsetDateTime::now_utc(),
        )
        .await
        .map_err(|error| match error {
            AppError::Invalid(problems) => anyhow!(
                "{}",
                problems
                    .iter()
                    .map(|p| format!("{}: {}", option(&p.field), p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            other => anyhow::Error::new(other).context("cannot make the report"),
        })?;
    store.close().await;
    let destination = match request.output {
        Output::File(path) => {
            std::fs::write(path, &file.bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            path.display().to_string()
        }
        Output::Stdout => {
            stdout
                .write_all(&file.bytes)
                .and_then(|()| stdout.flush())
                .context("cannot write to standard output")?;
            "standard output".to_owned()
        }
    };
    let period = &file.report.period;
    Ok(format!(
        "funding report of {} from {} to {} written to {destination} ({}, {} bytes)",
        file.report.subject_code(),
        period.from,
        period.to,
        file.format.as_str(),
        file.bytes.len()
    ))
}
