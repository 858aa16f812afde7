//! The `cases` benchmark: seed case files (with assistance) over the API, then measure
//! get-by-id, list and search at a number of concurrent connections.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::load::Sample;
use crate::server::{Server, USER_PASSWORD};

/// Given names in Latin and Arabic script; case `n` gets `NAMES[n % len]` plus `n` as its
/// family name, so that every search term is known and matches one case.
const NAMES: &[&str] = &[
    "Fatima",
    "Ahmad",
    "Zahra",
    "Mohammad",
    "فاطمه",
    "احمد",
    "زهرا",
    "محمد",
];

pub fn case_body(n: usize) -> Value {
    let provinces = ["AF-KAB", "AF-HER", "AF-BAL", "AF-KAN", "AF-NAN", "AF-KDZ"];
    let categories = [
        "presumed_victim",
        "victim_of_trafficking",
        "vulnerable_migrant",
    ];
    let sexes = ["female", "male"];
    json!({
        "category": categories[n % 3],
        "province": provinces[n % provinces.len()],
        "identified_on": format!("2026-{:02}-{:02}", 1 + n % 10, 1 + n % 28),
        "person": {
            "given_name": NAMES[n % NAMES.len()],
            "family_name": format!("Family{n}"),
            "sex": sexes[n % 2],
            "estimated_age": 10 + (n % 50),
            "citizenship": "AF",
            "phone": format!("+93 70 {:07}", n),
        },
        "trafficking": { "exploitation_types": ["forced_labour"] }
    })
}

/// Seeds `total` cases, each with one assistance record, from `connections` caseworkers at
/// once; returns the case ids and prints the creation rate.
pub async fn seed(
    server: &Server,
    total: usize,
    connections: usize,
) -> anyhow::Result<Vec<String>> {
    let mut tokens = Vec::new();
    for n in 0..connections {
        let username = format!("bench.worker{n}");
        server.create_user(&username, "caseworker").await?;
        tokens.push(server.login(&username, USER_PASSWORD).await?);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = JoinSet::new();
    for token in tokens {
        let next = next.clone();
        let base = server.base.clone();
        workers.spawn(async move {
            let client = reqwest::Client::new();
            let mut ids = Vec::new();
            let mut assistance_missing = false;
            let mut creates = Sample::default();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let begun = Instant::now();
                let Ok(response) = client
                    .post(format!("{base}/api/v1/cases"))
                    .bearer_auth(&token)
                    .json(&case_body(n))
                    .send()
                    .await
                else {
                    creates.errors += 1;
                    continue;
                };
                creates.record(response.status().as_u16(), begun.elapsed());
                let Ok(case) = response.json::<Value>().await else {
                    continue;
                };
                let Some(id) = case["id"].as_str().map(str::to_owned) else {
                    continue;
                };
                if !assistance_missing {
                    let status = client
                        .post(format!("{base}/api/v1/cases/{id}/assistance"))
                        .bearer_auth(&token)
                        .json(&json!({
                            "type": "shelter", "status": "delivered", "date": "2026-11-01",
                            "cost": {"amount_minor": 12000 + n as i64, "currency": "USD"}
                        }))
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0);
                    assistance_missing = status == 404 || status == 405;
                }
                ids.push(id);
            }
            (ids, creates)
        });
    }
    let mut ids = Vec::new();
    let mut creates = Sample::default();
    while let Some(done) = workers.join_next().await {
        let (mut part, sample) = done?;
        ids.append(&mut part);
        creates.merge(sample);
    }
    let elapsed = started.elapsed();
    println!(
        "seeded {} cases (with one assistance record each) in {:.1}s",
        ids.len(),
        elapsed.as_secs_f64()
    );
    creates.report("POST /cases (+ assistance)", elapsed);
    Ok(ids)
}

/// Runs `request(n)` on `connections` connections for `duration`.
pub async fn measure<F, Fut>(
    connections: usize,
    duration: Duration,
    request: F,
) -> (Sample, Duration)
where
    F: Fn(reqwest::Client, usize) -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = Result<reqwest::Response, reqwest::Error>> + Send,
{
    let stop = Arc::new(AtomicBool::new(false));
    let counter = Arc::new(AtomicUsize::new(0));
    let mut tasks = JoinSet::new();
    for _ in 0..connections {
        let stop = stop.clone();
        let counter = counter.clone();
        let request = request.clone();
        tasks.spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .unwrap_or_default();
            let mut sample = Sample::default();
            while !stop.load(Ordering::Relaxed) {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let begun = Instant::now();
                match request(client.clone(), n).await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        sample.record(status, begun.elapsed());
                    }
                    Err(_) => sample.errors += 1,
                }
            }
            sample
        });
    }
    let started = Instant::now();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Sample::default();
    while let Some(sample) = tasks.join_next().await {
        all.merge(sample.unwrap_or_default());
    }
    (all, started.elapsed())
}

/// The `cases` benchmark.
pub async fn cases(
    server: &Server,
    total: usize,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<()> {
    let ids = Arc::new(seed(server, total, connections).await?);
    server.create_user("bench.creator", "caseworker").await?;
    let creator = Arc::new(server.login("bench.creator", USER_PASSWORD).await?);
    server.create_user("bench.manager", "case_manager").await?;
    let token = Arc::new(server.login("bench.manager", USER_PASSWORD).await?);
    let base = Arc::new(server.base.clone());
    println!(
        "at {connections} connections, {}s each, as a case manager (scope: every case):",
        duration.as_secs()
    );

    let (get, elapsed) = {
        let (ids, token, base) = (ids.clone(), token.clone(), base.clone());
        measure(connections, duration, move |client, n| {
            let url = format!("{base}/api/v1/cases/{}", ids[(n * 7919) % ids.len()]);
            let token = token.clone();
            async move { client.get(url).bearer_auth(token.as_str()).send().await }
        })
        .await
    };
    get.report("GET /cases/{id} (audited read)", elapsed);

    let (list, elapsed) = {
        let (token, base) = (token.clone(), base.clone());
        measure(connections, duration, move |client, n| {
            let filters = [
                "",
                "&status=open",
                "&province=AF-HER",
                "&category=presumed_victim",
            ];
            let url = format!("{base}/api/v1/cases?limit=50{}", filters[n % filters.len()]);
            let token = token.clone();
            async move { client.get(url).bearer_auth(token.as_str()).send().await }
        })
        .await
    };
    list.report("GET /cases?limit=50 (with filters)", elapsed);

    let (search, elapsed) = {
        let (token, base) = (token.clone(), base.clone());
        measure(connections, duration, move |client, n| {
            let i = (n * 7919) % total.max(1);
            let body =
                json!({"given_name": NAMES[i % NAMES.len()], "family_name": format!("family{i}")});
            let url = format!("{base}/api/v1/cases/search");
            let token = token.clone();
            async move {
                client
                    .post(url)
                    .bearer_auth(token.as_str())
                    .json(&body)
                    .send()
                    .await
            }
        })
        .await
    };
    search.report("POST /cases/search (name + family name)", elapsed);

    let (create, elapsed) = {
        let (creator, base) = (creator.clone(), base.clone());
        measure(connections, duration, move |client, n| {
            let url = format!("{base}/api/v1/cases");
            let body = case_body(total + n);
            let creator = creator.clone();
            async move {
                client
                    .post(url)
                    .bearer_auth(creator.as_str())
                    .json(&body)
                    .send()
                    .await
            }
        })
        .await
    };
    create.report("POST /cases alone (one caseworker's token)", elapsed);
    println!(
        "  server peak RSS: {:.1} MiB",
        server.peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(())
}
