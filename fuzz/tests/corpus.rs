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

/// Seconds each target is fuzzed for in the test suite (`PANAH_FUZZ_SECONDS`).
const SECONDS_PER_TARGET: u64 = 5;

/// Bytes that parsers trip on: quotes, escapes, brackets, NUL, invalid UTF-8, a joiner, a
/// combining accent, Arabic letters and digits, a right-to-left mark.
const INTERESTING: [&[u8]; 14] = [
    b"\"",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\0",
    b"\xff",
    "\u{200D}".as_bytes(),
    "\u{0301}".as_bytes(),
    "ي".as_bytes(),
    "۷".as_bytes(),
    "\u{200F}".as_bytes(),
    b"-1e999",
];

/// Every target fuzzed for a bounded time with blind mutations of its corpus and
/// dictionary: no coverage guidance (that is `fuzz/run`, built instrumented), but it runs
/// in every `cargo test` and in CI. The seed is printed, and `PANAH_FUZZ_SEED` replays it.
#[test]
fn every_target_survives_random_mutations_of_its_corpus() {
    use rand::{RngExt, SeedableRng};

    let seconds = std::env::var("PANAH_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SECONDS_PER_TARGET);
    let seed = std::env::var("PANAH_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(rand::random::<u64>);
    println!("PANAH_FUZZ_SEED={seed}, {seconds} s per target");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dictionary: Vec<Vec<u8>> = std::fs::read_to_string(root.join("json_body.dict"))
        .unwrap()
        .lines()
        .filter_map(|line| line.strip_prefix('"')?.strip_suffix('"'))
        .map(|token| token.replace("\\\"", "\"").into_bytes())
        .collect();
    assert!(!dictionary.is_empty());

    for (target, check) in panah_fuzz::TARGETS {
        let mut rng = rand::rngs::Xoshiro256PlusPlus::seed_from_u64(seed);
        let corpus: Vec<Vec<u8>> = std::fs::read_dir(root.join("corpus").join(target))
            .unwrap()
            .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
            .collect();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        let mut runs = 0u64;
        while std::time::Instant::now() < deadline {
            let mut input = corpus[rng.random_range(0..corpus.len())].clone();
            for _ in 0..rng.random_range(1..=8) {
                let at = rng.random_range(0..=input.len());
                match rng.random_range(0..6) {
                    0 if at < input.len() => input[at] ^= 1 << rng.random_range(0..8),
                    1 if at < input.len() => {
                        input.remove(at);
                    }
                    2 => input.insert(at, rng.random()),
                    3 => {
                        let token = INTERESTING[rng.random_range(0..INTERESTING.len())];
                        input.splice(at..at, token.iter().copied());
                    }
                    4 => {
                        let token = &dictionary[rng.random_range(0..dictionary.len())];
                        input.splice(at..at, token.iter().copied());
                    }
                    _ => {
                        let other = &corpus[rng.random_range(0..corpus.len())];
                        let from = rng.random_range(0..=other.len());
                        input.truncate(at);
                        input.extend_from_slice(&other[from..]);
                    }
                }
            }
            input.truncate(4096);
            let outcome = std::panic::catch_unwind(|| check(&input));
            assert!(
                outcome.is_ok(),
                "{target} fails on {input:?} (PANAH_FUZZ_SEED={seed}); put the input in \
                 fuzz/corpus/{target}/ once fixed"
            );
            runs += 1;
        }
        println!("{target}: {runs} inputs");
        assert!(runs > 0);
    }
}
