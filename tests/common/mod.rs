//! Shared helpers of the native tests: small scenarios and a data-driven `check`.
#![allow(dead_code)]

#[cfg(not(target_arch = "wasm32"))]
pub mod gen;

use sandtable::model::scenario::*;
use sandtable::model::{simulate, Results};
use serde_json::Value;

/// Monthly weights proportional to month length, so every day of a non-leap year weighs 1/365.
pub const FLAT_365: [f64; 12] = [31.0, 28.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0];

/// A one-channel plan with flat daily demand: 365,000 visitors, cvr 10%, AOV 100, no costs, no repeat.
pub fn tiny() -> Scenario {
    Scenario {
        schema: 2,
        name: "tiny".into(),
        year: 2026,
        last_year_gmv: 0.0,
        targets: Targets {
            gmv: 1e6,
            net_margin: 0.1,
            paid_roi: 1.0,
            max_return_rate: 0.1,
            repeat_share: 0.1,
            quarter_split: vec![0.25; 4],
            alert_threshold: 0.03,
            ..Targets::default()
        },
        seasonality: FLAT_365.to_vec(),
        events: vec![],
        channels: vec![channel("A", 365_000.0, 0.1, 100.0)],
        spend_lines: vec![],
        customers: Customers {
            existing_base: 0.0,
            base_orders_per_year: 0.0,
            repeat_curve: vec![0.0; 4],
            repeat_aov_factor: 1.0,
            ..Customers::default()
        },
        costs: Costs::default(),
        uncertainty: None,
        actuals: None,
        notes: Default::default(),
    }
}

pub fn channel(name: &str, organic_uv: f64, cvr: f64, aov: f64) -> Channel {
    Channel { name: name.into(), organic_uv, cvr, aov, ..Channel::default() }
}

pub fn event(name: &str, start: &str, end: &str, traffic: f64, cvr: f64, discount: f64) -> Event {
    Event {
        name: name.into(),
        start: start.into(),
        end: end.into(),
        traffic_uplift: traffic,
        cvr_uplift: cvr,
        discount,
        ..Event::default()
    }
}

pub fn traffic_line(name: &str, budget: f64, cpc: f64, half_saturation: f64, split: Vec<f64>) -> SpendLine {
    SpendLine {
        name: name.into(),
        budget,
        pacing: Pacing::Even,
        kind: SpendKind::Traffic,
        cpc: Some(cpc),
        half_saturation: Some(half_saturation),
        split: Some(split),
        ..SpendLine::default()
    }
}

pub fn fixed_line(name: &str, budget: f64, pacing: Pacing) -> SpendLine {
    SpendLine { name: name.into(), budget, pacing, kind: SpendKind::Fixed, ..SpendLine::default() }
}

/// Reads a dotted path (`months.0.gmv`) from the results JSON; `None` for `null`.
pub fn get(results: &Value, path: &str) -> Option<f64> {
    let mut v = results;
    for part in path.split('.') {
        v = match part.parse::<usize>() {
            Ok(i) => &v[i],
            Err(_) => &v[part],
        };
    }
    assert!(!v.is_object() && !v.is_array(), "{path} is not a number: {v}");
    v.as_f64()
}

/// Simulates `sc` and compares each `(path, expected)` to 1e-9 relative (`None` expects `null`).
pub fn check(sc: Scenario, expected: &[(&str, Option<f64>)]) -> Results {
    let r = simulate(&sc).unwrap_or_else(|e| panic!("scenario should be valid: {e}"));
    let json = serde_json::to_value(&r).unwrap();
    for (path, want) in expected {
        let got = get(&json, path);
        match (got, want) {
            (None, None) => {}
            (Some(g), Some(w)) => {
                let tol = 1e-9 * w.abs().max(1.0);
                assert!((g - w).abs() <= tol, "{path}: expected {w}, got {g}");
            }
            _ => panic!("{path}: expected {want:?}, got {got:?}"),
        }
    }
    r
}

/// Relative closeness.
pub fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300) || (a - b).abs() < 1e-9
}
