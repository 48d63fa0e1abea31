//! The civil calendar: dates, Dutch public holidays (feestdagen) and working days.
//!
//! The simulation clock counts minutes from the scenario's start date at 00:00
//! ([`SimTime`](crate::engine::SimTime)); [`Dates`] converts between that clock and civil dates.
//! A [`WorkingWeek`] (which weekdays are worked, which public holidays are off, extra days off,
//! the start of the working day) becomes a [`WorkCalendar`] for a pool, given the minutes per
//! working day.
//!
//! A [`MonthTable`] adds calendar months to day numbers by table look-ups.
//!
//! Which holidays are days off is scenario data; this module only knows how to find the date of
//! each named holiday in a year (Easter by the Gregorian computus).

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use crate::engine::{MINUTES_PER_DAY, SimTime, WindowError, WorkCalendar};

mod months;

pub use months::MonthTable;

/// Converts between simulation time and civil dates. Day 0 is the start date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dates {
    start: Date,
}

impl Dates {
    /// A clock that starts at `start`, 00:00.
    pub fn new(start: Date) -> Dates {
        Dates { start }
    }

    /// The start date.
    pub fn start(&self) -> Date {
        self.start
    }

    /// Days from the start date to `date` (negative before the start).
    pub fn day_of(&self, date: Date) -> i64 {
        i64::from(
            self.start
                .until((jiff::Unit::Day, date))
                .expect("dates within jiff's range")
                .get_days(),
        )
    }

    /// The date of day `day` (which may be negative); a day beyond the range of dates gives the
    /// first or last representable date, so an extreme age or horizon cannot end a run.
    pub fn date_of(&self, day: i64) -> Date {
        // jiff's spans hold at most this many days, and no two dates are further apart.
        const SPAN_DAYS: i64 = 7_304_484;
        let limit = if day < 0 { Date::MIN } else { Date::MAX };
        self.start
            .checked_add(day.clamp(-SPAN_DAYS, SPAN_DAYS).days())
            .unwrap_or(limit)
    }

    /// The date on which simulation time `t` falls.
    pub fn date_at(&self, t: SimTime) -> Date {
        self.date_of((t.minutes() / MINUTES_PER_DAY) as i64)
    }

    /// Simulation time at 00:00 of `date`, for dates from the start on.
    pub fn time_of(&self, date: Date) -> Option<SimTime> {
        let day = self.day_of(date);
        u64::try_from(day)
            .ok()
            .map(|d| SimTime(d * MINUTES_PER_DAY))
    }
}

/// The calendar months a run covers: the first may start mid-month (at the start date), the last
/// may end mid-month (at the horizon).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunMonths {
    /// First day (relative to the start date) of each month; the first is 0.
    pub starts: Vec<i64>,
    /// The first date of each month (the start date for the first).
    pub first_dates: Vec<Date>,
    /// The first day after the run (the horizon's day, rounded up).
    pub end_day: i64,
}

impl RunMonths {
    /// The months of a run from `dates.start()` that ends at `horizon_minutes`.
    pub fn new(dates: Dates, horizon_minutes: u64) -> RunMonths {
        let mut starts = vec![0i64];
        let mut first_dates = vec![dates.start()];
        let mut first_of_month = dates.start().first_of_month();
        loop {
            let Ok(next) = first_of_month.checked_add(1.month()) else {
                break;
            };
            first_of_month = next;
            let day = dates.day_of(first_of_month);
            if day.saturating_mul(MINUTES_PER_DAY as i64) >= horizon_minutes as i64 {
                break;
            }
            starts.push(day);
            first_dates.push(first_of_month);
        }
        RunMonths {
            starts,
            first_dates,
            end_day: horizon_minutes.div_ceil(MINUTES_PER_DAY) as i64,
        }
    }

    /// Number of months.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when the run has no month (it cannot: every run has at least one).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The days `[first, end)` of month `idx`.
    pub fn days(&self, idx: usize) -> (i64, i64) {
        let end = self.starts.get(idx + 1).copied().unwrap_or(self.end_day);
        (self.starts[idx], end)
    }

    /// The month (index) of `day`, clamped to the run.
    pub fn month_of(&self, day: i64) -> usize {
        self.starts
            .partition_point(|&start| start <= day)
            .saturating_sub(1)
    }

    /// `YYYY-MM` of month `idx`.
    pub fn label(&self, idx: usize) -> String {
        let date = self.first_dates[idx];
        format!("{:04}-{:02}", date.year(), date.month())
    }
}

/// A public holiday with a rule for its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    /// Nieuwjaarsdag, 1 January.
    NewYear,
    /// Goede Vrijdag, two days before Easter Sunday.
    GoodFriday,
    /// Tweede Paasdag, the day after Easter Sunday.
    EasterMonday,
    /// Koningsdag, 27 April, or 26 April when the 27th is a Sunday.
    KingsDay,
    /// Bevrijdingsdag, 5 May.
    LiberationDay,
    /// Hemelvaartsdag, 39 days after Easter Sunday.
    Ascension,
    /// Tweede Pinksterdag, 50 days after Easter Sunday.
    WhitMonday,
    /// Eerste Kerstdag, 25 December.
    Christmas,
    /// Tweede Kerstdag, 26 December.
    BoxingDay,
}

impl Holiday {
    /// Every holiday with its scenario-file name.
    pub const ALL: [(&'static str, Holiday); 9] = [
        ("new_year", Holiday::NewYear),
        ("good_friday", Holiday::GoodFriday),
        ("easter_monday", Holiday::EasterMonday),
        ("kings_day", Holiday::KingsDay),
        ("liberation_day", Holiday::LiberationDay),
        ("ascension", Holiday::Ascension),
        ("whit_monday", Holiday::WhitMonday),
        ("christmas", Holiday::Christmas),
        ("boxing_day", Holiday::BoxingDay),
    ];

    /// The holiday called `name` in scenario files.
    pub fn from_name(name: &str) -> Option<Holiday> {
        Holiday::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, h)| *h)
    }

    /// Its date in `year`.
    pub fn date_in(self, year: i16) -> Date {
        let fixed = |month, day| Date::new(year, month, day).expect("a valid fixed date");
        let easter = easter_sunday(year);
        let from_easter = |days: i64| easter.checked_add(days.days()).expect("in range");
        match self {
            Holiday::NewYear => fixed(1, 1),
            Holiday::GoodFriday => from_easter(-2),
            Holiday::EasterMonday => from_easter(1),
            Holiday::KingsDay => {
                let day = fixed(4, 27);
                if day.weekday() == Weekday::Sunday {
                    fixed(4, 26)
                } else {
                    day
                }
            }
            Holiday::LiberationDay => fixed(5, 5),
            Holiday::Ascension => from_easter(39),
            Holiday::WhitMonday => from_easter(50),
            Holiday::Christmas => fixed(12, 25),
            Holiday::BoxingDay => fixed(12, 26),
        }
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/
/// Butcher").
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).expect("the computus yields a valid date")
}

/// When staff of a pool work: which weekdays, which holidays are off, extra days off, and the
/// time the working day starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkingWeek {
    /// Worked weekdays, Monday first.
    pub weekdays: [bool; 7],
    /// Public holidays that are days off.
    pub holidays: Vec<Holiday>,
    /// Further days off (e.g. a collective closing day).
    pub days_off: Vec<Date>,
    /// Minute of the day at which work starts (e.g. 540 for 09:00).
    pub start_minute: u16,
}

impl WorkingWeek {
    /// Is `date` a working day?
    pub fn is_working_day(&self, date: Date) -> bool {
        let weekday_idx = date.weekday().to_monday_zero_offset() as usize;
        self.weekdays[weekday_idx]
            && !self.holidays.iter().any(|h| h.date_in(date.year()) == date)
            && !self.days_off.contains(&date)
    }

    /// Number of worked weekdays per week.
    pub fn n_weekdays(&self) -> usize {
        self.weekdays.iter().filter(|&&w| w).count()
    }

    /// The working calendar of `n_days` days from `dates.start()`, each working day offering
    /// `minutes_per_day` working minutes from `start_minute` on.
    pub fn calendar(
        &self,
        dates: Dates,
        n_days: usize,
        minutes_per_day: u16,
    ) -> Result<WorkCalendar, WindowError> {
        self.calendar_by_period(dates, n_days, &[(0, minutes_per_day)])
    }

    /// The working calendar of `n_days` days from `dates.start()` whose working day changes
    /// length: `periods` are (first day, working minutes per working day), in day order, each
    /// holding from its first day until the next; the first also holds before its first day.
    /// A day's window starts at `start_minute` whatever its length.
    pub fn calendar_by_period(
        &self,
        dates: Dates,
        n_days: usize,
        periods: &[(usize, u16)],
    ) -> Result<WorkCalendar, WindowError> {
        let mut period = 0;
        let days: Vec<(u16, u16)> = (0..n_days)
            .map(|d| {
                while periods
                    .get(period + 1)
                    .is_some_and(|&(first, _)| first <= d)
                {
                    period += 1;
                }
                let minutes = periods.get(period).map_or(0, |&(_, m)| m);
                if self.is_working_day(dates.date_of(d as i64)) {
                    (self.start_minute, minutes)
                } else {
                    (0, 0)
                }
            })
            .collect();
        WorkCalendar::from_days(&days)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn easter_matches_published_dates() {
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert_eq!(easter_sunday(2019), date(2019, 4, 21));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
    }

    #[test]
    fn dutch_holidays_in_2026() {
        assert_eq!(Holiday::GoodFriday.date_in(2026), date(2026, 4, 3));
        assert_eq!(Holiday::EasterMonday.date_in(2026), date(2026, 4, 6));
        assert_eq!(Holiday::KingsDay.date_in(2026), date(2026, 4, 27));
        assert_eq!(Holiday::Ascension.date_in(2026), date(2026, 5, 14));
        assert_eq!(Holiday::WhitMonday.date_in(2026), date(2026, 5, 25));
        // 27 April 2025 was a Sunday: Koningsdag moved to Saturday the 26th.
        assert_eq!(Holiday::KingsDay.date_in(2025), date(2025, 4, 26));
        assert_eq!(Holiday::from_name("whit_monday"), Some(Holiday::WhitMonday));
        assert_eq!(Holiday::from_name("pentecost"), None);
    }

    #[test]
    fn dates_convert_both_ways() {
        let dates = Dates::new(date(2026, 1, 1));
        assert_eq!(dates.day_of(date(2026, 3, 1)), 59);
        assert_eq!(dates.day_of(date(2025, 12, 31)), -1);
        assert_eq!(dates.date_of(-1), date(2025, 12, 31));
        assert_eq!(dates.date_at(SimTime(59 * 1440 + 600)), date(2026, 3, 1));
        assert_eq!(dates.time_of(date(2026, 1, 2)), Some(SimTime(1440)));
        assert_eq!(dates.time_of(date(2025, 1, 2)), None);
    }

    /// Easter 2026: Thursday 2 April is worked, Good Friday 3 April off, the weekend off, Easter
    /// Monday 6 April off. Work of 2 hours started Thursday 16:00 finishes Tuesday 7 April
    /// 10:00; without holidays it would finish Friday 10:00.
    #[test]
    fn work_crosses_a_weekend_and_public_holidays() {
        let dates = Dates::new(date(2026, 3, 30)); // a Monday
        let mut week = WorkingWeek {
            weekdays: [true, true, true, true, true, false, false],
            holidays: vec![Holiday::GoodFriday, Holiday::EasterMonday],
            days_off: vec![],
            start_minute: 9 * 60,
        };
        let calendar = week.calendar(dates, 21, 8 * 60).unwrap();
        let thursday_four_pm = dates.time_of(date(2026, 4, 2)).unwrap().after(16 * 60);
        let finish = calendar.finish_time(thursday_four_pm, 120);
        assert_eq!(dates.date_at(finish), date(2026, 4, 7));
        assert_eq!(finish.minutes() % 1440, 10 * 60);

        week.holidays.clear();
        let calendar = week.calendar(dates, 21, 8 * 60).unwrap();
        let finish = calendar.finish_time(thursday_four_pm, 120);
        assert_eq!(dates.date_at(finish), date(2026, 4, 3));
        assert_eq!(week.n_weekdays(), 5);
    }

    /// Eight hours a day, then six from Wednesday 8 April (day 9) on: the days before keep
    /// their eight hours, and four hours of work started Wednesday at 13:00 run into Thursday.
    #[test]
    fn the_working_day_changes_length_from_a_day_on() {
        let dates = Dates::new(date(2026, 3, 30)); // a Monday
        let week = WorkingWeek {
            weekdays: [true, true, true, true, true, false, false],
            holidays: vec![],
            days_off: vec![],
            start_minute: 9 * 60,
        };
        let calendar = week
            .calendar_by_period(dates, 21, &[(0, 8 * 60), (9, 6 * 60)])
            .unwrap();
        assert_eq!(calendar, {
            let mut days: Vec<(u16, u16)> = (0..21)
                .map(|d| if d % 7 < 5 { (540, 480) } else { (0, 0) })
                .collect();
            days.iter_mut()
                .skip(9)
                .filter(|d| d.1 > 0)
                .for_each(|d| d.1 = 360);
            WorkCalendar::from_days(&days).unwrap()
        });
        assert_eq!(calendar.minutes_on(8), 480);
        assert_eq!(calendar.minutes_on(9), 360);
        let wednesday_one_pm = SimTime(9 * 1440 + 13 * 60);
        // 13:00 to 15:00 on Wednesday (the day ends at 15:00), 2 hours on Thursday: 11:00.
        assert_eq!(
            calendar.finish_time(wednesday_one_pm, 240),
            SimTime(10 * 1440 + 11 * 60)
        );
        // One period is the plain calendar.
        assert_eq!(
            week.calendar_by_period(dates, 21, &[(0, 480)]).unwrap(),
            week.calendar(dates, 21, 480).unwrap()
        );
    }
}
