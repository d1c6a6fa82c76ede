//! The tornado (MODEL.md §7): every input of §6's table moved alone to its low and its high — its 90% range
//! when it has one, else its value ±10% — with the KPI of the plan at each end, largest swing first.
//!
//! Invariant: each row's `kpi_low` / `kpi_high` is the engine's KPI on the scenario with that one input at
//! `low` / `high` and everything else as planned.

use crate::model::inputs::{Dist, Slot};
use crate::model::{Scenario, Simulator};
use serde::Serialize;

/// One bar of the tornado.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The input's field path (`channels.0.cvr`, `customers.repeat_curve`).
    pub path: String,
    /// The low end tried.
    pub low: f64,
    /// The high end tried.
    pub high: f64,
    /// The KPI with the input at `low` (`null` when the KPI has no value there).
    pub kpi_low: Option<f64>,
    /// The KPI with the input at `high`.
    pub kpi_high: Option<f64>,
}

impl Row {
    /// `|kpi_high - kpi_low|`, 0 when either is `null`.
    pub fn swing(&self) -> f64 {
        match (self.kpi_low, self.kpi_high) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => 0.0,
        }
    }
}

/// The tornado of one KPI.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tornado {
    /// The KPI's key (`gmv`).
    pub kpi: String,
    /// The KPI of the plan as it is.
    pub base: Option<f64>,
    /// Largest swing first.
    pub rows: Vec<Row>,
}

/// The largest value a fraction (a logit-normal input) is moved to: just below 1.
const BELOW_ONE: f64 = 1.0 - 1e-9;

/// The low and high of one input: its range, or its value times 0.9 and 1.1 (fractions capped below 1).
/// `None` for an input whose value is 0 and has no range.
pub fn ends(sc: &Scenario, slot: &Slot) -> Option<(f64, f64)> {
    if let Some(r) = slot.range(sc) {
        return Some(r);
    }
    let v = slot.get(sc)?;
    if v == 0.0 {
        return None;
    }
    let (lo, hi) = (v * 0.9, v * 1.1);
    Some(match slot.input.dist {
        Some(Dist::LogitNormal) => (lo, hi.min(BELOW_ONE)),
        _ => (lo, hi),
    })
}

/// The tornado of `kpi` (any year KPI key) for a valid scenario.
pub fn tornado(sc: &Scenario, kpi: &str) -> Tornado {
    let mut sim = Simulator::quiet();
    let base = sim.run(sc).year.get(kpi);
    let mut trial = sc.clone();
    let mut rows: Vec<Row> = Slot::all(sc)
        .into_iter()
        .filter_map(|slot| {
            let (low, high) = ends(sc, &slot)?;
            let mut at = |x: f64| {
                trial.clone_from(sc);
                slot.set(&mut trial, x);
                sim.run(&trial).year.get(kpi)
            };
            let (kpi_low, kpi_high) = (at(low), at(high));
            Some(Row { path: slot.path(), low, high, kpi_low, kpi_high })
        })
        .collect();
    rows.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Tornado { kpi: kpi.to_string(), base, rows }
}
