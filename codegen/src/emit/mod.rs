//! Emitters: the normalized service to formatted Rust files.

mod crate_files;
mod endpoint;
mod endpoint_discovery;
pub use endpoint::resolver_module as endpoint_resolver_module;
pub use endpoint::standalone_module as endpoint_rules_module;
mod customize;
mod errors;
mod operations;
mod schemas;
mod types;
mod waiters;

use crate::normalize::{DefaultValue, Field, Presence, RustType, Service, Structure};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Relative path in the crate to file contents.
pub type Files = BTreeMap<String, String>;

/// Every file of the generated crate.
pub fn emit(service: &Service) -> Result<Files, String> {
    let mut files = Files::new();
    crate_files::emit(service, &mut files)?;
    endpoint::emit(service, &mut files)?;
    // The large single files (schemas, the service error) format beside the per-shape ones.
    let mut side = Files::new();
    let side_result = std::thread::scope(|scope| {
        let side_files = &mut side;
        let worker = scope.spawn(move || -> Result<(), String> {
            schemas::emit(service, side_files)?;
            errors::emit(service, side_files)
        });
        types::emit(service, &mut files)?;
        operations::emit(service, &mut files)?;
        worker.join().map_err(|_| "a code generation thread panicked".to_owned())?
    });
    side_result?;
    files.extend(side);
    if waiters::emit(service, &mut files)? {
        let lib = files.get_mut("src/lib.rs").ok_or("lib.rs is emitted first")?;
        *lib = lib.replace("pub mod types;\n", "pub mod types;\npub mod waiters;\n");
    }
    endpoint_discovery::emit(service, &mut files)?;
    customize::emit(service, &mut files)?;
    files.extend(runtime(service)?);
    Ok(files)
}

/// The endpoint auth schemes the service's client signs with: SigV4, SigV4a where its
/// endpoints may ask for it, and a session scheme a customization provides.
pub fn supported_auth_schemes(service: &Service) -> Vec<&'static str> {
    let mut schemes = vec!["sigv4"];
    if service.uses_sigv4a() {
        schemes.push("sigv4a");
    }
    schemes.extend(customize::session_scheme(service));
    schemes
}

/// The runtime modules of a crate, from `codegen/runtime/` without their unit tests (which
/// run once, in the workspace): the shared ones, those of the service's protocol, and gzip
/// where operations compress requests. `mod.rs` declares only the modules the crate has.
fn runtime(service: &Service) -> Result<Vec<(String, String)>, String> {
    let protocol_modules = service.protocol.runtime_modules();
    let wanted = |name: &str| {
        !PROTOCOL_MODULES.contains(&name)
            || protocol_modules.contains(&name)
            || (name == "paginate.rs" && service.operations.iter().any(|op| op.pagination.is_some()))
            || (name == "waiter.rs" && service.operations.iter().any(|op| !op.waiters.is_empty()))
            || (name == "gzip.rs" && service.uses_gzip())
            || (name == "checksums.rs"
                && (service.uses_checksums()
                    || service.uses_flexible_checksums()
                    || service.sends_events()
                    || customize::uses_checksums(service)))
            || (name == "flexible_checksums.rs" && service.uses_flexible_checksums())
            || (name == "sigv4a.rs" && service.uses_sigv4a())
            || (name == "event_stream.rs" && !service.event_streams.is_empty())
            // Events bind members to their messages as REST protocols bind them to requests.
            || (name == "rest.rs" && !service.event_streams.is_empty())
            || (name == "event_sender.rs" && service.sends_events())
            || (name == "presigning.rs" && customize::uses_presigning(service))
            || (name == "endpoint_discovery.rs" && service.endpoint_discovery.is_some())
    };
    let mut module_list = RUNTIME[0].1.to_owned();
    for name in PROTOCOL_MODULES.iter().filter(|name| !wanted(name)) {
        let declaration = format!("pub(crate) mod {};\n", name.trim_end_matches(".rs"));
        module_list = module_list.replace(&declaration, "");
    }
    let prepared = prepared_runtime()?;
    let modules =
        RUNTIME[1..].iter().zip(&prepared[1..]).filter(|((name, _), _)| wanted(name)).map(|((name, _), text)| (*name, text.as_str()));
    Ok(std::iter::once(("mod.rs", module_list.as_str()))
        .chain(modules)
        .map(|(name, text)| (format!("src/rt/{name}"), text.to_owned()))
        .collect())
}

/// The runtime files as crates carry them (`RUNTIME`'s order): without their unit tests,
/// each function inlined in dev builds. Prepared once per process.
fn prepared_runtime() -> Result<&'static [String], String> {
    static PREPARED: std::sync::OnceLock<Result<Vec<String>, String>> = std::sync::OnceLock::new();
    let prepared = PREPARED.get_or_init(|| {
        RUNTIME
            .iter()
            .map(|(name, text)| inlined_in_dev_builds(without_unit_tests(text)).map_err(|e| format!("runtime file {name}: {e}")))
            .collect()
    });
    prepared.as_deref().map_err(Clone::clone)
}

/// `text` with each function that has a body marked `#[cfg_attr(debug_assertions, inline)]`
/// (unless it has an inline attribute already). In a dev build an inline function is
/// compiled by the crate that calls it, once, and not by the crate that defines it, so a
/// generated crate built alone leaves its runtime to the program, which compiles only the
/// part it uses (as it does the generated methods, which are `#[inline]`). Release builds
/// compile the runtime in the crate as before: there an inline function is copied into
/// every codegen unit that calls it, which made a release program slower to build and
/// larger.
fn inlined_in_dev_builds(text: &str) -> Result<String, String> {
    use syn::visit::Visit;
    /// The lines (1-based) of the `fn` keyword of every function to mark.
    struct FnLines(BTreeSet<usize>);
    impl FnLines {
        fn mark(&mut self, attrs: &[syn::Attribute], signature: &syn::Signature) {
            if !attrs.iter().any(|a| a.path().is_ident("inline")) {
                self.0.insert(signature.fn_token.span.start().line);
            }
        }
    }
    impl<'ast> Visit<'ast> for FnLines {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.mark(&f.attrs, &f.sig);
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.mark(&f.attrs, &f.sig);
            syn::visit::visit_impl_item_fn(self, f);
        }
        fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
            if f.default.is_some() {
                self.mark(&f.attrs, &f.sig);
            }
            syn::visit::visit_trait_item_fn(self, f);
        }
    }
    let file = syn::parse_file(text).map_err(|e| format!("does not parse: {e}"))?;
    let mut lines = FnLines(BTreeSet::new());
    lines.visit_file(&file);
    let mut out = String::with_capacity(text.len() + 40 * lines.0.len());
    for (number, line) in (1..).zip(text.split_inclusive('\n')) {
        if lines.0.contains(&number) {
            let indent = &line[..line.len() - line.trim_start().len()];
            // A signature starts on the line of its `fn` keyword, visibility and all.
            if !line.trim_start().starts_with(|c: char| c.is_ascii_lowercase()) {
                return Err(format!("line {number} does not start a function: {line:?}"));
            }
            out.push_str(indent);
            out.push_str("#[cfg_attr(debug_assertions, inline)]\n");
        }
        out.push_str(line);
    }
    Ok(out)
}

/// A runtime file without its `#[cfg(test)] mod tests`, which closes every file that has one.
fn without_unit_tests(text: &str) -> &str {
    match text.find("\n#[cfg(test)]\nmod tests {") {
        Some(at) => &text[..=at],
        None => text,
    }
}

/// The runtime modules, verbatim (`mod.rs` first).
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("builder.rs", include_str!("../../runtime/builder.rs")),
    ("paginate.rs", include_str!("../../runtime/paginate.rs")),
    ("jmespath.rs", include_str!("../../runtime/jmespath.rs")),
    ("waiter.rs", include_str!("../../runtime/waiter.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("codec.rs", include_str!("../../runtime/codec.rs")),
    ("config.rs", include_str!("../../runtime/config.rs")),
    ("endpoint.rs", include_str!("../../runtime/endpoint.rs")),
    ("endpoint_discovery.rs", include_str!("../../runtime/endpoint_discovery.rs")),
    ("operation.rs", include_str!("../../runtime/operation.rs")),
    ("protocol.rs", include_str!("../../runtime/protocol.rs")),
    ("schema.rs", include_str!("../../runtime/schema.rs")),
    ("query.rs", include_str!("../../runtime/query.rs")),
    ("xml.rs", include_str!("../../runtime/xml.rs")),
    ("json.rs", include_str!("../../runtime/json.rs")),
    ("cbor.rs", include_str!("../../runtime/cbor.rs")),
    ("event_stream.rs", include_str!("../../runtime/event_stream.rs")),
    ("event_sender.rs", include_str!("../../runtime/event_sender.rs")),
    ("rest.rs", include_str!("../../runtime/rest.rs")),
    ("rest_json.rs", include_str!("../../runtime/rest_json.rs")),
    ("rest_xml.rs", include_str!("../../runtime/rest_xml.rs")),
    ("gzip.rs", include_str!("../../runtime/gzip.rs")),
    ("checksums.rs", include_str!("../../runtime/checksums.rs")),
    ("flexible_checksums.rs", include_str!("../../runtime/flexible_checksums.rs")),
    ("sigv4a.rs", include_str!("../../runtime/sigv4a.rs")),
    ("stall.rs", include_str!("../../runtime/stall.rs")),
    ("presigning.rs", include_str!("../../runtime/presigning.rs")),
];

/// Runtime modules a crate carries only when its protocol (or its operations) need them.
const PROTOCOL_MODULES: &[&str] = &[
    "paginate.rs",
    "endpoint_discovery.rs",
    "waiter.rs",
    "query.rs",
    "xml.rs",
    "json.rs",
    "cbor.rs",
    "event_stream.rs",
    "event_sender.rs",
    "rest.rs",
    "rest_json.rs",
    "rest_xml.rs",
    "gzip.rs",
    "checksums.rs",
    "flexible_checksums.rs",
    "sigv4a.rs",
    "presigning.rs",
];

/// `render` applied to every item, spread over the machine's cores: formatting (a syn parse
/// and prettyplease) is most of the generator's time. Results keep the items' order.
pub(crate) fn render_all<T: Sync>(
    items: &[T],
    render: impl Fn(&T) -> Result<(String, String), String> + Sync,
) -> Result<Vec<(String, String)>, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(|| part.iter().map(&render).collect::<Result<Vec<_>, String>>())).collect();
        let mut out = Vec::with_capacity(items.len());
        for worker in workers {
            out.extend(worker.join().map_err(|_| "a code generation thread panicked".to_owned())??);
        }
        Ok(out)
    })
}

/// Formats tokens as a Rust file with a generated-file header.
pub(crate) fn format(tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    inline_methods(&mut file.items);
    Ok(format!("// Code generated by the Smithy Rust generator. DO NOT EDIT.\n{}", prettyplease::unparse(&file)))
}

/// `tokens` with the std generic `name` (`Option`) written by its full path wherever it is
/// used as the std type (followed by `<` or `::`, not after a path), for the file of a type
/// that shadows it.
pub(crate) fn qualify_std(tokens: TokenStream, name: &str, path: &str) -> TokenStream {
    use proc_macro2::{Group, TokenTree};
    let full: TokenStream = path.parse().unwrap_or_default();
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(id) if id == name => {
                // `a::Option` is someone else's; `x: Option` is the std one.
                let colon = |j: usize| matches!(trees.get(j), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                let after_path = i >= 2 && colon(i - 1) && colon(i - 2);
                let generic_use = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '<' || p.as_char() == ':');
                if generic_use && !after_path {
                    out.extend(full.clone());
                } else {
                    out.push(tree.clone());
                }
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), qualify_std(group.stream(), name, path));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other.clone()),
        }
    }
    out.into_iter().collect()
}

/// Marks every method of the generated impls `#[inline]`. Per shape, they are many and
/// small, and a crate compiles an `#[inline]` function only where it is used: a program
/// pays in compile time for the operations it calls, not for the whole service. (Async
/// methods are compiled where awaited anyway.)
fn inline_methods(items: &mut [syn::Item]) {
    for item in items {
        match item {
            syn::Item::Impl(block) => {
                for member in &mut block.items {
                    if let syn::ImplItem::Fn(method) = member {
                        let inline = method.attrs.iter().any(|a| a.path().is_ident("inline"));
                        if method.sig.asyncness.is_none() && !inline {
                            method.attrs.push(syn::parse_quote!(#[inline]));
                        }
                    }
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    inline_methods(items);
                }
            }
            _ => {}
        }
    }
}

pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` lines from model documentation, or `fallback` when the model has none.
pub(crate) fn doc(docs: Option<&str>, fallback: &str) -> TokenStream {
    let text = docs.filter(|d| !d.trim().is_empty()).unwrap_or(fallback);
    let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

pub(crate) fn deprecated(note: Option<&str>) -> TokenStream {
    match note {
        Some(n) if !n.is_empty() => quote! { #[deprecated(note = #n)] },
        Some(_) => quote! { #[deprecated] },
        None => quote! {},
    }
}

/// The Rust type of a value (without the `Option` of optional members).
pub(crate) fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(String),
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 | RustType::IntEnum => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::Blob => quote!(crate::primitives::Blob),
        RustType::DateTime => quote!(crate::primitives::DateTime),
        RustType::Enum(name) | RustType::Struct(name) | RustType::Union(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
        RustType::Error(name) => {
            let name = ident(name);
            quote!(crate::types::error::#name)
        }
        RustType::Document => quote!(crate::primitives::Document),
        RustType::Stream => quote!(crate::primitives::ByteStream),
        RustType::EventStream(union) => {
            let (union, error) = (ident(union), ident(&format!("{union}Error")));
            quote!(crate::primitives::event_stream::EventReceiver<crate::types::#union, crate::types::error::#error>)
        }
        RustType::EventSender(union) => {
            let (union, error) = (ident(union), ident(&format!("{union}Error")));
            quote!(crate::primitives::event_stream::EventStreamSender<crate::types::#union, crate::types::error::#error>)
        }
        RustType::BigInteger => quote!(crate::primitives::BigInteger),
        RustType::BigDecimal => quote!(crate::primitives::BigDecimal),
        RustType::Sparse(item) => {
            let item = rust_type(item);
            quote!(Option<#item>)
        }
        RustType::List(item) => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        RustType::Map(key, value) => {
            let (key, value) = (rust_type(key), rust_type(value));
            quote!(::std::collections::HashMap<#key, #value>)
        }
    }
}

/// `Clone, PartialEq,` for a structure of these fields, unless one is a stream (which
/// cannot be copied or compared, as in aws-sdk-*).
pub(crate) fn value_derives(fields: &[Field]) -> TokenStream {
    if fields.iter().any(|f| f.ty.is_stream()) {
        quote!()
    } else {
        quote!(Clone, PartialEq,)
    }
}

/// The type a member slot holds: boxed when recursive.
pub(crate) fn slot_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// The type of a structure's field: the slot type, in an `Option` unless the member is
/// required or defaulted.
pub(crate) fn field_type(field: &Field) -> TokenStream {
    let slot = slot_type(field);
    if field.optional() {
        quote!(Option<#slot>)
    } else {
        slot
    }
}

/// A structure's field declarations, with their docs.
pub(crate) fn field_decls(fields: &[Field]) -> impl Iterator<Item = TokenStream> + '_ {
    fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = field_type(f);
        let d = doc(f.docs.as_deref(), "Undocumented in the model.");
        let dep = deprecated(f.deprecated.as_deref());
        quote! { #d #dep pub #n: #ty, }
    })
}

/// The `aws_smithy_types::Document` expression of a node value.
pub(crate) fn document(node: &serde_json::Value, primitives: &TokenStream) -> TokenStream {
    use serde_json::Value;
    match node {
        Value::Null => quote!(#primitives::Document::Null),
        Value::Bool(b) => quote!(#primitives::Document::Bool(#b)),
        Value::Number(n) => {
            let number = if let Some(u) = n.as_u64() {
                quote!(PosInt(#u))
            } else if let Some(i) = n.as_i64() {
                quote!(NegInt(#i))
            } else {
                let f = n.as_f64().unwrap_or_default();
                quote!(Float(#f))
            };
            quote!(#primitives::Document::Number(::aws_smithy_types::Number::#number))
        }
        Value::String(s) => quote!(#primitives::Document::String(#s.to_owned())),
        Value::Array(items) => {
            let items = items.iter().map(|i| document(i, primitives));
            quote!(#primitives::Document::Array(vec![#( #items ),*]))
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = document(v, primitives);
                quote!((#k.to_owned(), #v))
            });
            quote!(#primitives::Document::Object(::std::collections::HashMap::from([#( #entries ),*])))
        }
    }
}

/// The value a non-optional field takes when nothing set it: its `@default`, or the
/// type's zero value (what a response missing a required member reads as).
pub(crate) fn fallback_value(field: &Field) -> TokenStream {
    let typed = |ty: &RustType, value: &DefaultValue| match (ty, value) {
        (_, DefaultValue::Bool(b)) => quote!(#b),
        (RustType::F32 | RustType::F64, DefaultValue::Float(f)) => {
            let f = proc_macro2::Literal::f64_unsuffixed(*f);
            quote!(#f)
        }
        (RustType::F32 | RustType::F64, DefaultValue::Int(i)) => {
            let f = proc_macro2::Literal::f64_unsuffixed(*i as f64);
            quote!(#f)
        }
        (_, DefaultValue::Int(i)) => {
            let i = proc_macro2::Literal::i64_unsuffixed(*i);
            quote!(#i)
        }
        (RustType::Enum(name), DefaultValue::Str(text)) => {
            let name = ident(name);
            quote!(crate::types::#name::from(#text))
        }
        (_, DefaultValue::Str(text)) => quote!(String::from(#text)),
        (_, DefaultValue::Timestamp(secs, nanos)) => quote!(crate::primitives::DateTime::from_secs_and_nanos(#secs, #nanos)),
        (_, DefaultValue::Blob(bytes)) => {
            let bytes = proc_macro2::Literal::byte_string(bytes);
            quote!(crate::primitives::Blob::new(#bytes.to_vec()))
        }
        (_, DefaultValue::Document(node)) => document(node, &quote!(crate::primitives)),
        _ => quote!(Default::default()),
    };
    match (&field.presence, &field.ty) {
        (Presence::Optional, _) => quote!(None),
        (Presence::Default(value), ty) => typed(ty, value),
        (Presence::Required, RustType::DateTime) => quote!(crate::primitives::DateTime::from_secs(0)),
        (Presence::Required, RustType::Blob) => quote!(crate::primitives::Blob::new(Vec::new())),
        (Presence::Required, RustType::Enum(name)) => {
            let name = ident(name);
            quote!(crate::types::#name::from(""))
        }
        (Presence::Required, _) => quote!(Default::default()),
    }
}

/// `impl Default` for a structure with non-optional fields (each takes its fallback), or
/// `None` when `#[derive(Default)]` does.
pub(crate) fn default_impl(type_name: &Ident, fields: &[Field], extra: &[&str]) -> Option<TokenStream> {
    if fields.iter().all(Field::optional) {
        return None;
    }
    let inits = fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let value = fallback_value(f);
        quote!(#n: #value,)
    });
    let extra = extra.iter().map(|e| {
        let e = ident(e);
        quote!(#e: Default::default(),)
    });
    Some(quote! {
        impl Default for #type_name {
            fn default() -> Self {
                Self { #( #inits )* #( #extra )* }
            }
        }
    })
}

/// The builder of a structure that is not an operation input. When every member is an
/// `Option`, it wraps the structure; otherwise it holds each member as an `Option` and
/// `build()` applies defaults, failing on a missing required member.
pub(crate) fn plain_builder(
    s: &Structure,
    target: &TokenStream,
    builder: &Ident,
    struct_doc: &str,
    build_doc: &str,
    extra: &[&str],
) -> TokenStream {
    let wrapped = s.fields.iter().all(Field::optional);
    let methods = s.fields.iter().map(|f| setters(f, if wrapped { Setters::Wrapped } else { Setters::Fields }));
    if wrapped {
        return quote! {
            #[doc = #struct_doc]
            pub type #builder = crate::builder::Builder<#target>;
            impl #builder {
                #( #methods )*
            }
        };
    }
    let fields = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let ty = slot_type(f);
        quote!(pub(crate) #n: Option<#ty>,)
    });
    let type_name = s.rust_name.clone();
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let bare = crate::naming::bare(&f.rust_name);
        match &f.presence {
            Presence::Optional => quote!(#n: self.#n,),
            Presence::Default(DefaultValue::Bool(_) | DefaultValue::Int(_) | DefaultValue::Float(_)) => {
                let value = fallback_value(f);
                quote!(#n: self.#n.unwrap_or(#value),)
            }
            Presence::Default(DefaultValue::Empty) => quote!(#n: self.#n.unwrap_or_default(),),
            Presence::Default(DefaultValue::Str(_) | DefaultValue::Timestamp(..) | DefaultValue::Blob(_) | DefaultValue::Document(_)) => {
                let value = fallback_value(f);
                quote!(#n: self.#n.unwrap_or_else(|| #value),)
            }
            Presence::Required => {
                let why = format!("{bare} was not specified but it is required when building {type_name}");
                quote!(#n: self.#n.ok_or_else(|| ::aws_smithy_types::error::operation::BuildError::missing_field(#bare, #why))?,)
            }
        }
    });
    let extra = extra.iter().map(|e| {
        let e = ident(e);
        quote!(#e: Default::default(),)
    });
    let (derive_debug, debug) = debug_impl(builder, &s.name, &s.fields, &[]);
    let derive_value = value_derives(&s.fields);
    let build = if s.fields.iter().any(|f| f.presence == Presence::Required) {
        quote! {
            #[doc = #build_doc]
            ///
            /// Fails when a required member is not set.
            pub fn build(self) -> Result<#target, ::aws_smithy_types::error::operation::BuildError> {
                Ok(#target { #( #inits )* #( #extra )* })
            }
        }
    } else {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> #target {
                #target { #( #inits )* #( #extra )* }
            }
        }
    };
    quote! {
        #[doc = #struct_doc]
        #[derive(#derive_value Default, #derive_debug)]
        pub struct #builder {
            #( #fields )*
        }
        impl #builder {
            #( #methods )*
            #build
        }
        #debug
    }
}

/// Getter on a structure: `Option<&str>`, `&[T]`, `Option<i32>`, `Option<&T>`; for a
/// non-optional member `&str`, `&[T]`, `i32`, `&T`.
pub(crate) fn getter(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let docs = doc(field.docs.as_deref(), "Undocumented in the model.");
    let dep = deprecated(field.deprecated.as_deref());
    if !field.optional() {
        let (ret, body) = match &field.ty {
            RustType::String => (quote!(&str), quote!(&self.#name)),
            RustType::List(item) => {
                let item = rust_type(item);
                (quote!(&[#item]), quote!(&self.#name))
            }
            RustType::Bool
            | RustType::I8
            | RustType::I16
            | RustType::I32
            | RustType::I64
            | RustType::F32
            | RustType::F64
            | RustType::IntEnum => (rust_type(&field.ty), quote!(self.#name)),
            ty => {
                let ty = rust_type(ty);
                (quote!(&#ty), quote!(&self.#name))
            }
        };
        return quote! {
            #docs
            #dep
            pub fn #name(&self) -> #ret {
                #body
            }
        };
    }
    let (ret, body) = match &field.ty {
        RustType::String => (quote!(Option<&str>), quote!(self.#name.as_deref())),
        RustType::List(item) => {
            let item = rust_type(item);
            (quote!(&[#item]), quote!(self.#name.as_deref().unwrap_or_default()))
        }
        RustType::Bool
        | RustType::I8
        | RustType::I16
        | RustType::I32
        | RustType::I64
        | RustType::F32
        | RustType::F64
        | RustType::IntEnum => {
            let ty = rust_type(&field.ty);
            (quote!(Option<#ty>), quote!(self.#name))
        }
        _ if field.boxed => {
            let ty = rust_type(&field.ty);
            (quote!(Option<&#ty>), quote!(self.#name.as_deref()))
        }
        _ => {
            let ty = rust_type(&field.ty);
            (quote!(Option<&#ty>), quote!(self.#name.as_ref()))
        }
    };
    quote! {
        #docs
        #dep
        pub fn #name(&self) -> #ret {
            #body
        }
    }
}

/// Builder methods for one member: `x` (set or append), `set_x`, `get_x`. A builder keeps
/// the structure it builds in `inner`; a fluent builder keeps the builder there.
/// Where a builder keeps what its setters set.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Setters {
    /// In the structure it wraps (`self.inner.x`).
    Wrapped,
    /// In its own `Option` fields (`self.x`).
    Fields,
    /// In the builder it wraps (`self.inner.x(…)`), for waiters' fluent builders.
    Fluent,
}

pub(crate) fn setters(field: &Field, mode: Setters) -> TokenStream {
    let fluent = mode == Setters::Fluent;
    let place = if mode == Setters::Fields { quote!(self) } else { quote!(self.inner) };
    let name = ident(&field.rust_name);
    let bare = crate::naming::bare(&field.rust_name);
    let set = ident(&format!("set_{bare}"));
    let get = ident(&format!("get_{bare}"));
    let docs = doc(field.docs.as_deref(), "Undocumented in the model.");
    let dep = deprecated(field.deprecated.as_deref());
    let slot = slot_type(field);
    let (args, store) = match &field.ty {
        RustType::String => (quote!(input: impl Into<String>), quote!(#place.#name = Some(input.into());)),
        RustType::List(item) => {
            let (arg, value) = match **item {
                RustType::String => (quote!(impl Into<String>), quote!(input.into())),
                _ => (rust_type(item), quote!(input)),
            };
            (quote!(input: #arg), quote!(#place.#name.get_or_insert_with(Vec::new).push(#value);))
        }
        RustType::Map(key, value) => {
            let into = |ty: &RustType, name: TokenStream| match ty {
                RustType::String => (quote!(impl Into<String>), quote!(#name.into())),
                _ => (rust_type(ty), name),
            };
            let ((karg, k), (varg, v)) = (into(key, quote!(k)), into(value, quote!(v)));
            (quote!(k: #karg, v: #varg), quote!(#place.#name.get_or_insert_with(Default::default).insert(#k, #v);))
        }
        _ if field.boxed => {
            let ty = rust_type(&field.ty);
            (quote!(input: #ty), quote!(#place.#name = Some(Box::new(input));))
        }
        _ => {
            let ty = rust_type(&field.ty);
            (quote!(input: #ty), quote!(#place.#name = Some(input);))
        }
    };
    let set_doc = format!(" Sets or clears [`{bare}`](Self::{}).", field.rust_name.trim_start_matches("r#"));
    let get_doc = format!(" The value set by [`{bare}`](Self::{}).", field.rust_name.trim_start_matches("r#"));
    if matches!(field.ty, RustType::Stream | RustType::EventSender(_)) && mode == Setters::Wrapped {
        // An input's stream is never an `Option` (an unset one is empty), as in aws-sdk-*.
        return quote! {
            #docs
            #dep
            pub fn #name(mut self, input: #slot) -> Self {
                #place.#name = input;
                self
            }
            #[doc = #set_doc]
            #dep
            pub fn #set(mut self, input: Option<#slot>) -> Self {
                #place.#name = input.unwrap_or_default();
                self
            }
            #[doc = #get_doc]
            #dep
            pub fn #get(&self) -> &#slot {
                &#place.#name
            }
        };
    }
    let call_args = match &field.ty {
        RustType::Map(..) => quote!(k, v),
        _ => quote!(input),
    };
    if fluent {
        quote! {
            #docs
            #dep
            pub fn #name(mut self, #args) -> Self {
                self.inner = self.inner.#name(#call_args);
                self
            }
            #[doc = #set_doc]
            #dep
            pub fn #set(mut self, input: Option<#slot>) -> Self {
                self.inner = self.inner.#set(input);
                self
            }
            #[doc = #get_doc]
            #dep
            pub fn #get(&self) -> &Option<#slot> {
                self.inner.#get()
            }
        }
    } else {
        quote! {
            #docs
            #dep
            pub fn #name(mut self, #args) -> Self {
                #store
                self
            }
            #[doc = #set_doc]
            #dep
            pub fn #set(mut self, input: Option<#slot>) -> Self {
                #place.#name = input;
                self
            }
            #[doc = #get_doc]
            #dep
            pub fn #get(&self) -> &Option<#slot> {
                &#place.#name
            }
        }
    }
}

/// `impl Debug` that prints `@sensitive` members redacted, or a derive when there are none.
pub(crate) fn debug_impl(type_name: &Ident, shape_name: &str, fields: &[Field], extra: &[&str]) -> (TokenStream, TokenStream) {
    if !fields.iter().any(|f| f.sensitive) {
        return (quote!(Debug,), quote!());
    }
    let entries = fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        let label = crate::naming::bare(&f.rust_name);
        if f.sensitive {
            quote!(.field(#label, &"*** Sensitive Data Redacted ***"))
        } else {
            quote!(.field(#label, &self.#name))
        }
    });
    let extra = extra.iter().map(|e| {
        let name = ident(e);
        quote!(.field(#e, &self.#name))
    });
    let _ = shape_name;
    let label = type_name.to_string();
    (
        quote!(),
        quote! {
            impl ::std::fmt::Debug for #type_name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* #(#extra)* .finish()
                }
            }
        },
    )
}

/// The `types` structures and unions that need each half of a codec, by Rust name: those an
/// operation's input reaches are written, and so are those the output of an operation with
/// waiters reaches (waiters evaluate their paths over the written output); those an output
/// or an error reaches are read. A codec half no request or response uses is front-end work
/// for nothing in every build of the crate.
pub(crate) struct Directions {
    pub written: BTreeSet<String>,
    pub read: BTreeSet<String>,
    /// Event stream unions an input sends, and those an output receives.
    pub sent_streams: BTreeSet<String>,
    pub received_streams: BTreeSet<String>,
}

impl Directions {
    pub(crate) fn of(service: &Service) -> Self {
        let named: BTreeMap<&str, &Structure> =
            service.structures.iter().chain(&service.unions).chain(&service.errors).map(|s| (s.rust_name.as_str(), s)).collect();
        fn walk(ty: &RustType, named: &BTreeMap<&str, &Structure>, seen: &mut BTreeSet<String>) {
            match ty {
                RustType::Struct(name)
                | RustType::Union(name)
                | RustType::Error(name)
                | RustType::EventStream(name)
                | RustType::EventSender(name) => {
                    if let Some(s) = named.get(name.as_str()) {
                        if seen.insert(name.clone()) {
                            for f in &s.fields {
                                walk(&f.ty, named, seen);
                            }
                        }
                    }
                }
                RustType::List(inner) | RustType::Sparse(inner) => walk(inner, named, seen),
                RustType::Map(key, value) => {
                    walk(key, named, seen);
                    walk(value, named, seen);
                }
                _ => {}
            }
        }
        let (mut written, mut read) = (BTreeSet::new(), BTreeSet::new());
        for op in &service.operations {
            let outputs_written = !op.waiters.is_empty();
            for f in &op.input.fields {
                walk(&f.ty, &named, &mut written);
            }
            for f in &op.output.fields {
                walk(&f.ty, &named, &mut read);
                if outputs_written {
                    walk(&f.ty, &named, &mut written);
                }
            }
        }
        for e in &service.errors {
            walk(&RustType::Error(e.rust_name.clone()), &named, &mut read);
        }
        let streams = |fields: &mut dyn Iterator<Item = &Field>, sent: bool| -> BTreeSet<String> {
            fields
                .filter_map(|f| match &f.ty {
                    RustType::EventSender(union) if sent => Some(union.clone()),
                    RustType::EventStream(union) if !sent => Some(union.clone()),
                    _ => None,
                })
                .collect()
        };
        let sent_streams = streams(&mut service.operations.iter().flat_map(|op| &op.input.fields), true);
        let received_streams = streams(&mut service.operations.iter().flat_map(|op| &op.output.fields), false);
        // The errors a sent stream carries are written as its exceptions.
        for stream in service.event_streams.iter().filter(|s| sent_streams.contains(&s.union)) {
            for e in &stream.errors {
                walk(&RustType::Error(e.rust_name.clone()), &named, &mut written);
            }
        }
        Directions { written, read, sent_streams, received_streams }
    }
}

/// `impl StructValue`: the schema, plus `write_members` for structures that are written (inputs,
/// and outputs waiters read) and `merge_field` for those that are read.
pub(crate) fn codec_impls(type_name: &Ident, schema: &str, fields: &[Field], serialize: bool, decode: bool) -> TokenStream {
    let table = ident(schema);
    let write_members = (serialize && !fields.is_empty()).then(|| {
        let calls = fields.iter().enumerate().map(|(i, f)| {
            let name = ident(&f.rust_name);
            quote!(w.member(&members[#i], &self.#name);)
        });
        quote! {
            fn write_members<W: crate::rt::Writer>(&self, w: &mut W) {
                let members = crate::schemas::#table.members;
                #(#calls)*
            }
        }
    });
    // An output that is only a stream has nothing the codecs read.
    let merge_field = (decode && fields.iter().any(|f| !f.ty.is_stream())).then(|| {
        // A stream is the response body, which the pipeline gives the output itself.
        let arms = fields.iter().enumerate().filter(|(_, f)| !f.ty.is_stream()).map(|(i, f)| {
            let name = ident(&f.rust_name);
            if f.boxed && matches!(f.ty, RustType::Union(_)) {
                // A union is not built up from a default, as a boxed structure is.
                quote!(#i => crate::rt::codec::merge_boxed(&mut self.#name, member, d),)
            } else if f.optional() {
                quote!(#i => crate::rt::merge(&mut self.#name, member, d),)
            } else {
                quote!(#i => crate::rt::codec::merge_value(&mut self.#name, member, d),)
            }
        });
        quote! {
            fn merge_field<D: crate::rt::Decoder>(&mut self, index: usize, member: &'static crate::rt::Member, d: &mut D) -> Result<(), crate::rt::DecodeError> {
                match index { #(#arms)* _ => d.skip() }
            }
        }
    });
    quote! {
        impl crate::rt::StructValue for #type_name {
            fn schema(&self) -> &'static crate::rt::StructSchema {
                &crate::schemas::#table
            }
            #write_members
            #merge_field
        }
    }
}

/// The `@endpoint` host prefix the operation's requests take: none where a customization
/// lets the service's endpoint rules place what it would (S3 Control's account id).
pub(crate) fn host_prefix<'a>(service: &Service, op: &'a crate::normalize::Operation) -> Option<&'a str> {
    op.host_prefix.as_deref().filter(|_| !customize::host_prefix_in_endpoint(service))
}

#[cfg(test)]
mod qualify_tests {
    use quote::quote;

    #[test]
    fn std_generics_are_written_by_path_in_the_file_that_shadows_them() {
        let tokens = quote! { pub struct Option { pub x: Option<String>, pub y: crate::types::Option } impl Option { fn f() -> Vec<u8> { Vec::new() } } };
        let out = super::qualify_std(tokens, "Option", "::std::option::Option").to_string();
        assert_eq!(out, quote! { pub struct Option { pub x: ::std::option::Option<String>, pub y: crate::types::Option } impl Option { fn f() -> Vec<u8> { Vec::new() } } }.to_string());
    }
}

#[cfg(test)]
mod runtime_tests {
    #[test]
    fn functions_with_bodies_are_inlined_in_dev_builds() {
        let text = "\
/// A free function.
pub(crate) fn free() -> u8 {
    fn nested() {}
    nested();
    1
}

pub trait Read {
    fn required(&self);
    fn provided(&self) -> u8 {
        0
    }
}

impl S {
    #[inline]
    pub fn already(&self) {}
    async fn later(&self) {}
}
";
        let expected = "\
/// A free function.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn free() -> u8 {
    #[cfg_attr(debug_assertions, inline)]
    fn nested() {}
    nested();
    1
}

pub trait Read {
    fn required(&self);
    #[cfg_attr(debug_assertions, inline)]
    fn provided(&self) -> u8 {
        0
    }
}

impl S {
    #[inline]
    pub fn already(&self) {}
    #[cfg_attr(debug_assertions, inline)]
    async fn later(&self) {}
}
";
        assert_eq!(super::inlined_in_dev_builds(text).as_deref(), Ok(expected));
    }

    #[test]
    fn a_signature_not_at_the_start_of_its_line_is_an_error() {
        let error = super::inlined_in_dev_builds("#[must_use] fn f() -> u8 { 1 }\n").unwrap_err();
        assert!(error.contains("line 1 does not start a function"), "{error}");
    }

    #[test]
    fn every_runtime_file_is_prepared() {
        let prepared = super::prepared_runtime().expect("the runtime files parse");
        assert_eq!(prepared.len(), super::RUNTIME.len());
        assert!(prepared.iter().all(|text| !text.contains("#[cfg(test)]\nmod tests")));
    }
}
