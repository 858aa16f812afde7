//! The server under test: the real binary, in a scratch folder, on a free port.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The admin's password after the one-time password is changed.
pub const ADMIN_PASSWORD: &str = "benchmark operator passphrase";
/// The password of every user the benchmark creates.
pub const USER_PASSWORD: &str = "benchmark user passphrase";

/// A running `panah serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client for set-up requests.
    pub client: reqwest::Client,
    /// The admin's access token.
    pub admin_token: String,
    database_url: Option<String>,
    dir: tempfile::TempDir,
}

impl Server {
    /// Starts the binary with its defaults in a scratch folder and signs the first admin
    /// in, changing the one-time password.
    pub async fn start(binary: &Path, database_url: Option<&str>) -> anyhow::Result<Server> {
        let binary = std::fs::canonicalize(binary).with_context(|| {
            format!(
                "{} not found: run cargo build --release first",
                binary.display()
            )
        })?;
        let dir = tempfile::tempdir()?;
        let mut command = Command::new(binary);
        command
            .current_dir(dir.path())
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("PANAH__LOG__LEVEL", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if let Some(url) = database_url {
            command.env("PANAH__DATABASE__URL", url);
        }
        let mut child = command.spawn()?;
        let mut lines = BufReader::new(child.stdout.take().context("no stdout")?).lines();
        let mut one_time = None;
        let base = loop {
            let Some(line) = lines.next_line().await? else {
                bail!("the server exited before listening");
            };
            if let Some(password) = line.strip_prefix("initial admin password: ") {
                one_time = Some(password.to_owned());
            } else if let Some(rest) = line.strip_prefix("panah listening on ") {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
            }
        };
        let one_time = one_time.context("the database is not empty: no first admin was created")?;
        let client = reqwest::Client::new();
        let mut server = Server {
            child,
            base,
            client,
            admin_token: String::new(),
            database_url: database_url.map(str::to_owned),
            dir,
        };
        let token = server.login("admin", &one_time).await?;
        let changed = server
            .client
            .post(server.url("/api/v1/auth/password"))
            .bearer_auth(&token)
            .json(&json!({"current_password": one_time, "new_password": ADMIN_PASSWORD}))
            .send()
            .await?;
        if changed.status() != 204 {
            bail!("could not change the admin password: {}", changed.status());
        }
        server.admin_token = token;
        Ok(server)
    }

    /// The URL of the server's database: the one given, or its default SQLite file.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}/data/panah.db", self.dir.path().display()))
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs in and returns the access token.
    pub async fn login(&self, username: &str, password: &str) -> anyhow::Result<String> {
        let response: Value = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await?
            .json()
            .await?;
        response["access_token"]
            .as_str()
            .map(str::to_owned)
            .with_context(|| format!("sign-in of {username} failed: {response}"))
    }

    /// Creates a user with `role` at IOM-AF.
    pub async fn create_user(&self, username: &str, role: &str) -> anyhow::Result<()> {
        let organizations: Value = self
            .client
            .get(self.url("/api/v1/organizations"))
            .bearer_auth(&self.admin_token)
            .send()
            .await?
            .json()
            .await?;
        let iom = organizations["items"]
            .as_array()
            .and_then(|items| items.iter().find(|o| o["code"] == "IOM-AF"))
            .context("IOM-AF is missing")?["id"]
            .clone();
        let response = self
            .client
            .post(self.url("/api/v1/users"))
            .bearer_auth(&self.admin_token)
            .json(&json!({
                "username": username, "display_name": username, "organization_id": iom,
                "roles": [role], "password": USER_PASSWORD
            }))
            .send()
            .await?;
        if response.status() != 201 {
            bail!("could not create {username}: {}", response.text().await?);
        }
        Ok(())
    }

    /// The server's peak resident memory so far, in MiB (Linux `VmHWM`).
    pub fn peak_rss_mib(&self) -> Option<f64> {
        let pid = self.child.id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let kib: f64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    }

    /// Stops the server with SIGTERM, as an operator would.
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill").arg(pid.to_string()).status().await;
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await;
    }
}
