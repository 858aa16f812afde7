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

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The status of `GET url`.
fn status_of(url: &str) -> u16 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async { reqwest::get(url).await.unwrap().status().as_u16() })
}

/// A running `panah serve`, the address it printed, and the first admin's password if
/// this start created it.
struct Server {
    child: Child,
    address: String,
    /// Where `/metrics` is served when `metrics.bind` moved it.
    metrics_address: Option<String>,
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
        // The log is read from the start: a server that logs much before it listens (at
        // debug level, every migration) would otherwise fill the pipe and wait forever.
        let mut stderr = child.stderr.take().unwrap();
        let log = std::thread::spawn(move || {
            let mut log = String::new();
            let _ = stderr.read_to_string(&mut log);
            log
        });
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
        let metrics_address = env
            .iter()
            .any(|(key, _)| *key == "PANAH__METRICS__BIND")
            .then(|| {
                line.clear();
                stdout.read_line(&mut line).unwrap();
                line.strip_prefix("panah metrics on http://")
                    .and_then(|rest| rest.trim_end().strip_suffix("/metrics"))
                    .unwrap_or_else(|| panic!("unexpected metrics line: {line:?}"))
                    .to_owned()
            });
        Server {
            child,
            address,
            metrics_address,
            initial_password,
            log: Some(log),
        }
    }

    fn get(&self, path: &str) -> u16 {
        status_of(&format!("http://{}{path}", self.address))
    }

    /// `method path` with a JSON body, as `token`'s holder: the status and the JSON answer
    /// (null when there is none).
    fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let url = format!("http://{}{path}", self.address);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut request = reqwest::Client::new().request(method.parse().unwrap(), url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let json = response.json().await.unwrap_or(serde_json::Value::Null);
            (status, json)
        })
    }

    /// Signs `username` in; their access token.
    fn sign_in(&self, username: &str, password: &str) -> String {
        let body = serde_json::json!({"username": username, "password": password});
        let (status, tokens) = self.call("POST", "/api/v1/auth/login", None, Some(body));
        assert_eq!(status, 200, "{tokens}");
        tokens["access_token"].as_str().unwrap().to_owned()
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
    // The anchors need the server's keys; verifying never makes new ones.
    let output = run(dir.path(), &["audit", "verify"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("data/keys/signing.key does not exist"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("data/keys").exists());
    let keys = dir.path().join("data/keys");
    std::fs::create_dir_all(&keys).unwrap();
    for (name, byte) in [("signing", 1u8), ("data", 2), ("blind_index", 3)] {
        let key = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [byte; 32]);
        std::fs::write(keys.join(format!("{name}.key")), key).unwrap();
    }

    let output = run(dir.path(), &["audit", "verify"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "audit chain intact: 3 entries checked, 0 anchors checked\n"
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
        message.contains("(lane 0, place 2): the 1 entries checked before it are intact"),
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

/// `panah ARGS` in `dir` with `input` on standard input.
fn run_with_input(dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = panah(dir, args, &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The operating-system account the tests run as, as the audit log names it.
fn os_user() -> String {
    panah_server::operator::os_user()
        .expect("this machine has /proc")
        .to_string()
}

#[test]
fn user_list_disable_and_reset_password_manage_accounts_at_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    for (username, role) in [("karim.w", "caseworker"), ("nadia.a", "auditor")] {
        let args = [
            "--username",
            username,
            "--organization",
            "IOM-AF",
            "--role",
            role,
            "--password-stdin",
        ];
        let output = create_user(dir.path(), &args, "a fine long passphrase");
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let listed = run(dir.path(), &["user", "list"], &[]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let table = stdout(&listed);
    let header: Vec<&str> = table.lines().next().unwrap().split("  ").collect();
    assert_eq!(header[0], "USERNAME", "{table}");
    let karim: Vec<&str> = table
        .lines()
        .find(|line| line.starts_with("karim.w "))
        .unwrap_or_else(|| panic!("{table}"))
        .split_whitespace()
        .collect();
    assert_eq!(
        karim,
        ["karim.w", "IOM-AF", "caseworker", "active", "karim.w"]
    );

    // A one-time password, printed once, in place of the old one.
    let reset = run(
        dir.path(),
        &["user", "reset-password", "--username", "Karim.W"],
        &[],
    );
    assert!(reset.status.success(), "{}", stderr(&reset));
    let printed = stdout(&reset);
    let one_time = printed
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("one-time password for karim.w: "))
        .unwrap_or_else(|| panic!("{printed}"))
        .to_owned();
    assert!(one_time.len() >= 12, "{printed}");
    assert!(printed.contains("they must change it at their next sign-in"));

    let server = Server::start(dir.path(), &[("PANAH__LOG__FORMAT", "json")]);
    let login = |password: &str| {
        let body = serde_json::json!({"username": "karim.w", "password": password});
        server.call("POST", "/api/v1/auth/login", None, Some(body))
    };
    assert_eq!(login("a fine long passphrase").0, 401);
    let (status, tokens) = login(&one_time);
    assert_eq!(status, 200);
    assert_eq!(tokens["password_change_required"], true);

    // A chosen password follows the policy and is never echoed.
    let weak = run_with_input(
        dir.path(),
        &[
            "user",
            "reset-password",
            "--username",
            "karim.w",
            "--password-stdin",
        ],
        "short\n",
    );
    assert_eq!(weak.status.code(), Some(1));
    assert!(stderr(&weak).contains("password: "), "{}", stderr(&weak));
    assert!(!stderr(&weak).contains("short\n") && !stdout(&weak).contains("short"));
    let chosen = run_with_input(
        dir.path(),
        &[
            "user",
            "reset-password",
            "--username",
            "karim.w",
            "--password-stdin",
        ],
        "a passphrase for monday\n",
    );
    assert!(chosen.status.success(), "{}", stderr(&chosen));
    assert!(!stdout(&chosen).contains("a passphrase for monday"));
    assert_eq!(login("a passphrase for monday").0, 200);

    // Disabling ends the account at once, on the running server too.
    let disabled = run(
        dir.path(),
        &["user", "disable", "--username", "karim.w"],
        &[],
    );
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    assert!(stdout(&disabled).starts_with("disabled user karim.w"));
    assert_eq!(login("a passphrase for monday").0, 401);
    let again = run(
        dir.path(),
        &["user", "disable", "--username", "karim.w"],
        &[],
    );
    assert_eq!(stdout(&again), "user karim.w is already disabled\n");
    let nobody = run(
        dir.path(),
        &["user", "disable", "--username", "no.one"],
        &[],
    );
    assert_eq!(nobody.status.code(), Some(1));
    assert_eq!(
        stderr(&nobody),
        "panah: --username: no user is called no.one\n"
    );
    let table = stdout(&run(dir.path(), &["user", "list"], &[]));
    assert!(
        table
            .lines()
            .any(|line| line.starts_with("karim.w ") && line.contains(" disabled ")),
        "{table}"
    );

    // Each change is audited as the operating-system account that made it.
    let token = server.sign_in("nadia.a", "a fine long passphrase");
    for action in ["user.password_reset", "user.update"] {
        let (_, page) = server.call(
            "GET",
            &format!("/api/v1/audit?action={action}"),
            Some(&token),
            None,
        );
        let entry = &page["items"][0];
        assert_eq!(entry["os_user"], os_user().as_str(), "{action}: {page}");
        assert_eq!(entry["actor"], serde_json::Value::Null, "{action}");
    }
    let (_, log) = server.stop_with("-TERM");
    for secret in [one_time.as_str(), "a passphrase for monday"] {
        assert!(!log.contains(secret), "a password reached the log");
    }
}

#[test]
fn report_funding_takes_the_grant_by_code_or_id_keeps_to_its_period_and_checks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    for (username, role) in [("prog", "programme_manager"), ("nadia.a", "auditor")] {
        let args = [
            "--username",
            username,
            "--organization",
            "IOM-AF",
            "--role",
            role,
            "--password-stdin",
        ];
        let output = create_user(dir.path(), &args, "a fine long passphrase");
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let server = Server::start(dir.path(), &[]);
    let token = server.sign_in("prog", "a fine long passphrase");
    let (_, organizations) = server.call("GET", "/api/v1/organizations", Some(&token), None);
    let donor = organizations["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "DONOR-US")
        .unwrap()["id"]
        .clone();
    let grant = serde_json::json!({
        "code": "US-CT-2026-01", "title": "کمک مستقیم", "donor_organization_id": donor,
        "currency": "USD", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
        "budget_lines": [{"code": "DA", "name": "Direct assistance", "amount_minor": 100000}],
    });
    let (status, grant) = server.call("POST", "/api/v1/grants", Some(&token), Some(grant));
    assert_eq!(status, 201, "{grant}");
    let id = grant["id"].as_str().unwrap().to_owned();

    // By code, the grant's period, to standard output: the report alone on stdout.
    let piped = run(
        dir.path(),
        &[
            "report",
            "funding",
            "--grant",
            "US-CT-2026-01",
            "--output",
            "-",
        ],
        &[],
    );
    assert!(piped.status.success(), "{}", stderr(&piped));
    let report: serde_json::Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert_eq!(
        report["period"],
        serde_json::json!({"from": "2026-01-01", "to": "2026-12-31"})
    );
    assert!(
        stderr(&piped).contains("written to standard output (json, "),
        "{}",
        stderr(&piped)
    );

    // By id, the format from the file's extension: CSV with a byte-order mark.
    let csv = run(
        dir.path(),
        &[
            "report",
            "funding",
            "--grant",
            &id,
            "--output",
            "funding.csv",
        ],
        &[],
    );
    assert!(csv.status.success(), "{}", stderr(&csv));
    assert!(
        stdout(&csv).starts_with(
            "funding report of US-CT-2026-01 from 2026-01-01 to 2026-12-31 written to funding.csv (csv, "
        ),
        "{}",
        stdout(&csv)
    );
    let bytes = std::fs::read(dir.path().join("funding.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}section,group,key,value,label\r\n".as_bytes()));
    assert!(
        String::from_utf8(bytes)
            .unwrap()
            .contains("report,grant,title,کمک مستقیم,")
    );

    // A printed report in Dari, its format from the file's extension.
    let pdf = run(
        dir.path(),
        &[
            "report",
            "funding",
            "--grant",
            "US-CT-2026-01",
            "--language",
            "fa-AF",
            "--output",
            "funding.pdf",
        ],
        &[],
    );
    assert!(pdf.status.success(), "{}", stderr(&pdf));
    assert!(
        stdout(&pdf).contains("written to funding.pdf (pdf, "),
        "{}",
        stdout(&pdf)
    );
    let bytes = std::fs::read(dir.path().join("funding.pdf")).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    // Refusals name the option to fix, and write nothing.
    for (args, message) in [
        (
            &["--format", "csv", "--output", "r.xlsx"][..],
            "panah: --format: is csv, but the output file r.xlsx names xlsx: make them agree\n",
        ),
        (
            &["--from", "2025-12-01", "--output", "r.json"][..],
            "panah: --from: must not be before the grant's first day, 2026-01-01\n",
        ),
        (
            &["--to", "2027-01-31", "--output", "r.json"][..],
            "panah: --to: must not be after the grant's last day, 2026-12-31\n",
        ),
        (
            &["--output", "report"][..],
            "panah: --format: is needed: the output file report does not end in .xlsx, .csv, .json or .pdf\n",
        ),
    ] {
        let output = run(
            dir.path(),
            &[&["report", "funding", "--grant", "US-CT-2026-01"], args].concat(),
            &[],
        );
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&output), message, "{args:?}");
    }
    let unknown = run(
        dir.path(),
        &["report", "funding", "--grant", "NOPE", "--output", "r.json"],
        &[],
    );
    assert!(stderr(&unknown).contains("--grant: names no grant"));
    for file in ["r.xlsx", "r.json", "report"] {
        assert!(!dir.path().join(file).exists(), "{file}");
    }

    // The exports and the verification are audited as the operating-system account.
    let verified = run(dir.path(), &["audit", "verify"], &[]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    let token = server.sign_in("nadia.a", "a fine long passphrase");
    for (action, count) in [("report.funding", 3), ("audit.verify", 1)] {
        let (_, page) = server.call(
            "GET",
            &format!("/api/v1/audit?action={action}"),
            Some(&token),
            None,
        );
        let entries = page["items"].as_array().unwrap();
        assert_eq!(entries.len(), count, "{action}: {page}");
        for entry in entries {
            assert_eq!(entry["os_user"], os_user().as_str(), "{action}");
        }
    }
    server.stop_with("-TERM");
}

#[test]
fn metrics_bind_moves_metrics_off_the_main_address() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[("PANAH__METRICS__BIND", "127.0.0.1:0")]);
    let metrics = server.metrics_address.clone().unwrap();
    assert_ne!(metrics, server.address);
    assert_eq!(server.get("/healthz"), 200);
    assert_eq!(server.get("/metrics"), 404, "not beside the API any more");
    assert_eq!(status_of(&format!("http://{metrics}/metrics")), 200);
    assert_eq!(
        status_of(&format!("http://{metrics}/api/v1/openapi.json")),
        404,
        "only metrics there"
    );
    let (status, log) = server.stop_with("-TERM");
    assert!(status.success(), "both servers stop on one signal: {log}");

    // Without the setting, metrics are served beside the API.
    let server = Server::start(dir.path(), &[]);
    assert_eq!(server.get("/metrics"), 200);
    server.stop_with("-TERM");
}

#[test]
fn keys_rotate_help_and_the_readme_say_the_same_about_stopping_the_servers() {
    let dir = tempfile::tempdir().unwrap();
    let help = stdout(&run(dir.path(), &["keys", "rotate", "--help"], &[]));
    // The README may mark names as code; the words are what must agree.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap()
            .replace('`', "");
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let help = words(&help);
    let advice = help
        .split_once("Stop every server")
        .map(|(_, rest)| rest.split_once("Usage:").map_or(rest, |(advice, _)| advice))
        .map(|rest| format!("Stop every server{}", rest.trim_end()))
        .unwrap_or_else(|| panic!("no advice on stopping servers in: {help}"));
    assert!(
        words(&readme).contains(&advice),
        "the README does not say, word for word: {advice}"
    );
}
