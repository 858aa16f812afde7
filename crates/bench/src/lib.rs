//! Load benchmarks and the crash harness for Panah: each starts the real `panah` binary
//! in a scratch folder and drives it over HTTP, as a client would. The binary
//! `panah-bench` runs them from the command line; the crash and cluster harnesses also
//! run, in a short form, as tests of the `panah` crate.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod cases;
pub mod cluster;
pub mod crash;
pub mod lists;
pub mod load;
pub mod report;
pub mod server;
