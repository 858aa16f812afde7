//! Panah's application layer: every use case, implemented once, for every door — the
//! JSON API, the web pages, the command line and the demo loader.
//!
//! A use case is a method of [`App`] that takes the [`Actor`] (who acts, through which
//! door), a command made of domain types and `now`, and returns a view shaped for that
//! actor or an [`AppError`]. The app is the one place that decides: it asks the domain's
//! policy whether the actor may ([`App::authorize`]), hands the resulting scope to the
//! store so that out-of-scope rows are never read, applies every rule beyond parsing,
//! moves workflows through the domain's state machines, and writes the audit entries of
//! denials, identity reads and exports. It never reads the clock: `now` is an argument,
//! so a use case can be run as of any moment (the demo does exactly that).
//!
//! Doors never reach the store: they do not depend on `panah-persistence`, and this
//! crate re-exports only plain data types of it (filters, results), never the store.

mod accounts;
mod actor;
mod admin;
mod audit;
mod case_records;
mod cases;
mod error;
mod grants;
mod operations;
mod outreach;
mod page;
mod prosecution;
mod referrals;
mod reports;
mod returns;
mod statistics;
mod worklists;

use std::sync::Arc;

use panah_domain::Threshold;
use panah_persistence::Store;

pub use accounts::{AuthSettings, Credentials, Session, WebSession, WebSignIn};
pub use actor::{Actor, Door, UseCase};
pub use admin::{AccountChange, NewAccount, NewOrganization, OrganizationRef, random_password};
pub use case_records::{AssistanceChange, AssistanceEntry, ConsentEntry};
pub use cases::{CaseChange, CaseFile, CaseFound, CaseSearch, NewCaseFile};
pub use error::{AppError, Conflict};
pub use grants::{GrantChange, GrantEntry, LineEntry};
pub use operations::DEMO_MARKER;
pub use outreach::{AwarenessChange, AwarenessEntry, TrainingChange, TrainingEntry};
pub use page::Page;
pub use panah_persistence::{
    AuditFilter, BrokenEntry, CaseFilter, Claim, DueAssistance, Mailbox, ProceedingFilter,
    Readiness, ReferralCursor, ReturnFilter, StoredResponse, Verification,
};
pub use prosecution::{
    ProceedingEntry, ProceedingListed, ProceedingMove, ProceedingRecord, ProceedingSeen,
};
pub use referrals::{
    ReferralEntry, ReferralListed, ReferralQuery, ReferralSeen, ReferralSummary, Subject,
};
pub use reports::{DonorRef, FundingRequest, GrantRef, ReportFile, ReportFormat};
pub use returns::{Handover, HandoverProfile, PlanItem, ReturnEntry, ReturnSeen, VisitEntry};
pub use statistics::{StatisticsFile, StatisticsRequest};
pub use worklists::Assignee;

/// The id a door gives each request it receives, in the request's extensions: audit
/// entries record it, so that they can be matched with the request's log lines. Always
/// made by the server, never taken from the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestId(pub uuid::Uuid);

/// The application: the store and what the use cases need besides it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
    accounts: Arc<accounts::Accounts>,
    /// The small-cell suppression threshold of donor-facing reports.
    min_cell_size: Threshold,
}

/// What the use cases are configured with.
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// Sign-in, sessions and password hashing.
    pub auth: AuthSettings,
    /// The small-cell suppression threshold of donor-facing reports.
    pub min_cell_size: Threshold,
}

/// The default number of password hashes at once: all cores but one, at least one.
pub fn default_hash_concurrency() -> usize {
    accounts::default_hash_concurrency()
}

impl App {
    /// The application over `store` (opened with its field keys). Starts the password
    /// hashing threads, which stop when the last clone of the app is dropped.
    pub fn new(store: Store, settings: &AppSettings) -> App {
        App {
            store,
            accounts: Arc::new(accounts::Accounts::new(&settings.auth)),
            min_cell_size: settings.min_cell_size,
        }
    }
}
