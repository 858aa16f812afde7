//! The audit chain: what is recorded, that it cannot be altered unnoticed, and that it
//! stays one chain under concurrent writers from several processes.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::{AuditContext, AuditEvent, Role};
use panah_persistence::{AuditFilter, Store};
use panah_tests::{PASSWORD, TestApp, TestDb, on_both_backends};
use serde_json::{Value, json};
use time::OffsetDateTime;

async fn record(store: &Store, n: usize) {
    let event = AuditEvent::success("test.event", "thing", n);
    store
        .record_audit(&AuditContext::system(OffsetDateTime::now_utc()), &event)
        .await
        .unwrap();
}

/// Lifts the append-only guard, as an intruder with database access could.
async fn lift_append_only_guard(db: &TestDb) {
    if db.is_postgres() {
        db.execute_raw("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
            .await;
    } else {
        db.execute_raw("DROP TRIGGER audit_log_no_update").await;
        db.execute_raw("DROP TRIGGER audit_log_no_delete").await;
    }
}

on_both_backends! {
    async fn an_untouched_chain_verifies(db: TestDb) {
        for n in 0..25 {
            record(&db.store, n).await;
        }
        let verification = db.store.verify_audit().await.unwrap();
        assert!(verification.ok);
        assert_eq!(verification.entries_checked, 25);
        assert_eq!(verification.first_broken, None);
    }

    async fn the_log_refuses_updates_and_deletes(db: TestDb) {
        record(&db.store, 1).await;
        assert!(db.try_execute_raw("UPDATE audit_log SET action = 'x'").await.is_err());
        assert!(db.try_execute_raw("DELETE FROM audit_log").await.is_err());
        assert!(db.store.verify_audit().await.unwrap().ok);
    }

    async fn an_altered_entry_breaks_the_chain_there(db: TestDb) {
        for n in 0..5 {
            record(&db.store, n).await;
        }
        lift_append_only_guard(&db).await;
        db.execute_raw("UPDATE audit_log SET target_id = '99' WHERE seq = 3").await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(!verification.ok);
        assert_eq!(verification.entries_checked, 2);
        let broken = verification.first_broken.unwrap();
        assert_eq!(broken.seq, 3);
        assert!(broken.id.is_some());
    }

    async fn a_removed_entry_breaks_the_chain_there(db: TestDb) {
        for n in 0..5 {
            record(&db.store, n).await;
        }
        lift_append_only_guard(&db).await;
        db.execute_raw("DELETE FROM audit_log WHERE seq = 2").await;
        let broken = db.store.verify_audit().await.unwrap().first_broken.unwrap();
        assert_eq!(broken.seq, 2);
        assert_eq!(broken.id, None, "the row is gone");
    }

    async fn entries_removed_from_the_end_are_noticed(db: TestDb) {
        for n in 0..5 {
            record(&db.store, n).await;
        }
        lift_append_only_guard(&db).await;
        db.execute_raw("DELETE FROM audit_log WHERE seq >= 4").await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(!verification.ok);
        assert_eq!(verification.entries_checked, 3);
        assert_eq!(verification.first_broken.unwrap().seq, 4);
    }

    async fn concurrent_writers_from_several_processes_keep_one_linear_chain(db: TestDb) {
        // Four stores with their own pools stand for four server processes.
        let mut writers = Vec::new();
        for writer in 0..4 {
            let store = Store::connect(&db.options()).await.unwrap();
            writers.push(tokio::spawn(async move {
                for n in 0..25 {
                    record(&store, writer * 100 + n).await;
                }
                store.close().await;
            }));
        }
        for writer in writers {
            writer.await.unwrap();
        }
        let verification = db.store.verify_audit().await.unwrap();
        assert!(verification.ok, "{verification:?}");
        assert_eq!(verification.entries_checked, 100);
        let all = db.store.list_audit(&AuditFilter::default(), 200).await.unwrap();
        let seqs: Vec<i64> = all.iter().map(|e| e.seq).rev().collect();
        assert_eq!(seqs, (1..=100).collect::<Vec<_>>());
    }

    async fn an_auditor_reads_filters_pages_and_verifies_the_log_over_http(db: TestDb) {
        let auditor = db.create_user_with_role(Role::Auditor).await;
        let caseworker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&auditor.username, PASSWORD).await;
        app.token(&caseworker.username, PASSWORD).await;

        let response = app.get_as(&token, "/api/v1/audit?action=auth.login").await;
        assert_eq!(response.status(), 200);
        let page: Value = response.json().await.unwrap();
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["actor_id"], caseworker.id.to_string(), "newest first");
        assert_eq!(items[0]["outcome"], "success");

        let mine = app.get_as(&token, &format!("/api/v1/audit?actor={}", auditor.id)).await;
        let mine: Value = mine.json().await.unwrap();
        assert!(mine["items"].as_array().unwrap().iter().all(|e| e["actor_id"] == auditor.id.to_string()));

        // Page through everything two at a time.
        let mut seen = Vec::new();
        let mut path = "/api/v1/audit?limit=2".to_owned();
        loop {
            let page: Value = app.get_as(&token, &path).await.json().await.unwrap();
            seen.extend(page["items"].as_array().unwrap().iter().map(|e| e["seq"].as_i64().unwrap()));
            match page["next_cursor"].as_str() {
                Some(cursor) => path = format!("/api/v1/audit?limit=2&cursor={cursor}"),
                None => break,
            }
        }
        let expected: Vec<i64> = (1..=seen.len() as i64).rev().collect();
        assert_eq!(seen, expected);

        let bad = app.get_as(&token, "/api/v1/audit?from=yesterday").await;
        assert_eq!(bad.status(), 422);

        let response = app.post_json("/api/v1/audit/verify", Some(&token), &json!({})).await;
        assert_eq!(response.status(), 200);
        let verification: Value = response.json().await.unwrap();
        assert_eq!(verification["ok"], true);
        assert_eq!(verification["first_broken"], Value::Null);
        // Reading the log adds nothing to it; the verification is audited after it ran.
        assert_eq!(verification["entries_checked"].as_u64().unwrap(), seen.len() as u64);
        let verifications: Value = app.get_as(&token, "/api/v1/audit?action=audit.verify").await.json().await.unwrap();
        assert_eq!(verifications["items"][0]["actor_id"], auditor.id.to_string());
    }

    async fn the_api_reports_where_a_tampered_chain_breaks(db: TestDb) {
        let auditor = db.create_user_with_role(Role::Auditor).await;
        for n in 0..3 {
            record(&db.store, n).await;
        }
        lift_append_only_guard(&db).await;
        db.execute_raw("UPDATE audit_log SET outcome = 'failure' WHERE seq = 2").await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&auditor.username, PASSWORD).await;
        let verification: Value = app
            .post_json("/api/v1/audit/verify", Some(&token), &json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(verification["ok"], false);
        assert_eq!(verification["first_broken"]["seq"], 2);
    }
}
