//! `--shard I/N|auto` on run, compare and sweep: one shard's share of the work, written into
//! its folder for `asielsim merge` (`cli/merge.rs`).

use std::ops::Range;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use asielsim::experiment::{self, Block, RunSettings};
use asielsim::scenario::Scenario;
use asielsim::shard::{self, Job, Shard};
use asielsim::{console, output};

use super::{RunArgs, Ui, UsageError, usage};

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
