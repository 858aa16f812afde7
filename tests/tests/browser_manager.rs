//! A programme manager's day in a real browser, in English, Dari and Pashto: the grants with
//! what each budget line has spent, a grant created (refused once, then accepted) and
//! changed, and the funding report of a grant — its charts, a suppressed count said in
//! words and never as a number, and its downloads as a workbook, CSV and PDF, each
//! recorded in the audit log. Screenshots of each page go to `browser-screens` in the
//! target folder.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use fantoccini::Locator;
use panah_app::{AssistanceEntry, Door, GrantEntry, LineEntry, NewCaseFile};
use panah_domain::{
    AssistanceStatus, AssistanceType, CaseCategory, Currency, Money, Province, Role,
    TraffickingProfile,
};
use panah_persistence::AuditFilter;
use panah_tests::browser::{self, Browser};
use panah_tests::{PASSWORD, TestApp, TestDb, person, test_app, test_auth_settings};
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// A server where a grant runs today in USD with two lines, one person has had a shelter
/// stay charged to its first line, and `demo.programme` manages the programme.
async fn morning() -> (TestApp, TestDb) {
    let db = TestDb::sqlite().await;
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let programme = db
        .create_user("demo.programme", "IOM-AF", &[Role::ProgrammeManager])
        .await;
    let programme = db.actor(&programme, Door::Web).await;
    let worker = db
        .create_user("demo.caseworker1", "IOM-AF", &[Role::Caseworker])
        .await;
    let worker = db.actor(&worker, Door::Web).await;
    let grant = GrantEntry {
        code: "US-CT-2026-01".into(),
        title: "Direct assistance to victims".into(),
        donor: db.organization("DONOR-US").await.id,
        currency: Currency::Usd,
        starts_on: today - Duration::days(100),
        ends_on: today + Duration::days(100),
        lines: vec![
            LineEntry {
                code: "DA".into(),
                name: "Direct assistance".into(),
                amount_minor: 1_000_000,
            },
            LineEntry {
                code: "RR".into(),
                name: "Return and reintegration".into(),
                amount_minor: 500_000,
            },
        ],
    };
    let grant = app.create_grant(&programme, grant, now).await.unwrap();
    let case = NewCaseFile {
        category: CaseCategory::VictimOfTrafficking,
        province: Province::Kabul,
        identified_on: today - Duration::days(30),
        identified_by: None,
        assigned_to: None,
        person: person("Assisted"),
        trafficking: TraffickingProfile::default(),
    };
    let case = app.register_case(&worker, case, now).await.unwrap();
    let shelter = AssistanceEntry {
        assistance_type: AssistanceType::Shelter,
        status: AssistanceStatus::Delivered,
        date: today - Duration::days(2),
        provider: None,
        cost: Some(Money {
            amount_minor: 400_000,
            currency: Currency::Usd,
        }),
        description: None,
        return_id: None,
        budget_line_id: Some(grant.budget_lines[0].id),
    };
    app.log_assistance(&worker, case.id, shelter, now)
        .await
        .unwrap();
    (TestApp::spawn(&db).await, db)
}

/// What the day looks for, in the language it is lived in.
struct Words {
    switch_to: Option<&'static str>,
    prefix: &'static str,
    direction: &'static str,
    /// The first line's spend, as the grants page says it (Fluent isolates each value).
    spent: &'static str,
    /// Dates typed into the new grant's form: first day, a last day before it, the right
    /// last day.
    starts_on: &'static str,
    ends_too_early: &'static str,
    ends_on: &'static str,
    /// What the form says of a last day before the first.
    ends_before_start: &'static str,
    /// The new line's amount as typed.
    amount: &'static str,
    saved: &'static str,
    /// What the report says of the one person assisted.
    suppressed: &'static str,
    /// The spend chart's heading.
    spend_heading: &'static str,
}

const ENGLISH: Words = Words {
    switch_to: None,
    prefix: "en",
    direction: "ltr",
    spent: "\u{2068}4,000.00 USD\u{2069} spent of \u{2068}10,000.00 USD\u{2069} (\u{2068}40\u{2069}%)",
    starts_on: "2026-07-01",
    ends_too_early: "2026-06-30",
    ends_on: "2027-06-30",
    ends_before_start: "The last day is before the first.",
    amount: "2500.75",
    saved: "The grant is saved.",
    suppressed: "fewer than \u{2068}5\u{2069}",
    spend_heading: "Spend against budget",
};

const DARI: Words = Words {
    switch_to: Some("fa-AF"),
    prefix: "fa",
    direction: "rtl",
    spent: "\u{2068}۴٬۰۰۰٫۰۰ USD\u{2069} از \u{2068}۱۰٬۰۰۰٫۰۰ USD\u{2069} مصرف شده (\u{2068}۴۰\u{2069}٪)",
    starts_on: "1405-04-10",
    ends_too_early: "1405-04-09",
    ends_on: "1406-04-09",
    ends_before_start: "روز آخر پیش از روز اول است.",
    amount: "۲۵۰۰٫۷۵",
    saved: "کمک مالی ذخیره شد.",
    suppressed: "کمتر از \u{2068}۵\u{2069}",
    spend_heading: "مصرف در برابر بودجه",
};

const PASHTO: Words = Words {
    switch_to: Some("ps-AF"),
    prefix: "ps",
    direction: "rtl",
    spent: "له \u{2068}۱۰٬۰۰۰٫۰۰ USD\u{2069} څخه \u{2068}۴٬۰۰۰٫۰۰ USD\u{2069} لګول شوي (\u{2068}۴۰\u{2069}٪)",
    starts_on: "1405-04-10",
    ends_too_early: "1405-04-09",
    ends_on: "1406-04-09",
    ends_before_start: "وروستۍ ورځ له لومړۍ ورځې مخکې ده.",
    amount: "۲۵۰۰٫۷۵",
    saved: "مالي مرسته خوندي شوه.",
    suppressed: "له \u{2068}۵\u{2069} لږ",
    spend_heading: "د بودیجې په وړاندې لګښت",
};

async fn type_into(browser: &Browser, id: &str, text: &str) {
    let field = browser.client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// The media type, length and first bytes of what `href` answers, fetched by the page
/// itself (with its session), as a download button would.
async fn fetch(browser: &Browser, href: &str) -> (String, u64, String) {
    let answer = browser
        .client
        .execute_async(
            "const [href, done] = arguments; \
             fetch(href).then(async r => { \
               const bytes = new Uint8Array(await r.arrayBuffer()); \
               done([r.status, r.headers.get('content-type'), bytes.length, \
                     String.fromCharCode(...bytes.slice(0, 5))]); })",
            vec![Value::String(href.to_owned())],
        )
        .await
        .unwrap();
    assert_eq!(answer[0], 200, "{href}");
    (
        answer[1].as_str().unwrap_or_default().to_owned(),
        answer[2].as_u64().unwrap_or(0),
        answer[3].as_str().unwrap_or_default().to_owned(),
    )
}

async fn the_day(words: &Words) {
    let (server, db) = morning().await;
    let browser = Browser::start().await;
    let c = &browser.client;
    let shot = |name: &str| format!("manager-{}-{name}", words.prefix);

    c.goto(&server.url("/sign-in")).await.unwrap();
    if let Some(language) = words.switch_to {
        browser
            .click_for_new_page(&format!("button[value='{language}']"))
            .await;
    }
    browser.sign_in("demo.programme", PASSWORD).await;
    assert_eq!(browser.direction().await, words.direction);

    // The grants, with what each line has spent of its budget.
    browser.click_for_new_page("nav a[href='/grants']").await;
    let grants = browser.text("main").await;
    assert!(grants.contains("US-CT-2026-01"), "{grants}");
    assert!(grants.contains(words.spent), "{grants}");
    browser.screenshot(&shot("grants")).await;

    // A new grant: refused first (its last day before its first), then created.
    browser.click_for_new_page("a[href='/grants/new']").await;
    type_into(&browser, "grant-code", "IT-CT-2026-02").await;
    type_into(&browser, "grant-title", "Reintegration in Herat").await;
    let donor = db.organization("DONOR-IT").await.id;
    c.find(Locator::Id("grant-donor-organization-id"))
        .await
        .unwrap()
        .select_by_value(&donor.0.to_string())
        .await
        .unwrap();
    c.find(Locator::Id("grant-currency"))
        .await
        .unwrap()
        .select_by_value("EUR")
        .await
        .unwrap();
    type_into(&browser, "grant-starts-on", words.starts_on).await;
    type_into(&browser, "grant-ends-on", words.ends_too_early).await;
    type_into(&browser, "grant-line-0-code", "RI").await;
    type_into(&browser, "grant-line-0-name", "بازگشت و ادغام مجدد").await;
    type_into(&browser, "grant-line-0-amount", words.amount).await;
    browser.click_for_new_page("form.panel button.button").await;
    let problem = c
        .find(Locator::Id("grant-ends-on-problem"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(problem.contains(words.ends_before_start), "{problem}");
    let kept = c
        .find(Locator::Id("grant-line-0-name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("بازگشت و ادغام مجدد"));
    browser.screenshot(&shot("grant-refused")).await;
    type_into(&browser, "grant-ends-on", words.ends_on).await;
    browser.click_for_new_page("form.panel button.button").await;
    assert_eq!(browser.text(".notice.ok").await, words.saved);
    let created = db
        .store
        .grant_by_code("IT-CT-2026-02")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(created.budget_lines[0].amount_minor, 250_075);
    assert_eq!(created.currency, Currency::Eur);

    // Change it: a new title and a second line.
    browser
        .click_for_new_page(&format!("a[href='/grants/{}/edit']", created.id.0))
        .await;
    browser.screenshot(&shot("grant-edit")).await;
    type_into(&browser, "grant-title", "Reintegration in Herat and Farah").await;
    type_into(&browser, "grant-line-1-code", "MON").await;
    type_into(&browser, "grant-line-1-name", "Monitoring").await;
    type_into(&browser, "grant-line-1-amount", "1000").await;
    browser.click_for_new_page("form.panel button.button").await;
    assert_eq!(browser.text(".notice.ok").await, words.saved);
    let changed = db.store.get_grant(created.id).await.unwrap().unwrap();
    assert_eq!(changed.title, "Reintegration in Herat and Farah");
    let codes: Vec<&str> = changed
        .budget_lines
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    assert_eq!(codes, ["MON", "RI"]);
    assert_eq!(changed.budget_lines[1].amount_minor, 250_075);

    // The funding report of the first grant: one person assisted, said as suppressed.
    let first = db
        .store
        .grant_by_code("US-CT-2026-01")
        .await
        .unwrap()
        .unwrap();
    browser
        .click_for_new_page(&format!("a[href='/grants/{}/report']", first.id.0))
        .await;
    let report = browser.text("main").await;
    assert!(report.contains(words.spend_heading), "{report}");
    // The chart's description, read by screen readers rather than shown.
    let by_sex = c
        .find(Locator::Id("people-0-desc"))
        .await
        .unwrap()
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(by_sex.contains(words.suppressed), "{by_sex}");
    // The one person is never a number on the page: not in a chart, not in a table.
    for text in c
        .find_all(Locator::Css("figure.chart text, figure.chart td"))
        .await
        .unwrap()
    {
        let shown = text.prop("textContent").await.unwrap().unwrap_or_default();
        assert!(
            !["1", "۱"].contains(&shown.trim()),
            "a count of one is shown"
        );
    }
    browser.screenshot(&shot("funding-report")).await;

    // The downloads, each the app's export, audited once.
    let mut formats = Vec::new();
    for link in c.find_all(Locator::Css("a[download]")).await.unwrap() {
        formats.push(link.attr("href").await.unwrap().unwrap());
    }
    assert_eq!(formats.len(), 3);
    let before = audited_exports(&db).await;
    let mut media = Vec::new();
    for href in &formats {
        let (kind, length, start) = fetch(&browser, href).await;
        assert!(length > 100, "{href}: {length} bytes");
        if kind == "application/pdf" {
            assert_eq!(start, "%PDF-");
        }
        media.push(kind);
    }
    assert_eq!(
        media,
        [
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "text/csv; charset=utf-8",
            "application/pdf",
        ]
    );
    assert_eq!(audited_exports(&db).await, before + 3);
    browser.close().await;
}

/// How many funding reports the audit log holds.
async fn audited_exports(db: &TestDb) -> usize {
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
async fn a_programme_managers_day_in_english() {
    if !browser::available() {
        return;
    }
    the_day(&ENGLISH).await;
}

#[tokio::test]
async fn a_programme_managers_day_in_dari_reads_right_to_left() {
    if !browser::available() {
        return;
    }
    the_day(&DARI).await;
}

#[tokio::test]
async fn a_programme_managers_day_in_pashto_reads_right_to_left() {
    if !browser::available() {
        return;
    }
    the_day(&PASHTO).await;
}
