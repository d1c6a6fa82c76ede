//! Sandtable's stand-in for `wasm-streams` 0.5: the two calls `server_fn` makes, and no JS class exported.
//!
//! Leptos turns on `server_fn`'s `browser` feature, whose client of streaming server functions converts bodies with
//! wasm-streams. The real crate exports three JS classes (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`,
//! `IntoUnderlyingSink`) from every wasm that links it, and an export is never dropped as dead code: the page, the
//! embeds and the workers all carried their code and glue, though Sandtable has no server and calls no server
//! function. This crate keeps what `server_fn` calls, with the same meaning where it can be had without an exported
//! class: a JS stream read as a Rust `Stream` (its reader's `read()` promises, one at a time), and a Rust stream as a
//! request body, which needs an exported class and so is refused: the JS stream errors at once.
//!
//! Invariant: no `#[wasm_bindgen]` export; the signatures are wasm-streams 0.5's for the items kept.

use futures_util::stream::{self, Stream, StreamExt};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The raw JS types, as in wasm-streams.
pub mod readable {
    pub use super::ReadableStream;
    /// The JS `ReadableStream` itself.
    pub mod sys {
        pub use web_sys::ReadableStream;
    }
}

/// A JS `ReadableStream`.
#[derive(Debug)]
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a JS stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        Self { raw }
    }

    /// A Rust stream as a JS stream: not available without an exported class, so the JS stream errors at once
    /// (its first read rejects with why) and `stream` is dropped.
    pub fn from_stream<St>(stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        drop(stream);
        let source = js_sys::Object::new();
        let start = js_sys::Function::new_with_args(
            "c",
            "c.error(new Error('streaming request bodies are not supported in this build'))",
        );
        let _ = js_sys::Reflect::set(&source, &"start".into(), &start);
        let raw = web_sys::ReadableStream::new_with_underlying_source(&source)
            .unwrap_or_else(|_| web_sys::ReadableStream::new().expect_throw("ReadableStream"));
        Self { raw }
    }

    /// The JS stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// The JS stream read as a Rust stream of its chunks; a read that rejects ends it with that error.
    pub fn into_stream(self) -> impl Stream<Item = Result<JsValue, JsValue>> {
        let reader: Option<web_sys::ReadableStreamDefaultReader> = self.raw.get_reader().dyn_into().ok();
        stream::unfold(reader, |reader| async move {
            let reader = reader?;
            match JsFuture::from(reader.read()).await {
                Ok(result) => {
                    let done = js_sys::Reflect::get(&result, &"done".into()).ok().and_then(|d| d.as_bool());
                    if done != Some(false) {
                        return None;
                    }
                    let value = js_sys::Reflect::get(&result, &"value".into()).unwrap_or(JsValue::UNDEFINED);
                    Some((Ok(value), Some(reader)))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
        .boxed_local()
    }
}
