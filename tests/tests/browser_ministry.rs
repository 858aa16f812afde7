//! The ministry's day in a real browser, in English, Dari and Pashto: the Herat provincial
//! officer works the office's inbox (an overdue referral acknowledged and accepted,
//! another declined, refused first for want of a reason) and refers a newly identified
//! person to IOM (refused first for want of the consent date); the national liaison
//! filters the ministry's inbox by province and forwards a referral to the Kabul office.
//! Then a caseworker moves a return on step by step, records a monitoring visit and opens
//! the handover packet. Every page the two ministry users receive is searched for the
//! case file's sentinel values — the person's names and document number, a note, an
//! assistance record's cost and description — none of which a ministry may ever see.
//! Screenshots of each page, in each language, go to `browser-screens`.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use fantoccini::Locator;
use panah_app::{AssistanceEntry, ConsentEntry, Door, NewCaseFile, ReferralEntry, ReturnEntry};
use panah_domain::{
    AssistanceStatus, AssistanceType, CaseCategory, ConsentKind, Currency, Disclosure, GivenBy,
    Money, Place, Province, ReferralPurpose, ReturnDirection, ReturnId, Role, TraffickingProfile,
};
use panah_persistence::AuditFilter;
use panah_tests::browser::{self, Browser};
use panah_tests::{PASSWORD, TestApp, TestDb, person, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime};

/// The case file's person, in Dari and in Latin letters, and their document number:
/// sentinels no ministry page may hold, since every referral to a ministry here is
/// anonymised.
const CASE_NAME: &str = "زرمینه‌سنتینل";
const CASE_LATIN: &str = "Sentinel-Zarmina-4410";
const DOCUMENT: &str = "SENTINEL-DOC-8812";
/// A note on the case, and an assistance record's description and cost.
const NOTE: &str = "Sentinel-note: the uncle in Mashhad is not to be told.";
const DESCRIPTION: &str = "Sentinel-assistance: clinic in Herat";
const COST_MINOR: i64 = 777_777;
/// The cost as each language would write it.
const COSTS: [&str; 3] = ["7,777.77", "7777.77", "۷٬۷۷۷٫۷۷"];

/// What the day needs ready before anyone signs in.
struct Morning {
    server: TestApp,
    db: TestDb,
    /// The return on the case, requested today.
    return_id: ReturnId,
}

/// A server where a caseworker's case (with a note and assistance with a cost) was
/// referred anonymised to the Herat office twice — once ten days ago and now overdue,
/// once today — and to the Ministry's national office for an investigation; and where
/// the person's return is requested.
async fn morning() -> Morning {
    let db = TestDb::sqlite().await;
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let worker = db
        .create_user("demo.caseworker1", "IOM-AF", &[Role::Caseworker])
        .await;
    let worker = db.actor(&worker, Door::Web).await;
    db.create_user("demo.herat", "MOI-HER", &[Role::ProvincialOfficer])
        .await;
    db.create_user("demo.liaison", "MOI", &[Role::MinistryLiaison])
        .await;

    let mut someone = person(CASE_NAME);
    someone.other_script_given_name = Some(CASE_LATIN.into());
    someone.document_number = Some(DOCUMENT.into());
    let case = NewCaseFile {
        category: CaseCategory::VictimOfTrafficking,
        province: Province::Kabul,
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
    let assistance = AssistanceEntry {
        assistance_type: AssistanceType::Medical,
        status: AssistanceStatus::Delivered,
        date: today - Duration::days(15),
        provider: None,
        cost: Some(Money {
            amount_minor: COST_MINOR,
            currency: Currency::Usd,
        }),
        description: Some(DESCRIPTION.into()),
        return_id: None,
        budget_line_id: None,
    };
    app.log_assistance(&worker, case.id, assistance, now - Duration::days(15))
        .await
        .unwrap();

    let refer = |to, purpose, due| ReferralEntry {
        case_id: Some(case.id),
        subject: None,
        to,
        purpose,
        disclosure: Disclosure::Anonymised,
        urgency: None,
        due_date: due,
        message: None,
        send: true,
    };
    let herat = db.organization("MOI-HER").await.id;
    let national = db.organization("MOI").await.id;
    app.make_referral(
        &worker,
        refer(
            herat,
            ReferralPurpose::Protection,
            Some(today - Duration::days(5)),
        ),
        now - Duration::days(10),
    )
    .await
    .unwrap();
    app.make_referral(
        &worker,
        refer(herat, ReferralPurpose::Assistance, None),
        now,
    )
    .await
    .unwrap();
    app.make_referral(
        &worker,
        refer(national, ReferralPurpose::Investigation, None),
        now,
    )
    .await
    .unwrap();

    let consent = ConsentEntry {
        kind: ConsentKind::Return,
        given_on: today - Duration::days(3),
        organization_kinds: Vec::new(),
        given_by: GivenBy::Person,
        method: None,
        interpreter_used: false,
    };
    app.record_consent(&worker, case.id, consent, now)
        .await
        .unwrap();
    let journey = ReturnEntry {
        case_id: case.id,
        direction: ReturnDirection::FromAfghanistan,
        origin: Place::in_afghanistan(Province::Kabul),
        destination: Place::abroad("TJ".parse().unwrap()),
        cooperating: None,
        escort_required: true,
        travel_date: Some(today),
        needs: Some("Sentinel-needs: wheelchair at arrival".into()),
    };
    let return_id = app
        .request_return(&worker, journey, now)
        .await
        .unwrap()
        .return_case
        .id;
    Morning {
        server: TestApp::spawn(&db).await,
        db,
        return_id,
    }
}

/// What the day looks for on the pages, in the language it is lived in.
struct Words {
    /// The language switch's value, or none for English (the browser's default).
    switch_to: Option<&'static str>,
    /// The screenshots' prefix.
    prefix: &'static str,
    direction: &'static str,
    /// The status the notice names after acknowledging.
    acknowledged: &'static str,
    /// The status the notice names after forwarding: sent again, to the office.
    forwarded: &'static str,
    /// The referral's receiver, the Kabul office, named in the timeline of a forward.
    kabul: &'static str,
    /// The sustainability of a visit scored 0.5, 0.75 and 1.
    sustainability: &'static str,
    /// The decimal separator typed in a score.
    score: &'static str,
}

const ENGLISH: Words = Words {
    switch_to: None,
    prefix: "en",
    direction: "ltr",
    acknowledged: "Acknowledged",
    forwarded: "Sent",
    kabul: "Kabul",
    sustainability: "0.75",
    score: "0.75",
};

const DARI: Words = Words {
    switch_to: Some("fa-AF"),
    prefix: "fa",
    direction: "rtl",
    acknowledged: "دریافت تأیید شده",
    forwarded: "فرستاده‌شده",
    kabul: "کابل",
    sustainability: "۰٫۷۵",
    score: "۰٫۷۵",
};

const PASHTO: Words = Words {
    switch_to: Some("ps-AF"),
    prefix: "ps",
    direction: "rtl",
    acknowledged: "ترلاسه کېدل یې تایید شوی",
    forwarded: "لېږل شوی",
    kabul: "کابل",
    sustainability: "۰٫۷۵",
    score: "۰٫۷۵",
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

/// Clicks the box `id`.
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

/// Every page a ministry user received, to search for what they may not see.
#[derive(Default)]
struct Received(Vec<(String, String)>);

impl Received {
    /// Keeps the page shown, under its address.
    async fn keep(&mut self, browser: &Browser) {
        let html = browser.client.source().await.unwrap();
        self.0.push((browser.address().await, html));
    }

    /// Fails if any page kept holds any of the case file's sentinels.
    fn hold_no_case_file_field(&self) {
        assert!(self.0.len() >= 10, "only {} pages kept", self.0.len());
        for (address, html) in &self.0 {
            for secret in [
                CASE_NAME,
                CASE_LATIN,
                DOCUMENT,
                NOTE,
                DESCRIPTION,
                "Sentinel",
            ]
            .into_iter()
            .chain(COSTS)
            {
                assert!(!html.contains(secret), "{secret} on {address}");
            }
        }
    }
}

/// Signs in as `username` in the language of `words`.
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

/// The day in the language of `words`.
async fn the_day(words: &Words) {
    let morning = morning().await;
    let server = &morning.server;
    let browser = Browser::start().await;
    let c = &browser.client;
    let shot = |name: &str| format!("{}-ministry-{name}", words.prefix);
    let mut received = Received::default();

    // The Herat office: its inbox, the overdue referral first.
    sign_in(&browser, server, "demo.herat", words).await;
    received.keep(&browser).await;
    browser.click_for_new_page("nav a[href='/referrals']").await;
    let overdue = browser.text("#overdue ~ .table-wrap table").await;
    assert_eq!(
        c.find_all(Locator::Css("#overdue ~ .table-wrap tbody tr"))
            .await
            .unwrap()
            .len(),
        1,
        "{overdue}"
    );
    assert_eq!(
        c.find_all(Locator::Css("#others ~ .table-wrap tbody tr"))
            .await
            .unwrap()
            .len(),
        1
    );
    // A provincial office's referrals are its province's: no province to choose.
    assert!(c.find(Locator::Id("filter-province")).await.is_err());
    received.keep(&browser).await;
    browser.screenshot(&shot("inbox")).await;

    // The overdue one: acknowledged, then accepted with a comment.
    browser
        .click_for_new_page("#overdue ~ .table-wrap tbody a")
        .await;
    assert!(c.find(Locator::Css(".tag")).await.is_ok(), "marked overdue");
    assert!(
        c.find(Locator::Css("button[value='accept']"))
            .await
            .is_err(),
        "accepting comes after acknowledging"
    );
    received.keep(&browser).await;
    browser.screenshot(&shot("referral")).await;
    browser
        .click_for_new_page("button[value='acknowledge']")
        .await;
    let notice = browser.text(".notice.ok").await;
    assert!(notice.contains(words.acknowledged), "{notice}");
    received.keep(&browser).await;
    type_into(&browser, "act-comment", "Protection officer assigned.").await;
    browser.click_for_new_page("button[value='accept']").await;
    assert!(
        c.find(Locator::Css("button[value='complete']"))
            .await
            .is_ok()
    );
    assert!(
        browser
            .text(".timeline")
            .await
            .contains("Protection officer assigned.")
    );
    received.keep(&browser).await;

    // The other one, the only one still just sent: declining it without a reason is
    // refused beside the comment.
    c.goto(&server.url("/referrals?box=inbox&status=sent"))
        .await
        .unwrap();
    browser.click_for_new_page("main tbody a").await;
    browser.click_for_new_page("button[value='decline']").await;
    assert!(c.find(Locator::Id("act-comment-problem")).await.is_ok());
    received.keep(&browser).await;
    browser.screenshot(&shot("decline-refused")).await;
    type_into(
        &browser,
        "act-comment",
        "No shelter space in Herat this month.",
    )
    .await;
    browser.click_for_new_page("button[value='decline']").await;
    assert!(
        c.find(Locator::Css("#act button[name='action']"))
            .await
            .is_err(),
        "nothing left to do but the office's own reference"
    );
    received.keep(&browser).await;

    // A person identified in Herat, referred to IOM with her identity: refused without
    // the date she agreed, sent with it.
    browser.click_for_new_page("nav a[href='/referrals']").await;
    browser.click_for_new_page("a[href='/referrals/new']").await;
    received.keep(&browser).await;
    type_into(&browser, "refer-subject-person-given-name", "فرشته").await;
    tick(&browser, "refer-subject-category-presumed_victim").await;
    tick(&browser, "refer-subject-person-sex-female").await;
    type_into(&browser, "refer-subject-person-estimated-age", "24").await;
    tick(
        &browser,
        "refer-subject-trafficking-exploitation-types-forced_labour",
    )
    .await;
    choose(&browser, "refer-purpose", "assistance").await;
    tick(&browser, "refer-disclosure-identity").await;
    browser.screenshot(&shot("refer-new")).await;
    browser.click_for_new_page("form.panel button.button").await;
    assert!(
        c.find(Locator::Id("refer-subject-consent-given-on-problem"))
            .await
            .is_ok()
    );
    received.keep(&browser).await;
    browser.screenshot(&shot("refer-new-refused")).await;
    type_into(&browser, "refer-subject-consent-given-on", "2026-01-05").await;
    browser.click_for_new_page("form.panel button.button").await;
    assert!(browser.address().await.contains("box=outbox"));
    assert!(c.find(Locator::Css(".notice.ok")).await.is_ok());
    assert_eq!(
        c.find_all(Locator::Css("main tbody tr"))
            .await
            .unwrap()
            .len(),
        1,
        "the referral sent is in the outbox"
    );
    received.keep(&browser).await;
    browser.screenshot(&shot("outbox")).await;

    // The national liaison: the ministry's inbox filtered to Kabul's people, and the
    // investigation forwarded to the Kabul office.
    browser
        .click_for_new_page("form[action='/sign-out'] button")
        .await;
    sign_in(&browser, server, "demo.liaison", words).await;
    c.goto(&server.url("/referrals?box=inbox&purpose=investigation&province=AF-KAB"))
        .await
        .unwrap();
    assert_eq!(
        c.find_all(Locator::Css("main tbody tr"))
            .await
            .unwrap()
            .len(),
        1
    );
    received.keep(&browser).await;
    browser.screenshot(&shot("liaison-inbox")).await;
    browser.click_for_new_page("main tbody a").await;
    received.keep(&browser).await;
    let kabul = morning.db.organization("MOI-KAB").await.id.0.to_string();
    choose(&browser, "forward-to-organization-id", &kabul).await;
    browser.screenshot(&shot("liaison-forward")).await;
    browser
        .click_for_new_page("form[action$='/forward#act'] button")
        .await;
    let notice = browser.text(".notice.ok").await;
    assert!(notice.contains(words.forwarded), "{notice}");
    assert!(browser.text(".timeline").await.contains(words.kabul));
    received.keep(&browser).await;
    browser.screenshot(&shot("liaison-forwarded")).await;

    received.hold_no_case_file_field();

    // A caseworker moves the return on to arrival, one step at a time, and records a
    // monitoring visit.
    browser
        .click_for_new_page("form[action='/sign-out'] button")
        .await;
    sign_in(&browser, server, "demo.caseworker1", words).await;
    let return_path = format!("/returns/{}", morning.return_id.0);
    c.goto(&server.url(&return_path)).await.unwrap();
    let current = c
        .find(Locator::Css("ol.steps li[aria-current='step']"))
        .await
        .unwrap();
    assert_eq!(
        c.find_all(Locator::Css("ol.steps li")).await.unwrap().len(),
        10
    );
    assert!(
        current
            .attr("class")
            .await
            .unwrap()
            .unwrap()
            .contains("current")
    );
    assert!(
        c.find(Locator::Css("button[value='cancelled']"))
            .await
            .is_ok()
    );
    browser.screenshot(&shot("return")).await;
    for step in [
        "counselling",
        "documents",
        "fit_to_travel",
        "travel_booked",
        "departed",
        "arrived",
    ] {
        // Only the next step is offered (and cancelling, before departure).
        let offered = c.find_all(Locator::Css("#moves button")).await.unwrap();
        assert!(offered.len() <= 2, "{step}: {} moves", offered.len());
        browser
            .click_for_new_page(&format!("button[value='{step}']"))
            .await;
    }
    assert!(
        c.find(Locator::Css("button[value='cancelled']"))
            .await
            .is_err()
    );
    assert_eq!(
        c.find_all(Locator::Css("ol.steps li.step-done"))
            .await
            .unwrap()
            .len(),
        6
    );
    c.find(Locator::Css("#visits summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // A score above 1 is refused beside it, the form open with what was typed kept.
    type_into(&browser, "visit-economic", "1.5").await;
    type_into(&browser, "visit-social", words.score).await;
    type_into(&browser, "visit-psychosocial", "1").await;
    browser
        .click_for_new_page("form[action$='/visits#visits'] button")
        .await;
    assert!(c.find(Locator::Id("visit-economic-problem")).await.is_ok());
    let kept = c
        .find(Locator::Id("visit-social"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some(words.score));
    browser.screenshot(&shot("return-visit-refused")).await;
    type_into(&browser, "visit-economic", "0.5").await;
    browser
        .click_for_new_page("form[action$='/visits#visits'] button")
        .await;
    let visits = browser.text("#visits table").await;
    assert!(visits.contains(words.sustainability), "{visits}");
    browser.screenshot(&shot("return-visit")).await;

    browser
        .click_for_new_page(&format!("a[href='{return_path}/handover']"))
        .await;
    assert!(c.find(Locator::Css(".facts")).await.is_ok());
    browser.screenshot(&shot("handover")).await;
    let handovers = morning
        .db
        .store
        .list_audit(
            &AuditFilter {
                action: Some("return.handover".into()),
                ..AuditFilter::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(handovers.len(), 1, "the packet is audited");
    browser.close().await;
}

#[tokio::test]
async fn the_ministrys_day_in_english() {
    if !browser::available() {
        return;
    }
    the_day(&ENGLISH).await;
}

#[tokio::test]
async fn the_ministrys_day_in_dari_reads_right_to_left() {
    if !browser::available() {
        return;
    }
    the_day(&DARI).await;
}

#[tokio::test]
async fn the_ministrys_day_in_pashto_reads_right_to_left() {
    if !browser::available() {
        return;
    }
    the_day(&PASHTO).await;
}
