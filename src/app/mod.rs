//! The browser app (wasm32 only): one `AppState` in context — the scenario signal, the results memo computed
//! by the engine — and thin components over it. Effects only touch the outside world (address bar,
//! localStorage, canvas, the embedding page, timing).

mod actuals;
pub mod calibrate;
mod decisions;
mod editor;
mod embed;
pub mod lazy;
mod report_view;
mod results;
mod share;
mod toolbar;
mod uncertainty;
mod workers;

use crate::edit::history::History;
use crate::model::{Results, Scenario, Simulator};
use crate::present::format::Lang;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;

pub use editor::{NumberField, TextField};
pub use embed::read_plan_by_browser;
pub use results::CanvasChart;
pub use share::unpack as unpack_link;

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
    /// Bumped by every change of the plan but a number field's own edit (texts, notes, ranges, rows, a line's kind,
    /// loading, undo): what only those change (a row's name, a note, a range) reads the plan through
    /// `with_outline`, which follows this, so a slider's move does not wake it.
    pub outline: RwSignal<u64>,
    /// Undo / redo steps.
    pub history: StoredValue<History>,
    /// Bumped when `history` changes, for the undo and redo buttons.
    pub history_rev: RwSignal<u64>,
    /// Messages for the person: storage problems, import results and errors; each dismissable.
    pub notices: RwSignal<Vec<Notice>>,
    /// Whether the person has edited since the page opened (autosave waits for the first edit).
    pub edited: RwSignal<bool>,
}

/// A message shown under the header.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// `info` or `error`.
    pub kind: &'static str,
    /// The text.
    pub text: String,
    /// Lines of detail (every validation error of an import).
    pub details: Vec<String>,
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
            outline: RwSignal::new(0),
            history: StoredValue::new(History::default()),
            history_rev: RwSignal::new(0),
            notices: RwSignal::new(Vec::new()),
            edited: RwSignal::new(false),
        }
    }

    /// A number field's edit: replaces the scenario with a valid `next` as one undo step (or part of the step
    /// named `key`, for a slider drag), timing the update (`sandtable:update`). It leaves `outline` as it is.
    pub fn apply_step(&self, next: Scenario, key: Option<&str>) {
        self.record(next, key, false);
    }

    /// Any other edit, as a step of its own.
    pub fn apply(&self, next: Scenario) {
        self.record(next, None, true);
    }

    fn record(&self, next: Scenario, key: Option<&str>, outline: bool) {
        if self.scenario.with_untracked(|sc| *sc == next) {
            return;
        }
        self.scenario.with_untracked(|before| self.history.update_value(|h| h.record(before, key)));
        self.history_rev.update(|r| *r += 1);
        self.edited.set(true);
        self.set_timed(next, outline);
    }

    fn set_timed(&self, next: Scenario, outline: bool) {
        timing::mark_input();
        workers::plan_moves();
        self.scenario.set(next);
        if outline {
            self.outline.update(|r| *r += 1);
        }
        timing::measure_after_render();
    }

    /// Reads `f` of the plan, following only `outline`: for what a number field's edit never changes.
    pub fn with_outline<T>(&self, f: impl FnOnce(&Scenario) -> T) -> T {
        self.outline.track();
        self.scenario.with_untracked(f)
    }

    /// Takes the plan handed over from elsewhere (the page's, in a panel): every field and reader re-reads.
    pub fn take(&self, next: Scenario) {
        self.scenario.set(next);
        self.outline.update(|r| *r += 1);
        self.revision.update(|r| *r += 1);
    }

    /// Applies the result of an edit, returning its error for the field to show.
    pub fn try_apply(&self, next: crate::edit::Edit) -> Result<(), crate::model::FieldError> {
        next.map(|sc| self.apply(sc))
    }

    /// Replaces the scenario from outside the fields (structure edits, loading): every field re-reads.
    pub fn replace(&self, next: Scenario) {
        self.apply(next);
        self.revision.update(|r| *r += 1);
    }

    /// `replace` for the result of a structural edit; its error is returned.
    pub fn try_replace(&self, next: crate::edit::Edit) -> Result<(), crate::model::FieldError> {
        next.map(|sc| self.replace(sc))
    }

    /// Goes one step back, if there is one.
    pub fn undo(&self) {
        self.step(true);
    }

    /// Goes one step forward again, if there is one.
    pub fn redo(&self) {
        self.step(false);
    }

    /// Goes one step back (undo) or forward (redo), if there is one.
    fn step(&self, back: bool) {
        let Some(sc) =
            self.scenario.with_untracked(|cur| self.history.try_update_value(|h| h.step(back, cur)).flatten())
        else {
            return;
        };
        // A plan from before a switch of language reads in today's (the switch is no step of its own).
        let sc = crate::present::i18n::default_names(&sc, self.lang.get_untracked());
        self.history_rev.update(|r| *r += 1);
        self.edited.set(true);
        self.set_timed(sc, true);
        self.revision.update(|r| *r += 1);
    }

    /// Shows a message.
    pub fn tell(&self, kind: &'static str, text: impl Into<String>) {
        self.show(Notice { kind, text: text.into(), details: Vec::new() });
    }

    /// Shows a message with details; the same message twice is shown once.
    pub fn show(&self, notice: Notice) {
        self.notices.update(|list| {
            list.retain(|n| n.text != notice.text);
            list.push(notice);
        });
    }
}

/// The state from context.
pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// A word of the UI that follows the language. One type for every word (a boxed closure in a `Signal`), so
/// the many labels share one piece of rendering code instead of one per closure.
pub fn tr(key: &'static str) -> Signal<&'static str> {
    let lang = use_state().lang;
    Signal::derive(move || crate::present::i18n::t(lang.get(), key))
}

/// The current time in milliseconds since 1970.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Mounts the full app on `<body>`. An embed (`?embed=1`) never gets here: the page's start-up script (Trunk.toml)
/// loads the `sandtable-embed` wasm instead (`sandtable-embed-full` with `&edit=1` or a Monte Carlo chart), so the
/// app carries no embed code and the embed no editor.
pub fn mount() {
    console_error_panic_hook::set_once();
    crate::present::i18n::add_words(crate::present::i18n::EDITOR_WORDS);
    // The link is inflated by the browser (a promise) before the app opens it.
    wasm_bindgen_futures::spawn_local(async {
        share::read_address_link().await;
        leptos::mount::mount_to_body(App);
    });
}

/// Mounts the read-only embed of a results chart on `<body>` (the `sandtable-embed` wasm, which links nothing of
/// the editor, nor the embed's drivers and Monte Carlo charts).
pub fn mount_embed() {
    embed::mount();
}

/// Mounts the full embed view on `<body>` (`&edit=1`, or a fan, histogram or tornado chart: the
/// `sandtable-embed-full` wasm, with every embeddable chart and the drivers).
pub fn mount_full_embed() {
    embed::mount_full();
}

/// State and context common to both pages; returns the state and the link's error, if any.
fn start(
    mode: share::Mode,
    open: fn(&share::Mode, Lang) -> share::Opening,
) -> (AppState, Option<crate::codec::CodecError>) {
    let lang = initial_lang();
    let opening = open(&mode, lang);
    // A new user's plan reads in their language (天猫, 双11, 信息流投放 …); the numbers are the default's.
    let scenario = if opening.fresh { crate::present::i18n::default_plan(lang) } else { opening.scenario };
    let state = AppState::new(scenario, lang);
    provide_context(state);
    provide_context(mode);
    workers::provide(state);
    if let Some(text) = opening.notice {
        state.tell("error", text);
    }
    Effect::new(move |_| {
        let lang = state.lang.get();
        storage_set(LANG_KEY, lang.tag());
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        document().set_title(crate::present::i18n::t(lang, "app.title"));
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| state.viewport.update(|v| *v += 1));
    on_cleanup(move || on_resize.remove());
    (state, opening.url_error)
}

/// The full app.
#[component]
pub fn App() -> impl IntoView {
    provide_context(editor::RangeSlot(editor::field_band));
    let (state, url_error) = start(share::Mode::from_location(), share::open_initial);
    let url_error = RwSignal::new(url_error);
    share::follow_address_bar(state);
    share::open_pasted_links(state, url_error);
    share::autosave(state);
    toolbar::keyboard_shortcuts(state);
    workers::drop_to_import(state);
    // The panels' wasm (decisions, calibration) loads after the first paint and follows the plan from then on.
    lazy::follow(state, lazy::DECISIONS);
    lazy::follow(state, lazy::EDITOR);
    lazy::follow_each(state, lazy::CHARTS);
    lazy::forward_progress(workers::use_analysis());
    timing::after_paint(move || {
        lazy::serve(state, calibrate::ROOT);
        lazy::serve(state, lazy::DECISIONS);
        lazy::serve(state, lazy::EDITOR);
        workers::take_imports(state);
        lazy::load();
    });
    view! {
        <a class="skip-link" href="#results" data-testid="skip-link" on:click=skip_to_results>{tr("a.skip")}</a>
        <Header/>
        <share::UrlError error=url_error/>
        <toolbar::NoticeBar/>
        <div id=calibrate::ROOT data-testid="calibrate-root"></div>
        <main class="layout">
            <editor::Assumptions/>
            <results::ResultsView/>
        </main>
    }
}

/// Moves the focus to the results without touching the address bar's fragment (it holds the plan's link).
pub(crate) fn skip_to_results(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(el) = document().get_element_by_id("results").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Title, tagline, the toolbar and the language switch.
#[component]
fn Header() -> impl IntoView {
    let state = use_state();
    let t = move |k: &'static str| crate::present::i18n::t(state.lang.get(), k);
    // The plan's default names that the planner left as they were follow the language (天猫 <-> Tmall).
    let toggle = move |_| {
        state.lang.update(|l| *l = if *l == Lang::Zh { Lang::En } else { Lang::Zh });
        let next =
            state.scenario.with_untracked(|sc| crate::present::i18n::default_names(sc, state.lang.get_untracked()));
        // Not an undo step: the names' fields follow the language (and so do the plans undo and redo bring back),
        // the number fields (and any text typed in them) stay as they are.
        if state.scenario.with_untracked(|sc| *sc != next) {
            state.edited.set(true);
            state.set_timed(next, true);
        }
    };
    view! {
        <header class="top">
            <div class="brand">
                <h1 data-testid="title">{move || t("app.title")}</h1>
                <p class="tagline">{move || t("app.tagline")}</p>
                <p class="plan-identity" data-testid="plan-identity">
                    <label>{move || t("u.plan_name")}" "<TextField path="name" size=24/></label>
                    <label>{move || t("f.year")}" "<TextField path="year" size=4/></label>
                </p>
            </div>
            <toolbar::Toolbar/>
            <button type="button" class="lang" data-testid="lang-switch" on:click=toggle>{move || t("lang.switch")}</button>
        </header>
    }
}

/// The language remembered, else the browser's.
pub(crate) fn initial_lang() -> Lang {
    if let Some(tag) = storage_get(LANG_KEY) {
        return Lang::from_tag(&tag);
    }
    window().navigator().language().map(|l| Lang::from_tag(&l)).unwrap_or_default()
}

/// Reads localStorage; `None` when storage is unavailable (private mode) or empty.
pub fn storage_get(key: &str) -> Option<String> {
    window().local_storage().ok().flatten()?.get_item(key).ok().flatten()
}

/// Writes localStorage; failures (quota, private mode) are ignored here and reported by callers that care.
pub fn storage_set(key: &str, value: &str) -> bool {
    window().local_storage().ok().flatten().map(|s| s.set_item(key, value).is_ok()).unwrap_or(false)
}

/// User Timing marks around each update, read by the browser tests and benchmarks.
mod timing {
    use leptos::prelude::window;

    /// Runs `f` once the work a signal change queued has run: simulation, DOM updates and chart drawing are
    /// tasks queued before this one (two ticks, for effects that effects woke).
    pub fn after_effects(f: impl FnOnce() + 'static) {
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            leptos::task::tick().await;
            f();
        });
    }

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
        after_effects(|| {
            if let Some(p) = window().performance() {
                let _ = p.measure_with_start_mark("sandtable:update", "sandtable:input");
            }
        });
        after_paint(|| {
            if let Some(p) = window().performance() {
                if p.measure_with_start_mark("sandtable:frame", "sandtable:input").is_ok() {
                    p.clear_marks_with_mark_name("sandtable:input");
                }
            }
        });
    }

    /// Runs `f` once the next frame has been painted (an animation frame, then a task after it).
    pub fn after_paint(f: impl FnOnce() + 'static) {
        leptos::prelude::request_animation_frame(|| {
            gloo_timers::callback::Timeout::new(0, f).forget();
        });
    }
}
