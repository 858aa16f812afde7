//! Replays the committed corpus of every fuzz target (`fuzz/corpus/TARGET/`: the seeds,
//! and every input that once made a target fail) through its check, on every test run:
//! a bug a fuzzer found stays found without a fuzzer.
// A panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

#[test]
fn every_committed_input_passes_its_targets_check() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (target, check) in panah_fuzz::TARGETS {
        let mut replayed = 0;
        for entry in std::fs::read_dir(corpus.join(target)).unwrap() {
            let path = entry.unwrap().path();
            let input = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&input));
            assert!(outcome.is_ok(), "{target} fails on {}", path.display());
            replayed += 1;
        }
        assert!(replayed > 0, "{target} has no corpus");
    }
}
