//! The funding report of a grant — or of every grant of one donor —, for donors: built
//! from the store's figures, every count of people suppressed below the configured
//! threshold, rendered in the format asked, and audited as an export — with its period,
//! format, purpose and recipient — before anything leaves. The API, the pages and the
//! command line run this one sequence.

use panah_domain::{
    AuditEvent, FieldProblem, FundingScope, Grant, GrantId, Language, Organization, OrganizationId,
    OrganizationKind,
};
use panah_reports::{FundingReport, Subject};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::{Actor, App, AppError, UseCase};

/// How a command names a grant: by its id or by its code, alike — people have whichever
/// is at hand (the API's `grant_id` and the command line's `--grant` take both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRef(String);

impl GrantRef {
    /// A grant named by `text`, its id or its code.
    pub fn new(text: impl Into<String>) -> GrantRef {
        GrantRef(text.into())
    }

    /// The text as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a command names a donor: by its organisation's id or code, alike (the API's
/// `donor_id` and the command line's `--donor` take both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DonorRef(String);

impl DonorRef {
    /// A donor named by `text`, its organisation's id or its code.
    pub fn new(text: impl Into<String>) -> DonorRef {
        DonorRef(text.into())
    }

    /// The text as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
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
    /// A printed report, in the language asked for.
    Pdf,
}

impl ReportFormat {
    /// Every format.
    pub const ALL: [ReportFormat; 4] = [
        ReportFormat::Json,
        ReportFormat::Csv,
        ReportFormat::Xlsx,
        ReportFormat::Pdf,
    ];

    /// The name used in audit details, and the extension of a file in this format.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Pdf => "pdf",
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
            ReportFormat::Pdf => "application/pdf",
        }
    }

    /// The format a file name's extension names, in any case (`R.XLSX` is a workbook).
    fn of_file(file_name: &str) -> Option<ReportFormat> {
        let extension = std::path::Path::new(file_name).extension()?;
        ReportFormat::ALL
            .into_iter()
            .find(|format| extension.eq_ignore_ascii_case(format.as_str()))
    }

    /// The format of a report: the one asked for, else the one the output file's
    /// extension names, else JSON (what the API answers when no format is asked). A
    /// format that contradicts the file's extension is refused rather than written
    /// under a name that would make a spreadsheet misread it; a file name with another
    /// extension is fine when the format is asked for.
    fn choose(
        asked: Option<ReportFormat>,
        file_name: Option<&str>,
    ) -> Result<ReportFormat, FieldProblem> {
        let named = file_name.and_then(ReportFormat::of_file);
        match (asked, named, file_name) {
            (Some(asked), Some(named), Some(file)) if asked != named => Err(FieldProblem::new(
                "format",
                format!(
                    "is {}, but the output file {file} names {}: make them agree",
                    asked.as_str(),
                    named.as_str()
                ),
            )),
            (Some(asked), _, _) => Ok(asked),
            (None, Some(named), _) => Ok(named),
            (None, None, Some(file)) => Err(FieldProblem::new(
                "format",
                format!(
                    "is needed: the output file {file} does not end in .xlsx, .csv, .json or .pdf"
                ),
            )),
            (None, None, None) => Ok(ReportFormat::Json),
        }
    }
}

/// What to report on.
#[derive(Debug, Clone)]
pub struct FundingRequest {
    /// The grant, by id or code; exactly one of `grant` and `donor` is given.
    pub grant: Option<GrantRef>,
    /// The donor whose grants the report covers, by id or code.
    pub donor: Option<DonorRef>,
    /// First day (default: the grant's first day, or the first day of the donor's first
    /// grant); for a grant, not before its first day.
    pub from: Option<Date>,
    /// Last day (default: the grant's last day, or the last day of the donor's last
    /// grant); for a grant, not after its last day.
    pub to: Option<Date>,
    /// The format; when not given, the one `file_name`'s extension names, else JSON.
    pub format: Option<ReportFormat>,
    /// The name of the file the door writes the report to, if it writes one (the command
    /// line's `--output`): its extension must agree with the format.
    pub file_name: Option<String>,
}

/// A rendered report, ready to leave.
#[derive(Debug, Clone)]
pub struct ReportFile {
    /// A file name naming the grant (or donor) and the period.
    pub filename: String,
    /// The format.
    pub format: ReportFormat,
    /// The content.
    pub bytes: Vec<u8>,
    /// The report itself, for a door that shows it rather than sending the file.
    pub report: FundingReport,
}

/// What a request names, as found: a grant or a donor, `None` when nothing has that id
/// or code.
enum Named {
    Grant(Option<Grant>),
    Donor(Option<Organization>),
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
        self.funding_report_in(actor, request, Language::English, now)
            .await
    }

    /// The funding report, as [`App::funding_report`], with a printed report's words in
    /// `language` (the other formats are the same in every language).
    pub async fn funding_report_in(
        &self,
        actor: &Actor,
        request: FundingRequest,
        language: Language,
        now: OffsetDateTime,
    ) -> Result<ReportFile, AppError> {
        self.authorize(actor, UseCase::ExportFundingReport, now)
            .await?;
        let format = ReportFormat::choose(request.format, request.file_name.as_deref());
        let named = match (&request.grant, &request.donor) {
            (Some(grant), None) => Named::Grant(self.grant_named(grant).await?),
            (None, Some(donor)) => Named::Donor(self.donor_named(donor).await?),
            (Some(_), Some(_)) => {
                return Err(AppError::Invalid(vec![FieldProblem::new(
                    "donor_id",
                    "cannot be given with grant_id: a report covers one grant, or every grant \
                     of one donor",
                )]));
            }
            (None, None) => {
                return Err(AppError::Invalid(vec![FieldProblem::new(
                    "grant_id",
                    "is needed, or donor_id: name a grant, or the donor whose grants to report on",
                )]));
            }
        };
        let mut problems = Vec::new();
        let (report, recipient, target, grant_codes) = match named {
            Named::Grant(grant) => {
                let period = grant
                    .as_ref()
                    .map(|grant| period_within(grant, request.from, request.to));
                let (grant, (from, to), format) = match (grant, period, format) {
                    (Some(grant), Some(Ok(period)), Ok(format)) => (grant, period, format),
                    (grant, period, format) => {
                        if grant.is_none() {
                            problems.push(FieldProblem::new(
                                "grant_id",
                                "names no grant: give a grant's id or its code",
                            ));
                        }
                        problems.extend(period.and_then(Result::err).into_iter().flatten());
                        problems.extend(format.err());
                        return Err(AppError::Invalid(problems));
                    }
                };
                let donor = self
                    .store
                    .get_organization(grant.donor_organization_id)
                    .await?
                    .map(|o| o.name)
                    .unwrap_or_default();
                let figures = self
                    .store
                    .funding_figures(FundingScope::Grant(grant.id), from, to)
                    .await?;
                let subject = Subject::Grant {
                    grant: &grant,
                    donor: &donor,
                };
                let report =
                    panah_reports::funding_report(subject, from, to, &figures, self.min_cell_size)
                        .map_err(AppError::internal)?;
                (
                    (report, format),
                    grant.donor_organization_id,
                    ("grant", grant.id.0),
                    None,
                )
            }
            Named::Donor(donor) => {
                let Some(donor) = donor else {
                    problems.push(FieldProblem::new(
                        "donor_id",
                        "names no donor: give a donor organisation's id or its code",
                    ));
                    problems.extend(format.err());
                    return Err(AppError::Invalid(problems));
                };
                let grants = self.store.grants_of_donor(donor.id).await?;
                let (from, to) = donor_period(&grants, &request, &mut problems);
                let running: Vec<Grant> = grants
                    .into_iter()
                    .filter(|grant| grant.starts_on <= to && grant.ends_on >= from)
                    .collect();
                if problems.is_empty() && running.is_empty() {
                    problems.push(FieldProblem::new(
                        "donor_id",
                        format!("names a donor with no grant running between {from} and {to}"),
                    ));
                }
                let format = match format {
                    Ok(format) if problems.is_empty() => format,
                    format => {
                        problems.extend(format.err());
                        return Err(AppError::Invalid(problems));
                    }
                };
                let figures = self
                    .store
                    .funding_figures(FundingScope::Donor(donor.id), from, to)
                    .await?;
                let subject = Subject::Donor {
                    donor: &donor,
                    grants: &running,
                };
                let report =
                    panah_reports::funding_report(subject, from, to, &figures, self.min_cell_size)
                        .map_err(AppError::internal)?;
                let codes: Vec<String> = running.iter().map(|g| g.code.clone()).collect();
                (
                    (report, format),
                    donor.id,
                    ("organization", donor.id.0),
                    Some(codes),
                )
            }
        };
        let (report, format) = report;
        let (from, to) = (report.period.from, report.period.to);
        let bytes = match format {
            ReportFormat::Json => serde_json::to_vec(&report).map_err(AppError::internal)?,
            ReportFormat::Csv => panah_reports::csv::to_csv(&report).into_bytes(),
            ReportFormat::Xlsx => {
                panah_reports::xlsx::to_xlsx(&report).map_err(AppError::internal)?
            }
            // Typesetting takes a tenth of a second or more: off the threads that
            // answer requests.
            ReportFormat::Pdf => {
                let printed = report.clone();
                tokio::task::spawn_blocking(move || {
                    panah_pdf::funding_report_pdf(&printed, language)
                })
                .await
                .map_err(AppError::internal)?
                .map_err(AppError::internal)?
            }
        };
        let format_name = format.as_str();
        let mut details = serde_json::json!({
            "from": from.to_string(),
            "to": to.to_string(),
            "format": format_name,
            "purpose": DONOR_REPORTING,
            "recipient": recipient,
            "door": actor.door.as_str(),
        });
        // A donor's report names the grants it covered, as they were on the day.
        if let Some(codes) = grant_codes {
            details["grants"] = serde_json::json!(codes);
        }
        let event = AuditEvent::success("report.funding", target.0, target.1)
            .with_details(details.to_string());
        // Audited before anything leaves: an export the log does not hold never happened.
        self.store.record_audit(&actor.audit(now), &event).await?;
        Ok(ReportFile {
            filename: format!(
                "funding-{}-{from}-{to}.{format_name}",
                report.subject_code()
            ),
            format,
            bytes,
            report,
        })
    }

    /// The donor `named` names: an organisation of kind donor, by id when it is one, else
    /// by code.
    async fn donor_named(&self, named: &DonorRef) -> Result<Option<Organization>, AppError> {
        let found = match Uuid::parse_str(named.as_str()) {
            Ok(id) => self.store.get_organization(OrganizationId(id)).await?,
            Err(_) => None,
        };
        let found = match found {
            Some(found) => Some(found),
            None => self
                .store
                .list_organizations()
                .await?
                .into_iter()
                .find(|o| o.code.as_str() == named.as_str()),
        };
        Ok(found.filter(|o| o.kind == OrganizationKind::Donor))
    }

    /// The grant `named` names: by id when it is one, else by code. A code shaped like
    /// an id (which the code rules allow) is still found when no grant has that id.
    async fn grant_named(&self, named: &GrantRef) -> Result<Option<Grant>, AppError> {
        if let Ok(id) = Uuid::parse_str(named.as_str())
            && let Some(grant) = self.store.get_grant(GrantId(id)).await?
        {
            return Ok(Some(grant));
        }
        Ok(self.store.grant_by_code(named.as_str()).await?)
    }
}

/// The period of a donor's report: the days asked for, each defaulting to the first day of
/// the donor's first grant and the last day of its last; `from` not after `to`.
fn donor_period(
    grants: &[Grant],
    request: &FundingRequest,
    problems: &mut Vec<FieldProblem>,
) -> (Date, Date) {
    let first = grants.iter().map(|g| g.starts_on).min();
    let last = grants.iter().map(|g| g.ends_on).max();
    let (Some(from), Some(to)) = (request.from.or(first), request.to.or(last)) else {
        problems.push(FieldProblem::new(
            "donor_id",
            "names a donor with no grant to report on",
        ));
        return (Date::MIN, Date::MIN);
    };
    if from > to {
        problems.push(FieldProblem::new("from", "must not be after `to`"));
    }
    (from, to)
}

/// The period to report on: the days asked for, each defaulting to the grant's, and
/// inside the grant's period — a report of days the grant did not fund would show spend
/// it cannot have and people it did not assist. Every problem is named at once.
fn period_within(
    grant: &Grant,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<(Date, Date), Vec<FieldProblem>> {
    let from = from.unwrap_or(grant.starts_on);
    let to = to.unwrap_or(grant.ends_on);
    let (first, last) = (grant.starts_on, grant.ends_on);
    let mut problems = Vec::new();
    for (field, day) in [("from", from), ("to", to)] {
        if day < first {
            problems.push(FieldProblem::new(
                field,
                format!("must not be before the grant's first day, {first}"),
            ));
        } else if day > last {
            problems.push(FieldProblem::new(
                field,
                format!("must not be after the grant's last day, {last}"),
            ));
        }
    }
    if problems.is_empty() && from > to {
        problems.push(FieldProblem::new("from", "must not be after `to`"));
    }
    if problems.is_empty() {
        Ok((from, to))
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_the_one_asked_else_the_files_else_json() {
        use ReportFormat::{Csv, Json, Xlsx};
        assert_eq!(ReportFormat::choose(None, None), Ok(Json));
        assert_eq!(ReportFormat::choose(Some(Csv), None), Ok(Csv));
        assert_eq!(ReportFormat::choose(None, Some("r.XLSX")), Ok(Xlsx));
        assert_eq!(ReportFormat::choose(Some(Csv), Some("out/r.csv")), Ok(Csv));
        assert_eq!(ReportFormat::choose(Some(Csv), Some("r.txt")), Ok(Csv));
        let mismatch = ReportFormat::choose(Some(Csv), Some("r.xlsx")).unwrap_err();
        assert_eq!(mismatch.field, "format");
        assert!(
            mismatch.message.contains("r.xlsx names xlsx"),
            "{}",
            mismatch.message
        );
        let unknown = ReportFormat::choose(None, Some("report")).unwrap_err();
        assert!(
            unknown
                .message
                .contains("does not end in .xlsx, .csv, .json or .pdf")
        );
    }
}
