//! A case's consents, assistance and notes over HTTP on both backends: recording, listing
//! and changing them, validation, optimistic concurrency, who reaches which case's
//! records, encryption at rest and the audit trail.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::{AssistanceId, AssistanceStatus, AuditContext, CaseId, Role};
use panah_persistence::{AssistanceChanges, AuditFilter, CaseScope, StoreError};
use panah_tests::{
    PASSWORD, TestApp, TestDb, TestUser, assert_invalid, fields, get, ids, on_both_backends, patch,
    post, today, tomorrow,
};
use serde_json::{Value, json};
use sqlx::{Connection, Row};
use time::OffsetDateTime;

/// Two caseworkers and a case manager at IOM-AF, signed in, and one case assigned to
/// caseworker `a`.
struct Team {
    a: TestUser,
    a_token: String,
    b: TestUser,
    b_token: String,
    manager: TestUser,
    manager_token: String,
    case: String,
}

impl Team {
    /// `/api/v1/cases/{case}` followed by `rest`.
    fn path(&self, rest: &str) -> String {
        format!("/api/v1/cases/{}{rest}", self.case)
    }
}

async fn team(db: &TestDb, app: &TestApp) -> Team {
    let a = db
        .create_user("worker.a", "IOM-AF", &[Role::Caseworker])
        .await;
    let b = db
        .create_user("worker.b", "IOM-AF", &[Role::Caseworker])
        .await;
    let manager = db.create_user_with_role(Role::CaseManager).await;
    let a_token = app.token(&a.username, PASSWORD).await;
    let case = new_case(app, &a_token).await;
    Team {
        b_token: app.token(&b.username, PASSWORD).await,
        manager_token: app.token(&manager.username, PASSWORD).await,
        a,
        a_token,
        b,
        manager,
        case,
    }
}

/// Registers a case assigned to the caller and returns its id.
async fn new_case(app: &TestApp, token: &str) -> String {
    let body = json!({
        "category": "presumed_victim", "province": "AF-HER", "identified_on": "2026-01-10",
        "person": { "given_name": "Zahra", "sex": "female", "citizenship": "AF" },
    });
    let created = post(app, token, "/api/v1/cases", &body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// The IOM-AF organisation's id.
async fn iom(app: &TestApp, token: &str) -> String {
    let organizations = get(app, token, "/api/v1/organizations").await;
    organizations.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "IOM-AF")
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .unwrap()
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

/// The raw bytes of every note body and assistance description, read with SQL behind the
/// store's back.
async fn sealed_columns(db: &TestDb) -> Vec<Vec<u8>> {
    const SQL: &str = "SELECT body FROM case_notes \
                       UNION ALL SELECT description FROM assistance WHERE description IS NOT NULL";
    if db.is_postgres() {
        let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
        sqlx::query(SQL)
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<Vec<u8>, _>(0))
            .collect()
    } else {
        let mut conn = sqlx::SqliteConnection::connect(db.url()).await.unwrap();
        sqlx::query(SQL)
            .fetch_all(&mut conn)
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<Vec<u8>, _>(0))
            .collect()
    }
}

/// Whether `needle` occurs in `haystack`, also hex-encoded as PostgreSQL prints bytea.
fn contains(haystack: &[u8], needle: &str) -> bool {
    let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
    [needle.as_bytes(), hex.as_bytes()]
        .iter()
        .any(|n| haystack.windows(n.len()).any(|w| w == *n))
}

on_both_backends! {
    async fn consents_are_recorded_listed_and_withdrawn_and_their_history_is_kept(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let consents = t.path("/consents");

        let assistance = post(&app, &t.a_token, &consents,
            &json!({"kind": "assistance", "given_on": "2026-01-10"})).await;
        assert_eq!(assistance.status, 201, "{}", assistance.body);
        let assistance_id = assistance.body["id"].as_str().unwrap().to_owned();
        assert_eq!(assistance.location.as_deref(), Some(format!("{consents}/{assistance_id}").as_str()));
        assert_eq!(assistance.body["case_id"], t.case.as_str());
        assert_eq!(assistance.body["organization_kinds"], json!([]));
        assert_eq!(assistance.body["valid"], true);
        assert_eq!(assistance.body["withdrawn_on"], Value::Null);
        assert_eq!(assistance.body["recorded_by"], t.a.id.to_string());

        let sharing = post(&app, &t.a_token, &consents, &json!({
            "kind": "data_sharing", "given_on": "2026-02-01",
            "organization_kinds": ["moi_provincial", "moi_national", "moi_national"],
        })).await;
        assert_eq!(sharing.status, 201, "{}", sharing.body);
        assert_eq!(sharing.body["organization_kinds"], json!(["moi_national", "moi_provincial"]));
        let sharing_id = sharing.body["id"].as_str().unwrap().to_owned();
        let read = get(&app, &t.a_token, &format!("{consents}/{sharing_id}")).await;
        assert_eq!(read.status, 200);
        assert_eq!(read.body, sharing.body);

        // Withdrawn without a date: today, by the case manager this time.
        let withdrawn = post(&app, &t.manager_token, &format!("{consents}/{sharing_id}/withdraw"), &json!({})).await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
        assert_eq!(withdrawn.body["withdrawn_on"], today());
        assert_eq!(withdrawn.body["withdrawn_by"], t.manager.id.to_string());
        assert_eq!(withdrawn.body["valid"], false);
        assert_eq!(withdrawn.body["given_on"], "2026-02-01");

        let again = post(&app, &t.a_token, &format!("{consents}/{sharing_id}/withdraw"),
            &json!({"withdrawn_on": "2026-03-01"})).await;
        assert_eq!(again.status, 409, "{}", again.body);
        assert_eq!(again.body["code"], "already_withdrawn");

        // A dated withdrawal of the other one, then the same consent given anew.
        let dated = post(&app, &t.a_token, &format!("{consents}/{assistance_id}/withdraw"),
            &json!({"withdrawn_on": "2026-01-10"})).await;
        assert_eq!(dated.status, 200, "{}", dated.body);
        assert_eq!(dated.body["withdrawn_on"], "2026-01-10");
        let renewed = post(&app, &t.a_token, &consents,
            &json!({"kind": "assistance", "given_on": "2026-04-01"})).await;
        assert_eq!(renewed.status, 201);

        let list = get(&app, &t.a_token, &consents).await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert_eq!(list.body["next_cursor"], Value::Null);
        assert_eq!(ids(&list.body), [
            assistance_id.clone(),
            sharing_id.clone(),
            renewed.body["id"].as_str().unwrap().to_owned(),
        ]);
        let items = list.body["items"].as_array().unwrap();
        assert_eq!(items[0]["withdrawn_on"], "2026-01-10");
        assert_eq!(items[1], withdrawn.body);
        assert_eq!(items[2]["valid"], true);

        // Every change is audited, naming the consent and its case and nothing else.
        let recorded = audited(&db, "consent.record").await;
        assert_eq!(recorded.len(), 3);
        assert_eq!(recorded[0].target_type.as_deref(), Some("consent"));
        assert_eq!(recorded[0].target_id.as_deref(), Some(assistance_id.as_str()));
        assert_eq!(recorded[0].actor_id, Some(t.a.id));
        let details: Value = serde_json::from_str(recorded[1].details.as_deref().unwrap()).unwrap();
        assert_eq!(details, json!({"case_id": t.case}));
        let withdrawals = audited(&db, "consent.withdraw").await;
        assert_eq!(withdrawals.len(), 2, "the refused second withdrawal is not a change");
        assert_eq!(withdrawals[0].target_id.as_deref(), Some(sharing_id.as_str()));
        assert_eq!(withdrawals[0].actor_id, Some(t.manager.id));
    }

    async fn a_consent_is_refused_with_the_field_named_when_it_breaks_a_rule(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let consents = t.path("/consents");
        let cases = [
            (json!({"kind": "data_sharing", "given_on": "2026-02-01"}), "organization_kinds"),
            (json!({"kind": "data_sharing", "given_on": "2026-02-01", "organization_kinds": []}), "organization_kinds"),
            (json!({"kind": "return", "given_on": "2026-02-01", "organization_kinds": ["moi_national"]}), "organization_kinds"),
            (json!({"kind": "data_sharing", "given_on": "2026-02-01", "organization_kinds": ["embassy"]}), "organization_kinds[0]"),
            (json!({"kind": "assistance", "given_on": tomorrow()}), "given_on"),
            (json!({"kind": "assistance", "given_on": "2026-02-30"}), "given_on"),
            (json!({"kind": "marriage", "given_on": "2026-02-01"}), "kind"),
            (json!({"kind": "assistance", "given_on": "2026-02-01", "recorded_by": t.a.id.to_string()}), "recorded_by"),
        ];
        for (body, field) in cases {
            let refused = post(&app, &t.a_token, &consents, &body).await;
            assert_eq!(refused.status, 422, "{body}: {}", refused.body);
            assert_eq!(fields(&refused.body), [field], "{body}: {}", refused.body);
        }

        let given = post(&app, &t.a_token, &consents,
            &json!({"kind": "return", "given_on": "2026-03-01"})).await;
        assert_eq!(given.status, 201);
        let withdraw = format!("{consents}/{}/withdraw", given.body["id"].as_str().unwrap());
        for date in ["2026-02-28".to_owned(), tomorrow()] {
            let refused = post(&app, &t.a_token, &withdraw, &json!({"withdrawn_on": date})).await;
            assert_invalid(&refused, &["withdrawn_on"]);
        }
        let unknown = post(&app, &t.a_token, &format!("{consents}/{}/withdraw", t.case), &json!({})).await;
        assert_eq!(unknown.status, 404, "{}", unknown.body);

        let list = get(&app, &t.a_token, &consents).await;
        assert_eq!(ids(&list.body).len(), 1, "nothing refused was recorded");
        assert_eq!(list.body["items"][0]["valid"], true);
    }

    async fn assistance_is_logged_listed_and_changed_under_if_match(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let iom = iom(&app, &t.a_token).await;
        let assistance = t.path("/assistance");

        let created = post(&app, &t.a_token, &assistance, &json!({
            "type": "medical", "status": "planned", "date": "2026-12-15",
            "provider_organization_id": iom, "cost": {"amount_minor": 12000, "currency": "USD"},
            "description": "Clinic visit",
        })).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap().to_owned();
        let one = format!("{assistance}/{id}");
        assert_eq!(created.location.as_deref(), Some(one.as_str()));
        assert_eq!(created.etag.as_deref(), Some("\"1\""));
        assert_eq!(created.body["type"], "medical");
        assert_eq!(created.body["status"], "planned");
        assert_eq!(created.body["date"], "2026-12-15");
        assert_eq!(created.body["provider_organization_id"], iom.as_str());
        assert_eq!(created.body["cost"], json!({"amount_minor": 12000, "currency": "USD"}));
        assert_eq!(created.body["description"], "Clinic visit");
        assert_eq!(created.body["recorded_by"], t.a.id.to_string());
        assert_eq!(created.body["version"], 1);

        let read = get(&app, &t.manager_token, &one).await;
        assert_eq!(read.status, 200);
        assert_eq!(read.etag.as_deref(), Some("\"1\""));
        assert_eq!(read.body, created.body);

        // Two more, without cost, provider or description; then the list in pages of two.
        let mut all = vec![id.clone()];
        for kind in ["shelter", "food_and_items"] {
            let more = post(&app, &t.manager_token, &assistance,
                &json!({"type": kind, "status": "delivered", "date": "2026-02-01"})).await;
            assert_eq!(more.status, 201, "{}", more.body);
            assert_eq!(more.body["cost"], Value::Null);
            assert_eq!(more.body["description"], Value::Null);
            all.push(more.body["id"].as_str().unwrap().to_owned());
        }
        let first = get(&app, &t.a_token, &format!("{assistance}?limit=2")).await;
        assert_eq!(first.status, 200, "{}", first.body);
        assert_eq!(ids(&first.body), all[..2]);
        let cursor = first.body["next_cursor"].as_str().unwrap();
        let second = get(&app, &t.a_token, &format!("{assistance}?limit=2&cursor={cursor}")).await;
        assert_eq!(ids(&second.body), all[2..]);
        assert_eq!(second.body["next_cursor"], Value::Null);
        assert_eq!(first.body["items"][0], created.body);

        let change = json!({"status": "delivered", "date": "2026-11-20"});
        let missing = patch(&app, &t.a_token, &one, None, &change).await;
        assert_eq!(missing.status, 428, "{}", missing.body);
        assert_eq!(missing.body["code"], "precondition_required");
        let stale = patch(&app, &t.a_token, &one, Some("\"7\""), &change).await;
        assert_eq!(stale.status, 412, "{}", stale.body);
        assert_eq!(stale.body["code"], "version_mismatch");

        let changed = patch(&app, &t.a_token, &one, Some("\"1\""), &change).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(changed.etag.as_deref(), Some("\"2\""));
        assert_eq!(changed.body["status"], "delivered");
        assert_eq!(changed.body["date"], "2026-11-20");
        assert_eq!(changed.body["cost"], created.body["cost"], "what is not sent stays");
        assert_eq!(changed.body["description"], "Clinic visit");
        let again = patch(&app, &t.a_token, &one, Some("\"1\""), &json!({"status": "cancelled"})).await;
        assert_eq!(again.status, 412, "the version read is no longer current");

        let cleared = patch(&app, &t.manager_token, &one, Some("\"2\""),
            &json!({"cost": null, "description": null})).await;
        assert_eq!(cleared.status, 200, "{}", cleared.body);
        assert_eq!(cleared.body["cost"], Value::Null);
        assert_eq!(cleared.body["description"], Value::Null);
        let repriced = patch(&app, &t.a_token, &one, Some("\"3\""),
            &json!({"cost": {"amount_minor": 0, "currency": "AFN"}, "description": "Follow-up"})).await;
        assert_eq!(repriced.status, 200, "{}", repriced.body);
        assert_eq!(repriced.body["cost"], json!({"amount_minor": 0, "currency": "AFN"}));
        assert_eq!(repriced.body["description"], "Follow-up");

        let cancelled = patch(&app, &t.a_token, &one, Some("\"4\""), &json!({"status": "cancelled"})).await;
        assert_eq!(cancelled.status, 200, "{}", cancelled.body);
        for to in ["planned", "delivered"] {
            let revived = patch(&app, &t.a_token, &one, Some("\"5\""), &json!({"status": to})).await;
            assert_eq!(revived.status, 409, "{to}: {}", revived.body);
            assert_eq!(revived.body["code"], "invalid_transition");
        }
        let still = get(&app, &t.a_token, &one).await;
        assert_eq!(still.body["status"], "cancelled");
        assert_eq!(still.etag.as_deref(), Some("\"5\""));

        // One entry per change, naming the record, its case and the fields changed.
        let created_entries = audited(&db, "assistance.create").await;
        assert_eq!(created_entries.len(), 3);
        assert_eq!(created_entries[0].target_type.as_deref(), Some("assistance"));
        assert_eq!(created_entries[0].target_id.as_deref(), Some(id.as_str()));
        let updates = audited(&db, "assistance.update").await;
        assert_eq!(updates.len(), 4);
        let details: Value = serde_json::from_str(updates[2].details.as_deref().unwrap()).unwrap();
        assert_eq!(details, json!({"case_id": t.case, "changed": ["cost", "description"]}));
    }

    async fn assistance_is_refused_with_the_field_named_when_it_breaks_a_rule(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let assistance = t.path("/assistance");
        let valid = json!({"type": "legal_counselling", "status": "planned", "date": "2026-12-01"});
        let with = |key: &str, value: Value| {
            let mut body = valid.clone();
            body[key] = value;
            body
        };
        let cases = [
            (with("type", json!("haircut")), "type"),
            (with("status", json!("done")), "status"),
            (with("date", json!("01/12/2026")), "date"),
            (with("cost", json!({"amount_minor": -1, "currency": "USD"})), "cost.amount_minor"),
            (with("cost", json!({"amount_minor": 100, "currency": "XYZ"})), "cost.currency"),
            (with("cost", json!({"amount_minor": 100})), "cost.currency"),
            (with("provider_organization_id", json!(t.case)), "provider_organization_id"),
            (with("description", json!("x".repeat(2001))), "description"),
            (with("description", json!("bell\u{7}")), "description"),
            (with("budget_line_id", json!(t.case)), "budget_line_id"),
            (with("return_id", json!(t.case)), "return_id"),
        ];
        for (body, field) in cases {
            let refused = post(&app, &t.a_token, &assistance, &body).await;
            assert_eq!(refused.status, 422, "{field}: {}", refused.body);
            assert_eq!(fields(&refused.body), [field], "{field}: {}", refused.body);
        }
        let longest = post(&app, &t.a_token, &assistance, &with("description", json!("x".repeat(2000)))).await;
        assert_eq!(longest.status, 201, "{}", longest.body);

        let one = format!("{assistance}/{}", longest.body["id"].as_str().unwrap());
        let empty = patch(&app, &t.a_token, &one, Some("\"1\""), &json!({})).await;
        assert_invalid(&empty, &["body"]);
        let negative = patch(&app, &t.a_token, &one, Some("\"1\""),
            &json!({"cost": {"amount_minor": -5, "currency": "EUR"}})).await;
        assert_invalid(&negative, &["cost.amount_minor"]);
        let unknown = patch(&app, &t.a_token, &one, Some("\"1\""), &json!({"type": "cash"})).await;
        assert_invalid(&unknown, &["type"]);
        for field in ["status", "date"] {
            let null = patch(&app, &t.a_token, &one, Some("\"1\""), &json!({field: null})).await;
            assert_invalid(&null, &[field]);
        }

        let list = get(&app, &t.a_token, &assistance).await;
        assert_eq!(ids(&list.body).len(), 1, "nothing refused was logged");
        assert_eq!(list.body["items"][0]["version"], 1, "nothing refused was changed");
    }

    async fn of_two_concurrent_changes_from_one_version_exactly_one_succeeds(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let assistance = t.path("/assistance");
        for round in 0..5 {
            let created = post(&app, &t.a_token, &assistance,
                &json!({"type": "transport", "status": "planned", "date": "2026-12-01"})).await;
            let one = format!("{assistance}/{}", created.body["id"].as_str().unwrap());
            let (deliver, cancel) = (json!({"status": "delivered"}), json!({"status": "cancelled"}));
            let (first, second) = tokio::join!(
                patch(&app, &t.a_token, &one, Some("\"1\""), &deliver),
                patch(&app, &t.manager_token, &one, Some("\"1\""), &cancel),
            );
            let mut statuses = [first.status.as_u16(), second.status.as_u16()];
            statuses.sort_unstable();
            assert_eq!(statuses, [200, 412], "round {round}: {} / {}", first.body, second.body);
            let winner = if first.status == 200 { &first } else { &second };
            let read = get(&app, &t.a_token, &one).await;
            assert_eq!(read.body["version"], 2, "round {round}");
            assert_eq!(read.body["status"], winner.body["status"], "round {round}");
        }
        assert_eq!(audited(&db, "assistance.update").await.len(), 5, "one entry per change made");

        // The store itself, without the handler's early check: the version condition of
        // the UPDATE alone lets exactly one of two changes from version 1 through.
        let created = post(&app, &t.a_token, &assistance,
            &json!({"type": "transport", "status": "planned", "date": "2026-12-01"})).await;
        let id = AssistanceId(created.body["id"].as_str().unwrap().parse().unwrap());
        let case = CaseId(t.case.parse().unwrap());
        let changes = AssistanceChanges {
            status: Some(AssistanceStatus::Delivered),
            ..AssistanceChanges::default()
        };
        let context = AuditContext {
            actor_id: Some(t.manager.id),
            actor_organization_id: None,
            os_user: None,
            request_id: None,
            at: OffsetDateTime::now_utc(),
            claim: None,
        };
        let (first, second) = tokio::join!(
            db.store.update_assistance(case, id, CaseScope::All, 1, &changes, &context),
            db.store.update_assistance(case, id, CaseScope::All, 1, &changes, &context),
        );
        let failures: Vec<_> = [&first, &second].into_iter().filter_map(|r| r.as_ref().err()).collect();
        assert_eq!(failures.len(), 1, "{first:?} / {second:?}");
        assert!(matches!(failures[0], StoreError::VersionMismatch), "{failures:?}");
        let stale = db.store.update_assistance(case, id, CaseScope::All, 1, &changes, &context).await;
        assert!(matches!(stale, Err(StoreError::VersionMismatch)), "{stale:?}");
    }

    async fn a_caseworker_reaches_only_the_records_of_their_own_cases_and_a_case_manager_all(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let consent = post(&app, &t.a_token, &t.path("/consents"),
            &json!({"kind": "assistance", "given_on": "2026-02-01"})).await;
        let service = post(&app, &t.a_token, &t.path("/assistance"),
            &json!({"type": "cash", "status": "planned", "date": "2026-12-01"})).await;
        let note = post(&app, &t.a_token, &t.path("/notes"), &json!({"body": "First meeting."})).await;
        for created in [&consent, &service, &note] {
            assert_eq!(created.status, 201, "{}", created.body);
        }
        let consent_path = t.path(&format!("/consents/{}", consent.body["id"].as_str().unwrap()));
        let service_path = t.path(&format!("/assistance/{}", service.body["id"].as_str().unwrap()));
        let note_path = t.path(&format!("/notes/{}", note.body["id"].as_str().unwrap()));

        // Caseworker b: every record of a's case is 404, reading and writing alike.
        for path in [t.path("/consents"), t.path("/assistance"), t.path("/notes"),
                     consent_path.clone(), service_path.clone(), note_path.clone()] {
            let read = get(&app, &t.b_token, &path).await;
            assert_eq!(read.status, 404, "GET {path}: {}", read.body);
            assert_eq!(read.body["code"], "not_found");
        }
        let writes = [
            (t.path("/consents"), json!({"kind": "return", "given_on": "2026-02-01"})),
            (format!("{consent_path}/withdraw"), json!({})),
            (t.path("/assistance"), json!({"type": "cash", "status": "planned", "date": "2026-12-01"})),
            (t.path("/notes"), json!({"body": "Not my case."})),
        ];
        for (path, body) in &writes {
            let refused = post(&app, &t.b_token, path, body).await;
            assert_eq!(refused.status, 404, "POST {path}: {}", refused.body);
        }
        let refused = patch(&app, &t.b_token, &service_path, Some("\"1\""), &json!({"status": "cancelled"})).await;
        assert_eq!(refused.status, 404, "{}", refused.body);
        // An unknown case looks the same as someone else's.
        let unknown = get(&app, &t.a_token, &format!("/api/v1/cases/{}/notes", consent.body["id"].as_str().unwrap())).await;
        assert_eq!(unknown.status, 404);
        // A record named under another case is not found either.
        let other_case = new_case(&app, &t.a_token).await;
        let elsewhere = get(&app, &t.a_token, &format!(
            "/api/v1/cases/{other_case}/assistance/{}", service.body["id"].as_str().unwrap())).await;
        assert_eq!(elsewhere.status, 404);

        // The case manager sees and changes everything; nothing of b's attempts exists.
        assert_eq!(ids(&get(&app, &t.manager_token, &t.path("/consents")).await.body).len(), 1);
        assert_eq!(ids(&get(&app, &t.manager_token, &t.path("/assistance")).await.body).len(), 1);
        let notes = get(&app, &t.manager_token, &t.path("/notes")).await;
        assert_eq!(ids(&notes.body), [note.body["id"].as_str().unwrap()]);
        assert_eq!(get(&app, &t.manager_token, &service_path).await.status, 200);
        assert_eq!(get(&app, &t.manager_token, &note_path).await.body["body"], "First meeting.");
        let changed = patch(&app, &t.manager_token, &service_path, Some("\"1\""), &json!({"status": "delivered"})).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        let managed = post(&app, &t.manager_token, &t.path("/notes"), &json!({"body": "Reviewed."})).await;
        assert_eq!(managed.status, 201, "{}", managed.body);
        assert_eq!(managed.body["author_id"], t.manager.id.to_string());

        // Reassigned to b, the case's records move with it.
        let case = get(&app, &t.manager_token, &t.path("")).await;
        let reassigned = patch(&app, &t.manager_token, &t.path(""), case.etag.as_deref(),
            &json!({"assigned_to": t.b.id.to_string()})).await;
        assert_eq!(reassigned.status, 200, "{}", reassigned.body);
        assert_eq!(get(&app, &t.b_token, &t.path("/assistance")).await.status, 200);
        assert_eq!(get(&app, &t.a_token, &t.path("/assistance")).await.status, 404);
    }

    async fn notes_are_listed_newest_first_and_every_read_of_them_is_audited(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let notes = t.path("/notes");
        let mut written = Vec::new();
        for text in ["One.", "Two,\nwith a second line.", "Three."] {
            let note = post(&app, &t.a_token, &notes, &json!({"body": text})).await;
            assert_eq!(note.status, 201, "{}", note.body);
            assert_eq!(note.body["body"], text);
            assert_eq!(note.body["author_id"], t.a.id.to_string());
            assert_eq!(note.location, Some(format!("{notes}/{}", note.body["id"].as_str().unwrap())));
            written.push(note.body["id"].as_str().unwrap().to_owned());
        }
        written.reverse();
        let page = get(&app, &t.a_token, &format!("{notes}?limit=2")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(ids(&page.body), written[..2]);
        let cursor = page.body["next_cursor"].as_str().unwrap();
        let rest = get(&app, &t.a_token, &format!("{notes}?limit=2&cursor={cursor}")).await;
        assert_eq!(ids(&rest.body), written[2..]);
        assert_eq!(rest.body["items"][0]["body"], "One.");
        let one = get(&app, &t.a_token, &format!("{notes}/{}", written[1])).await;
        assert_eq!(one.body["body"], "Two,\nwith a second line.");

        let reads = audited(&db, "case.notes.read").await;
        assert_eq!(reads.len(), 3, "two pages and one note were read");
        for read in &reads {
            assert_eq!(read.target_type.as_deref(), Some("case"));
            assert_eq!(read.target_id.as_deref(), Some(t.case.as_str()));
            assert_eq!(read.actor_id, Some(t.a.id));
        }
        let details: Value = serde_json::from_str(reads[2].details.as_deref().unwrap()).unwrap();
        assert_eq!(details, json!({"note_id": written[1]}));
        // A refused read reads nothing, so it is not audited as one.
        assert_eq!(get(&app, &t.b_token, &notes).await.status, 404);
        assert_eq!(audited(&db, "case.notes.read").await.len(), 3);
        let created = audited(&db, "note.create").await;
        assert_eq!(created.len(), 3);
        assert_eq!(created[0].target_type.as_deref(), Some("note"));

        for body in [json!({"body": ""}), json!({"body": "  \n "}), json!({"body": "x".repeat(10_001)}),
                     json!({"body": "esc\u{1b}[2J"}), json!({"text": "Hello"})] {
            let refused = post(&app, &t.a_token, &notes, &body).await;
            assert_eq!(refused.status, 422, "{}", refused.body);
        }
        let longest = post(&app, &t.a_token, &notes, &json!({"body": "ن".repeat(10_000)})).await;
        assert_eq!(longest.status, 201, "{}", longest.body);
    }

    async fn note_and_description_texts_are_sealed_at_rest_and_never_audited(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let note_sentinel = "SENTINEL-NOTE-7f3a9c";
        let description_sentinel = "SENTINEL-DESCRIPTION-51be0d";
        let changed_sentinel = "SENTINEL-CHANGED-c40e22";

        let note = post(&app, &t.a_token, &t.path("/notes"),
            &json!({"body": format!("Met {note_sentinel} at the shelter.")})).await;
        assert_eq!(note.status, 201, "{}", note.body);
        let service = post(&app, &t.a_token, &t.path("/assistance"), &json!({
            "type": "psychosocial", "status": "planned", "date": "2026-12-01",
            "description": format!("Sessions with {description_sentinel}"),
        })).await;
        assert_eq!(service.status, 201, "{}", service.body);
        let one = t.path(&format!("/assistance/{}", service.body["id"].as_str().unwrap()));
        let changed = patch(&app, &t.a_token, &one, Some("\"1\""),
            &json!({"description": format!("Now with {changed_sentinel}")})).await;
        assert_eq!(changed.status, 200, "{}", changed.body);

        // The store opens what it sealed ...
        let notes = get(&app, &t.a_token, &t.path("/notes")).await;
        assert_eq!(notes.body["items"][0]["body"], format!("Met {note_sentinel} at the shelter."));
        let read = get(&app, &t.a_token, &one).await;
        assert_eq!(read.body["description"], format!("Now with {changed_sentinel}"));

        // ... but the columns hold only ciphertext ...
        let sealed = sealed_columns(&db).await;
        assert_eq!(sealed.len(), 2, "one note and one description");
        for value in &sealed {
            for sentinel in [note_sentinel, description_sentinel, changed_sentinel] {
                assert!(!contains(value, sentinel), "{sentinel} stored in clear");
            }
        }
        // ... and no byte the database keeps, nor any audit entry, holds the text.
        let raw = db.raw_bytes().await;
        let audit = format!("{:?}", db.store.list_audit(&AuditFilter::default(), 10_000).await.unwrap());
        assert!(audit.contains("note.create") && audit.contains("assistance.update"), "{audit}");
        for sentinel in [note_sentinel, description_sentinel, changed_sentinel] {
            assert!(!contains(&raw, sentinel), "{sentinel} found in the database's bytes");
            assert!(!audit.contains(sentinel), "{sentinel} found in the audit log");
        }

        // A sealed value moved to another row does not open there.
        let other = post(&app, &t.a_token, &t.path("/notes"), &json!({"body": "Another."})).await;
        let (from, to) = (note.body["id"].as_str().unwrap(), other.body["id"].as_str().unwrap());
        let literal = |id: &str| {
            let id: uuid::Uuid = id.parse().unwrap();
            if db.is_postgres() { format!("'{id}'") } else { format!("x'{}'", id.simple()) }
        };
        db.execute_raw(&format!(
            "UPDATE case_notes SET body = (SELECT body FROM case_notes WHERE id = {}) WHERE id = {}",
            literal(from), literal(to)
        )).await;
        let broken = get(&app, &t.a_token, &t.path(&format!("/notes/{to}"))).await;
        assert_eq!(broken.status, 500, "{}", broken.body);
        assert!(!broken.body.to_string().contains(note_sentinel));

        let verified = db.store.verify_audit().await.unwrap();
        assert!(verified.ok, "{verified:?}");
    }
}
