//! The page's two workers (wasm32, no UI, no Leptos), each a wasm of its own loaded on first use, off the page's
//! thread: the analysis worker (`sandtable-worker`: Monte Carlo and the tornado, loaded when a plan has ranges)
//! and the files worker (`sandtable-files`: actuals imports and results files, loaded when a file is read or
//! written).
//!
//! Messages. The page posts `[id, kind, scenario, params]`: `kind` is `montecarlo`, `tornado:<kpi>`, `goalseek`
//! (params `{metric, goal, driver}`) or `optimise` (params `{objective, total?, marginal?}`), the scenario the JS
//! object `JSON.parse` makes of its JSON (exact numbers, read with serde-wasm-bindgen). The worker answers `["ready"]` once
//! loaded, then `[id, kind, Float64Array]` in `analysis::wire`'s format, or `[id, "error", message]`. A Monte
//! Carlo of 2,000 trials or more is split with helpers, further instances of this wasm (one for each core beyond
//! the first, up to four) that the worker starts itself (`split`: `[id, "montecarlo-part", scenario, {from, to}]`,
//! and `[id, "halve"]` to share the work left as the instances run out of it); the page sees one answer as before.
//! A Monte Carlo runs a few ms at a time: the page's `id` alone, a number (its plan changed), stops it between
//! two, and is answered `[id, "cancelled"]` (nothing, if the run was answered already).
//! The files worker: an actuals import posts `[id, "import", scenario, {bytes: Uint8Array, name, channel, through, lang,
//! columns: {gmv: header, ..}}]` and is answered `[id, "import", {lines: [..], scenario: json}]` (the report in the
//! user's language and the new plan), `[id, "import", {lines: [why], missing: ["gmv"], columns: [..]}]` when a
//! required column is to be picked from the file's, or `[id, "error", message]` with the import's refusal in
//! words: calamine and csv live only here.
//! A results file posts `[id, "export", scenario, {format: "csv" | "xlsx" | "json", lang}]` and is answered
//! `[id, "export", {bytes: Uint8Array}]`: the tables for people and the workbook writer live only here too.
//! The report view posts `[id, "report", scenario, {lang}]` and is answered `[id, "report", {body, html}]`
//! (the report on paper, `present::report`: its root, and the same as a file of its own).
//! A calibration (MODEL.md §12) posts `[id, "calibrate", scenario, {files: [{channel, name, bytes}], lang}]` and is
//! answered `[id, "calibrate", {scenario: json, channels: [{channel, mape, actual, backcast}], changes: [..],
//! notes: [..]}]` (monthly GMV as `Float64Array`s, the changes and the warnings in words) or the refusal.
//! Invariant: nothing the page posts can panic the worker; a bad scenario is an `error` answer.

mod split;

pub(crate) use split::solo_mark;

use crate::analysis::{sensitivity, wire};
use crate::model::{validate, Scenario};
use js_sys::{Array, Float64Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Starts the analysis worker (`sandtable-worker`): the Monte Carlo, the tornado, goal seek and the optimiser.
pub fn start_analysis() {
    serve(analysis);
}

/// Starts the files worker (`sandtable-files`): actuals imports and results files. A worker of its own, so the
/// Monte Carlo's wasm stays small (it loads whenever a plan has ranges) and the readers and the workbook writer
/// load only when a file is read or written.
pub fn start_files() {
    crate::present::i18n::add_words(crate::present::i18n::TRACK_WORDS);
    serve(files);
}

/// One message of the page: `[id, kind, scenario, params]`, the scenario read (`raw` as posted).
pub(crate) struct Message {
    id: JsValue,
    kind: String,
    scenario: Scenario,
    raw: JsValue,
    params: JsValue,
}

/// An answer: now, or later (`None`: a Monte Carlo, which `split` posts once run).
type Answer = Result<Option<JsValue>, String>;

/// Answers the page's messages with `answer`, then tells the page the worker is ready.
fn serve(answer: fn(&Message) -> Answer) {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        // A number alone: the page cancels the Monte Carlo of that id (`split::cancel`).
        if e.data().as_f64().is_some() {
            split::cancel(&e.data());
            return;
        }
        let msg = Array::from(&e.data());
        let (id, kind, raw) = (msg.get(0), msg.get(1).as_string().unwrap_or_default(), msg.get(2));
        // In a helper: its worker asks it to halve its share under way (`split::halve`).
        if kind == split::HALVE {
            split::halve(&id);
            return;
        }
        let result = match serde_wasm_bindgen::from_value::<Scenario>(raw.clone()) {
            Ok(scenario) => answer(&Message { id: id.clone(), kind: kind.clone(), scenario, raw, params: msg.get(3) }),
            Err(err) => Err(format!("scenario: {err}")),
        };
        match result {
            Ok(Some(value)) => post(&id, &kind, &value),
            Ok(None) => {}
            Err(text) => post(&id, "error", &JsValue::from_str(&text)),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&Array::of1(&JsValue::from_str("ready")));
}

/// Posts `[id, kind, value]` to whoever started this worker; a `Float64Array`'s buffer is handed over, not
/// copied (a Monte Carlo's half is megabytes).
pub(crate) fn post(id: &JsValue, kind: &str, value: &JsValue) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let transfer = Array::new();
    if let Some(numbers) = value.dyn_ref::<Float64Array>() {
        transfer.push(&numbers.buffer());
    }
    let _ = scope.post_message_with_transfer(&Array::of3(id, &JsValue::from_str(kind), value), &transfer);
}

/// The analysis worker's answer: the wire array (a Monte Carlo's possibly later, see `split`).
fn analysis(m: &Message) -> Answer {
    if let Some(e) = validate(&m.scenario).first() {
        return Err(e.to_string());
    }
    if m.kind == "montecarlo" || m.kind == split::PART {
        split::start(m);
        return Ok(None);
    }
    handle(&m.kind, &m.scenario, &m.params).map(|data| Some(numbers(&data)))
}

/// Numbers as a `Float64Array` of their own.
fn numbers(data: &[f64]) -> JsValue {
    Float64Array::from(data).into()
}

/// The files worker's answer, in the language the page asked for (`params.lang`).
fn files(m: &Message) -> Answer {
    let (sc, params) = (&m.scenario, &m.params);
    let lang = crate::present::format::Lang::from_tag(&param(params, "lang").as_string().unwrap_or_default());
    match m.kind.as_str() {
        "import" => import(sc, params, lang),
        "export" => export(sc, params, lang),
        "report" => report(sc, lang),
        "calibrate" => calibrate(sc, params, lang),
        kind => Err(format!("unknown request {kind}")),
    }
    .map(Some)
}

/// The answer to one request of a valid plan (but a whole Monte Carlo): the wire array, or why there is none.
fn handle(kind: &str, sc: &Scenario, params: &JsValue) -> Result<Vec<f64>, String> {
    use crate::analysis::goalseek::{self, Answer, Driver};
    use crate::analysis::optimise::{self, Mode, Objective, OptimiseOptions};
    let text = |k: &str| param(params, k).as_string().unwrap_or_default();
    let number = |k: &str| param(params, k).as_f64();
    if kind == "goalseek" {
        let (metric, goal) = (text("metric"), number("goal").unwrap_or(f64::NAN));
        let driver = Driver::parse(&text("driver")).ok_or("unknown driver")?;
        let answer = goalseek::seek(sc, &metric, goal, &driver).ok_or("driver at 0")?;
        let applied = match &answer {
            Answer::Reached(r) => goalseek::on_step(sc, &metric, goal, &driver, r.value),
            Answer::Unreachable(_) => f64::NAN,
        };
        Ok(wire::encode_seek(&answer, applied))
    } else if kind == "optimise" {
        let objective = Objective::parse(&text("objective")).unwrap_or_default();
        let mode = match (number("marginal"), number("total")) {
            (Some(m), _) => Mode::Marginal(m),
            (None, t) => Mode::Total(t),
        };
        Ok(wire::encode_optimum(&optimise::optimise(sc, &OptimiseOptions { objective, mode })))
    } else if let Some(kpi) = kind.strip_prefix("tornado:") {
        Ok(wire::encode_tornado(&sensitivity::tornado(sc, kpi), sc))
    } else {
        Err(format!("unknown request {kind}"))
    }
}

/// A member of a request's parameters (`undefined` when absent).
fn param(params: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(params, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A results file of the plan (`present::export::results_file`) in the asked format.
fn export(sc: &Scenario, params: &JsValue, lang: crate::present::format::Lang) -> Result<JsValue, String> {
    use crate::present::export::{results_file, FileKind};
    let format = param(params, "format").as_string().unwrap_or_default();
    let kind = FileKind::from_name(&format).ok_or_else(|| format!("unknown format {format}"))?;
    let bytes = results_file(sc, kind, lang)?;
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"bytes".into(), &js_sys::Uint8Array::from(&bytes[..]));
    Ok(out.into())
}

/// The report on paper for the page's report view: `{body, html}`, the report's root to show under
/// `style/report.css` and the same as a document of its own (to download), made today by the browser's clock.
fn report(sc: &Scenario, lang: crate::present::format::Lang) -> Result<JsValue, String> {
    use crate::present::report;
    let today = report::iso_date((js_sys::Date::now() / 86_400_000.0).floor() as i64);
    let body = report::body(sc, lang, &today)?;
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"html".into(), &report::document(sc, lang, &body).into());
    let _ = js_sys::Reflect::set(&out, &"body".into(), &body.into());
    Ok(out.into())
}

/// An actuals import: reads the file for the plan's year, applies it to the channel, and answers the report's
/// lines and the new plan's JSON, or the refusal in words.
fn import(sc: &Scenario, params: &JsValue, lang: crate::present::format::Lang) -> Result<JsValue, String> {
    use crate::import::{self, messages};
    let get = |k: &str| param(params, k);
    let bytes = js_sys::Uint8Array::new(&get("bytes")).to_vec();
    let name = get("name").as_string().unwrap_or_else(|| "paste".into());
    let channel = get("channel").as_f64().map_or(usize::MAX, |c| c as usize);
    let through = get("through").as_string().filter(|t| !t.trim().is_empty());
    // The columns the planner picked: `{gmv: "成交额"}`.
    let picked = get("columns");
    let picks: Vec<(import::cells::Field, String)> =
        import::cells::Field::ALL.into_iter().filter_map(|f| Some((f, param(&picked, f.key()).as_string()?))).collect();
    let done = import::import_with(sc, channel, &bytes, &name, through.as_deref().map(str::trim), &picks);
    let out = js_sys::Object::new();
    let (next, report) = match done {
        Ok(done) => done,
        Err(e) => {
            let import::ImportError::PickColumns { missing, columns } = &e else {
                return Err(messages::error(&e, lang));
            };
            // Not a refusal: the planner picks the columns from the file's own, and it is read again.
            let why = messages::error(&e, lang);
            let strings = |v: Vec<&str>| v.into_iter().map(JsValue::from_str).collect::<Array>();
            let _ = js_sys::Reflect::set(&out, &"lines".into(), &strings(vec![&why]));
            let _ = js_sys::Reflect::set(&out, &"missing".into(), &strings(missing.iter().map(|f| f.key()).collect()));
            let _ =
                js_sys::Reflect::set(&out, &"columns".into(), &strings(columns.iter().map(String::as_str).collect()));
            return Ok(out.into());
        }
    };
    let lines: Array = messages::report_lines(&report, lang).iter().map(|l| JsValue::from_str(l)).collect();
    let json = serde_json::to_string(&next).map_err(|e| e.to_string())?;
    let _ = js_sys::Reflect::set(&out, &"lines".into(), &lines);
    let _ = js_sys::Reflect::set(&out, &"scenario".into(), &JsValue::from_str(&json));
    Ok(out.into())
}

/// A calibration from last year's files: the calibrated plan's JSON, per channel its MAPE and monthly GMV
/// actual and backcast, each change and each warning in words.
fn calibrate(sc: &Scenario, params: &JsValue, lang: crate::present::format::Lang) -> Result<JsValue, String> {
    use crate::calibrate::{self as cal, messages};
    if let Some(e) = validate(sc).first() {
        return Err(e.to_string());
    }
    let files: Vec<(String, String, Vec<u8>)> = Array::from(&param(params, "files"))
        .iter()
        .map(|f| {
            let channel = param(&f, "channel").as_f64().map_or(usize::MAX, |c| c as usize);
            let name = param(&f, "name").as_string().unwrap_or_default();
            (channel.to_string(), name, js_sys::Uint8Array::new(&param(&f, "bytes")).to_vec())
        })
        .collect();
    let done = cal::from_files(sc, &files).map_err(|e| messages::error(&e, lang))?;
    let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
    };
    let strings = |lines: Vec<String>| -> Array { lines.iter().map(|l| JsValue::from_str(l)).collect() };
    let channels: Array = done
        .report
        .channels
        .iter()
        .map(|c| {
            let o = js_sys::Object::new();
            set(&o, "channel", &JsValue::from_f64(c.channel as f64));
            set(&o, "mape", &JsValue::from_f64(c.mape));
            let months =
                |f: fn(&cal::MonthFit) -> f64| Float64Array::from(&c.months.iter().map(f).collect::<Vec<_>>()[..]);
            set(&o, "actual", &months(|m| m.actual_gmv).into());
            set(&o, "backcast", &months(|m| m.backcast_gmv).into());
            JsValue::from(o)
        })
        .collect();
    let changes = done.report.changes.iter().filter_map(|c| messages::change_line(&done.plan, c, lang)).collect();
    let mut notes: Vec<String> = done.report.warnings.iter().map(|w| messages::warning(w, lang)).collect();
    notes.push(messages::budgets_note(done.report.year, lang));
    let out = js_sys::Object::new();
    set(&out, "scenario", &JsValue::from_str(&serde_json::to_string(&done.plan).map_err(|e| e.to_string())?));
    set(&out, "channels", &channels);
    set(&out, "changes", &strings(changes));
    set(&out, "notes", &strings(notes));
    Ok(out.into())
}
