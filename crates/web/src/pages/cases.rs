//! `/cases`: finding a case. `POST` searches by the person's names, phone or document
//! number — the terms travel in the body, never in the address — and shows each case
//! found with the person's names (the app audits the search and every name shown).
//! `GET` shows the search form and the list of the cases the person may see, filtered by
//! status, province, category and, for whoever assigns cases, caseworker: filters name no
//! person, so they may sit in the address, and paging needs them there.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use panah_app::{AppError, CaseFilter, CaseFound, CaseSearch, UseCase};
use panah_domain::{CaseCategory, CaseId, CaseStatus, Province, UserId};
use serde::Deserialize;
use uuid::Uuid;

use super::SignedIn;
use super::dashboard::CaseRow;
use crate::WebState;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{Choice, FormView, Input, Problems, Select, ungrouped};

/// How many cases a page of the list shows.
const PER_PAGE: u32 = 50;

/// The search form's fields, as the app names its problems.
const SEARCH_FIELDS: &[&str] = &["given_name", "family_name", "phone", "document_number"];

#[derive(Template, WebTemplate)]
#[template(path = "cases.html")]
struct CasesPage {
    ui: Ui,
    /// The search form's inputs.
    search: Vec<Input>,
    /// Whether the search was refused (its problems are beside its fields).
    refused: bool,
    /// What a search found, after one.
    found: Option<Vec<FoundRow>>,
    /// The list of cases, on `GET` for whoever may list them.
    list: Option<CaseList>,
}

/// A case a search found, with the person's names.
struct FoundRow {
    href: String,
    number: String,
    names: String,
    fathers_name: Option<String>,
    other_script_names: Option<String>,
    status: String,
    province: String,
}

impl FoundRow {
    fn new(found: &CaseFound, ui: &Ui) -> FoundRow {
        let joined = |parts: &[Option<&str>]| {
            let words: Vec<&str> = parts.iter().flatten().copied().collect();
            (!words.is_empty()).then(|| words.join(" "))
        };
        let names = &found.names;
        FoundRow {
            href: format!("/cases/{}", found.case.id),
            number: found.case.case_number.to_string(),
            names: joined(&[
                Some(names.given_name.as_str()),
                names.family_name.as_deref(),
            ])
            .unwrap_or_default(),
            other_script_names: joined(&[
                names.other_script_given_name.as_deref(),
                names.other_script_family_name.as_deref(),
            ]),
            fathers_name: names.fathers_name.clone(),
            status: ui.term("case-status", found.case.status.as_str()),
            province: ui.term("province", found.case.province.code()),
        }
    }
}

/// The list of cases with its filters.
struct CaseList {
    filters: Vec<Select>,
    rows: Vec<ListedCase>,
    /// The next page's address, if there is one.
    next: Option<String>,
    /// Whether the list names each case's caseworker.
    shows_assignee: bool,
}

/// A case in the list.
struct ListedCase {
    case: CaseRow,
    assignee: String,
}

/// The list's filters as the address gives them; a value that is none of the options
/// is ignored, as if not given.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    assigned_to: String,
    #[serde(default)]
    before: String,
}

impl ListQuery {
    fn filter(&self) -> CaseFilter {
        CaseFilter {
            status: self.status.parse().ok(),
            province: self.province.parse().ok(),
            category: self.category.parse().ok(),
            assigned_to: self.assigned_to.parse().ok().map(UserId),
        }
    }

    /// The form's fields, to show the filters chosen.
    fn fields(&self) -> Fields {
        Fields::with(&[
            ("status", self.status.clone()),
            ("province", self.province.clone()),
            ("category", self.category.clone()),
            ("assigned_to", self.assigned_to.clone()),
        ])
    }

    /// The address of the page after the case `last`, with the same filters.
    fn next(&self, last: CaseId) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("status", &self.status),
            ("province", &self.province),
            ("category", &self.category),
            ("assigned_to", &self.assigned_to),
        ] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        query.append_pair("before", &last.to_string());
        format!("/cases?{}", query.finish())
    }
}

/// `GET /cases`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let list = list(&state, &signed_in, &query, &ui).await?;
    let page = CasesPage {
        search: search_inputs(&ui, &Fields::default(), &Problems::new()),
        refused: false,
        found: None,
        list,
        ui,
    };
    Ok(page.into_response())
}

/// `POST /cases`: a search.
pub(crate) async fn search(
    State(state): State<WebState>,
    signed_in: SignedIn,
    fields: Fields,
) -> Result<Response, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let reader = Reader::new(&fields);
    let terms = CaseSearch {
        given_name: reader.text("given_name"),
        family_name: reader.text("family_name"),
        phone: reader.text("phone"),
        document_number: reader.text("document_number"),
    };
    let actor = &signed_in.session.actor;
    let (status, found, problems) = match state
        .app
        .search_cases(actor, terms, signed_in.visit.now)
        .await
    {
        Ok(found) => (
            StatusCode::OK,
            Some(found.iter().map(|f| FoundRow::new(f, &ui)).collect()),
            Problems::new(),
        ),
        Err(AppError::Invalid(found)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            problems::by_field(&found, SEARCH_FIELDS, ui.language),
        ),
        Err(other) => return Err(other.into()),
    };
    let page = CasesPage {
        search: search_inputs(&ui, &fields, &problems),
        refused: !problems.is_empty(),
        found,
        list: None,
        ui,
    };
    Ok((status, page).into_response())
}

fn search_inputs(ui: &Ui, fields: &Fields, problems: &Problems) -> Vec<Input> {
    let form = FormView::new(ui, fields, problems, "search");
    vec![
        form.text("given_name", "person-given-name"),
        form.text("family_name", "person-family-name"),
        form.text("phone", "person-phone")
            .ltr(Some("tel"))
            .kind("tel"),
        form.text("document_number", "person-document-number")
            .ltr(None),
    ]
}

/// The list of cases, for whoever may list them.
async fn list(
    state: &WebState,
    signed_in: &SignedIn,
    query: &ListQuery,
    ui: &Ui,
) -> Result<Option<CaseList>, PageError> {
    let actor = &signed_in.session.actor;
    let app = &state.app;
    let now = signed_in.visit.now;
    if !app.permits(actor, UseCase::ListCases) {
        return Ok(None);
    }
    // Who assigns cases sees whose each case is, and may filter by it.
    let assignees: Option<HashMap<UserId, String>> = if app.permits(actor, UseCase::ListAssignees) {
        let all = app.assignees(actor, now).await?;
        Some(
            all.into_iter()
                .map(|a| (a.id, a.display_name.as_str().to_owned()))
                .collect(),
        )
    } else {
        None
    };
    let before = query.before.parse::<Uuid>().ok().map(CaseId);
    let page = app
        .list_cases(actor, &query.filter(), before, PER_PAGE, now)
        .await?;
    let fields = query.fields();
    let no_problems = Problems::new();
    let form = FormView::new(ui, &fields, &no_problems, "filter");
    let mut filters = vec![
        form.select(
            "status",
            "case-status",
            ungrouped(ui.terms("case-status", CaseStatus::ALL)),
        )
        .empty(ui.t("filter-any")),
        form.select("province", "case-province", ungrouped(province_choices(ui)))
            .empty(ui.t("filter-any")),
        form.select(
            "category",
            "case-category",
            ungrouped(ui.terms("case-category", CaseCategory::ALL)),
        )
        .empty(ui.t("filter-any")),
    ];
    if let Some(assignees) = &assignees {
        filters.push(
            form.select(
                "assigned_to",
                "case-assigned-to",
                ungrouped(assignee_choices(assignees)),
            )
            .empty(ui.t("filter-any")),
        );
    }
    let rows = page
        .items
        .iter()
        .map(|case| ListedCase {
            case: CaseRow::new(case, ui),
            assignee: case
                .assigned_to
                .and_then(|id| assignees.as_ref()?.get(&id).cloned())
                .unwrap_or_default(),
        })
        .collect();
    let next = page
        .more
        .then(|| page.items.last().map(|case| query.next(case.id)))
        .flatten();
    Ok(Some(CaseList {
        filters,
        rows,
        next,
        shows_assignee: assignees.is_some(),
    }))
}

/// The provinces, by name in the page's language.
pub(crate) fn province_choices(ui: &Ui) -> Vec<Choice> {
    let mut choices = crate::widgets::choices(
        &Province::ALL,
        |p| p.code().to_owned(),
        |p| ui.term("province", p.code()),
    );
    choices.sort_by_cached_key(|choice| crate::i18n::collation_key(&choice.label));
    choices
}

/// The caseworkers, by name.
pub(crate) fn assignee_choices(assignees: &HashMap<UserId, String>) -> Vec<Choice> {
    let mut choices: Vec<Choice> = assignees
        .iter()
        .map(|(id, name)| Choice {
            value: id.0.to_string(),
            label: name.clone(),
            chosen: false,
        })
        .collect();
    choices.sort_by_cached_key(|choice| crate::i18n::collation_key(&choice.label));
    choices
}
