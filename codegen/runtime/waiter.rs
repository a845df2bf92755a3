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
use std::time::Duration;

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
    // Time and waits as the client's config has them (a test's clock and sleep, or the system's).
    let conf = &handle.conf;
    let sleep = conf.sleeper().ok_or_else(|| WaiterError::construction_failure(super::client::NO_SLEEP))?;
    let start = conf.now();
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
                let elapsed = conf.now().duration_since(start).unwrap_or_default();
                if last_poll || elapsed > max_wait {
                    return Err(WaiterError::ExceededMaxWait(ExceededMaxWait::new(max_wait, elapsed, attempt)));
                }
                let pause = delay(spec, attempt, elapsed, max_wait);
                if pause.is_zero() {
                    last_poll = true;
                } else {
                    aws_smithy_async::rt::sleep::AsyncSleep::sleep(&sleep, pause).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::jmespath::{self, search, Expr, Json};
    use codegen::jmespath as parsed;

    /// The runtime form of what the generator parses from `src`.
    fn expr(src: &str) -> &'static Expr {
        fn convert(e: parsed::Expr) -> Expr {
            let boxed = |e: Box<parsed::Expr>| -> &'static Expr { Box::leak(Box::new(convert(*e))) };
            match e {
                parsed::Expr::Current => Expr::Current,
                parsed::Expr::Field(f) => Expr::Field(String::leak(f)),
                parsed::Expr::Literal(l) => Expr::Literal(match l {
                    parsed::Literal::Null => jmespath::Literal::Null,
                    parsed::Literal::Bool(b) => jmespath::Literal::Bool(b),
                    parsed::Literal::Number(n) => jmespath::Literal::Number(n),
                    parsed::Literal::String(s) => jmespath::Literal::String(String::leak(s)),
                }),
                parsed::Expr::Sub(l, r) => Expr::Sub(boxed(l), boxed(r)),
                parsed::Expr::Index(l, n) => Expr::Index(boxed(l), n),
                parsed::Expr::Project { left, flatten, filter, right } => {
                    Expr::Project { left: boxed(left), flatten, filter: filter.map(boxed), right: boxed(right) }
                }
                parsed::Expr::ObjectProject { left, right } => Expr::ObjectProject { left: boxed(left), right: boxed(right) },
                parsed::Expr::MultiList(items) => Expr::MultiList(Vec::leak(items.into_iter().map(convert).collect())),
                parsed::Expr::Compare(op, l, r) => Expr::Compare(
                    match op {
                        parsed::Comparison::Eq => jmespath::Comparison::Eq,
                        parsed::Comparison::Ne => jmespath::Comparison::Ne,
                        parsed::Comparison::Lt => jmespath::Comparison::Lt,
                        parsed::Comparison::Le => jmespath::Comparison::Le,
                        parsed::Comparison::Gt => jmespath::Comparison::Gt,
                        parsed::Comparison::Ge => jmespath::Comparison::Ge,
                    },
                    boxed(l),
                    boxed(r),
                ),
                parsed::Expr::And(l, r) => Expr::And(boxed(l), boxed(r)),
                parsed::Expr::Or(l, r) => Expr::Or(boxed(l), boxed(r)),
                parsed::Expr::Not(x) => Expr::Not(boxed(x)),
                parsed::Expr::Call(f, args) => Expr::Call(
                    match f {
                        parsed::Function::Length => jmespath::Function::Length,
                        parsed::Function::Contains => jmespath::Function::Contains,
                        parsed::Function::Keys => jmespath::Function::Keys,
                        parsed::Function::Values => jmespath::Function::Values,
                    },
                    Vec::leak(args.into_iter().map(convert).collect()),
                ),
            }
        }
        Box::leak(Box::new(convert(parsed::parse(src).expect(src))))
    }

    fn doc() -> Json {
        let instance = |status: &str| Json::Object([("DBInstanceStatus".to_owned(), Json::String(status.into()))].into_iter().collect());
        Json::Object(
            [
                ("DBInstances".to_owned(), Json::Array(vec![instance("available"), instance("creating")])),
                ("Empty".to_owned(), Json::Array(vec![])),
                ("Status".to_owned(), Json::String("READY".into())),
            ]
            .into_iter()
            .collect(),
        )
    }

    #[test]
    fn the_expressions_the_aws_models_use() {
        let d = doc();
        let find = |src: &str| search(expr(src), &d);
        let statuses = Json::Array(vec![Json::String("available".into()), Json::String("creating".into())]);
        assert_eq!(find("DBInstances[].DBInstanceStatus"), statuses.clone());
        assert_eq!(find("DBInstances[*].DBInstanceStatus"), statuses);
        assert_eq!(find("length(DBInstances) == `2`"), Json::Bool(true));
        assert_eq!(find("length(Empty[]) > `0`"), Json::Bool(false));
        assert_eq!(find("Status"), Json::String("READY".into()));
        assert_eq!(find("DBInstances[0].DBInstanceStatus"), Json::String("available".into()));
        assert_eq!(find("DBInstances[-1].DBInstanceStatus"), Json::String("creating".into()));
        assert_eq!(find("DBInstances[5].DBInstanceStatus"), Json::Null);
        assert_eq!(
            find("DBInstances[?DBInstanceStatus == 'creating'].DBInstanceStatus"),
            Json::Array(vec![Json::String("creating".into())])
        );
        assert_eq!(find("Missing.Field"), Json::Null);
        assert_eq!(find("!(Status == 'READY') || contains(DBInstances[].DBInstanceStatus, 'creating')"), Json::Bool(true));
        assert_eq!(find("Status == 'READY' && Missing"), Json::Null);
        assert_eq!(find("contains(Status, 'EA')"), Json::Bool(true));
        let keys = find("keys(@)");
        assert_eq!(keys, Json::Array(["DBInstances", "Empty", "Status"].map(|k| Json::String(k.into())).to_vec()));
        assert_eq!(find("length(values(@))"), Json::Number(3.0));
        assert_eq!(find("length(Status)"), Json::Number(5.0));
    }

    #[test]
    fn flatten_merges_nested_arrays_and_projections_drop_nulls() {
        let n = |x: f64| Json::Number(x);
        let d =
            Json::Object(vec![("a".into(), Json::Array(vec![Json::Array(vec![n(1.0), n(2.0)]), n(3.0), Json::Array(vec![]), Json::Null]))]);
        assert_eq!(search(expr("a[]"), &d), Json::Array(vec![n(1.0), n(2.0), n(3.0)]));
        assert_eq!(search(expr("a[*]"), &d), Json::Array(vec![Json::Array(vec![n(1.0), n(2.0)]), n(3.0), Json::Array(vec![])]));
        assert_eq!(
            search(expr("a[?@ > `1`]"), &Json::Object(vec![("a".into(), Json::Array(vec![n(1.0), n(2.0)]))])),
            Json::Array(vec![n(2.0)])
        );
    }

    #[test]
    fn a_flatten_ends_the_projection_before_it() {
        let s = |v: &str| Json::String(v.into());
        let instances = |states: &[&str]| {
            let items = states.iter().map(|st| Json::Object(vec![("State".into(), s(st))])).collect();
            Json::Object(vec![("Instances".into(), Json::Array(items))])
        };
        let d = Json::Object(vec![("Reservations".into(), Json::Array(vec![instances(&["a", "b"]), instances(&["c"])]))]);
        assert_eq!(search(expr("Reservations[].Instances[].State"), &d), Json::Array(vec![s("a"), s("b"), s("c")]));
        assert_eq!(
            search(expr("Reservations[*].Instances[*].State"), &d),
            Json::Array(vec![Json::Array(vec![s("a"), s("b")]), Json::Array(vec![s("c")])]),
            "`[*]` projections nest"
        );
    }

    #[test]
    fn object_projections_and_multi_select_lists() {
        let s = |v: &str| Json::String(v.into());
        let status = |v: &str| Json::Object(vec![("VerificationStatus".into(), s(v))]);
        let d = Json::Object(vec![(
            "VerificationAttributes".into(),
            Json::Object(vec![("a".into(), status("Success")), ("b".into(), Json::Object(vec![])), ("c".into(), status("Pending"))]),
        )]);
        assert_eq!(search(expr("VerificationAttributes.*.VerificationStatus"), &d), Json::Array(vec![s("Success"), s("Pending")]));
        assert_eq!(search(expr("VerificationAttributes[*]"), &d), Json::Null, "a list projection of an object is null");

        // Auto Scaling's GroupInService waiter.
        let group = |in_service: usize, min: f64| {
            let instance = Json::Object(vec![("LifecycleState".into(), s("InService"))]);
            Json::Object(vec![("Instances".into(), Json::Array(vec![instance; in_service])), ("MinSize".into(), Json::Number(min))])
        };
        let path = expr("contains(AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][], `false`)");
        let groups = |g: Vec<Json>| Json::Object(vec![("AutoScalingGroups".into(), Json::Array(g))]);
        assert_eq!(search(path, &groups(vec![group(2, 2.0), group(1, 2.0)])), Json::Bool(true));
        assert_eq!(search(path, &groups(vec![group(2, 2.0), group(3, 1.0)])), Json::Bool(false));
        assert_eq!(search(expr("[Missing, `1`]"), &Json::Null), Json::Null);
    }

    #[test]
    fn objects_are_equal_whatever_their_key_order() {
        let entry = |k: &str, v: f64| (k.to_owned(), Json::Number(v));
        let ab = Json::Object(vec![entry("a", 1.0), entry("b", 2.0)]);
        assert_eq!(ab, Json::Object(vec![entry("b", 2.0), entry("a", 1.0)]));
        assert_ne!(ab, Json::Object(vec![entry("b", 2.0), entry("a", 3.0)]));
        assert_ne!(ab, Json::Object(vec![entry("a", 1.0)]));
    }
}
