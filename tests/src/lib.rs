//! Test support for the end-to-end suites: a fresh database per test on SQLite and, when
//! `PANAH_TEST_POSTGRES_URL` is set, on PostgreSQL; and the real server on a random port.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::Duration;

use panah_persistence::{DatabaseOptions, FieldKeys, Store};
use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;
use uuid::Uuid;

mod app;
pub mod browser;
mod http;
pub mod matrix;
mod people;
pub mod web;
pub mod xlsx;

pub use app::{TEST_SIGNING_KEY, TestApp, test_app, test_auth_settings};
pub use http::{Reply, assert_invalid, fields, get, ids, patch, post, reply, today, tomorrow};
pub use panah_app::AuthSettings;
pub use people::{PASSWORD, TestUser, person, role_home};

/// The environment variable naming a PostgreSQL server (any database on it) on which the
/// harness may create and drop databases.
pub const POSTGRES_URL_VAR: &str = "PANAH_TEST_POSTGRES_URL";

/// A fresh, migrated database for one test, removed when dropped.
#[derive(Debug)]
pub struct TestDb {
    /// The store on it.
    pub store: Store,
    url: String,
    // Kept so that the SQLite file lives as long as the test.
    _dir: Option<TempDir>,
    postgres: Option<PostgresDatabase>,
}

#[derive(Debug)]
struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl TestDb {
    /// A migrated SQLite file in a temporary folder.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("panah.db").display());
        let store = Store::connect(&options(&url))
            .await
            .unwrap()
            .with_field_keys(test_field_keys());
        store.migrate().await.unwrap();
        TestDb {
            store,
            url,
            _dir: Some(dir),
            postgres: None,
        }
    }

    /// A migrated PostgreSQL database of its own, or `None` when `PANAH_TEST_POSTGRES_URL`
    /// is not set.
    pub async fn postgres() -> Option<TestDb> {
        let Ok(admin_url) = std::env::var(POSTGRES_URL_VAR) else {
            eprintln!("{POSTGRES_URL_VAR} is not set: the PostgreSQL variant checks nothing");
            return None;
        };
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .expect("PANAH_TEST_POSTGRES_URL must name a reachable PostgreSQL server");
        let template = ensure_template(&mut admin, &admin_url).await;
        let name = format!("panah_test_{}", Uuid::now_v7().simple());
        admin
            .execute(sqlx::AssertSqlSafe(format!(
                "CREATE DATABASE {name} TEMPLATE {template}"
            )))
            .await
            .unwrap();
        admin.close().await.unwrap();
        let url = with_database(&admin_url, &name);
        let store = Store::connect(&options(&url))
            .await
            .unwrap()
            .with_field_keys(test_field_keys());
        // The template is named after the migration files on disk; the migrations that run
        // are the ones compiled in. Migrating the clone (a no-op when it is current) keeps a
        // template built by an older test binary from going unnoticed.
        store.migrate().await.unwrap();
        Some(TestDb {
            store,
            url,
            _dir: None,
            postgres: Some(PostgresDatabase { admin_url, name }),
        })
    }

    /// The URL of the database, as `database.url` would hold it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Options to open another store on the same database.
    pub fn options(&self) -> DatabaseOptions {
        options(&self.url)
    }

    /// Runs SQL on the database behind the store's back, as an intruder or a broken disk
    /// would: to alter rows, break migrations, and read raw bytes.
    pub async fn execute_raw(&self, sql: &str) {
        self.try_execute_raw(sql).await.unwrap();
    }

    /// Like [`TestDb::execute_raw`], returning the database's error instead of panicking.
    pub async fn try_execute_raw(&self, sql: &str) -> Result<(), String> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        let result = if self.postgres.is_some() {
            let mut conn = PgConnection::connect(&self.url).await.unwrap();
            conn.execute(sql).await.map(drop)
        } else {
            let mut conn = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            conn.execute(sql).await.map(drop)
        };
        result.map_err(|e| e.to_string())
    }

    /// The first column of what `sql` selects, as text (cast it in SQL where needed), read
    /// behind the store's back.
    pub async fn raw_strings(&self, sql: &str) -> Vec<String> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        if self.postgres.is_some() {
            let mut conn = PgConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap()
        } else {
            let mut conn = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
            sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap()
        }
    }

    /// Every byte the database keeps, to prove what is not in it: for SQLite the database
    /// file and its write-ahead log; for PostgreSQL every row of every table as text
    /// (bytea in hex).
    pub async fn raw_bytes(&self) -> Vec<u8> {
        if self.postgres.is_some() {
            let mut conn = PgConnection::connect(&self.url).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap();
            let mut bytes = Vec::new();
            for table in tables {
                let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT t::text FROM \"{table}\" t"
                )))
                .fetch_all(&mut conn)
                .await
                .unwrap();
                for row in rows {
                    bytes.extend_from_slice(row.as_bytes());
                    bytes.push(b'\n');
                }
            }
            bytes
        } else {
            let path = self.url.strip_prefix("sqlite://").unwrap().to_owned();
            let mut bytes = std::fs::read(&path).unwrap();
            if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
                bytes.extend_from_slice(&wal);
            }
            bytes
        }
    }

    /// Whether this database is PostgreSQL (for the few raw statements that differ).
    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// Takes the database away from under the server: PostgreSQL's is dropped with its
    /// connections; SQLite's pool is closed (an open SQLite file cannot be taken away).
    pub async fn make_unreachable(&self) {
        match &self.postgres {
            Some(pg) => {
                let mut admin = PgConnection::connect(&pg.admin_url).await.unwrap();
                admin
                    .execute(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        pg.name
                    )))
                    .await
                    .unwrap();
            }
            None => self.store.close().await,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(pg) = self.postgres.take() else {
            return;
        };
        // Drop runs outside async code; a short-lived runtime on its own thread removes
        // the database so the server is not littered with test databases.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&pg.admin_url).await?;
                admin
                    .execute(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        pg.name
                    )))
                    .await
                    .map(drop)
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop a test database: {dropped:?}");
        }
    }
}

/// The data key (version 1) of test stores.
pub const TEST_DATA_KEY: &[u8] = b"test-data-key-test-data-key-test-data!";
/// The blind-index key of test stores.
pub const TEST_BLIND_INDEX_KEY: &[u8] = b"test-blind-index-key-test-blind-index!";

/// The keys of test stores.
pub fn test_field_keys() -> FieldKeys {
    FieldKeys::new(&[(1, TEST_DATA_KEY)], TEST_BLIND_INDEX_KEY).unwrap()
}

fn options(url: &str) -> DatabaseOptions {
    DatabaseOptions {
        url: url.into(),
        max_connections: 5,
        connect_timeout: Duration::from_secs(10),
        busy_timeout: Duration::from_secs(10),
    }
}

/// The same URL with another database name.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let server = match base
        .strip_prefix("postgres://")
        .or(base.strip_prefix("postgresql://"))
    {
        Some(rest) => match rest.split_once('/') {
            Some((server, _)) => server,
            None => rest,
        },
        None => panic!("{POSTGRES_URL_VAR} must start with postgres://"),
    };
    format!("postgres://{server}/{database}{query}")
}

/// Creates, once per migration history, a migrated template database that each test's
/// database is cloned from: cloning is much faster than migrating every time.
async fn ensure_template(admin: &mut PgConnection, admin_url: &str) -> String {
    let template = format!("panah_template_{:016x}", migrations_fingerprint());
    // Test processes run in parallel; one builds the template while the others wait.
    admin
        .execute("SELECT pg_advisory_lock(7261746)")
        .await
        .unwrap();
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(&template)
        .fetch_optional(&mut *admin)
        .await
        .unwrap();
    if exists.is_none() {
        // Built under another name and renamed, so that a half-built template left by a
        // crash is never used.
        let building = format!("{template}_building");
        for sql in [
            format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
            format!("CREATE DATABASE {building}"),
        ] {
            admin.execute(sqlx::AssertSqlSafe(sql)).await.unwrap();
        }
        let store = Store::connect(&options(&with_database(admin_url, &building)))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        store.close().await;
        admin
            .execute(sqlx::AssertSqlSafe(format!(
                "ALTER DATABASE {building} RENAME TO {template}"
            )))
            .await
            .unwrap();
    }
    admin
        .execute("SELECT pg_advisory_unlock(7261746)")
        .await
        .unwrap();
    template
}

fn migrations_fingerprint() -> u64 {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres");
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in files {
        file.file_name().hash(&mut hasher);
        std::fs::read(&file).unwrap().hash(&mut hasher);
    }
    hasher.finish()
}

/// Defines each test twice, as `name::sqlite` and `name::postgres`, with a fresh
/// [`TestDb`] bound to the given name. The PostgreSQL variant passes without checking
/// anything when `PANAH_TEST_POSTGRES_URL` is not set (CI sets it).
#[macro_export]
macro_rules! on_both_backends {
    ($(
        $(#[$meta:meta])*
        async fn $name:ident($db:ident: TestDb) $body:block
    )*) => {$(
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let $db = $crate::TestDb::sqlite().await;
                $body
            }

            #[tokio::test]
            async fn postgres() {
                let Some($db) = $crate::TestDb::postgres().await else {
                    return;
                };
                $body
            }
        }
    )*};
}
