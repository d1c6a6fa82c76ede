//! The charts of the Monte Carlo and the tornado (MODEL.md §6, §7): the fan of cumulative GMV against the
//! cumulative target, the histogram of year GMV with the target line, and the tornado's bars.
//!
//! Invariant: each chart draws from a finished run only; without one (no ranges yet, or still running) it
//! says so in words on the canvas instead of drawing stale or empty axes.

use super::{err, font, legend, month_label, px, ChartInput, DrawResult, Swatch, Table, PALETTE, TARGET};
use crate::analysis::montecarlo::Summary;
use crate::model::inputs::{Object, Slot};
use crate::model::Scenario;
use crate::present::format::{self, Lang};
use crate::present::i18n;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The fan's band colours: P5–P95 light, P25–P75 darker.
const OUTER: RGBColor = RGBColor(0xc9, 0xdb, 0xf4);
const INNER: RGBColor = RGBColor(0x8f, 0xb5, 0xea);

fn zh(input: &ChartInput) -> bool {
    input.lang == Lang::Zh
}

/// Writes a sentence in the middle of an empty chart.
pub(super) fn message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
    zh_s: &str,
    en_s: &str,
) -> DrawResult {
    let (w, h) = area.dim_in_pixel();
    let style = font(input, 13.0).pos(Pos::new(HPos::Center, VPos::Center));
    let text = if zh(input) { zh_s } else { en_s };
    area.draw(&Text::new(text.to_string(), (w as i32 / 2, h as i32 / 2), style)).map_err(err)
}

/// The cumulative GMV target at each month's end.
pub fn cumulative_targets(input: &ChartInput) -> [f64; 12] {
    let monthly = super::monthly_targets(input.results);
    let mut acc = 0.0;
    std::array::from_fn(|m| {
        acc += monthly[m];
        acc
    })
}

/// P5, P25, P50, P75, P95 of each summary (cumulative GMV at each month's end).
fn fan_points(s: &[Summary]) -> Vec<[f64; 5]> {
    s.iter().map(|s| [s.p5, s.p25, s.p50, s.p75, s.p95].map(|q| q.unwrap_or(0.0))).collect()
}

/// The cumulative GMV known at each month's end before month M (the forecast's months: actuals, and the plan
/// of channels without them), and the forecast's bands from month M to December; `None` without both.
fn forecast_points(input: &ChartInput) -> Option<(usize, Vec<[f64; 5]>)> {
    let f = input.mc?.forecast.as_ref()?;
    let tr = input.results.tracking.as_ref()?;
    let known = tr.months.len().saturating_sub(1);
    let mut pts = fan_points(&f.cumulative_gmv);
    let mut acc = 0.0;
    for (m, p) in pts.iter_mut().enumerate().take(known) {
        acc += tr.forecast.months.get(m).copied().unwrap_or(0.0);
        *p = [acc; 5];
    }
    Some((known, pts))
}

/// The fan chart: cumulative GMV's P5–P95 and P25–P75 bands and median against the cumulative target.
pub fn fan<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let Some(mc) = input.mc else {
        return message(
            area,
            input,
            "给假设加上区间后，这里显示累计GMV的可能范围",
            "Give assumptions a range to see the spread of cumulative GMV",
        );
    };
    bands(area, input, &fan_points(&mc.cumulative_gmv), 0)
}

/// Tracking's forecast fan (MODEL.md §10): the cumulative GMV to date as a line, then the forecast's bands and
/// median from month M to December, against the cumulative target.
pub fn forecast<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    match forecast_points(input) {
        Some((known, pts)) => bands(area, input, &pts, known),
        None => message(
            area,
            input,
            "有实际数据且假设带区间时，这里显示全年预测的可能范围",
            "With actuals and ranges, the forecast's likely range shows here",
        ),
    }
}

/// Draws bands from month `known` (its first `known` months are a line: what is known to date).
fn bands<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
    pts: &[[f64; 5]],
    known: usize,
) -> DrawResult {
    let targets = cumulative_targets(input);
    let max = pts.iter().map(|p| p[4]).chain(targets).fold(0.0, f64::max);
    let lang = input.lang;
    let z = zh(input);
    let mut items = vec![
        ("P5–P95".to_string(), OUTER, Swatch::Box),
        ("P25–P75".to_string(), INNER, Swatch::Box),
        ((if z { "中位数" } else { "Median" }).to_string(), PALETTE[0], Swatch::Line),
        ((if z { "累计目标" } else { "Cumulative target" }).to_string(), TARGET, Swatch::Line),
    ];
    if known > 0 {
        items.push(((if z { "至今" } else { "To date" }).to_string(), PALETTE[1], Swatch::Line));
    }
    let plot = legend(area, &items, input)?;
    let step = super::month_step(&plot, input, 58.0);
    let mut chart = super::cartesian(&plot, input, 58.0, 0.5f64..12.5, 0f64..super::y_top(max))?;
    super::mesh(&mut chart, input, super::Grid::Rows, (12, 6), &|x| super::month_tick(*x - 1.0, step, lang), &|y| {
        format::count(*y, lang)
    })?;
    let x = |m: usize| m as f64 + 1.0;
    // The bands start at the last known month's end, where every quantile is that month's cumulative GMV.
    let from = known.saturating_sub(1);
    let fan = || pts.iter().enumerate().skip(from);
    for (lo, hi, color) in [(0, 4, OUTER), (1, 3, INNER)] {
        let mut band: Vec<(f64, f64)> = fan().map(|(m, p)| (x(m), p[hi])).collect();
        band.extend(fan().rev().map(|(m, p)| (x(m), p[lo])));
        chart.draw_series(std::iter::once(Polygon::new(band, color.filled()))).map_err(err)?;
    }
    let median = fan().map(|(m, p)| (x(m), p[2]));
    chart.draw_series(LineSeries::new(median, PALETTE[0].stroke_width(px(input, 2.0)))).map_err(err)?;
    let to_date = pts.iter().take(known).enumerate().map(|(m, p)| (x(m), p[2]));
    chart.draw_series(LineSeries::new(to_date, PALETTE[1].stroke_width(px(input, 2.0)))).map_err(err)?;
    let target = targets.iter().enumerate().map(|(m, t)| (x(m), *t));
    chart.draw_series(LineSeries::new(target, TARGET.stroke_width(px(input, 1.0)))).map_err(err)?;
    Ok(())
}

/// The histogram of year GMV over the trials, with the GMV target as a vertical line.
pub fn histogram<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let Some(mc) = input.mc else {
        return message(
            area,
            input,
            "给假设加上区间后，这里显示全年GMV的分布",
            "Give assumptions a range to see the distribution of GMV",
        );
    };
    let h = &mc.histogram;
    let (Some(&lo), Some(&hi)) = (h.edges.first(), h.edges.last()) else { return Ok(()) };
    let target = input.scenario.targets.gmv;
    let (x0, x1) = (lo.min(target), hi.max(target));
    let pad = ((x1 - x0) * 0.04).max(x1.abs() * 1e-6).max(1.0);
    let top = h.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let lang = input.lang;
    let z = zh(input);
    let items = [
        ((if z { "试验次数" } else { "Trials" }).to_string(), PALETTE[0], Swatch::Box),
        ((if z { "GMV目标" } else { "GMV target" }).to_string(), TARGET, Swatch::Line),
    ];
    let plot = legend(area, &items, input)?;
    let mut chart = super::cartesian(&plot, input, 44.0, (x0 - pad)..(x1 + pad), 0f64..top * 1.1)?;
    super::mesh(&mut chart, input, super::Grid::Rows, (5, 5), &|x| super::axis_money(*x, lang), &|y| {
        format::grouped(*y, 0)
    })?;
    let bars = h.edges.windows(2).zip(&h.counts).map(|(e, &c)| {
        let gap = (e[1] - e[0]) * 0.08;
        Rectangle::new([(e[0] + gap, 0.0), (e[1] - gap, c as f64)], PALETTE[0].filled())
    });
    chart.draw_series(bars).map_err(err)?;
    let line = [(target, 0.0), (target, top * 1.1)];
    chart.draw_series(LineSeries::new(line, TARGET.stroke_width(px(input, 2.0)))).map_err(err)?;
    Ok(())
}

/// The name of an input as a planner reads it: its object's name and the field (`天猫 转化率`).
pub fn input_label(sc: &Scenario, path: &str, lang: Lang) -> String {
    let field = i18n::field_label(lang, path);
    let Some(slot) = Slot::parse(path) else { return field.to_string() };
    let owner = match slot.input.object {
        Object::Channel => sc.channels.get(slot.index).map(|c| &c.name),
        Object::Event => sc.events.get(slot.index).map(|e| &e.name),
        Object::SpendLine => sc.spend_lines.get(slot.index).map(|l| &l.name),
        _ => None,
    };
    match owner {
        Some(name) => format!("{name} {field}"),
        None => field.to_string(),
    }
}

/// An input's value in its display unit (`3.20%`, `¥1.50亿`).
pub fn input_value(path: &str, x: f64, lang: Lang) -> String {
    let unit = crate::edit::unit(path);
    format::value(unit, Some(x), lang)
}

/// A tornado KPI's value in its unit (money for GMV and net profit).
fn kpi_value(kpi: &str, x: Option<f64>, lang: Lang) -> String {
    let unit = crate::model::kpi::find(kpi).map_or(crate::model::inputs::Unit::Money, |k| k.unit);
    format::value(unit, x, lang)
}

/// The tornado's rows shown: the largest swings first, at most this many.
pub const TORNADO_ROWS: usize = 12;

/// The tornado: one bar per input from the KPI at its low end to the KPI at its high end, around the plan's
/// own value, largest swing at the top.
pub fn tornado<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let Some(t) = input.tornado else {
        return message(area, input, "正在计算敏感度…", "Computing the sensitivity…");
    };
    let rows: Vec<_> = t.rows.iter().take(TORNADO_ROWS).collect();
    let base = t.base.unwrap_or(0.0);
    let ends = rows.iter().flat_map(|r| [r.kpi_low, r.kpi_high]).flatten();
    let (lo, hi) = ends.fold((base, base), |(a, b), x| (a.min(x), b.max(x)));
    let pad = ((hi - lo) * 0.05).max(hi.abs().max(1.0) * 1e-6);
    let lang = input.lang;
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            let name = input_label(input.scenario, &r.path, lang);
            format!("{name} {}–{}", input_value(&r.path, r.low, lang), input_value(&r.path, r.high, lang))
        })
        .collect();
    let n = rows.len().max(1) as f64;
    let z = zh(input);
    let items = [
        ((if z { "假设取低值" } else { "Input at its low" }).to_string(), PALETTE[3], Swatch::Box),
        ((if z { "假设取高值" } else { "Input at its high" }).to_string(), PALETTE[2], Swatch::Box),
    ];
    let plot = legend(area, &items, input)?;
    let (labels, label_w) = super::row_labels(&plot, input, labels, 0.5);
    let mut chart = super::cartesian(&plot, input, label_w, (lo - pad)..(hi + pad), -0.5f64..(n - 0.5))?;
    super::mesh(
        &mut chart,
        input,
        super::Grid::Columns,
        (5, rows.len() + 1),
        &|x| kpi_value(&t.kpi, Some(*x), lang),
        // Row 0 (largest swing) at the top.
        &|y| super::row_tick(*y, &labels),
    )?;
    let y = |i: usize| (rows.len() - 1 - i) as f64;
    let bars = rows.iter().enumerate().flat_map(|(i, r)| {
        let low = r.kpi_low.unwrap_or(base);
        let high = r.kpi_high.unwrap_or(base);
        [(low, PALETTE[3]), (high, PALETTE[2])]
            .map(|(v, c)| Rectangle::new([(base.min(v), y(i) - 0.32), (base.max(v), y(i) + 0.32)], c.filled()))
    });
    chart.draw_series(bars).map_err(err)?;
    let axis = [(base, -0.5), (base, n - 0.5)];
    chart.draw_series(LineSeries::new(axis, TARGET.stroke_width(px(input, 1.0)))).map_err(err)?;
    Ok(())
}

/// What the uncertainty charts show, in a sentence.
pub fn describe(kind: super::ChartKind, input: &ChartInput) -> String {
    let lang = input.lang;
    let z = zh(input);
    let m = |x: Option<f64>| format::opt(x, |v| format::money(v, lang));
    match kind {
        super::ChartKind::Forecast => match input.mc.and_then(|mc| mc.forecast.as_ref()) {
            None => (if z { "尚无全年预测的范围。" } else { "No forecast range yet." }).to_string(),
            Some(f) => {
                let p = f.targets.first().map_or("—".to_string(), |t| format::percent(t.probability, 1));
                let (p10, p50, p90) = (m(f.gmv.p10), m(f.gmv.p50), m(f.gmv.p90));
                if z {
                    format!("按年内至今：全年GMV预测 P10 {p10}，P50 {p50}，P90 {p90}；达成GMV目标的概率 {p}。")
                } else {
                    format!("Given the year so far: forecast GMV P10 {p10}, P50 {p50}, P90 {p90}; chance of the GMV target {p}.")
                }
            }
        },
        super::ChartKind::Fan | super::ChartKind::Histogram => match input.mc {
            None => (if z { "尚无蒙特卡洛结果。" } else { "No Monte Carlo result yet." }).to_string(),
            Some(mc) => {
                let g = mc.kpi("gmv").copied().unwrap_or_default();
                let p = mc.probability("gmv").map_or("—".to_string(), |p| format::percent(p, 1));
                if z {
                    format!(
                        "{}次试验：全年GMV P10 {}，P50 {}，P90 {}；达成GMV目标的概率 {}。",
                        mc.trials,
                        m(g.p10),
                        m(g.p50),
                        m(g.p90),
                        p
                    )
                } else {
                    format!(
                        "{} trials: year GMV P10 {}, P50 {}, P90 {}; chance of the GMV target {}.",
                        mc.trials,
                        m(g.p10),
                        m(g.p50),
                        m(g.p90),
                        p
                    )
                }
            }
        },
        _ => match input.tornado.and_then(|t| t.rows.first().map(|r| (t, r))) {
            None => (if z { "尚无敏感度结果。" } else { "No sensitivity result yet." }).to_string(),
            Some((t, r)) => {
                let name = input_label(input.scenario, &r.path, lang);
                if z {
                    format!("对{}影响最大的假设：{}。", i18n::t(lang, &format!("k.{}", t.kpi)), name)
                } else {
                    format!("The assumption that moves {} most: {}.", i18n::t(lang, &format!("k.{}", t.kpi)), name)
                }
            }
        },
    }
}

/// The uncertainty charts' data as tables.
pub fn table(kind: super::ChartKind, input: &ChartInput) -> Table {
    let lang = input.lang;
    let z = zh(input);
    let h = |zh_s: &str, en_s: &str| if z { zh_s.to_string() } else { en_s.to_string() };
    let m = |x: Option<f64>| format::opt(x, |v| format::money(v, lang));
    match kind {
        super::ChartKind::Fan | super::ChartKind::Forecast => {
            let summaries = match kind {
                super::ChartKind::Fan => input.mc.map(|mc| &mc.cumulative_gmv),
                _ => input.mc.and_then(|mc| mc.forecast.as_ref()).map(|f| &f.cumulative_gmv),
            };
            let Some(summaries) = summaries else { return Table::default() };
            let targets = cumulative_targets(input);
            Table {
                headers: vec![
                    h("月末", "Month end"),
                    "P5".into(),
                    "P25".into(),
                    "P50".into(),
                    "P75".into(),
                    "P95".into(),
                    h("累计目标", "Target"),
                ],
                rows: summaries
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        vec![month_label(i, lang), m(s.p5), m(s.p25), m(s.p50), m(s.p75), m(s.p95), m(Some(targets[i]))]
                    })
                    .collect(),
            }
        }
        super::ChartKind::Histogram => {
            let Some(mc) = input.mc else { return Table::default() };
            let e = &mc.histogram.edges;
            Table {
                headers: vec![h("GMV自", "GMV from"), h("至", "to"), h("试验次数", "Trials")],
                rows: mc
                    .histogram
                    .counts
                    .iter()
                    .enumerate()
                    .map(|(i, c)| vec![m(e.get(i).copied()), m(e.get(i + 1).copied()), c.to_string()])
                    .collect(),
            }
        }
        _ => {
            let Some(t) = input.tornado else { return Table::default() };
            let v = |x: Option<f64>| kpi_value(&t.kpi, x, lang);
            Table {
                headers: vec![
                    h("假设", "Assumption"),
                    h("低", "Low"),
                    h("高", "High"),
                    h("取低时", "KPI at low"),
                    h("取高时", "KPI at high"),
                    h("波动", "Swing"),
                ],
                rows: t
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            input_label(input.scenario, &r.path, lang),
                            input_value(&r.path, r.low, lang),
                            input_value(&r.path, r.high, lang),
                            v(r.kpi_low),
                            v(r.kpi_high),
                            v(Some(r.swing())),
                        ]
                    })
                    .collect(),
            }
        }
    }
}
