//! Referrals and the person's identity over HTTP on both backends: the consent gate on an
//! identity disclosure, the withdrawal cascade, ministry referrals that open IOM cases, what
//! each side sees (and never sees) in views, lists, refusals and logs, the audit trail,
//! encryption at rest and key rotation.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use panah_domain::{AuditEntry, Role};
use panah_persistence::{AuditFilter, FieldKeys, Store};
use panah_tests::{
    PASSWORD, Reply, TEST_BLIND_INDEX_KEY, TEST_DATA_KEY, TestApp, TestDb, TestUser, get, ids,
    on_both_backends, post, reply,
};
use serde_json::{Value, json};
use time::OffsetDateTime;

const REFERRALS: &str = "/api/v1/referrals";

// The person: Dari names as a Herat office would type them (Persian yeh and a zero-width
// non-joiner included, which must come back exactly), and values distinctive enough that
// finding one anywhere is a leak.
const GIVEN: &str = "فاطمه";
const FAMILY: &str = "رحیمی";
const FATHER: &str = "غلام\u{200c}حیدر";
const BORN: &str = "2008-04-17";
const PHONE: &str = "+93 79 246 8135";
const ADDRESS: &str = "Qala-e-Sentinel 7, Guzara";
const DOCUMENT: &str = "TZ-88412-SN";
/// What a search for the person must never find where it must not be.
const IDENTITY: &[&str] = &[
    GIVEN,
    FAMILY,
    FATHER,
    "حیدر",
    BORN,
    PHONE,
    "246 8135",
    ADDRESS,
    "Qala-e-Sentinel",
    DOCUMENT,
    "88412",
];
/// The sender's message, for the receiver's full view only.
const MESSAGE: &str = "Message-Sentinel-5521: she fears the recruiter's brother";
/// Identification and consent dates: in the past, after the date of birth.
const IDENTIFIED_ON: &str = "2025-11-02";
const CONSENT_ON: &str = "2025-11-03";

fn person() -> Value {
    json!({
        "given_name": GIVEN, "family_name": FAMILY, "fathers_name": FATHER, "sex": "female",
        "date_of_birth": BORN, "citizenship": "AF", "phone": PHONE, "address": ADDRESS,
        "document_number": DOCUMENT,
    })
}

/// The person as every view that discloses them shows them.
fn person_view() -> Value {
    let mut view = person();
    view["estimated_age"] = Value::Null;
    view["other_script_given_name"] = Value::Null;
    view["other_script_family_name"] = Value::Null;
    view
}

/// Asserts that `text` holds none of the person's identity values.
#[track_caller]
fn assert_no_identity(text: &str, what: &str) {
    let lower = text.to_lowercase();
    for value in IDENTITY {
        assert!(
            !lower.contains(&value.to_lowercase()),
            "{value:?} in {what}: {text}"
        );
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

/// Everyone a referral passes between, signed in, and the organisations' ids.
struct World {
    /// An IOM caseworker, who registers the cases.
    worker: TestUser,
    worker_token: String,
    /// Another IOM caseworker.
    colleague_token: String,
    /// An IOM case manager.
    manager: TestUser,
    manager_token: String,
    /// A provincial officer of MOI-HER.
    herat: TestUser,
    herat_token: String,
    /// A provincial officer of MOI-KAB.
    kabul_token: String,
    /// The MoI national liaison.
    liaison_token: String,
    /// The Ministry of Justice's focal point.
    moj_token: String,
    iom: String,
    moi: String,
    moi_her: String,
    moi_kab: String,
    moj: String,
}

async fn world(db: &TestDb, app: &TestApp) -> World {
    let worker = db
        .create_user("worker.a", "IOM-AF", &[Role::Caseworker])
        .await;
    let colleague = db
        .create_user("worker.b", "IOM-AF", &[Role::Caseworker])
        .await;
    let manager = db
        .create_user("manager", "IOM-AF", &[Role::CaseManager])
        .await;
    let herat = db
        .create_user("herat.officer", "MOI-HER", &[Role::ProvincialOfficer])
        .await;
    let kabul = db
        .create_user("kabul.officer", "MOI-KAB", &[Role::ProvincialOfficer])
        .await;
    let liaison = db
        .create_user("moi.liaison", "MOI", &[Role::MinistryLiaison])
        .await;
    let moj = db
        .create_user("moj.focal", "MOJ", &[Role::PartnerFocalPoint])
        .await;
    let organizations = db.store.list_organizations().await.unwrap();
    let org = |code: &str| {
        organizations
            .iter()
            .find(|o| o.code.as_str() == code)
            .unwrap_or_else(|| panic!("no organisation {code}"))
            .id
            .to_string()
    };
    World {
        worker_token: app.token(&worker.username, PASSWORD).await,
        colleague_token: app.token(&colleague.username, PASSWORD).await,
        manager_token: app.token(&manager.username, PASSWORD).await,
        herat_token: app.token(&herat.username, PASSWORD).await,
        kabul_token: app.token(&kabul.username, PASSWORD).await,
        liaison_token: app.token(&liaison.username, PASSWORD).await,
        moj_token: app.token(&moj.username, PASSWORD).await,
        worker,
        manager,
        herat,
        iom: org("IOM-AF"),
        moi: org("MOI"),
        moi_her: org("MOI-HER"),
        moi_kab: org("MOI-KAB"),
        moj: org("MOJ"),
    }
}

/// Registers a case of the person in Herat, assigned to the caller; returns its id.
async fn new_case(app: &TestApp, token: &str) -> String {
    let body = json!({
        "category": "victim_of_trafficking", "province": "AF-HER", "identified_on": IDENTIFIED_ON,
        "person": person(),
        "trafficking": { "exploitation_types": ["forced_labour"], "countries_of_exploitation": ["IR"] },
    });
    let created = post(app, token, "/api/v1/cases", &body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// Records a data_sharing consent covering `kinds` on the case, given by the girl's
/// mother (she is under 18); returns its id.
async fn consent(app: &TestApp, token: &str, case: &str, kinds: &[&str]) -> String {
    let recorded = post(
        app,
        token,
        &format!("/api/v1/cases/{case}/consents"),
        &json!({
            "kind": "data_sharing", "given_on": CONSENT_ON, "organization_kinds": kinds,
            "given_by": "parent_or_guardian", "guardian_relation": "mother", "method": "written",
        }),
    )
    .await;
    assert_eq!(recorded.status, 201, "{}", recorded.body);
    recorded.body["id"].as_str().unwrap().to_owned()
}

/// Withdraws a consent as of today.
async fn withdraw(app: &TestApp, token: &str, case: &str, consent: &str) {
    let withdrawn = post(
        app,
        token,
        &format!("/api/v1/cases/{case}/consents/{consent}/withdraw"),
        &json!({}),
    )
    .await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
    assert_eq!(
        withdrawn.body["withdrawn_on"],
        OffsetDateTime::now_utc().date().to_string()
    );
}

/// A referral of an IOM case to `to` for protection, sent at once. (An investigation or
/// a prosecution needs a further consent: see the tests of that rule.)
fn from_case(case: &str, to: &str, disclosure: &str) -> Value {
    json!({
        "case_id": case, "to_organization_id": to, "purpose": "protection",
        "disclosure": disclosure, "urgency": "urgent", "message": MESSAGE, "send": true,
    })
}

/// A Herat officer's referral of the person to IOM (`to`), sent at once.
fn from_ministry(to: &str, disclosure: &str, consent_given_on: Option<&str>) -> Value {
    let mut body = json!({
        "subject": {
            "category": "presumed_victim", "province": "AF-HER", "identified_on": IDENTIFIED_ON,
            "person": person(),
            "trafficking": { "exploitation_types": ["sexual_exploitation"], "countries_of_exploitation": ["IR"] },
        },
        "to_organization_id": to, "purpose": "assistance", "disclosure": disclosure,
        "message": MESSAGE, "send": true,
    });
    if let Some(given) = consent_given_on {
        body["subject"]["consent_given_on"] = json!(given);
        // The girl is under 18: her mother agreed for her.
        body["subject"]["consent_given_by"] = json!("parent_or_guardian");
        body["subject"]["consent_guardian_relation"] = json!("mother");
    }
    body
}

/// Creates a referral; panics unless it is 201. Returns its id and the creator's view.
async fn refer(app: &TestApp, token: &str, body: &Value) -> (String, Value) {
    let created = post(app, token, REFERRALS, body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    (
        created.body["id"].as_str().unwrap().to_owned(),
        created.body,
    )
}

/// `POST /api/v1/referrals` with an `Idempotency-Key`.
async fn post_with_key(app: &TestApp, token: &str, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(REFERRALS))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// `POST /api/v1/referrals/{id}/transitions`.
async fn act(app: &TestApp, token: &str, id: &str, action: &str, comment: Option<&str>) -> Reply {
    let mut body = json!({ "action": action });
    if let Some(comment) = comment {
        body["comment"] = json!(comment);
    }
    post(app, token, &format!("{REFERRALS}/{id}/transitions"), &body).await
}

/// A transition that must succeed; returns the referral as the actor sees it afterwards.
async fn act_ok(app: &TestApp, token: &str, id: &str, action: &str) -> Value {
    let reason = (action == "decline").then_some("Not within our mandate.");
    let done = act(app, token, id, action, reason).await;
    assert_eq!(done.status, 200, "{action}: {}", done.body);
    done.body
}

/// `GET /api/v1/referrals/{id}`, which must succeed.
async fn view(app: &TestApp, token: &str, id: &str) -> Reply {
    let seen = get(app, token, &format!("{REFERRALS}/{id}")).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    seen
}

/// The actions of a referral view's timeline, oldest first.
fn timeline(view: &Value) -> Vec<String> {
    view["timeline"]
        .as_array()
        .unwrap_or_else(|| panic!("no timeline in {view}"))
        .iter()
        .map(|entry| entry["action"].as_str().unwrap().to_owned())
        .collect()
}

/// Asserts a 422 `consent_required` naming `field`, that repeats no identity.
#[track_caller]
fn assert_consent_required(refused: &Reply, field: &str) {
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.body["code"], "consent_required", "{}", refused.body);
    assert_eq!(
        refused.body["errors"][0]["field"], field,
        "{}",
        refused.body
    );
    assert_no_identity(&refused.text, "a refusal");
}

/// Audit entries of `action` (about `target`, if given), oldest first.
async fn audited(db: &TestDb, action: &str, target: Option<&str>) -> Vec<AuditEntry> {
    let filter = AuditFilter {
        action: Some(action.into()),
        target_id: target.map(Into::into),
        ..Default::default()
    };
    let mut entries = db.store.list_audit(&filter, 10_000).await.unwrap();
    entries.reverse();
    entries
}

/// The `referral.*` actions audited about one referral, oldest first, reads of the
/// identity left out.
async fn referral_actions(db: &TestDb, id: &str) -> Vec<String> {
    let filter = AuditFilter {
        target_id: Some(id.into()),
        ..Default::default()
    };
    let mut entries = db.store.list_audit(&filter, 10_000).await.unwrap();
    entries.reverse();
    entries
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a != "referral.identity_read")
        .collect()
}

/// Every audit entry, as text.
async fn audit_text(db: &TestDb) -> String {
    format!(
        "{:?}",
        db.store
            .list_audit(&AuditFilter::default(), 100_000)
            .await
            .unwrap()
    )
}

#[track_caller]
fn assert_chain_verifies(verified: &panah_persistence::Verification) {
    assert!(verified.ok, "{verified:?}");
}

on_both_backends! {
    async fn an_identity_disclosure_needs_a_valid_data_sharing_consent_covering_the_receiver(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let case = new_case(&app, &w.worker_token).await;
        let to_herat = from_case(&case, &w.moi_her, "identity");

        // No consent at all: the refusal names the consent that would cover Herat.
        let refused = post(&app, &w.worker_token, REFERRALS, &to_herat).await;
        assert_consent_required(&refused, "disclosure");
        assert_eq!(
            refused.body["missing_consents"],
            json!([{ "kind": "data_sharing", "organization_kinds": ["moi_provincial"] }])
        );
        let message = refused.body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("data_sharing consent covering moi_provincial"), "{message}");
        // Consent to share with partner ministries only: Herat is a provincial MoI office.
        let partners = consent(&app, &w.worker_token, &case, &["partner_ministry"]).await;
        assert_consent_required(&post(&app, &w.worker_token, REFERRALS, &to_herat).await, "disclosure");
        // Consent to assistance is not consent to share.
        let assistance = post(&app, &w.worker_token, &format!("/api/v1/cases/{case}/consents"),
            &json!({ "kind": "assistance", "given_on": CONSENT_ON, "given_by": "parent_or_guardian", "guardian_relation": "father" })).await;
        assert_eq!(assistance.status, 201, "{}", assistance.body);
        assert_consent_required(&post(&app, &w.worker_token, REFERRALS, &to_herat).await, "disclosure");
        // Consent for provincial offices that the person withdrew.
        let withdrawn = consent(&app, &w.worker_token, &case, &["moi_provincial"]).await;
        withdraw(&app, &w.worker_token, &case, &withdrawn).await;
        assert_consent_required(&post(&app, &w.worker_token, REFERRALS, &to_herat).await, "disclosure");
        // The case manager is refused the same.
        assert_consent_required(&post(&app, &w.manager_token, REFERRALS, &to_herat).await, "disclosure");

        // Nothing was created: no referral on either side, no audit entry.
        for (token, query) in [(&w.worker_token, "?box=outbox"), (&w.manager_token, ""), (&w.herat_token, ""), (&w.liaison_token, "")] {
            let page = get(&app, token, &format!("{REFERRALS}{query}")).await;
            assert_eq!(page.status, 200, "{}", page.body);
            assert_eq!(page.body["items"], json!([]), "{query}");
        }
        assert!(audited(&db, "referral.create", None).await.is_empty());

        // An anonymised referral needs no consent.
        let (anonymised, created) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_her, "anonymised")).await;
        assert_eq!(created["disclosure"], "anonymised");
        assert_eq!(created["status"], "sent");
        let seen = view(&app, &w.herat_token, &anonymised).await;
        assert!(seen.body["subject"].get("person").is_none(), "{}", seen.body);
        assert_no_identity(&seen.text, "an anonymised referral");

        // A valid consent covering provincial offices lets the identity go to Herat.
        consent(&app, &w.worker_token, &case, &["moi_provincial"]).await;
        let (id, created) = refer(&app, &w.worker_token, &to_herat).await;
        assert_eq!(created["disclosure"], "identity");
        assert_eq!(created["status"], "sent");
        assert_eq!(created["case_id"], case.as_str(), "the sender holds the case");
        let seen = view(&app, &w.herat_token, &id).await;
        assert_eq!(seen.body["side"], "receiver");
        assert_eq!(seen.body["disclosure"], "identity");
        assert_eq!(seen.body["subject"]["person"], person_view());
        assert_eq!(seen.body["message"], MESSAGE);
        assert_eq!(seen.body["case_id"], Value::Null);

        // That consent names provincial offices, not MoI national; the partner consent
        // covers the Ministry of Justice.
        assert_consent_required(&post(&app, &w.worker_token, REFERRALS, &from_case(&case, &w.moi, "identity")).await, "disclosure");
        let (to_moj, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moj, "identity")).await;
        assert_eq!(view(&app, &w.moj_token, &to_moj).await.body["subject"]["person"], person_view());
        // Withdrawing the partner consent leaves Herat's referral alone.
        withdraw(&app, &w.worker_token, &case, &partners).await;
        assert_eq!(view(&app, &w.herat_token, &id).await.body["subject"]["person"], person_view());
        assert!(view(&app, &w.moj_token, &to_moj).await.body["subject"].get("person").is_none());

        let created: Vec<_> = audited(&db, "referral.create", None).await.into_iter().map(|e| e.target_id.unwrap()).collect();
        assert_eq!(created, [anonymised, id, to_moj]);
        assert_chain_verifies(&db.store.verify_audit().await.unwrap());
    }

    async fn an_identity_for_an_investigation_or_a_prosecution_also_needs_law_enforcement_contact(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let case = new_case(&app, &w.worker_token).await;
        let for_purpose = |to: &str, purpose: &str| {
            let mut body = from_case(&case, to, "identity");
            body["purpose"] = json!(purpose);
            body
        };
        // Nothing on record: both consents are named at once.
        let refused = post(&app, &w.worker_token, REFERRALS, &for_purpose(&w.moi_her, "investigation")).await;
        assert_consent_required(&refused, "disclosure");
        assert_eq!(
            refused.body["missing_consents"],
            json!([
                { "kind": "data_sharing", "organization_kinds": ["moi_provincial"] },
                { "kind": "law_enforcement_contact" },
            ])
        );
        // Sharing with Herat is not enough for an investigation, nor with MOJ for a
        // prosecution; it is for protection.
        consent(&app, &w.worker_token, &case, &["moi_provincial", "partner_ministry"]).await;
        for (to, purpose) in [(&w.moi_her, "investigation"), (&w.moj, "prosecution")] {
            let refused = post(&app, &w.worker_token, REFERRALS, &for_purpose(to, purpose)).await;
            assert_consent_required(&refused, "disclosure");
            assert_eq!(refused.body["missing_consents"], json!([{ "kind": "law_enforcement_contact" }]), "{purpose}");
        }
        refer(&app, &w.worker_token, &for_purpose(&w.moi_her, "protection")).await;
        // With the person's (here: her mother's) consent to contact law enforcement, both go.
        let contact = post(&app, &w.worker_token, &format!("/api/v1/cases/{case}/consents"),
            &json!({ "kind": "law_enforcement_contact", "given_on": CONSENT_ON, "given_by": "parent_or_guardian", "guardian_relation": "mother", "method": "verbal", "interpreter_used": true })).await;
        assert_eq!(contact.status, 201, "{}", contact.body);
        assert_eq!(contact.body["given_by"], "parent_or_guardian");
        assert_eq!(contact.body["guardian_relation"], "mother");
        assert_eq!(contact.body["method"], "verbal");
        assert_eq!(contact.body["interpreter_used"], true);
        let contact = contact.body["id"].as_str().unwrap().to_owned();
        let (investigation, _) = refer(&app, &w.worker_token, &for_purpose(&w.moi_her, "investigation")).await;
        let (prosecution, _) = refer(&app, &w.worker_token, &for_purpose(&w.moj, "prosecution")).await;
        assert_eq!(view(&app, &w.herat_token, &investigation).await.body["subject"]["person"], person_view());
        // Withdrawing the law-enforcement consent takes the identity from both, and only
        // from them.
        withdraw(&app, &w.worker_token, &case, &contact).await;
        for (token, id) in [(&w.herat_token, &investigation), (&w.moj_token, &prosecution)] {
            let seen = view(&app, token, id).await;
            assert_eq!(seen.body["disclosure"], "anonymised");
            assert!(seen.body["subject"].get("person").is_none());
        }
        let removed: Vec<_> = audited(&db, "referral.identity_removed", None).await.into_iter().map(|e| e.target_id.unwrap()).collect();
        assert_eq!(removed, [investigation, prosecution]);
    }

    async fn withdrawing_a_consent_removes_the_identity_from_every_referral_that_relied_on_it(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let case = new_case(&app, &w.worker_token).await;
        let ministry = consent(&app, &w.worker_token, &case, &["moi_national", "moi_provincial"]).await;
        let partners = consent(&app, &w.worker_token, &case, &["partner_ministry"]).await;

        let (to_herat, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_her, "identity")).await;
        let (to_moi, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moi, "identity")).await;
        let mut draft = from_case(&case, &w.moi_kab, "identity");
        draft["send"] = json!(false);
        let (drafted, _) = refer(&app, &w.worker_token, &draft).await;
        let (to_moj, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moj, "identity")).await;
        let (anonymised, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_kab, "anonymised")).await;
        for (token, id) in [(&w.herat_token, &to_herat), (&w.liaison_token, &to_moi), (&w.moj_token, &to_moj)] {
            assert_eq!(view(&app, token, id).await.body["subject"]["person"], person_view());
        }
        let anonymised_before = view(&app, &w.kabul_token, &anonymised).await.body;

        withdraw(&app, &w.worker_token, &case, &ministry).await;

        // The next read of each referral that relied on it shows no identity.
        for (token, id) in [(&w.herat_token, &to_herat), (&w.liaison_token, &to_moi)] {
            let seen = view(&app, token, id).await;
            assert_eq!(seen.body["disclosure"], "anonymised", "{}", seen.body);
            assert!(seen.body["subject"].get("person").is_none(), "{}", seen.body);
            assert_no_identity(&seen.text, "a referral after the consent was withdrawn");
            assert_eq!(timeline(&seen.body), ["send", "identity_removed"]);
            let removed = &seen.body["timeline"][1];
            assert_eq!(removed["actor_id"], w.worker.id.to_string());
            assert_eq!(removed["organization_id"], w.iom.as_str());
            assert_eq!(removed["comment"], Value::Null);
            // Its sender sees the same.
            let sent = view(&app, &w.worker_token, id).await;
            assert_eq!(sent.body["disclosure"], "anonymised");
            assert!(sent.body["subject"].get("person").is_none(), "{}", sent.body);
        }
        // The draft lost it too, before anyone received it.
        let sent = act_ok(&app, &w.worker_token, &drafted, "send").await;
        assert_eq!(sent["disclosure"], "anonymised");
        assert_eq!(timeline(&sent), ["identity_removed", "send"]);
        let seen = view(&app, &w.kabul_token, &drafted).await;
        assert!(seen.body["subject"].get("person").is_none(), "{}", seen.body);
        assert_no_identity(&seen.text, "a draft sent after the consent was withdrawn");
        // The referral under the other consent still discloses; the anonymised one is as it was.
        let seen = view(&app, &w.moj_token, &to_moj).await;
        assert_eq!(seen.body["disclosure"], "identity");
        assert_eq!(seen.body["subject"]["person"], person_view());
        assert_eq!(timeline(&seen.body), ["send"]);
        assert_eq!(view(&app, &w.kabul_token, &anonymised).await.body, anonymised_before);

        let removed: BTreeSet<String> = audited(&db, "referral.identity_removed", None).await
            .into_iter().map(|e| e.target_id.unwrap()).collect();
        assert_eq!(removed, BTreeSet::from([to_herat.clone(), to_moi.clone(), drafted.clone()]));
        for entry in audited(&db, "referral.identity_removed", None).await {
            assert_eq!(entry.actor_id, Some(w.worker.id));
            assert_eq!(entry.target_type.as_deref(), Some("referral"));
        }
        // Reading a referral that no longer discloses is not a read of the identity.
        let reads = audited(&db, "referral.identity_read", Some(&to_herat)).await.len();
        view(&app, &w.herat_token, &to_herat).await;
        assert_eq!(audited(&db, "referral.identity_read", Some(&to_herat)).await.len(), reads);

        // The other consent goes the same way; a second withdrawal changes nothing.
        withdraw(&app, &w.worker_token, &case, &partners).await;
        let seen = view(&app, &w.moj_token, &to_moj).await;
        assert_eq!(seen.body["disclosure"], "anonymised");
        assert_no_identity(&seen.text, "a referral after its consent was withdrawn");
        assert_eq!(timeline(&seen.body), ["send", "identity_removed"]);
        let again = post(&app, &w.worker_token, &format!("/api/v1/cases/{case}/consents/{ministry}/withdraw"), &json!({})).await;
        assert_eq!(again.status, 409, "{}", again.body);
        assert_eq!(audited(&db, "referral.identity_removed", None).await.len(), 4);
        assert_eq!(timeline(&view(&app, &w.herat_token, &to_herat).await.body), ["send", "identity_removed"]);
        assert_chain_verifies(&db.store.verify_audit().await.unwrap());
    }

    async fn a_ministry_referral_disclosing_identity_needs_the_date_the_person_agreed(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let refused = post(&app, &w.herat_token, REFERRALS, &from_ministry(&w.iom, "identity", None)).await;
        assert_consent_required(&refused, "subject.consent_given_on");
        let mut explicit_null = from_ministry(&w.iom, "identity", None);
        explicit_null["subject"]["consent_given_on"] = Value::Null;
        assert_consent_required(&post(&app, &w.liaison_token, REFERRALS, &explicit_null).await, "subject.consent_given_on");
        let tomorrow = OffsetDateTime::now_utc().date().next_day().unwrap().to_string();
        let future = post(&app, &w.herat_token, REFERRALS, &from_ministry(&w.iom, "identity", Some(&tomorrow))).await;
        assert_eq!(future.status, 422, "{}", future.body);
        assert_eq!(future.body["errors"][0]["field"], "subject.consent_given_on");
        assert_no_identity(&future.text, "a refusal");

        // Nothing was created.
        for token in [&w.herat_token, &w.liaison_token, &w.worker_token, &w.manager_token] {
            let page = get(&app, token, REFERRALS).await;
            assert_eq!(page.status, 200, "{}", page.body);
            assert_eq!(page.body["items"], json!([]));
        }
        assert!(audited(&db, "referral.create", None).await.is_empty());

        let (id, created) = refer(&app, &w.herat_token, &from_ministry(&w.iom, "identity", Some(CONSENT_ON))).await;
        assert_eq!(created["side"], "sender");
        assert_eq!(created["status"], "sent");
        assert_eq!(created["consent_given_on"], CONSENT_ON);
        assert_eq!(created["subject"]["person"], person_view());
        assert_eq!(view(&app, &w.worker_token, &id).await.body["subject"]["person"], person_view());
    }

    async fn a_caseworker_accepting_a_ministry_referral_takes_on_a_case_of_the_person_with_their_consents(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let (id, _) = refer(&app, &w.herat_token, &from_ministry(&w.iom, "identity", Some(CONSENT_ON))).await;

        // Every IOM caseworker sees what IOM receives, identity included.
        for token in [&w.worker_token, &w.colleague_token, &w.manager_token] {
            let seen = view(&app, token, &id).await;
            assert_eq!(seen.body["side"], "receiver");
            assert_eq!(seen.body["subject"]["person"], person_view());
            assert_eq!(seen.body["subject"]["category"], "presumed_victim");
            assert_eq!(seen.body["subject"]["age_group"], "9-17");
            assert_eq!(seen.body["case_id"], Value::Null);
        }
        act_ok(&app, &w.worker_token, &id, "acknowledge").await;
        let accepted = act(&app, &w.worker_token, &id, "accept", Some("Shelter bed in Herat")).await;
        assert_eq!(accepted.status, 200, "{}", accepted.body);
        assert_eq!(accepted.body["status"], "accepted");
        let case = accepted.body["case_id"].as_str().unwrap_or_else(|| panic!("no case: {}", accepted.body)).to_owned();
        assert_eq!(view(&app, &w.colleague_token, &id).await.body["case_id"], case.as_str(), "IOM holds the case");
        let sender = view(&app, &w.herat_token, &id).await;
        assert_eq!(sender.body["case_id"], Value::Null, "the ministry never learns the case id");
        assert!(!sender.text.contains(&case), "{}", sender.text);
        assert_eq!(sender.body["status"], "accepted");
        assert_eq!(sender.body["timeline"][2]["comment"], "Shelter bed in Herat");

        // The case: the caseworker's, the same person, as the ministry identified them.
        let opened = get(&app, &w.worker_token, &format!("/api/v1/cases/{case}")).await;
        assert_eq!(opened.status, 200, "{}", opened.body);
        assert_eq!(opened.body["assigned_to"], w.worker.id.to_string());
        assert_eq!(opened.body["person"], person_view());
        assert_eq!(opened.body["category"], "presumed_victim");
        assert_eq!(opened.body["province"], "AF-HER");
        assert_eq!(opened.body["identified_on"], IDENTIFIED_ON);
        assert_eq!(opened.body["identified_by_organization_id"], w.moi_her.as_str());
        assert_eq!(opened.body["status"], "open");
        assert_eq!(opened.body["trafficking"]["exploitation_types"], json!(["sexual_exploitation"]));
        assert_eq!(opened.body["trafficking"]["countries_of_exploitation"], json!(["IR"]));
        // Another caseworker does not reach it; the ministry does not either.
        assert_eq!(get(&app, &w.colleague_token, &format!("/api/v1/cases/{case}")).await.status, 404);
        let outside = get(&app, &w.herat_token, &format!("/api/v1/cases/{case}")).await;
        assert!(outside.status == 403 || outside.status == 404, "{}", outside.body);
        assert_no_identity(&outside.text, "a refusal");

        // The person's agreement, recorded as consents to assistance and to sharing with
        // the kind of office that referred them.
        let consents = get(&app, &w.worker_token, &format!("/api/v1/cases/{case}/consents")).await;
        assert_eq!(consents.status, 200, "{}", consents.body);
        let items = consents.body["items"].as_array().unwrap();
        let kinds: Vec<_> = items.iter().map(|c| c["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["assistance", "data_sharing"]);
        for consent in items {
            assert_eq!(consent["given_on"], CONSENT_ON);
            assert_eq!(consent["withdrawn_on"], Value::Null);
            assert_eq!(consent["recorded_by"], w.worker.id.to_string());
        }
        assert_eq!(items[0]["organization_kinds"], json!([]));
        assert_eq!(items[1]["organization_kinds"], json!(["moi_provincial"]));

        // Audited: the accept, the case it opened, the consents.
        assert_eq!(referral_actions(&db, &id).await, ["referral.create", "referral.acknowledge", "referral.accept"]);
        let opened = audited(&db, "case.create", Some(&case)).await;
        assert_eq!(opened.len(), 1);
        assert_eq!(opened[0].actor_id, Some(w.worker.id));
        let details: Value = serde_json::from_str(opened[0].details.as_deref().unwrap()).unwrap();
        assert_eq!(details, json!({ "from_referral": id }));
        assert_eq!(audited(&db, "consent.record", None).await.len(), 2);
        // Accepting again is refused; no second case.
        assert_eq!(act(&app, &w.worker_token, &id, "accept", None).await.status, 409);
        assert_eq!(audited(&db, "case.create", None).await.len(), 1);

        // The referral now relies on that data_sharing consent: withdrawing it stops the
        // referral disclosing the person.
        withdraw(&app, &w.worker_token, &case, items[1]["id"].as_str().unwrap()).await;
        for token in [&w.herat_token, &w.worker_token] {
            let seen = view(&app, token, &id).await;
            assert_eq!(seen.body["disclosure"], "anonymised");
            assert_no_identity(&seen.text, "a referral after its consent was withdrawn");
            assert_eq!(timeline(&seen.body), ["send", "acknowledge", "accept", "identity_removed"]);
        }
        assert_chain_verifies(&db.store.verify_audit().await.unwrap());
    }

    async fn a_case_manager_accepting_a_ministry_referral_leaves_the_new_case_unassigned(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let (id, _) = refer(&app, &w.liaison_token, &from_ministry(&w.iom, "identity", Some(CONSENT_ON))).await;
        act_ok(&app, &w.manager_token, &id, "acknowledge").await;
        let accepted = act_ok(&app, &w.manager_token, &id, "accept").await;
        let case = accepted["case_id"].as_str().unwrap_or_else(|| panic!("no case: {accepted}")).to_owned();
        let opened = get(&app, &w.manager_token, &format!("/api/v1/cases/{case}")).await;
        assert_eq!(opened.status, 200, "{}", opened.body);
        assert_eq!(opened.body["assigned_to"], Value::Null);
        assert_eq!(opened.body["person"], person_view());
        assert_eq!(opened.body["identified_by_organization_id"], w.moi.as_str());
        // Unassigned: no caseworker reaches it until a case manager assigns it.
        assert_eq!(get(&app, &w.worker_token, &format!("/api/v1/cases/{case}")).await.status, 404);
        let consents = get(&app, &w.manager_token, &format!("/api/v1/cases/{case}/consents")).await;
        let items = consents.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{}", consents.body);
        assert_eq!(items[1]["kind"], "data_sharing");
        assert_eq!(items[1]["organization_kinds"], json!(["moi_national"]), "the liaison's office is national");
        assert_eq!(items[1]["recorded_by"], w.manager.id.to_string());
    }

    async fn an_anonymised_ministry_referral_opens_no_case_and_never_shows_iom_the_person(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let (id, created) = refer(&app, &w.herat_token, &from_ministry(&w.iom, "anonymised", None)).await;
        assert_eq!(created["disclosure"], "anonymised");
        assert_no_identity(&created.to_string(), "the sender's view of an anonymised referral");
        let seen = view(&app, &w.worker_token, &id).await;
        assert_no_identity(&seen.text, "IOM's view of an anonymised referral");
        assert!(seen.body["subject"].get("person").is_none());
        assert_eq!(seen.body["subject"]["sex"], "female");
        assert_eq!(seen.body["subject"]["age_group"], "9-17");
        assert_eq!(seen.body["subject"]["citizenship"], "AF");
        assert_eq!(seen.body["subject"]["province"], "AF-HER");
        assert_eq!(seen.body["subject"]["exploitation_types"], json!(["sexual_exploitation"]));
        assert_eq!(seen.body["message"], MESSAGE);
        let list = get(&app, &w.worker_token, &format!("{REFERRALS}?box=inbox")).await;
        assert_eq!(ids(&list.body), [id.as_str()]);
        assert_no_identity(&list.text, "IOM's inbox");

        for action in ["acknowledge", "accept", "complete"] {
            let done = act(&app, &w.worker_token, &id, action, None).await;
            assert_eq!(done.status, 200, "{action}: {}", done.body);
            assert_eq!(done.body["case_id"], Value::Null, "{action}");
            assert_no_identity(&done.text, action);
        }
        assert!(audited(&db, "case.create", None).await.is_empty());
        assert!(audited(&db, "referral.identity_read", None).await.is_empty());
        let cases = get(&app, &w.manager_token, "/api/v1/cases").await;
        assert_eq!(cases.body["items"], json!([]), "{}", cases.body);
    }

    async fn a_ministry_referrals_person_message_and_comments_are_encrypted_at_rest(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let comment = "Comment-Sentinel-9034 about her uncle";
        // Sent with an Idempotency-Key: the answer kept for a retry holds the person too.
        let body = from_ministry(&w.iom, "identity", Some(CONSENT_ON));
        let first = reply(post_with_key(&app, &w.herat_token, "herat-1", &body).await).await;
        assert_eq!(first.status, 201, "{}", first.body);
        let id = first.body["id"].as_str().unwrap().to_owned();
        let again = post_with_key(&app, &w.herat_token, "herat-1", &body).await;
        assert_eq!(again.headers()["idempotent-replay"], "true");
        assert_eq!(reply(again).await.body, first.body);
        let (anonymised, _) = refer(&app, &w.herat_token, &from_ministry(&w.iom, "anonymised", None)).await;
        let ack = act(&app, &w.worker_token, &id, "acknowledge", Some(comment)).await;
        assert_eq!(ack.status, 200, "{}", ack.body);
        assert_eq!(ack.body["timeline"][1]["comment"], comment);
        assert_eq!(view(&app, &w.worker_token, &anonymised).await.body["message"], MESSAGE);
        let bytes = db.raw_bytes().await;
        assert!(contains(&bytes, "sexual_exploitation"), "the scan sees what is in clear");
        for value in IDENTITY.iter().chain(&[MESSAGE, "Message-Sentinel", comment, "Comment-Sentinel"]) {
            assert!(!contains(&bytes, value), "{value:?} is stored in clear");
        }
        // Nor is any of it in the audit log.
        let audit = audit_text(&db).await;
        assert_no_identity(&audit, "the audit log");
        assert!(!audit.contains("Sentinel"), "{audit}");
    }

    async fn the_receiver_sees_no_costs_notes_other_referrals_nor_the_case_id(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let case = new_case(&app, &w.worker_token).await;
        let service = post(&app, &w.worker_token, &format!("/api/v1/cases/{case}/assistance"), &json!({
            "type": "shelter", "status": "delivered", "date": CONSENT_ON,
            "cost": { "amount_minor": 98765, "currency": "USD" },
            "description": "Description-Sentinel-4410",
        })).await;
        assert_eq!(service.status, 201, "{}", service.body);
        let note = post(&app, &w.worker_token, &format!("/api/v1/cases/{case}/notes"),
            &json!({ "body": "Note-Sentinel-7781: safe house on the west road" })).await;
        assert_eq!(note.status, 201, "{}", note.body);
        consent(&app, &w.worker_token, &case, &["moi_provincial"]).await;
        let (to_herat, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_her, "identity")).await;
        let (to_moj, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moj, "anonymised")).await;
        let (to_kabul, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_kab, "anonymised")).await;

        let seen = view(&app, &w.herat_token, &to_herat).await;
        let keys: BTreeSet<&str> = seen.body.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from([
            "id", "status", "side", "from_organization_id", "to_organization_id", "case_id",
            "purpose", "disclosure", "urgency", "due_date", "overdue", "receiver_reference",
            "version", "created_at", "updated_at", "subject", "message", "consent_given_on",
            "timeline",
        ]));
        assert_eq!(seen.body["case_id"], Value::Null);
        let subject: BTreeSet<&str> = seen.body["subject"].as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(subject, BTreeSet::from([
            "case_number", "category", "sex", "age_group", "citizenship", "province",
            "exploitation_types", "person",
        ]));
        assert!(seen.body["subject"]["case_number"].as_str().unwrap().starts_with("AF-HER-"));
        for entry in seen.body["timeline"].as_array().unwrap() {
            let keys: BTreeSet<&str> = entry.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, BTreeSet::from([
                "action", "actor_id", "actor_username", "actor_display_name", "organization_id",
                "organization_code", "at", "comment",
            ]));
        }
        for absent in [case.as_str(), "98765", "Description-Sentinel", "Note-Sentinel", "shelter", to_moj.as_str(), to_kabul.as_str(), w.moj.as_str()] {
            assert!(!seen.text.contains(absent), "{absent} in the receiver's view: {}", seen.text);
        }
        // Herat lists only its own referral and reaches no other.
        let inbox = get(&app, &w.herat_token, REFERRALS).await;
        assert_eq!(ids(&inbox.body), [to_herat.as_str()]);
        assert!(!inbox.text.contains(&case) && !inbox.text.contains("98765"), "{}", inbox.text);
        assert_eq!(inbox.body["items"][0]["case_id"], Value::Null);
        for (token, id) in [(&w.herat_token, &to_moj), (&w.herat_token, &to_kabul), (&w.kabul_token, &to_herat),
                            (&w.moj_token, &to_herat), (&w.colleague_token, &to_herat)] {
            let hidden = get(&app, token, &format!("{REFERRALS}/{id}")).await;
            assert_eq!(hidden.status, 404, "{}", hidden.body);
            assert_no_identity(&hidden.text, "a 404");
        }
        // The liaison speaks for every MoI office: Herat's and Kabul's, as receiver.
        let national = get(&app, &w.liaison_token, REFERRALS).await;
        assert_eq!(ids(&national.body).into_iter().collect::<BTreeSet<_>>(), BTreeSet::from([to_herat.clone(), to_kabul.clone()]));
        assert!(!national.text.contains(&case), "{}", national.text);
        // The sender holds the case.
        assert_eq!(view(&app, &w.worker_token, &to_herat).await.body["case_id"], case.as_str());
    }

    async fn referral_lists_never_show_the_identity_or_the_message(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let case = new_case(&app, &w.worker_token).await;
        consent(&app, &w.worker_token, &case, &["moi_provincial"]).await;
        refer(&app, &w.worker_token, &from_case(&case, &w.moi_her, "identity")).await;
        refer(&app, &w.worker_token, &from_case(&case, &w.moj, "anonymised")).await;
        let mut draft = from_case(&case, &w.moi_her, "identity");
        draft["send"] = json!(false);
        refer(&app, &w.worker_token, &draft).await;
        refer(&app, &w.herat_token, &from_ministry(&w.iom, "identity", Some(CONSENT_ON))).await;

        for (token, query, expected) in [
            (&w.worker_token, "", 4), (&w.worker_token, "?box=outbox", 3), (&w.worker_token, "?box=inbox", 1),
            (&w.manager_token, "", 4), (&w.colleague_token, "", 1),
            (&w.herat_token, "", 2), (&w.herat_token, "?box=inbox", 1), (&w.herat_token, "?box=outbox", 1),
            (&w.liaison_token, "", 2), (&w.moj_token, "", 1), (&w.worker_token, "?limit=1", 1),
        ] {
            let page = get(&app, token, &format!("{REFERRALS}{query}")).await;
            assert_eq!(page.status, 200, "{query}: {}", page.body);
            assert_eq!(ids(&page.body).len(), expected, "{query}: {}", page.body);
            assert_no_identity(&page.text, "a referral list");
            assert!(!page.text.contains("Message-Sentinel"), "{query}: {}", page.text);
            for item in page.body["items"].as_array().unwrap() {
                assert!(item.get("message").is_none() && item.get("timeline").is_none(), "{item}");
                assert!(item["subject"].get("person").is_none(), "{item}");
            }
        }
        // Page by page, the same referrals in the same order, none twice.
        let whole = ids(&get(&app, &w.manager_token, REFERRALS).await.body);
        let mut paged = Vec::new();
        let mut path = format!("{REFERRALS}?limit=1");
        loop {
            let page = get(&app, &w.manager_token, &path).await;
            assert_eq!(page.status, 200, "{}", page.body);
            assert_no_identity(&page.text, "a page of referrals");
            paged.extend(ids(&page.body));
            match page.body["next_cursor"].as_str() {
                Some(cursor) => path = format!("{REFERRALS}?limit=1&cursor={cursor}"),
                None => break,
            }
        }
        assert_eq!(paged, whole);
    }

    async fn an_anonymised_referral_shows_the_profile_and_never_the_person(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let case = new_case(&app, &w.worker_token).await;
        // Consent exists, but the caseworker chose not to disclose.
        consent(&app, &w.worker_token, &case, &["moi_provincial", "moi_national"]).await;
        let (id, created) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_her, "anonymised")).await;
        assert_no_identity(&created.to_string(), "the sender's view of an anonymised referral");
        for token in [&w.herat_token, &w.liaison_token, &w.worker_token] {
            let seen = view(&app, token, &id).await;
            assert_no_identity(&seen.text, "an anonymised referral");
            assert!(seen.body["subject"].get("person").is_none(), "{}", seen.body);
            assert_eq!(seen.body["subject"]["category"], "victim_of_trafficking");
            assert_eq!(seen.body["subject"]["sex"], "female");
            assert_eq!(seen.body["subject"]["age_group"], "9-17");
            assert_eq!(seen.body["subject"]["citizenship"], "AF");
            assert_eq!(seen.body["subject"]["province"], "AF-HER");
            assert_eq!(seen.body["subject"]["exploitation_types"], json!(["forced_labour"]));
            assert_eq!(seen.body["message"], MESSAGE);
        }
        for action in ["acknowledge", "accept", "complete"] {
            let done = act(&app, &w.herat_token, &id, action, None).await;
            assert_eq!(done.status, 200, "{action}: {}", done.body);
            assert_no_identity(&done.text, action);
        }
        assert!(audited(&db, "referral.identity_read", None).await.is_empty());
    }

    async fn refusals_never_repeat_the_identity_sent_with_them(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let good = from_ministry(&w.iom, "identity", Some(CONSENT_ON));
        let tomorrow = OffsetDateTime::now_utc().date().next_day().unwrap().to_string();
        // `good` with the field at `pointer` set to `value`.
        let with = |pointer: &str, value: Value| {
            let mut body = good.clone();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            body.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"))[key] = value;
            body
        };
        let mut unknown_in_person = good.clone();
        unknown_in_person["subject"]["person"]["religion"] = json!(GIVEN);
        let mut unknown_on_top = good.clone();
        unknown_on_top["family_name"] = json!(FAMILY);
        let mut both = good.clone();
        both["case_id"] = json!(uuid::Uuid::now_v7());
        for body in [
            with("/subject/person/sex", json!(GIVEN)),
            with("/subject/person/citizenship", json!(FAMILY)),
            with("/subject/person/date_of_birth", json!(PHONE)),
            with("/subject/person/given_name", json!(format!("{GIVEN}{}", "ا".repeat(500)))),
            with("/subject/person/address", json!(format!("{ADDRESS}\u{7}"))),
            with("/subject/identified_on", json!(tomorrow)),
            with("/subject/province", json!(DOCUMENT)),
            with("/subject/category", json!(FATHER)),
            with("/disclosure", json!(GIVEN)),
            with("/purpose", json!(FAMILY)),
            with("/to_organization_id", json!(DOCUMENT)),
            with("/to_organization_id", json!(w.moi_kab)),
            with("/message", json!(format!("{PHONE} {}", "x".repeat(4001)))),
            with("/due_date", json!("2020-01-01")),
            unknown_in_person,
            unknown_on_top,
            both,
        ] {
            let refused = post(&app, &w.herat_token, REFERRALS, &body).await;
            assert_eq!(refused.status, 422, "{body}: {}", refused.body);
            assert_no_identity(&refused.text, "a refusal");
        }
        assert!(audited(&db, "referral.create", None).await.is_empty());

        // Refused transitions of a referral that discloses the person.
        let (id, _) = refer(&app, &w.herat_token, &good).await;
        for (token, action, comment, status) in [
            (&w.herat_token, "acknowledge", None, 403),
            (&w.worker_token, "send", Some(GIVEN), 403),
            (&w.worker_token, "accept", Some(FAMILY), 409),
            (&w.kabul_token, "withdraw", Some(PHONE), 404),
            (&w.moj_token, "acknowledge", None, 404),
            (&w.worker_token, "acknowledge", Some(&*format!("{DOCUMENT}{}", "y".repeat(2001))), 422),
        ] {
            let refused = act(&app, token, &id, action, comment).await;
            assert_eq!(refused.status, status, "{action}: {}", refused.body);
            assert_no_identity(&refused.text, "a refused transition");
        }
        let refused = post(&app, &w.worker_token, &format!("{REFERRALS}/{id}/transitions"), &json!({ "action": GIVEN })).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_no_identity(&refused.text, "a refused transition");

        // A sealed name moved from another referral's row does not open here: 500 with an
        // error id only.
        let mut other = good.clone();
        other["subject"]["person"]["given_name"] = json!("Othername");
        let (moved, _) = refer(&app, &w.herat_token, &other).await;
        let literal = |id: &str| {
            let id: uuid::Uuid = id.parse().unwrap();
            if db.is_postgres() { format!("'{id}'") } else { format!("x'{}'", id.simple()) }
        };
        db.execute_raw(&format!(
            "UPDATE referrals SET given_name = (SELECT given_name FROM referrals WHERE id = {}) WHERE id = {}",
            literal(&id), literal(&moved)
        )).await;
        let broken = get(&app, &w.worker_token, &format!("{REFERRALS}/{moved}")).await;
        assert_eq!(broken.status, 500, "{}", broken.body);
        assert_eq!(broken.body["code"], "internal_error");
        assert_no_identity(&broken.text, "a 500");
        assert!(!broken.text.contains("Othername"), "{}", broken.text);
        // The list opens nothing, so it is unaffected.
        assert_eq!(get(&app, &w.worker_token, REFERRALS).await.status, 200);
    }

    async fn every_transition_and_every_read_of_a_disclosed_identity_is_audited(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let case = new_case(&app, &w.worker_token).await;
        consent(&app, &w.worker_token, &case, &["moi_provincial"]).await;
        let mut draft = from_case(&case, &w.moi_her, "identity");
        draft["send"] = json!(false);
        let (completed, _) = refer(&app, &w.worker_token, &draft).await;
        // The receiver does not see a draft.
        assert_eq!(get(&app, &w.herat_token, &format!("{REFERRALS}/{completed}")).await.status, 404);
        act_ok(&app, &w.worker_token, &completed, "send").await;
        for action in ["acknowledge", "accept", "complete"] {
            act_ok(&app, &w.herat_token, &completed, action).await;
        }
        let (declined, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_her, "identity")).await;
        act_ok(&app, &w.herat_token, &declined, "acknowledge").await;
        act_ok(&app, &w.herat_token, &declined, "decline").await;
        let (withdrawn, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_her, "anonymised")).await;
        act_ok(&app, &w.worker_token, &withdrawn, "withdraw").await;

        assert_eq!(referral_actions(&db, &completed).await, [
            "referral.create", "referral.send", "referral.acknowledge", "referral.accept", "referral.complete",
        ]);
        assert_eq!(referral_actions(&db, &declined).await, ["referral.create", "referral.acknowledge", "referral.decline"]);
        assert_eq!(referral_actions(&db, &withdrawn).await, ["referral.create", "referral.withdraw"]);
        let created = audited(&db, "referral.create", Some(&completed)).await;
        let details: Value = serde_json::from_str(created[0].details.as_deref().unwrap()).unwrap();
        assert_eq!(details, json!({ "to_organization_id": w.moi_her, "disclosure": "identity", "status": "draft" }));
        for (action, actor, from, to) in [
            ("referral.send", &w.worker, "draft", "sent"),
            ("referral.acknowledge", &w.herat, "sent", "acknowledged"),
            ("referral.accept", &w.herat, "acknowledged", "accepted"),
            ("referral.complete", &w.herat, "accepted", "completed"),
        ] {
            let entries = audited(&db, action, Some(&completed)).await;
            assert_eq!(entries.len(), 1, "{action}");
            assert_eq!(entries[0].actor_id, Some(actor.id), "{action}");
            assert_eq!(entries[0].target_type.as_deref(), Some("referral"));
            let details: Value = serde_json::from_str(entries[0].details.as_deref().unwrap()).unwrap();
            assert_eq!(details, json!({ "from": from, "to": to }), "{action}");
        }
        // The timeline tells the same story, with who acted for which organisation.
        let seen = view(&app, &w.herat_token, &completed).await;
        assert_eq!(timeline(&seen.body), ["send", "acknowledge", "accept", "complete"]);
        let actors: Vec<(&str, &str)> = seen.body["timeline"].as_array().unwrap().iter()
            .map(|e| (e["actor_id"].as_str().unwrap(), e["organization_id"].as_str().unwrap())).collect();
        let (worker, herat) = (w.worker.id.to_string(), w.herat.id.to_string());
        assert_eq!(actors, [(worker.as_str(), w.iom.as_str()), (herat.as_str(), w.moi_her.as_str()),
                            (herat.as_str(), w.moi_her.as_str()), (herat.as_str(), w.moi_her.as_str())]);

        // Each read of the disclosed identity by the receiver is one entry, naming the
        // reader; a read of an anonymised referral is none.
        let reads = audited(&db, "referral.identity_read", Some(&completed)).await.len();
        view(&app, &w.herat_token, &completed).await;
        view(&app, &w.liaison_token, &completed).await;
        let after = audited(&db, "referral.identity_read", Some(&completed)).await;
        assert_eq!(after.len(), reads + 2);
        assert_eq!(after[reads].actor_id, Some(w.herat.id));
        assert_eq!(after[reads].target_type.as_deref(), Some("referral"));
        assert_eq!(after[reads + 1].actor_organization_id.map(|o| o.to_string()), Some(w.moi.clone()));
        view(&app, &w.herat_token, &withdrawn).await;
        assert!(audited(&db, "referral.identity_read", Some(&withdrawn)).await.is_empty());
        // A list is not a read of anyone's identity.
        let before = audited(&db, "referral.identity_read", None).await.len();
        get(&app, &w.herat_token, REFERRALS).await;
        get(&app, &w.worker_token, REFERRALS).await;
        assert_eq!(audited(&db, "referral.identity_read", None).await.len(), before);

        let audit = audit_text(&db).await;
        assert_no_identity(&audit, "the audit log");
        assert!(!audit.contains("Message-Sentinel"), "{audit}");
        let verified = db.store.verify_audit().await.unwrap();
        assert_chain_verifies(&verified);
        assert!(verified.entries_checked > 20, "{verified:?}");
    }

    async fn the_log_never_holds_the_identity_the_message_or_a_comment(db: TestDb) {
        // The server logs through the process's subscriber, so the scenario runs in a child
        // process of this test binary whose standard error is the log.
        if std::env::var_os(LOG_CHILD).is_some() {
            log_scenario(&db).await;
            return;
        }
        let test = format!(
            "{}::{}",
            module_path!().split_once("::").unwrap().1,
            if db.is_postgres() { "postgres" } else { "sqlite" }
        );
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args([test.as_str(), "--exact", "--nocapture", "--test-threads=1"])
            .env(LOG_CHILD, "1")
            .env("RUST_LOG", "trace")
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&output.stderr);
        let out = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{out}\n{log}");
        assert!(out.contains("1 passed"), "the scenario ran: {out}");
        for route in [r#""route":"/api/v1/referrals""#, r#""route":"/api/v1/referrals/{id}""#,
                      r#""route":"/api/v1/referrals/{id}/transitions""#,
                      r#""route":"/api/v1/cases/{id}/consents/{cid}/withdraw""#, "internal error"] {
            assert!(log.contains(route), "{route} is not in the log: {log}");
        }
        for secret in IDENTITY.iter().chain(LOG_SENTINELS) {
            assert!(!log.to_lowercase().contains(&secret.to_lowercase()), "{secret:?} in the log");
        }
    }

    async fn key_rotation_reseals_referrals_and_everything_reads_back(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let w = world(&db, &app).await;
        let comment = "Comment-Sentinel-2207: her brother is in Mashhad";
        let (inbound, _) = refer(&app, &w.herat_token, &from_ministry(&w.iom, "identity", Some(CONSENT_ON))).await;
        let ack = act(&app, &w.worker_token, &inbound, "acknowledge", Some(comment)).await;
        assert_eq!(ack.status, 200, "{}", ack.body);
        let case = new_case(&app, &w.worker_token).await;
        consent(&app, &w.worker_token, &case, &["moi_provincial"]).await;
        let (outbound, _) = refer(&app, &w.worker_token, &from_case(&case, &w.moi_her, "identity")).await;
        let before_inbound = view(&app, &w.worker_token, &inbound).await.body;
        let before_outbound = view(&app, &w.herat_token, &outbound).await.body;
        drop(app);

        // Rotate, as `panah keys rotate` does: a store holding both keys re-seals...
        let rotating = store_with(&db, &[(1, TEST_DATA_KEY), (2, NEW_KEY)]).await;
        assert!(rotating.rows_to_reseal().await.unwrap() >= 4, "cases, referrals, timeline comments");
        while rotating.reseal_batch(2).await.unwrap() > 0 {}
        assert_eq!(rotating.rows_to_reseal().await.unwrap(), 0);
        rotating.close().await;

        // ...and a server holding only the new key reads everything back intact.
        let app = TestApp::spawn_on(store_with(&db, &[(2, NEW_KEY)]).await).await;
        let inbound_after = view(&app, &w.worker_token, &inbound).await.body;
        assert_eq!(inbound_after, before_inbound);
        assert_eq!(inbound_after["subject"]["person"], person_view());
        assert_eq!(inbound_after["message"], MESSAGE);
        assert_eq!(inbound_after["timeline"][1]["comment"], comment);
        assert_eq!(view(&app, &w.herat_token, &outbound).await.body, before_outbound);
        // Accepting now opens the case from the re-sealed subject.
        let accepted = act(&app, &w.worker_token, &inbound, "accept", Some(comment)).await;
        assert_eq!(accepted.status, 200, "{}", accepted.body);
        let opened = accepted.body["case_id"].as_str().unwrap().to_owned();
        let opened = get(&app, &w.worker_token, &format!("/api/v1/cases/{opened}")).await;
        assert_eq!(opened.body["person"], person_view());
        drop(app);

        // The old key alone opens none of it any more.
        let app = TestApp::spawn_on(store_with(&db, &[(1, TEST_DATA_KEY)]).await).await;
        let old = get(&app, &w.worker_token, &format!("{REFERRALS}/{inbound}")).await;
        assert_eq!(old.status, 500, "{}", old.body);
        assert_no_identity(&old.text, "a 500");
    }
}

const NEW_KEY: &[u8] = b"the-second-data-key-the-second-data-key";

/// Another store on the test database, holding `keys`.
async fn store_with(db: &TestDb, keys: &[(u32, &[u8])]) -> Store {
    Store::connect(&db.options())
        .await
        .unwrap()
        .with_field_keys(FieldKeys::new(keys, TEST_BLIND_INDEX_KEY).unwrap())
}

/// Set in the child process that runs the logged scenario.
const LOG_CHILD: &str = "PANAH_TEST_REFERRAL_LOG_CHILD";

/// Latin identity, message and comment values of the logged scenario.
const LOG_SENTINELS: &[&str] = &[
    "Sentinelgiven",
    "Sentinelfamily",
    "Sentinelfather",
    "Sentineladdress",
    "SENTDOC-5150",
    "0799 515 151",
    "Sentinelmessage",
    "Sentinelcomment",
];

/// Everything a referral goes through, with identity, message and comments set to
/// sentinels, in a process whose log is standard error at the most verbose level.
async fn log_scenario(db: &TestDb) {
    panah_server::telemetry::init(&panah_server::config::LogSettings {
        format: panah_server::config::LogFormat::Json,
        level: "trace".into(),
    })
    .unwrap();
    let app = TestApp::spawn(db).await;
    let w = world(db, &app).await;
    let latin = json!({
        "given_name": "Sentinelgiven", "family_name": "Sentinelfamily",
        "fathers_name": "Sentinelfather", "sex": "male", "date_of_birth": "1999-09-09",
        "citizenship": "AF", "phone": "0799 515 151", "address": "Sentineladdress 3",
        "document_number": "SENTDOC-5150",
    });
    let message = "Sentinelmessage: call after dark";
    let comment = "Sentinelcomment: moved to Kabul";

    // From an IOM case, with identity, through the whole workflow and the cascade.
    let case = new_case(&app, &w.worker_token).await;
    let patched = app
        .client
        .patch(app.url(&format!("/api/v1/cases/{case}")))
        .bearer_auth(&w.worker_token)
        .header("if-match", "\"1\"")
        .json(&json!({ "person": latin }))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    let consent_id = consent(&app, &w.worker_token, &case, &["moi_provincial"]).await;
    let mut body = from_case(&case, &w.moi_her, "identity");
    body["message"] = json!(message);
    let (outbound, _) = refer(&app, &w.worker_token, &body).await;
    for action in ["acknowledge", "accept"] {
        assert_eq!(
            act(&app, &w.herat_token, &outbound, action, Some(comment))
                .await
                .status,
            200
        );
    }
    view(&app, &w.herat_token, &outbound).await;
    get(&app, &w.herat_token, REFERRALS).await;
    withdraw(&app, &w.worker_token, &case, &consent_id).await;
    view(&app, &w.herat_token, &outbound).await;

    // From the ministry, inline, accepted into a new case.
    let mut body = from_ministry(&w.iom, "identity", Some(CONSENT_ON));
    body["subject"]["person"] = latin.clone();
    body["message"] = json!(message);
    let (inbound, _) = refer(&app, &w.herat_token, &body).await;
    act(
        &app,
        &w.worker_token,
        &inbound,
        "acknowledge",
        Some(comment),
    )
    .await;
    act(&app, &w.worker_token, &inbound, "accept", Some(comment)).await;
    view(&app, &w.worker_token, &inbound).await;

    // Refusals carrying the sentinels.
    body["subject"]["person"]["sex"] = json!("Sentinelgiven");
    assert_eq!(
        post(&app, &w.herat_token, REFERRALS, &body).await.status,
        422
    );
    let mut no_consent = from_ministry(&w.iom, "identity", None);
    no_consent["subject"]["person"] = latin.clone();
    assert_eq!(
        post(&app, &w.herat_token, REFERRALS, &no_consent)
            .await
            .status,
        422
    );
    assert_eq!(
        act(&app, &w.herat_token, &inbound, "accept", Some(comment))
            .await
            .status,
        403
    );

    // A sealed value that no longer opens: a 500 whose detail is logged.
    let mut other = from_ministry(&w.iom, "identity", Some(CONSENT_ON));
    other["subject"]["person"] = latin;
    let (broken, _) = refer(&app, &w.herat_token, &other).await;
    let literal = |id: &str| {
        let id: uuid::Uuid = id.parse().unwrap();
        if db.is_postgres() {
            format!("'{id}'")
        } else {
            format!("x'{}'", id.simple())
        }
    };
    db.execute_raw(&format!(
        "UPDATE referrals SET message = (SELECT message FROM referrals WHERE id = {}) WHERE id = {}",
        literal(&inbound),
        literal(&broken)
    ))
    .await;
    assert_eq!(
        get(&app, &w.worker_token, &format!("{REFERRALS}/{broken}"))
            .await
            .status,
        500
    );
}

/// PostgreSQL runs writers side by side (SQLite takes them in turns, so there the race
/// below cannot happen): a referral created while the consent it relies on is being
/// withdrawn must not keep disclosing the person. Either the withdrawal sees the new
/// referral and removes the identity, or the creation sees the withdrawal and is refused.
///
/// The interleaving is forced with the audit chain's head, which every writer locks: held
/// here, the withdrawal waits on it first, having marked the consent withdrawn; the
/// creation then checks the consent (the withdrawal is not committed yet), inserts the
/// referral and waits behind it.
#[tokio::test]
async fn a_consent_withdrawn_while_a_referral_is_created_does_not_leave_the_identity_disclosed() {
    use sqlx::Connection;
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let app = TestApp::spawn(&db).await;
    let w = world(&db, &app).await;
    let case = new_case(&app, &w.worker_token).await;
    let consent_id = consent(&app, &w.worker_token, &case, &["moi_provincial"]).await;

    let mut blocker = sqlx::PgConnection::connect(db.url()).await.unwrap();
    sqlx::query("BEGIN").execute(&mut blocker).await.unwrap();
    sqlx::query("SELECT lane FROM audit_lanes FOR UPDATE")
        .execute(&mut blocker)
        .await
        .unwrap();
    let mut watcher = sqlx::PgConnection::connect(db.url()).await.unwrap();
    let waiting = async |watcher: &mut sqlx::PgConnection, expected: i64| {
        for _ in 0..500 {
            let count: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND wait_event_type = 'Lock'",
            )
            .fetch_one(&mut *watcher)
            .await
            .unwrap();
            if count >= expected {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("{expected} writers never waited");
    };
    let send = |path: String, token: String, body: Value| {
        let request = app
            .client
            .post(app.url(&path))
            .bearer_auth(token)
            .json(&body);
        tokio::spawn(async move { reply(request.send().await.unwrap()).await })
    };

    let withdrawal = send(
        format!("/api/v1/cases/{case}/consents/{consent_id}/withdraw"),
        w.worker_token.clone(),
        json!({}),
    );
    waiting(&mut watcher, 1).await;
    let creation = send(
        REFERRALS.to_owned(),
        w.worker_token.clone(),
        from_case(&case, &w.moi_her, "identity"),
    );
    waiting(&mut watcher, 2).await;
    sqlx::query("ROLLBACK").execute(&mut blocker).await.unwrap();

    let withdrawal = withdrawal.await.unwrap();
    assert_eq!(withdrawal.status, 200, "{}", withdrawal.body);
    let creation = creation.await.unwrap();
    if creation.status == 422 {
        assert_eq!(creation.body["code"], "consent_required");
    } else {
        assert_eq!(creation.status, 201, "{}", creation.body);
        let id = creation.body["id"].as_str().unwrap();
        let seen = view(&app, &w.herat_token, id).await;
        assert_eq!(
            seen.body["disclosure"], "anonymised",
            "the identity is disclosed under a withdrawn consent"
        );
        assert_no_identity(&seen.text, "a referral whose consent was withdrawn");
    }
}

/// A retry of a referral's creation kept from before a key rotation: `panah keys rotate`
/// re-seals every referral but not the answers the idempotency store keeps for retries,
/// which hold the person's identity too. After the rotation the rows left to re-seal are 0,
/// yet the kept answer is still sealed under the old key: once the old key is retired, the
/// retry fails with 500 (and whoever holds the old key still opens the kept identity).
async fn a_retry_kept_from_before_a_rotation_still_answers(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let w = world(&db, &app).await;
    let body = from_ministry(&w.iom, "identity", Some(CONSENT_ON));
    let first = reply(post_with_key(&app, &w.herat_token, "herat-1", &body).await).await;
    assert_eq!(first.status, 201, "{}", first.body);
    drop(app);

    let rotating = store_with(&db, &[(1, TEST_DATA_KEY), (2, NEW_KEY)]).await;
    while rotating.reseal_batch(100).await.unwrap() > 0 {}
    assert_eq!(rotating.rows_to_reseal().await.unwrap(), 0);
    rotating.close().await;

    let app = TestApp::spawn_on(store_with(&db, &[(2, NEW_KEY)]).await).await;
    let again = reply(post_with_key(&app, &w.herat_token, "herat-1", &body).await).await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.body, first.body);
}

mod a_retry_kept_from_before_a_rotation_still_answers {
    use super::*;

    #[tokio::test]
    async fn sqlite() {
        super::a_retry_kept_from_before_a_rotation_still_answers(TestDb::sqlite().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        let Some(db) = TestDb::postgres().await else {
            return;
        };
        super::a_retry_kept_from_before_a_rotation_still_answers(db).await;
    }
}
