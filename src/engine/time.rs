//! Simulation time as an integer count of minutes since the scenario start.
//!
//! Integer time makes deadlines, ties and calendars exact: two events scheduled for the same
//! minute are simultaneous, and the event queue orders them by insertion (see
//! [`EventQueue`](crate::engine::EventQueue)). `u64` minutes cover 35 trillion years.

use std::fmt;

/// Minutes in one hour.
pub const MINUTES_PER_HOUR: u64 = 60;
/// Minutes in one calendar day.
pub const MINUTES_PER_DAY: u64 = 24 * MINUTES_PER_HOUR;

/// A point in simulated time: whole minutes since the start of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of every run.
    pub const ZERO: SimTime = SimTime(0);
    /// A time that is never reached; used as "no deadline".
    pub const NEVER: SimTime = SimTime(u64::MAX);

    /// The time `days` whole days after the start.
    pub const fn from_days(days: u64) -> SimTime {
        SimTime(days * MINUTES_PER_DAY)
    }

    /// Minutes since the start.
    pub const fn minutes(self) -> u64 {
        self.0
    }

    /// The day this time falls on, counted from the start (day 0).
    pub const fn day(self) -> u64 {
        self.0 / MINUTES_PER_DAY
    }

    /// Time since the start in (fractional) days, for reporting.
    pub fn as_days(self) -> f64 {
        self.0 as f64 / MINUTES_PER_DAY as f64
    }

    /// This time plus `minutes`, saturating at [`SimTime::NEVER`].
    #[must_use]
    pub const fn after(self, minutes: u64) -> SimTime {
        SimTime(self.0.saturating_add(minutes))
    }

    /// Minutes from `earlier` to `self`; zero if `earlier` is later.
    pub const fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0 / MINUTES_PER_DAY;
        let rest = self.0 % MINUTES_PER_DAY;
        write!(
            f,
            "day {days} {:02}:{:02}",
            rest / MINUTES_PER_HOUR,
            rest % MINUTES_PER_HOUR
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic_is_exact() {
        let t = SimTime::from_days(3).after(90);
        assert_eq!(t.minutes(), 3 * 1440 + 90);
        assert_eq!(t.since(SimTime::from_days(3)), 90);
        assert_eq!(SimTime::ZERO.since(t), 0);
        assert_eq!(t.to_string(), "day 3 01:30");
        assert_eq!(SimTime::NEVER.after(5), SimTime::NEVER);
    }
}
