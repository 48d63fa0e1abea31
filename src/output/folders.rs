//! The results folder of each command, complete: its files and its report, ready to write.

use crate::compare::{Better, Comparison};
use crate::experiment::Experiment;
use crate::forecast::Study;
use crate::output::{Folder, Manifest, compare_csv, forecast_files};
use crate::plot::PlotError;
use crate::report::{self, ForecastInput, ScenarioFacts};
use crate::scenario::Scenario;

/// The folder of a run of `scenario`: its result files (see [`Folder::add_run`]) and
/// `report.html` with its charts.
pub fn run_folder(scenario: &Scenario, experiment: &Experiment) -> Result<Folder, PlotError> {
    run_folder_with(scenario, experiment, &[])
}

/// The folder of a run whose scenario was changed on the command line by `settings`
/// (`PATH=VALUE`, recorded in the manifest); otherwise as [`run_folder`].
pub fn run_folder_with(
    scenario: &Scenario,
    experiment: &Experiment,
    settings: &[String],
) -> Result<Folder, PlotError> {
    let mut manifest = Manifest::new(scenario, experiment);
    manifest.settings = settings.to_vec();
    let facts = ScenarioFacts::from_scenario(scenario);
    let report = report::run_report(&facts, experiment, &manifest)?;
    let mut folder = Folder::new("run");
    folder.add_run(experiment, &manifest).add_report(&report);
    if !experiment.draws.is_empty() {
        folder.add(
            "inputs.csv",
            super::inputs_csv(&scenario.uncertainty, &experiment.draws),
        );
    }
    if !scenario.observed.is_empty() {
        let rows = crate::history::compare(experiment, &scenario.observed);
        folder.add("observed_vs_simulated.csv", super::observed_csv(&rows));
    }
    Ok(folder)
}

/// The folder of shard `shard` of `job`: `shard.jsonl` with `blocks` (each with its part and
/// the wall time it took) and
/// `shard.json`, its manifest, with the thread count and wall time it ran with.
pub fn shard_folder(
    job: &crate::shard::Job,
    shard: crate::shard::Shard,
    (threads, wall_time): (usize, std::time::Duration),
    blocks: &[(u32, &crate::experiment::Block, std::time::Duration)],
) -> Folder {
    use crate::shard::record;
    let parts: Vec<(u32, &crate::experiment::Block)> =
        blocks.iter().map(|(p, b, _)| (*p, *b)).collect();
    let data = record::encode(&parts);
    let items = shard.block(job.total);
    let manifest = record::ShardManifest {
        format: record::FORMAT,
        job: job.clone(),
        shard: shard.index + 1,
        first: items.start,
        end: items.end,
        threads,
        wall_time_seconds: wall_time.as_secs_f64(),
        part_seconds: blocks
            .iter()
            .map(|(p, _, wall)| (*p, wall.as_secs_f64()))
            .collect(),
        data_sha256: crate::digest::sha256_hex(data.as_bytes()),
    };
    let mut text = serde_json::to_string_pretty(&manifest).expect("a shard manifest serializes");
    text.push('\n');
    let mut folder = Folder::new("shard");
    folder.add(record::MANIFEST, text).add(record::DATA, data);
    folder
}

/// The folder of a calibration: `calibration.csv` (the fitted values and their 95% intervals),
/// `evaluations.csv` (every evaluation of the search), `calibrated.toml` (`variant`: the fitted
/// values as a variant of the scenario), `observed_vs_simulated.csv` at the fit (with a column
/// `in_fit` saying which figures were fitted) and `report.html`.
pub fn calibrate_folder(
    calibration: &crate::calibrate::Calibration,
    variant: String,
    until: Option<&str>,
    observed_error: f64,
) -> Result<Folder, PlotError> {
    let report = report::calibrate_report(calibration, until, observed_error)?;
    let mut folder = Folder::new("calibrate");
    folder
        .add("calibration.csv", super::calibration_csv(calibration))
        .add("evaluations.csv", super::evaluations_csv(calibration))
        .add("calibrated.toml", variant)
        .add(
            "observed_vs_simulated.csv",
            super::observed_fit_csv(&calibration.rows(), &calibration.in_fit),
        )
        .add_report(&report);
    Ok(folder)
}

/// The folder of a sensitivity analysis of scenario `name`: `sensitivity.csv` and `report.html`
/// with the tornado chart.
pub fn sensitivity_folder(
    name: &str,
    analysis: &crate::sensitivity::Sensitivity,
    unit: crate::stats::Unit,
    seed: u64,
) -> Result<Folder, PlotError> {
    let report = report::sensitivity_report(name, analysis, unit, seed)?;
    let mut folder = Folder::new("sensitivity");
    folder
        .add("sensitivity.csv", super::sensitivity_csv(analysis))
        .add_report(&report);
    Ok(folder)
}

/// The folder of a comparison of `runs` of `scenarios` (base first) ranked on `metric`:
/// `compare.csv` and `report.html`.
pub fn compare_folder(
    scenarios: &[Scenario],
    runs: &[&Experiment],
    comparisons: &[Comparison],
    (metric, better): (&str, Better),
) -> Result<Folder, PlotError> {
    let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let report = report::compare_report(scenarios, runs, metric, better)?;
    let mut folder = Folder::new("compare");
    folder
        .add("compare.csv", compare_csv(&names, comparisons))
        .add_report(&report);
    Ok(folder)
}

/// The folder of a forecast of the series `source` describes: `forecast.csv`, `backtest.csv`,
/// `intake.toml` (for stream `stream`), `fan_chart.svg` and `report.html`; `warning` (the data
/// notes mark the series as partial) is shown in the report.
pub fn forecast_folder(
    source: &str,
    warning: Option<&str>,
    study: &Study,
    stream: &str,
    seed: u64,
) -> Result<Folder, PlotError> {
    let history = report::forecast_history(&study.series);
    let input = ForecastInput {
        source,
        series: &study.title,
        warning,
        history: &history,
        forecast: &study.rows,
        model: &study.model,
        backtest: study.backtest.as_ref(),
        seed,
    };
    let report = report::forecast_report(&input)?;
    let mut folder = Folder::new("forecast");
    for (name, content) in forecast_files(&input, &study.series, stream, &report) {
        folder.add(name, content);
    }
    folder.add_report(&report);
    Ok(folder)
}
