// A ConverseStream call written against aws-sdk-bedrockruntime. `tests/event_stream_compat.rs`
// compiles it twice, with `bedrock` naming aws-sdk-bedrockruntime and the generated crate,
// and compares what each prints of the same recorded stream.

use bedrock::config::retry::RetryConfig;
use bedrock::config::{BehaviorVersion, Credentials, Region};
use bedrock::error::{DisplayErrorContext, ProvideErrorMetadata};
use bedrock::types::{ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput, Message};

pub fn client(endpoint: &str) -> bedrock::Client {
    bedrock::Client::from_conf(
        bedrock::Config::builder()
            .region(Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .credentials_provider(Credentials::new("testing", "testing", None, None, "compat"))
            .retry_config(RetryConfig::disabled())
            .behavior_version(BehaviorVersion::latest())
            .build(),
    )
}

/// Asks for a reply and prints each event of the stream as a program would show it.
pub async fn run(client: &bedrock::Client) -> Vec<String> {
    let mut lines = Vec::new();
    let message = Message::builder()
        .role(ConversationRole::User)
        .content(ContentBlock::Text("Tell me a story.".into()))
        .build()
        .expect("role and content are set");
    let mut output = match client.converse_stream().model_id("anthropic.claude-v2").messages(message).send().await {
        Ok(output) => output,
        Err(e) => return vec![format!("failure {}", DisplayErrorContext(&e))],
    };
    loop {
        match output.stream.recv().await {
            Ok(Some(ConverseStreamOutput::MessageStart(start))) => lines.push(format!("start {}", start.role().as_str())),
            Ok(Some(ConverseStreamOutput::ContentBlockDelta(delta))) => match delta.delta() {
                Some(ContentBlockDelta::Text(text)) => lines.push(format!("text {}: {text}", delta.content_block_index())),
                other => lines.push(format!("delta {other:?}")),
            },
            Ok(Some(ConverseStreamOutput::ContentBlockStop(stop))) => lines.push(format!("stop {}", stop.content_block_index())),
            Ok(Some(ConverseStreamOutput::MessageStop(stop))) => lines.push(format!("message stop {}", stop.stop_reason().as_str())),
            Ok(Some(ConverseStreamOutput::Metadata(metadata))) => {
                let usage = metadata.usage().map(|u| (u.input_tokens(), u.output_tokens(), u.total_tokens()));
                let latency = metadata.metrics().map(|m| m.latency_ms());
                lines.push(format!("metadata {usage:?} {latency:?}"));
            }
            Ok(Some(other)) => lines.push(format!("other {}", other.is_unknown())),
            Ok(None) => {
                lines.push("end".to_owned());
                return lines;
            }
            Err(e) => {
                let code = e.as_service_error().and_then(|s| s.code()).map(str::to_owned);
                let message = e.as_service_error().and_then(|s| s.message()).map(str::to_owned);
                lines.push(format!("error {code:?} {message:?}"));
                return lines;
            }
        }
    }
}
