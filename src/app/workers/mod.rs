//! The page's side of the analysis worker (`crate::worker`): after every change of a plan with ranges it asks
//! for the Monte Carlo (and, while the tornado is open, the tornado), and shows the answers as signals.
//!
//! Invariant: at most one request is in the worker at a time and each kind keeps only its newest pending
//! request, so a burst of edits (a slider drag) runs the newest plan next and never queues stale work; an
//! answer for a plan that has since changed is dropped. In a burst, the analyses run once at its start and then
//! once the plan rests (`REST_MS`): the worker does not compete with the page for the machine while every answer
//! would be stale on arrival. An edit cancels the Monte Carlo under way for the plan it replaces as it lands
//! (`plan_moves`; the worker stops it within a few ms), and the new plan's is sent once the edit's frame is painted,
//! so an edit's own frame never shares the machine with its Monte Carlo. The worker's wasm loads only when first
//! needed.
//!
//! The folder is the page's side of both workers: the analysis worker here and the files worker (`files.rs`:
//! imports, results files, the File menu, a dropped file). Its one way in: this module's items, `download`,
//! `file_stem`, `drop_to_import`, `take_imports` and `FileBody`.

mod files;
pub use files::{download, drop_to_import, file_stem, take_imports, FileBody};

use super::{use_state, AppState};
use crate::analysis::montecarlo::has_ranges;
use crate::analysis::montecarlo::MonteCarlo;
use crate::analysis::sensitivity::Tornado;
use crate::analysis::wire;
use crate::model::results::TargetResult;
use crate::model::Scenario;
use js_sys::{Array, Float64Array};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The boot script's path, next to the page, followed by `$mark` (what it is to load or start).
macro_rules! boot {
    ($mark:expr) => {
        concat!("./sandtable-worker-boot.js", $mark)
    };
}

/// The analysis worker's boot script (it loads `sandtable-worker.js` and its wasm).
pub(crate) const ANALYSIS_BOOT: &str = boot!("");

/// The analysis worker's boot script for an embed, whose worker starts no helper for its trials
/// (`crate::worker::solo_mark`): a wiki page may hold several embeds, and most run one Monte Carlo. `boot_url` adds
/// the version after it (`?solo&?v=<the build>`); the boot script drops the mark before it loads the worker's files.
pub(crate) const SOLO_BOOT: &str = boot!(crate::worker::solo_mark!());

/// The files worker's boot script (imports and results files): the same script, marked to load `sandtable-files.js`
/// and its wasm; `boot_url` adds the version after the mark (`?files&?v=<the build>`).
const FILES_BOOT: &str = boot!("?files&");

/// Where the Monte Carlo stands, as `mc-status`'s `data-state`.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// No ranges in the plan: nothing to run.
    Idle,
    /// A run for the current plan is under way.
    Running,
    /// The shown result is the current plan's.
    Done,
    /// The worker could not run (why, in English; the UI says it in the user's words).
    Failed(String),
}

impl Progress {
    /// The `data-state` word.
    pub fn as_str(&self) -> &'static str {
        match self {
            Progress::Idle => "idle",
            Progress::Running => "running",
            Progress::Done => "done",
            Progress::Failed(_) => "error",
        }
    }
}

/// The analyses of the current plan, in context.
#[derive(Clone, Copy)]
pub struct Analysis {
    /// The Monte Carlo's progress.
    pub progress: RwSignal<Progress>,
    /// The last finished Monte Carlo of the current plan (`None` without ranges).
    pub mc: RwSignal<Option<Arc<MonteCarlo>>>,
    /// Whether the tornado is open (it runs only then).
    pub tornado_open: RwSignal<bool>,
    /// The tornado's KPI: `gmv` or `net_profit`. Defaults to `gmv`.
    pub tornado_kpi: RwSignal<&'static str>,
    /// The last finished tornado of the current plan.
    pub tornado: RwSignal<Option<Arc<Tornado>>>,
    /// The actuals import under way or read (it runs in the worker: calamine and csv never load with the page).
    pub import: RwSignal<ImportState>,
    /// The results file being written (it is written in the worker: the workbook writer never loads with the page).
    pub export: RwSignal<ExportState>,
    /// The page's language, for the reasons said here.
    lang: RwSignal<crate::present::format::Lang>,
}

/// Where a results file stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ExportState {
    /// Nothing asked, or downloaded.
    #[default]
    Idle,
    /// The worker is writing a file of this format (`csv`, `xlsx`).
    Writing(&'static str),
    /// It could not be written: why.
    Failed(String),
}

/// Where an actuals import stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ImportState {
    /// Nothing asked.
    #[default]
    Idle,
    /// The worker is reading the file.
    Reading,
    /// Read: the report's lines, and the new plan (JSON) made from `base`, the plan as it was when asked.
    Read { lines: Vec<String>, scenario: String, base: Box<Scenario> },
    /// Refused or failed: why, in the user's words.
    Failed(String),
    /// No date or GMV column by a name we know: why, the fields missing (`date`, `gmv`) and the file's columns
    /// to pick them from (the file is read again with the picks).
    Pick { why: String, missing: Vec<String>, columns: Vec<String> },
}

/// One request: what was asked, of which plan, and (for a Monte Carlo) that plan's target rows.
struct Request {
    id: u64,
    kind: String,
    scenario: Scenario,
    /// The plan's target rows, then its forecast's (`tracking.forecast.targets`), for a Monte Carlo.
    rows: (Vec<TargetResult>, Vec<TargetResult>),
    /// The import's parameters (`undefined` for the analyses).
    extra: JsValue,
    /// Who takes the answer (a decision's panel): the wire array, or why there is none.
    reply: Option<Reply>,
    /// Whether it waits for the plan to rest (`REST_MS`) before it is sent.
    held: bool,
}

/// The taker of one decision's answer.
type Reply = Box<dyn FnOnce(Result<Vec<f64>, String>)>;

/// The taker of the files worker's answers (`receive_file`).
type FileTaker = fn(Analysis, Request, &Array);

/// The taker of the answers to requests of a kind this module does not know.
type Taker = Box<dyn Fn(&str, &Array)>;

thread_local! {
    /// Who takes the answers (`[id, kind, value]` or `[id, "error", why]`) to requests of other kinds: the panels'
    /// wasm sets it (`lazy::take_answers`, each panel its kind), so their code never loads with the page.
    static TAKER: std::cell::RefCell<Option<Taker>> = const { std::cell::RefCell::new(None) };
    /// Who takes the files worker's answers (an import, an export): `provide_files` sets it.
    static FILE_ANSWERS: std::cell::Cell<Option<FileTaker>> = const { std::cell::Cell::new(None) };
    /// The client that runs the page's Monte Carlo (`provide`), for `plan_moves`.
    static FOLLOWER: std::cell::Cell<Option<StoredValue<Client, LocalStorage>>> = const { std::cell::Cell::new(None) };
}

/// Called as an edit replaces the plan (`AppState::set_timed`): the Monte Carlo in flight is of a plan now gone, so it
/// is cancelled at once, before the edit's own work, rather than once the new plan's run is asked, a few ms later,
/// while the worker and its helper keep both cores.
pub fn plan_moves() {
    if let Some(client) = FOLLOWER.with(std::cell::Cell::get) {
        client.try_update_value(Client::cancel_run);
    }
}

/// Sets who takes the answers to requests of kinds this module does not know (`FileJobs::ask_other`).
pub fn take_answers(f: impl Fn(&str, &Array) + 'static) {
    TAKER.with(|t| *t.borrow_mut() = Some(Box::new(f)));
}

/// Hands an answer to the taker, if any.
fn to_taker(kind: &str, msg: &Array) {
    TAKER.with(|t| {
        if let Some(f) = &*t.borrow() {
            f(kind, msg);
        }
    });
}

/// Whether the page's own signals take the answers of this kind.
fn known(kind: &str) -> bool {
    matches!(kind, "montecarlo" | "import" | "export" | "goalseek" | "optimise") || kind.starts_with("tornado:")
}

/// How long the plan must rest before a held analysis runs (one asked while the worker was on an older plan's).
pub(crate) const REST_MS: f64 = 150.0;

/// Whether requests of this kind follow the plan (the Monte Carlo, the tornado): they wait for a rest in a burst.
fn follows_plan(kind: &str) -> bool {
    kind == "montecarlo" || kind.starts_with("tornado:")
}

/// A worker and its queue (page thread only).
struct Client {
    /// The boot script it starts from.
    boot: &'static str,
    worker: Option<Worker>,
    /// Whether the worker is to start after the next paint.
    starting: bool,
    ready: bool,
    next_id: u64,
    in_flight: Option<Request>,
    pending: Vec<Request>,
    /// When the newest request was queued (`now()`, ms).
    queued_at: f64,
    /// The timer that sends a held analysis once the plan rests.
    hold: Option<gloo_timers::callback::Timeout>,
    /// The Monte Carlo in flight was cancelled (`plan_moves`): its plan is gone.
    cancelled: bool,
}

impl Client {
    fn new(boot: &'static str) -> Client {
        Client {
            boot,
            worker: None,
            starting: false,
            ready: false,
            next_id: 0,
            in_flight: None,
            pending: Vec::new(),
            queued_at: f64::NEG_INFINITY,
            hold: None,
            cancelled: false,
        }
    }

    /// Cancels the Monte Carlo in flight, if any and not yet cancelled (`cancel_run`): its plan is gone.
    fn cancel_run(&mut self) {
        if let (Some(w), Some(old), false) = (&self.worker, &self.in_flight, self.cancelled) {
            if old.kind == "montecarlo" {
                cancel_run(w, old.id);
                self.cancelled = true;
            }
        }
    }
}

/// Creates the analyses' state and provides it.
fn provide_analysis(state: AppState) -> Analysis {
    let a = Analysis {
        progress: RwSignal::new(Progress::Idle),
        mc: RwSignal::new(None),
        tornado_open: RwSignal::new(false),
        tornado_kpi: RwSignal::new("gmv"),
        tornado: RwSignal::new(None),
        import: RwSignal::new(ImportState::Idle),
        export: RwSignal::new(ExportState::Idle),
        lang: state.lang,
    };
    provide_context(a);
    a
}

/// Creates the analyses' state and the files worker's client, and provides both (no analysis runs: the
/// calibration panel's own page needs only the files worker). The files' answers are taken only where this
/// runs (the panels' wasm), so the page links none of their code.
pub fn provide_files(state: AppState) -> Analysis {
    let a = provide_analysis(state);
    provide_context(FileJobs(StoredValue::new_local(Client::new(FILES_BOOT))));
    FILE_ANSWERS.with(|f| f.set(Some(receive_file)));
    a
}

/// Sends goal seek and the optimiser to the analysis worker (in context): their code never loads with the page.
#[derive(Clone, Copy)]
pub struct Decide(StoredValue<Client, LocalStorage>, Analysis);

impl Decide {
    /// Asks the analysis worker for `kind` (`goalseek`, `optimise`) on `sc` with `params`; `reply` gets the wire
    /// array (`analysis::wire`) or why there is none. A newer request of the same kind replaces a waiting one.
    pub fn ask(
        self,
        kind: &str,
        sc: Scenario,
        params: JsValue,
        reply: impl FnOnce(Result<Vec<f64>, String>) + 'static,
    ) {
        queue(
            self.0,
            self.1,
            Request {
                id: 0,
                kind: kind.to_string(),
                scenario: sc,
                rows: Default::default(),
                extra: params,
                reply: Some(Box::new(reply)),
                held: false,
            },
        );
    }
}

/// Provides the decisions' client of an analysis worker of their own (the panels' wasm: `app::lazy`), which
/// also runs the uncertainty panel's tornado while it is open.
pub fn provide_decide(state: AppState) {
    let a = provide_files(state);
    let client = StoredValue::new_local(Client::new(ANALYSIS_BOOT));
    provide_context(Decide(client, a));
    follow_tornado(state, client, a);
}

/// Creates the analyses' state, provides it, and runs the Monte Carlo (and the open tornado) after every change.
pub fn provide(state: AppState) -> Analysis {
    let a = provide_analysis(state);
    let client = StoredValue::new_local(Client::new(ANALYSIS_BOOT));
    FOLLOWER.with(|f| f.set(Some(client)));
    Effect::new(move |_| {
        let sc = state.scenario.get();
        if !has_ranges(&sc) {
            client.update_value(|c| c.pending.retain(|r| r.kind != "montecarlo"));
            a.mc.set(None);
            a.progress.set(Progress::Idle);
            return;
        }
        if let Some(p) = window().performance() {
            p.clear_marks_with_mark_name("sandtable:montecarlo:start");
            let _ = p.mark("sandtable:montecarlo:start");
        }
        // Already running (a burst of edits, a drag): unchanged, so neither the status nor the panels hear of it
        // again at each edit.
        if a.progress.with_untracked(|p| *p != Progress::Running) {
            a.progress.set(Progress::Running);
        }
        let rows = state.results.with_untracked(|r| {
            (r.targets.clone(), r.tracking.as_ref().map(|t| t.forecast.targets.clone()).unwrap_or_default())
        });
        ask(client, a, "montecarlo".to_string(), sc, rows, JsValue::UNDEFINED);
    });
    follow_tornado(state, client, a);
    a
}

/// Runs the tornado on `client`'s worker after every change of the plan or of its KPI, while it is open.
fn follow_tornado(state: AppState, client: StoredValue<Client, LocalStorage>, a: Analysis) {
    Effect::new(move |_| {
        let (open, kpi) = (a.tornado_open.get(), a.tornado_kpi.get());
        let sc = state.scenario.get();
        if open {
            ask(client, a, format!("tornado:{kpi}"), sc, Default::default(), JsValue::UNDEFINED);
        }
    });
}

/// A file (or a pasted block) to import into one channel.
#[derive(Clone, Debug)]
pub struct ImportFile {
    /// The file's bytes (a paste as UTF-8).
    pub bytes: Vec<u8>,
    /// The file's name, or `paste`.
    pub name: String,
    /// The channel's index.
    pub channel: usize,
    /// The last day, `MM-DD`, or empty for the file's own.
    pub through: String,
    /// Columns the planner picked: a field's key (`gmv`) and the header of its column.
    pub columns: Vec<(String, String)>,
}

/// Sends actuals imports and results files to the worker (in context).
#[derive(Clone, Copy)]
pub struct FileJobs(StoredValue<Client, LocalStorage>);

impl FileJobs {
    /// Asks the worker for the results file of `sc` in `format` (`csv`, `xlsx`, `json`) and `lang` (a BCP 47
    /// tag); the answer is downloaded as `<stem>-results.<format>`.
    pub fn export(self, a: Analysis, sc: Scenario, format: &'static str, lang: &str) {
        let params = object(&[("format", JsValue::from_str(format)), ("lang", JsValue::from_str(lang))]);
        a.export.set(ExportState::Writing(format));
        ask(self.0, a, "export".to_string(), sc, Default::default(), params);
    }

    /// Asks the worker for `kind` (one this module does not know) on `sc` with `params`; the taker set with
    /// `take_answers` gets the answer.
    pub fn ask_other(self, a: Analysis, kind: &str, sc: Scenario, params: JsValue) {
        ask(self.0, a, kind.to_string(), sc, Default::default(), params);
    }

    /// Asks the worker to read `file` into its channel of `sc`, with the report in `lang` (a BCP 47 tag); the
    /// answer lands in `Analysis::import`.
    pub fn read(self, a: Analysis, sc: Scenario, file: ImportFile, lang: &str) {
        let ImportFile { bytes, name, channel, through, columns } = file;
        let picks: Vec<(&str, JsValue)> = columns.iter().map(|(f, h)| (f.as_str(), JsValue::from_str(h))).collect();
        let params = object(&[
            ("bytes", js_sys::Uint8Array::from(&bytes[..]).into()),
            ("name", JsValue::from_str(&name)),
            ("channel", JsValue::from_f64(channel as f64)),
            ("through", JsValue::from_str(&through)),
            ("lang", JsValue::from_str(lang)),
            ("columns", object(&picks)),
        ]);
        a.import.set(ImportState::Reading);
        ask(self.0, a, "import".to_string(), sc, Default::default(), params);
    }
}

/// A request's parameters as a JS object.
pub fn object(members: &[(&str, JsValue)]) -> JsValue {
    let out = js_sys::Object::new();
    for (k, v) in members {
        let _ = js_sys::Reflect::set(&out, &JsValue::from_str(k), v);
    }
    out.into()
}

/// Queues a request (replacing a pending one of the same kind) and sends the next one if the worker is free.
fn ask(
    client: StoredValue<Client, LocalStorage>,
    a: Analysis,
    kind: String,
    scenario: Scenario,
    rows: (Vec<TargetResult>, Vec<TargetResult>),
    extra: JsValue,
) {
    queue(client, a, Request { id: 0, kind, scenario, rows, extra, reply: None, held: false });
}

/// Queues a request (see [`ask`]).
fn queue(client: StoredValue<Client, LocalStorage>, a: Analysis, mut req: Request) {
    // An analysis of the plan is sent once the edit's frame is painted: the worker and its helper would otherwise
    // take both cores while the page lays out and paints the edit. A request a person waits on goes at once.
    let later = follows_plan(&req.kind);
    let start = client.try_update_value(|c| {
        c.next_id += 1;
        req.id = c.next_id;
        c.queued_at = super::now();
        // Asked while the worker is on an older plan's analysis (or one already waits for the rest): the plan is
        // moving, so this one waits until it rests.
        req.held = later
            && (c.in_flight.as_ref().is_some_and(|r| follows_plan(&r.kind))
                || c.pending.iter().any(|r| r.held && follows_plan(&r.kind)));
        let kind = &req.kind;
        let same = |k: &str| k == kind || (k.starts_with("tornado:") && kind.starts_with("tornado:"));
        c.pending.retain(|r| !same(&r.kind));
        if req.kind == "montecarlo" {
            c.cancel_run();
        }
        // A file's request (an import, an export, a calibration) or a decision goes first: a person is waiting
        // for it, and the Monte Carlo of the plan can wait.
        if !later {
            c.pending.insert(0, req);
        } else {
            c.pending.push(req);
        }
        // The worker starts once the next frame is painted: a first screen (the page's, an embed's) never waits
        // for its wasm.
        let start = c.worker.is_none() && !c.starting;
        c.starting |= start;
        start
    });
    if later || start == Some(true) {
        super::timing::after_paint(move || kick(client, a));
    } else {
        pump(client);
    }
}

/// Starts the worker if its start is due (`Client::starting`), then sends what waits.
fn kick(client: StoredValue<Client, LocalStorage>, a: Analysis) {
    if client.try_update_value(|c| std::mem::take(&mut c.starting)) == Some(true) {
        match spawn(client, a) {
            Ok(w) => client.update_value(|c| c.worker = Some(w)),
            Err(e) => fail(client, a, e),
        }
    }
    pump(client);
}

/// A worker that could not start or load: what waited on it says why.
fn fail(client: StoredValue<Client, LocalStorage>, a: Analysis, why: String) {
    if client.with_value(|c| c.boot == FILES_BOOT) {
        if a.import.get_untracked() == ImportState::Reading {
            a.import.set(ImportState::Failed(why.clone()));
        }
        if matches!(a.export.get_untracked(), ExportState::Writing(_)) {
            a.export.set(ExportState::Failed(why));
        }
    } else {
        a.progress.set(Progress::Failed(why));
    }
}

/// Sends the first pending request when the worker is ready and idle; a held one once the plan has rested.
fn pump(client: StoredValue<Client, LocalStorage>) {
    client.update_value(|c| {
        let (Some(worker), true, None) = (&c.worker, c.ready, &c.in_flight) else { return };
        let Some(first) = c.pending.first() else { return };
        let wait = c.queued_at + REST_MS - super::now();
        if first.held && wait > 0.0 {
            c.hold = Some(gloo_timers::callback::Timeout::new(wait.ceil() as u32, move || pump(client)));
            return;
        }
        let req = c.pending.remove(0);
        // The plan crosses as the JS object `JSON.parse` makes of its JSON: the browser's parser rounds every
        // number exactly as the CLI's does, and the page carries no second serializer of the scenario.
        let Ok(text) = serde_json::to_string(&req.scenario) else { return };
        let Ok(sc) = js_sys::JSON::parse(&text) else { return };
        let msg = Array::of4(&JsValue::from_f64(req.id as f64), &JsValue::from_str(&req.kind), &sc, &req.extra);
        if worker.post_message(&msg).is_ok() {
            c.in_flight = Some(req);
            c.cancelled = false;
        }
    });
}

/// Stops the Monte Carlo `id` under way in `worker`, whose plan has since changed: its id alone is posted, and the
/// worker and its helper stop within one step of 4 ms (`crate::worker`), letting the machine go to the
/// page's frames, and the newest plan's run starts sooner. It answers `[id, "cancelled"]`, or nothing if it had
/// answered already; the page and the embeds take neither (the request of a newer plan is pending).
pub(crate) fn cancel_run(worker: &Worker, id: u64) {
    let _ = worker.post_message(&JsValue::from_f64(id as f64));
}

/// The boot script's URL, versioned by the app's own hashed file name (Trunk hashes the app, not the worker;
/// the page's `sandtable-build` meta tag names it, as the start-up script versions an embed's files), so a cache
/// never pairs this app with another build's worker.
pub(crate) fn boot_url(boot: &str) -> String {
    let version = document()
        .query_selector("meta[name=sandtable-build]")
        .ok()
        .flatten()
        .and_then(|l| l.get_attribute("content"))
        .unwrap_or_default();
    format!("{boot}?v={version}")
}

/// Starts the worker and listens to it.
fn spawn(client: StoredValue<Client, LocalStorage>, a: Analysis) -> Result<Worker, String> {
    let worker = Worker::new(&boot_url(client.with_value(|c| c.boot)))
        .map_err(|_| crate::present::i18n::t(a.lang.get_untracked(), "u.worker_failed").to_string())?;
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let msg = Array::from(&e.data());
        if msg.get(0).as_string().as_deref() == Some("ready") {
            client.update_value(|c| c.ready = true);
        } else {
            // A run cancelled for a newer plan (`plan_moves`, `queue`) is dropped, whether it answers its value (it
            // ended before the cancel came) or only `[id, "cancelled"]`.
            let done = client.try_update_value(|c| c.in_flight.take().filter(|_| !c.cancelled)).flatten();
            let stale = |kind: &str| client.with_value(|c| c.pending.iter().any(|r| r.kind == kind));
            let answer = msg.length() > 2;
            if let Some(req) = done.filter(|r| answer && msg.get(0).as_f64() == Some(r.id as f64) && !stale(&r.kind)) {
                receive(a, req, &msg);
            }
        }
        pump(client);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A worker that failed to load, or stopped on an error (a panic inside a reader on a malformed file), is
    // dropped with what it held: what waited says why, and the next request starts a fresh worker.
    let on_error = Closure::<dyn Fn(JsValue)>::new(move |_| {
        let dead = client.try_update_value(|c| {
            c.ready = false;
            (c.worker.take(), c.in_flight.take(), std::mem::take(&mut c.pending))
        });
        let why = crate::present::i18n::t(a.lang.get_untracked(), "u.worker_failed");
        if let Some((w, mut req, pending)) = dead {
            w.inspect(Worker::terminate);
            // Every decision that waited is told why.
            let first = req.as_mut().and_then(|r| r.reply.take());
            for r in first.into_iter().chain(pending.into_iter().filter_map(|r| r.reply)) {
                r(Err(why.to_string()));
            }
            if let Some(req) = req.filter(|r| !known(&r.kind)) {
                to_taker(&req.kind, &Array::of3(&JsValue::NULL, &"error".into(), &why.into()));
            }
        }
        fail(client, a, why.to_string());
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Ok(worker)
}

/// Shows an answer of the worker for the current plan.
fn receive(a: Analysis, mut req: Request, msg: &Array) {
    if let Some(reply) = req.reply.take() {
        let answer = msg.get(2);
        reply(match answer.dyn_into::<Float64Array>() {
            Ok(d) => Ok(d.to_vec()),
            Err(e) => Err(e.as_string().unwrap_or_default()),
        });
        return;
    }
    if req.kind == "export" || req.kind == "import" {
        if let Some(take) = FILE_ANSWERS.with(|f| f.get()) {
            take(a, req, msg);
        }
        return;
    }
    if !known(&req.kind) {
        to_taker(&req.kind, msg);
        return;
    }
    if msg.get(1).as_string().as_deref() == Some("error") {
        a.progress.set(Progress::Failed(msg.get(2).as_string().unwrap_or_default()));
        return;
    }
    let data = msg.get(2).dyn_into::<Float64Array>().map(|d| d.to_vec()).unwrap_or_default();
    if req.kind == "montecarlo" {
        match wire::decode_montecarlo(&data, &req.scenario, &req.rows.0, &req.rows.1) {
            Some(mc) => {
                super::lazy::forward_mc(&data, &req.scenario);
                a.mc.set(Some(Arc::new(mc)));
                a.progress.set(Progress::Done);
                measure_after_draw();
            }
            None => a
                .progress
                .set(Progress::Failed(crate::present::i18n::t(a.lang.get_untracked(), "u.worker_failed").to_string())),
        }
    } else if let Some(kpi) = req.kind.strip_prefix("tornado:") {
        a.tornado.set(wire::decode_tornado(&data, &req.scenario, kpi).map(Arc::new));
    }
}

/// Shows an answer of the files worker: an export's file is downloaded, an import's report lands in
/// `Analysis::import`.
fn receive_file(a: Analysis, req: Request, msg: &Array) {
    if req.kind == "export" {
        let answer = msg.get(2);
        if msg.get(1).as_string().as_deref() == Some("error") {
            a.export.set(ExportState::Failed(answer.as_string().unwrap_or_default()));
            return;
        }
        // The format asked (`csv`, `xlsx`, `json`), from the request itself.
        let asked = js_sys::Reflect::get(&req.extra, &"format".into()).ok().and_then(|f| f.as_string());
        let (format, mime, what) = match asked.as_deref() {
            Some("xlsx") => ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "results"),
            Some("json") => ("json", "application/json", "results"),
            _ => ("csv", "text/csv;charset=utf-8", "results"),
        };
        let bytes = js_sys::Reflect::get(&answer, &"bytes".into()).unwrap_or(JsValue::UNDEFINED);
        let name = format!("{}-{what}.{format}", files::file_stem(&req.scenario.name));
        files::download_parts(&name, mime, &Array::of1(&bytes));
        a.export.set(ExportState::Idle);
        return;
    }
    // An import.
    let answer = msg.get(2);
    a.import.set(if msg.get(1).as_string().as_deref() == Some("error") {
        ImportState::Failed(answer.as_string().unwrap_or_default())
    } else {
        let get = |k: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let strings = |k: &str| Array::from(&get(k)).iter().filter_map(|l| l.as_string()).collect();
        let lines: Vec<String> = strings("lines");
        if !get("missing").is_undefined() {
            let why = lines.into_iter().next().unwrap_or_default();
            a.import.set(ImportState::Pick { why, missing: strings("missing"), columns: strings("columns") });
            return;
        }
        ImportState::Read {
            lines,
            scenario: get("scenario").as_string().unwrap_or_default(),
            base: Box::new(req.scenario),
        }
    });
}

/// Measures `sandtable:montecarlo` (the change to the bands drawn) once the charts' effects have run.
fn measure_after_draw() {
    super::timing::after_effects(|| {
        if let Some(p) = window().performance() {
            if p.measure_with_start_mark("sandtable:montecarlo", "sandtable:montecarlo:start").is_ok() {
                p.clear_marks_with_mark_name("sandtable:montecarlo:start");
            }
        }
    });
}

/// The analyses from context.
pub fn use_analysis() -> Analysis {
    expect_context::<Analysis>()
}

/// The state and analyses together, for components that show both.
pub fn use_both() -> (AppState, Analysis) {
    (use_state(), use_analysis())
}
