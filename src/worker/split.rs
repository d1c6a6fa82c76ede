//! The Monte Carlo split between the analysis worker and a helper of its own: a second instance of the same
//! wasm, which the worker starts on its first Monte Carlo (on a machine with more than one core; while the page
//! still loads, so no request follows an edit). The helper runs
//! the second half of the trials (`[id, "montecarlo-part", scenario, {from, to}]`, answered with the part's
//! numbers) while the worker runs the first, and the worker joins the halves in trial order
//! (`montecarlo::summarise`): the numbers are the whole run's, to the last bit. While the helper loads, if it
//! fails, or if its answer is not the part asked for, the worker runs those trials itself.
//!
//! Invariant: every Monte Carlo the page asks for is answered once, by the worker, with the whole run's numbers;
//! the helper holds at most one part at a time, and never starts a helper of its own (it is never asked for a
//! whole Monte Carlo). A worker booted `solo` (an embed's) never starts one.

use super::{param, post, Message};
use crate::analysis::montecarlo::{self, MonteCarlo, Options, Part};
use crate::model::Scenario;
use js_sys::{Array, Float64Array, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The kind of the helper's requests.
pub(crate) const PART: &str = "montecarlo-part";

/// Runs of fewer trials are not worth a round trip to the helper.
const MIN_TRIALS: usize = 2000;

/// The helper, as the worker sees it.
enum Helper {
    /// Not started yet: the worker has not run a Monte Carlo.
    Unstarted,
    /// A one-core machine, or the helper could not start or failed: every trial runs in the worker.
    Off,
    /// Started; `ready` once its wasm has loaded; `waiting` while it runs a part.
    On { worker: Worker, ready: bool, waiting: Option<Box<Waiting>> },
}

/// A Monte Carlo whose second half is with the helper: the worker's own half and what it takes to finish.
struct Waiting {
    id: JsValue,
    scenario: Scenario,
    opts: Options,
    own: Part,
}

thread_local! {
    static HELPER: RefCell<Helper> = const { RefCell::new(Helper::Unstarted) };
}

/// A Monte Carlo the page asked for: its summary now, or `None` when the helper runs the second half and the
/// answer is posted once that is back.
pub(crate) fn montecarlo(m: &Message) -> Option<MonteCarlo> {
    let (sc, opts) = (&m.scenario, Options::of(&m.scenario));
    let half = opts.trials / 2;
    let sent = HELPER.with_borrow_mut(|h| match h {
        Helper::Unstarted => {
            *h = start();
            false
        }
        Helper::On { worker, ready: true, waiting: None } if opts.trials >= MIN_TRIALS => {
            let range = Object::new();
            let _ = Reflect::set(&range, &"from".into(), &JsValue::from_f64(half as f64));
            let _ = Reflect::set(&range, &"to".into(), &JsValue::from_f64(opts.trials as f64));
            let request = Array::of4(&m.id, &JsValue::from_str(PART), &m.raw, &range);
            worker.post_message(&request).is_ok()
        }
        _ => false,
    });
    if !sent {
        return Some(montecarlo::run(sc, opts));
    }
    // The helper's answer is handled only after this returns: the worker's thread runs one thing at a time.
    let own = montecarlo::part(sc, opts, 0..half);
    HELPER.with_borrow_mut(|h| {
        if let Helper::On { waiting, .. } = h {
            *waiting = Some(Box::new(Waiting { id: m.id.clone(), scenario: sc.clone(), opts, own }));
        }
    });
    None
}

/// The mark in the query of a worker that starts no helper (an embed's): `app::workers::SOLO_BOOT` puts it there
/// and `start` reads it here; the boot script (`sandtable-worker-boot.js`, which cannot share it) drops it before it
/// loads the worker's files.
macro_rules! solo_mark {
    () => {
        "?solo&"
    };
}
pub(crate) use solo_mark;

/// Starts the helper when the machine has a second core: the same boot script and version as this worker. A worker
/// started with `solo_mark!()` in its query (`app::workers::SOLO_BOOT`, an embed's) starts none.
fn start() -> Helper {
    let global = js_sys::global();
    let cores = param(&param(&global, "navigator"), "hardwareConcurrency").as_f64().unwrap_or(1.0);
    let Some(url) = param(&param(&global, "location"), "href").as_string() else { return Helper::Off };
    if cores < 2.0 || url.contains(solo_mark!()) {
        return Helper::Off;
    }
    let Ok(worker) = Worker::new(&url) else { return Helper::Off };
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|e: MessageEvent| answered(&e.data()));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn Fn(JsValue)>::new(|_: JsValue| failed());
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Helper::On { worker, ready: false, waiting: None }
}

/// The helper's message: `["ready"]`, or its answer to the part it holds.
fn answered(data: &JsValue) {
    let msg = Array::from(data);
    if msg.get(0).as_string().as_deref() == Some("ready") {
        HELPER.with_borrow_mut(|h| {
            if let Helper::On { ready, .. } = h {
                *ready = true;
            }
        });
        return;
    }
    let Some(w) = take_waiting() else { return };
    let theirs = (msg.get(0) == w.id && msg.get(1).as_string().as_deref() == Some(PART))
        .then(|| msg.get(2).dyn_into::<Float64Array>().ok())
        .flatten()
        .and_then(|numbers| Part::from_numbers(&numbers.to_vec()));
    finish(w, theirs);
}

/// The helper failed (its wasm did not load, or it stopped): it is not asked again, and a part it held is run
/// here.
fn failed() {
    let w = HELPER.with_borrow_mut(|h| match std::mem::replace(h, Helper::Off) {
        Helper::On { worker, waiting, .. } => {
            worker.terminate();
            waiting
        }
        _ => None,
    });
    if let Some(w) = w {
        finish(w, None);
    }
}

/// The part the helper holds, which it no longer does.
fn take_waiting() -> Option<Box<Waiting>> {
    HELPER.with_borrow_mut(|h| match h {
        Helper::On { waiting, .. } => waiting.take(),
        _ => None,
    })
}

/// Answers the page: the worker's half joined with the helper's (`theirs`), or with the same trials run here
/// when the helper's answer is missing or not the part it was asked for.
fn finish(w: Box<Waiting>, theirs: Option<Part>) {
    let (from, to) = (w.own.trials(), w.opts.trials);
    let mut all = w.own;
    if !theirs.filter(|p| p.trials() == to - from).is_some_and(|p| all.append(p)) {
        all.append(montecarlo::part(&w.scenario, w.opts, from..to));
    }
    let mc = montecarlo::summarise(&w.scenario, w.opts, all);
    post(&w.id, "montecarlo", &super::numbers(&crate::analysis::wire::encode_montecarlo(&mc)));
}
