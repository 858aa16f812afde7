//! Copies of a SQLite database taken while it serves, and its integrity check. PostgreSQL
//! has its own tools for both (`pg_dump`, continuous archiving; see the README).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;

use crate::store::Backend;
use crate::{Store, StoreError};

impl Store {
    /// The file a `sqlite:` URL names, or `None` for another URL.
    pub fn sqlite_file(url: &str) -> Option<PathBuf> {
        if !url.starts_with("sqlite:") {
            return None;
        }
        SqliteConnectOptions::from_str(url)
            .ok()
            .map(|options| options.get_filename().to_owned())
    }

    /// SQLite only: writes a consistent copy of the whole database to `path`, which must
    /// not exist, and syncs it to disk. `VACUUM INTO` reads in one transaction, so the copy
    /// is the database as of one moment, while writers go on beside it (WAL); it is
    /// SQLite's online backup reachable without unsafe code, and its output is compact.
    pub async fn copy_into(&self, path: &Path) -> Result<(), StoreError> {
        let Backend::Sqlite(pool) = &self.backend else {
            return Err(StoreError::SqliteOnly("copying the database"));
        };
        let target = path.to_str().ok_or(StoreError::SqliteOnly(
            "copying the database to a path that is not UTF-8",
        ))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(pool)
            .await?;
        // A copy that is acknowledged must survive a power cut like any commit.
        let sync = |file: &Path| std::fs::File::open(file).and_then(|f| f.sync_all());
        sync(path)
            .and_then(|()| sync(path.parent().unwrap_or(Path::new("."))))
            .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        Ok(())
    }

    /// SQLite only: the answer of `PRAGMA integrity_check`, `ok` when the file is sound.
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        let Backend::Sqlite(pool) = &self.backend else {
            return Err(StoreError::SqliteOnly("the integrity check"));
        };
        let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(pool)
            .await?;
        Ok(lines.join("; "))
    }
}
