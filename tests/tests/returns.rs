//! Voluntary returns over HTTP on both backends: the workflow from request to completion
//! one step at a time, the `return` consent that a return needs and whose withdrawal
//! cancels it before departure, who reaches which return, routes that fit their direction,
//! monitoring visits and their sustainability score, the reintegration plan, the handover
//! packet that discloses identity only with consent, the list's filters and pages, and
//! what concurrent changes (a step or a visit during a consent withdrawal) leave behind.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::{AuditContext, OrganizationKind, Role};
use panah_persistence::{AuditFilter, NewOrganization};
use panah_tests::{
    PASSWORD, Reply, TestApp, TestDb, TestUser, assert_invalid, fields, get, ids, on_both_backends,
    post, reply, today, tomorrow,
};
use serde_json::{Value, json};
use sqlx::{Connection, Executor, PgConnection};
use time::OffsetDateTime;
use tokio::task::JoinHandle;

/// The workflow on the way to `completed`, in order.
const PATH: [&str; 10] = [
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
];

/// The statuses a return may be cancelled from.
const BEFORE_DEPARTURE: [&str; 5] = [
    "requested",
    "counselling",
    "documents",
    "fit_to_travel",
    "travel_booked",
];

/// The person's identity as registered: none of it may leave in an anonymised packet.
const GIVEN_NAME: &str = "Zarmina";
const FAMILY_NAME: &str = "Sultanzada";
const FATHERS_NAME: &str = "Abdulwahid";
const DATE_OF_BIRTH: &str = "2001-04-19";
const PHONE: &str = "+93 70 555 0142";
const ADDRESS: &str = "Karte Se, Street 4";
const DOCUMENT_NUMBER: &str = "P-9081726";

/// Asserts a 409 `invalid_transition`.
#[track_caller]
fn assert_refused_move(reply: &Reply) {
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert_eq!(reply.body["code"], "invalid_transition", "{}", reply.body);
}

/// Two caseworkers and a case manager at IOM-AF, signed in.
struct Team {
    a: TestUser,
    a_token: String,
    b: TestUser,
    b_token: String,
    manager: TestUser,
    manager_token: String,
}

async fn team(db: &TestDb, app: &TestApp) -> Team {
    let a = db
        .create_user("worker.a", "IOM-AF", &[Role::Caseworker])
        .await;
    let b = db
        .create_user("worker.b", "IOM-AF", &[Role::Caseworker])
        .await;
    let manager = db.create_user_with_role(Role::CaseManager).await;
    Team {
        a_token: app.token(&a.username, PASSWORD).await,
        b_token: app.token(&b.username, PASSWORD).await,
        manager_token: app.token(&manager.username, PASSWORD).await,
        a,
        b,
        manager,
    }
}

/// Registers a case with a full identity, assigned to the caller, and returns its id.
async fn new_case(app: &TestApp, token: &str) -> String {
    let body = json!({
        "category": "victim_of_trafficking", "province": "AF-HER", "identified_on": "2026-01-10",
        "person": {
            "given_name": GIVEN_NAME, "family_name": FAMILY_NAME, "fathers_name": FATHERS_NAME,
            "sex": "female", "date_of_birth": DATE_OF_BIRTH, "citizenship": "AF",
            "phone": PHONE, "address": ADDRESS, "document_number": DOCUMENT_NUMBER,
        },
        "trafficking": { "exploitation_types": ["domestic_servitude"], "countries_of_exploitation": ["IR"], "cross_border": true },
    });
    let created = post(app, token, "/api/v1/cases", &body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// Records a consent of `kind` on the case and returns its id.
async fn consent(app: &TestApp, token: &str, case: &str, kind: &str, kinds: &[&str]) -> String {
    let mut body = json!({"kind": kind, "given_on": "2026-02-01"});
    if !kinds.is_empty() {
        body["organization_kinds"] = json!(kinds);
    }
    let given = post(app, token, &format!("/api/v1/cases/{case}/consents"), &body).await;
    assert_eq!(given.status, 201, "{}", given.body);
    given.body["id"].as_str().unwrap().to_owned()
}

/// Withdraws the consent today; panics unless it is 200.
async fn withdraw(app: &TestApp, token: &str, case: &str, consent: &str) {
    let withdrawn = post(
        app,
        token,
        &format!("/api/v1/cases/{case}/consents/{consent}/withdraw"),
        &json!({}),
    )
    .await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
}

/// A case of the caller with a valid `return` consent: (case, consent).
async fn consenting_case(app: &TestApp, token: &str) -> (String, String) {
    let case = new_case(app, token).await;
    let consent = consent(app, token, &case, "return", &[]).await;
    (case, consent)
}

/// A return to Herat from Iran.
fn to_herat(case: &str) -> Value {
    json!({
        "case_id": case, "direction": "to_afghanistan",
        "origin": {"country": "IR"}, "destination": {"country": "AF", "province": "AF-HER"},
    })
}

async fn create_return(app: &TestApp, token: &str, body: &Value) -> Reply {
    post(app, token, "/api/v1/returns", body).await
}

/// Requests a return to Herat for the case and returns its id.
async fn return_id(app: &TestApp, token: &str, case: &str) -> String {
    let created = create_return(app, token, &to_herat(case)).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// `POST /api/v1/returns/{id}/transitions`.
async fn move_to(app: &TestApp, token: &str, id: &str, to: &str, comment: Option<&str>) -> Reply {
    let mut body = json!({ "to": to });
    if let Some(comment) = comment {
        body["comment"] = json!(comment);
    }
    post(
        app,
        token,
        &format!("/api/v1/returns/{id}/transitions"),
        &body,
    )
    .await
}

/// Walks a `requested` return along the path up to `status`.
async fn walk_to(app: &TestApp, token: &str, id: &str, status: &str) {
    let end = PATH.iter().position(|s| *s == status).unwrap();
    for to in &PATH[1..=end] {
        let moved = move_to(app, token, id, to, None).await;
        assert_eq!(moved.status, 200, "to {to}: {}", moved.body);
        assert_eq!(moved.body["status"], *to);
    }
}

/// A case of the caller with its own consent and a return to Herat at `status`: (case,
/// consent, return).
async fn return_at(app: &TestApp, token: &str, status: &str) -> (String, String, String) {
    let (case, consent) = consenting_case(app, token).await;
    let id = return_id(app, token, &case).await;
    walk_to(app, token, &id, status).await;
    (case, consent, id)
}

async fn read_return(app: &TestApp, token: &str, id: &str) -> Value {
    let read = get(app, token, &format!("/api/v1/returns/{id}")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    read.body
}

/// `POST /api/v1/returns/{id}/monitoring-visits`.
async fn visit(app: &TestApp, token: &str, id: &str, body: &Value) -> Reply {
    post(
        app,
        token,
        &format!("/api/v1/returns/{id}/monitoring-visits"),
        body,
    )
    .await
}

fn scores(date: &str, economic: f64, social: f64, psychosocial: f64) -> Value {
    json!({"date": date, "economic": economic, "social": social, "psychosocial": psychosocial})
}

/// The id of the organisation with `code`.
async fn organization(app: &TestApp, token: &str, code: &str) -> String {
    let organizations = get(app, token, "/api/v1/organizations?limit=200").await;
    assert_eq!(organizations.status, 200, "{}", organizations.body);
    organizations.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == code)
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no organisation {code}"))
}

/// Every audit entry of `action`, oldest first.
async fn audited(db: &TestDb, action: &str) -> Vec<panah_domain::AuditEntry> {
    let filter = AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    };
    let mut entries = db.store.list_audit(&filter, 1000).await.unwrap();
    entries.reverse();
    entries
}

/// An audit entry's details as JSON.
fn details(entry: &panah_domain::AuditEntry) -> Value {
    serde_json::from_str(entry.details.as_deref().unwrap()).unwrap()
}

/// The ids `GET /api/v1/returns?{query}` shows, every page followed.
async fn list(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut path = format!("/api/v1/returns?{query}");
    loop {
        let page = get(app, token, &path).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        all.extend(ids(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/returns?{query}&cursor={cursor}"),
            None => return all,
        }
    }
}

/// Whether `needle` occurs in `haystack`, also hex-encoded as PostgreSQL prints bytea.
fn contains(haystack: &[u8], needle: &str) -> bool {
    let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
    [needle.as_bytes(), hex.as_bytes()]
        .iter()
        .any(|n| haystack.windows(n.len()).any(|w| w == *n))
}

/// `POST path` in a task of its own, so that the test can act while the server works on it.
fn spawn_post(app: &TestApp, token: &str, path: &str, body: Value) -> JoinHandle<Reply> {
    let request = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body);
    tokio::spawn(async move { reply(request.send().await.unwrap()).await })
}

/// A PostgreSQL transaction of its own that holds row locks, as a slow concurrent writer
/// would, until it is released.
struct Blocker(PgConnection);

impl Blocker {
    /// Begins a transaction and runs `sql` (a `SELECT ... FOR UPDATE`) in it.
    async fn lock(db: &TestDb, sql: &str) -> Blocker {
        let mut connection = PgConnection::connect(db.url()).await.unwrap();
        connection.execute("BEGIN").await.unwrap();
        connection
            .execute(sqlx::AssertSqlSafe(sql.to_owned()))
            .await
            .unwrap();
        Blocker(connection)
    }

    /// Rolls the transaction back, letting its waiters go.
    async fn release(mut self) {
        self.0.execute("ROLLBACK").await.unwrap();
    }
}

/// How many sessions on the test's PostgreSQL database are waiting for a lock.
async fn lock_waiters(db: &TestDb) -> i64 {
    let mut connection = PgConnection::connect(db.url()).await.unwrap();
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity \
         WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    .fetch_one(&mut connection)
    .await
    .unwrap()
}

/// Waits until `n` sessions wait for a lock, or `done` holds; panics after 10 seconds.
async fn wait_for_waiters(db: &TestDb, n: i64, done: impl Fn() -> bool) {
    for _ in 0..1000 {
        if done() || lock_waiters(db).await >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("{n} lock waiters never came");
}

/// Asserts that each step of the history starts where the one before ended and that the
/// last one ends in the return's status.
#[track_caller]
fn assert_history_is_a_chain(read: &Value) {
    let history = read["history"].as_array().unwrap();
    for pair in history.windows(2) {
        assert_eq!(pair[1]["from"], pair[0]["to"], "{read}");
    }
    assert_eq!(history.last().unwrap()["to"], read["status"], "{read}");
}

on_both_backends! {
    async fn a_return_walks_the_whole_workflow_one_step_at_a_time_and_its_history_says_who_and_why(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, _) = consenting_case(&app, &t.a_token).await;
        let id = return_id(&app, &t.a_token, &case).await;
        // The case file lists it, and the list filters by case.
        let file = get(&app, &t.a_token, &format!("/api/v1/cases/{case}")).await;
        assert_eq!(file.body["returns"].as_array().unwrap().len(), 1, "{}", file.body);
        assert_eq!(file.body["returns"][0]["id"], id.as_str());
        assert_eq!(file.body["returns"][0]["status"], "requested");
        let listed = get(&app, &t.manager_token, &format!("/api/v1/returns?case_id={case}")).await;
        assert_eq!(listed.body["items"][0]["id"], id.as_str(), "{}", listed.body);
        let elsewhere = get(&app, &t.manager_token, &format!("/api/v1/returns?case_id={}", uuid::Uuid::now_v7())).await;
        assert_eq!(elsewhere.body["items"], json!([]));

        // The caseworker and the case manager take turns; every other step has a comment.
        let mut expected_history = vec![json!({
            "from": null, "to": "requested", "actor_id": t.a.id.to_string(),
            "reason": null, "comment": null,
        })];
        for (step, pair) in PATH.windows(2).enumerate() {
            let (from, to) = (pair[0], pair[1]);
            let (actor, token) = if step % 2 == 0 { (&t.a, &t.a_token) } else { (&t.manager, &t.manager_token) };
            let comment = (step % 2 == 1).then(|| format!("step {step}: {from} to {to}"));
            let moved = move_to(&app, token, &id, to, comment.as_deref()).await;
            assert_eq!(moved.status, 200, "{from} to {to}: {}", moved.body);
            assert_eq!(moved.body["status"], to);
            let version = i64::try_from(step).unwrap() + 2;
            assert_eq!(moved.body["version"], version);
            assert_eq!(moved.etag.as_deref(), Some(format!("\"{version}\"").as_str()));
            expected_history.push(json!({
                "from": from, "to": to, "actor_id": actor.id.to_string(),
                "reason": null, "comment": comment,
            }));
            let history = moved.body["history"].as_array().unwrap();
            assert_eq!(history.len(), step + 2);
        }

        let read = get(&app, &t.a_token, &format!("/api/v1/returns/{id}")).await;
        assert_eq!(read.status, 200, "{}", read.body);
        assert_eq!(read.etag.as_deref(), Some("\"10\""));
        assert_eq!(read.body["status"], "completed");
        let history: Vec<Value> = read.body["history"].as_array().unwrap().iter().map(|step| {
            assert!(step["at"].as_str().unwrap().ends_with('Z'), "{step}");
            json!({
                "from": step["from"], "to": step["to"], "actor_id": step["actor_id"],
                "reason": step["reason"], "comment": step["comment"],
            })
        }).collect();
        assert_eq!(history, expected_history);

        // Nothing moves a completed return, not even back into monitoring.
        for to in PATH.iter().chain(["cancelled"].iter()) {
            assert_refused_move(&move_to(&app, &t.manager_token, &id, to, None).await);
        }
        let after = read_return(&app, &t.a_token, &id).await;
        assert_eq!(after["version"], 10);
        assert_eq!(after["history"].as_array().unwrap().len(), 10);

        let transitions = audited(&db, "return.transition").await;
        assert_eq!(transitions.len(), 9, "one entry per step, none for the refusals");
        for (entry, pair) in transitions.iter().zip(PATH.windows(2)) {
            assert_eq!(entry.target_id.as_deref(), Some(id.as_str()));
            assert_eq!(details(entry), json!({"from": pair[0], "to": pair[1]}));
        }
    }

    async fn skipping_a_step_going_back_or_standing_still_is_refused_and_changes_nothing(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, _) = consenting_case(&app, &t.a_token).await;
        let id = return_id(&app, &t.a_token, &case).await;

        for to in ["requested", "documents", "fit_to_travel", "departed", "arrived", "completed"] {
            let refused = move_to(&app, &t.a_token, &id, to, Some("trying")).await;
            assert_refused_move(&refused);
            assert_eq!(refused.body["detail"], format!("cannot move a return from requested to {to}"));
        }
        walk_to(&app, &t.a_token, &id, "documents").await;
        for to in ["requested", "counselling", "documents", "travel_booked", "monitoring"] {
            assert_refused_move(&move_to(&app, &t.a_token, &id, to, None).await);
        }
        walk_to_from(&app, &t.a_token, &id, "documents", "arrived").await;
        for to in ["departed", "travel_booked", "requested", "monitoring", "completed"] {
            assert_refused_move(&move_to(&app, &t.manager_token, &id, to, None).await);
        }

        // None of the refusals left a trace.
        let read = read_return(&app, &t.a_token, &id).await;
        assert_eq!(read["status"], "arrived");
        assert_eq!(read["version"], 7);
        let tos: Vec<&str> = read["history"].as_array().unwrap().iter().map(|s| s["to"].as_str().unwrap()).collect();
        assert_eq!(tos, &PATH[..7]);
        assert_eq!(audited(&db, "return.transition").await.len(), 6);

        // A status that does not exist, a missing one, and an unknown field are 422.
        let path = format!("/api/v1/returns/{id}/transitions");
        assert_invalid(&post(&app, &t.a_token, &path, &json!({"to": "flying"})).await, &["to"]);
        assert_invalid(&post(&app, &t.a_token, &path, &json!({"comment": "x"})).await, &["to"]);
        assert_invalid(
            &post(&app, &t.a_token, &path, &json!({"to": "reintegration", "action": "complete"})).await,
            &["action"],
        );
        // A comment too long names the comment and moves nothing.
        let long = "x".repeat(2001);
        assert_invalid(&move_to(&app, &t.a_token, &id, "reintegration", Some(&long)).await, &["comment"]);
        assert_eq!(read_return(&app, &t.a_token, &id).await["status"], "arrived");
        let unknown = move_to(&app, &t.a_token, "0190a8a4-0000-7000-8000-000000000000", "counselling", None).await;
        assert_eq!(unknown.status, 404, "{}", unknown.body);
    }

    async fn a_return_is_cancelled_from_any_step_before_departure_and_never_after(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;

        for status in BEFORE_DEPARTURE {
            let (_, _, id) = return_at(&app, &t.a_token, status).await;
            let comment = format!("the person changed their mind at {status}");
            let cancelled = move_to(&app, &t.a_token, &id, "cancelled", Some(&comment)).await;
            assert_eq!(cancelled.status, 200, "{status}: {}", cancelled.body);
            assert_eq!(cancelled.body["status"], "cancelled");
            let last = cancelled.body["history"].as_array().unwrap().last().unwrap().clone();
            assert_eq!(last["from"], status);
            assert_eq!(last["to"], "cancelled");
            assert_eq!(last["actor_id"], t.a.id.to_string());
            assert_eq!(last["comment"], comment);
            assert_eq!(last["reason"], Value::Null, "a person chose it");
            // Cancelled is final.
            for to in PATH.iter().chain(["cancelled"].iter()) {
                assert_refused_move(&move_to(&app, &t.manager_token, &id, to, None).await);
            }
            assert_eq!(read_return(&app, &t.a_token, &id).await["status"], "cancelled");
        }

        for status in &PATH[5..] {
            let (_, _, id) = return_at(&app, &t.a_token, status).await;
            let refused = move_to(&app, &t.manager_token, &id, "cancelled", Some("too late")).await;
            assert_refused_move(&refused);
            assert_eq!(refused.body["detail"], format!("cannot move a return from {status} to cancelled"));
            assert_eq!(read_return(&app, &t.a_token, &id).await["status"], *status);
        }
    }

    async fn a_return_needs_a_return_consent_that_has_not_been_withdrawn(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let case = new_case(&app, &t.a_token).await;

        // No consent at all, then only consents of other kinds.
        let assert_consent_required = |refused: &Reply| {
            assert_eq!(refused.status, 422, "{}", refused.body);
            assert_eq!(refused.body["code"], "consent_required", "{}", refused.body);
            assert_eq!(fields(&refused.body), ["case_id"]);
            assert_eq!(refused.location, None);
        };
        assert_consent_required(&create_return(&app, &t.a_token, &to_herat(&case)).await);
        consent(&app, &t.a_token, &case, "assistance", &[]).await;
        consent(&app, &t.a_token, &case, "data_sharing", &["foreign_state"]).await;
        assert_consent_required(&create_return(&app, &t.a_token, &to_herat(&case)).await);

        // A withdrawn return consent is no consent.
        let withdrawn = consent(&app, &t.a_token, &case, "return", &[]).await;
        withdraw(&app, &t.a_token, &case, &withdrawn).await;
        assert_consent_required(&create_return(&app, &t.manager_token, &to_herat(&case)).await);
        assert!(list(&app, &t.manager_token, "").await.is_empty(), "nothing was created");
        assert!(audited(&db, "return.create").await.is_empty());

        // With a valid one, the return is created and names the consent.
        let valid = consent(&app, &t.a_token, &case, "return", &[]).await;
        let mut body = to_herat(&case);
        body["escort_required"] = json!(true);
        body["travel_date"] = json!("2026-12-15");
        body["needs"] = json!("  wheelchair at arrival  ");
        let created = create_return(&app, &t.a_token, &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap().to_owned();
        assert_eq!(created.location.as_deref(), Some(format!("/api/v1/returns/{id}").as_str()));
        assert_eq!(created.etag.as_deref(), Some("\"1\""));
        let b = &created.body;
        assert_eq!(b["consent_id"], valid.as_str());
        assert_eq!(b["case_id"], case.as_str());
        assert_eq!(b["status"], "requested");
        assert_eq!(b["direction"], "to_afghanistan");
        assert_eq!(b["origin"], json!({"country": "IR", "province": null}));
        assert_eq!(b["destination"], json!({"country": "AF", "province": "AF-HER"}));
        assert_eq!(b["cooperating_organization_id"], Value::Null);
        assert_eq!(b["escort_required"], true);
        assert_eq!(b["travel_date"], "2026-12-15");
        assert_eq!(b["needs"], "wheelchair at arrival");
        assert_eq!(b["version"], 1);
        assert_eq!(b["plan"], json!([]));
        assert_eq!(b["monitoring_visits"], json!([]));
        let history = b["history"].as_array().unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0]["from"], Value::Null);
        assert_eq!(history[0]["to"], "requested");
        assert_eq!(history[0]["actor_id"], t.a.id.to_string());
        // What GET answers is what POST answered.
        let read = get(&app, &t.a_token, &format!("/api/v1/returns/{id}")).await;
        assert_eq!(read.body, created.body);
        assert_eq!(read.etag.as_deref(), Some("\"1\""));
        let creations = audited(&db, "return.create").await;
        assert_eq!(creations.len(), 1);
        assert_eq!(creations[0].target_id.as_deref(), Some(id.as_str()));
        assert_eq!(creations[0].actor_id, Some(t.a.id));

        // The default escort is none.
        let plain = create_return(&app, &t.a_token, &to_herat(&case)).await;
        assert_eq!(plain.status, 201, "{}", plain.body);
        assert_eq!(plain.body["escort_required"], false);
        assert_eq!(plain.body["needs"], Value::Null);

        // An unknown case is 404, whatever its consents.
        let unknown = create_return(&app, &t.manager_token, &to_herat("0190a8a4-0000-7000-8000-000000000000")).await;
        assert_eq!(unknown.status, 404, "{}", unknown.body);
    }

    async fn withdrawing_the_return_consent_cancels_a_return_not_yet_under_way(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;

        // One return at each step before departure, each on its own case and consent.
        for status in BEFORE_DEPARTURE {
            let (case, consent_id, id) = return_at(&app, &t.a_token, status).await;
            let before = read_return(&app, &t.a_token, &id).await;
            withdraw(&app, &t.manager_token, &case, &consent_id).await;
            let after = read_return(&app, &t.a_token, &id).await;
            assert_eq!(after["status"], "cancelled", "{status}");
            assert_eq!(after["version"], before["version"].as_i64().unwrap() + 1);
            let history = after["history"].as_array().unwrap();
            assert_eq!(history.len(), before["history"].as_array().unwrap().len() + 1);
            let last = history.last().unwrap();
            assert_eq!(last["from"], status);
            assert_eq!(last["to"], "cancelled");
            assert_eq!(last["reason"], "consent_withdrawn");
            assert_eq!(last["actor_id"], t.manager.id.to_string(), "the one who withdrew");
            assert_eq!(last["comment"], Value::Null);
            // And a new return on the case needs a new consent.
            let refused = create_return(&app, &t.a_token, &to_herat(&case)).await;
            assert_eq!(refused.body["code"], "consent_required", "{}", refused.body);
        }
        let cancellations = audited(&db, "return.cancel").await;
        assert_eq!(cancellations.len(), 5);
        for entry in &cancellations {
            assert_eq!(details(entry), json!({"reason": "consent_withdrawn"}));
            assert_eq!(entry.actor_id, Some(t.manager.id));
        }

        // After departure the journey cannot be undone: the status stays.
        for status in &PATH[5..] {
            let (case, consent_id, id) = return_at(&app, &t.a_token, status).await;
            let before = read_return(&app, &t.a_token, &id).await;
            withdraw(&app, &t.a_token, &case, &consent_id).await;
            let after = read_return(&app, &t.a_token, &id).await;
            assert_eq!(after["status"], *status);
            assert_eq!(after["version"], before["version"]);
            assert_eq!(after["history"], before["history"]);
        }
        // Only the returns that relied on a withdrawn consent are touched.
        let (_, _, untouched) = return_at(&app, &t.a_token, "counselling").await;
        let (other_case, other_consent, _) = return_at(&app, &t.a_token, "documents").await;
        withdraw(&app, &t.a_token, &other_case, &other_consent).await;
        assert_eq!(read_return(&app, &t.a_token, &untouched).await["status"], "counselling");
        assert_eq!(audited(&db, "return.cancel").await.len(), 6);

        // A departed return whose consent was withdrawn still moves on to completion.
        let (case, consent_id, id) = return_at(&app, &t.a_token, "departed").await;
        withdraw(&app, &t.a_token, &case, &consent_id).await;
        walk_to_from(&app, &t.a_token, &id, "departed", "completed").await;
    }

    async fn a_caseworker_reaches_only_returns_of_their_own_cases_and_a_case_manager_all(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (a_case, _) = consenting_case(&app, &t.a_token).await;
        let (b_case, _) = consenting_case(&app, &t.b_token).await;
        let a_return = return_id(&app, &t.a_token, &a_case).await;
        let b_return = return_id(&app, &t.b_token, &b_case).await;
        walk_to(&app, &t.b_token, &b_return, "arrived").await;

        // Caseworker a sees and moves their own, and nothing of b's.
        assert_eq!(list(&app, &t.a_token, "").await, [a_return.as_str()]);
        assert_eq!(list(&app, &t.b_token, "").await, [b_return.as_str()]);
        assert_eq!(get(&app, &t.a_token, &format!("/api/v1/returns/{a_return}")).await.status, 200);
        for path in [format!("/api/v1/returns/{b_return}"), format!("/api/v1/returns/{b_return}/handover")] {
            let hidden = get(&app, &t.a_token, &path).await;
            assert_eq!(hidden.status, 404, "{path}: {}", hidden.body);
            assert_eq!(hidden.body["code"], "not_found");
        }
        let moved = move_to(&app, &t.a_token, &b_return, "reintegration", None).await;
        assert_eq!(moved.status, 404, "{}", moved.body);
        let visited = visit(&app, &t.a_token, &b_return, &scores(&today(), 0.5, 0.5, 0.5)).await;
        assert_eq!(visited.status, 404, "{}", visited.body);
        let requested = create_return(&app, &t.a_token, &to_herat(&b_case)).await;
        assert_eq!(requested.status, 404, "{}", requested.body);
        assert_eq!(move_to(&app, &t.a_token, &a_return, "counselling", None).await.status, 200);

        // Nothing of b's changed.
        let b_read = read_return(&app, &t.b_token, &b_return).await;
        assert_eq!(b_read["status"], "arrived");
        let b_history = b_read["history"].as_array().unwrap();
        assert_eq!(b_history.len(), 7);
        assert!(b_history.iter().all(|step| step["actor_id"] == t.b.id.to_string()), "{b_read}");
        assert_eq!(b_read["monitoring_visits"], json!([]));
        assert_eq!(list(&app, &t.b_token, "").await, [b_return.as_str()]);

        // The case manager sees and moves both.
        assert_eq!(list(&app, &t.manager_token, "").await, [b_return.clone(), a_return.clone()]);
        for id in [&a_return, &b_return] {
            assert_eq!(get(&app, &t.manager_token, &format!("/api/v1/returns/{id}")).await.status, 200);
        }
        assert_eq!(move_to(&app, &t.manager_token, &b_return, "reintegration", None).await.status, 200);
        assert_eq!(move_to(&app, &t.manager_token, &a_return, "documents", None).await.status, 200);
        let on_b = create_return(&app, &t.manager_token, &to_herat(&b_case)).await;
        assert_eq!(on_b.status, 201, "{}", on_b.body);

        // Roles without returns are refused outright.
        let outsiders = [
            db.create_user_with_role(Role::MinistryLiaison).await,
            db.create_user_with_role(Role::ProgrammeManager).await,
        ];
        for outsider in &outsiders {
            let token = app.token(&outsider.username, PASSWORD).await;
            for path in ["/api/v1/returns".to_owned(), format!("/api/v1/returns/{a_return}")] {
                let refused = get(&app, &token, &path).await;
                assert_eq!(refused.status, 403, "{}: {path}: {}", outsider.username, refused.body);
            }
            let refused = create_return(&app, &token, &to_herat(&a_case)).await;
            assert_eq!(refused.status, 403, "{}", refused.body);
            let refused = move_to(&app, &token, &a_return, "fit_to_travel", None).await;
            assert_eq!(refused.status, 403, "{}", refused.body);
        }
        assert_eq!(read_return(&app, &t.manager_token, &a_return).await["status"], "documents");
        let anonymous = app.get("/api/v1/returns").await;
        assert_eq!(anonymous.status(), 401);
    }

    async fn a_route_must_fit_its_direction_and_each_error_names_its_field(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, _) = consenting_case(&app, &t.a_token).await;
        let body = |direction: &str, origin: Value, destination: Value| json!({
            "case_id": case, "direction": direction, "origin": origin, "destination": destination,
        });
        let af = |province: &str| json!({"country": "AF", "province": province});
        let af_bare = json!({"country": "AF"});
        let abroad = |country: &str| json!({"country": country});
        let abroad_with = |country: &str, province: &str| json!({"country": country, "province": province});

        let cases: Vec<(Value, Vec<&str>)> = vec![
            // to_afghanistan: from abroad to a province.
            (body("to_afghanistan", abroad("IR"), af_bare.clone()), vec!["destination.province"]),
            (body("to_afghanistan", abroad("IR"), abroad("PK")), vec!["destination.country", "destination.province"]),
            (body("to_afghanistan", af("AF-KAB"), af("AF-HER")), vec!["origin.country", "origin.province"]),
            (body("to_afghanistan", af_bare.clone(), af("AF-HER")), vec!["origin.country"]),
            (body("to_afghanistan", abroad_with("IR", "AF-HER"), af("AF-HER")), vec!["origin.province"]),
            (body("to_afghanistan", abroad("TR"), abroad_with("PK", "AF-KAB")), vec!["destination.country"]),
            // from_afghanistan: from a province to abroad.
            (body("from_afghanistan", af_bare.clone(), abroad("PK")), vec!["origin.province"]),
            (body("from_afghanistan", abroad("IR"), abroad("PK")), vec!["origin.country", "origin.province"]),
            (body("from_afghanistan", af("AF-KAB"), af("AF-HER")), vec!["destination.country", "destination.province"]),
            (body("from_afghanistan", af("AF-KAB"), abroad_with("PK", "AF-NAN")), vec!["destination.province"]),
            (body("from_afghanistan", abroad("IR"), af("AF-HER")),
                vec!["origin.country", "origin.province", "destination.country", "destination.province"]),
        ];
        for (refused_body, expected) in &cases {
            let refused = create_return(&app, &t.a_token, refused_body).await;
            assert_invalid(&refused, expected);
            for error in refused.body["errors"].as_array().unwrap() {
                assert!(!error["message"].as_str().unwrap().is_empty(), "{error}");
            }
        }

        // What the JSON itself gets wrong: unknown fields, values that are no code.
        let mut unknown_field = to_herat(&case);
        unknown_field["priority"] = json!("high");
        let mut unknown_place_field = to_herat(&case);
        unknown_place_field["destination"]["city"] = json!("Herat");
        let mut bad_province = to_herat(&case);
        bad_province["destination"]["province"] = json!("AF-XYZ");
        let mut bad_direction = to_herat(&case);
        bad_direction["direction"] = json!("to_iran");
        let mut no_origin = to_herat(&case);
        no_origin.as_object_mut().unwrap().remove("origin");
        let mut long_needs = to_herat(&case);
        long_needs["needs"] = json!("n".repeat(2001));
        for (refused_body, field) in [
            (unknown_field, "priority"), (unknown_place_field, "destination.city"),
            (bad_province, "destination.province"), (bad_direction, "direction"),
            (no_origin, "origin"), (long_needs, "needs"),
        ] {
            assert_invalid(&create_return(&app, &t.a_token, &refused_body).await, &[field]);
        }

        // The cooperating organisation is a ministry or a foreign state.
        let embassy = db.store.create_organization(&NewOrganization {
            code: "EMB-IR".parse().unwrap(),
            name: "Embassy of the Islamic Republic of Iran".into(),
            kind: OrganizationKind::ForeignState,
            province: None,
        }, &AuditContext::system(OffsetDateTime::now_utc())).await.unwrap();
        let with_partner = |organization: &str| {
            let mut b = to_herat(&case);
            b["cooperating_organization_id"] = json!(organization);
            b
        };
        for code in ["DONOR-US", "DONOR-IT", "IOM-AF"] {
            let id = organization(&app, &t.a_token, code).await;
            assert_invalid(&create_return(&app, &t.a_token, &with_partner(&id)).await, &["cooperating_organization_id"]);
        }
        assert_invalid(
            &create_return(&app, &t.a_token, &with_partner("0190a8a4-0000-7000-8000-000000000000")).await,
            &["cooperating_organization_id"],
        );
        // Errors of the route and of the partner come together.
        let donor = organization(&app, &t.a_token, "DONOR-US").await;
        let mut both = with_partner(&donor);
        both["destination"] = json!({"country": "AF"});
        assert_invalid(&create_return(&app, &t.a_token, &both).await, &["destination.province", "cooperating_organization_id"]);
        assert!(list(&app, &t.a_token, "").await.is_empty(), "nothing refused was created");

        let embassy_id = embassy.id.0.to_string();
        let mut accepted = Vec::new();
        for partner in [embassy_id.clone(), organization(&app, &t.a_token, "MOFA").await,
                        organization(&app, &t.a_token, "MOI").await, organization(&app, &t.a_token, "MOI-HER").await] {
            let created = create_return(&app, &t.a_token, &with_partner(&partner)).await;
            assert_eq!(created.status, 201, "{}", created.body);
            assert_eq!(created.body["cooperating_organization_id"], partner.as_str());
            accepted.push(created.body["id"].as_str().unwrap().to_owned());
        }

        // A route that fits its direction is kept as sent.
        let from_kabul = create_return(&app, &t.a_token, &body("from_afghanistan", af("AF-KAB"), json!({"country": "PK", "province": null}))).await;
        assert_eq!(from_kabul.status, 201, "{}", from_kabul.body);
        assert_eq!(from_kabul.body["direction"], "from_afghanistan");
        assert_eq!(from_kabul.body["origin"], json!({"country": "AF", "province": "AF-KAB"}));
        assert_eq!(from_kabul.body["destination"], json!({"country": "PK", "province": null}));
        assert_eq!(list(&app, &t.a_token, "").await.len(), 5);
    }

    async fn monitoring_visits_are_recorded_from_arrival_until_completion_with_their_mean(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, _) = consenting_case(&app, &t.a_token).await;
        let id = return_id(&app, &t.a_token, &case).await;

        // Before arrival: refused at every step.
        for (i, status) in PATH[..6].iter().enumerate() {
            if i > 0 {
                assert_eq!(move_to(&app, &t.a_token, &id, status, None).await.status, 200);
            }
            let early = visit(&app, &t.a_token, &id, &scores("2026-11-01", 0.5, 0.5, 0.5)).await;
            assert_refused_move(&early);
        }
        assert_eq!(move_to(&app, &t.a_token, &id, "arrived", None).await.status, 200);

        // Scores outside 0 to 1, a date in the future, an unknown field: 422.
        let mut with_extra = scores("2026-11-01", 0.5, 0.5, 0.5);
        with_extra["sustainability_score"] = json!(0.5);
        let mut missing = scores("2026-11-01", 0.5, 0.5, 0.5);
        missing.as_object_mut().unwrap().remove("social");
        let mut long_notes = scores("2026-11-01", 0.5, 0.5, 0.5);
        long_notes["notes"] = json!("n".repeat(4001));
        for (refused_body, field) in [
            (scores("2026-11-01", 1.5, 0.5, 0.5), "economic"),
            (scores("2026-11-01", 0.5, -0.1, 0.5), "social"),
            (scores("2026-11-01", 0.5, 0.5, 1.000_001), "psychosocial"),
            (json!({"date": "2026-11-01", "economic": "0.5", "social": 0.5, "psychosocial": 0.5}), "economic"),
            (scores(&tomorrow(), 0.5, 0.5, 0.5), "date"),
            (scores("2026-13-01", 0.5, 0.5, 0.5), "date"),
            (with_extra, "sustainability_score"),
            (missing, "social"),
            (long_notes, "notes"),
        ] {
            assert_invalid(&visit(&app, &t.a_token, &id, &refused_body).await, &[field]);
        }

        // Arrived, in reintegration and in monitoring: accepted.
        let mut first = scores("2026-11-20", 0.5, 1.0, 0.0);
        first["notes"] = json!("Working at a bakery.");
        let recorded = visit(&app, &t.a_token, &id, &first).await;
        assert_eq!(recorded.status, 201, "{}", recorded.body);
        let v = &recorded.body;
        assert_eq!(v["date"], "2026-11-20");
        assert_eq!(v["economic"], 0.5);
        assert_eq!(v["social"], 1.0);
        assert_eq!(v["psychosocial"], 0.0);
        assert_eq!(v["sustainability_score"], 0.5);
        assert_eq!(v["notes"], "Working at a bakery.");
        assert_eq!(v["recorded_by"], t.a.id.to_string());

        assert_eq!(move_to(&app, &t.a_token, &id, "reintegration", None).await.status, 200);
        let second = visit(&app, &t.manager_token, &id, &scores(&today(), 0.2, 0.4, 0.9)).await;
        assert_eq!(second.status, 201, "{}", second.body);
        let mean = second.body["sustainability_score"].as_f64().unwrap();
        assert!((mean - 0.5).abs() < 1e-9, "{mean}");
        assert_eq!(second.body["notes"], Value::Null);
        assert_eq!(second.body["recorded_by"], t.manager.id.to_string());

        assert_eq!(move_to(&app, &t.a_token, &id, "monitoring", None).await.status, 200);
        // Recorded late, dated earlier: the list is by date.
        let third = visit(&app, &t.a_token, &id, &scores("2026-11-10", 1.0, 0.0, 0.0)).await;
        assert_eq!(third.status, 201, "{}", third.body);
        let third_mean = third.body["sustainability_score"].as_f64().unwrap();
        assert!((third_mean - 1.0 / 3.0).abs() < 1e-12, "not rounded: {third_mean}");

        let read = read_return(&app, &t.a_token, &id).await;
        let visits = read["monitoring_visits"].as_array().unwrap();
        let listed: Vec<(&str, &str)> = visits.iter()
            .map(|v| (v["id"].as_str().unwrap(), v["date"].as_str().unwrap()))
            .collect();
        assert_eq!(listed, [
            (third.body["id"].as_str().unwrap(), "2026-11-10"),
            (recorded.body["id"].as_str().unwrap(), "2026-11-20"),
            (second.body["id"].as_str().unwrap(), today().as_str()),
        ]);
        assert_eq!(visits[1], recorded.body);
        assert_eq!(visits[2], second.body);
        assert_eq!(audited(&db, "return.monitoring_visit").await.len(), 3);

        // Completed closes the record.
        assert_eq!(move_to(&app, &t.a_token, &id, "completed", None).await.status, 200);
        assert_refused_move(&visit(&app, &t.a_token, &id, &scores(&today(), 0.5, 0.5, 0.5)).await);
        // A cancelled return never takes visits.
        let (_, _, cancelled) = return_at(&app, &t.a_token, "travel_booked").await;
        assert_eq!(move_to(&app, &t.a_token, &cancelled, "cancelled", None).await.status, 200);
        assert_refused_move(&visit(&app, &t.a_token, &cancelled, &scores(&today(), 0.5, 0.5, 0.5)).await);
        assert_eq!(read_return(&app, &t.a_token, &id).await["monitoring_visits"].as_array().unwrap().len(), 3);
    }

    async fn visit_notes_step_comments_and_needs_are_sealed_at_rest_and_never_audited(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let notes_sentinel = "SENTINEL-VISIT-NOTES-93be1f";
        let comment_sentinel = "SENTINEL-STEP-COMMENT-2d7c40";
        let needs_sentinel = "SENTINEL-NEEDS-a51e08";
        let (case, _) = consenting_case(&app, &t.a_token).await;
        let mut body = to_herat(&case);
        body["needs"] = json!(format!("Insulin: {needs_sentinel}"));
        let created = create_return(&app, &t.a_token, &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap().to_owned();
        let moved = move_to(&app, &t.a_token, &id, "counselling", Some(&format!("Talked: {comment_sentinel}"))).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        walk_to_from(&app, &t.a_token, &id, "counselling", "arrived").await;
        let mut with_notes = scores(&today(), 0.4, 0.6, 0.8);
        with_notes["notes"] = json!(format!("Seen: {notes_sentinel}"));
        let recorded = visit(&app, &t.a_token, &id, &with_notes).await;
        assert_eq!(recorded.status, 201, "{}", recorded.body);

        // The API opens them ...
        let read = read_return(&app, &t.a_token, &id).await;
        assert_eq!(read["needs"], format!("Insulin: {needs_sentinel}"));
        assert_eq!(read["history"][1]["comment"], format!("Talked: {comment_sentinel}"));
        assert_eq!(read["monitoring_visits"][0]["notes"], format!("Seen: {notes_sentinel}"));
        // ... the list does not carry the needs ...
        let page = get(&app, &t.a_token, "/api/v1/returns").await;
        assert!(page.body["items"][0].get("needs").is_none(), "{}", page.body);
        // ... and neither the database's bytes nor the audit log hold them.
        let raw = db.raw_bytes().await;
        let audit = format!("{:?}", db.store.list_audit(&AuditFilter::default(), 10_000).await.unwrap());
        assert!(audit.contains("return.monitoring_visit"), "{audit}");
        for sentinel in [notes_sentinel, comment_sentinel, needs_sentinel] {
            assert!(!contains(&raw, sentinel), "{sentinel} found in the database's bytes");
            assert!(!audit.contains(sentinel), "{sentinel} found in the audit log");
        }
        let verified = db.store.verify_audit().await.unwrap();
        assert!(verified.ok, "{verified:?}");
    }

    async fn assistance_linked_to_a_return_of_the_same_case_is_its_reintegration_plan(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, _, id) = return_at(&app, &t.a_token, "arrived").await;
        let (other_case, _, other_return) = return_at(&app, &t.a_token, "arrived").await;
        let provider = organization(&app, &t.a_token, "MOLSA").await;

        let grant = post(&app, &t.a_token, &format!("/api/v1/cases/{case}/assistance"), &json!({
            "type": "reintegration_grant", "status": "planned", "date": "2026-12-01",
            "provider_organization_id": provider,
            "cost": {"amount_minor": 150_000, "currency": "USD"}, "return_id": id,
        })).await;
        assert_eq!(grant.status, 201, "{}", grant.body);
        assert_eq!(grant.body["return_id"], id.as_str());
        let training = post(&app, &t.manager_token, &format!("/api/v1/cases/{case}/assistance"), &json!({
            "type": "vocational_training", "status": "delivered", "date": "2026-11-25", "return_id": id,
        })).await;
        assert_eq!(training.status, 201, "{}", training.body);
        // Assistance without a return is not in any plan.
        let shelter = post(&app, &t.a_token, &format!("/api/v1/cases/{case}/assistance"), &json!({
            "type": "shelter", "status": "delivered", "date": "2026-11-01",
            "cost": {"amount_minor": 9_000, "currency": "USD"},
        })).await;
        assert_eq!(shelter.status, 201, "{}", shelter.body);
        assert_eq!(shelter.body["return_id"], Value::Null);

        let read = read_return(&app, &t.a_token, &id).await;
        // By date: the training comes first although it was logged second.
        assert_eq!(read["plan"], json!([
            {
                "id": training.body["id"], "type": "vocational_training", "status": "delivered",
                "date": "2026-11-25", "provider_organization_id": null,
            },
            {
                "id": grant.body["id"], "type": "reintegration_grant", "status": "planned",
                "date": "2026-12-01", "provider_organization_id": provider,
                "cost": {"amount_minor": 150_000, "currency": "USD"},
            },
        ]));
        assert_eq!(read_return(&app, &t.a_token, &other_return).await["plan"], json!([]));

        // A return of another case, or no return at all, is refused and nothing is logged.
        let before = assistance_count(&app, &t.a_token, &other_case).await;
        for return_id in [id.as_str(), "0190a8a4-0000-7000-8000-000000000000"] {
            let refused = post(&app, &t.a_token, &format!("/api/v1/cases/{other_case}/assistance"), &json!({
                "type": "livelihood", "status": "planned", "date": "2026-12-01",
                "cost": {"amount_minor": 1_000, "currency": "USD"}, "return_id": return_id,
            })).await;
            assert_invalid(&refused, &["return_id"]);
        }
        assert_eq!(assistance_count(&app, &t.a_token, &other_case).await, before);
        assert_eq!(read_return(&app, &t.a_token, &id).await["plan"].as_array().unwrap().len(), 2);
        assert_eq!(read_return(&app, &t.a_token, &other_return).await["plan"], json!([]));
    }

    async fn the_handover_packet_discloses_identity_only_with_consent_to_share_with_foreign_states(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, _, id) = return_at(&app, &t.a_token, "travel_booked").await;
        let plan = post(&app, &t.a_token, &format!("/api/v1/cases/{case}/assistance"), &json!({
            "type": "reintegration_grant", "status": "planned", "date": "2026-12-20",
            "cost": {"amount_minor": 98_765, "currency": "EUR"}, "return_id": id,
            "description": "Grant for a tailoring shop",
        })).await;
        assert_eq!(plan.status, 201, "{}", plan.body);
        let case_number = get(&app, &t.a_token, &format!("/api/v1/cases/{case}")).await.body["case_number"]
            .as_str().unwrap().to_owned();
        let handover_path = format!("/api/v1/returns/{id}/handover");
        let identity = [GIVEN_NAME, FAMILY_NAME, FATHERS_NAME, DATE_OF_BIRTH, PHONE, ADDRESS, DOCUMENT_NUMBER];

        let assert_anonymised = |packet: &Reply| {
            assert_eq!(packet.status, 200, "{}", packet.body);
            assert_eq!(packet.body["disclosure"], "anonymised");
            assert!(packet.body.get("person").is_none(), "{}", packet.body);
            for value in identity {
                assert!(!packet.text.contains(value), "{value} in an anonymised packet: {}", packet.text);
            }
        };
        let assert_common = |packet: &Reply| {
            let b = &packet.body;
            assert_eq!(b["return"]["id"], id.as_str());
            assert_eq!(b["return"]["status"], "travel_booked");
            assert_eq!(b["return"]["destination"], json!({"country": "AF", "province": "AF-HER"}));
            assert_eq!(b["profile"], json!({
                "case_number": case_number, "category": "victim_of_trafficking", "sex": "female",
                "age_group": "24-26", "citizenship": "AF", "exploitation_types": ["domestic_servitude"],
            }));
            assert_eq!(b["plan"], json!([{
                "id": plan.body["id"], "type": "reintegration_grant", "status": "planned",
                "date": "2026-12-20", "provider_organization_id": null,
            }]), "no cost, no description");
            assert!(!packet.text.contains("98765") && !packet.text.contains("tailoring"), "{}", packet.text);
            assert!(b["generated_at"].as_str().unwrap().ends_with('Z'));
        };

        // No sharing consent; then one that covers ministries only.
        let none = get(&app, &t.a_token, &handover_path).await;
        assert_anonymised(&none);
        assert_common(&none);
        consent(&app, &t.a_token, &case, "data_sharing", &["moi_national", "partner_ministry"]).await;
        let ministries_only = get(&app, &t.a_token, &handover_path).await;
        assert_anonymised(&ministries_only);

        // With foreign states covered, the identity goes with it, exactly.
        let sharing = consent(&app, &t.a_token, &case, "data_sharing", &["foreign_state", "moi_national"]).await;
        let with_identity = get(&app, &t.manager_token, &handover_path).await;
        assert_eq!(with_identity.status, 200, "{}", with_identity.body);
        assert_common(&with_identity);
        assert_eq!(with_identity.body["disclosure"], "identity");
        assert_eq!(with_identity.body["person"], json!({
            "given_name": GIVEN_NAME, "family_name": FAMILY_NAME, "fathers_name": FATHERS_NAME,
            "other_script_given_name": null, "other_script_family_name": null,
            "sex": "female", "date_of_birth": DATE_OF_BIRTH, "estimated_age": null, "citizenship": "AF",
            "phone": PHONE, "address": ADDRESS, "document_number": DOCUMENT_NUMBER,
        }));

        // Withdrawn, and the identity stops going.
        withdraw(&app, &t.a_token, &case, &sharing).await;
        let after_withdrawal = get(&app, &t.a_token, &handover_path).await;
        assert_anonymised(&after_withdrawal);
        assert_common(&after_withdrawal);

        // Every export is audited, saying whether the identity went.
        let exports = audited(&db, "return.handover").await;
        let logged: Vec<(Option<String>, Option<panah_domain::UserId>, Value)> = exports.iter()
            .map(|e| (e.target_id.clone(), e.actor_id, details(e)["identity"].clone()))
            .collect();
        let expected: Vec<(Option<String>, Option<panah_domain::UserId>, Value)> = [
            (t.a.id, false), (t.a.id, false), (t.manager.id, true), (t.a.id, false),
        ].into_iter().map(|(actor, identity)| (Some(id.clone()), Some(actor), json!(identity))).collect();
        assert_eq!(logged, expected);
        for entry in &exports {
            assert_eq!(entry.target_type.as_deref(), Some("return"));
            assert_eq!(details(entry)["case_id"], case.as_str());
        }
        let audit = format!("{exports:?}");
        for value in identity {
            assert!(!audit.contains(value), "{value} in the audit log");
        }

        // Out of scope: 404, and nothing is audited.
        let hidden = get(&app, &t.b_token, &handover_path).await;
        assert_eq!(hidden.status, 404, "{}", hidden.body);
        assert_eq!(audited(&db, "return.handover").await.len(), 4);
    }

    async fn a_return_requested_while_its_consent_is_withdrawn_is_refused_or_cancelled(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, consent_id) = consenting_case(&app, &t.a_token).await;
        let withdraw_path = format!("/api/v1/cases/{case}/consents/{consent_id}/withdraw");

        // On PostgreSQL, another writer holds the case row: the request passes its consent
        // check and then waits to insert the return, whose reference to the case needs that
        // row. Meanwhile the consent is withdrawn. (SQLite runs writers one at a time.)
        let blocker = if db.is_postgres() {
            Some(Blocker::lock(&db, &format!("SELECT id FROM cases WHERE id = '{case}' FOR UPDATE")).await)
        } else {
            None
        };
        let request = spawn_post(&app, &t.a_token, "/api/v1/returns", to_herat(&case));
        if blocker.is_some() {
            wait_for_waiters(&db, 1, || request.is_finished()).await;
        }
        let withdrawal = spawn_post(&app, &t.manager_token, &withdraw_path, json!({}));
        if let Some(blocker) = blocker {
            wait_for_waiters(&db, 2, || withdrawal.is_finished()).await;
            blocker.release().await;
        }
        let (request, withdrawal) = (request.await.unwrap(), withdrawal.await.unwrap());
        assert_eq!(withdrawal.status, 200, "{}", withdrawal.body);

        // Either the request saw the withdrawal, or the withdrawal saw the return: never a
        // return going ahead on a withdrawn consent.
        match request.status.as_u16() {
            201 => {
                let id = request.body["id"].as_str().unwrap();
                let read = read_return(&app, &t.a_token, id).await;
                assert_eq!(read["status"], "cancelled", "a return on a withdrawn consent: {read}");
                let last = read["history"].as_array().unwrap().last().unwrap().clone();
                assert_eq!(last["reason"], "consent_withdrawn");
                assert_history_is_a_chain(&read);
            }
            422 => {
                assert_eq!(request.body["code"], "consent_required", "{}", request.body);
                assert!(list(&app, &t.a_token, "").await.is_empty());
            }
            _ => panic!("{}: {}", request.status, request.body),
        }
        let verified = db.store.verify_audit().await.unwrap();
        assert!(verified.ok, "{verified:?}");
    }

    async fn a_departure_and_a_withdrawal_at_the_same_time_end_in_one_consistent_state(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, consent_id, id) = return_at(&app, &t.a_token, "travel_booked").await;
        let withdraw_path = format!("/api/v1/cases/{case}/consents/{consent_id}/withdraw");

        // On PostgreSQL, another writer holds the head of the audit chain, which every
        // change appends to: the withdrawal waits there first, the departure second.
        let blocker = if db.is_postgres() {
            Some(Blocker::lock(&db, "SELECT lane FROM audit_lanes FOR UPDATE").await)
        } else {
            None
        };
        let withdrawal = spawn_post(&app, &t.manager_token, &withdraw_path, json!({}));
        if blocker.is_some() {
            wait_for_waiters(&db, 1, || withdrawal.is_finished()).await;
        }
        let departure = spawn_post(&app, &t.a_token, &format!("/api/v1/returns/{id}/transitions"), json!({"to": "departed"}));
        if let Some(blocker) = blocker {
            wait_for_waiters(&db, 2, || departure.is_finished()).await;
            blocker.release().await;
        }
        let (withdrawal, departure) = (withdrawal.await.unwrap(), departure.await.unwrap());

        // Neither fails on the other (no deadlock, no 500); one of them wins.
        assert_eq!(withdrawal.status, 200, "{}", withdrawal.body);
        let read = read_return(&app, &t.a_token, &id).await;
        assert_history_is_a_chain(&read);
        match departure.status.as_u16() {
            200 => assert_eq!(read["status"], "departed", "{read}"),
            409 => {
                assert_eq!(departure.body["code"], "invalid_transition", "{}", departure.body);
                assert_eq!(read["status"], "cancelled", "{read}");
                let last = read["history"].as_array().unwrap().last().unwrap().clone();
                assert_eq!(last["from"], "travel_booked");
                assert_eq!(last["reason"], "consent_withdrawn");
            }
            _ => panic!("{}: {}", departure.status, departure.body),
        }
        let verified = db.store.verify_audit().await.unwrap();
        assert!(verified.ok, "{verified:?}");
    }

    async fn a_visit_recorded_while_the_return_is_completed_is_never_logged_after_completion(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (_, _, id) = return_at(&app, &t.a_token, "monitoring").await;

        // The completion waits for the audit chain first, the visit second.
        let blocker = if db.is_postgres() {
            Some(Blocker::lock(&db, "SELECT lane FROM audit_lanes FOR UPDATE").await)
        } else {
            None
        };
        let completion = spawn_post(&app, &t.a_token, &format!("/api/v1/returns/{id}/transitions"), json!({"to": "completed"}));
        if blocker.is_some() {
            wait_for_waiters(&db, 1, || completion.is_finished()).await;
        }
        let visited = spawn_post(&app, &t.manager_token, &format!("/api/v1/returns/{id}/monitoring-visits"), scores(&today(), 0.5, 0.5, 0.5));
        if let Some(blocker) = blocker {
            wait_for_waiters(&db, 2, || visited.is_finished()).await;
            blocker.release().await;
        }
        let (completion, visited) = (completion.await.unwrap(), visited.await.unwrap());
        assert_eq!(completion.status, 200, "{}", completion.body);

        // A visit is either refused, or logged before the return was completed: the scores
        // of a completed return never change.
        let completed = audited(&db, "return.transition").await.into_iter()
            .find(|e| details(e)["to"] == "completed").unwrap();
        match visited.status.as_u16() {
            201 => {
                let visit = &audited(&db, "return.monitoring_visit").await[0];
                assert!(visit.seq < completed.seq, "a visit logged after completion");
            }
            409 => {
                assert_refused_move(&visited);
                assert_eq!(read_return(&app, &t.a_token, &id).await["monitoring_visits"], json!([]));
            }
            _ => panic!("{}: {}", visited.status, visited.body),
        }
    }

    async fn free_texts_refuse_control_characters_but_line_breaks_and_tabs(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, _) = consenting_case(&app, &t.a_token).await;
        let escape = "clear\u{1b}[2J screen";
        let mut needs = to_herat(&case);
        needs["needs"] = json!(escape);
        assert_invalid(&create_return(&app, &t.a_token, &needs).await, &["needs"]);
        let id = return_id(&app, &t.a_token, &case).await;
        assert_invalid(&move_to(&app, &t.a_token, &id, "counselling", Some(escape)).await, &["comment"]);
        let moved = move_to(&app, &t.a_token, &id, "counselling", Some("first line\n\tsecond line")).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        assert_eq!(moved.body["history"][1]["comment"], "first line\n\tsecond line");
        walk_to_from(&app, &t.a_token, &id, "counselling", "arrived").await;
        let mut notes = scores(&today(), 0.5, 0.5, 0.5);
        notes["notes"] = json!("bell\u{7}");
        assert_invalid(&visit(&app, &t.a_token, &id, &notes).await, &["notes"]);
        assert_eq!(read_return(&app, &t.a_token, &id).await["monitoring_visits"], json!([]));
    }

    async fn the_list_filters_by_status_direction_destination_and_province_and_pages_with_a_cursor(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let (case, _) = consenting_case(&app, &t.a_token).await;
        let route = |direction: &str, origin: Value, destination: Value| json!({
            "case_id": case, "direction": direction, "origin": origin, "destination": destination,
        });
        let mut ids_created = Vec::new();
        for body in [
            route("to_afghanistan", json!({"country": "IR"}), json!({"country": "AF", "province": "AF-HER"})),
            route("to_afghanistan", json!({"country": "PK"}), json!({"country": "AF", "province": "AF-KAB"})),
            route("from_afghanistan", json!({"country": "AF", "province": "AF-KAB"}), json!({"country": "PK"})),
            route("from_afghanistan", json!({"country": "AF", "province": "AF-BAL"}), json!({"country": "IN"})),
        ] {
            let created = create_return(&app, &t.a_token, &body).await;
            assert_eq!(created.status, 201, "{}", created.body);
            ids_created.push(created.body["id"].as_str().unwrap().to_owned());
        }
        let [herat, kabul_in, kabul_out, balkh_out] = <[String; 4]>::try_from(ids_created).unwrap();
        walk_to(&app, &t.a_token, &kabul_in, "counselling").await;
        walk_to(&app, &t.a_token, &balkh_out, "counselling").await;
        assert_eq!(move_to(&app, &t.a_token, &herat, "cancelled", None).await.status, 200);

        let newest_first = [balkh_out.clone(), kabul_out.clone(), kabul_in.clone(), herat.clone()];
        assert_eq!(list(&app, &t.a_token, "").await, newest_first);
        let expectations: [(&str, Vec<&String>); 10] = [
            ("status=counselling", vec![&balkh_out, &kabul_in]),
            ("status=requested", vec![&kabul_out]),
            ("status=cancelled", vec![&herat]),
            ("status=completed", vec![]),
            ("direction=from_afghanistan", vec![&balkh_out, &kabul_out]),
            ("direction=to_afghanistan", vec![&kabul_in, &herat]),
            ("destination_country=PK", vec![&kabul_out]),
            ("destination_country=AF", vec![&kabul_in, &herat]),
            ("province=AF-KAB", vec![&kabul_out, &kabul_in]),
            ("direction=to_afghanistan&province=AF-KAB&status=counselling", vec![&kabul_in]),
        ];
        for (query, expected) in expectations {
            let expected: Vec<String> = expected.into_iter().cloned().collect();
            assert_eq!(list(&app, &t.a_token, query).await, expected, "{query}");
        }
        assert_eq!(list(&app, &t.a_token, "province=AF-BAL&destination_country=IN").await, [balkh_out.as_str()]);

        // One at a time, a cursor from each page to the next, newest first.
        let mut seen = Vec::new();
        let mut path = "/api/v1/returns?limit=1".to_owned();
        loop {
            let page = get(&app, &t.a_token, &path).await;
            assert_eq!(page.status, 200, "{path}: {}", page.body);
            let items = ids(&page.body);
            assert_eq!(items.len(), 1, "{}", page.body);
            seen.extend(items);
            match page.body["next_cursor"].as_str() {
                Some(cursor) => path = format!("/api/v1/returns?limit=1&cursor={cursor}"),
                None => break,
            }
        }
        assert_eq!(seen, newest_first);
        // Filters and cursors combine.
        assert_eq!(list(&app, &t.a_token, "limit=1&province=AF-KAB").await, [kabul_out.clone(), kabul_in.clone()]);
        let first = get(&app, &t.a_token, "/api/v1/returns?limit=2").await;
        assert_eq!(ids(&first.body), [balkh_out.clone(), kabul_out.clone()]);
        let second = get(&app, &t.a_token, &format!("/api/v1/returns?limit=2&cursor={}", first.body["next_cursor"].as_str().unwrap())).await;
        assert_eq!(ids(&second.body), [kabul_in.clone(), herat.clone()]);
        assert_eq!(second.body["next_cursor"], Value::Null);
        // A list item is the summary.
        let item = &first.body["items"][1];
        assert_eq!(item["origin"], json!({"country": "AF", "province": "AF-KAB"}));
        assert_eq!(item["destination"], json!({"country": "PK", "province": null}));
        assert!(item.get("history").is_none() && item.get("plan").is_none(), "{item}");

        // Values that are not filters are 422, naming the parameter and never repeating
        // the value sent.
        for (query, field) in [("limit=0", "limit"), ("limit=201", "limit"), ("cursor=nonsense", "cursor")] {
            let refused = get(&app, &t.a_token, &format!("/api/v1/returns?{query}")).await;
            assert_invalid(&refused, &[field]);
        }
        for (query, parameter) in [
            ("status=flying", "status"), ("direction=sideways", "direction"),
            ("province=AF-XYZ", "province"), ("destination_country=Iran", "destination_country"),
            ("assigned_to=someone", "assigned_to"),
        ] {
            let refused = get(&app, &t.a_token, &format!("/api/v1/returns?{query}")).await;
            assert_invalid(&refused, &[parameter]);
            let value = query.split('=').nth(1).unwrap();
            let text = refused.body.to_string();
            assert!(!text.contains(value), "{query} echoed: {text}");
        }
    }
}

/// How many assistance records the case has.
async fn assistance_count(app: &TestApp, token: &str, case: &str) -> usize {
    let page = get(
        app,
        token,
        &format!("/api/v1/cases/{case}/assistance?limit=200"),
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.body["items"].as_array().unwrap().len()
}

/// Walks a return from `from` along the path up to `to`.
async fn walk_to_from(app: &TestApp, token: &str, id: &str, from: &str, to: &str) {
    let start = PATH.iter().position(|s| *s == from).unwrap();
    let end = PATH.iter().position(|s| *s == to).unwrap();
    for status in &PATH[start + 1..=end] {
        let moved = move_to(app, token, id, status, None).await;
        assert_eq!(moved.status, 200, "to {status}: {}", moved.body);
    }
}
