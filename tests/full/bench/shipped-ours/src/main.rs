//! The as-shipped program against the ours crate.

use sdk_rds as rds;

include!("../../shipped.rs");
