//! The compliance-test generator: every client-side case becomes a test, server-only and
//! other protocols' cases do not, and a case that does not fit the model is an error.

use std::path::{Path, PathBuf};

fn smithy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy")
}

#[test]
fn every_client_case_of_the_awsquery_suite_becomes_one_test() {
    let s = smithy();
    let paths = [s.join("traits"), s.join("protocol-tests/awsQuery"), s.join("protocol-tests/shared-types.smithy")];
    let model = codegen::load::from_paths(&paths).unwrap_or_else(|e| panic!("{e}"));
    let suite = codegen::protocol_tests::suite(&model, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(suite.protocol, "awsQuery");
    let tests = &suite.files["tests/protocol.rs"];
    assert_eq!(tests.matches("#[tokio::test]").count(), suite.test_ids.len());
    // Ids used by both a request and a response case give two tests.
    assert_eq!(suite.test_ids.iter().filter(|id| *id == "QueryEmptyInputAndEmptyOutput").count(), 2);
    assert!(suite.files["Cargo.toml"].contains("[dev-dependencies]"));
}

const MODEL: &str = r#"$version: "2.0"
namespace ex

use aws.protocols#awsQuery
use smithy.test#httpRequestTests

@awsQuery
@aws.auth#sigv4(name: "ex")
service Svc { version: "1", operations: [Op] }

@httpRequestTests([
    { id: "ServerOnly", protocol: awsQuery, method: "POST", uri: "/", appliesTo: "server" }
    { id: "OtherProtocol", protocol: "aws.protocols#ec2Query", method: "POST", uri: "/" }
    { id: "Mine", protocol: awsQuery, method: "POST", uri: "/", params: { name: "a" } }
])
operation Op { input := { name: String } }
"#;

#[test]
fn only_this_protocols_client_cases_are_generated() {
    let s = smithy();
    let model = codegen::load::from_paths(&[s.join("traits")]).expect("traits load");
    let mut model = model;
    let own = codegen::load::from_idl_str(MODEL, "ex.smithy").unwrap_or_else(|e| panic!("{e}"));
    model.shapes.extend(own.shapes);
    let suite = codegen::protocol_tests::suite(&model, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(suite.test_ids, ["Mine"]);
    assert!(suite.files["tests/protocol.rs"].contains(".set_name(Some(\"a\".to_owned()))"));
}

#[test]
fn a_case_naming_a_missing_member_is_an_error() {
    let s = smithy();
    let mut model = codegen::load::from_paths(&[s.join("traits")]).expect("traits load");
    let broken = MODEL.replace("params: { name: \"a\" }", "params: { nmae: \"a\" }");
    model.shapes.extend(codegen::load::from_idl_str(&broken, "ex.smithy").unwrap_or_else(|e| panic!("{e}")).shapes);
    let error = codegen::protocol_tests::suite(&model, &Default::default()).err().expect("rejected").to_string();
    assert!(error.contains("protocol test Mine: params names nmae, which OpInput does not have"), "{error}");
}
