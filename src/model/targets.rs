//! Target rows with ok / watch / alert status, month targets, and the consistency warnings of MODEL.md §4.
//!
//! Invariant: a target whose value is unknown has status `unknown`; colour is never the only signal in the UI,
//! so every status here also has a word.

use super::inputs::Slot;
use super::kpi::{self, Direction};
use super::results::{ratio, Results, Status, TargetResult, Warning};
use super::scenario::{positive, Scenario, Targets};
use crate::present::format::grouped;

/// The status of `value` against `target`: ok when met, watch when missed by at most `threshold`
/// (relative to the target's size), alert beyond; a missed target of 0 is an alert.
pub fn status(value: Option<f64>, target: f64, dir: Direction, threshold: f64) -> Status {
    let Some(v) = value else { return Status::Unknown };
    let miss = match dir {
        Direction::Higher => target - v,
        Direction::Lower => v - target,
    };
    if miss <= 0.0 {
        Status::Ok
    } else if target == 0.0 {
        Status::Alert
    } else if miss / target.abs() <= threshold {
        Status::Watch
    } else {
        Status::Alert
    }
}

/// One target row.
pub fn target_row(key: &str, value: Option<f64>, target: f64, dir: Direction, threshold: f64) -> TargetResult {
    TargetResult {
        key: key.to_string(),
        name: None,
        value,
        target,
        deviation: value.and_then(|v| ratio(v, target)).map(|x| x - 1.0),
        status: status(value, target, dir, threshold),
    }
}

/// The GMV target of each quarter: `gmv * quarter_split[q]`, the split normalised (even when it sums to 0).
pub fn quarter_targets(t: &Targets) -> [f64; 4] {
    let qsum: f64 = t.quarter_split.iter().take(4).sum();
    std::array::from_fn(|q| match t.quarter_split.get(q) {
        Some(&s) if qsum > 0.0 => t.gmv * s / qsum,
        _ => t.gmv * 0.25,
    })
}

/// The keys of the quarter rows.
pub const QUARTER_KEYS: [&str; 4] = ["q1_gmv", "q2_gmv", "q3_gmv", "q4_gmv"];

/// What names a target row: a fixed key, or a channel's or an event's index and name.
enum RowKey<'a> {
    Fixed(&'static str),
    Channel(usize, &'a str),
    Event(usize, &'a str),
}

impl RowKey<'_> {
    /// The row's key: `gmv`, `channels.2.gmv`, `events.1.gmv`.
    fn text(&self) -> String {
        match self {
            RowKey::Fixed(key) => key.to_string(),
            RowKey::Channel(i, _) => format!("channels.{i}.gmv"),
            RowKey::Event(k, _) => format!("events.{k}.gmv"),
        }
    }
}

/// Calls `f` with each target row of MODEL.md §4 of a simulated year, in their order (year KPIs, quarters,
/// `targets.kpis`, channels, events): its key, value, target and direction.
fn each_row<'a>(sc: &'a Scenario, r: &Results, mut f: impl FnMut(RowKey<'a>, Option<f64>, f64, Direction)) {
    let t = &sc.targets;
    let y = &r.year;
    f(RowKey::Fixed("gmv"), Some(y.gmv), t.gmv, Direction::Higher);
    f(RowKey::Fixed("net_margin"), y.net_margin, t.net_margin, Direction::Higher);
    f(RowKey::Fixed("paid_roi"), y.paid_roi, t.paid_roi, Direction::Higher);
    f(RowKey::Fixed("return_rate"), y.return_rate(), t.max_return_rate, Direction::Lower);
    f(RowKey::Fixed("repeat_share"), y.repeat_share, t.repeat_share, Direction::Higher);
    for (q, target) in quarter_targets(t).into_iter().enumerate() {
        f(RowKey::Fixed(QUARTER_KEYS[q]), r.quarters.get(q).map(|x| x.kpis.gmv), target, Direction::Higher);
    }
    for key in kpi::TARGET_KPIS {
        if let (Some(&target), Some(k)) = (t.kpis.get(key), kpi::find(key)) {
            f(RowKey::Fixed(key), y.get(key), target, k.direction);
        }
    }
    for (i, c) in sc.channels.iter().enumerate() {
        if let Some(target) = positive(c.gmv_target) {
            f(RowKey::Channel(i, &c.name), r.channels.get(i).map(|x| x.kpis.gmv), target, Direction::Higher);
        }
    }
    for (k, e) in sc.events.iter().enumerate() {
        if let Some(target) = positive(e.gmv_target) {
            f(RowKey::Event(k, &e.name), r.events.get(k).map(|x| x.gmv), target, Direction::Higher);
        }
    }
}

/// The target rows of MODEL.md §4 of a simulated year, in their order: year KPIs, quarters, `targets.kpis`,
/// channels, events.
pub fn rows(sc: &Scenario, r: &Results, out: &mut Vec<TargetResult>) {
    let th = sc.targets.alert_threshold;
    out.clear();
    each_row(sc, r, |key, value, target, dir| {
        let name = match key {
            RowKey::Fixed(_) => None,
            RowKey::Channel(_, name) | RowKey::Event(_, name) => Some(name.to_string()),
        };
        out.push(TargetResult { name, ..target_row(&key.text(), value, target, dir, th) })
    });
}

/// The keys of the plan's target rows, in their order (what a note may be on).
pub fn row_keys(sc: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    rows(sc, &Results::default(), &mut out);
    out.into_iter().map(|r| r.key).collect()
}

/// Only the status of each row of [`rows`], in the same order: what a Monte Carlo trial needs, without
/// allocating.
pub fn statuses(sc: &Scenario, r: &Results, out: &mut Vec<Status>) {
    let th = sc.targets.alert_threshold;
    out.clear();
    each_row(sc, r, |_, value, target, dir| out.push(status(value, target, dir, th)));
}

/// The value of each ranged input outside its own range, as `value_outside_range` warnings.
fn outside_ranges(sc: &Scenario, w: &mut Vec<Warning>) {
    for slot in Slot::all(sc) {
        let (Some((lo, hi)), Some(x)) = (slot.range(sc), slot.get(sc)) else { continue };
        if x < lo || x > hi {
            let path = slot.validation_path();
            let message = format!("{path} is {x}, outside its own 90% range [{lo}, {hi}]");
            w.push(warn("value_outside_range", &path, message, Some(x)));
        }
    }
}

/// Fills `r.targets` and (when `warnings`) `r.warnings` from the scenario and the simulated year.
pub fn evaluate(sc: &Scenario, r: &mut Results, warnings: bool) {
    let t = &sc.targets;
    let th = t.alert_threshold;
    let y = r.year;
    let mut targets = std::mem::take(&mut r.targets);
    rows(sc, r, &mut targets);
    r.targets = targets;

    r.warnings.clear();
    if !warnings {
        return;
    }
    let w = &mut r.warnings;
    let qsum: f64 = t.quarter_split.iter().take(4).sum();
    if (qsum - 1.0).abs() > 1e-9 {
        w.push(warn(
            "quarter_split_not_normalised",
            "targets.quarter_split",
            format!("quarter_split sums to {qsum}, not 1; the shares were normalised"),
            Some(qsum),
        ));
    }
    if let Some(mr) = y.marketing_ratio {
        if mr > 0.2 {
            w.push(warn(
                "marketing_above_20pct",
                "spend_lines",
                format!("marketing is {}% of GMV, above 20%", grouped(mr * 100.0, 1)),
                Some(mr),
            ));
        }
    }
    for (j, (line, res)) in sc.spend_lines.iter().zip(&r.spend_lines).enumerate() {
        if let (Some(cpv), Some(cpc)) = (res.cost_per_visitor, line.cpc) {
            if line.is_traffic() && cpv > 4.0 * cpc {
                w.push(warn(
                    "deep_saturation",
                    &format!("spend_lines[{j}]"),
                    format!(
                        "{}: average cost per visitor {} is {}x its cpc {}; the line is deep in saturation",
                        line.name,
                        grouped(cpv, 2),
                        grouped(cpv / cpc, 1),
                        cpc
                    ),
                    Some(cpv / cpc),
                ));
            }
        }
    }
    for (k, e) in sc.events.iter().enumerate() {
        if e.traffic_uplift == 1.0 && e.cvr_uplift == 1.0 && e.discount == 0.0 {
            w.push(warn(
                "event_no_effect",
                &format!("events[{k}]"),
                format!("{}: no traffic uplift, no conversion uplift and no discount; the event has no effect", e.name),
                None,
            ));
        }
    }
    if y.gmv < t.gmv * (1.0 - th) {
        let miss = 1.0 - y.gmv / t.gmv;
        w.push(warn(
            "gmv_target_missed",
            "targets.gmv",
            format!(
                "the bottom-up plan reaches {}% of the GMV target, a miss of {}%",
                grouped((1.0 - miss) * 100.0, 1),
                grouped(miss * 100.0, 1)
            ),
            Some(miss),
        ));
    }
    outside_ranges(sc, w);
    let channel_targets: f64 = sc.channels.iter().filter_map(|c| positive(c.gmv_target)).sum();
    if channel_targets > t.gmv * (1.0 + th) {
        w.push(warn(
            "channel_targets_exceed_gmv_target",
            "channels",
            format!(
                "the channels' GMV targets add up to {}% of the year's GMV target",
                grouped(channel_targets / t.gmv * 100.0, 1)
            ),
            Some(channel_targets / t.gmv),
        ));
    } else if every_channel_has_a_target(sc) && channel_targets < t.gmv * (1.0 - th) {
        // Every channel has a target and together they fall short of the year's by more than the alert
        // threshold: say by how much (an addition to §4's checks, the mirror of the one above; the page offers
        // to spread the difference, `edit::spread_targets`).
        w.push(warn(
            "channel_targets_do_not_add_up",
            "channels",
            format!("the channels' GMV targets add up to {channel_targets}, not the year's GMV target {}", t.gmv),
            Some(channel_targets - t.gmv),
        ));
    }
}

/// Whether the plan has channels and each has a GMV target: then their targets should add up to the year's.
pub fn every_channel_has_a_target(sc: &Scenario) -> bool {
    !sc.channels.is_empty() && sc.channels.iter().all(|c| positive(c.gmv_target).is_some())
}

fn warn(code: &str, path: &str, message: String, value: Option<f64>) -> Warning {
    Warning { code: code.to_string(), path: path.to_string(), message, value }
}
