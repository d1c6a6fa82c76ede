//! "Start from last year" (MODEL.md §12): one daily export per channel and last year's budgets in, the fit run
//! in the files worker, then the report — each file's monthly GMV against the backcast, its MAPE, every field
//! that changes and the warnings — and apply.
//!
//! The panel is in the panels' wasm (`app::lazy`, fetched after the page's first paint) and mounts into the
//! page's `#calibrate-root`: the page hands it the plan and the language when the planner opens it (the event
//! `sandtable:plan` opens it again), and it hands the calibrated plan back with `sandtable:apply`. The page
//! applies it.
//!
//! Invariant: the plan changes only through the page's apply, as one undoable step, and only while it is the
//! plan the calibration was asked for; the files never leave the page and neither the panel nor the fit load
//! with it.
//!
//! The folder is the ways to start a plan: the calibration here and a new plan from a template (`new_plan.rs`,
//! shown inside this panel). Its one way in: `ROOT`, `open`, `CalibrateApp`.

mod new_plan;

use super::{lazy, use_state};
use crate::app::workers::{object, use_analysis, FileJobs};
use crate::charts::decisions::Pinned;
use crate::charts::ChartKind;
use crate::model::Scenario;
use crate::present::format;
use crate::present::i18n::t;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The element the panel mounts into; the page renders it empty.
pub const ROOT: &str = "calibrate-root";

/// The page's side: opens the panel on the current plan, loading the panels' wasm if it has not loaded yet.
pub fn open(state: super::AppState) {
    lazy::hand_over(state, ROOT);
    lazy::load();
}

/// The panel's root (in the panels' wasm): its own state around the plan handed over, the files worker's client;
/// open at once if the planner asked for it before the wasm had loaded.
#[component]
pub fn CalibrateApp() -> impl IntoView {
    let (sc, lang) = lazy::handed_over(ROOT);
    let asked = lazy::root(ROOT).is_some_and(|r| r.has_attribute("data-plan"));
    let state = super::AppState::new(sc, lang);
    provide_context(state);
    crate::app::workers::provide_files(state);
    let open = RwSignal::new(asked);
    provide_context(CalibrateOpen(open));
    provide_context(Calibration(RwSignal::new(CalibrationState::Idle)));
    if let Some(root) = lazy::root(ROOT) {
        lazy::listen(&root, lazy::PLAN_EVENT, move || {
            let (sc, lang) = lazy::handed_over(ROOT);
            state.lang.set(lang);
            state.take(sc);
            open.set(true);
        });
    }
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
    a: crate::app::workers::Analysis,
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
    lazy::take_answers("calibrate", move |msg| out.set(answer(msg)));
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
                    <h2 id="calibrate-title">{super::tr("cal.title")}</h2>
                    <p class="muted small">{super::tr("cal.intro")}</p>
                    <div class="calibrate-inputs">
                        <ChannelFiles files=files/>
                        <LastYearBudgets budgets=budgets/>
                    </div>
                    <RunButton files=files budgets=budgets asked=asked/>
                    <CalibrationReport asked=asked/>
                    <new_plan::NewPlan root=ROOT close=move || open.set(false)/>
                    <button type="button" data-testid="calibrate-close" on:click=move |_| open.set(false)>{super::tr("cal.close")}</button>
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
        <fieldset><legend>{super::tr("cal.files")}</legend>
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
        <fieldset><legend>{super::tr("cal.budgets")}</legend>
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
        <button type="button" class="primary" data-testid="calibrate-run" disabled=move || !ready() on:click=run>{super::tr("cal.run")}</button>
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
        if fresh {
            lazy::send_apply(ROOT, &scenario, t(state.lang.get_untracked(), "cal.applied"));
            calibration.set(CalibrationState::Idle);
            open.set(false);
        }
    };
    move || match calibration.get() {
        CalibrationState::Idle => ().into_any(),
        CalibrationState::Running => {
            view! { <p class="muted" data-testid="calibrate-running">{super::tr("cal.running")}</p> }.into_any()
        }
        CalibrationState::Failed(why) => {
            view! { <p class="notice error" data-testid="calibrate-error" role="alert">{why}</p> }.into_any()
        }
        CalibrationState::Done { channels, changes, notes, .. } => {
            let fresh = Memo::new(move |_| asked.with_value(|p| state.scenario.with(|sc| p.as_ref() == Some(sc))));
            view! {
                <div class="answer" data-testid="calibrate-report">
                    <FitChart channels=channels.clone()/>
                    <h3>{super::tr("cal.changes")}</h3>
                    <ul class="calibrate-changes">{changes.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <ul class="calibrate-notes">{notes.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    {move || (!fresh.get()).then(|| view! { <p class="muted">{super::tr("cal.stale")}</p> })}
                    <button type="button" class="primary" data-testid="calibrate-apply" disabled=move || !fresh.get() on:click=apply>{super::tr("cal.apply")}</button>
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
            Pinned { name: t(lang, "cal.actual").into(), monthly_gmv: months(&f.actual) },
            Pinned { name: t(lang, "cal.backcast").into(), monthly_gmv: months(&f.backcast) },
        ]
    });
    view! {
        <table class="calibrate-mape">
            <thead><tr><th>{super::tr("ac.channel")}</th><th>{super::tr("cal.mape")}</th></tr></thead>
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
                if let Some(backend) = crate::app::results::MeasuredCanvas::new(el.clone()) {
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
            <figcaption>{super::tr("cal.chart")}</figcaption>
            <canvas node_ref=canvas role="img" class="h260" aria-label=move || description.get()></canvas>
        </figure>
    }
}
