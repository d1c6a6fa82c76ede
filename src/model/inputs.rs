//! The registry of numeric inputs: every number a scenario holds is declared here once — the object it
//! lives on, its unit, its valid domain and, for the inputs of MODEL.md §6's table, the distribution of its
//! 90% range. Validation, the fields' units, the range rules and (next) Monte Carlo, sensitivity and goal
//! seek all read this table; labels and help live in `crate::i18n` under the same field name.
//!
//! Invariant: a field name is declared at most once per object, and every domain is a subset of the finite
//! numbers, so a value inside its domain never makes the engine produce NaN or infinity.

/// Upper bound on money fields (yuan): beyond it sums could leave the range of `f64`.
pub const MAX_MONEY: f64 = 1e15;
/// Upper bound on visitor and customer counts.
pub const MAX_COUNT: f64 = 1e13;
/// Upper bound on uplifts, per-customer order rates and AOV factors.
pub const MAX_FACTOR: f64 = 1000.0;
/// Upper bound on a single monthly, quarterly, split or base-share weight.
pub const MAX_WEIGHT: f64 = 1e9;

/// How a number is shown and typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Yuan; accepts 万 / 亿 / k / M / B suffixes.
    Money,
    /// Visitors, customers, orders; accepts the same suffixes.
    Count,
    /// A fraction shown and typed as a percentage.
    Percent,
    /// A plain number: weights, uplifts, factors, ratios.
    Plain,
}

/// The values a field may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Domain {
    /// `0 <= x <= max`.
    NonNeg(f64),
    /// `0 < x <= max`.
    Pos(f64),
    /// `[0, 1]`.
    Unit,
    /// `[0, 1)`.
    HalfOpen,
    /// `(0, 1]`.
    LeftOpen,
    /// `(lo, hi)`.
    Open(f64, f64),
    /// `|x| <= max`.
    Finite(f64),
}

impl Domain {
    /// Whether `x` lies in the domain (never for NaN or infinity).
    pub fn contains(self, x: f64) -> bool {
        x.is_finite()
            && match self {
                Domain::NonNeg(max) => (0.0..=max).contains(&x),
                Domain::Pos(max) => x > 0.0 && x <= max,
                Domain::Unit => (0.0..=1.0).contains(&x),
                Domain::HalfOpen => (0.0..1.0).contains(&x),
                Domain::LeftOpen => x > 0.0 && x <= 1.0,
                Domain::Open(lo, hi) => x > lo && x < hi,
                Domain::Finite(max) => x.abs() <= max,
            }
    }

    /// The nearest value inside the domain (open ends are approached by one part in 1e12).
    pub fn clamp(self, x: f64) -> f64 {
        let eps = 1e-12;
        match self {
            Domain::NonNeg(max) => x.clamp(0.0, max),
            Domain::Pos(max) => x.clamp(f64::MIN_POSITIVE, max),
            Domain::Unit => x.clamp(0.0, 1.0),
            Domain::HalfOpen => x.clamp(0.0, 1.0 - eps),
            Domain::LeftOpen => x.clamp(f64::MIN_POSITIVE, 1.0),
            Domain::Open(lo, hi) => x.clamp(lo + eps * (hi - lo), hi - eps * (hi - lo)),
            Domain::Finite(max) => x.clamp(-max, max),
        }
    }
}

/// The distribution of a ranged input (MODEL.md §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dist {
    /// `exp(mu + sigma z)`; range rule `0 < low < high`.
    LogNormal,
    /// `1 / (1 + exp(-(mu + sigma z)))`; range rule `0 < low < high < 1`.
    LogitNormal,
}

impl Dist {
    /// The word used in JSON (`log-normal`, `logit-normal`).
    pub fn as_str(self) -> &'static str {
        match self {
            Dist::LogNormal => "log-normal",
            Dist::LogitNormal => "logit-normal",
        }
    }

    /// Whether `[low, high]` is a valid range for this distribution.
    pub fn valid_range(self, low: f64, high: f64) -> bool {
        low.is_finite() && high.is_finite() && low > 0.0 && low < high && (self == Dist::LogNormal || high < 1.0)
    }
}

/// Where an input lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Object {
    /// The top level of the scenario (`last_year_gmv`).
    Plan,
    /// `targets`.
    Targets,
    /// `seasonality.<m>`.
    Seasonality,
    /// `events.<k>`.
    Event,
    /// `channels.<i>`.
    Channel,
    /// `spend_lines.<j>`.
    SpendLine,
    /// `customers`.
    Customers,
    /// `costs`.
    Costs,
    /// `uncertainty`.
    Uncertainty,
}

impl Object {
    /// The object of a path's first segment (`channels.2.cvr` -> `Channel`).
    pub fn of_path(path: &str) -> Option<Object> {
        Some(match path.split(['.', '[']).next()? {
            "last_year_gmv" | "year" => Object::Plan,
            "targets" => Object::Targets,
            "seasonality" => Object::Seasonality,
            "events" => Object::Event,
            "channels" => Object::Channel,
            "spend_lines" => Object::SpendLine,
            "customers" => Object::Customers,
            "costs" => Object::Costs,
            "uncertainty" => Object::Uncertainty,
            _ => return None,
        })
    }
}

/// One numeric input of the scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Input {
    /// The object it lives on.
    pub object: Object,
    /// Its field name (`cvr`); list fields (`split`, `repeat_curve`) name the list.
    pub field: &'static str,
    /// How it is shown and typed.
    pub unit: Unit,
    /// Its valid values.
    pub domain: Domain,
    /// The distribution of its 90% range, for the inputs that may carry one.
    pub dist: Option<Dist>,
}

const fn input(object: Object, field: &'static str, unit: Unit, domain: Domain, dist: Option<Dist>) -> Input {
    Input { object, field, unit, domain, dist }
}

use Dist::{LogNormal as LN, LogitNormal as LT};
use Object as O;
use Unit::{Count, Money, Percent, Plain};

/// Every numeric input, in the order of the assumptions panel.
pub const INPUTS: &[Input] = &[
    input(O::Plan, "last_year_gmv", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::Targets, "gmv", Money, Domain::Pos(MAX_MONEY), None),
    input(O::Targets, "net_margin", Percent, Domain::Open(-1.0, 1.0), None),
    input(O::Targets, "paid_roi", Plain, Domain::NonNeg(1e6), None),
    input(O::Targets, "max_return_rate", Percent, Domain::Unit, None),
    input(O::Targets, "repeat_share", Percent, Domain::Unit, None),
    input(O::Targets, "alert_threshold", Percent, Domain::Unit, None),
    input(O::Targets, "quarter_split", Percent, Domain::NonNeg(MAX_WEIGHT), None),
    input(O::Seasonality, "seasonality", Plain, Domain::NonNeg(MAX_WEIGHT), None),
    input(O::Channel, "organic_uv", Count, Domain::NonNeg(MAX_COUNT), Some(LN)),
    input(O::Channel, "cvr", Percent, Domain::LeftOpen, Some(LT)),
    input(O::Channel, "cvr_end", Percent, Domain::LeftOpen, Some(LT)),
    input(O::Channel, "uv_trend", Plain, Domain::Pos(100.0), Some(LN)),
    input(O::Channel, "aov", Money, Domain::Pos(MAX_MONEY), Some(LN)),
    input(O::Channel, "take_rate", Percent, Domain::HalfOpen, Some(LT)),
    input(O::Channel, "return_rate", Percent, Domain::HalfOpen, Some(LT)),
    input(O::Channel, "base_share", Plain, Domain::NonNeg(MAX_WEIGHT), None),
    input(O::Channel, "gmv_target", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::Event, "traffic_uplift", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)),
    input(O::Event, "cvr_uplift", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)),
    input(O::Event, "discount", Percent, Domain::HalfOpen, Some(LT)),
    input(O::Event, "gmv_target", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::SpendLine, "budget", Money, Domain::NonNeg(MAX_MONEY), Some(LN)),
    input(O::SpendLine, "cpc", Money, Domain::Pos(MAX_MONEY), Some(LN)),
    input(O::SpendLine, "half_saturation", Money, Domain::Pos(MAX_MONEY), Some(LN)),
    input(O::SpendLine, "min_budget", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::SpendLine, "max_budget", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::SpendLine, "split", Plain, Domain::NonNeg(MAX_WEIGHT), None),
    input(O::SpendLine, "pacing", Plain, Domain::NonNeg(MAX_WEIGHT), None),
    input(O::Customers, "existing_base", Count, Domain::NonNeg(MAX_COUNT), Some(LN)),
    input(O::Customers, "base_orders_per_year", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)),
    input(O::Customers, "repeat_curve", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)),
    input(O::Customers, "repeat_aov_factor", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)),
    input(O::Costs, "gross_margin", Percent, Domain::HalfOpen, Some(LT)),
    input(O::Costs, "fulfillment_per_order", Money, Domain::NonNeg(MAX_MONEY), Some(LN)),
    input(O::Costs, "fixed_costs", Money, Domain::NonNeg(MAX_MONEY), Some(LN)),
    input(O::Uncertainty, "trials", Plain, Domain::NonNeg(100_000.0), None),
    input(O::Uncertainty, "seed", Plain, Domain::NonNeg(4_294_967_295.0), None),
    input(O::Uncertainty, "correlation", Percent, Domain::NonNeg(0.95), None),
];

/// The input `field` of `object`.
pub fn find(object: Object, field: &str) -> Option<&'static Input> {
    INPUTS.iter().find(|i| i.object == object && i.field == field)
}

/// The field name of a path: its last name, skipping indices (`channels.2.cvr` -> `cvr`,
/// `seasonality.3` -> `seasonality`, `channels[2].ranges.cvr` -> `cvr`).
pub fn field_name(path: &str) -> &str {
    path.rsplit(['.', '[']).map(|p| p.trim_end_matches(']')).find(|p| p.parse::<usize>().is_err()).unwrap_or(path)
}

/// The input a path names (`channels.0.cvr`, `targets.kpis.cpa` is a KPI target: see `crate::model::kpi`).
pub fn of_path(path: &str) -> Option<&'static Input> {
    find(Object::of_path(path)?, field_name(path))
}

/// The inputs of `object` that may carry a range, in declaration order.
pub fn rangeable(object: Object) -> impl Iterator<Item = &'static Input> {
    INPUTS.iter().filter(move |i| i.object == object && i.dist.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_is_declared_once_per_object() {
        for (k, a) in INPUTS.iter().enumerate() {
            assert!(
                !INPUTS[..k].iter().any(|b| b.object == a.object && b.field == a.field),
                "{:?}.{}",
                a.object,
                a.field
            );
        }
    }

    #[test]
    fn paths_find_their_input() {
        assert_eq!(of_path("channels.2.cvr").map(|i| i.unit), Some(Unit::Percent));
        assert_eq!(of_path("spend_lines.0.split.3").map(|i| i.field), Some("split"));
        assert_eq!(of_path("customers.repeat_curve.1").map(|i| i.dist), Some(Some(Dist::LogNormal)));
        assert_eq!(of_path("events.1.gmv_target").map(|i| i.unit), Some(Unit::Money));
        assert!(of_path("channels.0.name").is_none());
        assert_eq!(field_name("channels[2].ranges.cvr"), "cvr");
        assert_eq!(rangeable(Object::Channel).count(), 7);
        assert_eq!(rangeable(Object::Event).count(), 3);
    }

    #[test]
    fn domains_clamp_inside() {
        for d in [Domain::HalfOpen, Domain::LeftOpen, Domain::Open(-1.0, 1.0), Domain::Pos(100.0), Domain::Unit] {
            for x in [-5.0, 0.0, 0.5, 1.0, 7.0] {
                assert!(d.contains(d.clamp(x)), "{d:?} {x}");
            }
        }
        assert!(!Domain::NonNeg(1.0).contains(f64::NAN));
    }
}
