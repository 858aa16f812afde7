use thiserror::Error;

/// Why a store operation failed.
///
/// Messages never contain row contents: they may reach logs.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The configured URL is neither `sqlite:` nor `postgres:`.
    #[error("unsupported database URL: expected sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl,
    /// The URL has the right scheme but could not be understood.
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// The folder for a SQLite file could not be created.
    #[error("cannot create the database folder {path}: {source}")]
    CreateFolder {
        /// The folder that was to be created.
        path: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// Applying the embedded migrations failed, or the database was migrated by a newer
    /// version of Panah.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A row read from the database did not hold a valid value. This means the database
    /// was changed outside Panah.
    #[error("corrupt value in {column}")]
    Corrupt {
        /// `table.column` of the bad value.
        column: &'static str,
    },
    /// A uniqueness rule was broken, such as a username already taken. Names the rule.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The record to change does not exist.
    #[error("not found")]
    NotFound,
    /// What was asked relies on consents of the person that are not on record (checked
    /// inside the write, so a withdrawal meanwhile cannot slip through): these.
    #[error("a consent of the person is missing")]
    ConsentRequired(Vec<panah_domain::ConsentNeed>),
    /// The request's idempotency claim was answered by another request meanwhile: this
    /// one's write is rolled back rather than create a second record.
    #[error("the idempotency claim was answered by another request")]
    ClaimAnswered,
    /// The record changed since the caller read it (optimistic concurrency).
    #[error("version mismatch")]
    VersionMismatch,
    /// A sealed value did not open: it was moved from another row or column, altered, or
    /// sealed under a key this server does not have.
    #[error("cannot decrypt {column}")]
    Decrypt {
        /// `column` of the value.
        column: &'static str,
    },
    /// The keys for personal data are missing or unusable.
    #[error("keys: {0}")]
    Keys(&'static str),
    /// The group commit that held an audit entry failed (the cause is logged).
    #[error("audit write failed: {0}")]
    AuditBatch(String),
    /// SQLite: the group commit that held this write failed, so the write was undone with
    /// the rest of its batch (the cause is logged).
    #[error("group commit failed: {0}")]
    GroupCommit(String),
    /// An operation that only SQLite offers was asked of PostgreSQL, whose own tools do it
    /// (`pg_dump`, `pg_restore`, continuous archiving).
    #[error("{0} is for SQLite databases; on PostgreSQL use pg_dump and pg_restore")]
    SqliteOnly(&'static str),
    /// Any other database failure: connection lost, pool closed, timeout.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Whether the database could not be reached at all (rather than refusing the
    /// operation): the caller may retry later.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
            )
        )
    }
}
