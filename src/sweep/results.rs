//! What a sweep's report charts: for each point, the summaries of a few metrics over its
//! replications, kept while the runs themselves are dropped point by point.

use crate::experiment::Experiment;
use crate::model::catalogue::Catalogue;
use crate::stats::Summary;

/// The metrics a sweep's report charts when none are named, in this order, as far as the
/// scenario has them: the headline figures of a run's report, then the queueing measures of
/// the validation models.
pub const DEFAULT_CHARTED: [&str; 10] = [
    "within_term_share",
    "backlog_end",
    "penalty_eur_total",
    "court_costs_eur",
    "total_cost_eur",
    "throughput_days_mean",
    "wait_days_mean",
    "wait_probability",
    "in_system_mean",
    "decided",
];

/// The metrics to chart: `named` (each must be a metric of `catalogue`; the first unknown one
/// is returned as the error), or, when none are named, those of [`DEFAULT_CHARTED`] the
/// scenario has.
pub fn charted_metrics(catalogue: &Catalogue, named: &[String]) -> Result<Vec<String>, String> {
    if named.is_empty() {
        return Ok(DEFAULT_CHARTED
            .iter()
            .filter(|m| catalogue.find(m).is_some())
            .map(|m| m.to_string())
            .collect());
    }
    match named.iter().find(|m| catalogue.find(m).is_none()) {
        Some(unknown) => Err(unknown.clone()),
        None => Ok(named.to_vec()),
    }
}

/// The charted metrics' summaries at every point of a sweep.
#[derive(Clone, Debug)]
pub struct SweepResults {
    /// The metrics, by name.
    pub metrics: Vec<String>,
    /// Each point's values, one per setting (as in `sweep.csv`), in the grid's order.
    pub labels: Vec<Vec<String>>,
    /// Each point's summaries, in the order of `metrics` (`None` where the point's scenario
    /// lacks the metric, e.g. a year outside its run).
    pub summaries: Vec<Vec<Option<Summary>>>,
}

impl SweepResults {
    /// Results for `metrics`, without points yet.
    pub fn new(metrics: Vec<String>) -> SweepResults {
        SweepResults {
            metrics,
            labels: Vec::new(),
            summaries: Vec::new(),
        }
    }

    /// Adds the point `label` with its run.
    pub fn add(&mut self, label: &[String], run: &Experiment) {
        self.labels.push(label.to_vec());
        self.summaries
            .push(self.metrics.iter().map(|name| run.summary(name)).collect());
    }
}
