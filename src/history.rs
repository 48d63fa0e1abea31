//! History: published figures held against a run.
//!
//! A scenario may name a CSV of observed figures (`[metrics] observed`): published stocks,
//! decisions, notices or payouts, each named like the metric (or the monthly column at a month's
//! end, `backlog_first@2023-12`) it is to be compared with. A run of such a scenario compares
//! every figure with the simulated distribution of its metric over the replications
//! ([`compare`]): the mean with its confidence interval, the p5-p95 range of the futures, the
//! error of the mean and whether the figure lies within the range. `output` writes the rows as
//! `observed_vs_simulated.csv`, `report` shows them as its "history" section, and `calibrate`
//! fits parameters to them.

pub mod figure;

pub use figure::{ObservedFigure, Period};

use crate::experiment::Experiment;
use crate::stats::{Summary, Unit, summarize};

/// One observed figure against the simulated distribution of its metric.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    /// The figure.
    pub figure: ObservedFigure,
    /// The metric's unit.
    pub unit: Unit,
    /// The metric over the replications (its confidence interval clipped to the unit's range).
    pub simulated: Summary,
}

impl HistoryRow {
    /// Simulated mean minus the observed value.
    pub fn error(&self) -> f64 {
        self.simulated.mean - self.figure.value
    }

    /// The error as a share of the observed value; NaN when the observed value is 0.
    pub fn relative_error(&self) -> f64 {
        if self.figure.value == 0.0 {
            f64::NAN
        } else {
            self.error() / self.figure.value
        }
    }

    /// True when the observed value lies within the simulated p5-p95 range (the range 90% of
    /// the simulated futures fall in).
    pub fn within_range(&self) -> bool {
        self.simulated.p05 <= self.figure.value && self.figure.value <= self.simulated.p95
    }

    /// True when the simulated mean lies within `tolerance` (a share, e.g. 0.25) of the
    /// observed value.
    pub fn within_tolerance(&self, tolerance: f64) -> bool {
        if self.figure.value == 0.0 {
            // A published zero is met only by a simulated zero (a relative error is undefined).
            return self.simulated.mean == 0.0;
        }
        self.relative_error().abs() <= tolerance
    }
}

/// The tolerance the report and the terminal judge a figure by: a simulated mean within 25% of
/// the published value.
pub const TOLERANCE: f64 = 0.25;

/// Every figure of `figures` against `experiment`, in the figures' order. A figure whose metric
/// the run does not have (a scenario changed after validation) gets an empty summary.
pub fn compare(experiment: &Experiment, figures: &[ObservedFigure]) -> Vec<HistoryRow> {
    figures
        .iter()
        .map(|figure| {
            let unit = experiment.catalogue.unit_of(&figure.metric);
            let values = experiment.values_of(&figure.metric).unwrap_or_default();
            HistoryRow {
                figure: figure.clone(),
                unit,
                simulated: summarize(&values).clipped_to(unit),
            }
        })
        .collect()
}

/// The rows of `rows` grouped by family, in the order each family first appears, each family's
/// rows in the order of their periods.
pub fn families(rows: &[HistoryRow]) -> Vec<(&str, Vec<&HistoryRow>)> {
    let mut out: Vec<(&str, Vec<&HistoryRow>)> = Vec::new();
    for row in rows {
        match out.iter_mut().find(|(f, _)| *f == row.figure.family) {
            Some((_, members)) => members.push(row),
            None => out.push((&row.figure.family, vec![row])),
        }
    }
    for (_, members) in &mut out {
        members.sort_by(|a, b| a.figure.period.cmp(&b.figure.period));
    }
    out
}

/// A one-line verdict for people: how many figures the simulated mean meets within the
/// tolerance, and how many lie within the simulated p5-p95 range.
pub fn verdict(rows: &[HistoryRow]) -> String {
    let within = rows
        .iter()
        .filter(|r| r.within_tolerance(TOLERANCE))
        .count();
    let in_range = rows.iter().filter(|r| r.within_range()).count();
    format!(
        "{within} of {} published figures within ±{:.0}% of the simulated mean; {in_range} within the simulated p5-p95 range",
        rows.len(),
        TOLERANCE * 100.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(value: f64, values: &[f64]) -> HistoryRow {
        HistoryRow {
            figure: ObservedFigure {
                metric: "decided_2023".into(),
                family: "decided_<year>".into(),
                period: Period::Year(2023),
                value,
                source: "test".into(),
                line: 2,
            },
            unit: Unit::Count,
            simulated: summarize(values),
        }
    }

    #[test]
    fn errors_are_the_mean_against_the_figure() {
        let r = row(100.0, &[110.0, 130.0]);
        assert_eq!(r.error(), 20.0);
        assert_eq!(r.relative_error(), 0.2);
        assert!(r.within_tolerance(0.25));
        assert!(!r.within_tolerance(0.1));
        assert!(!r.within_range(), "100 is below p05 of [110, 130]");
        assert!(row(120.0, &[110.0, 130.0]).within_range());
        assert!(row(0.0, &[1.0]).relative_error().is_nan());
        assert!(!row(0.0, &[1.0]).within_tolerance(0.25));
        assert!(row(0.0, &[0.0, 0.0]).within_tolerance(0.25));
    }

    #[test]
    fn periods_order_and_end() {
        assert!(Period::Year(2022) < Period::Year(2023));
        assert_eq!(Period::Year(2023).last_day().unwrap(), "2023-12-31");
        assert_eq!(
            Period::MonthEnd("2023-06".into()).last_day().unwrap(),
            "2023-06-30"
        );
        assert_eq!(
            Period::MonthEnd("2024-02".into()).last_day().unwrap(),
            "2024-02-29"
        );
        assert_eq!(Period::Run.label(), "run");
    }

    #[test]
    fn families_keep_first_appearance_and_sort_periods() {
        let mut a = row(1.0, &[1.0]);
        a.figure.period = Period::Year(2024);
        let b = row(1.0, &[1.0]);
        let mut c = row(1.0, &[1.0]);
        c.figure.family = "notices_<year>".into();
        let rows = [a, c, b];
        let fams = families(&rows);
        assert_eq!(fams.len(), 2);
        assert_eq!(fams[0].0, "decided_<year>");
        assert_eq!(fams[0].1[0].figure.period, Period::Year(2023));
        assert_eq!(fams[1].0, "notices_<year>");
    }
}
