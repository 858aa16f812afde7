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
    /// Reads the log as it is written: a full pipe would block the server mid-request.
    log: Option<std::thread::JoinHandle<String>>,
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
        let mut stderr = child.stderr.take().unwrap();
        let log = std::thread::spawn(move || {
            let mut log = String::new();
            let _ = stderr.read_to_string(&mut log);
            log
        });
        Server {
            child,
            address,
            initial_password,
            log: Some(log),
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
        let log = self.log.take().unwrap().join().unwrap();
        (status, log)
    }
}

impl Drop for Server {
    /// A test that fails half-way must not leave its server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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
        401
    );
    assert_eq!(server.get(&format!("/nothing/{sentinel}")), 404);
    assert_eq!(server.get(&format!("/healthz?q={sentinel}")), 200);
    let (_, log) = server.stop_with("-TERM");
    assert!(log.contains(r#""route":"/healthz""#), "{log}");
    assert!(log.contains(r#""route":"/api/v1/cases/{id}""#), "{log}");
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

/// `panah user create ...` with `password` on standard input.
fn create_user(dir: &Path, args: &[&str], password: &str) -> Output {
    use std::io::Write;
    let mut child = panah(dir, &[&["user", "create"], args].concat(), &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn user_create_makes_an_account_that_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let output = create_user(
        dir.path(),
        &[
            "--username",
            "Karim.Officer",
            "--organization",
            "MOI-HER",
            "--role",
            "provincial_officer",
            "--display-name",
            "کریم",
            "--password-stdin",
        ],
        "herat office passphrase",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("created user karim.officer ("));

    let server = Server::start(dir.path(), &[]);
    assert_eq!(
        server.initial_password, None,
        "users exist, so no first admin"
    );
    let url = format!("http://{}/api/v1/auth/login", server.address);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = runtime.block_on(async {
        reqwest::Client::new()
            .post(url)
            .json(&serde_json::json!({"username": "karim.officer", "password": "herat office passphrase"}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(status, 200);
    server.stop_with("-TERM");
}

#[test]
fn user_create_refuses_what_the_policy_refuses_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &[
                "--username",
                "ali",
                "--organization",
                "IOM-AF",
                "--role",
                "caseworker",
            ],
            "short",
            "at least 12 characters",
        ),
        (
            &[
                "--username",
                "ali",
                "--organization",
                "IOM-AF",
                "--role",
                "caseworker",
            ],
            "password1234",
            "too common",
        ),
        (
            &[
                "--username",
                "ali",
                "--organization",
                "IOM-AF",
                "--role",
                "caseworker",
            ],
            "my name is ALI okay",
            "must not contain the username",
        ),
        (
            &[
                "--username",
                "ali",
                "--organization",
                "MOI",
                "--role",
                "caseworker",
            ],
            "a fine long passphrase",
            "caseworker is not for staff of a moi_national",
        ),
        (
            &[
                "--username",
                "ali",
                "--organization",
                "NOPE",
                "--role",
                "caseworker",
            ],
            "a fine long passphrase",
            "no organisation has the code NOPE",
        ),
        (
            &[
                "--username",
                "ali",
                "--organization",
                "IOM-AF",
                "--role",
                "boss",
            ],
            "a fine long passphrase",
            "not a role",
        ),
    ];
    for (args, password, reason) in cases {
        let args = [*args, &["--password-stdin"]].concat();
        let output = create_user(dir.path(), &args, password);
        assert!(!output.status.success(), "{args:?}");
        let message = stderr(&output);
        assert!(message.contains(reason), "{args:?}: {message}");
        assert!(
            !message.contains(password),
            "the password is never echoed: {message}"
        );
    }
    // Passwords never come from the command line.
    let output = run(
        dir.path(),
        &[
            "user",
            "create",
            "--username",
            "ali",
            "--organization",
            "IOM-AF",
            "--role",
            "caseworker",
        ],
        &[],
    );
    assert!(!output.status.success());
    assert!(stderr(&output).contains("--password-stdin"));
}

#[test]
fn audit_verify_exits_1_naming_the_first_broken_entry() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..3 {
        let output = create_user(
            dir.path(),
            &[
                "--username",
                &format!("user{n}"),
                "--organization",
                "IOM-AF",
                "--role",
                "auditor",
                "--password-stdin",
            ],
            "a fine long passphrase",
        );
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let output = run(dir.path(), &["audit", "verify"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "audit chain intact: 3 entries checked\n"
    );

    // An intruder with the database file alters the second entry.
    let database = dir.path().join("data/panah.db");
    let sql = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'user.delete' WHERE seq = 2;";
    let altered = Command::new("python3")
        .args(["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()"])
        .arg(&database)
        .arg(sql)
        .status()
        .unwrap();
    assert!(altered.success());
    let output = run(dir.path(), &["audit", "verify"], &[]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("audit chain broken at entry 2 (id "),
        "{message}"
    );
    assert!(
        message.contains("the 1 entries before it are intact"),
        "{message}"
    );
}

#[test]
fn no_password_token_or_hash_reaches_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(
        dir.path(),
        &[("PANAH__LOG__FORMAT", "json"), ("RUST_LOG", "debug")],
    );
    let password = server.initial_password.clone().unwrap();
    let base = format!("http://{}", server.address);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let secrets = runtime.block_on(async {
        let client = reqwest::Client::new();
        let login = |username: &str, password: &str| {
            client
                .post(format!("{base}/api/v1/auth/login"))
                .json(&serde_json::json!({"username": username, "password": password}))
                .send()
        };
        login("admin", "Wrong-Password-Sentinel").await.unwrap();
        login("Username-Sentinel", "Other-Password-Sentinel")
            .await
            .unwrap();
        let tokens: serde_json::Value = login("admin", &password)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let access = tokens["access_token"].as_str().unwrap().to_owned();
        let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
        let new_password = "Changed-Password-Sentinel";
        client
            .post(format!("{base}/api/v1/auth/password"))
            .bearer_auth(&access)
            .json(&serde_json::json!({"current_password": password, "new_password": new_password}))
            .send()
            .await
            .unwrap();
        client
            .post(format!("{base}/api/v1/auth/refresh"))
            .json(&serde_json::json!({"refresh_token": refresh}))
            .send()
            .await
            .unwrap();
        vec![password.clone(), access, refresh, new_password.to_owned()]
    });
    let (status, log) = server.stop_with("-TERM");
    assert!(status.success());
    assert!(
        log.contains("/api/v1/auth/login"),
        "the requests were logged: {log}"
    );
    for secret in secrets.iter().map(String::as_str).chain([
        "Wrong-Password-Sentinel",
        "Username-Sentinel",
        "Other-Password-Sentinel",
        "$argon2",
    ]) {
        assert!(!log.contains(secret), "{secret} is in the log");
    }
}

#[test]
fn keys_rotate_reseals_cases_and_the_restarted_server_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let output = create_user(
        dir.path(),
        &[
            "--username",
            "karim.w",
            "--organization",
            "IOM-AF",
            "--role",
            "caseworker",
            "--password-stdin",
        ],
        "a fine long passphrase",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sign_in = |base: &str| {
        let base = base.to_owned();
        runtime.block_on(async move {
            let tokens: serde_json::Value = reqwest::Client::new()
                .post(format!("{base}/api/v1/auth/login"))
                .json(&serde_json::json!({"username": "karim.w", "password": "a fine long passphrase"}))
                .send().await.unwrap().json().await.unwrap();
            tokens["access_token"].as_str().unwrap().to_owned()
        })
    };

    let server = Server::start(dir.path(), &[("RUST_LOG", "debug")]);
    let base = format!("http://{}", server.address);
    let token = sign_in(&base);
    let location =
        runtime.block_on(async {
            let response = reqwest::Client::new()
            .post(format!("{base}/api/v1/cases"))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "category": "presumed_victim", "province": "AF-KDZ", "identified_on": "2026-05-05",
                "person": {"given_name": "Rotation-Sentinel", "sex": "male", "citizenship": "AF"}
            }))
            .send().await.unwrap();
            assert_eq!(response.status(), 201);
            response.headers()["location"].to_str().unwrap().to_owned()
        });
    let (_, log) = server.stop_with("-TERM");
    assert!(log.contains("/api/v1/cases"), "the request was logged");
    assert!(
        !log.contains("Rotation-Sentinel"),
        "no identity in the log, even at debug level"
    );

    let output = run(dir.path(), &["keys", "rotate"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        printed.contains("new data key version 2 written to data/keys/data-2.key"),
        "{printed}"
    );
    assert!(
        printed.contains("re-sealed 1 of 1 rows (100%)"),
        "{printed}"
    );
    assert!(
        printed.contains("done: all personal data is sealed under the newest key"),
        "{printed}"
    );
    assert!(dir.path().join("data/keys/data-2.key").exists());

    let server = Server::start(dir.path(), &[]);
    let base = format!("http://{}", server.address);
    let token = sign_in(&base);
    let case: serde_json::Value = runtime.block_on(async {
        reqwest::Client::new()
            .get(format!("{base}{location}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(case["person"]["given_name"], "Rotation-Sentinel");
    server.stop_with("-TERM");
}
