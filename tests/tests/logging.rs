//! What a generated client logs: `tracing` events from the client and its dependencies
//! (the SigV4 signer logs at trace level), captured by a global subscriber. This file holds
//! one test so that no other test's threads share the subscriber.

use sdk_kitchen_sink::config::{BehaviorVersion, Credentials, Region, RetryConfig};
use sdk_kitchen_sink::{Client, Config};
use sdk_tests::capture::serve;

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("logs lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;
    fn make_writer(&'a self) -> Logs {
        self.clone()
    }
}

#[tokio::test]
async fn nothing_secret_is_logged_even_at_trace_level() {
    const SECRET_KEY: &str = "wJalrXUtnFEMI-LOG-CHECK";
    const SESSION_TOKEN: &str = "FwoGZXIvYXdzE-LOG-CHECK";
    const SENSITIVE: &str = "my-sensitive-LOG-CHECK";
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(logs.clone()).finish();
    // The only test of this binary, so the global subscriber sees every event of the call.
    tracing::subscriber::set_global_default(subscriber).expect("no subscriber was set before");
    let server = serve(vec![
        (500, "<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>".into()),
        (
            200,
            format!(
                "<EverythingResponse><EverythingResult><Secret>{SENSITIVE}</Secret><Pin>x</Pin></EverythingResult></EverythingResponse>"
            ),
        ),
    ])
    .await;
    let config = Config::builder()
        .region(Region::new("us-west-2"))
        .endpoint_url(&server.endpoint)
        .credentials_provider(Credentials::new("AKID", SECRET_KEY, Some(SESSION_TOKEN.into()), None, "test"))
        .retry_config(RetryConfig::standard().with_initial_backoff(std::time::Duration::from_millis(1)))
        .behavior_version(BehaviorVersion::latest())
        .build();
    let error = Client::from_conf(config).everything().secret(SENSITIVE).send().await.expect_err("the pin is not a number");
    tracing::info!(error = ?error, "the call failed");
    let text = String::from_utf8(logs.0.lock().expect("logs lock").clone()).expect("UTF-8 logs");
    assert!(text.contains("signing request"), "the signer's trace events were captured: {text}");
    for secret in [SECRET_KEY, SESSION_TOKEN, SENSITIVE] {
        assert!(!text.contains(secret), "{secret} was logged:\n{text}");
    }
}
