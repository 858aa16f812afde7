//! The store conformance suite for case files, calling the store directly: numbering,
//! scope in SQL, lists and their cursor, age groups, optimistic concurrency, auditing, and
//! identities that are sealed at rest and bound to their row and column — alike on SQLite
//! and PostgreSQL.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use panah_domain::{
    AgeGroup, AuditContext, CaseCategory, CaseId, CaseStatus, Country, ExploitationType,
    OrganizationId, Person, Province, Sex, TraffickingProfile, UserId,
};
use panah_persistence::{
    AuditFilter, CaseChanges, CaseFilter, CaseScope, NewCase, SearchTerms, Store, StoreError,
};
use panah_tests::{TestDb, TestUser, on_both_backends, person, test_field_keys};
use sqlx::Connection;
use time::macros::date;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// The id of the organisation with this code.
async fn org(db: &TestDb, code: &str) -> OrganizationId {
    db.organization(code).await.id
}

/// What a background job or the command line would act as.
fn system() -> AuditContext {
    AuditContext::system(OffsetDateTime::now_utc())
}

/// What `user` (at IOM-AF) acts as.
async fn acting(db: &TestDb, user: &TestUser) -> AuditContext {
    AuditContext {
        actor_id: Some(user.id),
        actor_organization_id: Some(org(db, &user.organization).await),
        os_user: None,
        request_id: Some(Uuid::now_v7()),
        at: OffsetDateTime::now_utc(),
        claim: None,
    }
}

async fn new_case(
    db: &TestDb,
    province: Province,
    identified_on: Date,
    assigned_to: Option<UserId>,
    person: Person,
) -> NewCase {
    NewCase {
        category: CaseCategory::PresumedVictim,
        province,
        identified_on,
        identified_by_organization_id: org(db, "IOM-AF").await,
        assigned_to,
        person,
        trafficking: TraffickingProfile::default(),
    }
}

/// Registers a case and returns its id.
async fn register(db: &TestDb, new: &NewCase) -> CaseId {
    db.store.create_case(new, &system()).await.unwrap()
}

/// The case as a case manager reads it.
async fn read(db: &TestDb, id: CaseId) -> panah_domain::Case {
    db.store
        .read_case(id, CaseScope::All, &system())
        .await
        .unwrap()
        .expect("the case exists")
}

/// A row id as a literal of the backend's SQL.
fn id_literal(db: &TestDb, id: CaseId) -> String {
    if db.is_postgres() {
        format!("'{}'", id.0)
    } else {
        format!("x'{}'", id.0.simple())
    }
}

/// Whether `needle` occurs in `haystack`, ignoring ASCII case; also looks for it
/// hex-encoded, as PostgreSQL prints bytea.
fn contains(haystack: &[u8], needle: &str) -> bool {
    let lower = |b: &[u8]| b.to_ascii_lowercase();
    let haystack = lower(haystack);
    let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
    [lower(needle.as_bytes()), hex.into_bytes()]
        .iter()
        .any(|n| haystack.windows(n.len()).any(|w| w == n.as_slice()))
}

on_both_backends! {
    async fn a_registered_case_reads_back_whole_with_its_number(db: TestDb) {
        let worker = db.create_user_with_role(panah_domain::Role::Caseworker).await;
        let full = Person {
            given_name: "فاطمه".into(),
            family_name: Some("کریمی".into()),
            fathers_name: Some("Abdul Rahim".into()),
            other_script_given_name: None,
            other_script_family_name: None,
            sex: Sex::Female,
            date_of_birth: Some(date!(2009 - 03 - 02)),
            estimated_age: None,
            citizenship: "AF".parse().unwrap(),
            phone: Some("+93 70 123 4567".into()),
            address: Some("Herat, Jebrael".into()),
            document_number: Some("P-123456".into()),
        };
        let mut new = new_case(&db, Province::Herat, date!(2026 - 11 - 20), Some(worker.id), full.clone()).await;
        new.category = CaseCategory::VictimOfTrafficking;
        new.trafficking = TraffickingProfile {
            exploitation_types: vec![ExploitationType::ForcedLabour, ExploitationType::DebtBondage],
            countries_of_exploitation: vec!["IR".parse::<Country>().unwrap()],
            cross_border: Some(true),
            ..TraffickingProfile::default()
        };
        let id = register(&db, &new).await;
        let case = read(&db, id).await;
        assert_eq!(case.id, id);
        assert_eq!(case.case_number.as_str(), "AF-HER-2026-000001");
        assert_eq!(case.status, CaseStatus::Open);
        assert_eq!(case.category, CaseCategory::VictimOfTrafficking);
        assert_eq!(case.province, Province::Herat);
        assert_eq!(case.identified_on, date!(2026 - 11 - 20));
        assert_eq!(case.identified_by_organization_id, org(&db, "IOM-AF").await);
        assert_eq!(case.assigned_to, Some(worker.id));
        assert_eq!(case.person, full);
        assert_eq!(case.trafficking, new.trafficking);
        assert_eq!(case.age_group, Some(AgeGroup::Age9To17));
        assert_eq!(case.version, 1);
        assert_eq!(case.created_at, case.updated_at);
    }

    async fn cases_are_numbered_per_province_and_per_year(db: TestDb) {
        let mut numbers = Vec::new();
        for (province, on) in [
            (Province::Herat, date!(2026 - 01 - 05)),
            (Province::Herat, date!(2026 - 11 - 20)),
            (Province::Kabul, date!(2026 - 03 - 01)),
            (Province::Herat, date!(2025 - 12 - 31)),
            (Province::Herat, date!(2026 - 06 - 30)),
            (Province::Kabul, date!(2025 - 01 - 01)),
            (Province::Herat, date!(2025 - 02 - 14)),
        ] {
            let id = register(&db, &new_case(&db, province, on, None, person("Zahra")).await).await;
            numbers.push(read(&db, id).await.case_number.to_string());
        }
        assert_eq!(
            numbers,
            [
                "AF-HER-2026-000001",
                "AF-HER-2026-000002",
                "AF-KAB-2026-000001",
                "AF-HER-2025-000001",
                "AF-HER-2026-000003",
                "AF-KAB-2025-000001",
                "AF-HER-2025-000002",
            ]
        );
    }

    async fn twenty_concurrent_registrations_in_one_province_get_twenty_consecutive_numbers(db: TestDb) {
        let mut stores = Vec::new();
        for _ in 0..4 {
            let store = Store::connect(&db.options()).await.unwrap().with_field_keys(test_field_keys());
            stores.push(store);
        }
        let new = new_case(&db, Province::Balkh, date!(2026 - 05 - 01), None, person("Maryam")).await;
        let mut tasks = Vec::new();
        for i in 0..20 {
            let store = stores[i % stores.len()].clone();
            let new = new.clone();
            tasks.push(tokio::spawn(async move {
                store.create_case(&new, &system()).await.unwrap()
            }));
        }
        let mut ids = Vec::new();
        for task in tasks {
            ids.push(task.await.unwrap());
        }
        let mut numbers = BTreeSet::new();
        for id in &ids {
            numbers.insert(read(&db, *id).await.case_number.to_string());
        }
        let expected: BTreeSet<String> =
            (1..=20).map(|n| format!("AF-BAL-2026-{n:06}")).collect();
        assert_eq!(numbers, expected);
        // The next one continues the sequence, whichever store registers it.
        let next = register(&db, &new).await;
        assert_eq!(read(&db, next).await.case_number.as_str(), "AF-BAL-2026-000021");
        assert!(db.store.verify_audit().await.unwrap().ok);
    }

    async fn a_caseworker_scope_reaches_only_the_cases_assigned_to_them(db: TestDb) {
        let a = db.create_user("worker.a", "IOM-AF", &[panah_domain::Role::Caseworker]).await;
        let b = db.create_user("worker.b", "IOM-AF", &[panah_domain::Role::Caseworker]).await;
        let on = date!(2026 - 10 - 01);
        let mut same = person("Zahra");
        same.phone = Some("0700 111 222".into());
        let mine = register(&db, &new_case(&db, Province::Herat, on, Some(a.id), same.clone()).await).await;
        let theirs = register(&db, &new_case(&db, Province::Herat, on, Some(b.id), same.clone()).await).await;
        let nobody = register(&db, &new_case(&db, Province::Herat, on, None, same).await).await;
        let scope_a = CaseScope::AssignedTo(a.id);

        let context = acting(&db, &a).await;
        assert_eq!(db.store.read_case(mine, scope_a, &context).await.unwrap().unwrap().id, mine);
        for other in [theirs, nobody, CaseId(Uuid::now_v7())] {
            assert!(db.store.read_case(other, scope_a, &context).await.unwrap().is_none());
            assert!(!db.store.case_in_scope(other, scope_a).await.unwrap());
            assert!(db.store.case_for_change(other, scope_a).await.unwrap().is_none());
        }
        assert!(db.store.case_in_scope(mine, scope_a).await.unwrap());
        for id in [mine, theirs, nobody] {
            assert!(db.store.case_in_scope(id, CaseScope::All).await.unwrap());
        }

        let listed = |scope| {
            let store = db.store.clone();
            async move {
                store
                    .list_cases(scope, &CaseFilter::default(), None, 50)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|c| c.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(listed(scope_a).await, [mine]);
        assert_eq!(listed(CaseScope::AssignedTo(b.id)).await, [theirs]);
        assert_eq!(listed(CaseScope::All).await, [nobody, theirs, mine]);
        // A filter on another assignee never widens the scope.
        let filtered = db
            .store
            .list_cases(scope_a, &CaseFilter { assigned_to: Some(b.id), ..CaseFilter::default() }, None, 50)
            .await
            .unwrap();
        assert!(filtered.is_empty());

        let terms = SearchTerms { given_name: Some("zahra".into()), ..SearchTerms::default() };
        let found: Vec<_> = db.store.search_cases(scope_a, &terms, 50, &context).await.unwrap()
            .into_iter().map(|(c, _)| c.id).collect();
        assert_eq!(found, [mine]);
        let terms = SearchTerms { phone: Some("0700111222".into()), ..SearchTerms::default() };
        let found: Vec<_> = db.store.search_cases(CaseScope::All, &terms, 50, &system()).await.unwrap()
            .into_iter().map(|(c, _)| c.id).collect();
        assert_eq!(found, [nobody, theirs, mine]);

        let change = CaseChanges { category: Some(CaseCategory::VulnerableMigrant), ..CaseChanges::default() };
        let refused = db.store.update_case(theirs, scope_a, 1, &change, &context).await;
        assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
        assert_eq!(read(&db, theirs).await.category, CaseCategory::PresumedVictim);
        assert_eq!(read(&db, theirs).await.version, 1);
        db.store.update_case(mine, scope_a, 1, &change, &context).await.unwrap();
        assert_eq!(read(&db, mine).await.category, CaseCategory::VulnerableMigrant);
    }

    async fn lists_filter_and_page_newest_first(db: TestDb) {
        let a = db.create_user("worker.a", "IOM-AF", &[panah_domain::Role::Caseworker]).await;
        let b = db.create_user("worker.b", "IOM-AF", &[panah_domain::Role::Caseworker]).await;
        let on = date!(2026 - 09 - 09);
        let mut ids = Vec::new();
        for i in 0..7 {
            let province = if i % 2 == 0 { Province::Herat } else { Province::Kabul };
            let assignee = if i < 4 { a.id } else { b.id };
            let mut new = new_case(&db, province, on, Some(assignee), person("Zahra")).await;
            if i % 3 == 0 {
                new.category = CaseCategory::VulnerableMigrant;
            }
            ids.push(register(&db, &new).await);
        }
        // Case 1 becomes active, case 2 closed.
        db.store.update_case(ids[1], CaseScope::All, 1, &CaseChanges { status: Some(CaseStatus::Active), ..CaseChanges::default() }, &system()).await.unwrap();
        db.store.update_case(ids[2], CaseScope::All, 1, &CaseChanges { status: Some(CaseStatus::Closed), ..CaseChanges::default() }, &system()).await.unwrap();
        let newest_first = |picked: &[usize]| -> Vec<CaseId> {
            let mut out: Vec<CaseId> = picked.iter().map(|&i| ids[i]).collect();
            out.reverse();
            out
        };
        let list = |filter: CaseFilter| {
            let store = db.store.clone();
            async move {
                store.list_cases(CaseScope::All, &filter, None, 50).await.unwrap()
                    .into_iter().map(|c| c.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(list(CaseFilter::default()).await, newest_first(&[0, 1, 2, 3, 4, 5, 6]));
        assert_eq!(list(CaseFilter { status: Some(CaseStatus::Open), ..CaseFilter::default() }).await, newest_first(&[0, 3, 4, 5, 6]));
        assert_eq!(list(CaseFilter { status: Some(CaseStatus::Active), ..CaseFilter::default() }).await, newest_first(&[1]));
        assert_eq!(list(CaseFilter { status: Some(CaseStatus::Closed), ..CaseFilter::default() }).await, newest_first(&[2]));
        assert_eq!(list(CaseFilter { province: Some(Province::Kabul), ..CaseFilter::default() }).await, newest_first(&[1, 3, 5]));
        assert_eq!(list(CaseFilter { category: Some(CaseCategory::VulnerableMigrant), ..CaseFilter::default() }).await, newest_first(&[0, 3, 6]));
        assert_eq!(list(CaseFilter { assigned_to: Some(b.id), ..CaseFilter::default() }).await, newest_first(&[4, 5, 6]));
        assert_eq!(
            list(CaseFilter {
                status: Some(CaseStatus::Open),
                province: Some(Province::Herat),
                category: Some(CaseCategory::VulnerableMigrant),
                assigned_to: Some(a.id),
            }).await,
            newest_first(&[0])
        );
        assert_eq!(list(CaseFilter { province: Some(Province::Balkh), ..CaseFilter::default() }).await, Vec::<CaseId>::new());

        // Pages of two, each after the last id of the previous one.
        let mut pages = Vec::new();
        let mut before = None;
        loop {
            let page = db.store.list_cases(CaseScope::All, &CaseFilter::default(), before, 2).await.unwrap();
            if page.is_empty() {
                break;
            }
            assert!(page.len() <= 2);
            before = page.last().map(|c| c.id);
            pages.push(page.into_iter().map(|c| c.id).collect::<Vec<_>>());
        }
        assert_eq!(pages.len(), 4);
        assert_eq!(pages.concat(), newest_first(&[0, 1, 2, 3, 4, 5, 6]));
        // The cursor combines with scope and filters.
        let page = db.store.list_cases(CaseScope::AssignedTo(a.id), &CaseFilter { province: Some(Province::Herat), ..CaseFilter::default() }, Some(ids[2]), 50).await.unwrap();
        assert_eq!(page.into_iter().map(|c| c.id).collect::<Vec<_>>(), [ids[0]]);

        // Summaries carry the statistics in clear, and no identity.
        let summary = db.store.list_cases(CaseScope::All, &CaseFilter::default(), None, 1).await.unwrap().remove(0);
        assert_eq!(summary.id, ids[6]);
        assert_eq!(summary.case_number.as_str(), "AF-HER-2026-000004");
        assert_eq!(summary.sex, Sex::Female);
        assert_eq!(summary.citizenship.code(), "AF");
        assert_eq!(summary.assigned_to, Some(b.id));
        assert_eq!(summary.identified_on, on);
        assert_eq!(summary.version, 1);
    }

    async fn the_age_group_comes_from_the_date_of_birth_or_else_the_estimated_age(db: TestDb) {
        let on = date!(2026 - 11 - 20);
        let with = |born: Option<Date>, estimated: Option<u8>| {
            let mut p = person("Zahra");
            p.date_of_birth = born;
            p.estimated_age = estimated;
            p
        };
        let cases = [
            (with(Some(date!(2009 - 03 - 02)), None), Some(AgeGroup::Age9To17)),
            // Eighteen on the very day of identification; one day short of it.
            (with(Some(date!(2008 - 11 - 20)), None), Some(AgeGroup::Age18To20)),
            (with(Some(date!(2008 - 11 - 21)), None), Some(AgeGroup::Age9To17)),
            (with(Some(date!(2026 - 01 - 01)), None), Some(AgeGroup::Age0To8)),
            (with(Some(date!(1950 - 01 - 01)), None), Some(AgeGroup::Age48Plus)),
            // The date of birth wins over an estimate.
            (with(Some(date!(2000 - 01 - 01)), Some(40)), Some(AgeGroup::Age24To26)),
            (with(None, Some(30)), Some(AgeGroup::Age30To38)),
            (with(None, Some(0)), Some(AgeGroup::Age0To8)),
            (with(None, Some(47)), Some(AgeGroup::Age39To47)),
            (with(None, Some(120)), Some(AgeGroup::Age48Plus)),
            (with(None, None), None),
        ];
        for (p, expected) in cases {
            let id = register(&db, &new_case(&db, Province::Herat, on, None, p.clone()).await).await;
            let case = read(&db, id).await;
            assert_eq!(case.age_group, expected, "{p:?}");
            assert_eq!(case.person.estimated_age, p.estimated_age);
            let summary = db.store.list_cases(CaseScope::All, &CaseFilter::default(), None, 1).await.unwrap().remove(0);
            assert_eq!(summary.id, id);
            assert_eq!(summary.age_group, expected, "{p:?}");
        }
        // Changing the person recomputes it, against the date of identification.
        let id = register(&db, &new_case(&db, Province::Herat, on, None, with(None, Some(16))).await).await;
        assert_eq!(read(&db, id).await.age_group, Some(AgeGroup::Age9To17));
        let changes = CaseChanges { person: Some(with(None, Some(22))), ..CaseChanges::default() };
        db.store.update_case(id, CaseScope::All, 1, &changes, &system()).await.unwrap();
        assert_eq!(read(&db, id).await.age_group, Some(AgeGroup::Age21To23));
        let changes = CaseChanges { person: Some(with(None, None)), ..CaseChanges::default() };
        db.store.update_case(id, CaseScope::All, 2, &changes, &system()).await.unwrap();
        let case = read(&db, id).await;
        assert_eq!(case.age_group, None);
        assert_eq!(case.person.estimated_age, None);
    }

    async fn an_update_applies_only_at_the_version_read_and_only_in_scope(db: TestDb) {
        let a = db.create_user("worker.a", "IOM-AF", &[panah_domain::Role::Caseworker]).await;
        let b = db.create_user("worker.b", "IOM-AF", &[panah_domain::Role::Caseworker]).await;
        let mut original = person("Zahra");
        original.family_name = Some("Ahmadi".into());
        original.phone = Some("0700 555 111".into());
        let id = register(&db, &new_case(&db, Province::Herat, date!(2026 - 08 - 08), Some(a.id), original.clone()).await).await;

        let mut renamed = original.clone();
        renamed.given_name = "Zohra".into();
        renamed.phone = None;
        renamed.sex = Sex::Unknown;
        renamed.citizenship = "IR".parse().unwrap();
        let first = CaseChanges {
            status: Some(CaseStatus::Active),
            category: Some(CaseCategory::VictimOfTrafficking),
            province: Some(Province::Kabul),
            person: Some(renamed.clone()),
            trafficking: Some(TraffickingProfile { cross_border: Some(false), ..TraffickingProfile::default() }),
            ..CaseChanges::default()
        };
        db.store.update_case(id, CaseScope::AssignedTo(a.id), 1, &first, &system()).await.unwrap();
        let case = read(&db, id).await;
        assert_eq!(case.version, 2);
        assert!(case.updated_at >= case.created_at);
        assert_eq!(case.status, CaseStatus::Active);
        assert_eq!(case.category, CaseCategory::VictimOfTrafficking);
        assert_eq!(case.province, Province::Kabul);
        assert_eq!(case.case_number.as_str(), "AF-HER-2026-000001", "the number stays");
        assert_eq!(case.person, renamed);
        assert_eq!(case.trafficking.cross_border, Some(false));
        assert_eq!(case.assigned_to, Some(a.id), "not named, not changed");
        let summary = db.store.list_cases(CaseScope::All, &CaseFilter::default(), None, 1).await.unwrap().remove(0);
        assert_eq!(summary.sex, Sex::Unknown);
        assert_eq!(summary.citizenship.code(), "IR");

        // The blind indexes follow the person: the old name and phone find nothing.
        let search = |terms: SearchTerms| {
            let store = db.store.clone();
            async move {
                store.search_cases(CaseScope::All, &terms, 50, &system()).await.unwrap()
                    .into_iter().map(|(c, _)| c.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(search(SearchTerms { given_name: Some("Zahra".into()), ..SearchTerms::default() }).await, Vec::<CaseId>::new());
        assert_eq!(search(SearchTerms { phone: Some("0700555111".into()), ..SearchTerms::default() }).await, Vec::<CaseId>::new());
        assert_eq!(search(SearchTerms { given_name: Some("zohra".into()), ..SearchTerms::default() }).await, [id]);
        assert_eq!(search(SearchTerms { family_name: Some("AHMADI".into()), ..SearchTerms::default() }).await, [id]);

        // A second writer that read version 1 loses, and changes nothing.
        let stale = CaseChanges { status: Some(CaseStatus::Closed), category: Some(CaseCategory::VulnerableMigrant), ..CaseChanges::default() };
        let refused = db.store.update_case(id, CaseScope::All, 1, &stale, &system()).await;
        assert!(matches!(refused, Err(StoreError::VersionMismatch)), "{refused:?}");
        let refused = db.store.update_case(id, CaseScope::All, 3, &stale, &system()).await;
        assert!(matches!(refused, Err(StoreError::VersionMismatch)), "{refused:?}");
        // Out of scope and unknown are both NotFound, whatever the version.
        for (case, scope) in [(id, CaseScope::AssignedTo(b.id)), (CaseId(Uuid::now_v7()), CaseScope::All)] {
            let refused = db.store.update_case(case, scope, 2, &stale, &system()).await;
            assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
        }
        assert_eq!(read(&db, id).await, case);

        // Reassigning takes the case out of the old assignee's scope.
        let reassign = CaseChanges { assigned_to: Some(Some(b.id)), ..CaseChanges::default() };
        db.store.update_case(id, CaseScope::All, 2, &reassign, &system()).await.unwrap();
        assert!(!db.store.case_in_scope(id, CaseScope::AssignedTo(a.id)).await.unwrap());
        assert!(db.store.case_in_scope(id, CaseScope::AssignedTo(b.id)).await.unwrap());
        let unassign = CaseChanges { assigned_to: Some(None), ..CaseChanges::default() };
        db.store.update_case(id, CaseScope::All, 3, &unassign, &system()).await.unwrap();
        let case = read(&db, id).await;
        assert_eq!(case.assigned_to, None);
        assert_eq!(case.version, 4);
        assert_eq!(case.person, renamed, "untouched by changes that do not name it");
    }

    async fn two_concurrent_updates_of_one_version_let_exactly_one_through(db: TestDb) {
        let id = register(&db, &new_case(&db, Province::Herat, date!(2026 - 08 - 08), None, person("Zahra")).await).await;
        let other = Store::connect(&db.options()).await.unwrap().with_field_keys(test_field_keys());
        for round in 0..5_i64 {
            let version = 1 + round;
            let first = CaseChanges { category: Some(CaseCategory::VulnerableMigrant), ..CaseChanges::default() };
            let second = CaseChanges { category: Some(CaseCategory::VictimOfTrafficking), ..CaseChanges::default() };
            let context = system();
            let (a, b) = tokio::join!(
                db.store.update_case(id, CaseScope::All, version, &first, &context),
                other.update_case(id, CaseScope::All, version, &second, &context),
            );
            let outcomes = [&a, &b];
            assert_eq!(outcomes.iter().filter(|r| r.is_ok()).count(), 1, "{a:?} {b:?}");
            assert_eq!(outcomes.iter().filter(|r| matches!(r, Err(StoreError::VersionMismatch))).count(), 1, "{a:?} {b:?}");
            let case = read(&db, id).await;
            assert_eq!(case.version, version + 1);
            let winner = if a.is_ok() { CaseCategory::VulnerableMigrant } else { CaseCategory::VictimOfTrafficking };
            assert_eq!(case.category, winner);
        }
        let updates = db.store.list_audit(&AuditFilter { action: Some("case.update".into()), ..AuditFilter::default() }, 100).await.unwrap();
        assert_eq!(updates.len(), 5, "one entry per change that happened");
    }

    async fn reads_changes_and_searches_are_audited_without_personal_data(db: TestDb) {
        let worker = db.create_user_with_role(panah_domain::Role::Caseworker).await;
        let mut p = person("Sentinelgiven");
        p.family_name = Some("Sentinelfamily".into());
        p.phone = Some("0799 246 813".into());
        p.document_number = Some("SENTDOC-4242".into());
        let context = acting(&db, &worker).await;
        let id = db.store.create_case(&new_case(&db, Province::Herat, date!(2026 - 07 - 07), Some(worker.id), p.clone()).await, &context).await.unwrap();
        let scope = CaseScope::AssignedTo(worker.id);
        db.store.read_case(id, scope, &context).await.unwrap().unwrap();
        // An out-of-scope or unknown id reads nothing, so nothing is recorded as read.
        db.store.read_case(CaseId(Uuid::now_v7()), scope, &context).await.unwrap();
        let mut changed = p.clone();
        changed.address = Some("Sentineladdress 12".into());
        db.store.update_case(id, scope, 1, &CaseChanges { person: Some(changed), status: Some(CaseStatus::Active), ..CaseChanges::default() }, &context).await.unwrap();
        let terms = SearchTerms {
            given_name: Some("Sentinelgiven".into()),
            phone: Some("0799246813".into()),
            ..SearchTerms::default()
        };
        assert_eq!(db.store.search_cases(scope, &terms, 50, &context).await.unwrap().len(), 1);
        // case_for_change and case_in_scope are not reads of an identity for the log.
        db.store.case_for_change(id, scope).await.unwrap().unwrap();
        db.store.case_in_scope(id, scope).await.unwrap();

        let entries = db.store.list_audit(&AuditFilter { actor_id: Some(worker.id), ..AuditFilter::default() }, 100).await.unwrap();
        let actions: Vec<&str> = entries.iter().rev().map(|e| e.action.as_str()).collect();
        // The search found one case and showed its names: a read of them.
        assert_eq!(actions, ["case.create", "case.read", "case.update", "case.search", "case.read"]);
        let iom = org(&db, "IOM-AF").await;
        for entry in &entries {
            assert_eq!(entry.actor_organization_id, Some(iom));
            assert_eq!(entry.request_id, context.request_id);
            assert_eq!(entry.outcome, panah_domain::Outcome::Success);
            assert_eq!(entry.target_type.as_deref(), Some("case"));
        }
        // Newest first: the search result's read, the search, the update, the read, the
        // creation.
        for entry in [&entries[0], &entries[2], &entries[3], &entries[4]] {
            assert_eq!(entry.target_id.as_deref(), Some(id.to_string().as_str()), "{}", entry.action);
        }
        let result = &entries[0];
        let details: serde_json::Value = serde_json::from_str(result.details.as_deref().unwrap()).unwrap();
        assert_eq!(details, serde_json::json!({ "names_only": true, "via": "search" }));
        let search = &entries[1];
        assert_eq!(search.target_id, None);
        let details: serde_json::Value = serde_json::from_str(search.details.as_deref().unwrap()).unwrap();
        assert_eq!(details, serde_json::json!({ "fields": ["given_name", "phone"], "results": 1 }));
        let update = &entries[2];
        let details: serde_json::Value = serde_json::from_str(update.details.as_deref().unwrap()).unwrap();
        assert_eq!(details, serde_json::json!({ "changed": ["status", "person"] }));

        let everything = format!("{:?}", db.store.list_audit(&AuditFilter::default(), 1000).await.unwrap());
        // Letters that no id, hash or timestamp is made of.
        for sentinel in ["sentinel", "sentdoc"] {
            assert!(!everything.to_lowercase().contains(sentinel), "{sentinel} in {everything}");
        }
        assert!(db.store.verify_audit().await.unwrap().ok);
    }

    async fn identity_fields_are_never_stored_in_clear(db: TestDb) {
        let worker = db.create_user_with_role(panah_domain::Role::Caseworker).await;
        let sentinels = Person {
            given_name: "Qxgivenzq".into(),
            family_name: Some("Qxfamilyzq".into()),
            fathers_name: Some("Qxfatherzq".into()),
            other_script_given_name: None,
            other_script_family_name: None,
            sex: Sex::Female,
            date_of_birth: Some(date!(1987 - 06 - 05)),
            estimated_age: None,
            citizenship: "AF".parse().unwrap(),
            phone: Some("+93 (0)79 8765 4321".into()),
            address: Some("Qxaddresszq, District 7".into()),
            document_number: Some("QXDOC-918273".into()),
        };
        let id = db.store.create_case(&new_case(&db, Province::Herat, date!(2026 - 11 - 02), Some(worker.id), sentinels.clone()).await, &acting(&db, &worker).await).await.unwrap();
        // A second person, in Arabic script, written by an update.
        let mut persian = sentinels.clone();
        persian.given_name = "گلنوشقخ".into();
        persian.family_name = Some("ژیلاشقخ".into());
        persian.address = Some("کوچه‌ی پنهانقخ".into());
        let other = db.store.create_case(&new_case(&db, Province::Herat, date!(2026 - 11 - 02), Some(worker.id), person("placeholder")).await, &system()).await.unwrap();
        db.store.update_case(other, CaseScope::All, 1, &CaseChanges { person: Some(persian.clone()), ..CaseChanges::default() }, &system()).await.unwrap();
        // Searching by them leaves nothing behind either.
        db.store.search_cases(CaseScope::All, &SearchTerms { given_name: Some("Qxgivenzq".into()), family_name: Some("ژیلاشقخ".into()), ..SearchTerms::default() }, 50, &system()).await.unwrap();
        assert_eq!(read(&db, id).await.person, sentinels);
        assert_eq!(read(&db, other).await.person, persian);

        let bytes = db.raw_bytes().await;
        // What is in clear is found, so the search below looks where the data is.
        assert!(contains(&bytes, "AF-HER-2026-000001"));
        assert!(contains(&bytes, "AF-HER-2026-000002"));
        for sentinel in [
            "Qxgivenzq", "Qxfamilyzq", "Qxfatherzq", "1987-06-05", "19870605", "Qxaddresszq",
            "District 7", "QXDOC-918273", "8765 4321", "87654321", "7987654321",
            "گلنوشقخ", "ژیلاشقخ", "پنهانقخ",
        ] {
            assert!(!contains(&bytes, sentinel), "{sentinel} is stored in clear");
        }

        // The statistics are in clear, readable by anyone with the database.
        let sql = "SELECT sex, citizenship, age_group FROM cases ORDER BY id";
        let rows: Vec<(String, String, Option<String>)> = if db.is_postgres() {
            let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
            sqlx::query_as(sql).fetch_all(&mut conn).await.unwrap()
        } else {
            let mut conn = sqlx::SqliteConnection::connect(db.url()).await.unwrap();
            sqlx::query_as(sql).fetch_all(&mut conn).await.unwrap()
        };
        let expected = (String::from("female"), String::from("AF"), Some(String::from("39-47")));
        assert_eq!(rows, [expected.clone(), expected]);
    }

    async fn a_ciphertext_moved_to_another_row_or_column_does_not_open(db: TestDb) {
        let mut victim_person = person("Victimname");
        victim_person.family_name = Some("Victimfamily".into());
        victim_person.phone = Some("0700 000 001".into());
        let mut other_person = person("Othername");
        other_person.family_name = Some("Otherfamily".into());
        let on = date!(2026 - 11 - 02);
        let victim = register(&db, &new_case(&db, Province::Herat, on, None, victim_person).await).await;
        let other = register(&db, &new_case(&db, Province::Herat, on, None, other_person.clone()).await).await;
        let (victim_id, other_id) = (id_literal(&db, victim), id_literal(&db, other));

        db.execute_raw(&format!(
            "UPDATE cases SET given_name = (SELECT given_name FROM cases WHERE id = {other_id}) WHERE id = {victim_id}"
        )).await;
        let read_victim = db.store.read_case(victim, CaseScope::All, &system()).await;
        assert!(matches!(read_victim, Err(StoreError::Decrypt { column: "given_name" })), "{read_victim:?}");
        let changing = db.store.case_for_change(victim, CaseScope::All).await;
        assert!(matches!(changing, Err(StoreError::Decrypt { .. })), "{changing:?}");
        // The other person is still theirs, and lists never open anything.
        assert_eq!(read(&db, other).await.person, other_person);
        assert_eq!(db.store.list_cases(CaseScope::All, &CaseFilter::default(), None, 50).await.unwrap().len(), 2);

        // Within one row: the family name's ciphertext moved into the phone's column.
        db.execute_raw(&format!(
            "UPDATE cases SET phone = family_name WHERE id = {other_id}"
        )).await;
        let read_other = db.store.read_case(other, CaseScope::All, &system()).await;
        assert!(matches!(read_other, Err(StoreError::Decrypt { column: "phone" })), "{read_other:?}");

        // A flipped byte or a truncated value fails too; it never reads as something else.
        let victim_b = register(&db, &new_case(&db, Province::Herat, on, None, person("Third")).await).await;
        let literal = id_literal(&db, victim_b);
        let truncate = if db.is_postgres() {
            format!("UPDATE cases SET given_name = substring(given_name from 1 for 20) WHERE id = {literal}")
        } else {
            format!("UPDATE cases SET given_name = substr(given_name, 1, 20) WHERE id = {literal}")
        };
        db.execute_raw(&truncate).await;
        let read_b = db.store.read_case(victim_b, CaseScope::All, &system()).await;
        assert!(matches!(read_b, Err(StoreError::Decrypt { column: "given_name" })), "{read_b:?}");
    }

    async fn a_ciphertext_under_an_unknown_key_version_does_not_open(db: TestDb) {
        let id = register(&db, &new_case(&db, Province::Herat, date!(2026 - 11 - 02), None, person("Zahra")).await).await;
        // Another server with only a different data key (version 2) cannot open it, and
        // says so rather than showing garbage.
        let stranger = Store::connect(&db.options())
            .await
            .unwrap()
            .with_field_keys(panah_persistence::FieldKeys::new(&[(2, b"another-data-key-another-data-key!!".as_slice())], panah_tests::TEST_BLIND_INDEX_KEY).unwrap());
        let read_stranger = stranger.read_case(id, CaseScope::All, &system()).await;
        assert!(matches!(read_stranger, Err(StoreError::Decrypt { .. })), "{read_stranger:?}");
    }

    async fn cases_indexed_under_an_older_normalisation_are_indexed_again_and_found(db: TestDb) {
        let mut person = person("سمیع الله");
        person.other_script_given_name = Some("Samiullah".into());
        person.phone = Some("0791234567".into());
        let new = new_case(&db, Province::Herat, date!(2026 - 05 - 02), None, person).await;
        let old = register(&db, &new).await;
        let fresh = register(&db, &new).await;
        // As a database of an earlier version holds it: indexes of another normalisation
        // (here: none at all) under version 1.
        db.execute_raw(&format!(
            "UPDATE cases SET given_name_index = NULL, other_script_given_name_index = NULL, \
             phone_index = NULL, search_index_version = 1 WHERE id = {}",
            id_literal(&db, old)
        ))
        .await;
        let search = |terms: SearchTerms| {
            let store = db.store.clone();
            async move {
                store.search_cases(CaseScope::All, &terms, 50, &system()).await.unwrap()
                    .into_iter().map(|(c, _)| c.id).collect::<Vec<_>>()
            }
        };
        let by_name = || SearchTerms { given_name: Some("سمیع‌الله".into()), ..SearchTerms::default() };
        assert_eq!(search(by_name()).await, [fresh]);

        assert_eq!(db.store.reindex_search_batch(500).await.unwrap(), 1);
        assert_eq!(db.store.reindex_search_batch(500).await.unwrap(), 0, "nothing left");
        assert_eq!(search(by_name()).await, [fresh, old]);
        assert_eq!(search(SearchTerms { given_name: Some("SAMIULLAH".into()), ..SearchTerms::default() }).await, [fresh, old]);
        assert_eq!(search(SearchTerms { phone: Some("+93 79 123 4567".into()), ..SearchTerms::default() }).await, [fresh, old]);
        assert_eq!(read(&db, old).await.version, 1, "re-indexing changes no record");
    }
}
