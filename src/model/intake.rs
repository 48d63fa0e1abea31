//! Monthly intake (instroom): how many cases arrive in each calendar month of a run.
//!
//! Two models:
//! - [`IntakeModel::Replay`]: the counts of a monthly series (e.g. CBS first applications),
//!   exactly, so past years can be replayed;
//! - [`IntakeModel::Generated`]: an [`IntakeGenerator`]: a base level per month, a seasonal
//!   profile, a trend, scheduled shocks, and month-to-month variation as a log-level AR(1)
//!   process (over-dispersed and autocorrelated, as real intake is), with Poisson or negative-
//!   binomial counts around it. The path is drawn anew in every replication, so results carry the
//!   intake uncertainty, not only the service randomness; with no variation the level is fixed
//!   (a scenario in the style of the official low / medium / high forecast).
//!
//! Within a month, arrivals fall uniformly at random over the month's minutes: given its count, a
//! Poisson process is uniform in time, so this is a (piecewise homogeneous) Poisson process.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Gamma, Poisson, StandardNormal};

use crate::calendar::RunMonths;

/// How many cases arrive in each month.
#[derive(Clone, Debug)]
pub enum IntakeModel {
    /// Exactly these counts, one per month of the run.
    Replay(Vec<u64>),
    /// Counts drawn from a model.
    Generated(IntakeGenerator),
}

/// A stochastic monthly intake model.
#[derive(Clone, Debug, PartialEq)]
pub struct IntakeGenerator {
    /// Mean cases per month at the start, before season, trend and shocks.
    pub per_month: f64,
    /// Seasonal factors for January to December, scaled to average 1.
    pub seasonal: [f64; 12],
    /// Relative growth per year (0.05: +5% a year, compounded monthly).
    pub trend_per_year: f64,
    /// Scheduled shocks: (first month index, number of months, multiplier).
    pub shocks: Vec<(usize, usize, f64)>,
    /// Log-level AR(1) variation: x_m = phi x_{m-1} + sigma e_m.
    pub phi: f64,
    /// Standard deviation of the AR(1) innovations (0: no variation).
    pub sigma: f64,
    /// The AR(1) state before the first month (0: at the mean).
    pub initial: f64,
    /// How counts scatter around the month's mean.
    pub counts: CountLaw,
}

/// The distribution of a month's count given its mean.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CountLaw {
    /// Poisson: variance = mean.
    Poisson,
    /// Negative binomial with size `k`: variance = mean + mean^2 / k.
    NegativeBinomial {
        /// The size (dispersion) parameter; larger is closer to Poisson.
        k: f64,
    },
}

impl IntakeGenerator {
    /// The expected count in month `idx` of `months` with the AR(1) state `x`.
    pub fn mean(&self, months: &RunMonths, idx: usize, x: f64) -> f64 {
        let date = months.first_dates[idx];
        let season = self.seasonal[(date.month() - 1) as usize];
        let (first, end) = months.days(idx);
        // A partial first or last month gets its share of the month's cases.
        let days_in_month = f64::from(date.days_in_month());
        let fraction = ((end - first) as f64 / days_in_month).min(1.0);
        let years = months.starts[idx] as f64 / 365.25;
        let trend = (1.0 + self.trend_per_year).powf(years);
        let shock: f64 = self
            .shocks
            .iter()
            .filter(|(from, n, _)| idx >= *from && idx < from + n)
            .map(|(_, _, multiplier)| multiplier)
            .product();
        // exp(x) has mean exp(v/2) for the stationary variance v: divide it out so the
        // configured level is the mean.
        let variance = if self.phi.abs() < 1.0 {
            self.sigma * self.sigma / (1.0 - self.phi * self.phi)
        } else {
            0.0
        };
        self.per_month * season * trend * shock * fraction * (x - variance / 2.0).exp()
    }

    /// Draws the counts of every month of `months`: the level path from `path_rng`, the counts
    /// around it from `count_rng`.
    pub fn draw<R: Rng + ?Sized>(
        &self,
        months: &RunMonths,
        path_rng: &mut R,
        count_rng: &mut R,
    ) -> Vec<u64> {
        let mut x = self.initial;
        (0..months.len())
            .map(|idx| {
                if self.sigma > 0.0 {
                    let e: f64 = StandardNormal.sample(path_rng);
                    x = self.phi * x + self.sigma * e;
                }
                let mean = self.mean(months, idx, x);
                draw_count(mean, self.counts, count_rng)
            })
            .collect()
    }
}

/// One count with the given mean.
pub(crate) fn draw_count<R: Rng + ?Sized>(mean: f64, law: CountLaw, rng: &mut R) -> u64 {
    if mean.is_nan() || mean <= 0.0 {
        return 0;
    }
    let lambda = match law {
        CountLaw::Poisson => mean,
        CountLaw::NegativeBinomial { k } => {
            // A gamma-mixed Poisson is negative binomial.
            Gamma::new(k, mean / k).map_or(mean, |g| g.sample(rng))
        }
    };
    if lambda.is_nan() || lambda <= 0.0 {
        return 0;
    }
    Poisson::new(lambda).map_or(0, |p| {
        let draw: f64 = p.sample(rng);
        draw as u64
    })
}

/// Arrival times for `count` cases in month `idx`: uniform over its minutes, sorted, written into
/// `out` (cleared first; its capacity is reused).
pub(crate) fn arrival_times<R: Rng + ?Sized>(
    months: &RunMonths,
    idx: usize,
    count: u64,
    rng: &mut R,
    out: &mut Vec<u64>,
) {
    let (first, end) = months.days(idx);
    let start = first as u64 * crate::engine::MINUTES_PER_DAY;
    let stop = end as u64 * crate::engine::MINUTES_PER_DAY;
    out.clear();
    out.extend((0..count).map(|_| rng.random_range(start..stop)));
    out.sort_unstable();
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use rand::SeedableRng;

    use super::*;
    use crate::calendar::Dates;
    use crate::engine::StreamRng;

    fn months(n_years: u64) -> RunMonths {
        let dates = Dates::new(date(2026, 1, 1));
        let days = dates.day_of(date(2026 + n_years as i16, 1, 1)) as u64;
        RunMonths::new(dates, days * 1440)
    }

    fn generator() -> IntakeGenerator {
        let mut seasonal = [1.0; 12];
        seasonal[8] = 1.5; // September
        seasonal[3] = 0.5; // April
        IntakeGenerator {
            per_month: 2000.0,
            seasonal,
            trend_per_year: 0.0,
            shocks: vec![],
            phi: 0.6,
            sigma: 0.15,
            initial: 0.0,
            counts: CountLaw::Poisson,
        }
    }

    /// Over many simulated years the generator reproduces its configured mean, its seasonal
    /// index, and the over-dispersion the AR(1) level implies.
    #[test]
    fn generator_reproduces_mean_season_and_dispersion() {
        let months = months(400);
        let model = generator();
        let mut path = StreamRng::seed_from_u64(1);
        let mut counts = StreamRng::seed_from_u64(2);
        let draws = model.draw(&months, &mut path, &mut counts);
        let by_month = |m: usize| -> Vec<f64> {
            draws
                .iter()
                .enumerate()
                .filter(|(idx, _)| idx % 12 == m)
                .map(|(_, &c)| c as f64)
                .collect()
        };
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        // Ordinary months: mean 2000 (standard error about 2000 * 0.19 / sqrt(400) = 19).
        let january = mean(&by_month(0));
        assert!((january - 2000.0).abs() < 80.0, "January mean {january}");
        let september = mean(&by_month(8));
        assert!(
            (september / january - 1.5).abs() < 0.08,
            "seasonal index {}",
            september / january
        );
        let april = mean(&by_month(3));
        assert!(
            (april / january - 0.5).abs() < 0.04,
            "seasonal index {}",
            april / january
        );
        // Dispersion: the variance of log counts in January is about the AR(1) stationary
        // variance 0.15^2 / (1 - 0.36) = 0.0352 (plus a little Poisson noise), far above Poisson.
        let logs: Vec<f64> = by_month(0).iter().map(|c| c.ln()).collect();
        let m = mean(&logs);
        let var = logs.iter().map(|l| (l - m) * (l - m)).sum::<f64>() / (logs.len() - 1) as f64;
        assert!(
            (var - 0.0352 - 0.0005).abs() < 0.008,
            "variance of log counts {var}"
        );
    }

    #[test]
    fn shocks_trend_and_fixed_levels() {
        let months = months(3);
        let mut model = generator();
        model.sigma = 0.0;
        model.seasonal = [1.0; 12];
        model.trend_per_year = 0.10;
        model.shocks = vec![(12, 3, 2.0)];
        // Without variation the means are exact.
        assert!((model.mean(&months, 0, 0.0) - 2000.0).abs() < 1e-9);
        let year_two = model.mean(&months, 24, 0.0);
        let years = months.starts[24] as f64 / 365.25;
        assert!((year_two - 2000.0 * 1.1f64.powf(years)).abs() < 1e-6);
        let shocked = model.mean(&months, 13, 0.0);
        let unshocked = model.mean(&months, 16, 0.0);
        assert!(shocked > 1.9 * unshocked, "{shocked} vs {unshocked}");
    }

    #[test]
    fn negative_binomial_is_over_dispersed() {
        let mut rng = StreamRng::seed_from_u64(5);
        let law = CountLaw::NegativeBinomial { k: 10.0 };
        let draws: Vec<f64> = (0..20_000)
            .map(|_| draw_count(100.0, law, &mut rng) as f64)
            .collect();
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        let var = draws.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / draws.len() as f64;
        assert!((mean - 100.0).abs() < 1.0, "mean {mean}");
        // Variance 100 + 100^2 / 10 = 1100.
        assert!((var - 1100.0).abs() < 60.0, "variance {var}");
    }

    #[test]
    fn arrival_times_fall_inside_their_month() {
        let months = months(1);
        let mut rng = StreamRng::seed_from_u64(3);
        let mut out = Vec::new();
        arrival_times(&months, 1, 500, &mut rng, &mut out);
        assert_eq!(out.len(), 500);
        assert!(out.windows(2).all(|w| w[0] <= w[1]));
        let (first, end) = months.days(1); // February
        assert!(
            out.iter()
                .all(|&t| t >= first as u64 * 1440 && t < end as u64 * 1440)
        );
    }
}
