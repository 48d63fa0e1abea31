//! `--json`: the one JSON document a command writes to standard output for scripts, with the
//! summary (every number with its unit and, where there is one, its interval) and the paths of
//! the files written. Numbers are JSON numbers (money to the cent); an undefined value is
//! `null`. Keys are an interface, as CSV columns are: add, never rename.
//!
//! Every document has `command`, `folder` (the output folder) and `files` (the paths written,
//! sorted); then per command: `run` the scenario and its `metrics`; `compare` the scenarios,
//! the ranking and every metric's `comparisons`; `sweep` the `points` with their metrics; `plan`
//! its `answer` and the tables of its CSV files; `calibrate` and `sensitivity` the tables of
//! theirs.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::compare::{BestVerdict, Better, Comparison};
use crate::experiment::Experiment;
use crate::output::Folder;
use crate::stats::{Summary, Unit};

/// Version of the documents' layout, raised when a key changes meaning (never for additions).
pub const JSON_FORMAT: u32 = 1;

/// A number in `unit` as JSON: money to the cent, undefined as `null`.
fn num(unit: Unit, value: f64) -> Value {
    if !value.is_finite() {
        return Value::Null;
    }
    let value = if unit == Unit::Euro {
        (value * 100.0).round() / 100.0
    } else {
        value
    };
    serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// A summary over replications: mean with its 95% interval, percentiles, replications.
fn summary(unit: Unit, s: &Summary) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("unit".into(), unit.as_str().into());
    for (key, value) in [
        ("mean", s.mean),
        ("ci95_low", s.ci95_low),
        ("ci95_high", s.ci95_high),
        ("p05", s.p05),
        ("p50", s.p50),
        ("p95", s.p95),
    ] {
        map.insert(key.into(), num(unit, value));
    }
    map.insert("replications".into(), s.n.into());
    map
}

/// Every metric of `experiment` with its unit, meaning and summary, in catalogue order.
pub fn metric_summaries(experiment: &Experiment) -> Value {
    let summaries = experiment.summaries();
    Value::Array(
        summaries
            .iter()
            .zip(experiment.catalogue.metrics())
            .map(|((name, s), def)| {
                let mut map = Map::new();
                map.insert("metric".into(), name.clone().into());
                map.insert("meaning".into(), def.meaning.clone().into());
                map.extend(summary(def.key.unit(), s));
                Value::Object(map)
            })
            .collect(),
    )
}

/// The document of one shard of a job: the job's command, which shard, its items, and whether
/// it was `skipped` (already there from an earlier run).
pub fn shard_json(
    job: &crate::shard::Job,
    shard: crate::shard::Shard,
    skipped: bool,
    dir: &Path,
) -> String {
    use crate::shard::record::{DATA, MANIFEST};
    let items = shard.block(job.total);
    let mut map = Map::new();
    map.insert("command".into(), job.command.as_str().into());
    map.insert("format".into(), JSON_FORMAT.into());
    map.insert("folder".into(), dir.display().to_string().into());
    let files: Vec<String> = [MANIFEST, DATA]
        .iter()
        .map(|name| dir.join(name).display().to_string())
        .collect();
    map.insert("files".into(), files.into());
    map.insert("shard".into(), (shard.index + 1).into());
    map.insert("shards".into(), shard.count.into());
    map.insert("items".into(), job.items.as_str().into());
    map.insert("first".into(), items.start.into());
    map.insert("end".into(), items.end.into());
    map.insert("skipped".into(), skipped.into());
    text(map)
}

/// The head every document shares: command, format, folder and the files written there.
fn head(command: &str, dir: &Path, folder: &Folder) -> Map<String, Value> {
    let mut files: Vec<String> = folder
        .names()
        .map(|name| dir.join(name).display().to_string())
        .collect();
    files.sort();
    let mut map = Map::new();
    map.insert("command".into(), command.into());
    map.insert("format".into(), JSON_FORMAT.into());
    map.insert("folder".into(), dir.display().to_string().into());
    map.insert("files".into(), files.into());
    map
}

/// The text of a document, ending in a newline.
fn text(map: Map<String, Value>) -> String {
    let mut out = serde_json::to_string_pretty(&Value::Object(map)).expect("JSON of plain values");
    out.push('\n');
    out
}

/// The document of `run`: the scenario, its settings and every metric.
pub fn run_json(
    scenario: (&str, &Path),
    experiment: &Experiment,
    dir: &Path,
    folder: &Folder,
) -> String {
    let mut map = head("run", dir, folder);
    map.insert("scenario".into(), scenario.0.into());
    map.insert(
        "scenario_file".into(),
        scenario.1.display().to_string().into(),
    );
    map.insert(
        "replications".into(),
        experiment.settings.replications.into(),
    );
    map.insert("seed".into(), experiment.settings.seed.into());
    map.insert("metrics".into(), metric_summaries(experiment));
    text(map)
}

/// What `compare` ranked: the metric, which way is better and its verdict.
#[derive(Clone, Copy, Debug)]
pub struct Ranking<'a> {
    /// The metric ranked on.
    pub metric: &'a str,
    /// Which way is better.
    pub better: Better,
    /// The verdict, when the scenarios have the metric.
    pub verdict: Option<&'a BestVerdict>,
}

/// The document of `compare`: the scenarios (base first), the ranking, and per metric each
/// scenario's summary with its paired difference to the base.
pub fn compare_json(
    names: &[String],
    (replications, seed): (u32, u64),
    comparisons: &[Comparison],
    ranking: Ranking<'_>,
    dir: &Path,
    folder: &Folder,
) -> String {
    let mut map = head("compare", dir, folder);
    map.insert("scenarios".into(), names.to_vec().into());
    map.insert("replications".into(), replications.into());
    map.insert("seed".into(), seed.into());
    map.insert(
        "ranking".into(),
        json!({
            "metric": ranking.metric,
            "better": if ranking.better == Better::Higher { "higher" } else { "lower" },
            "best": ranking.verdict.map(|v| names[v.best].clone()),
            "clearly_best": ranking.verdict.map(|v| v.clearly_best),
            "ties": ranking.verdict.map(|v| v.ties().into_iter().map(|i| names[i].clone()).collect::<Vec<_>>()),
        }),
    );
    let rows: Vec<Value> = comparisons
        .iter()
        .map(|c| {
            let scenarios: Vec<Value> = names
                .iter()
                .zip(&c.summaries)
                .enumerate()
                .map(|(idx, (name, s))| {
                    let mut row = Map::new();
                    row.insert("scenario".into(), name.clone().into());
                    row.extend(summary(c.unit, s));
                    if let Some(d) = idx.checked_sub(1).and_then(|v| c.differences.get(v)) {
                        row.insert(
                            "difference_to_base".into(),
                            json!({
                                "mean": num(c.unit, d.mean),
                                "ci_low": num(c.unit, d.ci_low),
                                "ci_high": num(c.unit, d.ci_high),
                                "significant": d.significant(),
                                "unpaired_half_width": num(c.unit, d.unpaired_half_width),
                            }),
                        );
                    }
                    Value::Object(row)
                })
                .collect();
            json!({ "metric": c.metric, "unit": c.unit.as_str(), "scenarios": scenarios })
        })
        .collect();
    map.insert("comparisons".into(), rows.into());
    text(map)
}

/// The document of `sweep`: the settings, and per point its values and every metric
/// (`points`: each point's values, one per setting, and its [`metric_summaries`]).
pub fn sweep_json(
    settings: &[String],
    (replications, seed): (u32, u64),
    points: &[(Vec<String>, Value)],
    dir: &Path,
    folder: &Folder,
) -> String {
    let mut map = head("sweep", dir, folder);
    map.insert("settings".into(), settings.to_vec().into());
    map.insert("replications".into(), replications.into());
    map.insert("seed".into(), seed.into());
    let rows: Vec<Value> = points
        .iter()
        .map(|(label, metrics)| {
            let values: Map<String, Value> = settings
                .iter()
                .zip(label)
                .map(|(path, value)| (path.clone(), value.clone().into()))
                .collect();
            json!({ "values": values, "metrics": metrics })
        })
        .collect();
    map.insert("points".into(), rows.into());
    text(map)
}

/// The rows of a CSV text as objects, each cell a number where it reads as one, an empty cell
/// `null`, anything else a string.
pub fn csv_rows(csv_text: &str) -> Value {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(_) => return Value::Array(Vec::new()),
    };
    Value::Array(
        reader
            .records()
            .filter_map(Result::ok)
            .map(|record| {
                let row: Map<String, Value> = header
                    .iter()
                    .zip(record.iter())
                    .map(|(key, cell)| {
                        let value = if cell.is_empty() {
                            Value::Null
                        } else {
                            cell.parse::<f64>()
                                .ok()
                                .and_then(serde_json::Number::from_f64)
                                .map_or_else(|| Value::String(cell.to_string()), Value::Number)
                        };
                        (key.clone(), value)
                    })
                    .collect();
                Value::Object(row)
            })
            .collect(),
    )
}

/// The document of `plan`: what was searched, the answer (`null` when nothing in the range
/// meets the target) and the tables of the plan's CSV files by file name (`plan.csv`,
/// `answer.csv`, `answer_costs.csv`, `timing.csv` where written).
pub fn plan_json(
    search: &str,
    (metric, unit): (&str, Unit),
    answer: Option<u32>,
    dir: &Path,
    folder: &Folder,
) -> String {
    let mut map = head("plan", dir, folder);
    map.insert("search".into(), search.into());
    map.insert("metric".into(), metric.into());
    map.insert("unit".into(), unit.as_str().into());
    map.insert("answer".into(), answer.map_or(Value::Null, Value::from));
    let tables: Map<String, Value> = folder
        .names()
        .filter(|name| name.ends_with(".csv"))
        .filter_map(|name| {
            folder
                .content(name)
                .map(|text| (name.to_string(), csv_rows(text)))
        })
        .collect();
    map.insert("tables".into(), Value::Object(tables));
    text(map)
}

/// The document of a command whose results are its CSV tables (`calibrate`, `sensitivity`):
/// the tables by file name, each row an object.
pub fn tables_json(command: &str, dir: &Path, folder: &Folder) -> String {
    let mut map = head(command, dir, folder);
    map.insert("tables".into(), Value::Object(tables(folder)));
    text(map)
}

/// The folder's CSV files as tables by file name.
fn tables(folder: &Folder) -> Map<String, Value> {
    folder
        .names()
        .filter(|name| name.ends_with(".csv"))
        .filter_map(|name| {
            folder
                .content(name)
                .map(|text| (name.to_string(), csv_rows(text)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_become_numbers_nulls_or_strings() {
        let rows = csv_rows("a,b,c\n1.5,,x\n-2,3,\n");
        assert_eq!(
            rows,
            json!([{"a": 1.5, "b": null, "c": "x"}, {"a": -2.0, "b": 3.0, "c": null}])
        );
    }

    #[test]
    fn money_is_to_the_cent_and_undefined_is_null() {
        assert_eq!(num(Unit::Euro, 20999087.900000002), json!(20999087.9));
        assert_eq!(num(Unit::Share, f64::NAN), Value::Null);
        assert_eq!(num(Unit::Days, 1.25), json!(1.25));
    }
}
