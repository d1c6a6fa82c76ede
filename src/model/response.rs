//! The response curve of a traffic line (MODEL.md §3 step 4), in one place: the engine's days, the response
//! chart and (next) the budget optimiser all read it. A spend `x` in a period whose half-saturation spend is
//! `h` buys `v(x) = (h / cpc) * x / (x + h)` visitors: `x / cpc` at first, half of `h / cpc` at `x = h`.
//!
//! Invariant: `v` is 0 at 0, increasing and concave; `marginal_visitors` is its derivative.

/// Visitors bought by spend `x` (0 for `x <= 0` or a non-positive `cpc` or `h`).
#[inline]
pub fn visitors(cpc: f64, h: f64, x: f64) -> f64 {
    if x <= 0.0 || cpc <= 0.0 || h <= 0.0 {
        0.0
    } else {
        (h / cpc) * x / (x + h)
    }
}

/// The derivative of [`visitors`] in `x`: `h² / (cpc (x + h)²)`, the visitors one more yuan buys (at `x <= 0`
/// the first yuan's, `1 / cpc`).
pub fn marginal_visitors(cpc: f64, h: f64, x: f64) -> f64 {
    if cpc <= 0.0 || h <= 0.0 {
        return 0.0;
    }
    let r = h / (x.max(0.0) + h);
    r * r / cpc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_curve_saturates_and_its_slope_is_its_derivative() {
        assert_eq!(visitors(2.0, 1000.0, 0.0), 0.0);
        assert_eq!(visitors(2.0, 1000.0, 1000.0), 250.0);
        assert!((visitors(2.0, 1000.0, 1e12) - 500.0).abs() < 1e-3);
        assert_eq!(marginal_visitors(2.0, 1000.0, 0.0), 0.5);
        for x in [1.0, 100.0, 1000.0, 5e4] {
            let h = 1e-3 * x;
            let slope = (visitors(2.0, 1000.0, x + h) - visitors(2.0, 1000.0, x - h)) / (2.0 * h);
            assert!((slope / marginal_visitors(2.0, 1000.0, x) - 1.0).abs() < 1e-6, "{x}");
            assert!(marginal_visitors(2.0, 1000.0, x) > marginal_visitors(2.0, 1000.0, 2.0 * x));
        }
    }
}
