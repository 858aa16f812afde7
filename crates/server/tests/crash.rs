//! The crash harness in its short form (`panah-bench crash` runs the long one): case files
//! are created under concurrent load while the server is killed with SIGKILL at random
//! moments; then nothing acknowledged may be missing or doubled, the SQLite file must pass
//! its integrity check and the audit chain must verify. On SQLite, and on PostgreSQL when
//! `PANAH_TEST_POSTGRES_URL` is set.
// A panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::path::Path;

use sqlx::{Connection, Executor, PgConnection};

const PANAH: &str = env!("CARGO_BIN_EXE_panah");

/// Kills per backend: enough for kills to land mid-write, few enough to stay well under
/// a minute.
const CYCLES: usize = 6;
const WRITERS: usize = 8;

async fn survives_kills(database_url: Option<&str>) {
    let report = panah_bench::crash::crash(Path::new(PANAH), database_url, CYCLES, WRITERS)
        .await
        .unwrap();
    println!("{report:?}");
    assert_eq!(report.cycles, CYCLES);
    assert!(
        report.acknowledged > WRITERS,
        "too few cases were written to prove anything: {report:?}"
    );
    assert!(report.retried_on_purpose > 0, "{report:?}");
}

#[tokio::test]
async fn sqlite_survives_kills() {
    survives_kills(None).await;
}

#[tokio::test]
async fn postgres_survives_kills() {
    let Ok(admin_url) = std::env::var("PANAH_TEST_POSTGRES_URL") else {
        eprintln!("PANAH_TEST_POSTGRES_URL is not set: the PostgreSQL variant checks nothing");
        return;
    };
    // An empty database of its own (the server migrates it and creates the first admin);
    // named like the test suite's, so that CI removes it if this test is killed.
    let name = format!("panah_test_crash_{}", uuid::Uuid::now_v7().simple());
    let mut admin = PgConnection::connect(&admin_url).await.unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    survives_kills(Some(&format!("{base}/{name}"))).await;
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {name} WITH (FORCE)"
        )))
        .await
        .unwrap();
}
