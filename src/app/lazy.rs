//! The panels the first screen does not wait for: one wasm of their own (`sandtable-panels`, booted by
//! `sandtable-panels-boot.js`), fetched after the page's first paint, that mounts the decisions (goal seek, the
//! optimiser, plans side by side), the results' charts and tables, the assumptions below the channels and the
//! actuals group into their roots in the page and the calibration into `#calibrate-root`.
//!
//! The page and a panel share no memory: the page hands the plan and the language to a panel's root element as
//! `data-plan` (JSON) and `data-lang` with the event `sandtable:plan` once they rest (`follow`), or at each edit
//! while the root is on screen (`follow_each`, the results' charts); a panel
//! hands a plan back in `data-result` with `sandtable:apply`, and a message in `data-notice` with
//! `sandtable:notice`; the File menu's body hands a file's text in `data-import` with `sandtable:import`; the
//! page asks `#editor-root` for a structural edit of a row on the first screen in `data-edit` with
//! `sandtable:edit` (`editor::rows`).
//! Invariant: the plan changes only through the page, as one undoable step, and only while it
//! is still the plan the panel last saw; one engine's code, one source of truth (the page's signal).

use super::AppState;
use crate::model::Scenario;
use crate::present::format::Lang;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The panels' boot script, next to the page.
const BOOT: &str = "./sandtable-panels-boot.js";

/// The element the results' charts mount into (the page renders it empty, below the targets): unlike the other
/// panels, they follow each edit of the page's plan (`follow_each`), on a state of their own.
pub const CHARTS: &str = "charts-root";

/// The element the decisions mount into; the page renders it empty. It carries the plan handed over for both
/// panels under the results.
pub const DECISIONS: &str = "decisions-root";

/// The element the results' tables mount into (the page renders it empty): they follow the decisions' state.
pub const TABLES: &str = "tables-root";

/// The element the tracking panel mounts into (the page renders it empty, with the results): it follows the
/// decisions' state, and the page's Monte Carlo is forwarded to it (`forward_mc`).
pub const TRACKING: &str = "tracking-root";

/// The element the uncertainty panel (the chances, the fan, the histogram, the tornado) mounts into (the page
/// renders it empty, after the results' charts): it follows the decisions' state and the forwarded Monte Carlo.
pub const UNCERTAINTY: &str = "uncertainty-root";

/// The element the saved scenarios' menu body mounts into (the page renders it empty, in its 方案 menu): it
/// follows the decisions' state; the page opens it (`open_panel`) when the menu opens.
pub const LIBRARY: &str = "library-root";

/// The element the share menu's body mounts into (the page renders it empty, in its 分享 menu): it follows the
/// decisions' state; the page opens it (`open_panel`) when the menu opens.
pub const SHARE: &str = "share-root";

/// The element the File menu's body mounts into (the page renders it empty, in its 文件 menu): it follows the
/// decisions' state; the page opens it (`open_panel`) when the menu opens.
pub const FILES: &str = "files-root";

/// The element the consistency warnings mount into (the page renders it empty, under the targets table): they are
/// below the first screen, and their words and the spreading action weigh 4.4 KB of gzip.
pub const WARNINGS: &str = "warnings-root";

/// The event the page sends `#decisions-root` when its Monte Carlo starts, ends or fails (`forward_mc`,
/// `forward_progress`).
pub const MC_EVENT: &str = "sandtable:mc";

/// The element the assumptions' groups below the channels mount into (the page renders it empty, after the
/// channels: `editor::MoreGroups`): on a state of their own that follows the page's plan, each edit applied back.
pub const EDITOR: &str = "editor-root";

/// The element the actuals group (import form, report, grids) mounts into, at the end of the assumptions: it
/// follows the decisions' state too.
pub const ACTUALS: &str = "actuals-root";

/// The event the page sends a mounted panel when `data-plan` or `data-lang` changed.
pub const PLAN_EVENT: &str = "sandtable:plan";

/// The event a panel sends the page with the plan to apply in `data-result`.
pub const APPLY_EVENT: &str = "sandtable:apply";

/// The event a panel sends the page with a message (`kind`, a tab, the text) in `data-notice`.
pub const NOTICE_EVENT: &str = "sandtable:notice";

/// The page's side: fetches the panels' wasm once (it mounts every root it finds).
pub fn load() {
    let Some(body) = document().body() else { return };
    if body.has_attribute("data-panels") {
        return;
    }
    let _ = body.set_attribute("data-panels", "");
    if let Ok(script) = document().create_element("script") {
        let _ = script.set_attribute("src", &super::workers::boot_url(BOOT));
        let _ = body.append_child(&script);
    }
}

/// Whether a panel's wasm has mounted into `root` (it marks it `data-mounted`).
pub fn mounted(root: &web_sys::Element) -> bool {
    root.has_attribute("data-mounted")
}

/// Sends `event` on `root`.
pub fn dispatch(root: &web_sys::Element, event: &str) {
    if let Ok(e) = web_sys::Event::new(event) {
        let _ = root.dispatch_event(&e);
    }
}

/// Calls `f` on each `event` at `root` (for the page's life).
pub fn listen(root: &web_sys::Element, event: &str, f: impl Fn() + 'static) {
    let f = Closure::<dyn Fn()>::new(f);
    let _ = root.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
    f.forget();
}

/// The element of id `id`.
pub fn root(id: &str) -> Option<web_sys::Element> {
    document().get_element_by_id(id)
}

/// How long the plan and the language rest before the page hands them to the panels, in ms: a drag hands its
/// plan over when it pauses, so its frames never pay for the panels' work.
const QUIET_MS: u32 = 150;

/// The page's side of a panel that follows the plan at rest (the decisions, the groups below the channels): after
/// every change of the plan or the language, once they have rested `QUIET_MS`, hands them to the root `id`; at once
/// when the planner turns to anything else (a pointer down, a key, a focus), so a panel never acts on a plan older
/// than the page's. A slider pressed keeps editing: its focus comes after the value it jumped to, and handing that
/// over then put the panels' work (50–100 ms) into a drag's first frame; its drag hands over when it rests. A slider
/// of the panel's own (the groups below the channels, in `#editor-root`) hands over at its press, so its drag starts
/// from the page's plan. (A slider of another panel pressed within `QUIET_MS` of an edit acts on the plan before it:
/// the page refuses its answer as stale and hands the plan over, as for any late answer.)
pub fn follow(state: AppState, id: &'static str) {
    let pending = StoredValue::new_local(None);
    follow_resting(state, id, pending, || false);
    let own = format!("#{id}");
    let flush = Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
        let target = e.unchecked_into::<web_sys::Event>().target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let other_slider = target.filter(|t| t.get_attribute("type").as_deref() == Some("range"));
        if other_slider.is_some_and(|t| t.closest(&own).ok().flatten().is_none()) {
            return;
        }
        flush_pending(state, id, pending);
    });
    for event in ["pointerdown", "keydown", "focusin"] {
        let _ = document().add_event_listener_with_callback_and_bool(event, flush.as_ref().unchecked_ref(), true);
    }
    flush.forget();
}

/// The page's side of the charts: while the root `id` is on screen, hands the plan and the language over at each
/// of their changes, so a chart in view follows a drag frame by frame; off screen, once they have rested
/// `QUIET_MS` (the charts' descriptions stay current for a screen reader), and at once when the root comes on
/// screen (its first chart is below its heading, so it is drawn before it shows). Handing over costs the page one
/// JSON text of the plan and the panel its own simulation and the charts' descriptions (1.5–2 ms an edit on this
/// machine), so an edit with the charts out of sight does not pay it.
pub fn follow_each(state: AppState, id: &'static str) {
    let pending = StoredValue::new_local(None);
    // Whether the root is on screen, as its observer last said.
    let near = StoredValue::new(false);
    follow_resting(state, id, pending, move || near.get_value());
    // The observer, set once the page is built (an effect's first run) and held for the page's life.
    Effect::new(move || {
        if let Some(el) = root(id) {
            std::mem::forget(super::results::watch_near(&el, "0px", move |on| {
                near.set_value(on);
                if on {
                    flush_pending(state, id, pending);
                }
            }));
        }
    });
}

/// A hand-over waiting for the plan to rest.
type Pending = StoredValue<Option<gloo_timers::callback::Timeout>, LocalStorage>;

/// Hands the plan and the language to the root `id` at once at their first value (the page's first plan is there
/// before the panels' wasm can load) and at each change `now()` says so; after any other change, once they have
/// rested `QUIET_MS` (the timer in `pending`, for `flush_pending`).
fn follow_resting(state: AppState, id: &'static str, pending: Pending, now: impl Fn() -> bool + 'static) {
    Effect::new(move |first: Option<()>| {
        state.scenario.track();
        state.lang.track();
        if now() || first.is_none() {
            pending.set_value(None);
            hand_over(state, id);
            return;
        }
        let timer = gloo_timers::callback::Timeout::new(QUIET_MS, move || {
            pending.set_value(None);
            hand_over(state, id);
        });
        pending.set_value(Some(timer));
    });
}

/// Hands the plan over at once if a hand-over is waiting for it to rest.
fn flush_pending(state: AppState, id: &'static str, pending: Pending) {
    if pending.try_update_value(Option::take).flatten().is_some() {
        hand_over(state, id);
    }
}

/// The page's side of the panel in the root `id`: applies the plans it sends back, as one undoable step, while
/// the page's plan is still the one handed over last (else says the answer is stale and hands the plan over
/// again), then shows the panel's `data-applied` message, if any; shows the panel's messages.
pub fn serve(state: AppState, id: &'static str) {
    let Some(el) = root(id) else { return };
    listen(&el, APPLY_EVENT, move || {
        let Some(el) = root(id) else { return };
        if el.get_attribute("data-plan") != Some(plan_json(state)) {
            state.tell("error", crate::present::i18n::t(state.lang.get_untracked(), "d.stale"));
            hand_over(state, id);
            return;
        }
        if let Some(next) = el.get_attribute("data-result").and_then(|j| crate::model::parse_scenario(&j).ok()) {
            state.replace(next);
            // The panel's plan is now the page's: marked handed over at once (the panel has it; no event), so
            // its next answer is not taken for a stale one.
            let _ = el.set_attribute("data-plan", &plan_json(state));
            if let Some(text) = el.get_attribute("data-applied").filter(|t| !t.is_empty()) {
                state.tell("info", text);
            }
        }
    });
    listen(&el, NOTICE_EVENT, move || {
        let notice = root(id).and_then(|el| el.get_attribute("data-notice")).unwrap_or_default();
        if let Some((kind, text)) = notice.split_once('\t') {
            state.tell(if kind == "error" { "error" } else { "info" }, text.to_string());
        }
    });
}

/// The page's side: hands a finished Monte Carlo (its wire array, `analysis::wire`) of the plan `sc` to the
/// panels, on `#decisions-root` (the array as its `sandtableMc`, the plan's JSON as `data-mc-plan`): the panels
/// show the chances given the year so far without running the simulation again.
pub fn forward_mc(data: &[f64], sc: &Scenario) {
    let Some(el) = root(DECISIONS) else { return };
    let _ = js_sys::Reflect::set(&el, &"sandtableMc".into(), &js_sys::Float64Array::from(data));
    let _ = el.set_attribute("data-mc-plan", &serde_json::to_string(sc).unwrap_or_default());
    if mounted(&el) {
        dispatch(&el, MC_EVENT);
    }
}

/// The page's side: after each change of where its Monte Carlo stands, writes it on `#decisions-root`
/// (`data-mc-state`: `Progress::as_str`, and why in `data-mc-error`) and tells the panels.
pub fn forward_progress(a: super::workers::Analysis) {
    Effect::new(move |_| {
        let p = a.progress.get();
        let Some(el) = root(DECISIONS) else { return };
        let _ = el.set_attribute("data-mc-state", p.as_str());
        if let super::workers::Progress::Failed(why) = &p {
            let _ = el.set_attribute("data-mc-error", why);
        }
        if mounted(&el) {
            dispatch(&el, MC_EVENT);
        }
    });
}

/// A panel's side: follows the page's Monte Carlo into `a` (checked on each of its changes and each plan). A
/// finished run is taken once the plan it was run for is the one handed over, decoded against the panel's own
/// target rows, and only then is it done here; until then it is running.
fn adopt_mc(state: AppState, a: super::workers::Analysis) {
    use super::workers::Progress;
    let take = move || {
        let Some(el) = root(DECISIONS) else { return };
        let stands = el.get_attribute("data-mc-state");
        match stands.as_deref() {
            Some("idle") => {
                a.mc.set(None);
                a.progress.set(Progress::Idle);
                return;
            }
            Some("error") => {
                a.progress.set(Progress::Failed(el.get_attribute("data-mc-error").unwrap_or_default()));
                return;
            }
            _ => {}
        }
        let (plan, ran) = (el.get_attribute("data-plan"), el.get_attribute("data-mc-plan"));
        if ran.is_none() {
            if stands.as_deref() == Some("running") {
                a.progress.set(Progress::Running);
            }
            return;
        }
        if plan != ran {
            a.progress.set(Progress::Running);
            return;
        }
        let Ok(data) = js_sys::Reflect::get(&el, &"sandtableMc".into()) else { return };
        let Ok(data) = data.dyn_into::<js_sys::Float64Array>() else { return };
        let mc = state.results.with_untracked(|r| {
            let forecast = r.tracking.as_ref().map(|t| t.forecast.targets.clone()).unwrap_or_default();
            state.scenario.with_untracked(|sc| {
                crate::analysis::wire::decode_montecarlo(&data.to_vec(), sc, &r.targets, &forecast)
            })
        });
        // Once taken, the array is not decoded again on the next plan.
        let _ = el.remove_attribute("data-mc-plan");
        a.mc.set(mc.map(std::sync::Arc::new));
        a.progress.set(Progress::Done);
    };
    if let Some(el) = root(DECISIONS) {
        listen(&el, MC_EVENT, take);
        listen(&el, PLAN_EVENT, take);
    }
    take();
}

/// The event the page sends a panel's root to open it (`open_panel`).
pub const OPEN_EVENT: &str = "sandtable:open";

/// The page's side: opens the panel in the root `id` on the plan of the page (handed over to the decisions' root,
/// which that panel follows), marking the root `data-open` for a panels' wasm that has not loaded yet.
pub fn open_panel(state: AppState, id: &str) {
    hand_over(state, DECISIONS);
    if let Some(root) = root(id) {
        let _ = root.set_attribute("data-open", "");
        dispatch(&root, OPEN_EVENT);
    }
    load();
}

/// A panel's side: asks the page to apply the plan `json` (as one undoable step), saying `applied` once it has.
pub fn send_apply(id: &str, json: &str, applied: &str) {
    if let Some(el) = root(id) {
        let _ = el.set_attribute("data-result", json);
        let _ = el.set_attribute("data-applied", applied);
        dispatch(&el, APPLY_EVENT);
    }
}

/// The page's plan as JSON.
pub fn plan_json(state: AppState) -> String {
    state.scenario.with_untracked(|sc| serde_json::to_string(sc).unwrap_or_default())
}

/// Writes the plan and the language into the root `id` and tells its panel, if mounted.
pub fn hand_over(state: AppState, id: &str) {
    let Some(el) = root(id) else { return };
    let _ = el.set_attribute("data-plan", &plan_json(state));
    let _ = el.set_attribute("data-lang", state.lang.get_untracked().tag());
    if mounted(&el) {
        dispatch(&el, PLAN_EVENT);
    }
}

/// A panel's side: the plan and the language the page handed over in the root `id`.
pub fn handed_over(id: &str) -> (Scenario, Lang) {
    let el = root(id);
    let attr = |k: &str| el.as_ref().and_then(|r| r.get_attribute(k)).unwrap_or_default();
    // Read through the browser's JSON parser: every number exactly the page's.
    let sc = js_sys::JSON::parse(&attr("data-plan"))
        .ok()
        .and_then(|v| serde_wasm_bindgen::from_value::<Scenario>(v).ok())
        .unwrap_or_default();
    (sc, Lang::from_tag(&attr("data-lang")))
}

/// A panel's side: mounts `app` into the root `id`, marked `data-mounted`.
fn mount<V: IntoView + 'static>(id: &str, app: impl FnOnce() -> V + 'static) {
    let Some(el) = root(id).and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    leptos::mount::mount_to(el.clone(), move || {
        provide_context(super::results::ALL_CHARTS);
        provide_context(super::editor::RangeSlot(super::editor::field_range));
        app()
    })
    .forget();
    let _ = el.set_attribute("data-mounted", "");
}

/// A panel's side: its own state around the plan handed over in the root `id`, following the page's plan and
/// language, sending its own changes of the plan (an "apply") and its messages back to the page.
pub fn follow_page(id: &'static str) -> AppState {
    let (sc, lang) = handed_over(id);
    let state = AppState::new(sc.clone(), lang);
    provide_context(state);
    // The plan as the page last handed it over: a change to anything else is the panel's own, for the page.
    let seen = StoredValue::new(sc);
    if let Some(el) = root(id) {
        listen(&el, PLAN_EVENT, move || {
            let (sc, lang) = handed_over(id);
            if state.lang.get_untracked() != lang {
                state.lang.set(lang);
            }
            seen.set_value(sc.clone());
            if state.scenario.with_untracked(|cur| *cur != sc) {
                state.take(sc);
            }
        });
    }
    Effect::new(move |_| {
        state.scenario.with(|sc| {
            if seen.with_value(|s| s != sc) {
                send_apply(id, &serde_json::to_string(sc).unwrap_or_default(), "");
            }
        })
    });
    Effect::new(move |_| {
        let list = state.notices.get();
        let Some(el) = root(id) else { return };
        for n in list.iter() {
            let _ = el.set_attribute("data-notice", &format!("{}\t{}", n.kind, n.text));
            dispatch(&el, NOTICE_EVENT);
        }
        if !list.is_empty() {
            state.notices.set(Vec::new());
        }
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| state.viewport.update(|v| *v += 1));
    on_cleanup(move || on_resize.remove());
    state
}

/// The taker of the answers to one kind of request.
type Taker = Box<dyn Fn(&js_sys::Array)>;

thread_local! {
    /// The panels' takers of the files worker's answers, by kind (`calibrate`, `report`).
    static TAKERS: std::cell::RefCell<Vec<(&'static str, Taker)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A panel's side: sets who takes the answers to its requests of `kind` (`FileJobs::ask_other`), in place of
/// the one before.
pub fn take_answers(kind: &'static str, f: impl Fn(&js_sys::Array) + 'static) {
    let first = TAKERS.with(|t| {
        let mut t = t.borrow_mut();
        let first = t.is_empty();
        t.retain(|(k, _)| *k != kind);
        t.push((kind, Box::new(f)));
        first
    });
    // One dispatcher for all kinds, installed with the first taker.
    if first {
        super::workers::take_answers(|kind, msg| {
            TAKERS.with(|t| {
                if let Some((_, f)) = t.borrow().iter().find(|(k, _)| *k == kind) {
                    f(msg);
                }
            })
        });
    }
}

/// What the panels that follow the page's plan share: its state and the workers' clients.
type Following = (AppState, super::workers::Analysis, super::workers::FileJobs, super::workers::Decide);

thread_local! {
    /// The state of the panels that follow the page's plan (one simulation for all) and their workers' clients.
    static FOLLOWING: std::cell::Cell<Option<Following>> = const { std::cell::Cell::new(None) };
}

/// The state that follows the page's plan, made once (in the panels' wasm), with the workers' clients, each
/// provided in the calling panel's context.
pub fn following() -> AppState {
    if let Some((state, a, files, decide)) = FOLLOWING.with(|f| f.get()) {
        provide_context(state);
        provide_context(a);
        provide_context(files);
        provide_context(decide);
        return state;
    }
    let state = follow_page(DECISIONS);
    super::workers::provide_decide(state);
    adopt_mc(state, expect_context());
    let shared = (state, expect_context(), expect_context(), expect_context());
    FOLLOWING.with(|f| f.set(Some(shared)));
    state
}

/// The panels' wasm: mounts the calibration, the decisions, the results' charts, the assumptions below the channels,
/// the results' tables, the actuals, tracking, the warnings, the share and saved scenarios' menus, the uncertainty
/// panel and the report view into their roots in the page.
pub fn start() {
    console_error_panic_hook::set_once();
    crate::present::i18n::add_words(crate::present::i18n::PANEL_WORDS);
    crate::present::i18n::add_words(crate::present::i18n::TRACK_WORDS);
    crate::present::i18n::add_words(crate::present::i18n::EDITOR_WORDS);
    mount(super::calibrate::ROOT, super::calibrate::CalibrateApp);
    mount(DECISIONS, super::decisions::DecisionsApp);
    mount(CHARTS, || {
        follow_page(CHARTS);
        super::results::Charts()
    });
    mount(EDITOR, || {
        let state = follow_page(EDITOR);
        super::editor::serve_rows(state);
        super::editor::serve_slots(state);
        super::editor::MoreGroups()
    });
    mount_following(TABLES, super::results::Tables);
    mount_following(ACTUALS, super::actuals::ActualsPanel);
    mount_following(TRACKING, super::actuals::TrackingPanel);
    mount_following(WARNINGS, super::results::Warnings);
    mount_following(SHARE, super::share::ShareBody);
    mount_following(LIBRARY, super::share::LibraryBody);
    mount_following(FILES, super::workers::FileBody);
    mount_following(UNCERTAINTY, super::uncertainty::UncertaintyPanel);
    mount(super::report_view::ROOT, super::report_view::ReportView);
}

/// Mounts `panel` into the root `id`, on the state that follows the page's plan (`following`).
fn mount_following<V: IntoView + 'static>(id: &str, panel: fn() -> V) {
    mount(id, move || {
        following();
        panel()
    });
}
