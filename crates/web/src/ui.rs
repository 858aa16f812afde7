//! What every page's frame needs: the language and its words, the form token, the
//! assets, and for someone signed in the header with their name, organisation and the
//! navigation the app says they may use.

use panah_app::{App, UseCase};
use panah_domain::{Language, User};
use time::Date;

use crate::assets::ASSETS;
use crate::dates::{self, ShownDate};
use crate::visit::Visit;
use crate::widgets::{Choice, choices};
use crate::{i18n, labels};

/// The frame of a page, handed to every template as `ui`.
#[derive(Debug, Clone)]
pub(crate) struct Ui {
    /// The page's language.
    pub(crate) language: Language,
    /// The token every form of the page sends back.
    pub(crate) form_token: String,
    /// The path of this page, for the language switch to return to.
    pub(crate) here: String,
    /// The signed-in person's header, if someone is signed in.
    pub(crate) header: Option<Header>,
    /// The style sheet's URL.
    pub(crate) style: &'static str,
    /// htmx's URL.
    pub(crate) htmx: &'static str,
}

/// The header of a signed-in person.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// Their name.
    pub(crate) display_name: String,
    /// Their organisation's name.
    pub(crate) organization: String,
    /// The pages they may use.
    pub(crate) nav: Vec<NavLink>,
}

/// One entry of the navigation.
#[derive(Debug, Clone)]
pub(crate) struct NavLink {
    /// Where it goes.
    pub(crate) href: &'static str,
    /// What it says.
    pub(crate) label: String,
    /// Whether it is the page shown.
    pub(crate) current: bool,
}

/// The navigation: each page, its message, and the use case that decides whether the
/// person may use it (asked of the app, never decided here).
const NAVIGATION: &[(&str, &str, UseCase)] = &[
    ("/", "nav-dashboard", UseCase::ReadOwnAccount),
    ("/cases", "nav-cases", UseCase::SearchCases),
    ("/cases/new", "nav-register", UseCase::RegisterCase),
    ("/referrals", "nav-referrals", UseCase::ListReferrals),
    ("/proceedings", "nav-proceedings", UseCase::ListProceedings),
    ("/trainings", "nav-trainings", UseCase::ListTrainings),
    (
        "/awareness-activities",
        "nav-awareness",
        UseCase::ListAwareness,
    ),
    ("/grants", "nav-grants", UseCase::ListGrants),
    ("/password", "nav-password", UseCase::ChangeOwnPassword),
    ("/audit", "nav-audit", UseCase::ReadAuditLog),
    ("/admin/users", "nav-users", UseCase::ListUsers),
    (
        "/admin/organizations",
        "nav-organizations",
        UseCase::AddOrganization,
    ),
];

/// A language offered by the switch.
#[derive(Debug, Clone)]
pub(crate) struct LanguageChoice {
    /// Its tag, sent by the form.
    pub(crate) tag: &'static str,
    /// Its name in itself, so that whoever cannot read the page's language finds theirs.
    pub(crate) endonym: &'static str,
    /// Whether the page is in it.
    pub(crate) current: bool,
}

/// A language's name in that language. The same on every page whatever its language,
/// which is why these are not messages of the resources.
fn endonym(language: Language) -> &'static str {
    match language {
        Language::English => "English",
        Language::Dari => "دری",
        Language::Pashto => "پښتو",
    }
}

impl Ui {
    /// The frame of a page for `visit`, with the header of `user` if someone is signed
    /// in: the navigation lists what the app permits them.
    pub(crate) fn new(app: &App, visit: &Visit, user: Option<&User>) -> Ui {
        let header = visit
            .session
            .as_ref()
            .zip(user)
            .map(|(session, user)| Header {
                display_name: user.display_name.as_str().to_owned(),
                organization: labels::organization(visit.language, &user.organization),
                nav: NAVIGATION
                    .iter()
                    .filter(|(_, _, use_case)| app.permits(&session.actor, *use_case))
                    .map(|(href, key, _)| NavLink {
                        href,
                        label: i18n::message(visit.language, key),
                        current: visit.path == *href,
                    })
                    .collect(),
            });
        Ui {
            language: visit.language,
            form_token: visit.form_token.clone(),
            here: visit.path.clone(),
            header,
            style: &ASSETS.style,
            htmx: &ASSETS.htmx,
        }
    }

    /// The frame of an error page: no header, no forms.
    pub(crate) fn bare(language: Language) -> Ui {
        Ui {
            language,
            form_token: String::new(),
            here: "/".to_owned(),
            header: None,
            style: &ASSETS.style,
            htmx: &ASSETS.htmx,
        }
    }

    /// The message `key`.
    pub(crate) fn t(&self, key: &str) -> String {
        i18n::message(self.language, key)
    }

    /// The message `key` with its variable `name` set to `value`.
    pub(crate) fn t1(&self, key: &str, name: &'static str, value: impl AsRef<str>) -> String {
        i18n::message_with(self.language, key, name, value.as_ref())
    }

    /// The `lang` attribute.
    pub(crate) fn lang(&self) -> &'static str {
        self.language.tag()
    }

    /// The `dir` attribute.
    pub(crate) fn dir(&self) -> &'static str {
        if self.language.is_right_to_left() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// `date` as this page's language shows it.
    pub(crate) fn date(&self, date: &Date) -> ShownDate {
        dates::show(*date, self.language)
    }

    /// `date` as this page's date fields are filled in with.
    pub(crate) fn date_input(&self, date: Date) -> String {
        dates::input_value(date, self.language)
    }

    /// `n` in this page's digits.
    pub(crate) fn number(&self, n: usize) -> String {
        crate::numbers::local_digits(&n.to_string(), self.language)
    }

    /// The name of `value` of the vocabulary `family` (`ui.term("case-status", "open")`).
    pub(crate) fn term(&self, family: &str, value: &str) -> String {
        labels::term(self.language, family, value)
    }

    /// A choice for each of `values` of the vocabulary `family`, named in this page's
    /// language.
    pub(crate) fn terms<T: Copy + std::fmt::Display>(
        &self,
        family: &str,
        values: &[T],
    ) -> Vec<Choice> {
        choices(
            values,
            |v| v.to_string(),
            |v| self.term(family, &v.to_string()),
        )
    }

    /// The languages of the switch.
    pub(crate) fn languages(&self) -> Vec<LanguageChoice> {
        Language::ALL
            .into_iter()
            .map(|language| LanguageChoice {
                tag: language.tag(),
                endonym: endonym(language),
                current: language == self.language,
            })
            .collect()
    }

    /// The `hx-headers` value of `<body>`: htmx sends the form token with every request.
    pub(crate) fn htmx_headers(&self) -> String {
        format!(
            r#"{{"{}": "{}"}}"#,
            crate::visit::TOKEN_HEADER,
            self.form_token
        )
    }
}
