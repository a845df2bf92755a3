//! Each structure gets the codec halves that requests and responses use: `write_members`
//! where an input (or the output of an operation with waiters) reaches it, `merge_field`
//! where an output or an error reaches it.

fn generate(model: &str) -> codegen::emit::Files {
    let model = codegen::load::from_idl_str(model, "models/directions.smithy").unwrap_or_else(|e| panic!("{e}"));
    codegen::generate_model(&model).unwrap_or_else(|e| panic!("{e}"))
}

/// Whether the file of `types::{name}` has `write_members` and `merge_field`.
fn halves(files: &codegen::emit::Files, file: &str) -> (bool, bool) {
    let text = files.get(&format!("src/types/_{file}.rs")).unwrap_or_else(|| panic!("no {file}: {:?}", files.keys()));
    (text.contains("fn write_members"), text.contains("fn merge_field"))
}

const MODEL: &str = r#"$version: "2.0"
namespace ex
use smithy.waiters#waitable
@aws.protocols#awsJson1_0
@aws.auth#sigv4(name: "ex")
service Svc { version: "1", operations: [Put, Get, Watch] }
operation Put { input := { sent: Sent, both: Both }, output := {} }
operation Get { input := {}, output := { received: Received, both: Both }, errors: [Fault] }
@waitable(Done: { acceptors: [{ state: "success", matcher: { output: { path: "watched.state", expected: "done", comparator: "stringEquals" } } }] })
operation Watch { input := {}, output := { watched: Watched } }
structure Sent { a: String }
structure Received { b: String }
structure Both { c: String }
structure Watched { state: String }
structure Detail { d: String }
@error("client")
structure Fault { detail: Detail }
"#;

#[test]
fn codec_halves_follow_what_reaches_each_structure() {
    let files = generate(MODEL);
    assert_eq!(halves(&files, "sent"), (true, false), "input only: written, never read");
    assert_eq!(halves(&files, "received"), (false, true), "output only: read, never written");
    assert_eq!(halves(&files, "both"), (true, true));
    assert_eq!(halves(&files, "watched"), (true, true), "a waiter evaluates its path over the written output");
    assert_eq!(halves(&files, "detail"), (false, true), "errors are read");
}
