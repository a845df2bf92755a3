//! Config compatibility with aws-sdk-dynamodb: the same program configures both clients
//! with its own `HttpClient`, time source, sleep and app name (on the config builder, and
//! on an `SdkConfig`), and both use them the same way: the connector asked for with the
//! configured timeouts, requests signed at the configured time (corrected by the service's
//! clock once a response gives it), the retries' backoffs waited through the configured
//! sleep, the app named in the user agent.

use aws_smithy_async::rt::sleep::{AsyncSleep, Sleep};
use aws_smithy_async::time::StaticTimeSource;
use aws_smithy_runtime_api::client::http::{HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

mod official {
    use aws_sdk_dynamodb as ddb;
    include!("../compat/config_scenario.rs");
}

mod generated {
    use sdk_dynamodb as ddb;
    include!("../compat/config_scenario.rs");
}

/// 2023-11-14T22:13:20Z.
fn clock() -> StaticTimeSource {
    StaticTimeSource::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
}

/// What a client did through the program's transport and timer.
#[derive(Debug, Default)]
struct Seen {
    /// The (connect, read) timeouts of each connector the client asked for.
    settings: Vec<(Option<Duration>, Option<Duration>)>,
    /// Each request: its target, `x-amz-date` and whether `x-amz-user-agent` names the app.
    requests: Vec<(String, String, bool)>,
    /// What the client waited for through the program's sleep.
    sleeps: Vec<Duration>,
}

/// The program's HTTP client and timer: answers ListTables with a 500 the first time, then
/// with a table; DescribeTable first with InvalidSignatureException, then with
/// ResourceNotFoundException; GetItem with ThrottlingException three times, then an empty
/// item; every answer dated ten minutes after the program's clock;
/// sleeps return at once.
#[derive(Clone, Debug, Default)]
struct Transport(Arc<Mutex<Seen>>);

impl HttpClient for Transport {
    fn http_connector(&self, settings: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        self.0.lock().unwrap().settings.push((settings.connect_timeout(), settings.read_timeout()));
        SharedHttpConnector::new(self.clone())
    }
}

impl HttpConnector for Transport {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let header = |name: &str| request.headers().get(name).unwrap_or_default().to_owned();
        let target = header("x-amz-target");
        let mut seen = self.0.lock().unwrap();
        let earlier = seen.requests.iter().filter(|(t, _, _)| *t == target).count();
        let first = earlier == 0;
        seen.requests.push((target.clone(), header("x-amz-date"), header("x-amz-user-agent").contains("app/compat-app")));
        let (status, body) = match target.as_str() {
            "DynamoDB_20120810.ListTables" if first => (500, r#"{"__type":"InternalServerError","message":"try again"}"#),
            "DynamoDB_20120810.ListTables" => (200, r#"{"TableNames":["orders"]}"#),
            "DynamoDB_20120810.GetItem" if earlier < 3 => {
                (400, r#"{"__type":"com.amazon.coral.availability#ThrottlingException","message":"slow down"}"#)
            }
            "DynamoDB_20120810.GetItem" => (200, "{}"),
            _ if first => (400, r#"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired"}"#),
            _ => (400, r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no table"}"#),
        };
        let mut response = HttpResponse::new(status.try_into().unwrap(), SdkBody::from(body));
        response.headers_mut().insert("content-type", "application/x-amz-json-1.0");
        response.headers_mut().insert("date", "Tue, 14 Nov 2023 22:23:20 GMT");
        HttpConnectorFuture::ready(Ok(response))
    }
}

impl AsyncSleep for Transport {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.lock().unwrap().sleeps.push(duration);
        Sleep::new(std::future::ready(()))
    }
}

fn seen(transport: &Transport) -> Seen {
    std::mem::take(&mut *transport.0.lock().unwrap())
}

#[tokio::test]
async fn a_programs_http_client_clock_and_sleep_are_used_as_aws_sdk_dynamodb_uses_them() {
    for (way, official_client, generated_client) in [
        (
            "config builder",
            official::from_builder as fn(&Transport) -> aws_sdk_dynamodb::Client,
            generated::from_builder as fn(&Transport) -> sdk_dynamodb::Client,
        ),
        ("SdkConfig", official::from_sdk_config, generated::from_sdk_config),
    ] {
        let theirs = Transport::default();
        let their_log = official::run(&official_client(&theirs)).await;
        let ours = Transport::default();
        let our_log = generated::run(&generated_client(&ours)).await;
        assert_eq!(our_log, their_log, "{way}: the same outcomes");
        assert_eq!(their_log, ["tables [\"orders\"]", "describe: true"], "{way}: aws-sdk-dynamodb's outcomes");

        let (theirs, ours) = (seen(&theirs), seen(&ours));
        // Dated by the program's clock until the first answer tells the service's, ten
        // minutes ahead; the error blaming the signature's time is then retried.
        let expected = [
            ("ListTables", "20231114T221320Z"),
            ("ListTables", "20231114T222320Z"),
            ("DescribeTable", "20231114T222320Z"),
            ("DescribeTable", "20231114T222320Z"),
        ]
        .map(|(op, date)| (format!("DynamoDB_20120810.{op}"), date.to_owned(), true));
        assert_eq!(theirs.requests, expected, "{way}: aws-sdk-dynamodb's requests (target, date, app named)");
        assert_eq!(ours.requests, expected, "{way}: the generated client's requests (target, date, app named)");
        // aws-sdk-dynamodb also sleeps for its identity cache and stalled-stream checks; both
        // wait for the retry's backoff (the standard mode's first: up to a second, jittered)
        // through the program's sleep.
        let backoff = |sleeps: &[Duration]| sleeps.iter().any(|d| *d < Duration::from_secs(1));
        assert!(backoff(&theirs.sleeps), "{way}: aws-sdk-dynamodb's sleeps {:?}", theirs.sleeps);
        assert!(ours.sleeps.len() == 2 && backoff(&ours.sleeps), "{way}: the generated client's sleeps {:?}", ours.sleeps);
        let timeouts = (Some(Duration::from_secs(7)), Some(Duration::from_secs(9)));
        assert!(!theirs.settings.is_empty() && theirs.settings.iter().all(|s| *s == timeouts), "{way}: {:?}", theirs.settings);
        assert!(!ours.settings.is_empty() && ours.settings.iter().all(|s| *s == timeouts), "{way}: {:?}", ours.settings);
    }
}

/// The adaptive retry mode: after the first throttling error the client-side rate limiter
/// decides each retry's wait (by the configured clock, which stands still here), the same
/// waits in both clients.
#[tokio::test]
async fn adaptive_retries_wait_as_aws_sdk_dynamodb_waits() {
    let theirs = Transport::default();
    let their_outcome = official::throttled(&official::adaptive(&theirs)).await;
    let ours = Transport::default();
    let our_outcome = generated::throttled(&generated::adaptive(&ours)).await;
    assert_eq!(our_outcome, their_outcome);
    assert_eq!(their_outcome, "item: None");
    let (theirs, ours) = (seen(&theirs), seen(&ours));
    assert_eq!(ours.requests.len(), 4, "three throttled attempts, then the item");
    assert_eq!(theirs.requests.len(), 4);
    // Ten tokens per retry after throttling, at the limiter's minimum rate of half a token a
    // second with the clock standing still: twenty seconds, the longest backoff, each time.
    assert_eq!(ours.sleeps, [Duration::from_secs(20); 3], "the generated client's waits");
    let mut their_sleeps = theirs.sleeps.clone();
    for wait in &ours.sleeps {
        let at = their_sleeps.iter().position(|d| d == wait);
        assert!(at.map(|at| their_sleeps.remove(at)).is_some(), "aws-sdk-dynamodb waits {wait:?} too: {:?}", theirs.sleeps);
    }
}

/// A config that sets no timeouts gets aws-sdk-*'s default: a 3.1-second connect timeout.
#[tokio::test]
async fn the_default_timeouts_are_aws_sdk_dynamodbs() {
    let (theirs, ours) = (Transport::default(), Transport::default());
    let _ = official::run(&official::without_timeouts(&theirs)).await;
    let _ = generated::run(&generated::without_timeouts(&ours)).await;
    let (theirs, ours) = (seen(&theirs), seen(&ours));
    let default = (Some(Duration::from_millis(3100)), None);
    assert!(!theirs.settings.is_empty() && theirs.settings.iter().all(|s| *s == default), "aws-sdk-dynamodb: {:?}", theirs.settings);
    assert!(!ours.settings.is_empty() && ours.settings.iter().all(|s| *s == default), "generated: {:?}", ours.settings);
}
