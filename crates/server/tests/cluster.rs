//! The cluster harness in its short form (`panah-bench cluster` runs the long one): two
//! `panah serve` processes on one PostgreSQL database create case files under concurrent
//! load; afterwards every acknowledged case is there with its one audit entry and the
//! audit log verifies. PostgreSQL only: SQLite is one process's file.
// A panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::path::Path;

use sqlx::{Connection, Executor, PgConnection};

const PANAH: &str = env!("CARGO_BIN_EXE_panah");

#[tokio::test]
async fn two_servers_on_one_postgres_keep_one_verifiable_log() {
    let Ok(admin_url) = std::env::var("PANAH_TEST_POSTGRES_URL") else {
        eprintln!("PANAH_TEST_POSTGRES_URL is not set: the cluster test checks nothing");
        return;
    };
    // An empty database of its own, named like the test suite's, so that CI removes it if
    // this test is killed.
    let name = format!("panah_test_cluster_{}", uuid::Uuid::now_v7().simple());
    let mut admin = PgConnection::connect(&admin_url).await.unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let report = panah_bench::cluster::cluster(Path::new(PANAH), &format!("{base}/{name}"), 6, 10)
        .await
        .unwrap();
    println!("{report:?}");
    assert_eq!(report.acknowledged, 120);
    assert!(
        report.lanes > 1,
        "concurrent writers shared one lane: {report:?}"
    );
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {name} WITH (FORCE)"
        )))
        .await
        .unwrap();
}
