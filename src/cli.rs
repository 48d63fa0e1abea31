//! Command-line interface: argument parsing, progress bar, printed tables and exit codes.
//!
//! Exit codes: 0 success; 1 a failure while running or writing; 2 invalid input (a scenario
//! file with problems, or bad arguments). Nothing is written when the input is invalid.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::output::{self, Manifest};
use asielsim::scenario::{self, Scenario};
use asielsim::{ScenarioError, bundled};

mod plan;
use plan::{PlanArgs, plan};

const EXAMPLES: &str = "\
Examples:
  asielsim run                                   (the bundled baseline scenario)
  asielsim init my-study && asielsim run my-study/scenarios/baseline.toml
  asielsim run scenarios/validation/mmc.toml
  asielsim run scenarios/validation/mmc.toml --replications 200 --seed 7 --threads 2 --out results/mmc-200
  asielsim validate scenarios/validation/*.toml";

/// Discrete-event simulator and capacity planner for the IND asylum procedure.
#[derive(Debug, Parser)]
#[command(name = "asielsim", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a scenario: replications in parallel, a summary table, and result files.
    #[command(after_help = EXAMPLES)]
    Run {
        /// The scenario file (TOML) [default: the bundled baseline scenario].
        scenario: Option<PathBuf>,
        /// Number of replications [default: the scenario's `run.replications`, else 30].
        #[arg(short, long)]
        replications: Option<u32>,
        /// Master seed [default: the scenario's `run.seed`, else 1].
        #[arg(short, long)]
        seed: Option<u64>,
        /// Worker threads; results are identical for any value [default: all cores].
        #[arg(short = 'j', long)]
        threads: Option<usize>,
        /// Output folder [default: results/<scenario name>/].
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Check scenario files without running them.
    Validate {
        /// Scenario files (TOML).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Compare scenarios with common random numbers: per metric, each scenario's mean and the
    /// paired difference to the base (the first) with its confidence interval.
    #[command(
        after_help = "Example:\n  asielsim compare scenarios/policies/uniform.toml scenarios/policies/deadline.toml scenarios/policies/penalty_aware.toml --metric penalty_eur_total"
    )]
    Compare {
        /// The base scenario, then the variants.
        #[arg(required = true, num_args = 2..)]
        scenarios: Vec<PathBuf>,
        /// Replications per scenario [default: the base's `run.replications`].
        #[arg(short, long)]
        replications: Option<u32>,
        /// Master seed, the same for every scenario [default: the base's `run.seed`].
        #[arg(short, long)]
        seed: Option<u64>,
        /// Worker threads.
        #[arg(short = 'j', long)]
        threads: Option<usize>,
        /// The metric to rank the scenarios on.
        #[arg(long, default_value = "within_term_share")]
        metric: String,
        /// Which way is better for that metric [default: higher for within-term shares and
        /// decisions, lower for everything else].
        #[arg(long, value_parser = ["higher", "lower"])]
        better: Option<String>,
        /// Output folder [default: results/compare-<base name>/].
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Run a grid of settings on a base scenario with common random numbers, into one tidy CSV.
    #[command(
        after_help = "Example:\n  asielsim sweep scenarios/baseline.toml --set pool.decision_ter_apel.fte=90..130:20 --set policy.name=uniform,deadline -r 20"
    )]
    Sweep {
        /// The base scenario.
        scenario: PathBuf,
        /// A setting to vary: path=values, e.g. pool.decision_ter_apel.fte=100..140:20 or
        /// policy.name=uniform,deadline (repeat for a grid).
        #[arg(long = "set", required = true)]
        settings: Vec<String>,
        /// Replications per point [default: the scenario's].
        #[arg(short, long)]
        replications: Option<u32>,
        /// Master seed, the same for every point [default: the scenario's].
        #[arg(short, long)]
        seed: Option<u64>,
        /// Worker threads.
        #[arg(short = 'j', long)]
        threads: Option<usize>,
        /// Output folder [default: results/sweep-<scenario name>/].
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
    /// Find the smallest staffing (or hiring plan) that meets a target with a stated confidence,
    /// or the one with the lowest expected cost.
    #[command(after_help = "Examples:
  asielsim plan scenarios/validation/mmc.toml --pool servers --range 10..20 --metric wait_probability --target 0.2
  asielsim plan scenarios/baseline.toml --pool decision_ter_apel,decision_zevenaar --range 100..300 --metric backlog@2027-12 --target 20000
  asielsim plan scenarios/baseline.toml --pool decision_ter_apel --hire 2027-01 --range 0..150 --metric within_term_share_2028 --target 0.8
  asielsim plan scenarios/baseline.toml --pool decision_ter_apel --range 100..400 --minimise total_cost_eur")]
    Plan(PlanArgs),
    /// Fit a seasonal model to a monthly series, forecast it with prediction intervals, backtest
    /// it against seasonal naive, and write a fan chart and a scenario intake fragment.
    #[command(
        after_help = "Example:\n  asielsim forecast data/nl_monthly_asylum_applicants_2012-2019.csv --horizon 24"
    )]
    Forecast {
        /// A monthly CSV: a `month` column (YYYY-MM) and count columns.
        data: PathBuf,
        /// The column to forecast (needed when the file has several; `sum` adds them all).
        #[arg(long)]
        column: Option<String>,
        /// Months to forecast.
        #[arg(long, default_value_t = 24)]
        horizon: usize,
        /// Output folder [default: results/forecast-<file name>/].
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// The stream name written into the intake fragment.
        #[arg(long, default_value = "first")]
        stream: String,
        /// Seed of the simulated forecast paths.
        #[arg(short, long, default_value_t = 1)]
        seed: u64,
    },
    /// List the metrics a scenario reports, with their unit, better direction and meaning (the
    /// dictionary also written as metrics.csv beside every run's results).
    #[command(
        after_help = "Examples:\n  asielsim metrics\n  asielsim metrics scenarios/validation/mmc.toml --csv"
    )]
    Metrics {
        /// The scenario file (TOML) [default: the bundled baseline scenario].
        scenario: Option<PathBuf>,
        /// Print metrics.csv instead of a table.
        #[arg(long)]
        csv: bool,
    },
    /// Write the bundled scenarios and data into a folder, to edit and run.
    Init {
        /// The folder to write into (created if needed).
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

/// Parses the arguments, runs the command and maps the outcome to an exit code.
pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.command {
        Command::Run {
            scenario,
            replications,
            seed,
            threads,
            out,
        } => run(scenario.as_deref(), replications, seed, threads, out),
        Command::Validate { files } => validate(&files),
        Command::Metrics { scenario, csv } => metrics(scenario.as_deref(), csv),
        Command::Init { dir, force } => init(&dir, force),
        Command::Plan(args) => plan(&args),
        Command::Sweep {
            scenario,
            settings,
            replications,
            seed,
            threads,
            out,
        } => sweep(&scenario, &settings, replications, seed, threads, out),
        Command::Compare {
            scenarios,
            replications,
            seed,
            threads,
            metric,
            better,
            out,
        } => compare(
            &scenarios,
            replications,
            seed,
            threads,
            &metric,
            better.as_deref(),
            out,
        ),
        Command::Forecast {
            data,
            column,
            horizon,
            out,
            stream,
            seed,
        } => forecast(&data, column.as_deref(), horizon, out, &stream, seed),
    };
    match res {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            if err.downcast_ref::<ScenarioError>().is_some() || err.is::<UsageError>() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// A bad combination of arguments (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub(crate) String);

/// The scenario at `path`, or the bundled baseline.
fn load_or_baseline(path: Option<&Path>) -> Result<Scenario, ScenarioError> {
    match path {
        Some(path) => scenario::load(path),
        None => {
            let baseline = bundled::file(bundled::BASELINE).expect("the baseline is bundled");
            scenario::parse(baseline.content, Path::new(baseline.path))
        }
    }
}

fn metrics(path: Option<&Path>, csv: bool) -> anyhow::Result<ExitCode> {
    let scenario = load_or_baseline(path)?;
    let catalogue = &scenario.catalogue;
    let mut stdout = std::io::stdout().lock();
    if csv {
        stdout.write_all(output::metrics_csv(catalogue).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<[&str; 4]> = catalogue
        .metrics()
        .iter()
        .map(|m| {
            [
                m.name.as_str(),
                m.key.unit().as_str(),
                m.key.direction().as_str(),
                m.meaning.as_str(),
            ]
        })
        .chain(catalogue.monthly().iter().map(|m| {
            [
                m.name.as_str(),
                m.column.unit().as_str(),
                m.column.direction().as_str(),
                m.meaning.as_str(),
            ]
        }))
        .collect();
    let width = rows.iter().map(|r| r[0].len()).max().unwrap_or(6).max(6);
    writeln!(
        stdout,
        "{}: {} metrics in summary.csv, {} columns in monthly.csv",
        scenario.name,
        catalogue.len(),
        catalogue.monthly().len()
    )?;
    writeln!(
        stdout,
        "\n{:<width$}  {:<6}  {:<7}  meaning",
        "metric", "unit", "better"
    )?;
    for (idx, [name, unit, better, meaning]) in rows.iter().enumerate() {
        if idx == catalogue.len() {
            writeln!(
                stdout,
                "\nmonthly.csv (per month; COLUMN@YYYY-MM as a plan target)"
            )?;
        }
        writeln!(stdout, "{name:<width$}  {unit:<6}  {better:<7}  {meaning}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run(
    path: Option<&Path>,
    replications: Option<u32>,
    seed: Option<u64>,
    threads: Option<usize>,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let scenario = load_or_baseline(path)?;
    let settings = RunSettings {
        replications: replications.unwrap_or(scenario.replications),
        seed: seed.unwrap_or(scenario.seed),
        threads: threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
    };
    if settings.replications == 0 {
        bail!(UsageError(
            "--replications must be at least 1\n  fix: use e.g. --replications 30".into()
        ));
    }
    if settings.threads == 0 {
        bail!(UsageError(
            "--threads must be at least 1\n  fix: leave it out to use all cores".into()
        ));
    }
    let out_dir = out.unwrap_or_else(|| Path::new("results").join(&scenario.name));

    let experiment = simulate(&scenario, settings)?;
    let manifest = Manifest::new(&scenario, &experiment);
    output::write_run(&out_dir, &experiment, &manifest)?;
    let facts = asielsim::report::ScenarioFacts::from_scenario(&scenario);
    output::write_report(
        &out_dir,
        &asielsim::report::run_report(&facts, &experiment, &manifest)?,
    )?;
    print_summary(&scenario, &experiment, &out_dir).context("writing to standard output")?;
    Ok(ExitCode::SUCCESS)
}

fn simulate(scenario: &Scenario, settings: RunSettings) -> anyhow::Result<Experiment> {
    let bar = ProgressBar::with_draw_target(
        Some(u64::from(settings.replications)),
        ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} replications ({eta})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(format!("running {}", scenario.name));
    let res = experiment::run(scenario, settings, &|| bar.inc(1));
    bar.finish_and_clear();
    Ok(res?)
}

fn print_summary(
    scenario: &Scenario,
    experiment: &Experiment,
    out_dir: &Path,
) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    let settings = experiment.settings;
    writeln!(
        stdout,
        "{}: {} replications, seed {}, {:.1} simulated days each ({:.1} warm-up)",
        scenario.name,
        settings.replications,
        settings.seed,
        scenario.window.horizon.as_days(),
        scenario.window.warmup_end.as_days()
    )?;
    writeln!(stdout)?;
    let all = experiment.summaries();
    let n_all = all.len();
    let summaries: Vec<_> = if n_all <= SHORT_TABLE_MAX {
        all
    } else {
        all.into_iter()
            .zip(experiment.catalogue.metrics())
            .filter(|(_, def)| def.key.is_headline())
            .map(|(summary, _)| summary)
            .collect()
    };
    let width = summaries
        .iter()
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(
        stdout,
        "{:<width$}  {:>12}  {:>27}  {:>12}  {:>12}  {:>12}",
        "metric", "mean", "95% CI", "p05", "p50", "p95"
    )?;
    for (name, s) in &summaries {
        let ci = if s.ci95_low.is_finite() {
            format!("[{}, {}]", short(s.ci95_low), short(s.ci95_high))
        } else {
            "-".to_string()
        };
        writeln!(
            stdout,
            "{name:<width$}  {:>12}  {ci:>27}  {:>12}  {:>12}  {:>12}",
            short(s.mean),
            short(s.p05),
            short(s.p50),
            short(s.p95)
        )?;
    }
    if summaries.len() < n_all {
        writeln!(
            stdout,
            "({} of {n_all} metrics shown; all are in summary.csv)",
            summaries.len()
        )?;
    }
    writeln!(stdout)?;
    let secs = experiment.wall_time.as_secs_f64();
    writeln!(
        stdout,
        "{} events, {} cases in {:.2} s on {} thread{}; wrote {}",
        experiment.n_events(),
        experiment.n_arrivals(),
        secs,
        settings.threads,
        if settings.threads == 1 { "" } else { "s" },
        out_dir
            .join(format!(
                "{{summary.csv, metrics.csv, replications.csv, {}{}{}run.json, report.html}}",
                if experiment.replications[0].monthly.is_some() {
                    "monthly.csv, "
                } else {
                    ""
                },
                if out_dir.join("risk.csv").exists() {
                    "risk.csv, "
                } else {
                    ""
                },
                if experiment.replications[0].officers.is_empty() {
                    ""
                } else {
                    "officers.csv, "
                }
            ))
            .display()
    )?;
    if std::io::stderr().is_terminal() && settings.replications < 10 {
        eprintln!(
            "note: {} replications give wide confidence intervals; use --replications 30 or more",
            settings.replications
        );
    }
    Ok(())
}

/// Scenarios with more metrics than this get a table of the headline metrics only.
const SHORT_TABLE_MAX: usize = 30;

/// A number for the terminal: about five significant digits.
pub(crate) fn short(value: f64) -> String {
    if !value.is_finite() {
        return "-".to_string();
    }
    let magnitude = value.abs();
    let decimals = if magnitude >= 10_000.0 {
        0
    } else if magnitude >= 100.0 {
        2
    } else if magnitude >= 1.0 {
        4
    } else {
        6
    };
    format!("{value:.decimals$}")
}

fn sweep(
    path: &Path,
    settings: &[String],
    replications: Option<u32>,
    seed: Option<u64>,
    threads: Option<usize>,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    use asielsim::sweep;
    let settings: Vec<sweep::Setting> = settings
        .iter()
        .map(|s| sweep::parse_setting(s))
        .collect::<Result<_, _>>()
        .map_err(|e| UsageError(format!("--set {e}")))?;
    let (table, _) = scenario::load_table(path)?;
    let points = sweep::grid(&settings);
    let mut scenarios = Vec::with_capacity(points.len());
    for point in &points {
        let mut t = table.clone();
        for (setting, value) in settings.iter().zip(point) {
            sweep::apply(&mut t, &setting.path, value.clone())
                .map_err(|e| UsageError(format!("--set {e}")))?;
        }
        scenarios.push(scenario::parse_table(t, path)?);
    }
    let base = &scenarios[0];
    let run_settings = RunSettings {
        replications: replications.unwrap_or(base.replications),
        seed: seed.unwrap_or(base.seed),
        threads: threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
    };
    if run_settings.replications == 0 || run_settings.threads == 0 {
        bail!(UsageError(
            "--replications and --threads must be at least 1".into()
        ));
    }
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
    writer.write_record(&header)?;
    for (point, s) in points.iter().zip(&scenarios) {
        let label: Vec<String> = point
            .iter()
            .map(|v| v.to_string().trim_matches('"').to_string())
            .collect();
        eprintln!("running {}", label.join(", "));
        let run = simulate(s, run_settings)?;
        for (name, summary) in run.summaries() {
            let mut row = label.clone();
            row.extend([
                name,
                output::number(summary.mean),
                output::number(summary.ci95_low),
                output::number(summary.ci95_high),
                output::number(summary.p05),
                output::number(summary.p50),
                output::number(summary.p95),
                summary.n.to_string(),
            ]);
            writer.write_record(&row)?;
        }
    }
    let csv = String::from_utf8(writer.into_inner()?)?;
    let out_dir = out.unwrap_or_else(|| Path::new("results").join(format!("sweep-{}", base.name)));
    output::write_forecast(&out_dir, &[("sweep.csv", csv)])?;
    println!(
        "{} points x {} replications (seed {}, common random numbers); wrote {}",
        points.len(),
        run_settings.replications,
        run_settings.seed,
        out_dir.join("sweep.csv").display()
    );
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
fn compare(
    paths: &[PathBuf],
    replications: Option<u32>,
    seed: Option<u64>,
    threads: Option<usize>,
    metric: &str,
    better: Option<&str>,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    use asielsim::compare::{self as cmp, Better};
    let scenarios: Vec<Scenario> = paths
        .iter()
        .map(|p| scenario::load(p))
        .collect::<Result<_, _>>()?;
    let base = &scenarios[0];
    let settings = RunSettings {
        replications: replications.unwrap_or(base.replications),
        seed: seed.unwrap_or(base.seed),
        threads: threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
    };
    if settings.replications < 2 || settings.threads == 0 {
        bail!(UsageError(
            "compare needs at least 2 replications and 1 thread\n  fix: use e.g. --replications 30"
                .into()
        ));
    }
    let mut runs = Vec::with_capacity(scenarios.len());
    for s in &scenarios {
        runs.push(simulate(s, settings)?);
    }
    let refs: Vec<&Experiment> = runs.iter().collect();
    let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let comparisons = cmp::compare(&refs);
    if !comparisons.iter().any(|c| c.metric == metric) {
        bail!(UsageError(format!(
            "the scenarios have no metric \"{metric}\"\n  fix: choose one from summary.csv, e.g. --metric throughput_days_mean"
        )));
    }
    let out_dir =
        out.unwrap_or_else(|| Path::new("results").join(format!("compare-{}", base.name)));
    let csv = output::compare_csv(&names, &comparisons);
    output::write_forecast(&out_dir, &[("compare.csv", csv)])?;

    let better = match better {
        Some("higher") => Better::Higher,
        Some("lower") => Better::Lower,
        _ => Better::for_direction(base.catalogue.direction_of(metric)),
    };
    let report = asielsim::report::compare_report(&scenarios, &refs, metric, better)?;
    output::write_report(&out_dir, &report)?;
    let mut stdout = std::io::stdout().lock();
    let k = names.len() - 1;
    writeln!(
        stdout,
        "{} scenarios, {} replications each, seed {} (common random numbers); intervals 95%{}",
        names.len(),
        settings.replications,
        settings.seed,
        if k > 1 {
            format!(", Bonferroni-adjusted over {k} comparisons")
        } else {
            String::new()
        }
    )?;
    let shown = [
        metric,
        "within_term_share",
        "throughput_days_mean",
        "backlog_end",
        "penalty_eur_total",
    ];
    for c in comparisons
        .iter()
        .filter(|c| shown.contains(&c.metric.as_str()))
    {
        writeln!(stdout, "\n{}", c.metric)?;
        for (idx, (name, s)) in names.iter().zip(&c.summaries).enumerate() {
            let diff = match idx.checked_sub(1).map(|v| &c.differences[v]) {
                None => "(base)".to_string(),
                Some(d) => format!(
                    "diff {} [{}, {}]{}  (unpaired +-{})",
                    short(d.mean),
                    short(d.ci_low),
                    short(d.ci_high),
                    if d.significant() { " *" } else { "" },
                    short(d.unpaired_half_width)
                ),
            };
            writeln!(stdout, "  {name:<40} {:>12}  {diff}", short(s.mean))?;
        }
    }
    if let Some(verdict) = cmp::best(&refs, metric, better) {
        let best = &names[verdict.best];
        let direction = if better == Better::Higher {
            "higher"
        } else {
            "lower"
        };
        if verdict.clearly_best {
            writeln!(
                stdout,
                "\n{best} is best on {metric} ({direction} is better), significantly better than every other scenario at 95% jointly"
            )?;
        } else {
            let ties: Vec<&str> = verdict
                .ties()
                .into_iter()
                .map(|i| names[i].as_str())
                .collect();
            writeln!(
                stdout,
                "\n{best} has the best mean on {metric} ({direction} is better), but not significantly better than: {} (95% jointly); more replications may separate them",
                ties.join(", ")
            )?;
        }
    }
    writeln!(
        stdout,
        "wrote {}",
        out_dir.join("{compare.csv, report.html}").display()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn forecast(
    data: &Path,
    column: Option<&str>,
    horizon: usize,
    out: Option<PathBuf>,
    stream: &str,
    seed: u64,
) -> anyhow::Result<ExitCode> {
    use asielsim::forecast as fc;
    let text = std::fs::read_to_string(data).map_err(|e| {
        UsageError(format!(
            "cannot read {}: {e}\n  fix: check the path",
            data.display()
        ))
    })?;
    let columns = fc::parse_monthly_csv(&text).map_err(|e| {
        UsageError(format!(
            "{}: {e}\n  fix: give a monthly CSV with a month column (YYYY-MM) and count columns",
            data.display()
        ))
    })?;
    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    let (name, series) = match (column, columns.len()) {
        (None, 1) => columns[0].clone(),
        (None, _) | (Some(_), 0) => bail!(UsageError(format!(
            "{} has several columns ({})\n  fix: choose one with --column NAME, or --column sum for their total",
            data.display(),
            names.join(", ")
        ))),
        (Some("sum"), _) => {
            let first = columns[0].1.first;
            let n = columns[0].1.values.len();
            let values = (0..n)
                .map(|t| columns.iter().map(|(_, s)| s.values[t]).sum())
                .collect();
            ("sum".to_string(), fc::MonthlySeries { first, values })
        }
        (Some(wanted), _) => columns
            .iter()
            .find(|(n, _)| n == wanted)
            .cloned()
            .ok_or_else(|| {
                UsageError(format!(
                    "{} has no column \"{wanted}\"\n  fix: use one of {}",
                    data.display(),
                    names.join(", ")
                ))
            })?,
    };
    if horizon == 0 || horizon > 240 {
        bail!(UsageError("--horizon must be 1 to 240 months".into()));
    }
    let model = fc::fit(&series).map_err(|e| UsageError(format!("{}: {e}", data.display())))?;
    let rows = fc::forecast(&series, &model, horizon, seed);
    let backtest_horizon = 12.min(series.values.len().saturating_sub(fc::MIN_MONTHS));
    let backtest = if backtest_horizon > 0 {
        Some(fc::backtest(&series, backtest_horizon, seed).map_err(|e| UsageError(e.to_string()))?)
    } else {
        None
    };
    let stem = data
        .file_stem()
        .map_or("series".into(), |s| s.to_string_lossy().into_owned());
    let out_dir = out.unwrap_or_else(|| Path::new("results").join(format!("forecast-{stem}")));
    let source = format!("{} (column {name})", data.display());
    let history: Vec<(String, f64)> = series
        .values
        .iter()
        .enumerate()
        .map(|(t, v)| (series.label(t), *v))
        .collect();
    let report = asielsim::report::forecast_report(&asielsim::report::ForecastInput {
        source: &source,
        history: &history,
        forecast: &rows,
        model: &model,
        backtest: backtest.as_ref(),
        seed,
    })?;
    let svg = report
        .plot("fan_chart")
        .map_or(String::new(), |p| p.svg.clone());
    let mut files = vec![
        ("forecast.csv", output::forecast_csv(&rows)),
        (
            "intake.toml",
            output::intake_fragment(&model, &series, &source, stream),
        ),
        ("fan_chart.svg", svg),
    ];
    if let Some(b) = &backtest {
        files.push(("backtest.csv", output::backtest_csv(b)));
    }
    output::write_forecast(&out_dir, &files)?;
    output::write_report(&out_dir, &report)?;

    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{source}: {} months, {} to {}",
        series.values.len(),
        series.label(0),
        series.label(series.values.len() - 1)
    )?;
    writeln!(
        stdout,
        "fitted: level {:.0} a month, AR(1) phi {:.3}, sigma {:.3} (log scale)",
        model.to_generator().per_month,
        model.phi,
        model.sigma
    )?;
    writeln!(
        stdout,
        "\n{:<8} {:>9} {:>9} {:>21} {:>21}",
        "month", "mean", "median", "80% interval", "95% interval"
    )?;
    for r in &rows {
        writeln!(
            stdout,
            "{:<8} {:>9.0} {:>9.0} {:>21} {:>21}",
            r.month,
            r.mean,
            r.p50,
            format!("[{:.0}, {:.0}]", r.lo80, r.hi80),
            format!("[{:.0}, {:.0}]", r.lo95, r.hi95)
        )?;
    }
    if let Some(b) = &backtest {
        let mean = |f: fn(&asielsim::forecast::BacktestRow) -> f64| {
            b.rows.iter().map(f).sum::<f64>() / b.rows.len() as f64
        };
        writeln!(
            stdout,
            "\nbacktest ({} origins, 1-{} months ahead): MASE {:.2} (seasonal naive {:.2}); coverage of the 80% / 95% intervals {:.0}% / {:.0}% (seasonal naive {:.0}% / {:.0}%)",
            b.n_origins,
            b.rows.len(),
            mean(|r| r.mase_model),
            mean(|r| r.mase_naive),
            100.0 * mean(|r| r.coverage80_model),
            100.0 * mean(|r| r.coverage95_model),
            100.0 * mean(|r| r.coverage80_naive),
            100.0 * mean(|r| r.coverage95_naive),
        )?;
    }
    writeln!(
        stdout,
        "wrote {}",
        out_dir
            .join("{forecast.csv, backtest.csv, intake.toml, fan_chart.svg, report.html}")
            .display()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn init(dir: &Path, force: bool) -> anyhow::Result<ExitCode> {
    let existing: Vec<PathBuf> = bundled::FILES
        .iter()
        .map(|f| dir.join(f.path))
        .filter(|p| p.exists())
        .collect();
    if !force && !existing.is_empty() {
        bail!(UsageError(format!(
            "{} already exists (and {} more bundled files)\n  fix: choose an empty folder, or add --force to overwrite",
            existing[0].display(),
            existing.len() - 1
        )));
    }
    for file in bundled::FILES {
        let path = dir.join(file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, file.content)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    println!(
        "wrote {} files into {}; run one with: asielsim run {}",
        bundled::FILES.len(),
        dir.display(),
        dir.join(bundled::BASELINE).display()
    );
    Ok(ExitCode::SUCCESS)
}

fn validate(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut n_bad = 0;
    for path in files {
        match scenario::load(path) {
            Ok(scenario) => println!(
                "{}: ok ({} pools, {} steps, {} streams)",
                path.display(),
                scenario.network.pools.len(),
                scenario.network.steps.len(),
                scenario.network.streams.len()
            ),
            Err(err) => {
                n_bad += 1;
                eprintln!("error: {err}");
            }
        }
    }
    Ok(if n_bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
