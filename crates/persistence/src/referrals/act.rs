//! Moving a referral on: each action's timeline entry and audit entry, the case that
//! accepting a ministry's referral opens, and what withdrawing a consent undoes.

use panah_domain::{
    AuditContext, AuditEvent, CaseId, ConsentKind, Disclosure, GivenBy, OrganizationId,
    OrganizationKind, ReferralAction, ReferralId, ReferralPurpose, ReferralStatus, TimelineEvent,
    disclosure_basis,
};
use time::Date;
use uuid::Uuid;

use super::Intake;
use crate::audit::append_audit;
use crate::cases::insert_case;
use crate::columns::parse;
use crate::consents::consents_in_tx;
use crate::store::write_tx;
use crate::{NewCase, Store, StoreError};

/// Where a forwarded referral goes.
struct Forwarding {
    to: OrganizationId,
    to_kind: OrganizationKind,
}

/// What an action changes besides the status and the timeline.
#[derive(Clone, Copy)]
enum Change<'a> {
    /// Nothing more.
    Status,
    /// Accepting an inbound referral opens a case.
    Open(&'a Opening),
    /// Forwarding addresses the referral to another office.
    Forward(&'a Forwarding),
}

/// The case an accepted inbound referral opens, and the consents recorded on it.
struct Opening {
    case: NewCase,
    consent_given_on: Option<Date>,
    consent_given_by: GivenBy,
    sender_kind: OrganizationKind,
}

impl Store {
    /// Records `action` on the referral, which the caller found in status `from`: the
    /// status changes only if it still is `from` (else [`StoreError::Conflict`], the
    /// referral moved meanwhile), the timeline gains the entry, and the audit log the
    /// transition.
    pub async fn transition_referral(
        &self,
        id: ReferralId,
        from: ReferralStatus,
        action: ReferralAction,
        comment: Option<&str>,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        self.apply_referral_action(id, from, action, comment, Change::Status, context)
            .await
            .map(|_| ())
    }

    /// Forwards the referral, which the caller found in status `from`, to the office `to`
    /// (of kind `to_kind`): it is addressed to that office and `sent` again, and the
    /// timeline names the office. A referral that discloses the person's identity goes on
    /// only under consents covering the new receiver, checked in the same transaction
    /// (else [`StoreError::ConsentRequired`]); the referral then relies on those.
    pub async fn forward_referral(
        &self,
        id: ReferralId,
        from: ReferralStatus,
        to: OrganizationId,
        to_kind: OrganizationKind,
        comment: Option<&str>,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let forwarding = Forwarding { to, to_kind };
        self.apply_referral_action(
            id,
            from,
            ReferralAction::Forward,
            comment,
            Change::Forward(&forwarding),
            context,
        )
        .await
        .map(|_| ())
    }

    /// Records the receiving organisation's own reference on the referral (or removes it
    /// with `None`), if it is still at `expected_version` (else
    /// [`StoreError::VersionMismatch`]), and audits the change without the reference.
    pub async fn set_receiver_reference(
        &self,
        id: ReferralId,
        expected_version: i64,
        reference: Option<&str>,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let event = AuditEvent::success("referral.reference", "referral", id);
        write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE referrals SET receiver_reference = $3, version = version + 1, \
                 updated_at = $4 WHERE id = $1 AND version = $2",
            )
            .bind(id.0)
            .bind(expected_version)
            .bind(reference)
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::VersionMismatch);
            }
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }

    /// Accepts a ministry's referral about a person IOM did not know: in one transaction,
    /// the referral becomes `accepted`, a case opens for the subject, the person's consent
    /// to be referred is recorded on it as `assistance` and `data_sharing`, and the
    /// referral points at the case. Returns the new case.
    pub async fn accept_inbound_referral(
        &self,
        id: ReferralId,
        from: ReferralStatus,
        comment: Option<&str>,
        intake: Intake,
        context: &AuditContext,
    ) -> Result<CaseId, StoreError> {
        let Some((subject, sender)) = self.inbound_subject(id).await? else {
            return Err(StoreError::NotFound);
        };
        let opening = Opening {
            case: NewCase {
                category: subject.category,
                province: subject.province,
                identified_on: subject.identified_on,
                identified_by_organization_id: sender,
                assigned_to: intake.assigned_to,
                person: subject.person,
                trafficking: subject.trafficking,
            },
            consent_given_on: subject.consent_given_on,
            consent_given_by: subject.consent_given_by,
            sender_kind: intake.sender_kind,
        };
        self.apply_referral_action(
            id,
            from,
            ReferralAction::Accept,
            comment,
            Change::Open(&opening),
            context,
        )
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn apply_referral_action(
        &self,
        id: ReferralId,
        from: ReferralStatus,
        action: ReferralAction,
        comment: Option<&str>,
        change: Change<'_>,
        context: &AuditContext,
    ) -> Result<Option<CaseId>, StoreError> {
        let keys = self.keys()?;
        let to = action.target();
        let entry_id = Uuid::now_v7();
        let sealed_comment = comment
            .map(|c| keys.seal("referral_timeline", "comment", entry_id, c))
            .transpose()?;
        let event = AuditEvent::success(
            match action {
                ReferralAction::Send => "referral.send",
                ReferralAction::Acknowledge => "referral.acknowledge",
                ReferralAction::Accept => "referral.accept",
                ReferralAction::Decline => "referral.decline",
                ReferralAction::Complete => "referral.complete",
                ReferralAction::Withdraw => "referral.withdraw",
                ReferralAction::Forward => "referral.forward",
            },
            "referral",
            id,
        )
        .with_details(
            match change {
                Change::Forward(forwarding) => serde_json::json!({
                    "from": from, "to": to, "forwarded_to": forwarding.to,
                }),
                _ => serde_json::json!({ "from": from, "to": to }),
            }
            .to_string(),
        );
        let intake = match change {
            Change::Open(opening) => Some(opening),
            _ => None,
        };
        let forwarding = match change {
            Change::Forward(forwarding) => Some(forwarding),
            _ => None,
        };
        let case_id = intake.map(|_| CaseId(Uuid::now_v7()));
        let consent_ids = (Uuid::now_v7(), Uuid::now_v7());
        write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE referrals SET status = $3, version = version + 1, updated_at = $4, \
                 sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END \
                 WHERE id = $1 AND status = $2",
            )
            .bind(id.0)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::Conflict("referral_status"));
            }
            if let Some(forwarding) = forwarding {
                readdress!(self, tx, id, forwarding);
            }
            sqlx::query(
                "INSERT INTO referral_timeline (id, referral_id, event, actor_id, \
                 organization_id, key_version, comment, at, forwarded_to) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(entry_id)
            .bind(id.0)
            .bind(TimelineEvent::from(action).as_str())
            .bind(context.actor_id.map(|u| u.0))
            .bind(context.actor_organization_id.map(|o| o.0))
            .bind(i64::from(keys.current_version()))
            .bind(&sealed_comment)
            .bind(context.at)
            .bind(forwarding.map(|f| f.to.0))
            .execute(&mut *tx)
            .await?;
            append_audit!(self, tx, context, &event);
            if let (Some(intake), Some(case_id)) = (intake, case_id) {
                insert_case!(tx, keys, case_id, &intake.case, context.at);
                append_audit!(
                    self,
                    tx,
                    context,
                    &AuditEvent::success("case.create", "case", case_id)
                        .with_details(serde_json::json!({ "from_referral": id }).to_string())
                );
                let mut data_sharing = None;
                if let Some(given_on) = intake.consent_given_on {
                    for (consent_id, kind, kinds) in [
                        (consent_ids.0, ConsentKind::Assistance, ""),
                        (
                            consent_ids.1,
                            ConsentKind::DataSharing,
                            intake.sender_kind.as_str(),
                        ),
                    ] {
                        sqlx::query(
                            "INSERT INTO consents (id, case_id, kind, given_on, \
                             organization_kinds, recorded_by, recorded_at, given_by, \
                             guardian_relation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        )
                        .bind(consent_id)
                        .bind(case_id.0)
                        .bind(kind.as_str())
                        .bind(given_on)
                        .bind(kinds)
                        .bind(context.actor_id.map(|u| u.0))
                        .bind(context.at)
                        .bind(intake.consent_given_by.giver().as_str())
                        .bind(intake.consent_given_by.relation().map(|r| r.as_str()))
                        .execute(&mut *tx)
                        .await?;
                        append_audit!(
                            self,
                            tx,
                            context,
                            &AuditEvent::success("consent.record", "consent", consent_id)
                                .with_details(
                                    serde_json::json!({ "case_id": case_id }).to_string()
                                )
                        );
                    }
                    data_sharing = Some(consent_ids.1);
                }
                sqlx::query("UPDATE referrals SET case_id = $2, consent_id = $3 WHERE id = $1")
                    .bind(id.0)
                    .bind(case_id.0)
                    .bind(data_sharing)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(case_id)
    }
}

/// Inside a forwarding's transaction: addresses the referral `$id` to the forwarding's
/// office. An identity disclosure must hold under consents covering that office (and, for
/// an investigation or a prosecution, a law-enforcement consent): the referral then relies
/// on those, so that withdrawing them removes the identity from it. A macro because each
/// backend has its own transaction type.
macro_rules! readdress {
    ($store:expr, $tx:ident, $id:expr, $forwarding:expr) => {{
        let (case_id, disclosure, purpose): (Option<Uuid>, String, String) =
            sqlx::query_as("SELECT case_id, disclosure, purpose FROM referrals WHERE id = $1")
                .bind($id.0)
                .fetch_one(&mut *$tx)
                .await?;
        let mut basis = None;
        if disclosure == Disclosure::Identity.as_str()
            && let Some(case_id) = case_id
        {
            let consents = consents_in_tx!($store, $tx, case_id);
            let purpose: ReferralPurpose = parse(&purpose, "referrals.purpose")?;
            basis = Some(
                disclosure_basis(&consents, purpose, $forwarding.to_kind)
                    .map_err(StoreError::ConsentRequired)?,
            );
        }
        sqlx::query(
            "UPDATE referrals SET to_organization_id = $2, \
             consent_id = COALESCE($3, consent_id), \
             law_enforcement_consent_id = COALESCE($4, law_enforcement_consent_id) \
             WHERE id = $1",
        )
        .bind($id.0)
        .bind($forwarding.to.0)
        .bind(basis.map(|b: panah_domain::DisclosureBasis| b.data_sharing.0))
        .bind(basis.and_then(|b| b.law_enforcement_contact.map(|c| c.0)))
        .execute(&mut *$tx)
        .await?;
    }};
}
use readdress;

/// Inside the consent-withdrawal transaction: every referral whose identity disclosure
/// relied on the consent `$consent` (its data_sharing consent, or for an investigation or
/// a prosecution its law_enforcement_contact consent) stops disclosing it, and its timeline says so. A macro
/// for the same reason as `insert_case!`: each backend has its own transaction type.
macro_rules! remove_identity_for_consent {
    ($store:expr, $tx:ident, $keys:expr, $consent:expr, $context:expr) => {{
        let affected: Vec<uuid::Uuid> = sqlx::query_scalar(
            "SELECT id FROM referrals \
             WHERE (consent_id = $1 OR law_enforcement_consent_id = $1) \
               AND disclosure = 'identity' ORDER BY id",
        )
        .bind($consent)
        .fetch_all(&mut *$tx)
        .await?;
        for referral in affected {
            sqlx::query(
                "UPDATE referrals SET disclosure = 'anonymised', version = version + 1, \
                 updated_at = $2 WHERE id = $1",
            )
            .bind(referral)
            .bind($context.at)
            .execute(&mut *$tx)
            .await?;
            sqlx::query(
                "INSERT INTO referral_timeline (id, referral_id, event, actor_id, \
                 organization_id, key_version, comment, at) \
                 VALUES ($1, $2, 'identity_removed', $3, $4, $5, NULL, $6)",
            )
            .bind(uuid::Uuid::now_v7())
            .bind(referral)
            .bind($context.actor_id.map(|u| u.0))
            .bind($context.actor_organization_id.map(|o| o.0))
            .bind(i64::from($keys.current_version()))
            .bind($context.at)
            .execute(&mut *$tx)
            .await?;
            $crate::audit::append_audit!(
                $store,
                $tx,
                $context,
                &panah_domain::AuditEvent::success(
                    "referral.identity_removed",
                    "referral",
                    referral
                )
            );
        }
    }};
}
pub(crate) use remove_identity_for_consent;
