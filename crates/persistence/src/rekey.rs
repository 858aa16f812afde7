//! Re-sealing personal data under the newest data key (`panah keys rotate`).
//!
//! Work goes in small batches, each its own transaction, so an interrupted rotation loses
//! nothing and simply resumes: every sealed row records its key version, and a batch picks
//! rows sealed under an older version than the current one.

use uuid::Uuid;

use panah_domain::UserId;

use crate::idempotency::seal_id;
use crate::store::{on_backend, write_tx};
use crate::{FieldKeys, Store, StoreError};

/// The sealed columns of each table that holds personal data.
const SEALED: &[(&str, &[&str])] = &[
    (
        "cases",
        &[
            "given_name",
            "family_name",
            "fathers_name",
            "other_script_given_name",
            "other_script_family_name",
            "date_of_birth",
            "phone",
            "address",
            "document_number",
        ],
    ),
    ("assistance", &["description"]),
    ("case_notes", &["body"]),
    (
        "referrals",
        &[
            "message",
            "given_name",
            "family_name",
            "fathers_name",
            "other_script_given_name",
            "other_script_family_name",
            "date_of_birth",
            "phone",
            "address",
            "document_number",
        ],
    ),
    ("referral_timeline", &["comment"]),
    ("returns", &["needs"]),
    ("return_history", &["comment"]),
    ("proceeding_history", &["comment"]),
    ("monitoring_visits", &["notes"]),
];

impl Store {
    /// How many rows hold data sealed under a key older than the current one.
    pub async fn rows_to_reseal(&self) -> Result<u64, StoreError> {
        let current = i64::from(self.keys()?.current_version());
        let mut total = 0u64;
        for (table, _) in SEALED {
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE key_version < $1");
            let count: i64 = on_backend!(self, |pool| {
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(current)
                    .fetch_one(pool)
                    .await
            })?;
            total += u64::try_from(count).unwrap_or(0);
        }
        total += self.stale_responses(current, u32::MAX).await?.len() as u64;
        Ok(total)
    }

    /// Kept idempotent responses sealed under a key older than `current`, at most
    /// `limit`. Their table has no key-version column (a response is kept for a day), so
    /// the version is read from each sealed value.
    async fn stale_responses(
        &self,
        current: i64,
        limit: u32,
    ) -> Result<Vec<(Uuid, String, Vec<u8>)>, StoreError> {
        let rows: Vec<(Uuid, String, Vec<u8>)> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT user_id, idempotency_key, response FROM idempotency_keys \
                 WHERE response IS NOT NULL",
            )
            .fetch_all(pool)
            .await
        })?;
        Ok(rows
            .into_iter()
            .filter(|(_, _, sealed)| {
                FieldKeys::version_of(sealed).is_none_or(|v| i64::from(v) < current)
            })
            .take(limit as usize)
            .collect())
    }

    /// Re-seals up to `limit` rows under the current key, returning how many it did; 0
    /// when nothing is left. A row changed meanwhile by someone else (and so already
    /// sealed under the current key) is left alone.
    pub async fn reseal_batch(&self, limit: u32) -> Result<u64, StoreError> {
        let keys = self.keys()?;
        let current = i64::from(keys.current_version());
        for (table, columns) in SEALED {
            let select = format!(
                "SELECT id, key_version, {} FROM {table} WHERE key_version < $1 ORDER BY id LIMIT $2",
                columns.join(", ")
            );
            let assignments: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, column)| format!("{column} = ${}", i + 3))
                .collect();
            let update = format!(
                "UPDATE {table} SET key_version = $1, {} WHERE id = $2 AND key_version = ${}",
                assignments.join(", "),
                columns.len() + 3
            );
            let done: u64 = write_tx!(self, |tx| {
                let rows = sqlx::query(sqlx::AssertSqlSafe(select.clone()))
                    .bind(current)
                    .bind(i64::from(limit))
                    .fetch_all(&mut *tx)
                    .await?;
                let mut done = 0u64;
                for row in &rows {
                    use sqlx::Row;
                    let id: Uuid = row.try_get("id")?;
                    let old_version: i64 = row.try_get("key_version")?;
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(update.clone()))
                        .bind(current)
                        .bind(id);
                    for column in *columns {
                        let sealed: Option<Vec<u8>> = row.try_get(*column)?;
                        let resealed = match sealed {
                            Some(sealed) => {
                                let plain = keys.open(table, column, id, &sealed)?;
                                Some(keys.seal(table, column, id, &plain)?)
                            }
                            None => None,
                        };
                        query = query.bind(resealed);
                    }
                    done += query
                        .bind(old_version)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                }
                done
            });
            if done > 0 {
                return Ok(done);
            }
        }
        // Kept answers to retried requests hold what the first answer held, identities
        // included: they are re-sealed too, under the same binding to user and key.
        let stale = self.stale_responses(current, limit).await?;
        let mut done = 0u64;
        for (user, key, sealed) in stale {
            let id = seal_id(UserId(user), &key);
            let plain = keys.open("idempotency_keys", "response", id, &sealed)?;
            let resealed = keys.seal("idempotency_keys", "response", id, &plain)?;
            done += on_backend!(self, |pool| {
                sqlx::query(
                    "UPDATE idempotency_keys SET response = $3 \
                     WHERE user_id = $1 AND idempotency_key = $2 AND response = $4",
                )
                .bind(user)
                .bind(&key)
                .bind(&resealed)
                .bind(&sealed)
                .execute(pool)
                .await
                .map(|result| result.rows_affected())
            })?;
        }
        Ok(done)
    }
}
