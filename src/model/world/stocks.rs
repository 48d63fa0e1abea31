//! The open cases counted by step, by stream and by the day their decision term ends, kept up
//! to date as cases come, move and go, so that a month's end reads its stocks without visiting
//! every open case.

use crate::model::StepIdx;
use crate::model::case::Case;

/// Counts of the open cases.
#[derive(Clone, Debug)]
pub(crate) struct Stocks {
    /// Open cases per step.
    per_step: Vec<u64>,
    /// Open cases per stream.
    per_stream: Vec<u64>,
    /// Open cases whose term ended before day 0 of the run.
    ended_before_start: u64,
    /// `ending[d]`: open cases whose term ends on day `d`. A term that ends later (or never)
    /// is not past within the run and is not counted.
    ending: Vec<u64>,
}

impl Stocks {
    /// No open cases, for a network of `n_steps` steps and `n_streams` streams and a run of
    /// `days` days.
    pub(crate) fn new(n_steps: usize, n_streams: usize, days: usize) -> Stocks {
        Stocks {
            per_step: vec![0; n_steps],
            per_stream: vec![0; n_streams],
            ended_before_start: 0,
            ending: vec![0; days],
        }
    }

    /// A case opens (at its step).
    pub(crate) fn open(&mut self, case: &Case) {
        self.count(case, |n| *n += 1);
    }

    /// A case leaves the system.
    pub(crate) fn close(&mut self, case: &Case) {
        self.count(case, |n| *n -= 1);
    }

    fn count(&mut self, case: &Case, change: impl Fn(&mut u64)) {
        change(&mut self.per_step[case.step.0 as usize]);
        change(&mut self.per_stream[usize::from(case.attrs.stream)]);
        let term_end = case.legal.term_end;
        if term_end < 0 {
            change(&mut self.ended_before_start);
        } else if let Some(n) = self.ending.get_mut(term_end as usize) {
            change(n);
        }
    }

    /// An open case moves from step `from` to step `to`.
    pub(crate) fn moved(&mut self, from: StepIdx, to: StepIdx) {
        self.per_step[from.0 as usize] -= 1;
        self.per_step[to.0 as usize] += 1;
    }

    /// Open cases per step.
    pub(crate) fn per_step(&self) -> &[u64] {
        &self.per_step
    }

    /// Open cases per stream.
    pub(crate) fn per_stream(&self) -> &[u64] {
        &self.per_stream
    }

    /// Open cases whose term ended before day `today` (its last day is before it).
    pub(crate) fn past_term(&self, today: i64) -> u64 {
        let days = (today.max(0) as usize).min(self.ending.len());
        self.ended_before_start + self.ending[..days].iter().sum::<u64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::case::tests_support::dummy_case;
    use crate::model::legal::CaseLegal;

    fn case(step: u16, stream: u16, term_end: i64) -> Case {
        let mut case = Case {
            step: StepIdx(step),
            legal: CaseLegal::new(0, term_end),
            ..dummy_case()
        };
        case.attrs.stream = stream;
        case
    }

    #[test]
    fn past_term_counts_terms_that_ended_before_the_day() {
        let mut stocks = Stocks::new(3, 2, 10);
        let early = case(0, 0, -5);
        let mut day3 = case(1, 1, 3);
        let never = case(1, 1, i64::MAX);
        for c in [&early, &day3, &never] {
            stocks.open(c);
        }
        assert_eq!(stocks.past_term(0), 1, "a term that ended before the run");
        assert_eq!(
            stocks.past_term(3),
            1,
            "its last day is not past on that day"
        );
        assert_eq!(stocks.past_term(4), 2);
        assert_eq!(
            stocks.past_term(1_000),
            2,
            "a term that never ends is never past"
        );
        assert_eq!(stocks.per_step(), &[1, 2, 0]);
        assert_eq!(stocks.per_stream(), &[1, 2]);
        stocks.moved(StepIdx(1), StepIdx(2));
        day3.step = StepIdx(2);
        assert_eq!(stocks.per_step(), &[1, 1, 1]);
        stocks.close(&day3);
        assert_eq!(stocks.past_term(4), 1);
        assert_eq!(stocks.per_step(), &[1, 1, 0]);
        assert_eq!(stocks.per_stream(), &[1, 1]);
    }
}
