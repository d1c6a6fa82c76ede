//! The one `Kpi` type: every year KPI of MODEL.md §4 with its key, direction and unit, declared once and
//! read by the target rows, the KPI targets of `targets.kpis`, the results view, exports and the CLI.
//!
//! Invariant: `KPIS` holds each key once; `TARGET_KPIS` lists the keys `targets.kpis` accepts, in the order
//! their target rows appear (MODEL.md §2).

use super::inputs::{Domain, Unit, MAX_COUNT, MAX_MONEY};

/// Whether more of a KPI is better or worse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// More is better (GMV, margins, ROI).
    Higher,
    /// Less is better (return rate, CPA).
    Lower,
}

/// A KPI of the year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Kpi {
    /// Its key in the results (`gmv`).
    pub key: &'static str,
    /// Whether more is better.
    pub direction: Direction,
    /// How it reads (`Plain` for ratios such as ROI).
    pub unit: Unit,
}

const fn kpi(key: &'static str, direction: Direction, unit: Unit) -> Kpi {
    Kpi { key, direction, unit }
}

use Direction::{Higher, Lower};
use Unit::{Count, Money, Percent, Plain};

/// The year KPIs of MODEL.md §4 (plus `return_rate`), in the order of the KPI cards.
pub const KPIS: &[Kpi] = &[
    kpi("gmv", Higher, Money),
    kpi("yoy_growth", Higher, Percent),
    kpi("net_gmv", Higher, Money),
    kpi("orders", Higher, Count),
    kpi("new_customers", Higher, Count),
    kpi("cvr", Higher, Percent),
    kpi("aov", Higher, Money),
    kpi("repeat_share", Higher, Percent),
    kpi("return_rate", Lower, Percent),
    kpi("marketing", Lower, Money),
    kpi("marketing_ratio", Lower, Percent),
    kpi("roi", Higher, Plain),
    kpi("paid_roi", Higher, Plain),
    kpi("cpa", Lower, Money),
    kpi("net_profit", Higher, Money),
    kpi("net_margin", Higher, Percent),
    kpi("break_even_roi", Lower, Plain),
    kpi("ltv_365", Higher, Money),
    kpi("uv", Higher, Count),
    kpi("organic_uv", Higher, Count),
    kpi("paid_uv", Higher, Count),
    kpi("new_orders", Higher, Count),
    kpi("repeat_orders", Higher, Count),
    kpi("base_orders", Higher, Count),
    kpi("returns", Lower, Money),
    kpi("paid_gmv", Higher, Money),
    kpi("cogs", Lower, Money),
    kpi("commission", Lower, Money),
    kpi("fulfillment", Lower, Money),
    kpi("fixed", Lower, Money),
    kpi("gross_profit", Higher, Money),
    kpi("contribution", Higher, Money),
];

/// How many of `KPIS`, from the first, the KPI cards and the CLI's summary show.
pub const CARDS: usize = 18;

/// The KPIs a plan may set year targets on (`targets.kpis`), in the order of their target rows.
pub const TARGET_KPIS: [&str; 9] =
    ["cpa", "marketing_ratio", "cvr", "aov", "roi", "orders", "new_customers", "net_profit", "ltv_365"];

/// The unit a target row reads in: its KPI's; money for the GMV rows (quarters, channels, events).
pub fn row_unit(key: &str) -> Unit {
    find(key).map_or(Unit::Money, |k| k.unit)
}

/// The KPI with this key.
pub fn find(key: &str) -> Option<&'static Kpi> {
    KPIS.iter().find(|k| k.key == key)
}

/// The valid values of a KPI target: finite and `> 0`, except `net_profit` (any finite number).
pub fn target_domain(key: &str) -> Domain {
    match find(key).map(|k| k.unit) {
        _ if key == "net_profit" => Domain::Finite(MAX_MONEY),
        Some(Unit::Count) => Domain::Pos(MAX_COUNT),
        Some(Unit::Percent) => Domain::Pos(1e6),
        Some(Unit::Plain) => Domain::Pos(1e6),
        _ => Domain::Pos(MAX_MONEY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_targets_are_kpis() {
        for (i, k) in KPIS.iter().enumerate() {
            assert!(!KPIS[..i].iter().any(|o| o.key == k.key), "{}", k.key);
        }
        for key in TARGET_KPIS {
            assert!(find(key).is_some(), "{key}");
        }
        assert_eq!(find("cpa").map(|k| k.direction), Some(Direction::Lower));
        assert!(target_domain("net_profit").contains(-5.0));
        assert!(!target_domain("cpa").contains(0.0));
    }
}
