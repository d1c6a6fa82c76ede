//! The words of the UI in zh-CN and en (GLOSSARY.md), help texts for every input, and translated warnings.
//! Pure, so that a native test checks that every key has both languages.

use crate::model::inputs::{Dist, Domain};
use crate::model::results::{TargetResult, Warning};
use crate::model::validate::{num, FieldError, Problem, ScenarioError};
use crate::present::format::{self, Lang};

/// The words of the panels that load after the first screen (the calibration's `cal.*`, the decisions' `d.*`, the
/// actuals group's `ac.*`),
/// kept apart from `WORDS` so that they never load with the page: the panels' wasm adds them (`add_words`).
/// `(key, zh-CN, en)`.
pub const PANEL_WORDS: &[(&str, &str, &str)] = &[
    // The share menu's body.
    ("a.copy_link", "复制链接", "Copy link"),
    ("a.embed", "嵌入代码", "Embed code"),
    ("u.embed_chart", "嵌入图表", "Chart to embed"),
    ("u.copied", "已复制到剪贴板", "Copied to the clipboard"),
    ("u.copy_failed", "无法写入剪贴板，请手动复制下方链接", "The clipboard refused; copy the link below"),
    // The ± editor of a field's 90% range (`editor::ranges`), mounted by the panels' wasm.
    ("r.toggle", "设置90%区间", "Set a 90% range"),
    ("r.remove", "删除此区间", "Remove this range"),
    ("r.low", "低（P5）", "Low (P5)"),
    ("r.high", "高（P95）", "High (P95)"),
    // The channels' rows' structural edits (`editor::rows`), made by the panels' wasm.
    ("v.new_channel", "新渠道", "New channel"),
    ("u.channel_added", "新渠道不分配老客订单（老客渠道占比为 0），也没有付费流量；可在预算项的渠道分配中为其分配流量。", "The new channel takes no existing customers (share 0) and no paid traffic; give it traffic in a line's split across channels."),
    ("u.existing_customers", "老客订单", "Existing customers"),
    ("u.removal_moves", "删除该渠道后，其付费流量与老客订单将按以下比例分配给其他渠道：", "Removing this channel moves its paid visitors and existing customers to the others, in these shares:"),
    ("a.confirm_delete", "确认删除", "Delete for good"),
    ("a.cancel", "取消", "Cancel"),
    // The saved scenarios' menu body.
    ("a.save_as", "另存为", "Save as"),
    ("a.save_to", "保存到", "Save to"),
    ("u.save_name", "方案名称", "Scenario name"),
    ("a.open", "打开", "Open"),
    ("a.rename", "重命名", "Rename"),
    ("a.duplicate", "复制", "Duplicate"),
    ("u.copy_suffix", "(副本)", "(copy)"),
    ("u.save_failed", "保存失败", "Could not save"),
    // The uncertainty panel (its chances, charts and tornado; the KPI cards' P10–P90 line is the page's).
    ("mc.title", "达成概率（蒙特卡洛）", "How likely (Monte Carlo)"),
    ("mc.intro", "给任意假设设一个90%区间（点 ±），沙盘会模拟上万种可能的年份，算出每个目标的达成概率。", "Give any assumption a 90% range (press ±) and Sandtable simulates thousands of possible years to show the chance of each target."),
    ("mc.running", "正在模拟…", "Simulating…"),
    ("mc.done", "已完成", "Done"),
    ("mc.idle", "还没有设区间的假设", "No assumption has a range yet"),
    ("mc.error", "模拟未能完成", "The simulation could not run"),
    ("mc.trials_run", "次模拟", "trials"),
    ("mc.settings", "模拟设置", "Simulation settings"),
    ("mc.probs", "各目标达成概率", "Chance of each target"),
    ("mc.tornado", "敏感度：哪个假设影响最大", "Sensitivity: which assumption matters most"),
    ("mc.tornado_help", "每次只把一个假设移到它区间的低端和高端（没有区间的按 ±10%），其余不变。", "Each assumption alone moved to the low and high end of its range (±10% without one), everything else as planned."),
    ("mc.tornado_kpi", "指标", "KPI"),
    ("cal.title", "从去年开始：用去年的后台数据校准方案", "Start from last year: calibrate the plan on last year's exports"),
    ("cal.intro", "为每个渠道选择去年全年的按日导出（生意参谋、京东商智、电商罗盘或按日 CSV：日期、访客数、订单数、GMV，可含退款），确认去年各投放项的预算，然后校准：季节性、大促的流量与转化提升和折扣、各渠道的自然流量、趋势、转化率、客单价和退货率将按去年的数据拟合。", "Choose last year's daily export of each channel (生意参谋, 京东商智, 电商罗盘 or a daily CSV: date, visitors, orders, GMV, refunds if any), confirm last year's budget of each spend line, then calibrate: the seasonality, each event's uplifts and discount, and each channel's organic visitors, trend, conversion, order value and return rate are fitted to last year."),
    ("np.title", "或者新建方案", "Or start a new plan"),
    ("np.intro", "从模板开始一个新方案。当前方案不会丢失：撤销即可找回（也可以先在“方案”中另存为）。", "Start a new plan from a template. The current plan is not lost: undo brings it back (or save it first under Scenarios)."),
    ("np.default", "示例方案（2026年计划）", "The example plan (2026 plan)"),
    ("np.blank", "空白方案（一个渠道）", "A blank plan (one channel)"),
    ("np.name", "新方案", "New plan"),
    ("np.channel", "渠道 1", "Channel 1"),
    ("np.applied", "已新建方案：", "New plan:"),
    ("rp.making", "正在生成报告…", "Making the report…"),
    ("rp.print", "打印 / 存为 PDF", "Print / save as PDF"),
    ("rp.download", "下载 HTML", "Download HTML"),
    ("rp.close", "关闭", "Close"),
    ("cal.files", "去年的按日数据", "Last year's daily exports"),
    ("cal.budgets", "去年的投放预算", "Last year's budgets"),
    ("cal.run", "校准", "Calibrate"),
    ("cal.running", "正在校准…", "Calibrating…"),
    ("cal.mape", "月度GMV平均误差", "Monthly GMV error (MAPE)"),
    ("cal.chart", "去年实际与回测（月度GMV）", "Last year: actual against backcast (monthly GMV)"),
    ("cal.actual", "去年实际", "Actual"),
    ("cal.backcast", "回测", "Backcast"),
    ("cal.changes", "将改动的字段", "Fields that change"),
    ("cal.apply", "应用到方案", "Apply to the plan"),
    ("cal.close", "关闭", "Close"),
    ("d.title", "决策：要达成目标需要什么、预算该投向哪里、方案对比", "Decisions: what it takes, where the budget goes, plans side by side"),
    ("d.seek", "目标倒推", "Goal seek"),
    ("d.seek_help", "选一个指标和目标值，再选一个可调的假设：沙盘求出该假设需要多少才能刚好达到目标，其余假设不变。", "Pick a metric, its goal and one assumption to move: Sandtable finds the value of that assumption at which the metric meets the goal, everything else as planned."),
    ("d.metric", "指标", "Metric"),
    ("d.goal", "目标值", "Goal"),
    ("d.goal_placeholder", "如 42亿、9.5%", "e.g. 42亿, 4.2e9, 9.5%"),
    ("d.driver", "调整的假设", "Assumption to move"),
    ("d.seek_run", "求解", "Seek"),
    ("d.goal_unreadable", "目标值无法识别：请输入数字，可带 万/亿 或 %（如 42亿、9.5%）", "The goal is not a number: type a number, with 万/亿 or % if you like (42亿, 9.5%)"),
    ("d.driver_zero", "该假设当前为 0，无法按比例调整", "This assumption is 0 today, so there is nothing to scale"),
    ("d.achieved", "调整后该指标为", "With it the metric is"),
    ("d.apply", "应用到方案", "Apply to the plan"),
    ("d.applied", "已应用到方案（可撤销）。", "Applied to the plan (undo takes it back)."),
    ("d.running", "计算中…", "Working…"),
    ("d.far_above", "远高于其区间", "far above its range"),
    ("d.far_below", "远低于其区间", "far below its range"),
    ("d.above", "高于其区间", "above its range"),
    ("d.below", "低于其区间", "below its range"),
    ("d.not_guaranteed", "有投放项的订单亏损：这是找到的最好结果，不能保证最优。", "A line's orders lose money: this is the best found, not a guaranteed best."),
    ("d.scale_budget", "全部投放预算（倍数）", "All traffic budgets (×)"),
    ("d.scale_organic_uv", "全部自然访客（倍数）", "All organic visitors (×)"),
    ("d.scale_cvr", "全部转化率（倍数）", "All conversion rates (×)"),
    ("d.scale_aov", "全部客单价（倍数）", "All order values (×)"),
    ("d.scale_repeat_curve", "复购曲线（倍数）", "The repeat curve (×)"),
    ("d.opt", "预算优化", "Budget optimiser"),
    ("d.opt_help", "在各投放项的响应曲线上，把预算重新分配到边际回报最高的地方（精确解）。固定总额，或填写边际回报：每多投 1 元至少带来这么多才继续投。", "Moves budget along each traffic line's response curve to where the next yuan returns most (an exact optimum). Keep a total, or give a marginal return: spend while one more yuan brings at least this much."),
    ("d.objective", "优化目标", "Objective"),
    ("d.total", "投放预算总额", "Total traffic budget"),
    ("d.marginal", "或：边际回报下限", "Or: marginal return"),
    ("d.marginal_placeholder", "如 3（每元带来 ¥3）", "e.g. 3 (¥3 per yuan)"),
    ("d.bounds", "各项预算上下限与锁定", "Each line's bounds and lock"),
    ("d.lock", "锁定", "Lock"),
    ("d.opt_run", "优化预算", "Optimise"),
    ("d.amount_unreadable", "金额无法识别：请输入数字，可带 万/亿（如 3亿）", "Not a number: type a number, with 万/亿 if you like (3亿)"),
    ("d.no_free_lines", "没有可调整的投放项（全部已锁定）", "No traffic line is free to move (all are locked)"),
    ("d.infeasible", "该总额超出各项预算上下限允许的范围：", "That total cannot be spent within the lines' bounds:"),
    ("d.mode_total", "固定总额", "Fixed total"),
    ("d.mode_marginal", "边际回报模式", "Marginal mode"),
    ("d.line", "投放项", "Line"),
    ("d.budget", "预算", "Budget"),
    ("d.marginal_return", "边际回报", "Marginal return"),
    ("d.compare", "方案对比", "Plans side by side"),
    ("d.compare_help", "最多固定 4 个方案（当前方案或已保存的方案），对比核心指标、目标状态、月度GMV和不同的假设。", "Pin up to four plans (the current one or saved ones) to compare headline KPIs, target statuses, monthly GMV and the inputs that differ."),
    ("d.compare_current", "当前方案", "Current plan"),
    ("d.compare_add", "加入", "Add"),
    ("d.compare_full", "最多对比 4 个方案", "At most four plans side by side"),
    ("d.compare_open", "打开", "Open"),
    ("d.compare_remove", "移除", "Unpin"),
    ("d.inputs_differ", "不同的假设", "Inputs that differ"),
    ("d.no_differences", "与第一个方案的假设完全相同", "Same inputs as the first plan"),
    ("cal.applied", "已按去年数据校准方案（可撤销）", "The plan is calibrated on last year (undo to go back)"),
    ("cal.stale", "方案在校准后已改动：请重新校准", "The plan changed after calibrating: calibrate again"),
    ("ac.intro", "导入后台导出的文件（生意参谋 .xls、京东商智 .xlsx/.csv、电商罗盘 .xlsx）或粘贴从 Excel/WPS 复制的表格，按日或按月均可。", "Import a back-office export (生意参谋 .xls, 京东商智 .xlsx/.csv, 电商罗盘 .xlsx) or paste a block copied from Excel/WPS, daily or monthly."),
    ("ac.through", "截止日 (MM-DD，可空)", "Through (MM-DD, optional)"),
    ("ac.file", "选择文件…", "Choose a file…"),
    ("ac.paste", "粘贴表格", "Paste a table"),
    ("ac.read", "读取粘贴内容", "Read the pasted table"),
    ("ac.reading", "正在读取…", "Reading…"),
    ("ac.apply", "应用到方案", "Apply to the plan"),
    ("ac.cancel", "取消", "Cancel"),
    ("ac.stale", "方案已改变，请重新读取。", "The plan has changed since; read the file again."),
    ("ac.grid", "月度实际数据", "Monthly actuals"),
    ("ac.none", "该渠道还没有实际数据。", "This channel has no actuals yet."),
    ("ac.clear", "清除该渠道的实际数据", "Clear this channel's actuals"),
    ("ac.add_spend", "录入各项花费实际", "Enter spend actuals"),
    ("ac.clear_spend", "清除花费实际", "Clear spend actuals"),
    ("ac.imported", "已导入实际数据：", "Actuals imported: "),
    ("ac.date_col", "日期", "Date"),
    ("ac.pick_read", "用所选的列读取", "Read with these columns"),
    ("ac.pending", "上面的预览尚未应用：先应用或取消，再读取下一个文件", "The preview above is not applied yet: apply or cancel it before reading the next file"),
];

/// The words of tracking (the panel, the actuals, the exports, the report, the CLI): neither the page nor an
/// embed shows them, so they are added (`add_words`) by the wasm that does (the panels', the files worker);
/// native code (the CLI, tests) always finds them.
pub const TRACK_WORDS: &[(&str, &str, &str)] = &[
    ("sp.above", "高于计划", "Above plan"),
    ("sp.below", "低于计划", "Below plan"),
    ("sp.on", "符合计划", "On plan"),
    ("ac.channel", "渠道", "Channel"),
    ("ac.spend", "营销花费实际", "Spend actuals"),
    ("ac.month", "月份", "Month"),
    ("ac.gmv", "GMV", "GMV"),
    ("ac.uv", "访客数", "Visitors"),
    ("ac.orders", "订单数", "Orders"),
    ("ac.refunds", "退款金额", "Refunds"),
    ("t.title", "计划 vs 实际", "Plan vs actuals"),
    ("t.through", "截至", "Through"),
    ("t.time_progress", "时间进度", "Time elapsed"),
    ("t.plan_progress", "季节性应达进度", "Seasonal expectation"),
    ("t.target_progress", "目标达成率", "Target achieved"),
    ("t.forecast_gmv", "预测全年GMV", "Forecast year GMV"),
    ("t.forecast", "预测方法", "Forecast method"),
    ("t.pace", "按当前进度（实际/计划比例）", "At the current pace (actual/plan ratio)"),
    ("t.plan", "其余按计划", "The rest as planned"),
    ("t.by_month", "按月", "By month"),
    ("t.by_channel", "按渠道（累计至今）", "By channel (to date)"),
    ("t.spend", "花费 vs 计划", "Spend vs plan"),
    ("t.alerts", "预警", "Alerts"),
    ("t.no_alerts", "没有超过预警阈值的偏差。", "No deviation beyond the alert threshold."),
    ("t.actual", "实际", "Actual"),
    ("t.plan_col", "计划", "Plan"),
    ("t.target", "目标", "Target"),
    ("t.deviation", "偏差(对计划)", "vs plan"),
    ("t.coverage", "有实际数据的渠道占计划GMV", "Share of planned GMV that reports"),
    ("t.status_plan", "状态(对计划)", "Status vs plan"),
    ("t.conversion", "支付转化率", "Paid conversion (orders ÷ visitors)"),
    ("t.chances", "按年内至今的达成概率", "Chance of each target, given the year so far"),
    ("t.chance", "达成概率", "Chance"),
    ("t.target_item", "目标项", "Target"),
    ("t.pace_days", "按 {} 天的实际推算", "Paced on {} days of actuals"),
    (
        "t.pace_early",
        "不足一个月的数据，进度推算尚早，仅供参考。",
        "Less than a month of data: the pace is early, read it with care.",
    ),
    ("t.channel", "渠道", "Channel"),
    ("t.line", "花费项", "Spend line"),
    ("t.all", "全部渠道", "All channels"),
    ("t.to_date", "累计", "to date"),
    ("t.forecast_line", "预测", "Forecast"),
];

/// The editor's words an embed never shows — the fields' help (their tooltips), the page's header, toolbar, menus
/// and notices, the assumptions' buttons: the page and the panels add them (`add_words`); an embed's few fields go
/// without help (its wasm never carries them); native code always finds them.
pub const EDITOR_WORDS: &[(&str, &str, &str)] = &[
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
    ("h.split", "该项流量分配到各渠道的占比（百分比；按合计归一化）。", "Shares of this line's visitors across the channels, in percent (normalised to their sum)."),
    ("h.existing_base", "年初的老客户数量。", "Customers at the start of the year."),
    ("h.base_orders_per_year", "每位老客一年平均下单次数。", "Average orders per existing customer per year."),
    ("h.repeat_curve", "一位新客在45/90/180/365天内累计的复购次数，不能递减。", "Cumulative repeat orders of one new customer by day 45/90/180/365; non-decreasing."),
    ("h.repeat_aov_factor", "复购与老客订单客单价相对首单的倍数。", "Scales the order value of repeat and existing-customer orders."),
    ("h.gross_margin", "按标价计算的商品毛利率，百分比。", "Gross margin of goods at list price, in percent."),
    ("h.fulfillment_per_order", "每单物流与包材成本（退货也计），单位元。", "Shipping and packing per order, returned or not, in yuan."),
    ("h.fixed_costs", "全年人力、房租等固定费用，单位元。", "Team, rent and other fixed costs for the year, in yuan."),
    ("h.typical", "默认方案", "Default plan"),
    ("h.year", "方案所属的年份；活动日期须为该年中存在的日期。", "The plan's calendar year; event dates must exist in it."),
    ("h.cvr_end", "12月31日的转化率，年内从年初转化率线性变化到此值。", "Conversion on 31 December; it moves linearly from the 1 January rate."),
    ("h.uv_trend", "年末自然流量水平 ÷ 年初水平，全年总量保持不变；1 表示平稳。", "Organic visitor level on 31 December over 1 January, the year's total kept; 1 = flat."),
    ("h.base_share", "老客订单分配到该渠道的占比（百分比；按各渠道合计归一化）；新渠道为 0，不会分走其他渠道的老客。", "This channel's share of existing customers' orders, in percent (normalised to the channels' sum); a new channel has 0 and takes none from the others."),
    ("h.gmv_target", "该渠道或活动承诺的GMV，单位元；0 表示不设目标。", "The GMV promised for this channel or event, in yuan; 0 means none."),
    ("h.marketing_ratio", "营销费用占GMV的上限，百分比。", "The highest marketing spend over GMV, in percent."),
    ("h.cpa", "每个付费首单的获客成本上限，单位元。", "The highest traffic spend per paid first order, in yuan."),
    ("h.roi", "GMV ÷ 营销费用的目标。", "GMV over marketing spend, a ratio."),
    ("h.orders", "全年订单数的目标。", "Orders the plan promises for the year."),
    ("h.new_customers", "全年新客数的目标。", "New customers the plan promises for the year."),
    ("h.net_profit", "全年净利润的目标，单位元。", "Net profit the plan promises, in yuan."),
    ("h.ltv_365", "新客首年价值的目标，单位元。", "First-year value of a new customer, in yuan."),
    ("h.min_budget", "预算优化时该项预算的下限。", "The optimiser's lower bound on this line's budget."),
    ("h.max_budget", "预算优化时该项预算的上限。", "The optimiser's upper bound on this line's budget."),
    ("h.trials", "模拟多少种可能的年份：次数越多，概率越稳定；10,000 次通常足够。", "How many possible years to simulate: more trials give steadier chances; 10,000 is usually enough."),
    ("h.seed", "决定抽样用的随机数：同一方案、同一种子总是得到同样的概率，便于复现和对照。", "Fixes the random draws: the same plan with the same seed always gives the same chances, so results can be reproduced and compared."),
    ("h.correlation", "同类假设一起偏高或偏低的程度：0 表示各渠道的转化率各自波动；0.5 表示大盘好坏让它们一起变动，结果范围更宽。", "How much assumptions of the same kind move together: 0 means each channel's conversion varies on its own; 0.5 means a good or bad market moves them together, which widens the range."),
    ("h.kind", "投放：按花费买访客，收益递减；固定：只计成本（工具、内容、会员权益）。", "Traffic buys visitors, with diminishing returns; fixed is a cost only (tools, content, perks)."),
    ("h.pacing", "预算在一年中的分布：均匀、随需求（含大促）或按月权重。", "How the budget spreads over the year: evenly, with demand (events included), or by monthly weights."),
    ("cal.open", "从去年开始 / 新建", "Start from last year / New"),
    // The page's own words: its header, toolbar, menus and notices, the assumptions' buttons.
    ("app.tagline", "所有计算都在浏览器中完成，方案不会离开本机。", "Everything is computed in your browser; the plan never leaves this machine."),
    ("lang.switch", "English", "中文"),
    ("group.seasonality", "季节性", "Seasonality"),
    ("group.charts", "图表", "Charts"),
    ("group.tables", "明细表", "Tables"),
    ("group.warnings", "一致性提示", "Consistency checks"),
    ("u.targets_table", "目标达成", "Targets"),
    ("u.note_edit", "编辑说明", "Edit the note"),
    ("u.plan_name", "方案名称", "Plan name"),
    ("a.skip", "跳到结果", "Skip to the results"),
    ("v.no_warnings", "没有一致性问题。", "No consistency problems."),
    ("v.response_line", "响应曲线预算项", "Line shown"),
    ("a.to_results", "看结果 ↑", "Results ↑"),
    ("u.worker_failed", "后台计算未能完成（已重置，可重试）。", "The background worker stopped (it was reset; try again)."),
    ("u.export_failed", "文件未能生成：", "The file could not be written:"),
    ("u.import_failed", "无法导入该文件：", "The file could not be imported:"),
    ("group.actuals", "实际数据", "Actuals"),
    ("a.report", "报告", "Report"),
    ("v.spread", "按比例分摊差额", "Spread the difference in proportion"),
    ("u.assumptions", "假设", "Assumptions"),
    ("u.kpi_targets", "其他KPI目标", "Other KPI targets"),
    ("u.add_kpi_target", "添加KPI目标…", "Add a KPI target…"),
    ("a.add_channel", "添加渠道", "Add channel"),
    ("a.add_event", "添加活动", "Add event"),
    ("a.add_traffic", "添加投放项", "Add traffic line"),
    ("a.add_fixed", "添加固定项", "Add fixed line"),
    ("a.remove", "删除", "Remove"),
    ("w.channel", "渠道", "channel"),
    ("w.event", "活动", "event"),
    ("w.line", "预算项", "spend line"),
    ("w.kpi_target", "目标", "target"),
    ("a.up", "上移", "Move up"),
    ("a.down", "下移", "Move down"),
    ("v.new_event", "新活动", "New event"),
    ("v.new_line", "新预算项", "New line"),
    ("v.traffic", "投放（买流量）", "Traffic (buys visitors)"),
    ("v.fixed", "固定（不建模流量）", "Fixed (no modelled traffic)"),
    ("v.even", "均匀", "Even"),
    ("v.seasonal", "随季节", "Seasonal"),
    ("v.monthly", "按月", "Monthly"),
    ("a.undo", "撤销", "Undo"),
    ("a.redo", "重做", "Redo"),
    ("a.share", "分享", "Share"),
    ("a.scenarios", "方案", "Scenarios"),
    ("u.autosave_failed", "自动保存失败，请导出方案以免丢失", "Autosave failed; export the plan so it is not lost"),
    ("a.file", "文件", "File"),
    ("a.export_scenario", "导出方案 JSON", "Export scenario (JSON)"),
    ("a.export_csv", "导出结果 CSV", "Export results (CSV)"),
    ("a.export_xlsx", "导出结果 Excel", "Export results (Excel)"),
    ("u.exporting", "正在生成文件…", "Writing the file…"),
    ("a.export_results", "导出结果 JSON", "Export results (JSON)"),
    ("a.import", "导入方案…", "Import scenario…"),
    ("u.drop_hint", "也可以把 JSON 文件拖到页面上。", "Or drop a JSON file on the page."),
    ("a.print", "打印 / PDF", "Print / PDF"),
    ("u.imported", "已导入：", "Imported:"),
];

/// A table of words: key, zh-CN, en.
type Words = &'static [(&'static str, &'static str, &'static str)];

thread_local! {
    /// Tables added to `WORDS` by a wasm that carries more of them (the panels', the files worker).
    static MORE: std::cell::RefCell<Vec<Words>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Adds a table of words (`PANEL_WORDS`, `TRACK_WORDS`) to those `t` finds, in this thread.
pub fn add_words(table: Words) {
    MORE.with(|m| m.borrow_mut().push(table));
}

/// The tables every native build finds (the CLI and the tests need no `add_words`).
#[cfg(not(target_arch = "wasm32"))]
fn native(lang: Lang, key: &str) -> Option<&'static str> {
    lookup(TRACK_WORDS, lang, key).or_else(|| lookup(EDITOR_WORDS, lang, key))
}

/// In wasm, only the tables the wasm added.
#[cfg(target_arch = "wasm32")]
fn native(_: Lang, _: &str) -> Option<&'static str> {
    None
}

/// The word for `key` in `lang` in one table of words.
fn lookup(table: &'static [(&str, &'static str, &'static str)], lang: Lang, key: &str) -> Option<&'static str> {
    let (_, zh, en) = table.iter().find(|w| w.0 == key)?;
    Some(if lang == Lang::Zh { zh } else { en })
}

/// `(key, zh-CN, en)`.
pub const WORDS: &[(&str, &str, &str)] = &[
    ("app.title", "沙盘 · 年度经营计划模拟", "Sandtable · annual plan simulator"),
    ("group.targets", "目标", "Targets"),
    ("group.channels", "渠道", "Channels"),
    ("group.promotions", "大促活动", "Promotions"),
    ("group.budget", "营销预算", "Marketing budget"),
    ("group.customers", "客户与复购", "Customers"),
    ("group.costs", "成本", "Costs"),
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
    ("f.cvr_end", "年末转化率", "Year-end conversion rate"),
    ("f.uv_trend", "流量趋势 (年末÷年初)", "Visitor trend (year end ÷ start)"),
    ("f.base_share", "老客渠道占比", "Share of existing customers' orders"),
    ("f.gmv_target", "GMV目标", "GMV target"),
    ("f.marketing_ratio", "费比目标", "Marketing ratio target"),
    ("f.cpa", "获客成本目标", "CPA target"),
    ("f.roi", "ROI目标", "ROI target"),
    ("f.orders", "订单数目标", "Orders target"),
    ("f.new_customers", "新客数目标", "New customers target"),
    ("f.net_profit", "净利润目标", "Net profit target"),
    ("f.ltv_365", "首年LTV目标", "First-year LTV target"),
    ("f.min_budget", "预算下限", "Minimum budget"),
    ("f.max_budget", "预算上限", "Maximum budget"),
    ("f.trials", "模拟次数", "Trials"),
    ("f.seed", "随机种子", "Seed"),
    ("f.correlation", "相关性", "Correlation"),
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
    ("k.organic_uv", "自然访客", "Organic visitors"),
    ("k.repeat_orders", "复购订单", "Repeat orders"),
    ("k.base_orders", "老客订单", "Existing customers' orders"),
    ("k.returns", "退货金额", "Returns"),
    ("k.paid_gmv", "付费GMV", "Paid GMV"),
    ("k.cogs", "商品成本", "Cost of goods"),
    ("k.commission", "平台佣金", "Commission"),
    ("k.fulfillment", "履约费用", "Fulfilment"),
    ("k.fixed", "固定费用", "Fixed costs"),
    ("k.gross_profit", "毛利", "Gross profit"),
    ("k.contribution", "边际贡献", "Contribution"),
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
    ("k.kpi", "指标", "KPI"),
    ("k.value", "测算值", "Value"),
    ("k.note", "说明", "Note"),
    ("u.no_note", "未说明", "no note"),
    ("u.plan_note", "方案说明", "Plan note"),
    ("s.ok", "达标", "On target"),
    ("s.watch", "关注", "Watch"),
    ("s.alert", "预警", "Alert"),
    ("s.unknown", "未知", "Unknown"),
    // A chart's data.
    ("a.show_data", "查看数据", "Show data"),
    // A link that does not open (the page says why).
    ("a.dismiss", "关闭", "Dismiss"),
    ("u.link_failed", "链接无法打开。", "The link could not be opened."),
    (
        "u.link_fallback",
        "已打开你自动保存的方案（或默认方案），自动保存未被改动。",
        "Your autosaved plan (or the default) is open instead; the autosave is untouched.",
    ),
    // A KPI card's Monte Carlo line; a field's 90% range.
    ("mc.chance", "达成概率", "Chance"),
    ("mc.range", "P10–P90", "P10–P90"),
    // A decision's answer for a plan that has changed since.
    (
        "d.stale",
        "方案已修改，此结果基于修改前的方案；请重新计算后再应用。",
        "The plan has changed since: this answer is for the plan as it was. Run it again to apply.",
    ),
    // A driver's note on an unusual value (the page's fields and an embed's).
    ("h.unusual_high", "少见：实际方案中通常不超过 {}，请确认", "Unusual: plans rarely go above {}; please check"),
    ("h.unusual_low", "少见：实际方案中通常不低于 {}，请确认", "Unusual: plans rarely go below {}; please check"),
    ("u.open_full", "在沙盘中打开 ↗", "Open in Sandtable ↗"),
];

/// The word for `key` in `lang`; `"?"` when the key is missing (a `'static` word cannot be built from the
/// key; the tests check that every key the code uses is in the table).
pub fn t(lang: Lang, key: &str) -> &'static str {
    // `?` is not reached for keys in the table; it leaks nothing and never panics.
    lookup(WORDS, lang, key)
        .or_else(|| MORE.with(|m| m.borrow().iter().find_map(|w| lookup(w, lang, key))))
        .or_else(|| native(lang, key))
        .unwrap_or("?")
}

/// A problem in the UI's language (English is `Problem`'s own wording).
pub fn problem(lang: Lang, p: &Problem) -> String {
    if lang == Lang::En {
        // The UI writes an upper bound in digits (the model's message says `1e15`).
        return match p {
            Problem::Outside(Domain::NonNeg(max) | Domain::Pos(max), x) if *x > 0.0 => {
                format!("must be at most {}, got {}", format::grouped(*max, 0), num(*x))
            }
            _ => p.to_string(),
        };
    }
    let range = |d: Domain| match d {
        Domain::Unit => "[0, 1]".to_string(),
        Domain::HalfOpen => "[0, 1)".to_string(),
        Domain::LeftOpen => "(0, 1]".to_string(),
        Domain::Open(lo, hi) => format!("({lo}, {hi})"),
        Domain::NonNeg(max) => format!("[0, {max}]"),
        Domain::Pos(max) => format!("(0, {max}]"),
        Domain::Finite(max) => format!("[-{max}, {max}]"),
    };
    match p {
        Problem::NotFinite(x) => format!("须为有限数字，当前为 {}", num(*x)),
        Problem::Outside(Domain::NonNeg(_), x) if *x < 0.0 => format!("不能为负数，当前为 {}", num(*x)),
        Problem::Outside(Domain::Pos(_), x) if *x <= 0.0 => format!("必须大于 0，当前为 {}", num(*x)),
        Problem::Outside(Domain::NonNeg(max) | Domain::Pos(max), x) => {
            format!("不能超过 {}，当前为 {}", format::grouped(*max, 0), num(*x))
        }
        Problem::Outside(d, x) => format!("须在 {} 范围内，当前为 {}", range(*d), num(*x)),
        Problem::Between(lo, hi, x) => format!("须在 {lo} 到 {hi} 之间，当前为 {}", num(*x)),
        Problem::NotWhole(x) => format!("须为整数，当前为 {}", num(*x)),
        Problem::Length(n, got) => format!("须有 {n} 个值，当前为 {got} 个"),
        Problem::SplitLength(n, got) => format!("须为每个渠道各有一个权重（{n} 个），当前为 {got} 个"),
        Problem::ZeroSum => "合计须大于 0".into(),
        Problem::Decreasing(prev, x) => format!("不能小于前一个值 {prev}，当前为 {}", num(*x)),
        Problem::NameTooLong(n) => format!("最多 60 个字符，当前为 {n}"),
        Problem::NameEmpty => "渠道名称不能为空".into(),
        Problem::NameTaken(s) => format!("已有名为“{s}”的渠道"),
        Problem::BadDate(year, s) => format!("须为 {year} 年中存在的日期（MM-DD），当前为 \"{s}\""),
        Problem::EndBeforeStart(start, end) => format!("不能早于开始日期 {start}，当前为 {end}"),
        Problem::Required => "投放类预算项必须填写".into(),
        Problem::TooMany(max, got, what) => format!("最多 {max} 个{}，当前为 {got}", what_zh(what)),
        Problem::NoChannels => "至少需要 1 个渠道".into(),
        Problem::UnknownSchema(n) => format!("未知的方案版本 {n}；本版本可读取版本 1 和 2"),
        Problem::NoRange => "该字段不能设置区间".into(),
        Problem::RangeLength(n) => format!("区间须为 [下限, 上限] 两个数，当前为 {n} 个"),
        Problem::RangeOrder(lo, hi) => format!("下限须小于上限，当前为 [{lo}, {hi}]"),
        Problem::RangeBounds(lo, hi, Dist::LogNormal) => format!("区间须满足 0 < 下限 < 上限，当前为 [{lo}, {hi}]"),
        Problem::RangeBounds(lo, hi, Dist::LogitNormal) => {
            format!("区间须满足 0 < 下限 < 上限 < 1，当前为 [{lo}, {hi}]")
        }
        Problem::RangeNeedsR365 => "365天复购值须大于 0 才能设置区间".into(),
        Problem::UnknownKpi(k) => format!("未知的KPI \"{k}\""),
        Problem::MinAboveMax(lo, hi) => format!("预算下限不能高于上限，当前为 {lo} > {hi}"),
        Problem::Entries(n, got, what) => format!("共 {got} 条，而{}有 {n} 个", what_zh(what)),
        Problem::Months(m, through, got) => {
            format!("须为空或恰好 {m} 个月（1–{m} 月，截至 {through}），当前为 {got} 个")
        }
        Problem::NotANumber(s) => format!("不是有效数字：\"{s}\"（可写作 3.8亿、38亿5000万、3,800万、3.8e9、3.2%）"),
        Problem::Empty => "请输入数字".into(),
        Problem::TooLarge => "数字太大".into(),
        Problem::NoSuchField => "没有这个字段".into(),
        Problem::LastChannel => "方案至少需要一个渠道".into(),
        Problem::AtEnd => "无法再移动".into(),
        Problem::UnknownPacing(s) => format!("未知的投放节奏 \"{s}\""),
        Problem::NoteTooLong(n) => format!("最多 500 个字符，当前为 {n}"),
        Problem::NotATargetRow => "不是本方案的目标行".to_string(),
    }
}

fn what_zh(what: &str) -> &'static str {
    match what {
        "channels" => "渠道",
        "events" => "活动",
        "lines" | "spend lines" => "预算项",
        _ => "项",
    }
}

/// A field error in the UI's language: `path: reason`, the path left out when `own` (shown on the field). The
/// reason speaks the field's units: a rate's bounds and value in percent (`须在 0%–100% 之间，当前为 −5%`), a
/// repeat-curve point against the age before it (`不能低于 45天 的值`).
pub fn field_error(lang: Lang, e: &FieldError, own: bool) -> String {
    let reason = in_units(lang, &e.path, &e.problem).unwrap_or_else(|| problem(lang, &e.problem));
    if own || e.path.is_empty() {
        reason
    } else {
        let colon = if lang == Lang::Zh { "：" } else { ": " };
        format!("{}{colon}{reason}", path_label(lang, &e.path))
    }
}

/// A number of days: `90天` / `90 days`.
pub fn days_label(lang: Lang, days: u32) -> String {
    if lang == Lang::Zh {
        format!("{days}天")
    } else {
        format!("{days} days")
    }
}

/// Where a path points, in the planner's words: `channels[2].cvr` -> `渠道 3 · 转化率` / `Channel 3 · Conversion
/// rate`, `customers.repeat_curve[2]` -> `累计复购 · 180天`; a part without a word stays as it is.
pub fn path_label(lang: Lang, path: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let segments: Vec<&str> =
        path.split(['.', '[']).map(|p| p.trim_end_matches(']')).filter(|p| !p.is_empty()).collect();
    let mut i = 0;
    while i < segments.len() {
        let seg = segments[i];
        let index = segments.get(i + 1).and_then(|n| n.parse::<usize>().ok());
        let owner = match seg {
            "channels" => Some("k.channel"),
            "spend_lines" => Some("k.line"),
            "events" => Some("k.event"),
            _ => None,
        };
        match (owner, index) {
            (Some(key), Some(n)) => {
                parts.push(format!("{} {}", t(lang, key), n + 1));
                i += 2;
                continue;
            }
            _ if seg == "repeat_curve" => {
                parts.push(t(lang, "f.repeat_curve").to_string());
                if let Some(age) = index.and_then(|n| crate::model::scenario::REPEAT_AGES.get(n)) {
                    parts.push(days_label(lang, *age));
                    i += 1;
                }
            }
            _ if index.is_none() && seg.parse::<usize>().is_err() && i + 1 == segments.len() => {
                let word = t(lang, &format!("f.{seg}"));
                parts.push(if word == "?" { seg.to_string() } else { word.to_string() });
            }
            _ if seg.parse::<usize>().is_ok() => parts.push(format!("#{}", seg.parse::<usize>().unwrap_or(0) + 1)),
            // The sections (`customers`, `costs`, `targets`) add nothing the field's own word does not say.
            _ => {}
        }
        i += 1;
    }
    if parts.is_empty() {
        path.to_string()
    } else {
        parts.join(" · ")
    }
}

/// A stored plan that could not be read and was moved aside, in words without storage keys.
pub fn damaged_notice(lang: Lang, d: &crate::library::Damaged) -> String {
    let autosave = d.key == crate::library::AUTOSAVE_KEY;
    match (lang, autosave) {
        (Lang::Zh, true) => "自动保存的方案无法读取，原内容已另存为备份（不会丢失），现在打开的是默认方案。".into(),
        (Lang::Zh, false) => "有一个已保存的方案无法读取，原内容已另存为备份（不会丢失），列表中不再显示它。".into(),
        (Lang::En, true) => {
            "The autosaved plan could not be read; it was kept aside (nothing is lost) and the default plan is open."
                .into()
        }
        (Lang::En, false) => {
            "A saved scenario could not be read; it was kept aside (nothing is lost) and is no longer listed.".into()
        }
    }
}

/// Why a link could not be opened, in the UI's language.
pub fn codec_error(lang: Lang, e: &crate::codec::CodecError) -> String {
    use crate::codec::CodecError as E;
    if lang == Lang::En {
        return match e {
            E::Invalid(inner) => format!("the link's plan is not valid: {}", scenario_error(lang, inner).join("; ")),
            other => other.to_string(),
        };
    }
    match e {
        E::Missing => "链接中没有方案（片段里没有 s=）。".to_string(),
        E::Empty => "链接中的方案是空的（s= 后面没有内容），请重新复制完整的链接。".to_string(),
        E::UnknownVersion(v) => format!("链接由更新版本的沙盘生成（链接版本“{v}”），请使用最新版本打开。"),
        E::BadBase64(i) => format!("链接已损坏：第 {i} 个字符无法识别。"),
        E::BadCompression => "链接已损坏或不完整：数据无法解压。".to_string(),
        E::TooLarge => "链接过长，不是一个方案。".to_string(),
        E::Invalid(inner) => format!("链接中的方案无效：{}", scenario_error(lang, inner).join("；")),
    }
}

/// serde_json's message for a broken document, in Chinese where it is one of the usual ones.
fn json_message_zh(message: &str) -> String {
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("").to_string();
    if message.starts_with("expected a scenario") {
        // A spreadsheet or another file picked where a plan was asked for.
        "这不是方案文件：方案是以 { 开头的 JSON 文本（后台导出的表格请在“实际数据”中导入，或用“从去年开始”校准）"
            .to_string()
    } else if message.starts_with("missing field") {
        format!("缺少字段 {}", quoted(message))
    } else if message.starts_with("unknown field") {
        format!("不认识的字段 {}", quoted(message))
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!("类型不对：应为 {want}，实际为 {got}")
    } else if message.starts_with("EOF while parsing") {
        "内容在此处意外结束（可能缺少 } 或 ]）".to_string()
    } else if message == "trailing comma" {
        "多余的逗号".to_string()
    } else if message.starts_with("expected value") {
        "此处应为一个值".to_string()
    } else if message.starts_with("expected `,` or") {
        "此处应为逗号或右括号".to_string()
    } else if message.starts_with("key must be a string") {
        "键必须是带引号的字符串".to_string()
    } else if message.starts_with("trailing characters") {
        "JSON 结束后还有多余的字符".to_string()
    } else {
        message.to_string()
    }
}

/// A problem said in the units of the field at `path`, where they differ from the model's.
fn in_units(lang: Lang, path: &str, p: &Problem) -> Option<String> {
    use crate::model::inputs::{of_path, Unit};
    let zh = lang == Lang::Zh;
    // A typographic minus, as the UI writes negative numbers; a huge value in exponent form (`1e101%`).
    let pct = |x: f64| {
        if x.abs() >= 1e6 {
            format!("{:e}%", x * 100.0).replacen('-', "−", 1)
        } else {
            format::percent(x, 2).replacen('-', "−", 1)
        }
    };
    if let Problem::NotANumber(text) = p {
        // The examples of the field's own unit: a year is no amount of money (the generic message says 3.8亿).
        use crate::edit::Unit as U;
        let unit = crate::edit::unit(path);
        let typical = crate::edit::typical(path).map(format::field).unwrap_or_else(|| "12".into());
        let examples = match (unit, zh) {
            (U::Money, _) => return None,
            (U::Count, true) => "1,200万、12000000、1.2e7".to_string(),
            (U::Count, false) => "12000000, 1,200万, 1.2e7, 12M".to_string(),
            (U::Percent, _) => "3.2%, 3.2".to_string(),
            (U::Plain, _) => typical,
        };
        return Some(if zh {
            format!("不是有效数字：\"{text}\"（可写作 {}）", examples.replace(", ", "、"))
        } else {
            format!("not a number: \"{text}\" (write e.g. {examples})")
        });
    }
    if let Problem::Decreasing(prev, x) = p {
        let k: usize = path.rsplit('[').next()?.trim_end_matches(']').parse().ok()?;
        let ages = crate::model::scenario::REPEAT_AGES;
        let (before, this) = (ages.get(k.checked_sub(1)?)?, ages.get(k)?);
        return Some(if zh {
            format!("{this}天的累计复购不能低于 {before}天 的值 {prev}，当前为 {x}")
        } else {
            format!("the {this}-day value must not be below the {before}-day value {prev}, got {x}")
        });
    }
    let Problem::Outside(d, x) = p else { return None };
    if !of_path(path).is_some_and(|i| i.unit == Unit::Percent) {
        return None;
    }
    let (lo, hi) = match d {
        Domain::Unit | Domain::HalfOpen | Domain::LeftOpen => (0.0, 1.0),
        Domain::Open(lo, hi) => (*lo, *hi),
        Domain::NonNeg(_) if *x < 0.0 => {
            return Some(if zh {
                format!("不能为负数，当前为 {}", pct(*x))
            } else {
                format!("must not be negative, got {}", pct(*x))
            })
        }
        _ => return None,
    };
    let (lo_s, hi_s) = (pct(lo), pct(hi));
    let (lo_s, hi_s) = (lo_s.replace(".00%", "%"), hi_s.replace(".00%", "%"));
    let ends = match d {
        Domain::HalfOpen => {
            if zh {
                "（不含 100%）"
            } else {
                " (not 100%)"
            }
        }
        Domain::LeftOpen => {
            if zh {
                "（不含 0%）"
            } else {
                " (not 0%)"
            }
        }
        Domain::Open(..) => {
            if zh {
                "（不含两端）"
            } else {
                " (ends excluded)"
            }
        }
        _ => "",
    };
    Some(if zh {
        format!("须在 {lo_s}–{hi_s} 之间{ends}，当前为 {}", pct(*x))
    } else {
        format!("must be between {lo_s} and {hi_s}{ends}, got {}", pct(*x))
    })
}

/// Every line of a scenario error (an import, a link) in the UI's language.
pub fn scenario_error(lang: Lang, e: &ScenarioError) -> Vec<String> {
    match e {
        ScenarioError::Invalid(errs) => errs.iter().map(|e| field_error(lang, e, false)).collect(),
        ScenarioError::Parse { path, message, line, column } => {
            let colon = if lang == Lang::Zh { "：" } else { ": " };
            let at = if path.is_empty() || path == "." {
                String::new()
            } else {
                format!("{}{colon}", path_label(lang, path))
            };
            vec![if lang == Lang::Zh {
                format!("{at}JSON 无法解析（第 {line} 行，第 {column} 列）：{}", json_message_zh(message))
            } else {
                format!("{at}{message} (line {line}, column {column})")
            }]
        }
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

/// The label of a target row: the KPI's, or the channel's or event's name with "GMV", or `Q1 GMV`.
pub fn target_label(lang: Lang, r: &TargetResult) -> String {
    label_of_target(lang, r.name.as_deref(), &r.key)
}

/// The label of a target by its channel's or event's name (if any) and key.
pub fn label_of_target(lang: Lang, name: Option<&str>, key: &str) -> String {
    match (name, key) {
        (Some(name), _) => format!("{name} GMV"),
        (None, key) if key.starts_with('q') && key.ends_with("_gmv") => {
            format!("{} GMV", key[..2].to_ascii_uppercase())
        }
        (None, key) => t(lang, &format!("k.{key}")).to_string(),
    }
}

/// The default plan's names in zh-CN (GLOSSARY.md), English first.
pub const DEFAULT_NAMES_ZH: [(&str, &str); 16] = [
    ("2026 plan", "2026年计划"),
    ("3.8 Festival", "38节"),
    ("Double 11", "双11"),
    ("Double 12", "双12"),
    ("Tmall", "天猫"),
    ("JD", "京东"),
    ("Douyin", "抖音"),
    ("Pinduoduo", "拼多多"),
    ("WeChat Channels", "视频号"),
    ("Feed ads", "信息流投放"),
    ("KOL commission", "达人佣金"),
    ("Livestream slots", "直播坑位费"),
    ("Member perks", "会员权益"),
    ("Content production", "内容制作"),
    ("Tools and other", "工具与其他"),
    ("618", "618"),
];

/// The default plan as a new user of `lang` sees it: the same numbers, its names in the UI's language.
pub fn default_plan(lang: Lang) -> crate::model::Scenario {
    default_names(&crate::model::Scenario::default(), lang)
}

/// `sc` with each name that is one of the default plan's names in the other language (`Tmall` in zh-CN, `天猫`
/// in en) in `lang`'s words; a name the planner changed stays as it is. Nothing else changes.
pub fn default_names(sc: &crate::model::Scenario, lang: Lang) -> crate::model::Scenario {
    let mut sc = sc.clone();
    let swap = |name: &mut String| {
        let found = DEFAULT_NAMES_ZH.iter().find(|(en, zh)| if lang == Lang::Zh { en == name } else { zh == name });
        if let Some((en, zh)) = found {
            *name = if lang == Lang::Zh { zh } else { en }.to_string();
        }
    };
    swap(&mut sc.name);
    sc.channels.iter_mut().for_each(|c| swap(&mut c.name));
    sc.events.iter_mut().for_each(|e| swap(&mut e.name));
    sc.spend_lines.iter_mut().for_each(|l| swap(&mut l.name));
    sc
}

/// A tracking alert in words: `抖音 2月 GMV 低于计划 7.2%，超过预警阈值 3%`.
pub fn tracking_alert(lang: Lang, a: &crate::model::tracking::Alert, threshold: f64) -> String {
    let who = a.who.clone().unwrap_or_else(|| t(lang, "t.all").to_string());
    let when = a.month.map_or_else(|| t(lang, "t.to_date").to_string(), |m| format::month_label(m as usize - 1, lang));
    let what = match a.what {
        "gmv" => "GMV".to_string(),
        "spend" => t(lang, "k.marketing").to_string(),
        "conversion" => t(lang, "t.conversion").to_string(),
        "aov" => t(lang, "k.aov").to_string(),
        other => t(lang, &format!("ac.{other}")).to_string(),
    };
    let size = format::percent(a.deviation.abs(), 1);
    let th = format::percent(threshold, if (threshold * 100.0).fract() == 0.0 { 0 } else { 1 });
    let below = a.deviation < 0.0;
    match lang {
        Lang::Zh => {
            format!("{who} {when} {what} {}计划 {size}，超过预警阈值 {th}", if below { "低于" } else { "高于" })
        }
        Lang::En => {
            format!(
                "{who} {when} {what} {size} {} plan, beyond the {th} alert threshold",
                if below { "below" } else { "above" }
            )
        }
    }
}

/// The status word (达标 / On target ...).
pub fn status_word(lang: Lang, status: &str) -> &'static str {
    t(lang, &format!("s.{status}"))
}

/// A tracked figure's status against its plan in words: a figure within its plan's tolerance is no target met
/// (达标 would judge a figure that has no target): it is above, below or on plan; watch and alert say so.
pub fn plan_status_word(lang: Lang, status: &str, deviation: Option<f64>) -> &'static str {
    match (status, deviation) {
        ("ok", Some(d)) if d > 0.0 => t(lang, "sp.above"),
        ("ok", Some(d)) if d < 0.0 => t(lang, "sp.below"),
        ("ok", _) => t(lang, "sp.on"),
        _ => status_word(lang, status),
    }
}

/// A warning in the UI's language.
pub fn warning(lang: Lang, w: &Warning, names: &dyn Fn(&str) -> String) -> String {
    let v = w.value.unwrap_or(0.0);
    let name = names(&w.path);
    match (lang, w.code.as_str()) {
        (Lang::Zh, "quarter_split_not_normalised") => {
            format!("季度拆解合计为 {}，不是 100%，已按比例归一化。", format::percent(v, 1))
        }
        (Lang::Zh, "marketing_above_20pct") => format!("营销费用占GMV {}，超过 20%。", format::percent(v, 1)),
        (Lang::Zh, "deep_saturation") => {
            format!("{name}：平均访客成本是低花费成本的 {} 倍，投放已深度饱和。", format::grouped(v, 1))
        }
        (Lang::Zh, "event_no_effect") => format!("{name}：没有流量提升、转化提升或折扣，活动不起作用。"),
        (Lang::Zh, "gmv_target_missed") => {
            format!("自下而上的测算比GMV目标低 {}，超过预警阈值。", format::percent(v, 1))
        }
        (Lang::Zh, "value_outside_range") => format!("{name}：当前值 {} 不在其 90% 区间内。", format::field(v)),
        (Lang::Zh, "channel_targets_exceed_gmv_target") => {
            format!("各渠道GMV目标合计为年度GMV目标的 {}，超过预警阈值。", format::percent(v, 1))
        }
        (Lang::Zh, "channel_targets_do_not_add_up") => format!(
            "各渠道GMV目标合计比年度GMV目标{} {}。",
            if v < 0.0 { "少" } else { "多" },
            format::money(v.abs(), lang)
        ),
        (Lang::En, "channel_targets_do_not_add_up") => format!(
            "The channels' GMV targets add up to {} {} than the year's GMV target.",
            format::money(v.abs(), lang),
            if v < 0.0 { "less" } else { "more" }
        ),
        (Lang::En, "quarter_split_not_normalised") => {
            format!("The quarterly split adds up to {}, not 100%; it was normalised.", format::percent(v, 1))
        }
        (Lang::En, "marketing_above_20pct") => format!("Marketing is {} of GMV, above 20%.", format::percent(v, 1)),
        (Lang::En, "deep_saturation") => format!(
            "{name}: the average cost per visitor is {}x the low-spend cost; the line is deep in saturation.",
            format::grouped(v, 1)
        ),
        (Lang::En, "event_no_effect") => {
            format!("{name}: no traffic uplift, conversion uplift or discount; the event has no effect.")
        }
        (Lang::En, "gmv_target_missed") => format!(
            "The bottom-up plan misses the GMV target by {}, beyond the alert threshold.",
            format::percent(v, 1)
        ),
        (Lang::En, "value_outside_range") => {
            format!("{name}: the value {} lies outside its own 90% range.", format::field(v))
        }
        (Lang::En, "channel_targets_exceed_gmv_target") => {
            format!("The channels' GMV targets add up to {} of the year's GMV target.", format::percent(v, 1))
        }
        _ => w.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_in_both_languages() {
        let mut keys: Vec<&str> =
            WORDS.iter().chain(PANEL_WORDS).chain(TRACK_WORDS).chain(EDITOR_WORDS).map(|w| w.0).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate keys");
        for (k, zh, en) in WORDS.iter().chain(PANEL_WORDS).chain(TRACK_WORDS).chain(EDITOR_WORDS) {
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn every_field_of_the_scenario_has_a_label_and_help() {
        let v = serde_json::to_value(crate::model::Scenario::default()).unwrap();
        fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(o) => o
                    .iter()
                    .for_each(|(k, x)| walk(x, &format!("{path}{}{k}", if path.is_empty() { "" } else { "." }), out)),
                serde_json::Value::Array(a) => {
                    a.iter().enumerate().for_each(|(i, x)| walk(x, &format!("{path}.{i}"), out))
                }
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

    /// The literal keys of `groups` that `sources` name (`"mc.title"`: a group, a dot, a lowercase word).
    fn keys_named<'a>(sources: &[&'a str], groups: &[&str]) -> Vec<&'a str> {
        sources
            .iter()
            .flat_map(|src| src.split('"').skip(1).step_by(2))
            .filter(|piece| {
                let (group, word) = piece.split_once('.').unwrap_or(("", ""));
                groups.contains(&group)
                    && !word.is_empty()
                    && word.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
            })
            .collect()
    }

    #[test]
    fn every_key_the_code_names_is_in_the_table() {
        // The app's sources, scanned for literal keys of the fixed groups (field keys are built from paths and
        // checked by the test above). Every group: a page's word in a panel's table would show `?` on the page.
        let sources = [
            include_str!("../app/mod.rs"),
            include_str!("../app/editor/mod.rs"),
            include_str!("../app/results/mod.rs"),
            include_str!("../app/toolbar.rs"),
            include_str!("../app/workers/files.rs"),
            include_str!("../app/share/mod.rs"),
            include_str!("../app/embed/mod.rs"),
            include_str!("../app/embed/chart.rs"),
            include_str!("../app/embed/driver.rs"),
            include_str!("../app/results/chart.rs"),
        ];
        let groups = ["group", "a", "u", "v", "app", "lang", "cal", "np", "rp", "d", "ac", "t", "mc"];
        for piece in keys_named(&sources, &groups) {
            assert!(WORDS.iter().chain(EDITOR_WORDS).any(|w| w.0 == piece), "missing i18n key {piece}");
        }
    }

    #[test]
    fn every_key_any_file_of_the_app_names_is_in_a_table() {
        // Every file under src/app and src/present, found by walking the folders (a new file cannot be forgotten
        // in a list): a literal key of a fixed group is in one of the tables, so no wasm shows `?` for a typo.
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    // This file's tables name every key; their keys are not uses.
                    if !path.ends_with("i18n.rs") {
                        out.push(text);
                    }
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut texts = Vec::new();
        walk(&root.join("app"), &mut texts);
        walk(&root.join("present"), &mut texts);
        assert!(texts.len() > 30, "{} files", texts.len());
        let sources: Vec<&str> = texts.iter().map(String::as_str).collect();
        let groups =
            ["group", "a", "u", "v", "app", "lang", "cal", "np", "rp", "d", "ac", "t", "mc", "r", "w", "s", "sp"];
        let tables = [WORDS, PANEL_WORDS, TRACK_WORDS, EDITOR_WORDS];
        for piece in keys_named(&sources, &groups) {
            assert!(tables.iter().any(|t| t.iter().any(|w| w.0 == piece)), "no table has {piece}");
        }
    }

    #[test]
    fn every_key_an_embed_names_is_in_its_table() {
        // An embed adds no table: the words of what it shows (its view, KPI cards, chart, its drivers, the link's
        // messages) are all in `WORDS`.
        let sources = [
            include_str!("../app/embed/mod.rs"),
            include_str!("../app/embed/chart.rs"),
            include_str!("../app/embed/driver.rs"),
            include_str!("../app/embed/analysis.rs"),
            include_str!("../app/share/mod.rs"),
        ];
        for piece in keys_named(&sources, &["a", "u", "v", "r", "w", "app", "lang", "np", "k", "mc", "h"]) {
            assert!(WORDS.iter().any(|w| w.0 == piece), "an embed would show ? for {piece}");
        }
    }

    #[test]
    fn every_key_a_panel_names_is_in_the_panels_tables() {
        // The panels' wasm adds its tables to `WORDS`: a key of the uncertainty panel, the saved scenarios' menu or
        // the share menu is in one of them.
        let tables = [WORDS, PANEL_WORDS, TRACK_WORDS, EDITOR_WORDS];
        let sources = [
            include_str!("../app/uncertainty.rs"),
            include_str!("../app/share/library_menu.rs"),
            include_str!("../app/share/share_menu.rs"),
        ];
        for piece in keys_named(&sources, &["mc", "k", "a", "u"]) {
            assert!(tables.iter().any(|t| t.iter().any(|w| w.0 == piece)), "the panel would show ? for {piece}");
        }
    }

    #[test]
    fn problems_in_chinese() {
        let check = |p: Problem, zh: &str| assert_eq!(problem(Lang::Zh, &p), zh, "{p}");
        check(Problem::Outside(Domain::LeftOpen, 1.5), "须在 (0, 1] 范围内，当前为 1.5");
        check(Problem::Outside(Domain::NonNeg(1e15), -1.0), "不能为负数，当前为 -1");
        check(Problem::Outside(Domain::Pos(1e15), 0.0), "必须大于 0，当前为 0");
        check(Problem::NameTooLong(61), "最多 60 个字符，当前为 61");
        check(Problem::BadDate(2026, "02-30".into()), "须为 2026 年中存在的日期（MM-DD），当前为 \"02-30\"");
        check(Problem::Decreasing(0.09, 0.01), "不能小于前一个值 0.09，当前为 0.01");
        check(
            Problem::NotANumber("abc".into()),
            "不是有效数字：\"abc\"（可写作 3.8亿、38亿5000万、3,800万、3.8e9、3.2%）",
        );
        check(Problem::Required, "投放类预算项必须填写");
        check(Problem::Length(12, 11), "须有 12 个值，当前为 11 个");
        check(Problem::RangeOrder(0.04, 0.03), "下限须小于上限，当前为 [0.04, 0.03]");
        let e = FieldError::new("events[0].end", Problem::EndBeforeStart("03-09".into(), "03-08".into()));
        assert_eq!(field_error(Lang::Zh, &e, false), "活动 1 · 结束：不能早于开始日期 03-09，当前为 03-08");
        assert_eq!(problem(Lang::En, &Problem::Outside(Domain::Pos(1e15), 0.0)), "must be > 0, got 0");
        assert_eq!(
            problem(Lang::En, &Problem::Outside(Domain::NonNeg(1e15), 2e15)),
            "must be at most 1,000,000,000,000,000, got 2e15"
        );
    }

    #[test]
    fn messages_a_new_user_met_read_as_words() {
        // A huge value typed into a rate is written in exponent form, not a hundred digits.
        let e = FieldError::new("channels[0].cvr", Problem::Outside(Domain::LeftOpen, 1e99));
        assert_eq!(field_error(Lang::Zh, &e, true), "须在 0%–100% 之间（不含 0%），当前为 1e101%");
        assert_eq!(field_error(Lang::En, &e, true), "must be between 0% and 100% (not 0%), got 1e101%");
        assert_eq!(Problem::Outside(Domain::LeftOpen, 1e99).to_string(), "must be in (0, 1], got 1e99");
        // A year's examples are a year's, not an amount of money; a count's are counts.
        let year = FieldError::new("year", Problem::NotANumber("abc".into()));
        assert_eq!(field_error(Lang::Zh, &year, true), "不是有效数字：\"abc\"（可写作 2026）");
        assert_eq!(field_error(Lang::En, &year, true), "not a number: \"abc\" (write e.g. 2026)");
        let uv = FieldError::new("channels.0.organic_uv", Problem::NotANumber("x".into()));
        assert!(!field_error(Lang::Zh, &uv, true).contains('亿'), "{}", field_error(Lang::Zh, &uv, true));
        // An empty link says it is empty; a spreadsheet picked as a plan says so, in Chinese only.
        assert_eq!(
            codec_error(Lang::Zh, &crate::codec::decode("#s=").unwrap_err()),
            "链接中的方案是空的（s= 后面没有内容），请重新复制完整的链接。"
        );
        let xls = crate::model::validate::parse_scenario_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap_err();
        let zh = scenario_error(Lang::Zh, &xls).join("");
        assert!(zh.contains("这不是方案文件") && !zh.contains("expected"), "{zh}");
    }

    #[test]
    fn paths_read_as_the_planner_says_them() {
        let check = |path: &str, zh: &str, en: &str| {
            assert_eq!(path_label(Lang::Zh, path), zh, "{path}");
            assert_eq!(path_label(Lang::En, path), en, "{path}");
        };
        check("channels[2].cvr", "渠道 3 · 转化率", "Channel 3 · Conversion rate");
        check("spend_lines[0].budget", "预算项 1 · 年度预算", "Line 1 · Annual budget");
        check(
            "customers.repeat_curve[2]",
            "复购曲线 (累计次数) · 180天",
            "Repeat curve (cumulative orders) · 180 days",
        );
        check("costs.gross_margin", "毛利率", "Gross margin");
        check("events[1].end", "活动 2 · 结束", "Event 2 · End");
        check("", "", "");
        check("mystery.field", "field", "field");
    }

    #[test]
    fn broken_json_and_links_read_in_chinese() {
        let e = crate::model::parse_scenario("{\n  \"name\": \"x\",\n}").unwrap_err();
        let zh = scenario_error(Lang::Zh, &e).join("");
        assert!(zh.starts_with("JSON 无法解析（第 3 行，第 1 列）："), "{zh}");
        assert!(!zh.is_ascii() && !zh.contains("trailing") && !zh.contains("expected"), "{zh}");
        let e = crate::model::parse_scenario("{\"channels\": 5}").unwrap_err();
        let zh = scenario_error(Lang::Zh, &e).join("");
        assert!(zh.contains("类型不对") || zh.contains("缺少字段"), "{zh}");
        for link in ["#s=1.@@@", "#s=1.AAAAAAAA", "#s=9.abc", "#x=1"] {
            let err = crate::codec::decode(link).unwrap_err();
            let zh = codec_error(Lang::Zh, &err);
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{link}: {zh}");
            assert!(!zh.contains("link") && !zh.contains("damaged"), "{link}: {zh}");
        }
    }

    #[test]
    fn every_problem_reads_in_chinese() {
        // No Chinese message may fall back to the English wording.
        let all = [
            Problem::Required,
            Problem::ZeroSum,
            Problem::NoChannels,
            Problem::NoRange,
            Problem::RangeNeedsR365,
            Problem::Empty,
            Problem::TooLarge,
            Problem::NoSuchField,
            Problem::LastChannel,
            Problem::AtEnd,
            Problem::Entries(5, 1, "channels"),
            Problem::Months(3, "03-31".into(), 2),
            Problem::UnknownSchema(9),
            Problem::MinAboveMax(2.0, 1.0),
            Problem::UnknownKpi("x".into()),
            Problem::TooMany(12, 13, "channels"),
        ];
        for p in all {
            let zh = problem(Lang::Zh, &p);
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        }
    }

    #[test]
    fn warnings_are_translated() {
        let r = crate::model::simulate(&crate::model::Scenario::default()).unwrap();
        let w = Warning {
            code: "value_outside_range".into(),
            path: String::new(),
            message: String::new(),
            value: Some(0.5),
        };
        let zh = warning(Lang::Zh, &w, &|_| "天猫 转化率".into());
        assert!(zh.contains("90% 区间"), "{zh}");
        assert!(r.warnings.iter().all(|w| warning(Lang::Zh, w, &|_| String::new()) != w.message));
    }

    #[test]
    fn errors_speak_the_fields_units() {
        let e = |path: &str, p: Problem| FieldError::new(path, p);
        let cvr = e("channels[0].cvr", Problem::Outside(Domain::LeftOpen, -0.05));
        assert_eq!(field_error(Lang::Zh, &cvr, true), "须在 0%–100% 之间（不含 0%），当前为 −5.00%");
        assert_eq!(field_error(Lang::En, &cvr, true), "must be between 0% and 100% (not 0%), got −5.00%");
        let margin = e("targets.net_margin", Problem::Outside(Domain::Open(-1.0, 1.0), 1.5));
        assert_eq!(field_error(Lang::Zh, &margin, true), "须在 −100%–100% 之间（不含两端），当前为 150.00%");
        let curve = e("customers.repeat_curve[1]", Problem::Decreasing(0.06, 0.05));
        assert_eq!(field_error(Lang::Zh, &curve, true), "90天的累计复购不能低于 45天 的值 0.06，当前为 0.05");
        // Money keeps its own words.
        let budget = e("spend_lines[0].budget", Problem::Outside(Domain::NonNeg(1e15), -1.0));
        assert_eq!(field_error(Lang::Zh, &budget, true), "不能为负数，当前为 -1");
    }

    #[test]
    fn the_default_plan_speaks_chinese_with_the_same_numbers() {
        let zh = default_plan(Lang::Zh);
        let en = default_plan(Lang::En);
        assert_eq!(en, crate::model::Scenario::default());
        let names: Vec<&str> = zh.channels.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["天猫", "京东", "抖音", "拼多多", "视频号"]);
        assert_eq!(zh.spend_lines[0].name, "信息流投放");
        assert_eq!(zh.events[2].name, "双11");
        let mut renamed = zh.clone();
        renamed.name = en.name.clone();
        renamed.channels.iter_mut().zip(&en.channels).for_each(|(a, b)| a.name = b.name.clone());
        renamed.events.iter_mut().zip(&en.events).for_each(|(a, b)| a.name = b.name.clone());
        renamed.spend_lines.iter_mut().zip(&en.spend_lines).for_each(|(a, b)| a.name = b.name.clone());
        assert_eq!(renamed, en, "only the names differ");
        assert!(crate::model::validate(&zh).is_empty());
    }

    #[test]
    fn default_names_follow_the_language_unless_changed() {
        let mut zh = default_plan(Lang::Zh);
        zh.channels[1].name = "京东自营".into();
        zh.spend_lines[0].name = "Tmall".into();
        let en = default_names(&zh, Lang::En);
        assert_eq!(en.channels[0].name, "Tmall");
        assert_eq!(en.channels[1].name, "京东自营", "a name the planner gave stays");
        assert_eq!(en.events[2].name, "Double 11");
        assert_eq!(en.name, "2026 plan");
        assert_eq!(default_names(&en, Lang::Zh), {
            let mut b = zh.clone();
            b.spend_lines[0].name = "天猫".into();
            b
        });
        assert_eq!(default_names(&en, Lang::En), en, "nothing to switch");
        assert_eq!(default_names(&default_plan(Lang::Zh), Lang::En), crate::model::Scenario::default());
    }
}
