//! The auditor's and the admin's days in a real browser, in English, Dari and Pashto. The
//! auditor: the audit log from the navigation, filtered by who acted, by action and by
//! days (an unreadable day refused beside its field), and the chain verified with its
//! result shown. The admin: an account created (refused first, values kept) with a
//! one-time password shown once and never again, its roles changed, disabled, enabled,
//! its password reset; a foreign state's embassy and a donor added to the organisations;
//! the new person signs in with the password and is sent to choose their own.
//! Screenshots of each page, in both directions, go to `browser-screens` in the target
//! folder.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

use fantoccini::Locator;
use panah_app::{Door, NewCaseFile};
use panah_domain::{CaseCategory, Province, Role, TraffickingProfile};
use panah_tests::browser::{self, Browser, Log};
use panah_tests::{PASSWORD, TestApp, TestDb, person, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime};

/// What the day looks for, in the language it is lived in.
struct Words {
    switch_to: Option<&'static str>,
    prefix: &'static str,
    direction: &'static str,
    nav_audit: &'static str,
    done: &'static str,
    not_a_date: &'static str,
    intact: &'static str,
    created: &'static str,
    saved_roles: &'static str,
    disabled: &'static str,
    case_manager: &'static str,
}

const ENGLISH: Words = Words {
    switch_to: None,
    prefix: "en",
    direction: "ltr",
    nav_audit: "Audit log",
    done: "Done",
    not_a_date: "This is not a date",
    intact: "The chain is intact",
    created: "has been created.",
    saved_roles: "The roles have been saved.",
    disabled: "The account has been disabled",
    case_manager: "Case manager",
};

const DARI: Words = Words {
    switch_to: Some("fa-AF"),
    prefix: "fa",
    direction: "rtl",
    nav_audit: "دفتر بررسی",
    done: "انجام شد",
    not_a_date: "این تاریخ نیست",
    intact: "زنجیره سالم است",
    created: "ساخته شد.",
    saved_roles: "نقش‌ها ذخیره شد.",
    disabled: "حساب غیرفعال شد",
    case_manager: "مدیر قضایا",
};

const PASHTO: Words = Words {
    switch_to: Some("ps-AF"),
    prefix: "ps",
    direction: "rtl",
    nav_audit: "د څارنې کتاب",
    done: "ترسره شو",
    not_a_date: "دا نېټه نه ده",
    intact: "لړۍ روغه ده",
    created: "جوړ شو.",
    saved_roles: "رولونه خوندي شول.",
    disabled: "حساب غیرفعال شو",
    case_manager: "د قضیو مدیر",
};

/// Types `text` into the field `id`, replacing what it held.
async fn type_into(browser: &Browser, id: &str, text: &str) {
    let field = browser.client.find(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// The texts of the cells of the audit table's column `n` (from 1).
async fn column(browser: &Browser, n: usize) -> Vec<String> {
    let cells = browser
        .client
        .find_all(Locator::Css(&format!("main table tbody td:nth-child({n})")))
        .await
        .unwrap();
    let mut texts = Vec::new();
    for cell in cells {
        texts.push(cell.text().await.unwrap());
    }
    texts
}

async fn the_auditors_day(words: &Words) {
    let db = TestDb::sqlite().await;
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    let worker = db
        .create_user("demo.caseworker1", "IOM-AF", &[Role::Caseworker])
        .await;
    let worker = db.actor(&worker, Door::Web).await;
    db.create_user("demo.auditor", "IOM-AF", &[Role::Auditor])
        .await;
    let case = NewCaseFile {
        category: CaseCategory::PresumedVictim,
        province: Province::Kabul,
        identified_on: now.date() - Duration::days(3),
        identified_by: None,
        assigned_to: None,
        person: person("Audited"),
        trafficking: TraffickingProfile::default(),
    };
    let case = app.register_case(&worker, case, now).await.unwrap();
    let server = TestApp::spawn(&db).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    let shot = |name: &str| format!("{}-{name}", words.prefix);

    c.goto(&server.url("/sign-in")).await.unwrap();
    if let Some(language) = words.switch_to {
        browser
            .click_for_new_page(&format!("button[value='{language}']"))
            .await;
    }
    browser.sign_in("demo.auditor", PASSWORD).await;
    assert_eq!(browser.direction().await, words.direction);
    assert_eq!(browser.text("nav a[href='/audit']").await, words.nav_audit);
    browser.click_for_new_page("nav a[href='/audit']").await;

    // The whole log, newest first: the auditor's own sign-in on top, the case's
    // registration further down, each entry with its outcome in the page's words.
    let actions = column(&browser, 4).await;
    assert_eq!(actions.first().map(String::as_str), Some("auth.login"));
    assert!(actions.iter().any(|a| a == "case.create"), "{actions:?}");
    assert!(
        column(&browser, 6).await.iter().all(|o| o == words.done),
        "every entry succeeded"
    );
    browser.screenshot(&shot("audit-log")).await;

    // Only the caseworker's entries: the registration of the case, naming the case.
    type_into(&browser, "audit-actor", "demo.caseworker1").await;
    browser
        .click_for_new_page("form[action='/audit'] button")
        .await;
    let address = browser.address().await;
    assert!(address.contains("actor=demo.caseworker1"), "{address}");
    let actors = column(&browser, 3).await;
    assert!(!actors.is_empty());
    assert!(
        actors.iter().all(|a| a.starts_with("demo.caseworker1")),
        "{actors:?}"
    );
    assert!(
        column(&browser, 5)
            .await
            .iter()
            .any(|t| t.contains(&case.id.0.to_string())),
        "the case is named"
    );
    browser.screenshot(&shot("audit-filtered")).await;

    // An unreadable day is refused beside its field, the other filters kept.
    type_into(&browser, "audit-from", "yesterday").await;
    browser
        .click_for_new_page("form[action='/audit'] button")
        .await;
    let problem = browser.text("#audit-from-problem").await;
    assert!(problem.contains(words.not_a_date), "{problem}");
    let kept = c
        .find(Locator::Id("audit-actor"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("demo.caseworker1"));
    browser.screenshot(&shot("audit-refused")).await;

    // Today only, and only the registrations.
    type_into(&browser, "audit-from", &now.date().to_string()).await;
    type_into(&browser, "audit-to", &now.date().to_string()).await;
    type_into(&browser, "audit-action", "case.create").await;
    browser
        .click_for_new_page("form[action='/audit'] button")
        .await;
    assert_eq!(column(&browser, 4).await, vec!["case.create".to_owned()]);

    // The chain verified: intact, with the number of entries checked; the verification
    // is itself in the log.
    browser
        .click_for_new_page("form[action='/audit/verify'] button")
        .await;
    let result = browser.text("#verification").await;
    assert!(result.contains(words.intact), "{result}");
    assert_eq!(
        column(&browser, 4).await.first().map(String::as_str),
        Some("audit.verify")
    );
    browser.screenshot(&shot("audit-verified")).await;
    let violations = browser.accessibility_violations().await;
    assert!(violations.iter().all(|v| !v.is_serious()), "{violations:?}");
    browser.close().await;
}

/// The one-time password the page shows.
async fn one_time_password(browser: &Browser) -> String {
    let password = browser.text("#one-time-password code").await;
    assert_eq!(password.len(), 24, "{password}");
    password
}

async fn the_admins_day(words: &Words) {
    let log = Log::capture();
    let db = TestDb::sqlite().await;
    db.create_user("demo.admin", "IOM-AF", &[Role::Admin]).await;
    let server = TestApp::spawn(&db).await;
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
    browser.sign_in("demo.admin", PASSWORD).await;
    assert_eq!(browser.direction().await, words.direction);
    browser
        .click_for_new_page("nav a[href='/admin/users']")
        .await;
    let listed = browser.text("main table").await;
    assert!(listed.contains("demo.admin"), "{listed}");

    // Refused: no organisation, no role; the username typed is kept.
    type_into(&browser, "new-user-username", "demo.newcomer").await;
    type_into(&browser, "new-user-display-name", "Newcomer").await;
    browser
        .click_for_new_page("form[action='/admin/users'] button.button")
        .await;
    assert!(c.find(Locator::Id("one-time-password")).await.is_err());
    let problem = browser.text("#new-user-roles-problem").await;
    assert!(!problem.is_empty());
    let kept = c
        .find(Locator::Id("new-user-username"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("demo.newcomer"));
    browser.screenshot(&shot("admin-create-refused")).await;

    // Created: IOM Afghanistan, caseworker; the one-time password shown this once.
    let iom = db.organization("IOM-AF").await.id.0.to_string();
    c.find(Locator::Id("new-user-organization-id"))
        .await
        .unwrap()
        .select_by_value(&iom)
        .await
        .unwrap();
    c.find(Locator::Id("new-user-roles-caseworker"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .click_for_new_page("form[action='/admin/users'] button.button")
        .await;
    let created = browser.text("#one-time-password p").await;
    assert!(
        created.contains("demo.newcomer") && created.contains(words.created),
        "{created}"
    );
    let first = one_time_password(&browser).await;
    addresses.push(browser.address().await);
    browser.screenshot(&shot("admin-created")).await;
    // Never again: not on the list, not on the account's page.
    c.goto(&server.url("/admin/users")).await.unwrap();
    assert!(!c.source().await.unwrap().contains(&first));
    let href = c
        .find(Locator::XPath(
            "//main//table//a[normalize-space(.)='demo.newcomer']",
        ))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    c.goto(&server.url(&href)).await.unwrap();
    assert!(browser.text("h1").await.contains("demo.newcomer"));
    assert!(!c.source().await.unwrap().contains(&first));
    let account = browser.address().await;

    // Roles: case manager instead of caseworker.
    c.find(Locator::Id("user-roles-caseworker"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Id("user-roles-case_manager"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .click_for_new_page("form[action$='/roles'] button")
        .await;
    assert_eq!(browser.text(".notice.ok").await, words.saved_roles);
    assert!(browser.text("dl.facts").await.contains(words.case_manager));
    addresses.push(browser.address().await);
    browser.screenshot(&shot("admin-user")).await;

    // Disabled, then enabled again.
    browser
        .click_for_new_page("form[action$='/disabled'] button")
        .await;
    assert!(browser.text(".notice.ok").await.starts_with(words.disabled));
    browser
        .click_for_new_page("form[action$='/disabled'] button")
        .await;

    // The password reset: a new one-time password, shown once, unlike the first.
    browser
        .click_for_new_page("form[action$='/password'] button")
        .await;
    let second = one_time_password(&browser).await;
    assert_ne!(first, second);
    addresses.push(browser.address().await);
    browser.screenshot(&shot("admin-reset")).await;
    c.goto(&account).await.unwrap();
    assert!(!c.source().await.unwrap().contains(&second));

    // Organisations: a code that is none refused beside its field, the name kept; then
    // a foreign state's embassy and a donor added.
    browser
        .click_for_new_page("nav a[href='/admin/organizations']")
        .await;
    for (code, name, kind) in [
        ("EMB-DE", "Embassy of Germany in Kabul", "foreign_state"),
        ("DONOR-NL", "Government of the Netherlands", "donor"),
    ] {
        type_into(&browser, "org-code", &code.to_lowercase().replace('-', " ")).await;
        type_into(&browser, "org-name", name).await;
        c.find(Locator::Id("org-kind"))
            .await
            .unwrap()
            .select_by_value(kind)
            .await
            .unwrap();
        browser
            .click_for_new_page("form[action='/admin/organizations'] button")
            .await;
        assert!(!browser.text("#org-code-problem").await.is_empty());
        if code == "EMB-DE" {
            browser
                .screenshot(&shot("admin-organization-refused"))
                .await;
        }
        type_into(&browser, "org-code", code).await;
        browser
            .click_for_new_page("form[action='/admin/organizations'] button")
            .await;
        assert!(
            browser
                .address()
                .await
                .ends_with("/admin/organizations?added=1")
        );
        let listed = browser.text("main table").await;
        assert!(listed.contains(code) && listed.contains(name), "{listed}");
    }
    browser.screenshot(&shot("admin-organizations")).await;

    // The newcomer signs in with it and must choose their own password first.
    c.find(Locator::Css("form[action='/sign-out'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.goto(&server.url("/sign-in")).await.unwrap();
    browser.sign_in("demo.newcomer", &second).await;
    assert!(browser.address().await.ends_with("/password"));

    browser.close().await;
    for address in addresses {
        assert!(
            !address.contains(&first) && !address.contains(&second),
            "{address}"
        );
    }
    let log = log.text();
    assert!(log.contains("answered"), "the log was captured");
    assert!(!log.contains(&first) && !log.contains(&second));
}

#[tokio::test]
async fn an_admins_day_in_english() {
    if !browser::available() {
        return;
    }
    the_admins_day(&ENGLISH).await;
}

#[tokio::test]
async fn an_admins_day_in_dari() {
    if !browser::available() {
        return;
    }
    the_admins_day(&DARI).await;
}

#[tokio::test]
async fn an_auditors_day_in_english() {
    if !browser::available() {
        return;
    }
    the_auditors_day(&ENGLISH).await;
}

#[tokio::test]
async fn an_auditors_day_in_dari() {
    if !browser::available() {
        return;
    }
    the_auditors_day(&DARI).await;
}

#[tokio::test]
async fn an_admins_day_in_pashto() {
    if !browser::available() {
        return;
    }
    the_admins_day(&PASHTO).await;
}

#[tokio::test]
async fn an_auditors_day_in_pashto() {
    if !browser::available() {
        return;
    }
    the_auditors_day(&PASHTO).await;
}
