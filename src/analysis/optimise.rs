//! The budget optimiser (MODEL.md §9): the annual budgets of the free traffic lines that maximise the year's
//! GMV or contribution, for a fixed total or, in marginal mode, spending while one more yuan returns at least
//! a given value.
//!
//! Every paid visitor of line `j` on day `d` is worth the same to the year whatever the budget: the conversion
//! of day `d` does not depend on visitors, and a first order's repeat orders follow it linearly. So the
//! objective is `constant + Σ_j f_j(b_j)`, with `f_j(b) = Σ_d V_jd · v_j(b q_jd)` (minus `b` for contribution),
//! `V_jd` the value of one visitor and `v_j` the line's concave response curve. The optimum equalises the
//! marginal returns `f_j'` of the lines not at a bound: bisection on their common value λ, and for each λ
//! bisection on each line's budget. It is exact, not a grid search.
//!
//! Invariants: locked and fixed lines keep their budgets to the bit; every budget stays inside its bounds; in
//! total mode the free budgets add up to the total; the reported objectives are the engine's own.

use crate::model::calendar::Calendar;
use crate::model::engine::{day_cvr, pacing_weights, repeat_rates, split_share, DayFactors, Money, SEGMENTS};
use crate::model::response::{marginal_visitors, visitors};
use crate::model::{Results, Scenario, Simulator};
use serde::Serialize;

/// What the optimiser maximises.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Objective {
    /// The year's GMV.
    #[default]
    Gmv,
    /// The year's contribution (net GMV less cost of goods, commission, fulfilment and marketing).
    Contribution,
}

impl Objective {
    /// Its key (`gmv`, `contribution`), as the command line and the page name it.
    pub fn key(self) -> &'static str {
        match self {
            Objective::Gmv => "gmv",
            Objective::Contribution => "contribution",
        }
    }

    /// The objective a key names.
    pub fn parse(key: &str) -> Option<Objective> {
        [Objective::Gmv, Objective::Contribution].into_iter().find(|o| o.key() == key)
    }

    /// Its value in a simulated year.
    pub fn of(self, r: &Results) -> f64 {
        match self {
            Objective::Gmv => r.year.gmv,
            Objective::Contribution => r.year.contribution,
        }
    }
}

/// How much the free lines may spend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    /// The free lines' budgets add up to this total; `None` keeps today's total.
    Total(Option<f64>),
    /// No total: each free line spends until one more yuan returns this much of the objective.
    Marginal(f64),
}

/// The optimiser's settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptimiseOptions {
    /// What to maximise. Defaults to GMV.
    pub objective: Objective,
    /// The total or the marginal return. Defaults to today's total of the free lines.
    pub mode: Mode,
}

impl Default for OptimiseOptions {
    fn default() -> Self {
        OptimiseOptions { objective: Objective::Gmv, mode: Mode::Total(None) }
    }
}

/// Why there is no answer.
#[derive(Clone, Debug, PartialEq)]
pub enum OptimiseError {
    /// No traffic line is free to move (all locked, or none).
    NoFreeLines,
    /// The total cannot be met within the lines' bounds: the total, and the least and most they can spend.
    Infeasible { total: f64, min: f64, max: f64 },
    /// The total or the marginal return is not a finite number (or the total is negative).
    BadValue(f64),
}

impl std::fmt::Display for OptimiseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptimiseError::NoFreeLines => write!(f, "no traffic line is free to move (every one is locked)"),
            OptimiseError::Infeasible { total, min, max } => write!(
                f,
                "the total {total} cannot be spent within the lines' bounds: they take between {min} and {max}"
            ),
            OptimiseError::BadValue(x) => write!(f, "must be a finite number of at least 0, got {x}"),
        }
    }
}

/// One traffic line's objective as a function of its own budget.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineResponse {
    /// Yuan per visitor at low spend.
    cpc: f64,
    /// Daily half-saturation spend.
    h: f64,
    /// Distinct pacing weights `q` with the summed value of a visitor on the days that have them.
    groups: Vec<(f64, f64)>,
    /// 1 when the objective pays the budget itself (contribution), else 0.
    cost: f64,
}

/// The shape of a line's part of the objective in its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Every visitor is worth something: concave, the common marginal return finds its maximum.
    Concave,
    /// Every visitor loses money (a discount-heavy channel, high fulfilment): convex, its maximum is at a bound.
    Convex,
    /// Visitors worth something on some days and losing on others: neither.
    Mixed,
}

impl LineResponse {
    fn shape(&self) -> Shape {
        if self.groups.iter().all(|g| g.1 >= 0.0) {
            Shape::Concave
        } else if self.groups.iter().all(|g| g.1 <= 0.0) {
            Shape::Convex
        } else {
            Shape::Mixed
        }
    }

    /// The line's part of the objective at budget `b` (GMV, or contribution less the budget).
    pub fn value(&self, b: f64) -> f64 {
        self.groups.iter().map(|&(q, v)| v * visitors(self.cpc, self.h, b * q)).sum::<f64>() - self.cost * b
    }

    /// The marginal return at budget `b`: the objective one more yuan adds.
    pub fn marginal(&self, b: f64) -> f64 {
        self.groups.iter().map(|&(q, v)| v * q * marginal_visitors(self.cpc, self.h, b * q)).sum::<f64>() - self.cost
    }

    /// The budget in `[lo, hi]` at which the marginal return is `lambda` (a bound when it is not reached).
    fn budget_at(&self, lambda: f64, lo: f64, hi: f64) -> f64 {
        if self.marginal(lo) <= lambda {
            return lo;
        }
        if self.marginal(hi) >= lambda {
            return hi;
        }
        let (mut a, mut b) = (lo, hi);
        for _ in 0..200 {
            let m = a + (b - a) / 2.0;
            if m <= a || m >= b {
                break;
            }
            if self.marginal(m) > lambda {
                a = m;
            } else {
                b = m;
            }
        }
        a + (b - a) / 2.0
    }
}

/// The response of every spend line of a valid plan to its own budget (`None` for fixed lines), for an
/// objective.
pub fn responses(sc: &Scenario, objective: Objective) -> Vec<Option<LineResponse>> {
    let cal = Calendar::new(sc.year);
    let nd = cal.days;
    let mut f = DayFactors::default();
    f.fill(sc, &cal);
    let contribution = objective == Objective::Contribution;
    // prefix[i] = Σ_{u<i} pay_u, for the price of repeat orders over an age window.
    let mut prefix = vec![0.0; nd + 1];
    for d in 0..nd {
        prefix[d + 1] = prefix[d] + f.pay[d];
    }
    let rates = repeat_rates(&sc.customers.repeat_curve);
    let t_step = cal.t_step();
    // Value of one visitor of each spend line per day.
    let mut value = vec![vec![0.0; nd]; sc.spend_lines.len()];
    for (c, ch) in sc.channels.iter().enumerate() {
        let money = Money::of(sc, ch);
        // An order at list price L on a day with price factor p is worth `a(L) p - b(L)`.
        let terms = |list: f64| if contribution { money.contribution_terms(list) } else { (list, 0.0) };
        let (a_new, b_new) = terms(money.list_new);
        let (a_rep, b_rep) = terms(money.list_rep);
        let shares: Vec<(usize, f64)> = (0..sc.spend_lines.len())
            .filter(|&j| sc.spend_lines[j].is_traffic())
            .map(|j| (j, split_share(sc, j, c)))
            .filter(|&(_, w)| w > 0.0)
            .collect();
        if shares.is_empty() {
            continue;
        }
        let (cvr0, slope) = (ch.cvr, ch.cvr_end() - ch.cvr);
        for (d, (&uplift, &pay)) in f.v.iter().zip(&f.pay).enumerate() {
            let cvr = day_cvr(cvr0, slope, d as f64 * t_step, uplift);
            // A first order on day d and the repeat orders it brings on days d + lo ..= d + hi of each segment.
            let mut order = a_new * pay - b_new;
            for (k, &(lo, hi)) in SEGMENTS.iter().enumerate() {
                let (first, last) = (d + lo, (d + hi).min(nd - 1));
                if first > last {
                    break;
                }
                let days = (last + 1 - first) as f64;
                order += rates[k] * (a_rep * (prefix[last + 1] - prefix[first]) - b_rep * days);
            }
            for &(j, w) in &shares {
                value[j][d] += w * cvr * order;
            }
        }
    }
    let mut q = vec![0.0; nd];
    sc.spend_lines
        .iter()
        .zip(value)
        .map(|(line, val)| {
            if !line.is_traffic() {
                return None;
            }
            pacing_weights(&mut q, &line.pacing, &cal, &f.su, f.su_sum);
            // Days of one pacing weight share a group (a handful: one per month and set of events). Found by a
            // scan rather than a sort: a sort of these pairs would be a sort's code of its own in the page.
            let mut groups: Vec<(f64, f64)> = Vec::new();
            for (q, v) in q.iter().copied().zip(val).filter(|&(q, _)| q > 0.0) {
                match groups.iter_mut().find(|g| g.0 == q) {
                    Some(g) => g.1 += v,
                    None => groups.push((q, v)),
                }
            }
            Some(LineResponse {
                cpc: line.cpc.unwrap_or(1.0),
                h: line.half_saturation.unwrap_or(1.0) * 12.0 / nd as f64,
                groups,
                cost: if contribution { 1.0 } else { 0.0 },
            })
        })
        .collect()
}

/// One line's budget and what it buys, from the engine.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineState {
    pub budget: f64,
    /// Paid visitors.
    pub uv: f64,
    /// GMV of the line's paid first orders.
    pub gmv: f64,
    /// `gmv / budget`; `null` at budget 0.
    pub roi: Option<f64>,
    /// The objective one more yuan on this line adds.
    pub marginal: f64,
}

/// One traffic line before and after.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineAnswer {
    /// Index in `spend_lines`.
    pub index: usize,
    pub name: String,
    /// Locked lines keep their budget.
    pub locked: bool,
    /// The bounds the optimiser kept.
    pub min: f64,
    pub max: f64,
    pub before: LineState,
    pub after: LineState,
    /// The marginal return after (as `after.marginal`).
    pub marginal: f64,
}

/// The optimiser's answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Optimum {
    /// `gmv` or `contribution`.
    pub objective: &'static str,
    /// `total` or `marginal`.
    pub mode: &'static str,
    /// The free lines' total after (the total asked for in total mode).
    pub total: f64,
    /// The common marginal return of the free lines not at a bound (the value asked for in marginal mode).
    pub lambda: Option<f64>,
    /// The objective of the plan as it is and with the new budgets, both simulated by the engine.
    pub before: f64,
    pub after: f64,
    /// `after - before`.
    pub gain: f64,
    /// Whether the answer is the maximum within the bounds: true where every free line's part of the objective is
    /// concave (each visitor worth something) or, in total mode, every one is convex (each visitor loses money:
    /// the best corner); otherwise the answer is the best found (the common-marginal point, every corner of the
    /// bounds and 1% transfers from the best), and says so.
    pub guaranteed: bool,
    /// The traffic lines, in plan order.
    pub lines: Vec<LineAnswer>,
    /// The plan with the new budgets.
    pub scenario: Scenario,
    /// Each traffic line's response curve, for the chart (not printed).
    #[serde(skip)]
    pub curves: Vec<Curve>,
}

/// A traffic line's part of the objective against its budget, with today's point and the optimum.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Curve {
    /// Index in `spend_lines`.
    pub index: usize,
    /// `(budget, value)` from 0 to past both points.
    pub points: Vec<(f64, f64)>,
    /// Today's budget and value.
    pub before: (f64, f64),
    /// The optimum's budget and value.
    pub after: (f64, f64),
}

/// Points on a curve.
pub const CURVE_POINTS: usize = 48;

/// The curve of `response` from 0 to 1.6 times the larger of the two budgets.
fn curve(index: usize, response: &LineResponse, before: f64, after: f64) -> Curve {
    let end = 1.6 * before.max(after).max(1.0);
    let at = |b: f64| (b, response.value(b));
    Curve {
        index,
        points: (0..=CURVE_POINTS).map(|i| at(end * i as f64 / CURVE_POINTS as f64)).collect(),
        before: at(before),
        after: at(after),
    }
}

/// The free lines' bounds and responses.
struct Free<'a> {
    index: usize,
    lo: f64,
    hi: f64,
    response: &'a LineResponse,
}

/// Optimises the budgets of a valid plan.
pub fn optimise(sc: &Scenario, opts: &OptimiseOptions) -> Result<Optimum, OptimiseError> {
    let responses = responses(sc, opts.objective);
    let current_total: f64 = free_lines(sc).map(|(_, l)| l.budget).sum();
    let marginal_mode = matches!(opts.mode, Mode::Marginal(_));
    let total = match opts.mode {
        Mode::Total(t) => t.unwrap_or(current_total),
        Mode::Marginal(m) => m,
    };
    if !total.is_finite() || (!marginal_mode && total < 0.0) {
        return Err(OptimiseError::BadValue(total));
    }
    let free: Vec<Free> = free_lines(sc)
        .filter_map(|(j, l)| {
            let response = responses[j].as_ref()?;
            let lo = l.min_budget.unwrap_or(0.0);
            let hi = match (l.max_budget, marginal_mode) {
                (Some(m), _) => m,
                (None, true) => 100.0 * l.budget,
                (None, false) => total.max(lo),
            };
            // Never above what a budget may be (the plan stays valid).
            let hi = hi.min(crate::model::inputs::MAX_MONEY).max(lo);
            Some(Free { index: j, lo, hi, response })
        })
        .collect();
    if free.is_empty() {
        return Err(OptimiseError::NoFreeLines);
    }
    let budgets_at =
        |lambda: f64| -> Vec<f64> { free.iter().map(|f| f.response.budget_at(lambda, f.lo, f.hi)).collect() };
    let (budgets, lambda) = match opts.mode {
        Mode::Marginal(m) => (budgets_at(m), m),
        Mode::Total(_) => {
            let (min, max) = (free.iter().map(|f| f.lo).sum::<f64>(), free.iter().map(|f| f.hi).sum::<f64>());
            if total < min * (1.0 - 1e-12) || total > max * (1.0 + 1e-12) {
                return Err(OptimiseError::Infeasible { total, min, max });
            }
            let mut budgets = equalise(&free, total, budgets_at);
            close_total(&free, &mut budgets, total);
            let lambda =
                free.iter().zip(&budgets).find(|(f, &b)| b > f.lo && b < f.hi).map(|(f, &b)| f.response.marginal(b));
            (budgets, lambda.unwrap_or(f64::NAN))
        }
    };
    // Where a line is not concave the common marginal return may be a stationary point, not the maximum:
    // search the corners of the bounds, then move 1% between lines while it gains.
    let (budgets, guaranteed) = if free.iter().all(|f| f.response.shape() == Shape::Concave) {
        (budgets, true)
    } else {
        match opts.mode {
            Mode::Marginal(m) => beyond_concave_marginal(&free, budgets, m),
            Mode::Total(_) => beyond_concave_total(&free, budgets, total),
        }
    };
    let mut out = sc.clone();
    for (f, &b) in free.iter().zip(&budgets) {
        out.spend_lines[f.index].budget = b;
    }
    let mut sim = Simulator::quiet();
    let before_r = sim.run(sc).clone();
    let after_r = sim.run(&out).clone();
    let state = |r: &Results, budget: f64, j: usize| {
        let line = r.spend_lines.get(j);
        LineState {
            budget,
            uv: line.map_or(0.0, |l| l.paid_uv),
            gmv: line.map_or(0.0, |l| l.gmv),
            roi: line.and_then(|l| l.roi),
            marginal: responses[j].as_ref().map_or(0.0, |r| r.marginal(budget)),
        }
    };
    let lines = sc
        .spend_lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_traffic())
        .map(|(j, l)| {
            let bound = free.iter().find(|f| f.index == j);
            let after = state(&after_r, out.spend_lines[j].budget, j);
            LineAnswer {
                index: j,
                name: l.name.clone(),
                locked: l.locked,
                min: bound.map_or(l.budget, |f| f.lo),
                max: bound.map_or(l.budget, |f| f.hi),
                before: state(&before_r, l.budget, j),
                marginal: after.marginal,
                after,
            }
        })
        .collect();
    let curves = sc
        .spend_lines
        .iter()
        .zip(&out.spend_lines)
        .enumerate()
        .filter_map(|(j, (a, b))| Some(curve(j, responses[j].as_ref()?, a.budget, b.budget)))
        .collect();
    let (before, after) = (opts.objective.of(&before_r), opts.objective.of(&after_r));
    Ok(Optimum {
        objective: opts.objective.key(),
        mode: if marginal_mode { "marginal" } else { "total" },
        total: budgets.iter().sum(),
        lambda: lambda.is_finite().then_some(lambda),
        before,
        after,
        gain: after - before,
        guaranteed,
        lines,
        scenario: out,
        curves,
    })
}

/// The free lines' part of the objective at budgets `bs`.
fn objective(free: &[Free], bs: &[f64]) -> f64 {
    free.iter().zip(bs).map(|(f, &b)| f.response.value(b)).sum()
}

/// Marginal mode where a line is not concave: each line on its own, the best of its bounds and its
/// common-marginal point (a convex part's maximum is at a bound); guaranteed unless a line is mixed.
fn beyond_concave_marginal(free: &[Free], budgets: Vec<f64>, m: f64) -> (Vec<f64>, bool) {
    let best = free
        .iter()
        .zip(budgets)
        .map(|(f, b)| {
            let net = |x: f64| f.response.value(x) - m * x;
            [f.lo, f.hi].into_iter().fold(b, |best, x| if net(x) > net(best) { x } else { best })
        })
        .collect();
    (best, free.iter().all(|f| f.response.shape() != Shape::Mixed))
}

/// Total mode where a line is not concave: the best of the common-marginal point and every corner of the bounds
/// (each line at a bound but one, which takes the rest of the total), then 1% transfers of the smaller budget
/// between two lines while one gains. Where every free line is convex the maximum is a corner; otherwise (some
/// concave, some not, or more than 12 free lines) the answer is the best found.
fn beyond_concave_total(free: &[Free], budgets: Vec<f64>, total: f64) -> (Vec<f64>, bool) {
    let n = free.len();
    let mut best_v = objective(free, &budgets);
    let mut best = budgets;
    let mut consider = |bs: Vec<f64>| {
        let v = objective(free, &bs);
        if v > best_v {
            best_v = v;
            best = bs;
        }
    };
    let enumerable = n <= 12;
    if enumerable {
        let tol = 1e-9 * total.abs().max(1.0);
        for k in 0..n {
            for mask in 0..(1u32 << (n - 1)) {
                let mut bs = vec![0.0; n];
                let mut rest = total;
                for (bit, i) in (0..n).filter(|&i| i != k).enumerate() {
                    bs[i] = if mask >> bit & 1 == 1 { free[i].hi } else { free[i].lo };
                    rest -= bs[i];
                }
                if rest >= free[k].lo - tol && rest <= free[k].hi + tol {
                    bs[k] = rest.clamp(free[k].lo, free[k].hi);
                    consider(bs);
                }
            }
        }
    }
    // 1% of the smaller budget (at least a yuan) from one line to another, the best move first, while it gains.
    for _ in 0..2_000 {
        let now = objective(free, &best);
        let mut step = None;
        for i in 0..n {
            for k in (0..n).filter(|&k| k != i) {
                let amount = 0.01 * best[i].min(best[k]).max(1.0);
                let amount = amount.min(best[i] - free[i].lo).min(free[k].hi - best[k]);
                if amount <= 0.0 {
                    continue;
                }
                let mut bs = best.clone();
                bs[i] -= amount;
                bs[k] += amount;
                let v = objective(free, &bs);
                if v > now + 1e-13 * now.abs() && step.as_ref().is_none_or(|(bv, _)| v > *bv) {
                    step = Some((v, bs));
                }
            }
        }
        match step {
            Some((_, bs)) => best = bs,
            None => break,
        }
    }
    (best, enumerable && free.iter().all(|f| f.response.shape() == Shape::Convex))
}

/// The traffic lines the optimiser may move, with their index.
fn free_lines(sc: &Scenario) -> impl Iterator<Item = (usize, &crate::model::scenario::SpendLine)> {
    sc.spend_lines.iter().enumerate().filter(|(_, l)| l.is_traffic() && !l.locked)
}

/// The budgets at the common marginal return λ whose budgets add up to `total`: bisection on λ, the budgets
/// falling as λ rises.
fn equalise(free: &[Free], total: f64, budgets_at: impl Fn(f64) -> Vec<f64>) -> Vec<f64> {
    let sum = |l: f64| budgets_at(l).iter().sum::<f64>();
    // Above the highest first-yuan return every line sits at its minimum; below the lowest last-yuan return
    // at its maximum.
    let mut hi = free.iter().map(|f| f.response.marginal(f.lo)).fold(f64::NEG_INFINITY, f64::max);
    let mut lo = free.iter().map(|f| f.response.marginal(f.hi)).fold(f64::INFINITY, f64::min);
    if lo.partial_cmp(&hi) != Some(std::cmp::Ordering::Less) {
        return budgets_at(hi);
    }
    for _ in 0..200 {
        let m = lo + (hi - lo) / 2.0;
        if m <= lo || m >= hi {
            break;
        }
        if sum(m) > total {
            lo = m;
        } else {
            hi = m;
        }
    }
    budgets_at(lo + (hi - lo) / 2.0)
}

/// Makes the budgets add up to `total` exactly where bisection left a rounding gap: the gap goes to the lines
/// with room for it, largest room first (several lines share a λ only where their responses are flat).
fn close_total(free: &[Free], budgets: &mut [f64], total: f64) {
    for _ in 0..free.len() {
        let gap = total - budgets.iter().sum::<f64>();
        if gap == 0.0 {
            return;
        }
        let room = |i: usize| if gap > 0.0 { free[i].hi - budgets[i] } else { budgets[i] - free[i].lo };
        let Some(i) = (0..free.len()).filter(|&i| room(i) > 0.0).max_by(|&a, &b| room(a).total_cmp(&room(b))) else {
            return;
        };
        let step = gap.signum() * gap.abs().min(room(i));
        budgets[i] = (budgets[i] + step).clamp(free[i].lo, free[i].hi);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objective_keys_round_trip() {
        for o in [Objective::Gmv, Objective::Contribution] {
            assert_eq!(Objective::parse(o.key()), Some(o));
        }
        assert_eq!(Objective::parse("roi"), None);
    }
}
