//! The OpenAPI document as outside tools use it: a standard validator accepts it, and a
//! Python client generated from it works against the real `panah serve`.
//!
//! The tools live in a Python virtual environment named by `PANAH_TEST_OPENAPI_VENV`, with
//! `tests/openapi/requirements.txt` installed; `.ci/run` makes it. Without the variable
//! these tests check nothing (and say so), as the PostgreSQL variants do without theirs.
// Helpers outside #[test] functions panic on purpose too: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PANAH: &str = env!("CARGO_BIN_EXE_panah");

/// The environment variable naming the virtual environment with the OpenAPI tools.
const VENV_VAR: &str = "PANAH_TEST_OPENAPI_VENV";

/// The workspace's root folder.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The committed OpenAPI document, which a test of `panah-api` holds equal to the one
/// served.
fn document() -> PathBuf {
    root().join("crates/api/openapi.json")
}

/// A command of the virtual environment's, with its `bin` folder first on the `PATH` (the
/// client generator runs `ruff` from there), or `None` when the variable is not set.
fn tool(name: &str) -> Option<Command> {
    let Some(venv) = std::env::var_os(VENV_VAR) else {
        eprintln!("{VENV_VAR} is not set: the OpenAPI tools check nothing");
        return None;
    };
    let bin = Path::new(&venv).join("bin");
    let mut path = OsString::from(&bin);
    if let Some(rest) = std::env::var_os("PATH") {
        path.push(":");
        path.push(rest);
    }
    let mut command = Command::new(bin.join(name));
    command.env("PATH", path);
    Some(command)
}

/// Runs `command` and returns its output, failing with everything it printed unless it
/// succeeded.
fn succeed(command: &mut Command) -> Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn the_openapi_document_is_valid() {
    let Some(mut validator) = tool("openapi-spec-validator") else {
        return;
    };
    let output = succeed(
        validator
            .arg("--validation-errors")
            .arg("all")
            .arg(document()),
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .ends_with(": OK"),
        "{output:?}"
    );
}

#[test]
fn a_client_generated_from_the_document_signs_in_registers_a_case_and_lists_it() {
    let Some(mut generator) = tool("openapi-python-client") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let output = succeed(
        generator
            .args(["generate", "--meta", "none", "--path"])
            .arg(document())
            .arg("--output-path")
            .arg(dir.path().join("panah_client")),
    );
    // The generator still succeeds when it had to leave out what it could not read.
    let printed = String::from_utf8_lossy(&output.stdout) + String::from_utf8_lossy(&output.stderr);
    assert!(!printed.contains("Warning"), "{printed}");

    let mut roundtrip = tool("python").unwrap();
    succeed(
        roundtrip
            .arg(root().join("tests/openapi/client_roundtrip.py"))
            .args(["--panah", PANAH])
            .env("PYTHONPATH", dir.path()),
    );
}
