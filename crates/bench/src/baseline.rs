//! The `baseline` benchmark: what Panah's security costs. A bare HTTP server, started in
//! this process on Panah's own database, runs the same SQL on the same tables as Panah's
//! get-by-id (the case, its referrals and its returns: the case file), list and create
//! of cases — with no token, policy, encryption (names are
//! stored as given), idempotency or audit — and each operation is measured against Panah
//! and against it in turn, several rounds, so that both see the same data and the same
//! machine. Printed per operation: each side's throughput and p99 (medians of the rounds)
//! and Panah/baseline as the median of the rounds' throughput ratios.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cases::{case_body, measure, seed};
use crate::load::Sample;
use crate::server::{Server, USER_PASSWORD};

/// The columns Panah reads for one case and for a list row (`persistence/src/cases.rs`).
const CASE_COLUMNS: &str = "id, case_number, category, status, province, identified_on, \
    identified_by_organization_id, assigned_to, sex, citizenship, estimated_age, age_group, \
    trafficking, given_name, family_name, fathers_name, other_script_given_name, \
    other_script_family_name, date_of_birth, phone, address, document_number, version, \
    created_at, updated_at";
const SUMMARY_COLUMNS: &str = "id, case_number, category, status, province, identified_on, \
    assigned_to, sex, citizenship, age_group, version, created_at, updated_at";
/// The columns of a referral and of a return as Panah reads them with a case file
/// (`persistence/src/referrals/mod.rs`, `persistence/src/returns.rs`), and the reads.
const REFERRAL_COLUMNS: &str = "r.id, r.from_organization_id, r.to_organization_id, r.case_id, \
    r.status, r.purpose, r.disclosure, r.urgency, r.due_date, r.province, r.message, \
    r.subject_category, r.subject_consent_given_on, r.receiver_reference, r.subject_sex, \
    r.subject_citizenship, r.subject_age_group, r.subject_trafficking, r.created_by, \
    r.version, r.created_at, r.updated_at, c.case_number, c.category, c.sex, c.age_group, \
    c.citizenship, c.trafficking";
const CASE_REFERRALS: &str = "FROM referrals r LEFT JOIN cases c ON c.id = r.case_id \
    WHERE r.case_id = $1 ORDER BY r.id DESC LIMIT 200";
const RETURN_COLUMNS: &str = "r.id, r.case_id, r.direction, r.status, r.origin_country, \
    r.origin_province, r.destination_country, r.destination_province, \
    r.cooperating_organization_id, r.escort_required, r.travel_date, r.consent_id, r.needs, \
    r.created_by, r.version, r.created_at, r.updated_at";
const CASE_RETURNS: &str = "FROM returns r JOIN cases c ON c.id = r.case_id \
    WHERE r.case_id = $1 ORDER BY r.id DESC LIMIT 200";

/// The bare server's database, on either backend.
#[derive(Clone)]
enum Db {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        })
    }
}

/// Runs the same code on whichever pool is open, as the store's `on_backend!` does.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            Db::Sqlite($pool) => $body,
            Db::Postgres($pool) => $body,
        }
    };
}

#[derive(Clone, Debug)]
struct Bare {
    db: Db,
    iom: Uuid,
}

/// Opens the database as Panah does: the same pool size, and on SQLite WAL with
/// `synchronous = FULL`, so that the baseline's commits are as durable as Panah's.
async fn open(url: &str) -> anyhow::Result<Db> {
    Ok(if url.starts_with("sqlite:") {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        Db::Sqlite(
            sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(10)
                .connect_with(options)
                .await?,
        )
    } else {
        Db::Postgres(
            sqlx::postgres::PgPoolOptions::new()
                .max_connections(10)
                .connect(url)
                .await?,
        )
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A row as JSON: text and numbers as they are, blobs (ids, sealed columns) as hex.
fn row_json<R: Row>(row: &R, columns: &str) -> Value
where
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<Vec<u8>>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<Uuid>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<time::Date>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<OffsetDateTime>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    let mut object = serde_json::Map::new();
    for (i, name) in columns.split(',').map(str::trim).enumerate() {
        let value = if let Ok(Some(id)) = row.try_get::<Option<Uuid>, _>(i) {
            json!(id)
        } else if let Ok(Some(text)) = row.try_get::<Option<String>, _>(i) {
            json!(text)
        } else if let Ok(Some(number)) = row.try_get::<Option<i64>, _>(i) {
            json!(number)
        } else if let Ok(Some(date)) = row.try_get::<Option<time::Date>, _>(i) {
            json!(date.to_string())
        } else if let Ok(Some(at)) = row.try_get::<Option<OffsetDateTime>, _>(i) {
            json!(at.unix_timestamp())
        } else if let Ok(Some(bytes)) = row.try_get::<Option<Vec<u8>>, _>(i) {
            json!(hex(&bytes))
        } else {
            Value::Null
        };
        object.insert(name.to_owned(), value);
    }
    Value::Object(object)
}

async fn get_case(
    State(bare): State<Arc<Bare>>,
    Path(id): Path<Uuid>,
) -> Result<Json<Value>, StatusCode> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1");
    let found = on_db!(&bare.db, |pool| sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await
        .map(|row| row.map(|row| row_json(&row, CASE_COLUMNS))))
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let Some(mut case) = found else {
        return Err(StatusCode::NOT_FOUND);
    };
    // Panah's case file holds the case's referrals and returns: read them as it does.
    for (field, columns, from) in [
        ("referrals", REFERRAL_COLUMNS, CASE_REFERRALS),
        ("returns", RETURN_COLUMNS, CASE_RETURNS),
    ] {
        let sql = format!("SELECT {columns} {from}");
        let rows = on_db!(&bare.db, |pool| sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_all(pool)
            .await
            .map(|rows| rows.iter().map(|row| row_json(row, columns)).collect()))
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
        case[field] = Value::Array(rows);
    }
    Ok(Json(case))
}

async fn list_cases(
    State(bare): State<Arc<Bare>>,
    Query(filters): Query<BTreeMap<String, String>>,
) -> Result<Json<Value>, StatusCode> {
    let limit: u32 = filters
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(50);
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    for column in ["status", "province", "category"] {
        if let Some(value) = filters.get(column) {
            values.push(value.clone());
            conditions.push(format!("{column} = ${}", values.len()));
        }
    }
    let where_clause = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM cases{where_clause} ORDER BY id DESC LIMIT {}",
        limit + 1
    );
    let items = on_db!(&bare.db, |pool| {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in &values {
            query = query.bind(value);
        }
        query.fetch_all(pool).await.map(|rows| {
            rows.iter()
                .take(limit as usize)
                .map(|row| row_json(row, SUMMARY_COLUMNS))
                .collect::<Vec<_>>()
        })
    })
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(json!({ "items": items })))
}

/// Registers a case with the statements Panah's create runs (the case number counter,
/// then the row) in one write transaction; names are stored as given.
async fn create_case(
    State(bare): State<Arc<Bare>>,
    Json(body): Json<Value>,
) -> Result<(StatusCode, Json<Value>), StatusCode> {
    let text = |value: &Value| value.as_str().map(str::to_owned);
    let province = text(&body["province"]).ok_or(StatusCode::UNPROCESSABLE_ENTITY)?;
    let identified_on = body["identified_on"]
        .as_str()
        .and_then(|d| {
            time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok()
        })
        .ok_or(StatusCode::UNPROCESSABLE_ENTITY)?;
    let person = &body["person"];
    let id = Uuid::now_v7();
    let now = OffsetDateTime::now_utc();
    let begin = match bare.db {
        Db::Sqlite(_) => "BEGIN IMMEDIATE",
        Db::Postgres(_) => "BEGIN",
    };
    let created: Result<(), sqlx::Error> = on_db!(&bare.db, |pool| async {
        let mut connection = pool.acquire().await?;
        let mut tx = sqlx::Connection::begin_with(&mut *connection, begin).await?;
        let sequence: i64 = sqlx::query_scalar(
            "INSERT INTO case_number_counters (province, year, last) VALUES ($1, $2, 1) \
             ON CONFLICT (province, year) DO UPDATE SET last = case_number_counters.last + 1 \
             RETURNING last",
        )
        .bind(&province)
        .bind(identified_on.year())
        .fetch_one(&mut *tx)
        .await?;
        let number = format!("{province}-{:04}-{sequence:06}", identified_on.year());
        sqlx::query(
            "INSERT INTO cases (id, case_number, category, status, province, identified_on, \
             identified_by_organization_id, sex, citizenship, estimated_age, trafficking, \
             key_version, given_name, family_name, phone, version, created_at, updated_at) \
             VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $13, 1, \
             $14, $14)",
        )
        .bind(id)
        .bind(&number)
        .bind(text(&body["category"]))
        .bind(&province)
        .bind(identified_on)
        .bind(bare.iom)
        .bind(text(&person["sex"]))
        .bind(text(&person["citizenship"]))
        .bind(person["estimated_age"].as_i64())
        .bind(body["trafficking"].to_string())
        .bind(text(&person["given_name"]).unwrap_or_default().into_bytes())
        .bind(text(&person["family_name"]).map(String::into_bytes))
        .bind(text(&person["phone"]).map(String::into_bytes))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }
    .await);
    created.map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))))
}

/// Starts the bare server on a free port of this process; returns its base URL.
async fn start_bare(database_url: &str) -> anyhow::Result<String> {
    let db = open(database_url).await?;
    let iom: Uuid = on_db!(&db, |pool| sqlx::query_scalar(
        "SELECT id FROM organizations WHERE code = 'IOM-AF'"
    )
    .fetch_one(pool)
    .await)
    .context("IOM-AF is missing")?;
    let app = Router::new()
        .route("/cases", get(list_cases).post(create_case))
        .route("/cases/{id}", get(get_case))
        .with_state(Arc::new(Bare { db, iom }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(base)
}

/// The median of `values` (the upper one of an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// One operation measured on Panah and on the bare server, alternating, `rounds` times.
async fn compare<P, B, PF, BF>(
    name: &str,
    rounds: usize,
    connections: usize,
    duration: Duration,
    panah: P,
    bare: B,
) where
    P: Fn(reqwest::Client, usize) -> PF + Send + Sync + Clone + 'static,
    PF: std::future::Future<Output = Result<reqwest::Response, reqwest::Error>> + Send,
    B: Fn(reqwest::Client, usize) -> BF + Send + Sync + Clone + 'static,
    BF: std::future::Future<Output = Result<reqwest::Response, reqwest::Error>> + Send,
{
    let mut ratios = Vec::new();
    let mut sides: [(Vec<f64>, Vec<f64>, Sample); 2] = Default::default();
    for _ in 0..rounds {
        let (p, p_elapsed) = measure(connections, duration, panah.clone()).await;
        let (b, b_elapsed) = measure(connections, duration, bare.clone()).await;
        let (p_rate, b_rate) = (p.rate(p_elapsed), b.rate(b_elapsed));
        ratios.push(p_rate / b_rate);
        for (side, sample, rate) in [(0, p, p_rate), (1, b, b_rate)] {
            sides[side].0.push(rate);
            sides[side].1.push(sample.p99_ms());
            sides[side].2.merge(sample);
        }
    }
    let [(p_rates, p_p99s, p_all), (b_rates, b_p99s, b_all)] = sides;
    println!(
        "  {name}: Panah/baseline {:.2} (rounds: {}); Panah {:.0}/s p99 {:.1} ms, \
         baseline {:.0}/s p99 {:.1} ms; statuses Panah {:?}, baseline {:?}",
        median(ratios.clone()),
        ratios
            .iter()
            .map(|r| format!("{r:.2}"))
            .collect::<Vec<_>>()
            .join(" "),
        median(p_rates),
        median(p_p99s),
        median(b_rates),
        median(b_p99s),
        p_all.statuses(),
        b_all.statuses(),
    );
}

/// Seeds `total` cases through Panah's API, refreshes the planner's statistics, then
/// compares get-by-id, list and create with the bare server, `rounds` rounds each.
pub async fn baseline(
    server: &Server,
    total: usize,
    connections: usize,
    duration: Duration,
    rounds: usize,
) -> anyhow::Result<()> {
    let ids = Arc::new(seed(server, total, connections).await?);
    let url = server.database_url();
    on_db!(&open(&url).await?, |pool| sqlx::query("ANALYZE")
        .execute(pool)
        .await
        .map(drop))?;
    println!("ANALYZE done");
    let bare = Arc::new(start_bare(&url).await?);
    server.create_user("bench.creator", "caseworker").await?;
    let creator = Arc::new(server.login("bench.creator", USER_PASSWORD).await?);
    server.create_user("bench.manager", "case_manager").await?;
    let manager = Arc::new(server.login("bench.manager", USER_PASSWORD).await?);
    let base = Arc::new(server.base.clone());
    println!(
        "at {connections} connections, {rounds} rounds of {}s per side, alternating:",
        duration.as_secs()
    );
    let pick = move |ids: &[String], n: usize| ids[(n * 7919) % ids.len()].clone();
    {
        let (ids_p, ids_b, base, bare, manager) = (
            ids.clone(),
            ids.clone(),
            base.clone(),
            bare.clone(),
            manager.clone(),
        );
        compare(
            "GET one case",
            rounds,
            connections,
            duration,
            move |client, n| {
                let url = format!("{base}/api/v1/cases/{}", pick(&ids_p, n));
                let token = manager.clone();
                async move { client.get(url).bearer_auth(token.as_str()).send().await }
            },
            move |client, n| {
                let url = format!("{bare}/cases/{}", pick(&ids_b, n));
                async move { client.get(url).send().await }
            },
        )
        .await;
    }
    let filters = [
        "",
        "&status=open",
        "&province=AF-HER",
        "&category=presumed_victim",
    ];
    {
        let (base, bare, manager) = (base.clone(), bare.clone(), manager.clone());
        compare(
            "GET 50 cases (filters in turn)",
            rounds,
            connections,
            duration,
            move |client, n| {
                let url = format!("{base}/api/v1/cases?limit=50{}", filters[n % 4]);
                let token = manager.clone();
                async move { client.get(url).bearer_auth(token.as_str()).send().await }
            },
            move |client, n| {
                let url = format!("{bare}/cases?limit=50{}", filters[n % 4]);
                async move { client.get(url).send().await }
            },
        )
        .await;
    }
    {
        let (base, bare, creator) = (base.clone(), bare.clone(), creator.clone());
        compare(
            "POST a case",
            rounds,
            connections,
            duration,
            move |client, n| {
                let url = format!("{base}/api/v1/cases");
                let body = case_body(total + 2 * n);
                let token = creator.clone();
                async move {
                    client
                        .post(url)
                        .bearer_auth(token.as_str())
                        .json(&body)
                        .send()
                        .await
                }
            },
            move |client, n| {
                let url = format!("{bare}/cases");
                let body = case_body(total + 2 * n + 1);
                async move { client.post(url).json(&body).send().await }
            },
        )
        .await;
    }
    println!(
        "  Panah's peak RSS: {:.1} MiB",
        server.peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(())
}
