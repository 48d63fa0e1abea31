//! Decisions per calendar year by stream and by track, and how many of them came within N
//! calendar months of lodging whatever the legal term: figures to hold against published annual
//! ones (decisions per year, the share decided within six or fifteen months).
//!
//! Key types: [`WithinMonths`] (per N, the first lodging day from which a decision on a given day
//! came within N months; built once per replication, so a decision costs a table look-up, not
//! date arithmetic) and [`YearlyDecisions`] (the counts of one replication).

use crate::calendar::Dates;
use crate::law::TermLength;

/// For each N of the scenario and each day of the run, the first lodging day from which a case
/// decided that day came within N calendar months. A case lodged on day `l` and decided on day
/// `d` came within N months when `d` is on or before `l` plus N months, counted as the law counts
/// months ([`TermLength::after`], with day clamping: 31 August + 6 months = 28 February); that is
/// when `l >= first_lodged[d]`.
#[derive(Clone, Debug, Default)]
pub(crate) struct WithinMonths {
    n_days: usize,
    /// `first_lodged[n * n_days + day]`, for the `n`th N.
    first_lodged: Vec<i64>,
}

impl WithinMonths {
    /// The table for the Ns `months` over days `0..n_days` of a run from `dates.start()`.
    pub(crate) fn new(dates: Dates, months: &[u8], n_days: usize) -> WithinMonths {
        let mut first_lodged = Vec::with_capacity(months.len() * n_days);
        for &n in months {
            let length = TermLength::months(i32::from(n));
            let last_day_within = |lodged: i64| dates.day_of(length.after(dates.date_of(lodged)));
            // N months are at most 31 N days, so N months after this day lie before day 0.
            let mut lodged = -31 * (i64::from(n) + 1);
            while last_day_within(lodged) >= 0 {
                lodged -= 31;
            }
            // The last day within N months never goes down as the lodging day goes up, so each
            // decision day's first lodging day is the first whose last day within reaches it.
            let mut day = 0usize;
            while day < n_days {
                lodged += 1;
                let last = last_day_within(lodged);
                while day < n_days && day as i64 <= last {
                    first_lodged.push(lodged);
                    day += 1;
                }
            }
        }
        WithinMonths {
            n_days,
            first_lodged,
        }
    }

    /// Did a case lodged on day `lodged` and decided on day `day` (within the run) come within
    /// the `n`th N months?
    #[inline]
    pub(crate) fn within(&self, n: usize, lodged: i64, day: i64) -> bool {
        lodged >= self.first_lodged[n * self.n_days + day as usize]
    }
}

/// Decisions in the window per calendar year of the decision, by stream and by track, how many
/// came within each N months of lodging, by stream, and (with `[[outcome]]`) by outcome and
/// stream.
#[derive(Clone, Debug, Default)]
pub(crate) struct YearlyDecisions {
    n_years: usize,
    n_streams: usize,
    n_tracks: usize,
    n_months: usize,
    n_outcomes: usize,
    /// Decided per year and stream: `[year * n_streams + stream]`.
    by_stream: Vec<u64>,
    /// Decided per year and track: `[year * n_tracks + track]`.
    by_track: Vec<u64>,
    /// Decided within N months, per N, year and stream: `[(n * n_years + year) * n_streams +
    /// stream]`.
    within: Vec<u64>,
    /// Decided per year, stream and outcome: `[(year * n_streams + stream) * n_outcomes +
    /// outcome]` (empty without outcomes).
    by_outcome: Vec<u64>,
    table: WithinMonths,
}

impl YearlyDecisions {
    /// Counts for `n_years` years from the first year of `dates`, over days `0..n_days`, for
    /// `n_streams` streams, `n_tracks` tracks, `n_outcomes` outcomes and the Ns `months`.
    pub(crate) fn new(
        dates: Dates,
        months: &[u8],
        n_days: usize,
        n_years: usize,
        (n_streams, n_tracks, n_outcomes): (usize, usize, usize),
    ) -> YearlyDecisions {
        YearlyDecisions {
            n_years,
            n_streams,
            n_tracks,
            n_months: months.len(),
            n_outcomes,
            by_stream: vec![0; n_years * n_streams],
            by_track: vec![0; n_years * n_tracks],
            within: vec![0; months.len() * n_years * n_streams],
            by_outcome: vec![0; n_years * n_streams * n_outcomes],
            table: WithinMonths::new(dates, months, n_days),
        }
    }

    /// Counts the outcome `outcome` of a decision in year `year` on a case of `stream` (besides
    /// [`Self::record`]).
    #[inline]
    pub(crate) fn record_outcome(&mut self, year: usize, stream: usize, outcome: usize) {
        if let Some(count) = self
            .by_outcome
            .get_mut((year * self.n_streams + stream) * self.n_outcomes + outcome)
        {
            *count += 1;
        }
    }

    /// Decisions in year `year` with outcome `outcome`, on cases of `stream` (or of all streams).
    pub(crate) fn of_outcome(&self, year: usize, outcome: usize, stream: Option<usize>) -> u64 {
        let at =
            |s: usize| self.by_outcome[(year * self.n_streams + s) * self.n_outcomes + outcome];
        match stream {
            Some(s) => at(s),
            None => (0..self.n_streams).map(at).sum(),
        }
    }

    /// Counts a decision on `day`, in year `year` (index from the run's first year), of a case
    /// of `stream` in `track` lodged on day `lodged`.
    #[inline]
    pub(crate) fn record(
        &mut self,
        year: usize,
        day: i64,
        stream: usize,
        track: usize,
        lodged: i64,
    ) {
        self.by_stream[year * self.n_streams + stream] += 1;
        self.by_track[year * self.n_tracks + track] += 1;
        for n in 0..self.n_months {
            if self.table.within(n, lodged, day) {
                self.within[(n * self.n_years + year) * self.n_streams + stream] += 1;
            }
        }
    }

    /// Decisions in year `year` on cases of `stream`.
    pub(crate) fn of_stream(&self, year: usize, stream: usize) -> u64 {
        self.by_stream[year * self.n_streams + stream]
    }

    /// Decisions in year `year` in `track`.
    pub(crate) fn of_track(&self, year: usize, track: usize) -> u64 {
        self.by_track[year * self.n_tracks + track]
    }

    /// Decisions in year `year` that came within the `n`th N months of lodging, on cases of
    /// `stream` (or of all streams).
    pub(crate) fn within(&self, n: usize, year: usize, stream: Option<usize>) -> u64 {
        let row = (n * self.n_years + year) * self.n_streams;
        match stream {
            Some(s) => self.within[row + s],
            None => self.within[row..row + self.n_streams].iter().sum(),
        }
    }

    /// Checks that the counts per stream and per track add up to `decided` per year, that each
    /// stream's counts per outcome add up to its decisions (with outcomes), and that no stream
    /// has more decisions within N months than decisions; says what differs.
    pub(crate) fn check(&self, decided: &[(u64, u64)]) -> Result<(), String> {
        for (year, &(total, _)) in decided.iter().enumerate().take(self.n_years) {
            let streams: u64 = (0..self.n_streams).map(|s| self.of_stream(year, s)).sum();
            let tracks: u64 = (0..self.n_tracks).map(|t| self.of_track(year, t)).sum();
            if streams != total || tracks != total {
                return Err(format!(
                    "decisions of year {year} of the run: {total} in all, {streams} over the streams, {tracks} over the tracks"
                ));
            }
            if self.n_outcomes > 0 {
                for s in 0..self.n_streams {
                    let outcomes: u64 = (0..self.n_outcomes)
                        .map(|o| self.of_outcome(year, o, Some(s)))
                        .sum();
                    if outcomes != self.of_stream(year, s) {
                        return Err(format!(
                            "decisions of year {year} of the run on stream {s}: {} in all, {outcomes} over the outcomes",
                            self.of_stream(year, s)
                        ));
                    }
                }
            }
            for n in 0..self.n_months {
                for s in 0..self.n_streams {
                    if self.within(n, year, Some(s)) > self.of_stream(year, s) {
                        return Err(format!(
                            "more decisions within the months than decisions (year {year}, stream {s})"
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn within_months_counts_calendar_months_with_day_clamping() {
        let dates = Dates::new(date(2026, 1, 1));
        let day = |d| dates.day_of(d);
        let table = WithinMonths::new(dates, &[6, 15], 800);
        // 31 August + 6 months = 28 February: decided that day is within, a day later is not.
        let lodged = day(date(2026, 8, 31));
        assert!(table.within(0, lodged, day(date(2027, 2, 28))));
        assert!(!table.within(0, lodged, day(date(2027, 3, 1))));
        // 29 and 30 August end on 28 February too; 1 September on 1 March.
        assert!(!table.within(0, day(date(2026, 8, 29)), day(date(2027, 3, 1))));
        assert!(table.within(0, day(date(2026, 9, 1)), day(date(2027, 3, 1))));
        // Exactly six months, and one day more.
        let lodged = day(date(2026, 3, 10));
        assert!(table.within(0, lodged, day(date(2026, 9, 10))));
        assert!(!table.within(0, lodged, day(date(2026, 9, 11))));
        // Lodged before the run (a backlog case): 15 months from 15 October 2025.
        let lodged = day(date(2025, 10, 15));
        assert!(table.within(1, lodged, day(date(2027, 1, 15))));
        assert!(!table.within(1, lodged, day(date(2027, 1, 16))));
        assert!(table.within(1, lodged, 0));
        // Into a leap year: 31 August 2027 + 6 months = 29 February 2028.
        let lodged = day(date(2027, 8, 31));
        assert!(table.within(0, lodged, day(date(2028, 2, 29))));
        assert!(!table.within(0, lodged, day(date(2028, 3, 1))));
    }

    #[test]
    fn the_table_agrees_with_date_arithmetic_on_every_day() {
        let dates = Dates::new(date(2025, 11, 30));
        let months = [1, 6, 13];
        let n_days = 900;
        let table = WithinMonths::new(dates, &months, n_days);
        for (n, &m) in months.iter().enumerate() {
            for lodged in -500..n_days as i64 {
                let last =
                    dates.day_of(TermLength::months(i32::from(m)).after(dates.date_of(lodged)));
                for decided in [lodged.max(0), last - 1, last, last + 1] {
                    if (0..n_days as i64).contains(&decided) && decided >= lodged {
                        assert_eq!(
                            table.within(n, lodged, decided),
                            decided <= last,
                            "{m} months, lodged {lodged}, decided {decided}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn counts_add_up_per_stream_and_track() {
        let dates = Dates::new(date(2026, 1, 1));
        let mut counts = YearlyDecisions::new(dates, &[6], 730, 2, (2, 3, 0));
        counts.record(0, 100, 0, 2, 0);
        counts.record(0, 300, 1, 2, 0);
        counts.record(1, 400, 1, 0, 300);
        assert_eq!(counts.of_stream(0, 0), 1);
        assert_eq!(counts.of_stream(0, 1), 1);
        assert_eq!(counts.of_track(0, 2), 2);
        assert_eq!(counts.of_track(1, 0), 1);
        assert_eq!(
            counts.within(0, 0, None),
            1,
            "day 100 is within six months of day 0"
        );
        assert_eq!(counts.within(0, 1, Some(1)), 1);
        assert!(counts.check(&[(2, 0), (1, 0)]).is_ok());
        assert!(counts.check(&[(3, 0), (1, 0)]).is_err());
    }

    #[test]
    fn outcomes_add_up_to_the_decisions_of_each_stream() {
        let dates = Dates::new(date(2026, 1, 1));
        let mut counts = YearlyDecisions::new(dates, &[], 730, 2, (2, 1, 3));
        counts.record(0, 100, 0, 0, 0);
        counts.record_outcome(0, 0, 2);
        counts.record(0, 200, 1, 0, 0);
        counts.record_outcome(0, 1, 2);
        counts.record(1, 400, 1, 0, 0);
        counts.record_outcome(1, 1, 0);
        assert_eq!(counts.of_outcome(0, 2, None), 2);
        assert_eq!(counts.of_outcome(0, 2, Some(1)), 1);
        assert_eq!(counts.of_outcome(1, 0, Some(1)), 1);
        assert!(counts.check(&[(2, 0), (1, 0)]).is_ok());
        // A decision without its outcome is found.
        counts.record(1, 500, 0, 0, 0);
        let why = counts.check(&[(2, 0), (2, 0)]).unwrap_err();
        assert!(why.contains("over the outcomes"), "{why}");
    }
}
