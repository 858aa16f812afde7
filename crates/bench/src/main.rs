//! `panah-bench`: load benchmarks that start the real `panah` binary in a scratch folder
//! and measure it over HTTP from this process, as a client would.
//!
//! `panah-bench auth` measures `GET /api/v1/me` at 32 concurrent connections, first on an
//! idle server, then while 50 clients sign in continuously, and reports latency
//! percentiles, failures and the server's peak memory (VmHWM).
//!
//! `panah-bench cases` seeds case files with assistance over the API (reporting creates
//! per second), then measures get-by-id, list and search.
//!
//! `panah-bench report` bulk-loads cases with assistance, returns and referrals, 5,000
//! trainings and 20,000 awareness activities, and a second grant of the same donor, then
//! times the funding report of one grant-year as JSON and as XLSX, the donor's report over
//! both grants, and the printed report (`panah report funding --format pdf`).
//!
//! `panah-bench baseline` seeds cases over the API, then measures get-by-id, list and
//! create on Panah and on a bare server running the same SQL on the same tables without
//! token, policy, encryption or audit, alternating, and prints Panah/baseline ratios.
//!
//! `panah-bench lists` bulk-loads cases and referrals, then measures the case and
//! referral lists with their filters, as the planner sees them right after a bulk load.
//!
//! `panah-bench crash` creates case files with idempotency keys under concurrent load
//! while killing the server with SIGKILL at random moments, then checks that every
//! acknowledged case is there once, the SQLite file's integrity and the audit chain.
//!
//! `panah-bench cluster --database-url postgres://...` runs two servers on one empty
//! PostgreSQL database under concurrent creates, then checks that every acknowledged case
//! has its one audit entry and that the audit log verifies.
//!
//! Run it against a release build: `cargo build --release` then
//! `cargo run --release -p panah-bench -- auth`. Add `--database-url postgres://...` to
//! measure on PostgreSQL (the database must be empty).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use panah_bench::{baseline, cases, cluster, crash, lists, load, report, server};

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};

/// Load benchmarks for Panah.
#[derive(Debug, Parser)]
#[command(name = "panah-bench")]
struct Cli {
    /// The `panah` binary to benchmark.
    #[arg(long, default_value = "target/release/panah", global = true)]
    server: PathBuf,
    /// Database URL for the server (default: a fresh SQLite file in a scratch folder).
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// `GET /api/v1/me` latency, idle and during a sign-in storm.
    Auth {
        /// Concurrent connections reading `/api/v1/me`.
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// Clients signing in continuously during the storm.
        #[arg(long, default_value_t = 50)]
        login_clients: usize,
        /// Seconds each phase lasts.
        #[arg(long, default_value_t = 15)]
        seconds: u64,
    },
    /// Seed case files with assistance, then get-by-id, list and search latency.
    Cases {
        /// Cases to seed (each with one assistance record).
        #[arg(long, default_value_t = 100_000)]
        cases: usize,
        /// Concurrent connections.
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// Seconds each measured phase lasts.
        #[arg(long, default_value_t = 15)]
        seconds: u64,
    },
    /// Funding report of one grant-year (and of its donor's two grants, and in print) over
    /// a bulk-loaded database.
    Report {
        /// Cases to load (each with five assistance records).
        #[arg(long, default_value_t = 100_000)]
        cases: usize,
        /// Requests timed per format.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Panah against a bare server doing the same SQL without security: ratios.
    Baseline {
        /// Cases to seed over the API (each with one assistance record).
        #[arg(long, default_value_t = 10_000)]
        cases: usize,
        /// Concurrent connections.
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// Seconds each side of each round lasts.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// Rounds per operation (the ratio printed is their median).
        #[arg(long, default_value_t = 3)]
        rounds: usize,
    },
    /// Case and referral lists (with filters) right after a bulk load.
    Lists {
        /// Cases to load (with referrals for one in five).
        #[arg(long, default_value_t = 100_000)]
        cases: usize,
        /// Concurrent connections.
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// Seconds each measured phase lasts.
        #[arg(long, default_value_t = 15)]
        seconds: u64,
        /// Skip the ANALYZE after the load: measure with whatever statistics the planner
        /// has (none yet, on a fresh database).
        #[arg(long)]
        no_analyze: bool,
    },
    /// Kill the server with SIGKILL at random moments under write load, then check that
    /// nothing acknowledged was lost or duplicated and that the audit chain verifies.
    Crash {
        /// Kill-and-restart cycles.
        #[arg(long, default_value_t = 50)]
        cycles: usize,
        /// Concurrent writers, each a caseworker creating cases.
        #[arg(long, default_value_t = 16)]
        connections: usize,
    },
    /// Two servers on one PostgreSQL database under concurrent creates: every
    /// acknowledged case audited once, one verifiable log.
    Cluster {
        /// Concurrent writers on each server.
        #[arg(long, default_value_t = 16)]
        connections: usize,
        /// Cases each writer creates.
        #[arg(long, default_value_t = 100)]
        creates: usize,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        match cli.command {
            Command::Auth {
                connections,
                login_clients,
                seconds,
            } => {
                let server =
                    server::Server::start(&cli.server, cli.database_url.as_deref()).await?;
                let result = load::auth(
                    &server,
                    connections,
                    login_clients,
                    Duration::from_secs(seconds),
                )
                .await;
                server.stop().await;
                result
            }
            Command::Cases {
                cases,
                connections,
                seconds,
            } => {
                let server =
                    server::Server::start(&cli.server, cli.database_url.as_deref()).await?;
                let result =
                    cases::cases(&server, cases, connections, Duration::from_secs(seconds)).await;
                server.stop().await;
                result
            }
            Command::Baseline {
                cases,
                connections,
                seconds,
                rounds,
            } => {
                let server =
                    server::Server::start(&cli.server, cli.database_url.as_deref()).await?;
                let result = baseline::baseline(
                    &server,
                    cases,
                    connections,
                    Duration::from_secs(seconds),
                    rounds,
                )
                .await;
                server.stop().await;
                result
            }
            Command::Lists {
                cases,
                connections,
                seconds,
                no_analyze,
            } => {
                let server =
                    server::Server::start(&cli.server, cli.database_url.as_deref()).await?;
                let result = lists::lists(
                    &server,
                    cases,
                    connections,
                    Duration::from_secs(seconds),
                    !no_analyze,
                )
                .await;
                server.stop().await;
                result
            }
            Command::Crash {
                cycles,
                connections,
            } => {
                let report =
                    crash::crash(&cli.server, cli.database_url.as_deref(), cycles, connections)
                        .await?;
                println!(
                    "no acknowledged case lost or duplicated: {} retries after kills, {} on purpose; answers {:?}",
                    report.retried_after_kill, report.retried_on_purpose, report.statuses
                );
                Ok(())
            }
            Command::Cluster {
                connections,
                creates,
            } => {
                let url = cli
                    .database_url
                    .as_deref()
                    .context("cluster needs --database-url postgres://...")?;
                let report = cluster::cluster(&cli.server, url, connections, creates).await?;
                println!("{report:?}");
                Ok(())
            }
            Command::Report { cases, rounds } => {
                let server =
                    server::Server::start(&cli.server, cli.database_url.as_deref()).await?;
                let result = report::report(&server, cases, rounds).await;
                server.stop().await;
                result
            }
        }
    })
}
