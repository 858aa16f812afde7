//! `Idempotency-Key` on creating requests, over HTTP on both backends.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_app::{App, Door, NewCaseFile};
use panah_domain::{CaseCategory, Role, TraffickingProfile};
use panah_persistence::Claim;
use panah_tests::{
    PASSWORD, TestApp, TestDb, TestUser, on_both_backends, person, test_app, test_auth_settings,
};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

const SENTINEL: &str = "Idempotent-Sentinel-5521";

/// How long keys are kept, and the test servers' request timeout.
const DAY: time::Duration = time::Duration::hours(24);
const TIMEOUT: time::Duration = time::Duration::seconds(30);

/// The hash the API keys a `POST /api/v1/cases` with `body` by.
fn request_hash(body: &Value) -> Vec<u8> {
    Sha256::new()
        .chain_update(b"/api/v1/cases")
        .chain_update([0])
        .chain_update(serde_json::to_vec(body).unwrap())
        .finalize()
        .to_vec()
}

/// Claims `key` for `user`'s `POST /api/v1/cases` with `body` at `at`, as a request that
/// then stops (a crash) would.
async fn claim(db: &TestDb, user: &TestUser, key: &str, body: &Value, at: OffsetDateTime) -> Claim {
    let now = OffsetDateTime::now_utc();
    db.store
        .claim_idempotency_key(
            user.id,
            key,
            &request_hash(body),
            at,
            now - DAY,
            now - TIMEOUT,
        )
        .await
        .unwrap()
}

fn case(given_name: &str) -> Value {
    json!({
        "category": "vulnerable_migrant", "province": "AF-KAB", "identified_on": "2026-10-01",
        "person": { "given_name": given_name, "sex": "male", "citizenship": "AF", "estimated_age": 30 }
    })
}

async fn post_with_key(app: &TestApp, token: &str, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/cases"))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn case_count(app: &TestApp, token: &str) -> usize {
    let list: Value = app
        .get_as(token, "/api/v1/cases")
        .await
        .json()
        .await
        .unwrap();
    list["items"].as_array().unwrap().len()
}

on_both_backends! {
    async fn a_retry_with_the_same_key_and_body_gets_the_first_answer_and_creates_nothing(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        let first = post_with_key(&app, &token, "retry-1", &case(SENTINEL)).await;
        assert_eq!(first.status(), 201);
        let location = first.headers()["location"].clone();
        let etag = first.headers()["etag"].clone();
        let first_body: Value = first.json().await.unwrap();

        let again = post_with_key(&app, &token, "retry-1", &case(SENTINEL)).await;
        assert_eq!(again.status(), 201);
        assert_eq!(again.headers()["location"], location);
        assert_eq!(again.headers()["etag"], etag);
        assert_eq!(again.headers()["idempotent-replay"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first_body);
        assert_eq!(case_count(&app, &token).await, 1);

        // Another key is another request.
        assert_eq!(post_with_key(&app, &token, "retry-2", &case(SENTINEL)).await.status(), 201);
        assert_eq!(case_count(&app, &token).await, 2);
    }

    async fn the_same_key_with_another_body_is_refused(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        assert_eq!(post_with_key(&app, &token, "k", &case("Ahmad")).await.status(), 201);
        let other = post_with_key(&app, &token, "k", &case("Mahmoud")).await;
        assert_eq!(other.status(), 422);
        assert_eq!(other.json::<Value>().await.unwrap()["code"], "idempotency_key_reused");
        assert_eq!(case_count(&app, &token).await, 1);
    }

    async fn a_key_whose_first_request_still_runs_is_409(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        let body = case("Ahmad");
        // Claim the key as the first request would, just now, and never finish it.
        let claimed = claim(&db, &worker, "busy", &body, OffsetDateTime::now_utc()).await;
        assert!(matches!(claimed, Claim::Claimed(_)));
        let response = post_with_key(&app, &token, "busy", &body).await;
        assert_eq!(response.status(), 409);
        assert!(response.headers().contains_key("retry-after"));
        assert_eq!(response.json::<Value>().await.unwrap()["code"], "idempotency_key_in_flight");
        assert_eq!(case_count(&app, &token).await, 0);
    }

    async fn a_refused_request_frees_its_key_for_a_corrected_retry(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        let mut bad = case("Ahmad");
        bad["identified_on"] = json!("2999-01-01");
        assert_eq!(post_with_key(&app, &token, "fix-me", &bad).await.status(), 422);
        assert_eq!(post_with_key(&app, &token, "fix-me", &case("Ahmad")).await.status(), 201);
    }

    async fn keys_belong_to_their_user_and_expire_after_a_day(db: TestDb) {
        let first = db.create_user("worker.one", "IOM-AF", &[Role::Caseworker]).await;
        let second = db.create_user("worker.two", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let one = app.token(&first.username, PASSWORD).await;
        let two = app.token(&second.username, PASSWORD).await;
        assert_eq!(post_with_key(&app, &one, "shared", &case("Ahmad")).await.status(), 201);
        let response = post_with_key(&app, &two, "shared", &case("Ahmad")).await;
        assert_eq!(response.status(), 201);
        assert!(response.headers().get("idempotent-replay").is_none());

        let aged = if db.is_postgres() {
            "UPDATE idempotency_keys SET created_at = created_at - interval '25 hours'"
        } else {
            "UPDATE idempotency_keys SET created_at = strftime('%Y-%m-%d %H:%M:%f', created_at, '-25 hours') || '+00:00'"
        };
        db.execute_raw(aged).await;
        let response = post_with_key(&app, &one, "shared", &case("Ahmad")).await;
        assert!(response.headers().get("idempotent-replay").is_none(), "expired: a new request");
        assert_eq!(case_count(&app, &one).await, 2);
    }

    async fn the_kept_answer_is_sealed_at_rest(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        assert_eq!(post_with_key(&app, &token, "sealed", &case(SENTINEL)).await.status(), 201);
        let url = db.url().to_owned();
        let stored: Vec<u8> = if db.is_postgres() {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
            sqlx::query_scalar("SELECT response FROM idempotency_keys").fetch_one(&mut conn).await.unwrap()
        } else {
            use sqlx::Connection;
            let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::query_scalar("SELECT response FROM idempotency_keys").fetch_one(&mut conn).await.unwrap()
        };
        assert!(!stored.is_empty());
        assert!(!stored.windows(SENTINEL.len()).any(|w| w == SENTINEL.as_bytes()));
    }

    async fn the_key_is_ignored_where_nothing_is_created(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        for _ in 0..2 {
            let response = app.client
                .request(Method::POST, app.url("/api/v1/cases/search"))
                .bearer_auth(&token)
                .header("idempotency-key", "search")
                .json(&json!({"given_name": "x"}))
                .send().await.unwrap();
            assert_eq!(response.status(), 200);
            assert!(response.headers().get("idempotent-replay").is_none());
        }
        let bad = app.client.post(app.url("/api/v1/cases")).bearer_auth(&token)
            .header("idempotency-key", "").json(&case("Ahmad")).send().await.unwrap();
        assert_eq!(bad.status(), 422);
    }

    async fn a_claim_left_by_a_request_that_died_before_committing_is_taken_over_after_the_timeout(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        let body = case("Ahmad");
        // The first request claimed the key a minute ago and died before its write.
        let stale = OffsetDateTime::now_utc() - time::Duration::minutes(1);
        assert!(matches!(claim(&db, &worker, "crashed", &body, stale).await, Claim::Claimed(_)));
        let retry = post_with_key(&app, &token, "crashed", &body).await;
        assert_eq!(retry.status(), 201, "taken over");
        assert!(retry.headers().get("idempotent-replay").is_none());
        let again = post_with_key(&app, &token, "crashed", &body).await;
        assert_eq!(again.headers()["idempotent-replay"], "true");
        assert_eq!(case_count(&app, &token).await, 1, "created once");
    }

    async fn a_record_committed_before_a_crash_is_replayed_not_created_again(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        let body = case("Ahmad");
        // The first request claimed the key and committed its case, then the server died
        // before it answered (or stored its answer).
        let Claim::Claimed(claimed) = claim(&db, &worker, "committed", &body, OffsetDateTime::now_utc()).await else {
            panic!("claimed")
        };
        let core = test_app(db.store.clone(), test_auth_settings());
        let actor = db.actor(&worker, Door::Api).await.with_claim(claimed);
        let committed = core
            .register_case(&actor, new_case("Ahmad"), OffsetDateTime::now_utc())
            .await
            .unwrap();
        // A retry within the request timeout: the record is there, so it is answered.
        let retry = post_with_key(&app, &token, "committed", &body).await;
        assert_eq!(retry.status(), 201);
        assert_eq!(retry.headers()["location"], format!("/api/v1/cases/{}", committed.id).as_str());
        assert_eq!(retry.json::<Value>().await.unwrap()["id"], committed.id.to_string());
        assert_eq!(case_count(&app, &token).await, 1, "not created again");
        let replay = post_with_key(&app, &token, "committed", &body).await;
        assert_eq!(replay.headers()["idempotent-replay"], "true");
    }

    async fn two_runs_of_one_claim_create_one_record(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let body = case("Ahmad");
        let Claim::Claimed(claimed) = claim(&db, &worker, "twice", &body, OffsetDateTime::now_utc()).await else {
            panic!("claimed")
        };
        let core: App = test_app(db.store.clone(), test_auth_settings());
        let actor = db.actor(&worker, Door::Api).await.with_claim(claimed);
        let now = OffsetDateTime::now_utc();
        let (first, second) = tokio::join!(
            core.register_case(&actor, new_case("Ahmad"), now),
            core.register_case(&actor, new_case("Ahmad"), now),
        );
        // Either both answer with the one case (the second found it), or the second was
        // refused because the first answered the claim first.
        let ids: Vec<_> = [first, second].into_iter().filter_map(Result::ok).map(|c| c.id).collect();
        assert!(!ids.is_empty());
        assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
        let cases = db.raw_strings("SELECT CAST(COUNT(*) AS TEXT) FROM cases").await;
        assert_eq!(cases, ["1"]);
    }

    async fn an_abandoned_claim_is_taken_over_by_one_retry_only(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let body = case("Ahmad");
        let stale = OffsetDateTime::now_utc() - time::Duration::minutes(5);
        assert!(matches!(claim(&db, &worker, "race", &body, stale).await, Claim::Claimed(_)));
        let now = OffsetDateTime::now_utc();
        let (a, b) = tokio::join!(
            claim(&db, &worker, "race", &body, now),
            claim(&db, &worker, "race", &body, now),
        );
        let taken = [&a, &b].iter().filter(|c| matches!(c, Claim::Claimed(_))).count();
        assert_eq!(taken, 1, "{a:?} {b:?}");
        assert!([&a, &b].iter().any(|c| **c == Claim::InFlight));
    }
}

on_both_backends! {
    async fn a_claim_held_by_a_live_request_is_never_taken_over(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = std::sync::Arc::new(TestApp::spawn(&db).await);
        let token = app.token(&worker.username, PASSWORD).await;
        let body = case("Ahmad");
        if !db.is_postgres() {
            // SQLite writers take turns, so a paused write would hold up the retry's claim
            // too: a claim taken just now stands for the live request.
            assert!(matches!(claim(&db, &worker, "live", &body, OffsetDateTime::now_utc()).await, Claim::Claimed(_)));
            let retry = post_with_key(&app, &token, "live", &body).await;
            assert_eq!(retry.status(), 409);
            return;
        }
        // Pause the first request inside its write: it waits on the audit chain's head,
        // which another connection holds.
        use sqlx::Connection;
        let mut holder = sqlx::PgConnection::connect(db.url()).await.unwrap();
        sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
        sqlx::query("SELECT lane FROM audit_lanes FOR UPDATE").execute(&mut holder).await.unwrap();
        let first = {
            let (app, token, body) = (app.clone(), token.clone(), body.clone());
            tokio::spawn(async move { post_with_key(&app, &token, "live", &body).await.status() })
        };
        // Wait until it has claimed the key.
        for _ in 0..100 {
            if !db.raw_strings("SELECT idempotency_key FROM idempotency_keys").await.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let retry = post_with_key(&app, &token, "live", &body).await;
        assert_eq!(retry.status(), 409, "the live request keeps its claim");
        sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
        assert_eq!(first.await.unwrap(), 201);
        let replay = post_with_key(&app, &token, "live", &body).await;
        assert_eq!(replay.headers()["idempotent-replay"], "true");
        assert_eq!(case_count(&app, &token).await, 1);
    }
}

/// The case that [`case`] registers, as a command.
fn new_case(given_name: &str) -> NewCaseFile {
    NewCaseFile {
        category: CaseCategory::VulnerableMigrant,
        province: "AF-KAB".parse().unwrap(),
        identified_on: time::macros::date!(2026 - 10 - 01),
        identified_by: None,
        assigned_to: None,
        person: panah_domain::Person {
            estimated_age: Some(30),
            sex: panah_domain::Sex::Male,
            ..person(given_name)
        },
        trafficking: TraffickingProfile::default(),
    }
}
