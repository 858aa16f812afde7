//! Case notes: free text about a person, so sealed at rest, and every read of them audited
//! in the transaction that reads them. Every query names the case and its [`CaseScope`] in
//! SQL.

use panah_domain::{AuditContext, AuditEvent, CaseId, CaseNote, NoteId, UserId};
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::append_audit;
use crate::crypto::FieldKeys;
use crate::idempotency::once_per_claim;
use crate::store::{on_backend, write_tx};
use crate::{CaseScope, Store, StoreError};

const NOTE_COLUMNS: &str = "case_notes.id, case_notes.case_id, case_notes.body, \
    case_notes.author_id, case_notes.created_at";

#[derive(FromRow)]
struct NoteRow {
    id: Uuid,
    case_id: Uuid,
    body: Vec<u8>,
    author_id: Uuid,
    created_at: OffsetDateTime,
}

impl NoteRow {
    fn note(&self, keys: &FieldKeys) -> Result<CaseNote, StoreError> {
        Ok(CaseNote {
            id: NoteId(self.id),
            case_id: CaseId(self.case_id),
            body: keys.open("case_notes", "body", self.id, &self.body)?,
            author_id: UserId(self.author_id),
            created_at: self.created_at,
        })
    }
}

impl Store {
    /// Writes a note on the case, if the case is in `scope` (else
    /// [`StoreError::NotFound`]), sealing its text, and audits it naming the note and the
    /// case.
    pub async fn create_note(
        &self,
        case_id: CaseId,
        scope: CaseScope,
        body: &str,
        context: &AuditContext,
    ) -> Result<CaseNote, StoreError> {
        let keys = self.keys()?;
        let id = NoteId(Uuid::now_v7());
        let sealed = keys.seal("case_notes", "body", id.0, body)?;
        let event = AuditEvent::success("note.create", "note", id.0)
            .with_details(serde_json::json!({ "case_id": case_id }).to_string());
        let row: NoteRow = write_tx!(self, |tx| {
            let created = once_per_claim!(tx, context, id.0, {
                // Inserting from the scoped case row makes the scope and the write one statement.
                let inserted = sqlx::query(
                "INSERT INTO case_notes (id, case_id, key_version, body, author_id, created_at) \
                 SELECT $1, cases.id, $3, $4, $5, $6 FROM cases \
                 WHERE cases.id = $2 AND ($7 IS NULL OR cases.assigned_to = $7)",
            )
            .bind(id.0)
            .bind(case_id.0)
            .bind(i64::from(keys.current_version()))
            .bind(&sealed)
            // Without a signed-in actor this is NULL, which `author_id NOT NULL` refuses.
            .bind(context.actor_id.map(|user| user.0))
            .bind(context.at)
            .bind(scope.assignee())
            .execute(&mut *tx)
            .await?
            .rows_affected();
                if inserted == 0 {
                    return Err(StoreError::NotFound);
                }
                append_audit!(self, tx, context, &event);
            });
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {NOTE_COLUMNS} FROM case_notes WHERE case_notes.id = $1"
            )))
            .bind(created)
            .fetch_one(&mut *tx)
            .await?
        });
        row.note(keys)
    }

    /// The case's notes, newest first, older than the note `before` (the cursor), at most
    /// `limit`; `None` when the case is not in `scope`. The read is audited as
    /// `case.notes.read` (through the group-commit writer, before anything is returned),
    /// naming the case and how many notes were read.
    pub async fn list_notes(
        &self,
        case_id: CaseId,
        scope: CaseScope,
        before: Option<NoteId>,
        limit: u32,
        context: &AuditContext,
    ) -> Result<Option<Vec<CaseNote>>, StoreError> {
        let keys = self.keys()?;
        if !self.case_in_scope(case_id, scope).await? {
            return Ok(None);
        }
        let rows: Vec<NoteRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {NOTE_COLUMNS} FROM case_notes \
                 JOIN cases ON cases.id = case_notes.case_id \
                 WHERE case_notes.case_id = $1 AND ($2 IS NULL OR cases.assigned_to = $2) \
                   AND ($3 IS NULL OR case_notes.id < $3) \
                 ORDER BY case_notes.id DESC LIMIT $4"
            )))
            .bind(case_id.0)
            .bind(scope.assignee())
            .bind(before.map(|n| n.0))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
        })?;
        let notes = rows
            .iter()
            .map(|row| row.note(keys))
            .collect::<Result<Vec<_>, _>>()?;
        let event = AuditEvent::success("case.notes.read", "case", case_id)
            .with_details(serde_json::json!({ "notes": notes.len() }).to_string());
        self.record_audit(context, &event).await?;
        Ok(Some(notes))
    }

    /// One note of the case, if the case is in `scope`. The read is audited as
    /// `case.notes.read` before it is returned, naming the case and the note.
    pub async fn read_note(
        &self,
        case_id: CaseId,
        id: NoteId,
        scope: CaseScope,
        context: &AuditContext,
    ) -> Result<Option<CaseNote>, StoreError> {
        let keys = self.keys()?;
        let event = AuditEvent::success("case.notes.read", "case", case_id)
            .with_details(serde_json::json!({ "note_id": id.0 }).to_string());
        let row: Option<NoteRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {NOTE_COLUMNS} FROM case_notes \
                 JOIN cases ON cases.id = case_notes.case_id \
                 WHERE case_notes.id = $1 AND case_notes.case_id = $2 \
                   AND ($3 IS NULL OR cases.assigned_to = $3)"
            )))
            .bind(id.0)
            .bind(case_id.0)
            .bind(scope.assignee())
            .fetch_optional(pool)
            .await
        })?;
        let Some(note) = row.map(|row| row.note(keys)).transpose()? else {
            return Ok(None);
        };
        self.record_audit(context, &event).await?;
        Ok(Some(note))
    }
}
