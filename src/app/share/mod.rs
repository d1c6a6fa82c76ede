//! Sharing: the scenario in the address bar (`#s=…`, debounced `history.replaceState`), opening a link at
//! start-up (a broken one shows a banner and never touches the autosave), copying the link, the embed
//! snippet, and the messages an embedded page sends its host.
//!
//! The folder is where a plan is kept outside the page: the address bar and links here, the autosave and saved
//! scenarios in localStorage (`storage.rs`), and the share and saved scenarios' menu bodies (`share_menu.rs`,
//! `library_menu.rs`, in the panels' wasm). Its one way in: this module's items, `autosave`, `LocalStore`,
//! `ShareBody` and `LibraryBody`.

mod inflate;
mod library_menu;
mod share_menu;
mod storage;
pub use inflate::unpack;
pub use library_menu::LibraryBody;
pub use share_menu::ShareBody;
pub use storage::{autosave, LocalStore};

use super::{now, AppState};
use crate::charts::ChartKind;
use crate::codec;
use crate::model::Scenario;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// How the page was asked to show itself (`?embed=1&chart=budget&edit=1`).
#[derive(Clone, Debug, PartialEq)]
pub struct Mode {
    /// The compact view for an iframe.
    pub embed: bool,
    /// Embedded, with a few key drivers editable.
    pub edit: bool,
    /// The chart of the embed view. Defaults to monthly GMV.
    pub chart: ChartKind,
}

impl Mode {
    /// Reads the query string.
    pub fn from_location() -> Mode {
        let search = window().location().search().unwrap_or_default();
        let param = |name: &str| {
            search
                .trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')).map(String::from))
        };
        Mode {
            embed: param("embed").is_some_and(|v| v == "1"),
            edit: param("edit").is_some_and(|v| v == "1"),
            chart: param("chart")
                .and_then(|c| ChartKind::from_key(&c))
                .filter(|k| k.embeddable())
                .unwrap_or(ChartKind::MonthlyGmv),
        }
    }
}

/// What the page opens with.
pub struct Opening {
    /// The plan to show.
    pub scenario: Scenario,
    /// Why the link in the address bar could not be opened.
    pub url_error: Option<codec::CodecError>,
    /// A storage problem to report.
    pub notice: Option<String>,
    /// Whether it is the default plan (no link, nothing autosaved): it then takes the UI language's names.
    pub fresh: bool,
}

/// The link's plan if it opens; else the autosaved plan, else the default. A broken link never writes the
/// autosave. Opening a good link over a different autosaved plan keeps that plan as a saved scenario.
pub fn open_initial(mode: &Mode, lang: crate::present::format::Lang) -> Opening {
    let link = link_in_address();
    let mut store = storage::LocalStore;
    let (autosave, mut notice) = if mode.embed {
        (None, None)
    } else {
        match crate::library::load_autosave(&mut store, now()) {
            Ok(sc) => (sc, None),
            Err(d) => (None, Some(crate::present::i18n::damaged_notice(lang, &d))),
        }
    };
    match link {
        Some(Ok(sc)) => {
            if let Some(prev) = autosave.filter(|a| *a != sc) {
                let name = format!("{} · {}", prev.name, storage::date_time(now()));
                if let Err(e) = crate::library::save_as(&mut store, &name, &prev, now()) {
                    notice = Some(e);
                }
            }
            Opening { scenario: sc, url_error: None, notice, fresh: false }
        }
        Some(Err(e)) => {
            Opening { fresh: autosave.is_none(), scenario: autosave.unwrap_or_default(), url_error: Some(e), notice }
        }
        None => Opening { fresh: autosave.is_none(), scenario: autosave.unwrap_or_default(), url_error: None, notice },
    }
}

thread_local! {
    /// The address bar's link as read before the app mounts (`read_address_link`), taken when it opens.
    static OPENING: std::cell::RefCell<Option<Result<Scenario, codec::CodecError>>> = const { std::cell::RefCell::new(None) };
}

/// Reads the address bar's link, if it has one, inflated by the browser: the app awaits it before it mounts.
pub async fn read_address_link() {
    if let Some(hash) = link_fragment() {
        let link = decode(&hash).await;
        OPENING.with(|o| *o.borrow_mut() = Some(link));
    }
}

/// A link's valid scenario, inflated by the browser: `codec::decode`'s twin for the page.
async fn decode(link: &str) -> Result<Scenario, codec::CodecError> {
    unpack(link).await.and_then(|json| codec::read_json(&json))
}

/// The plan of the address bar's link, if it has one (read by `read_address_link`).
fn link_in_address() -> Option<Result<Scenario, codec::CodecError>> {
    OPENING.with(|o| o.borrow_mut().take())
}

/// The address bar's fragment when it holds a plan's link (`#s=…`).
pub fn link_fragment() -> Option<String> {
    let hash = window().location().hash().unwrap_or_default();
    codec::payload_of(&hash).filter(|_| hash.contains("s=")).is_some().then_some(hash)
}

/// The page's address without its fragment and without the embed parameters.
pub fn base_url() -> String {
    let loc = window().location();
    format!("{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default())
}

/// The full app's link to a plan.
pub fn link(sc: &Scenario) -> String {
    format!("{}#{}", base_url(), codec::fragment(sc))
}

/// The full app's link to the plan of the address bar's link, as it is (for a page whose plan never changes): the
/// page's fragment after the full app's address, so the app opens the same link, or shows why it is broken.
pub fn same_link() -> String {
    format!("{}{}", base_url(), window().location().hash().unwrap_or_default())
}

/// Keeps the address bar on the current plan, 300 ms after the last edit, without adding history entries.
pub fn follow_address_bar(state: AppState) {
    let pending = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    Effect::new(move |first: Option<()>| {
        state.scenario.track();
        if first.is_none() && !state.edited.get_untracked() {
            return;
        }
        // The link is encoded once the edits pause, not on every slider move.
        let timer = gloo_timers::callback::Timeout::new(300, move || {
            let fragment = state.scenario.with_untracked(codec::fragment);
            let loc = window().location();
            let url = format!("{}{}#{fragment}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
            if let Ok(h) = window().history() {
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        });
        pending.set_value(Some(timer));
    });
}

/// A link pasted into the address bar of the open page (a `hashchange`) opens too, as an undoable step; a
/// broken one shows the banner and changes nothing.
pub fn open_pasted_links(state: AppState, error: RwSignal<Option<codec::CodecError>>) {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if !hash.contains("s=") || state.scenario.with_untracked(|sc| hash.ends_with(&codec::fragment(sc))) {
            return;
        }
        leptos::task::spawn_local(async move {
            let link = decode(&hash).await;
            // A link pasted meanwhile is the one to open.
            if window().location().hash().unwrap_or_default() != hash {
                return;
            }
            match link {
                Ok(sc) => {
                    error.set(None);
                    state.replace(sc);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    on_cleanup(move || handle.remove());
}

/// The banner of a link that could not be opened.
#[component]
pub fn UrlError(
    /// The reason, `None` when there is nothing to say.
    error: RwSignal<Option<codec::CodecError>>,
) -> impl IntoView {
    let state = super::use_state();
    view! {
        <Show when=move || error.with(|e| e.is_some())>
            <div class="banner error" role="alert" data-testid="url-error">
                <strong>{super::tr("u.link_failed")}</strong>
                " "
                <span>{move || error.with(|e| e.as_ref().map(|e| crate::present::i18n::codec_error(state.lang.get(), e)))}</span>
                " "
                <span>{super::tr("u.link_fallback")}</span>
                <button type="button" data-testid="url-error-dismiss" on:click=move |_| error.set(None)>{super::tr("a.dismiss")}</button>
            </div>
        </Show>
    }
}

/// Writes text to the clipboard; `false` when the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Ok(clipboard) = js_sys::Reflect::get(&window().navigator(), &"clipboard".into()) else { return false };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else { return false };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else { return false };
    match write.call1(&clipboard, &text.into()).map(|p| p.dyn_into::<js_sys::Promise>()) {
        Ok(Ok(p)) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        _ => false,
    }
}

use wasm_bindgen::JsCast;

/// The `<iframe>` snippet that embeds the plan in another page.
pub fn embed_snippet(sc: &Scenario, chart: ChartKind, title: &str) -> String {
    let src = format!("{}?embed=1&chart={}#{}", base_url(), chart.key(), codec::fragment(sc));
    let title = title.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!("<iframe src=\"{src}\" title=\"{title}\" loading=\"lazy\" width=\"100%\" height=\"480\" style=\"border:0;max-width:960px\"></iframe>")
}
