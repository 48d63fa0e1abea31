//! Duration distributions, sampled in whole minutes.
//!
//! A [`Dist`] holds its parameters in minutes; [`Dist::sample_minutes`] rounds a draw to the
//! nearest whole minute (never negative). Rounding to the nearest minute keeps the mean unbiased
//! to within a small fraction of a minute, far below any duration the model cares about.

use rand::Rng;
use rand_distr::{Distribution, Exp, Gamma, LogNormal, Triangular, Uniform};

/// Parameters a distribution cannot have.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DistError {
    /// A mean or coefficient of variation is zero, negative, infinite or NaN.
    #[error("{name} must be a positive number, got {value}")]
    NotPositive {
        /// The parameter (`mean`, `cv`).
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// A constant value or a bound is negative, infinite or NaN.
    #[error("{name} must be zero or positive, got {value}")]
    Negative {
        /// The parameter (`value`, `min`, `max`).
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// A uniform distribution's `max` is not above its `min`.
    #[error("max ({max}) must be greater than min ({min})")]
    EmptyRange {
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
    },
    /// A triangular distribution's mode lies outside `[min, max]`, or `min` is not below `max`.
    #[error("need min <= mode <= max and min < max, got min = {min}, mode = {mode}, max = {max}")]
    ModeOutside {
        /// The lower bound.
        min: f64,
        /// The mode.
        mode: f64,
        /// The upper bound.
        max: f64,
    },
    /// The sampler refused parameters that passed the checks above (e.g. a shape that
    /// overflows); the message is `rand_distr`'s.
    #[error("{0}")]
    Sampler(String),
}

/// A probability distribution of a duration, in minutes.
#[derive(Clone, Debug)]
pub enum Dist {
    /// Always the same value.
    Fixed(f64),
    /// Exponential with the given mean (memoryless; the "M" in M/M/c).
    Exponential {
        /// Mean in minutes.
        mean: f64,
        /// The sampler.
        exp: Exp<f64>,
    },
    /// Uniform between `min` and `max`.
    Uniform {
        /// The sampler (its bounds in minutes).
        uniform: Uniform<f64>,
        /// Mean in minutes.
        mean: f64,
    },
    /// Triangular with `min`, `mode`, `max`.
    Triangular {
        /// The sampler.
        triangular: Triangular<f64>,
        /// Mean in minutes.
        mean: f64,
    },
    /// Log-normal with a given mean and coefficient of variation.
    LogNormal {
        /// The sampler.
        lognormal: LogNormal<f64>,
        /// Mean in minutes.
        mean: f64,
    },
    /// Gamma with a given mean and coefficient of variation (Erlang-k when cv = 1/sqrt(k)).
    Gamma {
        /// The sampler.
        gamma: Gamma<f64>,
        /// Mean in minutes.
        mean: f64,
    },
}

impl Dist {
    /// A constant duration of `value` minutes.
    pub fn fixed(value: f64) -> Result<Dist, DistError> {
        check_non_negative("value", value)?;
        Ok(Dist::Fixed(value))
    }

    /// Exponential with mean `mean` minutes.
    pub fn exponential(mean: f64) -> Result<Dist, DistError> {
        check_positive("mean", mean)?;
        let exp = Exp::new(1.0 / mean).map_err(|e| DistError::Sampler(e.to_string()))?;
        Ok(Dist::Exponential { mean, exp })
    }

    /// Uniform on `[min, max]` minutes.
    pub fn uniform(min: f64, max: f64) -> Result<Dist, DistError> {
        check_non_negative("min", min)?;
        check_non_negative("max", max)?;
        if max <= min {
            return Err(DistError::EmptyRange { min, max });
        }
        let uniform =
            Uniform::new_inclusive(min, max).map_err(|e| DistError::Sampler(e.to_string()))?;
        Ok(Dist::Uniform {
            uniform,
            mean: (min + max) / 2.0,
        })
    }

    /// Triangular on `[min, max]` minutes with mode `mode`.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Dist, DistError> {
        check_non_negative("min", min)?;
        if !(min <= mode && mode <= max && min < max) {
            return Err(DistError::ModeOutside { min, mode, max });
        }
        let triangular =
            Triangular::new(min, max, mode).map_err(|e| DistError::Sampler(e.to_string()))?;
        Ok(Dist::Triangular {
            triangular,
            mean: (min + mode + max) / 3.0,
        })
    }

    /// Log-normal with mean `mean` minutes and coefficient of variation `cv`.
    pub fn lognormal(mean: f64, cv: f64) -> Result<Dist, DistError> {
        check_positive("mean", mean)?;
        check_positive("cv", cv)?;
        let lognormal =
            LogNormal::from_mean_cv(mean, cv).map_err(|e| DistError::Sampler(e.to_string()))?;
        Ok(Dist::LogNormal { lognormal, mean })
    }

    /// Gamma with mean `mean` minutes and coefficient of variation `cv`.
    pub fn gamma(mean: f64, cv: f64) -> Result<Dist, DistError> {
        check_positive("mean", mean)?;
        check_positive("cv", cv)?;
        let shape = 1.0 / (cv * cv);
        let gamma =
            Gamma::new(shape, mean / shape).map_err(|e| DistError::Sampler(e.to_string()))?;
        Ok(Dist::Gamma { gamma, mean })
    }

    /// The mean of the distribution, in minutes.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Fixed(value) => *value,
            Dist::Exponential { mean, .. }
            | Dist::Uniform { mean, .. }
            | Dist::Triangular { mean, .. }
            | Dist::LogNormal { mean, .. }
            | Dist::Gamma { mean, .. } => *mean,
        }
    }

    /// One draw, in minutes, not rounded.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Fixed(value) => *value,
            Dist::Exponential { exp, .. } => exp.sample(rng),
            Dist::Uniform { uniform, .. } => uniform.sample(rng),
            Dist::Triangular { triangular, .. } => triangular.sample(rng),
            Dist::LogNormal { lognormal, .. } => lognormal.sample(rng),
            Dist::Gamma { gamma, .. } => gamma.sample(rng),
        }
    }

    /// One draw rounded to the nearest whole minute.
    pub fn sample_minutes<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        round_minutes(self.sample(rng))
    }
}

/// Rounds a non-negative number of minutes to the nearest whole minute (negative and NaN give 0).
pub fn round_minutes(minutes: f64) -> u64 {
    if minutes.is_nan() || minutes <= 0.0 {
        0
    } else {
        (minutes + 0.5) as u64
    }
}

fn check_positive(name: &'static str, value: f64) -> Result<(), DistError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(DistError::NotPositive { name, value })
    }
}

fn check_non_negative(name: &'static str, value: f64) -> Result<(), DistError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(DistError::Negative { name, value })
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::engine::StreamRng;

    fn sample_mean(dist: &Dist, n: usize) -> f64 {
        let mut rng = StreamRng::seed_from_u64(1);
        (0..n)
            .map(|_| dist.sample_minutes(&mut rng) as f64)
            .sum::<f64>()
            / n as f64
    }

    #[test]
    fn sampled_means_match_declared_means() {
        let cases = [
            Dist::fixed(90.0).unwrap(),
            Dist::exponential(1440.0).unwrap(),
            Dist::uniform(60.0, 180.0).unwrap(),
            Dist::triangular(60.0, 90.0, 300.0).unwrap(),
            Dist::lognormal(480.0, 0.5).unwrap(),
            Dist::gamma(480.0, 0.5).unwrap(),
        ];
        for dist in &cases {
            let got = sample_mean(dist, 200_000);
            let want = dist.mean();
            assert!(
                (got - want).abs() < 0.01 * want,
                "{dist:?}: sample mean {got}, declared {want}"
            );
        }
    }

    #[test]
    fn bad_parameters_are_refused_with_a_reason() {
        let reason = |e: DistError| e.to_string();
        assert!(reason(Dist::exponential(-1.0).unwrap_err()).contains("mean"));
        assert!(Dist::exponential(f64::NAN).is_err());
        assert!(reason(Dist::uniform(5.0, 5.0).unwrap_err()).contains("max"));
        assert!(Dist::triangular(1.0, 5.0, 3.0).is_err());
        assert!(reason(Dist::gamma(10.0, 0.0).unwrap_err()).contains("cv"));
        assert!(Dist::fixed(-2.0).is_err());
        // The messages users see.
        assert_eq!(
            reason(Dist::exponential(-1.0).unwrap_err()),
            "mean must be a positive number, got -1"
        );
        assert_eq!(
            reason(Dist::fixed(-2.0).unwrap_err()),
            "value must be zero or positive, got -2"
        );
        assert_eq!(
            reason(Dist::uniform(5.0, 5.0).unwrap_err()),
            "max (5) must be greater than min (5)"
        );
        assert_eq!(
            reason(Dist::triangular(1.0, 5.0, 3.0).unwrap_err()),
            "need min <= mode <= max and min < max, got min = 1, mode = 5, max = 3"
        );
    }

    #[test]
    fn rounding_is_to_nearest_and_never_negative() {
        assert_eq!(round_minutes(0.49), 0);
        assert_eq!(round_minutes(0.5), 1);
        assert_eq!(round_minutes(-3.0), 0);
        assert_eq!(round_minutes(f64::NAN), 0);
        assert_eq!(round_minutes(1439.6), 1440);
    }
}
