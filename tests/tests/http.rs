//! The HTTP skeleton end to end: the real server on a random port, on both backends.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use panah_tests::{TestApp, on_both_backends};
use serde_json::Value;

async fn json(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

on_both_backends! {
    async fn liveness_and_readiness_answer_when_all_is_well(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let response = app.get("/healthz").await;
        assert_eq!(response.status(), 200);
        assert_eq!(json(response).await["status"], "ok");
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 200);
        assert_eq!(json(response).await["status"], "ready");
    }

    async fn readiness_turns_503_when_the_database_is_gone(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        assert_eq!(app.get("/readyz").await.status(), 200);
        db.make_unreachable().await;
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let body = json(response).await;
        assert_eq!(body["code"], "not_ready");
        // Liveness is about the process, not the database.
        assert_eq!(app.get("/healthz").await.status(), 200);
    }

    async fn readiness_turns_503_when_migrations_are_not_current(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        db.execute_raw("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await;
        let response = app.get("/readyz").await;
        assert_eq!(response.status(), 503);
        let body = json(response).await;
        assert_eq!(body["code"], "not_ready");
        assert!(body["detail"].as_str().unwrap().contains("panah migrate"));
    }

    async fn errors_of_the_router_are_problem_json(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let response = app.get("/api/v1/no-such-thing").await;
        assert_eq!(response.status(), 404);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        assert_eq!(json(response).await["code"], "not_found");

        let response = app.client.delete(app.url("/readyz")).send().await.unwrap();
        assert_eq!(response.status(), 405);
        assert!(response.headers()["allow"].to_str().unwrap().contains("GET"));
        assert_eq!(json(response).await["code"], "method_not_allowed");

        let oversized = vec![b'x'; 300 * 1024];
        let response = app.client.post(app.url("/api/v1/anything"))
            .header("content-type", "application/json")
            .body(oversized)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413);
        assert_eq!(json(response).await["code"], "payload_too_large");
    }

    async fn metrics_count_requests_by_route_template_and_status(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        app.get("/healthz").await;
        app.get("/api/v1/unknown-sentinel-path").await;
        let response = app.get("/metrics").await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
        let text = response.text().await.unwrap();
        assert!(text.contains(r#"http_requests_total{method="GET",route="/healthz",status="200"}"#), "{text}");
        assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
        assert!(text.contains("http_request_duration_seconds_bucket"), "{text}");
        assert!(!text.contains("unknown-sentinel-path"), "raw paths never become labels");
    }

    async fn the_openapi_document_describes_the_routes(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let response = app.get("/api/v1/openapi.json").await;
        assert_eq!(response.status(), 200);
        let document = json(response).await;
        assert_eq!(document["openapi"], "3.1.0");
        for path in ["/healthz", "/readyz", "/metrics"] {
            assert!(document["paths"][path]["get"].is_object(), "{path}");
        }
        assert!(document["components"]["schemas"]["Problem"].is_object());
    }

    async fn the_api_reference_page_is_served_from_the_binary(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let response = app.get("/api/docs/").await;
        assert_eq!(response.status(), 200);
        let page = response.text().await.unwrap();
        assert!(page.contains("swagger-ui"), "{page}");
        assert!(!page.contains("https://"), "nothing is loaded from the internet");
        let response = app.get("/api/docs/swagger-ui-bundle.js").await;
        assert_eq!(response.status(), 200);
        assert!(response.bytes().await.unwrap().len() > 100_000);
        let response = app.get("/api/docs/swagger-initializer.js").await;
        assert!(response.text().await.unwrap().contains("/api/v1/openapi.json"));
    }
}

/// An application with one route that takes `delay` to answer.
fn slow_app(delay: Duration) -> Router {
    Router::new().route(
        "/slow",
        get(move || async move {
            tokio::time::sleep(delay).await;
            "finished"
        }),
    )
}

#[tokio::test]
async fn shutdown_lets_requests_in_flight_finish_and_refuses_new_connections() {
    let mut app = TestApp::serve(slow_app(Duration::from_millis(600))).await;
    let url = app.url("/slow");
    let in_flight = tokio::spawn(reqwest::get(url.clone()));
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(100)).await;

    let fresh = reqwest::Client::new().get(&url).send().await;
    assert!(
        fresh.is_err(),
        "a new connection during shutdown is refused"
    );

    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "finished");
    app.stop().await.unwrap();
}

#[tokio::test]
async fn shutdown_gives_up_on_requests_that_outlast_the_grace_period() {
    let app = TestApp::serve_with_grace(
        slow_app(Duration::from_secs(60)),
        Duration::from_millis(300),
    )
    .await;
    let url = app.url("/slow");
    let _stuck = tokio::spawn(reqwest::get(url));
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stopped = tokio::time::timeout(Duration::from_secs(5), app.stop()).await;
    assert!(
        matches!(stopped, Ok(Ok(()))),
        "serve returned after the grace period"
    );
}
