//! The analysis worker's Monte Carlo: run a few ms at a time, so the worker takes its messages between two steps
//! and a run no longer wanted stops at once (the page posts its `id` alone: its plan has changed since), and split
//! with helpers of its own: further instances of the same wasm, which the worker starts on its first Monte Carlo
//! (while the page still loads, so no request follows an edit), one for each core beyond the first, up to four (on
//! this project's 2-core machines, one). Each helper runs an equal share of the trials (`[id, "montecarlo-part",
//! scenario, {from, to}]`, answered with the part's numbers) while the worker runs the first. Equal shares do not
//! take equal time (the machine's other work falls on one instance or another), so the work left is shared again
//! as instances run out of it (`rebalance`): a helper done takes the later half of the worker's trials left, and the
//! worker done asks a helper to halve its share (`[id, "halve"]`, answered `[id, "halved", at]`) and runs the later
//! half. The worker joins the parts in trial order (`montecarlo::summarise`): the numbers are the whole run's, to the
//! last bit. While a helper loads, if it fails, or if its answer is not the part asked for, the worker runs those
//! trials itself.
//!
//! Invariant: every Monte Carlo the page asks for is answered once, by the worker: with the whole run's numbers,
//! or `[id, "cancelled"]` when the page cancelled it first; a stopped run leaves no work behind (the helpers are
//! told too, and an answer for a run no longer wanted is dropped). Each instance runs at most one run at a time:
//! a new one replaces it. The parts tile the run's trials: a share only ever ends early at a trial not yet run, and
//! its later half goes to exactly one other instance. A helper never starts helpers of its own (it is never asked
//! for a whole Monte Carlo), and a worker booted `solo` (an embed's) never starts one.

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

/// The worker's request to a helper to halve its share under way (`[id, "halve"]`), answered `[id, "halved", at]`
/// (the helper now ends its share at trial `at`, and the worker runs the rest) or `[id, "halved", null]`.
pub(crate) const HALVE: &str = "halve";

/// The helper's answer to `HALVE`.
const HALVED: &str = "halved";

/// The fewest trials a helper's share is halved into (about 3 ms of this machine's): a smaller half would not repay
/// the worker's start on it (it sets up the engine and skips the draws before it).
const MIN_HALF: usize = 300;

/// The fewest trials of its own the worker hands a helper done with its share (about 8 ms of this machine's): the
/// helper reads the plan again and sets up the engine, and its part crosses back (traced: 7 ms in all).
const MIN_GIVEN: usize = 800;

/// Runs of fewer trials are not worth a round trip to the helpers.
const MIN_TRIALS: usize = 2000;

/// How long a step runs before the instance looks at its messages, in ms: a cancelled run lets the machine go
/// within a few ms, and a whole run (70 ms on this machine) takes a dozen looks.
const STEP_MS: f64 = 4.0;

/// Trials run between two looks at the clock (about 0.35 ms of this machine's).
const TRIALS_PER_LOOK: usize = 50;

/// The most helpers a worker starts (five instances in all, on a machine of five cores or more).
const MAX_HELPERS: usize = 4;

/// The helpers, as the worker sees them.
enum Helpers {
    /// Not started yet: the worker has not run a Monte Carlo.
    Unstarted,
    /// Started (none on a one-core machine); a helper that failed stays in its place as `None`.
    Started(Vec<Option<Helper>>),
}

/// A helper: its worker, and whether its wasm has loaded.
struct Helper {
    worker: Worker,
    ready: bool,
}

/// A helper's share of a run: which helper, its trials, where its part stands, and whether the helper said it is
/// too far on to halve.
struct Share {
    helper: usize,
    trials: std::ops::Range<usize>,
    part: Theirs,
    unsplit: bool,
}

/// A helper's part of a run.
enum Theirs {
    /// Asked, not back yet.
    Waiting,
    /// Back: its part, or `None` when the helper failed, answered something else or could not be asked (the worker
    /// runs those trials itself).
    Back(Option<Part>),
}

/// The Monte Carlo this instance runs: the page's (`whole`, answered with its summary) or, in the helper, a part
/// (answered with the part's numbers).
struct Run {
    id: JsValue,
    whole: bool,
    scenario: Scenario,
    /// The scenario as posted, for the helpers.
    raw: JsValue,
    opts: Options,
    /// The trials this instance runs now: its own share, then, in the worker, the later half of a helper's share it
    /// took over.
    steps: Option<Steps>,
    /// The trials it has run, each part with its first trial.
    own: Vec<(usize, Part)>,
    /// The helpers' shares (none in a helper).
    shares: Vec<Share>,
    /// The share whose helper was asked to halve it (`HALVE`) and has not answered.
    halving: Option<usize>,
}

impl Run {
    /// Whether a helper's part is still awaited.
    fn waiting(&self) -> bool {
        self.shares.iter().any(|s| matches!(s.part, Theirs::Waiting))
    }

    /// Whether helper `i` has given back every share it was asked for in this run, and at least one.
    fn idle(&self, i: usize) -> bool {
        let mut theirs = self.shares.iter().filter(|s| s.helper == i).peekable();
        theirs.peek().is_some() && theirs.all(|s| matches!(s.part, Theirs::Back(Some(_))))
    }
}

thread_local! {
    static HELPERS: RefCell<Helpers> = const { RefCell::new(Helpers::Unstarted) };
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
    let (own, shares) = if whole {
        let shares = HELPERS.with_borrow_mut(|h| match h {
            Helpers::Unstarted => {
                *h = start_helpers();
                Vec::new()
            }
            Helpers::Started(helpers) if opts.trials >= MIN_TRIALS => ask_helpers(helpers, m, opts.trials),
            Helpers::Started(_) => Vec::new(),
        });
        (0..shares.first().map_or(opts.trials, |s| s.trials.start), shares)
    } else {
        let number = |k: &str| param(&m.params, k).as_f64();
        let to = number("to").map_or(opts.trials, |t| (t.max(0.0) as usize).min(opts.trials));
        let from = number("from").map_or(0, |f| (f.max(0.0) as usize).min(to));
        (from..to, Vec::new())
    };
    let run = Run {
        id: m.id.clone(),
        whole,
        scenario: sc.clone(),
        raw: m.raw.clone(),
        opts,
        steps: Some(Steps::new(sc, opts, own)),
        own: Vec::new(),
        shares,
        halving: None,
    };
    // A run replaced: the helpers drop their parts too (their answers would be dropped anyway).
    if let Some(old) = RUN.with_borrow_mut(|r| r.replace(run)) {
        tell_helpers_to_stop(&old);
    }
    tick();
}

/// Splits the run's `trials` evenly between the worker and its ready helpers, asks each helper for its share, and
/// returns the shares (after the worker's own, in trial order). A share that could not be posted is the worker's.
fn ask_helpers(helpers: &[Option<Helper>], m: &Message, trials: usize) -> Vec<Share> {
    let ready: Vec<(usize, &Worker)> = (helpers.iter().enumerate())
        .filter_map(|(i, h)| h.as_ref().filter(|h| h.ready).map(|h| (i, &h.worker)))
        .collect();
    let parts = ready.len() + 1;
    let bound = |k: usize| trials * k / parts;
    (ready.into_iter().enumerate())
        .map(|(k, (helper, worker))| {
            let trials = bound(k + 1)..bound(k + 2);
            let sent = ask_part(worker, &m.id, &m.raw, &trials);
            Share { helper, trials, part: if sent { Theirs::Waiting } else { Theirs::Back(None) }, unsplit: false }
        })
        .collect()
}

/// Asks a helper for the part of run `id` of `trials`; whether it could be posted.
fn ask_part(worker: &Worker, id: &JsValue, raw: &JsValue, trials: &std::ops::Range<usize>) -> bool {
    let range = Object::new();
    let _ = Reflect::set(&range, &"from".into(), &JsValue::from_f64(trials.start as f64));
    let _ = Reflect::set(&range, &"to".into(), &JsValue::from_f64(trials.end as f64));
    worker.post_message(&Array::of4(id, &JsValue::from_str(PART), raw, &range)).is_ok()
}

/// Shares the work left between the instances as they run out of it (the shares are equal, the instances' speeds
/// are not: the machine's other work falls on one or the other): a helper that gave its part back takes the later
/// half of the trials this instance has left (`MIN_GIVEN` or more), and this instance, its own done, asks the helper
/// with the most trials to halve its share and runs the later half (`MIN_HALF` or more). The worker only.
fn rebalance(run: &mut Run) {
    if !run.whole {
        return;
    }
    HELPERS.with_borrow(|h| {
        let Helpers::Started(helpers) = h else { return };
        for (i, helper) in helpers.iter().enumerate() {
            let Some(helper) = helper.as_ref().filter(|h| h.ready && run.idle(i)) else { continue };
            let Some(steps) = run.steps.as_mut() else { break };
            let Some(half) = steps.later_half(MIN_GIVEN) else { break };
            let later = half..steps.trials().end;
            if ask_part(&helper.worker, &run.id, &run.raw, &later) && steps.end_at(half) {
                run.shares.push(Share { helper: i, trials: later, part: Theirs::Waiting, unsplit: false });
            }
        }
        if run.steps.is_some() || run.halving.is_some() {
            return;
        }
        let most = (run.shares.iter().enumerate())
            .filter(|(_, s)| matches!(s.part, Theirs::Waiting) && !s.unsplit && s.trials.len() >= 2 * MIN_HALF)
            .max_by_key(|(_, s)| s.trials.len());
        if let Some((k, share)) = most {
            if let Some(Some(helper)) = helpers.get(share.helper) {
                if helper.worker.post_message(&Array::of2(&run.id, &JsValue::from_str(HALVE))).is_ok() {
                    run.halving = Some(k);
                }
            }
        }
    });
}

/// In a helper: halves the part of run `id` under way, if it has `2 * MIN_HALF` trials or more left (it then ends
/// at the first of the later half, which the worker runs), and tells the worker where it now ends, or that it does
/// not. A part already answered, or another run's, is left alone (the worker has its answer, or dropped the run).
pub(crate) fn halve(id: &JsValue) {
    let answer = RUN.with_borrow_mut(|r| {
        let steps = r.as_mut().filter(|run| run.id == *id && !run.whole)?.steps.as_mut()?;
        Some(steps.later_half(MIN_HALF).filter(|&half| steps.end_at(half)))
    });
    if let Some(at) = answer {
        post(id, HALVED, &at.map_or(JsValue::NULL, |h| JsValue::from_f64(h as f64)));
    }
}

/// Helper `i`'s answer to `HALVE` for run `id`: it ends its share at `at` and this instance runs the rest, or it
/// keeps its share whole (it is not asked again, and another may be).
fn halved(id: &JsValue, i: usize, at: Option<f64>) {
    let stepping = RUN.with_borrow_mut(|r| {
        let Some(run) = r.as_mut().filter(|run| run.id == *id) else { return false };
        let Some(k) = run.halving.filter(|&k| run.shares.get(k).is_some_and(|s| s.helper == i)) else { return false };
        run.halving = None;
        let share = &mut run.shares[k];
        let at = at.map(|a| a as usize).filter(|a| share.trials.contains(a) && matches!(share.part, Theirs::Waiting));
        match at {
            Some(at) if run.steps.is_none() => {
                let later = at..share.trials.end;
                share.trials.end = at;
                run.steps = Some(Steps::new(&run.scenario, run.opts, later));
            }
            _ => share.unsplit = true,
        }
        rebalance(run);
        run.steps.is_some()
    });
    if stepping {
        tick();
    }
}

/// Stops the run `id` if it is under way: the page is told (`[id, "cancelled"]`) and the helpers stop their shares.
/// A run already answered, or another's id, is left alone: the page gets that answer as usual.
pub(crate) fn cancel(id: &JsValue) {
    let Some(run) = RUN.with_borrow_mut(|r| r.take_if(|r| r.id == *id)) else { return };
    tell_helpers_to_stop(&run);
    if run.whole {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&Array::of2(&run.id, &JsValue::from_str("cancelled")));
    }
}

/// Tells each helper that holds a share of `run` to stop it.
fn tell_helpers_to_stop(run: &Run) {
    HELPERS.with_borrow(|h| {
        let Helpers::Started(helpers) = h else { return };
        for share in run.shares.iter().filter(|s| matches!(s.part, Theirs::Waiting)) {
            if let Some(Some(helper)) = helpers.get(share.helper) {
                let _ = helper.worker.post_message(&run.id);
            }
        }
    });
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

/// Runs up to `n` more of the trials this instance runs now: whether any are left (`None`: no run, or none to run;
/// once they are done, the worker may take over some of a helper's).
fn advance(n: usize) -> Option<bool> {
    RUN.with_borrow_mut(|r| {
        let run = r.as_mut()?;
        if run.steps.as_mut()?.run(n) {
            return Some(true);
        }
        if let Some(steps) = run.steps.take() {
            // Asked before this part's columns are sorted, so a helper's answer is on its way meanwhile.
            rebalance(run);
            run.own.push((steps.trials().start, steps.finish()));
        }
        Some(run.steps.is_some())
    })
}

/// Answers the run if it is done: the trials this instance runs are run and every helper's part is back (or not
/// asked). The worker joins the parts in trial order; one a helper could not give is run here.
fn finish() {
    let done = RUN.with_borrow_mut(|r| r.take_if(|run| run.steps.is_none() && !run.waiting()));
    let Some(run) = done else { return };
    if !run.whole {
        if let Some((_, part)) = run.own.into_iter().next() {
            post(&run.id, PART, &super::numbers(&part.to_numbers()));
        }
        return;
    }
    let (sc, opts) = (&run.scenario, run.opts);
    let theirs = run.shares.into_iter().map(|s| {
        let part = match s.part {
            Theirs::Back(p) => p.filter(|p| p.trials() == s.trials.len()),
            Theirs::Waiting => None,
        };
        (s.trials, part)
    });
    let ours = run.own.into_iter().map(|(first, p)| (first..first + p.trials(), Some(p)));
    let mut parts: Vec<_> = ours.chain(theirs).collect();
    parts.sort_by_key(|(trials, _)| trials.start);
    // The parts tile the run's trials by construction; were they ever not to, the worker runs them all.
    if parts.iter().try_fold(0, |at, (t, _)| (t.start == at).then_some(t.end)) != Some(opts.trials) {
        parts = vec![(0..opts.trials, None)];
    }
    let mut all: Option<Part> = None;
    for (trials, part) in parts {
        let ours = || montecarlo::part(sc, opts, trials.clone());
        match all.as_mut() {
            None => all = Some(part.unwrap_or_else(ours)),
            Some(all) => {
                if !part.is_some_and(|p| all.append(p)) {
                    all.append(ours());
                }
            }
        }
    }
    let mc = montecarlo::summarise(sc, opts, all.unwrap_or_else(|| montecarlo::part(sc, opts, 0..0)));
    post(&run.id, "montecarlo", &super::numbers(&crate::analysis::wire::encode_montecarlo(&mc)));
}

/// The mark in the query of a worker that starts no helper (an embed's): `app::workers::SOLO_BOOT` puts it there
/// and `start_helpers` reads it here; the boot script (`sandtable-worker-boot.js`, which cannot share it) drops it
/// before it loads the worker's files.
macro_rules! solo_mark {
    () => {
        "?solo&"
    };
}
pub(crate) use solo_mark;

/// Starts the helpers: one for each core beyond the first, up to `MAX_HELPERS` (so the instances are as many as
/// the cores: more would only share them), from the same boot script and version as this worker. A worker started
/// with `solo_mark!()` in its query (`app::workers::SOLO_BOOT`, an embed's) starts none.
fn start_helpers() -> Helpers {
    let global = js_sys::global();
    // A float cast saturates (NaN is 0): a browser that says nothing, or nonsense, gets no helper.
    let cores = param(&param(&global, "navigator"), "hardwareConcurrency").as_f64().unwrap_or(1.0) as usize;
    let Some(url) = param(&param(&global, "location"), "href").as_string() else { return Helpers::Started(Vec::new()) };
    if cores < 2 || url.contains(solo_mark!()) {
        return Helpers::Started(Vec::new());
    }
    let count = (cores - 1).min(MAX_HELPERS);
    Helpers::Started((0..count).map(|i| start_helper(&url, i)).collect())
}

/// Starts helper `i`, listening to its answers and its failure.
fn start_helper(url: &str, i: usize) -> Option<Helper> {
    let worker = Worker::new(url).ok()?;
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| answered(i, &e.data()));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn Fn(JsValue)>::new(move |_: JsValue| failed(i));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Some(Helper { worker, ready: false })
}

/// Helper `i`'s message: `["ready"]`, or its answer to a part: taken if it is the run under way's (an answer for a
/// run since stopped or replaced is dropped).
fn answered(i: usize, data: &JsValue) {
    let msg = Array::from(data);
    if msg.get(0).as_string().as_deref() == Some("ready") {
        HELPERS.with_borrow_mut(|h| {
            if let Helpers::Started(helpers) = h {
                if let Some(Some(helper)) = helpers.get_mut(i) {
                    helper.ready = true;
                }
            }
        });
        return;
    }
    let kind = msg.get(1).as_string();
    if kind.as_deref() == Some(HALVED) {
        halved(&msg.get(0), i, msg.get(2).as_f64());
        return;
    }
    let theirs = (kind.as_deref() == Some(PART))
        .then(|| msg.get(2).dyn_into::<Float64Array>().ok())
        .flatten()
        .and_then(|numbers| Part::from_numbers(&numbers.to_vec()));
    if take(&msg.get(0), i, theirs) {
        finish();
    }
}

/// Gives the run under way, if its id is `id`, helper `i`'s part (`None`: it has none); whether it was awaited.
fn take(id: &JsValue, i: usize, part: Option<Part>) -> bool {
    RUN.with_borrow_mut(|r| {
        let Some(run) = r.as_mut().filter(|run| run.id == *id) else { return false };
        let Some(k) = run.shares.iter().position(|s| s.helper == i && matches!(s.part, Theirs::Waiting)) else {
            return false;
        };
        run.shares[k].part = Theirs::Back(part);
        if run.halving == Some(k) {
            run.halving = None;
        }
        rebalance(run);
        true
    })
}

/// Helper `i` failed (its wasm did not load, or it stopped): it is not asked again, and a share it held is run here.
fn failed(i: usize) {
    let gone = HELPERS.with_borrow_mut(|h| match h {
        Helpers::Started(helpers) => helpers.get_mut(i).and_then(Option::take),
        Helpers::Unstarted => None,
    });
    if let Some(helper) = gone {
        helper.worker.terminate();
    }
    let id = RUN.with_borrow(|r| r.as_ref().map(|run| run.id.clone()));
    if id.is_some_and(|id| take(&id, i, None)) {
        finish();
    }
}
