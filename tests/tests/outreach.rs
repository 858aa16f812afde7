//! Trainings and awareness activities over HTTP on both backends: who records and who
//! reads them (a provincial office its own province's only: 404 for another's), their
//! closed vocabularies, their costs charged to budget lines under the rules of assistance
//! (line, cost, currency, period) and hidden from the Ministry, changes with `If-Match`,
//! a grant period that keeps their charges, and the audit of every write.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::Role;
use panah_persistence::AuditFilter;
use panah_tests::{
    PASSWORD, Reply, TestApp, TestDb, assert_invalid, get, ids, on_both_backends, patch, post,
    reply,
};
use serde_json::{Value, json};

struct World {
    app: TestApp,
    programme: String,
    manager: String,
    liaison: String,
    herat: String,
    kabul: String,
    caseworker: String,
    /// Budget line `TR` of a USD grant running through 2026.
    line: String,
    grant: String,
    moi_her: String,
    moi_kab: String,
    moj: String,
    iom: String,
}

impl World {
    async fn new(db: &TestDb) -> World {
        let app = TestApp::spawn(db).await;
        let token = async |username: &str, org: &str, role: Role| {
            db.create_user(username, org, &[role]).await;
            app.token(username, PASSWORD).await
        };
        let programme = token("programme.iom", "IOM-AF", Role::ProgrammeManager).await;
        let id = async |code: &str| db.organization(code).await.id.0.to_string();
        let grant = post(
            &app,
            &programme,
            "/api/v1/grants",
            &json!({
                "code": "US-CB-2026", "title": "Capacity building", "donor_organization_id": id("DONOR-US").await,
                "currency": "USD", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                "budget_lines": [{"code": "TR", "name": "Trainings", "amount_minor": 1_000_000}],
            }),
        )
        .await;
        assert_eq!(grant.status, 201, "{}", grant.body);
        World {
            manager: token("manager.iom", "IOM-AF", Role::CaseManager).await,
            liaison: token("liaison.moi", "MOI", Role::MinistryLiaison).await,
            herat: token("officer.herat", "MOI-HER", Role::ProvincialOfficer).await,
            kabul: token("officer.kabul", "MOI-KAB", Role::ProvincialOfficer).await,
            caseworker: token("worker.a", "IOM-AF", Role::Caseworker).await,
            line: grant.body["budget_lines"][0]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
            grant: grant.body["id"].as_str().unwrap().to_owned(),
            moi_her: id("MOI-HER").await,
            moi_kab: id("MOI-KAB").await,
            moj: id("MOJ").await,
            iom: id("IOM-AF").await,
            programme,
            app,
        }
    }

    fn training(&self, extra: Value) -> Value {
        let mut body = json!({
            "title": "Identifying victims at border crossings", "topic": "identification",
            "province": "AF-HER", "starts_on": "2026-05-10", "ends_on": "2026-05-12",
            "organizer_organization_id": self.iom,
            "participants": [
                {"organization_id": self.moi_her, "female": 4, "male": 11},
                {"organization_id": self.moj, "female": 2, "male": 3},
            ],
            "cost": {"amount_minor": 250_000, "currency": "USD"}, "budget_line_id": self.line,
        });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    }

    fn awareness(&self, extra: Value) -> Value {
        let mut body = json!({
            "province": "AF-HER", "date": "2026-06-01", "channel": "radio",
            "partner_organization_id": self.moi_her, "estimated_reach": 12_000,
            "description": "Radio spots on recruitment by false job offers.",
            "cost": {"amount_minor": 80_000, "currency": "USD"}, "budget_line_id": self.line,
        });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    }
}

async fn audited(db: &TestDb, action: &str) -> usize {
    let filter = AuditFilter {
        action: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    db.store.list_audit(&filter, 1000).await.unwrap().len()
}

#[track_caller]
fn assert_status(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.body["code"], code, "{}", reply.body);
}

on_both_backends! {
    async fn a_training_is_recorded_by_managers_and_read_by_the_ministry_and_its_own_province_only(db: TestDb) {
        let w = World::new(&db).await;
        let created = post(&w.app, &w.programme, "/api/v1/trainings", &w.training(json!({}))).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap();
        assert_eq!(created.body["topic"], "identification");
        assert_eq!(created.body["participants"][0]["female"], 4);
        assert_eq!(created.body["cost"], json!({"amount_minor": 250_000, "currency": "USD"}));
        assert_eq!(created.body["budget_line_id"], w.line.as_str());
        let kabul_training = post(
            &w.app,
            &w.manager,
            "/api/v1/trainings",
            &w.training(json!({"province": "AF-KAB", "topic": "data_protection", "cost": null, "budget_line_id": null})),
        )
        .await;
        assert_eq!(kabul_training.status, 201, "{}", kabul_training.body);
        let kabul_id = kabul_training.body["id"].as_str().unwrap();

        let path = format!("/api/v1/trainings/{id}");
        // The Herat office reads Herat's training, without its cost; not Kabul's.
        let seen = get(&w.app, &w.herat, &path).await;
        assert_eq!(seen.status, 200, "{}", seen.body);
        assert_eq!(seen.body["cost"], Value::Null);
        assert_eq!(seen.body["budget_line_id"], Value::Null);
        assert_eq!(ids(&get(&w.app, &w.herat, "/api/v1/trainings").await.body), [id]);
        assert_status(&get(&w.app, &w.herat, &format!("/api/v1/trainings/{kabul_id}")).await, 404, "not_found");
        assert_eq!(ids(&get(&w.app, &w.kabul, "/api/v1/trainings").await.body), [kabul_id]);
        assert_status(&get(&w.app, &w.kabul, &path).await, 404, "not_found");
        // The national liaison reads every province's.
        assert_eq!(ids(&get(&w.app, &w.liaison, "/api/v1/trainings").await.body), [kabul_id, id]);
        // Only managers record; caseworkers neither record nor read.
        assert_status(&post(&w.app, &w.liaison, "/api/v1/trainings", &w.training(json!({}))).await, 403, "forbidden");
        assert_status(&get(&w.app, &w.caseworker, "/api/v1/trainings").await, 403, "forbidden");

        // A change names the version read.
        let changed = patch(&w.app, &w.manager, &path, Some("\"1\""), &json!({"participants": [{"organization_id": w.moi_kab, "female": 7, "male": 0}]})).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(changed.body["participants"], json!([{"organization_id": w.moi_kab, "female": 7, "male": 0}]));
        assert_eq!(changed.body["version"], 2);
        assert_status(&patch(&w.app, &w.manager, &path, Some("\"1\""), &json!({"title": "Again"})).await, 412, "version_mismatch");

        assert_eq!(audited(&db, "training.create").await, 2);
        assert_eq!(audited(&db, "training.update").await, 1);
    }

    async fn training_and_awareness_costs_follow_the_charging_rules_of_assistance(db: TestDb) {
        let w = World::new(&db).await;
        for (path, body, date_field) in [
            ("/api/v1/trainings", w.training(json!({})), "starts_on"),
            ("/api/v1/awareness-activities", w.awareness(json!({})), "date"),
        ] {
            let with = |extra: Value| {
                let mut b = body.clone();
                b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
                b
            };
            // No cost, unknown line, a date outside the grant, another currency.
            assert_invalid(&post(&w.app, &w.programme, path, &with(json!({"cost": null}))).await, &["cost"]);
            assert_invalid(
                &post(&w.app, &w.programme, path, &with(json!({"budget_line_id": w.grant}))).await,
                &["budget_line_id"],
            );
            let outside = json!({ date_field: "2025-12-31", "ends_on": "2026-01-02" });
            let outside = if date_field == "date" { json!({"date": "2025-12-31"}) } else { outside };
            assert_invalid(&post(&w.app, &w.programme, path, &with(outside)).await, &[date_field]);
            let afn = post(&w.app, &w.programme, path, &with(json!({"cost": {"amount_minor": 5, "currency": "AFN"}}))).await;
            assert_status(&afn, 422, "currency_mismatch");
            assert_invalid(
                &post(&w.app, &w.programme, path, &with(json!({"cost": {"amount_minor": -1, "currency": "USD"}}))).await,
                &["cost.amount_minor"],
            );
            let fine = post(&w.app, &w.programme, path, &body).await;
            assert_eq!(fine.status, 201, "{}", fine.body);
        }
        // Both costs count in what the line has spent, as assistance delivered does.
        let grant = panah_domain::GrantId(w.grant.parse().unwrap());
        let spent = db.store.spent_by_line(grant).await.unwrap();
        assert_eq!(spent.len(), 1);
        assert_eq!(spent[0].1, 250_000 + 80_000);
        // And in the funding report's spend for a period holding both dates, not for one
        // that holds neither.
        let report = |period: &str| format!("/api/v1/reports/funding?grant_id={}&{period}", w.grant);
        let whole = w.app.get_as(&w.programme, &report("from=2026-05-01&to=2026-06-30")).await;
        let whole: Value = whole.json().await.unwrap();
        assert_eq!(whole["spend"][0]["spent_minor"], 330_000, "{whole}");
        let before: Value = w.app.get_as(&w.programme, &report("from=2026-01-01&to=2026-04-30")).await.json().await.unwrap();
        assert_eq!(before["spend"][0]["spent_minor"], 0, "{before}");
        // The grant's period keeps the charges: it cannot end before the awareness date.
        let grant_path = format!("/api/v1/grants/{}", w.grant);
        let shorten = patch(&w.app, &w.programme, &grant_path, Some("\"1\""), &json!({"ends_on": "2026-05-31"})).await;
        assert_eq!(shorten.status, 422, "{}", shorten.body);
        assert_eq!(shorten.body["errors"][0]["field"], "ends_on", "{}", shorten.body);
    }

    async fn a_retried_recording_with_the_same_idempotency_key_records_once(db: TestDb) {
        let w = World::new(&db).await;
        let send = async || {
            reply(
                w.app
                    .client
                    .post(w.app.url("/api/v1/trainings"))
                    .bearer_auth(&w.programme)
                    .header("Idempotency-Key", "training-2026-05-10")
                    .json(&w.training(json!({})))
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        };
        let first = send().await;
        let again = send().await;
        assert_eq!(first.status, 201, "{}", first.body);
        assert_eq!(again.status, 201, "{}", again.body);
        assert_eq!(first.body["id"], again.body["id"]);
        assert_eq!(ids(&get(&w.app, &w.programme, "/api/v1/trainings").await.body).len(), 1);
        assert_eq!(audited(&db, "training.create").await, 1);
    }

    async fn awareness_activities_use_closed_channels_a_partner_office_of_their_province_and_are_audited(db: TestDb) {
        let w = World::new(&db).await;
        let path = "/api/v1/awareness-activities";
        assert_invalid(&post(&w.app, &w.manager, path, &w.awareness(json!({"channel": "billboard"}))).await, &["channel"]);
        assert_invalid(
            &post(&w.app, &w.manager, path, &w.awareness(json!({"partner_organization_id": w.moi_kab}))).await,
            &["partner_organization_id"],
        );
        assert_invalid(&post(&w.app, &w.manager, "/api/v1/trainings", &w.training(json!({"topic": "cooking"}))).await, &["topic"]);
        let created = post(&w.app, &w.manager, path, &w.awareness(json!({}))).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap();
        assert_eq!(created.body["channel"], "radio");
        assert_eq!(created.body["estimated_reach"], 12_000);
        let one = format!("{path}/{id}");
        let herat = get(&w.app, &w.herat, &one).await;
        assert_eq!(herat.status, 200, "{}", herat.body);
        assert_eq!(herat.body["cost"], Value::Null);
        assert_status(&get(&w.app, &w.kabul, &one).await, 404, "not_found");
        assert!(ids(&get(&w.app, &w.kabul, path).await.body).is_empty());
        let changed = patch(&w.app, &w.programme, &one, Some("\"1\""), &json!({"estimated_reach": 15_000, "description": null})).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(changed.body["estimated_reach"], 15_000);
        assert_eq!(changed.body["description"], Value::Null);
        assert_eq!(audited(&db, "awareness.create").await, 1);
        assert_eq!(audited(&db, "awareness.update").await, 1);
    }
}
