//! Load phases and their figures.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::task::JoinSet;

use crate::server::{Server, USER_PASSWORD};

/// Latencies and statuses of one kind of request.
#[derive(Debug, Default)]
pub struct Sample {
    latencies: Vec<Duration>,
    statuses: BTreeMap<u16, u64>,
    /// Requests that got no answer at all.
    pub errors: u64,
}

impl Sample {
    /// Records one answered request.
    pub fn record(&mut self, status: u16, latency: Duration) {
        self.latencies.push(latency);
        *self.statuses.entry(status).or_default() += 1;
    }

    /// Adds another sample's requests to this one.
    pub fn merge(&mut self, other: Sample) {
        self.latencies.extend(other.latencies);
        for (status, count) in other.statuses {
            *self.statuses.entry(status).or_default() += count;
        }
        self.errors += other.errors;
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[index]
    }

    /// Answered requests per second over `elapsed`.
    pub fn rate(&self, elapsed: Duration) -> f64 {
        self.latencies.len() as f64 / elapsed.as_secs_f64()
    }

    /// The 99th percentile latency in milliseconds.
    pub fn p99_ms(&self) -> f64 {
        self.percentile(0.99).as_secs_f64() * 1000.0
    }

    /// Answers by HTTP status.
    pub fn statuses(&self) -> &BTreeMap<u16, u64> {
        &self.statuses
    }

    /// Prints rate, percentiles and status counts.
    pub fn report(&self, name: &str, elapsed: Duration) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "  {name}: {} requests, {:.0}/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, statuses {:?}, transport errors {}",
            self.latencies.len(),
            self.latencies.len() as f64 / elapsed.as_secs_f64(),
            ms(self.percentile(0.50)),
            ms(self.percentile(0.99)),
            ms(self.percentile(1.0)),
            self.statuses,
            self.errors
        );
    }
}

/// Sends `GET /api/v1/me` on its own connection until `stop` is set.
async fn read_me(base: String, token: String, stop: Arc<AtomicBool>) -> Sample {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap_or_default();
    let url = format!("{base}/api/v1/me");
    let mut sample = Sample::default();
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        match client.get(&url).bearer_auth(&token).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let _ = response.bytes().await;
                sample.latencies.push(started.elapsed());
                *sample.statuses.entry(status).or_default() += 1;
            }
            Err(_) => sample.errors += 1,
        }
    }
    sample
}

/// Signs in as `username` over and over until `stop` is set. After a 503 it pauses
/// briefly, as a client honouring the server's push-back would.
async fn sign_in_repeatedly(base: String, username: String, stop: Arc<AtomicBool>) -> Sample {
    let client = reqwest::Client::new();
    let url = format!("{base}/api/v1/auth/login");
    let body = json!({"username": username, "password": USER_PASSWORD});
    let mut sample = Sample::default();
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        match client.post(&url).json(&body).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let _ = response.bytes().await;
                sample.latencies.push(started.elapsed());
                *sample.statuses.entry(status).or_default() += 1;
                if status == 503 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            Err(_) => sample.errors += 1,
        }
    }
    sample
}

/// Runs the readers (and, if `login_clients` > 0, the sign-in storm) for `duration`.
async fn phase(
    server: &Server,
    token: &str,
    connections: usize,
    login_clients: usize,
    duration: Duration,
) -> (Sample, Sample, Duration) {
    let stop = Arc::new(AtomicBool::new(false));
    let mut readers = JoinSet::new();
    let mut storm = JoinSet::new();
    for _ in 0..connections {
        readers.spawn(read_me(server.base.clone(), token.to_owned(), stop.clone()));
    }
    for n in 0..login_clients {
        storm.spawn(sign_in_repeatedly(
            server.base.clone(),
            format!("bench.login{n}"),
            stop.clone(),
        ));
    }
    let started = Instant::now();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut me = Sample::default();
    while let Some(sample) = readers.join_next().await {
        me.merge(sample.unwrap_or_default());
    }
    let mut logins = Sample::default();
    while let Some(sample) = storm.join_next().await {
        logins.merge(sample.unwrap_or_default());
    }
    (me, logins, started.elapsed())
}

/// The `auth` benchmark.
pub async fn auth(
    server: &Server,
    connections: usize,
    login_clients: usize,
    duration: Duration,
) -> anyhow::Result<()> {
    server.create_user("bench.reader", "caseworker").await?;
    for n in 0..login_clients {
        server
            .create_user(&format!("bench.login{n}"), "caseworker")
            .await?;
    }
    let token = server.login("bench.reader", USER_PASSWORD).await?;
    println!(
        "GET /api/v1/me at {connections} connections, {}s per phase",
        duration.as_secs()
    );

    // A short warm-up so that connection set-up is not measured.
    phase(server, &token, connections, 0, Duration::from_secs(1)).await;

    let (idle, _, elapsed) = phase(server, &token, connections, 0, duration).await;
    println!("idle:");
    idle.report("GET /me", elapsed);
    println!(
        "  server peak RSS so far: {:.1} MiB",
        server.peak_rss_mib().unwrap_or(f64::NAN)
    );

    let (busy, logins, elapsed) = phase(server, &token, connections, login_clients, duration).await;
    println!("while {login_clients} clients sign in continuously:");
    busy.report("GET /me", elapsed);
    logins.report("POST /auth/login", elapsed);
    println!(
        "  server peak RSS so far: {:.1} MiB",
        server.peak_rss_mib().unwrap_or(f64::NAN)
    );

    let idle_p99 = idle.percentile(0.99).as_secs_f64();
    let busy_p99 = busy.percentile(0.99).as_secs_f64();
    let me_failures: u64 = busy
        .statuses
        .iter()
        .chain(idle.statuses.iter())
        .filter(|(status, _)| **status != 200)
        .map(|(_, count)| count)
        .sum::<u64>()
        + busy.errors
        + idle.errors;
    let login_failures: u64 = logins
        .statuses
        .iter()
        .filter(|(status, _)| ![200, 429, 503].contains(*status))
        .map(|(_, count)| count)
        .sum::<u64>()
        + logins.errors;
    println!(
        "p99 during the storm / idle p99: {:.2} (goal ≤ 2); failed /me requests: {me_failures}; \
         failed sign-ins other than 429/503: {login_failures}",
        busy_p99 / idle_p99
    );
    Ok(())
}
