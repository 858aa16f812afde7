//! What the people who work the cases need listed besides the cases themselves: the
//! planned assistance whose day has come, and the caseworkers a case may be assigned to.

use panah_domain::{DisplayName, UserId, Username, policy};
use panah_persistence::DueAssistance;
use time::{Date, OffsetDateTime};

use crate::cases::case_scope;
use crate::{Actor, App, AppError, Page, UseCase};

/// How many users one read of the store returns while looking for caseworkers.
const USERS_PER_READ: u32 = 200;

/// A caseworker a case may be assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignee {
    /// The user.
    pub id: UserId,
    /// Their username.
    pub username: Username,
    /// Their name.
    pub display_name: DisplayName,
}

impl App {
    /// Planned assistance dated `on` or earlier on the cases in the actor's scope (only
    /// those assigned to `assigned_to`, if given), oldest first, at most `limit`: what was
    /// planned for a person and is now due or late. No description and no cost.
    pub async fn assistance_due(
        &self,
        actor: &Actor,
        assigned_to: Option<UserId>,
        on: Date,
        limit: u32,
        now: OffsetDateTime,
    ) -> Result<Page<DueAssistance>, AppError> {
        let scope = self
            .authorize(actor, UseCase::ListAssistanceDue, now)
            .await?;
        let due = self
            .store
            .assistance_due(case_scope(actor, scope), assigned_to, on, limit + 1)
            .await?;
        Ok(Page::of(due, limit))
    }

    /// The enabled users of the actor's organisation who may be assigned cases, by name.
    pub async fn assignees(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Vec<Assignee>, AppError> {
        self.authorize(actor, UseCase::ListAssignees, now).await?;
        let organization = actor.user_or_denied()?.organization.id;
        let mut assignees = Vec::new();
        let mut after = None;
        loop {
            let users = self
                .store
                .list_users(Some(organization), after, USERS_PER_READ)
                .await?;
            after = users.last().map(|user| user.id);
            assignees.extend(
                users
                    .iter()
                    .filter(|user| !user.disabled && policy::takes_cases(user.roles.as_slice()))
                    .map(|user| Assignee {
                        id: user.id,
                        username: user.username.clone(),
                        display_name: user.display_name.clone(),
                    }),
            );
            if users.len() < USERS_PER_READ as usize {
                break;
            }
        }
        assignees.sort_by(|a, b| a.display_name.as_str().cmp(b.display_name.as_str()));
        Ok(assignees)
    }
}
