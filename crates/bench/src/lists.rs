//! The `lists` benchmark: the case and referral lists right after a bulk load, the moment
//! when a planner without fitting indexes (or without statistics) goes wrong.

use std::sync::Arc;
use std::time::Duration;

use crate::cases::measure;
use crate::report::bulk_load;
use crate::server::{Server, USER_PASSWORD};

/// Bulk-loads `cases` cases (with referrals from IOM-AF to MOI-HER for one in five), then
/// measures `GET /cases` as a case manager and `GET /referrals` as a MOI-HER provincial
/// officer and an IOM case manager, each with and without filters.
pub async fn lists(
    server: &Server,
    cases: usize,
    connections: usize,
    duration: Duration,
    analyze: bool,
) -> anyhow::Result<()> {
    server
        .create_user("bench.programme", "programme_manager")
        .await?;
    let programme = server.login("bench.programme", USER_PASSWORD).await?;
    bulk_load(server, &programme, cases, analyze).await?;
    server.create_user("bench.manager", "case_manager").await?;
    let manager = server.login("bench.manager", USER_PASSWORD).await?;
    server
        .create_user_at("bench.herat", "provincial_officer", "MOI-HER")
        .await?;
    let herat = server.login("bench.herat", USER_PASSWORD).await?;
    println!(
        "at {connections} connections, {}s each, 50 a page, filters taken in turn:",
        duration.as_secs()
    );
    let phases: [(&str, &str, &str, &[&str]); 3] = [
        (
            "GET /cases as a case manager",
            "/api/v1/cases?limit=50",
            &manager,
            &[
                "",
                "&status=open",
                "&province=AF-HER",
                "&category=presumed_victim",
            ],
        ),
        (
            "GET /referrals as MOI-HER",
            "/api/v1/referrals?limit=50",
            &herat,
            &[
                "",
                "&box=inbox",
                "&status=sent",
                "&box=inbox&status=accepted",
            ],
        ),
        (
            "GET /referrals as IOM",
            "/api/v1/referrals?limit=50",
            &manager,
            &["", "&box=outbox", "&status=completed", "&province=AF-KAB"],
        ),
    ];
    for (name, path, token, filters) in phases {
        let base = Arc::new(server.url(path));
        let token = Arc::new(token.to_owned());
        let filters: Arc<Vec<String>> = Arc::new(filters.iter().map(|f| (*f).to_owned()).collect());
        let (sample, elapsed) = measure(connections, duration, move |client, n| {
            let url = format!("{base}{}", filters[n % filters.len()]);
            let token = token.clone();
            async move { client.get(url).bearer_auth(token.as_str()).send().await }
        })
        .await;
        sample.report(name, elapsed);
    }
    Ok(())
}
