//! The users admin API (`/api/v1/users`) and the organisations API
//! (`/api/v1/organizations`), over HTTP on both backends: who may do what, what is refused
//! and that a refusal changes nothing, pagination, conditional updates, and changes to a
//! user taking effect on their very next request.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashSet};

use panah_domain::{AuditEntry, OrganizationId, Outcome, Role};
use panah_persistence::AuditFilter;
use panah_tests::{PASSWORD, TestApp, TestDb, TestUser, on_both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// A password that passes the policy for every username used below.
const NEW_PASSWORD: &str = "violet kettle under the bridge";

/// The fields a user has in the API; a password or its hash is never among them.
const USER_FIELDS: [&str; 10] = [
    "created_at",
    "disabled",
    "display_name",
    "id",
    "organization",
    "password_change_required",
    "roles",
    "updated_at",
    "username",
    "version",
];

async fn body(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

/// Status and JSON body of a response.
async fn answer(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let value =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}

/// The id of the seeded (or created) organisation with this code.
async fn org_id(db: &TestDb, code: &str) -> Uuid {
    db.organization(code).await.id.0
}

/// An admin at IOM-AF, with an access token.
async fn admin(db: &TestDb, app: &TestApp) -> (TestUser, String) {
    let admin = db.create_user_with_role(Role::Admin).await;
    let token = app.token(&admin.username, PASSWORD).await;
    (admin, token)
}

async fn create_user(app: &TestApp, token: &str, request: &Value) -> reqwest::Response {
    app.post_json("/api/v1/users", Some(token), request).await
}

/// `PATCH /api/v1/users/{id}` with `If-Match` if given.
async fn patch_user(
    app: &TestApp,
    token: &str,
    id: impl std::fmt::Display,
    if_match: Option<&str>,
    request: &Value,
) -> reqwest::Response {
    let mut builder = app
        .client
        .patch(app.url(&format!("/api/v1/users/{id}")))
        .bearer_auth(token)
        .json(request);
    if let Some(etag) = if_match {
        builder = builder.header("if-match", etag);
    }
    builder.send().await.unwrap()
}

/// The fields a 422 names, as a set.
fn fields(problem: &Value) -> BTreeSet<String> {
    assert_eq!(problem["code"], "validation_failed", "{problem}");
    assert_eq!(problem["status"], 422, "{problem}");
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors array: {problem}"))
        .iter()
        .map(|e| {
            assert!(
                !e["message"].as_str().unwrap().is_empty(),
                "an error without a message: {problem}"
            );
            e["field"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|&n| n.to_owned()).collect()
}

/// Asserts a 422 that names exactly `expected`.
async fn assert_invalid(response: reqwest::Response, expected: &[&str]) -> Value {
    let (status, problem) = answer(response).await;
    assert_eq!(status, 422, "{problem}");
    assert!(
        problem["type"].is_string() && problem["title"].is_string(),
        "{problem}"
    );
    assert_eq!(fields(&problem), set(expected), "{problem}");
    problem
}

/// Asserts a problem with this status and code.
async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> Value {
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let (got, problem) = answer(response).await;
    assert_eq!(got, status, "{problem}");
    assert_eq!(problem["code"], code, "{problem}");
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    problem
}

async fn user_count(db: &TestDb) -> i64 {
    db.store.count_users().await.unwrap()
}

async fn audit(db: &TestDb, filter: AuditFilter) -> Vec<AuditEntry> {
    db.store.list_audit(&filter, 1000).await.unwrap()
}

/// `access.denied` entries of `actor`, as the `target_id`s (`METHOD /route`).
async fn denials(db: &TestDb, actor: &TestUser) -> Vec<String> {
    let mut denied: Vec<String> = audit(
        db,
        AuditFilter {
            actor_id: Some(actor.id),
            action: Some("access.denied".into()),
            ..AuditFilter::default()
        },
    )
    .await
    .into_iter()
    .map(|e| {
        assert_eq!(e.outcome, Outcome::Denied);
        assert_eq!(e.target_type.as_deref(), Some("route"));
        e.target_id.unwrap()
    })
    .collect();
    denied.sort();
    denied
}

/// A valid creation request for `username` at IOM-AF as a caseworker.
async fn valid_request(db: &TestDb, username: &str) -> Value {
    json!({
        "username": username,
        "display_name": "Zahra Ahmadi",
        "organization_id": org_id(db, "IOM-AF").await,
        "roles": ["caseworker"],
        "password": NEW_PASSWORD,
    })
}

/// Every user id the list shows, walking pages of `limit`, with the number of pages.
async fn walk(app: &TestApp, token: &str, query: &str, limit: u32) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut path = format!("/api/v1/users?limit={limit}{query}");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let (status, page) = answer(app.get_as(token, &path).await).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit as usize, "{page}");
        ids.extend(items.iter().map(|u| u["id"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => {
                assert_eq!(items.len(), limit as usize, "a short page with a next page");
                cursor = Some(next.to_owned());
            }
            None => {
                assert!(page["next_cursor"].is_null(), "{page}");
                break;
            }
        }
        assert!(pages < 100, "the list never ends");
    }
    (ids, pages)
}

on_both_backends! {
    async fn an_admin_creates_a_user_who_can_then_sign_in_and_the_creation_is_audited(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (admin, token) = admin(&db, &app).await;
        let iom = org_id(&db, "IOM-AF").await;

        let response = create_user(
            &app,
            &token,
            &json!({
                "username": "Zahra.Ahmadi",
                "display_name": "Zahra Ahmadi",
                "organization_id": iom,
                "roles": ["case_manager", "caseworker"],
                "password": NEW_PASSWORD,
            }),
        )
        .await;
        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(response.headers()["etag"], "\"1\"");
        let created = body(response).await;
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(Uuid::parse_str(&id).unwrap().get_version_num(), 7);
        assert_eq!(location, format!("/api/v1/users/{id}"));
        assert_eq!(created["username"], "zahra.ahmadi");
        assert_eq!(created["display_name"], "Zahra Ahmadi");
        assert_eq!(
            created["organization"],
            json!({
                "id": iom.to_string(), "code": "IOM-AF", "name": "IOM Afghanistan",
                "kind": "iom", "province": null,
            })
        );
        assert_eq!(created["roles"], json!(["caseworker", "case_manager"]));
        assert_eq!(created["disabled"], false);
        assert_eq!(created["password_change_required"], false);
        assert_eq!(created["version"], 1);
        assert_eq!(created["created_at"], created["updated_at"]);
        assert!(
            created["created_at"].as_str().unwrap().ends_with('Z'),
            "{created}"
        );
        let keys: BTreeSet<String> = created.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, set(&USER_FIELDS), "{created}");
        let text = created.to_string();
        assert!(
            !text.contains(NEW_PASSWORD) && !text.contains("argon2"),
            "{text}"
        );

        // The Location names the user, with the same body and ETag.
        let fetched = app.get_as(&token, &location).await;
        assert_eq!(fetched.status(), 200);
        assert_eq!(fetched.headers()["etag"], "\"1\"");
        assert_eq!(body(fetched).await, created);

        // The new user signs in with that password, in any case of the username.
        let tokens = app.login("ZAHRA.ahmadi", NEW_PASSWORD).await;
        assert_eq!(tokens["password_change_required"], false);
        let me = body(
            app.get_as(tokens["access_token"].as_str().unwrap(), "/api/v1/me")
                .await,
        )
        .await;
        assert_eq!(me["id"], id.as_str());
        assert_eq!(me["roles"], json!(["caseworker", "case_manager"]));

        let entries = audit(
            &db,
            AuditFilter {
                action: Some("user.create".into()),
                target_id: Some(id.clone()),
                ..AuditFilter::default()
            },
        )
        .await;
        assert_eq!(entries.len(), 1, "{entries:?}");
        let entry = &entries[0];
        assert_eq!(entry.actor_id, Some(admin.id));
        assert_eq!(entry.actor_organization_id, Some(OrganizationId(iom)));
        assert_eq!(entry.target_type.as_deref(), Some("user"));
        assert_eq!(entry.outcome, Outcome::Success);
        assert!(entry.request_id.is_some());
        assert!(!format!("{entry:?}").contains(NEW_PASSWORD));
    }

    async fn a_taken_username_is_refused_in_any_case_and_nothing_is_created(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let first = create_user(&app, &token, &valid_request(&db, "zahra.ahmadi").await).await;
        assert_eq!(first.status(), 201);
        let count = user_count(&db).await;
        assert_eq!(count, 2);

        for username in ["zahra.ahmadi", "Zahra.Ahmadi", "ZAHRA.AHMADI"] {
            let response = create_user(&app, &token, &valid_request(&db, username).await).await;
            assert_problem(response, 409, "username_taken").await;
        }
        // An admin's own username is as taken as any.
        let response = create_user(&app, &token, &valid_request(&db, "ADMIN").await).await;
        assert_problem(response, 409, "username_taken").await;

        assert_eq!(user_count(&db).await, count);
        let created = audit(
            &db,
            AuditFilter {
                action: Some("user.create".into()),
                ..AuditFilter::default()
            },
        )
        .await;
        // The admin (made by the harness) and zahra.ahmadi: no entry for a refusal.
        assert_eq!(created.len(), 2, "{created:?}");
    }

    async fn roles_must_be_given_and_fit_the_organisation(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let count = user_count(&db).await;
        let moi = org_id(&db, "MOI").await;
        let iom = org_id(&db, "IOM-AF").await;
        let cases = [
            (moi, json!(["caseworker"])),
            (moi, json!(["provincial_officer"])),
            (moi, json!(["ministry_liaison", "admin"])),
            (iom, json!(["ministry_liaison"])),
            (org_id(&db, "MOI-KAB").await, json!(["ministry_liaison"])),
            (org_id(&db, "DONOR-US").await, json!(["programme_manager"])),
            (iom, json!([])),
        ];
        for (organization, roles) in cases {
            let response = create_user(
                &app,
                &token,
                &json!({
                    "username": "new.user", "display_name": "New User",
                    "organization_id": organization, "roles": roles, "password": NEW_PASSWORD,
                }),
            )
            .await;
            assert_invalid(response, &["roles"]).await;
        }
        // A role that is not a role at all.
        let response = create_user(
            &app,
            &token,
            &json!({
                "username": "new.user", "display_name": "New User",
                "organization_id": iom, "roles": ["superuser"], "password": NEW_PASSWORD,
            }),
        )
        .await;
        let problem = answer(response).await.1;
        let named = fields(&problem);
        assert!(
            named.len() == 1 && named.iter().all(|f| f.starts_with("roles")),
            "{problem}"
        );
        assert_eq!(user_count(&db).await, count);

        // The same rule admits the roles that do fit.
        for (code, role) in [
            ("MOI", "ministry_liaison"),
            ("MOI-KAB", "provincial_officer"),
            ("MOJ", "partner_focal_point"),
        ] {
            let response = create_user(&app, &token, &json!({
                "username": format!("{role}.1"), "display_name": "Fits",
                "organization_id": org_id(&db, code).await, "roles": [role], "password": NEW_PASSWORD,
            }))
            .await;
            let (status, created) = answer(response).await;
            assert_eq!(status, 201, "{created}");
            assert_eq!(created["organization"]["code"], code);
            assert_eq!(created["roles"], json!([role]));
        }
        assert_eq!(user_count(&db).await, count + 3);
    }

    async fn an_unknown_organisation_and_weak_passwords_are_refused(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let count = user_count(&db).await;

        let mut request = valid_request(&db, "zahra.ahmadi").await;
        request["organization_id"] = json!(Uuid::now_v7());
        assert_invalid(
            create_user(&app, &token, &request).await,
            &["organization_id"],
        )
        .await;
        request["organization_id"] = json!("not-a-uuid");
        assert_invalid(
            create_user(&app, &token, &request).await,
            &["organization_id"],
        )
        .await;

        for password in [
            "short pass",                  // 10 characters
            "password1234",                // on the common list
            "PASSWORD1234",                // the same, ignoring case
            "my name is zahra.ahmadi, hi", // contains the username
            "my name is ZAHRA.Ahmadi, hi", // ignoring case
            &"x".repeat(129),              // too long
        ] {
            let mut request = valid_request(&db, "zahra.ahmadi").await;
            request["password"] = json!(password);
            let problem =
                assert_invalid(create_user(&app, &token, &request).await, &["password"]).await;
            // A refusal never quotes what was sent.
            assert!(!problem.to_string().contains(password), "{problem}");
        }
        assert_eq!(user_count(&db).await, count);
        // The username is still free.
        let response = create_user(&app, &token, &valid_request(&db, "zahra.ahmadi").await).await;
        assert_eq!(response.status(), 201);
    }

    async fn fields_that_cannot_be_set_on_creation_are_refused_by_name(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let count = user_count(&db).await;
        for (field, value) in [
            ("disabled", json!(true)),
            ("password_change_required", json!(false)),
            ("version", json!(7)),
            ("id", json!(Uuid::now_v7())),
            (
                "password_hash",
                json!("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"),
            ),
        ] {
            let mut request = valid_request(&db, "zahra.ahmadi").await;
            request[field] = value;
            assert_invalid(create_user(&app, &token, &request).await, &[field]).await;
        }
        // A missing field is named too.
        let mut request = valid_request(&db, "zahra.ahmadi").await;
        request.as_object_mut().unwrap().remove("password");
        assert_invalid(create_user(&app, &token, &request).await, &["password"]).await;
        assert_eq!(user_count(&db).await, count);
    }

    async fn several_bad_fields_are_all_named_at_once(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let count = user_count(&db).await;

        let response = create_user(
            &app,
            &token,
            &json!({
                "username": "x",
                "display_name": "",
                "organization_id": Uuid::now_v7(),
                "roles": ["caseworker"],
                "password": NEW_PASSWORD,
            }),
        )
        .await;
        assert_invalid(response, &["username", "display_name", "organization_id"]).await;

        let response = create_user(
            &app,
            &token,
            &json!({
                "username": "fine.name",
                "display_name": "   ",
                "organization_id": org_id(&db, "IOM-AF").await,
                "roles": ["ministry_liaison"],
                "password": "short",
            }),
        )
        .await;
        assert_invalid(response, &["display_name", "roles", "password"]).await;

        let response = create_user(
            &app,
            &token,
            &json!({
                "username": "fine.name",
                "display_name": "Fine",
                "organization_id": org_id(&db, "MOI").await,
                "roles": [],
                "password": "fine.name is my password",
            }),
        )
        .await;
        assert_invalid(response, &["roles", "password"]).await;
        assert_eq!(user_count(&db).await, count);
    }

    async fn auditors_read_users_but_every_change_they_try_is_refused_and_audited(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (admin, _) = admin(&db, &app).await;
        let auditor = db.create_user_with_role(Role::Auditor).await;
        let token = app.token(&auditor.username, PASSWORD).await;

        let (status, list) = answer(app.get_as(&token, "/api/v1/users").await).await;
        assert_eq!(status, 200, "{list}");
        let names: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["admin", "auditor"]);
        assert!(list["next_cursor"].is_null());
        for user in list["items"].as_array().unwrap() {
            let keys: BTreeSet<String> = user.as_object().unwrap().keys().cloned().collect();
            assert_eq!(keys, set(&USER_FIELDS), "{user}");
        }

        let one = app
            .get_as(&token, &format!("/api/v1/users/{}", admin.id))
            .await;
        assert_eq!(one.status(), 200);
        assert_eq!(one.headers()["etag"], "\"1\"");
        assert_eq!(body(one).await["username"], "admin");

        let count = user_count(&db).await;
        let response = create_user(&app, &token, &valid_request(&db, "zahra.ahmadi").await).await;
        assert_problem(response, 403, "forbidden").await;
        let response = patch_user(
            &app,
            &token,
            admin.id,
            Some("\"1\""),
            &json!({"disabled": true}),
        )
        .await;
        assert_problem(response, 403, "forbidden").await;
        let response = patch_user(
            &app,
            &token,
            auditor.id,
            Some("\"1\""),
            &json!({"roles": ["auditor", "admin"]}),
        )
        .await;
        assert_problem(response, 403, "forbidden").await;

        assert_eq!(user_count(&db).await, count);
        let admin_now = db.store.get_user(admin.id).await.unwrap().unwrap();
        assert!(!admin_now.disabled);
        assert_eq!(admin_now.version, 1);
        let auditor_now = db.store.get_user(auditor.id).await.unwrap().unwrap();
        assert_eq!(auditor_now.roles.as_slice(), [Role::Auditor]);
        assert_eq!(auditor_now.version, 1);

        assert_eq!(
            denials(&db, &auditor).await,
            [
                "PATCH /api/v1/users/{id}",
                "PATCH /api/v1/users/{id}",
                "POST /api/v1/users",
            ]
        );
    }

    async fn other_roles_cannot_see_users_at_all(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (admin, _) = admin(&db, &app).await;
        for role in [
            Role::Caseworker,
            Role::CaseManager,
            Role::ProgrammeManager,
            Role::MinistryLiaison,
            Role::ProvincialOfficer,
            Role::PartnerFocalPoint,
        ] {
            let user = db.create_user_with_role(role).await;
            let token = app.token(&user.username, PASSWORD).await;
            assert_problem(app.get_as(&token, "/api/v1/users").await, 403, "forbidden").await;
            assert_problem(
                app.get_as(&token, &format!("/api/v1/users/{}", admin.id))
                    .await,
                403,
                "forbidden",
            )
            .await;
            let response =
                create_user(&app, &token, &valid_request(&db, "zahra.ahmadi").await).await;
            assert_problem(response, 403, "forbidden").await;
            assert_eq!(
                denials(&db, &user).await,
                [
                    "GET /api/v1/users",
                    "GET /api/v1/users/{id}",
                    "POST /api/v1/users",
                ],
                "{role}"
            );
        }
        // Without a token: 401, and the anonymous refusal is not in the audit log.
        let before = audit(&db, AuditFilter::default()).await.len();
        let response = app.send(Method::GET, "/api/v1/users", None, None).await;
        assert_problem(response, 401, "unauthorized").await;
        assert_eq!(audit(&db, AuditFilter::default()).await.len(), before);
        assert_eq!(user_count(&db).await, 7);
    }

    async fn the_user_list_walks_every_page_once_in_creation_order(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (admin, token) = admin(&db, &app).await;
        let mut expected = vec![admin.id.to_string()];
        for i in 1..=5 {
            let user = db
                .create_user(&format!("user{i}"), "IOM-AF", &[Role::Caseworker])
                .await;
            expected.push(user.id.to_string());
        }

        // Six users in pages of two: three full pages, the last with no next cursor.
        let (ids, pages) = walk(&app, &token, "", 2).await;
        assert_eq!(pages, 3);
        assert_eq!(ids, expected);
        let (ids, pages) = walk(&app, &token, "", 4).await;
        assert_eq!(pages, 2);
        assert_eq!(ids, expected);
        let (ids, pages) = walk(&app, &token, "", 1).await;
        assert_eq!(pages, 6);
        assert_eq!(ids, expected);
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "duplicates"
        );

        // The default page holds them all.
        let (status, page) = answer(app.get_as(&token, "/api/v1/users").await).await;
        assert_eq!(status, 200);
        assert_eq!(page["items"].as_array().unwrap().len(), 6);
        assert!(page["next_cursor"].is_null());
        let (status, page) = answer(app.get_as(&token, "/api/v1/users?limit=200").await).await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["items"].as_array().unwrap().len(), 6);

        // A user created between two pages shows up on a later page, once.
        let first = body(app.get_as(&token, "/api/v1/users?limit=3").await).await;
        let late = db
            .create_user("late.comer", "IOM-AF", &[Role::Auditor])
            .await;
        let cursor = first["next_cursor"].as_str().unwrap();
        let rest = body(
            app.get_as(&token, &format!("/api/v1/users?limit=200&cursor={cursor}"))
                .await,
        )
        .await;
        let rest: Vec<&str> = rest["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap())
            .collect();
        let late_id = late.id.to_string();
        assert_eq!(rest, [&expected[3], &expected[4], &expected[5], &late_id]);

        for bad in ["limit=0", "limit=201"] {
            let response = app.get_as(&token, &format!("/api/v1/users?{bad}")).await;
            assert_invalid(response, &["limit"]).await;
        }
        for bad in ["limit=-1", "limit=two", "sort=username"] {
            let response = app.get_as(&token, &format!("/api/v1/users?{bad}")).await;
            let (status, problem) = answer(response).await;
            assert_eq!(status, 422, "{bad}: {problem}");
            assert_eq!(problem["code"], "validation_failed");
        }
        // "hello" and a UUID with a trailing byte, base64url-encoded; and not base64 at all.
        for forged in [
            "aGVsbG8",
            "not%20a%20cursor",
            "%21%21%21",
            "MDE5YjAwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAxeA",
        ] {
            let response = app
                .get_as(&token, &format!("/api/v1/users?cursor={forged}"))
                .await;
            assert_invalid(response, &["cursor"]).await;
        }
    }

    async fn the_user_list_filters_by_organisation(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let kabul = [
            db.create_user("kabul.one", "MOI-KAB", &[Role::ProvincialOfficer])
                .await,
            db.create_user("kabul.two", "MOI-KAB", &[Role::ProvincialOfficer])
                .await,
            db.create_user("kabul.three", "MOI-KAB", &[Role::ProvincialOfficer])
                .await,
        ];
        db.create_user("herat.one", "MOI-HER", &[Role::ProvincialOfficer])
            .await;
        db.create_user("national.one", "MOI", &[Role::MinistryLiaison])
            .await;
        let kab = org_id(&db, "MOI-KAB").await;

        let query = format!("&organization_id={kab}");
        let (ids, pages) = walk(&app, &token, &query, 2).await;
        assert_eq!(pages, 2);
        let expected: Vec<String> = kabul.iter().map(|u| u.id.to_string()).collect();
        assert_eq!(ids, expected);
        let page = body(
            app.get_as(&token, &format!("/api/v1/users?organization_id={kab}"))
                .await,
        )
        .await;
        for user in page["items"].as_array().unwrap() {
            assert_eq!(user["organization"]["code"], "MOI-KAB");
            assert_eq!(user["organization"]["province"], "AF-KAB");
            assert_eq!(user["roles"], json!(["provincial_officer"]));
        }

        let iom = org_id(&db, "IOM-AF").await;
        let page = body(
            app.get_as(&token, &format!("/api/v1/users?organization_id={iom}"))
                .await,
        )
        .await;
        let names: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["admin"]);

        let (status, page) = answer(
            app.get_as(
                &token,
                &format!("/api/v1/users?organization_id={}", Uuid::now_v7()),
            )
            .await,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(page, json!({"items": [], "next_cursor": null}));
        let (status, _) = answer(
            app.get_as(&token, "/api/v1/users?organization_id=MOI-KAB")
                .await,
        )
        .await;
        assert_eq!(status, 422);
    }

    async fn one_user_comes_with_its_version_as_etag_and_unknown_ids_are_not_found(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (admin, token) = admin(&db, &app).await;
        let user = db
            .create_user("zahra.ahmadi", "IOM-AF", &[Role::Caseworker])
            .await;
        let path = format!("/api/v1/users/{}", user.id);

        let response = app.get_as(&token, &path).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["etag"], "\"1\"");
        let got = body(response).await;
        assert_eq!(got["id"], user.id.to_string());
        assert_eq!(got["version"], 1);

        let response = patch_user(
            &app,
            &token,
            user.id,
            Some("\"1\""),
            &json!({"display_name": "Zahra A."}),
        )
        .await;
        assert_eq!(response.status(), 200);
        let response = app.get_as(&token, &path).await;
        assert_eq!(response.headers()["etag"], "\"2\"");
        let got = body(response).await;
        assert_eq!(got["version"], 2);
        assert_eq!(got["display_name"], "Zahra A.");

        let unknown = format!("/api/v1/users/{}", Uuid::now_v7());
        for path in [
            unknown.as_str(),
            "/api/v1/users/not-a-uuid",
            "/api/v1/users/123",
            "/api/v1/users/zahra.ahmadi",
        ] {
            assert_problem(app.get_as(&token, path).await, 404, "not_found").await;
        }
        // PATCH of an unknown or malformed id: 404 as well, and nothing else changes.
        let response = patch_user(
            &app,
            &token,
            Uuid::now_v7(),
            Some("\"1\""),
            &json!({"display_name": "X"}),
        )
        .await;
        assert_problem(response, 404, "not_found").await;
        let response = patch_user(
            &app,
            &token,
            "not-a-uuid",
            Some("\"1\""),
            &json!({"display_name": "X"}),
        )
        .await;
        assert_problem(response, 404, "not_found").await;
        assert_eq!(
            db.store.get_user(admin.id).await.unwrap().unwrap().version,
            1
        );
    }

    async fn an_update_needs_if_match_with_the_current_version(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (admin, token) = admin(&db, &app).await;
        let user = db
            .create_user("fatima.k", "IOM-AF", &[Role::Caseworker])
            .await;
        let before = db.store.get_user(user.id).await.unwrap().unwrap();

        let change = json!({"display_name": "  فاطمه کریمی  "});
        let response = patch_user(&app, &token, user.id, None, &change).await;
        assert_problem(response, 428, "precondition_required").await;
        for stale in ["\"0\"", "\"2\"", "\"17\"", "*", "garbage", "\"\""] {
            let response = patch_user(&app, &token, user.id, Some(stale), &change).await;
            assert_problem(response, 412, "version_mismatch").await;
        }
        assert_eq!(db.store.get_user(user.id).await.unwrap().unwrap(), before);

        let response = patch_user(&app, &token, user.id, Some("\"1\""), &change).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["etag"], "\"2\"");
        let updated = body(response).await;
        assert_eq!(updated["display_name"], "فاطمه کریمی");
        assert_eq!(updated["version"], 2);
        assert_eq!(updated["roles"], json!(["caseworker"]));
        assert_eq!(updated["disabled"], false);
        assert_eq!(updated["username"], "fatima.k");
        assert_eq!(
            updated["created_at"],
            body(
                app.get_as(&token, &format!("/api/v1/users/{}", user.id))
                    .await
            )
            .await["created_at"]
        );
        assert!(updated["updated_at"].as_str().unwrap() >= updated["created_at"].as_str().unwrap());
        let keys: BTreeSet<String> = updated.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, set(&USER_FIELDS));

        // The user sees their new name.
        let own = app.token("fatima.k", PASSWORD).await;
        assert_eq!(
            body(app.get_as(&own, "/api/v1/me").await).await["display_name"],
            "فاطمه کریمی"
        );

        // The version read before is stale now.
        let response = patch_user(
            &app,
            &token,
            user.id,
            Some("\"1\""),
            &json!({"display_name": "Other"}),
        )
        .await;
        assert_problem(response, 412, "version_mismatch").await;
        let now = db.store.get_user(user.id).await.unwrap().unwrap();
        assert_eq!(now.display_name.as_str(), "فاطمه کریمی");
        assert_eq!(now.version, 2);

        let entries = audit(
            &db,
            AuditFilter {
                action: Some("user.update".into()),
                target_id: Some(user.id.to_string()),
                ..AuditFilter::default()
            },
        )
        .await;
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert_eq!(entries[0].actor_id, Some(admin.id));
        let details: Value = serde_json::from_str(entries[0].details.as_deref().unwrap()).unwrap();
        assert_eq!(details, json!({"changed": ["display_name"]}));
        assert!(!entries[0].details.as_deref().unwrap().contains("فاطمه"));
    }

    async fn an_update_refuses_bad_values_and_fields_it_does_not_accept(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let user = db
            .create_user("fatima.k", "IOM-AF", &[Role::Caseworker])
            .await;
        let before = db.store.get_user(user.id).await.unwrap().unwrap();

        for (change, named) in [
            (json!({"roles": []}), vec!["roles"]),
            (json!({"roles": ["ministry_liaison"]}), vec!["roles"]),
            (json!({"display_name": ""}), vec!["display_name"]),
            (
                json!({"display_name": "a\nb", "roles": ["partner_focal_point"]}),
                vec!["display_name", "roles"],
            ),
            (json!({"username": "someone.else"}), vec!["username"]),
            (
                json!({"organization_id": org_id(&db, "MOI").await}),
                vec!["organization_id"],
            ),
            (json!({"password": NEW_PASSWORD}), vec!["password"]),
            (
                json!({"password_change_required": true}),
                vec!["password_change_required"],
            ),
            (json!({"version": 5}), vec!["version"]),
        ] {
            let response = patch_user(&app, &token, user.id, Some("\"1\""), &change).await;
            assert_invalid(response, &named).await;
        }
        assert_eq!(db.store.get_user(user.id).await.unwrap().unwrap(), before);
        app.login("fatima.k", PASSWORD).await;
    }

    async fn changed_roles_take_effect_on_the_users_very_next_request(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, admin_token) = admin(&db, &app).await;
        let user = db.create_user("aisha.n", "IOM-AF", &[Role::Auditor]).await;
        let token = app.token("aisha.n", PASSWORD).await;
        assert_eq!(app.get_as(&token, "/api/v1/audit").await.status(), 200);
        assert_eq!(app.get_as(&token, "/api/v1/users").await.status(), 200);

        let response = patch_user(
            &app,
            &admin_token,
            user.id,
            Some("\"1\""),
            &json!({"roles": ["caseworker"]}),
        )
        .await;
        let (status, updated) = answer(response).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["roles"], json!(["caseworker"]));

        // The same token, not signed in again.
        assert_problem(app.get_as(&token, "/api/v1/audit").await, 403, "forbidden").await;
        assert_problem(app.get_as(&token, "/api/v1/users").await, 403, "forbidden").await;
        let me = body(app.get_as(&token, "/api/v1/me").await).await;
        assert_eq!(me["roles"], json!(["caseworker"]));

        // And back: the grant takes effect at once too.
        let response = patch_user(
            &app,
            &admin_token,
            user.id,
            Some("\"2\""),
            &json!({"roles": ["auditor", "caseworker"]}),
        )
        .await;
        assert_eq!(response.status(), 200);
        assert_eq!(app.get_as(&token, "/api/v1/audit").await.status(), 200);
        assert_eq!(
            denials(&db, &user).await,
            ["GET /api/v1/audit", "GET /api/v1/users"]
        );
    }

    async fn a_disabled_user_loses_their_session_at_once_and_cannot_sign_in(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, admin_token) = admin(&db, &app).await;
        let user = db
            .create_user("fatima.k", "IOM-AF", &[Role::Caseworker])
            .await;
        let tokens = app.login("fatima.k", PASSWORD).await;
        let token = tokens["access_token"].as_str().unwrap();
        let refresh = tokens["refresh_token"].as_str().unwrap();
        assert_eq!(app.get_as(token, "/api/v1/me").await.status(), 200);

        let response = patch_user(
            &app,
            &admin_token,
            user.id,
            Some("\"1\""),
            &json!({"disabled": true}),
        )
        .await;
        let (status, updated) = answer(response).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["disabled"], true);
        assert_eq!(updated["version"], 2);

        let response = app.get_as(token, "/api/v1/me").await;
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let response = app.get_as(token, "/api/v1/organizations").await;
        assert_eq!(response.status(), 401);
        let response = app
            .post_json(
                "/api/v1/auth/refresh",
                None,
                &json!({"refresh_token": refresh}),
            )
            .await;
        assert_eq!(response.status(), 401);
        let response = app
            .post_json(
                "/api/v1/auth/login",
                None,
                &json!({"username": "fatima.k", "password": PASSWORD}),
            )
            .await;
        assert_problem(response, 401, "invalid_credentials").await;

        // Re-enabled, the user signs in again; the old token stays dead.
        let response = patch_user(
            &app,
            &admin_token,
            user.id,
            Some("\"2\""),
            &json!({"disabled": false}),
        )
        .await;
        assert_eq!(response.status(), 200);
        assert_eq!(app.get_as(token, "/api/v1/me").await.status(), 401);
        let fresh = app.token("fatima.k", PASSWORD).await;
        assert_eq!(app.get_as(&fresh, "/api/v1/me").await.status(), 200);

        let entries = audit(
            &db,
            AuditFilter {
                action: Some("user.update".into()),
                target_id: Some(user.id.to_string()),
                ..AuditFilter::default()
            },
        )
        .await;
        assert_eq!(entries.len(), 2);
        for entry in entries {
            let details: Value = serde_json::from_str(entry.details.as_deref().unwrap()).unwrap();
            assert_eq!(details, json!({"changed": ["disabled"]}));
        }
    }

    async fn an_admin_cannot_disable_themselves_or_drop_their_own_admin_role(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (admin, token) = admin(&db, &app).await;
        for change in [
            json!({"disabled": true}),
            json!({"roles": ["auditor"]}),
            json!({"roles": ["caseworker", "case_manager"]}),
            json!({"display_name": "Me", "disabled": true}),
        ] {
            let response = patch_user(&app, &token, admin.id, Some("\"1\""), &change).await;
            assert_problem(response, 409, "self_lockout").await;
        }
        let now = db.store.get_user(admin.id).await.unwrap().unwrap();
        assert_eq!(now.version, 1);
        assert!(!now.disabled);
        assert_eq!(now.roles.as_slice(), [Role::Admin]);
        assert_eq!(app.get_as(&token, "/api/v1/users").await.status(), 200);

        // Changes that keep them an admin are fine.
        let response = patch_user(
            &app,
            &token,
            admin.id,
            Some("\"1\""),
            &json!({"roles": ["admin", "auditor"], "disabled": false}),
        )
        .await;
        let (status, updated) = answer(response).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["roles"], json!(["admin", "auditor"]));

        // Another admin may disable them.
        let other = db
            .create_user("second.admin", "IOM-AF", &[Role::Admin])
            .await;
        let other_token = app.token(&other.username, PASSWORD).await;
        let response = patch_user(
            &app,
            &other_token,
            admin.id,
            Some("\"2\""),
            &json!({"disabled": true}),
        )
        .await;
        assert_eq!(response.status(), 200);
        assert_eq!(app.get_as(&token, "/api/v1/users").await.status(), 401);
    }

    async fn of_two_concurrent_updates_of_one_version_exactly_one_wins(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let user = db
            .create_user("fatima.k", "IOM-AF", &[Role::Caseworker])
            .await;
        for round in 1..=8_i64 {
            let etag = format!("\"{round}\"");
            let a = json!({"display_name": format!("A{round}")});
            let b = json!({"display_name": format!("B{round}"), "roles": ["caseworker", "case_manager"]});
            let (ra, rb) = tokio::join!(
                patch_user(&app, &token, user.id, Some(&etag), &a),
                patch_user(&app, &token, user.id, Some(&etag), &b),
            );
            let (sa, ba) = answer(ra).await;
            let (sb, bb) = answer(rb).await;
            let now = db.store.get_user(user.id).await.unwrap().unwrap();
            let audited = audit(
                &db,
                AuditFilter {
                    action: Some("user.update".into()),
                    target_id: Some(user.id.to_string()),
                    ..AuditFilter::default()
                },
            )
            .await
            .len();
            let mut statuses = [sa.as_u16(), sb.as_u16()];
            statuses.sort_unstable();
            assert_eq!(
                statuses,
                [200, 412],
                "round {round}: stored version {}, display name {:?}, {audited} user.update \
                 entries for {round} changes made; A got {ba}, B got {bb}",
                now.version,
                now.display_name.as_str(),
            );
            let (winner, loser) = if sa == 200 { (ba, bb) } else { (bb, ba) };
            assert_eq!(loser["code"], "version_mismatch");
            assert_eq!(winner["version"], round + 1);
            assert_eq!(now.version, round + 1, "round {round}");
            assert_eq!(
                now.display_name.as_str(),
                winner["display_name"].as_str().unwrap()
            );
            assert_eq!(
                audited,
                usize::try_from(round).unwrap(),
                "one audit entry per change made"
            );
        }
    }

    async fn of_two_concurrent_creations_of_one_username_exactly_one_wins(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        let count = user_count(&db).await;
        let lower = valid_request(&db, "zahra.ahmadi").await;
        let mixed = valid_request(&db, "Zahra.Ahmadi").await;
        let (a, b) = tokio::join!(
            create_user(&app, &token, &lower),
            create_user(&app, &token, &mixed),
        );
        let (sa, ba) = answer(a).await;
        let (sb, bb) = answer(b).await;
        let mut statuses = [sa.as_u16(), sb.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [201, 409], "{ba} / {bb}");
        let loser = if sa == 409 { ba } else { bb };
        assert_eq!(loser["code"], "username_taken");
        assert_eq!(user_count(&db).await, count + 1);

        let request = json!({"code": "EMB-IR", "name": "Embassy of Iran", "kind": "foreign_state"});
        let (a, b) = tokio::join!(
            app.post_json("/api/v1/organizations", Some(&token), &request),
            app.post_json("/api/v1/organizations", Some(&token), &request),
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [201, 409]);
        assert_eq!(db.store.list_organizations().await.unwrap().len(), 44);
    }

    async fn display_names_take_up_to_a_hundred_characters_of_any_script(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        // 100 characters but 200 bytes: the limit counts characters.
        let longest = "ف".repeat(100);
        let mut request = valid_request(&db, "zahra.ahmadi").await;
        request["display_name"] = json!(longest);
        let (status, created) = answer(create_user(&app, &token, &request).await).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["display_name"], longest.as_str());
        let id = created["id"].as_str().unwrap().to_owned();

        let mut request = valid_request(&db, "zahra.ahmadi2").await;
        request["display_name"] = json!("ف".repeat(101));
        assert_invalid(create_user(&app, &token, &request).await, &["display_name"]).await;

        let response = patch_user(
            &app,
            &token,
            &id,
            Some("\"1\""),
            &json!({"display_name": "ز".repeat(101)}),
        )
        .await;
        assert_invalid(response, &["display_name"]).await;
        let response = patch_user(
            &app,
            &token,
            &id,
            Some("\"1\""),
            &json!({"display_name": "زهرا احمدی"}),
        )
        .await;
        let (status, updated) = answer(response).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["display_name"], "زهرا احمدی");
        let fetched = body(app.get_as(&token, &format!("/api/v1/users/{id}")).await).await;
        assert_eq!(fetched["display_name"], "زهرا احمدی");

        // Organisation names likewise: 200 characters of any script.
        let response = app
            .post_json(
                "/api/v1/organizations",
                Some(&token),
                &json!({
                    "code": "EMB-IR", "name": "س".repeat(200), "kind": "foreign_state",
                }),
            )
            .await;
        assert_eq!(response.status(), 201);
        let response = app
            .post_json(
                "/api/v1/organizations",
                Some(&token),
                &json!({
                    "code": "EMB-PK", "name": "س".repeat(201), "kind": "foreign_state",
                }),
            )
            .await;
        assert_invalid(response, &["name"]).await;
    }

    async fn every_signed_in_role_lists_the_seeded_organisations(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        for role in Role::ALL {
            let user = db.create_user_with_role(role).await;
            let token = app.token(&user.username, PASSWORD).await;
            let (status, page) = answer(app.get_as(&token, "/api/v1/organizations").await).await;
            assert_eq!(status, 200, "{role}: {page}");
            assert!(page["next_cursor"].is_null());
            let items = page["items"].as_array().unwrap();
            assert_eq!(items.len(), 43, "{role}");
            for item in items {
                let keys: BTreeSet<String> = item.as_object().unwrap().keys().cloned().collect();
                assert_eq!(
                    keys,
                    set(&["code", "id", "kind", "name", "province"]),
                    "{item}"
                );
                let provincial = item["kind"] == "moi_provincial";
                assert_eq!(item["province"].is_string(), provincial, "{item}");
            }
            let codes: Vec<&str> = items.iter().map(|o| o["code"].as_str().unwrap()).collect();
            let mut sorted = codes.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(codes, sorted, "by code, each once");
            let find = |code: &str| items.iter().find(|o| o["code"] == code).unwrap().clone();
            assert_eq!(
                find("IOM-AF"),
                json!({
                    "id": "019b76da-a800-7000-8000-000000000001", "code": "IOM-AF",
                    "name": "IOM Afghanistan", "kind": "iom", "province": null,
                })
            );
            assert_eq!(
                find("MOI-KAB"),
                json!({
                    "id": "019b76da-a800-7000-8000-000000000010", "code": "MOI-KAB",
                    "name": "Ministry of Interior, Kabul provincial office",
                    "kind": "moi_provincial", "province": "AF-KAB",
                })
            );
            assert_eq!(find("MOI")["kind"], "moi_national");
            assert_eq!(find("MOJ")["kind"], "partner_ministry");
            assert_eq!(find("DONOR-US")["kind"], "donor");
            let kinds: Vec<&str> = items.iter().map(|o| o["kind"].as_str().unwrap()).collect();
            assert_eq!(kinds.iter().filter(|k| **k == "moi_provincial").count(), 34);
        }
        let response = app
            .send(Method::GET, "/api/v1/organizations", None, None)
            .await;
        assert_problem(response, 401, "unauthorized").await;
    }

    async fn an_admin_adds_an_organisation_once(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (admin, token) = admin(&db, &app).await;
        let request = json!({"code": "EMB-IR", "name": "Embassy of Iran", "kind": "foreign_state"});
        let response = app
            .post_json("/api/v1/organizations", Some(&token), &request)
            .await;
        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created = body(response).await;
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(location, format!("/api/v1/organizations/{id}"));
        assert_eq!(
            created,
            json!({
                "id": id, "code": "EMB-IR", "name": "Embassy of Iran",
                "kind": "foreign_state", "province": null,
            })
        );
        let fetched = app.get_as(&token, &location).await;
        assert_eq!(fetched.status(), 200);
        assert_eq!(body(fetched).await, created);
        let list = body(app.get_as(&token, "/api/v1/organizations").await).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 44);

        let entries = audit(
            &db,
            AuditFilter {
                action: Some("organization.create".into()),
                ..AuditFilter::default()
            },
        )
        .await;
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert_eq!(entries[0].actor_id, Some(admin.id));
        assert_eq!(entries[0].target_id.as_deref(), Some(id.as_str()));

        // A taken code, a seeded one too, is a conflict and adds nothing.
        for code in ["EMB-IR", "MOI-KAB"] {
            let response = app
                .post_json(
                    "/api/v1/organizations",
                    Some(&token),
                    &json!({
                        "code": code, "name": "Someone else", "kind": "foreign_state",
                    }),
                )
                .await;
            assert_problem(response, 409, "code_taken").await;
        }
        assert_eq!(db.store.list_organizations().await.unwrap().len(), 44);

        // A user can then be created there only with a role that fits: none fits a
        // foreign state.
        let response = create_user(
            &app,
            &token,
            &json!({
                "username": "embassy.user", "display_name": "Embassy", "organization_id": id,
                "roles": ["partner_focal_point"], "password": NEW_PASSWORD,
            }),
        )
        .await;
        assert_invalid(response, &["roles"]).await;
    }

    async fn organisation_rules_are_enforced_and_refusals_add_nothing(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let (_, token) = admin(&db, &app).await;
        for (request, named) in [
            (
                json!({"code": "MOI-XYZ", "name": "Provincial office", "kind": "moi_provincial"}),
                vec!["province"],
            ),
            (
                json!({"code": "MOI-XYZ", "name": "Provincial office", "kind": "moi_provincial", "province": null}),
                vec!["province"],
            ),
            (
                json!({"code": "EMB-IR", "name": "Embassy of Iran", "kind": "foreign_state", "province": "AF-KAB"}),
                vec!["province"],
            ),
            (
                json!({"code": "DONOR-DE", "name": "Germany", "kind": "donor", "province": "AF-HER"}),
                vec!["province"],
            ),
            (
                json!({"code": "EMB-IR", "name": "", "kind": "foreign_state"}),
                vec!["name"],
            ),
            (
                json!({"code": "EMB-IR", "name": "   ", "kind": "foreign_state", "province": "AF-KAB"}),
                vec!["name", "province"],
            ),
            (
                json!({"code": "emb-ir", "name": "Embassy of Iran", "kind": "foreign_state"}),
                vec!["code"],
            ),
            (
                json!({"code": "EMB-IR", "name": "Embassy of Iran", "kind": "embassy"}),
                vec!["kind"],
            ),
            (
                json!({"code": "MOI-XYZ", "name": "Office", "kind": "moi_provincial", "province": "AF-XXX"}),
                vec!["province"],
            ),
            (
                json!({"code": "EMB-IR", "name": "Embassy of Iran", "kind": "foreign_state", "id": Uuid::now_v7()}),
                vec!["id"],
            ),
            (
                json!({"name": "Embassy of Iran", "kind": "foreign_state"}),
                vec!["code"],
            ),
        ] {
            let response = app
                .post_json("/api/v1/organizations", Some(&token), &request)
                .await;
            assert_invalid(response, &named).await;
        }
        assert_eq!(db.store.list_organizations().await.unwrap().len(), 43);

        // A new provincial office with its province is fine.
        let response = app
            .post_json(
                "/api/v1/organizations",
                Some(&token),
                &json!({
                    "code": "MOI-KAB-2", "name": "Ministry of Interior, Kabul second office",
                    "kind": "moi_provincial", "province": "AF-KAB",
                }),
            )
            .await;
        let (status, created) = answer(response).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["province"], "AF-KAB");
        assert_eq!(created["kind"], "moi_provincial");
    }

    async fn only_admins_add_organisations(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let request = json!({"code": "EMB-IR", "name": "Embassy of Iran", "kind": "foreign_state"});
        for role in [
            Role::Caseworker,
            Role::Auditor,
            Role::CaseManager,
            Role::MinistryLiaison,
        ] {
            let user = db.create_user_with_role(role).await;
            let token = app.token(&user.username, PASSWORD).await;
            let response = app
                .post_json("/api/v1/organizations", Some(&token), &request)
                .await;
            assert_problem(response, 403, "forbidden").await;
            assert_eq!(
                denials(&db, &user).await,
                ["POST /api/v1/organizations"],
                "{role}"
            );
        }
        let response = app.post_json("/api/v1/organizations", None, &request).await;
        assert_problem(response, 401, "unauthorized").await;
        assert_eq!(db.store.list_organizations().await.unwrap().len(), 43);
    }

    async fn one_organisation_is_found_by_id_and_unknown_ids_are_not_found(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let user = db.create_user_with_role(Role::PartnerFocalPoint).await;
        let token = app.token(&user.username, PASSWORD).await;
        let kab = org_id(&db, "MOI-KAB").await;
        let (status, org) = answer(
            app.get_as(&token, &format!("/api/v1/organizations/{kab}"))
                .await,
        )
        .await;
        assert_eq!(status, 200, "{org}");
        assert_eq!(
            org,
            json!({
                "id": kab.to_string(), "code": "MOI-KAB",
                "name": "Ministry of Interior, Kabul provincial office",
                "kind": "moi_provincial", "province": "AF-KAB",
            })
        );
        let unknown = format!("/api/v1/organizations/{}", Uuid::now_v7());
        for path in [
            unknown.as_str(),
            "/api/v1/organizations/MOI-KAB",
            "/api/v1/organizations/42",
        ] {
            assert_problem(app.get_as(&token, path).await, 404, "not_found").await;
        }
        let response = app
            .send(
                Method::GET,
                &format!("/api/v1/organizations/{kab}"),
                None,
                None,
            )
            .await;
        assert_problem(response, 401, "unauthorized").await;
    }
}
