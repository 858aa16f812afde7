//! Idempotency keys: a retried creating request gets the first answer again instead of
//! creating a second record.

use panah_domain::UserId;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::store::{on_backend, write_tx};
use crate::{Store, StoreError};

/// A stored answer to replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<String>,
    /// The `ETag` header, if any.
    pub etag: Option<String>,
    /// The JSON body.
    pub body: Vec<u8>,
}

/// What claiming an idempotency key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This request goes ahead, carrying the claim (its id) into its write, and must be
    /// completed or released. The key is new; or the request that claimed it died before
    /// it committed anything (its claim is older than the request timeout), and this one
    /// takes it over; or that request committed its record but its answer was lost, and
    /// this one's write will find the record instead of creating it again.
    Claimed(Uuid),
    /// The same request was answered already: send this again.
    Replay(StoredResponse),
    /// The same request is still being answered.
    InFlight,
    /// The key was used for a different request.
    Reused,
}

/// The row id that binds a sealed response to its user and key.
pub(crate) fn seal_id(user: UserId, key: &str) -> Uuid {
    let digest = Sha256::new()
        .chain_update(user.0.as_bytes())
        .chain_update(key.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

/// Inside a creating write transaction `$tx`: runs `$create` (which inserts the record
/// `$id` and audits it) and records `$id` on the request's idempotency claim — unless the
/// claim names a record already, created by an earlier run of the same request whose
/// answer was lost: then nothing is written. Evaluates to the record's id. A claim that
/// another request answered meanwhile refuses the write ([`StoreError::ClaimAnswered`]),
/// rolling it back; on PostgreSQL the second writer waits on the claim's row and then finds
/// it answered. A macro because each backend has its own transaction type.
macro_rules! once_per_claim {
    ($tx:ident, $context:expr, $id:expr, $create:block) => {{
        let context: &panah_domain::AuditContext = $context;
        let id: uuid::Uuid = $id;
        let claimed: Option<Option<uuid::Uuid>> = match context.claim {
            Some(claim) => {
                sqlx::query_scalar("SELECT resource_id FROM idempotency_keys WHERE claim_id = $1")
                    .bind(claim)
                    .fetch_optional(&mut *$tx)
                    .await?
            }
            None => None,
        };
        match claimed.flatten() {
            Some(existing) => existing,
            None => {
                $create
                if let Some(claim) = context.claim {
                    let recorded = sqlx::query(
                        "UPDATE idempotency_keys SET resource_id = $2 \
                         WHERE claim_id = $1 AND resource_id IS NULL",
                    )
                    .bind(claim)
                    .bind(id)
                    .execute(&mut *$tx)
                    .await?
                    .rows_affected();
                    if recorded == 0 {
                        return Err($crate::StoreError::ClaimAnswered);
                    }
                }
                id
            }
        }
    }};
}
pub(crate) use once_per_claim;

impl Store {
    /// Claims `key` for `user`'s request with hash `request_hash`. Keys created before
    /// `expired_before` are forgotten first; a claim taken before `stale_before` that
    /// neither answered nor created anything belonged to a request that no longer runs
    /// (no request outlives the request timeout), and is taken over.
    pub async fn claim_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        request_hash: &[u8],
        now: OffsetDateTime,
        expired_before: OffsetDateTime,
        stale_before: OffsetDateTime,
    ) -> Result<Claim, StoreError> {
        let keys = self.keys()?;
        let claim = seal_id(user, key);
        type Row = (
            Vec<u8>,
            Option<i32>,
            Option<String>,
            Option<String>,
            Option<Vec<u8>>,
            Option<Uuid>,
            Option<OffsetDateTime>,
        );
        let found: Result<Option<Row>, Claim> = write_tx!(self, |tx| {
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(expired_before)
                .execute(&mut *tx)
                .await?;
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, \
                 created_at, claim_id, claimed_at) VALUES ($1, $2, $3, $4, $5, $4) \
                 ON CONFLICT (user_id, idempotency_key) DO NOTHING",
            )
            .bind(user.0)
            .bind(key)
            .bind(request_hash)
            .bind(now)
            .bind(claim)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 1 {
                Err(Claim::Claimed(claim))
            } else {
                let row: Row = sqlx::query_as(
                    "SELECT request_hash, status_code, location, etag, response, resource_id, \
                     claimed_at FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2",
                )
                .bind(user.0)
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
                let (hash, status, _, _, _, resource, claimed_at) = &row;
                let abandoned = hash.as_slice() == request_hash
                    && status.is_none()
                    && resource.is_none()
                    && claimed_at.is_none_or(|at| at < stale_before);
                if abandoned {
                    // Taken over only if nobody took it over first.
                    let taken = sqlx::query(
                        "UPDATE idempotency_keys SET claimed_at = $3, claim_id = $4 \
                         WHERE user_id = $1 AND idempotency_key = $2 \
                         AND resource_id IS NULL AND status_code IS NULL \
                         AND (claimed_at IS NULL OR claimed_at < $5)",
                    )
                    .bind(user.0)
                    .bind(key)
                    .bind(now)
                    .bind(claim)
                    .bind(stale_before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if taken == 1 {
                        Err(Claim::Claimed(claim))
                    } else {
                        Err(Claim::InFlight)
                    }
                } else {
                    Ok(Some(row))
                }
            }
        });
        let (hash, status, location, etag, response, resource, _) = match found {
            Ok(Some(row)) => row,
            Ok(None) => return Ok(Claim::InFlight),
            Err(decided) => return Ok(decided),
        };
        if hash != request_hash {
            return Ok(Claim::Reused);
        }
        match (status, response) {
            (Some(status), Some(response)) => {
                let body = keys.open(
                    "idempotency_keys",
                    "response",
                    seal_id(user, key),
                    &response,
                )?;
                Ok(Claim::Replay(StoredResponse {
                    status: u16::try_from(status).map_err(|_| StoreError::Corrupt {
                        column: "idempotency_keys.status_code",
                    })?,
                    location,
                    etag,
                    body: body.into_bytes(),
                }))
            }
            // The record was committed, its answer lost: the request runs again and its
            // write finds the record.
            _ if resource.is_some() => Ok(Claim::Claimed(claim)),
            _ => Ok(Claim::InFlight),
        }
    }

    /// Stores the answer to a claimed key, sealed, for replays.
    pub async fn complete_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        response: &StoredResponse,
    ) -> Result<(), StoreError> {
        let body = String::from_utf8_lossy(&response.body);
        let sealed =
            self.keys()?
                .seal("idempotency_keys", "response", seal_id(user, key), &body)?;
        on_backend!(self, |pool| {
            sqlx::query(
                "UPDATE idempotency_keys SET status_code = $3, location = $4, etag = $5, response = $6 \
                 WHERE user_id = $1 AND idempotency_key = $2",
            )
            .bind(user.0)
            .bind(key)
            .bind(i32::from(response.status))
            .bind(&response.location)
            .bind(&response.etag)
            .bind(&sealed)
            .execute(pool)
            .await
            .map(drop)
        })?;
        Ok(())
    }

    /// Forgets a claimed key whose request failed, so that a corrected retry may use it —
    /// unless the request created its record before failing: that claim is kept, so that
    /// a retry finds the record rather than creating another.
    pub async fn release_idempotency_key(&self, user: UserId, key: &str) -> Result<(), StoreError> {
        on_backend!(self, |pool| {
            sqlx::query(
                "DELETE FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2 \
                 AND resource_id IS NULL",
            )
            .bind(user.0)
            .bind(key)
            .execute(pool)
            .await
            .map(drop)
        })?;
        Ok(())
    }
}
