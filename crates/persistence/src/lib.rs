//! Panah's storage. [`Store`] is the one door to the database: callers give and get
//! domain types, never SQL rows, and never learn which backend is behind it.
//!
//! Two backends implement every operation: SQLite (the embedded default) and PostgreSQL
//! (production). SQL is written once where the dialects agree; [`on_backend!`] runs it on
//! whichever pool is open. Migrations for both live in `migrations/` at the workspace root
//! and are embedded in the binary.

mod assistance;
mod audit;
mod backup;
mod cases;
mod columns;
mod consents;
mod crypto;
mod due;
mod error;
mod grants;
mod idempotency;
mod migrations;
mod notes;
mod organizations;
mod outreach;
mod person;
mod prosecution;
mod query;
mod referrals;
mod reindex;
mod rekey;
mod reports;
mod returns;
mod sessions;
mod statistics;
mod store;
mod users;

pub use assistance::{AssistanceChanges, NewAssistance};
pub use audit::{AuditFilter, BrokenEntry, Verification};
pub use cases::{CaseChanges, CaseFilter, CaseScope, NewCase, SearchTerms};
pub use consents::{NewConsent, Withdrawal};
pub use crypto::{FieldKeys, IndexKind, normalise_phone, normalise_text};
pub use due::DueAssistance;
pub use error::StoreError;
pub use grants::{ChargeTarget, GrantChanges, NewBudgetLine, NewGrant};
pub use idempotency::{Claim, StoredResponse};
pub use migrations::Readiness;
pub use organizations::NewOrganization;
pub use outreach::{NewAwareness, NewTraining};
pub use prosecution::{NewProceeding, ProceedingFilter, ProceedingScope};
pub use referrals::{
    Desk, Intake, Mailbox, NewReferral, NewSubject, Origin, ReferralCursor, ReferralFilter,
    ReferralScope, SeenReferral,
};
pub use returns::{NewReturn, NewVisit, ReturnFilter};
pub use sessions::{FailureCounts, Refreshed, SessionHolder, SessionUser, WebSessionUser};
pub use store::{BackendKind, DatabaseOptions, Store};
pub use users::{NewUser, UserChanges};
