//! The runtime every generated crate carries as `src/rt/`, compiled here once as an
//! ordinary crate so that its unit tests run once, not once per generated crate. The
//! `config` module below stands in for the one seam into generated code.

// As in generated crates' lib.rs: errors are the official `SdkError`s, large as they are.
#![allow(clippy::result_large_err)]

#[path = "mod.rs"]
mod rt;

/// What the runtime's unit tests share.
#[cfg(test)]
mod test_support {
    /// A response or request body that gives `data` in chunks of `chunk` bytes, as an HTTP
    /// connection may cut it.
    pub(crate) struct Chunked {
        pub data: bytes::Bytes,
        pub chunk: usize,
    }

    /// The value of a future that is ready when first polled (bodies in memory, cached
    /// answers).
    pub(crate) fn ready<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => panic!("the future was not ready when first polled"),
        }
    }

    impl http_body::Body for Chunked {
        type Data = bytes::Bytes;
        type Error = aws_smithy_types::body::Error;
        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
            let n = self.chunk.min(self.data.len());
            std::task::Poll::Ready((n > 0).then(|| Ok(http_body::Frame::data(self.data.split_to(n)))))
        }
    }
}

/// What a generated crate's `config.rs` provides to the runtime.
mod config {
    pub(crate) static SERVICE: crate::rt::config::ServiceMeta = crate::rt::config::ServiceMeta {
        sdk_id: "Runtime",
        signing_name: "runtime",
        protocol: &PROTOCOL,
        headers: &[],
        double_encodes_path: true,
        normalizes_path: true,
        signs_payload_hash: false,
        errors_in_ok_bodies: false,
        retryable_codes: &[],
        sigv4a: Some(crate::rt::sigv4a::params),
        session_auth: None,
        bearer_token_env: Some("runtime"),
        extended_request_id: None,
        initial_response: Some(crate::rt::event_stream::initial_response),
    };
    /// Obtains session credentials (crates whose endpoints ask for them).
    pub(crate) const CREATE_SESSION: Option<crate::rt::client::CreateSession> = None;
    /// The document format of event messages' payloads (crates with event streams).
    pub(crate) type EventFormat = crate::rt::json::JsonBody;
    pub(crate) static PROTOCOL: crate::rt::json::AwsJson =
        crate::rt::json::AwsJson { target_prefix: "Runtime", content_type: "application/x-amz-json-1.0", query_compatible: false };

    /// What a generated `config/endpoint.rs` provides: here, the rules of a model without
    /// any (the configured endpoint URL, or an error).
    pub(crate) mod endpoint {
        use crate::rt::endpoint::{
            Condition, EndpointParams, EndpointRule, Expr, Function, InvalidParams, Node, Outcome, ParamSpec, RuleSet, Test, Value,
        };

        #[derive(Clone, Debug, PartialEq)]
        pub(crate) struct Params {
            endpoint: Option<String>,
        }
        impl EndpointParams for Params {
            fn with_values<R>(&self, f: impl FnOnce(&mut [Value<'_>]) -> R) -> R {
                crate::rt::endpoint::with_slots::<1, 1, R>([Value::of_str(self.endpoint.as_deref())], f)
            }
            fn last() -> &'static std::thread::LocalKey<crate::rt::endpoint::LastEndpoint<Self>> {
                std::thread_local!(static LAST: crate::rt::endpoint::LastEndpoint<Params> = const { std::cell::RefCell::new(None) });
                &LAST
            }
        }
        pub(crate) struct ParamsBuilder {
            endpoint: Option<String>,
        }
        impl ParamsBuilder {
            pub(crate) fn from_values(values: Vec<Value<'_>>) -> Self {
                Self { endpoint: values.into_iter().next().and_then(Value::into_string) }
            }
            pub(crate) fn build(self) -> Result<Params, InvalidParams> {
                Ok(Params { endpoint: self.endpoint })
            }
        }
        pub(crate) static PARAMS: &[ParamSpec] = &[ParamSpec { name: "Endpoint", built_in: Some("SDK::Endpoint"), setting: false }];
        pub(crate) static RULES: RuleSet = RuleSet {
            slots: 1,
            partitions: &[],
            regions: &[],
            conditions: &[Condition { expr: Expr::Call(Function::IsSet, &[Expr::Ref(0)]), assign: None, test: Test::IsSet(0) }],
            nodes: &[Node(0, -1, -2)],
            root: 0,
            outcomes: &[
                Outcome::Endpoint(&EndpointRule { url: Expr::Ref(0), headers: &[], properties: &[] }),
                Outcome::Error(Expr::Str("no endpoint URL is configured")),
            ],
        };
    }
}
