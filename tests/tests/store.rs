//! The store conformance suite: what every backend must do alike.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use panah_domain::{OrganizationKind, Province};
use panah_persistence::Readiness;
use panah_tests::on_both_backends;

on_both_backends! {
    async fn the_reference_organisations_are_seeded_as_the_domain_lists_them(db: TestDb) {
        let organizations = db.store.list_organizations().await.unwrap();
        assert_eq!(organizations.len(), 43);

        let find = |code: &str| {
            organizations
                .iter()
                .find(|o| o.code.as_str() == code)
                .unwrap_or_else(|| panic!("{code} is missing"))
        };
        assert_eq!(find("IOM-AF").kind, OrganizationKind::Iom);
        assert_eq!(find("MOI").kind, OrganizationKind::MoiNational);
        for code in ["MOJ", "MOLSA", "MOWA", "MORR", "MOFA"] {
            assert_eq!(find(code).kind, OrganizationKind::PartnerMinistry, "{code}");
        }
        for code in ["DONOR-US", "DONOR-IT"] {
            assert_eq!(find(code).kind, OrganizationKind::Donor, "{code}");
        }
        for province in Province::ALL {
            let office = find(&format!("MOI-{}", province.short_code()));
            assert_eq!(office.kind, OrganizationKind::MoiProvincial);
            assert_eq!(office.province, Some(province));
            assert!(office.name.contains(province.name()), "{}", office.name);
        }
        assert!(organizations.iter().all(|o| {
            (o.kind == OrganizationKind::MoiProvincial) == o.province.is_some()
        }));

        let ids: HashSet<_> = organizations.iter().map(|o| o.id).collect();
        assert_eq!(ids.len(), organizations.len());
        let codes: Vec<_> = organizations.iter().map(|o| o.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted, "listed by code, in the same order on both backends");
    }

    async fn both_backends_seed_the_same_organisation_ids(db: TestDb) {
        let organizations = db.store.list_organizations().await.unwrap();
        let iom = organizations.iter().find(|o| o.code.as_str() == "IOM-AF").unwrap();
        assert_eq!(iom.id.to_string(), "019b76da-a800-7000-8000-000000000001");
    }

    async fn migrating_again_changes_nothing_and_the_database_is_ready(db: TestDb) {
        db.store.migrate().await.unwrap();
        db.store.migrate().await.unwrap();
        assert_eq!(db.store.readiness().await.unwrap(), Readiness::Ready);
        assert_eq!(db.store.list_organizations().await.unwrap().len(), 43);
    }

    async fn a_missing_migration_is_reported_as_pending(db: TestDb) {
        db.execute_raw("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await;
        assert_eq!(db.store.readiness().await.unwrap(), Readiness::MigrationsPending);
    }

    async fn a_migration_this_binary_does_not_know_is_reported(db: TestDb) {
        db.execute_raw("UPDATE _sqlx_migrations SET version = 99990101000000 WHERE version = 1").await;
        assert_eq!(db.store.readiness().await.unwrap(), Readiness::MigrationsUnknown);
        // Migrating must refuse rather than run on a database of another version.
        assert!(db.store.migrate().await.is_err());
    }

    async fn a_migration_that_failed_part_way_is_reported(db: TestDb) {
        db.execute_raw("UPDATE _sqlx_migrations SET success = FALSE").await;
        assert_eq!(db.store.readiness().await.unwrap(), Readiness::MigrationFailed);
    }

    async fn an_unreachable_database_is_an_error(db: TestDb) {
        db.make_unreachable().await;
        assert!(db.store.readiness().await.is_err());
    }

    async fn a_second_store_on_the_same_database_sees_the_same_data(db: TestDb) {
        let other = panah_persistence::Store::connect(&db.options()).await.unwrap();
        assert_eq!(other.kind(), db.store.kind());
        assert_eq!(
            other.list_organizations().await.unwrap(),
            db.store.list_organizations().await.unwrap()
        );
        assert!(!other.describe().contains("postgres@"), "{}", other.describe());
    }
}

#[tokio::test]
async fn a_sqlite_database_is_created_with_its_folder_in_wal_mode_with_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nested/deeper/panah.db");
    let url = format!("sqlite://{}", file.display());
    let store = panah_persistence::Store::connect(&panah_persistence::DatabaseOptions {
        url: url.clone().into(),
        max_connections: 2,
        connect_timeout: std::time::Duration::from_secs(5),
        busy_timeout: std::time::Duration::from_secs(5),
    })
    .await
    .unwrap();
    store.migrate().await.unwrap();
    assert!(file.exists());
    assert!(dir.path().join("nested/deeper/panah.db-wal").exists());
    store.close().await;
}

#[tokio::test]
async fn an_unsupported_url_is_refused() {
    for url in ["mysql://localhost/panah", "panah.db", ""] {
        let result = panah_persistence::Store::connect(&panah_persistence::DatabaseOptions {
            url: url.into(),
            max_connections: 1,
            connect_timeout: std::time::Duration::from_secs(1),
            busy_timeout: std::time::Duration::from_secs(1),
        })
        .await;
        assert!(
            matches!(result, Err(panah_persistence::StoreError::UnsupportedUrl)),
            "{url}"
        );
    }
}
