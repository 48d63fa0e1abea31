//! Writing a run's results into a folder: `summary.csv`, `replications.csv`, `monthly.csv`
//! (scenarios with a start date) and `run.json`; and any report's `report.html` and `plots/`.
//!
//! A results folder is written as a whole ([`Folder`]): into a temporary folder beside it, then
//! moved into place, so an interrupted or failed write leaves the old folder as it was and never
//! a mix of old and new files; a folder asielsim did not write is never replaced. Numbers are
//! written in Rust's shortest round-trip form, so the files are byte-identical whenever the
//! values are; undefined values (NaN) are written as empty fields.

mod folder;
mod folders;
mod forecast_files;
pub mod json;
mod manifest;
mod report_files;
mod trace;

use std::io;
use std::path::{Path, PathBuf};

pub use folder::{Folder, FolderError, MARKER, MAX_NAME_BYTES, check_destination, folder_name};
pub use folders::{
    calibrate_folder, compare_folder, forecast_folder, run_folder, run_folder_with,
    sensitivity_folder, shard_folder,
};
pub use forecast_files::{
    FORECAST_HEADER, backtest_csv, forecast_csv, forecast_files, intake_fragment, write_forecast,
};
pub use manifest::Manifest;
pub use report_files::write_report;
pub use trace::{TRACE_HEADER, trace_csv};

use crate::experiment::Experiment;
use crate::model::catalogue::{MetricKey, PenaltyPart};
use crate::model::{Catalogue, MonthlyColumn};
use crate::stats::Unit;

/// Column header of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 9] = [
    "metric",
    "mean",
    "ci95_low",
    "ci95_high",
    "p05",
    "p50",
    "p90",
    "p95",
    "replications",
];

/// A failure to write results.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}\n  fix: check that the folder is writable and the disk is not full", path.display())]
pub struct OutputError {
    /// The file or folder.
    pub path: PathBuf,
    /// What the operating system said.
    pub source: io::Error,
}

/// Writes the result files of `experiment` (see [`Folder::add_run`]) into the folder `dir`,
/// replacing it as a whole.
pub fn write_run(
    dir: &Path,
    experiment: &Experiment,
    manifest: &Manifest,
) -> Result<(), FolderError> {
    Folder::new("run").add_run(experiment, manifest).write(dir)
}

/// Column header of `metrics.csv`.
pub const METRICS_HEADER: [&str; 6] = ["name", "file", "unit", "better", "headline", "meaning"];

/// `metrics.csv`: the dictionary of a run's metrics: per metric of `summary.csv` (in its order),
/// then per column of `monthly.csv`, its name, the file it is in, its unit (`count`, `share`,
/// `eur`, `days`, `number`), which way is better (`higher`, `lower`, `neither`), whether it is
/// a headline figure, and what it means.
pub fn metrics_csv(catalogue: &Catalogue) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(METRICS_HEADER)
        .expect("writing to memory");
    for def in catalogue.metrics() {
        writer
            .write_record([
                def.name.as_str(),
                "summary.csv",
                def.key.unit().as_str(),
                def.key.direction().as_str(),
                if def.key.is_headline() { "yes" } else { "no" },
                def.meaning.as_str(),
            ])
            .expect("writing to memory");
    }
    for def in catalogue.monthly() {
        writer
            .write_record([
                def.name.as_str(),
                "monthly.csv",
                def.column.unit().as_str(),
                def.column.direction().as_str(),
                "no",
                def.meaning.as_str(),
            ])
            .expect("writing to memory");
    }
    into_string(writer)
}

/// `summary.csv`: one row per metric. `ci95_low`/`ci95_high` are the Student-t interval
/// clipped to the range of the metric's unit ([`crate::stats::Summary::clipped_to`]): a share's
/// within [0, 1], a count's, an amount's in euro and a duration's at least 0; they differ from
/// the plain t-interval only where it crossed such a bound (few replications near 0 or 1).
pub fn summary_csv(experiment: &Experiment) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(SUMMARY_HEADER)
        .expect("writing to memory");
    for ((name, s), def) in experiment
        .summaries()
        .into_iter()
        .zip(experiment.catalogue.metrics())
    {
        let v = |x: f64| value_in(def.key.unit(), x);
        writer
            .write_record([
                name,
                v(s.mean),
                v(s.ci95_low),
                v(s.ci95_high),
                v(s.p05),
                v(s.p50),
                v(s.p90),
                v(s.p95),
                s.n.to_string(),
            ])
            .expect("writing to memory");
    }
    into_string(writer)
}

/// `replications.csv`: one row per replication, one column per metric.
pub fn replications_csv(experiment: &Experiment) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["replication".to_string()];
    header.extend(experiment.metric_names().map(String::from));
    writer.write_record(&header).expect("writing to memory");
    for (rep, measurements) in experiment.replications.iter().enumerate() {
        let mut row = vec![rep.to_string()];
        row.extend(
            (measurements.values.iter())
                .zip(experiment.catalogue.metrics())
                .map(|(v, def)| value_in(def.key.unit(), *v)),
        );
        writer.write_record(&row).expect("writing to memory");
    }
    into_string(writer)
}

/// Column header of `monthly.csv`.
pub const MONTHLY_HEADER: [&str; 9] = [
    "month",
    "metric",
    "mean",
    "p05",
    "p25",
    "p50",
    "p75",
    "p95",
    "replications",
];

/// `monthly.csv`: one row per month and metric, with the mean and percentiles over
/// replications; `None` for scenarios without a start date.
pub fn monthly_csv(experiment: &Experiment) -> Option<String> {
    let first = experiment.replications.first()?.monthly.as_ref()?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(MONTHLY_HEADER)
        .expect("writing to memory");
    for (month_idx, month) in first.months.iter().enumerate() {
        for (col_idx, def) in experiment.catalogue.monthly().iter().enumerate() {
            let column = &def.name;
            let v = |x: f64| value_in(def.column.unit(), x);
            let mut values: Vec<f64> = experiment
                .replications
                .iter()
                .filter_map(|m| m.monthly.as_ref())
                .map(|series| series.rows[month_idx][col_idx])
                .filter(|v| v.is_finite())
                .collect();
            values.sort_by(f64::total_cmp);
            let n = values.len();
            let mean = if n == 0 {
                f64::NAN
            } else {
                values.iter().sum::<f64>() / n as f64
            };
            let q = |p| crate::stats::percentile(&values, p);
            writer
                .write_record([
                    month.clone(),
                    column.clone(),
                    v(mean),
                    v(q(0.05)),
                    v(q(0.25)),
                    v(q(0.50)),
                    v(q(0.75)),
                    v(q(0.95)),
                    n.to_string(),
                ])
                .expect("writing to memory");
        }
    }
    Some(into_string(writer))
}

/// `officers.csv`: one row per officer of every officer pool, means over replications;
/// `None` for scenarios without officer pools.
pub fn officers_csv(experiment: &Experiment) -> Option<String> {
    let first = experiment.replications.first()?;
    if first.officers.is_empty() {
        return None;
    }
    let n = experiment.replications.len() as f64;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "pool",
            "officer",
            "team",
            "level",
            "work_started_mean",
            "work_finished_mean",
            "hours_mean",
            "busy_at_end_share",
            "replications",
        ])
        .expect("writing to memory");
    for (idx, record) in first.officers.iter().enumerate() {
        let sum = |f: &dyn Fn(&crate::model::OfficerRecord) -> f64| -> f64 {
            experiment
                .replications
                .iter()
                .map(|m| f(&m.officers[idx]))
                .sum::<f64>()
        };
        writer
            .write_record([
                record.pool.clone(),
                record.officer.to_string(),
                record.team.clone(),
                record.level.to_string(),
                number(sum(&|r| r.started as f64) / n),
                number(sum(&|r| r.finished as f64) / n),
                number(sum(&|r| r.hours) / n),
                number(sum(&|r| f64::from(u8::from(r.busy_at_end))) / n),
                experiment.replications.len().to_string(),
            ])
            .expect("writing to memory");
    }
    Some(into_string(writer))
}

/// `compare.csv`: one row per scenario and metric: its mean and 95% CI, and for the variants
/// the paired difference to the base with its interval (Bonferroni-adjusted over the variants),
/// whether it excludes zero, and the half-widths of the paired and unpaired intervals. The
/// means' intervals are clipped as in `summary.csv`; the differences' are not (they may be
/// negative).
pub fn compare_csv(names: &[String], comparisons: &[crate::compare::Comparison]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "scenario",
            "metric",
            "mean",
            "ci95_low",
            "ci95_high",
            "diff_to_base",
            "diff_ci_low",
            "diff_ci_high",
            "significant",
            "paired_half_width",
            "unpaired_half_width",
            "replications",
        ])
        .expect("writing to memory");
    for c in comparisons {
        let v = |x: f64| value_in(c.unit, x);
        for (idx, (name, s)) in names.iter().zip(&c.summaries).enumerate() {
            let diff = idx.checked_sub(1).map(|v| &c.differences[v]);
            writer
                .write_record([
                    name.clone(),
                    c.metric.clone(),
                    v(s.mean),
                    v(s.ci95_low),
                    v(s.ci95_high),
                    diff.map_or(String::new(), |d| v(d.mean)),
                    diff.map_or(String::new(), |d| v(d.ci_low)),
                    diff.map_or(String::new(), |d| v(d.ci_high)),
                    diff.map_or(String::new(), |d| d.significant().to_string()),
                    diff.map_or(String::new(), |d| v(d.half_width())),
                    diff.map_or(String::new(), |d| v(d.unpaired_half_width)),
                    s.n.to_string(),
                ])
                .expect("writing to memory");
        }
    }
    into_string(writer)
}

/// `risk.csv`: the distribution of penalty payments and court costs over replications, for
/// budget holders: per row (the whole run, a calendar year or a month; by kind: total, admin,
/// court, court_costs, penalties_and_costs; by stream) the mean, percentiles, the expected
/// shortfall above p95 (the mean of the worst 5% of replications), and a distribution-free 95%
/// interval for each percentile where the replications allow one (empty otherwise: see
/// [`crate::stats::replications_for_interval`]). Money to the cent. `None` without law.
pub fn risk_csv(experiment: &Experiment) -> Option<String> {
    let catalogue = &experiment.catalogue;
    catalogue.index_of(MetricKey::Penalty {
        part: PenaltyPart::Total,
        year: None,
        stream: None,
    })?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(RISK_HEADER).expect("writing to memory");
    let euro = |x: f64| value_in(Unit::Euro, x);
    let mut row = |period: &str, kind: &str, stream: &str, values: Vec<f64>| {
        let mut values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let q = |p| crate::stats::percentile(&values, p);
        let mean = values.iter().sum::<f64>() / n.max(1) as f64;
        let p95 = q(0.95);
        let tail: Vec<f64> = values.iter().copied().filter(|v| *v >= p95).collect();
        let es = tail.iter().sum::<f64>() / tail.len().max(1) as f64;
        let mut record = vec![
            period.to_string(),
            kind.to_string(),
            euro(mean),
            euro(q(0.5)),
            euro(q(0.9)),
            euro(p95),
            euro(q(0.99)),
            euro(es),
            n.to_string(),
            stream.to_string(),
        ];
        for p in RISK_PERCENTILES {
            match crate::stats::quantile_interval(&values, p, 0.95) {
                Some((lo, hi)) => record.extend([euro(lo), euro(hi)]),
                None => record.extend([String::new(), String::new()]),
            }
        }
        writer.write_record(&record).expect("writing to memory");
    };
    let penalty = |part, year, stream| MetricKey::Penalty { part, year, stream };
    let column = |key: MetricKey| catalogue.index_of(key).map(|idx| experiment.column(idx));
    let sum = |a: Vec<f64>, b: Vec<f64>| a.iter().zip(&b).map(|(x, y)| x + y).collect::<Vec<_>>();
    for (part, kind) in [
        (PenaltyPart::Total, "total"),
        (PenaltyPart::Admin, "admin"),
        (PenaltyPart::Court, "court"),
    ] {
        if let Some(values) = column(penalty(part, None, None)) {
            row("run", kind, "all", values);
        }
    }
    let costs = column(MetricKey::CourtCosts(None));
    if let Some(values) = &costs {
        row("run", "court_costs", "all", values.clone());
    }
    for (idx, def) in catalogue.metrics().iter().enumerate() {
        match def.key {
            MetricKey::Penalty {
                part,
                year: Some(year),
                stream: None,
            } => {
                let values = experiment.column(idx);
                row(&year.to_string(), part.as_str(), "all", values.clone());
                if part == PenaltyPart::Total
                    && let Some(costs) = column(MetricKey::CourtCosts(Some(year)))
                {
                    row(&year.to_string(), "court_costs", "all", costs.clone());
                    row(
                        &year.to_string(),
                        "penalties_and_costs",
                        "all",
                        sum(values, costs),
                    );
                }
            }
            MetricKey::Penalty {
                part: PenaltyPart::Total,
                year: None,
                stream: Some(stream),
            } => {
                let name = catalogue.stream(stream);
                row(
                    "run",
                    &format!("stream {name}"),
                    name,
                    experiment.column(idx),
                );
            }
            MetricKey::Penalty {
                part: PenaltyPart::Total,
                year: Some(year),
                stream: Some(stream),
            } => row(
                &year.to_string(),
                "total",
                catalogue.stream(stream),
                experiment.column(idx),
            ),
            _ => {}
        }
    }
    if let (Some(total), Some(costs)) = (column(penalty(PenaltyPart::Total, None, None)), costs) {
        row("run", "penalties_and_costs", "all", sum(total, costs));
    }
    if let Some(first) = experiment.replications[0].monthly.as_ref()
        && let Some(col) = catalogue
            .monthly()
            .iter()
            .position(|c| c.column == MonthlyColumn::PenaltyEur)
    {
        for (m, month) in first.months.iter().enumerate() {
            let values = experiment
                .replications
                .iter()
                .filter_map(|r| r.monthly.as_ref())
                .map(|s| s.rows[m][col])
                .collect();
            row(month, "total", "all", values);
        }
    }
    Some(into_string(writer))
}

/// The percentiles `risk.csv` reports, each with its interval columns.
const RISK_PERCENTILES: [f64; 4] = [0.5, 0.9, 0.95, 0.99];

/// Column header of `risk.csv`: the first nine as ever, then the stream and the distribution-free
/// 95% interval of each percentile.
pub const RISK_HEADER: [&str; 18] = [
    "period",
    "kind",
    "mean",
    "p50",
    "p90",
    "p95",
    "p99",
    "es95",
    "replications",
    "stream",
    "p50_ci_low",
    "p50_ci_high",
    "p90_ci_low",
    "p90_ci_high",
    "p95_ci_low",
    "p95_ci_high",
    "p99_ci_low",
    "p99_ci_high",
];

/// The header of `observed_vs_simulated.csv`.
pub const OBSERVED_HEADER: [&str; 14] = [
    "metric",
    "period",
    "observed",
    "mean",
    "ci95_low",
    "ci95_high",
    "p05",
    "p50",
    "p95",
    "error",
    "relative_error",
    "within_p05_p95",
    "replications",
    "source",
];

/// `observed_vs_simulated.csv` (scenarios with `[metrics] observed`): one row per published
/// figure, in the file's order: the figure, the simulated mean with its 95% confidence interval
/// and the p5, p50 and p95 of the replications, the error of the mean (simulated minus
/// observed) absolute and as a share of the figure, and whether the figure lies within the
/// simulated p5-p95 range.
pub fn observed_csv(rows: &[crate::history::HistoryRow]) -> String {
    observed_rows_csv(rows, None)
}

/// `observed_vs_simulated.csv` of a calibration: the columns of [`observed_csv`] and `in_fit`
/// (`true` for the figures fitted, `false` for those out of sample).
pub fn observed_fit_csv(rows: &[crate::history::HistoryRow], in_fit: &[bool]) -> String {
    observed_rows_csv(rows, Some(in_fit))
}

fn observed_rows_csv(rows: &[crate::history::HistoryRow], in_fit: Option<&[bool]>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = OBSERVED_HEADER.to_vec();
    if in_fit.is_some() {
        header.push("in_fit");
    }
    writer.write_record(&header).expect("writing to memory");
    for (i, row) in rows.iter().enumerate() {
        let s = &row.simulated;
        let mut record = vec![
            row.figure.metric.clone(),
            row.figure.period.label(),
            value_in(row.unit, row.figure.value),
            value_in(row.unit, s.mean),
            value_in(row.unit, s.ci95_low),
            value_in(row.unit, s.ci95_high),
            value_in(row.unit, s.p05),
            value_in(row.unit, s.p50),
            value_in(row.unit, s.p95),
            value_in(row.unit, row.error()),
            number(row.relative_error()),
            if s.n == 0 {
                String::new()
            } else {
                row.within_range().to_string()
            },
            s.n.to_string(),
            row.figure.source.clone(),
        ];
        if let Some(fit) = in_fit {
            record.push(fit.get(i).copied().unwrap_or(false).to_string());
        }
        writer.write_record(&record).expect("writing to memory");
    }
    into_string(writer)
}

/// `inputs.csv` (scenarios with `[[uncertain]]` or changes with a `probability`): one row per
/// replication with the value each uncertain input was drawn at (a column per input, by its
/// name) and, per uncertain change, `1` when it took effect and `0` when not (a column
/// `change:<name>`).
pub fn inputs_csv(
    uncertainty: &crate::uncertain::Uncertainty,
    draws: &[crate::uncertain::Draw],
) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["replication".to_string()];
    header.extend(uncertainty.inputs.iter().map(|i| i.name.clone()));
    header.extend(
        uncertainty
            .changes
            .iter()
            .map(|c| format!("change:{}", c.name)),
    );
    writer.write_record(&header).expect("writing to memory");
    for (rep, draw) in draws.iter().enumerate() {
        let mut record = vec![rep.to_string()];
        record.extend(draw.values.iter().map(|v| number(*v)));
        record.extend(draw.changes.iter().map(|&kept| u8::from(kept).to_string()));
        writer.write_record(&record).expect("writing to memory");
    }
    into_string(writer)
}

/// `sensitivity.csv`: one row per uncertain input or change, largest swing first:
/// `input,metric,base_mean,low_value,low_mean,low_diff,low_diff_ci_low,low_diff_ci_high,high_value,high_mean,high_diff,high_diff_ci_low,high_diff_ci_high,swing`
/// (the low end is the input's 5th percentile or the change not in effect; the high end its
/// 95th percentile or the change in effect).
pub fn sensitivity_csv(analysis: &crate::sensitivity::Sensitivity) -> String {
    let m = |x: f64| value_in(analysis.unit, x);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "input",
            "metric",
            "base_mean",
            "low_value",
            "low_mean",
            "low_diff",
            "low_diff_ci_low",
            "low_diff_ci_high",
            "high_value",
            "high_mean",
            "high_diff",
            "high_diff_ci_low",
            "high_diff_ci_high",
            "swing",
        ])
        .expect("writing to memory");
    for e in &analysis.effects {
        writer
            .write_record([
                e.name.clone(),
                analysis.metric.clone(),
                m(analysis.base_mean),
                number(e.low.value),
                m(e.low.mean),
                m(e.low.diff),
                m(e.low.diff_ci.0),
                m(e.low.diff_ci.1),
                number(e.high.value),
                m(e.high.mean),
                m(e.high.diff),
                m(e.high.diff_ci.0),
                m(e.high.diff_ci.1),
                m(e.swing()),
            ])
            .expect("writing to memory");
    }
    into_string(writer)
}

/// `calibration.csv`: one row per fitted parameter:
/// `parameter,fitted,ci95_low,ci95_high,low,high,identified`.
pub fn calibration_csv(calibration: &crate::calibrate::Calibration) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "parameter",
            "fitted",
            "ci95_low",
            "ci95_high",
            "low",
            "high",
            "identified",
        ])
        .expect("writing to memory");
    for f in &calibration.fitted {
        let (lo, hi) = f.interval.unwrap_or((f64::NAN, f64::NAN));
        writer
            .write_record([
                f.parameter.path.clone(),
                number(f.value),
                number(lo),
                number(hi),
                number(f.parameter.low),
                number(f.parameter.high),
                f.interval.is_some().to_string(),
            ])
            .expect("writing to memory");
    }
    into_string(writer)
}

/// `evaluations.csv`: every evaluation of a calibration, in order:
/// `evaluation,stage,<one column per parameter path>,objective`.
pub fn evaluations_csv(calibration: &crate::calibrate::Calibration) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["evaluation".to_string(), "stage".to_string()];
    header.extend(calibration.fitted.iter().map(|f| f.parameter.path.clone()));
    header.push("objective".into());
    writer.write_record(&header).expect("writing to memory");
    for (i, e) in calibration.evaluations.iter().enumerate() {
        let mut record = vec![(i + 1).to_string(), e.stage.to_string()];
        record.extend(e.values.iter().map(|v| number(*v)));
        record.push(number(e.objective));
        writer.write_record(&record).expect("writing to memory");
    }
    into_string(writer)
}

fn into_string(writer: csv::Writer<Vec<u8>>) -> String {
    let bytes = writer.into_inner().expect("flushing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

/// A number as written in every output file: shortest round-trip form; NaN and infinities as
/// an empty field.
pub fn number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        String::new()
    }
}

/// A value of a metric in `unit` for a CSV cell: an amount in euro rounded to the cent (so no
/// float noise such as `20999087.900000002` reaches a budget sheet), anything else as
/// [`number`].
pub fn value_in(unit: Unit, value: f64) -> String {
    if unit == Unit::Euro && value.is_finite() {
        number((value * 100.0).round() / 100.0)
    } else {
        number(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_nan_is_empty() {
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(15.0), "15");
        assert_eq!(number(f64::NAN), "");
        assert_eq!(number(1.0 / 3.0).parse::<f64>().unwrap(), 1.0 / 3.0);
    }
}
