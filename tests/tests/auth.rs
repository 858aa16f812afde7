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

/// An access token like `token`, re-signed with the servers' key but living `lifetime`
/// seconds: what someone holding the signing key could make.
fn resigned(token: &str, lifetime: i64) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let mut claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    claims["exp"] = json!(claims["iat"].as_i64().unwrap() + lifetime);
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(panah_tests::TEST_SIGNING_KEY),
    )
    .unwrap()
}

on_both_backends! {
    async fn the_bearer_scheme_is_case_insensitive(db: TestDb) {
        let user = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&user.username, PASSWORD).await;
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let response = app.client.get(app.url("/api/v1/me"))
                .header("authorization", format!("{scheme} {token}"))
                .send().await.unwrap();
            assert_eq!(response.status(), 200, "{scheme}");
        }
        let basic = app.client.get(app.url("/api/v1/me"))
            .header("authorization", format!("Basic {token}")).send().await.unwrap();
        assert_eq!(basic.status(), 401);
    }

    async fn a_token_living_longer_than_the_server_issues_them_is_refused(db: TestDb) {
        let user = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&user.username, PASSWORD).await;
        // The forging itself is sound: the same lifetime as issued is accepted.
        assert_eq!(app.get_as(&resigned(&token, 900), "/api/v1/me").await.status(), 200);
        for lifetime in [901, 86_400, 1_000_000_000_000] {
            let response = app.get_as(&resigned(&token, lifetime), "/api/v1/me").await;
            assert_eq!(response.status(), 401, "{lifetime}");
        }
    }

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

async fn refresh(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/refresh",
        None,
        &json!({ "refresh_token": refresh_token }),
    )
    .await
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap()
}

on_both_backends! {
    async fn a_refresh_token_works_once_and_its_reuse_ends_the_whole_session(db: TestDb) {
        db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let first = app.login("ali", PASSWORD).await;

        let response = refresh(&app, text(&first, "refresh_token")).await;
        assert_eq!(response.status(), 200);
        let second = body(response).await;
        assert_ne!(second["refresh_token"], first["refresh_token"]);
        assert_eq!(app.get_as(text(&second, "access_token"), "/api/v1/me").await.status(), 200);

        // The first token again: someone holds a copy, so the family is revoked...
        let reuse = refresh(&app, text(&first, "refresh_token")).await;
        assert_eq!(reuse.status(), 401);
        assert_eq!(body(reuse).await["code"], "invalid_refresh_token");
        // ...including the legitimate newest tokens.
        assert_eq!(refresh(&app, text(&second, "refresh_token")).await.status(), 401);
        let me = app.get_as(text(&second, "access_token"), "/api/v1/me").await;
        assert_eq!(me.status(), 401);
        assert_eq!(body(me).await["code"], "session_ended");

        let reuses = db.store.list_audit(&panah_persistence::AuditFilter {
            action: Some("auth.refresh_reuse".into()),
            ..Default::default()
        }, 10).await.unwrap();
        assert_eq!(reuses.len(), 1);
    }

    async fn an_unknown_refresh_token_or_an_access_token_is_not_a_refresh_token(db: TestDb) {
        db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let tokens = app.login("ali", PASSWORD).await;
        for token in ["made-up", text(&tokens, "access_token")] {
            assert_eq!(refresh(&app, token).await.status(), 401);
        }
        // And a refresh token is not an access token.
        let response = app.get_as(text(&tokens, "refresh_token"), "/api/v1/me").await;
        assert_eq!(response.status(), 401);
    }

    async fn logout_ends_the_session_at_once_but_not_the_users_other_sessions(db: TestDb) {
        db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let phone = app.login("ali", PASSWORD).await;
        let laptop = app.login("ali", PASSWORD).await;
        let response = app.send(Method::POST, "/api/v1/auth/logout", Some(text(&phone, "access_token")), None).await;
        assert_eq!(response.status(), 204);
        assert_eq!(app.get_as(text(&phone, "access_token"), "/api/v1/me").await.status(), 401);
        assert_eq!(refresh(&app, text(&phone, "refresh_token")).await.status(), 401);
        assert_eq!(app.get_as(text(&laptop, "access_token"), "/api/v1/me").await.status(), 200);
    }

    async fn changing_the_password_ends_every_other_session(db: TestDb) {
        db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let here = text(&app.login("ali", PASSWORD).await, "access_token").to_owned();
        let elsewhere = text(&app.login("ali", PASSWORD).await, "access_token").to_owned();
        let new_password = "a brand new passphrase for me";

        let wrong = app.post_json("/api/v1/auth/password", Some(&here),
            &json!({"current_password": "not it at all!", "new_password": new_password})).await;
        assert_eq!(wrong.status(), 422);
        assert_eq!(body(wrong).await["errors"][0]["field"], "current_password");
        let weak = app.post_json("/api/v1/auth/password", Some(&here),
            &json!({"current_password": PASSWORD, "new_password": "ali-is-my-name-123"})).await;
        assert_eq!(weak.status(), 422);
        assert_eq!(body(weak).await["errors"][0]["field"], "new_password");

        let changed = app.post_json("/api/v1/auth/password", Some(&here),
            &json!({"current_password": PASSWORD, "new_password": new_password})).await;
        assert_eq!(changed.status(), 204);
        assert_eq!(app.get_as(&here, "/api/v1/me").await.status(), 200);
        assert_eq!(app.get_as(&elsewhere, "/api/v1/me").await.status(), 401);
        assert_eq!(login_attempt(&app, "ali", PASSWORD).await.status(), 401);
        app.login("ali", new_password).await;
    }

    async fn the_first_admin_must_change_the_one_time_password_before_anything_else(db: TestDb) {
        let core = panah_tests::test_app(db.store.clone(), panah_tests::test_auth_settings());
        let now = time::OffsetDateTime::now_utc();
        let one_time = core.ensure_first_admin(now)
            .await
            .unwrap()
            .expect("an empty database gets a first admin");
        assert_eq!(core.ensure_first_admin(now).await.unwrap(), None, "only once");
        let app = TestApp::spawn(&db).await;
        let tokens = app.login("admin", &one_time).await;
        assert_eq!(tokens["password_change_required"], true);
        let token = text(&tokens, "access_token");
        for path in ["/api/v1/me", "/api/v1/users", "/api/v1/organizations"] {
            let response = app.get_as(token, path).await;
            assert_eq!(response.status(), 403, "{path}");
            assert_eq!(body(response).await["code"], "password_change_required");
        }
        let changed = app.post_json("/api/v1/auth/password", Some(token),
            &json!({"current_password": one_time, "new_password": "the operator's own passphrase"})).await;
        assert_eq!(changed.status(), 204);
        assert_eq!(app.get_as(token, "/api/v1/users").await.status(), 200);
        let me = body(app.get_as(token, "/api/v1/me").await).await;
        assert_eq!(me["roles"], json!(["admin"]));
        assert_eq!(me["organization"]["code"], "IOM-AF");
    }

    async fn ten_failures_lock_the_account_even_with_the_right_password_and_only_that_account(db: TestDb) {
        db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        db.create_user("zahra", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        for _ in 0..10 {
            assert_eq!(login_attempt(&app, "ali", "wrong wrong wrong").await.status(), 401);
        }
        let locked = login_attempt(&app, "ali", PASSWORD).await;
        assert_eq!(locked.status(), 429);
        let retry: u64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((850..=900).contains(&retry), "{retry}");
        assert_eq!(body(locked).await["code"], "too_many_attempts");
        app.login("zahra", PASSWORD).await;

        // Once the window has passed, the right password works again.
        db.execute_raw(&age_failures_sql(&db, 16)).await;
        app.login("ali", PASSWORD).await;
    }

    async fn unknown_usernames_lock_out_exactly_like_real_ones(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        for _ in 0..10 {
            assert_eq!(login_attempt(&app, "nobody", "wrong wrong wrong").await.status(), 401);
        }
        assert_eq!(login_attempt(&app, "nobody", "wrong wrong wrong").await.status(), 429);
    }

    async fn the_lockout_holds_across_server_processes_sharing_the_database(db: TestDb) {
        db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let first = TestApp::spawn(&db).await;
        let other_store = panah_persistence::Store::connect(&db.options()).await.unwrap();
        let second = TestApp::spawn_on(other_store).await;
        for attempt in 0..10 {
            let app = if attempt % 2 == 0 { &first } else { &second };
            assert_eq!(login_attempt(app, "ali", "wrong wrong wrong").await.status(), 401);
        }
        assert_eq!(login_attempt(&first, "ali", PASSWORD).await.status(), 429);
        assert_eq!(login_attempt(&second, "ali", PASSWORD).await.status(), 429);
    }

    async fn a_client_address_with_too_many_failures_is_refused_for_every_account(db: TestDb) {
        db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let settings = panah_tests::AuthSettings {
            client_failure_limit: 5,
            ..panah_tests::test_auth_settings()
        };
        let app = TestApp::spawn_with(&db, settings).await;
        for n in 0..5 {
            assert_eq!(login_attempt(&app, &format!("user{n}"), "wrong wrong wrong").await.status(), 401);
        }
        let refused = login_attempt(&app, "ali", PASSWORD).await;
        assert_eq!(refused.status(), 429);
        assert!(refused.headers().contains_key("retry-after"));
    }

    async fn a_disabled_user_is_refused_on_the_very_next_request(db: TestDb) {
        let ali = db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token("ali", PASSWORD).await;
        assert_eq!(app.get_as(&token, "/api/v1/me").await.status(), 200);
        let admin = db.create_user("root.admin", "IOM-AF", &[Role::Admin]).await;
        let admin_token = app.token(&admin.username, PASSWORD).await;
        let response = app.client
            .patch(app.url(&format!("/api/v1/users/{}", ali.id)))
            .bearer_auth(&admin_token)
            .header("if-match", "\"1\"")
            .json(&json!({"disabled": true}))
            .send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(app.get_as(&token, "/api/v1/me").await.status(), 401);
        assert_eq!(login_attempt(&app, "ali", PASSWORD).await.status(), 401);
    }

    async fn sign_ins_are_audited_with_their_outcome_but_never_what_was_typed(db: TestDb) {
        let ali = db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        app.login("ali", PASSWORD).await;
        login_attempt(&app, "ali", "Sentinel-Password-991").await;
        login_attempt(&app, "Sentinel-Username-772", "Sentinel-Password-991").await;
        let entries = db.store.list_audit(&panah_persistence::AuditFilter {
            action: Some("auth.login".into()),
            ..Default::default()
        }, 10).await.unwrap();
        let outcomes: Vec<_> = entries.iter().map(|e| (e.outcome, e.target_id.clone())).collect();
        use panah_domain::Outcome::{Failure, Success};
        assert_eq!(outcomes, [
            (Failure, None),
            (Failure, Some(ali.id.to_string())),
            (Success, Some(ali.id.to_string())),
        ]);
        assert_eq!(entries[2].actor_id, Some(ali.id));
        let everything = format!("{entries:?}");
        assert!(!everything.contains("Sentinel"), "{everything}");
    }
}

/// SQL that moves every recorded sign-in failure `minutes` into the past.
fn age_failures_sql(db: &panah_tests::TestDb, minutes: i64) -> String {
    if db.url().starts_with("postgres") {
        format!("UPDATE login_failures SET at = at - interval '{minutes} minutes'")
    } else {
        // SQLite keeps times as text in sqlx's format; rewrite them in the same format.
        format!(
            "UPDATE login_failures SET at = strftime('%Y-%m-%d %H:%M:%f', at, '-{minutes} minutes') || '+00:00'"
        )
    }
}

on_both_backends! {
    async fn a_hash_made_with_weaker_parameters_is_upgraded_at_the_next_sign_in(db: TestDb) {
        use argon2::PasswordHasher;
        let ali = db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let weak = argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(4096, 1, 1, None).unwrap(),
        )
        .hash_password(PASSWORD.as_bytes())
        .unwrap()
        .to_string();
        db.store.upgrade_password_hash(ali.id, &weak).await.unwrap();
        let hash_of = |db: &panah_tests::TestDb| {
            let store = db.store.clone();
            let username = "ali".parse().unwrap();
            async move { store.find_login(&username).await.unwrap().unwrap().1 }
        };
        assert!(hash_of(&db).await.contains("m=4096,t=1,p=1"));

        let app = TestApp::spawn(&db).await;
        app.login("ali", PASSWORD).await;
        let upgraded = hash_of(&db).await;
        assert!(upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{upgraded}");
        app.login("ali", PASSWORD).await;
    }
}

on_both_backends! {
    async fn a_sign_in_clears_away_the_users_long_ended_sessions(db: TestDb) {
        db.create_user("ali", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let old = app.login("ali", PASSWORD).await;
        let response = app
            .send(Method::POST, "/api/v1/auth/logout", Some(text(&old, "access_token")), None)
            .await;
        assert_eq!(response.status(), 204);
        let current = app.login("ali", PASSWORD).await;
        let count = |db: &panah_tests::TestDb| {
            let url = db.url().to_owned();
            let postgres = db.is_postgres();
            async move {
                use sqlx::Connection;
                if postgres {
                    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
                    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions").fetch_one(&mut conn).await.unwrap()
                } else {
                    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
                    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions").fetch_one(&mut conn).await.unwrap()
                }
            }
        };
        assert_eq!(count(&db).await, 2, "a session ended just now is kept");
        let aged = if db.is_postgres() {
            "UPDATE sessions SET revoked_at = revoked_at - interval '2 days' WHERE revoked_at IS NOT NULL"
        } else {
            "UPDATE sessions SET revoked_at = strftime('%Y-%m-%d %H:%M:%f', revoked_at, '-2 days') || '+00:00' WHERE revoked_at IS NOT NULL"
        };
        db.execute_raw(aged).await;
        app.login("ali", PASSWORD).await;
        assert_eq!(count(&db).await, 2, "the long-ended one is gone, the two live ones stay");
        assert_eq!(app.get_as(text(&current, "access_token"), "/api/v1/me").await.status(), 200);
    }
}
