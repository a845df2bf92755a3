//! The RDS scenario of the wire-compatibility test, compiled against `aws_sdk_rds`.
#![allow(dead_code)]
use aws_sdk_rds as rds;
include!("../../../compat/rds_scenario.rs");

/// The session as a boxed future, so that its code is compiled here, as in a program that runs it.
pub fn session(client: &rds::Client) -> std::pin::Pin<Box<dyn std::future::Future<Output = Vec<String>> + Send + '_>> {
    Box::pin(run(client))
}
