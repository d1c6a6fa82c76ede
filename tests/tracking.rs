//! Plan against actuals (MODEL.md §10) on hand-computed cases, and its invariants on generated plans.
//!
//! `tiny()` sells 10,000 yuan a day (1,000 visitors, 100 orders at 100 yuan) every day of 2026, so every plan
//! figure to date is a count of days.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::{check, close, fixed_line, tiny};
use proptest::prelude::*;
use sandtable::model::scenario::*;
use sandtable::model::tracking::{alerts, Tracking};
use sandtable::model::{simulate, Status};

/// A month of actuals with every figure.
fn month(gmv: f64, uv: f64, orders: f64, refunds: f64) -> MonthActual {
    MonthActual { gmv, uv: Some(uv), orders: Some(orders), refunds: Some(refunds) }
}

/// Only GMV.
fn gmv(gmv: f64) -> MonthActual {
    MonthActual { gmv, ..MonthActual::default() }
}

fn actuals(through: &str, forecast: Forecast, channels: Vec<Vec<MonthActual>>) -> Actuals {
    Actuals {
        through: through.into(),
        forecast,
        channels: channels.into_iter().map(|months| ChannelActuals { months }).collect(),
        spend_lines: None,
    }
}

fn tracking(sc: &Scenario) -> Tracking {
    simulate(sc).expect("valid").tracking.expect("a plan with actuals has tracking")
}

#[test]
fn a_month_exactly_on_plan() {
    let mut sc = tiny();
    sc.actuals = Some(actuals("01-31", Forecast::Pace, vec![vec![month(310_000.0, 31_000.0, 3_100.0, 0.0)]]));
    let q1_days = 90.0;
    check(
        sc,
        &[
            ("tracking.days", Some(31.0)),
            ("tracking.time_progress", Some(31.0 / 365.0)),
            ("tracking.plan_progress", Some(31.0 / 365.0)),
            ("tracking.actual_gmv", Some(310_000.0)),
            ("tracking.target_progress", Some(0.31)),
            ("tracking.year.gmv.plan", Some(310_000.0)),
            ("tracking.year.gmv.deviation", Some(0.0)),
            ("tracking.year.uv.plan", Some(31_000.0)),
            ("tracking.year.orders.deviation", Some(0.0)),
            ("tracking.year.aov.actual", Some(100.0)),
            ("tracking.year.aov.plan", Some(100.0)),
            ("tracking.year.conversion.plan", Some(0.1)),
            // Nothing is returned in the plan and nothing was: no ratio, and 0 <= 0 is on plan.
            ("tracking.year.refunds.plan", Some(0.0)),
            ("tracking.year.refunds.deviation", None),
            ("tracking.channels.0.gmv.actual", Some(310_000.0)),
            ("tracking.channels.0.months.0.plan_gmv", Some(310_000.0)),
            ("tracking.months.0.plan_gmv", Some(310_000.0)),
            ("tracking.months.0.target_gmv", Some(250_000.0 * 31.0 / q1_days)),
            ("tracking.forecast.gmv", Some(3_650_000.0)),
            ("tracking.forecast.months.0", Some(310_000.0)),
            ("tracking.forecast.quarters.3", Some(920_000.0)),
            ("tracking.forecast.targets.0.value", Some(3_650_000.0)),
            ("tracking.forecast.targets.0.target", Some(1e6)),
        ],
    );
}

#[test]
fn statuses_of_a_month_on_plan() {
    let mut sc = tiny();
    sc.actuals = Some(actuals("01-31", Forecast::Pace, vec![vec![month(310_000.0, 31_000.0, 3_100.0, 0.0)]]));
    let t = tracking(&sc);
    for (key, f) in t.year.each() {
        assert_eq!(f.status, Status::Ok, "{key}");
    }
    assert_eq!(t.months[0].status, Status::Ok);
    assert!(alerts(&t).is_empty());
    let keys: Vec<_> = t.forecast.targets.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["gmv", "q1_gmv", "q2_gmv", "q3_gmv", "q4_gmv"]);
}

/// Through 02-14: January whole, February half; February sold half its plan to date.
fn partial(forecast: Forecast) -> Scenario {
    let mut sc = tiny();
    sc.actuals = Some(actuals("02-14", forecast, vec![vec![gmv(310_000.0), gmv(70_000.0)]]));
    sc
}

#[test]
fn a_partial_last_month_and_the_pace_forecast() {
    let pace = 380_000.0 / 450_000.0;
    check(
        partial(Forecast::Pace),
        &[
            ("tracking.days", Some(45.0)),
            ("tracking.months.1.plan_gmv", Some(140_000.0)),
            ("tracking.months.1.deviation", Some(-0.5)),
            // February's target is its share of Q1's, pro rata to its days to the 14th.
            ("tracking.months.1.target_gmv", Some(250_000.0 * 28.0 / 90.0 * 14.0 / 28.0)),
            ("tracking.year.gmv.plan", Some(450_000.0)),
            ("tracking.year.gmv.actual", Some(380_000.0)),
            ("tracking.year.uv.actual", None),
            ("tracking.year.aov.actual", None),
            ("tracking.forecast.gmv", Some(380_000.0 + pace * 3_200_000.0)),
            ("tracking.forecast.months.1", Some(70_000.0 + pace * 140_000.0)),
            ("tracking.forecast.months.11", Some(pace * 310_000.0)),
            ("tracking.forecast.channels.0", Some(380_000.0 + pace * 3_200_000.0)),
        ],
    );
}

#[test]
fn the_plan_forecast_keeps_the_rest_as_simulated() {
    check(
        partial(Forecast::Plan),
        &[
            ("tracking.forecast.gmv", Some(380_000.0 + 3_200_000.0)),
            ("tracking.forecast.months.1", Some(70_000.0 + 140_000.0)),
            ("tracking.forecast.quarters.0", Some(310_000.0 + 210_000.0 + 310_000.0)),
        ],
    );
    let t = tracking(&partial(Forecast::Plan));
    assert_eq!(t.forecast.method, Forecast::Plan);
    assert_eq!(t.year.uv.status, Status::Unknown);
    assert_eq!(t.months[1].status, Status::Alert);
    let a = alerts(&t);
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!((a[0].who.as_deref(), a[0].month, a[0].what), (Some("A"), Some(2), "gmv"));
    assert!(close(a[0].deviation, -0.5, 1e-12));
    assert_eq!((a[1].month, a[1].what), (None, "gmv"));
}

#[test]
fn a_channel_without_actuals() {
    let mut sc = tiny();
    sc.channels.push(common::channel("B", 730_000.0, 0.1, 100.0));
    sc.actuals = Some(actuals("01-31", Forecast::Pace, vec![vec![gmv(620_000.0)], vec![]]));
    let r = check(
        sc,
        &[
            // A sold twice its plan; B (twice A's size) has no actuals and is left out of the comparison.
            ("tracking.year.gmv.plan", Some(310_000.0)),
            ("tracking.year.gmv.deviation", Some(1.0)),
            ("tracking.months.0.plan_gmv", Some(310_000.0)),
            ("tracking.actual_gmv", Some(620_000.0)),
            // Plan progress is the whole plan's.
            ("tracking.plan_progress", Some(31.0 / 365.0)),
            ("tracking.forecast.channels.0", Some(620_000.0 + 2.0 * 3_340_000.0)),
            ("tracking.forecast.channels.1", Some(7_300_000.0)),
            ("tracking.forecast.gmv", Some(620_000.0 + 2.0 * 3_340_000.0 + 7_300_000.0)),
            // The month's target is that of the part that reports (MODEL §10): A's third of the plan's.
            ("tracking.months.0.target_gmv", Some(250_000.0 * 31.0 / 90.0 / 3.0)),
            // A is a third of the plan: 达成率 is A's actual over a third of the year's target.
            ("tracking.coverage", Some(1.0 / 3.0)),
            ("tracking.target_progress", Some(620_000.0 / (1e6 / 3.0))),
        ],
    );
    let t = r.tracking.unwrap();
    assert!(t.channels[1].is_none());
    let json = serde_json::to_value(&t).unwrap();
    assert!(json["channels"][1].is_null());
}

#[test]
fn spend_against_plan_less_is_better() {
    let mut sc = tiny();
    sc.spend_lines = vec![fixed_line("Tools", 365_000.0, Pacing::Even), fixed_line("Content", 365_000.0, Pacing::Even)];
    let mut a = actuals("01-31", Forecast::Pace, vec![vec![gmv(310_000.0)]]);
    a.spend_lines =
        Some(vec![LineActuals { months: vec![SpendActual { spend: 40_000.0 }] }, LineActuals { months: vec![] }]);
    sc.actuals = Some(a);
    check(
        sc.clone(),
        &[
            ("tracking.spend_lines.0.plan", Some(31_000.0)),
            ("tracking.spend_lines.0.actual", Some(40_000.0)),
            ("tracking.spend_lines.0.deviation", Some(40.0 / 31.0 - 1.0)),
        ],
    );
    let t = tracking(&sc);
    assert_eq!(t.spend_lines[0].as_ref().unwrap().status, Status::Alert);
    assert!(t.spend_lines[1].is_none());
    // Under plan is fine for spend.
    sc.actuals.as_mut().unwrap().spend_lines.as_mut().unwrap()[0].months[0].spend = 20_000.0;
    assert_eq!(tracking(&sc).spend_lines[0].as_ref().unwrap().status, Status::Ok);
}

#[test]
fn watch_within_the_threshold_and_refunds_less_is_better() {
    let mut sc = tiny();
    // 2% under plan (threshold 3%): watch; refunds above a plan of 0: alert.
    sc.actuals = Some(actuals("01-31", Forecast::Pace, vec![vec![month(303_800.0, 31_000.0, 3_100.0, 5.0)]]));
    let t = tracking(&sc);
    assert_eq!(t.year.gmv.status, Status::Watch);
    assert_eq!(t.year.refunds.status, Status::Alert);
    assert_eq!(t.year.refunds.deviation, None);
    assert!(close(t.year.aov.actual.unwrap(), 98.0, 1e-12));
}

#[test]
fn no_actuals_no_tracking_and_a_whole_year() {
    assert!(simulate(&tiny()).unwrap().tracking.is_none());
    let mut sc = tiny();
    let months: Vec<_> = [31.0, 28.0, 31.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0]
        .iter()
        .map(|d| gmv(d * 9_000.0))
        .collect();
    sc.actuals = Some(actuals("12-31", Forecast::Pace, vec![months]));
    let t = tracking(&sc);
    assert_eq!(t.days, 365);
    assert!(close(t.time_progress, 1.0, 0.0));
    assert!(close(t.forecast.gmv, 3_285_000.0, 1e-12), "{}", t.forecast.gmv);
    assert!(close(t.forecast.gmv, t.actual_gmv, 1e-12));
    // Quiet runs (Monte Carlo trials, the tornado, goal seek, the optimiser) leave tracking out.
    assert!(sandtable::model::Simulator::quiet().run(&sc).tracking.is_none());
}

#[test]
fn the_channel_target_rows_of_the_forecast() {
    let mut sc = tiny();
    sc.channels[0].gmv_target = Some(4_000_000.0);
    sc.actuals = Some(actuals("01-31", Forecast::Plan, vec![vec![gmv(310_000.0)]]));
    let t = tracking(&sc);
    let row = t.forecast.targets.last().unwrap();
    assert_eq!((row.key.as_str(), row.name.as_deref()), ("channels.0.gmv", Some("A")));
    assert!(close(row.value.unwrap(), 3_650_000.0, 1e-12));
    assert_eq!(row.status, Status::Alert);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Actuals equal to the plan's own months: every deviation 0, and both forecasts are the simulated year.
    #[test]
    fn actuals_on_plan_forecast_the_plan(sc in common::gen::scenario(), m in 1usize..=12, pace in any::<bool>()) {
        let r = simulate(&sc).unwrap();
        let through = format!("{m:02}-{:02}", sandtable::model::calendar::days_in_month(sc.year, m as u32));
        let mut with = sc.clone();
        with.actuals = Some(actuals(
            &through,
            if pace { Forecast::Pace } else { Forecast::Plan },
            r.channels.iter().map(|c| c.monthly_gmv[..m].iter().map(|&g| gmv(g)).collect()).collect(),
        ));
        let t = simulate(&with).unwrap().tracking.unwrap();
        prop_assert!(close(t.forecast.gmv, r.year.gmv, 1e-9), "{} vs {}", t.forecast.gmv, r.year.gmv);
        let months: f64 = t.forecast.months.iter().sum();
        let quarters: f64 = t.forecast.quarters.iter().sum();
        prop_assert!(close(months, t.forecast.gmv, 1e-9));
        prop_assert!(close(quarters, t.forecast.gmv, 1e-9));
        for (m, x) in t.months.iter().enumerate() {
            prop_assert!(close(x.actual_gmv, x.plan_gmv, 1e-9), "month {}", m + 1);
            prop_assert!(close(t.forecast.months[m], r.months[m].kpis.gmv, 1e-9));
        }
        let to_date: f64 = r.months[..m].iter().map(|x| x.kpis.gmv).sum();
        prop_assert!(close(t.plan_progress.unwrap_or(0.0) * r.year.gmv, to_date, 1e-9));
        prop_assert!(serde_json::to_string(&t).is_ok());
    }
}
