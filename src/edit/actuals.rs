//! Edits of a plan's actuals (MODEL.md §10): one figure of the monthly grid, the last day, the forecast
//! method, spend actuals per line, and clearing them.
//!
//! Invariant: as every edit, each returns a new valid plan or the error of the field; months stay aligned with
//! `through` (moving it to another month shortens every list, or lengthens it with months of 0 to correct).

use super::{checked, Edit};
use crate::model::calendar::{month_day, parse_mm_dd};
use crate::model::scenario::{Forecast, LineActuals, MonthActual, Scenario, SpendActual};
use crate::model::validate::{FieldError, Problem};

/// A figure of the grid: `gmv`, `uv`, `orders`, `refunds` of a channel's month, or a line's `spend`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Channel, month (0-based), field key.
    Channel(usize, usize, &'static str),
    /// Spend line, month (0-based).
    Spend(usize, usize),
}

impl Cell {
    /// The validation path (`actuals.channels[0].months[1].gmv`), also the grid's test id after `actuals-`.
    pub fn path(self) -> String {
        match self {
            Cell::Channel(c, m, f) => format!("actuals.channels[{c}].months[{m}].{f}"),
            Cell::Spend(j, m) => format!("actuals.spend_lines[{j}].months[{m}].spend"),
        }
    }

    /// The figure in plan `sc`; `None` when unknown or absent.
    pub fn get(self, sc: &Scenario) -> Option<f64> {
        let a = sc.actuals.as_ref()?;
        match self {
            Cell::Channel(c, m, f) => {
                let x = a.channels.get(c)?.months.get(m)?;
                match f {
                    "gmv" => Some(x.gmv),
                    "uv" => x.uv,
                    "orders" => x.orders,
                    "refunds" => x.refunds,
                    _ => None,
                }
            }
            Cell::Spend(j, m) => Some(a.spend_lines.as_ref()?.get(j)?.months.get(m)?.spend),
        }
    }

    /// Sets the figure (`None` = unknown; GMV and spend take 0 instead), validated.
    pub fn set(self, sc: &Scenario, x: Option<f64>) -> Edit {
        let path = self.path();
        let missing = || FieldError::new(path.clone(), Problem::NoSuchField);
        let mut next = sc.clone();
        let a = next.actuals.as_mut().ok_or_else(missing)?;
        match self {
            Cell::Channel(c, m, f) => {
                let month = a.channels.get_mut(c).and_then(|ch| ch.months.get_mut(m)).ok_or_else(missing)?;
                match f {
                    "gmv" => month.gmv = x.unwrap_or(0.0),
                    "uv" => month.uv = x,
                    "orders" => month.orders = x,
                    "refunds" => month.refunds = x,
                    _ => return Err(missing()),
                }
            }
            Cell::Spend(j, m) => {
                let lines = a.spend_lines.as_mut().ok_or_else(missing)?;
                lines.get_mut(j).and_then(|l| l.months.get_mut(m)).ok_or_else(missing)?.spend = x.unwrap_or(0.0);
            }
        }
        if let Some(x) = x.filter(|x| !x.is_finite()) {
            return Err(FieldError::new(path, Problem::NotFinite(x)));
        }
        checked(next, &path)
    }
}

/// The number of months of actuals (the month of `through`), when it is a date of the plan's year.
pub fn months(sc: &Scenario) -> Option<usize> {
    let a = sc.actuals.as_ref()?;
    parse_mm_dd(&a.through, sc.year).map(|d| month_day(sc.year, d).0 as usize)
}

/// Moves `through` to `text` (`MM-DD`): every list of months is cut to, or filled with zeros up to, its month.
pub fn set_through(sc: &Scenario, text: &str) -> Edit {
    let text = text.trim();
    let path = "actuals.through";
    let day = parse_mm_dd(text, sc.year)
        .ok_or_else(|| FieldError::new(path, Problem::BadDate(sc.year, text.chars().take(20).collect())))?;
    let n = month_day(sc.year, day).0 as usize;
    let mut next = sc.clone();
    let a = next.actuals.as_mut().ok_or_else(|| FieldError::new(path, Problem::NoSuchField))?;
    a.through = text.to_string();
    for c in a.channels.iter_mut().filter(|c| !c.months.is_empty()) {
        c.months.resize(n, MonthActual::default());
    }
    for l in a.spend_lines.iter_mut().flatten().filter(|l| !l.months.is_empty()) {
        l.months.resize(n, SpendActual::default());
    }
    checked(next, path)
}

/// Sets the forecast method.
pub fn set_forecast(sc: &Scenario, method: Forecast) -> Edit {
    let mut next = sc.clone();
    if let Some(a) = next.actuals.as_mut() {
        a.forecast = method;
    }
    checked(next, "actuals.forecast")
}

/// Gives every spend line a month of 0 for each month of actuals, to be filled in the grid.
pub fn add_spend(sc: &Scenario) -> Edit {
    let n = months(sc).ok_or_else(|| FieldError::new("actuals", Problem::NoSuchField))?;
    let mut next = sc.clone();
    if let Some(a) = next.actuals.as_mut() {
        a.spend_lines = Some(vec![LineActuals { months: vec![SpendActual::default(); n] }; sc.spend_lines.len()]);
    }
    checked(next, "actuals.spend_lines")
}

/// Removes the spend actuals.
pub fn clear_spend(sc: &Scenario) -> Edit {
    let mut next = sc.clone();
    if let Some(a) = next.actuals.as_mut() {
        a.spend_lines = None;
    }
    checked(next, "actuals.spend_lines")
}

/// Removes one channel's actuals; the last channel's takes every actual with it.
pub fn clear_channel(sc: &Scenario, c: usize) -> Edit {
    let mut next = sc.clone();
    if let Some(a) = next.actuals.as_mut() {
        if let Some(ch) = a.channels.get_mut(c) {
            ch.months.clear();
        }
        let spend = a.spend_lines.iter().flatten().any(|l| !l.months.is_empty());
        if a.channels.iter().all(|c| c.months.is_empty()) && !spend {
            next.actuals = None;
        }
    }
    checked(next, "actuals")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_actuals() -> Scenario {
        let mut sc = Scenario::default();
        let report = crate::import::read(b"month,gmv\n2026-01,100\n2026-02,50\n", "p", 2026, None).unwrap();
        sc = crate::import::apply(&sc, 1, &report).unwrap();
        sc
    }

    #[test]
    fn a_cell_reads_and_writes_its_figure() {
        let sc = with_actuals();
        let cell = Cell::Channel(1, 1, "gmv");
        assert_eq!(cell.get(&sc), Some(50.0));
        let next = cell.set(&sc, Some(75.0)).unwrap();
        assert_eq!(cell.get(&next), Some(75.0));
        let uv = Cell::Channel(1, 0, "uv");
        assert_eq!(uv.get(&sc), None);
        assert_eq!(uv.get(&uv.set(&sc, Some(9.0)).unwrap()), Some(9.0));
        let e = cell.set(&sc, Some(-1.0)).unwrap_err();
        assert_eq!(e.path, "actuals.channels[1].months[1].gmv");
        assert!(Cell::Channel(0, 0, "gmv").set(&sc, Some(1.0)).is_err(), "channel 0 has no months");
    }

    #[test]
    fn through_moves_every_list() {
        let sc = with_actuals();
        let next = set_through(&sc, "03-10").unwrap();
        let a = next.actuals.as_ref().unwrap();
        assert_eq!(a.channels[1].months.len(), 3);
        assert_eq!(a.channels[0].months.len(), 0);
        assert_eq!(set_through(&next, "01-31").unwrap().actuals.unwrap().channels[1].months.len(), 1);
        assert!(set_through(&sc, "02-30").is_err());
        let spend = add_spend(&sc).unwrap();
        assert_eq!(spend.actuals.as_ref().unwrap().spend_lines.as_ref().unwrap()[5].months.len(), 2);
        assert_eq!(Cell::Spend(2, 1).get(&Cell::Spend(2, 1).set(&spend, Some(3e6)).unwrap()), Some(3e6));
        assert!(clear_spend(&spend).unwrap().actuals.unwrap().spend_lines.is_none());
    }

    #[test]
    fn forecast_and_clearing() {
        let sc = with_actuals();
        let plan = set_forecast(&sc, Forecast::Plan).unwrap();
        assert_eq!(plan.actuals.as_ref().unwrap().forecast, Forecast::Plan);
        assert!(clear_channel(&sc, 1).unwrap().actuals.is_none());
    }
}
