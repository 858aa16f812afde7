//! libFuzzer's entry point for the `access_token` target.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| panah_api::fuzzing::access_token(data));
