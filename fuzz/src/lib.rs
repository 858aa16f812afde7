//! The fuzz targets' checks, shared by the libFuzzer binaries (`fuzz_targets/`, built and
//! run by `fuzz/run`) and by the replay of the committed corpus (`tests/corpus.rs`), which
//! runs in the test suite. Each check panics when a promise does not hold.
//!
//! The checks of the API's parsers live beside them, in `panah_api::fuzzing`, since the
//! request types are the API's own; the blind-index normaliser's are here.

use panah_persistence::{normalise_phone, normalise_text};

/// A check that panics when one of its promises does not hold for the input.
pub type Check = fn(&[u8]);

/// The targets, each with the check its inputs go through.
pub const TARGETS: [(&str, Check); 4] = [
    ("json_body", panah_api::fuzzing::request_body),
    ("access_token", panah_api::fuzzing::access_token),
    ("list_cursor", list_cursor),
    ("blind_index", blind_index),
];

/// The list cursor decoders on `bytes` as a query parameter, and the cursors of
/// positions made of them.
pub fn list_cursor(bytes: &[u8]) {
    // A query parameter reaches a handler as text: bytes that are not UTF-8 never do.
    if let Ok(text) = std::str::from_utf8(bytes) {
        panah_api::fuzzing::list_cursor(text);
    }
    panah_api::fuzzing::cursor_round_trip(bytes);
}

/// The normalisers of names (and document numbers) and of phone numbers, whose output is
/// what the blind indexes are keyed on. A normal form must be one: normalising it again
/// changes nothing, otherwise a value and its own normal form would index apart. Names
/// keep no whitespace, invisible joiner, tatweel, short vowel, Arabic-only letter form or
/// Eastern digit; phone numbers keep ASCII digits only.
pub fn blind_index(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);

    let name = normalise_text(&text);
    assert_eq!(
        normalise_text(&name),
        name,
        "a normal name is its own normal form"
    );
    for c in name.chars() {
        assert!(!c.is_whitespace(), "whitespace left in {name:?}");
        assert!(
            !matches!(
                c,
                '\u{0640}'
                    | '\u{064B}'..='\u{065F}'
                    | '\u{0670}'
                    | '\u{200B}'..='\u{200F}'
                    | '\u{064A}'
                    | '\u{0649}'
                    | '\u{0643}'
                    | '\u{0629}'
                    | '\u{0660}'..='\u{0669}'
                    | '\u{06F0}'..='\u{06F9}'
            ),
            "{c:?} left in {name:?}"
        );
    }

    let phone = normalise_phone(&text);
    assert!(
        phone.bytes().all(|b| b.is_ascii_digit()),
        "a phone number is digits: {phone:?}"
    );
    assert_eq!(
        normalise_phone(&phone),
        phone,
        "a normal phone number is its own normal form"
    );
}
