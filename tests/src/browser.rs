//! Headless Chromium driven through chromedriver, for the browser tests: the real
//! browser against the real server.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). When they
//! are missing the tests fail, unless `PANAH_SKIP_BROWSER=1` says to skip them, which
//! they then do with a printed reason.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// Where the browser and its driver are installed by Debian's packages.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// axe-core, vendored from npm for the accessibility checks only (`tests/vendor/axe-core`,
/// MPL-2.0): the server never serves it.
const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// The window's width: a laptop's.
const WIDTH: u32 = 1280;

/// A browser session and the chromedriver process behind it. Ends both when dropped.
#[derive(Debug)]
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

/// Whether the browser tests should run. `false` (after printing why) only when
/// `PANAH_SKIP_BROWSER=1` and the browser is missing; without that variable a missing
/// browser fails the test, so CI cannot pass without running them.
pub fn available() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("PANAH_SKIP_BROWSER").as_deref() == Ok("1") {
        println!("skipped: {missing:?} not installed and PANAH_SKIP_BROWSER=1");
        return false;
    }
    panic!(
        "{missing:?} not installed: `apt-get install -y chromium chromium-driver`, \
         or set PANAH_SKIP_BROWSER=1 to skip the browser tests"
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap()
}

impl Browser {
    /// Starts chromedriver on a free port and a fresh headless Chromium through it.
    pub async fn start() -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connected = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match connected {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => {
                    panic!("chromedriver did not start a browser: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Saves a screenshot of the whole page, not only what the window shows, as
    /// `name.png` in [`screenshot_dir`]: the window is made as tall as the page for it.
    pub async fn screenshot(&self, name: &str) {
        let height = self
            .client
            .execute(
                // The window's height is the page's plus what the window itself takes.
                "return document.documentElement.scrollHeight \
                 + window.outerHeight - window.innerHeight",
                vec![],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(900)
            .clamp(900, 8000);
        self.client
            .set_window_size(WIDTH, u32::try_from(height).unwrap_or(900))
            .await
            .unwrap();
        let png = self.client.screenshot().await.unwrap();
        self.client.set_window_size(WIDTH, 900).await.unwrap();
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        println!("screenshot: {}", path.display());
    }

    /// Signs in through the form of the page shown, and waits for the page that answers.
    pub async fn sign_in(&self, username: &str, password: &str) {
        let c = &self.client;
        let field = c.wait().for_element(Locator::Id("username")).await.unwrap();
        field.send_keys(username).await.unwrap();
        c.find(Locator::Id("password"))
            .await
            .unwrap()
            .send_keys(password)
            .await
            .unwrap();
        self.click_for_new_page("form.panel button[type=submit]")
            .await;
    }

    /// Clicks what `css` finds and waits for the new document that answers: the old one
    /// may have the very elements the next steps look for.
    pub async fn click_for_new_page(&self, css: &str) {
        let c = &self.client;
        let page = c.find(Locator::Css("html")).await.unwrap();
        c.find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while page.tag_name().await.is_ok() {
            assert!(Instant::now() < deadline, "no page answered {css}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        c.wait().for_element(Locator::Css("main h1")).await.unwrap();
    }

    /// The text of the first element `css` finds.
    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The computed `direction` of the page's body.
    pub async fn direction(&self) -> String {
        let value = self
            .client
            .execute("return getComputedStyle(document.body).direction", vec![])
            .await
            .unwrap();
        value.as_str().unwrap().to_owned()
    }

    /// The address of the page shown.
    pub async fn address(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    /// What axe-core finds on the page shown, every `<details>` opened first so that the
    /// forms inside are checked too. The script is handed to the page through WebDriver,
    /// which is not bound by the page's CSP, so the CSP stays as it is served.
    pub async fn accessibility_violations(&self) -> Vec<Violation> {
        let c = &self.client;
        c.execute(
            &format!(
                "{AXE}\n;document.querySelectorAll('details').forEach(d => d.open = true); \
                 return true;"
            ),
            vec![],
        )
        .await
        .unwrap();
        let found = c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] }).then(results => done(
                   results.passes.length === 0
                   ? [{ rule: 'axe ran no rule', impact: 'critical', targets: [] }]
                   : results.violations.map(v => ({
                     rule: v.id,
                     impact: v.impact || 'unknown',
                     targets: v.nodes.map(n => n.target.join(' ')),
                   }))
                 ), error => done([{ rule: `axe failed: ${error}`, impact: 'critical', targets: [] }]));",
                vec![],
            )
            .await
            .unwrap();
        let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|v| Violation {
                rule: text(&v["rule"]),
                impact: text(&v["impact"]),
                targets: v["targets"].as_array().unwrap().iter().map(text).collect(),
            })
            .collect()
    }

    /// Whether the element the Tab key moves to from the page's start shows a focus ring:
    /// an outline or a box shadow drawn by `:focus-visible`.
    pub async fn focus_is_visible(&self) -> bool {
        let c = &self.client;
        c.find(Locator::Css("body"))
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        c.execute(
            "const e = document.activeElement;
             if (!e || e === document.body || !e.matches(':focus-visible')) return false;
             const s = getComputedStyle(e);
             return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none';",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap_or(false)
    }

    /// The bytes that travelled for the page shown (the document and every resource it
    /// fetched, compressed as sent, headers included): on a second visit, what cached
    /// assets no longer cost.
    pub async fn transferred_bytes(&self) -> u64 {
        self.client
            .execute(
                "return performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource'))
                   .reduce((sum, entry) => sum + entry.transferSize, 0);",
                vec![],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap()
    }

    /// Ends the browser session (the driver ends when dropped).
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Where screenshots go: `browser-screens` in the build's target folder (the test binary
/// runs from `TARGET/debug/deps`), kept after the run so that people can look at them.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("target"));
    let dir = target.join("browser-screens");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A rule of axe-core that a page breaks, and where.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The rule's id (`color-contrast`, `label`, …).
    pub rule: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// The CSS selectors of the elements that break it.
    pub targets: Vec<String>,
}

impl Violation {
    /// Whether it is serious or critical: what the pages must never have.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.rule,
            self.impact,
            self.targets.join(", ")
        )
    }
}

/// Everything the server logs during a test, to look for personal data in it.
#[derive(Debug, Clone, Default)]
pub struct Log(Arc<Mutex<Vec<u8>>>);

impl Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    /// Captures this test process's log lines (each test is a process of its own).
    pub fn capture() -> Log {
        let log = Log::default();
        let writer = log.clone();
        tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
            .try_init()
            .unwrap();
        log
    }

    /// What was logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}
