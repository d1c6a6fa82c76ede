//! localStorage as a `library::Store`, and the autosave: the current plan is written 500 ms after the last
//! edit (never before the first one, so opening a broken link cannot overwrite it); a failed write is said.

use crate::app::AppState;
use crate::library::{self, Store};
use crate::present::i18n::t;
use leptos::prelude::*;

/// The browser's localStorage; every call can fail (private mode, quota) and says why.
pub struct LocalStore;

fn local() -> Result<web_sys::Storage, String> {
    window().local_storage().ok().flatten().ok_or_else(|| "localStorage is not available".to_string())
}

fn js_error(e: wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_else(|| "storage error".into())
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        local()?.get_item(key).map_err(js_error)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        local()?.set_item(key, value).map_err(js_error)
    }
    fn remove(&mut self, key: &str) -> Result<(), String> {
        local()?.remove_item(key).map_err(js_error)
    }
    fn keys(&self) -> Vec<String> {
        let Ok(s) = local() else { return Vec::new() };
        (0..s.length().unwrap_or(0)).filter_map(|i| s.key(i).ok().flatten()).collect()
    }
}

/// `2026-11-22 20:41` in local time.
pub fn date_time(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Autosaves the plan after each edit (debounced).
pub fn autosave(state: AppState) {
    let pending = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    Effect::new(move |_| {
        state.scenario.track();
        if !state.edited.get() {
            return;
        }
        let timer = gloo_timers::callback::Timeout::new(500, move || {
            let result = state.scenario.with_untracked(|sc| library::save_autosave(&mut LocalStore, sc));
            if let Err(e) = result {
                let lang = state.lang.get_untracked();
                state.tell("error", format!("{} ({e})", t(lang, "u.autosave_failed")));
            }
        });
        pending.set_value(Some(timer));
    });
}
