//! `schemas`: one static table per structure, list and map, walked by the runtime codecs.

use super::{format, ident, Files};
use crate::naming;
use crate::normalize::{DefaultValue, Field, HttpBinding, Presence, RustType, SchemaRef, Service, Structure};
use crate::protocol::Protocol;
use quote::quote;
use std::collections::BTreeSet;

pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let mut items = Vec::new();
    let protocol = &*service.protocol;
    // Inputs, outputs and errors are what HTTP binding traits bind (REST protocols).
    let binding = |role| protocol.http_bindings().then_some(Binding { service, role });
    let events_errors: std::collections::BTreeSet<&str> =
        service.event_streams.iter().flat_map(|stream| stream.errors.iter().map(|e| e.rust_name.as_str())).collect();
    for op in &service.operations {
        items.push(structure(&op.input, service, binding(Role::Request)));
        items.push(structure(&op.output, service, binding(Role::Response)));
    }
    for s in &service.errors {
        // An event stream's errors are read from its messages, with their bindings.
        let role = match events_errors.contains(s.rust_name.as_str()) {
            true => Some(Binding { service, role: Role::Response }),
            false => binding(Role::Response),
        };
        items.push(structure(s, service, role));
    }
    // Events bind `@eventHeader` and `@eventPayload` members to their message as responses do.
    let events: std::collections::BTreeSet<&str> = service
        .event_streams
        .iter()
        .filter_map(|stream| service.unions.iter().find(|u| u.rust_name == stream.union))
        .flat_map(|u| &u.fields)
        .filter_map(|f| match &f.ty {
            RustType::Struct(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    // In every protocol: RPC protocols carry events in messages as REST protocols do.
    for s in service.structures.iter().chain(&service.unions) {
        let event_binding = events.contains(s.rust_name.as_str()).then_some(Binding { service, role: Role::Response });
        items.push(structure(s, service, event_binding));
    }
    for c in &service.collections {
        let name = ident(&c.schema);
        let doc = format!(" `{}`", c.name);
        let sparse = c.sparse;
        let item = if c.is_map {
            let (k, v) = (member(&c.members[0], protocol, None), member(&c.members[1], protocol, None));
            quote! { #[doc = #doc] pub(crate) static #name: Schema = Schema::Map(MapSchema { key: #k, value: #v, sparse: #sparse }); }
        } else {
            let m = member(&c.members[0], protocol, None);
            quote! { #[doc = #doc] pub(crate) static #name: Schema = Schema::List(ListSchema { member: #m, sparse: #sparse }); }
        };
        items.push(item);
    }
    // Import only what the tables use, so the file compiles without warnings: the names
    // among their identifiers (not in their strings: a shape may be named `Location`).
    let body = quote!(#( #items )*);
    let mut idents = BTreeSet::new();
    collect_idents(body.clone(), &mut idents);
    let used = ["ListSchema", "Location", "MapSchema", "Member", "Schema", "StructSchema"]
        .into_iter()
        .chain(naming::RUNTIME_TABLES.iter().copied())
        .filter(|name| idents.contains(*name))
        .map(ident);
    files.insert(
        "src/schemas.rs".into(),
        format(quote! {
            //! Schema tables: how each structure, list and map is named on the wire.
            #![allow(dead_code)]
            use crate::rt::schema::{#( #used ),*};
            #body
        })?,
    );
    Ok(())
}

/// Every identifier in `tokens`, however deeply grouped.
fn collect_idents(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                out.insert(ident.to_string());
            }
            proc_macro2::TokenTree::Group(group) => collect_idents(group.stream(), out),
            _ => {}
        }
    }
}

/// How a structure's members are bound to HTTP messages.
#[derive(Clone, Copy)]
struct Binding<'s> {
    service: &'s Service,
    role: Role,
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Request,
    Response,
}

/// A structure's table; `binding` when its members' HTTP bindings count.
fn structure(s: &Structure, service: &Service, binding: Option<Binding>) -> proc_macro2::TokenStream {
    let protocol = &*service.protocol;
    let name = ident(&s.schema);
    let shape = protocol.table_name(s);
    let xmlns = match protocol.table_xmlns(s, service.xml_namespace.as_deref()) {
        Some(xmlns) => quote!(Some(#xmlns)),
        None => quote!(None),
    };
    let members = s.fields.iter().map(|f| member(f, protocol, binding));
    let doc = format!(" `{}`", s.name);
    quote! {
        #[doc = #doc]
        pub(crate) static #name: StructSchema = StructSchema { name: #shape, members: &[#( #members ),*], xmlns: #xmlns };
    }
}

/// `text` with everything but RFC 3986's unreserved characters percent-encoded, as form
/// bodies carry it.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn member(f: &Field, protocol: &dyn Protocol, binding: Option<Binding>) -> proc_macro2::TokenStream {
    let name = &f.member_name;
    let unbound;
    // Members of structures that are not bound keep everything in the body, as do members
    // bound where the message cannot carry them (a query parameter in a response).
    let applies = !matches!(
        (&f.http, binding.map(|b| b.role)),
        (_, None)
            | (HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams, Some(Role::Response))
            | (HttpBinding::ResponseCode, Some(Role::Request))
    );
    let f = if applies || f.http == HttpBinding::Body {
        f
    } else {
        unbound = Field { http: HttpBinding::Body, ..f.clone() };
        &unbound
    };
    let target = match &f.schema {
        SchemaRef::Scalar => quote!(&SCALAR),
        SchemaRef::Stream => quote!(&STREAM),
        SchemaRef::Timestamp => {
            let format = ident(protocol.timestamp_format(f));
            quote!(&#format)
        }
        SchemaRef::Table(table) => {
            // A structure or union is wrapped where it is referenced: a constant the compiler
            // promotes, cheaper to build than a static of its own per structure.
            let table = ident(table);
            match f.ty {
                RustType::Struct(_) | RustType::Union(_) | RustType::Error(_) => quote!(&Schema::Struct(&#table)),
                _ => quote!(&#table),
            }
        }
    };
    let mut tokens = quote!(Member::of(#name, #target));
    // Stored percent-encoded, so that the serializer copies keys as they are.
    let query_name = percent_encode(&protocol.query_name(f));
    if query_name != *name {
        let q = &query_name;
        tokens = quote!(#tokens.query(#q));
    }
    let body_name = protocol.body_name(f);
    if body_name != *name {
        let x = &body_name;
        tokens = quote!(#tokens.body_name(#x));
    }
    if protocol.flattened(f) {
        tokens = quote!(#tokens.flattened());
    }
    if protocol.xml_member_traits() {
        if f.xml_attribute {
            tokens = quote!(#tokens.attribute());
        }
        if let Some(xmlns) = &f.xml_namespace {
            tokens = quote!(#tokens.xmlns(#xmlns));
        }
    }
    if f.required {
        tokens = quote!(#tokens.required());
    }
    if f.idempotency_token {
        tokens = quote!(#tokens.idempotency_token());
    }
    if f.sensitive {
        tokens = quote!(#tokens.sensitive());
    }
    if f.lenient {
        tokens = quote!(#tokens.lenient());
    }
    // aws-sdk-* leaves out members that default to `false` or zero when they hold it
    // (unless they are required); here, in the protocols where no compliance case objects.
    let zero_default = matches!(
        &f.presence,
        Presence::Default(DefaultValue::Bool(false) | DefaultValue::Int(0)) | Presence::Default(DefaultValue::Float(0.0))
    );
    if zero_default && !f.required && protocol.omits_zero_defaults() {
        tokens = quote!(#tokens.skip_zero());
    }
    match binding {
        Some(binding) => tokens = bound(tokens, f, protocol, binding.service),
        // An RPC input's or output's event stream is not in its document: it is the body.
        None if f.schema == SchemaRef::Stream => tokens = quote!(#tokens.at(Location::Payload(false))),
        None => {}
    }
    tokens
}

/// `tokens` with the member's HTTP binding: its location, media type, and the format of
/// the timestamps of a list bound outside the body.
fn bound(mut tokens: proc_macro2::TokenStream, f: &Field, protocol: &dyn Protocol, service: &Service) -> proc_macro2::TokenStream {
    let location = match &f.http {
        HttpBinding::Body => None,
        HttpBinding::Label => Some(quote!(Label)),
        HttpBinding::Query(key) => Some(quote!(Query(#key))),
        HttpBinding::QueryParams => Some(quote!(QueryParams)),
        HttpBinding::Header(name) => Some(quote!(Header(#name))),
        HttpBinding::PrefixHeaders(prefix) => Some(quote!(PrefixHeaders(#prefix))),
        // An unset structure is sent as an empty document; other unset payloads as nothing.
        HttpBinding::Payload => {
            let empty_document = matches!(f.ty, RustType::Struct(_));
            Some(quote!(Payload(#empty_document)))
        }
        HttpBinding::ResponseCode => Some(quote!(ResponseCode)),
        HttpBinding::Unwrapped => Some(quote!(Unwrapped)),
    };
    if let Some(location) = location {
        tokens = quote!(#tokens.at(Location::#location));
    }
    // An XML payload structure is the document's root: named by the member's `@xmlName`,
    // else as its structure is.
    if let (HttpBinding::Payload, RustType::Struct(target) | RustType::Union(target), None, true) =
        (&f.http, &f.ty, &f.xml_name, protocol.uses_xml())
    {
        let structure = service.structures.iter().chain(&service.unions).find(|s| s.rust_name == *target);
        if let Some(root) = structure.map(|s| protocol.table_name(s)) {
            tokens = quote!(#tokens.body_name(#root));
        }
    }
    if let Some(media_type) = &f.media_type {
        tokens = quote!(#tokens.media_type(#media_type));
    }
    let list_item = match (&f.ty, &f.schema) {
        (RustType::List(_), SchemaRef::Table(table)) => {
            service.collections.iter().find(|c| !c.is_map && c.schema == *table).map(|c| &c.members[0])
        }
        _ => None,
    };
    if let Some(item) =
        list_item.filter(|item| item.schema == SchemaRef::Timestamp && !matches!(f.http, HttpBinding::Body | HttpBinding::Payload))
    {
        let format = match item.timestamp_format.as_deref() {
            Some(_) => protocol.timestamp_format(item),
            None => protocol.default_format_at(&f.http),
        };
        let format = ident(match format {
            "HTTP_DATE" => "HttpDate",
            "EPOCH_SECONDS" => "EpochSeconds",
            _ => "DateTime",
        });
        tokens = quote!(#tokens.item_format(aws_smithy_types::date_time::Format::#format));
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn query_names_are_stored_percent_encoded() {
        assert_eq!(percent_encode("DBInstanceIdentifier"), "DBInstanceIdentifier");
        assert_eq!(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(percent_encode("ns:Name"), "ns%3AName");
        assert_eq!(percent_encode("a b/é"), "a%20b%2F%C3%A9");
    }
}
