//! The README's tour, pasted as a reader would: its first `sh` block after "A tour with
//! demo data", run by bash on a fresh folder, against this build of `panah` instead of
//! `target/release/panah`, on a free port instead of 8080. Also: the README's test command
//! is the one CI runs.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

const PANAH: &str = env!("CARGO_BIN_EXE_panah");

fn repository_file(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path),
    )
    .unwrap()
}

/// The first ```sh block after the heading `heading` in `markdown`.
fn first_sh_block<'a>(markdown: &'a str, heading: &str) -> &'a str {
    let (_, after) = markdown
        .split_once(heading)
        .unwrap_or_else(|| panic!("no heading {heading:?}"));
    let (_, block) = after.split_once("```sh\n").expect("a sh block");
    block.split_once("```").expect("a closed block").0
}

/// Whether `tool` runs here.
fn available(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn the_readmes_tour_works_when_pasted_in_order() {
    if !(available("curl") && available("jq")) {
        eprintln!("curl or jq is missing: the README's tour is not run");
        return;
    }
    let readme = repository_file("README.md");
    let tour = first_sh_block(&readme, "### A tour with demo data");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let script = tour
        .replace("cargo run --release --", PANAH)
        .replace("target/release/panah", PANAH)
        .replace("localhost:8080", &format!("localhost:{port}"));
    let dir = tempfile::tempdir().unwrap();
    // The server the tour starts in the background must not outlive a failure.
    let script =
        format!("set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n{script}");
    let mut command = Command::new("bash");
    command.current_dir(dir.path()).arg("-c").arg(&script);
    for (key, _) in std::env::vars() {
        if key.starts_with("PANAH") || key == "RUST_LOG" {
            command.env_remove(key);
        }
    }
    let output = command
        .env("PANAH__SERVER__BIND", format!("127.0.0.1:{port}"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the tour failed\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    for shown in [
        "demo.caseworker1   caseworker",
        "\"next_cursor\": null",
        "\"side\": \"receiver\"",
        "\"code\": \"forbidden\"",
        "\"username\": \"demo.programme\"",
        "\"code\": \"IOM-AF\"",
        "\"purpose\": \"donor_reporting\"",
        "written to funding.csv (csv, ",
        "audit chain intact: ",
        "USERNAME          ORGANIZATION  ROLES",
    ] {
        assert!(
            stdout.contains(shown),
            "the tour did not show {shown:?}:\n{stdout}"
        );
    }
    let workbook = std::fs::read(dir.path().join("funding.xlsx")).unwrap();
    assert!(workbook.starts_with(b"PK"), "funding.xlsx is a workbook");
    let csv = std::fs::read_to_string(dir.path().join("funding.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}section,group,key,value,label\r\n"));
}

#[test]
fn the_readmes_test_command_is_the_one_ci_runs() {
    let ci = repository_file(".ci/run");
    let command = ci
        .split_once("# The README's test command:\n")
        .and_then(|(_, rest)| rest.lines().next())
        .expect(".ci/run marks the README's test command");
    let readme = repository_file("README.md");
    let block = first_sh_block(&readme, "## Test it");
    assert_eq!(block.trim(), command, "README's test command and .ci/run's");
    assert!(
        readme.contains(&format!(
            "PANAH_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres {command}"
        )),
        "the PostgreSQL variant runs the same command"
    );
}
