//! Shared machinery of the generated client: schema tables, the codecs that walk them,
//! the protocols built on them, and the request pipeline. Generated code only describes
//! shapes; everything that works the same for every shape lives here, once, so the crate
//! stays small and fast to build.
//!
//! The one seam into generated code is `crate::config`: `SERVICE` (a `config::ServiceMeta`:
//! the service's names and its `Protocol`) and `PROTOCOL`, the same protocol as its own
//! type, through which inputs are written with static calls. A crate carries only the protocol modules its
//! protocol uses; the generator leaves the others out of this file.
#![allow(dead_code)]

pub mod builder;
pub(crate) mod client;
pub(crate) mod codec;
pub(crate) mod config;
pub(crate) mod endpoint;
pub(crate) mod jmespath;
pub(crate) mod operation;
pub(crate) mod protocol;
pub(crate) mod rest;
pub(crate) mod rest_xml;
pub(crate) mod schema;
pub(crate) mod stall;
pub(crate) mod xml;

// What generated code names; a service without enums uses only some of it.
#[allow(unused_imports)]
pub(crate) use codec::{merge, Decode, DecodeError, Decoder, StructValue, Value, WriteResult, Writer};
#[allow(unused_imports)]
pub(crate) use schema::{Member, StructSchema};
