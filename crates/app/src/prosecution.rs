//! Prosecution: the laws, and the legal proceedings that follow a case.
//!
//! Who follows a proceeding: IOM through the case (the case's caseworker, every case
//! manager), and the organisation that received the referral for investigation or
//! prosecution it was opened from (a provincial office or a partner ministry its own;
//! the Ministry's national liaison those of every Ministry office). Both read it and move
//! its stage; only IOM opens one. Outside that, `NotFound`. The receiving side's view
//! ([`ProceedingSeen::Receiver`]) holds no field of the case file.

use std::collections::HashSet;

use panah_domain::policy::Scope;
use panah_domain::{
    CaseId, FieldProblem, Law, LawCode, LegalProceeding, OrganizationId, ProceedingId,
    ProceedingMoveError, ProceedingOutcome, ProceedingStage, ProceedingStep, Province, ReferralId,
    ReferralPurpose, TextRule,
};
use panah_persistence::{Desk, NewProceeding, ProceedingFilter, ProceedingScope, StoreError};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::cases::case_scope;
use crate::error::valid;
use crate::{Actor, App, AppError, Page, UseCase};

/// A comment on a move of a proceeding.
const COMMENT: TextRule = TextRule::paragraphs(2000);
/// The most accused one proceeding counts: more is a typing error.
const MAX_ACCUSED: u32 = 1000;

/// A proceeding to open on a case.
#[derive(Debug, Clone)]
pub struct ProceedingEntry {
    /// The case.
    pub case_id: CaseId,
    /// The referral for investigation or prosecution it follows, sent from that case.
    pub referral_id: Option<ReferralId>,
    /// The law that applies.
    pub law: LawCode,
    /// Article numbers of that law.
    pub articles: Vec<String>,
    /// When the crime was reported; not in the future.
    pub reported_on: Date,
    /// Where the proceeding runs.
    pub province: Province,
    /// How many were accused.
    pub accused_count: Option<u32>,
    /// Whether the victim testified.
    pub victim_testified: bool,
    /// Whether the victim had legal aid.
    pub legal_aid: bool,
}

/// A proceeding without anything of the case file: what every side may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProceedingRecord {
    /// Identifier.
    pub id: ProceedingId,
    /// The referral it follows.
    pub referral_id: Option<ReferralId>,
    /// The law.
    pub law: LawCode,
    /// The articles charged.
    pub articles: Vec<String>,
    /// When the crime was reported.
    pub reported_on: Date,
    /// Where.
    pub province: Province,
    /// Where it stands.
    pub stage: ProceedingStage,
    /// The last court's outcome, or that it was dismissed.
    pub outcome: Option<ProceedingOutcome>,
    /// How many were accused.
    pub accused_count: Option<u32>,
    /// Whether the victim testified.
    pub victim_testified: bool,
    /// Whether the victim had legal aid.
    pub legal_aid: bool,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When it was opened.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

impl From<LegalProceeding> for ProceedingRecord {
    fn from(p: LegalProceeding) -> Self {
        ProceedingRecord {
            id: p.id,
            referral_id: p.referral_id,
            law: p.law,
            articles: p.articles,
            reported_on: p.reported_on,
            province: p.province,
            stage: p.stage,
            outcome: p.outcome,
            accused_count: p.accused_count,
            victim_testified: p.victim_testified,
            legal_aid: p.legal_aid,
            version: p.version,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A proceeding as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProceedingListed {
    /// IOM's view: with the case it is opened on.
    Case {
        /// The case.
        case_id: CaseId,
        /// The proceeding.
        record: ProceedingRecord,
    },
    /// The receiving side's view: nothing of the case file.
    Receiver(ProceedingRecord),
}

impl ProceedingListed {
    /// The proceeding.
    pub fn record(&self) -> &ProceedingRecord {
        match self {
            ProceedingListed::Case { record, .. } | ProceedingListed::Receiver(record) => record,
        }
    }

    /// The case, on IOM's side only.
    pub fn case_id(&self) -> Option<CaseId> {
        match self {
            ProceedingListed::Case { case_id, .. } => Some(*case_id),
            ProceedingListed::Receiver(_) => None,
        }
    }
}

/// A proceeding with its history, as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProceedingSeen {
    /// The proceeding.
    pub proceeding: ProceedingListed,
    /// Every stage reached, oldest first.
    pub history: Vec<ProceedingStep>,
}

/// A stage move the app would accept on a proceeding, with the outcomes it may record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProceedingMove {
    /// The stage it moves to.
    pub to: ProceedingStage,
    /// The outcomes the move may record, in the vocabulary's order.
    pub outcomes: Vec<ProceedingOutcome>,
    /// Whether it must record one of them (a verdict).
    pub needs_outcome: bool,
}

/// The proceedings `actor` follows with the scope the policy gave them.
fn proceeding_scope(actor: &Actor, scope: Scope) -> ProceedingScope {
    let organization = actor
        .signed_in()
        .map_or(OrganizationId(Uuid::nil()), |user| user.organization.id);
    match scope {
        Scope::Ministry => ProceedingScope::Receiver(Desk::Ministry),
        Scope::Received => ProceedingScope::Receiver(Desk::One(organization)),
        Scope::Own | Scope::Organization | Scope::All => {
            ProceedingScope::Cases(case_scope(actor, scope))
        }
    }
}

/// `proceeding` as seen through `scope`.
fn listed(proceeding: LegalProceeding, scope: ProceedingScope) -> ProceedingListed {
    match scope {
        ProceedingScope::Cases(_) => ProceedingListed::Case {
            case_id: proceeding.case_id,
            record: proceeding.into(),
        },
        ProceedingScope::Receiver(_) => ProceedingListed::Receiver(proceeding.into()),
    }
}

impl App {
    /// Every law with its articles.
    pub async fn laws(&self, actor: &Actor, now: OffsetDateTime) -> Result<Vec<Law>, AppError> {
        self.authorize(actor, UseCase::ListLaws, now).await?;
        Ok(self.store.list_laws().await?)
    }

    /// Whether the actor may open a proceeding on `case`, before any form is filled in:
    /// refused like [`App::open_proceeding`] is, and `NotFound` for a case that does not
    /// exist or lies outside the actor's cases.
    pub async fn may_open_proceeding_on(
        &self,
        actor: &Actor,
        case: CaseId,
        now: OffsetDateTime,
    ) -> Result<(), AppError> {
        let granted = self.authorize(actor, UseCase::OpenProceeding, now).await?;
        if self
            .store
            .case_in_scope(case, case_scope(actor, granted))
            .await?
        {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Opens a legal proceeding on a case, at stage `reported`.
    pub async fn open_proceeding(
        &self,
        actor: &Actor,
        entry: ProceedingEntry,
        now: OffsetDateTime,
    ) -> Result<ProceedingSeen, AppError> {
        let granted = self.authorize(actor, UseCase::OpenProceeding, now).await?;
        let user = actor.user_or_denied()?;
        let scope = case_scope(actor, granted);
        let mut problems = Vec::new();
        if entry.reported_on > now.date() {
            problems.push(FieldProblem::coded(
                "reported_on",
                "in_future",
                "must not be in the future",
            ));
        }
        if entry.accused_count.is_some_and(|n| n > MAX_ACCUSED) {
            problems.push(FieldProblem::new(
                "accused_count",
                format!("must be at most {MAX_ACCUSED}"),
            ));
        }
        let laws = self.store.list_laws().await?;
        match laws.iter().find(|law| law.code == entry.law) {
            None => problems.push(FieldProblem::new("law", "is not a law Panah knows")),
            Some(law) => {
                let mut seen = HashSet::new();
                for (i, number) in entry.articles.iter().enumerate() {
                    if !law.articles.iter().any(|a| a.number == *number) {
                        problems.push(FieldProblem::new(
                            format!("articles[{i}]"),
                            format!("is not an article of {}", law.code),
                        ));
                    } else if !seen.insert(number) {
                        problems.push(FieldProblem::coded(
                            format!("articles[{i}]"),
                            "listed_twice",
                            "is listed twice",
                        ));
                    }
                }
            }
        }
        if let Some(referral) = entry.referral_id {
            let basis = self.store.referral_basis(referral).await?;
            let fits = basis.is_some_and(|(case, purpose, sent)| {
                case == Some(entry.case_id)
                    && sent
                    && matches!(
                        purpose,
                        ReferralPurpose::Investigation | ReferralPurpose::Prosecution
                    )
            });
            if !fits {
                problems.push(FieldProblem::new(
                    "referral_id",
                    "must name a sent referral of this case for investigation or prosecution",
                ));
            }
        }
        valid(problems)?;
        let new = NewProceeding {
            case_id: entry.case_id,
            referral_id: entry.referral_id,
            law: entry.law,
            articles: entry.articles,
            reported_on: entry.reported_on,
            province: entry.province,
            accused_count: entry.accused_count,
            victim_testified: entry.victim_testified,
            legal_aid: entry.legal_aid,
        };
        let id = self
            .store
            .create_proceeding(&new, scope, user.organization.id, &actor.audit(now))
            .await?;
        self.seen_proceeding(id, ProceedingScope::Cases(scope))
            .await
    }

    /// The proceedings the actor follows matching `filter`, newest first, before
    /// `before`, at most `limit`.
    pub async fn list_proceedings(
        &self,
        actor: &Actor,
        filter: &ProceedingFilter,
        before: Option<ProceedingId>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<ProceedingListed>, AppError> {
        let granted = self.authorize(actor, UseCase::ListProceedings, now).await?;
        let scope = proceeding_scope(actor, granted);
        let proceedings = self
            .store
            .list_proceedings(scope, filter, before, limit + 1)
            .await?;
        Ok(Page::of(
            proceedings.into_iter().map(|p| listed(p, scope)).collect(),
            limit,
        ))
    }

    /// The proceeding with its history.
    pub async fn read_proceeding(
        &self,
        actor: &Actor,
        id: ProceedingId,
        now: OffsetDateTime,
    ) -> Result<ProceedingSeen, AppError> {
        let granted = self.authorize(actor, UseCase::ReadProceeding, now).await?;
        self.seen_proceeding(id, proceeding_scope(actor, granted))
            .await
    }

    /// Moves a proceeding to another stage, with the court's outcome where the move
    /// records one (see [`ProceedingStage::transition`]).
    pub async fn move_proceeding(
        &self,
        actor: &Actor,
        id: ProceedingId,
        to: ProceedingStage,
        outcome: Option<ProceedingOutcome>,
        comment: Option<String>,
        now: OffsetDateTime,
    ) -> Result<ProceedingSeen, AppError> {
        let granted = self.authorize(actor, UseCase::MoveProceeding, now).await?;
        let user = actor.user_or_denied()?;
        let scope = proceeding_scope(actor, granted);
        let current = self
            .store
            .get_proceeding(id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        current
            .stage
            .transition(to, outcome)
            .map_err(|refusal| match refusal {
                ProceedingMoveError::Stage { .. } => {
                    AppError::InvalidTransition(refusal.to_string())
                }
                ProceedingMoveError::OutcomeRequired => {
                    AppError::Invalid(vec![FieldProblem::coded(
                        "outcome",
                        "outcome_required",
                        "is required for a verdict",
                    )])
                }
                ProceedingMoveError::OutcomeNotAllowed => {
                    AppError::Invalid(vec![FieldProblem::coded(
                        "outcome",
                        "outcome_not_allowed",
                        format!("is not recorded when moving to {to} from {}", current.stage),
                    )])
                }
            })?;
        let comment = COMMENT
            .check("comment", comment.as_deref().unwrap_or_default())
            .map_err(|problem| AppError::Invalid(vec![problem]))?;
        self.store
            .transition_proceeding(
                id,
                scope,
                current.stage,
                to,
                outcome,
                comment.as_deref(),
                user.organization.id,
                &actor.audit(now),
            )
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => AppError::InvalidTransition(
                    "The proceeding changed while you acted on it; read it again.".into(),
                ),
                other => other.into(),
            })?;
        self.seen_proceeding(id, scope).await
    }

    /// The stage moves `actor` may make on `record`, a proceeding they read: what
    /// [`App::move_proceeding`] would accept now, asked without running or auditing
    /// anything, for a door to offer only those.
    pub fn proceeding_moves(
        &self,
        actor: &Actor,
        record: &ProceedingRecord,
    ) -> Vec<ProceedingMove> {
        if !self.permits(actor, UseCase::MoveProceeding) {
            return Vec::new();
        }
        ProceedingStage::ALL
            .iter()
            .copied()
            .filter_map(|to| {
                let outcomes: Vec<ProceedingOutcome> = ProceedingOutcome::ALL
                    .iter()
                    .copied()
                    .filter(|outcome| record.stage.transition(to, Some(*outcome)).is_ok())
                    .collect();
                let bare = record.stage.transition(to, None).is_ok();
                (bare || !outcomes.is_empty()).then_some(ProceedingMove {
                    to,
                    outcomes,
                    needs_outcome: !bare,
                })
            })
            .collect()
    }

    /// The proceeding with its history, if in `scope`.
    async fn seen_proceeding(
        &self,
        id: ProceedingId,
        scope: ProceedingScope,
    ) -> Result<ProceedingSeen, AppError> {
        let proceeding = self
            .store
            .get_proceeding(id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        let history = self.store.proceeding_history(id).await?;
        Ok(ProceedingSeen {
            proceeding: listed(proceeding, scope),
            history,
        })
    }
}
