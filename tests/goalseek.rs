//! Goal seek (MODEL.md §8): answers that, applied, meet the goal; the unreachable case; the bracket nearest
//! today's value; every driver kind.

#![cfg(not(target_arch = "wasm32"))]

use sandtable::analysis::goalseek::{metric_value, seek, Answer, Driver};
use sandtable::model::{simulate, validate, Scenario};

/// Seeks and checks the answer independently: the plan with the value applied is valid and its metric, from
/// a fresh engine run, meets the goal within the contract's tolerance.
fn check(metric: &str, goal: f64, driver: &str) -> f64 {
    let sc = Scenario::default();
    let d = Driver::parse(driver).unwrap_or_else(|| panic!("driver {driver}"));
    let Some(Answer::Reached(a)) = seek(&sc, metric, goal, &d) else {
        panic!("{metric} = {goal} by {driver}: not reached")
    };
    let mut applied = sc.clone();
    d.apply(&sc, a.value, &mut applied);
    assert!(validate(&applied).is_empty(), "{driver} = {}: {:?}", a.value, validate(&applied));
    let got = metric_value(&simulate(&applied).unwrap(), metric).unwrap();
    assert!((got - goal).abs() <= 1e-7 * goal.abs().max(1.0), "{metric} by {driver}: {got} vs {goal}");
    assert_eq!(got, a.achieved);
    // On the goal's side (MODEL.md §8): a target set as the goal reads ok, never watch at 0.0%.
    let lower =
        sandtable::model::kpi::find(metric).is_some_and(|k| k.direction == sandtable::model::kpi::Direction::Lower);
    assert!(if lower { got <= goal } else { got >= goal }, "{metric} by {driver}: {got} on the wrong side of {goal}");
    a.value
}

#[test]
fn goals_are_met_by_every_kind_of_driver() {
    let v = check("gmv", 4.2e9, "scale:budget");
    assert!(v > 1.0 && v < 100.0);
    assert!(check("gmv", 4.2e9, "channels.0.cvr") > 0.032);
    assert!(check("gmv", 3.5e9, "channels.0.cvr") < 0.032);
    assert!(check("net_margin", 0.095, "scale:aov") > 1.0);
    assert!(check("q4_gmv", 1.8e9, "events.2.traffic_uplift") > 0.0);
    assert!(check("channels.2.gmv", 8e8, "channels.2.organic_uv") > 0.0);
    assert!(check("repeat_share", 0.46, "scale:repeat_curve") > 1.0);
    assert!(check("orders", 1.9e7, "scale:organic_uv") > 1.0);
    assert!(check("gmv", 4e9, "scale:cvr") > 1.0);
    assert!(check("gmv", 3.9e9, "customers.repeat_curve") > 0.0);
    // Less is better: the answer is at or below the goal.
    assert!(check("cpa", 40.0, "scale:budget") > 0.0);
    assert!(check("marketing_ratio", 0.09, "scale:budget") < 1.0);
}

#[test]
fn a_goal_out_of_reach_says_the_best_the_driver_can_do() {
    let sc = Scenario::default();
    let d = Driver::parse("channels.4.aov").unwrap();
    let Some(Answer::Unreachable(u)) = seek(&sc, "gmv", 1e13, &d) else { panic!("reached 1e13") };
    let (min, max) = (u.min.unwrap(), u.max.unwrap());
    assert!(min < max && max < 1e13);
    let aov = sc.channels[4].aov;
    assert!((u.at_min.unwrap() - aov * 0.01).abs() < 1e-9 && (u.at_max.unwrap() - aov * 100.0).abs() < 1e-6);
}

#[test]
fn the_crossing_nearest_todays_value_is_chosen() {
    // Net profit rises then falls with the budget: a goal a little below today's profit is met on both sides.
    let sc = Scenario::default();
    let today = simulate(&sc).unwrap().year.net_profit;
    let d = Driver::parse("scale:budget").unwrap();
    let Some(Answer::Reached(a)) = seek(&sc, "net_profit", today * 0.98, &d) else { panic!("not reached") };
    // Any crossing is within the 65 samples' brackets; the answer's is the nearest to 1 on a log scale.
    let other = [0.5f64, 0.8, 1.25, 2.0].iter().copied().find(|s| {
        (s.ln().abs() < a.value.ln().abs()) && {
            let mut x = sc.clone();
            d.apply(&sc, *s, &mut x);
            (simulate(&x).unwrap().year.net_profit - today * 0.98).abs() < 1e-7 * today.abs()
        }
    });
    assert!(other.is_none());
    assert!(a.value.ln().abs() < 1.0, "{}", a.value);
}

#[test]
fn a_driver_at_zero_has_no_domain() {
    let mut sc = Scenario::default();
    sc.channels[0].take_rate = 0.0;
    assert!(seek(&sc, "net_profit", 1e9, &Driver::parse("channels.0.take_rate").unwrap()).is_none());
    assert!(Driver::parse("channels.0.name").is_none());
    assert!(Driver::parse("scale:nothing").is_none());
}

#[test]
fn the_page_writes_the_answer_at_the_fields_step_on_the_goals_side() {
    use sandtable::analysis::goalseek::on_step;
    let sc = Scenario::default();
    for (metric, goal, driver) in
        [("gmv", 4.2e9, "channels.0.cvr"), ("gmv", 3.9e9, "channels.2.organic_uv"), ("cpa", 40.0, "spend_lines.0.cpc")]
    {
        let d = Driver::parse(driver).unwrap();
        let Some(Answer::Reached(a)) = seek(&sc, metric, goal, &d) else { panic!("{metric} by {driver}") };
        let x = on_step(&sc, metric, goal, &d, a.value);
        // A rate to 0.01 point; anything else to four significant figures.
        let step = if driver.ends_with("cvr") { 1e-4 } else { 10f64.powi(a.value.log10().floor() as i32 - 3) };
        assert!((x / step - (x / step).round()).abs() < 1e-6, "{driver}: {x} is not on a step of {step}");
        assert!((x - a.value).abs() <= step * (1.0 + 1e-9), "{driver}: {x} is more than a step from {}", a.value);
        let mut applied = sc.clone();
        d.apply(&sc, x, &mut applied);
        let got = metric_value(&simulate(&applied).unwrap(), metric).unwrap();
        let lower = metric == "cpa";
        assert!(if lower { got <= goal } else { got >= goal }, "{driver} = {x}: {metric} {got} misses {goal}");
    }
}
