//! What a calibration says, in zh-CN and en: its refusals naming the file and the dates at fault, its warnings,
//! each changed field before → after in the planner's words, and the report as lines for a person.

use super::{CalibrateError, Change, Report, Warning};
use crate::import::messages as import_words;
use crate::import::ImportError;
use crate::model::inputs;
use crate::model::scenario::Scenario;
use crate::present::format::{self, month_label, percent, Lang};
use crate::present::i18n::t;

fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn list(lang: Lang, items: &[String]) -> String {
    items.join(if lang == Lang::Zh { "、" } else { ", " })
}

/// A refusal in words.
pub fn error(e: &CalibrateError, lang: Lang) -> String {
    use CalibrateError::*;
    match e {
        NoFiles => pick(lang, "没有可用的去年数据文件：每个渠道至少需要一个按日导出的文件".into(), "No file of last year: give at least one channel's daily export".into()),
        NoChannel { channel } => pick(lang, format!("没有渠道 “{channel}”"), format!("No channel “{channel}”")),
        SameChannel { name } => pick(lang, format!("渠道 “{name}” 有两个文件；每个渠道只能用一个"), format!("Two files for channel “{name}”; one per channel")),
        File { source, error: ImportError::WrongYear { date, count, year } } => pick(
            lang,
            format!("{source}：含 {count} 行非 {year} 年的数据（首个为 {date}）；校准需要方案上一年（{year} 年）的每日数据"),
            format!("{source}: {count} rows outside {year} (the first is {date}); calibration reads the days of the year before the plan's ({year})"),
        ),
        File { source, error } => format!("{source}: {}", import_words::error(error, lang)),
        Monthly { source } => pick(
            lang,
            format!("{source}：文件是按月数据；校准需要按日导出（每天一行）"),
            format!("{source}: the file has monthly rows; calibration needs a daily export (one row a day)"),
        ),
        MissingColumn { source, field } => {
            let (zh, en) = match field {
                crate::import::cells::Field::Uv => ("访客数", "visitors"),
                _ => ("订单数", "orders"),
            };
            pick(lang, format!("{source}：没有{zh}列；校准需要访客数、订单数和 GMV"), format!("{source}: no {en} column; calibration needs visitors, orders and GMV"))
        }
        NotWholeYear { source, first, last, year } => pick(
            lang,
            format!("{source}：数据从 {first} 到 {last}；校准需要 {year} 年的每一天（{year}-01-01 至 {year}-12-31）"),
            format!("{source}: the days run from {first} to {last}; calibration needs every day of {year} ({year}-01-01 to {year}-12-31)"),
        ),
        PaidAboveVisitors { source, name, days, total, dates } => pick(
            lang,
            format!(
                "{source}：“{name}”有 {days} 天（共 {total} 天）的付费访客多于当天访客（如 {}）。请确认去年的投放预算与拆分：付费流量来自这些投放项",
                list(lang, dates)
            ),
            format!(
                "{source}: on {days} of {total} days paid visitors exceed the day's visitors of “{name}” (e.g. {}). Check last year's budgets and splits: paid traffic comes from those lines",
                list(lang, dates)
            ),
        ),
        Invalid { reason } => pick(lang, format!("校准后的方案无效：{reason}"), format!("The calibrated plan is invalid: {reason}")),
    }
}

impl std::fmt::Display for CalibrateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&error(self, Lang::En))
    }
}

/// A warning in words.
pub fn warning(w: &Warning, lang: Lang) -> String {
    match w {
        Warning::MonthKept { month } => pick(
            lang,
            format!("{} 每天都在活动期内，无法与活动区分：其月度权重保持原值", month_label(*month as usize - 1, lang)),
            format!("Every day of {} is inside an event, so it cannot be told apart: its monthly weight is kept", month_label(*month as usize - 1, lang)),
        ),
        Warning::EventKept { name, .. } => pick(
            lang,
            format!("活动“{name}”去年没有独占的日子（每天都与其他活动重叠）：其流量提升、转化提升和折扣保持原值"),
            format!("Event “{name}” has no day of its own last year (every day overlaps another event): its uplifts and discount are kept"),
        ),
        Warning::PaidAboveVisitors { name, days, dates } => pick(
            lang,
            format!("“{name}”有 {days} 天投放带来的付费访客不少于当天访客（如 {}），这些日子无法拟合", list(lang, dates)),
            format!("On {days} days the lines' paid visitors reach the visitors of “{name}” (e.g. {}); the fit cannot follow those days", list(lang, dates)),
        ),
        Warning::NoRefunds { name } => pick(
            lang,
            format!("“{name}”的文件没有退款列：退货率保持原值"),
            format!("The file of “{name}” has no refunds: its return rate is kept"),
        ),
        Warning::ChannelKept { name } => pick(
            lang,
            format!("“{name}”没有文件：其参数保持原值，上年GMV只计有文件的渠道"),
            format!("“{name}” has no file: its values are kept, and last year's GMV counts only the channels with files"),
        ),
    }
}

/// A changed field's name in the planner's words: `天猫 · 转化率`, `月度权重 · 3月`, `双11 · 折扣`.
pub fn field_name(plan: &Scenario, path: &str, lang: Lang) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let word = |f: &str| t(lang, &format!("f.{f}")).to_string();
    match parts.as_slice() {
        ["seasonality", m] => format!("{} · {}", word("seasonality"), month_label(m.parse().unwrap_or(0), lang)),
        ["channels", i, f] => {
            let name = i.parse::<usize>().ok().and_then(|i| plan.channels.get(i)).map_or("?", |c| c.name.as_str());
            format!("{name} · {}", word(f))
        }
        ["events", i, f] => {
            let name = i.parse::<usize>().ok().and_then(|i| plan.events.get(i)).map_or("?", |e| e.name.as_str());
            format!("{name} · {}", word(f))
        }
        [f] => word(f),
        _ => path.to_string(),
    }
}

/// A changed field's value in its unit (`3.20%`, `¥217.12`, `1,693万`, `1.25`).
pub fn field_value(path: &str, x: f64, lang: Lang) -> String {
    let unit = if path.starts_with("seasonality") {
        inputs::Unit::Plain
    } else {
        inputs::of_path(path).map_or(inputs::Unit::Plain, |i| i.unit)
    };
    format::value(unit, Some(x), lang)
}

/// One change as a line: `天猫 · 转化率：3.20% → 3.41%`; `None` when it does not show at the display's precision.
pub fn change_line(plan: &Scenario, c: &Change, lang: Lang) -> Option<String> {
    let sep = if lang == Lang::Zh { "：" } else { ": " };
    let (a, b) = (field_value(&c.path, c.before, lang), field_value(&c.path, c.after, lang));
    (a != b).then(|| format!("{}{sep}{a} → {b}", field_name(plan, &c.path, lang)))
}

/// The report for a person: per channel its months (actual against backcast), its MAPE; every change; the
/// warnings; and what the budgets are.
pub fn report_lines(plan: &Scenario, r: &Report, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let m = |x: f64| format::money(x, lang);
    for ch in &r.channels {
        out.push(pick(
            lang,
            format!("{}（{}）：月度 GMV 平均绝对百分比误差 {}", ch.name, ch.source, percent(ch.mape, 2)),
            format!(
                "{} ({}): mean absolute percentage error of monthly GMV {}",
                ch.name,
                ch.source,
                percent(ch.mape, 2)
            ),
        ));
        for mf in &ch.months {
            let dev = if mf.actual_gmv > 0.0 { Some(mf.backcast_gmv / mf.actual_gmv - 1.0) } else { None };
            let (month, dev) = (month_label(mf.month as usize - 1, lang), format::signed_percent(dev));
            let (a, b) = (m(mf.actual_gmv), m(mf.backcast_gmv));
            let (ua, ub) = (format::count(mf.actual_uv, lang), format::count(mf.backcast_uv, lang));
            let (oa, ob) = (format::count(mf.actual_orders, lang), format::count(mf.backcast_orders, lang));
            out.push(match lang {
                Lang::Zh => format!("  {month}：实际 {a}，回测 {b}（{dev}）；访客 {ua} / {ub}；订单 {oa} / {ob}"),
                Lang::En => {
                    format!("  {month}: actual {a}, backcast {b} ({dev}); visitors {ua} / {ub}; orders {oa} / {ob}")
                }
            });
        }
    }
    let lines: Vec<String> = r.changes.iter().filter_map(|c| change_line(plan, c, lang)).collect();
    out.push(pick(lang, format!("改动的字段（{} 项）：", lines.len()), format!("Fields changed ({}):", lines.len())));
    out.extend(lines.iter().map(|l| format!("  {l}")));
    out.extend(r.warnings.iter().map(|w| warning(w, lang)));
    out.push(budgets_note(r.year, lang));
    out
}

/// What the spend lines' budgets are after calibration.
pub fn budgets_note(year: i32, lang: Lang) -> String {
    pick(
        lang,
        format!("投放预算保持为确认的 {year} 年预算：校准之后再设定明年的预算"),
        format!("The spend lines keep {year}'s budgets as confirmed: set next year's budgets after calibrating"),
    )
}
