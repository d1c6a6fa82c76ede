//! The analysis worker (wasm32, no UI, no Leptos): Monte Carlo and the tornado run here, off the page's
//! thread, in a wasm of their own that the page loads only when a plan has ranges.
//!
//! Messages. The page posts `[id, kind, scenario]`: `kind` is `montecarlo` or `tornado:<kpi>`, the scenario the JS
//! object `JSON.parse` makes of its JSON (exact numbers, read with serde-wasm-bindgen). The worker answers `["ready"]` once
//! loaded, then `[id, kind, Float64Array]` in `analysis::wire`'s format, or `[id, "error", message]`.
//! Invariant: nothing the page posts can panic the worker; a bad scenario is an `error` answer.

use crate::analysis::montecarlo::{self, Options};
use crate::analysis::{sensitivity, wire};
use crate::model::{validate, Scenario};
use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Starts answering the page's messages, then tells the page the worker is ready.
pub fn start() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let msg = Array::from(&e.data());
        let kind = msg.get(1).as_string().unwrap_or_default();
        let answer = match serde_wasm_bindgen::from_value::<Scenario>(msg.get(2)) {
            Ok(sc) => handle(&kind, &sc),
            Err(err) => Err(format!("scenario: {err}")),
        };
        let out = Array::of1(&msg.get(0));
        match answer {
            Ok(data) => {
                out.push(&JsValue::from_str(&kind));
                out.push(&Float64Array::from(&data[..]));
            }
            Err(text) => {
                out.push(&JsValue::from_str("error"));
                out.push(&JsValue::from_str(&text));
            }
        }
        let _ = reply.post_message(&out);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&Array::of1(&JsValue::from_str("ready")));
}

/// The answer to one request: the wire array, or why there is none.
fn handle(kind: &str, sc: &Scenario) -> Result<Vec<f64>, String> {
    if let Some(e) = validate(sc).first() {
        return Err(e.to_string());
    }
    if kind == "montecarlo" {
        Ok(wire::encode_montecarlo(&montecarlo::run(sc, Options::of(sc))))
    } else if let Some(kpi) = kind.strip_prefix("tornado:") {
        Ok(wire::encode_tornado(&sensitivity::tornado(sc, kpi), sc))
    } else {
        Err(format!("unknown request {kind}"))
    }
}
