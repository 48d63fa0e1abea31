//! Staff over time: the [`StaffPlan`] says how many people each pool starts with, who is hired
//! when (cohorts that ramp up over their training while experienced staff mentor them), what
//! share leaves per year, when yearly leave thins the pool out, and what an FTE-year costs. From
//! it follow what the engine reads: each pool's number of servers on day 0 and its later
//! changes ([`PoolSpec::capacity_changes`](crate::model::PoolSpec)), and the payroll cost over
//! the observation window ([`Network::staff_cost_eur`](crate::model::Network)).
//!
//! The scenario validator builds the plan from the file; [`Network::restaff`] derives the
//! schedules and the cost from it. The planner changes the plan (a pool's size, extra cohorts)
//! and derives again, so a candidate staffing never goes back through the file. The engine only
//! reads the derived schedule.
//!
//! Staff are counted in FTE and become servers (people working in parallel) by rounding; the
//! productive hours per FTE per week set the pool's working calendar
//! ([`PoolStaff::hours_per_week`]), not its number of servers.
//!
//! Not modelled yet, and meant to be added here: staffing that goes down at a date (a cut or
//! an end of temporary staff, a cohort with a negative count or an end date), transfers between
//! pools (a cohort that leaves one pool for another; [`Cohort::mentor_pool`] already lets the
//! mentoring load fall on another pool than the trainees'), and productive hours that change by
//! period (a list of dated hours per pool, each period on its own laid-out calendar). Each is
//! one more term in [`StaffPlan::productive_fte`] and [`StaffPlan::payroll_fte`].

use crate::calendar::Dates;
use crate::engine::{MINUTES_PER_DAY, SimTime};
use crate::model::{Network, PoolIdx, RunWindow};

/// The days in a year, for attrition and for the cost of an FTE-year.
const DAYS_PER_YEAR: f64 = 365.25;

/// Training months of a cohort whose scenario does not say.
pub const DEFAULT_TRAINING_MONTHS: f64 = 9.0;

/// The staffing of every pool over time, and what it costs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StaffPlan {
    /// One entry per pool, in the order of [`Network::pools`].
    pub pools: Vec<PoolStaff>,
    /// Hiring cohorts of all pools, in the order the scenario lists them per pool.
    pub cohorts: Vec<Cohort>,
    /// Share of the staff that leaves per year (applied continuously, to every pool and cohort),
    /// from 0 up to 0.999.
    pub attrition_per_year: f64,
    /// The cost of one FTE for a year, when the scenario gives it; without it there is no
    /// payroll cost.
    pub cost_per_fte_year_eur: Option<f64>,
}

/// The staff of one pool before hiring and attrition.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolStaff {
    /// The pool's name.
    pub name: String,
    /// People working in parallel when nothing changes over time: the file's `servers`, its
    /// `fte` rounded to whole people, or the number of individual officers.
    pub servers: u32,
    /// The pool's size in FTE when the file gives it as `fte`.
    pub fte: Option<f64>,
    /// Whether the pool is made of individual officers (its size is their number, not a lever).
    pub officers: bool,
    /// Productive hours per FTE per week, when the pool works on a calendar. They set the
    /// length of its working day (the pool's laid-out calendar in the network), not its size.
    pub hours_per_week: Option<f64>,
    /// Yearly leave periods of the pool's calendar.
    pub leave: Vec<LeaveDip>,
}

/// A yearly period (inclusive, may wrap over the new year) in which a share of staff is absent.
#[derive(Clone, Debug, PartialEq)]
pub struct LeaveDip {
    /// First day, (month, day).
    pub from: (i8, i8),
    /// Last day, (month, day).
    pub until: (i8, i8),
    /// Share of the staff absent, 0 to 1.
    pub absent: f64,
}

/// A cohort of new staff: from its start day its productivity rises linearly from 0 to 1 over
/// the training period, during which each trainee takes `mentoring` FTE of experienced staff of
/// the mentor pool.
#[derive(Clone, Debug, PartialEq)]
pub struct Cohort {
    /// The pool the new staff join.
    pub pool: PoolIdx,
    /// Day (since the start of the run) they start; may be before it.
    pub start_day: i64,
    /// FTE hired.
    pub count: f64,
    /// Days from the start until a trainee is fully productive (above 0).
    pub training_days: f64,
    /// FTE of mentoring each trainee takes during the training, 0 to 1.
    pub mentoring: f64,
    /// The pool whose staff mentor them (today always the cohort's own pool).
    pub mentor_pool: PoolIdx,
}

impl Cohort {
    /// A cohort of `count` FTE joining `pool` on `start_day`, trained for `training_months`
    /// with `mentoring` FTE per trainee from the same pool.
    pub fn new(
        pool: PoolIdx,
        start_day: i64,
        count: f64,
        training_months: f64,
        mentoring: f64,
    ) -> Cohort {
        Cohort {
            pool,
            start_day,
            count,
            training_days: (training_months * DAYS_PER_YEAR / 12.0).max(1e-9),
            mentoring,
            mentor_pool: pool,
        }
    }
}

/// What the engine reads of one pool's staffing.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// Servers on day 0.
    pub servers: u32,
    /// Every later change: (time, servers from then on), in time order.
    pub changes: Vec<(SimTime, u32)>,
}

impl StaffPlan {
    /// Whether pool `pool` changes over time: it has leave or cohorts, or staff leave. Only
    /// with a start date (leave and hiring are dated).
    pub fn changes_over_time(&self, pool: usize, dates: Option<Dates>) -> bool {
        dates.is_some()
            && (!self.pools[pool].leave.is_empty()
                || self.cohorts.iter().any(|c| c.pool.0 as usize == pool)
                || self.attrition_per_year > 0.0)
    }

    /// The share of staff still there after `years`.
    fn keep(&self, years: f64) -> f64 {
        (1.0 - self.attrition_per_year)
            .max(0.0)
            .powf(years.max(0.0))
    }

    /// The FTE pool `pool` starts from when it changes over time.
    fn base_fte(&self, pool: usize) -> f64 {
        let p = &self.pools[pool];
        p.fte.unwrap_or(f64::from(p.servers))
    }

    /// FTE of pool `pool` on the payroll on `day` (before leave and mentoring), when it changes
    /// over time.
    pub fn payroll_fte(&self, pool: usize, day: f64) -> f64 {
        let hired: f64 = self
            .cohorts
            .iter()
            .filter(|c| c.pool.0 as usize == pool && day >= c.start_day as f64)
            .map(|c| c.count * self.keep((day - c.start_day as f64) / DAYS_PER_YEAR))
            .sum();
        self.base_fte(pool) * self.keep(day / DAYS_PER_YEAR) + hired
    }

    /// Productive FTE of pool `pool` on `day`, when it changes over time: trainees count by
    /// their ramp, minus the mentoring they take from it (before leave).
    pub fn productive_fte(&self, pool: usize, day: f64) -> f64 {
        let mut total = self.base_fte(pool) * self.keep(day / DAYS_PER_YEAR);
        for c in &self.cohorts {
            let (joins, mentors) = (c.pool.0 as usize == pool, c.mentor_pool.0 as usize == pool);
            let since = day - c.start_day as f64;
            if !(joins || mentors) || since < 0.0 {
                continue;
            }
            let staying = c.count * self.keep(since / DAYS_PER_YEAR);
            if since < c.training_days {
                if joins {
                    total += staying * since / c.training_days;
                }
                if mentors {
                    total -= staying * c.mentoring;
                }
            } else if joins {
                total += staying;
            }
        }
        total.max(0.0)
    }

    /// Staff of pool `pool` present on `day`: productive FTE less those on leave, rounded to
    /// whole people.
    fn present_on(&self, pool: usize, day: usize, dates: Dates) -> u32 {
        let date = dates.date_of(day as i64);
        let md = (date.month(), date.day());
        let absent: f64 = self.pools[pool]
            .leave
            .iter()
            .filter(|l| {
                if l.from <= l.until {
                    l.from <= md && md <= l.until
                } else {
                    md >= l.from || md <= l.until
                }
            })
            .map(|l| l.absent)
            .sum();
        (self.productive_fte(pool, day as f64) * (1.0 - absent.min(1.0))).round() as u32
    }

    /// The servers of pool `pool` on day 0 and every later change up to the horizon of
    /// `window`: constant at [`PoolStaff::servers`] unless the pool changes over time
    /// ([`StaffPlan::changes_over_time`]), else the staff present per day.
    pub fn schedule(&self, pool: usize, dates: Option<Dates>, window: RunWindow) -> Schedule {
        let servers = self.pools[pool].servers;
        let Some(dates) = dates.filter(|_| self.changes_over_time(pool, dates)) else {
            return Schedule {
                servers,
                changes: Vec::new(),
            };
        };
        let horizon_days = horizon_days(window);
        let day0 = self.present_on(pool, 0, dates);
        let mut changes = Vec::new();
        let mut current = day0;
        for day in 1..horizon_days {
            let present = self.present_on(pool, day, dates);
            if present != current {
                changes.push((SimTime(day as u64 * MINUTES_PER_DAY), present));
                current = present;
            }
        }
        Schedule {
            servers: day0,
            changes,
        }
    }

    /// Payroll cost of all pools over the observation window of `window` (from the end of the
    /// warm-up to the horizon): FTE on the payroll each day (at midday) times the cost per
    /// FTE-year. A pool that does not change over time is paid for its servers. `None` without
    /// a cost per FTE-year.
    pub fn payroll_cost_eur(&self, dates: Option<Dates>, window: RunWindow) -> Option<f64> {
        let cost = self.cost_per_fte_year_eur?;
        let changing: Vec<bool> = (0..self.pools.len())
            .map(|pool| self.changes_over_time(pool, dates))
            .collect();
        let first = window.warmup_end.day() as usize;
        let fte_days: f64 = (first..horizon_days(window))
            .map(|day| {
                (0..self.pools.len())
                    .map(|pool| {
                        if changing[pool] {
                            self.payroll_fte(pool, day as f64 + 0.5)
                        } else {
                            f64::from(self.pools[pool].servers)
                        }
                    })
                    .sum::<f64>()
            })
            .sum();
        Some(fte_days * cost / DAYS_PER_YEAR)
    }

    /// Staff per pool as the file gives it, in pool order: its `fte`, else its servers (or
    /// number of officers); for reports.
    pub fn sizes(&self) -> Vec<(String, f64)> {
        self.pools
            .iter()
            .map(|p| (p.name.clone(), p.fte.unwrap_or(f64::from(p.servers))))
            .collect()
    }
}

/// Whole days up to the horizon (a part day counts).
fn horizon_days(window: RunWindow) -> usize {
    window.horizon.minutes().div_ceil(MINUTES_PER_DAY) as usize
}

impl Network {
    /// Derives what the engine reads from [`Network::staff_plan`]: every pool's servers on day 0
    /// and its capacity changes up to the horizon of `window`, and the payroll cost over its
    /// observation window.
    pub fn restaff(&mut self, window: RunWindow) {
        for (idx, pool) in self.pools.iter_mut().enumerate() {
            let schedule = self.staff_plan.schedule(idx, self.dates, window);
            pool.servers = schedule.servers;
            pool.capacity_changes = schedule.changes;
        }
        self.staff_cost_eur = self.staff_plan.payroll_cost_eur(self.dates, window);
        // Staff are dated in the plan itself: every later network works with the same pools.
        for change in &mut self.changes {
            change.network.pools.clone_from(&self.pools);
            change.network.calendars.clone_from(&self.calendars);
            change.network.staff_plan.clone_from(&self.staff_plan);
            change.network.staff_cost_eur = self.staff_cost_eur;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(name: &str, servers: u32, fte: Option<f64>) -> PoolStaff {
        PoolStaff {
            name: name.into(),
            servers,
            fte,
            officers: false,
            hours_per_week: None,
            leave: Vec::new(),
        }
    }

    fn window(days: u64) -> RunWindow {
        RunWindow {
            warmup_end: SimTime(0),
            horizon: SimTime(days * MINUTES_PER_DAY),
        }
    }

    fn dates() -> Option<Dates> {
        Some(Dates::new(jiff::civil::date(2026, 1, 1)))
    }

    /// 10 FTE, 4 hired on day 10 with 100 training days and 0.5 FTE mentoring each: on day 60
    /// they are half trained (4 x 0.5 = 2 FTE) and take 2 FTE of mentoring, so 10 FTE work.
    #[test]
    fn a_cohort_ramps_up_and_takes_mentoring() {
        let plan = StaffPlan {
            pools: vec![pool("a", 10, Some(10.0))],
            cohorts: vec![Cohort {
                pool: PoolIdx(0),
                start_day: 10,
                count: 4.0,
                training_days: 100.0,
                mentoring: 0.5,
                mentor_pool: PoolIdx(0),
            }],
            ..StaffPlan::default()
        };
        assert_eq!(plan.productive_fte(0, 5.0), 10.0);
        assert_eq!(plan.productive_fte(0, 10.0), 8.0); // day 1: no output, all the mentoring
        assert_eq!(plan.productive_fte(0, 60.0), 10.0);
        assert_eq!(plan.productive_fte(0, 85.0), 11.0); // 3 FTE of output, still 2 mentoring
        assert_eq!(plan.productive_fte(0, 110.0), 14.0);
        assert_eq!(plan.payroll_fte(0, 9.0), 10.0);
        assert_eq!(plan.payroll_fte(0, 10.0), 14.0);
        let s = plan.schedule(0, dates(), window(200));
        assert_eq!(s.servers, 10);
        // Down to 8 on day 10, then 0.04 FTE a day more (rounded: 8.52 on day 23, 9.52 on day
        // 48, ...), and all 14 from day 110.
        let day = |d: u64| SimTime(d * MINUTES_PER_DAY);
        assert_eq!(
            s.changes,
            vec![
                (day(10), 8),
                (day(23), 9),
                (day(48), 10),
                (day(73), 11),
                (day(98), 12),
                (day(110), 14)
            ]
        );
    }

    /// Mentoring from another pool lowers that pool, not the trainees' own.
    #[test]
    fn mentoring_falls_on_the_mentor_pool() {
        let plan = StaffPlan {
            pools: vec![pool("a", 10, None), pool("b", 6, None)],
            cohorts: vec![Cohort {
                pool: PoolIdx(0),
                start_day: 0,
                count: 4.0,
                training_days: 100.0,
                mentoring: 0.25,
                mentor_pool: PoolIdx(1),
            }],
            ..StaffPlan::default()
        };
        assert_eq!(plan.productive_fte(0, 50.0), 12.0);
        assert_eq!(plan.productive_fte(1, 50.0), 5.0);
    }

    /// 10% a year: half a year on, 100 FTE are 100 x 0.9^0.5; a year of cost at 1000 per
    /// FTE-year is the mean of that decline times 1000.
    #[test]
    fn attrition_thins_the_pool_and_its_cost() {
        let plan = StaffPlan {
            pools: vec![pool("a", 100, Some(100.0))],
            attrition_per_year: 0.1,
            cost_per_fte_year_eur: Some(1000.0),
            ..StaffPlan::default()
        };
        let half = plan.payroll_fte(0, DAYS_PER_YEAR / 2.0);
        assert!((half - 100.0 * 0.9f64.sqrt()).abs() < 1e-9, "{half}");
        let s = plan.schedule(0, dates(), window(366));
        assert_eq!(s.servers, 100);
        assert_eq!(s.changes.last().map(|c| c.1), Some(90));
        // The integral of 100 x 0.9^t over a year is 100 x (0.9 - 1) / ln 0.9 = 94.91.
        let cost = plan.payroll_cost_eur(dates(), window(365)).unwrap();
        assert!(
            (cost - 1000.0 * 94.91 * 365.0 / 365.25).abs() < 10.0,
            "{cost}"
        );
        // Without dates nothing is dated: constant staff, paid by its servers.
        assert_eq!(plan.schedule(0, None, window(366)).changes, Vec::new());
        let flat = plan.payroll_cost_eur(None, window(365)).unwrap();
        assert!(
            (flat - 100.0 * 1000.0 * 365.0 / 365.25).abs() < 1e-6,
            "{flat}"
        );
    }

    /// Nine months of training are 9 x 365.25 / 12 days; none is a tiny positive period.
    #[test]
    fn cohort_training_in_days() {
        let c = Cohort::new(PoolIdx(2), -5, 3.0, DEFAULT_TRAINING_MONTHS, 0.1);
        assert_eq!((c.training_days, c.mentor_pool), (273.9375, PoolIdx(2)));
        let c = Cohort::new(PoolIdx(0), 0, 3.0, 0.0, 0.0);
        assert!(c.training_days > 0.0 && c.training_days < 1e-6);
    }

    /// Leave over the new year (12-20 to 01-05) takes 30% of 10 out.
    #[test]
    fn leave_dips_wrap_over_the_new_year() {
        let mut a = pool("a", 10, None);
        a.leave.push(LeaveDip {
            from: (12, 20),
            until: (1, 5),
            absent: 0.3,
        });
        let plan = StaffPlan {
            pools: vec![a],
            ..StaffPlan::default()
        };
        let s = plan.schedule(0, dates(), window(365));
        assert_eq!(s.servers, 7);
        assert_eq!(
            s.changes,
            vec![
                (SimTime(5 * MINUTES_PER_DAY), 10),
                (SimTime(353 * MINUTES_PER_DAY), 7)
            ]
        );
    }
}
