//! The budget table of a run's report: per calendar year, what penalty payments and court
//! procedural costs the simulated futures paid, as the amounts a budget holder reserves
//! against (mean, median, p95 with its distribution-free 95% interval, and the mean of the
//! worst 5%). The same figures, per kind, stream and month, are in `risk.csv`.

use crate::experiment::Experiment;
use crate::model::catalogue::{MetricKey, PenaltyPart};
use crate::plot::format_euros;
use crate::report::html::Table;
use crate::stats::{percentile, quantile_interval, replications_for_interval};

/// One row's amounts over the futures.
fn amounts(label: String, kind: &str, mut values: Vec<f64>) -> Vec<String> {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    let n = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / n;
    let p95 = percentile(&values, 0.95);
    let tail: Vec<f64> = values.iter().copied().filter(|v| *v >= p95).collect();
    let es95 = tail.iter().sum::<f64>() / tail.len().max(1) as f64;
    let interval = match quantile_interval(&values, 0.95, 0.95) {
        Some((lo, hi)) => format!("{} to {}", format_euros(lo), format_euros(hi)),
        None => format!(
            "needs {} replications",
            replications_for_interval(0.95, 0.95)
        ),
    };
    vec![
        label,
        kind.to_string(),
        format_euros(mean),
        format_euros(percentile(&values, 0.5)),
        format_euros(p95),
        interval,
        format_euros(es95),
    ]
}

/// The budget table: for each calendar year of the run, and for the whole run, penalty
/// payments, court costs and their sum. `None` when the scenario has no penalty law.
pub(crate) fn budget_table(experiment: &Experiment) -> Option<Table> {
    let catalogue = &experiment.catalogue;
    let column = |key: MetricKey| catalogue.index_of(key).map(|idx| experiment.column(idx));
    let penalties = |year| MetricKey::Penalty {
        part: PenaltyPart::Total,
        year,
        stream: None,
    };
    column(penalties(None))?;
    let mut periods: Vec<(String, Option<i16>)> = catalogue
        .metrics()
        .iter()
        .filter_map(|def| match def.key {
            MetricKey::Penalty {
                part: PenaltyPart::Total,
                year: Some(year),
                stream: None,
            } => Some((year.to_string(), Some(year))),
            _ => None,
        })
        .collect();
    periods.push(("whole run".to_string(), None));
    let mut rows = Vec::new();
    for (label, year) in periods {
        let Some(paid) = column(penalties(year)) else {
            continue;
        };
        rows.push(amounts(label.clone(), "penalty payments", paid.clone()));
        if let Some(costs) = column(MetricKey::CourtCosts(year)) {
            let both = paid.iter().zip(&costs).map(|(a, b)| a + b).collect();
            rows.push(amounts(label.clone(), "court costs", costs));
            rows.push(amounts(label, "penalties + court costs", both));
        }
    }
    Some(Table {
        header: [
            "period",
            "what",
            "mean",
            "p50 (median)",
            "p95 (1 future in 20 is worse)",
            "95% CI of the p95",
            "mean of the worst 5%",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric: vec![false, false, true, true, true, true, true],
        marked: Vec::new(),
    })
}
