//! The registry of numeric inputs: every number a scenario holds is declared here once — the object it
//! lives on, its unit, its valid domain and, for the inputs of MODEL.md §6's table, the distribution of its
//! 90% range. Validation, the fields' units, the range rules and (next) Monte Carlo, sensitivity and goal
//! seek all read this table; labels and help live in `crate::present::i18n` under the same field name.
//!
//! Invariant: a field name is declared at most once per object, and every domain is a subset of the finite
//! numbers, so a value inside its domain never makes the engine produce NaN or infinity.

use super::scenario::Scenario;

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
    /// The slider's span.
    pub slider: Slider,
}

/// A slider's span for a value `v`: from `min` to `3 * max(|v|, typical)`, at least `floor` and at most `cap`
/// (a fixed span when `floor == cap`). `typical` is the default plan's value of the same field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slider {
    /// The left end.
    pub min: f64,
    /// The smallest right end.
    pub floor: f64,
    /// The largest right end.
    pub cap: f64,
}

impl Slider {
    /// The span `(min, max)` for a value `v` whose field typically holds `typical`.
    pub fn span(self, v: f64, typical: f64) -> (f64, f64) {
        (self.min, (3.0 * v.abs().max(typical.abs())).max(self.floor).min(self.cap))
    }
}

/// The span of a field that declares none: 0 to three times its value, at least 1. Defaults to this for
/// every input without `.slider(…)` and for KPI targets.
pub const DEFAULT_SLIDER: Slider = Slider { min: 0.0, floor: 1.0, cap: f64::INFINITY };

const fn input(object: Object, field: &'static str, unit: Unit, domain: Domain, dist: Option<Dist>) -> Input {
    Input { object, field, unit, domain, dist, slider: DEFAULT_SLIDER }
}

impl Input {
    /// The same input with its slider span.
    const fn slider(self, min: f64, floor: f64, cap: f64) -> Input {
        Input { slider: Slider { min, floor, cap }, ..self }
    }
}

const INF: f64 = f64::INFINITY;

use Dist::{LogNormal as LN, LogitNormal as LT};
use Object as O;
use Unit::{Count, Money, Percent, Plain};

/// Every numeric input, in the order of the assumptions panel.
pub const INPUTS: &[Input] = &[
    input(O::Plan, "last_year_gmv", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::Targets, "gmv", Money, Domain::Pos(MAX_MONEY), None),
    input(O::Targets, "net_margin", Percent, Domain::Open(-1.0, 1.0), None).slider(-0.5, 0.5, 0.5),
    input(O::Targets, "paid_roi", Plain, Domain::NonNeg(1e6), None).slider(0.0, 10.0, INF),
    input(O::Targets, "max_return_rate", Percent, Domain::Unit, None).slider(0.0, 0.3, 0.3),
    input(O::Targets, "repeat_share", Percent, Domain::Unit, None).slider(0.0, 1.0, 1.0),
    input(O::Targets, "alert_threshold", Percent, Domain::Unit, None).slider(0.0, 0.2, 0.2),
    input(O::Targets, "quarter_split", Percent, Domain::NonNeg(MAX_WEIGHT), None).slider(0.0, 1.0, 1.0),
    input(O::Seasonality, "seasonality", Plain, Domain::NonNeg(MAX_WEIGHT), None),
    input(O::Channel, "organic_uv", Count, Domain::NonNeg(MAX_COUNT), Some(LN)),
    input(O::Channel, "cvr", Percent, Domain::LeftOpen, Some(LT)).slider(0.001, 0.1, 1.0),
    input(O::Channel, "cvr_end", Percent, Domain::LeftOpen, Some(LT)).slider(0.001, 0.1, 1.0),
    input(O::Channel, "uv_trend", Plain, Domain::Pos(100.0), Some(LN)).slider(0.1, 3.0, 100.0),
    input(O::Channel, "aov", Money, Domain::Pos(MAX_MONEY), Some(LN)),
    input(O::Channel, "take_rate", Percent, Domain::HalfOpen, Some(LT)).slider(0.0, 0.6, 0.6),
    input(O::Channel, "return_rate", Percent, Domain::HalfOpen, Some(LT)).slider(0.0, 0.6, 0.6),
    input(O::Channel, "base_share", Percent, Domain::NonNeg(MAX_WEIGHT), None).slider(0.0, 1.0, INF),
    input(O::Channel, "gmv_target", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::Event, "traffic_uplift", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)).slider(0.0, 3.0, 50.0),
    input(O::Event, "cvr_uplift", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)).slider(0.0, 3.0, 50.0),
    input(O::Event, "discount", Percent, Domain::HalfOpen, Some(LT)).slider(0.0, 0.6, 0.6),
    input(O::Event, "gmv_target", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::SpendLine, "budget", Money, Domain::NonNeg(MAX_MONEY), Some(LN)),
    input(O::SpendLine, "cpc", Money, Domain::Pos(MAX_MONEY), Some(LN)),
    input(O::SpendLine, "half_saturation", Money, Domain::Pos(MAX_MONEY), Some(LN)),
    input(O::SpendLine, "min_budget", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::SpendLine, "max_budget", Money, Domain::NonNeg(MAX_MONEY), None),
    input(O::SpendLine, "split", Percent, Domain::NonNeg(MAX_WEIGHT), None),
    input(O::SpendLine, "pacing", Plain, Domain::NonNeg(MAX_WEIGHT), None),
    input(O::Customers, "existing_base", Count, Domain::NonNeg(MAX_COUNT), Some(LN)),
    input(O::Customers, "base_orders_per_year", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)).slider(0.0, 5.0, INF),
    input(O::Customers, "repeat_curve", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)).slider(0.0, 1.0, INF),
    input(O::Customers, "repeat_aov_factor", Plain, Domain::NonNeg(MAX_FACTOR), Some(LN)).slider(0.0, 3.0, 3.0),
    input(O::Costs, "gross_margin", Percent, Domain::HalfOpen, Some(LT)).slider(0.0, 0.95, 0.95),
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

/// One ranged input of one object (MODEL.md §6's table): resolved once from a path, then read and written
/// without allocating, so Monte Carlo, the tornado and goal seek can set it thousands of times per edit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    /// The declared input (its object, field, unit, domain and distribution).
    pub input: &'static Input,
    /// The index of the channel, event or spend line; 0 on `customers` and `costs`.
    pub index: usize,
}

impl Slot {
    /// The slot a field path names: `channels.0.cvr`, `channels[0].cvr`, `customers.repeat_curve`. Only the
    /// inputs that may carry a range have slots; the index is not checked against a scenario (`get` is).
    pub fn parse(path: &str) -> Option<Slot> {
        let mut parts = path.split(['.', '[', ']']).filter(|p| !p.is_empty());
        let object = Object::of_path(parts.next()?)?;
        let index = match object {
            Object::Channel | Object::Event | Object::SpendLine => parts.next()?.parse().ok()?,
            Object::Customers | Object::Costs => 0,
            _ => return None,
        };
        let input = find(object, parts.next()?)?;
        (parts.next().is_none() && input.dist.is_some()).then_some(Slot { input, index })
    }

    /// The app's path of the slot (`channels.0.cvr`, `customers.repeat_curve`).
    pub fn path(&self) -> String {
        self.path_with(".", "")
    }

    /// The validation path of the slot, as in errors and warnings (`channels[0].cvr`, `customers.repeat_curve`).
    pub fn validation_path(&self) -> String {
        self.path_with("[", "]")
    }

    /// The validation path of the slot's range (`channels[0].ranges.cvr`, `customers.ranges.repeat_curve`).
    pub fn range_path(&self) -> String {
        let p = self.validation_path();
        let f = self.input.field;
        format!("{}ranges.{f}", &p[..p.len() - f.len()])
    }

    fn path_with(&self, open: &str, close: &str) -> String {
        let (i, f) = (self.index, self.input.field);
        match self.input.object {
            Object::Channel => format!("channels{open}{i}{close}.{f}"),
            Object::Event => format!("events{open}{i}{close}.{f}"),
            Object::SpendLine => format!("spend_lines{open}{i}{close}.{f}"),
            Object::Customers => format!("customers.{f}"),
            _ => format!("costs.{f}"),
        }
    }

    /// The slots of every ranged input the scenario holds, in the order of the assumptions panel: each
    /// object's fields in declaration order (a spend line's `cpc` and `half_saturation` only on traffic lines).
    pub fn all(sc: &Scenario) -> Vec<Slot> {
        let mut out = Vec::new();
        let mut push = |object: Object, index: usize| {
            out.extend(rangeable(object).map(|input| Slot { input, index }).filter(|s| s.get(sc).is_some()));
        };
        (0..sc.channels.len()).for_each(|i| push(Object::Channel, i));
        (0..sc.events.len()).for_each(|k| push(Object::Event, k));
        (0..sc.spend_lines.len()).for_each(|j| push(Object::SpendLine, j));
        push(Object::Customers, 0);
        push(Object::Costs, 0);
        out
    }

    /// The slot's 90% range in `sc`, when it has a well-formed one.
    pub fn range(&self, sc: &Scenario) -> Option<(f64, f64)> {
        let ranges = match self.input.object {
            Object::Channel => &sc.channels.get(self.index)?.ranges,
            Object::Event => &sc.events.get(self.index)?.ranges,
            Object::SpendLine => &sc.spend_lines.get(self.index)?.ranges,
            Object::Customers => &sc.customers.ranges,
            Object::Costs => &sc.costs.ranges,
            _ => return None,
        };
        match ranges.get(self.input.field)?.as_slice() {
            &[lo, hi] => Some((lo, hi)),
            _ => None,
        }
    }

    /// Sets the slot's 90% range in `sc` (`None` removes it); returns whether the object exists.
    pub fn set_range(&self, sc: &mut Scenario, range: Option<(f64, f64)>) -> bool {
        let ranges = match self.input.object {
            Object::Channel => sc.channels.get_mut(self.index).map(|c| &mut c.ranges),
            Object::Event => sc.events.get_mut(self.index).map(|e| &mut e.ranges),
            Object::SpendLine => sc.spend_lines.get_mut(self.index).map(|l| &mut l.ranges),
            Object::Customers => Some(&mut sc.customers.ranges),
            Object::Costs => Some(&mut sc.costs.ranges),
            _ => None,
        };
        let Some(ranges) = ranges else { return false };
        match range {
            Some((lo, hi)) => ranges.insert(self.input.field.to_string(), vec![lo, hi]),
            None => ranges.remove(self.input.field),
        };
        true
    }

    /// The input's value in `sc`: `cvr_end` and `uv_trend` as the engine uses them (absent: `cvr`, 1),
    /// `repeat_curve` as its 365-day value; `None` when the object or the field is absent.
    pub fn get(&self, sc: &Scenario) -> Option<f64> {
        let f = self.input.field;
        match self.input.object {
            Object::Channel => {
                let c = sc.channels.get(self.index)?;
                Some(match f {
                    "organic_uv" => c.organic_uv,
                    "cvr" => c.cvr,
                    "cvr_end" => c.cvr_end(),
                    "uv_trend" => c.uv_trend(),
                    "aov" => c.aov,
                    "take_rate" => c.take_rate,
                    "return_rate" => c.return_rate,
                    _ => return None,
                })
            }
            Object::Event => {
                let e = sc.events.get(self.index)?;
                Some(match f {
                    "traffic_uplift" => e.traffic_uplift,
                    "cvr_uplift" => e.cvr_uplift,
                    "discount" => e.discount,
                    _ => return None,
                })
            }
            Object::SpendLine => {
                let l = sc.spend_lines.get(self.index)?;
                match f {
                    "budget" => Some(l.budget),
                    "cpc" => l.cpc,
                    "half_saturation" => l.half_saturation,
                    _ => None,
                }
            }
            Object::Customers => {
                let cu = &sc.customers;
                match f {
                    "existing_base" => Some(cu.existing_base),
                    "base_orders_per_year" => Some(cu.base_orders_per_year),
                    "repeat_aov_factor" => Some(cu.repeat_aov_factor),
                    "repeat_curve" => cu.repeat_curve.get(3).copied(),
                    _ => None,
                }
            }
            Object::Costs => {
                let co = &sc.costs;
                Some(match f {
                    "gross_margin" => co.gross_margin,
                    "fulfillment_per_order" => co.fulfillment_per_order,
                    "fixed_costs" => co.fixed_costs,
                    _ => return None,
                })
            }
            _ => None,
        }
    }

    /// Writes `x` as [`Slot::set`] does and moves the slot's 90% range with its value ([`Slot::move_range`]).
    pub fn set_moving_range(&self, sc: &mut Scenario, x: f64) -> bool {
        let before = self.get(sc);
        let done = self.set(sc, x);
        if let Some(v) = before {
            self.move_range(sc, v);
        }
        done
    }

    /// Moves the slot's 90% range from its value `from` to its value in `sc` (MODEL.md §6, "A range moves with
    /// its value"): log-normal bounds times `v' / v`, logit-normal bounds shifted by `logit(v') - logit(v)`, both
    /// clamped into the field's domain. A range that the move cannot carry (a value at the edge of the
    /// distribution, 0 or 1, or bounds that would no longer be a range) is kept as it is.
    pub fn move_range(&self, sc: &mut Scenario, from: f64) {
        let (Some(to), Some((lo, hi)), Some(dist)) = (self.get(sc), self.range(sc), self.input.dist) else { return };
        if to == from {
            return;
        }
        let moved = match dist {
            Dist::LogNormal => (lo * (to / from), hi * (to / from)),
            // A shift of `logit(v') - logit(v)` in logit space multiplies the odds by `odds(v') / odds(v)`.
            Dist::LogitNormal => {
                let odds = |p: f64| p / (1.0 - p);
                let ratio = odds(to) / odds(from);
                let back = |p: f64| {
                    let o = odds(p) * ratio;
                    o / (1.0 + o)
                };
                (back(lo), back(hi))
            }
        };
        let moved = (self.input.domain.clamp(moved.0), self.input.domain.clamp(moved.1));
        if moved.0.is_finite() && moved.1.is_finite() && dist.valid_range(moved.0, moved.1) {
            self.set_range(sc, Some(moved));
        }
    }

    /// Writes `x` (clamped into the field's domain) and returns whether the slot exists in `sc`. Setting
    /// `repeat_curve` scales the whole curve by `x / r365` (a curve with `r365 = 0` is left as it is).
    pub fn set(&self, sc: &mut Scenario, x: f64) -> bool {
        let x = self.input.domain.clamp(x);
        if self.input.object == Object::Customers && self.input.field == "repeat_curve" {
            let curve = &mut sc.customers.repeat_curve;
            let Some(&r365) = curve.get(3) else { return false };
            if r365 > 0.0 {
                curve.iter_mut().for_each(|r| *r *= x / r365);
            }
            return true;
        }
        match field_mut(sc, self.input.object, self.index, self.input.field) {
            Some(slot) => {
                *slot = x;
                true
            }
            None => false,
        }
    }
}

/// Moves the 90% range of every ranged input whose value differs between `before` and `after` with that value
/// (MODEL.md §6): what an edit, goal seek's and the optimiser's apply do in the same step as the value.
pub fn move_ranges(before: &Scenario, after: &mut Scenario) {
    for slot in Slot::all(after) {
        if let Some(v) = slot.get(before) {
            slot.move_range(after, v);
        }
    }
}

/// The number `field` of the `index`-th channel, event or spend line, or of `customers` or `costs` (index
/// ignored), for writing: the one map from a field name to its place in the scenario, used by every edit
/// (`crate::edit`) and by `Slot::set`. An absent optional field is created with the value the engine uses
/// for it (`cvr_end` = `cvr`, `uv_trend` = 1, `max_budget` = the budget, targets and shares 0); `cpc` and
/// `half_saturation` exist only on traffic lines. Lists (`split`, `pacing`, `repeat_curve`) are not fields.
pub fn field_mut<'a>(sc: &'a mut Scenario, object: Object, index: usize, field: &str) -> Option<&'a mut f64> {
    Some(match object {
        Object::Event => {
            let e = sc.events.get_mut(index)?;
            match field {
                "traffic_uplift" => &mut e.traffic_uplift,
                "cvr_uplift" => &mut e.cvr_uplift,
                "discount" => &mut e.discount,
                "gmv_target" => e.gmv_target.get_or_insert(0.0),
                _ => return None,
            }
        }
        Object::Channel => {
            let c = sc.channels.get_mut(index)?;
            match field {
                "organic_uv" => &mut c.organic_uv,
                "cvr" => &mut c.cvr,
                "aov" => &mut c.aov,
                "take_rate" => &mut c.take_rate,
                "return_rate" => &mut c.return_rate,
                "cvr_end" => c.cvr_end.get_or_insert(c.cvr),
                "uv_trend" => c.uv_trend.get_or_insert(1.0),
                "gmv_target" => c.gmv_target.get_or_insert(0.0),
                "base_share" => c.base_share.get_or_insert(0.0),
                _ => return None,
            }
        }
        Object::SpendLine => {
            let l = sc.spend_lines.get_mut(index)?;
            match field {
                "budget" => &mut l.budget,
                "cpc" => l.cpc.as_mut()?,
                "half_saturation" => l.half_saturation.as_mut()?,
                "min_budget" => l.min_budget.get_or_insert(0.0),
                "max_budget" => {
                    let b = l.budget;
                    l.max_budget.get_or_insert(b)
                }
                _ => return None,
            }
        }
        Object::Customers => {
            let c = &mut sc.customers;
            match field {
                "existing_base" => &mut c.existing_base,
                "base_orders_per_year" => &mut c.base_orders_per_year,
                "repeat_aov_factor" => &mut c.repeat_aov_factor,
                _ => return None,
            }
        }
        Object::Costs => {
            let c = &mut sc.costs;
            match field {
                "gross_margin" => &mut c.gross_margin,
                "fulfillment_per_order" => &mut c.fulfillment_per_order,
                "fixed_costs" => &mut c.fixed_costs,
                _ => return None,
            }
        }
        _ => return None,
    })
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

    #[test]
    fn slots_read_and_write_every_ranged_input() {
        let sc = Scenario::default();
        let slots = Slot::all(&sc);
        for s in &slots {
            assert_eq!(Slot::parse(&s.path()), Some(*s), "{}", s.path());
            let x = s.get(&sc).unwrap();
            let mut b = sc.clone();
            let y = s.input.domain.clamp(x * 0.5);
            assert!(s.set(&mut b, y), "{}", s.path());
            assert!((s.get(&b).unwrap() - y).abs() <= 1e-12 * y.abs(), "{}", s.path());
        }
        let traffic = sc.spend_lines.iter().filter(|l| l.cpc.is_some()).count();
        let expected = 7 * sc.channels.len() + 3 * sc.events.len() + sc.spend_lines.len() + 2 * traffic + 4 + 3;
        assert_eq!(slots.len(), expected);
        assert_eq!(Slot::parse("channels[1].cvr"), Slot::parse("channels.1.cvr"));
        assert_eq!(Slot::parse("channels.1.cvr").unwrap().validation_path(), "channels[1].cvr");
        for bad in ["channels.x.cvr", "channels.0.name", "channels.0.base_share", "targets.gmv", "customers", ""] {
            assert_eq!(Slot::parse(bad), None, "{bad}");
        }
        assert_eq!(Slot::parse("channels.99.cvr").unwrap().get(&sc), None);
    }

    #[test]
    fn repeat_curve_slot_scales_the_whole_curve() {
        let mut sc = Scenario::default();
        let before = sc.customers.repeat_curve.clone();
        let s = Slot::parse("customers.repeat_curve").unwrap();
        assert!(s.set(&mut sc, before[3] * 2.0));
        for (a, b) in before.iter().zip(&sc.customers.repeat_curve) {
            assert!((b - 2.0 * a).abs() < 1e-15);
        }
    }
}
