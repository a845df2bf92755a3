//! Every kind of member through the generated client of `models/kitchen-sink.json`:
//! serialized into a query body, parsed back out of XML.

use sdk_kitchen_sink::config::RetryConfig;
use sdk_kitchen_sink::primitives::{Blob, DateTime};
use sdk_kitchen_sink::types::{Item, Mood};
use sdk_kitchen_sink::Client;
use sdk_tests::capture::serve;

fn client(endpoint: &str) -> Client {
    Client::from_conf(sdk_tests::loopback_config!(sdk_kitchen_sink, endpoint).build())
}

fn item(name: &str, next: Option<Item>) -> Item {
    Item::builder().name(name).set_next(next.map(Box::new)).build().expect("the name is set")
}

#[tokio::test]
async fn every_member_kind_is_serialized_as_the_query_protocol_says() {
    let server = serve(vec![(200, "<EverythingResponse/>".into())]).await;
    let when = DateTime::from_millis(1_585_342_122_023);
    client(&server.endpoint)
        .everything()
        .flag(true)
        .tiny(-1)
        .small(300)
        .count(70_000)
        .big(5_000_000_000)
        .ratio(1.5)
        .precise(f64::NEG_INFINITY)
        .data(Blob::new("hi?"))
        .when(when)
        .when_epoch(when)
        .when_http(when)
        .mood(Mood::Sad)
        .level(2)
        .strings("a b")
        .strings("c&d")
        .renamed("r")
        .flat("f1")
        .flat("f2")
        .items(item("i1", Some(item("i1-next", None))))
        .nested(vec!["n1".into(), "n2".into()])
        .counts("z", 26)
        .counts("a", 1)
        .named("k", item("v", None))
        .flat_counts("x", 9)
        .item(item("top", None))
        .secret("hunter2")
        .r#type("keyword")
        .token("caller-token")
        .send()
        .await
        .expect("the call succeeds");
    let body = &server.captured()[0].body;
    let params: Vec<&str> = body.split('&').collect();
    assert_eq!(
        params,
        [
            "Action=Everything",
            "Version=2020-01-01",
            "Flag=true",
            "Tiny=-1",
            "Small=300",
            "Count=70000",
            "Big=5000000000",
            "Ratio=1.5",
            "Precise=-Infinity",
            "Data=aGk%2F",
            "When=2020-03-27T20%3A48%3A42.023Z",
            "WhenEpoch=1585342122.023",
            "WhenHttp=Fri%2C%2027%20Mar%202020%2020%3A48%3A42%20GMT",
            "Mood=sad",
            "Level=2",
            "Strings.member.1=a%20b",
            "Strings.member.2=c%26d",
            "Other.member.1=r",
            "Flat.1=f1",
            "Flat.2=f2",
            "Items.item.1.name=i1",
            "Items.item.1.next.name=i1-next",
            "Nested.member.1.member.1=n1",
            "Nested.member.1.member.2=n2",
            "Counts.entry.1.key=a",
            "Counts.entry.1.value=1",
            "Counts.entry.2.key=z",
            "Counts.entry.2.value=26",
            "Named.entry.1.Name=k",
            "Named.entry.1.Thing.name=v",
            "FlatCounts.1.key=x",
            "FlatCounts.1.value=9",
            "Item.name=top",
            "Secret=hunter2",
            "type=keyword",
            "Token=caller-token",
        ]
    );
}

#[tokio::test]
async fn an_unset_idempotency_token_is_filled_with_a_fresh_uuid() {
    let server = serve(vec![(200, "<EverythingResponse/>".into())]).await;
    let client = client(&server.endpoint);
    client.everything().send().await.expect("first");
    client.everything().send().await.expect("second");
    let tokens: Vec<String> = server
        .captured()
        .iter()
        .map(|c| c.body.split('&').find_map(|p| p.strip_prefix("Token=")).expect("a token is sent").to_owned())
        .collect();
    for token in &tokens {
        let parts: Vec<&str> = token.split("-").collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{token}");
        assert!(parts[2].starts_with('4'), "version 4: {token}");
    }
    assert_ne!(tokens[0], tokens[1], "each call gets its own token");
}

#[tokio::test]
async fn every_member_kind_is_parsed_from_xml() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<EverythingResponse xmlns="https://example.com/kitchensink/">
  <EverythingResult>
    <Flag>false</Flag><Tiny>-1</Tiny><Small>300</Small><Count>70000</Count><Big>5000000000</Big>
    <Ratio>NaN</Ratio><Precise>Infinity</Precise>
    <Data>aGk/</Data>
    <When>2020-03-27T20:48:42.023Z</When>
    <WhenEpoch>1585342122.5</WhenEpoch>
    <WhenHttp>Fri, 27 Mar 2020 20:48:42 GMT</WhenHttp>
    <Mood>happy</Mood><Level>1</Level>
    <Strings><member>a</member><member><![CDATA[<b>]]></member></Strings>
    <Other><member>r</member></Other>
    <Flat>f1</Flat><Unrelated>x</Unrelated><Flat>f2</Flat>
    <Items><item><name>i1</name><next><name>i2</name></next></item></Items>
    <Nested><member><member>n1</member></member><member/></Nested>
    <Counts><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></Counts>
    <Named><entry><Name>k</Name><Thing><name>v</name></Thing></entry></Named>
    <FlatCounts><key>x</key><value>9</value></FlatCounts><FlatCounts><key>y</key><value>8</value></FlatCounts>
    <Item><name>top</name></Item>
    <Secret>hunter2</Secret>
    <type>keyword</type>
  </EverythingResult>
  <ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>
</EverythingResponse>"#;
    let server = serve(vec![(200, xml.into())]).await;
    let out = client(&server.endpoint).everything().send().await.expect("parses");
    assert_eq!(out.flag(), Some(false));
    assert_eq!((out.tiny(), out.small(), out.count(), out.big()), (Some(-1), Some(300), Some(70_000), Some(5_000_000_000)));
    assert!(out.ratio().is_some_and(f32::is_nan));
    assert_eq!(out.precise(), Some(f64::INFINITY));
    assert_eq!(out.data().map(|b| b.as_ref()), Some(&b"hi?"[..]));
    assert_eq!(out.when(), Some(&DateTime::from_millis(1_585_342_122_023)));
    assert_eq!(out.when_epoch(), Some(&DateTime::from_millis(1_585_342_122_500)));
    assert_eq!(out.when_http(), Some(&DateTime::from_secs(1_585_342_122)));
    assert_eq!(out.mood(), Some(&Mood::Happy));
    assert_eq!(out.level(), Some(1));
    assert_eq!(out.strings(), ["a", "<b>"]);
    assert_eq!(out.renamed(), ["r"]);
    assert_eq!(out.flat(), ["f1", "f2"]);
    let items = out.items();
    assert_eq!(items[0].name(), "i1");
    assert_eq!(items[0].next().map(|n| n.name()), Some("i2"));
    assert_eq!(out.nested(), [vec!["n1".to_string()], vec![]]);
    let counts = out.counts().expect("counts");
    assert_eq!((counts["a"], counts["b"]), (1, 2));
    assert_eq!(out.named().expect("named")["k"].name(), "v");
    let flat_counts = out.flat_counts().expect("flat counts");
    assert_eq!((flat_counts["x"], flat_counts["y"]), (9, 8));
    assert_eq!(out.item().map(|i| i.name()), Some("top"));
    assert_eq!(out.secret(), Some("hunter2"));
    assert_eq!(out.r#type(), Some("keyword"));
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let input = sdk_kitchen_sink::operation::everything::EverythingInput::builder().secret("hunter2").count(1).build().expect("builds");
    let text = format!("{input:?}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("*** Sensitive Data Redacted ***") && text.contains("count: Some(1)"), "{text}");
}

#[test]
fn defaulted_and_required_members_are_not_options() {
    use sdk_kitchen_sink::types::Settings;
    // Unset defaulted members take their @default; a missing required member is named.
    let err = Settings::builder().since(DateTime::from_secs(1)).build().expect_err("Id is required");
    assert!(err.to_string().contains("id"), "{err}");
    let settings = Settings::builder().id("s-1").since(DateTime::from_secs(1)).retries(5).build().expect("builds");
    assert!(!settings.enabled());
    assert_eq!(settings.retries(), 5);
    assert_eq!(settings.weight(), 1.5);
    assert_eq!(settings.label(), "none");
    assert_eq!(settings.mood(), &Mood::Sad);
    assert!(settings.tags().is_empty());
    assert_eq!(settings.id(), "s-1");
    // @clientOptional and a null @default keep the member optional.
    assert_eq!((settings.hint(), settings.cleared()), (None, None));
}

#[tokio::test]
async fn defaulted_members_are_sent_and_read() {
    use sdk_kitchen_sink::types::Settings;
    let with_settings = r#"<EverythingResponse><EverythingResult>
        <Settings><Enabled>true</Enabled><Tags><member>t</member></Tags><Id>s-2</Id><Since>2020-03-27T20:48:42Z</Since></Settings>
        </EverythingResult></EverythingResponse>"#;
    let server = serve(vec![(200, with_settings.into())]).await;
    let settings = Settings::builder().id("s-1").since(DateTime::from_secs(0)).hint("h").build().expect("builds");
    let out = client(&server.endpoint).everything().settings(settings).send().await.expect("the call succeeds");
    let body = &server.captured()[0].body;
    for param in ["Settings.Retries=3", "Settings.Label=none", "Settings.Mood=sad", "Settings.Id=s-1"] {
        assert!(body.split('&').any(|p| p == param), "{param} in {body}");
    }
    // A member that defaults to `false` is left out at that value, as aws-sdk-* leaves it out.
    assert!(!body.contains("Settings.Enabled"), "{body}");
    let read = out.settings().expect("settings");
    assert!(read.enabled());
    assert_eq!(read.tags(), ["t"]);
    assert_eq!(read.id(), "s-2");
    // Members the response leaves out read as their defaults.
    assert_eq!((read.retries(), read.label(), read.mood()), (3, "none", &Mood::Sad));
}

/// The form body the client sends for `Upload` with `text`.
fn upload_form(text: &str) -> String {
    format!("Action=Upload&Version=2020-01-01&Text={text}")
}

fn gunzip(body: &[u8]) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(body).read_to_string(&mut text).expect("the body is gzip of UTF-8 text");
    text
}

#[tokio::test]
async fn large_bodies_of_compressible_operations_are_gzipped_and_signed_as_sent() {
    let server = serve(vec![(200, "<UploadResponse/>".into())]).await;
    let text = "a".repeat(20_000);
    client(&server.endpoint).upload().text(&text).send().await.expect("the call succeeds");
    let request = &server.captured()[0];
    assert_eq!(request.header("content-encoding"), Some("gzip"));
    assert!(request.raw_body.len() < 1_000, "20 kB of one letter compresses well, got {} bytes", request.raw_body.len());
    assert_eq!(request.header("content-length"), Some(request.raw_body.len().to_string().as_str()));
    assert_eq!(gunzip(&request.raw_body), upload_form(&text));
    let authorization = request.header("authorization").expect("signed");
    assert!(authorization.contains("content-encoding"), "the encoding is signed: {authorization}");
}

#[tokio::test]
async fn small_bodies_and_disabled_compression_go_uncompressed() {
    let server = serve(vec![(200, "<UploadResponse/>".into())]).await;
    client(&server.endpoint).upload().text("short").send().await.expect("the call succeeds");
    let disabled = Client::from_conf(client(&server.endpoint).config().to_builder().disable_request_compression(true).build());
    let text = "b".repeat(20_000);
    disabled.upload().text(&text).send().await.expect("the call succeeds");
    let low_threshold = Client::from_conf(client(&server.endpoint).config().to_builder().request_min_compression_size_bytes(10).build());
    low_threshold.upload().text("short").send().await.expect("the call succeeds");
    let captured = server.captured();
    assert_eq!(captured[0].header("content-encoding"), None);
    assert_eq!(captured[0].body, upload_form("short"));
    assert_eq!(captured[1].header("content-encoding"), None);
    assert_eq!(captured[1].body, upload_form(&text));
    assert_eq!(captured[2].header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&captured[2].raw_body), upload_form("short"));
}

#[tokio::test]
async fn operations_without_request_compression_never_compress() {
    let server = serve(vec![(200, "<EverythingResponse/>".into())]).await;
    let eager = Client::from_conf(client(&server.endpoint).config().to_builder().request_min_compression_size_bytes(0).build());
    eager.everything().secret("x".repeat(20_000)).send().await.expect("the call succeeds");
    assert_eq!(server.captured()[0].header("content-encoding"), None);
}

#[tokio::test]
async fn every_attempt_carries_the_same_idempotency_token() {
    use sdk_tests::faults::{serve_faults, Fault};
    let server =
        serve_faults(vec![Fault::Respond(503, String::new()), Fault::Reset, Fault::Respond(200, "<EverythingResponse/>".into())]).await;
    let retry = RetryConfig::standard().with_max_attempts(3).with_initial_backoff(std::time::Duration::from_millis(5));
    let client = Client::from_conf(client(&server.endpoint).config().to_builder().retry_config(retry).build());
    client.everything().send().await.expect("the third attempt succeeds");
    let tokens: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.body.split('&').find_map(|p| p.strip_prefix("Token=")).expect("a token is sent").to_owned())
        .collect();
    assert_eq!(tokens.len(), 3);
    assert!(tokens.iter().all(|t| t == &tokens[0]), "tokens differ between attempts: {tokens:?}");
}

#[tokio::test]
async fn sensitive_values_stay_out_of_errors_and_debug() {
    let server =
        serve(vec![(200, "<EverythingResponse><EverythingResult><Pin>12x34</Pin></EverythingResult></EverythingResponse>".into())]).await;
    let error = client(&server.endpoint).everything().send().await.expect_err("the pin is not a number");
    let text = format!("{error:?} {}", sdk_kitchen_sink::error::DisplayErrorContext(&error));
    assert!(text.contains("Pin") && text.contains("sensitive"), "the error names the member: {text}");
    assert!(!text.contains("12x34"), "the sensitive value leaked: {text}");
    let server =
        serve(vec![(200, "<EverythingResponse><EverythingResult><Pin>1234</Pin></EverythingResult></EverythingResponse>".into())]).await;
    let output = client(&server.endpoint).everything().send().await.expect("parses");
    assert_eq!(output.pin(), Some(1234));
    assert!(!format!("{output:?}").contains("1234"), "Debug shows the pin: {output:?}");
}

/// The kitchen sink's model has no endpoint rules: a client without an endpoint URL fails
/// before sending, saying so, and `config::endpoint` still has aws-sdk-*'s API.
#[tokio::test]
async fn a_model_without_endpoint_rules_needs_an_endpoint_url() {
    let mut config = client("http://unused.example").config().to_builder();
    config.set_endpoint_url(None);
    let error = Client::from_conf(config.build()).everything().send().await.expect_err("no endpoint");
    let text = sdk_kitchen_sink::error::DisplayErrorContext(&error).to_string();
    assert!(text.contains("no endpoint rules: set an endpoint URL"), "{text}");

    use sdk_kitchen_sink::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    let params = Params::builder().endpoint("https://sink.example").build().expect("valid");
    let endpoint = DefaultResolver::new().resolve_endpoint(&params).await.expect("resolves");
    assert_eq!(endpoint.url(), "https://sink.example");
}
