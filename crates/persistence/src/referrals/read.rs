//! Reading referrals as one caller sees them: one, a list, a timeline, and the person's
//! identity when the referral discloses it.

use panah_domain::{
    AuditContext, AuditEvent, Disclosure, GivenBy, OrganizationId, Person, Referral, ReferralId,
    TimelineEntry, TimelineEvent, Urgency, UserId,
};

use super::{
    Mailbox, NO_DUE_DATE, NewSubject, REFERRAL_COLUMNS, ReferralCursor, ReferralFilter,
    ReferralRow, ReferralScope, SORT_COLUMNS, SORT_KEY, SeenReferral, SubjectRow, TimelineRow,
    side_conditions,
};
use crate::columns::{corrupt, parse};
use crate::person::{PersonColumns, open_person};
use crate::query::{Conditions, Param, fetch_with};
use crate::store::on_backend;
use crate::{CaseScope, Store, StoreError};

impl Store {
    /// The referral, with its message opened, if `scope` lets the caller see it.
    pub async fn referral_for(
        &self,
        id: ReferralId,
        scope: ReferralScope,
    ) -> Result<Option<SeenReferral>, StoreError> {
        let keys = self.keys()?;
        let mut conditions = Conditions::default();
        let (sends, receives) = side_conditions(scope, &mut conditions);
        let id_placeholder = conditions.placeholder(Param::Id(id.0));
        let sql = format!(
            "SELECT {REFERRAL_COLUMNS}, CASE WHEN {sends} THEN 1 ELSE 0 END AS sends \
             FROM referrals r LEFT JOIN cases c ON c.id = r.case_id \
             WHERE r.id = {id_placeholder} AND ({sends} OR {receives})"
        );
        let row: Option<ReferralRow> = fetch_with!(self, sql, conditions, fetch_optional)?;
        row.map(|row| row.seen(Some(keys))).transpose()
    }

    /// The referrals `scope` lets the caller see, matching `filter`, sorted by urgency
    /// then due date, after `cursor`, at most `limit`. Messages are not opened.
    pub async fn list_referrals(
        &self,
        scope: ReferralScope,
        filter: &ReferralFilter,
        cursor: Option<ReferralCursor>,
        limit: u32,
    ) -> Result<Vec<SeenReferral>, StoreError> {
        let mut conditions = Conditions::default();
        let (sends, receives) = side_conditions(scope, &mut conditions);
        let mut clauses = Vec::new();
        if let Some(status) = filter.status {
            let p = conditions.placeholder(Param::Text(status.as_str()));
            clauses.push(format!("r.status = {p}"));
        }
        if let Some(purpose) = filter.purpose {
            let p = conditions.placeholder(Param::Text(purpose.as_str()));
            clauses.push(format!("r.purpose = {p}"));
        }
        if let Some(province) = filter.province {
            let p = conditions.placeholder(Param::Text(province.code()));
            clauses.push(format!("r.province = {p}"));
        }
        if let Some(case) = filter.case_id {
            let p = conditions.placeholder(Param::Id(case.0));
            clauses.push(format!("r.case_id = {p}"));
        }
        if let Some((overdue, today)) = filter.overdue {
            let p = conditions.placeholder(Param::Date(today));
            let condition = format!("(r.status IN ('sent', 'acknowledged') AND r.due_date < {p})");
            clauses.push(if overdue {
                condition
            } else {
                // A missing due date makes the condition NULL, not false: COALESCE.
                format!("NOT COALESCE({condition}, FALSE)")
            });
        }
        if let Some(cursor) = cursor {
            let rank = conditions.placeholder(Param::Int(match cursor.urgency {
                Urgency::Urgent => 0,
                Urgency::Normal => 1,
            }));
            let due = conditions.placeholder(Param::Date(cursor.due_date.unwrap_or(NO_DUE_DATE)));
            let after = conditions.placeholder(Param::Id(cursor.id.0));
            clauses.push(format!("({SORT_KEY}) > ({rank}, {due}, {after})"));
        }
        let filters: String = clauses.iter().map(|c| format!(" AND {c}")).collect();
        // One side's referrals, in the list's order, at most `limit`: its condition leads
        // the query so that the side's own index (migration 0016) gives the rows in order
        // and the scan stops after `limit`.
        let side = |visible: &str, sends: &str| {
            format!(
                "SELECT {REFERRAL_COLUMNS}, {sends} AS sends, {SORT_COLUMNS} \
                 FROM referrals r LEFT JOIN cases c ON c.id = r.case_id \
                 WHERE {visible}{filters} ORDER BY {SORT_KEY} LIMIT {limit}"
            )
        };
        let is_sender = format!("CASE WHEN {sends} THEN 1 ELSE 0 END");
        let sql = match filter.mailbox {
            Some(Mailbox::Inbox) => side(&receives, &is_sender),
            Some(Mailbox::Outbox) => side(&sends, "1"),
            // Both sides: "sent OR received" in one query can follow neither index and
            // sorts every referral the caller sees, so each side is read on its own and
            // the two short lists merged. A referral on both sides is the sender's, as
            // in the one-side lists; the received side leaves it out (`sends` may be
            // NULL for a referral without a case, hence COALESCE).
            None => format!(
                "SELECT * FROM ({}) sent UNION ALL SELECT * FROM ({}) received \
                 ORDER BY sort_rank, sort_due, id LIMIT {limit}",
                side(&sends, "1"),
                side(&format!("{receives} AND NOT COALESCE({sends}, FALSE)"), "0"),
            ),
        };
        // A desk's list is planned with its values every time. A generic plan cannot tell
        // one organisation from another: with a handful of them, `from_organization_id =
        // $1` looks like half the referrals, so it scanned every referral in order instead
        // of the desk's own index — 18 ms instead of 2 ms a page at 20,000 referrals, over
        // 100 ms under load. A case's referrals are few and found by the case's index
        // whatever the values, so their cached plan stays.
        let cached = filter.case_id.is_some();
        let rows: Vec<ReferralRow> = fetch_with!(self, sql, conditions, fetch_all, cached)?;
        rows.iter().map(|row| row.seen(None)).collect()
    }

    /// The referral's timeline, oldest first, with comments opened and the people and
    /// organisations named beside their ids.
    pub async fn referral_timeline(
        &self,
        id: ReferralId,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        let keys = self.keys()?;
        let rows: Vec<TimelineRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT t.id, t.event, t.actor_id, u.username, u.display_name, \
                 t.organization_id, o.code AS organization_code, t.forwarded_to, \
                 f.code AS forwarded_to_code, t.comment, t.at \
                 FROM referral_timeline t \
                 JOIN users u ON u.id = t.actor_id \
                 JOIN organizations o ON o.id = t.organization_id \
                 LEFT JOIN organizations f ON f.id = t.forwarded_to \
                 WHERE t.referral_id = $1 ORDER BY t.id",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await
        })?;
        rows.iter()
            .map(|row| {
                Ok(TimelineEntry {
                    at: row.at,
                    actor: UserId(row.actor_id),
                    actor_username: parse(&row.username, "users.username")?,
                    actor_display_name: parse(&row.display_name, "users.display_name")?,
                    organization: OrganizationId(row.organization_id),
                    organization_code: parse(&row.organization_code, "organizations.code")?,
                    event: parse::<TimelineEvent>(&row.event, "referral_timeline.event")?,
                    forwarded_to: match (row.forwarded_to, &row.forwarded_to_code) {
                        (Some(id), Some(code)) => {
                            Some((OrganizationId(id), parse(code, "organizations.code")?))
                        }
                        _ => None,
                    },
                    comment: row
                        .comment
                        .as_deref()
                        .map(|c| keys.open("referral_timeline", "comment", row.id, c))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// The person's identity as the referral discloses it — from the case, or from the
    /// ministry's inline subject — or `None` when it discloses none. The read is audited
    /// before the identity is returned.
    pub async fn referral_identity(
        &self,
        referral: &Referral,
        context: &AuditContext,
    ) -> Result<Option<Person>, StoreError> {
        if referral.disclosure != Disclosure::Identity {
            return Ok(None);
        }
        let person = if referral.inbound {
            let Some((subject, _)) = self.inbound_subject(referral.id).await? else {
                return Ok(None);
            };
            subject.person
        } else {
            let Some(case_id) = referral.case_id else {
                return Ok(None);
            };
            let Some(case) = self.case_for_change(case_id, CaseScope::All).await? else {
                return Ok(None);
            };
            case.person
        };
        self.record_audit(
            context,
            &AuditEvent::success("referral.identity_read", "referral", referral.id),
        )
        .await?;
        Ok(Some(person))
    }

    /// The inline subject of a ministry's referral, identity opened, with the referring
    /// organisation; `None` for a referral made from a case. Not audited: callers audit
    /// what they do with it.
    pub(super) async fn inbound_subject(
        &self,
        id: ReferralId,
    ) -> Result<Option<(NewSubject, OrganizationId)>, StoreError> {
        let keys = self.keys()?;
        let row: Option<SubjectRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT from_organization_id, province, subject_category, \
                 subject_identified_on, subject_consent_given_on, subject_sex, \
                 subject_citizenship, subject_estimated_age, subject_trafficking, given_name, \
                 family_name, fathers_name, other_script_given_name, other_script_family_name, \
                 date_of_birth, phone, address, document_number, subject_consent_given_by, \
                 subject_consent_guardian_relation \
                 FROM referrals WHERE id = $1 AND subject_category IS NOT NULL",
            )
            .bind(id.0)
            .fetch_optional(pool)
            .await
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        let missing = |column: &'static str| corrupt(column);
        let given_name = row.given_name.ok_or_else(missing("referrals.given_name"))?;
        let sex = row
            .subject_sex
            .ok_or_else(missing("referrals.subject_sex"))?;
        let citizenship = row
            .subject_citizenship
            .ok_or_else(missing("referrals.subject_citizenship"))?;
        let person = open_person(
            keys,
            "referrals",
            id.0,
            &PersonColumns {
                given_name: &given_name,
                family_name: &row.family_name,
                fathers_name: &row.fathers_name,
                other_script_given_name: &row.other_script_given_name,
                other_script_family_name: &row.other_script_family_name,
                date_of_birth: &row.date_of_birth,
                phone: &row.phone,
                address: &row.address,
                document_number: &row.document_number,
                sex: &sex,
                citizenship: &citizenship,
                estimated_age: row.subject_estimated_age,
            },
        )?;
        let trafficking = row
            .subject_trafficking
            .ok_or_else(missing("referrals.subject_trafficking"))?;
        let subject = NewSubject {
            category: parse(
                row.subject_category.as_deref().unwrap_or_default(),
                "referrals.subject_category",
            )?,
            province: parse(&row.province, "referrals.province")?,
            identified_on: row
                .subject_identified_on
                .ok_or_else(missing("referrals.subject_identified_on"))?,
            person,
            trafficking: serde_json::from_str(&trafficking)
                .map_err(|_| corrupt("referrals.subject_trafficking")())?,
            consent_given_on: row.subject_consent_given_on,
            consent_given_by: GivenBy::from_parts(
                parse(
                    row.subject_consent_given_by.as_deref().unwrap_or("person"),
                    "referrals.subject_consent_given_by",
                )?,
                row.subject_consent_guardian_relation
                    .as_deref()
                    .map(|r| parse(r, "referrals.subject_consent_guardian_relation"))
                    .transpose()?,
            )
            .map_err(|_| corrupt("referrals.subject_consent_guardian_relation")())?,
        };
        Ok(Some((subject, OrganizationId(row.from_organization_id))))
    }
}
