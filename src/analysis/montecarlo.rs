//! Monte Carlo on the plan's 90% ranges (MODEL.md §6): each trial samples every ranged input, simulates the
//! sampled plan, and the trials are summarised as quantiles, target probabilities and a GMV histogram.
//!
//! Invariant: a trial's numbers are the engine's on that trial's sampled scenario (relative 1e-9: the grouped
//! year of `model::grouped`, or the engine itself where a conversion saturates), and the same scenario, trials
//! and seed give bit-identical output on every target.

use super::random::{exp, ln, logit, sigmoid, Rng, K};
use crate::model::calendar::parse_mm_dd;
use crate::model::grouped::{Detail, Grouped};
use crate::model::inputs::{Dist, Slot};
use crate::model::results::{Results, Status, TargetResult};
use crate::model::targets;
use crate::model::tracking::{self, ForecastResult};
use crate::model::{Scenario, Simulator};
use serde::Serialize;

/// The year KPIs summarised (MODEL.md §6's list), in output order.
pub const KPIS: [&str; 14] = [
    "gmv",
    "net_gmv",
    "net_profit",
    "net_margin",
    "contribution",
    "marketing_ratio",
    "roi",
    "paid_roi",
    "cpa",
    "repeat_share",
    "return_rate",
    "orders",
    "new_customers",
    "yoy_growth",
];

/// Bins of the GMV histogram.
pub const BINS: usize = 40;

/// How to run. `Options::of(sc)` reads the scenario's `uncertainty`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Number of trials. Defaults to the scenario's `uncertainty.trials` (10,000 when absent).
    pub trials: usize,
    /// Seed of the generator. Defaults to the scenario's `uncertainty.seed` (1 when absent).
    pub seed: u64,
    /// Correlation of inputs of the same field name, in [0, 0.95]. Defaults to the scenario's (0 when absent).
    pub correlation: f64,
    /// Keep every trial's sampled inputs and KPIs (for `--trials-csv`). Defaults to false.
    pub keep_trials: bool,
}

impl Options {
    /// The correlation used: `correlation` clamped into [0, 0.95].
    fn rho(&self) -> f64 {
        self.correlation.clamp(0.0, 0.95)
    }

    /// The options a scenario asks for.
    pub fn of(sc: &Scenario) -> Options {
        let u = sc.uncertainty();
        Options { trials: u.trials as usize, seed: u.seed as u64, correlation: u.correlation, keep_trials: false }
    }
}

/// One ranged input: where it is, its range and its distribution's parameters.
#[derive(Clone, Debug, Serialize)]
pub struct RangedInput {
    /// Its field path (`channels.0.cvr`).
    pub path: String,
    /// P5.
    pub low: f64,
    /// P95.
    pub high: f64,
    /// `log-normal` or `logit-normal`.
    pub distribution: &'static str,
    #[serde(skip)]
    slot: Slot,
    #[serde(skip)]
    dist: Dist,
    #[serde(skip)]
    mu: f64,
    #[serde(skip)]
    sigma: f64,
    /// Index of its field name among the groups that share a common factor.
    #[serde(skip)]
    group: usize,
}

impl RangedInput {
    /// The value at standard normal `z`.
    pub fn at(&self, z: f64) -> f64 {
        let x = self.mu + self.sigma * z;
        match self.dist {
            Dist::LogNormal => exp(x),
            Dist::LogitNormal => sigmoid(x),
        }
    }
}

/// The ranged inputs of a scenario, in the order of the assumptions panel.
pub fn ranged_inputs(sc: &Scenario) -> Vec<RangedInput> {
    let mut names: Vec<&'static str> = Vec::new();
    Slot::all(sc)
        .into_iter()
        .filter_map(|slot| {
            let (low, high) = slot.range(sc)?;
            let dist = slot.input.dist?;
            let (a, b) = match dist {
                Dist::LogNormal => (ln(low), ln(high)),
                Dist::LogitNormal => (logit(low), logit(high)),
            };
            let group = names.iter().position(|n| *n == slot.input.field).unwrap_or_else(|| {
                names.push(slot.input.field);
                names.len() - 1
            });
            Some(RangedInput {
                path: slot.path(),
                low,
                high,
                distribution: dist.as_str(),
                slot,
                dist,
                mu: (a + b) / 2.0,
                sigma: (b - a) / (2.0 * K),
                group,
            })
        })
        .collect()
}

/// Quantiles and mean of one output over the trials where it is not `null`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub mean: Option<f64>,
    pub p5: Option<f64>,
    pub p10: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p90: Option<f64>,
    pub p95: Option<f64>,
    /// Trials where the value is not `null`.
    pub n: usize,
}

/// The `p` quantile of sorted values: linear between the order statistics around `p * (n - 1)`.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let pos = p * (n - 1) as f64;
    let i = (pos.floor() as usize).min(n - 1);
    let j = (i + 1).min(n - 1);
    let f = pos - i as f64;
    Some(if f == 0.0 { sorted[i] } else { sorted[i] + (sorted[j] - sorted[i]) * f })
}

/// Sorts `values` in `f64::total_cmp`'s order, through each one's bits as an order-preserving `u64` key (a negative
/// number's bits all flipped, another's sign bit set): integers sort about twice as fast as floats are compared
/// (natively, 35 columns of 5,000: 2.1 against 4.3 ms), and as equal keys are equal bits, the values come out as the
/// comparison sort leaves them, to the bit, stable or not. `stable` merges sorted runs in linear time (the parts of a
/// split run, appended); unstable is faster on values in trial order.
pub fn sort_total(values: &mut [f64], stable: bool) {
    const SIGN: u64 = 1 << 63;
    let mut keys: Vec<u64> =
        values.iter().map(|x| x.to_bits()).map(|b| if b & SIGN != 0 { !b } else { b | SIGN }).collect();
    if stable {
        keys.sort();
    } else {
        keys.sort_unstable();
    }
    for (x, k) in values.iter_mut().zip(keys) {
        *x = f64::from_bits(if k & SIGN != 0 { k & !SIGN } else { !k });
    }
}

impl Summary {
    /// The summary of the values (`NaN` stands for `null` and is left out).
    pub fn of(values: &[f64]) -> Summary {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        // Stable: it merges the sorted runs of a run's parts (`part`) in linear time; a run of one part (the command
        // line's, an embed's) is sorted already, and only checked.
        if !v.is_sorted_by(|a, b| a.total_cmp(b).is_le()) {
            sort_total(&mut v, true);
        }
        let q = |p| quantile(&v, p);
        Summary {
            // Shifted by the median, so equal values average to exactly themselves and large sums lose little.
            mean: q(0.5).map(|m| m + v.iter().map(|x| x - m).sum::<f64>() / v.len() as f64),
            p5: q(0.05),
            p10: q(0.10),
            p25: q(0.25),
            p50: q(0.50),
            p75: q(0.75),
            p90: q(0.90),
            p95: q(0.95),
            n: v.len(),
        }
    }
}

/// A quarter's GMV.
#[derive(Clone, Debug, Serialize)]
pub struct QuarterSummary {
    /// 1..=4.
    pub quarter: u32,
    pub gmv: Summary,
}

/// A channel's GMV.
#[derive(Clone, Debug, Serialize)]
pub struct ChannelSummary {
    pub name: String,
    pub gmv: Summary,
}

/// The chance of one target row of MODEL.md §4.
#[derive(Clone, Debug, Serialize)]
pub struct TargetChance {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub target: f64,
    /// The share of trials whose status is `ok`.
    pub probability: f64,
}

/// The GMV histogram: `BINS` equal bins from the smallest to the largest trial.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Histogram {
    /// `BINS + 1` edges.
    pub edges: Vec<f64>,
    /// `BINS` counts.
    pub counts: Vec<usize>,
}

/// Every trial's sampled inputs and KPIs (only with `Options::keep_trials`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trials {
    /// Per trial, the sampled value of each ranged input, in `inputs` order.
    pub inputs: Vec<Vec<f64>>,
    /// Per trial, each of `KPIS` (`NaN` for `null`).
    pub kpis: Vec<[f64; 14]>,
    /// Per trial, the forecast year's GMV given the actuals (empty without actuals).
    pub forecast_gmv: Vec<f64>,
}

/// The forecast given the year so far (MODEL.md §10, "The forecast with ranges"): in each trial, actuals to
/// date plus that trial's simulated rest of the year.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ForecastSummary {
    /// The forecast year's GMV.
    pub gmv: Summary,
    pub quarters: Vec<QuarterSummary>,
    pub channels: Vec<ChannelSummary>,
    /// The forecast cumulative GMV at each month's end (an addition: the tracking panel's fan).
    pub cumulative_gmv: Vec<Summary>,
    /// Each row of `tracking.forecast.targets` with the share of trials on target.
    pub targets: Vec<TargetChance>,
}

/// The summary of a run (the CLI's JSON).
#[derive(Clone, Debug, Serialize)]
pub struct MonteCarlo {
    pub trials: usize,
    pub seed: u64,
    pub correlation: f64,
    pub inputs: Vec<RangedInput>,
    /// Each of `KPIS`, in that order (a JSON object).
    #[serde(serialize_with = "as_object")]
    pub kpis: Vec<(String, Summary)>,
    pub quarters: Vec<QuarterSummary>,
    pub channels: Vec<ChannelSummary>,
    /// The cumulative GMV at each month's end.
    pub cumulative_gmv: Vec<Summary>,
    pub targets: Vec<TargetChance>,
    pub histogram: Histogram,
    /// The forecast given the year so far; only when the plan has actuals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastSummary>,
    #[serde(skip)]
    pub kept: Trials,
}

fn as_object<S: serde::Serializer>(pairs: &[(String, Summary)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

impl MonteCarlo {
    /// The summary of a KPI of `KPIS`.
    pub fn kpi(&self, key: &str) -> Option<&Summary> {
        self.kpis.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }

    /// The probability of a target row.
    pub fn probability(&self, key: &str) -> Option<f64> {
        self.targets.iter().find(|t| t.key == key).map(|t| t.probability)
    }
}

/// The sampled inputs, trial after trial.
struct Sampler {
    rng: Rng,
    groups: usize,
    rho: f64,
    common: Vec<f64>,
}

impl Sampler {
    fn new(inputs: &[RangedInput], opts: &Options) -> Sampler {
        let groups = inputs.iter().map(|i| i.group + 1).max().unwrap_or(0);
        Sampler { rng: Rng::new(opts.seed), groups, rho: opts.rho(), common: Vec::new() }
    }

    /// Moves the generator past `trials` trials' draws (one normal, one 64-bit draw, per group and per input),
    /// so a run's trials `from..` are drawn as the whole run draws them.
    fn skip(&mut self, inputs: &[RangedInput], trials: usize) {
        for _ in 0..trials * (self.groups + inputs.len()) {
            self.rng.next_u64();
        }
    }

    /// The next trial's value of every ranged input (clamped into its field's domain). Each input's normal is
    /// `z_i = sqrt(rho) z_group + sqrt(1 - rho) e_i`: the group factors are drawn first, in group order, then
    /// each input's own term, in input order.
    fn next(&mut self, inputs: &[RangedInput], values: &mut Vec<f64>) {
        let rng = &mut self.rng;
        self.common.clear();
        self.common.extend((0..self.groups).map(|_| rng.normal()));
        let (a, b) = (self.rho.sqrt(), (1.0 - self.rho).sqrt());
        values.clear();
        for i in inputs {
            let z = a * self.common[i.group] + b * rng.normal();
            values.push(i.slot.input.domain.clamp(i.at(z)));
        }
    }
}

/// Writes a trial's sampled values into `trial`, which starts each trial as the base plan's copy: a sampled
/// repeat curve is the base curve times `sample / r365`.
fn apply(base: &Scenario, trial: &mut Scenario, inputs: &[RangedInput], values: &[f64]) {
    trial.customers.repeat_curve.clone_from(&base.customers.repeat_curve);
    for (input, &x) in inputs.iter().zip(values) {
        input.slot.set(trial, x);
    }
}

/// The trials' outputs, as columns of `f64` (`NaN` for `null`), and the trials on target per row.
#[derive(Clone, Debug, Default, PartialEq)]
struct Columns {
    kpis: Vec<Vec<f64>>,
    quarters: Vec<Vec<f64>>,
    channels: Vec<Vec<f64>>,
    cumulative: Vec<Vec<f64>>,
    ok: Vec<usize>,
}

impl Columns {
    fn new(trials: usize, channels: usize, targets: usize) -> Columns {
        let cols = |n: usize| columns(n, trials);
        Columns {
            kpis: cols(KPIS.len()),
            quarters: cols(4),
            channels: cols(channels),
            cumulative: cols(12),
            ok: vec![0; targets],
        }
    }

    /// Every column, in a fixed order: KPIs, quarters, channels, months.
    fn columns(&self) -> impl Iterator<Item = &Vec<f64>> {
        self.kpis.iter().chain(&self.quarters).chain(&self.channels).chain(&self.cumulative)
    }

    fn columns_mut(&mut self) -> impl Iterator<Item = &mut Vec<f64>> {
        let Columns { kpis, quarters, channels, cumulative, .. } = self;
        kpis.iter_mut().chain(quarters.iter_mut()).chain(channels.iter_mut()).chain(cumulative.iter_mut())
    }

    fn push(&mut self, r: &Results, statuses: &[Status]) {
        for (col, key) in self.kpis.iter_mut().zip(KPIS) {
            col.push(r.year.get(key).unwrap_or(f64::NAN));
        }
        for (q, col) in self.quarters.iter_mut().enumerate() {
            col.push(r.quarters.get(q).map_or(f64::NAN, |x| x.kpis.gmv));
        }
        for (c, col) in self.channels.iter_mut().enumerate() {
            col.push(r.channels.get(c).map_or(f64::NAN, |x| x.kpis.gmv));
        }
        let mut cum = 0.0;
        for (m, col) in self.cumulative.iter_mut().enumerate() {
            cum += r.months.get(m).map_or(0.0, |x| x.kpis.gmv);
            col.push(cum);
        }
        for (n, &s) in self.ok.iter_mut().zip(statuses) {
            *n += usize::from(s == Status::Ok);
        }
    }
}

/// `n` empty columns with room for `trials` values each.
fn columns(n: usize, trials: usize) -> Vec<Vec<f64>> {
    (0..n).map(|_| Vec::with_capacity(trials)).collect()
}

/// The forecast's columns: GMV, quarters, channels, cumulative months, and the trials on target per row.
#[derive(Clone, Debug, Default, PartialEq)]
struct ForecastColumns {
    gmv: Vec<f64>,
    quarters: Vec<Vec<f64>>,
    channels: Vec<Vec<f64>>,
    cumulative: Vec<Vec<f64>>,
    ok: Vec<usize>,
}

impl ForecastColumns {
    fn new(trials: usize, channels: usize, targets: usize) -> ForecastColumns {
        ForecastColumns {
            gmv: Vec::with_capacity(trials),
            quarters: columns(4, trials),
            channels: columns(channels, trials),
            cumulative: columns(12, trials),
            ok: vec![0; targets],
        }
    }

    /// Every column, in a fixed order: GMV, quarters, channels, months.
    fn columns(&self) -> impl Iterator<Item = &Vec<f64>> {
        std::iter::once(&self.gmv).chain(&self.quarters).chain(&self.channels).chain(&self.cumulative)
    }

    fn columns_mut(&mut self) -> impl Iterator<Item = &mut Vec<f64>> {
        let ForecastColumns { gmv, quarters, channels, cumulative, .. } = self;
        std::iter::once(gmv).chain(quarters.iter_mut()).chain(channels.iter_mut()).chain(cumulative.iter_mut())
    }

    fn push(&mut self, f: &ForecastResult) {
        self.gmv.push(f.gmv);
        for (col, x) in self.quarters.iter_mut().zip(&f.quarters) {
            col.push(*x);
        }
        for (col, x) in self.channels.iter_mut().zip(&f.channels) {
            col.push(*x);
        }
        let mut cum = 0.0;
        for (col, x) in self.cumulative.iter_mut().zip(&f.months) {
            cum += x;
            col.push(cum);
        }
        for (n, row) in self.ok.iter_mut().zip(&f.targets) {
            *n += usize::from(row.status == Status::Ok);
        }
    }

    fn summary(&self, sc: &Scenario, rows: &[TargetResult], n: f64) -> ForecastSummary {
        ForecastSummary {
            gmv: Summary::of(&self.gmv),
            quarters: quarter_summaries(&self.quarters),
            channels: channel_summaries(sc, &self.channels),
            cumulative_gmv: self.cumulative.iter().map(|c| Summary::of(c)).collect(),
            targets: chances(rows, &self.ok, n),
        }
    }
}

/// Each quarter's GMV column summarised, Q1 first.
fn quarter_summaries(cols: &[Vec<f64>]) -> Vec<QuarterSummary> {
    (1..).zip(cols).map(|(quarter, col)| QuarterSummary { quarter, gmv: Summary::of(col) }).collect()
}

/// Each channel's GMV column summarised, with the channel's name.
fn channel_summaries(sc: &Scenario, cols: &[Vec<f64>]) -> Vec<ChannelSummary> {
    sc.channels
        .iter()
        .zip(cols)
        .map(|(c, col)| ChannelSummary { name: c.name.clone(), gmv: Summary::of(col) })
        .collect()
}

/// Each target row with the share `ok / n` of trials on target.
fn chances(rows: &[TargetResult], ok: &[usize], n: f64) -> Vec<TargetChance> {
    rows.iter()
        .zip(ok)
        .map(|(t, &ok)| TargetChance {
            key: t.key.clone(),
            name: t.name.clone(),
            target: t.target,
            probability: ok as f64 / n,
        })
        .collect()
}

/// The plan's actuals and month M (0-based) of their last day: what every trial's forecast rests on.
fn actuals_month(sc: &Scenario) -> Option<(&crate::model::scenario::Actuals, usize)> {
    let a = sc.actuals.as_ref()?;
    Some((a, tracking::month_index(sc, parse_mm_dd(&a.through, sc.year)?)))
}

/// Whether the plan has at least one ranged input (else there is nothing to run).
pub fn has_ranges(sc: &Scenario) -> bool {
    Slot::all(sc).iter().any(|s| s.range(sc).is_some())
}

/// Runs the Monte Carlo of a valid scenario.
pub fn run(sc: &Scenario, opts: Options) -> MonteCarlo {
    summarise(sc, opts, part(sc, opts, 0..opts.trials))
}

/// The trials `from..to` of a run: every output's column (sorted) and the trials on target per row. A
/// run split between workers is its parts, each computed where it may, then [`summarise`]d in trial order:
/// the numbers are the whole run's, to the last bit (each trial draws as the whole run draws it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Part {
    trials: usize,
    cols: Columns,
    forecast: Option<ForecastColumns>,
    kept: Trials,
}

/// The number of header values of [`Part::to_numbers`].
const HEADER: usize = 5;

impl Part {
    /// The part as one array of numbers, for another worker: `[trials, channels, rows, forecast rows (-1
    /// without a forecast), 0]`, then every column of `trials` values, then the counts on target. Exact, as
    /// every number is an `f64` (counts are integers below 2^53). Kept trials are not carried.
    pub fn to_numbers(&self) -> Vec<f64> {
        let c = &self.cols;
        let f_rows = self.forecast.as_ref().map_or(-1.0, |f| f.ok.len() as f64);
        let mut out = vec![self.trials as f64, c.channels.len() as f64, c.ok.len() as f64, f_rows, 0.0];
        for col in self.columns() {
            out.extend_from_slice(col);
        }
        out.extend(self.counts().map(|&n| n as f64));
        out
    }

    /// Every column, the forecast's after the plan's, each in its fixed order.
    fn columns(&self) -> impl Iterator<Item = &Vec<f64>> {
        self.cols.columns().chain(self.forecast.iter().flat_map(|f| f.columns()))
    }

    fn columns_mut(&mut self) -> impl Iterator<Item = &mut Vec<f64>> {
        self.cols.columns_mut().chain(self.forecast.iter_mut().flat_map(|f| f.columns_mut()))
    }

    /// The trials on target per row, the forecast's rows after the plan's.
    fn counts(&self) -> impl Iterator<Item = &usize> {
        self.cols.ok.iter().chain(self.forecast.iter().flat_map(|f| &f.ok))
    }

    fn counts_mut(&mut self) -> impl Iterator<Item = &mut usize> {
        self.cols.ok.iter_mut().chain(self.forecast.iter_mut().flat_map(|f| f.ok.iter_mut()))
    }

    /// The part `to_numbers` wrote; `None` when the numbers are not one (a wrong length, a count that is not
    /// a whole number).
    pub fn from_numbers(numbers: &[f64]) -> Option<Part> {
        let header = numbers.get(..HEADER)?;
        let whole = |x: f64| (x.fract() == 0.0 && (0.0..=1e9).contains(&x)).then_some(x as usize);
        let (trials, channels, rows) = (whole(header[0])?, whole(header[1])?, whole(header[2])?);
        let f_rows = if header[3] == -1.0 { None } else { Some(whole(header[3])?) };
        // The length is checked before anything is made: a header's counts reserve nothing.
        let width = KPIS.len() + 4 + channels + 12 + f_rows.map_or(0, |_| 1 + 4 + channels + 12);
        let counts = rows + f_rows.unwrap_or(0);
        if width.checked_mul(trials).and_then(|n| n.checked_add(HEADER + counts)) != Some(numbers.len()) {
            return None;
        }
        let cols = Columns::new(trials, channels, rows);
        let forecast = f_rows.map(|r| ForecastColumns::new(trials, channels, r));
        let mut part = Part { trials, cols, forecast, kept: Trials::default() };
        debug_assert_eq!((part.columns().count(), part.counts().count()), (width, counts));
        let mut chunks = numbers[HEADER..].chunks_exact(trials.max(1));
        for col in part.columns_mut() {
            if trials > 0 {
                col.extend_from_slice(chunks.next()?);
            }
        }
        let mut tail = numbers[numbers.len() - counts..].iter();
        for n in part.counts_mut() {
            *n = whole(*tail.next()?)?;
        }
        Some(part)
    }

    /// The number of trials in the part.
    pub fn trials(&self) -> usize {
        self.trials
    }

    /// Appends `next`, the part after this one; `false` (and this part unchanged) when their shapes differ.
    pub fn append(&mut self, next: Part) -> bool {
        let shape = |p: &Part| {
            let f = p.forecast.as_ref().map(|f| f.ok.len());
            (p.cols.channels.len(), p.cols.ok.len(), f)
        };
        if shape(self) != shape(&next) {
            return false;
        }
        self.trials += next.trials;
        // The same shape: the columns and the counts pair up one to one.
        for (a, b) in self.columns_mut().zip(next.columns()) {
            a.extend_from_slice(b);
        }
        for (a, b) in self.counts_mut().zip(next.counts()) {
            *a += b;
        }
        let Trials { inputs, kpis, forecast_gmv } = next.kept;
        self.kept.inputs.extend(inputs);
        self.kept.kpis.extend(kpis);
        self.kept.forecast_gmv.extend(forecast_gmv);
        true
    }
}

/// Runs the trials `trials` (of `0..opts.trials`) of a valid scenario's Monte Carlo.
pub fn part(sc: &Scenario, opts: Options, trials: std::ops::Range<usize>) -> Part {
    let mut steps = Steps::new(sc, opts, trials);
    steps.run(usize::MAX);
    steps.finish()
}

/// A part's trials run a few at a time ([`Steps::run`]), so a worker can take its messages between them and drop a
/// run no longer wanted; [`part`] runs them all at once. The part is the same, to the last bit, however the
/// trials are stepped: each trial draws as the whole run draws it.
pub struct Steps {
    sc: Scenario,
    opts: Options,
    inputs: Vec<RangedInput>,
    sampler: Sampler,
    sim: Simulator,
    /// The plan itself: without ranges, every trial's numbers, to the last bit.
    plan: Results,
    plan_statuses: Vec<Status>,
    cols: Columns,
    kept: Trials,
    grouped: Option<Grouped>,
    statuses: Vec<Status>,
    trial: Scenario,
    values: Vec<f64>,
    /// The forecast given the year so far: its month (a trial's actuals are the plan's: nothing samples them, so
    /// month M is found once), the plan's own forecast (every trial's, without ranges) and the columns.
    month: Option<usize>,
    plan_forecast: Option<ForecastResult>,
    fcols: Option<ForecastColumns>,
    fallback: Vec<f64>,
    /// The part's first trial, its trials, and those not run yet.
    first: usize,
    count: usize,
    left: usize,
}

impl Steps {
    /// The trials `trials` (of `0..opts.trials`) of a valid scenario's Monte Carlo, none run yet.
    pub fn new(sc: &Scenario, opts: Options, trials: std::ops::Range<usize>) -> Steps {
        let inputs = ranged_inputs(sc);
        let mut sampler = Sampler::new(&inputs, &opts);
        sampler.skip(&inputs, trials.start);
        let count = trials.len();
        let mut sim = Simulator::quiet();
        let plan = sim.run(sc).clone();
        let actuals = actuals_month(sc);
        let plan_forecast = actuals.map(|(a, mm)| tracking::forecast(sc, a, &plan, &sim.gmv_to_date(), mm));
        let fcols = plan_forecast.as_ref().map(|f| ForecastColumns::new(count, sc.channels.len(), f.targets.len()));
        Steps {
            plan_statuses: plan.targets.iter().map(|t| t.status).collect(),
            cols: Columns::new(count, sc.channels.len(), plan.targets.len()),
            kept: Trials::default(),
            // A trial reads the months', quarters' and channels' GMV alone (`Columns::push`, `targets::statuses`,
            // `tracking::forecast`).
            grouped: (!inputs.is_empty()).then(|| Grouped::new(sc).with_detail(Detail::Gmv)),
            statuses: Vec::with_capacity(plan.targets.len()),
            trial: sc.clone(),
            values: Vec::new(),
            month: actuals.map(|(_, mm)| mm),
            plan_forecast,
            fcols,
            fallback: Vec::new(),
            first: trials.start,
            count,
            left: count,
            sc: sc.clone(),
            opts,
            inputs,
            sampler,
            sim,
            plan,
        }
    }

    /// Runs up to `n` more trials; whether any are left.
    pub fn run(&mut self, n: usize) -> bool {
        let now = n.min(self.left);
        self.left -= now;
        let sc = &self.sc;
        let actuals = sc.actuals.as_ref().zip(self.month);
        for _ in 0..now {
            self.sampler.next(&self.inputs, &mut self.values);
            let forecast = match self.grouped.as_mut() {
                None => {
                    self.cols.push(&self.plan, &self.plan_statuses);
                    self.plan_forecast.clone()
                }
                Some(grouped) => {
                    apply(sc, &mut self.trial, &self.inputs, &self.values);
                    let (r, to_date) = if grouped.run(&self.trial).is_some() {
                        (grouped.results(), grouped.gmv_to_date())
                    } else {
                        self.sim.run(&self.trial);
                        self.fallback.clone_from(&self.sim.gmv_to_date());
                        (self.sim.results(), &self.fallback[..])
                    };
                    targets::statuses(&self.trial, r, &mut self.statuses);
                    self.cols.push(r, &self.statuses);
                    actuals.map(|(a, mm)| tracking::forecast(&self.trial, a, r, to_date, mm))
                }
            };
            if let (Some(f), Some(c)) = (forecast, self.fcols.as_mut()) {
                if self.opts.keep_trials {
                    self.kept.forecast_gmv.push(f.gmv);
                }
                c.push(&f);
            }
            if self.opts.keep_trials {
                self.kept.inputs.push(self.values.clone());
            }
        }
        self.left > 0
    }

    /// The part's trials, by their number in the whole run.
    pub fn trials(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.count
    }

    /// The trials not run yet, by their number in the whole run.
    pub fn remaining(&self) -> std::ops::Range<usize> {
        let end = self.first + self.count;
        end - self.left..end
    }

    /// The first trial of the later half of those not run yet, when each half has `min` trials or more: where the
    /// part may end for another instance to run the rest.
    pub fn later_half(&self, min: usize) -> Option<usize> {
        let rest = self.remaining();
        (rest.len() >= 2 * min).then(|| rest.start + rest.len() / 2)
    }

    /// Ends the part at trial `to` instead of its last (a share halved: another instance runs the rest);
    /// whether it could, which it can when `to` is one of the trials not run yet or their end.
    pub fn end_at(&mut self, to: usize) -> bool {
        let rest = self.remaining();
        if to < rest.start || to > rest.end {
            return false;
        }
        self.left = to - rest.start;
        self.count = to - self.first;
        true
    }

    /// The part: its trials run (those left are run now).
    pub fn finish(mut self) -> Part {
        self.run(usize::MAX);
        let (cols, count) = (self.cols, self.count);
        let mut kept = self.kept;
        if self.opts.keep_trials {
            kept.kpis = (0..count).map(|t| std::array::from_fn(|k| cols.kpis[k][t])).collect();
        }
        let mut part = Part { trials: count, cols, forecast: self.fcols, kept };
        // Sorted where the part is computed (in parallel, for a split run): the summary's sort of parts appended
        // in trial order then merges sorted runs. Nothing after this needs the trials' order.
        for col in part.columns_mut() {
            sort_total(col, false);
        }
        part
    }
}

/// The summary of a run's trials: its parts [`Part::append`]ed in trial order.
pub fn summarise(sc: &Scenario, opts: Options, all: Part) -> MonteCarlo {
    // The plan's target rows: keys, names and targets do not depend on the sampled inputs.
    let mut sim = Simulator::quiet();
    let plan = sim.run(sc).clone();
    let f_rows = actuals_month(sc).map(|(a, mm)| tracking::forecast(sc, a, &plan, &sim.gmv_to_date(), mm).targets);
    // No trials: every probability is 0.
    let n = all.trials.max(1) as f64;
    let cols = &all.cols;
    MonteCarlo {
        trials: all.trials,
        seed: opts.seed,
        correlation: opts.rho(),
        kpis: KPIS.iter().zip(&cols.kpis).map(|(k, c)| (k.to_string(), Summary::of(c))).collect(),
        quarters: quarter_summaries(&cols.quarters),
        channels: channel_summaries(sc, &cols.channels),
        cumulative_gmv: cols.cumulative.iter().map(|c| Summary::of(c)).collect(),
        targets: chances(&plan.targets, &cols.ok, n),
        histogram: histogram(cols.kpis.first().map_or(&[][..], |c| &c[..])),
        forecast: all.forecast.as_ref().zip(f_rows).map(|(c, rows)| c.summary(sc, &rows, n)),
        inputs: ranged_inputs(sc),
        kept: all.kept,
    }
}

/// `BINS` equal bins from the smallest to the largest value; a value on an inner edge counts in the bin
/// above it, the largest in the last bin. All values equal: every edge is that value, all in the first bin.
pub fn histogram(values: &[f64]) -> Histogram {
    let finite = values.iter().copied().filter(|x| x.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    if lo > hi {
        return Histogram { edges: vec![0.0; BINS + 1], counts: vec![0; BINS] };
    }
    let width = (hi - lo) / BINS as f64;
    let edges = (0..=BINS).map(|k| if k == BINS { hi } else { lo + width * k as f64 }).collect();
    let mut counts = vec![0; BINS];
    for x in values.iter().copied().filter(|x| x.is_finite()) {
        let k = if width > 0.0 { ((x - lo) / width) as usize } else { 0 };
        counts[k.min(BINS - 1)] += 1;
    }
    Histogram { edges, counts }
}

/// The sampled scenario of trial `t` (0-based) of a run with `opts`: what the engine ran for that trial.
/// Replays the generator; for tests and for inspecting one trial.
pub fn sampled_scenario(sc: &Scenario, opts: Options, t: usize) -> Scenario {
    let inputs = ranged_inputs(sc);
    let mut sampler = Sampler::new(&inputs, &opts);
    let mut values = Vec::new();
    sampler.skip(&inputs, t);
    sampler.next(&inputs, &mut values);
    let mut trial = sc.clone();
    apply(sc, &mut trial, &inputs, &values);
    trial
}
