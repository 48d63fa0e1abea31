//! A sweep's grid as scenarios to run, and `sweep.csv`: one row per point and metric.

use std::path::Path;

use toml::Table;

use crate::error::ScenarioError;
use crate::experiment::Experiment;
use crate::output;
use crate::scenario::{self, Scenario};
use crate::sweep::{Setting, apply, grid};

/// One point of a sweep's grid: its values and the scenario they make.
#[derive(Clone, Debug)]
pub struct Point {
    /// The point's values as written into `sweep.csv`, one per setting (strings unquoted).
    pub label: Vec<String>,
    /// The base scenario with the point's values.
    pub scenario: Scenario,
}

/// Why a grid's scenarios cannot be made. Both are invalid input: nothing has been run.
#[derive(Debug, thiserror::Error)]
pub enum GridError {
    /// A setting cannot be applied to the scenario file (no such key or entry).
    #[error("{0}")]
    Setting(String),
    /// A point's scenario is invalid, e.g. a value out of range.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
}

/// Every point of the grid of `settings` (the first setting varies slowest) applied to the
/// scenario file `table` read from `path`; every point is checked before any is run.
pub fn points(table: &Table, path: &Path, settings: &[Setting]) -> Result<Vec<Point>, GridError> {
    let mut points = Vec::new();
    for point in grid(settings) {
        let mut t = table.clone();
        for (setting, value) in settings.iter().zip(&point) {
            apply(&mut t, &setting.path, value.clone())
                .map_err(|e| GridError::Setting(e.to_string()))?;
        }
        let scenario = scenario::parse_table(t, path)?;
        for setting in settings {
            if let Some(input) = scenario.uncertainty.input_at(&setting.path) {
                return Err(GridError::Setting(format!(
                    "`{}` sets a key that the scenario's uncertain input \"{}\" draws anew in every replication, so the setting would have no effect\n  fix: set another key, or remove the [[uncertain]] entry in a variant",
                    setting.path, input.name
                )));
            }
        }
        points.push(Point {
            label: point
                .iter()
                .map(|v| v.to_string().trim_matches('"').to_string())
                .collect(),
            scenario,
        });
    }
    Ok(points)
}

/// `sweep.csv`, filled point by point so that each point's run can be dropped once written: a
/// column per setting, then per metric its mean, 95% CI, percentiles and replications.
#[derive(Debug)]
pub struct SweepCsv {
    writer: csv::Writer<Vec<u8>>,
}

impl SweepCsv {
    /// A `sweep.csv` with the columns of `settings`.
    pub fn new(settings: &[Setting]) -> SweepCsv {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = settings.iter().map(|s| s.path.clone()).collect();
        header.extend(
            [
                "metric",
                "mean",
                "ci95_low",
                "ci95_high",
                "p05",
                "p50",
                "p95",
                "replications",
            ]
            .map(String::from),
        );
        writer.write_record(&header).expect("writing to memory");
        SweepCsv { writer }
    }

    /// Adds the rows of the point `label` (see [`Point::label`]): one per metric of `run`.
    pub fn add(&mut self, label: &[String], run: &Experiment) {
        for ((name, summary), def) in run.summaries().into_iter().zip(run.catalogue.metrics()) {
            let v = |x: f64| output::value_in(def.key.unit(), x);
            let mut row = label.to_vec();
            row.extend([
                name,
                v(summary.mean),
                v(summary.ci95_low),
                v(summary.ci95_high),
                v(summary.p05),
                v(summary.p50),
                v(summary.p95),
                summary.n.to_string(),
            ]);
            self.writer.write_record(&row).expect("writing to memory");
        }
    }

    /// The text of the file.
    pub fn finish(self) -> String {
        let bytes = self.writer.into_inner().expect("flushing to memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{self, RunSettings};
    use crate::sweep::parse_setting;

    const MMC: &str = r#"
        [scenario]
        name = "tiny"
        [run]
        horizon_days = 50
        warmup_days = 5
        [[pool]]
        name = "officers"
        servers = 3
        [[stream]]
        name = "cases"
        rate_per_day = 2
        entry = "decide"
        [[step]]
        name = "decide"
        pool = "officers"
        work_hours = { dist = "exponential", mean = 24 }
        next = "exit"
    "#;

    #[test]
    fn a_grid_makes_one_scenario_per_point_and_one_row_per_metric() {
        let table: Table = toml::from_str(MMC).unwrap();
        let settings = [parse_setting("pool.officers.servers=3..4:1").unwrap()];
        let points = points(&table, Path::new("tiny.toml"), &settings).unwrap();
        assert_eq!(points.len(), 2);
        assert_eq!(points[1].label, ["4"]);
        assert_eq!(points[1].scenario.network.pools[0].servers, 4);
        let mut csv = SweepCsv::new(&settings);
        let run_settings = RunSettings {
            replications: 2,
            seed: 1,
            threads: 1,
        };
        for p in &points {
            let run = experiment::run(&p.scenario, run_settings, &|| {}).unwrap();
            csv.add(&p.label, &run);
        }
        let text = csv.finish();
        assert!(text.starts_with(
            "pool.officers.servers,metric,mean,ci95_low,ci95_high,p05,p50,p95,replications\n"
        ));
        assert!(text.contains("\n4,arrived,"), "{text}");
        assert!(text.lines().skip(1).all(|l| l.ends_with(",2")));

        let bad = [parse_setting("pool.nobody.servers=3").unwrap()];
        let err = super::points(&table, Path::new("tiny.toml"), &bad).unwrap_err();
        assert!(matches!(err, GridError::Setting(_)), "{err}");
        let invalid = [parse_setting("pool.officers.servers=-1").unwrap()];
        let err = super::points(&table, Path::new("tiny.toml"), &invalid).unwrap_err();
        assert!(matches!(err, GridError::Scenario(_)), "{err}");
    }
}
