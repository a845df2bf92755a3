//! `types`: the structures and enums operations exchange, with their builders.

use super::{codec_impls, debug_impl, deprecated, doc, format, getter, ident, slot_type, Files};
use crate::naming;
use crate::normalize::{Enum, Service, Structure};
use quote::quote;

pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let mut modules = Vec::new();
    let directions = super::Directions::of(service);
    let codec = |name: &String| (directions.written.contains(name), directions.read.contains(name));
    let structures = super::render_all(&service.structures, |s| {
        let (written, read) = codec(&s.rust_name);
        Ok((format!("src/types/_{}.rs", naming::snake_case(&s.rust_name)), format(std_safe(&s.rust_name, structure(s, written, read)))?))
    })?;
    files.extend(structures);
    let enums = super::render_all(&service.enums, |e| {
        Ok((format!("src/types/_{}.rs", naming::snake_case(&e.rust_name)), format(std_safe(&e.rust_name, enumeration(e)))?))
    })?;
    files.extend(enums);
    let unions = super::render_all(&service.unions, |u| {
        let stream = service.event_streams.iter().find(|s| s.union == u.rust_name);
        let mut tokens = union(u, codec(&u.rust_name));
        if stream.is_some() && directions.received_streams.contains(&u.rust_name) {
            tokens.extend(event_union(u));
        }
        if stream.is_some() && directions.sent_streams.contains(&u.rust_name) {
            tokens.extend(sent_event_union(u));
        }
        Ok((format!("src/types/_{}.rs", naming::snake_case(&u.rust_name)), format(std_safe(&u.rust_name, tokens))?))
    })?;
    files.extend(unions);
    for u in &service.unions {
        modules.push((format!("_{}", naming::snake_case(&u.rust_name)), u.rust_name.clone(), false));
    }
    for s in &service.structures {
        modules.push((format!("_{}", naming::snake_case(&s.rust_name)), s.rust_name.clone(), true));
    }
    for e in &service.enums {
        modules.push((format!("_{}", naming::snake_case(&e.rust_name)), e.rust_name.clone(), false));
    }
    modules.sort();
    let mods = modules.iter().map(|(m, _, _)| ident(m));
    let uses = modules.iter().map(|(m, t, _)| {
        let (m, t) = (ident(m), ident(t));
        quote!(pub use #m::#t;)
    });
    let builders = modules.iter().filter(|(_, _, b)| *b).map(|(m, t, _)| {
        let (m, b) = (ident(m), ident(&format!("{t}Builder")));
        quote!(pub use super::#m::#b;)
    });
    files.insert(
        "src/types.rs".into(),
        format(quote! {
            //! Data types used by operations: structures, enums and their builders.
            #( #uses )*
            /// Builders for the structures in [`types`](crate::types).
            pub mod builders {
                #( #builders )*
            }
            /// Errors that operations can return.
            pub mod error;
            #( mod #mods; )*
        })?,
    );
    Ok(())
}

/// The file of type `name`, with the std generic it shadows (if any) written by its full path.
fn std_safe(name: &str, tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    match naming::STD_GENERICS.iter().find(|(generic, _)| *generic == name) {
        Some((generic, path)) => super::qualify_std(tokens, generic, path),
        None => tokens,
    }
}

/// A structure, its getters, its builder and its codec impls.
pub(super) fn structure(s: &Structure, serialize: bool, decode: bool) -> proc_macro2::TokenStream {
    let name = ident(&s.rust_name);
    let builder = ident(&format!("{}Builder", s.rust_name));
    let docs = doc(s.docs.as_deref(), &format!("The `{}` structure.", s.name));
    let dep = deprecated(s.deprecated.as_deref());
    let fields = super::field_decls(&s.fields);
    let getters = s.fields.iter().map(getter);
    let (derive_debug, debug) = debug_impl(&name, &s.name, &s.fields, &[]);
    let default = super::default_impl(&name, &s.fields, &[]);
    let derive_default = if default.is_none() { quote!(Default,) } else { quote!() };
    let codec = codec_impls(&name, &s.schema, &s.fields, serialize, decode);
    let builder_tokens = super::plain_builder(
        s,
        &quote!(#name),
        &builder,
        &format!(" A builder for [`{}`].", s.rust_name),
        &format!(" Builds a [`{}`].", s.rust_name),
        &[],
    );
    let new_doc = format!(" A builder for [`{}`].", s.rust_name);
    quote! {
        #docs
        #dep
        #[non_exhaustive]
        #[derive(Clone, PartialEq, #derive_default #derive_debug)]
        pub struct #name {
            #( #fields )*
        }
        #default
        impl #name {
            #( #getters )*
            #[doc = #new_doc]
            pub fn builder() -> #builder {
                ::std::default::Default::default()
            }
        }
        #debug
        #builder_tokens
        #codec
    }
}

/// A union: a Rust enum with a variant per member and `Unknown` for members this crate
/// does not know, with `as_x`/`is_x` accessors and its codec impls.
fn union(u: &Structure, (written, read): (bool, bool)) -> proc_macro2::TokenStream {
    let name = ident(&u.rust_name);
    let docs = doc(u.docs.as_deref(), &format!("The `{}` union.", u.name));
    let dep = deprecated(u.deprecated.as_deref());
    let variant_names: Vec<_> = u.fields.iter().map(|f| ident(&naming::variant_name(&f.member_name))).collect();
    let variants = u.fields.iter().zip(&variant_names).map(|(f, v)| {
        let d = doc(f.docs.as_deref(), &format!("The `{}` member.", f.member_name));
        let dep = deprecated(f.deprecated.as_deref());
        let ty = slot_type(f);
        quote! { #d #dep #v(#ty), }
    });
    let accessors = u.fields.iter().zip(&variant_names).map(|(f, v)| {
        let bare = naming::union_accessor(&f.member_name);
        let bare = naming::bare(&bare);
        let (as_fn, is_fn) = (ident(&format!("as_{bare}")), ident(&format!("is_{bare}")));
        let ty = slot_type(f);
        let as_doc = format!(" The [`{v}`](Self::{v}) value, or `Err(self)` when the union holds another variant.");
        let is_doc = format!(" Whether this is a [`{v}`](Self::{v}).");
        quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> Result<&#ty, &Self> {
                if let Self::#v(value) = self { Ok(value) } else { Err(self) }
            }
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                self.#as_fn().is_ok()
            }
        }
    });
    let write_arms = variant_names.iter().enumerate().map(|(i, v)| quote!(Self::#v(value) => w.member(&members[#i], value),));
    let merge_arms = u.fields.iter().zip(&variant_names).enumerate().map(|(i, (f, v))| {
        if f.boxed {
            quote!(#i => Self::#v(Box::new(crate::rt::Decode::decode(d, member)?)),)
        } else {
            quote!(#i => Self::#v(crate::rt::Decode::decode(d, member)?),)
        }
    });
    let debug_arms = u.fields.iter().zip(&variant_names).map(|(f, v)| {
        let label = v.to_string();
        if f.sensitive {
            quote!(Self::#v(_) => f.debug_tuple(#label).field(&"*** Sensitive Data Redacted ***").finish(),)
        } else {
            quote!(Self::#v(value) => f.debug_tuple(#label).field(value).finish(),)
        }
    });
    let table = ident(&u.schema);
    let merge_field = read.then(|| {
        quote! {
            fn merge_field<D: crate::rt::Decoder>(&mut self, index: usize, member: &'static crate::rt::Member, d: &mut D) -> Result<(), crate::rt::DecodeError> {
                *self = match index {
                    #( #merge_arms )*
                    _ => return d.skip(),
                };
                Ok(())
            }
        }
    });
    let write_members = written.then(|| {
        quote! {
            fn write_members<W: crate::rt::Writer>(&self, w: &mut W) {
                let members = crate::schemas::#table.members;
                match self {
                    #( #write_arms )*
                    Self::Unknown => w.fail(crate::rt::codec::unknown_variant(&crate::schemas::#table)),
                }
            }
        }
    });
    quote! {
        #docs
        #dep
        #[non_exhaustive]
        #[derive(Clone, PartialEq)]
        pub enum #name {
            #( #variants )*
            /// A member this version of the crate does not know, which the service sent.
            /// It cannot be sent back: upgrade the crate to use it.
            #[non_exhaustive]
            Unknown,
        }
        impl #name {
            #( #accessors )*
            /// Whether this is a member this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown)
            }
        }
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( #debug_arms )*
                    Self::Unknown => f.write_str("Unknown"),
                }
            }
        }
        impl crate::rt::StructValue for #name {
            fn schema(&self) -> &'static crate::rt::StructSchema {
                &crate::schemas::#table
            }
            #merge_field
            #write_members
        }
        impl crate::rt::Decode for #name {
            fn decode<D: crate::rt::Decoder>(d: &mut D, _: &'static crate::rt::Member) -> Result<Self, crate::rt::DecodeError> {
                crate::rt::codec::decode_union(d, Self::Unknown)
            }
        }
    }
}

/// How an event stream's messages become its events: each event is the member its
/// `:event-type` names, read by the protocol as a response is (the message's headers and
/// payload standing for the response's); a type the crate does not know is `Unknown`.
fn event_union(u: &Structure) -> proc_macro2::TokenStream {
    let name = ident(&u.rust_name);
    let error = ident(&format!("{}Error", u.rust_name));
    let arms = u.fields.iter().map(|f| {
        let (kind, v) = (&f.member_name, ident(&naming::variant_name(&f.member_name)));
        quote!(#kind => crate::rt::event_stream::event(message, Self::#v),)
    });
    quote! {
        impl crate::rt::event_stream::EventUnion for #name {
            type Error = crate::types::error::#error;
            fn event(kind: &str, message: &crate::rt::client::RawResponse) -> Result<Self, crate::rt::DecodeError> {
                match kind {
                    #( #arms )*
                    _ => Ok(Self::Unknown),
                }
            }
        }
    }
}

/// How the events of a stream an input sends become messages: each is written by the
/// protocol as a request is, under its member's name (`:event-type`).
fn sent_event_union(u: &Structure) -> proc_macro2::TokenStream {
    let name = ident(&u.rust_name);
    let arms = u.fields.iter().map(|f| {
        let (kind, v) = (&f.member_name, ident(&naming::variant_name(&f.member_name)));
        quote!(Self::#v(event) => crate::rt::event_sender::event_message(#kind, event),)
    });
    quote! {
        impl crate::rt::event_sender::SendEvent for #name {
            fn message(&self) -> Result<crate::primitives::event_stream::Message, ::aws_smithy_types::error::operation::BuildError> {
                match self {
                    #( #arms )*
                    Self::Unknown => Err(::aws_smithy_types::error::operation::BuildError::other("the Unknown variant of an event stream cannot be sent")),
                }
            }
        }
    }
}

fn enumeration(e: &Enum) -> proc_macro2::TokenStream {
    let name = ident(&e.rust_name);
    let docs = doc(e.docs.as_deref(), &format!("The `{}` enum.", e.name));
    let dep = deprecated(e.deprecated.as_deref());
    let variants = e.variants.iter().map(|(v, value, d)| {
        let v = ident(v);
        let d = doc(d.as_deref(), &format!("`{value}`"));
        quote! { #d #v, }
    });
    let from_arms = e.variants.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(#value => Self::#v,)
    });
    let as_str_arms = e.variants.iter().map(|(v, value, _)| {
        let v = ident(v);
        quote!(Self::#v => #value,)
    });
    let values = e.variants.iter().map(|(_, value, _)| value);
    quote! {
        #docs
        #dep
        ///
        /// Values this version of the crate does not know are kept in `Unknown`, so that a
        /// newer service never breaks an older client. Match with a wildcard arm.
        #[non_exhaustive]
        #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        pub enum #name {
            #( #variants )*
            /// A value this version of the crate does not know.
            #[deprecated(note = "Don't directly match on `Unknown`. Use a wildcard arm and `as_str()`.")]
            Unknown(crate::primitives::sealed_enum_unknown::UnknownVariantValue),
        }
        impl From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #( #from_arms )*
                    other => Self::Unknown(crate::primitives::sealed_enum_unknown::UnknownVariantValue(other.to_owned())),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #as_str_arms )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [&'static str] {
                &[#( #values ),*]
            }
        }
        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl crate::rt::Value for #name {
            fn write<W: crate::rt::Writer>(&self, member: &'static crate::rt::Member, w: &mut W) -> crate::rt::WriteResult {
                w.string(member, self.as_str())
            }
        }
        impl crate::rt::Decode for #name {
            fn decode<D: crate::rt::Decoder>(d: &mut D, _: &'static crate::rt::Member) -> Result<Self, crate::rt::DecodeError> {
                Ok(Self::from(d.text()?.as_ref()))
            }
        }
        impl crate::rt::codec::MapKey for #name {
            fn key(&self) -> &str {
                self.as_str()
            }
            fn from_key(key: String) -> Self {
                Self::from(key.as_str())
            }
        }
    }
}
