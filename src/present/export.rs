//! Exports of the results for people: one list of tables (year, months, quarters, channels, spend lines, events,
//! targets with the month targets, the tracking and the Monte Carlo when the plan has them), headed in the UI's
//! language, written as CSV here and as an Excel workbook by `present::workbook`; and the results JSON.
//!
//! Invariant: a CSV cell never starts a formula (`=`, `+`, `-`, `@` in a name are quoted away); numbers are
//! rounded as the page shows them — money to the yuan, counts whole, rates to 0.01%, ratios to 0.01 — and a
//! period's YoY is blank except the year's (there is no monthly last year to compare with).

use crate::analysis::montecarlo::{MonteCarlo, Summary};
use crate::model::inputs::Unit;
use crate::model::kpi::{self, Direction};
use crate::model::results::{Kpis, Results, Status};
use crate::model::{targets, Scenario};
use crate::present::format::{month_label, Lang};
use crate::present::i18n::{label_of_target, status_word, t, target_label};
/// A text cell, quoted when needed, with formula starts neutralised.
pub fn text_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One cell of an exported table: text, or a number with how it reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text (names, labels, statuses).
    Text(String),
    /// Yuan, shown to the yuan (to the fen below ¥10,000).
    Money(f64),
    /// A count (visitors, orders), whole.
    Count(f64),
    /// A fraction, shown as a percentage with 2 decimals.
    Rate(f64),
    /// A ratio such as ROI, with 2 decimals.
    Ratio(f64),
    /// A small whole number (days, trials).
    Whole(f64),
    /// Nothing (unknown, or not meaningful here).
    Empty,
}

impl Cell {
    /// A value in a unit; `None` is empty.
    pub fn of(unit: Unit, v: Option<f64>) -> Cell {
        match (unit, v) {
            (_, None) => Cell::Empty,
            (_, Some(x)) if !x.is_finite() => Cell::Empty,
            (Unit::Money, Some(x)) => Cell::Money(x),
            (Unit::Count, Some(x)) => Cell::Count(x),
            (Unit::Percent, Some(x)) => Cell::Rate(x),
            (Unit::Plain, Some(x)) => Cell::Ratio(x),
        }
    }

    /// The number as shown, rounded: what both the CSV and the workbook write.
    pub fn rounded(&self) -> Option<f64> {
        let (x, digits) = match self {
            // Money below ¥10,000 (an order value, a cost per visitor) to the fen, as the page shows it.
            Cell::Money(x) if x.abs() < 10_000.0 => (*x, 2),
            Cell::Money(x) | Cell::Count(x) | Cell::Whole(x) => (*x, 0),
            Cell::Rate(x) => (*x, 4),
            Cell::Ratio(x) => (*x, 2),
            Cell::Text(_) | Cell::Empty => return None,
        };
        Some(round_to(x, digits))
    }

    /// The CSV text: numbers plain (`380000000`, `3.25%`, `4.21`), text quoted as needed.
    fn csv(&self) -> String {
        match (self, self.rounded()) {
            (Cell::Text(s), _) => text_cell(s),
            (Cell::Rate(_), Some(x)) => format!("{}%", round_to(x * 100.0, 2)),
            (_, Some(x)) => x.to_string(),
            _ => String::new(),
        }
    }
}

/// `x` rounded to `digits` decimals, without a negative zero.
fn round_to(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    let r = if x.abs() * scale < 9e15 { (x * scale).round() / scale } else { x.round() };
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// One exported table: a sheet of the workbook, a block of the CSV.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Its title (the sheet's name; at most 31 characters, none of `[]:*?/\`).
    pub title: String,
    /// The column headers, each distinct.
    pub head: Vec<String>,
    /// The rows, each as long as `head`.
    pub rows: Vec<Vec<Cell>>,
}

/// The export's and the report's own words (titles and headers the page does not show), `(key, zh-CN, en)`; the
/// worker and the CLI carry them, the page does not.
const WORDS: &[(&str, &str, &str)] = &[
    ("year", "全年", "Year"),
    ("months", "按月", "Months"),
    ("quarters", "按季度", "Quarters"),
    ("channels", "按渠道", "Channels"),
    ("lines", "预算项", "Spend lines"),
    ("events", "活动", "Events"),
    ("targets", "目标", "Targets"),
    ("tracking", "进度", "Tracking"),
    ("tracking_months", "进度-按月", "Tracking months"),
    ("tracking_channels", "进度-按渠道", "Tracking channels"),
    ("tracking_lines", "进度-花费", "Tracking spend"),
    ("montecarlo", "蒙特卡洛", "Monte Carlo"),
    ("chances", "达成概率", "Chance of targets"),
    ("kind", "类型", "Kind"),
    ("traffic", "投放", "traffic"),
    ("fixed", "固定", "fixed"),
    ("cost_per_visitor", "单访客成本", "Cost per visitor"),
    ("target_item", "目标项", "Target"),
    ("target_value", "目标值", "Target value"),
    ("value", "测算值", "Value"),
    ("probability", "达成概率", "Probability"),
    ("mean", "均值", "Mean"),
    ("trials", "试验次数", "Trials"),
    ("seed", "随机种子", "Seed"),
    ("correlation", "相关系数", "Correlation"),
    ("cumulative", "累计GMV 至", "Cumulative GMV to"),
    ("figure", "指标", "Figure"),
    ("plan_gmv", "计划GMV", "Plan GMV"),
    ("actual_gmv", "实际GMV", "Actual GMV"),
    ("target_gmv", "目标GMV", "Target GMV"),
    ("forecast_gmv", "预测GMV", "Forecast GMV"),
    ("money", "（元）", " (CNY)"),
    ("report", "计划报告", "Plan report"),
    ("report_made", "生成于", "Made on"),
    ("report_targets", "目标与达成", "Targets"),
    ("report_value", "测算", "Plan"),
    ("report_by_channel", "各渠道GMV", "GMV by channel"),
    ("report_spread", "结果的可能范围（蒙特卡洛）", "The likely range (Monte Carlo)"),
    ("report_trials", "次模拟", "trials"),
    ("assumptions", "假设", "Assumptions"),
    ("item", "对象", "Item"),
    ("field", "假设项", "Assumption"),
];

/// An export word in `lang`, falling back to the page's words (`i18n::t`).
fn w(lang: Lang, key: &str) -> String {
    words(lang, key).to_string()
}

/// A word of the files for people (the export's and the report's, `WORDS`), else the UI's.
pub(crate) fn words(lang: Lang, key: &str) -> &'static str {
    match WORDS.iter().find(|(k, ..)| *k == key) {
        Some((_, zh, en)) => {
            if lang == Lang::Zh {
                zh
            } else {
                en
            }
        }
        None => t(lang, key),
    }
}

/// A column header for a unit: money columns say they are in yuan.
fn head_of(lang: Lang, label: &str, unit: Unit) -> String {
    if unit == Unit::Money {
        format!("{label}{}", w(lang, "money"))
    } else {
        label.to_string()
    }
}

fn kpi_head(lang: Lang, first: &str) -> Vec<String> {
    let mut head = vec![first.to_string()];
    head.extend(kpi::KPIS.iter().map(|k| head_of(lang, t(lang, &format!("k.{}", k.key)), k.unit)));
    head
}

/// A wide row: the label, then every KPI; YoY only when `yoy` (the year's).
fn kpi_row(label: String, k: &Kpis, yoy: bool) -> Vec<Cell> {
    let mut row = vec![Cell::Text(label)];
    row.extend(kpi::KPIS.iter().map(|x| {
        if x.key == "yoy_growth" && !yoy {
            Cell::Empty
        } else {
            Cell::of(x.unit, k.get(x.key))
        }
    }));
    row
}

fn status_cell(lang: Lang, s: Status) -> Cell {
    Cell::Text(status_word(lang, s.as_str()).to_string())
}

/// A tracked figure's status against its plan, in words (`i18n::plan_status_word`).
fn plan_status_cell(lang: Lang, s: Status, deviation: Option<f64>) -> Cell {
    Cell::Text(crate::present::i18n::plan_status_word(lang, s.as_str(), deviation).to_string())
}

/// Every table of the results, in the UI's language: the year (one KPI a row), months, quarters, channels,
/// spend lines, events, targets (the plan's rows, then each month's GMV against its target), then the tracking
/// (headline, months, channels' figures, spend lines) when the plan has actuals and the Monte Carlo
/// (quantiles, chances) when one is given.
pub fn tables(sc: &Scenario, r: &Results, mc: Option<&MonteCarlo>, lang: Lang) -> Vec<Table> {
    let kpi_label = |key: &str| t(lang, &format!("k.{key}")).to_string();
    let mut out = vec![Table {
        title: w(lang, "year"),
        head: vec![t(lang, "k.kpi").into(), w(lang, "year")],
        rows: kpi::KPIS
            .iter()
            .map(|k| vec![Cell::Text(head_of(lang, &kpi_label(k.key), k.unit)), Cell::of(k.unit, r.year.get(k.key))])
            .collect(),
    }];
    out.push(Table {
        title: w(lang, "months"),
        head: kpi_head(lang, t(lang, "k.month")),
        rows: r.months.iter().map(|m| kpi_row(month_label(m.month as usize - 1, lang), &m.kpis, false)).collect(),
    });
    out.push(Table {
        title: w(lang, "quarters"),
        head: kpi_head(lang, t(lang, "k.quarter")),
        rows: r.quarters.iter().map(|q| kpi_row(format!("Q{}", q.quarter), &q.kpis, false)).collect(),
    });
    out.push(Table {
        title: w(lang, "channels"),
        head: kpi_head(lang, t(lang, "k.channel")),
        rows: r.channels.iter().map(|c| kpi_row(c.name.clone(), &c.kpis, false)).collect(),
    });
    let money = |key: &str| head_of(lang, &kpi_label(key), Unit::Money);
    out.push(Table {
        title: w(lang, "lines"),
        head: vec![
            t(lang, "k.line").into(),
            w(lang, "kind"),
            money("spend"),
            kpi_label("paid_uv"),
            kpi_label("new_orders"),
            money("gmv"),
            kpi_label("roi"),
            head_of(lang, &w(lang, "cost_per_visitor"), Unit::Money),
        ],
        rows: r
            .spend_lines
            .iter()
            .map(|l| {
                vec![
                    Cell::Text(l.name.clone()),
                    Cell::Text(w(lang, &l.kind)),
                    Cell::Money(l.spend),
                    Cell::Count(l.paid_uv),
                    Cell::Count(l.new_orders),
                    Cell::Money(l.gmv),
                    Cell::of(Unit::Plain, l.roi),
                    Cell::of(Unit::Money, l.cost_per_visitor),
                ]
            })
            .collect(),
    });
    out.push(Table {
        title: w(lang, "events"),
        head: vec![
            t(lang, "k.event").into(),
            t(lang, "k.days").into(),
            money("gmv"),
            kpi_label("orders"),
            kpi_label("uv"),
        ],
        rows: r
            .events
            .iter()
            .map(|e| {
                vec![
                    Cell::Text(e.name.clone()),
                    Cell::Whole(e.days as f64),
                    Cell::Money(e.gmv),
                    Cell::Count(e.orders),
                    Cell::Count(e.uv),
                ]
            })
            .collect(),
    });
    out.push(assumptions_table(sc, lang));
    out.push(targets_table(sc, r, lang));
    if let Some(tr) = &r.tracking {
        tracking_tables(&mut out, tr, lang);
    }
    if let Some(mc) = mc {
        montecarlo_tables(&mut out, mc, lang);
    }
    out.iter_mut().for_each(drop_empty_columns);
    out
}

/// Leaves out a column with nothing in any row (a month's year-on-year growth, which only the year has): a file
/// people hand on says nothing where there is nothing, not a header over an empty column.
fn drop_empty_columns(table: &mut Table) {
    if table.rows.is_empty() {
        return;
    }
    let keep: Vec<bool> = (0..table.head.len())
        .map(|c| c == 0 || table.rows.iter().any(|r| r.get(c).is_some_and(|x| *x != Cell::Empty)))
        .collect();
    keep_columns(&mut table.head, &keep);
    for row in &mut table.rows {
        keep_columns(row, &keep);
    }
}

/// Keeps the items of `row` whose column `keep` marks (a column past `keep`'s end stays).
fn keep_columns<T>(row: &mut Vec<T>, keep: &[bool]) {
    let mut marks = keep.iter();
    row.retain(|_| marks.next().copied().unwrap_or(true));
}

/// Every input of the plan a person hands on with the results: the targets, each channel's, promotion's and
/// spend line's fields, customers and costs, in the UI's words and units (money in yuan, rates as fractions).
fn assumptions_table(sc: &Scenario, lang: Lang) -> Table {
    use super::report::{CHANNEL_FIELDS, COST_FIELDS, CUSTOMER_FIELDS, EVENT_FIELDS, LINE_FIELDS};
    let mut rows = Vec::new();
    if !sc.notes.plan.is_empty() {
        rows.push(vec![Cell::Text(t(lang, "u.plan_note").into()), Cell::Empty, Cell::Text(sc.notes.plan.clone())]);
    }
    let mut push = |item: String, path: String| {
        let unit = crate::edit::unit(&path);
        let label = head_of(lang, super::i18n::field_label(lang, &path), unit);
        let value = match crate::edit::get_number(sc, &path) {
            Some(x) => Cell::of(unit, Some(x)),
            None => crate::edit::get_text(sc, &path).map_or(Cell::Empty, Cell::Text),
        };
        rows.push(vec![Cell::Text(item), Cell::Text(label), value]);
    };
    let plan = t(lang, "group.targets").to_string();
    for f in ["gmv", "net_margin", "paid_roi", "max_return_rate", "repeat_share", "alert_threshold"] {
        push(plan.clone(), format!("targets.{f}"));
    }
    for (i, c) in sc.channels.iter().enumerate() {
        CHANNEL_FIELDS.iter().skip(1).for_each(|f| push(c.name.clone(), format!("channels.{i}.{f}")));
    }
    for (k, e) in sc.events.iter().enumerate() {
        EVENT_FIELDS.iter().skip(1).for_each(|f| push(e.name.clone(), format!("events.{k}.{f}")));
    }
    for (j, l) in sc.spend_lines.iter().enumerate() {
        LINE_FIELDS.iter().skip(1).for_each(|f| push(l.name.clone(), format!("spend_lines.{j}.{f}")));
    }
    CUSTOMER_FIELDS.iter().for_each(|p| push(t(lang, "group.customers").to_string(), p.to_string()));
    COST_FIELDS.iter().for_each(|p| push(t(lang, "group.costs").to_string(), p.to_string()));
    Table { title: w(lang, "assumptions"), head: vec![w(lang, "item"), w(lang, "field"), w(lang, "value")], rows }
}

/// The targets: the plan's rows in MODEL.md §4's order, then each month's GMV against its target (its quarter's
/// target spread by the month's share of the quarter), judged as the quarter rows are.
fn targets_table(sc: &Scenario, r: &Results, lang: Lang) -> Table {
    // A row of the plan ends with its note; a month's has none.
    let row = |label: String, unit: Unit, x: &crate::model::results::TargetResult| {
        vec![
            Cell::Text(label),
            Cell::of(unit, x.value),
            Cell::of(unit, Some(x.target)),
            Cell::of(Unit::Percent, x.deviation),
            status_cell(lang, x.status),
            sc.notes.targets.get(&x.key).map_or(Cell::Empty, |n| Cell::Text(n.clone())),
        ]
    };
    let mut rows: Vec<Vec<Cell>> =
        r.targets.iter().map(|x| row(target_label(lang, x), kpi::row_unit(&x.key), x)).collect();
    for m in &r.months {
        let x = targets::target_row(
            "month_gmv",
            Some(m.kpis.gmv),
            m.gmv_target,
            Direction::Higher,
            sc.targets.alert_threshold,
        );
        let label = format!("{} GMV", month_label(m.month as usize - 1, lang));
        rows.push(row(label, Unit::Money, &x));
    }
    Table {
        title: w(lang, "targets"),
        head: vec![
            w(lang, "target_item"),
            w(lang, "value"),
            w(lang, "target_value"),
            t(lang, "k.deviation").into(),
            t(lang, "k.status").into(),
            t(lang, "k.note").into(),
        ],
        rows,
    }
}

/// The tracking (MODEL.md §10): the headline, the months with the forecast, the channels' figures to date, the
/// spend lines.
fn tracking_tables(out: &mut Vec<Table>, tr: &crate::model::tracking::Tracking, lang: Lang) {
    let method = if tr.forecast.method == crate::model::scenario::Forecast::Plan { "t.plan" } else { "t.pace" };
    let pair = |key: &str, c: Cell| vec![Cell::Text(t(lang, key).to_string()), c];
    out.push(Table {
        title: w(lang, "tracking"),
        head: vec![w(lang, "figure"), w(lang, "value")],
        rows: vec![
            pair("t.through", Cell::Text(tr.through.clone())),
            pair("k.days", Cell::Whole(tr.days as f64)),
            pair("t.time_progress", Cell::Rate(tr.time_progress)),
            pair("t.plan_progress", Cell::of(Unit::Percent, tr.plan_progress)),
            pair("t.target_progress", Cell::of(Unit::Percent, tr.target_progress)),
            pair("t.coverage", Cell::Rate(tr.coverage)),
            vec![Cell::Text(w(lang, "actual_gmv") + &w(lang, "money")), Cell::Money(tr.actual_gmv)],
            pair("t.forecast", Cell::Text(t(lang, method).to_string())),
            vec![Cell::Text(t(lang, "t.forecast_gmv").to_string() + &w(lang, "money")), Cell::Money(tr.forecast.gmv)],
        ],
    });
    let money = |key: &str| head_of(lang, &w(lang, key), Unit::Money);
    out.push(Table {
        title: w(lang, "tracking_months"),
        head: vec![
            t(lang, "k.month").into(),
            money("actual_gmv"),
            money("plan_gmv"),
            money("target_gmv"),
            t(lang, "t.deviation").into(),
            t(lang, "t.status_plan").into(),
            money("forecast_gmv"),
        ],
        rows: tr
            .forecast
            .months
            .iter()
            .enumerate()
            .map(|(m, f)| {
                let mut row = vec![Cell::Text(month_label(m, lang))];
                match tr.months.get(m) {
                    Some(x) => row.extend([
                        Cell::Money(x.actual_gmv),
                        Cell::Money(x.plan_gmv),
                        Cell::Money(x.target_gmv),
                        Cell::of(Unit::Percent, x.deviation),
                        status_cell(lang, x.status),
                    ]),
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
                }
                row.push(Cell::Money(*f));
                row
            })
            .collect(),
    });
    let mut rows = Vec::new();
    for c in tr.channels.iter().flatten() {
        for (key, f) in c.figures.each() {
            let unit = crate::model::tracking::figure_unit(key);
            let label = match key {
                "refunds" => "ac.refunds".to_string(),
                "conversion" => "t.conversion".to_string(),
                _ => format!("k.{key}"),
            };
            rows.push(vec![
                Cell::Text(c.name.clone()),
                Cell::Text(head_of(lang, t(lang, &label), unit)),
                Cell::of(unit, f.actual),
                Cell::of(unit, f.plan),
                Cell::of(Unit::Percent, f.deviation),
                plan_status_cell(lang, f.status, f.deviation),
            ]);
        }
    }
    let plain = |key: &str| t(lang, key).to_string();
    out.push(Table {
        title: w(lang, "tracking_channels"),
        head: vec![
            plain("t.channel"),
            w(lang, "figure"),
            plain("t.actual"),
            plain("t.plan_col"),
            plain("t.deviation"),
            plain("t.status_plan"),
        ],
        rows,
    });
    // Spend against plan only when some line has spend actuals: an empty sheet says nothing.
    if tr.spend_lines.iter().all(Option::is_none) {
        return;
    }
    out.push(Table {
        title: w(lang, "tracking_lines"),
        head: vec![
            plain("t.line"),
            head_of(lang, t(lang, "t.actual"), Unit::Money),
            head_of(lang, t(lang, "t.plan_col"), Unit::Money),
            plain("t.deviation"),
            plain("t.status_plan"),
        ],
        rows: tr
            .spend_lines
            .iter()
            .flatten()
            .map(|l| {
                vec![
                    Cell::Text(l.name.clone()),
                    Cell::Money(l.actual),
                    Cell::Money(l.plan),
                    Cell::of(Unit::Percent, l.deviation),
                    plan_status_cell(lang, l.status, l.deviation),
                ]
            })
            .collect(),
    });
}

/// The Monte Carlo: each KPI's, quarter's, channel's and month end's quantiles (in the KPI's unit), then each
/// target's chance with the run's trials, seed and correlation.
fn montecarlo_tables(out: &mut Vec<Table>, mc: &MonteCarlo, lang: Lang) {
    let row = |label: String, unit: Unit, s: &Summary| {
        let mut row = vec![Cell::Text(label)];
        row.extend([s.mean, s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95].map(|x| Cell::of(unit, x)));
        row.push(Cell::Whole(s.n as f64));
        row
    };
    let mut rows = Vec::new();
    for (key, s) in &mc.kpis {
        let unit = kpi::KPIS.iter().find(|k| k.key == key).map_or(Unit::Plain, |k| k.unit);
        rows.push(row(head_of(lang, t(lang, &format!("k.{key}")), unit), unit, s));
    }
    let gmv = head_of(lang, "GMV", Unit::Money);
    for q in &mc.quarters {
        rows.push(row(format!("Q{} {gmv}", q.quarter), Unit::Money, &q.gmv));
    }
    for c in &mc.channels {
        rows.push(row(format!("{} {gmv}", c.name), Unit::Money, &c.gmv));
    }
    for (m, s) in mc.cumulative_gmv.iter().enumerate() {
        rows.push(row(
            format!("{} {}{}", w(lang, "cumulative"), month_label(m, lang), w(lang, "money")),
            Unit::Money,
            s,
        ));
    }
    let mut head = vec![w(lang, "figure"), w(lang, "mean")];
    head.extend(["P5", "P10", "P25", "P50", "P75", "P90", "P95"].map(String::from));
    head.push(w(lang, "trials"));
    out.push(Table { title: w(lang, "montecarlo"), head, rows });
    let mut rows: Vec<Vec<Cell>> = mc
        .targets
        .iter()
        .map(|c| {
            let label = label_of_target(lang, c.name.as_deref(), &c.key);
            vec![Cell::Text(label), Cell::of(kpi::row_unit(&c.key), Some(c.target)), Cell::Rate(c.probability)]
        })
        .collect();
    rows.push(vec![Cell::Text(w(lang, "trials")), Cell::Empty, Cell::Whole(mc.trials as f64)]);
    rows.push(vec![Cell::Text(w(lang, "seed")), Cell::Empty, Cell::Whole(mc.seed as f64)]);
    rows.push(vec![Cell::Text(w(lang, "correlation")), Cell::Empty, Cell::Ratio(mc.correlation)]);
    out.push(Table {
        title: w(lang, "chances"),
        head: vec![w(lang, "target_item"), w(lang, "target_value"), w(lang, "probability")],
        rows,
    });
}

/// The results JSON with the Monte Carlo summary, when there is one, as its `montecarlo` member.
pub fn results_json(r: &Results, mc: Option<&MonteCarlo>) -> String {
    let text = serde_json::to_string(r).unwrap_or_default();
    match mc.and_then(|m| serde_json::to_string(m).ok()) {
        Some(m) if text.ends_with('}') => format!("{},\"montecarlo\":{m}}}", &text[..text.len() - 1]),
        _ => text,
    }
}

/// The kinds of results file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// CSV for people (UTF-8 with a byte-order mark).
    Csv,
    /// An Excel workbook, one sheet per table.
    Xlsx,
    /// The results JSON (MODEL.md §4) with the Monte Carlo as `montecarlo`, indented.
    Json,
}

impl FileKind {
    /// The kind for `csv` or `xlsx`.
    pub fn from_name(name: &str) -> Option<FileKind> {
        match name {
            "csv" => Some(FileKind::Csv),
            "xlsx" => Some(FileKind::Xlsx),
            "json" => Some(FileKind::Json),
            _ => None,
        }
    }
}

/// A plan's results file in `lang`: simulated, with the Monte Carlo of the plan's own options when it has ranges
/// (the same numbers as the page's: the seed is the plan's); an invalid plan is its first error.
pub fn results_file(sc: &Scenario, kind: FileKind, lang: Lang) -> Result<Vec<u8>, String> {
    use crate::analysis::montecarlo::{has_ranges, run, Options};
    let r = crate::model::simulate(sc).map_err(|e| super::i18n::scenario_error(lang, &e).join("; "))?;
    let mc = has_ranges(sc).then(|| run(sc, Options::of(sc)));
    if kind == FileKind::Json {
        return Ok(pretty_json(&results_json(&r, mc.as_ref())).into_bytes());
    }
    let tables = tables(sc, &r, mc.as_ref(), lang);
    match kind {
        FileKind::Xlsx => super::workbook::xlsx(&tables, &sc.name),
        _ => Ok(csv(&tables).into_bytes()),
    }
}

/// The tables as CSV text for people: a byte-order mark (so Excel reads Chinese), then each table as its title,
/// its header and its rows, tables separated by an empty line.
pub fn csv(tables: &[Table]) -> String {
    let mut out = String::from("\u{FEFF}");
    for (i, table) in tables.iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        out.push_str(&text_cell(&table.title));
        out.push_str("\r\n");
        let head: Vec<String> = table.head.iter().map(|h| text_cell(h)).collect();
        out.push_str(&head.join(","));
        out.push_str("\r\n");
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(Cell::csv).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// Indents compact JSON text (two spaces), without a second serializer in the wasm.
pub fn pretty_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    out.push(chars.next().unwrap_or(' '));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{simulate, Scenario};

    #[test]
    fn pretty_json_is_the_same_json() {
        let sc = Scenario::default();
        let compact = serde_json::to_string(&sc).unwrap();
        let pretty = pretty_json(&compact);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            serde_json::from_str::<serde_json::Value>(&compact).unwrap()
        );
        assert!(pretty.contains("\n  \"name\": \"2026 plan\""));
        assert_eq!(
            pretty_json(r#"{"a":[],"b":{},"c":"x,{\"y"}"#),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": \"x,{\\\"y\"\n}"
        );
        let r = simulate(&sc).unwrap();
        let text = pretty_json(&serde_json::to_string(&r).unwrap());
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    }

    #[test]
    fn a_column_with_nothing_in_it_is_left_out() {
        let sc = Scenario::default();
        let r = simulate(&sc).unwrap();
        let tables = tables(&sc, &r, None, Lang::En);
        let yoy = t(Lang::En, "k.yoy_growth");
        let months = tables.iter().find(|t| t.title == w(Lang::En, "months")).unwrap();
        assert!(!months.head.iter().any(|h| h == yoy), "{:?}", months.head);
        assert!(months.rows.iter().all(|r| r.len() == months.head.len()));
        // The year has it, and every table keeps no column empty in every row.
        assert!(matches!(cell(&tables, &w(Lang::En, "year"), yoy, &w(Lang::En, "year")), Cell::Rate(_)));
        for t in &tables {
            for c in 1..t.head.len() {
                assert!(t.rows.is_empty() || t.rows.iter().any(|r| r[c] != Cell::Empty), "{}: {}", t.title, t.head[c]);
            }
        }
        // The targets' Note column is there once one row has a note.
        let note = t(Lang::En, "k.note").to_string();
        let targets = |sc: &Scenario| {
            super::tables(sc, &simulate(sc).unwrap(), None, Lang::En)
                .into_iter()
                .find(|t| t.title == w(Lang::En, "targets"))
        };
        assert!(!targets(&sc).unwrap().head.contains(&note));
        let mut noted = sc.clone();
        noted.notes.targets.insert("gmv".into(), "stretch".into());
        assert!(targets(&noted).unwrap().head.contains(&note));
        assert_eq!(
            cell(&super::tables(&noted, &r, None, Lang::En), "Targets", "GMV", &note),
            &Cell::Text("stretch".into())
        );
    }

    /// The cell of `tables` in the table titled `title`, the row whose first cell is `row`, the column `col`.
    fn cell<'a>(tables: &'a [Table], title: &str, row: &str, col: &str) -> &'a Cell {
        let t = tables.iter().find(|t| t.title == title).unwrap_or_else(|| panic!("no table {title}"));
        let c = t.head.iter().position(|h| h == col).unwrap_or_else(|| panic!("{title}: no column {col}"));
        let r =
            t.rows.iter().find(|r| r[0] == Cell::Text(row.into())).unwrap_or_else(|| panic!("{title}: no row {row}"));
        &r[c]
    }

    fn csv_line(c: &Cell) -> String {
        c.csv()
    }

    #[test]
    fn cells_read_as_displayed() {
        let check = |c: Cell, expected: &str| assert_eq!(csv_line(&c), expected, "{c:?}");
        check(Cell::Money(132999999.99999985), "133000000");
        // Below ¥10,000 to the fen, as the page shows it (issue 23: 客单价 read 217 for ¥217.12); a value that
        // rounds to zero has no sign.
        check(Cell::Money(-0.4), "-0.4");
        check(Cell::Money(-0.004), "0");
        check(Cell::Money(93.98), "93.98");
        check(Cell::Money(217.1234), "217.12");
        check(Cell::Money(12_345.6), "12346");
        check(Cell::Count(1234.5), "1235");
        check(Cell::Rate(0.032549), "3.25%");
        check(Cell::Rate(-0.0004), "-0.04%");
        check(Cell::Rate(0.1), "10%");
        check(Cell::Ratio(4.21666), "4.22");
        check(Cell::Whole(31.0), "31");
        check(Cell::Empty, "");
        check(Cell::of(Unit::Percent, None), "");
        check(Cell::of(Unit::Money, Some(f64::NAN)), "");
        check(Cell::Text("天猫, \"旗舰\"".into()), "\"天猫, \"\"旗舰\"\"\"");
        check(Cell::Text("=HYPERLINK(\"x\")".into()), "\"'=HYPERLINK(\"\"x\"\")\"");
        check(Cell::Text("-5".into()), "'-5");
    }

    #[test]
    fn tables_speak_the_ui_language_with_distinct_headers() {
        let sc = Scenario::default();
        let r = simulate(&sc).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            let tables = tables(&sc, &r, None, lang);
            let titles: Vec<&str> = tables.iter().map(|t| t.title.as_str()).collect();
            let expected = match lang {
                Lang::Zh => ["全年", "按月", "按季度", "按渠道", "预算项", "活动", "假设", "目标"],
                Lang::En => {
                    ["Year", "Months", "Quarters", "Channels", "Spend lines", "Events", "Assumptions", "Targets"]
                }
            };
            assert_eq!(titles, expected);
            for t in &tables {
                let mut head = t.head.clone();
                head.sort();
                head.dedup();
                assert_eq!(head.len(), t.head.len(), "{}: headers repeat", t.title);
                assert!(t.rows.iter().all(|r| r.len() == t.head.len()), "{}", t.title);
                assert!(t.title.chars().count() <= 31);
            }
        }
        let zh = tables(&sc, &r, None, Lang::Zh);
        assert_eq!(cell(&zh, "全年", "成交总额 GMV（元）", "全年"), &Cell::Money(r.year.gmv));
        assert_eq!(cell(&zh, "按月", "3月", "成交总额 GMV（元）"), &Cell::Money(r.months[2].kpis.gmv));
        assert_eq!(cell(&zh, "按渠道", "Tmall", "转化率"), &Cell::of(Unit::Percent, r.channels[0].kpis.cvr));
        assert_eq!(cell(&zh, "预算项", "Member perks", "类型"), &Cell::Text("固定".into()));
        assert_eq!(cell(&zh, "预算项", "Member perks", "投产比 ROI"), &Cell::Empty, "a fixed line has no ROI");
        let en = tables(&sc, &r, None, Lang::En);
        assert_eq!(cell(&en, "Targets", "GMV", "Target value"), &Cell::Money(sc.targets.gmv));
        // Every input goes with the results, in the UI's words and units.
        let inputs = en.iter().find(|t| t.title == "Assumptions").unwrap();
        let find = |item: &str, field: &str| {
            inputs
                .rows
                .iter()
                .find(|r| r[0] == Cell::Text(item.into()) && r[1] == Cell::Text(field.into()))
                .map(|r| r[2].clone())
        };
        assert_eq!(find("Tmall", "Conversion rate"), Some(Cell::Rate(sc.channels[0].cvr)));
        assert_eq!(find("Tmall", "Average order value (CNY)"), Some(Cell::Money(sc.channels[0].aov)));
        assert_eq!(find("Double 11", "Start"), Some(Cell::Text(sc.events[2].start.clone())));
        assert_eq!(find("Feed ads", "Annual budget (CNY)"), Some(Cell::Money(sc.spend_lines[0].budget)));
        assert_eq!(find("Costs", "Fixed costs (per year) (CNY)"), Some(Cell::Money(sc.costs.fixed_costs)));
        assert_eq!(find("Targets", "Annual GMV target (CNY)"), Some(Cell::Money(sc.targets.gmv)));
        let status = r.target("gmv").unwrap().status.as_str();
        assert_eq!(cell(&en, "Targets", "GMV", "Status"), &Cell::Text(status_word(Lang::En, status).into()));
    }

    #[test]
    fn yoy_is_the_year_only_and_month_targets_are_rows() {
        let sc = Scenario::default();
        let r = simulate(&sc).unwrap();
        let en = tables(&sc, &r, None, Lang::En);
        assert_eq!(cell(&en, "Year", "YoY growth", "Year"), &Cell::of(Unit::Percent, r.year.yoy_growth));
        assert!(r.year.yoy_growth.is_some());
        // No month or quarter has last year's: their sheets have no YoY column (`drop_empty_columns`).
        for title in ["Months", "Quarters", "Channels"] {
            let table = en.iter().find(|t| t.title == title).unwrap();
            assert!(!table.head.iter().any(|h| h == "YoY growth"), "{title}");
        }
        let nov = &r.months[10];
        assert_eq!(cell(&en, "Targets", "Nov GMV", "Value"), &Cell::Money(nov.kpis.gmv));
        assert_eq!(cell(&en, "Targets", "Nov GMV", "Target value"), &Cell::Money(nov.gmv_target));
        assert_eq!(cell(&en, "Targets", "Nov GMV", "Deviation"), &Cell::Rate(nov.kpis.gmv / nov.gmv_target - 1.0));
        let text = csv(&en);
        assert!(text.starts_with("\u{FEFF}Year\r\nKPI,Year\r\n"));
        assert!(text.contains(&format!("\r\nNov GMV,{},{},", nov.kpis.gmv.round(), nov.gmv_target.round())));
        // Numbers as displayed: no float noise anywhere.
        for line in text.lines() {
            for c in line.split(',') {
                let digits = c.trim_end_matches('%').split('.').nth(1).map_or(0, str::len);
                assert!(digits <= 2 || c.parse::<f64>().is_err(), "{c} in {line}");
            }
        }
        // No month YoY in the CSV either: the month rows' third cell is the net GMV.
        let jan = text.lines().find(|l| l.starts_with("Jan,")).unwrap();
        assert_eq!(jan.split(',').nth(2), Some(r.months[0].kpis.net_gmv.round().to_string().as_str()));
    }

    #[test]
    fn exports_carry_the_monte_carlo_summary() {
        use crate::analysis::montecarlo::{run, Options};
        let sc = Scenario::default();
        let r = simulate(&sc).unwrap();
        let mc = run(&sc, Options { trials: 200, ..Options::of(&sc) });
        let zh = tables(&sc, &r, Some(&mc), Lang::Zh);
        let g = mc.kpi("gmv").unwrap();
        assert_eq!(cell(&zh, "蒙特卡洛", "成交总额 GMV（元）", "P50"), &Cell::Money(g.p50.unwrap()));
        assert_eq!(cell(&zh, "蒙特卡洛", "成交总额 GMV（元）", "试验次数"), &Cell::Whole(200.0));
        assert_eq!(cell(&zh, "达成概率", "成交总额 GMV", "达成概率"), &Cell::Rate(mc.probability("gmv").unwrap()));
        assert_eq!(cell(&zh, "达成概率", "Q4 GMV", "目标值"), &Cell::Money(mc.targets[8].target));
        assert_eq!(cell(&zh, "达成概率", "试验次数", "达成概率"), &Cell::Whole(200.0));
        assert!(!tables(&sc, &r, None, Lang::Zh).iter().any(|t| t.title == "蒙特卡洛"));
        let json: serde_json::Value = serde_json::from_str(&results_json(&r, Some(&mc))).unwrap();
        assert_eq!(json["montecarlo"]["kpis"]["gmv"]["p50"].as_f64(), g.p50);
        assert_eq!(json["year"]["gmv"].as_f64(), Some(r.year.gmv));
        assert!(serde_json::from_str::<serde_json::Value>(&results_json(&r, None))
            .unwrap()
            .get("montecarlo")
            .is_none());
    }

    #[test]
    fn exports_carry_the_tracking() {
        let sc = Scenario::default();
        let report =
            crate::import::read(b"month,gmv,uv\n2026-01,200000000,9000000\n", "p", 2026, Some("01-20")).unwrap();
        let sc = crate::import::apply(&sc, 0, &report).unwrap();
        let r = simulate(&sc).unwrap();
        let t = r.tracking.as_ref().unwrap();
        let en = tables(&sc, &r, None, Lang::En);
        assert_eq!(cell(&en, "Tracking", "Through", "Value"), &Cell::Text("01-20".into()));
        assert_eq!(cell(&en, "Tracking", "Time elapsed", "Value"), &Cell::Rate(t.time_progress));
        assert_eq!(cell(&en, "Tracking", "Forecast year GMV (CNY)", "Value"), &Cell::Money(t.forecast.gmv));
        assert_eq!(cell(&en, "Tracking months", "Jan", "Actual GMV (CNY)"), &Cell::Money(200000000.0));
        assert_eq!(cell(&en, "Tracking months", "Jan", "Plan GMV (CNY)"), &Cell::Money(t.months[0].plan_gmv));
        assert_eq!(cell(&en, "Tracking months", "Feb", "Actual GMV (CNY)"), &Cell::Empty);
        assert_eq!(cell(&en, "Tracking months", "Feb", "Forecast GMV (CNY)"), &Cell::Money(t.forecast.months[1]));
        let channels = en.iter().find(|x| x.title == "Tracking channels").unwrap();
        let orders = channels.rows.iter().find(|r| r[1] == Cell::Text("Orders".into())).unwrap();
        assert_eq!(orders[2], Cell::Empty, "an unknown figure is an empty cell");
        // A figure against its plan is never said to meet a target it does not have: above, below or on plan.
        let fig = &t.channels[0].as_ref().unwrap().figures.uv;
        assert!(fig.deviation.unwrap() > 0.5 && fig.status.as_str() == "ok", "{fig:?}");
        let visitors =
            channels.rows.iter().find(|r| matches!(&r[1], Cell::Text(x) if x.starts_with("Visitors"))).unwrap();
        assert_eq!(visitors[5], Cell::Text("Above plan".into()));
        assert!(channels.rows.iter().all(|r| r[5] != Cell::Text(status_word(Lang::En, "ok").into())));
        assert!(!en.iter().any(|x| x.title == "Tracking spend"), "no spend actuals: no empty sheet");
        let plain = Scenario::default();
        assert!(!tables(&plain, &simulate(&plain).unwrap(), None, Lang::En)
            .iter()
            .any(|t| t.title.starts_with("Tracking")));
        let json: serde_json::Value = serde_json::from_str(&results_json(&r, None)).unwrap();
        assert_eq!(json["tracking"]["forecast"]["gmv"].as_f64(), Some(t.forecast.gmv));
    }

    #[test]
    fn the_workbook_holds_the_tables_as_formatted_numbers() {
        use crate::analysis::montecarlo::{run, Options};
        use calamine::{Data, Reader, Xlsx};
        let mut sc = Scenario::default();
        sc.channels[0].ranges.insert("cvr".into(), vec![0.02, 0.04]);
        sc.uncertainty = Some(crate::model::scenario::Uncertainty { trials: 1000.0, seed: 7.0, correlation: 0.0 });
        let r = simulate(&sc).unwrap();
        let mc = run(&sc, Options::of(&sc));
        for (lang, year, gmv) in [(Lang::Zh, "全年", "成交总额 GMV（元）"), (Lang::En, "Year", "GMV (CNY)")] {
            let bytes = results_file(&sc, FileKind::Xlsx, lang).unwrap();
            let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
            let expected = tables(&sc, &r, Some(&mc), lang);
            assert_eq!(book.sheet_names(), expected.iter().map(|t| t.title.clone()).collect::<Vec<_>>());
            let sheet = book.worksheet_range(year).unwrap();
            assert_eq!(sheet.get_value((1, 0)), Some(&Data::String(gmv.into())));
            assert_eq!(sheet.get_value((1, 1)), Some(&Data::Float(r.year.gmv.round())));
            let months = book.worksheet_range(&expected[1].title).unwrap();
            assert_eq!(months.get_value((0, 0)), Some(&Data::String(expected[1].head[0].clone())));
            let cvr = expected[1].head.iter().position(|h| h == t(lang, "k.cvr")).unwrap();
            let want = Cell::of(Unit::Percent, r.months[0].kpis.cvr).rounded().unwrap();
            assert_eq!(months.get_value((1, cvr as u32)), Some(&Data::Float(want)), "a rate is the fraction to 0.01%");
            let yoy = t(lang, "k.yoy_growth");
            assert!(!expected[1].head.iter().any(|h| h == yoy), "no monthly YoY column");
            assert_eq!(months.get_value((1, 2)), Some(&Data::Float(r.months[0].kpis.net_gmv.round())), "net GMV's");
            let chances = book.worksheet_range(&expected.last().unwrap().title).unwrap();
            let p = Cell::Rate(mc.probability("gmv").unwrap()).rounded().unwrap();
            assert_eq!(chances.get_value((1, 2)), Some(&Data::Float(p)));
        }
        let csv = String::from_utf8(results_file(&sc, FileKind::Csv, Lang::En).unwrap()).unwrap();
        assert!(csv.contains("\r\nMonte Carlo\r\n"));
        assert_eq!(csv, super::csv(&tables(&sc, &r, Some(&mc), Lang::En)), "the file is the tables' CSV");
    }
}
