//! What a cell means: a column header's field, a number (text with thousands separators, percentages, `-` for
//! n/a), a day or a month.
//!
//! Invariant: a header maps to a field only by an exact name (after trimming, folding full-width brackets, ASCII
//! case and spaces, and dropping a unit in brackets), so `支付金额同比` is never read as `支付金额`; a column the
//! planner picked by its header maps to the field picked.

use super::grid::Cell;
use crate::model::calendar::days_in_month;
use crate::present::format;

/// The fields an import fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Date,
    Gmv,
    Uv,
    Orders,
    Refunds,
}

impl Field {
    /// Every field, in the order of a report.
    pub const ALL: [Field; 5] = [Field::Date, Field::Gmv, Field::Uv, Field::Orders, Field::Refunds];

    /// The header names read as this field, in order of preference (the first present wins).
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Field::Date => &["统计日期", "日期", "时间", "月份", "date", "month"],
            Field::Gmv => &["支付金额", "成交金额", "用户支付金额", "付款金额", "gmv", "sales"],
            Field::Uv => &["访客数", "店铺访客数", "商品访客数", "uv", "visitors"],
            Field::Orders => &[
                "支付父订单数",
                "成交订单数",
                "成交单量",
                "支付子订单数",
                "支付订单数",
                "付款订单数",
                "订单数",
                "orders",
            ],
            Field::Refunds => &["成功退款金额", "退款金额", "refunds"],
        }
    }

    /// The field's key in the scenario (`date` for the date column).
    pub fn key(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Gmv => "gmv",
            Field::Uv => "uv",
            Field::Orders => "orders",
            Field::Refunds => "refunds",
        }
    }
}

/// Full-width digits, signs and brackets as their ASCII forms.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '（' => '(',
            '）' => ')',
            '．' => '.',
            '，' => ',',
            '－' => '-',
            '／' => '/',
            '％' => '%',
            _ => c,
        })
        .collect()
}

/// A header as compared with the names: trimmed, full-width folded, ASCII lower case, spaces removed, and a
/// unit in brackets at its end dropped (`成交金额（元）`, `成交订单数(笔)`, `访客数(UV)` read as the bare name;
/// `(万元)` is no unit of ours and stays, so such a column is never read as yuan).
pub fn header_key(c: &Cell) -> String {
    match c {
        Cell::Text(s) => name_key(s),
        _ => String::new(),
    }
}

/// A header's text as compared with the names (see [`header_key`]).
pub fn name_key(s: &str) -> String {
    const UNITS: [&str; 9] = ["元", "笔", "个", "人", "次", "单", "人次", "uv", "rmb"];
    let key = fold(s.trim()).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    if let Some(open) = key.rfind('(').filter(|_| key.ends_with(')')) {
        if open > 0 && UNITS.contains(&&key[open + 1..key.len() - 1]) {
            return key[..open].to_string();
        }
    }
    key
}

/// The field a header names, if any.
pub fn field_of(header: &str) -> Option<Field> {
    Field::ALL.into_iter().find(|f| f.names().contains(&header))
}

/// A cell whose text is no number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotANumber;

/// A number cell's value: `Ok(None)` for n/a (`-`, `--`, `—`, `N/A`, empty), `Err` for text that is no number.
/// Text is read as a typed amount is (`format::parse_amount`: thousands separators only in groups of three,
/// `¥`, `元`, 万/亿, full-width digits), a percentage as a fraction.
pub fn number(c: &Cell) -> Result<Option<f64>, NotANumber> {
    let s = match c {
        Cell::Number(x) => return Ok(Some(*x)),
        Cell::Empty => return Ok(None),
        Cell::Date(..) => return Err(NotANumber),
        Cell::Text(s) => s.trim(),
    };
    if matches!(s, "" | "-" | "--" | "—" | "——" | "－" | "n/a" | "N/A" | "NA" | "null") {
        return Ok(None);
    }
    let parsed = if s.ends_with(['%', '％']) { format::parse_percent(s) } else { format::parse_amount(s) };
    parsed.map(Some).map_err(|_| NotANumber)
}

/// What a date cell names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    /// Year, month, day.
    Day(i32, u32, u32),
    /// Year, month.
    Month(i32, u32),
}

impl When {
    /// `2026-01-05` or `2026-01`.
    pub fn label(self) -> String {
        match self {
            When::Day(y, m, d) => format!("{y}-{m:02}-{d:02}"),
            When::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        match self {
            When::Day(y, ..) | When::Month(y, _) => y,
        }
    }

    /// The month, 1..=12.
    pub fn month(self) -> u32 {
        match self {
            When::Day(_, m, _) | When::Month(_, m) => m,
        }
    }
}

fn day(y: i32, m: u32, d: u32) -> Option<When> {
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some(When::Day(y, m, d))
}

fn month(y: i32, m: u32) -> Option<When> {
    (1..=12).contains(&m).then_some(When::Month(y, m))
}

/// A date cell: a date, `2026-01-01`, `2026/1/1`, `2026.1.1`, `20260101`, `2026年1月1日` (a time after it is
/// ignored), a month `2026-01`, `2026/1`, `202601`, `2026年1月`, or a range `A~B` / `A至B` that is one day or one
/// whole month. `None` for anything else (a 合计 row, a note).
pub fn when(c: &Cell) -> Option<When> {
    match c {
        Cell::Date(y, m, d) => day(*y, *m, *d),
        Cell::Number(x) if x.fract() == 0.0 && *x >= 0.0 => digits(&format!("{x:.0}")),
        Cell::Text(s) => {
            let s = fold(s.trim());
            if let Some((a, b)) = s.split_once('~').or_else(|| s.split_once('至')) {
                return range(when(&Cell::Text(a.to_string()))?, when(&Cell::Text(b.to_string()))?);
            }
            let s = s.split([' ', 'T']).next().unwrap_or("");
            let s = s.trim_end_matches('日');
            if s.bytes().all(|b| b.is_ascii_digit()) {
                return digits(s);
            }
            let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
            let n = |i: usize| parts.get(i).filter(|p| !p.is_empty() && p.len() <= 4)?.parse::<u32>().ok();
            if parts.first()?.len() != 4 {
                return None;
            }
            let y = n(0)? as i32;
            match parts.len() {
                2 => month(y, n(1)?),
                3 if parts[2].is_empty() => month(y, n(1)?),
                3 => day(y, n(1)?, n(2)?),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `20260101` or `202601`.
fn digits(s: &str) -> Option<When> {
    let n = |a: usize, b: usize| s.get(a..b)?.parse::<u32>().ok();
    match s.len() {
        8 => day(n(0, 4)? as i32, n(4, 6)?, n(6, 8)?),
        6 => month(n(0, 4)? as i32, n(4, 6)?),
        _ => None,
    }
}

/// A range that is one day, or one whole month.
fn range(a: When, b: When) -> Option<When> {
    match (a, b) {
        (When::Day(y, m, d), When::Day(y2, m2, d2)) if (y, m, d) == (y2, m2, d2) => Some(a),
        (When::Day(y, m, 1), When::Day(y2, m2, d2)) if (y, m) == (y2, m2) && d2 == days_in_month(y, m) => {
            Some(When::Month(y, m))
        }
        (When::Month(y, m), When::Month(y2, m2)) if (y, m) == (y2, m2) => Some(a),
        _ => None,
    }
}
