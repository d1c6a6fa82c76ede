//! The analysis worker (wasm32, no UI, no Leptos): Monte Carlo and the tornado run here, off the page's
//! thread, in a wasm of their own that the page loads only when a plan has ranges.
//!
//! Messages. The page posts `[id, kind, scenario]`: `kind` is `montecarlo` or `tornado:<kpi>`, the scenario the JS
//! object `JSON.parse` makes of its JSON (exact numbers, read with serde-wasm-bindgen). The worker answers `["ready"]` once
//! loaded, then `[id, kind, Float64Array]` in `analysis::wire`'s format, or `[id, "error", message]`.
//! An actuals import posts `[id, "import", scenario, {bytes: Uint8Array, name, channel, through, lang}]` and is
//! answered `[id, "import", {lines: [..], scenario: json}]` (the report in the user's language and the new plan)
//! or `[id, "error", message]` with the import's refusal in words: calamine and csv live only here.
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
        let scenario = serde_wasm_bindgen::from_value::<Scenario>(msg.get(2));
        let out = Array::of1(&msg.get(0));
        if kind == "import" {
            let answer = match scenario {
                Ok(sc) => import(&sc, &msg.get(3)),
                Err(err) => Err(format!("scenario: {err}")),
            };
            match answer {
                Ok(obj) => {
                    out.push(&JsValue::from_str(&kind));
                    out.push(&obj);
                }
                Err(text) => {
                    out.push(&JsValue::from_str("error"));
                    out.push(&JsValue::from_str(&text));
                }
            }
            let _ = reply.post_message(&out);
            return;
        }
        let answer = match scenario {
            Ok(sc) => handle(&kind, &sc),
            Err(err) => Err(format!("scenario: {err}")),
        };
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

/// An actuals import: reads the file for the plan's year, applies it to the channel, and answers the report's
/// lines and the new plan's JSON, or the refusal in words.
fn import(sc: &Scenario, params: &JsValue) -> Result<JsValue, String> {
    use crate::import::{self, messages};
    use crate::present::format::Lang;
    let get = |k: &str| js_sys::Reflect::get(params, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let lang = Lang::from_tag(&get("lang").as_string().unwrap_or_default());
    let bytes = js_sys::Uint8Array::new(&get("bytes")).to_vec();
    let name = get("name").as_string().unwrap_or_else(|| "paste".into());
    let channel = get("channel").as_f64().map_or(usize::MAX, |c| c as usize);
    let through = get("through").as_string().filter(|t| !t.trim().is_empty());
    let done = import::read(&bytes, &name, sc.year, through.as_deref().map(str::trim))
        .and_then(|report| Ok((import::apply(sc, channel, &report)?, report)));
    let (next, report) = done.map_err(|e| messages::error(&e, lang))?;
    let out = js_sys::Object::new();
    let lines: Array = messages::report_lines(&report, lang).iter().map(|l| JsValue::from_str(l)).collect();
    let json = serde_json::to_string(&next).map_err(|e| e.to_string())?;
    let _ = js_sys::Reflect::set(&out, &"lines".into(), &lines);
    let _ = js_sys::Reflect::set(&out, &"scenario".into(), &JsValue::from_str(&json));
    Ok(out.into())
}
