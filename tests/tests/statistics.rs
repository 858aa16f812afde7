//! The national statistics report over HTTP on both backends: who may read it and over
//! which provinces (a provincial office its own; another province is not found), its
//! figures against a small fixture, that no cell counting 1–4 people is shown and that no
//! shown total pins a suppressed cell, its CSV and XLSX, and the audit of every export.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use panah_domain::Role;
use panah_persistence::AuditFilter;
use panah_tests::{PASSWORD, TestApp, TestDb, assert_invalid, get, on_both_backends, post};
use serde_json::{Value, json};

/// A signed-in token of a new user of `role` in `org`.
async fn token(db: &TestDb, app: &TestApp, username: &str, org: &str, role: Role) -> String {
    db.create_user(username, org, &[role]).await;
    app.token(username, PASSWORD).await
}

/// Registers a case; returns its id.
async fn case(app: &TestApp, token: &str, spec: (&str, &str, &str, u8, &str, &[&str])) -> String {
    let (category, province, sex, age, identified_on, exploitation) = spec;
    let body = json!({
        "category": category, "province": province, "identified_on": identified_on,
        "person": { "given_name": "Sentinel", "sex": sex, "estimated_age": age, "citizenship": "AF" },
        "trafficking": { "exploitation_types": exploitation },
    });
    let created = post(app, token, "/api/v1/cases", &body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// Asserts that no count of people in `report` is a number from 1 to 4, and that no
/// suppressed cell of a breakdown can be worked out from its shown total and the other
/// cells (`"<5"` is 1 to 4, `"x"` at least 5).
fn assert_suppressed(report: &Value) {
    let groups = [
        ("victims", vec!["by_province", "by_sex", "by_age_group"]),
        ("proceedings", vec!["by_law"]),
    ];
    for (section, breakdowns) in groups {
        let total = &report[section]["total"];
        for name in breakdowns {
            assert_breakdown(total, &report[section][name], &format!("{section}.{name}"));
        }
    }
    assert_breakdown(
        &report["proceedings"]["convictions"],
        &report["proceedings"]["convictions_by_law"],
        "convictions",
    );
    let participants = &report["trainings"]["participants"];
    assert_breakdown(
        &participants["total"],
        &participants["by_sex"],
        "participants",
    );
    assert_breakdown(
        &Value::Null,
        &report["victims"]["by_exploitation_type"],
        "exploitation",
    );
    for name in ["by_purpose", "by_status"] {
        assert_breakdown(&Value::Null, &report["referrals"][name], name);
    }
}

/// One breakdown: no shown count from 1 to 4 (the total either), and with a shown total,
/// every suppressed cell still has more than one possible value.
fn assert_breakdown(total: &Value, breakdown: &Value, name: &str) {
    let cells = breakdown.as_object().unwrap();
    for value in cells.values().chain([total]) {
        if let Some(n) = value.as_u64() {
            assert!(n == 0 || n >= 5, "{name}: {n} is shown in {breakdown}");
        }
    }
    let Some(total) = total.as_u64() else {
        return;
    };
    let shown: u64 = cells.values().filter_map(Value::as_u64).sum();
    let rest = total - shown;
    let bounds: Vec<(u64, u64)> = cells
        .values()
        .filter(|v| !v.is_u64())
        .map(|v| if v == "<5" { (1, 4) } else { (5, rest) })
        .collect();
    for (i, (low, high)) in bounds.iter().enumerate() {
        let others_low: u64 = bounds
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, b)| b.0)
            .sum();
        let others_high: u64 = bounds
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, b)| b.1)
            .sum();
        let least = (*low).max(rest.saturating_sub(others_high));
        let most = (*high).min(rest.saturating_sub(others_low));
        assert!(
            least < most,
            "{name}: a suppressed cell of {breakdown} is {least} given the total {total}"
        );
    }
}

on_both_backends! {
    async fn the_statistics_report_is_aggregate_suppressed_scoped_to_a_province_and_audited(db: TestDb) {
        let app = TestApp::spawn(&db).await;
        let worker = token(&db, &app, "worker", "IOM-AF", Role::Caseworker).await;
        let manager = token(&db, &app, "manager", "IOM-AF", Role::CaseManager).await;
        let programme = token(&db, &app, "programme", "IOM-AF", Role::ProgrammeManager).await;
        let liaison = token(&db, &app, "liaison", "MOI", Role::MinistryLiaison).await;
        let herat = token(&db, &app, "herat", "MOI-HER", Role::ProvincialOfficer).await;
        let kabul = token(&db, &app, "kabul", "MOI-KAB", Role::ProvincialOfficer).await;

        let (vot, presumed) = ("victim_of_trafficking", "presumed_victim");
        let day = "2026-03-01";
        let mut herat_cases = Vec::new();
        for spec in [
            (vot, "AF-HER", "female", 30, day, &["forced_labour"][..]),
            (vot, "AF-HER", "female", 32, day, &["forced_labour", "debt_bondage"][..]),
            (presumed, "AF-HER", "female", 35, day, &["forced_labour"][..]),
            (presumed, "AF-HER", "female", 19, day, &["sexual_exploitation"][..]),
            (vot, "AF-HER", "female", 20, day, &["forced_labour"][..]),
            (vot, "AF-HER", "male", 33, day, &["forced_labour"][..]),
        ] {
            herat_cases.push(case(&app, &worker, spec).await);
        }
        for spec in [
            (presumed, "AF-KAB", "male", 40, day, &["forced_begging"][..]),
            (vot, "AF-KAB", "male", 41, day, &["forced_labour"][..]),
            // Not counted: not identified as a victim, or identified before the period.
            ("vulnerable_migrant", "AF-KAB", "male", 25, day, &[][..]),
            (vot, "AF-KAB", "female", 25, "2025-12-20", &["forced_labour"][..]),
        ] {
            case(&app, &worker, spec).await;
        }
        // Three proceedings in Herat, one ending in a conviction.
        for (case, law, to) in [
            (&herat_cases[0], "ctip_2017", &["investigation", "prosecution", "trial", "verdict"][..]),
            (&herat_cases[1], "ctip_2017", &[][..]),
            (&herat_cases[2], "lkht_2008", &[][..]),
        ] {
            let opened = post(&app, &manager, &format!("/api/v1/cases/{case}/proceedings"), &json!({
                "law": law, "articles": ["4"], "reported_on": "2026-03-05", "province": "AF-HER",
            })).await;
            assert_eq!(opened.status, 201, "{}", opened.body);
            let id = opened.body["id"].as_str().unwrap();
            for to in to {
                let outcome = if *to == "verdict" { json!("conviction") } else { Value::Null };
                let moved = post(&app, &manager, &format!("/api/v1/proceedings/{id}/transitions"),
                    &json!({"to": to, "outcome": outcome})).await;
                assert_eq!(moved.status, 200, "{}", moved.body);
            }
        }
        let iom = db.organization("IOM-AF").await.id.0.to_string();
        let moi_her = db.organization("MOI-HER").await.id.0.to_string();
        let training = post(&app, &manager, "/api/v1/trainings", &json!({
            "title": "Identifying victims", "topic": "identification", "province": "AF-HER",
            "starts_on": "2026-04-01", "ends_on": "2026-04-02", "organizer_organization_id": iom,
            "participants": [{"organization_id": moi_her, "female": 5, "male": 7}],
        })).await;
        assert_eq!(training.status, 201, "{}", training.body);
        let activity = post(&app, &manager, "/api/v1/awareness-activities", &json!({
            "province": "AF-HER", "date": "2026-04-10", "channel": "radio", "estimated_reach": 2_000,
        })).await;
        assert_eq!(activity.status, 201, "{}", activity.body);

        let year = "from=2026-01-01&to=2026-12-31";
        let path = |query: &str| format!("/api/v1/reports/statistics?{year}{query}");

        // Nationally, for the liaison and for case managers alike.
        let national = get(&app, &liaison, &path("")).await;
        assert_eq!(national.status, 200, "{}", national.body);
        let report = &national.body;
        assert_eq!(report["province"], Value::Null);
        assert_eq!(report["period"], json!({"from": "2026-01-01", "to": "2026-12-31"}));
        assert_eq!(report["victims"]["total"], 8);
        assert_eq!(report["victims"]["by_province"], json!({"AF-HER": "x", "AF-KAB": "<5"}));
        assert_eq!(report["victims"]["by_sex"], json!({"female": "x", "male": "<5", "other": 0, "unknown": 0}));
        assert_eq!(report["victims"]["by_exploitation_type"]["forced_labour"], 6);
        assert_eq!(report["victims"]["by_exploitation_type"]["debt_bondage"], "<5");
        assert_eq!(report["victims"]["by_exploitation_type"]["organ_removal"], 0);
        assert_eq!(report["proceedings"]["total"], "<5");
        assert_eq!(report["proceedings"]["convictions"], "<5");
        assert_eq!(report["trainings"], json!({"events": 1, "participants": {
            "total": 12, "by_sex": {"female": 5, "male": 7}}}));
        assert_eq!(report["awareness"]["estimated_reach"], 2_000);
        assert_eq!(report["awareness"]["by_channel"]["radio"], json!({"activities": 1, "estimated_reach": 2_000}));
        assert_suppressed(report);
        let by_manager = get(&app, &manager, &path("")).await;
        assert_eq!(by_manager.body, national.body);
        let kabul_only = get(&app, &liaison, &path("&province=AF-KAB")).await;
        assert_eq!(kabul_only.body["victims"]["total"], "<5");
        assert_suppressed(&kabul_only.body);

        // A provincial office: its own province, by default and when asked; another is
        // not found.
        let own = get(&app, &herat, &path("")).await;
        assert_eq!(own.status, 200, "{}", own.body);
        assert_eq!(own.body["province"], "AF-HER");
        // Five women and one man: the man's "<5" would be 6 − 5, so the 5 is hidden, and
        // then the total, and with it the one province that would repeat it.
        assert_eq!(own.body["victims"]["total"], "x");
        assert_eq!(own.body["victims"]["by_sex"]["male"], "<5");
        assert_eq!(own.body["victims"]["by_province"], json!({"AF-HER": "x"}));
        assert_suppressed(&own.body);
        assert_eq!(get(&app, &herat, &path("&province=AF-HER")).await.body, own.body);
        let other = get(&app, &herat, &path("&province=AF-KAB")).await;
        assert_eq!(other.status, 404, "{}", other.body);
        assert_eq!(other.body["code"], "not_found");
        let kabul_own = get(&app, &kabul, &path("")).await;
        assert_eq!(kabul_own.body["victims"]["total"], "<5");
        assert_eq!(kabul_own.body["trainings"]["events"], 0);

        // Nobody else.
        for who in [&worker, &programme] {
            let refused = get(&app, who, &path("")).await;
            assert_eq!(refused.status, 403, "{}", refused.body);
        }
        assert_invalid(&get(&app, &liaison, "/api/v1/reports/statistics?from=2026-07-01&to=2026-06-30").await, &["from"]);
        assert_invalid(&get(&app, &liaison, &path("&province=AF-XYZ")).await, &["province"]);

        // CSV and XLSX, the same figures.
        let csv = app.get_as(&liaison, &path("&format=csv")).await;
        assert_eq!(csv.status(), 200);
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        assert_eq!(
            csv.headers()["content-disposition"],
            "attachment; filename=\"statistics-all-2026-01-01-2026-12-31.csv\""
        );
        let text = csv.text().await.unwrap();
        for row in [
            "victims,total,all,8,",
            "victims,by_province,AF-KAB,<5,Kabul",
            "victims,by_exploitation_type,forced_labour,6,Forced labour",
            "proceedings,convictions,all,<5,",
            "awareness,reach_by_channel,radio,2000,Radio",
        ] {
            assert!(text.split("\r\n").any(|r| r == row), "no row {row:?} in\n{text}");
        }
        assert!(!text.contains("Sentinel"), "{text}");
        let xlsx = app.get_as(&herat, &path("&format=xlsx")).await;
        assert_eq!(xlsx.status(), 200);
        let book = panah_tests::xlsx::Xlsx::open(xlsx.bytes().await.unwrap().to_vec());
        assert_eq!(book.sheets, ["Summary", "Victims", "Referrals", "Proceedings", "Trainings and awareness"]);
        assert_eq!(book.cell("Victims", "B1"), panah_tests::xlsx::Stored::Text("x".into()));

        // Every export is audited, naming the province or "all"; refusals export nothing.
        let filter = AuditFilter { action: Some("report.statistics".into()), ..Default::default() };
        let entries = db.store.list_audit(&filter, 100).await.unwrap();
        assert_eq!(entries.len(), 8);
        let mut targets: Vec<String> = entries.iter().filter_map(|e| e.target_id.clone()).collect();
        targets.sort();
        assert_eq!(targets, ["AF-HER", "AF-HER", "AF-HER", "AF-KAB", "AF-KAB", "all", "all", "all"]);
    }
}
