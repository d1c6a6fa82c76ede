//! The worker's wire format: a Monte Carlo summary or a tornado as one flat `f64` array, which crosses
//! `postMessage` as a `Float64Array` bit for bit (no text, no rounding), so the page shows exactly the numbers
//! the command line prints. Keys, names and paths are not sent: the page derives them from the same scenario.
//!
//! Invariant: `decode_*(encode_*(x), sc)` gives back `x` (but a run's `inputs`) for the scenario `x` was computed on; a malformed or
//! foreign array decodes to `None`, never a panic.

use super::montecarlo::{
    ChannelSummary, Histogram, MonteCarlo, QuarterSummary, Summary, TargetChance, Trials, BINS, KPIS,
};
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
    out
}

/// The run `data` encodes, with names and keys from the scenario it ran on and that scenario's target rows.
pub fn decode_montecarlo(data: &[f64], sc: &Scenario, rows: &[TargetResult]) -> Option<MonteCarlo> {
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
    let targets = rows
        .iter()
        .map(|t| {
            Some(TargetChance { key: t.key.clone(), name: t.name.clone(), target: t.target, probability: r.next()? })
        })
        .collect::<Option<_>>()?;
    let edges = (0..=BINS).map(|_| r.next()).collect::<Option<Vec<_>>>()?;
    let counts = (0..BINS).map(|_| r.count()).collect::<Option<Vec<_>>>()?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::montecarlo::{run, Options};
    use crate::analysis::sensitivity::tornado;
    use crate::model::Simulator;

    #[test]
    fn a_run_and_a_tornado_cross_the_wire_unchanged() {
        let sc = Scenario::default();
        let mc = run(&sc, Options { trials: 300, seed: 5, correlation: 0.2, keep_trials: false });
        let rows = Simulator::quiet().run(&sc).targets.clone();
        let back = decode_montecarlo(&encode_montecarlo(&mc), &sc, &rows).unwrap();
        let json = |m: &MonteCarlo| serde_json::to_string(&MonteCarlo { inputs: Vec::new(), ..m.clone() }).unwrap();
        assert_eq!(json(&back), json(&mc));
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
            assert!(decode_montecarlo(&bad, &sc, &rows).is_none());
        }
        assert!(decode_montecarlo(&good, &sc, &rows[1..]).is_none());
        assert!(decode_tornado(&[1.0, 0.0, 1e12, 0.0, 1.0, 2.0, 3.0], &sc, "gmv").is_none());
        assert!(decode_tornado(&[1.0, 0.0, 1.0], &sc, "gmv").is_none());
    }
}
