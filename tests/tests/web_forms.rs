//! The caseworker's and case manager's pages without JavaScript, on both backends: every
//! form is a plain `POST` answered with a `303` to the page that shows what was done; a
//! refused form comes back (`422`, or `409` for a change made meanwhile) with what was
//! typed kept; the budget-line picker is drawn again by the form's own button, or alone
//! for htmx; the case list filters by the address, search by the body.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_app::{Door, GrantEntry, LineEntry};
use panah_domain::{BudgetLineId, Currency, Role};
use panah_tests::web::{Visitor, field_value};
use panah_tests::{TestApp, TestDb, on_both_backends, test_app, test_auth_settings};
use reqwest::StatusCode;
use time::{Duration, OffsetDateTime};

/// Two grants running today, in USD and in EUR, each with one line.
async fn grants(db: &TestDb) -> (BudgetLineId, BudgetLineId) {
    let app = test_app(db.store.clone(), test_auth_settings());
    let programme = db
        .create_user("programme", "IOM-AF", &[Role::ProgrammeManager])
        .await;
    let programme = db.actor(&programme, Door::Web).await;
    let now = OffsetDateTime::now_utc();
    let mut lines = Vec::new();
    for (code, donor, currency) in [
        ("US-CT-2026-01", "DONOR-US", Currency::Usd),
        ("IT-CT-2026-01", "DONOR-IT", Currency::Eur),
    ] {
        let entry = GrantEntry {
            code: code.into(),
            title: "Direct assistance".into(),
            donor: db.organization(donor).await.id,
            currency,
            starts_on: now.date() - Duration::days(30),
            ends_on: now.date() + Duration::days(30),
            lines: vec![LineEntry {
                code: "DA".into(),
                name: "Direct assistance".into(),
                amount_minor: 1_000_000,
            }],
        };
        lines.push(
            app.create_grant(&programme, entry, now)
                .await
                .unwrap()
                .budget_lines[0]
                .id,
        );
    }
    (lines[0], lines[1])
}

on_both_backends! {
    async fn a_caseworker_registers_finds_and_charges_a_case_with_plain_forms(db: TestDb) {
        let (usd, eur) = grants(&db).await;
        db.create_user("worker", "IOM-AF", &[Role::Caseworker]).await;
        let server = TestApp::spawn(&db).await;
        let mut worker = Visitor::signed_in(&server, "worker").await;
        worker.get("/cases/new").await;

        // Refused: no category. The name typed comes back.
        let person = [
            ("province", "AF-HER"),
            ("identified_on", "1405-01-10"),
            ("person.given_name", "نرگس"),
            ("person.sex", "female"),
            ("person.citizenship", "AF"),
            ("trafficking.exploitation_types", "forced_labour"),
            ("trafficking.exploitation_types", "debt_bondage"),
        ];
        let refused = worker.post("/cases/new", &person).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("id=\"case-category-problem\""));
        assert!(refused.body.contains("value=\"نرگس\""));
        assert!(refused.body.contains("value=\"debt_bondage\" checked"), "both boxes stay ticked");

        let mut complete = person.to_vec();
        complete.push(("category", "presumed_victim"));
        let registered = worker.post("/cases/new", &complete).await;
        assert_eq!(registered.status, StatusCode::SEE_OTHER, "{}", registered.body);
        let location = registered.location.unwrap();
        assert!(location.ends_with("?saved=case"), "{location}");
        let case_path = location.trim_end_matches("?saved=case").to_owned();
        let file = worker.get(&location).await;
        assert_eq!(file.status, StatusCode::OK);
        assert!(file.body.contains("نرگس"));
        assert!(file.body.contains("2026-03-30"), "the Solar Hijri date was read");

        // Search by the name, in the body: the address is /cases.
        let found = worker.post("/cases", &[("given_name", "نرگس")]).await;
        assert_eq!(found.status, StatusCode::OK);
        assert!(found.body.contains(&format!("href=\"{case_path}\"")));
        let nothing = worker.post("/cases", &[("given_name", "")]).await;
        assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(nothing.body.contains("id=\"search-given-name-problem\""));

        // Without JavaScript the picker's own button draws the lines for the date and
        // currency typed: USD only.
        let today = OffsetDateTime::now_utc().date().to_string();
        worker.get(&case_path).await;
        let assistance = format!("{case_path}/assistance");
        let mut typed = vec![
            ("assistance_type", "medical"),
            ("status", "delivered"),
            ("date", today.as_str()),
            ("cost", "80"),
            ("currency", "USD"),
        ];
        let redrawn = worker
            .post(&assistance, &[typed.clone(), vec![("refresh", "lines")]].concat())
            .await;
        assert_eq!(redrawn.status, StatusCode::OK);
        assert!(redrawn.body.contains(&format!("value=\"{}\"", usd.0)));
        assert!(!redrawn.body.contains(&format!("value=\"{}\"", eur.0)));
        assert!(redrawn.body.contains("value=\"80\""), "the cost typed stays");

        // A EUR line for a USD cost is refused beside the currency, in the page's words.
        let eur_line = eur.0.to_string();
        let mismatched = worker
            .post(&assistance, &[typed.clone(), vec![("budget_line_id", eur_line.as_str())]].concat())
            .await;
        assert_eq!(mismatched.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(mismatched.body.contains("id=\"assistance-currency-problem\""));
        // Its language switch goes back to the case file, not to the address posted to.
        assert!(mismatched.body.contains(&format!("name=\"back\" value=\"{case_path}\"")));

        let usd_line = usd.0.to_string();
        typed.push(("budget_line_id", usd_line.as_str()));
        let logged = worker.post(&assistance, &typed).await;
        assert_eq!(logged.status, StatusCode::SEE_OTHER);
        assert_eq!(logged.location.unwrap(), format!("{case_path}?saved=assistance#assistance"));

        // A planned service is due on the dashboard until it is recorded delivered.
        let planned = worker
            .post(&assistance, &[("assistance_type", "shelter"), ("status", "planned"), ("date", today.as_str())])
            .await;
        assert_eq!(planned.status, StatusCode::SEE_OTHER);
        let due = |page: &str| {
            page.split("id=\"due\"").nth(1).unwrap().split("</section>").next().unwrap().to_owned()
        };
        assert!(due(&worker.get("/").await.body).contains(&case_path));
        let file = worker.get(&case_path).await;
        let form = file
            .body
            .split("action=\"")
            .find(|piece| piece.contains("/status#assistance"))
            .unwrap()
            .to_owned();
        let action = form.split('#').next().unwrap();
        let version = field_value(&form, "version").unwrap();
        let delivered = worker
            .post(action, &[("version", version.as_str()), ("to", "delivered")])
            .await;
        assert_eq!(delivered.status, StatusCode::SEE_OTHER);
        assert!(!due(&worker.get("/").await.body).contains(&case_path));
        // The same button again, on the version before: refused with a notice.
        let stale = worker
            .post(action, &[("version", version.as_str()), ("to", "cancelled")])
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);

        // For htmx, the picker alone, for another currency.
        let picker = worker.get(&format!("/budget-lines?date={today}&currency=EUR")).await;
        assert_eq!(picker.status, StatusCode::OK);
        assert!(!picker.body.contains("<html"), "a fragment, not a page");
        assert!(picker.body.contains(&eur_line) && !picker.body.contains(&usd_line));

        // The caseworker's own move is offered; closing is not theirs.
        let file = worker.get(&case_path).await;
        assert!(file.body.contains("value=\"active\""));
        assert!(!file.body.contains("value=\"closed\""));
        assert!(!file.body.contains("name=\"assigned_to\""));
    }

    async fn a_case_manager_filters_the_list_assigns_closes_and_reopens(db: TestDb) {
        let app = test_app(db.store.clone(), test_auth_settings());
        let first = db.create_user("worker.first", "IOM-AF", &[Role::Caseworker]).await;
        let second = db.create_user("worker.second", "IOM-AF", &[Role::Caseworker]).await;
        db.create_user("manager", "IOM-AF", &[Role::CaseManager]).await;
        let actor = db.actor(&first, Door::Web).await;
        let now = OffsetDateTime::now_utc();
        let mut numbers = Vec::new();
        for province in ["AF-HER", "AF-KAB"] {
            let new = panah_app::NewCaseFile {
                category: panah_domain::CaseCategory::VictimOfTrafficking,
                province: province.parse().unwrap(),
                identified_on: now.date(),
                identified_by: None,
                assigned_to: None,
                person: panah_tests::person("Sima"),
                trafficking: panah_domain::TraffickingProfile::default(),
            };
            let case = app.register_case(&actor, new, now).await.unwrap();
            numbers.push((case.id, case.case_number.to_string()));
        }
        let server = TestApp::spawn(&db).await;
        let mut manager = Visitor::signed_in(&server, "manager").await;

        let herat = manager.get("/cases?province=AF-HER").await;
        assert!(herat.body.contains(&numbers[0].1) && !herat.body.contains(&numbers[1].1));
        assert!(herat.body.contains("worker.first"), "whose each case is");
        let theirs = manager
            .get(&format!("/cases?assigned_to={}", second.id.0))
            .await;
        assert!(!theirs.body.contains(&numbers[0].1));

        let path = format!("/cases/{}", numbers[0].0);
        let file = manager.get(&path).await;
        let version = field_value(&file.body, "version").unwrap();
        assert!(file.body.contains("value=\"closed\""));
        let second_id = second.id.0.to_string();
        let assigned = manager
            .post(
                &format!("{path}/assignee"),
                &[("version", version.as_str()), ("assigned_to", second_id.as_str())],
            )
            .await;
        assert_eq!(assigned.status, StatusCode::SEE_OTHER);

        // A form filled in against the version before is refused: the case changed.
        let stale = manager
            .post(&format!("{path}/status"), &[("version", version.as_str()), ("to", "closed")])
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.body.contains("changed this case"), "the notice says why");

        let file = manager.get(&path).await;
        let version = field_value(&file.body, "version").unwrap();
        let closed = manager
            .post(&format!("{path}/status"), &[("version", version.as_str()), ("to", "closed")])
            .await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER);
        let file = manager.get(&path).await;
        assert!(file.body.contains("value=\"open\""), "a closed case is reopened");
        let version = field_value(&file.body, "version").unwrap();
        let reopened = manager
            .post(&format!("{path}/status"), &[("version", version.as_str()), ("to", "open")])
            .await;
        assert_eq!(reopened.status, StatusCode::SEE_OTHER);
    }
}

on_both_backends! {
    async fn the_auditor_and_the_admin_use_their_pages_with_plain_forms(db: TestDb) {
        db.create_user("demo.admin", "IOM-AF", &[Role::Admin]).await;
        db.create_user("demo.auditor", "IOM-AF", &[Role::Auditor]).await;
        let server = TestApp::spawn(&db).await;
        let mut admin = Visitor::signed_in(&server, "demo.admin").await;

        // The auditor: the log filtered by the address, a day that is none refused, the
        // chain verified in the answer to the POST itself.
        let mut auditor = Visitor::signed_in(&server, "demo.auditor").await;
        let log = auditor.get("/audit?actor=demo.admin&action=auth.login").await;
        assert_eq!(log.status, StatusCode::OK);
        assert!(log.body.contains("<code dir=\"ltr\">auth.login</code>"));
        assert!(log.body.contains("dir=\"auto\">demo.admin</bdi>"));
        assert!(!log.body.contains("dir=\"auto\">demo.auditor</bdi>"));
        let refused = auditor.get("/audit?from=someday").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("id=\"audit-from-problem\""));
        let verified = auditor.post("/audit/verify", &[]).await;
        assert_eq!(verified.status, StatusCode::OK);
        assert!(verified.body.contains("The chain is intact"), "{}", verified.body);
        // The auditor reads the accounts but may not create one.
        assert_eq!(auditor.get("/admin/users").await.status, StatusCode::OK);
        let iom = db.organization("IOM-AF").await.id.0.to_string();
        let denied = auditor
            .post(
                "/admin/users",
                &[("username", "some.one"), ("organization_id", &iom), ("roles", "caseworker")],
            )
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);

        // The admin: a refused creation keeps what was typed; a created account's
        // one-time password is in the answer, not in an address, and on no later page.
        admin.get("/admin/users").await;
        let refused = admin
            .post("/admin/users", &[("username", "new.comer"), ("display_name", "")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("value=\"new.comer\""));
        assert!(refused.body.contains("id=\"new-user-roles-problem\""));
        let created = admin
            .post(
                "/admin/users",
                &[
                    ("username", "new.comer"),
                    ("organization_id", &iom),
                    ("roles", "caseworker"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::OK);
        assert_eq!(created.location, None);
        let password = created
            .body
            .split("<code class=\"secret\" dir=\"ltr\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap()
            .to_owned();
        assert_eq!(password.len(), 24);
        let user = db.store.list_users(None, None, 10).await.unwrap();
        let user = user.iter().find(|u| u.username.as_str() == "new.comer").unwrap();
        assert!(user.password_change_required);
        let page = admin.get(&format!("/admin/users/{}", user.id.0)).await;
        assert!(!page.body.contains(&password));

        // A role that does not fit IOM is refused beside the roles; a stale version is a
        // 409; a good change answers 303 to the account's page saying so.
        let version = user.version.to_string();
        let path = format!("/admin/users/{}/roles", user.id.0);
        let misfit = admin
            .post(&path, &[("version", &version), ("roles", "provincial_officer")])
            .await;
        assert_eq!(misfit.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(misfit.body.contains("id=\"user-roles-problem\""));
        let stale = admin
            .post(&path, &[("version", "0"), ("roles", "case_manager")])
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        let changed = admin
            .post(&path, &[("version", &version), ("roles", "case_manager")])
            .await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER);
        assert_eq!(
            changed.location,
            Some(format!("/admin/users/{}?saved=roles", user.id.0))
        );

        // The admin cannot disable themselves.
        let me = db.store.list_users(None, None, 10).await.unwrap();
        let me = me.iter().find(|u| u.username.as_str() == "demo.admin").unwrap();
        let lockout = admin
            .post(
                &format!("/admin/users/{}/disabled", me.id.0),
                &[("version", &me.version.to_string()), ("disabled", "true")],
            )
            .await;
        assert_eq!(lockout.status, StatusCode::CONFLICT);

        // An organisation added answers 303 to the list; its code taken is refused.
        let fields = [("code", "EMB-DE"), ("name", "Embassy of Germany"), ("kind", "foreign_state")];
        let added = admin.post("/admin/organizations", &fields).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
        assert_eq!(added.location.as_deref(), Some("/admin/organizations?added=1"));
        let again = admin.post("/admin/organizations", &fields).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.body.contains("Another organisation has this code."));
    }
}

/// The referral pages a list links to, in the order shown.
fn referral_links(html: &str) -> Vec<String> {
    html.split("href=\"/referrals/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| id.len() == 36)
        .map(str::to_owned)
        .collect()
}

/// The address of the "Next page" link, as the browser would follow it.
fn next_page(html: &str) -> Option<String> {
    let before = html.split(">Next page</a>").next()?;
    if before.len() == html.len() {
        return None;
    }
    let href = before.rsplit("href=\"").next()?.split('"').next()?;
    Some(href.replace("&#38;", "&").replace("&amp;", "&"))
}

on_both_backends! {
    async fn a_ministry_office_pages_through_its_inbox_and_records_its_own_reference(db: TestDb) {
        use panah_app::{NewCaseFile, ReferralEntry};
        use panah_domain::{CaseCategory, Disclosure, Province, ReferralPurpose, TraffickingProfile};

        let app = test_app(db.store.clone(), test_auth_settings());
        let worker = db.create_user("worker", "IOM-AF", &[Role::Caseworker]).await;
        let worker = db.actor(&worker, Door::Web).await;
        db.create_user("officer.herat", "MOI-HER", &[Role::ProvincialOfficer]).await;
        let now = OffsetDateTime::now_utc();
        let today = now.date();
        let case = NewCaseFile {
            category: CaseCategory::PresumedVictim,
            province: Province::Herat,
            identified_on: today - Duration::days(30),
            identified_by: None,
            assigned_to: None,
            person: panah_tests::person("Zarmina"),
            trafficking: TraffickingProfile::default(),
        };
        let case = app.register_case(&worker, case, now - Duration::days(20)).await.unwrap();
        let herat = db.organization("MOI-HER").await.id;
        // Three referrals made ten days ago and due five days ago (overdue), then 52 more
        // due on the days after today: 55 in all, more than the page's 50.
        let mut overdue = Vec::new();
        let mut others = Vec::new();
        for n in 0..55 {
            let (made, due) = if n < 3 {
                (now - Duration::days(10), today - Duration::days(5 - n))
            } else {
                (now, today + Duration::days(n))
            };
            let entry = ReferralEntry {
                case_id: Some(case.id),
                subject: None,
                to: herat,
                purpose: ReferralPurpose::Protection,
                disclosure: Disclosure::Anonymised,
                urgency: None,
                due_date: Some(due),
                message: None,
                send: true,
            };
            let made = app.make_referral(&worker, entry, made).await.unwrap();
            let id = made.summary.id.0.to_string();
            if n < 3 { overdue.push(id) } else { others.push(id) }
        }

        let server = TestApp::spawn(&db).await;
        let mut officer = Visitor::signed_in(&server, "officer.herat").await;
        // The first page: the three overdue ones first, then the 47 due soonest.
        let first = officer.get("/referrals?box=inbox&purpose=protection").await;
        assert_eq!(first.status, StatusCode::OK);
        let shown = referral_links(&first.body);
        assert_eq!(shown[..3], overdue[..]);
        assert_eq!(shown[3..], others[..47]);
        // The link to the next page keeps the box and the filter, and goes on with the
        // others after the last one shown.
        let next = next_page(&first.body).unwrap();
        assert!(next.starts_with("/referrals?box=inbox&purpose=protection&part=others&after="), "{next}");
        let second = officer.get(&next).await;
        assert_eq!(second.status, StatusCode::OK);
        assert_eq!(referral_links(&second.body), others[47..]);
        assert_eq!(next_page(&second.body), None);
        // A filter that matches none of them shows none, and no next page.
        let none = officer.get("/referrals?box=inbox&purpose=investigation").await;
        assert!(referral_links(&none.body).is_empty());
        assert_eq!(next_page(&none.body), None);

        // The receiving office records its reference; the sender's side is offered no
        // such form and is refused if it sends one anyway.
        let id = &overdue[0];
        let path = format!("/referrals/{id}");
        let page = officer.get(&path).await;
        let version = field_value(&page.body, "version").unwrap();
        let reference = format!("{path}/reference");
        let long = "R".repeat(65);
        let refused = officer
            .post(&reference, &[("version", &version), ("receiver_reference", &long)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("id=\"reference-receiver-reference-problem\""), "{}", refused.body);
        assert!(refused.body.contains(&format!("value=\"{long}\"")));
        let saved = officer
            .post(&reference, &[("version", &version), ("receiver_reference", "HER-1405-77")])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        assert_eq!(saved.location, Some(format!("{path}?saved=reference")));
        let shown = officer.get(&format!("{path}?saved=reference")).await;
        assert!(shown.body.contains("The referral now carries your reference."));
        assert!(shown.body.contains("value=\"HER-1405-77\""));
        // The form filled in before that change is stale: the page says the referral
        // changed meanwhile and keeps what was typed; nothing is saved.
        let stale = officer
            .post(&reference, &[("version", &version), ("receiver_reference", "HER-OLD")])
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.body.contains("The referral changed while you had it open."), "{}", stale.body);
        assert!(stale.body.contains("value=\"HER-OLD\""));
        // The page shows the reference saved, beside the form as typed.
        assert!(stale.body.contains("HER-1405-77"));
        let current = field_value(&shown.body, "version").unwrap();
        assert_ne!(current, version);

        let mut sender = Visitor::signed_in(&server, "worker").await;
        let seen = sender.get(&path).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(!seen.body.contains("/reference#act"), "the sender is offered no reference form");
        let denied = sender
            .post(&reference, &[("version", &current), ("receiver_reference", "IOM-1")])
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
    }
}
