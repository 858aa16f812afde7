//! The `panah` binary as an operator runs it: start-up, configuration errors, shutdown.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PANAH: &str = env!("CARGO_BIN_EXE_panah");

/// `panah ARGS` in `dir`, with no PANAH__ variables but `env`.
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

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    panah(dir, args, env).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A running `panah serve`, the address it printed, and the first admin's password if
/// this start created it.
struct Server {
    child: Child,
    address: String,
    initial_password: Option<String>,
}

impl Server {
    fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut child = panah(dir, &["serve", "--bind", "127.0.0.1:0"], env)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let initial_password = line
            .strip_prefix("initial admin password: ")
            .map(|password| password.trim_end().to_owned());
        if initial_password.is_some() {
            line.clear();
            stdout.read_line(&mut line).unwrap();
        }
        let address = line
            .strip_prefix("panah listening on http://")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        assert!(line.contains("(database: sqlite data/panah.db)"), "{line}");
        Server {
            child,
            address,
            initial_password,
        }
    }

    fn get(&self, path: &str) -> u16 {
        let url = format!("http://{}{path}", self.address);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async { reqwest::get(url).await.unwrap().status().as_u16() })
    }

    /// Sends `signal` and returns the exit status and everything logged.
    fn stop_with(mut self, signal: &str) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args([signal, &pid])
                .status()
                .unwrap()
                .success()
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "panah did not stop on {signal}");
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut log = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        (status, log)
    }
}

#[test]
fn help_explains_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["--help"], &[]);
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(
        help.contains("serve") && help.contains("Run the HTTP server"),
        "{help}"
    );
    assert!(
        help.contains("migrate") && help.contains("Apply the database migrations"),
        "{help}"
    );
    assert!(help.contains("--config"), "{help}");

    let output = run(dir.path(), &["serve", "--help"], &[]);
    assert!(String::from_utf8(output.stdout).unwrap().contains("--bind"));
}

#[test]
fn serve_with_no_configuration_creates_its_database_and_keys_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let password = server
        .initial_password
        .clone()
        .expect("the first start creates admin");
    assert!(password.len() >= 12, "{password}");
    assert_eq!(server.get("/readyz"), 200);
    assert!(dir.path().join("data/panah.db").exists());
    for key in ["signing", "data", "blind_index"] {
        assert!(
            dir.path().join(format!("data/keys/{key}.key")).exists(),
            "{key}"
        );
    }
    let (status, log) = server.stop_with("-TERM");
    assert!(status.success(), "exit status {status:?}; log: {log}");
    assert!(log.contains("generated new keys"), "{log}");
    assert!(log.contains("shutting down"), "{log}");
    assert!(log.contains("stopped"), "{log}");
    assert!(
        !log.contains(&password),
        "the one-time password is never logged"
    );

    // The second start reuses the keys and does not warn again.
    let server = Server::start(dir.path(), &[]);
    assert_eq!(server.initial_password, None, "admin exists already");
    let (status, log) = server.stop_with("-INT");
    assert!(status.success(), "exit status {status:?}; log: {log}");
    assert!(!log.contains("generated new keys"), "{log}");
}

#[test]
fn the_log_records_routes_but_never_paths_queries_or_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[("PANAH__LOG__FORMAT", "json")]);
    let sentinel = "Fatima-Sentinel-4417";
    assert_eq!(
        server.get(&format!("/api/v1/cases/{sentinel}?name={sentinel}")),
        404
    );
    assert_eq!(server.get(&format!("/healthz?q={sentinel}")), 200);
    let (_, log) = server.stop_with("-TERM");
    assert!(log.contains(r#""route":"/healthz""#), "{log}");
    assert!(log.contains(r#""route":"unmatched""#), "{log}");
    assert!(!log.contains(sentinel), "{log}");
}

#[test]
fn an_unknown_configuration_key_stops_start_up_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        dir.path(),
        &["serve"],
        &[("PANAH__SERVER__BINDD", "127.0.0.1:1")],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with("panah: configuration error:"),
        "{message}"
    );
    assert!(message.contains("bindd"), "{message}");
    assert!(!dir.path().join("data").exists(), "nothing was created");
}

#[test]
fn a_value_of_the_wrong_type_in_a_config_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("panah.toml");
    std::fs::write(&file, "[server]\nrequest_timeout_secs = \"soon\"\n").unwrap();
    let output = run(
        dir.path(),
        &["--config", file.to_str().unwrap(), "migrate"],
        &[],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("server.request_timeout_secs"), "{message}");
}

#[test]
fn a_short_key_stops_start_up_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        dir.path(),
        &["serve"],
        &[("PANAH__KEYS__SIGNING", "c2hvcnQ=")],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("keys.signing is too short: a key must be at least 32 random bytes"),
        "{message}"
    );
    assert!(
        !message.contains("c2hvcnQ="),
        "the key itself is never printed"
    );
}

#[test]
fn an_unreachable_database_stops_start_up_naming_the_key_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        dir.path(),
        &["serve"],
        &[
            (
                "PANAH__DATABASE__URL",
                "postgres://panah:hunter2-sentinel@127.0.0.1:1/panah",
            ),
            ("PANAH__DATABASE__CONNECT_TIMEOUT_SECS", "2"),
        ],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("panah: database.url: cannot open the database"),
        "{message}"
    );
    assert!(!message.contains("hunter2-sentinel"), "{message}");
}

#[test]
fn migrate_creates_and_migrates_the_default_database() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["migrate"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("database migrated (sqlite data/panah.db)")
    );
    assert!(dir.path().join("data/panah.db").exists());
    // Running it again is harmless.
    assert!(run(dir.path(), &["migrate"], &[]).status.success());
}
