//! The Smithy rules engine: a service's endpoint rule set, which the generator emits as
//! static data (`crate::config::endpoint::RULES`), evaluated against the endpoint
//! parameters by one interpreter. Parameters occupy the first slots of the evaluation,
//! variables that conditions assign the next ones; the generator resolved every name to
//! its slot and checked every function and its arguments, so evaluation meets only
//! well-formed rules.

use aws_smithy_runtime_api::client::endpoint::EndpointFuture;
use aws_smithy_types::endpoint::{Endpoint, EndpointAuthScheme};
use aws_smithy_types::{Document, Number};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// A rule set, compiled by the generator into a decision diagram (each distinct condition
/// tested at most once on the way to an outcome), and the data its functions read.
pub(crate) struct RuleSet {
    /// How many slots evaluation needs: parameters, then assigned variables.
    pub slots: usize,
    /// The distinct conditions the nodes test.
    pub conditions: &'static [Condition],
    pub nodes: &'static [Node],
    /// Where evaluation starts: a [`Node`] reference.
    pub root: i32,
    /// The endpoints and errors the diagram ends in.
    pub outcomes: &'static [Outcome],
    /// The AWS partitions `aws.partition` matches region patterns against, and the regions
    /// they list (both empty when the rules do not call it).
    pub partitions: &'static [Partition],
    pub regions: Regions,
}

/// The regions the partitions list, with their records: an open-addressing hash table (a
/// region is at the first place at or after its [`region_hash`] that is free, going up,
/// within a power-of-two length) that the generator lays out.
pub(crate) type Regions = &'static [Option<(&'static str, &'static Record)>];

/// What `aws.partition` returns: `name`, `dnsSuffix`, `dualStackDnsSuffix`,
/// `supportsFIPS`, `supportsDualStack`, `implicitGlobalRegion`.
pub(crate) type Record = [(&'static str, Value<'static>)];

/// A decision node: test condition `.0`, then go to `.1` if it holds and to `.2` if not.
/// A reference `r` is node `r` when `r >= 0`, and outcome `-r - 1` when negative.
#[derive(Clone, Copy)]
pub(crate) struct Node(pub u16, pub i32, pub i32);

/// Where a path through the rules ends.
pub(crate) enum Outcome {
    Endpoint(&'static EndpointRule),
    /// An error whose message is this string expression.
    Error(Expr),
}

/// A condition holds when its value is neither unset nor `false`; the value is bound to
/// `assign` when it names a slot.
pub(crate) struct Condition {
    pub expr: Expr,
    pub assign: Option<usize>,
    /// How to test it: the generator names the commonest forms, which need no evaluating.
    pub test: Test,
}

/// A condition's test.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Test {
    /// Evaluate the expression (and bind its value, if the condition assigns).
    Eval,
    /// `isSet(ref)`
    IsSet(usize),
    /// `not(isSet(ref))`
    NotSet(usize),
    /// `booleanEquals(ref, literal)`: the slot holds that boolean.
    BoolIs(usize, bool),
}

pub(crate) struct EndpointRule {
    pub url: Expr,
    pub headers: &'static [(&'static str, &'static [Expr])],
    pub properties: &'static [(&'static str, Expr)],
}

pub(crate) enum Expr {
    Bool(bool),
    Int(i64),
    /// A string without placeholders.
    Str(&'static str),
    /// A template: its literal parts and placeholders, concatenated.
    Template(&'static [Expr]),
    /// A parameter or a variable.
    Ref(usize),
    GetAttr(&'static Expr, &'static [Step]),
    Call(Function, &'static [Expr]),
    Array(&'static [Expr]),
    Record(&'static [(&'static str, Expr)]),
}

/// One step of a `getAttr` path: a key of a record or an index of an array.
pub(crate) enum Step {
    Key(&'static str),
    Index(usize),
}

/// The library functions: the standard library and the AWS extensions.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Function {
    IsSet,
    Not,
    StringEquals,
    BooleanEquals,
    Substring,
    IsValidHostLabel,
    ParseUrl,
    UriEncode,
    Coalesce,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

/// An AWS partition (`partitions.json`): the pattern of the regions it will have, and what
/// `aws.partition` returns for those.
pub(crate) struct Partition {
    pub id: &'static str,
    /// `regionRegex`, anchored at both ends.
    pub region_pattern: &'static [Piece],
    pub outputs: &'static Record,
}

/// One element of a region pattern, matched once or, with `repeat`, once or more.
pub(crate) struct Piece {
    pub atom: Atom,
    pub repeat: bool,
}

pub(crate) enum Atom {
    Char(char),
    /// `\w`: a letter, digit or underscore.
    Word,
    /// `\d`
    Digit,
    /// `(a|b|…)`: one of the alternatives.
    Group(&'static [&'static [Piece]]),
}

/// A value during evaluation: strings borrow from the parameters where they can.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value<'a> {
    None,
    Bool(bool),
    Int(i64),
    Str(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Record(Vec<(&'static str, Value<'a>)>),
    /// A record in static data (a partition's outputs).
    Static(&'static Record),
}

/// Drops `value`, through its drop glue only when it holds something to free: the glue is
/// out of line, and most values the engine discards are borrowed strings or scalars.
#[inline(always)]
fn discard(value: Value<'_>) {
    if value.owns_heap() {
        drop(value)
    } else {
        std::mem::forget(value)
    }
}

impl<'a> Value<'a> {
    #[inline]
    fn owns_heap(&self) -> bool {
        matches!(self, Value::Str(Cow::Owned(_)) | Value::Array(_) | Value::Record(_))
    }
    /// A string parameter, borrowed.
    #[inline]
    pub(crate) fn of_str(value: Option<&'a str>) -> Self {
        value.map_or(Value::None, |s| Value::Str(Cow::Borrowed(s)))
    }
    /// A string-array parameter, borrowed.
    #[inline]
    pub(crate) fn of_strs(value: Option<&'a [String]>) -> Self {
        value.map_or(Value::None, |items| Value::Array(items.iter().map(|s| Value::Str(Cow::Borrowed(s.as_str()))).collect()))
    }
    fn holds(&self) -> bool {
        !matches!(self, Value::None | Value::Bool(false))
    }
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    fn get(&self, step: &Step) -> &Value<'a> {
        match (self, step) {
            (Value::Record(fields), Step::Key(key)) => fields.iter().find(|(k, _)| k == key).map_or(&Value::None, |(_, v)| v),
            (Value::Static(fields), Step::Key(key)) => fields.iter().find(|(k, _)| k == key).map_or(&Value::None, |(_, v)| v),
            (Value::Array(items), Step::Index(i)) => items.get(*i).unwrap_or(&Value::None),
            _ => &Value::None,
        }
    }
}

impl From<Option<String>> for Value<'_> {
    #[inline]
    fn from(value: Option<String>) -> Self {
        value.map_or(Value::None, |s| Value::Str(Cow::Owned(s)))
    }
}
impl From<Option<bool>> for Value<'_> {
    #[inline]
    fn from(value: Option<bool>) -> Self {
        value.map_or(Value::None, Value::Bool)
    }
}
impl From<Option<Vec<String>>> for Value<'_> {
    #[inline]
    fn from(value: Option<Vec<String>>) -> Self {
        value.map_or(Value::None, |items| Value::Array(items.into_iter().map(|s| Value::Str(Cow::Owned(s))).collect()))
    }
}

impl Value<'_> {
    pub(crate) fn into_string(self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.into_owned()),
            _ => None,
        }
    }
    pub(crate) fn into_bool(self) -> Option<bool> {
        self.as_bool()
    }
    pub(crate) fn into_strings(self) -> Option<Vec<String>> {
        match self {
            Value::Array(items) => items.into_iter().map(Value::into_string).collect(),
            _ => None,
        }
    }
}

/// Where the request pipeline finds a parameter's value when the operation does not set
/// it: the config setting of that name (`@clientContextParams`), or the built-in.
pub(crate) struct ParamSpec {
    pub name: &'static str,
    pub built_in: Option<&'static str>,
    /// A client context parameter: a setting of the client's config.
    pub setting: bool,
}

/// Endpoint parameters that cannot be used: a required one unset, or an invalid value.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidParams {
    field: Cow<'static, str>,
    message: Option<&'static str>,
}

impl InvalidParams {
    pub(crate) fn missing(field: &'static str) -> Self {
        Self { field: field.into(), message: None }
    }
    pub(crate) fn invalid_value(field: &'static str, message: &'static str) -> Self {
        Self { field: field.into(), message: Some(message) }
    }
}

impl fmt::Display for InvalidParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.message {
            None => write!(f, "a required field was missing: `{}`", self.field),
            Some(message) => write!(f, "invalid value for field: `{}` - {message}", self.field),
        }
    }
}

impl std::error::Error for InvalidParams {}

/// Why no endpoint was resolved: an error rule's message, or rule exhaustion.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveEndpointError(String);

impl ResolveEndpointError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ResolveEndpointError {}

/// Resolves the endpoint of `params` (one value per parameter, in the rule set's order).
pub(crate) fn resolve(rules: &RuleSet, params: Vec<Value<'_>>) -> Result<Endpoint, ResolveEndpointError> {
    let mut slots = params;
    slots.resize(rules.slots, Value::None);
    evaluate(rules, &mut slots)
}

/// Resolves the endpoint of the parameters at the start of `slots`, the rest being room
/// for the rule set's variables.
fn evaluate(rules: &RuleSet, slots: &mut [Value<'_>]) -> Result<Endpoint, ResolveEndpointError> {
    if slots.len() < rules.slots {
        return resolve(rules, slots.to_vec());
    }
    let mut eval = Eval { slots, partitions: rules.partitions, regions: rules.regions, assigned: 0 };
    let mut at = rules.root;
    // A path through a decision diagram meets each node once at most: one that goes on longer
    // loops, and ends as a malformed rule set rather than running forever.
    let mut steps = rules.nodes.len();
    while let Ok(node) = usize::try_from(at) {
        let Some(left) = steps.checked_sub(1) else { break };
        steps = left;
        let Some(&Node(condition, high, low)) = rules.nodes.get(node) else { break };
        let Some(condition) = rules.conditions.get(usize::from(condition)) else { break };
        at = if eval.condition(condition) { high } else { low };
    }
    // `-at - 1` without overflow: `at` is negative here unless the rule set is malformed.
    let result = match usize::try_from(-(at as i64) - 1).ok().and_then(|i| rules.outcomes.get(i)) {
        Some(Outcome::Endpoint(endpoint)) => eval.endpoint(endpoint),
        Some(Outcome::Error(message)) => Err(ResolveEndpointError(eval.string(message))),
        None => Err(ResolveEndpointError::new("the endpoint rule set is malformed")),
    };
    eval.release();
    result
}

/// Endpoint parameters as the rules engine reads them (the generated `Params`).
pub(crate) trait EndpointParams: PartialEq + Clone + 'static {
    /// Calls `f` with one value per parameter, in the rule set's order, borrowing the
    /// strings, followed by room for the rule set's variables: all on the stack.
    fn with_values<R>(&self, f: impl FnOnce(&mut [Value<'_>]) -> R) -> R;
    /// This thread's last resolution of parameters of this type ([`resolve_cached`]).
    fn last() -> &'static std::thread::LocalKey<LastEndpoint<Self>>;
}

/// Runs `f` over `N` slots: the values of the parameters, then room for the variables. A rule
/// set has dozens of slots, most never set on the way to an endpoint, and dropping each one
/// through `Value`'s drop glue costs more than the evaluation: `f` (the engine) leaves the
/// variables unset, so only the parameters are dropped, and only those that hold something
/// to free. (Should `f` panic, the values are leaked.)
#[inline]
pub(crate) fn with_slots<'a, const P: usize, const N: usize, R>(params: [Value<'a>; P], f: impl FnOnce(&mut [Value<'a>]) -> R) -> R {
    let mut params = std::mem::ManuallyDrop::new(params);
    let mut slots = std::mem::ManuallyDrop::new([const { Value::None }; N]);
    // Swapped, not assigned: an assignment would run the glue on each unset slot.
    for (slot, param) in slots.iter_mut().zip(params.iter_mut()) {
        std::mem::swap(slot, param);
    }
    let result = f(&mut slots[..]);
    for slot in &mut slots[..P.min(N)] {
        if slot.owns_heap() {
            *slot = Value::None;
        }
    }
    result
}

/// The last parameters a thread resolved, with the rule set (by address), and their endpoint
/// once they have come twice in a row.
pub(crate) type LastEndpoint<P> = std::cell::RefCell<Option<(usize, P, Option<Endpoint>)>>;

/// Resolves `params` with `rules`, answering from this thread's last resolution when it was
/// for the same rules and parameters. A client resolves the same parameters call after call,
/// and comparing them costs less than evaluating the rules (aws-sdk-* keep one entry too).
/// The endpoint is kept only when the same parameters come twice in a row: a client that
/// goes from bucket to bucket does not pay for copying each endpoint into the entry.
/// Resolution is a function of the rules and the parameters alone, so one entry per thread
/// serves every resolver and client, with no lock to take. The answer is built where it is
/// returned, as an endpoint future: moving an endpoint costs more than comparing parameters.
pub(crate) fn resolve_cached<P: EndpointParams>(rules: &'static RuleSet, params: &P) -> EndpointFuture<'static> {
    let key = rules as *const RuleSet as usize;
    let answer = P::last().try_with(|last| {
        let mut repeated = false;
        if let Ok(Some((cached_key, cached, endpoint))) = last.try_borrow().as_deref() {
            if *cached_key == key && cached == params {
                if let Some(endpoint) = endpoint {
                    return EndpointFuture::ready(Ok(endpoint.clone()));
                }
                repeated = true;
            }
        }
        let result = params.with_values(|slots| evaluate(rules, slots));
        if let Ok(mut last) = last.try_borrow_mut() {
            match (&result, repeated, last.as_mut()) {
                (Ok(endpoint), true, Some((_, _, kept))) => *kept = Some(endpoint.clone()),
                (Ok(_), false, _) => *last = Some((key, params.clone(), None)),
                _ => {}
            }
        }
        EndpointFuture::ready(result.map_err(Into::into))
    });
    // A thread being torn down keeps no entry.
    answer.unwrap_or_else(|_| EndpointFuture::ready(params.with_values(|slots| evaluate(rules, slots)).map_err(Into::into)))
}

struct Eval<'a, 's> {
    slots: &'s mut [Value<'a>],
    partitions: &'static [Partition],
    regions: Regions,
    /// The variable slots conditions assigned (slot `i` as bit `i`, those from 64 on as bit
    /// 63), which [`Eval::release`] frees.
    assigned: u64,
}

impl<'a> Eval<'a, '_> {
    /// Unsets the variables conditions assigned, freeing what they hold, so that the
    /// caller's slots hold only the parameters again.
    fn release(&mut self) {
        let mut assigned = self.assigned;
        while assigned != 0 {
            let slot = assigned.trailing_zeros() as usize;
            assigned &= assigned - 1;
            let rest = if slot == 63 { &mut self.slots[63..] } else { &mut self.slots[slot..slot + 1] };
            for value in rest {
                discard(std::mem::replace(value, Value::None));
            }
        }
        self.assigned = 0;
    }

    /// Whether `condition` holds, binding its value to its slot when it assigns one.
    fn condition(&mut self, condition: &'static Condition) -> bool {
        let holds = match condition.test {
            Test::IsSet(slot) => !matches!(self.slots.get(slot), None | Some(Value::None)),
            Test::NotSet(slot) => matches!(self.slots.get(slot), None | Some(Value::None)),
            Test::BoolIs(slot, b) => matches!(self.slots.get(slot), Some(Value::Bool(x)) if *x == b),
            Test::Eval if condition.assign.is_none() => self.test(&condition.expr),
            Test::Eval => true,
        };
        let Some(slot) = condition.assign.filter(|_| holds) else { return holds };
        let value = self.eval(&condition.expr);
        if !value.holds() {
            discard(value);
            return false;
        }
        discard(std::mem::replace(&mut self.slots[slot], value));
        self.assigned |= 1 << slot.min(63);
        true
    }

    /// Whether a condition holds: the common boolean functions over references and literals
    /// answered in place, without building values.
    fn test(&self, expr: &'static Expr) -> bool {
        if let Expr::Call(function, args) = expr {
            match (function, args) {
                (Function::IsSet, [a]) => {
                    if let Some(a) = self.peek(a) {
                        return *a != Value::None;
                    }
                }
                (Function::BooleanEquals, [a, b]) => {
                    if let (Some(a), Some(b)) = (self.peek_bool(a), self.peek_bool(b)) {
                        return matches!((a, b), (Some(x), Some(y)) if x == y);
                    }
                }
                (Function::StringEquals, [a, b]) => {
                    if let (Some(a), Some(b)) = (self.peek_str(a), self.peek_str(b)) {
                        return matches!((a, b), (Some(x), Some(y)) if x == y);
                    }
                }
                (Function::Not, [inner @ Expr::Call(Function::IsSet | Function::BooleanEquals | Function::StringEquals, _)]) => {
                    return !self.test(inner);
                }
                _ => {}
            }
        }
        let value = self.eval(expr);
        let holds = value.holds();
        discard(value);
        holds
    }

    /// The value of a reference, or of a path into one, borrowed.
    fn peek(&self, expr: &'static Expr) -> Option<&Value<'a>> {
        match expr {
            Expr::Ref(slot) => Some(&self.slots[*slot]),
            Expr::GetAttr(Expr::Ref(slot), path) => Some(path.iter().fold(&self.slots[*slot], |value, step| value.get(step))),
            _ => None,
        }
    }

    /// A boolean literal or reference (`Some(None)` when it is not a boolean), or `None`
    /// when `expr` needs evaluating.
    fn peek_bool(&self, expr: &'static Expr) -> Option<Option<bool>> {
        match expr {
            Expr::Bool(b) => Some(Some(*b)),
            _ => self.peek(expr).map(Value::as_bool),
        }
    }

    /// A string literal or reference (`Some(None)` when it is not a string), or `None` when
    /// `expr` needs evaluating.
    fn peek_str(&self, expr: &'static Expr) -> Option<Option<&str>> {
        match expr {
            Expr::Str(s) => Some(Some(s)),
            _ => self.peek(expr).map(Value::as_str),
        }
    }

    fn endpoint(&mut self, rule: &'static EndpointRule) -> Result<Endpoint, ResolveEndpointError> {
        let mut endpoint = Endpoint::builder().url(self.string(&rule.url));
        for (name, values) in rule.headers {
            for value in *values {
                endpoint = endpoint.header(*name, self.string(value));
            }
        }
        for (name, value) in rule.properties {
            if let ("authSchemes", Some(schemes)) = (*name, self.auth_schemes(value)) {
                endpoint = schemes.into_iter().fold(endpoint, |endpoint, scheme| endpoint.auth_scheme(scheme));
                continue;
            }
            endpoint = endpoint.property(*name, document(self.eval(value)));
        }
        Ok(endpoint.build())
    }

    /// The `authSchemes` property as typed auth schemes, where aws-sdk-* put it: a list of
    /// records, each with a `name` (`None` when it is not, and it stays a property). Built
    /// from the expressions, without the values in between.
    fn auth_schemes(&self, expr: &'static Expr) -> Option<Vec<EndpointAuthScheme>> {
        let Expr::Array(schemes) = expr else { return None };
        let mut typed = Vec::with_capacity(schemes.len());
        for scheme in *schemes {
            let Expr::Record(fields) = scheme else { return None };
            let name = fields.iter().find(|(key, _)| *key == "name")?;
            // A literal name (as it always is in the AWS models) is not copied.
            let name: Cow<'static, str> = match &name.1 {
                Expr::Str(literal) => Cow::Borrowed(literal),
                other => match self.eval(other) {
                    Value::Str(name) => Cow::Owned(name.into_owned()),
                    _ => return None,
                },
            };
            let scheme = EndpointAuthScheme::with_capacity(name, fields.len() - 1);
            typed.push(
                fields
                    .iter()
                    .filter(|(key, _)| *key != "name")
                    .fold(scheme, |scheme, (key, value)| scheme.put(*key, document(self.eval(value)))),
            );
        }
        Some(typed)
    }

    /// A string expression's value (the empty string should the rules be ill-typed).
    fn string(&mut self, expr: &'static Expr) -> String {
        match self.eval(expr) {
            Value::Str(s) => s.into_owned(),
            _ => String::new(),
        }
    }

    /// `expr`'s value, borrowed from a slot when it is a reference (or a path into one).
    fn borrowed<'s>(&'s self, expr: &'static Expr, scratch: &'s mut Value<'a>) -> &'s Value<'a> {
        match expr {
            Expr::Ref(slot) => &self.slots[*slot],
            Expr::GetAttr(Expr::Ref(slot), path) => path.iter().fold(&self.slots[*slot], |value, step| value.get(step)),
            _ => {
                *scratch = self.eval(expr);
                scratch
            }
        }
    }

    fn eval(&self, expr: &'static Expr) -> Value<'a> {
        match expr {
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Int(i) => Value::Int(*i),
            Expr::Str(s) => Value::Str(Cow::Borrowed(s)),
            Expr::Template(parts) => {
                let literal: usize = parts.iter().map(|p| if let Expr::Str(s) = p { s.len() } else { 0 }).sum();
                let mut out = String::with_capacity(literal + 32);
                for part in *parts {
                    if let Expr::Str(literal) = part {
                        out.push_str(literal);
                        continue;
                    }
                    let mut scratch = Value::None;
                    match self.borrowed(part, &mut scratch) {
                        Value::Str(s) => out.push_str(s),
                        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                        Value::Int(i) => out.push_str(&i.to_string()),
                        _ => {}
                    }
                    discard(scratch);
                }
                Value::Str(Cow::Owned(out))
            }
            Expr::Ref(slot) => self.slots[*slot].clone(),
            Expr::GetAttr(target, path) => {
                let mut scratch = Value::None;
                let value = path.iter().fold(self.borrowed(target, &mut scratch), |value, step| value.get(step)).clone();
                discard(scratch);
                value
            }
            Expr::Call(function, args) => self.call(*function, args),
            Expr::Array(items) => Value::Array(items.iter().map(|item| self.eval(item)).collect()),
            Expr::Record(fields) => Value::Record(fields.iter().map(|(k, v)| (*k, self.eval(v))).collect()),
        }
    }

    fn call(&self, function: Function, args: &'static [Expr]) -> Value<'a> {
        let (mut first, mut second) = (Value::None, Value::None);
        let a = args.first().map(|e| self.borrowed(e, &mut first));
        let b = args.get(1).map(|e| self.borrowed(e, &mut second));
        let a_str = a.and_then(Value::as_str);
        let value = match function {
            Function::IsSet => Value::Bool(a.is_some_and(|v| *v != Value::None)),
            Function::Not => Value::Bool(!a.and_then(Value::as_bool).unwrap_or(false)),
            Function::StringEquals => Value::Bool(matches!((a_str, b.and_then(Value::as_str)), (Some(x), Some(y)) if x == y)),
            Function::BooleanEquals => {
                Value::Bool(matches!((a.and_then(Value::as_bool), b.and_then(Value::as_bool)), (Some(x), Some(y)) if x == y))
            }
            Function::Substring => {
                let int = |i: usize| match args.get(i).map(|e| self.eval(e)) {
                    Some(Value::Int(n)) => usize::try_from(n).ok(),
                    _ => None,
                };
                let reverse = matches!(args.get(3).map(|e| self.eval(e)), Some(Value::Bool(true)));
                match (a, int(1), int(2)) {
                    // A parameter's string is borrowed for the whole evaluation: so is its part.
                    (Some(Value::Str(Cow::Borrowed(s))), Some(start), Some(stop)) => {
                        substring(s, start, stop, reverse).map_or(Value::None, |s| Value::Str(Cow::Borrowed(s)))
                    }
                    (Some(Value::Str(s)), Some(start), Some(stop)) => {
                        substring(s, start, stop, reverse).map_or(Value::None, |s| Value::Str(Cow::Owned(s.to_owned())))
                    }
                    _ => Value::None,
                }
            }
            Function::IsValidHostLabel => {
                Value::Bool(a_str.is_some_and(|s| is_valid_host_label(s, b.and_then(Value::as_bool).unwrap_or(false))))
            }
            Function::ParseUrl => a_str.map_or(Value::None, parse_url),
            Function::UriEncode => a_str.map_or(Value::None, |s| Value::Str(Cow::Owned(uri_encode(s)))),
            Function::Coalesce => args.iter().map(|e| self.eval(e)).find(|v| *v != Value::None).unwrap_or(Value::None),
            Function::AwsPartition => a_str.map_or(Value::None, |region| partition(self.partitions, self.regions, region)),
            Function::AwsParseArn => a_str.map_or(Value::None, parse_arn),
            Function::AwsIsVirtualHostableS3Bucket => {
                Value::Bool(a_str.is_some_and(|s| is_virtual_hostable_s3_bucket(s, b.and_then(Value::as_bool).unwrap_or(false))))
            }
        };
        discard(first);
        discard(second);
        value
    }
}

/// An endpoint property as `aws_smithy_types` holds it.
fn document(value: Value<'_>) -> Document {
    match value {
        Value::None => Document::Null,
        Value::Bool(b) => Document::Bool(b),
        Value::Int(i) if i < 0 => Document::Number(Number::NegInt(i)),
        Value::Int(i) => Document::Number(Number::PosInt(i as u64)),
        Value::Str(s) => Document::String(s.into_owned()),
        Value::Array(items) => Document::Array(items.into_iter().map(document).collect()),
        Value::Record(fields) => Document::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), document(v))).collect::<HashMap<_, _>>()),
        Value::Static(fields) => {
            Document::Object(fields.iter().map(|(k, v)| ((*k).to_owned(), document(v.clone()))).collect::<HashMap<_, _>>())
        }
    }
}

/// `substring`: the ASCII string's characters from `start` (inclusive) to `stop`
/// (exclusive), counted from its end when `reverse`.
pub(crate) fn substring(s: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if start >= stop || stop > s.len() || !s.is_ascii() {
        return None;
    }
    Some(if reverse { &s[s.len() - stop..s.len() - start] } else { &s[start..stop] })
}

/// `isValidHostLabel`: an RFC 1123 label (letters, digits and hyphens, 1 to 63 characters,
/// starting with a letter or digit), or with `subdomains` several joined by dots.
pub(crate) fn is_valid_host_label(label: &str, subdomains: bool) -> bool {
    if subdomains {
        return label.split('.').all(|part| is_valid_host_label(part, false));
    }
    !label.is_empty()
        && label.len() <= 63
        && label.starts_with(|c: char| c.is_ascii_alphanumeric())
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `parseURL`: scheme, authority and path of an `http` or `https` URL without a query.
pub(crate) fn parse_url(url: &str) -> Value<'static> {
    let Some((scheme, rest)) = url.split_once("://") else { return Value::None };
    if !(scheme == "http" || scheme == "https") || rest.contains('?') || rest.contains('#') {
        return Value::None;
    }
    let (authority, path) = rest.find('/').map_or((rest, ""), |slash| rest.split_at(slash));
    if authority.is_empty() || authority.contains('@') {
        return Value::None;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((address, port)) if address.parse::<std::net::Ipv6Addr>().is_ok() && (port.is_empty() || port.starts_with(':')) => {
                Some(true)
            }
            _ => return Value::None,
        },
        None => None,
    };
    let is_ip = host.unwrap_or_else(|| {
        let name = authority.rsplit_once(':').map_or(authority, |(name, _)| name);
        name.parse::<std::net::Ipv4Addr>().is_ok()
    });
    let mut normalized = path.to_owned();
    if !normalized.starts_with('/') {
        normalized.insert(0, '/');
    }
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Value::Record(vec![
        ("scheme", Value::Str(Cow::Owned(scheme.to_owned()))),
        ("authority", Value::Str(Cow::Owned(authority.to_owned()))),
        ("path", Value::Str(Cow::Owned(path.to_owned()))),
        ("normalizedPath", Value::Str(Cow::Owned(normalized))),
        ("isIp", Value::Bool(is_ip)),
    ])
}

/// `uriEncode`: every byte but the RFC 3986 unreserved characters percent-encoded.
pub(crate) fn uri_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.extend(['%', char::from(HEX[usize::from(b >> 4)]), char::from(HEX[usize::from(b & 15)])]);
        }
    }
    out
}

/// `aws.partition`: what the partition listing `region` says of it, else the first partition
/// whose pattern it matches, else the `aws` partition.
pub(crate) fn partition(partitions: &'static [Partition], regions: Regions, region: &str) -> Value<'static> {
    let found = listed(regions, region)
        .or_else(|| partitions.iter().find(|p| matches(p.region_pattern, region)).map(|p| p.outputs))
        .or_else(|| partitions.iter().find(|p| p.id == "aws").map(|p| p.outputs));
    found.map_or(Value::None, Value::Static)
}

/// The record of a listed region: probing from its hash until it or a free place turns up.
fn listed(regions: Regions, region: &str) -> Option<&'static Record> {
    let mask = regions.len().checked_sub(1)?;
    let mut at = region_hash(region) as usize & mask;
    for _ in 0..regions.len() {
        match regions.get(at)? {
            None => return None,
            Some((name, record)) if *name == region => return Some(record),
            Some(_) => at = (at + 1) & mask,
        }
    }
    None
}

/// FNV-1a (64 bits): the generator's `region_hash`, which lays out [`Regions`].
fn region_hash(region: &str) -> u64 {
    region.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Whether all of `text` matches `pattern`.
pub(crate) fn matches(pattern: &[Piece], text: &str) -> bool {
    ends(pattern, text).contains(&"")
}

/// What may be left of `text` once `pattern` has matched a prefix of it, in every way it
/// can (region names are short: the backtracking stays small).
fn ends<'t>(pattern: &[Piece], text: &'t str) -> Vec<&'t str> {
    let Some((piece, tail)) = pattern.split_first() else {
        return vec![text];
    };
    let mut out: Vec<&str> = Vec::new();
    let mut frontier = atom_ends(&piece.atom, text);
    while !frontier.is_empty() {
        let mut next: Vec<&str> = Vec::new();
        for rest in frontier {
            for end in ends(tail, rest) {
                if !out.contains(&end) {
                    out.push(end);
                }
            }
            if piece.repeat {
                for more in atom_ends(&piece.atom, rest) {
                    if more.len() < rest.len() && !next.contains(&more) {
                        next.push(more);
                    }
                }
            }
        }
        frontier = next;
    }
    out
}

fn atom_ends<'t>(atom: &Atom, text: &'t str) -> Vec<&'t str> {
    let mut chars = text.chars();
    let first = chars.next();
    let one = |ok: bool| if ok { vec![chars.as_str()] } else { vec![] };
    match atom {
        Atom::Char(c) => one(first == Some(*c)),
        Atom::Word => one(first.is_some_and(|x| x.is_ascii_alphanumeric() || x == '_')),
        Atom::Digit => one(first.is_some_and(|x| x.is_ascii_digit())),
        Atom::Group(alternatives) => alternatives.iter().flat_map(|alternative| ends(alternative, text)).collect(),
    }
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, the resource split on
/// `:` and `/` into its ids.
pub(crate) fn parse_arn(arn: &str) -> Value<'static> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Value::None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return Value::None;
    }
    let s = |s: &str| Value::Str(Cow::Owned(s.to_owned()));
    Value::Record(vec![
        ("partition", s(partition)),
        ("service", s(service)),
        ("region", s(region)),
        ("accountId", s(account)),
        ("resourceId", Value::Array(resource.split([':', '/']).map(s).collect())),
    ])
}

/// `aws.isVirtualHostableS3Bucket`: a bucket name that can be a host label: 3 to 63
/// lowercase letters, digits and hyphens (and dots with `subdomains`, between labels), not
/// an IPv4 address.
pub(crate) fn is_virtual_hostable_s3_bucket(bucket: &str, subdomains: bool) -> bool {
    if !is_valid_host_label(bucket, subdomains) {
        return false;
    }
    let segment = |s: &str| {
        let b = s.as_bytes();
        (3..=63).contains(&b.len())
            && b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'.')
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && !s.contains(".-")
            && !s.contains("-.")
            && s.parse::<std::net::Ipv4Addr>().is_err()
    };
    if subdomains {
        segment(bucket) && bucket.split('.').all(|label| !label.is_empty())
    } else {
        segment(bucket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string<'v>(v: &'v Value<'_>) -> &'v str {
        v.as_str().expect("a string")
    }

    fn attr<'v, 'a>(v: &'v Value<'a>, key: &'static str) -> &'v Value<'a> {
        v.get(&Step::Key(key))
    }

    #[test]
    fn substring_counts_from_either_end_and_refuses_what_does_not_fit() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
        assert_eq!(substring("abcdefg", 0, 7, false), Some("abcdefg"));
        assert_eq!(substring("abc", 0, 4, false), None, "longer than the input");
        assert_eq!(substring("abc", 2, 2, false), None, "empty range");
        assert_eq!(substring("abc", 3, 1, false), None, "reversed range");
        assert_eq!(substring("ab\u{e9}cd", 0, 2, false), None, "non-ASCII input");
    }

    #[test]
    fn host_labels() {
        for good in ["a", "abc-123", "A1", &"a".repeat(63), "0abc"] {
            assert!(is_valid_host_label(good, false), "{good}");
        }
        for bad in ["", "-abc", "ab_c", "a.b", &"a".repeat(64), "ab c"] {
            assert!(!is_valid_host_label(bad, false), "{bad}");
        }
        assert!(is_valid_host_label("a.b-c.d", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.-b", true));
    }

    #[test]
    fn urls_as_the_spec_examples_parse_them() {
        let url = parse_url("https://example.com");
        assert_eq!(string(attr(&url, "scheme")), "https");
        assert_eq!(string(attr(&url, "authority")), "example.com");
        assert_eq!(string(attr(&url, "path")), "");
        assert_eq!(string(attr(&url, "normalizedPath")), "/");
        assert_eq!(attr(&url, "isIp"), &Value::Bool(false));
        assert_eq!(parse_url("https://example.com:8443?foo=bar&faz=baz"), Value::None);
        let url = parse_url("http://example.com:80/foo/bar");
        assert_eq!(string(attr(&url, "authority")), "example.com:80");
        assert_eq!(string(attr(&url, "path")), "/foo/bar");
        assert_eq!(string(attr(&url, "normalizedPath")), "/foo/bar/");
        assert_eq!(attr(&parse_url("https://127.0.0.1"), "isIp"), &Value::Bool(true));
        assert_eq!(attr(&parse_url("https://127.0.0.1:8080/x/"), "isIp"), &Value::Bool(true));
        let v6 = parse_url("https://[fe80::1]");
        assert_eq!(string(attr(&v6, "authority")), "[fe80::1]");
        assert_eq!(attr(&v6, "isIp"), &Value::Bool(true));
        for bad in ["example.com", "ftp://example.com", "https://", "https://[zz]/", "https://user@host"] {
            assert_eq!(parse_url(bad), Value::None, "{bad}");
        }
    }

    #[test]
    fn uri_encoding_keeps_only_unreserved_characters() {
        assert_eq!(uri_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("\u{e9}"), "%C3%A9");
    }

    #[test]
    fn arns_as_the_spec_examples_parse_them() {
        let arn = parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name");
        assert_eq!(string(attr(&arn, "partition")), "aws");
        assert_eq!(string(attr(&arn, "service")), "sns");
        assert_eq!(string(attr(&arn, "region")), "us-west-2");
        assert_eq!(string(attr(&arn, "accountId")), "012345678910");
        assert_eq!(attr(&arn, "resourceId"), &Value::Array(vec![Value::Str("example-sns-topic-name".into())]));
        let vpc = parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE");
        assert_eq!(attr(&vpc, "resourceId"), &Value::Array(vec![Value::Str("vpc".into()), Value::Str("vpc-0e9801d129EXAMPLE".into())]));
        let user = parse_arn("arn:aws:iam::012345678910:user/johndoe");
        assert_eq!(string(attr(&user, "region")), "");
        let bucket = parse_arn("arn:aws:s3:::bucket_name");
        assert_eq!(string(attr(&bucket, "accountId")), "");
        assert_eq!(attr(&bucket, "resourceId"), &Value::Array(vec![Value::Str("bucket_name".into())]));
        for bad in ["11111111-2222-3333-4444-555555555555", "arn:aws:s3:::", "arn::s3:::b", "arn:aws::::b", "nra:aws:s3:::b"] {
            assert_eq!(parse_arn(bad), Value::None, "{bad}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        for good in ["bucket", "my-bucket-1", "abc"] {
            assert!(is_virtual_hostable_s3_bucket(good, false), "{good}");
        }
        for bad in ["ab", "Bucket", "my.bucket", "-bucket", "bucket-", &"a".repeat(64), "192.168.1.1"] {
            assert!(!is_virtual_hostable_s3_bucket(bad, false), "{bad}");
        }
        assert!(is_virtual_hostable_s3_bucket("my.bucket.name", true));
        for bad in ["my..bucket", "my.-bucket", "192.168.1.1", "ab"] {
            assert!(!is_virtual_hostable_s3_bucket(bad, true), "{bad}");
        }
    }

    static AWS_PATTERN: &[Piece] = &[
        Piece {
            atom: Atom::Group(&[
                &[Piece { atom: Atom::Char('u'), repeat: false }, Piece { atom: Atom::Char('s'), repeat: false }],
                &[Piece { atom: Atom::Char('e'), repeat: false }, Piece { atom: Atom::Char('u'), repeat: false }],
            ]),
            repeat: false,
        },
        Piece { atom: Atom::Char('-'), repeat: false },
        Piece { atom: Atom::Word, repeat: true },
        Piece { atom: Atom::Char('-'), repeat: false },
        Piece { atom: Atom::Digit, repeat: true },
    ];
    static CN_PATTERN: &[Piece] = &[
        Piece { atom: Atom::Char('c'), repeat: false },
        Piece { atom: Atom::Char('n'), repeat: false },
        Piece { atom: Atom::Char('-'), repeat: false },
        Piece { atom: Atom::Word, repeat: true },
        Piece { atom: Atom::Char('-'), repeat: false },
        Piece { atom: Atom::Digit, repeat: true },
    ];
    const fn outputs(name: &'static str, dns_suffix: &'static str) -> [(&'static str, Value<'static>); 6] {
        [
            ("name", Value::Str(Cow::Borrowed(name))),
            ("dnsSuffix", Value::Str(Cow::Borrowed(dns_suffix))),
            ("dualStackDnsSuffix", Value::Str(Cow::Borrowed("api.aws"))),
            ("supportsFIPS", Value::Bool(true)),
            ("supportsDualStack", Value::Bool(true)),
            ("implicitGlobalRegion", Value::Str(Cow::Borrowed("us-east-1"))),
        ]
    }
    static AWS: [(&str, Value<'static>); 6] = outputs("aws", "amazonaws.com");
    static AWS_CN: [(&str, Value<'static>); 6] = outputs("aws-cn", "amazonaws.com.cn");
    static ODD: [(&str, Value<'static>); 6] = outputs("aws", "odd.example");
    static PARTITIONS: &[Partition] = &[
        Partition { id: "aws", region_pattern: AWS_PATTERN, outputs: &AWS },
        Partition { id: "aws-cn", region_pattern: CN_PATTERN, outputs: &AWS_CN },
    ];
    /// Sorted by name.
    // A full table: probing goes round it all, wherever its hashes would place each region.
    static REGIONS: Regions =
        &[Some(("aws-cn-global", &AWS_CN)), Some(("aws-global", &AWS)), Some(("us-east-1", &AWS)), Some(("us-odd-1", &ODD))];

    #[test]
    fn region_hash_is_fnv1a() {
        // The published FNV-1a 64 test vectors; the generator checks the same ones.
        assert_eq!(region_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(region_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(region_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_listed_region_is_found_from_its_hash() {
        let mut table: [Option<(&str, &Record)>; 4] = [None, None, None, None];
        table[region_hash("eu-west-1") as usize & 3] = Some(("eu-west-1", &ODD));
        let table: Regions = Box::leak(Box::new(table));
        assert!(listed(table, "eu-west-1").is_some());
        assert!(listed(table, "us-east-1").is_none(), "a free place ends the search");
        assert!(listed(&[], "us-east-1").is_none());
    }

    #[test]
    fn region_patterns_match_whole_names() {
        assert!(matches(AWS_PATTERN, "us-east-1"));
        assert!(matches(AWS_PATTERN, "eu-central-12"));
        assert!(!matches(AWS_PATTERN, "us-gov-west-1"), "\\w does not match a hyphen");
        assert!(!matches(AWS_PATTERN, "us-east-1a"));
        assert!(!matches(AWS_PATTERN, "ap-east-1"));
        assert!(!matches(AWS_PATTERN, "us-east-"));
        assert!(!matches(AWS_PATTERN, "xus-east-1"));
        assert!(matches(CN_PATTERN, "cn-north-1"));
    }

    #[test]
    fn partitions_by_listing_then_pattern_then_the_aws_default() {
        let name = |region: &str| string(attr(&partition(PARTITIONS, REGIONS, region), "name")).to_owned();
        let suffix = |region: &str| string(attr(&partition(PARTITIONS, REGIONS, region), "dnsSuffix")).to_owned();
        assert_eq!(name("cn-north-1"), "aws-cn", "by pattern");
        assert_eq!(name("aws-cn-global"), "aws-cn", "listed");
        assert_eq!(suffix("us-odd-1"), "odd.example", "a listed region's own outputs");
        assert_eq!(name("mars-east-1"), "aws", "unknown regions fall back to aws");
        assert_eq!(attr(&partition(PARTITIONS, REGIONS, "us-west-2"), "supportsFIPS"), &Value::Bool(true));
    }

    /// `Outcome` `i` as a node reference.
    const fn outcome(i: i32) -> i32 {
        -i - 1
    }

    // Region, UseFIPS, then the variable PartitionResult. As rules: if isSet(Region) {
    // [PartitionResult = aws.partition(Region), UseFIPS] => error "no FIPS in …";
    // [PartitionResult = aws.partition(Region)] => endpoint } else error "Missing Region".
    static RULES: RuleSet = RuleSet {
        slots: 3,
        partitions: PARTITIONS,
        regions: REGIONS,
        conditions: &[
            Condition { expr: Expr::Call(Function::IsSet, &[Expr::Ref(0)]), assign: None, test: Test::Eval },
            Condition { expr: Expr::Call(Function::AwsPartition, &[Expr::Ref(0)]), assign: Some(2), test: Test::Eval },
            Condition { expr: Expr::Call(Function::BooleanEquals, &[Expr::Ref(1), Expr::Bool(true)]), assign: None, test: Test::Eval },
        ],
        nodes: &[Node(0, 1, outcome(3)), Node(1, 2, outcome(0)), Node(2, outcome(1), outcome(2))],
        root: 0,
        outcomes: &[
            Outcome::Error(Expr::Str("No endpoint rule matched")),
            Outcome::Error(Expr::Template(&[Expr::Str("no FIPS in "), Expr::GetAttr(&Expr::Ref(2), &[Step::Key("name")])])),
            Outcome::Endpoint(&EndpointRule {
                url: Expr::Template(&[
                    Expr::Str("https://svc."),
                    Expr::Ref(0),
                    Expr::Str("."),
                    Expr::GetAttr(&Expr::Ref(2), &[Step::Key("dnsSuffix")]),
                ]),
                headers: &[("x-test", &[Expr::Str("a"), Expr::Ref(0)])],
                properties: &[(
                    "authSchemes",
                    Expr::Array(&[Expr::Record(&[("name", Expr::Str("sigv4")), ("signingRegion", Expr::Ref(0))])]),
                )],
            }),
            Outcome::Error(Expr::Str("Invalid Configuration: Missing Region")),
        ],
    };

    /// Rules that always end in `outcome`.
    const fn always(outcome: &'static Outcome, slots: usize) -> RuleSet {
        RuleSet { slots, partitions: &[], regions: &[], conditions: &[], nodes: &[], root: -1, outcomes: std::slice::from_ref(outcome) }
    }

    #[test]
    fn specialized_tests_agree_with_evaluating_the_condition() {
        let cases: [(fn() -> Expr, Test); 5] = [
            (|| Expr::Call(Function::IsSet, &[Expr::Ref(0)]), Test::IsSet(0)),
            (|| Expr::Call(Function::Not, &[Expr::Call(Function::IsSet, &[Expr::Ref(0)])]), Test::NotSet(0)),
            (|| Expr::Call(Function::BooleanEquals, &[Expr::Ref(0), Expr::Bool(true)]), Test::BoolIs(0, true)),
            (|| Expr::Call(Function::BooleanEquals, &[Expr::Bool(false), Expr::Ref(0)]), Test::BoolIs(0, false)),
            (|| Expr::Call(Function::BooleanEquals, &[Expr::Ref(0), Expr::Bool(false)]), Test::BoolIs(0, false)),
        ];
        for (expr, test) in cases {
            let evaluated: &'static Condition = Box::leak(Box::new(Condition { expr: expr(), assign: None, test: Test::Eval }));
            let specialized: &'static Condition = Box::leak(Box::new(Condition { expr: expr(), assign: None, test }));
            for value in [Value::None, Value::Bool(true), Value::Bool(false), Value::Str("x".into())] {
                let mut slots = [value.clone()];
                let mut eval = Eval { slots: &mut slots, partitions: &[], regions: &[], assigned: 0 };
                let (by_value, by_test) = (eval.condition(evaluated), eval.condition(specialized));
                assert_eq!(by_value, by_test, "{test:?} on {value:?}");
            }
        }
    }

    #[test]
    fn auth_schemes_are_typed_only_when_each_is_a_named_record() {
        static NAMED: Expr = Expr::Array(&[Expr::Record(&[("name", Expr::Str("sigv4a")), ("signingName", Expr::Str("s3"))])]);
        static UNNAMED: Expr = Expr::Array(&[Expr::Record(&[("signingName", Expr::Str("s3"))])]);
        static NOT_A_LIST: Expr = Expr::Str("sigv4");
        let eval = Eval { slots: &mut [], partitions: &[], regions: &[], assigned: 0 };
        let schemes = eval.auth_schemes(&NAMED).expect("typed");
        assert_eq!((schemes[0].name(), schemes[0].get("signingName")), ("sigv4a", Some(&Document::String("s3".into()))));
        assert!(eval.auth_schemes(&UNNAMED).is_none(), "left a property");
        assert!(eval.auth_schemes(&NOT_A_LIST).is_none());
    }

    #[test]
    fn rules_resolve_endpoints_errors_and_exhaustion() {
        let params = |region: Option<&str>, fips: bool| vec![Value::from(region.map(str::to_owned)), Value::Bool(fips)];
        let endpoint = resolve(&RULES, params(Some("cn-north-1"), false)).expect("resolves");
        assert_eq!(endpoint.url(), "https://svc.cn-north-1.amazonaws.com.cn");
        assert_eq!(endpoint.headers().find(|(k, _)| *k == "x-test").map(|(_, v)| v.collect::<Vec<_>>()), Some(vec!["a", "cn-north-1"]));
        // `authSchemes` is typed and kept apart, as aws-sdk-* keep it.
        assert!(endpoint.properties().get("authSchemes").is_none());
        let [sigv4] = endpoint.auth_schemes() else { panic!("one auth scheme: {endpoint:?}") };
        assert_eq!(sigv4.name(), "sigv4");
        assert_eq!(sigv4.get("signingRegion"), Some(&Document::String("cn-north-1".into())));
        assert_eq!(sigv4.get("name"), None, "the name is not a property");
        assert_eq!(resolve(&RULES, params(Some("us-east-1"), true)).expect_err("FIPS").to_string(), "no FIPS in aws");
        assert_eq!(resolve(&RULES, params(None, false)).expect_err("no region").to_string(), "Invalid Configuration: Missing Region");
        assert_eq!(resolve(&RULES, params(Some("ap-south-1"), false)).expect("resolves").url(), "https://svc.ap-south-1.amazonaws.com");
        // Evaluation leaves the variables unset (with_slots then frees only the parameters).
        let left = with_slots::<2, 3, _>([Value::from(Some("cn-north-1".to_owned())), Value::Bool(false)], |slots| {
            evaluate(&RULES, slots).expect("resolves");
            slots.to_vec()
        });
        assert_eq!(left, [Value::from(Some("cn-north-1".to_owned())), Value::Bool(false), Value::None]);
        // A node reference or condition out of range is an error, not a panic, and a node
        // that leads back to itself an error, not an endless loop.
        static UNSET: [Condition; 1] = [Condition { expr: Expr::Call(Function::IsSet, &[Expr::Ref(0)]), assign: None, test: Test::Eval }];
        static MALFORMED: [RuleSet; 4] = [
            RuleSet { root: 7, ..always(&Outcome::Error(Expr::Str("x")), 1) },
            RuleSet { root: -9, ..always(&Outcome::Error(Expr::Str("x")), 1) },
            RuleSet { nodes: &[Node(4, -1, -1)], root: 0, ..always(&Outcome::Error(Expr::Str("x")), 1) },
            RuleSet { conditions: &UNSET, nodes: &[Node(0, -1, 0)], root: 0, ..always(&Outcome::Error(Expr::Str("x")), 1) },
        ];
        for rules in &MALFORMED {
            assert_eq!(resolve(rules, vec![Value::None]).expect_err("malformed").to_string(), "the endpoint rule set is malformed");
        }
    }

    impl EndpointParams for Vec<Value<'static>> {
        fn with_values<R>(&self, f: impl FnOnce(&mut [Value<'_>]) -> R) -> R {
            // Too few slots for the rules: the engine makes room itself.
            f(&mut self.clone())
        }
        fn last() -> &'static std::thread::LocalKey<LastEndpoint<Self>> {
            std::thread_local!(static LAST: LastEndpoint<Vec<Value<'static>>> = const { std::cell::RefCell::new(None) });
            &LAST
        }
    }

    /// The answer of an endpoint future that is ready at once.
    fn now(future: EndpointFuture<'_>) -> Result<Endpoint, aws_smithy_runtime_api::box_error::BoxError> {
        crate::test_support::ready(future)
    }

    #[test]
    fn the_cache_answers_only_for_the_same_rules_and_parameters() {
        let resolve_cached = |rules: &'static RuleSet, params: &Vec<Value<'static>>| now(resolve_cached(rules, params));
        let params = |region: &str| vec![Value::from(Some(region.to_owned())), Value::Bool(false)];
        // The region of the entry, and whether it keeps its endpoint.
        let entry = || <Vec<Value<'static>>>::last().with(|l| l.borrow().as_ref().map(|(_, p, e)| (p[0].clone(), e.is_some())));
        let cn = Value::from(Some("cn-north-1".to_owned()));
        assert_eq!(resolve_cached(&RULES, &params("cn-north-1")).expect("resolves").url(), "https://svc.cn-north-1.amazonaws.com.cn");
        assert_eq!(entry(), Some((cn.clone(), false)), "parameters seen once: no endpoint kept");
        assert_eq!(resolve_cached(&RULES, &params("cn-north-1")).expect("resolves").url(), "https://svc.cn-north-1.amazonaws.com.cn");
        assert_eq!(entry(), Some((cn.clone(), true)), "seen twice in a row: kept");
        assert_eq!(resolve_cached(&RULES, &params("cn-north-1")).expect("cached").url(), "https://svc.cn-north-1.amazonaws.com.cn");
        assert_eq!(resolve_cached(&RULES, &params("us-west-2")).expect("resolves").url(), "https://svc.us-west-2.amazonaws.com");
        assert_eq!(resolve_cached(&RULES, &params("us-west-2")).expect("resolves").url(), "https://svc.us-west-2.amazonaws.com");
        let fips = vec![Value::from(Some("us-west-2".to_owned())), Value::Bool(true)];
        assert!(resolve_cached(&RULES, &fips).is_err(), "errors are not cached answers");
        assert_eq!(resolve_cached(&RULES, &params("us-west-2")).expect("still cached").url(), "https://svc.us-west-2.amazonaws.com");
        // Other rules with the same parameters are not answered from the entry.
        static OTHER: RuleSet =
            always(&Outcome::Endpoint(&EndpointRule { url: Expr::Str("https://other"), headers: &[], properties: &[] }), 2);
        assert_eq!(resolve_cached(&OTHER, &params("us-west-2")).expect("resolves").url(), "https://other");
    }

    #[test]
    fn coalesce_takes_the_first_set_value() {
        static RULES: RuleSet = always(
            &Outcome::Endpoint(&EndpointRule {
                url: Expr::Call(Function::Coalesce, &[Expr::Ref(0), Expr::Ref(1), Expr::Str("https://fallback")]),
                headers: &[],
                properties: &[],
            }),
            2,
        );
        let url = |a: Option<&str>, b: Option<&str>| {
            resolve(&RULES, vec![a.map(str::to_owned).into(), b.map(str::to_owned).into()]).expect("resolves").url().to_owned()
        };
        assert_eq!(url(None, Some("https://b")), "https://b");
        assert_eq!(url(Some("https://a"), Some("https://b")), "https://a");
        assert_eq!(url(None, None), "https://fallback");
    }
}
