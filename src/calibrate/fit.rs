//! The least-squares fit behind calibration: a log-linear model of a daily figure with one level and one
//! linear trend per channel, a level per month and a factor per event,
//! `ln y(c, d) = a_c + m_month(d) + sum_{e active on d} b_e + ln(1 + g_c t_d) + offset`, optionally plus a
//! part that depends on the month and event coefficients (paid visitors, paced on the fitted shape:
//! `y = exp(...) + extra(c, d)`), solved by Gauss–Newton with step halving; each step's normal equations are
//! solved by nalgebra (Cholesky, or the SVD when they are singular). Every day counts alike: residuals are in
//! logarithms.
//!
//! Invariant: fixed coefficients (a month or an event the data cannot identify) keep the value they were given;
//! a trend stays within `1 + g` in `[0.01, 100]`.

use crate::analysis::random::{exp, ln};
use nalgebra::{DMatrix, DVector};

/// One observed day: the channel's slot (0-based among the fitted channels), the day, `ln y`, and an offset
/// added to the log-linear part.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Obs {
    pub c: usize,
    pub d: usize,
    pub y: f64,
    pub off: f64,
}

/// Per channel slot and day.
type Grid = Vec<Vec<f64>>;

/// The extra part at the current coefficients, and its derivative in each shape coefficient `(index, grid)`.
type ExtraNow<'a> = Option<(&'a [Vec<f64>], &'a [(usize, Grid)])>;

/// A part added to the model in linear terms, per channel slot and day, from the current coefficients.
pub(crate) type Extra<'a> = &'a dyn Fn(&Fit) -> Grid;

/// What the model has, besides a level per channel.
pub(crate) struct Spec<'a> {
    /// Channel slots.
    pub channels: usize,
    /// Whether each channel has a linear trend `ln(1 + g t_d)`.
    pub trend: bool,
    /// The position `t_d` of each day in the year.
    pub t: &'a [f64],
    /// Month levels: the month (0..12) of each day and, per month, `Some(value)` when it is fixed. `None`: no
    /// month levels.
    pub months: Option<(&'a [u8], [Option<f64>; 12])>,
    /// The events active on each day.
    pub active: &'a [Vec<usize>],
    /// Per event, `Some(value)` when its coefficient is fixed.
    pub events: Vec<Option<f64>>,
}

/// The fitted coefficients.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Fit {
    /// Level per channel slot.
    pub level: Vec<f64>,
    /// Trend per channel slot: `g`, with the level on 31 December `1 + g` times that on 1 January.
    pub trend: Vec<f64>,
    /// Month levels (0 without months).
    pub month: [f64; 12],
    /// Event coefficients.
    pub event: Vec<f64>,
}

/// The parameters' places in the vector: levels, trends, free months, free events.
struct Layout {
    trend0: usize,
    month: [Option<usize>; 12],
    event: Vec<Option<usize>>,
    n: usize,
}

impl Layout {
    fn of(spec: &Spec) -> Layout {
        let mut n = spec.channels;
        let trend0 = n;
        if spec.trend {
            n += spec.channels;
        }
        let mut month = [None; 12];
        if let Some((_, fixed)) = &spec.months {
            for (m, f) in fixed.iter().enumerate() {
                if f.is_none() {
                    month[m] = Some(n);
                    n += 1;
                }
            }
        }
        let event = spec
            .events
            .iter()
            .map(|f| {
                f.is_none().then(|| {
                    n += 1;
                    n - 1
                })
            })
            .collect();
        Layout { trend0, month, event, n }
    }
}

impl Fit {
    fn unpack(spec: &Spec, lay: &Layout, p: &[f64]) -> Fit {
        let mut month = [0.0; 12];
        if let Some((_, fixed)) = &spec.months {
            for m in 0..12 {
                month[m] = lay.month[m].map_or_else(|| fixed[m].unwrap_or(0.0), |i| p[i]);
            }
        }
        Fit {
            level: p[..spec.channels].to_vec(),
            trend: if spec.trend {
                p[lay.trend0..lay.trend0 + spec.channels].to_vec()
            } else {
                vec![0.0; spec.channels]
            },
            month,
            event: spec
                .events
                .iter()
                .zip(&lay.event)
                .map(|(f, i)| i.map_or_else(|| f.unwrap_or(0.0), |i| p[i]))
                .collect(),
        }
    }
}

/// The model's `ln y` at one observation and its derivatives `(index, d/dp)`.
fn row(spec: &Spec, lay: &Layout, p: &[f64], o: &Obs, grad: &mut Vec<(usize, f64)>) -> f64 {
    grad.clear();
    let mut f = p[o.c] + o.off;
    grad.push((o.c, 1.0));
    if spec.trend {
        let (i, t) = (lay.trend0 + o.c, spec.t[o.d]);
        let g = 1.0 + p[i] * t;
        f += ln(g);
        grad.push((i, t / g));
    }
    if let Some((month_of, fixed)) = &spec.months {
        let m = month_of[o.d] as usize;
        match lay.month[m] {
            Some(i) => {
                f += p[i];
                grad.push((i, 1.0));
            }
            None => f += fixed[m].unwrap_or(0.0),
        }
    }
    for &e in &spec.active[o.d] {
        match lay.event.get(e).copied().flatten() {
            Some(i) => {
                f += p[i];
                grad.push((i, 1.0));
            }
            None => f += spec.events.get(e).copied().flatten().unwrap_or(0.0),
        }
    }
    f
}

/// The model's `ln y` at one observation with the extra part `e` (and the extra's derivatives `de`), its
/// gradient in `grad`.
fn row_with(spec: &Spec, lay: &Layout, p: &[f64], o: &Obs, extra: ExtraNow, grad: &mut Vec<(usize, f64)>) -> f64 {
    let f = row(spec, lay, p, o, grad);
    let Some((e, de)) = extra else { return f };
    let lin = exp(f);
    let v = lin + e[o.c][o.d];
    if v <= 0.0 || !v.is_finite() {
        return f;
    }
    for g in grad.iter_mut() {
        g.1 *= lin / v;
    }
    for (i, d) in de {
        let x = d[o.c][o.d] / v;
        match grad.iter_mut().find(|g| g.0 == *i) {
            Some(g) => g.1 += x,
            None => grad.push((*i, x)),
        }
    }
    ln(v)
}

fn sse(spec: &Spec, lay: &Layout, p: &[f64], obs: &[Obs], extra: Option<Extra>) -> f64 {
    let mut g = Vec::new();
    let e = extra.map(|x| x(&Fit::unpack(spec, lay, p)));
    obs.iter().map(|o| (o.y - row_with(spec, lay, p, o, e.as_deref().map(|e| (e, &[][..])), &mut g)).powi(2)).sum()
}

/// Keeps each trend's `1 + g` within `[0.01, 100]` (MODEL.md's `uv_trend` domain).
fn clamp_trends(spec: &Spec, lay: &Layout, p: &mut [f64]) {
    if spec.trend {
        for g in &mut p[lay.trend0..lay.trend0 + spec.channels] {
            *g = g.clamp(-0.99, 99.0);
        }
    }
}

/// The least-squares fit of `obs` (with the `extra` part when given: it starts from the fit without it);
/// every channel slot must have observations.
pub(crate) fn fit(spec: &Spec, obs: &[Obs], extra: Option<Extra>) -> Fit {
    let lay = Layout::of(spec);
    let mut p = vec![0.0; lay.n];
    if extra.is_some() {
        let first = fit(spec, obs, None);
        pack(&first, spec, &lay, &mut p);
    } else {
        // Start each level at its channel's mean.
        let mut sums = vec![(0.0, 0usize); spec.channels];
        for o in obs {
            sums[o.c].0 += o.y - o.off;
            sums[o.c].1 += 1;
        }
        for (c, (s, n)) in sums.iter().enumerate() {
            p[c] = if *n > 0 { s / *n as f64 } else { 0.0 };
        }
    }
    // The extra part's coefficients: the free months and events.
    let shape: Vec<usize> = lay.month.iter().flatten().chain(lay.event.iter().flatten()).copied().collect();
    let mut grad = Vec::new();
    let mut current = sse(spec, &lay, &p, obs, extra);
    for _ in 0..100 {
        let (e, de) = match extra {
            Some(x) => {
                let e = x(&Fit::unpack(spec, &lay, &p));
                let h = 1e-6;
                let de: Vec<(usize, Grid)> = shape
                    .iter()
                    .map(|&i| {
                        let mut q = p.clone();
                        q[i] += h;
                        let e2 = x(&Fit::unpack(spec, &lay, &q));
                        let d = e2
                            .iter()
                            .zip(&e)
                            .map(|(a, b)| a.iter().zip(b).map(|(a, b)| (a - b) / h).collect())
                            .collect();
                        (i, d)
                    })
                    .collect();
                (Some(e), de)
            }
            None => (None, Vec::new()),
        };
        let mut a = DMatrix::<f64>::zeros(lay.n, lay.n);
        let mut b = DVector::<f64>::zeros(lay.n);
        for o in obs {
            let r = o.y - row_with(spec, &lay, &p, o, e.as_deref().map(|e| (e, &de[..])), &mut grad);
            for &(i, gi) in &grad {
                b[i] += gi * r;
                for &(j, gj) in &grad {
                    a[(i, j)] += gi * gj;
                }
            }
        }
        let step = match a.clone().cholesky() {
            Some(ch) => ch.solve(&b),
            None => match a.svd(true, true).solve(&b, 1e-12) {
                Ok(x) => x,
                Err(_) => break,
            },
        };
        if step.iter().any(|x| !x.is_finite()) {
            break;
        }
        let mut scale = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let mut q: Vec<f64> = p.iter().zip(step.iter()).map(|(x, s)| x + scale * s).collect();
            clamp_trends(spec, &lay, &mut q);
            let e = sse(spec, &lay, &q, obs, extra);
            if e <= current {
                let moved = p.iter().zip(&q).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
                p = q;
                current = e;
                accepted = moved > 1e-13;
                break;
            }
            scale *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    Fit::unpack(spec, &lay, &p)
}

/// Writes a fit's free coefficients into the parameter vector.
fn pack(f: &Fit, spec: &Spec, lay: &Layout, p: &mut [f64]) {
    p[..spec.channels].copy_from_slice(&f.level);
    if spec.trend {
        p[lay.trend0..lay.trend0 + spec.channels].copy_from_slice(&f.trend);
    }
    for (m, i) in lay.month.iter().enumerate() {
        if let Some(i) = i {
            p[*i] = f.month[m];
        }
    }
    for (k, i) in lay.event.iter().enumerate() {
        if let Some(i) = i {
            p[*i] = f.event[k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_model_is_recovered() {
        let nd = 365;
        let t: Vec<f64> = (0..nd).map(|d| d as f64 / 364.0).collect();
        let month_of: Vec<u8> = (0..nd).map(|d| (d / 31).min(11) as u8).collect();
        let active: Vec<Vec<usize>> = (0..nd).map(|d| if (100..110).contains(&d) { vec![0] } else { vec![] }).collect();
        let mut fixed = [None; 12];
        fixed[0] = Some(0.0);
        let spec = Spec {
            channels: 2,
            trend: true,
            t: &t,
            months: Some((&month_of, fixed)),
            active: &active,
            events: vec![None],
        };
        let truth = |c: usize, d: usize| {
            let g = [0.5, -0.3][c];
            [3.0, 5.0][c] + 0.1 * month_of[d] as f64 + if active[d].is_empty() { 0.0 } else { 0.4 } + ln(1.0 + g * t[d])
        };
        let obs: Vec<Obs> = (0..2)
            .flat_map(|c| (0..nd).map(move |d| (c, d)))
            .map(|(c, d)| Obs { c, d, y: truth(c, d), off: 0.0 })
            .collect();
        let f = fit(&spec, &obs, None);
        assert!((f.level[0] - 3.0).abs() < 1e-9 && (f.level[1] - 5.0).abs() < 1e-9, "{f:?}");
        assert!((f.trend[0] - 0.5).abs() < 1e-9 && (f.trend[1] + 0.3).abs() < 1e-9, "{f:?}");
        assert!((f.event[0] - 0.4).abs() < 1e-9 && (f.month[11] - 1.1).abs() < 1e-9, "{f:?}");
    }
}
