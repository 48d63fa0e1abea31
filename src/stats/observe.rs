//! Per-replication collectors, fixed-size: recording an observation never allocates.

use crate::engine::{MINUTES_PER_DAY, SimTime};

/// A tally of durations observed one at a time (waits, throughput times), in whole minutes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    n: u64,
    sum: u128,
    sum_sq: u128,
}

impl Tally {
    /// Records one observation of `minutes`.
    #[inline]
    pub fn record(&mut self, minutes: u64) {
        self.n += 1;
        self.sum += u128::from(minutes);
        self.sum_sq += u128::from(minutes) * u128::from(minutes);
    }

    /// Adds the observations of `other` (exact: the sums are integers).
    pub fn merge(&mut self, other: &Tally) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Exact sum of the observations, in minutes.
    pub fn sum_minutes(&self) -> u128 {
        self.sum
    }

    /// Mean in days; NaN when nothing was observed.
    pub fn mean_days(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.sum as f64 / self.n as f64 / MINUTES_PER_DAY as f64
        }
    }

    /// Sample variance in days squared; NaN with fewer than two observations.
    pub fn variance_days(&self) -> f64 {
        if self.n < 2 {
            return f64::NAN;
        }
        let n = self.n as f64;
        let mean = self.sum as f64 / n;
        let var_minutes = (self.sum_sq as f64 - n * mean * mean) / (n - 1.0);
        var_minutes.max(0.0) / (MINUTES_PER_DAY as f64 * MINUTES_PER_DAY as f64)
    }
}

/// A histogram of durations in whole-day bins, for percentiles within a replication (median and
/// 90th percentile of throughput times). Fixed size: recording never allocates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayHistogram {
    /// `counts[d]` = observations of at least `d` and less than `d + 1` days; the last bin
    /// collects everything longer.
    counts: Vec<u64>,
    n: u64,
}

impl DayHistogram {
    /// A histogram with one bin per day up to `max_days`, and one for longer.
    pub fn new(max_days: usize) -> DayHistogram {
        DayHistogram {
            counts: vec![0; max_days + 1],
            n: 0,
        }
    }

    /// Records a duration of `minutes`.
    #[inline]
    pub fn record(&mut self, minutes: u64) {
        let bin = ((minutes / MINUTES_PER_DAY) as usize).min(self.counts.len() - 1);
        self.counts[bin] += 1;
        self.n += 1;
    }

    /// The `p`-th quantile in days (0 < p < 1), interpolating linearly within its one-day bin;
    /// NaN when empty. Exact to within a day, which is the resolution asked of it. A quantile
    /// in the last, open-ended bin is reported as that bin's lower bound.
    pub fn quantile_days(&self, p: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let target = p.clamp(0.0, 1.0) * self.n as f64;
        let mut below = 0u64;
        let last = self.counts.len() - 1;
        for (day, &count) in self.counts.iter().enumerate().take(last) {
            if count > 0 && (below + count) as f64 >= target {
                let within = (target - below as f64) / count as f64;
                return day as f64 + within;
            }
            below += count;
        }
        // In the open-ended last bin: report its lower bound ("at least").
        last as f64
    }
}

/// A level that changes at discrete moments (queue length, busy servers, cases in the system),
/// with its exact time integral in level-minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeWeighted {
    level: u64,
    since: SimTime,
    area: u128,
    start: SimTime,
}

impl TimeWeighted {
    /// A level of `level` from time `start` on.
    pub fn new(start: SimTime, level: u64) -> TimeWeighted {
        TimeWeighted {
            level,
            since: start,
            area: 0,
            start,
        }
    }

    /// The current level.
    #[inline]
    pub fn level(&self) -> u64 {
        self.level
    }

    /// Sets the level to `level` from `now` on.
    #[inline]
    pub fn set(&mut self, now: SimTime, level: u64) {
        self.area += u128::from(self.level) * u128::from(now.since(self.since));
        self.since = now;
        self.level = level;
    }

    /// Raises the level by one at `now`.
    #[inline]
    pub fn increment(&mut self, now: SimTime) {
        self.set(now, self.level + 1);
    }

    /// Lowers the level by one at `now`.
    #[inline]
    pub fn decrement(&mut self, now: SimTime) {
        debug_assert!(self.level > 0, "time-weighted level would go negative");
        self.set(now, self.level.saturating_sub(1));
    }

    /// Forgets the history: the integral restarts at `now` with the current level (warm-up end).
    pub fn restart(&mut self, now: SimTime) {
        self.area = 0;
        self.since = now;
        self.start = now;
    }

    /// The exact integral from the (re)start to `end`, in level-minutes.
    pub fn area_until(&self, end: SimTime) -> u128 {
        self.area + u128::from(self.level) * u128::from(end.since(self.since))
    }

    /// The time average from the (re)start to `end`; NaN for an empty window.
    pub fn mean_until(&self, end: SimTime) -> f64 {
        let span = end.since(self.start);
        if span == 0 {
            f64::NAN
        } else {
            self.area_until(end) as f64 / span as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_mean_and_variance_in_days() {
        let mut tally = Tally::default();
        assert!(tally.mean_days().is_nan());
        for days in [1u64, 2, 3] {
            tally.record(days * MINUTES_PER_DAY);
        }
        assert_eq!(tally.count(), 3);
        assert_eq!(tally.mean_days(), 2.0);
        assert!((tally.variance_days() - 1.0).abs() < 1e-12);
        let mut halves = (Tally::default(), Tally::default());
        halves.0.record(MINUTES_PER_DAY);
        halves.1.record(2 * MINUTES_PER_DAY);
        halves.1.record(3 * MINUTES_PER_DAY);
        halves.0.merge(&halves.1);
        assert_eq!(halves.0, tally, "merged halves are the whole");
    }

    #[test]
    fn day_histogram_quantiles() {
        let mut hist = DayHistogram::new(10);
        assert!(hist.quantile_days(0.5).is_nan());
        // Ten observations, one in each of days 0..9.
        for day in 0..10u64 {
            hist.record(day * MINUTES_PER_DAY + 60);
        }
        assert_eq!(hist.quantile_days(0.5), 5.0);
        assert_eq!(hist.quantile_days(0.9), 9.0);
        assert_eq!(hist.quantile_days(0.25), 2.5);
        // Longer than the last bin: counted in it.
        hist.record(100 * MINUTES_PER_DAY);
        assert_eq!(hist.quantile_days(1.0), 10.0);
    }

    #[test]
    fn time_weighted_integral_is_exact() {
        // Level 0 for 10 min, 2 for 5 min, 1 for 5 min: area 15, mean 0.75 over 20 min.
        let mut level = TimeWeighted::new(SimTime(0), 0);
        level.set(SimTime(10), 2);
        level.decrement(SimTime(15));
        assert_eq!(level.area_until(SimTime(20)), 15);
        assert_eq!(level.mean_until(SimTime(20)), 0.75);
        level.restart(SimTime(20));
        level.increment(SimTime(30));
        assert_eq!(level.area_until(SimTime(40)), 10 + 20);
        assert_eq!(level.mean_until(SimTime(40)), 1.5);
    }
}
