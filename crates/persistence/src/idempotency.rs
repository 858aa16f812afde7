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
    /// The key is new: this request goes ahead and must be completed or released.
    Claimed,
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

impl Store {
    /// Claims `key` for `user`'s request with hash `request_hash`. Keys older than
    /// `expired_before` are forgotten first.
    pub async fn claim_idempotency_key(
        &self,
        user: UserId,
        key: &str,
        request_hash: &[u8],
        now: OffsetDateTime,
        expired_before: OffsetDateTime,
    ) -> Result<Claim, StoreError> {
        let keys = self.keys()?;
        type Row = (
            Vec<u8>,
            Option<i32>,
            Option<String>,
            Option<String>,
            Option<Vec<u8>>,
        );
        let existing: Option<Row> = write_tx!(self, |tx| {
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(expired_before)
                .execute(&mut *tx)
                .await?;
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, idempotency_key) DO NOTHING",
            )
            .bind(user.0)
            .bind(key)
            .bind(request_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 1 {
                None
            } else {
                let row: Row = sqlx::query_as(
                    "SELECT request_hash, status_code, location, etag, response \
                     FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2",
                )
                .bind(user.0)
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
                Some(row)
            }
        });
        let Some((hash, status, location, etag, response)) = existing else {
            return Ok(Claim::Claimed);
        };
        if hash != request_hash {
            return Ok(Claim::Reused);
        }
        let (Some(status), Some(response)) = (status, response) else {
            return Ok(Claim::InFlight);
        };
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

    /// Forgets a claimed key whose request failed, so that a corrected retry may use it.
    pub async fn release_idempotency_key(&self, user: UserId, key: &str) -> Result<(), StoreError> {
        on_backend!(self, |pool| {
            sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2")
                .bind(user.0)
                .bind(key)
                .execute(pool)
                .await
                .map(drop)
        })?;
        Ok(())
    }
}
