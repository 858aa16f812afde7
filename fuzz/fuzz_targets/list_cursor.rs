//! libFuzzer's entry point for the `list_cursor` target.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| panah_fuzz::list_cursor(data));
