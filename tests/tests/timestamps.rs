//! Every timestamp the API sends has one form on both backends: RFC 3339 in UTC, with `Z`
//! and exactly six fractional digits, and a record shows the same time when it is just
//! created as when it is read back from the database.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::Role;
use panah_tests::{PASSWORD, TestApp, get, on_both_backends, post, today};
use serde_json::{Value, json};

/// Whether `text` is written `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
fn is_timestamp(text: &str) -> bool {
    let pattern = "dddd-dd-ddTdd:dd:dd.ddddddZ";
    text.len() == pattern.len()
        && text.chars().zip(pattern.chars()).all(|(c, p)| match p {
            'd' => c.is_ascii_digit(),
            _ => c == p,
        })
}

/// Every timestamp in `value`: the fields named `at` or ending in `_at`, at any depth.
fn timestamps(value: &Value, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields {
                match field {
                    Value::String(text) if name == "at" || name.ends_with("_at") => {
                        found.push((name.clone(), text.clone()));
                    }
                    _ => timestamps(field, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| timestamps(item, found)),
        _ => {}
    }
}

on_both_backends! {
    async fn every_timestamp_is_utc_with_microseconds_and_reads_back_the_same(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        for role in [Role::Caseworker, Role::Admin, Role::Auditor] {
            db.create_user_with_role(role).await;
        }
        let caseworker = app.token("caseworker", PASSWORD).await;
        let moi = db.organization("MOI").await.id.0;

        let case = post(&app, &caseworker, "/api/v1/cases", &json!({
            "category": "presumed_victim", "province": "AF-HER", "identified_on": today(),
            "person": { "given_name": "Zarghuna", "sex": "female", "citizenship": "AF" }
        })).await;
        assert_eq!(case.status, 201, "{}", case.body);
        let id = case.body["id"].as_str().unwrap();
        let consent = post(&app, &caseworker, &format!("/api/v1/cases/{id}/consents"),
            &json!({ "kind": "assistance", "given_on": today() })).await;
        let note = post(&app, &caseworker, &format!("/api/v1/cases/{id}/notes"),
            &json!({ "body": "Met at the border." })).await;
        let referral = post(&app, &caseworker, "/api/v1/referrals", &json!({
            "case_id": id, "to_organization_id": moi, "purpose": "protection",
            "disclosure": "anonymised", "send": true
        })).await;
        for created in [&consent, &note, &referral] {
            assert_eq!(created.status, 201, "{}", created.body);
        }

        // Each answer as the write gave it, and the same record read back.
        // The case file read back also lists the case's referral: compare the case alone.
        let mut file = get(&app, &caseworker, &format!("/api/v1/cases/{id}")).await.body;
        assert_eq!(file["referrals"].as_array().map(Vec::len), Some(1), "{file}");
        for records in ["referrals", "returns"] {
            file.as_object_mut().unwrap().remove(records);
        }
        let pairs = [
            (&case.body, file),
            (&consent.body, get(&app, &caseworker, consent.location.as_deref().unwrap()).await.body),
            (&note.body, get(&app, &caseworker, note.location.as_deref().unwrap()).await.body),
            (&referral.body, get(&app, &caseworker, referral.location.as_deref().unwrap()).await.body),
        ];
        let mut seen = Vec::new();
        for (written, read) in pairs {
            let (mut at_write, mut at_read) = (Vec::new(), Vec::new());
            timestamps(written, &mut at_write);
            timestamps(&read, &mut at_read);
            assert!(!at_write.is_empty(), "{written}");
            assert_eq!(at_write, at_read, "{written}\n{read}");
            seen.extend(at_write);
        }

        // Users created by the store, the case list, and the audit log.
        let admin = app.token("admin", PASSWORD).await;
        let auditor = app.token("auditor", PASSWORD).await;
        for (token, path) in [
            (&admin, "/api/v1/users"),
            (&caseworker, "/api/v1/cases"),
            (&auditor, "/api/v1/audit"),
        ] {
            let page = get(&app, token, path).await;
            assert_eq!(page.status, 200, "{path}: {}", page.body);
            let before = seen.len();
            timestamps(&page.body, &mut seen);
            assert!(seen.len() > before, "{path} shows no timestamp: {}", page.body);
        }

        let names: std::collections::BTreeSet<&str> =
            seen.iter().map(|(name, _)| name.as_str()).collect();
        for name in ["created_at", "updated_at", "recorded_at", "at"] {
            assert!(names.contains(name), "no {name} among {names:?}");
        }
        let odd: Vec<_> = seen.iter().filter(|(_, text)| !is_timestamp(text)).collect();
        assert!(odd.is_empty(), "{odd:?}");
    }
}
