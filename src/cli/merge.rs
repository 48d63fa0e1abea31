//! `asielsim merge`: the shards of a run, compare or sweep put back together, written through
//! the same `finish` code as the command on one machine, so the files are the same, byte for
//! byte.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use asielsim::experiment::{self, Block, Experiment, RunSettings};
use asielsim::scenario::Scenario;
use asielsim::shard::{self, MergeError};

use super::runs::{self, Destination};
use super::{Ui, UsageError, out_dir, usage};

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
