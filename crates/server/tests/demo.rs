//! `panah demo` as an operator runs it: on an empty database, again on the loaded one, on
//! a database with data of its own; and the loaded data as the API serves it.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

const PANAH: &str = env!("CARGO_BIN_EXE_panah");

/// `panah ARGS` in `dir`, with no PANAH__ variables.
fn panah(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(PANAH);
    command.current_dir(dir).args(args);
    for (key, _) in std::env::vars() {
        if key.starts_with("PANAH") || key == "RUST_LOG" {
            command.env_remove(key);
        }
    }
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    panah(dir, args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The demo users printed by `panah demo`: username → (role, organisation, password).
fn printed_users(stdout: &str) -> HashMap<String, (String, String, String)> {
    stdout
        .lines()
        .filter(|line| line.starts_with("demo."))
        .map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(columns.len(), 4, "{line}");
            (
                columns[0].to_owned(),
                (
                    columns[1].to_owned(),
                    columns[2].to_owned(),
                    columns[3].to_owned(),
                ),
            )
        })
        .collect()
}

/// The rows of an SQL query on the demo's SQLite database, one string per row with the
/// columns separated by `|`.
fn sql(dir: &Path, query: &str) -> Vec<String> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys\nfor row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):\n    print('|'.join(str(v) for v in row))",
        ])
        .arg(dir.join("data/panah.db"))
        .arg(query)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout).lines().map(str::to_owned).collect()
}

/// A running `panah serve` and the address it printed.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    // The child is waited for when the server is dropped, on every path.
    #[allow(clippy::zombie_processes)]
    fn start(dir: &Path) -> Server {
        let mut child = panah(dir, &["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            stdout.read_line(&mut line).unwrap();
            if let Some(rest) = line.strip_prefix("panah listening on http://") {
                let address = rest.split_whitespace().next().unwrap().to_owned();
                return Server { child, address };
            }
            assert!(
                line.starts_with("initial admin password: "),
                "unexpected line: {line:?}"
            );
        }
    }

    fn stop(mut self) {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    /// A test that fails half-way must not leave its server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A signed-in API client.
struct Client {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    fn sign_in(server: &Server, username: &str, password: &str) -> Client {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let http = reqwest::Client::new();
        let base = format!("http://{}", server.address);
        let answer: Value = runtime.block_on(async {
            let response = http
                .post(format!("{base}/api/v1/auth/login"))
                .json(&serde_json::json!({"username": username, "password": password}))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{username} signs in");
            response.json().await.unwrap()
        });
        assert_eq!(answer["password_change_required"], false);
        Client {
            token: answer["access_token"].as_str().unwrap().to_owned(),
            runtime,
            http,
            base,
        }
    }

    fn get(&self, path: &str) -> Value {
        self.runtime.block_on(async {
            let response = self
                .http
                .get(format!("{}{path}", self.base))
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "GET {path}");
            response.json().await.unwrap()
        })
    }

    /// Every item of a paged list.
    fn all(&self, path: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let separator = if path.contains('?') { '&' } else { '?' };
            let page = self.get(&match &cursor {
                Some(cursor) => format!("{path}{separator}limit=200&cursor={cursor}"),
                None => format!("{path}{separator}limit=200"),
            });
            items.extend(page["items"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return items,
            }
        }
    }
}

fn statuses(items: &[Value]) -> BTreeSet<String> {
    items
        .iter()
        .map(|item| item["status"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn demo_loads_a_year_of_work_once_and_the_api_serves_it() {
    let dir = tempfile::tempdir().unwrap();
    // The first start creates the first admin, which the demo accepts.
    let server = Server::start(dir.path());
    server.stop();

    let output = run(dir.path(), &["demo"]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("demo data set loaded in"), "{stdout}");
    assert!(
        stderr.contains("cases 300/300"),
        "progress goes to standard error: {stderr}"
    );
    let users = printed_users(&stdout);
    let expected = [
        ("demo.caseworker1", "caseworker", "IOM-AF"),
        ("demo.caseworker2", "caseworker", "IOM-AF"),
        ("demo.casemanager", "case_manager", "IOM-AF"),
        ("demo.programme", "programme_manager", "IOM-AF"),
        ("demo.admin", "admin", "IOM-AF"),
        ("demo.auditor", "auditor", "IOM-AF"),
        ("demo.liaison", "ministry_liaison", "MOI"),
        ("demo.herat", "provincial_officer", "MOI-HER"),
        ("demo.kabul", "provincial_officer", "MOI-KAB"),
        ("demo.justice", "partner_focal_point", "MOJ"),
    ];
    assert_eq!(users.len(), expected.len(), "{stdout}");
    for (username, role, organization) in expected {
        let (printed_role, printed_organization, password) = &users[username];
        assert_eq!(
            (printed_role.as_str(), printed_organization.as_str()),
            (role, organization)
        );
        assert!(password.chars().count() >= 12, "{username}: {password}");
        assert!(
            !stderr.contains(password.as_str()),
            "passwords never reach the log"
        );
    }
    let distinct: BTreeSet<_> = users.values().map(|(_, _, p)| p).collect();
    assert_eq!(distinct.len(), users.len(), "every password is its own");

    // The database holds what the demo promises.
    let count = |query: &str| sql(dir.path(), query)[0].parse::<u64>().unwrap();
    assert!(count("SELECT COUNT(*) FROM cases") >= 300);
    assert!(count("SELECT COUNT(DISTINCT province) FROM cases") >= 10);
    assert!(count("SELECT COUNT(*) FROM cases WHERE age_group = '9-17'") >= 30);
    assert_eq!(count("SELECT COUNT(DISTINCT status) FROM referrals"), 7);
    assert_eq!(count("SELECT COUNT(DISTINCT status) FROM returns"), 11);
    assert_eq!(
        count("SELECT COUNT(DISTINCT direction) FROM returns"),
        2,
        "returns go both ways"
    );
    assert!(
        count(
            "SELECT COUNT(*) FROM referrals \
             WHERE subject_category IS NOT NULL AND case_id IS NOT NULL"
        ) > 0,
        "some ministries' referrals were accepted and opened a case"
    );
    assert!(
        count(
            "SELECT COUNT(*) FROM referrals WHERE status IN ('sent', 'acknowledged') \
             AND due_date < date('now')"
        ) > 0,
        "some referrals are overdue"
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT assistance_type) FROM assistance"),
        15
    );
    assert!(count("SELECT COUNT(*) FROM monitoring_visits") > 0);
    assert_eq!(
        sql(
            dir.path(),
            "SELECT o.code || ' ' || g.currency FROM grants g \
             JOIN organizations o ON o.id = g.donor_organization_id ORDER BY o.code"
        ),
        ["DONOR-IT EUR", "DONOR-US USD"]
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM assistance a JOIN budget_lines l ON l.id = a.budget_line_id \
             JOIN grants g ON g.id = l.grant_id WHERE a.cost_currency <> g.currency"
        ),
        0,
        "every charge is in its grant's currency"
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT stage) FROM legal_proceedings"),
        7,
        "proceedings in every stage"
    );
    assert!(count("SELECT COUNT(*) FROM legal_proceedings WHERE referral_id IS NOT NULL") > 0);
    assert_eq!(
        count("SELECT COUNT(*) FROM trainings"),
        12,
        "a training a month"
    );
    assert_eq!(count("SELECT COUNT(*) FROM awareness_activities"), 24);
    assert_eq!(
        count(
            "SELECT COUNT(DISTINCT l.grant_id) FROM budget_lines l WHERE l.id IN \
             (SELECT budget_line_id FROM trainings UNION SELECT budget_line_id FROM awareness_activities)"
        ),
        2,
        "trainings and awareness are charged to both grants"
    );
    for table in ["trainings", "awareness_activities"] {
        assert_eq!(
            count(&format!(
                "SELECT COUNT(*) FROM {table} a JOIN budget_lines l ON l.id = a.budget_line_id \
                 JOIN grants g ON g.id = l.grant_id WHERE a.cost_currency <> g.currency"
            )),
            0,
            "every charge of {table} is in its grant's currency"
        );
    }
    assert_eq!(
        count("SELECT COUNT(*) FROM audit_log WHERE at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"),
        0,
        "nothing is dated in the future"
    );
    let verify = run(dir.path(), &["audit", "verify"]);
    assert!(verify.status.success(), "{}", text(&verify.stderr));

    // Again on the loaded database: nothing changes, and it says so.
    let again = run(dir.path(), &["demo"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    let said = text(&again.stdout);
    assert!(said.contains("already loaded"), "{said}");
    assert!(printed_users(&said).is_empty(), "passwords are shown once");
    assert!(count("SELECT COUNT(*) FROM cases") >= 300);
    assert_eq!(
        count("SELECT COUNT(*) FROM users WHERE username LIKE 'demo.%'"),
        10
    );

    // The case manager signs in with the printed password and browses the demo.
    let server = Server::start(dir.path());
    let password = &users["demo.casemanager"].2;
    let manager = Client::sign_in(&server, "demo.casemanager", password);
    let cases = manager.all("/api/v1/cases");
    assert!(cases.len() >= 300, "{} cases", cases.len());
    let referrals = manager.all("/api/v1/referrals");
    assert!(
        statuses(&referrals).len() >= 6,
        "{:?}",
        statuses(&referrals)
    );
    let returns = manager.all("/api/v1/returns");
    assert_eq!(statuses(&returns).len(), 11, "{:?}", statuses(&returns));
    let id = cases[0]["id"].as_str().unwrap();
    let case = manager.get(&format!("/api/v1/cases/{id}"));
    assert!(case["person"]["given_name"].is_string(), "{case}");

    // A provincial officer sees their office's referrals, and the programme manager the
    // grants.
    let herat = Client::sign_in(&server, "demo.herat", &users["demo.herat"].2);
    assert!(!herat.all("/api/v1/referrals").is_empty());
    let programme = Client::sign_in(&server, "demo.programme", &users["demo.programme"].2);
    assert_eq!(programme.all("/api/v1/grants").len(), 2);
    server.stop();
}

/// `panah user create` with `password` on standard input.
fn create_user(dir: &Path, username: &str, organization: &str, role: &str) {
    use std::io::Write;
    let mut create = panah(
        dir,
        &[
            "user",
            "create",
            "--username",
            username,
            "--organization",
            organization,
            "--role",
            role,
            "--password-stdin",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(b"a fine long passphrase\n")
        .unwrap();
    let output = create.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn demo_refuses_a_database_with_users_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    create_user(dir.path(), "karim.w", "IOM-AF", "caseworker");

    let output = run(dir.path(), &["demo"]);
    assert_eq!(output.status.code(), Some(1));
    let message = text(&output.stderr);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with("panah: the database holds data that is not the demo's")
            && message.contains("karim.w"),
        "{message}"
    );
    assert!(output.stdout.is_empty(), "nothing loaded, nothing shown");
    assert!(
        !dir.path().join("data/keys").exists(),
        "a refused database is left as it was"
    );
    assert_eq!(sql(dir.path(), "SELECT username FROM users"), ["karim.w"]);
    assert_eq!(sql(dir.path(), "SELECT COUNT(*) FROM cases"), ["0"]);
}

#[test]
fn demo_refuses_a_database_where_an_earlier_run_stopped_part_way() {
    let dir = tempfile::tempdir().unwrap();
    // What an interrupted run leaves: demo users, without the mark of a complete load.
    create_user(dir.path(), "demo.admin", "IOM-AF", "admin");

    let output = run(dir.path(), &["demo"]);
    assert_eq!(output.status.code(), Some(1));
    let message = text(&output.stderr);
    assert!(
        message.starts_with("panah: the demo data set is only partly loaded"),
        "{message}"
    );
}

#[test]
fn demo_help_states_when_it_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["demo", "--help"]);
    assert!(output.status.success());
    let help = text(&output.stdout);
    assert!(help.contains("Refuses (exit 1)"), "{help}");
    assert!(help.contains("already loaded"), "{help}");
    assert!(help.contains("--seed"), "{help}");
}
