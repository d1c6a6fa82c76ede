//! The analysis worker's Monte Carlo: run a few ms at a time, so the worker takes its messages between two steps
//! and a run no longer wanted stops at once (the page posts its `id` alone: its plan has changed since), and split
//! with a helper of its own: a second instance of the same wasm, which the worker starts on its first Monte Carlo
//! (on a machine with more than one core; while the page still loads, so no request follows an edit). The
//! helper runs the second half of the trials (`[id, "montecarlo-part", scenario, {from, to}]`, answered with the
//! part's numbers) while the worker runs the first, and the worker joins the halves in trial order
//! (`montecarlo::summarise`): the numbers are the whole run's, to the last bit. While the helper loads, if it
//! fails, or if its answer is not the part asked for, the worker runs those trials itself.
//!
//! Invariant: every Monte Carlo the page asks for is answered once, by the worker: with the whole run's numbers,
//! or `[id, "cancelled"]` when the page cancelled it first; a stopped run leaves no work behind (the helper is
//! told too, and an answer for a run no longer wanted is dropped). Each instance runs at most one run at a time:
//! a new one replaces it. The helper never starts a helper of its own (it is never asked for a whole Monte
//! Carlo), and a worker booted `solo` (an embed's) never starts one.

use super::{param, post, Message};
use crate::analysis::montecarlo::{self, Options, Part, Steps};
use crate::model::Scenario;
use js_sys::{Array, Float64Array, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageChannel, MessageEvent, MessagePort, Worker};

/// The kind of the helper's requests.
pub(crate) const PART: &str = "montecarlo-part";

/// Runs of fewer trials are not worth a round trip to the helper.
const MIN_TRIALS: usize = 2000;

/// How long a step runs before the instance looks at its messages, in ms: a cancelled run lets the machine go
/// within a few ms, and a whole run (70 ms on this machine) takes a dozen looks.
const STEP_MS: f64 = 4.0;

/// Trials run between two looks at the clock (about 0.35 ms of this machine's).
const TRIALS_PER_LOOK: usize = 50;

/// The helper, as the worker sees it.
enum Helper {
    /// Not started yet: the worker has not run a Monte Carlo.
    Unstarted,
    /// A one-core machine, or the helper could not start or failed: every trial runs in the worker.
    Off,
    /// Started; `ready` once its wasm has loaded.
    On { worker: Worker, ready: bool },
}

/// The helper's part of a run.
enum Theirs {
    /// Not asked: the run's trials are all the worker's.
    No,
    /// Asked, not back yet.
    Waiting,
    /// Back: its part, or `None` when it failed or answered something else.
    Back(Option<Part>),
}

/// The Monte Carlo this instance runs: the page's (`whole`, answered with its summary) or, in the helper, a part
/// (answered with the part's numbers).
struct Run {
    id: JsValue,
    whole: bool,
    scenario: Scenario,
    opts: Options,
    /// This instance's trials: stepping, then done.
    steps: Option<Steps>,
    own: Option<Part>,
    theirs: Theirs,
}

thread_local! {
    static HELPER: RefCell<Helper> = const { RefCell::new(Helper::Unstarted) };
    static RUN: RefCell<Option<Run>> = const { RefCell::new(None) };
    /// `step`, as the function the next step is asked with.
    static STEP: RefCell<Option<Closure<dyn Fn()>>> = const { RefCell::new(None) };
    /// The port a run steps on where the browser has no `scheduler.postTask`: a message to itself between two
    /// steps (a timer would wait 4 ms after a few).
    static TICK: RefCell<Option<MessagePort>> = const { RefCell::new(None) };
    /// Whether a step is asked for and not taken yet: one at a time, however often a run is replaced.
    static TICKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts the Monte Carlo the page asked for (`montecarlo`), or, in the helper, the part the worker asked for
/// (`PART`, the trials `params.from..params.to`); a run under way is replaced. The answer is posted when done.
pub(crate) fn start(m: &Message) {
    let (sc, opts) = (&m.scenario, Options::of(&m.scenario));
    let whole = m.kind != PART;
    let (own, theirs) = if whole {
        let half = opts.trials / 2;
        let sent = HELPER.with_borrow_mut(|h| match h {
            Helper::Unstarted => {
                *h = start_helper();
                false
            }
            Helper::On { worker, ready: true } if opts.trials >= MIN_TRIALS => {
                let range = Object::new();
                let _ = Reflect::set(&range, &"from".into(), &JsValue::from_f64(half as f64));
                let _ = Reflect::set(&range, &"to".into(), &JsValue::from_f64(opts.trials as f64));
                worker.post_message(&Array::of4(&m.id, &JsValue::from_str(PART), &m.raw, &range)).is_ok()
            }
            _ => false,
        });
        if sent {
            (0..half, Theirs::Waiting)
        } else {
            (0..opts.trials, Theirs::No)
        }
    } else {
        let number = |k: &str| param(&m.params, k).as_f64();
        let to = number("to").map_or(opts.trials, |t| (t.max(0.0) as usize).min(opts.trials));
        let from = number("from").map_or(0, |f| (f.max(0.0) as usize).min(to));
        (from..to, Theirs::No)
    };
    let run = Run {
        id: m.id.clone(),
        whole,
        scenario: sc.clone(),
        opts,
        steps: Some(Steps::new(sc, opts, own)),
        own: None,
        theirs,
    };
    // A run replaced: the helper drops its part too (its answer would be dropped anyway).
    if let Some(old) = RUN.with_borrow_mut(|r| r.replace(run)) {
        tell_helper_to_stop(&old);
    }
    tick();
}

/// Stops the run `id` if it is under way: the page is told (`[id, "cancelled"]`) and the helper stops its part.
/// A run already answered, or another's id, is left alone: the page gets that answer as usual.
pub(crate) fn cancel(id: &JsValue) {
    let Some(run) = RUN.with_borrow_mut(|r| r.take_if(|r| r.id == *id)) else { return };
    tell_helper_to_stop(&run);
    if run.whole {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&Array::of2(&run.id, &JsValue::from_str("cancelled")));
    }
}

/// Tells the helper to stop the part of `run` it holds, if any.
fn tell_helper_to_stop(run: &Run) {
    if matches!(run.theirs, Theirs::Waiting) {
        HELPER.with_borrow(|h| {
            if let Helper::On { worker, .. } = h {
                let _ = worker.post_message(&run.id);
            }
        });
    }
}

/// Asks for the next step once the messages that came meanwhile have been taken: a task of the instance's own
/// (`scheduler.postTask`, on its thread), else a message to itself; without either, which no browser lacks, the
/// run goes to its end now.
fn tick() {
    if TICKING.replace(true) {
        return;
    }
    let asked = STEP.with_borrow_mut(|f| {
        let f = f.get_or_insert_with(|| Closure::<dyn Fn()>::new(step));
        let scheduler = param(&js_sys::global(), "scheduler");
        let post = param(&scheduler, "postTask").dyn_into::<js_sys::Function>();
        post.is_ok_and(|post| post.call1(&scheduler, f.as_ref()).is_ok())
    }) || TICK.with_borrow_mut(|t| {
        if t.is_none() {
            *t = channel();
        }
        t.as_ref().is_some_and(|port| port.post_message(&JsValue::NULL).is_ok())
    });
    if !asked {
        TICKING.set(false);
        if advance(usize::MAX).is_some() {
            finish();
        }
    }
}

/// The channel a run steps on: `step` at each message on its first port; the second port, to post to.
fn channel() -> Option<MessagePort> {
    let ch = MessageChannel::new().ok()?;
    let on_message = Closure::<dyn Fn(JsValue)>::new(|_: JsValue| step());
    ch.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    Some(ch.port2())
}

/// Runs the run under way's trials for `STEP_MS`, then asks for the next step, or ends the run.
fn step() {
    TICKING.set(false);
    let until = js_sys::Date::now() + STEP_MS;
    loop {
        match advance(TRIALS_PER_LOOK) {
            Some(true) if js_sys::Date::now() < until => {}
            Some(true) => return tick(),
            Some(false) => return finish(),
            None => return,
        }
    }
}

/// Runs up to `n` more of the run's own trials: whether any are left (`None`: no run, or its own are done).
fn advance(n: usize) -> Option<bool> {
    RUN.with_borrow_mut(|r| {
        let run = r.as_mut()?;
        if run.steps.as_mut()?.run(n) {
            return Some(true);
        }
        run.own = run.steps.take().map(Steps::finish);
        Some(false)
    })
}

/// Answers the run if it is done: its own trials run and the helper's part back (or not asked).
fn finish() {
    let done = RUN.with_borrow_mut(|r| r.take_if(|run| run.own.is_some() && !matches!(run.theirs, Theirs::Waiting)));
    let Some(run) = done else { return };
    let Some(mut all) = run.own else { return };
    if !run.whole {
        post(&run.id, PART, &super::numbers(&all.to_numbers()));
        return;
    }
    let (from, to) = (all.trials(), run.opts.trials);
    if from < to {
        let theirs = match run.theirs {
            Theirs::Back(p) => p.filter(|p| p.trials() == to - from),
            _ => None,
        };
        if !theirs.is_some_and(|p| all.append(p)) {
            all.append(montecarlo::part(&run.scenario, run.opts, from..to));
        }
    }
    let mc = montecarlo::summarise(&run.scenario, run.opts, all);
    post(&run.id, "montecarlo", &super::numbers(&crate::analysis::wire::encode_montecarlo(&mc)));
}

/// The mark in the query of a worker that starts no helper (an embed's): `app::workers::SOLO_BOOT` puts it there
/// and `start_helper` reads it here; the boot script (`sandtable-worker-boot.js`, which cannot share it) drops it
/// before it loads the worker's files.
macro_rules! solo_mark {
    () => {
        "?solo&"
    };
}
pub(crate) use solo_mark;

/// Starts the helper when the machine has a second core: the same boot script and version as this worker. A worker
/// started with `solo_mark!()` in its query (`app::workers::SOLO_BOOT`, an embed's) starts none.
fn start_helper() -> Helper {
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
    Helper::On { worker, ready: false }
}

/// The helper's message: `["ready"]`, or its answer to a part: taken if it is the run under way's (an answer for
/// a run since stopped or replaced is dropped).
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
    let theirs = (msg.get(1).as_string().as_deref() == Some(PART))
        .then(|| msg.get(2).dyn_into::<Float64Array>().ok())
        .flatten()
        .and_then(|numbers| Part::from_numbers(&numbers.to_vec()));
    let id = msg.get(0);
    let taken = RUN.with_borrow_mut(|r| match r {
        Some(run) if run.id == id && matches!(run.theirs, Theirs::Waiting) => {
            run.theirs = Theirs::Back(theirs);
            true
        }
        _ => false,
    });
    if taken {
        finish();
    }
}

/// The helper failed (its wasm did not load, or it stopped): it is not asked again, and a part it held is run
/// here.
fn failed() {
    if let Helper::On { worker, .. } = HELPER.with_borrow_mut(|h| std::mem::replace(h, Helper::Off)) {
        worker.terminate();
    }
    let waited = RUN.with_borrow_mut(|r| match r {
        Some(run) if matches!(run.theirs, Theirs::Waiting) => {
            run.theirs = Theirs::Back(None);
            true
        }
        _ => false,
    });
    if waited {
        finish();
    }
}
