//! Criterion benchmark of one simulated year: the default scenario, a large one (12 channels, 16 lines,
//! 8 events), and a sweep over channel counts to show the cost is linear in channels + lines + days; then
//! the grouped year of the Monte Carlo; Monte Carlo and the tornado on the default plan.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use sandtable::analysis::{montecarlo, sensitivity};
use sandtable::model::scenario::*;
use sandtable::model::Simulator;

/// The default scenario grown to `channels` channels, `lines` spend lines and `events` events.
fn grown(channels: usize, lines: usize, events: usize) -> Scenario {
    let mut sc = Scenario::default();
    let base_channels = sc.channels.clone();
    sc.channels = (0..channels).map(|i| base_channels[i % base_channels.len()].clone()).collect();
    let base_lines = sc.spend_lines.clone();
    sc.spend_lines = (0..lines)
        .map(|i| {
            let mut l = base_lines[i % base_lines.len()].clone();
            if l.is_traffic() || i % 2 == 0 {
                l.kind = SpendKind::Traffic;
                l.cpc = Some(1.0 + i as f64 * 0.1);
                l.half_saturation = Some(3e7);
                l.split = Some((0..channels).map(|c| 1.0 + ((c + i) % 3) as f64).collect());
            }
            l
        })
        .collect();
    let base_events = sc.events.clone();
    sc.events = (0..events)
        .map(|i| {
            let mut e = base_events[i % base_events.len()].clone();
            if i >= base_events.len() {
                e.start = format!("{:02}-02", i + 1);
                e.end = format!("{:02}-09", i + 1);
            }
            e
        })
        .collect();
    assert!(sandtable::model::validate(&sc).is_empty());
    sc
}

fn bench(c: &mut Criterion) {
    let mut sim = Simulator::default();
    let default = Scenario::default();
    c.bench_function("year/default", |b| b.iter(|| black_box(sim.run(black_box(&default)).year.gmv)));
    let large = grown(12, 16, 8);
    // The grouped year (Monte Carlo's fast path) on the same plan.
    let mut grouped = sandtable::model::grouped::Grouped::new(&default);
    c.bench_function("year/default-grouped", |b| {
        b.iter(|| black_box(grouped.run(black_box(&default)).map(|r| r.year.gmv)))
    });
    c.bench_function("year/12ch-16lines-8events", |b| b.iter(|| black_box(sim.run(black_box(&large)).year.gmv)));
    let mut group = c.benchmark_group("year/channels");
    for n in [1, 3, 6, 12] {
        let sc = grown(n, 6, 4);
        group.bench_with_input(BenchmarkId::from_parameter(n), &sc, |b, sc| b.iter(|| black_box(sim.run(sc).year.gmv)));
    }
    group.finish();
    let json = serde_json::to_string(&default).unwrap();
    c.bench_function("parse+validate/default", |b| {
        b.iter(|| black_box(sandtable::model::parse_scenario(black_box(&json)).is_ok()))
    });
    // Monte Carlo (MODEL.md §6) and the tornado (§7) on the default plan's 17 ranged inputs.
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    let opts = montecarlo::Options { trials: 1000, ..montecarlo::Options::of(&default) };
    group.bench_function("montecarlo/1000-trials", |b| b.iter(|| black_box(montecarlo::run(&default, opts).trials)));
    group.bench_function("tornado/gmv", |b| b.iter(|| black_box(sensitivity::tornado(&default, "gmv").rows.len())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
