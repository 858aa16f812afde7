//! Case files over HTTP on both backends: registering, reading, listing, searching,
//! changing, and who sees what.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::Role;
use panah_tests::{PASSWORD, TestApp, on_both_backends};
use serde_json::{Value, json};

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
        let read: Value = app.get_as(&token, &location).await.json().await.unwrap();
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
