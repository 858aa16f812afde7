//! The Fluent resources are compiled into the crate, but a file added under `locales/`
//! is not one the compiler read before: this tells Cargo to build the crate again when
//! anything in the folder changes, new files included.

fn main() {
    println!("cargo::rerun-if-changed=locales");
}
