//! The daily engine (MODEL.md §3): turns a scenario into a simulated year.
//!
//! Invariant: `Simulator::run` allocates nothing per day; its buffers are kept between runs, so a
//! Monte Carlo loop can simulate thousands of years a second. It never panics, even on an invalid
//! scenario (which gives meaningless but finite-or-not numbers; validate first).

use super::calendar::{mm_dd, parse_mm_dd, Calendar};
use super::results::*;
use super::scenario::Event;
use super::scenario::{Pacing, Scenario};
use super::validate::{validate, ScenarioError};

/// Segments of the repeat curve: first and last age in days, and the index of the curve point at its end.
pub(crate) const SEGMENTS: [(usize, usize); 4] = [(1, 45), (46, 90), (91, 180), (181, 365)];

/// Simulates a validated scenario; the convenience form of [`Simulator::run`].
pub fn simulate(sc: &Scenario) -> Result<Results, ScenarioError> {
    let errs = validate(sc);
    if !errs.is_empty() {
        return Err(ScenarioError::Invalid(errs));
    }
    let mut sim = Simulator::default();
    sim.run(sc);
    Ok(sim.into_results())
}

/// The engine with its reusable buffers.
#[derive(Default)]
pub struct Simulator {
    cal: Calendar,
    /// The day factors of step 1.
    f: DayFactors,
    /// Pacing weights of the current line.
    q: Vec<f64>,
    /// Paid visitors per traffic line and day (`lines x D`).
    line_paid: Vec<f64>,
    /// First orders of the channel per day, then prefix sums.
    new_c: Vec<f64>,
    /// Prefix sums of `new_c`.
    prefix: Vec<f64>,
    /// Sums per day, over all channels.
    day: Vec<Sums>,
    /// Traffic lines: index into `spend_lines`, and the channel weight scratch.
    traffic: Vec<usize>,
    weight: Vec<f64>,
    /// Per spend line: spend, paid uv, first orders, gmv.
    line_tot: Vec<[f64; 4]>,
    channel_sums: Vec<Sums>,
    /// Each channel's sums up to the actuals' `through` (MODEL.md §10), and each spend line's spend.
    channel_to_date: Vec<Sums>,
    line_to_date: Vec<f64>,
    results: Results,
    /// Whether runs leave out the consistency warnings and the tracking (Monte Carlo trials, the tornado, goal
    /// seek and the optimiser need only numbers and target rows).
    quiet: bool,
}

impl Simulator {
    /// The results of the last run.
    pub fn results(&self) -> &Results {
        &self.results
    }

    /// A simulator whose runs leave `warnings` empty and `tracking` out: the same numbers and target rows.
    pub fn quiet() -> Simulator {
        Simulator { quiet: true, ..Simulator::default() }
    }

    /// Each channel's simulated GMV up to the actuals' `through` in the last run (MODEL.md §10); zeros when
    /// the plan has no actuals.
    pub fn gmv_to_date(&self) -> Vec<f64> {
        self.channel_to_date.iter().map(|s| s.gmv).collect()
    }

    /// Takes the results of the last run.
    pub fn into_results(self) -> Results {
        self.results
    }

    /// Simulates one year of `sc` into the simulator's results and returns them.
    pub fn run(&mut self, sc: &Scenario) -> &Results {
        let calendar_changed = self.cal.year != sc.year || self.cal.days == 0;
        self.cal.set_year(sc.year);
        let nd = self.cal.days;
        let dn = nd as f64;
        resize(&mut self.q, nd, 0.0);

        // 1. Demand shape and event factors.
        self.f.fill(sc, &self.cal);
        let DayFactors { s: ref s_d, ref su, ref v, ref pay, su_sum, ref windows } = self.f;
        let events = &sc.events;
        // The last day with actuals: the engine notes each channel's and line's sums on it (MODEL.md §10).
        let cut = sc.actuals.as_ref().and_then(|a| parse_mm_dd(&a.through, sc.year)).unwrap_or(usize::MAX);
        self.line_to_date.clear();
        self.line_to_date.resize(sc.spend_lines.len(), 0.0);
        self.channel_to_date.clear();

        // 3. Spend and 4. paid visitors per traffic line.
        self.day.clear();
        self.day.resize(nd, Sums::default());
        self.traffic.clear();
        self.line_tot.clear();
        self.line_tot.resize(sc.spend_lines.len(), [0.0; 4]);
        let mut line_monthly = [[0.0f64; 12]; super::validate::MAX_SPEND_LINES];
        let mut fixed_marketing = 0.0;
        let n_traffic = sc.spend_lines.iter().filter(|l| l.is_traffic()).count();
        resize(&mut self.line_paid, n_traffic * nd, 0.0);
        for (j, line) in sc.spend_lines.iter().enumerate() {
            pacing_weights(&mut self.q, &line.pacing, &self.cal, su, su_sum);
            let is_traffic = line.is_traffic();
            if is_traffic {
                self.traffic.push(j);
            }
            let t = self.traffic.len().saturating_sub(1);
            let cpc = line.cpc.unwrap_or(1.0);
            let h = line.half_saturation.unwrap_or(1.0) * 12.0 / dn;
            let mut spend = 0.0;
            let mut paid_uv = 0.0;
            for d in 0..nd {
                let x = line.budget * self.q[d];
                spend += x;
                let day = &mut self.day[d];
                day.marketing += x;
                if is_traffic {
                    day.traffic_spend += x;
                    let paid = super::response::visitors(cpc, h, x);
                    self.line_paid[t * nd + d] = paid;
                    paid_uv += paid;
                }
                if let Some(mo) = line_monthly.get_mut(j) {
                    mo[self.cal.month_of_day[d] as usize] += x;
                }
                if d == cut {
                    self.line_to_date[j] = spend;
                }
            }
            if !is_traffic {
                fixed_marketing += spend;
            }
            self.line_tot[j][0] = spend;
            self.line_tot[j][1] = paid_uv;
        }

        // 7. The shape of existing-customer orders, and each channel's weight in them.
        let base_total = sc.customers.existing_base * sc.customers.base_orders_per_year;
        let weight_total: f64 = sc.base_weights().sum();
        let nc = sc.channels.len().max(1) as f64;
        // Position of a day in the year, `t_d = d / (D - 1)`.
        let t_step = self.cal.t_step();

        // Repeat curve as per-day increments on each segment.
        let rates = repeat_rates(&sc.customers.repeat_curve);

        resize(&mut self.new_c, nd, 0.0);
        resize(&mut self.prefix, nd + 1, 0.0);
        self.channel_sums.clear();
        let res = &mut self.results;
        res.channels.truncate(sc.channels.len());
        resize_with(&mut res.channels, sc.channels.len());

        for ((c, ch), b) in sc.channels.iter().enumerate().zip(sc.base_weights()) {
            split_weights(sc, &self.traffic, c, &mut self.weight);
            let share = if weight_total > 0.0 { b / weight_total } else { 1.0 / nc };
            // 2. The visitor trend, normalised so the year keeps `organic_uv` (skipped when flat, as in schema 1).
            let trend = ch.uv_trend() - 1.0;
            let organic_scale = organic_scale(ch.organic_uv, trend, || {
                s_d.iter().enumerate().map(|(d, &s)| s * (1.0 + trend * d as f64 * t_step)).sum()
            });
            let (cvr0, cvr_slope) = (ch.cvr, ch.cvr_end() - ch.cvr);
            let money = Money::of(sc, ch);
            let list_new = money.list_new;
            let mut cs = Sums::default();
            let mut monthly = [0.0f64; 12];
            let mut list_total = 0.0;
            let mut to_date = Sums::default();

            // 2., 4., 5. Visitors and first orders.
            for d in 0..nd {
                let mut paid = 0.0;
                let t = d as f64 * t_step;
                let cvr = day_cvr(cvr0, cvr_slope, t, v[d]);
                for (t, &w) in self.weight.iter().enumerate() {
                    if w > 0.0 {
                        let p = self.line_paid[t * nd + d] * w;
                        paid += p;
                        let j = self.traffic[t];
                        let tot = &mut self.line_tot[j];
                        tot[2] += p * cvr;
                        tot[3] += p * cvr * list_new * pay[d];
                    }
                }
                let organic = organic_scale * su[d] * (1.0 + trend * t);
                let new = (organic + paid) * cvr;
                self.new_c[d] = new;
                let day = &mut self.day[d];
                day.organic_uv += organic;
                day.paid_uv += paid;
                day.paid_new_orders += paid * cvr;
                day.paid_gmv += paid * cvr * list_new * pay[d];
                cs.organic_uv += organic;
                cs.paid_uv += paid;
                cs.paid_new_orders += paid * cvr;
                cs.paid_gmv += paid * cvr * list_new * pay[d];
                if d == cut {
                    to_date = cs;
                }
            }

            // 6. Repeat orders by prefix sums: O(D) per channel.
            self.prefix[0] = 0.0;
            for d in 0..nd {
                self.prefix[d + 1] = self.prefix[d] + self.new_c[d];
            }

            // 7., 8. Orders and money per day.
            for t in 0..nd {
                let mut repeat = 0.0;
                for (k, &(lo, hi)) in SEGMENTS.iter().enumerate() {
                    if t < lo {
                        break;
                    }
                    let first = t.saturating_sub(hi);
                    let last = t - lo; // inclusive
                    repeat += rates[k] * (self.prefix[last + 1] - self.prefix[first]);
                }
                let shape = if su_sum > 0.0 { su[t] / su_sum } else { 1.0 / dn };
                let base = base_total * shape * share;
                let new = self.new_c[t];
                let gmv = money.book([new, repeat, base], pay[t], &mut self.day[t], &mut cs, &mut list_total);
                monthly[self.cal.month_of_day[t] as usize] += gmv;
                if t == cut {
                    // Visitors to date were noted in the first pass; orders and GMV to date are these.
                    to_date = Sums { organic_uv: to_date.organic_uv, paid_uv: to_date.paid_uv, ..cs };
                }
            }
            self.channel_to_date.push(to_date);
            money.close(&mut cs, list_total);
            self.channel_sums.push(cs);
            let out = &mut res.channels[c];
            out.name.clone_from(&ch.name);
            out.monthly_gmv = monthly;
        }

        // Fixed costs are spread evenly over the days.
        let fixed_day = sc.costs.fixed_costs / dn;
        for day in self.day.iter_mut() {
            day.fixed = fixed_day;
        }

        // Aggregate days into weeks, months, quarters and the year.
        let ctx = KpiContext::of(sc);
        let mut months = [Sums::default(); 12];
        res.daily_gmv.clear();
        let nw = self.cal.weeks.len();
        resize_with(&mut res.weeks, nw);
        res.weeks.truncate(nw);
        let mut week_sums = Sums::default();
        for d in 0..nd {
            let day = &self.day[d];
            months[self.cal.month_of_day[d] as usize].add(day);
            res.daily_gmv.push(day.gmv);
            week_sums.add(day);
            let w = self.cal.week_of_day[d] as usize;
            if d + 1 == nd || self.cal.week_of_day[d + 1] as usize != w {
                let (num, start) = self.cal.weeks[w];
                let out = &mut res.weeks[w];
                out.week = num;
                if out.start.len() != 5 || calendar_changed {
                    out.start = mm_dd(sc.year, start);
                }
                out.days = (d + 1 - start) as u32;
                out.kpis = Kpis::from_sums(&week_sums, &ctx);
                week_sums = Sums::default();
            }
        }
        let year = periods::<false>(&months, &self.cal.month_len, sc, &ctx, res);
        let traffic_lines = Traffic { lines: &self.traffic, totals: &self.line_tot, fixed_marketing };
        channel_kpis::<false>(sc, &traffic_lines, &mut self.channel_sums, &year, &ctx, res);
        spend_line_results(sc, &self.line_tot, &line_monthly, res);

        // Events: what happened on their days.
        res.events.clear();
        for (k, e) in events.iter().enumerate() {
            let (a, b) = windows.get(k).copied().unwrap_or((1, 0));
            let mut s = Sums::default();
            let mut days = 0;
            for d in a..=b {
                if let Some(day) = self.day.get(d) {
                    s.add(day);
                    days += 1;
                }
            }
            res.events.push(EventResult {
                name: e.name.clone(),
                gmv: s.gmv,
                orders: s.orders(),
                uv: s.organic_uv + s.paid_uv,
                days,
            });
        }

        super::targets::evaluate(sc, &mut self.results, !self.quiet);
        // Tracking is for people: quiet runs (Monte Carlo trials, the tornado, goal seek, the optimiser) skip it.
        self.results.tracking = match &sc.actuals {
            Some(a) if cut < nd && !self.quiet => {
                let td = super::tracking::ToDate { cut, channels: &self.channel_to_date, spend: &self.line_to_date };
                Some(super::tracking::compute(sc, a, &self.results, &td))
            }
            _ => None,
        };
        &self.results
    }
}

/// The demand shape `s_d` of a day in a month of weight `w` and `month_len` days, the weights summing to `wsum`
/// (MODEL.md §3 step 1; every month alike when the weights sum to 0).
#[inline]
pub(crate) fn day_shape(w: f64, wsum: f64, month_len: u32) -> f64 {
    (if wsum > 0.0 { w / wsum } else { 1.0 / 12.0 }) / month_len as f64
}

/// The conversion of a day at position `t` with conversion uplift `uplift`, for a channel converting `cvr0` at
/// the start of the year and `cvr0 + slope` at its end (MODEL.md §3 step 5).
#[inline]
pub(crate) fn day_cvr(cvr0: f64, slope: f64, t: f64, uplift: f64) -> f64 {
    ((cvr0 + slope * t) * uplift).min(1.0)
}

/// A year's factors per day (MODEL.md §3 step 1): demand shape, event uplifts and price factor. The engine
/// and the budget optimiser read the same numbers.
#[derive(Default)]
pub(crate) struct DayFactors {
    /// Demand shape `s_d`.
    pub s: Vec<f64>,
    /// `s_d * U_d`.
    pub su: Vec<f64>,
    /// Conversion uplift `V_d`.
    pub v: Vec<f64>,
    /// Price factor `1 - P_d`.
    pub pay: Vec<f64>,
    /// The sum of `su`.
    pub su_sum: f64,
    /// Each event's first and last day (`(1, 0)`, empty, for an event whose dates do not parse).
    pub windows: Vec<(usize, usize)>,
}

impl DayFactors {
    /// Fills the factors of plan `sc` in calendar `cal` (already set to the plan's year).
    pub(crate) fn fill(&mut self, sc: &Scenario, cal: &Calendar) {
        let nd = cal.days;
        resize(&mut self.s, nd, 0.0);
        resize(&mut self.su, nd, 1.0);
        resize(&mut self.v, nd, 1.0);
        resize(&mut self.pay, nd, 1.0);
        let wsum: f64 = sc.seasonality.iter().take(12).sum();
        for d in 0..nd {
            let m = cal.month_of_day[d] as usize;
            self.s[d] = day_shape(sc.seasonality.get(m).copied().unwrap_or(0.0), wsum, cal.month_len[m]);
        }
        self.windows.clear();
        for e in sc.events.iter().take(super::validate::MAX_EVENTS) {
            let Some((a, b)) = event_window(e, sc.year, nd) else {
                self.windows.push((1, 0));
                continue;
            };
            self.windows.push((a, b));
            for d in a..=b {
                self.su[d] *= e.traffic_uplift;
                self.v[d] *= e.cvr_uplift;
                self.pay[d] *= 1.0 - e.discount;
            }
        }
        self.su_sum = 0.0;
        for d in 0..nd {
            self.su[d] *= self.s[d];
            self.su_sum += self.su[d];
        }
    }
}

/// The first and last day (zero-based) an event covers in a year of `days` days, its end clipped to the year;
/// `None` when a date does not parse (validation refuses such a plan).
pub(crate) fn event_window(e: &Event, year: i32, days: usize) -> Option<(usize, usize)> {
    let (a, b) = (parse_mm_dd(&e.start, year)?, parse_mm_dd(&e.end, year)?);
    Some((a, b.min(days.saturating_sub(1))))
}

/// The share of spend line `j`'s paid visitors (and traffic spend) that goes to channel `c`: its `split`,
/// normalised; 0 without one.
pub(crate) fn split_share(sc: &Scenario, j: usize, c: usize) -> f64 {
    let split = sc.spend_lines[j].split.as_deref().unwrap_or(&[]);
    let total: f64 = split.iter().sum();
    if total > 0.0 {
        split.get(c).copied().unwrap_or(0.0) / total
    } else {
        0.0
    }
}

/// The share of each traffic line (in `traffic` order) that goes to channel `c`.
pub(crate) fn split_weights(sc: &Scenario, traffic: &[usize], c: usize, out: &mut Vec<f64>) {
    out.clear();
    out.extend(traffic.iter().map(|&j| split_share(sc, j, c)));
}

/// A channel's organic visitors per unit of `s_d * U_d * (1 + trend * t_d)`: its `organic_uv` when the trend
/// is flat, else `organic_uv` over `norm() = sum_d s_d (1 + trend * t_d)`, so the year keeps `organic_uv`.
pub(crate) fn organic_scale(organic_uv: f64, trend: f64, norm: impl FnOnce() -> f64) -> f64 {
    if trend == 0.0 {
        return organic_uv;
    }
    let norm = norm();
    if norm > 0.0 {
        organic_uv / norm
    } else {
        0.0
    }
}

/// A channel's prices and cost factors (MODEL.md §3 step 8): list prices of first and repeat orders, the
/// share kept after returns, and the costs per unit of kept list value, of net GMV and per order.
#[derive(Clone, Copy)]
pub(crate) struct Money {
    pub list_new: f64,
    pub list_rep: f64,
    pub keep: f64,
    cogs_f: f64,
    take_rate: f64,
    fpo: f64,
}

impl Money {
    /// The money of channel `ch` in plan `sc`.
    pub(crate) fn of(sc: &Scenario, ch: &super::scenario::Channel) -> Money {
        let keep = 1.0 - ch.return_rate;
        Money {
            list_new: ch.aov,
            list_rep: ch.aov * sc.customers.repeat_aov_factor,
            keep,
            cogs_f: keep * (1.0 - sc.costs.gross_margin),
            take_rate: ch.take_rate,
            fpo: sc.costs.fulfillment_per_order,
        }
    }

    /// The contribution of one order at list price `list` on a day of price factor `p` is `a * p - b`: net
    /// GMV less commission (`a`), cost of goods and fulfilment (`b`). Returns `(a, b)`.
    pub(crate) fn contribution_terms(&self, list: f64) -> (f64, f64) {
        (list * self.keep * (1.0 - self.take_rate), list * self.cogs_f + self.fpo)
    }

    /// Books first, repeat and existing customers' orders at price factor `pay` (1 - discount) into a period's
    /// sums and the channel's orders and GMV by kind; adds their list value to `list_total` and returns their GMV.
    #[inline]
    pub(crate) fn book(
        &self,
        [new, repeat, base]: [f64; 3],
        pay: f64,
        period: &mut Sums,
        channel: &mut Sums,
        list_total: &mut f64,
    ) -> f64 {
        let new_gmv = new * self.list_new * pay;
        let repeat_gmv = repeat * self.list_rep * pay;
        let base_gmv = base * self.list_rep * pay;
        let gmv = new_gmv + repeat_gmv + base_gmv;
        let net = gmv * self.keep;
        let list_value = new * self.list_new + (repeat + base) * self.list_rep;
        let part = Sums {
            gmv,
            net_gmv: net,
            new_orders: new,
            repeat_orders: repeat,
            base_orders: base,
            new_gmv,
            repeat_gmv,
            base_gmv,
            cogs: list_value * self.cogs_f,
            commission: net * self.take_rate,
            fulfillment: (new + repeat + base) * self.fpo,
            ..Sums::default()
        };
        period.add(&part);
        // The channel's money fields are derived once by `close`; these are its orders and GMV by kind.
        channel.add(&part);
        *list_total += list_value;
        gmv
    }

    /// The channel's money from its orders and GMV by kind: it is linear in them, so it is derived once for
    /// the year, not summed per day.
    pub(crate) fn close(&self, cs: &mut Sums, list_total: f64) {
        cs.gmv = cs.new_gmv + cs.repeat_gmv + cs.base_gmv;
        cs.net_gmv = cs.gmv * self.keep;
        cs.cogs = list_total * self.cogs_f;
        cs.commission = cs.net_gmv * self.take_rate;
        cs.fulfillment = cs.orders() * self.fpo;
    }
}

/// The repeat curve as repeat orders per day of age on each of `SEGMENTS` (MODEL.md §3 step 6: `r(a)`).
pub(crate) fn repeat_rates(curve: &[f64]) -> [f64; 4] {
    let r = |k: usize| curve.get(k).copied().unwrap_or(0.0);
    [r(0) / 45.0, (r(1) - r(0)) / 45.0, (r(2) - r(1)) / 90.0, (r(3) - r(2)) / 185.0]
}

/// How much of the months', quarters' and channels' KPIs a simulation writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// Every KPI.
    #[default]
    All,
    /// Their GMV alone, into the rows already there (the year's KPIs are always whole): what a Monte Carlo trial
    /// reads (its columns, its target rows, its forecast). Writing a KPI row is most of what deriving it costs.
    Gmv,
}

/// Months into quarters and the year (MODEL.md §4), with each month's GMV target: its quarter's target times
/// the month's share of the quarter's simulated GMV (by days when the quarter sells nothing). Returns the year.
/// `GMV`: the months' and quarters' KPIs are their GMV alone, written into the rows already there (`Detail::Gmv`).
pub(crate) fn periods<const GMV: bool>(
    months: &[Sums; 12],
    month_len: &[u32; 12],
    sc: &Scenario,
    ctx: &KpiContext,
    res: &mut Results,
) -> Sums {
    let mut quarters = [Sums::default(); 4];
    if GMV {
        res.months.resize_with(12, MonthResult::default);
        for (m, (ms, row)) in months.iter().zip(res.months.iter_mut()).enumerate() {
            quarters[m / 3].add(ms);
            row.month = m as u32 + 1;
            row.kpis.gmv = ms.gmv;
        }
    } else {
        res.months.clear();
        for (m, ms) in months.iter().enumerate() {
            quarters[m / 3].add(ms);
            res.months.push(MonthResult { month: m as u32 + 1, gmv_target: 0.0, kpis: Kpis::from_sums(ms, ctx) });
        }
    }
    let qtargets = super::targets::quarter_targets(&sc.targets);
    for (m, month) in res.months.iter_mut().enumerate() {
        let q = &quarters[m / 3];
        let share = if q.gmv > 0.0 {
            months[m].gmv / q.gmv
        } else {
            let qdays: u32 = month_len[m / 3 * 3..m / 3 * 3 + 3].iter().sum();
            f64::from(month_len[m]) / f64::from(qdays)
        };
        month.gmv_target = qtargets[m / 3] * share;
    }
    let mut year = Sums::default();
    if GMV {
        res.quarters.resize_with(4, QuarterResult::default);
        for (q, (qs, row)) in quarters.iter().zip(res.quarters.iter_mut()).enumerate() {
            year.add(qs);
            row.quarter = q as u32 + 1;
            row.kpis.gmv = qs.gmv;
        }
    } else {
        res.quarters.clear();
        for (q, qs) in quarters.iter().enumerate() {
            year.add(qs);
            res.quarters.push(QuarterResult { quarter: q as u32 + 1, kpis: Kpis::from_sums(qs, ctx) });
        }
    }
    res.year = Kpis::from_sums(&year, ctx);
    year
}

/// The spend of the year's lines as the channels see it.
pub(crate) struct Traffic<'a> {
    /// Indices of the traffic lines in `spend_lines`.
    pub lines: &'a [usize],
    /// Per spend line: spend, paid visitors, first orders, GMV.
    pub totals: &'a [[f64; 4]],
    /// The spend of the fixed (non-traffic) lines.
    pub fixed_marketing: f64,
}

/// Each channel's KPIs from its sums: its traffic spend by split, and a GMV-weighted share of the fixed lines
/// and fixed costs. `GMV`: its GMV alone, into the KPIs already there (`Detail::Gmv`).
pub(crate) fn channel_kpis<const GMV: bool>(
    sc: &Scenario,
    spend: &Traffic,
    channel_sums: &mut [Sums],
    year: &Sums,
    ctx: &KpiContext,
    res: &mut Results,
) {
    let nc = sc.channels.len().max(1) as f64;
    for (c, cs) in channel_sums.iter_mut().enumerate() {
        let traffic: f64 = spend.lines.iter().map(|&j| spend.totals[j][0] * split_share(sc, j, c)).sum();
        let share = if year.gmv > 0.0 { cs.gmv / year.gmv } else { 1.0 / nc };
        cs.traffic_spend = traffic;
        cs.marketing = traffic + spend.fixed_marketing * share;
        cs.fixed = year.fixed * share;
        if GMV {
            res.channels[c].kpis.gmv = cs.gmv;
        } else {
            res.channels[c].kpis = Kpis::from_sums(cs, ctx);
        }
    }
}

/// The spend lines' results from their totals (spend, paid visitors, first orders, GMV) and monthly spend;
/// reuses the rows already there.
pub(crate) fn spend_line_results(sc: &Scenario, totals: &[[f64; 4]], monthly: &[[f64; 12]], res: &mut Results) {
    res.spend_lines.truncate(sc.spend_lines.len());
    resize_with(&mut res.spend_lines, sc.spend_lines.len());
    for (j, (line, out)) in sc.spend_lines.iter().zip(res.spend_lines.iter_mut()).enumerate() {
        let [spend, paid_uv, new_orders, gmv] = totals[j];
        let traffic = line.is_traffic();
        out.name.clone_from(&line.name);
        out.kind.clear();
        out.kind.push_str(if traffic { "traffic" } else { "fixed" });
        out.spend = spend;
        out.paid_uv = paid_uv;
        out.new_orders = new_orders;
        out.gmv = gmv;
        out.roi = if traffic { ratio(gmv, spend) } else { None };
        out.cost_per_visitor = if traffic { ratio(spend, paid_uv) } else { None };
        out.monthly_spend = monthly.get(j).copied().unwrap_or([0.0; 12]);
    }
}

/// A line's pacing rule (MODEL.md §3 step 3), ready to weigh one day: the engine weighs every day with it and
/// the grouped year every run of days, so both spend the same yuan on the same day.
pub(crate) enum Pace<'a> {
    /// Every day `1 / D`.
    Even(f64),
    /// `s_d * U_d / sum_t s_t U_t`: the divisor.
    Seasonal(f64),
    /// `a_m / n_m`, normalised: the monthly weights and their sum.
    Monthly(&'a [f64], f64),
}

impl<'a> Pace<'a> {
    /// The rule of `pacing` in a year of `days` days whose `s_d * U_d` sum to `su_sum`.
    pub(crate) fn new(pacing: &'a Pacing, su_sum: f64, days: usize) -> Pace<'a> {
        match pacing {
            Pacing::Seasonal if su_sum > 0.0 => Pace::Seasonal(su_sum),
            Pacing::Monthly(a) => {
                let total: f64 = a.iter().take(12).sum();
                if total > 0.0 {
                    Pace::Monthly(a, total)
                } else {
                    Pace::Even(days as f64)
                }
            }
            _ => Pace::Even(days as f64),
        }
    }

    /// The weight of a day of month `m` (0-based, `month_len` days) whose `s_d * U_d` is `su`.
    #[inline]
    pub(crate) fn weight(&self, m: usize, month_len: u32, su: f64) -> f64 {
        match *self {
            Pace::Even(days) => 1.0 / days,
            Pace::Seasonal(su_sum) => su / su_sum,
            Pace::Monthly(a, total) => a.get(m).copied().unwrap_or(0.0) / total / month_len as f64,
        }
    }
}

/// Fills `q` with a line's pacing weights (summing to 1 over the year).
pub(crate) fn pacing_weights(q: &mut [f64], pacing: &Pacing, cal: &Calendar, su: &[f64], su_sum: f64) {
    let pace = Pace::new(pacing, su_sum, q.len());
    for (d, (qd, &x)) in q.iter_mut().zip(su).enumerate() {
        let m = cal.month_of_day[d] as usize;
        *qd = pace.weight(m, cal.month_len[m], x);
    }
}

fn resize(v: &mut Vec<f64>, n: usize, fill: f64) {
    v.clear();
    v.resize(n, fill);
}

fn resize_with<T: Default>(v: &mut Vec<T>, n: usize) {
    if v.len() < n {
        v.resize_with(n, T::default);
    }
}
