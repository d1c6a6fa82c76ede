//! What an import says, in zh-CN and en: the report of what was read (before it is applied) and every error.
//! Built where the import runs (the worker, the command line), so the page only shows the lines.

use super::cells::Field;
use super::{Granularity, ImportError, Report, Skip};
use crate::present::format::{grouped, money, Lang};

fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A column letter: 0 → A, 26 → AA.
pub fn column_letter(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn field_word(f: Field, lang: Lang) -> &'static str {
    match (f, lang) {
        (Field::Date, Lang::Zh) => "日期",
        (Field::Gmv, Lang::Zh) => "GMV",
        (Field::Uv, Lang::Zh) => "访客数",
        (Field::Orders, Lang::Zh) => "订单数",
        (Field::Refunds, Lang::Zh) => "退款金额",
        (Field::Date, Lang::En) => "date",
        (Field::Gmv, Lang::En) => "GMV",
        (Field::Uv, Lang::En) => "visitors",
        (Field::Orders, Lang::En) => "orders",
        (Field::Refunds, Lang::En) => "refunds",
    }
}

/// The accepted header names of every field, for the no-header error.
fn accepted(lang: Lang) -> String {
    Field::ALL
        .iter()
        .map(|f| format!("{}: {}", field_word(*f, lang), f.names().join(" / ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The report as lines: source and header, columns, rows and span, skipped rows, months read, through.
pub fn report_lines(r: &Report, lang: Lang) -> Vec<String> {
    let zh = lang == Lang::Zh;
    let mut out = Vec::new();
    let sheet = if r.sheet == r.source { String::new() } else { format!(" · {}", r.sheet) };
    out.push(pick(
        lang,
        format!("文件 {}{sheet}，表头在第 {} 行", r.source, r.header_row),
        format!("File {}{sheet}, header on row {}", r.source, r.header_row),
    ));
    let cols: Vec<String> = r
        .columns
        .iter()
        .map(|c| format!("{} ← {} ({})", field_word(c.field, lang), c.header, column_letter(c.column)))
        .collect();
    out.push(format!("{}{}", if zh { "列：" } else { "Columns: " }, cols.join(if zh { "，" } else { ", " })));
    let kind = match (r.granularity, zh) {
        (Granularity::Daily, true) => "按日",
        (Granularity::Monthly, true) => "按月",
        (Granularity::Daily, false) => "daily",
        (Granularity::Monthly, false) => "monthly",
    };
    out.push(pick(
        lang,
        format!("读取 {} 行（{kind}），{} 至 {}，截至 {}", r.rows, r.first, r.last, r.through),
        format!("Read {} {kind} rows, {} to {}, through {}", r.rows, r.first, r.last, r.through),
    ));
    if let Some((before, days)) = &r.others_cut {
        out.push(pick(
            lang,
            format!("其他渠道与投放的实际数据原截至 {before}，将与此文件一同截至 {}（去掉 {days} 天）", r.through),
            format!(
                "The other actuals ran to {before}; they will run to {} with this file ({days} days left out)",
                r.through
            ),
        ));
    }
    for s in &r.skipped {
        out.push(match (&s.why, zh) {
            (Skip::NotADate { text }, true) => format!("跳过第 {} 行（“{text}” 不是日期）", s.row),
            (Skip::NotADate { text }, false) => format!("Skipped row {} (“{text}” is not a date)", s.row),
            (Skip::AfterThrough { date }, true) => format!("跳过第 {} 行（{date} 在截止日之后）", s.row),
            (Skip::AfterThrough { date }, false) => format!("Skipped row {} ({date} is after the through date)", s.row),
        });
    }
    if !r.na_rows.is_empty() {
        let rows: Vec<String> = r.na_rows.iter().take(8).map(|x| x.to_string()).collect();
        let more = if r.na_rows.len() > 8 { "…" } else { "" };
        out.push(pick(
            lang,
            format!("第 {}{more} 行有“-”（无数据），按 0 计", rows.join("、")),
            format!("“-” (n/a) read as 0 on rows {}{more}", rows.join(", ")),
        ));
    }
    for (m, a) in &r.months {
        let opt = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |v| grouped(v, 0));
        let (gmv, uv, orders, refunds) = (money(a.gmv, lang), opt(a.uv), opt(a.orders), opt(a.refunds));
        out.push(match lang {
            Lang::Zh => format!("{m}月：GMV {gmv}，访客 {uv}，订单 {orders}，退款 {refunds}"),
            Lang::En => format!("Month {m}: GMV {gmv}, visitors {uv}, orders {orders}, refunds {refunds}"),
        });
    }
    out
}

/// An import error in words, naming the rows and dates at fault.
pub fn error(e: &ImportError, lang: Lang) -> String {
    use ImportError::*;
    match e {
        Unreadable { reason } => pick(lang, format!("无法读取该文件：{reason}"), format!("The file cannot be read: {reason}")),
        NotASpreadsheet { name } => pick(
            lang,
            format!("“{name}” 不是电子表格或文本文件：请选择后台导出的 .xls、.xlsx、.csv 文件，或粘贴表格"),
            format!("“{name}” is not a spreadsheet or a text file: choose the back office's .xls, .xlsx or .csv export, or paste the table"),
        ),
        NoHeader => pick(
            lang,
            format!("前 30 行中没有同时含日期列和 GMV 列的表头。可识别的列名 — {}", accepted(lang)),
            format!("No header row with a date column and a GMV column in the first 30 rows. Accepted names — {}", accepted(lang)),
        ),
        PickColumns { missing, columns } => {
            let what = |sep: &str| missing.iter().map(|f| field_word(*f, lang)).collect::<Vec<_>>().join(sep);
            pick(
                lang,
                format!("找不到{}列（文件的列：{}）：请选出哪一列是{}", what("和"), columns.join("、"), what("、哪一列是")),
                format!("No {} column by a name we know (the file's columns: {}): pick which column is the {}", what(" or "), columns.join(", "), what(", which the ")),
            )
        }
        NoRows => pick(lang, "表头下没有带日期的数据行".into(), "No dated rows below the header".into()),
        WrongYear { date, count, year } => pick(
            lang,
            format!("文件含 {count} 行非 {year} 年的数据（首个为 {date}）；方案年份是 {year}"),
            format!("The file has {count} rows outside {year} (the first is {date}); the plan is for {year}"),
        ),
        BadNumber { row, header, text } => pick(
            lang,
            format!("第 {row} 行“{header}”的值“{text}”不是数字"),
            format!("Row {row}, “{header}”: “{text}” is not a number"),
        ),
        Negative { row, header, value } => pick(
            lang,
            format!("第 {row} 行“{header}”为负数（{value}）"),
            format!("Row {row}, “{header}” is negative ({value})"),
        ),
        Duplicate { date, rows } => pick(
            lang,
            format!("{date} 出现两次（第 {} 行和第 {} 行）", rows.0, rows.1),
            format!("{date} appears twice (rows {} and {})", rows.0, rows.1),
        ),
        Mixed => pick(lang, "文件同时含按日和按月的行".into(), "The file mixes daily and monthly rows".into()),
        MissingDays { dates, count } => pick(
            lang,
            format!("区间内缺少 {count} 天：{}{}", dates.join("、"), if *count > dates.len() { "……" } else { "" }),
            format!("{count} days are missing inside the span: {}{}", dates.join(", "), if *count > dates.len() { "…" } else { "" }),
        ),
        MissingMonths { months } => pick(
            lang,
            format!("区间内缺少月份：{}", months.join("、")),
            format!("Months missing inside the span: {}", months.join(", ")),
        ),
        StartsMidMonth { date } => pick(
            lang,
            format!("按日数据从 {date} 开始；每个月须从 1 日起导入"),
            format!("The daily rows start on {date}; a month's actuals start on its 1st"),
        ),
        Gap { first, channel_last } => match channel_last {
            Some(last) => pick(
                lang,
                format!("文件从 {first} 开始，但该渠道的实际数据只到 {last}：中间的月份缺失"),
                format!("The file starts in {first} but this channel's actuals end in {last}: the months between are missing"),
            ),
            None => pick(
                lang,
                format!("文件从 {first} 开始，但该渠道没有更早月份的实际数据；实际数据须从 1 月起"),
                format!("The file starts in {first} and this channel has no actuals before it; actuals start in January"),
            ),
        },
        PartialMonth { month, through } => pick(
            lang,
            format!("该渠道 {month} 的数据只到 {through}；请从 {month}-01 起导入"),
            format!("This channel's {month} runs only to {through}; import from {month}-01"),
        ),
        BadThrough { through } => pick(
            lang,
            format!("截止日 “{through}” 不是方案年份中的日期（MM-DD）"),
            format!("The through date “{through}” is not a date of the plan's year (MM-DD)"),
        ),
        ThroughAfterData { through, last } => pick(
            lang,
            format!("截止日 {through} 晚于文件的最后日期 {last}"),
            format!("The through date {through} is after the file's last date {last}"),
        ),
        ThroughBeforeData { through, first } => pick(
            lang,
            format!("截止日 {through} 早于文件的首个日期 {first}"),
            format!("The through date {through} is before the file's first date {first}"),
        ),
        ThroughConflict { through, others, name } => pick(
            lang,
            format!("截止日 {through} 晚于“{name}”的实际数据（截至 {others}）；所有实际数据须截至同一天：将截止日设为 {others}，或留空"),
            format!("The through date {through} is after the actuals of “{name}” (to {others}); all actuals share one through date: set it to {others}, or leave it empty"),
        ),
        ThroughMidMonth { through, others, name } => pick(
            lang,
            format!("该文件截至 {through}（月中），早于“{name}”的实际数据（截至 {others}）；已有的实际数据按月汇总，无法截到月中：请导入截至 {others} 或之后的文件，或截至某月月末的文件"),
            format!("This file ends on {through}, within a month, before the actuals of “{name}” (to {others}); those are monthly sums and cannot be cut within a month: import a file that runs to {others} or later, or one that ends at a month's end"),
        ),
        NoChannel { channel } => pick(lang, format!("没有渠道 “{channel}”"), format!("No channel “{channel}”")),
        Invalid { reason } => pick(lang, format!("导入后方案无效：{reason}"), format!("The plan with these actuals is invalid: {reason}")),
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&error(self, Lang::En))
    }
}
