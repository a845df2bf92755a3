//! `schemas`: one static table per structure, list and map, walked by the runtime codecs.

use super::{format, ident, Files};
use crate::normalize::{Field, RustType, SchemaRef, Service, Structure};
use crate::protocol::Protocol;
use quote::quote;

pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let mut items = Vec::new();
    let structures = service
        .operations
        .iter()
        .flat_map(|op| [&op.input, &op.output])
        .chain(&service.structures)
        .chain(&service.unions)
        .chain(&service.errors);
    let protocol = &*service.protocol;
    for s in structures {
        items.push(structure(s, protocol));
    }
    for c in &service.collections {
        let name = ident(&c.schema);
        let doc = format!(" `{}`", c.name);
        let sparse = c.sparse;
        let item = if c.is_map {
            let (k, v) = (member(&c.members[0], protocol), member(&c.members[1], protocol));
            quote! { #[doc = #doc] pub(crate) static #name: Schema = Schema::Map(MapSchema { key: #k, value: #v, sparse: #sparse }); }
        } else {
            let m = member(&c.members[0], protocol);
            quote! { #[doc = #doc] pub(crate) static #name: Schema = Schema::List(ListSchema { member: #m, sparse: #sparse }); }
        };
        items.push(item);
    }
    // Import only what the tables use, so the file compiles without warnings.
    let body = quote!(#( #items )*);
    let text = body.to_string();
    let used = ["ListSchema", "MapSchema", "Member", "Schema", "StructSchema", "DATE_TIME", "EPOCH_SECONDS", "HTTP_DATE", "SCALAR"]
        .into_iter()
        .filter(|name| text.split(|c: char| !c.is_alphanumeric() && c != '_').any(|word| word == *name))
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

fn structure(s: &Structure, protocol: &dyn Protocol) -> proc_macro2::TokenStream {
    let name = ident(&s.schema);
    let as_schema = ident(&format!("{}__SCHEMA", s.schema));
    let shape = &s.name;
    let members = s.fields.iter().map(|f| member(f, protocol));
    let doc = format!(" `{shape}`");
    quote! {
        #[doc = #doc]
        pub(crate) static #name: StructSchema = StructSchema { name: #shape, members: &[#( #members ),*] };
        pub(crate) static #as_schema: Schema = Schema::Struct(&#name);
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

fn member(f: &Field, protocol: &dyn Protocol) -> proc_macro2::TokenStream {
    let name = &f.member_name;
    let target = match &f.schema {
        SchemaRef::Scalar => quote!(&SCALAR),
        SchemaRef::Timestamp => {
            let format = ident(protocol.timestamp_format(f));
            quote!(&#format)
        }
        SchemaRef::Table(table) => {
            // Structures and unions are referenced through their `Schema::Struct` wrapper,
            // `X__SCHEMA`: no shape's own table has a double underscore (`XSchema` is `X_SCHEMA`).
            let is_struct = matches!(f.ty, RustType::Struct(_) | RustType::Union(_) | RustType::Error(_));
            let table = ident(&if is_struct { format!("{table}__SCHEMA") } else { table.clone() });
            quote!(&#table)
        }
    };
    let mut tokens = quote!(Member::of(#name, #target));
    // Stored percent-encoded, so that the serializer copies keys as they are.
    let query_name = percent_encode(&protocol.query_name(f));
    if query_name != *name {
        let q = &query_name;
        tokens = quote!(#tokens.query(#q));
    }
    let xml_name = protocol.xml_name(f);
    if xml_name != *name {
        let x = &xml_name;
        tokens = quote!(#tokens.xml(#x));
    }
    if protocol.flattened(f) {
        tokens = quote!(#tokens.flattened());
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
