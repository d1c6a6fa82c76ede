//! The browser app (wasm32 only): one `AppState` in context — the scenario signal, the results memo computed
//! by the engine — and thin components over it. Effects only touch the outside world (storage, canvas, timing).

mod canvas_backend;
mod chart;
mod fields;
mod panels;
mod results_view;

use crate::format::Lang;
use crate::model::{Results, Scenario, Simulator};
use leptos::prelude::*;
use std::sync::{Arc, Mutex};

pub use chart::CanvasChart;
pub use fields::{NumberField, TextField};

/// Where the language choice is remembered.
const LANG_KEY: &str = "sandtable.lang";

/// The state every component reads: the plan, its results, and view settings.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The last valid scenario; invalid typing never reaches it.
    pub scenario: RwSignal<Scenario>,
    /// The simulated year of `scenario`.
    pub results: Memo<Results>,
    /// The UI language.
    pub lang: RwSignal<Lang>,
    /// Index of the spend line whose response curve is shown.
    pub response_line: RwSignal<usize>,
    /// Bumped when the window is resized, so charts redraw at the new size.
    pub viewport: RwSignal<u32>,
    /// Bumped when the scenario is replaced from outside a field (reorder, load, undo): fields re-read their
    /// value then. A field's own edit does not bump it, so one edit updates one field, not all of them.
    pub revision: RwSignal<u64>,
}

impl AppState {
    /// Creates the state around `scenario`.
    pub fn new(scenario: Scenario, lang: Lang) -> Self {
        let scenario = RwSignal::new(scenario);
        let sim = Arc::new(Mutex::new(Simulator::default()));
        let results = Memo::new(move |_| {
            let perf = window().performance();
            if let Some(p) = &perf {
                let _ = p.mark("sandtable:simulate:start");
            }
            let r = scenario.with(|sc| match sim.lock() {
                Ok(mut s) => s.run(sc).clone(),
                Err(_) => Simulator::default().run(sc).clone(),
            });
            if let Some(p) = perf {
                let _ = p.measure_with_start_mark("sandtable:simulate", "sandtable:simulate:start");
                p.clear_marks_with_mark_name("sandtable:simulate:start");
            }
            r
        });
        AppState {
            scenario,
            results,
            lang: RwSignal::new(lang),
            response_line: RwSignal::new(0),
            viewport: RwSignal::new(0),
            revision: RwSignal::new(0),
        }
    }

    /// Replaces the scenario with a valid `next`, timing the update (`sandtable:update`).
    pub fn apply(&self, next: Scenario) {
        if self.scenario.with_untracked(|sc| *sc == next) {
            return;
        }
        timing::mark_input();
        self.scenario.set(next);
        timing::measure_after_render();
    }

    /// Applies the result of an edit, returning its error for the field to show.
    pub fn try_apply(&self, next: Result<Scenario, String>) -> Result<(), String> {
        next.map(|sc| self.apply(sc))
    }

    /// Replaces the scenario from outside the fields (structure edits, loading, undo): every field re-reads.
    pub fn replace(&self, next: Scenario) {
        self.apply(next);
        self.revision.update(|r| *r += 1);
    }

    /// `replace` for the result of a structural edit; its error is returned.
    pub fn try_replace(&self, next: Result<Scenario, String>) -> Result<(), String> {
        next.map(|sc| self.replace(sc))
    }
}

/// The state from context.
pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// Mounts the app on `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The whole page: header, assumptions and results.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(Scenario::default(), initial_lang());
    provide_context(state);
    Effect::new(move |_| {
        let lang = state.lang.get();
        storage_set(LANG_KEY, lang.tag());
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        document().set_title(crate::i18n::t(lang, "app.title"));
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| state.viewport.update(|v| *v += 1));
    on_cleanup(move || on_resize.remove());
    view! {
        <Header/>
        <main class="layout">
            <panels::Assumptions/>
            <results_view::ResultsView/>
        </main>
    }
}

/// Title, tagline and the language switch.
#[component]
fn Header() -> impl IntoView {
    let state = use_state();
    let t = move |k: &'static str| crate::i18n::t(state.lang.get(), k);
    let toggle = move |_| state.lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh });
    view! {
        <header class="top">
            <div>
                <h1 data-testid="title">{move || t("app.title")}</h1>
                <p class="tagline">{move || t("app.tagline")}</p>
            </div>
            <button type="button" class="lang" data-testid="lang-switch" on:click=toggle>{move || t("lang.switch")}</button>
        </header>
    }
}

/// The language remembered, else the browser's.
fn initial_lang() -> Lang {
    if let Some(tag) = storage_get(LANG_KEY) {
        return Lang::from_tag(&tag);
    }
    window().navigator().language().map(|l| Lang::from_tag(&l)).unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Reads localStorage; `None` when storage is unavailable (private mode) or empty.
pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Writes localStorage; failures (quota, private mode) are ignored here and reported by callers that care.
pub fn storage_set(key: &str, value: &str) -> bool {
    storage().map(|s| s.set_item(key, value).is_ok()).unwrap_or(false)
}

/// User Timing marks around each update, read by the browser tests and benchmarks.
mod timing {
    use leptos::prelude::window;

    /// Marks the input that starts an update.
    pub fn mark_input() {
        if let Some(p) = window().performance() {
            let _ = p.mark("sandtable:input");
        }
    }

    /// Measures `sandtable:update` once the update's work is done: simulation, DOM updates and chart drawing
    /// all run as tasks the signal change queued, and this task is queued after them (two ticks, for effects
    /// that effects woke). Then `sandtable:frame` through the next frame, paint included, for the record.
    pub fn measure_after_render() {
        leptos::task::spawn_local(async {
            leptos::task::tick().await;
            leptos::task::tick().await;
            if let Some(p) = window().performance() {
                let _ = p.measure_with_start_mark("sandtable:update", "sandtable:input");
            }
        });
        leptos::prelude::request_animation_frame(|| {
            gloo_timers::callback::Timeout::new(0, || {
                if let Some(p) = window().performance() {
                    if p.measure_with_start_mark("sandtable:frame", "sandtable:input").is_ok() {
                        p.clear_marks_with_mark_name("sandtable:input");
                    }
                }
            })
            .forget();
        });
    }
}
