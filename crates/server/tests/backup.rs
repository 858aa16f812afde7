//! Restore drills: a backup taken under write load, restored elsewhere, holds every case
//! acknowledged before the backup began, and its audit chain verifies. SQLite through
//! `panah backup` and `panah restore`; PostgreSQL through `pg_dump` and `pg_restore` when
//! `PANAH_TEST_POSTGRES_URL` is set.
// A panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use panah_bench::crash::case_body;
use panah_bench::server::{Server, USER_PASSWORD};
use sqlx::{Connection, Executor, PgConnection, SqliteConnection};
use tokio::task::JoinSet;
use uuid::Uuid;

const PANAH: &str = env!("CARGO_BIN_EXE_panah");

/// Cases being created from three caseworkers until `stop`; `acknowledged` collects the
/// ids answered 201.
struct Load {
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<Uuid>>>,
    writers: JoinSet<()>,
}

impl Load {
    async fn start(server: &Server) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let acknowledged = Arc::new(Mutex::new(Vec::new()));
        let next = Arc::new(AtomicUsize::new(0));
        let mut writers = JoinSet::new();
        for n in 0..3 {
            let username = format!("drill.worker{n}");
            server.create_user(&username, "caseworker").await.unwrap();
            let token = server.login(&username, USER_PASSWORD).await.unwrap();
            let (stop, acknowledged, next) = (stop.clone(), acknowledged.clone(), next.clone());
            let url = server.url("/api/v1/cases");
            writers.spawn(async move {
                let client = reqwest::Client::new();
                while !stop.load(Ordering::Relaxed) {
                    let body = case_body(next.fetch_add(1, Ordering::Relaxed));
                    let response = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), 201);
                    let case: serde_json::Value = response.json().await.unwrap();
                    let id = case["id"].as_str().unwrap().parse().unwrap();
                    acknowledged.lock().unwrap().push(id);
                }
            });
        }
        Load {
            stop,
            acknowledged,
            writers,
        }
    }

    /// Waits until at least `count` cases are acknowledged; returns those acknowledged so
    /// far.
    async fn acknowledged_after(&self, count: usize) -> BTreeSet<Uuid> {
        loop {
            let acknowledged = self.acknowledged.lock().unwrap().clone();
            if acknowledged.len() >= count {
                return acknowledged.into_iter().collect();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the writers; returns how many cases they created in all.
    async fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        while let Some(done) = self.writers.join_next().await {
            done.unwrap();
        }
        self.acknowledged.lock().unwrap().len()
    }
}

/// `panah ARGS` in `dir`, with no PANAH variables but `env`.
fn panah(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(PANAH);
    command.current_dir(dir).args(args);
    for (key, _) in std::env::vars() {
        if key.starts_with("PANAH") || key == "RUST_LOG" {
            command.env_remove(key);
        }
    }
    command
        .env("PANAH__LOG__LEVEL", "warn")
        .envs(env.iter().copied());
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn a_sqlite_backup_under_load_restores_everything_acknowledged_before_it() {
    let server = Server::start(Path::new(PANAH), None).await.unwrap();
    let load = Load::start(&server).await;
    let before = load.acknowledged_after(20).await;
    let scratch = tempfile::tempdir().unwrap();
    let backup = scratch.path().join("backup");
    let backed_up = server
        .panah(&["backup", "--output", backup.to_str().unwrap()])
        .await
        .unwrap();
    // The writers went on during the backup and go on after it.
    let after = load.acknowledged_after(before.len() + 10).await;
    let written = load.stop().await;
    assert!(written >= after.len());
    assert!(backed_up.contains("database copied to"), "{backed_up}");
    assert!(backed_up.contains("WARNING"), "{backed_up}");
    let original_keys = server.dir().join("data/keys");
    for name in ["signing.key", "data.key", "blind_index.key"] {
        assert_eq!(
            std::fs::read(backup.join("keys").join(name)).unwrap(),
            std::fs::read(original_keys.join(name)).unwrap()
        );
    }
    server.stop().await;

    let elsewhere = tempfile::tempdir().unwrap();
    let restored = panah(
        elsewhere.path(),
        &["restore", "--from", backup.to_str().unwrap()],
        &[],
    );
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(
        stdout(&restored).contains("integrity check ok; audit chain intact"),
        "{}",
        stdout(&restored)
    );
    let verified = panah(elsewhere.path(), &["audit", "verify"], &[]);
    assert!(verified.status.success(), "{}", stderr(&verified));

    let file = elsewhere.path().join("data/panah.db");
    let mut db = SqliteConnection::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let ids: BTreeSet<Uuid> = sqlx::query_scalar("SELECT id FROM cases")
        .fetch_all(&mut db)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let lost: Vec<_> = before.difference(&ids).collect();
    assert!(
        lost.is_empty(),
        "acknowledged before the backup, lost: {lost:?}"
    );
    db.close().await.unwrap();

    // A second restore over the restored database is refused and changes nothing.
    let again = panah(
        elsewhere.path(),
        &["restore", "--from", backup.to_str().unwrap()],
        &[],
    );
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("restore never overwrites"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn backup_and_restore_send_postgresql_to_its_own_tools() {
    let dir = tempfile::tempdir().unwrap();
    let url = [("PANAH__DATABASE__URL", "postgres://nobody@127.0.0.1:1/none")];
    for args in [
        ["backup", "--output", "copy"],
        ["restore", "--from", "copy"],
    ] {
        let output = panah(dir.path(), &args, &url);
        assert!(!output.status.success());
        assert!(stderr(&output).contains("pg_dump"), "{}", stderr(&output));
    }
    assert!(!dir.path().join("copy").exists());
}

#[tokio::test]
async fn a_pg_dump_under_load_restores_with_an_intact_audit_chain() {
    let Ok(admin_url) = std::env::var("PANAH_TEST_POSTGRES_URL") else {
        eprintln!("PANAH_TEST_POSTGRES_URL is not set: the PostgreSQL variant checks nothing");
        return;
    };
    let mut admin = PgConnection::connect(&admin_url).await.unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let suffix = Uuid::now_v7().simple();
    let (live, copy) = (
        format!("panah_test_drill_{suffix}"),
        format!("panah_test_drill_copy_{suffix}"),
    );
    for name in [&live, &copy] {
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
    }
    let (live_url, copy_url) = (format!("{base}/{live}"), format!("{base}/{copy}"));

    let server = Server::start(Path::new(PANAH), Some(&live_url))
        .await
        .unwrap();
    let load = Load::start(&server).await;
    let before = load.acknowledged_after(20).await;
    let scratch = tempfile::tempdir().unwrap();
    let dump = scratch.path().join("panah.dump");
    let dumped = Command::new("pg_dump")
        .args([
            "--format=custom",
            "--file",
            dump.to_str().unwrap(),
            &live_url,
        ])
        .output()
        .unwrap();
    assert!(dumped.status.success(), "{}", stderr(&dumped));
    load.stop().await;
    let restored = Command::new("pg_restore")
        .args(["--no-owner", "--dbname", &copy_url, dump.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(restored.status.success(), "{}", stderr(&restored));
    // The copy with the server's keys, as a replacement server would run it.
    let verified = panah(
        server.dir(),
        &["audit", "verify"],
        &[("PANAH__DATABASE__URL", &copy_url)],
    );
    assert!(verified.status.success(), "{}", stderr(&verified));
    assert!(stdout(&verified).contains("audit chain intact"));
    server.stop().await;

    let mut db = PgConnection::connect(&copy_url).await.unwrap();
    let ids: BTreeSet<Uuid> = sqlx::query_scalar("SELECT id FROM cases")
        .fetch_all(&mut db)
        .await
        .unwrap()
        .into_iter()
        .collect();
    db.close().await.unwrap();
    let lost: Vec<_> = before.difference(&ids).collect();
    assert!(
        lost.is_empty(),
        "acknowledged before the dump, lost: {lost:?}"
    );
    for name in [&live, &copy] {
        admin
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE {name} WITH (FORCE)"
            )))
            .await
            .unwrap();
    }
}
