//! The project's tests of the generator and the crates in `generated/`.

pub use test_support::{capture, faults, moto, root};
