//! What the charts of a run need, taken from an [`Experiment`]: bands per month of a monthly
//! column, values per replication of a metric, and the unit a metric is in.

use crate::experiment::Experiment;
use crate::plot::{Band, Unit};

/// The months of the run and, per month, the band over replications of monthly `column`;
/// `None` without a monthly series or without that column.
pub(crate) fn monthly_bands(
    experiment: &Experiment,
    column: &str,
) -> Option<(Vec<String>, Vec<Band>)> {
    let first = experiment.replications.first()?.monthly.as_ref()?;
    let col = first.columns.iter().position(|c| c == column)?;
    let mut values = Vec::with_capacity(experiment.replications.len());
    let bands = (0..first.months.len())
        .map(|month| {
            values.clear();
            values.extend(
                experiment
                    .replications
                    .iter()
                    .filter_map(|r| r.monthly.as_ref())
                    .filter_map(|s| s.rows.get(month).and_then(|row| row.get(col)).copied()),
            );
            Band::from_values(&values)
        })
        .collect();
    Some((first.months.clone(), bands))
}

/// The values over replications of metric `name`, if there is such a metric.
pub(crate) fn metric_values(experiment: &Experiment, name: &str) -> Option<Vec<f64>> {
    let idx = experiment.metric_names.iter().position(|n| n == name)?;
    Some(experiment.column(idx))
}

/// The unit of a metric, from its name (see the metric catalogue in the README).
pub fn unit_of(metric: &str) -> Unit {
    let share = [
        "within_term_share",
        "utilisation",
        "wait_probability",
        "routed_share",
        "misrouted_share",
        "aa_to_va_share",
        "share_",
    ];
    if metric.contains("_eur") {
        Unit::Euro
    } else if share.iter().any(|s| metric.starts_with(s)) {
        Unit::Share
    } else if metric.contains("_days") {
        Unit::Days
    } else if metric.starts_with("arrival_rate")
        || metric.contains("_mean")
        || metric.starts_with("workload_cv")
        || metric.starts_with("team_hours")
    {
        Unit::Number
    } else {
        Unit::Count
    }
}

/// A value of a metric for a table cell: like [`Unit::format`], but days without the word (the
/// column or metric name says it).
pub(crate) fn cell(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Days => Unit::Number.format(value),
        _ => unit.format(value),
    }
}

/// A four-digit year at the end of a metric name with `prefix` (`penalty_eur_2027` -> 2027).
pub(crate) fn year_suffix<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = name.strip_prefix(prefix)?;
    (rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit())).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_follow_the_metric_catalogue() {
        assert_eq!(unit_of("penalty_eur_2027"), Unit::Euro);
        assert_eq!(unit_of("court_costs_eur"), Unit::Euro);
        assert_eq!(unit_of("within_term_share_first"), Unit::Share);
        assert_eq!(unit_of("utilisation_decision_ter_apel"), Unit::Share);
        assert_eq!(unit_of("throughput_days_p90"), Unit::Days);
        assert_eq!(unit_of("backlog_end"), Unit::Count);
        assert_eq!(unit_of("in_system_mean"), Unit::Number);
        assert_eq!(
            year_suffix("penalty_eur_2027", "penalty_eur_"),
            Some("2027")
        );
        assert_eq!(year_suffix("penalty_eur_admin", "penalty_eur_"), None);
        assert_eq!(cell(Unit::Days, 12.26), "12.3");
    }
}
