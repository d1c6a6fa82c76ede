//! Every chart renders to SVG natively, for the default plan and for awkward ones, with the labels expected.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use plotters::prelude::*;
use sandtable::charts::{self, ChartInput, ChartKind};
use sandtable::model::{simulate, Scenario};
use sandtable::present::format::Lang;

fn svg(kind: ChartKind, sc: &Scenario, lang: Lang) -> String {
    svg_at(kind, sc, lang, 640)
}

fn svg_at(kind: ChartKind, sc: &Scenario, lang: Lang, width: u32) -> String {
    let r = simulate(sc).unwrap();
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (width, 320)).into_drawing_area();
        let input = ChartInput::new(sc, &r, lang);
        charts::draw(kind, &area, &input).unwrap();
        area.present().unwrap();
    }
    out
}

/// Renders `kind` and expects each piece of text in the SVG.
fn check(kind: ChartKind, sc: &Scenario, lang: Lang, expected: &[&str]) {
    let s = svg(kind, sc, lang);
    assert!(s.starts_with("<svg"), "{kind:?}");
    for e in expected {
        assert!(s.contains(e), "{kind:?} {lang:?}: {e:?} not in the SVG");
    }
}

#[test]
fn monthly_gmv_has_channels_and_target() {
    let sc = Scenario::default();
    check(ChartKind::MonthlyGmv, &sc, Lang::En, &["Tmall", "WeChat Channels", "Monthly target", "Jan", "Dec"]);
    check(ChartKind::MonthlyGmv, &sc, Lang::Zh, &["月度目标", "11月"]);
}

#[test]
fn cumulative_has_both_lines() {
    check(ChartKind::Cumulative, &Scenario::default(), Lang::En, &["Cumulative GMV", "Cumulative target", "<polyline"]);
}

#[test]
fn budget_shows_roi_of_traffic_lines() {
    let sc = Scenario::default();
    let r = simulate(&sc).unwrap();
    let roi = format!("ROI {}", sandtable::present::format::grouped(r.spend_lines[0].roi.unwrap(), 2));
    check(ChartKind::Budget, &sc, Lang::En, &[&roi, "Feed ads"]);
}

#[test]
fn response_marks_today() {
    check(ChartKind::Response, &Scenario::default(), Lang::En, &["today", "/month", "Monthly spend"]);
    check(ChartKind::Response, &tiny(), Lang::Zh, &["没有投放类预算项"]);
}

#[test]
fn repeat_curve_points() {
    check(ChartKind::Repeat, &Scenario::default(), Lang::En, &["365d: 0.24", "45d: 0.05"]);
}

#[test]
fn awkward_plans_draw_without_error() {
    let mut zero = tiny();
    zero.channels[0].organic_uv = 0.0;
    zero.spend_lines.push(traffic_line("Feed", 0.0, 1.0, 1.0, vec![1.0]));
    let many = Scenario {
        channels: (0..12).map(|i| channel(&format!("渠道{i}"), 1e6, 0.02, 100.0)).collect(),
        spend_lines: vec![],
        ..Scenario::default()
    };
    let mut huge = Scenario::default();
    huge.channels[0].organic_uv = 1e13;
    huge.channels[0].aov = 1e15;
    for sc in [zero, many, huge] {
        for kind in ChartKind::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let s = svg(kind, &sc, lang);
                assert!(s.contains("</svg>"));
                let input_r = simulate(&sc).unwrap();
                let input = ChartInput { scale: 2.0, line: 9, ..ChartInput::new(&sc, &input_r, lang) };
                assert!(!charts::describe(kind, &input).is_empty(), "{kind:?} {lang:?}");
                let t = charts::table(kind, &input);
                assert!(t.rows.iter().all(|row| row.len() == t.headers.len()), "{kind:?}");
            }
        }
    }
}

#[test]
fn monthly_targets_add_up_to_the_gmv_target() {
    let sc = Scenario::default();
    let r = simulate(&sc).unwrap();
    let t = charts::monthly_targets(&r);
    assert!(close(t.iter().sum::<f64>(), sc.targets.gmv, 1e-12));
    // Q4 is 45.4% of the target, spread over October to December by each month's share of Q4's GMV.
    assert!(close(t[9] + t[10] + t[11], 0.454 * sc.targets.gmv, 1e-12));
    assert!(close(t[10] / t[9], r.months[10].kpis.gmv / r.months[9].kpis.gmv, 1e-12));
    let (actual, target) = charts::cumulative_series(&sc, &r);
    assert_eq!(actual.len(), 365);
    assert!(close(*actual.last().unwrap(), r.year.gmv, 1e-9));
    assert!(close(*target.last().unwrap(), sc.targets.gmv, 1e-9));
}

#[test]
fn response_curve_doubles_cost_at_half_saturation() {
    // At the half-saturation spend each visitor costs twice the cpc.
    let v = sandtable::model::response::visitors(2.0, 1000.0, 1000.0);
    assert!(close(1000.0 / v, 4.0, 1e-12));
    assert_eq!(sandtable::model::response::visitors(2.0, 1000.0, 0.0), 0.0);
}

#[test]
fn chart_keys_round_trip() {
    for k in ChartKind::ALL {
        assert_eq!(ChartKind::from_key(k.key()), Some(k));
    }
    assert_eq!(ChartKind::from_key("pie"), None);
    // The embed offers the charts a plan draws alone; the decisions' charts need answers it never computes.
    let embeddable: Vec<&str> = ChartKind::ALL.iter().filter(|k| k.embeddable()).map(|k| k.key()).collect();
    assert!(embeddable.contains(&"monthly") && !embeddable.contains(&"curves") && !embeddable.contains(&"compare"));
}

/// Renders an uncertainty chart with a finished Monte Carlo and tornado of the seed plan.
fn svg_with_analysis(kind: ChartKind, lang: Lang) -> (String, sandtable::analysis::montecarlo::MonteCarlo) {
    use sandtable::analysis::{montecarlo, sensitivity};
    let sc = Scenario::default();
    let r = simulate(&sc).unwrap();
    let mc = montecarlo::run(&sc, montecarlo::Options { trials: 500, ..montecarlo::Options::of(&sc) });
    let t = sensitivity::tornado(&sc, "gmv");
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (800, 360)).into_drawing_area();
        let input = ChartInput { mc: Some(&mc), tornado: Some(&t), ..ChartInput::new(&sc, &r, lang) };
        charts::draw(kind, &area, &input).unwrap();
        area.present().unwrap();
        let table = charts::table(kind, &input);
        assert!(!table.rows.is_empty(), "{kind:?} has no data table");
        assert!(!charts::describe(kind, &input).is_empty());
    }
    (out, mc)
}

#[test]
fn uncertainty_charts_draw_bands_bars_and_labels() {
    let (fan, _) = svg_with_analysis(ChartKind::Fan, Lang::En);
    assert!(fan.contains("P25–P75") && fan.contains("Cumulative target") && fan.contains("<polygon"));
    let (hist, mc) = svg_with_analysis(ChartKind::Histogram, Lang::Zh);
    assert!(hist.contains("GMV目标"));
    // One bar per non-empty bin.
    let bars = mc.histogram.counts.iter().filter(|&&c| c > 0).count();
    assert!(hist.matches("<rect").count() >= bars, "{} bars", bars);
    let (tornado, _) = svg_with_analysis(ChartKind::Tornado, Lang::Zh);
    assert!(tornado.contains("转化率") && tornado.contains('%'), "tornado labels name the input and its range");
    // Without a run the charts say why instead of drawing empty axes.
    check(ChartKind::Fan, &Scenario::default(), Lang::En, &["Give assumptions a range"]);
    check(ChartKind::Tornado, &Scenario::default(), Lang::Zh, &["正在计算敏感度"]);
}

#[test]
fn decision_charts_draw_curves_points_and_pinned_plans() {
    use sandtable::analysis::optimise::{optimise, OptimiseOptions};
    use sandtable::charts::decisions::Pinned;
    let sc = Scenario::default();
    let r = simulate(&sc).unwrap();
    let opt = optimise(&sc, &OptimiseOptions::default()).unwrap();
    let mut b = sc.clone();
    b.name = "Plan B".into();
    b.channels[0].cvr *= 1.1;
    let rb = simulate(&b).unwrap();
    let pinned = [
        Pinned { name: "Plan A".into(), monthly_gmv: std::array::from_fn(|m| r.months[m].kpis.gmv) },
        Pinned { name: "Plan B".into(), monthly_gmv: std::array::from_fn(|m| rb.months[m].kpis.gmv) },
    ];
    for (kind, lang, want) in [
        (ChartKind::Curves, Lang::En, vec!["Feed ads", "Livestream slots", "<circle"]),
        (ChartKind::Compare, Lang::Zh, vec!["Plan A", "Plan B", "12月"]),
    ] {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (800, 360)).into_drawing_area();
            let input = ChartInput { optimum: Some(&opt), compare: &pinned, ..ChartInput::new(&sc, &r, lang) };
            charts::draw(kind, &area, &input).unwrap();
            area.present().unwrap();
            assert_eq!(charts::table(kind, &input).rows.len(), if kind == ChartKind::Curves { 3 } else { 12 });
            assert!(!charts::describe(kind, &input).is_empty());
        }
        for w in want {
            assert!(out.contains(w), "{kind:?} lacks {w}");
        }
    }
    // Without an answer or pins, a sentence.
    check(ChartKind::Curves, &sc, Lang::En, &["Run the optimiser"]);
    check(ChartKind::Compare, &sc, Lang::Zh, &["加入要对比的方案"]);
}

#[test]
fn cumulative_shows_actuals_then_the_forecast() {
    let plain = svg(ChartKind::Cumulative, &Scenario::default(), Lang::Zh);
    assert!(!plain.contains("预测"));
    let mut sc = Scenario::default();
    let report =
        sandtable::import::read(b"month,gmv\n2026-01,200000000\n2026-02,180000000\n", "p", 2026, Some("02-20"))
            .unwrap();
    sc = sandtable::import::apply(&sc, 0, &report).unwrap();
    let text = svg(ChartKind::Cumulative, &sc, Lang::Zh);
    assert!(text.contains("实际") && text.contains("预测"), "the legend names both lines");
    let r = sandtable::model::simulate(&sc).unwrap();
    let (actual, forecast) = sandtable::charts::tracking_series(&sc, &r).unwrap();
    assert_eq!(actual.last().unwrap(), &(51.0, 380_000_000.0));
    assert_eq!(forecast.first().unwrap(), actual.last().unwrap());
    let end = forecast.last().unwrap();
    assert_eq!(end.0, 365.0);
    let t = r.tracking.unwrap();
    assert!((end.1 - t.forecast.months.iter().sum::<f64>()).abs() < 1e-3);
}

#[test]
fn the_repeat_chart_counts_days_in_the_language() {
    let zh = svg(ChartKind::Repeat, &Scenario::default(), Lang::Zh);
    assert!(zh.contains("365天: 0.24") && !zh.contains("365d"), "zh labels say 天");
    let en = svg(ChartKind::Repeat, &Scenario::default(), Lang::En);
    assert!(en.contains("365d: 0.24"));
}

/// The texts of an SVG, in drawing order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("</text>").filter_map(|t| t.rsplit('>').next()).map(|t| t.trim().to_string()).collect()
}

#[test]
fn budget_names_are_whole() {
    let sc = Scenario::default();
    for width in [640, 350] {
        let shown = texts(&svg_at(ChartKind::Budget, &sc, Lang::En, width));
        for name in ["Feed ads", "KOL commission", "Livestream slots", "Member perks", "Content production"] {
            assert!(shown.iter().any(|t| t == name), "{width} px: {name} not whole in {shown:?}");
        }
    }
}

#[test]
fn month_axes_label_months_at_a_regular_step() {
    let sc = Scenario::default();
    for kind in [ChartKind::MonthlyGmv, ChartKind::Cumulative] {
        for (lang, width) in [(Lang::En, 640), (Lang::Zh, 640), (Lang::En, 350), (Lang::Zh, 350), (Lang::Zh, 240)] {
            let months: Vec<usize> = (0..12)
                .map(|m| sandtable::present::format::month_label(m, lang))
                .collect::<Vec<_>>()
                .iter()
                .enumerate()
                .filter(|(_, label)| texts(&svg_at(kind, &sc, lang, width)).contains(label))
                .map(|(m, _)| m)
                .collect();
            assert!(months.len() >= 4, "{kind:?} {lang:?} {width}: {months:?}");
            assert_eq!(months[0], 0, "{kind:?} {lang:?} {width}: starts with January");
            let step = months[1] - months[0];
            assert!(months.windows(2).all(|w| w[1] - w[0] == step), "{kind:?} {lang:?} {width}: {months:?}");
            assert!(
                months.last().unwrap() + step > 11,
                "{kind:?} {lang:?} {width}: runs to the year's end: {months:?}"
            );
        }
    }
}

/// The chart function of a wasm's set.
#[derive(Clone, Copy)]
enum Draw {
    /// `draw_result` (the page).
    Result,
    /// `draw_embeddable` (the embed).
    Embeddable,
    /// `draw` (the panels, the CLI).
    All,
}

/// Draws `kind` from `input` with `draw`, as SVG.
fn svg_with(draw: Draw, kind: ChartKind, input: &ChartInput) -> String {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
        match draw {
            Draw::Result => charts::draw_result(kind, &area, input),
            Draw::Embeddable => charts::draw_embeddable(kind, &area, input),
            Draw::All => charts::draw(kind, &area, input),
        }
        .unwrap();
        area.present().unwrap();
    }
    out
}

#[test]
fn each_wasm_s_chart_set_draws_its_own_charts_as_every_chart_does_and_leaves_the_rest_blank() {
    use sandtable::analysis::{montecarlo, sensitivity};
    let sc = Scenario::default();
    let r = simulate(&sc).unwrap();
    let mc = montecarlo::run(&sc, montecarlo::Options { trials: 200, ..montecarlo::Options::of(&sc) });
    let t = sensitivity::tornado(&sc, "gmv");
    let input = ChartInput { mc: Some(&mc), tornado: Some(&t), ..ChartInput::new(&sc, &r, Lang::En) };
    type Has = fn(ChartKind) -> bool;
    let sets: [(Draw, Has); 3] =
        [(Draw::Result, ChartKind::is_result), (Draw::Embeddable, ChartKind::embeddable), (Draw::All, |_| true)];
    let blank = svg_with(Draw::Result, ChartKind::Fan, &input);
    assert!(!blank.contains("<text"), "a kind outside the set is drawn blank");
    for (draw, has) in sets {
        for kind in ChartKind::ALL {
            let mine = svg_with(draw, kind, &input);
            if has(kind) {
                assert_eq!(mine, svg_with(Draw::All, kind, &input), "{kind:?}");
                assert_ne!(mine, blank, "{kind:?} is drawn");
            } else {
                assert_eq!(mine, blank, "{kind:?} is not in the set: blank");
            }
        }
    }
    // The page's five are embeddable; the embed's words and tables are every chart's but the decisions' and
    // tracking's.
    for kind in ChartKind::ALL {
        assert!(!kind.is_result() || kind.embeddable(), "{kind:?}");
        assert_eq!(charts::describe_embeddable(kind, &input).is_empty(), !kind.embeddable(), "{kind:?}");
        assert_eq!(charts::describe_result(kind, &input).is_empty(), !kind.is_result(), "{kind:?}");
        let own = if kind.embeddable() { charts::table(kind, &input) } else { Default::default() };
        assert_eq!(charts::table_embeddable(kind, &input), own, "{kind:?}");
        let own = if kind.is_result() { charts::table(kind, &input) } else { Default::default() };
        assert_eq!(charts::table_result(kind, &input), own, "{kind:?}");
    }
}

/// The page's start-up script (Trunk.toml) loads the full embed for the embeddable charts the read-only embed
/// cannot draw: its list is exactly those of `ChartKind` that are embeddable and not one of the results' five.
#[test]
fn the_start_up_script_sends_the_monte_carlo_charts_to_the_full_embed() {
    let trunk = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Trunk.toml")).expect("Trunk.toml");
    let line = trunk.lines().find(|l| l.contains(r#".includes(query.get("chart"))"#)).expect("the script's chart list");
    let list = &line[line.find('[').expect("[") + 1..line.find(']').expect("]")];
    let mut named: Vec<&str> = list.split(',').map(|k| k.trim().trim_matches('"')).collect();
    let mut full: Vec<&str> =
        ChartKind::ALL.into_iter().filter(|k| k.embeddable() && !k.is_result()).map(|k| k.key()).collect();
    named.sort_unstable();
    full.sort_unstable();
    assert_eq!(named, full);
}
