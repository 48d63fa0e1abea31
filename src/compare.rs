//! Comparing scenarios run with common random numbers: per metric, each scenario's mean with its
//! confidence interval, and the paired difference to the base with its own interval.
//!
//! Replication r of every scenario uses the same random streams (same master seed), so the
//! differences `variant_r - base_r` cancel most of the noise the scenarios share: the paired
//! interval is narrower than the unpaired (Welch) one, often by a large factor. With several
//! variants, the intervals are Bonferroni-adjusted (level 1 - 0.05 / k for k variants), so the
//! statement "X is best" holds at 95% jointly.
//!
//! Key types: [`PairedDifference`], [`paired`], [`Comparison`], [`compare`]; per stream and
//! per track, and the largest effects: [`by_part`], [`largest_effects`].

mod effects;

pub use effects::{Effect, PartEffect, Verdict, by_part, difference_text, largest_effects};

use crate::experiment::Experiment;
use crate::model::Direction;
use crate::stats::{Summary, summarize, t_confidence_interval};

/// The difference variant - base over paired replications.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedDifference {
    /// Replications in which both have a value.
    pub n: usize,
    /// Mean difference.
    pub mean: f64,
    /// Confidence interval of the mean difference (paired t).
    pub ci_low: f64,
    /// See `ci_low`.
    pub ci_high: f64,
    /// Half-width of the unpaired (Welch-like, separate variances) interval at the same level,
    /// for comparison.
    pub unpaired_half_width: f64,
}

impl PairedDifference {
    /// True when the interval excludes zero.
    pub fn significant(&self) -> bool {
        self.ci_low > 0.0 || self.ci_high < 0.0
    }

    /// Half-width of the paired interval.
    pub fn half_width(&self) -> f64 {
        (self.ci_high - self.ci_low) / 2.0
    }
}

/// The paired difference of `variant` and `base` (values per replication, in replication order)
/// at confidence `level`.
pub fn paired(base: &[f64], variant: &[f64], level: f64) -> PairedDifference {
    let pairs: Vec<(f64, f64)> = base
        .iter()
        .zip(variant)
        .filter(|(b, v)| b.is_finite() && v.is_finite())
        .map(|(b, v)| (*b, *v))
        .collect();
    let diffs: Vec<f64> = pairs.iter().map(|(b, v)| v - b).collect();
    let n = diffs.len();
    let mean = if n == 0 {
        f64::NAN
    } else {
        diffs.iter().sum::<f64>() / n as f64
    };
    let (ci_low, ci_high) = t_confidence_interval(&diffs, level);
    let half = |values: Vec<f64>| {
        let (lo, hi) = t_confidence_interval(&values, level);
        (hi - lo) / 2.0
    };
    let hb = half(pairs.iter().map(|p| p.0).collect());
    let hv = half(pairs.iter().map(|p| p.1).collect());
    PairedDifference {
        n,
        mean,
        ci_low,
        ci_high,
        unpaired_half_width: (hb * hb + hv * hv).sqrt(),
    }
}

/// One metric compared across scenarios.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The metric.
    pub metric: String,
    /// Per scenario (base first): its summary, the interval clipped to the range of the
    /// metric's unit.
    pub summaries: Vec<Summary>,
    /// Per variant (scenario 1 on): the paired difference to the base.
    pub differences: Vec<PairedDifference>,
    /// The metric's unit (money is written to the cent).
    pub unit: crate::stats::Unit,
}

/// Compares every metric the runs share, base first. `runs` must use the same seed and number
/// of replications (common random numbers). Intervals are at 95%, Bonferroni-adjusted over the
/// variants.
pub fn compare(runs: &[&Experiment]) -> Vec<Comparison> {
    let Some(base) = runs.first() else {
        return Vec::new();
    };
    let n_variants = runs.len().saturating_sub(1).max(1);
    let level = 1.0 - 0.05 / n_variants as f64;
    base.metric_names()
        .enumerate()
        .filter_map(|(idx, name)| {
            let columns: Option<Vec<Vec<f64>>> = runs
                .iter()
                .map(|run| run.metric_index(name).map(|i| run.column(i)))
                .collect();
            let columns = columns?;
            let base_column = base.column(idx);
            let unit = base.catalogue.metrics()[idx].key.unit();
            Some(Comparison {
                metric: name.to_string(),
                summaries: (columns.iter())
                    .map(|c| summarize(c).clipped_to(unit))
                    .collect(),
                differences: columns[1..]
                    .iter()
                    .map(|c| paired(&base_column, c, level))
                    .collect(),
                unit,
            })
        })
        .collect()
}

/// Which way is better for a metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    /// Larger values are better (e.g. the share decided within term).
    Higher,
    /// Smaller values are better (e.g. penalties, backlog, throughput time).
    Lower,
}

impl Better {
    /// The usual direction for a metric of the catalogue; a metric that is neither better high
    /// nor low (arrivals, hours worked) is ranked lower-is-better unless the user says otherwise.
    pub fn for_direction(direction: Direction) -> Better {
        match direction {
            Direction::Higher => Better::Higher,
            Direction::Lower | Direction::Neither => Better::Lower,
        }
    }
}

/// The verdict on which scenario is best on a metric: the best mean, and each other scenario's
/// paired difference to it at a joint 95% level (Bonferroni over the comparisons with the best).
#[derive(Clone, Debug)]
pub struct BestVerdict {
    /// Index of the scenario with the best mean.
    pub best: usize,
    /// For every other scenario: (index, difference other - best).
    pub against: Vec<(usize, PairedDifference)>,
    /// True when the best is significantly better than every other scenario.
    pub clearly_best: bool,
}

impl BestVerdict {
    /// The scenarios the best is not significantly better than (indices).
    pub fn ties(&self) -> Vec<usize> {
        self.against
            .iter()
            .filter(|(_, d)| !d.significant())
            .map(|(i, _)| *i)
            .collect()
    }
}

/// Which of `runs` is best on `metric` in direction `better`.
pub fn best(runs: &[&Experiment], metric: &str, better: Better) -> Option<BestVerdict> {
    let columns: Vec<Vec<f64>> = runs
        .iter()
        .map(|run| {
            let idx = run.metric_index(metric)?;
            Some(run.column(idx))
        })
        .collect::<Option<_>>()?;
    let means: Vec<f64> = columns.iter().map(|c| summarize(c).mean).collect();
    let best = (0..means.len())
        .filter(|&i| means[i].is_finite())
        .max_by(|&a, &b| {
            let (x, y) = (means[a], means[b]);
            match better {
                Better::Higher => x.total_cmp(&y),
                Better::Lower => y.total_cmp(&x),
            }
        })?;
    let level = 1.0 - 0.05 / (runs.len().saturating_sub(1).max(1)) as f64;
    let against: Vec<(usize, PairedDifference)> = (0..runs.len())
        .filter(|&i| i != best)
        .map(|i| (i, paired(&columns[best], &columns[i], level)))
        .collect();
    let clearly_best = against.iter().all(|(_, d)| match better {
        Better::Higher => d.ci_high < 0.0,
        Better::Lower => d.ci_low > 0.0,
    });
    Some(BestVerdict {
        best,
        against,
        clearly_best,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paired_difference_by_hand() {
        // Differences 1, 2, 3: mean 2, s = 1, t(0.975, 2) = 4.302653 -> half-width 2.484138.
        let base = [10.0, 20.0, 30.0];
        let variant = [11.0, 22.0, 33.0];
        let d = paired(&base, &variant, 0.95);
        assert_eq!(d.n, 3);
        assert!((d.mean - 2.0).abs() < 1e-12);
        assert!(
            (d.half_width() - 2.484138).abs() < 1e-5,
            "{}",
            d.half_width()
        );
        assert!(!d.significant(), "the interval includes zero");
        // The shared noise (10, 20, 30) makes the unpaired interval far wider.
        assert!(d.unpaired_half_width > 10.0 * d.half_width());
    }
}
