//! How applicants take a legal step (a notice of default, an appeal, a second appeal): a share
//! decided once ([`DatedShare`]) or a rate followed as a process in time ([`DatedRate`]), and the
//! rates of a run with every version of the law folded in ([`ProcessRates`]).

use crate::model::legal::{LawSpec, appeal_wait, court_regime, notice_rule};

/// A share that changes at dates: `(first day, share)` in day order; before the first entry the
/// first share applies.
#[derive(Clone, Debug, PartialEq)]
pub struct DatedShare {
    /// Steps of the share.
    pub steps: Vec<(i64, f64)>,
}

impl DatedShare {
    /// The share on `day`.
    pub fn at(&self, day: i64) -> f64 {
        self.steps
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .or(self.steps.first())
            .map_or(0.0, |(_, share)| *share)
    }
}

/// Days in a month, for rates per month: a year of 365.25 days over 12 months.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// A hazard rate per day that changes at dates: `(first day, rate per day)` in day order; before
/// the first entry the first rate applies. Between two dates the rate is constant, so the
/// cumulative hazard is piecewise linear and its inverse costs a search and a short walk.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DatedRate {
    /// Steps of the rate (per day).
    pub steps: Vec<(i64, f64)>,
}

impl DatedRate {
    /// The rate per day on `day` (0 without steps).
    pub fn at(&self, day: i64) -> f64 {
        let idx = self.steps.partition_point(|(from, _)| *from <= day);
        self.steps
            .get(idx.saturating_sub(1))
            .map_or(0.0, |(_, rate)| *rate)
    }

    /// True when the rate is above zero on some day from `from` on.
    pub fn positive_from(&self, from: i64) -> bool {
        let idx = self.steps.partition_point(|(start, _)| *start <= from);
        self.steps[idx.saturating_sub(1)..]
            .iter()
            .any(|(_, rate)| *rate > 0.0)
    }

    /// The day on which a process that starts at 00:00 of day `from` with this hazard happens,
    /// for an Exp(1) draw `exp`: the day of the first moment the cumulative hazard from `from`
    /// reaches `exp` (never before `from`). `None` when that moment is not before day `end`.
    pub fn day_reached(&self, from: i64, exp: f64, end: i64) -> Option<i64> {
        if from >= end || self.steps.is_empty() || exp.is_nan() || exp < 0.0 {
            return None;
        }
        let mut idx = self
            .steps
            .partition_point(|(start, _)| *start <= from)
            .saturating_sub(1);
        let mut now = from as f64;
        let mut left = exp;
        loop {
            let next = self
                .steps
                .get(idx + 1)
                .map_or(end, |(start, _)| (*start).min(end));
            let rate = self.steps[idx].1;
            let span = next as f64 - now;
            if rate > 0.0 && span > 0.0 {
                let need = left / rate;
                if need < span {
                    let day = (now + need).floor() as i64;
                    return Some(day.clamp(from, end - 1));
                }
                left = (left - rate * span).max(0.0);
            }
            if next >= end {
                return None;
            }
            now = now.max(next as f64);
            idx += 1;
        }
    }

    /// The rate of `rate(day)`, a function constant between consecutive `breaks` (a break is the
    /// first day of a new value), as steps: one per break where the value changes.
    pub(crate) fn from_breaks(mut breaks: Vec<i64>, rate: impl Fn(i64) -> f64) -> DatedRate {
        breaks.sort_unstable();
        breaks.dedup();
        // Before the first break: the value of the day before it.
        let first = breaks.first().map_or(0, |b| b.saturating_sub(1));
        let mut steps = vec![(i64::MIN, rate(first))];
        for day in breaks {
            let value = rate(day);
            if steps.last().is_some_and(|(_, last)| *last != value) {
                steps.push((day, value));
            }
        }
        DatedRate { steps }
    }
}

/// How applicants take a legal step (a notice, an appeal, a second appeal): once with a share,
/// or as a process in time with a rate.
#[derive(Clone, Debug, PartialEq)]
pub enum Uptake {
    /// A share of the applicants takes the step, decided once on the first day they can, by the
    /// share of that day.
    Share(DatedShare),
    /// From the first day they can, while the case is open, each applicant takes the step with
    /// this hazard rate per day.
    Rate(DatedRate),
}

impl Uptake {
    /// True for a rate.
    pub fn is_rate(&self) -> bool {
        matches!(self, Uptake::Rate(_))
    }

    /// The hazard rate per day on `day`: 0 for a share.
    pub fn rate_at(&self, day: i64) -> f64 {
        match self {
            Uptake::Share(_) => 0.0,
            Uptake::Rate(rate) => rate.at(day),
        }
    }

    /// The days on which the rate changes (none for a share).
    fn rate_days(&self) -> impl Iterator<Item = i64> + '_ {
        let steps = match self {
            Uptake::Share(_) => &[][..],
            Uptake::Rate(rate) => &rate.steps[..],
        };
        steps.iter().map(|(day, _)| *day).filter(|d| *d != i64::MIN)
    }
}

/// The hazard rates of the notice and the appeal of each stream over the days of a run, with
/// every version of the law folded in: on each day the rate of the notice rule, or of the court
/// regime, in force that day for the stream (0 for a share, or where no rule or regime covers
/// it). Built once per replication; a case's process then costs a search and a short walk.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProcessRates {
    /// Per stream: the notice rate per day.
    pub(crate) notice: Vec<DatedRate>,
    /// Per stream: the appeal rate per day.
    pub(crate) appeal: Vec<DatedRate>,
    /// Per stream: the wait from a notice to the first day an appeal can be made, for a notice
    /// under a law without a court regime for the stream: that of the first version that has one.
    pub(crate) appeal_wait: Vec<Option<i64>>,
}

impl ProcessRates {
    /// The rates of `n_streams` streams under `laws`: each version of the law with the first day
    /// it is in force, in day order (the first, version 0, holds before every change).
    pub(crate) fn new(laws: &[(i64, &LawSpec)], n_streams: usize) -> ProcessRates {
        let on = |day: i64| {
            let k = laws.partition_point(|(from, _)| *from <= day).max(1);
            laws[k - 1].1
        };
        let changes = laws.iter().skip(1).map(|(day, _)| *day);
        let mut notice_breaks: Vec<i64> = changes.clone().collect();
        let mut appeal_breaks = notice_breaks.clone();
        for (_, law) in laws {
            for rule in &law.notices {
                notice_breaks.extend(rule.uptake.rate_days());
            }
            for regime in &law.court {
                appeal_breaks.extend(regime.appeal.rate_days());
                appeal_breaks.extend(regime.from_day);
                appeal_breaks.extend(regime.until_day.map(|d| d.saturating_add(1)));
            }
        }
        let streams = 0..n_streams.min(usize::from(u16::MAX)) as u16;
        ProcessRates {
            notice: streams
                .clone()
                .map(|s| {
                    DatedRate::from_breaks(notice_breaks.clone(), |day| {
                        notice_rule(on(day), s).map_or(0.0, |n| n.uptake.rate_at(day))
                    })
                })
                .collect(),
            appeal: streams
                .clone()
                .map(|s| {
                    DatedRate::from_breaks(appeal_breaks.clone(), |day| {
                        let law = on(day);
                        court_regime(law, s, day).map_or(0.0, |r| law.court[r].appeal.rate_at(day))
                    })
                })
                .collect(),
            appeal_wait: streams
                .map(|s| laws.iter().find_map(|(_, law)| appeal_wait(law, s)))
                .collect(),
        }
    }
}
