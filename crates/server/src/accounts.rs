//! `panah user create`, `list`, `disable` and `reset-password`: accounts managed by the
//! operator at the command line, through the same use cases as the API's.

use anyhow::anyhow;
use panah_app::{AccountChange, App, AppError, NewAccount, OrganizationRef};
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
    let operator = crate::operator::actor("panah user create");
    app.create_user(&operator, new, OffsetDateTime::now_utc())
        .await
        .map_err(explain)
}

/// Every user, in creation order, through the use case the API's list runs.
pub async fn list_users(app: &App) -> anyhow::Result<Vec<User>> {
    const PAGE: u32 = 200;
    let operator = crate::operator::actor("panah user list");
    let mut users = Vec::new();
    let mut after = None;
    loop {
        let page = app
            .list_users(&operator, None, after, PAGE, OffsetDateTime::now_utc())
            .await
            .map_err(|error| anyhow::Error::new(error).context("cannot list the users"))?;
        let more = page.more;
        after = page.items.last().map(|user| user.id);
        users.extend(page.items);
        if !more {
            return Ok(users);
        }
    }
}

/// The users as a table for people: username, organisation, roles, status and display
/// name (last, as it may be in any script and of any width).
pub fn users_table(users: &[User]) -> String {
    let rows: Vec<[String; 5]> = users
        .iter()
        .map(|user| {
            let status = if user.disabled {
                "disabled"
            } else if user.password_change_required {
                "must change password"
            } else {
                "active"
            };
            [
                user.username.to_string(),
                user.organization.code.as_str().to_owned(),
                user.roles
                    .as_slice()
                    .iter()
                    .map(|role| role.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                status.to_owned(),
                user.display_name.as_str().to_owned(),
            ]
        })
        .collect();
    let header = [
        "USERNAME",
        "ORGANIZATION",
        "ROLES",
        "STATUS",
        "DISPLAY NAME",
    ]
    .map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut table = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (cell, width) in row.iter().zip(widths) {
            table.push_str(cell);
            table.push_str(&" ".repeat(width - cell.chars().count() + 2));
        }
        table.push_str(&row[4]);
        table.push('\n');
    }
    table
}

/// Disables the user `username`: their sessions end at once and they cannot sign in.
/// Returns what happened, in one line.
pub async fn disable_user(app: &App, username: &str) -> anyhow::Result<String> {
    let operator = crate::operator::actor("panah user disable");
    let now = OffsetDateTime::now_utc();
    let user = app
        .user_named(&operator, username, now)
        .await
        .map_err(|error| unknown_user(error, username))?;
    if user.disabled {
        return Ok(format!("user {} is already disabled", user.username));
    }
    let change = AccountChange {
        expected_version: user.version,
        disabled: Some(true),
        ..AccountChange::default()
    };
    app.change_user(&operator, user.id, change, now)
        .await
        .map_err(|error| anyhow::Error::new(error).context("cannot disable the user"))?;
    Ok(format!(
        "disabled user {}: their sessions have ended and they cannot sign in",
        user.username
    ))
}

/// Gives the user `username` a new password to change at their next sign-in: `chosen`,
/// or a random one returned to be handed over. Every session of theirs ends.
pub async fn reset_password(
    app: &App,
    username: &str,
    chosen: Option<String>,
) -> anyhow::Result<(User, Option<String>)> {
    let operator = crate::operator::actor("panah user reset-password");
    let now = OffsetDateTime::now_utc();
    let user = app
        .user_named(&operator, username, now)
        .await
        .map_err(|error| unknown_user(error, username))?;
    let generated = app
        .reset_password(&operator, user.id, chosen, now)
        .await
        .map_err(explain)?;
    Ok((user, generated))
}

/// A failure to find a user, naming the option.
fn unknown_user(error: AppError, username: &str) -> anyhow::Error {
    match error {
        AppError::NotFound => anyhow!("--username: no user is called {username}"),
        other => explain(other),
    }
}
