//! Goal seek (MODEL.md §8): the value of one driver — an input of §6's table or a group scale — at which a
//! metric meets a goal. The metric is sampled at 65 log-spaced points of the driver's search domain, the sign
//! change of `metric - goal` nearest today's value is kept, and bisection refines it.
//!
//! Invariant: a reachable answer, applied to the plan, gives the metric within `1e-7 * max(|goal|, 1)` of the
//! goal (or the driver is pinned to 1e-12 relative at a jump); every value tried stays inside the driver's
//! valid range, so the answer is always a valid plan.

use crate::model::inputs::{self, Object, Slot};
use crate::model::{Results, Scenario, Simulator};
use serde::Serialize;

/// Sample points over the search domain.
pub const SAMPLES: usize = 65;

/// A group of inputs scaled together by one factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Every traffic line's budget.
    Budget,
    /// Every channel's organic visitors.
    OrganicUv,
    /// Every channel's conversion (`cvr` and, where set, `cvr_end`).
    Cvr,
    /// Every channel's order value.
    Aov,
    /// The whole repeat curve.
    RepeatCurve,
}

/// The group scales, by their path (`scale:budget`).
pub const SCALES: [(&str, Group); 5] = [
    ("scale:budget", Group::Budget),
    ("scale:organic_uv", Group::OrganicUv),
    ("scale:cvr", Group::Cvr),
    ("scale:aov", Group::Aov),
    ("scale:repeat_curve", Group::RepeatCurve),
];

/// What goal seek moves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Driver {
    /// One input of §6's table (`channels.0.cvr`, `customers.repeat_curve`).
    Input(Slot),
    /// A factor on a group of inputs; today's value is 1.
    Scale(Group),
}

/// Calls `f` with every number a group scales, and the domain of its field.
fn members(g: Group, sc: &mut Scenario, mut f: impl FnMut(&mut f64, inputs::Domain)) {
    let domain = |object, field| inputs::find(object, field).map_or(inputs::Domain::NonNeg(f64::MAX), |i| i.domain);
    match g {
        Group::Budget => {
            let d = domain(Object::SpendLine, "budget");
            sc.spend_lines.iter_mut().filter(|l| l.is_traffic()).for_each(|l| f(&mut l.budget, d));
        }
        Group::OrganicUv => {
            let d = domain(Object::Channel, "organic_uv");
            sc.channels.iter_mut().for_each(|c| f(&mut c.organic_uv, d));
        }
        Group::Cvr => {
            let d = domain(Object::Channel, "cvr");
            for c in sc.channels.iter_mut() {
                f(&mut c.cvr, d);
                if let Some(end) = c.cvr_end.as_mut() {
                    f(end, d);
                }
            }
        }
        Group::Aov => {
            let d = domain(Object::Channel, "aov");
            sc.channels.iter_mut().for_each(|c| f(&mut c.aov, d));
        }
        Group::RepeatCurve => {
            let d = domain(Object::Customers, "repeat_curve");
            sc.customers.repeat_curve.iter_mut().for_each(|r| f(r, d));
        }
    }
}

/// The closed bounds of a domain (open ends approached as `Domain::clamp` does).
fn bounds(d: inputs::Domain) -> (f64, f64) {
    (d.clamp(f64::NEG_INFINITY), d.clamp(f64::INFINITY))
}

impl Driver {
    /// The driver a path names: an input of §6's table or a `scale:` group.
    pub fn parse(path: &str) -> Option<Driver> {
        if let Some((_, g)) = SCALES.iter().find(|(p, _)| *p == path) {
            return Some(Driver::Scale(*g));
        }
        Slot::parse(path).map(Driver::Input)
    }

    /// Its path.
    pub fn path(&self) -> String {
        match self {
            Driver::Input(s) => s.path(),
            Driver::Scale(g) => SCALES.iter().find(|(_, x)| x == g).map_or(String::new(), |(p, _)| p.to_string()),
        }
    }

    /// Every driver of a plan: its inputs of §6's table, then the scales.
    pub fn all(sc: &Scenario) -> Vec<Driver> {
        let mut out: Vec<Driver> = Slot::all(sc).into_iter().map(Driver::Input).collect();
        out.extend(SCALES.iter().map(|(_, g)| Driver::Scale(*g)));
        out
    }

    /// Today's value: the input's, or 1 for a scale; `None` when the plan has no such input.
    pub fn current(&self, sc: &Scenario) -> Option<f64> {
        match self {
            Driver::Input(s) => s.get(sc),
            Driver::Scale(_) => Some(1.0),
        }
    }

    /// The search domain: today's value times `[0.01, 100]`, within the valid range of every field it moves.
    pub fn domain(&self, sc: &Scenario) -> Option<(f64, f64)> {
        let v = self.current(sc)?;
        let (mut lo, mut hi) = (v * 0.01, v * 100.0);
        match self {
            Driver::Input(s) => {
                let (a, b) = bounds(s.input.domain);
                lo = lo.max(a);
                hi = hi.min(b);
            }
            Driver::Scale(g) => {
                let mut copy = sc.clone();
                members(*g, &mut copy, |x, d| {
                    let (a, b) = bounds(d);
                    if *x > 0.0 {
                        lo = lo.max(a / *x);
                        hi = hi.min(b / *x);
                    }
                });
            }
        }
        (lo > 0.0 && lo <= hi).then_some((lo, hi))
    }

    /// Writes value `x` of the driver into `out`, which starts as a copy of `base`.
    pub fn apply(&self, base: &Scenario, x: f64, out: &mut Scenario) {
        out.clone_from(base);
        match self {
            Driver::Input(s) => {
                s.set(out, x);
            }
            Driver::Scale(g) => members(*g, out, |v, _| *v *= x),
        }
    }
}

/// The value of a metric: a target row's value (§4: `gmv`, `q4_gmv`, `cpa`, `channels.2.gmv`, …), a quarter's,
/// channel's or event's GMV, or any year KPI; `None` for an unknown key or a `null` value.
pub fn metric_value(r: &Results, key: &str) -> Option<f64> {
    if let Some(t) = r.target(key) {
        return t.value;
    }
    let index = |prefix: &str| key.strip_prefix(prefix)?.strip_suffix(".gmv")?.parse::<usize>().ok();
    if let Some(q) = key.strip_prefix('q').and_then(|k| k.strip_suffix("_gmv")).and_then(|n| n.parse::<usize>().ok()) {
        return r.quarters.get(q.checked_sub(1)?).map(|x| x.kpis.gmv);
    }
    if let Some(i) = index("channels.") {
        return r.channels.get(i).map(|c| c.kpis.gmv);
    }
    if let Some(k) = index("events.") {
        return r.events.get(k).map(|e| e.gmv);
    }
    r.year.get(key)
}

/// Whether `key` names a metric of the plan (its value may still be `null`).
pub fn is_metric(r: &Results, key: &str) -> bool {
    r.target(key).is_some()
        || crate::model::kpi::find(key).is_some()
        || key == "return_rate"
        || metric_value(r, key).is_some()
}

/// The goal reached: the driver's value and the metric there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reached {
    pub reachable: bool,
    pub driver: String,
    /// The driver's value to apply.
    pub value: f64,
    /// Today's value of the driver.
    pub current: f64,
    pub metric: String,
    pub goal: f64,
    /// The metric with `value` applied.
    pub achieved: f64,
}

/// The goal out of reach: the best the driver can do over its domain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unreachable {
    pub reachable: bool,
    pub driver: String,
    pub metric: String,
    pub goal: f64,
    /// The smallest and largest metric over the samples, and the driver's values there.
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub at_min: Option<f64>,
    pub at_max: Option<f64>,
}

/// The answer of goal seek.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Reached(Reached),
    Unreachable(Unreachable),
}

/// The answer `x` as the page writes it into its field (MODEL.md §8): rounded to the field's step — a rate to
/// 0.01 percentage point, any other input to four significant figures — on the goal's side, i.e. of the step
/// below and the step above `x`, the nearer one whose metric still meets the goal on its side; `x` itself when
/// neither does (or for a group scale, which writes no one field).
pub fn on_step(sc: &Scenario, metric: &str, goal: f64, driver: &Driver, x: f64) -> f64 {
    let Driver::Input(slot) = driver else { return x };
    if !(x.is_finite() && x > 0.0) {
        return x;
    }
    let p = 10f64.powi(3 - x.log10().floor() as i32);
    let (scale, div) = if slot.input.unit == crate::model::inputs::Unit::Percent {
        (10_000.0, true)
    } else if p >= 1.0 {
        (p, true)
    } else {
        (1.0 / p, false)
    };
    // The double nearest each decimal: an integer divided (or multiplied) by a power of ten, as if typed.
    let at = |n: f64| if div { n / scale } else { n * scale };
    let n = if div { x * scale } else { x / scale };
    let higher = crate::model::kpi::find(metric).is_none_or(|k| k.direction == crate::model::kpi::Direction::Higher);
    let mut sim = Simulator::quiet();
    let mut trial = sc.clone();
    let mut meets = |v: f64| {
        driver.apply(sc, v, &mut trial);
        metric_value(sim.run(&trial), metric).is_some_and(|m| if higher { m >= goal } else { m <= goal })
    };
    let (down, up) = (at(n.floor()), at(n.ceil()));
    let steps = if x - down <= up - x { [down, up] } else { [up, down] };
    steps.into_iter().find(|&v| v > 0.0 && meets(v)).unwrap_or(x)
}

/// Seeks the value of `driver` at which `metric` of a valid plan equals `goal`; `None` when the plan has no
/// such driver or its domain is empty (today's value 0).
pub fn seek(sc: &Scenario, metric: &str, goal: f64, driver: &Driver) -> Option<Answer> {
    let (lo, hi) = driver.domain(sc)?;
    let current = driver.current(sc)?;
    let mut sim = Simulator::quiet();
    let mut trial = sc.clone();
    let mut eval = |x: f64| {
        driver.apply(sc, x, &mut trial);
        metric_value(sim.run(&trial), metric)
    };
    let tol = 1e-7 * goal.abs().max(1.0);
    let xs: Vec<f64> = (0..SAMPLES)
        .map(|i| if i + 1 == SAMPLES { hi } else { lo * (hi / lo).powf(i as f64 / (SAMPLES - 1) as f64) })
        .collect();
    let fs: Vec<Option<f64>> = xs.iter().map(|&x| eval(x)).collect();
    let distance = |x: f64| (x.ln() - current.max(f64::MIN_POSITIVE).ln()).abs();
    // Brackets: consecutive samples on both sides of the goal (or on it), nearest to today's value first.
    let mut best: Option<(f64, usize)> = None;
    for i in 0..SAMPLES - 1 {
        if let (Some(a), Some(b)) = (fs[i], fs[i + 1]) {
            if (a - goal) * (b - goal) <= 0.0 {
                let d = distance((xs[i] * xs[i + 1]).sqrt());
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, i));
                }
            }
        }
    }
    let (driver_path, metric_key) = (driver.path(), metric.to_string());
    let Some((_, i)) = best else {
        // (driver value, metric) at the smallest and the largest metric sampled.
        let valued = || xs.iter().zip(&fs).filter_map(|(&x, f)| f.map(|f| (x, f)));
        let min = valued().min_by(|a, b| a.1.total_cmp(&b.1));
        let max = valued().max_by(|a, b| a.1.total_cmp(&b.1));
        return Some(Answer::Unreachable(Unreachable {
            reachable: false,
            driver: driver_path,
            metric: metric_key,
            goal,
            min: min.map(|m| m.1),
            max: max.map(|m| m.1),
            at_min: min.map(|m| m.0),
            at_max: max.map(|m| m.0),
        }));
    };
    // The answer lands on the goal's side (MODEL.md §8): at or above a goal that is better high, at or below
    // one better low, so a target set as the goal reads ok. `good(f)`: the metric less the goal is on that side.
    let higher = crate::model::kpi::find(metric).is_none_or(|k| k.direction == crate::model::kpi::Direction::Higher);
    let good = |f: f64| if higher { f >= 0.0 } else { f <= 0.0 };
    let (mut a, mut b) = (xs[i], xs[i + 1]);
    let (mut fa, fb) = (fs[i].unwrap_or(goal) - goal, fs[i + 1].unwrap_or(goal) - goal);
    // The bracket's end on the goal's side is the answer so far; bisection keeps one end on each side.
    let (mut x, mut fx) = if good(fa) { (a, fa.abs()) } else { (b, fb.abs()) };
    for _ in 0..200 {
        if fx <= tol || (b - a) <= 1e-12 * b.abs() {
            break;
        }
        let m = a + (b - a) / 2.0;
        let Some(fm) = eval(m).map(|v| v - goal) else { break };
        if good(fm) && fm.abs() < fx {
            (x, fx) = (m, fm.abs());
        }
        if (fm < 0.0) == (fa < 0.0) && fm != 0.0 {
            (a, fa) = (m, fm);
        } else {
            b = m;
        }
    }
    let achieved = eval(x).unwrap_or(f64::NAN);
    Some(Answer::Reached(Reached {
        reachable: true,
        driver: driver_path,
        value: x,
        current,
        metric: metric_key,
        goal,
        achieved,
    }))
}
