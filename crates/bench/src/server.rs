//! The server under test: the real binary, in a scratch folder, on a free port.

use std::path::{Path, PathBuf};
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
#[derive(Debug)]
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client for set-up requests.
    pub client: reqwest::Client,
    /// The admin's access token.
    pub admin_token: String,
    binary: PathBuf,
    bind: String,
    env: Vec<(String, String)>,
    database_url: Option<String>,
    dir: tempfile::TempDir,
}

impl Server {
    /// Starts the binary with its defaults in a scratch folder and signs the first admin
    /// in, changing the one-time password.
    pub async fn start(binary: &Path, database_url: Option<&str>) -> anyhow::Result<Server> {
        Server::start_with(binary, database_url, "127.0.0.1:0", &[]).await
    }

    /// Starts the binary listening on `bind`, with the settings `env` (such as
    /// `PANAH__SERVER__REQUEST_TIMEOUT_SECS`) on top of its defaults, in a scratch folder,
    /// and signs the first admin in, changing the one-time password.
    pub async fn start_with(
        binary: &Path,
        database_url: Option<&str>,
        bind: &str,
        env: &[(&str, &str)],
    ) -> anyhow::Result<Server> {
        let binary = std::fs::canonicalize(binary).with_context(|| {
            format!(
                "{} not found: run cargo build --release first",
                binary.display()
            )
        })?;
        let dir = tempfile::tempdir()?;
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        let (child, base, one_time) = spawn(&binary, dir.path(), bind, database_url, &env).await?;
        let one_time = one_time.context("the database is not empty: no first admin was created")?;
        let client = reqwest::Client::new();
        let mut server = Server {
            child,
            base,
            client,
            admin_token: String::new(),
            binary,
            bind: bind.to_owned(),
            env,
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

    /// Kills the server with SIGKILL, as a power cut would, and waits until it is gone.
    pub async fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill().await?;
        Ok(())
    }

    /// Starts the binary again on the same folder, database and address, after
    /// [`Server::kill`]; waits until it listens.
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        let (child, base, _) = spawn(
            &self.binary,
            self.dir.path(),
            &self.bind,
            self.database_url.as_deref(),
            &self.env,
        )
        .await?;
        self.child = child;
        self.base = base;
        Ok(())
    }

    /// Runs `panah ARGS` as an operator would on the server's machine: in its folder, on
    /// its database and keys. Returns its standard output, or an error with its standard
    /// error if it failed.
    pub async fn panah(&self, args: &[&str]) -> anyhow::Result<String> {
        let mut command = Command::new(&self.binary);
        command
            .current_dir(self.dir.path())
            .args(args)
            .env("PANAH__LOG__LEVEL", "warn")
            .envs(self.env.iter().map(|(name, value)| (name, value)));
        if let Some(url) = &self.database_url {
            command.env("PANAH__DATABASE__URL", url);
        }
        let output = command.output().await?;
        if !output.status.success() {
            bail!(
                "panah {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// The server's scratch folder (its working directory).
    pub fn dir(&self) -> &Path {
        self.dir.path()
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
        self.create_user_at(username, role, "IOM-AF").await
    }

    /// Creates a user with `role` at the organisation with code `organization`.
    pub async fn create_user_at(
        &self,
        username: &str,
        role: &str,
        organization: &str,
    ) -> anyhow::Result<()> {
        let organizations: Value = self
            .client
            .get(self.url("/api/v1/organizations?limit=200"))
            .bearer_auth(&self.admin_token)
            .send()
            .await?
            .json()
            .await?;
        let organization_id = organizations["items"]
            .as_array()
            .and_then(|items| items.iter().find(|o| o["code"] == organization))
            .with_context(|| format!("{organization} is missing"))?["id"]
            .clone();
        let response = self
            .client
            .post(self.url("/api/v1/users"))
            .bearer_auth(&self.admin_token)
            .json(&json!({
                "username": username, "display_name": username, "organization_id": organization_id,
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

/// A second `panah serve` beside a [`Server`]: the same folder (so the same key files),
/// the same database, its own port. Killed when dropped.
#[derive(Debug)]
pub struct Sibling {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Sibling {
    /// Kills it with SIGKILL and waits until it is gone.
    pub async fn kill(&mut self) -> anyhow::Result<()> {
        self.child.kill().await?;
        Ok(())
    }
}

impl Server {
    /// Starts another server process on this one's database and key files, as a second
    /// machine of a cluster would run.
    pub async fn start_sibling(&self) -> anyhow::Result<Sibling> {
        let (child, base, _) = spawn(
            &self.binary,
            self.dir.path(),
            "127.0.0.1:0",
            self.database_url.as_deref(),
            &self.env,
        )
        .await?;
        Ok(Sibling { child, base })
    }
}

/// Spawns `panah serve` in `dir` and reads its standard output until it listens; returns
/// the process, its base URL and the first admin's one-time password if it printed one.
async fn spawn(
    binary: &Path,
    dir: &Path,
    bind: &str,
    database_url: Option<&str>,
    env: &[(String, String)],
) -> anyhow::Result<(Child, String, Option<String>)> {
    let mut command = Command::new(binary);
    command
        .current_dir(dir)
        .args(["serve", "--bind", bind])
        .env("PANAH__LOG__LEVEL", "warn")
        .envs(env.iter().map(|(name, value)| (name, value)))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    if let Some(url) = database_url {
        command.env("PANAH__DATABASE__URL", url);
    }
    let mut child = command.spawn()?;
    let mut lines = BufReader::new(child.stdout.take().context("no stdout")?).lines();
    let mut one_time = None;
    loop {
        let Some(line) = lines.next_line().await? else {
            bail!("the server exited before listening");
        };
        if let Some(password) = line.strip_prefix("initial admin password: ") {
            one_time = Some(password.to_owned());
        } else if let Some(rest) = line.strip_prefix("panah listening on ") {
            let base = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned();
            return Ok((child, base, one_time));
        }
    }
}
