//! Making a referral: from an IOM case, or from a ministry with the person inline.

use panah_domain::{
    AuditContext, AuditEvent, Disclosure, ReferralId, ReferralStatus, disclosure_basis,
};
use uuid::Uuid;

use super::{NewReferral, Origin};
use crate::audit::append_audit;
use crate::columns::corrupt;
use crate::consents::consents_in_tx;
use crate::idempotency::once_per_claim;
use crate::person::seal_person;
use crate::store::write_tx;
use crate::{Store, StoreError};

impl Store {
    /// Creates a referral (sent at once when `new.send`), and audits it. A referral from a
    /// case is refused with [`StoreError::NotFound`] when the case is outside the scope,
    /// and an identity disclosure with [`StoreError::ConsentRequired`] unless the case
    /// holds a data_sharing consent, not withdrawn, covering the receiver's kind: checked
    /// in the same transaction, so a consent withdrawn meanwhile cannot slip through.
    pub async fn create_referral(
        &self,
        new: &NewReferral,
        context: &AuditContext,
    ) -> Result<ReferralId, StoreError> {
        let keys = self.keys()?;
        let id = ReferralId(Uuid::now_v7());
        let message = new
            .message
            .as_deref()
            .map(|m| keys.seal("referrals", "message", id.0, m))
            .transpose()?;
        let subject = match &new.origin {
            Origin::Subject(subject) => Some((
                subject,
                seal_person(keys, "referrals", id.0, &subject.person)?,
                serde_json::to_string(&subject.trafficking)
                    .map_err(|_| corrupt("referrals.subject_trafficking")())?,
            )),
            Origin::Case { .. } => None,
        };
        let status = if new.send {
            ReferralStatus::Sent
        } else {
            ReferralStatus::Draft
        };
        let event = AuditEvent::success("referral.create", "referral", id).with_details(
            serde_json::json!({
                "to_organization_id": new.to_organization_id,
                "disclosure": new.disclosure,
                "status": status,
            })
            .to_string(),
        );
        let created = write_tx!(self, |tx| {
            once_per_claim!(tx, context, id.0, {
                let (case_id, province, basis) = match &new.origin {
                    Origin::Case { case_id, scope } => {
                        let province: Option<String> = sqlx::query_scalar(
                            "SELECT province FROM cases WHERE id = $1 \
                         AND ($2 IS NULL OR assigned_to = $2)",
                        )
                        .bind(case_id.0)
                        .bind(scope.assignee())
                        .fetch_optional(&mut *tx)
                        .await?;
                        let Some(province) = province else {
                            return Err(StoreError::NotFound);
                        };
                        let basis = if new.disclosure == Disclosure::Identity {
                            let consents = consents_in_tx!(self, tx, case_id.0);
                            let basis =
                                disclosure_basis(&consents, new.purpose, new.to_organization_kind)
                                    .map_err(StoreError::ConsentRequired)?;
                            Some(basis)
                        } else {
                            None
                        };
                        (Some(case_id.0), province, basis)
                    }
                    Origin::Subject(subject) => (None, subject.province.code().to_owned(), None),
                };
                let consent_id = basis.map(|b| b.data_sharing.0);
                let law_enforcement_consent_id =
                    basis.and_then(|b| b.law_enforcement_contact.map(|c| c.0));
                let person = subject.as_ref().map(|(s, _, _)| &s.person);
                let sealed = subject.as_ref().map(|(_, sealed, _)| sealed);
                sqlx::query(
                    "INSERT INTO referrals (id, from_organization_id, to_organization_id, case_id, \
                 status, purpose, disclosure, urgency, due_date, province, consent_id, \
                 key_version, message, subject_category, subject_identified_on, \
                 subject_consent_given_on, subject_sex, subject_citizenship, \
                 subject_estimated_age, subject_age_group, subject_trafficking, given_name, \
                 family_name, fathers_name, date_of_birth, phone, address, document_number, \
                 created_by, version, created_at, updated_at, sent_at, \
                 law_enforcement_consent_id, subject_consent_given_by, \
                 subject_consent_guardian_relation, other_script_given_name, \
                 other_script_family_name) VALUES ($1, $2, $3, $4, \
                 $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
                 $22, $23, $24, $25, $26, $27, $28, $29, 1, $30, $30, \
                 CASE WHEN $5 = 'sent' THEN $30 END, $31, $32, $33, $34, $35)",
                )
                .bind(id.0)
                .bind(new.from_organization_id.0)
                .bind(new.to_organization_id.0)
                .bind(case_id)
                .bind(status.as_str())
                .bind(new.purpose.as_str())
                .bind(new.disclosure.as_str())
                .bind(new.urgency.as_str())
                .bind(new.due_date)
                .bind(&province)
                .bind(consent_id)
                .bind(i64::from(keys.current_version()))
                .bind(&message)
                .bind(subject.as_ref().map(|(s, _, _)| s.category.as_str()))
                .bind(subject.as_ref().map(|(s, _, _)| s.identified_on))
                .bind(subject.as_ref().and_then(|(s, _, _)| s.consent_given_on))
                .bind(person.map(|p| p.sex.as_str()))
                .bind(person.map(|p| p.citizenship.code()))
                .bind(person.and_then(|p| p.estimated_age.map(i32::from)))
                .bind(
                    subject
                        .as_ref()
                        .and_then(|(s, _, _)| s.person.age_group(s.identified_on))
                        .map(|g| g.as_str()),
                )
                .bind(subject.as_ref().map(|(_, _, trafficking)| trafficking))
                .bind(sealed.map(|s| s.given_name.clone()))
                .bind(sealed.and_then(|s| s.family_name.clone()))
                .bind(sealed.and_then(|s| s.fathers_name.clone()))
                .bind(sealed.and_then(|s| s.date_of_birth.clone()))
                .bind(sealed.and_then(|s| s.phone.clone()))
                .bind(sealed.and_then(|s| s.address.clone()))
                .bind(sealed.and_then(|s| s.document_number.clone()))
                .bind(context.actor_id.map(|u| u.0))
                .bind(context.at)
                .bind(law_enforcement_consent_id)
                .bind(
                    subject
                        .as_ref()
                        .map(|(s, _, _)| s.consent_given_by.giver().as_str()),
                )
                .bind(
                    subject
                        .as_ref()
                        .and_then(|(s, _, _)| s.consent_given_by.relation())
                        .map(|r| r.as_str()),
                )
                .bind(sealed.and_then(|s| s.other_script_given_name.clone()))
                .bind(sealed.and_then(|s| s.other_script_family_name.clone()))
                .execute(&mut *tx)
                .await?;
                if new.send {
                    sqlx::query(
                        "INSERT INTO referral_timeline (id, referral_id, event, actor_id, \
                     organization_id, key_version, comment, at) \
                     VALUES ($1, $2, 'send', $3, $4, $5, NULL, $6)",
                    )
                    .bind(Uuid::now_v7())
                    .bind(id.0)
                    .bind(context.actor_id.map(|u| u.0))
                    .bind(new.from_organization_id.0)
                    .bind(i64::from(keys.current_version()))
                    .bind(context.at)
                    .execute(&mut *tx)
                    .await?;
                }
                append_audit!(self, tx, context, &event);
            })
        });
        Ok(ReferralId(created))
    }
}
