//! Funding over HTTP on both backends: grants and their budget lines (creation, validation,
//! reading, optimistic concurrency, a period that keeps its charged costs), charging
//! assistance to a budget line (currency and period), and the funding report checked value
//! by value against a fixture computed by hand — small-cell suppression, narrowing by
//! period, the CSV and XLSX exports, CSV injection, the audit trail of every export, who
//! may read it, and that no person's identity leaves in it.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use panah_domain::{AuditEntry, Outcome, Role};
use panah_persistence::AuditFilter;
use panah_tests::xlsx::{Stored, Xlsx};
use panah_tests::{
    PASSWORD, Reply, TestApp, TestDb, TestUser, assert_invalid, get, ids, on_both_backends, patch,
    post,
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------

/// Asserts a 422 `currency_mismatch`.
#[track_caller]
fn assert_currency_mismatch(reply: &Reply) {
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.body["code"], "currency_mismatch", "{}", reply.body);
}

/// Asserts a 403 `forbidden`.
#[track_caller]
fn assert_forbidden(reply: &Reply) {
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(reply.body["code"], "forbidden", "{}", reply.body);
}

/// The id of the organisation with `code`.
async fn org_id(db: &TestDb, code: &str) -> String {
    db.organization(code).await.id.0.to_string()
}

/// The name of the organisation with `code`.
async fn org_name(db: &TestDb, code: &str) -> String {
    db.organization(code).await.name
}

/// Every audit entry of `action`, oldest first.
async fn audited(db: &TestDb, action: &str) -> Vec<AuditEntry> {
    let filter = AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    let mut entries = db.store.list_audit(&filter, 1000).await.unwrap();
    entries.reverse();
    entries
}

/// A user signed in.
struct Signed {
    user: TestUser,
    token: String,
}

async fn sign_in(db: &TestDb, app: &TestApp, username: &str, org: &str, role: Role) -> Signed {
    let user = db.create_user(username, org, &[role]).await;
    let token = app.token(&user.username, PASSWORD).await;
    Signed { user, token }
}

// ---------------------------------------------------------------------------------------
// Grants, cases and assistance
// ---------------------------------------------------------------------------------------

/// A grant body with `lines` as (code, name, amount).
fn grant_body(
    code: &str,
    donor: &str,
    currency: &str,
    period: (&str, &str),
    lines: &[(&str, &str, i64)],
) -> Value {
    json!({
        "code": code, "title": format!("Grant {code}"), "donor_organization_id": donor,
        "currency": currency, "starts_on": period.0, "ends_on": period.1,
        "budget_lines": lines.iter().map(|(code, name, amount)| json!({
            "code": code, "name": name, "amount_minor": amount,
        })).collect::<Vec<_>>(),
    })
}

/// Creates a grant; panics unless 201. Returns the grant as answered.
async fn create_grant(app: &TestApp, token: &str, body: &Value) -> Value {
    let created = post(app, token, "/api/v1/grants", body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body
}

/// The id of the budget line `code` of `grant`.
fn line(grant: &Value, code: &str) -> String {
    grant["budget_lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == code)
        .unwrap_or_else(|| panic!("no line {code} in {grant}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The statistics of a person, and a tag that makes their (sentinel) names unique.
struct PersonSpec {
    tag: &'static str,
    sex: &'static str,
    age: Option<u8>,
    citizenship: &'static str,
    province: &'static str,
    category: &'static str,
}

/// What every sentinel name contains: no report may hold it.
const SENTINEL: &str = "QZXSENTINEL";

/// Registers a case with sentinel names and returns its id.
async fn new_case(app: &TestApp, token: &str, p: &PersonSpec) -> String {
    let mut person = json!({
        "given_name": format!("Given{SENTINEL}{}", p.tag),
        "family_name": format!("Family{SENTINEL}{}", p.tag),
        "sex": p.sex, "citizenship": p.citizenship,
    });
    if let Some(age) = p.age {
        person["estimated_age"] = json!(age);
    }
    let body = json!({
        "category": p.category, "province": p.province, "identified_on": "2026-01-15",
        "person": person,
    });
    let created = post(app, token, "/api/v1/cases", &body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// A simple case for the tests that need one.
async fn some_case(app: &TestApp, token: &str) -> String {
    new_case(
        app,
        token,
        &PersonSpec {
            tag: "X",
            sex: "female",
            age: Some(25),
            citizenship: "AF",
            province: "AF-HER",
            category: "presumed_victim",
        },
    )
    .await
}

/// An assistance record to log.
struct Service<'a> {
    kind: &'a str,
    status: &'a str,
    date: &'a str,
    cost: Option<(i64, &'a str)>,
    line: Option<&'a str>,
}

fn assistance_body(s: &Service<'_>) -> Value {
    let mut body = json!({ "type": s.kind, "status": s.status, "date": s.date });
    if let Some((amount, currency)) = s.cost {
        body["cost"] = json!({ "amount_minor": amount, "currency": currency });
    }
    if let Some(line) = s.line {
        body["budget_line_id"] = json!(line);
    }
    body
}

/// `POST /api/v1/cases/{case}/assistance`.
async fn log(app: &TestApp, token: &str, case: &str, s: &Service<'_>) -> Reply {
    post(
        app,
        token,
        &format!("/api/v1/cases/{case}/assistance"),
        &assistance_body(s),
    )
    .await
}

/// Logs assistance; panics unless 201. Returns (id, ETag).
async fn logged(app: &TestApp, token: &str, case: &str, s: &Service<'_>) -> (String, String) {
    let created = log(app, token, case, s).await;
    assert_eq!(created.status, 201, "{}", created.body);
    (
        created.body["id"].as_str().unwrap().to_owned(),
        created.etag.unwrap(),
    )
}

fn delivered<'a>(kind: &'a str, date: &'a str, amount: i64, line: &'a str) -> Service<'a> {
    Service {
        kind,
        status: "delivered",
        date,
        cost: Some((amount, "USD")),
        line: Some(line),
    }
}

// ---------------------------------------------------------------------------------------
// 1. Grants
// ---------------------------------------------------------------------------------------

on_both_backends! {
    async fn grants_are_created_by_programme_managers_validated_and_read_by_managers(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let pm = sign_in(&db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let cm = sign_in(&db, &app, "manager", "IOM-AF", Role::CaseManager).await;
        let cw = sign_in(&db, &app, "worker", "IOM-AF", Role::Caseworker).await;
        let us = org_id(&db, "DONOR-US").await;
        let it = org_id(&db, "DONOR-IT").await;
        let moi = org_id(&db, "MOI").await;

        let body = grant_body(
            "US-CT-2026-01", &us, "USD", ("2026-01-01", "2026-12-31"),
            &[("DA", "Direct assistance", 5_000_000), ("RR", "Return and reintegration", 2_000_000)],
        );
        let created = post(&app, &pm.token, "/api/v1/grants", &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap().to_owned();
        assert_eq!(created.location.as_deref(), Some(format!("/api/v1/grants/{id}").as_str()));
        assert_eq!(created.etag.as_deref(), Some("\"1\""));
        let grant = &created.body;
        assert_eq!(grant["code"], "US-CT-2026-01");
        assert_eq!(grant["title"], "Grant US-CT-2026-01");
        assert_eq!(grant["donor_organization_id"], us.as_str());
        assert_eq!(grant["currency"], "USD");
        assert_eq!(grant["starts_on"], "2026-01-01");
        assert_eq!(grant["ends_on"], "2026-12-31");
        assert_eq!(grant["total_minor"], 7_000_000);
        assert_eq!(grant["version"], 1);
        let lines: Vec<(&str, &str, i64)> = grant["budget_lines"].as_array().unwrap().iter()
            .map(|l| (l["code"].as_str().unwrap(), l["name"].as_str().unwrap(), l["amount_minor"].as_i64().unwrap()))
            .collect();
        assert_eq!(lines, [("DA", "Direct assistance", 5_000_000), ("RR", "Return and reintegration", 2_000_000)]);
        assert!(Uuid::parse_str(&line(grant, "DA")).is_ok());
        let audit = audited(&db, "grant.create").await;
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].actor_id, Some(pm.user.id));
        assert_eq!(audit[0].target_id.as_deref(), Some(id.as_str()));

        // The code is unique, whoever the donor.
        let mut again = body.clone();
        again["donor_organization_id"] = json!(it);
        let duplicate = post(&app, &pm.token, "/api/v1/grants", &again).await;
        assert_eq!(duplicate.status, 409, "{}", duplicate.body);
        assert_eq!(duplicate.body["code"], "conflict");

        // A second grant of the other seeded donor, in euros.
        let italian = create_grant(&app, &pm.token, &grant_body(
            "IT-CT-2026-02", &it, "EUR", ("2026-02-01", "2027-01-31"), &[("MED", "Medical care", 1_000_000)],
        )).await;
        assert_eq!(italian["total_minor"], 1_000_000);

        // The donor must be an organisation of kind donor.
        for donor in [moi.clone(), org_id(&db, "IOM-AF").await, Uuid::now_v7().to_string()] {
            let mut wrong = body.clone();
            wrong["code"] = json!("OTHER-1");
            wrong["donor_organization_id"] = json!(donor);
            assert_invalid(&post(&app, &pm.token, "/api/v1/grants", &wrong).await, &["donor_organization_id"]);
        }
        // The period is ordered; one day is a period.
        let mut backwards = body.clone();
        backwards["code"] = json!("OTHER-2");
        backwards["ends_on"] = json!("2025-12-31");
        assert_invalid(&post(&app, &pm.token, "/api/v1/grants", &backwards).await, &["ends_on"]);
        let mut one_day = body.clone();
        one_day["code"] = json!("ONE-DAY");
        one_day["ends_on"] = json!("2026-01-01");
        assert_eq!(post(&app, &pm.token, "/api/v1/grants", &one_day).await.status, 201);
        // Line codes are distinct, amounts not negative, at least one line.
        let lines_with = |lines: Value| {
            let mut b = body.clone();
            b["code"] = json!("OTHER-3");
            b["budget_lines"] = lines;
            b
        };
        let twice = lines_with(json!([
            {"code": "DA", "name": "A", "amount_minor": 1},
            {"code": "DA", "name": "B", "amount_minor": 2},
        ]));
        assert_invalid(&post(&app, &pm.token, "/api/v1/grants", &twice).await, &["budget_lines[1].code"]);
        let negative = lines_with(json!([{"code": "DA", "name": "A", "amount_minor": -1}]));
        assert_invalid(&post(&app, &pm.token, "/api/v1/grants", &negative).await, &["budget_lines[0].amount_minor"]);
        assert_invalid(&post(&app, &pm.token, "/api/v1/grants", &lines_with(json!([]))).await, &["budget_lines"]);
        // Unknown fields, at the top and in a line.
        let mut unknown = body.clone();
        unknown["code"] = json!("OTHER-4");
        unknown["colour"] = json!("red");
        assert_invalid(&post(&app, &pm.token, "/api/v1/grants", &unknown).await, &["colour"]);
        let unknown_in_line = lines_with(json!([{"code": "DA", "name": "A", "amount_minor": 1, "vat": 0}]));
        assert_invalid(&post(&app, &pm.token, "/api/v1/grants", &unknown_in_line).await, &["budget_lines[0].vat"]);
        let codes = |page: &Value| -> Vec<String> {
            page["items"].as_array().unwrap().iter().map(|g| g["code"].as_str().unwrap().to_owned()).collect()
        };

        // Programme and case managers read grants, by id (with the ETag) and as a list, in
        // which nothing refused above appears.
        for token in [&pm.token, &cm.token] {
            let one = get(&app, token, &format!("/api/v1/grants/{id}")).await;
            assert_eq!(one.status, 200, "{}", one.body);
            assert_eq!(one.etag.as_deref(), Some("\"1\""));
            assert_eq!(one.body, created.body);
            let page = get(&app, token, "/api/v1/grants").await;
            assert_eq!(page.status, 200, "{}", page.body);
            assert_eq!(codes(&page.body), ["IT-CT-2026-02", "ONE-DAY", "US-CT-2026-01"]);
            assert_eq!(page.body["items"][2], created.body);
            assert_eq!(page.body["next_cursor"], Value::Null);
        }
        // Pages by code.
        let first = get(&app, &cm.token, "/api/v1/grants?limit=2").await;
        assert_eq!(codes(&first.body), ["IT-CT-2026-02", "ONE-DAY"]);
        let cursor = first.body["next_cursor"].as_str().unwrap();
        let second = get(&app, &cm.token, &format!("/api/v1/grants?limit=2&cursor={cursor}")).await;
        assert_eq!(codes(&second.body), ["US-CT-2026-01"]);
        assert_eq!(second.body["next_cursor"], Value::Null);
        // An unknown grant is 404.
        let missing = get(&app, &pm.token, &format!("/api/v1/grants/{}", Uuid::now_v7())).await;
        assert_eq!(missing.status, 404, "{}", missing.body);

        // A caseworker neither reads nor writes grants; a case manager only reads them.
        assert_forbidden(&get(&app, &cw.token, "/api/v1/grants").await);
        assert_forbidden(&get(&app, &cw.token, &format!("/api/v1/grants/{id}")).await);
        let mut other = body.clone();
        other["code"] = json!("BY-WORKER");
        assert_forbidden(&post(&app, &cw.token, "/api/v1/grants", &other).await);
        assert_forbidden(&post(&app, &cm.token, "/api/v1/grants", &other).await);
        assert_forbidden(&patch(&app, &cm.token, &format!("/api/v1/grants/{id}"), Some("\"1\""), &json!({"title": "T"})).await);
        assert_eq!(audited(&db, "grant.create").await.len(), 3);
    }

    async fn grants_change_with_if_match_and_keep_their_charged_costs_inside_the_period(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let pm = sign_in(&db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let cm = sign_in(&db, &app, "manager", "IOM-AF", Role::CaseManager).await;
        let us = org_id(&db, "DONOR-US").await;
        let grant = create_grant(&app, &pm.token, &grant_body(
            "US-CT-2026-01", &us, "USD", ("2026-01-01", "2026-12-31"),
            &[("DA", "Direct assistance", 5_000_000), ("RR", "Return and reintegration", 2_000_000)],
        )).await;
        let id = grant["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/grants/{id}");
        let (da, rr) = (line(&grant, "DA"), line(&grant, "RR"));
        let cw = sign_in(&db, &app, "worker", "IOM-AF", Role::Caseworker).await;

        // If-Match is required, and must be the current version.
        let change = json!({
            "title": "Protection 2026",
            "budget_lines": [
                {"code": "RR", "name": "Return and reintegration", "amount_minor": 2_500_000},
                {"code": "TR", "name": "Training", "amount_minor": 300_000},
            ],
        });
        let missing = patch(&app, &pm.token, &path, None, &change).await;
        assert_eq!(missing.status, 428, "{}", missing.body);
        assert_eq!(missing.body["code"], "precondition_required");
        let wrong = patch(&app, &pm.token, &path, Some("\"7\""), &change).await;
        assert_eq!(wrong.status, 412, "{}", wrong.body);
        assert_eq!(wrong.body["code"], "version_mismatch");

        // A line changed by its code, a new one added, the others kept with their ids.
        let changed = patch(&app, &pm.token, &path, Some("\"1\""), &change).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(changed.etag.as_deref(), Some("\"2\""));
        assert_eq!(changed.body["version"], 2);
        assert_eq!(changed.body["title"], "Protection 2026");
        let lines: Vec<(&str, i64)> = changed.body["budget_lines"].as_array().unwrap().iter()
            .map(|l| (l["code"].as_str().unwrap(), l["amount_minor"].as_i64().unwrap()))
            .collect();
        assert_eq!(lines, [("DA", 5_000_000), ("RR", 2_500_000), ("TR", 300_000)]);
        assert_eq!(changed.body["total_minor"], 7_800_000);
        assert_eq!(line(&changed.body, "DA"), da);
        assert_eq!(line(&changed.body, "RR"), rr);
        let read = get(&app, &cm.token, &path).await;
        assert_eq!(read.etag.as_deref(), Some("\"2\""));
        assert_eq!(read.body, changed.body);
        let audit = audited(&db, "grant.update").await;
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].actor_id, Some(pm.user.id));
        let details: Value = serde_json::from_str(audit[0].details.as_deref().unwrap()).unwrap();
        assert_eq!(details, json!({"changed": ["title", "budget_lines"]}));

        // The version read before is stale now.
        let stale = patch(&app, &pm.token, &path, Some("\"1\""), &json!({"title": "Old"})).await;
        assert_eq!(stale.status, 412, "{}", stale.body);
        assert_eq!(stale.body["code"], "version_mismatch");

        // Changes are validated like a creation.
        for (body, field) in [
            (json!({"budget_lines": [{"code": "DA", "name": "A", "amount_minor": -5}]}), "budget_lines[0].amount_minor"),
            (json!({"budget_lines": [
                {"code": "X1", "name": "A", "amount_minor": 5},
                {"code": "X1", "name": "B", "amount_minor": 5},
            ]}), "budget_lines[1].code"),
            (json!({"ends_on": "2025-06-30"}), "ends_on"),
            (json!({"title": " "}), "title"),
            (json!({}), "body"),
            (json!({"currency": "EUR"}), "currency"),
        ] {
            assert_invalid(&patch(&app, &pm.token, &path, Some("\"2\""), &body).await, &[field]);
        }

        // Costs charged from 2026-03-15 (delivered) to 2026-10-10 (only planned: it holds the
        // period as well) keep the period around them.
        let case = some_case(&app, &cw.token).await;
        logged(&app, &cm.token, &case, &delivered("shelter", "2026-03-15", 10_000, &da)).await;
        logged(&app, &cm.token, &case, &Service {
            kind: "medical", status: "planned", date: "2026-10-10", cost: Some((5_000, "USD")), line: Some(&rr),
        }).await;
        // An uncharged service outside does not matter.
        logged(&app, &cm.token, &case, &Service {
            kind: "medical", status: "delivered", date: "2026-12-20", cost: Some((5_000, "USD")), line: None,
        }).await;
        let refused = patch(&app, &pm.token, &path, Some("\"2\""), &json!({"starts_on": "2026-03-16"})).await;
        assert_invalid(&refused, &["starts_on"]);
        let refused = patch(&app, &pm.token, &path, Some("\"2\""), &json!({"ends_on": "2026-10-09"})).await;
        assert_invalid(&refused, &["ends_on"]);
        let refused = patch(&app, &pm.token, &path, Some("\"2\""),
            &json!({"starts_on": "2026-06-01", "ends_on": "2026-06-30"})).await;
        assert_invalid(&refused, &["starts_on", "ends_on"]);
        // Refusals changed nothing.
        assert_eq!(get(&app, &pm.token, &path).await.body, changed.body);
        // Down to the charged days themselves is fine.
        let shrunk = patch(&app, &pm.token, &path, Some("\"2\""),
            &json!({"starts_on": "2026-03-15", "ends_on": "2026-10-10"})).await;
        assert_eq!(shrunk.status, 200, "{}", shrunk.body);
        assert_eq!(shrunk.body["starts_on"], "2026-03-15");
        assert_eq!(shrunk.body["ends_on"], "2026-10-10");
        assert_eq!(shrunk.body["version"], 3);
    }
}

// ---------------------------------------------------------------------------------------
// 2. Charging assistance to a budget line
// ---------------------------------------------------------------------------------------

on_both_backends! {
    async fn those_who_log_assistance_list_the_lines_they_may_charge_without_amounts(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let pm = sign_in(&db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let cw = sign_in(&db, &app, "worker", "IOM-AF", Role::Caseworker).await;
        let cm = sign_in(&db, &app, "manager", "IOM-AF", Role::CaseManager).await;
        let herat = sign_in(&db, &app, "herat", "MOI-HER", Role::ProvincialOfficer).await;
        let us = create_grant(&app, &pm.token, &grant_body(
            "US-CT-2026-01", &org_id(&db, "DONOR-US").await, "USD", ("2026-01-01", "2026-12-31"),
            &[("DA", "Direct assistance", 5_000_321), ("RR", "Return and reintegration", 2_000_654)],
        )).await;
        let it = create_grant(&app, &pm.token, &grant_body(
            "IT-CT-2026-02", &org_id(&db, "DONOR-IT").await, "EUR", ("2026-01-01", "2026-06-30"),
            &[("MED", "Medical care", 1_000_987)],
        )).await;
        let listed = |token: &str, query: &str| {
            let (app, path) = (&app, format!("/api/v1/budget-lines{query}"));
            let token = token.to_owned();
            async move {
                let page = get(app, &token, &path).await;
                assert_eq!(page.status, 200, "{}", page.body);
                page
            }
        };
        let everything = listed(&cw.token, "").await;
        let codes: Vec<(String, String)> = everything.body["items"].as_array().unwrap().iter()
            .map(|l| (l["grant_code"].as_str().unwrap().to_owned(), l["code"].as_str().unwrap().to_owned()))
            .collect();
        assert_eq!(codes, [("IT-CT-2026-02".into(), "MED".into()), ("US-CT-2026-01".into(), "DA".into()), ("US-CT-2026-01".into(), "RR".into())]);
        let med = &everything.body["items"][0];
        assert_eq!(med["id"], line(&it, "MED").as_str());
        assert_eq!((&med["currency"], &med["starts_on"], &med["ends_on"]), (&json!("EUR"), &json!("2026-01-01"), &json!("2026-06-30")));
        assert_eq!(med["grant_title"], "Grant IT-CT-2026-02");
        for amount in ["5000321", "2000654", "1000987", "amount", "spent"] {
            assert!(!everything.text.contains(amount), "{amount} in {}", everything.text);
        }
        // For a date and a currency: the lines a cost of that day in that currency fits.
        let in_july = listed(&cw.token, "?on=2026-07-15").await;
        assert_eq!(ids(&in_july.body), [line(&us, "DA"), line(&us, "RR")]);
        let euros = listed(&cm.token, "?on=2026-03-01&currency=EUR").await;
        assert_eq!(ids(&euros.body), [line(&it, "MED")]);
        assert_eq!(ids(&listed(&cw.token, "?on=2027-01-01").await.body), Vec::<String>::new());
        // Every problem of the query at once, a Solar Hijri date named as such.
        let refused = get(&app, &cw.token, "/api/v1/budget-lines?on=1405-04-25&currency=XYZ").await;
        assert_invalid(&refused, &["on", "currency"]);
        assert!(refused.body["errors"][0]["message"].as_str().unwrap().contains("Solar Hijri"));
        // Those who do not log assistance are refused, whatever they may read elsewhere.
        for token in [&pm.token, &herat.token] {
            assert_forbidden(&get(&app, token, "/api/v1/budget-lines").await);
        }
    }

    async fn assistance_is_charged_in_the_grant_currency_and_inside_its_period(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let pm = sign_in(&db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let cw = sign_in(&db, &app, "worker", "IOM-AF", Role::Caseworker).await;
        let us = create_grant(&app, &pm.token, &grant_body(
            "US-CT-2026-01", &org_id(&db, "DONOR-US").await, "USD", ("2026-01-01", "2026-12-31"),
            &[("DA", "Direct assistance", 5_000_000)],
        )).await;
        let it = create_grant(&app, &pm.token, &grant_body(
            "IT-CT-2026-02", &org_id(&db, "DONOR-IT").await, "EUR", ("2026-01-01", "2026-06-30"),
            &[("MED", "Medical care", 1_000_000)],
        )).await;
        let (da, med) = (line(&us, "DA"), line(&it, "MED"));
        let case = some_case(&app, &cw.token).await;
        let unknown = Uuid::now_v7().to_string();

        // On creation.
        let eur = Service { kind: "shelter", status: "delivered", date: "2026-05-01", cost: Some((1_000, "EUR")), line: Some(&da) };
        assert_currency_mismatch(&log(&app, &cw.token, &case, &eur).await);
        let before = Service { date: "2025-12-31", ..delivered("shelter", "2026-05-01", 1_000, &da) };
        assert_invalid(&log(&app, &cw.token, &case, &before).await, &["date"]);
        let after = Service { date: "2027-01-01", ..delivered("shelter", "2026-05-01", 1_000, &da) };
        assert_invalid(&log(&app, &cw.token, &case, &after).await, &["date"]);
        let free = Service { cost: None, ..delivered("shelter", "2026-05-01", 1_000, &da) };
        assert_invalid(&log(&app, &cw.token, &case, &free).await, &["cost"]);
        let free_and_late = Service { cost: None, date: "2027-01-01", ..delivered("shelter", "2026-05-01", 1_000, &da) };
        assert_invalid(&log(&app, &cw.token, &case, &free_and_late).await, &["cost", "date"]);
        let nowhere = delivered("shelter", "2026-05-01", 1_000, &unknown);
        assert_invalid(&log(&app, &cw.token, &case, &nowhere).await, &["budget_line_id"]);
        // Planned and cancelled services are checked the same way.
        let planned_eur = Service { status: "planned", ..Service { cost: Some((1, "EUR")), ..delivered("shelter", "2026-05-01", 1, &da) } };
        assert_currency_mismatch(&log(&app, &cw.token, &case, &planned_eur).await);
        let cancelled_late = Service { status: "cancelled", date: "2027-02-01", ..delivered("shelter", "2026-05-01", 1, &da) };
        assert_invalid(&log(&app, &cw.token, &case, &cancelled_late).await, &["date"]);
        // The grant's first and last days are inside.
        for date in ["2026-01-01", "2026-12-31"] {
            let edge = Service { date, ..delivered("shelter", "2026-05-01", 1_000, &da) };
            assert_eq!(log(&app, &cw.token, &case, &edge).await.status, 201);
        }
        let created = log(&app, &cw.token, &case, &delivered("shelter", "2026-05-01", 1_000, &da)).await;
        assert_eq!(created.status, 201, "{}", created.body);
        assert_eq!(created.body["budget_line_id"], da.as_str());
        assert_eq!(created.body["cost"], json!({"amount_minor": 1_000, "currency": "USD"}));
        let path = format!("/api/v1/cases/{case}/assistance/{}", created.body["id"].as_str().unwrap());
        let etag = created.etag.unwrap();

        // On change, the charge is checked as it will stand.
        for body in [
            json!({"cost": {"amount_minor": 1_000, "currency": "EUR"}}),
            json!({"budget_line_id": med}),
            json!({"budget_line_id": med, "date": "2026-07-01"}),
        ] {
            assert_currency_mismatch(&patch(&app, &cw.token, &path, Some(&etag), &body).await);
        }
        for (body, expected) in [
            (json!({"date": "2027-01-01"}), &["date"][..]),
            (json!({"date": "2025-12-31", "status": "planned"}), &["date"]),
            (json!({"cost": null}), &["cost"]),
            (json!({"budget_line_id": unknown}), &["budget_line_id"]),
            (json!({"budget_line_id": med, "cost": {"amount_minor": 900, "currency": "EUR"}, "date": "2026-07-01"}), &["date"]),
        ] {
            assert_invalid(&patch(&app, &cw.token, &path, Some(&etag), &body).await, expected);
        }
        let unchanged = get(&app, &cw.token, &path).await;
        assert_eq!(unchanged.etag.as_deref(), Some(etag.as_str()));
        assert_eq!(unchanged.body["budget_line_id"], da.as_str());
        assert_eq!(unchanged.body["date"], "2026-05-01");

        // Moved to the euro grant with a cost in euros, inside its period.
        let moved = patch(&app, &cw.token, &path, Some(&etag),
            &json!({"budget_line_id": med, "cost": {"amount_minor": 900, "currency": "EUR"}})).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        assert_eq!(moved.body["budget_line_id"], med.as_str());
        assert_eq!(moved.body["cost"], json!({"amount_minor": 900, "currency": "EUR"}));
        let etag = moved.etag.unwrap();
        // Uncharged, the cost may be in any currency and the date anywhere.
        let uncharged = patch(&app, &cw.token, &path, Some(&etag), &json!({"budget_line_id": null})).await;
        assert_eq!(uncharged.status, 200, "{}", uncharged.body);
        assert_eq!(uncharged.body["budget_line_id"], Value::Null);
        let etag = uncharged.etag.unwrap();
        let free = patch(&app, &cw.token, &path, Some(&etag),
            &json!({"cost": {"amount_minor": 700, "currency": "GBP"}, "date": "2027-03-01"})).await;
        assert_eq!(free.status, 200, "{}", free.body);
        let etag = free.etag.unwrap();
        // Charging it again is checked: the GBP cost does not fit the dollar line.
        assert_currency_mismatch(&patch(&app, &cw.token, &path, Some(&etag), &json!({"budget_line_id": da})).await);
        let back = patch(&app, &cw.token, &path, Some(&etag), &json!({
            "budget_line_id": da, "cost": {"amount_minor": 700, "currency": "USD"},
        })).await;
        assert_invalid(&back, &["date"]);
        let back = patch(&app, &cw.token, &path, Some(&etag), &json!({
            "budget_line_id": da, "cost": {"amount_minor": 700, "currency": "USD"}, "date": "2026-08-01",
        })).await;
        assert_eq!(back.status, 200, "{}", back.body);
        assert_eq!(back.body["budget_line_id"], da.as_str());
    }
}

// ---------------------------------------------------------------------------------------
// 3. The funding report against a fixture computed by hand
// ---------------------------------------------------------------------------------------

const SEXES: [&str; 4] = ["female", "male", "other", "unknown"];
const AGE_GROUPS: [&str; 10] = [
    "0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+", "unknown",
];
const CATEGORIES: [&str; 3] = [
    "victim_of_trafficking",
    "presumed_victim",
    "vulnerable_migrant",
];
const DIRECTIONS: [&str; 2] = ["to_afghanistan", "from_afghanistan"];
const RETURN_STATUSES: [&str; 11] = [
    "requested",
    "counselling",
    "documents",
    "fit_to_travel",
    "travel_booked",
    "departed",
    "arrived",
    "reintegration",
    "monitoring",
    "completed",
    "cancelled",
];
const PURPOSES: [&str; 7] = [
    "assistance",
    "protection",
    "investigation",
    "prosecution",
    "return_facilitation",
    "reintegration",
    "other",
];
const REFERRAL_STATUSES: [&str; 7] = [
    "draft",
    "sent",
    "acknowledged",
    "accepted",
    "declined",
    "completed",
    "withdrawn",
];

/// A breakdown over a closed vocabulary: the cells given, every other value 0.
fn closed(keys: &[&str], cells: &[(&str, Value)]) -> Value {
    let mut map = serde_json::Map::new();
    for key in keys {
        map.insert((*key).to_owned(), json!(0));
    }
    for (key, cell) in cells {
        assert!(map.contains_key(*key), "{key} is not one of {keys:?}");
        map.insert((*key).to_owned(), cell.clone());
    }
    Value::Object(map)
}

/// A breakdown over the values present only.
fn open(cells: &[(&str, Value)]) -> Value {
    Value::Object(
        cells
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

/// `"<5"`.
fn small() -> Value {
    json!("<5")
}

/// `"x"`.
fn hidden() -> Value {
    json!("x")
}

/// The report the API answers for the fixture grant, built from its parts.
struct Expected {
    from: &'static str,
    to: &'static str,
    people: Value,
    services: Value,
    returns: Value,
    trainings: Value,
    awareness: Value,
    proceedings: Value,
    spend: Value,
}

impl Expected {
    fn json(&self, grant: &str, donor: &str) -> Value {
        json!({
            "grant": { "id": grant, "code": "US-CT-2026-01", "title": "Protection and reintegration 2026", "donor": donor },
            "period": { "from": self.from, "to": self.to },
            "currency": "USD",
            "min_cell_size": 5,
            "people_assisted": self.people,
            "services": self.services,
            "returns": self.returns,
            "referrals": {
                "by_purpose": closed(&PURPOSES, &[]),
                "by_status": closed(&REFERRAL_STATUSES, &[]),
            },
            "trainings": self.trainings,
            "awareness": self.awareness,
            "proceedings": self.proceedings,
            "spend": self.spend,
            "totals": totals(&self.spend),
        })
    }
}

fn spend(da_spent: i64, rr_spent: i64) -> Value {
    json!([
        { "grant_code": "US-CT-2026-01", "currency": "USD",
          "budget_line_code": "DA", "name": "Direct assistance", "budget_minor": 5_000_000,
          "spent_minor": da_spent, "remaining_minor": 5_000_000 - da_spent },
        { "grant_code": "US-CT-2026-01", "currency": "USD",
          "budget_line_code": "RR", "name": "Return and reintegration", "budget_minor": 2_000_000,
          "spent_minor": rr_spent, "remaining_minor": 2_000_000 - rr_spent },
    ])
}

/// The one total of a report whose lines are all in dollars.
fn totals(spend: &Value) -> Value {
    let sum = |field: &str| {
        spend
            .as_array()
            .unwrap()
            .iter()
            .map(|line| line[field].as_i64().unwrap())
            .sum::<i64>()
    };
    json!([{ "currency": "USD", "budget_minor": sum("budget_minor"),
             "spent_minor": sum("spent_minor"), "remaining_minor": sum("remaining_minor") }])
}

const ORGANIZATION_KINDS: [&str; 7] = [
    "iom",
    "moi_national",
    "moi_provincial",
    "partner_ministry",
    "foreign_state",
    "donor",
    "ngo",
];
const CHANNELS: [&str; 6] = [
    "community_session",
    "radio",
    "tv",
    "school",
    "print",
    "social_media",
];
const STAGES: [&str; 7] = [
    "reported",
    "investigation",
    "prosecution",
    "trial",
    "verdict",
    "appeal",
    "closed",
];
const OUTCOMES: [&str; 4] = ["conviction", "acquittal", "dismissed", "none"];

/// Awareness activities by channel: every channel, those given with (activities, reach).
fn by_channel(cells: &[(&str, u64, u64)]) -> Value {
    let mut map = serde_json::Map::new();
    for channel in CHANNELS {
        map.insert(
            channel.to_owned(),
            json!({"activities": 0, "estimated_reach": 0}),
        );
    }
    for (channel, activities, reach) in cells {
        map.insert(
            (*channel).to_owned(),
            json!({"activities": activities, "estimated_reach": reach}),
        );
    }
    Value::Object(map)
}

/// Trainings T1 (03-10: MOI-HER 4 F + 11 M, MOJ 2 + 3, IOM-AF 1 + 2) and T2 (08-05: MOI
/// 6 + 15), both charged to the grant. With T1 counted, the 3 from IOM is `<5` and the
/// other kinds would give it away: the smallest shown kind, the 5 of partner ministries,
/// is `x` (3 + 5 = 8 could be 1 + 7 … 3 + 5).
fn trainings_t1_t2() -> Value {
    json!({ "events": 2, "participants": {
        "total": 44,
        "by_sex": { "female": 13, "male": 31 },
        "by_organization_kind": closed(&ORGANIZATION_KINDS, &[
            ("iom", small()), ("moi_national", json!(21)), ("moi_provincial", json!(15)),
            ("partner_ministry", hidden()),
        ]),
    }})
}

fn trainings_t1() -> Value {
    json!({ "events": 1, "participants": {
        "total": 23,
        "by_sex": { "female": 7, "male": 16 },
        "by_organization_kind": closed(&ORGANIZATION_KINDS, &[
            ("iom", small()), ("moi_provincial", json!(15)), ("partner_ministry", hidden()),
        ]),
    }})
}

fn trainings_t2() -> Value {
    json!({ "events": 1, "participants": {
        "total": 21,
        "by_sex": { "female": 6, "male": 15 },
        "by_organization_kind": closed(&ORGANIZATION_KINDS, &[("moi_national", json!(21))]),
    }})
}

fn no_returns() -> Value {
    json!({ "by_direction": closed(&DIRECTIONS, &[]), "by_status": closed(&RETURN_STATUSES, &[]) })
}

fn one_return_requested() -> Value {
    json!({
        "by_direction": closed(&DIRECTIONS, &[("to_afghanistan", small())]),
        "by_status": closed(&RETURN_STATUSES, &[("requested", small())]),
    })
}

/// The whole grant year: 10 people.
///
/// | person | sex | age group | citizenship | province | category | counted by |
/// |---|---|---|---|---|---|---|
/// | P1 | F | 30-38 | AF | AF-HER | victim_of_trafficking | shelter 04-10, shelter 05-20 |
/// | P2 | F | 30-38 | AF | AF-HER | victim_of_trafficking | shelter 04-10 |
/// | P3 | F | 30-38 | AF | AF-HER | victim_of_trafficking | shelter 04-10 |
/// | P4 | F | 30-38 | AF | AF-HER | victim_of_trafficking | shelter 04-10 |
/// | P5 | F | 18-20 | IR | AF-HER | victim_of_trafficking | shelter 04-10 |
/// | P6 | F | 18-20 | IR | AF-KAB | presumed_victim | medical 02-10 |
/// | P7 | F | unknown | IR | AF-KAB | presumed_victim | medical 09-15 |
/// | P8 | M | 30-38 | AF | AF-KAB | presumed_victim | shelter 05-05, reintegration 06-01 |
/// | P9 | M | 30-38 | AF | AF-KAB | vulnerable_migrant | medical 06-30, reintegration 07-01 |
/// | P10 | M | unknown | IR | AF-KAB | vulnerable_migrant | medical 03-01 |
///
/// - sex 7 F / 3 M: the 3 is `<5` and 7 = 10 − 3 would give it away, so `x`;
/// - age 6 / 2 / 2: the two `<5` cells could be 1+3, 2+2 or 3+1, so the 6 stays;
/// - citizenship 6 AF / 4 IR: like sex;
/// - province 5 / 5: nothing small, shown in full;
/// - category 5 / 3 / 2: two `<5` cells, the 5 stays.
fn whole_year() -> Expected {
    Expected {
        from: "2026-01-01",
        to: "2026-12-31",
        people: json!({
            "total": 10,
            "by_sex": closed(&SEXES, &[("female", hidden()), ("male", small())]),
            "by_age_group": closed(&AGE_GROUPS, &[("18-20", small()), ("30-38", json!(6)), ("unknown", small())]),
            "by_citizenship": open(&[("AF", hidden()), ("IR", small())]),
            "by_province": open(&[("AF-HER", json!(5)), ("AF-KAB", json!(5))]),
            "by_category": closed(&CATEGORIES, &[
                ("victim_of_trafficking", json!(5)), ("presumed_victim", small()), ("vulnerable_migrant", small()),
            ]),
        }),
        // medical: 12 500 + 8 000 + 10 000 + 5 000; reintegration: 100 000 + 50 000;
        // shelter: 5 × 20 000 + 20 000 + 15 000 (P1 twice: 7 services, 6 people).
        services: json!([
            { "type": "medical", "count": "<5", "people": "<5", "cost_minor": 35_500, "currency": "USD" },
            { "type": "reintegration_grant", "count": "<5", "people": "<5", "cost_minor": 150_000, "currency": "USD" },
            { "type": "shelter", "count": 7, "people": 6, "cost_minor": 135_000, "currency": "USD" },
        ]),
        // P7's return, whatever its date.
        returns: one_return_requested(),
        trainings: trainings_t1_t2(),
        // A1 (04-15, Nangarhar, radio, 5 000), A2 (05-01, Nangarhar, community session,
        // 300) and A3 (09-10, Herat, radio, 3 800): an activity and its reach are never
        // suppressed, a single activity included.
        awareness: json!({
            "activities": 3, "estimated_reach": 9_100,
            "by_channel": by_channel(&[("community_session", 1, 300), ("radio", 2, 8_800)]),
            "by_province": {
                "AF-HER": {"activities": 1, "estimated_reach": 3_800},
                "AF-NAN": {"activities": 2, "estimated_reach": 5_300},
            },
        }),
        // The proceedings of P1 (verdict, conviction), P2 (reported), P3 (closed,
        // dismissed), P6 (reported), P8 (investigation; and trial) and P9 (reported): 7.
        // Every stage is `<5` (five cells of 1–4 adding up to 7 leave each 1 to 3). The
        // outcomes 1 / 1 / 5 would pin both `<5` at 1, so the 5 is `x`; with the total
        // shown that still leaves 7 − 1 − 1, so the total is `x` too.
        proceedings: json!({
            "total": hidden(),
            "by_stage": closed(&STAGES, &[
                ("reported", small()), ("investigation", small()), ("trial", small()),
                ("verdict", small()), ("closed", small()),
            ]),
            "by_outcome": closed(&OUTCOMES, &[
                ("conviction", small()), ("dismissed", small()), ("none", hidden()),
            ]),
        }),
        spend: spend(135_000 + 35_500, 150_000),
    }
}

/// March to June: P6 (02-10) and P7 (09-15) drop out, 8 people: the API's example, 5 F
/// and 3 M. Every breakdown but category then has a `<5` that the total would give away:
/// - age 6 / 1 / 1: the two `<5` cells must both be 1 (8 − 6 = 2), so the 6 is `x`;
/// - citizenship 6 AF / 2 IR, province 5 HER / 3 KAB: `x` and `<5`;
/// - category 5 / 1 / 2: the `<5` cells could be 1+2 or 2+1, the 5 stays.
fn march_to_june() -> Expected {
    Expected {
        from: "2026-03-01",
        to: "2026-06-30",
        people: json!({
            "total": 8,
            "by_sex": closed(&SEXES, &[("female", hidden()), ("male", small())]),
            "by_age_group": closed(&AGE_GROUPS, &[("18-20", small()), ("30-38", hidden()), ("unknown", small())]),
            "by_citizenship": open(&[("AF", hidden()), ("IR", small())]),
            "by_province": open(&[("AF-HER", hidden()), ("AF-KAB", small())]),
            "by_category": closed(&CATEGORIES, &[
                ("victim_of_trafficking", json!(5)), ("presumed_victim", small()), ("vulnerable_migrant", small()),
            ]),
        }),
        // medical: P10 on 03-01 and P9 on 06-30 (both edges in); reintegration: P8 only.
        services: json!([
            { "type": "medical", "count": "<5", "people": "<5", "cost_minor": 15_000, "currency": "USD" },
            { "type": "reintegration_grant", "count": "<5", "people": "<5", "cost_minor": 100_000, "currency": "USD" },
            { "type": "shelter", "count": 7, "people": 6, "cost_minor": 135_000, "currency": "USD" },
        ]),
        returns: no_returns(),
        trainings: trainings_t1(),
        awareness: json!({
            "activities": 2, "estimated_reach": 5_300,
            "by_channel": by_channel(&[("community_session", 1, 300), ("radio", 1, 5_000)]),
            "by_province": { "AF-NAN": {"activities": 2, "estimated_reach": 5_300} },
        }),
        // P6 drops out: 6 proceedings, every cell `<5` and none of them pinned.
        proceedings: json!({
            "total": 6,
            "by_stage": closed(&STAGES, &[
                ("reported", small()), ("investigation", small()), ("trial", small()),
                ("verdict", small()), ("closed", small()),
            ]),
            "by_outcome": closed(&OUTCOMES, &[
                ("conviction", small()), ("dismissed", small()), ("none", small()),
            ]),
        }),
        spend: spend(135_000 + 15_000, 100_000),
    }
}

/// July to the grant's end: P7 (medical 09-15) and P9 (reintegration 07-01), a total
/// below 5 and every cell `<5`.
fn second_half() -> Expected {
    Expected {
        from: "2026-07-01",
        to: "2026-12-31",
        people: json!({
            "total": "<5",
            "by_sex": closed(&SEXES, &[("female", small()), ("male", small())]),
            "by_age_group": closed(&AGE_GROUPS, &[("30-38", small()), ("unknown", small())]),
            "by_citizenship": open(&[("AF", small()), ("IR", small())]),
            "by_province": open(&[("AF-KAB", small())]),
            "by_category": closed(&CATEGORIES, &[("presumed_victim", small()), ("vulnerable_migrant", small())]),
        }),
        services: json!([
            { "type": "medical", "count": "<5", "people": "<5", "cost_minor": 8_000, "currency": "USD" },
            { "type": "reintegration_grant", "count": "<5", "people": "<5", "cost_minor": 50_000, "currency": "USD" },
        ]),
        returns: one_return_requested(),
        trainings: trainings_t2(),
        awareness: json!({
            "activities": 1, "estimated_reach": 3_800,
            "by_channel": by_channel(&[("radio", 1, 3_800)]),
            "by_province": { "AF-HER": {"activities": 1, "estimated_reach": 3_800} },
        }),
        // P9's only.
        proceedings: json!({
            "total": small(),
            "by_stage": closed(&STAGES, &[("reported", small())]),
            "by_outcome": closed(&OUTCOMES, &[("none", small())]),
        }),
        spend: spend(8_000, 50_000),
    }
}

/// The fixture: the report's grant, another grant, the cases and their assistance.
struct Fixture {
    app: TestApp,
    pm: Signed,
    cm: Signed,
    cw: Signed,
    grant: String,
    donor: String,
    /// The cases, by the tags of the table above.
    cases: BTreeMap<&'static str, String>,
}

impl Fixture {
    fn report_path(&self, query: &str) -> String {
        format!("/api/v1/reports/funding?grant_id={}{query}", self.grant)
    }
}

async fn fixture(db: &TestDb) -> Fixture {
    let app = TestApp::spawn(db).await;
    let pm = sign_in(db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
    let cm = sign_in(db, &app, "manager", "IOM-AF", Role::CaseManager).await;
    let cw = sign_in(db, &app, "worker", "IOM-AF", Role::Caseworker).await;
    let mut body = grant_body(
        "US-CT-2026-01",
        &org_id(db, "DONOR-US").await,
        "USD",
        ("2026-01-01", "2026-12-31"),
        &[
            ("DA", "Direct assistance", 5_000_000),
            ("RR", "Return and reintegration", 2_000_000),
        ],
    );
    body["title"] = json!("Protection and reintegration 2026");
    let grant = create_grant(&app, &pm.token, &body).await;
    let other = create_grant(
        &app,
        &pm.token,
        &grant_body(
            "IT-CT-2026-02",
            &org_id(db, "DONOR-IT").await,
            "EUR",
            ("2026-01-01", "2026-12-31"),
            &[("MED", "Medical care", 1_000_000)],
        ),
    )
    .await;
    let (da, rr, med) = (line(&grant, "DA"), line(&grant, "RR"), line(&other, "MED"));

    let spec = |tag, sex, age, citizenship, province, category| PersonSpec {
        tag,
        sex,
        age,
        citizenship,
        province,
        category,
    };
    let (vot, presumed, vulnerable) = (
        "victim_of_trafficking",
        "presumed_victim",
        "vulnerable_migrant",
    );
    let people = [
        spec("P1", "female", Some(32), "AF", "AF-HER", vot),
        spec("P2", "female", Some(35), "AF", "AF-HER", vot),
        spec("P3", "female", Some(30), "AF", "AF-HER", vot),
        spec("P4", "female", Some(38), "AF", "AF-HER", vot),
        spec("P5", "female", Some(19), "IR", "AF-HER", vot),
        spec("P6", "female", Some(20), "IR", "AF-KAB", presumed),
        spec("P7", "female", None, "IR", "AF-KAB", presumed),
        spec("P8", "male", Some(33), "AF", "AF-KAB", presumed),
        spec("P9", "male", Some(36), "AF", "AF-KAB", vulnerable),
        spec("P10", "male", None, "IR", "AF-KAB", vulnerable),
        // Never counted: their only assistance is planned, cancelled, charged to the other
        // grant, or not charged.
        spec("E1", "male", Some(40), "PK", "AF-BAL", presumed),
        spec("E2", "male", Some(41), "PK", "AF-BAL", presumed),
        spec("E3", "other", Some(22), "PK", "AF-BAL", presumed),
        spec("E4", "unknown", Some(23), "PK", "AF-BAL", presumed),
    ];
    let mut cases = BTreeMap::new();
    for p in &people {
        cases.insert(p.tag, new_case(&app, &cw.token, p).await);
    }
    let t = &cm.token;
    let c = |tag: &str| cases[tag].clone();

    // Counted: delivered, charged to the grant.
    for tag in ["P1", "P2", "P3", "P4", "P5"] {
        logged(
            &app,
            t,
            &c(tag),
            &delivered("shelter", "2026-04-10", 20_000, &da),
        )
        .await;
    }
    logged(
        &app,
        t,
        &c("P8"),
        &delivered("shelter", "2026-05-05", 20_000, &da),
    )
    .await;
    logged(
        &app,
        t,
        &c("P1"),
        &delivered("shelter", "2026-05-20", 15_000, &da),
    )
    .await;
    logged(
        &app,
        t,
        &c("P6"),
        &delivered("medical", "2026-02-10", 12_500, &da),
    )
    .await;
    logged(
        &app,
        t,
        &c("P7"),
        &delivered("medical", "2026-09-15", 8_000, &da),
    )
    .await;
    logged(
        &app,
        t,
        &c("P9"),
        &delivered("medical", "2026-06-30", 10_000, &da),
    )
    .await;
    logged(
        &app,
        t,
        &c("P10"),
        &delivered("medical", "2026-03-01", 5_000, &da),
    )
    .await;
    // Planned first, then delivered.
    let planned = Service {
        status: "planned",
        ..delivered("reintegration_grant", "2026-06-01", 100_000, &rr)
    };
    let (id, etag) = logged(&app, t, &c("P8"), &planned).await;
    let done = patch(
        &app,
        t,
        &format!("/api/v1/cases/{}/assistance/{id}", c("P8")),
        Some(&etag),
        &json!({"status": "delivered"}),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    logged(
        &app,
        t,
        &c("P9"),
        &delivered("reintegration_grant", "2026-07-01", 50_000, &rr),
    )
    .await;

    // Not counted.
    let planned = Service {
        status: "planned",
        ..delivered("shelter", "2026-04-01", 30_000, &da)
    };
    logged(&app, t, &c("P6"), &planned).await;
    logged(&app, t, &c("E1"), &planned).await;
    let cancelled = Service {
        status: "cancelled",
        ..delivered("shelter", "2026-04-02", 30_000, &da)
    };
    logged(&app, t, &c("P7"), &cancelled).await;
    logged(&app, t, &c("E2"), &cancelled).await;
    // Delivered, then cancelled.
    let (id, etag) = logged(
        &app,
        t,
        &c("P5"),
        &delivered("cash", "2026-04-11", 3_000, &da),
    )
    .await;
    let undone = patch(
        &app,
        t,
        &format!("/api/v1/cases/{}/assistance/{id}", c("P5")),
        Some(&etag),
        &json!({"status": "cancelled"}),
    )
    .await;
    assert_eq!(undone.status, 200, "{}", undone.body);
    let italian = Service {
        cost: Some((7_000, "EUR")),
        ..delivered("medical", "2026-04-15", 0, &med)
    };
    logged(&app, t, &c("P2"), &italian).await;
    logged(&app, t, &c("E3"), &italian).await;
    let uncharged = Service {
        kind: "psychosocial",
        status: "delivered",
        date: "2026-04-20",
        cost: Some((4_000, "USD")),
        line: None,
    };
    logged(&app, t, &c("P3"), &uncharged).await;
    logged(&app, t, &c("E4"), &uncharged).await;
    let free = Service {
        kind: "legal_counselling",
        status: "delivered",
        date: "2026-04-21",
        cost: None,
        line: None,
    };
    logged(&app, t, &c("P1"), &free).await;

    // P7 asks to return home: a return of a person assisted counts whatever its date.
    let consent = post(
        &app,
        t,
        &format!("/api/v1/cases/{}/consents", c("P7")),
        &json!({"kind": "return", "given_on": "2026-02-01"}),
    )
    .await;
    assert_eq!(consent.status, 201, "{}", consent.body);
    let requested = post(
        &app,
        t,
        "/api/v1/returns",
        &json!({
            "case_id": c("P7"), "direction": "to_afghanistan",
            "origin": {"country": "IR"}, "destination": {"country": "AF", "province": "AF-KAB"},
        }),
    )
    .await;
    assert_eq!(requested.status, 201, "{}", requested.body);

    // Trainings and awareness activities, at no cost so that the spend stays the
    // assistance's: counted when charged to the grant, in the period.
    let org = async |code: &str| org_id(db, code).await;
    let (iom, moi, moi_her, moj) = (
        org("IOM-AF").await,
        org("MOI").await,
        org("MOI-HER").await,
        org("MOJ").await,
    );
    let training = |day: &str, line: Option<&str>, participants: Value| {
        json!({
            "title": "Identifying victims", "topic": "identification", "province": "AF-HER",
            "starts_on": day, "ends_on": day, "organizer_organization_id": iom,
            "participants": participants,
            "cost": {"amount_minor": 0, "currency": if line == Some(med.as_str()) { "EUR" } else { "USD" }},
            "budget_line_id": line,
        })
    };
    let t1 = json!([
        {"organization_id": moi_her, "female": 4, "male": 11},
        {"organization_id": moj, "female": 2, "male": 3},
        {"organization_id": iom, "female": 1, "male": 2},
    ]);
    let t2 = json!([{"organization_id": moi, "female": 6, "male": 15}]);
    let never = json!([{"organization_id": moi_her, "female": 9, "male": 9}]);
    for body in [
        training("2026-03-10", Some(&da), t1),
        training("2026-08-05", Some(&rr), t2),
        // Not counted: charged to the other grant, or not charged.
        training("2026-04-01", Some(&med), never.clone()),
        json!({
            "title": "Uncharged", "topic": "other", "province": "AF-KAB",
            "starts_on": "2026-04-02", "ends_on": "2026-04-02", "organizer_organization_id": iom,
            "participants": never,
        }),
    ] {
        let created = post(&app, &pm.token, "/api/v1/trainings", &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
    }
    let awareness = |day: &str, province: &str, channel: &str, reach: u32, line: Option<&str>| {
        let mut body = json!({
            "province": province, "date": day, "channel": channel, "estimated_reach": reach,
        });
        if let Some(line) = line {
            let currency = if line == med { "EUR" } else { "USD" };
            body["cost"] = json!({"amount_minor": 0, "currency": currency});
            body["budget_line_id"] = json!(line);
        }
        body
    };
    for body in [
        awareness("2026-04-15", "AF-NAN", "radio", 5_000, Some(&da)),
        awareness("2026-05-01", "AF-NAN", "community_session", 300, Some(&da)),
        awareness("2026-09-10", "AF-HER", "radio", 3_800, Some(&rr)),
        awareness("2026-04-20", "AF-KAB", "tv", 70_000, Some(&med)),
        awareness("2026-04-21", "AF-KAB", "school", 400, None),
    ] {
        let created = post(&app, &pm.token, "/api/v1/awareness-activities", &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
    }

    // Legal proceedings, each moved through the stages to where it stands. E1's is never
    // counted: E1 was never assisted.
    let steps = |to: &'static [&'static str]| to;
    for (tag, moves) in [
        (
            "P1",
            steps(&["investigation", "prosecution", "trial", "verdict"]),
        ),
        ("P2", steps(&[])),
        ("P3", steps(&["closed"])),
        ("P6", steps(&[])),
        ("P8", steps(&["investigation"])),
        ("P8", steps(&["investigation", "prosecution", "trial"])),
        ("P9", steps(&[])),
        ("E1", steps(&[])),
    ] {
        let opened = post(
            &app,
            t,
            &format!("/api/v1/cases/{}/proceedings", c(tag)),
            &json!({
                "law": "ctip_2017", "articles": ["4"], "reported_on": "2026-02-01",
                "province": "AF-HER",
            }),
        )
        .await;
        assert_eq!(opened.status, 201, "{}", opened.body);
        let id = opened.body["id"].as_str().unwrap();
        for to in moves {
            let outcome = match (tag, *to) {
                (_, "verdict") => json!("conviction"),
                ("P3", "closed") => json!("dismissed"),
                _ => Value::Null,
            };
            let moved = post(
                &app,
                t,
                &format!("/api/v1/proceedings/{id}/transitions"),
                &json!({"to": to, "outcome": outcome}),
            )
            .await;
            assert_eq!(moved.status, 200, "{tag} {to}: {}", moved.body);
        }
    }

    Fixture {
        app,
        pm,
        cm,
        cw,
        grant: grant["id"].as_str().unwrap().to_owned(),
        donor: org_name(db, "DONOR-US").await,
        cases,
    }
}

/// A response's status, headers and raw body.
struct Raw {
    status: StatusCode,
    content_type: String,
    disposition: Option<String>,
    cache_control: Option<String>,
    body: Vec<u8>,
}

async fn raw(app: &TestApp, token: &str, path: &str) -> Raw {
    let response = app.get_as(token, path).await;
    let headers = response.headers().clone();
    let text = |name| {
        headers
            .get(name)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
    };
    Raw {
        status: response.status(),
        content_type: text(header::CONTENT_TYPE).unwrap_or_default(),
        disposition: text(header::CONTENT_DISPOSITION),
        cache_control: text(header::CACHE_CONTROL),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

on_both_backends! {
    async fn the_funding_report_matches_the_fixture_computed_by_hand(db: TestDb) {
        let f = fixture(&db).await;
        for (expected, query) in [
            (whole_year(), ""),
            (whole_year(), "&from=2026-01-01&to=2026-12-31&format=json"),
            (march_to_june(), "&from=2026-03-01&to=2026-06-30"),
            (second_half(), "&from=2026-07-01"),
        ] {
            let report = get(&f.app, &f.pm.token, &f.report_path(query)).await;
            assert_eq!(report.status, 200, "{query}: {}", report.body);
            let want = expected.json(&f.grant, &f.donor);
            for part in ["grant", "period", "currency", "min_cell_size", "people_assisted", "services", "returns", "referrals", "trainings", "awareness", "proceedings", "spend", "totals"] {
                assert_eq!(report.body[part], want[part], "{query}: {part}");
            }
            assert_eq!(report.body, want, "{query}");
        }
        // The case manager reads the same report.
        let by_manager = get(&f.app, &f.cm.token, &f.report_path("")).await;
        assert_eq!(by_manager.status, 200);
        assert_eq!(by_manager.body, whole_year().json(&f.grant, &f.donor));

        // A period with nothing in it: zeros, and every line with its whole budget left.
        let empty = get(&f.app, &f.pm.token, &f.report_path("&from=2026-10-01&to=2026-10-31")).await;
        assert_eq!(empty.status, 200, "{}", empty.body);
        assert_eq!(empty.body["people_assisted"], json!({
            "total": 0, "by_sex": closed(&SEXES, &[]), "by_age_group": closed(&AGE_GROUPS, &[]),
            "by_citizenship": {}, "by_province": {}, "by_category": closed(&CATEGORIES, &[]),
        }));
        assert_eq!(empty.body["services"], json!([]));
        assert_eq!(empty.body["spend"], spend(0, 0));
        // The grant named by its code gives the very same report.
        let by_code = get(&f.app, &f.pm.token, "/api/v1/reports/funding?grant_id=US-CT-2026-01").await;
        assert_eq!(by_code.status, 200, "{}", by_code.body);
        assert_eq!(by_code.body, whole_year().json(&f.grant, &f.donor));

        // Refused parameters. A period reaching outside the grant's names each end that
        // does, with the grant's own day.
        let wider = get(&f.app, &f.pm.token, &f.report_path("&from=2025-01-01&to=2027-12-31")).await;
        assert_invalid(&wider, &["from", "to"]);
        assert!(wider.body.to_string().contains("2026-01-01"), "{}", wider.body);
        assert!(wider.body.to_string().contains("2026-12-31"), "{}", wider.body);
        let backwards = get(&f.app, &f.pm.token, &f.report_path("&from=2026-07-01&to=2026-06-30")).await;
        assert_invalid(&backwards, &["from"]);
        // `from` after the grant's last day is outside it, whatever `to` is.
        let late = get(&f.app, &f.pm.token, &f.report_path("&from=2027-01-01")).await;
        assert_invalid(&late, &["from"]);
        assert!(late.body.to_string().contains("after the grant's last day, 2026-12-31"), "{}", late.body);
        let unknown = get(&f.app, &f.pm.token, &format!("/api/v1/reports/funding?grant_id={}", Uuid::now_v7())).await;
        assert_invalid(&unknown, &["grant_id"]);
        assert_invalid(&get(&f.app, &f.pm.token, "/api/v1/reports/funding").await, &["grant_id"]);
        assert_invalid(&get(&f.app, &f.pm.token, "/api/v1/reports/funding?grant_id=nope").await, &["grant_id"]);
        assert_invalid(&get(&f.app, &f.pm.token, &f.report_path("&donor=US")).await, &["donor"]);
        assert_invalid(&get(&f.app, &f.pm.token, &f.report_path("&format=pdf")).await, &["format"]);
        assert_invalid(&get(&f.app, &f.pm.token, &f.report_path("&from=2026-13-01")).await, &["from"]);
    }

    async fn the_funding_report_exports_as_csv_and_xlsx_without_personal_data(db: TestDb) {
        let f = fixture(&db).await;
        let json = raw(&f.app, &f.pm.token, &f.report_path("")).await;
        assert_eq!(json.status, 200);
        assert!(json.content_type.starts_with("application/json"), "{}", json.content_type);
        let json_text = String::from_utf8(json.body).unwrap();
        assert!(!json_text.contains(SENTINEL), "{json_text}");
        assert!(!json_text.contains("Given") && !json_text.contains("Family"), "{json_text}");

        // CSV.
        let csv = raw(&f.app, &f.pm.token, &f.report_path("&format=csv")).await;
        assert_eq!(csv.status, 200);
        assert_eq!(csv.content_type, "text/csv; charset=utf-8");
        assert_eq!(
            csv.disposition.as_deref(),
            Some("attachment; filename=\"funding-US-CT-2026-01-2026-01-01-2026-12-31.csv\"")
        );
        let csv_cache = csv.cache_control;
        let text = String::from_utf8(csv.body).unwrap();
        let text = text.strip_prefix('\u{feff}').expect("a byte-order mark first");
        assert!(text.starts_with("section,group,key,value,label\r\n"), "{text}");
        assert!(!text.contains(SENTINEL), "{text}");
        let rows: Vec<&str> = text.split_terminator("\r\n").collect();
        for row in [
            format!("report,grant,id,{},", f.grant),
            "report,grant,code,US-CT-2026-01,".to_owned(),
            "report,grant,title,Protection and reintegration 2026,".to_owned(),
            format!("report,grant,donor,{},", f.donor),
            "report,period,from,2026-01-01,".to_owned(),
            "report,period,to,2026-12-31,".to_owned(),
            "report,money,currency,USD,".to_owned(),
            "report,money,decimal_places,2,".to_owned(),
            "people_assisted,total,all,10,".to_owned(),
            "people_assisted,by_sex,female,x,Female".to_owned(),
            "people_assisted,by_sex,male,<5,Male".to_owned(),
            "people_assisted,by_sex,other,0,Other".to_owned(),
            "people_assisted,by_age_group,30-38,6,30 to 38 years".to_owned(),
            "people_assisted,by_citizenship,AF,x,Afghanistan".to_owned(),
            "people_assisted,by_province,AF-HER,5,Herat".to_owned(),
            "people_assisted,by_province,AF-KAB,5,Kabul".to_owned(),
            "people_assisted,by_category,presumed_victim,<5,Presumed victim".to_owned(),
            "services,medical,count,<5,Medical".to_owned(),
            "services,medical,cost,355.00,Medical".to_owned(),
            "services,shelter,count,7,Shelter".to_owned(),
            "services,shelter,people,6,Shelter".to_owned(),
            "services,shelter,cost,1350.00,Shelter".to_owned(),
            "returns,by_direction,to_afghanistan,<5,To Afghanistan".to_owned(),
            "referrals,by_purpose,investigation,0,Investigation".to_owned(),
            "spend,DA,name,Direct assistance,Direct assistance".to_owned(),
            "spend,DA,budget,50000.00,Direct assistance".to_owned(),
            "spend,DA,spent,1705.00,Direct assistance".to_owned(),
            "spend,DA,remaining,48295.00,Direct assistance".to_owned(),
            "spend,RR,remaining,18500.00,Return and reintegration".to_owned(),
            "totals,USD,spent,3205.00,".to_owned(),
            "trainings,events,all,2,".to_owned(),
            "trainings,participants_total,all,44,".to_owned(),
            "trainings,participants_by_organization_kind,iom,<5,IOM".to_owned(),
            "trainings,participants_by_organization_kind,partner_ministry,x,Partner ministries".to_owned(),
            "awareness,activities_by_channel,radio,2,Radio".to_owned(),
            "awareness,reach_by_channel,radio,8800,Radio".to_owned(),
            "awareness,reach_by_province,AF-NAN,5300,Nangarhar".to_owned(),
            "proceedings,total,all,x,".to_owned(),
            "proceedings,by_stage,trial,<5,Trial".to_owned(),
            "proceedings,by_outcome,none,x,No outcome yet".to_owned(),
        ] {
            assert!(rows.contains(&row.as_str()), "no row {row:?} in\n{text}");
        }
        // Every figure row has the five columns (nothing there needs quoting).
        assert!(rows.iter().filter(|r| !r.starts_with("report,")).all(|r| r.split(',').count() == 5), "{text}");
        // The narrowed period, in the CSV too.
        let narrowed = raw(&f.app, &f.cm.token, &f.report_path("&format=csv&from=2026-03-01&to=2026-06-30")).await;
        assert_eq!(
            narrowed.disposition.as_deref(),
            Some("attachment; filename=\"funding-US-CT-2026-01-2026-03-01-2026-06-30.csv\"")
        );
        let narrowed = String::from_utf8(narrowed.body).unwrap();
        for row in ["people_assisted,total,all,8,", "people_assisted,by_province,AF-HER,x,Herat", "spend,DA,spent,1500.00,Direct assistance"] {
            assert!(narrowed.split("\r\n").any(|r| r == row), "no row {row:?} in\n{narrowed}");
        }

        // XLSX.
        let xlsx = raw(&f.app, &f.pm.token, &f.report_path("&format=xlsx")).await;
        assert_eq!(xlsx.status, 200);
        assert_eq!(xlsx.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert_eq!(
            xlsx.disposition.as_deref(),
            Some("attachment; filename=\"funding-US-CT-2026-01-2026-01-01-2026-12-31.xlsx\"")
        );
        assert!(xlsx.body.starts_with(b"PK"));
        // Downloads are not kept by caches either.
        assert_eq!(csv_cache.as_deref(), Some("no-store"));
        assert_eq!(xlsx.cache_control.as_deref(), Some("no-store"));
        let book = Xlsx::open(xlsx.body);
        assert_eq!(book.sheets, ["Summary", "People", "Services", "Returns and referrals", "Trainings and awareness", "Proceedings", "Spend"]);
        assert_eq!(book.cell("Trainings and awareness", "B2"), Stored::Number("44".into()));
        assert_eq!(book.cell("Proceedings", "B1"), Stored::Text("x".into()));
        assert_eq!(book.cell("People", "A1"), Stored::Text("People assisted".into()));
        assert_eq!(book.cell("People", "B1"), Stored::Number("10".into()));
        assert_eq!(book.cell("People", "A3"), Stored::Text("Sex".into()));
        assert_eq!(book.cell("People", "A4"), Stored::Text("female".into()));
        assert_eq!(book.cell("People", "B4"), Stored::Text("x".into()));
        assert_eq!(book.cell("People", "A5"), Stored::Text("male".into()));
        assert_eq!(book.cell("People", "B5"), Stored::Text("<5".into()));
        assert_eq!(book.cell("People", "B6"), Stored::Number("0".into()));
        assert_eq!(book.cell("People", "A16"), Stored::Text("30-38".into()));
        assert_eq!(book.cell("People", "B16"), Stored::Number("6".into()));
        assert_eq!(book.cell("Services", "A4"), Stored::Text("shelter".into()));
        assert_eq!(book.cell("Services", "B4"), Stored::Number("7".into()));
        assert_eq!(book.cell("Services", "D4"), Stored::Number("1350".into()));
        assert_eq!(book.cell("Spend", "A2"), Stored::Text("DA".into()));
        assert_eq!(book.cell("Spend", "D2"), Stored::Number("1705".into()));
        assert_eq!(book.cell("Spend", "E2"), Stored::Number("48295".into()));
        assert_eq!(book.cell("Summary", "B3"), Stored::Text("US-CT-2026-01".into()));
        for (name, xml) in &book.files {
            assert!(!xml.contains(SENTINEL), "{name} holds a name");
        }
    }

    async fn every_export_of_the_funding_report_is_audited(db: TestDb) {
        let f = fixture(&db).await;
        let cw = &f.cw;
        let iom = org_id(&db, "IOM-AF").await;
        let donor = org_id(&db, "DONOR-US").await;
        let requests = [
            (&f.pm, "", ("2026-01-01", "2026-12-31", "json")),
            (&f.pm, "&format=csv&from=2026-03-01", ("2026-03-01", "2026-12-31", "csv")),
            (&f.cm, "&format=xlsx&to=2026-06-30", ("2026-01-01", "2026-06-30", "xlsx")),
            (&f.cm, "&format=json&from=2026-02-01&to=2026-02-28", ("2026-02-01", "2026-02-28", "json")),
        ];
        for (n, (who, query, _)) in requests.iter().enumerate() {
            let answer = raw(&f.app, &who.token, &f.report_path(query)).await;
            assert_eq!(answer.status, 200, "{query}");
            assert_eq!(audited(&db, "report.funding").await.len(), n + 1, "{query}");
        }
        // Refused requests export nothing and leave no export in the log.
        assert_eq!(raw(&f.app, &cw.token, &f.report_path("&format=csv")).await.status, 403);
        assert_eq!(raw(&f.app, &f.pm.token, &f.report_path("&from=2026-12-01&to=2026-01-01")).await.status, 422);
        assert_eq!(raw(&f.app, &f.pm.token, &f.report_path("&format=doc")).await.status, 422);

        let entries = audited(&db, "report.funding").await;
        assert_eq!(entries.len(), requests.len());
        for (entry, (who, query, (from, to, format))) in entries.iter().zip(&requests) {
            assert_eq!(entry.actor_id, Some(who.user.id), "{query}");
            assert_eq!(entry.actor_organization_id.map(|o| o.0.to_string()), Some(iom.clone()));
            assert_eq!(entry.target_type.as_deref(), Some("grant"));
            assert_eq!(entry.target_id.as_deref(), Some(f.grant.as_str()));
            assert_eq!(entry.outcome, Outcome::Success);
            let details: Value = serde_json::from_str(entry.details.as_deref().unwrap()).unwrap();
            // An export records its purpose and its recipient, the grant's donor.
            assert_eq!(details, json!({
                "from": from, "to": to, "format": format,
                "purpose": "donor_reporting", "recipient": donor, "door": "api",
            }), "{query}");
            assert!(!entry.details.as_deref().unwrap().contains(SENTINEL));
        }
        // The caseworker's attempt is in the log as a refusal.
        let denied = audited(&db, "access.denied").await;
        assert_eq!(denied.len(), 1);
        assert_eq!(denied[0].actor_id, Some(cw.user.id));
        assert_eq!(denied[0].target_id.as_deref(), Some("GET /api/v1/reports/funding"));
    }
}

// ---------------------------------------------------------------------------------------
// 3b. A donor's report: every grant of the donor, people once, money per currency
// ---------------------------------------------------------------------------------------

on_both_backends! {
    async fn a_donors_report_covers_its_grants_counts_people_once_and_never_adds_currencies(db: TestDb) {
        let f = fixture(&db).await;
        let us = org_id(&db, "DONOR-US").await;
        // A second grant of the same donor, in euros: P1 and P2, assisted under the first
        // grant already, get a medical service each under it.
        let mut body = grant_body(
            "US-CT-2026-02", &us, "EUR", ("2026-03-01", "2026-12-31"),
            &[("EM", "Emergency medical", 400_000)],
        );
        body["title"] = json!("Emergency care 2026");
        let second = create_grant(&f.app, &f.pm.token, &body).await;
        let em = line(&second, "EM");
        for (tag, amount) in [("P1", 9_000), ("P2", 6_550)] {
            let service = Service {
                cost: Some((amount, "EUR")),
                ..delivered("medical", "2026-04-05", 0, &em)
            };
            logged(&f.app, &f.cm.token, &f.cases[tag], &service).await;
        }
        let path = |query: &str| format!("/api/v1/reports/funding?donor_id={us}{query}");

        let report = get(&f.app, &f.pm.token, &path("")).await;
        assert_eq!(report.status, 200, "{}", report.body);
        let year = whole_year();
        assert_eq!(report.body["donor"], json!({
            "id": us, "code": "DONOR-US", "name": f.donor,
            "grants": [
                {"id": f.grant, "code": "US-CT-2026-01", "title": "Protection and reintegration 2026", "currency": "USD"},
                {"id": second["id"], "code": "US-CT-2026-02", "title": "Emergency care 2026", "currency": "EUR"},
            ],
        }));
        // A donor's report names no one grant and no one currency.
        assert!(report.body.get("grant").is_none() && report.body.get("currency").is_none(), "{}", report.body);
        // The period spans the donor's grants.
        assert_eq!(report.body["period"], json!({"from": "2026-01-01", "to": "2026-12-31"}));
        // P1 and P2 are counted once, whichever grant served them.
        assert_eq!(report.body["people_assisted"], year.people);
        assert_eq!(report.body["trainings"], year.trainings);
        assert_eq!(report.body["awareness"], year.awareness);
        assert_eq!(report.body["proceedings"], year.proceedings);
        // Medical services in euros and in dollars are two rows, never one sum.
        assert_eq!(report.body["services"], json!([
            { "type": "medical", "count": "<5", "people": "<5", "cost_minor": 15_550, "currency": "EUR" },
            { "type": "medical", "count": "<5", "people": "<5", "cost_minor": 35_500, "currency": "USD" },
            { "type": "reintegration_grant", "count": "<5", "people": "<5", "cost_minor": 150_000, "currency": "USD" },
            { "type": "shelter", "count": 7, "people": 6, "cost_minor": 135_000, "currency": "USD" },
        ]));
        let mut lines = year.spend.as_array().unwrap().clone();
        lines.push(json!({ "grant_code": "US-CT-2026-02", "currency": "EUR", "budget_line_code": "EM",
            "name": "Emergency medical", "budget_minor": 400_000, "spent_minor": 15_550, "remaining_minor": 384_450 }));
        assert_eq!(report.body["spend"], json!(lines));
        assert_eq!(report.body["totals"], json!([
            { "currency": "EUR", "budget_minor": 400_000, "spent_minor": 15_550, "remaining_minor": 384_450 },
            { "currency": "USD", "budget_minor": 7_000_000, "spent_minor": 320_500, "remaining_minor": 6_679_500 },
        ]));

        // By the donor's code, the very same report; narrowed to a period, only what falls in it.
        let by_code = get(&f.app, &f.cm.token, "/api/v1/reports/funding?donor_id=DONOR-US").await;
        assert_eq!(by_code.body, report.body);
        let spring = get(&f.app, &f.pm.token, &path("&from=2026-03-01&to=2026-06-30")).await;
        assert_eq!(spring.status, 200, "{}", spring.body);
        assert_eq!(spring.body["people_assisted"], march_to_june().people);
        // Before the second grant begins, the donor's report covers the first alone.
        let winter = get(&f.app, &f.pm.token, &path("&from=2026-01-01&to=2026-02-28")).await;
        assert_eq!(winter.body["donor"]["grants"].as_array().unwrap().len(), 1, "{}", winter.body);
        assert_eq!(winter.body["totals"].as_array().unwrap().len(), 1, "{}", winter.body);

        // The CSV names each amount's currency and adds up per currency.
        let csv = raw(&f.app, &f.pm.token, &path("&format=csv")).await;
        assert_eq!(
            csv.disposition.as_deref(),
            Some("attachment; filename=\"funding-DONOR-US-2026-01-01-2026-12-31.csv\"")
        );
        let text = String::from_utf8(csv.body).unwrap();
        for row in [
            "report,donor,code,DONOR-US,",
            "report,grants,US-CT-2026-02,EUR,Emergency care 2026",
            "services,medical/EUR,cost,155.50,Medical",
            "services,medical/USD,cost,355.00,Medical",
            "spend,US-CT-2026-02/EM,spent,155.50,Emergency medical",
            "totals,EUR,spent,155.50,",
            "totals,USD,spent,3205.00,",
        ] {
            assert!(text.split("\r\n").any(|r| r == row), "no row {row:?} in\n{text}");
        }
        assert!(!text.contains("report,money,currency"), "{text}");
        let book = Xlsx::open(raw(&f.app, &f.pm.token, &path("&format=xlsx")).await.body);
        assert_eq!(book.cell("Spend", "C1"), Stored::Text("Budget".into()));
        assert_eq!(book.cell("Spend", "F4"), Stored::Text("EUR".into()));
        assert_eq!(book.cell("Spend", "G4"), Stored::Text("US-CT-2026-02".into()));
        assert_eq!(book.cell("Spend", "A5"), Stored::Text("Total".into()));
        assert_eq!(book.cell("Spend", "D5"), Stored::Number("155.5".into()));
        assert_eq!(book.cell("Spend", "D6"), Stored::Number("3205".into()));

        // Exactly one of grant_id and donor_id, naming a donor that has a grant in the period.
        assert_invalid(&get(&f.app, &f.pm.token, &format!("{}&donor_id={us}", f.report_path(""))).await, &["donor_id"]);
        assert_invalid(&get(&f.app, &f.pm.token, "/api/v1/reports/funding").await, &["grant_id"]);
        assert_invalid(&get(&f.app, &f.pm.token, &format!("/api/v1/reports/funding?donor_id={}", Uuid::now_v7())).await, &["donor_id"]);
        assert_invalid(&get(&f.app, &f.pm.token, "/api/v1/reports/funding?donor_id=IOM-AF").await, &["donor_id"]);
        assert_invalid(&get(&f.app, &f.pm.token, &path("&from=2027-01-01&to=2027-12-31")).await, &["donor_id"]);
        assert_invalid(&get(&f.app, &f.pm.token, &path("&from=2026-07-01&to=2026-06-30")).await, &["from"]);
        // As the grant's report: programme and case managers only.
        assert_forbidden(&get(&f.app, &f.cw.token, &path("")).await);

        // Audited like the grant's report, naming the donor and the grants covered.
        let entries = audited(&db, "report.funding").await;
        let entry = entries.iter().find(|e| e.target_type.as_deref() == Some("organization")).unwrap();
        assert_eq!(entry.target_id.as_deref(), Some(us.as_str()));
        assert_eq!(entry.actor_id, Some(f.pm.user.id));
        let details: Value = serde_json::from_str(entry.details.as_deref().unwrap()).unwrap();
        assert_eq!(details["recipient"], json!(us));
        assert_eq!(details["grants"], json!(["US-CT-2026-01", "US-CT-2026-02"]));
        assert_eq!(details["purpose"], "donor_reporting");
        assert_eq!(entries.iter().filter(|e| e.target_type.as_deref() == Some("organization")).count(), 6);
    }
}

// ---------------------------------------------------------------------------------------
// 4.–6. CSV injection, roles
// ---------------------------------------------------------------------------------------

on_both_backends! {
    async fn text_in_the_csv_and_xlsx_is_neutralised_and_an_overspent_line_stays_a_number(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let pm = sign_in(&db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let cm = sign_in(&db, &app, "manager", "IOM-AF", Role::CaseManager).await;
        let title = "=HYPERLINK(\"http://x\",\"y\")";
        let mut body = grant_body(
            "-X1", &org_id(&db, "DONOR-US").await, "USD", ("2026-01-01", "2026-12-31"),
            &[("DA", "+cmd", 10_000), ("-B", "@SUM(1+1)", 5_000)],
        );
        body["title"] = json!(title);
        let grant = create_grant(&app, &pm.token, &body).await;
        assert_eq!(grant["title"], title);
        let id = grant["id"].as_str().unwrap();
        let cw = sign_in(&db, &app, "worker", "IOM-AF", Role::Caseworker).await;
        let case = some_case(&app, &cw.token).await;
        logged(&app, &cm.token, &case, &delivered("shelter", "2026-03-01", 15_000, &line(&grant, "DA"))).await;

        // JSON carries the text as it is.
        let json = get(&app, &pm.token, &format!("/api/v1/reports/funding?grant_id={id}")).await;
        assert_eq!(json.status, 200, "{}", json.body);
        assert_eq!(json.body["grant"]["title"], title);
        assert_eq!(json.body["spend"][1], json!({
            "grant_code": "-X1", "currency": "USD",
            "budget_line_code": "DA", "name": "+cmd", "budget_minor": 10_000,
            "spent_minor": 15_000, "remaining_minor": -5_000,
        }));

        let csv = raw(&app, &pm.token, &format!("/api/v1/reports/funding?grant_id={id}&format=csv")).await;
        assert_eq!(csv.status, 200);
        assert_eq!(
            csv.disposition.as_deref(),
            Some("attachment; filename=\"funding--X1-2026-01-01-2026-12-31.csv\"")
        );
        let text = String::from_utf8(csv.body).unwrap();
        let rows: Vec<&str> = text.split_terminator("\r\n").collect();
        for row in [
            "report,grant,code,'-X1,",
            "report,grant,title,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",",
            "spend,DA,name,'+cmd,'+cmd",
            "spend,DA,budget,100.00,'+cmd",
            "spend,DA,spent,150.00,'+cmd",
            "spend,DA,remaining,-50.00,'+cmd",
            "spend,'-B,name,'@SUM(1+1),'@SUM(1+1)",
            "spend,'-B,remaining,50.00,'@SUM(1+1)",
        ] {
            assert!(rows.contains(&row), "no row {row:?} in\n{text}");
        }
        // No field anywhere starts with a formula character but a number in the value
        // column (splitting at every comma is enough here: the one quoted field starts
        // with a quote, and so do the pieces of it).
        for row in &rows {
            for (column, field) in row.split(',').enumerate() {
                if field.starts_with(['=', '+', '-', '@']) {
                    assert_eq!(column, 3, "{row}");
                    assert!(field.parse::<f64>().is_ok(), "{row}");
                }
            }
        }

        let xlsx = raw(&app, &pm.token, &format!("/api/v1/reports/funding?grant_id={id}&format=xlsx")).await;
        let book = Xlsx::open(xlsx.body);
        assert_eq!(book.cell("Summary", "B4"), Stored::Text(format!("'{title}")));
        assert_eq!(book.cell("Spend", "B3"), Stored::Text("'+cmd".into()));
        assert_eq!(book.cell("Spend", "E3"), Stored::Number("-50".into()));
    }

    async fn only_programme_and_case_managers_get_the_funding_report(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let pm = sign_in(&db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let grant = create_grant(&app, &pm.token, &grant_body(
            "US-CT-2026-01", &org_id(&db, "DONOR-US").await, "USD", ("2026-01-01", "2026-12-31"),
            &[("DA", "Direct assistance", 5_000_000)],
        )).await;
        let path = format!("/api/v1/reports/funding?grant_id={}", grant["id"].as_str().unwrap());
        let cm = sign_in(&db, &app, "manager", "IOM-AF", Role::CaseManager).await;
        for token in [&pm.token, &cm.token] {
            for format in ["json", "csv", "xlsx"] {
                let answer = raw(&app, token, &format!("{path}&format={format}")).await;
                assert_eq!(answer.status, 200, "{format}");
            }
        }
        let refused = [
            ("worker", "IOM-AF", Role::Caseworker),
            ("admin", "IOM-AF", Role::Admin),
            ("auditor", "IOM-AF", Role::Auditor),
            ("liaison", "MOI", Role::MinistryLiaison),
            ("officer", "MOI-KAB", Role::ProvincialOfficer),
            ("focal", "MOJ", Role::PartnerFocalPoint),
        ];
        for (username, org, role) in refused {
            let user = sign_in(&db, &app, username, org, role).await;
            for format in ["json", "csv", "xlsx"] {
                let answer = get(&app, &user.token, &format!("{path}&format={format}")).await;
                assert_forbidden(&answer);
            }
            // Refused before the parameters are looked at.
            assert_forbidden(&get(&app, &user.token, "/api/v1/reports/funding?grant_id=nope").await);
        }
        let anonymous = app.get(&path).await;
        assert_eq!(anonymous.status(), 401);
        // Only the 6 allowed requests were exports.
        assert_eq!(audited(&db, "report.funding").await.len(), 6);
    }
}

// ---------------------------------------------------------------------------------------
// Concurrency, and what suppression must not give away
// ---------------------------------------------------------------------------------------

on_both_backends! {
    async fn the_report_adds_up_while_services_are_being_logged(db: TestDb) {
        let app = std::sync::Arc::new(TestApp::spawn(&db).await);
        let pm = sign_in(&db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let cw = sign_in(&db, &app, "worker", "IOM-AF", Role::Caseworker).await;
        let grant = create_grant(&app, &pm.token, &grant_body(
            "US-CT-2026-01", &org_id(&db, "DONOR-US").await, "USD", ("2026-01-01", "2026-12-31"),
            &[("DA", "Direct assistance", 5_000_000)],
        )).await;
        let da = line(&grant, "DA");
        let mut cases = Vec::new();
        for _ in 0..30 {
            cases.push(some_case(&app, &cw.token).await);
        }
        let path = format!("/api/v1/reports/funding?grant_id={}", grant["id"].as_str().unwrap());
        // Each service makes one more person assisted while reports are being counted: a
        // report that read its figures at different moments would not add up (500).
        let writer = {
            let (app, token) = (app.clone(), cw.token.clone());
            tokio::spawn(async move {
                for case in cases {
                    logged(&app, &token, &case, &delivered("shelter", "2026-04-10", 100, &da)).await;
                }
            })
        };
        let mut reports = 0;
        while !writer.is_finished() {
            let report = get(&app, &pm.token, &path).await;
            assert_eq!(report.status, 200, "{}", report.body);
            reports += 1;
        }
        writer.await.unwrap();
        assert!(reports > 1, "the writer finished before a report was read");
        let last = get(&app, &pm.token, &path).await;
        assert_eq!(last.body["people_assisted"]["total"], 30);
        assert_eq!(last.body["spend"][0]["spent_minor"], 3_000);
    }
}

/// Shrinks a fresh grant's period while a cost is charged to it on a day the shrink
/// leaves out, 40 times. Returns how often both succeeded, leaving a cost outside the
/// grant's period.
async fn period_races(db: &TestDb) -> usize {
    let app = std::sync::Arc::new(TestApp::spawn(db).await);
    let pm = sign_in(db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
    let cw = sign_in(db, &app, "worker", "IOM-AF", Role::Caseworker).await;
    let case = some_case(&app, &cw.token).await;
    let donor = org_id(db, "DONOR-US").await;
    let mut both = 0;
    for i in 0..40 {
        let grant = create_grant(
            &app,
            &pm.token,
            &grant_body(
                &format!("G-{i}"),
                &donor,
                "USD",
                ("2026-01-01", "2026-12-31"),
                &[("DA", "Direct assistance", 5_000_000)],
            ),
        )
        .await;
        let da = line(&grant, "DA");
        let path = format!("/api/v1/grants/{}", grant["id"].as_str().unwrap());
        let (a, t) = (app.clone(), pm.token.clone());
        let shrink = tokio::spawn(async move {
            let body = json!({"starts_on": "2026-03-01"});
            patch(&a, &t, &path, Some("\"1\""), &body).await.status
        });
        let (a, t, c) = (app.clone(), cw.token.clone(), case.clone());
        let charge = tokio::spawn(async move {
            let service = delivered("shelter", "2026-02-15", 100, &da);
            log(&a, &t, &c, &service).await.status
        });
        let (shrunk, charged) = (shrink.await.unwrap(), charge.await.unwrap());
        if shrunk == 200 && charged == 201 {
            both += 1;
        }
    }
    both
}

/// A grant's period and a charge to it, changed at the same time, never leave the cost
/// outside the period: each write checks the other inside its own transaction.
mod a_shrinking_period_and_a_charge_at_the_same_time_keep_the_cost_inside {
    use super::*;

    #[tokio::test]
    async fn sqlite() {
        let db = TestDb::sqlite().await;
        assert_eq!(period_races(&db).await, 0);
    }

    #[tokio::test]
    async fn postgres() {
        let Some(db) = TestDb::postgres().await else {
            return;
        };
        assert_eq!(period_races(&db).await, 0);
    }
}

/// 8 people, 4 in Herat and 4 in Kabul, every one given the same one service: the people
/// group hides its total (4 + 4 with a shown 8 would give both away), but the service's
/// count of people, suppressed on its own, shows the 8 again.
async fn one_service_for_everyone(db: &TestDb) -> Value {
    let app = TestApp::spawn(db).await;
    let pm = sign_in(db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
    let cw = sign_in(db, &app, "worker", "IOM-AF", Role::Caseworker).await;
    let grant = create_grant(
        &app,
        &pm.token,
        &grant_body(
            "US-CT-2026-01",
            &org_id(db, "DONOR-US").await,
            "USD",
            ("2026-01-01", "2026-12-31"),
            &[("DA", "Direct assistance", 5_000_000)],
        ),
    )
    .await;
    let da = line(&grant, "DA");
    for (n, province) in ["AF-HER", "AF-KAB"].into_iter().cycle().take(8).enumerate() {
        let tags = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"];
        let person = PersonSpec {
            tag: tags[n],
            sex: "female",
            age: Some(30),
            citizenship: "AF",
            province,
            category: "presumed_victim",
        };
        let case = new_case(&app, &cw.token, &person).await;
        logged(
            &app,
            &cw.token,
            &case,
            &delivered("shelter", "2026-04-10", 1_000, &da),
        )
        .await;
    }
    let path = format!(
        "/api/v1/reports/funding?grant_id={}",
        grant["id"].as_str().unwrap()
    );
    let report = get(&app, &pm.token, &path).await;
    assert_eq!(report.status, 200, "{}", report.body);
    // The group on its own is protected: the total is hidden with every fully shown
    // breakdown, and Herat and Kabul could each be anything from 1 to 4.
    assert_eq!(report.body["people_assisted"]["total"], "x");
    assert_eq!(
        report.body["people_assisted"]["by_province"],
        open(&[("AF-HER", small()), ("AF-KAB", small())])
    );
    assert_eq!(report.body["people_assisted"]["by_sex"]["female"], "x");
    report.body
}

/// `services[].people` is suppressed on its own (`suppress_count`), outside the people
/// group it repeats: with one type of service it *is* the people total, and in general
/// the largest one is a lower bound on it. Here it shows 8, so the hidden total is 8 and
/// the two `<5` provinces are both 4.
mod a_count_of_people_served_does_not_give_away_a_hidden_total {
    use super::*;

    #[tokio::test]
    async fn sqlite() {
        let db = TestDb::sqlite().await;
        let report = one_service_for_everyone(&db).await;
        assert_eq!(
            report["services"][0]["people"], "x",
            "{}",
            report["services"]
        );
    }

    #[tokio::test]
    async fn postgres() {
        let Some(db) = TestDb::postgres().await else {
            return;
        };
        let report = one_service_for_everyone(&db).await;
        assert_eq!(
            report["services"][0]["people"], "x",
            "{}",
            report["services"]
        );
    }
}
