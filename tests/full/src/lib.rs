//! Helpers for the tests of crates generated from the official AWS models.

pub use test_support::{capture, faults, moto};

pub mod compat;
