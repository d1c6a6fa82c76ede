//! The embed's plan, read with the browser's JSON parser: the link's JSON (inflated by the browser,
//! `share::unpack`), else the default plan's, through `JSON.parse` and serde-wasm-bindgen, then settled as
//! `codec::decode` settles it (schema 1 read as 2, validated). So the embed's wasm carries no JSON reader nor
//! inflater of its own, and numbers are read exactly, as the command line's parser reads them.
//!
//! Invariant: a link opens here as the plan `codec::decode` makes of it, or not at all (then the default plan).

use crate::app::share;
use crate::model::scenario::DEFAULT_JSON;
use crate::model::validate::{parse_scenario_slice, settle};
use crate::model::Scenario;
use crate::present::format::Lang;
use crate::present::i18n;

/// The plan of the page's link read by the browser's JSON parser (the read-only embed); else the default plan with
/// its names in `lang`. An embed never reads the planner's autosave. `None` only if the default plan itself does not
/// read, which its native tests rule out. Never inlined: inlined into the embed's start it took 0.5 KB more.
#[inline(never)]
pub fn open_by_browser(lang: Lang) -> Option<Scenario> {
    open(lang, by_browser)
}

/// The same, read by serde_json as the page reads it (the full embed: its drivers carry serde_json's reader, for
/// the default plan's typical values, so a second reader of the plan would only add to its wasm).
pub fn open_by_serde(lang: Lang) -> Option<Scenario> {
    open(lang, |json| parse_scenario_slice(json).ok())
}

thread_local! {
    /// The JSON of the page's link, inflated by `read_link` before the embed starts.
    static LINK: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// Reads the page's link, if it has one that inflates, by the browser: the embed awaits it before it starts.
pub async fn read_link() {
    if let Some(hash) = share::link_fragment() {
        if let Ok(json) = share::unpack(&hash).await {
            LINK.with(|l| *l.borrow_mut() = Some(json));
        }
    }
}

/// The plan of the page's link (read by `read_link`) read by `read`, else the default plan's.
fn open(lang: Lang, read: impl Fn(&[u8]) -> Option<Scenario>) -> Option<Scenario> {
    match LINK.with(|l| l.borrow_mut().take()).and_then(|json| read(&json)) {
        Some(sc) => Some(sc),
        None => read(DEFAULT_JSON.as_bytes()).map(|sc| i18n::default_names(&sc, lang)),
    }
}

/// The valid scenario of a JSON text read by the browser, `None` for anything else.
pub fn by_browser(json: &[u8]) -> Option<Scenario> {
    let value = js_sys::JSON::parse(std::str::from_utf8(json).ok()?).ok()?;
    settle(serde_wasm_bindgen::from_value::<Scenario>(value).ok()?).ok()
}
