//! `[metrics] observed`: the CSV of published figures a run is held against.
//!
//! The file has a header row and one row per figure; columns in any order:
//!
//! | column | required | content |
//! |---|---|---|
//! | `metric` | yes | a metric of the scenario (`decided_first_2023`), or a monthly column at a month's end (`backlog_first@2023-12`) |
//! | `value` | yes | the published figure, in the metric's unit (shares as fractions, money in euro) |
//! | `source` | no | where it was published |
//! | `note` | no | anything else (definitions, rounding); not read |
//!
//! Every bad row is reported with its line number and the reason.

use std::collections::HashMap;
use std::path::Path;

use crate::history::figure::{ObservedFigure, Period};
use crate::model::catalogue::Target;
use crate::model::{Catalogue, Network};
use crate::scenario::validate::{Problems, header_columns};

/// The columns an observed-series file may have.
const COLUMNS: [&str; 4] = ["metric", "value", "source", "note"];

/// Most bad rows listed one by one; the rest are counted.
const MAX_ROW_PROBLEMS: usize = 25;

/// The figures of the file `file` names (relative to `scenario_path`), checked against the
/// metrics of `catalogue`.
pub(crate) fn observed(
    file: &str,
    scenario_path: &Path,
    network: &Network,
    catalogue: &Catalogue,
    problems: &mut Problems,
) -> Vec<ObservedFigure> {
    let path = scenario_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            problems.add(
                "metrics.observed",
                format!("cannot read {}: {err}", path.display()),
                "give the path of the observed-series CSV relative to the file that names it",
            );
            return Vec::new();
        }
    };
    parse(&text, &path, network, catalogue, problems)
}

fn parse(
    text: &str,
    path: &Path,
    network: &Network,
    catalogue: &Catalogue,
    problems: &mut Problems,
) -> Vec<ObservedFigure> {
    let file = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let Some(column) = header_columns(&mut reader, &file, &COLUMNS, problems) else {
        return Vec::new();
    };
    let (Some(&metric_col), Some(&value_col)) = (column.get("metric"), column.get("value")) else {
        problems.add(
            format!("{file} line 1"),
            "missing column(s): metric and value are required",
            "start the file with the header row metric,value,source",
        );
        return Vec::new();
    };
    let source_col = column.get("source").copied();
    let mut figures: Vec<ObservedFigure> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut n_bad = 0usize;
    for (row_idx, record) in reader.records().enumerate() {
        let line = row_idx + 2;
        let result = record
            .map_err(|err| {
                (
                    format!("unreadable row: {err}"),
                    "give every row as many fields as the header".to_string(),
                )
            })
            .and_then(|record| {
                let field = |idx: usize| record.get(idx).unwrap_or("").to_string();
                figure(
                    &field(metric_col),
                    &field(value_col),
                    source_col.map(field).unwrap_or_default(),
                    line,
                    network,
                    catalogue,
                )
            })
            .and_then(|figure| match seen.get(&figure.metric) {
                Some(first) => Err((
                    format!(
                        "\"{}\" is given twice (first on line {first})",
                        figure.metric
                    ),
                    "give each figure once".to_string(),
                )),
                None => {
                    seen.insert(figure.metric.clone(), line);
                    Ok(figure)
                }
            });
        match result {
            Ok(figure) => figures.push(figure),
            Err((problem, fix)) => {
                n_bad += 1;
                if n_bad <= MAX_ROW_PROBLEMS {
                    problems.add(format!("{file} line {line}"), problem, fix);
                }
            }
        }
    }
    if n_bad > MAX_ROW_PROBLEMS {
        problems.add(
            &file,
            format!("{} more bad rows not listed", n_bad - MAX_ROW_PROBLEMS),
            "correct the rows listed and run again to see the rest",
        );
    }
    if figures.is_empty() && n_bad == 0 {
        problems.add(
            &file,
            "the file holds no figures",
            "add one row per published figure: metric,value,source",
        );
    }
    figures
}

/// One row as a figure, or why it is refused (the problem and its fix).
fn figure(
    metric: &str,
    value: &str,
    source: String,
    line: usize,
    network: &Network,
    catalogue: &Catalogue,
) -> Result<ObservedFigure, (String, String)> {
    let target = catalogue.target(metric).ok_or_else(|| {
        (
            format!("\"{metric}\" is not a metric of this scenario, nor COLUMN@YYYY-MM of a monthly column in a month of the run"),
            "use a name that `asielsim metrics SCENARIO` lists (per-year figures need [law] and a year inside the run; stocks at a month's end are written backlog_<stream>@YYYY-MM)".to_string(),
        )
    })?;
    let value: f64 = value.parse().map_err(|_| {
        (
            format!("value \"{value}\" is not a number"),
            "write the figure as a plain number (1234.5; shares as fractions, money in euro)"
                .to_string(),
        )
    })?;
    let unit = catalogue.target_unit(target);
    let (low, high) = unit.range();
    if !value.is_finite() || value < low || value > high {
        return Err((
            format!("value {value} is outside the range of the metric ({} from {low} to {high})", unit.as_str()),
            "write shares as fractions between 0 and 1, and counts and money as numbers of at least 0".to_string(),
        ));
    }
    let (family, period) = match target {
        Target::Metric(idx) => {
            let key = catalogue.metrics()[idx].key;
            match (key.year(), key.family(network)) {
                (Some(year), Some(family)) => (family, Period::Year(year)),
                _ => (metric.to_string(), Period::Run),
            }
        }
        Target::MonthEnd { column, month } => (
            catalogue.monthly()[column].name.clone(),
            Period::MonthEnd(catalogue.months()[month].clone()),
        ),
    };
    Ok(ObservedFigure {
        metric: metric.to_string(),
        family,
        period,
        value,
        source,
        line,
    })
}
