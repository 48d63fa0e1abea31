//! What the charts of a run need, taken from an [`Experiment`]: bands per month of a monthly
//! column, values per replication of a metric, and table cells in a metric's unit.

use crate::experiment::Experiment;
use crate::model::{MetricKey, MonthlyColumn};
use crate::plot::{Band, Unit};

/// The months of the run and, per month, the band over replications of monthly `column`;
/// `None` without a monthly series or without that column.
pub(crate) fn monthly_bands(
    experiment: &Experiment,
    column: MonthlyColumn,
) -> Option<(Vec<String>, Vec<Band>)> {
    let first = experiment.replications.first()?.monthly.as_ref()?;
    let col = experiment
        .catalogue
        .monthly()
        .iter()
        .position(|c| c.column == column)?;
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

/// The values over replications of the metric with `key`, if the run has it.
pub(crate) fn metric_values(experiment: &Experiment, key: MetricKey) -> Option<Vec<f64>> {
    let idx = experiment.catalogue.index_of(key)?;
    Some(experiment.column(idx))
}

/// A value of a metric for a table cell: like [`Unit::format`], but days without the word (the
/// column or metric name says it).
pub(crate) fn cell(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Days => Unit::Number.format(value),
        _ => unit.format(value),
    }
}

/// The cells of a summary in a table: mean, its 95% CI ("low to high", "–" without one), p5,
/// p50 and p95, each as [`cell`] writes it.
pub(crate) fn summary_cells(unit: Unit, s: &crate::stats::Summary) -> [String; 5] {
    [
        cell(unit, s.mean),
        if s.ci95_low.is_finite() {
            format!("{} to {}", cell(unit, s.ci95_low), cell(unit, s.ci95_high))
        } else {
            "–".into()
        },
        cell(unit, s.p05),
        cell(unit, s.p50),
        cell(unit, s.p95),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_cells_leave_out_the_word() {
        assert_eq!(cell(Unit::Days, 12.26), "12.3");
        assert_eq!(cell(Unit::Share, 0.5), Unit::Share.format(0.5));
    }
}
