//! `--shard I/N|auto` on run, compare and sweep (one shard's share, written for a merge), and
//! `asielsim merge`, which puts the shards back together and writes what one run on one
//! machine writes, through the same `finish` code.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use asielsim::experiment::{self, Block, Experiment, RunSettings};
use asielsim::scenario::Scenario;
use asielsim::shard::{self, Job, MergeError, Shard};
use asielsim::{console, output};

use super::runs::{self, Destination};
use super::{RunArgs, Ui, UsageError, out_dir, usage};

/// `--shard`: the flag run, compare and sweep share.
#[derive(Debug, clap::Args)]
pub(crate) struct ShardArgs {
    /// Run only shard I of N (I from 1) of the replications (sweep: of the points), for a job
    /// array on a cluster; `auto` reads I and N from a Slurm array
    /// (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job
    /// (JOB_COMPLETION_INDEX, ASIELSIM_SHARDS). Writes OUT/shard-I-of-N/ for `asielsim merge`
    /// [default OUT: results/<the command's folder>-shards/]; a shard already there with the
    /// same inputs is skipped.
    #[arg(long, value_name = "I/N|auto")]
    pub(crate) shard: Option<String>,
}

impl ShardArgs {
    /// The shard asked for, if any; a usage error when it does not read.
    pub(crate) fn parse(&self) -> anyhow::Result<Option<Shard>> {
        self.shard
            .as_deref()
            .map(|text| shard::parse_shard(text, |name| std::env::var(name).ok()))
            .transpose()
            .map_err(|e| UsageError(e.to_string()).into())
    }
}

/// The arguments of `asielsim merge`.
#[derive(Debug, clap::Args)]
pub(crate) struct MergeArgs {
    /// The shards: the folder they were written into (their --out), or shard folders
    /// (shard-I-of-N); several folders may be given.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Output folder [default: the folder the command would have written on one machine,
    /// e.g. results/<scenario name>/].
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// Write one JSON document to standard output, as the merged command does.
    #[arg(long)]
    pub(crate) json: bool,
    /// Write every chart also as PNG (plots/NAME.png beside plots/NAME.svg).
    #[arg(long)]
    png: bool,
}

/// The share of `runs` whole runs that `shard` does: all of them without a shard.
pub(crate) fn share(shard: Option<Shard>, runs: f64) -> f64 {
    shard.map_or(runs, |s| runs / f64::from(s.count))
}

/// The job of a sharded `command` on the scenario `files` (their texts hashed in `sha256`),
/// with `--set` `settings`, run with `run`; `(shard, items, total)`: the shard count and what
/// the shards split.
pub(crate) fn job(
    command: &str,
    files: Vec<&Path>,
    sha256: Vec<String>,
    settings: &[String],
    run: RunSettings,
    (shard, items, total): (Shard, &str, u32),
) -> Job {
    Job {
        command: command.into(),
        scenarios: files.iter().map(|p| p.display().to_string()).collect(),
        scenario_sha256: sha256,
        settings: settings.to_vec(),
        metric: None,
        better: None,
        replications: run.replications,
        seed: run.seed,
        asielsim_version: env!("CARGO_PKG_VERSION").into(),
        shards: shard.count,
        items: items.into(),
        total,
    }
}

/// One scenario's share of a shard: which replications of it the shard runs.
pub(crate) struct Part<'a> {
    /// The scenario (run's, one of compare's, or one point of a sweep).
    pub(crate) scenario: &'a Scenario,
    /// The replications of it the shard runs.
    pub(crate) replications: Range<u32>,
}

/// Runs `shard` of `job`: each of `parts` (in the job's order, numbered from the shard's first
/// point for a sweep, else from 0) with `settings`, written into
/// `OUT/shard-I-of-N/` (OUT: `--out`, else `results/<default>-shards/`). A shard already there
/// with the same job is skipped.
pub(crate) fn run_shard(
    ui: &Ui,
    job: &Job,
    shard: Shard,
    parts: &[Part],
    settings: RunSettings,
    (args, default): (&RunArgs, &str),
) -> anyhow::Result<ExitCode> {
    usage(
        shard.count <= job.total,
        &format!(
            "--shard {}/{}: {} shards for {} {} would leave shards without work\n  fix: use at most {} shards",
            shard.index + 1,
            shard.count,
            shard.count,
            job.total,
            job.items,
            job.total
        ),
    )?;
    usage(
        !args.png,
        "--png draws charts, and a shard draws none: the merge does\n  fix: give --png to asielsim merge",
    )?;
    let parent = args.out.clone().unwrap_or_else(|| {
        Path::new("results").join(output::folder_name(&format!("{default}-shards")))
    });
    let dir = parent.join(shard::folder_name(shard));
    if shard::is_done(&dir, job, shard) {
        ui.out(&console::shard_summary(job, shard, &dir, &parent, None))?;
        ui.json(|| output::json::shard_json(job, shard, true, &dir))?;
        return Ok(ExitCode::SUCCESS);
    }
    output::check_destination(&dir).map_err(|e| UsageError(e.to_string()))?;
    let total: u64 = parts.iter().map(|p| p.replications.len() as u64).sum();
    let bar = ui.progress(total, "replications");
    bar.set_message(format!("shard {}/{}", shard.index + 1, shard.count));
    let start = Instant::now();
    let first_part = if job.items == "points" {
        shard.block(job.total).start
    } else {
        0
    };
    let mut blocks = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let part_start = Instant::now();
        let block =
            experiment::run_block(part.scenario, settings, part.replications.clone(), &|| {
                bar.inc(1)
            })?;
        blocks.push((first_part + i as u32, block, part_start.elapsed()));
    }
    bar.finish_and_clear();
    let wall = start.elapsed();
    let refs: Vec<(u32, &Block, Duration)> = blocks.iter().map(|(p, b, w)| (*p, b, *w)).collect();
    let folder = output::shard_folder(job, shard, (settings.threads, wall), &refs);
    folder.write(&dir)?;
    ui.out(&console::shard_summary(
        job,
        shard,
        &dir,
        &parent,
        Some(wall),
    ))?;
    ui.json(|| output::json::shard_json(job, shard, false, &dir))?;
    Ok(ExitCode::SUCCESS)
}

/// `asielsim merge`: checks that the shards are all the shards of one job, loads the job's
/// scenarios again (they must be the files the shards ran), puts each experiment together from
/// its blocks and writes the command's results.
pub(crate) fn merge(ui: &Ui, args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let invalid = |e: MergeError| anyhow::Error::new(UsageError(e.0));
    let set = shard::collect(&args.dirs).map_err(invalid)?;
    let job = &set.job;
    let version = env!("CARGO_PKG_VERSION");
    usage(
        job.asielsim_version == version,
        &format!(
            "the shards were run by asielsim {}, and this is {version}; a merge of another version's numbers could differ from one run\n  fix: merge with asielsim {}, or run the shards again with this one",
            job.asielsim_version, job.asielsim_version
        ),
    )?;
    let mut blocks = set.blocks().map_err(invalid)?;
    let settings = RunSettings {
        replications: job.replications,
        seed: job.seed,
        threads: set.threads(),
    };
    let assemble =
        |scenario: &Scenario, part: u32, blocks: Vec<Block>| -> anyhow::Result<Experiment> {
            let wall = Duration::from_secs_f64(set.part_seconds(part));
            experiment::assemble(scenario, settings, blocks, wall)
                .map_err(|e| UsageError(format!("the shards do not make the run: {e}")).into())
        };
    let to = |default: &str| -> anyhow::Result<Destination> {
        Ok(Destination {
            dir: out_dir(args.out.as_deref(), default)?,
            png: args.png,
        })
    };
    ui.note(&format!(
        "merging {} shards of {} ({} {})",
        job.shards, job.command, job.total, job.items
    ))?;
    match job.command.as_str() {
        "run" => {
            let scenario = runs::run_inputs(job)?;
            shard::check_scenarios(job, &[&scenario.text]).map_err(invalid)?;
            let experiment = assemble(&scenario, 0, take_part(&mut blocks, 0))?;
            let path = job.scenarios.first().map(Path::new);
            let to = to(&scenario.name)?;
            runs::finish_run(ui, (path, &job.settings), &scenario, &experiment, None, &to)
        }
        "compare" => {
            let paths: Vec<PathBuf> = job.scenarios.iter().map(PathBuf::from).collect();
            let scenarios = runs::compare_inputs(&paths)?;
            let texts: Vec<&str> = scenarios.iter().map(|s| s.text.as_str()).collect();
            shard::check_scenarios(job, &texts).map_err(invalid)?;
            let mut experiments = Vec::with_capacity(scenarios.len());
            for (i, scenario) in scenarios.iter().enumerate() {
                experiments.push(assemble(scenario, i as u32, take_part(&mut blocks, i as u32))?);
            }
            let metric = job.metric.as_deref().unwrap_or("within_term_share");
            let to = to(&format!("compare-{}", scenarios[0].name))?;
            runs::finish_compare(
                ui,
                &scenarios,
                &experiments,
                (metric, job.better.as_deref()),
                &to,
            )
        }
        "sweep" => {
            let path = PathBuf::from(job.scenarios.first().map_or("", String::as_str));
            let metrics: Vec<String> = (job.metric.iter())
                .flat_map(|m| m.split(','))
                .map(str::to_string)
                .collect();
            let inputs = runs::sweep_inputs(&path, &job.settings, &metrics)?;
            shard::check_scenarios(job, &[&inputs.text]).map_err(invalid)?;
            usage(
                inputs.points.len() == job.total as usize,
                &format!(
                    "the sweep has {} points now, and the shards ran {}\n  fix: run the shards again",
                    inputs.points.len(),
                    job.total
                ),
            )?;
            let to = to(&format!("sweep-{}", inputs.points[0].scenario.name))?;
            let mut sink = runs::SweepSink::new(&inputs, ui.is_json());
            for (i, point) in inputs.points.iter().enumerate() {
                let run = assemble(&point.scenario, i as u32, take_part(&mut blocks, i as u32))?;
                sink.add(&point.label, &run);
            }
            sink.finish(ui, &path, settings, &to)
        }
        other => Err(UsageError(format!(
            "the shards are of `{other}`, which this asielsim cannot merge\n  fix: merge with the asielsim that ran them"
        ))
        .into()),
    }
}

/// Takes the blocks of part `part` out of `blocks`.
fn take_part(blocks: &mut Vec<(u32, Block)>, part: u32) -> Vec<Block> {
    let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(blocks)
        .into_iter()
        .partition(|(p, _)| *p == part);
    *blocks = rest;
    mine.into_iter().map(|(_, b)| b).collect()
}
