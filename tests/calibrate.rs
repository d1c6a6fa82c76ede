//! Calibration (MODEL.md §12): exports made by the engine from a known plan give that plan back; noise gives a
//! close backcast; every refusal has its words in both languages; garbage never panics.

mod common;

use proptest::prelude::*;
use sandtable::calibrate::sample::{self, Layout};
use sandtable::calibrate::{self, messages, CalibrateError, Calibration, Warning};
use sandtable::model::inputs::Slot;
use sandtable::model::scenario::{Event, Pacing, Scenario};
use sandtable::model::{parse_scenario, simulate};
use sandtable::present::format::Lang;

fn default_plan() -> Scenario {
    parse_scenario(sandtable::model::scenario::DEFAULT_JSON).expect("default")
}

/// The plan with its fitted fields moved away from the truth, so a fit must find them.
fn scrambled(truth: &Scenario) -> Scenario {
    let mut sc = truth.clone();
    sc.seasonality = vec![1.0; 12];
    for e in &mut sc.events {
        e.traffic_uplift = 2.0;
        e.cvr_uplift = 1.0;
        e.discount = 0.0;
        e.ranges.clear();
    }
    for c in &mut sc.channels {
        c.organic_uv *= 0.7;
        c.cvr = 0.02;
        c.cvr_end = None;
        c.uv_trend = None;
        c.aov = 100.0;
        c.return_rate = 0.01;
        c.ranges.clear();
    }
    sc.last_year_gmv = 0.0;
    sc
}

/// Last year's files of `truth` for the channels `which` (all when empty), read back as a planner would.
fn files(truth: &Scenario, noise: f64, which: &[usize]) -> Vec<calibrate::ChannelFile> {
    let exports = sample::exports(truth, noise, 7).expect("exports");
    exports
        .iter()
        .enumerate()
        .filter(|(c, _)| which.is_empty() || which.contains(c))
        .map(|(c, (name, bytes))| calibrate::read(truth, &c.to_string(), bytes, name).expect("read"))
        .collect()
}

/// Every fitted field of `got` within `tol` (relative) of `want`'s, for the channels in `which`.
fn check_fields(got: &Scenario, want: &Scenario, which: &[usize], tol: f64) {
    let close = |path: &str, a: f64, b: f64| {
        let err = (a / b - 1.0).abs();
        assert!(err <= tol || (a - b).abs() < 1e-9, "{path}: got {a}, want {b} ({:.3}%)", err * 100.0);
    };
    let ws: f64 = want.seasonality.iter().sum::<f64>() / 12.0;
    for m in 0..12 {
        close(&format!("seasonality.{m}"), got.seasonality[m], want.seasonality[m] / ws);
    }
    for k in 0..want.events.len() {
        for f in ["traffic_uplift", "cvr_uplift"] {
            let s = Slot::parse(&format!("events.{k}.{f}")).unwrap();
            close(&s.path(), s.get(got).unwrap(), s.get(want).unwrap());
        }
        // A discount is compared as the price paid (a 0 discount has no relative error).
        close(&format!("events.{k}.discount"), 1.0 - got.events[k].discount, 1.0 - want.events[k].discount);
    }
    for &c in which {
        for f in ["organic_uv", "uv_trend", "cvr", "cvr_end", "aov", "return_rate"] {
            let s = Slot::parse(&format!("channels.{c}.{f}")).unwrap();
            close(&s.path(), s.get(got).unwrap(), s.get(want).unwrap());
        }
    }
}

fn run(truth: &Scenario, noise: f64) -> Calibration {
    calibrate::calibrate(&scrambled(truth), &files(truth, noise, &[])).expect("calibrates")
}

#[test]
fn the_default_plan_comes_back_from_its_own_exports() {
    let truth = default_plan();
    let cal = run(&truth, 0.0);
    let all: Vec<usize> = (0..truth.channels.len()).collect();
    check_fields(&cal.plan, &truth, &all, 0.005);
    assert_eq!(cal.plan.year, truth.year);
    for ch in &cal.report.channels {
        assert!(ch.mape < 0.002, "{}: MAPE {}", ch.name, ch.mape);
    }
    // last_year_gmv is the files' GMV.
    let mut last = truth.clone();
    last.year -= 1;
    last.actuals = None;
    let gmv = simulate(&last).unwrap().year.gmv;
    assert!((cal.plan.last_year_gmv / gmv - 1.0).abs() < 1e-4);
}

#[test]
fn the_channel_series_equal_the_engine() {
    let sc = default_plan();
    let res = simulate(&sc).unwrap();
    let days = calibrate::series::channel_days(&sc);
    let cal = sandtable::model::calendar::Calendar::new(sc.year);
    for (c, ch) in days.iter().enumerate() {
        let mut monthly = [0.0; 12];
        for (d, g) in ch.gmv.iter().enumerate() {
            monthly[cal.month_of_day[d] as usize] += g;
        }
        for (m, got) in monthly.iter().enumerate() {
            let want = res.channels[c].monthly_gmv[m];
            assert!((got / want - 1.0).abs() < 1e-9, "channel {c} month {m}");
        }
    }
}

#[test]
fn noisy_days_give_a_close_plan_and_backcast() {
    let truth = default_plan();
    let cal = run(&truth, 0.03);
    let all: Vec<usize> = (0..truth.channels.len()).collect();
    check_fields(&cal.plan, &truth, &all, 0.05);
    // The backcast against the true (noise-free) months.
    let mut last = truth.clone();
    last.year -= 1;
    let want = simulate(&last).unwrap();
    for ch in &cal.report.channels {
        for m in &ch.months {
            let t = want.channels[ch.channel].monthly_gmv[m.month as usize - 1];
            assert!(
                (m.backcast_gmv / t - 1.0).abs() < 0.03,
                "{} month {}: {} vs {t}",
                ch.name,
                m.month,
                m.backcast_gmv
            );
        }
    }
}

#[test]
fn a_channel_without_a_file_keeps_its_values() {
    let truth = default_plan();
    let start = scrambled(&truth);
    let cal = calibrate::calibrate(&start, &files(&truth, 0.0, &[0, 2])).expect("calibrates");
    check_fields(&cal.plan, &truth, &[0, 2], 0.005);
    assert_eq!(cal.plan.channels[1], start.channels[1]);
    assert!(cal.report.warnings.contains(&Warning::ChannelKept { name: truth.channels[1].name.clone() }));
}

#[test]
fn refitting_a_calibrated_plan_changes_nothing() {
    let truth = default_plan();
    let cal = run(&truth, 0.02);
    let again = calibrate::calibrate(&cal.plan, &files(&cal.plan, 0.0, &[])).expect("calibrates");
    let all: Vec<usize> = (0..truth.channels.len()).collect();
    check_fields(&again.plan, &cal.plan, &all, 0.005);
}

#[test]
fn ranges_move_with_their_values() {
    let truth = default_plan();
    let mut start = truth.clone();
    start.channels[0].cvr = 0.02;
    start.channels[0].ranges.insert("cvr".into(), vec![0.018, 0.022]);
    let cal = calibrate::calibrate(&start, &files(&truth, 0.0, &[0])).expect("calibrates");
    let r = &cal.plan.channels[0].ranges["cvr"];
    let v = cal.plan.channels[0].cvr;
    assert!(r[0] < v && v < r[1], "{r:?} around {v}");
    assert!((v / truth.channels[0].cvr - 1.0).abs() < 0.005);
}

/// A plan of `n` channels with the features §12 asks for: trends, ramps, seasonal and monthly pacing,
/// overlapping and separate events.
fn varied(n: usize, overlap: bool) -> Scenario {
    let mut sc = default_plan();
    let base = sc.channels.clone();
    sc.channels = (0..n)
        .map(|i| {
            let mut c = base[i % base.len()].clone();
            c.name = format!("C{i}");
            c.organic_uv *= 1.0 + 0.3 * i as f64;
            c.uv_trend = Some(0.6 + 0.2 * i as f64);
            c.cvr_end = Some(c.cvr * (1.3 - 0.05 * i as f64));
            c.aov *= 1.0 + 0.1 * i as f64;
            c.base_share = None;
            c
        })
        .collect();
    for l in &mut sc.spend_lines {
        if let Some(s) = &mut l.split {
            *s = (0..n).map(|i| s.get(i % s.len()).copied().unwrap_or(0.0) + 0.05).collect();
        }
    }
    sc.spend_lines[1].pacing = Pacing::Monthly(vec![1.0, 1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 2.0, 4.0, 2.0]);
    sc.seasonality = vec![0.9, 0.6, 1.0, 1.1, 1.0, 1.2, 0.9, 0.8, 1.0, 1.1, 1.4, 1.3];
    if overlap {
        sc.events.push(Event {
            name: "Brand day".into(),
            start: "06-10".into(),
            end: "06-25".into(),
            traffic_uplift: 1.6,
            cvr_uplift: 1.1,
            discount: 0.05,
            ..Event::default()
        });
    }
    sc.actuals = None;
    sc
}

#[test]
fn plans_of_one_to_twelve_channels_come_back() {
    for (n, overlap) in [(1, false), (2, true), (5, true), (12, false), (12, true)] {
        let truth = varied(n, overlap);
        assert!(sandtable::model::validate(&truth).is_empty(), "{n}");
        let cal = run(&truth, 0.0);
        let all: Vec<usize> = (0..n).collect();
        check_fields(&cal.plan, &truth, &all, 0.005);
    }
}

#[test]
fn an_event_without_days_of_its_own_and_a_month_inside_events_are_kept() {
    let mut truth = default_plan();
    truth.events.push(Event {
        name: "Inside 618".into(),
        start: "06-01".into(),
        end: "06-05".into(),
        traffic_uplift: 1.5,
        cvr_uplift: 1.0,
        discount: 0.0,
        ..Event::default()
    });
    truth.events.push(Event {
        name: "August".into(),
        start: "08-01".into(),
        end: "08-31".into(),
        traffic_uplift: 1.3,
        cvr_uplift: 1.1,
        discount: 0.02,
        ..Event::default()
    });
    let start = scrambled(&truth);
    let cal = calibrate::calibrate(&start, &files(&truth, 0.0, &[])).expect("calibrates");
    let w = &cal.report.warnings;
    assert!(w.contains(&Warning::EventKept { event: 4, name: "Inside 618".into() }), "{w:?}");
    assert!(w.contains(&Warning::MonthKept { month: 8 }), "{w:?}");
    assert_eq!(cal.plan.events[4].traffic_uplift, start.events[4].traffic_uplift);
    for lang in [Lang::Zh, Lang::En] {
        let lines = messages::report_lines(&cal.plan, &cal.report, lang);
        assert!(lines.iter().any(|l| l.contains("Inside 618")));
    }
}

fn csv(rows: &[(String, f64, f64, f64)]) -> Vec<u8> {
    let mut s = String::from("日期,访客数,支付金额,支付父订单数\n");
    for (d, uv, gmv, o) in rows {
        s.push_str(&format!("{d},{uv},{gmv},{o}\n"));
    }
    s.into_bytes()
}

fn year_rows(year: i32) -> Vec<(String, f64, f64, f64)> {
    let n = sandtable::model::calendar::days_in_year(year);
    (0..n)
        .map(|d| {
            let (m, day) = sandtable::model::calendar::month_day(year, d);
            (format!("{year}-{m:02}-{day:02}"), 500_000.0, 5e6, 20_000.0)
        })
        .collect()
}

/// Each refusal, and its words in both languages naming the file.
#[test]
fn refusals_name_the_file_and_the_dates() {
    let sc = default_plan();
    let read = |bytes: &[u8]| calibrate::read(&sc, "0", bytes, "tmall.csv");
    let words = |e: &CalibrateError, zh: &str, en: &str| {
        let (z, n) = (messages::error(e, Lang::Zh), messages::error(e, Lang::En));
        assert!(z.contains(zh), "{z}");
        assert!(n.contains(en), "{n}");
    };
    // Another year.
    let e = read(&csv(&year_rows(2026))).unwrap_err();
    words(&e, "2025 年", "2025");
    // A missing day.
    let mut rows = year_rows(2025);
    rows.remove(40);
    let e = read(&csv(&rows)).unwrap_err();
    words(&e, "2025-02-10", "2025-02-10");
    // A duplicate date.
    let mut rows = year_rows(2025);
    rows[41].0 = rows[40].0.clone();
    let e = read(&csv(&rows)).unwrap_err();
    words(&e, "2025-02-10", "2025-02-10");
    // Not the whole year.
    let rows = year_rows(2025)[..200].to_vec();
    let e = read(&csv(&rows)).unwrap_err();
    assert!(matches!(e, CalibrateError::NotWholeYear { .. }));
    words(&e, "2025-07-19", "every day of 2025");
    // No visitors column.
    let text = "日期,支付金额,支付父订单数\n2025-01-01,1,1\n";
    let e = read(text.as_bytes()).unwrap_err();
    words(&e, "访客数", "visitors");
    // Monthly rows.
    let text: String = std::iter::once("月份,访客数,支付金额,订单数\n".to_string())
        .chain((1..=12).map(|m| format!("2025-{m:02},1,1,1\n")))
        .collect();
    let e = read(text.as_bytes()).unwrap_err();
    words(&e, "按月", "monthly");
    // Paid visitors above the day's visitors: a tiny channel against the plan's lines.
    let tiny: Vec<_> = year_rows(2025).into_iter().map(|(d, _, g, o)| (d, 100.0, g, o)).collect();
    let f = read(&csv(&tiny)).expect("reads");
    let e = calibrate::calibrate(&sc, std::slice::from_ref(&f)).unwrap_err();
    assert!(matches!(e, CalibrateError::PaidAboveVisitors { days, total: 365, .. } if days > 18), "{e:?}");
    words(&e, "2025-01-01", "2025-01-01");
    // Two files for one channel, none at all, no such channel.
    words(&calibrate::calibrate(&sc, &[f.clone(), f]).unwrap_err(), "两个文件", "Two files");
    words(&calibrate::calibrate(&sc, &[]).unwrap_err(), "没有", "No file");
    words(&calibrate::read(&sc, "Taobao", b"", "x.csv").unwrap_err(), "Taobao", "Taobao");
}

#[test]
fn a_file_without_refunds_keeps_the_return_rate() {
    let truth = default_plan();
    let mut last = truth.clone();
    last.year -= 1;
    let days = sample::days(&last, 0.0, 1);
    let bytes = sample::file(&days[0], 2025, Layout::Plain, false).unwrap();
    let start = scrambled(&truth);
    let f = calibrate::read(&start, "0", &bytes, "t.csv").unwrap();
    let cal = calibrate::calibrate(&start, &[f]).unwrap();
    assert_eq!(cal.plan.channels[0].return_rate, start.channels[0].return_rate);
    assert!(cal.report.warnings.contains(&Warning::NoRefunds { name: truth.channels[0].name.clone() }));
    assert!((cal.plan.channels[0].aov / truth.channels[0].aov - 1.0).abs() < 0.005);
}

#[test]
fn every_layout_reads_back() {
    let truth = default_plan();
    let mut last = truth.clone();
    last.year -= 1;
    let days = sample::days(&last, 0.0, 1);
    for layout in [Layout::Sycm, Layout::Jd, Layout::Compass, Layout::Plain] {
        let bytes = sample::file(&days[0], 2025, layout, true).unwrap();
        let name = format!("f.{}", layout.extension());
        let f = calibrate::read(&truth, "0", &bytes, &name).unwrap_or_else(|e| panic!("{layout:?}: {e}"));
        assert_eq!(f.daily.days.len(), 365);
        assert_eq!(f.daily.days[10].1[1], Some(days[0][10][0]), "{layout:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Garbage never panics: it is read or refused.
    #[test]
    fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400), name in "[a-z]{1,6}\\.(csv|xlsx|xls|txt)") {
        let sc = default_plan();
        if let Ok(f) = calibrate::read(&sc, "0", &bytes, &name) {
            let _ = calibrate::calibrate(&sc, &[f]);
        }
    }


    /// A real export with bytes changed or cut off never panics either: it is read and calibrated, or refused.
    #[test]
    fn damaged_exports_never_panic(which in 0usize..3, cut in 0.0f64..1.0, flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..6)) {
        let sc = default_plan();
        let (name, mut bytes) = sample_exports()[which].clone();
        for (at, b) in flips {
            let i = (at * bytes.len() as f64) as usize % bytes.len();
            bytes[i] = b;
        }
        bytes.truncate(((1.0 - cut * cut) * bytes.len() as f64) as usize);
        if let Ok(f) = calibrate::read(&sc, &which.to_string(), &bytes, &name) {
            let _ = calibrate::calibrate(&sc, &[f]);
        }
    }
}

/// The default plan's exports, made once.
fn sample_exports() -> &'static [(String, Vec<u8>)] {
    static EXPORTS: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    EXPORTS.get_or_init(|| sample::exports(&default_plan(), 0.03, 1).expect("exports"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// A calibrated plan refits to itself from its own exports (MODEL.md §12's fixed point).
    #[test]
    fn refitting_is_a_fixed_point(k in 0.7f64..1.4, trend in 0.5f64..2.0, seed in 0u64..1000) {
        let mut truth = default_plan();
        truth.channels[0].organic_uv *= k;
        truth.channels[2].uv_trend = Some(trend);
        let start = scrambled(&truth);
        let exports = sample::exports(&truth, 0.02, seed).unwrap();
        let fs: Vec<_> = exports.iter().enumerate().map(|(c, (n, b))| calibrate::read(&truth, &c.to_string(), b, n).unwrap()).collect();
        let once = calibrate::calibrate(&start, &fs).unwrap();
        let again = calibrate::calibrate(&once.plan, &files(&once.plan, 0.0, &[])).unwrap();
        let all: Vec<usize> = (0..truth.channels.len()).collect();
        check_fields(&again.plan, &once.plan, &all, 0.005);
    }
}
