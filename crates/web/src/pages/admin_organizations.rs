//! `/admin/organizations`: the organisations Panah knows, by code, and the form adding one
//! — a foreign state's embassy, a donor, a partner — for admins.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AppError, Conflict, NewOrganization, UseCase};
use panah_domain::{FieldProblem, OrganizationCode, OrganizationKind, Province};
use serde::Deserialize;

use super::SignedIn;
use super::cases::province_choices;
use crate::WebState;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::labels;
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{FormView, Input, Select, ungrouped};

/// The form's fields, as the app names their problems.
const FIELDS: &[&str] = &["code", "name", "kind", "province"];

#[derive(Template, WebTemplate)]
#[template(path = "admin_organizations.html")]
struct OrganizationsPage {
    ui: Ui,
    rows: Vec<OrganizationRow>,
    /// Whether an organisation was just added.
    added: bool,
    /// The form, for whoever may add organisations.
    form: Option<AddForm>,
}

struct AddForm {
    refused: bool,
    inputs: Vec<Input>,
    kind: Select,
    province: Select,
}

struct OrganizationRow {
    code: String,
    name: String,
    kind: String,
    province: Option<String>,
}

/// `?added=1` after an organisation was added.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AddedQuery {
    #[serde(default)]
    added: String,
}

/// `GET /admin/organizations`.
pub(crate) async fn list(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<AddedQuery>,
) -> Result<Response, PageError> {
    let page = page(
        &state,
        &signed_in,
        &Fields::default(),
        &[],
        query.added == "1",
    )
    .await?;
    Ok(page.into_response())
}

/// `POST /admin/organizations`: the organisation added, then the list saying so.
pub(crate) async fn add(
    State(state): State<WebState>,
    signed_in: SignedIn,
    fields: Fields,
) -> Result<Response, PageError> {
    let mut reader = Reader::new(&fields);
    let code = reader
        .text("code")
        .map(|code| code.trim().parse::<OrganizationCode>());
    match &code {
        None => reader.refuse(FieldProblem::coded("code", "required", "is required")),
        Some(Err(_)) => reader.refuse(FieldProblem::coded(
            "code",
            "organization_code_unreadable",
            "is no organisation code",
        )),
        Some(Ok(_)) => {}
    }
    let kind = reader.choice::<OrganizationKind>("kind");
    let province = reader.optional_choice::<Province>("province");
    let name = reader.text("name").unwrap_or_default();
    let added = match (reader.finish(), code, kind) {
        (Ok(()), Some(Ok(code)), Some(kind)) => {
            let new = NewOrganization {
                code,
                name,
                kind,
                province,
            };
            state
                .app
                .add_organization(&signed_in.session.actor, new, signed_in.visit.now)
                .await
                .map(|_| ())
        }
        (Err(found), _, _) => Err(AppError::Invalid(found)),
        // The reader names a problem for each value it could not read.
        _ => Err(AppError::Invalid(Vec::new())),
    };
    let found = match added {
        Ok(()) => return Ok(Redirect::to("/admin/organizations?added=1").into_response()),
        Err(AppError::Invalid(found)) => found,
        Err(AppError::Conflict(Conflict::OrganizationCodeTaken)) => vec![FieldProblem::coded(
            "code",
            "organization_code_taken",
            "is taken",
        )],
        Err(other) => return Err(other.into()),
    };
    let page = page(&state, &signed_in, &fields, &found, false).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn page(
    state: &WebState,
    signed_in: &SignedIn,
    fields: &Fields,
    found: &[FieldProblem],
    added: bool,
) -> Result<OrganizationsPage, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let actor = &signed_in.session.actor;
    let organizations = state.app.organizations(actor, signed_in.visit.now).await?;
    let rows = organizations
        .iter()
        .map(|org| OrganizationRow {
            code: org.code.as_str().to_owned(),
            name: labels::organization(ui.language, org),
            kind: ui.term("organization-kind", org.kind.as_str()),
            province: org.province.map(|p| ui.term("province", p.code())),
        })
        .collect();
    let form = state.app.permits(actor, UseCase::AddOrganization).then(|| {
        let problems = problems::by_field(found, FIELDS, ui.language);
        let form = FormView::new(&ui, fields, &problems, "org");
        AddForm {
            refused: !found.is_empty(),
            inputs: vec![
                form.text("code", "admin-org-code")
                    .ltr(None)
                    .required()
                    .hint(ui.t("admin-org-code-hint")),
                form.text("name", "admin-org-name").required(),
            ],
            kind: form
                .select(
                    "kind",
                    "admin-org-kind",
                    ungrouped(ui.terms("organization-kind", &OrganizationKind::ALL)),
                )
                .required()
                .empty(ui.t("admin-choose")),
            province: form
                .select(
                    "province",
                    "admin-org-province",
                    ungrouped(province_choices(&ui)),
                )
                .hint(ui.t("admin-org-province-hint"))
                .empty(ui.t("admin-org-no-province")),
        }
    });
    Ok(OrganizationsPage {
        rows,
        added,
        form,
        ui,
    })
}
