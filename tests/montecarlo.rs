//! Monte Carlo and the tornado against MODEL.md §6–§7: closed forms on one-channel plans, determinism,
//! collapsed ranges, correlation, per-trial exactness against the engine, and the tornado against
//! one-at-a-time engine runs.

use sandtable::analysis::montecarlo::{self, Options};
use sandtable::analysis::random::{exp, inverse_normal, K};
use sandtable::analysis::sensitivity;
use sandtable::model::inputs::Slot;
use sandtable::model::scenario::*;
use sandtable::model::{simulate, validate};

fn opts(trials: usize, seed: u64, correlation: f64) -> Options {
    Options { trials, seed, correlation, keep_trials: false }
}

/// One channel, no spend, no events, no existing customers, no repeat: GMV = organic_uv * cvr * aov exactly.
fn linear_plan() -> Scenario {
    let mut sc = Scenario::default();
    sc.channels.truncate(1);
    let c = &mut sc.channels[0];
    c.cvr_end = None;
    c.uv_trend = None;
    c.base_share = None;
    c.gmv_target = None;
    c.ranges.clear();
    c.organic_uv = 1e7;
    c.cvr = 0.03;
    c.aov = 200.0;
    sc.events.clear();
    sc.spend_lines.clear();
    sc.customers.existing_base = 0.0;
    sc.customers.repeat_curve = vec![0.0; 4];
    sc.customers.ranges.clear();
    sc.costs.ranges.clear();
    sc.targets.kpis.clear();
    assert!(validate(&sc).is_empty(), "{:?}", validate(&sc));
    sc
}

/// The plan with every range removed.
fn without_ranges(mut sc: Scenario) -> Scenario {
    sc.channels.iter_mut().for_each(|c| c.ranges.clear());
    sc.events.iter_mut().for_each(|e| e.ranges.clear());
    sc.spend_lines.iter_mut().for_each(|l| l.ranges.clear());
    sc.customers.ranges.clear();
    sc.costs.ranges.clear();
    sc
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

#[test]
fn a_log_normal_input_gives_log_normal_gmv_quantiles() {
    let mut sc = linear_plan();
    sc.channels[0].ranges.insert("aov".into(), vec![150.0, 260.0]);
    let base_gmv = simulate(&sc).unwrap().year.gmv;
    let mc = montecarlo::run(&sc, opts(20_000, 11, 0.0));
    let g = mc.kpi("gmv").unwrap();
    // GMV = (GMV at aov 200) * aov / 200, aov log-normal with P5 = 150 and P95 = 260.
    let (mu, sigma) = ((150f64.ln() + 260f64.ln()) / 2.0, (260f64.ln() - 150f64.ln()) / (2.0 * K));
    for (p, got) in [(0.05, g.p5), (0.25, g.p25), (0.5, g.p50), (0.75, g.p75), (0.95, g.p95)] {
        let want = base_gmv / 200.0 * exp(mu + sigma * inverse_normal(p));
        // Sampling error of a quantile at n = 20,000 is well under 1.5% here.
        assert!(rel(got.unwrap(), want) < 0.015, "p{p}: {got:?} vs {want}");
    }
    assert_eq!(g.n, 20_000);
}

#[test]
fn a_logit_normal_input_and_a_target_at_the_median_has_probability_one_half() {
    let mut sc = linear_plan();
    sc.channels[0].ranges.insert("cvr".into(), vec![0.02, 0.045]);
    let base_gmv = simulate(&sc).unwrap().year.gmv;
    let logit = |p: f64| (p / (1.0 - p)).ln();
    let median_cvr = 1.0 / (1.0 + (-(logit(0.02) + logit(0.045)) / 2.0).exp());
    sc.targets.gmv = base_gmv / 0.03 * median_cvr;
    let mc = montecarlo::run(&sc, opts(20_000, 5, 0.0));
    let p = mc.probability("gmv").unwrap();
    // Binomial standard error at n = 20,000: 0.0035.
    assert!((p - 0.5).abs() < 0.015, "{p}");
    let g = mc.kpi("gmv").unwrap();
    assert!(rel(g.p5.unwrap(), base_gmv / 0.03 * 0.02) < 0.02, "{g:?}");
    assert!(rel(g.p95.unwrap(), base_gmv / 0.03 * 0.045) < 0.02, "{g:?}");
}

#[test]
fn the_same_seed_gives_the_same_numbers_and_another_seed_others() {
    let sc = Scenario::default();
    let a = montecarlo::run(&sc, opts(300, 42, 0.3));
    let b = montecarlo::run(&sc, opts(300, 42, 0.3));
    let c = montecarlo::run(&sc, opts(300, 43, 0.3));
    let json = |m: &montecarlo::MonteCarlo| serde_json::to_string(m).unwrap();
    assert_eq!(json(&a), json(&b));
    assert_ne!(json(&a), json(&c));
    assert_eq!(a.inputs.len(), 17, "the seed plan has 17 ranged inputs");
}

#[test]
fn without_ranges_every_quantile_is_the_deterministic_value() {
    let sc = without_ranges(Scenario::default());
    let r = simulate(&sc).unwrap();
    let mc = montecarlo::run(&sc, opts(50, 1, 0.0));
    let g = mc.kpi("gmv").unwrap();
    for q in [g.mean, g.p5, g.p10, g.p25, g.p50, g.p75, g.p90, g.p95] {
        assert_eq!(q, Some(r.year.gmv));
    }
    for t in &mc.targets {
        let ok = r.target(&t.key).unwrap().status == sandtable::model::results::Status::Ok;
        assert_eq!(t.probability, if ok { 1.0 } else { 0.0 }, "{}", t.key);
    }
    assert_eq!(mc.histogram.counts.iter().sum::<usize>(), 50);
}

#[test]
fn correlation_widens_the_spread_of_a_sum() {
    let mut sc = without_ranges(Scenario::default());
    for c in &mut sc.channels {
        c.ranges.insert("cvr".into(), vec![c.cvr * 0.8, c.cvr * 1.2]);
    }
    let spread = |rho| {
        let g = *montecarlo::run(&sc, opts(4000, 9, rho)).kpi("gmv").unwrap();
        g.p90.unwrap() - g.p10.unwrap()
    };
    let (independent, correlated) = (spread(0.0), spread(0.9));
    assert!(correlated > 1.5 * independent, "{independent} vs {correlated}");
}

#[test]
fn every_trial_is_the_engine_on_its_sampled_scenario() {
    let sc = Scenario::default();
    let o = Options { trials: 40, seed: 3, correlation: 0.3, keep_trials: true };
    let mc = montecarlo::run(&sc, o);
    for t in [0, 7, 39] {
        let trial = montecarlo::sampled_scenario(&sc, o, t);
        assert!(validate(&trial).is_empty(), "trial {t}: {:?}", validate(&trial));
        let r = simulate(&trial).unwrap();
        for (k, key) in montecarlo::KPIS.iter().enumerate() {
            let (got, want) = (mc.kept.kpis[t][k], r.year.get(key).unwrap_or(f64::NAN));
            assert!(got == want || rel(got, want) < 1e-9, "trial {t} {key}: {got} vs {want}");
        }
        for (input, &x) in mc.inputs.iter().zip(&mc.kept.inputs[t]) {
            let slot = Slot::parse(&input.path).unwrap();
            assert!(rel(slot.get(&trial).unwrap(), x) < 1e-12, "{}", input.path);
        }
    }
}

#[test]
fn summaries_follow_the_quantile_rule() {
    let s = montecarlo::Summary::of(&[4.0, 1.0, f64::NAN, 3.0, 2.0]);
    assert_eq!(s.n, 4);
    assert_eq!(s.mean, Some(2.5));
    assert_eq!(s.p50, Some(2.5));
    assert_eq!(s.p25, Some(1.75));
    assert_eq!(s.p5, Some(1.15));
    assert_eq!(montecarlo::Summary::of(&[f64::NAN]).p50, None);
    let h = montecarlo::histogram(&[0.0, 1.0, 2.0, 4.0]);
    assert_eq!((h.edges.len(), h.counts.len()), (41, 40));
    assert_eq!((h.edges[0], h.edges[40]), (0.0, 4.0));
    assert_eq!((h.counts[0], h.counts[10], h.counts[20], h.counts[39]), (1, 1, 1, 1));
}

#[test]
fn the_tornado_is_one_input_at_a_time() {
    let sc = Scenario::default();
    let t = sensitivity::tornado(&sc, "gmv");
    assert!(t.rows.windows(2).all(|w| w[0].swing() >= w[1].swing()));
    for row in t.rows.iter().step_by(5) {
        let slot = Slot::parse(&row.path).unwrap();
        for (x, want) in [(row.low, row.kpi_low), (row.high, row.kpi_high)] {
            let mut s = sc.clone();
            slot.set(&mut s, x);
            assert_eq!(simulate(&s).unwrap().year.gmv, want.unwrap(), "{} at {x}", row.path);
        }
    }
    // A ranged input uses its range; another its value ±10%.
    let cvr = t.rows.iter().find(|r| r.path == "channels.0.cvr").unwrap();
    assert_eq!((cvr.low, cvr.high), (sc.channels[0].ranges["cvr"][0], sc.channels[0].ranges["cvr"][1]));
    let fixed = t.rows.iter().find(|r| r.path == "costs.fixed_costs").unwrap();
    if !sc.costs.ranges.contains_key("fixed_costs") {
        assert_eq!((fixed.low, fixed.high), (sc.costs.fixed_costs * 0.9, sc.costs.fixed_costs * 1.1));
    }
    let profit = sensitivity::tornado(&sc, "net_profit");
    assert_ne!(profit.rows[0].path, "", "{profit:?}");
    assert!(profit.rows.iter().any(|r| r.path == "costs.gross_margin"));
}

/// The default plan with actuals through `through` for channels 0 and 2 (GMV only, 10% below and 5% above their
/// plan month by month), forecast by `method`.
fn with_actuals(through: &str, method: Forecast) -> Scenario {
    let mut sc = Scenario::default();
    let r = simulate(&sc).unwrap();
    let m: usize = through[..2].parse().unwrap();
    let months = |c: usize, f: f64| ChannelActuals {
        months: (0..m)
            .map(|i| MonthActual { gmv: r.channels[c].monthly_gmv[i] * f, ..MonthActual::default() })
            .collect(),
    };
    let mut channels = vec![ChannelActuals::default(); sc.channels.len()];
    channels[0] = months(0, 0.9);
    channels[2] = months(2, 1.05);
    sc.actuals = Some(Actuals { through: through.into(), forecast: method, channels, spend_lines: None });
    assert!(validate(&sc).is_empty(), "{:?}", validate(&sc));
    sc
}

#[test]
fn each_trials_forecast_is_the_engines_forecast_on_its_sampled_plan() {
    for (through, method) in [("03-20", Forecast::Pace), ("06-30", Forecast::Plan), ("11-11", Forecast::Pace)] {
        let sc = with_actuals(through, method);
        let o = Options { keep_trials: true, ..opts(200, 7, 0.3) };
        let mc = montecarlo::run(&sc, o);
        let f = mc.forecast.as_ref().expect("a plan with actuals and ranges has a forecast");
        assert_eq!(mc.kept.forecast_gmv.len(), 200);
        for t in (0..200).step_by(13) {
            let trial = montecarlo::sampled_scenario(&sc, o, t);
            let engine = simulate(&trial).unwrap().tracking.unwrap().forecast.gmv;
            assert!(
                rel(mc.kept.forecast_gmv[t], engine) < 1e-9,
                "{through} trial {t}: {} vs {engine}",
                mc.kept.forecast_gmv[t]
            );
        }
        // The forecast keys are tracking's, GMV first; the quantiles are ordered and the months cumulate to the year.
        let rows = simulate(&sc).unwrap().tracking.unwrap().forecast.targets;
        let keys = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            keys(f.targets.iter().map(|t| t.key.as_str()).collect()),
            keys(rows.iter().map(|t| t.key.as_str()).collect())
        );
        assert!(f.gmv.p5 <= f.gmv.p50 && f.gmv.p50 <= f.gmv.p95);
        assert!(rel(f.cumulative_gmv[11].p50.unwrap(), f.gmv.p50.unwrap()) < 1e-9);
        assert_eq!(f.channels.len(), sc.channels.len());
    }
}

#[test]
fn without_ranges_the_forecast_is_trackings_and_each_chance_is_its_status() {
    for method in [Forecast::Pace, Forecast::Plan] {
        let mut sc = without_ranges(with_actuals("05-15", method));
        // One range so the trials run, collapsed onto the value: every trial is the plan.
        let aov = sc.channels[1].aov;
        sc.channels[1].ranges.insert("aov".into(), vec![aov, aov * (1.0 + 1e-15)]);
        let plain = without_ranges(sc.clone());
        let tr = simulate(&plain).unwrap().tracking.unwrap().forecast;
        for run in [montecarlo::run(&plain, opts(50, 1, 0.0)), montecarlo::run(&sc, opts(50, 1, 0.0))] {
            let f = run.forecast.expect("forecast");
            for q in [f.gmv.p5, f.gmv.p50, f.gmv.p95, f.gmv.mean] {
                assert!(rel(q.unwrap(), tr.gmv) < 1e-9);
            }
            for (q, want) in f.quarters.iter().zip(&tr.quarters) {
                assert!(rel(q.gmv.p50.unwrap(), *want) < 1e-9);
            }
            for (c, want) in f.channels.iter().zip(&tr.channels) {
                assert!(rel(c.gmv.p10.unwrap(), *want) < 1e-9);
            }
            for (chance, row) in f.targets.iter().zip(&tr.targets) {
                assert_eq!(chance.key, row.key);
                let want = if row.status == sandtable::model::Status::Ok { 1.0 } else { 0.0 };
                assert_eq!(chance.probability, want, "{}", row.key);
            }
        }
    }
}

#[test]
fn the_forecast_is_absent_without_actuals_and_the_same_seed_repeats_it_bit_for_bit() {
    assert!(montecarlo::run(&Scenario::default(), opts(30, 1, 0.0)).forecast.is_none());
    let sc = with_actuals("08-31", Forecast::Pace);
    let json = |mc: &montecarlo::MonteCarlo| serde_json::to_string(mc).unwrap();
    let (a, b) = (montecarlo::run(&sc, opts(300, 9, 0.2)), montecarlo::run(&sc, opts(300, 9, 0.2)));
    assert_eq!(json(&a), json(&b));
    assert!(json(&a).contains("\"forecast\":{\"gmv\":"));
    // The chance given the year so far differs from the plan's own: channel 0 runs 10% behind.
    let plan_chance = a.probability("gmv").unwrap();
    let given = a.forecast.as_ref().unwrap().targets[0].probability;
    assert!(given < plan_chance, "{given} < {plan_chance}");
}

/// The whole run and the same run split into parts at `cuts` (each part carried as numbers, as a worker
/// hands it to another) give the same summary and kept trials, to the last bit.
fn check_split(name: &str, sc: &Scenario, o: Options, cuts: &[usize]) {
    let whole = montecarlo::run(sc, o);
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(o.trials);
    let mut parts = bounds
        .windows(2)
        .map(|w| {
            let p = montecarlo::part(sc, o, w[0]..w[1]);
            assert_eq!(p.trials(), w[1] - w[0], "{name}: part {w:?}");
            // Kept trials stay with the part that computed them; the rest crosses as numbers.
            let carried = montecarlo::Part::from_numbers(&p.to_numbers()).expect("a part's numbers read back");
            let bits = |p: &montecarlo::Part| p.to_numbers().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&carried), bits(&p), "{name}: part {w:?} carried");
            if o.keep_trials {
                p
            } else {
                carried
            }
        })
        .collect::<Vec<_>>()
        .into_iter();
    let mut all = parts.next().unwrap();
    for p in parts {
        assert!(all.append(p), "{name}: a part of the same plan appends");
    }
    let split = montecarlo::summarise(sc, o, all);
    let json = |mc: &montecarlo::MonteCarlo| serde_json::to_string(mc).unwrap();
    assert_eq!(json(&split), json(&whole), "{name}: cut at {cuts:?}");
    let kept = |mc: &montecarlo::MonteCarlo| format!("{:?}", mc.kept);
    assert_eq!(kept(&split), kept(&whole), "{name}: kept trials, cut at {cuts:?}");
}

#[test]
fn a_run_split_into_parts_gives_the_whole_runs_numbers_to_the_last_bit() {
    let default = Scenario::default();
    let actuals = with_actuals("06-30", Forecast::Pace);
    let kept = Options { keep_trials: true, ..opts(300, 5, 0.0) };
    check_split("default, halves", &default, opts(2000, 2026, 0.3), &[1000]);
    check_split("default, uneven thirds", &default, opts(2000, 9, 0.6), &[1, 1377]);
    check_split("default, an empty part first and last", &default, opts(500, 1, 0.0), &[0, 500]);
    check_split("default, kept trials", &default, kept, &[150]);
    check_split("actuals (forecast)", &actuals, opts(1000, 3, 0.3), &[499]);
    check_split("actuals, kept trials", &actuals, kept, &[1, 299]);
    check_split("no ranges", &without_ranges(Scenario::default()), opts(200, 1, 0.0), &[100]);
    check_split("one channel, one range", &linear_plan(), opts(300, 4, 0.0), &[200]);
    check_split("no trials", &default, opts(0, 1, 0.0), &[0]);
}

/// A part run a few trials at a time (`Steps`, as the worker runs it between its messages) is the part run at once.
fn check_steps(name: &str, sc: &Scenario, o: Options, trials: std::ops::Range<usize>, step: usize) {
    let whole = montecarlo::part(sc, o, trials.clone());
    let mut steps = montecarlo::Steps::new(sc, o, trials.clone());
    let mut calls = 1;
    while steps.run(step) {
        calls += 1;
    }
    assert_eq!(calls, trials.len().div_ceil(step.max(1)).max(1), "{name}: one call a step, and one to find none left");
    let stepped = steps.finish();
    assert_eq!(format!("{stepped:?}"), format!("{whole:?}"), "{name}: {trials:?} by {step}");
}

#[test]
fn a_part_run_a_few_trials_at_a_time_is_the_part_run_at_once() {
    let default = Scenario::default();
    let actuals = with_actuals("06-30", Forecast::Pace);
    let kept = Options { keep_trials: true, ..opts(300, 5, 0.0) };
    check_steps("default, the second half", &default, opts(2000, 2026, 0.3), 1000..2000, 256);
    check_steps("default, one at a time", &default, opts(60, 9, 0.6), 7..60, 1);
    check_steps("default, a step longer than the part", &default, opts(500, 1, 0.0), 0..500, 4096);
    check_steps("kept trials", &default, kept, 100..300, 7);
    check_steps("actuals (forecast)", &actuals, opts(1000, 3, 0.3), 0..1000, 333);
    check_steps("no ranges", &without_ranges(Scenario::default()), opts(200, 1, 0.0), 50..200, 64);
    check_steps("no trials", &default, opts(10, 1, 0.0), 10..10, 8);
    // `finish` runs what is left.
    let mut steps = montecarlo::Steps::new(&default, opts(400, 4, 0.2), 0..400);
    assert!(steps.run(100));
    assert_eq!(format!("{:?}", steps.finish()), format!("{:?}", montecarlo::part(&default, opts(400, 4, 0.2), 0..400)));
}

/// A part ended early (`Steps::end_at`, a share halved while it runs) after `ran` trials is the part of the shorter
/// range, to the last bit, when `to` is among the trials left; otherwise it is refused and the part is unchanged.
fn check_end_at(name: &str, sc: &Scenario, o: Options, trials: std::ops::Range<usize>, ran: usize, to: usize) {
    let mut steps = montecarlo::Steps::new(sc, o, trials.clone());
    steps.run(ran);
    let left = steps.remaining();
    assert_eq!(left, (trials.start + ran).min(trials.end)..trials.end, "{name}: the trials left");
    let ok = steps.end_at(to);
    assert_eq!(ok, left.contains(&to) || to == left.end, "{name}: end at {to} with {left:?} left");
    let end = if ok { to } else { trials.end };
    assert_eq!(steps.remaining(), left.start..end, "{name}: the trials left after");
    assert_eq!(steps.trials(), trials.start..end, "{name}: the part's trials after");
    let expected = montecarlo::part(sc, o, trials.start..end);
    assert_eq!(format!("{:?}", steps.finish()), format!("{expected:?}"), "{name}: {trials:?} ended at {to}");
}

#[test]
fn a_part_ended_early_is_the_part_of_the_shorter_range() {
    let default = Scenario::default();
    let actuals = with_actuals("06-30", Forecast::Pace);
    let kept = Options { keep_trials: true, ..opts(300, 5, 0.0) };
    check_end_at("default, halved", &default, opts(2000, 2026, 0.3), 1000..2000, 200, 1600);
    check_end_at("default, at the next trial", &default, opts(500, 1, 0.0), 0..500, 100, 100);
    check_end_at("default, at its own end", &default, opts(500, 1, 0.0), 0..500, 100, 500);
    check_end_at("default, before any ran", &default, opts(500, 1, 0.0), 250..500, 0, 300);
    check_end_at("refused: already run", &default, opts(500, 1, 0.0), 0..500, 100, 99);
    check_end_at("refused: past its end", &default, opts(500, 1, 0.0), 0..400, 100, 401);
    check_end_at("kept trials", &default, kept, 100..300, 20, 150);
    check_end_at("actuals (forecast)", &actuals, opts(1000, 3, 0.3), 0..1000, 333, 700);
    check_end_at("no ranges", &without_ranges(Scenario::default()), opts(200, 1, 0.0), 50..200, 10, 120);
    check_end_at("all ran", &default, opts(100, 1, 0.0), 0..100, 100, 100);
    // Where a part may end for another instance: the middle of what is left, each half `min` trials or more.
    let mut steps = montecarlo::Steps::new(&default, opts(1000, 1, 0.0), 200..1000);
    steps.run(100);
    assert_eq!(steps.later_half(300), Some(650));
    assert_eq!(steps.later_half(350), Some(650));
    assert_eq!(steps.later_half(351), None);
    assert_eq!(steps.later_half(0), Some(650));
}

#[test]
fn a_part_is_read_back_only_from_its_own_numbers() {
    let numbers = montecarlo::part(&Scenario::default(), opts(50, 1, 0.0), 10..50).to_numbers();
    assert!(montecarlo::Part::from_numbers(&numbers).is_some());
    let mut bad: Vec<(&str, Vec<f64>)> = vec![
        ("empty", vec![]),
        ("header only", numbers[..5].to_vec()),
        ("one number short", numbers[..numbers.len() - 1].to_vec()),
        ("one number more", [&numbers[..], &[0.0]].concat()),
    ];
    for (k, what) in [(0, "trials"), (1, "channels"), (2, "rows"), (3, "forecast rows")] {
        for x in [f64::NAN, -2.0, 0.5, 1e300, 1e9] {
            let mut n = numbers.clone();
            n[k] = x;
            bad.push((what, n));
        }
    }
    let mut count = numbers.clone();
    *count.last_mut().unwrap() = 0.5;
    bad.push(("a count", count));
    for (what, n) in bad {
        assert_eq!(montecarlo::Part::from_numbers(&n), None, "{what}");
    }
    // A part of another plan's shape (one channel, no forecast) does not append, and leaves the part as it was.
    let mut part = montecarlo::part(&Scenario::default(), opts(50, 1, 0.0), 0..10);
    let before = part.to_numbers();
    assert!(!part.append(montecarlo::part(&linear_plan(), opts(50, 1, 0.0), 10..50)));
    assert_eq!(part.to_numbers().len(), before.len());
    assert_eq!(part.trials(), 10);
}

/// `sort_total` leaves any values, NaNs of either sign, zeros of either sign and infinities included, exactly as
/// `sort_by(f64::total_cmp)` does, to the bit, stable or not.
#[test]
fn sort_total_is_the_comparison_sort_to_the_bit() {
    fn check(name: &str, values: &[f64]) {
        let mut want = values.to_vec();
        want.sort_by(f64::total_cmp);
        for stable in [false, true] {
            let mut got = values.to_vec();
            montecarlo::sort_total(&mut got, stable);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "{name} (stable: {stable})");
        }
    }
    let odd = [f64::NAN, -f64::NAN, 0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, -f64::MIN_POSITIVE];
    check("empty", &[]);
    check("special values", &odd);
    check("special values, twice, reversed", &odd.iter().chain(&odd).rev().copied().collect::<Vec<_>>());
    check("subnormals", &[f64::from_bits(1), -f64::from_bits(1), f64::from_bits(3), 0.0]);
    check("two sorted runs", &[1.0, 2.0, 5.0, 9.0, -3.0, 2.0, 4.0, 8.0]);
    check("GMV-like", &(0..1000).map(|i| 3.8e9 * (1.0 + ((i * 7919) % 1000) as f64 / 1e4)).collect::<Vec<_>>());
    proptest::proptest!(|(v in proptest::collection::vec(proptest::num::f64::ANY, 0..200))| check("any", &v));
}
