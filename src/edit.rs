//! Edits of a scenario by field path (`channels.0.cvr`), with display units and slider ranges, and the
//! structural edits (add, remove, reorder) that keep every traffic line's `split` aligned with the channels.
//!
//! Invariant: an edit returns a new valid scenario or an error naming why; the scenario passed in is never
//! changed, so the UI keeps the last valid plan whatever is typed.

use crate::format;
use crate::model::scenario::{Channel, Event, Pacing, Scenario, SpendKind, SpendLine};
use crate::model::validate::{validate, MAX_CHANNELS, MAX_EVENTS, MAX_SPEND_LINES};

/// How a number is shown and typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Yuan; accepts 万 / 亿 / k / M / B suffixes.
    Money,
    /// Visitors, customers; accepts the same suffixes.
    Count,
    /// A fraction shown and typed as a percentage.
    Percent,
    /// A plain number: weights, uplifts, factors.
    Plain,
}

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

/// The key of the field: the last name in the path, skipping indices (`channels.2.cvr` -> `cvr`,
/// `seasonality.3` -> `seasonality`).
pub fn field_name(path: &str) -> &str {
    path.rsplit('.').find(|p| p.parse::<usize>().is_err()).unwrap_or(path)
}

/// The display unit of a field.
pub fn unit(path: &str) -> Unit {
    match field_name(path) {
        "aov" | "budget" | "cpc" | "half_saturation" | "gmv" | "last_year_gmv" | "fulfillment_per_order" | "fixed_costs" => Unit::Money,
        "organic_uv" | "existing_base" => Unit::Count,
        "cvr" | "take_rate" | "return_rate" | "discount" | "gross_margin" | "net_margin" | "max_return_rate" | "repeat_share"
        | "alert_threshold" | "quarter_split" => Unit::Percent,
        _ => Unit::Plain,
    }
}

/// The slider range of a field whose value is `v` (the range does not move while a slider is dragged: the UI
/// computes it once when the field appears).
pub fn spec(path: &str, v: f64) -> FieldSpec {
    let typical = typical(path).unwrap_or(1.0).abs();
    let wide = |floor: f64| (3.0 * v.abs().max(typical)).max(floor);
    let (min, max) = match field_name(path) {
        "cvr" => (0.001, wide(0.1).min(1.0)),
        "take_rate" | "return_rate" | "discount" => (0.0, 0.6),
        "gross_margin" => (0.0, 0.95),
        "net_margin" => (-0.5, 0.5),
        "max_return_rate" => (0.0, 0.3),
        "alert_threshold" => (0.0, 0.2),
        "repeat_share" | "quarter_split" => (0.0, 1.0),
        "traffic_uplift" | "cvr_uplift" => (0.0, wide(3.0).min(50.0)),
        "repeat_aov_factor" => (0.0, 3.0),
        "base_orders_per_year" => (0.0, wide(5.0)),
        "repeat_curve" => (0.0, wide(1.0)),
        "paid_roi" => (0.0, wide(10.0)),
        "aov" | "cpc" | "half_saturation" | "gmv" => (0.0, wide(1.0)),
        _ => (0.0, wide(1.0)),
    };
    FieldSpec { unit: unit(path), min, max }
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
pub fn parse_display(unit: Unit, text: &str) -> Result<f64, String> {
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
        ["spend_lines", j, "split"] => j.parse::<usize>().ok().and_then(|j| sc.spend_lines.get(j)).and_then(|l| l.split.as_ref()).map_or(0, Vec::len),
        ["spend_lines", j, "pacing"] => match j.parse::<usize>().ok().and_then(|j| sc.spend_lines.get(j)).map(|l| &l.pacing) {
            Some(Pacing::Monthly(w)) => w.len(),
            _ => 0,
        },
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
    let t = &mut sc.targets;
    Some(match parts.as_slice() {
        ["last_year_gmv"] => &mut sc.last_year_gmv,
        ["targets", "gmv"] => &mut t.gmv,
        ["targets", "net_margin"] => &mut t.net_margin,
        ["targets", "paid_roi"] => &mut t.paid_roi,
        ["targets", "max_return_rate"] => &mut t.max_return_rate,
        ["targets", "repeat_share"] => &mut t.repeat_share,
        ["targets", "alert_threshold"] => &mut t.alert_threshold,
        ["targets", "quarter_split", _] => t.quarter_split.get_mut(idx(2)?)?,
        ["seasonality", _] => sc.seasonality.get_mut(idx(1)?)?,
        ["events", _, f] => {
            let e = sc.events.get_mut(idx(1)?)?;
            match *f {
                "traffic_uplift" => &mut e.traffic_uplift,
                "cvr_uplift" => &mut e.cvr_uplift,
                "discount" => &mut e.discount,
                _ => return None,
            }
        }
        ["channels", _, f] => {
            let c = sc.channels.get_mut(idx(1)?)?;
            match *f {
                "organic_uv" => &mut c.organic_uv,
                "cvr" => &mut c.cvr,
                "aov" => &mut c.aov,
                "take_rate" => &mut c.take_rate,
                "return_rate" => &mut c.return_rate,
                _ => return None,
            }
        }
        ["spend_lines", _, f] => {
            let l = sc.spend_lines.get_mut(idx(1)?)?;
            match *f {
                "budget" => &mut l.budget,
                "cpc" => l.cpc.as_mut()?,
                "half_saturation" => l.half_saturation.as_mut()?,
                _ => return None,
            }
        }
        ["spend_lines", _, "split", _] => sc.spend_lines.get_mut(idx(1)?)?.split.as_mut()?.get_mut(idx(3)?)?,
        ["spend_lines", _, "pacing", _] => match &mut sc.spend_lines.get_mut(idx(1)?)?.pacing {
            Pacing::Monthly(w) => w.get_mut(idx(3)?)?,
            _ => return None,
        },
        ["customers", f] => {
            let c = &mut sc.customers;
            match *f {
                "existing_base" => &mut c.existing_base,
                "base_orders_per_year" => &mut c.base_orders_per_year,
                "repeat_aov_factor" => &mut c.repeat_aov_factor,
                _ => return None,
            }
        }
        ["customers", "repeat_curve", _] => sc.customers.repeat_curve.get_mut(idx(2)?)?,
        ["costs", f] => {
            let c = &mut sc.costs;
            match *f {
                "gross_margin" => &mut c.gross_margin,
                "fulfillment_per_order" => &mut c.fulfillment_per_order,
                "fixed_costs" => &mut c.fixed_costs,
                _ => return None,
            }
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

/// Reads the number at `path` (`year` included). One path walk (`number_mut`) serves reads and writes; a
/// read walks a clone, which is cheap next to building the field that asks and happens only then.
pub fn get_number(sc: &Scenario, path: &str) -> Option<f64> {
    if path == "year" {
        return Some(f64::from(sc.year));
    }
    number_mut(&mut sc.clone(), path).map(|x| *x)
}

/// Reads a text at `path`.
pub fn get_text(sc: &Scenario, path: &str) -> Option<String> {
    text_mut(&mut sc.clone(), path).map(std::mem::take)
}

/// Sets a number at `path` and validates the whole plan: the new scenario, or the message for that field
/// (or the first problem elsewhere that the edit caused).
pub fn set_number(sc: &Scenario, path: &str, x: f64) -> Result<Scenario, String> {
    if !x.is_finite() {
        return Err("must be a finite number".into());
    }
    let mut next = sc.clone();
    if path == "year" {
        if x.fract() != 0.0 || !(i32::MIN as f64..=i32::MAX as f64).contains(&x) {
            return Err(format!("must be a whole year, got {x}"));
        }
        next.year = x as i32;
    } else {
        *number_mut(&mut next, path).ok_or_else(|| format!("{path}: no such field"))? = x;
    }
    checked(next, &validation_path(path))
}

/// Sets a text (a name, an `MM-DD` date) at `path` and validates the whole plan.
pub fn set_text(sc: &Scenario, path: &str, text: &str) -> Result<Scenario, String> {
    let mut next = sc.clone();
    *text_mut(&mut next, path).ok_or_else(|| format!("{path}: no such field"))? = text.to_string();
    checked(next, &validation_path(path))
}

/// Parses display text and sets it at `path`.
pub fn set_text_number(sc: &Scenario, path: &str, text: &str) -> Result<Scenario, String> {
    let x = parse_display(unit(path), text)?;
    set_number(sc, path, x)
}

fn checked(next: Scenario, vpath: &str) -> Result<Scenario, String> {
    let errs = validate(&next);
    if errs.is_empty() {
        return Ok(next);
    }
    let own = errs.iter().find(|e| e.path == vpath || e.path.starts_with(&format!("{vpath}[")));
    Err(match own {
        Some(e) => e.message.clone(),
        None => errs[0].to_string(),
    })
}

/// Adds a channel (a copy of the last one, renamed, with no share of any traffic line).
pub fn add_channel(sc: &Scenario, name: &str) -> Result<Scenario, String> {
    if sc.channels.len() >= MAX_CHANNELS {
        return Err(format!("at most {MAX_CHANNELS} channels"));
    }
    let mut next = sc.clone();
    let mut ch = sc.channels.last().cloned().unwrap_or(Channel {
        name: String::new(),
        organic_uv: 1_000_000.0,
        cvr: 0.02,
        aov: 200.0,
        take_rate: 0.05,
        return_rate: 0.05,
    });
    ch.name = name.chars().take(60).collect();
    next.channels.push(ch);
    for l in &mut next.spend_lines {
        if let Some(s) = l.split.as_mut() {
            s.push(0.0);
        }
    }
    checked(next, "channels")
}

/// Removes channel `i` and its weight in every split; a split left with no weight gets an even one.
pub fn remove_channel(sc: &Scenario, i: usize) -> Result<Scenario, String> {
    if sc.channels.len() <= 1 {
        return Err("a plan needs at least one channel".into());
    }
    if i >= sc.channels.len() {
        return Err(format!("no channel {i}"));
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
    checked(next, "channels")
}

/// Moves channel `i` one place up (`-1`) or down (`+1`), with its split weights.
pub fn move_channel(sc: &Scenario, i: usize, up: bool) -> Result<Scenario, String> {
    let j = if up { i.checked_sub(1) } else { Some(i + 1) };
    let Some(j) = j.filter(|&j| j < sc.channels.len() && i < sc.channels.len()) else {
        return Err("cannot move further".into());
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
    checked(next, "channels")
}

/// Adds a spend line of `kind`.
pub fn add_spend_line(sc: &Scenario, name: &str, kind: SpendKind) -> Result<Scenario, String> {
    if sc.spend_lines.len() >= MAX_SPEND_LINES {
        return Err(format!("at most {MAX_SPEND_LINES} spend lines"));
    }
    let mut next = sc.clone();
    let mut line = SpendLine {
        name: name.chars().take(60).collect(),
        budget: 10_000_000.0,
        pacing: Pacing::Seasonal,
        kind: SpendKind::Fixed,
        cpc: None,
        half_saturation: None,
        split: None,
    };
    if kind == SpendKind::Traffic {
        line.pacing = Pacing::Seasonal;
        make_traffic(&mut line, sc.channels.len());
    } else {
        line.pacing = Pacing::Even;
    }
    next.spend_lines.push(line);
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

/// Removes spend line `j`.
pub fn remove_spend_line(sc: &Scenario, j: usize) -> Result<Scenario, String> {
    if j >= sc.spend_lines.len() {
        return Err(format!("no spend line {j}"));
    }
    let mut next = sc.clone();
    next.spend_lines.remove(j);
    checked(next, "spend_lines")
}

/// Changes the kind of line `j`; a new traffic line gets a cpc, a saturation and an even split.
pub fn set_kind(sc: &Scenario, j: usize, kind: SpendKind) -> Result<Scenario, String> {
    let mut next = sc.clone();
    let channels = sc.channels.len();
    let line = next.spend_lines.get_mut(j).ok_or(format!("no spend line {j}"))?;
    if kind == SpendKind::Traffic {
        make_traffic(line, channels);
    } else {
        line.kind = SpendKind::Fixed;
    }
    checked(next, &format!("spend_lines[{j}]"))
}

/// Sets the pacing of line `j` to `even`, `seasonal` or `monthly` (twelve equal weights to start from).
pub fn set_pacing(sc: &Scenario, j: usize, pacing: &str) -> Result<Scenario, String> {
    let mut next = sc.clone();
    let line = next.spend_lines.get_mut(j).ok_or(format!("no spend line {j}"))?;
    line.pacing = match pacing {
        "even" => Pacing::Even,
        "seasonal" => Pacing::Seasonal,
        "monthly" => match &line.pacing {
            Pacing::Monthly(w) => Pacing::Monthly(w.clone()),
            _ => Pacing::Monthly(vec![1.0; 12]),
        },
        other => return Err(format!("unknown pacing \"{other}\"")),
    };
    checked(next, &format!("spend_lines[{j}].pacing"))
}

/// Adds a promotion event (a week in mid-year with a modest uplift).
pub fn add_event(sc: &Scenario, name: &str) -> Result<Scenario, String> {
    if sc.events.len() >= MAX_EVENTS {
        return Err(format!("at most {MAX_EVENTS} events"));
    }
    let mut next = sc.clone();
    next.events.push(Event {
        name: name.chars().take(60).collect(),
        start: "07-01".into(),
        end: "07-07".into(),
        traffic_uplift: 1.5,
        cvr_uplift: 1.1,
        discount: 0.05,
    });
    checked(next, "events")
}

/// Removes event `k`.
pub fn remove_event(sc: &Scenario, k: usize) -> Result<Scenario, String> {
    if k >= sc.events.len() {
        return Err(format!("no event {k}"));
    }
    let mut next = sc.clone();
    next.events.remove(k);
    checked(next, "events")
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
            (Err(e), Err(msg)) => assert!(e.contains(msg), "{path} {text}: {e:?} lacks {msg:?}"),
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
        assert_eq!(e, "events[0].end: must not be before start 03-09, got 03-08");
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
        assert_eq!(typical("spend_lines.0.split.2"), Some(0.2));
    }
}
