//! `Idempotency-Key` on creating requests, over HTTP on both backends.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::Role;
use panah_persistence::Claim;
use panah_tests::{PASSWORD, TestApp, on_both_backends};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const SENTINEL: &str = "Idempotent-Sentinel-5521";

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
        // Claim the key as the first request would, and never finish it.
        let hash = Sha256::new()
            .chain_update(b"/api/v1/cases")
            .chain_update([0])
            .chain_update(serde_json::to_vec(&body).unwrap())
            .finalize()
            .to_vec();
        let now = time::OffsetDateTime::now_utc();
        let claim = db.store
            .claim_idempotency_key(worker.id, "busy", &hash, now, now - time::Duration::hours(24))
            .await
            .unwrap();
        assert_eq!(claim, Claim::Claimed);
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
}
