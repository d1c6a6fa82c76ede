//! "Start from last year" (MODEL.md §12): one daily export per channel and last year's budgets in, the fit run
//! in the files worker, then the report — each file's monthly GMV against the backcast, its MAPE, every field
//! that changes and the warnings — and apply.
//!
//! The panel is a wasm of its own (`sandtable-calibrate`, loaded on first use by `sandtable-calibrate-boot.js`)
//! mounted into the page's `#calibrate-root`: the page hands it the plan and the language as that element's
//! `data-plan` and `data-lang` (and the event `sandtable:calibrate-open` to open it again), and it hands the
//! calibrated plan back in `data-result` with the event `sandtable:calibrated`. The page applies it.
//!
//! Invariant: the plan changes only through the page's apply, as one undoable step, and only while it is the
//! plan the calibration was asked for; the files never leave the page and neither the panel nor the fit load
//! with it.

use super::analysis::{object, use_analysis, FileJobs};
use super::use_state;
use crate::charts::decisions::Pinned;
use crate::charts::ChartKind;
use crate::model::Scenario;
use crate::present::format;
use crate::present::i18n::{t, t_calibrate};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The element the panel mounts into; the page renders it empty.
const ROOT: &str = "calibrate-root";

/// The event the page sends the panel to open it again with the plan of `data-plan`.
const OPEN_EVENT: &str = "sandtable:calibrate-open";

/// The event the panel sends the page when it has put the calibrated plan's JSON in `data-result`.
const DONE_EVENT: &str = "sandtable:calibrated";

/// A word of the panel that follows the language.
fn ct(key: &'static str) -> Signal<&'static str> {
    let lang = use_state().lang;
    Signal::derive(move || t_calibrate(lang.get(), key))
}

/// The page's side: opens the panel on the current plan, loading its wasm the first time.
pub fn open(state: super::AppState) {
    let Some(root) = document().get_element_by_id(ROOT) else { return };
    let json = state.scenario.with_untracked(|sc| serde_json::to_string(sc).unwrap_or_default());
    let _ = root.set_attribute("data-plan", &json);
    let _ = root.set_attribute("data-lang", state.lang.get_untracked().tag());
    if root.has_attribute("data-loaded") {
        if let Ok(e) = web_sys::Event::new(OPEN_EVENT) {
            let _ = root.dispatch_event(&e);
        }
        return;
    }
    let _ = root.set_attribute("data-loaded", "");
    listen(state, &root);
    if let Ok(script) = document().create_element("script") {
        let _ = script.set_attribute("src", &super::analysis::boot_url("./sandtable-calibrate-boot.js"));
        let _ = document().body().map(|b| b.append_child(&script));
    }
}

/// The page's side: applies a calibrated plan the panel sends, as one undoable step, while the plan is still
/// the one the panel was opened on.
fn listen(state: super::AppState, root: &web_sys::Element) {
    let on_done = Closure::<dyn Fn()>::new(move || {
        let Some(root) = document().get_element_by_id(ROOT) else { return };
        let sent = root.get_attribute("data-plan");
        let lang = state.lang.get_untracked();
        if sent.is_none() || state.scenario.with_untracked(|sc| serde_json::to_string(sc).ok() != sent) {
            state.tell("error", t(lang, "cal.stale"));
            return;
        }
        if let Some(next) = root.get_attribute("data-result").and_then(|j| crate::model::parse_scenario(&j).ok()) {
            state.replace(next);
            state.tell("info", t(lang, "cal.applied"));
        }
    });
    let _ = root.add_event_listener_with_callback(DONE_EVENT, on_done.as_ref().unchecked_ref());
    on_done.forget();
}

/// The panel's wasm: mounts the panel into the page's `#calibrate-root` with the plan handed over.
pub fn start() {
    console_error_panic_hook::set_once();
    let Some(root) = document().get_element_by_id(ROOT) else { return };
    let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() else { return };
    leptos::mount::mount_to(root, CalibrateApp).forget();
}

/// The plan and language the page handed over in `#calibrate-root`.
fn handed_over() -> (Scenario, crate::present::format::Lang) {
    let root = document().get_element_by_id(ROOT);
    let attr = |k: &str| root.as_ref().and_then(|r| r.get_attribute(k)).unwrap_or_default();
    // Read through the browser's JSON parser: every number exactly the page's.
    let sc = js_sys::JSON::parse(&attr("data-plan"))
        .ok()
        .and_then(|v| serde_wasm_bindgen::from_value::<Scenario>(v).ok())
        .unwrap_or_default();
    (sc, crate::present::format::Lang::from_tag(&attr("data-lang")))
}

/// The panel's root: its own state around the plan handed over, the files worker's client, open at once.
#[component]
fn CalibrateApp() -> impl IntoView {
    let (sc, lang) = handed_over();
    let state = super::AppState::new(sc, lang);
    provide_context(state);
    super::analysis::provide_files(state);
    let open = RwSignal::new(true);
    provide_context(CalibrateOpen(open));
    provide_context(Calibration(RwSignal::new(CalibrationState::Idle)));
    let reopen = Closure::<dyn Fn()>::new(move || {
        let (sc, lang) = handed_over();
        state.lang.set(lang);
        state.scenario.set(sc);
        open.set(true);
    });
    if let Some(root) = document().get_element_by_id(ROOT) {
        let _ = root.add_event_listener_with_callback(OPEN_EVENT, reopen.as_ref().unchecked_ref());
    }
    reopen.forget();
    view! { <CalibratePanel/> }
}

/// One channel's fit: its index, the MAPE of monthly GMV, last year's monthly GMV and the backcast's.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelFit {
    pub channel: usize,
    pub mape: f64,
    pub actual: Vec<f64>,
    pub backcast: Vec<f64>,
}

/// Where a calibration from last year's files stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum CalibrationState {
    /// Nothing asked.
    #[default]
    Idle,
    /// The worker is fitting.
    Running,
    /// Fitted: the calibrated plan (JSON), each file's fit, the changes and notes in words. (The plan it was
    /// asked for is kept by the panel: the report applies only to it.)
    Done { scenario: String, channels: Vec<ChannelFit>, changes: Vec<String>, notes: Vec<String> },
    /// Refused or failed: why, in the user's words.
    Failed(String),
}

/// The calibration of the panel, in context.
#[derive(Clone, Copy)]
struct Calibration(RwSignal<CalibrationState>);

/// Asks the files worker to calibrate `sc` (its spend lines at last year's budgets) on `files` (channel, name,
/// bytes), with the words in `lang`; the answer lands in `out`.
fn ask(
    jobs: FileJobs,
    a: super::analysis::Analysis,
    out: RwSignal<CalibrationState>,
    sc: Scenario,
    files: Vec<(usize, String, Arc<Vec<u8>>)>,
    lang: &str,
) {
    let list: js_sys::Array = files
        .iter()
        .map(|(c, name, bytes)| {
            object(&[
                ("channel", JsValue::from_f64(*c as f64)),
                ("name", JsValue::from_str(name)),
                ("bytes", js_sys::Uint8Array::from(&bytes[..]).into()),
            ])
        })
        .collect();
    let params = object(&[("files", list.into()), ("lang", JsValue::from_str(lang))]);
    out.set(CalibrationState::Running);
    super::analysis::take_answers(move |kind, msg| {
        if kind == "calibrate" {
            out.set(answer(msg));
        }
    });
    jobs.ask_other(a, "calibrate", sc, params);
}

/// A calibration's answer as its state.
fn answer(msg: &js_sys::Array) -> CalibrationState {
    let answer = msg.get(2);
    if msg.get(1).as_string().as_deref() == Some("error") {
        return CalibrationState::Failed(answer.as_string().unwrap_or_default());
    }
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let strings = |k: &str| js_sys::Array::from(&get(&answer, k)).iter().filter_map(|l| l.as_string()).collect();
    let numbers =
        |o: &JsValue, k: &str| get(o, k).dyn_into::<js_sys::Float64Array>().map(|d| d.to_vec()).unwrap_or_default();
    let channels = js_sys::Array::from(&get(&answer, "channels"))
        .iter()
        .map(|c| ChannelFit {
            channel: get(&c, "channel").as_f64().unwrap_or(0.0) as usize,
            mape: get(&c, "mape").as_f64().unwrap_or(0.0),
            actual: numbers(&c, "actual"),
            backcast: numbers(&c, "backcast"),
        })
        .collect();
    CalibrationState::Done {
        scenario: get(&answer, "scenario").as_string().unwrap_or_default(),
        channels,
        changes: strings("changes"),
        notes: strings("notes"),
    }
}

/// Whether the calibration panel is open (in the panel's wasm).
#[derive(Clone, Copy)]
pub struct CalibrateOpen(pub RwSignal<bool>);

/// A chosen file: its name and bytes.
type Chosen = Option<(String, Arc<Vec<u8>>)>;

/// The panel: files per channel, last year's budgets, run, and the report.
#[component]
pub fn CalibratePanel() -> impl IntoView {
    let open = expect_context::<CalibrateOpen>().0;
    let state = use_state();
    let files = RwSignal::new(Vec::<Chosen>::new());
    let budgets = RwSignal::new(Vec::<String>::new());
    // The plan the last calibration was asked for: the report applies only to it.
    let asked = StoredValue::new(None::<Scenario>);
    Effect::new(move |_| {
        if open.get() {
            state.scenario.with_untracked(|sc| {
                files.set(vec![None; sc.channels.len()]);
                budgets.set(sc.spend_lines.iter().map(|l| format::field(l.budget)).collect());
            });
        }
    });
    move || {
        open.get().then(|| {
            view! {
                <section class="calibrate panel" data-testid="calibrate" aria-labelledby="calibrate-title">
                    <h2 id="calibrate-title">{ct("cal.title")}</h2>
                    <p class="muted small">{ct("cal.intro")}</p>
                    <div class="calibrate-inputs">
                        <ChannelFiles files=files/>
                        <LastYearBudgets budgets=budgets/>
                    </div>
                    <RunButton files=files budgets=budgets asked=asked/>
                    <CalibrationReport asked=asked/>
                    <button type="button" data-testid="calibrate-close" on:click=move |_| open.set(false)>{ct("cal.close")}</button>
                </section>
            }
        })
    }
}

/// One file input per channel.
#[component]
fn ChannelFiles(
    /// The file chosen for each channel.
    files: RwSignal<Vec<Chosen>>,
) -> impl IntoView {
    let state = use_state();
    let pick = move |c: usize, ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                let bytes = Arc::new(js_sys::Uint8Array::new(&buf).to_vec());
                files.update(|f| f.get_mut(c).into_iter().for_each(|slot| *slot = Some((file.name(), bytes.clone()))));
            }
        });
    };
    view! {
        <fieldset><legend>{ct("cal.files")}</legend>
            {move || state.scenario.with(|sc| sc.channels.iter().map(|ch| ch.name.clone()).collect::<Vec<_>>()).into_iter().enumerate().map(|(c, name)| view! {
                <label class="calibrate-file">
                    <span>{name}</span>
                    <input type="file" accept=".xls,.xlsx,.ods,.csv,.txt,.tsv" data-testid=format!("calibrate-file-{c}") on:change=move |ev| pick(c, ev)/>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// Last year's budget of each spend line, pre-filled with the plan's, typed in 万 / 亿 as any amount.
#[component]
fn LastYearBudgets(
    /// The typed budgets, one per spend line.
    budgets: RwSignal<Vec<String>>,
) -> impl IntoView {
    let state = use_state();
    view! {
        <fieldset><legend>{ct("cal.budgets")}</legend>
            {move || state.scenario.with(|sc| sc.spend_lines.iter().map(|l| l.name.clone()).collect::<Vec<_>>()).into_iter().enumerate().map(|(j, name)| view! {
                <label class="inline calibrate-budget">
                    <span>{name}</span>" "
                    <input type="text" inputmode="text" size="10" data-testid=format!("calibrate-budget-{j}")
                        class:invalid=move || budgets.with(|b| b.get(j).is_some_and(|x| format::parse_amount(x).is_err()))
                        prop:value=move || budgets.with(|b| b.get(j).cloned().unwrap_or_default())
                        on:input=move |ev| budgets.update(|b| b.get_mut(j).into_iter().for_each(|x| *x = event_target_value(&ev)))/>
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// Runs the fit in the files worker on the plan with last year's budgets.
#[component]
fn RunButton(
    /// The file chosen for each channel.
    files: RwSignal<Vec<Chosen>>,
    /// The typed budgets.
    budgets: RwSignal<Vec<String>>,
    /// Where the plan asked for is kept.
    asked: StoredValue<Option<Scenario>>,
) -> impl IntoView {
    let (state, a) = (use_state(), use_analysis());
    let jobs = expect_context::<FileJobs>();
    let out = expect_context::<Calibration>().0;
    let plan = move || {
        let typed: Option<Vec<f64>> = budgets.with(|b| b.iter().map(|x| format::parse_amount(x).ok()).collect());
        let mut sc = state.scenario.get_untracked();
        for (line, b) in sc.spend_lines.iter_mut().zip(typed?) {
            line.budget = b;
        }
        crate::model::validate(&sc).is_empty().then_some(sc)
    };
    let ready = move || {
        files.with(|f| f.iter().any(Option::is_some))
            && budgets.with(|b| b.iter().all(|x| format::parse_amount(x).is_ok()))
    };
    let run = move |_| {
        let Some(sc) = plan() else { return };
        let chosen = files.with_untracked(|f| {
            f.iter().enumerate().filter_map(|(c, x)| x.as_ref().map(|(n, b)| (c, n.clone(), b.clone()))).collect()
        });
        asked.set_value(Some(state.scenario.get_untracked()));
        ask(jobs, a, out, sc, chosen, state.lang.get_untracked().tag());
    };
    view! {
        <button type="button" class="primary" data-testid="calibrate-run" disabled=move || !ready() on:click=run>{ct("cal.run")}</button>
    }
}

/// The report of the last calibration: MAPE per file, actual against backcast, the changes, the notes, apply.
#[component]
fn CalibrationReport(
    /// The plan the calibration was asked for.
    asked: StoredValue<Option<Scenario>>,
) -> impl IntoView {
    let state = use_state();
    let calibration = expect_context::<Calibration>().0;
    let open = expect_context::<CalibrateOpen>().0;
    let apply = move |_| {
        let CalibrationState::Done { scenario, .. } = calibration.get_untracked() else { return };
        let fresh = asked.with_value(|p| state.scenario.with_untracked(|sc| p.as_ref() == Some(sc)));
        let Some(root) = document().get_element_by_id(ROOT).filter(|_| fresh) else { return };
        let _ = root.set_attribute("data-result", &scenario);
        if let Ok(e) = web_sys::Event::new(DONE_EVENT) {
            let _ = root.dispatch_event(&e);
            calibration.set(CalibrationState::Idle);
            open.set(false);
        }
    };
    move || match calibration.get() {
        CalibrationState::Idle => ().into_any(),
        CalibrationState::Running => {
            view! { <p class="muted" data-testid="calibrate-running">{ct("cal.running")}</p> }.into_any()
        }
        CalibrationState::Failed(why) => {
            view! { <p class="notice error" data-testid="calibrate-error" role="alert">{why}</p> }.into_any()
        }
        CalibrationState::Done { channels, changes, notes, .. } => {
            let fresh = Memo::new(move |_| asked.with_value(|p| state.scenario.with(|sc| p.as_ref() == Some(sc))));
            view! {
                <div class="answer" data-testid="calibrate-report">
                    <FitChart channels=channels.clone()/>
                    <h3>{ct("cal.changes")}</h3>
                    <ul class="calibrate-changes">{changes.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <ul class="calibrate-notes">{notes.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    {move || (!fresh.get()).then(|| view! { <p class="muted">{ct("cal.stale")}</p> })}
                    <button type="button" class="primary" data-testid="calibrate-apply" disabled=move || !fresh.get() on:click=apply>{ct("cal.apply")}</button>
                </div>
            }
            .into_any()
        }
    }
}

/// Each file's MAPE, and one channel's monthly GMV actual against backcast.
#[component]
fn FitChart(
    /// The fitted channels.
    channels: Vec<ChannelFit>,
) -> impl IntoView {
    let state = use_state();
    let shown = RwSignal::new(channels.first().map_or(0, |c| c.channel));
    let names =
        move |c: usize| state.scenario.with(|sc| sc.channels.get(c).map(|ch| ch.name.clone()).unwrap_or_default());
    let fits = channels.clone();
    let series = Signal::derive(move || {
        let lang = state.lang.get();
        let Some(f) = fits.iter().find(|f| f.channel == shown.get()) else { return Vec::new() };
        let months = |v: &[f64]| std::array::from_fn(|m| v.get(m).copied().unwrap_or(0.0));
        vec![
            Pinned { name: t_calibrate(lang, "cal.actual").into(), monthly_gmv: months(&f.actual) },
            Pinned { name: t_calibrate(lang, "cal.backcast").into(), monthly_gmv: months(&f.backcast) },
        ]
    });
    view! {
        <table class="calibrate-mape">
            <thead><tr><th>{super::tr("ac.channel")}</th><th>{ct("cal.mape")}</th></tr></thead>
            <tbody>{channels.iter().map(|f| {
                let c = f.channel;
                view! {
                    <tr class:selected=move || shown.get() == c>
                        <th><button type="button" class="link" on:click=move |_| shown.set(c)>{names(c)}</button></th>
                        <td data-testid=format!("calibrate-mape-{c}")>{format::percent(f.mape, 2)}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
        <FitCanvas series=series/>
    }
}

/// Last year's monthly GMV against the backcast: the comparison chart's function over the panel's own lines, on a
/// canvas sized to its box and the device pixel ratio.
#[component]
fn FitCanvas(
    /// The lines: actual, then backcast.
    series: Signal<Vec<Pinned>>,
) -> impl IntoView {
    use plotters::prelude::IntoDrawingArea;
    let state = use_state();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let description = RwSignal::new(String::new());
    Effect::new(move |_| {
        let (lines, lang) = (series.get(), state.lang.get());
        let Some(el) = canvas.get() else { return };
        let dpr = window().device_pixel_ratio().clamp(1.0, 4.0);
        el.set_width((el.client_width().max(200) as f64 * dpr).round() as u32);
        el.set_height((260.0 * dpr).round() as u32);
        state.scenario.with(|sc| {
            state.results.with(|r| {
                let input = crate::charts::ChartInput {
                    scale: dpr,
                    compare: &lines,
                    ..crate::charts::ChartInput::new(sc, r, lang)
                };
                if let Some(backend) = super::canvas_backend::MeasuredCanvas::new(el.clone()) {
                    let area = backend.into_drawing_area();
                    let _ = crate::charts::draw(ChartKind::Compare, &area, &input);
                    let _ = area.present();
                }
                description.set(crate::charts::describe(ChartKind::Compare, &input));
            })
        });
    });
    view! {
        <figure class="chart" data-testid="chart-calibration">
            <figcaption>{ct("cal.chart")}</figcaption>
            <canvas node_ref=canvas role="img" class="h260" aria-label=move || description.get()></canvas>
        </figure>
    }
}
