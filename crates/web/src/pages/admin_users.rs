//! `/admin/users`: staff accounts, for admins. The list with the form creating an account
//! with a one-time password, and a page per account (`/admin/users/{id}`) changing its
//! roles, disabling or enabling it and resetting its password. A one-time password is
//! shown once, in the answer to the `POST` that made it — never in an address, never
//! again — for the admin to hand over; the user must change it at their first sign-in.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use panah_app::{AccountChange, AppError, Conflict, NewAccount, OrganizationRef, UseCase};
use panah_domain::{FieldProblem, OrganizationId, OrganizationKind, Role, User, UserId};
use serde::Deserialize;

use super::{SignedIn, parse_id};
use crate::WebState;
use crate::errors::PageError;
use crate::form::{Fields, Reader};
use crate::labels;
use crate::organizations::Organizations;
use crate::problems;
use crate::ui::Ui;
use crate::widgets::{Checks, FormView, Input, Problems, Select};

/// How many accounts a page of the list shows.
const PER_PAGE: u32 = 50;

/// The creation form's fields, as the app names their problems.
const CREATE_FIELDS: &[&str] = &["username", "display_name", "organization_id", "roles"];

#[derive(Template, WebTemplate)]
#[template(path = "admin_users.html")]
struct UsersPage {
    ui: Ui,
    rows: Vec<UserRow>,
    next: Option<String>,
    /// The creation form, if the person may create accounts.
    create: Option<CreateForm>,
    /// The account just created and its one-time password, shown this once.
    created: Option<(String, String)>,
}

struct CreateForm {
    refused: bool,
    inputs: Vec<Input>,
    organization: Select,
    roles: Checks,
}

/// An account in the list.
struct UserRow {
    href: String,
    username: String,
    display_name: String,
    organization: String,
    roles: String,
    state: String,
}

impl UserRow {
    fn new(user: &User, ui: &Ui) -> UserRow {
        UserRow {
            href: format!("/admin/users/{}", user.id.0),
            username: user.username.as_str().to_owned(),
            display_name: user.display_name.as_str().to_owned(),
            organization: labels::organization(ui.language, &user.organization),
            roles: role_names(user, ui),
            state: account_state(user, ui),
        }
    }
}

fn role_names(user: &User, ui: &Ui) -> String {
    user.roles
        .as_slice()
        .iter()
        .map(|role| ui.term("role", role.as_str()))
        .collect::<Vec<_>>()
        .join(&ui.t("list-separator"))
}

fn account_state(user: &User, ui: &Ui) -> String {
    ui.t(if user.disabled {
        "admin-user-disabled"
    } else if user.password_change_required {
        "admin-user-must-change"
    } else {
        "admin-user-active"
    })
}

/// The list's cursor, from the address.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    after: String,
}

/// `GET /admin/users`.
pub(crate) async fn list(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let after = query.after.parse().ok().map(UserId);
    let page = users_page(&state, &signed_in, after, &Fields::default(), &[], None).await?;
    Ok(page.into_response())
}

/// `POST /admin/users`: the account created, and its one-time password shown this once.
pub(crate) async fn create(
    State(state): State<WebState>,
    signed_in: SignedIn,
    fields: Fields,
) -> Result<Response, PageError> {
    let mut reader = Reader::new(&fields);
    let organization = reader.choice::<uuid::Uuid>("organization_id");
    let roles = reader.choices::<Role>("roles");
    // Said with the other required fields at once, rather than only after an
    // organisation is chosen, when the app would say it.
    if roles.is_empty() && fields.get("roles").is_empty() {
        reader.refuse(FieldProblem::coded("roles", "required", "is required"));
    }
    let new = NewAccount {
        username: reader.text("username").unwrap_or_default(),
        display_name: reader.text("display_name"),
        organization: OrganizationRef::Id(OrganizationId(organization.unwrap_or_default())),
        roles,
        password: String::new(),
    };
    let created = match reader.finish() {
        Ok(()) => {
            state
                .app
                .create_user_with_one_time_password(
                    &signed_in.session.actor,
                    new,
                    signed_in.visit.now,
                )
                .await
        }
        Err(found) => Err(AppError::Invalid(found)),
    };
    let found = match created {
        Ok((user, password)) => {
            let shown = (user.username.as_str().to_owned(), password);
            let page = users_page(
                &state,
                &signed_in,
                None,
                &Fields::default(),
                &[],
                Some(shown),
            )
            .await?;
            return Ok(page.into_response());
        }
        Err(AppError::Invalid(found)) => found,
        Err(AppError::Conflict(Conflict::UsernameTaken)) => {
            vec![FieldProblem::coded(
                "username",
                "username_taken",
                "is taken",
            )]
        }
        Err(other) => return Err(other.into()),
    };
    let page = users_page(&state, &signed_in, None, &fields, &found, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn users_page(
    state: &WebState,
    signed_in: &SignedIn,
    after: Option<UserId>,
    fields: &Fields,
    found: &[FieldProblem],
    created: Option<(String, String)>,
) -> Result<UsersPage, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let actor = &signed_in.session.actor;
    let now = signed_in.visit.now;
    let page = state
        .app
        .list_users(actor, None, after, PER_PAGE, now)
        .await?;
    let next = page
        .more
        .then(|| page.items.last())
        .flatten()
        .map(|last| format!("/admin/users?after={}", last.id.0));
    let create = if state.app.permits(actor, UseCase::CreateUser) {
        let organizations = Organizations::read(&state.app, actor, now).await?;
        let problems = problems::by_field(found, CREATE_FIELDS, ui.language);
        let form = FormView::new(&ui, fields, &problems, "new-user");
        Some(CreateForm {
            refused: !found.is_empty(),
            inputs: vec![
                form.text("username", "admin-username")
                    .ltr(None)
                    .required()
                    .hint(ui.t("admin-username-hint")),
                form.text("display_name", "admin-display-name"),
            ],
            organization: form
                .select(
                    "organization_id",
                    "admin-organization",
                    organizations.choices(&OrganizationKind::ALL, None, &ui),
                )
                .required()
                .empty(ui.t("admin-choose")),
            roles: roles_checks(&ui, &form),
        })
    } else {
        None
    };
    Ok(UsersPage {
        rows: page.items.iter().map(|u| UserRow::new(u, &ui)).collect(),
        next,
        create,
        created,
        ui,
    })
}

fn roles_checks(ui: &Ui, form: &FormView<'_>) -> Checks {
    form.checks(
        "roles",
        "admin-roles",
        "checkbox",
        ui.terms("role", &Role::ALL),
    )
    .required()
    .hint(ui.t("admin-roles-hint"))
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_user.html")]
struct UserPage {
    ui: Ui,
    id: String,
    version: i64,
    username: String,
    facts: Vec<(String, String)>,
    disabled: bool,
    /// Whether the person may change the account (an auditor only reads it).
    may_change: bool,
    /// What was just done, said.
    saved: Option<String>,
    /// Why the last change was refused, said.
    refused: Option<String>,
    roles: Checks,
    /// The new one-time password, shown this once.
    one_time_password: Option<String>,
}

/// What a change just made, from the address (`?saved=`).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SavedQuery {
    #[serde(default)]
    saved: String,
}

/// `GET /admin/users/{id}`.
pub(crate) async fn show(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let id = UserId(parse_id(&id)?);
    let saved = match query.saved.as_str() {
        "roles" => Some("admin-saved-roles"),
        "disabled" => Some("admin-saved-disabled"),
        "enabled" => Some("admin-saved-enabled"),
        _ => None,
    };
    let page = user_page(&state, &signed_in, id, None, saved, None).await?;
    Ok(page.into_response())
}

/// What the user page shows after a change was refused or a password made.
struct Outcome<'a> {
    /// The roles form as sent, when it was the one refused.
    fields: Option<&'a Fields>,
    problems: Problems,
    refused: Option<&'static str>,
}

async fn user_page(
    state: &WebState,
    signed_in: &SignedIn,
    id: UserId,
    outcome: Option<Outcome<'_>>,
    saved: Option<&'static str>,
    one_time_password: Option<String>,
) -> Result<UserPage, PageError> {
    let ui = Ui::new(&state.app, &signed_in.visit, Some(&signed_in.user));
    let user = state
        .app
        .user(&signed_in.session.actor, id, signed_in.visit.now)
        .await?;
    let current = Fields::with(
        &user
            .roles
            .as_slice()
            .iter()
            .map(|role| ("roles", role.as_str().to_owned()))
            .collect::<Vec<_>>(),
    );
    let no_problems = Problems::new();
    let (fields, problems, refused) = match &outcome {
        Some(outcome) => (
            outcome.fields.unwrap_or(&current),
            &outcome.problems,
            outcome.refused,
        ),
        None => (&current, &no_problems, None),
    };
    let form = FormView::new(&ui, fields, problems, "user");
    let roles = roles_checks(&ui, &form);
    Ok(UserPage {
        id: user.id.0.to_string(),
        version: user.version,
        username: user.username.as_str().to_owned(),
        facts: vec![
            (ui.t("admin-username"), user.username.as_str().to_owned()),
            (
                ui.t("admin-display-name"),
                user.display_name.as_str().to_owned(),
            ),
            (
                ui.t("admin-organization"),
                labels::organization(ui.language, &user.organization),
            ),
            (ui.t("admin-roles"), role_names(&user, &ui)),
            (ui.t("admin-user-state"), account_state(&user, &ui)),
        ],
        disabled: user.disabled,
        may_change: state
            .app
            .permits(&signed_in.session.actor, UseCase::ChangeUser),
        saved: saved.map(|key| ui.t(key)),
        refused: refused.map(|key| ui.t(key)),
        roles,
        one_time_password,
        ui,
    })
}

/// `POST /admin/users/{id}/roles`: the roles ticked, as of the version read.
pub(crate) async fn change_roles(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = UserId(parse_id(&id)?);
    let mut reader = Reader::new(&fields);
    let roles = reader.choices::<Role>("roles");
    let change = AccountChange {
        expected_version: fields.get("version").parse().unwrap_or_default(),
        roles: Some(roles),
        ..AccountChange::default()
    };
    let changed = match reader.finish() {
        Ok(()) => {
            state
                .app
                .change_user(&signed_in.session.actor, id, change, signed_in.visit.now)
                .await
        }
        Err(found) => Err(AppError::Invalid(found)),
    };
    after_change(&state, &signed_in, id, &fields, changed, "roles").await
}

/// `POST /admin/users/{id}/disabled`: the account disabled (`disabled=true`), ending its
/// sessions at once, or enabled again, as of the version read.
pub(crate) async fn change_disabled(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    fields: Fields,
) -> Result<Response, PageError> {
    let id = UserId(parse_id(&id)?);
    let disabled = fields.get("disabled") == "true";
    let change = AccountChange {
        expected_version: fields.get("version").parse().unwrap_or_default(),
        disabled: Some(disabled),
        ..AccountChange::default()
    };
    let changed = state
        .app
        .change_user(&signed_in.session.actor, id, change, signed_in.visit.now)
        .await;
    let saved = if disabled { "disabled" } else { "enabled" };
    after_change(&state, &signed_in, id, &fields, changed, saved).await
}

/// The answer to a change: the account's page saying what was done, or why not.
async fn after_change(
    state: &WebState,
    signed_in: &SignedIn,
    id: UserId,
    fields: &Fields,
    changed: Result<User, AppError>,
    saved: &str,
) -> Result<Response, PageError> {
    let (status, problems, refused) = match changed {
        Ok(_) => {
            let to = format!("/admin/users/{}?saved={saved}", id.0);
            return Ok(Redirect::to(&to).into_response());
        }
        Err(AppError::Invalid(found)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problems::by_field(&found, &["roles"], signed_in.visit.language),
            "form-has-problems",
        ),
        Err(AppError::VersionMismatch) => (
            StatusCode::CONFLICT,
            Problems::new(),
            "admin-user-changed-meanwhile",
        ),
        Err(AppError::Conflict(Conflict::SelfLockout)) => {
            (StatusCode::CONFLICT, Problems::new(), "admin-self-lockout")
        }
        Err(other) => return Err(other.into()),
    };
    let outcome = Outcome {
        fields: (saved == "roles").then_some(fields),
        problems,
        refused: Some(refused),
    };
    let page = user_page(state, signed_in, id, Some(outcome), None, None).await?;
    Ok((status, page).into_response())
}

/// `POST /admin/users/{id}/password`: a new one-time password, shown this once; every
/// session of the account ends.
pub(crate) async fn reset_password(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = UserId(parse_id(&id)?);
    let reset = state
        .app
        .reset_password(&signed_in.session.actor, id, None, signed_in.visit.now)
        .await;
    match reset {
        Ok(password) => {
            let page = user_page(&state, &signed_in, id, None, None, password).await?;
            Ok(page.into_response())
        }
        // One's own password is changed on the password page, with the current one.
        Err(AppError::Invalid(_)) => {
            let outcome = Outcome {
                fields: None,
                problems: Problems::new(),
                refused: Some("admin-reset-own"),
            };
            let page = user_page(&state, &signed_in, id, Some(outcome), None, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
