//! The audit log: an append-only table where each entry's hash covers the entry and the
//! hash before it, so that altering or removing any row breaks the chain from there on.
//!
//! Entries are appended inside the transaction of the change they record (see
//! [`append_audit!`]), so a change is never saved without its entry or the other way
//! round.
//!
//! The log is several chains, "lanes", each with its own head row in `audit_lanes`. A
//! transaction appends to the first lane no other transaction holds (PostgreSQL's
//! `FOR UPDATE SKIP LOCKED`) and keeps it until it commits, so concurrent writers — in one
//! server process or several — do not wait for each other, and their commits can share a
//! WAL flush. SQLite has one writer at a time and appends to lane 0 only. The list's order
//! is `seq`, a number every entry takes without a lock (a PostgreSQL sequence; on SQLite
//! the next after the largest, under the one write lock).
//!
//! Anchors bind the lanes together: from time to time every lane's head is written into
//! `audit_anchors`, each anchor authenticated with a MAC (a key derived from the key files)
//! over it and the anchor before. A lane cut short, rewritten or dropped below an anchor's
//! head no longer matches it; see ARCHITECTURE.md for what this protects against and what
//! it does not.

use panah_domain::{
    AuditContext, AuditEntry, AuditEvent, AuditNames, OrganizationId, UserId, Username,
};
use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use sqlx::FromRow;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::store::{on_backend, write_tx};
use crate::{BackendKind, Store, StoreError};

/// The hash that the first entry chains to.
pub(crate) const GENESIS: [u8; 32] = [0; 32];

/// The result of checking every lane and every anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Whether every entry is intact, every lane reaches its recorded head and agrees with
    /// every anchor, and every anchor is authentic.
    pub ok: bool,
    /// How many entries were checked.
    pub entries_checked: u64,
    /// How many anchors were checked.
    pub anchors_checked: u64,
    /// The first entry, lane by lane, that does not match its hash, its predecessor or an
    /// anchor — or, when rows are missing, the place where the next one should be.
    pub first_broken: Option<BrokenEntry>,
    /// The number of the first anchor whose MAC does not match (forged, altered, or one
    /// before it removed).
    pub broken_anchor: Option<i64>,
}

/// Where a lane breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenEntry {
    /// The entry's sequence number in the whole log; for a missing entry, the number after
    /// the last intact entry of its lane (exact while entries of that lane follow each
    /// other, as they all did before the log had lanes).
    pub seq: i64,
    /// The lane.
    pub lane: i32,
    /// The entry's place in its lane (from 1).
    pub lane_seq: i64,
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

/// Builds the entry numbered `seq`, with its time cut to microseconds: the precision
/// both backends store, so that the hash can be recomputed from what is read back.
pub(crate) fn next_entry(seq: i64, context: &AuditContext, event: &AuditEvent) -> AuditEntry {
    let at = stored_precision(context.at);
    AuditEntry {
        seq,
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

/// The statement that takes a lane for appending, with its head and the new entry's
/// number. On PostgreSQL it locks the lane this transaction already holds, if any (it
/// remembers it in a transaction-local setting), or else the first lane no other
/// transaction holds; it finds none only when every lane is busy. SQLite's
/// `BEGIN IMMEDIATE` already holds the only write lock.
pub(crate) fn take_lane(kind: BackendKind) -> &'static str {
    match kind {
        BackendKind::Sqlite => {
            "SELECT lane, seq, hash, (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log), '' \
             FROM audit_lanes WHERE lane = 0"
        }
        BackendKind::Postgres => {
            "SELECT lane, seq, hash, nextval('audit_log_seq'), \
             set_config('panah.audit_lane', lane::text, true) \
             FROM (SELECT lane, seq, hash FROM audit_lanes \
             ORDER BY lane = NULLIF(current_setting('panah.audit_lane', true), '')::integer \
             DESC NULLS LAST, lane LIMIT 1 FOR UPDATE SKIP LOCKED) AS free"
        }
    }
}

/// When every lane is busy (more transactions write at once than there are lanes, or a
/// test holds them all): wait for lane 0. Only then can appending wait for another
/// transaction, and so take part in a deadlock, which PostgreSQL breaks by failing one.
pub(crate) const WAIT_FOR_LANE: &str = "SELECT lane, seq, hash, nextval('audit_log_seq'), \
     set_config('panah.audit_lane', lane::text, true) \
     FROM (SELECT lane, seq, hash FROM audit_lanes WHERE lane = 0 FOR UPDATE) AS busy";

/// The statement that numbers the entries after the first of a batch on PostgreSQL, from
/// the same sequence ([`take_lane`] numbers the first): `$1` of them, in order.
pub(crate) const MORE_SEQS: &str = "SELECT nextval('audit_log_seq') FROM generate_series(1, $1)";

/// Appends an audit entry inside the open transaction `$tx` (an expression of type
/// `&mut Transaction`), for store `$store`. Expanded per backend by the caller's
/// `write_tx!`.
macro_rules! append_audit {
    ($store:expr, $tx:expr, $context:expr, $event:expr) => {{
        // Bound first, so that an event built in the argument lives through the append.
        let context = $context;
        let event = $event;
        $crate::audit::append_audits!($store, $tx, [(context, event)])
    }};
}
pub(crate) use append_audit;

/// Appends the entries of `$pairs` (an iterable of `(&AuditContext, &AuditEvent)`), in
/// order, inside the open transaction `$tx`: one lane taken, one statement inserting them
/// all and one moving the lane's head, however many there are. A group commit of audited
/// reads then costs a handful of statements rather than three per read.
macro_rules! append_audits {
    ($store:expr, $tx:expr, $pairs:expr) => {{
        let pairs: Vec<(&panah_domain::AuditContext, &panah_domain::AuditEvent)> =
            $pairs.into_iter().collect();
        if let Some(count) = std::num::NonZeroUsize::new(pairs.len()) {
            let taken: Option<(i32, i64, Vec<u8>, i64, String)> =
                sqlx::query_as($crate::audit::take_lane($store.kind()))
                    .fetch_optional(&mut *$tx)
                    .await?;
            let (lane, lane_seq, mut previous, first_seq, _) = match taken {
                Some(taken) => taken,
                None => {
                    sqlx::query_as($crate::audit::WAIT_FOR_LANE)
                        .fetch_one(&mut *$tx)
                        .await?
                }
            };
            // SQLite's write lock is the whole database's, so the numbers after the first
            // are free; PostgreSQL takes them from the sequence.
            let more = count.get() - 1;
            let mut seqs = vec![first_seq];
            match $store.kind() {
                $crate::BackendKind::Sqlite => {
                    seqs.extend((1..=more).map(|n| first_seq + n as i64));
                }
                $crate::BackendKind::Postgres if more > 0 => {
                    let next: Vec<i64> = sqlx::query_scalar($crate::audit::MORE_SEQS)
                        .bind(more as i64)
                        .fetch_all(&mut *$tx)
                        .await?;
                    seqs.extend(next);
                }
                $crate::BackendKind::Postgres => {}
            }
            let mut rows = Vec::with_capacity(pairs.len());
            for ((context, event), seq) in pairs.into_iter().zip(seqs) {
                let entry = $crate::audit::next_entry(seq, context, event);
                let hash = $crate::audit::chain_hash(&previous, &entry);
                rows.push((entry, std::mem::replace(&mut previous, hash.clone()), hash));
            }
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO audit_log (seq, id, at, actor_id, actor_organization_id, action, \
                 target_type, target_id, outcome, request_id, details, prev_hash, hash, \
                 os_user, lane, lane_seq) ",
            );
            insert.push_values(
                rows.iter().enumerate(),
                |mut row, (n, (entry, prev, hash))| {
                    row.push_bind(entry.seq)
                        .push_bind(entry.id)
                        .push_bind(entry.at)
                        .push_bind(entry.actor_id.map(|id| id.0))
                        .push_bind(entry.actor_organization_id.map(|id| id.0))
                        .push_bind(entry.action.as_str())
                        .push_bind(entry.target_type.as_deref())
                        .push_bind(entry.target_id.as_deref())
                        .push_bind(entry.outcome.as_str())
                        .push_bind(entry.request_id)
                        .push_bind(entry.details.as_deref())
                        .push_bind(prev.as_slice())
                        .push_bind(hash.as_slice())
                        .push_bind(entry.os_user.as_ref().map(|name| name.as_str()))
                        .push_bind(lane)
                        .push_bind(lane_seq + 1 + n as i64);
                },
            );
            insert.build().execute(&mut *$tx).await?;
            sqlx::query("UPDATE audit_lanes SET seq = $1, hash = $2 WHERE lane = $3")
                .bind(lane_seq + count.get() as i64)
                .bind(&previous)
                .bind(lane)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use append_audits;

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
    // Verifying reads the place in the lane; the list does not.
    #[sqlx(default)]
    lane_seq: i64,
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

const AUDIT_LANE_FROM: &str = "SELECT seq, id, at, actor_id, actor_organization_id, \
     action, target_type, target_id, outcome, request_id, details, os_user, prev_hash, hash, \
     lane_seq FROM audit_log WHERE lane = $1 AND lane_seq >= $2 AND lane_seq <= $3 \
     ORDER BY lane_seq LIMIT $4";

/// Entries that no lane head covers: beyond their lane's head, or in a lane without one.
/// Appending moves the head in the same transaction, so a committed entry is never there;
/// a forged one, or one whose head was wound back, is.
const AUDIT_BEYOND_HEADS: &str = "SELECT a.lane, MIN(a.lane_seq), MIN(a.seq) FROM audit_log a \
     LEFT JOIN audit_lanes l ON l.lane = a.lane \
     WHERE l.lane IS NULL OR a.lane_seq > l.seq GROUP BY a.lane ORDER BY a.lane LIMIT 1";

/// A lane's head: its last place and that entry's hash.
type Head = (i64, Vec<u8>);

/// What the anchors say each lane's entry at a place hashes to, by lane and place.
type Checkpoints = BTreeMap<i32, BTreeMap<i64, String>>;

/// Every lane's head in the anchors' JSON form, `[[lane, lane_seq, hex hash], ...]`.
fn heads_json(heads: &[(i32, i64, Vec<u8>)]) -> String {
    serde_json::Value::Array(
        heads
            .iter()
            .map(|(lane, seq, hash)| serde_json::json!([lane, seq, hex(hash)]))
            .collect(),
    )
    .to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What an anchor's MAC covers: its number, time and heads, and the MAC of the anchor
/// before it, so that anchors cannot be removed from the middle or reordered unnoticed.
fn anchor_message(n: i64, at: OffsetDateTime, heads: &str, previous: &[u8]) -> Vec<u8> {
    serde_json::json!([
        n,
        at.format(&Rfc3339).unwrap_or_default(),
        heads,
        hex(previous)
    ])
    .to_string()
    .into_bytes()
}

/// Time cut to microseconds, the precision both backends store.
fn stored_precision(at: OffsetDateTime) -> OffsetDateTime {
    let at = at.to_offset(time::UtcOffset::UTC);
    at.replace_nanosecond(at.nanosecond() / 1_000 * 1_000)
        .unwrap_or(at)
}

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
            append_audits!(
                self,
                tx,
                batch.iter().map(|(context, event)| (context, event))
            );
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

    /// Writes an anchor of every lane's head, unless nothing was appended since the last
    /// one. Returns whether it wrote one. Two processes anchoring at once take the same
    /// number; the second one's insert fails on the key and it writes nothing.
    pub async fn anchor_audit(&self, at: OffsetDateTime) -> Result<bool, StoreError> {
        let keys = self.keys()?;
        let at = stored_precision(at);
        let written = write_tx!(self, |tx| {
            let heads: Vec<(i32, i64, Vec<u8>)> = sqlx::query_as(
                "SELECT lane, seq, hash FROM audit_lanes WHERE seq > 0 ORDER BY lane",
            )
            .fetch_all(&mut *tx)
            .await?;
            let heads = heads_json(&heads);
            let last: Option<(i64, String, Vec<u8>)> =
                sqlx::query_as("SELECT n, heads, mac FROM audit_anchors ORDER BY n DESC LIMIT 1")
                    .fetch_optional(&mut *tx)
                    .await?;
            let next = match last {
                Some((_, last_heads, _)) if last_heads == heads => None,
                Some((n, _, mac)) => Some((n + 1, mac)),
                None => Some((1, GENESIS.to_vec())),
            };
            match next {
                None => false,
                Some((n, previous)) => {
                    let mac = keys.anchor_mac(&anchor_message(n, at, &heads, &previous))?;
                    let inserted = sqlx::query(
                        "INSERT INTO audit_anchors (n, at, heads, mac) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (n) DO NOTHING",
                    )
                    .bind(n)
                    .bind(at)
                    .bind(&heads)
                    .bind(&mac)
                    .execute(&mut *tx)
                    .await?;
                    inserted.rows_affected() == 1
                }
            }
        });
        Ok(written)
    }

    /// Checks the anchors' MACs in order and gathers what they say of each lane.
    async fn check_anchors(&self) -> Result<(u64, Option<i64>, Checkpoints), StoreError> {
        let anchors: Vec<(i64, OffsetDateTime, String, Vec<u8>)> = on_backend!(self, |pool| {
            sqlx::query_as("SELECT n, at, heads, mac FROM audit_anchors ORDER BY n")
                .fetch_all(pool)
                .await
        })?;
        let mut checkpoints = Checkpoints::new();
        let mut previous = GENESIS.to_vec();
        let mut checked = 0;
        for (expected, (n, at, heads, mac)) in (1..).zip(anchors) {
            let authentic = n == expected
                && self
                    .keys()?
                    .anchor_mac(&anchor_message(n, at, &heads, &previous))?
                    == mac;
            let parsed: Option<Vec<(i32, i64, String)>> = serde_json::from_str(&heads).ok();
            let Some(parsed) = parsed.filter(|_| authentic) else {
                return Ok((checked, Some(expected), checkpoints));
            };
            for (lane, lane_seq, hash) in parsed {
                checkpoints.entry(lane).or_default().insert(lane_seq, hash);
            }
            checked += 1;
            previous = mac;
        }
        Ok((checked, None, checkpoints))
    }

    /// Walks every lane, oldest entry first, recomputing every hash, up to the heads as they
    /// were when it started (entries appended meanwhile are checked the next time); checks
    /// every anchor's MAC and that each lane holds the entries the anchors name; and that no
    /// entry lies beyond its lane's head.
    pub async fn verify_audit(&self) -> Result<Verification, StoreError> {
        // The anchors first: every head an anchor names was committed before it, so the
        // heads read next are at or past it.
        let (anchors_checked, broken_anchor, checkpoints) = self.check_anchors().await?;
        let heads: Vec<(i32, i64, Vec<u8>)> = on_backend!(self, |pool| {
            sqlx::query_as("SELECT lane, seq, hash FROM audit_lanes ORDER BY lane")
                .fetch_all(pool)
                .await
        })?;
        let mut lanes: BTreeMap<i32, Head> = heads
            .into_iter()
            .map(|(lane, seq, hash)| (lane, (seq, hash)))
            .collect();
        // A lane an anchor names but without a head row: its head was removed.
        for lane in checkpoints.keys() {
            lanes.entry(*lane).or_insert((0, GENESIS.to_vec()));
        }
        let mut checked = 0u64;
        let mut first_broken = None;
        for (lane, head) in &lanes {
            let anchored = checkpoints.get(lane);
            match self
                .verify_lane(*lane, head, anchored, &mut checked)
                .await?
            {
                None => {}
                broken => {
                    first_broken = broken;
                    break;
                }
            }
        }
        if first_broken.is_none() {
            let beyond: Option<(i32, i64, i64)> = on_backend!(self, |pool| {
                sqlx::query_as(AUDIT_BEYOND_HEADS)
                    .fetch_optional(pool)
                    .await
            })?;
            first_broken = beyond.map(|(lane, lane_seq, seq)| BrokenEntry {
                seq,
                lane,
                lane_seq,
                id: None,
            });
        }
        Ok(Verification {
            ok: first_broken.is_none() && broken_anchor.is_none(),
            entries_checked: checked,
            anchors_checked,
            first_broken,
            broken_anchor,
        })
    }

    /// Walks one lane up to `head`; the first place where it breaks, if it does.
    async fn verify_lane(
        &self,
        lane: i32,
        head: &Head,
        anchored: Option<&BTreeMap<i64, String>>,
        checked: &mut u64,
    ) -> Result<Option<BrokenEntry>, StoreError> {
        const BATCH: i64 = 1000;
        let (head_seq, head_hash) = head;
        let mut previous = GENESIS.to_vec();
        let mut expected = 1;
        let mut last_seq = 0;
        let missing = |lane_seq, last_seq: i64| BrokenEntry {
            seq: last_seq + 1,
            lane,
            lane_seq,
            id: None,
        };
        while expected <= *head_seq {
            let rows: Vec<AuditRow> = on_backend!(self, |pool| {
                sqlx::query_as(AUDIT_LANE_FROM)
                    .bind(lane)
                    .bind(expected)
                    .bind(*head_seq)
                    .bind(BATCH)
                    .fetch_all(pool)
                    .await
            })?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let at_place = row.lane_seq == expected;
                let intact = at_place
                    && row.prev_hash == previous
                    && row
                        .entry()
                        .is_ok_and(|entry| chain_hash(&previous, &entry) == row.hash)
                    && anchored
                        .and_then(|places| places.get(&expected))
                        .is_none_or(|hash| *hash == hex(&row.hash));
                if !intact {
                    return Ok(Some(if at_place {
                        BrokenEntry {
                            seq: row.seq,
                            lane,
                            lane_seq: expected,
                            id: Some(row.id),
                        }
                    } else {
                        missing(expected, last_seq)
                    }));
                }
                *checked += 1;
                expected += 1;
                last_seq = row.seq;
                previous = row.hash;
            }
        }
        // Rows removed from the end leave an intact but shorter lane: its head knows. A
        // head wound back with them still falls short of the anchors that saw it longer.
        let anchored_end = anchored
            .and_then(|places| places.keys().next_back())
            .copied()
            .unwrap_or(0);
        if expected - 1 != *head_seq || previous != *head_hash || anchored_end > *head_seq {
            return Ok(Some(missing(expected, last_seq)));
        }
        Ok(None)
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sqlx::{Connection, Executor};

    use super::*;
    use crate::DatabaseOptions;

    /// A log written by the single chain (migrations up to 0016), then migrated to lanes:
    /// the old entries verify as lane 0, and new ones follow them there.
    async fn the_single_chain_becomes_lane_zero(url: &str) {
        let store = Store::connect(&DatabaseOptions {
            url: url.into(),
            max_connections: 2,
            connect_timeout: Duration::from_secs(10),
            busy_timeout: Duration::from_secs(10),
        })
        .await
        .unwrap();
        on_backend!(store, |pool| store.migrator().run_to(16, pool).await).unwrap();
        let at = OffsetDateTime::now_utc();
        let mut previous = GENESIS.to_vec();
        for seq in 1..=3 {
            let event = AuditEvent::success("test.old", "thing", seq);
            let entry = next_entry(seq, &AuditContext::system(at), &event);
            let hash = chain_hash(&previous, &entry);
            on_backend!(store, |pool| sqlx::query(
                "INSERT INTO audit_log (seq, id, at, action, target_type, target_id, outcome, \
                 prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            )
            .bind(entry.seq)
            .bind(entry.id)
            .bind(entry.at)
            .bind(&entry.action)
            .bind(&entry.target_type)
            .bind(&entry.target_id)
            .bind(entry.outcome.as_str())
            .bind(&previous)
            .bind(&hash)
            .execute(pool)
            .await
            .map(drop))
            .unwrap();
            on_backend!(store, |pool| sqlx::query(
                "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1"
            )
            .bind(seq)
            .bind(&hash)
            .execute(pool)
            .await
            .map(drop))
            .unwrap();
            previous = hash;
        }
        store.migrate().await.unwrap();
        let verification = store.verify_audit().await.unwrap();
        assert!(verification.ok, "{verification:?}");
        assert_eq!(verification.entries_checked, 3);

        let event = AuditEvent::success("test.new", "thing", 4);
        store
            .record_audit(&AuditContext::system(at), &event)
            .await
            .unwrap();
        let verification = store.verify_audit().await.unwrap();
        assert!(verification.ok, "{verification:?}");
        assert_eq!(verification.entries_checked, 4);
        let newest: (i64, i32, i64) = on_backend!(store, |pool| sqlx::query_as(
            "SELECT seq, lane, lane_seq FROM audit_log WHERE action = 'test.new'"
        )
        .fetch_one(pool)
        .await)
        .unwrap();
        assert_eq!(newest, (4, 0, 4));
        store.close().await;
    }

    #[tokio::test]
    async fn sqlite_single_chain_becomes_lane_zero() {
        let file = std::env::temp_dir().join(format!("panah-lanes-{}.db", Uuid::now_v7()));
        the_single_chain_becomes_lane_zero(&format!("sqlite://{}", file.display())).await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }

    #[tokio::test]
    async fn postgres_single_chain_becomes_lane_zero() {
        let Ok(admin_url) = std::env::var("PANAH_TEST_POSTGRES_URL") else {
            return;
        };
        // Named like the test suite's databases, so that CI removes it if this is killed.
        let name = format!("panah_test_lanes_{}", Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        the_single_chain_becomes_lane_zero(&format!("{base}/{name}")).await;
        admin
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE {name} WITH (FORCE)"
            )))
            .await
            .unwrap();
    }
}
