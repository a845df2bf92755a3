//! The project's tests of the generator and the crates in `generated/`.

pub use test_support::{capture, faults, moto, root};

/// The generator's options as `cargo xtask codegen` uses them: the AWS partitions of
/// `../shared/endpoints/partitions.json`, which endpoint rules calling `aws.partition` read.
pub fn codegen_options() -> codegen::normalize::Options {
    codegen::normalize::Options { partitions: Some(root().join("../shared/endpoints/partitions.json")), ..Default::default() }
}
