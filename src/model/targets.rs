//! Targets with ok / watch / alert status, and the consistency warnings of MODEL.md §4.
//!
//! Invariant: a target whose value is unknown has status `unknown`; colour is never the only signal in the UI,
//! so every status here also has a word.

use super::results::{ratio, Results, Status, TargetResult, Warning};
use super::scenario::Scenario;
use crate::format::grouped;

/// Whether more of a KPI is better or worse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// More is better (GMV, margins, ROI).
    Higher,
    /// Less is better (return rate).
    Lower,
}

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
        value,
        target,
        deviation: value.and_then(|v| ratio(v, target)).map(|x| x - 1.0),
        status: status(value, target, dir, threshold),
    }
}

/// Fills `r.targets` and `r.warnings` from the scenario and the simulated year.
pub fn evaluate(sc: &Scenario, r: &mut Results) {
    let t = &sc.targets;
    let th = t.alert_threshold;
    let y = r.year;
    r.targets.clear();
    r.targets.push(target_row("gmv", Some(y.gmv), t.gmv, Direction::Higher, th));
    r.targets.push(target_row("net_margin", y.net_margin, t.net_margin, Direction::Higher, th));
    r.targets.push(target_row("paid_roi", y.paid_roi, t.paid_roi, Direction::Higher, th));
    r.targets.push(target_row("return_rate", y.return_rate(), t.max_return_rate, Direction::Lower, th));
    r.targets.push(target_row("repeat_share", y.repeat_share, t.repeat_share, Direction::Higher, th));
    let qsum: f64 = t.quarter_split.iter().take(4).sum();
    for (q, key) in ["q1_gmv", "q2_gmv", "q3_gmv", "q4_gmv"].iter().enumerate() {
        let share = match t.quarter_split.get(q) {
            Some(&s) if qsum > 0.0 => s / qsum,
            _ => 0.25,
        };
        let value = r.quarters.get(q).map(|x| x.kpis.gmv);
        r.targets.push(target_row(key, value, t.gmv * share, Direction::Higher, th));
    }

    r.warnings.clear();
    let w = &mut r.warnings;
    let ssum: f64 = sc.seasonality.iter().sum();
    if (ssum - 1.0).abs() > 1e-9 {
        w.push(warn(
            "seasonality_not_normalised",
            "seasonality",
            format!("seasonality sums to {ssum}, not 1; the weights were normalised"),
            Some(ssum),
        ));
    }
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
}

fn warn(code: &str, path: &str, message: String, value: Option<f64>) -> Warning {
    Warning { code: code.to_string(), path: path.to_string(), message, value }
}
