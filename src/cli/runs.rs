//! `run`, `compare` and `sweep`: each in three steps, so that a merge of shards goes through
//! the same code as a run on one machine. First the command's inputs are built (scenarios,
//! points) from its arguments; then they are simulated, whole or as one shard; then the
//! results (whole runs, or the experiments a merge put together) are written by `finish`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario::{self, Scenario};
use asielsim::shard::Job;
use asielsim::sweep::{self, GridError};
use asielsim::{bundled, console, output};

use super::shard::{self as shards, Part, ShardArgs};
use super::{CompareArgs, RunArgs, SweepArgs, Ui, UsageError, better, save, usage, with_settings};

/// Where a command's results go and in which extra forms.
pub(crate) struct Destination {
    /// The output folder.
    pub(crate) dir: PathBuf,
    /// `--png`.
    pub(crate) png: bool,
}

/// `asielsim run`.
pub(crate) fn run(
    ui: &Ui,
    path: Option<&Path>,
    sets: &[String],
    trace: Option<u32>,
    args: &RunArgs,
    shard: &ShardArgs,
) -> anyhow::Result<ExitCode> {
    let scenario = with_settings(path, sets)?;
    let shard = shard.parse()?;
    let settings = args.settings(ui, &scenario, None, shards::share(shard, 1.0))?;
    usage(
        settings.replications > 0,
        "--replications must be at least 1\n  fix: use e.g. --replications 30",
    )?;
    usage(
        settings.threads > 0,
        "--threads must be at least 1\n  fix: leave it out to use all cores",
    )?;
    if let Some(r) = trace.filter(|r| *r >= settings.replications) {
        bail!(UsageError(format!(
            "--trace {r}: the run has replications 0 to {}\n  fix: give a replication number from replications.csv, e.g. --trace 0",
            settings.replications - 1
        )));
    }
    if let Some(shard) = shard {
        usage(
            trace.is_none(),
            "--trace cannot be used with --shard (the event log is one replication's, not a shard's)\n  fix: run that replication alone: asielsim run SCENARIO --trace R -r N",
        )?;
        let job = shards::job(
            "run",
            path.into_iter().collect(),
            vec![asielsim::shard::scenario_sha256(&scenario.text)],
            sets,
            settings,
            (shard, "replications", settings.replications),
        );
        let parts = [Part {
            scenario: &scenario,
            replications: shard.block(settings.replications),
        }];
        return shards::run_shard(ui, &job, shard, &parts, settings, (args, &scenario.name));
    }
    let out_dir = args.out_dir(&scenario.name)?;
    ui.warn_few(settings.replications)?;
    let experiment = ui.simulate(&scenario, settings)?;
    let destination = Destination {
        dir: out_dir,
        png: args.png,
    };
    finish_run(
        ui,
        (path, sets),
        &scenario,
        &experiment,
        trace,
        &destination,
    )
}

/// The scenario `run` runs for a merged `job`: the file (or the bundled baseline) with its
/// `--set` settings.
pub(crate) fn run_inputs(job: &Job) -> anyhow::Result<Scenario> {
    with_settings(job.scenarios.first().map(Path::new), &job.settings)
}

/// Writes the results of `run` and tells what they are: the run's folder (with the event log of
/// replication `trace`, when asked), the summary on the terminal, and with `--json` its
/// document.
pub(crate) fn finish_run(
    ui: &Ui,
    (path, sets): (Option<&Path>, &[String]),
    scenario: &Scenario,
    experiment: &Experiment,
    trace: Option<u32>,
    to: &Destination,
) -> anyhow::Result<ExitCode> {
    let mut folder = output::run_folder_with(scenario, experiment, sets)?;
    if let Some(r) = trace {
        // The same replication again, with its event log kept.
        let rows = experiment::trace(scenario, experiment.settings.seed, r)?;
        folder.add(
            "trace.csv",
            output::trace_csv(&scenario.network, scenario.start_date, &rows),
        );
    }
    save(&mut folder, &to.dir, to.png)?;
    ui.out(&console::run_summary(scenario, experiment, &to.dir))
        .context("writing to standard output")?;
    let file = path.map_or_else(|| PathBuf::from(bundled::BASELINE), Path::to_path_buf);
    ui.json(|| output::json::run_json((&scenario.name, &file), experiment, &to.dir, &folder))?;
    Ok(ExitCode::SUCCESS)
}

/// The inputs of a sweep: its settings, its points (the first is the base), the metrics its
/// report charts, and the text of the files it read (hashed into a shard's job).
pub(crate) struct SweepInputs {
    settings: Vec<sweep::Setting>,
    pub(crate) points: Vec<sweep::Point>,
    charted: Vec<String>,
    pub(crate) text: String,
}

/// Builds the sweep of `path` over `settings` (`--set` grid), charting `metrics`.
pub(crate) fn sweep_inputs(
    path: &Path,
    settings: &[String],
    metrics: &[String],
) -> anyhow::Result<SweepInputs> {
    let parsed: Vec<sweep::Setting> = settings
        .iter()
        .map(|s| sweep::parse_setting(s))
        .collect::<Result<_, _>>()
        .map_err(|e| UsageError(format!("--set {e}")))?;
    let (table, text) = scenario::load_table(path)?;
    let points = sweep::points(&table, path, &parsed).map_err(|e| match e {
        GridError::Setting(e) => anyhow::Error::new(UsageError(format!("--set {e}"))),
        GridError::Scenario(e) => e.into(),
    })?;
    let base = &points[0].scenario;
    let charted = sweep::charted_metrics(&base.catalogue, metrics).map_err(|m| {
        UsageError(format!(
            "--metric: the scenario has no metric \"{m}\"\n  fix: use a name `asielsim metrics {}` lists",
            path.display()
        ))
    })?;
    Ok(SweepInputs {
        settings: parsed,
        points,
        charted,
        text,
    })
}

/// `asielsim sweep`.
pub(crate) fn sweep(ui: &Ui, args: &SweepArgs) -> anyhow::Result<ExitCode> {
    let path = &args.scenario;
    let inputs = sweep_inputs(path, &args.settings, &args.metrics)?;
    let shard = args.shard.parse()?;
    let points = &inputs.points;
    let base = &points[0].scenario;
    let runs = shards::share(shard, points.len() as f64);
    let run_settings = args.run.settings(ui, base, None, runs)?;
    usage(
        run_settings.replications > 0 && run_settings.threads > 0,
        "--replications and --threads must be at least 1",
    )?;
    if let Some(shard) = shard {
        let n = points.len() as u32;
        let mut job = shards::job(
            "sweep",
            vec![path.as_path()],
            vec![asielsim::shard::scenario_sha256(&inputs.text)],
            &args.settings,
            run_settings,
            (shard, "points", n),
        );
        job.metric = (!args.metrics.is_empty()).then(|| args.metrics.join(","));
        let block = shard.block(n);
        let parts: Vec<Part> = (block.start..block.end)
            .map(|p| Part {
                scenario: &points[p as usize].scenario,
                replications: 0..run_settings.replications,
            })
            .collect();
        let default = format!("sweep-{}", base.name);
        return shards::run_shard(ui, &job, shard, &parts, run_settings, (&args.run, &default));
    }
    let out_dir = args.run.out_dir(&format!("sweep-{}", base.name))?;
    ui.warn_few(run_settings.replications)?;
    let mut sink = SweepSink::new(&inputs, args.run.json);
    let total = points.len() as u64 * u64::from(run_settings.replications);
    let bar = ui.progress(total, "replications of all points");
    for (i, point) in points.iter().enumerate() {
        let label = point.label.join(", ");
        bar.set_message(format!("point {}/{}: {label}", i + 1, points.len()));
        if bar.is_hidden() {
            ui.note(&format!("running {label}"))?;
        }
        let run = experiment::run(&point.scenario, run_settings, &|| bar.inc(1))?;
        sink.add(&point.label, &run);
    }
    bar.finish_and_clear();
    let destination = Destination {
        dir: out_dir,
        png: args.run.png,
    };
    sink.finish(ui, path, run_settings, &destination)
}

/// A sweep's results, gathered point by point so that each point's runs can be dropped once
/// added.
pub(crate) struct SweepSink<'a> {
    inputs: &'a SweepInputs,
    csv: sweep::SweepCsv,
    results: sweep::SweepResults,
    json_points: Option<Vec<(Vec<String>, serde_json::Value)>>,
}

impl<'a> SweepSink<'a> {
    /// An empty sink for the sweep `inputs`; `json` keeps each point's summaries for `--json`.
    pub(crate) fn new(inputs: &'a SweepInputs, json: bool) -> SweepSink<'a> {
        SweepSink {
            inputs,
            csv: sweep::SweepCsv::new(&inputs.settings),
            results: sweep::SweepResults::new(inputs.charted.clone()),
            json_points: json.then(Vec::new),
        }
    }

    /// Adds the run of the point labelled `label` (the next point).
    pub(crate) fn add(&mut self, label: &[String], run: &Experiment) {
        self.csv.add(label, run);
        self.results.add(label, run);
        if let Some(points) = &mut self.json_points {
            points.push((label.to_vec(), output::json::metric_summaries(run)));
        }
    }

    /// Writes `sweep.csv` and the report into `to` and tells what they are.
    pub(crate) fn finish(
        self,
        ui: &Ui,
        path: &Path,
        run_settings: RunSettings,
        to: &Destination,
    ) -> anyhow::Result<ExitCode> {
        let base = &self.inputs.points[0].scenario;
        let paths: Vec<String> = self
            .inputs
            .settings
            .iter()
            .map(|s| s.path.clone())
            .collect();
        let report = asielsim::report::sweep_report(&asielsim::report::SweepPage {
            scenario: &base.name,
            file: &path.display().to_string(),
            settings: &paths,
            metrics: &self.results.metrics,
            labels: &self.results.labels,
            summaries: &self.results.summaries,
            catalogue: &base.catalogue,
            replications: run_settings.replications,
            seed: run_settings.seed,
        })?;
        let mut folder = output::Folder::new("sweep");
        folder
            .add("sweep.csv", self.csv.finish())
            .add_report(&report);
        save(&mut folder, &to.dir, to.png)?;
        ui.out(&format!(
            "{} points x {} replications (seed {}, common random numbers); wrote {}\n",
            self.inputs.points.len(),
            run_settings.replications,
            run_settings.seed,
            to.dir.join("{sweep.csv, report.html}").display()
        ))?;
        let json_points = self.json_points.unwrap_or_default();
        ui.json(|| {
            output::json::sweep_json(
                &paths,
                (run_settings.replications, run_settings.seed),
                &json_points,
                &to.dir,
                &folder,
            )
        })?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The scenarios of a compare, base first.
pub(crate) fn compare_inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<Scenario>> {
    Ok(paths
        .iter()
        .map(|p| scenario::load(p))
        .collect::<Result<_, _>>()?)
}

/// `asielsim compare`.
pub(crate) fn compare(ui: &Ui, args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let scenarios = compare_inputs(&args.scenarios)?;
    let base = &scenarios[0];
    let metric = args.metric.as_str();
    if let Some(s) = scenarios
        .iter()
        .find(|s| s.catalogue.find(metric).is_none())
    {
        bail!(UsageError(format!(
            "{} has no metric \"{metric}\" to rank on\n  fix: choose one from summary.csv, e.g. --metric throughput_days_mean",
            s.path.display()
        )));
    }
    let shard = args.shard.parse()?;
    let runs = shards::share(shard, scenarios.len() as f64);
    let settings = args.run.settings(ui, base, None, runs)?;
    usage(
        settings.replications >= 2 && settings.threads > 0,
        "compare needs at least 2 replications and 1 thread\n  fix: use e.g. --replications 30",
    )?;
    if let Some(shard) = shard {
        let mut job = shards::job(
            "compare",
            args.scenarios.iter().map(PathBuf::as_path).collect(),
            (scenarios.iter())
                .map(|s| asielsim::shard::scenario_sha256(&s.text))
                .collect(),
            &[],
            settings,
            (shard, "replications", settings.replications),
        );
        job.metric = Some(args.metric.clone());
        job.better = args.better.clone();
        let block = shard.block(settings.replications);
        let parts: Vec<Part> = (scenarios.iter())
            .map(|scenario| Part {
                scenario,
                replications: block.clone(),
            })
            .collect();
        let default = format!("compare-{}", base.name);
        return shards::run_shard(ui, &job, shard, &parts, settings, (&args.run, &default));
    }
    let out_dir = args.run.out_dir(&format!("compare-{}", base.name))?;
    ui.warn_few(settings.replications)?;
    let mut runs = Vec::with_capacity(scenarios.len());
    for s in &scenarios {
        runs.push(ui.simulate(s, settings)?);
    }
    let destination = Destination {
        dir: out_dir,
        png: args.run.png,
    };
    let ranking = (args.metric.as_str(), args.better.as_deref());
    finish_compare(ui, &scenarios, &runs, ranking, &destination)
}

/// Writes the results of `compare` (ranked on `metric`, `better` as given) and tells them.
pub(crate) fn finish_compare(
    ui: &Ui,
    scenarios: &[Scenario],
    runs: &[Experiment],
    (metric, better_given): (&str, Option<&str>),
    to: &Destination,
) -> anyhow::Result<ExitCode> {
    use asielsim::compare as cmp;
    let base = &scenarios[0];
    let refs: Vec<&Experiment> = runs.iter().collect();
    let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let comparisons = cmp::compare(&refs);
    if !comparisons.iter().any(|c| c.metric == metric) {
        bail!(UsageError(format!(
            "the scenarios have no metric \"{metric}\"\n  fix: choose one from summary.csv, e.g. --metric throughput_days_mean"
        )));
    }
    let better = better(better_given, &base.catalogue, metric);
    let mut folder = output::compare_folder(scenarios, &refs, &comparisons, (metric, better))?;
    save(&mut folder, &to.dir, to.png)?;
    ui.out(&console::compare_summary(
        &names,
        &refs,
        &comparisons,
        metric,
        better,
    ))?;
    ui.out(&format!(
        "wrote {}\n",
        to.dir.join("{compare.csv, report.html}").display()
    ))?;
    let settings = refs[0].settings;
    ui.json(|| {
        let verdict = cmp::best(&refs, metric, better);
        output::json::compare_json(
            &names,
            (settings.replications, settings.seed),
            &comparisons,
            output::json::Ranking {
                metric,
                better,
                verdict: verdict.as_ref(),
            },
            &to.dir,
            &folder,
        )
    })?;
    Ok(ExitCode::SUCCESS)
}
