//! The audit log, for auditors: reading it, and verifying its hash chain.

use panah_domain::{AuditEntry, AuditEvent, Outcome};
use panah_persistence::{AuditFilter, Verification};
use time::OffsetDateTime;

use crate::{Actor, App, AppError, Page, UseCase};

impl App {
    /// Entries matching `filter`, newest first, at most `limit`.
    pub async fn audit_log(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<AuditEntry>, AppError> {
        self.authorize(actor, UseCase::ReadAuditLog, now).await?;
        let entries = self.store.list_audit(filter, limit + 1).await?;
        Ok(Page::of(entries, limit))
    }

    /// Recomputes every lane's hash chain and checks every anchor. The verification is
    /// itself audited, with its outcome.
    pub async fn verify_audit_chain(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Verification, AppError> {
        self.authorize(actor, UseCase::VerifyAuditChain, now)
            .await?;
        let verification = self.store.verify_audit().await?;
        let event = AuditEvent {
            action: "audit.verify",
            target_type: None,
            target_id: None,
            outcome: if verification.ok {
                Outcome::Success
            } else {
                Outcome::Failure
            },
            details: Some(
                serde_json::json!({ "entries_checked": verification.entries_checked }).to_string(),
            ),
        };
        self.store.record_audit(&actor.audit(now), &event).await?;
        // An intact log is anchored at once: what was just verified, the verification's
        // own entry included, can no longer be cut off or rewritten unnoticed.
        if verification.ok {
            self.store.anchor_audit(now).await?;
        }
        Ok(verification)
    }
}
