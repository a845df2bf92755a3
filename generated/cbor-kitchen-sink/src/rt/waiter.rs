//! Waiters (`smithy.waiters#waitable`): poll an operation until an acceptor says success or
//! failure, with the spec's exponential backoff between `min_delay` and `max_delay`.

use super::builder::Operation;
use super::client::Handle;
use super::jmespath::{self, Expr, Json};
use super::operation::{invoke, OperationError, Output};
use super::StructValue;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::{CreateUnhandledError, SdkError};
use aws_smithy_runtime_api::client::waiters::error::{ExceededMaxWait, FailureState, OperationFailed, WaiterError};
use aws_smithy_runtime_api::client::waiters::FinalPoll;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::error::operation::BuildError;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum State {
    Success,
    Failure,
    Retry,
}

/// The comparators, named as the waiter specification names them.
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug)]
pub(crate) enum Comparator {
    StringEquals,
    BooleanEquals,
    AllStringEquals,
    AnyStringEquals,
}

pub(crate) enum Matcher {
    /// Whether the operation succeeded (`true`) or returned an error (`false`).
    Success(bool),
    /// The operation returned the error with this code.
    ErrorType(&'static str),
    /// A JMESPath over the output, compared with the expected value.
    Output(&'static Expr, Comparator, &'static str),
    /// A JMESPath over `{"input": …, "output": …}`.
    InputOutput(&'static Expr, Comparator, &'static str),
}

pub(crate) struct Acceptor {
    pub state: State,
    pub matcher: Matcher,
}

pub(crate) struct WaiterSpec {
    pub min_delay: u64,
    pub max_delay: u64,
    pub acceptors: &'static [Acceptor],
}

fn compare(value: &Json, comparator: Comparator, expected: &str) -> bool {
    match comparator {
        Comparator::StringEquals => matches!(value, Json::String(s) if s == expected),
        Comparator::BooleanEquals => matches!(value, Json::Bool(b) if b.to_string() == expected),
        Comparator::AllStringEquals => {
            matches!(value, Json::Array(items) if !items.is_empty() && items.iter().all(|i| matches!(i, Json::String(s) if s == expected)))
        }
        Comparator::AnyStringEquals => {
            matches!(value, Json::Array(items) if items.iter().any(|i| matches!(i, Json::String(s) if s == expected)))
        }
    }
}

/// The state of the first acceptor that matches, if any.
fn accept<I: StructValue, O: StructValue, E: ProvideErrorMetadata>(spec: &WaiterSpec, input: &I, result: Result<&O, &E>) -> Option<State> {
    for acceptor in spec.acceptors {
        let matched = match (&acceptor.matcher, result) {
            (Matcher::Success(expected), r) => r.is_ok() == *expected,
            (Matcher::ErrorType(code), Err(e)) => e.code() == Some(*code),
            (Matcher::Output(path, comparator, expected), Ok(output)) => {
                compare(&jmespath::search(path, &jmespath::from_struct(output)), *comparator, expected)
            }
            (Matcher::InputOutput(path, comparator, expected), Ok(output)) => {
                let both = Json::Object(vec![
                    ("input".to_owned(), jmespath::from_struct(input)),
                    ("output".to_owned(), jmespath::from_struct(output)),
                ]);
                compare(&jmespath::search(path, &both), *comparator, expected)
            }
            _ => false,
        };
        if matched {
            return Some(acceptor.state);
        }
    }
    None
}

/// The delay before poll `attempt` (from 1), as the waiter specification computes it.
fn delay(spec: &WaiterSpec, attempt: u32, elapsed: Duration, max_wait: Duration) -> Duration {
    let (min, max) = (spec.min_delay.max(1), spec.max_delay.max(spec.min_delay.max(1)));
    let ceiling = ((max as f64 / min as f64).ln() / 2f64.ln() + 1.0) as u32;
    let upper = if attempt > ceiling { max } else { min.saturating_mul(1u64 << (attempt - 1).min(62)).min(max) };
    let mut delay = Duration::from_secs(fastrand::u64(min..=upper));
    let remaining = max_wait.saturating_sub(elapsed);
    if remaining.saturating_sub(delay) <= Duration::from_secs(min) {
        delay = remaining;
    }
    delay
}

/// Polls `operation` with `input` until an acceptor decides, or `max_wait` runs out.
pub(crate) async fn wait<I, O, E>(
    handle: &Handle,
    input: Result<I, BuildError>,
    spec: &'static WaiterSpec,
    max_wait: Duration,
) -> Result<FinalPoll<O, SdkError<E, HttpResponse>>, WaiterError<O, E>>
where
    I: Operation<Output = O, Error = E> + StructValue + Send + Sync,
    O: Output + StructValue + Send,
    E: OperationError + ProvideErrorMetadata + CreateUnhandledError + std::error::Error + Send + Sync + 'static,
{
    let mut input = input.map_err(WaiterError::construction_failure)?;
    let start = Instant::now();
    let mut attempt = 0;
    let mut last_poll = false;
    loop {
        let result = invoke::<I>(handle, &mut input).await;
        let state = match &result {
            Ok(output) => accept::<I, O, E>(spec, &input, Ok(output)),
            Err(SdkError::ServiceError(context)) => accept::<I, O, E>(spec, &input, Err(context.err())),
            Err(_) => None,
        };
        match (state, result) {
            (_, Err(e)) if !matches!(e, SdkError::ServiceError(_)) => return Err(WaiterError::OperationFailed(OperationFailed::new(e))),
            (Some(State::Success), result) => return Ok(FinalPoll::new(result)),
            (Some(State::Failure), result) => {
                return Err(WaiterError::FailureState(FailureState::new(FinalPoll::new(result.map_err(|e| e.into_service_error())))))
            }
            (None, Err(e)) => return Err(WaiterError::OperationFailed(OperationFailed::new(e))),
            (Some(State::Retry) | None, _) => {
                attempt += 1;
                let elapsed = start.elapsed();
                if last_poll || elapsed > max_wait {
                    return Err(WaiterError::ExceededMaxWait(ExceededMaxWait::new(max_wait, elapsed, attempt)));
                }
                let pause = delay(spec, attempt, elapsed, max_wait);
                if pause.is_zero() {
                    last_poll = true;
                } else {
                    tokio::time::sleep(pause).await;
                }
            }
        }
    }
}

