//! The app's field problems said in the page's language, next to the form's inputs.

use std::collections::HashMap;

use panah_domain::{ConsentKind, ConsentNeed, FieldProblem, Language};

use crate::{i18n, labels};

/// Each problem in `found` under the one of `fields` it names, in `language`: the
/// message `problem-<code>` when the problem has a precise code; otherwise, in English,
/// the app's own words, and in Dari and Pashto a plain "this value is not accepted".
/// A problem naming a field the form does not have goes under its first field, so that
/// none is lost.
pub(crate) fn by_field(
    found: &[FieldProblem],
    fields: &[&'static str],
    language: Language,
) -> HashMap<&'static str, String> {
    let mut problems: HashMap<&'static str, String> = HashMap::new();
    for problem in found {
        let field = fields
            .iter()
            .copied()
            .find(|field| *field == problem.field)
            .or_else(|| fields.first().copied());
        let Some(field) = field else { continue };
        let text = say(problem, language);
        problems
            .entry(field)
            .and_modify(|existing| {
                existing.push(' ');
                existing.push_str(&text);
            })
            .or_insert(text);
    }
    problems
}

/// Why the app refused for lack of the person's consent, naming each consent missing
/// (`missing`), in `language`: what a caseworker must record before trying again.
pub(crate) fn missing_consents(missing: &[ConsentNeed], language: Language) -> String {
    let separator = i18n::message(language, "list-separator");
    let needs: Vec<String> = missing
        .iter()
        .map(|need| {
            let kinds: Vec<String> = need
                .organization_kinds
                .iter()
                .map(|kind| labels::term(language, "organization-kind", kind.as_str()))
                .collect();
            match need.kind {
                ConsentKind::DataSharing if !kinds.is_empty() => i18n::message_with(
                    language,
                    "consent-need-sharing",
                    "kinds",
                    &kinds.join(&separator),
                ),
                kind => i18n::message_with(
                    language,
                    "consent-need",
                    "kind",
                    &labels::term(language, "consent-kind", kind.as_str()),
                ),
            }
        })
        .collect();
    i18n::message_with(
        language,
        "consent-required",
        "needs",
        &needs.join(&separator),
    )
}

/// One problem in `language`.
pub(crate) fn say(problem: &FieldProblem, language: Language) -> String {
    if problem.code != FieldProblem::INVALID {
        let key = format!("problem-{}", problem.code.replace('_', "-"));
        if let Some(text) = i18n::try_message(language, &key) {
            return text;
        }
    }
    match language {
        Language::English => {
            let mut message = problem.message.clone();
            if let Some(first) = message.get(..1) {
                let upper = first.to_uppercase();
                message.replace_range(..1, &upper);
            }
            format!("{message}.")
        }
        _ => i18n::message(language, "problem-invalid"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coded_problem_is_said_in_the_page_language_next_to_its_field() {
        let found = [FieldProblem::coded(
            "new_password",
            "password_too_short",
            "too short",
        )];
        let problems = by_field(
            &found,
            &["current_password", "new_password"],
            Language::Dari,
        );
        let text = &problems["new_password"];
        assert!(text.contains("۱۲") || text.contains("12"), "{text}");
        assert!(!problems.contains_key("current_password"));
    }

    #[test]
    fn a_refusal_for_lack_of_consent_names_each_missing_consent() {
        let missing = [
            ConsentNeed::sharing_with(panah_domain::OrganizationKind::MoiProvincial),
            ConsentNeed::of(ConsentKind::LawEnforcementContact),
        ];
        let english = missing_consents(&missing, Language::English);
        assert!(english.contains("provincial"), "{english}");
        assert!(english.contains("law enforcement"), "{english}");
        let dari = missing_consents(&missing, Language::Dari);
        assert!(!dari.contains("Ministry"), "{dari}");
    }

    #[test]
    fn an_uncoded_problem_keeps_the_apps_words_in_english_and_is_generic_elsewhere() {
        let found = [FieldProblem::new(
            "somewhere_else",
            "must be at most 5 characters",
        )];
        let english = by_field(&found, &["title"], Language::English);
        assert_eq!(english["title"], "Must be at most 5 characters.");
        let pashto = by_field(&found, &["title"], Language::Pashto);
        assert_eq!(
            pashto["title"],
            i18n::message(Language::Pashto, "problem-invalid")
        );
    }
}
