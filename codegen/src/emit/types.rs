//! `types`: the structures and enums operations exchange, with their builders.

use super::{codec_impls, debug_impl, deprecated, doc, format, getter, ident, Files};
use crate::normalize::{Enum, Service, Structure};
use heck::ToSnakeCase;
use quote::quote;

pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let mut modules = Vec::new();
    let structures = super::render_all(&service.structures, |s| {
        Ok((format!("src/types/_{}.rs", s.rust_name.to_snake_case()), format(structure(s, true, true))?))
    })?;
    files.extend(structures);
    let enums = super::render_all(&service.enums, |e| {
        Ok((format!("src/types/_{}.rs", e.rust_name.to_snake_case()), format(enumeration(e))?))
    })?;
    files.extend(enums);
    for s in &service.structures {
        modules.push((format!("_{}", s.rust_name.to_snake_case()), s.rust_name.clone(), true));
    }
    for e in &service.enums {
        modules.push((format!("_{}", e.rust_name.to_snake_case()), e.rust_name.clone(), false));
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
    let builder_tokens = super::plain_builder(s, &quote!(#name), &builder, &format!(" A builder for [`{}`].", s.rust_name), &format!(" Builds a [`{}`].", s.rust_name), &[]);
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
                #builder::default()
            }
        }
        #debug
        #builder_tokens
        #codec
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
            fn value(&self) -> crate::rt::ValueRef<'_> {
                crate::rt::ValueRef::Str(self.as_str())
            }
        }
        impl crate::rt::Decode for #name {
            fn decode(d: &mut dyn crate::rt::Decoder, _: &'static crate::rt::Member) -> Result<Self, crate::rt::DecodeError> {
                Ok(Self::from(d.text()?.as_ref()))
            }
        }
    }
}
