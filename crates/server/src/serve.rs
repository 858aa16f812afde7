//! Running the HTTP server: wiring, listening, graceful shutdown.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use panah_api::auth::TokenKeys;
use panah_api::{AppState, Metrics};
use panah_app::App;
use panah_persistence::{FieldKeys, Store};
use secrecy::{ExposeSecret, SecretSlice};
use time::OffsetDateTime;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::keys::Keys;

/// Opens the database (migrating it), then serves until SIGTERM or SIGINT.
///
/// Prints `panah listening on http://ADDR (database: ...)` to standard output once the
/// socket is bound, so that scripts and tests can wait for that line.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let keys = Keys::load(&settings.keys).context("configuration error")?;
    if !keys.generated.is_empty() {
        tracing::warn!(
            keys = ?keys.generated,
            dir = %settings.keys.dir.display(),
            "generated new keys; in production supply your own through PANAH__KEYS__* and keep them out of the data folder"
        );
    }
    let store = open_store(&settings)
        .await?
        .with_field_keys(field_keys(&keys)?);
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    reindex_search(&store).await?;
    let tokens = Arc::new(TokenKeys::new(keys.signing.expose_secret()));
    let app = App::new(store.clone(), &settings.app_settings(keys.signing));
    if let Some(password) = app.ensure_first_admin(OffsetDateTime::now_utc()).await? {
        // Standard output, never the log: the operator reads it once and changes it.
        println!("initial admin password: {password}");
        tracing::warn!(
            "created the first user, admin, with a one-time password printed on standard output"
        );
    }

    let bind = settings.server.bind;
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("server.bind: cannot listen on {bind}"))?;
    let address = listener.local_addr()?;
    let metrics_listener = match settings.metrics.bind {
        Some(bind) => Some(
            TcpListener::bind(bind)
                .await
                .with_context(|| format!("metrics.bind: cannot listen on {bind}"))?,
        ),
        None => None,
    };
    // Before the address is announced: whoever reads it may signal at once.
    let shutdown = shutdown_signal().context("cannot listen for SIGTERM and SIGINT")?;
    println!(
        "panah listening on http://{address} (database: {})",
        store.describe()
    );
    tracing::info!(%address, database = %store.describe(), "listening");
    if let Some(listener) = &metrics_listener {
        let metrics_address = listener.local_addr()?;
        println!("panah metrics on http://{metrics_address}/metrics");
        tracing::info!(%metrics_address, "metrics listening on their own address");
    }

    panah_api::spawn_metrics_upkeep(Duration::from_secs(5));
    spawn_audit_anchors(store.clone());
    let request_timeout = Duration::from_secs(settings.server.request_timeout_secs);
    let metrics = match metrics_listener {
        Some(_) => Metrics::Apart,
        None => Metrics::Here,
    };
    let router = router(app, tokens, request_timeout, metrics);
    // One signal stops both servers.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let shutdown = async move {
        shutdown.await;
        let _ = stop.send(true);
    };
    let metrics_server = metrics_listener.map(|listener| {
        let mut stopped = stopped.clone();
        tokio::spawn(
            axum::serve(listener, panah_api::metrics_router(request_timeout))
                .with_graceful_shutdown(async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                })
                .into_future(),
        )
    });
    let grace = Duration::from_secs(settings.server.shutdown_grace_secs);
    serve(listener, router, shutdown, grace).await?;
    if let Some(metrics_server) = metrics_server {
        metrics_server
            .await
            .context("the metrics server stopped abnormally")?
            .context("the metrics server failed")?;
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Both doors on one address: the API under `/api/` (with the health and metrics
/// endpoints), the web pages everywhere else. Each door is a router with its own
/// middleware; both are observed alike (request id, log line, metrics).
pub fn router(
    app: App,
    tokens: Arc<TokenKeys>,
    request_timeout: Duration,
    metrics: Metrics,
) -> Router {
    let api = panah_api::router_with(
        AppState {
            app: app.clone(),
            request_timeout,
            tokens,
        },
        metrics,
    );
    let web = panah_web::router(app, request_timeout)
        .layer(axum::middleware::from_fn(panah_api::observe));
    Router::new().fallback_service(tower::service_fn(move |request: axum::extract::Request| {
        let door = if panah_api::serves(request.uri().path()) {
            api.clone()
        } else {
            web.clone()
        };
        tower::ServiceExt::oneshot(door, request)
    }))
}

/// The application for a command of the command line: the configured database,
/// migrated, with the server's existing keys for personal data when `personal_data` (else
/// none are loaded). It never generates a key: a command that reads or checks data with a
/// new key would find nothing it can open, and would leave a key file that no server uses. The command line signs no one in, so the key its sign-in throttling
/// would use is a fresh random one, never stored.
pub async fn open_app(settings: &Settings, personal_data: bool) -> anyhow::Result<(App, Store)> {
    let mut store = open_store(settings).await?;
    if personal_data {
        let keys = Keys::open(&settings.keys).context("configuration error")?;
        store = store.with_field_keys(field_keys(&keys)?);
    }
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    let mut unused = vec![0u8; 32];
    rand::fill(&mut unused[..]);
    let app = App::new(
        store.clone(),
        &settings.app_settings(SecretSlice::from(unused)),
    );
    Ok((app, store))
}

/// Recomputes the search indexes of cases indexed under an older normalisation, in
/// batches, before serving: a search then finds old cases as it finds new ones. Nothing
/// to do on a database written by this version.
/// How often the server anchors the audit log's lanes, when something was appended.
const ANCHOR_EVERY: Duration = Duration::from_secs(60);

/// Anchors the audit log's lanes every [`ANCHOR_EVERY`]: an intruder without the keys
/// can then cut off or rewrite at most what was appended since the last anchor unnoticed.
fn spawn_audit_anchors(store: Store) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(ANCHOR_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = store.anchor_audit(OffsetDateTime::now_utc()).await {
                tracing::error!(%error, "cannot anchor the audit log");
            }
        }
    });
}

async fn reindex_search(store: &Store) -> anyhow::Result<()> {
    let mut total = 0u64;
    loop {
        let done = store
            .reindex_search_batch(500)
            .await
            .context("cannot recompute the search indexes")?;
        if done == 0 {
            break;
        }
        total += done;
    }
    if total > 0 {
        tracing::info!(cases = total, "recomputed the search indexes");
    }
    Ok(())
}

/// The keys that seal personal data: every data key version, and the blind-index key.
pub fn field_keys(keys: &Keys) -> anyhow::Result<FieldKeys> {
    let data: Vec<(u32, &[u8])> = keys
        .data
        .iter()
        .map(|(version, key)| (*version, key.expose_secret()))
        .collect();
    FieldKeys::new(&data, keys.blind_index.expose_secret())
        .context("configuration error: keys.data")
}

/// Opens the configured database; the error names the key to fix.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    Store::connect(&settings.database_options())
        .await
        .context("database.url: cannot open the database")
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting connections
/// and lets requests in flight finish, for at most `grace`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> io::Result<()> {
    let (draining_tx, draining_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: no new connections, finishing requests in flight");
        let _ = draining_tx.send(());
    });
    let mut server = std::pin::pin!(server.into_future());
    tokio::select! {
        result = &mut server => return result,
        _ = draining_rx => {}
    }
    match tokio::time::timeout(grace, server).await {
        Ok(result) => result,
        Err(_) => {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "requests still running after the grace period were cut off"
            );
            Ok(())
        }
    }
}

/// Registers for SIGTERM and SIGINT (Ctrl-C) at once, so that a signal arriving any time
/// after this call is seen, and returns a future that completes on the first of them.
pub fn shutdown_signal() -> io::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}
