//! `operation::*`: per operation its input, output, error enum and builders; and the
//! client methods that start each call.

use super::{codec_impls, debug_impl, deprecated, doc, format, getter, ident, setters, Files};
use crate::naming;
use crate::normalize::{FieldStep, Operation, Pagination, RustType, Service, Structure};
use quote::quote;

pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let rendered = super::render_all(&service.operations, |op| {
        let customized = Customized {
            endpoint_member: super::customize::endpoint_member(service, &op.name),
            unsigned: op.unsigned || super::customize::unsigned(service, &op.name),
            http_bindings: service.protocol.http_bindings(),
            label_defaults: op
                .input
                .fields
                .iter()
                .filter_map(|f| super::customize::label_default(service, &f.member_name).map(|d| (f.member_name.clone(), d)))
                .collect(),
            trimmed_labels: op
                .input
                .fields
                .iter()
                .filter(|f| f.http == crate::normalize::HttpBinding::Label)
                .filter_map(|f| super::customize::trimmed_label(service, &f.target).map(|p| (f.member_name.clone(), p)))
                .collect(),
            body_digests: super::customize::body_digests(service, &op.name),
            presignable: super::customize::presignable(service, &op.name),
            extended_request_id: super::customize::extended_request_id(service),
            pages_flag: super::customize::pages_flag(service, &op.name),
            unit_input_without_body: op.unit_input && service.protocol.unit_input_has_no_body(),
            host_prefix: super::host_prefix(service, op).map(str::to_owned),
            label_in_endpoint: op.http.as_ref().and_then(|http| match http.path.first() {
                Some(crate::normalize::PathSegment::Label { member, greedy: false })
                    if super::customize::label_in_endpoint(service, member) =>
                {
                    Some(member.clone())
                }
                _ => None,
            }),
        };
        Ok((format!("src/operation/{}.rs", naming::bare(&op.fn_name)), format(operation(op, &customized))?))
    })?;
    files.extend(rendered);
    let mods = service.operations.iter().map(|op| {
        let m = ident(&op.fn_name);
        let d = format!(" Types for the `{}` operation.", op.name);
        quote! { #[doc = #d] pub mod #m; }
    });
    let request_id_ext = super::customize::extended_request_id(service).then(|| {
        quote!(
            pub use crate::extended_request_id::RequestIdExt;
        )
    });
    files.insert(
        "src/operation.rs".into(),
        format(quote! {
            //! Operations: each module holds an operation's input, output, error and builders.
            pub use ::aws_types::request_id::RequestId;
            #request_id_ext
            #( #mods )*
        })?,
    );
    let methods = service.operations.iter().map(|op| {
        let m = ident(&op.fn_name);
        let fluent = ident(&format!("{}FluentBuilder", op.name));
        let d = doc(op.docs.as_deref(), &format!("Calls the `{}` operation.", op.name));
        let dep = deprecated(op.deprecated.as_deref());
        quote! {
            #d
            #dep
            pub fn #m(&self) -> crate::operation::#m::builders::#fluent {
                crate::operation::#m::builders::#fluent::new(self.handle.clone())
            }
        }
    });
    files.insert(
        "src/client.rs".into(),
        format(quote! {
            //! The client: one method per operation.
            pub use crate::rt::client::Client;
            impl Client {
                #( #methods )*
            }
        })?,
    );
    Ok(())
}

/// An operation input or output: the structure with its builder, in the operation module.
fn io_structure(
    s: &Structure,
    is_output: bool,
    waitable: bool,
    extended_request_id: bool,
) -> (proc_macro2::TokenStream, proc_macro2::TokenStream) {
    let name = ident(&s.rust_name);
    let builder = ident(&format!("{}Builder", s.rust_name));
    let docs = doc(s.docs.as_deref(), &format!("The `{}` structure.", s.name));
    let fields = super::field_decls(&s.fields);
    let getters = s.fields.iter().map(getter);
    let builder_methods = s.fields.iter().map(|f| setters(f, super::Setters::Wrapped));
    let extra: &[&str] = match (is_output, extended_request_id) {
        (true, true) => &["_request_id", "_extended_request_id"],
        (true, false) => &["_request_id"],
        (false, _) => &[],
    };
    let (derive_debug, debug) = debug_impl(&name, &s.name, &s.fields, extra);
    let default = super::default_impl(&name, &s.fields, extra);
    let derive_default = if default.is_none() { quote!(Default,) } else { quote!() };
    let derive_value = super::value_derives(&s.fields);
    // Waiters read outputs through the same view serializers use.
    let codec = codec_impls(&name, &s.schema, &s.fields, !is_output || waitable, is_output);
    // The builders live in the `builders` submodule, so their links go through `super`.
    let new_doc = format!(" A builder for [`{}`].", s.rust_name);
    let builder_struct_doc = format!(" A builder for [`{0}`](super::{0}).", s.rust_name);
    // The response body, which the output keeps unread for the caller.
    let output_stream = s.fields.iter().find(|f| f.ty.is_stream()).map(|f| {
        let field = ident(&f.rust_name);
        match &f.ty {
            RustType::EventStream(union) => {
                let union = ident(union);
                quote! {
                    const STREAMING: bool = true;
                    const EVENTS: bool = true;
                    fn set_body(&mut self, body: crate::primitives::ByteStream) {
                        self.#field = crate::rt::event_stream::EventReceiver::new(
                            body.into_inner(),
                            crate::rt::event_stream::decode::<crate::types::#union>,
                        );
                    }
                }
            }
            _ => quote! {
                const STREAMING: bool = true;
                fn set_body(&mut self, body: crate::primitives::ByteStream) {
                    self.#field = body;
                }
            },
        }
    });
    let (extended_field, set_extended, extended_impl) = match extended_request_id {
        true => (
            quote!(_extended_request_id: Option<String>,),
            quote! {
                fn set_extended_request_id(&mut self, extended_request_id: Option<String>) {
                    self._extended_request_id = extended_request_id;
                }
            },
            quote! {
                impl crate::operation::RequestIdExt for #name {
                    fn extended_request_id(&self) -> Option<&str> {
                        self._extended_request_id.as_deref()
                    }
                }
            },
        ),
        false => (quote!(), quote!(), quote!()),
    };
    let (request_id_field, output_impls) = if is_output {
        (
            quote!(_request_id: Option<String>, #extended_field),
            quote! {
                impl ::aws_types::request_id::RequestId for #name {
                    fn request_id(&self) -> Option<&str> {
                        self._request_id.as_deref()
                    }
                }
                impl crate::rt::operation::Output for #name {
                    fn set_request_id(&mut self, request_id: Option<String>) {
                        self._request_id = request_id;
                    }
                    #set_extended
                    #output_stream
                }
                #extended_impl
            },
        )
    } else {
        (quote!(), quote!())
    };
    let structure = quote! {
        #docs
        #[non_exhaustive]
        #[derive(#derive_value #derive_default #derive_debug)]
        pub struct #name {
            #( #fields )*
            #request_id_field
        }
        #default
        impl #name {
            #( #getters )*
            #[doc = #new_doc]
            pub fn builder() -> builders::#builder {
                ::std::default::Default::default()
            }
        }
        #debug
        #output_impls
        #codec
    };
    let builder_tokens = if is_output {
        let builder_doc = format!(" Builds a [`{0}`](super::{0}).", s.rust_name);
        super::plain_builder(s, &quote!(super::#name), &builder, &builder_struct_doc, &builder_doc, extra)
    } else {
        quote! {
            #[doc = #builder_struct_doc]
            pub type #builder = crate::builder::InputBuilder<super::#name>;
            impl #builder {
                #( #builder_methods )*
            }
        }
    };
    (structure, builder_tokens)
}

/// `|o| o.a.as_ref().and_then(|x| x.b.as_ref())`: a borrowed path to an optional field.
fn borrow_path(steps: &[FieldStep]) -> proc_macro2::TokenStream {
    let mut expr = quote!(o);
    for (i, step) in steps.iter().enumerate() {
        let f = ident(&step.field);
        let take = match (step.optional, step.boxed) {
            (false, _) => quote!(#f),
            (true, true) => quote!(#f.as_deref()),
            (true, false) => quote!(#f.as_ref()),
        };
        expr = match (i, step.optional) {
            (0, true) => quote!(#expr.#take),
            (0, false) => quote!(Some(&#expr.#take)),
            (_, true) => quote!(#expr.and_then(|x| x.#take)),
            (_, false) => quote!(#expr.map(|x| &x.#take)),
        };
    }
    expr
}

/// `|page| page.a.and_then(|x| x.b)`: an owned path to an optional field.
fn owned_path(steps: &[FieldStep]) -> proc_macro2::TokenStream {
    let mut expr = quote!(page);
    for (i, step) in steps.iter().enumerate() {
        let f = ident(&step.field);
        expr = match (i, step.optional) {
            (0, true) => quote!(#expr.#f),
            (0, false) => quote!(Some(#expr.#f)),
            (_, true) => quote!(#expr.and_then(|x| x.#f)),
            (_, false) => quote!(#expr.map(|x| x.#f)),
        };
    }
    expr
}

fn paginator(op: &Operation, p: &Pagination, more_flag: Option<&str>) -> proc_macro2::TokenStream {
    let name = &op.name;
    // Paginators take the re-cased name (`DescribeDbInstancesPaginator`), as in aws-sdk-*.
    let paginator = ident(&format!("{}Paginator", naming::type_name(name)));
    let items_type = ident(&format!("{}PaginatorItems", naming::type_name(name)));
    let input_builder = ident(&format!("{}Builder", op.input.rust_name));
    let output = ident(&op.output.rust_name);
    let error = ident(&format!("{name}Error"));
    let input_token = ident(&p.input_token);
    let output_token = borrow_path(&p.output_token);
    // The output member that says whether more pages follow, if a customization names one.
    let more = match more_flag.and_then(|member| op.output.fields.iter().find(|f| f.member_name == member && f.ty == RustType::Bool)) {
        Some(flag) => {
            let f = ident(&flag.rust_name);
            match flag.presence {
                crate::normalize::Presence::Optional => quote!(|o| o.#f.unwrap_or(false)),
                _ => quote!(|o| o.#f),
            }
        }
        None => quote!(|_| true),
    };
    let doc = format!(" Sends `{name}` page after page, following each page's token.");
    let page_size = p.page_size.as_ref().map(|(field, ty)| {
        let f = ident(field);
        let ty = super::rust_type(ty);
        quote! {
            /// Sets how many results each page holds at most.
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.builder.inner.#f = Some(limit);
                self
            }
        }
    });
    let items = p.items.as_ref().map(|(path, item)| {
        let item = super::rust_type(item);
        let path = owned_path(path);
        let items_doc = format!(" The items of every `{name}` page, one at a time.");
        (
            quote! {
                /// Streams the items of every page rather than the pages.
                pub fn items(self) -> #items_type {
                    #items_type(self)
                }
            },
            quote! {
                #[doc = #items_doc]
                pub struct #items_type(#paginator);
                impl #items_type {
                    /// Starts sending; each item comes as the stream is polled.
                    pub fn send(self) -> ::aws_smithy_async::future::pagination_stream::PaginationStream<Result<#item, crate::error::SdkError<super::#error>>> {
                        crate::rt::paginate::items(self.0.send(), |page| #path)
                    }
                }
            },
        )
    });
    let (items_method, items_struct) = items.unzip();
    quote! {
        /// Paginators for this operation.
        pub mod paginator {
            #[doc = #doc]
            pub struct #paginator {
                builder: super::builders::#input_builder,
                stop_on_duplicate_token: bool,
            }
            impl #paginator {
                pub(crate) fn new(builder: super::builders::#input_builder) -> Self {
                    Self { builder, stop_on_duplicate_token: true }
                }
                #page_size
                #items_method
                /// Whether a page whose token equals the one just sent ends the stream (the
                /// default), rather than looping forever on a misbehaving service.
                pub fn stop_on_duplicate_token(mut self, stop_on_duplicate_token: bool) -> Self {
                    self.stop_on_duplicate_token = stop_on_duplicate_token;
                    self
                }
                /// Starts sending; each page comes as the stream is polled.
                pub fn send(self) -> ::aws_smithy_async::future::pagination_stream::PaginationStream<Result<super::#output, crate::error::SdkError<super::#error>>> {
                    crate::rt::paginate::pages(
                        self.builder.client.handle(#name),
                        self.builder.build(),
                        crate::rt::paginate::Tokens { input: |i| &mut i.#input_token, output: |o| #output_token, more: #more },
                        self.stop_on_duplicate_token,
                    )
                }
            }
            #items_struct
        }
    }
}

/// What an operation gets from its model's traits and the service's customizations together.
struct Customized {
    /// The input member holding the URL the request goes to.
    endpoint_member: Option<&'static str>,
    /// Sent without signing.
    unsigned: bool,
    /// The protocol binds members to HTTP: the operation's `@http` route is emitted.
    http_bindings: bool,
    /// URI labels with the value they take when unset or empty: (member, value).
    label_defaults: Vec<(String, &'static str)>,
    /// URI labels that lose the first of these prefixes their value starts with.
    trimmed_labels: Vec<(String, &'static [&'static str])>,
    /// The `rt::checksums` function computing headers from the body.
    body_digests: Option<&'static str>,
    /// The `@endpoint` host prefix, unless the endpoint rules place what it would.
    host_prefix: Option<String>,
    /// The label that starts the path but goes in the endpoint instead (S3's bucket).
    label_in_endpoint: Option<String>,
    /// Callers may presign the operation (`presigned`).
    presignable: bool,
    /// Outputs keep the extended request id (`RequestIdExt`).
    extended_request_id: bool,
    /// The output member that says whether more pages follow, beside the token.
    pages_flag: Option<&'static str>,
    /// The operation has no input, and its protocol sends no body for it.
    unit_input_without_body: bool,
}

fn operation(op: &Operation, customized: &Customized) -> proc_macro2::TokenStream {
    let op_name = &op.name;
    let endpoint_member = customized.endpoint_member;
    let unsigned = customized.unsigned.then(|| {
        quote!(
            const UNSIGNED: bool = true;
        )
    });
    // SigV4 alone is the trait's default.
    let auth = (!customized.unsigned && op.auth != [crate::normalize::AuthScheme::SigV4]).then(|| {
        let schemes = op.auth.iter().map(|scheme| match scheme {
            crate::normalize::AuthScheme::SigV4 => quote!(crate::rt::client::AuthScheme::SigV4),
            crate::normalize::AuthScheme::Bearer => quote!(crate::rt::client::AuthScheme::Bearer),
        });
        quote!(const AUTH: &'static [crate::rt::client::AuthScheme] = &[#(#schemes),*];)
    });
    let host_prefix = customized.host_prefix.as_ref().map(|p| quote!(const HOST_PREFIX: Option<&'static str> = Some(#p);));
    let endpoint_member = endpoint_member.map(|m| quote!(const ENDPOINT_MEMBER: Option<&'static str> = Some(#m);));
    let unit_input = customized.unit_input_without_body.then(|| {
        quote!(
            const UNIT_INPUT: bool = true;
        )
    });
    let unsupported = op.unsupported.as_ref().map(|why| quote!(const UNSUPPORTED: Option<&'static str> = Some(#why);));
    let compression = op.gzip.then(|| {
        quote!(
            const REQUEST_COMPRESSION: Option<crate::builder::Compress> = Some(crate::rt::gzip::compress);
        )
    });
    // The input's stream, moved out of it into the request body.
    let input_stream = op.input.fields.iter().find(|f| f.ty == RustType::Stream).map(|f| {
        let field = ident(&f.rust_name);
        let requires_length = op.requires_length.then(|| {
            quote!(
                const REQUIRES_LENGTH: bool = true;
            )
        });
        quote! {
            #requires_length
            fn take_body(&mut self) -> Option<crate::primitives::ByteStream> {
                Some(::std::mem::take(&mut self.#field))
            }
        }
    });
    // The input's event stream, moved out of it to be sent as the request body.
    let input_events = op.input.fields.iter().find(|f| matches!(f.ty, RustType::EventSender(_))).map(|f| {
        let field = ident(&f.rust_name);
        quote! {
            fn take_events(&mut self) -> Option<crate::rt::client::EventSource> {
                Some(::std::mem::take(&mut self.#field).into_source())
            }
        }
    });
    let body_digests = customized.body_digests.map(|f| {
        let f = ident(f);
        quote!(
            const BODY_DIGESTS: Option<crate::builder::BodyDigests> = Some(crate::rt::checksums::#f);
        )
    });
    let checksum = op.http_checksum.as_ref().map(|c| {
        let option = |value: &Option<String>| match value {
            Some(v) => quote!(Some(#v)),
            None => quote!(None),
        };
        let (algorithm_header, validation_header) = (option(&c.algorithm_header), option(&c.validation_header));
        let (required, algorithms) = (c.required, &c.response_algorithms);
        quote! {
            const CHECKSUM: Option<&'static crate::rt::operation::HttpChecksum> = Some(&crate::rt::operation::HttpChecksum {
                algorithm_header: #algorithm_header,
                required: #required,
                validation_header: #validation_header,
                response_algorithms: &[#(#algorithms),*],
                checksum_of: crate::rt::flexible_checksums::checksum,
                prepare: crate::rt::flexible_checksums::prepare,
                check_stream: crate::rt::flexible_checksums::check_stream,
                check_bytes: crate::rt::flexible_checksums::check_bytes,
            });
        }
    });
    let content_md5 = op.content_md5.then(|| {
        quote!(
            const CONTENT_MD5: Option<fn(&[u8]) -> String> = Some(crate::rt::checksums::content_md5);
        )
    });
    let endpoint_context = (!op.endpoint_context.is_empty()).then(|| {
        use crate::endpoints::Literal;
        use crate::normalize::ContextSource;
        let items = op.endpoint_context.iter().map(|c| {
            let param = c.param;
            let source = match &c.source {
                ContextSource::Static(Literal::Str(s)) => quote!(Str(#s)),
                ContextSource::Static(Literal::Bool(b)) => quote!(Bool(#b)),
                ContextSource::Static(Literal::StrArray(items)) => quote!(Strs(&[#(#items),*])),
                ContextSource::Member(m) => quote!(Member(#m)),
                ContextSource::Path(p) => {
                    let p = crate::jmespath::tokens(p);
                    quote!(Path(&#p))
                }
            };
            quote!(crate::rt::operation::ContextParam { param: #param, source: crate::rt::operation::ContextSource::#source })
        });
        quote!(const ENDPOINT_CONTEXT: &'static [crate::rt::operation::ContextParam] = &[#(#items),*];)
    });
    let route = op.http.as_ref().filter(|_| customized.http_bindings).map(|http| {
        use crate::normalize::PathSegment;
        let method = &http.method;
        let code = http.code;
        let path = http.path.iter().enumerate().map(|(i, s)| match s {
            PathSegment::Label { member, .. } if i == 0 && customized.label_in_endpoint.as_ref() == Some(member) => {
                quote!(crate::rt::operation::Segment::InEndpoint(#member))
            }
            PathSegment::Literal(text) => quote!(crate::rt::operation::Segment::Literal(#text)),
            PathSegment::Label { member, greedy } => match customized.label_defaults.iter().find(|(m, _)| m == member) {
                Some((_, default)) => quote!(crate::rt::operation::Segment::LabelOr(#member, #default)),
                None => match customized.trimmed_labels.iter().find(|(m, _)| m == member) {
                    Some((_, prefixes)) => quote!(crate::rt::operation::Segment::TrimmedLabel(#member, &[#(#prefixes),*])),
                    None => quote!(crate::rt::operation::Segment::Label(#member, #greedy)),
                },
            },
        });
        let query = http.query.iter().map(|(k, v)| match v {
            Some(v) => quote!((#k, Some(#v))),
            None => quote!((#k, None)),
        });
        quote! {
            const ROUTE: Option<&'static crate::rt::operation::Route> = Some(&crate::rt::operation::Route {
                method: #method, path: &[#(#path),*], query: &[#(#query),*], code: #code,
            });
        }
    });
    let waitable = !op.waiters.is_empty();
    let (input, input_builder) = io_structure(&op.input, false, waitable, false);
    let (output, output_builder) = io_structure(&op.output, true, waitable, customized.extended_request_id);
    let input_name = ident(&op.input.rust_name);
    let output_name = ident(&op.output.rust_name);
    let input_builder_name = ident(&format!("{}Builder", op.input.rust_name));
    let error = ident(&format!("{op_name}Error"));
    let fluent = ident(&format!("{op_name}FluentBuilder"));
    let paginator_module = op.pagination.as_ref().map(|p| paginator(op, p, customized.pages_flag));
    let into_paginator = op.pagination.as_ref().map(|_| {
        let p = ident(&format!("{}Paginator", naming::type_name(op_name)));
        quote! {
            impl #input_builder_name {
                /// Turns this call into a paginator that sends it page after page.
                pub fn into_paginator(self) -> super::paginator::#p {
                    super::paginator::#p::new(self)
                }
            }
        }
    });
    let presigned = customized.presignable.then(|| {
        quote! {
            impl #input_builder_name {
                /// The request this call would send, presigned: valid for the time `presigning_config`
                /// gives, for a program without credentials to send (the signature is in its query).
                pub async fn presigned(
                    self,
                    presigning_config: crate::presigning::PresigningConfig,
                ) -> Result<crate::presigning::PresignedRequest, crate::error::SdkError<super::#error, ::aws_smithy_runtime_api::client::orchestrator::HttpResponse>> {
                    crate::rt::presigning::presign(self, presigning_config).await
                }
            }
        }
    });
    let error_doc = format!(" The errors the `{op_name}` operation can return.");
    let error_enum = error_enum(&error, &error_doc, &op.errors, quote!(crate::rt::operation::fault));
    let fluent_doc = doc(op.docs.as_deref(), &format!("Calls the `{op_name}` operation."));
    let fluent_dep = deprecated(op.deprecated.as_deref());
    let output_type = &op.output.rust_name;
    let fluent_send_doc = format!(
        "\n The fluent builder `Client` methods return and the input builder are one type: set the input's members, then `send()`, which returns a [`{output_type}`](super::{output_type}) or an [`SdkError`](crate::error::SdkError) of [`{error}`](super::{error})."
    );
    quote! {
        #input
        #output
        #error_enum
        impl crate::builder::Operation for #input_name {
            const NAME: &'static str = #op_name;
            type Output = #output_name;
            type Error = #error;
            #host_prefix
            #endpoint_member
            #unsigned
            #auth
            #unit_input
            #unsupported
            #compression
            #endpoint_context
            #route
            #content_md5
            #checksum
            #body_digests
            #input_stream
            #input_events
        }
        /// Builders for this operation's input and output, and its fluent builder.
        pub mod builders {
            #input_builder
            #output_builder
            #fluent_doc
            ///
            #[doc = #fluent_send_doc]
            #fluent_dep
            pub type #fluent = #input_builder_name;
            #into_paginator
            #presigned
        }
        #paginator_module
    }
}

/// An error enum: a variant per modeled error (each selected by its code in `from_code`), and
/// `Unhandled` for the rest, with aws-sdk-*'s API. Operations have one, and so do event
/// streams (their errors are selected by member name).
/// An error enum: an operation's (`fault` reads its errors from error responses) or an event
/// stream's (`fault` reads them from exception messages).
pub(super) fn error_enum(
    error: &proc_macro2::Ident,
    error_doc: &str,
    errors: &[crate::normalize::ErrorRef],
    fault: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let variants = errors.iter().map(|e| {
        let v = ident(&e.rust_name);
        let d = format!(" The service returned `{}`.", e.code);
        quote! { #[doc = #d] #v(crate::types::error::#v), }
    });
    let meta_arms = errors.iter().map(|e| {
        let v = ident(&e.rust_name);
        quote!(Self::#v(e) => ::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(e),)
    });
    let predicates = errors.iter().map(|e| {
        let v = ident(&e.rust_name);
        let p = ident(&naming::predicate_name(&e.rust_name));
        let d = format!(" Whether this is a `{}` error.", e.rust_name);
        quote! {
            #[doc = #d]
            pub fn #p(&self) -> bool {
                matches!(self, Self::#v(_))
            }
        }
    });
    let source_arms = errors.iter().map(|e| {
        let v = ident(&e.rust_name);
        quote!(Self::#v(inner) => Some(inner),)
    });
    let display_arms = errors.iter().map(|e| {
        let v = ident(&e.rust_name);
        quote!(Self::#v(inner) => inner.fmt(f),)
    });
    let code_arms = errors.iter().map(|e| {
        let v = ident(&e.rust_name);
        let code = &e.code;
        quote!(#code => #fault(response, meta, Self::#v),)
    });
    let from_code = if errors.is_empty() {
        quote! {
            fn from_code(_code: &str, _response: &crate::rt::client::RawResponse, meta: ::aws_smithy_types::error::ErrorMetadata) -> Result<Self, crate::rt::DecodeError> {
                Ok(Self::generic(meta))
            }
        }
    } else {
        quote! {
            fn from_code(code: &str, response: &crate::rt::client::RawResponse, meta: ::aws_smithy_types::error::ErrorMetadata) -> Result<Self, crate::rt::DecodeError> {
                match code {
                    #( #code_arms )*
                    _ => Ok(Self::generic(meta)),
                }
            }
        }
    };
    quote! {
        #[doc = #error_doc]
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #error {
            #( #variants )*
            /// An error the model does not describe; inspect it with `.code()` and `.message()`.
            #[deprecated(note = "Matching `Unhandled` directly is not forwards compatible. Use a wildcard arm and `.code()`.")]
            Unhandled(crate::error::sealed_unhandled::Unhandled),
        }
        impl #error {
            /// An unhandled error wrapping `err`.
            pub fn unhandled(err: impl Into<::aws_smithy_runtime_api::box_error::BoxError>) -> Self {
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled { source: err.into(), meta: Default::default() })
            }
            /// An unhandled error with only metadata (code, message, request id).
            pub fn generic(meta: ::aws_smithy_types::error::ErrorMetadata) -> Self {
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled { source: meta.clone().into(), meta })
            }
            /// The error's metadata: code, message and request id.
            pub fn meta(&self) -> &::aws_smithy_types::error::ErrorMetadata {
                match self {
                    #( #meta_arms )*
                    Self::Unhandled(e) => &e.meta,
                }
            }
            #( #predicates )*
        }
        impl ::std::error::Error for #error {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( #source_arms )*
                    Self::Unhandled(inner) => Some(&*inner.source),
                }
            }
        }
        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( #display_arms )*
                    Self::Unhandled(_) => match self.meta().code() {
                        Some(code) => write!(f, "unhandled error ({code})"),
                        None => f.write_str("unhandled error"),
                    },
                }
            }
        }
        impl ::aws_smithy_types::error::metadata::ProvideErrorMetadata for #error {
            fn meta(&self) -> &::aws_smithy_types::error::ErrorMetadata {
                self.meta()
            }
        }
        impl ::aws_types::request_id::RequestId for #error {
            fn request_id(&self) -> Option<&str> {
                self.meta().request_id()
            }
        }
        impl ::aws_smithy_runtime_api::client::result::CreateUnhandledError for #error {
            fn create_unhandled_error(
                source: ::aws_smithy_runtime_api::box_error::BoxError,
                meta: Option<::aws_smithy_types::error::ErrorMetadata>,
            ) -> Self {
                Self::Unhandled(crate::error::sealed_unhandled::Unhandled { source, meta: meta.unwrap_or_default() })
            }
        }
        impl crate::rt::operation::OperationError for #error {
            #from_code
        }
    }
}
