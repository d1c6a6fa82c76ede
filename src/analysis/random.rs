//! Seeded random numbers for the analyses: xoshiro256** seeded through SplitMix64, uniforms in (0, 1), and
//! standard normals by the inverse of the normal distribution (Wichura's AS 241), with `ln`, `exp` and `sqrt`
//! from the pure-Rust `libm`, so the command line and the browser draw bit-identical numbers.
//!
//! Invariant: the stream of a seed never changes — saved links and reports reproduce their Monte Carlo runs.

/// The standard normal's 95% point: a 90% range `[low, high]` is `mu ± K sigma`.
pub const K: f64 = 1.6448536269514722;

/// A seeded generator (xoshiro256**).
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// The generator of `seed`: its four words are SplitMix64's first four outputs from `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform number in the open interval (0, 1): 53 random bits, centred in their cell.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal number.
    pub fn normal(&mut self) -> f64 {
        inverse_normal(self.uniform())
    }
}

/// The natural logarithm used by every analysis.
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// The exponential used by every analysis.
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// `ln(p / (1 - p))`.
pub fn logit(p: f64) -> f64 {
    ln(p / (1.0 - p))
}

/// `1 / (1 + exp(-x))`.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}

/// The standard normal quantile of `p` in (0, 1) (Wichura 1988, AS 241 PPND16; relative error about 1e-16).
/// The coefficients are the published ones, digit for digit.
#[allow(clippy::excessive_precision)]
pub fn inverse_normal(p: f64) -> f64 {
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        let num = ((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
            + 45921.953931549871457)
            * r
            + 13731.693765509461125)
            * r
            + 1971.5909503065514427)
            * r
            + 133.14166789178437745)
            * r
            + 3.387132872796366608;
        let den = ((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
            + 21213.794301586595867)
            * r
            + 5394.1960214247511077)
            * r
            + 687.1870074920579083)
            * r
            + 42.313330701600911252)
            * r
            + 1.0;
        return q * num / den;
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let mut r = (-ln(tail)).sqrt();
    let val = if r <= 5.0 {
        r -= 1.6;
        let num = ((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
            + 1.27045825245236838258)
            * r
            + 3.64784832476320460504)
            * r
            + 5.7694972214606914055)
            * r
            + 4.6303378461565452959)
            * r
            + 1.42343711074968357734;
        let den = ((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966)
            * r
            + 0.14810397642748007459)
            * r
            + 0.68976733498510000455)
            * r
            + 1.6763848301838038494)
            * r
            + 2.05319162663775882187)
            * r
            + 1.0;
        num / den
    } else {
        r -= 5.0;
        let num = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386)
            * r
            + 0.026532189526576123093)
            * r
            + 0.29656057182850489123)
            * r
            + 1.7848265399172913358)
            * r
            + 5.4637849111641143699)
            * r
            + 6.6579046435011037772;
        let den = ((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5)
            * r
            + 7.868691311456132591e-4)
            * r
            + 0.0148753612908506148525)
            * r
            + 0.13692988092273580531)
            * r
            + 0.59983220655588793769)
            * r
            + 1.0;
        num / den
    };
    if q < 0.0 {
        -val
    } else {
        val
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard normal distribution function, from `libm::erfc`.
    fn phi(x: f64) -> f64 {
        0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
    }

    #[test]
    fn inverse_normal_inverts_the_distribution_function() {
        assert!((inverse_normal(0.95) - K).abs() < 1e-15);
        assert!((inverse_normal(0.975) - 1.959963984540054).abs() < 1e-14);
        assert_eq!(inverse_normal(0.5), 0.0);
        for k in 1..2000 {
            let p = k as f64 / 2000.0;
            let x = inverse_normal(p);
            assert!((phi(x) - p).abs() < 1e-14, "p = {p}: {x}");
            // `1 - p` is itself rounded, so the mirror image agrees to rounding, not bit for bit.
            assert!((x + inverse_normal(1.0 - p)).abs() < 1e-12, "symmetry at {p}");
        }
        for p in [1e-300, 1e-20, 1e-10, 1e-5] {
            let x = inverse_normal(p);
            assert!(x.is_finite() && ((phi(x) - p) / p).abs() < 1e-12, "p = {p}: {x}");
        }
    }

    #[test]
    fn a_seed_gives_one_stream_and_normals_look_normal() {
        let (mut a, mut b, mut c) = (Rng::new(7), Rng::new(7), Rng::new(8));
        let xs: Vec<f64> = (0..200_000).map(|_| a.normal()).collect();
        assert!(xs.iter().all(|&x| x == b.normal()));
        assert_ne!(xs[0], c.normal());
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        // Sampling errors: 1/sqrt(n) ~ 0.0022 for the mean, sqrt(2/n) ~ 0.0032 for the variance.
        assert!(mean.abs() < 0.01 && (var - 1.0).abs() < 0.015, "{mean} {var}");
        let below = xs.iter().filter(|&&x| x < -K).count() as f64 / n;
        assert!((below - 0.05).abs() < 0.003, "{below}");
        let u: Vec<f64> = (0..1000).map(|_| a.uniform()).collect();
        assert!(u.iter().all(|&x| x > 0.0 && x < 1.0));
    }
}
