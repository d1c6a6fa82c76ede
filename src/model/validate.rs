//! Validation of a scenario (MODEL.md §2 and §6): every problem is reported at once, each as a value —
//! the field's path and a typed `Problem` with its numbers — that `Display` words in English and
//! `crate::present::i18n` in Chinese. No input can panic.
//!
//! Invariant: a scenario for which `validate` returns no error simulates to finite numbers only.

use super::calendar::{month_day, parse_mm_dd};
use super::inputs::{self, Dist, Domain, Object, MAX_COUNT, MAX_MONEY};
use super::kpi;
use super::scenario::{Ranges, Scenario, SpendKind, SCHEMA};
use std::fmt;

pub use super::inputs::{MAX_FACTOR, MAX_WEIGHT};
pub use super::parse::{json_path_at, parse_scenario, parse_scenario_slice, parse_unchecked, settle};
/// Most promotion events a scenario may hold.
pub const MAX_EVENTS: usize = 40;
/// Most channels.
pub const MAX_CHANNELS: usize = 12;
/// Most spend lines.
pub const MAX_SPEND_LINES: usize = 16;
/// Longest name, in characters.
pub const MAX_NAME: usize = 60;

/// The longest note, in characters (MODEL.md §2).
pub const MAX_NOTE: usize = 500;

/// What is wrong with a field, with the numbers a message needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// NaN or infinite.
    NotFinite(f64),
    /// Outside the field's domain.
    Outside(Domain, f64),
    /// A whole number outside `lo..=hi` (the year, Monte Carlo trials).
    Between(f64, f64, f64),
    /// Not a whole number.
    NotWhole(f64),
    /// A list of the wrong length: expected, got.
    Length(usize, usize),
    /// A split whose length differs from the channel count: channels, got.
    SplitLength(usize, usize),
    /// Weights that add up to 0.
    ZeroSum,
    /// A repeat curve point below the one before: previous, got.
    Decreasing(f64, f64),
    /// A name longer than `MAX_NAME` characters: its length.
    NameTooLong(usize),
    /// A channel name left empty (the UI refuses it; the format allows it).
    NameEmpty,
    /// A channel name another channel already has.
    NameTaken(String),
    /// Not a date `MM-DD` of the year: year, text (cut to 20 characters).
    BadDate(i32, String),
    /// An event ending before it starts: start, end.
    EndBeforeStart(String, String),
    /// A traffic line without this field.
    Required,
    /// Too many items: most allowed, got, and what they are (`channels`).
    TooMany(usize, usize, &'static str),
    /// An empty channel list.
    NoChannels,
    /// A schema version this build does not read.
    UnknownSchema(u64),
    /// A range on a field that may not carry one.
    NoRange,
    /// A range that is not two numbers: how many.
    RangeLength(usize),
    /// A range whose low is not below its high.
    RangeOrder(f64, f64),
    /// A range that breaks its distribution's rule.
    RangeBounds(f64, f64, Dist),
    /// A repeat curve range on a curve whose 365-day value is 0.
    RangeNeedsR365,
    /// A KPI target on a key not in `kpi::TARGET_KPIS`.
    UnknownKpi(String),
    /// `min_budget` above `max_budget`: min, max.
    MinAboveMax(f64, f64),
    /// An actuals list whose length differs from the plan's: expected, got, what (`channels`).
    Entries(usize, usize, &'static str),
    /// A months list that is neither empty nor months 1..=M: M, `through`, got.
    Months(usize, String, usize),
    /// Typed text that is not a number (cut to 40 characters).
    NotANumber(String),
    /// Nothing typed.
    Empty,
    /// A typed number beyond `f64`.
    TooLarge,
    /// An edit of a path the scenario does not have.
    NoSuchField,
    /// Removing the only channel.
    LastChannel,
    /// Moving a row past the end of its list.
    AtEnd,
    /// A pacing other than even, seasonal, monthly.
    UnknownPacing(String),
    /// A note longer than `MAX_NOTE` characters: its length.
    NoteTooLong(usize),
    /// A note on a key that is no target row of the plan.
    NotATargetRow,
}

/// Writes a value a planner gave: plain, but in exponent form from 10^15 on (`1e99`, not a hundred digits).
pub fn num(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Writes a bound: plain below a million, else in exponent form (`1e15`).
fn bound(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Problem::NotFinite(x) => write!(f, "must be a finite number, got {}", num(*x)),
            Problem::Outside(d, x) => match *d {
                Domain::NonNeg(_) if *x < 0.0 => write!(f, "must be >= 0, got {}", num(*x)),
                Domain::Pos(_) if *x <= 0.0 => write!(f, "must be > 0, got {}", num(*x)),
                Domain::NonNeg(max) | Domain::Pos(max) => write!(f, "must be at most {}, got {}", bound(max), num(*x)),
                Domain::Unit => write!(f, "must be in [0, 1], got {}", num(*x)),
                Domain::HalfOpen => write!(f, "must be in [0, 1), got {}", num(*x)),
                Domain::LeftOpen => write!(f, "must be in (0, 1], got {}", num(*x)),
                Domain::Open(lo, hi) => write!(f, "must be in ({lo}, {hi}), got {}", num(*x)),
                Domain::Finite(max) => write!(f, "must be between -{0} and {0}, got {1}", bound(max), num(*x)),
            },
            Problem::Between(lo, hi, x) => write!(f, "must be in {lo}..={hi}, got {}", num(*x)),
            Problem::NotWhole(x) => write!(f, "must be a whole number, got {}", num(*x)),
            Problem::Length(n, got) => write!(f, "must have {n} values, got {got}"),
            Problem::SplitLength(n, got) => write!(f, "must have one weight per channel ({n}), got {got}"),
            Problem::ZeroSum => write!(f, "must have a positive sum, got 0"),
            Problem::Decreasing(prev, x) => write!(f, "must not decrease, got {} after {prev}", num(*x)),
            Problem::NameTooLong(n) => write!(f, "must be at most {MAX_NAME} characters, got {n}"),
            Problem::NameEmpty => write!(f, "a channel needs a name"),
            Problem::NameTaken(s) => write!(f, "another channel is already called \"{s}\""),
            Problem::BadDate(year, s) => write!(f, "must be a date MM-DD of {year}, got \"{s}\""),
            Problem::EndBeforeStart(start, end) => write!(f, "must not be before start {start}, got {end}"),
            Problem::Required => write!(f, "required for a traffic line"),
            Problem::TooMany(max, got, what) => write!(f, "at most {max} {what}, got {got}"),
            Problem::NoChannels => write!(f, "must hold at least 1 channel, got none"),
            Problem::UnknownSchema(n) => {
                write!(f, "unknown schema version {n}; this build reads versions 1 and {SCHEMA}")
            }
            Problem::NoRange => write!(f, "this field cannot carry a range (MODEL.md §6 lists those that can)"),
            Problem::RangeLength(n) => write!(f, "must be [low, high], got {n} values"),
            Problem::RangeOrder(lo, hi) => write!(f, "low must be below high, got [{lo}, {hi}]"),
            Problem::RangeBounds(lo, hi, Dist::LogNormal) => write!(f, "must have 0 < low < high, got [{lo}, {hi}]"),
            Problem::RangeBounds(lo, hi, Dist::LogitNormal) => {
                write!(f, "must have 0 < low < high < 1, got [{lo}, {hi}]")
            }
            Problem::RangeNeedsR365 => write!(f, "needs a 365-day repeat value above 0 to carry a range"),
            Problem::UnknownKpi(k) => {
                write!(f, "unknown KPI \"{k}\"; targets can be set on {}", kpi::TARGET_KPIS.join(", "))
            }
            Problem::MinAboveMax(lo, hi) => write!(f, "must not be above max_budget, got {lo} > {hi}"),
            Problem::Entries(n, got, what) => write!(f, "{got} entries for {n} {what}"),
            Problem::Months(m, through, got) => {
                write!(f, "must hold no months or exactly {m} (months 1..{m}, through {through}), got {got}")
            }
            Problem::NotANumber(s) => {
                write!(f, "not a number: \"{s}\" (write e.g. 3.8亿, 38亿5000万, 3,800万, 3.8e9, 3.8B, 3.2%)")
            }
            Problem::Empty => write!(f, "enter a number"),
            Problem::TooLarge => write!(f, "the number is too large"),
            Problem::NoSuchField => write!(f, "no such field"),
            Problem::LastChannel => write!(f, "a plan needs at least one channel"),
            Problem::AtEnd => write!(f, "cannot move further"),
            Problem::UnknownPacing(s) => write!(f, "unknown pacing \"{s}\""),
            Problem::NoteTooLong(n) => write!(f, "must be at most {MAX_NOTE} characters, got {n}"),
            Problem::NotATargetRow => write!(f, "not a target row of this plan"),
        }
    }
}

/// One invalid field: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// The field's path, as `channels[2].cvr`.
    pub path: String,
    /// What is wrong.
    pub problem: Problem,
}

impl FieldError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, problem: Problem) -> Self {
        FieldError { path: path.into(), problem }
    }

    /// The reason in English, as `must be in (0, 1], got 1.5`.
    pub fn message(&self) -> String {
        self.problem.to_string()
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

/// Why a text is not a valid scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioError {
    /// Not JSON of the scenario's shape: a syntax error, a wrong type, a missing or unknown field.
    Parse {
        /// Where in the document (`channels[0].cvr`), empty at the top.
        path: String,
        /// What serde said.
        message: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// Well-formed, but these fields are out of range.
    Invalid(Vec<FieldError>),
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ScenarioError::Parse { path, message, line, column } => {
                if path.is_empty() || path == "." {
                    write!(f, "{message} (line {line}, column {column})")
                } else {
                    write!(f, "{path}: {message} (line {line}, column {column})")
                }
            }
            ScenarioError::Invalid(errs) => {
                for (i, e) in errs.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

impl ScenarioError {
    /// Every problem as `path: message` lines.
    pub fn lines(&self) -> Vec<String> {
        match self {
            ScenarioError::Invalid(errs) => errs.iter().map(|e| e.to_string()).collect(),
            other => vec![other.to_string()],
        }
    }
}

/// Every invalid field of `sc`, in document order; empty when valid.
pub fn validate(sc: &Scenario) -> Vec<FieldError> {
    let mut v = Checker::default();
    if sc.schema != SCHEMA {
        v.err("schema", Problem::UnknownSchema(u64::from(sc.schema)));
    }
    v.name("name", &sc.name);
    if !(2000..=2100).contains(&sc.year) {
        v.err("year", Problem::Between(2000.0, 2100.0, f64::from(sc.year)));
    }
    v.input("last_year_gmv", Object::Plan, "last_year_gmv", sc.last_year_gmv);

    let t = &sc.targets;
    for (field, x) in [
        ("gmv", t.gmv),
        ("net_margin", t.net_margin),
        ("paid_roi", t.paid_roi),
        ("max_return_rate", t.max_return_rate),
        ("repeat_share", t.repeat_share),
        ("alert_threshold", t.alert_threshold),
    ] {
        v.input(&format!("targets.{field}"), Object::Targets, field, x);
    }
    v.weights("targets.quarter_split", &t.quarter_split, 4);
    for (key, &x) in &t.kpis {
        let p = format!("targets.kpis.{key}");
        if kpi::TARGET_KPIS.contains(&key.as_str()) {
            v.domain(&p, x, kpi::target_domain(key));
        } else {
            v.err(&p, Problem::UnknownKpi(key.chars().take(40).collect()));
        }
    }

    v.weights("seasonality", &sc.seasonality, 12);

    if sc.events.len() > MAX_EVENTS {
        v.err("events", Problem::TooMany(MAX_EVENTS, sc.events.len(), "events"));
    }
    for (i, e) in sc.events.iter().enumerate() {
        let p = format!("events[{i}]");
        v.name(&format!("{p}.name"), &e.name);
        let start = v.date(&format!("{p}.start"), &e.start, sc.year);
        let end = v.date(&format!("{p}.end"), &e.end, sc.year);
        if let (Some(s), Some(en)) = (start, end) {
            if s > en {
                v.err(&format!("{p}.end"), Problem::EndBeforeStart(e.start.clone(), e.end.clone()));
            }
        }
        for (field, x) in [("traffic_uplift", e.traffic_uplift), ("cvr_uplift", e.cvr_uplift), ("discount", e.discount)]
        {
            v.input(&format!("{p}.{field}"), Object::Event, field, x);
        }
        v.optional(&p, Object::Event, "gmv_target", e.gmv_target);
        v.ranges(&p, Object::Event, &e.ranges, None);
    }

    let nc = sc.channels.len();
    if nc == 0 {
        v.err("channels", Problem::NoChannels);
    } else if nc > MAX_CHANNELS {
        v.err("channels", Problem::TooMany(MAX_CHANNELS, nc, "channels"));
    }
    for (i, c) in sc.channels.iter().enumerate() {
        let p = format!("channels[{i}]");
        v.name(&format!("{p}.name"), &c.name);
        for (field, x) in [
            ("organic_uv", c.organic_uv),
            ("cvr", c.cvr),
            ("aov", c.aov),
            ("take_rate", c.take_rate),
            ("return_rate", c.return_rate),
        ] {
            v.input(&format!("{p}.{field}"), Object::Channel, field, x);
        }
        for (field, x) in [
            ("cvr_end", c.cvr_end),
            ("uv_trend", c.uv_trend),
            ("base_share", c.base_share),
            ("gmv_target", c.gmv_target),
        ] {
            v.optional(&p, Object::Channel, field, x);
        }
        v.ranges(&p, Object::Channel, &c.ranges, None);
    }

    if sc.spend_lines.len() > MAX_SPEND_LINES {
        v.err("spend_lines", Problem::TooMany(MAX_SPEND_LINES, sc.spend_lines.len(), "lines"));
    }
    for (i, l) in sc.spend_lines.iter().enumerate() {
        let p = format!("spend_lines[{i}]");
        v.name(&format!("{p}.name"), &l.name);
        v.input(&format!("{p}.budget"), Object::SpendLine, "budget", l.budget);
        if let super::scenario::Pacing::Monthly(w) = &l.pacing {
            v.weights(&format!("{p}.pacing"), w, 12);
        }
        if l.kind == SpendKind::Traffic {
            for (field, x) in [("cpc", l.cpc), ("half_saturation", l.half_saturation)] {
                match x {
                    Some(x) => {
                        v.input(&format!("{p}.{field}"), Object::SpendLine, field, x);
                    }
                    None => v.err(&format!("{p}.{field}"), Problem::Required),
                }
            }
            match &l.split {
                Some(s) if s.len() != nc => v.err(&format!("{p}.split"), Problem::SplitLength(nc, s.len())),
                Some(s) => v.weights(&format!("{p}.split"), s, nc),
                None => v.err(&format!("{p}.split"), Problem::Required),
            }
        }
        let min_ok = v.optional(&p, Object::SpendLine, "min_budget", l.min_budget);
        let max_ok = v.optional(&p, Object::SpendLine, "max_budget", l.max_budget);
        if let (true, true, Some(lo), Some(hi)) = (min_ok, max_ok, l.min_budget, l.max_budget) {
            if lo > hi {
                v.err(&format!("{p}.min_budget"), Problem::MinAboveMax(lo, hi));
            }
        }
        v.ranges(&p, Object::SpendLine, &l.ranges, None);
    }

    let cu = &sc.customers;
    for (field, x) in [("existing_base", cu.existing_base), ("base_orders_per_year", cu.base_orders_per_year)] {
        v.input(&format!("customers.{field}"), Object::Customers, field, x);
    }
    if cu.repeat_curve.len() != 4 {
        v.err("customers.repeat_curve", Problem::Length(4, cu.repeat_curve.len()));
    } else {
        for (k, &r) in cu.repeat_curve.iter().enumerate() {
            let p = format!("customers.repeat_curve[{k}]");
            v.input(&p, Object::Customers, "repeat_curve", r);
            if k > 0 && r < cu.repeat_curve[k - 1] {
                v.err(&p, Problem::Decreasing(cu.repeat_curve[k - 1], r));
            }
        }
    }
    v.input("customers.repeat_aov_factor", Object::Customers, "repeat_aov_factor", cu.repeat_aov_factor);
    v.ranges("customers", Object::Customers, &cu.ranges, cu.repeat_curve.get(3).copied());

    let co = &sc.costs;
    for (field, x) in [
        ("gross_margin", co.gross_margin),
        ("fulfillment_per_order", co.fulfillment_per_order),
        ("fixed_costs", co.fixed_costs),
    ] {
        v.input(&format!("costs.{field}"), Object::Costs, field, x);
    }
    v.ranges("costs", Object::Costs, &co.ranges, None);

    if let Some(u) = &sc.uncertainty {
        if v.whole("uncertainty.trials", u.trials) && !(1000.0..=100_000.0).contains(&u.trials) {
            v.err("uncertainty.trials", Problem::Between(1000.0, 100_000.0, u.trials));
        }
        if v.whole("uncertainty.seed", u.seed) {
            v.input("uncertainty.seed", Object::Uncertainty, "seed", u.seed);
        }
        v.input("uncertainty.correlation", Object::Uncertainty, "correlation", u.correlation);
    }

    notes(&mut v, sc);
    if let Some(a) = &sc.actuals {
        actuals(&mut v, sc, a);
    }
    v.errors
}

/// The rules of MODEL.md §2 on `notes`: each at most `MAX_NOTE` characters, each on a target row of the plan.
fn notes(v: &mut Checker, sc: &Scenario) {
    let n = &sc.notes;
    let long = |s: &str| Some(s.chars().count()).filter(|&c| c > MAX_NOTE);
    if let Some(c) = long(&n.plan) {
        v.err("notes.plan", Problem::NoteTooLong(c));
    }
    let rows = if n.targets.is_empty() { Vec::new() } else { super::targets::row_keys(sc) };
    for (key, text) in &n.targets {
        let path = format!("notes.targets.{key}");
        if !rows.contains(key) {
            v.err(&path, Problem::NotATargetRow);
        } else if let Some(c) = long(text) {
            v.err(&path, Problem::NoteTooLong(c));
        }
    }
}

/// The rules of MODEL.md §10 on `actuals`.
fn actuals(v: &mut Checker, sc: &Scenario, a: &super::scenario::Actuals) {
    let months = v.date("actuals.through", &a.through, sc.year).map(|d| month_day(sc.year, d).0 as usize);
    let nc = sc.channels.len();
    if a.channels.len() != nc {
        v.err("actuals.channels", Problem::Entries(nc, a.channels.len(), "channels"));
    }
    let check_len = |v: &mut Checker, p: &str, got: usize| {
        if let Some(m) = months {
            if got != 0 && got != m {
                v.err(p, Problem::Months(m, a.through.clone(), got));
            }
        }
    };
    for (i, c) in a.channels.iter().enumerate() {
        let p = format!("actuals.channels[{i}].months");
        check_len(v, &p, c.months.len());
        for (m, x) in c.months.iter().enumerate() {
            let q = format!("{p}[{m}]");
            v.domain(&format!("{q}.gmv"), x.gmv, Domain::NonNeg(MAX_MONEY));
            for (field, value, domain) in [
                ("uv", x.uv, Domain::NonNeg(MAX_COUNT)),
                ("orders", x.orders, Domain::NonNeg(MAX_COUNT)),
                ("refunds", x.refunds, Domain::NonNeg(MAX_MONEY)),
            ] {
                if let Some(value) = value {
                    v.domain(&format!("{q}.{field}"), value, domain);
                }
            }
        }
    }
    if let Some(lines) = &a.spend_lines {
        let nl = sc.spend_lines.len();
        if lines.len() != nl {
            v.err("actuals.spend_lines", Problem::Entries(nl, lines.len(), "spend lines"));
        }
        for (j, l) in lines.iter().enumerate() {
            let p = format!("actuals.spend_lines[{j}].months");
            check_len(v, &p, l.months.len());
            for (m, x) in l.months.iter().enumerate() {
                v.domain(&format!("{p}[{m}].spend"), x.spend, Domain::NonNeg(MAX_MONEY));
            }
        }
    }
}

#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn err(&mut self, path: &str, problem: Problem) {
        self.errors.push(FieldError::new(path, problem));
    }

    /// Checks `x` against `domain`; returns whether it was valid.
    fn domain(&mut self, path: &str, x: f64, domain: Domain) -> bool {
        if !x.is_finite() {
            self.err(path, Problem::NotFinite(x));
            false
        } else if !domain.contains(x) {
            self.err(path, Problem::Outside(domain, x));
            false
        } else {
            true
        }
    }

    /// Checks `x` against the registered domain of `object.field`.
    fn input(&mut self, path: &str, object: Object, field: &str, x: f64) -> bool {
        match inputs::find(object, field) {
            Some(i) => self.domain(path, x, i.domain),
            None => self.domain(path, x, Domain::Finite(MAX_MONEY)),
        }
    }

    /// An optional input at `<prefix>.<field>`; absent is valid.
    fn optional(&mut self, prefix: &str, object: Object, field: &str, x: Option<f64>) -> bool {
        x.is_none_or(|x| self.input(&format!("{prefix}.{field}"), object, field, x))
    }

    /// A whole number; returns whether it was one.
    fn whole(&mut self, path: &str, x: f64) -> bool {
        if !x.is_finite() {
            self.err(path, Problem::NotFinite(x));
            false
        } else if x.fract() != 0.0 {
            self.err(path, Problem::NotWhole(x));
            false
        } else {
            true
        }
    }

    /// `n` weights, each in `[0, MAX_WEIGHT]`, with a positive sum.
    fn weights(&mut self, path: &str, w: &[f64], n: usize) {
        if w.len() != n {
            self.err(path, Problem::Length(n, w.len()));
            return;
        }
        let before = self.errors.len();
        for (i, &x) in w.iter().enumerate() {
            self.domain(&format!("{path}[{i}]"), x, Domain::NonNeg(MAX_WEIGHT));
        }
        if self.errors.len() == before && w.iter().sum::<f64>() <= 0.0 {
            self.err(path, Problem::ZeroSum);
        }
    }

    /// The `ranges` of an object at `prefix` (MODEL.md §6); `r365` is the repeat curve's 365-day value.
    fn ranges(&mut self, prefix: &str, object: Object, ranges: &Ranges, r365: Option<f64>) {
        for (field, bounds) in ranges {
            let p = format!("{prefix}.ranges.{field}");
            let Some(dist) = inputs::find(object, field).and_then(|i| i.dist) else {
                self.err(&p, Problem::NoRange);
                continue;
            };
            let &[lo, hi] = bounds.as_slice() else {
                self.err(&p, Problem::RangeLength(bounds.len()));
                continue;
            };
            if !lo.is_finite() || !hi.is_finite() {
                self.err(&p, Problem::NotFinite(if lo.is_finite() { hi } else { lo }));
            } else if lo >= hi {
                self.err(&p, Problem::RangeOrder(lo, hi));
            } else if !dist.valid_range(lo, hi) {
                self.err(&p, Problem::RangeBounds(lo, hi, dist));
            } else if *field == "repeat_curve" && r365.is_some_and(|r| r <= 0.0) {
                self.err(&p, Problem::RangeNeedsR365);
            }
        }
    }

    fn name(&mut self, path: &str, s: &str) {
        let n = s.chars().count();
        if n > MAX_NAME {
            self.err(path, Problem::NameTooLong(n));
        }
    }

    fn date(&mut self, path: &str, s: &str, year: i32) -> Option<usize> {
        let d = parse_mm_dd(s, year);
        if d.is_none() {
            self.err(path, Problem::BadDate(year, s.chars().take(20).collect()));
        }
        d
    }
}
