//! Every broken model ends in a diagnostic that names the file, the shape and the problem.

/// The error a model (JSON AST, or IDL when it starts with `$version`) ends in.
fn error_of(text: &str) -> String {
    let model = if text.starts_with("$version") {
        codegen::load::from_idl_str(text, "models/broken.smithy")
    } else {
        codegen::load::from_json_str(text, "models/broken.json")
    };
    match model.and_then(|m| codegen::generate_model(&m)) {
        Ok(_) => panic!("the model should be rejected:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// An IDL model with an awsQuery service whose one operation is `Op`, plus `shapes`.
fn idl(shapes: &str) -> String {
    format!(
        "$version: \"2.0\"\nnamespace ex\n@aws.protocols#awsQuery\n@aws.auth#sigv4(name: \"ex\")\nservice Svc {{ version: \"1\", operations: [Op] }}\n{shapes}\n"
    )
}

/// A restJson1 service with operation `Op`, in IDL.
fn rest_json(shapes: &str) -> String {
    format!(
        "$version: \"2.0\"\nnamespace ex\n@aws.protocols#restJson1\n@aws.auth#sigv4(name: \"ex\")\nservice Svc {{ version: \"1\", operations: [Op] }}\n{shapes}\n"
    )
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
            r#"{"smithy": "2.0", "shapes": {"ex#Svc": {"type": "service", "version": "1", "traits": {"smithy.protocols#rpcv2Json": {}, "aws.auth#sigv4": {"name": "s"}}}}}"#.into(),
            vec!["shape `ex#Svc`", "unsupported protocol smithy.protocols#rpcv2Json"],
        ),
        (
            r#"{"smithy": "2.0", "shapes": {"ex#Svc": {"type": "service", "version": "1", "traits": {"smithy.protocols#rpcv2Cbor": {}, "smithy.api#httpApiKeyAuth": {"name": "x-api-key", "in": "header"}, "smithy.api#httpBasicAuth": {}}}}}"#.into(),
            vec!["shape `ex#Svc`", "auth schemes (smithy.api#httpApiKeyAuth, smithy.api#httpBasicAuth) are not supported"],
        ),
        (
            rest_json("@auth([\"smithy.api#httpBasicAuth\"])\n@http(method: \"GET\", uri: \"/\")\noperation Op {}"),
            vec!["shape `ex#Op`", "the operation's auth schemes (smithy.api#httpBasicAuth) are not supported"],
        ),
        (r#"{"smithy": "2.0", "shapes": {}}"#.into(), vec!["the model defines no service shape"]),
        (idl("operation Op {\n    input := {\n        a: String\n    \n}"), vec!["models/broken.smithy", "line 11, column 1", "found the end of the file"]),
        (idl("operation Op { input := { a: Missing } }"), vec!["models/broken.smithy", "ex#Missing"]),
        (
            idl("operation Op { input := { a: DBThing, b: DbThing } }\nstructure DBThing {}\nstructure DbThing {}"),
            vec!["models/broken.smithy", "shape `ex#DbThing`", "`ex#DBThing` and `ex#DbThing` both become the Rust type `DbThing`"],
        ),
        (
            idl("operation Op { input := { fooBar: String, foo_bar: String } }"),
            vec!["models/broken.smithy", "shape `ex#OpInput$foo_bar`", "the members `fooBar` and `foo_bar` both become the Rust field `foo_bar`"],
        ),
        (
            idl("operation Op { input := { e: E } }\nenum E { a_b, aB }"),
            vec!["shape `ex#E$aB`", "the enum members `a_b` and `aB` both become the Rust variant `AB`"],
        ),
        (idl("operation Op { input := { s: Svc } }"), vec!["models/broken.smithy", "a service; members must target data shapes"]),
        (idl("operation Op {}\napply Nowhere @documentation(\"x\")"), vec!["models/broken.smithy", "`apply` names a shape or member that is not defined"]),
        (
            idl("@smithy.waiters#waitable(Done: { acceptors: [{ state: \"success\", matcher: { output: { path: \"sort_by(items, &n)[0]\", comparator: \"stringEquals\", expected: \"x\" } } }] })\noperation Op { output := { items: Strings } }\nlist Strings { member: String }"),
            vec!["shape `ex#Op`", "waiter Done: the output path", "sort_by"],
        ),
        (
            rest_json("@http(method: \"GET\", uri: \"/things/{missing}\")\noperation Op { input := { @httpLabel @required id: String } }"),
            vec!["shape `ex#Op`", "names missing, which is not a member of the input", "the @httpLabel member id has no label"],
        ),
        (
            rest_json("operation Op {}"),
            vec!["shape `ex#Op`", "the operation has no @http trait, which restJson1 requires"],
        ),
        (
            rest_json("@http(method: \"GET\", uri: \"/{a+}/{b+}\")\noperation Op { input := { @httpLabel @required a: String, @httpLabel @required b: String } }"),
            vec!["shape `ex#Op`", "at most one label may be greedy"],
        ),
        (
            rest_json("@http(method: \"GET\", uri: \"/\")\n@aws.customizations#s3UnwrappedXmlOutput\noperation Op { output := { a: String, b: String } }"),
            vec!["shape `ex#Op`", "@s3UnwrappedXmlOutput needs an output with exactly one member in the body"],
        ),
        (
            rest_json("@http(method: \"PUT\", uri: \"/\")\n@aws.protocols#httpChecksum(requestAlgorithmMember: \"algo\", requestValidationModeMember: \"nope\")\noperation Op { input := { algo: String } }"),
            vec![
                "shape `ex#Op`",
                "@httpChecksum's requestAlgorithmMember algo is not bound to a header (@httpHeader)",
                "@httpChecksum's requestValidationModeMember nope is not a member of the input",
            ],
        ),
        (
            "$version: \"2.0\"\nnamespace ex\n@smithy.protocols#rpcv2Json\nservice Svc { version: \"1\" }\n".into(),
            vec!["models/broken.smithy", "shape `ex#Svc`", "unsupported protocol smithy.protocols#rpcv2Json"],
        ),
        (
            model(r#""ex#Op": {"type": "operation", "traits": {"smithy.api#requestCompression": {"encodings": ["br"]}}}"#),
            vec!["models/broken.json", "shape `ex#Op`", "@requestCompression lists [\"br\"]; only gzip is supported"],
        ),
        (
            model(r#""ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "traits": {"smithy.api#endpoint": {"hostPrefix": "{zone}."}}}, "ex#In": {"type": "structure", "members": {}}"#),
            vec!["shape `ex#Op`", "the host prefix \"{zone}.\" names \"zone\", which is not a member of the input"],
        ),
        (
            "$version: \"2.0\"\nnamespace ex\n@aws.protocols#awsJson1_0\n@aws.auth#sigv4(name: \"ex\")\n@aws.api#clientEndpointDiscovery(operation: Missing)\nservice Svc { version: \"1\", operations: [Op] }\n@aws.api#clientDiscoveredEndpoint(required: true)\noperation Op {}\noperation Missing {}\n".into(),
            vec!["shape `ex#Svc`", "clientEndpointDiscovery names the operation `ex#Missing`, which the service does not bind"],
        ),
        (
            "$version: \"2.0\"\nnamespace ex\n@aws.protocols#awsJson1_0\n@aws.auth#sigv4(name: \"ex\")\n@aws.api#clientEndpointDiscovery(operation: Describe)\nservice Svc { version: \"1\", operations: [Op, Describe] }\n@aws.api#clientDiscoveredEndpoint(required: true)\noperation Op {}\noperation Describe { output := { Endpoints: Strings } }\nlist Strings { member: String }\n".into(),
            vec!["shape `ex#Svc`", "endpoint discovery: `ex#Strings$member` is a String, not what clientEndpointDiscovery requires"],
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
