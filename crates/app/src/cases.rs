//! Case files: registering, listing, searching, reading (audited) and changing them.
//!
//! A caseworker reaches the cases assigned to them, a case manager every case: the scope
//! goes to the store as SQL, and a case outside it is `NotFound` like one that does not
//! exist.

use panah_domain::policy::{self, Permission, Scope};
use panah_domain::{
    Case, CaseCategory, CaseId, CaseStatus, CaseSummary, FieldProblem, MAX_IDENTITY_CHARS,
    OrganizationId, Person, PersonNames, PersonPatch, Province, ReturnCase, StatusActor,
    TraffickingProfile, UserId,
};
use panah_persistence::{CaseChanges, CaseFilter, CaseScope, NewCase, ReturnFilter, SearchTerms};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::error::valid;
use crate::{Actor, App, AppError, Page, ReferralSummary, UseCase};

/// How many cases a search answers at most.
const SEARCH_LIMIT: u32 = 200;

/// A case to register with its person and trafficking profile.
#[derive(Debug, Clone)]
pub struct NewCaseFile {
    /// Category.
    pub category: CaseCategory,
    /// Province of identification; it also numbers the case.
    pub province: Province,
    /// Date of identification, not in the future.
    pub identified_on: Date,
    /// Who identified the person (default: the actor's organisation).
    pub identified_by: Option<OrganizationId>,
    /// The caseworker responsible (default: the actor; naming someone else needs
    /// `CasesAssign`).
    pub assigned_to: Option<UserId>,
    /// The person.
    pub person: Person,
    /// The trafficking profile.
    pub trafficking: TraffickingProfile,
}

/// Changes to a case; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CaseChange {
    /// The version read, which must still be the current one.
    pub expected_version: i64,
    /// A move of the workflow.
    pub status: Option<CaseStatus>,
    /// Reassign (needs `CasesAssign`).
    pub assigned_to: Option<UserId>,
    /// New category.
    pub category: Option<CaseCategory>,
    /// New province (the case number stays).
    pub province: Option<Province>,
    /// Changes to the person.
    pub person: Option<PersonPatch>,
    /// The trafficking profile, replacing the old one.
    pub trafficking: Option<TraffickingProfile>,
}

/// What a search looks for: each given term must match exactly after normalisation.
#[derive(Debug, Clone, Default)]
pub struct CaseSearch {
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Identity document number.
    pub document_number: Option<String>,
}

/// A case file as its reader sees it: the case with its person, and what was done for the
/// person elsewhere — the referrals and the returns made of the case, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFile {
    /// The case with its person.
    pub case: Case,
    /// The referrals made of it, as the reader's side sees them (no message, no person).
    pub referrals: Vec<ReferralSummary>,
    /// Its returns, without their needs.
    pub returns: Vec<ReturnCase>,
}

/// How many referrals or returns of one case a case file shows: far more than any case
/// has.
const CASE_RECORDS_LIMIT: u32 = 200;

/// A case a search found, with the person's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFound {
    /// The case as lists show it.
    pub case: CaseSummary,
    /// The person's names.
    pub names: PersonNames,
}

/// The store's scope over cases for `actor`, whom the policy granted `scope`: their own
/// cases for a caseworker, every case otherwise.
pub(crate) fn case_scope(actor: &Actor, scope: Scope) -> CaseScope {
    match (scope, actor.signed_in()) {
        (Scope::Own, Some(user)) => CaseScope::AssignedTo(user.id),
        // Only people have cases of their own; nothing is assigned to the nil id.
        (Scope::Own, None) => CaseScope::AssignedTo(UserId(Uuid::nil())),
        _ => CaseScope::All,
    }
}

impl App {
    /// Registers a case. The answer holds only what the actor just sent (plus the number
    /// and computed fields); the creation's audit entry covers it, so it is not audited
    /// again as a read.
    pub async fn register_case(
        &self,
        actor: &Actor,
        new: NewCaseFile,
        now: OffsetDateTime,
    ) -> Result<Case, AppError> {
        self.authorize(actor, UseCase::RegisterCase, now).await?;
        let user = actor.user_or_denied()?;
        let mut problems = Vec::new();
        if new.identified_on > now.date() {
            problems.push(FieldProblem::coded(
                "identified_on",
                "in_future",
                "must not be in the future",
            ));
        }
        // A caseworker registers cases for themselves; assigning to others is a manager's.
        let assigned_to = new.assigned_to.unwrap_or(user.id);
        if assigned_to != user.id
            && self
                .may(actor, UseCase::RegisterCase, Permission::CasesAssign)
                .is_none()
        {
            return Err(self.refuse(actor, now, AppError::Denied).await);
        }
        // Checked even when it is the actor: a case manager who is no caseworker must name
        // one.
        self.check_assignee(assigned_to, &mut problems).await?;
        let identified_by = new.identified_by.unwrap_or(user.organization.id);
        if self.store.get_organization(identified_by).await?.is_none() {
            problems.push(FieldProblem::coded(
                "identified_by_organization_id",
                "unknown_organization",
                "names no organisation",
            ));
        }
        let (person, person_problems) = new.person.checked(new.identified_on);
        problems.extend(person_problems);
        valid(problems)?;
        let case = NewCase {
            category: new.category,
            province: new.province,
            identified_on: new.identified_on,
            identified_by_organization_id: identified_by,
            assigned_to: Some(assigned_to),
            person,
            trafficking: new.trafficking,
        };
        let id = self.store.create_case(&case, &actor.audit(now)).await?;
        self.store
            .case_for_change(id, CaseScope::All)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Cases in the actor's scope matching `filter`, newest first, after the case
    /// `before`, at most `limit`. Never identity fields.
    pub async fn list_cases(
        &self,
        actor: &Actor,
        filter: &CaseFilter,
        before: Option<CaseId>,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<CaseSummary>, AppError> {
        let scope = self.authorize(actor, UseCase::ListCases, now).await?;
        let cases = self
            .store
            .list_cases(case_scope(actor, scope), filter, before, limit + 1)
            .await?;
        Ok(Page::of(cases, limit))
    }

    /// Cases in the actor's scope whose every given term matches exactly after
    /// normalisation (a name in either of the person's scripts), each with the person's
    /// names so that namesakes can be told apart. The search is audited with the fields
    /// searched, never their values, and each result as a read of the person's names.
    pub async fn search_cases(
        &self,
        actor: &Actor,
        search: CaseSearch,
        now: OffsetDateTime,
    ) -> Result<Vec<CaseFound>, AppError> {
        let scope = self.authorize(actor, UseCase::SearchCases, now).await?;
        // A term longer than any value of its field can match nothing, and costs a blind
        // index of all it holds: refused, like the field itself would refuse it.
        let mut problems = Vec::new();
        let mut term = |field: &str, value: Option<String>| {
            let value = value.filter(|v| !v.trim().is_empty())?;
            if value.trim().chars().count() > MAX_IDENTITY_CHARS {
                problems.push(FieldProblem::coded(
                    field,
                    "too_long",
                    format!("must be at most {MAX_IDENTITY_CHARS} characters"),
                ));
            }
            Some(value)
        };
        let terms = SearchTerms {
            given_name: term("given_name", search.given_name),
            family_name: term("family_name", search.family_name),
            phone: term("phone", search.phone),
            document_number: term("document_number", search.document_number),
        };
        valid(problems)?;
        if terms.given_name.is_none()
            && terms.family_name.is_none()
            && terms.phone.is_none()
            && terms.document_number.is_none()
        {
            return Err(AppError::Invalid(vec![FieldProblem::coded(
                "body",
                "search_term_required",
                "give at least one search term",
            )]));
        }
        let found = self
            .store
            .search_cases(
                case_scope(actor, scope),
                &terms,
                SEARCH_LIMIT,
                &actor.audit(now),
            )
            .await?;
        Ok(found
            .into_iter()
            .map(|(case, names)| CaseFound { case, names })
            .collect())
    }

    /// The case with its person, and the referrals and returns made of it. The read is
    /// audited before anything is returned.
    pub async fn read_case(
        &self,
        actor: &Actor,
        id: CaseId,
        now: OffsetDateTime,
    ) -> Result<CaseFile, AppError> {
        let scope = self.authorize(actor, UseCase::ReadCase, now).await?;
        let case = self
            .store
            .read_case(id, case_scope(actor, scope), &actor.audit(now))
            .await?
            .ok_or(AppError::NotFound)?;
        let referrals = match self.may(actor, UseCase::ReadCase, Permission::ReferralsAct) {
            Some(_) => self.referrals_of_case(actor, id, now.date()).await?,
            None => Vec::new(),
        };
        let returns = match self.may(actor, UseCase::ReadCase, Permission::ReturnsManage) {
            Some(granted) => {
                let filter = ReturnFilter {
                    case_id: Some(id),
                    ..ReturnFilter::default()
                };
                self.store
                    .list_returns(
                        case_scope(actor, granted),
                        &filter,
                        None,
                        CASE_RECORDS_LIMIT,
                    )
                    .await?
            }
            None => Vec::new(),
        };
        Ok(CaseFile {
            case,
            referrals,
            returns,
        })
    }

    /// Changes a case. Status: the assigned caseworker moves `open → active`; whoever may
    /// close cases closes and reopens them; other moves are refused. Reassigning needs
    /// `CasesAssign`. The answer is the case as it now is, even when reassigning took it
    /// out of the actor's scope, since the actor just wrote it.
    pub async fn change_case(
        &self,
        actor: &Actor,
        id: CaseId,
        change: CaseChange,
        now: OffsetDateTime,
    ) -> Result<Case, AppError> {
        let granted = self.authorize(actor, UseCase::ChangeCase, now).await?;
        // Only people change cases: the workflow asks whether they are its caseworker.
        actor.user_or_denied()?;
        let nothing = change.status.is_none()
            && change.assigned_to.is_none()
            && change.category.is_none()
            && change.province.is_none()
            && change.person.is_none()
            && change.trafficking.is_none();
        if nothing {
            // An empty change would still bump the version and write an audit entry.
            return Err(AppError::invalid(
                "body",
                "give at least one field to change",
            ));
        }
        let scope = case_scope(actor, granted);
        let case = self
            .store
            .case_for_change(id, scope)
            .await?
            .ok_or(AppError::NotFound)?;
        if case.version != change.expected_version {
            return Err(AppError::VersionMismatch);
        }
        let may_assign = self
            .may(actor, UseCase::ChangeCase, Permission::CasesAssign)
            .is_some();
        if change.assigned_to.is_some() && !may_assign {
            return Err(self.refuse(actor, now, AppError::Denied).await);
        }
        if let Some(to) = change.status {
            case.status
                .transition(to, self.status_mover(actor, &case))
                .map_err(|refusal| AppError::InvalidTransition(refusal.to_string()))?;
        }
        let mut problems = Vec::new();
        if let Some(assignee) = change.assigned_to {
            self.check_assignee(assignee, &mut problems).await?;
        }
        let person = change.person.map(|patch| {
            let (person, person_problems) =
                patch.apply(case.person.clone()).checked(case.identified_on);
            problems.extend(person_problems);
            person
        });
        valid(problems)?;
        let changes = CaseChanges {
            status: change.status,
            assigned_to: change.assigned_to.map(Some),
            category: change.category,
            province: change.province,
            person,
            trafficking: change.trafficking,
        };
        self.store
            .update_case(
                id,
                scope,
                change.expected_version,
                &changes,
                &actor.audit(now),
            )
            .await?;
        self.store
            .case_for_change(id, CaseScope::All)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The statuses `actor` may move `case` to, by the workflow: none unless they may
    /// change cases at all. Asked without running or auditing anything, for a door to
    /// offer only those moves; [`App::change_case`] still checks the one asked for.
    pub fn status_moves(&self, actor: &Actor, case: &Case) -> Vec<CaseStatus> {
        if !self.permits(actor, UseCase::ChangeCase) {
            return Vec::new();
        }
        let mover = self.status_mover(actor, case);
        CaseStatus::ALL
            .iter()
            .copied()
            .filter(|to| case.status.transition(*to, mover).is_ok())
            .collect()
    }

    /// Who `actor` is to the workflow of `case`: its assigned caseworker or not, and
    /// whether they may close and reopen cases.
    fn status_mover(&self, actor: &Actor, case: &Case) -> StatusActor {
        StatusActor {
            is_assigned: actor
                .signed_in()
                .is_some_and(|user| case.assigned_to == Some(user.id)),
            may_close: self
                .may(actor, UseCase::ChangeCase, Permission::CasesClose)
                .is_some(),
        }
    }

    /// Adds a problem unless `user` may be assigned cases: an enabled user whom the
    /// policy lets take cases.
    async fn check_assignee(
        &self,
        user: UserId,
        problems: &mut Vec<FieldProblem>,
    ) -> Result<(), AppError> {
        let assignee = self.store.get_user(user).await?;
        let fits = assignee.is_some_and(|u| !u.disabled && policy::takes_cases(u.roles.as_slice()));
        if !fits {
            problems.push(FieldProblem::coded(
                "assigned_to",
                "not_assignable",
                "must name an enabled caseworker",
            ));
        }
        Ok(())
    }
}
