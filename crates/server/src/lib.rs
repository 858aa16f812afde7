//! The `panah` binary's library: configuration, keys, logging and the server's wiring.
//! The binary itself (`main.rs`) only parses the command line and calls in here.

pub mod accounts;
pub mod backup;
pub mod config;
pub mod keys;
pub mod operator;
pub mod report;
pub mod rotation;
pub mod serve;
pub mod telemetry;
