//! Recomputing the blind indexes of cases written under an older normalisation (see
//! [`SEARCH_INDEX_VERSION`]), so that a search finds them as it finds new ones.
//!
//! The server does this when it starts, in small batches, each its own transaction: an
//! interrupted run loses nothing and the next start resumes. Each row records the version
//! its indexes were computed with.

use uuid::Uuid;

use crate::crypto::{IndexKind, SEARCH_INDEX_VERSION};
use crate::store::write_tx;
use crate::{Store, StoreError};

/// A case's sealed searchable values.
#[derive(sqlx::FromRow)]
struct Searchable {
    id: Uuid,
    version: i64,
    given_name: Vec<u8>,
    family_name: Option<Vec<u8>>,
    other_script_given_name: Option<Vec<u8>>,
    other_script_family_name: Option<Vec<u8>>,
    phone: Option<Vec<u8>>,
    document_number: Option<Vec<u8>>,
}

impl Store {
    /// Recomputes the blind indexes of up to `limit` cases indexed under an older
    /// normalisation, returning how many it did; 0 when none is left. A case changed
    /// meanwhile (its version moved on, and its indexes with it) is left alone.
    pub async fn reindex_search_batch(&self, limit: u32) -> Result<u64, StoreError> {
        let keys = self.keys()?;
        let done: u64 = write_tx!(self, |tx| {
            let rows: Vec<Searchable> = sqlx::query_as(
                "SELECT id, version, given_name, family_name, other_script_given_name, \
                 other_script_family_name, phone, document_number FROM cases \
                 WHERE search_index_version < $1 ORDER BY id LIMIT $2",
            )
            .bind(SEARCH_INDEX_VERSION)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
            let mut done = 0u64;
            for row in &rows {
                let index = |column: &'static str, kind: IndexKind, sealed: Option<&[u8]>| {
                    sealed
                        .map(|sealed| keys.open("cases", column, row.id, sealed))
                        .transpose()
                        .map(|plain| plain.and_then(|plain| keys.blind_index(kind, &plain)))
                };
                done += sqlx::query(
                    "UPDATE cases SET given_name_index = $3, family_name_index = $4, \
                     other_script_given_name_index = $5, other_script_family_name_index = $6, \
                     phone_index = $7, document_number_index = $8, search_index_version = $9 \
                     WHERE id = $1 AND version = $2",
                )
                .bind(row.id)
                .bind(row.version)
                .bind(index(
                    "given_name",
                    IndexKind::GivenName,
                    Some(&row.given_name),
                )?)
                .bind(index(
                    "family_name",
                    IndexKind::FamilyName,
                    row.family_name.as_deref(),
                )?)
                .bind(index(
                    "other_script_given_name",
                    IndexKind::GivenName,
                    row.other_script_given_name.as_deref(),
                )?)
                .bind(index(
                    "other_script_family_name",
                    IndexKind::FamilyName,
                    row.other_script_family_name.as_deref(),
                )?)
                .bind(index("phone", IndexKind::Phone, row.phone.as_deref())?)
                .bind(index(
                    "document_number",
                    IndexKind::DocumentNumber,
                    row.document_number.as_deref(),
                )?)
                .bind(SEARCH_INDEX_VERSION)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            done
        });
        Ok(done)
    }
}
