use sdk_s3 as s3;
include!("../../s3_program.rs");
