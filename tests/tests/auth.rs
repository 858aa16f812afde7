//! Signing in, tokens, sessions, throttling and revocation, over HTTP on both backends.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::Role;
use panah_tests::{PASSWORD, TestApp, on_both_backends};
use reqwest::Method;
use serde_json::{Value, json};

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

async fn login_attempt(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/login",
        None,
        &json!({ "username": username, "password": password }),
    )
    .await
}

on_both_backends! {
    async fn a_user_signs_in_and_sees_themselves(db: TestDb) {
        let user = db.create_user("fatima.k", "IOM-AF", &[Role::Caseworker, Role::CaseManager]).await;
        let app = TestApp::spawn(&db).await;
        let tokens = app.login("Fatima.K", PASSWORD).await;
        assert_eq!(tokens["token_type"], "Bearer");
        assert_eq!(tokens["expires_in"], 900);
        assert_eq!(tokens["password_change_required"], false);
        assert!(tokens["refresh_token"].as_str().unwrap().len() >= 40);

        let me = app.get_as(tokens["access_token"].as_str().unwrap(), "/api/v1/me").await;
        assert_eq!(me.status(), 200);
        let me = body(me).await;
        assert_eq!(me["id"], user.id.to_string());
        assert_eq!(me["username"], "fatima.k");
        assert_eq!(me["organization"]["code"], "IOM-AF");
        assert_eq!(me["organization"]["kind"], "iom");
        assert_eq!(me["roles"], json!(["caseworker", "case_manager"]));
    }

    async fn an_unknown_user_and_a_wrong_password_get_the_same_answer(db: TestDb) {
        db.create_user("fatima.k", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let wrong = login_attempt(&app, "fatima.k", "not the password at all").await;
        let unknown = login_attempt(&app, "nobody.here", "not the password at all").await;
        let malformed = login_attempt(&app, "no such user!", "not the password at all").await;
        for response in [wrong, unknown, malformed] {
            assert_eq!(response.status(), 401);
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
            let mut problem = body(response).await;
            problem.as_object_mut().unwrap().remove("detail").unwrap();
            assert_eq!(problem, json!({
                "type": "about:blank", "title": "Unauthorized", "status": 401,
                "code": "invalid_credentials"
            }));
        }
    }

    async fn protected_routes_refuse_requests_without_a_valid_token(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        for token in [None, Some("garbage"), Some("Bearer")] {
            let response = app.send(Method::GET, "/api/v1/me", token, None).await;
            assert_eq!(response.status(), 401);
            assert_eq!(body(response).await["code"], "unauthorized");
        }
    }
}
