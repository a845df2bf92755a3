//! `config::endpoint`: the endpoint parameters and resolver API of aws-sdk-* (`Params`,
//! `ParamsBuilder`, `ResolveEndpoint`, `DefaultResolver`), the rule set as static data for
//! the runtime's rules engine, and the config settings of `@clientContextParams`.

use super::{deprecated, doc, format, ident, Files};
use crate::endpoints::{Atom, Expr, Literal, ParamKind, PartitionData, Piece, Step};
use crate::normalize::Service;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let rules = service.endpoint_rules.as_ref().ok_or("the endpoint rules are resolved in normalize")?;
    let module = module_tokens(rules, service.partitions.as_ref(), &service.sdk_id, true)?;
    files.insert("src/config/endpoint.rs".into(), format(module)?);
    Ok(())
}

/// `config/endpoint.rs` (Params, ParamsBuilder, ResolveEndpoint, DefaultResolver and the rule
/// set) without the config's settings, for a crate holding only the runtime's rules engine
/// as `crate::rt::endpoint`: the benchmark's S3 resolver, while S3's protocol waits.
pub fn resolver_module(
    rules: &crate::endpoints::EndpointRules,
    partitions: Option<&crate::endpoints::Partitions>,
    service_name: &str,
) -> Result<String, String> {
    format(module_tokens(rules, partitions, service_name, false)?)
}

fn module_tokens(
    rules: &crate::endpoints::EndpointRules,
    partitions: Option<&crate::endpoints::Partitions>,
    service_name: &str,
    with_config: bool,
) -> Result<TokenStream, String> {
    let fields = rules.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = field_type(p.kind, stored_plain(p));
        let docs = doc(p.docs.as_deref(), &format!("The `{}` endpoint parameter.", p.name));
        quote! { #docs pub(crate) #name: #ty, }
    });
    let getters = rules.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let docs = doc(p.docs.as_deref(), &format!("The `{}` endpoint parameter.", p.name));
        let dep = deprecated(p.deprecated.as_deref());
        let (ty, body) = match (p.kind, stored_plain(p)) {
            (ParamKind::String, false) => (quote!(Option<&str>), quote!(self.#name.as_deref())),
            (ParamKind::String, true) => (quote!(Option<&str>), quote!(Some(&self.#name))),
            (ParamKind::Boolean, false) => (quote!(Option<bool>), quote!(self.#name)),
            (ParamKind::Boolean, true) => (quote!(Option<bool>), quote!(Some(self.#name))),
            (ParamKind::StringArray, false) => (quote!(Option<&[String]>), quote!(self.#name.as_deref())),
            (ParamKind::StringArray, true) => (quote!(Option<&[String]>), quote!(Some(&self.#name))),
        };
        quote! { #docs #dep pub fn #name(&self) -> #ty { #body } }
    });
    let to_values = rules.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        match (p.kind, stored_plain(p)) {
            (ParamKind::Boolean, true) => quote!(V::Bool(self.#name)),
            (ParamKind::Boolean, false) => quote!(V::from(self.#name)),
            (ParamKind::String, true) => quote!(V::of_str(Some(&self.#name))),
            (ParamKind::String, false) => quote!(V::of_str(self.#name.as_deref())),
            (ParamKind::StringArray, true) => quote!(V::of_strs(Some(&self.#name))),
            (ParamKind::StringArray, false) => quote!(V::of_strs(self.#name.as_deref())),
        }
    });
    let builder_fields = rules.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = field_type(p.kind, false);
        quote! { #name: #ty, }
    });
    let from_values = rules.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let take = match p.kind {
            ParamKind::String => quote!(V::into_string),
            ParamKind::Boolean => quote!(V::into_bool),
            ParamKind::StringArray => quote!(V::into_strings),
        };
        quote! { #name: values.next().and_then(#take), }
    });
    let built = rules.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let label = &p.rust_name;
        match (&p.default, p.required) {
            (Some(Literal::Bool(b)), _) => quote! { #name: self.#name.unwrap_or(#b), },
            (Some(default), _) => {
                let default = literal_value(default);
                quote! { #name: self.#name.unwrap_or_else(|| #default), }
            }
            (None, true) => quote! { #name: self.#name.ok_or_else(|| InvalidParams::missing(#label))?, },
            (None, false) => quote! { #name: self.#name, },
        }
    });
    let validators = rules.params.iter().filter(|p| p.built_in.as_deref() == Some("AWS::Region")).map(|p| {
        let name = ident(&p.rust_name);
        let label = &p.rust_name;
        quote! {
            if let Some(region) = &self.#name {
                if !crate::rt::endpoint::is_valid_host_label(region, true) {
                    return Err(InvalidParams::invalid_value(#label, "must be a valid host label"));
                }
            }
        }
    });
    let setters = rules.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let set = ident(&format!("set_{}", crate::naming::bare(&p.rust_name)));
        let docs = doc(p.docs.as_deref(), &format!("Sets the `{}` endpoint parameter.", p.name));
        let dep = deprecated(p.deprecated.as_deref());
        let (arg, store) = match p.kind {
            ParamKind::String => (quote!(impl Into<String>), quote!(Some(value.into()))),
            ParamKind::Boolean => (quote!(impl Into<bool>), quote!(Some(value.into()))),
            ParamKind::StringArray => (quote!(impl Into<Vec<String>>), quote!(Some(value.into()))),
        };
        let ty = field_type(p.kind, false);
        quote! {
            #docs #dep
            pub fn #name(mut self, value: #arg) -> Self {
                self.#name = #store;
                self
            }
            #docs #dep
            pub fn #set(mut self, param: #ty) -> Self {
                self.#name = param;
                self
            }
        }
    });
    let specs = rules.params.iter().map(|p| {
        let name = &p.name;
        let built_in = match &p.built_in {
            Some(b) => quote!(Some(#b)),
            None => quote!(None),
        };
        let setting = p.client_context;
        quote! { crate::rt::endpoint::ParamSpec { name: #name, built_in: #built_in, setting: #setting }, }
    });
    // Client context parameters, and built-ins the config has no setting of its own for
    // (STS's `AWS::STS::UseGlobalEndpoint`), are settings named after the parameter.
    let own_setting =
        |p: &&crate::endpoints::Param| p.client_context || p.built_in.as_deref().is_some_and(|b| !CONFIG_BUILT_INS.contains(&b));
    let settings = rules.params.iter().filter(own_setting).map(|p| {
        let name = ident(&p.rust_name);
        let set = ident(&format!("set_{}", crate::naming::bare(&p.rust_name)));
        let key = &p.name;
        let docs = doc(p.docs.as_deref(), &format!("Sets the `{}` endpoint parameter for every request.", p.name));
        let (arg, value) = match p.kind {
            ParamKind::String => (quote!(impl Into<String>), quote!(V::from(Some(value.into())))),
            ParamKind::Boolean => (quote!(bool), quote!(V::Bool(value))),
            ParamKind::StringArray => (quote!(impl Into<Vec<String>>), quote!(V::from(Some(value.into())))),
        };
        let ty = field_type(p.kind, false);
        quote! {
            #docs
            pub fn #name(mut self, value: #arg) -> Self {
                self.set_endpoint_setting(#key, #value);
                self
            }
            #docs
            pub fn #set(&mut self, value: #ty) -> &mut Self {
                self.set_endpoint_setting(#key, V::from(value));
                self
            }
        }
    });
    let account_id_mode = rules.params.iter().any(|p| p.built_in.as_deref() == Some("AWS::Auth::AccountIdEndpointMode")).then(|| {
        quote! {
            /// Sets whether endpoints may include the caller's account id (`Preferred` when unset).
            pub fn account_id_endpoint_mode(mut self, mode: ::aws_types::endpoint_config::AccountIdEndpointMode) -> Self {
                self.set_account_id_endpoint_mode_inner(Some(mode));
                self
            }
            /// Sets or clears whether endpoints may include the caller's account id.
            pub fn set_account_id_endpoint_mode(&mut self, mode: Option<::aws_types::endpoint_config::AccountIdEndpointMode>) -> &mut Self {
                self.set_account_id_endpoint_mode_inner(mode);
                self
            }
        }
    });
    let slots = rules.slots;
    let rule_set = rule_set_tokens(rules)?;
    let PartitionTables { statics: partition_statics, partitions, regions } =
        partition_tables(partitions.filter(|_| rules.uses_partitions).map(|p| p.0.as_slice()));
    let resolver_doc = format!("Endpoint resolver trait specific to {service_name}.");
    let config_settings = with_config.then(|| {
        quote! {
            impl crate::rt::config::Builder {
                /// Resolves endpoints with `resolver` instead of the service's endpoint rules.
                pub fn endpoint_resolver(mut self, resolver: impl ResolveEndpoint + 'static) -> Self {
                    self.set_endpoint_resolver(Some(resolver.into_shared_resolver()));
                    self
                }
                #(#settings)*
                #account_id_mode
            }
        }
    });
    Ok(quote! {
            //! Endpoint resolution: the parameters of the service's endpoint rules, the resolver
            //! that evaluates them, and the trait a custom resolver implements
            //! ([`Builder::endpoint_resolver`](crate::config::Builder::endpoint_resolver)).
            pub use ::aws_smithy_runtime_api::client::endpoint::{EndpointFuture, SharedEndpointResolver};
            pub use ::aws_smithy_types::endpoint::Endpoint;
            pub use crate::rt::endpoint::{InvalidParams, ResolveEndpointError};
            #[allow(unused_imports)]
            use crate::rt::endpoint::{Atom, Condition as C, EndpointRule, Expr as E, Function as F, Node as N, Outcome as O, Partition, Piece, Step as S, Test, Value as V};

            /// Configuration parameters for resolving the correct endpoint.
            #[non_exhaustive]
            #[derive(Clone, Debug, PartialEq)]
            pub struct Params {
                #(#fields)*
            }

            impl Params {
                /// A builder for [`Params`].
                pub fn builder() -> ParamsBuilder {
                    ::std::default::Default::default()
                }
                #(#getters)*
            }

            impl crate::rt::endpoint::EndpointParams for Params {
                fn with_values<R>(&self, f: impl FnOnce(&mut [V<'_>]) -> R) -> R {
                    crate::rt::endpoint::with_slots::<_, #slots, R>([#(#to_values),*], f)
                }
                fn last() -> &'static ::std::thread::LocalKey<crate::rt::endpoint::LastEndpoint<Self>> {
                    ::std::thread_local!(static LAST: crate::rt::endpoint::LastEndpoint<Params> = const { ::std::cell::RefCell::new(None) });
                    &LAST
                }
            }

            /// A builder for [`Params`].
            #[derive(Clone, Debug, Default, PartialEq)]
            pub struct ParamsBuilder {
                #(#builder_fields)*
            }

            impl ParamsBuilder {
                /// The parameters, with their defaults; an error when a required one is unset
                /// or a value is invalid.
                pub fn build(self) -> Result<Params, InvalidParams> {
                    #(#validators)*
                    self.build_without_validators()
                }
                fn build_without_validators(self) -> Result<Params, InvalidParams> {
                    Ok(Params { #(#built)* })
                }
                /// The builder of `values`, one per parameter in the rule set's order.
                pub(crate) fn from_values(values: Vec<V<'_>>) -> Self {
                    let mut values = values.into_iter();
                    Self { #(#from_values)* }
                }
                #(#setters)*
            }

            #[doc = #resolver_doc]
            pub trait ResolveEndpoint: Send + Sync + ::std::fmt::Debug {
                /// Resolves an endpoint with the given parameters.
                fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a>;

                /// This service-specific resolver as a `SharedEndpointResolver`, which finds
                /// its [`Params`] in the `EndpointResolverParams` it is given.
                fn into_shared_resolver(self) -> SharedEndpointResolver
                where
                    Self: Sized + 'static,
                {
                    SharedEndpointResolver::new(DowncastParams(self))
                }
            }

            #[derive(Debug)]
            struct DowncastParams<T>(T);

            impl<T: ResolveEndpoint> ::aws_smithy_runtime_api::client::endpoint::ResolveEndpoint for DowncastParams<T> {
                fn resolve_endpoint<'a>(
                    &'a self,
                    params: &'a ::aws_smithy_runtime_api::client::endpoint::EndpointResolverParams,
                ) -> EndpointFuture<'a> {
                    match params.get::<Params>() {
                        Some(params) => self.0.resolve_endpoint(params),
                        None => EndpointFuture::ready(Err("params of expected type was not present".into())),
                    }
                }
            }

            /// The default endpoint resolver: the service's endpoint rules.
            #[derive(Clone, Debug, Default)]
            #[non_exhaustive]
            pub struct DefaultResolver {}

            impl DefaultResolver {
                /// The resolver of the service's endpoint rules.
                pub fn new() -> Self {
                    Self::default()
                }
            }

            impl ResolveEndpoint for DefaultResolver {
                fn resolve_endpoint<'a>(&'a self, params: &'a Params) -> EndpointFuture<'a> {
                    crate::rt::endpoint::resolve_cached(&RULES, params)
                }
            }

            #config_settings

            /// The rule set's parameters: where the pipeline finds each one's value.
            pub(crate) static PARAMS: &[crate::rt::endpoint::ParamSpec] = &[#(#specs)*];

            /// The endpoint rules, for the runtime's rules engine.
            pub(crate) static RULES: crate::rt::endpoint::RuleSet = crate::rt::endpoint::RuleSet {
                #rule_set
                partitions: #partitions,
                regions: #regions,
            };
            #partition_statics
    })
}

/// A module of its own holding `rules` as static data (`pub static RULES`) and the names and
/// defaults of its parameters (`pub static PARAMS`: name, default as JSON), for running a
/// model's endpoint tests against the runtime's engine (at `engine`, a module path) without
/// generating the rest of the crate.
pub fn standalone_module(
    rules: &crate::endpoints::EndpointRules,
    partitions: Option<&crate::endpoints::Partitions>,
    engine: &str,
) -> Result<String, String> {
    let engine: syn::Path = syn::parse_str(engine).map_err(|e| format!("bad engine path {engine}: {e}"))?;
    let rule_set = rule_set_tokens(rules)?;
    let PartitionTables { statics: partition_statics, partitions, regions } =
        partition_tables(partitions.filter(|_| rules.uses_partitions).map(|p| p.0.as_slice()));
    let params = rules.params.iter().map(|p| {
        let name = &p.name;
        let default = match &p.default {
            Some(Literal::Str(s)) => serde_json::Value::String(s.clone()).to_string(),
            Some(Literal::Bool(b)) => b.to_string(),
            Some(Literal::StrArray(items)) => serde_json::Value::from(items.clone()).to_string(),
            None => String::new(),
        };
        quote!((#name, #default))
    });
    format(quote! {
        #[allow(unused_imports)]
        use #engine::{Atom, Condition as C, EndpointRule, Expr as E, Function as F, Node as N, Outcome as O, Partition, Piece, Step as S, Test, Value as V};
        /// The parameters in the rule set's order: name, and default as JSON (empty if none).
        pub static PARAMS: &[(&str, &str)] = &[#(#params),*];
        pub static RULES: #engine::RuleSet = #engine::RuleSet { #rule_set partitions: #partitions, regions: #regions };
        #partition_statics
    })
}

/// Built-ins the config sets through settings of its own (`region`, `use_fips`, …).
const CONFIG_BUILT_INS: &[&str] =
    &["AWS::Region", "AWS::UseFIPS", "AWS::UseDualStack", "SDK::Endpoint", "AWS::Auth::AccountId", "AWS::Auth::AccountIdEndpointMode"];

/// Whether the field holds the value itself (a parameter with a default, or required),
/// not an `Option`.
fn stored_plain(p: &crate::endpoints::Param) -> bool {
    p.default.is_some() || p.required
}

fn field_type(kind: ParamKind, plain: bool) -> TokenStream {
    let inner = match kind {
        ParamKind::String => quote!(String),
        ParamKind::Boolean => quote!(bool),
        ParamKind::StringArray => quote!(Vec<String>),
    };
    if plain {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

fn literal_value(literal: &Literal) -> TokenStream {
    match literal {
        Literal::Str(s) => quote!(#s.to_owned()),
        Literal::Bool(b) => quote!(#b),
        Literal::StrArray(items) => quote!(vec![#(#items.to_owned()),*]),
    }
}

/// The fields of the engine's `RuleSet` that describe the rules (all but the partition
/// data): the rules compiled into a decision diagram ([`crate::endpoints::bdd`]).
fn rule_set_tokens(rules: &crate::endpoints::EndpointRules) -> Result<TokenStream, String> {
    use crate::endpoints::bdd::{self, Outcome, Ref};
    let bdd = bdd::compile(&rules.rules)?;
    if bdd.conditions.len() > usize::from(u16::MAX) || bdd.nodes.len() + bdd.outcomes.len() > i32::MAX as usize {
        return Err(format!(
            "the endpoint rules compile to {} conditions and {} nodes, more than the engine indexes",
            bdd.conditions.len(),
            bdd.nodes.len()
        ));
    }
    let reference = |r: Ref| {
        let r = match r {
            Ref::Node(n) => n as i32,
            Ref::Outcome(o) => -(o as i32) - 1,
        };
        proc_macro2::Literal::i32_unsuffixed(r)
    };
    let slots = rules.slots;
    let conditions = bdd.conditions.iter().map(|c| {
        let expr = expr_tokens(c.expr);
        let assign = match c.assign {
            Some(slot) => quote!(Some(#slot)),
            None => quote!(None),
        };
        let test = test_tokens(c.expr, c.assign);
        quote!(C { expr: #expr, assign: #assign, test: #test })
    });
    let nodes = bdd.nodes.iter().map(|n| {
        let condition = proc_macro2::Literal::u16_unsuffixed(n.condition as u16);
        let (high, low) = (reference(n.high), reference(n.low));
        quote!(N(#condition, #high, #low))
    });
    let root = reference(bdd.root);
    let outcomes = bdd.outcomes.iter().map(|o| match o {
        Outcome::NoMatch => quote!(O::Error(E::Str("No endpoint rule matched"))),
        Outcome::Error(message) => {
            let message = expr_tokens(message);
            quote!(O::Error(#message))
        }
        Outcome::Endpoint(e) => {
            let url = expr_tokens(&e.url);
            let headers = e.headers.iter().map(|(name, values)| {
                let values = values.iter().map(expr_tokens);
                quote!((#name, &[#(#values),*]))
            });
            let properties = e.properties.iter().map(|(name, value)| {
                let value = expr_tokens(value);
                quote!((#name, #value))
            });
            quote!(O::Endpoint(&EndpointRule { url: #url, headers: &[#(#headers),*], properties: &[#(#properties),*] }))
        }
    });
    Ok(quote! {
        slots: #slots,
        conditions: &[#(#conditions),*],
        nodes: &[#(#nodes),*],
        root: #root,
        outcomes: &[#(#outcomes),*],
    })
}

/// How the runtime tests a condition: the commonest forms, over a slot, answered without
/// evaluating the expression (`Test::Eval` for the rest, and for conditions that assign).
fn test_tokens(expr: &Expr, assign: Option<usize>) -> TokenStream {
    use crate::endpoints::Function;
    if assign.is_some() {
        return quote!(Test::Eval);
    }
    match expr {
        Expr::Call(Function::IsSet, args) => match args.as_slice() {
            [Expr::Ref(slot)] => quote!(Test::IsSet(#slot)),
            _ => quote!(Test::Eval),
        },
        Expr::Call(Function::Not, args) => match args.as_slice() {
            [Expr::Call(Function::IsSet, inner)] => match inner.as_slice() {
                [Expr::Ref(slot)] => quote!(Test::NotSet(#slot)),
                _ => quote!(Test::Eval),
            },
            _ => quote!(Test::Eval),
        },
        Expr::Call(Function::BooleanEquals, args) => match args.as_slice() {
            [Expr::Ref(slot), Expr::Bool(b)] | [Expr::Bool(b), Expr::Ref(slot)] => quote!(Test::BoolIs(#slot, #b)),
            _ => quote!(Test::Eval),
        },
        _ => quote!(Test::Eval),
    }
}

fn expr_tokens(expr: &Expr) -> TokenStream {
    match expr {
        Expr::Bool(b) => quote!(E::Bool(#b)),
        Expr::Int(i) => quote!(E::Int(#i)),
        Expr::Str(s) => quote!(E::Str(#s)),
        Expr::Template(parts) => {
            let parts = parts.iter().map(expr_tokens);
            quote!(E::Template(&[#(#parts),*]))
        }
        Expr::Ref(slot) => quote!(E::Ref(#slot)),
        Expr::GetAttr(target, steps) => {
            let target = expr_tokens(target);
            let steps = steps.iter().map(|s| match s {
                Step::Key(k) => quote!(S::Key(#k)),
                Step::Index(i) => quote!(S::Index(#i)),
            });
            quote!(E::GetAttr(&#target, &[#(#steps),*]))
        }
        Expr::Call(function, args) => {
            let function = ident(function.runtime_name());
            let args = args.iter().map(expr_tokens);
            quote!(E::Call(F::#function, &[#(#args),*]))
        }
        Expr::Array(items) => {
            let items = items.iter().map(expr_tokens);
            quote!(E::Array(&[#(#items),*]))
        }
        Expr::Record(fields) => {
            let fields = fields.iter().map(|(k, v)| {
                let v = expr_tokens(v);
                quote!((#k, #v))
            });
            quote!(E::Record(&[#(#fields),*]))
        }
    }
}

/// The partitions as static data: one record of outputs per partition (and per region
/// that overrides its partition's), the partitions with their region patterns, and every
/// listed region with its record, in a hash table.
struct PartitionTables {
    statics: TokenStream,
    partitions: TokenStream,
    regions: TokenStream,
}

fn partition_tables(partitions: Option<&[PartitionData]>) -> PartitionTables {
    let Some(partitions) = partitions else {
        return PartitionTables { statics: quote!(), partitions: quote!(&[]), regions: quote!(&[]) };
    };
    let record = |name: &proc_macro2::Ident, o: &crate::endpoints::Outputs| {
        let (pname, dns, dual, fips, dual_stack, global) =
            (&o.name, &o.dns_suffix, &o.dual_stack_dns_suffix, o.supports_fips, o.supports_dual_stack, &o.implicit_global_region);
        quote! {
            static #name: [(&str, V<'static>); 6] = [
                ("name", V::Str(::std::borrow::Cow::Borrowed(#pname))),
                ("dnsSuffix", V::Str(::std::borrow::Cow::Borrowed(#dns))),
                ("dualStackDnsSuffix", V::Str(::std::borrow::Cow::Borrowed(#dual))),
                ("supportsFIPS", V::Bool(#fips)),
                ("supportsDualStack", V::Bool(#dual_stack)),
                ("implicitGlobalRegion", V::Str(::std::borrow::Cow::Borrowed(#global))),
            ];
        }
    };
    let mut statics = Vec::new();
    let mut list = Vec::new();
    let mut regions: Vec<(String, proc_macro2::Ident)> = Vec::new();
    for (i, p) in partitions.iter().enumerate() {
        let name = ident(&format!("PARTITION_{i}"));
        statics.push(record(&name, &p.outputs));
        let (id, pattern) = (&p.id, pieces_tokens(&p.pattern));
        list.push(quote!(Partition { id: #id, region_pattern: #pattern, outputs: &#name }));
        for (j, (region, over)) in p.regions.iter().enumerate() {
            let outputs = match over {
                Some(o) => {
                    let own = ident(&format!("PARTITION_{i}_REGION_{j}"));
                    statics.push(record(&own, o));
                    own
                }
                None => name.clone(),
            };
            regions.push((region.clone(), outputs));
        }
    }
    let regions = region_table(regions).into_iter().map(|entry| match entry {
        Some((region, outputs)) => quote!(Some((#region, &#outputs))),
        None => quote!(None),
    });
    PartitionTables { statics: quote!(#(#statics)*), partitions: quote!(&[#(#list),*]), regions: quote!(&[#(#regions),*]) }
}

/// `regions` (the first of a name wins) as the open-addressing table the runtime's
/// `partition` probes: a power-of-two length at least twice the count, each region at the
/// first free place from its hash, going up.
fn region_table<T>(regions: Vec<(String, T)>) -> Vec<Option<(String, T)>> {
    let size = (regions.len() * 2).next_power_of_two();
    let mut table: Vec<Option<(String, T)>> = (0..size).map(|_| None).collect();
    for (region, value) in regions {
        let mut at = region_hash(&region) as usize & (size - 1);
        loop {
            match &table[at] {
                None => {
                    table[at] = Some((region, value));
                    break;
                }
                Some((listed, _)) if *listed == region => break,
                Some(_) => at = (at + 1) & (size - 1),
            }
        }
    }
    table
}

/// FNV-1a (64 bits) of a region name: the runtime's `region_hash`, which must agree.
fn region_hash(region: &str) -> u64 {
    region.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn pieces_tokens(pieces: &[Piece]) -> TokenStream {
    let pieces = pieces.iter().map(|p| {
        let atom = match &p.atom {
            Atom::Char(c) => quote!(Atom::Char(#c)),
            Atom::Word => quote!(Atom::Word),
            Atom::Digit => quote!(Atom::Digit),
            Atom::Group(alternatives) => {
                let alternatives = alternatives.iter().map(|a| pieces_tokens(a));
                quote!(Atom::Group(&[#(#alternatives),*]))
            }
        };
        let repeat = p.repeat;
        quote!(Piece { atom: #atom, repeat: #repeat })
    });
    quote!(&[#(#pieces),*])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_hash_is_fnv1a() {
        // The published FNV-1a 64 test vectors; the runtime checks the same ones.
        assert_eq!(region_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(region_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(region_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn region_table_places_each_region_once_where_probing_finds_it() {
        let regions: Vec<(String, usize)> = ["us-east-1", "eu-west-1", "cn-north-1", "us-east-1", "ap-southeast-2"]
            .iter()
            .enumerate()
            .map(|(i, r)| (r.to_string(), i))
            .collect();
        let table = region_table(regions);
        assert_eq!(table.len(), 16);
        assert_eq!(table.iter().flatten().count(), 4, "a repeated name is listed once");
        for (region, first) in [("us-east-1", 0), ("eu-west-1", 1), ("cn-north-1", 2), ("ap-southeast-2", 4)] {
            let mut at = region_hash(region) as usize & 15;
            while table[at].as_ref().is_some_and(|(name, _)| name != region) {
                at = (at + 1) & 15;
            }
            assert_eq!(table[at], Some((region.to_string(), first)), "{region}: the first listing wins");
        }
    }
}
