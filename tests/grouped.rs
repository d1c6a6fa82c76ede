//! The grouped year against the daily engine (MODEL.md §6: every Monte Carlo trial equals the engine on its
//! sampled scenario, relative 1e-9): on the seed plan, on its sampled trials, and on generated plans.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::gen::scenario;
use proptest::prelude::*;
use sandtable::analysis::montecarlo::{self, Options};
use sandtable::model::grouped::{Detail, Grouped};
use sandtable::model::{Kpis, Results, Scenario, Simulator};
use serde_json::Value;

/// The largest relative difference between the numbers of two results, and where; weeks, daily GMV, targets
/// and warnings (which the grouped year does not compute) left out. A difference below `floor` in absolute
/// terms counts as none, and with a floor so does one below 1e-14 of the largest number beside it (its month's
/// GMV, say): sums that cancel (net profit near 0) lose relative precision in any order of addition, in proportion
/// to their terms (a month's net profit of -51 yuan from terms of 700 million differed by 1.6e-6 yuan).
fn worst(a: &Results, b: &Results, floor: f64) -> (f64, String) {
    fn strip(r: &Results) -> Value {
        let mut v = serde_json::to_value(r).unwrap();
        for k in ["weeks", "daily_gmv", "targets", "warnings"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    }
    fn walk(a: &Value, b: &Value, path: String, floor: f64, out: &mut (f64, String)) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let scale = x.values().filter_map(Value::as_f64).fold(0.0, |m: f64, v| m.max(v.abs()));
                let floor = if floor > 0.0 { floor.max(1e-14 * scale) } else { 0.0 };
                for (k, v) in x {
                    walk(v, &y[k], format!("{path}.{k}"), floor, out);
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                assert_eq!(x.len(), y.len(), "{path}");
                for (i, (v, w)) in x.iter().zip(y).enumerate() {
                    walk(v, w, format!("{path}[{i}]"), floor, out);
                }
            }
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                let diff = (x - y).abs();
                let rel = if diff <= floor { 0.0 } else { diff / x.abs().max(y.abs()) };
                if rel > out.0 {
                    *out = (rel, path);
                }
            }
            _ => assert_eq!(a, b, "{path}"),
        }
    }
    let mut out = (0.0, String::new());
    walk(&strip(a), &strip(b), String::new(), floor, &mut out);
    out
}

fn check(sc: &Scenario, g: &mut Grouped, floor: f64) -> Result<(), String> {
    let want = Simulator::default().run(sc).clone();
    let Some(got) = g.run(sc) else { return Ok(()) };
    let (rel, at) = worst(got, &want, floor);
    if rel < 1e-9 {
        Ok(())
    } else {
        Err(format!("{at}: relative difference {rel:e}"))
    }
}

#[test]
fn the_seed_plan_grouped_is_the_engine() {
    let sc = Scenario::default();
    let mut g = Grouped::new(&sc);
    assert!(g.runs() >= 12 && g.runs() < 40, "{} runs", g.runs());
    assert!(g.run(&sc).is_some());
    check(&sc, &mut g, 0.0).unwrap();
}

#[test]
fn every_sampled_trial_grouped_is_the_engine() {
    let sc = Scenario::default();
    let mut g = Grouped::new(&sc);
    let o = Options { trials: 200, seed: 11, correlation: 0.5, keep_trials: false };
    for t in (0..200).step_by(13) {
        let trial = montecarlo::sampled_scenario(&sc, o, t);
        assert!(g.run(&trial).is_some(), "trial {t} fell back to the engine");
        check(&trial, &mut g, 1e-6).unwrap_or_else(|e| panic!("trial {t}: {e}"));
    }
}

#[test]
fn a_grouped_year_to_its_gmv_detail_is_the_whole_one_but_the_periods_and_channels_other_kpis() {
    // What a Monte Carlo trial reads (`Detail::Gmv`): the whole year's numbers, to the bit, with the months',
    // quarters' and channels' KPIs their GMV alone, run after run.
    let sc = Scenario::default();
    let (mut all, mut gmv) = (Grouped::new(&sc), Grouped::new(&sc).with_detail(Detail::Gmv));
    let o = Options { trials: 100, seed: 5, correlation: 0.3, keep_trials: false };
    for t in (0..100).step_by(9) {
        let trial = montecarlo::sampled_scenario(&sc, o, t);
        let mut want = all.run(&trial).expect("the grouped year").clone();
        let only = |k: &mut Kpis| *k = Kpis { gmv: k.gmv, ..Kpis::default() };
        want.months.iter_mut().for_each(|m| only(&mut m.kpis));
        want.quarters.iter_mut().for_each(|q| only(&mut q.kpis));
        want.channels.iter_mut().for_each(|c| only(&mut c.kpis));
        let got = gmv.run(&trial).expect("the grouped year");
        assert_eq!(format!("{got:?}"), format!("{want:?}"), "trial {t}");
        assert!(got.year.net_margin.is_some() && got.months[0].kpis.gmv > 0.0, "trial {t}");
    }
}

#[test]
fn a_conversion_reaching_100_percent_falls_back_to_the_engine() {
    let mut sc = Scenario::default();
    let mut g = Grouped::new(&sc);
    sc.channels[0].cvr = 0.9;
    sc.events[0].cvr_uplift = 1.5;
    assert!(g.run(&sc).is_none());
}

#[test]
fn another_shape_is_refused() {
    let sc = Scenario::default();
    let mut g = Grouped::new(&sc);
    let mut other = sc.clone();
    other.events[0].end = "03-09".into();
    assert!(g.run(&other).is_none());
    let mut other = sc.clone();
    other.customers.repeat_curve[0] *= 1.1;
    assert!(g.run(&other).is_none());
    let mut other = sc.clone();
    other.customers.repeat_curve.iter_mut().for_each(|x| *x *= 1.3);
    assert!(g.run(&other).is_some());
    check(&other, &mut g, 0.0).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_plans_grouped_are_the_engine(sc in scenario()) {
        let mut g = Grouped::new(&sc);
        if let Err(e) = check(&sc, &mut g, 1e-6) {
            prop_assert!(false, "{}", e);
        }
    }

    #[test]
    fn generated_plans_without_saturated_conversion_take_the_fast_path(mut sc in scenario()) {
        // With conversion uplifts of at most 1, no day's conversion passes 100%: no fallback.
        sc.events.iter_mut().for_each(|e| e.cvr_uplift = e.cvr_uplift.min(1.0));
        let mut g = Grouped::new(&sc);
        prop_assert!(g.run(&sc).is_some());
        if let Err(e) = check(&sc, &mut g, 1e-6) {
            prop_assert!(false, "{}", e);
        }
    }
}
