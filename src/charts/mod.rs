//! Charts as pure functions over any plotters `DrawingBackend`: the app draws them on a canvas, the native
//! tests render them to SVG. Each chart also gives a text description and its data as a table.
//!
//! Invariant: no chart function panics, whatever the results hold (zero, huge or missing values).

pub mod decisions;
pub mod uncertainty;

use crate::analysis::montecarlo::MonteCarlo;
use crate::analysis::optimise::Optimum;
use crate::analysis::sensitivity::Tornado;
use crate::model::calendar::days_in_month;
use crate::model::response::visitors;
use crate::model::results::Results;
use crate::model::scenario::Scenario;
use crate::present::format::{self, Lang};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The charts of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Monthly GMV stacked by channel, with the monthly target.
    MonthlyGmv,
    /// Cumulative GMV against the cumulative target through the year.
    Cumulative,
    /// Marketing budget by line, with each line's ROI.
    Budget,
    /// The response curve of one traffic line, with today's spend marked.
    Response,
    /// The repeat curve of a new customer.
    Repeat,
    /// Monte Carlo: cumulative GMV's bands through the year against the cumulative target.
    Fan,
    /// Monte Carlo: the distribution of year GMV with the target line.
    Histogram,
    /// The tornado: each input moved alone to its low and high.
    Tornado,
    /// The optimiser: each traffic line's response curve with today's budget and the optimum.
    Curves,
    /// The comparison: the monthly GMV of every pinned plan.
    Compare,
    /// Tracking: the cumulative GMV to date and the forecast's bands to December (MODEL.md §10).
    Forecast,
}

impl ChartKind {
    /// Every chart, in the order the app shows them.
    pub const ALL: [ChartKind; 11] = [
        ChartKind::MonthlyGmv,
        ChartKind::Cumulative,
        ChartKind::Budget,
        ChartKind::Response,
        ChartKind::Repeat,
        ChartKind::Fan,
        ChartKind::Histogram,
        ChartKind::Tornado,
        ChartKind::Curves,
        ChartKind::Compare,
        ChartKind::Forecast,
    ];

    /// The key used in URLs and test ids (`monthly`, `cumulative`, `budget`, `response`, `repeat`).
    pub fn key(self) -> &'static str {
        match self {
            ChartKind::MonthlyGmv => "monthly",
            ChartKind::Cumulative => "cumulative",
            ChartKind::Budget => "budget",
            ChartKind::Response => "response",
            ChartKind::Repeat => "repeat",
            ChartKind::Fan => "fan",
            ChartKind::Histogram => "histogram",
            ChartKind::Tornado => "tornado",
            ChartKind::Curves => "curves",
            ChartKind::Compare => "compare",
            ChartKind::Forecast => "forecast",
        }
    }

    /// Whether a chart can be drawn from a plan alone, as the embed does: not the optimiser's curves or the
    /// comparison, which need answers the embed never computes, nor tracking's forecast.
    pub fn embeddable(self) -> bool {
        !matches!(self, ChartKind::Curves | ChartKind::Compare | ChartKind::Forecast)
    }

    /// Whether the chart is one of the results' five, drawn from the plan and its year alone (the page's first
    /// screen shows only these: `draw_result`).
    pub fn is_result(self) -> bool {
        matches!(
            self,
            ChartKind::MonthlyGmv | ChartKind::Cumulative | ChartKind::Budget | ChartKind::Response | ChartKind::Repeat
        )
    }

    /// The chart for a key, `None` when unknown.
    pub fn from_key(key: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The chart's title.
    pub fn title(self, lang: Lang) -> &'static str {
        let zh = lang == Lang::Zh;
        match self {
            ChartKind::MonthlyGmv => {
                if zh {
                    "月度GMV（按渠道）与目标"
                } else {
                    "Monthly GMV by channel vs target"
                }
            }
            ChartKind::Cumulative => {
                if zh {
                    "累计GMV与目标"
                } else {
                    "Cumulative GMV vs target"
                }
            }
            ChartKind::Budget => {
                if zh {
                    "营销预算与各项ROI"
                } else {
                    "Marketing budget and ROI by line"
                }
            }
            ChartKind::Response => {
                if zh {
                    "投放响应曲线"
                } else {
                    "Response curve of a traffic line"
                }
            }
            ChartKind::Repeat => {
                if zh {
                    "新客复购曲线"
                } else {
                    "Repeat curve of a new customer"
                }
            }
            ChartKind::Fan => {
                if zh {
                    "累计GMV的可能范围"
                } else {
                    "Cumulative GMV: the likely range"
                }
            }
            ChartKind::Histogram => {
                if zh {
                    "全年GMV的分布"
                } else {
                    "Distribution of year GMV"
                }
            }
            ChartKind::Tornado => {
                if zh {
                    "敏感度（龙卷风图）"
                } else {
                    "Sensitivity (tornado)"
                }
            }
            ChartKind::Curves => {
                if zh {
                    "各投放项的响应曲线（○ 当前，□ 最优）"
                } else {
                    "Response curves (○ today, □ optimum)"
                }
            }
            ChartKind::Compare => {
                if zh {
                    "各方案的月度GMV"
                } else {
                    "Monthly GMV of the pinned plans"
                }
            }
            ChartKind::Forecast => {
                if zh {
                    "按年内至今的累计GMV预测"
                } else {
                    "Cumulative GMV forecast, given the year so far"
                }
            }
        }
    }
}

/// What a chart is drawn from.
#[derive(Clone, Copy)]
pub struct ChartInput<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its simulated year.
    pub results: &'a Results,
    /// Labels' language.
    pub lang: Lang,
    /// Device pixels per CSS pixel: fonts and lines are scaled by it.
    pub scale: f64,
    /// Index into `spend_lines` of the line whose response curve is shown.
    pub line: usize,
    /// The plan's Monte Carlo, when one has finished.
    pub mc: Option<&'a MonteCarlo>,
    /// The plan's tornado, when one has finished.
    pub tornado: Option<&'a Tornado>,
    /// The optimiser's last answer.
    pub optimum: Option<&'a Optimum>,
    /// The plans pinned for comparison.
    pub compare: &'a [decisions::Pinned],
}

impl<'a> ChartInput<'a> {
    /// The input of a plan and its results at scale 1, the first response line, no analyses.
    pub fn new(scenario: &'a Scenario, results: &'a Results, lang: Lang) -> ChartInput<'a> {
        ChartInput {
            scenario,
            results,
            lang,
            scale: 1.0,
            line: 0,
            mc: None,
            tornado: None,
            optimum: None,
            compare: &[],
        }
    }
}

/// A chart's data as a table for people and screen readers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of formatted cells.
    pub rows: Vec<Vec<String>>,
}

/// The palette: one colour per channel or line, distinguishable and printable.
pub const PALETTE: [RGBColor; 12] = [
    RGBColor(0x2f, 0x6f, 0xd0),
    RGBColor(0xe0, 0x6c, 0x1f),
    RGBColor(0x2a, 0xa1, 0x6a),
    RGBColor(0xc2, 0x3b, 0x5b),
    RGBColor(0x7b, 0x5c, 0xc9),
    RGBColor(0x8c, 0x6d, 0x31),
    RGBColor(0x1f, 0x9e, 0xb8),
    RGBColor(0xd4, 0xa0, 0x17),
    RGBColor(0x5d, 0x6d, 0x7e),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x17, 0xbe, 0xcf),
    RGBColor(0x98, 0x4e, 0xa3),
];

const TARGET: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

type DrawResult = Result<(), String>;

/// Drawing errors carry nothing a person can act on; their `Debug` text is not worth its code size.
fn err<E>(_: E) -> String {
    "the chart could not be drawn".to_string()
}

/// Draws `kind` on `area`.
pub fn draw<DB: DrawingBackend>(kind: ChartKind, area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    if kind.embeddable() {
        return draw_embeddable(kind, area, input);
    }
    area.fill(&WHITE).map_err(err)?;
    match kind {
        ChartKind::Forecast => uncertainty::forecast(area, input),
        ChartKind::Curves => decisions::curves(area, input),
        _ => decisions::compare(area, input),
    }
}

/// Draws an embeddable chart (`ChartKind::embeddable`) on `area`; any other kind is left blank. The embed calls
/// it instead of `draw`, so the decisions' and tracking's charts are not in its wasm.
pub fn draw_embeddable<DB: DrawingBackend>(
    kind: ChartKind,
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> DrawResult {
    if kind.is_result() {
        return draw_result(kind, area, input);
    }
    area.fill(&WHITE).map_err(err)?;
    match kind {
        ChartKind::Fan => uncertainty::fan(area, input),
        ChartKind::Histogram => uncertainty::histogram(area, input),
        ChartKind::Tornado => uncertainty::tornado(area, input),
        _ => Ok(()),
    }
}

/// Draws one of the results' charts (`ChartKind::is_result`) on `area`; any other kind is left blank. A wasm
/// that shows only these charts calls it instead of `draw`, so the others' code is not in it.
pub fn draw_result<DB: DrawingBackend>(
    kind: ChartKind,
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
) -> DrawResult {
    area.fill(&WHITE).map_err(err)?;
    match kind {
        ChartKind::MonthlyGmv => monthly_gmv(area, input),
        ChartKind::Cumulative => cumulative(area, input),
        ChartKind::Budget => budget(area, input),
        ChartKind::Response => response(area, input),
        ChartKind::Repeat => repeat(area, input),
        _ => Ok(()),
    }
}

/// The charts' text style. The family is the enum, not the string `"sans-serif"`: parsing a string lowercases
/// it, which brings Unicode case tables (12 KB) into the wasm.
fn font(input: &ChartInput, size: f64) -> TextStyle<'static> {
    (FontFamily::SansSerif, size * input.scale).into_font().color(&RGBColor(0x44, 0x44, 0x44))
}

fn px(input: &ChartInput, x: f64) -> u32 {
    (x * input.scale).round().max(1.0) as u32
}

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
enum Swatch {
    /// A filled square (bars).
    Box,
    /// A short line (series).
    Line,
}

/// Draws a legend in rows across the top of `area` and returns the area left below it. Text is measured
/// through the backend (`DrawingArea::estimate_text_size`), never through plotters' own legend, which on the
/// web measures each label with a DOM element.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(String, RGBColor, Swatch)],
    input: &ChartInput,
) -> Result<DrawingArea<DB, Shift>, String> {
    let style = font(input, 11.0);
    let (w, _) = area.dim_in_pixel();
    let pad = px(input, 8.0) as i32;
    let sw = px(input, 12.0) as i32;
    let row_h = px(input, 16.0) as i32;
    let mut placed = Vec::with_capacity(items.len());
    let (mut x, mut y) = (pad, px(input, 4.0) as i32);
    for (label, color, kind) in items {
        let tw = area.estimate_text_size(label, &style).map(|s| s.0 as i32).unwrap_or(0);
        let item_w = sw + px(input, 4.0) as i32 + tw + px(input, 12.0) as i32;
        if x > pad && x + item_w > w as i32 - pad {
            x = pad;
            y += row_h;
        }
        placed.push((x, y, label, *color, *kind));
        x += item_w;
    }
    let height = (y + row_h) as u32;
    let (top, rest) = area.split_vertically(height);
    for (x, y, label, color, kind) in placed {
        let mid = y + row_h / 2;
        match kind {
            Swatch::Box => top.draw(&Rectangle::new([(x, mid - sw / 2), (x + sw, mid + sw / 2)], color.filled())),
            Swatch::Line => {
                top.draw(&PathElement::new(vec![(x, mid), (x + sw, mid)], color.stroke_width(px(input, 2.0))))
            }
        }
        .map_err(err)?;
        let anchor = style.pos(Pos::new(HPos::Left, VPos::Center));
        top.draw(&Text::new(label.clone(), (x + sw + px(input, 4.0) as i32, mid), anchor)).map_err(err)?;
    }
    Ok(rest)
}

/// Which grid lines a chart keeps.
#[derive(Clone, Copy)]
enum Grid {
    /// Horizontal and vertical.
    Both,
    /// Horizontal only (bars and lines over months).
    Rows,
    /// Vertical only (the tornado's horizontal bars).
    Columns,
}

/// A chart over `f64` by `f64`.
type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws the axes and grid every chart of `cartesian` uses: white minor lines, grey major lines in `grid`, the
/// label font, `labels` ticks on x and y, and their formatters.
fn mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<DB>,
    input: &ChartInput,
    grid: Grid,
    (x_labels, y_labels): (usize, usize),
    x: &dyn Fn(&f64) -> String,
    y: &dyn Fn(&f64) -> String,
) -> DrawResult {
    let mut mesh = chart.configure_mesh();
    match grid {
        Grid::Rows => {
            mesh.disable_x_mesh();
        }
        Grid::Columns => {
            mesh.disable_y_mesh();
        }
        Grid::Both => {}
    }
    mesh.light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_labels(x_labels)
        .y_labels(y_labels)
        .x_label_formatter(x)
        .y_label_formatter(y)
        .label_style(font(input, 11.0))
        .draw()
        .map_err(err)
}

/// The chart area every f64-by-f64 chart uses: the usual margin and label areas (`y_area` CSS pixels for the
/// y labels) around `x` by `y`.
fn cartesian<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    input: &ChartInput,
    y_area: f64,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<
    ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>,
    String,
> {
    ChartBuilder::on(area)
        .margin(px(input, 8.0))
        // Room for half of the last x label, centred on the axis's end.
        .margin_right(px(input, 28.0))
        .x_label_area_size(px(input, 22.0))
        .y_label_area_size(px(input, y_area))
        .build_cartesian_2d(x, y)
        .map_err(err)
}

/// A y range from 0 to a little above `max`, never empty.
fn y_top(max: f64) -> f64 {
    if max.is_finite() && max > 0.0 {
        max * 1.08
    } else {
        1.0
    }
}

/// Money on an axis: as elsewhere, except that small amounts carry no fen (`¥0`, not `¥0.00`).
pub(crate) fn axis_money(x: f64, lang: Lang) -> String {
    if x.abs() < 1e4 {
        format!("¥{}", format::count(x, lang))
    } else {
        format::money(x, lang)
    }
}

/// Every how many months a month axis of `area` labels a month, so its labels never touch: 1 where a month's
/// slot holds its widest label, else 2, else 3 (a phone in zh-CN: `10月` in 25 px). The same step every time,
/// so the labels read regularly (Jan, Mar, May …).
fn month_step<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput, y_area: f64) -> usize {
    let style = font(input, 11.0);
    let widest = (0..12)
        .map(|m| area.estimate_text_size(&month_label(m, input.lang), &style).map_or(0, |s| s.0))
        .max()
        .unwrap_or(0) as f64;
    let plot = area.dim_in_pixel().0 as f64 - f64::from(px(input, 16.0) + px(input, y_area));
    let slot = plot / 12.0;
    let gap = f64::from(px(input, 6.0));
    (1..=3).find(|k| slot * *k as f64 >= widest + gap).unwrap_or(4)
}

/// A month axis label: month `m` (0-based) when `x` is on it and it is one of every `step`th, else nothing.
fn month_tick(x: f64, step: usize, lang: Lang) -> String {
    let m = x.round();
    if (x - m).abs() < 1e-6 && (0.0..12.0).contains(&m) && (m as usize).is_multiple_of(step) {
        month_label(m as usize, lang)
    } else {
        String::new()
    }
}

/// A row axis label of a horizontal bar chart whose first row is drawn at the top: `labels[0]` at the highest y.
fn row_tick(y: f64, labels: &[String]) -> String {
    let i = y.round();
    if (y - i).abs() < 1e-6 && i >= 0.0 {
        labels.get(labels.len().saturating_sub(1 + i as usize)).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// Labels for the rows of a horizontal bar chart and the width of their axis: each label whole when the widest
/// fits in `max_share` of the area's width, else shortened with `…` to fit (never cut by the edge).
fn row_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &ChartInput,
    labels: Vec<String>,
    max_share: f64,
) -> (Vec<String>, f64) {
    let style = font(input, 11.0);
    let width = |s: &str| area.estimate_text_size(s, &style).map_or(0, |w| w.0) as f64 / input.scale;
    let room = area.dim_in_pixel().0 as f64 / input.scale * max_share;
    let fitted: Vec<String> = labels
        .into_iter()
        .map(|l| {
            if width(&l) <= room {
                return l;
            }
            let chars: Vec<char> = l.chars().collect();
            let n =
                (1..chars.len()).rev().find(|n| width(&format!("{}…", chars[..*n].iter().collect::<String>())) <= room);
            format!("{}…", chars[..n.unwrap_or(1)].iter().collect::<String>())
        })
        .collect();
    let widest = fitted.iter().map(|l| width(l)).fold(0.0, f64::max);
    (fitted, widest + 14.0)
}

/// The GMV target of each month (MODEL.md §4: the quarter's target by the month's share of its GMV).
pub fn monthly_targets(r: &Results) -> [f64; 12] {
    std::array::from_fn(|m| r.months.get(m).map_or(0.0, |x| x.gmv_target))
}

fn month_label(m: usize, lang: Lang) -> String {
    format::month_label(m, lang)
}

fn monthly_gmv<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let r = input.results;
    let targets = monthly_targets(input.results);
    let max = r.months.iter().map(|m| m.kpis.gmv).chain(targets).fold(0.0, f64::max);
    let lang = input.lang;
    let mut items: Vec<(String, RGBColor, Swatch)> = r
        .channels
        .iter()
        .enumerate()
        .map(|(c, ch)| (ch.name.clone(), PALETTE[c % PALETTE.len()], Swatch::Box))
        .collect();
    items.push(((if lang == Lang::Zh { "月度目标" } else { "Monthly target" }).to_string(), TARGET, Swatch::Line));
    let plot = legend(area, &items, input)?;
    let step = month_step(&plot, input, 58.0);
    let mut chart = cartesian(&plot, input, 58.0, -0.5f64..11.5f64, 0f64..y_top(max))?;
    mesh(&mut chart, input, Grid::Rows, (12, 6), &|x| month_tick(*x, step, lang), &|y| format::count(*y, lang))?;
    let mut bottom = [0.0f64; 12];
    for (c, ch) in r.channels.iter().enumerate() {
        let color = PALETTE[c % PALETTE.len()];
        let bars: Vec<_> = (0..12)
            .map(|m| {
                let y0 = bottom[m];
                let y1 = y0 + ch.monthly_gmv[m].max(0.0);
                bottom[m] = y1;
                Rectangle::new([(m as f64 - 0.38, y0), (m as f64 + 0.38, y1)], color.filled())
            })
            .collect();
        chart.draw_series(bars).map_err(err)?;
    }
    let w = px(input, 2.0);
    chart
        .draw_series((0..12).map(|m| {
            PathElement::new(vec![(m as f64 - 0.45, targets[m]), (m as f64 + 0.45, targets[m])], TARGET.stroke_width(w))
        }))
        .map_err(err)?;
    Ok(())
}

/// Cumulative GMV by day and the cumulative target, which grows evenly within each month.
pub fn cumulative_series(sc: &Scenario, r: &Results) -> (Vec<f64>, Vec<f64>) {
    let mut actual = Vec::with_capacity(r.daily_gmv.len());
    let mut acc = 0.0;
    for g in &r.daily_gmv {
        acc += g;
        actual.push(acc);
    }
    let monthly = monthly_targets(r);
    let mut target = Vec::with_capacity(actual.len());
    let mut acc = 0.0;
    for (m, t) in monthly.iter().enumerate() {
        let n = days_in_month(sc.year, m as u32 + 1);
        for _ in 0..n {
            acc += t / n as f64;
            target.push(acc);
        }
    }
    target.truncate(actual.len());
    (actual, target)
}

/// A line's points, (x, y).
pub type Points = Vec<(f64, f64)>;

/// With actuals (MODEL.md §10): the cumulative actual GMV at each month's end up to `through`, and the forecast
/// from there to the year's end (at month ends, ending at the forecast year's GMV), as (day, GMV) points.
pub fn tracking_series(sc: &Scenario, r: &Results) -> Option<(Points, Points)> {
    let t = r.tracking.as_ref()?;
    let mut day = 0.0;
    let mut acc = 0.0;
    let mut actual = vec![(0.0, 0.0)];
    let last = t.months.len();
    for m in &t.months {
        acc += m.actual_gmv;
        day =
            if m.month as usize == last { f64::from(t.days) } else { day + f64::from(days_in_month(sc.year, m.month)) };
        actual.push((day, acc));
    }
    let mut forecast = vec![(day, acc)];
    let mut cum: f64 = t.forecast.months[..last.saturating_sub(1)].iter().sum();
    let mut end = 0.0;
    for (m, g) in t.forecast.months.iter().enumerate() {
        end += f64::from(days_in_month(sc.year, m as u32 + 1));
        if m + 1 >= last {
            cum += g;
            if end > day {
                forecast.push((end, cum));
            }
        }
    }
    Some((actual, forecast))
}

fn cumulative<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let (actual, target) = cumulative_series(input.scenario, input.results);
    let tracked = tracking_series(input.scenario, input.results);
    let tracked_max = tracked.iter().flat_map(|(a, f)| a.iter().chain(f)).map(|p| p.1).fold(0.0, f64::max);
    let max = actual.iter().chain(&target).copied().fold(tracked_max, f64::max);
    let lang = input.lang;
    let year = input.scenario.year;
    let zh = lang == Lang::Zh;
    let mut items = vec![
        ((if zh { "累计GMV" } else { "Cumulative GMV" }).to_string(), PALETTE[0], Swatch::Line),
        ((if zh { "累计目标" } else { "Cumulative target" }).to_string(), TARGET, Swatch::Line),
    ];
    if tracked.is_some() {
        items.push(((if zh { "实际" } else { "Actual" }).to_string(), ACTUAL, Swatch::Line));
        items.push(((if zh { "预测" } else { "Forecast" }).to_string(), FORECAST, Swatch::Line));
    }
    let plot = legend(area, &items, input)?;
    let step = month_step(&plot, input, 58.0);
    // x is in months (day d of month m at m - 1 + d / days in m), so every month's tick sits on its first day and
    // the labels fall at regular steps.
    let mut chart = cartesian(&plot, input, 58.0, 0f64..12.0, 0f64..y_top(max))?;
    mesh(&mut chart, input, Grid::Both, (13, 6), &|x| month_tick(*x, step, lang), &|y| format::count(*y, lang))?;
    let at = |day: f64| month_x(year, day);
    let w = px(input, 2.0);
    let blue = PALETTE[0];
    chart
        .draw_series(LineSeries::new(
            actual.iter().enumerate().map(|(d, y)| (at(d as f64 + 1.0), *y)),
            blue.stroke_width(w),
        ))
        .map_err(err)?;
    chart
        .draw_series(LineSeries::new(
            target.iter().enumerate().map(|(d, y)| (at(d as f64 + 1.0), *y)),
            TARGET.stroke_width(px(input, 1.0)),
        ))
        .map_err(err)?;
    if let Some((a, f)) = tracked {
        let months = |pts: Points| pts.into_iter().map(|(d, y)| (at(d), y)).collect::<Points>();
        chart.draw_series(LineSeries::new(months(a), ACTUAL.stroke_width(px(input, 3.0)))).map_err(err)?;
        chart.draw_series(LineSeries::new(months(f), FORECAST.stroke_width(w))).map_err(err)?;
    }
    Ok(())
}

/// The month coordinate of the end of day `day` of `year` (day 31 of a 365-day year is 1.0, the end of
/// January; day 0 is 0.0).
pub fn month_x(year: i32, day: f64) -> f64 {
    let mut before = 0.0;
    for m in 1..=12u32 {
        let n = f64::from(days_in_month(year, m));
        if day <= before + n {
            return f64::from(m - 1) + (day - before).max(0.0) / n;
        }
        before += n;
    }
    12.0
}

/// The actual line of the tracking (MODEL.md §10) on the cumulative chart.
const ACTUAL: RGBColor = RGBColor(0x05, 0x96, 0x69);
/// Its forecast.
const FORECAST: RGBColor = RGBColor(0xd9, 0x77, 0x06);

/// The budget by line as horizontal bars: each line's whole name on its row (shortened with `…` only when it
/// would take more than 40% of the width), its spend as the bar, its ROI (or, for a fixed line, its spend) after
/// the bar, inside the chart.
fn budget<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let lines = &input.results.spend_lines;
    let n = lines.len().max(1);
    let max = lines.iter().map(|l| l.spend).fold(0.0, f64::max);
    let lang = input.lang;
    let (names, name_w) = row_labels(area, input, lines.iter().map(|l| l.name.clone()).collect(), 0.4);
    let values: Vec<String> = lines
        .iter()
        .map(|l| match l.roi {
            Some(roi) => format!("ROI {}", format::grouped(roi, 2)),
            None => format::count(l.spend, lang),
        })
        .collect();
    let label_font = font(input, 11.0);
    // The x range leaves room after the longest bar for its label: in pixels, the widest value label and a gap.
    let widest = values.iter().map(|v| area.estimate_text_size(v, &label_font).map_or(0, |s| s.0)).max().unwrap_or(0);
    let plot_w = (area.dim_in_pixel().0 as f64 - f64::from(px(input, 36.0) + px(input, name_w))).max(1.0);
    let room = ((f64::from(widest) + f64::from(px(input, 8.0))) / plot_w).min(0.6);
    let xmax = if max > 0.0 { max / (1.0 - room) } else { 1.0 };
    let mut chart = cartesian(area, input, name_w, 0f64..xmax, -0.5f64..(n as f64 - 0.5))?;
    let x_labels = if plot_w / input.scale < 260.0 { 3 } else { 5 };
    // The first line at the top.
    mesh(&mut chart, input, Grid::Columns, (x_labels, n + 1), &|x| format::count(*x, lang), &|y| row_tick(*y, &names))?;
    let row = |i: usize| (n - 1 - i) as f64;
    chart
        .draw_series(lines.iter().enumerate().map(|(i, l)| {
            let color = if l.kind == "traffic" { PALETTE[i % PALETTE.len()] } else { RGBColor(0x9a, 0xa5, 0xb1) };
            Rectangle::new([(0.0, row(i) - 0.32), (l.spend.max(0.0), row(i) + 0.32)], color.filled())
        }))
        .map_err(err)?;
    let gap = xmax * f64::from(px(input, 4.0)) / plot_w;
    let anchor = label_font.pos(Pos::new(HPos::Left, VPos::Center));
    chart
        .draw_series(
            lines
                .iter()
                .zip(values)
                .enumerate()
                .map(|(i, (l, v))| Text::new(v, (l.spend.max(0.0) + gap, row(i)), anchor.clone())),
        )
        .map_err(err)?;
    Ok(())
}

/// The traffic line whose response curve is shown: `line` if it is a traffic line, else the first one.
pub fn response_line(sc: &Scenario, line: usize) -> Option<usize> {
    match sc.spend_lines.get(line) {
        Some(l) if l.is_traffic() => Some(line),
        _ => sc.spend_lines.iter().position(|l| l.is_traffic()),
    }
}

fn response<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let lang = input.lang;
    let Some(j) = response_line(input.scenario, input.line) else {
        let msg = if lang == Lang::Zh { "没有投放类预算项" } else { "No traffic line in the budget" };
        area.draw(&Text::new(msg, (px(input, 20.0) as i32, px(input, 40.0) as i32), font(input, 14.0))).map_err(err)?;
        return Ok(());
    };
    let line = &input.scenario.spend_lines[j];
    let (cpc, hs) = (line.cpc.unwrap_or(1.0), line.half_saturation.unwrap_or(1.0));
    let today = line.budget / 12.0;
    let xmax = (today * 2.0).max(hs * 3.0).max(1.0);
    let ymax = visitors(cpc, hs, xmax).max(1.0);
    let narrow = f64::from(area.dim_in_pixel().0) / input.scale < 480.0;
    let mut chart = ChartBuilder::on(area)
        .margin(px(input, 8.0))
        .margin_right(px(input, 32.0))
        .x_label_area_size(px(input, 40.0))
        .y_label_area_size(px(input, 58.0))
        .build_cartesian_2d(0f64..xmax, 0f64..y_top(ymax))
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_labels(if narrow { 3 } else { 6 })
        .y_labels(6)
        .x_label_formatter(&|x| axis_money(*x, lang))
        .y_label_formatter(&|y| format::count(*y, lang))
        .x_desc(if lang == Lang::Zh { "月度花费" } else { "Monthly spend" })
        .label_style(font(input, 11.0))
        .axis_desc_style(font(input, 11.0))
        .draw()
        .map_err(err)?;
    let w = px(input, 2.0);
    let color = PALETTE[j % PALETTE.len()];
    chart
        .draw_series(LineSeries::new(
            (0..=120).map(|i| {
                let x = xmax * i as f64 / 120.0;
                (x, visitors(cpc, hs, x))
            }),
            color.stroke_width(w),
        ))
        .map_err(err)?;
    let y = visitors(cpc, hs, today);
    let dot = px(input, 5.0);
    chart.draw_series([Circle::new((today, y), dot, TARGET.filled())]).map_err(err)?;
    let label = if lang == Lang::Zh {
        format!("当前 {}/月", format::money(today, lang))
    } else {
        format!("today {}/month", format::money(today, lang))
    };
    chart.draw_series([Text::new(label, (today, y * 0.9), font(input, 11.0))]).map_err(err)?;
    Ok(())
}

/// Points of the cumulative repeat curve: (age in days, repeat orders per new customer).
pub fn repeat_points(sc: &Scenario) -> [(f64, f64); 5] {
    let rc = &sc.customers.repeat_curve;
    let point = |k: usize| (f64::from(crate::model::scenario::REPEAT_AGES[k]), rc.get(k).copied().unwrap_or(0.0));
    [(0.0, 0.0), point(0), point(1), point(2), point(3)]
}

fn repeat<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, input: &ChartInput) -> DrawResult {
    let pts = repeat_points(input.scenario);
    let ymax = pts.iter().map(|p| p.1).fold(0.0, f64::max);
    let lang = input.lang;
    let mut chart = ChartBuilder::on(area)
        .margin(px(input, 8.0))
        .margin_right(px(input, 16.0))
        // Tick labels, then the axis title below them (30 px made the title run into the ticks).
        .x_label_area_size(px(input, 40.0))
        .y_label_area_size(px(input, 48.0))
        .build_cartesian_2d(0f64..380f64, 0f64..y_top(ymax.max(0.01)))
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&|x| format!("{}", x.round()))
        .y_label_formatter(&|y| format::grouped(*y, 2))
        .x_desc(if lang == Lang::Zh { "首单后天数" } else { "Days since first order" })
        .label_style(font(input, 11.0))
        .axis_desc_style(font(input, 11.0))
        .draw()
        .map_err(err)?;
    let w = px(input, 2.0);
    let color = PALETTE[2];
    chart.draw_series(LineSeries::new(pts, color.stroke_width(w))).map_err(err)?;
    let dot = px(input, 4.0);
    chart.draw_series(pts.iter().skip(1).map(|&p| Circle::new(p, dot, color.filled()))).map_err(err)?;
    // Each point's label, in days of the language (`90天` / `90d`); the last one ends at its point, so it is not
    // cut by the chart's right edge.
    let unit = if lang == Lang::Zh { "天" } else { "d" };
    chart
        .draw_series(pts.iter().skip(1).map(|&(x, y)| {
            let last = x >= 365.0;
            let style = font(input, 10.0).pos(Pos::new(if last { HPos::Right } else { HPos::Left }, VPos::Bottom));
            let at = if last { x } else { x - 20.0 };
            Text::new(format!("{x}{unit}: {}", format::grouped(y, 2)), (at, y + ymax * 0.03), style)
        }))
        .map_err(err)?;
    Ok(())
}

/// A sentence describing what the chart shows, for screen readers.
pub fn describe(kind: ChartKind, input: &ChartInput) -> String {
    match kind {
        ChartKind::Forecast => uncertainty::describe(kind, input),
        ChartKind::Curves | ChartKind::Compare => decisions::describe(kind, input),
        _ => describe_embeddable(kind, input),
    }
}

/// `describe` of an embeddable chart (`ChartKind::embeddable`); empty for any other kind.
pub fn describe_embeddable(kind: ChartKind, input: &ChartInput) -> String {
    match kind {
        ChartKind::Fan | ChartKind::Histogram | ChartKind::Tornado => uncertainty::describe(kind, input),
        ChartKind::Forecast | ChartKind::Curves | ChartKind::Compare => String::new(),
        _ => describe_result(kind, input),
    }
}

/// `describe` of one of the results' charts (`ChartKind::is_result`); empty for any other kind.
pub fn describe_result(kind: ChartKind, input: &ChartInput) -> String {
    let r = input.results;
    let lang = input.lang;
    let zh = lang == Lang::Zh;
    let m = |x: f64| format::money(x, lang);
    match kind {
        ChartKind::MonthlyGmv => {
            let (best, top) =
                r.months
                    .iter()
                    .enumerate()
                    .fold((0, 0.0), |acc, (i, x)| if x.kpis.gmv > acc.1 { (i, x.kpis.gmv) } else { acc });
            if zh {
                format!(
                    "{}个渠道的月度GMV堆叠柱状图。最高为{}：{}。",
                    r.channels.len(),
                    month_label(best, lang),
                    m(top)
                )
            } else {
                format!(
                    "Stacked bars of monthly GMV for {} channels. The highest month is {} at {}.",
                    r.channels.len(),
                    month_label(best, lang),
                    m(top)
                )
            }
        }
        ChartKind::Cumulative => {
            let (a, t) = cumulative_series(input.scenario, r);
            let (a, t) = (a.last().copied().unwrap_or(0.0), t.last().copied().unwrap_or(0.0));
            if zh {
                format!("全年累计GMV {}，累计目标 {}。", m(a), m(t))
            } else {
                format!("Cumulative GMV reaches {} against a target of {}.", m(a), m(t))
            }
        }
        ChartKind::Budget => {
            let total: f64 = r.spend_lines.iter().map(|l| l.spend).sum();
            if zh {
                format!("{}项营销预算，合计 {}。", r.spend_lines.len(), m(total))
            } else {
                format!("{} budget lines totalling {}.", r.spend_lines.len(), m(total))
            }
        }
        ChartKind::Response => match response_line(input.scenario, input.line) {
            Some(j) => {
                let l = &input.scenario.spend_lines[j];
                let today = l.budget / 12.0;
                let v = visitors(l.cpc.unwrap_or(1.0), l.half_saturation.unwrap_or(1.0), today);
                if zh {
                    format!("{}：每月花费 {} 带来约 {} 访客。", l.name, m(today), format::count(v, lang))
                } else {
                    format!(
                        "{}: a monthly spend of {} buys about {} visitors.",
                        l.name,
                        m(today),
                        format::count(v, lang)
                    )
                }
            }
            None => {
                if zh {
                    "没有投放类预算项。".into()
                } else {
                    "No traffic line in the budget.".into()
                }
            }
        },
        ChartKind::Repeat => {
            let p = repeat_points(input.scenario);
            if zh {
                format!("每位新客365天内累计复购 {} 次。", format::grouped(p[4].1, 2))
            } else {
                format!("A new customer makes {} repeat orders within 365 days.", format::grouped(p[4].1, 2))
            }
        }
        _ => String::new(),
    }
}

/// The chart's data as a table.
pub fn table(kind: ChartKind, input: &ChartInput) -> Table {
    match kind {
        ChartKind::Forecast => uncertainty::table(kind, input),
        ChartKind::Curves | ChartKind::Compare => decisions::table(kind, input),
        _ => table_embeddable(kind, input),
    }
}

/// `table` of an embeddable chart (`ChartKind::embeddable`); empty for any other kind.
pub fn table_embeddable(kind: ChartKind, input: &ChartInput) -> Table {
    match kind {
        ChartKind::Fan | ChartKind::Histogram | ChartKind::Tornado => uncertainty::table(kind, input),
        ChartKind::Forecast | ChartKind::Curves | ChartKind::Compare => Table::default(),
        _ => table_result(kind, input),
    }
}

/// `table` of one of the results' charts (`ChartKind::is_result`); empty for any other kind.
pub fn table_result(kind: ChartKind, input: &ChartInput) -> Table {
    let r = input.results;
    let lang = input.lang;
    let zh = lang == Lang::Zh;
    let m = |x: f64| format::money(x, lang);
    let h = |zh_s: &str, en_s: &str| if zh { zh_s.to_string() } else { en_s.to_string() };
    match kind {
        ChartKind::MonthlyGmv => {
            let targets = monthly_targets(input.results);
            let mut headers = vec![h("月份", "Month")];
            headers.extend(r.channels.iter().map(|c| c.name.clone()));
            headers.push(h("目标", "Target"));
            let rows = (0..12)
                .map(|i| {
                    let mut row = vec![month_label(i, lang)];
                    row.extend(r.channels.iter().map(|c| m(c.monthly_gmv[i])));
                    row.push(m(targets[i]));
                    row
                })
                .collect();
            Table { headers, rows }
        }
        ChartKind::Cumulative => {
            let (a, t) = cumulative_series(input.scenario, r);
            let mut end = 0;
            let rows = (0..12)
                .map(|i| {
                    end += days_in_month(input.scenario.year, i as u32 + 1) as usize;
                    let k = end.min(a.len()).saturating_sub(1);
                    vec![month_label(i, lang), m(a.get(k).copied().unwrap_or(0.0)), m(t.get(k).copied().unwrap_or(0.0))]
                })
                .collect();
            Table {
                headers: vec![
                    h("月末", "Month end"),
                    h("累计GMV", "Cumulative GMV"),
                    h("累计目标", "Cumulative target"),
                ],
                rows,
            }
        }
        ChartKind::Budget => Table {
            headers: vec![h("预算项", "Line"), h("花费", "Spend"), "ROI".into()],
            rows: r
                .spend_lines
                .iter()
                .map(|l| vec![l.name.clone(), m(l.spend), format::opt(l.roi, |x| format::grouped(x, 2))])
                .collect(),
        },
        ChartKind::Response => {
            let mut rows = Vec::new();
            if let Some(j) = response_line(input.scenario, input.line) {
                let l = &input.scenario.spend_lines[j];
                let (cpc, hs) = (l.cpc.unwrap_or(1.0), l.half_saturation.unwrap_or(1.0));
                for f in [0.25, 0.5, 1.0, 2.0, 4.0] {
                    let x = hs * f;
                    rows.push(vec![m(x), format::count(visitors(cpc, hs, x), lang)]);
                }
            }
            Table { headers: vec![h("月度花费", "Monthly spend"), h("月度访客", "Monthly visitors")], rows }
        }
        ChartKind::Repeat => Table {
            headers: vec![h("天数", "Days"), h("累计复购次数", "Cumulative repeat orders")],
            rows: repeat_points(input.scenario)
                .iter()
                .skip(1)
                .map(|(d, y)| vec![format!("{d}"), format::grouped(*y, 3)])
                .collect(),
        },
        _ => Table::default(),
    }
}
