//! The grouped year: the engine of MODEL.md §3 for many runs of one plan whose shape stays put (Monte Carlo
//! trials). The days are cut into *runs* — stretches of one month and one set of active events — on which
//! spend, prices, uplifts and the demand shape are constant and visitors and conversion are linear in the
//! day's position `t_d`; first orders are then a quadratic in `t_d`, summed with the run's moments
//! `sum 1, sum t, sum t²`, and the repeat convolution between runs is a kernel computed once. One year costs
//! O(channels × runs²) (about 20 runs for a plan with four peaks) instead of O(channels × days).
//!
//! Invariant: on a scenario of the same shape as the one it was built for (same year, event dates, channels,
//! spend lines and repeat curve up to a factor), `run` gives the engine's year, months, quarters, channels,
//! spend lines and event sums to relative 1e-9 — or `None` when the shape differs or a conversion reaches
//! 100% inside a run (the clamp is not a polynomial), and the caller runs the engine. Weeks and daily GMV
//! are not computed (left empty). With `Detail::Gmv` the months', quarters' and channels' KPIs are their GMV alone
//! (the same numbers, to the bit; every other KPI of theirs 0).

use super::calendar::Calendar;
pub use super::engine::Detail;
use super::engine::{
    channel_kpis, day_shape, event_window, organic_scale, periods, repeat_rates, spend_line_results, split_weights,
    Money, Pace, Traffic, SEGMENTS,
};
use super::results::{EventResult, KpiContext, Kpis, Results, Sums};
use super::validate::MAX_EVENTS;
use super::{Scenario, Simulator};

/// A run of days: one month, one set of active events.
#[derive(Clone, Copy, Debug)]
struct Run {
    /// Month index (0..12).
    month: usize,
    /// Bit `k` set when event `k` is active.
    events: u64,
    /// Number of days, and the sums of `t_d` and `t_d²` over them.
    n: f64,
    t1: f64,
    t2: f64,
    /// `t_d` of the first and the last day.
    t_first: f64,
    t_last: f64,
    /// Whether its days are on or before the actuals' `through` (runs are also cut after that day).
    to_date: bool,
}

/// The engine's fast path for many variants of one plan. Build it with [`Grouped::new`], then [`Grouped::run`].
pub struct Grouped {
    year: i32,
    days: usize,
    month_len: [u32; 12],
    /// The event dates the runs were cut by.
    windows: Vec<(String, String)>,
    channels: usize,
    lines: Vec<bool>,
    /// The repeat curve the kernel was built with.
    curve: Vec<f64>,
    runs: Vec<Run>,
    /// `kernel[h * G + g][k] = sum_{d in g} t_d^k sum_{t in h} r(t - d)`: the repeat orders on run `h`
    /// of one first order per day `t_d^k` on run `g` (0 for `h` before `g`).
    kernel: Vec<[f64; 3]>,
    /// Per run: `s`, `s * U`, `V`, `1 - P`.
    s: Vec<f64>,
    su: Vec<f64>,
    v: Vec<f64>,
    pay: Vec<f64>,
    /// Per traffic line and run: paid visitors of one day.
    paid: Vec<f64>,
    /// Per channel and run: the coefficients of first orders per day, `alpha + beta t + gamma t²`.
    coef: Vec<[f64; 3]>,
    /// Per run, over all channels.
    run_sums: Vec<Sums>,
    traffic: Vec<usize>,
    weight: Vec<f64>,
    line_tot: Vec<[f64; 4]>,
    channel_sums: Vec<Sums>,
    /// Each channel's GMV on the runs up to the actuals' `through`, and that day.
    to_date: Vec<f64>,
    cut: Option<usize>,
    /// How much of the months', quarters' and channels' KPIs `run` writes.
    detail: Detail,
    results: Results,
}

impl Grouped {
    /// The grouping of `sc`'s year, event windows and repeat curve (a valid scenario).
    pub fn new(sc: &Scenario) -> Grouped {
        let cal = Calendar::new(sc.year);
        let nd = cal.days;
        let t_step = cal.t_step();
        let mut active = vec![0u64; nd];
        for (k, e) in sc.events.iter().enumerate().take(MAX_EVENTS) {
            if let Some((a, b)) = event_window(e, sc.year, nd) {
                for mask in active.iter_mut().take(b + 1).skip(a) {
                    *mask |= 1 << k;
                }
            }
        }
        // Runs, and the first day of each; a run never spans the actuals' last day and the day after.
        let cut = sc.actuals.as_ref().and_then(|a| super::calendar::parse_mm_dd(&a.through, sc.year));
        let mut runs: Vec<Run> = Vec::new();
        let mut starts = Vec::new();
        for (d, &events) in active.iter().enumerate() {
            let (month, t) = (cal.month_of_day[d] as usize, d as f64 * t_step);
            let to_date = cut.is_some_and(|c| d <= c);
            match runs.last_mut() {
                Some(r) if r.month == month && r.events == events && r.to_date == to_date => {
                    r.n += 1.0;
                    r.t1 += t;
                    r.t2 += t * t;
                    r.t_last = t;
                }
                _ => {
                    starts.push(d);
                    runs.push(Run { month, events, n: 1.0, t1: t, t2: t * t, t_first: t, t_last: t, to_date });
                }
            }
        }
        starts.push(nd);
        let kernel = kernel(&runs, &starts, &repeat_rates(&sc.customers.repeat_curve), t_step);
        let mut results = Simulator::quiet().run(sc).clone();
        results.weeks.clear();
        results.daily_gmv.clear();
        results.targets.clear();
        Grouped {
            year: sc.year,
            days: nd,
            month_len: cal.month_len,
            windows: sc.events.iter().map(|e| (e.start.clone(), e.end.clone())).collect(),
            channels: sc.channels.len(),
            lines: sc.spend_lines.iter().map(|l| l.is_traffic()).collect(),
            curve: sc.customers.repeat_curve.clone(),
            runs,
            kernel,
            s: Vec::new(),
            su: Vec::new(),
            v: Vec::new(),
            pay: Vec::new(),
            paid: Vec::new(),
            coef: Vec::new(),
            run_sums: Vec::new(),
            traffic: Vec::new(),
            weight: Vec::new(),
            line_tot: Vec::new(),
            channel_sums: Vec::new(),
            to_date: Vec::new(),
            cut,
            detail: Detail::All,
            results,
        }
    }

    /// The same grouping, whose runs write the months', quarters' and channels' KPIs to `detail` (every one by
    /// default); with `Detail::Gmv` their other KPIs are 0.
    pub fn with_detail(mut self, detail: Detail) -> Grouped {
        if detail == Detail::Gmv {
            let res = &mut self.results;
            let rows = res.months.iter_mut().map(|m| &mut m.kpis);
            let rows = rows
                .chain(res.quarters.iter_mut().map(|q| &mut q.kpis))
                .chain(res.channels.iter_mut().map(|c| &mut c.kpis));
            for kpis in rows {
                *kpis = Kpis { gmv: kpis.gmv, ..Kpis::default() };
            }
        }
        self.detail = detail;
        self
    }

    /// The results of the last run that returned some.
    pub fn results(&self) -> &Results {
        &self.results
    }

    /// Each channel's simulated GMV up to the actuals' `through` in the last run (as
    /// [`Simulator::gmv_to_date`]); zeros when the plan has no actuals.
    pub fn gmv_to_date(&self) -> &[f64] {
        &self.to_date
    }

    /// The number of runs the year was cut into.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// The factor by which `sc`'s repeat curve is the built one, when it is the same shape and
    /// everything else that fixes the runs is unchanged.
    fn same_shape(&self, sc: &Scenario) -> Option<f64> {
        let cut = sc.actuals.as_ref().and_then(|a| super::calendar::parse_mm_dd(&a.through, sc.year));
        let same = sc.year == self.year
            && cut == self.cut
            && sc.channels.len() == self.channels
            && sc.spend_lines.len() == self.lines.len()
            && sc.spend_lines.iter().zip(&self.lines).all(|(l, &t)| l.is_traffic() == t)
            && sc.events.len() == self.windows.len()
            && sc.events.iter().zip(&self.windows).all(|(e, (a, b))| e.start == *a && e.end == *b)
            && sc.customers.repeat_curve.len() == self.curve.len();
        if !same {
            return None;
        }
        let (new, old) = (&sc.customers.repeat_curve, &self.curve);
        let (n365, o365) = (new.get(3).copied().unwrap_or(0.0), old.get(3).copied().unwrap_or(0.0));
        let factor = if o365 > 0.0 { n365 / o365 } else { 1.0 };
        let proportional = new.iter().zip(old).all(|(&a, &b)| (a - b * factor).abs() <= 1e-12 * a.abs().max(b.abs()));
        proportional.then_some(factor)
    }

    /// Simulates `sc`: the year, months, quarters, channels, spend lines and events of [`Simulator::run`] (no
    /// weeks, daily GMV, targets or warnings). `None` when `sc` is not of the built shape or a channel's
    /// conversion reaches 100% inside a run.
    pub fn run(&mut self, sc: &Scenario) -> Option<&Results> {
        let rscale = self.same_shape(sc)?;
        let (nd, dn) = (self.days, self.days as f64);
        let ng = self.runs.len();

        // 1. Demand shape and event factors per run, multiplied in the engine's order.
        let wsum: f64 = sc.seasonality.iter().take(12).sum();
        self.s.clear();
        self.su.clear();
        self.v.clear();
        self.pay.clear();
        let mut su_sum = 0.0;
        for r in &self.runs {
            let s = day_shape(sc.seasonality.get(r.month).copied().unwrap_or(0.0), wsum, self.month_len[r.month]);
            let (mut u, mut v, mut pay) = (1.0, 1.0, 1.0);
            for (k, e) in sc.events.iter().enumerate().take(MAX_EVENTS) {
                if r.events & (1 << k) != 0 {
                    u *= e.traffic_uplift;
                    v *= e.cvr_uplift;
                    pay *= 1.0 - e.discount;
                }
            }
            self.s.push(s);
            self.su.push(u * s);
            self.v.push(v);
            self.pay.push(pay);
            su_sum += u * s * r.n;
        }

        // 3., 4. Spend and paid visitors per line and run.
        self.run_sums.clear();
        self.run_sums.resize(ng, Sums::default());
        self.traffic.clear();
        self.line_tot.clear();
        self.line_tot.resize(sc.spend_lines.len(), [0.0; 4]);
        self.paid.clear();
        let mut line_monthly = [[0.0f64; 12]; super::validate::MAX_SPEND_LINES];
        let mut fixed_marketing = 0.0;
        for (j, line) in sc.spend_lines.iter().enumerate() {
            let pace = Pace::new(&line.pacing, su_sum, nd);
            let traffic = line.is_traffic();
            if traffic {
                self.traffic.push(j);
            }
            let cpc = line.cpc.unwrap_or(1.0);
            let h = line.half_saturation.unwrap_or(1.0) * 12.0 / dn;
            let (mut spend, mut paid_uv) = (0.0, 0.0);
            for (g, r) in self.runs.iter().enumerate() {
                let x = line.budget * pace.weight(r.month, self.month_len[r.month], self.su[g]);
                let run_spend = x * r.n;
                spend += run_spend;
                let sums = &mut self.run_sums[g];
                sums.marketing += run_spend;
                if traffic {
                    sums.traffic_spend += run_spend;
                    let paid = super::response::visitors(cpc, h, x);
                    self.paid.push(paid);
                    paid_uv += paid * r.n;
                }
                if let Some(mo) = line_monthly.get_mut(j) {
                    mo[r.month] += run_spend;
                }
            }
            if !traffic {
                fixed_marketing += spend;
            }
            self.line_tot[j][0] = spend;
            self.line_tot[j][1] = paid_uv;
        }

        // 7. Existing customers' orders and each channel's weight in them.
        let c = &sc.customers;
        let base_total = c.existing_base * c.base_orders_per_year;
        let weight_total: f64 = sc.base_weights().sum();
        let nc = sc.channels.len().max(1) as f64;

        self.channel_sums.clear();
        self.to_date.clear();
        let res = &mut self.results;
        for ((ci, ch), b) in sc.channels.iter().enumerate().zip(sc.base_weights()) {
            split_weights(sc, &self.traffic, ci, &mut self.weight);
            let share = if weight_total > 0.0 { b / weight_total } else { 1.0 / nc };
            let trend = ch.uv_trend() - 1.0;
            let organic_scale = organic_scale(ch.organic_uv, trend, || {
                self.runs.iter().zip(&self.s).map(|(r, &s)| s * (r.n + trend * r.t1)).sum()
            });
            let (cvr0, slope) = (ch.cvr, ch.cvr_end() - ch.cvr);
            let money = Money::of(sc, ch);
            let list_new = money.list_new;
            let mut cs = Sums::default();
            let mut monthly = [0.0f64; 12];
            let mut list_total = 0.0;
            let mut to_date = 0.0;

            // 2., 4., 5. Visitors and first orders: per day `(a + b t)(c0 + c1 t)` on each run.
            self.coef.clear();
            for (g, r) in self.runs.iter().enumerate() {
                let (c0, c1) = (cvr0 * self.v[g], slope * self.v[g]);
                if (cvr0 + slope * r.t_first) * self.v[g] > 1.0 || (cvr0 + slope * r.t_last) * self.v[g] > 1.0 {
                    return None;
                }
                let cvr_sum = c0 * r.n + c1 * r.t1;
                let mut paid = 0.0;
                for (t, &w) in self.weight.iter().enumerate() {
                    if w > 0.0 {
                        let p = self.paid[t * ng + g] * w;
                        paid += p;
                        let tot = &mut self.line_tot[self.traffic[t]];
                        tot[2] += p * cvr_sum;
                        tot[3] += p * cvr_sum * list_new * self.pay[g];
                    }
                }
                let organic = organic_scale * self.su[g];
                let (a, b) = (organic + paid, organic * trend);
                self.coef.push([a * c0, a * c1 + b * c0, b * c1]);
                let paid_new = paid * cvr_sum;
                let paid_gmv = paid_new * list_new * self.pay[g];
                // Only the fields visitors move, into the channel's and the run's sums.
                for sums in [&mut cs, &mut self.run_sums[g]] {
                    sums.organic_uv += organic * (r.n + trend * r.t1);
                    sums.paid_uv += paid * r.n;
                    sums.paid_new_orders += paid_new;
                    sums.paid_gmv += paid_gmv;
                }
            }

            // 6., 7., 8. Orders and money per run.
            for (h, r) in self.runs.iter().enumerate() {
                let [al, be, ga] = self.coef[h];
                let new = al * r.n + be * r.t1 + ga * r.t2;
                let mut repeat = 0.0;
                // Runs `0..=h` in order: the row of run `h` is contiguous, and the sum the same as by index.
                for (&[al, be, ga], k) in self.coef.iter().zip(&self.kernel[h * ng..=h * ng + h]) {
                    repeat += al * k[0] + be * k[1] + ga * k[2];
                }
                repeat *= rscale;
                let shape = if su_sum > 0.0 { self.su[h] / su_sum } else { 1.0 / dn };
                let base = base_total * shape * share * r.n;
                let gmv = money.book([new, repeat, base], self.pay[h], &mut self.run_sums[h], &mut cs, &mut list_total);
                monthly[r.month] += gmv;
                if r.to_date {
                    to_date += gmv;
                }
            }
            self.to_date.push(to_date);
            money.close(&mut cs, list_total);
            self.channel_sums.push(cs);
            let out = &mut res.channels[ci];
            out.name.clone_from(&ch.name);
            out.monthly_gmv = monthly;
        }

        // Months, then the engine's own aggregation of quarters, the year, channels and spend lines.
        let fixed_day = sc.costs.fixed_costs / dn;
        let mut months = [Sums::default(); 12];
        for (r, sums) in self.runs.iter().zip(self.run_sums.iter_mut()) {
            sums.fixed = fixed_day * r.n;
            months[r.month].add(sums);
        }
        let ctx = KpiContext::of(sc);
        let traffic = Traffic { lines: &self.traffic, totals: &self.line_tot, fixed_marketing };
        if self.detail == Detail::Gmv {
            let year = periods::<true>(&months, &self.month_len, sc, &ctx, res);
            channel_kpis::<true>(sc, &traffic, &mut self.channel_sums, &year, &ctx, res);
        } else {
            let year = periods::<false>(&months, &self.month_len, sc, &ctx, res);
            channel_kpis::<false>(sc, &traffic, &mut self.channel_sums, &year, &ctx, res);
        }
        spend_line_results(sc, &self.line_tot, &line_monthly, res);

        // Events: what happened on their days.
        res.events.truncate(sc.events.len());
        res.events.resize_with(sc.events.len(), EventResult::default);
        for (k, (e, out)) in sc.events.iter().zip(res.events.iter_mut()).enumerate() {
            let mut s = Sums::default();
            let mut days = 0.0;
            for (r, sums) in self.runs.iter().zip(&self.run_sums) {
                if k < MAX_EVENTS && r.events & (1 << k) != 0 {
                    s.add(sums);
                    days += r.n;
                }
            }
            out.name.clone_from(&e.name);
            out.gmv = s.gmv;
            out.orders = s.orders();
            out.uv = s.organic_uv + s.paid_uv;
            out.days = days as u32;
        }
        Some(&self.results)
    }
}

/// The repeat kernel between runs (see `Grouped::kernel`), from the per-age rates of `SEGMENTS`.
fn kernel(runs: &[Run], starts: &[usize], rates: &[f64; 4], t_step: f64) -> Vec<[f64; 3]> {
    let ng = runs.len();
    let nd = starts.last().copied().unwrap_or(0);
    // `cum[a]`: repeat orders of one customer by age `a` (`R(a)`, 0 at age 0, flat after 365).
    let mut cum = vec![0.0; nd + 1];
    for a in 1..=nd {
        let rate = SEGMENTS.iter().zip(rates).find(|((lo, hi), _)| (*lo..=*hi).contains(&a)).map_or(0.0, |(_, r)| *r);
        cum[a] = cum[a - 1] + rate;
    }
    let at = |age: isize| if age <= 0 { 0.0 } else { cum[(age as usize).min(nd)] };
    let mut k = vec![[0.0; 3]; ng * ng];
    for g in 0..ng {
        for d in starts[g]..starts[g + 1] {
            let t = d as f64 * t_step;
            let pow = [1.0, t, t * t];
            for h in g..ng {
                // Orders on days `starts[h]..starts[h + 1]` from a first order on day `d`.
                let (first, last) = (starts[h] as isize, starts[h + 1] as isize - 1);
                let c = at(last - d as isize) - at(first - 1 - d as isize);
                for (p, x) in pow.iter().enumerate() {
                    k[h * ng + g][p] += x * c;
                }
            }
        }
    }
    k
}
