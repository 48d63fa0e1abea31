//! Summaries across replications: mean, Student-t confidence interval and percentiles.
//!
//! Percentiles use linear interpolation between order statistics (Hyndman & Fan type 7, the
//! default of R and NumPy): for sorted values `x[0..n]`, the p-th percentile is at position
//! `(n - 1) * p`, interpolated between its neighbours.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::stats::Unit;

/// The summary of one metric over replications. Replications where the metric is undefined
/// (NaN, e.g. a mean wait when no case started work) are left out and not counted in `n`.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Number of replications with a value.
    pub n: usize,
    /// Mean over replications.
    pub mean: f64,
    /// Sample standard deviation over replications.
    pub std_dev: f64,
    /// Lower end of the 95% confidence interval for the mean (NaN when `n < 2`).
    pub ci95_low: f64,
    /// Upper end of the 95% confidence interval for the mean (NaN when `n < 2`).
    pub ci95_high: f64,
    /// 5th percentile over replications.
    pub p05: f64,
    /// Median over replications.
    pub p50: f64,
    /// 90th percentile over replications.
    pub p90: f64,
    /// 95th percentile over replications.
    pub p95: f64,
}

impl Summary {
    /// The summary with its confidence interval clipped to the range of `unit`
    /// ([`Unit::range`]): a share's interval within [0, 1], a count's, an amount's or a
    /// duration's at least 0. A Student-t interval of few replications near a bound can cross
    /// it (a share of 0.99 and 1.0 in two replications gives an upper end above 1); the mean of
    /// values in the range cannot, so the clipped interval loses no coverage. A range that the
    /// mean itself lies outside of is widened to the mean, so the interval always holds it.
    pub fn clipped_to(mut self, unit: Unit) -> Summary {
        let (low, high) = unit.range();
        if self.ci95_low.is_finite() && self.mean.is_finite() {
            self.ci95_low = self.ci95_low.max(low.min(self.mean));
        }
        if self.ci95_high.is_finite() && self.mean.is_finite() {
            self.ci95_high = self.ci95_high.min(high.max(self.mean));
        }
        self
    }
}

/// Summarises the values of one metric, one value per replication, in replication order.
pub fn summarize(values: &[f64]) -> Summary {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = finite.len();
    if n == 0 {
        return Summary {
            n,
            mean: f64::NAN,
            std_dev: f64::NAN,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
            p05: f64::NAN,
            p50: f64::NAN,
            p90: f64::NAN,
            p95: f64::NAN,
        };
    }
    let (low, high) = t_confidence_interval(&finite, 0.95);
    let mean = finite.iter().sum::<f64>() / n as f64;
    let std_dev = sample_std_dev(&finite, mean);
    finite.sort_by(f64::total_cmp);
    Summary {
        n,
        mean,
        std_dev,
        ci95_low: low,
        ci95_high: high,
        p05: percentile(&finite, 0.05),
        p50: percentile(&finite, 0.50),
        p90: percentile(&finite, 0.90),
        p95: percentile(&finite, 0.95),
    }
}

/// The two-sided Student-t confidence interval for the mean of `values` at `level` (e.g. 0.95).
/// Returns `(NaN, NaN)` for fewer than two values.
pub fn t_confidence_interval(values: &[f64], level: f64) -> (f64, f64) {
    let n = values.len();
    if n < 2 {
        return (f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let std_dev = sample_std_dev(values, mean);
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64)
        .expect("degrees of freedom >= 1 are valid")
        .inverse_cdf(0.5 + level / 2.0);
    let half_width = t * std_dev / (n as f64).sqrt();
    (mean - half_width, mean + half_width)
}

/// The `p`-th quantile (0 <= p <= 1) of values **already sorted** ascending; type 7.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = p.clamp(0.0, 1.0) * (n - 1) as f64;
            let lower = pos.floor() as usize;
            let upper = (lower + 1).min(n - 1);
            let frac = pos - lower as f64;
            sorted[lower] + frac * (sorted[upper] - sorted[lower])
        }
    }
}

fn sample_std_dev(values: &[f64], mean: f64) -> f64 {
    let n = values.len();
    if n < 2 {
        return f64::NAN;
    }
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    (ss / (n - 1) as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: [f64; 10] = [1.02, 0.73, 3.20, 0.23, 1.76, 0.47, 1.89, 1.45, 0.44, 0.23];

    /// Hand-checked: mean 1.142, s 0.946582, t(0.975, 9) = 2.262157.
    #[test]
    fn confidence_interval_matches_hand_computation() {
        let summary = summarize(&DATA);
        assert_eq!(summary.n, 10);
        assert!((summary.mean - 1.142).abs() < 1e-12);
        assert!((summary.std_dev - 0.946582).abs() < 5e-7);
        assert!(
            (summary.ci95_low - 0.464856).abs() < 5e-7,
            "{}",
            summary.ci95_low
        );
        assert!(
            (summary.ci95_high - 1.819144).abs() < 5e-7,
            "{}",
            summary.ci95_high
        );
        let (low90, high90) = t_confidence_interval(&DATA, 0.90);
        assert!((low90 - 0.593284).abs() < 5e-7);
        assert!((high90 - 1.690716).abs() < 5e-7);
    }

    /// Type-7 percentiles of the same vector, as NumPy computes them.
    #[test]
    fn percentiles_interpolate_linearly() {
        let summary = summarize(&DATA);
        // Sorted: 0.23 0.23 0.44 0.47 0.73 1.02 1.45 1.76 1.89 3.20
        assert!((summary.p50 - 0.875).abs() < 1e-12);
        assert!((summary.p05 - 0.23).abs() < 1e-12);
        assert!((summary.p90 - (1.89 + 0.1 * (3.20 - 1.89))).abs() < 1e-12);
        assert!((summary.p95 - (1.89 + 0.55 * (3.20 - 1.89))).abs() < 1e-12);
        assert_eq!(percentile(&[4.0], 0.9), 4.0);
        assert!(percentile(&[], 0.5).is_nan());
    }

    #[test]
    fn intervals_are_clipped_to_the_range_of_their_unit() {
        let share = summarize(&[0.99, 1.0]);
        assert!(share.ci95_high > 1.0, "the t-interval crosses 1");
        let clipped = share.clone().clipped_to(Unit::Share);
        assert_eq!(clipped.ci95_high, 1.0);
        assert_eq!(clipped.ci95_low, share.ci95_low.max(0.0));
        assert_eq!(clipped.mean, share.mean);
        let count = summarize(&[0.0, 0.0, 3.0]);
        assert!(count.ci95_low < 0.0);
        assert_eq!(count.clone().clipped_to(Unit::Count).ci95_low, 0.0);
        assert_eq!(count.clone().clipped_to(Unit::Euro).ci95_low, 0.0);
        assert_eq!(count.clone().clipped_to(Unit::Days).ci95_low, 0.0);
        assert_eq!(count.clone().clipped_to(Unit::Number), count);
        // An interval inside the range is unchanged; a single value keeps its undefined ends.
        let inside = summarize(&DATA);
        assert_eq!(inside.clone().clipped_to(Unit::Count), inside);
        assert!(summarize(&[0.5]).clipped_to(Unit::Share).ci95_low.is_nan());
        // A mean outside the range (a utilisation above 1) stays inside its interval.
        let over = summarize(&[1.02, 1.04]).clipped_to(Unit::Share);
        assert!(over.ci95_low <= over.mean && over.mean <= over.ci95_high);
    }

    #[test]
    fn undefined_values_are_left_out_and_counted() {
        let summary = summarize(&[1.0, f64::NAN, 3.0]);
        assert_eq!(summary.n, 2);
        assert_eq!(summary.mean, 2.0);
        let single = summarize(&[5.0]);
        assert_eq!(single.n, 1);
        assert!(single.ci95_low.is_nan());
        assert_eq!(single.p50, 5.0);
        assert!(summarize(&[f64::NAN]).mean.is_nan());
    }
}
