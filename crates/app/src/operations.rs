//! What keeps the doors running: readiness, `Idempotency-Key` claims, and loading the
//! demo data set into an empty database.

use panah_domain::{AuditEvent, Outcome, UserId};
use panah_persistence::{Claim, Readiness, StoredResponse};
use time::OffsetDateTime;

use crate::{Actor, App, AppError, UseCase};

/// The audit action that marks a complete load of the demo data set.
pub const DEMO_MARKER: &str = "demo.load";

impl App {
    /// Whether the database is reachable and migrated exactly as this binary expects.
    pub async fn readiness(&self) -> Result<Readiness, AppError> {
        Ok(self.store.readiness().await?)
    }

    /// Claims an idempotency key of `user` for a request whose method, path and body
    /// hash to `request_hash`. Keys created before `forgotten_before` no longer count; a
    /// claim taken before `abandoned_before` (the request timeout ago: no request runs
    /// longer) that neither answered nor created anything is taken over.
    pub async fn claim_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        request_hash: &[u8],
        now: OffsetDateTime,
        forgotten_before: OffsetDateTime,
        abandoned_before: OffsetDateTime,
    ) -> Result<Claim, AppError> {
        Ok(self
            .store
            .claim_idempotency_key(
                user,
                key,
                request_hash,
                now,
                forgotten_before,
                abandoned_before,
            )
            .await?)
    }

    /// Keeps the answer of a claimed key, for its retries.
    pub async fn complete_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        response: &StoredResponse,
    ) -> Result<(), AppError> {
        Ok(self
            .store
            .complete_idempotency_key(user, key, response)
            .await?)
    }

    /// Releases a claimed key whose request created nothing.
    pub async fn release_idempotency_key(&self, user: UserId, key: &str) -> Result<(), AppError> {
        Ok(self.store.release_idempotency_key(user, key).await?)
    }

    /// The first kind of record the database holds beyond reference data and users, if
    /// any: the demo loads only into an empty database.
    pub async fn records_held(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Option<&'static str>, AppError> {
        self.authorize(actor, UseCase::LoadDemo, now).await?;
        Ok(self.store.records_held().await?)
    }

    /// Marks the demo data set as completely loaded, with a summary of what it holds.
    pub async fn mark_demo_loaded(
        &self,
        actor: &Actor,
        summary: serde_json::Value,
        now: OffsetDateTime,
    ) -> Result<(), AppError> {
        self.authorize(actor, UseCase::LoadDemo, now).await?;
        let marker = AuditEvent {
            action: DEMO_MARKER,
            target_type: None,
            target_id: None,
            outcome: Outcome::Success,
            details: Some(summary.to_string()),
        };
        Ok(self.store.record_audit(&actor.audit(now), &marker).await?)
    }
}
