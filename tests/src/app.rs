//! The real HTTP server, in process, on a random port.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use panah_api::AppState;
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
    /// Serves the application on `db` with the server's own `serve` function.
    pub async fn spawn(db: &TestDb) -> TestApp {
        let app = panah_api::router(AppState {
            store: db.store.clone(),
            request_timeout: Duration::from_secs(30),
        });
        TestApp::serve(app).await
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
