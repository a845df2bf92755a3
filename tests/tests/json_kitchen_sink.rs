//! Every kind of member through the generated client of `models/json-kitchen-sink.smithy`
//! (awsJson1_0): written as JSON, read back, and malformed or surprising responses turned
//! into clear errors or kept values.

use sdk_json_kitchen_sink::config::Region;
use sdk_json_kitchen_sink::error::DisplayErrorContext;
use sdk_json_kitchen_sink::primitives::{BigDecimal, BigInteger, Blob, DateTime, Document};
use sdk_json_kitchen_sink::types::{Color, Nested, Shape};
use sdk_json_kitchen_sink::{Client, Config};
use sdk_tests::capture::{serve_replies, Reply};
use std::collections::HashMap;

fn client(endpoint: &str) -> Client {
    Client::from_conf(sdk_tests::loopback_config!(sdk_json_kitchen_sink, endpoint).idempotency_token_provider("fixed-token").build())
}

fn json(status: u16, body: &str) -> Reply {
    Reply { status, headers: vec![("content-type".into(), "application/x-amz-json-1.0".into())], body: body.to_owned() }
}

/// Answers every request with `body` and returns what the client made of it.
async fn answer(body: &str) -> Result<sdk_json_kitchen_sink::operation::everything::EverythingOutput, String> {
    let body = body.to_owned();
    let server = serve_replies(move |_| json(200, &body)).await;
    client(&server.endpoint).everything().required_text("r").send().await.map_err(|e| DisplayErrorContext(&e).to_string())
}

fn nested(name: &str, count: i32) -> Nested {
    Nested::builder().name(name).count(count).build().expect("count is set")
}

#[tokio::test]
async fn every_member_kind_is_written_as_json_and_read_back() {
    let echo = serve_replies(|request| json(200, &request.body)).await;
    let when = DateTime::from_millis(1_700_000_000_250);
    let document = Document::Object(HashMap::from([
        ("list".to_owned(), Document::Array(vec![Document::Number(aws_smithy_types::Number::NegInt(-2)), Document::Null])),
        ("text".to_owned(), Document::String("é \"q\"".into())),
    ]));
    let sent = client(&echo.endpoint)
        .everything()
        .text("line\nbreak \u{1} \\ \"")
        .required_text("required")
        .flag(false)
        .byte_value(-8)
        .short_value(300)
        .int_value(-70_000)
        .long_value(9_007_199_254_740_993)
        .float_value(0.1)
        .double_value(f64::NEG_INFINITY)
        .big_int("123456789012345678901234567890".parse::<BigInteger>().expect("a big integer"))
        .big_dec("-1.25e-30".parse::<BigDecimal>().expect("a big decimal"))
        .bytes(Blob::new(vec![0, 255, 10]))
        .epoch(when)
        .date_time(when)
        .http_date(DateTime::from_secs(1_700_000_000))
        .color(Color::Green)
        .level(2)
        .texts("a")
        .sparse_texts(Some("x".into()))
        .sparse_texts(None)
        .counts("one", 1)
        .sparse_counts("none", None)
        .by_color(Color::Red, nested("red", 1))
        .nested(
            Nested::builder()
                .count(1)
                .child(nested("child", 2))
                .children(nested("a", 3))
                .shape(Shape::Label("held".into()))
                .build()
                .expect("count is set"),
        )
        .shape(Shape::Inner(Box::new(Shape::Points(vec!["p".into()]))))
        .shapes(Shape::Circle(1.5))
        .shapes(Shape::Nested(nested("in union", 4)))
        .anything(document.clone())
        .secret("hunter2")
        .send()
        .await
        .expect("echoed");
    let request = &echo.captured()[0];
    assert_eq!(request.header("x-amz-target"), Some("JsonKitchenSink.Everything"));
    assert_eq!(request.header("content-type"), Some("application/x-amz-json-1.0"));
    let body: serde_json::Value = serde_json::from_str(&request.body).expect("the request is JSON");
    assert_eq!(body["doubleValue"], "-Infinity");
    assert_eq!(body["epoch"].as_f64(), Some(1_700_000_000.25));
    assert_eq!(body["dateTime"], "2023-11-14T22:13:20.25Z");
    assert_eq!(body["httpDate"], "Tue, 14 Nov 2023 22:13:20 GMT");
    assert_eq!(body["bytes"], "AP8K");
    assert_eq!(body["sparseTexts"], serde_json::json!(["x", null]));
    assert_eq!(body["sparseCounts"], serde_json::json!({ "none": null }));
    assert_eq!(body["shape"], serde_json::json!({ "inner": { "points": ["p"] } }));
    assert_eq!(body["token"], "fixed-token", "the idempotency token is filled in");
    assert_eq!(body["nested"]["defaulted"], "fallback", "defaults are sent");
    assert!(request.body.contains("123456789012345678901234567890"), "big numbers are written exactly: {}", request.body);
    // What went out comes back as it was.
    assert_eq!(sent.text(), Some("line\nbreak \u{1} \\ \""));
    assert_eq!(
        (sent.byte_value(), sent.short_value(), sent.int_value(), sent.long_value()),
        (Some(-8), Some(300), Some(-70_000), Some(9_007_199_254_740_993))
    );
    assert_eq!(sent.float_value(), Some(0.1));
    assert_eq!(sent.double_value(), Some(f64::NEG_INFINITY));
    assert_eq!(sent.big_int().map(|b| b.as_ref()), Some("123456789012345678901234567890"));
    assert_eq!(sent.bytes(), Some(&Blob::new(vec![0, 255, 10])));
    assert_eq!((sent.epoch(), sent.date_time()), (Some(&when), Some(&when)));
    assert_eq!(sent.color(), Some(&Color::Green));
    assert_eq!(sent.sparse_texts(), [Some("x".to_owned()), None]);
    assert_eq!(sent.sparse_counts().and_then(|m| m.get("none")), Some(&None));
    assert_eq!(sent.by_color().and_then(|m| m.get(&Color::Red)).and_then(|n| n.name()), Some("red"));
    assert_eq!(sent.shape(), Some(&Shape::Inner(Box::new(Shape::Points(vec!["p".into()])))));
    assert!(sent.shapes()[1].is_nested());
    // A structure's boxed union member (the union holds the structure again).
    assert_eq!(body["nested"]["shape"], serde_json::json!({ "label": "held" }));
    assert_eq!(sent.nested().and_then(|n| n.shape()), Some(&Shape::Label("held".into())));
    assert_eq!(sent.anything(), Some(&document));
    assert!(format!("{sent:?}").contains("*** Sensitive Data Redacted ***"));
}

#[tokio::test]
async fn surprising_values_are_kept_and_nulls_follow_sparseness() {
    let output = answer(
        r#"{"color":"purple","texts":["a",null,"b"],"sparseTexts":[null],"counts":{"a":1,"b":null},
            "shape":{"__type":"example.jsonkitchen#Shape","hexagon":{"sides":6}},"unknownMember":{"x":[1,2]},"intValue":null}"#,
    )
    .await
    .expect("parses");
    assert_eq!(output.color().map(Color::as_str), Some("purple"), "unknown enum values are kept");
    assert_eq!(output.texts(), ["a", "b"], "dense lists skip nulls");
    assert_eq!(output.sparse_texts(), [None], "sparse lists keep them");
    assert_eq!(output.counts().map(|c| c.len()), Some(1), "dense maps skip nulls");
    assert!(output.shape().is_some_and(Shape::is_unknown), "an unknown union member is Unknown: {:?}", output.shape());
    assert_eq!(output.int_value(), None, "a null member is unset");

    // A union the client received as Unknown cannot be sent back.
    let server = serve_replies(|_| json(200, "{}")).await;
    let error = client(&server.endpoint)
        .everything()
        .required_text("r")
        .set_shape(output.shape().cloned())
        .send()
        .await
        .expect_err("Unknown is not sent");
    assert!(DisplayErrorContext(&error).to_string().contains("Unknown variant"), "{}", DisplayErrorContext(&error));
    // Nor from inside a list, after members that were written.
    let unknown = output.shape().cloned().expect("a shape");
    let error = client(&server.endpoint)
        .everything()
        .required_text("r")
        .shapes(Shape::Circle(1.0))
        .shapes(unknown)
        .send()
        .await
        .expect_err("Unknown is not sent");
    assert!(DisplayErrorContext(&error).to_string().contains("Unknown variant"), "{}", DisplayErrorContext(&error));
    assert!(server.captured().is_empty());
}

#[tokio::test]
async fn malformed_responses_are_errors_that_say_what_was_wrong() {
    for (body, says) in [
        (r#"{"shape":{"circle":1.0,"label":"two"}}"#, "2 members set"),
        (r#"{"shape":{}}"#, "no member set"),
        (r#"{"intValue":"3"}"#, "intValue"),
        (r#"{"intValue":3000000000}"#, "intValue"),
        (r#"{"flag":"true"}"#, "a boolean"),
        (r#"{"floatValue":"1.5"}"#, "a number"),
        (r#"{"bytes":"not base64!"}"#, "base64"),
        (r#"{"epoch":"yesterday"}"#, "timestamp"),
        (r#"{"texts":{"a":1}}"#, "an array"),
        (r#"{"text":"unterminated"#, "not closed"),
        (r#"{"text":"a"} trailing"#, "after the document"),
        (r#"{"nested":{"count":1,"children":[{"count":1,"child":{"count":"x"}}]}}"#, "Nested.count"),
    ] {
        let error = answer(body).await.expect_err(body);
        assert!(error.contains(says), "{body}: {error}");
    }
}

#[tokio::test]
async fn modeled_errors_are_typed_and_unmodeled_ones_keep_their_code() {
    let server = serve_replies(|_| {
        json(400, r#"{"__type":"example.jsonkitchen#Fault:http://internal.example.com/","message":"broken","reason":"red"}"#)
    })
    .await;
    let error = client(&server.endpoint).everything().required_text("r").send().await.expect_err("a fault").into_service_error();
    let sdk_json_kitchen_sink::operation::everything::EverythingError::Fault(fault) = &error else {
        panic!("expected Fault, got {error:?}")
    };
    assert_eq!(fault.message(), Some("broken"));
    assert_eq!(fault.reason(), Some(&Color::Red));
    assert_eq!(sdk_json_kitchen_sink::error::ProvideErrorMetadata::code(&error), Some("Fault"));

    let server = serve_replies(|_| Reply {
        status: 400,
        headers: vec![("x-amzn-errortype".into(), "SomethingNew:http://internal".into())],
        body: r#"{"message":"from the header"}"#.into(),
    })
    .await;
    let error = client(&server.endpoint).everything().required_text("r").send().await.expect_err("unmodeled").into_service_error();
    assert_eq!(sdk_json_kitchen_sink::error::ProvideErrorMetadata::code(&error), Some("SomethingNew"));
    assert_eq!(sdk_json_kitchen_sink::error::ProvideErrorMetadata::message(&error), Some("from the header"));
}

#[tokio::test]
async fn a_call_overrides_the_client_configuration() {
    let first = serve_replies(|_| json(200, "{}")).await;
    let second = serve_replies(|_| json(200, "{}")).await;
    let client = client(&first.endpoint);
    client
        .everything()
        .required_text("r")
        .config_override(Config::builder().endpoint_url(&second.endpoint).region(Region::new("eu-west-1")))
        .send()
        .await
        .expect("sent to the override");
    client
        .everything()
        .required_text("r")
        .customize()
        .config_override(Config::builder().endpoint_url(&second.endpoint))
        .send()
        .await
        .expect("sent");
    assert_eq!((first.captured().len(), second.captured().len()), (0, 2));
    let authorization = second.captured()[0].header("authorization").unwrap_or_default().to_owned();
    assert!(authorization.contains("/eu-west-1/jsonkitchen/"), "signed for the overriding region: {authorization}");
    client.everything().required_text("r").send().await.expect("the client keeps its own endpoint");
    assert_eq!(first.captured().len(), 1);
}

#[tokio::test]
async fn mutate_request_changes_the_request_before_it_is_signed() {
    let server = serve_replies(|_| json(200, "{}")).await;
    client(&server.endpoint)
        .everything()
        .required_text("r")
        .customize()
        .mutate_request(|request| {
            request.headers_mut().insert("x-custom", "yes");
        })
        .send()
        .await
        .expect("sent");
    let captured = &server.captured()[0];
    assert_eq!(captured.header("x-custom"), Some("yes"));
    let authorization = captured.header("authorization").unwrap_or_default().to_owned();
    assert!(authorization.contains(";x-custom;") || authorization.contains("x-custom,"), "the added header is signed: {authorization}");
    assert!(captured.header("x-amz-target").is_some(), "the protocol's headers stay");
}
