//! The `report` benchmark: the funding report of one grant-year over a large database.
//!
//! Seeding 100,000 cases and 500,000 assistance records through the API would take the
//! better part of an hour on this machine, and what is measured is the report, not the
//! writes: so the grants are created over the API, and the rows are bulk-inserted with SQL
//! straight into the server's database while it runs. The bulk rows hold a placeholder
//! instead of a sealed name (the report never opens identities; nothing else reads these
//! rows). Besides the cases, 5,000 trainings (two organisations' participants each) and
//! 20,000 awareness activities are charged to the grant, and a second grant of the same
//! donor, in euros, pays a medical service for one case in four. Then
//! `GET /api/v1/reports/funding` is timed as JSON and as XLSX for the grant, as JSON for
//! the donor (both grants), one request at a time; the printed report is timed through
//! `panah report funding --format pdf` on the same database; and the server's peak memory
//! is read from `/proc`.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde_json::{Value, json};
use sqlx::Connection;

use crate::server::{Server, USER_PASSWORD};

/// The assistance records of each case.
const PER_CASE: usize = 5;
/// Trainings charged to the grant.
const TRAININGS: usize = 5_000;
/// Awareness activities charged to the grant.
const AWARENESS: usize = 20_000;

/// Seeds `cases` cases with five assistance records each (plus returns and referrals for
/// one case in ten), then times the report `rounds` times per format.
pub async fn report(server: &Server, cases: usize, rounds: usize) -> anyhow::Result<()> {
    server
        .create_user("bench.programme", "programme_manager")
        .await?;
    let token = server.login("bench.programme", USER_PASSWORD).await?;
    let grant_id = bulk_load(server, &token, cases, false).await?;
    seed_framework(server, &token, cases).await?;
    let requests = [
        (
            "grant json",
            format!("grant_id={grant_id}&from=2026-01-01&to=2026-12-31&format=json"),
        ),
        (
            "grant xlsx",
            format!("grant_id={grant_id}&from=2026-01-01&to=2026-12-31&format=xlsx"),
        ),
        (
            "donor json (two grants)",
            "donor_id=DONOR-US&from=2026-01-01&to=2026-12-31&format=json".to_owned(),
        ),
    ];
    for (name, query) in requests {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..rounds {
            let started = Instant::now();
            let response = server
                .client
                .get(server.url(&format!("/api/v1/reports/funding?{query}")))
                .bearer_auth(&token)
                .send()
                .await?;
            if response.status() != 200 {
                bail!("{name}: {} {}", response.status(), response.text().await?);
            }
            size = response.bytes().await?.len();
            times.push(started.elapsed());
        }
        report_times(name, &times, size);
    }
    // The printed report, as an operator makes it on the server's machine: the command's
    // whole run (opening the database, the figures, typesetting, writing the file).
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        server
            .panah(&[
                "report",
                "funding",
                "--grant",
                "BENCH-2026",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "--format",
                "pdf",
                "--output",
                "bench.pdf",
            ])
            .await?;
        times.push(started.elapsed());
        size = usize::try_from(std::fs::metadata(server.dir().join("bench.pdf"))?.len())?;
    }
    report_times("grant pdf (panah report funding)", &times, size);
    if let Some(peak) = server.peak_rss_mib() {
        println!("server peak RSS: {peak:.1} MiB");
    }
    Ok(())
}

/// Creates a grant as the programme manager `token`, then bulk-loads `cases` cases with
/// five assistance records each, returns, and referrals from IOM-AF to MOI-HER for one
/// case in five, straight into the server's database; then, if `analyze`, refreshes the
/// planner's statistics as an operator should after a bulk load. Returns the grant's id.
pub async fn bulk_load(
    server: &Server,
    token: &str,
    cases: usize,
    analyze: bool,
) -> anyhow::Result<String> {
    let token = token.to_owned();
    let organizations: Value = server
        .client
        .get(server.url("/api/v1/organizations?limit=200"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    let id_of = |code: &str| {
        organizations["items"]
            .as_array()
            .and_then(|items| items.iter().find(|o| o["code"] == code))
            .and_then(|o| o["id"].as_str())
            .map(str::to_owned)
            .with_context(|| format!("{code} is missing"))
    };
    let grant: Value = server
        .client
        .post(server.url("/api/v1/grants"))
        .bearer_auth(&token)
        .json(&json!({
            "code": "BENCH-2026", "title": "Benchmark grant",
            "donor_organization_id": id_of("DONOR-US")?, "currency": "USD",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "budget_lines": [
                {"code": "DA", "name": "Direct assistance", "amount_minor": 900_000_000},
                {"code": "MED", "name": "Medical", "amount_minor": 300_000_000},
                {"code": "RR", "name": "Return and reintegration", "amount_minor": 200_000_000}
            ]
        }))
        .send()
        .await?
        .json()
        .await?;
    let grant_id = grant["id"].as_str().context("no grant created")?.to_owned();
    let lines: Vec<String> = grant["budget_lines"]
        .as_array()
        .context("no budget lines")?
        .iter()
        .filter_map(|line| line["id"].as_str().map(str::to_owned))
        .collect();
    let me: Value = server
        .client
        .get(server.url("/api/v1/me"))
        .bearer_auth(&server.admin_token)
        .send()
        .await?
        .json()
        .await?;
    let admin = me["id"].as_str().context("no admin id")?.to_owned();
    let iom = id_of("IOM-AF")?;
    let moi = id_of("MOI-HER")?;

    let started = Instant::now();
    let url = server.database_url();
    if url.starts_with("postgres") {
        seed_postgres(&url, cases, &admin, &iom, &moi, &lines, analyze).await?;
    } else {
        seed_sqlite(&url, cases, &admin, &iom, &moi, &lines, analyze).await?;
    }
    println!(
        "seeded {cases} cases and {} assistance records in {:.1} s{}",
        cases * PER_CASE,
        started.elapsed().as_secs_f64(),
        if analyze { ", then ANALYZE" } else { "" }
    );
    Ok(grant_id)
}

/// Creates a second grant of the bulk grant's donor (in euros) over the API, then
/// bulk-loads the trainings and awareness activities charged to the bulk grant and a
/// medical service charged to the second grant for one case in four, and refreshes the
/// planner's statistics.
async fn seed_framework(server: &Server, token: &str, cases: usize) -> anyhow::Result<()> {
    let organizations: Value = server
        .client
        .get(server.url("/api/v1/organizations?limit=200"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    let id_of = |code: &str| {
        organizations["items"]
            .as_array()
            .and_then(|items| items.iter().find(|o| o["code"] == code))
            .and_then(|o| o["id"].as_str())
            .map(str::to_owned)
            .with_context(|| format!("{code} is missing"))
    };
    let second: Value = server
        .client
        .post(server.url("/api/v1/grants"))
        .bearer_auth(token)
        .json(&json!({
            "code": "BENCH-2026-EU", "title": "Benchmark grant in euros",
            "donor_organization_id": id_of("DONOR-US")?, "currency": "EUR",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "budget_lines": [{"code": "EM", "name": "Emergency medical", "amount_minor": 500_000_000}]
        }))
        .send()
        .await?
        .json()
        .await?;
    let euro_line = second["budget_lines"][0]["id"]
        .as_str()
        .context("no second grant created")?
        .to_owned();
    let grants: Value = server
        .client
        .get(server.url("/api/v1/grants"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    let lines: Vec<String> = grants["items"]
        .as_array()
        .and_then(|items| items.iter().find(|g| g["code"] == "BENCH-2026"))
        .and_then(|g| g["budget_lines"].as_array())
        .context("no bulk grant")?
        .iter()
        .filter_map(|line| line["id"].as_str().map(str::to_owned))
        .collect();
    let me: Value = server
        .client
        .get(server.url("/api/v1/me"))
        .bearer_auth(&server.admin_token)
        .send()
        .await?
        .json()
        .await?;
    let admin = me["id"].as_str().context("no admin id")?.to_owned();
    let ids = Ids {
        admin,
        iom: id_of("IOM-AF")?,
        moi: id_of("MOI-HER")?,
        lines,
        euro_line,
    };
    let started = Instant::now();
    let url = server.database_url();
    if url.starts_with("postgres") {
        let mut connection = sqlx::PgConnection::connect(&url).await?;
        for statement in framework_statements(&postgres_dialect(), &ids) {
            sqlx::query(sqlx::AssertSqlSafe(statement))
                .execute(&mut connection)
                .await?;
        }
        sqlx::query("ANALYZE").execute(&mut connection).await?;
        connection.close().await?;
    } else {
        let mut connection = sqlx::SqliteConnection::connect(&url).await?;
        sqlx::query("PRAGMA busy_timeout = 60000")
            .execute(&mut connection)
            .await?;
        for statement in framework_statements(&sqlite_dialect(), &ids) {
            sqlx::query(sqlx::AssertSqlSafe(statement))
                .execute(&mut connection)
                .await?;
        }
        sqlx::query("ANALYZE").execute(&mut connection).await?;
        connection.close().await?;
    }
    println!(
        "seeded {TRAININGS} trainings, {AWARENESS} awareness activities and {} services of a \
         second grant in {:.1} s, then ANALYZE",
        cases.div_ceil(4),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The ids the framework's rows refer to.
struct Ids {
    admin: String,
    iom: String,
    moi: String,
    /// The bulk grant's lines.
    lines: Vec<String>,
    /// The second grant's line.
    euro_line: String,
}

/// Trainings (with two organisations' participants each) and awareness activities in 2026,
/// charged to the bulk grant's lines, and a delivered medical service charged to the
/// second grant for one case in four.
fn framework_statements(dialect: &Dialect, ids: &Ids) -> Vec<String> {
    let new_id = dialect.new_id;
    let now = dialect.now;
    let admin = (dialect.id)(&ids.admin);
    let iom = (dialect.id)(&ids.iom);
    let moi = (dialect.id)(&ids.moi);
    let line = |i: usize| (dialect.id)(&ids.lines[i % ids.lines.len()]);
    let province = "CASE i % 5 WHEN 0 THEN 'AF-KAB' WHEN 1 THEN 'AF-HER' WHEN 2 THEN 'AF-BAL' \
                 WHEN 3 THEN 'AF-KAN' ELSE 'AF-NAN' END";
    // 2026-01-01 is 184 days after 2025-07-01.
    let day = (dialect.date)("184 + i % 365");
    let n = "CAST(substr(c.case_number, 13) AS INTEGER)";
    vec![
        format!(
            "INSERT INTO trainings (id, title, topic, province, starts_on, ends_on, \
             organizer_organization_id, cost_amount_minor, cost_currency, budget_line_id, \
             created_by, version, created_at, updated_at) \
             SELECT {new_id}, 'Benchmark training', \
               CASE i % 7 WHEN 0 THEN 'identification' WHEN 1 THEN 'victim_assistance' \
                 WHEN 2 THEN 'investigation' WHEN 3 THEN 'prosecution' \
                 WHEN 4 THEN 'referral_mechanism' WHEN 5 THEN 'data_protection' ELSE 'other' END, \
               {province}, {day}, {day}, {iom}, 250000, 'USD', {l0}, {admin}, 1, {now}, {now} \
             FROM ({numbers}) AS n",
            l0 = line(0),
            numbers = (dialect.numbers)(TRAININGS),
        ),
        format!(
            "INSERT INTO training_participants (training_id, organization_id, female, male) \
             SELECT t.id, {moi}, 4, 11 FROM trainings t"
        ),
        format!(
            "INSERT INTO training_participants (training_id, organization_id, female, male) \
             SELECT t.id, {iom}, 2, 1 FROM trainings t"
        ),
        format!(
            "INSERT INTO awareness_activities (id, province, date, channel, estimated_reach, \
             cost_amount_minor, cost_currency, budget_line_id, created_by, version, created_at, \
             updated_at) \
             SELECT {new_id}, {province}, {day}, \
               CASE i % 6 WHEN 0 THEN 'community_session' WHEN 1 THEN 'radio' WHEN 2 THEN 'tv' \
                 WHEN 3 THEN 'school' WHEN 4 THEN 'print' ELSE 'social_media' END, \
               100 + i % 5000, 5000, 'USD', \
               CASE i % 3 WHEN 0 THEN {l0} WHEN 1 THEN {l1} ELSE {l2} END, \
               {admin}, 1, {now}, {now} \
             FROM ({numbers}) AS n",
            l0 = line(0),
            l1 = line(1),
            l2 = line(2),
            numbers = (dialect.numbers)(AWARENESS),
        ),
        format!(
            "INSERT INTO assistance (id, case_id, assistance_type, status, date, \
             cost_amount_minor, cost_currency, key_version, recorded_by, version, created_at, \
             updated_at, budget_line_id) \
             SELECT {new_id}, c.id, 'medical', 'delivered', {date}, 2000, 'EUR', 1, {admin}, 1, \
               {now}, {now}, {euro} \
             FROM cases c WHERE {n} % 4 = 0",
            date = (dialect.date)(&format!("200 + {n} % 300")),
            euro = (dialect.id)(&ids.euro_line),
        ),
    ]
}

fn report_times(what: &str, times: &[Duration], size: usize) {
    let mut sorted: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
    sorted.sort_by(f64::total_cmp);
    let first = times.first().map_or(0.0, Duration::as_secs_f64);
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    let max = sorted.last().copied().unwrap_or(0.0);
    println!(
        "funding report {what}: first {:.0} ms, median {:.0} ms, max {:.0} ms over {} requests ({size} bytes)",
        first * 1000.0,
        median * 1000.0,
        max * 1000.0,
        times.len()
    );
}

/// Hex of a UUID's bytes, for SQLite blob literals.
fn hex(uuid: &str) -> String {
    uuid.replace('-', "")
}

/// The SQL that fills the tables, for one backend: `$n` is a running number from 1,
/// `$id` a new random id, `$date(expr)` a date `expr` days after 2025-07-01.
struct Dialect {
    numbers: fn(usize) -> String,
    new_id: &'static str,
    id: fn(&str) -> String,
    date: fn(&str) -> String,
    now: &'static str,
    /// A placeholder where a sealed value would be.
    placeholder: &'static str,
    /// False, as the backend's boolean columns take it.
    false_value: &'static str,
}

fn statements(
    dialect: &Dialect,
    cases: usize,
    admin: &str,
    iom: &str,
    moi: &str,
    lines: &[String],
) -> Vec<String> {
    let admin = (dialect.id)(admin);
    let iom = (dialect.id)(iom);
    let moi = (dialect.id)(moi);
    let line = |i: usize| (dialect.id)(&lines[i % lines.len()]);
    let new_id = dialect.new_id;
    let now = dialect.now;
    // Case numbers are real ones (PROVINCE-YEAR-NNNNNN, the running number padded by
    // cutting the 1 off 1000000 + i), so that the case list reads them back.
    let n = "CAST(substr(c.case_number, 13) AS INTEGER)";
    let province = "CASE i % 10 WHEN 0 THEN 'AF-KAB' WHEN 1 THEN 'AF-HER' WHEN 2 THEN 'AF-BAL' \
                 WHEN 3 THEN 'AF-KAN' WHEN 4 THEN 'AF-NAN' WHEN 5 THEN 'AF-KDZ' \
                 WHEN 6 THEN 'AF-NIM' WHEN 7 THEN 'AF-FRA' WHEN 8 THEN 'AF-BDS' ELSE 'AF-GHA' END";
    vec![
        format!(
            "INSERT INTO cases (id, case_number, category, status, province, identified_on, \
             identified_by_organization_id, assigned_to, sex, citizenship, estimated_age, \
             age_group, trafficking, key_version, given_name, version, created_at, updated_at) \
             SELECT {new_id}, {province} || '-2025-' || substr(CAST(1000000 + i AS TEXT), 2), \
               CASE i % 3 WHEN 0 THEN 'victim_of_trafficking' WHEN 1 THEN 'presumed_victim' \
                 ELSE 'vulnerable_migrant' END, \
               'open', \
               {province}, \
               {identified}, {iom}, NULL, \
               CASE i % 7 WHEN 0 THEN 'male' WHEN 1 THEN 'other' ELSE 'female' END, \
               CASE i % 20 WHEN 0 THEN 'PK' WHEN 1 THEN 'IR' WHEN 2 THEN 'BD' ELSE 'AF' END, \
               NULL, \
               CASE i % 9 WHEN 0 THEN '0-8' WHEN 1 THEN '9-17' WHEN 2 THEN '18-20' \
                 WHEN 3 THEN '21-23' WHEN 4 THEN '24-26' WHEN 5 THEN '27-29' \
                 WHEN 6 THEN '30-38' WHEN 7 THEN '39-47' ELSE '48+' END, \
               '{{\"exploitation_types\":[\"forced_labour\"]}}', 1, {placeholder}, 1, {now}, {now} \
             FROM ({numbers}) AS n",
            identified = (dialect.date)("i % 500"),
            placeholder = dialect.placeholder,
            numbers = (dialect.numbers)(cases),
        ),
        format!(
            "INSERT INTO assistance (id, case_id, assistance_type, status, date, \
             cost_amount_minor, cost_currency, key_version, recorded_by, version, created_at, \
             updated_at, budget_line_id) \
             SELECT {new_id}, c.id, \
               CASE ({n} + k) % 8 WHEN 0 THEN 'shelter' WHEN 1 THEN 'medical' \
                 WHEN 2 THEN 'psychosocial' WHEN 3 THEN 'legal_counselling' WHEN 4 THEN 'cash' \
                 WHEN 5 THEN 'food_and_items' WHEN 6 THEN 'transport' ELSE 'livelihood' END, \
               CASE ({n} + k) % 10 WHEN 0 THEN 'planned' WHEN 1 THEN 'cancelled' \
                 ELSE 'delivered' END, \
               {date}, 1000 + (({n} + k) % 50) * 100, 'USD', 1, {admin}, 1, {now}, {now}, \
               CASE ({n} + k) % 4 WHEN 0 THEN NULL WHEN 1 THEN {l0} WHEN 2 THEN {l1} \
                 ELSE {l2} END \
             FROM cases c CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 \
               UNION ALL SELECT 3 UNION ALL SELECT 4) AS ks",
            date = (dialect.date)(&format!("({n} * 7 + k * 37) % 540")),
            l0 = line(0),
            l1 = line(1),
            l2 = line(2),
        ),
        format!(
            "INSERT INTO consents (id, case_id, kind, given_on, organization_kinds, \
             recorded_by, recorded_at) \
             SELECT {new_id}, c.id, 'return', {date}, '', {admin}, {now} FROM cases c \
             WHERE {n} % 10 = 0",
            date = (dialect.date)("200"),
        ),
        format!(
            "INSERT INTO returns (id, case_id, direction, status, origin_country, \
             origin_province, destination_country, destination_province, province, \
             escort_required, consent_id, key_version, created_by, version, created_at, \
             updated_at) \
             SELECT {new_id}, s.case_id, 'to_afghanistan', \
               CASE {m} % 3 WHEN 0 THEN 'requested' WHEN 1 THEN 'departed' ELSE 'completed' END, \
               'IR', NULL, 'AF', 'AF-HER', 'AF-HER', {no}, s.id, 1, {admin}, 1, {now}, {now} \
             FROM consents s JOIN cases c ON c.id = s.case_id WHERE s.kind = 'return'",
            m = n,
            no = dialect.false_value,
        ),
        format!(
            "INSERT INTO referrals (id, from_organization_id, to_organization_id, case_id, \
             status, purpose, disclosure, urgency, province, key_version, created_by, version, \
             created_at, updated_at, sent_at) \
             SELECT {new_id}, {iom}, {moi}, c.id, \
               CASE {n} % 4 WHEN 0 THEN 'sent' WHEN 1 THEN 'accepted' WHEN 2 THEN 'completed' \
                 ELSE 'declined' END, \
               CASE {n} % 3 WHEN 0 THEN 'investigation' WHEN 1 THEN 'protection' \
                 ELSE 'assistance' END, \
               'anonymised', 'normal', c.province, 1, {admin}, 1, {period_now}, {period_now}, \
               {period_now} \
             FROM cases c WHERE {n} % 5 = 0",
            period_now = dialect.now,
        ),
    ]
}

fn sqlite_dialect() -> Dialect {
    Dialect {
        numbers: |count| {
            format!(
                "WITH RECURSIVE numbers(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM numbers \
                 WHERE i < {count}) SELECT i FROM numbers"
            )
        },
        new_id: "randomblob(16)",
        id: |uuid| format!("X'{}'", hex(uuid)),
        date: |days| format!("date('2025-07-01', '+' || ({days}) || ' days')"),
        now: "'2026-06-01 00:00:00+00:00'",
        placeholder: "X'00'",
        false_value: "0",
    }
}

fn postgres_dialect() -> Dialect {
    Dialect {
        numbers: |count| format!("SELECT generate_series(1, {count}) AS i"),
        new_id: "gen_random_uuid()",
        id: |uuid| format!("'{uuid}'::uuid"),
        date: |days| format!("(DATE '2025-07-01' + ({days})::integer)"),
        now: "TIMESTAMPTZ '2026-06-01 00:00:00+00'",
        placeholder: "'\\x00'::bytea",
        false_value: "FALSE",
    }
}

async fn seed_sqlite(
    url: &str,
    cases: usize,
    admin: &str,
    iom: &str,
    moi: &str,
    lines: &[String],
    analyze: bool,
) -> anyhow::Result<()> {
    let dialect = sqlite_dialect();
    let mut connection = sqlx::SqliteConnection::connect(url).await?;
    sqlx::query("PRAGMA busy_timeout = 60000")
        .execute(&mut connection)
        .await?;
    for statement in statements(&dialect, cases, admin, iom, moi, lines) {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut connection)
            .await?;
    }
    if analyze {
        sqlx::query("ANALYZE").execute(&mut connection).await?;
    }
    connection.close().await?;
    Ok(())
}

async fn seed_postgres(
    url: &str,
    cases: usize,
    admin: &str,
    iom: &str,
    moi: &str,
    lines: &[String],
    analyze: bool,
) -> anyhow::Result<()> {
    let dialect = postgres_dialect();
    let mut connection = sqlx::PgConnection::connect(url).await?;
    for statement in statements(&dialect, cases, admin, iom, moi, lines) {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut connection)
            .await?;
    }
    // After a bulk load the planner has no statistics until autovacuum gets to it; an
    // operator importing data runs ANALYZE, and so does the benchmark unless asked not to.
    if analyze {
        sqlx::query("ANALYZE").execute(&mut connection).await?;
    }
    connection.close().await?;
    Ok(())
}
