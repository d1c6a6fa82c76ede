//! Calibration (MODEL.md §12): a plan from last year's daily back-office exports. Given the plan's structure
//! (channels, events' windows, spend lines with last year's budgets, customers, costs), fits the seasonality,
//! each event's uplifts and discount and each channel's visitors, trend, conversion, order value and return rate
//! so that the §3 engine on last year's calendar reproduces each channel's days.
//!
//! The method, in the engine's own structure: visitors less the given lines' paid visitors are the organic ones,
//! a log-linear model of month, event, channel level and trend (refitted until the seasonal pacing it implies
//! stops moving); orders less existing customers' are deconvolved into first orders and the repeats of earlier
//! ones (the repeat curve is given), first orders over visitors fit conversion with its ramp and the events'
//! uplifts; GMV over the orders' list-price mix (first orders at `aov`, the others at `aov *
//! repeat_aov_factor`) fits the order value and each event's discount; refunds over GMV the return rate.
//!
//! Invariant: pure and total — a file either gives a calibrated plan that validates, with its report, or a
//! refusal naming the file and the dates at fault; the plan given is never changed. Run by the command line and
//! by the page's files worker.

mod fit;
pub mod messages;
pub mod sample;
pub mod series;

use crate::analysis::random::{exp, ln};
use crate::import::cells::Field;
use crate::import::{self, Daily, ImportError};
use crate::model::calendar::days_in_year;
use crate::model::engine::event_window;
use crate::model::inputs::Slot;
use crate::model::scenario::Scenario;
use fit::{Obs, Spec};
use serde::{Deserialize, Serialize};
use series::Year;

/// The share of a channel's days on which paid visitors may exceed the day's visitors before the file is refused.
pub const PAID_ABOVE_LIMIT: f64 = 0.05;

/// One channel's file, read: the channel's index and its days.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelFile {
    pub channel: usize,
    pub daily: Daily,
}

/// Why a calibration was refused. Dates are `2025-01-05`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "refusal")]
pub enum CalibrateError {
    /// No file was given.
    NoFiles,
    /// No channel of that index or name.
    NoChannel { channel: String },
    /// Two files for one channel.
    SameChannel { name: String },
    /// The file could not be read (the import's reason, for the year before the plan's).
    File { source: String, error: ImportError },
    /// The file has months, not days.
    Monthly { source: String },
    /// The file has no column for visitors or orders.
    MissingColumn { source: String, field: Field },
    /// The file's days do not cover the whole year: its first and last date, the year needed.
    NotWholeYear { source: String, first: String, last: String, year: i32 },
    /// Paid visitors from the given lines exceed the day's visitors on too many days: how many of how many,
    /// and the first few dates.
    PaidAboveVisitors { source: String, name: String, days: usize, total: usize, dates: Vec<String> },
    /// The calibrated plan does not validate: the first error.
    Invalid { reason: String },
}

/// Something the planner should know about a calibration that went through.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "warning")]
pub enum Warning {
    /// Every day of the month is inside an event: its seasonality is kept as given (1-based month).
    MonthKept { month: u32 },
    /// The event has no day that no other event covers last year: its uplifts and discount are kept.
    EventKept { event: usize, name: String },
    /// The given lines' paid visitors reach the day's visitors on a few days (the fit cannot follow them there).
    PaidAboveVisitors { name: String, days: usize, dates: Vec<String> },
    /// The file has no refunds: the channel's return rate is kept.
    NoRefunds { name: String },
    /// The channel has no file: its values are kept.
    ChannelKept { name: String },
}

/// One month of one channel: last year's actual and the calibrated plan's backcast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthFit {
    pub month: u32,
    pub actual_gmv: f64,
    pub backcast_gmv: f64,
    pub actual_uv: f64,
    pub backcast_uv: f64,
    pub actual_orders: f64,
    pub backcast_orders: f64,
}

/// A channel's file against the backcast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelFit {
    pub channel: usize,
    pub name: String,
    pub source: String,
    pub months: Vec<MonthFit>,
    /// The mean absolute percentage error of monthly GMV (months with GMV).
    pub mape: f64,
}

/// A field the calibration changed: its path (`channels.0.cvr`, `seasonality.3`), before and after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub path: String,
    pub before: f64,
    pub after: f64,
}

/// What a calibration did (MODEL.md §12, "Report").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The year the files cover (the plan's year less one).
    pub year: i32,
    pub channels: Vec<ChannelFit>,
    pub changes: Vec<Change>,
    pub warnings: Vec<Warning>,
}

/// A calibrated plan and its report.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    pub plan: Scenario,
    pub report: Report,
}

/// Reads channel `channel`'s (an index or a name) export for plan `sc`: every day of the year before the plan's.
pub fn read(sc: &Scenario, channel: &str, bytes: &[u8], source: &str) -> Result<ChannelFile, CalibrateError> {
    let c = import::channel_index(sc, channel).map_err(|_| CalibrateError::NoChannel { channel: channel.into() })?;
    let year = sc.year - 1;
    let daily = import::read_daily(bytes, source, year)
        .map_err(|error| CalibrateError::File { source: source.into(), error })?;
    let source = source.to_string();
    if !daily.daily {
        return Err(CalibrateError::Monthly { source });
    }
    for (k, field) in [(1, Field::Uv), (2, Field::Orders)] {
        if !daily.has[k] {
            return Err(CalibrateError::MissingColumn { source, field });
        }
    }
    let whole = daily.days.len() == days_in_year(year) && daily.days.first().map(|d| d.0) == Some(0);
    if !whole {
        return Err(CalibrateError::NotWholeYear { source, first: daily.first, last: daily.last, year });
    }
    Ok(ChannelFile { channel: c, daily })
}

/// Reads each `(channel, file name, bytes)` and calibrates plan `sc` on them: what the command line and the
/// files worker run.
pub fn from_files(sc: &Scenario, files: &[(String, String, Vec<u8>)]) -> Result<Calibration, CalibrateError> {
    let read: Vec<ChannelFile> =
        files.iter().map(|(c, name, bytes)| read(sc, c, bytes, name)).collect::<Result<_, _>>()?;
    calibrate(sc, &read)
}

/// `x` to 12 significant digits: a fitted value is no more precise than that, reads as a short decimal in the
/// plan's JSON, and parses to the same number with any JSON reader (the page's included).
fn significant(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let k = 11 - libm::floor(libm::log10(x.abs())) as i32;
    if !(-22..=22).contains(&k) {
        return x;
    }
    // 10^|k| exactly (every power of ten up to 1e22 is a double).
    let p = (0..k.abs()).fold(1.0, |p, _| p * 10.0);
    if k >= 0 {
        (x * p).round() / p
    } else {
        (x / p).round() * p
    }
}

/// A channel's figures per day: visitors, orders, GMV, and refunds when the file has them.
struct Days {
    uv: Vec<f64>,
    orders: Vec<f64>,
    gmv: Vec<f64>,
    refunds: Option<Vec<f64>>,
}

impl Days {
    fn of(f: &Daily) -> Days {
        let col = |k: usize| f.days.iter().map(|(_, v)| v[k].unwrap_or(0.0)).collect::<Vec<f64>>();
        Days { gmv: col(0), uv: col(1), orders: col(2), refunds: f.has[3].then(|| col(3)) }
    }
}

/// Calibrates plan `sc` on last year's files (one per channel at most).
pub fn calibrate(sc: &Scenario, files: &[ChannelFile]) -> Result<Calibration, CalibrateError> {
    if files.is_empty() {
        return Err(CalibrateError::NoFiles);
    }
    for (i, f) in files.iter().enumerate() {
        if f.channel >= sc.channels.len() {
            return Err(CalibrateError::NoChannel { channel: f.channel.to_string() });
        }
        if files[..i].iter().any(|g| g.channel == f.channel) {
            return Err(CalibrateError::SameChannel { name: sc.channels[f.channel].name.clone() });
        }
    }
    let year = sc.year - 1;
    // The plan on last year's calendar: the structure as given, no actuals (they are of the plan's year).
    let mut cur = sc.clone();
    cur.year = year;
    cur.actuals = None;
    let data: Vec<Days> = files.iter().map(|f| Days::of(&f.daily)).collect();
    let slots: Vec<usize> = files.iter().map(|f| f.channel).collect();
    let y0 = Year::of(&cur);
    let nd = y0.cal.days;
    let t: Vec<f64> = (0..nd).map(|d| d as f64 * y0.cal.t_step()).collect();
    let month_of = y0.cal.month_of_day.clone();
    let mut warnings = Vec::new();

    // Which events and months the days can tell apart.
    let windows: Vec<Option<(usize, usize)>> = cur.events.iter().map(|e| event_window(e, year, nd)).collect();
    let active: Vec<Vec<usize>> = (0..nd)
        .map(|d| {
            windows
                .iter()
                .enumerate()
                .filter(|(_, w)| w.is_some_and(|(a, b)| a <= d && d <= b))
                .map(|(k, _)| k)
                .collect()
        })
        .collect();
    let own = |k: usize| (0..nd).any(|d| active[d] == [k]);
    let identified: Vec<bool> = (0..cur.events.len()).map(own).collect();
    for (k, ok) in identified.iter().enumerate() {
        if !ok {
            warnings.push(Warning::EventKept { event: k, name: cur.events[k].name.clone() });
        }
    }
    let free_month: Vec<bool> =
        (0..12).map(|m| (0..nd).any(|d| month_of[d] as usize == m && active[d].is_empty())).collect();
    for m in (0..12).filter(|&m| !free_month[m]) {
        warnings.push(Warning::MonthKept { month: m as u32 + 1 });
    }
    let fixed_events = |value: &dyn Fn(usize) -> f64| -> Vec<Option<f64>> {
        (0..identified.len()).map(|k| (!identified[k]).then(|| value(k))).collect()
    };

    // 1. Visitors: the months' reference, and the months the days cannot tell apart kept as given.
    let given_w = sc.seasonality.clone();
    let reference = free_month.iter().position(|&f| f);
    let mut month_fixed = [None; 12];
    for m in 0..12 {
        if !free_month[m] || Some(m) == reference {
            let r = reference.map_or(1.0, |r| given_w[r].max(1e-12));
            month_fixed[m] = Some(ln(given_w[m].max(1e-12) / r));
        }
    }
    // Visitors are organic (month, event, level, trend) plus the given lines' paid ones, whose seasonal pacing
    // follows the fitted shape: fitted together.
    let shaped = |f: &fit::Fit| {
        let mut s = cur.clone();
        s.seasonality = f.month.iter().map(|&m| exp(m)).collect();
        for (e, b) in s.events.iter_mut().zip(&f.event) {
            e.traffic_uplift = exp(*b);
        }
        s
    };
    let paid_of = |f: &fit::Fit| {
        let s = shaped(f);
        let all = series::paid(&s, &Year::of(&s));
        slots.iter().map(|&c| all[c].clone()).collect::<Vec<_>>()
    };
    let obs: Vec<Obs> = data
        .iter()
        .enumerate()
        .flat_map(|(s, days)| {
            let month_len = &y0.cal.month_len;
            let month_of = &month_of;
            (0..nd).filter(move |&d| days.uv[d] > 0.0).map(move |d| Obs {
                c: s,
                d,
                y: ln(days.uv[d]),
                off: -ln(month_len[month_of[d] as usize] as f64),
            })
        })
        .collect();
    let spec = Spec {
        channels: files.len(),
        trend: true,
        t: &t,
        months: Some((&month_of, month_fixed)),
        active: &active,
        events: fixed_events(&|k| ln(sc.events[k].traffic_uplift.max(1e-12))),
    };
    let org = fit::fit(&spec, &obs, Some(&paid_of));
    let paid = paid_of(&org);
    for (s, f) in files.iter().enumerate() {
        let bad: Vec<usize> = (0..nd).filter(|&d| paid[s][d] > 0.0 && paid[s][d] >= data[s].uv[d]).collect();
        let name = cur.channels[f.channel].name.clone();
        let dates: Vec<String> = bad.iter().take(5).map(|&d| import::date_label(year, d)).collect();
        if bad.len() as f64 > PAID_ABOVE_LIMIT * nd as f64 {
            let (source, days) = (f.daily.source.clone(), bad.len());
            return Err(CalibrateError::PaidAboveVisitors { source, name, days, total: nd, dates });
        }
        if !bad.is_empty() {
            warnings.push(Warning::PaidAboveVisitors { name, days: bad.len(), dates });
        }
    }
    let fitted = shaped(&org);
    let mean = fitted.seasonality.iter().sum::<f64>() / 12.0;
    cur.seasonality = fitted.seasonality.iter().map(|w| w / mean).collect();
    for (k, e) in cur.events.iter_mut().enumerate() {
        if identified[k] {
            e.traffic_uplift = fitted.events[k].traffic_uplift;
        }
    }
    for (s, &c) in slots.iter().enumerate() {
        let (a, g) = (org.level[s], org.trend[s]);
        let total: f64 = (0..nd)
            .map(|d| {
                exp(a + org.month[month_of[d] as usize]) / y0.cal.month_len[month_of[d] as usize] as f64
                    * (1.0 + g * t[d])
            })
            .sum();
        let ch = &mut cur.channels[c];
        ch.organic_uv = total;
        ch.uv_trend = Some(1.0 + g);
    }

    // 2. Orders: existing customers' from the fitted shape, first orders deconvolved from the repeats.
    let y = Year::of(&cur);
    let mut parts = Vec::new();
    for (f, days) in files.iter().zip(&data) {
        let base = series::base_orders(&cur, &y, f.channel);
        let mut new: Vec<f64> = (0..nd).map(|d| days.orders[d] - base[d]).collect();
        let repeat = series::repeats(&cur.customers.repeat_curve, &mut new, true);
        parts.push((new, repeat, base));
    }
    let obs: Vec<Obs> = parts
        .iter()
        .zip(&data)
        .enumerate()
        .flat_map(|(s, ((new, _, _), days))| {
            (0..nd).filter(move |&d| new[d] > 0.0 && days.uv[d] > 0.0).map(move |d| Obs {
                c: s,
                d,
                y: ln(new[d] / days.uv[d]),
                off: 0.0,
            })
        })
        .collect();
    let spec = Spec {
        channels: files.len(),
        trend: true,
        t: &t,
        months: None,
        active: &active,
        events: fixed_events(&|k| ln(sc.events[k].cvr_uplift.max(1e-12))),
    };
    let conv = fit::fit(&spec, &obs, None);

    // 3. Prices: GMV over the orders' list-price mix.
    let raf = cur.customers.repeat_aov_factor;
    let obs: Vec<Obs> = parts
        .iter()
        .zip(&data)
        .enumerate()
        .flat_map(|(s, ((new, repeat, base), days))| {
            (0..nd).filter_map(move |d| {
                let mix = new[d] + raf * (repeat[d] + base[d]);
                (mix > 0.0 && days.gmv[d] > 0.0).then(|| Obs { c: s, d, y: ln(days.gmv[d] / mix), off: 0.0 })
            })
        })
        .collect();
    let spec = Spec {
        channels: files.len(),
        trend: false,
        t: &t,
        months: None,
        active: &active,
        events: fixed_events(&|k| ln(1.0 - sc.events[k].discount).max(1e-12)),
    };
    let price = fit::fit(&spec, &obs, None);

    // The fitted values into the plan (its own year), each ranged value moving its range.
    let mut plan = sc.clone();
    plan.seasonality = cur.seasonality.iter().map(|&w| significant(w)).collect();
    plan.last_year_gmv = significant(data.iter().map(|d| d.gmv.iter().sum::<f64>()).sum());
    let set = |plan: &mut Scenario, path: String, x: f64| {
        if let Some(slot) = Slot::parse(&path) {
            slot.set_moving_range(plan, significant(x));
            if let Some((lo, hi)) = slot.range(plan) {
                slot.set_range(plan, Some((significant(lo), significant(hi))));
            }
        }
    };
    for (k, e) in cur.events.iter().enumerate() {
        if identified[k] {
            set(&mut plan, format!("events.{k}.traffic_uplift"), e.traffic_uplift);
            set(&mut plan, format!("events.{k}.cvr_uplift"), exp(conv.event[k]));
            set(&mut plan, format!("events.{k}.discount"), 1.0 - exp(price.event[k]));
        }
    }
    for (s, (f, days)) in files.iter().zip(&data).enumerate() {
        let c = f.channel;
        let cvr = exp(conv.level[s]);
        let fitted = [
            ("organic_uv", cur.channels[c].organic_uv),
            ("uv_trend", cur.channels[c].uv_trend()),
            ("cvr", cvr),
            ("cvr_end", cvr * (1.0 + conv.trend[s])),
            ("aov", exp(price.level[s])),
        ];
        for (field, x) in fitted {
            set(&mut plan, format!("channels.{c}.{field}"), x);
        }
        match &days.refunds {
            Some(r) => {
                let gmv: f64 = days.gmv.iter().sum();
                let rate = if gmv > 0.0 { r.iter().sum::<f64>() / gmv } else { 0.0 };
                set(&mut plan, format!("channels.{c}.return_rate"), rate);
            }
            None => warnings.push(Warning::NoRefunds { name: plan.channels[c].name.clone() }),
        }
    }
    for (c, ch) in plan.channels.iter().enumerate() {
        if !slots.contains(&c) {
            warnings.push(Warning::ChannelKept { name: ch.name.clone() });
        }
    }
    if let Some(e) = crate::model::validate(&plan).first() {
        return Err(CalibrateError::Invalid { reason: e.to_string() });
    }
    let report = Report { year, channels: backcast(&plan, files, &data), changes: changes(sc, &plan), warnings };
    Ok(Calibration { plan, report })
}

/// Each file's months against the calibrated plan run on last year's calendar.
fn backcast(plan: &Scenario, files: &[ChannelFile], data: &[Days]) -> Vec<ChannelFit> {
    let mut last = plan.clone();
    last.year -= 1;
    last.actuals = None;
    let sim = series::channel_days(&last);
    let y = Year::of(&last);
    files
        .iter()
        .zip(data)
        .map(|(f, days)| {
            let s = &sim[f.channel];
            let mut months: Vec<MonthFit> = (1..=12)
                .map(|month| MonthFit {
                    month,
                    actual_gmv: 0.0,
                    backcast_gmv: 0.0,
                    actual_uv: 0.0,
                    backcast_uv: 0.0,
                    actual_orders: 0.0,
                    backcast_orders: 0.0,
                })
                .collect();
            for d in 0..y.cal.days {
                let m = &mut months[y.cal.month_of_day[d] as usize];
                m.actual_gmv += days.gmv[d];
                m.backcast_gmv += s.gmv[d];
                m.actual_uv += days.uv[d];
                m.backcast_uv += s.uv(d);
                m.actual_orders += days.orders[d];
                m.backcast_orders += s.orders(d);
            }
            let errs: Vec<f64> = months
                .iter()
                .filter(|m| m.actual_gmv > 0.0)
                .map(|m| (m.backcast_gmv / m.actual_gmv - 1.0).abs())
                .collect();
            let mape = if errs.is_empty() { 0.0 } else { errs.iter().sum::<f64>() / errs.len() as f64 };
            ChannelFit {
                channel: f.channel,
                name: plan.channels[f.channel].name.clone(),
                source: f.daily.source.clone(),
                months,
                mape,
            }
        })
        .collect()
}

/// Every fitted field whose value changed, in the plan's order.
fn changes(before: &Scenario, after: &Scenario) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |path: String, a: f64, b: f64| {
        if a != b {
            out.push(Change { path, before: a, after: b });
        }
    };
    push("last_year_gmv".into(), before.last_year_gmv, after.last_year_gmv);
    for m in 0..12 {
        push(format!("seasonality.{m}"), before.seasonality[m], after.seasonality[m]);
    }
    for k in 0..before.events.len() {
        for f in ["traffic_uplift", "cvr_uplift", "discount"] {
            let path = format!("events.{k}.{f}");
            if let Some(s) = Slot::parse(&path) {
                push(path, s.get(before).unwrap_or(0.0), s.get(after).unwrap_or(0.0));
            }
        }
    }
    for c in 0..before.channels.len() {
        for f in ["organic_uv", "uv_trend", "cvr", "cvr_end", "aov", "return_rate"] {
            let path = format!("channels.{c}.{f}");
            if let Some(s) = Slot::parse(&path) {
                push(path, s.get(before).unwrap_or(0.0), s.get(after).unwrap_or(0.0));
            }
        }
    }
    out
}
