//! Accessibility in a real browser: axe-core (vendored from npm for these tests only, and
//! handed to the page through WebDriver so that the page's CSP stays as served) finds no
//! serious or critical violation on any page, as each kind of user sees it, in English
//! and in Dari; the keyboard's focus shows; and the case file's weight on a second visit
//! (assets cached) is measured and held under 40 KB.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use fantoccini::Locator;
use panah_app::{
    AwarenessEntry, ConsentEntry, Door, NewCaseFile, ProceedingEntry, ReferralEntry, ReturnEntry,
    TrainingEntry,
};
use panah_domain::{
    AwarenessChannel, CaseCategory, ConsentKind, Disclosure, GivenBy, Participants, Place,
    Province, ReferralPurpose, ReturnDirection, Role, TraffickingProfile, TrainingTopic,
};
use panah_tests::browser::{self, Browser};
use panah_tests::{PASSWORD, TestApp, TestDb, person, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime};

/// The server, and the addresses of a case file, its referral and its return.
struct Office {
    server: TestApp,
    _db: TestDb,
    case: String,
    referral: String,
    return_page: String,
    /// A legal proceeding followed by the Herat office, a training and an awareness
    /// activity in Herat.
    proceeding: String,
    training: String,
    awareness: String,
}

/// A server with a user of each kind and a case of `demo.caseworker1`'s with a consent,
/// a referral sent to Herat's provincial office and a return under way, so that every
/// section of the case file has something in it.
async fn office() -> Office {
    let db = TestDb::sqlite().await;
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let worker = db
        .create_user("demo.caseworker1", "IOM-AF", &[Role::Caseworker])
        .await;
    let worker = db.actor(&worker, Door::Web).await;
    let mut made = Vec::new();
    for (username, organization, role) in [
        ("demo.manager", "IOM-AF", Role::CaseManager),
        ("demo.programme", "IOM-AF", Role::ProgrammeManager),
        ("demo.auditor", "IOM-AF", Role::Auditor),
        ("demo.admin", "IOM-AF", Role::Admin),
        ("demo.herat", "MOI-HER", Role::ProvincialOfficer),
    ] {
        made.push(db.create_user(username, organization, &[role]).await);
    }
    // The case manager, who records trainings and awareness activities.
    let recorder = db.actor(&made[0], Door::Web).await;
    let case = NewCaseFile {
        category: CaseCategory::VictimOfTrafficking,
        province: Province::Kabul,
        identified_on: today - Duration::days(60),
        identified_by: None,
        assigned_to: None,
        person: person("Accessible"),
        trafficking: TraffickingProfile::default(),
    };
    let case = app.register_case(&worker, case, now).await.unwrap();
    let consent = ConsentEntry {
        kind: ConsentKind::Return,
        given_on: today - Duration::days(30),
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
    let referral = ReferralEntry {
        case_id: Some(case.id),
        subject: None,
        to: db.organization("MOI-HER").await.id,
        purpose: ReferralPurpose::Protection,
        disclosure: Disclosure::Anonymised,
        urgency: None,
        due_date: Some(today + Duration::days(5)),
        message: None,
        send: true,
    };
    let referral = app.make_referral(&worker, referral, now).await.unwrap();
    let prosecution = ReferralEntry {
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
    let prosecution = app.make_referral(&worker, prosecution, now).await.unwrap();
    let proceeding = ProceedingEntry {
        case_id: case.id,
        referral_id: Some(prosecution.summary.id),
        law: "lkht_2008".parse().unwrap(),
        articles: vec!["5".into()],
        reported_on: today,
        province: Province::Herat,
        accused_count: Some(1),
        victim_testified: false,
        legal_aid: true,
    };
    let proceeding = app.open_proceeding(&worker, proceeding, now).await.unwrap();
    let herat = db.organization("MOI-HER").await.id;
    let training = TrainingEntry {
        title: "Identifying victims".into(),
        topic: TrainingTopic::Identification,
        province: Province::Herat,
        starts_on: today,
        ends_on: today,
        organizer: db.organization("IOM-AF").await.id,
        participants: vec![Participants {
            organization_id: herat,
            female: 4,
            male: 6,
        }],
        cost: None,
        budget_line_id: None,
    };
    let training = app.record_training(&recorder, training, now).await.unwrap();
    let awareness = AwarenessEntry {
        province: Province::Herat,
        date: today,
        channel: AwarenessChannel::School,
        partner: Some(herat),
        estimated_reach: 300,
        description: None,
        cost: None,
        budget_line_id: None,
    };
    let awareness = app
        .record_awareness(&recorder, awareness, now)
        .await
        .unwrap();
    Office {
        proceeding: format!("/proceedings/{}", proceeding.proceeding.record().id),
        training: format!("/trainings/{}", training.id),
        awareness: format!("/awareness-activities/{}/edit", awareness.id),
        server: TestApp::spawn(&db).await,
        _db: db,
        case: format!("/cases/{}", case.id.0),
        referral: format!("/referrals/{}", referral.summary.id.0),
        return_page: format!("/returns/{}", return_id.0),
    }
}

/// Collects what axe finds on the pages visited, named by page, to report them all at
/// once: the serious and critical, which fail the test, and the rest, which are printed.
#[derive(Default)]
struct Findings {
    serious: Vec<String>,
    lesser: Vec<String>,
    pages: usize,
}

impl Findings {
    /// Runs axe on the page shown, named `page`.
    async fn check(&mut self, browser: &Browser, page: &str) {
        self.pages += 1;
        for violation in browser.accessibility_violations().await {
            let line = format!("{page}: {violation}");
            if violation.is_serious() {
                self.serious.push(line);
            } else {
                self.lesser.push(line);
            }
        }
    }
}

/// Signs `username` in from a fresh sign-in page in `language`'s words.
async fn sign_in_as(browser: &Browser, server: &TestApp, language: Option<&str>, username: &str) {
    let c = &browser.client;
    // The cookies cleared: no session or language carried over from the last person.
    c.delete_all_cookies().await.unwrap();
    c.goto(&server.url("/sign-in")).await.unwrap();
    if let Some(language) = language {
        browser
            .click_for_new_page(&format!("button[value='{language}']"))
            .await;
    }
    browser.sign_in(username, PASSWORD).await;
}

/// Every page of the web crate as each kind of user sees it, in `language` (`None` for
/// English), checked by axe.
async fn every_page(language: Option<&'static str>, prefix: &str) {
    let office = office().await;
    let server = &office.server;
    let browser = Browser::start().await;
    let c = &browser.client;
    let mut findings = Findings::default();

    c.goto(&server.url("/sign-in")).await.unwrap();
    if let Some(language) = language {
        browser
            .click_for_new_page(&format!("button[value='{language}']"))
            .await;
    }
    assert!(
        browser.focus_is_visible().await,
        "the skip link's focus shows"
    );
    findings.check(&browser, "sign-in").await;
    // A refused sign-in shows its problem on the same page.
    browser
        .sign_in("demo.caseworker1", "not the password")
        .await;
    findings.check(&browser, "sign-in refused").await;

    sign_in_as(&browser, server, language, "demo.caseworker1").await;
    findings.check(&browser, "caseworker dashboard").await;
    assert!(browser.focus_is_visible().await, "the focus shows");
    let handover = format!("{}/handover", office.return_page);
    for (page, path) in [
        ("case list", "/cases"),
        ("register", "/cases/new"),
        ("case file", office.case.as_str()),
        ("referral", office.referral.as_str()),
        ("return", office.return_page.as_str()),
        ("handover packet", handover.as_str()),
        ("password", "/password"),
        ("error page", "/no-such-page"),
    ] {
        c.goto(&server.url(path)).await.unwrap();
        findings
            .check(&browser, &format!("caseworker {page}"))
            .await;
    }
    // A refused registration: every problem beside its field.
    c.goto(&server.url("/cases/new")).await.unwrap();
    browser
        .click_for_new_page("form[action='/cases/new'] button.button")
        .await;
    findings
        .check(&browser, "caseworker register refused")
        .await;
    // The search, whose terms travel in the body.
    c.goto(&server.url("/cases")).await.unwrap();
    c.find(Locator::Css(
        "form[action='/cases'][method='post'] input:not([type=hidden])",
    ))
    .await
    .unwrap()
    .send_keys("Accessible")
    .await
    .unwrap();
    browser
        .click_for_new_page("form[action='/cases'][method='post'] button.button")
        .await;
    findings.check(&browser, "caseworker search results").await;

    // The case file's weight once fonts, style and script are cached: the first visit
    // fetched them, the second fetches only the page.
    c.goto(&server.url(&office.case)).await.unwrap();
    let second_visit = browser.transferred_bytes().await;
    println!("{prefix}: the case file after the first visit: {second_visit} bytes travelled");
    assert!(second_visit < 40 * 1024, "{second_visit} bytes");
    browser
        .screenshot(&format!("{prefix}-a11y-case-file"))
        .await;

    sign_in_as(&browser, server, language, "demo.manager").await;
    findings.check(&browser, "case manager dashboard").await;
    let open = format!("{}/proceedings/new", office.case);
    let edit = format!("{}/edit", office.training);
    for (page, path) in [
        ("case list", "/cases"),
        ("case file", office.case.as_str()),
        ("proceedings", "/proceedings"),
        ("proceeding", office.proceeding.as_str()),
        ("opening a proceeding", open.as_str()),
        ("trainings", "/trainings"),
        ("new training", "/trainings/new"),
        ("training", office.training.as_str()),
        ("changing a training", edit.as_str()),
        ("awareness activities", "/awareness-activities"),
        ("new awareness activity", "/awareness-activities/new"),
        ("changing an awareness activity", office.awareness.as_str()),
    ] {
        c.goto(&server.url(path)).await.unwrap();
        findings
            .check(&browser, &format!("case manager {page}"))
            .await;
    }
    sign_in_as(&browser, server, language, "demo.herat").await;
    findings
        .check(&browser, "provincial officer dashboard")
        .await;
    c.goto(&server.url(&office.referral)).await.unwrap();
    findings
        .check(&browser, "provincial officer referral")
        .await;
    for path in [
        "/referrals",
        "/referrals?box=outbox",
        "/referrals/new",
        "/proceedings",
        office.proceeding.as_str(),
        "/trainings",
        office.training.as_str(),
        "/awareness-activities",
    ] {
        c.goto(&server.url(path)).await.unwrap();
        findings
            .check(&browser, &format!("provincial officer {path}"))
            .await;
    }
    let their_pages: [(&str, &[&str]); 3] = [
        ("demo.programme", &["/grants", "/grants/new"]),
        ("demo.auditor", &["/audit", "/audit?from=yesterday"]),
        ("demo.admin", &[]),
    ];
    for (username, paths) in their_pages {
        sign_in_as(&browser, server, language, username).await;
        findings
            .check(&browser, &format!("{username} dashboard"))
            .await;
        for path in paths {
            c.goto(&server.url(path)).await.unwrap();
            findings
                .check(&browser, &format!("{username} {path}"))
                .await;
        }
    }
    // The admin's accounts: the list, a refused creation, an account's page.
    c.goto(&server.url("/admin/users")).await.unwrap();
    findings.check(&browser, "admin users").await;
    browser
        .click_for_new_page("form[action='/admin/users'] button.button")
        .await;
    findings.check(&browser, "admin users refused").await;
    browser
        .click_for_new_page("main table tbody tr:first-child a")
        .await;
    findings.check(&browser, "admin user").await;
    c.goto(&server.url("/admin/organizations")).await.unwrap();
    findings.check(&browser, "admin organisations").await;
    browser
        .click_for_new_page("form[action='/admin/organizations'] button")
        .await;
    findings
        .check(&browser, "admin organisations refused")
        .await;
    // The auditor's verification of the chain, with its result.
    sign_in_as(&browser, server, language, "demo.auditor").await;
    c.goto(&server.url("/audit")).await.unwrap();
    browser
        .click_for_new_page("form[action='/audit/verify'] button")
        .await;
    findings.check(&browser, "auditor verification").await;

    // The check can fail: an input without a label, added to the page shown, is found.
    c.execute(
        "document.querySelector('main').append(document.createElement('input'));",
        vec![],
    )
    .await
    .unwrap();
    let unlabelled = browser.accessibility_violations().await;
    assert!(
        unlabelled
            .iter()
            .any(|v| v.rule == "label" && v.is_serious()),
        "{unlabelled:?}"
    );

    browser.close().await;
    println!("{prefix}: axe checked {} pages", findings.pages);
    for line in &findings.lesser {
        println!("{prefix}: minor or moderate: {line}");
    }
    assert!(
        findings.serious.is_empty(),
        "serious or critical accessibility violations:\n{}",
        findings.serious.join("\n")
    );
}

#[tokio::test]
async fn every_page_passes_axe_in_english() {
    if !browser::available() {
        return;
    }
    every_page(None, "en").await;
}

#[tokio::test]
async fn every_page_passes_axe_in_dari() {
    if !browser::available() {
        return;
    }
    every_page(Some("fa-AF"), "fa").await;
}
