//! Edits of a scenario by field path (`channels.0.cvr`), with display units and slider ranges, and the
//! structural edits (add, remove, reorder) that keep every traffic line's `split` aligned with the channels.
//!
//! Invariant: an edit returns a new valid scenario or an error naming why; the scenario passed in is never
//! changed, so the UI keeps the last valid plan whatever is typed.

pub mod actuals;
pub mod history;

use crate::model::inputs::{self, Object};
use crate::model::kpi;
use crate::model::scenario::{Channel, ChannelActuals, Event, LineActuals, Pacing, Scenario, SpendKind, SpendLine};
use crate::model::validate::{validate, FieldError, Problem, MAX_CHANNELS, MAX_EVENTS, MAX_SPEND_LINES};
use crate::present::format;

pub use crate::model::inputs::{field_name, Unit};

/// The result of an edit: the new valid scenario, or the error of the field edited (or the first one the
/// edit caused elsewhere).
pub type Edit = Result<Scenario, FieldError>;

/// What the UI needs to know of a numeric field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    /// Display unit.
    pub unit: Unit,
    /// Slider minimum, in model units.
    pub min: f64,
    /// Slider maximum, in model units.
    pub max: f64,
}

/// The KPI a path sets a target on (`targets.kpis.cpa` -> `cpa`).
fn kpi_target(path: &str) -> Option<&str> {
    path.strip_prefix("targets.kpis.")
}

/// The display unit of a field (from the registry of inputs, or the KPI of a KPI target).
pub fn unit(path: &str) -> Unit {
    match kpi_target(path) {
        Some(key) => kpi::find(key).map_or(Unit::Plain, |k| k.unit),
        None => inputs::of_path(path).map_or(Unit::Plain, |i| i.unit),
    }
}

/// The slider range of a field whose value is `v` (the range does not move while a slider is dragged: the UI
/// computes it once when the field appears).
pub fn spec(path: &str, v: f64) -> FieldSpec {
    let slider = match kpi_target(path) {
        // A percentage KPI (conversion, marketing ratio) slides within 0–100%.
        Some(_) if unit(path) == Unit::Percent => inputs::Slider { min: 0.0, floor: 0.1, cap: 1.0 },
        Some(_) => inputs::DEFAULT_SLIDER,
        None => inputs::of_path(path).map_or(inputs::DEFAULT_SLIDER, |i| i.slider),
    };
    let (min, max) = slider.span(v, typical(path).unwrap_or(1.0));
    FieldSpec { unit: unit(path), min, max }
}

/// The value a slider at display value `x` writes into the plan, rounded to a step that suits the field: a
/// rate to 0.01 percentage point, a whole-number field (trials, seed) to an integer, anything else to three
/// significant figures — so a drag never writes `4.66768944300518` into a plan, its links and exports. Each
/// result is the double nearest to its decimal (an integer divided by a power of ten), as if typed.
pub fn slider_model(path: &str, x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if unit(path) == Unit::Percent {
        return (x * 100.0).round() / 10_000.0;
    }
    if path == "uncertainty.trials" || path == "uncertainty.seed" || path == "year" {
        return x.round();
    }
    round_significant(x, 3)
}

/// A bound beyond which a value is valid but rare in real plans, so the field asks to check it (a warning, not
/// an error): `(at most, at least)` in model units, by field name.
fn plausible_bounds(path: &str) -> Option<(Option<f64>, Option<f64>)> {
    Some(match inputs::field_name(path) {
        "cvr" | "cvr_end" => (Some(0.2), None),
        "aov" => (Some(20_000.0), Some(5.0)),
        "take_rate" => (Some(0.3), None),
        "return_rate" => (Some(0.5), None),
        "cpc" => (Some(50.0), None),
        "traffic_uplift" => (Some(30.0), None),
        "cvr_uplift" => (Some(3.0), None),
        "discount" => (Some(0.7), None),
        "gross_margin" => (None, Some(0.05)),
        "uv_trend" => (Some(10.0), None),
        "base_orders_per_year" => (Some(12.0), None),
        _ => return None,
    })
}

/// The bound a value of the field at `path` passes when it is unusually high (`Ok`-side: `(bound, true)`) or
/// low (`(bound, false)`); `None` when it is ordinary.
pub fn implausible(path: &str, x: f64) -> Option<(f64, bool)> {
    let (hi, lo) = plausible_bounds(path)?;
    match (hi, lo) {
        (Some(h), _) if x > h => Some((h, true)),
        (_, Some(l)) if x < l => Some((l, false)),
        _ => None,
    }
}

/// `x` rounded to `digits` significant figures.
pub fn round_significant(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    // The power of ten of the last digit kept, found without a logarithm.
    let mut exp = 0i32;
    let a = x.abs();
    while a >= 10f64.powi(exp + digits) {
        exp += 1;
    }
    while a < 10f64.powi(exp + digits - 1) {
        exp -= 1;
    }
    if exp >= 0 {
        (x / 10f64.powi(exp)).round() * 10f64.powi(exp)
    } else {
        (x * 10f64.powi(-exp)).round() / 10f64.powi(-exp)
    }
}

/// Model units to display units (fractions to percentages).
pub fn to_display(unit: Unit, v: f64) -> f64 {
    if unit == Unit::Percent {
        v * 100.0
    } else {
        v
    }
}

/// The text of a typed field for a value in model units: `0.032` as a rate reads `3.2`.
pub fn display_text(unit: Unit, v: f64) -> String {
    format::field(to_display(unit, v))
}

/// Parses what was typed into model units.
pub fn parse_display(unit: Unit, text: &str) -> Result<f64, Problem> {
    match unit {
        Unit::Percent => format::parse_percent(text),
        _ => format::parse_amount(text),
    }
}

/// The value at `path` in the default plan, with indices past its lists taken as the last one.
pub fn typical(path: &str) -> Option<f64> {
    thread_local! {
        static DEFAULT: Scenario = Scenario::default();
    }
    DEFAULT.with(|d| {
        let mut parts: Vec<String> = path.split('.').map(String::from).collect();
        // Clamp each index, left to right, to the last one that exists in the default plan.
        for k in 0..parts.len() {
            if let Ok(i) = parts[k].parse::<usize>() {
                let prefix = parts[..k].join(".");
                let len = (0..=i).rev().find(|&n| list_has(d, &prefix, n)).unwrap_or(0);
                parts[k] = len.to_string();
            }
        }
        get_number(d, &parts.join("."))
    })
}

/// Whether the list at `prefix` has an element `n`.
fn list_has(sc: &Scenario, prefix: &str, n: usize) -> bool {
    let len = match prefix.split('.').collect::<Vec<_>>().as_slice() {
        ["seasonality"] => sc.seasonality.len(),
        ["events"] => sc.events.len(),
        ["channels"] => sc.channels.len(),
        ["spend_lines"] => sc.spend_lines.len(),
        ["targets", "quarter_split"] => sc.targets.quarter_split.len(),
        ["customers", "repeat_curve"] => sc.customers.repeat_curve.len(),
        ["spend_lines", j, "split"] => j
            .parse::<usize>()
            .ok()
            .and_then(|j| sc.spend_lines.get(j))
            .and_then(|l| l.split.as_ref())
            .map_or(0, Vec::len),
        ["spend_lines", j, "pacing"] => {
            match j.parse::<usize>().ok().and_then(|j| sc.spend_lines.get(j)).map(|l| &l.pacing) {
                Some(Pacing::Monthly(w)) => w.len(),
                _ => 0,
            }
        }
        _ => 0,
    };
    n < len
}

/// The path as validation reports it: `channels.2.cvr` -> `channels[2].cvr`.
pub fn validation_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    for part in path.split('.') {
        if part.parse::<usize>().is_ok() {
            out.push('[');
            out.push_str(part);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// A number of the scenario by path, for reading and writing.
fn number_mut<'a>(sc: &'a mut Scenario, path: &str) -> Option<&'a mut f64> {
    let parts: Vec<&str> = path.split('.').collect();
    let idx = |k: usize| parts.get(k).and_then(|p| p.parse::<usize>().ok());
    Some(match parts.as_slice() {
        ["last_year_gmv"] => &mut sc.last_year_gmv,
        ["targets", ..] => targets_mut(&mut sc.targets, &parts[1..])?,
        ["seasonality", _] => sc.seasonality.get_mut(idx(1)?)?,
        [object @ ("events" | "channels" | "spend_lines"), _, f] => {
            inputs::field_mut(sc, Object::of_path(object)?, idx(1)?, f)?
        }
        ["spend_lines", _, "split", _] => sc.spend_lines.get_mut(idx(1)?)?.split.as_mut()?.get_mut(idx(3)?)?,
        ["spend_lines", _, "pacing", _] => match &mut sc.spend_lines.get_mut(idx(1)?)?.pacing {
            Pacing::Monthly(w) => w.get_mut(idx(3)?)?,
            _ => return None,
        },
        ["customers", "repeat_curve", _] => sc.customers.repeat_curve.get_mut(idx(2)?)?,
        [object @ ("customers" | "costs"), f] => inputs::field_mut(sc, Object::of_path(object)?, 0, f)?,
        ["uncertainty", f] => {
            let u = sc.uncertainty.get_or_insert_with(Default::default);
            match *f {
                "trials" => &mut u.trials,
                "seed" => &mut u.seed,
                "correlation" => &mut u.correlation,
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// A number of `targets` by the rest of its path (`gmv`, `quarter_split.1`, `kpis.cpa`).
fn targets_mut<'a>(t: &'a mut crate::model::scenario::Targets, parts: &[&str]) -> Option<&'a mut f64> {
    let idx = |k: usize| parts.get(k).and_then(|p| p.parse::<usize>().ok());
    Some(match parts {
        ["gmv"] => &mut t.gmv,
        ["net_margin"] => &mut t.net_margin,
        ["paid_roi"] => &mut t.paid_roi,
        ["max_return_rate"] => &mut t.max_return_rate,
        ["repeat_share"] => &mut t.repeat_share,
        ["alert_threshold"] => &mut t.alert_threshold,
        ["quarter_split", _] => t.quarter_split.get_mut(idx(1)?)?,
        ["kpis", key] if kpi::TARGET_KPIS.contains(key) => {
            let typical = kpi_default(key);
            t.kpis.entry((*key).to_string()).or_insert(typical)
        }
        _ => return None,
    })
}

/// A text of the scenario by path: names, and event dates.
fn text_mut<'a>(sc: &'a mut Scenario, path: &str) -> Option<&'a mut String> {
    let parts: Vec<&str> = path.split('.').collect();
    let idx = parts.get(1).and_then(|p| p.parse::<usize>().ok());
    Some(match parts.as_slice() {
        ["name"] => &mut sc.name,
        ["channels", _, "name"] => &mut sc.channels.get_mut(idx?)?.name,
        ["spend_lines", _, "name"] => &mut sc.spend_lines.get_mut(idx?)?.name,
        ["events", _, f] => {
            let e = sc.events.get_mut(idx?)?;
            match *f {
                "name" => &mut e.name,
                "start" => &mut e.start,
                "end" => &mut e.end,
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// A KPI target to start from when one is added: the default plan's result, rounded to 3 significant figures.
fn kpi_default(key: &str) -> f64 {
    thread_local! {
        static YEAR: Option<crate::model::Kpis> = crate::model::simulate(&Scenario::default()).ok().map(|r| r.year);
    }
    let v = YEAR.with(|y| y.and_then(|y| y.get(key))).unwrap_or(1.0);
    if v == 0.0 {
        return 1.0;
    }
    let scale = 10f64.powi(v.abs().log10().floor() as i32 - 2);
    (v / scale).round() * scale
}

/// Reads the number at `path` (`year` included). One path walk (`number_mut`) serves reads and writes; a
/// read walks a clone, which is cheap next to building the field that asks and happens only then. An absent
/// optional field reads as its effective value (`cvr_end` as `cvr`, `base_share` as the channel's share).
pub fn get_number(sc: &Scenario, path: &str) -> Option<f64> {
    if path == "year" {
        return Some(f64::from(sc.year));
    }
    let mut copy = sc.clone();
    if path.ends_with(".base_share") {
        materialise_base_shares(&mut copy);
    }
    number_mut(&mut copy, path).map(|x| *x)
}

/// Writes every channel's effective weight in existing customers' orders as its `base_share` (the channels'
/// organic shares when none has one), so that setting one channel's share leaves the others' as they were.
fn materialise_base_shares(sc: &mut Scenario) {
    if sc.channels.iter().any(|c| c.base_share.is_some()) {
        return;
    }
    let weights: Vec<f64> = sc.base_weights().collect();
    let total: f64 = weights.iter().sum();
    let n = weights.len().max(1) as f64;
    for (c, w) in sc.channels.iter_mut().zip(weights) {
        c.base_share = Some(if total > 0.0 { w / total } else { 1.0 / n });
    }
}

/// Reads a text at `path`.
pub fn get_text(sc: &Scenario, path: &str) -> Option<String> {
    if path == "year" {
        return Some(sc.year.to_string());
    }
    text_mut(&mut sc.clone(), path).map(std::mem::take)
}

/// Sets a number at `path` and validates the whole plan: the new scenario, or the message for that field
/// (or the first problem elsewhere that the edit caused).
pub fn set_number(sc: &Scenario, path: &str, x: f64) -> Edit {
    let vpath = validation_path(path);
    if !x.is_finite() {
        return Err(FieldError::new(vpath, Problem::NotFinite(x)));
    }
    let mut next = sc.clone();
    if path == "year" {
        if x.fract() != 0.0 || !(2000.0..=2100.0).contains(&x) {
            return Err(FieldError::new(vpath, Problem::Between(2000.0, 2100.0, x)));
        }
        next.year = x as i32;
    } else {
        if path.ends_with(".base_share") {
            materialise_base_shares(&mut next);
        }
        *number_mut(&mut next, path).ok_or_else(|| FieldError::new(vpath.clone(), Problem::NoSuchField))? = x;
        // A target of 0 is no target: it leaves the plan.
        if path.ends_with(".gmv_target") && x == 0.0 {
            clear_gmv_target(&mut next, path);
        }
        // A ranged value carries its range with it (MODEL.md §6).
        inputs::move_ranges(sc, &mut next);
    }
    checked(next, &vpath)
}

/// Gives the ranged input at `path` (`channels.0.cvr`, `customers.repeat_curve`) the 90% range `[low, high]`,
/// or takes its range away (`None`), and validates: the new scenario, or the error of the range
/// (`channels[0].ranges.cvr: ...`).
pub fn set_range(sc: &Scenario, path: &str, range: Option<(f64, f64)>) -> Edit {
    let Some(slot) = inputs::Slot::parse(path).filter(|s| s.get(sc).is_some()) else {
        return Err(FieldError::new(validation_path(path), Problem::NoSuchField));
    };
    let vpath = slot.range_path();
    if let Some((lo, hi)) = range {
        for x in [lo, hi] {
            if !x.is_finite() {
                return Err(FieldError::new(vpath, Problem::NotFinite(x)));
            }
        }
    }
    let mut next = sc.clone();
    slot.set_range(&mut next, range);
    checked(next, &vpath)
}

/// Removes the `gmv_target` a path names, and the note on its row.
fn clear_gmv_target(sc: &mut Scenario, path: &str) {
    let parts: Vec<&str> = path.split('.').collect();
    let i = parts.get(1).and_then(|p| p.parse::<usize>().ok()).unwrap_or(usize::MAX);
    sc.notes.targets.remove(&format!("{}.{i}.gmv", parts[0]));
    match parts.first() {
        Some(&"channels") => {
            if let Some(c) = sc.channels.get_mut(i) {
                c.gmv_target = None;
            }
        }
        Some(&"events") => {
            if let Some(e) = sc.events.get_mut(i) {
                e.gmv_target = None;
            }
        }
        _ => {}
    }
}

/// Adds a year target on KPI `key` (one of `kpi::TARGET_KPIS`), starting from the default plan's value.
pub fn add_kpi_target(sc: &Scenario, key: &str) -> Edit {
    let path = format!("targets.kpis.{key}");
    let x = kpi_default(key);
    set_number(sc, &path, x)
}

/// Removes the year target on KPI `key`.
pub fn remove_kpi_target(sc: &Scenario, key: &str) -> Edit {
    let mut next = sc.clone();
    next.targets.kpis.remove(key);
    next.notes.targets.remove(key);
    checked(next, "targets.kpis")
}

/// Sets a text (a name, an `MM-DD` date) at `path` and validates the whole plan.
pub fn set_text(sc: &Scenario, path: &str, text: &str) -> Edit {
    if path == "year" {
        return set_text_number(sc, path, text);
    }
    let mut next = sc.clone();
    let vpath = validation_path(path);
    // Channels are told apart by name (tables, alerts, imports by name): none empty, no two alike.
    if let Some(i) =
        path.strip_prefix("channels.").and_then(|r| r.strip_suffix(".name")).and_then(|i| i.parse::<usize>().ok())
    {
        let name = text.trim();
        if name.is_empty() {
            return Err(FieldError::new(vpath, Problem::NameEmpty));
        }
        if sc.channels.iter().enumerate().any(|(j, c)| j != i && c.name.trim() == name) {
            return Err(FieldError::new(vpath, Problem::NameTaken(name.to_string())));
        }
    }
    *text_mut(&mut next, path).ok_or_else(|| FieldError::new(vpath.clone(), Problem::NoSuchField))? = text.to_string();
    checked(next, &vpath)
}

/// Parses display text and sets it at `path`.
pub fn set_text_number(sc: &Scenario, path: &str, text: &str) -> Edit {
    let x = parse_display(unit(path), text).map_err(|p| FieldError::new(validation_path(path), p))?;
    set_number(sc, path, x)
}

/// The scenario if valid, else the error at `vpath` (or under it), else the first error.
fn checked(next: Scenario, vpath: &str) -> Edit {
    let mut errs = validate(&next);
    if errs.is_empty() {
        return Ok(next);
    }
    let own = errs.iter().position(|e| {
        e.path == vpath || e.path.starts_with(&format!("{vpath}[")) || e.path.starts_with(&format!("{vpath}."))
    });
    Err(errs.swap_remove(own.unwrap_or(0)))
}

/// Sets the note on `key` — `plan`, or a target row key (`gmv`, `q3_gmv`, `channels.2.gmv`) — to `text`, trimmed;
/// an empty text removes it. The error names the note (`notes.targets.q5_gmv: not a target row of this plan`).
pub fn set_note(sc: &Scenario, key: &str, text: &str) -> Edit {
    let text = text.trim().to_string();
    let mut next = sc.clone();
    let path = if key == "plan" {
        next.notes.plan = text;
        "notes.plan".to_string()
    } else {
        let path = format!("notes.targets.{key}");
        if !crate::model::targets::row_keys(sc).iter().any(|k| k == key) {
            return Err(FieldError::new(path, Problem::NotATargetRow));
        }
        if text.is_empty() {
            next.notes.targets.remove(key);
        } else {
            next.notes.targets.insert(key.to_string(), text);
        }
        path
    };
    checked(next, &path)
}

/// Moves the notes of the rows of `list` (`channels`, `events`) as the list's items move: `to(i)` is item `i`'s
/// new index, `None` when it is removed (its note goes with it).
fn rekey_notes(sc: &mut Scenario, list: &str, to: impl Fn(usize) -> Option<usize>) {
    let prefix = format!("{list}.");
    let notes = std::mem::take(&mut sc.notes.targets);
    for (key, text) in notes {
        let index = key.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".gmv")).and_then(|i| i.parse().ok());
        match index {
            Some(i) => {
                if let Some(j) = to(i) {
                    sc.notes.targets.insert(format!("{list}.{j}.gmv"), text);
                }
            }
            None => {
                sc.notes.targets.insert(key, text);
            }
        }
    }
}

/// Item `i`'s index once item `removed` has left its list.
fn after_removal(i: usize, removed: usize) -> Option<usize> {
    match i.cmp(&removed) {
        std::cmp::Ordering::Less => Some(i),
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(i - 1),
    }
}

/// Whether the error belongs to the field at `vpath` itself (shown without its path) or to another one.
pub fn is_own(e: &FieldError, path: &str) -> bool {
    let vpath = validation_path(path);
    e.path == vpath || e.path.starts_with(&format!("{vpath}["))
}

fn fail(path: &str, problem: Problem) -> FieldError {
    FieldError::new(path, problem)
}

/// Adds a channel: a copy of the last one's funnel, renamed, with no share of any traffic line, no share of
/// existing customers (`base_share` 0; the other channels keep theirs), no target, no trend and no ranges.
pub fn add_channel(sc: &Scenario, name: &str) -> Edit {
    if sc.channels.len() >= MAX_CHANNELS {
        return Err(fail("channels", Problem::TooMany(MAX_CHANNELS, sc.channels.len() + 1, "channels")));
    }
    let mut next = sc.clone();
    materialise_base_shares(&mut next);
    let last = sc.channels.last();
    next.channels.push(Channel {
        name: name.chars().take(60).collect(),
        organic_uv: last.map_or(1_000_000.0, |c| c.organic_uv),
        cvr: last.map_or(0.02, |c| c.cvr),
        aov: last.map_or(200.0, |c| c.aov),
        take_rate: last.map_or(0.05, |c| c.take_rate),
        return_rate: last.map_or(0.05, |c| c.return_rate),
        base_share: Some(0.0),
        ..Channel::default()
    });
    for l in &mut next.spend_lines {
        if let Some(s) = l.split.as_mut() {
            s.push(0.0);
        }
    }
    if let Some(a) = next.actuals.as_mut() {
        a.channels.push(ChannelActuals::default());
    }
    checked(next, "channels")
}

/// Where a removed channel's paid visitors and existing customers go: each traffic line's split after the
/// removal (normalised, one share per remaining channel) for the lines that sent it visitors, and the
/// remaining channels' shares of existing customers' orders when it had some.
#[derive(Clone, Debug, PartialEq)]
pub struct Removal {
    /// `(line index, shares of the remaining channels)` of each traffic line with weight on the channel.
    pub lines: Vec<(usize, Vec<f64>)>,
    /// The remaining channels' shares of existing customers, when the channel had a share.
    pub base: Option<Vec<f64>>,
}

/// What removing channel `i` would move, before it happens; `None` when it moves nothing.
pub fn removal_effect(sc: &Scenario, i: usize) -> Option<Removal> {
    let after = remove_channel(sc, i).ok()?;
    let norm = |w: &[f64]| {
        let t: f64 = w.iter().sum();
        w.iter().map(|x| if t > 0.0 { x / t } else { 0.0 }).collect::<Vec<_>>()
    };
    let lines: Vec<(usize, Vec<f64>)> = sc
        .spend_lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_traffic() && l.split.as_ref().and_then(|s| s.get(i)).is_some_and(|&w| w > 0.0))
        .filter_map(|(j, _)| Some((j, norm(after.spend_lines.get(j)?.split.as_ref()?))))
        .collect();
    let had_base = sc.base_weights().nth(i).is_some_and(|w| w > 0.0)
        && sc.customers.existing_base * sc.customers.base_orders_per_year > 0.0;
    let base = had_base.then(|| norm(&after.base_weights().collect::<Vec<_>>()));
    (!lines.is_empty() || base.is_some()).then_some(Removal { lines, base })
}

/// Removes channel `i`, its weight in every split (a split left with no weight gets an even one) and its
/// actuals; the remaining channels' shares are renormalised by the engine.
pub fn remove_channel(sc: &Scenario, i: usize) -> Edit {
    if sc.channels.len() <= 1 {
        return Err(fail("channels", Problem::LastChannel));
    }
    if i >= sc.channels.len() {
        return Err(fail(&format!("channels[{i}]"), Problem::NoSuchField));
    }
    let mut next = sc.clone();
    next.channels.remove(i);
    for l in &mut next.spend_lines {
        if let Some(s) = l.split.as_mut() {
            if i < s.len() {
                s.remove(i);
            }
            if s.iter().sum::<f64>() <= 0.0 {
                s.iter_mut().for_each(|x| *x = 1.0);
            }
        }
    }
    // Existing customers of the removed channel go to the others by their shares; with none left, evenly.
    if next.channels.iter().all(|c| c.base_share.is_some_and(|b| b == 0.0)) {
        next.channels.iter_mut().for_each(|c| c.base_share = None);
    }
    if let Some(a) = next.actuals.as_mut() {
        if i < a.channels.len() {
            a.channels.remove(i);
        }
    }
    rekey_notes(&mut next, "channels", |k| after_removal(k, i));
    checked(next, "channels")
}

/// Moves channel `i` one place up (`up`) or down, with its split weights and actuals.
pub fn move_channel(sc: &Scenario, i: usize, up: bool) -> Edit {
    let j = if up { i.checked_sub(1) } else { Some(i + 1) };
    let Some(j) = j.filter(|&j| j < sc.channels.len() && i < sc.channels.len()) else {
        return Err(fail("channels", Problem::AtEnd));
    };
    let mut next = sc.clone();
    next.channels.swap(i, j);
    for l in &mut next.spend_lines {
        if let Some(s) = l.split.as_mut() {
            if i < s.len() && j < s.len() {
                s.swap(i, j);
            }
        }
    }
    if let Some(a) = next.actuals.as_mut() {
        if i < a.channels.len() && j < a.channels.len() {
            a.channels.swap(i, j);
        }
    }
    rekey_notes(&mut next, "channels", |k| {
        Some(if k == i {
            j
        } else if k == j {
            i
        } else {
            k
        })
    });
    checked(next, "channels")
}

/// Adds a spend line of `kind`.
pub fn add_spend_line(sc: &Scenario, name: &str, kind: SpendKind) -> Edit {
    if sc.spend_lines.len() >= MAX_SPEND_LINES {
        return Err(fail("spend_lines", Problem::TooMany(MAX_SPEND_LINES, sc.spend_lines.len() + 1, "lines")));
    }
    let mut next = sc.clone();
    let mut line = SpendLine { name: name.chars().take(60).collect(), budget: 10_000_000.0, ..SpendLine::default() };
    if kind == SpendKind::Traffic {
        line.pacing = Pacing::Seasonal;
        make_traffic(&mut line, sc.channels.len());
    }
    next.spend_lines.push(line);
    if let Some(lines) = next.actuals.as_mut().and_then(|a| a.spend_lines.as_mut()) {
        lines.push(LineActuals::default());
    }
    checked(next, "spend_lines")
}

fn make_traffic(line: &mut SpendLine, channels: usize) {
    line.kind = SpendKind::Traffic;
    line.cpc.get_or_insert(1.0);
    line.half_saturation.get_or_insert(10_000_000.0);
    let split = line.split.get_or_insert_with(|| vec![1.0; channels]);
    split.resize(channels, 0.0);
    if split.iter().sum::<f64>() <= 0.0 {
        split.iter_mut().for_each(|x| *x = 1.0);
    }
}

/// Removes spend line `j` and its actuals.
pub fn remove_spend_line(sc: &Scenario, j: usize) -> Edit {
    if j >= sc.spend_lines.len() {
        return Err(fail(&format!("spend_lines[{j}]"), Problem::NoSuchField));
    }
    let mut next = sc.clone();
    next.spend_lines.remove(j);
    if let Some(lines) = next.actuals.as_mut().and_then(|a| a.spend_lines.as_mut()) {
        if j < lines.len() {
            lines.remove(j);
        }
    }
    checked(next, "spend_lines")
}

/// Changes the kind of line `j`; a new traffic line gets a cpc, a saturation and an even split.
pub fn set_kind(sc: &Scenario, j: usize, kind: SpendKind) -> Edit {
    let mut next = sc.clone();
    let channels = sc.channels.len();
    let path = format!("spend_lines[{j}]");
    let line = next.spend_lines.get_mut(j).ok_or_else(|| fail(&path, Problem::NoSuchField))?;
    if kind == SpendKind::Traffic {
        make_traffic(line, channels);
    } else {
        line.kind = SpendKind::Fixed;
    }
    checked(next, &path)
}

/// Spreads the difference between the year's GMV target and the channels' over the channels in proportion to
/// their targets (each to the yuan, the rounding on the largest), so they add up to the year's; the quarterly
/// split is normalised likewise. One step, for the consistency notice's action.
pub fn spread_targets(sc: &Scenario) -> Scenario {
    let mut next = sc.clone();
    let year = sc.targets.gmv;
    let sum: f64 = sc.channels.iter().filter_map(|c| c.gmv_target).sum();
    if crate::model::targets::every_channel_has_a_target(sc) && sum > 0.0 {
        let k = year / sum;
        let mut total = 0.0;
        for c in next.channels.iter_mut() {
            let x = (c.gmv_target.unwrap_or(0.0) * k).round();
            c.gmv_target = Some(x);
            total += x;
        }
        let target = |i: usize| sc.channels[i].gmv_target;
        let largest = (0..sc.channels.len()).fold(0, |b, i| if target(i) > target(b) { i } else { b });
        if let Some(x) = next.channels[largest].gmv_target.as_mut() {
            *x += year - total;
        }
    }
    let q: f64 = sc.targets.quarter_split.iter().sum();
    if q > 0.0 {
        next.targets.quarter_split.iter_mut().for_each(|x| *x /= q);
    }
    next
}

/// Locks line `j`'s budget against the optimiser, or frees it.
pub fn set_locked(sc: &Scenario, j: usize, locked: bool) -> Edit {
    let mut next = sc.clone();
    let path = format!("spend_lines[{j}].locked");
    next.spend_lines.get_mut(j).ok_or_else(|| fail(&path, Problem::NoSuchField))?.locked = locked;
    checked(next, &path)
}

/// Sets the pacing of line `j` to `even`, `seasonal` or `monthly` (twelve equal weights to start from).
pub fn set_pacing(sc: &Scenario, j: usize, pacing: &str) -> Edit {
    let mut next = sc.clone();
    let path = format!("spend_lines[{j}].pacing");
    let line = next.spend_lines.get_mut(j).ok_or_else(|| fail(&path, Problem::NoSuchField))?;
    line.pacing = match pacing {
        "even" => Pacing::Even,
        "seasonal" => Pacing::Seasonal,
        "monthly" => match &line.pacing {
            Pacing::Monthly(w) => Pacing::Monthly(w.clone()),
            _ => Pacing::Monthly(vec![1.0; 12]),
        },
        other => return Err(fail(&path, Problem::UnknownPacing(other.chars().take(20).collect()))),
    };
    checked(next, &path)
}

/// Adds a promotion event (a week in mid-year with a modest uplift).
pub fn add_event(sc: &Scenario, name: &str) -> Edit {
    if sc.events.len() >= MAX_EVENTS {
        return Err(fail("events", Problem::TooMany(MAX_EVENTS, sc.events.len() + 1, "events")));
    }
    let mut next = sc.clone();
    next.events.push(Event {
        name: name.chars().take(60).collect(),
        start: "07-01".into(),
        end: "07-07".into(),
        traffic_uplift: 1.5,
        cvr_uplift: 1.1,
        discount: 0.05,
        ..Event::default()
    });
    checked(next, "events")
}

/// Removes event `k`.
pub fn remove_event(sc: &Scenario, k: usize) -> Edit {
    if k >= sc.events.len() {
        return Err(fail(&format!("events[{k}]"), Problem::NoSuchField));
    }
    let mut next = sc.clone();
    next.events.remove(k);
    rekey_notes(&mut next, "events", |x| after_removal(x, k));
    checked(next, "events")
}

/// A blank start (新建方案): one channel called `channel` with the default plan's rates, no promotions, no
/// spend lines, no existing customers, a flat season, no ranges, targets, notes or actuals, called `name`; its
/// GMV target is its own GMV to two significant digits, so it starts on target and every figure is its own.
pub fn blank_plan(name: &str, channel: &str) -> Scenario {
    let mut sc = Scenario {
        name: name.to_string(),
        last_year_gmv: 0.0,
        events: Vec::new(),
        spend_lines: Vec::new(),
        actuals: None,
        uncertainty: None,
        notes: Default::default(),
        seasonality: vec![1.0; 12],
        ..Scenario::default()
    };
    sc.channels.truncate(1);
    if let Some(c) = sc.channels.first_mut() {
        c.name = channel.to_string();
        c.ranges.clear();
        c.gmv_target = None;
        c.base_share = None;
        c.cvr_end = None;
        c.uv_trend = None;
    }
    sc.customers.existing_base = 0.0;
    sc.customers.ranges.clear();
    sc.targets.kpis.clear();
    let gmv = crate::model::simulate(&sc).map_or(0.0, |r| r.year.gmv);
    sc.targets.gmv = if gmv > 0.0 { round_significant(gmv, 2) } else { 1e8 };
    sc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, text: &str, expected: Result<f64, &str>) {
        let sc = Scenario::default();
        match (set_text_number(&sc, path, text), expected) {
            (Ok(next), Ok(v)) => {
                let got = get_number(&next, path).unwrap();
                assert!((got - v).abs() <= 1e-12 * v.abs().max(1.0), "{path} {text}: {got} != {v}");
            }
            (Err(e), Err(msg)) => assert!(e.to_string().contains(msg), "{path} {text}: {e} lacks {msg:?}"),
            (got, want) => panic!("{path} {text}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn typed_values_in_display_units() {
        check("channels.0.cvr", "3.5", Ok(0.035));
        check("channels.0.cvr", "3.5%", Ok(0.035));
        check("channels.2.cvr", "150", Err("must be in (0, 1], got 1.5"));
        check("channels.0.aov", "0", Err("must be > 0, got 0"));
        check("spend_lines.0.budget", "1.5亿", Ok(1.5e8));
        check("spend_lines.0.budget", "150M", Ok(1.5e8));
        check("targets.gmv", "38亿", Ok(3.8e9));
        check("targets.gmv", "abc", Err("not a number"));
        check("seasonality.3", "1.2", Ok(1.2));
        check("customers.repeat_curve.1", "0.01", Err("must not decrease"));
        check("events.0.traffic_uplift", "-1", Err("must be >= 0"));
        check("channels.9.cvr", "3", Err("no such field"));
        check("year", "2028", Ok(2028.0));
    }

    #[test]
    fn editing_start_after_end_names_the_problem() {
        let sc = Scenario::default();
        let e = set_text(&sc, "events.0.start", "03-09").unwrap_err();
        assert_eq!(e.to_string(), "events[0].end: must not be before start 03-09, got 03-08");
        let ok = set_text(&sc, "channels.1.name", "京东").unwrap();
        assert_eq!(ok.channels[1].name, "京东");
        assert_eq!(get_text(&ok, "channels.1.name").as_deref(), Some("京东"));
        assert!(set_text(&sc, "channels.1.aov", "x").is_err());
    }

    #[test]
    fn channels_keep_splits_aligned() {
        let sc = Scenario::default();
        let added = add_channel(&sc, "Kuaishou").unwrap();
        assert_eq!(added.channels.len(), 6);
        assert!(added.spend_lines.iter().filter_map(|l| l.split.as_ref()).all(|s| s.len() == 6));
        let moved = move_channel(&added, 0, false).unwrap();
        assert_eq!(moved.channels[1].name, "Tmall");
        assert_eq!(moved.spend_lines[0].split.as_ref().unwrap()[1], 0.45);
        let removed = remove_channel(&moved, 1).unwrap();
        assert!(removed.channels.iter().all(|c| c.name != "Tmall"));
        assert_eq!(removed.spend_lines[0].split.as_ref().unwrap().len(), 5);
        let mut one = Scenario::default();
        for _ in 0..4 {
            one = remove_channel(&one, 0).unwrap();
        }
        // WeChat had no Pinduoduo-only line weights; every split still has a positive sum.
        assert!(crate::model::validate(&one).is_empty());
        assert!(remove_channel(&one, 0).is_err());
        assert!(move_channel(&one, 0, true).is_err());
    }

    #[test]
    fn the_year_rechecks_event_dates() {
        let mut sc = Scenario::default();
        sc.events[0].start = "02-29".into();
        sc.year = 2028;
        assert!(validate(&sc).is_empty());
        let e = set_text(&sc, "year", "2027").unwrap_err();
        assert_eq!(e.to_string(), "events[0].start: must be a date MM-DD of 2027, got \"02-29\"");
        assert_eq!(set_text(&sc, "year", "2032").unwrap().year, 2032);
        assert_eq!(get_text(&sc, "year").as_deref(), Some("2028"));
        assert!(set_text(&sc, "year", "1999").is_err());
        assert_eq!(set_text(&sc, "name", "2027 plan").unwrap().name, "2027 plan");
    }

    #[test]
    fn schema_2_fields_by_path() {
        check("channels.2.cvr_end", "3.6", Ok(0.036));
        check("channels.0.cvr_end", "120", Err("must be in (0, 1], got 1.2"));
        check("channels.1.uv_trend", "1.5", Ok(1.5));
        check("channels.1.uv_trend", "0", Err("must be > 0, got 0"));
        check("channels.0.gmv_target", "17亿", Ok(1.7e9));
        check("events.1.gmv_target", "7亿", Ok(7e8));
        check("targets.kpis.cpa", "48", Ok(48.0));
        check("targets.kpis.cpa", "0", Err("must be > 0"));
        let sc = Scenario::default();
        // An absent cvr_end reads as the channel's cvr; a target set to 0 leaves the plan.
        assert_eq!(get_number(&sc, "channels.0.cvr_end"), Some(0.032));
        let none = set_number(&sc, "channels.0.gmv_target", 0.0).unwrap();
        assert_eq!(none.channels[0].gmv_target, None);
        let with = add_kpi_target(&sc, "cpa").unwrap();
        assert!(with.targets.kpis.contains_key("cpa"));
        assert_eq!(remove_kpi_target(&with, "cpa").unwrap(), sc);
        assert!(add_kpi_target(&sc, "nonsense").is_err());
    }

    #[test]
    fn a_new_channel_takes_no_existing_customers_even_without_base_shares() {
        let mut sc = Scenario::default();
        sc.channels.iter_mut().for_each(|c| c.base_share = None);
        let before = crate::model::simulate(&sc).unwrap();
        let added = add_channel(&sc, "Kuaishou").unwrap();
        assert_eq!(added.channels[5].base_share, Some(0.0));
        let after = crate::model::simulate(&added).unwrap();
        // The old channels keep their base orders exactly (up to rounding); the new one has none.
        for c in 0..5 {
            let (a, b) = (before.channels[c].kpis.base_orders, after.channels[c].kpis.base_orders);
            assert!((a - b).abs() <= 1e-9 * a, "{c}: {a} {b}");
        }
        assert_eq!(after.channels[5].kpis.base_orders, 0.0);
        // Setting one share when none is set keeps the others' effective shares.
        let one = set_number(&sc, "channels.0.base_share", 0.5).unwrap();
        assert!(one.channels.iter().all(|c| c.base_share.is_some()));
        assert!(
            (get_number(&sc, "channels.1.base_share").unwrap() - one.channels[1].base_share.unwrap()).abs() < 1e-15
        );
    }

    #[test]
    fn removing_a_channel_says_where_its_traffic_and_customers_go() {
        let sc = Scenario::default();
        let fx = removal_effect(&sc, 2).unwrap();
        // Douyin gets visitors from the three traffic lines and has a base share.
        assert_eq!(fx.lines.iter().map(|l| l.0).collect::<Vec<_>>(), vec![0, 1, 2]);
        let feed = &fx.lines[0].1;
        assert_eq!(feed.len(), 4);
        assert!((feed.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((feed[0] - 0.45 / 0.8).abs() < 1e-12);
        let base = fx.base.unwrap();
        assert!((base[0] - 0.343 / (1.0 - 0.218)).abs() < 1e-12);
        // Pinduoduo's removal moves only Feed ads visitors and its customers.
        assert_eq!(removal_effect(&sc, 3).unwrap().lines.len(), 1);
    }

    #[test]
    fn structural_edits_keep_actuals_aligned() {
        let sc = Scenario {
            actuals: Some(crate::model::scenario::Actuals {
                through: "01-31".into(),
                channels: (0..5)
                    .map(|i| ChannelActuals {
                        months: vec![crate::model::scenario::MonthActual { gmv: i as f64, ..Default::default() }],
                    })
                    .collect(),
                spend_lines: Some(vec![LineActuals::default(); 6]),
                ..Default::default()
            }),
            ..Scenario::default()
        };
        assert!(validate(&sc).is_empty());
        let added = add_channel(&sc, "K").unwrap();
        assert_eq!(added.actuals.as_ref().unwrap().channels.len(), 6);
        let moved = move_channel(&sc, 0, false).unwrap();
        assert_eq!(moved.actuals.as_ref().unwrap().channels[1].months[0].gmv, 0.0);
        let removed = remove_channel(&sc, 4).unwrap();
        assert_eq!(removed.actuals.as_ref().unwrap().channels.len(), 4);
        let line = add_spend_line(&sc, "x", SpendKind::Fixed).unwrap();
        assert_eq!(line.actuals.as_ref().unwrap().spend_lines.as_ref().unwrap().len(), 7);
        assert!(remove_spend_line(&sc, 0).is_ok());
    }

    #[test]
    fn lines_and_events() {
        let sc = Scenario::default();
        let t = add_spend_line(&sc, "Search ads", SpendKind::Traffic).unwrap();
        assert_eq!(t.spend_lines.last().unwrap().split.as_ref().unwrap().len(), 5);
        let f = set_kind(&t, 6, SpendKind::Fixed).unwrap();
        assert_eq!(f.spend_lines[6].kind, SpendKind::Fixed);
        let back = set_kind(&f, 3, SpendKind::Traffic).unwrap();
        assert!(back.spend_lines[3].cpc.is_some());
        let m = set_pacing(&sc, 0, "monthly").unwrap();
        assert_eq!(m.spend_lines[0].pacing, Pacing::Monthly(vec![1.0; 12]));
        assert!(set_pacing(&sc, 0, "weekly").is_err());
        let e = add_event(&sc, "Summer").unwrap();
        assert_eq!(e.events.len(), 5);
        assert_eq!(remove_event(&e, 4).unwrap(), sc);
        assert_eq!(remove_spend_line(&t, 6).unwrap(), sc);
    }

    #[test]
    fn units_ranges_and_paths() {
        assert_eq!(unit("channels.0.cvr"), Unit::Percent);
        assert_eq!(unit("spend_lines.1.budget"), Unit::Money);
        assert_eq!(unit("seasonality.2"), Unit::Plain);
        assert_eq!(unit("targets.quarter_split.1"), Unit::Percent);
        assert_eq!(validation_path("spend_lines.1.split.0"), "spend_lines[1].split[0]");
        assert_eq!(display_text(Unit::Percent, 0.032), "3.2");
        assert_eq!(display_text(Unit::Percent, 0.07), "7");
        let s = spec("channels.4.cvr", 0.045);
        assert!(s.min > 0.0 && s.max >= 0.135 && s.max <= 1.0);
        assert_eq!(typical("channels.11.aov"), Some(230.0));
        assert_eq!((spec("channels.0.take_rate", 0.05).min, spec("channels.0.take_rate", 0.05).max), (0.0, 0.6));
        let k = spec("targets.kpis.cvr", 0.03);
        assert!(k.max >= 0.09 && k.max <= 1.0, "{k:?}");
        assert!(spec("targets.kpis.cpa", 60.0).max >= 180.0);
        assert_eq!(typical("spend_lines.0.split.2"), Some(0.2));
    }

    #[test]
    fn sliders_write_round_values() {
        for (path, display, want) in [
            ("channels.0.cvr", 3.214_678, 0.0321),
            ("channels.0.cvr", 4.667_689_443_005_18, 0.0467),
            ("spend_lines.0.budget", 184_091_726.036_269, 184_000_000.0),
            ("channels.0.aov", 287.49, 287.0),
            ("events.0.traffic_uplift", 7.236, 7.24),
            ("customers.repeat_curve.3", 0.241_234, 0.241),
            ("uncertainty.seed", 2026.4, 2026.0),
            ("costs.fixed_costs", 0.0, 0.0),
        ] {
            let got = slider_model(path, display);
            assert_eq!(got, want, "{path} at {display}");
            // The value reads back as the short decimal a person would type.
            assert!(format::field(to_display(unit(path), got)).len() <= 12, "{path}: {got}");
        }
        assert_eq!(round_significant(-0.000_123_45, 3), -0.000_123);
        assert_eq!(round_significant(999.6, 3), 1000.0);
    }

    #[test]
    fn channel_names_are_neither_empty_nor_taken_nor_cut() {
        let sc = Scenario::default();
        assert_eq!(set_text(&sc, "channels.1.name", "  ").unwrap_err().problem, Problem::NameEmpty);
        let taken = set_text(&sc, "channels.1.name", "Tmall").unwrap_err();
        assert_eq!(taken.problem, Problem::NameTaken("Tmall".into()));
        assert!(set_text(&sc, "channels.0.name", "Tmall").is_ok(), "its own name again is fine");
        let long = "长".repeat(61);
        assert_eq!(set_text(&sc, "channels.1.name", &long).unwrap_err().problem, Problem::NameTooLong(61));
        assert!(set_text(&sc, "events.0.name", "").is_ok(), "other names may be empty");
    }

    #[test]
    fn unusual_values_are_flagged_not_refused() {
        assert_eq!(implausible("channels.0.cvr", 0.25), Some((0.2, true)));
        assert_eq!(implausible("channels.0.cvr", 0.05), None);
        assert_eq!(implausible("channels.2.aov", 25_000.0), Some((20_000.0, true)));
        assert_eq!(implausible("channels.2.aov", 2.0), Some((5.0, false)));
        assert_eq!(implausible("costs.gross_margin", 0.01), Some((0.05, false)));
        assert_eq!(implausible("targets.gmv", 1e12), None);
        // Still a valid plan.
        assert!(set_number(&Scenario::default(), "channels.0.cvr", 0.25).is_ok());
    }
}
