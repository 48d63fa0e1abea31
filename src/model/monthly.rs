//! Monthly time series of one replication: flows per calendar month (arrivals, decisions,
//! notices, court cases, penalty payments) and stocks at each month's end (backlog in total, per
//! step and per stream, and past its term), then the month's decisions per stream.
//!
//! Months are calendar months from the start date; the first and last may be partial. Only for
//! scenarios with a start date.

use crate::calendar::{Dates, RunMonths};
use crate::engine::SimTime;

/// The monthly series of one replication: `rows[month][column]`.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthlySeries {
    /// Month labels, `YYYY-MM`.
    pub months: Vec<String>,
    /// Values per month, parallel to the catalogue's monthly columns; NaN where undefined.
    pub rows: Vec<Vec<f64>>,
}

/// Counts of the month in progress, and the finished rows.
#[derive(Clone, Debug)]
pub(crate) struct MonthTracker {
    /// First day (relative to the start) of each month, the first being day 0.
    pub(crate) starts: Vec<i64>,
    labels: Vec<String>,
    pub(crate) arrivals: u64,
    pub(crate) decided: u64,
    pub(crate) decided_within: u64,
    pub(crate) notices: u64,
    pub(crate) court_cases: u64,
    /// Decisions per stream, with several streams (empty with one).
    pub(crate) decided_by_stream: Vec<u64>,
    /// Withdrawals in the month, when the scenario has patience (`None` without: no column).
    pub(crate) withdrawn: Option<u64>,
    /// Penalty payments (admin + court) per month of payment, in cents.
    pub(crate) penalties: Vec<i64>,
    rows: Vec<Vec<f64>>,
}

impl MonthTracker {
    /// Months from `dates.start()` to the month in which the run ends (before `horizon`), for
    /// `n_streams` streams.
    pub(crate) fn new(
        dates: Dates,
        horizon: SimTime,
        n_streams: usize,
        withdrawals: bool,
    ) -> MonthTracker {
        let months = RunMonths::new(dates, horizon.minutes());
        let labels = (0..months.len()).map(|m| months.label(m)).collect();
        let starts = months.starts;
        let n = starts.len();
        MonthTracker {
            starts,
            labels,
            arrivals: 0,
            decided: 0,
            decided_within: 0,
            notices: 0,
            court_cases: 0,
            decided_by_stream: vec![0; if n_streams > 1 { n_streams } else { 0 }],
            withdrawn: withdrawals.then_some(0),
            penalties: vec![0; n],
            rows: Vec::with_capacity(n),
        }
    }

    /// The month (index) of `day`, clamped to the run.
    pub(crate) fn month_of(&self, day: i64) -> usize {
        self.starts
            .partition_point(|&start| start <= day)
            .saturating_sub(1)
    }

    /// Closes the month in progress with its stock figures, in the order of the catalogue's
    /// monthly columns: the flows, the stocks, the decisions per stream, then the withdrawals.
    pub(crate) fn close_month(&mut self, stocks: &[f64]) {
        let mut row = vec![
            self.arrivals as f64,
            self.decided as f64,
            if self.decided == 0 {
                f64::NAN
            } else {
                self.decided_within as f64 / self.decided as f64
            },
            self.notices as f64,
            self.court_cases as f64,
        ];
        row.push(f64::NAN); // penalties: filled in at the end, when all payments are known
        row.extend_from_slice(stocks);
        row.extend(self.decided_by_stream.iter().map(|&n| n as f64));
        self.decided_by_stream.fill(0);
        if let Some(withdrawn) = &mut self.withdrawn {
            row.push(*withdrawn as f64);
            *withdrawn = 0;
        }
        self.rows.push(row);
        self.arrivals = 0;
        self.decided = 0;
        self.decided_within = 0;
        self.notices = 0;
        self.court_cases = 0;
    }

    /// Number of months.
    #[cfg(test)]
    pub(crate) fn n_months(&self) -> usize {
        self.starts.len()
    }

    /// The finished series.
    pub(crate) fn finish(mut self) -> MonthlySeries {
        for (row, cents) in self.rows.iter_mut().zip(&self.penalties) {
            row[PENALTY_COLUMN] = *cents as f64 / 100.0;
        }
        MonthlySeries {
            months: self.labels,
            rows: self.rows,
        }
    }
}

/// The index of the penalty column among the flow columns (arrivals, decided, within-term
/// share, notices, court cases, penalty payments: the catalogue's order).
const PENALTY_COLUMN: usize = 5;

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn months_follow_the_calendar() {
        let dates = Dates::new(date(2026, 1, 15));
        // 60 days: to 16 March 00:00; months Jan (partial), Feb, Mar (partial).
        let tracker = MonthTracker::new(dates, SimTime::from_days(60), 1, false);
        assert_eq!(tracker.starts, vec![0, 17, 45]);
        assert_eq!(tracker.labels, vec!["2026-01", "2026-02", "2026-03"]);
        assert_eq!(tracker.month_of(-5), 0);
        assert_eq!(tracker.month_of(16), 0);
        assert_eq!(tracker.month_of(17), 1);
        assert_eq!(tracker.month_of(59), 2);
        // A run that ends exactly at 1 March 00:00 has no March row.
        let tracker = MonthTracker::new(dates, SimTime::from_days(45), 1, false);
        assert_eq!(tracker.n_months(), 2);
    }
}
