//! The decision terms of a run in day numbers: the same last day as the date arithmetic of
//! [`TermRules`] gives, by table look-ups.
//!
//! A case is lodged on a day of the run (negative for a case lodged before the start date), and
//! its term ends on a day. [`TermTable`] holds the rules' dates (lodging ranges, `running_on`)
//! as days and adds calendar months with a [`MonthTable`]; a day beyond the table (centuries from
//! the start) is counted by date arithmetic instead, so every day gives what
//! `dates.day_of(rules.term_end(.., dates.date_of(day), ..))` gives.

use crate::calendar::{Dates, MonthTable};
use crate::law::term::TermClock;
use crate::law::{LodgedRange, TermLength, TermRules};

/// Term rules with their dates as days from a start date, and a table of months.
#[derive(Clone, Debug, PartialEq)]
pub struct TermTable {
    rules: TermRules,
    dates: Dates,
    months: MonthTable,
    /// Each regime's lodging range as days `(first, last)`, inclusive.
    regime_lodged: Vec<(i64, i64)>,
    /// Each regime's `running_on` date as a day.
    running_on: Vec<Option<i64>>,
    /// Each extension's lodging range as days `(first, last)`, inclusive.
    extension_lodged: Vec<(i64, i64)>,
}

impl TermTable {
    /// The rules `rules` for a run from `dates.start()`.
    pub fn new(rules: TermRules, dates: Dates) -> TermTable {
        let range = |lodged: &LodgedRange| {
            (
                lodged.from.map_or(i64::MIN, |from| dates.day_of(from)),
                lodged.until.map_or(i64::MAX, |until| dates.day_of(until)),
            )
        };
        TermTable {
            regime_lodged: rules.regimes.iter().map(|r| range(&r.lodged)).collect(),
            running_on: (rules.regimes.iter())
                .map(|r| r.running_on.map(|on| dates.day_of(on)))
                .collect(),
            extension_lodged: rules.extensions.iter().map(|e| range(&e.lodged)).collect(),
            months: MonthTable::new(dates),
            rules,
            dates,
        }
    }

    /// The rules, with their dates.
    pub fn rules(&self) -> &TermRules {
        &self.rules
    }

    /// The day `length` after day `day` ([`TermLength::after`] on days).
    #[inline]
    pub fn after(&self, length: TermLength, day: i64) -> i64 {
        if let Some(then) = self.months.add_months(day, length.months) {
            let end = then + i64::from(length.days);
            if self.months.covers(end) {
                return end;
            }
        }
        self.dates.day_of(length.after(self.dates.date_of(day)))
    }

    /// The last day of the term of a case lodged on day `lodged`, as [`TermRules::term_end`]
    /// (with the same draws); `None` when no regime covers the case.
    #[inline]
    pub fn term_end(
        &self,
        stream: usize,
        group: usize,
        features: u64,
        lodged: i64,
        draw: impl FnMut() -> f64,
    ) -> Option<i64> {
        self.term(stream, group, features, lodged, draw)
            .map(|(_, end)| end)
    }

    /// The index of the case's regime and the last day of its term.
    fn term(
        &self,
        stream: usize,
        group: usize,
        features: u64,
        lodged: i64,
        draw: impl FnMut() -> f64,
    ) -> Option<(usize, i64)> {
        if self.months.covers(lodged) {
            self.rules
                .term_by(self, stream, group, features, lodged, draw)
        } else {
            let date = self.dates.date_of(lodged);
            let (idx, end) = self.rules.term(stream, group, features, date, draw)?;
            Some((idx, self.dates.day_of(end)))
        }
    }
}

/// Days of a lodging day within the table: every date in the rules and every term end is a
/// day of the run's calendar, so comparing days is comparing dates.
impl TermClock for TermTable {
    type Day = i64;

    #[inline]
    fn after(&self, length: TermLength, from: i64) -> i64 {
        TermTable::after(self, length, from)
    }

    #[inline]
    fn regime_covers(&self, idx: usize, lodged: i64) -> bool {
        let (first, last) = self.regime_lodged[idx];
        lodged >= first && lodged <= last
    }

    #[inline]
    fn running_on(&self, idx: usize) -> Option<i64> {
        self.running_on[idx]
    }

    #[inline]
    fn extension_covers(&self, idx: usize, lodged: i64) -> bool {
        let (first, last) = self.extension_lodged[idx];
        lodged >= first && lodged <= last
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Date, date};
    use proptest::prelude::*;

    use super::*;
    use crate::law::term::tests::rule_set;

    /// The day `length` after `day` by date arithmetic.
    fn by_dates(dates: Dates, length: TermLength, day: i64) -> i64 {
        dates.day_of(length.after(dates.date_of(day)))
    }

    fn start() -> impl Strategy<Value = Date> {
        prop_oneof![
            (0i32..3_000).prop_map(|d| TermLength::days(d).after(date(2019, 1, 1))),
            (1990i16..2100, 1i8..=12).prop_map(|(y, m)| date(y, m, 1).last_of_month()),
        ]
    }

    fn length() -> impl Strategy<Value = TermLength> {
        (
            prop_oneof![0i32..40, -40i32..2_000, Just(i32::MAX), Just(i32::MIN)],
            prop_oneof![Just(0i32), 0i32..400, -400i32..400, Just(i32::MAX)],
        )
            .prop_map(|(months, days)| TermLength { months, days })
    }

    /// Lodging days near the start (a backlog years old, a run of years), at month ends of the
    /// years around it, and far outside the table.
    fn lodging_day() -> impl Strategy<Value = i64> {
        prop_oneof![
            -3_000i64..6_000,
            (-5i16..10, 1i8..=12, 0i64..3).prop_map(|(y, m, back)| {
                let last = date(2026 + y, m, 1).last_of_month();
                Dates::new(date(2026, 1, 1)).day_of(last) - back
            }),
            -40_000i64..40_000,
            prop_oneof![
                Just(-5_000_000i64),
                Just(5_000_000),
                Just(i64::MIN),
                Just(i64::MAX)
            ],
        ]
    }

    #[test]
    fn days_as_dates() {
        let dates = Dates::new(date(2026, 1, 1));
        let table = TermTable::new(TermRules::default(), dates);
        let day = |d| dates.day_of(d);
        let six = TermLength::months(6);
        assert_eq!(
            table.after(six, day(date(2026, 8, 31))),
            day(date(2027, 2, 28))
        );
        assert_eq!(
            table.after(six, day(date(2023, 8, 31))),
            day(date(2024, 2, 29))
        );
        let nareis = TermLength::days(90);
        assert_eq!(
            table.after(nareis, day(date(2026, 3, 10))),
            day(date(2026, 6, 8))
        );
        let both = TermLength { months: 1, days: 1 };
        assert_eq!(
            table.after(both, day(date(2026, 1, 31))),
            day(date(2026, 3, 1))
        );
        // Beyond the calendar: its last day, as the dates give.
        let far = TermLength {
            months: i32::MAX,
            days: 0,
        };
        assert_eq!(table.after(far, 0), day(Date::MAX));
    }

    proptest! {
        /// Over random start dates, lodging days and lengths (month ends, leap days, beyond the
        /// table), the table gives the day that date arithmetic gives.
        #[test]
        fn after_agrees_with_date_arithmetic(
            start in start(),
            day in lodging_day(),
            length in length(),
        ) {
            let dates = Dates::new(start);
            let table = TermTable::new(TermRules::default(), dates);
            prop_assert_eq!(table.after(length, day), by_dates(dates, length, day));
        }

        /// For random rules, lodging days and draws, the table gives the regime and last day
        /// that the rules give on dates, and takes the same draws.
        #[test]
        fn terms_agree_with_date_arithmetic(
            rules in rule_set(),
            start in start(),
            lodged in lodging_day(),
            group in 0usize..2,
            features in 0u64..4,
            draws in prop::collection::vec(0.0f64..1.0, 6),
        ) {
            let dates = Dates::new(start);
            let table = TermTable::new(rules.clone(), dates);
            let mut taken = Vec::new();
            let mut next = draws.iter().copied().cycle();
            let by_table = table.term(0, group, features, lodged, || {
                let u = next.next().unwrap_or(0.5);
                taken.push(u);
                u
            });
            let mut again = Vec::new();
            let mut next = draws.iter().copied().cycle();
            let by_dates = rules
                .term(0, group, features, dates.date_of(lodged), || {
                    let u = next.next().unwrap_or(0.5);
                    again.push(u);
                    u
                })
                .map(|(idx, end)| (idx, dates.day_of(end)));
            prop_assert_eq!(by_table, by_dates);
            prop_assert_eq!(taken, again);
        }
    }
}
