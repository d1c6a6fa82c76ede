//! Parsing and validation of a scenario: every problem is reported with its field path, and no input can panic.
//!
//! Invariant: a scenario for which `validate` returns no error simulates to finite numbers only.

use super::calendar::parse_mm_dd;
use super::scenario::{Scenario, SpendKind, SCHEMA};
use serde::Deserialize;
use std::fmt;

/// Upper bound on money fields (yuan): beyond it sums could leave the range of `f64`.
pub const MAX_MONEY: f64 = 1e15;
/// Upper bound on visitor and customer counts.
pub const MAX_COUNT: f64 = 1e13;
/// Upper bound on uplifts, per-customer order rates and AOV factors.
pub const MAX_FACTOR: f64 = 1000.0;
/// Upper bound on a single monthly or quarterly weight.
pub const MAX_WEIGHT: f64 = 1e9;
/// Most promotion events a scenario may hold.
pub const MAX_EVENTS: usize = 40;
/// Most channels.
pub const MAX_CHANNELS: usize = 12;
/// Most spend lines.
pub const MAX_SPEND_LINES: usize = 16;
/// Longest name, in characters.
pub const MAX_NAME: usize = 60;

/// One invalid field: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path, as `channels[2].cvr`.
    pub path: String,
    /// The reason, as `must be in (0, 1], got 1.5`.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
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

/// Parses and validates a scenario from JSON text.
pub fn parse_scenario(text: &str) -> Result<Scenario, ScenarioError> {
    parse_scenario_slice(text.as_bytes())
}

/// Parses and validates a scenario from JSON bytes (which need not be UTF-8).
pub fn parse_scenario_slice(bytes: &[u8]) -> Result<Scenario, ScenarioError> {
    let sc = parse_unchecked(bytes)?;
    let errs = validate(&sc);
    if errs.is_empty() {
        Ok(sc)
    } else {
        Err(ScenarioError::Invalid(errs))
    }
}

/// Parses without range checks; schema versions other than 1 are refused with a clear message.
pub fn parse_unchecked(bytes: &[u8]) -> Result<Scenario, ScenarioError> {
    // A byte-order mark, as some editors on Windows write, is not an error.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(i) = bytes.iter().position(|b| !b.is_ascii_whitespace()) {
        if bytes[i] != b'{' {
            let line = 1 + bytes[..i].iter().filter(|&&b| b == b'\n').count();
            let column = 1 + i - bytes[..i].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            return Err(ScenarioError::Parse {
                path: String::new(),
                message: "expected a scenario: a JSON object starting with {".into(),
                line,
                column,
            });
        }
    }
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        schema: Option<u64>,
    }
    if let Ok(Probe { schema: Some(n) }) = serde_json::from_slice::<Probe>(bytes) {
        {
            if n != u64::from(SCHEMA) {
                return Err(ScenarioError::Invalid(vec![FieldError {
                    path: "schema".into(),
                    message: format!("unknown schema version {n}; this build reads version {SCHEMA}"),
                }]));
            }
        }
    }
    serde_json::from_slice::<Scenario>(bytes).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        let mut message = e.to_string();
        // serde_json appends " at line L column C"; the error carries those separately.
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        // A missing field is reported just past the end of its object: the path is the object's, read
        // before its closing brace (without the last key seen in it).
        let path = if message.starts_with("missing field") {
            path_parent(&json_path_at(bytes, line, column.saturating_sub(1))).to_string()
        } else {
            json_path_at(bytes, line, column)
        };
        ScenarioError::Parse { path, message, line, column }
    })
}

/// The parent of a path: `costs.fixed_costs` -> `costs`, `channels[1]` -> `channels`, `name` -> ``.
fn path_parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

/// The path (`channels[1].cvr`) of the value being read at `line`:`column` (1-based, as serde_json reports)
/// of a JSON text: a small scanner keeps the stack of keys and indices up to that point. It is only used to
/// name where a parse failed, so it is forgiving of whatever follows.
pub fn json_path_at(bytes: &[u8], line: usize, column: usize) -> String {
    // The byte offset of the position.
    let mut offset = bytes.len();
    let mut l = 1;
    for (i, &b) in bytes.iter().enumerate() {
        if l == line {
            offset = (i + column).min(bytes.len());
            break;
        }
        if b == b'\n' {
            l += 1;
        }
    }
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Array(n)) = stack.last_mut() {
                    *n += 1;
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                // A string directly followed by ':' is a key.
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b':' {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        let end = i.min(bytes.len());
                        *key = Some(String::from_utf8_lossy(&bytes[start.min(end)..end]).into_owned());
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

/// Every out-of-range field of `sc`, in document order; empty when valid.
pub fn validate(sc: &Scenario) -> Vec<FieldError> {
    let mut v = Checker::default();
    if sc.schema != SCHEMA {
        v.err("schema", format!("must be {SCHEMA}, got {}", sc.schema));
    }
    v.name("name", &sc.name);
    if !(2000..=2100).contains(&sc.year) {
        v.err("year", format!("must be in 2000..=2100, got {}", sc.year));
    }
    v.range("last_year_gmv", sc.last_year_gmv, Bound::Min0, MAX_MONEY);

    let t = &sc.targets;
    v.range("targets.gmv", t.gmv, Bound::Pos, MAX_MONEY);
    v.open("targets.net_margin", t.net_margin, -1.0, 1.0);
    v.range("targets.paid_roi", t.paid_roi, Bound::Min0, 1e6);
    v.unit("targets.max_return_rate", t.max_return_rate);
    v.unit("targets.repeat_share", t.repeat_share);
    v.weights("targets.quarter_split", &t.quarter_split, 4);
    v.unit("targets.alert_threshold", t.alert_threshold);

    v.weights("seasonality", &sc.seasonality, 12);

    if sc.events.len() > MAX_EVENTS {
        v.err("events", format!("at most {MAX_EVENTS} events, got {}", sc.events.len()));
    }
    for (i, e) in sc.events.iter().enumerate() {
        let p = format!("events[{i}]");
        v.name(&format!("{p}.name"), &e.name);
        let start = v.date(&format!("{p}.start"), &e.start, sc.year);
        let end = v.date(&format!("{p}.end"), &e.end, sc.year);
        if let (Some(s), Some(en)) = (start, end) {
            if s > en {
                v.err(&format!("{p}.end"), format!("must not be before start {}, got {}", e.start, e.end));
            }
        }
        v.range(&format!("{p}.traffic_uplift"), e.traffic_uplift, Bound::Min0, MAX_FACTOR);
        v.range(&format!("{p}.cvr_uplift"), e.cvr_uplift, Bound::Min0, MAX_FACTOR);
        v.half_open(&format!("{p}.discount"), e.discount);
    }

    let nc = sc.channels.len();
    if nc == 0 {
        v.err("channels", "must hold at least 1 channel, got none".into());
    } else if nc > MAX_CHANNELS {
        v.err("channels", format!("at most {MAX_CHANNELS} channels, got {nc}"));
    }
    for (i, c) in sc.channels.iter().enumerate() {
        let p = format!("channels[{i}]");
        v.name(&format!("{p}.name"), &c.name);
        v.range(&format!("{p}.organic_uv"), c.organic_uv, Bound::Min0, MAX_COUNT);
        v.left_open(&format!("{p}.cvr"), c.cvr);
        v.range(&format!("{p}.aov"), c.aov, Bound::Pos, MAX_MONEY);
        v.half_open(&format!("{p}.take_rate"), c.take_rate);
        v.half_open(&format!("{p}.return_rate"), c.return_rate);
    }

    if sc.spend_lines.len() > MAX_SPEND_LINES {
        v.err("spend_lines", format!("at most {MAX_SPEND_LINES} lines, got {}", sc.spend_lines.len()));
    }
    for (i, l) in sc.spend_lines.iter().enumerate() {
        let p = format!("spend_lines[{i}]");
        v.name(&format!("{p}.name"), &l.name);
        v.range(&format!("{p}.budget"), l.budget, Bound::Min0, MAX_MONEY);
        if let super::scenario::Pacing::Monthly(w) = &l.pacing {
            v.weights(&format!("{p}.pacing"), w, 12);
        }
        if l.kind == SpendKind::Traffic {
            match l.cpc {
                Some(x) => v.range(&format!("{p}.cpc"), x, Bound::Pos, MAX_MONEY),
                None => v.err(&format!("{p}.cpc"), "required for a traffic line".into()),
            }
            match l.half_saturation {
                Some(x) => v.range(&format!("{p}.half_saturation"), x, Bound::Pos, MAX_MONEY),
                None => v.err(&format!("{p}.half_saturation"), "required for a traffic line".into()),
            }
            match &l.split {
                Some(s) if s.len() != nc => v.err(
                    &format!("{p}.split"),
                    format!("must have one weight per channel ({nc}), got {}", s.len()),
                ),
                Some(s) => v.weights(&format!("{p}.split"), s, nc),
                None => v.err(&format!("{p}.split"), "required for a traffic line".into()),
            }
        }
    }

    let cu = &sc.customers;
    v.range("customers.existing_base", cu.existing_base, Bound::Min0, MAX_COUNT);
    v.range("customers.base_orders_per_year", cu.base_orders_per_year, Bound::Min0, MAX_FACTOR);
    if cu.repeat_curve.len() != 4 {
        v.err("customers.repeat_curve", format!("must have 4 values (45, 90, 180, 365 days), got {}", cu.repeat_curve.len()));
    } else {
        for (k, &r) in cu.repeat_curve.iter().enumerate() {
            v.range(&format!("customers.repeat_curve[{k}]"), r, Bound::Min0, MAX_FACTOR);
            if k > 0 && r < cu.repeat_curve[k - 1] {
                v.err(
                    &format!("customers.repeat_curve[{k}]"),
                    format!("must not decrease, got {} after {}", r, cu.repeat_curve[k - 1]),
                );
            }
        }
    }
    v.range("customers.repeat_aov_factor", cu.repeat_aov_factor, Bound::Min0, MAX_FACTOR);

    let co = &sc.costs;
    v.half_open("costs.gross_margin", co.gross_margin);
    v.range("costs.fulfillment_per_order", co.fulfillment_per_order, Bound::Min0, MAX_MONEY);
    v.range("costs.fixed_costs", co.fixed_costs, Bound::Min0, MAX_MONEY);
    v.errors
}

/// The lower bound of a range check.
#[derive(Clone, Copy)]
enum Bound {
    /// `>= 0`.
    Min0,
    /// `> 0`.
    Pos,
}

#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn err(&mut self, path: &str, message: String) {
        self.errors.push(FieldError { path: path.to_string(), message });
    }

    /// Refuses a non-finite value; returns whether it was finite.
    fn finite(&mut self, path: &str, x: f64) -> bool {
        if !x.is_finite() {
            self.err(path, format!("must be a finite number, got {x}"));
        }
        x.is_finite()
    }

    fn range(&mut self, path: &str, x: f64, lo: Bound, max: f64) {
        if !self.finite(path, x) {
            return;
        }
        match lo {
            Bound::Min0 if x < 0.0 => self.err(path, format!("must be >= 0, got {x}")),
            Bound::Pos if x <= 0.0 => self.err(path, format!("must be > 0, got {x}")),
            _ if x > max => self.err(path, format!("must be at most {max:e}, got {x}")),
            _ => {}
        }
    }

    /// `[0, 1]`.
    fn unit(&mut self, path: &str, x: f64) {
        if self.finite(path, x) && !(0.0..=1.0).contains(&x) {
            self.err(path, format!("must be in [0, 1], got {x}"));
        }
    }

    /// `[0, 1)`.
    fn half_open(&mut self, path: &str, x: f64) {
        if self.finite(path, x) && !(0.0..1.0).contains(&x) {
            self.err(path, format!("must be in [0, 1), got {x}"));
        }
    }

    /// `(0, 1]`.
    fn left_open(&mut self, path: &str, x: f64) {
        if self.finite(path, x) && !(x > 0.0 && x <= 1.0) {
            self.err(path, format!("must be in (0, 1], got {x}"));
        }
    }

    /// `(lo, hi)`.
    fn open(&mut self, path: &str, x: f64, lo: f64, hi: f64) {
        if self.finite(path, x) && !(x > lo && x < hi) {
            self.err(path, format!("must be in ({lo}, {hi}), got {x}"));
        }
    }

    /// `n` weights, each in `[0, MAX_WEIGHT]`, with a positive sum.
    fn weights(&mut self, path: &str, w: &[f64], n: usize) {
        if w.len() != n {
            self.err(path, format!("must have {n} values, got {}", w.len()));
            return;
        }
        let before = self.errors.len();
        for (i, &x) in w.iter().enumerate() {
            self.range(&format!("{path}[{i}]"), x, Bound::Min0, MAX_WEIGHT);
        }
        if self.errors.len() == before && w.iter().sum::<f64>() <= 0.0 {
            self.err(path, "must have a positive sum, got 0".into());
        }
    }

    fn name(&mut self, path: &str, s: &str) {
        let n = s.chars().count();
        if n > MAX_NAME {
            self.err(path, format!("must be at most {MAX_NAME} characters, got {n}"));
        }
    }

    fn date(&mut self, path: &str, s: &str, year: i32) -> Option<usize> {
        let d = parse_mm_dd(s, year);
        if d.is_none() {
            let shown: String = s.chars().take(20).collect();
            self.err(path, format!("must be a date MM-DD of {year}, got \"{shown}\""));
        }
        d
    }
}
