//! Paginators: a stream of pages that feeds each page's next token into the next request,
//! and a stream of the items on those pages.

use super::builder::Operation;
use super::client::Handle;
use super::operation::{invoke, OperationError, Output};
use super::StructValue;
use aws_smithy_async::future::pagination_stream::fn_stream::FnStream;
use aws_smithy_async::future::pagination_stream::{PaginationStream, TryFlatMap};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::operation::BuildError;
use std::sync::Arc;

/// Where an operation keeps its pagination token, in its input and its output.
pub(crate) struct Tokens<I, O, T> {
    pub input: fn(&mut I) -> &mut Option<T>,
    pub output: fn(&O) -> Option<&T>,
    /// Whether more pages follow this one, where the output says so besides its token
    /// (a customization: S3's `ListParts` answers a marker on its last page too).
    pub more: fn(&O) -> bool,
}

/// A pagination token: a string, or a map (DynamoDB's `ExclusiveStartKey`). An empty one
/// ends the pages as a missing one does.
pub(crate) trait Token: Clone + PartialEq + Send + 'static {
    fn is_empty(&self) -> bool;
}

impl Token for String {
    #[cfg_attr(debug_assertions, inline)]
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
}

impl<V: Clone + PartialEq + Send + 'static> Token for std::collections::HashMap<String, V> {
    #[cfg_attr(debug_assertions, inline)]
    fn is_empty(&self) -> bool {
        std::collections::HashMap::is_empty(self)
    }
}

/// Sends `input`, then again with each page's token, until a page has none. With
/// `stop_on_duplicate_token`, a token equal to the one just sent also ends the stream.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn pages<I, O, E, T: Token>(
    handle: Result<Arc<Handle>, BuildError>,
    input: Result<I, BuildError>,
    tokens: Tokens<I, O, T>,
    stop_on_duplicate_token: bool,
) -> PaginationStream<Result<O, SdkError<E, HttpResponse>>>
where
    I: Operation<Output = O, Error = E> + StructValue + Send + 'static,
    O: Output + Send + 'static,
    E: OperationError + std::error::Error + Send + Sync + 'static,
{
    PaginationStream::new(FnStream::new(move |tx| {
        Box::pin(async move {
            let (handle, mut input) = match handle.and_then(|handle| Ok((handle, input?))) {
                Ok(ready) => ready,
                Err(e) => {
                    let _ = tx.send(Err(SdkError::construction_failure(e))).await;
                    return;
                }
            };
            loop {
                let page = invoke::<I>(&handle, &mut input).await;
                let done = match &page {
                    Ok(output) => {
                        let next = (tokens.output)(output);
                        let sent = (tokens.input)(&mut input);
                        let empty = next.is_none_or(|t| t.is_empty()) || !(tokens.more)(output);
                        if !empty && stop_on_duplicate_token && next == sent.as_ref() {
                            true
                        } else {
                            *sent = next.cloned();
                            empty
                        }
                    }
                    Err(_) => true,
                };
                if tx.send(page).await.is_err() || done {
                    return;
                }
            }
        })
    }))
}

/// The items of every page, in order; an error ends the stream after it is yielded.
#[cfg_attr(debug_assertions, inline)]
pub(crate) fn items<O, T, E>(pages: PaginationStream<Result<O, E>>, items: fn(O) -> Option<Vec<T>>) -> PaginationStream<Result<T, E>>
where
    O: Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    TryFlatMap::new(pages).flat_map(move |page| items(page).unwrap_or_default())
}
