//! libFuzzer's entry point for the `blind_index` target.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| panah_fuzz::blind_index(data));
