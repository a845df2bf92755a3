//! The endpoint rules stage: a service's `smithy.rules#endpointRuleSet`, parsed and
//! checked (every function known and given the right number of arguments, every reference
//! bound where it is used, every `getAttr` path well formed), with each parameter and
//! variable given its slot. The emitter writes the result as static data that the crate's
//! one rules engine (`rt/endpoint.rs`) walks; nothing here depends on the protocol.

use serde_json::Value as Json;

pub mod bdd;

/// A service's endpoint rules.
#[derive(Debug)]
pub struct EndpointRules {
    pub params: Vec<Param>,
    /// Evaluation slots: the parameters, then one per distinct variable definition (the
    /// expression a condition assigns), so a slot only ever holds one value.
    pub slots: usize,
    pub rules: Vec<Rule>,
    /// Whether `aws.partition` is called: the crate then carries the partitions table.
    pub uses_partitions: bool,
}

impl EndpointRules {
    /// The names of the auth schemes the rules' endpoints may ask for (`sigv4`, `sigv4a`, …).
    pub fn auth_scheme_names(&self) -> std::collections::BTreeSet<&str> {
        fn walk<'r>(rules: &'r [Rule], names: &mut std::collections::BTreeSet<&'r str>) {
            for rule in rules {
                match &rule.then {
                    Then::Tree(inner) => walk(inner, names),
                    Then::Endpoint(endpoint) => {
                        let schemes = endpoint.properties.iter().filter(|(key, _)| key == "authSchemes");
                        for (_, expr) in schemes {
                            let Expr::Array(schemes) = expr else { continue };
                            for scheme in schemes {
                                let Expr::Record(fields) = scheme else { continue };
                                if let Some((_, Expr::Str(name))) = fields.iter().find(|(key, _)| key == "name") {
                                    names.insert(name.as_str());
                                }
                            }
                        }
                    }
                    Then::Error(_) => {}
                }
            }
        }
        let mut names = std::collections::BTreeSet::new();
        walk(&self.rules, &mut names);
        names
    }
}

#[derive(Debug)]
pub struct Param {
    /// The name in the rule set (`Region`, `UseFIPS`).
    pub name: String,
    /// The field and builder method (`region`, `use_fips`).
    pub rust_name: String,
    pub kind: ParamKind,
    pub required: bool,
    pub default: Option<Literal>,
    /// The built-in it takes its value from (`AWS::Region`).
    pub built_in: Option<String>,
    /// Declared by `smithy.rules#clientContextParams`: a setting of the client's config.
    pub client_context: bool,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    String,
    Boolean,
    StringArray,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Str(String),
    Bool(bool),
    StrArray(Vec<String>),
}

#[derive(Debug)]
pub struct Rule {
    pub conditions: Vec<Condition>,
    pub then: Then,
}

#[derive(Debug)]
pub enum Then {
    Tree(Vec<Rule>),
    Endpoint(EndpointDef),
    Error(Expr),
}

#[derive(Debug)]
pub struct Condition {
    pub expr: Expr,
    pub assign: Option<usize>,
}

#[derive(Debug)]
pub struct EndpointDef {
    pub url: Expr,
    pub headers: Vec<(String, Vec<Expr>)>,
    pub properties: Vec<(String, Expr)>,
}

#[derive(Debug)]
pub enum Expr {
    Bool(bool),
    Int(i64),
    Str(String),
    Template(Vec<Expr>),
    Ref(usize),
    GetAttr(Box<Expr>, Vec<Step>),
    Call(Function, Vec<Expr>),
    Array(Vec<Expr>),
    Record(Vec<(String, Expr)>),
}

#[derive(Debug)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The library functions the runtime engine implements.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Function {
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

impl Function {
    fn by_name(name: &str) -> Option<(Function, Arity)> {
        Some(match name {
            "isSet" => (Function::IsSet, Arity::Exactly(1)),
            "not" => (Function::Not, Arity::Exactly(1)),
            "stringEquals" => (Function::StringEquals, Arity::Exactly(2)),
            "booleanEquals" => (Function::BooleanEquals, Arity::Exactly(2)),
            "substring" => (Function::Substring, Arity::Exactly(4)),
            "isValidHostLabel" => (Function::IsValidHostLabel, Arity::Exactly(2)),
            "parseURL" => (Function::ParseUrl, Arity::Exactly(1)),
            "uriEncode" => (Function::UriEncode, Arity::Exactly(1)),
            "coalesce" => (Function::Coalesce, Arity::AtLeast(2)),
            "aws.partition" => (Function::AwsPartition, Arity::Exactly(1)),
            "aws.parseArn" => (Function::AwsParseArn, Arity::Exactly(1)),
            "aws.isVirtualHostableS3Bucket" => (Function::AwsIsVirtualHostableS3Bucket, Arity::Exactly(2)),
            _ => return None,
        })
    }

    /// The variant's name in the runtime's `Function`.
    pub fn runtime_name(self) -> &'static str {
        match self {
            Function::IsSet => "IsSet",
            Function::Not => "Not",
            Function::StringEquals => "StringEquals",
            Function::BooleanEquals => "BooleanEquals",
            Function::Substring => "Substring",
            Function::IsValidHostLabel => "IsValidHostLabel",
            Function::ParseUrl => "ParseUrl",
            Function::UriEncode => "UriEncode",
            Function::Coalesce => "Coalesce",
            Function::AwsPartition => "AwsPartition",
            Function::AwsParseArn => "AwsParseArn",
            Function::AwsIsVirtualHostableS3Bucket => "AwsIsVirtualHostableS3Bucket",
        }
    }
}

enum Arity {
    Exactly(usize),
    AtLeast(usize),
}

/// Parses a service's rule set; `client_context` is its `smithy.rules#clientContextParams`
/// (parameters the client's config sets). Errors name the rule (`rules[2].rules[0]`) and
/// what is wrong with it.
pub fn parse(rule_set: &Json, client_context: Option<&Json>) -> Result<EndpointRules, String> {
    if rule_set.get("conditions").is_some() && rule_set.get("nodes").is_some() {
        return Err("the endpointBdd form of endpoint rules is not supported; give the model its endpointRuleSet".into());
    }
    let params_json = rule_set.get("parameters").and_then(Json::as_object).ok_or("the endpoint rule set has no `parameters` object")?;
    let client_context: Vec<&str> =
        client_context.and_then(Json::as_object).map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    let mut params = Vec::new();
    for (name, p) in params_json {
        let at = |what: &str| format!("endpoint parameter `{name}`: {what}");
        let kind = match p.get("type").and_then(Json::as_str).map(str::to_ascii_lowercase).as_deref() {
            Some("string") => ParamKind::String,
            Some("boolean") => ParamKind::Boolean,
            Some("stringarray") => ParamKind::StringArray,
            other => return Err(at(&format!("unsupported type {other:?} (string, boolean and stringArray are)"))),
        };
        let default = match p.get("default") {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) if kind == ParamKind::String => Some(Literal::Str(s.clone())),
            Some(Json::Bool(b)) if kind == ParamKind::Boolean => Some(Literal::Bool(*b)),
            Some(Json::Array(items)) if kind == ParamKind::StringArray => Some(Literal::StrArray(
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect::<Option<_>>()
                    .ok_or_else(|| at("a default array holds a non-string"))?,
            )),
            Some(other) => return Err(at(&format!("its default {other} is not of its type"))),
        };
        if !is_identifier(name) {
            return Err(at("the name is not an identifier"));
        }
        params.push(Param {
            name: name.clone(),
            rust_name: crate::naming::snake_case(name),
            kind,
            required: p.get("required").and_then(Json::as_bool).unwrap_or(false),
            default,
            built_in: p.get("builtIn").and_then(Json::as_str).map(str::to_owned),
            client_context: client_context.contains(&name.as_str()),
            docs: p.get("documentation").and_then(Json::as_str).map(str::to_owned),
            deprecated: p.get("deprecated").map(|d| d.get("message").and_then(Json::as_str).unwrap_or("deprecated").to_owned()),
        });
    }
    let mut parser = Parser::new(params.iter().map(|p| p.name.clone()).collect());
    let rules_json = rule_set.get("rules").and_then(Json::as_array).ok_or("the endpoint rule set has no `rules` array")?;
    let rules = parser.rules(rules_json, "rules")?;
    Ok(EndpointRules { params, slots: parser.slots(), rules, uses_partitions: parser.uses_partitions })
}

/// The rules of a model that has none: requests go to the endpoint URL the config sets,
/// and without one resolving fails with an error that says so.
pub fn without_rules() -> EndpointRules {
    let rules = serde_json::json!({
        "version": "1.0",
        "parameters": {"Endpoint": {
            "type": "string",
            "builtIn": "SDK::Endpoint",
            "documentation": "The URL requests are sent to (the service's model has no endpoint rules)."
        }},
        "rules": [
            {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "endpoint": {"url": "{Endpoint}"}},
            {"type": "error", "conditions": [], "error": "the service's model has no endpoint rules: set an endpoint URL (`endpoint_url` on the config)"}
        ]
    });
    match parse(&rules, None) {
        Ok(rules) => rules,
        Err(e) => unreachable!("the built-in rule set parses: {e}"),
    }
}

fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

struct Parser {
    /// The names in scope, parameters first, with their slots.
    scope: Vec<(String, usize)>,
    params: usize,
    /// The slot of each variable definition, by its expression (as `Debug` prints it, with
    /// references already resolved to slots): a name bound to the same expression in two
    /// rules shares one slot, so the value in a slot never depends on the path taken.
    definitions: std::collections::HashMap<String, usize>,
    uses_partitions: bool,
}

impl Parser {
    fn new(params: Vec<String>) -> Parser {
        let count = params.len();
        Parser {
            scope: params.into_iter().enumerate().map(|(slot, name)| (name, slot)).collect(),
            params: count,
            definitions: Default::default(),
            uses_partitions: false,
        }
    }

    fn slots(&self) -> usize {
        self.params + self.definitions.len()
    }

    fn rules(&mut self, rules: &[Json], at: &str) -> Result<Vec<Rule>, String> {
        if rules.is_empty() {
            return Err(format!("{at}: a rule list must hold at least one rule"));
        }
        rules.iter().enumerate().map(|(i, r)| self.rule(r, &format!("{at}[{i}]"))).collect()
    }

    fn rule(&mut self, rule: &Json, at: &str) -> Result<Rule, String> {
        let outer = self.scope.len();
        let conditions = rule.get("conditions").and_then(Json::as_array).ok_or_else(|| format!("{at}: no `conditions` array"))?;
        let conditions = conditions
            .iter()
            .enumerate()
            .map(|(i, c)| self.condition(c, &format!("{at}.conditions[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let kind = rule.get("type").and_then(Json::as_str).ok_or_else(|| format!("{at}: no `type`"))?;
        let then = match kind {
            "tree" => {
                let rules = rule.get("rules").and_then(Json::as_array).ok_or_else(|| format!("{at}: a tree rule without `rules`"))?;
                Then::Tree(self.rules(rules, &format!("{at}.rules"))?)
            }
            "endpoint" => {
                let endpoint = rule.get("endpoint").ok_or_else(|| format!("{at}: an endpoint rule without `endpoint`"))?;
                Then::Endpoint(self.endpoint(endpoint, &format!("{at}.endpoint"))?)
            }
            "error" => {
                let error = rule.get("error").ok_or_else(|| format!("{at}: an error rule without `error`"))?;
                Then::Error(self.expr(error, &format!("{at}.error"))?)
            }
            other => return Err(format!("{at}: unknown rule type `{other}`")),
        };
        self.scope.truncate(outer);
        Ok(Rule { conditions, then })
    }

    fn condition(&mut self, condition: &Json, at: &str) -> Result<Condition, String> {
        if condition.get("fn").is_none() {
            return Err(format!("{at}: a condition must call a function"));
        }
        let expr = self.expr(condition, at)?;
        let assign = match condition.get("assign") {
            None => None,
            Some(Json::String(name)) => {
                if self.scope.iter().any(|(n, _)| n == name) {
                    return Err(format!("{at}: `{name}` is assigned but already names a parameter or variable in scope"));
                }
                if !is_identifier(name) {
                    return Err(format!("{at}: `{name}` is not an identifier"));
                }
                let next = self.slots();
                let slot = *self.definitions.entry(format!("{expr:?}")).or_insert(next);
                self.scope.push((name.clone(), slot));
                Some(slot)
            }
            Some(other) => return Err(format!("{at}: `assign` is {other}, not a name")),
        };
        Ok(Condition { expr, assign })
    }

    fn endpoint(&mut self, endpoint: &Json, at: &str) -> Result<EndpointDef, String> {
        let url = self.expr(endpoint.get("url").ok_or_else(|| format!("{at}: no `url`"))?, &format!("{at}.url"))?;
        let mut headers = Vec::new();
        if let Some(h) = endpoint.get("headers") {
            let h = h.as_object().ok_or_else(|| format!("{at}.headers: not an object"))?;
            for (name, values) in h {
                let values = values.as_array().ok_or_else(|| format!("{at}.headers.{name}: not an array"))?;
                let values = values.iter().map(|v| self.expr(v, &format!("{at}.headers.{name}"))).collect::<Result<Vec<_>, _>>()?;
                headers.push((name.clone(), values));
            }
        }
        let mut properties = Vec::new();
        if let Some(p) = endpoint.get("properties") {
            let p = p.as_object().ok_or_else(|| format!("{at}.properties: not an object"))?;
            for (name, value) in p {
                properties.push((name.clone(), self.property(value, &format!("{at}.properties.{name}"))?));
            }
        }
        Ok(EndpointDef { url, headers, properties })
    }

    /// A property value: literals, templates, arrays and objects (no references or calls).
    fn property(&mut self, value: &Json, at: &str) -> Result<Expr, String> {
        Ok(match value {
            Json::Object(fields) if fields.contains_key("fn") || fields.contains_key("ref") => self.expr(value, at)?,
            Json::Object(fields) => Expr::Record(
                fields.iter().map(|(k, v)| Ok((k.clone(), self.property(v, &format!("{at}.{k}"))?))).collect::<Result<_, String>>()?,
            ),
            Json::Array(items) => Expr::Array(items.iter().map(|v| self.property(v, at)).collect::<Result<_, _>>()?),
            _ => self.expr(value, at)?,
        })
    }

    fn expr(&mut self, value: &Json, at: &str) -> Result<Expr, String> {
        match value {
            Json::Bool(b) => Ok(Expr::Bool(*b)),
            Json::Number(n) => n.as_i64().map(Expr::Int).ok_or_else(|| format!("{at}: {n} is not an integer")),
            Json::String(s) => self.template(s, at),
            Json::Array(items) => Ok(Expr::Array(items.iter().map(|v| self.expr(v, at)).collect::<Result<_, _>>()?)),
            Json::Object(o) => {
                if let Some(name) = o.get("ref") {
                    let name = name.as_str().ok_or_else(|| format!("{at}: `ref` is not a name"))?;
                    return self.reference(name, at);
                }
                let name = o
                    .get("fn")
                    .and_then(Json::as_str)
                    .ok_or_else(|| format!("{at}: an object that is neither a reference nor a function call"))?;
                let argv = o.get("argv").and_then(Json::as_array).ok_or_else(|| format!("{at}: `{name}` without an `argv` array"))?;
                if name == "getAttr" {
                    let [target, path] = argv.as_slice() else {
                        return Err(format!("{at}: getAttr takes 2 arguments, not {}", argv.len()));
                    };
                    let path = path.as_str().ok_or_else(|| format!("{at}: getAttr's path is not a string"))?;
                    return Ok(Expr::GetAttr(Box::new(self.expr(target, at)?), parse_path(path).map_err(|e| format!("{at}: {e}"))?));
                }
                let (function, arity) = Function::by_name(name).ok_or_else(|| format!("{at}: unknown function `{name}`"))?;
                let ok = match arity {
                    Arity::Exactly(n) => argv.len() == n,
                    Arity::AtLeast(n) => argv.len() >= n,
                };
                if !ok {
                    return Err(format!("{at}: `{name}` given {} argument(s)", argv.len()));
                }
                self.uses_partitions |= function == Function::AwsPartition;
                let args = argv.iter().enumerate().map(|(i, a)| self.expr(a, &format!("{at}.argv[{i}]"))).collect::<Result<_, _>>()?;
                Ok(Expr::Call(function, args))
            }
            Json::Null => Err(format!("{at}: null is not an expression")),
        }
    }

    fn reference(&self, name: &str, at: &str) -> Result<Expr, String> {
        // The innermost binding of the name: variables shadow nothing (the spec forbids it),
        // so the last match is the only one.
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, slot)| Expr::Ref(*slot))
            .ok_or_else(|| format!("{at}: `{name}` is neither a parameter nor a variable in scope"))
    }

    /// A string that may hold `{name}` and `{name#path}` placeholders; `{{` and `}}` are
    /// literal braces.
    fn template(&mut self, s: &str, at: &str) -> Result<Expr, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let close = s[i..].find('}').map(|c| i + c).ok_or_else(|| format!("{at}: unclosed `{{` in {s:?}"))?;
                    let inner = &s[i + 1..close];
                    if !literal.is_empty() {
                        parts.push(Expr::Str(std::mem::take(&mut literal)));
                    }
                    parts.push(match inner.split_once('#') {
                        Some((name, path)) => {
                            Expr::GetAttr(Box::new(self.reference(name, at)?), parse_path(path).map_err(|e| format!("{at}: {e}"))?)
                        }
                        None => self.reference(inner, at)?,
                    });
                    while chars.peek().is_some_and(|&(j, _)| j <= close) {
                        chars.next();
                    }
                }
                '}' => return Err(format!("{at}: unmatched `}}` in {s:?}")),
                c => literal.push(c),
            }
        }
        if parts.is_empty() {
            return Ok(Expr::Str(literal));
        }
        if !literal.is_empty() {
            parts.push(Expr::Str(literal));
        }
        Ok(Expr::Template(parts))
    }
}

/// A `getAttr` path: keys separated by dots, each perhaps followed by `[index]`.
fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((key, rest)) => {
                let index = rest
                    .strip_suffix(']')
                    .and_then(|i| i.parse::<usize>().ok())
                    .ok_or_else(|| format!("bad index in the path {path:?}"))?;
                (key, Some(index))
            }
            None => (part, None),
        };
        if !key.is_empty() {
            steps.push(Step::Key(key.to_owned()));
        } else if index.is_none() {
            return Err(format!("an empty key in the path {path:?}"));
        }
        if let Some(i) = index {
            steps.push(Step::Index(i));
        }
    }
    Ok(steps)
}

/// The AWS partitions (`partitions.json`), for crates whose rules call `aws.partition`.
#[derive(Debug)]
pub struct Partitions(pub Vec<PartitionData>);

#[derive(Debug)]
pub struct PartitionData {
    pub id: String,
    pub regions: Vec<(String, Option<Outputs>)>,
    pub pattern: Vec<Piece>,
    pub outputs: Outputs,
}

#[derive(Clone, Debug)]
pub struct Outputs {
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: String,
}

#[derive(Debug)]
pub struct Piece {
    pub atom: Atom,
    pub repeat: bool,
}

#[derive(Debug)]
pub enum Atom {
    Char(char),
    Word,
    Digit,
    Group(Vec<Vec<Piece>>),
}

impl Partitions {
    /// Reads `partitions.json`: each partition's regions (with their overrides) and the
    /// pattern of its region names, which must use only what the runtime's matcher knows:
    /// characters, `\w`, `\d`, `\-`-style escapes, `+` and groups of alternatives.
    pub fn parse(text: &str) -> Result<Partitions, String> {
        let json: Json = serde_json::from_str(text).map_err(|e| format!("the partitions file is not JSON: {e}"))?;
        let list = json.get("partitions").and_then(Json::as_array).ok_or("the partitions file has no `partitions` array")?;
        let mut out = Vec::new();
        for p in list {
            let id = p.get("id").and_then(Json::as_str).ok_or("a partition without an `id`")?.to_owned();
            let at = |what: &str| format!("partition {id}: {what}");
            let outputs = outputs(p.get("outputs").ok_or_else(|| at("no `outputs`"))?, None).map_err(|e| at(&e))?;
            let regex = p.get("regionRegex").and_then(Json::as_str).ok_or_else(|| at("no `regionRegex`"))?;
            let pattern = parse_region_regex(regex).map_err(|e| at(&e))?;
            let mut regions = Vec::new();
            for (name, region) in p.get("regions").and_then(Json::as_object).into_iter().flatten() {
                let overrides = region.as_object().is_some_and(|o| o.keys().any(|k| k != "description"));
                regions.push((name.clone(), if overrides { Some(outputs_over(region, &outputs)) } else { None }));
            }
            out.push(PartitionData { id, regions, pattern, outputs });
        }
        Ok(Partitions(out))
    }
}

fn outputs(o: &Json, base: Option<&Outputs>) -> Result<Outputs, String> {
    let s = |k: &str, b: Option<&String>| {
        o.get(k).and_then(Json::as_str).map(str::to_owned).or_else(|| b.cloned()).ok_or_else(|| format!("no `{k}` in its outputs"))
    };
    let flag = |k: &str, b: Option<bool>| o.get(k).and_then(Json::as_bool).or(b).ok_or_else(|| format!("no `{k}` in its outputs"));
    Ok(Outputs {
        name: s("name", base.map(|b| &b.name))?,
        dns_suffix: s("dnsSuffix", base.map(|b| &b.dns_suffix))?,
        dual_stack_dns_suffix: s("dualStackDnsSuffix", base.map(|b| &b.dual_stack_dns_suffix))?,
        supports_fips: flag("supportsFIPS", base.map(|b| b.supports_fips))?,
        supports_dual_stack: flag("supportsDualStack", base.map(|b| b.supports_dual_stack))?,
        implicit_global_region: s("implicitGlobalRegion", base.map(|b| &b.implicit_global_region))?,
    })
}

fn outputs_over(region: &Json, base: &Outputs) -> Outputs {
    outputs(region, Some(base)).unwrap_or_else(|_| base.clone())
}

/// `^…$` in the subset region patterns use.
fn parse_region_regex(regex: &str) -> Result<Vec<Piece>, String> {
    let inner = regex
        .strip_prefix('^')
        .and_then(|r| r.strip_suffix('$'))
        .ok_or_else(|| format!("the region pattern {regex:?} is not anchored with ^ and $"))?;
    let chars: Vec<char> = inner.chars().collect();
    let mut at = 0;
    let pieces = sequence(&chars, &mut at, regex)?;
    if at != chars.len() {
        return Err(format!("unexpected `{}` in the region pattern {regex:?}", chars[at]));
    }
    Ok(pieces)
}

fn sequence(chars: &[char], at: &mut usize, regex: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    while let Some(&c) = chars.get(*at) {
        let atom = match c {
            '|' | ')' => break,
            '(' => {
                *at += 1;
                let mut alternatives = vec![sequence(chars, at, regex)?];
                while chars.get(*at) == Some(&'|') {
                    *at += 1;
                    alternatives.push(sequence(chars, at, regex)?);
                }
                if chars.get(*at) != Some(&')') {
                    return Err(format!("an unclosed group in the region pattern {regex:?}"));
                }
                Atom::Group(alternatives)
            }
            '\\' => {
                *at += 1;
                match chars.get(*at) {
                    Some('w') => Atom::Word,
                    Some('d') => Atom::Digit,
                    Some(&e) if !e.is_ascii_alphanumeric() => Atom::Char(e),
                    other => return Err(format!("the escape \\{other:?} in the region pattern {regex:?} is not supported")),
                }
            }
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => Atom::Char(c),
            other => return Err(format!("`{other}` in the region pattern {regex:?} is not supported")),
        };
        *at += 1;
        let repeat = chars.get(*at) == Some(&'+');
        if repeat {
            *at += 1;
        }
        pieces.push(Piece { atom, repeat });
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(json: &str) -> Result<EndpointRules, String> {
        parse(&serde_json::from_str(json).expect("JSON"), None)
    }

    #[test]
    fn references_resolve_to_slots_and_variables_reuse_them() {
        let r = rules(
            r#"{"version":"1.0","parameters":{"Region":{"type":"String","builtIn":"AWS::Region"},"UseFIPS":{"type":"Boolean","required":true,"default":false}},
            "rules":[
              {"type":"tree","conditions":[{"fn":"aws.partition","argv":[{"ref":"Region"}],"assign":"P"}],
               "rules":[{"type":"endpoint","conditions":[],"endpoint":{"url":"https://x.{Region}.{P#dnsSuffix}"}}]},
              {"type":"endpoint","conditions":[{"fn":"parseURL","argv":["https://a"],"assign":"U"}],"endpoint":{"url":"{U#scheme}://b"}}
            ]}"#,
        )
        .expect("parses");
        assert_eq!(r.slots, 4, "P and U have slots of their own");
        let shared = rules(
            r#"{"version":"1.0","parameters":{"Region":{"type":"String"}},
            "rules":[
              {"type":"endpoint","conditions":[{"fn":"aws.partition","argv":[{"ref":"Region"}],"assign":"P"},{"fn":"booleanEquals","argv":[true,{"fn":"getAttr","argv":[{"ref":"P"},"supportsFIPS"]}]}],"endpoint":{"url":"https://a"}},
              {"type":"endpoint","conditions":[{"fn":"aws.partition","argv":[{"ref":"Region"}],"assign":"Q"}],"endpoint":{"url":"https://{Q#name}"}}
            ]}"#,
        )
        .expect("parses");
        assert_eq!(shared.slots, 2, "one definition, one slot, whatever it is named");
        assert!(r.uses_partitions);
        assert_eq!(r.params[1].rust_name, "use_fips");
        assert_eq!(r.params[1].default, Some(Literal::Bool(false)));
    }

    #[test]
    fn bad_rules_are_errors_that_name_the_rule() {
        let wrap = |rule: &str| format!(r#"{{"parameters":{{"Region":{{"type":"string"}}}},"rules":[{rule}]}}"#);
        for (rule, expected) in [
            (
                r#"{"type":"error","conditions":[{"fn":"split","argv":[{"ref":"Region"}]}],"error":"x"}"#,
                "rules[0].conditions[0]: unknown function `split`",
            ),
            (r#"{"type":"error","conditions":[{"fn":"isSet","argv":[{"ref":"Nope"}]}],"error":"x"}"#, "`Nope` is neither a parameter"),
            (r#"{"type":"error","conditions":[],"error":"{Nope}"}"#, "rules[0].error: `Nope`"),
            (r#"{"type":"error","conditions":[{"fn":"not","argv":[]}],"error":"x"}"#, "`not` given 0 argument(s)"),
            (r#"{"type":"tree","conditions":[],"rules":[]}"#, "at least one rule"),
            (
                r#"{"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"Region"}],"assign":"Region"}],"endpoint":{"url":"x"}}"#,
                "already names",
            ),
            (r#"{"type":"loop","conditions":[]}"#, "unknown rule type `loop`"),
        ] {
            let error = rules(&wrap(rule)).expect_err(rule);
            assert!(error.contains(expected), "{error} does not say {expected}");
        }
        // A variable is out of scope after its rule.
        let error = rules(&wrap(
            r#"{"type":"endpoint","conditions":[{"fn":"parseURL","argv":["https://a"],"assign":"U"}],"endpoint":{"url":"x"}},
               {"type":"endpoint","conditions":[],"endpoint":{"url":"{U#scheme}"}}"#,
        ))
        .expect_err("out of scope");
        assert!(error.contains("rules[1].endpoint.url: `U`"), "{error}");
    }

    #[test]
    fn templates_and_paths() {
        let mut p = Parser::new(vec!["A".into()]);
        let Expr::Template(parts) = p.template("x{{{A}}}.{A#b.c[2]}", "t").expect("parses") else { panic!("a template") };
        assert!(matches!(&parts[0], Expr::Str(s) if s == "x{"));
        assert!(matches!(&parts[1], Expr::Ref(0)));
        assert!(matches!(&parts[2], Expr::Str(s) if s == "}."));
        assert!(matches!(&parts[3], Expr::GetAttr(_, steps) if steps.len() == 3));
        assert!(matches!(p.template("plain", "t"), Ok(Expr::Str(s)) if s == "plain"));
        assert!(p.template("{A", "t").is_err());
        assert!(parse_path("a[x]").is_err());
        assert!(matches!(parse_path("resourceId[0]").as_deref(), Ok([Step::Key(_), Step::Index(0)])));
    }

    #[test]
    fn region_patterns_in_the_supported_subset() {
        let p = parse_region_regex(r"^(us|eu)\-\w+\-\d+$").expect("parses");
        assert_eq!(p.len(), 5);
        assert!(matches!(&p[0].atom, Atom::Group(alts) if alts.len() == 2));
        assert!(p[2].repeat && p[4].repeat);
        assert!(parse_region_regex(r"us-\w+").is_err(), "unanchored");
        assert!(parse_region_regex(r"^us.*$").is_err(), "unsupported");
    }
}
