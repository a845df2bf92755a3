//! Every kind of member through the generated client of `models/cbor-kitchen-sink.smithy`
//! (rpcv2Cbor): written as CBOR, read back, responses in every encoding a CBOR writer may
//! choose read alike, and malformed ones turned into clear errors.

use minicbor::data::Tag;
use sdk_cbor_kitchen_sink::error::DisplayErrorContext;
use sdk_cbor_kitchen_sink::primitives::{BigDecimal, BigInteger, Blob, DateTime};
use sdk_cbor_kitchen_sink::types::{Color, Nested, Shape};
use sdk_cbor_kitchen_sink::Client;
use sdk_tests::capture::{serve_bytes, BinaryReply};

fn client(endpoint: &str) -> Client {
    Client::from_conf(sdk_tests::loopback_config!(sdk_cbor_kitchen_sink, endpoint).idempotency_token_provider("fixed-token").build())
}

fn cbor(status: u16, body: Vec<u8>) -> BinaryReply {
    BinaryReply {
        status,
        headers: vec![("content-type".into(), "application/cbor".into()), ("smithy-protocol".into(), "rpc-v2-cbor".into())],
        body,
    }
}

/// Answers every request with `body` and returns what the client made of it.
async fn answer(body: Vec<u8>) -> Result<sdk_cbor_kitchen_sink::operation::everything::EverythingOutput, String> {
    let server = serve_bytes(move |_| cbor(200, body.clone())).await;
    client(&server.endpoint).everything().required_text("r").send().await.map_err(|e| DisplayErrorContext(&e).to_string())
}

/// A CBOR document written with `write`.
fn document(
    write: impl FnOnce(&mut minicbor::Encoder<Vec<u8>>) -> Result<(), minicbor::encode::Error<std::convert::Infallible>>,
) -> Vec<u8> {
    let mut e = minicbor::Encoder::new(Vec::new());
    write(&mut e).expect("writing into a Vec cannot fail");
    e.into_writer()
}

fn nested(name: &str, count: i32) -> Nested {
    Nested::builder().name(name).count(count).build().expect("count is set")
}

/// The value of `key` in the top-level map of a CBOR document, as the decoder is positioned
/// on it.
fn find<'b>(body: &'b [u8], key: &str) -> Option<minicbor::Decoder<'b>> {
    let mut d = minicbor::Decoder::new(body);
    let length = d.map().ok()?;
    let mut read = 0;
    while length.is_none_or(|n| read < n) {
        if d.datatype().ok()? == minicbor::data::Type::Break {
            return None;
        }
        let k = d.str().ok()?;
        if k == key {
            return Some(d);
        }
        d.skip().ok()?;
        read += 1;
    }
    None
}

#[tokio::test]
async fn every_member_kind_is_written_as_cbor_and_read_back() {
    let echo = serve_bytes(|request| cbor(200, request.raw_body.clone())).await;
    let when = DateTime::from_millis(1_700_000_000_250);
    let sent = client(&echo.endpoint)
        .everything()
        .text("line\nbreak \u{1} \\ \" é")
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
        .nested(Nested::builder().count(1).child(nested("child", 2)).children(nested("a", 3)).build().expect("count is set"))
        .shape(Shape::Inner(Box::new(Shape::Points(vec!["p".into()]))))
        .shapes(Shape::Circle(1.5))
        .shapes(Shape::Nested(nested("in union", 4)))
        .secret("hunter2")
        .send()
        .await
        .expect("echoed");
    let request = &echo.captured()[0];
    assert!(request.head.starts_with("POST /service/CborKitchenSink/operation/Everything "), "{}", request.head);
    assert_eq!(request.header("smithy-protocol"), Some("rpc-v2-cbor"));
    assert_eq!(request.header("content-type"), Some("application/cbor"));
    assert_eq!(request.header("accept"), Some("application/cbor"));
    assert_eq!(request.header("x-amz-target"), None);
    let body = &request.raw_body;
    assert_eq!(body.first(), Some(&0xbf), "a structure is an indefinite-length map");
    let float = find(body, "floatValue").expect("floatValue is sent");
    assert_eq!(float.datatype().ok(), Some(minicbor::data::Type::F32), "a float member is single precision");
    let mut epoch = find(body, "epoch").expect("epoch is sent");
    assert_eq!(epoch.tag().ok(), Some(Tag::new(1)), "timestamps are tag 1");
    assert_eq!(epoch.f64().ok(), Some(1_700_000_000.25));
    let mut http_date = find(body, "httpDate").expect("httpDate is sent");
    assert_eq!(http_date.tag().ok(), Some(Tag::new(1)), "@timestampFormat does not apply to CBOR");
    assert_eq!(find(body, "bytes").and_then(|mut d| d.bytes().ok().map(<[u8]>::to_vec)), Some(vec![0, 255, 10]));
    assert_eq!(find(body, "token").and_then(|mut d| d.str().ok().map(str::to_owned)).as_deref(), Some("fixed-token"));
    let mut big = find(body, "bigInt").expect("bigInt is sent");
    assert_eq!(big.tag().ok(), Some(Tag::new(2)), "an integer beyond 64 bits is a bignum");
    // What went out comes back as it was.
    assert_eq!(sent.text(), Some("line\nbreak \u{1} \\ \" é"));
    assert_eq!(
        (sent.byte_value(), sent.short_value(), sent.int_value(), sent.long_value()),
        (Some(-8), Some(300), Some(-70_000), Some(9_007_199_254_740_993))
    );
    assert_eq!(sent.float_value(), Some(0.1));
    assert_eq!(sent.double_value(), Some(f64::NEG_INFINITY));
    assert_eq!(sent.big_int().map(|b| b.as_ref()), Some("123456789012345678901234567890"));
    assert_eq!(sent.big_dec().map(|b| b.as_ref()), Some("-125e-32"), "a decimal comes back as its decimal fraction");
    assert_eq!(sent.bytes(), Some(&Blob::new(vec![0, 255, 10])));
    assert_eq!((sent.epoch(), sent.date_time()), (Some(&when), Some(&when)));
    assert_eq!(sent.http_date(), Some(&DateTime::from_secs(1_700_000_000)));
    assert_eq!(sent.color(), Some(&Color::Green));
    assert_eq!(sent.level(), Some(2));
    assert_eq!(sent.sparse_texts(), [Some("x".to_owned()), None]);
    assert_eq!(sent.sparse_counts().and_then(|m| m.get("none")), Some(&None));
    assert_eq!(sent.by_color().and_then(|m| m.get(&Color::Red)).and_then(|n| n.name()), Some("red"));
    assert!(body.windows(8).any(|w| w == b"fallback"), "defaults are sent");
    assert_eq!(sent.shape(), Some(&Shape::Inner(Box::new(Shape::Points(vec!["p".into()])))));
    assert!(sent.shapes()[1].is_nested());
    assert!(format!("{sent:?}").contains("*** Sensitive Data Redacted ***"));
}

#[tokio::test]
async fn an_operation_without_input_sends_no_body() {
    let server = serve_bytes(|_| cbor(200, Vec::new())).await;
    client(&server.endpoint).ping().send().await.expect("an empty response is the empty output");
    let request = &server.captured()[0];
    assert!(request.head.starts_with("POST /service/CborKitchenSink/operation/Ping "), "{}", request.head);
    assert!(request.raw_body.is_empty());
    assert_eq!(request.header("content-type"), None, "no body, no content type");
    assert_eq!(request.header("accept"), Some("application/cbor"));
    // An empty map is as good as no body.
    let server = serve_bytes(|_| cbor(200, vec![0xbf, 0xff])).await;
    client(&server.endpoint).ping().send().await.expect("an empty map is the empty output");
}

#[tokio::test]
async fn every_encoding_a_writer_may_choose_reads_the_same() {
    // Definite and indefinite lengths, chunked strings, half floats, integers where floats
    // are modeled, nulls, and members the client does not know.
    let body = document(|e| {
        e.map(12)?;
        e.str("text")?.begin_str()?.str("chun")?.str("ked")?.end()?;
        e.str("bytes")?.begin_bytes()?.bytes(&[1])?.bytes(&[2, 3])?.end()?;
        // 1.5 as a half float.
        e.str("floatValue")?.writer_mut().extend([0xf9, 0x3e, 0x00]);
        e.str("doubleValue")?.u8(7)?;
        e.str("epoch")?.tag(Tag::new(1))?.u32(1_700_000_000)?;
        e.str("texts")?.begin_array()?.str("a")?.null()?.str("b")?.end()?;
        e.str("sparseTexts")?.array(1)?.null()?;
        e.str("counts")?.begin_map()?.str("a")?.u8(1)?.str("b")?.null()?.end()?;
        e.str("shape")?.map(2)?.str("__type")?.str("example.cborkitchen#Shape")?.str("hexagon")?.map(1)?.str("sides")?.u8(6)?;
        e.str("unknownMember")?.begin_map()?.str("x")?.array(2)?.u8(1)?.begin_array()?.end()?.end()?;
        e.str("intValue")?.null()?;
        e.str("color")?.str("purple")?;
        Ok(())
    });
    let output = answer(body).await.expect("parses");
    assert_eq!(output.text(), Some("chunked"));
    assert_eq!(output.bytes(), Some(&Blob::new(vec![1, 2, 3])));
    assert_eq!(output.float_value(), Some(1.5));
    assert_eq!(output.double_value(), Some(7.0));
    assert_eq!(output.epoch(), Some(&DateTime::from_secs(1_700_000_000)));
    assert_eq!(output.texts(), ["a", "b"], "dense lists skip nulls");
    assert_eq!(output.sparse_texts(), [None], "sparse lists keep them");
    assert_eq!(output.counts().map(|c| c.len()), Some(1), "dense maps skip nulls");
    assert!(output.shape().is_some_and(Shape::is_unknown), "an unknown union member is Unknown: {:?}", output.shape());
    assert_eq!(output.int_value(), None, "a null member is unset");
    assert_eq!(output.color().map(Color::as_str), Some("purple"), "unknown enum values are kept");
}

#[tokio::test]
async fn malformed_responses_are_errors_that_say_what_was_wrong() {
    let deep: Vec<u8> = [vec![0xa1, 0x64, b'x', b't', b'r', b'a'], vec![0x81; 500], vec![0x00]].concat();
    for (body, says) in [
        (document(|e| e.map(1)?.str("shape")?.map(2)?.str("circle")?.f64(1.0)?.str("label")?.str("two").map(|_| ())), "2 members set"),
        (document(|e| e.map(1)?.str("shape")?.map(0).map(|_| ())), "no member set"),
        (document(|e| e.map(1)?.str("intValue")?.str("3").map(|_| ())), "intValue"),
        (document(|e| e.map(1)?.str("intValue")?.u64(3_000_000_000).map(|_| ())), "intValue"),
        (document(|e| e.map(1)?.str("flag")?.str("true").map(|_| ())), "a boolean"),
        (document(|e| e.map(1)?.str("bytes")?.str("AAAA").map(|_| ())), "a byte string"),
        (document(|e| e.map(1)?.str("epoch")?.tag(Tag::new(0))?.str("2024-01-01T00:00:00Z").map(|_| ())), "timestamp"),
        (document(|e| e.map(1)?.str("texts")?.map(0).map(|_| ())), "an array"),
        (document(|e| e.map(2)?.str("text")?.str("a").map(|_| ())), "malformed CBOR"),
        (document(|e| e.map(1)?.str("text")?.str("a")?.u8(0).map(|_| ())), "after the document"),
        (vec![0xbf, 0x64, b't', b'e', b'x', b't', 0x61], "malformed CBOR"),
        (vec![0xff], "a map"),
        (deep, "deeper than"),
        (
            document(|e| e.map(1)?.str("nested")?.map(2)?.str("count")?.u8(1)?.str("child")?.map(1)?.str("count")?.str("x").map(|_| ())),
            "Nested.count",
        ),
    ] {
        let error = answer(body.clone()).await.expect_err(&format!("{body:02x?}"));
        assert!(error.contains(says), "{body:02x?}: {error}");
    }
}

#[tokio::test]
async fn modeled_errors_are_typed_and_unmodeled_ones_keep_their_code() {
    let fault = document(|e| {
        e.begin_map()?.str("__type")?.str("example.cborkitchen#Fault")?.str("message")?.str("broken")?.str("reason")?.str("red")?.end()?;
        Ok(())
    });
    let server = serve_bytes(move |_| cbor(400, fault.clone())).await;
    let error = client(&server.endpoint).everything().required_text("r").send().await.expect_err("a fault").into_service_error();
    let sdk_cbor_kitchen_sink::operation::everything::EverythingError::Fault(fault) = &error else {
        panic!("expected Fault, got {error:?}")
    };
    assert_eq!(fault.message(), Some("broken"));
    assert_eq!(fault.reason(), Some(&Color::Red));
    assert_eq!(sdk_cbor_kitchen_sink::error::ProvideErrorMetadata::code(&error), Some("Fault"));

    let unmodeled = document(|e| e.map(2)?.str("__type")?.str("com.example#SomethingNew")?.str("Message")?.str("not modeled").map(|_| ()));
    let server = serve_bytes(move |_| cbor(500, unmodeled.clone())).await;
    let error = client(&server.endpoint).everything().required_text("r").send().await.expect_err("unmodeled").into_service_error();
    assert_eq!(sdk_cbor_kitchen_sink::error::ProvideErrorMetadata::code(&error), Some("SomethingNew"));
    assert_eq!(sdk_cbor_kitchen_sink::error::ProvideErrorMetadata::message(&error), Some("not modeled"));

    // An error body that is not CBOR says so, with the status.
    let server = serve_bytes(|_| cbor(503, b"<html>Service Unavailable</html>".to_vec())).await;
    let error = client(&server.endpoint).everything().required_text("r").send().await.expect_err("unreadable");
    let text = DisplayErrorContext(&error).to_string();
    assert!(text.contains("503") && text.contains("unreadable error body"), "{text}");
}
