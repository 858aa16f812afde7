//! What the web pages list for the people who work the cases, driven through `App` on
//! both backends: the planned assistance whose day has come, the caseworkers a case may be
//! assigned to, and the status moves a person is offered.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_app::{
    AccountChange, Actor, App, AppError, AssistanceEntry, CaseChange, Door, NewCaseFile,
};
use panah_domain::{
    AssistanceStatus, AssistanceType, CaseCategory, CaseId, CaseStatus, Province, Role,
    TraffickingProfile,
};
use panah_tests::{TestDb, on_both_backends, person, test_app, test_auth_settings};
use time::{Date, Duration, OffsetDateTime, macros::datetime};

/// The moment the tests act at.
const NOW: OffsetDateTime = datetime!(2026-06-15 09:00 UTC);

fn app(db: &TestDb) -> App {
    test_app(db.store.clone(), test_auth_settings())
}

async fn actor(db: &TestDb, username: &str, organization: &str, role: Role) -> Actor {
    let user = db.create_user(username, organization, &[role]).await;
    db.actor(&user, Door::Web).await
}

/// Registers a case assigned to `to` (by `by`, who may assign it).
async fn case_of(app: &App, by: &Actor, to: &Actor) -> CaseId {
    let new = NewCaseFile {
        category: CaseCategory::VictimOfTrafficking,
        province: "AF-KAB".parse::<Province>().unwrap(),
        identified_on: NOW.date() - Duration::days(30),
        identified_by: None,
        assigned_to: to.signed_in().map(|user| user.id),
        person: person("Nadia"),
        trafficking: TraffickingProfile::default(),
    };
    app.register_case(by, new, NOW).await.unwrap().id
}

async fn log(app: &App, by: &Actor, case: CaseId, status: AssistanceStatus, date: Date) {
    let entry = AssistanceEntry {
        assistance_type: AssistanceType::Medical,
        status,
        date,
        provider: None,
        cost: None,
        description: None,
        return_id: None,
        budget_line_id: None,
    };
    app.log_assistance(by, case, entry, NOW).await.unwrap();
}

on_both_backends! {
    async fn a_caseworker_sees_the_planned_assistance_due_on_their_own_cases_oldest_first(db: TestDb) {
        let app = app(&db);
        let mine = actor(&db, "worker.mine", "IOM-AF", Role::Caseworker).await;
        let other = actor(&db, "worker.other", "IOM-AF", Role::Caseworker).await;
        let manager = actor(&db, "manager", "IOM-AF", Role::CaseManager).await;
        let my_case = case_of(&app, &manager, &mine).await;
        let their_case = case_of(&app, &manager, &other).await;
        let today = NOW.date();
        log(&app, &mine, my_case, AssistanceStatus::Planned, today).await;
        log(&app, &mine, my_case, AssistanceStatus::Planned, today - Duration::days(5)).await;
        log(&app, &mine, my_case, AssistanceStatus::Planned, today + Duration::days(1)).await;
        log(&app, &mine, my_case, AssistanceStatus::Delivered, today - Duration::days(2)).await;
        log(&app, &other, their_case, AssistanceStatus::Planned, today - Duration::days(9)).await;

        let me = mine.signed_in().map(|user| user.id);
        let due = app.assistance_due(&mine, me, today, 10, NOW).await.unwrap();
        let dates: Vec<Date> = due.items.iter().map(|item| item.date).collect();
        assert_eq!(dates, [today - Duration::days(5), today], "planned, due, mine, oldest first");
        assert!(due.items.iter().all(|item| item.case_id == my_case));
        assert_eq!(due.items[0].assistance_type, AssistanceType::Medical);
        assert!(due.items[0].case_number.as_str().starts_with("AF-KAB-2026-"));
        assert!(!due.more);
        // Even unfiltered, a caseworker's scope holds only their own cases.
        let unfiltered = app.assistance_due(&mine, None, today, 10, NOW).await.unwrap();
        assert_eq!(unfiltered.items.len(), 2);
        // A case manager sees every case's, and pages them.
        let all = app.assistance_due(&manager, None, today, 2, NOW).await.unwrap();
        assert_eq!(all.items[0].case_id, their_case);
        assert!(all.more, "three are due, two are listed");
    }

    async fn only_who_may_list_cases_sees_assistance_due(db: TestDb) {
        let app = app(&db);
        let programme = actor(&db, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let refused = app.assistance_due(&programme, None, NOW.date(), 10, NOW).await;
        assert!(matches!(refused, Err(AppError::Denied)), "{refused:?}");
    }

    async fn a_case_manager_lists_the_enabled_caseworkers_of_their_organisation_by_name(db: TestDb) {
        let app = app(&db);
        let manager = actor(&db, "manager", "IOM-AF", Role::CaseManager).await;
        let zahra = db.create_user("zahra.k", "IOM-AF", &[Role::Caseworker]).await;
        let ahmad = db.create_user("ahmad.r", "IOM-AF", &[Role::Caseworker]).await;
        let gone = db.create_user("gone.w", "IOM-AF", &[Role::Caseworker]).await;
        let admin = actor(&db, "admin.a", "IOM-AF", Role::Admin).await;
        let version = db.store.get_user(gone.id).await.unwrap().unwrap().version;
        let disable = AccountChange {
            expected_version: version,
            display_name: None,
            roles: None,
            disabled: Some(true),
        };
        app.change_user(&admin, gone.id, disable, NOW).await.unwrap();
        db.create_user("herat", "MOI-HER", &[Role::ProvincialOfficer]).await;

        let listed = app.assignees(&manager, NOW).await.unwrap();
        let names: Vec<&str> = listed.iter().map(|a| a.username.as_str()).collect();
        assert_eq!(names, ["ahmad.r", "zahra.k"], "caseworkers only, enabled, by name");
        assert_eq!(listed[0].id, ahmad.id);
        assert_eq!(listed[1].id, zahra.id);

        let worker = db.actor(&zahra, Door::Web).await;
        let refused = app.assignees(&worker, NOW).await;
        assert!(matches!(refused, Err(AppError::Denied)), "only who may assign lists them");
    }

    async fn each_person_is_offered_the_status_moves_the_workflow_allows_them(db: TestDb) {
        let app = app(&db);
        let worker = actor(&db, "worker", "IOM-AF", Role::Caseworker).await;
        let manager = actor(&db, "manager", "IOM-AF", Role::CaseManager).await;
        let id = case_of(&app, &manager, &worker).await;
        let case = app.read_case(&worker, id, NOW).await.unwrap().case;
        assert_eq!(app.status_moves(&worker, &case), [CaseStatus::Active]);
        assert_eq!(app.status_moves(&manager, &case), [CaseStatus::Closed]);
        let change = CaseChange {
            expected_version: case.version,
            status: Some(CaseStatus::Closed),
            ..CaseChange::default()
        };
        let closed = app.change_case(&manager, id, change, NOW).await.unwrap();
        assert_eq!(app.status_moves(&worker, &closed), []);
        assert_eq!(app.status_moves(&manager, &closed), [CaseStatus::Open]);
        let auditor = actor(&db, "auditor", "IOM-AF", Role::Auditor).await;
        assert_eq!(app.status_moves(&auditor, &closed), []);
    }
}
