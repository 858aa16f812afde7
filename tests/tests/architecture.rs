//! The architecture's invariants (ARCHITECTURE.md), held by tests: which crate may depend
//! on which, what the binary may take from the store, and that no door or rule compares
//! role names instead of asking the policy, and that the API writes every timestamp one way.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The workspace's root folder.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// Every workspace package and the workspace packages it depends on for its code (not
/// its tests), from `cargo metadata`.
fn workspace_graph() -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours: BTreeSet<String> = packages
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    packages
        .iter()
        .map(|package| {
            let dependencies = package["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["kind"].is_null())
                .map(|d| d["name"].as_str().unwrap().to_owned())
                .filter(|name| ours.contains(name))
                .collect();
            (package["name"].as_str().unwrap().to_owned(), dependencies)
        })
        .collect()
}

#[test]
fn each_crate_depends_only_on_the_crates_below_it() {
    // What each crate may use. Above all: the doors (the API and the web pages) never reach
    // the store, and reports never read it themselves.
    let allowed: &[(&str, &[&str])] = &[
        ("panah-domain", &[]),
        ("panah-persistence", &["panah-domain"]),
        ("panah-reports", &["panah-domain"]),
        // The printed report: the report typeset with the words of the pages.
        (
            "panah-pdf",
            &["panah-domain", "panah-reports", "panah-i18n"],
        ),
        (
            "panah-app",
            &[
                "panah-domain",
                "panah-persistence",
                "panah-reports",
                "panah-pdf",
            ],
        ),
        ("panah-api", &["panah-domain", "panah-app"]),
        // The words of the pages and printed reports, in three languages.
        ("panah-i18n", &["panah-domain"]),
        // The web pages are a door like the API: never the store.
        // It draws the report's charts from the labelled report the printed one draws.
        (
            "panah-web",
            &["panah-domain", "panah-app", "panah-i18n", "panah-pdf"],
        ),
        (
            "panah",
            &[
                "panah-domain",
                "panah-persistence",
                "panah-app",
                "panah-api",
                "panah-web",
            ],
        ),
        ("panah-bench", &[]),
        // The fuzz targets feed the API's and the store's parsers directly.
        ("panah-fuzz", &["panah-api", "panah-persistence"]),
        (
            "panah-tests",
            &[
                "panah-domain",
                "panah-persistence",
                "panah-reports",
                "panah-app",
                "panah-api",
                "panah",
            ],
        ),
    ];
    let graph = workspace_graph();
    let listed: BTreeSet<&str> = allowed.iter().map(|(name, _)| *name).collect();
    let found: BTreeSet<&str> = graph.keys().map(String::as_str).collect();
    assert_eq!(listed, found, "a crate is missing from this test, or gone");
    for (name, may) in allowed {
        let may: BTreeSet<String> = may.iter().map(|d| (*d).to_owned()).collect();
        let extra: Vec<_> = graph[*name].difference(&may).collect();
        assert!(extra.is_empty(), "{name} must not depend on {extra:?}");
    }
}

/// The Rust sources under `folder`, with their text.
fn sources(folder: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path, text));
            }
        }
    }
    found
}

#[test]
fn the_binary_takes_from_the_store_only_what_wiring_needs() {
    // Opening and migrating the database, rotating keys, copying it for a backup and
    // refreshing its planner statistics: everything else the server and the benchmarks do
    // goes through the app, which checks first. The store's unchecked
    // reads (an identity opened without an audit entry, every case at once) are named
    // here so that none of them can creep into the command line or the demo.
    let wiring = ["Store", "FieldKeys", "DatabaseOptions"];
    let unchecked = [
        "case_for_change",
        "referral_identity",
        "record_audit",
        "CaseScope",
        "ReferralScope",
        "list_audit",
        "create_case",
        "create_user",
    ];
    let mut breaches = Vec::new();
    for crate_dir in ["crates/server/src", "crates/bench/src"] {
        for (path, text) in sources(&root().join(crate_dir)) {
            for (n, line) in text.lines().enumerate() {
                let at = format!("{}:{}", path.display(), n + 1);
                if let Some(rest) = line.split("panah_persistence::").nth(1) {
                    let items: Vec<&str> = rest
                        .trim_start_matches('{')
                        .split(|c: char| !c.is_alphanumeric() && c != '_')
                        .filter(|item| !item.is_empty())
                        .collect();
                    for item in items {
                        if !wiring.contains(&item) {
                            breaches.push(format!("{at}: panah_persistence::{item}"));
                        }
                    }
                }
                for name in unchecked {
                    let store_call = format!("store.{name}(");
                    let store_type = format!("panah_persistence::{name}");
                    if line.contains(&store_call) || line.contains(&store_type) {
                        breaches.push(format!("{at}: {name}"));
                    }
                }
            }
        }
    }
    assert!(breaches.is_empty(), "{breaches:#?}");
}

#[test]
fn only_the_policy_compares_roles() {
    // A door or a rule that asks "is this a case manager?" instead of "may this actor
    // close cases?" would drift from the policy the first time a role changes.
    let comparisons = [
        "contains(Role::",
        "contains(&Role::",
        "== Role::",
        "!= Role::",
    ];
    let policy = [
        "crates/domain/src/policy.rs",
        "crates/domain/src/role.rs",
        "crates/domain/src/user.rs",
    ];
    let mut found = Vec::new();
    for (path, text) in sources(&root().join("crates")) {
        let relative = path.strip_prefix(root()).unwrap().display().to_string();
        if policy.contains(&relative.as_str()) || relative.contains("/tests/") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if comparisons.iter().any(|c| line.contains(c)) {
                found.push(format!("{relative}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_api_writes_every_timestamp_one_way() {
    // `crate::timestamp` fixes the precision and the zone of every timestamp sent; a field
    // written with the `time` crate's own RFC 3339 would show nanoseconds or none at all,
    // depending on where its value came from.
    let mut found = Vec::new();
    for (path, text) in sources(&root().join("crates/api/src")) {
        let relative = path.strip_prefix(root()).unwrap().display().to_string();
        if relative == "crates/api/src/timestamp.rs" {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            if line.contains("time::serde") {
                found.push(format!("{relative}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
