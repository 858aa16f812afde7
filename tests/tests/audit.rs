//! The audit log: what is recorded, that its lanes and anchors cannot be altered, removed,
//! reordered or cut short unnoticed, and that it stays one verifiable log under concurrent
//! writers from several processes.
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

/// Checks that the log verifies with `count` entries numbered 1 to `count`, and returns
/// them, newest first.
async fn intact_and_numbered_without_gaps(
    db: &TestDb,
    count: i64,
) -> Vec<panah_domain::AuditEntry> {
    let verification = db.store.verify_audit().await.unwrap();
    assert!(verification.ok, "{verification:?}");
    assert_eq!(verification.entries_checked, u64::try_from(count).unwrap());
    let all = db
        .store
        .list_audit(&AuditFilter::default(), 500)
        .await
        .unwrap();
    let seqs: Vec<i64> = all.iter().map(|e| e.seq).rev().collect();
    assert_eq!(seqs, (1..=count).collect::<Vec<_>>());
    all
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

/// Lifts the anchors' append-only guard the same way.
async fn lift_anchor_guard(db: &TestDb) {
    if db.is_postgres() {
        db.execute_raw("ALTER TABLE audit_anchors DISABLE TRIGGER audit_anchors_no_change")
            .await;
    } else {
        db.execute_raw("DROP TRIGGER audit_anchors_no_update").await;
        db.execute_raw("DROP TRIGGER audit_anchors_no_delete").await;
    }
}

/// Winds lane 0's head back to the entry numbered `seq`, as an intruder who cut the lane
/// short would, so that the head no longer gives the cut away.
async fn wind_head_back(db: &TestDb, seq: i64) {
    db.execute_raw(&format!(
        "UPDATE audit_lanes SET seq = {seq}, \
         hash = (SELECT hash FROM audit_log WHERE seq = {seq}) WHERE lane = 0"
    ))
    .await;
}

async fn anchor(store: &Store) {
    assert!(store.anchor_audit(OffsetDateTime::now_utc()).await.unwrap());
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

    async fn concurrent_writers_from_several_processes_keep_one_verifiable_log(db: TestDb) {
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
        intact_and_numbered_without_gaps(&db, 100).await;
    }

    async fn concurrent_audited_reads_share_commits_and_keep_one_chain(db: TestDb) {
        // Many reads audited at once, as under load: the writer appends them in batches.
        let tasks: Vec<_> = (0..300)
            .map(|n| {
                let store = db.store.clone();
                tokio::spawn(async move { record(&store, n).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let all = intact_and_numbered_without_gaps(&db, 300).await;
        let mut things: Vec<usize> = all
            .iter()
            .map(|e| e.target_id.as_deref().unwrap().parse().unwrap())
            .collect();
        things.sort_unstable();
        assert_eq!(things, (0..300).collect::<Vec<_>>(), "each read once");
        // A batch's entries follow one another in one lane, and the next write follows them.
        record(&db.store, 300).await;
        assert!(db.store.verify_audit().await.unwrap().ok);
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
        assert_eq!(verification["first_broken"]["lane"], 0);
        assert_eq!(verification["first_broken"]["lane_seq"], 2);
    }

    async fn entries_swapped_in_their_lane_are_noticed(db: TestDb) {
        for n in 0..5 {
            record(&db.store, n).await;
        }
        lift_append_only_guard(&db).await;
        db.execute_raw("UPDATE audit_log SET lane_seq = -2 WHERE seq = 2").await;
        db.execute_raw("UPDATE audit_log SET lane_seq = 2 WHERE seq = 3").await;
        db.execute_raw("UPDATE audit_log SET lane_seq = 3 WHERE seq = 2").await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(!verification.ok);
        let broken = verification.first_broken.unwrap();
        assert_eq!((broken.lane, broken.lane_seq, broken.seq), (0, 2, 3));
        assert!(broken.id.is_some());
    }

    async fn entries_swapped_in_the_list_order_are_noticed(db: TestDb) {
        for n in 0..5 {
            record(&db.store, n).await;
        }
        lift_append_only_guard(&db).await;
        db.execute_raw("UPDATE audit_log SET seq = -2 WHERE seq = 2").await;
        db.execute_raw("UPDATE audit_log SET seq = 2 WHERE seq = 3").await;
        db.execute_raw("UPDATE audit_log SET seq = 3 WHERE seq = -2").await;
        let broken = db.store.verify_audit().await.unwrap().first_broken.unwrap();
        assert_eq!((broken.lane, broken.lane_seq), (0, 2));
    }

    async fn an_entry_slipped_in_beyond_its_lane_head_is_noticed(db: TestDb) {
        for n in 0..3 {
            record(&db.store, n).await;
        }
        let new_id = if db.is_postgres() { "gen_random_uuid()" } else { "randomblob(16)" };
        db.execute_raw(&format!(
            "INSERT INTO audit_log (seq, id, at, action, outcome, prev_hash, hash, lane, lane_seq) \
             SELECT 100, {new_id}, at, action, outcome, hash, hash, 0, 4 FROM audit_log WHERE seq = 3"
        ))
        .await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(!verification.ok);
        assert_eq!(verification.entries_checked, 3);
        let broken = verification.first_broken.unwrap();
        assert_eq!((broken.lane, broken.lane_seq, broken.seq), (0, 4, 100));
    }

    async fn a_cut_with_its_head_wound_back_is_noticed_below_the_last_anchor_only(db: TestDb) {
        for n in 0..5 {
            record(&db.store, n).await;
        }
        anchor(&db.store).await;
        for n in 5..7 {
            record(&db.store, n).await;
        }
        lift_append_only_guard(&db).await;
        // What was appended after the last anchor can be cut off unnoticed, head and all:
        // the limit that ARCHITECTURE.md states.
        db.execute_raw("DELETE FROM audit_log WHERE seq >= 6").await;
        wind_head_back(&db, 5).await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(verification.ok, "{verification:?}");
        assert_eq!((verification.entries_checked, verification.anchors_checked), (5, 1));
        // Below it, the anchor remembers the lane longer than it is.
        db.execute_raw("DELETE FROM audit_log WHERE seq >= 4").await;
        wind_head_back(&db, 3).await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(!verification.ok);
        let broken = verification.first_broken.unwrap();
        assert_eq!((broken.lane, broken.lane_seq, broken.seq, broken.id), (0, 4, 4, None));
    }

    async fn a_lane_rewritten_below_an_anchor_is_noticed(db: TestDb) {
        for n in 0..3 {
            record(&db.store, n).await;
        }
        anchor(&db.store).await;
        lift_append_only_guard(&db).await;
        // The intruder replaces the last entry with one of their own, chained and hashed
        // as anyone can without a key (here by the store itself): the lane is intact, its
        // head agrees, the anchor does not.
        db.execute_raw("DELETE FROM audit_log WHERE seq = 3").await;
        wind_head_back(&db, 2).await;
        record(&db.store, 99).await;
        let broken = db.store.verify_audit().await.unwrap().first_broken.unwrap();
        assert_eq!((broken.lane, broken.lane_seq), (0, 3));
        assert!(broken.id.is_some());
    }

    async fn an_altered_anchor_is_noticed(db: TestDb) {
        for n in 0..2 {
            record(&db.store, n).await;
        }
        anchor(&db.store).await;
        record(&db.store, 2).await;
        anchor(&db.store).await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(verification.ok, "{verification:?}");
        assert_eq!(verification.anchors_checked, 2);
        lift_anchor_guard(&db).await;
        db.execute_raw("UPDATE audit_anchors SET heads = replace(heads, '[0,2,', '[0,1,') WHERE n = 1").await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(!verification.ok);
        assert_eq!((verification.broken_anchor, verification.anchors_checked), (Some(1), 0));
    }

    async fn a_removed_anchor_is_noticed(db: TestDb) {
        record(&db.store, 0).await;
        anchor(&db.store).await;
        record(&db.store, 1).await;
        anchor(&db.store).await;
        lift_anchor_guard(&db).await;
        db.execute_raw("DELETE FROM audit_anchors WHERE n = 1").await;
        let verification = db.store.verify_audit().await.unwrap();
        assert!(!verification.ok);
        assert_eq!(verification.broken_anchor, Some(1));
    }

    async fn an_unchanged_log_is_not_anchored_twice(db: TestDb) {
        record(&db.store, 0).await;
        anchor(&db.store).await;
        assert!(!db.store.anchor_audit(OffsetDateTime::now_utc()).await.unwrap());
        assert_eq!(db.raw_strings("SELECT CAST(COUNT(*) AS TEXT) FROM audit_anchors").await, ["1"]);
    }
}

/// On PostgreSQL, a transaction appends to the first lane no other transaction holds: with
/// lane 0 held, entries go to lane 1, and both lanes verify. A lane removed whole, head and
/// all, is noticed against the anchor that saw it.
#[tokio::test]
async fn concurrent_transactions_append_to_their_own_lanes() {
    use sqlx::Connection;
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let mut holder = sqlx::PgConnection::connect(db.url()).await.unwrap();
    sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
    sqlx::query("SELECT lane FROM audit_lanes WHERE lane = 0 FOR UPDATE")
        .execute(&mut holder)
        .await
        .unwrap();
    for n in 0..3 {
        record(&db.store, n).await;
    }
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    for n in 3..5 {
        record(&db.store, n).await;
    }
    let lanes = db
        .raw_strings("SELECT lane || ':' || COUNT(*) FROM audit_log GROUP BY lane ORDER BY lane")
        .await;
    assert_eq!(lanes, ["0:2", "1:3"]);
    let verification = db.store.verify_audit().await.unwrap();
    assert!(verification.ok, "{verification:?}");
    assert_eq!(verification.entries_checked, 5);

    anchor(&db.store).await;
    lift_append_only_guard(&db).await;
    db.execute_raw("DELETE FROM audit_log WHERE lane = 1").await;
    db.execute_raw("DELETE FROM audit_lanes WHERE lane = 1")
        .await;
    let broken = db.store.verify_audit().await.unwrap().first_broken.unwrap();
    assert_eq!((broken.lane, broken.lane_seq, broken.id), (1, 1, None));
}
