//! The authorization matrix (`tests/src/matrix.rs`) held against the router and the policy:
//! it lists exactly the router's routes, agrees with `policy::authorize`, and every role
//! gets on every route exactly what it says, over real requests on both backends.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use panah_api::OPENAPI_PATH;
use panah_app::UseCase;
use panah_domain::policy::{Denied, Scope, authorize};
use panah_domain::{Outcome, Role};
use panah_persistence::AuditFilter;
use panah_tests::matrix::{Access, MATRIX, Route, WEB_MATRIX};
use panah_tests::{PASSWORD, TestApp, TestDb, on_both_backends};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use uuid::Uuid;

/// The methods an OpenAPI path item may hold operations under.
const OPERATIONS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

#[tokio::test]
async fn every_route_of_the_router_is_in_the_matrix_and_nothing_else() {
    let db = TestDb::sqlite().await;
    let app = TestApp::spawn(&db).await;
    let document: Value = app.get(OPENAPI_PATH).await.json().await.unwrap();
    let mut served: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|key| OPERATIONS.contains(&key.as_str()))
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    // The API reference page and the document itself are served beside the API rather
    // than described in it; that they answer at all shows the router has them.
    for path in ["/api/docs", OPENAPI_PATH] {
        assert_ne!(app.get(path).await.status(), 404, "GET {path}");
        served.insert(("GET".to_owned(), path.to_owned()));
    }

    let listed: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|route| (route.method.to_owned(), route.path.to_owned()))
        .collect();
    assert_eq!(listed.len(), MATRIX.len(), "the matrix lists a route twice");
    let missing: Vec<_> = served.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&served).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "served by the router but missing from the matrix: {missing:?}\n\
         in the matrix but not served by the router: {extra:?}"
    );
}

#[test]
fn every_route_runs_a_use_case_gated_by_the_routes_permission() {
    for route in MATRIX.iter().chain(WEB_MATRIX) {
        let permission = match route.access {
            Access::Public => {
                assert_eq!(
                    route.use_case, None,
                    "{} {} is public",
                    route.method, route.path
                );
                continue;
            }
            Access::SignedIn => None,
            Access::Everyone(permission) | Access::Roles(permission, _) => Some(permission),
        };
        let use_case = route
            .use_case
            .unwrap_or_else(|| panic!("{} {} names no use case", route.method, route.path));
        assert_eq!(
            use_case.gate(),
            permission,
            "{} {}",
            route.method,
            route.path
        );
    }
    // Every use case has a route, but loading the demo data set (only the command line
    // does that), and choosing the language of one's pages, listing the assistance due
    // on one's start page and the caseworkers to assign a case to (only the web pages do).
    for use_case in UseCase::ALL {
        let routed = MATRIX.iter().any(|route| route.use_case == Some(*use_case));
        let elsewhere = matches!(
            use_case,
            UseCase::LoadDemo
                | UseCase::ChooseLanguage
                | UseCase::ListAssistanceDue
                | UseCase::ListAssignees
        );
        assert_eq!(routed, !elsewhere, "{use_case:?}");
    }
}

#[test]
fn the_matrix_grants_exactly_what_the_policy_grants() {
    let mut disagreements = Vec::new();
    for route in MATRIX.iter().chain(WEB_MATRIX) {
        let (permission, granted): (_, Vec<(Role, Scope)>) = match route.access {
            // No permission is checked on these routes, so the policy has nothing to say.
            Access::Public | Access::SignedIn => continue,
            Access::Everyone(permission) => (
                permission,
                Role::ALL.iter().map(|role| (*role, Scope::All)).collect(),
            ),
            Access::Roles(permission, granted) => (permission, granted.to_vec()),
        };
        for role in Role::ALL {
            let listed = granted
                .iter()
                .find(|(r, _)| *r == role)
                .map(|(_, scope)| *scope)
                .ok_or(Denied(permission));
            let decided = authorize(&[role], permission);
            if listed != decided {
                disagreements.push(format!(
                    "{} {} as {role}: the matrix says {listed:?}, the policy {decided:?}",
                    route.method, route.path
                ));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "the matrix and the policy disagree:\n{}",
        disagreements.join("\n")
    );
}

/// The description of `response`, following a reference into the document's shared
/// responses.
fn description<'a>(document: &'a Value, response: &'a Value) -> &'a str {
    let response = match response["$ref"].as_str() {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/responses/");
            &document["components"]["responses"][name]
        }
        None => response,
    };
    response["description"].as_str().unwrap_or_default()
}

/// Clients learn from the OpenAPI document where they may be refused: 401 wherever a token
/// is needed, 403 `forbidden` wherever the matrix refuses a role, 403
/// `password_change_required` wherever the one-time password gate applies — and neither
/// where it cannot happen.
#[test]
fn the_openapi_document_describes_the_refusals_of_the_matrix() {
    let document = serde_json::to_value(panah_api::openapi()).unwrap();
    let mut wrong = Vec::new();
    for route in MATRIX {
        let method = route.method.to_lowercase();
        // The API reference page and the document itself are not described in it.
        let Some(operation) = document["paths"][route.path].get(&method) else {
            continue;
        };
        let name = format!("{} {}", route.method, route.path);
        let public = route.access == Access::Public;
        if operation.get("security").is_some() == public {
            wrong.push(format!(
                "{name}: security does not say whether a token is needed"
            ));
        }
        if !public
            && !description(&document, &operation["responses"]["401"]).contains("`unauthorized`")
        {
            wrong.push(format!("{name}: 401 `unauthorized` is not documented"));
        }
        let forbidden = description(&document, &operation["responses"]["403"]);
        let refuses_roles = matches!(route.access, Access::Roles(..));
        if forbidden.contains("`forbidden`") != refuses_roles {
            wrong.push(format!(
                "{name}: 403 `forbidden` documented: {}",
                !refuses_roles
            ));
        }
        let gated = route
            .use_case
            .is_some_and(|use_case| !use_case.allowed_before_password_change());
        if forbidden.contains("`password_change_required`") != gated {
            wrong.push(format!(
                "{name}: 403 `password_change_required` documented: {}",
                !gated
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// What a route answered: its status and the problem's `code`, if the body has one.
struct Answer {
    status: StatusCode,
    code: String,
}

/// The route's template with every path parameter replaced by a fresh id, which names
/// nothing: a caller who gets past authorization meets a 404 rather than changing data.
fn concrete_path(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                Uuid::now_v7().to_string()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Sends `route` a request as a client would: `{}` as the body of a POST or PATCH, and
/// `If-Match: "1"` on a PATCH, so that authorization is the only thing in question.
async fn call(app: &TestApp, route: &Route, token: Option<&str>) -> Answer {
    let method = Method::from_bytes(route.method.as_bytes()).unwrap();
    let mut request = app
        .client
        .request(method.clone(), app.url(&concrete_path(route.path)));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if method == Method::POST || method == Method::PATCH {
        request = request.json(&json!({}));
    }
    if method == Method::PATCH {
        request = request.header(header::IF_MATCH, "\"1\"");
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let code = response
        .json::<Value>()
        .await
        .ok()
        .and_then(|body| body["code"].as_str().map(str::to_owned))
        .unwrap_or_default();
    Answer { status, code }
}

/// Whether the request ended in authentication or authorization rather than reaching
/// the handler's own answer.
fn refused(status: StatusCode) -> bool {
    status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
}

/// The matrix in the order one session can walk it: signing out ends the session, so it
/// comes last.
fn in_session_order() -> impl Iterator<Item = &'static Route> {
    let is_logout = |route: &&Route| route.path == "/api/v1/auth/logout";
    MATRIX
        .iter()
        .filter(move |route| !is_logout(route))
        .chain(MATRIX.iter().filter(is_logout))
}

on_both_backends! {
    async fn every_role_gets_exactly_what_the_matrix_says_on_every_route(db: TestDb) {
        let mut users = Vec::new();
        for role in Role::ALL {
            users.push((role, db.create_user_with_role(role).await));
        }
        let app = TestApp::spawn(&db).await;
        let mut mismatches = Vec::new();

        for route in MATRIX {
            let answer = call(&app, route, None).await;
            let expected = if route.access == Access::Public {
                !refused(answer.status)
            } else {
                answer.status == StatusCode::UNAUTHORIZED
            };
            if !expected {
                mismatches.push(format!(
                    "no token: {} {} answered {} {:?}",
                    route.method, route.path, answer.status, answer.code
                ));
            }
        }

        // Every 403 a signed-in user receives, as the audit log should record it: who was
        // refused, and "METHOD /route". Each user calls each route once, so it is a set.
        let mut denied = BTreeSet::new();
        for (role, user) in &users {
            let token = app.token(&user.username, PASSWORD).await;
            for route in in_session_order() {
                let answer = call(&app, route, Some(&token)).await;
                // A refused role must get 403 before its body is even read: `{}` would
                // otherwise be a 422 telling it what the body should hold.
                let expected = if route.access.allows(*role) {
                    !refused(answer.status)
                } else {
                    answer.status == StatusCode::FORBIDDEN && answer.code == "forbidden"
                };
                if !expected {
                    let should = if route.access.allows(*role) {
                        "allowed"
                    } else {
                        "403 forbidden"
                    };
                    mismatches.push(format!(
                        "{role}: {} {} answered {} {:?}, expected {should}",
                        route.method, route.path, answer.status, answer.code
                    ));
                }
                if answer.status == StatusCode::FORBIDDEN {
                    let target = format!("{} {}", route.method, route.path);
                    denied.insert((user.username.clone(), target));
                }
            }
        }

        let filter = AuditFilter { action: Some("access.denied".into()), ..Default::default() };
        let entries = db.store.list_audit(&filter, 10_000).await.unwrap();
        if entries.len() != denied.len() {
            mismatches.push(format!(
                "the audit log holds {} access.denied entries for the {} refusals seen",
                entries.len(),
                denied.len()
            ));
        }
        let mut audited = BTreeSet::new();
        for entry in &entries {
            let actor = users
                .iter()
                .find(|(_, user)| Some(user.id) == entry.actor_id)
                .map_or_else(
                    || format!("{:?}", entry.actor_id),
                    |(_, user)| user.username.clone(),
                );
            let target = entry.target_id.clone().unwrap_or_default();
            if entry.outcome != Outcome::Denied || entry.target_type.as_deref() != Some("route") {
                mismatches.push(format!(
                    "audit: {actor} {target} has outcome {:?} and target type {:?}",
                    entry.outcome, entry.target_type
                ));
            }
            audited.insert((actor, target));
        }
        for (actor, target) in denied.difference(&audited) {
            mismatches.push(format!(
                "audit: {actor} was refused {target}, which is not in the log"
            ));
        }
        for (actor, target) in audited.difference(&denied) {
            mismatches.push(format!(
                "audit: {actor} was not refused {target}, which is in the log"
            ));
        }

        assert!(
            mismatches.is_empty(),
            "{} disagreements with the matrix:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
    }
}
