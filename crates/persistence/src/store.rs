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
    /// SQLite's one writer and its group commit (see [`write_tx!`]).
    pub(crate) sqlite_writer: std::sync::Arc<SqliteWriter>,
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
            sqlite_writer: std::sync::Arc::default(),
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

/// SQLite allows one writer, and each commit waits for its fsync. Write transactions
/// therefore run one after another on one connection, each inside a savepoint of one open
/// transaction — a batch — that a committer task commits once for all of them: a group
/// commit, one fsync for many writes. Writers queue on the batch's mutex instead of
/// inside SQLite, whose busy handler waits by sleeping and polling.
///
/// The committer asks for the mutex after each write; the mutex is fair (first come,
/// first served), so every writer already queued has its turn first and joins the batch.
/// A writer is answered only once the batch that holds its write has committed. A write
/// that fails rolls back to its savepoint, undoing only itself.
#[derive(Default)]
pub(crate) struct SqliteWriter {
    batch: std::sync::Arc<tokio::sync::Mutex<Batch>>,
    /// Asks the committer task to commit; started with the first write.
    commits: std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<()>>,
}

/// The open batch.
#[derive(Default)]
pub(crate) struct Batch {
    /// The writer's own connection, opened with the pool's options at the first write. It
    /// is not the pool's so that a writer never waits for readers' connections while the
    /// others wait for it.
    connection: Option<sqlx::SqliteConnection>,
    /// Whether a transaction is open on it.
    open: bool,
    /// Whether a writer's savepoint is still open: its writer was cancelled (its request
    /// dropped) half-way, and the next holder rolls it back.
    savepoint_open: bool,
    /// Whether the batch can no longer commit (a savepoint could not be rolled back): it is
    /// rolled back whole and every writer in it told so.
    failed: bool,
    /// The writers whose savepoints were released, waiting for the commit.
    waiting: Vec<tokio::sync::oneshot::Sender<Result<(), String>>>,
}

impl Batch {
    fn connection(&mut self) -> Result<&mut sqlx::SqliteConnection, StoreError> {
        self.connection.as_mut().ok_or(StoreError::GroupCommit(
            "the writer has no connection".to_owned(),
        ))
    }

    /// Undoes the open savepoint; a batch whose savepoint cannot be undone cannot commit.
    async fn roll_back_savepoint(&mut self) {
        self.savepoint_open = false;
        let undone = match self.connection() {
            Ok(connection) => sqlx::raw_sql("ROLLBACK TO job; RELEASE job")
                .execute(connection)
                .await
                .is_ok(),
            Err(_) => false,
        };
        if !undone {
            self.failed = true;
        }
    }

    /// Commits the open batch and answers every writer in it.
    async fn commit(&mut self) {
        if self.savepoint_open {
            self.roll_back_savepoint().await;
        }
        if !self.open {
            return;
        }
        let result = match (self.failed, self.connection()) {
            (false, Ok(connection)) => sqlx::raw_sql("COMMIT")
                .execute(connection)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            (true, _) => Err("a write in the batch could not be undone".to_owned()),
            (_, Err(e)) => Err(e.to_string()),
        };
        if let Err(error) = &result {
            tracing::error!(%error, writes = self.waiting.len(), "a group commit failed");
            if let Ok(connection) = self.connection() {
                let _ = sqlx::raw_sql("ROLLBACK").execute(connection).await;
            }
        }
        self.open = false;
        self.failed = false;
        for waiting in self.waiting.drain(..) {
            let _ = waiting.send(result.clone());
        }
    }
}

/// One writer's turn on SQLite: the batch's mutex, with the writer's savepoint open.
/// Dropping it, however the writer ends, asks the committer to commit.
pub(crate) struct SqliteTurn {
    batch: tokio::sync::OwnedMutexGuard<Batch>,
    commits: tokio::sync::mpsc::UnboundedSender<()>,
}

impl Drop for SqliteTurn {
    fn drop(&mut self) {
        let _ = self.commits.send(());
    }
}

impl SqliteTurn {
    /// The connection the writer's statements run on.
    pub(crate) fn connection(&mut self) -> Result<&mut sqlx::SqliteConnection, StoreError> {
        self.batch.connection()
    }

    /// Keeps the write: releases its savepoint and hands the turn on. The answer comes
    /// when the batch has committed.
    pub(crate) async fn keep(
        mut self,
    ) -> Result<tokio::sync::oneshot::Receiver<Result<(), String>>, StoreError> {
        self.batch.savepoint_open = false;
        if let Err(error) = sqlx::raw_sql("RELEASE job")
            .execute(self.connection()?)
            .await
        {
            self.batch.failed = true;
            return Err(error.into());
        }
        let (done, committed) = tokio::sync::oneshot::channel();
        self.batch.waiting.push(done);
        Ok(committed)
    }

    /// Undoes the write (its savepoint only) and hands the turn on.
    pub(crate) async fn undo(mut self) {
        self.batch.roll_back_savepoint().await;
    }
}

impl Store {
    /// Waits for the turn to write on SQLite, opening the batch's transaction if none is
    /// open, and opens the writer's savepoint.
    pub(crate) async fn sqlite_turn(
        &self,
        pool: &sqlx::SqlitePool,
    ) -> Result<SqliteTurn, StoreError> {
        if pool.is_closed() {
            return Err(sqlx::Error::PoolClosed.into());
        }
        let writer = &self.sqlite_writer;
        let commits = writer
            .commits
            .get_or_init(|| spawn_committer(std::sync::Arc::downgrade(&writer.batch)))
            .clone();
        let mut turn = SqliteTurn {
            batch: writer.batch.clone().lock_owned().await,
            commits,
        };
        let batch = &mut *turn.batch;
        if batch.savepoint_open {
            batch.roll_back_savepoint().await;
        }
        if batch.connection.is_none() {
            let options = pool.connect_options();
            batch.connection = Some(sqlx::ConnectOptions::connect(&*options).await?);
        }
        if !batch.open {
            // Marked open before it is: a writer cancelled while `BEGIN` waits for another
            // process's lock leaves the statement to run anyway, and the next must not
            // begin twice.
            batch.open = true;
            if let Err(error) = sqlx::raw_sql("BEGIN IMMEDIATE")
                .execute(batch.connection()?)
                .await
            {
                batch.open = false;
                return Err(error.into());
            }
        }
        sqlx::raw_sql("SAVEPOINT job")
            .execute(batch.connection()?)
            .await?;
        batch.savepoint_open = true;
        Ok(turn)
    }
}

/// Starts the task that commits SQLite's batches. It holds the batch only weakly and ends
/// when the store (every clone of it) is gone.
fn spawn_committer(
    batch: std::sync::Weak<tokio::sync::Mutex<Batch>>,
) -> tokio::sync::mpsc::UnboundedSender<()> {
    let (sender, mut requests) = tokio::sync::mpsc::unbounded_channel::<()>();
    tokio::spawn(async move {
        let mut pending = Vec::new();
        while requests.recv_many(&mut pending, 1024).await > 0 {
            pending.clear();
            let Some(batch) = batch.upgrade() else { break };
            batch.lock().await.commit().await;
        }
    });
    sender
}

/// Runs `$body` in a write transaction on whichever backend the store holds, committing
/// when the body finishes and rolling back when it returns early with `?`. On SQLite the
/// body runs in a savepoint of the group commit's batch (see [`SqliteWriter`]) and the
/// caller goes on only once the batch has committed; on PostgreSQL it is a transaction of
/// its own, whose commit shares WAL flushes with concurrent ones by itself.
macro_rules! write_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        match &$store.backend {
            $crate::store::Backend::Sqlite(pool) => {
                let mut turn = $store.sqlite_turn(pool).await?;
                let outcome = async {
                    #[allow(unused_mut)]
                    let mut $tx = turn.connection()?;
                    Ok::<_, $crate::StoreError>($body)
                }
                .await;
                match outcome {
                    Ok(value) => {
                        turn.keep()
                            .await?
                            .await
                            .map_err(|_| {
                                $crate::StoreError::GroupCommit("the committer stopped".to_owned())
                            })?
                            .map_err($crate::StoreError::GroupCommit)?;
                        value
                    }
                    Err(error) => {
                        turn.undo().await;
                        return Err(error);
                    }
                }
            }
            $crate::store::Backend::Postgres(pool) => {
                let mut connection = pool.acquire().await?;
                #[allow(unused_mut)]
                let mut $tx = sqlx::Connection::begin(&mut *connection).await?;
                let value = $body;
                $tx.commit().await?;
                value
            }
        }
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
