//! A caseworker's day in a real browser, in English and in Dari: the dashboard of what
//! needs doing, registering a case with Dari names and a Solar Hijri date, finding it by
//! search, a consent refused for a minor and given by a parent, assistance charged to a
//! budget line picked from the lines that fit, a note, a referral refused for want of
//! consent and sent once it is given, the referral and return pages; then the case
//! manager's list and case file (in Pashto too). Screenshots of each page, in both
//! directions, go to `browser-screens` in the target folder.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use fantoccini::Locator;
use panah_app::{
    ConsentEntry, Door, GrantEntry, LineEntry, NewCaseFile, ReferralEntry, ReturnEntry, Subject,
};
use panah_domain::{
    AssistanceStatus, AssistanceType, BudgetLineId, CaseCategory, CaseId, ConsentKind, Currency,
    Disclosure, GivenBy, Place, Province, ReferralPurpose, ReturnDirection, ReturnId, Role,
    TraffickingProfile, Urgency,
};
use panah_persistence::AuditFilter;
use panah_tests::browser::{self, Browser, Log};
use panah_tests::{PASSWORD, TestApp, TestDb, person, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime};

/// The person's given name in Dari: a sentinel no address or log line may ever show.
const GIVEN_NAME: &str = "نرگس‌سنتینل";
/// Their given name in Latin letters, a sentinel too.
const LATIN_NAME: &str = "Sentinel-Narges-7731";
/// Their document number, a sentinel too.
const DOCUMENT: &str = "SENTINEL-DOC-5521";
/// A note's text, a sentinel too.
const NOTE: &str = "Sentinel note: the family was traced to Herat.";

/// What the day needs ready before the caseworker signs in.
struct Morning {
    server: TestApp,
    db: TestDb,
    /// The USD line the assistance is charged to, and a EUR line the picker must not offer.
    usd_line: BudgetLineId,
    eur_line: BudgetLineId,
    /// The return on an earlier case of the caseworker's.
    return_id: ReturnId,
    /// The number of that earlier case.
    earlier_case: String,
}

/// A server where `demo.caseworker1` has an earlier case with planned assistance due and
/// a return under way, IOM has received a referral from Herat to act on and sent one now
/// overdue, and two grants run today: one in USD, one in EUR.
async fn morning() -> Morning {
    let db = TestDb::sqlite().await;
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let worker = db
        .create_user("demo.caseworker1", "IOM-AF", &[Role::Caseworker])
        .await;
    let worker = db.actor(&worker, Door::Web).await;
    let programme = db
        .create_user("demo.programme", "IOM-AF", &[Role::ProgrammeManager])
        .await;
    let programme = db.actor(&programme, Door::Web).await;
    db.create_user("demo.manager", "IOM-AF", &[Role::CaseManager])
        .await;
    let herat = db
        .create_user("demo.herat", "MOI-HER", &[Role::ProvincialOfficer])
        .await;
    let herat = db.actor(&herat, Door::Web).await;

    let mut lines = Vec::new();
    for (code, donor, currency) in [
        ("US-CT-2026-01", "DONOR-US", Currency::Usd),
        ("IT-CT-2026-01", "DONOR-IT", Currency::Eur),
    ] {
        let grant = GrantEntry {
            code: code.into(),
            title: "Direct assistance to victims".into(),
            donor: db.organization(donor).await.id,
            currency,
            starts_on: today - Duration::days(100),
            ends_on: today + Duration::days(100),
            lines: vec![LineEntry {
                code: "DA".into(),
                name: "Direct assistance".into(),
                amount_minor: 5_000_000,
            }],
        };
        let grant = app.create_grant(&programme, grant, now).await.unwrap();
        lines.push(grant.budget_lines[0].id);
    }

    let earlier = NewCaseFile {
        category: CaseCategory::VictimOfTrafficking,
        province: Province::Kabul,
        identified_on: today - Duration::days(60),
        identified_by: None,
        assigned_to: None,
        person: person("Earlier"),
        trafficking: TraffickingProfile::default(),
    };
    let earlier = app.register_case(&worker, earlier, now).await.unwrap();
    let planned = panah_app::AssistanceEntry {
        assistance_type: AssistanceType::Shelter,
        status: AssistanceStatus::Planned,
        date: today - Duration::days(1),
        provider: None,
        cost: None,
        description: None,
        return_id: None,
        budget_line_id: None,
    };
    app.log_assistance(&worker, earlier.id, planned, now)
        .await
        .unwrap();
    let consent = ConsentEntry {
        kind: ConsentKind::Return,
        given_on: today - Duration::days(30),
        organization_kinds: Vec::new(),
        given_by: GivenBy::Person,
        method: None,
        interpreter_used: false,
    };
    app.record_consent(&worker, earlier.id, consent, now)
        .await
        .unwrap();
    let journey = ReturnEntry {
        case_id: earlier.id,
        direction: ReturnDirection::ToAfghanistan,
        origin: Place::abroad("IR".parse().unwrap()),
        destination: Place::in_afghanistan(Province::Herat),
        cooperating: None,
        escort_required: false,
        travel_date: Some(today + Duration::days(20)),
        needs: None,
    };
    let return_id = app
        .request_return(&worker, journey, now)
        .await
        .unwrap()
        .return_case
        .id;

    // Herat refers a presumed victim to IOM today, and IOM referred the earlier case to
    // Herat ten days ago with a due date now past.
    let iom = db.organization("IOM-AF").await.id;
    let subject = Subject {
        category: CaseCategory::PresumedVictim,
        province: Province::Herat,
        identified_on: today,
        person: person("Inbound"),
        trafficking: TraffickingProfile::default(),
        consent_given_on: None,
        consent_given_by: GivenBy::Person,
    };
    let inbound = ReferralEntry {
        case_id: None,
        subject: Some(subject),
        to: iom,
        purpose: ReferralPurpose::Assistance,
        disclosure: Disclosure::Anonymised,
        urgency: Some(Urgency::Urgent),
        due_date: Some(today + Duration::days(3)),
        message: None,
        send: true,
    };
    app.make_referral(&herat, inbound, now).await.unwrap();
    let overdue = ReferralEntry {
        case_id: Some(earlier.id),
        subject: None,
        to: db.organization("MOI-HER").await.id,
        purpose: ReferralPurpose::Protection,
        disclosure: Disclosure::Anonymised,
        urgency: None,
        due_date: Some(today - Duration::days(5)),
        message: None,
        send: true,
    };
    app.make_referral(&worker, overdue, now - Duration::days(10))
        .await
        .unwrap();

    Morning {
        server: TestApp::spawn(&db).await,
        db,
        usd_line: lines[0],
        eur_line: lines[1],
        return_id,
        earlier_case: earlier.case_number.to_string(),
    }
}

/// What the day looks for on the pages, in the language it is lived in.
struct Words {
    /// The language switch's value, or none for English (the browser's default).
    switch_to: Option<&'static str>,
    /// The screenshots' prefix.
    prefix: &'static str,
    /// The direction the pages read in.
    direction: &'static str,
    /// The amount as typed.
    amount: &'static str,
    /// The cost as the case file shows it.
    cost: &'static str,
    /// The date of identification as the case file shows it.
    identified_on: &'static str,
    registered: &'static str,
    minor_alone: &'static str,
    mother: &'static str,
    missing_sharing: &'static str,
    missing_law_enforcement: &'static str,
    sent_to: &'static str,
    herat: &'static str,
    timeline_sent: &'static str,
}

const ENGLISH: Words = Words {
    switch_to: None,
    prefix: "en",
    direction: "ltr",
    amount: "120.50",
    cost: "120.50 USD",
    identified_on: "2026-03-30",
    registered: "The case is registered.",
    minor_alone: "The person was under 18 on that day and cannot consent alone",
    mother: "Parent or guardian (\u{2068}Mother\u{2069})",
    missing_sharing: "Ministry of Interior provincial offices",
    missing_law_enforcement: "Contact with law enforcement",
    sent_to: "Sent to",
    herat: "Herat",
    timeline_sent: "Sent",
};

const DARI: Words = Words {
    switch_to: Some("fa-AF"),
    prefix: "fa",
    direction: "rtl",
    amount: "۱۲۰٫۵۰",
    cost: "۱۲۰٫۵۰ USD",
    identified_on: "۱۰ حمل ۱۴۰۵",
    registered: "قضیه ثبت شد.",
    minor_alone: "شخص در آن روز کمتر از ۱۸ سال داشت",
    mother: "مادر",
    missing_sharing: "دفاتر ولایتی وزارت امور داخله",
    missing_law_enforcement: "تماس با نهادهای تنفیذ قانون",
    sent_to: "فرستاده‌شده به",
    herat: "هرات",
    timeline_sent: "فرستاده شد",
};

/// Types `text` into the field `id`, replacing what it held.
async fn type_into(browser: &Browser, id: &str, text: &str) {
    let field = browser.client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Chooses the option `value` of the select `id`.
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

/// Clicks the box or button `id`.
async fn tick(browser: &Browser, id: &str) {
    browser
        .client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Opens the form of the case file's section `section` (a `<details>`), if closed.
async fn open_form(browser: &Browser, section: &str) {
    let details = browser
        .client
        .find(Locator::Css(&format!("#{section} details")))
        .await
        .unwrap();
    if details.attr("open").await.unwrap().is_none() {
        browser
            .client
            .find(Locator::Css(&format!("#{section} summary")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
}

/// Records a consent of `kind` given by the person's mother, through the case file's
/// form, with the boxes `ticked`.
async fn record_consent_by_mother(browser: &Browser, kind: &str, ticked: &[&str]) {
    open_form(browser, "consents").await;
    choose(browser, "consent-kind", kind).await;
    tick(browser, "consent-given-by-parent_or_guardian").await;
    choose(browser, "consent-guardian-relation", "mother").await;
    choose(browser, "consent-method", "verbal").await;
    for id in ticked {
        tick(browser, id).await;
    }
    browser
        .click_for_new_page("form[action$='/consents#consents'] button.button")
        .await;
}

/// The caseworker's day in the language of `words`.
async fn the_day(words: &Words) {
    let log = Log::capture();
    let morning = morning().await;
    let server = &morning.server;
    let browser = Browser::start().await;
    let c = &browser.client;
    let shot = |name: &str| format!("{}-{name}", words.prefix);
    let mut addresses = Vec::new();

    c.goto(&server.url("/sign-in")).await.unwrap();
    if let Some(language) = words.switch_to {
        browser
            .click_for_new_page(&format!("button[value='{language}']"))
            .await;
    }
    browser.sign_in("demo.caseworker1", PASSWORD).await;
    assert_eq!(browser.direction().await, words.direction);

    // The dashboard: the planned shelter due since yesterday, the referral from Herat to
    // act on, the overdue one, and the earlier case.
    let due = browser.text("#due ~ .table-wrap table").await;
    assert!(due.contains(&morning.earlier_case), "{due}");
    let awaiting = browser.text("#awaiting ~ .table-wrap table").await;
    assert!(awaiting.contains(words.herat), "{awaiting}");
    let overdue = browser.text("#overdue ~ .table-wrap table").await;
    assert!(!overdue.is_empty());
    browser.screenshot(&shot("day-dashboard")).await;

    // Register a case: refused first (no category, no sex), then done.
    browser.click_for_new_page("nav a[href='/cases/new']").await;
    type_into(&browser, "case-person-given-name", GIVEN_NAME).await;
    type_into(&browser, "case-identified-on", "1405-01-10").await;
    browser.click_for_new_page("form.panel button.button").await;
    assert!(c.find(Locator::Id("case-category-problem")).await.is_ok());
    assert!(c.find(Locator::Id("case-person-sex-problem")).await.is_ok());
    let kept = c
        .find(Locator::Id("case-person-given-name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some(GIVEN_NAME), "the name typed is kept");
    browser.screenshot(&shot("register-refused")).await;
    addresses.push(browser.address().await);

    tick(&browser, "case-category-presumed_victim").await;
    choose(&browser, "case-province", "AF-HER").await;
    type_into(&browser, "case-person-family-name", "احمدی").await;
    type_into(&browser, "case-person-fathers-name", "غلام‌رسول").await;
    type_into(&browser, "case-person-other-script-given-name", LATIN_NAME).await;
    tick(&browser, "case-person-sex-female").await;
    type_into(&browser, "case-person-estimated-age", "15").await;
    type_into(&browser, "case-person-document-number", DOCUMENT).await;
    tick(
        &browser,
        "case-trafficking-exploitation-types-forced_marriage",
    )
    .await;
    tick(&browser, "case-trafficking-countries-of-exploitation-IR").await;
    tick(&browser, "case-trafficking-cross-border-yes").await;
    browser.screenshot(&shot("register")).await;
    browser.click_for_new_page("form.panel button.button").await;
    assert_eq!(browser.text(".notice.ok").await, words.registered);
    let case_path = c.current_url().await.unwrap().path().to_owned();
    let case_id: CaseId = CaseId(case_path.trim_start_matches("/cases/").parse().unwrap());
    let number = browser.text("main h1 bdi").await;
    assert!(number.starts_with("AF-HER-2026-"), "{number}");
    let identity = browser.text("#identity").await;
    assert!(identity.contains(GIVEN_NAME), "{identity}");
    assert!(identity.contains(LATIN_NAME), "{identity}");
    let summary = browser.text("main > dl.facts").await;
    assert!(summary.contains(words.identified_on), "{summary}");
    // The read of the identity is in the audit log, as the API's is.
    let reads = morning
        .db
        .store
        .list_audit(
            &AuditFilter {
                action: Some("case.read".into()),
                target_id: Some(case_id.to_string()),
                ..AuditFilter::default()
            },
            10,
        )
        .await
        .unwrap();
    assert!(!reads.is_empty(), "the identity read is audited");
    browser.screenshot(&shot("case-file-new")).await;
    addresses.push(browser.address().await);

    // Find it again by the Dari name: the name goes in the body, never the address.
    browser.click_for_new_page("nav a[href='/cases']").await;
    type_into(&browser, "search-given-name", GIVEN_NAME).await;
    browser
        .click_for_new_page("form[action='/cases'] button.button")
        .await;
    assert_eq!(c.current_url().await.unwrap().path(), "/cases");
    let found = browser.text("#found-heading ~ .table-wrap table").await;
    assert!(found.contains(&number), "{found}");
    browser.screenshot(&shot("search")).await;
    addresses.push(browser.address().await);
    browser
        .click_for_new_page(&format!("a[href='{case_path}']"))
        .await;

    // A consent the fifteen-year-old cannot give alone, then given by her mother.
    open_form(&browser, "consents").await;
    choose(&browser, "consent-kind", "assistance").await;
    browser
        .click_for_new_page("form[action$='/consents#consents'] button.button")
        .await;
    let refused = browser.text("#consent-given-by-problem").await;
    assert!(refused.starts_with(words.minor_alone), "{refused}");
    browser.screenshot(&shot("consent-refused")).await;
    addresses.push(browser.address().await);
    tick(&browser, "consent-given-by-parent_or_guardian").await;
    choose(&browser, "consent-guardian-relation", "mother").await;
    choose(&browser, "consent-method", "verbal").await;
    tick(&browser, "consent-interpreter-used-yes").await;
    browser
        .click_for_new_page("form[action$='/consents#consents'] button.button")
        .await;
    let consents = browser.text("#consents table").await;
    assert!(consents.contains(words.mother), "{consents}");

    // Assistance charged to the USD line, which the picker offers once USD is chosen;
    // the EUR line it never offers.
    open_form(&browser, "assistance").await;
    choose(&browser, "assistance-assistance-type", "medical").await;
    type_into(&browser, "assistance-cost", words.amount).await;
    // Before a currency is chosen the picker offers the lines of every currency; htmx
    // swaps in the USD lines once USD is chosen, replacing the picker's element.
    let picker = c.find(Locator::Id("assistance-line-field")).await.unwrap();
    choose(&browser, "assistance-currency", "USD").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while picker.tag_name().await.is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "htmx did not redraw the picker"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let usd = format!(
        "#assistance-budget-line-id option[value='{}']",
        morning.usd_line.0
    );
    c.wait().for_element(Locator::Css(&usd)).await.unwrap();
    let eur = format!(
        "#assistance-budget-line-id option[value='{}']",
        morning.eur_line.0
    );
    assert!(
        c.find(Locator::Css(&eur)).await.is_err(),
        "no EUR line for a USD cost"
    );
    choose(
        &browser,
        "assistance-budget-line-id",
        &morning.usd_line.0.to_string(),
    )
    .await;
    type_into(&browser, "assistance-description", "Clinic visit").await;
    browser.screenshot(&shot("assistance-form")).await;
    browser
        .click_for_new_page("form[action$='/assistance#assistance'] button.button")
        .await;
    let assistance = browser.text("#assistance table").await;
    assert!(assistance.contains(words.cost), "{assistance}");
    assert!(assistance.contains("US-CT-2026-01 · DA"), "{assistance}");
    browser.screenshot(&shot("assistance")).await;

    // A note.
    type_into(&browser, "note-body", NOTE).await;
    browser
        .click_for_new_page("form[action$='/notes#notes'] button.button")
        .await;
    assert!(browser.text("#notes").await.contains(NOTE));

    // A referral of her identity to Herat for an investigation: refused, naming both
    // consents missing, with what was chosen kept.
    let herat = morning.db.organization("MOI-HER").await.id.0.to_string();
    let refer = async || {
        open_form(&browser, "referrals").await;
        choose(&browser, "referral-to-organization-id", &herat).await;
        choose(&browser, "referral-purpose", "investigation").await;
        tick(&browser, "referral-disclosure-identity").await;
        browser
            .click_for_new_page("form[action$='/referrals#referrals'] button.button")
            .await;
    };
    refer().await;
    let refused = browser.text("#referral-disclosure-problem").await;
    assert!(refused.contains(words.missing_sharing), "{refused}");
    assert!(refused.contains(words.missing_law_enforcement), "{refused}");
    let purpose = c
        .find(Locator::Id("referral-purpose"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        purpose.as_deref(),
        Some("investigation"),
        "the purpose is kept"
    );
    browser.screenshot(&shot("referral-refused")).await;
    addresses.push(browser.address().await);

    // Her mother consents to both; the referral goes.
    record_consent_by_mother(
        &browser,
        "data_sharing",
        &["consent-organization-kinds-moi_provincial"],
    )
    .await;
    record_consent_by_mother(&browser, "law_enforcement_contact", &[]).await;
    refer().await;
    let referrals = browser.text("#referrals table").await;
    assert!(referrals.contains(words.sent_to), "{referrals}");
    assert!(referrals.contains(words.herat), "{referrals}");
    browser.screenshot(&shot("case-file")).await;
    addresses.push(browser.address().await);

    browser
        .click_for_new_page("#referrals table a[href^='/referrals/']")
        .await;
    assert!(
        browser
            .text(".timeline")
            .await
            .contains(words.timeline_sent)
    );
    browser.screenshot(&shot("referral")).await;
    addresses.push(browser.address().await);

    c.goto(&server.url(&format!("/returns/{}", morning.return_id.0)))
        .await
        .unwrap();
    assert_eq!(browser.direction().await, words.direction);
    assert!(c.find(Locator::Css(".timeline li")).await.is_ok());
    browser.screenshot(&shot("return")).await;

    c.goto(&server.url("/")).await.unwrap();
    let mine = browser.text("#my-cases ~ .table-wrap table").await;
    assert!(mine.contains(&number), "{mine}");

    // The case manager's view of the same: every case, filtered; the case file with the
    // caseworker to assign and the case to close.
    browser
        .click_for_new_page("form[action='/sign-out'] button")
        .await;
    browser.sign_in("demo.manager", PASSWORD).await;
    c.goto(&server.url("/cases?province=AF-HER")).await.unwrap();
    let list = browser.text("#list-heading ~ .table-wrap table").await;
    assert!(
        list.contains(&number) && !list.contains(&morning.earlier_case),
        "{list}"
    );
    browser.screenshot(&shot("case-list")).await;
    c.goto(&server.url(&case_path)).await.unwrap();
    assert!(c.find(Locator::Id("assign-assigned-to")).await.is_ok());
    assert!(c.find(Locator::Css("button[value='closed']")).await.is_ok());
    browser.screenshot(&shot("case-file-manager")).await;
    if words.switch_to.is_some() {
        // And the same two pages in Pashto, whose month names are its own.
        browser.click_for_new_page("button[value='ps-AF']").await;
        assert!(
            browser
                .text("main > dl.facts")
                .await
                .contains("۱۰ وری ۱۴۰۵")
        );
        browser.screenshot("ps-case-file-manager").await;
        c.goto(&server.url("/cases?province=AF-HER")).await.unwrap();
        browser.screenshot("ps-case-list").await;
    }
    browser.close().await;

    for address in &addresses {
        for secret in [GIVEN_NAME, LATIN_NAME, DOCUMENT, "Sentinel"] {
            assert!(!address.contains(secret), "{secret} in {address}");
        }
    }
    let log = log.text();
    assert!(log.contains("answered"), "the log was captured");
    for secret in [GIVEN_NAME, LATIN_NAME, DOCUMENT, NOTE, "Sentinel"] {
        assert!(!log.contains(secret), "{secret} in the log");
    }
}

#[tokio::test]
async fn a_caseworkers_day_in_english() {
    if !browser::available() {
        return;
    }
    the_day(&ENGLISH).await;
}

#[tokio::test]
async fn a_caseworkers_day_in_dari_reads_right_to_left_with_solar_hijri_dates() {
    if !browser::available() {
        return;
    }
    the_day(&DARI).await;
}
