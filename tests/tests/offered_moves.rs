//! What the app offers a door before anything is run: the actions on a referral each
//! side may take now, the moves of a return, whether a monitoring visit may be recorded,
//! who refers a new person to IOM, and the stage moves of a legal proceeding — each
//! offered exactly when the use case itself would accept it.
#![allow(clippy::unwrap_used)]

use panah_app::{
    Actor, App, ConsentEntry, Door, NewCaseFile, ProceedingEntry, ReferralEntry, ReturnEntry,
};
use panah_domain::{
    CaseCategory, CaseId, ConsentKind, Disclosure, GivenBy, Place, ProceedingId, ProceedingOutcome,
    ProceedingStage, Province, ReferralAction, ReferralId, ReferralPurpose, ReturnDirection,
    ReturnStatus, Role, TraffickingProfile,
};
use panah_tests::{TestDb, on_both_backends, person, test_app, test_auth_settings};
use time::{Duration, OffsetDateTime, macros::datetime};

/// The moment the tests act at.
const NOW: OffsetDateTime = datetime!(2026-06-15 09:00 UTC);

async fn actor(db: &TestDb, username: &str, organization: &str, role: Role) -> Actor {
    let user = db.create_user(username, organization, &[role]).await;
    db.actor(&user, Door::Web).await
}

async fn case(app: &App, worker: &Actor) -> CaseId {
    let file = NewCaseFile {
        category: CaseCategory::PresumedVictim,
        province: Province::Herat,
        identified_on: NOW.date() - Duration::days(3),
        identified_by: None,
        assigned_to: None,
        person: person("Zahra"),
        trafficking: TraffickingProfile::default(),
    };
    app.register_case(worker, file, NOW).await.unwrap().id
}

async fn refer(app: &App, worker: &Actor, case: CaseId, to: &str, db: &TestDb) -> ReferralId {
    refer_for(app, worker, case, to, ReferralPurpose::Protection, db).await
}

async fn refer_for(
    app: &App,
    worker: &Actor,
    case: CaseId,
    to: &str,
    purpose: ReferralPurpose,
    db: &TestDb,
) -> ReferralId {
    let entry = ReferralEntry {
        case_id: Some(case),
        subject: None,
        to: db.organization(to).await.id,
        purpose,
        disclosure: Disclosure::Anonymised,
        urgency: None,
        due_date: None,
        message: None,
        send: true,
    };
    app.make_referral(worker, entry, NOW)
        .await
        .unwrap()
        .summary
        .id
}

/// The actions `who` is offered on referral `id`.
async fn offered(app: &App, who: &Actor, id: ReferralId) -> Vec<ReferralAction> {
    let seen = app.read_referral(who, id, NOW).await.unwrap();
    app.referral_moves(who, &seen.summary)
}

/// A proceeding opened on `case` from `referral` and moved, by `worker`, along the
/// stages up to `stage`.
async fn proceeding_at(
    app: &App,
    worker: &Actor,
    case: CaseId,
    referral: ReferralId,
    stage: ProceedingStage,
) -> ProceedingId {
    let entry = ProceedingEntry {
        case_id: case,
        referral_id: Some(referral),
        law: "lkht_2008".parse().unwrap(),
        articles: vec!["5".to_owned()],
        reported_on: NOW.date(),
        province: Province::Herat,
        accused_count: Some(2),
        victim_testified: false,
        legal_aid: true,
    };
    let seen = app.open_proceeding(worker, entry, NOW).await.unwrap();
    let id = seen.proceeding.record().id;
    let mut at = ProceedingStage::Reported;
    while at != stage {
        let next = at.next().unwrap();
        let outcome = (next == ProceedingStage::Verdict).then_some(ProceedingOutcome::Conviction);
        app.move_proceeding(worker, id, next, outcome, None, NOW)
            .await
            .unwrap();
        at = next;
    }
    id
}

on_both_backends! {
    async fn a_proceeding_offers_exactly_the_stage_moves_and_outcomes_the_app_accepts(db: TestDb) {
        let app = test_app(db.store.clone(), test_auth_settings());
        let worker = actor(&db, "worker", "IOM-AF", Role::Caseworker).await;
        let herat = actor(&db, "herat", "MOI-HER", Role::ProvincialOfficer).await;
        let auditor = actor(&db, "auditor", "IOM-AF", Role::Auditor).await;
        let case = case(&app, &worker).await;
        let referral =
            refer_for(&app, &worker, case, "MOI-HER", ReferralPurpose::Prosecution, &db).await;
        let outcomes = std::iter::once(None).chain(ProceedingOutcome::ALL.iter().copied().map(Some));
        for stage in ProceedingStage::ALL.iter().copied() {
            let id = proceeding_at(&app, &worker, case, referral, stage).await;
            let seen = app.read_proceeding(&worker, id, NOW).await.unwrap();
            let record = seen.proceeding.record();
            let moves = app.proceeding_moves(&worker, record);
            // The receiving office is offered the same moves; who may not move it, none.
            let received = app.read_proceeding(&herat, id, NOW).await.unwrap();
            assert_eq!(app.proceeding_moves(&herat, received.proceeding.record()), moves);
            assert!(app.proceeding_moves(&auditor, record).is_empty());
            if stage == ProceedingStage::Trial {
                let verdict = moves.iter().find(|m| m.to == ProceedingStage::Verdict).unwrap();
                assert!(verdict.needs_outcome, "a verdict asks for the outcome");
                assert_eq!(verdict.outcomes, ProceedingOutcome::ALL);
            }
            if stage == ProceedingStage::Closed {
                assert!(moves.is_empty(), "closed is final");
            }
            for to in ProceedingStage::ALL.iter().copied() {
                for outcome in outcomes.clone() {
                    let offered = moves.iter().any(|m| {
                        m.to == to
                            && match outcome {
                                None => !m.needs_outcome,
                                Some(outcome) => m.outcomes.contains(&outcome),
                            }
                    });
                    if offered {
                        // Accepting moves the proceeding: each accepted move gets its own.
                        let fresh = proceeding_at(&app, &worker, case, referral, stage).await;
                        let moved = app.move_proceeding(&herat, fresh, to, outcome, None, NOW).await;
                        assert!(moved.is_ok(), "{stage} to {to} with {outcome:?}: {moved:?}");
                    } else {
                        let refused = app.move_proceeding(&worker, id, to, outcome, None, NOW).await;
                        assert!(refused.is_err(), "{stage} to {to} with {outcome:?} was taken");
                    }
                }
            }
        }
    }

    async fn each_side_is_offered_exactly_the_referral_actions_the_app_accepts(db: TestDb) {
        use ReferralAction::{Accept, Acknowledge, Decline, Forward, Withdraw};
        let app = test_app(db.store.clone(), test_auth_settings());
        let worker = actor(&db, "worker", "IOM-AF", Role::Caseworker).await;
        let herat = actor(&db, "herat", "MOI-HER", Role::ProvincialOfficer).await;
        let liaison = actor(&db, "liaison", "MOI", Role::MinistryLiaison).await;
        let case = case(&app, &worker).await;

        // To the national office: its liaison may forward it; the sender may withdraw.
        let national = refer(&app, &worker, case, "MOI", &db).await;
        assert_eq!(offered(&app, &liaison, national).await, [Acknowledge, Decline, Forward]);
        assert_eq!(offered(&app, &worker, national).await, [Withdraw]);

        // To Herat: the office and the liaison, who sees every office's, act on it; only
        // the national office's own referrals are forwarded.
        let to_herat = refer(&app, &worker, case, "MOI-HER", &db).await;
        assert_eq!(offered(&app, &herat, to_herat).await, [Acknowledge, Decline]);
        assert_eq!(offered(&app, &liaison, to_herat).await, [Acknowledge, Decline]);
        let refused = app
            .forward_referral(&liaison, to_herat, db.organization("MOI-KAB").await.id, None, NOW)
            .await;
        assert!(refused.is_err(), "a provincial office's referral is not forwarded");

        // Each action offered is one the app takes.
        app.act_on_referral(&herat, to_herat, Acknowledge, None, NOW)
            .await
            .unwrap();
        assert_eq!(offered(&app, &herat, to_herat).await, [Accept, Decline]);
        app.act_on_referral(&herat, to_herat, Decline, Some("No room.".into()), NOW)
            .await
            .unwrap();
        assert!(offered(&app, &herat, to_herat).await.is_empty());
        assert!(offered(&app, &worker, to_herat).await.is_empty(), "declined is final");
    }

    async fn only_the_ministry_of_interior_refers_a_new_person(db: TestDb) {
        let app = test_app(db.store.clone(), test_auth_settings());
        for (username, organization, role, refers) in [
            ("herat", "MOI-HER", Role::ProvincialOfficer, true),
            ("liaison", "MOI", Role::MinistryLiaison, true),
            ("worker", "IOM-AF", Role::Caseworker, false),
            ("justice", "MOJ", Role::PartnerFocalPoint, false),
            ("auditor", "IOM-AF", Role::Auditor, false),
        ] {
            let who = actor(&db, username, organization, role).await;
            assert_eq!(app.may_refer_new_person(&who), refers, "{username}");
        }
    }

    async fn a_return_offers_its_next_step_and_visits_from_arrival_on(db: TestDb) {
        let app = test_app(db.store.clone(), test_auth_settings());
        let worker = actor(&db, "worker", "IOM-AF", Role::Caseworker).await;
        let programme = actor(&db, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let case = case(&app, &worker).await;
        let consent = ConsentEntry {
            kind: ConsentKind::Return,
            given_on: NOW.date() - Duration::days(1),
            organization_kinds: Vec::new(),
            given_by: GivenBy::Person,
            method: None,
            interpreter_used: false,
        };
        app.record_consent(&worker, case, consent, NOW).await.unwrap();
        let journey = ReturnEntry {
            case_id: case,
            direction: ReturnDirection::FromAfghanistan,
            origin: Place::in_afghanistan(Province::Herat),
            destination: Place::abroad("TJ".parse().unwrap()),
            cooperating: None,
            escort_required: false,
            travel_date: None,
            needs: None,
        };
        let mut seen = app.request_return(&worker, journey, NOW).await.unwrap();
        let id = seen.return_case.id;
        assert_eq!(
            app.return_moves(&worker, &seen.return_case),
            [ReturnStatus::Counselling, ReturnStatus::Cancelled]
        );
        assert!(app.return_moves(&programme, &seen.return_case).is_empty());
        assert!(!app.may_record_visit(&worker, &seen.return_case));
        while seen.return_case.status != ReturnStatus::Arrived {
            let moves = app.return_moves(&worker, &seen.return_case);
            let next = moves[0];
            assert_eq!(Some(next), seen.return_case.status.next());
            seen = app.move_return(&worker, id, next, None, NOW).await.unwrap();
        }
        assert_eq!(
            app.return_moves(&worker, &seen.return_case),
            [ReturnStatus::Reintegration],
            "no cancelling after departure"
        );
        assert!(app.may_record_visit(&worker, &seen.return_case));
        assert!(!app.may_record_visit(&programme, &seen.return_case));
    }
}
