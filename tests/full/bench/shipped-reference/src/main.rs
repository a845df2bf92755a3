//! The as-shipped program against the reference crate.

use aws_sdk_rds as rds;

include!("../../shipped.rs");
