//! Staff over time: the [`StaffPlan`] says how many people each pool starts with, who is hired
//! when (cohorts that ramp up over their training while experienced staff mentor them), what
//! share leaves per year, when yearly leave thins the pool out, which staff move on which day
//! (a level down or up, a transfer between pools), and what an FTE-year costs. From it follow
//! what the engine reads: each pool's number of servers on day 0 and its later changes
//! ([`PoolSpec::capacity_changes`](crate::model::PoolSpec)), and the payroll cost over the
//! observation window ([`Network::staff_cost_eur`](crate::model::Network)).
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
//! **Staff that changes on a day** (a `[[change]]` with `staff` and `hours`):
//! - A [`StaffMove`] is one mechanism for three things: a level down (`from` only: a cut, the
//!   end of temporary staff), a level up (`to` only: staff taken on, optionally ramping up over
//!   a training like a cohort, without mentoring) and a transfer (`from` and `to`: between the
//!   pools of a role at two locations, or between roles, optionally with a training in the new
//!   pool). From its day on, the moved FTE leave the payroll and the productive FTE of `from`
//!   and join those of `to`, and they are subject to attrition like everyone. A transfer keeps
//!   the payroll the same in total. A move never makes a pool negative: it moves at most what
//!   the `from` pool has on the payroll just before it ([`StaffPlan::applied_moves`]); the
//!   validator refuses a move larger than that, so the clamp only acts on a plan changed after
//!   validation (a planner lever that makes the pool smaller). Moves apply in day order, moves
//!   of one day in the order of [`StaffPlan::moves`]. A cut takes fully productive staff first:
//!   the pool's trainees stay (with a cut larger than the trained staff, its productive FTE
//!   stop at 0). Steering rules that act at run time are meant to add moves to this list and
//!   derive again; nothing else needs to change.
//! - Productive hours from a day on ([`PoolStaff::hours_changes`]) change the length of the
//!   working day on the pool's laid-out calendar from that day (days before stay as they were);
//!   the validator lays the calendar out, and hours change neither the servers nor the payroll.
//!
//! Pools of individual officers are not moved (their size is their list of officers).

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
    /// Dated moves of staff (levels down or up, transfers), in the order the scenario lists
    /// them (`[[change]]` by `[[change]]`, then `staff` entry by entry); they apply in day
    /// order, moves of one day in this order.
    pub moves: Vec<StaffMove>,
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
    /// Later productive hours, each from its day on, in day order (a `[[change]]`'s `hours`).
    /// Like [`PoolStaff::hours_per_week`] they are laid out into the pool's calendar by the
    /// validator; they change neither its servers nor its payroll.
    pub hours_changes: Vec<HoursChange>,
    /// Yearly leave periods of the pool's calendar.
    pub leave: Vec<LeaveDip>,
}

/// Productive hours per FTE per week from a day on.
#[derive(Clone, Debug, PartialEq)]
pub struct HoursChange {
    /// Day (since the start of the run) from which the hours hold; before the start they hold
    /// from day 0.
    pub day: i64,
    /// Productive hours per FTE per week from then on.
    pub hours_per_week: f64,
}

impl PoolStaff {
    /// Productive hours per FTE per week on `day`: those of the last change on or before it,
    /// else [`PoolStaff::hours_per_week`].
    pub fn hours_on(&self, day: i64) -> Option<f64> {
        self.hours_changes
            .iter()
            .rev()
            .find(|h| h.day <= day)
            .map(|h| h.hours_per_week)
            .or(self.hours_per_week)
    }
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

/// Staff that move on a day: a level down (`from` only), a level up (`to` only) or a transfer
/// between pools (both). From `day` on, the FTE moved leave the payroll and the productive FTE
/// of `from` and join those of `to` (productive by the training ramp), and attrition thins them
/// like everyone. See the module documentation for the rules.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffMove {
    /// Day (since the start of the run) of the move; may be before the start.
    pub day: i64,
    /// The pool the staff leave, if any.
    pub from: Option<PoolIdx>,
    /// The pool the staff join, if any.
    pub to: Option<PoolIdx>,
    /// FTE moved (above 0); at most what `from` has, see [`StaffPlan::applied_moves`].
    pub fte: f64,
    /// Days until the moved staff are fully productive in `to`, their productivity rising
    /// linearly from 0 (0: productive at once).
    pub training_days: f64,
}

impl StaffMove {
    /// A move of `fte` FTE on `day` from `from` to `to`, trained for `training_months` in `to`.
    pub fn new(
        day: i64,
        from: Option<PoolIdx>,
        to: Option<PoolIdx>,
        fte: f64,
        training_months: f64,
    ) -> StaffMove {
        StaffMove {
            day,
            from,
            to,
            fte,
            training_days: (training_months * DAYS_PER_YEAR / 12.0).max(0.0),
        }
    }

    /// The share of full productivity of the moved staff `since` days after the move.
    fn ramp(&self, since: f64) -> f64 {
        if since < self.training_days {
            since / self.training_days
        } else {
            1.0
        }
    }

    /// Whether the staff leave pool `pool`.
    fn leaves(&self, pool: usize) -> bool {
        self.from.is_some_and(|p| p.0 as usize == pool)
    }

    /// Whether the staff join pool `pool`.
    fn joins(&self, pool: usize) -> bool {
        self.to.is_some_and(|p| p.0 as usize == pool)
    }

    /// +1 for the pool the staff join, -1 for the one they leave (0 for both or neither): the
    /// change of its payroll per FTE moved.
    fn sign(&self, pool: usize) -> f64 {
        f64::from(u8::from(self.joins(pool))) - f64::from(u8::from(self.leaves(pool)))
    }
}

/// A move as it happens, after the rule that a pool never goes below 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AppliedMove {
    /// FTE on the payroll of the `from` pool just before the move (`None` for a level up).
    pub available: Option<f64>,
    /// FTE moved: the move's FTE, or what `from` had when that is less.
    pub fte: f64,
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
    /// Whether pool `pool` changes over time: it has leave, cohorts or moves, or staff leave.
    /// Only with a start date (leave, hiring and moves are dated).
    pub fn changes_over_time(&self, pool: usize, dates: Option<Dates>) -> bool {
        dates.is_some()
            && (!self.pools[pool].leave.is_empty()
                || self.cohorts.iter().any(|c| c.pool.0 as usize == pool)
                || self.moves.iter().any(|m| m.leaves(pool) || m.joins(pool))
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

    /// Every move as it happens, in the order of [`StaffPlan::moves`]: moves apply in day
    /// order (one day's in list order), each moving at most what its `from` pool has on the
    /// payroll just before it, so no pool goes below 0 and a transfer keeps the payroll.
    pub fn applied_moves(&self) -> Vec<AppliedMove> {
        let mut applied = vec![0.0; self.moves.len()];
        let mut out = vec![
            AppliedMove {
                available: None,
                fte: 0.0,
            };
            self.moves.len()
        ];
        let mut order: Vec<usize> = (0..self.moves.len()).collect();
        order.sort_by_key(|&i| self.moves[i].day);
        for i in order {
            let m = &self.moves[i];
            // Moves not applied yet count 0, so this is the payroll just before move `i`.
            let available = m
                .from
                .map(|p| self.payroll_with(p.0 as usize, m.day as f64, &applied));
            let asked = if m.fte.is_finite() {
                m.fte.max(0.0)
            } else {
                0.0
            };
            let fte = available.map_or(asked, |a| asked.min(a.max(0.0)));
            applied[i] = fte;
            out[i] = AppliedMove { available, fte };
        }
        out
    }

    /// The FTE each move moves, in the order of [`StaffPlan::moves`].
    fn applied_fte(&self) -> Vec<f64> {
        self.applied_moves().iter().map(|m| m.fte).collect()
    }

    /// FTE of pool `pool` on the payroll on `day` (before leave and mentoring), when it changes
    /// over time.
    pub fn payroll_fte(&self, pool: usize, day: f64) -> f64 {
        self.payroll_with(pool, day, &self.applied_fte())
    }

    /// [`StaffPlan::payroll_fte`] with the moves moving `applied` FTE each.
    fn payroll_with(&self, pool: usize, day: f64, applied: &[f64]) -> f64 {
        let hired: f64 = self
            .cohorts
            .iter()
            .filter(|c| c.pool.0 as usize == pool && day >= c.start_day as f64)
            .map(|c| c.count * self.keep((day - c.start_day as f64) / DAYS_PER_YEAR))
            .sum();
        let moved: f64 = self
            .moves
            .iter()
            .zip(applied)
            .filter(|(m, _)| day >= m.day as f64)
            .map(|(m, fte)| m.sign(pool) * fte * self.keep((day - m.day as f64) / DAYS_PER_YEAR))
            .sum();
        (self.base_fte(pool) * self.keep(day / DAYS_PER_YEAR) + hired + moved).max(0.0)
    }

    /// Productive FTE of pool `pool` on `day`, when it changes over time: trainees count by
    /// their ramp, minus the mentoring they take from it (before leave); staff moved in count by
    /// their ramp, staff moved out not at all; never below 0.
    pub fn productive_fte(&self, pool: usize, day: f64) -> f64 {
        self.productive_with(pool, day, &self.applied_fte())
    }

    /// [`StaffPlan::productive_fte`] with the moves moving `applied` FTE each.
    fn productive_with(&self, pool: usize, day: f64, applied: &[f64]) -> f64 {
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
        for (m, fte) in self.moves.iter().zip(applied) {
            let since = day - m.day as f64;
            let (leaves, joins) = (m.leaves(pool), m.joins(pool));
            if since < 0.0 || !(leaves || joins) {
                continue;
            }
            let staying = fte * self.keep(since / DAYS_PER_YEAR);
            if leaves {
                total -= staying;
            }
            if joins {
                total += staying * m.ramp(since);
            }
        }
        total.max(0.0)
    }

    /// Staff of pool `pool` present on `day`: productive FTE less those on leave, rounded to
    /// whole people.
    fn present_on(&self, pool: usize, day: usize, dates: Dates, applied: &[f64]) -> u32 {
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
        (self.productive_with(pool, day as f64, applied) * (1.0 - absent.min(1.0))).round() as u32
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
        let applied = self.applied_fte();
        let day0 = self.present_on(pool, 0, dates, &applied);
        let mut changes = Vec::new();
        let mut current = day0;
        for day in 1..horizon_days {
            let present = self.present_on(pool, day, dates, &applied);
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
        let first = window.warmup_end.day() as usize;
        let fte_days: f64 = self.fte_per_day(dates, window)[first..].iter().sum();
        Some(fte_days * cost / DAYS_PER_YEAR)
    }

    /// Payroll cost of all pools per calendar year of the observation window of `window`, as
    /// [`payroll_cost_eur`](Self::payroll_cost_eur) counts it (their sum is that cost), in year
    /// order. Empty without dates or without a cost per FTE-year.
    pub fn payroll_cost_by_year_eur(
        &self,
        dates: Option<Dates>,
        window: RunWindow,
    ) -> Vec<(i16, f64)> {
        let (Some(cost), Some(dates)) = (self.cost_per_fte_year_eur, dates) else {
            return Vec::new();
        };
        let first = window.warmup_end.day() as usize;
        let mut out: Vec<(i16, f64)> = Vec::new();
        for (day, fte) in self
            .fte_per_day(Some(dates), window)
            .iter()
            .enumerate()
            .skip(first)
        {
            let year = dates.date_of(day as i64).year();
            match out.last_mut() {
                Some((y, sum)) if *y == year => *sum += fte,
                _ => out.push((year, *fte)),
            }
        }
        for (_, sum) in &mut out {
            *sum *= cost / DAYS_PER_YEAR;
        }
        out
    }

    /// FTE on the payroll of all pools on each day up to the horizon (at midday); a pool that
    /// does not change over time counts its servers.
    fn fte_per_day(&self, dates: Option<Dates>, window: RunWindow) -> Vec<f64> {
        let changing: Vec<bool> = (0..self.pools.len())
            .map(|pool| self.changes_over_time(pool, dates))
            .collect();
        let applied = self.applied_fte();
        (0..horizon_days(window))
            .map(|day| {
                (0..self.pools.len())
                    .map(|pool| {
                        if changing[pool] {
                            self.payroll_with(pool, day as f64 + 0.5, &applied)
                        } else {
                            f64::from(self.pools[pool].servers)
                        }
                    })
                    .sum::<f64>()
            })
            .collect()
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
        self.staff_cost_by_year_eur = self.staff_plan.payroll_cost_by_year_eur(self.dates, window);
        // Staff are dated in the plan itself: every later network works with the same pools.
        for change in &mut self.changes {
            change.network.pools.clone_from(&self.pools);
            change.network.calendars.clone_from(&self.calendars);
            change.network.staff_plan.clone_from(&self.staff_plan);
            change.network.staff_cost_eur = self.staff_cost_eur;
            change
                .network
                .staff_cost_by_year_eur
                .clone_from(&self.staff_cost_by_year_eur);
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
            hours_changes: Vec::new(),
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

    fn day(d: u64) -> SimTime {
        SimTime(d * MINUTES_PER_DAY)
    }

    /// 100 FTE, 20 cut on day 50: 100 servers before, 80 from day 50 on; a year of payroll at
    /// EUR 90,000 per FTE-year is 50 days of 100 FTE and 315 of 80.
    #[test]
    fn a_cut_lowers_the_pool_from_its_day_and_its_payroll_to_the_euro() {
        let plan = StaffPlan {
            pools: vec![pool("a", 100, Some(100.0))],
            moves: vec![StaffMove::new(50, Some(PoolIdx(0)), None, 20.0, 0.0)],
            cost_per_fte_year_eur: Some(90_000.0),
            ..StaffPlan::default()
        };
        assert!(plan.changes_over_time(0, dates()));
        assert_eq!(plan.productive_fte(0, 49.0), 100.0);
        assert_eq!(plan.productive_fte(0, 50.0), 80.0);
        assert_eq!(plan.payroll_fte(0, 49.5), 100.0);
        assert_eq!(plan.payroll_fte(0, 50.0), 80.0);
        let s = plan.schedule(0, dates(), window(365));
        assert_eq!((s.servers, s.changes), (100, vec![(day(50), 80)]));
        let cost = plan.payroll_cost_eur(dates(), window(365)).unwrap();
        // (50 x 100 + 315 x 80) FTE-days = 30,200 at 90,000 / 365.25: EUR 7,441,478.44.
        assert!((cost - 7_441_478.44).abs() < 0.005, "{cost}");
        assert_eq!(
            plan.applied_moves(),
            vec![AppliedMove {
                available: Some(100.0),
                fte: 20.0
            }]
        );
    }

    /// 30 and 10 FTE; 10 move from a to b on day 20 with two months of training (60.875
    /// days): a has 20 from day 20; b keeps 10 productive that day and gains one FTE of output
    /// every 6.09 days (20 servers from day 78, fully trained on day 81); the payroll of the
    /// two stays 40 every day.
    #[test]
    fn a_transfer_moves_productive_staff_and_keeps_the_payroll() {
        let plan = StaffPlan {
            pools: vec![pool("a", 30, Some(30.0)), pool("b", 10, Some(10.0))],
            moves: vec![StaffMove::new(
                20,
                Some(PoolIdx(0)),
                Some(PoolIdx(1)),
                10.0,
                2.0,
            )],
            ..StaffPlan::default()
        };
        let a = plan.schedule(0, dates(), window(200));
        assert_eq!((a.servers, a.changes), (30, vec![(day(20), 20)]));
        let b = plan.schedule(1, dates(), window(200));
        assert_eq!(b.servers, 10);
        // 10 x since / 60.875 reaches n + 0.5 on day 20 + 6.0875 (n + 0.5).
        let expected: Vec<(SimTime, u32)> = (1..=10)
            .map(|n| {
                let since = (60.875 * (f64::from(n) - 0.5) / 10.0).ceil() as u64;
                (day(20 + since), 10 + n)
            })
            .collect();
        assert_eq!(b.changes, expected);
        assert_eq!(b.changes.last(), Some(&(day(78), 20))); // 19.53 FTE, rounded
        for d in [0.0, 19.5, 20.0, 50.0, 199.5] {
            let total = plan.payroll_fte(0, d) + plan.payroll_fte(1, d);
            assert_eq!(total, 40.0, "day {d}");
        }
        assert_eq!(plan.payroll_fte(0, 20.0), 20.0);
        assert_eq!(plan.payroll_fte(1, 20.0), 20.0);
    }

    /// A level up of 5 FTE on day 10 with no training is 5 more servers at once; a cut after
    /// attrition cuts from what is left, and both thin out with attrition afterwards.
    #[test]
    fn levels_go_up_and_down_subject_to_attrition() {
        let plan = StaffPlan {
            pools: vec![pool("a", 100, Some(100.0))],
            moves: vec![
                StaffMove::new(10, None, Some(PoolIdx(0)), 5.0, 0.0),
                StaffMove::new(365, Some(PoolIdx(0)), None, 20.0, 0.0),
            ],
            attrition_per_year: 0.1,
            ..StaffPlan::default()
        };
        let keep = |days: f64| 0.9f64.powf(days / DAYS_PER_YEAR);
        let at = |d: f64| 100.0 * keep(d) + 5.0 * keep(d - 10.0) - 20.0 * keep(d - 365.0);
        for d in [400.0, 730.0] {
            assert!((plan.payroll_fte(0, d) - at(d)).abs() < 1e-9, "day {d}");
            assert!((plan.productive_fte(0, d) - at(d)).abs() < 1e-9, "day {d}");
        }
        let applied = plan.applied_moves();
        let before_cut = 100.0 * keep(365.0) + 5.0 * keep(355.0);
        assert!((applied[1].available.unwrap() - before_cut).abs() < 1e-9);
        assert_eq!(applied[0].available, None);
    }

    /// A cut larger than the pool takes what there is, and no more: the pool is at 0, a
    /// transfer out of it afterwards moves nothing, and the payroll never goes negative.
    #[test]
    fn a_cut_never_makes_a_pool_negative() {
        let plan = StaffPlan {
            pools: vec![pool("a", 30, Some(30.0)), pool("b", 10, None)],
            moves: vec![
                StaffMove::new(40, Some(PoolIdx(0)), Some(PoolIdx(1)), 5.0, 0.0),
                StaffMove::new(30, Some(PoolIdx(0)), None, 50.0, 0.0),
            ],
            cost_per_fte_year_eur: Some(36_525.0),
            ..StaffPlan::default()
        };
        let applied = plan.applied_moves();
        // In day order: the cut (day 30) first, then the transfer (day 40) of nothing.
        assert_eq!(
            applied,
            vec![
                AppliedMove {
                    available: Some(0.0),
                    fte: 0.0
                },
                AppliedMove {
                    available: Some(30.0),
                    fte: 30.0
                }
            ]
        );
        assert_eq!(plan.payroll_fte(0, 100.0), 0.0);
        assert_eq!(plan.payroll_fte(1, 100.0), 10.0);
        let s = plan.schedule(0, dates(), window(100));
        assert_eq!((s.servers, s.changes), (30, vec![(day(30), 0)]));
        // 30 days of 40 FTE and 70 of 10 at EUR 100 per FTE-day.
        let cost = plan.payroll_cost_eur(dates(), window(100)).unwrap();
        assert!((cost - 190_000.0).abs() < 1e-6, "{cost}");
    }

    /// A cut takes trained staff first: with 10 trained and 10 trainees half-way, a cut of 15
    /// leaves no productive staff until the trainees' output exceeds 5 FTE.
    #[test]
    fn a_cut_takes_trained_staff_first() {
        let plan = StaffPlan {
            pools: vec![pool("a", 10, Some(10.0))],
            cohorts: vec![Cohort::new(PoolIdx(0), 0, 10.0, 0.0, 0.0)],
            moves: vec![StaffMove::new(5, Some(PoolIdx(0)), None, 15.0, 0.0)],
            ..StaffPlan::default()
        };
        assert_eq!(plan.payroll_fte(0, 6.0), 5.0);
        assert_eq!(plan.productive_fte(0, 6.0), 5.0);
        let plan = StaffPlan {
            cohorts: vec![Cohort {
                training_days: 100.0,
                ..Cohort::new(PoolIdx(0), 0, 10.0, 0.0, 0.0)
            }],
            ..plan
        };
        assert_eq!(plan.productive_fte(0, 50.0), 0.0); // 10 + 5 - 15
        assert_eq!(plan.productive_fte(0, 80.0), 3.0); // 10 + 8 - 15
        assert_eq!(plan.payroll_fte(0, 50.0), 5.0);
    }

    #[test]
    fn hours_hold_from_their_day() {
        let mut a = pool("a", 10, None);
        a.hours_per_week = Some(36.0);
        a.hours_changes = vec![
            HoursChange {
                day: 30,
                hours_per_week: 32.0,
            },
            HoursChange {
                day: 90,
                hours_per_week: 28.0,
            },
        ];
        let on = |d| a.hours_on(d);
        assert_eq!(
            (on(-5), on(29), on(30), on(89), on(90)),
            (Some(36.0), Some(36.0), Some(32.0), Some(32.0), Some(28.0))
        );
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
