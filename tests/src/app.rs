//! The real HTTP server, in process, on a random port.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use panah_api::auth::TokenKeys;
use panah_app::{App, AppSettings, AuthSettings};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::TestDb;

/// A running server and an HTTP client for it. Stops when dropped.
#[derive(Debug)]
pub struct TestApp {
    /// Where it listens.
    pub address: SocketAddr,
    /// A client without a cookie store or redirects, as scripts would use.
    pub client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    /// Serves the application on `db` with the server's own `serve` function and the
    /// default sign-in limits.
    pub async fn spawn(db: &TestDb) -> TestApp {
        TestApp::spawn_with(db, test_auth_settings()).await
    }

    /// Serves the application on another store, as a second server process would.
    pub async fn spawn_on(store: panah_persistence::Store) -> TestApp {
        TestApp::serve(router(store, test_auth_settings())).await
    }

    /// Serves the application on `db` with the given authentication settings.
    pub async fn spawn_with(db: &TestDb, settings: AuthSettings) -> TestApp {
        TestApp::serve(router(db.store.clone(), settings)).await
    }

    /// Serves any router the way `panah serve` does, with a 5-second grace period.
    pub async fn serve(app: Router) -> TestApp {
        TestApp::serve_with_grace(app, Duration::from_secs(5)).await
    }

    /// Serves any router the way `panah serve` does.
    pub async fn serve_with_grace(app: Router, grace: Duration) -> TestApp {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (shutdown, signal) = oneshot::channel::<()>();
        let server = tokio::spawn(panah_server::serve::serve(
            listener,
            app,
            async {
                let _ = signal.await;
            },
            grace,
        ));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestApp {
            address,
            client,
            shutdown: Some(shutdown),
            server: Some(server),
        }
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// `GET path` with a bearer token.
    pub async fn get_as(&self, token: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// `method path` with a bearer token (if any) and a JSON body (if any).
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.unwrap()
    }

    /// `POST path` with a JSON body and, if given, a bearer token.
    pub async fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        self.send(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    /// Signs in and returns the whole token response; panics unless it is 200.
    pub async fn login(&self, username: &str, password: &str) -> Value {
        let response = self
            .post_json(
                "/api/v1/auth/login",
                None,
                &serde_json::json!({ "username": username, "password": password }),
            )
            .await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "sign-in of {username} failed: {body}");
        body
    }

    /// Signs in and returns the access token.
    pub async fn token(&self, username: &str, password: &str) -> String {
        self.login(username, password).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Signals shutdown as SIGTERM would, without waiting.
    pub fn begin_shutdown(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }

    /// Signals shutdown and waits for the server to finish; returns what `serve` returned.
    pub async fn stop(mut self) -> std::io::Result<()> {
        self.begin_shutdown();
        self.server.take().unwrap().await.unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// The application on `store` with the sign-in `settings` and the default suppression
/// threshold, as `panah serve` builds it.
pub fn test_app(store: panah_persistence::Store, settings: AuthSettings) -> App {
    App::new(
        store,
        &AppSettings {
            auth: settings,
            min_cell_size: panah_domain::Threshold::DEFAULT,
        },
    )
}

/// The whole router on `store` — the API and the web pages — as `panah serve` builds it.
fn router(store: panah_persistence::Store, settings: AuthSettings) -> Router {
    let tokens = Arc::new(TokenKeys::new(TEST_SIGNING_KEY));
    panah_server::serve::router(
        test_app(store, settings),
        tokens,
        Duration::from_secs(30),
        panah_api::Metrics::Here,
    )
}

/// The signing key of test servers.
pub const TEST_SIGNING_KEY: &[u8] = b"test-signing-key-test-signing-key!!";

/// The production defaults, with a fixed key.
pub fn test_auth_settings() -> AuthSettings {
    AuthSettings {
        signing_key: TEST_SIGNING_KEY.to_vec().into(),
        hash_concurrency: 2,
        account_failure_limit: 10,
        client_failure_limit: 100,
        failure_window: Duration::from_secs(15 * 60),
        session_lifetime: Duration::from_secs(12 * 3600),
        web_idle_timeout: Duration::from_secs(30 * 60),
    }
}
