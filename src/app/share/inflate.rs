//! A link's data inflated by the browser's own `DecompressionStream` (raw deflate), so neither the page's wasm nor
//! the embeds' carries an inflater (miniz_oxide's was 5.4 KB of the page's gzip; 3.7 KB net of this file's glue).
//!
//! Invariant: the same JSON or the same error as `codec::unpack` (the codec's native tests hold that one): cut off
//! past `codec::MAX_JSON` (`TooLarge`, a zip bomb stops there), damaged, cut short or followed by other bytes
//! (`BadCompression`).

use crate::codec::{self, CodecError};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (web-sys has it only behind its unstable APIs' flag).
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Decompression;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<Decompression, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &Decompression) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &Decompression) -> web_sys::WritableStream;
}

/// The scenario JSON of a link, a fragment or a payload, inflated by the browser.
pub async fn unpack(input: &str) -> Result<Vec<u8>, CodecError> {
    let data = codec::packed(input)?;
    inflate(&data).await.unwrap_or(Err(CodecError::BadCompression))
}

/// Inflates raw deflate `data`; `Err` where the browser refuses it (damaged data, or no `DecompressionStream`).
async fn inflate(data: &[u8]) -> Result<Result<Vec<u8>, CodecError>, JsValue> {
    let stream = Decompression::new("deflate-raw")?;
    let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&js_sys::Uint8Array::from(data)))?;
    let pair = web_sys::ReadableWritablePair::new(&stream.readable(), &stream.writable());
    let reader: web_sys::ReadableStreamDefaultReader = blob.stream().pipe_through(&pair).get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if js_sys::Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(Ok(out));
        }
        let bytes: js_sys::Uint8Array = js_sys::Reflect::get(&chunk, &"value".into())?.unchecked_into();
        let start = out.len();
        if start + bytes.length() as usize > codec::MAX_JSON {
            let _ = reader.cancel();
            return Ok(Err(CodecError::TooLarge));
        }
        out.resize(start + bytes.length() as usize, 0);
        bytes.copy_to(&mut out[start..]);
    }
}
