//! Laws and legal proceedings over HTTP on both backends: the seeded laws, a proceeding's
//! stages one at a time with the verdict's outcome, who follows a proceeding (IOM through
//! the case; the office that received the referral it follows, and nobody else: 404), the
//! receiving side's view without the case, what an opening is checked for, and that every
//! write is audited and the history cannot be rewritten.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use panah_domain::Role;
use panah_persistence::AuditFilter;
use panah_tests::{
    PASSWORD, Reply, TestApp, TestDb, assert_invalid, ids, on_both_backends, reply, today, tomorrow,
};
use serde_json::{Value, json};

/// A signed-in user of the test world.
struct Actor {
    token: String,
}

/// IOM staff and the ministries' staff, signed in.
struct World {
    app: TestApp,
    orgs: HashMap<String, String>,
    /// IOM caseworker, who owns the cases.
    worker: Actor,
    /// Another IOM caseworker.
    other_worker: Actor,
    /// IOM case manager.
    manager: Actor,
    /// Provincial officer at MOI-HER, which receives the referral.
    herat: Actor,
    /// Provincial officer at MOI-KAB.
    kabul: Actor,
    /// Ministry liaison at MOI (national).
    liaison: Actor,
    /// Partner focal point at MOJ.
    moj: Actor,
    /// A programme manager, who follows no proceeding.
    programme: Actor,
}

impl World {
    async fn new(db: &TestDb) -> World {
        let app = TestApp::spawn(db).await;
        let actor = async |username: &str, code: &str, role: Role| {
            db.create_user(username, code, &[role]).await;
            Actor {
                token: app.token(username, PASSWORD).await,
            }
        };
        let worker = actor("worker.a", "IOM-AF", Role::Caseworker).await;
        let listed = reply(app.get_as(&worker.token, "/api/v1/organizations").await).await;
        let orgs = listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["code"].as_str().unwrap().to_owned(),
                    o["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        World {
            other_worker: actor("worker.b", "IOM-AF", Role::Caseworker).await,
            manager: actor("manager.iom", "IOM-AF", Role::CaseManager).await,
            herat: actor("officer.herat", "MOI-HER", Role::ProvincialOfficer).await,
            kabul: actor("officer.kabul", "MOI-KAB", Role::ProvincialOfficer).await,
            liaison: actor("liaison.moi", "MOI", Role::MinistryLiaison).await,
            moj: actor("focal.moj", "MOJ", Role::PartnerFocalPoint).await,
            programme: actor("programme.iom", "IOM-AF", Role::ProgrammeManager).await,
            app,
            orgs,
            worker,
        }
    }

    async fn get(&self, who: &Actor, path: &str) -> Reply {
        reply(self.app.get_as(&who.token, path).await).await
    }

    async fn post(&self, who: &Actor, path: &str, body: &Value) -> Reply {
        reply(self.app.post_json(path, Some(&who.token), body).await).await
    }

    /// A case in Herat assigned to the caseworker.
    async fn case(&self) -> String {
        let body = json!({
            "category": "victim_of_trafficking", "province": "AF-HER", "identified_on": "2026-03-02",
            "person": { "given_name": "Zahra", "family_name": "Karimi", "sex": "female",
                        "date_of_birth": "2004-03-02", "citizenship": "AF" },
            "trafficking": { "exploitation_types": ["forced_labour"] },
        });
        let created = self.post(&self.worker, "/api/v1/cases", &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
        created.body["id"].as_str().unwrap().to_owned()
    }

    /// An anonymised referral of `case` for investigation to `to`, sent unless `send` is
    /// false.
    async fn refer(&self, case: &str, to: &str, send: bool) -> String {
        let body = json!({
            "case_id": case, "to_organization_id": self.orgs[to], "purpose": "investigation",
            "disclosure": "anonymised", "send": send,
        });
        let created = self.post(&self.worker, "/api/v1/referrals", &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
        created.body["id"].as_str().unwrap().to_owned()
    }

    async fn open(&self, case: &str, body: &Value) -> Reply {
        self.post(
            &self.worker,
            &format!("/api/v1/cases/{case}/proceedings"),
            body,
        )
        .await
    }

    /// Opens a proceeding on `case` from `referral`; panics unless it is 201.
    async fn opened(&self, case: &str, referral: Option<&str>) -> Value {
        let mut body = json!({
            "law": "ctip_2017", "articles": ["4", "7"], "reported_on": "2026-03-05",
            "province": "AF-HER", "accused_count": 2, "victim_testified": false, "legal_aid": true,
        });
        if let Some(referral) = referral {
            body["referral_id"] = json!(referral);
        }
        let created = self.open(case, &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
        created.body
    }

    async fn move_to(&self, who: &Actor, id: &str, body: Value) -> Reply {
        self.post(who, &format!("/api/v1/proceedings/{id}/transitions"), &body)
            .await
    }

    /// The ids of the proceedings `who` lists.
    async fn listed(&self, who: &Actor) -> Vec<String> {
        let page = self.get(who, "/api/v1/proceedings").await;
        assert_eq!(page.status, 200, "{}", page.body);
        ids(&page.body)
    }
}

#[track_caller]
fn assert_status(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.body["code"], code, "{}", reply.body);
}

async fn audited(db: &TestDb, action: &str) -> usize {
    let filter = AuditFilter {
        action: Some(action.to_owned()),
        ..AuditFilter::default()
    };
    db.store.list_audit(&filter, 1000).await.unwrap().len()
}

on_both_backends! {
    async fn the_two_laws_are_listed_with_their_articles_for_every_signed_in_user(db: TestDb) {
        let w = World::new(&db).await;
        let laws = w.get(&w.kabul, "/api/v1/laws").await;
        assert_eq!(laws.status, 200, "{}", laws.body);
        let items = laws.body["items"].as_array().unwrap();
        let codes: Vec<&str> = items.iter().map(|l| l["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["ctip_2017", "lkht_2008"]);
        let lkht = &items[1];
        assert_eq!(lkht["title"], "Law on Kidnapping and Human Trafficking");
        assert_eq!(lkht["enacted_on"], "2008-07-15");
        assert_eq!(lkht["articles"][4], json!({"number": "5", "title": "Human trafficking"}));
        assert_eq!(lkht["articles"].as_array().unwrap().len(), 13);
        let ctip = &items[0];
        assert_eq!(
            ctip["title"],
            "Law on Combating Trafficking in Persons and Smuggling of Migrants"
        );
        let numbers: Vec<&str> = ctip["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["number"].as_str().unwrap())
            .collect();
        assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14"]);
    }

    async fn a_proceeding_moves_one_stage_at_a_time_to_closed_and_every_move_is_in_its_history(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case().await;
        let opened = w.opened(&case, None).await;
        let id = opened["id"].as_str().unwrap();
        assert_eq!(opened["stage"], "reported");
        assert_eq!(opened["case_id"], case.as_str());
        assert_eq!(opened["law"], "ctip_2017");
        assert_eq!(opened["articles"], json!(["4", "7"]));
        assert_eq!(opened["accused_count"], 2);
        assert_eq!(opened["legal_aid"], true);
        assert_eq!(opened["outcome"], Value::Null);
        assert_eq!(opened["history"][0]["stage"], "reported");
        assert_eq!(opened["history"][0]["by_organization"], w.orgs["IOM-AF"].as_str());

        // Skipping a stage, or an appeal before a verdict, is a wrong move.
        assert_status(&w.move_to(&w.worker, id, json!({"to": "trial"})).await, 409, "invalid_transition");
        for to in ["investigation", "prosecution", "trial"] {
            let moved = w.move_to(&w.worker, id, json!({"to": to, "comment": "Next step."})).await;
            assert_eq!(moved.status, 200, "{}", moved.body);
            assert_eq!(moved.body["stage"], to);
        }
        assert_status(&w.move_to(&w.worker, id, json!({"to": "appeal"})).await, 409, "invalid_transition");
        // A verdict needs its outcome; other moves record none.
        assert_invalid(&w.move_to(&w.worker, id, json!({"to": "verdict"})).await, &["outcome"]);
        let verdict = w
            .move_to(&w.worker, id, json!({"to": "verdict", "outcome": "conviction"}))
            .await;
        assert_eq!(verdict.status, 200, "{}", verdict.body);
        assert_eq!(verdict.body["outcome"], "conviction");
        assert_invalid(
            &w.move_to(&w.worker, id, json!({"to": "appeal", "outcome": "acquittal"})).await,
            &["outcome"],
        );
        let appeal = w.move_to(&w.worker, id, json!({"to": "appeal"})).await;
        assert_eq!(appeal.body["outcome"], "conviction", "the verdict stands during the appeal");
        let closed = w
            .move_to(&w.worker, id, json!({"to": "closed", "outcome": "acquittal"}))
            .await;
        assert_eq!(closed.status, 200, "{}", closed.body);
        assert_eq!(closed.body["outcome"], "acquittal", "the appeal's outcome replaces the verdict's");
        assert_eq!(closed.body["version"], 7);
        let stages: Vec<&str> = closed.body["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["stage"].as_str().unwrap())
            .collect();
        assert_eq!(
            stages,
            ["reported", "investigation", "prosecution", "trial", "verdict", "appeal", "closed"]
        );
        assert_eq!(closed.body["history"][1]["comment"], "Next step.");
        assert_eq!(closed.body["history"][4]["outcome"], "conviction");
        assert_status(&w.move_to(&w.worker, id, json!({"to": "closed"})).await, 409, "invalid_transition");

        assert_eq!(audited(&db, "proceeding.create").await, 1);
        assert_eq!(audited(&db, "proceeding.transition").await, 6);
    }

    async fn the_receiving_office_reads_and_moves_the_proceeding_without_the_case_and_no_other_office_sees_it(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case().await;
        let referral = w.refer(&case, "MOI-HER", true).await;
        let opened = w.opened(&case, Some(&referral)).await;
        let id = opened["id"].as_str().unwrap();
        let path = format!("/api/v1/proceedings/{id}");

        // The receiving office: reads it without any case-file field, and moves it.
        let seen = w.get(&w.herat, &path).await;
        assert_eq!(seen.status, 200, "{}", seen.body);
        assert!(seen.body.get("case_id").is_none(), "{}", seen.body);
        assert_eq!(seen.body["referral_id"], referral.as_str());
        assert_eq!(w.listed(&w.herat).await, [id]);
        let moved = w.move_to(&w.herat, id, json!({"to": "investigation"})).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        assert!(moved.body.get("case_id").is_none(), "{}", moved.body);
        assert_eq!(moved.body["history"][1]["by_organization"], w.orgs["MOI-HER"].as_str());
        // The national liaison follows every Ministry office's proceedings.
        assert_eq!(w.get(&w.liaison, &path).await.status, 200);
        assert_eq!(w.listed(&w.liaison).await, [id]);
        // IOM: the case's caseworker and the case manager, with the case.
        let managed = w.get(&w.manager, &path).await;
        assert_eq!(managed.body["case_id"], case.as_str());
        assert_eq!(managed.body["stage"], "investigation");

        // Another province's office, another ministry, another caseworker: 404 and absent.
        for outsider in [&w.kabul, &w.moj, &w.other_worker] {
            assert_status(&w.get(outsider, &path).await, 404, "not_found");
            assert_status(
                &w.move_to(outsider, id, json!({"to": "prosecution"})).await,
                404,
                "not_found",
            );
            assert!(w.listed(outsider).await.is_empty());
        }
        // Roles that follow no proceeding at all: 403.
        assert_status(&w.get(&w.programme, &path).await, 403, "forbidden");
        assert_eq!(w.get(&w.worker, &path).await.body["stage"], "investigation");
    }

    async fn a_proceeding_names_a_known_law_its_articles_and_a_sent_referral_of_its_own_case(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case().await;
        let other_case = w.case().await;
        let base = json!({"law": "lkht_2008", "articles": ["5"], "reported_on": "2026-03-05", "province": "AF-HER"});
        let with = |extra: Value| {
            let mut body = base.clone();
            body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            body
        };
        assert_invalid(&w.open(&case, &with(json!({"law": "penal_code_2017"}))).await, &["law"]);
        assert_invalid(&w.open(&case, &with(json!({"law": "Penal"}))).await, &["law"]);
        assert_invalid(
            &w.open(&case, &with(json!({"articles": ["5", "99", "5"]}))).await,
            &["articles[1]", "articles[2]"],
        );
        assert_invalid(&w.open(&case, &with(json!({"reported_on": tomorrow()}))).await, &["reported_on"]);
        assert_invalid(&w.open(&case, &with(json!({"accused_name": "x"}))).await, &["accused_name"]);
        let elsewhere = w.refer(&other_case, "MOI-HER", true).await;
        let draft = w.refer(&case, "MOI-HER", false).await;
        for referral in [elsewhere, draft] {
            assert_invalid(
                &w.open(&case, &with(json!({"referral_id": referral}))).await,
                &["referral_id"],
            );
        }
        // A caseworker opens proceedings on their own cases only.
        let theirs = w
            .post(&w.other_worker, &format!("/api/v1/cases/{case}/proceedings"), &base)
            .await;
        assert_status(&theirs, 404, "not_found");
        let fine = w.open(&case, &with(json!({"reported_on": today()}))).await;
        assert_eq!(fine.status, 201, "{}", fine.body);
        assert_eq!(fine.body["victim_testified"], false);
        assert_eq!(audited(&db, "proceeding.create").await, 1);
    }

    async fn a_proceedings_history_cannot_be_rewritten_or_deleted(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case().await;
        w.opened(&case, None).await;
        for sql in [
            "UPDATE proceeding_history SET stage = 'closed'",
            "DELETE FROM proceeding_history",
        ] {
            let refused = db.try_execute_raw(sql).await.unwrap_err();
            assert!(refused.contains("append-only"), "{sql}: {refused}");
        }
    }
}
