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

/// One leaf of a plan's JSON: a number, a text, a flag, or nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Leaf {
    Null,
    Bool(bool),
    /// The number, and whether the JSON wrote it as an integer (`2026`, not `2026.0`).
    Number(f64, bool),
    Text(String),
}

impl Leaf {
    /// The leaf as a JSON value (for the command line's output).
    fn to_value(&self) -> Value {
        match self {
            Leaf::Null => Value::Null,
            Leaf::Bool(b) => Value::Bool(*b),
            Leaf::Number(x, true) if x.abs() < 9e15 => Value::from(*x as i64),
            Leaf::Number(x, _) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
            Leaf::Text(t) => Value::String(t.clone()),
        }
    }
}

/// Walks the compact JSON text our own serializer wrote (no whitespace, valid), calling `f` with each leaf's
/// dotted path. A walk over the text rather than a `serde_json::Value` tree keeps a second serializer of the
/// whole scenario out of the page's wasm.
struct Walker<'a> {
    b: &'a [u8],
    i: usize,
}

impl Walker<'_> {
    fn string(&mut self) -> String {
        // At the opening quote; the text between the quotes, JSON escapes decoded.
        let start = self.i + 1;
        let mut j = start;
        while j < self.b.len() && self.b[j] != b'"' {
            j += if self.b[j] == b'\\' { 2 } else { 1 };
        }
        let raw = std::str::from_utf8(&self.b[start.min(j)..j.min(self.b.len())]).unwrap_or("");
        self.i = j + 1;
        if raw.contains('\\') {
            serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
        } else {
            raw.to_string()
        }
    }

    fn value(&mut self, path: &str, out: &mut Vec<(String, Leaf)>) {
        let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
        match self.b.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                while self.b.get(self.i).is_some_and(|&c| c != b'}') {
                    let key = self.string();
                    self.i += 1; // ':'
                    self.value(&join(&key), out);
                    if self.b.get(self.i) == Some(&b',') {
                        self.i += 1;
                    }
                }
                self.i += 1;
            }
            Some(b'[') => {
                self.i += 1;
                let mut k = 0;
                while self.b.get(self.i).is_some_and(|&c| c != b']') {
                    self.value(&join(&k.to_string()), out);
                    k += 1;
                    if self.b.get(self.i) == Some(&b',') {
                        self.i += 1;
                    }
                }
                self.i += 1;
            }
            Some(b'"') => {
                let t = self.string();
                out.push((path.to_string(), Leaf::Text(t)));
            }
            Some(_) => {
                let start = self.i;
                while self.b.get(self.i).is_some_and(|&c| !matches!(c, b',' | b'}' | b']')) {
                    self.i += 1;
                }
                let lit = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("");
                out.push((
                    path.to_string(),
                    match lit {
                        "true" => Leaf::Bool(true),
                        "false" => Leaf::Bool(false),
                        "null" => Leaf::Null,
                        n => crate::present::format::parse_f64(n)
                            .map_or(Leaf::Null, |x| Leaf::Number(x, !n.contains(['.', 'e', 'E']))),
                    },
                ));
            }
            None => {}
        }
    }
}

/// Every leaf of a plan's JSON with its dotted path (`channels.0.cvr`, `events.1.start`).
pub fn leaves(sc: &Scenario) -> Vec<(String, Leaf)> {
    let text = serde_json::to_string(sc).unwrap_or_default();
    let mut out = Vec::new();
    Walker { b: text.as_bytes(), i: 0 }.value("", &mut out);
    out
}

/// The inputs in which plan `b` differs from plan `a`: path, A's leaf, B's leaf (`Null` where a plan has none).
pub fn input_diffs(a: &Scenario, b: &Scenario) -> Vec<(String, Leaf, Leaf)> {
    let (fa, fb) = (leaves(a), leaves(b));
    let find = |list: &[(String, Leaf)], p: &str| list.iter().find(|(q, _)| q == p).map(|(_, v)| v.clone());
    let mut out = Vec::new();
    for (path, va) in &fa {
        let vb = find(&fb, path).unwrap_or(Leaf::Null);
        if *va != vb {
            out.push((path.clone(), va.clone(), vb));
        }
    }
    for (path, vb) in &fb {
        if find(&fa, path).is_none() {
            out.push((path.clone(), Leaf::Null, vb.clone()));
        }
    }
    out
}

/// Compares two valid plans.
pub fn diff(a: &Scenario, b: &Scenario) -> Diff {
    let inputs = input_diffs(a, b)
        .into_iter()
        .map(|(path, x, y)| InputDiff { path, a: x.to_value(), b: y.to_value() })
        .collect();
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

    #[test]
    fn the_walk_finds_every_leaf_serde_json_finds() {
        let mut sc = Scenario::default();
        sc.channels[1].name = "京东 \"自营\", \\ 旗舰 {x}".into();
        let text = serde_json::to_string(&sc).unwrap();
        let mut want = Vec::new();
        fn walk(v: &Value, path: &str, out: &mut Vec<(String, Value)>) {
            let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
            match v {
                Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, &join(k), out)),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| walk(x, &join(&i.to_string()), out)),
                _ => out.push((path.to_string(), v.clone())),
            }
        }
        walk(&serde_json::from_str(&text).unwrap(), "", &mut want);
        let got: Vec<(String, Value)> = leaves(&sc).into_iter().map(|(p, l)| (p, l.to_value())).collect();
        let mut want_sorted = want.clone();
        want_sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut got_sorted = got.clone();
        got_sorted.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got_sorted, want_sorted);
    }
}
