//! Penalty schedules: an amount per day of delay in tiers, with a cap.
//!
//! Both kinds of dwangsom are such a schedule:
//! - the **bestuurlijke dwangsom** (Awb 4:17): EUR 23 a day for days 1-14, EUR 35 for days 15-28,
//!   EUR 45 for days 29-42, at most EUR 1,442. It runs from the day after two weeks have passed
//!   since the later of term expiry and receipt of the notice of default;
//! - the **rechterlijke dwangsom** (Awb 8:55d): a court orders a decision within a term and
//!   attaches e.g. EUR 100 a day of further delay, capped at EUR 7,500 or 15,000.
//!
//! Days are counted as whole days of delay past the start of the penalty: a decision on the
//! start day itself owes nothing; a decision `d` days later owes for `d` days.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign};

/// An amount of money in euro cents. Integer, so sums are exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(pub i64);

impl Cents {
    /// Zero euro.
    pub const ZERO: Cents = Cents(0);

    /// `euros` whole euro.
    pub const fn euros(euros: i64) -> Cents {
        Cents(euros * 100)
    }

    /// The amount in euro, for reporting.
    pub fn as_euros(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 += rhs.0;
    }
}

impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Add::add)
    }
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(
            f,
            "{sign}EUR {}.{:02}",
            self.0.abs() / 100,
            self.0.abs() % 100
        )
    }
}

/// One tier of a schedule: `per_day` for `days` days (`None`: for every further day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tier {
    /// Length of the tier in days; `None` for an open-ended last tier.
    pub days: Option<u32>,
    /// Amount per day in this tier.
    pub per_day: Cents,
}

/// A penalty schedule that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The schedule has no tiers.
    #[error("a penalty schedule needs at least one tier")]
    NoTiers,
    /// A tier before the last has no length (1-based tier number).
    #[error("tier {0} has no length, but only the last tier may be open-ended")]
    OpenBeforeLast(usize),
    /// A tier's amount per day is below zero.
    #[error("amounts per day must not be negative")]
    NegativeAmount,
    /// The cap is zero or below.
    #[error("the cap must be positive, got {0}")]
    CapNotPositive(Cents),
}

/// A penalty per day of delay, in tiers, with a cap on the total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PenaltySchedule {
    tiers: Vec<Tier>,
    cap: Cents,
}

impl PenaltySchedule {
    /// A schedule; every tier but the last must have a length, amounts must not be negative,
    /// and the cap must be positive.
    pub fn new(tiers: Vec<Tier>, cap: Cents) -> Result<PenaltySchedule, ScheduleError> {
        if tiers.is_empty() {
            return Err(ScheduleError::NoTiers);
        }
        if let Some(pos) = tiers[..tiers.len() - 1]
            .iter()
            .position(|t| t.days.is_none())
        {
            return Err(ScheduleError::OpenBeforeLast(pos + 1));
        }
        if tiers.iter().any(|t| t.per_day.0 < 0) {
            return Err(ScheduleError::NegativeAmount);
        }
        if cap.0 <= 0 {
            return Err(ScheduleError::CapNotPositive(cap));
        }
        Ok(PenaltySchedule { tiers, cap })
    }

    /// The Awb 4:17 schedule of 2009-2026: EUR 23 / 35 / 45 a day for 14 days each, at most
    /// EUR 1,442. (A convenience for tests and examples; scenarios state their own.)
    pub fn awb_4_17() -> PenaltySchedule {
        let tier = |per_day| Tier {
            days: Some(14),
            per_day: Cents::euros(per_day),
        };
        PenaltySchedule::new(vec![tier(23), tier(35), tier(45)], Cents::euros(1442))
            .expect("a valid schedule")
    }

    /// The cap.
    pub fn cap(&self) -> Cents {
        self.cap
    }

    /// The penalty owed after `days_late` days of delay (0 or less owes nothing).
    pub fn amount(&self, days_late: i64) -> Cents {
        if days_late <= 0 {
            return Cents::ZERO;
        }
        let mut remaining = days_late;
        let mut total = Cents::ZERO;
        for tier in &self.tiers {
            let in_tier = match tier.days {
                Some(days) => remaining.min(i64::from(days)),
                None => remaining,
            };
            total += Cents(tier.per_day.0 * in_tier);
            remaining -= in_tier;
            if remaining == 0 {
                break;
            }
        }
        total.min(self.cap)
    }

    /// The number of days of delay after which the cap (or the end of the last tier) is
    /// reached and no more accrues; `None` if the penalty would grow forever without reaching it.
    pub fn days_to_maximum(&self) -> Option<i64> {
        let mut days = 0i64;
        let mut total = 0i64;
        for tier in &self.tiers {
            if tier.per_day.0 > 0 {
                let to_cap = (self.cap.0 - total + tier.per_day.0 - 1) / tier.per_day.0;
                let length = tier.days.map_or(i64::MAX, i64::from);
                if to_cap <= length {
                    return Some(days + to_cap);
                }
            }
            match tier.days {
                Some(length) => {
                    days += i64::from(length);
                    total += tier.per_day.0 * i64::from(length);
                }
                None => return None,
            }
        }
        Some(days)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn awb_schedule_by_hand() {
        let awb = PenaltySchedule::awb_4_17();
        assert_eq!(awb.amount(0), Cents::ZERO);
        assert_eq!(awb.amount(-5), Cents::ZERO);
        assert_eq!(awb.amount(1), Cents::euros(23));
        assert_eq!(awb.amount(14), Cents::euros(14 * 23));
        assert_eq!(awb.amount(15), Cents::euros(14 * 23 + 35));
        // Decided 30 days into the penalty period: 14*23 + 14*35 + 2*45 = EUR 902.
        assert_eq!(awb.amount(30), Cents::euros(902));
        assert_eq!(awb.amount(42), Cents::euros(1442));
        assert_eq!(awb.amount(400), Cents::euros(1442));
        assert_eq!(awb.days_to_maximum(), Some(42));
    }

    #[test]
    fn court_schedule_by_hand() {
        let court = |cap| {
            PenaltySchedule::new(
                vec![Tier {
                    days: None,
                    per_day: Cents::euros(100),
                }],
                Cents::euros(cap),
            )
            .unwrap()
        };
        let low = court(7_500);
        assert_eq!(low.amount(10), Cents::euros(1_000));
        assert_eq!(low.amount(75), Cents::euros(7_500));
        assert_eq!(low.amount(76), Cents::euros(7_500));
        assert_eq!(low.days_to_maximum(), Some(75));
        assert_eq!(court(15_000).days_to_maximum(), Some(150));
        // A cap that is not a whole number of days: EUR 7,550 at EUR 100 a day is reached on
        // day 76 (EUR 50 on the last day).
        assert_eq!(court(7_550).amount(76), Cents::euros(7_550));
        assert_eq!(court(7_550).days_to_maximum(), Some(76));
    }

    #[test]
    fn bad_schedules_are_refused() {
        let open = Tier {
            days: None,
            per_day: Cents(100),
        };
        assert!(PenaltySchedule::new(vec![], Cents(1)).is_err());
        assert!(PenaltySchedule::new(vec![open, open], Cents(1)).is_err());
        assert!(PenaltySchedule::new(vec![open], Cents(0)).is_err());
        assert_eq!(
            PenaltySchedule::new(vec![open, open], Cents(1))
                .unwrap_err()
                .to_string(),
            "tier 1 has no length, but only the last tier may be open-ended"
        );
        assert_eq!(
            PenaltySchedule::new(vec![open], Cents(0))
                .unwrap_err()
                .to_string(),
            "the cap must be positive, got EUR 0.00"
        );
    }

    #[test]
    fn cents_display() {
        assert_eq!(Cents(90_250).to_string(), "EUR 902.50");
        assert_eq!(Cents(-5).to_string(), "-EUR 0.05");
    }

    proptest! {
        /// More delay never costs less, and never more than the cap.
        #[test]
        fn amount_is_monotone_and_capped(a in 0i64..500, b in 0i64..500) {
            let awb = PenaltySchedule::awb_4_17();
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(awb.amount(lo) <= awb.amount(hi));
            prop_assert!(awb.amount(hi) <= awb.cap());
        }
    }
}
