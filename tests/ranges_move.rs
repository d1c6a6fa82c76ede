//! A range moves with its value (MODEL.md §6): edits, goal seek's and the optimiser's apply and calibration
//! carry a ranged value's 90% range with it; typing a bound edits the range alone.

use sandtable::edit;
use sandtable::model::inputs::{move_ranges, Slot};
use sandtable::model::scenario::Scenario;

fn plan() -> Scenario {
    Scenario::default()
}

/// Sets `path` to `x` with `range` beforehand and checks the range after (`None`: kept as it was).
fn check(path: &str, range: (f64, f64), x: f64, want: Option<(f64, f64)>) {
    let slot = Slot::parse(path).unwrap();
    let mut sc = plan();
    slot.set_range(&mut sc, Some(range));
    let v = slot.get(&sc).unwrap();
    slot.set_moving_range(&mut sc, x);
    let got = slot.range(&sc).unwrap();
    let want = want.unwrap_or(range);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1e-300);
    assert!(close(got.0, want.0) && close(got.1, want.1), "{path} {v} -> {x}: {got:?}, want {want:?}");
}

fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[test]
fn log_normal_bounds_scale_and_logit_normal_bounds_shift() {
    // Log-normal: organic visitors, a budget, the repeat curve's 365-day value.
    let uv = plan().channels[0].organic_uv;
    check("channels.0.organic_uv", (0.8 * uv, 1.3 * uv), 2.0 * uv, Some((1.6 * uv, 2.6 * uv)));
    let b = plan().spend_lines[0].budget;
    check("spend_lines.0.budget", (0.5 * b, 1.5 * b), 0.5 * b, Some((0.25 * b, 0.75 * b)));
    // Logit-normal: the bounds keep their distance in logit space.
    let (lo, hi, v, x) = (0.028, 0.036, plan().channels[0].cvr, 0.045);
    let shift = logit(x) - logit(v);
    check("channels.0.cvr", (lo, hi), x, Some((sigmoid(logit(lo) + shift), sigmoid(logit(hi) + shift))));
}

#[test]
fn at_the_domains_edges_the_range_is_kept_or_clamped() {
    // A conversion set to 1: the odds are infinite, the range cannot move, it is kept.
    check("channels.0.cvr", (0.028, 0.036), 1.0, None);
    // A discount from 0: no odds to scale, kept.
    let mut sc = plan();
    let slot = Slot::parse("events.0.discount").unwrap();
    slot.set(&mut sc, 0.0);
    slot.set_range(&mut sc, Some((0.05, 0.1)));
    slot.set_moving_range(&mut sc, 0.2);
    assert_eq!(slot.range(&sc), Some((0.05, 0.1)));
    // Moved down to 0: the range would collapse to 0, kept.
    check("channels.0.organic_uv", (1e6, 2e6), 0.0, None);
    // A bound past the domain's top is clamped (uv_trend at most 100), and the range stays a range.
    let slot = Slot::parse("channels.0.uv_trend").unwrap();
    let mut sc = plan();
    slot.set_range(&mut sc, Some((0.5, 2.0)));
    slot.set_moving_range(&mut sc, 60.0);
    assert_eq!(slot.range(&sc), Some((30.0, 100.0)));
}

#[test]
fn an_edit_moves_the_range_in_the_same_step_and_a_bound_edits_the_range_alone() {
    let sc = plan();
    let before = Slot::parse("channels.0.cvr").unwrap().range(&sc).unwrap();
    let next = edit::set_number(&sc, "channels.0.cvr", 0.04).unwrap();
    let after = Slot::parse("channels.0.cvr").unwrap().range(&next).unwrap();
    assert!(after.0 > before.0 && after.1 > before.1 && after.0 < 0.04 && 0.04 < after.1, "{after:?}");
    // The other ranges are untouched.
    assert_eq!(next.channels[1].ranges, sc.channels[1].ranges);
    // A bound typed is the range alone: the value stays.
    let typed = edit::set_range(&sc, "channels.0.cvr", Some((0.01, 0.05))).unwrap();
    assert_eq!(typed.channels[0].cvr, sc.channels[0].cvr);
    // The 365-day point of the repeat curve is the ranged value: editing it moves the curve's range.
    let r = Slot::parse("customers.repeat_curve").unwrap();
    let (lo, hi) = r.range(&sc).unwrap();
    let r365 = sc.customers.repeat_curve[3];
    let next = edit::set_number(&sc, "customers.repeat_curve.3", 2.0 * r365).unwrap();
    let (lo2, hi2) = r.range(&next).unwrap();
    assert!((lo2 / lo - 2.0).abs() < 1e-12 && (hi2 / hi - 2.0).abs() < 1e-12);
}

#[test]
fn an_apply_moves_every_changed_value_range() {
    let sc = plan();
    let mut next = sc.clone();
    next.channels[2].organic_uv *= 1.5;
    next.spend_lines[0].budget *= 0.5;
    move_ranges(&sc, &mut next);
    let uv = &next.channels[2].ranges["organic_uv"];
    let was = &sc.channels[2].ranges["organic_uv"];
    assert!((uv[0] / was[0] - 1.5).abs() < 1e-12 && (uv[1] / was[1] - 1.5).abs() < 1e-12);
    // Unchanged values keep their ranges exactly.
    assert_eq!(next.channels[0].ranges, sc.channels[0].ranges);
}
