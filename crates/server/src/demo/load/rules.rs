//! The API's rules, as the load applies them: the checks the handlers make of texts and
//! people. (The scopes are the store's own `CaseScope::of` and `ReferralScope::of`, which
//! the API uses too.) Where the API has a function for a rule, this is its twin; a change
//! there must be made here too.

use anyhow::{anyhow, ensure};
use panah_domain::policy::{Permission, Scope, authorize};
use panah_domain::{MAX_IDENTITY_CHARS, Person, User};
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

/// The API's checks of a person (`check_person`): names and other identity fields
/// trimmed, at most 200 characters without control characters, a given name; a date of
/// birth before identification; an age up to 120.
pub(super) fn check_person(person: &Person, identified_on: Date) -> anyhow::Result<()> {
    let fields = [
        ("given_name", Some(person.given_name.as_str())),
        ("family_name", person.family_name.as_deref()),
        ("fathers_name", person.fathers_name.as_deref()),
        ("phone", person.phone.as_deref()),
        ("address", person.address.as_deref()),
        ("document_number", person.document_number.as_deref()),
    ];
    for (field, value) in fields {
        let Some(value) = value else { continue };
        ensure!(
            value.trim() == value && !value.is_empty(),
            rule(format!("person.{field} is empty or not trimmed"))
        );
        ensure!(
            value.chars().count() <= MAX_IDENTITY_CHARS && !value.chars().any(char::is_control),
            rule(format!(
                "person.{field} is too long or holds a control character"
            ))
        );
    }
    ensure!(
        person.date_of_birth.is_none_or(|born| born < identified_on),
        rule("person.date_of_birth is not before identification")
    );
    ensure!(
        person.estimated_age.is_none_or(|age| age <= 120),
        rule("person.estimated_age is over 120")
    );
    Ok(())
}
