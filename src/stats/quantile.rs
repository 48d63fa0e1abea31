//! Distribution-free confidence intervals for a percentile of the simulated futures, from order
//! statistics: with `n` independent replications, the number below the true `p`-quantile is
//! Binomial(n, p), so the interval between the `l`-th and `u`-th smallest values covers it with
//! probability P(l <= B <= u - 1), whatever the distribution. Equal tails: each side misses with
//! probability at most (1 - level) / 2.

use statrs::distribution::{Binomial, DiscreteCDF};

/// The equal-tailed `level` interval (e.g. 0.95) for the `p`-quantile of the distribution that
/// `sorted` (ascending, finite) was drawn from; `None` when there are too few values for it
/// (see [`replications_for_interval`]).
pub fn quantile_interval(sorted: &[f64], p: f64, level: f64) -> Option<(f64, f64)> {
    let n = sorted.len();
    if n == 0 || !(0.0 < p && p < 1.0) || !(0.0 < level && level < 1.0) {
        return None;
    }
    let tail = (1.0 - level) / 2.0;
    let binomial = Binomial::new(p, n as u64).ok()?;
    // The largest l >= 1 with P(B <= l - 1) <= tail, and the smallest u <= n with
    // P(B >= u) <= tail, that is P(B <= u - 1) >= 1 - tail.
    let below = |k: u64| binomial.cdf(k);
    let mut l = 0usize;
    while l < n && below(l as u64) <= tail {
        l += 1;
    }
    let mut u = n + 1;
    while u > 1 && below((u - 2) as u64) >= 1.0 - tail {
        u -= 1;
    }
    (l >= 1 && u <= n && l < u).then(|| (sorted[l - 1], sorted[u - 1]))
}

/// The fewest replications with which [`quantile_interval`] exists for the `p`-quantile at
/// `level`: both (1 - p)^n and p^n at most (1 - level) / 2 (72 for p95 at 95%).
pub fn replications_for_interval(p: f64, level: f64) -> u32 {
    let tail = (1.0 - level) / 2.0;
    let need = |q: f64| (tail.ln() / q.ln()).ceil();
    need(p).max(need(1.0 - p)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bounds_on_replications_are_the_textbook_ones() {
        assert_eq!(replications_for_interval(0.95, 0.95), 72);
        assert_eq!(replications_for_interval(0.5, 0.95), 6);
        assert_eq!(replications_for_interval(0.9, 0.95), 36);
        assert_eq!(replications_for_interval(0.99, 0.95), 368);
        let values: Vec<f64> = (1..=71).map(f64::from).collect();
        assert_eq!(quantile_interval(&values, 0.95, 0.95), None);
        let values: Vec<f64> = (1..=72).map(f64::from).collect();
        assert!(quantile_interval(&values, 0.95, 0.95).is_some());
    }

    #[test]
    fn the_median_of_100_uses_the_binomial_order_statistics() {
        // For n = 100 and p = 0.5 the equal-tailed 95% interval is (X(40), X(61)): P(B <= 39)
        // = 0.0176 <= 0.025 < P(B <= 40) = 0.0284, and P(B <= 59) = 0.9716 < 0.975 <= P(B <= 60).
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile_interval(&values, 0.5, 0.95), Some((40.0, 61.0)));
    }

    #[test]
    fn the_interval_covers_the_true_quantile_at_least_as_often_as_promised() {
        // Uniform(0, 1) samples of 100: the 95% interval for p90 covers 0.9 in at least 95%
        // of 2,000 samples (up to sampling noise), from a fixed stream.
        use rand::{RngExt, SeedableRng};
        let mut rng = crate::engine::StreamRng::seed_from_u64(7);
        let mut covered = 0;
        for _ in 0..2000 {
            let mut values: Vec<f64> = (0..100).map(|_| rng.random::<f64>()).collect();
            values.sort_by(f64::total_cmp);
            let (lo, hi) = quantile_interval(&values, 0.9, 0.95).unwrap();
            covered += usize::from(lo <= 0.9 && 0.9 <= hi);
        }
        assert!(covered >= 1880, "covered {covered} of 2000");
    }
}
