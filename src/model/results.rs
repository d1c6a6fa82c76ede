//! The results of a simulated year (MODEL.md §4): additive sums per period and the KPIs derived from them.
//!
//! Invariant: every ratio whose denominator is 0 is `None` (`null` in JSON), so no result is NaN or infinite.

use serde::{Deserialize, Serialize};

/// Additive quantities of any period or slice of the year; everything else is derived from these.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sums {
    /// GMV at the price paid.
    pub gmv: f64,
    /// GMV after returns.
    pub net_gmv: f64,
    /// Organic visitors.
    pub organic_uv: f64,
    /// Paid visitors.
    pub paid_uv: f64,
    /// First orders.
    pub new_orders: f64,
    /// First orders of paid visitors.
    pub paid_new_orders: f64,
    /// Repeat orders of this year's new customers.
    pub repeat_orders: f64,
    /// Orders of existing customers.
    pub base_orders: f64,
    /// GMV of first orders.
    pub new_gmv: f64,
    /// GMV of paid first orders.
    pub paid_gmv: f64,
    /// GMV of repeat orders.
    pub repeat_gmv: f64,
    /// GMV of existing-customer orders.
    pub base_gmv: f64,
    /// All marketing spend.
    pub marketing: f64,
    /// Spend of traffic lines.
    pub traffic_spend: f64,
    /// Cost of goods kept by customers, at list price.
    pub cogs: f64,
    /// Platform commission.
    pub commission: f64,
    /// Fulfilment cost.
    pub fulfillment: f64,
    /// Fixed costs.
    pub fixed: f64,
}

impl Sums {
    /// Adds `o` into `self`.
    #[inline]
    pub fn add(&mut self, o: &Sums) {
        self.gmv += o.gmv;
        self.net_gmv += o.net_gmv;
        self.organic_uv += o.organic_uv;
        self.paid_uv += o.paid_uv;
        self.new_orders += o.new_orders;
        self.paid_new_orders += o.paid_new_orders;
        self.repeat_orders += o.repeat_orders;
        self.base_orders += o.base_orders;
        self.new_gmv += o.new_gmv;
        self.paid_gmv += o.paid_gmv;
        self.repeat_gmv += o.repeat_gmv;
        self.base_gmv += o.base_gmv;
        self.marketing += o.marketing;
        self.traffic_spend += o.traffic_spend;
        self.cogs += o.cogs;
        self.commission += o.commission;
        self.fulfillment += o.fulfillment;
        self.fixed += o.fixed;
    }

    /// All orders.
    pub fn orders(&self) -> f64 {
        self.new_orders + self.repeat_orders + self.base_orders
    }

    /// Contribution before marketing: what marketing may eat before the period loses money.
    pub fn contribution_before_marketing(&self) -> f64 {
        self.net_gmv - self.cogs - self.commission - self.fulfillment
    }
}

/// `a / b`, or `None` when `b` is 0.
#[inline]
pub fn ratio(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        None
    } else {
        Some(a / b)
    }
}

/// Year-level constants that some KPIs need besides the sums.
#[derive(Clone, Copy, Debug, Default)]
pub struct KpiContext {
    /// `last_year_gmv` of the scenario.
    pub last_year_gmv: f64,
    /// Cumulative repeat orders of a new customer by day 365.
    pub r365: f64,
    /// `customers.repeat_aov_factor`.
    pub repeat_aov_factor: f64,
}

impl KpiContext {
    /// The context of a scenario.
    pub fn of(sc: &crate::model::Scenario) -> KpiContext {
        KpiContext {
            last_year_gmv: sc.last_year_gmv,
            r365: sc.customers.repeat_curve.get(3).copied().unwrap_or(0.0),
            repeat_aov_factor: sc.customers.repeat_aov_factor,
        }
    }
}

/// Every KPI of MODEL.md §4 for one period or slice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    pub gmv: f64,
    pub net_gmv: f64,
    pub returns: f64,
    pub yoy_growth: Option<f64>,
    pub uv: f64,
    pub organic_uv: f64,
    pub paid_uv: f64,
    pub orders: f64,
    pub new_orders: f64,
    pub new_customers: f64,
    pub repeat_orders: f64,
    pub base_orders: f64,
    pub cvr: Option<f64>,
    pub aov: Option<f64>,
    pub repeat_share: Option<f64>,
    pub marketing: f64,
    pub marketing_ratio: Option<f64>,
    pub roi: Option<f64>,
    pub paid_gmv: f64,
    pub paid_roi: Option<f64>,
    pub cpa: Option<f64>,
    pub cogs: f64,
    pub commission: f64,
    pub fulfillment: f64,
    pub fixed: f64,
    pub gross_profit: f64,
    pub contribution: f64,
    pub net_profit: f64,
    pub net_margin: Option<f64>,
    pub break_even_roi: Option<f64>,
    pub ltv_365: Option<f64>,
    /// Spend of traffic lines (the denominator of `paid_roi` and `cpa`).
    pub traffic_spend: f64,
    /// First orders of paid visitors.
    pub paid_new_orders: f64,
    /// GMV of first orders.
    pub new_gmv: f64,
    /// GMV of repeat orders.
    pub repeat_gmv: f64,
    /// GMV of existing-customer orders.
    pub base_gmv: f64,
}

impl Kpis {
    /// Derives the KPIs of a period from its sums.
    pub fn from_sums(s: &Sums, ctx: &KpiContext) -> Kpis {
        let orders = s.orders();
        let uv = s.organic_uv + s.paid_uv;
        let cbm = s.contribution_before_marketing();
        let contribution = cbm - s.marketing;
        let net_profit = contribution - s.fixed;
        let yoy = if ctx.last_year_gmv > 0.0 { Some(s.gmv / ctx.last_year_gmv - 1.0) } else { None };
        let ltv = match (ratio(s.new_gmv, s.new_orders), ratio(cbm, s.gmv)) {
            (Some(first_aov), Some(unit)) => Some(first_aov * (1.0 + ctx.r365 * ctx.repeat_aov_factor) * unit),
            _ => None,
        };
        Kpis {
            gmv: s.gmv,
            net_gmv: s.net_gmv,
            returns: s.gmv - s.net_gmv,
            yoy_growth: yoy,
            uv,
            organic_uv: s.organic_uv,
            paid_uv: s.paid_uv,
            orders,
            new_orders: s.new_orders,
            new_customers: s.new_orders,
            repeat_orders: s.repeat_orders,
            base_orders: s.base_orders,
            cvr: ratio(s.new_orders, uv),
            aov: ratio(s.gmv, orders),
            repeat_share: ratio(s.repeat_gmv + s.base_gmv, s.gmv),
            marketing: s.marketing,
            marketing_ratio: ratio(s.marketing, s.gmv),
            roi: ratio(s.gmv, s.marketing),
            paid_gmv: s.paid_gmv,
            paid_roi: ratio(s.paid_gmv, s.traffic_spend),
            cpa: ratio(s.traffic_spend, s.paid_new_orders),
            cogs: s.cogs,
            commission: s.commission,
            fulfillment: s.fulfillment,
            fixed: s.fixed,
            gross_profit: s.net_gmv - s.cogs,
            contribution,
            net_profit,
            net_margin: ratio(net_profit, s.net_gmv),
            break_even_roi: if cbm > 0.0 { Some(s.gmv / cbm) } else { None },
            ltv_365: ltv,
            traffic_spend: s.traffic_spend,
            paid_new_orders: s.paid_new_orders,
            new_gmv: s.new_gmv,
            repeat_gmv: s.repeat_gmv,
            base_gmv: s.base_gmv,
        }
    }

    /// A KPI by its key in MODEL.md §4 (plus `return_rate`); `None` for an unknown key or a `null` value.
    pub fn get(&self, key: &str) -> Option<f64> {
        Some(match key {
            "gmv" => self.gmv,
            "net_gmv" => self.net_gmv,
            "returns" => self.returns,
            "yoy_growth" => return self.yoy_growth,
            "uv" => self.uv,
            "organic_uv" => self.organic_uv,
            "paid_uv" => self.paid_uv,
            "orders" => self.orders,
            "new_orders" => self.new_orders,
            "new_customers" => self.new_customers,
            "repeat_orders" => self.repeat_orders,
            "base_orders" => self.base_orders,
            "cvr" => return self.cvr,
            "aov" => return self.aov,
            "repeat_share" => return self.repeat_share,
            "marketing" => self.marketing,
            "marketing_ratio" => return self.marketing_ratio,
            "roi" => return self.roi,
            "paid_gmv" => self.paid_gmv,
            "paid_roi" => return self.paid_roi,
            "cpa" => return self.cpa,
            "cogs" => self.cogs,
            "commission" => self.commission,
            "fulfillment" => self.fulfillment,
            "fixed" => self.fixed,
            "gross_profit" => self.gross_profit,
            "contribution" => self.contribution,
            "net_profit" => self.net_profit,
            "net_margin" => return self.net_margin,
            "break_even_roi" => return self.break_even_roi,
            "ltv_365" => return self.ltv_365,
            "return_rate" => return self.return_rate(),
            "traffic_spend" => self.traffic_spend,
            _ => return None,
        })
    }

    /// The share of GMV returned, `None` without GMV.
    pub fn return_rate(&self) -> Option<f64> {
        ratio(self.returns, self.gmv)
    }
}

/// One calendar month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthResult {
    /// 1..=12.
    pub month: u32,
    /// The month's share of its quarter's GMV target (MODEL.md §4).
    pub gmv_target: f64,
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// One quarter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuarterResult {
    /// 1..=4.
    pub quarter: u32,
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// One ISO week that meets the year (the first and last may be partial).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekResult {
    /// The ISO week number.
    pub week: u32,
    /// First day of the week within the year, `MM-DD`.
    pub start: String,
    /// Days of the week within the year (1..=7).
    pub days: u32,
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// One channel over the year.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelResult {
    /// The channel's name.
    pub name: String,
    /// GMV per month, for stacked charts.
    pub monthly_gmv: [f64; 12],
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// One spend line over the year.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SpendLineResult {
    /// The line's name.
    pub name: String,
    /// `traffic` or `fixed`.
    pub kind: String,
    /// Spend over the year (equals the budget).
    pub spend: f64,
    /// Visitors bought.
    pub paid_uv: f64,
    /// First orders of those visitors.
    pub new_orders: f64,
    /// GMV of those first orders.
    pub gmv: f64,
    /// `gmv / spend`; `null` for fixed lines or no spend.
    pub roi: Option<f64>,
    /// Average cost per visitor; `null` for fixed lines or no visitors.
    pub cost_per_visitor: Option<f64>,
    /// Spend per month.
    pub monthly_spend: [f64; 12],
}

/// One promotion event: what happened on its days.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventResult {
    /// The event's name.
    pub name: String,
    /// GMV on the event's days.
    pub gmv: f64,
    /// Orders on the event's days.
    pub orders: f64,
    /// Visitors on the event's days.
    pub uv: f64,
    /// Number of days in the window.
    pub days: u32,
}

/// How a KPI stands against its target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Met.
    Ok,
    /// Missed by at most `alert_threshold` (relative).
    Watch,
    /// Missed by more.
    Alert,
    /// The value is unknown (`null`).
    #[default]
    Unknown,
}

impl Status {
    /// The status as its JSON word.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Watch => "watch",
            Status::Alert => "alert",
            Status::Unknown => "unknown",
        }
    }
}

/// One KPI against its target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetResult {
    /// `gmv`, `net_margin`, `paid_roi`, `return_rate`, `repeat_share`, `q1_gmv` .. `q4_gmv`, a KPI of
    /// `targets.kpis`, `channels.<i>.gmv`, `events.<k>.gmv`.
    pub key: String,
    /// The channel's or event's name, on their rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The simulated value.
    pub value: Option<f64>,
    /// The target.
    pub target: f64,
    /// `value / target - 1`; `null` when the target is 0 or the value unknown.
    pub deviation: Option<f64>,
    /// ok, watch, alert or unknown.
    pub status: Status,
}

/// A consistency warning (not an error).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable code, e.g. `quarter_split_not_normalised`.
    pub code: String,
    /// The field it concerns, e.g. `spend_lines[0]`; empty for the whole plan.
    pub path: String,
    /// A sentence in English; the app translates by code.
    pub message: String,
    /// The number the warning is about (a sum, a ratio, a cost), for translated messages.
    pub value: Option<f64>,
}

/// A simulated year (MODEL.md §4).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub year: Kpis,
    pub months: Vec<MonthResult>,
    pub quarters: Vec<QuarterResult>,
    pub weeks: Vec<WeekResult>,
    pub channels: Vec<ChannelResult>,
    pub spend_lines: Vec<SpendLineResult>,
    pub events: Vec<EventResult>,
    pub targets: Vec<TargetResult>,
    pub warnings: Vec<Warning>,
    /// Plan against actuals (MODEL.md §10), when the plan has actuals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking: Option<super::tracking::Tracking>,
    /// GMV of each day, for cumulative charts (not in the JSON).
    #[serde(skip)]
    pub daily_gmv: Vec<f64>,
}

impl Results {
    /// The target with this key.
    pub fn target(&self, key: &str) -> Option<&TargetResult> {
        self.targets.iter().find(|t| t.key == key)
    }
}
