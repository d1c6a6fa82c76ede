//! The embed's side of the analysis worker: the Monte Carlo of a plan with ranges and, for a tornado chart, the
//! tornado, with the page's protocol (`crate::worker`; `["ready"]`, then `[id, kind, plan]` and
//! `[id, kind, answer]`).
//!
//! Invariant: one request at a time in the worker, and each kind keeps only its newest pending request, so a
//! burst of edits runs the newest plan next; an answer for a plan that has since changed is dropped. A request
//! made while the worker is on an older plan waits until the plan rests (`workers::REST_MS`), as the page's do,
//! and a Monte Carlo under way for an older plan is cancelled (`workers::cancel_run`).
//! The worker starts once the first screen is painted, without a helper for its trials (`SOLO_BOOT`): a wiki page
//! may hold several embeds, each with its worker, and most of them run one Monte Carlo, before a helper would
//! have loaded. A worker that cannot load is replaced, three times at most (its boot script retries its glue and
//! wasm itself).

use super::dom::{after_paint, on};
use crate::analysis::montecarlo::MonteCarlo;
use crate::analysis::sensitivity::Tornado;
use crate::analysis::wire;
use crate::model::results::TargetResult;
use crate::model::Scenario;
use js_sys::{Array, Float64Array};
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// An answer of the worker for the plan asked about.
pub enum Answer {
    /// The Monte Carlo.
    MonteCarlo(Box<MonteCarlo>),
    /// The tornado of GMV.
    Tornado(Tornado),
}

/// One request: its id, its kind (`montecarlo`, `tornado:gmv`), the plan, and that plan's target rows (then its
/// forecast's) for a Monte Carlo.
struct Request {
    id: u64,
    kind: &'static str,
    scenario: Scenario,
    rows: (Vec<TargetResult>, Vec<TargetResult>),
    /// Whether it waits for the plan to rest before it is sent.
    held: bool,
}

#[derive(Default)]
struct Inner {
    worker: Option<Worker>,
    ready: bool,
    starting: bool,
    next_id: u64,
    in_flight: Option<Request>,
    pending: Vec<Request>,
    /// When the newest request was queued (ms).
    queued_at: f64,
    /// The timer that sends a held request once the plan rests.
    hold: Option<gloo_timers::callback::Timeout>,
    /// How many workers failed.
    failures: u32,
}

/// The worker's client; `take` is called with each answer.
#[derive(Clone)]
pub struct Client {
    inner: Rc<RefCell<Inner>>,
    take: Rc<dyn Fn(Answer)>,
    /// The plan as the JS object of its JSON form, as it crosses to the worker.
    to_js: fn(&Scenario) -> Option<JsValue>,
}

/// The plan as the JS object of its JSON form, built directly with its numbers as they are: the read-only embed
/// writes no JSON.
pub fn to_js_directly(sc: &Scenario) -> Option<JsValue> {
    sc.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()
}

/// The plan as the JS object `JSON.parse` makes of its JSON, as the page's is sent: the full embed writes JSON for
/// its link anyway.
pub fn to_js_through_json(sc: &Scenario) -> Option<JsValue> {
    js_sys::JSON::parse(&serde_json::to_string(sc).ok()?).ok()
}

impl Client {
    /// A client whose answers go to `take`, sending each plan as `to_js` makes it; the worker starts with the
    /// first request.
    pub fn new(take: impl Fn(Answer) + 'static, to_js: fn(&Scenario) -> Option<JsValue>) -> Client {
        Client { inner: Rc::default(), take: Rc::new(take), to_js }
    }

    /// Asks for `kind` of `scenario`, replacing a pending request of the same kind.
    pub fn ask(&self, kind: &'static str, scenario: Scenario, rows: (Vec<TargetResult>, Vec<TargetResult>)) {
        {
            let mut c = self.inner.borrow_mut();
            c.next_id += 1;
            let id = c.next_id;
            c.queued_at = js_sys::Date::now();
            let held = c.in_flight.is_some() || c.pending.iter().any(|r| r.held);
            if let (Some(w), Some(old)) = (&c.worker, &c.in_flight) {
                if old.kind == "montecarlo" && kind == "montecarlo" {
                    crate::app::workers::cancel_run(w, old.id);
                }
            }
            c.pending.retain(|r| r.kind != kind);
            c.pending.push(Request { id, kind, scenario, rows, held });
        }
        self.wake();
    }

    /// Sends what is pending; without a worker, starts one first (once the page is painted).
    fn wake(&self) {
        let start = {
            let mut c = self.inner.borrow_mut();
            let start = c.worker.is_none() && !c.starting;
            c.starting |= start;
            start
        };
        if start {
            let client = self.clone();
            after_paint(move || {
                client.inner.borrow_mut().starting = false;
                client.spawn();
                client.pump();
            });
        }
        self.pump();
    }

    /// Drops the pending request of `kind` (the plan no longer has ranges).
    pub fn forget(&self, kind: &str) {
        self.inner.borrow_mut().pending.retain(|r| r.kind != kind);
    }

    /// Starts the worker and listens to it; a worker that fails is dropped, and another starts for what waits.
    fn spawn(&self) {
        let Ok(worker) = Worker::new(&crate::app::workers::boot_url(crate::app::workers::SOLO_BOOT)) else {
            return;
        };
        let client = self.clone();
        on(&worker, "message", move |e| {
            let Some(e) = e.dyn_ref::<MessageEvent>() else { return };
            let msg = Array::from(&e.data());
            if msg.get(0).as_string().as_deref() == Some("ready") {
                client.inner.borrow_mut().ready = true;
            } else {
                let done = {
                    let mut c = client.inner.borrow_mut();
                    let done = c.in_flight.take();
                    done.filter(|r| {
                        msg.get(0).as_f64() == Some(r.id as f64) && !c.pending.iter().any(|p| p.kind == r.kind)
                    })
                };
                if let Some(answer) = done.and_then(|req| decode(&req, &msg)) {
                    (client.take)(answer);
                }
            }
            client.pump();
        });
        let client = self.clone();
        on(&worker, "error", move |_| {
            let again = {
                let mut c = client.inner.borrow_mut();
                c.ready = false;
                c.in_flight = None;
                if let Some(w) = c.worker.take() {
                    w.terminate();
                }
                // A worker that could not load (a network's hiccup) never took what waits: a fresh one starts for it,
                // three times at most, as a read-only embed asks only once. What a worker took down with it (a plan
                // it fails on) is not asked again; the fresh one waits for the next request.
                c.failures += 1;
                c.failures < 4
            };
            if again {
                client.wake();
            }
        });
        self.inner.borrow_mut().worker = Some(worker);
    }

    /// Sends the first pending request when the worker is ready and idle.
    fn pump(&self) {
        let mut c = self.inner.borrow_mut();
        if c.worker.is_none() || !c.ready || c.in_flight.is_some() || c.pending.is_empty() {
            return;
        }
        let wait = c.queued_at + crate::app::workers::REST_MS - js_sys::Date::now();
        if c.pending[0].held && wait > 0.0 {
            let client = self.clone();
            c.hold = Some(gloo_timers::callback::Timeout::new(wait.ceil() as u32, move || client.pump()));
            return;
        }
        let req = c.pending.remove(0);
        let Some(worker) = &c.worker else { return };
        let Some(sc) = (self.to_js)(&req.scenario) else { return };
        let msg = Array::of3(&JsValue::from_f64(req.id as f64), &JsValue::from_str(req.kind), &sc);
        if worker.post_message(&msg).is_ok() {
            c.in_flight = Some(req);
        }
    }
}

/// The answer `[id, kind, numbers]` to `req`, `None` for an error or a malformed answer.
fn decode(req: &Request, msg: &Array) -> Option<Answer> {
    let data = msg.get(2).dyn_into::<Float64Array>().ok()?.to_vec();
    match req.kind {
        "montecarlo" => wire::decode_montecarlo(&data, &req.scenario, &req.rows.0, &req.rows.1)
            .map(|mc| Answer::MonteCarlo(Box::new(mc))),
        kind => wire::decode_tornado(&data, &req.scenario, kind.strip_prefix("tornado:")?).map(Answer::Tornado),
    }
}
