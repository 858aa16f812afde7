//! Case files over HTTP on both backends: registering, reading, listing, searching,
//! changing, and who sees what; validation that names each field and never repeats a
//! value; identities that are never stored in clear nor audited.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use panah_domain::Role;
use panah_persistence::AuditFilter;
use panah_tests::{PASSWORD, Reply, TestApp, TestDb, TestUser, fields, on_both_backends, reply};
use reqwest::{Method, header};
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

fn case_body(given_name: &str) -> Value {
    json!({
        "category": "presumed_victim", "province": "AF-HER", "identified_on": "2026-11-20",
        "person": {
            "given_name": given_name, "family_name": "Karimi", "sex": "female",
            "date_of_birth": "2009-03-02", "citizenship": "AF", "phone": "+93 70 123 4567",
            "document_number": "P-123456"
        },
        "trafficking": { "exploitation_types": ["forced_labour"], "countries_of_exploitation": ["IR"], "cross_border": true }
    })
}

/// A case file as `GET` shows it, without the referrals and returns that the answers of
/// `POST` and `PATCH` do not carry.
fn without_records(file: &Value) -> Value {
    let mut case = file.clone();
    let fields = case.as_object_mut().unwrap();
    fields.remove("referrals");
    fields.remove("returns");
    case
}

async fn create(app: &TestApp, token: &str, body: &Value) -> Reply {
    reply(app.post_json("/api/v1/cases", Some(token), body).await).await
}

/// Registers a case and returns its id; panics unless it is 201.
async fn create_id(app: &TestApp, token: &str, body: &Value) -> String {
    let created = create(app, token, body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

async fn get_case(app: &TestApp, token: &str, id: &str) -> Reply {
    reply(app.get_as(token, &format!("/api/v1/cases/{id}")).await).await
}

/// `PATCH /api/v1/cases/{id}` with `If-Match` if given.
async fn patch(
    app: &TestApp,
    token: &str,
    id: &str,
    if_match: Option<&str>,
    body: &Value,
) -> Reply {
    let mut request = app
        .client
        .patch(app.url(&format!("/api/v1/cases/{id}")))
        .bearer_auth(token)
        .json(body);
    if let Some(version) = if_match {
        request = request.header(header::IF_MATCH, version);
    }
    reply(request.send().await.unwrap()).await
}

/// The ids a search finds, newest first; panics unless it is 200.
async fn search(app: &TestApp, token: &str, terms: &Value) -> Vec<String> {
    let found = reply(
        app.post_json("/api/v1/cases/search", Some(token), terms)
            .await,
    )
    .await;
    assert_eq!(found.status, 200, "{terms}: {}", found.body);
    assert_eq!(found.body["next_cursor"], Value::Null);
    ids(&found.body)
}

/// The ids of a page's items.
fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            assert!(
                item.get("person").is_none(),
                "a summary with a person: {item}"
            );
            item["id"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// The ids a list shows, all pages followed; panics unless each page is 200.
async fn list(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let mut all = Vec::new();
    let mut path = format!("/api/v1/cases?{query}");
    loop {
        let page = reply(app.get_as(token, &path).await).await;
        assert_eq!(page.status, 200, "{path}: {}", page.body);
        all.extend(ids(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/cases?{query}&cursor={cursor}"),
            None => return all,
        }
    }
}

/// `value` with `pointer` (`/person/sex`) set to `new`, creating the last key if needed;
/// `None` removes it.
fn with(value: &Value, pointer: &str, new: Option<Value>) -> Value {
    let mut value = value.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let object = value
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"))
        .as_object_mut()
        .unwrap();
    match new {
        Some(new) => object.insert(key.to_owned(), new),
        None => object.remove(key),
    };
    value
}

/// Two caseworkers and a case manager at IOM-AF, signed in.
struct Team {
    a: TestUser,
    a_token: String,
    b: TestUser,
    b_token: String,
    manager: TestUser,
    manager_token: String,
}

async fn team(db: &TestDb, app: &TestApp) -> Team {
    let a = db
        .create_user("worker.a", "IOM-AF", &[Role::Caseworker])
        .await;
    let b = db
        .create_user("worker.b", "IOM-AF", &[Role::Caseworker])
        .await;
    let manager = db.create_user_with_role(Role::CaseManager).await;
    Team {
        a_token: app.token(&a.username, PASSWORD).await,
        b_token: app.token(&b.username, PASSWORD).await,
        manager_token: app.token(&manager.username, PASSWORD).await,
        a,
        b,
        manager,
    }
}

/// A case body for `person`, assigned to `assigned_to` if given.
fn case_for(person: Value, assigned_to: Option<&TestUser>) -> Value {
    let mut body = json!({
        "category": "victim_of_trafficking", "province": "AF-KAB", "identified_on": "2026-10-15",
        "person": person,
    });
    if let Some(user) = assigned_to {
        body["assigned_to"] = json!(user.id.to_string());
    }
    body
}

/// A row id as a literal of the backend's SQL.
fn id_literal(db: &TestDb, id: &str) -> String {
    let id: Uuid = id.parse().unwrap();
    if db.is_postgres() {
        format!("'{id}'")
    } else {
        format!("x'{}'", id.simple())
    }
}

/// Whether `needle` occurs in `haystack`, ignoring ASCII case; also looks for it
/// hex-encoded, as PostgreSQL prints bytea.
fn contains(haystack: &[u8], needle: &str) -> bool {
    let haystack = haystack.to_ascii_lowercase();
    let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
    [needle.as_bytes().to_ascii_lowercase(), hex.into_bytes()]
        .iter()
        .any(|n| haystack.windows(n.len()).any(|w| w == n.as_slice()))
}

/// Every audit entry, as text.
async fn audit_text(db: &TestDb) -> String {
    format!(
        "{:?}",
        db.store
            .list_audit(&AuditFilter::default(), 10_000)
            .await
            .unwrap()
    )
}

/// The roles that have nothing to do with case files, each with a token.
async fn outsiders(db: &TestDb, app: &TestApp) -> Vec<(Role, String)> {
    let mut out = Vec::new();
    for role in [
        Role::ProgrammeManager,
        Role::Admin,
        Role::Auditor,
        Role::MinistryLiaison,
        Role::ProvincialOfficer,
        Role::PartnerFocalPoint,
    ] {
        let user = db.create_user_with_role(role).await;
        out.push((role, app.token(&user.username, PASSWORD).await));
    }
    out
}

on_both_backends! {
    async fn a_search_term_longer_than_its_field_is_refused(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let long = "a".repeat(200_000);
        let refused = panah_tests::post(&app, &t.a_token, "/api/v1/cases/search", &json!({"given_name": long, "phone": "0791234567"})).await;
        panah_tests::assert_invalid(&refused, &["given_name"]);
        let longest = panah_tests::post(&app, &t.a_token, "/api/v1/cases/search", &json!({"family_name": "ن".repeat(200)})).await;
        assert_eq!(longest.status, 200, "{}", longest.body);
        // The refusal records no search.
        let searches = db.store.list_audit(&AuditFilter { action: Some("case.search".into()), ..AuditFilter::default() }, 10).await.unwrap();
        assert_eq!(searches.len(), 1);
    }
}

on_both_backends! {
    async fn a_caseworker_registers_a_case_and_reads_it_back(db: TestDb) {
        let worker = db.create_user_with_role(Role::Caseworker).await;
        let app = TestApp::spawn(&db).await;
        let token = app.token(&worker.username, PASSWORD).await;
        let response = app.post_json("/api/v1/cases", Some(&token), &case_body("فاطمه")).await;
        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let case: Value = response.json().await.unwrap();
        assert_eq!(case["case_number"], "AF-HER-2026-000001");
        assert_eq!(case["status"], "open");
        assert_eq!(case["assigned_to"], worker.id.to_string());
        assert_eq!(case["age_group"], "9-17");
        assert_eq!(case["person"]["given_name"], "فاطمه");
        // The case file read back is the case, with its referrals and returns (none yet).
        let mut read: Value = app.get_as(&token, &location).await.json().await.unwrap();
        let file = read.as_object_mut().unwrap();
        assert_eq!(file.remove("referrals"), Some(json!([])));
        assert_eq!(file.remove("returns"), Some(json!([])));
        assert_eq!(read, case);

        let second: Value = app.post_json("/api/v1/cases", Some(&token), &case_body("Zahra")).await.json().await.unwrap();
        assert_eq!(second["case_number"], "AF-HER-2026-000002");

        let found: Value = app.post_json("/api/v1/cases/search", Some(&token), &json!({"given_name": "  فاطمه "})).await.json().await.unwrap();
        assert_eq!(found["items"].as_array().unwrap().len(), 1);
        assert_eq!(found["items"][0]["id"], case["id"]);
        assert!(found["items"][0].get("person").is_none());

        let list: Value = app.get_as(&token, "/api/v1/cases").await.json().await.unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 2);
        assert!(!list.to_string().contains("Karimi"), "lists never carry identity");
    }
}

on_both_backends! {
    async fn search_finds_names_as_typed_on_any_keyboard_and_phones_by_digits_alone(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        // Stored with the Persian yeh and keheh (ی, ک), as a Dari keyboard types them.
        let fatima = create_id(&app, &t.a_token, &case_for(json!({
            "given_name": "فاطمه", "family_name": "کریمی", "sex": "female", "citizenship": "AF",
            "phone": "0701234567", "document_number": "P-123456"
        }), None)).await;
        let mohammad = create_id(&app, &t.a_token, &case_for(json!({
            "given_name": "محمد علی", "family_name": "کریمی", "sex": "male", "citizenship": "AF",
            "phone": "+93 79 555 0000"
        }), None)).await;
        let zahra = create_id(&app, &t.a_token, &case_for(json!({
            "given_name": "Zahra", "family_name": "Ahmadi", "sex": "female", "citizenship": "IR",
            "document_number": "AB 998877"
        }), None)).await;
        // The same name, assigned to another caseworker.
        let fatima_b = create_id(&app, &t.manager_token, &case_for(json!({
            "given_name": "فاطمه", "family_name": "کریمی", "sex": "female", "citizenship": "AF",
            "phone": "0701234567"
        }), Some(&t.b))).await;

        let a = |terms: Value| {
            let (app, token) = (&app, &t.a_token);
            async move { search(app, token, &terms).await }
        };
        let none: Vec<String> = Vec::new();
        for typed in ["فاطمه", "  فاطمه ", "فاطـمه", "فاطمــــه", "فاطِمه"] {
            assert_eq!(a(json!({ "given_name": typed })).await, [fatima.as_str()], "{typed}");
        }
        // Arabic kaf and yeh (ك, ي) find the Persian forms.
        assert_eq!(a(json!({ "family_name": "كريمي" })).await, [mohammad.as_str(), fatima.as_str()]);
        assert_eq!(a(json!({ "given_name": "محمد   علي" })).await, [mohammad.as_str()]);
        // A compound name is one name however it is joined: a space, a zero-width
        // non-joiner or nothing.
        for typed in ["محمدعلی", "محمد\u{200C}علی", "محمد علی"] {
            assert_eq!(a(json!({ "given_name": typed })).await, [mohammad.as_str()], "{typed}");
        }
        // Every term given must match.
        assert_eq!(a(json!({ "given_name": "فاطمه", "family_name": "كريمي" })).await, [fatima.as_str()]);
        assert_eq!(a(json!({ "given_name": "فاطمه", "family_name": "Ahmadi" })).await, none);
        assert_eq!(a(json!({ "given_name": "فاطمه", "phone": "079 555 0000" })).await, none);
        // Latin names ignore case and spacing; the match is exact, not a prefix.
        for typed in ["Zahra", "zahra", "ZAHRA", "  zAhRa  ", "ＺＡＨＲＡ"] {
            assert_eq!(a(json!({ "given_name": typed })).await, [zahra.as_str()], "{typed}");
        }
        assert_eq!(a(json!({ "given_name": "zahra", "family_name": "AHMADI" })).await, [zahra.as_str()]);
        assert_eq!(a(json!({ "given_name": "Zahr" })).await, none);
        assert_eq!(a(json!({ "family_name": "Zahra" })).await, none, "a given name is not a family name");
        // Phones by their digits, in any format and script.
        for typed in ["0701234567", "070 123 4567", "(070) 123-4567", "070.123.4567", "۰۷۰۱۲۳۴۵۶۷", "٠٧٠١٢٣٤٥٦٧", "۰۷۰ ۱۲۳ ۴۵۶۷"] {
            assert_eq!(a(json!({ "phone": typed })).await, [fatima.as_str()], "{typed}");
        }
        for typed in ["93795550000", "+93 (79) 555-0000", "۹۳۷۹۵۵۵۰۰۰۰"] {
            assert_eq!(a(json!({ "phone": typed })).await, [mohammad.as_str()], "{typed}");
        }
        // The local format of an Afghan number is the same number.
        assert_eq!(a(json!({ "phone": "0795550000" })).await, [mohammad.as_str()]);
        assert_eq!(a(json!({ "phone": "0795550001" })).await, none, "other digits, another number");
        assert_eq!(a(json!({ "phone": "no digits" })).await, none);
        // Document numbers, ignoring case and surrounding spaces.
        for typed in ["P-123456", "p-123456", "  P-123456 "] {
            assert_eq!(a(json!({ "document_number": typed })).await, [fatima.as_str()], "{typed}");
        }
        assert_eq!(a(json!({ "document_number": "ab 998877" })).await, [zahra.as_str()]);
        assert_eq!(a(json!({ "phone": "0701234567", "document_number": "AB 998877" })).await, none);
        // A name in a second script finds the person as the first does.
        let sami = create_id(&app, &t.a_token, &case_for(json!({
            "given_name": "سمیع الله", "family_name": "احمدزی", "sex": "male", "citizenship": "AF",
            "other_script_given_name": "Samiullah", "other_script_family_name": "Ahmadzai"
        }), None)).await;
        for typed in ["samiullah", "Sami Ullah", "سمیع‌الله", "سمیعالله"] {
            assert_eq!(a(json!({ "given_name": typed })).await, [sami.as_str()], "{typed}");
        }
        assert_eq!(a(json!({ "given_name": "Samiullah", "family_name": "احمدزی" })).await, [sami.as_str()]);
        assert_eq!(a(json!({ "family_name": "Samiullah" })).await, none, "a given name is not a family name");
        // Blank terms are ignored beside real ones.
        assert_eq!(a(json!({ "given_name": "zahra", "phone": " ", "family_name": null })).await, [zahra.as_str()]);

        // Scope: the other caseworker finds only theirs; the case manager finds both.
        assert_eq!(search(&app, &t.b_token, &json!({ "given_name": "فاطمه" })).await, [fatima_b.as_str()]);
        assert_eq!(search(&app, &t.b_token, &json!({ "given_name": "zahra" })).await, none);
        assert_eq!(search(&app, &t.b_token, &json!({ "phone": "0701234567" })).await, [fatima_b.as_str()]);
        assert_eq!(
            search(&app, &t.manager_token, &json!({ "given_name": "فاطمه" })).await,
            [fatima_b.as_str(), fatima.as_str()]
        );

        // A search needs something to look for, and only the fields it knows.
        for (terms, field) in [
            (json!({}), "body"),
            (json!({ "given_name": "   " }), "body"),
            (json!({ "given_name": null, "phone": "" }), "body"),
            (json!({ "name": "فاطمه" }), "name"),
            (json!({ "given_name": 7 }), "given_name"),
        ] {
            let refused = reply(app.post_json("/api/v1/cases/search", Some(&t.a_token), &terms).await).await;
            assert_eq!(refused.status, 422, "{terms}: {}", refused.body);
            assert_eq!(refused.body["code"], "validation_failed");
            assert_eq!(fields(&refused.body), [field], "{terms}");
            assert!(!refused.body.to_string().contains("فاطمه"), "{}", refused.body);
        }
        let wrong_type = app.client.post(app.url("/api/v1/cases/search")).bearer_auth(&t.a_token).body("given_name=x").send().await.unwrap();
        assert_eq!(wrong_type.status(), 415);

        // Results carry the person's names, so that namesakes can be told apart, and
        // nothing else of the identity; each result's names are audited as a read.
        let before = db.store.list_audit(&AuditFilter { action: Some("case.read".into()), ..AuditFilter::default() }, 1000).await.unwrap().len();
        let found = reply(app.post_json("/api/v1/cases/search", Some(&t.manager_token), &json!({ "family_name": "کریمی" })).await).await;
        let items = found.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        for item in items {
            assert_eq!(item["names"]["family_name"], "کریمی", "{item}");
            assert!(item.get("person").is_none());
        }
        let given: Vec<&str> = items.iter().map(|i| i["names"]["given_name"].as_str().unwrap()).collect();
        assert_eq!(given, ["فاطمه", "محمد علی", "فاطمه"]);
        let text = found.body.to_string();
        for value in ["0701234567", "P-123456"] {
            assert!(!text.contains(value), "{value} in {text}");
        }
        let reads = db.store.list_audit(&AuditFilter { action: Some("case.read".into()), ..AuditFilter::default() }, 1000).await.unwrap();
        assert_eq!(reads.len(), before + 3);
        assert!(reads[..3].iter().all(|e| e.details.as_deref().is_some_and(|d| d.contains("\"names_only\":true"))));
    }

    async fn a_caseworker_sees_only_assigned_cases_and_a_case_manager_sees_all(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let mine = create_id(&app, &t.a_token, &case_body("Zahra")).await;
        let theirs = create_id(&app, &t.manager_token, &case_for(json!({ "given_name": "Zahra", "sex": "female", "citizenship": "AF" }), Some(&t.b))).await;

        assert_eq!(get_case(&app, &t.a_token, &mine).await.status, 200);
        let hidden = get_case(&app, &t.a_token, &theirs).await;
        assert_eq!(hidden.status, 404);
        assert_eq!(hidden.body["code"], "not_found");
        let unknown = get_case(&app, &t.a_token, &Uuid::now_v7().to_string()).await;
        assert_eq!((unknown.status, unknown.body.clone()), (hidden.status, hidden.body.clone()), "out of scope looks like nothing");
        assert_eq!(get_case(&app, &t.a_token, "not-an-id").await.status, 404);
        for if_match in ["\"1\"", "\"7\""] {
            let refused = patch(&app, &t.a_token, &theirs, Some(if_match), &json!({ "status": "active" })).await;
            assert_eq!(refused.status, 404, "{}", refused.body);
        }
        assert_eq!(list(&app, &t.a_token, "").await, [mine.as_str()]);
        assert_eq!(list(&app, &t.a_token, &format!("assigned_to={}", t.b.id)).await, Vec::<String>::new());
        assert_eq!(search(&app, &t.a_token, &json!({ "given_name": "zahra" })).await, [mine.as_str()]);

        assert_eq!(get_case(&app, &t.b_token, &theirs).await.status, 200);
        assert_eq!(get_case(&app, &t.b_token, &mine).await.status, 404);
        assert_eq!(list(&app, &t.b_token, "").await, [theirs.as_str()]);

        for id in [&mine, &theirs] {
            let read = get_case(&app, &t.manager_token, id).await;
            assert_eq!(read.status, 200);
            assert_eq!(read.etag.as_deref(), Some("\"1\""));
        }
        assert_eq!(list(&app, &t.manager_token, "").await, [theirs.as_str(), mine.as_str()]);
        assert_eq!(list(&app, &t.manager_token, &format!("assigned_to={}", t.a.id)).await, [mine.as_str()]);
        assert_eq!(list(&app, &t.manager_token, "province=AF-KAB").await, [theirs.as_str()]);
        assert_eq!(list(&app, &t.manager_token, "category=presumed_victim&status=open").await, [mine.as_str()]);
        assert_eq!(search(&app, &t.manager_token, &json!({ "given_name": "zahra" })).await, [theirs.as_str(), mine.as_str()]);
        let cursor_pages = list(&app, &t.manager_token, "limit=1").await;
        assert_eq!(cursor_pages, [theirs.as_str(), mine.as_str()]);
        for bad in ["status=archived", "province=AF-XXX", "limit=0", "limit=201", "cursor=%%%", "religion=x"] {
            let refused = reply(app.get_as(&t.manager_token, &format!("/api/v1/cases?{bad}")).await).await;
            assert_eq!(refused.status, 422, "{bad}: {}", refused.body);
        }

        // Every read of an identity is in the audit log, with who read which case; a
        // refused read is no read.
        let reads = db.store.list_audit(&AuditFilter { action: Some("case.read".into()), ..AuditFilter::default() }, 100).await.unwrap();
        let count = |actor: &TestUser, case: &str| {
            reads.iter().filter(|e| e.actor_id == Some(actor.id) && e.target_id.as_deref() == Some(case)).count()
        };
        // The manager read the file once, and its names once more in a search result.
        assert_eq!(count(&t.manager, &mine), 2);
        assert_eq!(count(&t.b, &theirs), 1);
        assert_eq!(count(&t.a, &theirs), 0);
        assert_eq!(count(&t.b, &mine), 0);
    }

    async fn roles_without_case_files_are_refused_on_every_case_route(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let id = create_id(&app, &t.a_token, &case_body("Zahra")).await;
        let before = get_case(&app, &t.manager_token, &id).await;
        for (role, token) in outsiders(&db, &app).await {
            let routes = [
                (Method::POST, "/api/v1/cases".to_owned(), Some(case_body("Zahra"))),
                (Method::GET, "/api/v1/cases".to_owned(), None),
                (Method::POST, "/api/v1/cases/search".to_owned(), Some(json!({ "given_name": "Zahra" }))),
                (Method::GET, format!("/api/v1/cases/{id}"), None),
                (Method::PATCH, format!("/api/v1/cases/{id}"), Some(json!({ "status": "closed" }))),
            ];
            for (method, path, body) in routes {
                let mut request = app.client.request(method.clone(), app.url(&path)).bearer_auth(&token);
                if let Some(body) = &body {
                    request = request.json(body);
                }
                if method == Method::PATCH {
                    request = request.header(header::IF_MATCH, "\"1\"");
                }
                let refused = reply(request.send().await.unwrap()).await;
                assert_eq!(refused.status, 403, "{role} {method} {path}: {}", refused.body);
                assert_eq!(refused.body["code"], "forbidden");
                assert!(!refused.body.to_string().contains("Zahra"));
            }
        }
        // Nothing was registered, changed or read on their behalf, and each refusal is
        // audited.
        assert_eq!(list(&app, &t.manager_token, "").await, [id.as_str()]);
        assert_eq!(get_case(&app, &t.manager_token, &id).await.body, before.body);
        let denied = db.store.list_audit(&AuditFilter { action: Some("access.denied".into()), ..AuditFilter::default() }, 100).await.unwrap();
        assert_eq!(denied.len(), 6 * 5);
        let reads = db.store.list_audit(&AuditFilter { action: Some("case.read".into()), ..AuditFilter::default() }, 100).await.unwrap();
        assert!(reads.iter().all(|e| e.actor_id == Some(t.a.id) || e.actor_id == Some(t.manager.id)));
        // Anonymous callers get 401 everywhere.
        assert_eq!(app.get(&format!("/api/v1/cases/{id}")).await.status(), 401);
        assert_eq!(app.post_json("/api/v1/cases/search", None, &json!({ "given_name": "Zahra" })).await.status(), 401);
    }

    async fn the_status_workflow_as_a_table_over_http(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let statuses = ["open", "active", "closed"];
        for from in statuses {
            for to in statuses {
                for (who, token) in [("assigned caseworker", &t.a_token), ("case manager", &t.manager_token), ("other caseworker", &t.b_token)] {
                    // A case of caseworker A, brought to `from`.
                    let id = create_id(&app, &t.a_token, &case_body("Zahra")).await;
                    let mut version = 1;
                    if from != "open" {
                        let moved = patch(&app, &t.a_token, &id, Some("\"1\""), &json!({ "status": "active" })).await;
                        assert_eq!(moved.status, 200, "{}", moved.body);
                        version = 2;
                    }
                    if from == "closed" {
                        let moved = patch(&app, &t.manager_token, &id, Some("\"2\""), &json!({ "status": "closed" })).await;
                        assert_eq!(moved.status, 200, "{}", moved.body);
                        version = 3;
                    }
                    let before = get_case(&app, &t.manager_token, &id).await;
                    assert_eq!(before.body["status"], from);
                    assert_eq!(before.body["version"], version);

                    let tag = format!("\"{version}\"");
                    let answer = patch(&app, token, &id, Some(&tag), &json!({ "status": to })).await;
                    let allowed = matches!(
                        (from, to, who),
                        ("open", "active", "assigned caseworker")
                            | ("open" | "active", "closed", "case manager")
                            | ("closed", "open", "case manager")
                    );
                    let case = format!("{who}: {from} → {to}: {}", answer.body);
                    if who == "other caseworker" {
                        assert_eq!(answer.status, 404, "{case}");
                    } else if allowed {
                        assert_eq!(answer.status, 200, "{case}");
                        assert_eq!(answer.body["status"], to, "{case}");
                        assert_eq!(answer.body["version"], version + 1, "{case}");
                        assert_eq!(answer.etag, Some(format!("\"{}\"", version + 1)), "{case}");
                    } else {
                        assert_eq!(answer.status, 409, "{case}");
                        assert_eq!(answer.body["code"], "invalid_transition", "{case}");
                    }
                    let after = get_case(&app, &t.manager_token, &id).await;
                    if answer.status == 200 {
                        assert_eq!(after.body["status"], to);
                        assert_eq!(without_records(&after.body), answer.body, "{case}");
                    } else {
                        assert_eq!(after.body, before.body, "{case}: a refusal changes nothing");
                    }
                }
            }
        }
        // A full life: opened, worked on, closed, reopened, worked on again.
        let id = create_id(&app, &t.a_token, &case_body("Zahra")).await;
        for (token, tag, to) in [
            (&t.a_token, "\"1\"", "active"),
            (&t.manager_token, "\"2\"", "closed"),
            (&t.manager_token, "\"3\"", "open"),
            (&t.a_token, "\"4\"", "active"),
            (&t.manager_token, "\"5\"", "closed"),
        ] {
            let moved = patch(&app, token, &id, Some(tag), &json!({ "status": to })).await;
            assert_eq!(moved.status, 200, "{to}: {}", moved.body);
        }
        let updates = db.store.list_audit(&AuditFilter { action: Some("case.update".into()), target_id: Some(id.clone()), ..AuditFilter::default() }, 100).await.unwrap();
        assert_eq!(updates.len(), 5);
        assert!(updates.iter().all(|e| e.details.as_deref() == Some(r#"{"changed":["status"]}"#)));
    }

    async fn reassigning_is_for_case_managers_and_moves_access_to_the_new_caseworker(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let auditor = db.create_user_with_role(Role::Auditor).await;
        let id = create_id(&app, &t.manager_token, &case_for(json!({ "given_name": "Zahra", "sex": "female", "citizenship": "AF" }), Some(&t.a))).await;
        assert_eq!(get_case(&app, &t.a_token, &id).await.body["assigned_to"], t.a.id.to_string());

        // A caseworker may not hand their case to someone else, nor take it again.
        for to in [&t.b, &t.a] {
            let refused = patch(&app, &t.a_token, &id, Some("\"1\""), &json!({ "assigned_to": to.id.to_string() })).await;
            assert_eq!(refused.status, 403, "{}", refused.body);
            assert_eq!(refused.body["code"], "forbidden");
        }
        // Only an enabled caseworker can be assigned.
        let gone = db.create_user("worker.gone", "IOM-AF", &[Role::Caseworker]).await;
        db.store
            .update_user(gone.id, 1, &panah_persistence::UserChanges { disabled: Some(true), ..Default::default() }, &panah_domain::AuditContext::system(OffsetDateTime::now_utc()))
            .await
            .unwrap();
        for to in [auditor.id.to_string(), t.manager.id.to_string(), gone.id.to_string(), Uuid::now_v7().to_string()] {
            let refused = patch(&app, &t.manager_token, &id, Some("\"1\""), &json!({ "assigned_to": to })).await;
            assert_eq!(refused.status, 422, "{}", refused.body);
            assert_eq!(fields(&refused.body), ["assigned_to"]);
            let refused = create(&app, &t.manager_token, &case_for(json!({ "given_name": "Zahra", "sex": "female", "citizenship": "AF" }), None).as_object().cloned().map(|mut b| { b.insert("assigned_to".into(), json!(to)); Value::Object(b) }).unwrap()).await;
            assert_eq!(refused.status, 422, "{}", refused.body);
            assert_eq!(fields(&refused.body), ["assigned_to"]);
        }
        for to in [json!(null), json!("")] {
            let refused = patch(&app, &t.manager_token, &id, Some("\"1\""), &json!({ "assigned_to": to })).await;
            assert_eq!(refused.status, 422, "{}", refused.body);
            assert_eq!(fields(&refused.body), ["assigned_to"]);
        }
        // A case manager who is no caseworker must name one: the default, themselves, is
        // no assignee.
        let unnamed = create(&app, &t.manager_token, &case_for(json!({ "given_name": "Zahra", "sex": "female", "citizenship": "AF" }), None)).await;
        assert_eq!(unnamed.status, 422, "{}", unnamed.body);
        assert_eq!(fields(&unnamed.body), ["assigned_to"]);
        assert_eq!(get_case(&app, &t.manager_token, &id).await.body["version"], 1, "the refusals changed nothing");
        assert_eq!(list(&app, &t.manager_token, "").await, [id.as_str()], "nor registered anything");

        let moved = patch(&app, &t.manager_token, &id, Some("\"1\""), &json!({ "assigned_to": t.b.id.to_string() })).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        assert_eq!(moved.body["assigned_to"], t.b.id.to_string());
        assert_eq!(moved.body["version"], 2);
        // The old caseworker loses it everywhere; the new one gains it.
        assert_eq!(get_case(&app, &t.a_token, &id).await.status, 404);
        assert_eq!(patch(&app, &t.a_token, &id, Some("\"2\""), &json!({ "status": "active" })).await.status, 404);
        assert_eq!(list(&app, &t.a_token, "").await, Vec::<String>::new());
        assert_eq!(search(&app, &t.a_token, &json!({ "given_name": "Zahra" })).await, Vec::<String>::new());
        assert_eq!(get_case(&app, &t.b_token, &id).await.status, 200);
        assert_eq!(list(&app, &t.b_token, "").await, [id.as_str()]);
        let worked = patch(&app, &t.b_token, &id, Some("\"2\""), &json!({ "status": "active" })).await;
        assert_eq!(worked.status, 200, "{}", worked.body);
        // A case manager may register a case for a caseworker; a caseworker only for themselves.
        let for_b = create(&app, &t.manager_token, &case_for(json!({ "given_name": "Maryam", "sex": "female", "citizenship": "AF" }), Some(&t.b))).await;
        assert_eq!(for_b.status, 201, "{}", for_b.body);
        assert_eq!(for_b.body["assigned_to"], t.b.id.to_string());
        let for_self = create(&app, &t.a_token, &case_for(json!({ "given_name": "Maryam", "sex": "female", "citizenship": "AF" }), Some(&t.a))).await;
        assert_eq!(for_self.status, 201, "{}", for_self.body);
        let for_other = create(&app, &t.a_token, &case_for(json!({ "given_name": "Maryam", "sex": "female", "citizenship": "AF" }), Some(&t.b))).await;
        assert_eq!(for_other.status, 403, "{}", for_other.body);
        assert_eq!(list(&app, &t.manager_token, "").await.len(), 3);
        let entry = db.store.list_audit(&AuditFilter { action: Some("case.update".into()), target_id: Some(id.clone()), ..AuditFilter::default() }, 100).await.unwrap();
        assert_eq!(entry.last().unwrap().details.as_deref(), Some(r#"{"changed":["assigned_to"]}"#));
    }

    async fn updates_need_the_version_read_and_of_two_concurrent_ones_exactly_one_wins(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let id = create_id(&app, &t.a_token, &case_body("Zahra")).await;
        let read = get_case(&app, &t.a_token, &id).await;
        assert_eq!(read.etag.as_deref(), Some("\"1\""));

        let missing = patch(&app, &t.a_token, &id, None, &json!({ "category": "victim_of_trafficking" })).await;
        assert_eq!(missing.status, 428, "{}", missing.body);
        assert_eq!(missing.body["code"], "precondition_required");
        for stale in ["\"2\"", "\"0\"", "2", "\"abc\"", "*"] {
            let refused = patch(&app, &t.a_token, &id, Some(stale), &json!({ "category": "victim_of_trafficking" })).await;
            assert_eq!(refused.status, 412, "{stale}: {}", refused.body);
            assert_eq!(refused.body["code"], "version_mismatch");
        }
        assert_eq!(get_case(&app, &t.a_token, &id).await.body, read.body, "nothing changed");

        let changed = patch(&app, &t.a_token, &id, Some("\"1\""), &json!({ "category": "victim_of_trafficking", "province": "AF-BAL" })).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(changed.etag.as_deref(), Some("\"2\""));
        assert_eq!(changed.body["category"], "victim_of_trafficking");
        assert_eq!(changed.body["province"], "AF-BAL");
        assert_eq!(changed.body["case_number"], "AF-HER-2026-000001", "the number stays");
        let again = patch(&app, &t.a_token, &id, Some("\"1\""), &json!({ "category": "presumed_victim" })).await;
        assert_eq!(again.status, 412);
        // A weak ETag form is the same version.
        let weak = patch(&app, &t.a_token, &id, Some("W/\"2\""), &json!({ "person": { "phone": null } })).await;
        assert_eq!(weak.status, 200, "{}", weak.body);
        assert_eq!(weak.body["person"]["phone"], Value::Null);
        assert_eq!(weak.body["person"]["family_name"], "Karimi", "fields not sent stay");

        for round in 0..5 {
            let version = 3 + 2 * round;
            let tag = format!("\"{version}\"");
            let first = json!({ "category": "vulnerable_migrant" });
            let second = json!({ "person": { "address": "Herat" } });
            let (x, y) = tokio::join!(
                patch(&app, &t.a_token, &id, Some(&tag), &first),
                patch(&app, &t.manager_token, &id, Some(&tag), &second),
            );
            let mut statuses = [x.status.as_u16(), y.status.as_u16()];
            statuses.sort_unstable();
            assert_eq!(statuses, [200, 412], "round {round}: {} / {}", x.body, y.body);
            let now = get_case(&app, &t.a_token, &id).await;
            assert_eq!(now.body["version"], version + 1);
            let winner = if x.status == 200 { &x } else { &y };
            assert_eq!(without_records(&now.body), winner.body);
            // Undo, so that the next round changes something again.
            let tag = format!("\"{}\"", version + 1);
            let undo = if x.status == 200 { json!({ "category": "presumed_victim" }) } else { json!({ "person": { "address": null } }) };
            assert_eq!(patch(&app, &t.manager_token, &id, Some(&tag), &undo).await.status, 200);
        }
    }

    async fn every_invalid_registration_names_its_field_and_registers_nothing(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let base = case_body("Zahra");
        let tomorrow = OffsetDateTime::now_utc().date().next_day().unwrap().to_string();
        let long = "ف".repeat(201);
        let at_most = "ف".repeat(200);
        let cases: Vec<(&str, Option<Value>, &str)> = vec![
            ("/identified_on", Some(json!(tomorrow)), "identified_on"),
            ("/identified_on", Some(json!("2026-13-01")), "identified_on"),
            ("/identified_on", Some(json!("20/11/2026")), "identified_on"),
            ("/identified_on", None, "identified_on"),
            ("/person/date_of_birth", Some(json!("2026-11-20")), "person.date_of_birth"),
            ("/person/date_of_birth", Some(json!("2026-11-21")), "person.date_of_birth"),
            ("/person/date_of_birth", Some(json!("02.03.2009")), "person.date_of_birth"),
            ("/person/estimated_age", Some(json!(121)), "person.estimated_age"),
            ("/person/estimated_age", Some(json!(-1)), "person.estimated_age"),
            ("/person/estimated_age", Some(json!(300)), "person.estimated_age"),
            ("/category", Some(json!("victim")), "category"),
            ("/category", None, "category"),
            ("/person/sex", Some(json!("f")), "person.sex"),
            ("/person/sex", Some(json!("Female")), "person.sex"),
            ("/person/sex", None, "person.sex"),
            ("/province", Some(json!("AF-XXX")), "province"),
            ("/province", Some(json!("af-her")), "province"),
            ("/person/citizenship", Some(json!("XX")), "person.citizenship"),
            ("/person/citizenship", Some(json!("Afghanistan")), "person.citizenship"),
            ("/trafficking/exploitation_types", Some(json!(["forced_labour", "slavery"])), "trafficking.exploitation_types[1]"),
            ("/trafficking/means_of_control", Some(json!(["magic"])), "trafficking.means_of_control[0]"),
            ("/trafficking/countries_of_exploitation", Some(json!(["ZZ"])), "trafficking.countries_of_exploitation[0]"),
            ("/trafficking/recruitment", Some(json!("lottery")), "trafficking.recruitment"),
            ("/trafficking/cross_border", Some(json!("yes")), "trafficking.cross_border"),
            ("/trafficking/notes", Some(json!("free text")), "trafficking.notes"),
            ("/person/religion", Some(json!("x")), "person.religion"),
            ("/status", Some(json!("closed")), "status"),
            ("/case_number", Some(json!("AF-HER-2026-000999")), "case_number"),
            ("/version", Some(json!(7)), "version"),
            ("/person/given_name", Some(json!("")), "person.given_name"),
            ("/person/given_name", Some(json!("   ")), "person.given_name"),
            ("/person/given_name", None, "person.given_name"),
            ("/person/given_name", Some(json!(long)), "person.given_name"),
            ("/person/family_name", Some(json!(long)), "person.family_name"),
            ("/person/fathers_name", Some(json!(long)), "person.fathers_name"),
            ("/person/address", Some(json!(long)), "person.address"),
            ("/person/phone", Some(json!(long)), "person.phone"),
            ("/person/document_number", Some(json!(long)), "person.document_number"),
            ("/person/address", Some(json!("line one\nline two")), "person.address"),
            ("/person/given_name", Some(json!(["Zahra"])), "person.given_name"),
            ("/identified_by_organization_id", Some(json!(Uuid::now_v7().to_string())), "identified_by_organization_id"),
            ("/person", None, "person"),
        ];
        for (pointer, value, field) in cases {
            let body = with(&base, pointer, value.clone());
            let refused = create(&app, &t.a_token, &body).await;
            assert_eq!(refused.status, 422, "{pointer} = {value:?}: {}", refused.body);
            assert_eq!(refused.body["code"], "validation_failed");
            assert_eq!(fields(&refused.body), [field], "{pointer} = {value:?}");
        }
        // Several faults at once are all named.
        let body = with(&with(&with(&base, "/identified_on", Some(json!(tomorrow))), "/person/given_name", Some(json!(" "))), "/person/estimated_age", Some(json!(121)));
        let refused = create(&app, &t.a_token, &body).await;
        let named: BTreeSet<String> = fields(&refused.body).into_iter().collect();
        assert_eq!(named, BTreeSet::from(["identified_on".into(), "person.given_name".into(), "person.estimated_age".into()]));
        // A caseworker registering a case for someone else is refused outright.
        let refused = create(&app, &t.a_token, &with(&base, "/assigned_to", Some(json!(t.b.id.to_string())))).await;
        assert_eq!(refused.status, 403, "{}", refused.body);
        assert_eq!(list(&app, &t.manager_token, "").await, Vec::<String>::new(), "no refusal registered anything");

        // The edges that pass: 200 characters (in any script), today, a day-old child,
        // an estimated age of 120, texts trimmed and empty optional texts dropped.
        let today = OffsetDateTime::now_utc().date();
        let edge = json!({
            "category": "vulnerable_migrant", "province": "AF-ZAB", "identified_on": today.to_string(),
            "person": {
                "given_name": format!("  {at_most}  "), "family_name": "   ", "sex": "unknown",
                "date_of_birth": today.previous_day().unwrap().to_string(), "citizenship": "PK",
                "address": " Kandahar road "
            }
        });
        let created = create(&app, &t.a_token, &edge).await;
        assert_eq!(created.status, 201, "{}", created.body);
        assert_eq!(created.body["person"]["given_name"], at_most);
        assert_eq!(created.body["person"]["family_name"], Value::Null);
        assert_eq!(created.body["person"]["address"], "Kandahar road");
        assert_eq!(created.body["age_group"], "0-8");
        assert_eq!(created.body["trafficking"]["exploitation_types"], json!([]));
        let oldest = with(&with(&base, "/person/date_of_birth", None), "/person/estimated_age", Some(json!(120)));
        let response = app.post_json("/api/v1/cases", Some(&t.a_token), &oldest).await;
        let location = response.headers()[header::LOCATION].to_str().unwrap().to_owned();
        let created = reply(response).await;
        assert_eq!(created.status, 201, "{}", created.body);
        assert_eq!(created.body["age_group"], "48+");
        assert_eq!(created.body["person"]["estimated_age"], 120);
        assert_eq!(location, format!("/api/v1/cases/{}", created.body["id"].as_str().unwrap()));
        assert_eq!(created.etag.as_deref(), Some("\"1\""));
    }

    async fn every_invalid_change_names_its_field_and_changes_nothing(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let id = create_id(&app, &t.a_token, &case_body("Zahra")).await;
        let before = get_case(&app, &t.a_token, &id).await;
        let long = "x".repeat(201);
        for (change, field) in [
            (json!({ "person": { "given_name": "" } }), "person.given_name"),
            (json!({ "person": { "given_name": null } }), "person.given_name"),
            (json!({ "person": { "sex": null } }), "person.sex"),
            (json!({ "person": { "citizenship": null } }), "person.citizenship"),
            (json!({ "person": null }), "person"),
            (json!({ "status": null }), "status"),
            (json!({ "category": null }), "category"),
            (json!({ "province": null }), "province"),
            (json!({ "trafficking": null }), "trafficking"),
            (json!({ "person": { "family_name": long } }), "person.family_name"),
            (json!({ "person": { "date_of_birth": "2026-11-20" } }), "person.date_of_birth"),
            (json!({ "person": { "estimated_age": 121 } }), "person.estimated_age"),
            (json!({ "person": { "sex": "f" } }), "person.sex"),
            (json!({ "person": { "religion": "x" } }), "person.religion"),
            (json!({ "status": "archived" }), "status"),
            (json!({ "category": "victim" }), "category"),
            (json!({ "province": "AF-XXX" }), "province"),
            (json!({ "trafficking": { "exploitation_types": ["slavery"] } }), "trafficking.exploitation_types[0]"),
            (json!({ "case_number": "AF-HER-2026-000999" }), "case_number"),
            (json!({ "identified_on": "2026-01-01" }), "identified_on"),
            (json!({ "version": 9 }), "version"),
        ] {
            let refused = patch(&app, &t.a_token, &id, Some("\"1\""), &change).await;
            assert_eq!(refused.status, 422, "{change}: {}", refused.body);
            assert_eq!(fields(&refused.body), [field], "{change}");
        }
        assert_eq!(get_case(&app, &t.a_token, &id).await.body, before.body);
        // A date of birth removed and an estimated age given: the age group follows.
        let changed = patch(&app, &t.a_token, &id, Some("\"1\""), &json!({ "person": { "date_of_birth": null, "estimated_age": 35 } })).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(changed.body["age_group"], "30-38");
        assert_eq!(changed.body["person"]["given_name"], "Zahra");
    }

    async fn error_bodies_and_audit_entries_never_repeat_identity_sent_to_the_api(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let sentinel = "Qxsentinelzq Karimiqx";
        let base = case_body("Zahra");
        let id = create_id(&app, &t.a_token, &base).await;
        // Identity typed into fields that take something else.
        for pointer in [
            "/category", "/province", "/identified_on", "/identified_by_organization_id", "/assigned_to",
            "/person/sex", "/person/citizenship", "/person/date_of_birth", "/person/estimated_age",
            "/trafficking/exploitation_types", "/trafficking/recruitment", "/trafficking/cross_border",
            "/trafficking/relationship_to_recruiter",
        ] {
            let as_list = pointer == "/trafficking/exploitation_types";
            let value = if as_list { json!([sentinel]) } else { json!(sentinel) };
            let refused = create(&app, &t.manager_token, &with(&base, pointer, Some(value))).await;
            assert_eq!(refused.status, 422, "{pointer}: {}", refused.body);
            let text = refused.body.to_string().to_lowercase();
            assert!(!text.contains("sentinel") && !text.contains("karimi"), "{pointer}: {text}");
        }
        for change in [
            json!({ "status": sentinel }),
            json!({ "assigned_to": sentinel }),
            json!({ "person": { "sex": sentinel } }),
            json!({ "person": { "date_of_birth": sentinel } }),
            json!({ "person": { "given_name": format!("{sentinel}{}", "x".repeat(200)) } }),
            json!({ "person": { "address": format!("{sentinel}\u{0007}") } }),
        ] {
            let refused = patch(&app, &t.manager_token, &id, Some("\"1\""), &change).await;
            assert_eq!(refused.status, 422, "{change}: {}", refused.body);
            let text = refused.body.to_string().to_lowercase();
            assert!(!text.contains("sentinel") && !text.contains("karimi"), "{change}: {text}");
        }
        let refused = reply(app.post_json("/api/v1/cases/search", Some(&t.a_token), &json!({ "given_name": sentinel, "religion": sentinel })).await).await;
        assert_eq!(refused.status, 422);
        assert!(!refused.body.to_string().to_lowercase().contains("sentinel"));
        // The refusals of other statuses do not repeat it either.
        for (token, if_match, change, status) in [
            (&t.b_token, "\"1\"", json!({ "person": { "given_name": sentinel } }), 404),
            (&t.a_token, "\"9\"", json!({ "person": { "given_name": sentinel } }), 412),
            (&t.a_token, "\"1\"", json!({ "assigned_to": t.b.id.to_string(), "person": { "given_name": sentinel } }), 403),
            (&t.manager_token, "\"1\"", json!({ "status": "active", "person": { "given_name": sentinel } }), 409),
        ] {
            let refused = patch(&app, token, &id, Some(if_match), &change).await;
            assert_eq!(refused.status, status, "{change}: {}", refused.body);
            assert!(!refused.body.to_string().to_lowercase().contains("sentinel"));
        }

        // Real work with the sentinel as identity: registered, read, changed, searched.
        let person = json!({
            "given_name": sentinel, "family_name": "Qxfamilyzq", "fathers_name": "Qxfatherzq",
            "sex": "female", "citizenship": "AF", "date_of_birth": "1991-04-03",
            "phone": "+93 78 1357 9246", "address": "Qxaddresszq", "document_number": "QXDOC-5551"
        });
        let real = create_id(&app, &t.a_token, &case_for(person, None)).await;
        assert_eq!(get_case(&app, &t.a_token, &real).await.body["person"]["given_name"], sentinel);
        let changed = patch(&app, &t.a_token, &real, Some("\"1\""), &json!({ "person": { "address": "Qxnewaddresszq" }, "status": "active" })).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        // An Afghan number written nationally is the same number.
        assert_eq!(search(&app, &t.a_token, &json!({ "given_name": sentinel, "phone": "0781357 9246", "document_number": "qxdoc-5551" })).await, [real.as_str()]);
        assert_eq!(search(&app, &t.a_token, &json!({ "given_name": sentinel, "phone": "93781357 9246", "document_number": "qxdoc-5551" })).await, [real.as_str()]);
        assert_eq!(search(&app, &t.a_token, &json!({ "given_name": sentinel, "phone": "0781357 9247" })).await, Vec::<String>::new());

        let audit = audit_text(&db).await.to_lowercase();
        for fragment in ["sentinel", "karimiqx", "qxfamilyzq", "qxfatherzq", "qxaddresszq", "qxnewaddresszq", "qxdoc", "1991-04-03", "1357 9246", "13579246"] {
            assert!(!audit.contains(fragment), "{fragment} in the audit log");
        }
        assert!(audit.contains("case.create") && audit.contains("case.read") && audit.contains("case.update") && audit.contains("case.search"));

        // …nor is any of it in the database in clear.
        let bytes = db.raw_bytes().await;
        assert!(contains(&bytes, "AF-KAB-2026-000001"), "the scan sees what is in clear");
        for fragment in ["sentinel", "karimiqx", "qxfamilyzq", "qxfatherzq", "qxaddresszq", "qxnewaddresszq", "qxdoc-5551", "1991-04-03", "1357 9246", "781357924"] {
            assert!(!contains(&bytes, fragment), "{fragment} is stored in clear");
        }
    }

    async fn a_ciphertext_moved_to_another_row_reads_as_an_error_with_only_an_error_id(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let t = team(&db, &app).await;
        let victim = create_id(&app, &t.a_token, &case_for(json!({ "given_name": "Victimname", "family_name": "Victimfamily", "sex": "female", "citizenship": "AF", "phone": "0700 111 000" }), None)).await;
        let other = create_id(&app, &t.a_token, &case_for(json!({ "given_name": "Othername", "family_name": "Otherfamily", "sex": "male", "citizenship": "AF" }), None)).await;
        let (victim_id, other_id) = (id_literal(&db, &victim), id_literal(&db, &other));
        db.execute_raw(&format!(
            "UPDATE cases SET given_name = (SELECT given_name FROM cases WHERE id = {other_id}) WHERE id = {victim_id}"
        )).await;

        let check = |failed: &Reply| {
            assert_eq!(failed.status, 500, "{}", failed.body);
            assert_eq!(failed.body["code"], "internal_error");
            let keys: BTreeSet<&str> = failed.body.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, BTreeSet::from(["code", "detail", "status", "title", "type"]));
            let detail = failed.body["detail"].as_str().unwrap();
            let error_id = detail.rsplit_once("Error id: ").unwrap().1.trim_end_matches('.');
            assert!(error_id.parse::<Uuid>().is_ok(), "{detail}");
            let text = failed.body.to_string().to_lowercase();
            for name in ["othername", "otherfamily", "victimname", "victimfamily", "0700", "given_name", "decrypt"] {
                assert!(!text.contains(name), "{name} in {text}");
            }
        };
        for token in [&t.a_token, &t.manager_token] {
            check(&get_case(&app, token, &victim).await);
            check(&patch(&app, token, &victim, Some("\"1\""), &json!({ "category": "presumed_victim" })).await);
        }
        // The other person still reads as themselves; lists and searches open nothing.
        let read = get_case(&app, &t.a_token, &other).await;
        assert_eq!(read.status, 200);
        assert_eq!(read.body["person"]["given_name"], "Othername");
        assert_eq!(list(&app, &t.a_token, "").await, [other.as_str(), victim.as_str()]);
        assert_eq!(search(&app, &t.a_token, &json!({ "given_name": "Othername" })).await, [other.as_str()]);

        // Within one row: another column's ciphertext does not open either.
        db.execute_raw(&format!("UPDATE cases SET family_name = given_name WHERE id = {other_id}")).await;
        check(&get_case(&app, &t.a_token, &other).await);
    }
}
