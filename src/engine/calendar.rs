//! Working time: when staff work, and how long a piece of work takes on the clock.
//!
//! A [`WorkCalendar`] gives, for every day of the run, a working window (start minute and
//! length). Work progresses only inside windows: work of `w` minutes started at `t` finishes at
//! the moment when `w` working minutes have passed since `t`. Outside the days it covers, the
//! calendar is continuous time (work progresses around the clock); the covered days are chosen to
//! reach past the horizon, so that only matters for work that ends after the run anyway.
//!
//! The calendar is a table of prefix sums, so [`WorkCalendar::finish_time`] is a binary search:
//! O(log days), no allocation.

use crate::engine::{MINUTES_PER_DAY, SimTime};

/// A day's working window that does not fit in the day.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("day {day}: a window of {minutes} minutes from minute {start} does not fit in one day")]
pub struct WindowError {
    /// The day (0 = the first day of the table).
    pub day: usize,
    /// Minute of the day the window starts.
    pub start: u16,
    /// Length of the window in minutes.
    pub minutes: u16,
}

/// Working windows per day, with prefix sums of working minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkCalendar {
    /// Minute of the day at which work starts, per day.
    open: Vec<u16>,
    /// `cum[d]` = working minutes in days `0..d`; `cum.len() == open.len() + 1`.
    cum: Vec<u64>,
}

impl WorkCalendar {
    /// A calendar from the working window of each day: `(start minute, working minutes)`.
    /// Windows must lie within their day; a day with 0 minutes is a day off.
    pub fn from_days(days: &[(u16, u16)]) -> Result<WorkCalendar, WindowError> {
        let mut open = Vec::with_capacity(days.len());
        let mut cum = Vec::with_capacity(days.len() + 1);
        cum.push(0u64);
        for (idx, &(start, minutes)) in days.iter().enumerate() {
            if u64::from(start) + u64::from(minutes) > MINUTES_PER_DAY {
                return Err(WindowError {
                    day: idx,
                    start,
                    minutes,
                });
            }
            open.push(start);
            cum.push(cum[idx] + u64::from(minutes));
        }
        Ok(WorkCalendar { open, cum })
    }

    /// Number of days the table covers.
    pub fn n_days(&self) -> usize {
        self.open.len()
    }

    /// Working minutes available on day `day` (0 for a day off or a day beyond the table).
    pub fn minutes_on(&self, day: usize) -> u64 {
        if day < self.open.len() {
            self.cum[day + 1] - self.cum[day]
        } else {
            0
        }
    }

    /// Working minutes from the start of the run up to `t`.
    pub fn working_minutes_until(&self, t: SimTime) -> u64 {
        let day = (t.minutes() / MINUTES_PER_DAY) as usize;
        if day >= self.open.len() {
            let table_end = self.open.len() as u64 * MINUTES_PER_DAY;
            return self.cum[self.open.len()].saturating_add(t.minutes().saturating_sub(table_end));
        }
        let into_day = t.minutes() % MINUTES_PER_DAY;
        let start = u64::from(self.open[day]);
        let length = self.cum[day + 1] - self.cum[day];
        self.cum[day] + into_day.saturating_sub(start).min(length)
    }

    /// The earliest time at which `x` working minutes have passed since the start of the run.
    fn time_at(&self, x: u64) -> SimTime {
        let n = self.open.len();
        if x > self.cum[n] || n == 0 {
            let table_end = n as u64 * MINUTES_PER_DAY;
            return SimTime(table_end.saturating_add(x - self.cum[n]));
        }
        if x == 0 {
            // Nothing worked yet: the first window's start (or the table start).
            return match (0..n).find(|&d| self.minutes_on(d) > 0) {
                Some(d) => SimTime(d as u64 * MINUTES_PER_DAY + u64::from(self.open[d])),
                None => SimTime(n as u64 * MINUTES_PER_DAY),
            };
        }
        // The day d with cum[d] < x <= cum[d + 1].
        let day = self.cum.partition_point(|&c| c < x) - 1;
        self.time_on(day, x)
    }

    /// The time of working minute `x` on `day`, where `cum[day] < x <= cum[day + 1]`.
    fn time_on(&self, day: usize, x: u64) -> SimTime {
        SimTime(day as u64 * MINUTES_PER_DAY + u64::from(self.open[day]) + (x - self.cum[day]))
    }

    /// When work of `work` minutes, started (or queued to start) at `start`, is finished.
    /// Zero work finishes at once.
    pub fn finish_time(&self, start: SimTime, work: u64) -> SimTime {
        self.finish_after(start, self.working_minutes_until(start), work)
    }

    /// [`Self::finish_time`] for a `start` whose working minutes until it are `worked`.
    fn finish_after(&self, start: SimTime, worked: u64, work: u64) -> SimTime {
        if work == 0 {
            return start;
        }
        // Saturating: work beyond the end of time finishes never, not early.
        let x = worked.saturating_add(work);
        // Work takes hours to days: walk forward from the start day a few steps before falling
        // back to a binary search.
        let first_day = (start.minutes() / MINUTES_PER_DAY) as usize;
        let last_day = (first_day + 8).min(self.open.len());
        for day in first_day..last_day {
            if x <= self.cum[day + 1] {
                return self.time_on(day, x);
            }
        }
        self.time_at(x)
    }

    /// Work of `work` minutes taken up at `t`, in one look-up: the working minutes until `t`
    /// (as [`Self::working_minutes_until`]), when the work starts (as
    /// [`Self::next_working_moment`]) and when it is finished (as [`Self::finish_time`]).
    pub fn take_up(&self, t: SimTime, work: u64) -> (u64, SimTime, SimTime) {
        let worked = self.working_minutes_until(t);
        let next = self.finish_after(t, worked, 1);
        let starts = SimTime(next.minutes() - 1).max(t);
        (worked, starts, self.finish_after(t, worked, work))
    }

    /// The first moment at or after `t` at which work is possible.
    pub fn next_working_moment(&self, t: SimTime) -> SimTime {
        // The end of the next working minute, stepped back to its start.
        let next = self.finish_time(t, 1);
        SimTime(next.minutes() - 1).max(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NINE: u16 = 9 * 60;
    const EIGHT_HOURS: u16 = 8 * 60;

    /// Monday to Friday 09:00-17:00, then a weekend, for two weeks; day 0 is a Monday.
    fn office() -> WorkCalendar {
        let days: Vec<(u16, u16)> = (0..14)
            .map(|d| {
                if d % 7 < 5 {
                    (NINE, EIGHT_HOURS)
                } else {
                    (0, 0)
                }
            })
            .collect();
        WorkCalendar::from_days(&days).unwrap()
    }

    fn at(day: u64, hour: u64, minute: u64) -> SimTime {
        SimTime(day * MINUTES_PER_DAY + hour * 60 + minute)
    }

    #[test]
    fn work_beyond_the_end_of_time_finishes_never_not_early() {
        let cal = office();
        for start in [at(0, 10, 0), at(20, 10, 0)] {
            assert!(cal.finish_time(start, u64::MAX) >= SimTime(u64::MAX - MINUTES_PER_DAY * 30));
            assert!(cal.finish_time(start, u64::MAX / 2) > start);
        }
    }

    proptest::proptest! {
        /// Walking from the start day finds the day a search of the whole table finds.
        #[test]
        fn finish_time_agrees_with_a_search_of_the_whole_table(
            days in proptest::collection::vec((0u16..600, 0u16..600), 1..60),
            start in 0u64..70 * MINUTES_PER_DAY,
            work in 1u64..40_000,
        ) {
            let cal = WorkCalendar::from_days(&days).unwrap();
            let start = SimTime(start);
            let x = cal.working_minutes_until(start).saturating_add(work);
            proptest::prop_assert_eq!(cal.finish_time(start, work), cal.time_at(x));
        }
    }

    #[test]
    fn taking_up_work_agrees_with_its_three_look_ups() {
        let cal = office();
        for t in (0..20 * MINUTES_PER_DAY).step_by(97) {
            for work in [0, 1, 59, 480, 1_000, 10_000] {
                let t = SimTime(t);
                assert_eq!(
                    cal.take_up(t, work),
                    (
                        cal.working_minutes_until(t),
                        cal.next_working_moment(t),
                        cal.finish_time(t, work)
                    ),
                    "{t:?} {work}"
                );
            }
        }
    }

    #[test]
    fn work_within_one_day() {
        let cal = office();
        assert_eq!(cal.finish_time(at(0, 10, 0), 120), at(0, 12, 0));
        assert_eq!(
            cal.finish_time(at(0, 9, 0), 480),
            at(0, 17, 0),
            "ends at closing"
        );
    }

    #[test]
    fn work_started_outside_hours_waits_for_the_window() {
        let cal = office();
        assert_eq!(cal.finish_time(at(0, 6, 0), 60), at(0, 10, 0));
        assert_eq!(cal.finish_time(at(0, 20, 0), 60), at(1, 10, 0));
        assert_eq!(cal.next_working_moment(at(0, 20, 0)), at(1, 9, 0));
        assert_eq!(cal.next_working_moment(at(1, 11, 0)), at(1, 11, 0));
    }

    /// Friday 16:00 plus two hours of work crosses the weekend: Monday 10:00.
    #[test]
    fn work_crosses_a_weekend() {
        let cal = office();
        assert_eq!(cal.finish_time(at(4, 16, 0), 120), at(7, 10, 0));
        // Saturday start: Monday.
        assert_eq!(cal.finish_time(at(5, 12, 0), 30), at(7, 9, 30));
        // Two full working days from Thursday 09:00: Friday 17:00.
        assert_eq!(cal.finish_time(at(3, 9, 0), 960), at(4, 17, 0));
    }

    #[test]
    fn a_holiday_is_skipped() {
        let mut days: Vec<(u16, u16)> = (0..14)
            .map(|d| {
                if d % 7 < 5 {
                    (NINE, EIGHT_HOURS)
                } else {
                    (0, 0)
                }
            })
            .collect();
        days[7] = (0, 0); // the second Monday is a public holiday
        let cal = WorkCalendar::from_days(&days).unwrap();
        assert_eq!(cal.finish_time(at(4, 16, 0), 120), at(8, 10, 0));
        assert_eq!(cal.minutes_on(7), 0);
        assert_eq!(cal.minutes_on(8), 480);
    }

    #[test]
    fn beyond_the_table_time_is_continuous() {
        let cal = office();
        // Day 13 (a Sunday) is the last; from day 14 on, every minute is a working minute.
        assert_eq!(cal.finish_time(at(11, 16, 0), 120), at(14, 1, 0));
        assert_eq!(cal.working_minutes_until(at(15, 0, 0)), 10 * 480 + 1440);
    }

    #[test]
    fn windows_must_fit_in_a_day() {
        assert!(WorkCalendar::from_days(&[(1000, 500)]).is_err());
        assert_eq!(
            WorkCalendar::from_days(&[(540, 480), (1000, 500)])
                .unwrap_err()
                .to_string(),
            "day 1: a window of 500 minutes from minute 1000 does not fit in one day"
        );
    }
}
