//! The API's rules, as the load applies them. The scopes (`CaseScope::of`,
//! `ReferralScope::of`) and a person's checks (`Person::problems`) are the very functions
//! the API uses; the free-text limits below mirror the API's constants and its
//! `check_free_text`, and must change with them.

use anyhow::{anyhow, ensure};
use panah_domain::policy::{Permission, Scope, authorize};
use panah_domain::{Person, User};
use time::Date;

/// The API's limits on free text, in characters.
pub(super) const MAX_MESSAGE_CHARS: usize = 4000;
pub(super) const MAX_COMMENT_CHARS: usize = 2000;
pub(super) const MAX_DESCRIPTION_CHARS: usize = 2000;
pub(super) const MAX_NEEDS_CHARS: usize = 2000;
pub(super) const MAX_NOTES_CHARS: usize = 4000;

/// A broken rule: a bug in the plan, named so that it can be found.
pub(super) fn rule(what: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("the demo data breaks a rule of the API: {what}")
}

/// The scope the policy grants `user` for `permission`, or the broken rule.
pub(super) fn allowed(user: &User, permission: Permission) -> anyhow::Result<Scope> {
    authorize(user.roles.as_slice(), permission)
        .map_err(|_| rule(format!("{} may not {permission:?}", user.username.as_str())))
}

/// A free text as the API takes it: trimmed already, not too long, without control
/// characters other than line breaks and tabs.
pub(super) fn check_text(field: &str, text: Option<&str>, max: usize) -> anyhow::Result<()> {
    let Some(text) = text else {
        return Ok(());
    };
    ensure!(
        text.trim() == text && !text.is_empty(),
        rule(format!("{field} is not trimmed"))
    );
    ensure!(
        text.chars().count() <= max,
        rule(format!("{field} is too long"))
    );
    ensure!(
        !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
        rule(format!("{field} holds a control character"))
    );
    Ok(())
}

/// The API's checks of a person ([`Person::problems`], the rules `check_person` applies).
pub(super) fn check_person(person: &Person, identified_on: Date) -> anyhow::Result<()> {
    match person.problems(identified_on).first() {
        None => Ok(()),
        Some(problem) => Err(rule(format!("{} {}", problem.field, problem.message))),
    }
}
