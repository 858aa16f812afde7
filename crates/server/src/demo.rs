//! `panah demo`: loads a synthetic demo data set into an empty database, through the
//! [`Store`] and under the API's rules, and prints the demo users' passwords.
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
//! says it happened, after the checks the API applies to the same request (see
//! [`load`]). Moments are spread over the 331 days before today and never later than
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

mod load;
mod names;
mod people;
mod plan;
mod profiles;
mod staff;

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, anyhow, ensure};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use panah_api::auth::Passwords;
use panah_domain::policy::{Permission, authorize};
use panah_domain::{
    AuditContext, AuditEvent, DisplayName, NewPassword, Organization, OrganizationCode,
    OrganizationKind, Outcome, Roles, User, Username, is_valid_code,
};
use panah_persistence::{
    AuditFilter, CaseFilter, CaseScope, Desk, NewBudgetLine, NewGrant, NewOrganization, NewUser,
    ReferralFilter, ReferralScope, Store,
};
use panah_server::config::Settings;
use panah_server::keys::Keys;
use panah_server::serve::{field_keys, open_store};
use time::{Duration, OffsetDateTime};

use load::Directory;
use plan::{Plan, Window};
use staff::{FOREIGN_STATES, STAFF, Staff, Who};

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 2026;

/// The audit action that marks a complete load.
const MARKER: &str = "demo.load";

/// Loads the demo data set (see the module documentation), printing progress to
/// `progress` and the result, with the users' passwords, to `out`.
pub async fn run(
    settings: &Settings,
    seed: u64,
    out: &mut impl Write,
    progress: &mut impl Write,
) -> anyhow::Result<()> {
    let store = open_store(settings).await?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    // Looking needs no keys: a refused database is left as it was found.
    let outcome = match contents(&store).await {
        Ok(Contents::Empty) => load_into(settings, store.clone(), seed, out, progress).await,
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

/// Loads the data set into the empty database behind `store`.
async fn load_into(
    settings: &Settings,
    store: Store,
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
    let store = store.with_field_keys(field_keys(&keys)?);
    let store = &store;
    let started = Instant::now();
    let window = Window::ending(OffsetDateTime::now_utc());
    let plan = plan::build(seed, window);
    let (directory, passwords) = setup(store, &plan).await?;
    writeln!(
        progress,
        "users {}/{}  grants {}/{}",
        passwords.len(),
        STAFF.len(),
        plan.grants.len(),
        plan.grants.len()
    )?;
    let tally = load::replay(store, &plan, &directory, progress).await?;
    let provinces: BTreeSet<_> = plan.cases.iter().map(|c| c.province).collect();
    let details = format!(
        r#"{{"seed":{seed},"cases":{},"referrals":{},"returns":{}}}"#,
        tally.cases, tally.referrals, tally.returns
    );
    let marker = AuditEvent {
        action: MARKER,
        target_type: None,
        target_id: None,
        outcome: Outcome::Success,
        details: Some(details),
    };
    store
        .record_audit(&AuditContext::system(OffsetDateTime::now_utc()), &marker)
        .await
        .context("cannot mark the demo as loaded")?;
    writeln!(
        out,
        "demo data set loaded in {:.1} s: {} users, {} cases in {} provinces, {} consents \
         ({} withdrawn), {} assistance records, {} grants, {} referrals ({} steps), {} returns \
         ({} steps, {} monitoring visits)",
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

async fn contents(store: &Store) -> anyhow::Result<Contents> {
    let filter = AuditFilter {
        action: Some(MARKER.to_owned()),
        ..AuditFilter::default()
    };
    if let Some(mark) = store.list_audit(&filter, 1).await?.first() {
        return Ok(Contents::Demo { loaded_at: mark.at });
    }
    let mut others = Vec::new();
    let mut demo_users = 0;
    let mut after = None;
    loop {
        let page = store.list_users(None, after, 200).await?;
        for user in &page {
            let name = user.username.as_str();
            if STAFF.iter().any(|s| s.username == name) {
                demo_users += 1;
            } else if name != "admin" {
                others.push(name.to_owned());
            }
        }
        match page.last() {
            Some(last) if page.len() == 200 => after = Some(last.id),
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
    if !store
        .list_cases(CaseScope::All, &CaseFilter::default(), None, 1)
        .await?
        .is_empty()
    {
        return Ok(Contents::Other("cases".to_owned()));
    }
    if !store.list_grants(None, 1).await?.is_empty() {
        return Ok(Contents::Other("grants".to_owned()));
    }
    // Every referral is sent or received by IOM, or is a ministry's draft to IOM (which
    // only its sender sees): these two views see them all.
    let iom = store
        .list_organizations()
        .await?
        .into_iter()
        .find(|o| o.code.as_str() == "IOM-AF")
        .context("the IOM-AF organisation is missing from the database")?;
    let views = [
        ReferralScope {
            receives: Some(Desk::One(iom.id)),
            sends: Some(Desk::One(iom.id)),
            sent_from_cases_of: None,
        },
        ReferralScope {
            receives: None,
            sends: Some(Desk::Ministry),
            sent_from_cases_of: None,
        },
    ];
    for view in views {
        if !store
            .list_referrals(view, &ReferralFilter::default(), None, 1)
            .await?
            .is_empty()
        {
            return Ok(Contents::Other("referrals".to_owned()));
        }
    }
    Ok(Contents::Empty)
}

/// Creates the demo's users, the missing foreign states and the grants, at the start of
/// the demo's year, checked as the API checks them. Returns the directory and each
/// account with its password, in the order of [`STAFF`].
async fn setup(
    store: &Store,
    plan: &Plan,
) -> anyhow::Result<(Directory, Vec<(&'static Staff, String)>)> {
    // 07:30 in Kabul on the first day.
    let start = plan.window.first_day.midnight().assume_utc() + Duration::hours(3);
    let mut organizations: HashMap<String, Organization> = store
        .list_organizations()
        .await?
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

    // One hashing slot per core, each hashing its share of the passwords in turn.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let passwords = Arc::new(Passwords::new(workers));
    let mut accounts = Vec::new();
    for (n, staff) in STAFF.iter().enumerate() {
        let username: Username = staff.username.parse().map_err(|e| anyhow!("{e}"))?;
        let password = new_password(&username);
        accounts.push((n, username, password));
    }
    let mut hashing = tokio::task::JoinSet::new();
    for worker in 0..workers {
        let share: Vec<_> = accounts
            .iter()
            .filter(|(n, ..)| n % workers == worker)
            .map(|(n, _, password)| (*n, password.expose().to_owned()))
            .collect();
        let passwords = passwords.clone();
        hashing.spawn(async move {
            let mut slot = passwords.slot().await?;
            let mut hashes = Vec::new();
            for (n, password) in share {
                hashes.push((n, slot.hash(password).await?));
            }
            Ok::<_, panah_api::ApiError>(hashes)
        });
    }
    let mut hashes = HashMap::new();
    while let Some(done) = hashing.join_next().await {
        let share = done?.map_err(|e| anyhow!("cannot hash a password: {e:?}"))?;
        hashes.extend(share);
    }
    let mut hashed = Vec::new();
    for (n, username, password) in accounts {
        let hash = hashes.remove(&n).context("a password was not hashed")?;
        hashed.push((n, username, password, hash));
    }

    let mut users = HashMap::new();
    let mut shown = Vec::new();
    for (n, username, password, password_hash) in hashed {
        let staff = &STAFF[n];
        let organization = organizations
            .get(staff.organization)
            .with_context(|| format!("the organisation {} is missing", staff.organization))?;
        let new = NewUser {
            username,
            display_name: staff
                .display_name
                .parse::<DisplayName>()
                .map_err(|e| anyhow!("{e}"))?,
            organization_id: organization.id,
            roles: Roles::new([staff.role], organization.kind)?,
            password_hash,
            password_change_required: false,
        };
        let at = start + Duration::minutes(n as i64);
        let user = store
            .create_user(&new, &AuditContext::system(at))
            .await
            .context("cannot create the demo users")?;
        users.insert(staff.who, user);
        shown.push((staff, password.expose().to_owned()));
    }

    let admin = users
        .get(&Who::Admin)
        .context("the demo admin is missing")?;
    authorize(admin.roles.as_slice(), Permission::OrganizationsManage)
        .map_err(|_| anyhow!("the demo admin may not add organisations"))?;
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
        let created = store
            .create_organization(&new, &acting(admin, at))
            .await
            .context("cannot add the foreign states")?;
        organizations.insert((*code).to_owned(), created);
    }

    let manager = users
        .get(&Who::ProgrammeManager)
        .context("the demo programme manager is missing")?;
    authorize(manager.roles.as_slice(), Permission::GrantsManage)
        .map_err(|_| anyhow!("the demo programme manager may not manage grants"))?;
    let mut lines = HashMap::new();
    for (n, grant) in plan.grants.iter().enumerate() {
        let donor = organizations
            .get(grant.donor)
            .with_context(|| format!("the donor {} is missing", grant.donor))?;
        ensure!(
            donor.kind == OrganizationKind::Donor,
            "{} is no donor",
            grant.donor
        );
        ensure!(is_valid_code(&grant.code), "grant code {}", grant.code);
        ensure!(grant.starts_on <= grant.ends_on, "grant period");
        ensure!(
            grant
                .lines
                .iter()
                .all(|(code, name, amount)| is_valid_code(code)
                    && !name.is_empty()
                    && *amount >= 0),
            "budget lines"
        );
        let new = NewGrant {
            code: grant.code.clone(),
            title: grant.title.to_owned(),
            donor_organization_id: donor.id,
            currency: grant.currency,
            starts_on: grant.starts_on,
            ends_on: grant.ends_on,
            budget_lines: grant
                .lines
                .iter()
                .map(|(code, name, amount_minor)| NewBudgetLine {
                    code: (*code).to_owned(),
                    name: (*name).to_owned(),
                    amount_minor: *amount_minor,
                })
                .collect(),
        };
        let at = start + Duration::minutes(40 + n as i64);
        let id = store
            .create_grant(&new, &acting(manager, at))
            .await
            .context("cannot create the demo grants")?;
        let stored = store
            .get_grant(id)
            .await?
            .context("a grant just created is missing")?;
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

/// `user` acting at `at`.
fn acting(user: &User, at: OffsetDateTime) -> AuditContext {
    AuditContext {
        actor_id: Some(user.id),
        actor_organization_id: Some(user.organization.id),
        request_id: None,
        at,
    }
}

/// A random password of 24 characters (144 bits) that the password policy accepts.
fn new_password(username: &Username) -> NewPassword {
    loop {
        let mut bytes = [0u8; 18];
        rand::fill(&mut bytes);
        if let Ok(password) = NewPassword::parse(&URL_SAFE_NO_PAD.encode(bytes), username) {
            return password;
        }
    }
}
