//! Referrals between IOM, the Ministry of Interior and partner ministries, with only as
//! much of the person as they consented to share.
//!
//! Who sees a referral follows from the actor's permissions ([`referral_scope`]); the
//! store turns that into SQL, and a referral outside it is `NotFound`. The workflow's
//! checks come from the domain in its order: not visible, wrong side, wrong status. The
//! views have no field for what a receiver may not see: no costs, notes, other referrals
//! or case file, the person only when the referral discloses them, and a list item holds
//! no person and no message at all.

use panah_domain::policy::{self, Permission, Scope};
use panah_domain::{
    CaseCategory, CaseId, ConsentNeed, Disclosure, FieldProblem, GivenBy, OrganizationId,
    OrganizationKind, Party, Person, Province, Referral, ReferralAction, ReferralId,
    ReferralProfile, ReferralPurpose, ReferralStatus, TextRule, TimelineEntry, TraffickingProfile,
    TransitionRefusal, Urgency, is_overdue,
};
use panah_persistence::{
    Desk, Intake, Mailbox, NewReferral, NewSubject, Origin, ReferralCursor, ReferralFilter,
    ReferralScope, SeenReferral, StoreError,
};
use time::{Date, OffsetDateTime};

use crate::cases::case_scope;
use crate::error::valid;
use crate::{Actor, App, AppError, Page, UseCase};

/// A referral's message to the receiver.
const MESSAGE: TextRule = TextRule::paragraphs(4000);
/// A comment on a referral's action.
const COMMENT: TextRule = TextRule::paragraphs(2000);
/// The receiving organisation's own reference for a referral.
const REFERENCE: TextRule = TextRule {
    required: false,
    ..TextRule::line(64)
};

/// The store's refusal of a move because the referral moved meanwhile.
fn moved_meanwhile(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict(_) => AppError::InvalidTransition(
            "The referral changed while you acted on it; read it again.".into(),
        ),
        other => other.into(),
    }
}

/// A referral to make: from an IOM case (`case_id`), or from a ministry with the person
/// inline (`subject`); exactly one of the two.
#[derive(Debug, Clone)]
pub struct ReferralEntry {
    /// The IOM case referred (IOM staff).
    pub case_id: Option<CaseId>,
    /// The person referred to IOM by a ministry (ministry staff).
    pub subject: Option<Subject>,
    /// The receiving organisation.
    pub to: OrganizationId,
    /// Purpose.
    pub purpose: ReferralPurpose,
    /// Anonymised, or the identity (which needs the person's consent).
    pub disclosure: Disclosure,
    /// Urgency (default: normal).
    pub urgency: Option<Urgency>,
    /// When a decision is wanted by; not in the past.
    pub due_date: Option<Date>,
    /// For the receiver.
    pub message: Option<String>,
    /// Send at once rather than keep a draft.
    pub send: bool,
}

/// The person a ministry refers to IOM.
#[derive(Debug, Clone)]
pub struct Subject {
    /// Category.
    pub category: CaseCategory,
    /// Province of identification.
    pub province: Province,
    /// Date of identification, not in the future.
    pub identified_on: Date,
    /// The person.
    pub person: Person,
    /// What is known of the trafficking.
    pub trafficking: TraffickingProfile,
    /// When the person agreed to be referred; required to disclose the identity.
    pub consent_given_on: Option<Date>,
    /// Who gave that consent: for a person under 18, a parent or guardian or a
    /// best-interests decision.
    pub consent_given_by: GivenBy,
}

/// What the referral list filters on; `None` matches everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReferralQuery {
    /// Received or sent.
    pub mailbox: Option<Mailbox>,
    /// Only this status.
    pub status: Option<ReferralStatus>,
    /// Only this purpose.
    pub purpose: Option<ReferralPurpose>,
    /// Only referrals about a person in this province.
    pub province: Option<Province>,
    /// Only overdue referrals (`true`) or only the others (`false`), as of `now`.
    pub overdue: Option<bool>,
    /// Only referrals about this IOM case (for those who may read it).
    pub case_id: Option<CaseId>,
}

/// What a referral shows in lists and in full, as one party sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralSummary {
    /// Id.
    pub id: ReferralId,
    /// Status.
    pub status: ReferralStatus,
    /// The actor's side.
    pub side: Party,
    /// The sending organisation.
    pub from_organization_id: OrganizationId,
    /// The receiving organisation.
    pub to_organization_id: OrganizationId,
    /// The IOM case, shown only to the side that holds it.
    pub case_id: Option<CaseId>,
    /// Purpose.
    pub purpose: ReferralPurpose,
    /// What the receiver is shown.
    pub disclosure: Disclosure,
    /// Urgency.
    pub urgency: Urgency,
    /// Due date.
    pub due_date: Option<Date>,
    /// Past its due date while the receiver has still to decide.
    pub overdue: bool,
    /// The receiving organisation's own reference for it.
    pub receiver_reference: Option<String>,
    /// Version.
    pub version: i64,
    /// Created at.
    pub created_at: OffsetDateTime,
    /// Last changed at.
    pub updated_at: OffsetDateTime,
}

/// A referral in a list: the person without identity, no message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralListed {
    /// The referral.
    pub summary: ReferralSummary,
    /// The person, without identity.
    pub profile: ReferralProfile,
}

impl ReferralListed {
    /// The list's position just after this referral.
    pub fn cursor(&self) -> ReferralCursor {
        ReferralCursor {
            urgency: self.summary.urgency,
            due_date: self.summary.due_date,
            id: self.summary.id,
        }
    }
}

/// A referral in full, as one party sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralSeen {
    /// The referral.
    pub summary: ReferralSummary,
    /// The person, without identity.
    pub profile: ReferralProfile,
    /// The person's identity: only when the referral discloses it (the read audited).
    pub person: Option<Person>,
    /// The sender's message.
    pub message: Option<String>,
    /// For a ministry's referral: when the person agreed to be referred.
    pub consent_given_on: Option<Date>,
    /// Every action taken, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// The referrals `actor` sees: a provincial officer those of their own office; the
/// national liaison those of MoI national and every provincial office; a partner focal
/// point those received by their ministry; IOM caseworkers every referral IOM receives
/// and those sent from their own cases; case managers all of IOM's.
fn referral_scope(actor: &Actor) -> ReferralScope {
    let Some(user) = actor.signed_in() else {
        return ReferralScope {
            receives: None,
            sends: None,
            sent_from_cases_of: None,
        };
    };
    let organization = user.organization.id;
    let act = actor.policy(Permission::ReferralsAct).ok();
    let create = actor.policy(Permission::ReferralsCreate).ok();
    let desk = |scope: Scope| match scope {
        Scope::Ministry => Desk::Ministry,
        _ => Desk::One(organization),
    };
    let sends = match (act, create) {
        (Some(Scope::Ministry), _) => Some(Desk::Ministry),
        (_, Some(_)) => Some(Desk::One(organization)),
        _ => None,
    };
    ReferralScope {
        receives: act.map(desk),
        sends,
        sent_from_cases_of: (create == Some(Scope::Own)).then_some(user.id),
    }
}

/// Whether the side `party` of a referral keeps a reference of its own on it: the
/// receiver's, for its own files.
fn keeps_reference(party: Party) -> bool {
    party == Party::Receiver
}

/// Whether staff of an organisation of `kind` refer people to IOM who have no IOM case
/// yet, giving the person inline: the Ministry of Interior's offices do.
fn refers_new_people(kind: OrganizationKind) -> bool {
    matches!(
        kind,
        OrganizationKind::MoiNational | OrganizationKind::MoiProvincial
    )
}

/// The summary of `referral` as seen from `party` on `today`. The case belongs to IOM:
/// the sender of a referral from a case, the receiver of a ministry's referral once
/// accepted. The other side never learns its id.
fn summary(referral: &Referral, party: Party, today: Date) -> ReferralSummary {
    let holds_case = if referral.inbound {
        party == Party::Receiver
    } else {
        party == Party::Sender
    };
    ReferralSummary {
        id: referral.id,
        status: referral.status,
        side: party,
        from_organization_id: referral.from_organization_id,
        to_organization_id: referral.to_organization_id,
        case_id: referral.case_id.filter(|_| holds_case),
        purpose: referral.purpose,
        disclosure: referral.disclosure,
        urgency: referral.urgency,
        due_date: referral.due_date,
        overdue: is_overdue(referral.status, referral.due_date, today),
        receiver_reference: referral.receiver_reference.clone(),
        version: referral.version,
        created_at: referral.created_at,
        updated_at: referral.updated_at,
    }
}

impl App {
    /// Makes a referral: from an IOM case (IOM staff), or with the person inline from a
    /// ministry to IOM. Kept as a draft unless `send`.
    pub async fn make_referral(
        &self,
        actor: &Actor,
        entry: ReferralEntry,
        now: OffsetDateTime,
    ) -> Result<ReferralSeen, AppError> {
        self.authorize(actor, UseCase::MakeReferral, now).await?;
        let user = actor.user_or_denied()?;
        let today = now.date();
        let own = &user.organization;
        let mut problems = Vec::new();
        let receiver = self.store.get_organization(entry.to).await?;
        let mut refuse = |field: &str, code: &'static str, message: &str| {
            problems.push(FieldProblem::coded(field, code, message));
        };
        let receiver_field = "to_organization_id";
        match &receiver {
            None => refuse(
                receiver_field,
                "unknown_organization",
                "names no organisation",
            ),
            Some(to) if to.id == own.id => refuse(
                receiver_field,
                "own_organization",
                "must be another organisation",
            ),
            Some(to) if to.kind == OrganizationKind::Donor => refuse(
                receiver_field,
                "donor_takes_no_referrals",
                "a donor does not take referrals",
            ),
            // An NGO helps the person; it does not investigate or prosecute, and what a
            // law-enforcement referral carries is for the authorities only.
            Some(to)
                if to.kind == OrganizationKind::Ngo && entry.purpose.involves_law_enforcement() =>
            {
                refuse(
                    receiver_field,
                    "ngo_takes_no_law_enforcement",
                    "an NGO takes no referral for an investigation or a prosecution",
                )
            }
            Some(to) if entry.subject.is_some() && to.kind != OrganizationKind::Iom => refuse(
                receiver_field,
                "ministry_refers_to_iom",
                "a ministry refers people to IOM",
            ),
            Some(_) => {}
        }
        if entry.due_date.is_some_and(|due| due < today) {
            refuse("due_date", "in_past", "must not be in the past");
        }
        let is_ministry = refers_new_people(own.kind);
        let origin = match (entry.case_id, entry.subject) {
            (Some(case_id), None) => {
                match self.may(actor, UseCase::MakeReferral, Permission::CasesRead) {
                    Some(scope) => Some(Origin::Case {
                        case_id,
                        scope: case_scope(actor, scope),
                    }),
                    None => {
                        refuse(
                            "case_id",
                            FieldProblem::INVALID,
                            "only IOM staff refer from a case; a ministry sends the subject",
                        );
                        None
                    }
                }
            }
            (None, Some(subject)) => {
                if !is_ministry {
                    refuse(
                        "subject",
                        FieldProblem::INVALID,
                        "only Ministry of Interior staff refer a new person",
                    );
                }
                // A provincial office refers the people identified in its own province;
                // the national office, anyone's.
                if own.kind == OrganizationKind::MoiProvincial
                    && own.province != Some(subject.province)
                {
                    refuse(
                        "subject.province",
                        FieldProblem::INVALID,
                        "a provincial office refers people identified in its own province",
                    );
                }
                if subject.identified_on > today {
                    refuse(
                        "subject.identified_on",
                        "in_future",
                        "must not be in the future",
                    );
                }
                if subject.consent_given_on.is_some_and(|given| given > today) {
                    refuse(
                        "subject.consent_given_on",
                        "in_future",
                        "must not be in the future",
                    );
                }
                let (person, person_problems) = subject.person.checked(subject.identified_on);
                // The person's checks name their fields from `person`; here it sits in
                // `subject`.
                problems.extend(person_problems.into_iter().map(|problem| FieldProblem {
                    field: format!("subject.{}", problem.field),
                    ..problem
                }));
                if let Some(given_on) = subject.consent_given_on {
                    problems.extend(subject.consent_given_by.problem_for_age(
                        person.age(subject.identified_on, given_on),
                        "subject.consent_given_by",
                    ));
                }
                Some(Origin::Subject(Box::new(NewSubject {
                    category: subject.category,
                    province: subject.province,
                    identified_on: subject.identified_on,
                    person,
                    trafficking: subject.trafficking,
                    consent_given_on: subject.consent_given_on,
                    consent_given_by: subject.consent_given_by,
                })))
            }
            _ => {
                refuse(
                    "case_id",
                    FieldProblem::INVALID,
                    "give either case_id or subject, not both or neither",
                );
                None
            }
        };
        let message = MESSAGE.take("message", entry.message, &mut problems);
        let (Some(origin), Some(receiver), true) = (origin, receiver, problems.is_empty()) else {
            return Err(AppError::Invalid(problems));
        };
        if let Origin::Subject(subject) = &origin
            && entry.disclosure == Disclosure::Identity
            && subject.consent_given_on.is_none()
        {
            return Err(AppError::ConsentRequired {
                problem: FieldProblem::new(
                    "subject.consent_given_on",
                    "give the date the person agreed to be referred, or disclose anonymised",
                ),
                missing: vec![ConsentNeed::sharing_with(receiver.kind)],
            });
        }
        let new = NewReferral {
            from_organization_id: own.id,
            to_organization_id: receiver.id,
            to_organization_kind: receiver.kind,
            origin,
            purpose: entry.purpose,
            disclosure: entry.disclosure,
            urgency: entry.urgency.unwrap_or(Urgency::Normal),
            due_date: entry.due_date,
            message,
            send: entry.send,
        };
        let id = self
            .store
            .create_referral(&new, &actor.audit(now))
            .await
            .map_err(|error| match error {
                StoreError::ConsentRequired(missing) => {
                    AppError::consent_required("disclosure", missing, "disclose anonymised")
                }
                other => other.into(),
            })?;
        self.seen_referral(actor, id, now).await
    }

    /// Referrals the actor sees, matching `query`, urgent first, then by due date (none
    /// last), after `cursor`, at most `limit`. Never the person's identity, never the
    /// message.
    pub async fn list_referrals(
        &self,
        actor: &Actor,
        query: ReferralQuery,
        cursor: Option<ReferralCursor>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<ReferralListed>, AppError> {
        self.authorize(actor, UseCase::ListReferrals, now).await?;
        let today = now.date();
        // A case's referrals are listed for those who may read the case: anyone else
        // learns nothing, not even that the case exists.
        if let Some(case) = query.case_id {
            let readable = match self.may(actor, UseCase::ListReferrals, Permission::CasesRead) {
                Some(scope) => {
                    self.store
                        .case_in_scope(case, case_scope(actor, scope))
                        .await?
                }
                None => false,
            };
            if !readable {
                return Ok(Page::of(Vec::new(), limit));
            }
        }
        let filter = ReferralFilter {
            mailbox: query.mailbox,
            status: query.status,
            purpose: query.purpose,
            province: query.province,
            overdue: query.overdue.map(|overdue| (overdue, today)),
            case_id: query.case_id,
        };
        let rows = self
            .store
            .list_referrals(referral_scope(actor), &filter, cursor, limit + 1)
            .await?;
        Ok(
            Page::of(rows, limit).map(|SeenReferral { referral, party }| ReferralListed {
                summary: summary(&referral, party, today),
                profile: referral.profile,
            }),
        )
    }

    /// The referrals made of (or accepted into) an IOM case that the actor may read, as
    /// their side sees them, newest first.
    pub(crate) async fn referrals_of_case(
        &self,
        actor: &Actor,
        case: CaseId,
        today: Date,
    ) -> Result<Vec<ReferralSummary>, AppError> {
        let filter = ReferralFilter {
            case_id: Some(case),
            ..ReferralFilter::default()
        };
        let mut rows = self
            .store
            .list_referrals(referral_scope(actor), &filter, None, 200)
            .await?;
        rows.sort_by_key(|seen| std::cmp::Reverse(seen.referral.id));
        Ok(rows
            .iter()
            .map(|seen| summary(&seen.referral, seen.party, today))
            .collect())
    }

    /// The referral as the actor sees it: a receiver sees the person's identity only when
    /// the referral discloses it, and that read is audited.
    pub async fn read_referral(
        &self,
        actor: &Actor,
        id: ReferralId,
        now: OffsetDateTime,
    ) -> Result<ReferralSeen, AppError> {
        self.authorize(actor, UseCase::ReadReferral, now).await?;
        self.seen_referral(actor, id, now).await
    }

    /// Moves a referral on: the sender sends and withdraws; the receiver acknowledges,
    /// accepts, declines (always with a reason in `comment`) and completes. Accepting a
    /// ministry's referral that discloses the person opens an IOM case for them.
    /// Forwarding, which names an office, is [`App::forward_referral`].
    pub async fn act_on_referral(
        &self,
        actor: &Actor,
        id: ReferralId,
        action: ReferralAction,
        comment: Option<String>,
        now: OffsetDateTime,
    ) -> Result<ReferralSeen, AppError> {
        if action == ReferralAction::Forward {
            return Err(AppError::invalid(
                "to_organization_id",
                "name the office to forward the referral to",
            ));
        }
        let (referral, comment) = self.may_move(actor, id, action, comment, now).await?;
        let user = actor.user_or_denied()?;
        let from = referral.status;
        let audit = actor.audit(now);
        let opens_case = action == ReferralAction::Accept
            && referral.inbound
            && referral.case_id.is_none()
            && referral.disclosure == Disclosure::Identity;
        let outcome = if opens_case {
            let sender = self
                .store
                .get_organization(referral.from_organization_id)
                .await?
                .ok_or(AppError::NotFound)?;
            // The accepting caseworker takes the case on; a case manager leaves it to
            // assign.
            let intake = Intake {
                assigned_to: policy::takes_cases(user.roles.as_slice()).then_some(user.id),
                sender_kind: sender.kind,
            };
            self.store
                .accept_inbound_referral(id, from, comment.as_deref(), intake, &audit)
                .await
                .map(|_| ())
        } else {
            self.store
                .transition_referral(id, from, action, comment.as_deref(), &audit)
                .await
        };
        outcome.map_err(moved_meanwhile)?;
        self.seen_referral(actor, id, now).await
    }

    /// Forwards a referral received by the Ministry of Interior's national office to one
    /// of its provincial offices, which then sees it as sent to it and acts on it. A
    /// referral that discloses the person goes on only under the person's consent to share
    /// with provincial offices.
    pub async fn forward_referral(
        &self,
        actor: &Actor,
        id: ReferralId,
        to: OrganizationId,
        comment: Option<String>,
        now: OffsetDateTime,
    ) -> Result<ReferralSeen, AppError> {
        let (referral, comment) = self
            .may_move(actor, id, ReferralAction::Forward, comment, now)
            .await?;
        let receiver = self
            .store
            .get_organization(referral.to_organization_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if receiver.kind != OrganizationKind::MoiNational {
            return Err(AppError::InvalidTransition(
                "Only a referral received by the Ministry of Interior's national office is \
                 forwarded, to one of its provincial offices."
                    .into(),
            ));
        }
        let office = self.store.get_organization(to).await?;
        let Some(office) = office.filter(|o| o.kind == OrganizationKind::MoiProvincial) else {
            return Err(AppError::invalid(
                "to_organization_id",
                "must name a provincial office of the Ministry of Interior",
            ));
        };
        self.store
            .forward_referral(
                id,
                referral.status,
                office.id,
                office.kind,
                comment.as_deref(),
                &actor.audit(now),
            )
            .await
            .map_err(|error| match error {
                StoreError::ConsentRequired(missing) => AppError::consent_required(
                    "to_organization_id",
                    missing,
                    "ask IOM to send it to the office anonymised",
                ),
                other => moved_meanwhile(other),
            })?;
        self.seen_referral(actor, id, now).await
    }

    /// Whether `actor` may refer a newly identified person to IOM, giving the person
    /// inline ([`ReferralEntry::subject`]): asked without running or auditing anything,
    /// for a door to offer the form; [`App::make_referral`] still checks.
    pub fn may_refer_new_person(&self, actor: &Actor) -> bool {
        self.permits(actor, UseCase::MakeReferral)
            && actor
                .signed_in()
                .is_some_and(|user| refers_new_people(user.organization.kind))
    }

    /// The actions `actor` may take on the referral `summary` now, by the workflow: none
    /// unless they may act on referrals at all; a sender's only for the office that sent
    /// it; forwarding only for the national office that received it. Asked without
    /// running or auditing anything, for a door to offer only those actions;
    /// [`App::act_on_referral`] and [`App::forward_referral`] still check the one taken.
    pub fn referral_moves(&self, actor: &Actor, summary: &ReferralSummary) -> Vec<ReferralAction> {
        let Some(user) = actor.signed_in() else {
            return Vec::new();
        };
        if !self.permits(actor, UseCase::ActOnReferral) {
            return Vec::new();
        }
        let own = &user.organization;
        ReferralAction::ALL
            .iter()
            .copied()
            .filter(|action| summary.status.transition(*action, summary.side).is_ok())
            .filter(|action| match action.taken_by() {
                Party::Sender => summary.from_organization_id == own.id,
                _ => true,
            })
            .filter(|action| {
                *action != ReferralAction::Forward
                    || (summary.to_organization_id == own.id
                        && own.kind == OrganizationKind::MoiNational)
            })
            .collect()
    }

    /// Whether `actor` may record the receiving organisation's reference on the referral
    /// `summary`: asked without running or auditing anything, for a door to offer the
    /// form; [`App::set_referral_reference`] still checks, by the same rule.
    pub fn may_set_referral_reference(&self, actor: &Actor, summary: &ReferralSummary) -> bool {
        self.permits(actor, UseCase::SetReferralReference) && keeps_reference(summary.side)
    }

    /// Records the receiving organisation's own reference for a referral (a ministry's
    /// file number, say), or removes it with `None`. Only the receiver does.
    pub async fn set_referral_reference(
        &self,
        actor: &Actor,
        id: ReferralId,
        expected_version: i64,
        reference: Option<String>,
        now: OffsetDateTime,
    ) -> Result<ReferralSeen, AppError> {
        self.authorize(actor, UseCase::SetReferralReference, now)
            .await?;
        let mut problems = Vec::new();
        let reference = REFERENCE.take("receiver_reference", reference, &mut problems);
        let seen = self.store.referral_for(id, referral_scope(actor)).await?;
        let Some(SeenReferral { referral, party }) = seen else {
            return Err(AppError::NotFound);
        };
        if !keeps_reference(party) {
            return Err(self.refuse(actor, now, AppError::WrongParty).await);
        }
        valid(problems)?;
        if referral.version != expected_version {
            return Err(AppError::VersionMismatch);
        }
        self.store
            .set_receiver_reference(
                id,
                expected_version,
                reference.as_deref(),
                &actor.audit(now),
            )
            .await?;
        self.seen_referral(actor, id, now).await
    }

    /// Whether the actor may take `action` on the referral now: visible to them (else
    /// `NotFound`), their side's action (else `WrongParty`, audited), allowed from its
    /// status (else `InvalidTransition`) — in that order — and, for a sender's action,
    /// taken by the office that sent it. Returns the referral and the checked comment.
    async fn may_move(
        &self,
        actor: &Actor,
        id: ReferralId,
        action: ReferralAction,
        comment: Option<String>,
        now: OffsetDateTime,
    ) -> Result<(Referral, Option<String>), AppError> {
        self.authorize(actor, UseCase::ActOnReferral, now).await?;
        let user = actor.user_or_denied()?;
        let seen = self.store.referral_for(id, referral_scope(actor)).await?;
        let party = seen.as_ref().map_or(Party::Neither, |s| s.party);
        let from = seen
            .as_ref()
            .map_or(ReferralStatus::Draft, |s| s.referral.status);
        match from.transition(action, party) {
            Ok(_) => {}
            Err(TransitionRefusal::NotVisible) => return Err(AppError::NotFound),
            Err(TransitionRefusal::WrongParty) => {
                return Err(self.refuse(actor, now, AppError::WrongParty).await);
            }
            Err(refusal @ TransitionRefusal::InvalidTransition { .. }) => {
                return Err(AppError::InvalidTransition(refusal.to_string()));
            }
        }
        let Some(SeenReferral { referral, .. }) = seen else {
            return Err(AppError::NotFound);
        };
        // The national liaison sees what the provincial offices send, but only the office
        // that sent a referral sends or withdraws it.
        if party == Party::Sender && referral.from_organization_id != user.organization.id {
            return Err(self.refuse(actor, now, AppError::Denied).await);
        }
        let comment = COMMENT
            .check("comment", comment.as_deref().unwrap_or_default())
            .map_err(|problem| AppError::Invalid(vec![problem]))?;
        if action.needs_reason() && comment.is_none() {
            return Err(AppError::invalid(
                "comment",
                "give the reason for declining",
            ));
        }
        Ok((referral, comment))
    }

    /// The referral in the actor's view, its identity read audited.
    async fn seen_referral(
        &self,
        actor: &Actor,
        id: ReferralId,
        now: OffsetDateTime,
    ) -> Result<ReferralSeen, AppError> {
        let SeenReferral { referral, party } = self
            .store
            .referral_for(id, referral_scope(actor))
            .await?
            .ok_or(AppError::NotFound)?;
        // A receiver keeps the identity while it works on the referral (and afterwards,
        // for its records, once completed); a withdrawn or declined one no longer needs it.
        let closed_to_receiver = party == Party::Receiver
            && matches!(
                referral.status,
                ReferralStatus::Withdrawn | ReferralStatus::Declined
            );
        let person = if closed_to_receiver {
            None
        } else {
            self.store
                .referral_identity(&referral, &actor.audit(now))
                .await?
        };
        let timeline = self.store.referral_timeline(id).await?;
        Ok(ReferralSeen {
            summary: summary(&referral, party, now.date()),
            profile: referral.profile,
            person,
            message: referral.message,
            consent_given_on: referral.consent_given_on,
            timeline,
        })
    }
}
