//! The web pages' sessions in the app, on both backends: the same sign-in and session rows
//! as the API's, held by a cookie token stored only as its hash, ended by the idle
//! timeout, by signing out and by disabling the user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_app::{AppError, Credentials, Door};
use panah_domain::{Language, Role};
use panah_persistence::UserChanges;
use panah_tests::{PASSWORD, on_both_backends, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = time::macros::datetime!(2026-05-04 09:00 UTC);

fn credentials(username: &str, password: &str) -> Credentials {
    Credentials {
        username: username.to_owned(),
        password: password.to_owned(),
    }
}

fn ended<T: std::fmt::Debug>(result: Result<T, AppError>) {
    assert!(matches!(result, Err(AppError::SessionEnded)), "{result:?}");
}

on_both_backends! {
    async fn a_web_session_lasts_while_used_and_ends_after_the_idle_timeout(db: TestDb) {
        let app = test_app(db.store.clone(), test_auth_settings());
        db.create_user("fatima.k", "IOM-AF", &[Role::Caseworker]).await;
        let signed_in = app.sign_in_web(credentials("fatima.k", PASSWORD), "10.0.0.1", None, NOW).await.unwrap();
        let token = &signed_in.cookie_token;
        // Used every 20 minutes, it lives on past the 30-minute idle timeout.
        for minutes in [20, 40, 60] {
            let at = NOW + Duration::minutes(minutes);
            let session = app.resume_web_session(token, None, "GET /", at).await.unwrap();
            assert_eq!(session.actor.door, Door::Web);
            assert_eq!(session.csrf_token, signed_in.csrf_token);
        }
        ended(app.resume_web_session(token, None, "GET /", NOW + Duration::minutes(91)).await);
        ended(app.resume_web_session("not-a-token", None, "GET /", NOW).await);
        // Signed in for good long, it ends with the session's lifetime however busy.
        let again = app.sign_in_web(credentials("fatima.k", PASSWORD), "10.0.0.1", None, NOW).await.unwrap();
        let mut at = NOW;
        while at < NOW + Duration::hours(12) {
            app.resume_web_session(&again.cookie_token, None, "GET /", at).await.unwrap();
            at += Duration::minutes(25);
        }
        ended(app.resume_web_session(&again.cookie_token, None, "GET /", at).await);
    }

    async fn signing_out_or_disabling_the_user_ends_a_web_session_at_its_next_request(db: TestDb) {
        let app = test_app(db.store.clone(), test_auth_settings());
        let user = db.create_user("fatima.k", "IOM-AF", &[Role::Caseworker]).await;
        let first = app.sign_in_web(credentials("fatima.k", PASSWORD), "10.0.0.1", None, NOW).await.unwrap();
        let second = app.sign_in_web(credentials("fatima.k", PASSWORD), "10.0.0.1", None, NOW).await.unwrap();
        let session = app.resume_web_session(&first.cookie_token, None, "POST /sign-out", NOW).await.unwrap();
        app.sign_out(&session.actor, NOW).await.unwrap();
        ended(app.resume_web_session(&first.cookie_token, None, "GET /", NOW).await);
        app.resume_web_session(&second.cookie_token, None, "GET /", NOW).await.unwrap();

        let stored = db.store.get_user(user.id).await.unwrap().unwrap();
        let changes = UserChanges { disabled: Some(true), ..UserChanges::default() };
        let context = panah_domain::AuditContext::system(NOW);
        db.store.update_user(user.id, stored.version, &changes, &context).await.unwrap();
        ended(app.resume_web_session(&second.cookie_token, None, "GET /", NOW).await);
    }

    async fn a_wrong_password_on_the_web_is_refused_and_counted_like_on_the_api(db: TestDb) {
        let app = test_app(db.store.clone(), test_auth_settings());
        db.create_user("fatima.k", "IOM-AF", &[Role::Caseworker]).await;
        for _ in 0..10 {
            let refused = app.sign_in_web(credentials("fatima.k", "wrong"), "10.0.0.1", None, NOW).await;
            assert!(matches!(refused, Err(AppError::InvalidCredentials)), "{refused:?}");
        }
        // The eleventh try is throttled on the web as through the API: one count for both.
        let api = app.sign_in(credentials("fatima.k", PASSWORD), "10.0.0.2", None, NOW).await;
        assert!(matches!(api, Err(AppError::TooManyAttempts { .. })), "{api:?}");
    }

    async fn the_chosen_language_is_saved_on_the_account(db: TestDb) {
        let app = test_app(db.store.clone(), test_auth_settings());
        let user = db.create_user("fatima.k", "IOM-AF", &[Role::Caseworker]).await;
        let actor = db.actor(&user, Door::Web).await;
        assert_eq!(actor.signed_in().unwrap().language, None);
        app.choose_language(&actor, Language::Pashto, NOW).await.unwrap();
        let stored = db.store.get_user(user.id).await.unwrap().unwrap();
        assert_eq!(stored.language, Some(Language::Pashto));
        assert_eq!(stored.version, actor.signed_in().unwrap().version, "a preference, not an edit");
    }
}
