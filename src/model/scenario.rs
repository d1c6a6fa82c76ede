//! The scenario: the plan's assumptions as MODEL.md §2 defines them (schema 1), with serde that refuses unknown fields.
//!
//! A `Scenario` that parsed is not yet a valid one: `crate::model::validate` checks every range.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// The schema version this build writes; older versions are migrated on parse.
pub const SCHEMA: u32 = 1;

/// The default scenario (the 2026 plan), embedded so the crate builds on its own.
pub const DEFAULT_JSON: &str = include_str!("default.json");

/// A whole plan for one calendar year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The schema version; must be 1.
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
}

/// The plan's targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

fn default_alert_threshold() -> f64 {
    0.03
}

/// A promotion window, inclusive on both ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

/// A sales platform.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// The channel's name.
    pub name: String,
    /// Visitors in a year without events and paid traffic.
    pub organic_uv: f64,
    /// Visitors to first orders, in (0, 1].
    pub cvr: f64,
    /// List price of an order in yuan (> 0).
    pub aov: f64,
    /// The platform's commission on net GMV, in [0, 1).
    pub take_rate: f64,
    /// Share of GMV refunded, in [0, 1).
    pub return_rate: f64,
}

/// How a spend line spreads its budget over the year.
#[derive(Clone, Debug, PartialEq)]
pub enum Pacing {
    /// The same amount every day.
    Even,
    /// In proportion to demand, events included.
    Seasonal,
    /// Twelve monthly weights, spread evenly within each month.
    Monthly(Vec<f64>),
}

/// What a spend line buys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpendKind {
    /// Buys visitors through a saturating response.
    Traffic,
    /// A cost with no modelled traffic.
    Fixed,
}

/// One line of the marketing budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

/// Existing customers and the repeat behaviour of new ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

/// Margins and costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// Gross margin of goods at list price, in [0, 1).
    pub gross_margin: f64,
    /// Yuan per order shipped, returned or not.
    pub fulfillment_per_order: f64,
    /// Yuan per year, spread evenly over the days.
    pub fixed_costs: f64,
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

impl Default for Scenario {
    /// The 2026 plan of `shared/design/examples/seed-plan-2026.json`.
    fn default() -> Self {
        // Parsed through the same path as user input, so the app carries one deserializer of `Scenario`.
        super::validate::parse_unchecked(DEFAULT_JSON.as_bytes()).expect("the embedded default scenario parses")
    }
}

impl SpendLine {
    /// True for a line that buys visitors.
    pub fn is_traffic(&self) -> bool {
        self.kind == SpendKind::Traffic
    }
}
