//! Property tests of the invariants of MODEL.md §5 on generated valid scenarios.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::close;
use common::gen::scenario;
use proptest::prelude::*;
use sandtable::model::scenario::*;
use sandtable::model::{simulate, validate, Results};

fn run(sc: &Scenario) -> Results {
    assert!(validate(sc).is_empty(), "generated scenario invalid: {:?}", validate(sc));
    simulate(sc).unwrap()
}

/// Every number finite: a JSON round trip would turn NaN or infinity into null and change the results.
fn assert_finite(r: &Results) {
    let text = serde_json::to_string(r).unwrap();
    let mut back: Results = serde_json::from_str(&text).unwrap();
    back.daily_gmv = r.daily_gmv.clone();
    assert!(back == *r, "a result is NaN or infinite");
    assert!(r.daily_gmv.iter().all(|x| x.is_finite()));
}

macro_rules! sum_agrees {
    ($parts:expr, $whole:expr, $($field:ident),+) => {
        $(
            let total: f64 = $parts.iter().map(|p| p.kpis.$field).sum();
            prop_assert!(close(total, $whole.$field, 1e-9), "{}: {} vs {}", stringify!($field), total, $whole.$field);
        )+
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn sums_agree(sc in scenario()) {
        let r = run(&sc);
        assert_finite(&r);
        let y = &r.year;
        sum_agrees!(r.weeks, y, gmv, net_gmv, orders, uv, marketing, fixed, net_profit, cogs, paid_gmv);
        sum_agrees!(r.months, y, gmv, net_gmv, orders, uv, marketing, fixed, net_profit, cogs, paid_gmv);
        sum_agrees!(r.quarters, y, gmv, net_gmv, orders, uv, marketing, fixed, net_profit, cogs, paid_gmv);
        sum_agrees!(r.channels, y, gmv, net_gmv, orders, uv, marketing, traffic_spend, fixed, net_profit, cogs, commission, paid_gmv);
        // The weeks carry the days of the year, no more and no less.
        prop_assert_eq!(r.weeks.iter().map(|w| w.days as usize).sum::<usize>(), sandtable::model::calendar::days_in_year(sc.year));
        // Spend lines add up to marketing, their visitors and first orders to the paid ones.
        let spend: f64 = r.spend_lines.iter().map(|l| l.spend).sum();
        prop_assert!(close(spend, y.marketing, 1e-9));
        let paid_uv: f64 = r.spend_lines.iter().map(|l| l.paid_uv).sum();
        prop_assert!(close(paid_uv, y.paid_uv, 1e-9));
        let paid_new: f64 = r.spend_lines.iter().map(|l| l.new_orders).sum();
        prop_assert!(close(paid_new, y.paid_new_orders, 1e-9));
        let paid_gmv: f64 = r.spend_lines.iter().map(|l| l.gmv).sum();
        prop_assert!(close(paid_gmv, y.paid_gmv, 1e-9));
        // Event windows are part of the year.
        for e in &r.events {
            prop_assert!(e.gmv <= y.gmv * (1.0 + 1e-9) && e.orders <= y.orders * (1.0 + 1e-9));
        }
        let daily: f64 = r.daily_gmv.iter().sum();
        prop_assert!(close(daily, y.gmv, 1e-9));
    }

    #[test]
    fn each_line_spends_its_budget(sc in scenario()) {
        let r = run(&sc);
        for (l, res) in sc.spend_lines.iter().zip(&r.spend_lines) {
            prop_assert!((res.spend - l.budget).abs() <= 1e-9 * l.budget.max(1e-300), "{} vs {}", res.spend, l.budget);
            let monthly: f64 = res.monthly_spend.iter().sum();
            prop_assert!(close(monthly, l.budget, 1e-9));
        }
    }

    #[test]
    fn more_of_a_driver_never_lowers_gmv(sc in scenario(), c in 0usize..4, f in 1.0..3.0f64) {
        let base = run(&sc).year.gmv;
        let c = c % sc.channels.len();
        let tol = 1e-12 * base.max(1.0);
        // Existing customers are split by organic share (MODEL.md §3.7), so raising one channel's organic
        // visitors can move their orders to a cheaper channel: the invariant holds for a raise of all
        // channels, and for one channel's own first orders.
        let mut s = sc.clone();
        s.channels.iter_mut().for_each(|ch| ch.organic_uv *= f);
        prop_assert!(run(&s).year.gmv >= base - tol, "organic_uv of every channel");
        let mut s = sc.clone();
        s.channels[c].organic_uv *= f;
        let before = run(&sc).channels[c].kpis.new_gmv;
        prop_assert!(run(&s).channels[c].kpis.new_gmv >= before - 1e-12 * before.max(1.0), "organic_uv of one channel");
        s.customers.existing_base = 0.0;
        let mut no_base = sc.clone();
        no_base.customers.existing_base = 0.0;
        prop_assert!(run(&s).year.gmv >= run(&no_base).year.gmv * (1.0 - 1e-12), "organic_uv without existing customers");
        let mut s = sc.clone();
        s.channels[c].cvr = (s.channels[c].cvr * f).min(1.0);
        prop_assert!(run(&s).year.gmv >= base - tol, "cvr");
        let mut s = sc.clone();
        s.channels[c].cvr_end = Some((s.channels[c].cvr_end() * f).min(1.0));
        prop_assert!(run(&s).year.gmv >= base - tol, "cvr_end");
        // With base_share on the channels, existing customers stay where they are: more organic visitors on
        // any one channel never lowers GMV.
        let mut shared = sc.clone();
        shared.channels.iter_mut().enumerate().for_each(|(i, ch)| ch.base_share = Some(ch.base_share.unwrap_or(i as f64 + 1.0)));
        let shared_base = run(&shared).year.gmv;
        shared.channels[c].organic_uv = shared.channels[c].organic_uv * f + 1000.0;
        prop_assert!(run(&shared).year.gmv >= shared_base - tol.max(1e-12 * shared_base), "organic_uv of one channel with base_share");
        let mut s = sc.clone();
        s.channels[c].aov *= f;
        prop_assert!(run(&s).year.gmv >= base - tol, "aov");
        let mut s = sc.clone();
        s.customers.repeat_curve.iter_mut().for_each(|r| *r *= f);
        prop_assert!(run(&s).year.gmv >= base - tol, "repeat curve");
    }

    #[test]
    fn traffic_response_is_increasing_and_concave(sc in scenario(), step in 1e5..5e7f64) {
        for j in 0..sc.spend_lines.len() {
            if !sc.spend_lines[j].is_traffic() { continue; }
            let at = |extra: f64| {
                let mut s = sc.clone();
                s.spend_lines[j].budget += extra;
                run(&s).spend_lines[j].paid_uv
            };
            let (v0, v1, v2) = (at(0.0), at(step), at(2.0 * step));
            let tol = 1e-9 * v2.max(1.0);
            prop_assert!(v1 >= v0 - tol && v2 >= v1 - tol, "visitors fell: {v0} {v1} {v2}");
            prop_assert!(v2 - v1 <= v1 - v0 + tol, "marginal visitors rose: {v0} {v1} {v2}");
        }
    }

    #[test]
    fn scaling_money_scales_money_only(sc in scenario(), k in 0.1..10.0f64) {
        let mut s = sc.clone();
        s.last_year_gmv *= k;
        s.targets.gmv *= k;
        s.costs.fulfillment_per_order *= k;
        s.costs.fixed_costs *= k;
        let scale_range = |r: &mut Ranges, field: &str| {
            if let Some(v) = r.get_mut(field) { v.iter_mut().for_each(|x| *x *= k); }
        };
        for c in &mut s.channels {
            c.aov *= k;
            c.gmv_target = c.gmv_target.map(|x| x * k);
            scale_range(&mut c.ranges, "aov");
        }
        for e in &mut s.events { e.gmv_target = e.gmv_target.map(|x| x * k); }
        for l in &mut s.spend_lines {
            l.budget *= k;
            l.cpc = l.cpc.map(|x| x * k);
            l.half_saturation = l.half_saturation.map(|x| x * k);
            l.min_budget = l.min_budget.map(|x| x * k);
            l.max_budget = l.max_budget.map(|x| x * k);
            for f in ["budget", "cpc", "half_saturation"] { scale_range(&mut l.ranges, f); }
        }
        for f in ["fulfillment_per_order", "fixed_costs"] { scale_range(&mut s.costs.ranges, f); }
        for (key, v) in s.targets.kpis.iter_mut() {
            if sandtable::model::kpi::find(key).is_some_and(|x| x.unit == sandtable::model::inputs::Unit::Money) { *v *= k; }
        }
        let (a, b) = (run(&sc), run(&s));
        let (ya, yb) = (&a.year, &b.year);
        for (x, y) in [(ya.gmv, yb.gmv), (ya.net_gmv, yb.net_gmv), (ya.marketing, yb.marketing), (ya.net_profit, yb.net_profit),
                       (ya.cogs, yb.cogs), (ya.fulfillment, yb.fulfillment), (ya.contribution, yb.contribution)] {
            prop_assert!(close(x * k, y, 1e-9), "money {} x {} vs {}", x, k, y);
        }
        for (x, y) in [(ya.orders, yb.orders), (ya.uv, yb.uv), (ya.paid_uv, yb.paid_uv), (ya.new_orders, yb.new_orders)] {
            prop_assert!(close(x, y, 1e-9), "count {} vs {}", x, y);
        }
        for (x, y) in [(ya.cvr, yb.cvr), (ya.roi, yb.roi), (ya.paid_roi, yb.paid_roi), (ya.repeat_share, yb.repeat_share),
                       (ya.marketing_ratio, yb.marketing_ratio), (ya.yoy_growth, yb.yoy_growth)] {
            match (x, y) {
                (Some(x), Some(y)) => prop_assert!(close(x, y, 1e-8), "ratio {} vs {}", x, y),
                (None, None) => {}
                _ => prop_assert!(false, "ratio {:?} vs {:?}", x, y),
            }
        }
        for (x, y) in [(ya.cpa, yb.cpa), (ya.aov, yb.aov), (ya.ltv_365, yb.ltv_365)] {
            if let (Some(x), Some(y)) = (x, y) { prop_assert!(close(x * k, y, 1e-8)); }
        }
        for (ta, tb) in a.targets.iter().zip(&b.targets) {
            prop_assert_eq!(&ta.key, &tb.key);
            // A value within rounding of its target may land on either side: statuses agree elsewhere.
            let near = ta.deviation.is_some_and(|d| d.abs() < 1e-9 || (d.abs() - sc.targets.alert_threshold).abs() < 1e-9);
            if !near { prop_assert_eq!(ta.status, tb.status, "{}", ta.key); }
        }
        for (ma, mb) in a.months.iter().zip(&b.months) {
            prop_assert!(close(ma.gmv_target * k, mb.gmv_target, 1e-9));
        }
        prop_assert_eq!(a.warnings.len(), b.warnings.len());
    }

    #[test]
    fn a_trend_keeps_the_years_organic_visitors(sc in scenario(), trend in 0.05..50.0f64, c in 0usize..4) {
        // Without events, a channel's organic visitors over the year equal its organic_uv whatever its trend.
        let mut s = sc.clone();
        s.events.clear();
        let c = c % s.channels.len();
        s.channels[c].uv_trend = Some(trend);
        let r = run(&s);
        prop_assert!(close(r.channels[c].kpis.organic_uv, s.channels[c].organic_uv, 1e-9), "{} vs {}", r.channels[c].kpis.organic_uv, s.channels[c].organic_uv);
    }

    #[test]
    fn month_targets_add_up_to_quarter_targets(sc in scenario()) {
        let r = run(&sc);
        for q in 0..4 {
            let sum: f64 = r.months[3 * q..3 * q + 3].iter().map(|m| m.gmv_target).sum();
            prop_assert!(close(sum, r.targets[5 + q].target, 1e-9), "q{}: {} vs {}", q + 1, sum, r.targets[5 + q].target);
        }
    }

    #[test]
    fn reusing_the_simulator_gives_the_same_results(a in scenario(), b in scenario()) {
        let mut sim = sandtable::model::Simulator::default();
        sim.run(&a);
        sim.run(&b);
        let again = sim.run(&a).clone();
        prop_assert!(again == run(&a));
    }
}
