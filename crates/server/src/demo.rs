//! `panah demo`: loads a synthetic demo data set into an empty database, through the
//! application's use cases (the very ones the API runs), and prints the demo users'
//! passwords.
//!
//! # What it loads
//!
//! One account for every role (`demo.caseworker1`, `demo.caseworker2`,
//! `demo.casemanager`, `demo.programme`, `demo.admin`, `demo.auditor` at IOM-AF;
//! `demo.liaison` at MOI; `demo.herat` at MOI-HER and `demo.kabul` at MOI-KAB;
//! `demo.justice` at MOJ), each with a random password that need not be changed; 300
//! cases with their consents and assistance; two grants (DONOR-US in USD, DONOR-IT in
//! EUR) with the delivered costs charged to their lines; referrals in every status, from
//! IOM to ministries and from ministries to IOM; voluntary returns in every status, with
//! their reintegration plans and monitoring visits; and the foreign-state organisations
//! the returns cooperate with, when missing. Nothing in it is a real person.
//!
//! Every record is written as the demo user who would make it, at the moment the demo
//! says it happened, by the use case the API runs for the same request (see [`load`]).
//! Moments are spread over the 331 days before today and never later than
//! yesterday, so the audit log, the referral timelines and the return histories read as
//! a year of work; only plans lie ahead (referral due dates not yet passed, the travel
//! date of a booked return). A referral made weeks ago with a due date since passed is
//! overdue today, as it would be in real use. The same seed on the same day gives the
//! same data set; passwords are random every time.
//!
//! # When it refuses
//!
//! It loads only into a database without data of its own: no case, referral, return or
//! grant, and no user but the first `admin` that `panah serve` creates. Organisations do
//! not count: they are reference data. A database that holds anything else is refused
//! (exit 1, one line), and so is one where an earlier run stopped before it finished
//! (its demo users exist, its completion mark does not).
//!
//! On a database where the demo is loaded (marked by a `demo.load` entry in the audit
//! log, written last), it says so and changes nothing, with exit status 0: running it
//! again is harmless. The passwords are not shown again.

mod framework;
mod load;
mod names;
mod people;
mod plan;
mod profiles;
mod staff;

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::time::Instant;

use anyhow::{Context, anyhow, ensure};
use panah_app::{
    Actor, App, AuditFilter, DEMO_MARKER, Door, GrantEntry, LineEntry, NewAccount, NewOrganization,
    OrganizationRef,
};
use panah_domain::{Organization, OrganizationCode, OrganizationKind, Username};
use panah_server::config::Settings;
use panah_server::keys::Keys;
use panah_server::serve::open_app;
use time::{Duration, OffsetDateTime};

use load::{Directory, acting, refused};
use plan::{Plan, Window};
use staff::{FOREIGN_STATES, STAFF, Staff, Who};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2026;

/// Loads the demo data set (see the module documentation), printing progress to
/// `progress` and the result, with the users' passwords, to `out`.
pub async fn run(
    settings: &Settings,
    seed: u64,
    out: &mut impl Write,
    progress: &mut impl Write,
) -> anyhow::Result<()> {
    // Looking needs no keys: a refused database is left as it was found.
    let (app, store) = open_app(settings, false).await?;
    let operator = panah_server::operator::actor_at(Door::Demo, "panah demo");
    let outcome = match contents(&app, &operator).await {
        Ok(Contents::Empty) => load_into(settings, &operator, seed, out, progress).await,
        Ok(Contents::Demo { loaded_at }) => writeln!(
            out,
            "the demo data set is already loaded (since {} UTC); nothing was changed. \
             Its users' passwords were shown when it was loaded.",
            loaded_at.date()
        )
        .map_err(Into::into),
        Ok(Contents::Partial) => Err(anyhow!(
            "the demo data set is only partly loaded: an earlier `panah demo` stopped before \
             it finished. Start again with an empty database"
        )),
        Ok(Contents::Other(what)) => Err(anyhow!(
            "the database holds data that is not the demo's ({what}); `panah demo` loads \
             only into an empty database"
        )),
        Err(error) => Err(error),
    };
    store.close().await;
    outcome
}

/// Loads the data set into the empty database `settings` name.
async fn load_into(
    settings: &Settings,
    operator: &Actor,
    seed: u64,
    out: &mut impl Write,
    progress: &mut impl Write,
) -> anyhow::Result<()> {
    let keys = Keys::load(&settings.keys).context("configuration error")?;
    if !keys.generated.is_empty() {
        tracing::warn!(
            keys = ?keys.generated,
            dir = %settings.keys.dir.display(),
            "generated new keys; in production supply your own through PANAH__KEYS__* and keep them out of the data folder"
        );
    }
    let (app, store) = open_app(settings, true).await?;
    let loaded = load_with(&app, operator, seed, out, progress).await;
    // The lists' plans depend on statistics that a freshly loaded database lacks.
    let analyzed = store
        .analyze()
        .await
        .context("cannot refresh the planner's statistics");
    store.close().await;
    loaded.and(analyzed)
}

/// Loads the data set through `app`.
async fn load_with(
    app: &App,
    operator: &Actor,
    seed: u64,
    out: &mut impl Write,
    progress: &mut impl Write,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let window = Window::ending(OffsetDateTime::now_utc());
    let plan = plan::build(seed, window);
    let (directory, passwords) = setup(app, operator, &plan).await?;
    writeln!(
        progress,
        "users {}/{}  grants {}/{}",
        passwords.len(),
        STAFF.len(),
        plan.grants.len(),
        plan.grants.len()
    )?;
    let tally = load::replay(app, &plan, &directory, progress).await?;
    let framework = framework::record(app, &directory, window, OffsetDateTime::now_utc()).await?;
    let provinces: BTreeSet<_> = plan.cases.iter().map(|c| c.province).collect();
    let summary = serde_json::json!({
        "seed": seed,
        "cases": tally.cases,
        "referrals": tally.referrals,
        "returns": tally.returns,
    });
    app.mark_demo_loaded(operator, summary, OffsetDateTime::now_utc())
        .await
        .map_err(refused)
        .context("cannot mark the demo as loaded")?;
    writeln!(
        out,
        "demo data set loaded in {:.1} s: {} users, {} cases in {} provinces, {} consents \
         ({} withdrawn), {} assistance records, {} grants, {} referrals ({} steps), {} returns \
         ({} steps, {} monitoring visits), {} legal proceedings, {} trainings, {} awareness \
         activities",
        started.elapsed().as_secs_f64(),
        passwords.len(),
        tally.cases,
        provinces.len(),
        tally.consents,
        tally.withdrawals,
        tally.assistance,
        plan.grants.len(),
        tally.referrals,
        tally.referral_steps,
        tally.returns,
        tally.return_steps,
        tally.visits,
        framework.proceedings,
        framework.trainings,
        framework.awareness,
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<18} {:<20} {:<13} password",
        "username", "role", "organisation"
    )?;
    for (staff, password) in &passwords {
        writeln!(
            out,
            "{:<18} {:<20} {:<13} {password}",
            staff.username,
            staff.role.as_str(),
            staff.organization
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "These passwords are shown only now; keep them somewhere safe."
    )?;
    Ok(())
}

/// What a database holds, as far as the demo is concerned.
#[derive(Debug)]
enum Contents {
    /// Nothing but reference data and perhaps the first admin.
    Empty,
    /// The demo, completely loaded.
    Demo { loaded_at: OffsetDateTime },
    /// The demo's users without the mark of a complete load.
    Partial,
    /// Something else, described.
    Other(String),
}

async fn contents(app: &App, operator: &Actor) -> anyhow::Result<Contents> {
    let now = OffsetDateTime::now_utc();
    let filter = AuditFilter {
        action: Some(DEMO_MARKER.to_owned()),
        ..AuditFilter::default()
    };
    let marks = app
        .audit_log(operator, &filter, 1, now)
        .await
        .map_err(refused)?;
    if let Some(mark) = marks.items.first() {
        return Ok(Contents::Demo { loaded_at: mark.at });
    }
    let mut others = Vec::new();
    let mut demo_users = 0;
    let mut after = None;
    loop {
        let page = app
            .list_users(operator, None, after, 200, now)
            .await
            .map_err(refused)?;
        for user in &page.items {
            let name = user.username.as_str();
            if STAFF.iter().any(|s| s.username == name) {
                demo_users += 1;
            } else if name != "admin" {
                others.push(name.to_owned());
            }
        }
        match page.items.last() {
            Some(last) if page.more => after = Some(last.id),
            _ => break,
        }
    }
    if let Some(first) = others.first() {
        return Ok(Contents::Other(format!(
            "{} user(s) other than admin, such as {first}",
            others.len()
        )));
    }
    if demo_users > 0 {
        return Ok(Contents::Partial);
    }
    match app.records_held(operator, now).await.map_err(refused)? {
        Some(records) => Ok(Contents::Other(records.to_owned())),
        None => Ok(Contents::Empty),
    }
}

/// Creates the demo's users, the missing foreign states and the grants, at the start of
/// the demo's year, through the use cases the API runs. Returns the directory and each
/// account with its password, in the order of [`STAFF`].
async fn setup(
    app: &App,
    operator: &Actor,
    plan: &Plan,
) -> anyhow::Result<(Directory, Vec<(&'static Staff, String)>)> {
    // 07:30 in Kabul on the first day.
    let start = plan.window.first_day.midnight().assume_utc() + Duration::hours(3);
    let mut organizations: HashMap<String, Organization> = app
        .organizations(operator, start)
        .await
        .map_err(refused)?
        .into_iter()
        .map(|o| (o.code.as_str().to_owned(), o))
        .collect();
    for (code, _) in FOREIGN_STATES {
        if let Some(existing) = organizations.get(*code) {
            ensure!(
                existing.kind == OrganizationKind::ForeignState,
                "the organisation {code} exists and is not a foreign state; the demo needs \
                 that code for one"
            );
        }
    }

    let mut users = HashMap::new();
    let mut shown = Vec::new();
    for (n, staff) in STAFF.iter().enumerate() {
        let username: Username = staff.username.parse().map_err(|e| anyhow!("{e}"))?;
        let password = panah_app::random_password(&username);
        let new = NewAccount {
            username: staff.username.to_owned(),
            display_name: Some(staff.display_name.to_owned()),
            organization: OrganizationRef::Code(staff.organization.to_owned()),
            roles: vec![staff.role],
            password: password.expose().to_owned(),
        };
        let at = start + Duration::minutes(n as i64);
        let user = app
            .create_user(operator, new, at)
            .await
            .map_err(refused)
            .context("cannot create the demo users")?;
        users.insert(staff.who, user);
        shown.push((staff, password.expose().to_owned()));
    }

    let admin = acting(
        users
            .get(&Who::Admin)
            .context("the demo admin is missing")?,
    );
    for (n, (code, name)) in FOREIGN_STATES.iter().enumerate() {
        if organizations.contains_key(*code) {
            continue;
        }
        let new = NewOrganization {
            code: code
                .parse::<OrganizationCode>()
                .map_err(|e| anyhow!("{e}"))?,
            name: (*name).to_owned(),
            kind: OrganizationKind::ForeignState,
            province: None,
        };
        let at = start + Duration::minutes(20 + n as i64);
        let created = app
            .add_organization(&admin, new, at)
            .await
            .map_err(refused)
            .context("cannot add the foreign states")?;
        organizations.insert((*code).to_owned(), created);
    }

    let manager = acting(
        users
            .get(&Who::ProgrammeManager)
            .context("the demo programme manager is missing")?,
    );
    let mut lines = HashMap::new();
    for (n, grant) in plan.grants.iter().enumerate() {
        let donor = organizations
            .get(grant.donor)
            .with_context(|| format!("the donor {} is missing", grant.donor))?;
        let entry = GrantEntry {
            code: grant.code.clone(),
            title: grant.title.to_owned(),
            donor: donor.id,
            currency: grant.currency,
            starts_on: grant.starts_on,
            ends_on: grant.ends_on,
            lines: grant
                .lines
                .iter()
                .map(|(code, name, amount_minor)| LineEntry {
                    code: (*code).to_owned(),
                    name: (*name).to_owned(),
                    amount_minor: *amount_minor,
                })
                .collect(),
        };
        let at = start + Duration::minutes(40 + n as i64);
        let stored = app
            .create_grant(&manager, entry, at)
            .await
            .map_err(refused)
            .context("cannot create the demo grants")?;
        for (code, _, _) in &grant.lines {
            let line = stored
                .budget_lines
                .iter()
                .find(|l| l.code == *code)
                .context("a budget line just created is missing")?;
            lines.insert((grant.key, *code), line.id);
        }
    }
    let directory = Directory {
        users,
        organizations,
        lines,
    };
    Ok((directory, shown))
}
