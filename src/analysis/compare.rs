//! Plan A against plan B (the comparison of issue 9): which inputs differ, by field path with both values,
//! and each headline KPI of both with the difference in value and in percent.
//!
//! Invariant: a plan compared with itself has no differing input and every delta 0; the inputs listed are
//! exactly the leaves of the two scenarios' JSON that differ (present in one only counts).

use crate::model::kpi;
use crate::model::{Scenario, Simulator};
use serde::Serialize;
use serde_json::Value;

/// One input that differs: its path (`channels.0.cvr`, `events.1.start`) and its value in A and in B
/// (`null` where the plan has none).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputDiff {
    pub path: String,
    pub a: Value,
    pub b: Value,
}

/// One KPI of both plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KpiDiff {
    pub key: String,
    pub a: Option<f64>,
    pub b: Option<f64>,
    /// `b - a`.
    pub delta: Option<f64>,
    /// `b / a - 1`; `null` when `a` is 0 or either is `null`.
    pub delta_pct: Option<f64>,
}

/// The comparison of two plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    pub inputs: Vec<InputDiff>,
    pub kpis: Vec<KpiDiff>,
}

/// Every leaf of a JSON value with its dotted path.
fn leaves(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| leaves(x, &join(k), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| leaves(x, &join(&i.to_string()), out)),
        _ => out.push((path.to_string(), v.clone())),
    }
}

/// Compares two valid plans.
pub fn diff(a: &Scenario, b: &Scenario) -> Diff {
    let flat = |sc: &Scenario| {
        let mut out = Vec::new();
        leaves(&serde_json::to_value(sc).unwrap_or(Value::Null), "", &mut out);
        out
    };
    let (fa, fb) = (flat(a), flat(b));
    let find = |list: &[(String, Value)], p: &str| list.iter().find(|(q, _)| q == p).map(|(_, v)| v.clone());
    let mut inputs = Vec::new();
    for (path, va) in &fa {
        let vb = find(&fb, path).unwrap_or(Value::Null);
        if *va != vb {
            inputs.push(InputDiff { path: path.clone(), a: va.clone(), b: vb });
        }
    }
    for (path, vb) in &fb {
        if find(&fa, path).is_none() {
            inputs.push(InputDiff { path: path.clone(), a: Value::Null, b: vb.clone() });
        }
    }
    let (ra, rb) = (Simulator::quiet().run(a).year, Simulator::quiet().run(b).year);
    let kpis = kpi::KPIS
        .iter()
        .map(|k| {
            let (x, y) = (ra.get(k.key), rb.get(k.key));
            let delta = x.zip(y).map(|(x, y)| y - x);
            let delta_pct = x.zip(y).and_then(|(x, y)| (x != 0.0).then(|| y / x - 1.0));
            KpiDiff { key: k.key.to_string(), a: x, b: y, delta, delta_pct }
        })
        .collect();
    Diff { inputs, kpis }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_against_itself_and_against_an_edit() {
        let a = Scenario::default();
        let same = diff(&a, &a);
        assert!(same.inputs.is_empty());
        assert!(same.kpis.iter().all(|k| k.delta.is_none_or(|d| d == 0.0)));
        let mut b = a.clone();
        b.channels[0].cvr = 0.04;
        b.events[1].start = "06-02".into();
        b.channels[1].cvr_end = Some(0.05);
        let d = diff(&a, &b);
        let paths: Vec<&str> = d.inputs.iter().map(|i| i.path.as_str()).collect();
        assert!(paths.contains(&"channels.0.cvr") && paths.contains(&"events.1.start"), "{paths:?}");
        let cvr = d.inputs.iter().find(|i| i.path == "channels.0.cvr").unwrap();
        assert_eq!((cvr.a.as_f64(), cvr.b.as_f64()), (Some(a.channels[0].cvr), Some(0.04)));
        let gmv = d.kpis.iter().find(|k| k.key == "gmv").unwrap();
        assert!(gmv.delta.unwrap() > 0.0);
        assert!((gmv.delta_pct.unwrap() - (gmv.b.unwrap() / gmv.a.unwrap() - 1.0)).abs() < 1e-15);
    }
}
