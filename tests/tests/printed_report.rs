//! The printed funding report, read back as its readers would: the text poppler's
//! `pdftotext` extracts from it holds the Dari headings, shaped and in order, the grant
//! and period, the page numbers and each suppressed count in words; the same figures as
//! the JSON; audited once like every export. Its first page is rendered to a PNG (with
//! `pdftoppm`) next to the browser screenshots, with the PDF, for people to look at.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::process::Command;

use panah_app::{
    Actor, App, AssistanceEntry, Door, FundingRequest, GrantEntry, GrantRef, LineEntry,
    NewCaseFile, ReportFormat,
};
use panah_domain::{
    AssistanceStatus, AssistanceType, CaseCategory, Currency, Language, Money, Province, Role, Sex,
    TraffickingProfile,
};
use panah_persistence::AuditFilter;
use panah_tests::{TestDb, person, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime};

/// A grant whose line paid for the shelter of seven women and two men: a count of two
/// men, suppressed.
async fn grant_with_assistance(db: &TestDb, app: &App) -> Actor {
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let programme = db
        .create_user("programme", "IOM-AF", &[Role::ProgrammeManager])
        .await;
    let programme = db.actor(&programme, Door::Cli).await;
    let worker = db
        .create_user("worker", "IOM-AF", &[Role::Caseworker])
        .await;
    let worker = db.actor(&worker, Door::Web).await;
    let grant = GrantEntry {
        code: "US-CT-2026-01".into(),
        title: "Direct assistance to victims".into(),
        donor: db.organization("DONOR-US").await.id,
        currency: Currency::Usd,
        starts_on: today - Duration::days(100),
        ends_on: today + Duration::days(100),
        lines: vec![LineEntry {
            code: "DA".into(),
            name: "Direct assistance".into(),
            amount_minor: 1_000_000,
        }],
    };
    let grant = app.create_grant(&programme, grant, now).await.unwrap();
    for i in 0..9 {
        let mut someone = person(&format!("Person{i}"));
        someone.sex = if i < 7 { Sex::Female } else { Sex::Male };
        let case = NewCaseFile {
            category: CaseCategory::VictimOfTrafficking,
            province: Province::Kabul,
            identified_on: today - Duration::days(30),
            identified_by: None,
            assigned_to: None,
            person: someone,
            trafficking: TraffickingProfile::default(),
        };
        let case = app.register_case(&worker, case, now).await.unwrap();
        let shelter = AssistanceEntry {
            assistance_type: AssistanceType::Shelter,
            status: AssistanceStatus::Delivered,
            date: today - Duration::days(2),
            provider: None,
            cost: Some(Money {
                amount_minor: 10_000,
                currency: Currency::Usd,
            }),
            description: None,
            return_id: None,
            budget_line_id: Some(grant.budget_lines[0].id),
        };
        app.log_assistance(&worker, case.id, shelter, now)
            .await
            .unwrap();
    }
    programme
}

/// The text `pdftotext` extracts from `pdf`, and the first page as a PNG named `name`.
fn read_back(pdf: &[u8], name: &str) -> String {
    // Kept beside the PNG, for people to open.
    let file = panah_tests::browser::screenshot_dir().join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(text.status.success());
    let png = panah_tests::browser::screenshot_dir().join(name);
    let rendered = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&file)
        .arg(&png)
        .status()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(rendered.success());
    println!("first page: {}.png", png.display());
    plain(&String::from_utf8(text.stdout).unwrap())
}

/// `text` without zero-width non-joiners, word joiners and directional marks: pdftotext puts a
/// non-joiner back a letter off (`ارائهش‌ده` for `ارائه‌شده`) and wraps runs in
/// embeddings, though the page shows the words as written.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

async fn printed_in_dari(db: TestDb) {
    let app = test_app(db.store.clone(), test_auth_settings());
    let programme = grant_with_assistance(&db, &app).await;
    let now = OffsetDateTime::now_utc();
    let request = |format| FundingRequest {
        grant: Some(GrantRef::new("US-CT-2026-01")),
        donor: None,
        from: None,
        to: None,
        format: Some(format),
        file_name: None,
    };
    let before = exports(&db).await;
    let started = std::time::Instant::now();
    let file = app
        .funding_report_in(&programme, request(ReportFormat::Pdf), Language::Dari, now)
        .await
        .unwrap();
    println!("PDF: {} bytes in {:?}", file.bytes.len(), started.elapsed());
    assert_eq!(exports(&db).await, before + 1, "audited once");
    assert!(file.filename.ends_with(".pdf"), "{}", file.filename);
    let text = read_back(&file.bytes, "printed-report-fa");
    for heading in [
        "گزارش تمویل",
        "افراد کمک‌شده به تفکیک جنس",
        "افراد کمک‌شده به تفکیک گروه سنی",
        "خدمات ارائه‌شده به تفکیک نوع",
        "مصرف در برابر بودجه",
        "US-CT-2026-01",
        "صفحه",
    ] {
        assert!(text.contains(&plain(heading)), "{heading} not in:\n{text}");
    }
    // The same figures as the JSON: nine people, two men said as fewer than five.
    let json = app
        .funding_report(&programme, request(ReportFormat::Json), now)
        .await
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.bytes).unwrap();
    assert_eq!(report["people_assisted"]["total"], 9);
    assert_eq!(report["people_assisted"]["by_sex"]["male"], "<5");
    assert!(text.contains("۹"), "{text}");
    // The page numbers are written with Dari's digits too.
    // (pdftotext may give a right-to-left line's "1 / 2" in either order).
    assert!(
        ["۱ / ۱", "۱ / ۲", "۲ / ۱", "۱ / ۳", "۳ / ۱"]
            .iter()
            .any(|page| text.contains(page)),
        "{text}"
    );
    assert!(text.contains(&plain("کمتر از ۵")), "{text}");
    let period_start = report["period"]["from"].as_str().unwrap();
    assert!(
        text.contains(period_start),
        "{period_start} not in:\n{text}"
    );

    for language in [Language::English, Language::Pashto] {
        let file = app
            .funding_report_in(&programme, request(ReportFormat::Pdf), language, now)
            .await
            .unwrap();
        let text = read_back(&file.bytes, &format!("printed-report-{}", language.tag()));
        let title = if language == Language::English {
            "Funding report"
        } else {
            "د تمویل راپور"
        };
        assert!(text.contains(&plain(title)), "{title} not in:\n{text}");
    }
}

async fn exports(db: &TestDb) -> usize {
    db.store
        .list_audit(
            &AuditFilter {
                action: Some("report.funding".into()),
                ..AuditFilter::default()
            },
            1000,
        )
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn the_printed_report_reads_in_dari_with_the_jsons_figures_on_sqlite() {
    printed_in_dari(TestDb::sqlite().await).await;
}

#[tokio::test]
async fn the_printed_report_reads_in_dari_with_the_jsons_figures_on_postgres() {
    if let Some(db) = TestDb::postgres().await {
        printed_in_dari(db).await;
    }
}
