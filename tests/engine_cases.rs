//! Small hand-computed cases of the daily model (MODEL.md §3), each a few lines through one `check`.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use sandtable::model::scenario::Pacing;
use sandtable::model::Scenario;

#[test]
fn one_channel_without_events() {
    // 1,000 visitors a day x 10% x ¥100 = ¥10,000 a day.
    check(
        tiny(),
        &[
            ("year.gmv", Some(3_650_000.0)),
            ("year.orders", Some(36_500.0)),
            ("year.cvr", Some(0.1)),
            ("year.aov", Some(100.0)),
            ("months.1.gmv", Some(280_000.0)),
            ("quarters.0.gmv", Some(900_000.0)),
            ("year.yoy_growth", None),
            ("year.roi", None),
            ("year.paid_roi", None),
            ("year.repeat_share", Some(0.0)),
            ("year.net_margin", Some(0.0)), // gross margin 0: goods cost all that is kept
        ],
    );
}

#[test]
fn one_event_window() {
    // Ten days at 2x traffic, 1.5x conversion and 20% off: 2,000 x 15% x ¥80 = ¥24,000 a day.
    let mut sc = tiny();
    sc.events.push(event("New year", "01-01", "01-10", 2.0, 1.5, 0.2));
    check(
        sc,
        &[
            ("events.0.gmv", Some(240_000.0)),
            ("events.0.orders", Some(3_000.0)),
            ("events.0.uv", Some(20_000.0)),
            ("year.gmv", Some(240_000.0 + 355.0 * 10_000.0)),
            ("months.0.gmv", Some(240_000.0 + 21.0 * 10_000.0)),
        ],
    );
}

#[test]
fn overlapping_events_multiply() {
    // Two events on 01-01: traffic 2 x 3, conversion capped at 100%, discounts combine to 1 - 0.9 x 0.5.
    let mut sc = tiny();
    sc.events.push(event("a", "01-01", "01-01", 2.0, 4.0, 0.1));
    sc.events.push(event("b", "01-01", "01-02", 3.0, 4.0, 0.5));
    // Day 0: 6,000 visitors x 100% x ¥45; day 1: 3,000 x 40% x ¥50.
    check(sc, &[("events.0.gmv", Some(270_000.0)), ("events.1.gmv", Some(270_000.0 + 60_000.0))]);
}

#[test]
fn traffic_line_at_half_saturation() {
    // Daily spend equals h = H x 12 / 365, so each yuan buys half a visitor at cpc: 12H / (2 cpc) visitors.
    let mut sc = tiny();
    sc.channels[0].organic_uv = 0.0;
    sc.spend_lines.push(traffic_line("Feed", 1_200_000.0, 2.0, 100_000.0, vec![1.0]));
    check(
        sc,
        &[
            ("spend_lines.0.spend", Some(1_200_000.0)),
            ("spend_lines.0.paid_uv", Some(300_000.0)),
            ("spend_lines.0.cost_per_visitor", Some(4.0)),
            ("spend_lines.0.new_orders", Some(30_000.0)),
            ("spend_lines.0.gmv", Some(3_000_000.0)),
            ("spend_lines.0.roi", Some(2.5)),
            ("year.paid_roi", Some(2.5)),
            ("year.cpa", Some(40.0)),
            ("year.organic_uv", Some(0.0)),
        ],
    );
}

#[test]
fn repeat_curve_on_a_single_cohort() {
    // Only day 0 has visitors (an event switches the rest off): 100 first orders on 01-01.
    // The curve 0.45, 0.9, 0.9, 1.27 gives 0.01 repeat orders a day per customer to day 90, none to 180,
    // then 0.002 a day; by day 364 the cohort has made 100 x (0.9 + 0.002 x 184) repeat orders.
    let mut sc = tiny();
    sc.events.push(event("off", "01-02", "12-31", 0.0, 1.0, 0.0));
    sc.customers.repeat_curve = vec![0.45, 0.9, 0.9, 1.27];
    sc.customers.repeat_aov_factor = 1.5;
    sc.costs.gross_margin = 0.5;
    check(
        sc,
        &[
            ("year.new_orders", Some(100.0)),
            ("year.repeat_orders", Some(126.8)),
            ("months.0.repeat_orders", Some(30.0)),
            ("months.1.repeat_orders", Some(28.0)),
            ("months.3.repeat_orders", Some(1.0)), // 04-01 is age 90
            ("months.4.repeat_orders", Some(0.0)),
            ("year.repeat_gmv", Some(126.8 * 150.0)),
            ("year.repeat_share", Some(126.8 * 150.0 / (126.8 * 150.0 + 10_000.0))),
            // LTV: ¥100 x (1 + 1.27 x 1.5) x contribution before marketing per GMV of 0.5.
            ("year.ltv_365", Some(100.0 * (1.0 + 1.27 * 1.5) * 0.5)),
        ],
    );
}

#[test]
fn a_leap_year() {
    let mut sc = tiny();
    sc.year = 2028;
    sc.seasonality[1] = 29.0;
    sc.channels[0].organic_uv = 366_000.0;
    let r = check(
        sc,
        &[("year.gmv", Some(3_660_000.0)), ("months.1.gmv", Some(290_000.0)), ("quarters.0.gmv", Some(910_000.0))],
    );
    // 2028-01-01 is a Saturday in ISO week 52 of 2027; 2028-12-31 a Sunday closing week 52.
    assert_eq!(r.weeks.first().map(|w| (w.week, w.days)), Some((52, 2)));
    assert_eq!(r.weeks.last().map(|w| (w.week, w.days)), Some((52, 7)));
    assert_eq!(r.weeks.iter().map(|w| w.days).sum::<u32>(), 366);
}

#[test]
fn iso_weeks_of_2026() {
    // 2026-01-01 is a Thursday in week 1; 2026-12-31 a Thursday in week 53.
    let r = check(tiny(), &[("weeks.0.gmv", Some(40_000.0)), ("weeks.1.gmv", Some(70_000.0))]);
    assert_eq!((r.weeks[0].week, r.weeks[0].days, r.weeks[0].start.as_str()), (1, 4, "01-01"));
    assert_eq!((r.weeks[1].week, r.weeks[1].start.as_str()), (2, "01-05"));
    let last = r.weeks.last().unwrap();
    assert_eq!((last.week, last.days), (53, 4));
    assert_eq!(r.weeks.len(), 53);
}

#[test]
fn pacing_by_monthly_array() {
    let mut sc = tiny();
    let mut w = vec![0.0; 12];
    w[0] = 1.0;
    w[11] = 3.0;
    sc.spend_lines.push(fixed_line("Content", 1_200_000.0, Pacing::Monthly(w)));
    check(
        sc,
        &[
            ("months.0.marketing", Some(300_000.0)),
            ("months.1.marketing", Some(0.0)),
            ("months.11.marketing", Some(900_000.0)),
            ("spend_lines.0.monthly_spend.11", Some(900_000.0)),
            ("spend_lines.0.roi", None),
            ("year.marketing", Some(1_200_000.0)),
            ("year.roi", Some(3_650_000.0 / 1_200_000.0)),
            ("year.paid_roi", None),
        ],
    );
}

#[test]
fn seasonal_pacing_follows_demand_and_events() {
    let mut sc = tiny();
    sc.events.push(event("x", "01-01", "01-01", 3.0, 1.0, 0.0));
    sc.spend_lines.push(fixed_line("Perks", 367.0, Pacing::Seasonal));
    // The year's weight is 364 + 3 days; 01-01 takes 3 of them.
    check(sc, &[("weeks.0.marketing", Some(6.0)), ("year.marketing", Some(367.0))]);
}

#[test]
fn a_zero_budget() {
    let mut sc = tiny();
    sc.spend_lines.push(traffic_line("Feed", 0.0, 1.0, 1000.0, vec![1.0]));
    check(
        sc,
        &[
            ("spend_lines.0.paid_uv", Some(0.0)),
            ("spend_lines.0.roi", None),
            ("spend_lines.0.cost_per_visitor", None),
            ("year.marketing", Some(0.0)),
            ("year.marketing_ratio", Some(0.0)),
            ("year.roi", None),
            ("year.paid_roi", None),
            ("year.cpa", None),
            ("year.gmv", Some(3_650_000.0)),
        ],
    );
}

#[test]
fn all_organic_uv_zero() {
    // No visitors at all: existing customers are split evenly across the two channels.
    let mut sc = tiny();
    sc.channels[0].organic_uv = 0.0;
    sc.channels.push(channel("B", 0.0, 0.1, 200.0));
    sc.customers.existing_base = 1_000.0;
    sc.customers.base_orders_per_year = 2.0;
    sc.customers.repeat_aov_factor = 1.5;
    check(
        sc,
        &[
            ("channels.0.base_orders", Some(1_000.0)),
            ("channels.1.base_orders", Some(1_000.0)),
            ("channels.0.gmv", Some(150_000.0)),
            ("channels.1.gmv", Some(300_000.0)),
            ("year.uv", Some(0.0)),
            ("year.cvr", None),
            ("year.new_orders", Some(0.0)),
            ("year.ltv_365", None),
            ("year.repeat_share", Some(1.0)),
        ],
    );
}

#[test]
fn money_flows() {
    // Returns 10%, take rate 5%, gross margin 40%, ¥2 per order, ¥365,000 fixed.
    let mut sc = tiny();
    sc.channels[0].return_rate = 0.1;
    sc.channels[0].take_rate = 0.05;
    sc.costs = sandtable::model::scenario::Costs {
        gross_margin: 0.4,
        fulfillment_per_order: 2.0,
        fixed_costs: 365_000.0,
        ..Default::default()
    };
    let gmv = 3_650_000.0;
    let net = gmv * 0.9;
    let cogs = net * 0.6;
    let commission = net * 0.05;
    let fulfillment = 36_500.0 * 2.0;
    let contribution = net - cogs - commission - fulfillment;
    check(
        sc,
        &[
            ("year.net_gmv", Some(net)),
            ("year.returns", Some(gmv * 0.1)),
            ("year.cogs", Some(cogs)),
            ("year.commission", Some(commission)),
            ("year.fulfillment", Some(fulfillment)),
            ("year.gross_profit", Some(net - cogs)),
            ("year.contribution", Some(contribution)),
            ("year.fixed", Some(365_000.0)),
            ("months.0.fixed", Some(31_000.0)),
            ("year.net_profit", Some(contribution - 365_000.0)),
            ("year.net_margin", Some((contribution - 365_000.0) / net)),
            ("year.break_even_roi", Some(gmv / contribution)),
        ],
    );
}

#[test]
fn discount_lowers_price_but_not_cogs() {
    let mut sc = tiny();
    sc.costs.gross_margin = 0.5;
    sc.events.push(event("all year", "01-01", "12-31", 1.0, 1.0, 0.5));
    // GMV halves; cost of goods stays at list price x (1 - margin).
    check(sc, &[("year.gmv", Some(1_825_000.0)), ("year.cogs", Some(1_825_000.0)), ("year.gross_profit", Some(0.0))]);
}

#[test]
fn yoy_and_targets() {
    let mut sc = tiny();
    sc.last_year_gmv = 3_000_000.0;
    sc.targets.gmv = 3_700_000.0; // missed by 1.35%: watch
    sc.targets.quarter_split = vec![1.0, 1.0, 1.0, 1.0]; // normalised to a quarter each
    let r = check(
        sc,
        &[
            ("year.yoy_growth", Some(3_650_000.0 / 3_000_000.0 - 1.0)),
            ("targets.0.deviation", Some(3_650_000.0 / 3_700_000.0 - 1.0)),
            ("targets.5.target", Some(925_000.0)),
        ],
    );
    assert_eq!(r.targets[0].status.as_str(), "watch");
    assert_eq!(r.targets[5].status.as_str(), "watch"); // Q1 ¥900,000 vs ¥925,000: -2.7%
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"quarter_split_not_normalised"), "{codes:?}");
    assert!(!codes.contains(&"gmv_target_missed"), "{codes:?}");
}

#[test]
fn default_scenario_reproduces_its_calibration() {
    // The 2026 seed plan: every target met except return rate and repeat share, which stay on watch.
    let r = sandtable::model::simulate(&Scenario::default()).unwrap();
    assert!(close(r.year.gmv, 3_805_662_884.46, 1e-9), "gmv {}", r.year.gmv);
    for t in &r.targets {
        let expected = if matches!(t.key.as_str(), "return_rate" | "repeat_share") { "watch" } else { "ok" };
        assert_eq!(t.status.as_str(), expected, "{}", t.key);
    }
    assert_eq!(r.targets.len(), 5 + 4 + 1 + 5 + 3);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn schema_1_default_reproduces_the_schema_1_numbers() {
    // The default plan of the schema-1 build, frozen on 2026-11-22, read as schema 2: the same calibration.
    let sc = sandtable::model::parse_scenario(include_str!("fixtures/scenario-v1-default.json")).unwrap();
    assert_eq!(sc.schema, 2);
    let y = sandtable::model::simulate(&sc).unwrap().year;
    assert!(close(y.gmv, 3_810_057_108.376_085, 1e-12), "gmv {}", y.gmv);
    assert!((y.paid_roi.unwrap() - 4.193).abs() <= 0.0005, "paid roi {:?}", y.paid_roi);
    assert!((y.repeat_share.unwrap() - 0.4674).abs() <= 0.0005, "repeat share {:?}", y.repeat_share);
    assert!((y.net_margin.unwrap() - 0.1015).abs() <= 0.0005, "net margin {:?}", y.net_margin);
}

#[test]
fn a_visitor_trend_keeps_the_years_visitors() {
    // Flat demand, level tripling through the year: the year keeps 365,000 visitors, and the level on
    // 31 December is 3x the one on 1 January: day d weighs (1 + 2 d/364) / (365 x 2).
    let mut sc = tiny();
    sc.channels[0].uv_trend = Some(3.0);
    let r = sandtable::model::simulate(&sc).unwrap();
    assert!(close(r.year.organic_uv, 365_000.0, 1e-12), "{}", r.year.organic_uv);
    let first_day = 365_000.0 / (365.0 * 2.0);
    assert!(close(r.daily_gmv[0], first_day * 0.1 * 100.0, 1e-12));
    assert!(close(r.daily_gmv[364], 3.0 * first_day * 0.1 * 100.0, 1e-12));
    // January holds sum_{d<31} (1 + 2d/364) / 730 of the year.
    let jan: f64 = (0..31).map(|d| (1.0 + 2.0 * d as f64 / 364.0) / 730.0).sum();
    check(sc, &[("months.0.organic_uv", Some(365_000.0 * jan)), ("year.uv", Some(365_000.0))]);
}

#[test]
fn a_conversion_ramp_is_linear_through_the_year() {
    // 1,000 visitors a day, conversion from 10% to 20%: sum_d 1,000 (0.1 + 0.1 d/364) = 36,500 + 18,250.
    let mut sc = tiny();
    sc.channels[0].cvr_end = Some(0.2);
    check(sc.clone(), &[("year.new_orders", Some(54_750.0)), ("year.gmv", Some(5_475_000.0))]);
    // Capped at 100% on event days: 2x conversion uplift on 31 December with cvr_end 60% gives 100%.
    sc.channels[0].cvr_end = Some(0.6);
    sc.events.push(event("NYE", "12-31", "12-31", 1.0, 2.0, 0.0));
    check(sc, &[("events.0.orders", Some(1_000.0))]);
}

#[test]
fn existing_customers_buy_where_the_plan_says() {
    // 1,000 customers x 2 orders, flat demand, AOV 100 x repeat factor 1. Channel A has base_share 3,
    // channel B 1, channel C none (weight 0 because the others have one).
    let mut sc = tiny();
    sc.customers.existing_base = 1_000.0;
    sc.customers.base_orders_per_year = 2.0;
    sc.channels[0].base_share = Some(3.0);
    sc.channels.push(channel("B", 365_000.0, 0.1, 100.0));
    sc.channels[1].base_share = Some(1.0);
    sc.channels.push(channel("C", 365_000.0, 0.1, 100.0));
    check(
        sc.clone(),
        &[
            ("channels.0.base_orders", Some(1_500.0)),
            ("channels.1.base_orders", Some(500.0)),
            ("channels.2.base_orders", Some(0.0)),
            ("year.base_orders", Some(2_000.0)),
        ],
    );
    // Without any base_share, schema 1's rule: by organic visitors, a third each.
    sc.channels.iter_mut().for_each(|c| c.base_share = None);
    check(sc.clone(), &[("channels.2.base_orders", Some(2_000.0 / 3.0))]);
    // Every weight 0: evenly.
    sc.channels.iter_mut().for_each(|c| c.base_share = Some(0.0));
    check(sc, &[("channels.0.base_orders", Some(2_000.0 / 3.0))]);
}

#[test]
fn month_targets_follow_the_months_share_of_their_quarter() {
    // Flat demand and quarter split 25% each: January's target is Q1's target x 31/90.
    let sc = tiny();
    let r = sandtable::model::simulate(&sc).unwrap();
    assert!(close(r.months[0].gmv_target, 1e6 * 0.25 * 31.0 / 90.0, 1e-12));
    for q in 0..4 {
        let sum: f64 = r.months[3 * q..3 * q + 3].iter().map(|m| m.gmv_target).sum();
        assert!(close(sum, r.targets[5 + q].target, 1e-12), "q{q}");
    }
    // A quarter that sells nothing spreads its target by days.
    let mut dark = tiny();
    dark.seasonality = vec![0.0, 0.0, 0.0, 30.0, 31.0, 30.0, 31.0, 31.0, 30.0, 31.0, 30.0, 31.0];
    let r = sandtable::model::simulate(&dark).unwrap();
    assert!(close(r.months[1].gmv_target, 1e6 * 0.25 * 28.0 / 90.0, 1e-12));
}

#[test]
fn target_rows_in_the_contracts_order_with_names() {
    let mut sc = tiny();
    sc.targets.kpis.insert("net_profit".into(), -5.0);
    sc.targets.kpis.insert("cpa".into(), 20.0);
    sc.channels[0].gmv_target = Some(4e6);
    sc.events.push(event("Spring", "03-01", "03-10", 1.0, 1.0, 0.0));
    sc.events[0].gmv_target = Some(100_000.0);
    sc.events.push(event("Summer", "07-01", "07-10", 1.0, 1.0, 0.0));
    let r = sandtable::model::simulate(&sc).unwrap();
    let keys: Vec<&str> = r.targets.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "gmv",
            "net_margin",
            "paid_roi",
            "return_rate",
            "repeat_share",
            "q1_gmv",
            "q2_gmv",
            "q3_gmv",
            "q4_gmv",
            "cpa",
            "net_profit",
            "channels.0.gmv",
            "events.0.gmv",
        ]
    );
    // No paid traffic: CPA is unknown. Net profit 0 beats -5 (more is better).
    assert_eq!(r.targets[9].status.as_str(), "unknown");
    assert_eq!(r.targets[10].status.as_str(), "ok");
    // Channel A sells ¥3.65M against ¥4M: 8.75% short, an alert; its row carries its name.
    assert_eq!(r.targets[11].name.as_deref(), Some("A"));
    assert_eq!(r.targets[11].status.as_str(), "alert");
    // Ten days x ¥10,000 meets the event's ¥100,000 exactly.
    assert_eq!(r.targets[12].status.as_str(), "ok");
    assert_eq!(r.targets[12].name.as_deref(), Some("Spring"));
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(codes.contains(&"channel_targets_exceed_gmv_target"), "{codes:?}");
}

#[test]
fn a_value_outside_its_own_range_is_a_warning() {
    let mut sc = tiny();
    sc.channels[0].ranges.insert("cvr".into(), vec![0.02, 0.05]);
    sc.customers.ranges.insert("repeat_curve".into(), vec![0.1, 0.2]);
    sc.customers.repeat_curve = vec![0.05, 0.1, 0.15, 0.3];
    let r = sandtable::model::simulate(&sc).unwrap();
    let w: Vec<(&str, &str)> = r
        .warnings
        .iter()
        .filter(|w| w.code == "value_outside_range")
        .map(|w| (w.path.as_str(), w.code.as_str()))
        .collect();
    assert_eq!(w.iter().map(|x| x.0).collect::<Vec<_>>(), ["channels[0].cvr", "customers.repeat_curve"]);
}

#[test]
fn channel_targets_that_do_not_add_up_are_said_and_spread_in_proportion() {
    let mut sc = Scenario::default();
    let before: Vec<f64> = sc.channels.iter().map(|c| c.gmv_target.unwrap()).collect();
    let sum: f64 = before.iter().sum();
    let codes = |sc: &Scenario| {
        sandtable::model::simulate(sc).unwrap().warnings.into_iter().map(|w| (w.code, w.value)).collect::<Vec<_>>()
    };
    // Within the alert threshold of the year's target (the seed plan's ¥37.9亿 against ¥38亿): no notice.
    assert!(!codes(&sc).iter().any(|(c, _)| c.starts_with("channel_targets")));
    sc.targets.gmv = 4.2e9;
    let w = codes(&sc);
    let (_, value) = w.iter().find(|(c, _)| c == "channel_targets_do_not_add_up").expect("a notice");
    assert_eq!(*value, Some(sum - 4.2e9), "by how much");
    sc.targets.quarter_split = vec![0.3, 0.3, 0.3, 0.3];
    let spread = sandtable::edit::spread_targets(&sc);
    let after: Vec<f64> = spread.channels.iter().map(|c| c.gmv_target.unwrap()).collect();
    assert_eq!(after.iter().sum::<f64>(), 4.2e9, "they add up to the year's target to the yuan");
    for (a, b) in after.iter().zip(&before) {
        assert!((a / b - 4.2e9 / sum).abs() < 1e-6, "in proportion: {a} vs {b}");
        assert_eq!(a.fract(), 0.0);
    }
    assert_eq!(spread.targets.quarter_split, vec![0.25; 4]);
    assert!(!codes(&spread)
        .iter()
        .any(|(c, _)| c.starts_with("channel_targets") || c == "quarter_split_not_normalised"));
    // Below the year's with a channel without a target: the others may take the rest, no notice.
    sc.channels[1].gmv_target = None;
    assert!(!codes(&sc).iter().any(|(c, _)| c == "channel_targets_do_not_add_up"));
    // Above it by more than the threshold: the existing notice, and the same action brings them down.
    let mut over = Scenario::default();
    over.targets.gmv = 3e9;
    assert!(codes(&over).iter().any(|(c, _)| c == "channel_targets_exceed_gmv_target"));
    let fixed = sandtable::edit::spread_targets(&over);
    assert_eq!(fixed.channels.iter().map(|c| c.gmv_target.unwrap()).sum::<f64>(), 3e9);
}
