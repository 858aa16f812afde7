//! The funding report in print: the same report as the JSON, CSV and workbook — the same
//! figures, the same suppressed cells — typeset as a PDF in English, Dari or Pashto.
//!
//! Typst runs as a library, inside the server, over a world of its own: one template
//! (`report.typ`, compiled into the binary), the Vazirmatn font (bundled, embedded in
//! every PDF; it has Latin letters as well as Arabic-script ones) and the report as an
//! input. Typst shapes Arabic-script text and orders it right to left; nothing is read
//! from the disk or the network.

pub mod charts;

use std::sync::LazyLock;

use panah_domain::Language;
use panah_reports::FundingReport;
use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

pub use charts::{ReportView, view};

/// The template of the printed report.
const TEMPLATE: &str = include_str!("report.typ");

/// The fonts, regular and bold: Vazirmatn (SIL Open Font License, which allows embedding).
static FONTS: LazyLock<Vec<Font>> = LazyLock::new(|| {
    [
        &include_bytes!("../fonts/Vazirmatn-Regular.ttf")[..],
        &include_bytes!("../fonts/Vazirmatn-Bold.ttf")[..],
    ]
    .into_iter()
    .flat_map(|data| Font::iter(Bytes::new(data)))
    .collect()
});

/// The report could not be typeset: the template and the data disagree, which is a
/// mistake of ours, never of the person asking.
#[derive(Debug, thiserror::Error)]
#[error("the funding report could not be typeset: {0}")]
pub struct PdfError(String);

/// What the template reads: the labelled report and the page's words.
#[derive(Debug, Serialize)]
struct Input<'a> {
    lang: &'static str,
    rtl: bool,
    page_label: String,
    /// The ten digits in the language's script, zero first: the page numbers are
    /// counted by typst while it lays out, so the template writes them with these.
    digits: Vec<String>,
    spent_label: String,
    budget_label: String,
    remaining_label: String,
    #[serde(flatten)]
    view: &'a ReportView,
}

/// Typst's view of the files and fonts: the template, and the bundled fonts only.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    source: Source,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, _: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.get(index).cloned()
    }

    // The report carries its own dates; the template asks for no other.
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// `report` as a PDF in `language`.
pub fn funding_report_pdf(report: &FundingReport, language: Language) -> Result<Vec<u8>, PdfError> {
    let view = view(report, language);
    let input = Input {
        lang: match language {
            Language::English => "en",
            Language::Dari => "fa",
            Language::Pashto => "ps",
        },
        rtl: language.is_right_to_left(),
        page_label: panah_i18n::message(language, "report-page"),
        digits: (0..10)
            .map(|d: u8| panah_i18n::local_digits(&d.to_string(), language))
            .collect(),
        spent_label: panah_i18n::message(language, "report-spent"),
        budget_label: panah_i18n::message(language, "report-budget"),
        remaining_label: panah_i18n::message(language, "report-remaining"),
        view: &view,
    };
    let json = serde_json::to_string(&input).map_err(|e| PdfError(e.to_string()))?;
    let mut inputs = Dict::new();
    inputs.insert("report".into(), json.into_value());
    let world = ReportWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        book: LazyHash::new(FontBook::from_fonts(FONTS.iter())),
        source: Source::detached(TEMPLATE),
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| PdfError(format!("{errors:?}")))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors| PdfError(format!("{errors:?}")))
}
