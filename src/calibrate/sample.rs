//! Last year's exports made by the engine from a known plan: each channel's days (visitors and orders rounded
//! to whole numbers, money to the fen), with optional day-to-day noise, written in a back office's layout. The
//! samples under `docs/samples/` and the calibration tests are made by it (`sandtable sample-exports`).
//!
//! Invariant: the same plan, noise and seed give the same bytes.

use super::series::channel_days;
use crate::analysis::random::{exp, Rng};
use crate::model::scenario::Scenario;

/// A back office's file layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// 生意参谋 (Tmall): a title row, then 统计日期 / 访客数 / 支付金额 / 支付父订单数 / 成功退款金额; a workbook.
    Sycm,
    /// 京东商智 (JD): 日期 / 访客数 / 成交金额(元) / 成交单量 / 退款金额(元); CSV in GBK.
    Jd,
    /// 电商罗盘 (Douyin): 日期 / 商品访客数 / 用户支付金额(元) / 成交订单数 / 退款金额; a workbook.
    Compass,
    /// A plain daily CSV in UTF-8: date / visitors / GMV / orders / refunds.
    Plain,
}

impl Layout {
    /// The layout of the `c`-th channel of the default plan's order (天猫, 京东, 抖音, then plain files).
    pub fn of_channel(c: usize) -> Layout {
        match c {
            0 => Layout::Sycm,
            1 => Layout::Jd,
            2 => Layout::Compass,
            _ => Layout::Plain,
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Layout::Sycm | Layout::Compass => "xlsx",
            Layout::Jd | Layout::Plain => "csv",
        }
    }

    fn headers(self) -> [&'static str; 5] {
        match self {
            Layout::Sycm => ["统计日期", "访客数", "支付金额", "支付父订单数", "成功退款金额"],
            Layout::Jd => ["日期", "访客数", "成交金额(元)", "成交单量", "退款金额(元)"],
            Layout::Compass => ["日期", "商品访客数", "用户支付金额(元)", "成交订单数", "退款金额"],
            Layout::Plain => ["date", "visitors", "gmv", "orders", "refunds"],
        }
    }
}

/// One day of an export: visitors, GMV, orders, refunds.
pub type Day = [f64; 4];

/// Each channel's days of plan `sc` in its own year, rounded as back offices write them; `noise` is the
/// standard deviation of an independent log-normal day factor on each figure (0 for none).
pub fn days(sc: &Scenario, noise: f64, seed: u64) -> Vec<Vec<Day>> {
    let mut rng = Rng::new(seed);
    let mut factor = move || if noise > 0.0 { exp(noise * rng.normal()) } else { 1.0 };
    channel_days(sc)
        .iter()
        .zip(&sc.channels)
        .map(|(s, ch)| {
            (0..s.gmv.len())
                .map(|d| {
                    let gmv = (s.gmv[d] * factor() * 100.0).round() / 100.0;
                    let uv = (s.uv(d) * factor()).round();
                    let orders = (s.orders(d) * factor()).round();
                    let refunds = (gmv * ch.return_rate * 100.0).round() / 100.0;
                    [uv, gmv, orders, refunds]
                })
                .collect()
        })
        .collect()
}

/// A channel's days of `year` as a file in `layout` (without refunds when `refunds` is false).
pub fn file(days: &[Day], year: i32, layout: Layout, refunds: bool) -> Result<Vec<u8>, String> {
    let head = layout.headers();
    let cols = if refunds { 5 } else { 4 };
    let date = |d: usize| crate::import::date_label(year, d);
    match layout {
        Layout::Jd | Layout::Plain => {
            let mut text = head[..cols].join(",");
            text.push('\n');
            for (d, row) in days.iter().enumerate() {
                let cells: Vec<String> =
                    std::iter::once(date(d)).chain(row[..cols - 1].iter().map(|x| format!("{x}"))).collect();
                text.push_str(&cells.join(","));
                text.push('\n');
            }
            Ok(if layout == Layout::Jd { encoding_rs::GBK.encode(&text).0.into_owned() } else { text.into_bytes() })
        }
        Layout::Sycm | Layout::Compass => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            let top = if layout == Layout::Sycm {
                sheet
                    .write_string(0, 0, format!("店铺整体数据 {year}-01-01 ~ {year}-12-31"))
                    .map_err(|e| e.to_string())?;
                2
            } else {
                0
            };
            for (c, h) in head[..cols].iter().enumerate() {
                sheet.write_string(top, c as u16, *h).map_err(|e| e.to_string())?;
            }
            for (d, row) in days.iter().enumerate() {
                let r = top + 1 + d as u32;
                sheet.write_string(r, 0, date(d)).map_err(|e| e.to_string())?;
                for (c, x) in row[..cols - 1].iter().enumerate() {
                    sheet.write_number(r, c as u16 + 1, *x).map_err(|e| e.to_string())?;
                }
            }
            book.save_to_buffer().map_err(|e| e.to_string())
        }
    }
}

/// Last year's exports of plan `sc` (its structure simulated on the year before its own): one file per
/// channel, named `<year>-<index>-<name>.<ext>`, in the layout of its place.
pub fn exports(sc: &Scenario, noise: f64, seed: u64) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut last = sc.clone();
    last.year -= 1;
    last.actuals = None;
    let all = days(&last, noise, seed);
    all.iter()
        .enumerate()
        .map(|(c, d)| {
            let layout = Layout::of_channel(c);
            let stem: String = sc.channels[c].name.split_whitespace().collect::<Vec<_>>().join("-");
            let name = format!("{}-{}-{stem}.{}", last.year, c + 1, layout.extension());
            Ok((name, file(d, last.year, layout, true)?))
        })
        .collect()
}
