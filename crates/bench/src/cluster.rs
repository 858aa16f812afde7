//! The `cluster` harness: two `panah serve` processes on one PostgreSQL database (the way
//! to grow past one machine) create case files under concurrent load, each request with
//! its own `Idempotency-Key`. At the end one of them is killed with SIGKILL, and:
//!
//! - every acknowledged case is in the database, and nothing else;
//! - every acknowledged case has exactly one `case.create` audit entry;
//! - `panah audit verify` passes: one verifiable log, written in several lanes at once.

use std::collections::BTreeSet;
use std::time::Instant;

use anyhow::{Context, bail, ensure};
use serde_json::Value;
use sqlx::Connection;
use tokio::task::JoinSet;
use uuid::Uuid;

use crate::cases::case_body;
use crate::server::{Server, USER_PASSWORD};

/// What a cluster run saw.
#[derive(Debug, Default)]
pub struct ClusterReport {
    /// Cases acknowledged (201), over both servers.
    pub acknowledged: usize,
    /// Creates per second over both servers.
    pub creates_per_second: f64,
    /// Lanes of the audit log that hold entries.
    pub lanes: usize,
    /// What `panah audit verify` printed.
    pub verified: String,
}

/// Creates `creates` cases at `base`, one after another, with keys from `first`.
async fn writer(
    base: String,
    token: String,
    first: usize,
    creates: usize,
) -> anyhow::Result<Vec<String>> {
    let client = reqwest::Client::new();
    let mut ids = Vec::with_capacity(creates);
    for n in first..first + creates {
        let response = client
            .post(format!("{base}/api/v1/cases"))
            .bearer_auth(&token)
            .header("Idempotency-Key", format!("cluster-{n}"))
            .json(&case_body(n))
            .send()
            .await?;
        let status = response.status();
        let body: Value = response.json().await?;
        if status != 201 {
            bail!("cluster-{n} was answered {status}: {body}");
        }
        ids.push(
            body["id"]
                .as_str()
                .context("a 201 without an id")?
                .to_owned(),
        );
    }
    Ok(ids)
}

/// Runs two servers on the empty PostgreSQL database `database_url`, `writers` concurrent
/// writers on each creating `creates` cases apiece, then checks the database and the log.
pub async fn cluster(
    binary: &std::path::Path,
    database_url: &str,
    writers: usize,
    creates: usize,
) -> anyhow::Result<ClusterReport> {
    ensure!(
        database_url.starts_with("postgres"),
        "the cluster harness needs a PostgreSQL database"
    );
    let first = Server::start(binary, Some(database_url)).await?;
    let mut second = first.start_sibling().await?;
    first.create_user("cluster.worker", "caseworker").await?;
    // Both processes share the signing key: one token serves at either.
    let token = first.login("cluster.worker", USER_PASSWORD).await?;

    let started = Instant::now();
    let mut load = JoinSet::new();
    for w in 0..2 * writers {
        let base = if w % 2 == 0 {
            first.base.clone()
        } else {
            second.base.clone()
        };
        load.spawn(writer(base, token.clone(), w * creates, creates));
    }
    let mut acknowledged = BTreeSet::new();
    while let Some(ids) = load.join_next().await {
        acknowledged.extend(ids??);
    }
    let elapsed = started.elapsed();
    ensure!(
        acknowledged.len() == 2 * writers * creates,
        "two keys were answered with the same case"
    );
    // What a crash of one of them leaves behind.
    second.kill().await?;

    let mut db = sqlx::PgConnection::connect(database_url).await?;
    let stored: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM cases")
        .fetch_all(&mut db)
        .await?;
    let stored: BTreeSet<String> = stored.iter().map(Uuid::to_string).collect();
    ensure!(
        stored == acknowledged,
        "the database holds {} cases, {} acknowledged",
        stored.len(),
        acknowledged.len()
    );
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT target_id FROM audit_log WHERE action = 'case.create' ORDER BY target_id",
    )
    .fetch_all(&mut db)
    .await?;
    let audited_once: BTreeSet<String> = audited.iter().cloned().collect();
    ensure!(
        audited.len() == audited_once.len() && audited_once == acknowledged,
        "{} case.create entries for {} acknowledged cases",
        audited.len(),
        acknowledged.len()
    );
    let lanes: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT lane) FROM audit_log")
        .fetch_one(&mut db)
        .await?;
    db.close().await?;
    let verified = first.panah(&["audit", "verify"]).await?;
    ensure!(
        verified.starts_with("audit chain intact"),
        "panah audit verify: {verified}"
    );
    first.stop().await;
    Ok(ClusterReport {
        acknowledged: acknowledged.len(),
        creates_per_second: acknowledged.len() as f64 / elapsed.as_secs_f64(),
        lanes: usize::try_from(lanes).unwrap_or_default(),
        verified: verified.trim().to_owned(),
    })
}
