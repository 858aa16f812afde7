//! Schemathesis against the real `panah serve`: requests generated from the OpenAPI document
//! the server serves, sent as three signed-in roles over the demo data set, must never be
//! answered with a server error (5xx) nor with a response the document does not describe
//! (its status code, content type, headers or body). On SQLite, and on PostgreSQL when
//! `PANAH_TEST_POSTGRES_URL` is set.
//!
//! Schemathesis lives in the virtual environment named by `PANAH_TEST_OPENAPI_VENV`, with
//! `tests/openapi/requirements.txt` installed (`.ci/run` makes it); without the variable
//! these tests check nothing, and say so. Schemathesis writes what it likes (cases,
//! referrals, grants …): each run has a throwaway database of its own.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use sqlx::{Connection, Executor, PgConnection};

const PANAH: &str = env!("CARGO_BIN_EXE_panah");

/// The environment variable naming the virtual environment with the OpenAPI tools.
const VENV_VAR: &str = "PANAH_TEST_OPENAPI_VENV";

/// The roles the document is exercised as: one who works on case files, one who acts on
/// the Ministry's referrals, one who manages grants and reports.
const ROLES: [&str; 3] = ["demo.caseworker1", "demo.liaison", "demo.programme"];

/// Examples per operation and phase, and a time budget per role: enough to reach every
/// operation with valid and invalid requests, small enough for CI.
const MAX_EXAMPLES: &str = "5";
const MAX_SECONDS: &str = "40";

/// What Schemathesis checks of every answer: no server error, and nothing the document
/// does not describe.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance";

/// `panah ARGS` in `dir`, with no PANAH__ variables from outside but `env`.
fn panah(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(PANAH);
    command.current_dir(dir).args(args);
    for (key, _) in std::env::vars() {
        if key.starts_with("PANAH") || key == "RUST_LOG" {
            command.env_remove(key);
        }
    }
    command.envs(env.iter().copied());
    command
}

/// A running `panah serve`, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    // The child is waited for when the server is dropped, on every path.
    #[allow(clippy::zombie_processes)]
    fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut child = panah(dir, &["serve", "--bind", "127.0.0.1:0"], env)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                stdout.read_line(&mut line).unwrap() > 0,
                "panah serve stopped"
            );
            if let Some(rest) = line.strip_prefix("panah listening on ") {
                let base = rest.split_whitespace().next().unwrap().to_owned();
                return Server { child, base };
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Loads the demo data set into the database of `dir` (and `env`) and returns the demo
/// users' passwords by username.
fn load_demo(dir: &Path, env: &[(&str, &str)]) -> HashMap<String, String> {
    let output = panah(dir, &["demo"], env).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .filter(|line| line.starts_with("demo."))
        .map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            (columns[0].to_owned(), columns[3].to_owned())
        })
        .collect()
}

/// An access token of `username`, signed in over the API.
fn sign_in(base: &str, username: &str, password: &str) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let response = reqwest::Client::new()
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{username} signs in");
        let answer: serde_json::Value = response.json().await.unwrap();
        answer["access_token"].as_str().unwrap().to_owned()
    })
}

/// The `schemathesis` command of the virtual environment, or `None` when the variable is
/// not set.
fn schemathesis() -> Option<Command> {
    let Some(venv) = std::env::var_os(VENV_VAR) else {
        eprintln!("{VENV_VAR} is not set: Schemathesis checks nothing");
        return None;
    };
    let bin = Path::new(&venv).join("bin");
    let mut path = OsString::from(&bin);
    if let Some(rest) = std::env::var_os("PATH") {
        path.push(":");
        path.push(rest);
    }
    let mut command = Command::new(bin.join("schemathesis"));
    command.env("PATH", path);
    Some(command)
}

/// Runs Schemathesis as each of [`ROLES`] against a server over the demo data set in the
/// database `env` names (SQLite in a scratch folder when it names none).
fn every_answer_matches_the_document(env: &[(&str, &str)]) {
    let Some(_) = schemathesis() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let passwords = load_demo(dir.path(), env);
    eprintln!("demo loaded in {:.0?}", started.elapsed());
    let server = Server::start(dir.path(), env);
    for role in ROLES {
        let token = sign_in(&server.base, role, &passwords[role]);
        let started = Instant::now();
        let output = schemathesis()
            .unwrap()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .arg("run")
            .arg(format!("{}/api/v1/openapi.json", server.base))
            .args(["--header", &format!("Authorization: Bearer {token}")])
            .args(["--checks", CHECKS])
            // Signing out would end the session the token belongs to, and every request
            // after it would be a 401.
            .args(["--exclude-operation-id", "logout"])
            .args(["--max-examples", MAX_EXAMPLES])
            .args(["--max-time", MAX_SECONDS])
            .args(["--seed", "7"])
            // One worker: Hypothesis's lambda descriptions are not thread-safe, and
            // Schemathesis reports their failures as errors of the run.
            .args(["--workers", "1"])
            .args(["--continue-on-failure"])
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&output.stdout);
        eprintln!("{role}: Schemathesis ran {:.0?}", started.elapsed());
        assert!(
            output.status.success(),
            "Schemathesis as {role} found problems:\n{printed}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // The summary names how many operations were tested: a run that tested none
        // proves nothing.
        eprintln!(
            "{}",
            printed
                .lines()
                .rev()
                .take(12)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn sqlite_answers_match_the_document_for_three_roles() {
    every_answer_matches_the_document(&[]);
}

#[tokio::test]
async fn postgres_answers_match_the_document_for_three_roles() {
    let Ok(admin_url) = std::env::var("PANAH_TEST_POSTGRES_URL") else {
        eprintln!("PANAH_TEST_POSTGRES_URL is not set: the PostgreSQL variant checks nothing");
        return;
    };
    // An empty database of its own, named like the test suite's, so that CI removes it if
    // this test is killed.
    let name = format!("panah_test_schemathesis_{}", uuid::Uuid::now_v7().simple());
    let mut admin = PgConnection::connect(&admin_url).await.unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    tokio::task::spawn_blocking(move || {
        every_answer_matches_the_document(&[("PANAH__DATABASE__URL", &url)]);
    })
    .await
    .unwrap();
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {name} WITH (FORCE)"
        )))
        .await
        .unwrap();
}
