//! The web pages over plain HTTP, on both backends: the web router's routes are exactly
//! the web matrix's, and every role gets on each page exactly what it says (403 where it
//! refuses); the receiving office's proceeding pages hold nothing of the case file
//! (sentinel names, document number and note), and another province's office gets 404; a
//! training's participants are rows that work without JavaScript, and ministry readers see
//! no cost.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use panah_app::{Door, GrantEntry, LineEntry, NewCaseFile, ProceedingEntry, ReferralEntry};
use panah_domain::{
    CaseCategory, CaseId, Currency, Disclosure, ProceedingId, Province, ReferralPurpose, Role,
    TraffickingProfile,
};
use panah_tests::matrix::{Route, WEB_MATRIX, WEB_NARROWED};
use panah_tests::web::Visitor;
use panah_tests::{
    PASSWORD, TestApp, TestDb, on_both_backends, person, test_app, test_auth_settings,
};
use reqwest::StatusCode;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// The method routers a route may be given (`get(handler).post(handler)`).
const METHODS: [(&str, &str); 5] = [
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
];

/// Every `.route("path", get(…).post(…))` of `source`, each method with the path: the
/// text of each call is read up to its closing parenthesis, wherever it stands (the
/// assets' route is added after the pages' fallback and layers).
fn routes_of(source: &str) -> BTreeSet<(String, String)> {
    // Comments may name a route without adding one.
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let mut served = BTreeSet::new();
    for (at, _) in code.match_indices(".route(") {
        let mut depth = 0;
        let mut end = at;
        for (i, c) in code[at..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => continue,
            }
            if depth == 0 {
                end = at + i;
                break;
            }
        }
        assert!(end > at, "a `.route(` without its closing parenthesis");
        let call = &code[at + ".route(".len()..end];
        let path = call.split('"').nth(1).unwrap();
        let mut methods = 0;
        for (name, method) in METHODS {
            // `get(` as a word: not the end of another name (`target(`).
            let named = call.match_indices(&format!("{name}(")).any(|(i, _)| {
                !call[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if named {
                served.insert((method.to_owned(), path.to_owned()));
                methods += 1;
            }
        }
        assert!(methods > 0, "{path}: no method read");
    }
    served
}

#[test]
fn the_web_routers_pages_are_exactly_the_web_matrix() {
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/web/src/lib.rs"),
    )
    .unwrap();
    let served = routes_of(&source);
    // The first page, the last before the fallback, and the assets after it: the reading
    // reaches every call.
    for route in [
        ("GET", "/"),
        ("GET", "/reports/funding/file"),
        ("GET", "/assets/{name}"),
    ] {
        assert!(
            served.contains(&(route.0.to_owned(), route.1.to_owned())),
            "{route:?}"
        );
    }
    let listed: BTreeSet<(String, String)> = WEB_MATRIX
        .iter()
        .map(|route| (route.method.to_owned(), route.path.to_owned()))
        .collect();
    assert_eq!(listed.len(), WEB_MATRIX.len(), "a page listed twice");
    let missing: Vec<_> = served.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&served).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "served but not in the web matrix: {missing:?}\nin the web matrix but not served: {extra:?}"
    );
    for (method, path, _) in WEB_NARROWED {
        assert!(
            listed.contains(&((*method).to_owned(), (*path).to_owned())),
            "{method} {path} is narrowed but not listed"
        );
    }
}

/// `fields` as `Visitor::post` takes them.
fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect()
}

/// A USD grant of the US donor named `code`, running from a month before `today` to a
/// month after, with one capacity-building line.
async fn usd_grant(db: &TestDb, code: &str, today: time::Date) -> GrantEntry {
    GrantEntry {
        code: code.into(),
        title: "Counter-trafficking".into(),
        donor: db.organization("DONOR-US").await.id,
        currency: Currency::Usd,
        starts_on: today - Duration::days(30),
        ends_on: today + Duration::days(30),
        lines: vec![LineEntry {
            code: "CB".into(),
            name: "Capacity building".into(),
            amount_minor: 1_000_000,
        }],
    }
}

/// A USD grant running today, made by a programme manager of its own: its id.
async fn a_grant(db: &TestDb) -> String {
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let programme = db
        .create_user("grant.maker", "IOM-AF", &[Role::ProgrammeManager])
        .await;
    let programme = db.actor(&programme, Door::Web).await;
    let grant = usd_grant(db, "US-CT-2026-02", today).await;
    let grant = app.create_grant(&programme, grant, now).await.unwrap();
    grant.id.0.to_string()
}

/// The person's names, document number and a note: what no ministry page may hold.
const SENTINELS: [&str; 4] = [
    "سنتینل‌نام",
    "Sentinel-Latin-3391",
    "SENTINEL-DOC-2284",
    "Sentinel-note: the family must not know.",
];

/// A case holding the sentinels, referred anonymised to the Herat office for prosecution,
/// with a proceeding opened from that referral; and a USD grant running today.
struct World {
    server: TestApp,
    case: CaseId,
    proceeding: ProceedingId,
    line: String,
}

async fn world(db: &TestDb) -> World {
    let app = test_app(db.store.clone(), test_auth_settings());
    let now = OffsetDateTime::now_utc();
    let today = now.date();
    let worker = db
        .create_user("worker", "IOM-AF", &[Role::Caseworker])
        .await;
    let worker = db.actor(&worker, Door::Web).await;
    let programme = db
        .create_user("programme", "IOM-AF", &[Role::ProgrammeManager])
        .await;
    let programme = db.actor(&programme, Door::Web).await;
    db.create_user("manager", "IOM-AF", &[Role::CaseManager])
        .await;
    db.create_user("herat", "MOI-HER", &[Role::ProvincialOfficer])
        .await;
    db.create_user("kabul", "MOI-KAB", &[Role::ProvincialOfficer])
        .await;
    db.create_user("liaison", "MOI", &[Role::MinistryLiaison])
        .await;
    let mut someone = person(SENTINELS[0]);
    someone.other_script_given_name = Some(SENTINELS[1].into());
    someone.document_number = Some(SENTINELS[2].into());
    let case = NewCaseFile {
        category: CaseCategory::VictimOfTrafficking,
        province: Province::Herat,
        identified_on: today - Duration::days(10),
        identified_by: None,
        assigned_to: None,
        person: someone,
        trafficking: TraffickingProfile::default(),
    };
    let case = app.register_case(&worker, case, now).await.unwrap().id;
    app.write_note(&worker, case, SENTINELS[3], now)
        .await
        .unwrap();
    let referral = ReferralEntry {
        case_id: Some(case),
        subject: None,
        to: db.organization("MOI-HER").await.id,
        purpose: ReferralPurpose::Prosecution,
        disclosure: Disclosure::Anonymised,
        urgency: None,
        due_date: None,
        message: None,
        send: true,
    };
    let referral = app
        .make_referral(&worker, referral, now)
        .await
        .unwrap()
        .summary
        .id;
    let entry = ProceedingEntry {
        case_id: case,
        referral_id: Some(referral),
        law: "ctip_2017".parse().unwrap(),
        articles: Vec::new(),
        reported_on: today,
        province: Province::Herat,
        accused_count: Some(3),
        victim_testified: true,
        legal_aid: false,
    };
    let proceeding = app
        .open_proceeding(&worker, entry, now)
        .await
        .unwrap()
        .proceeding
        .record()
        .id;
    let grant = usd_grant(db, "US-CT-2026-01", today).await;
    let grant = app.create_grant(&programme, grant, now).await.unwrap();
    World {
        server: TestApp::spawn(db).await,
        case,
        proceeding,
        line: grant.budget_lines[0].id.0.to_string(),
    }
}

/// `template` with a fresh id for each `{…}` in it: ids that name nothing, so that
/// whoever gets past authorization meets a 404 and nothing real is changed.
fn with_fresh_ids(template: &str) -> String {
    let mut path = String::new();
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        path.push_str(before);
        path.push_str(&Uuid::now_v7().to_string());
        rest = after.split_once('}').unwrap().1;
    }
    path.push_str(rest);
    path
}

/// The address a role's request to `route` goes to. A grant's pages name a real grant:
/// they read it first, with a permission wider than changing it, so that a fresh id would
/// answer 404 before the edit pages refuse those who may read grants but not change them.
/// A report file is asked for in a format, as the page's buttons ask.
fn address(route: &Route, grant: &str) -> String {
    let path = with_fresh_ids(
        &route
            .path
            .replace("/grants/{id}", &format!("/grants/{grant}")),
    );
    if path.ends_with("/file") {
        format!("{path}?format=csv")
    } else {
        path
    }
}

/// The form posted to `route` by `username`: what the page's own form sends, complete
/// enough to reach the use case (a page may answer a form it cannot read before asking
/// the app) and never doing anything — a date to come, an organisation or a version that
/// is none, new passwords that differ.
fn form_of(route: &Route, username: &str) -> Vec<(&'static str, String)> {
    let today = OffsetDateTime::now_utc().date();
    let to_come = (today + Duration::days(2)).to_string();
    let fresh = || Uuid::now_v7().to_string();
    let owned = |fields: &[(&'static str, &str)]| {
        fields
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect::<Vec<_>>()
    };
    match route.path {
        "/sign-in" => owned(&[("username", username), ("password", PASSWORD)]),
        "/password" => owned(&[
            ("current_password", "not-the-password"),
            ("new_password", "a new password one types"),
            ("new_password_again", "another new password"),
        ]),
        "/language" => owned(&[("lang", "en"), ("back", "/")]),
        "/cases" => owned(&[("given_name", "Nobody")]),
        "/cases/new" => {
            let mut form = owned(&[
                ("category", "victim_of_trafficking"),
                ("province", "AF-HER"),
                ("person.given_name", "Nobody"),
                ("person.sex", "female"),
                ("person.citizenship", "AF"),
            ]);
            form.push(("identified_on", to_come));
            form
        }
        "/cases/{id}/status" => owned(&[("to", "active"), ("version", "1")]),
        "/cases/{id}/assignee" => vec![("assigned_to", fresh()), ("version", "1".into())],
        "/cases/{id}/assistance/{assistance}/status" => {
            owned(&[("to", "delivered"), ("version", "1")])
        }
        "/cases/{id}/notes" => owned(&[("body", "Nothing.")]),
        "/cases/{id}/referrals" => {
            let mut form = owned(&[("purpose", "protection"), ("disclosure", "anonymised")]);
            form.push(("to_organization_id", fresh()));
            form
        }
        "/referrals/new" => {
            let mut form = owned(&[
                ("purpose", "protection"),
                ("disclosure", "anonymised"),
                ("subject.category", "victim_of_trafficking"),
                ("subject.province", "AF-KAB"),
                ("subject.person.given_name", "Nobody"),
                ("subject.person.sex", "female"),
                ("subject.person.citizenship", "AF"),
                ("subject.consent_given_by", "person"),
            ]);
            form.push(("to_organization_id", fresh()));
            form.push(("subject.identified_on", today.to_string()));
            form
        }
        "/referrals/{id}/actions" => owned(&[("action", "acknowledge")]),
        "/referrals/{id}/forward" => vec![("to_organization_id", fresh())],
        "/referrals/{id}/reference" => owned(&[("receiver_reference", "REF-1"), ("version", "1")]),
        "/returns/{id}/status" => owned(&[("to", "counselling")]),
        "/returns/{id}/visits" => {
            let mut form = owned(&[
                ("economic", "0.5"),
                ("social", "0.5"),
                ("psychosocial", "0.5"),
            ]);
            form.push(("date", today.to_string()));
            form
        }
        "/admin/users" => {
            let mut form = owned(&[("username", "nobody.new"), ("roles", "caseworker")]);
            form.push(("organization_id", fresh()));
            form
        }
        "/admin/users/{id}/roles" => owned(&[("roles", "caseworker"), ("version", "1")]),
        "/admin/users/{id}/disabled" => owned(&[("disabled", "true"), ("version", "1")]),
        // A provincial office without its province.
        "/admin/organizations" => owned(&[
            ("code", "MOI-NONE"),
            ("name", "Nowhere"),
            ("kind", "moi_provincial"),
        ]),
        "/grants/new" => {
            let mut form = owned(&[
                ("code", "NONE-1"),
                ("title", "Nothing"),
                ("currency", "USD"),
            ]);
            form.push(("donor_organization_id", fresh()));
            form.push(("starts_on", today.to_string()));
            form.push(("ends_on", to_come));
            form
        }
        "/grants/{id}/edit" => {
            let mut form = owned(&[("title", "Nothing"), ("version", "999999")]);
            form.push(("starts_on", today.to_string()));
            form.push(("ends_on", to_come));
            form
        }
        // The framework's pages ask the app before they read their forms.
        _ => owned(&[("to", "investigation")]),
    }
}

on_both_backends! {
    async fn every_role_gets_exactly_what_the_web_matrix_says_on_every_page(db: TestDb) {
        let mut users = Vec::new();
        for role in Role::ALL {
            users.push((role, db.create_user_with_role(role).await));
        }
        let grant = a_grant(&db).await;
        let server = TestApp::spawn(&db).await;
        let mut mismatches = Vec::new();
        for (role, user) in &users {
            let mut visitor = Visitor::signed_in(&server, &user.username).await;
            for route in WEB_MATRIX {
                let path = address(route, &grant);
                // Pages with forms draw them from a page's token first.
                visitor.get("/").await;
                let answer = if route.method == "GET" {
                    visitor.get(&path).await
                } else {
                    visitor.post(&path, &borrowed(&form_of(route, &user.username))).await
                };
                let narrowed = WEB_NARROWED.iter().any(|(method, template, roles)| {
                    *method == route.method && *template == route.path && roles.contains(role)
                });
                let allowed = route.access.allows(*role) && !narrowed;
                let refused = answer.status == StatusCode::FORBIDDEN;
                if refused == allowed || answer.status.is_server_error() {
                    mismatches.push(format!(
                        "{role}: {} {} answered {}",
                        route.method, route.path, answer.status
                    ));
                }
                // Signing out ended the session: sign in again for the pages still to come.
                if route.path == "/sign-out" {
                    assert_eq!(answer.status, StatusCode::SEE_OTHER);
                    visitor = Visitor::signed_in(&server, &user.username).await;
                }
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }

    async fn the_receiving_office_sees_and_moves_the_proceeding_without_the_case_file(db: TestDb) {
        let world = world(&db).await;
        let server = &world.server;
        let page = format!("/proceedings/{}", world.proceeding);

        // The case manager sees the case file's sentinels (the page is real) and the
        // proceeding in the case file.
        let mut manager = Visitor::signed_in(server, "manager").await;
        let file = manager.get(&format!("/cases/{}", world.case)).await;
        assert!(file.body.contains(SENTINELS[2]));
        assert!(file.body.contains(&page), "the case file links its proceeding");
        // The form to open another is the case's; for a case that is not there, nothing.
        let form = manager.get(&format!("/cases/{}/proceedings/new", world.case)).await;
        assert_eq!(form.status, StatusCode::OK);
        let missing = manager
            .get(&format!("/cases/{}/proceedings/new", Uuid::now_v7()))
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);

        let mut herat = Visitor::signed_in(server, "herat").await;
        let mut received = Vec::new();
        let list = herat.get("/proceedings").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains(&page));
        received.push(list.body);
        let shown = herat.get(&page).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("Law on Combating Trafficking in Persons"));
        assert!(!shown.body.contains("/cases/"), "no way to the case file");
        assert!(shown.body.contains("value=\"investigation\""));
        received.push(shown.body);
        // A verdict is not a move from here: only what the app offers is taken.
        let refused = herat.post(&format!("{page}/moves"), &[("to", "verdict")]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        received.push(refused.body);
        let moved = herat
            .post(&format!("{page}/moves"), &[("to", "investigation"), ("comment", "Police informed.")])
            .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER);
        let after = herat.get(moved.location.as_deref().unwrap()).await;
        assert!(after.body.contains("Police informed."));
        received.push(after.body);
        for html in &received {
            for sentinel in SENTINELS {
                assert!(!html.contains(sentinel), "{sentinel} on the office's page");
            }
        }

        // Another province's office does not know the proceeding exists.
        let mut kabul = Visitor::signed_in(server, "kabul").await;
        assert_eq!(kabul.get(&page).await.status, StatusCode::NOT_FOUND);
        assert!(!kabul.get("/proceedings").await.body.contains(&page));
    }

    async fn a_training_records_its_participants_in_rows_without_javascript(db: TestDb) {
        let world = world(&db).await;
        let server = &world.server;
        let iom = db.organization("IOM-AF").await.id.0.to_string();
        let herat = db.organization("MOI-HER").await.id.0.to_string();
        let justice = db.organization("MOJ").await.id.0.to_string();
        let today = OffsetDateTime::now_utc().date().to_string();
        let mut manager = Visitor::signed_in(server, "manager").await;
        let form = manager.get("/trainings/new").await;
        assert_eq!(form.status, StatusCode::OK);
        assert_eq!(form.body.matches("-organization\" name=").count(), 3);
        // "Add rows" sends the form back with more rows, nothing saved.
        let filled = [
            ("title", "Referral mechanism for provincial officers"),
            ("topic", "referral_mechanism"),
            ("province", "AF-HER"),
            ("starts_on", today.as_str()),
            ("ends_on", today.as_str()),
            ("organizer_organization_id", iom.as_str()),
            ("participant-0-organization", herat.as_str()),
            ("participant-0-female", "۴"),
            ("participant-0-male", "6"),
            ("rows", "3"),
        ];
        let mut more = filled.to_vec();
        more.push(("more", "rows"));
        let wider = manager.post("/trainings/new", &more).await;
        assert_eq!(wider.status, StatusCode::OK);
        assert_eq!(wider.body.matches("-organization\" name=").count(), 6);
        let mut sent = filled.to_vec();
        sent.extend([
            ("rows", "6"),
            ("participant-4-organization", justice.as_str()),
            ("participant-4-female", "1"),
            ("cost", "250"),
            ("currency", "USD"),
            ("budget_line_id", world.line.as_str()),
        ]);
        // The same organisation twice is refused beside its row.
        let mut twice = sent.clone();
        twice.push(("participant-2-organization", herat.as_str()));
        let refused = manager.post("/trainings/new", &twice).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("id=\"training-participant-2-organization-problem\""));
        let recorded = manager.post("/trainings/new", &sent).await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let training = manager.get(recorded.location.as_deref().unwrap()).await;
        assert!(training.body.contains("<tfoot><tr><th scope=\"row\">Total</th><td>5</td><td>6</td></tr></tfoot>"), "{}", training.body);
        assert!(training.body.contains("250.00"));

        // The Ministry's national liaison reads it without its cost; the Kabul office
        // does not see Herat's.
        let mut liaison = Visitor::signed_in(server, "liaison").await;
        let listed = liaison.get("/trainings").await;
        assert!(listed.body.contains("Referral mechanism for provincial officers"));
        assert!(!listed.body.contains("250.00"));
        let mut kabul = Visitor::signed_in(server, "kabul").await;
        let listed = kabul.get("/trainings").await;
        assert!(!listed.body.contains("Referral mechanism for provincial officers"));
    }
}
