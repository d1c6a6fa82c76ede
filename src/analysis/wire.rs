//! The worker's wire format: a Monte Carlo summary or a tornado as one flat `f64` array, which crosses
//! `postMessage` as a `Float64Array` bit for bit (no text, no rounding), so the page shows exactly the numbers
//! the command line prints. Keys, names and paths are not sent: the page derives them from the same scenario.
//!
//! Invariant: `decode_*(encode_*(x), sc)` gives back `x` (but a run's `inputs`) for the scenario `x` was computed on; a malformed or
//! foreign array decodes to `None`, never a panic.

use super::goalseek::{Answer, Reached, Unreachable};
use super::montecarlo::{
    ChannelSummary, ForecastSummary, Histogram, MonteCarlo, QuarterSummary, Summary, TargetChance, Trials, BINS, KPIS,
};
use super::optimise::{Curve, LineAnswer, LineState, OptimiseError, Optimum};
use super::sensitivity::{Row, Tornado};
use crate::model::inputs::Slot;
use crate::model::results::TargetResult;
use crate::model::Scenario;

/// The format's version, first in every array.
const VERSION: f64 = 1.0;

fn opt(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

fn some(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

fn push_summary(out: &mut Vec<f64>, s: &Summary) {
    out.extend([s.mean, s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95].map(opt));
    out.push(s.n as f64);
}

/// Reads numbers off the front of an array.
struct Reader<'a>(&'a [f64]);

impl Reader<'_> {
    fn next(&mut self) -> Option<f64> {
        let (&x, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(x)
    }

    fn count(&mut self) -> Option<usize> {
        let x = self.next()?;
        (x >= 0.0 && x.fract() == 0.0 && x < 1e9).then_some(x as usize)
    }

    fn summary(&mut self) -> Option<Summary> {
        let mut q = [0.0; 8];
        for x in q.iter_mut() {
            *x = self.next()?;
        }
        Some(Summary {
            mean: some(q[0]),
            p5: some(q[1]),
            p10: some(q[2]),
            p25: some(q[3]),
            p50: some(q[4]),
            p75: some(q[5]),
            p90: some(q[6]),
            p95: some(q[7]),
            n: self.count()?,
        })
    }

    fn summaries(&mut self, n: usize) -> Option<Vec<Summary>> {
        (0..n).map(|_| self.summary()).collect()
    }
}

/// A Monte Carlo run as numbers: version, trials, seed, correlation, the counts of channels and targets,
/// then the KPI, quarter, channel and cumulative summaries, each target's probability and the histogram.
pub fn encode_montecarlo(mc: &MonteCarlo) -> Vec<f64> {
    let mut out = vec![VERSION, mc.trials as f64, mc.seed as f64, mc.correlation];
    out.extend([mc.channels.len() as f64, mc.targets.len() as f64]);
    for (_, s) in &mc.kpis {
        push_summary(&mut out, s);
    }
    for q in &mc.quarters {
        push_summary(&mut out, &q.gmv);
    }
    for c in &mc.channels {
        push_summary(&mut out, &c.gmv);
    }
    for s in &mc.cumulative_gmv {
        push_summary(&mut out, s);
    }
    out.extend(mc.targets.iter().map(|t| t.probability));
    out.extend(&mc.histogram.edges);
    out.extend(mc.histogram.counts.iter().map(|&c| c as f64));
    // The forecast given the year so far: a flag, then its GMV, quarter, channel and cumulative summaries, the
    // count of its target rows and their probabilities.
    if let Some(f) = &mc.forecast {
        out.push(1.0);
        push_summary(&mut out, &f.gmv);
        for s in f.quarters.iter().map(|q| &q.gmv).chain(f.channels.iter().map(|c| &c.gmv)).chain(&f.cumulative_gmv) {
            push_summary(&mut out, s);
        }
        out.push(f.targets.len() as f64);
        out.extend(f.targets.iter().map(|t| t.probability));
    } else {
        out.push(0.0);
    }
    out
}

/// Each target row with its probability read off the array.
fn chances(r: &mut Reader, rows: &[TargetResult]) -> Option<Vec<TargetChance>> {
    rows.iter()
        .map(|t| {
            Some(TargetChance { key: t.key.clone(), name: t.name.clone(), target: t.target, probability: r.next()? })
        })
        .collect()
}

/// The run `data` encodes, with names and keys from the scenario it ran on, that scenario's target rows and
/// its forecast's (`tracking.forecast.targets`; empty without actuals).
pub fn decode_montecarlo(
    data: &[f64],
    sc: &Scenario,
    rows: &[TargetResult],
    forecast_rows: &[TargetResult],
) -> Option<MonteCarlo> {
    let mut r = Reader(data);
    if r.next()? != VERSION {
        return None;
    }
    let (trials, seed, correlation) = (r.count()?, r.next()?, r.next()?);
    let (channels, targets) = (r.count()?, r.count()?);
    if channels != sc.channels.len() || targets != rows.len() || !(0.0..=u64::MAX as f64).contains(&seed) {
        return None;
    }
    let kpis = KPIS.iter().map(|k| Some((k.to_string(), r.summary()?))).collect::<Option<Vec<_>>>()?;
    let quarters = (1..=4).map(|q| Some(QuarterSummary { quarter: q, gmv: r.summary()? })).collect::<Option<_>>()?;
    let channels = sc
        .channels
        .iter()
        .map(|c| Some(ChannelSummary { name: c.name.clone(), gmv: r.summary()? }))
        .collect::<Option<_>>()?;
    let cumulative_gmv = r.summaries(12)?;
    let targets = chances(&mut r, rows)?;
    let edges = (0..=BINS).map(|_| r.next()).collect::<Option<Vec<_>>>()?;
    let counts = (0..BINS).map(|_| r.count()).collect::<Option<Vec<_>>>()?;
    let forecast = match r.count()? {
        0 => None,
        _ => {
            let gmv = r.summary()?;
            let quarters = r.summaries(4)?;
            let names = sc.channels.iter().map(|c| c.name.clone());
            let channels = names.map(|name| Some(ChannelSummary { name, gmv: r.summary()? })).collect::<Option<_>>()?;
            let cumulative_gmv = r.summaries(12)?;
            if r.count()? != forecast_rows.len() {
                return None;
            }
            Some(ForecastSummary {
                gmv,
                quarters: (1..).zip(quarters).map(|(quarter, gmv)| QuarterSummary { quarter, gmv }).collect(),
                channels,
                cumulative_gmv,
                targets: chances(&mut r, forecast_rows)?,
            })
        }
    };
    if !r.0.is_empty() {
        return None;
    }
    Some(MonteCarlo {
        trials,
        seed: seed as u64,
        correlation,
        // The page knows its ranged inputs from the plan; the run's copies are not sent.
        inputs: Vec::new(),
        kpis,
        quarters,
        channels,
        cumulative_gmv,
        targets,
        histogram: Histogram { edges, counts },
        forecast,
        kept: Trials::default(),
    })
}

/// A tornado as numbers: version, base, then per row the index of its input in `Slot::all(sc)`, low, high,
/// and the KPI at each end.
pub fn encode_tornado(t: &Tornado, sc: &Scenario) -> Vec<f64> {
    let slots: Vec<String> = Slot::all(sc).iter().map(Slot::path).collect();
    let mut out = vec![VERSION, opt(t.base)];
    for row in &t.rows {
        let index = slots.iter().position(|p| *p == row.path).map_or(f64::NAN, |i| i as f64);
        out.extend([index, row.low, row.high, opt(row.kpi_low), opt(row.kpi_high)]);
    }
    out
}

/// The tornado of `kpi` that `data` encodes for the scenario it ran on.
pub fn decode_tornado(data: &[f64], sc: &Scenario, kpi: &str) -> Option<Tornado> {
    let mut r = Reader(data);
    if r.next()? != VERSION {
        return None;
    }
    let base = some(r.next()?);
    if r.0.len() % 5 != 0 {
        return None;
    }
    let slots = Slot::all(sc);
    let mut rows = Vec::new();
    while !r.0.is_empty() {
        let slot = slots.get(r.count()?)?;
        let (low, high) = (r.next()?, r.next()?);
        let (kpi_low, kpi_high) = (some(r.next()?), some(r.next()?));
        rows.push(Row { path: slot.path(), low, high, kpi_low, kpi_high });
    }
    Some(Tornado { kpi: kpi.to_string(), base, rows })
}

/// A goal seek's answer as numbers: version, then `1, value, current, goal, achieved, applied` for a reached
/// goal (`applied`: the value as the page writes it, `goalseek::on_step`) or `0, goal, min, max, at_min, at_max`
/// for one out of reach.
pub fn encode_seek(answer: &Answer, applied: f64) -> Vec<f64> {
    match answer {
        Answer::Reached(r) => vec![VERSION, 1.0, r.value, r.current, r.goal, r.achieved, applied],
        Answer::Unreachable(u) => {
            vec![VERSION, 0.0, u.goal, opt(u.min), opt(u.max), opt(u.at_min), opt(u.at_max)]
        }
    }
}

/// The goal seek answer `data` encodes for `metric` and `driver`, and the value to apply (reached goals only).
pub fn decode_seek(data: &[f64], metric: &str, driver: &str) -> Option<(Answer, f64)> {
    let mut r = Reader(data);
    if r.next()? != VERSION || data.len() != 7 {
        return None;
    }
    let (driver, metric) = (driver.to_string(), metric.to_string());
    if r.next()? == 1.0 {
        let (value, current, goal, achieved, applied) = (r.next()?, r.next()?, r.next()?, r.next()?, r.next()?);
        let reached = Reached { reachable: true, driver, value, current, metric, goal, achieved };
        return Some((Answer::Reached(reached), applied));
    }
    let goal = r.next()?;
    let [min, max, at_min, at_max] = [r.next()?, r.next()?, r.next()?, r.next()?].map(some);
    let out = Unreachable { reachable: false, driver, metric, goal, min, max, at_min, at_max };
    Some((Answer::Unreachable(out), f64::NAN))
}

fn push_state(out: &mut Vec<f64>, s: &LineState) {
    out.extend([s.budget, s.uv, s.gmv, opt(s.roi), s.marginal]);
}

/// An optimiser's answer as numbers: version, `1`, objective (0 GMV, 1 contribution), mode (0 total, 1 marginal),
/// total, lambda, before, after, gain, guaranteed, the lines (count, then index, locked, min, max, before's and
/// after's budget, visitors, GMV, ROI and marginal, marginal) and the curves (count, then index, points and their
/// `(budget, value)` pairs, before, after); or version, `0`, the error (0 no free line, 1 infeasible with its
/// total, min and max, 2 a bad value).
pub fn encode_optimum(o: &Result<Optimum, OptimiseError>) -> Vec<f64> {
    let o = match o {
        Ok(o) => o,
        Err(OptimiseError::NoFreeLines) => return vec![VERSION, 0.0, 0.0],
        Err(OptimiseError::Infeasible { total, min, max }) => return vec![VERSION, 0.0, 1.0, *total, *min, *max],
        Err(OptimiseError::BadValue(x)) => return vec![VERSION, 0.0, 2.0, *x],
    };
    let mut out = vec![VERSION, 1.0, f64::from(u8::from(o.objective != "gmv")), f64::from(u8::from(o.mode != "total"))];
    out.extend([o.total, opt(o.lambda), o.before, o.after, o.gain, f64::from(u8::from(o.guaranteed))]);
    out.push(o.lines.len() as f64);
    for l in &o.lines {
        out.extend([l.index as f64, f64::from(u8::from(l.locked)), l.min, l.max]);
        push_state(&mut out, &l.before);
        push_state(&mut out, &l.after);
        out.push(l.marginal);
    }
    out.push(o.curves.len() as f64);
    for c in &o.curves {
        out.extend([c.index as f64, c.points.len() as f64]);
        for &(x, y) in c.points.iter().chain([&c.before, &c.after]) {
            out.extend([x, y]);
        }
    }
    out
}

impl Reader<'_> {
    fn state(&mut self) -> Option<LineState> {
        let (budget, uv, gmv, roi, marginal) = (self.next()?, self.next()?, self.next()?, self.next()?, self.next()?);
        Some(LineState { budget, uv, gmv, roi: some(roi), marginal })
    }

    fn point(&mut self) -> Option<(f64, f64)> {
        Some((self.next()?, self.next()?))
    }
}

/// The optimiser's answer `data` encodes for the plan `sc` it ran on (names from the plan; its `scenario` is the
/// plan with each line's new budget).
pub fn decode_optimum(data: &[f64], sc: &Scenario) -> Option<Result<Optimum, OptimiseError>> {
    let mut r = Reader(data);
    if r.next()? != VERSION {
        return None;
    }
    if r.next()? == 0.0 {
        let e = match r.count()? {
            0 => OptimiseError::NoFreeLines,
            1 => OptimiseError::Infeasible { total: r.next()?, min: r.next()?, max: r.next()? },
            _ => OptimiseError::BadValue(r.next()?),
        };
        return r.0.is_empty().then_some(Err(e));
    }
    let objective = if r.next()? == 0.0 { "gmv" } else { "contribution" };
    let mode = if r.next()? == 0.0 { "total" } else { "marginal" };
    let (total, lambda, before, after, gain) = (r.next()?, some(r.next()?), r.next()?, r.next()?, r.next()?);
    let guaranteed = r.next()? != 0.0;
    let mut scenario = sc.clone();
    let mut lines = Vec::new();
    for _ in 0..r.count()? {
        let (index, locked, min, max) = (r.count()?, r.next()? != 0.0, r.next()?, r.next()?);
        let (before, after, marginal) = (r.state()?, r.state()?, r.next()?);
        let line = scenario.spend_lines.get_mut(index)?;
        line.budget = after.budget;
        lines.push(LineAnswer { index, name: line.name.clone(), locked, min, max, before, after, marginal });
    }
    let mut curves = Vec::new();
    for _ in 0..r.count()? {
        let (index, n) = (r.count()?, r.count()?);
        let points = (0..n).map(|_| r.point()).collect::<Option<Vec<_>>>()?;
        curves.push(Curve { index, points, before: r.point()?, after: r.point()? });
    }
    let o = Optimum { objective, mode, total, lambda, before, after, gain, guaranteed, lines, scenario, curves };
    r.0.is_empty().then_some(Ok(o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::goalseek::{on_step, seek, Driver};
    use crate::analysis::montecarlo::{run, Options};
    use crate::analysis::optimise::{optimise, Mode, Objective, OptimiseOptions};
    use crate::analysis::sensitivity::tornado;
    use crate::model::Simulator;

    #[test]
    fn a_run_and_a_tornado_cross_the_wire_unchanged() {
        let sc = Scenario::default();
        let mc = run(&sc, Options { trials: 300, seed: 5, correlation: 0.2, keep_trials: false });
        let rows = Simulator::quiet().run(&sc).targets.clone();
        let back = decode_montecarlo(&encode_montecarlo(&mc), &sc, &rows, &[]).unwrap();
        let json = |m: &MonteCarlo| serde_json::to_string(&MonteCarlo { inputs: Vec::new(), ..m.clone() }).unwrap();
        assert_eq!(json(&back), json(&mc));
        // With actuals the forecast given the year so far crosses too, its rows from the page's tracking.
        let mut with = sc.clone();
        let months = vec![crate::model::scenario::MonthActual { gmv: 3e8, ..Default::default() }; 2];
        let mut channels = vec![crate::model::scenario::ChannelActuals::default(); sc.channels.len()];
        channels[1].months = months;
        with.actuals = Some(crate::model::scenario::Actuals {
            through: "02-10".into(),
            forecast: crate::model::scenario::Forecast::Pace,
            channels,
            spend_lines: None,
        });
        let mc = run(&with, Options { trials: 200, seed: 3, correlation: 0.0, keep_trials: false });
        let r = crate::model::simulate(&with).unwrap();
        let f_rows = r.tracking.unwrap().forecast.targets;
        let back = decode_montecarlo(&encode_montecarlo(&mc), &with, &r.targets, &f_rows).unwrap();
        assert!(mc.forecast.is_some());
        assert_eq!(json(&back), json(&mc));
        assert!(decode_montecarlo(&encode_montecarlo(&mc), &with, &r.targets, &f_rows[1..]).is_none());
        let t = tornado(&sc, "net_profit");
        assert_eq!(decode_tornado(&encode_tornado(&t, &sc), &sc, "net_profit"), Some(t));
    }

    #[test]
    fn foreign_arrays_decode_to_none() {
        let sc = Scenario::default();
        let rows = Simulator::quiet().run(&sc).targets.clone();
        let mc = run(&sc, Options { trials: 20, seed: 1, correlation: 0.0, keep_trials: false });
        let good = encode_montecarlo(&mc);
        for bad in [vec![], vec![2.0], good[..good.len() - 1].to_vec(), [good.clone(), vec![1.0]].concat()] {
            assert!(decode_montecarlo(&bad, &sc, &rows, &[]).is_none());
        }
        assert!(decode_montecarlo(&good, &sc, &rows[1..], &[]).is_none());
        assert!(decode_tornado(&[1.0, 0.0, 1e12, 0.0, 1.0, 2.0, 3.0], &sc, "gmv").is_none());
        assert!(decode_tornado(&[1.0, 0.0, 1.0], &sc, "gmv").is_none());
        assert!(decode_seek(&[1.0, 1.0, 2.0], "gmv", "scale:cvr").is_none());
        assert!(decode_optimum(&[1.0, 1.0, 0.0, 0.0, 1.0], &sc).is_none());
        let mut ok = encode_optimum(&optimise(&sc, &OptimiseOptions::default()));
        ok.push(0.0);
        assert!(decode_optimum(&ok, &sc).is_none());
    }

    #[test]
    fn goal_seek_and_the_optimiser_cross_the_wire_unchanged() {
        let sc = Scenario::default();
        for (metric, goal, driver) in [("gmv", 4.2e9, "channels.0.cvr"), ("gmv", 1e13, "channels.4.aov")] {
            let d = Driver::parse(driver).unwrap();
            let answer = seek(&sc, metric, goal, &d).unwrap();
            let applied = match &answer {
                Answer::Reached(r) => on_step(&sc, metric, goal, &d, r.value),
                Answer::Unreachable(_) => f64::NAN,
            };
            let (back, x) = decode_seek(&encode_seek(&answer, applied), metric, driver).unwrap();
            assert_eq!(back, answer);
            assert!(x.to_bits() == applied.to_bits());
        }
        for mode in [
            Mode::Total(None),
            Mode::Marginal(3.0),
            Mode::Total(Some(1.0)),
            Mode::Total(Some(f64::INFINITY)),
            Mode::Total(Some(-1.0)),
        ] {
            for objective in [Objective::Gmv, Objective::Contribution] {
                let o = optimise(&sc, &OptimiseOptions { objective, mode });
                assert_eq!(decode_optimum(&encode_optimum(&o), &sc), Some(o));
            }
        }
        let mut locked = sc.clone();
        locked.spend_lines.iter_mut().for_each(|l| l.locked = true);
        let o = optimise(&locked, &OptimiseOptions::default());
        assert_eq!(decode_optimum(&encode_optimum(&o), &locked), Some(o));
    }
}
