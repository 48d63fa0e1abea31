//! Calendar months on day numbers: the first day of every month over a span of years around a
//! start date, so that adding months to a day (as the law counts them, with day clamping) is a
//! few table look-ups instead of date arithmetic.

use jiff::civil::Date;

use crate::calendar::Dates;

/// Years the table covers before the start date's year.
const YEARS_BEFORE: i16 = 100;
/// Years the table covers after the start date's year.
const YEARS_AFTER: i16 = 100;

/// The first day (from the start date) of each month from January, [`YEARS_BEFORE`] years
/// before the start date's year, through December, [`YEARS_AFTER`] years after it (within the
/// years dates can have), then the first day after the last month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthTable {
    /// `first[k]`: the first day of month `k`; the last entry ends the table.
    first: Vec<i64>,
}

impl MonthTable {
    /// The table for a run from `dates.start()`.
    pub fn new(dates: Dates) -> MonthTable {
        let year = dates.start().year();
        let first_year = year.saturating_sub(YEARS_BEFORE).max(Date::MIN.year());
        let last_year = year.saturating_add(YEARS_AFTER).min(Date::MAX.year());
        let january = Date::new(first_year, 1, 1).expect("a valid first of January");
        let mut day = dates.day_of(january);
        let mut first = Vec::with_capacity(12 * (last_year - first_year + 1) as usize + 1);
        for year in first_year..=last_year {
            for month in 1..=12 {
                first.push(day);
                let date = Date::new(year, month, 1).expect("a valid first of the month");
                day += i64::from(date.days_in_month());
            }
        }
        first.push(day);
        MonthTable { first }
    }

    /// True when `day` lies in a month of the table.
    #[inline]
    pub fn covers(&self, day: i64) -> bool {
        day >= self.first[0] && day < self.first[self.first.len() - 1]
    }

    /// The month (index into the table) that holds `day`, if the table covers it.
    #[inline]
    fn month_of(&self, day: i64) -> Option<usize> {
        if !self.covers(day) {
            return None;
        }
        let n_months = self.first.len() - 1;
        // 4,800 months are 146,097 days (400 Gregorian years): an estimate at most one off,
        // since the table starts on a first of January.
        let estimate = ((day - self.first[0]) * 4_800 / 146_097) as usize;
        let mut month = estimate.min(n_months - 1);
        while self.first[month + 1] <= day {
            month += 1;
        }
        while self.first[month] > day {
            month -= 1;
        }
        Some(month)
    }

    /// The day `months` calendar months after `day` (before it for negative `months`): the
    /// same day of the month, or that month's last day when it is shorter (31 January plus one
    /// month is 28 or 29 February), as [`Date::checked_add`] counts months. `None` when `day` or
    /// the result lies outside the table.
    #[inline]
    pub fn add_months(&self, day: i64, months: i32) -> Option<i64> {
        let month = self.month_of(day)?;
        let target = usize::try_from(month as i64 + i64::from(months)).ok()?;
        let target_first = *self.first.get(target)?;
        let target_end = *self.first.get(target + 1)?;
        let day_of_month = day - self.first[month];
        Some(target_first + day_of_month.min(target_end - target_first - 1))
    }
}

#[cfg(test)]
mod tests {
    use jiff::ToSpan;
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;

    /// The day `months` months after `day` by date arithmetic.
    fn by_dates(dates: Dates, day: i64, months: i32) -> i64 {
        let then = dates
            .date_of(day)
            .checked_add(i64::from(months).months())
            .expect("in range");
        dates.day_of(then)
    }

    #[test]
    fn month_ends_clamp() {
        let dates = Dates::new(date(2026, 1, 1));
        let table = MonthTable::new(dates);
        let day = |d| dates.day_of(d);
        let after = |d, m| table.add_months(day(d), m);
        assert_eq!(after(date(2026, 1, 31), 1), Some(day(date(2026, 2, 28))));
        assert_eq!(after(date(2024, 1, 31), 1), Some(day(date(2024, 2, 29))));
        assert_eq!(after(date(2024, 2, 29), 12), Some(day(date(2025, 2, 28))));
        assert_eq!(after(date(2024, 2, 29), 48), Some(day(date(2028, 2, 29))));
        assert_eq!(after(date(2026, 8, 31), 6), Some(day(date(2027, 2, 28))));
        assert_eq!(after(date(2026, 3, 31), -1), Some(day(date(2026, 2, 28))));
        // 2100 is no leap year, 2000 was one.
        assert_eq!(after(date(2099, 12, 29), 2), Some(day(date(2100, 2, 28))));
        assert_eq!(after(date(1999, 12, 29), 2), Some(day(date(2000, 2, 29))));
        assert_eq!(after(date(2026, 5, 10), 0), Some(day(date(2026, 5, 10))));
    }

    #[test]
    fn outside_the_table_nothing() {
        let dates = Dates::new(date(2026, 1, 1));
        let table = MonthTable::new(dates);
        let first = dates.day_of(date(1926, 1, 1));
        let end = dates.day_of(date(2127, 1, 1));
        assert!(table.covers(first) && !table.covers(first - 1));
        assert!(table.covers(end - 1) && !table.covers(end));
        assert_eq!(table.add_months(first - 1, 1), None);
        assert_eq!(table.add_months(end - 1, 1), None);
        assert_eq!(table.add_months(first, -1), None);
        assert_eq!(table.add_months(0, i32::MAX), None);
        assert_eq!(table.add_months(0, i32::MIN), None);
        assert_eq!(
            table.add_months(end - 1, 0),
            Some(dates.day_of(date(2126, 12, 31)))
        );
    }

    #[test]
    fn near_the_ends_of_the_calendar() {
        for start in [date(9990, 6, 15), date(-9990, 2, 28)] {
            let dates = Dates::new(start);
            let table = MonthTable::new(dates);
            for day in (-4_000..4_000).step_by(37) {
                for months in [-30, -1, 0, 1, 7, 30] {
                    let then = dates
                        .date_of(day)
                        .checked_add(i64::from(months).months())
                        .ok()
                        .map(|d| dates.day_of(d));
                    let by_table = table.add_months(day, months);
                    assert!(
                        by_table.is_none() || by_table == then,
                        "{start} {day} {months}"
                    );
                }
            }
        }
    }

    /// Start dates over four years and more (every pattern of month lengths and leap days,
    /// and month ends in particular).
    fn start() -> impl Strategy<Value = Date> {
        prop_oneof![
            (0i64..3_000).prop_map(|d| date(2020, 1, 1).checked_add(d.days()).unwrap()),
            (1900i16..2200, 1i8..=12).prop_map(|(y, m)| date(y, m, 1).last_of_month()),
        ]
    }

    proptest! {
        /// Over random start dates, days (before the start too) and numbers of months, the
        /// table gives the day that date arithmetic gives.
        #[test]
        fn the_table_agrees_with_date_arithmetic(
            start in start(),
            day in prop_oneof![-40_000i64..40_000, -2_000i64..4_000],
            months in prop_oneof![-30i32..30, 0i32..1_300],
        ) {
            let dates = Dates::new(start);
            let table = MonthTable::new(dates);
            if let Some(by_table) = table.add_months(day, months) {
                prop_assert_eq!(by_table, by_dates(dates, day, months));
            } else {
                // Only outside the table.
                let then = by_dates(dates, day, months);
                prop_assert!(!table.covers(day) || !table.covers(then));
            }
        }

        /// Month ends and leap days: the last days of every month of a random year.
        #[test]
        fn month_ends_agree(
            year in 1990i16..2100,
            month in 1i8..=12,
            back in 0i8..4,
            months in -50i32..50,
        ) {
            let dates = Dates::new(date(2026, 1, 1));
            let table = MonthTable::new(dates);
            let last = date(year, month, 1).last_of_month();
            let day = dates.day_of(last) - i64::from(back);
            prop_assert_eq!(table.add_months(day, months), Some(by_dates(dates, day, months)));
        }
    }
}
