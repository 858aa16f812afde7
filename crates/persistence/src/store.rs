use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

use crate::StoreError;

/// How to reach the database.
#[derive(Debug, Clone)]
pub struct DatabaseOptions {
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST:PORT/DB`. Secret: it may hold a
    /// password.
    pub url: SecretString,
    /// The most connections the pool opens.
    pub max_connections: u32,
    /// How long to wait for a connection, at start-up and under load.
    pub connect_timeout: Duration,
    /// SQLite only: how long a writer waits for another writer's lock.
    pub busy_timeout: Duration,
}

/// Which database engine a [`Store`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Sqlite => "sqlite",
            BackendKind::Postgres => "postgres",
        })
    }
}

/// The one door to the database. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Store {
    pub(crate) backend: Backend,
    /// The keys for personal data; without them, case files cannot be read or written.
    pub(crate) keys: Option<std::sync::Arc<crate::FieldKeys>>,
    /// SQLite allows one writer; writers queue here instead of inside SQLite, whose busy
    /// handler waits by sleeping and polling and so wastes most of the time under load.
    pub(crate) write_lock: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// The audit writer's queue, started on first use (see `Store::record_audit`).
    pub(crate) audit_writer:
        std::sync::Arc<std::sync::OnceLock<tokio::sync::mpsc::Sender<crate::audit::PendingAudit>>>,
}

#[derive(Clone)]
pub(crate) enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same code on whichever pool the store holds. The body is compiled once per
/// backend, so SQL that both dialects accept is written once.
macro_rules! on_backend {
    ($store:expr, |$pool:ident| $body:expr) => {
        match &$store.backend {
            $crate::store::Backend::Sqlite($pool) => $body,
            $crate::store::Backend::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_backend;

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.kind())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens a pool on the database the URL names, creating an SQLite file (and its folder)
    /// when it does not exist yet. Does not migrate: see [`Store::migrate`].
    pub async fn connect(options: &DatabaseOptions) -> Result<Store, StoreError> {
        let url = options.url.expose_secret();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite(connect_sqlite(url, options).await?)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres(connect_postgres(url, options).await?)
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        Ok(Store {
            backend,
            keys: None,
            write_lock: std::sync::Arc::new(tokio::sync::Mutex::new(())),
            audit_writer: std::sync::Arc::new(std::sync::OnceLock::new()),
        })
    }

    /// The same store, able to seal and open personal data with `keys`.
    pub fn with_field_keys(self, keys: crate::FieldKeys) -> Store {
        Store {
            keys: Some(std::sync::Arc::new(keys)),
            ..self
        }
    }

    /// The keys for personal data.
    pub(crate) fn keys(&self) -> Result<&crate::FieldKeys, StoreError> {
        self.keys.as_deref().ok_or(StoreError::Keys(
            "this store was opened without the keys for personal data",
        ))
    }

    /// The engine behind this store.
    pub fn kind(&self) -> BackendKind {
        match self.backend {
            Backend::Sqlite(_) => BackendKind::Sqlite,
            Backend::Postgres(_) => BackendKind::Postgres,
        }
    }

    /// A description of the database that is safe to print: the SQLite file's path, or the
    /// PostgreSQL host, port and database name (never the user or password).
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Sqlite(pool) => {
                format!("sqlite {}", pool.connect_options().get_filename().display())
            }
            Backend::Postgres(pool) => {
                let options = pool.connect_options();
                format!(
                    "postgres {}:{}/{}",
                    options.get_host(),
                    options.get_port(),
                    options.get_database().unwrap_or("")
                )
            }
        }
    }

    /// Refreshes the planner's statistics of every table. After a bulk load (`panah demo`,
    /// an import) the planner has none until autovacuum (PostgreSQL) or a manual `ANALYZE`
    /// (SQLite, which never gathers them by itself) catches up, and may choose plans that
    /// read whole tables.
    pub async fn analyze(&self) -> Result<(), StoreError> {
        on_backend!(self, |pool| sqlx::query("ANALYZE")
            .execute(pool)
            .await
            .map(drop))?;
        Ok(())
    }

    /// Closes every connection; later operations fail with a database error.
    pub async fn close(&self) {
        on_backend!(self, |pool| pool.close().await)
    }
}

async fn connect_sqlite(url: &str, options: &DatabaseOptions) -> Result<SqlitePool, StoreError> {
    let connect = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::InvalidUrl(e.to_string()))?
        .create_if_missing(true)
        // WAL lets readers run beside the one writer; FULL makes every commit durable
        // before it is acknowledged, which matters more here than write throughput.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(options.busy_timeout);
    create_parent_folder(connect.get_filename())?;
    let pool = SqlitePoolOptions::new()
        .max_connections(options.max_connections)
        .acquire_timeout(options.connect_timeout)
        .connect_with(connect)
        .await?;
    Ok(pool)
}

async fn connect_postgres(url: &str, options: &DatabaseOptions) -> Result<PgPool, StoreError> {
    let connect = PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::InvalidUrl(e.to_string()))?
        .application_name("panah");
    let pool = PgPoolOptions::new()
        .max_connections(options.max_connections)
        .acquire_timeout(options.connect_timeout)
        .connect_with(connect)
        .await?;
    Ok(pool)
}

fn create_parent_folder(file: &Path) -> Result<(), StoreError> {
    match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::CreateFolder {
                path: folder.display().to_string(),
                source,
            })
        }
        _ => Ok(()),
    }
}

impl Store {
    /// The statement that starts a write transaction. SQLite's `IMMEDIATE` takes the write
    /// lock at once, so a transaction that reads before it writes cannot fail to upgrade
    /// its lock half-way; PostgreSQL's row locks do that job there.
    pub(crate) fn begin_write_sql(&self) -> &'static str {
        match self.kind() {
            BackendKind::Sqlite => "BEGIN IMMEDIATE",
            BackendKind::Postgres => "BEGIN",
        }
    }

    /// On SQLite, the turn to write (held until the transaction ends); PostgreSQL's
    /// writers need none.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.kind() {
            BackendKind::Sqlite => Some(self.write_lock.lock().await),
            BackendKind::Postgres => None,
        }
    }
}

/// Runs `$body` in a write transaction on whichever backend the store holds, committing
/// when the body finishes and rolling back when it returns early with `?`.
macro_rules! write_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        $crate::store::on_backend!($store, |pool| {
            // The connection first, then the turn: a writer must not hold up the others
            // while it waits for a connection.
            let mut connection = pool.acquire().await?;
            let _turn = $store.write_turn().await;
            #[allow(unused_mut)]
            let mut $tx =
                sqlx::Connection::begin_with(&mut *connection, $store.begin_write_sql()).await?;
            let value = $body;
            $tx.commit().await?;
            value
        })
    };
}
pub(crate) use write_tx;

/// Maps a broken uniqueness rule to [`StoreError::Conflict`] with the constraint's name,
/// the same on both backends; other errors pass through.
pub(crate) fn map_conflict(error: sqlx::Error) -> StoreError {
    /// SQLite names the columns, PostgreSQL the constraint: both map to the constraint.
    const UNIQUE: &[(&str, &str)] = &[
        ("organizations.code", "organizations_code_key"),
        ("users.username", "users_username_key"),
        ("grants.code", "grants_code_key"),
    ];
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        let name = db.constraint().map(str::to_owned).or_else(|| {
            db.message()
                .strip_prefix("UNIQUE constraint failed: ")
                .map(str::to_owned)
        });
        if let Some(name) = name
            && let Some((_, constraint)) = UNIQUE
                .iter()
                .find(|(columns, constraint)| name == *columns || name == *constraint)
        {
            return StoreError::Conflict(constraint);
        }
    }
    StoreError::Database(error)
}

impl Store {
    /// The first kind of record the database holds beyond reference data and users —
    /// `cases`, `referrals`, `returns` or `grants` — or `None` when it holds none. For
    /// commands that load data only into an empty database.
    pub async fn records_held(&self) -> Result<Option<&'static str>, StoreError> {
        for (table, query) in [
            ("cases", "SELECT 1 FROM cases LIMIT 1"),
            ("referrals", "SELECT 1 FROM referrals LIMIT 1"),
            ("returns", "SELECT 1 FROM returns LIMIT 1"),
            ("grants", "SELECT 1 FROM grants LIMIT 1"),
        ] {
            let found: Option<i32> = on_backend!(self, |pool| sqlx::query_scalar(query)
                .fetch_optional(pool)
                .await)?;
            if found.is_some() {
                return Ok(Some(table));
            }
        }
        Ok(None)
    }
}
