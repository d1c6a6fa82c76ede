//! The scenario: the plan's assumptions as MODEL.md §2 defines them (schema 2), with serde that refuses
//! unknown fields. Every field added in schema 2 is optional, so a schema-1 document reads unchanged.
//!
//! A `Scenario` that parsed is not yet a valid one: `crate::model::validate` checks every range. This module
//! depends on nothing else of the model (parsing and the default live in `parse`).

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// The schema version this build writes; version 1 is read as version 2 (MODEL.md §11).
pub const SCHEMA: u32 = 2;

/// The default scenario (the 2026 seed plan), embedded so the crate builds on its own.
pub const DEFAULT_JSON: &str = include_str!("default.json");

/// 90% ranges of an object's inputs: field name to `[low, high]` (MODEL.md §6). A list, not a pair, so that
/// a wrong length is a validation error naming the field rather than a parse error.
pub type Ranges = BTreeMap<String, Vec<f64>>;

/// A whole plan for one calendar year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The schema version: 2 (a schema-1 document is migrated on parse).
    pub schema: u32,
    /// A name for people; at most 60 characters.
    #[serde(default)]
    pub name: String,
    /// The calendar year simulated, 2000..=2100.
    pub year: i32,
    /// Last year's GMV in yuan, for year-on-year growth; 0 means unknown.
    #[serde(default)]
    pub last_year_gmv: f64,
    /// What the plan promises.
    pub targets: Targets,
    /// Twelve monthly weights of baseline demand (normalised by the engine).
    pub seasonality: Vec<f64>,
    /// Promotion windows.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Sales platforms, 1..=12.
    pub channels: Vec<Channel>,
    /// The marketing budget, 0..=16 lines.
    #[serde(default)]
    pub spend_lines: Vec<SpendLine>,
    /// Existing customers and the repeat behaviour of new ones.
    pub customers: Customers,
    /// Margins and costs.
    pub costs: Costs,
    /// Monte Carlo settings (MODEL.md §6); absent means the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
    /// What really happened so far (MODEL.md §10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actuals: Option<Actuals>,
    /// The planner's words on the plan and on its target rows (MODEL.md §2); no effect on any number.
    #[serde(default, skip_serializing_if = "Notes::is_empty")]
    pub notes: Notes,
}

/// The planner's words: on the plan as a whole and on target rows by their key (`q3_gmv`, `channels.2.gmv`).
/// Plain text, never markup; each at most `validate::MAX_NOTE` characters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// The note on the whole plan.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub plan: String,
    /// Target row key to its note.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub targets: BTreeMap<String, String>,
}

impl Notes {
    /// Whether there is no note at all (then the plan's JSON has no `notes`).
    pub fn is_empty(&self) -> bool {
        self.plan.is_empty() && self.targets.is_empty()
    }
}

/// The plan's targets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Annual GMV target in yuan (> 0).
    pub gmv: f64,
    /// Net profit over net GMV, in (-1, 1).
    pub net_margin: f64,
    /// GMV of paid first orders over traffic spend (>= 0).
    pub paid_roi: f64,
    /// The highest acceptable share of GMV returned, in [0, 1].
    pub max_return_rate: f64,
    /// Share of GMV from repeat and existing customers, in [0, 1].
    pub repeat_share: f64,
    /// Shares of the GMV target per quarter (normalised by the engine).
    pub quarter_split: Vec<f64>,
    /// The relative miss at which a KPI turns from watch to alert. Defaults to 0.03.
    #[serde(default = "default_alert_threshold")]
    pub alert_threshold: f64,
    /// Year targets on other KPIs (`cpa`, `marketing_ratio`, `cvr`, …; see `crate::model::kpi::TARGET_KPIS`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kpis: BTreeMap<String, f64>,
}

fn default_alert_threshold() -> f64 {
    0.03
}

/// A promotion window, inclusive on both ends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The event's name.
    pub name: String,
    /// First day, `MM-DD`.
    pub start: String,
    /// Last day, `MM-DD`.
    pub end: String,
    /// Multiplies organic visitors and existing-customer orders (1 = none).
    pub traffic_uplift: f64,
    /// Multiplies conversion (1 = none).
    pub cvr_uplift: f64,
    /// Lowers the price paid, in [0, 1).
    pub discount: f64,
    /// GMV promised on the event's days; absent or 0 = none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gmv_target: Option<f64>,
    /// 90% ranges of `traffic_uplift`, `cvr_uplift`, `discount`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ranges: Ranges,
}

/// A sales platform.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// The channel's name.
    pub name: String,
    /// Visitors in a year without events and paid traffic.
    pub organic_uv: f64,
    /// Visitors to first orders on 1 January, in (0, 1].
    pub cvr: f64,
    /// Conversion on 31 December, in (0, 1], linear in between; absent = `cvr`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvr_end: Option<f64>,
    /// Organic visitor level on 31 December over 1 January, in (0, 100]; absent = 1. The year keeps `organic_uv`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uv_trend: Option<f64>,
    /// List price of an order in yuan (> 0).
    pub aov: f64,
    /// The platform's commission on net GMV, in [0, 1).
    pub take_rate: f64,
    /// Share of GMV refunded, in [0, 1).
    pub return_rate: f64,
    /// Weight of this channel in existing customers' orders (>= 0); see `Scenario::base_weights`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_share: Option<f64>,
    /// The channel's GMV promise for the year; absent or 0 = none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gmv_target: Option<f64>,
    /// 90% ranges of `cvr`, `cvr_end`, `take_rate`, `return_rate`, `organic_uv`, `aov`, `uv_trend`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ranges: Ranges,
}

/// How a spend line spreads its budget over the year.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Pacing {
    /// The same amount every day.
    #[default]
    Even,
    /// In proportion to demand, events included.
    Seasonal,
    /// Twelve monthly weights, spread evenly within each month.
    Monthly(Vec<f64>),
}

/// What a spend line buys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpendKind {
    /// Buys visitors through a saturating response.
    Traffic,
    /// A cost with no modelled traffic.
    #[default]
    Fixed,
}

/// One line of the marketing budget.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendLine {
    /// The line's name.
    pub name: String,
    /// The annual amount in yuan.
    pub budget: f64,
    /// How the budget is spread over the year.
    pub pacing: Pacing,
    /// Traffic or fixed.
    pub kind: SpendKind,
    /// Yuan per visitor at low spend (traffic lines, > 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpc: Option<f64>,
    /// The monthly spend at which the average cost per visitor has doubled (traffic lines, > 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_saturation: Option<f64>,
    /// One weight per channel (traffic lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<Vec<f64>>,
    /// The optimiser's lower bound on the budget (MODEL.md §9); never changes a simulation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_budget: Option<f64>,
    /// The optimiser's upper bound on the budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_budget: Option<f64>,
    /// The optimiser leaves a locked line's budget as it is.
    #[serde(default, skip_serializing_if = "is_false")]
    pub locked: bool,
    /// 90% ranges of `budget`, `cpc`, `half_saturation`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ranges: Ranges,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The ages, in days, of the repeat curve's points (`customers.repeat_curve[k]` is by day `REPEAT_AGES[k]`).
pub const REPEAT_AGES: [u32; 4] = [45, 90, 180, 365];

/// Existing customers and the repeat behaviour of new ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customers {
    /// Customers at the start of the year.
    pub existing_base: f64,
    /// Orders per existing customer per year.
    pub base_orders_per_year: f64,
    /// Cumulative repeat orders of one new customer by day 45, 90, 180, 365.
    pub repeat_curve: Vec<f64>,
    /// Scales the order value of repeat and existing-customer orders.
    pub repeat_aov_factor: f64,
    /// 90% ranges of `existing_base`, `base_orders_per_year`, `repeat_aov_factor`, `repeat_curve` (its 365-day value).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ranges: Ranges,
}

/// Margins and costs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// Gross margin of goods at list price, in [0, 1).
    pub gross_margin: f64,
    /// Yuan per order shipped, returned or not.
    pub fulfillment_per_order: f64,
    /// Yuan per year, spread evenly over the days.
    pub fixed_costs: f64,
    /// 90% ranges of `gross_margin`, `fulfillment_per_order`, `fixed_costs`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ranges: Ranges,
}

/// Monte Carlo settings (MODEL.md §6). Numbers are read as JSON numbers and checked by validation, so that a
/// bad value is named with its path like any other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Uncertainty {
    /// Trials, a whole number in 1,000..=100,000. Defaults to 10,000.
    #[serde(default = "default_trials")]
    pub trials: f64,
    /// The generator's seed, a whole number in 0..=4,294,967,295. Defaults to 1.
    #[serde(default = "default_seed")]
    pub seed: f64,
    /// Correlation of inputs of the same field name, in [0, 0.95]. Defaults to 0.
    #[serde(default)]
    pub correlation: f64,
}

fn default_trials() -> f64 {
    10_000.0
}

fn default_seed() -> f64 {
    1.0
}

impl Default for Uncertainty {
    fn default() -> Self {
        Uncertainty { trials: default_trials(), seed: default_seed(), correlation: 0.0 }
    }
}

/// How the rest of the year is forecast from actuals (MODEL.md §10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Forecast {
    /// Each channel's simulated rest times its actual-to-plan ratio so far.
    #[default]
    Pace,
    /// The rest as simulated.
    Plan,
}

/// What really happened so far (MODEL.md §10).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actuals {
    /// The last day with actuals, `MM-DD`.
    pub through: String,
    /// The forecast method. Defaults to `pace`.
    #[serde(default)]
    pub forecast: Forecast,
    /// One entry per channel, in the channels' order.
    pub channels: Vec<ChannelActuals>,
    /// One entry per spend line, in the lines' order; absent = no spend actuals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend_lines: Option<Vec<LineActuals>>,
}

/// A channel's actuals: nothing, or one entry per month 1..=M (M = the month of `through`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelActuals {
    /// Months 1..=M, the last one up to `through`.
    #[serde(default)]
    pub months: Vec<MonthActual>,
}

/// One month of a channel's actuals; absent figures are unknown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthActual {
    /// GMV in yuan.
    pub gmv: f64,
    /// Visitors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uv: Option<f64>,
    /// Orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orders: Option<f64>,
    /// Refunds in yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refunds: Option<f64>,
}

/// A spend line's actuals: nothing, or one entry per month 1..=M.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineActuals {
    /// Months 1..=M.
    #[serde(default)]
    pub months: Vec<SpendActual>,
}

/// One month of a spend line's actuals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpendActual {
    /// Spend in yuan.
    pub spend: f64,
}

impl Serialize for Pacing {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Pacing::Even => s.serialize_str("even"),
            Pacing::Seasonal => s.serialize_str("seasonal"),
            Pacing::Monthly(w) => w.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Pacing {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PacingVisitor;
        impl<'de> Visitor<'de> for PacingVisitor {
            type Value = Pacing;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"even\", \"seasonal\" or an array of 12 monthly weights")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Pacing, E> {
                match v {
                    "even" => Ok(Pacing::Even),
                    "seasonal" => Ok(Pacing::Seasonal),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Pacing, A::Error> {
                let mut w = Vec::with_capacity(12);
                while let Some(x) = seq.next_element::<f64>()? {
                    // A longer array is refused by validation; this bound only stops a huge one early.
                    if w.len() >= 1024 {
                        return Err(de::Error::invalid_length(w.len() + 1, &self));
                    }
                    w.push(x);
                }
                Ok(Pacing::Monthly(w))
            }
        }
        d.deserialize_any(PacingVisitor)
    }
}

impl SpendLine {
    /// True for a line that buys visitors.
    pub fn is_traffic(&self) -> bool {
        self.kind == SpendKind::Traffic
    }
}

impl Channel {
    /// Conversion on 31 December (`cvr_end`, else `cvr`).
    pub fn cvr_end(&self) -> f64 {
        self.cvr_end.unwrap_or(self.cvr)
    }

    /// The visitor trend (`uv_trend`, else 1).
    pub fn uv_trend(&self) -> f64 {
        self.uv_trend.unwrap_or(1.0)
    }
}

impl Scenario {
    /// The weight of each channel in existing customers' orders (MODEL.md §3 step 7), not normalised:
    /// `base_share` where any channel has one (0 for the others), else `organic_uv`.
    pub fn base_weights(&self) -> impl Iterator<Item = f64> + '_ {
        let any = self.channels.iter().any(|c| c.base_share.is_some());
        self.channels.iter().map(move |c| if any { c.base_share.unwrap_or(0.0) } else { c.organic_uv })
    }

    /// The Monte Carlo settings, defaults where absent.
    pub fn uncertainty(&self) -> Uncertainty {
        self.uncertainty.clone().unwrap_or_default()
    }
}

/// A target of 0 or absent is no target.
pub fn positive(target: Option<f64>) -> Option<f64> {
    target.filter(|&t| t > 0.0)
}
