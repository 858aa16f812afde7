//! The `crash` harness: case files are created under concurrent load, each with an
//! `Idempotency-Key`, while the server is killed with SIGKILL at random moments and
//! started again. Every request without an answer is sent again with the same key until
//! it gets one, as a client that honours the API's retry contract would. At the end:
//!
//! - every acknowledged case (a 201 was received) is there and reads back as written;
//! - no key produced two cases: every answer for a key names the same case, and the
//!   database holds exactly one case per key;
//! - SQLite's `PRAGMA integrity_check` answers `ok`;
//! - `panah audit verify` passes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use rand::RngExt;
use serde_json::{Value, json};
use sqlx::Connection;
use tokio::task::JoinSet;
use uuid::Uuid;

use crate::server::{Server, USER_PASSWORD};

/// How long the server runs under load between two kills, at most.
const MAX_UPTIME: Duration = Duration::from_millis(1500);

/// Seconds after which a claimed key whose request died is taken over by a retry: the
/// server's request timeout, shortened so that retries after a kill do not wait 30 s.
const REQUEST_TIMEOUT_SECS: &str = "2";

/// What a crash run saw.
#[derive(Debug, Default)]
pub struct CrashReport {
    /// Kills survived.
    pub cycles: usize,
    /// Cases acknowledged (each key's request answered 201 at least once).
    pub acknowledged: usize,
    /// Requests sent again after a kill, with the same key.
    pub retried_after_kill: usize,
    /// Answered requests sent again on purpose, with the same key.
    pub retried_on_purpose: usize,
    /// Answers by HTTP status, and `0` for requests that got no answer.
    pub statuses: BTreeMap<u16, usize>,
}

/// The shared state of the writers.
#[derive(Debug, Default)]
struct Ledger {
    /// The case each key's answers named, by key number.
    acknowledged: Mutex<BTreeMap<usize, String>>,
    /// Keys whose answers named two different cases.
    duplicates: Mutex<Vec<(usize, String, String)>>,
    statuses: Mutex<BTreeMap<u16, usize>>,
    retried_after_kill: AtomicUsize,
    retried_on_purpose: AtomicUsize,
    next: AtomicUsize,
    /// Set when no new key is to be started; keys in flight are still answered.
    stop: AtomicBool,
}

impl Ledger {
    fn count(&self, status: u16) {
        if let Ok(mut statuses) = self.statuses.lock() {
            *statuses.entry(status).or_default() += 1;
        }
    }

    fn acknowledge(&self, n: usize, id: String) {
        let Ok(mut acknowledged) = self.acknowledged.lock() else {
            return;
        };
        match acknowledged.get(&n) {
            Some(first) if *first != id => {
                if let Ok(mut duplicates) = self.duplicates.lock() {
                    duplicates.push((n, first.clone(), id));
                }
            }
            Some(_) => {}
            None => {
                acknowledged.insert(n, id);
            }
        }
    }
}

/// The case sent with key number `n`: its family name names the key, to check what
/// reads back.
pub fn case_body(n: usize) -> Value {
    json!({
        "category": "presumed_victim",
        "province": "AF-HER",
        "identified_on": "2026-11-01",
        "person": {
            "given_name": "Crash",
            "family_name": format!("Key{n}"),
            "sex": if n.is_multiple_of(2) { "female" } else { "male" },
            "estimated_age": 20 + n % 40,
            "citizenship": "AF",
        },
        "trafficking": { "exploitation_types": ["forced_labour"] }
    })
}

/// What one attempt at a create got.
enum Attempt {
    Created(String),
    /// No answer, or an answer that says to try again (a key still claimed by a request
    /// that died with the server, 503).
    Again,
}

async fn attempt(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    n: usize,
    ledger: &Ledger,
) -> anyhow::Result<Attempt> {
    let sent = client
        .post(format!("{base}/api/v1/cases"))
        .bearer_auth(token)
        .header("Idempotency-Key", format!("crash-{n}"))
        .json(&case_body(n))
        .timeout(Duration::from_secs(10))
        .send()
        .await;
    let Ok(response) = sent else {
        ledger.count(0);
        return Ok(Attempt::Again);
    };
    let status = response.status().as_u16();
    let Ok(body) = response.json::<Value>().await else {
        // The answer was cut off by the kill: as if none had come.
        ledger.count(0);
        return Ok(Attempt::Again);
    };
    ledger.count(status);
    match status {
        201 => Ok(Attempt::Created(
            body["id"]
                .as_str()
                .context("a 201 without an id")?
                .to_owned(),
        )),
        409 | 503 => Ok(Attempt::Again),
        _ => bail!("key crash-{n} was answered {status}: {body}"),
    }
}

/// Creates cases until told to stop, retrying each key until it is answered.
async fn writer(base: String, token: String, ledger: Arc<Ledger>) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    while !ledger.stop.load(Ordering::Relaxed) {
        let n = ledger.next.fetch_add(1, Ordering::Relaxed);
        let mut tries = 0;
        let id = loop {
            match attempt(&client, &base, &token, n, &ledger).await? {
                Attempt::Created(id) => break id,
                Attempt::Again => {
                    tries += 1;
                    ledger.retried_after_kill.fetch_add(1, Ordering::Relaxed);
                    ensure!(tries < 600, "key crash-{n} was never answered");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        };
        ledger.acknowledge(n, id);
        // One answered request in five is sent again, as a client that lost the answer
        // would: it must name the same case.
        if n.is_multiple_of(5) {
            ledger.retried_on_purpose.fetch_add(1, Ordering::Relaxed);
            if let Attempt::Created(again) = attempt(&client, &base, &token, n, &ledger).await? {
                ledger.acknowledge(n, again);
            }
        }
    }
    Ok(())
}

/// Runs `cycles` kill-and-restart cycles under `connections` concurrent writers, then
/// checks what the database holds. `binary` is the `panah` to run; `database_url` an
/// empty database, or none for a fresh SQLite file.
pub async fn crash(
    binary: &std::path::Path,
    database_url: Option<&str>,
    cycles: usize,
    connections: usize,
) -> anyhow::Result<CrashReport> {
    // One address for every start, so that clients find the server again after a kill.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut server = Server::start_with(
        binary,
        database_url,
        &format!("127.0.0.1:{port}"),
        &[("PANAH__SERVER__REQUEST_TIMEOUT_SECS", REQUEST_TIMEOUT_SECS)],
    )
    .await?;
    let mut tokens = Vec::new();
    for n in 0..connections {
        let username = format!("crash.worker{n}");
        server.create_user(&username, "caseworker").await?;
        tokens.push(server.login(&username, USER_PASSWORD).await?);
    }
    server.create_user("crash.manager", "case_manager").await?;
    let manager = server.login("crash.manager", USER_PASSWORD).await?;

    let ledger = Arc::new(Ledger::default());
    let mut writers = JoinSet::new();
    for token in tokens {
        writers.spawn(writer(server.base.clone(), token, ledger.clone()));
    }
    for _ in 0..cycles {
        let uptime = rand::rng().random_range(Duration::from_millis(200)..MAX_UPTIME);
        tokio::time::sleep(uptime).await;
        if let Some(failed) = writers.try_join_next() {
            failed??;
            bail!("a writer stopped early");
        }
        server.kill().await?;
        server.restart().await?;
    }
    ledger.stop.store(true, Ordering::Relaxed);
    let drained = Instant::now();
    while let Some(done) = writers.join_next().await {
        done??;
    }
    let duplicates = ledger
        .duplicates
        .lock()
        .map(|d| d.clone())
        .unwrap_or_default();
    ensure!(
        duplicates.is_empty(),
        "keys answered with two different cases: {duplicates:?}"
    );
    let acknowledged = ledger
        .acknowledged
        .lock()
        .map(|a| a.clone())
        .unwrap_or_default();
    println!(
        "{cycles} kills survived; {} cases acknowledged; writers drained in {:.1}s",
        acknowledged.len(),
        drained.elapsed().as_secs_f64()
    );

    check_readable(&server, &manager, &acknowledged).await?;
    // A last kill, so that what is checked next is what a crash leaves behind.
    server.kill().await?;
    check_database(&server, &acknowledged).await?;
    let verified = server.panah(&["audit", "verify"]).await?;
    ensure!(
        verified.starts_with("audit chain intact"),
        "panah audit verify: {verified}"
    );
    println!("{}", verified.trim());

    Ok(CrashReport {
        cycles,
        acknowledged: acknowledged.len(),
        retried_after_kill: ledger.retried_after_kill.load(Ordering::Relaxed),
        retried_on_purpose: ledger.retried_on_purpose.load(Ordering::Relaxed),
        statuses: ledger
            .statuses
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default(),
    })
}

/// Every acknowledged case reads back with the family name its key sent.
async fn check_readable(
    server: &Server,
    token: &str,
    acknowledged: &BTreeMap<usize, String>,
) -> anyhow::Result<()> {
    for (n, id) in acknowledged {
        let response = server
            .client
            .get(server.url(&format!("/api/v1/cases/{id}")))
            .bearer_auth(token)
            .send()
            .await?;
        let status = response.status();
        let case: Value = response.json().await?;
        ensure!(
            status == 200,
            "acknowledged case {id} (key crash-{n}) reads {status}"
        );
        let expected = format!("Key{n}");
        ensure!(
            case["person"]["family_name"] == expected.as_str(),
            "case {id} (key crash-{n}) reads back as {}",
            case["person"]
        );
    }
    Ok(())
}

/// The database holds one case per key, exactly the acknowledged ones, and (SQLite) passes
/// its integrity check.
async fn check_database(
    server: &Server,
    acknowledged: &BTreeMap<usize, String>,
) -> anyhow::Result<()> {
    let url = server.database_url();
    let ids: BTreeSet<String> = if url.starts_with("sqlite:") {
        let mut db = sqlx::SqliteConnection::connect(&url).await?;
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut db)
            .await?;
        ensure!(integrity == "ok", "PRAGMA integrity_check: {integrity}");
        println!("PRAGMA integrity_check: ok");
        let ids: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM cases")
            .fetch_all(&mut db)
            .await?;
        ids.iter().map(Uuid::to_string).collect()
    } else {
        let mut db = sqlx::PgConnection::connect(&url).await?;
        let ids: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM cases")
            .fetch_all(&mut db)
            .await?;
        ids.iter().map(Uuid::to_string).collect()
    };
    let answered: BTreeSet<String> = acknowledged.values().cloned().collect();
    ensure!(
        answered.len() == acknowledged.len(),
        "two keys were answered with the same case"
    );
    ensure!(
        ids == answered,
        "the database holds {} cases, {} acknowledged; not acknowledged: {:?}; missing: {:?}",
        ids.len(),
        answered.len(),
        ids.difference(&answered).collect::<Vec<_>>(),
        answered.difference(&ids).collect::<Vec<_>>()
    );
    Ok(())
}
