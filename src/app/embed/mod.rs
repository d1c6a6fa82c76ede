//! The compact view for an iframe (`?embed=1`), in its own wasm and without the app's framework: the plan's
//! name and a link to the full app with the same plan, headline KPIs with their status, one chart (`&chart=`),
//! with `&edit=1` a few key drivers to move, and the messages to the host page (`sandtable:results`,
//! `sandtable:resize`).
//!
//! It is a few elements written by hand, so an embed loads the engine, the codec, the cards and its chart, and
//! not the reactive runtime the editor needs. The drivers and the Monte Carlo's charts (fan, histogram, tornado)
//! are linked only by the full embed's wasm (`mount_full`, `sandtable-embed-full`, loaded for `&edit=1` or one of
//! those charts): the usual read-only embed of a results chart (`mount`) loads none of their code.
//!
//! Invariant: one plan (`Page::state`), its results computed once per change; every element is written only when
//! its text changes, and the chart is drawn at most once per frame.
//!
//! The read-only embed reads its link with the browser's JSON parser (`plan.rs`) and sends the worker its plan as a
//! JS object built directly, and its "open in Sandtable" is its own link: its wasm has neither serde_json's reader
//! of a plan (18 KB gzip) nor a JSON writer. The full embed, whose drivers carry serde_json anyway, reads and
//! writes JSON as the page does.
//!
//! The folder is the embed page: the page and its messages here, its cards' and chart's elements
//! (`chart.rs`), the drivers (`driver.rs`), how it opens its plan (`plan.rs`), the analysis worker's client
//! (`analysis.rs`) and the DOM calls (`dom.rs`). Its ways in: `mount` and `mount_full`, one per wasm.

mod analysis;
mod chart;
mod dom;
mod driver;
mod plan;

pub use plan::by_browser as read_plan_by_browser;

use crate::analysis::montecarlo::{has_ranges, MonteCarlo};
use crate::analysis::sensitivity::Tornado;
use crate::app::results::{spread_line, target_line, Drawers, EMBEDDABLE_CHARTS, RESULT_CHARTS};
use crate::app::share::{self, Mode};
use crate::charts::{ChartInput, ChartKind};
use crate::model::inputs::Unit;
use crate::model::{kpi, Scenario, Simulator};
use crate::present::format::{self, Lang};
use crate::present::i18n::{self, t};
use dom::{attr, el, text, window};
use js_sys::Object;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// The KPIs an embedded plan shows.
const KPIS: [&str; 6] = ["gmv", "net_profit", "net_margin", "paid_roi", "repeat_share", "marketing"];

/// The drivers editable with `&edit=1`: the GMV target, the first channel's conversion and order value,
/// and the first spend line's budget.
const DRIVERS: [&str; 4] = ["targets.gmv", "channels.0.cvr", "channels.0.aov", "spend_lines.0.budget"];

/// The results a host hears (`sandtable:results`), by their keys in `Kpis`.
const HEARD: [&str; 11] = [
    "gmv",
    "net_gmv",
    "net_profit",
    "net_margin",
    "paid_roi",
    "roi",
    "marketing",
    "marketing_ratio",
    "repeat_share",
    "orders",
    "yoy_growth",
];

/// The plan, its results and its analyses.
struct State {
    plan: Scenario,
    sim: Simulator,
    mc: Option<MonteCarlo>,
    tornado: Option<Tornado>,
}

/// One KPI card's elements.
struct Card {
    key: &'static str,
    unit: Unit,
    card: Element,
    value: Element,
    target: Element,
    spread: Element,
}

/// The page: its language and what it was asked to show, its state and its elements.
struct Page {
    lang: Lang,
    mode: Mode,
    state: RefCell<State>,
    name: Element,
    open: Element,
    /// The full app's link to a plan.
    link: fn(&Scenario) -> String,
    cards: Vec<Card>,
    chart: chart::Chart,
    analysis: analysis::Client,
}

thread_local! {
    /// The page, once mounted.
    static PAGE: RefCell<Option<Rc<Page>>> = const { RefCell::new(None) };
}

/// Calls `f` with the current plan (the default plan before the page is mounted).
fn with_plan<T>(f: impl FnOnce(&Scenario) -> T) -> T {
    match PAGE.with(|p| p.borrow().clone()) {
        Some(page) => f(&page.state.borrow().plan),
        None => f(&Scenario::default()),
    }
}

/// What one embed's wasm can do, chosen at compile time: the usual embed's wasm links none of the full one's code.
struct Build<D: Fn(&Rc<Page>, &Element), O: Fn(Lang) -> Option<Scenario>> {
    /// Builds the drivers in their box (`&edit=1`); `None` in a read-only embed.
    drivers: Option<D>,
    /// The charts it draws.
    charts: Drawers,
    /// The full app's link to the plan shown.
    link: fn(&Scenario) -> String,
    /// Opens the page's plan in the reader's language.
    open: O,
    /// Makes the plan the JS object sent to the analysis worker.
    to_js: fn(&Scenario) -> Option<JsValue>,
}

/// Mounts the read-only embed of a results chart (the `sandtable-embed` wasm): it has no drivers and draws only
/// the results' five charts, as the start-up script loads the full embed for `&edit=1` and the other charts. Its
/// plan never changes, so "open in Sandtable" opens its own link, and it writes no JSON.
pub fn mount() {
    wasm_bindgen_futures::spawn_local(async {
        plan::read_link().await;
        start(Build {
            drivers: None::<fn(&Rc<Page>, &Element)>,
            charts: RESULT_CHARTS,
            link: |_| share::same_link(),
            open: plan::open_by_browser,
            to_js: analysis::to_js_directly,
        });
    });
}

/// Mounts the full embed (the `sandtable-embed-full` wasm): every embeddable chart, and with `&edit=1` the
/// drivers; its link follows the plan as moved.
pub fn mount_full() {
    wasm_bindgen_futures::spawn_local(async {
        plan::read_link().await;
        start(Build {
            drivers: Some(Page::drivers),
            charts: EMBEDDABLE_CHARTS,
            link: share::link,
            open: plan::open_by_serde,
            to_js: analysis::to_js_through_json,
        });
    });
}

/// Mounts the embed on `<body>`: the link's plan (else the default plan in the reader's language), its results
/// and chart; then, with `&edit=1`, the drivers (built in their box); the host's messages and the Monte Carlo.
fn start(build: Build<impl Fn(&Rc<Page>, &Element), impl Fn(Lang) -> Option<Scenario>>) {
    console_error_panic_hook::set_once();
    let lang = crate::app::initial_lang();
    let mode = Mode::from_location();
    // An embed opens its link only: it never reads nor writes the planner's autosave.
    let Some(plan) = (build.open)(lang) else { return };
    let doc = dom::document();
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
    doc.set_title(t(lang, "app.title"));
    let Some(body) = doc.body() else { return };
    let root = el("div", &[("class", "embed"), ("data-testid", "embed")], Some(&body));
    let head = el("header", &[("class", "embed-head")], Some(&root));
    let name = el("strong", &[("data-testid", "embed-name")], Some(&head));
    let open = el("a", &[("target", "_blank"), ("rel", "noopener"), ("data-testid", "open-full")], Some(&head));
    text(&open, t(lang, "u.open_full"));
    let grid = el("div", &[("class", "kpis")], Some(&root));
    let cards = kpi::KPIS[..kpi::CARDS]
        .iter()
        .filter(|k| KPIS.contains(&k.key))
        .map(|k| card(k.key, k.unit, lang, &grid))
        .collect();
    let drivers = build.drivers.filter(|_| mode.edit).map(|build| {
        (build, el("div", &[("class", "grid four drivers"), ("data-testid", "embed-drivers")], Some(&root)))
    });
    let chart = chart::Chart::new(mode.chart, build.charts, &root, mode.chart.title(lang), t(lang, "a.show_data"));
    let analysis = analysis::Client::new(
        |answer| {
            if let Some(page) = PAGE.with(|p| p.borrow().clone()) {
                page.take(answer);
            }
        },
        build.to_js,
    );
    let mut sim = Simulator::default();
    sim.run(&plan);
    let state = RefCell::new(State { plan, sim, mc: None, tornado: None });
    let page = Rc::new(Page { lang, mode, state, name, open, link: build.link, cards, chart, analysis });
    PAGE.with(|p| *p.borrow_mut() = Some(page.clone()));
    if let Some((build, host)) = drivers {
        build(&page, &host);
    }
    let p = page.clone();
    page.chart.on_toggle(move |_| p.with_input(|input| p.chart.describe(input)));
    let p = page.clone();
    dom::on(&window(), "resize", move |_| p.queue_draw());
    report_height();
    page.changed();
}

/// A KPI card in `grid`: its label, value, target line (empty, and hidden, without a target) and Monte Carlo line.
fn card(key: &'static str, unit: Unit, lang: Lang, grid: &Element) -> Card {
    let card = el("div", &[("class", "kpi"), ("data-testid", &format!("kpi-{key}"))], Some(grid));
    text(&el("div", &[("class", "kpi-label")], Some(&card)), t(lang, &format!("k.{key}")));
    let value = el("div", &[("class", "kpi-value")], Some(&card));
    let target = el("div", &[("class", "kpi-target")], Some(&card));
    let spread = el("div", &[("class", "kpi-spread"), ("data-testid", &format!("mc-kpi-{key}"))], None);
    Card { key, unit, card, value, target, spread }
}

impl Page {
    /// Builds the drivers in `host`, each labelled with what it belongs to (`天猫 转化率`, `Feed ads Budget`):
    /// alone in a wiki page, "转化率" would not say whose.
    fn drivers(self: &Rc<Self>, host: &Element) {
        let page = self.clone();
        let apply: driver::Apply = Rc::new(move |next| next.map(|sc| page.apply(sc)));
        let state = self.state.borrow();
        let sc = &state.plan;
        for path in DRIVERS.iter().filter(|p| !sc.spend_lines.is_empty() || !p.starts_with("spend_lines")) {
            let field = i18n::field_label(self.lang, path);
            let owner = match path.split('.').next() {
                Some("channels") => sc.channels.first().map(|c| c.name.as_str()),
                Some("spend_lines") => sc.spend_lines.first().map(|l| l.name.as_str()),
                _ => None,
            };
            let label = owner.map_or_else(|| field.to_string(), |o| format!("{o} {field}"));
            driver::Driver::new(path, &label, sc, self.lang, host, apply.clone());
        }
    }

    /// Makes `next` the plan, unless it is the plan already.
    fn apply(self: &Rc<Self>, next: Scenario) {
        {
            let mut s = self.state.borrow_mut();
            if s.plan == next {
                return;
            }
            s.sim.run(&next);
            s.plan = next;
        }
        self.changed();
    }

    /// After a change of the plan: the cards, the chart, the host, and the analyses of the new plan.
    fn changed(self: &Rc<Self>) {
        // Without ranges, there is no Monte Carlo to show; with them, the last one shows until the new one comes.
        {
            let mut s = self.state.borrow_mut();
            if !has_ranges(&s.plan) {
                s.mc = None;
            }
        }
        self.show();
        let s = self.state.borrow();
        if has_ranges(&s.plan) {
            let r = s.sim.results();
            let rows = (r.targets.clone(), r.tracking.as_ref().map(|t| t.forecast.targets.clone()).unwrap_or_default());
            self.analysis.ask("montecarlo", s.plan.clone(), rows);
        } else {
            self.analysis.forget("montecarlo");
        }
        if self.mode.chart == ChartKind::Tornado {
            self.analysis.ask("tornado:gmv", s.plan.clone(), Default::default());
        }
    }

    /// Shows an answer of the worker.
    fn take(self: &Rc<Self>, answer: analysis::Answer) {
        {
            let mut s = self.state.borrow_mut();
            match answer {
                analysis::Answer::MonteCarlo(mc) => s.mc = Some(*mc),
                analysis::Answer::Tornado(t) => s.tornado = Some(t),
            }
        }
        self.show();
    }

    /// Writes the name, the link, the cards, the chart's words and queues its draw, and tells the host.
    fn show(self: &Rc<Self>) {
        let s = self.state.borrow();
        let (r, lang) = (s.sim.results(), self.lang);
        text(&self.name, &s.plan.name);
        attr(&self.open, "href", Some(&(self.link)(&s.plan)));
        for c in &self.cards {
            let value = r.year.get(c.key);
            let row = r.target(c.key);
            attr(&c.card, "data-value", Some(&value.map(|v| v.to_string()).unwrap_or_default()));
            attr(&c.card, "data-status", row.map(|r| r.status.as_str()));
            text(&c.value, &format::value(c.unit, value, lang));
            text(&c.target, &row.map(|r| target_line(lang, c.unit, r)).unwrap_or_default());
            match s.mc.as_ref().and_then(|mc| spread_line(lang, c.unit, mc, c.key)) {
                Some((line, q)) => {
                    text(&c.spread, &line);
                    for (name, v) in [("data-p10", q.p10), ("data-p50", q.p50), ("data-p90", q.p90)] {
                        attr(&c.spread, name, v.map(|x| x.to_string()).as_deref());
                    }
                    if !c.spread.is_connected() {
                        let _ = c.card.append_child(&c.spread);
                    }
                }
                None => c.spread.remove(),
            }
        }
        drop(s);
        self.with_input(|input| self.chart.describe(input));
        self.queue_draw();
        self.post_results();
    }

    /// Calls `f` with the chart's input: the plan, its results and analyses, in the page's language.
    fn with_input(&self, f: impl FnOnce(&ChartInput)) {
        let s = self.state.borrow();
        let input = ChartInput {
            mc: s.mc.as_ref(),
            tornado: s.tornado.as_ref(),
            ..ChartInput::new(&s.plan, s.sim.results(), self.lang)
        };
        f(&input);
    }

    /// Draws the chart in the next animation frame, with the state of then; changes meanwhile make one draw.
    fn queue_draw(self: &Rc<Self>) {
        if self.chart.queued.replace(true) {
            return;
        }
        let page = self.clone();
        let cb = Closure::once_into_js(move || {
            page.chart.queued.set(false);
            page.with_input(|input| page.chart.draw(input));
        });
        let _ = window().request_animation_frame(cb.unchecked_ref());
    }

    /// Tells the host the headline results (`sandtable:results`): the KPIs, each target's status, with actuals the
    /// tracking headline (MODEL.md §10), and once the Monte Carlo has run, GMV's spread and the chance of its
    /// target (given the year so far too, with actuals).
    fn post_results(&self) {
        let s = self.state.borrow();
        let r = s.sim.results();
        let num = |x: Option<f64>| x.map(JsValue::from).unwrap_or(JsValue::NULL);
        let msg = Object::new();
        set(&msg, "type", "sandtable:results".into());
        for key in HEARD {
            set(&msg, key, num(r.year.get(key)));
        }
        let status = Object::new();
        for row in &r.targets {
            set(&status, &row.key, row.status.as_str().into());
        }
        set(&msg, "status", status.into());
        if let Some(tr) = &r.tracking {
            let m = Object::new();
            set(&m, "through", tr.through.as_str().into());
            set(&m, "time_progress", tr.time_progress.into());
            set(&m, "plan_progress", num(tr.plan_progress));
            set(&m, "target_progress", num(tr.target_progress));
            set(&m, "forecast_gmv", tr.forecast.gmv.into());
            let status = tr.forecast.targets.first().map_or("unknown", |row| row.status.as_str());
            set(&m, "forecast_status", status.into());
            set(&msg, "tracking", m.into());
        }
        set(&msg, "name", s.plan.name.as_str().into());
        if let Some(mc) = &s.mc {
            let m = Object::new();
            let g = mc.kpi("gmv").copied().unwrap_or_default();
            set(&m, "p10", num(g.p10));
            set(&m, "p50", num(g.p50));
            set(&m, "p90", num(g.p90));
            set(&m, "probability", num(mc.probability("gmv")));
            set(&m, "trials", (mc.trials as f64).into());
            let given = mc.forecast.as_ref().and_then(|f| f.targets.first()).map(|t| t.probability);
            set(&m, "forecast_probability", num(given));
            set(&msg, "montecarlo", m.into());
        }
        post(&msg);
    }
}

/// Tells the host the page's height whenever it changes (`sandtable:resize`): the body's own height, as the
/// document's scroll height is never less than the frame, so a frame taller than its content would never shrink.
fn report_height() {
    let last = Cell::new(0i32);
    let report = Closure::<dyn FnMut()>::new(move || {
        let Some(h) = dom::document().body().map(|b| b.scroll_height()) else { return };
        if h != last.replace(h) {
            let msg = Object::new();
            set(&msg, "type", "sandtable:resize".into());
            set(&msg, "height", h.into());
            post(&msg);
        }
    });
    if let (Ok(observer), Some(body)) =
        (web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()), dom::document().body())
    {
        observer.observe(&body);
        std::mem::forget(observer);
    }
    report.forget();
}

/// Posts `message` to the host page, when there is one.
fn post(message: &Object) {
    let w = window();
    if let Ok(Some(parent)) = w.parent() {
        if parent != w {
            let _ = parent.post_message(message, "*");
        }
    }
}

/// Sets `obj[key]`.
fn set(obj: &Object, key: &str, value: JsValue) {
    let _ = js_sys::Reflect::set(obj, &key.into(), &value);
}
