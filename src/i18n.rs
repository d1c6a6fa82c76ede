//! The words of the UI in zh-CN and en (GLOSSARY.md), help texts for every input, and translated warnings.
//! Pure, so that a native test checks that every key has both languages.

use crate::format::{self, Lang};
use crate::model::results::Warning;

/// `(key, zh-CN, en)`.
pub const WORDS: &[(&str, &str, &str)] = &[
    ("app.title", "沙盘 · 年度经营计划模拟", "Sandtable · annual plan simulator"),
    ("app.tagline", "所有计算都在浏览器中完成，方案不会离开本机。", "Everything is computed in your browser; the plan never leaves this machine."),
    ("lang.switch", "English", "中文"),
    ("group.targets", "目标", "Targets"),
    ("group.channels", "渠道", "Channels"),
    ("group.promotions", "大促活动", "Promotions"),
    ("group.seasonality", "季节性", "Seasonality"),
    ("group.budget", "营销预算", "Marketing budget"),
    ("group.customers", "客户与复购", "Customers"),
    ("group.costs", "成本", "Costs"),
    ("group.results", "结果", "Results"),
    ("group.charts", "图表", "Charts"),
    ("group.tables", "明细表", "Tables"),
    ("group.warnings", "一致性提示", "Consistency checks"),
    // Fields, by the last name of their path.
    ("f.gmv", "年度GMV目标", "Annual GMV target"),
    ("f.last_year_gmv", "上年GMV", "Last year's GMV"),
    ("f.net_margin", "净利润率目标", "Net margin target"),
    ("f.paid_roi", "付费ROI目标", "Paid ROI target"),
    ("f.max_return_rate", "退货率上限", "Max return rate"),
    ("f.repeat_share", "复购占比目标", "Repeat GMV share target"),
    ("f.quarter_split", "季度拆解", "Quarterly split"),
    ("f.alert_threshold", "偏差预警阈值", "Deviation alert threshold"),
    ("f.name", "名称", "Name"),
    ("f.organic_uv", "自然流量 (UV/年)", "Organic visitors (UV/yr)"),
    ("f.cvr", "转化率", "Conversion rate"),
    ("f.aov", "客单价", "Average order value"),
    ("f.take_rate", "平台扣点", "Platform take rate"),
    ("f.return_rate", "退货率", "Return rate"),
    ("f.start", "开始", "Start"),
    ("f.end", "结束", "End"),
    ("f.traffic_uplift", "流量提升 (倍)", "Traffic uplift (x)"),
    ("f.cvr_uplift", "转化提升 (倍)", "Conversion uplift (x)"),
    ("f.discount", "折扣力度", "Discount"),
    ("f.seasonality", "月度权重", "Monthly weight"),
    ("f.budget", "年度预算", "Annual budget"),
    ("f.kind", "类型", "Kind"),
    ("f.pacing", "投放节奏", "Pacing"),
    ("f.cpc", "单访客成本 (低花费时)", "Cost per visitor at low spend"),
    ("f.half_saturation", "饱和花费 (月)", "Saturation spend (monthly)"),
    ("f.split", "渠道分配", "Split across channels"),
    ("f.existing_base", "会员池 / 老客数", "Existing customers"),
    ("f.base_orders_per_year", "老客年均订单", "Orders per existing customer per year"),
    ("f.repeat_curve", "复购曲线 (累计次数)", "Repeat curve (cumulative orders)"),
    ("f.repeat_aov_factor", "复购客单系数", "Repeat AOV factor"),
    ("f.gross_margin", "毛利率", "Gross margin"),
    ("f.fulfillment_per_order", "履约成本 (每单)", "Fulfilment per order"),
    ("f.fixed_costs", "固定费用 (年)", "Fixed costs (per year)"),
    ("f.year", "年份", "Year"),
    // Help texts: what it means and its unit; the UI adds the default plan's value.
    ("h.gmv", "全年成交总额的目标，单位元；可输入 38亿。", "The GMV the plan promises for the year, in yuan; type 3.8B or 38亿."),
    ("h.last_year_gmv", "用于计算同比增长；0 表示未知。", "For year-on-year growth, in yuan; 0 means unknown."),
    ("h.net_margin", "净利润 ÷ 净成交额的目标，百分比。", "Net profit over net GMV the plan promises, in percent."),
    ("h.paid_roi", "付费首单GMV ÷ 投放类花费的目标。", "GMV of paid first orders over traffic spend, a ratio."),
    ("h.max_return_rate", "可接受的退货金额占GMV的上限，百分比。", "The highest acceptable share of GMV refunded, in percent."),
    ("h.repeat_share", "复购与老客GMV占比的目标，百分比。", "Share of GMV from repeat and existing customers, in percent."),
    ("h.quarter_split", "各季度占全年GMV目标的比例，合计应为100%。", "Each quarter's share of the GMV target, in percent; they should add to 100%."),
    ("h.alert_threshold", "KPI低于目标超过此比例时由“关注”变为“预警”。", "A KPI missing its target by more than this turns from watch to alert, in percent."),
    ("h.name", "最多60个字符。", "At most 60 characters."),
    ("h.organic_uv", "没有大促和付费流量时全年的访客数。", "Visitors in a year without events or paid traffic."),
    ("h.cvr", "访客转化为首单的比例，百分比。", "Share of visitors who place a first order, in percent."),
    ("h.aov", "一笔订单的标价金额，单位元。", "List price of an order, in yuan."),
    ("h.take_rate", "平台对净成交额收取的佣金，百分比。", "The platform's commission on net GMV, in percent."),
    ("h.return_rate", "被退款的GMV比例，百分比。", "Share of GMV refunded, in percent."),
    ("h.start", "活动第一天，格式 MM-DD。", "First day of the event, MM-DD."),
    ("h.end", "活动最后一天（含），格式 MM-DD。", "Last day of the event (inclusive), MM-DD."),
    ("h.traffic_uplift", "活动期间自然流量与老客订单的倍数，1 表示不变。", "Multiplies organic visitors and existing-customer orders on event days; 1 = none."),
    ("h.cvr_uplift", "活动期间转化率的倍数，1 表示不变。", "Multiplies conversion on event days; 1 = none."),
    ("h.discount", "活动期间成交价的折扣，百分比。", "Lowers the price paid on event days, in percent."),
    ("h.seasonality", "该月基础需求的相对权重，会自动归一化。", "Relative weight of the month's baseline demand; normalised."),
    ("h.budget", "该项全年花费，单位元；可输入 1.33亿。", "The line's spend for the year, in yuan; type 133M or 1.33亿."),
    ("h.cpc", "花费很低时每个访客的成本，单位元。", "Yuan per visitor at low spend."),
    ("h.half_saturation", "月度花费达到此值时，平均访客成本翻倍，单位元。", "The monthly spend at which the average cost per visitor has doubled, in yuan."),
    ("h.split", "该项流量分配到各渠道的权重。", "Weights of this line's visitors across the channels."),
    ("h.existing_base", "年初的老客户数量。", "Customers at the start of the year."),
    ("h.base_orders_per_year", "每位老客一年平均下单次数。", "Average orders per existing customer per year."),
    ("h.repeat_curve", "一位新客在45/90/180/365天内累计的复购次数，不能递减。", "Cumulative repeat orders of one new customer by day 45/90/180/365; non-decreasing."),
    ("h.repeat_aov_factor", "复购与老客订单客单价相对首单的倍数。", "Scales the order value of repeat and existing-customer orders."),
    ("h.gross_margin", "按标价计算的商品毛利率，百分比。", "Gross margin of goods at list price, in percent."),
    ("h.fulfillment_per_order", "每单物流与包材成本（退货也计），单位元。", "Shipping and packing per order, returned or not, in yuan."),
    ("h.fixed_costs", "全年人力、房租等固定费用，单位元。", "Team, rent and other fixed costs for the year, in yuan."),
    ("h.typical", "默认方案", "Default plan"),
    ("h.kind", "投放：按花费买访客，收益递减；固定：只计成本（工具、内容、会员权益）。", "Traffic buys visitors, with diminishing returns; fixed is a cost only (tools, content, perks)."),
    ("h.pacing", "预算在一年中的分布：均匀、随需求（含大促）或按月权重。", "How the budget spreads over the year: evenly, with demand (events included), or by monthly weights."),
    // KPIs.
    ("k.gmv", "成交总额 GMV", "GMV"),
    ("k.yoy_growth", "同比增长", "YoY growth"),
    ("k.net_gmv", "净成交额", "Net GMV"),
    ("k.orders", "订单数", "Orders"),
    ("k.new_customers", "新客数", "New customers"),
    ("k.cvr", "转化率", "Conversion rate"),
    ("k.aov", "客单价", "AOV"),
    ("k.repeat_share", "复购占比", "Repeat share"),
    ("k.marketing", "营销费用", "Marketing spend"),
    ("k.marketing_ratio", "费比", "Marketing ratio"),
    ("k.roi", "投产比 ROI", "Blended ROI"),
    ("k.paid_roi", "付费ROI", "Paid ROI"),
    ("k.cpa", "获客成本 CPA", "CPA"),
    ("k.net_profit", "净利润", "Net profit"),
    ("k.net_margin", "净利润率", "Net margin"),
    ("k.break_even_roi", "盈亏平衡ROI", "Break-even ROI"),
    ("k.ltv_365", "首年LTV", "First-year LTV"),
    ("k.return_rate", "退货率", "Return rate"),
    ("k.uv", "访客数", "Visitors"),
    ("k.new_orders", "首单", "First orders"),
    ("k.spend", "花费", "Spend"),
    ("k.paid_uv", "付费访客", "Paid visitors"),
    ("k.target", "目标", "Target"),
    ("k.deviation", "偏差", "Deviation"),
    ("k.status", "状态", "Status"),
    ("k.days", "天数", "Days"),
    ("k.month", "月份", "Month"),
    ("k.quarter", "季度", "Quarter"),
    ("k.channel", "渠道", "Channel"),
    ("k.line", "预算项", "Line"),
    ("k.event", "活动", "Event"),
    ("k.share_of_gmv", "占GMV", "of GMV"),
    ("k.total_budget", "预算合计", "Total budget"),
    ("s.ok", "达标", "On target"),
    ("s.watch", "关注", "Watch"),
    ("s.alert", "预警", "Alert"),
    ("s.unknown", "未知", "Unknown"),
    // Actions.
    ("a.add_channel", "添加渠道", "Add channel"),
    ("a.add_event", "添加活动", "Add event"),
    ("a.add_traffic", "添加投放项", "Add traffic line"),
    ("a.add_fixed", "添加固定项", "Add fixed line"),
    ("a.remove", "删除", "Remove"),
    ("a.up", "上移", "Move up"),
    ("a.down", "下移", "Move down"),
    ("a.show_data", "查看数据", "Show data"),
    ("v.new_channel", "新渠道", "New channel"),
    ("v.new_event", "新活动", "New event"),
    ("v.new_line", "新预算项", "New line"),
    ("v.traffic", "投放（买流量）", "Traffic (buys visitors)"),
    ("v.fixed", "固定（不建模流量）", "Fixed (no modelled traffic)"),
    ("v.even", "均匀", "Even"),
    ("v.seasonal", "随季节", "Seasonal"),
    ("v.monthly", "按月", "Monthly"),
    ("v.no_warnings", "没有一致性问题。", "No consistency problems."),
    ("v.invalid", "无效", "Invalid"),
    ("v.response_line", "响应曲线预算项", "Line shown"),
    // Sharing, saving, files.
    ("a.undo", "撤销", "Undo"),
    ("a.redo", "重做", "Redo"),
    ("a.share", "分享", "Share"),
    ("a.copy_link", "复制链接", "Copy link"),
    ("a.embed", "嵌入代码", "Embed code"),
    ("u.embed_chart", "嵌入图表", "Chart to embed"),
    ("u.copied", "已复制到剪贴板", "Copied to the clipboard"),
    ("u.copy_failed", "无法写入剪贴板，请手动复制下方链接", "The clipboard refused; copy the link below"),
    ("a.scenarios", "方案", "Scenarios"),
    ("a.save_as", "另存为", "Save as"),
    ("a.save_to", "保存到", "Save to"),
    ("u.save_name", "方案名称", "Scenario name"),
    ("a.open", "打开", "Open"),
    ("a.rename", "重命名", "Rename"),
    ("a.duplicate", "复制", "Duplicate"),
    ("a.confirm_delete", "确认删除", "Delete for good"),
    ("a.cancel", "取消", "Cancel"),
    ("u.copy_suffix", "(副本)", "(copy)"),
    ("u.save_failed", "保存失败", "Could not save"),
    ("u.damaged_kept", "发现损坏的存储条目，已另存", "A damaged stored entry was kept aside"),
    ("u.autosave_failed", "自动保存失败，请导出方案以免丢失", "Autosave failed; export the plan so it is not lost"),
    ("a.file", "文件", "File"),
    ("a.export_scenario", "导出方案 JSON", "Export scenario (JSON)"),
    ("a.export_csv", "导出结果 CSV", "Export results (CSV)"),
    ("a.export_results", "导出结果 JSON", "Export results (JSON)"),
    ("a.import", "导入方案…", "Import scenario…"),
    ("u.drop_hint", "也可以把 JSON 文件拖到页面上。", "Or drop a JSON file on the page."),
    ("a.print", "打印 / PDF", "Print / PDF"),
    ("u.imported", "已导入：", "Imported:"),
    ("u.import_failed", "无法导入该文件：", "The file could not be imported:"),
    ("u.link_failed", "链接无法打开。", "The link could not be opened."),
    ("u.link_fallback", "已打开你自动保存的方案（或默认方案），自动保存未被改动。", "Your autosaved plan (or the default) is open instead; the autosave is untouched."),
    ("a.dismiss", "关闭", "Dismiss"),
    ("u.open_full", "在沙盘中打开 ↗", "Open in Sandtable ↗"),
];

/// The word for `key` in `lang`; the key itself when missing (a test makes sure none is).
pub fn t(lang: Lang, key: &str) -> &'static str {
    for (k, zh, en) in WORDS {
        if *k == key {
            return if lang == Lang::Zh { zh } else { en };
        }
    }
    // Not reached for keys in the table; leaks nothing and never panics.
    "?"
}

/// A validation or parse message in the UI's language. The engine words its messages in English
/// (`must be in (0, 1], got 1.5`); in zh-CN the common forms are said in Chinese, the numbers kept as they are.
pub fn message(lang: Lang, msg: &str) -> String {
    if lang == Lang::En {
        return msg.to_string();
    }
    // A message about another field keeps that field's path in front.
    if let Some((path, rest)) = msg.split_once(": ") {
        if !path.contains(' ') && rest.starts_with("must") {
            return format!("{path}: {}", message(lang, rest));
        }
    }
    if let Some((now, before)) = msg.strip_prefix("must not decrease, got ").and_then(|r| r.split_once(" after ")) {
        return format!("不能小于前一个值 {before}，当前为 {now}");
    }
    let (head, got) = match msg.split_once(", got ") {
        Some((h, g)) => (h, Some(g)),
        None => (msg, None),
    };
    let now = |s: String| match got {
        Some(g) => format!("{s}，当前为 {g}"),
        None => s,
    };
    if let Some(range) = head.strip_prefix("must be in ") {
        return now(format!("须在 {range} 范围内"));
    }
    if let Some(n) = head.strip_prefix("must be at most ").and_then(|r| r.strip_suffix(" characters")) {
        return now(format!("最多 {n} 个字符"));
    }
    if let Some(x) = head.strip_prefix("must be at most ") {
        return now(format!("不能超过 {x}"));
    }
    if let Some(y) = head.strip_prefix("must be a date MM-DD of ") {
        return now(format!("须为 {y} 年中存在的日期（MM-DD）"));
    }
    if let Some(s) = head.strip_prefix("must not be before start ") {
        return now(format!("不能早于开始日期 {s}"));
    }
    if let Some(x) = head.strip_prefix("not a number: ") {
        return format!("不是有效数字：{x}");
    }
    match head {
        "must be >= 0" => now("不能为负数".into()),
        "must be > 0" => now("必须大于 0".into()),
        "must be a finite number" => now("须为有限数字".into()),
        "must have a positive sum" => now("合计须大于 0".into()),
        "enter a number" => "请输入数字".into(),
        "the number is too large" => "数字太大".into(),
        _ => msg.to_string(),
    }
}

/// The label of a field path (`channels.0.cvr` -> 转化率).
pub fn field_label(lang: Lang, path: &str) -> &'static str {
    t(lang, &format!("f.{}", crate::edit::field_name(path)))
}

/// The help text of a field path.
pub fn field_help(lang: Lang, path: &str) -> &'static str {
    t(lang, &format!("h.{}", crate::edit::field_name(path)))
}

/// The status word (达标 / On target ...).
pub fn status_word(lang: Lang, status: &str) -> &'static str {
    t(lang, &format!("s.{status}"))
}

/// A warning in the UI's language.
pub fn warning(lang: Lang, w: &Warning, names: &dyn Fn(&str) -> String) -> String {
    let v = w.value.unwrap_or(0.0);
    let name = names(&w.path);
    match (lang, w.code.as_str()) {
        (Lang::Zh, "seasonality_not_normalised") => format!("季节性权重合计为 {}，不是 1，已自动归一化。", format::grouped(v, 2)),
        (Lang::Zh, "quarter_split_not_normalised") => format!("季度拆解合计为 {}，不是 100%，已按比例归一化。", format::percent(v, 1)),
        (Lang::Zh, "marketing_above_20pct") => format!("营销费用占GMV {}，超过 20%。", format::percent(v, 1)),
        (Lang::Zh, "deep_saturation") => format!("{name}：平均访客成本是低花费成本的 {} 倍，投放已深度饱和。", format::grouped(v, 1)),
        (Lang::Zh, "event_no_effect") => format!("{name}：没有流量提升、转化提升或折扣，活动不起作用。"),
        (Lang::Zh, "gmv_target_missed") => format!("自下而上的测算比GMV目标低 {}，超过预警阈值。", format::percent(v, 1)),
        (Lang::En, "seasonality_not_normalised") => format!("Seasonality weights add up to {}, not 1; they were normalised.", format::grouped(v, 2)),
        (Lang::En, "quarter_split_not_normalised") => format!("The quarterly split adds up to {}, not 100%; it was normalised.", format::percent(v, 1)),
        (Lang::En, "marketing_above_20pct") => format!("Marketing is {} of GMV, above 20%.", format::percent(v, 1)),
        (Lang::En, "deep_saturation") => format!("{name}: the average cost per visitor is {}x the low-spend cost; the line is deep in saturation.", format::grouped(v, 1)),
        (Lang::En, "event_no_effect") => format!("{name}: no traffic uplift, conversion uplift or discount; the event has no effect."),
        (Lang::En, "gmv_target_missed") => format!("The bottom-up plan misses the GMV target by {}, beyond the alert threshold.", format::percent(v, 1)),
        _ => w.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_in_both_languages() {
        let mut keys: Vec<&str> = WORDS.iter().map(|w| w.0).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate keys");
        for (k, zh, en) in WORDS {
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn every_field_of_the_scenario_has_a_label_and_help() {
        let v = serde_json::to_value(crate::model::Scenario::default()).unwrap();
        fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| walk(x, &format!("{path}{}{k}", if path.is_empty() { "" } else { "." }), out)),
                serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| walk(x, &format!("{path}.{i}"), out)),
                _ => out.push(path.to_string()),
            }
        }
        let mut paths = Vec::new();
        walk(&v, "", &mut paths);
        for p in paths.iter().filter(|p| !p.starts_with("schema")) {
            for lang in [Lang::Zh, Lang::En] {
                assert_ne!(field_label(lang, p), "?", "label of {p}");
                let name = crate::edit::field_name(p);
                if !matches!(name, "kind" | "pacing" | "year") {
                    assert_ne!(field_help(lang, p), "?", "help of {p}");
                }
            }
        }
    }

    #[test]
    fn messages_in_chinese() {
        let check = |en: &str, zh: &str| assert_eq!(message(Lang::Zh, en), zh, "{en}");
        check("must be in (0, 1], got 1.5", "须在 (0, 1] 范围内，当前为 1.5");
        check("must be >= 0, got -1", "不能为负数，当前为 -1");
        check("must be > 0, got 0", "必须大于 0，当前为 0");
        check("must be at most 60 characters, got 61", "最多 60 个字符，当前为 61");
        check("must be at most 1e15, got 2e15", "不能超过 1e15，当前为 2e15");
        check("must be a date MM-DD of 2026, got \"02-30\"", "须为 2026 年中存在的日期（MM-DD），当前为 \"02-30\"");
        check("must not decrease, got 0.01 after 0.09", "不能小于前一个值 0.09，当前为 0.01");
        check("not a number: \"abc\"", "不是有效数字：\"abc\"");
        check("events[0].end: must not be before start 03-09, got 03-08", "events[0].end: 不能早于开始日期 03-09，当前为 03-08");
        assert_eq!(message(Lang::En, "must be > 0, got 0"), "must be > 0, got 0");
    }

    #[test]
    fn warnings_are_translated() {
        let r = crate::model::simulate(&crate::model::Scenario::default()).unwrap();
        let zh = warning(Lang::Zh, &r.warnings[0], &|_| String::new());
        assert!(zh.contains("季节性"), "{zh}");
    }
}
