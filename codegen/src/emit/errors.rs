//! `types::error`: the modeled errors; `Error`: every error of the service in one enum.

use super::{codec_impls, debug_impl, deprecated, doc, format, getter, ident, setters, Files};
use crate::normalize::{RustType, Service, Structure};
use quote::quote;

pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let mut modules = Vec::new();
    let written = super::Directions::of(service).written;
    let rendered = super::render_all(&service.errors, |e| {
        Ok((format!("src/types/error/_{}.rs", crate::naming::snake_case(&e.rust_name)), format(fault(e, written.contains(&e.rust_name)))?))
    })?;
    files.extend(rendered);
    for e in &service.errors {
        modules.push((format!("_{}", crate::naming::snake_case(&e.rust_name)), e.rust_name.clone()));
    }
    let mods = modules.iter().map(|(m, _)| ident(m));
    let uses = modules.iter().map(|(m, t)| {
        let (m, t) = (ident(m), ident(t));
        quote!(pub use #m::#t;)
    });
    let builders = modules.iter().map(|(m, t)| {
        let (m, b) = (ident(m), ident(&format!("{t}Builder")));
        quote!(pub use super::#m::#b;)
    });
    // Each event stream's errors, in one enum as an operation's are.
    let directions = super::Directions::of(service);
    let stream_errors = service.event_streams.iter().map(|stream| {
        let error = ident(&format!("{}Error", stream.union));
        let doc = format!(" The errors the `{}` event stream can carry.", stream.union);
        let mut tokens = super::operations::error_enum(&error, &doc, &stream.errors, quote!(crate::rt::event_stream::fault));
        if directions.sent_streams.contains(&stream.union) {
            // The caller's errors go as the stream's exceptions, by member name.
            let arms = stream.errors.iter().map(|e| {
                let (v, kind) = (ident(&e.rust_name), &e.code);
                quote!(Self::#v(error) => crate::rt::event_sender::exception_message(#kind, error),)
            });
            tokens.extend(quote! {
                impl crate::rt::event_sender::SendEvent for #error {
                    fn message(&self) -> Result<crate::primitives::event_stream::Message, ::aws_smithy_types::error::operation::BuildError> {
                        #[allow(deprecated)]
                        match self {
                            #( #arms )*
                            Self::Unhandled(_) => Err(::aws_smithy_types::error::operation::BuildError::other("an unhandled error cannot be sent in an event stream")),
                        }
                    }
                }
            });
        }
        tokens
    });
    files.insert(
        "src/types/error.rs".into(),
        format(quote! {
            #( #stream_errors )*
            #( #uses )*
            /// Builders for the modeled errors.
            pub mod builders {
                #( #builders )*
            }
            #( mod #mods; )*
        })?,
    );
    files.insert("src/error_meta.rs".into(), format(service_error(service))?);
    Ok(())
}

/// A modeled error; `written` when an input's event stream sends it.
fn fault(s: &Structure, written: bool) -> proc_macro2::TokenStream {
    let name = ident(&s.rust_name);
    let builder = ident(&format!("{}Builder", s.rust_name));
    let docs = doc(s.docs.as_deref(), &format!("The `{}` error.", s.name));
    let dep = deprecated(s.deprecated.as_deref());
    let fields = super::field_decls(&s.fields);
    let getters = s.fields.iter().filter(|f| f.rust_name != "message").map(getter);
    let builder_methods = s.fields.iter().map(|f| setters(f, super::Setters::Wrapped));
    let message_field = s.fields.iter().find(|f| f.rust_name == "message" && f.ty == RustType::String);
    // As aws-sdk-*: the shape's name follows only where the Rust name differs from it.
    let label = if s.rust_name == s.name { s.rust_name.clone() } else { format!("{} [{}]", s.rust_name, s.name) };
    let (display_message, fill_message, message_getter) = match message_field {
        Some(_) => (
            quote! {
                if let Some(message) = &self.message {
                    write!(f, ": {message}")?;
                }
            },
            quote! {
                if self.message.is_none() {
                    self.message = meta.message().map(str::to_owned);
                }
            },
            quote! {
                /// The error message the service returned.
                pub fn message(&self) -> Option<&str> {
                    self.message.as_deref()
                }
            },
        ),
        None => (
            quote! {
                if let Some(message) = self.meta.message() {
                    write!(f, ": {message}")?;
                }
            },
            quote!(),
            quote!(),
        ),
    };
    let (derive_debug, debug) = debug_impl(&name, &s.name, &s.fields, &["meta"]);
    let codec = codec_impls(&name, &s.schema, &s.fields, written, true);
    let code = s.error_code.clone().unwrap_or_default();
    let code_doc = format!(" Error code `{code}`.");
    let new_doc = format!(" A builder for [`{}`].", s.rust_name);
    quote! {
        #docs
        ///
        #[doc = #code_doc]
        #dep
        #[non_exhaustive]
        #[derive(Clone, PartialEq, Default, #derive_debug)]
        pub struct #name {
            #( #fields )*
            pub(crate) meta: ::aws_smithy_types::error::ErrorMetadata,
        }
        impl #name {
            #message_getter
            #( #getters )*
            #[doc = #new_doc]
            pub fn builder() -> crate::types::error::builders::#builder {
                ::std::default::Default::default()
            }
        }
        #debug
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#label)?;
                #display_message
                Ok(())
            }
        }
        impl ::std::error::Error for #name {}
        impl ::aws_smithy_types::error::metadata::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::aws_smithy_types::error::ErrorMetadata {
                &self.meta
            }
        }
        impl ::aws_types::request_id::RequestId for #name {
            fn request_id(&self) -> Option<&str> {
                self.meta.request_id()
            }
        }
        impl crate::rt::operation::Fault for #name {
            fn set_meta(&mut self, meta: ::aws_smithy_types::error::ErrorMetadata) {
                #fill_message
                self.meta = meta;
            }
        }
        #[doc = #new_doc]
        pub type #builder = crate::builder::Builder<#name>;
        impl #builder {
            #( #builder_methods )*
            /// Sets the error metadata (code, message, request id).
            pub fn meta(mut self, meta: ::aws_smithy_types::error::ErrorMetadata) -> Self {
                self.inner.meta = meta;
                self
            }
            /// Sets or clears the error metadata.
            pub fn set_meta(&mut self, meta: Option<::aws_smithy_types::error::ErrorMetadata>) -> &mut Self {
                self.inner.meta = meta.unwrap_or_default();
                self
            }
        }
        #codec
    }
}

/// The service-wide `Error`: every modeled error, for code that calls many operations.
fn service_error(service: &Service) -> proc_macro2::TokenStream {
    let variants = service.errors.iter().map(|e| {
        let v = ident(&e.rust_name);
        let d = doc(e.docs.as_deref(), &format!("The `{}` error.", e.name));
        quote! { #d #v(crate::types::error::#v), }
    });
    let all = || service.errors.iter().map(|e| ident(&e.rust_name));
    let display_arms = all().map(|v| quote!(Error::#v(inner) => inner.fmt(f),));
    let meta_arms = all().map(|v| quote!(Self::#v(inner) => inner.meta(),));
    let source_arms = all().map(|v| quote!(Error::#v(inner) => ::std::error::Error::source(inner),));
    let conversions = service.operations.iter().map(|op| {
        let module = ident(&op.fn_name);
        let error = ident(&format!("{}Error", op.name));
        let arms = op.errors.iter().map(|e| {
            let v = ident(&e.rust_name);
            quote!(crate::operation::#module::#error::#v(inner) => Error::#v(inner),)
        });
        quote! {
            impl From<crate::operation::#module::#error> for Error {
                fn from(err: crate::operation::#module::#error) -> Self {
                    match err {
                        #( #arms )*
                        crate::operation::#module::#error::Unhandled(inner) => Error::Unhandled(inner),
                    }
                }
            }
        }
    });
    quote! {
        /// Every error the service can return, for code that calls many operations and
        /// wants one error type (`?` converts an operation's `SdkError` into it).
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum Error {
            #( #variants )*
            /// An error the model does not describe; inspect it with `.code()` and `.message()`.
            #[deprecated(note = "Matching `Unhandled` directly is not forwards compatible. Use a wildcard arm and `.code()`.")]
            Unhandled(crate::error::sealed_unhandled::Unhandled),
        }
        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( #display_arms )*
                    Error::Unhandled(_) => match ::aws_smithy_types::error::metadata::ProvideErrorMetadata::code(self) {
                        Some(code) => write!(f, "unhandled error ({code})"),
                        None => f.write_str("unhandled error"),
                    },
                }
            }
        }
        impl ::std::error::Error for Error {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( #source_arms )*
                    Error::Unhandled(inner) => Some(&*inner.source),
                }
            }
        }
        impl ::aws_smithy_types::error::metadata::ProvideErrorMetadata for Error {
            fn meta(&self) -> &::aws_smithy_types::error::ErrorMetadata {
                match self {
                    #( #meta_arms )*
                    Self::Unhandled(inner) => &inner.meta,
                }
            }
        }
        impl ::aws_types::request_id::RequestId for Error {
            fn request_id(&self) -> Option<&str> {
                ::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(self).request_id()
            }
        }
        // One generic conversion for every operation's `SdkError` (rather than one impl per
        // operation, which costs the compiler a pairwise overlap check between them all).
        impl<E, R> From<::aws_smithy_runtime_api::client::result::SdkError<E, R>> for Error
        where
            E: Into<Error> + ::aws_smithy_types::error::metadata::ProvideErrorMetadata + ::std::error::Error + Send + Sync + 'static,
            R: Send + Sync + ::std::fmt::Debug + 'static,
        {
            fn from(err: ::aws_smithy_runtime_api::client::result::SdkError<E, R>) -> Self {
                match err {
                    ::aws_smithy_runtime_api::client::result::SdkError::ServiceError(context) => context.into_err().into(),
                    _ => Error::Unhandled(crate::error::sealed_unhandled::Unhandled {
                        meta: ::aws_smithy_types::error::metadata::ProvideErrorMetadata::meta(&err).clone(),
                        source: err.into(),
                    }),
                }
            }
        }
        #( #conversions )*
    }
}
