//! libFuzzer's entry point for the `json_body` target.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| panah_api::fuzzing::request_body(data));
