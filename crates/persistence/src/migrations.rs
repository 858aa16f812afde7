//! The embedded migration histories and the check that the database matches them.

use sqlx::migrate::Migrator;

use crate::store::on_backend;
use crate::{Store, StoreError};

static SQLITE: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("../../migrations/postgres");

/// Whether the database is fit to serve requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Reachable, and exactly this binary's migrations are applied.
    Ready,
    /// Some of this binary's migrations are not applied yet: run `panah migrate`.
    MigrationsPending,
    /// The database holds migrations this binary does not know, or a known one whose
    /// contents changed: it was migrated by another version of Panah.
    MigrationsUnknown,
    /// A migration started but did not finish.
    MigrationFailed,
}

impl Store {
    /// Applies every embedded migration not yet applied. Safe to run from several processes
    /// at once: the backends lock the migration table.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        on_backend!(self, |pool| self.migrator().run(pool).await)?;
        Ok(())
    }

    /// Checks that the database answers and that its migrations are exactly this binary's.
    /// An error means the database is unreachable.
    pub async fn readiness(&self) -> Result<Readiness, StoreError> {
        on_backend!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(drop))?;
        let applied: Result<Vec<(i64, bool, Vec<u8>)>, sqlx::Error> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version",
            )
            .fetch_all(pool)
            .await
        });
        // The database answered a moment ago, so a failure here means the migration table
        // does not exist yet.
        let Ok(applied) = applied else {
            return Ok(Readiness::MigrationsPending);
        };
        if applied.iter().any(|(_, success, _)| !success) {
            return Ok(Readiness::MigrationFailed);
        }
        let migrator = self.migrator();
        let unknown = applied.iter().any(|(version, _, checksum)| {
            !migrator
                .iter()
                .any(|m| m.version == *version && *m.checksum == **checksum)
        });
        if unknown {
            return Ok(Readiness::MigrationsUnknown);
        }
        if applied.len() < migrator.iter().count() {
            return Ok(Readiness::MigrationsPending);
        }
        Ok(Readiness::Ready)
    }

    pub(crate) fn migrator(&self) -> &'static Migrator {
        match self.kind() {
            crate::BackendKind::Sqlite => &SQLITE,
            crate::BackendKind::Postgres => &POSTGRES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_carry_the_same_migration_versions_and_descriptions() {
        let sqlite: Vec<_> = SQLITE
            .iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect();
        let postgres: Vec<_> = POSTGRES
            .iter()
            .map(|m| (m.version, m.description.to_string()))
            .collect();
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres);
    }
}
