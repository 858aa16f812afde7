//! Referrals over HTTP on both backends: the workflow and its refusals in their order (not
//! visible 404, wrong party 403, wrong state 409), the timeline, who sees which referral
//! for each role, the rules a new referral must follow, and the inbox and outbox lists
//! with their filters, sort order and pages.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashMap};

use panah_domain::Role;
use panah_tests::{
    PASSWORD, Reply, TestApp, TestDb, assert_invalid, fields, ids, on_both_backends, patch, reply,
};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Asserts a refusal with `status` and the problem `code`.
#[track_caller]
fn assert_refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.body["code"], code, "{}", reply.body);
}

/// The day `offset` days from today (UTC), as `YYYY-MM-DD`.
fn day(offset: i64) -> String {
    (OffsetDateTime::now_utc().date() + Duration::days(offset)).to_string()
}

/// `base` with every key of `extra` set on it.
fn with(mut base: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        base[key] = value.clone();
    }
    base
}

/// A referral's timeline as `{action, actor_id, organization_id, comment}` entries.
fn timeline(view: &Value) -> Value {
    Value::Array(
        view["timeline"]
            .as_array()
            .unwrap_or_else(|| panic!("no timeline in {view}"))
            .iter()
            .map(|entry| {
                json!({
                    "action": entry["action"], "actor_id": entry["actor_id"],
                    "organization_id": entry["organization_id"], "comment": entry["comment"],
                })
            })
            .collect(),
    )
}

/// One timeline entry as [`timeline`] shows it.
fn entry(action: &str, actor: &Actor, comment: Option<&str>) -> Value {
    json!({
        "action": action, "actor_id": actor.id, "organization_id": actor.org,
        "comment": comment,
    })
}

/// Sets a referral's due date behind the server's back, to make it overdue.
async fn set_due_date(db: &TestDb, id: &str, date: &str) {
    let id: Uuid = id.parse().unwrap();
    let (id, date) = if db.is_postgres() {
        (format!("'{id}'"), format!("DATE '{date}'"))
    } else {
        (format!("x'{}'", id.simple()), format!("'{date}'"))
    };
    db.execute_raw(&format!(
        "UPDATE referrals SET due_date = {date} WHERE id = {id}"
    ))
    .await;
}

/// A signed-in user: their id, token and organisation id.
#[derive(Debug)]
struct Actor {
    id: String,
    token: String,
    org: String,
}

/// A server with one user of each kind that referrals involve, and every organisation's
/// id by code.
#[derive(Debug)]
struct World {
    app: TestApp,
    orgs: HashMap<String, String>,
    /// IOM caseworker.
    a: Actor,
    /// Another IOM caseworker.
    b: Actor,
    /// IOM case manager.
    manager: Actor,
    /// Provincial officer at MOI-HER.
    herat: Actor,
    /// Provincial officer at MOI-KAB.
    kabul: Actor,
    /// Ministry liaison at MOI (national).
    liaison: Actor,
    /// Partner focal point at MOJ.
    moj: Actor,
    /// Partner focal point at MOLSA.
    molsa: Actor,
}

impl World {
    async fn new(db: &TestDb) -> World {
        let app = TestApp::spawn(db).await;
        let first = db
            .create_user("worker.a", "IOM-AF", &[Role::Caseworker])
            .await;
        let token = app.token(&first.username, PASSWORD).await;
        let listed = reply(app.get_as(&token, "/api/v1/organizations").await).await;
        assert_eq!(listed.status, 200, "{}", listed.body);
        let orgs: HashMap<String, String> = listed.body["items"]
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
        let a = Actor {
            id: first.id.to_string(),
            token,
            org: orgs["IOM-AF"].clone(),
        };
        let actor = async |username: &str, code: &str, role: Role| {
            let user = db.create_user(username, code, &[role]).await;
            Actor {
                id: user.id.to_string(),
                token: app.token(username, PASSWORD).await,
                org: orgs[code].clone(),
            }
        };
        let b = actor("worker.b", "IOM-AF", Role::Caseworker).await;
        let manager = actor("manager.iom", "IOM-AF", Role::CaseManager).await;
        let herat = actor("officer.herat", "MOI-HER", Role::ProvincialOfficer).await;
        let kabul = actor("officer.kabul", "MOI-KAB", Role::ProvincialOfficer).await;
        let liaison = actor("liaison.moi", "MOI", Role::MinistryLiaison).await;
        let moj = actor("focal.moj", "MOJ", Role::PartnerFocalPoint).await;
        let molsa = actor("focal.molsa", "MOLSA", Role::PartnerFocalPoint).await;
        World {
            app,
            orgs,
            a,
            b,
            manager,
            herat,
            kabul,
            liaison,
            moj,
            molsa,
        }
    }

    fn org(&self, code: &str) -> &str {
        self.orgs
            .get(code)
            .unwrap_or_else(|| panic!("no organisation {code}"))
    }

    async fn get(&self, who: &Actor, path: &str) -> Reply {
        reply(self.app.get_as(&who.token, path).await).await
    }

    async fn post(&self, who: &Actor, path: &str, body: &Value) -> Reply {
        reply(self.app.post_json(path, Some(&who.token), body).await).await
    }

    /// Registers a case in `province`, assigned to `who`, and returns its id.
    async fn case_in(&self, who: &Actor, province: &str) -> String {
        let body = json!({
            "category": "presumed_victim", "province": province, "identified_on": "2026-11-20",
            "person": { "given_name": "Zahra", "family_name": "Karimi", "sex": "female",
                        "date_of_birth": "2009-03-02", "citizenship": "AF" },
            "trafficking": { "exploitation_types": ["forced_labour"] },
        });
        let created = self.post(who, "/api/v1/cases", &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
        created.body["id"].as_str().unwrap().to_owned()
    }

    /// A case in Herat assigned to `who`.
    async fn case(&self, who: &Actor) -> String {
        self.case_in(who, "AF-HER").await
    }

    /// `POST /api/v1/referrals`.
    async fn create(&self, who: &Actor, body: &Value) -> Reply {
        self.post(who, "/api/v1/referrals", body).await
    }

    /// The body of an anonymised referral for investigation of `case` to the organisation
    /// `to`, with `extra` fields.
    fn referral_body(&self, case: &str, to: &str, extra: Value) -> Value {
        with(
            json!({
                "case_id": case, "to_organization_id": self.org(to),
                "purpose": "investigation", "disclosure": "anonymised",
            }),
            extra,
        )
    }

    /// Refers `case` to `to` and returns the referral's id; panics unless it is 201.
    async fn refer(&self, who: &Actor, case: &str, to: &str, extra: Value) -> String {
        let created = self.create(who, &self.referral_body(case, to, extra)).await;
        assert_eq!(created.status, 201, "{}", created.body);
        created.body["id"].as_str().unwrap().to_owned()
    }

    /// The body of a ministry's referral to IOM-AF of a new person, sent at once, with
    /// `extra` fields.
    fn subject_body(&self, extra: Value) -> Value {
        with(
            json!({
                "subject": {
                    "category": "presumed_victim", "province": "AF-HER",
                    "identified_on": "2026-11-01",
                    "person": { "given_name": "Maryam", "sex": "female", "citizenship": "AF" },
                    "consent_given_on": "2026-11-01",
                },
                "to_organization_id": self.org("IOM-AF"), "purpose": "assistance",
                "disclosure": "identity", "send": true,
            }),
            extra,
        )
    }

    /// A ministry's referral to IOM-AF; panics unless it is 201.
    async fn inbound(&self, who: &Actor, extra: Value) -> String {
        let mut body = self.subject_body(extra);
        // A provincial office refers the people of its own province.
        if who.org == self.org("MOI-KAB") {
            body["subject"]["province"] = json!("AF-KAB");
        }
        let created = self.create(who, &body).await;
        assert_eq!(created.status, 201, "{}", created.body);
        created.body["id"].as_str().unwrap().to_owned()
    }

    /// `POST /api/v1/referrals/{id}/transitions`.
    async fn act(&self, who: &Actor, id: &str, action: &str, comment: Option<&str>) -> Reply {
        let mut body = json!({ "action": action });
        if let Some(comment) = comment {
            body["comment"] = json!(comment);
        }
        self.post(who, &format!("/api/v1/referrals/{id}/transitions"), &body)
            .await
    }

    /// Takes `action` (a decline with a reason) and returns the referral; panics unless
    /// it is 200.
    async fn step(&self, who: &Actor, id: &str, action: &str) -> Value {
        let reason = (action == "decline").then_some("Not within our mandate.");
        let moved = self.act(who, id, action, reason).await;
        assert_eq!(moved.status, 200, "{action}: {}", moved.body);
        moved.body
    }

    async fn read(&self, who: &Actor, id: &str) -> Reply {
        self.get(who, &format!("/api/v1/referrals/{id}")).await
    }

    /// `GET /api/v1/referrals?{query}`, one page; panics unless it is 200.
    async fn page(&self, who: &Actor, query: &str) -> Value {
        let page = self.get(who, &format!("/api/v1/referrals?{query}")).await;
        assert_eq!(page.status, 200, "{query}: {}", page.body);
        page.body
    }

    /// The ids a list shows, every page followed.
    async fn list(&self, who: &Actor, query: &str) -> Vec<String> {
        let mut all = Vec::new();
        let mut next = query.to_owned();
        loop {
            let page = self.page(who, &next).await;
            all.extend(ids(&page));
            match page["next_cursor"].as_str() {
                Some(cursor) if query.is_empty() => next = format!("cursor={cursor}"),
                Some(cursor) => next = format!("{query}&cursor={cursor}"),
                None => return all,
            }
        }
    }

    /// Asserts that `who` cannot read referral `id` (404) and finds it in no list.
    async fn assert_hidden(&self, who: &Actor, id: &str) {
        let read = self.read(who, id).await;
        assert_refused(&read, 404, "not_found");
        for query in ["", "box=inbox", "box=outbox"] {
            let listed = self.list(who, query).await;
            assert!(
                !listed.iter().any(|i| i == id),
                "{query}: {id} in {listed:?}"
            );
        }
    }
}

/// The actions of the workflow.
const ACTIONS: [&str; 6] = [
    "send",
    "acknowledge",
    "accept",
    "decline",
    "complete",
    "withdraw",
];

on_both_backends! {
    async fn a_referral_goes_from_draft_to_completed_and_its_timeline_records_each_step(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let created = w.create(&w.a, &w.referral_body(&case, "MOI-HER", json!({
            "urgency": "urgent", "due_date": day(7), "message": "Recruiter seen in Herat",
        }))).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap().to_owned();
        assert_eq!(created.location.as_deref(), Some(format!("/api/v1/referrals/{id}").as_str()));
        let view = &created.body;
        assert_eq!(view["status"], "draft");
        assert_eq!(view["side"], "sender");
        assert_eq!(view["from_organization_id"], w.a.org.as_str());
        assert_eq!(view["to_organization_id"], w.org("MOI-HER"));
        assert_eq!(view["case_id"], case.as_str());
        assert_eq!(view["purpose"], "investigation");
        assert_eq!(view["disclosure"], "anonymised");
        assert_eq!(view["urgency"], "urgent");
        assert_eq!(view["due_date"], day(7));
        assert_eq!(view["overdue"], false);
        assert_eq!(view["version"], 1);
        assert_eq!(view["message"], "Recruiter seen in Herat");
        assert_eq!(view["timeline"], json!([]));
        assert_eq!(view["subject"]["category"], "presumed_victim");
        assert_eq!(view["subject"]["sex"], "female");
        assert_eq!(view["subject"]["age_group"], "9-17");
        assert_eq!(view["subject"]["province"], "AF-HER");
        assert_eq!(view["subject"]["exploitation_types"], json!(["forced_labour"]));
        assert!(view["subject"]["case_number"].as_str().unwrap().starts_with("AF-HER-2026-"));
        assert!(view["subject"].get("person").is_none(), "anonymised: {view}");

        let steps = [
            (&w.a, "send", "Please investigate the recruiter", "sent"),
            (&w.herat, "acknowledge", "Received by the Herat office", "acknowledged"),
            (&w.herat, "accept", "Opening an investigation", "accepted"),
            (&w.herat, "complete", "The recruiter was arrested", "completed"),
        ];
        let mut expected = Vec::new();
        for (version, (who, action, comment, status)) in (2..).zip(steps) {
            let moved = w.act(who, &id, action, Some(comment)).await;
            assert_eq!(moved.status, 200, "{action}: {}", moved.body);
            assert_eq!(moved.body["status"], status);
            assert_eq!(moved.body["version"], version);
            expected.push(entry(action, who, Some(comment)));
            assert_eq!(timeline(&moved.body), Value::Array(expected.clone()));
        }

        // Both sides read the same history, each from its own side.
        let sender = w.read(&w.a, &id).await;
        let receiver = w.read(&w.herat, &id).await;
        for (view, side) in [(&sender, "sender"), (&receiver, "receiver")] {
            assert_eq!(view.status, 200, "{}", view.body);
            assert_eq!(view.body["side"], side);
            assert_eq!(view.body["status"], "completed");
            assert_eq!(view.body["message"], "Recruiter seen in Herat");
            assert_eq!(timeline(&view.body), Value::Array(expected.clone()));
        }
        assert_eq!(sender.body["timeline"], receiver.body["timeline"]);
        assert_eq!(receiver.body["case_id"], Value::Null, "the case id stays with IOM");
        assert_eq!(receiver.body["subject"]["case_number"], sender.body["subject"]["case_number"]);
        let times: Vec<&str> = sender.body["timeline"].as_array().unwrap().iter()
            .map(|e| e["at"].as_str().unwrap()).collect();
        let mut sorted = times.clone();
        sorted.sort_unstable();
        assert_eq!(times, sorted, "oldest first");
    }

    async fn a_refused_action_is_404_for_outsiders_then_403_for_the_wrong_party_then_409_for_the_wrong_state(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let id = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;

        // Outsiders learn nothing, even for actions the status would refuse anyway; that
        // includes a caseworker of the sending organisation whose case it is not.
        for outsider in [&w.kabul, &w.moj, &w.b] {
            for action in ACTIONS {
                let refused = w.act(outsider, &id, action, None).await;
                assert_refused(&refused, 404, "not_found");
            }
        }
        // A party taking the other side's action hears so before hearing about the status.
        for action in ["acknowledge", "accept", "decline", "complete"] {
            let refused = w.act(&w.a, &id, action, None).await;
            assert_refused(&refused, 403, "wrong_party");
        }
        for action in ["send", "withdraw"] {
            let refused = w.act(&w.herat, &id, action, None).await;
            assert_refused(&refused, 403, "wrong_party");
        }
        // The right party, the wrong status.
        let resent = w.act(&w.a, &id, "send", None).await;
        assert_refused(&resent, 409, "invalid_transition");
        for action in ["accept", "complete"] {
            let refused = w.act(&w.herat, &id, action, None).await;
            assert_refused(&refused, 409, "invalid_transition");
        }
        let unknown = w.act(&w.a, &Uuid::now_v7().to_string(), "withdraw", None).await;
        assert_refused(&unknown, 404, "not_found");
        let malformed = w.act(&w.a, "not-an-id", "withdraw", None).await;
        assert_refused(&malformed, 404, "not_found");

        // Nothing refused changed the referral.
        let read = w.read(&w.a, &id).await;
        assert_eq!(read.body["status"], "sent");
        assert_eq!(read.body["version"], 1);
        assert_eq!(timeline(&read.body), json!([entry("send", &w.a, None)]));
    }

    async fn the_sender_withdraws_a_sent_acknowledged_or_accepted_referral_but_not_a_completed_one(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let sent = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        let acknowledged = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        w.step(&w.herat, &acknowledged, "acknowledge").await;
        let accepted = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        w.step(&w.herat, &accepted, "acknowledge").await;
        w.step(&w.herat, &accepted, "accept").await;
        let completed = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        for action in ["acknowledge", "accept", "complete"] {
            w.step(&w.herat, &completed, action).await;
        }

        let by_receiver = w.act(&w.herat, &sent, "withdraw", None).await;
        assert_refused(&by_receiver, 403, "wrong_party");

        for (id, steps_before) in [(&sent, 1), (&acknowledged, 2), (&accepted, 3)] {
            let withdrawn = w.act(&w.a, id, "withdraw", Some("The person moved to Kabul")).await;
            assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
            assert_eq!(withdrawn.body["status"], "withdrawn");
            let history = timeline(&withdrawn.body);
            assert_eq!(history.as_array().unwrap().len(), steps_before + 1);
            assert_eq!(history[steps_before], entry("withdraw", &w.a, Some("The person moved to Kabul")));
            // Withdrawn is final for both sides.
            let again = w.act(&w.a, id, "withdraw", None).await;
            assert_refused(&again, 409, "invalid_transition");
            for action in ["acknowledge", "accept", "complete"] {
                let refused = w.act(&w.herat, id, action, None).await;
                assert_refused(&refused, 409, "invalid_transition");
            }
            let read = w.read(&w.herat, id).await;
            assert_eq!(read.body["status"], "withdrawn", "the receiver sees it was withdrawn");
        }

        let too_late = w.act(&w.a, &completed, "withdraw", None).await;
        assert_refused(&too_late, 409, "invalid_transition");
        assert_eq!(w.read(&w.a, &completed).await.body["status"], "completed");
    }

    async fn the_receiver_declines_with_a_reason_and_nothing_moves_it_afterwards(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let id = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        // A decline always says why.
        for reason in [None, Some("   ")] {
            let unexplained = w.act(&w.herat, &id, "decline", reason).await;
            assert_invalid(&unexplained, &["comment"]);
        }
        assert_eq!(w.read(&w.a, &id).await.body["status"], "sent");
        w.step(&w.herat, &id, "acknowledge").await;

        let declined = w.act(&w.herat, &id, "decline", Some("Outside our province")).await;
        assert_eq!(declined.status, 200, "{}", declined.body);
        assert_eq!(declined.body["status"], "declined");
        assert_eq!(timeline(&declined.body), json!([
            entry("send", &w.a, None),
            entry("acknowledge", &w.herat, None),
            entry("decline", &w.herat, Some("Outside our province")),
        ]));
        for action in ["acknowledge", "accept", "decline", "complete"] {
            let refused = w.act(&w.herat, &id, action, Some("again")).await;
            assert_refused(&refused, 409, "invalid_transition");
        }
        for action in ["send", "withdraw"] {
            let refused = w.act(&w.a, &id, action, None).await;
            assert_refused(&refused, 409, "invalid_transition");
        }
        assert_eq!(w.read(&w.a, &id).await.body["status"], "declined");

        // A receiver that cannot help at all declines straight away, without acknowledging.
        let other = w.refer(&w.a, &case, "MOJ", json!({"send": true})).await;
        let declined = w.act(&w.moj, &other, "decline", Some("Not a matter for the Ministry of Justice")).await;
        assert_eq!(declined.status, 200, "{}", declined.body);
        assert_eq!(timeline(&declined.body), json!([
            entry("send", &w.a, None),
            entry("decline", &w.moj, Some("Not a matter for the Ministry of Justice")),
        ]));
    }

    async fn a_referral_created_with_send_true_is_sent_with_one_timeline_entry(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let created = w.create(&w.a, &w.referral_body(&case, "MOI-HER", json!({"send": true}))).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.body["id"].as_str().unwrap();
        assert_eq!(created.body["status"], "sent");
        assert_eq!(created.body["version"], 1);
        assert_eq!(timeline(&created.body), json!([entry("send", &w.a, None)]));
        assert_eq!(created.body["timeline"][0]["at"], created.body["created_at"]);

        let received = w.read(&w.herat, id).await;
        assert_eq!(received.status, 200, "{}", received.body);
        assert_eq!(received.body["side"], "receiver");
        assert_eq!(w.list(&w.herat, "box=inbox").await, [id]);
    }

    async fn the_receiver_never_sees_a_draft_until_it_is_sent(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let id = w.refer(&w.a, &case, "MOI-HER", json!({"message": "Not final yet"})).await;

        for receiver in [&w.herat, &w.liaison] {
            w.assert_hidden(receiver, &id).await;
            assert!(w.list(receiver, "status=draft").await.is_empty());
            let refused = w.act(receiver, &id, "acknowledge", None).await;
            assert_refused(&refused, 404, "not_found");
        }
        assert_eq!(w.list(&w.a, "box=outbox&status=draft").await, [id.as_str()]);
        assert!(w.list(&w.a, "box=inbox").await.is_empty());

        w.step(&w.a, &id, "send").await;
        let received = w.read(&w.herat, &id).await;
        assert_eq!(received.status, 200, "{}", received.body);
        assert_eq!(received.body["message"], "Not final yet");
        assert_eq!(w.list(&w.herat, "box=inbox").await, [id.as_str()]);
        assert_eq!(w.list(&w.liaison, "box=inbox").await, [id]);
    }

    async fn a_provincial_officer_sees_referrals_to_their_own_office_and_no_other_office_does(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let id = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;

        let read = w.read(&w.herat, &id).await;
        assert_eq!(read.status, 200, "{}", read.body);
        assert_eq!(read.body["side"], "receiver");
        assert_eq!(w.list(&w.herat, "").await, [id.as_str()]);
        assert_eq!(w.list(&w.herat, "box=inbox").await, [id.as_str()]);
        assert!(w.list(&w.herat, "box=outbox").await.is_empty());

        w.assert_hidden(&w.kabul, &id).await;
        assert!(w.list(&w.kabul, "").await.is_empty());
        let refused = w.act(&w.kabul, &id, "acknowledge", None).await;
        assert_refused(&refused, 404, "not_found");
    }

    async fn the_ministry_liaison_sees_referrals_to_and_from_every_ministry_office(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let to_herat = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        let to_moi = w.refer(&w.a, &case, "MOI", json!({"send": true})).await;
        let from_kabul = w.inbound(&w.kabul, json!({})).await;
        let to_moj = w.refer(&w.a, &case, "MOJ", json!({"send": true})).await;

        assert_eq!(w.list(&w.liaison, "box=inbox").await, [to_herat.as_str(), to_moi.as_str()]);
        assert_eq!(w.list(&w.liaison, "box=outbox").await, [from_kabul.as_str()]);
        assert_eq!(w.list(&w.liaison, "").await, [to_herat.as_str(), to_moi.as_str(), from_kabul.as_str()]);
        assert_eq!(w.read(&w.liaison, &to_herat).await.body["side"], "receiver");
        assert_eq!(w.read(&w.liaison, &from_kabul).await.body["side"], "sender");
        w.assert_hidden(&w.liaison, &to_moj).await;

        // The liaison acts on a provincial office's referral, for the ministry.
        let acknowledged = w.step(&w.liaison, &to_herat, "acknowledge").await;
        assert_eq!(timeline(&acknowledged)[1], entry("acknowledge", &w.liaison, None));
        // The Herat office sees only its own referral, not Kabul's nor the national one.
        assert_eq!(w.list(&w.herat, "").await, [to_herat]);
        assert_eq!(w.list(&w.kabul, "").await, [from_kabul]);
    }

    async fn a_partner_focal_point_sees_only_referrals_to_their_own_ministry(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let to_moj = w.refer(&w.a, &case, "MOJ", json!({"send": true})).await;
        let to_molsa = w.refer(&w.a, &case, "MOLSA", json!({"send": true})).await;
        let to_herat = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        let draft_to_moj = w.refer(&w.a, &case, "MOJ", json!({})).await;

        assert_eq!(w.list(&w.moj, "").await, [to_moj.as_str()]);
        assert_eq!(w.list(&w.moj, "box=inbox").await, [to_moj.as_str()]);
        assert!(w.list(&w.moj, "box=outbox").await.is_empty());
        for hidden in [&to_molsa, &to_herat, &draft_to_moj] {
            w.assert_hidden(&w.moj, hidden).await;
        }
        assert_eq!(w.list(&w.molsa, "").await, [to_molsa.as_str()]);

        let acknowledged = w.step(&w.moj, &to_moj, "acknowledge").await;
        assert_eq!(acknowledged["status"], "acknowledged");
        let refused = w.act(&w.moj, &to_molsa, "acknowledge", None).await;
        assert_refused(&refused, 404, "not_found");
    }

    async fn a_caseworker_sees_referrals_from_their_own_cases_and_every_referral_iom_receives(db: TestDb) {
        let w = World::new(&db).await;
        let a_case = w.case(&w.a).await;
        let b_case = w.case(&w.b).await;
        let from_a = w.refer(&w.a, &a_case, "MOJ", json!({"send": true})).await;
        let from_b = w.refer(&w.b, &b_case, "MOJ", json!({"send": true})).await;
        let inbound = w.inbound(&w.herat, json!({})).await;

        assert_eq!(w.list(&w.a, "box=outbox").await, [from_a.as_str()]);
        assert_eq!(w.list(&w.a, "box=inbox").await, [inbound.as_str()]);
        assert_eq!(w.list(&w.b, "box=outbox").await, [from_b.as_str()]);
        assert_eq!(w.list(&w.b, "box=inbox").await, [inbound.as_str()]);
        assert_eq!(w.list(&w.b, "").await, [from_b.as_str(), inbound.as_str()]);
        w.assert_hidden(&w.b, &from_a).await;
        w.assert_hidden(&w.a, &from_b).await;
        let refused = w.act(&w.b, &from_a, "withdraw", None).await;
        assert_refused(&refused, 404, "not_found");

        // Any IOM caseworker acts on what IOM receives, and sees the person it discloses.
        let read = w.read(&w.b, &inbound).await;
        assert_eq!(read.status, 200, "{}", read.body);
        assert_eq!(read.body["side"], "receiver");
        assert_eq!(read.body["subject"]["person"]["given_name"], "Maryam");
        let acknowledged = w.step(&w.b, &inbound, "acknowledge").await;
        assert_eq!(timeline(&acknowledged)[1], entry("acknowledge", &w.b, None));
    }

    async fn a_case_manager_sees_every_referral_iom_sends_or_receives(db: TestDb) {
        let w = World::new(&db).await;
        let a_case = w.case(&w.a).await;
        let b_case = w.case(&w.b).await;
        let from_a = w.refer(&w.a, &a_case, "MOJ", json!({"send": true})).await;
        let from_b = w.refer(&w.b, &b_case, "MOI-HER", json!({"send": true})).await;
        let draft = w.refer(&w.a, &a_case, "MOLSA", json!({})).await;
        let inbound = w.inbound(&w.kabul, json!({})).await;

        assert_eq!(w.list(&w.manager, "box=outbox").await, [from_a.as_str(), from_b.as_str(), draft.as_str()]);
        assert_eq!(w.list(&w.manager, "box=inbox").await, [inbound.as_str()]);
        assert_eq!(w.list(&w.manager, "").await, [from_a.as_str(), from_b.as_str(), draft.as_str(), inbound.as_str()]);
        let read = w.read(&w.manager, &from_a).await;
        assert_eq!(read.status, 200, "{}", read.body);
        assert_eq!(read.body["case_id"], a_case.as_str());

        // The case manager acts for IOM on a caseworker's referral.
        let withdrawn = w.step(&w.manager, &from_a, "withdraw").await;
        assert_eq!(withdrawn["status"], "withdrawn");
        assert_eq!(timeline(&withdrawn)[1], entry("withdraw", &w.manager, None));
    }

    async fn a_caseworker_cannot_refer_a_case_assigned_to_someone_else(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let refused = w.create(&w.b, &w.referral_body(&case, "MOJ", json!({}))).await;
        assert_refused(&refused, 404, "not_found");
        let unknown = w.create(&w.a, &w.referral_body(&Uuid::now_v7().to_string(), "MOJ", json!({}))).await;
        assert_refused(&unknown, 404, "not_found");
        assert!(w.list(&w.manager, "").await.is_empty(), "nothing was created");

        let by_owner = w.create(&w.a, &w.referral_body(&case, "MOJ", json!({}))).await;
        assert_eq!(by_owner.status, 201, "{}", by_owner.body);
        let by_manager = w.create(&w.manager, &w.referral_body(&case, "MOJ", json!({}))).await;
        assert_eq!(by_manager.status, 201, "{}", by_manager.body);
    }

    async fn ministry_staff_refer_a_new_person_and_only_to_iom(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        for ministry in [&w.herat, &w.liaison] {
            let from_case = w.create(ministry, &w.referral_body(&case, "IOM-AF", json!({}))).await;
            assert_invalid(&from_case, &["case_id"]);
            for to in ["MOJ", "MOI-KAB", "MOLSA"] {
                if w.org(to) == ministry.org {
                    continue;
                }
                let elsewhere = w.create(ministry, &w.subject_body(json!({"to_organization_id": w.org(to)}))).await;
                assert_invalid(&elsewhere, &["to_organization_id"]);
            }
        }
        // IOM staff refer from a case; a ministry receiving a person inline is refused too.
        let by_iom = w.create(&w.a, &w.subject_body(json!({"to_organization_id": w.org("MOI-HER")}))).await;
        assert_invalid(&by_iom, &["to_organization_id", "subject"]);
        assert!(w.list(&w.manager, "").await.is_empty(), "nothing was created");

        let created = w.create(&w.herat, &w.subject_body(json!({}))).await;
        assert_eq!(created.status, 201, "{}", created.body);
        assert_eq!(created.body["status"], "sent");
        assert_eq!(created.body["from_organization_id"], w.org("MOI-HER"));
        assert_eq!(created.body["to_organization_id"], w.org("IOM-AF"));
        assert_eq!(created.body["case_id"], Value::Null);
        assert_eq!(created.body["consent_given_on"], "2026-11-01");
        assert_eq!(created.body["subject"]["case_number"], Value::Null);
        assert_eq!(created.body["subject"]["person"]["given_name"], "Maryam");
        assert_eq!(timeline(&created.body), json!([entry("send", &w.herat, None)]));
    }

    async fn a_partner_focal_point_cannot_create_a_referral(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        for body in [w.subject_body(json!({})), w.referral_body(&case, "IOM-AF", json!({}))] {
            let refused = w.create(&w.moj, &body).await;
            assert_refused(&refused, 403, "forbidden");
        }
        assert!(w.list(&w.manager, "").await.is_empty());
    }

    async fn nobody_refers_to_their_own_organisation_or_to_a_donor(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        for to in ["IOM-AF", "DONOR-US", "DONOR-IT"] {
            let refused = w.create(&w.a, &w.referral_body(&case, to, json!({}))).await;
            assert_invalid(&refused, &["to_organization_id"]);
        }
        let own = w.create(&w.herat, &w.subject_body(json!({"to_organization_id": w.org("MOI-HER")}))).await;
        assert_invalid(&own, &["to_organization_id"]);
        let nowhere = w.create(&w.a, &with(w.referral_body(&case, "MOJ", json!({})),
            json!({"to_organization_id": Uuid::now_v7()}))).await;
        assert_invalid(&nowhere, &["to_organization_id"]);
        assert!(w.list(&w.manager, "").await.is_empty(), "nothing was created");
    }

    async fn a_referral_names_exactly_one_of_case_id_and_subject(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let both = with(w.subject_body(json!({})), json!({"case_id": case}));
        let mut to_iom = w.referral_body(&case, "IOM-AF", json!({}));
        to_iom.as_object_mut().unwrap().remove("case_id");
        let mut to_moj = w.referral_body(&case, "MOJ", json!({}));
        to_moj.as_object_mut().unwrap().remove("case_id");
        for (who, body) in [(&w.herat, &both), (&w.herat, &to_iom), (&w.a, &to_moj)] {
            let refused = w.create(who, body).await;
            assert_invalid(&refused, &["case_id"]);
        }
        assert!(w.list(&w.manager, "").await.is_empty(), "nothing was created");
    }

    async fn unknown_fields_and_values_are_refused(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let refused = w.create(&w.a, &w.referral_body(&case, "MOJ", json!({"status": "accepted"}))).await;
        assert_invalid(&refused, &["status"]);
        let mut nickname = w.subject_body(json!({}));
        nickname["subject"]["person"]["nickname"] = json!("Mimi");
        let refused = w.create(&w.herat, &nickname).await;
        assert_invalid(&refused, &["subject.person.nickname"]);
        let refused = w.create(&w.a, &w.referral_body(&case, "MOJ", json!({"purpose": "revenge"}))).await;
        assert_invalid(&refused, &["purpose"]);
        let refused = w.create(&w.a, &w.referral_body(&case, "MOJ", json!({"urgency": "yesterday"}))).await;
        assert_invalid(&refused, &["urgency"]);
        assert!(w.list(&w.manager, "").await.is_empty(), "nothing was created");

        let id = w.refer(&w.a, &case, "MOJ", json!({})).await;
        let path = format!("/api/v1/referrals/{id}/transitions");
        let refused = w.post(&w.a, &path, &json!({"action": "send", "actor_id": w.b.id})).await;
        assert_invalid(&refused, &["actor_id"]);
        let refused = w.post(&w.a, &path, &json!({"action": "archive"})).await;
        assert_invalid(&refused, &["action"]);
        let refused = w.post(&w.a, &path, &json!({"action": "send", "to_organization_id": w.org("MOI-HER")})).await;
        assert_invalid(&refused, &["to_organization_id"]);
        assert_eq!(w.read(&w.a, &id).await.body["status"], "draft");
    }

    async fn a_due_date_in_the_past_or_a_message_over_4000_characters_is_refused(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let past = w.create(&w.a, &w.referral_body(&case, "MOJ", json!({"due_date": day(-1)}))).await;
        assert_invalid(&past, &["due_date"]);
        let long = w.create(&w.a, &w.referral_body(&case, "MOJ", json!({"message": "x".repeat(4001)}))).await;
        assert_invalid(&long, &["message"]);
        let ministry_past = w.create(&w.herat, &w.subject_body(json!({"due_date": "2026-01-01"}))).await;
        assert_invalid(&ministry_past, &["due_date"]);
        assert!(w.list(&w.manager, "").await.is_empty(), "nothing was created");

        // Today is not past, and the limit counts characters, not bytes.
        let today = w.create(&w.a, &w.referral_body(&case, "MOJ", json!({"due_date": day(0)}))).await;
        assert_eq!(today.status, 201, "{}", today.body);
        assert_eq!(today.body["due_date"], day(0));
        let dari = "ز".repeat(4000);
        let longest = w.create(&w.a, &w.referral_body(&case, "MOJ", json!({"message": dari}))).await;
        assert_eq!(longest.status, 201, "{}", longest.body);
        assert_eq!(longest.body["message"], dari.as_str());

        // A transition's comment is bounded too.
        let id = today.body["id"].as_str().unwrap();
        let wordy = w.act(&w.a, id, "send", Some(&"y".repeat(2001))).await;
        assert_invalid(&wordy, &["comment"]);
        assert_eq!(w.read(&w.a, id).await.body["status"], "draft");
    }

    async fn an_identity_disclosure_from_a_case_needs_a_data_sharing_consent_covering_the_receiver(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        // For protection: an investigation would need a law-enforcement consent too.
        let identity = json!({"disclosure": "identity", "send": true, "purpose": "protection"});
        let refused = w.create(&w.a, &w.referral_body(&case, "MOI-HER", identity.clone())).await;
        assert_refused(&refused, 422, "consent_required");

        // The person is a child: her mother consents for her.
        let consent = w.post(&w.a, &format!("/api/v1/cases/{case}/consents"), &json!({
            "kind": "data_sharing", "given_on": "2026-11-20", "organization_kinds": ["moi_provincial"],
            "given_by": "parent_or_guardian", "guardian_relation": "mother",
        })).await;
        assert_eq!(consent.status, 201, "{}", consent.body);
        let not_covered = w.create(&w.a, &w.referral_body(&case, "MOJ", identity.clone())).await;
        assert_refused(&not_covered, 422, "consent_required");
        let id = w.refer(&w.a, &case, "MOI-HER", identity).await;
        let read = w.read(&w.herat, &id).await;
        assert_eq!(read.status, 200, "{}", read.body);
        assert_eq!(read.body["disclosure"], "identity");
        assert_eq!(read.body["subject"]["person"]["given_name"], "Zahra");
        // Lists never carry the person.
        let page = w.page(&w.herat, "box=inbox").await;
        assert!(page["items"][0]["subject"].get("person").is_none(), "{page}");
        assert!(page["items"][0].get("message").is_none(), "{page}");
    }

    async fn accepting_a_ministrys_referral_opens_a_case_assigned_to_the_accepting_caseworker(db: TestDb) {
        let w = World::new(&db).await;
        let id = w.inbound(&w.herat, json!({"message": "Found at the border crossing"})).await;
        w.step(&w.b, &id, "acknowledge").await;
        let accepted = w.step(&w.b, &id, "accept").await;
        assert_eq!(accepted["status"], "accepted");
        let case = accepted["case_id"].as_str().unwrap_or_else(|| panic!("no case: {accepted}"));
        let case_number = accepted["subject"]["case_number"].as_str().unwrap();
        assert!(case_number.starts_with("AF-HER-2026-"), "{case_number}");

        let opened = w.get(&w.b, &format!("/api/v1/cases/{case}")).await;
        assert_eq!(opened.status, 200, "{}", opened.body);
        assert_eq!(opened.body["assigned_to"], w.b.id.as_str());
        assert_eq!(opened.body["person"]["given_name"], "Maryam");
        let consents = w.get(&w.b, &format!("/api/v1/cases/{case}/consents")).await;
        let kinds: BTreeSet<&str> = consents.body["items"].as_array().unwrap().iter()
            .map(|c| c["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, BTreeSet::from(["assistance", "data_sharing"]));

        // The ministry sees the case number but never IOM's case id.
        let sender = w.read(&w.herat, &id).await;
        assert_eq!(sender.body["case_id"], Value::Null);
        assert_eq!(sender.body["subject"]["case_number"], case_number);
        let completed = w.step(&w.b, &id, "complete").await;
        assert_eq!(completed["status"], "completed");
    }

    async fn a_case_manager_accepting_a_ministrys_referral_leaves_the_new_case_unassigned(db: TestDb) {
        let w = World::new(&db).await;
        let id = w.inbound(&w.kabul, json!({})).await;
        w.step(&w.manager, &id, "acknowledge").await;
        let accepted = w.step(&w.manager, &id, "accept").await;
        let case = accepted["case_id"].as_str().unwrap_or_else(|| panic!("no case: {accepted}"));
        let opened = w.get(&w.manager, &format!("/api/v1/cases/{case}")).await;
        assert_eq!(opened.status, 200, "{}", opened.body);
        assert_eq!(opened.body["assigned_to"], Value::Null);
        assert_eq!(opened.body["province"], "AF-KAB");
        // No caseworker holds it yet, so none reads it.
        let by_caseworker = w.get(&w.a, &format!("/api/v1/cases/{case}")).await;
        assert_refused(&by_caseworker, 404, "not_found");
    }

    async fn an_identity_referral_from_a_ministry_needs_the_date_of_consent_and_an_anonymised_one_opens_no_case(db: TestDb) {
        let w = World::new(&db).await;
        let mut no_consent = w.subject_body(json!({}));
        no_consent["subject"].as_object_mut().unwrap().remove("consent_given_on");
        let refused = w.create(&w.herat, &no_consent).await;
        assert_refused(&refused, 422, "consent_required");
        assert_eq!(fields(&refused.body), ["subject.consent_given_on"]);
        assert!(w.list(&w.herat, "").await.is_empty(), "nothing was created");

        let anonymised = w.create(&w.herat, &with(no_consent, json!({"disclosure": "anonymised"}))).await;
        assert_eq!(anonymised.status, 201, "{}", anonymised.body);
        let id = anonymised.body["id"].as_str().unwrap();
        let received = w.read(&w.a, id).await;
        assert_eq!(received.body["disclosure"], "anonymised");
        assert!(received.body["subject"].get("person").is_none(), "{}", received.body);
        w.step(&w.a, id, "acknowledge").await;
        let accepted = w.step(&w.a, id, "accept").await;
        assert_eq!(accepted["status"], "accepted");
        assert_eq!(accepted["case_id"], Value::Null, "IOM does not know who it is");
        assert_eq!(w.step(&w.a, id, "complete").await["status"], "completed");
    }

    async fn the_inbox_and_outbox_filter_by_status_purpose_and_province(db: TestDb) {
        let w = World::new(&db).await;
        let herat_case = w.case_in(&w.a, "AF-HER").await;
        let kabul_case = w.case_in(&w.a, "AF-KAB").await;
        let r1 = w.refer(&w.a, &herat_case, "MOI-HER", json!({"send": true})).await;
        let r2 = w.refer(&w.a, &kabul_case, "MOI-KAB", json!({"purpose": "protection", "send": true})).await;
        w.step(&w.kabul, &r2, "acknowledge").await;
        let r3 = w.refer(&w.a, &herat_case, "MOI", json!({"purpose": "prosecution"})).await;
        let mut kabul_subject = w.subject_body(json!({}));
        kabul_subject["subject"]["province"] = json!("AF-KAB");
        let created = w.create(&w.kabul, &kabul_subject).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let r4 = created.body["id"].as_str().unwrap().to_owned();

        let m = &w.manager;
        assert_eq!(w.list(m, "box=outbox").await, [r1.as_str(), r2.as_str(), r3.as_str()]);
        assert_eq!(w.list(m, "box=inbox").await, [r4.as_str()]);
        assert_eq!(w.list(m, "box=outbox&status=sent").await, [r1.as_str()]);
        assert_eq!(w.list(m, "status=sent").await, [r1.as_str(), r4.as_str()]);
        assert_eq!(w.list(m, "box=outbox&status=acknowledged").await, [r2.as_str()]);
        assert_eq!(w.list(m, "box=outbox&status=draft").await, [r3.as_str()]);
        assert!(w.list(m, "status=declined").await.is_empty());
        assert_eq!(w.list(m, "purpose=protection").await, [r2.as_str()]);
        assert_eq!(w.list(m, "box=inbox&purpose=assistance").await, [r4.as_str()]);
        assert!(w.list(m, "box=outbox&purpose=assistance").await.is_empty());
        assert_eq!(w.list(m, "province=AF-KAB").await, [r2.as_str(), r4.as_str()]);
        assert_eq!(w.list(m, "box=outbox&province=AF-HER").await, [r1.as_str(), r3.as_str()]);
        assert_eq!(w.list(m, "box=outbox&province=AF-HER&status=draft&purpose=prosecution").await, [r3.as_str()]);
        assert!(w.list(m, "province=AF-BAL").await.is_empty());

        let l = &w.liaison;
        assert_eq!(w.list(l, "box=inbox").await, [r1.as_str(), r2.as_str()], "the draft to MOI is not in it");
        assert_eq!(w.list(l, "box=inbox&province=AF-KAB").await, [r2.as_str()]);
        assert_eq!(w.list(l, "box=inbox&status=sent").await, [r1.as_str()]);
        assert_eq!(w.list(l, "box=outbox").await, [r4.as_str()]);
        assert!(w.list(l, "status=draft").await.is_empty());

        // List items carry no message and no person, and say which side the caller is on.
        let page = w.page(m, "box=inbox").await;
        let item = &page["items"][0];
        assert_eq!(item["side"], "receiver");
        assert_eq!(item["subject"]["province"], "AF-KAB");
        assert!(item.get("message").is_none() && item.get("timeline").is_none(), "{item}");
        assert!(item["subject"].get("person").is_none(), "{item}");
        assert_eq!(page["next_cursor"], Value::Null);
    }

    async fn overdue_means_past_the_due_date_while_sent_or_acknowledged(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let due = json!({"due_date": day(10), "send": true});
        let sent_late = w.refer(&w.a, &case, "MOJ", due.clone()).await;
        let acknowledged_late = w.refer(&w.a, &case, "MOJ", due.clone()).await;
        w.step(&w.moj, &acknowledged_late, "acknowledge").await;
        let accepted_late = w.refer(&w.a, &case, "MOJ", due.clone()).await;
        w.step(&w.moj, &accepted_late, "acknowledge").await;
        w.step(&w.moj, &accepted_late, "accept").await;
        let declined_late = w.refer(&w.a, &case, "MOJ", due.clone()).await;
        w.step(&w.moj, &declined_late, "acknowledge").await;
        w.step(&w.moj, &declined_late, "decline").await;
        let draft_late = w.refer(&w.a, &case, "MOJ", json!({"due_date": day(10)})).await;
        let due_today = w.refer(&w.a, &case, "MOJ", due.clone()).await;
        let due_later = w.refer(&w.a, &case, "MOJ", due).await;
        let undated = w.refer(&w.a, &case, "MOJ", json!({"send": true})).await;
        for id in [&sent_late, &acknowledged_late, &accepted_late, &declined_late, &draft_late] {
            set_due_date(&db, id, "2020-01-01").await;
        }
        set_due_date(&db, &due_today, &day(0)).await;

        let overdue = [sent_late.clone(), acknowledged_late.clone()];
        assert_eq!(w.list(&w.manager, "overdue=true").await, overdue);
        assert_eq!(w.list(&w.a, "box=outbox&overdue=true").await, overdue);
        assert_eq!(w.list(&w.moj, "box=inbox&overdue=true").await, overdue);
        assert_eq!(w.list(&w.moj, "box=inbox&overdue=true&status=acknowledged").await, [acknowledged_late.as_str()]);
        assert!(w.list(&w.moj, "box=outbox&overdue=true").await.is_empty());
        // `overdue=false` lists exactly the others.
        let mut others = w.list(&w.manager, "overdue=false").await;
        others.sort();
        let mut expected: Vec<String> = [&accepted_late, &declined_late, &draft_late, &due_today, &due_later, &undated]
            .into_iter().cloned().collect();
        expected.sort();
        assert_eq!(others, expected);

        // Each item says whether it is overdue; so does the full view.
        let page = w.page(&w.manager, "limit=200").await;
        let flags: HashMap<&str, bool> = page["items"].as_array().unwrap().iter()
            .map(|i| (i["id"].as_str().unwrap(), i["overdue"].as_bool().unwrap())).collect();
        assert_eq!(flags.len(), 8);
        for id in [&accepted_late, &declined_late, &draft_late, &due_today, &due_later, &undated] {
            assert!(!flags[id.as_str()], "{id} is not overdue");
        }
        assert!(flags[sent_late.as_str()] && flags[acknowledged_late.as_str()]);
        let read = w.read(&w.moj, &sent_late).await;
        assert_eq!(read.body["overdue"], true);
        assert_eq!(read.body["due_date"], "2020-01-01");

        // Once the receiver decides, it is no longer overdue.
        w.step(&w.moj, &acknowledged_late, "accept").await;
        assert_eq!(w.list(&w.manager, "overdue=true").await, [sent_late.as_str()]);
        assert_eq!(w.read(&w.a, &acknowledged_late).await.body["overdue"], false);
    }

    async fn lists_put_urgent_first_then_the_nearest_due_date_with_undated_last_then_by_id(db: TestDb) {
        let w = World::new(&db).await;
        let expected = sortable_referrals(&w).await;
        assert_eq!(w.list(&w.manager, "").await, expected);
        assert_eq!(w.list(&w.manager, "box=outbox").await, expected);
        assert_eq!(w.list(&w.moj, "box=inbox").await, expected);
    }

    async fn pages_of_two_show_every_referral_exactly_once_in_order(db: TestDb) {
        let w = World::new(&db).await;
        let expected = sortable_referrals(&w).await;
        for (who, query) in [(&w.manager, "limit=2"), (&w.moj, "box=inbox&status=sent&limit=2")] {
            let mut seen = Vec::new();
            let mut pages = 0;
            let mut path = query.to_owned();
            loop {
                let page = w.page(who, &path).await;
                pages += 1;
                let items = ids(&page);
                match page["next_cursor"].as_str() {
                    Some(cursor) => {
                        assert_eq!(items.len(), 2, "a full page before the last");
                        path = format!("{query}&cursor={cursor}");
                    }
                    None => {
                        assert_eq!(items.len(), 1, "nine referrals: the last page has one");
                        seen.extend(items);
                        break;
                    }
                }
                seen.extend(items);
            }
            assert_eq!(pages, 5, "{query}");
            assert_eq!(seen, expected, "{query}");
            let unique: BTreeSet<&String> = seen.iter().collect();
            assert_eq!(unique.len(), seen.len(), "no duplicates");
        }
        // A page that holds the whole list has no next cursor.
        let first = w.page(&w.manager, "limit=9").await;
        assert_eq!(ids(&first), expected);
        assert_eq!(first["next_cursor"], Value::Null);
    }

    async fn a_bad_cursor_or_an_unknown_query_parameter_is_refused(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        w.refer(&w.a, &case, "MOJ", json!({"send": true})).await;
        let cursors = [
            "!!not-base64!!",
            // "hello"
            "aGVsbG8",
            // "soon - 0190d5a0-0000-7000-8000-000000000000"
            "c29vbiAtIDAxOTBkNWEwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMA",
            // "normal 2026-02-30 0190d5a0-0000-7000-8000-000000000000"
            "bm9ybWFsIDIwMjYtMDItMzAgMDE5MGQ1YTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAw",
            // "normal - not-a-uuid"
            "bm9ybWFsIC0gbm90LWEtdXVpZA",
            // "normal - 0190d5a0-0000-7000-8000-000000000000 extra"
            "bm9ybWFsIC0gMDE5MGQ1YTAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAwIGV4dHJh",
        ];
        for cursor in cursors {
            let refused = w.get(&w.manager, &format!("/api/v1/referrals?cursor={cursor}")).await;
            assert_invalid(&refused, &["cursor"]);
        }
        // Each refusal names the parameter, never echoing the value sent.
        for (query, field) in [
            ("colour=red", "colour"),
            ("box=sideways", "box"),
            ("status=lost", "status"),
            ("purpose=revenge", "purpose"),
            ("province=AF-XXX", "province"),
            ("overdue=maybe", "overdue"),
            ("case_id=1", "case_id"),
        ] {
            let refused = w.get(&w.manager, &format!("/api/v1/referrals?{query}")).await;
            assert_invalid(&refused, &[field]);
            let value = query.split('=').nth(1).unwrap();
            let text = refused.body.to_string();
            assert!(!text.contains(value), "{query} echoed: {text}");
        }
        for limit in ["0", "201"] {
            let refused = w.get(&w.manager, &format!("/api/v1/referrals?limit={limit}")).await;
            assert_invalid(&refused, &["limit"]);
        }
        assert_eq!(w.list(&w.manager, "limit=200").await.len(), 1);
    }
}

on_both_backends! {
    async fn a_provincial_office_refers_only_people_identified_in_its_own_province(db: TestDb) {
        let w = World::new(&db).await;
        let in_kabul = |w: &World| w.subject_body(json!({"subject": {
            "category": "presumed_victim", "province": "AF-KAB", "identified_on": "2026-11-01",
            "person": { "given_name": "Maryam", "sex": "female", "citizenship": "AF" },
            "consent_given_on": "2026-11-01",
        }}));
        assert_invalid(&w.create(&w.herat, &in_kabul(&w)).await, &["subject.province"]);
        assert!(w.list(&w.manager, "").await.is_empty(), "nothing was created");
        // Its own province's people, yes; and the national office refers anyone's.
        w.inbound(&w.herat, json!({})).await;
        let national = w.create(&w.liaison, &in_kabul(&w)).await;
        assert_eq!(national.status, 201, "{}", national.body);
    }
}

on_both_backends! {
    /// DOMAIN.md lets the sender withdraw a draft; a referral never sent must stay out of
    /// the receiver's sight afterwards too.
    async fn a_draft_withdrawn_before_it_was_sent_stays_hidden_from_the_receiver(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let id = w
            .refer(
                &w.a,
                &case,
                "MOI-HER",
                json!({"message": "Second thoughts"}),
            )
            .await;
        let withdrawn = w.step(&w.a, &id, "withdraw").await;
        assert_eq!(withdrawn["status"], "withdrawn");
        assert_eq!(w.list(&w.a, "box=outbox").await, [id.as_str()]);
        // The receiving office never had it, so it must not appear now.
        w.assert_hidden(&w.herat, &id).await;
        w.assert_hidden(&w.liaison, &id).await;
    }
}

/// Nine referrals from one case to MOJ, all sent, in an order that the sort must change;
/// returns their ids in the order lists show them: urgent before normal, then by due date
/// with undated last, then by id (creation order).
async fn sortable_referrals(w: &World) -> Vec<String> {
    let case = w.case(&w.a).await;
    let mut made = HashMap::new();
    for (name, urgency, due) in [
        ("normal undated 1", "normal", None),
        ("urgent in 20", "urgent", Some(20)),
        ("normal in 3", "normal", Some(3)),
        ("urgent undated", "urgent", None),
        ("normal in 10 a", "normal", Some(10)),
        ("urgent in 5", "urgent", Some(5)),
        ("normal in 10 b", "normal", Some(10)),
        ("normal undated 2", "normal", None),
        ("urgent in 5 b", "urgent", Some(5)),
    ] {
        let mut extra = json!({"urgency": urgency, "send": true});
        if let Some(days) = due {
            extra["due_date"] = json!(day(days));
        }
        made.insert(name, w.refer(&w.a, &case, "MOJ", extra).await);
    }
    [
        "urgent in 5",
        "urgent in 5 b",
        "urgent in 20",
        "urgent undated",
        "normal in 3",
        "normal in 10 a",
        "normal in 10 b",
        "normal undated 1",
        "normal undated 2",
    ]
    .iter()
    .map(|name| made[name].clone())
    .collect()
}

on_both_backends! {
    async fn the_national_liaison_forwards_a_referral_to_a_provincial_office_which_then_acts_on_it(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let id = w.refer(&w.a, &case, "MOI", json!({"send": true})).await;
        let forward = |to: Option<&str>| {
            let mut body = json!({ "action": "forward", "comment": "For the Herat office: the person is in Herat." });
            if let Some(to) = to {
                body["to_organization_id"] = json!(to);
            }
            body
        };
        let path = format!("/api/v1/referrals/{id}/transitions");
        // Only to a provincial office of the Ministry, and named.
        assert_invalid(&w.post(&w.liaison, &path, &forward(None)).await, &["to_organization_id"]);
        for not_an_office in ["MOJ", "MOI", "IOM-AF"] {
            let refused = w.post(&w.liaison, &path, &forward(Some(w.org(not_an_office)))).await;
            assert_invalid(&refused, &["to_organization_id"]);
        }
        // The sender does not forward; Herat does not see it yet.
        assert_refused(&w.post(&w.a, &path, &forward(Some(w.org("MOI-HER")))).await, 403, "wrong_party");
        assert_eq!(w.read(&w.herat, &id).await.status, 404);

        let forwarded = w.post(&w.liaison, &path, &forward(Some(w.org("MOI-HER")))).await;
        assert_eq!(forwarded.status, 200, "{}", forwarded.body);
        assert_eq!(forwarded.body["status"], "sent");
        assert_eq!(forwarded.body["to_organization_id"], w.org("MOI-HER"));
        let last = forwarded.body["timeline"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["action"], "forward");
        assert_eq!(last["actor_username"], "liaison.moi");
        assert_eq!(last["organization_code"], "MOI");
        assert_eq!(last["forwarded_to_organization_code"], "MOI-HER");
        assert_eq!(last["forwarded_to_organization_id"], w.org("MOI-HER"));
        let first = &forwarded.body["timeline"][0];
        assert_eq!((&first["action"], &first["actor_username"], &first["organization_code"]), (&json!("send"), &json!("worker.a"), &json!("IOM-AF")));

        // Herat now receives it and works on it; Kabul still sees nothing.
        assert_eq!(w.list(&w.herat, "box=inbox").await, [id.as_str()]);
        assert_eq!(w.read(&w.kabul, &id).await.status, 404);
        w.step(&w.herat, &id, "acknowledge").await;
        w.step(&w.herat, &id, "accept").await;
        assert_eq!(w.read(&w.a, &id).await.body["status"], "accepted");
        let audited = db.store.list_audit(&panah_persistence::AuditFilter { action: Some("referral.forward".into()), ..Default::default() }, 10).await.unwrap();
        assert_eq!(audited.len(), 1);

        // Only what the national office received is forwarded: not Herat's own inbox, not
        // what IOM receives.
        let to_herat = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        let refused = w.post(&w.herat, &format!("/api/v1/referrals/{to_herat}/transitions"), &forward(Some(w.org("MOI-KAB")))).await;
        assert_refused(&refused, 409, "invalid_transition");
        let inbound = w.inbound(&w.herat, json!({})).await;
        let refused = w.post(&w.a, &format!("/api/v1/referrals/{inbound}/transitions"), &forward(Some(w.org("MOI-HER")))).await;
        assert_refused(&refused, 409, "invalid_transition");
    }

    async fn forwarding_a_referral_that_discloses_the_person_needs_consent_for_the_office(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let consent = |kinds: Value| json!({
            "kind": "data_sharing", "given_on": "2026-11-20", "organization_kinds": kinds,
            "given_by": "parent_or_guardian", "guardian_relation": "father",
        });
        let recorded = w.post(&w.a, &format!("/api/v1/cases/{case}/consents"), &consent(json!(["moi_national"]))).await;
        assert_eq!(recorded.status, 201, "{}", recorded.body);
        let id = w.refer(&w.a, &case, "MOI", json!({"send": true, "disclosure": "identity", "purpose": "protection"})).await;
        let path = format!("/api/v1/referrals/{id}/transitions");
        let body = json!({ "action": "forward", "to_organization_id": w.org("MOI-HER") });
        let refused = w.post(&w.liaison, &path, &body).await;
        assert_refused(&refused, 422, "consent_required");
        assert_eq!(refused.body["missing_consents"], json!([{ "kind": "data_sharing", "organization_kinds": ["moi_provincial"] }]));
        assert_eq!(w.read(&w.herat, &id).await.status, 404, "a refusal changes nothing");

        let recorded = w.post(&w.a, &format!("/api/v1/cases/{case}/consents"), &consent(json!(["moi_provincial"]))).await;
        assert_eq!(recorded.status, 201, "{}", recorded.body);
        let forwarded = w.post(&w.liaison, &path, &body).await;
        assert_eq!(forwarded.status, 200, "{}", forwarded.body);
        let seen = w.read(&w.herat, &id).await;
        assert_eq!(seen.body["subject"]["person"]["given_name"], "Zahra");
        // The referral now relies on the consent covering the office: withdrawing it takes
        // the identity away.
        let consent_id = recorded.body["id"].as_str().unwrap();
        let withdrawn = w.post(&w.a, &format!("/api/v1/cases/{case}/consents/{consent_id}/withdraw"), &json!({})).await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
        assert!(w.read(&w.herat, &id).await.body["subject"].get("person").is_none());
    }

    async fn the_receiver_records_its_own_reference_which_the_sender_sees(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let id = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        let path = format!("/api/v1/referrals/{id}");
        let read = w.read(&w.herat, &id).await;
        assert_eq!(read.body["receiver_reference"], Value::Null);
        let etag = format!("\"{}\"", read.body["version"]);
        assert_eq!(read.etag.as_deref(), Some(etag.as_str()));
        let reference = json!({ "receiver_reference": "HER/1405/0231" });

        let missing = patch(&w.app, &w.herat.token, &path, None, &reference).await;
        assert_refused(&missing, 428, "precondition_required");
        let stale = patch(&w.app, &w.herat.token, &path, Some("\"99\""), &reference).await;
        assert_refused(&stale, 412, "version_mismatch");
        let sender = patch(&w.app, &w.a.token, &path, Some(&etag), &reference).await;
        assert_refused(&sender, 403, "wrong_party");
        let outsider = patch(&w.app, &w.kabul.token, &path, Some(&etag), &reference).await;
        assert_refused(&outsider, 404, "not_found");
        let long = patch(&w.app, &w.herat.token, &path, Some(&etag), &json!({ "receiver_reference": "x".repeat(65) })).await;
        assert_invalid(&long, &["receiver_reference"]);

        let recorded = patch(&w.app, &w.herat.token, &path, Some(&etag), &reference).await;
        assert_eq!(recorded.status, 200, "{}", recorded.body);
        assert_eq!(recorded.body["receiver_reference"], "HER/1405/0231");
        let sent = w.read(&w.a, &id).await;
        assert_eq!(sent.body["receiver_reference"], "HER/1405/0231");
        assert_eq!(w.page(&w.herat, "box=inbox").await["items"][0]["receiver_reference"], "HER/1405/0231");
        let removed = patch(&w.app, &w.herat.token, &path, recorded.etag.as_deref(), &json!({ "receiver_reference": null })).await;
        assert_eq!(removed.status, 200, "{}", removed.body);
        assert_eq!(removed.body["receiver_reference"], Value::Null);
    }

    async fn a_case_file_lists_its_referrals_and_the_list_filters_by_case_for_those_who_may_read_it(db: TestDb) {
        let w = World::new(&db).await;
        let case = w.case(&w.a).await;
        let other = w.case(&w.a).await;
        let first = w.refer(&w.a, &case, "MOI-HER", json!({"send": true})).await;
        let second = w.refer(&w.a, &case, "MOJ", json!({})).await;
        w.refer(&w.a, &other, "MOJ", json!({})).await;

        assert_eq!(w.list(&w.a, &format!("case_id={case}")).await, [first.clone(), second.clone()]);
        assert_eq!(w.list(&w.manager, &format!("case_id={case}")).await, [first.clone(), second.clone()]);
        // Whoever may not read the case learns nothing from the filter.
        assert!(w.list(&w.b, &format!("case_id={case}")).await.is_empty());
        assert!(w.list(&w.herat, &format!("case_id={case}")).await.is_empty());
        assert!(w.list(&w.a, &format!("case_id={}", Uuid::now_v7())).await.is_empty());

        let file = w.get(&w.a, &format!("/api/v1/cases/{case}")).await;
        assert_eq!(file.status, 200, "{}", file.body);
        let listed: Vec<&str> = file.body["referrals"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(listed, [second.as_str(), first.as_str()], "newest first");
        assert_eq!(file.body["referrals"][1]["status"], "sent");
        assert!(file.body["referrals"][0].get("message").is_none());
        assert_eq!(file.body["returns"], json!([]));
    }
}

on_both_backends! {
    async fn an_ngo_receives_only_what_a_consent_naming_ngos_covers_and_nothing_for_law_enforcement(db: TestDb) {
        let mut w = World::new(&db).await;
        // The admin adds an NGO as a partner organisation.
        db.create_user("admin.iom", "IOM-AF", &[Role::Admin]).await;
        let admin = Actor {
            id: String::new(),
            token: w.app.token("admin.iom", PASSWORD).await,
            org: w.org("IOM-AF").to_owned(),
        };
        let added = w.post(&admin, "/api/v1/organizations", &json!({
            "code": "NGO-SHELTER", "name": "Women's shelter Herat", "kind": "ngo",
        })).await;
        assert_eq!(added.status, 201, "{}", added.body);
        assert_eq!(added.body["kind"], "ngo");
        w.orgs.insert("NGO-SHELTER".into(), added.body["id"].as_str().unwrap().to_owned());
        // No staff role fits an NGO: nobody there signs in to the system.
        let staff = w.post(&admin, "/api/v1/users", &json!({
            "username": "ngo.staff", "display_name": "NGO staff",
            "organization_id": w.org("NGO-SHELTER"), "roles": ["partner_focal_point"],
            "password": "a long and unusual passphrase 41",
        })).await;
        assert_invalid(&staff, &["roles"]);

        let case = w.case(&w.a).await;
        let identity = json!({"disclosure": "identity", "send": true, "purpose": "protection"});
        // A consent to share with partner ministries (and every other kind) does not
        // cover an NGO: the refusal names the consent that would.
        let consent = w.post(&w.a, &format!("/api/v1/cases/{case}/consents"), &json!({
            "kind": "data_sharing", "given_on": "2026-11-20",
            "organization_kinds": ["partner_ministry", "moi_national", "moi_provincial", "foreign_state", "iom"],
            "given_by": "parent_or_guardian", "guardian_relation": "mother",
        })).await;
        assert_eq!(consent.status, 201, "{}", consent.body);
        let refused = w.create(&w.a, &w.referral_body(&case, "NGO-SHELTER", identity.clone())).await;
        assert_refused(&refused, 422, "consent_required");
        assert!(refused.body.to_string().contains("\"ngo\""), "{}", refused.body);
        // Anonymised, it goes.
        let anonymised = json!({"disclosure": "anonymised", "send": true, "purpose": "protection"});
        w.refer(&w.a, &case, "NGO-SHELTER", anonymised).await;
        // An NGO takes no referral for an investigation or a prosecution, anonymised or not.
        for purpose in ["investigation", "prosecution"] {
            let refused = w.create(&w.a, &w.referral_body(&case, "NGO-SHELTER",
                json!({"purpose": purpose}))).await;
            assert_invalid(&refused, &["to_organization_id"]);
            assert_eq!(
                refused.body["errors"][0]["message"],
                "an NGO takes no referral for an investigation or a prosecution"
            );
        }
        // With the person's consent naming NGOs, the identity goes.
        let consent = w.post(&w.a, &format!("/api/v1/cases/{case}/consents"), &json!({
            "kind": "data_sharing", "given_on": "2026-11-21", "organization_kinds": ["ngo"],
            "given_by": "parent_or_guardian", "guardian_relation": "mother",
        })).await;
        assert_eq!(consent.status, 201, "{}", consent.body);
        let id = w.refer(&w.a, &case, "NGO-SHELTER", identity).await;
        assert_eq!(w.read(&w.a, &id).await.body["disclosure"], "identity");
    }
}

on_both_backends! {
    async fn the_list_of_both_boxes_merges_sent_and_received_in_one_order_page_by_page(db: TestDb) {
        let w = World::new(&db).await;
        // Sent by IOM (to MOJ): nine referrals in a known order.
        let sent = sortable_referrals(&w).await;
        // Received by IOM (from the Herat office), made after them: on equal urgency and
        // due date they follow the sent ones, by id.
        let mut received = HashMap::new();
        for (name, urgency, due) in [
            ("urgent in 5", "urgent", Some(5)),
            ("normal undated", "normal", None),
            ("normal in 3", "normal", Some(3)),
            ("urgent undated", "urgent", None),
        ] {
            let mut extra = json!({"urgency": urgency});
            if let Some(days) = due {
                extra["due_date"] = json!(day(days));
            }
            received.insert(name, w.inbound(&w.herat, extra).await);
        }
        let expected = vec![
            sent[0].clone(),
            sent[1].clone(),
            received["urgent in 5"].clone(),
            sent[2].clone(),
            sent[3].clone(),
            received["urgent undated"].clone(),
            sent[4].clone(),
            received["normal in 3"].clone(),
            sent[5].clone(),
            sent[6].clone(),
            sent[7].clone(),
            sent[8].clone(),
            received["normal undated"].clone(),
        ];
        assert_eq!(w.list(&w.manager, "").await, expected);
        // Pages of two and of five cut the merged order anywhere, each side's included.
        assert_eq!(w.list(&w.manager, "limit=2").await, expected);
        assert_eq!(w.list(&w.manager, "limit=5").await, expected);
        // The boxes alone are each side in the same order.
        assert_eq!(w.list(&w.manager, "box=outbox").await, sent);
        let inbox: Vec<String> = expected.iter().filter(|id| !sent.contains(id)).cloned().collect();
        assert_eq!(w.list(&w.manager, "box=inbox").await, inbox);
        // A filter applies to both sides: the ministry referred for assistance, IOM for an
        // investigation.
        assert_eq!(w.list(&w.manager, "purpose=assistance&limit=3").await, inbox);
        assert_eq!(w.list(&w.manager, "purpose=investigation&limit=3").await, sent);
    }
}
