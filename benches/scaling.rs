//! Scaling benchmark: `cargo bench --bench scaling`.
//!
//! How the cost of a run of the national baseline (`scenarios/baseline.toml`) grows with the
//! work, as one table with three sweeps around the baseline (5 years, 1x intake):
//! 1. **horizon**: 2, 5 and 10 years, at 10 replications;
//! 2. **replications**: 10, 100 and 1000, at 5 years (every replication's results are kept
//!    until the run ends, so the memory of the whole run matters);
//! 3. **intake**: 1x, 2x and 4x the baseline's arrivals, at 5 years and 10 replications.
//!
//! With `ASIELSIM_BENCH_FULL=1` it adds 10 years at 1000 replications, the run the product
//! requirement (peak memory under 1 GiB) is about; it takes minutes on its own, so it is opt-in.
//!
//! Each row reports the wall time per replication (the run's wall time over its replications,
//! median of the rounds), the processor time per replication (all threads), the busy cores
//! (processor over wall time: on a shared machine it falls below the threads, and the wall
//! figures of that row are slow), the peak resident memory, the events per second (all threads)
//! and the cases that arrive per replication. Runs use every available core, as `asielsim run`
//! does by default.
//!
//! **Reading the memory.** The peak is the results of every replication so far (the
//! `Measurements`: metric values and the monthly series, tens of KiB each) plus the replications
//! in progress, one per thread. The latter is the open cases of the replication, so it follows
//! the intake path: every replication draws its own, and the peak is set by the highest futures,
//! whose backlog runs into six figures. More replications reach higher futures, so the peak grows
//! with the replications by more than their results.
//!
//! **Own memory per row.** Every round of every row runs in a child process: the benchmark runs
//! its own executable again (`std::env::current_exe()`) with `--scaling-child NAME`; the child
//! builds the scenario, runs it once, reads its peak resident memory (`VmHWM` in
//! `/proc/self/status`, "n/a" where there is none) and its processor time (`/proc/self/stat`)
//! and prints one `scaling-result key=value ...` line, which the parent collects. The peak of a
//! row is the largest over its rounds.
//!
//! **Changing the scenario.** The rows change the loaded baseline the way `asielsim sweep` does:
//! the scenario file as a TOML table (`scenario::load_table`), values set in it
//! (`sweep::apply`), then validated as a whole (`scenario::parse_table`), so every dated part
//! (intake shocks, dated rates of the law, per-year metrics, monthly columns) is checked and
//! laid out for the new period, and nothing on disk changes. See [`baseline`].
//!
//! `cargo test --benches` (and `.ci/run`: `cargo test --release --bench scaling`) passes no
//! `--bench` argument: then it runs one round of one tiny row (2 years, 1 replication, 1x) through
//! the same child path, so the benchmark keeps compiling and running.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use asielsim::experiment::{self, RunSettings};
use asielsim::scenario::{self, Scenario};
use asielsim::sweep;
use toml::Value;

/// Rounds of a row (each a child process); the median time is reported.
const ROUNDS: usize = 3;
/// Rounds of a row of 1000 replications or more: one (each takes minutes).
const ROUNDS_LARGE: usize = 1;
/// The argument that makes the executable a child running one configuration.
const CHILD_ARG: &str = "--scaling-child";
/// The start of the child's result line.
const RESULT_PREFIX: &str = "scaling-result";
/// Set to 1 to add the 10-year, 1000-replication row.
const FULL_ENV: &str = "ASIELSIM_BENCH_FULL";
/// Clock ticks per second of the times in `/proc/self/stat` (`USER_HZ`, 100 on Linux).
const USER_HZ: f64 = 100.0;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == CHILD_ARG) {
        let name = args
            .get(pos + 1)
            .expect("a configuration after --scaling-child");
        let config = Config::parse(name).unwrap_or_else(|| panic!("no configuration {name}"));
        child(config);
        return;
    }
    // `cargo test --benches` runs without `--bench`: a quick smoke run then.
    let quick = !args.iter().any(|a| a == "--bench");
    let full = std::env::var(FULL_ENV).is_ok_and(|v| v == "1");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rows = rows(quick, full);

    let started = Instant::now();
    println!(
        "asielsim scaling benchmark: scenarios/baseline.toml, {} UTC, {cores} cores, \
         {cores} threads per run",
        jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M"),
    );
    println!(
        "s/rep: the run's wall time over its replications (median of the rounds); \
         cpu s/rep: processor time of all threads over the replications; busy cores: \
         processor time over wall time (below the threads when the machine is shared, so the \
         wall figures are slow); peak: resident memory of the whole process (VmHWM), the \
         largest over the rounds"
    );
    println!();
    println!(
        "| sweep | years | replications | intake | rounds | s/rep | cpu s/rep | busy cores | \
         peak MiB | events/s | cases/rep |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut done: Vec<(Config, Row)> = Vec::new();
    for (sweep, config) in rows {
        // A configuration in several sweeps (the baseline point) runs once.
        let row = match done.iter().find(|(c, _)| *c == config) {
            Some((_, row)) => row.clone(),
            None => {
                let rounds = if quick {
                    1
                } else if config.replications >= 1000 {
                    ROUNDS_LARGE
                } else {
                    ROUNDS
                };
                let row = measure(config, rounds);
                done.push((config, row.clone()));
                row
            }
        };
        println!(
            "| {sweep} | {} | {} | {}x | {} | {:.3} | {:.3} | {:.2} | {} | {:.2e} | {:.0} |",
            config.years,
            config.replications,
            config.intake,
            row.rounds,
            row.secs_per_rep,
            row.cpu_secs_per_rep,
            row.busy_cores,
            row.peak_mib
                .map_or_else(|| "n/a".to_string(), |m| format!("{m:.0}")),
            row.events_per_sec,
            row.cases_per_rep,
        );
    }
    println!();
    println!(
        "benchmark took {:.0} s{}",
        started.elapsed().as_secs_f64(),
        if full || quick {
            String::new()
        } else {
            format!("; {FULL_ENV}=1 adds 10 years at 1000 replications")
        }
    );
}

/// One run's size: years simulated, replications, and intake as a multiple of the baseline's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Config {
    years: u32,
    replications: u32,
    intake: u32,
}

impl Config {
    /// The name a child is called with: `y5-r100-i1`.
    fn name(self) -> String {
        format!("y{}-r{}-i{}", self.years, self.replications, self.intake)
    }

    /// The configuration a [`Config::name`] stands for.
    fn parse(name: &str) -> Option<Config> {
        let mut parts = name.split('-');
        let mut number = |prefix: char| parts.next()?.strip_prefix(prefix)?.parse().ok();
        let config = Config {
            years: number('y')?,
            replications: number('r')?,
            intake: number('i')?,
        };
        parts.next().is_none().then_some(config)
    }
}

/// The rows of the table, each with the sweep it belongs to.
fn rows(quick: bool, full: bool) -> Vec<(&'static str, Config)> {
    let config = |years, replications, intake| Config {
        years,
        replications,
        intake,
    };
    if quick {
        return vec![("smoke", config(2, 1, 1))];
    }
    let mut rows = vec![
        ("horizon", config(2, 10, 1)),
        ("horizon", config(5, 10, 1)),
        ("horizon", config(10, 10, 1)),
        ("replications", config(5, 10, 1)),
        ("replications", config(5, 100, 1)),
        ("replications", config(5, 1000, 1)),
        ("intake", config(5, 10, 1)),
        ("intake", config(5, 10, 2)),
        ("intake", config(5, 10, 4)),
    ];
    if full {
        rows.push(("requirement", config(10, 1000, 1)));
    }
    rows
}

/// What a row reports, over its rounds.
#[derive(Clone, Debug)]
struct Row {
    rounds: usize,
    /// Wall seconds per replication, median over the rounds.
    secs_per_rep: f64,
    /// Processor seconds per replication (all threads), median over the rounds.
    cpu_secs_per_rep: f64,
    /// Processor time over wall time, median over the rounds: the cores the run kept busy.
    busy_cores: f64,
    /// Events per wall-clock second, median over the rounds.
    events_per_sec: f64,
    /// Cases that arrived per replication (the same in every round: same seed).
    cases_per_rep: f64,
    /// Peak resident memory in MiB, the largest over the rounds; `None` where unknown.
    peak_mib: Option<f64>,
}

/// Runs `config` in `rounds` child processes and reduces their results.
fn measure(config: Config, rounds: usize) -> Row {
    let results: Vec<ChildResult> = (0..rounds)
        .map(|round| {
            let start = Instant::now();
            let result = run_child(config);
            eprintln!(
                "scaling: {} round {}/{rounds}: {:.1} s",
                config.name(),
                round + 1,
                start.elapsed().as_secs_f64()
            );
            result
        })
        .collect();
    let reps = f64::from(config.replications);
    let median_of = |f: &dyn Fn(&ChildResult) -> f64| {
        let mut values: Vec<f64> = results.iter().map(f).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Row {
        rounds,
        secs_per_rep: median_of(&|r| r.wall_secs / reps),
        cpu_secs_per_rep: median_of(&|r| r.cpu_secs / reps),
        busy_cores: median_of(&|r| r.cpu_secs / r.wall_secs),
        events_per_sec: median_of(&|r| r.events as f64 / r.wall_secs),
        cases_per_rep: results[0].arrivals as f64 / reps,
        peak_mib: results
            .iter()
            .map(|r| r.peak_kib.map(|k| k as f64 / 1024.0))
            .collect::<Option<Vec<f64>>>()
            .map(|peaks| peaks.into_iter().fold(0.0, f64::max)),
    }
}

/// What one child process reports.
#[derive(Clone, Debug)]
struct ChildResult {
    wall_secs: f64,
    cpu_secs: f64,
    events: u64,
    arrivals: u64,
    peak_kib: Option<u64>,
}

/// Runs this executable as a child for `config` and parses its result line.
fn run_child(config: Config) -> ChildResult {
    let exe = std::env::current_exe().expect("the benchmark's own executable");
    let output = Command::new(exe)
        .arg(CHILD_ARG)
        .arg(config.name())
        .output()
        .expect("the child starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().find(|l| l.starts_with(RESULT_PREFIX));
    let (true, Some(line)) = (output.status.success(), line) else {
        panic!(
            "the child for {} failed ({}):\n{stdout}{}",
            config.name(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let field = |key: &str| {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("no {key} in the child's line: {line}"))
    };
    let number = |key: &str| -> f64 { field(key).parse().expect("a number") };
    ChildResult {
        wall_secs: number("wall_s"),
        cpu_secs: number("cpu_s"),
        events: field("events").parse().expect("a count"),
        arrivals: field("arrivals").parse().expect("a count"),
        peak_kib: field("peak_kib").parse().ok(),
    }
}

/// The child: builds the scenario of `config`, runs it once on every core and prints its
/// result line (see the module documentation).
fn child(config: Config) {
    let scenario = baseline(config.years, config.intake);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let settings = RunSettings {
        replications: config.replications,
        seed: scenario.seed,
        threads,
    };
    let cpu_before = cpu_secs();
    let start = Instant::now();
    let run = experiment::run(&scenario, settings, &|| {}).expect("the baseline runs");
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_secs()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    // Read while every replication's results are still held.
    let peak = peak_resident_kib();
    println!(
        "{RESULT_PREFIX} config={} wall_s={wall:.6} cpu_s={} events={} arrivals={} peak_kib={}",
        config.name(),
        cpu.map_or_else(|| "nan".to_string(), |c| format!("{c:.2}")),
        run.n_events(),
        run.n_arrivals(),
        peak.map_or_else(|| "n/a".to_string(), |k| k.to_string()),
    );
    black_box(run);
}

/// The baseline scenario run for `years` years from its start date, with `intake` times its
/// arrivals.
///
/// **Horizon.** The end date (`run.end_date`, inclusive) becomes the day before the start date
/// plus `years` years (2026-01-01 + 5 years: 2030-12-31, the file's own). The scenario is
/// validated anew for that period, so everything dated is laid out for it: the months and years
/// of the monthly columns and per-year metrics, the intake's seasons and shocks (the nareis of
/// grants from before the run stays switched off from April 2026 by a shock of 1200 months,
/// longer than any of these runs), and the dated notice rate (0.15 a month from 2028 on, which
/// simply holds to the end). Nothing in the baseline stops at 2030, so a 10-year run needs
/// nothing but the later end date.
///
/// **Intake.** The baseline's arrivals come from its `[[intake]]` blocks (first applications,
/// generated per month; nareis of the grants of 2025) and from streams with a `rate_per_day`
/// (subsequent applications). The `[[intake]]` key `multiplier` is the scenario file's own
/// scaling knob (low / medium / high forecasts), so each block's multiplier is multiplied by
/// `intake`; a `rate_per_day` is multiplied too (set by `sweep::apply`, the path
/// `asielsim sweep --set stream.NAME.rate_per_day=...` takes). Cases brought by follow-ups
/// (nareis of grants, appeals, failed Dublin transfers) follow from the decisions, and the
/// opening backlog stays as it is: `intake` scales what arrives from outside, not the stock.
fn baseline(years: u32, intake: u32) -> Scenario {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let (mut table, _texts) = scenario::load_table(&path).expect("baseline.toml reads");

    let start: jiff::civil::Date = table
        .get("scenario")
        .and_then(|s| s.get("start_date"))
        .map(|d| match d {
            Value::Datetime(d) => d.to_string(),
            other => other.as_str().unwrap_or_default().to_string(),
        })
        .expect("the baseline has a start date")
        .parse()
        .expect("a date");
    let end = start
        .checked_add(jiff::Span::new().years(years))
        .and_then(|d| d.yesterday())
        .expect("a date within range");
    sweep::apply(&mut table, "run.end_date", Value::String(end.to_string()))
        .expect("the baseline has [run]");

    let factor = f64::from(intake);
    if let Some(Value::Array(blocks)) = table.get_mut("intake") {
        for block in blocks.iter_mut().filter_map(Value::as_table_mut) {
            let multiplier = block.get("multiplier").map_or(1.0, number);
            block.insert("multiplier".into(), Value::Float(multiplier * factor));
        }
    }
    let mut rates = Vec::new();
    if let Some(Value::Array(streams)) = table.get("stream") {
        for stream in streams.iter().filter_map(Value::as_table) {
            assert!(
                stream.get("interarrival_days").is_none(),
                "a stream with interarrival_days: scale its distribution here too"
            );
            if let (Some(name), Some(rate)) = (
                stream.get("name").and_then(Value::as_str),
                stream.get("rate_per_day").map(number),
            ) {
                rates.push((format!("stream.{name}.rate_per_day"), rate * factor));
            }
        }
    }
    for (key, rate) in rates {
        sweep::apply(&mut table, &key, Value::Float(rate)).expect("the stream exists");
    }

    scenario::parse_table(table, &path).unwrap_or_else(|e| panic!("{e}"))
}

/// A TOML number as `f64`.
fn number(value: &Value) -> f64 {
    match value {
        Value::Integer(i) => *i as f64,
        Value::Float(f) => *f,
        other => panic!("{other} is not a number"),
    }
}

/// This process's peak resident memory in KiB (`VmHWM`), where `/proc` has it (Linux).
fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Processor time (user and system, all threads) this process has used, in seconds, where
/// `/proc` has it (Linux).
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (in parentheses, which may hold spaces): the state is
    // field 3, utime and stime are fields 14 and 15.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let utime: f64 = fields.next()?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / USER_HZ)
}
