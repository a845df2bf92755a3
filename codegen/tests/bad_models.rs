//! Every broken model ends in a diagnostic that names the file, the shape and the problem.

fn error_of(json: &str) -> String {
    match codegen::load::from_json_str(json, "models/broken.json").and_then(|m| codegen::generate_model(&m)) {
        Ok(_) => panic!("the model should be rejected:\n{json}"),
        Err(e) => e.to_string(),
    }
}

const SERVICE: &str = r#""ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
    "traits": {"aws.protocols#awsQuery": {}, "aws.auth#sigv4": {"name": "svc"}}}"#;

fn model(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{ {SERVICE}, {shapes} }} }}"#)
}

#[test]
fn diagnostics_name_what_is_wrong() {
    let op = r#""ex#Op": {"type": "operation", "input": {"target": "ex#In"}}"#;
    let cases: Vec<(String, Vec<&str>)> = vec![
        ("{\"smithy\": \"2.0\",\n  \"shapes\": {,}}".into(), vec!["models/broken.json", "invalid JSON at line 2, column 14"]),
        ("[1, 2]".into(), vec!["must be a JSON object"]),
        (r#"{"shapes": {}}"#.into(), vec!["missing the \"smithy\" version"]),
        (r#"{"smithy": "3.0", "shapes": {}}"#.into(), vec!["unsupported Smithy version \"3.0\""]),
        (
            model(&format!(r#"{op}, "ex#In": {{"type": "structure", "members": {{"a": {{"target": "ex#Missing"}}}}}}"#)),
            vec!["models/broken.json", "shape `ex#In$a`", "targets `ex#Missing`, which is not defined"],
        ),
        (
            model(&format!(r#"{op}, "ex#In": {{"type": "structure", "members": {{"a": {{"target": "ex#Op"}}}}}}"#)),
            vec!["shape `ex#In$a`", "a operation; members must target data shapes"],
        ),
        (model(r#""ex#Op": {"type": "operation", "input": {"target": "ex#Nope"}}"#), vec!["shape `ex#Op`", "the input `ex#Nope` is not defined"]),
        (
            model(r#""ex#Op": {"type": "operation", "input": {"target": "smithy.api#String"}}"#),
            vec!["shape `ex#Op`", "is a string; it must be a structure"],
        ),
        (
            model(r#""ex#Op": {"type": "operation", "errors": [{"target": "ex#E"}]}, "ex#E": {"type": "structure", "members": {}}"#),
            vec!["the error `ex#E` lacks the @error trait"],
        ),
        (model(r#""ex#Op": {"type": "operation"}, "ex#X": {"type": "widget"}"#), vec!["shape `ex#X`", "unknown shape type \"widget\""]),
        (model(r#""ex#Op": {"type": "operation"}, "ex#L": {"type": "list"}"#), vec!["shape `ex#L`", "a list needs a \"member\""]),
        (
            model(r#""ex#Op": {"type": "operation"}, "ex#M": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}"#),
            vec!["shape `ex#M$key`", "a map key must be a string"],
        ),
        (
            model(r#""ex#Op": {"type": "operation"}, "ex#A": {"type": "structure", "mixins": [{"target": "ex#B"}], "traits": {"smithy.api#mixin": {}}}, "ex#B": {"type": "structure", "mixins": [{"target": "ex#A"}], "traits": {"smithy.api#mixin": {}}}"#),
            vec!["mixins form a cycle"],
        ),
        (
            model(&format!(r#"{op}, "ex#In": {{"type": "structure", "members": {{"a": {{"target": "smithy.api#String"}}, "A": {{"target": "smithy.api#String"}}}}}}"#)),
            vec!["shape `ex#In$A`", "member names must be unique, ignoring case"],
        ),
        (
            model(r#""ex#Op": {"type": "operation"}, "ex#ApplyMissing": {"type": "apply", "traits": {"smithy.api#documentation": "x"}}"#),
            vec!["`apply` names a shape or member that is not defined"],
        ),
        (
            r#"{"smithy": "2.0", "shapes": {"ex#Svc": {"type": "service", "version": "1", "traits": {"aws.protocols#restJson1": {}, "aws.auth#sigv4": {"name": "s"}}}}}"#.into(),
            vec!["shape `ex#Svc`", "unsupported protocol aws.protocols#restJson1"],
        ),
        (r#"{"smithy": "2.0", "shapes": {}}"#.into(), vec!["the model defines no service shape"]),
        (
            model(r#""ex#Op": {"type": "operation", "traits": {"smithy.api#requestCompression": {"encodings": ["br"]}}}"#),
            vec!["shape `ex#Op`", "@requestCompression lists [\"br\"]; only gzip is supported"],
        ),
        (
            model(r#""ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "traits": {"smithy.api#endpoint": {"hostPrefix": "{zone}."}}}, "ex#In": {"type": "structure", "members": {}}"#),
            vec!["shape `ex#Op`", "the host prefix \"{zone}.\" names \"zone\", which is not a member of the input"],
        ),
    ];
    for (json, expected) in cases {
        let text = error_of(&json);
        for needle in expected {
            assert!(text.contains(needle), "for model\n{json}\nexpected the error to contain {needle:?}, got:\n{text}");
        }
    }
}

#[test]
fn a_valid_model_with_mixins_and_apply_loads() {
    let json = model(
        r#""ex#Op": {"type": "operation", "input": {"target": "ex#In"}},
        "ex#Base": {"type": "structure", "members": {"id": {"target": "smithy.api#String"}}, "traits": {"smithy.api#mixin": {}, "smithy.api#documentation": "base"}},
        "ex#In": {"type": "structure", "mixins": [{"target": "ex#Base"}], "members": {"extra": {"target": "smithy.api#Integer"}}},
        "ex#In$extra": {"type": "apply", "traits": {"smithy.api#documentation": "applied"}}"#,
    );
    let model = codegen::load::from_json_str(&json, "ok.json").expect("loads");
    let shape = model.get(&codegen::model::ShapeId::parse("ex#In").expect("id")).expect("shape");
    let names: Vec<&str> = shape.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["id", "extra"]);
    assert_eq!(shape.traits.get("smithy.api#documentation").and_then(|v| v.as_str()), Some("base"));
    assert_eq!(shape.members[1].traits.get("smithy.api#documentation").and_then(|v| v.as_str()), Some("applied"));
    codegen::generate_model(&model).expect("generates");
}

#[test]
fn the_official_rds_model_loads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/aws-models/rds.json");
    let model = codegen::load::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(model.shapes.len() > 900);
}
