//! Validation: one case per rule of MODEL.md §2, each checking the field's path and the message.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use sandtable::model::scenario::*;
use sandtable::model::validate::{parse_scenario, validate, ScenarioError};

/// Applies `edit` to the default scenario and expects exactly one error, `path: message`.
fn check(edit: impl FnOnce(&mut Scenario), expected: &str) {
    let mut sc = Scenario::default();
    edit(&mut sc);
    let errs: Vec<String> = validate(&sc).iter().map(|e| e.to_string()).collect();
    assert_eq!(errs, vec![expected.to_string()]);
}

/// Parses `text` and expects a parse error whose display contains `expected`.
fn check_parse(text: &str, expected: &str) {
    match parse_scenario(text) {
        Err(e @ ScenarioError::Parse { .. }) => {
            let s = e.to_string();
            assert!(s.contains(expected), "expected {expected:?} in {s:?}");
        }
        other => panic!("expected a parse error containing {expected:?}, got {other:?}"),
    }
}

#[test]
fn default_is_valid() {
    assert!(validate(&Scenario::default()).is_empty());
    assert!(validate(&tiny()).is_empty());
}

#[test]
fn schema() {
    check(|s| s.schema = 3, "schema: unknown schema version 3; this build reads versions 1 and 2");
}
#[test]
fn year() {
    check(|s| s.year = 1999, "year: must be in 2000..=2100, got 1999");
}
#[test]
fn name_length() {
    check(|s| s.name = "名".repeat(61), "name: must be at most 60 characters, got 61");
}
#[test]
fn last_year_gmv() {
    check(|s| s.last_year_gmv = -1.0, "last_year_gmv: must be >= 0, got -1");
}
#[test]
fn target_gmv() {
    check(|s| s.targets.gmv = 0.0, "targets.gmv: must be > 0, got 0");
}
#[test]
fn target_net_margin() {
    check(|s| s.targets.net_margin = 1.0, "targets.net_margin: must be in (-1, 1), got 1");
}
#[test]
fn target_paid_roi() {
    check(|s| s.targets.paid_roi = -0.5, "targets.paid_roi: must be >= 0, got -0.5");
}
#[test]
fn target_return_rate() {
    check(|s| s.targets.max_return_rate = 1.5, "targets.max_return_rate: must be in [0, 1], got 1.5");
}
#[test]
fn target_repeat_share() {
    check(|s| s.targets.repeat_share = -0.1, "targets.repeat_share: must be in [0, 1], got -0.1");
}
#[test]
fn alert_threshold() {
    check(|s| s.targets.alert_threshold = 2.0, "targets.alert_threshold: must be in [0, 1], got 2");
}
#[test]
fn quarter_split_length() {
    check(|s| s.targets.quarter_split = vec![1.0; 3], "targets.quarter_split: must have 4 values, got 3");
}
#[test]
fn quarter_split_sum() {
    check(|s| s.targets.quarter_split = vec![0.0; 4], "targets.quarter_split: must have a positive sum, got 0");
}
#[test]
fn quarter_split_negative() {
    check(|s| s.targets.quarter_split[2] = -1.0, "targets.quarter_split[2]: must be >= 0, got -1");
}
#[test]
fn seasonality_length() {
    check(|s| s.seasonality.push(1.0), "seasonality: must have 12 values, got 13");
}
#[test]
fn seasonality_sum() {
    check(|s| s.seasonality = vec![0.0; 12], "seasonality: must have a positive sum, got 0");
}
#[test]
fn seasonality_too_large() {
    check(|s| s.seasonality[0] = 1e10, "seasonality[0]: must be at most 1e9, got 10000000000");
}
#[test]
fn event_date() {
    check(|s| s.events[0].start = "02-30".into(), "events[0].start: must be a date MM-DD of 2026, got \"02-30\"");
}
#[test]
fn event_date_shape() {
    check(|s| s.events[1].end = "6-18".into(), "events[1].end: must be a date MM-DD of 2026, got \"6-18\"");
}
#[test]
fn event_feb_29_in_a_common_year() {
    check(|s| s.events[0].start = "02-29".into(), "events[0].start: must be a date MM-DD of 2026, got \"02-29\"");
}
#[test]
fn event_order() {
    check(|s| s.events[2].start = "11-12".into(), "events[2].end: must not be before start 11-12, got 11-11");
}
#[test]
fn event_uplift() {
    check(|s| s.events[0].traffic_uplift = -1.0, "events[0].traffic_uplift: must be >= 0, got -1");
}
#[test]
fn event_cvr_uplift() {
    check(|s| s.events[0].cvr_uplift = f64::INFINITY, "events[0].cvr_uplift: must be a finite number, got inf");
}
#[test]
fn event_discount() {
    check(|s| s.events[3].discount = 1.0, "events[3].discount: must be in [0, 1), got 1");
}
#[test]
fn event_name() {
    check(|s| s.events[0].name = "x".repeat(70), "events[0].name: must be at most 60 characters, got 70");
}
#[test]
fn no_channels() {
    check(
        |s| {
            s.channels.clear();
            s.spend_lines.clear();
        },
        "channels: must hold at least 1 channel, got none",
    );
}
#[test]
fn too_many_channels() {
    check(
        |s| {
            s.channels = vec![channel("c", 1.0, 0.1, 1.0); 13];
            s.spend_lines.clear();
        },
        "channels: at most 12 channels, got 13",
    );
}
#[test]
fn channel_cvr() {
    check(|s| s.channels[2].cvr = 1.5, "channels[2].cvr: must be in (0, 1], got 1.5");
}
#[test]
fn channel_cvr_zero() {
    check(|s| s.channels[0].cvr = 0.0, "channels[0].cvr: must be in (0, 1], got 0");
}
#[test]
fn channel_aov() {
    check(|s| s.channels[1].aov = 0.0, "channels[1].aov: must be > 0, got 0");
}
#[test]
fn channel_organic() {
    check(|s| s.channels[1].organic_uv = -5.0, "channels[1].organic_uv: must be >= 0, got -5");
}
#[test]
fn channel_take_rate() {
    check(|s| s.channels[3].take_rate = 1.0, "channels[3].take_rate: must be in [0, 1), got 1");
}
#[test]
fn channel_return_rate() {
    check(|s| s.channels[4].return_rate = -0.01, "channels[4].return_rate: must be in [0, 1), got -0.01");
}
#[test]
fn too_many_lines() {
    check(
        |s| {
            let l = s.spend_lines[5].clone();
            s.spend_lines.resize(17, l);
        },
        "spend_lines: at most 16 lines, got 17",
    );
}
#[test]
fn line_budget() {
    check(|s| s.spend_lines[0].budget = -1.0, "spend_lines[0].budget: must be >= 0, got -1");
}
#[test]
fn line_cpc() {
    check(|s| s.spend_lines[1].cpc = Some(0.0), "spend_lines[1].cpc: must be > 0, got 0");
}
#[test]
fn line_cpc_missing() {
    check(|s| s.spend_lines[1].cpc = None, "spend_lines[1].cpc: required for a traffic line");
}
#[test]
fn line_half_saturation() {
    check(|s| s.spend_lines[2].half_saturation = Some(-1.0), "spend_lines[2].half_saturation: must be > 0, got -1");
}
#[test]
fn line_split_length() {
    check(
        |s| s.spend_lines[0].split = Some(vec![1.0; 4]),
        "spend_lines[0].split: must have one weight per channel (5), got 4",
    );
}
#[test]
fn line_split_sum() {
    check(|s| s.spend_lines[0].split = Some(vec![0.0; 5]), "spend_lines[0].split: must have a positive sum, got 0");
}
#[test]
fn line_split_missing() {
    check(|s| s.spend_lines[0].split = None, "spend_lines[0].split: required for a traffic line");
}
#[test]
fn line_pacing() {
    check(
        |s| s.spend_lines[3].pacing = Pacing::Monthly(vec![1.0; 11]),
        "spend_lines[3].pacing: must have 12 values, got 11",
    );
}
#[test]
fn fixed_line_needs_no_cpc() {
    let mut sc = Scenario::default();
    sc.spend_lines[0].kind = SpendKind::Fixed; // keeps its cpc, split: ignored, not an error
    assert!(validate(&sc).is_empty());
}
#[test]
fn existing_base() {
    check(|s| s.customers.existing_base = -1.0, "customers.existing_base: must be >= 0, got -1");
}
#[test]
fn base_orders() {
    check(|s| s.customers.base_orders_per_year = -1.0, "customers.base_orders_per_year: must be >= 0, got -1");
}
#[test]
fn repeat_curve_decreasing() {
    check(|s| s.customers.repeat_curve[2] = 0.01, "customers.repeat_curve[2]: must not decrease, got 0.01 after 0.09");
}
#[test]
fn repeat_curve_length() {
    check(
        |s| s.customers.repeat_curve.pop().map(|_| ()).unwrap_or(()),
        "customers.repeat_curve: must have 4 values, got 3",
    );
}
#[test]
fn repeat_aov_factor() {
    check(|s| s.customers.repeat_aov_factor = -1.0, "customers.repeat_aov_factor: must be >= 0, got -1");
}
#[test]
fn gross_margin() {
    check(|s| s.costs.gross_margin = 1.0, "costs.gross_margin: must be in [0, 1), got 1");
}
#[test]
fn fulfillment() {
    check(|s| s.costs.fulfillment_per_order = -2.0, "costs.fulfillment_per_order: must be >= 0, got -2");
}
#[test]
fn fixed_costs() {
    check(|s| s.costs.fixed_costs = 1e16, "costs.fixed_costs: must be at most 1e15, got 1e16");
}

// Schema 2 (MODEL.md §2, §6, §10).
#[test]
fn cvr_end() {
    check(|s| s.channels[1].cvr_end = Some(0.0), "channels[1].cvr_end: must be in (0, 1], got 0");
}
#[test]
fn uv_trend_zero() {
    check(|s| s.channels[0].uv_trend = Some(0.0), "channels[0].uv_trend: must be > 0, got 0");
}
#[test]
fn uv_trend_too_big() {
    check(|s| s.channels[0].uv_trend = Some(101.0), "channels[0].uv_trend: must be at most 100, got 101");
}
#[test]
fn base_share() {
    check(|s| s.channels[3].base_share = Some(-0.1), "channels[3].base_share: must be >= 0, got -0.1");
}
#[test]
fn channel_gmv_target() {
    check(|s| s.channels[0].gmv_target = Some(-1.0), "channels[0].gmv_target: must be >= 0, got -1");
}
#[test]
fn event_gmv_target() {
    check(|s| s.events[1].gmv_target = Some(f64::NAN), "events[1].gmv_target: must be a finite number, got NaN");
}
#[test]
fn kpi_target_unknown() {
    check(|s| { s.targets.kpis.insert("happiness".into(), 1.0); }, "targets.kpis.happiness: unknown KPI \"happiness\"; targets can be set on cpa, marketing_ratio, cvr, aov, roi, orders, new_customers, net_profit, ltv_365");
}
#[test]
fn kpi_target_zero() {
    check(
        |s| {
            s.targets.kpis.insert("cpa".into(), 0.0);
        },
        "targets.kpis.cpa: must be > 0, got 0",
    );
}
#[test]
fn kpi_net_profit_may_be_negative() {
    let mut sc = Scenario::default();
    sc.targets.kpis.insert("net_profit".into(), -1e7);
    assert!(validate(&sc).is_empty());
}
#[test]
fn min_budget_above_max() {
    check(
        |s| {
            s.spend_lines[0].min_budget = Some(2e8);
            s.spend_lines[0].max_budget = Some(1e8);
        },
        "spend_lines[0].min_budget: must not be above max_budget, got 200000000 > 100000000",
    );
}
#[test]
fn max_budget_negative() {
    check(|s| s.spend_lines[4].max_budget = Some(-1.0), "spend_lines[4].max_budget: must be >= 0, got -1");
}
#[test]
fn range_order() {
    check(
        |s| {
            s.channels[0].ranges.insert("cvr".into(), vec![0.04, 0.03]);
        },
        "channels[0].ranges.cvr: low must be below high, got [0.04, 0.03]",
    );
}
#[test]
fn range_logit_bounds() {
    check(
        |s| {
            s.costs.ranges.insert("gross_margin".into(), vec![0.4, 1.2]);
        },
        "costs.ranges.gross_margin: must have 0 < low < high < 1, got [0.4, 1.2]",
    );
}
#[test]
fn range_log_bounds() {
    check(
        |s| {
            s.events[0].ranges.insert("traffic_uplift".into(), vec![0.0, 2.0]);
        },
        "events[0].ranges.traffic_uplift: must have 0 < low < high, got [0, 2]",
    );
}
#[test]
fn range_length() {
    check(
        |s| {
            s.spend_lines[0].ranges.insert("cpc".into(), vec![1.0]);
        },
        "spend_lines[0].ranges.cpc: must be [low, high], got 1 values",
    );
}
#[test]
fn range_on_a_field_without_one() {
    check(
        |s| {
            s.channels[0].ranges.insert("name".into(), vec![1.0, 2.0]);
        },
        "channels[0].ranges.name: this field cannot carry a range (MODEL.md §6 lists those that can)",
    );
}
#[test]
fn range_on_gmv_target() {
    check(
        |s| {
            s.events[0].ranges.insert("gmv_target".into(), vec![1.0, 2.0]);
        },
        "events[0].ranges.gmv_target: this field cannot carry a range (MODEL.md §6 lists those that can)",
    );
}
#[test]
fn range_repeat_curve_needs_r365() {
    check(
        |s| {
            s.customers.repeat_curve = vec![0.0; 4];
        },
        "customers.ranges.repeat_curve: needs a 365-day repeat value above 0 to carry a range",
    );
}
#[test]
fn trials() {
    check(|s| s.uncertainty.as_mut().unwrap().trials = 999.0, "uncertainty.trials: must be in 1000..=100000, got 999");
}
#[test]
fn trials_whole() {
    check(
        |s| s.uncertainty.as_mut().unwrap().trials = 1500.5,
        "uncertainty.trials: must be a whole number, got 1500.5",
    );
}
#[test]
fn seed() {
    check(
        |s| s.uncertainty.as_mut().unwrap().seed = 4_294_967_296.0,
        "uncertainty.seed: must be at most 4.294967295e9, got 4294967296",
    );
}
#[test]
fn seed_negative() {
    check(|s| s.uncertainty.as_mut().unwrap().seed = -1.0, "uncertainty.seed: must be >= 0, got -1");
}
#[test]
fn correlation() {
    check(
        |s| s.uncertainty.as_mut().unwrap().correlation = 0.96,
        "uncertainty.correlation: must be at most 0.95, got 0.96",
    );
}

fn with_actuals(s: &mut Scenario, through: &str, months: usize) {
    let m = MonthActual { gmv: 1e7, uv: Some(1e6), orders: Some(4e4), refunds: Some(5e5) };
    s.actuals = Some(Actuals {
        through: through.into(),
        forecast: Forecast::Pace,
        channels: (0..5).map(|_| ChannelActuals { months: vec![m.clone(); months] }).collect(),
        spend_lines: None,
    });
}
#[test]
fn actuals_are_valid() {
    let mut sc = Scenario::default();
    with_actuals(&mut sc, "03-15", 3);
    sc.actuals.as_mut().unwrap().channels[4].months.clear();
    assert!(validate(&sc).is_empty());
}
#[test]
fn actuals_channels() {
    check(
        |s| {
            with_actuals(s, "03-31", 3);
            s.actuals.as_mut().unwrap().channels.truncate(1);
        },
        "actuals.channels: 1 entries for 5 channels",
    );
}
#[test]
fn actuals_through() {
    check(|s| with_actuals(s, "02-30", 2), "actuals.through: must be a date MM-DD of 2026, got \"02-30\"");
}
#[test]
fn actuals_months() {
    check(
        |s| {
            with_actuals(s, "04-10", 4);
            s.actuals.as_mut().unwrap().channels[0].months.pop();
        },
        "actuals.channels[0].months: must hold no months or exactly 4 (months 1..4, through 04-10), got 3",
    );
}
#[test]
fn actuals_values() {
    check(
        |s| {
            with_actuals(s, "01-31", 1);
            s.actuals.as_mut().unwrap().channels[2].months[0].refunds = Some(-1.0);
        },
        "actuals.channels[2].months[0].refunds: must be >= 0, got -1",
    );
}
#[test]
fn actuals_spend_lines() {
    check(
        |s| {
            with_actuals(s, "01-31", 1);
            s.actuals.as_mut().unwrap().spend_lines = Some(vec![LineActuals::default(); 2]);
        },
        "actuals.spend_lines: 2 entries for 6 spend lines",
    );
}

#[test]
fn every_schema_2_error_at_once() {
    // A file with a bad value in every new field: each one is named, in document order.
    let text = r#"{"schema": 2, "year": 2026,
      "targets": {"gmv": 1e9, "net_margin": 0.1, "paid_roi": 4, "max_return_rate": 0.06, "repeat_share": 0.4,
                  "quarter_split": [1, 1, 1, 1], "kpis": {"cpa": -5, "mood": 1}},
      "seasonality": [1,1,1,1,1,1,1,1,1,1,1,1],
      "events": [{"name": "x", "start": "02-29", "end": "03-01", "traffic_uplift": 2, "cvr_uplift": 1, "discount": 0.1,
                  "gmv_target": -1, "ranges": {"discount": [0.2, 0.1]}}],
      "channels": [{"name": "a", "organic_uv": 1e6, "cvr": 0.03, "cvr_end": 1.5, "uv_trend": 0, "aov": 100,
                    "take_rate": 0.05, "return_rate": 0.05, "base_share": -1, "gmv_target": -2,
                    "ranges": {"cvr": [0.04, 0.03], "colour": [1, 2]}}],
      "spend_lines": [{"name": "l", "budget": 1e6, "pacing": "even", "kind": "fixed", "min_budget": 5, "max_budget": 1,
                       "ranges": {"budget": [0, 1]}}],
      "customers": {"existing_base": 0, "base_orders_per_year": 1, "repeat_curve": [0.1, 0.2, 0.3, 0.4],
                    "repeat_aov_factor": 1, "ranges": {"repeat_curve": [0.5]}},
      "costs": {"gross_margin": 0.4, "fulfillment_per_order": 5, "fixed_costs": 0, "ranges": {"gross_margin": [0.1, 1]}},
      "uncertainty": {"trials": 10, "seed": 1.5, "correlation": 1},
      "actuals": {"through": "03-31", "channels": [{"months": [{"gmv": 1}]}, {"months": []}],
                  "spend_lines": [{"months": [{"spend": -1}, {"spend": 1}, {"spend": 1}]}]}}"#;
    let Err(ScenarioError::Invalid(errs)) = parse_scenario(text) else { panic!("expected validation errors") };
    let paths: Vec<&str> = errs.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "targets.kpis.cpa",
            "targets.kpis.mood",
            "events[0].start",
            "events[0].gmv_target",
            "events[0].ranges.discount",
            "channels[0].cvr_end",
            "channels[0].uv_trend",
            "channels[0].base_share",
            "channels[0].gmv_target",
            "channels[0].ranges.colour",
            "channels[0].ranges.cvr",
            "spend_lines[0].min_budget",
            "spend_lines[0].ranges.budget",
            "customers.ranges.repeat_curve",
            "costs.ranges.gross_margin",
            "uncertainty.trials",
            "uncertainty.seed",
            "uncertainty.correlation",
            "actuals.channels",
            "actuals.channels[0].months",
            "actuals.spend_lines[0].months[0].spend",
        ]
    );
}

#[test]
fn schema_1_reads_as_schema_2() {
    let text = include_str!("fixtures/scenario-v1-default.json");
    assert!(text.contains("\"schema\": 1"));
    let sc = parse_scenario(text).unwrap();
    assert_eq!(sc.schema, 2);
    assert!(sc.channels.iter().all(|c| c.cvr_end.is_none() && c.base_share.is_none() && c.ranges.is_empty()));
    assert!(sc.uncertainty.is_none() && sc.actuals.is_none() && sc.targets.kpis.is_empty());
    // Written back, it is a schema-2 document that reads the same.
    let again = serde_json::to_string(&sc).unwrap();
    assert!(again.contains("\"schema\":2"));
    assert_eq!(parse_scenario(&again).unwrap(), sc);
}

#[test]
fn every_error_at_once() {
    let mut sc = Scenario::default();
    sc.channels[2].cvr = 1.5;
    sc.costs.gross_margin = -0.1;
    sc.events[0].end = "13-01".into();
    let paths: Vec<String> = validate(&sc).into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["events[0].end", "channels[2].cvr", "costs.gross_margin"]);
}

#[test]
fn parse_errors_name_the_field() {
    let good = serde_json::to_value(Scenario::default()).unwrap();
    let mut unknown = good.clone();
    unknown["channels"][1]["colour"] = "red".into();
    check_parse(&unknown.to_string(), "channels[1].colour: unknown field `colour`");
    let mut wrong = good.clone();
    wrong["channels"][0]["cvr"] = "high".into();
    check_parse(&wrong.to_string(), "channels[0].cvr: invalid type: string \"high\", expected f64");
    let mut missing = good.clone();
    missing["costs"].as_object_mut().unwrap().remove("fixed_costs");
    check_parse(&missing.to_string(), "costs: missing field `fixed_costs`");
    let mut pacing = good.clone();
    pacing["spend_lines"][0]["pacing"] = "weekly".into();
    check_parse(&pacing.to_string(), "spend_lines[0].pacing: invalid value: string \"weekly\"");
    check_parse("{\"schema\": 1,\n  \"year\": }", "line 2, column 11");
    check_parse("", "EOF while parsing");
    check_parse("[1,2]", "expected a scenario: a JSON object");
    check_parse("\n  \u{0}garbage", "line 2, column 3");
    check_parse(
        &format!("{{\"schema\": 1, \"name\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000)),
        "name: invalid type: sequence",
    );
    check_parse("{\"schema\": 1, \"year\": 1e309}", "year");
}

#[test]
fn newer_schema_is_named() {
    let mut v = serde_json::to_value(Scenario::default()).unwrap();
    v["schema"] = 7.into();
    v["brand_new_field"] = true.into();
    let e = parse_scenario(&v.to_string()).unwrap_err();
    assert_eq!(e.to_string(), "schema: unknown schema version 7; this build reads versions 1 and 2");
}

#[test]
fn json_round_trip_keeps_the_scenario() {
    let sc = Scenario::default();
    let text = serde_json::to_string(&sc).unwrap();
    assert_eq!(parse_scenario(&text).unwrap(), sc);
    // Optional fields may be left out.
    let mut v = serde_json::to_value(&sc).unwrap();
    for k in ["name", "events", "spend_lines", "last_year_gmv"] {
        v.as_object_mut().unwrap().remove(k);
    }
    v["targets"].as_object_mut().unwrap().remove("alert_threshold");
    let sc2 = parse_scenario(&v.to_string()).unwrap();
    assert_eq!(sc2.targets.alert_threshold, 0.03);
    assert!(sc2.events.is_empty());
}

/// `json_path_at` names the value at a position; checked on a small document, position by position.
#[test]
fn json_paths_by_position() {
    use sandtable::model::validate::json_path_at;
    let text = "{\"a\": {\"b\": [1, {\"c\": \"x\\\"y\"}, 3]},\n \"d\": 2}";
    let check = |needle: &str, expected: &str| {
        let i = text.find(needle).unwrap() + needle.len();
        let line = 1 + text[..i].matches('\n').count();
        let col = i - text[..i].rfind('\n').map_or(0, |p| p + 1);
        assert_eq!(json_path_at(text.as_bytes(), line, col), expected, "after {needle:?}");
    };
    check("{\"a\": {\"b\": [1", "a.b[0]");
    check("\"c\": \"x\\\"y\"", "a.b[1].c");
    check(", 3", "a.b[2]");
    check("\"d\": 2", "d");
    assert_eq!(json_path_at(b"", 1, 1), "");
    assert_eq!(json_path_at(b"[[[", 9, 9), "[0][0][0]");
}

#[test]
fn ranges_are_set_and_checked_on_their_field() {
    use sandtable::edit::set_range;
    let sc = Scenario::default();
    let next = set_range(&sc, "channels.1.cvr", Some((0.02, 0.04))).unwrap();
    assert_eq!(next.channels[1].ranges.get("cvr"), Some(&vec![0.02, 0.04]));
    let gone = set_range(&next, "channels.1.cvr", None).unwrap();
    assert!(!gone.channels[1].ranges.contains_key("cvr"));
    for (path, range, error_path) in [
        ("channels.0.cvr", (0.04, 0.02), "channels[0].ranges.cvr"),
        ("channels.0.cvr", (0.02, 1.5), "channels[0].ranges.cvr"),
        ("customers.repeat_curve", (-1.0, 2.0), "customers.ranges.repeat_curve"),
        ("spend_lines.0.budget", (f64::NAN, 2.0), "spend_lines[0].ranges.budget"),
    ] {
        let e = set_range(&sc, path, Some(range)).unwrap_err();
        assert_eq!(e.path, error_path, "{path} {range:?}: {e}");
    }
    assert!(set_range(&sc, "channels.9.cvr", Some((0.1, 0.2))).is_err());
    assert!(set_range(&sc, "targets.gmv", Some((1.0, 2.0))).is_err());
    let trials = sandtable::edit::set_number(&sc, "uncertainty.trials", 2000.0).unwrap();
    assert_eq!(trials.uncertainty().trials, 2000.0);
    assert!(sandtable::edit::set_number(&sc, "uncertainty.trials", 10.0).is_err());
}
