//! The money of one replication: payments by kind ([`PenaltyTotals`]), per calendar year and
//! stream, with notices, appeals and court cases counted per year ([`PenaltyBook`]).

use crate::calendar::Dates;
use crate::law::Cents;

/// Which kind of penalty a payment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PenaltyKind {
    /// Awb 4:17.
    Admin,
    /// Court-ordered.
    Court,
    /// Procedural costs of a court case.
    Costs,
}

/// Money paid, by kind: administrative and court penalty payments, and court procedural costs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PenaltyTotals {
    /// Administrative penalty payments (Awb 4:17).
    pub(crate) admin: Cents,
    /// Court-ordered penalty payments.
    pub(crate) court: Cents,
    /// Procedural costs of court cases.
    pub(crate) costs: Cents,
}

impl PenaltyTotals {
    /// Adds a payment of `amount` of `kind`.
    pub(crate) fn add(&mut self, kind: PenaltyKind, amount: Cents) {
        match kind {
            PenaltyKind::Admin => self.admin += amount,
            PenaltyKind::Court => self.court += amount,
            PenaltyKind::Costs => self.costs += amount,
        }
    }

    /// Penalty payments of both kinds (without procedural costs).
    pub(crate) fn penalties(self) -> Cents {
        self.admin + self.court
    }

    /// Everything paid: penalties and procedural costs.
    pub(crate) fn all(self) -> Cents {
        self.admin + self.court + self.costs
    }
}

impl std::ops::AddAssign for PenaltyTotals {
    fn add_assign(&mut self, rhs: PenaltyTotals) {
        self.admin += rhs.admin;
        self.court += rhs.court;
        self.costs += rhs.costs;
    }
}

/// The penalty money of one replication: paid per calendar year and per stream, and what has
/// accrued on cases still open at the end; and the notices and court cases that lead to it.
#[derive(Clone, Debug, Default)]
pub(crate) struct PenaltyBook {
    /// First calendar year of the run.
    pub(crate) first_year: i16,
    /// Paid per year (index from `first_year`).
    pub(crate) by_year: Vec<PenaltyTotals>,
    /// Paid per stream.
    pub(crate) by_stream: Vec<PenaltyTotals>,
    /// Paid per year and stream (index `year * n_streams + stream`).
    pub(crate) by_year_stream: Vec<PenaltyTotals>,
    /// Accrued on open cases at the end and not yet payable.
    pub(crate) accrued_open: Cents,
    /// Notices of default received in the window.
    pub(crate) notices: u64,
    /// Notices of default received in the window, per year and stream (index as
    /// `by_year_stream`).
    pub(crate) notices_by_year_stream: Vec<u64>,
    /// Court judgments in the window.
    pub(crate) court_cases: u64,
    /// Court judgments in the window, per year.
    pub(crate) court_cases_by_year: Vec<u64>,
    /// Appeals against not deciding in time lodged in the window (first and second).
    pub(crate) appeals: u64,
    /// Appeals lodged in the window, per year.
    pub(crate) appeals_by_year: Vec<u64>,
    /// The day (from the start date) of 1 January of each year of the run, then of the year
    /// after: the year of a day without date arithmetic.
    year_starts: Vec<i64>,
    n_streams: usize,
}

impl PenaltyBook {
    /// A book for a run from `dates.start()` over `n_days` days and `n_streams` streams.
    pub(crate) fn new(dates: Dates, n_days: i64, n_streams: usize) -> PenaltyBook {
        let first_year = dates.start().year();
        let last_year = dates.date_of(n_days.max(1) - 1).year();
        let n_years = (last_year - first_year + 1) as usize;
        let year_starts = (first_year..=last_year + 1)
            .map(|year| {
                jiff::civil::Date::new(year, 1, 1)
                    .map_or(i64::MAX, |new_year| dates.day_of(new_year))
            })
            .collect();
        PenaltyBook {
            first_year,
            by_year: vec![PenaltyTotals::default(); n_years],
            by_stream: vec![PenaltyTotals::default(); n_streams],
            by_year_stream: vec![PenaltyTotals::default(); n_years * n_streams],
            notices_by_year_stream: vec![0; n_years * n_streams],
            court_cases_by_year: vec![0; n_years],
            appeals_by_year: vec![0; n_years],
            year_starts,
            n_streams,
            ..PenaltyBook::default()
        }
    }

    /// The index (from `first_year`) of the calendar year of `day`; `None` for a day outside
    /// the years of the run.
    #[inline]
    pub(crate) fn year_of(&self, day: i64) -> Option<usize> {
        let (&first, &after) = (self.year_starts.first()?, self.year_starts.last()?);
        if day < first || day >= after {
            return None;
        }
        Some(self.year_starts.partition_point(|&start| start <= day) - 1)
    }

    /// Counts a notice of default received on `day` (in the window) on a case of `stream`.
    #[inline]
    pub(crate) fn count_notice(&mut self, day: i64, stream: usize) {
        self.notices += 1;
        if let Some(year) = self.year_of(day) {
            self.notices_by_year_stream[year * self.n_streams + stream] += 1;
        }
    }

    /// Counts a court judgment given on `day` (in the window).
    #[inline]
    pub(crate) fn count_court_case(&mut self, day: i64) {
        self.court_cases += 1;
        if let Some(year) = self.year_of(day) {
            self.court_cases_by_year[year] += 1;
        }
    }

    /// Counts an appeal lodged on `day` (in the window).
    #[inline]
    pub(crate) fn count_appeal(&mut self, day: i64) {
        self.appeals += 1;
        if let Some(year) = self.year_of(day) {
            self.appeals_by_year[year] += 1;
        }
    }

    /// Notices of default received in year `year` (index from `first_year`) on cases of
    /// `stream` (or of all streams).
    pub(crate) fn notices_in(&self, year: usize, stream: Option<usize>) -> u64 {
        let row = &self.notices_by_year_stream[year * self.n_streams..(year + 1) * self.n_streams];
        stream.map_or_else(|| row.iter().sum(), |s| row[s])
    }

    /// Paid in year `year` (index from `first_year`) on cases of `stream`.
    pub(crate) fn paid_in(&self, year: usize, stream: usize) -> PenaltyTotals {
        self.by_year_stream[year * self.n_streams + stream]
    }

    /// Records a payment of `amount` on `day` (which must lie within the run).
    #[inline]
    pub(crate) fn pay(&mut self, day: i64, stream: usize, kind: PenaltyKind, amount: Cents) {
        if amount.0 == 0 {
            return;
        }
        if let Some(year) = self.year_of(day) {
            let row = &mut self.by_year[year];
            row.add(kind, amount);
            self.by_year_stream[year * self.n_streams + stream].add(kind, amount);
        }
        self.by_stream[stream].add(kind, amount);
    }

    /// Checks that the payments per year and stream add up to those per year and per stream,
    /// and the notices, court cases and appeals per year to their totals; says what differs.
    pub(crate) fn check(&self) -> Result<(), String> {
        let n = self.n_streams.max(1);
        for (year, row) in self.by_year.iter().enumerate() {
            let mut sum = PenaltyTotals::default();
            for cell in &self.by_year_stream[year * n..(year + 1) * n] {
                sum += *cell;
            }
            if sum != *row {
                return Err(format!(
                    "payments of year {year} of the run: {row:?} in all, {sum:?} over the streams"
                ));
            }
        }
        for (stream, row) in self.by_stream.iter().enumerate() {
            let mut sum = PenaltyTotals::default();
            for year in 0..self.by_year.len() {
                sum += self.paid_in(year, stream);
            }
            if sum != *row {
                return Err(format!(
                    "payments on stream {stream}: {row:?} in all, {sum:?} over the years"
                ));
            }
        }
        let notices: u64 = self.notices_by_year_stream.iter().sum();
        let court_cases: u64 = self.court_cases_by_year.iter().sum();
        if notices != self.notices || court_cases != self.court_cases {
            return Err(format!(
                "{} notices and {} court cases, {notices} and {court_cases} over the years",
                self.notices, self.court_cases
            ));
        }
        let appeals: u64 = self.appeals_by_year.iter().sum();
        if appeals != self.appeals {
            return Err(format!(
                "{} appeals, {appeals} over the years",
                self.appeals
            ));
        }
        Ok(())
    }

    /// Everything paid over the run.
    pub(crate) fn total(&self) -> PenaltyTotals {
        let mut sum = PenaltyTotals::default();
        for row in &self.by_year {
            sum += *row;
        }
        sum
    }
}
