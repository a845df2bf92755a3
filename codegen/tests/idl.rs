//! The IDL front end: the same model in the IDL and in the JSON AST loads to equal models,
//! every file of the Smithy specification's test models loads, and broken IDL is reported
//! with its file, line and column and what was expected.

use codegen::load;
use codegen::model::Model;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/idl")
}

/// The first shape (or metadata key) on which two models differ, for a readable failure.
fn first_difference(a: &Model, b: &Model) -> Option<String> {
    for (id, shape) in &a.shapes {
        match b.shapes.get(id) {
            None => return Some(format!("{id} is only in the first model")),
            Some(other) if other != shape => return Some(format!("{id} differs:\n{shape:#?}\nvs\n{other:#?}")),
            _ => {}
        }
    }
    if let Some(id) = b.shapes.keys().find(|id| !a.shapes.contains_key(*id)) {
        return Some(format!("{id} is only in the second model"));
    }
    (a.metadata != b.metadata).then(|| format!("metadata differs:\n{:#?}\nvs\n{:#?}", a.metadata, b.metadata))
}

#[test]
fn the_idl_and_json_ast_forms_of_one_model_load_equal() {
    let idl = load::from_path(&fixtures().join("idl")).unwrap_or_else(|e| panic!("{e}"));
    let json = load::from_path(&fixtures().join("everything.json")).unwrap_or_else(|e| panic!("{e}"));
    if let Some(difference) = first_difference(&idl, &json) {
        panic!("{difference}");
    }
    // Not vacuous: the pair defines the constructs the test is about.
    let shape = |id: &str| idl.shapes.get(&codegen::model::ShapeId::parse(id).expect("id")).unwrap_or_else(|| panic!("{id}"));
    let input = shape("example.everything#GetThingRequest");
    assert_eq!(input.members[0].target.as_str(), "example.everything#ThingId", "elided from the resource");
    let output = shape("example.everything#GetThingOutput");
    let names: Vec<&str> = output.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["createdBy", "createdAt", "thingId", "label"], "mixin members first");
    assert_eq!(shape("example.everything#PutThingRequest").members.len(), 11);
    assert!(shape("example.everything#Secret").has_trait("smithy.api#sensitive"), "mixin traits are inherited");
    assert_eq!(idl.metadata["quoted key"]["text"], "First line\n  indented\nLast: \"quoted\" A\n");
}

#[test]
fn every_model_file_under_the_smithy_specification_loads() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy");
    let mut files = 0;
    let mut stack = vec![shared.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "smithy") {
                files += 1;
            }
        }
    }
    assert!(files > 100, "expected the specification's models, found {files} files");
    let model = load::from_path(&shared).unwrap_or_else(|e| panic!("{e}"));
    for service in ["aws.protocoltests.query#AwsQuery", "aws.protocoltests.ec2#AwsEc2", "aws.protocoltests.restxml#RestXml"] {
        let id = codegen::model::ShapeId::parse(service).expect("id");
        assert!(model.shapes.contains_key(&id), "{service} is not in the loaded model");
    }
    let tests = model.shapes.values().filter(|s| s.has_trait("smithy.test#httpRequestTests")).count();
    assert!(tests > 100, "only {tests} operations carry request tests");
}

fn idl_error(text: &str) -> String {
    match load::from_idl_str(text, "models/broken.smithy") {
        Ok(_) => panic!("the model should be rejected:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn syntax_errors_name_the_file_line_column_and_what_was_expected() {
    let cases: &[(&str, &[&str])] = &[
        ("$version: \"2\"\nnamespace ex\nstructure {}", &["models/broken.smithy", "line 3, column 11", "expected a shape name, found `{`"]),
        ("$version: \"2\"\nstructure A {}", &["line 2, column 1", "expected `namespace` before any shape"]),
        ("$version: \"3\"\n", &["unsupported Smithy IDL version \"3\""]),
        ("namespace ex\nwidget A", &["line 2, column 1", "expected a shape type", "found `widget`"]),
        ("namespace ex\nstructure A { a String }", &["line 2, column 17", "expected `:`, found `String`"]),
        ("namespace ex\nstructure A {\n  a: String\n", &["line 4, column 1", "expected a member name or `}`, found the end of the file"]),
        ("namespace ex\n@documentation(\"open\nstring A", &["line 2, column 16", "this string is not closed"]),
        ("namespace ex\n@documentation(\"bad \\q\")\nstring A", &["line 2, column 21", "`\\q` is not a valid escape sequence"]),
        ("namespace ex\n@length(min: 1 max: )\nstring A", &["line 2, column 21", "expected a value"]),
        ("namespace ex\nlist L { member: String, other: String }", &["line 2, column 26", "unexpected member `other`"]),
        ("namespace ex\noperation Op { inputs: A }", &["line 2, column 16", "expected `input`, `output`, `errors` or `}`, found `inputs`"]),
        ("namespace ex\nuse Relative\n", &["line 2, column 5", "`use` needs an absolute shape id"]),
        ("namespace ex\napply A", &["line 2, column 8", "expected a trait (`@name`) or `{` after the apply target"]),
        ("namespace ex\nstructure A { a: String, a: Integer }", &["line 2, column 26", "the member `a` is defined twice"]),
        (
            "namespace ex\n@documentation(\"\"\"no line break\"\"\")\nstring A",
            &["line 2, column 19", "expected a line break after the opening"],
        ),
        ("namespace ex\nstructure A with [] {}", &["`with [...]` needs at least one mixin"]),
        ("metadata x = {a: 1, a: 2}\nnamespace ex", &["line 1, column 21", "the key `a` appears twice"]),
        ("namespace ex\nstring A\nmetadata x = 1", &["line 3, column 1", "`metadata` must come before `namespace`"]),
        ("namespace ex\nstring A\nuse other#B", &["line 3, column 1", "`use` must come before the shapes"]),
        ("namespace ex\n@length(min: 01x)\nstring A", &["line 2, column 14", "is not a valid number"]),
        (
            "namespace ex\n@documentation(\"a\")\n@documentation(\"b\")\nstring A",
            &["shape `ex#A`", "the trait `smithy.api#documentation` is applied twice"],
        ),
        ("namespace ex\nstructure A { $id }", &["shape `ex#A$id`", "the elided member `$id` matches no member of its mixins"]),
        ("namespace ex\nstring R\nstructure A for R { $id }", &["shape `ex#A`", "`for ex#R` does not name a resource"]),
        (
            "namespace ex\nresource R { identifiers: { id: String } }\nstructure A for R { $other }",
            &["no identifier or property of `ex#R`"],
        ),
        (
            "namespace ex\n@mixin\nstructure M { a: String }\nstructure A with [M] { a: Integer }",
            &["shape `ex#A$a`", "redeclares the mixin member `a`"],
        ),
    ];
    for (text, expected) in cases {
        let message = idl_error(text);
        for part in *expected {
            assert!(message.contains(part), "for\n{text}\nexpected `{part}` in:\n{message}");
        }
    }
}

#[test]
fn relative_ids_resolve_to_use_then_namespace_then_prelude() {
    let text = r#"$version: "2"
namespace ex
use other#Thing
structure A {
    used: Thing
    local: String
    prelude: Integer
    absolute: smithy.api#Long
}
string String
"#;
    let other = "$version: \"2\"\nnamespace other\nstring Thing\n";
    let dir = std::env::temp_dir().join(format!("idl-resolution-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("a.smithy"), text).expect("write");
    std::fs::write(dir.join("b.smithy"), other).expect("write");
    let model = load::from_path(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let model = model.unwrap_or_else(|e| panic!("{e}"));
    let a = &model.shapes[&codegen::model::ShapeId::parse("ex#A").expect("id")];
    let targets: Vec<&str> = a.members.iter().map(|m| m.target.as_str()).collect();
    assert_eq!(targets, ["other#Thing", "ex#String", "smithy.api#Integer", "smithy.api#Long"]);
}
