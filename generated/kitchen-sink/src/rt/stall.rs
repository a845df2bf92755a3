//! Stalled-stream protection, as aws-sdk-* has it by default: a request body the HTTP
//! client stops taking, or a response body that stops arriving while it is read, fails the
//! call once it has made no progress for the grace period (20 s unless configured) instead
//! of hanging it. As in aws-sdk-*, event streams (whose silences are the service's or the
//! caller's to choose), bodies held in memory (taken whole at once) and a request whose body
//! has been taken whole are left alone.

use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::HttpConnectorFuture;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// What waits for the grace period, and how long it is.
#[derive(Clone, Debug)]
pub(crate) struct Guard {
    pub sleep: SharedAsyncSleep,
    pub grace: Duration,
}

#[cfg_attr(debug_assertions, inline)]
fn stalled(what: &str, grace: Duration) -> BoxError {
    format!(
        "the {what} stalled: no data moved for {grace:?} (stalled-stream protection; \
         set a longer grace period or disable it with `stalled_stream_protection(…)` on the config)"
    )
    .into()
}

/// A response body that fails when, while it is read, it yields nothing for the grace period.
struct GuardedDownload {
    inner: SdkBody,
    guard: Guard,
    /// Started when a read found nothing to take; dropped when data comes.
    timer: Option<Sleep>,
}

impl Guard {
    /// `body`, failing if it stalls while read.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn download(&self, body: SdkBody) -> SdkBody {
        if body.bytes().is_some() {
            return body;
        }
        SdkBody::from_body_1_x(GuardedDownload { inner: body, guard: self.clone(), timer: None })
    }

    /// `body`, counted as the HTTP client takes it, and `call` made from it, failing if the
    /// client stops taking it before it is whole. `body` in memory is sent as it is.
    #[cfg_attr(debug_assertions, inline)]
    pub(crate) fn upload(&self, body: SdkBody, call: impl FnOnce(SdkBody) -> HttpConnectorFuture) -> Watched {
        if body.bytes().is_some() || body.is_end_stream() {
            return Watched { call: call(body), progress: None, guard: self.clone(), timer: None };
        }
        let progress = Arc::new(Progress::default());
        let length = body.size_hint().exact();
        let counted = SdkBody::from_body_1_x(CountedUpload { inner: body, length, progress: progress.clone() });
        Watched { call: call(counted), progress: Some(progress), guard: self.clone(), timer: None }
    }
}

impl Body for GuardedDownload {
    type Data = Bytes;
    type Error = BoxError;

    #[cfg_attr(debug_assertions, inline)]
    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Pending => {}
            ready => {
                this.timer = None;
                return ready;
            }
        }
        let timer = this.timer.get_or_insert_with(|| this.guard.sleep.sleep(this.guard.grace));
        match Pin::new(timer).poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(stalled("response body", this.guard.grace)))),
            Poll::Pending => Poll::Pending,
        }
    }

    #[cfg_attr(debug_assertions, inline)]
    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    #[cfg_attr(debug_assertions, inline)]
    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// How much of a request body the HTTP client has taken, and whether it has all of it.
#[derive(Debug, Default)]
struct Progress {
    bytes: AtomicU64,
    done: AtomicBool,
}

struct CountedUpload {
    inner: SdkBody,
    /// The body's length, when known: an HTTP client that has taken that much is done with
    /// it, whether or not it reads on to the end.
    length: Option<u64>,
    progress: Arc<Progress>,
}

impl Body for CountedUpload {
    type Data = Bytes;
    type Error = BoxError;

    #[cfg_attr(debug_assertions, inline)]
    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                let length = frame.data_ref().map_or(0, Bytes::len) as u64;
                let taken = this.progress.bytes.fetch_add(length, Ordering::Relaxed) + length;
                if this.inner.is_end_stream() || this.length.is_some_and(|whole| taken >= whole) {
                    this.progress.done.store(true, Ordering::Relaxed);
                }
            }
            Poll::Ready(_) => this.progress.done.store(true, Ordering::Relaxed),
            Poll::Pending => {}
        }
        polled
    }

    #[cfg_attr(debug_assertions, inline)]
    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    #[cfg_attr(debug_assertions, inline)]
    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// An HTTP call whose request body is watched: it fails when the HTTP client has taken none
/// of the body for the grace period while it still had some to send.
pub(crate) struct Watched {
    call: HttpConnectorFuture,
    progress: Option<Arc<Progress>>,
    guard: Guard,
    /// The timer, and how many bytes had been taken when it started.
    timer: Option<(Sleep, u64)>,
}

impl Future for Watched {
    type Output = Result<HttpResponse, ConnectorError>;

    #[cfg_attr(debug_assertions, inline)]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if let Poll::Ready(result) = Pin::new(&mut this.call).poll(cx) {
            return Poll::Ready(result);
        }
        let Some(progress) = &this.progress else { return Poll::Pending };
        loop {
            if progress.done.load(Ordering::Relaxed) {
                this.timer = None;
                return Poll::Pending;
            }
            let taken = progress.bytes.load(Ordering::Relaxed);
            let (timer, at_start) = this.timer.get_or_insert_with(|| (this.guard.sleep.sleep(this.guard.grace), taken));
            if Pin::new(timer).poll(cx).is_pending() {
                return Poll::Pending;
            }
            if taken == *at_start {
                return Poll::Ready(Err(ConnectorError::timeout(stalled("request body", this.guard.grace))));
            }
            // Data moved since the timer started: watch the next grace period.
            this.timer = None;
        }
    }
}

