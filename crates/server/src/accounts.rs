//! `panah user create`: an account made by the operator at the command line, through the
//! same use case as the API's.

use anyhow::anyhow;
use panah_app::{Actor, App, AppError, Door, NewAccount, OrganizationRef};
use panah_domain::{Role, User};
use time::OffsetDateTime;

/// What `panah user create` asks for.
#[derive(Debug)]
pub struct UserRequest {
    /// Login name.
    pub username: String,
    /// The organisation's code, such as `IOM-AF` or `MOI-KAB`.
    pub organization: String,
    /// Roles, at least one.
    pub roles: Vec<String>,
    /// Name for people; the username when not given.
    pub display_name: Option<String>,
    /// The password, as read from standard input.
    pub password: String,
}

/// The command-line option a problem's field comes from.
fn option(field: &str) -> String {
    match field {
        "roles" => "--role".to_owned(),
        "password" => "password".to_owned(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// What went wrong, in one line naming the options to fix.
pub fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Invalid(problems) => anyhow!(
            "{}",
            problems
                .iter()
                .map(|p| format!("{}: {}", option(&p.field), p.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        AppError::Conflict(conflict) => anyhow!("--username: {conflict}"),
        other => anyhow::Error::new(other).context("cannot create the user"),
    }
}

/// Creates a user for an operator, checking everything the API checks. The error says
/// what to fix in one line.
pub async fn create_user(app: &App, request: UserRequest) -> anyhow::Result<User> {
    let roles = request
        .roles
        .iter()
        .map(|r| r.parse::<Role>().map_err(|e| anyhow!("--role {r}: {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let new = NewAccount {
        username: request.username,
        display_name: request.display_name,
        organization: OrganizationRef::Code(request.organization),
        roles,
        password: request.password,
    };
    let operator = Actor::operator(Door::Cli, "panah user create");
    app.create_user(&operator, new, OffsetDateTime::now_utc())
        .await
        .map_err(explain)
}
