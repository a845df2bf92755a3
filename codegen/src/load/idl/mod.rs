//! The Smithy IDL 2.0 reader: `parse` reads one file's syntax; `resolve` turns it into the
//! same fragment the JSON AST reader makes, once every file's shape ids are known (a
//! relative id may name a shape defined in another file).

mod parse;
mod resolve;
mod syntax;

pub(crate) use parse::parse;
pub(crate) use resolve::{defined, resolve, Known};
pub(crate) use syntax::IdlFile;
