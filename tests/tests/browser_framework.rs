//! The cooperation framework's pages in a real browser, in English and in Dari (and one
//! page in Pashto): a case manager opens a legal proceeding from a case file (refused
//! first for want of a law), moves it stage by stage to a verdict (refused first for want
//! of its outcome), records a training with participants in rows added without
//! JavaScript (refused first for a cost without its currency) and changes it, and records
//! an awareness activity; then the Herat provincial officer, who received the referral
//! the proceeding follows, finds it in the office's list, appeals the verdict, and reads
//! the province's trainings and awareness activities without their costs — and none of
//! the pages the office receives holds anything of the case file (sentinel names,
//! document number and note). Screenshots of each page, in both directions, go to
//! `browser-screens`.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use fantoccini::Locator;
use panah_app::{AwarenessEntry, Door, GrantEntry, LineEntry, NewCaseFile, ReferralEntry};
use panah_domain::{
    AwarenessChannel, BudgetLineId, CaseCategory, CaseId, Currency, Disclosure, Province,
    ReferralPurpose, Role, TraffickingProfile,
};
use panah_tests::browser::{self, Browser};
use panah_tests::{PASSWORD, TestApp, TestDb, person, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime};

/// The person's names and document number, and a note: sentinels no ministry page may
/// hold.
const CASE_NAME: &str = "ملالی‌سنتینل";
const CASE_LATIN: &str = "Sentinel-Malalai-5120";
const DOCUMENT: &str = "SENTINEL-DOC-6731";
const NOTE: &str = "Sentinel-note: her brother testifies too.";

/// What the day needs before anyone signs in.
struct Morning {
    server: TestApp,
    db: TestDb,
    case: CaseId,
    line: BudgetLineId,
}

/// A server with a case (its person's identity and a note holding the sentinels)
/// referred anonymised to the Herat office for prosecution, a USD grant running today,
/// and an awareness activity in Kabul that the Herat office may not see.
async fn morning() -> Morning {
    let db = TestDb::sqlite().await;
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let worker = db
        .create_user("demo.caseworker1", "IOM-AF", &[Role::Caseworker])
        .await;
    let worker = db.actor(&worker, Door::Web).await;
    let manager = db
        .create_user("demo.manager", "IOM-AF", &[Role::CaseManager])
        .await;
    let manager = db.actor(&manager, Door::Web).await;
    let programme = db
        .create_user("demo.programme", "IOM-AF", &[Role::ProgrammeManager])
        .await;
    let programme = db.actor(&programme, Door::Web).await;
    db.create_user("demo.herat", "MOI-HER", &[Role::ProvincialOfficer])
        .await;

    let mut someone = person(CASE_NAME);
    someone.other_script_given_name = Some(CASE_LATIN.into());
    someone.document_number = Some(DOCUMENT.into());
    let case = NewCaseFile {
        category: CaseCategory::VictimOfTrafficking,
        province: Province::Herat,
        identified_on: today - Duration::days(30),
        identified_by: None,
        assigned_to: None,
        person: someone,
        trafficking: TraffickingProfile::default(),
    };
    let case = app
        .register_case(&worker, case, now - Duration::days(20))
        .await
        .unwrap();
    app.write_note(&worker, case.id, NOTE, now - Duration::days(20))
        .await
        .unwrap();
    let referral = ReferralEntry {
        case_id: Some(case.id),
        subject: None,
        to: db.organization("MOI-HER").await.id,
        purpose: ReferralPurpose::Prosecution,
        disclosure: Disclosure::Anonymised,
        urgency: None,
        due_date: None,
        message: None,
        send: true,
    };
    app.make_referral(&worker, referral, now - Duration::days(10))
        .await
        .unwrap();
    let grant = GrantEntry {
        code: "US-CT-2026-01".into(),
        title: "Counter-trafficking".into(),
        donor: db.organization("DONOR-US").await.id,
        currency: Currency::Usd,
        starts_on: today - Duration::days(100),
        ends_on: today + Duration::days(100),
        lines: vec![LineEntry {
            code: "CB".into(),
            name: "Capacity building".into(),
            amount_minor: 5_000_000,
        }],
    };
    let grant = app.create_grant(&programme, grant, now).await.unwrap();
    let kabul = AwarenessEntry {
        province: Province::Kabul,
        date: today - Duration::days(2),
        channel: AwarenessChannel::Radio,
        partner: None,
        estimated_reach: 90_000,
        description: Some("A radio programme in Kabul.".into()),
        cost: None,
        budget_line_id: None,
    };
    app.record_awareness(&manager, kabul, now).await.unwrap();
    Morning {
        server: TestApp::spawn(&db).await,
        db,
        case: case.id,
        line: grant.budget_lines[0].id,
    }
}

/// What the day looks for, in the language it is lived in.
struct Words {
    switch_to: Option<&'static str>,
    prefix: &'static str,
    direction: &'static str,
    /// The stage "verdict" and "appeal" as the pages name them.
    verdict: &'static str,
    appeal: &'static str,
    /// A month of the Solar Hijri calendar, in Dari; none in English.
    solar_months: &'static [&'static str],
    /// Four women and seven men, in the page's digits.
    women: &'static str,
    men: &'static str,
}

const ENGLISH: Words = Words {
    switch_to: None,
    prefix: "en",
    direction: "ltr",
    verdict: "Verdict",
    appeal: "Appeal",
    solar_months: &[],
    women: "4",
    men: "7",
};

const DARI: Words = Words {
    switch_to: Some("fa-AF"),
    prefix: "fa",
    direction: "rtl",
    verdict: "حکم",
    appeal: "استیناف",
    solar_months: &[
        "حمل",
        "ثور",
        "جوزا",
        "سرطان",
        "اسد",
        "سنبله",
        "میزان",
        "عقرب",
        "قوس",
        "جدی",
        "دلو",
        "حوت",
    ],
    women: "۴",
    men: "۷",
};

async fn type_into(browser: &Browser, id: &str, text: &str) {
    let field = browser.client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn choose(browser: &Browser, id: &str, value: &str) {
    browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap();
}

async fn click(browser: &Browser, css: &str) {
    browser
        .client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn count(browser: &Browser, css: &str) -> usize {
    browser
        .client
        .find_all(Locator::Css(css))
        .await
        .unwrap()
        .len()
}

async fn sign_in(browser: &Browser, server: &TestApp, username: &str, words: &Words) {
    browser.client.goto(&server.url("/sign-in")).await.unwrap();
    if let Some(language) = words.switch_to {
        browser
            .click_for_new_page(&format!("button[value='{language}']"))
            .await;
    }
    browser.sign_in(username, PASSWORD).await;
    assert_eq!(browser.direction().await, words.direction);
}

/// The case manager's part, then the provincial officer's, in the language of `words`.
async fn the_day(words: &Words) {
    let morning = morning().await;
    let server = &morning.server;
    let browser = Browser::start().await;
    let c = &browser.client;
    let shot = |name: &str| format!("{}-framework-{name}", words.prefix);

    // The case manager opens a proceeding from the case file: refused without a law.
    sign_in(&browser, server, "demo.manager", words).await;
    c.goto(&server.url(&format!("/cases/{}", morning.case)))
        .await
        .unwrap();
    browser
        .click_for_new_page("#proceedings a[href$='/proceedings/new']")
        .await;
    browser.screenshot(&shot("proceeding-new")).await;
    browser.click_for_new_page("form.panel button.button").await;
    assert!(c.find(Locator::Id("proceeding-law-problem")).await.is_ok());
    browser.screenshot(&shot("proceeding-new-refused")).await;
    choose(&browser, "proceeding-law", "lkht_2008").await;
    click(&browser, "input[value='lkht_2008:5']").await;
    click(&browser, "input[value='lkht_2008:7']").await;
    let referral = c
        .find(Locator::Css("#proceeding-referral-id option:nth-child(2)"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    choose(&browser, "proceeding-referral-id", &referral).await;
    choose(&browser, "proceeding-province", "AF-HER").await;
    type_into(&browser, "proceeding-accused-count", "2").await;
    click(&browser, "#proceeding-victim-testified-yes").await;
    browser.click_for_new_page("form.panel button.button").await;
    assert!(browser.address().await.contains("saved=opened"));
    assert!(c.find(Locator::Css(".notice.ok")).await.is_ok());
    let shown = browser.text("main").await;
    assert!(
        words.solar_months.is_empty() || words.solar_months.iter().any(|m| shown.contains(m)),
        "no Solar Hijri month: {shown}"
    );
    browser.screenshot(&shot("proceeding-opened")).await;

    // Stage by stage to the trial; a verdict without its outcome is refused beside it.
    for stage in ["investigation", "prosecution", "trial"] {
        assert_eq!(
            count(&browser, "#moves button").await,
            2,
            "{stage} or close"
        );
        browser
            .click_for_new_page(&format!("button[value='{stage}']"))
            .await;
    }
    browser.click_for_new_page("button[value='verdict']").await;
    assert!(c.find(Locator::Id("move-outcome-problem")).await.is_ok());
    browser
        .screenshot(&shot("proceeding-verdict-refused"))
        .await;
    choose(&browser, "move-outcome", "conviction").await;
    type_into(&browser, "move-comment", "Two convicted in Herat.").await;
    browser.click_for_new_page("button[value='verdict']").await;
    assert!(browser.text(".notice.ok").await.contains(words.verdict));
    assert_eq!(count(&browser, "ol.timeline li").await, 5);
    browser.screenshot(&shot("proceeding-verdict")).await;
    browser
        .click_for_new_page("nav a[href='/proceedings']")
        .await;
    c.goto(&server.url("/proceedings?stage=verdict&law=lkht_2008"))
        .await
        .unwrap();
    assert_eq!(count(&browser, "main tbody tr").await, 1);
    browser.screenshot(&shot("proceedings")).await;

    // A training: a cost without its currency is refused; rows are added by a button.
    browser.click_for_new_page("nav a[href='/trainings']").await;
    browser.click_for_new_page("a[href='/trainings/new']").await;
    type_into(
        &browser,
        "training-title",
        "Identifying victims at the border",
    )
    .await;
    choose(&browser, "training-topic", "identification").await;
    choose(&browser, "training-province", "AF-HER").await;
    let iom = morning.db.organization("IOM-AF").await.id.0.to_string();
    let herat = morning.db.organization("MOI-HER").await.id.0.to_string();
    let justice = morning.db.organization("MOJ").await.id.0.to_string();
    choose(&browser, "training-organizer-organization-id", &iom).await;
    choose(&browser, "training-participant-0-organization", &herat).await;
    type_into(&browser, "training-participant-0-female", "3").await;
    type_into(&browser, "training-participant-0-male", "5").await;
    assert_eq!(count(&browser, "select[id$='-organization']").await, 3);
    browser.click_for_new_page("button[value='rows']").await;
    assert_eq!(count(&browser, "select[id$='-organization']").await, 6);
    choose(&browser, "training-participant-4-organization", &justice).await;
    type_into(&browser, "training-participant-4-female", "1").await;
    type_into(&browser, "training-participant-4-male", "2").await;
    type_into(&browser, "training-cost", "1500").await;
    browser
        .click_for_new_page("form.panel > button.button")
        .await;
    assert!(
        c.find(Locator::Id("training-currency-problem"))
            .await
            .is_ok()
    );
    browser.screenshot(&shot("training-refused")).await;
    choose(&browser, "training-currency", "USD").await;
    choose(
        &browser,
        "training-budget-line-id",
        &morning.line.0.to_string(),
    )
    .await;
    browser
        .click_for_new_page("form.panel > button.button")
        .await;
    assert!(c.find(Locator::Css(".notice.ok")).await.is_ok());
    let totals = browser.text("tfoot").await;
    assert!(
        totals.contains(words.women) && totals.contains(words.men),
        "{totals}"
    );
    browser.screenshot(&shot("training")).await;
    browser.click_for_new_page("a[href$='/edit']").await;
    type_into(
        &browser,
        "training-title",
        "Identifying victims at Islam Qala",
    )
    .await;
    browser
        .click_for_new_page("form.panel > button.button")
        .await;
    assert!(browser.text("h1").await.contains("Islam Qala"));

    // An awareness activity in Herat, with the Herat office.
    browser
        .click_for_new_page("nav a[href='/awareness-activities']")
        .await;
    browser
        .click_for_new_page("a[href='/awareness-activities/new']")
        .await;
    choose(&browser, "awareness-province", "AF-HER").await;
    choose(&browser, "awareness-channel", "school").await;
    choose(&browser, "awareness-partner-organization-id", &herat).await;
    type_into(&browser, "awareness-estimated-reach", "450").await;
    type_into(
        &browser,
        "awareness-description",
        "Sessions in three schools.",
    )
    .await;
    browser
        .click_for_new_page("form.panel > button.button")
        .await;
    assert_eq!(count(&browser, "main tbody tr").await, 2);
    browser.screenshot(&shot("awareness")).await;
    browser
        .click_for_new_page("form[action='/sign-out'] button")
        .await;

    // The Herat office: the proceeding its referral led to, without the case file.
    let mut received = Vec::new();
    sign_in(&browser, server, "demo.herat", words).await;
    for link in ["/proceedings", "/trainings", "/awareness-activities"] {
        assert!(
            c.find(Locator::Css(&format!("nav a[href='{link}']")))
                .await
                .is_ok()
        );
    }
    browser
        .click_for_new_page("nav a[href='/proceedings']")
        .await;
    assert_eq!(count(&browser, "main tbody tr").await, 1);
    assert!(c.find(Locator::Id("filter-province")).await.is_err());
    received.push(c.source().await.unwrap());
    browser.screenshot(&shot("herat-proceedings")).await;
    browser.click_for_new_page("main tbody a").await;
    assert!(c.find(Locator::Css("a[href^='/cases/']")).await.is_err());
    received.push(c.source().await.unwrap());
    browser.click_for_new_page("button[value='appeal']").await;
    assert!(browser.text(".notice.ok").await.contains(words.appeal));
    received.push(c.source().await.unwrap());
    browser.screenshot(&shot("herat-proceeding")).await;

    // The province's trainings and awareness, read only and without their costs.
    browser.click_for_new_page("nav a[href='/trainings']").await;
    assert_eq!(count(&browser, "main tbody tr").await, 1);
    assert!(
        c.find(Locator::Css("a[href='/trainings/new']"))
            .await
            .is_err()
    );
    assert!(!browser.text("main").await.contains("1,500"));
    received.push(c.source().await.unwrap());
    browser.click_for_new_page("main tbody a").await;
    assert!(c.find(Locator::Css("a[href$='/edit']")).await.is_err());
    received.push(c.source().await.unwrap());
    browser.screenshot(&shot("herat-training")).await;
    browser
        .click_for_new_page("nav a[href='/awareness-activities']")
        .await;
    assert_eq!(
        count(&browser, "main tbody tr").await,
        1,
        "Kabul's is not Herat's"
    );
    assert!(c.find(Locator::Css("a[href$='/edit']")).await.is_err());
    received.push(c.source().await.unwrap());
    browser.screenshot(&shot("herat-awareness")).await;
    for html in &received {
        for secret in [CASE_NAME, CASE_LATIN, DOCUMENT, NOTE, "Sentinel"] {
            assert!(!html.contains(secret), "{secret} on a page of the office");
        }
    }
    browser.close().await;
}

#[tokio::test]
async fn the_framework_pages_in_english() {
    if !browser::available() {
        return;
    }
    the_day(&ENGLISH).await;
}

#[tokio::test]
async fn the_framework_pages_in_dari_read_right_to_left() {
    if !browser::available() {
        return;
    }
    the_day(&DARI).await;
}

#[tokio::test]
async fn the_proceedings_list_in_pashto_reads_right_to_left() {
    if !browser::available() {
        return;
    }
    let morning = morning().await;
    let browser = Browser::start().await;
    let pashto = Words {
        switch_to: Some("ps-AF"),
        prefix: "ps",
        ..DARI
    };
    sign_in(&browser, &morning.server, "demo.manager", &pashto).await;
    browser.click_for_new_page("nav a[href='/trainings']").await;
    assert!(browser.text("h1").await.contains("روزنې"));
    browser.screenshot("ps-framework-trainings").await;
    browser.click_for_new_page("a[href='/trainings/new']").await;
    browser.screenshot("ps-framework-training-new").await;
    browser.close().await;
}
