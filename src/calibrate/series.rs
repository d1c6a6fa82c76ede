//! Each channel's daily series as the §3 engine makes them (visitors organic and paid, first, repeat and
//! existing customers' orders, GMV): what calibration fits against and what its backcast shows.
//!
//! Invariant: built from the engine's own pieces (day factors, pacing, the response curve, the repeat
//! segments, prices), so a channel's GMV summed by month equals `Simulator::run`'s `monthly_gmv` (tested to 1e-9).

use crate::model::calendar::Calendar;
use crate::model::engine::{
    day_cvr, organic_scale, pacing_weights, repeat_rates, split_share, DayFactors, Money, SEGMENTS,
};
use crate::model::response;
use crate::model::scenario::Scenario;

/// One channel's days, as the engine simulates them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChannelDays {
    pub organic: Vec<f64>,
    pub paid: Vec<f64>,
    /// First orders.
    pub new: Vec<f64>,
    /// Repeat orders of this year's new customers.
    pub repeat: Vec<f64>,
    /// Existing customers' orders.
    pub base: Vec<f64>,
    pub gmv: Vec<f64>,
}

impl ChannelDays {
    /// Visitors of day `d`.
    pub fn uv(&self, d: usize) -> f64 {
        self.organic[d] + self.paid[d]
    }

    /// Orders of day `d`.
    pub fn orders(&self, d: usize) -> f64 {
        self.new[d] + self.repeat[d] + self.base[d]
    }
}

/// The plan's shape of one year: its calendar and day factors.
pub(crate) struct Year {
    pub cal: Calendar,
    pub f: DayFactors,
}

impl Year {
    pub(crate) fn of(sc: &Scenario) -> Year {
        let cal = Calendar::new(sc.year);
        let mut f = DayFactors::default();
        f.fill(sc, &cal);
        Year { cal, f }
    }
}

/// Paid visitors per channel and day (MODEL.md §3 steps 3 and 4): the given lines, paced on the plan's shape.
pub(crate) fn paid(sc: &Scenario, y: &Year) -> Vec<Vec<f64>> {
    let nd = y.cal.days;
    let mut out = vec![vec![0.0; nd]; sc.channels.len()];
    let mut q = vec![0.0; nd];
    for (j, line) in sc.spend_lines.iter().enumerate().filter(|(_, l)| l.is_traffic()) {
        pacing_weights(&mut q, &line.pacing, &y.cal, &y.f.su, y.f.su_sum);
        let cpc = line.cpc.unwrap_or(1.0);
        let h = line.half_saturation.unwrap_or(1.0) * 12.0 / nd as f64;
        let shares: Vec<f64> = (0..sc.channels.len()).map(|c| split_share(sc, j, c)).collect();
        for d in 0..nd {
            let v = response::visitors(cpc, h, line.budget * q[d]);
            for (c, w) in shares.iter().enumerate() {
                out[c][d] += v * w;
            }
        }
    }
    out
}

/// Existing customers' orders of channel `c` per day (MODEL.md §3 step 7).
pub(crate) fn base_orders(sc: &Scenario, y: &Year, c: usize) -> Vec<f64> {
    let nd = y.cal.days;
    let total = sc.customers.existing_base * sc.customers.base_orders_per_year;
    let weights: Vec<f64> = sc.base_weights().collect();
    let wsum: f64 = weights.iter().sum();
    let share =
        if wsum > 0.0 { weights.get(c).copied().unwrap_or(0.0) / wsum } else { 1.0 / weights.len().max(1) as f64 };
    (0..nd)
        .map(|d| {
            let shape = if y.f.su_sum > 0.0 { y.f.su[d] / y.f.su_sum } else { 1.0 / nd as f64 };
            total * shape * share
        })
        .collect()
}

/// Repeat orders per day from first orders per day (MODEL.md §3 step 6): `repeat[t] = sum_{d<t} new[d] r(t-d)`.
/// With `deconvolve`, `new` holds the day's orders less existing customers' on entry and is turned into first
/// orders in place (each day's repeats come from earlier days only).
pub(crate) fn repeats(curve: &[f64], new: &mut [f64], deconvolve: bool) -> Vec<f64> {
    let rates = repeat_rates(curve);
    let nd = new.len();
    let mut prefix = vec![0.0; nd + 1];
    let mut out = vec![0.0; nd];
    for t in 0..nd {
        let mut r = 0.0;
        for (k, &(lo, hi)) in SEGMENTS.iter().enumerate() {
            if t < lo {
                break;
            }
            r += rates[k] * (prefix[t - lo + 1] - prefix[t.saturating_sub(hi)]);
        }
        out[t] = r;
        if deconvolve {
            new[t] -= r;
        }
        prefix[t + 1] = prefix[t] + new[t];
    }
    out
}

/// Every channel's days in plan `sc`'s year.
pub fn channel_days(sc: &Scenario) -> Vec<ChannelDays> {
    let y = Year::of(sc);
    let nd = y.cal.days;
    let t_step = y.cal.t_step();
    let paid = paid(sc, &y);
    sc.channels
        .iter()
        .enumerate()
        .map(|(c, ch)| {
            let trend = ch.uv_trend() - 1.0;
            let scale = organic_scale(ch.organic_uv, trend, || {
                y.f.s.iter().enumerate().map(|(d, &s)| s * (1.0 + trend * d as f64 * t_step)).sum()
            });
            let organic: Vec<f64> = (0..nd).map(|d| scale * y.f.su[d] * (1.0 + trend * d as f64 * t_step)).collect();
            let mut new: Vec<f64> = (0..nd)
                .map(|d| {
                    (organic[d] + paid[c][d]) * day_cvr(ch.cvr, ch.cvr_end() - ch.cvr, d as f64 * t_step, y.f.v[d])
                })
                .collect();
            let repeat = repeats(&sc.customers.repeat_curve, &mut new, false);
            let base = base_orders(sc, &y, c);
            let money = Money::of(sc, ch);
            let gmv = (0..nd)
                .map(|d| (new[d] * money.list_new + (repeat[d] + base[d]) * money.list_rep) * y.f.pay[d])
                .collect();
            ChannelDays { organic, paid: paid[c].clone(), new, repeat, base, gmv }
        })
        .collect()
}
