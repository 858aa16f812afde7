//! Writes under concurrency: on SQLite, concurrent write transactions run in savepoints of
//! one transaction and are committed together (group commit); on PostgreSQL each is its own
//! transaction. Either way a failing write undoes only itself, and no writer is answered
//! before its write is committed.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use panah_domain::{AuditContext, OrganizationKind};
use panah_persistence::{NewOrganization, Store, StoreError};
use panah_tests::{TestDb, on_both_backends};
use sqlx::Connection;
use time::OffsetDateTime;

fn organization(code: &str) -> NewOrganization {
    NewOrganization {
        code: code.parse().unwrap(),
        name: format!("Organisation {code}"),
        kind: OrganizationKind::Donor,
        province: None,
    }
}

fn create(store: &Store, code: &str) -> tokio::task::JoinHandle<Result<(), StoreError>> {
    let (store, new) = (store.clone(), organization(code));
    tokio::spawn(async move {
        store
            .create_organization(&new, &AuditContext::system(OffsetDateTime::now_utc()))
            .await
            .map(drop)
    })
}

/// On SQLite, holds the database's write lock from another connection, so that the
/// store's writers queue behind it and then run in one batch.
async fn hold_sqlite_write_lock(db: &TestDb) -> Option<sqlx::SqliteConnection> {
    if db.is_postgres() {
        return None;
    }
    let mut holder = sqlx::SqliteConnection::connect(db.url()).await.unwrap();
    sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut holder)
        .await
        .unwrap();
    Some(holder)
}

async fn release(holder: Option<sqlx::SqliteConnection>) {
    if let Some(mut holder) = holder {
        sqlx::raw_sql("ROLLBACK")
            .execute(&mut holder)
            .await
            .unwrap();
    }
}

async fn stored_codes(db: &TestDb, prefix: &str) -> Vec<String> {
    db.raw_strings(&format!(
        "SELECT code FROM organizations WHERE code LIKE '{prefix}%' ORDER BY code"
    ))
    .await
}

on_both_backends! {
    async fn a_failing_write_among_concurrent_ones_undoes_only_itself(db: TestDb) {
        let holder = hold_sqlite_write_lock(&db).await;
        // Nine writers at once; two of them want the same code, so one of those fails.
        let mut writers: Vec<_> = (0..8).map(|n| create(&db.store, &format!("GC-{n}"))).collect();
        writers.push(create(&db.store, "GC-3"));
        tokio::time::sleep(Duration::from_millis(200)).await;
        release(holder).await;
        let mut conflicts = 0;
        for writer in writers {
            match writer.await.unwrap() {
                Ok(()) => {}
                Err(StoreError::Conflict("organizations_code_key")) => conflicts += 1,
                Err(other) => panic!("{other}"),
            }
        }
        assert_eq!(conflicts, 1);
        let expected: Vec<String> = (0..8).map(|n| format!("GC-{n}")).collect();
        assert_eq!(stored_codes(&db, "GC-").await, expected);
        let created = db
            .raw_strings("SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = 'organization.create'")
            .await;
        assert_eq!(created, ["8"], "the failed write's audit entry went with it");
        let verification = db.store.verify_audit().await.unwrap();
        assert!(verification.ok, "{verification:?}");
    }

    async fn a_writer_is_answered_only_once_its_write_is_committed(db: TestDb) {
        let holder = hold_sqlite_write_lock(&db).await;
        let mut checks = Vec::new();
        for n in 0..16 {
            let (writer, url, postgres) = (create(&db.store, &format!("DUR-{n}")), db.url().to_owned(), db.is_postgres());
            checks.push(tokio::spawn(async move {
                writer.await.unwrap().unwrap();
                // Read at once through a connection of its own, outside the writer.
                let sql = format!("SELECT code FROM organizations WHERE code = 'DUR-{n}'");
                let sql = sqlx::AssertSqlSafe(sql);
                let found: Vec<String> = if postgres {
                    let mut reader = sqlx::PgConnection::connect(&url).await.unwrap();
                    sqlx::query_scalar(sql).fetch_all(&mut reader).await.unwrap()
                } else {
                    let mut reader = sqlx::SqliteConnection::connect(&url).await.unwrap();
                    sqlx::query_scalar(sql).fetch_all(&mut reader).await.unwrap()
                };
                assert_eq!(found.len(), 1, "DUR-{n} was answered before it was committed");
            }));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        release(holder).await;
        for check in checks {
            check.await.unwrap();
        }
        assert_eq!(stored_codes(&db, "DUR-").await.len(), 16);
    }

    async fn a_writer_cancelled_half_way_leaves_the_others_writing(db: TestDb) {
        let holder = hold_sqlite_write_lock(&db).await;
        let cancelled = create(&db.store, "CANCELLED");
        tokio::time::sleep(Duration::from_millis(100)).await;
        let next = create(&db.store, "NEXT");
        tokio::time::sleep(Duration::from_millis(100)).await;
        cancelled.abort();
        release(holder).await;
        next.await.unwrap().unwrap();
        create(&db.store, "AFTER").await.unwrap().unwrap();
        let codes = db
            .raw_strings("SELECT code FROM organizations WHERE code IN ('CANCELLED', 'NEXT', 'AFTER') ORDER BY code")
            .await;
        assert!(codes == ["AFTER", "NEXT"] || codes == ["AFTER", "CANCELLED", "NEXT"], "{codes:?}");
        let verification = db.store.verify_audit().await.unwrap();
        assert!(verification.ok, "{verification:?}");
    }
}
