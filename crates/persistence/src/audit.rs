//! The audit log: an append-only table where each entry's hash covers the entry and the
//! hash before it, so that altering or removing any row breaks the chain from there on.
//!
//! Entries are appended inside the transaction of the change they record (see
//! [`append_audit!`]), so a change is never saved without its entry or the other way
//! round. Appending locks the one-row `audit_head` table, which serialises writers across
//! every server process sharing the database.

use panah_domain::{
    AuditContext, AuditEntry, AuditEvent, AuditNames, OrganizationId, UserId, Username,
};
use sha2::{Digest, Sha256};
use sqlx::FromRow;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::store::{on_backend, write_tx};
use crate::{BackendKind, Store, StoreError};

/// The hash that the first entry chains to.
pub(crate) const GENESIS: [u8; 32] = [0; 32];

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Whether every entry is intact and the chain reaches the recorded head.
    pub ok: bool,
    /// How many entries were checked.
    pub entries_checked: u64,
    /// The first entry that does not match its hash or its predecessor — or, when rows
    /// were removed from the end, the sequence number the head expects.
    pub first_broken: Option<BrokenEntry>,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenEntry {
    /// The entry's sequence number.
    pub seq: i64,
    /// The entry's id, when the row exists.
    pub id: Option<Uuid>,
}

/// Filters for listing the audit log. Empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Entries of this actor.
    pub actor_id: Option<UserId>,
    /// Entries of the user with this username.
    pub actor_username: Option<Username>,
    /// Entries of this action.
    pub action: Option<String>,
    /// Entries about records of this type.
    pub target_type: Option<String>,
    /// Entries about this record.
    pub target_id: Option<String>,
    /// Entries at or after this time.
    pub from: Option<OffsetDateTime>,
    /// Entries before this time.
    pub to: Option<OffsetDateTime>,
    /// Entries older than this sequence number (the cursor of the previous page).
    pub before_seq: Option<i64>,
}

/// Builds the entry that follows `seq`, with its time cut to microseconds: the precision
/// both backends store, so that the hash can be recomputed from what is read back.
pub(crate) fn next_entry(seq: i64, context: &AuditContext, event: &AuditEvent) -> AuditEntry {
    let at = context.at.to_offset(time::UtcOffset::UTC);
    let at = at
        .replace_nanosecond(at.nanosecond() / 1_000 * 1_000)
        .unwrap_or(at);
    AuditEntry {
        seq: seq + 1,
        id: Uuid::now_v7(),
        at,
        actor_id: context.actor_id,
        actor_organization_id: context.actor_organization_id,
        os_user: context.os_user.clone(),
        action: event.action.to_owned(),
        target_type: event.target_type.map(str::to_owned),
        target_id: event.target_id.clone(),
        outcome: event.outcome,
        request_id: context.request_id,
        details: event.details.clone(),
        names: AuditNames::default(),
    }
}

/// `SHA-256(previous hash || canonical form of the entry)`. The canonical form is a JSON
/// array of every recorded field in a fixed order; the names looked up when reading are
/// not recorded, so they are not in it.
///
/// The operating-system account of an operator came later than the other fields: it is
/// appended to the array only when the entry has one. Entries written before it existed,
/// and every entry of a user, keep exactly the form they were hashed with, so chains
/// written by earlier versions still verify — while an operator's name, once recorded,
/// cannot be altered or removed unnoticed.
pub(crate) fn chain_hash(previous: &[u8], entry: &AuditEntry) -> Vec<u8> {
    let mut canonical = serde_json::json!([
        entry.seq,
        entry.id.to_string(),
        entry.at.format(&Rfc3339).unwrap_or_default(),
        entry.actor_id.map(|id| id.to_string()),
        entry.actor_organization_id.map(|id| id.to_string()),
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.outcome.as_str(),
        entry.request_id.map(|id| id.to_string()),
        entry.details,
    ]);
    if let (Some(os_user), Some(fields)) = (&entry.os_user, canonical.as_array_mut()) {
        fields.push(os_user.as_str().into());
    }
    let canonical = canonical.to_string();
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(canonical.as_bytes());
    hasher.finalize().to_vec()
}

/// The statement that reads the chain head for appending; PostgreSQL locks the row until
/// the transaction ends, SQLite's `BEGIN IMMEDIATE` already holds the only write lock.
pub(crate) fn head_for_update(kind: BackendKind) -> &'static str {
    match kind {
        BackendKind::Sqlite => "SELECT seq, hash FROM audit_head WHERE id = 1",
        BackendKind::Postgres => "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
    }
}

/// Appends an audit entry inside the open transaction `$tx` (an expression of type
/// `&mut Transaction`), for store `$store`. Expanded per backend by the caller's
/// `write_tx!`.
macro_rules! append_audit {
    ($store:expr, $tx:expr, $context:expr, $event:expr) => {{
        let (seq, previous): (i64, Vec<u8>) =
            sqlx::query_as($crate::audit::head_for_update($store.kind()))
                .fetch_one(&mut *$tx)
                .await?;
        let entry = $crate::audit::next_entry(seq, $context, $event);
        let hash = $crate::audit::chain_hash(&previous, &entry);
        sqlx::query(
            "INSERT INTO audit_log (seq, id, at, actor_id, actor_organization_id, action, \
             target_type, target_id, outcome, request_id, details, prev_hash, hash, os_user) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(entry.seq)
        .bind(entry.id)
        .bind(entry.at)
        .bind(entry.actor_id.map(|id| id.0))
        .bind(entry.actor_organization_id.map(|id| id.0))
        .bind(&entry.action)
        .bind(&entry.target_type)
        .bind(&entry.target_id)
        .bind(entry.outcome.as_str())
        .bind(entry.request_id)
        .bind(&entry.details)
        .bind(&previous)
        .bind(&hash)
        .bind(entry.os_user.as_ref().map(|name| name.as_str()))
        .execute(&mut *$tx)
        .await?;
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(entry.seq)
            .bind(&hash)
            .execute(&mut *$tx)
            .await?;
    }};
}
pub(crate) use append_audit;

#[derive(FromRow)]
struct AuditRow {
    seq: i64,
    id: Uuid,
    at: OffsetDateTime,
    actor_id: Option<Uuid>,
    actor_organization_id: Option<Uuid>,
    action: String,
    target_type: Option<String>,
    target_id: Option<String>,
    outcome: String,
    request_id: Option<Uuid>,
    details: Option<String>,
    os_user: Option<String>,
    prev_hash: Vec<u8>,
    hash: Vec<u8>,
    // Looked up by the list only; verifying the chain does not need them.
    #[sqlx(default)]
    actor_username: Option<String>,
    #[sqlx(default)]
    actor_display_name: Option<String>,
    #[sqlx(default)]
    organization_code: Option<String>,
}

impl AuditRow {
    fn entry(&self) -> Result<AuditEntry, StoreError> {
        let corrupt = |column| StoreError::Corrupt { column };
        Ok(AuditEntry {
            seq: self.seq,
            id: self.id,
            at: self.at,
            actor_id: self.actor_id.map(UserId),
            actor_organization_id: self.actor_organization_id.map(OrganizationId),
            os_user: self
                .os_user
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(|_| corrupt("audit_log.os_user"))?,
            action: self.action.clone(),
            target_type: self.target_type.clone(),
            target_id: self.target_id.clone(),
            outcome: self
                .outcome
                .parse()
                .map_err(|()| corrupt("audit_log.outcome"))?,
            request_id: self.request_id,
            details: self.details.clone(),
            names: AuditNames {
                actor_username: parsed(&self.actor_username, "users.username")?,
                actor_display_name: parsed(&self.actor_display_name, "users.display_name")?,
                organization_code: parsed(&self.organization_code, "organizations.code")?,
            },
        })
    }
}

/// A name looked up beside an entry, parsed; a stored name that does not parse is corrupt.
fn parsed<T: std::str::FromStr>(
    text: &Option<String>,
    column: &'static str,
) -> Result<Option<T>, StoreError> {
    text.as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|_| StoreError::Corrupt { column })
}

/// One statement serves every combination of filters: each is NULL (ignored) or a value.
/// The names of the actor and their organisation are looked up as they are now; a
/// username is turned into its user's id first, so the actor index serves both filters.
const AUDIT_LIST: &str = "SELECT a.seq, a.id, a.at, a.actor_id, a.actor_organization_id, \
     a.action, a.target_type, a.target_id, a.outcome, a.request_id, a.details, a.os_user, \
     a.prev_hash, a.hash, u.username AS actor_username, \
     u.display_name AS actor_display_name, o.code AS organization_code \
     FROM audit_log a \
     LEFT JOIN users u ON u.id = a.actor_id \
     LEFT JOIN organizations o ON o.id = a.actor_organization_id \
     WHERE ($1 IS NULL OR a.actor_id = $1) \
       AND ($2 IS NULL OR a.action = $2) \
       AND ($3 IS NULL OR a.target_type = $3) \
       AND ($4 IS NULL OR a.target_id = $4) \
       AND ($5 IS NULL OR a.at >= $5) \
       AND ($6 IS NULL OR a.at < $6) \
       AND ($7 IS NULL OR a.seq < $7) \
       AND ($9 IS NULL OR a.actor_id = (SELECT id FROM users WHERE username = $9)) \
     ORDER BY a.seq DESC LIMIT $8";

const AUDIT_FROM_SEQ: &str = "SELECT seq, id, at, actor_id, actor_organization_id, action, \
     target_type, target_id, outcome, request_id, details, os_user, prev_hash, hash \
     FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2";

impl Store {
    /// Records an event that changes nothing else, such as a refused request, in a
    /// transaction of its own.
    ///
    /// Concurrent callers share transactions: one writer task appends every entry waiting
    /// at that moment in a single commit (a group commit), then answers them all. Each
    /// caller returns only once its entry is durable, so nothing that must be audited is
    /// answered before it is.
    pub async fn record_audit(
        &self,
        context: &AuditContext,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        self.record_audits(context, std::slice::from_ref(event))
            .await
    }

    /// Records several events of one context together: like [`Store::record_audit`], but
    /// handing them all to the writer before waiting, so they share a commit.
    pub async fn record_audits(
        &self,
        context: &AuditContext,
        events: &[AuditEvent],
    ) -> Result<(), StoreError> {
        let writer = self
            .audit_writer
            .get_or_init(|| spawn_audit_writer(self.clone()));
        let mut answers = Vec::with_capacity(events.len());
        for event in events {
            let (done, result) = tokio::sync::oneshot::channel();
            writer
                .send((context.clone(), event.clone(), done))
                .await
                .map_err(|_| StoreError::Keys("the audit writer stopped"))?;
            answers.push(result);
        }
        for result in answers {
            result
                .await
                .map_err(|_| StoreError::Keys("the audit writer stopped"))?
                .map_err(StoreError::AuditBatch)?;
        }
        Ok(())
    }

    /// Appends a batch of entries in one transaction.
    async fn append_batch(&self, batch: &[(AuditContext, AuditEvent)]) -> Result<(), StoreError> {
        write_tx!(self, |tx| {
            for (context, event) in batch {
                append_audit!(self, tx, context, event);
            }
        });
        Ok(())
    }

    /// Entries matching `filter`, newest first, at most `limit`.
    pub async fn list_audit(
        &self,
        filter: &AuditFilter,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = on_backend!(self, |pool| {
            sqlx::query_as(AUDIT_LIST)
                .bind(filter.actor_id.map(|id| id.0))
                .bind(filter.action.as_deref())
                .bind(filter.target_type.as_deref())
                .bind(filter.target_id.as_deref())
                .bind(filter.from)
                .bind(filter.to)
                .bind(filter.before_seq)
                .bind(i64::from(limit))
                .bind(filter.actor_username.as_ref().map(Username::as_str))
                .fetch_all(pool)
                .await
        })?;
        rows.iter().map(AuditRow::entry).collect()
    }

    /// Walks the whole chain, oldest first, recomputing every hash.
    pub async fn verify_audit(&self) -> Result<Verification, StoreError> {
        const BATCH: i64 = 1000;
        let head: (i64, Vec<u8>) = on_backend!(self, |pool| {
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
                .fetch_one(pool)
                .await
        })?;
        let mut previous = GENESIS.to_vec();
        let mut expected_seq = 1;
        let mut checked = 0u64;
        loop {
            let rows: Vec<AuditRow> = on_backend!(self, |pool| {
                sqlx::query_as(AUDIT_FROM_SEQ)
                    .bind(expected_seq)
                    .bind(BATCH)
                    .fetch_all(pool)
                    .await
            })?;
            let done = rows.len() < BATCH as usize;
            for row in rows {
                let intact = row.seq == expected_seq
                    && row.prev_hash == previous
                    && row
                        .entry()
                        .is_ok_and(|entry| chain_hash(&previous, &entry) == row.hash);
                if !intact {
                    let broken = BrokenEntry {
                        seq: expected_seq,
                        id: (row.seq == expected_seq).then_some(row.id),
                    };
                    return Ok(Verification {
                        ok: false,
                        entries_checked: checked,
                        first_broken: Some(broken),
                    });
                }
                checked += 1;
                expected_seq += 1;
                previous = row.hash;
            }
            if done {
                break;
            }
        }
        // Rows removed from the end leave an intact but shorter chain: the head knows.
        let (head_seq, head_hash) = head;
        if head_seq != expected_seq - 1 || head_hash != previous {
            return Ok(Verification {
                ok: false,
                entries_checked: checked,
                first_broken: Some(BrokenEntry {
                    seq: expected_seq,
                    id: None,
                }),
            });
        }
        Ok(Verification {
            ok: true,
            entries_checked: checked,
            first_broken: None,
        })
    }
}

/// An entry waiting for the audit writer, and where to tell its caller it is durable.
pub(crate) type PendingAudit = (
    AuditContext,
    AuditEvent,
    tokio::sync::oneshot::Sender<Result<(), String>>,
);

/// The most entries one group commit takes.
const GROUP_COMMIT_MAX: usize = 256;

/// Starts the task that appends audit entries in group commits. It holds a clone of the
/// store, and ends when every sender (every clone of the store) is gone.
fn spawn_audit_writer(store: Store) -> tokio::sync::mpsc::Sender<PendingAudit> {
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<PendingAudit>(4 * GROUP_COMMIT_MAX);
    // The store the task uses must not keep the channel open itself.
    let store = Store {
        audit_writer: std::sync::Arc::new(std::sync::OnceLock::new()),
        ..store
    };
    tokio::spawn(async move {
        let mut pending = Vec::with_capacity(GROUP_COMMIT_MAX);
        while receiver.recv_many(&mut pending, GROUP_COMMIT_MAX).await > 0 {
            let (batch, answers): (Vec<_>, Vec<_>) = pending
                .drain(..)
                .map(|(context, event, done)| ((context, event), done))
                .unzip();
            let result = store.append_batch(&batch).await.map_err(|e| e.to_string());
            if let Err(error) = &result {
                tracing::error!(%error, entries = batch.len(), "an audit group commit failed");
            }
            for done in answers {
                let _ = done.send(result.clone());
            }
        }
    });
    sender
}
