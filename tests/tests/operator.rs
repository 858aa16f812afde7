//! What the operator and the auditor rely on, on both backends: the funding report named
//! by grant id or code and kept inside the grant's period, its format checked against the
//! output file; audit entries that name their actor, their organisation or the
//! operating-system account of an operator; and the accounts an operator manages at the
//! command line (finding, disabling, resetting a password).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_app::{
    AccountChange, Actor, App, AppError, Credentials, Door, FundingRequest, GrantEntry, GrantRef,
    LineEntry, ReportFormat,
};
use panah_domain::{AuditEntry, Currency, FieldProblem, GrantId, OsUser, Role};
use panah_persistence::AuditFilter;
use panah_tests::{PASSWORD, TestApp, TestDb, on_both_backends, test_app, test_auth_settings};
use serde_json::Value;
use time::{OffsetDateTime, macros::date, macros::datetime};

/// The moment the tests act at.
const NOW: OffsetDateTime = datetime!(2026-06-15 09:00 UTC);

fn app(db: &TestDb) -> App {
    test_app(db.store.clone(), test_auth_settings())
}

/// The operator at the command line, as `panah` names them: by their OS account.
fn operator(os_user: &str) -> Actor {
    Actor::operator(Door::Cli, "panah test").run_by(os_user.parse::<OsUser>().unwrap())
}

/// A grant over 2026 with one budget line, made by a programme manager.
async fn grant(db: &TestDb, app: &App) -> GrantId {
    let user = db
        .create_user("programme", "IOM-AF", &[Role::ProgrammeManager])
        .await;
    let manager = db.actor(&user, Door::Api).await;
    let entry = GrantEntry {
        code: "US-CT-2026-01".into(),
        title: "Direct assistance".into(),
        donor: db.organization("DONOR-US").await.id,
        currency: Currency::Usd,
        starts_on: date!(2026 - 01 - 01),
        ends_on: date!(2026 - 12 - 31),
        lines: vec![LineEntry {
            code: "DA".into(),
            name: "Direct assistance".into(),
            amount_minor: 1,
        }],
    };
    app.create_grant(&manager, entry, NOW).await.unwrap().id
}

fn request(grant: &str) -> FundingRequest {
    FundingRequest {
        grant: Some(GrantRef::new(grant)),
        donor: None,
        from: None,
        to: None,
        format: None,
        file_name: None,
    }
}

/// The fields of the problems of an `Invalid` refusal, in order.
fn problems(result: Result<impl std::fmt::Debug, AppError>) -> Vec<FieldProblem> {
    match result {
        Err(AppError::Invalid(problems)) => problems,
        other => panic!("not refused as invalid: {other:?}"),
    }
}

fn fields(problems: &[FieldProblem]) -> Vec<&str> {
    problems.iter().map(|p| p.field.as_str()).collect()
}

async fn audited(db: &TestDb, action: &str) -> Vec<AuditEntry> {
    let filter = AuditFilter {
        action: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    db.store.list_audit(&filter, 1000).await.unwrap()
}

on_both_backends! {
    async fn a_funding_report_names_its_grant_by_id_or_code_and_defaults_to_its_period(db: TestDb) {
        let app = app(&db);
        let id = grant(&db, &app).await;
        let by_id = app.funding_report(&operator("root"), request(&id.0.to_string()), NOW).await.unwrap();
        let by_code = app.funding_report(&operator("root"), request("US-CT-2026-01"), NOW).await.unwrap();
        assert_eq!(by_id.bytes, by_code.bytes);
        assert_eq!(by_id.format, ReportFormat::Json, "JSON when nothing says otherwise");
        assert_eq!(by_id.report.period.from, date!(2026 - 01 - 01));
        assert_eq!(by_id.report.period.to, date!(2026 - 12 - 31));
        assert_eq!(by_id.filename, "funding-US-CT-2026-01-2026-01-01-2026-12-31.json");

        let unknown = problems(app.funding_report(&operator("root"), request("US-CT-2099-01"), NOW).await);
        assert_eq!(fields(&unknown), ["grant_id"]);
    }

    async fn a_period_outside_the_grants_is_refused_naming_each_end(db: TestDb) {
        let app = app(&db);
        grant(&db, &app).await;
        let outside = FundingRequest {
            from: Some(date!(2025 - 12 - 31)),
            to: Some(date!(2027 - 01 - 01)),
            ..request("US-CT-2026-01")
        };
        let refused = problems(app.funding_report(&operator("root"), outside, NOW).await);
        assert_eq!(fields(&refused), ["from", "to"]);
        assert_eq!(refused[0].message, "must not be before the grant's first day, 2026-01-01");
        assert_eq!(refused[1].message, "must not be after the grant's last day, 2026-12-31");

        let backwards = FundingRequest {
            from: Some(date!(2026 - 07 - 01)),
            to: Some(date!(2026 - 06 - 30)),
            ..request("US-CT-2026-01")
        };
        assert_eq!(fields(&problems(app.funding_report(&operator("root"), backwards, NOW).await)), ["from"]);

        let inside = FundingRequest {
            from: Some(date!(2026 - 03 - 01)),
            ..request("US-CT-2026-01")
        };
        let file = app.funding_report(&operator("root"), inside, NOW).await.unwrap();
        assert_eq!(file.report.period.from, date!(2026 - 03 - 01));
        assert_eq!(file.report.period.to, date!(2026 - 12 - 31));
        // Nothing refused was exported.
        assert_eq!(audited(&db, "report.funding").await.len(), 1);
    }

    async fn the_format_follows_the_output_file_and_a_contradiction_is_refused_with_every_other_problem(db: TestDb) {
        let app = app(&db);
        grant(&db, &app).await;
        let to_file = |format, file: &str| FundingRequest {
            format,
            file_name: Some(file.to_owned()),
            ..request("US-CT-2026-01")
        };
        let xlsx = app.funding_report(&operator("root"), to_file(None, "out/Funding.XLSX"), NOW).await.unwrap();
        assert_eq!(xlsx.format, ReportFormat::Xlsx);
        assert!(xlsx.bytes.starts_with(b"PK"), "a zip, as every workbook");
        let csv = app.funding_report(&operator("root"), to_file(Some(ReportFormat::Csv), "r.txt"), NOW).await.unwrap();
        assert_eq!(csv.format, ReportFormat::Csv);
        assert!(csv.bytes.starts_with("\u{feff}section,group,key,value,label\r\n".as_bytes()));

        let mismatch = problems(
            app.funding_report(&operator("root"), to_file(Some(ReportFormat::Csv), "r.xlsx"), NOW).await,
        );
        assert_eq!(fields(&mismatch), ["format"]);
        assert!(mismatch[0].message.contains("r.xlsx"), "{}", mismatch[0].message);
        let unnamed = problems(app.funding_report(&operator("root"), to_file(None, "report"), NOW).await);
        assert_eq!(fields(&unnamed), ["format"]);

        let everything = FundingRequest {
            grant: Some(GrantRef::new("NO-SUCH-GRANT")),
            donor: None,
            ..to_file(Some(ReportFormat::Json), "r.csv")
        };
        let all = problems(app.funding_report(&operator("root"), everything, NOW).await);
        assert_eq!(fields(&all), ["grant_id", "format"]);
    }

    async fn an_operators_export_and_verification_are_audited_with_their_os_account(db: TestDb) {
        let app = app(&db);
        grant(&db, &app).await;
        let file = app.funding_report(&operator("karim"), request("US-CT-2026-01"), NOW).await.unwrap();
        assert!(!file.bytes.is_empty());
        app.verify_audit_chain(&operator("root"), NOW).await.unwrap();

        let export = &audited(&db, "report.funding").await[0];
        assert_eq!(export.actor_id, None, "the operator has no user row");
        assert_eq!(export.os_user.as_ref().map(OsUser::as_str), Some("karim"));
        let verify = &audited(&db, "audit.verify").await[0];
        assert_eq!(verify.os_user.as_ref().map(OsUser::as_str), Some("root"));
        // The grant's creation, by a user, names no OS account.
        assert_eq!(audited(&db, "grant.create").await[0].os_user, None);

        // The chain covers the OS account: entries with and without one verify, and
        // changing it is noticed.
        assert!(db.store.verify_audit().await.unwrap().ok);
        if db.is_postgres() {
            db.execute_raw("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change").await;
        } else {
            db.execute_raw("DROP TRIGGER audit_log_no_update").await;
        }
        db.execute_raw(&format!("UPDATE audit_log SET os_user = 'someone.else' WHERE seq = {}", export.seq)).await;
        let verification = db.store.verify_audit().await.unwrap();
        assert_eq!(verification.first_broken.map(|broken| broken.seq), Some(export.seq));
    }

    async fn audit_entries_name_their_actor_and_organisation_and_filter_by_username(db: TestDb) {
        let auditor = db.create_user_with_role(Role::Auditor).await;
        let worker = db.create_user("karim.w", "IOM-AF", &[Role::Caseworker]).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&auditor.username, PASSWORD).await;
        app.token("karim.w", PASSWORD).await;
        test_app(db.store.clone(), test_auth_settings())
            .verify_audit_chain(&operator("root"), NOW)
            .await
            .unwrap();

        let page: Value = app.get_as(&token, "/api/v1/audit?action=auth.login").await.json().await.unwrap();
        let newest = &page["items"][0];
        assert_eq!(newest["actor"]["id"], worker.id.to_string());
        assert_eq!(newest["actor"]["username"], "karim.w");
        assert_eq!(newest["actor"]["display_name"], "karim.w");
        assert_eq!(newest["organization"]["code"], "IOM-AF");
        assert_eq!(newest["organization"]["id"], newest["actor_organization_id"]);
        assert_eq!(newest["os_user"], Value::Null);

        // By username (in any case) or by id, the same entries.
        let by_name: Value = app.get_as(&token, "/api/v1/audit?actor=Karim.W").await.json().await.unwrap();
        let by_id: Value = app.get_as(&token, &format!("/api/v1/audit?actor={}", worker.id)).await.json().await.unwrap();
        assert_eq!(by_name["items"], by_id["items"]);
        let items = by_name["items"].as_array().unwrap();
        assert!(!items.is_empty());
        assert!(items.iter().all(|e| e["actor"]["username"] == "karim.w"), "{by_name}");
        let nobody: Value = app.get_as(&token, "/api/v1/audit?actor=no.such.user").await.json().await.unwrap();
        assert_eq!(nobody["items"], serde_json::json!([]));
        let bad = app.get_as(&token, "/api/v1/audit?actor=not%20a%20name").await;
        assert_eq!(bad.status(), 422);
        let bad: Value = bad.json().await.unwrap();
        assert_eq!(bad["errors"][0]["field"], "actor", "{bad}");

        // An operator's entry names their OS account and no user.
        let verify: Value = app.get_as(&token, "/api/v1/audit?action=audit.verify").await.json().await.unwrap();
        let entry = &verify["items"][0];
        assert_eq!(entry["os_user"], "root");
        assert_eq!(entry["actor"], Value::Null);
        assert_eq!(entry["organization"], Value::Null);
    }

    async fn an_operator_resets_a_password_that_must_be_changed_and_ends_every_session(db: TestDb) {
        let app = app(&db);
        let user = db.create_user("karim.h", "MOI-HER", &[Role::ProvincialOfficer]).await;
        let signed_in = |password: &str| Credentials { username: "karim.h".into(), password: password.into() };
        let session = app.sign_in(signed_in(PASSWORD), "test", None, NOW).await.unwrap();

        let found = app.user_named(&operator("root"), "Karim.H", NOW).await.unwrap();
        assert_eq!(found.id, user.id);
        let one_time = app
            .reset_password(&operator("root"), found.id, None, NOW)
            .await
            .unwrap()
            .expect("a one-time password is made when none is given");
        assert!(one_time.chars().count() >= 12);

        let resumed = app.resume_session(session.session_id, user.id, None, Door::Api, "GET /me", NOW).await;
        assert!(matches!(resumed, Err(AppError::SessionEnded)), "the old session ended");
        assert!(app.sign_in(signed_in(PASSWORD), "test", None, NOW).await.is_err(), "the old password is gone");
        let again = app.sign_in(signed_in(&one_time), "test", None, NOW).await.unwrap();
        assert!(again.user.password_change_required, "it must be changed at once");

        // A password the operator chooses follows the policy, and is not echoed back.
        let weak = app.reset_password(&operator("root"), user.id, Some("karim.h-1234".into()), NOW).await;
        assert_eq!(fields(&problems(weak)), ["password"]);
        let chosen = app
            .reset_password(&operator("root"), user.id, Some("a long passphrase for herat".into()), NOW)
            .await
            .unwrap();
        assert_eq!(chosen, None);
        assert!(app.sign_in(signed_in("a long passphrase for herat"), "test", None, NOW).await.is_ok());

        let resets = audited(&db, "user.password_reset").await;
        assert_eq!(resets.len(), 2);
        assert!(resets.iter().all(|e| e.target_id == Some(user.id.to_string())));
        assert!(resets.iter().all(|e| e.os_user.as_ref().map(OsUser::as_str) == Some("root")));
    }

    async fn an_operator_finds_users_by_username_and_disables_them(db: TestDb) {
        let app = app(&db);
        db.create_user("karim.w", "IOM-AF", &[Role::Caseworker]).await;
        assert!(matches!(
            app.user_named(&operator("root"), "no.such.user", NOW).await,
            Err(AppError::NotFound)
        ));
        assert_eq!(fields(&problems(app.user_named(&operator("root"), "not a name", NOW).await)), ["username"]);
        let user = app.user_named(&operator("root"), "karim.w", NOW).await.unwrap();
        let change = AccountChange { expected_version: user.version, disabled: Some(true), ..AccountChange::default() };
        let disabled = app.change_user(&operator("root"), user.id, change, NOW).await.unwrap();
        assert!(disabled.disabled);
        let credentials = Credentials { username: "karim.w".into(), password: PASSWORD.into() };
        assert!(app.sign_in(credentials, "test", None, NOW).await.is_err());
        let page = app.list_users(&operator("root"), None, None, 200, NOW).await.unwrap();
        assert!(page.items.iter().any(|u| u.username.as_str() == "karim.w" && u.disabled));
    }

    async fn a_reset_lifts_the_lockout_that_guessing_left_on_the_account(db: TestDb) {
        let app = app(&db);
        let user = db.create_user("karim.l", "MOI-HER", &[Role::ProvincialOfficer]).await;
        let attempt = |password: &str| Credentials { username: "karim.l".into(), password: password.into() };
        for _ in 0..test_auth_settings().account_failure_limit {
            assert!(app.sign_in(attempt("a wrong guess"), "guesser", None, NOW).await.is_err());
        }
        let locked = app.sign_in(attempt(PASSWORD), "holder", None, NOW).await;
        assert!(matches!(locked, Err(AppError::TooManyAttempts { .. })), "{locked:?}");

        let one_time = app.reset_password(&operator("root"), user.id, None, NOW).await.unwrap().unwrap();
        let signed_in = app.sign_in(attempt(&one_time), "holder", None, NOW).await;
        assert!(signed_in.is_ok_and(|s| s.user.password_change_required), "the holder signs in at once");
    }

    async fn a_user_cannot_reset_their_own_password_around_the_check_of_the_current_one(db: TestDb) {
        let app = app(&db);
        let admin = db.create_user_with_role(Role::Admin).await;
        let actor = db.actor(&admin, Door::Api).await;
        let own = app.reset_password(&actor, admin.id, Some("a long passphrase of mine".into()), NOW).await;
        assert_eq!(fields(&problems(own)), ["password"]);
    }
}
