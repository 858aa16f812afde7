//! The application layer's rules, driven through `App` itself on both backends, with no
//! HTTP in between: who may do what (every use case for every role), the rules that the
//! demo and the command line used to copy and had drifted from, time as an argument, and
//! the audit of refusals and exports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_app::{
    Actor, App, AppError, CaseChange, Door, FundingRequest, GrantEntry, GrantRef, LineEntry,
    NewAccount, NewCaseFile, OrganizationRef, ReferralEntry, ReportFormat, ReturnEntry, Subject,
    UseCase, VisitEntry,
};
use panah_domain::policy::{self, Permission};
use panah_domain::{
    AuditEntry, CaseCategory, CaseId, CaseStatus, ConsentKind, ConsentMethod, Country, Currency,
    Disclosure, GivenBy, GuardianRelation, MonitoringScores, OrganizationId, Place, Province,
    ReferralAction, ReferralPurpose, ReturnDirection, ReturnStatus, Role, Score,
    TraffickingProfile,
};
use panah_persistence::AuditFilter;
use panah_tests::{PASSWORD, TestDb, on_both_backends, person, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime, macros::datetime};

/// The moment the tests act at, unless they say otherwise.
const NOW: OffsetDateTime = datetime!(2026-06-15 09:00 UTC);

fn app(db: &TestDb) -> App {
    test_app(db.store.clone(), test_auth_settings())
}

async fn actor(db: &TestDb, username: &str, organization: &str, role: Role) -> Actor {
    let user = db.create_user(username, organization, &[role]).await;
    db.actor(&user, Door::Web).await
}

fn case_file(assigned_to: Option<&Actor>) -> NewCaseFile {
    NewCaseFile {
        category: CaseCategory::PresumedVictim,
        province: "AF-HER".parse::<Province>().unwrap(),
        identified_on: NOW.date() - Duration::days(3),
        identified_by: None,
        assigned_to: assigned_to.map(|a| a.signed_in().unwrap().id),
        person: person("Zahra"),
        trafficking: TraffickingProfile::default(),
    }
}

async fn organization(db: &TestDb, code: &str) -> OrganizationId {
    db.organization(code).await.id
}

async fn audited(db: &TestDb, action: &str) -> Vec<AuditEntry> {
    let filter = AuditFilter {
        action: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    db.store.list_audit(&filter, 1000).await.unwrap()
}

fn refused_as(result: Result<impl std::fmt::Debug, AppError>, expected: &str) {
    let error = result.expect_err("refused");
    assert_eq!(
        format!("{error:?}").split(['(', ' ', '{']).next(),
        Some(expected),
        "{error}"
    );
}

on_both_backends! {
    async fn every_use_case_is_allowed_exactly_to_the_roles_the_policy_grants_its_gate(db: TestDb) {
        let app = app(&db);
        let mut mismatches = Vec::new();
        let mut refusals = 0;
        for role in Role::ALL {
            let user = db.create_user_with_role(role).await;
            let actor = db.actor(&user, Door::Web).await;
            for use_case in UseCase::ALL {
                let allowed = match use_case.gate() {
                    None => true,
                    Some(permission) => policy::authorize(&[role], permission).is_ok(),
                };
                let answer = app.authorize(&actor, *use_case, NOW).await;
                if answer.is_ok() != allowed {
                    mismatches.push(format!("{role} {use_case:?}: {answer:?}"));
                }
                if answer.is_err() {
                    refusals += 1;
                }
            }
        }
        assert!(mismatches.is_empty(), "{mismatches:#?}");
        // Every refusal is in the log, once, naming what was attempted.
        let denied = audited(&db, "access.denied").await;
        assert_eq!(denied.len(), refusals);
        assert!(denied.iter().all(|e| e.target_id.as_deref() == Some("a test")));
    }

    async fn the_operator_at_the_command_line_manages_accounts_and_exports_but_never_reads_case_files(db: TestDb) {
        let app = app(&db);
        let operator = Actor::operator(Door::Cli, "panah test");
        for use_case in UseCase::ALL {
            let allowed = use_case
                .gate()
                .is_some_and(|permission| policy::authorize_operator(permission).is_ok());
            assert_eq!(app.authorize(&operator, *use_case, NOW).await.is_ok(), allowed, "{use_case:?}");
        }
        refused_as(app.read_case(&operator, CaseId(uuid::Uuid::now_v7()), NOW).await, "Denied");
        let new = NewAccount {
            username: "karim.h".into(),
            display_name: None,
            organization: OrganizationRef::Code("MOI-HER".into()),
            roles: vec![Role::ProvincialOfficer],
            password: PASSWORD.into(),
        };
        let user = app.create_user(&operator, new, NOW).await.unwrap();
        assert_eq!(user.display_name.as_str(), "karim.h", "the username when no name is given");
        let created = audited(&db, "user.create").await;
        assert_eq!(created[0].actor_id, None, "the operator is audited as the system");
        assert_eq!(created[0].at, NOW);
    }

    async fn a_caseworker_registers_cases_for_themselves_and_only_a_case_manager_assigns_them(db: TestDb) {
        let app = app(&db);
        let a = actor(&db, "worker.a", "IOM-AF", Role::Caseworker).await;
        let b = actor(&db, "worker.b", "IOM-AF", Role::Caseworker).await;
        let manager = actor(&db, "manager", "IOM-AF", Role::CaseManager).await;

        refused_as(app.register_case(&a, case_file(Some(&b)), NOW).await, "Denied");
        assert_eq!(audited(&db, "access.denied").await.len(), 1, "the refusal is audited");
        let own = app.register_case(&a, case_file(None), NOW).await.unwrap();
        assert_eq!(own.assigned_to, a.signed_in().map(|u| u.id));
        // A case manager who is no caseworker must name one.
        refused_as(app.register_case(&manager, case_file(None), NOW).await, "Invalid");
        let assigned = app.register_case(&manager, case_file(Some(&b)), NOW).await.unwrap();
        assert_eq!(assigned.assigned_to, b.signed_in().map(|u| u.id));

        let reassign = |version| CaseChange {
            expected_version: version,
            assigned_to: b.signed_in().map(|u| u.id),
            ..CaseChange::default()
        };
        refused_as(app.change_case(&a, own.id, reassign(own.version), NOW).await, "Denied");
        let moved = app.change_case(&manager, own.id, reassign(own.version), NOW).await.unwrap();
        assert_eq!(moved.assigned_to, b.signed_in().map(|u| u.id));
        // Out of A's scope now: to A the case does not exist.
        refused_as(app.read_case(&a, own.id, NOW).await, "NotFound");
    }

    async fn only_whoever_may_close_cases_closes_and_reopens_them(db: TestDb) {
        let app = app(&db);
        let worker = actor(&db, "worker", "IOM-AF", Role::Caseworker).await;
        let manager = actor(&db, "manager", "IOM-AF", Role::CaseManager).await;
        let case = app.register_case(&worker, case_file(None), NOW).await.unwrap();
        let to = |status, version| CaseChange {
            expected_version: version,
            status: Some(status),
            ..CaseChange::default()
        };
        let active = app.change_case(&worker, case.id, to(CaseStatus::Active, 1), NOW).await.unwrap();
        refused_as(app.change_case(&worker, case.id, to(CaseStatus::Closed, active.version), NOW).await, "InvalidTransition");
        let closed = app.change_case(&manager, case.id, to(CaseStatus::Closed, active.version), NOW).await.unwrap();
        let reopened = app.change_case(&manager, case.id, to(CaseStatus::Open, closed.version), NOW).await.unwrap();
        assert_eq!(reopened.status, CaseStatus::Open);
        // A stale version changes nothing.
        refused_as(app.change_case(&manager, case.id, to(CaseStatus::Closed, closed.version), NOW).await, "VersionMismatch");
    }

    async fn a_use_case_runs_as_of_the_moment_it_is_given(db: TestDb) {
        let app = app(&db);
        let worker = actor(&db, "worker", "IOM-AF", Role::Caseworker).await;
        let identified = NewCaseFile {
            identified_on: NOW.date(),
            ..case_file(None)
        };
        // The day before, that date lies in the future; on the day itself it does not.
        let refused = app.register_case(&worker, identified.clone(), NOW - Duration::days(1)).await;
        let AppError::Invalid(problems) = refused.unwrap_err() else { panic!() };
        assert_eq!(problems[0].field, "identified_on");
        let case = app.register_case(&worker, identified, NOW).await.unwrap();
        assert_eq!(case.created_at, NOW);
        assert_eq!(audited(&db, "case.create").await[0].at, NOW);
    }

    async fn only_the_office_that_sent_a_referral_sends_or_withdraws_it(db: TestDb) {
        // The demo's copy of the referral rules lacked this one.
        let app = app(&db);
        let herat = actor(&db, "herat", "MOI-HER", Role::ProvincialOfficer).await;
        let liaison = actor(&db, "liaison", "MOI", Role::MinistryLiaison).await;
        let subject = Subject {
            category: CaseCategory::PresumedVictim,
            province: "AF-HER".parse::<Province>().unwrap(),
            identified_on: NOW.date() - Duration::days(1),
            person: person("Sima"),
            trafficking: TraffickingProfile::default(),
            consent_given_on: None,
            consent_given_by: panah_domain::GivenBy::Person,
        };
        let entry = ReferralEntry {
            case_id: None,
            subject: Some(subject),
            to: organization(&db, "IOM-AF").await,
            purpose: ReferralPurpose::Assistance,
            disclosure: Disclosure::Anonymised,
            urgency: None,
            due_date: None,
            message: Some("  Found at the bus terminal.\n ".into()),
            send: false,
        };
        let draft = app.make_referral(&herat, entry, NOW).await.unwrap();
        assert_eq!(draft.message.as_deref(), Some("Found at the bus terminal."), "texts are trimmed");
        let id = draft.summary.id;
        // The national liaison sees the provincial office's draft, but does not send it.
        app.read_referral(&liaison, id, NOW).await.unwrap();
        refused_as(app.act_on_referral(&liaison, id, ReferralAction::Send, None, NOW).await, "Denied");
        refused_as(app.act_on_referral(&liaison, id, ReferralAction::Withdraw, None, NOW).await, "Denied");
        assert_eq!(audited(&db, "access.denied").await.len(), 2);
        let sent = app.act_on_referral(&herat, id, ReferralAction::Send, None, NOW).await.unwrap();
        assert_eq!(sent.timeline.len(), 1);
        // The receiver's action from the sender's side is the wrong party, audited too.
        refused_as(app.act_on_referral(&herat, id, ReferralAction::Accept, None, NOW).await, "WrongParty");
        assert_eq!(audited(&db, "access.denied").await.len(), 3);
    }

    async fn a_grant_is_checked_wherever_it_comes_from(db: TestDb) {
        // The demo's copy of the grant rules lacked the title length, duplicate line codes
        // and the line limit.
        let app = app(&db);
        let manager = actor(&db, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let line = |code: &str| LineEntry {
            code: code.to_owned(),
            name: "Direct assistance".into(),
            amount_minor: 100,
        };
        let grant = |title: String, lines: Vec<LineEntry>| GrantEntry {
            code: "US-CT-2026-01".into(),
            title,
            donor: OrganizationId(uuid::Uuid::nil()),
            currency: Currency::Usd,
            starts_on: NOW.date(),
            ends_on: NOW.date() + Duration::days(200),
            lines,
        };
        let fields = |result: Result<_, AppError>| match result {
            Err(AppError::Invalid(problems)) => problems.into_iter().map(|p| p.field).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            fields(app.create_grant(&manager, grant("t".repeat(201), vec![line("DA"), line("DA")]), NOW).await),
            ["title", "budget_lines[1].code", "donor_organization_id"]
        );
        let many = (0..101).map(|n| line(&format!("L{n}"))).collect();
        assert_eq!(
            fields(app.create_grant(&manager, grant("Title".into(), many), NOW).await),
            ["budget_lines", "donor_organization_id"]
        );
    }

    async fn a_child_never_consents_alone_and_a_best_interests_decision_is_for_children(db: TestDb) {
        let app = app(&db);
        let worker = actor(&db, "worker", "IOM-AF", Role::Caseworker).await;
        // Sixteen when identified three days ago; eighteen two years on.
        let mut file = case_file(None);
        file.person.estimated_age = Some(16);
        let child = app.register_case(&worker, file, NOW).await.unwrap();
        let adult = app.register_case(&worker, case_file(None), NOW).await.unwrap();
        let entry = |given_by: GivenBy| panah_app::ConsentEntry {
            kind: ConsentKind::Assistance,
            given_on: NOW.date(),
            organization_kinds: Vec::new(),
            given_by,
            method: Some(ConsentMethod::Written),
            interpreter_used: true,
        };
        let alone = app.record_consent(&worker, child.id, entry(GivenBy::Person), NOW).await;
        let Err(AppError::Invalid(problems)) = alone else { panic!("{alone:?}") };
        assert_eq!(problems[0].field, "given_by");
        assert!(audited(&db, "consent.record").await.is_empty(), "nothing recorded");

        let aunt = GivenBy::ParentOrGuardian(GuardianRelation::UncleOrAunt);
        let recorded = app.record_consent(&worker, child.id, entry(aunt), NOW).await.unwrap();
        assert_eq!((recorded.given_by, recorded.method, recorded.interpreter_used), (aunt, Some(ConsentMethod::Written), true));
        let decided = app.record_consent(&worker, child.id, entry(GivenBy::BestInterestsDecision), NOW).await.unwrap();
        assert_eq!(decided.given_by, GivenBy::BestInterestsDecision);
        // Two years later she consents for herself.
        let later = NOW + Duration::days(2 * 365 + 1);
        let mut grown = entry(GivenBy::Person);
        grown.given_on = later.date();
        app.record_consent(&worker, child.id, grown, later).await.unwrap();

        // Of unknown age, a person consents alone; a best-interests decision is refused
        // only for a known adult.
        app.record_consent(&worker, adult.id, entry(GivenBy::Person), NOW).await.unwrap();
        let mut grown_up = case_file(None);
        grown_up.person.estimated_age = Some(30);
        let grown_up = app.register_case(&worker, grown_up, NOW).await.unwrap();
        refused_as(app.record_consent(&worker, grown_up.id, entry(GivenBy::BestInterestsDecision), NOW).await, "Invalid");
        let read = app.consents(&worker, child.id, NOW).await.unwrap();
        assert_eq!(read.iter().map(|c| c.given_by).collect::<Vec<_>>(), [aunt, GivenBy::BestInterestsDecision, GivenBy::Person]);
    }

    async fn a_return_is_moved_and_visited_only_within_the_actors_scope(db: TestDb) {
        let app = app(&db);
        let a = actor(&db, "worker.a", "IOM-AF", Role::Caseworker).await;
        let b = actor(&db, "worker.b", "IOM-AF", Role::Caseworker).await;
        let case = app.register_case(&a, case_file(None), NOW).await.unwrap();
        let consent = panah_app::ConsentEntry {
            kind: ConsentKind::Return,
            given_on: NOW.date(),
            organization_kinds: Vec::new(),
            given_by: panah_domain::GivenBy::Person,
            method: None,
            interpreter_used: false,
        };
        app.record_consent(&a, case.id, consent, NOW).await.unwrap();
        let entry = ReturnEntry {
            case_id: case.id,
            direction: ReturnDirection::ToAfghanistan,
            origin: Place::abroad("IR".parse::<Country>().unwrap()),
            destination: Place::in_afghanistan("AF-HER".parse::<Province>().unwrap()),
            cooperating: None,
            escort_required: false,
            travel_date: None,
            needs: None,
        };
        let requested = app.request_return(&a, entry, NOW).await.unwrap();
        let id = requested.return_case.id;
        refused_as(app.move_return(&b, id, ReturnStatus::Counselling, None, NOW).await, "NotFound");
        let visit = VisitEntry {
            date: NOW.date(),
            scores: MonitoringScores {
                economic: Score::new(0.5).unwrap(),
                social: Score::new(0.5).unwrap(),
                psychosocial: Score::new(0.5).unwrap(),
            },
            notes: None,
        };
        refused_as(app.record_visit(&b, id, visit.clone(), NOW).await, "NotFound");
        // To its own caseworker it is simply too early for a visit.
        refused_as(app.record_visit(&a, id, visit, NOW).await, "InvalidTransition");
        let moved = app.move_return(&a, id, ReturnStatus::Counselling, None, NOW).await.unwrap();
        assert_eq!(moved.return_case.status, ReturnStatus::Counselling);
        assert_eq!(moved.history.len(), 2);
    }

    async fn a_person_who_must_change_their_password_may_only_change_it_or_sign_out(db: TestDb) {
        let app = app(&db);
        let user = db.create_user("new.worker", "IOM-AF", &[Role::Caseworker]).await;
        let mut stored = db.store.get_user(user.id).await.unwrap().unwrap();
        stored.password_change_required = true;
        let actor = Actor::user(stored, None, None, Door::Web, "GET /cases");
        for use_case in UseCase::ALL {
            let allowed = matches!(
                use_case,
                UseCase::SignOut | UseCase::ChangeOwnPassword | UseCase::ChooseLanguage
            );
            let answer = app.authorize(&actor, *use_case, NOW).await;
            assert_eq!(answer.is_ok(), allowed, "{use_case:?}");
            if !allowed {
                assert!(matches!(answer, Err(AppError::PasswordChangeRequired)), "{use_case:?}");
            }
        }
    }

    async fn every_funding_export_records_its_purpose_recipient_and_door(db: TestDb) {
        let app = app(&db);
        let manager = actor(&db, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let donor = organization(&db, "DONOR-US").await;
        let entry = GrantEntry {
            code: "US-CT-2026-01".into(),
            title: "Direct assistance".into(),
            donor,
            currency: Currency::Usd,
            starts_on: NOW.date() - Duration::days(100),
            ends_on: NOW.date() + Duration::days(100),
            lines: vec![LineEntry { code: "DA".into(), name: "Direct assistance".into(), amount_minor: 1 }],
        };
        app.create_grant(&manager, entry, NOW).await.unwrap();
        let request = FundingRequest {
            grant: Some(GrantRef::new("US-CT-2026-01")),
            donor: None,
            from: None,
            to: None,
            format: Some(ReportFormat::Csv),
            file_name: None,
        };
        let operator = Actor::operator(Door::Cli, "panah report funding");
        let file = app.funding_report(&operator, request.clone(), NOW).await.unwrap();
        assert!(file.filename.ends_with(".csv"), "{}", file.filename);
        app.funding_report(&manager, request, NOW).await.unwrap();
        let exports = audited(&db, "report.funding").await;
        let details: Vec<serde_json::Value> = exports
            .iter()
            .map(|e| serde_json::from_str(e.details.as_deref().unwrap()).unwrap())
            .collect();
        // Newest first: the manager's through the web door, then the operator's.
        assert_eq!(details[0]["door"], "web");
        assert_eq!(details[1]["door"], "cli");
        for details in &details {
            assert_eq!(details["purpose"], "donor_reporting");
            assert_eq!(details["recipient"], donor.0.to_string());
        }
        assert_eq!(exports[1].actor_id, None);
        assert_eq!(exports[0].actor_id, manager.signed_in().map(|u| u.id));
    }
}

#[test]
fn every_permission_is_consulted_by_some_use_case_and_granted_to_someone() {
    for permission in Permission::ALL {
        assert!(
            UseCase::ALL
                .iter()
                .any(|u| u.consults().contains(permission)),
            "no use case consults {permission:?}"
        );
        let granted = Role::ALL
            .iter()
            .any(|role| policy::authorize(&[*role], *permission).is_ok())
            || policy::authorize_operator(*permission).is_ok();
        assert!(granted, "nobody holds {permission:?}");
    }
}

on_both_backends! {
    async fn an_account_made_with_a_one_time_password_must_change_it_and_only_an_admin_makes_one(db: TestDb) {
        let app = app(&db);
        let admin = actor(&db, "admin.one", "IOM-AF", Role::Admin).await;
        let auditor = actor(&db, "auditor.one", "IOM-AF", Role::Auditor).await;
        let new = |username: &str| NewAccount {
            username: username.into(),
            display_name: Some("Newcomer".into()),
            organization: OrganizationRef::Code("IOM-AF".into()),
            roles: vec![Role::Caseworker],
            password: "ignored: the app makes the password".into(),
        };
        let (user, password) = app
            .create_user_with_one_time_password(&admin, new("new.comer"), NOW)
            .await
            .unwrap();
        assert!(user.password_change_required);
        assert_eq!(password.len(), 24);
        assert!(!password.contains("ignored"));
        let created = audited(&db, "user.create").await;
        assert_eq!(created[0].actor_id, admin.signed_in().map(|a| a.id));
        assert_eq!(created[0].target_id, Some(user.id.0.to_string()));

        // Only the username's problem when it is unreadable: the made password is none
        // of the admin's business.
        match app
            .create_user_with_one_time_password(&admin, new("No Such Name!"), NOW)
            .await
        {
            Err(AppError::Invalid(problems)) => {
                let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
                assert_eq!(fields, vec!["username"]);
            }
            other => panic!("{other:?}"),
        }
        refused_as(
            app.create_user_with_one_time_password(&auditor, new("other.one"), NOW)
                .await,
            "Denied",
        );
    }
}
