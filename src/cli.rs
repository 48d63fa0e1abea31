//! Command-line interface: argument parsing, progress, printing and exit codes. The work, and
//! the text of every table and file, is the library's.
//!
//! Exit codes: 0 success (also when standard output or error is closed early, e.g. piped into
//! `head`); 1 a failure while running or writing; 2 invalid input (a scenario file with
//! problems, or bad arguments). Nothing is written when the input is invalid.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use asielsim::compare::Better;
use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::model::Catalogue;
use asielsim::output;
use asielsim::scenario::{self, Scenario};
use asielsim::{ScenarioError, bundled, console};

mod calibrate;
mod manual;
mod merge;
mod plan;
mod runs;
mod sensitivity;
mod shard;
use calibrate::{CalibrateArgs, calibrate};
use merge::{MergeArgs, merge};
use plan::{PlanArgs, plan};
use runs::{compare, run, sweep};
use sensitivity::{SensitivityArgs, sensitivity};
use shard::ShardArgs;

const EXAMPLES: &str = "\
Examples:
  asielsim run                                   (the bundled baseline scenario)
  asielsim init my-study && asielsim run my-study/scenarios/baseline.toml
  asielsim run scenarios/validation/mmc.toml
  asielsim run scenarios/validation/mmc.toml --replications 200 --seed 7 --threads 2 --out results/mmc-200
  asielsim run scenarios/baseline.toml --set pool.decision_ter_apel.fte=140 --set run.end_date=2027-12-31
  asielsim validate scenarios/validation/*.toml";

/// Discrete-event simulator and capacity planner for the IND asylum procedure.
#[derive(Debug, Parser)]
#[command(name = "asielsim", version, about, after_help = EXAMPLES)]
pub(crate) struct Cli {
    /// Print nothing but errors: no progress, summary or notes (the files are still written).
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

/// The settings of the runs and where their files go: the same flags for `run`, `compare`,
/// `sweep` and `plan`.
#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    /// Number of replications, per scenario, point or candidate [default: the scenario's
    /// `run.replications`, else 30; plan: 20 to start with, up to 8 times as many where
    /// uncertain].
    #[arg(short, long)]
    pub(crate) replications: Option<u32>,
    /// Master seed, the same for every scenario, point or candidate [default: the (base)
    /// scenario's `run.seed`, else 1].
    #[arg(short, long)]
    pub(crate) seed: Option<u64>,
    /// Worker threads; results are identical for any value [default: all cores].
    #[arg(short = 'j', long)]
    pub(crate) threads: Option<usize>,
    /// Output folder [default: results/<scenario name>/; compare, sweep and plan:
    /// results/<command>-<(base) scenario name>/].
    #[arg(short, long)]
    pub(crate) out: Option<PathBuf>,
    /// Run even when the estimate says it would take more than a day or more memory than the
    /// machine has.
    #[arg(long)]
    pub(crate) force: bool,
    /// Write one JSON document to standard output (the summary with units and intervals, and
    /// the paths of the files written) and everything else to standard error.
    #[arg(long)]
    pub(crate) json: bool,
    /// Write every chart also as PNG (plots/NAME.png beside plots/NAME.svg), for slides.
    #[arg(long)]
    pub(crate) png: bool,
}

impl RunArgs {
    /// The run settings, with the defaults of `scenario` (and `replications` when the scenario
    /// does not decide them, as in plan); threads capped at the machine's cores and `runs` runs
    /// refused when far beyond the machine, unless `--force` (see `experiment::settle`).
    pub(crate) fn settings(
        &self,
        ui: &Ui,
        scenario: &Scenario,
        replications: Option<u32>,
        runs: f64,
    ) -> anyhow::Result<RunSettings> {
        let request = experiment::Request {
            replications: self.replications,
            seed: self.seed,
            threads: self.threads,
            force: self.force,
        };
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let (settings, notes) = experiment::settle(
            scenario,
            request,
            replications,
            runs,
            (cores, memory_bytes()),
        )
        .map_err(|e| UsageError(e.to_string()))?;
        for note in notes {
            ui.note(&note)?;
        }
        Ok(settings)
    }

    /// The output folder: `--out`, else `results/<default>` with `default` made a safe, short
    /// folder name; refused (a usage error) when results cannot be written there.
    pub(crate) fn out_dir(&self, default: &str) -> anyhow::Result<PathBuf> {
        out_dir(self.out.as_deref(), default)
    }
}

/// Writes `folder` into `dir` as a whole, with a PNG beside every chart when `png`.
pub(crate) fn save(folder: &mut output::Folder, dir: &Path, png: bool) -> anyhow::Result<()> {
    if png {
        folder.add_pngs()?;
    }
    folder.write(dir)?;
    Ok(())
}

/// `out`, else `results/<default>` (made a safe, short folder name), checked before anything
/// runs: a file, a read-only folder or a folder asielsim did not write is a usage error.
pub(crate) fn out_dir(out: Option<&Path>, default: &str) -> anyhow::Result<PathBuf> {
    let dir = out.map_or_else(
        || Path::new("results").join(output::folder_name(default)),
        Path::to_path_buf,
    );
    output::check_destination(&dir).map_err(|e| UsageError(e.to_string()))?;
    Ok(dir)
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a scenario: replications in parallel, a summary table, and result files.
    #[command(after_help = EXAMPLES)]
    Run {
        /// The scenario file (TOML) [default: the bundled baseline scenario].
        scenario: Option<PathBuf>,
        /// Set a key of the scenario before running, PATH=VALUE as in sweep (one value; named
        /// entries by name, `*` for several: pool.decision_*.fte=40); repeat for several.
        #[arg(long = "set", value_name = "PATH=VALUE")]
        settings: Vec<String>,
        /// Also write the event log of replication R (numbered as in replications.csv, from 0)
        /// as trace.csv: one row per activity, for process-mining tools.
        #[arg(long, value_name = "R")]
        trace: Option<u32>,
        #[command(flatten)]
        run: RunArgs,
        #[command(flatten)]
        shard: ShardArgs,
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
    Compare(CompareArgs),
    /// Run a grid of settings on a base scenario with common random numbers, into one tidy CSV.
    #[command(
        after_help = "Example:\n  asielsim sweep scenarios/baseline.toml --set pool.decision_ter_apel.fte=90..130:20 --set policy.name=uniform,deadline -r 20"
    )]
    Sweep(SweepArgs),
    /// Put the shards of a run, compare or sweep (each run with --shard I/N) together: the
    /// same files, byte for byte, as the command run whole on one machine (but for the thread
    /// count and wall time run.json states).
    #[command(after_help = "Example:
  asielsim run scenarios/baseline.toml -r 100 --shard 1/4 --out results/shards   (and 2/4, 3/4, 4/4)
  asielsim merge results/shards --out results/baseline")]
    Merge(MergeArgs),
    /// Find the smallest staffing (or hiring plan) that meets a target with a stated confidence,
    /// or the one with the lowest expected cost.
    #[command(after_help = "Examples:
  asielsim plan scenarios/validation/mmc.toml --pool servers --range 10..20 --metric wait_probability --target 0.2
  asielsim plan scenarios/baseline.toml --pool decision_ter_apel,decision_zevenaar --range 100..300 --metric backlog@2027-12 --target 20000
  asielsim plan scenarios/baseline.toml --pool decision_ter_apel --hire 2027-01 --range 0..150 --metric within_term_share_2028 --target 0.8
  asielsim plan scenarios/baseline.toml --pool decision_ter_apel --range 100..400 --minimise total_cost_eur")]
    Plan(PlanArgs),
    /// Fit parameters that nothing publishes (hour norms, shares, rates) to published figures,
    /// with common random numbers and a Nelder-Mead search; writes the fitted values with
    /// their intervals, the fit per figure and a variant file with the fitted values.
    #[command(after_help = "Example:
  asielsim calibrate scenarios/history/2021-2024.toml --fit pool.decision_*.work_factor=0.5..2 --until 2022-12-31 -r 10")]
    Calibrate(CalibrateArgs),
    /// Which uncertain input drives a metric: each `[[uncertain]]` input at its 5th and 95th
    /// percentile and each uncertain change switched, one at a time, with common random
    /// numbers; a tornado chart and sensitivity.csv.
    #[command(after_help = "Example:
  asielsim sensitivity scenarios/baseline.toml --metric penalty_eur_2027 -r 20")]
    Sensitivity(SensitivityArgs),
    /// Fit a seasonal model to a monthly series, forecast it with prediction intervals, backtest
    /// it against seasonal naive, and write a fan chart and a scenario intake fragment.
    #[command(
        after_help = "Example:\n  asielsim forecast data/nl_monthly_asylum_applicants_2012-2019.csv --horizon 24"
    )]
    Forecast(ForecastArgs),
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
    /// Write the shell completion script for SHELL to standard output.
    #[command(after_help = "Examples:
  asielsim completions bash > ~/.local/share/bash-completion/completions/asielsim
  asielsim completions zsh > ~/.zfunc/_asielsim
  asielsim completions fish > ~/.config/fish/completions/asielsim.fish
  asielsim completions powershell >> $PROFILE")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write the JSON Schema of scenario files to standard output, for editors (the committed
    /// copy is scenarios/scenario.schema.json).
    #[command(after_help = "Example:\n  asielsim schema > scenarios/scenario.schema.json")]
    Schema,
    /// Write the man page to standard output, or with --out one page per command into a folder.
    #[command(after_help = "Examples:
  asielsim man | man -l -
  asielsim man --out ~/.local/share/man/man1")]
    Man {
        /// The folder to write a page per command into (asielsim.1, asielsim-run.1, ...).
        #[arg(short, long)]
        out: Option<PathBuf>,
    },
}

/// The arguments of `asielsim compare`.
#[derive(Debug, clap::Args)]
struct CompareArgs {
    /// The base scenario, then the variants.
    #[arg(required = true, num_args = 2..)]
    scenarios: Vec<PathBuf>,
    /// The metric to rank the scenarios on.
    #[arg(long, default_value = "within_term_share")]
    metric: String,
    /// Which way is better for that metric [default: higher for within-term shares and
    /// decisions, lower for everything else].
    #[arg(long, value_parser = ["higher", "lower"])]
    better: Option<String>,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    shard: ShardArgs,
}

/// The arguments of `asielsim sweep`.
#[derive(Debug, clap::Args)]
struct SweepArgs {
    /// The base scenario.
    scenario: PathBuf,
    /// A setting to vary: path=values, e.g. pool.decision_ter_apel.fte=100..140:20 or
    /// policy.name=uniform,deadline (repeat for a grid).
    #[arg(long = "set", required = true)]
    settings: Vec<String>,
    /// The metrics the report charts over the swept values (comma-separated names of
    /// summary.csv) [default: the headline metrics the scenario has].
    #[arg(long = "metric", value_delimiter = ',')]
    metrics: Vec<String>,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    shard: ShardArgs,
}

/// The arguments of `asielsim forecast`.
#[derive(Debug, clap::Args)]
struct ForecastArgs {
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
    /// Write every chart also as PNG (NAME.png beside NAME.svg), for slides.
    #[arg(long)]
    png: bool,
}

/// Parses the arguments, runs the command and maps the outcome to an exit code.
pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = match &cli.command {
        Command::Run { run, .. } => run.json,
        Command::Compare(args) => args.run.json,
        Command::Sweep(args) => args.run.json,
        Command::Plan(args) => args.run.json,
        Command::Calibrate(args) => args.run.json,
        Command::Sensitivity(args) => args.run.json,
        Command::Merge(args) => args.json,
        _ => false,
    };
    let ui = Ui {
        quiet: cli.quiet,
        json,
    };
    let res = match cli.command {
        Command::Run {
            scenario,
            settings,
            trace,
            run: r,
            shard,
        } => run(&ui, scenario.as_deref(), &settings, trace, &r, &shard),
        Command::Validate { files } => validate(&ui, &files),
        Command::Metrics { scenario, csv } => metrics(&ui, scenario.as_deref(), csv),
        Command::Init { dir, force } => init(&ui, &dir, force),
        Command::Plan(args) => plan(&ui, &args),
        Command::Calibrate(args) => calibrate(&ui, &args),
        Command::Sensitivity(args) => sensitivity(&ui, &args),
        Command::Sweep(args) => sweep(&ui, &args),
        Command::Compare(args) => compare(&ui, &args),
        Command::Merge(args) => merge(&ui, &args),
        Command::Forecast(args) => forecast(&ui, &args),
        Command::Completions { shell } => manual::completions(shell),
        Command::Man { out } => manual::man(&ui, out.as_deref()),
        Command::Schema => manual::schema(),
    };
    match res {
        Ok(code) => code,
        // A reader that stopped reading (`| head`) is not a failure: end quietly, as cat does.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // A scenario's problems are shown on its lines, when the file can be read again.
            let shown = err.downcast_ref::<ScenarioError>().and_then(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                Some(e.annotated(&text))
            });
            let _ = match shown {
                Some(text) => writeln!(io::stderr().lock(), "error: {text}"),
                None => writeln!(io::stderr().lock(), "error: {err:#}"),
            };
            let invalid = err.downcast_ref::<ScenarioError>().is_some() || err.is::<UsageError>();
            ExitCode::from(if invalid { 2 } else { 1 })
        }
    }
}

/// Whether `err` is, or was caused by, writing into a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// A bad combination of arguments (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub(crate) String);

/// The terminal: standard output for results, standard error for progress and notes; with
/// `--quiet`, neither. Writes return their errors (a closed pipe among them) instead of
/// panicking as `println!` does.
pub(crate) struct Ui {
    quiet: bool,
    /// `--json`: standard output holds only the JSON document; the texts go to stderr.
    json: bool,
}

impl Ui {
    /// Writes `text` to standard output (to standard error with `--json`).
    pub(crate) fn out(&self, text: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        if self.json {
            return io::stderr().lock().write_all(text.as_bytes());
        }
        let mut stdout = io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()
    }

    /// With `--json`, writes the document `make` gives to standard output (also with
    /// `--quiet`: it is what was asked for); without, nothing.
    pub(crate) fn json(&self, make: impl FnOnce() -> String) -> io::Result<()> {
        if !self.json {
            return Ok(());
        }
        let mut stdout = io::stdout().lock();
        stdout.write_all(make().as_bytes())?;
        stdout.flush()
    }

    /// Whether `--json` was given.
    pub(crate) fn is_json(&self) -> bool {
        self.json
    }

    /// Writes the line `text` to standard error.
    pub(crate) fn note(&self, text: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(io::stderr().lock(), "{text}")
    }

    /// Warns on standard error when `replications` are too few for reliable intervals.
    fn warn_few(&self, replications: u32) -> io::Result<()> {
        match console::few_replications_warning(replications) {
            Some(text) => self.note(&text),
            None => Ok(()),
        }
    }

    /// A progress bar of `total` steps called `unit` on standard error (drawn on a terminal
    /// only, and not with `--quiet`).
    fn progress(&self, total: u64, unit: &str) -> ProgressBar {
        let target = if self.quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(Some(total), target);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{spinner}} {{msg}} [{{bar:30}}] {{pos}}/{{len}} {unit} ({{eta}})"
            ))
            .expect("a valid template")
            .progress_chars("=> "),
        );
        bar
    }

    /// Runs `scenario` with a progress bar on standard error (shown on a terminal only).
    fn simulate(&self, scenario: &Scenario, settings: RunSettings) -> anyhow::Result<Experiment> {
        let bar = self.progress(u64::from(settings.replications), "replications");
        bar.set_message(format!("running {}", scenario.name));
        let res = experiment::run(scenario, settings, &|| bar.inc(1));
        bar.finish_and_clear();
        Ok(res?)
    }
}

/// The machine's memory in bytes, where the system says (Linux: /proc/meminfo).
fn memory_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// `--better` as given, else the metric's own direction.
pub(crate) fn better(given: Option<&str>, catalogue: &Catalogue, metric: &str) -> Better {
    match given {
        Some("higher") => Better::Higher,
        Some("lower") => Better::Lower,
        _ => Better::for_direction(catalogue.direction_of(metric)),
    }
}

/// A usage error with `message` unless `ok`.
pub(crate) fn usage(ok: bool, message: &str) -> anyhow::Result<()> {
    if !ok {
        bail!(UsageError(message.into()));
    }
    Ok(())
}

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

fn metrics(ui: &Ui, path: Option<&Path>, csv: bool) -> anyhow::Result<ExitCode> {
    let scenario = load_or_baseline(path)?;
    ui.out(&if csv {
        output::metrics_csv(&scenario.catalogue)
    } else {
        console::metrics_table(&scenario.name, &scenario.catalogue)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The scenario at `path` (or the bundled baseline) with `settings` (`PATH=VALUE`) applied to its
/// table; a setting that cannot apply, or that sets a key an uncertain input draws anew in every
/// replication, is a usage error.
pub(crate) fn with_settings(path: Option<&Path>, settings: &[String]) -> anyhow::Result<Scenario> {
    if settings.is_empty() {
        return Ok(load_or_baseline(path)?);
    }
    let (mut table, anchor) = match path {
        Some(path) => (scenario::load_table(path)?.0, path.to_path_buf()),
        None => {
            let baseline = bundled::file(bundled::BASELINE).expect("the baseline is bundled");
            let table: toml::Table =
                toml::from_str(baseline.content).expect("the bundled baseline is TOML");
            (table, PathBuf::from(baseline.path))
        }
    };
    asielsim::plan::apply_fixed(&mut table, settings)
        .map_err(|e| UsageError(format!("--set {e}")))?;
    let scenario = scenario::parse_table(table, &anchor)?;
    refuse_drawn(&scenario, settings)?;
    Ok(scenario)
}

/// Refuses (a usage error) a `--set` of a key that an uncertain input draws anew in every
/// replication: the setting would have no effect.
pub(crate) fn refuse_drawn(scenario: &Scenario, settings: &[String]) -> anyhow::Result<()> {
    if let Some((text, input)) = asielsim::plan::drawn_setting(scenario, settings) {
        bail!(UsageError(format!(
            "--set {text} sets a key that the scenario's uncertain input \"{input}\" draws anew in every replication, so the setting would have no effect\n  fix: set another key, or remove the [[uncertain]] entry in a variant"
        )));
    }
    Ok(())
}

fn forecast(ui: &Ui, args: &ForecastArgs) -> anyhow::Result<ExitCode> {
    use asielsim::forecast as fc;
    let (data, horizon, seed) = (&args.data, args.horizon, args.seed);
    let text = std::fs::read_to_string(data).map_err(|e| {
        UsageError(format!(
            "cannot read {}: {e}\n  fix: check the path",
            data.display()
        ))
    })?;
    let stem = data
        .file_stem()
        .map_or("series".into(), |s| s.to_string_lossy().into_owned());
    let out_dir = out_dir(args.out.as_deref(), &format!("forecast-{stem}"))?;
    let study = fc::study(&text, args.column.as_deref(), horizon, seed)
        .map_err(|e| UsageError(e.message(data)))?;
    let source = format!("{} (column {})", data.display(), study.name);
    // The data notes beside the file, if any, may mark the series as partial.
    let notes = data
        .parent()
        .and_then(|dir| std::fs::read_to_string(dir.join("SOURCES.md")).ok());
    let name = data.file_name().map(|n| n.to_string_lossy().into_owned());
    let warning = notes
        .zip(name)
        .and_then(|(notes, name)| fc::data_note(&notes, &name))
        .and_then(|note| fc::partial_warning(&note));
    if let Some(warning) = &warning {
        ui.note(&format!("warning: {warning}"))?;
    }
    let mut folder =
        output::forecast_folder(&source, warning.as_deref(), &study, &args.stream, seed)?;
    save(&mut folder, &out_dir, args.png)?;
    ui.out(&console::forecast_summary(
        &source,
        &study.series,
        &study.model,
        &study.rows,
        study.backtest.as_ref(),
    ))?;
    ui.out(&format!(
        "wrote {}\n",
        out_dir
            .join("{forecast.csv, backtest.csv, intake.toml, fan_chart.svg, report.html}")
            .display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn init(ui: &Ui, dir: &Path, force: bool) -> anyhow::Result<ExitCode> {
    let existing = bundled::existing_in(dir);
    if !force && !existing.is_empty() {
        bail!(UsageError(format!(
            "{} already exists (and {} more bundled files)\n  fix: choose an empty folder, or add --force to overwrite",
            existing[0].display(),
            existing.len() - 1
        )));
    }
    bundled::write_into(dir)?;
    ui.out(&format!(
        "wrote {} files into {}; run one with: asielsim run {}\n",
        bundled::FILES.len(),
        dir.display(),
        dir.join(bundled::BASELINE).display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn validate(ui: &Ui, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut n_bad = 0;
    for path in files {
        match scenario::load(path) {
            Ok(scenario) => ui.out(&format!(
                "{}: ok ({} pools, {} steps, {} streams)\n",
                path.display(),
                scenario.network.pools.len(),
                scenario.network.steps.len(),
                scenario.network.streams.len()
            ))?,
            Err(err) => {
                n_bad += 1;
                let text = std::fs::read_to_string(err.path())
                    .map_or_else(|_| err.to_string(), |text| err.annotated(&text));
                let _ = writeln!(io::stderr().lock(), "error: {text}");
            }
        }
    }
    Ok(if n_bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
