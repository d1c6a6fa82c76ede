//! `<CanvasChart>`: draws one pure chart of `crate::charts` on a canvas sized to its box and to the device
//! pixel ratio (crisp on HiDPI), redrawn when the results, the language or the window size change.

use super::canvas_backend::MeasuredCanvas;
use crate::app::use_state;
use crate::charts::{self, ChartInput, ChartKind};
use leptos::html;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Height of a chart in CSS pixels.
const HEIGHT: f64 = 260.0;

/// The charts a wasm can draw, as functions, provided in context: the page draws only the results' five
/// (`RESULT_CHARTS`), so the other charts' code stays out of its wasm; the panels provide `ALL_CHARTS`. The embed
/// draws its one chart itself (`app::embed`) with `RESULT_CHARTS` in its read-only wasm and `EMBEDDABLE_CHARTS`
/// in its full one.
#[derive(Clone, Copy)]
pub struct Drawers {
    /// Draws a chart on a canvas.
    pub draw: DrawOn<MeasuredCanvas>,
    /// Says what a chart shows.
    pub describe: fn(ChartKind, &ChartInput) -> String,
    /// A chart's data as a table.
    pub table: fn(ChartKind, &ChartInput) -> charts::Table,
}

/// A chart function on a backend.
pub type DrawOn<DB> = fn(ChartKind, &DrawingArea<DB, Shift>, &ChartInput) -> Result<(), String>;

/// The results' five charts (`ChartKind::is_result`); another kind is drawn blank.
pub const RESULT_CHARTS: Drawers =
    Drawers { draw: charts::draw_result, describe: charts::describe_result, table: charts::table_result };

/// The charts an embed can show (`ChartKind::embeddable`): the results' five and the Monte Carlo's fan, histogram
/// and tornado.
pub const EMBEDDABLE_CHARTS: Drawers =
    Drawers { draw: charts::draw_embeddable, describe: charts::describe_embeddable, table: charts::table_embeddable };

/// Every chart.
pub const ALL_CHARTS: Drawers = Drawers { draw: charts::draw, describe: charts::describe, table: charts::table };

/// One chart with its title, an accessible description and its data as a table.
#[component]
pub fn CanvasChart(
    /// Which chart.
    kind: ChartKind,
    /// Height in CSS pixels. Defaults to 260.
    #[prop(default = HEIGHT)]
    height: f64,
) -> impl IntoView {
    let state = use_state();
    let drawers = expect_context::<Drawers>();
    let canvas = NodeRef::<html::Canvas>::new();
    let description = RwSignal::new(String::new());
    // The canvas's CSS width and the viewport revision it was read at: reading it forces a layout, so it is
    // read only after a resize, not on every update.
    let width = StoredValue::new((u32::MAX, 0.0f64));
    let analysis = use_context::<crate::app::workers::Analysis>();
    let decisions = use_context::<crate::app::decisions::Decisions>();
    let observer: Observer = StoredValue::new_local(None);
    // Whether the chart is on screen or near it (or being printed); whether it was at the last run; whether
    // what it shows changed since it was last drawn.
    let shown = RwSignal::new(false);
    let (seen, stale) = (StoredValue::new(false), StoredValue::new(true));
    Effect::new(move |_| {
        let lang = state.lang.get();
        let viewport = state.viewport.get();
        let line = state.response_line.get();
        // Only the uncertainty charts follow the analyses, so a finished run redraws them alone.
        let mc = analysis
            .filter(|_| matches!(kind, ChartKind::Fan | ChartKind::Histogram | ChartKind::Forecast))
            .and_then(|a| a.mc.get());
        let tornado = analysis.filter(|_| kind == ChartKind::Tornado).and_then(|a| a.tornado.get());
        // The decisions' charts follow their answers.
        let optimum = decisions.filter(|_| kind == ChartKind::Curves).and_then(|d| d.optimum.get());
        let pinned = match decisions.filter(|_| kind == ChartKind::Compare) {
            Some(d) => d.pinned.with(|p| d.pinned_results.with(|r| crate::app::decisions::monthly(p, r))),
            None => Vec::new(),
        };
        let Some(el) = canvas.get() else { return };
        if observer.with_value(Option::is_none) && !shown.get_untracked() {
            watch_screen(&el, shown, observer);
        }
        // Off screen, a chart only says what it shows (its description reads the same as if drawn) and is drawn
        // once it comes near the screen, if anything changed meanwhile.
        let on = shown.get();
        // This run came from what the chart shows, not from its coming on or off screen.
        let changed = seen.get_value() == on;
        seen.set_value(on);
        if changed {
            stale.set_value(true);
        }
        let draw = on && stale.get_value();
        let dpr = window().device_pixel_ratio().clamp(1.0, 4.0);
        let perf = window().performance().filter(|_| draw);
        let start = format!("sandtable:chart:{}:start", kind.key());
        if draw {
            let css_w = match width.get_value() {
                (v, w) if v == viewport && w > 0.0 => w,
                _ => {
                    let w = el.client_width().max(200) as f64;
                    width.set_value((viewport, w));
                    w
                }
            };
            let (w, h) = ((css_w * dpr).round() as u32, (height * dpr).round() as u32);
            if el.width() != w || el.height() != h {
                el.set_width(w);
                el.set_height(h);
            }
            if let Some(p) = &perf {
                let _ = p.mark(&start);
            }
        }
        state.scenario.with(|sc| {
            state.results.with(|r| {
                let input = ChartInput {
                    scale: dpr,
                    line,
                    mc: mc.as_deref(),
                    tornado: tornado.as_deref(),
                    optimum: optimum.as_deref().map(|o| &o.0),
                    compare: &pinned,
                    ..ChartInput::new(sc, r, lang)
                };
                if let Some(backend) = draw.then(|| MeasuredCanvas::new(el.clone())).flatten() {
                    let area = backend.into_drawing_area();
                    let _ = (drawers.draw)(kind, &area, &input);
                    let _ = area.present();
                    stale.set_value(false);
                }
                description.set((drawers.describe)(kind, &input));
            })
        });
        // Each chart's own draw time, for benchmarks: `sandtable:chart:<key>`.
        if let Some(p) = perf {
            let _ = p.measure_with_start_mark(&format!("sandtable:chart:{}", kind.key()), &start);
            p.clear_marks_with_mark_name(&start);
        }
    });
    // Before printing, every chart is drawn.
    let printing = window_event_listener_untyped("beforeprint", move |_| shown.set(true));
    on_cleanup(move || {
        printing.remove();
        observer.try_with_value(|o| o.as_ref().map(|(o, _)| o.disconnect()));
    });
    let open = RwSignal::new(false);
    let table = move || {
        let lang = state.lang.get();
        let line = state.response_line.get();
        state.scenario.with(|sc| {
            state.results.with(|r| (drawers.table)(kind, &ChartInput { line, ..ChartInput::new(sc, r, lang) }))
        })
    };
    view! {
        <figure class="chart" data-testid=format!("chart-{}", kind.key())>
            <figcaption>{move || kind.title(state.lang.get())}</figcaption>
            <canvas node_ref=canvas role="img" class=format!("h{}", height as u32) aria-label=move || description.get()></canvas>
            <p class="sr-only">{move || description.get()}</p>
            <details class="chart-data" on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>{move || crate::present::i18n::t(state.lang.get(), "a.show_data")}</summary>
                {move || open.get().then(|| {
                    let tb = table();
                    view! {
                        <table>
                            <thead><tr>{tb.headers.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                            <tbody>{tb.rows.into_iter().map(|row| view! {
                                <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                            }).collect_view()}</tbody>
                        </table>
                    }
                })}
            </details>
        </figure>
    }
}

/// Sets `shown` while the canvas is within half a screen of the viewport (`watch_near`, started at the chart's
/// first run and held in `observer` for the chart's life); without the observer the chart is always shown.
fn watch_screen(el: &web_sys::HtmlCanvasElement, shown: RwSignal<bool>, observer: Observer) {
    match watch_near(el, "50% 0px", move |on| {
        if on != shown.get_untracked() {
            shown.set(on);
        }
    }) {
        Some(o) => observer.set_value(Some(o)),
        None => shown.set(true),
    }
}

/// Calls `f` with whether `el` is within `margin` of the viewport (CSS margins: `"50% 0px"` is half a screen above
/// and below, `"0px"` on screen), each time that changes (an `IntersectionObserver`, returned with its callback for
/// the caller to hold; `None` where there is none).
pub fn watch_near(el: &web_sys::Element, margin: &str, f: impl Fn(bool) + 'static) -> Option<Watch> {
    use wasm_bindgen::prelude::*;
    let on_change = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let last = entries.iter().last().and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok());
        if let Some(e) = last {
            f(e.is_intersecting());
        }
    });
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin(margin);
    let o = web_sys::IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &init).ok()?;
    o.observe(el);
    Some((o, on_change))
}

/// A screen observer and its callback (`watch_near`).
pub type Watch = (web_sys::IntersectionObserver, wasm_bindgen::closure::Closure<dyn Fn(js_sys::Array)>);

/// A chart's screen observer and its callback.
type Observer = StoredValue<Option<Watch>, LocalStorage>;
