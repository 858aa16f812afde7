//! The web pages in a real browser: headless Chromium against the real server, in
//! English and in Dari, with screenshots of every page in both directions (in
//! `browser-screens` beside the build's `tmp` folder; each test prints where).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use fantoccini::Locator;
use panah_app::{Door, NewCaseFile};
use panah_domain::{CaseCategory, Role, TraffickingProfile};
use panah_tests::browser::{self, Browser, Log};
use panah_tests::{PASSWORD, TestApp, TestDb, person, test_app, test_auth_settings};
use time::OffsetDateTime;

/// A name no page, address or log line may ever show outside the case file.
const SENTINEL: &str = "Sentinel-Roshan-5521";

/// A server with a caseworker (`demo.caseworker1`, [`PASSWORD`]) who has two cases of a
/// person named [`SENTINEL`], identified on 21 March 2026 (1 Hamal 1405).
async fn server_with_a_caseworker(db: &TestDb) -> TestApp {
    let worker = db
        .create_user("demo.caseworker1", "IOM-AF", &[Role::Caseworker])
        .await;
    let actor = db.actor(&worker, Door::Web).await;
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    for category in [
        CaseCategory::VictimOfTrafficking,
        CaseCategory::PresumedVictim,
    ] {
        let case = NewCaseFile {
            category,
            province: "AF-HER".parse().unwrap(),
            identified_on: time::macros::date!(2026 - 03 - 21),
            identified_by: None,
            assigned_to: None,
            person: person(SENTINEL),
            trafficking: TraffickingProfile::default(),
        };
        app.register_case(&actor, case, now).await.unwrap();
    }
    TestApp::spawn(db).await
}

#[tokio::test]
async fn a_caseworker_signs_in_in_english_and_sees_their_cases_without_personal_data_in_any_address_or_log()
 {
    if !browser::available() {
        return;
    }
    let log = Log::capture();
    let db = TestDb::sqlite().await;
    let server = server_with_a_caseworker(&db).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    let mut addresses = Vec::new();

    c.goto(&server.url("/")).await.unwrap();
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/sign-in",
        "sent to sign in first"
    );
    assert_eq!(browser.text("label[for=username]").await, "Username");
    assert_eq!(browser.text("label[for=password]").await, "Password");
    browser.screenshot("en-sign-in").await;

    browser
        .sign_in("demo.caseworker1", "not the password")
        .await;
    assert_eq!(
        browser.text(".notice").await,
        "The username or password is wrong."
    );
    let kept = c
        .find(Locator::Id("username"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("demo.caseworker1"),
        "the username is kept"
    );
    browser.screenshot("en-sign-in-refused").await;
    addresses.push(c.current_url().await.unwrap().to_string());

    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    browser.sign_in("demo.caseworker1", PASSWORD).await;
    addresses.push(c.current_url().await.unwrap().to_string());
    let html = c.find(Locator::Css("html")).await.unwrap();
    assert_eq!(html.attr("lang").await.unwrap().as_deref(), Some("en"));
    assert_eq!(browser.direction().await, "ltr");
    // Fluent isolates the name (U+2068 … U+2069), so that a name in another script keeps
    // its own direction.
    assert_eq!(
        browser.text("main h1").await,
        "Welcome, \u{2068}demo.caseworker1\u{2069}"
    );
    assert!(browser.text(".who").await.contains("IOM Afghanistan"));
    let rows = c.find_all(Locator::Css("main tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 2, "both open cases are listed");
    let table = browser.text("main table").await;
    assert!(table.contains("AF-HER-2026-"), "{table}");
    assert!(table.contains("2026-03-21"), "{table}");
    assert!(
        !c.source().await.unwrap().contains(SENTINEL),
        "no identity on the dashboard"
    );
    browser.screenshot("en-dashboard").await;

    // The session cookie: random, HttpOnly, Secure, SameSite=Strict, __Host- prefixed.
    let cookies = c.get_all_cookies().await.unwrap();
    let session = cookies
        .iter()
        .find(|cookie| cookie.name() == "__Host-panah_session")
        .expect("a session cookie");
    assert_eq!(session.http_only(), Some(true));
    assert_eq!(session.secure(), Some(true));
    assert_eq!(
        session.same_site().map(|s| s.to_string()).as_deref(),
        Some("Strict")
    );
    assert_eq!(session.path(), Some("/"));
    assert!(session.value().len() >= 43);
    let script_sees = c.execute("return document.cookie", vec![]).await.unwrap();
    assert!(
        !script_sees.as_str().unwrap().contains("panah_session"),
        "scripts cannot read it"
    );

    c.find(Locator::LinkText("Change password"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("new_password"))
        .await
        .unwrap();
    c.find(Locator::Id("current_password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Id("new_password"))
        .await
        .unwrap()
        .send_keys("short")
        .await
        .unwrap();
    c.find(Locator::Id("new_password_again"))
        .await
        .unwrap()
        .send_keys("short")
        .await
        .unwrap();
    c.find(Locator::Css("form.panel button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("new_password-problem"))
        .await
        .unwrap();
    assert_eq!(
        browser.text("#new_password-problem").await,
        "The password must have at least 12 characters."
    );
    browser.screenshot("en-password-refused").await;
    addresses.push(c.current_url().await.unwrap().to_string());

    c.goto(&server.url("/cases/not-a-page")).await.unwrap();
    assert_eq!(browser.text("main h1").await, "Page not found");
    browser.screenshot("en-not-found").await;

    c.goto(&server.url("/")).await.unwrap();
    c.find(Locator::Css("form[action='/sign-out'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Id("username")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/sign-in");
    c.goto(&server.url("/")).await.unwrap();
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/sign-in",
        "signed out for good"
    );
    browser.close().await;

    // Pages carry the strict policy and are never stored; assets are kept for a year.
    let page = server.get("/sign-in").await;
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert_eq!(page.headers()["cache-control"], "no-store");
    let body = page.text().await.unwrap();
    assert!(
        !body.contains("style=\"") && !body.contains("<script>"),
        "nothing inline"
    );
    let css = body
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let asset = server.get(&css).await;
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    for address in &addresses {
        assert!(
            !address.contains(SENTINEL) && !address.contains(PASSWORD),
            "{address}"
        );
    }
    let log = log.text();
    assert!(log.contains("answered"), "the log was captured: {log}");
    assert!(!log.contains(SENTINEL), "personal data in the log: {log}");
    assert!(!log.contains(PASSWORD), "a password in the log");
}

#[tokio::test]
async fn a_caseworker_signs_in_in_dari_and_the_whole_page_reads_right_to_left_with_solar_hijri_dates()
 {
    if !browser::available() {
        return;
    }
    let db = TestDb::sqlite().await;
    let server = server_with_a_caseworker(&db).await;
    let browser = Browser::start().await;
    let c = &browser.client;

    c.goto(&server.url("/sign-in")).await.unwrap();
    c.find(Locator::Css("button[value='fa-AF']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("html[lang='fa-AF']"))
        .await
        .unwrap();
    assert_eq!(browser.direction().await, "rtl");
    assert_eq!(browser.text("label[for=username]").await, "نام کاربری");
    browser.screenshot("fa-sign-in").await;

    browser.sign_in("demo.caseworker1", PASSWORD).await;
    let html = c.find(Locator::Css("html")).await.unwrap();
    assert_eq!(html.attr("dir").await.unwrap().as_deref(), Some("rtl"));
    assert_eq!(browser.direction().await, "rtl");
    let table = browser.text("main table").await;
    assert!(
        table.contains("۱ حمل ۱۴۰۵"),
        "a Solar Hijri date with its Afghan month: {table}"
    );
    assert!(
        table.contains("2026-03-21"),
        "the Gregorian date beside it: {table}"
    );
    assert!(table.contains("قربانی قاچاق انسان"), "{table}");
    // The header mirrors: the brand sits at the right edge, the sign-out at the left.
    let (brand_x, ..) = c
        .find(Locator::Css(".brand"))
        .await
        .unwrap()
        .rectangle()
        .await
        .unwrap();
    let (sign_out_x, ..) = c
        .find(Locator::Css("form[action='/sign-out'] button"))
        .await
        .unwrap()
        .rectangle()
        .await
        .unwrap();
    assert!(
        brand_x > sign_out_x,
        "brand at {brand_x}, sign-out at {sign_out_x}"
    );
    browser.screenshot("fa-dashboard").await;

    c.find(Locator::LinkText("تغییر رمز عبور"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("new_password"))
        .await
        .unwrap();
    c.find(Locator::Id("current_password"))
        .await
        .unwrap()
        .send_keys("wrong password here")
        .await
        .unwrap();
    c.find(Locator::Id("new_password"))
        .await
        .unwrap()
        .send_keys("a new long passphrase")
        .await
        .unwrap();
    c.find(Locator::Id("new_password_again"))
        .await
        .unwrap()
        .send_keys("a new long passphrase")
        .await
        .unwrap();
    c.find(Locator::Css("form.panel button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("current_password-problem"))
        .await
        .unwrap();
    assert_eq!(
        browser.text("#current_password-problem").await,
        "این رمز عبور فعلی شما نیست."
    );
    browser.screenshot("fa-password-refused").await;

    // The choice is saved on the account: Pashto stays after signing out and in again.
    c.find(Locator::Css("button[value='ps-AF']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("html[lang='ps-AF']"))
        .await
        .unwrap();
    c.goto(&server.url("/")).await.unwrap();
    let table = browser.text("main table").await;
    assert!(table.contains("۱ وری ۱۴۰۵"), "Pashto's month name: {table}");
    browser.screenshot("ps-dashboard").await;
    c.goto(&server.url("/cases/not-a-page")).await.unwrap();
    assert_eq!(browser.direction().await, "rtl");
    browser.screenshot("ps-not-found").await;
    c.goto(&server.url("/")).await.unwrap();
    c.find(Locator::Css("form[action='/sign-out'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Id("username")).await.unwrap();
    c.delete_all_cookies().await.unwrap();
    c.goto(&server.url("/sign-in")).await.unwrap();
    assert_eq!(
        browser.direction().await,
        "ltr",
        "a new visitor gets English"
    );
    browser.sign_in("demo.caseworker1", PASSWORD).await;
    let html = c.find(Locator::Css("html")).await.unwrap();
    assert_eq!(
        html.attr("lang").await.unwrap().as_deref(),
        Some("ps-AF"),
        "the saved choice"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_form_posted_without_its_token_is_refused_with_a_403_page_and_changes_nothing() {
    if !browser::available() {
        return;
    }
    let db = TestDb::sqlite().await;
    let server = server_with_a_caseworker(&db).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&server.url("/sign-in")).await.unwrap();
    browser.sign_in("demo.caseworker1", PASSWORD).await;

    // The sign-out form, stripped of its token, as a forged form would come.
    c.execute(
        "document.querySelector(\"form[action='/sign-out'] input[name=csrf]\").remove()",
        vec![],
    )
    .await
    .unwrap();
    browser
        .click_for_new_page("form[action='/sign-out'] button")
        .await;
    assert_eq!(browser.text("main h1").await, "Not allowed");
    browser.screenshot("en-forbidden").await;
    c.goto(&server.url("/")).await.unwrap();
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/",
        "still signed in"
    );
    browser.close().await;

    // From outside a browser: no token, or a token from another origin, is refused.
    let response = server
        .client
        .post(server.url("/sign-in"))
        .header("origin", server.url(""))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("username=demo.caseworker1&password=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = server
        .client
        .post(server.url("/sign-in"))
        .header("origin", "https://evil.example")
        .header(
            "cookie",
            "__Host-panah_form=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&username=demo.caseworker1&password=x",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}
