//! Plan against actuals (MODEL.md §10): progress to date, the actual against the plan per channel, month and
//! spend line, and the re-forecast year with its target rows.
//!
//! Invariant: the plan's figures to date are the engine's own daily values summed over the same days as the
//! actuals (months `1..M-1` whole, month `M` up to `through`); a figure that is missing in any month is `null`
//! (status `unknown`), never read as 0.

use serde::{Deserialize, Serialize};

use super::calendar::{day_of_year, days_in_month, days_in_year, month_day};
use super::kpi::Direction;
use super::results::{ratio, Results, Status, Sums, TargetResult};
use super::scenario::{positive, Actuals, ChannelActuals, Forecast, Scenario};
use super::targets::{quarter_targets, status, target_row, QUARTER_KEYS};

/// One figure to date: the actual against the plan of the same days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What happened; `null` when a month lacks the figure.
    pub actual: Option<f64>,
    /// What the plan simulates for the same channels and days; `null` for a ratio with nothing below it.
    pub plan: Option<f64>,
    /// `actual / plan - 1`; `null` when either is unknown or the plan is 0.
    pub deviation: Option<f64>,
    /// ok, watch or alert with the plan as target (`alert_threshold`), or unknown.
    pub status: Status,
}

impl Figure {
    /// The figure of `actual` against `plan`, judged in direction `dir` with `threshold`.
    pub fn new(actual: Option<f64>, plan: Option<f64>, dir: Direction, threshold: f64) -> Figure {
        let deviation = match (actual, plan) {
            (Some(a), Some(p)) => ratio(a, p).map(|x| x - 1.0),
            _ => None,
        };
        let status = match plan {
            Some(p) => status(actual, p, dir, threshold),
            None => Status::Unknown,
        };
        Figure { actual, plan, deviation, status }
    }
}

/// The six tracked figures of a channel or of the year (MODEL.md §10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub gmv: Figure,
    pub uv: Figure,
    pub orders: Figure,
    pub refunds: Figure,
    /// `gmv / orders`.
    pub aov: Figure,
    /// `orders / uv` (all orders).
    pub conversion: Figure,
}

/// The figures' keys, in the order of [`Figures::each`].
pub const FIGURE_KEYS: [&str; 6] = ["gmv", "uv", "orders", "refunds", "aov", "conversion"];

/// How the figure `key` reads: money (GMV, refunds, order value), a count (visitors, orders) or a rate.
pub fn figure_unit(key: &str) -> crate::model::inputs::Unit {
    use crate::model::inputs::Unit;
    match key {
        "uv" | "orders" => Unit::Count,
        "conversion" => Unit::Percent,
        _ => Unit::Money,
    }
}

impl Figures {
    /// Each figure with its key, in the order of [`FIGURE_KEYS`].
    pub fn each(&self) -> [(&'static str, &Figure); 6] {
        [
            ("gmv", &self.gmv),
            ("uv", &self.uv),
            ("orders", &self.orders),
            ("refunds", &self.refunds),
            ("aov", &self.aov),
            ("conversion", &self.conversion),
        ]
    }
}

/// One month of one channel: actual GMV against the plan's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelMonth {
    /// 1..=M.
    pub month: u32,
    pub actual_gmv: f64,
    pub plan_gmv: f64,
    pub deviation: Option<f64>,
    pub status: Status,
}

/// A channel with actuals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelTrack {
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// GMV month by month (an addition to §10: what the alerts name, "抖音 2月 GMV …").
    pub months: Vec<ChannelMonth>,
}

/// One month 1..=M over the channels with actuals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthTrack {
    /// 1..=M.
    pub month: u32,
    pub actual_gmv: f64,
    /// The plan of the same channels and days.
    pub plan_gmv: f64,
    /// The month's `gmv_target` (§4); for month M pro rata to its simulated GMV up to `through`.
    pub target_gmv: f64,
    /// `actual_gmv / plan_gmv - 1`.
    pub deviation: Option<f64>,
    /// Against the plan.
    pub status: Status,
}

/// A spend line's spend to date against the plan's (less is better).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LineTrack {
    pub name: String,
    pub actual: f64,
    pub plan: f64,
    pub deviation: Option<f64>,
    pub status: Status,
}

/// The year re-forecast: actuals to date plus the rest of the year.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ForecastResult {
    pub method: Forecast,
    /// The forecast year's GMV.
    pub gmv: f64,
    /// Per channel.
    pub channels: Vec<f64>,
    /// Per quarter (4).
    pub quarters: Vec<f64>,
    /// Per month (12).
    pub months: Vec<f64>,
    /// The rows `gmv`, `q1_gmv` .. `q4_gmv` and the channels' GMV targets, as in §4 on the forecast.
    pub targets: Vec<TargetResult>,
}

/// `results.tracking` (MODEL.md §10).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    /// The last day with actuals, `MM-DD`.
    pub through: String,
    /// Days elapsed (`through`'s day of the year, 1-based).
    pub days: u32,
    /// 时间进度: `days / D`.
    pub time_progress: f64,
    /// The seasonal expectation: the simulated GMV to date over the simulated year.
    pub plan_progress: Option<f64>,
    /// 达成率 of the part of the business that reports: actual GMV to date over the year's GMV target times
    /// `coverage`.
    pub target_progress: Option<f64>,
    /// Actual GMV to date, all channels with actuals.
    pub actual_gmv: f64,
    /// The reporting channels' simulated year GMV over all channels' (1 when every channel has actuals).
    pub coverage: f64,
    /// The channels with actuals together.
    pub year: Figures,
    /// Per channel; `null` without actuals.
    pub channels: Vec<Option<ChannelTrack>>,
    /// Months 1..=M.
    pub months: Vec<MonthTrack>,
    /// Per spend line; `null` without spend actuals.
    pub spend_lines: Vec<Option<LineTrack>>,
    pub forecast: ForecastResult,
}

/// What the engine saw up to `through`, for [`compute`].
pub(crate) struct ToDate<'a> {
    /// The zero-based day of `through`.
    pub cut: usize,
    /// Each channel's sums over days `0..=cut` (visitors, orders, GMV, net GMV).
    pub channels: &'a [Sums],
    /// Each spend line's spend over days `0..=cut`.
    pub spend: &'a [f64],
}

/// An actual figure summed over the months, `None` when any month lacks it.
fn sum_known(c: &ChannelActuals, f: impl Fn(&super::scenario::MonthActual) -> Option<f64>) -> Option<f64> {
    c.months.iter().map(f).sum()
}

/// Actual and plan totals of one or more channels, before ratios.
#[derive(Clone, Copy, Default)]
struct Totals {
    gmv: f64,
    uv: Option<f64>,
    orders: Option<f64>,
    refunds: Option<f64>,
}

impl Totals {
    fn of(c: &ChannelActuals) -> Totals {
        Totals {
            gmv: c.months.iter().map(|m| m.gmv).sum(),
            uv: sum_known(c, |m| m.uv),
            orders: sum_known(c, |m| m.orders),
            refunds: sum_known(c, |m| m.refunds),
        }
    }

    fn plan(s: &Sums) -> Totals {
        Totals {
            gmv: s.gmv,
            uv: Some(s.organic_uv + s.paid_uv),
            orders: Some(s.orders()),
            refunds: Some(s.gmv - s.net_gmv),
        }
    }

    fn add(&mut self, o: &Totals) {
        let add = |a: Option<f64>, b: Option<f64>| Some(a? + b?);
        self.gmv += o.gmv;
        self.uv = add(self.uv, o.uv);
        self.orders = add(self.orders, o.orders);
        self.refunds = add(self.refunds, o.refunds);
    }

    fn figures(actual: &Totals, plan: &Totals, th: f64) -> Figures {
        let per = |a: Option<f64>, b: Option<f64>| ratio(a?, b?);
        let h = Direction::Higher;
        Figures {
            gmv: Figure::new(Some(actual.gmv), Some(plan.gmv), h, th),
            uv: Figure::new(actual.uv, plan.uv, h, th),
            orders: Figure::new(actual.orders, plan.orders, h, th),
            refunds: Figure::new(actual.refunds, plan.refunds, Direction::Lower, th),
            aov: Figure::new(per(Some(actual.gmv), actual.orders), per(Some(plan.gmv), plan.orders), h, th),
            conversion: Figure::new(per(actual.orders, actual.uv), per(plan.orders, plan.uv), h, th),
        }
    }
}

/// `results.tracking` of plan `sc` with actuals `a`, from the simulated year `r` and what the engine saw to date.
pub(crate) fn compute(sc: &Scenario, a: &Actuals, r: &Results, td: &ToDate) -> Tracking {
    let th = sc.targets.alert_threshold;
    let nd = days_in_year(sc.year);
    // Month M (0-based `mm`), its first day and its length.
    let mm = month_index(sc, td.cut);
    let month = mm as u32 + 1;
    let (m_start, m_len) = (day_of_year(sc.year, month, 1), days_in_month(sc.year, month));
    let n_months = mm + 1;
    let has = |c: usize| a.channels.get(c).is_some_and(|x| x.months.len() == n_months);

    // Each channel's simulated GMV of month M up to `through` (the whole months before it are in `monthly_gmv`).
    let partial = |c: usize| td.channels[c].gmv - r.channels[c].monthly_gmv[..mm].iter().sum::<f64>();

    let mut year_actual = Totals { uv: Some(0.0), orders: Some(0.0), refunds: Some(0.0), ..Totals::default() };
    let mut year_plan = year_actual;
    let mut channels = Vec::with_capacity(sc.channels.len());
    for (c, ch) in sc.channels.iter().enumerate() {
        if !has(c) || c >= td.channels.len() {
            channels.push(None);
            continue;
        }
        let acts = &a.channels[c];
        let (actual, plan) = (Totals::of(acts), Totals::plan(&td.channels[c]));
        year_actual.add(&actual);
        year_plan.add(&plan);
        let months = (0..n_months)
            .map(|m| {
                let plan_gmv = if m == mm { partial(c) } else { r.channels[c].monthly_gmv[m] };
                let f = Figure::new(Some(acts.months[m].gmv), Some(plan_gmv), Direction::Higher, th);
                ChannelMonth {
                    month: m as u32 + 1,
                    actual_gmv: acts.months[m].gmv,
                    plan_gmv,
                    deviation: f.deviation,
                    status: f.status,
                }
            })
            .collect();
        channels.push(Some(ChannelTrack {
            name: ch.name.clone(),
            figures: Totals::figures(&actual, &plan, th),
            months,
        }));
    }

    // Months 1..=M over the channels with actuals; month M's target pro rata to its simulated GMV to date.
    let sim_to_date: f64 = r.daily_gmv.iter().take(td.cut + 1).sum();
    let month_m_sim: f64 = r.daily_gmv.iter().skip(m_start).take(m_len as usize).sum();
    let months = (0..n_months)
        .map(|m| {
            let mut actual_gmv = 0.0;
            let mut plan_gmv = 0.0;
            for t in channels.iter().flatten() {
                actual_gmv += t.months[m].actual_gmv;
                plan_gmv += t.months[m].plan_gmv;
            }
            let full = r.months.get(m).map_or(0.0, |x| x.gmv_target);
            // The month's target (month M's pro rata to its simulated GMV to date), times the share of the month's
            // simulated GMV to date that comes from the channels that report: the target of the part that reports.
            let month_sim = if m < mm { r.months.get(m).map_or(0.0, |x| x.kpis.gmv) } else { month_m_sim };
            let target_gmv = if month_sim > 0.0 {
                full * plan_gmv / month_sim
            } else if m < mm {
                full
            } else {
                full * (td.cut + 1 - m_start) as f64 / f64::from(m_len)
            };
            let f = Figure::new(Some(actual_gmv), Some(plan_gmv), Direction::Higher, th);
            MonthTrack {
                month: m as u32 + 1,
                actual_gmv,
                plan_gmv,
                target_gmv,
                deviation: f.deviation,
                status: f.status,
            }
        })
        .collect();

    let spend_lines = sc
        .spend_lines
        .iter()
        .enumerate()
        .map(|(j, line)| {
            let acts = a.spend_lines.as_ref()?.get(j).filter(|l| !l.months.is_empty())?;
            let actual: f64 = acts.months.iter().map(|m| m.spend).sum();
            let plan = td.spend.get(j).copied().unwrap_or(0.0);
            let f = Figure::new(Some(actual), Some(plan), Direction::Lower, th);
            Some(LineTrack { name: line.name.clone(), actual, plan, deviation: f.deviation, status: f.status })
        })
        .collect();

    let to_date: Vec<f64> = td.channels.iter().map(|s| s.gmv).collect();
    let forecast = forecast(sc, a, r, &to_date, mm);
    let actual_gmv = year_actual.gmv;
    let reporting: f64 = channels.iter().zip(&r.channels).filter(|(t, _)| t.is_some()).map(|(_, c)| c.kpis.gmv).sum();
    let coverage = if r.year.gmv > 0.0 { reporting / r.year.gmv } else { 1.0 };
    Tracking {
        through: a.through.clone(),
        days: td.cut as u32 + 1,
        time_progress: (td.cut + 1) as f64 / nd as f64,
        plan_progress: ratio(sim_to_date, r.year.gmv),
        target_progress: ratio(actual_gmv, sc.targets.gmv * coverage),
        actual_gmv,
        coverage,
        year: Totals::figures(&year_actual, &year_plan, th),
        channels,
        months,
        spend_lines,
        forecast,
    }
}

/// The forecast year (MODEL.md §10): actuals to date plus each channel's simulated rest, times its pace
/// (actual over simulated GMV to date) for `pace`. `to_date` is each channel's simulated GMV to `through` and
/// `mm` month M (0-based); a channel has actuals when its `months` run through month M. Monte Carlo trials call
/// it on each trial's simulation (MODEL.md §10, "The forecast with ranges").
pub(crate) fn forecast(sc: &Scenario, a: &Actuals, r: &Results, to_date: &[f64], mm: usize) -> ForecastResult {
    let th = sc.targets.alert_threshold;
    let mut months = vec![0.0; 12];
    let mut per_channel = Vec::with_capacity(sc.channels.len());
    for (c, sim) in r.channels.iter().enumerate() {
        let (Some(acts), Some(&to_date)) = (a.channels.get(c).filter(|x| x.months.len() == mm + 1), to_date.get(c))
        else {
            // A channel without actuals: its simulated year.
            for (m, x) in sim.monthly_gmv.iter().enumerate() {
                months[m] += x;
            }
            per_channel.push(sim.kpis.gmv);
            continue;
        };
        let actual: f64 = acts.months.iter().map(|m| m.gmv).sum();
        let pace = match a.forecast {
            Forecast::Pace if to_date > 0.0 => actual / to_date,
            _ => 1.0,
        };
        // Month M's simulated GMV up to `through`.
        let partial = to_date - sim.monthly_gmv[..mm].iter().sum::<f64>();
        for (m, x) in sim.monthly_gmv.iter().enumerate() {
            months[m] += match m.cmp(&mm) {
                std::cmp::Ordering::Less => acts.months[m].gmv,
                std::cmp::Ordering::Equal => acts.months[m].gmv + pace * (x - partial),
                std::cmp::Ordering::Greater => pace * x,
            };
        }
        per_channel.push(actual + pace * (sim.kpis.gmv - to_date));
    }
    let quarters: Vec<f64> = (0..4).map(|q| months[q * 3..q * 3 + 3].iter().sum()).collect();
    let gmv: f64 = per_channel.iter().sum();
    let h = Direction::Higher;
    let mut targets = vec![target_row("gmv", Some(gmv), sc.targets.gmv, h, th)];
    for (q, target) in quarter_targets(&sc.targets).into_iter().enumerate() {
        targets.push(target_row(QUARTER_KEYS[q], Some(quarters[q]), target, h, th));
    }
    for (i, ch) in sc.channels.iter().enumerate() {
        if let Some(target) = positive(ch.gmv_target) {
            targets.push(TargetResult {
                name: Some(ch.name.clone()),
                ..target_row(&format!("channels.{i}.gmv"), per_channel.get(i).copied(), target, h, th)
            });
        }
    }
    ForecastResult { method: a.forecast, gmv, channels: per_channel, quarters, months, targets }
}

/// Month M (0-based) of the actuals of a plan whose `through` is day `cut` (0-based).
pub(crate) fn month_index(sc: &Scenario, cut: usize) -> usize {
    month_day(sc.year, cut).0 as usize - 1
}

/// One deviation beyond the alert threshold, for the alerts list.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    /// The channel's or spend line's name; `None` for all channels together.
    pub who: Option<String>,
    /// 1..=12 for a month's GMV; `None` for the year to date.
    pub month: Option<u32>,
    /// `gmv`, `uv`, `orders`, `refunds`, `aov`, `conversion`, or `spend`.
    pub what: &'static str,
    /// `actual / plan - 1`.
    pub deviation: f64,
}

/// Every figure of `t` whose status is `alert`, channel by channel (months first, then the year to date), then
/// the months of all channels together, then the spend lines.
pub fn alerts(t: &Tracking) -> Vec<Alert> {
    let mut out = Vec::new();
    let alert = |s: Status, d: Option<f64>| if s == Status::Alert { d } else { None };
    for c in t.channels.iter().flatten() {
        for m in &c.months {
            if let Some(deviation) = alert(m.status, m.deviation) {
                out.push(Alert { who: Some(c.name.clone()), month: Some(m.month), what: "gmv", deviation });
            }
        }
        for (what, f) in c.figures.each() {
            if let Some(deviation) = alert(f.status, f.deviation) {
                out.push(Alert { who: Some(c.name.clone()), month: None, what, deviation });
            }
        }
    }
    if t.channels.iter().flatten().count() > 1 {
        for m in &t.months {
            if let Some(deviation) = alert(m.status, m.deviation) {
                out.push(Alert { who: None, month: Some(m.month), what: "gmv", deviation });
            }
        }
    }
    for l in t.spend_lines.iter().flatten() {
        if let Some(deviation) = alert(l.status, l.deviation) {
            out.push(Alert { who: Some(l.name.clone()), month: None, what: "spend", deviation });
        }
    }
    out
}
