//! Shards: a run's replications (or a sweep's points) split over the jobs of a cluster, so
//! that each job runs one contiguous block with the same random streams as a whole run would.
//!
//! A shard is given as `I/N` (I counted from 1 to N), or `auto`, read from the environment of
//! a job array: Slurm's `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT`, or a Kubernetes
//! Indexed Job's `JOB_COMPLETION_INDEX` with the count its manifest passes in
//! `ASIELSIM_SHARDS` (both indices 0-based). The blocks of the N shards partition the items in
//! order and differ in size by at most one.
//!
//! Each shard writes its folder `shard-I-of-N` ([`folder_name`]) with `shard.json` and
//! `shard.jsonl` ([`record`]); a merge reads them back ([`collect`]), checks that they are all
//! the shards of one job, each once, and rebuilds the experiments with
//! [`crate::experiment::assemble`].
//!
//! Key items: [`Shard`], [`parse_shard`], [`Shard::block`], [`Job`], [`ShardManifest`],
//! [`collect`].

pub mod record;
mod set;

use std::ops::Range;

pub use record::{Job, ShardManifest};
pub use set::{
    MergeError, ShardSet, collect, find, folder_name, is_done, read_blocks, read_manifest,
};

/// At most this many shards: far more than any array a run is worth splitting into.
pub const MAX_SHARDS: u32 = 100_000;

/// One shard of N: `index` from 0 to `count - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// The shard, from 0.
    pub index: u32,
    /// The number of shards.
    pub count: u32,
}

/// Why a shard cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// Not `I/N` or `auto`.
    #[error(
        "--shard \"{0}\" is not I/N or auto\n  fix: e.g. --shard 2/8 (the second of eight, counted from 1), or --shard auto in a Slurm or Kubernetes job array"
    )]
    Syntax(String),
    /// `I/N` with I outside 1..=N, or N outside 1..=MAX_SHARDS.
    #[error(
        "--shard {index}/{count}: the shard must be from 1 to {count}, and there may be 1 to {MAX_SHARDS} shards\n  fix: give I from 1 to N, e.g. --shard 1/{count} to --shard {count}/{count}"
    )]
    Range {
        /// I as given.
        index: u64,
        /// N as given.
        count: u64,
    },
    /// `auto` outside a job array, or with an index or count that is not a number.
    #[error(
        "--shard auto: {0}\n  fix: run it as a Slurm array task (sbatch --array) or a Kubernetes Indexed Job with ASIELSIM_SHARDS set, or give --shard I/N"
    )]
    Environment(String),
}

/// The SHA-256 (hex) of a scenario's text, as a shard's [`Job`] records it and `run.json`
/// states it.
pub fn scenario_sha256(text: &str) -> String {
    crate::digest::sha256_hex(text.as_bytes())
}

/// Checks that the scenarios a merge loaded again (`texts`, in the job's order) are the ones
/// the shards of `job` ran: the same SHA-256 for each.
pub fn check_scenarios(job: &Job, texts: &[&str]) -> Result<(), MergeError> {
    let names: Vec<&str> = if job.scenarios.is_empty() {
        vec!["the bundled baseline"]
    } else {
        job.scenarios.iter().map(String::as_str).collect()
    };
    for (i, text) in texts.iter().enumerate() {
        let recorded = job.scenario_sha256.get(i).map(String::as_str);
        if recorded != Some(scenario_sha256(text).as_str()) {
            return Err(MergeError(format!(
                "{} is not the file the shards ran: it changed since (another SHA-256)\n  fix: put back the file the shards ran, or run the shards again",
                names.get(i).copied().unwrap_or("a scenario")
            )));
        }
    }
    Ok(())
}

impl Shard {
    /// The items of this shard among `total` items (replications or points), `0..total` split
    /// into `count` contiguous blocks in order, the first `total % count` one item longer.
    pub fn block(self, total: u32) -> Range<u32> {
        let count = u64::from(self.count.max(1));
        let at = |i: u64| (u64::from(total) * i / count) as u32;
        at(u64::from(self.index))..at(u64::from(self.index) + 1)
    }
}

/// Reads `--shard TEXT`: `I/N` (I from 1), or `auto` from `env` (the environment's variables
/// by name; pass `|name| std::env::var(name).ok()`).
pub fn parse_shard(text: &str, env: impl Fn(&str) -> Option<String>) -> Result<Shard, ShardError> {
    let text = text.trim();
    let (index, count) = if text == "auto" {
        let number = |name: &str| -> Result<Option<u64>, ShardError> {
            match env(name) {
                None => Ok(None),
                Some(value) => value.trim().parse().map(Some).map_err(|_| {
                    ShardError::Environment(format!("{name} is \"{value}\", not a number"))
                }),
            }
        };
        let pair = match (
            number("SLURM_ARRAY_TASK_ID")?,
            number("SLURM_ARRAY_TASK_COUNT")?,
            number("JOB_COMPLETION_INDEX")?,
            number("ASIELSIM_SHARDS")?,
        ) {
            (Some(id), Some(count), _, _) => (id, count),
            (None, None, Some(id), Some(count)) => (id, count),
            (Some(_), None, _, _) => {
                return Err(ShardError::Environment(
                    "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not".into(),
                ));
            }
            (None, None, Some(_), None) => {
                return Err(ShardError::Environment(
                    "JOB_COMPLETION_INDEX is set but ASIELSIM_SHARDS (the number of shards) is not"
                        .into(),
                ));
            }
            _ => {
                return Err(ShardError::Environment(
                    "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set".into(),
                ));
            }
        };
        // An array given as --array=1-4 counts its tasks from SLURM_ARRAY_TASK_MIN.
        let min = if env("SLURM_ARRAY_TASK_ID").is_some() {
            number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0)
        } else {
            0
        };
        if pair.0 < min {
            return Err(ShardError::Environment(format!(
                "SLURM_ARRAY_TASK_ID {} is below SLURM_ARRAY_TASK_MIN {min}",
                pair.0
            )));
        }
        // The environment counts from 0; `I/N` from 1.
        (pair.0 - min + 1, pair.1)
    } else {
        let (i, n) = text
            .split_once('/')
            .ok_or_else(|| ShardError::Syntax(text.to_string()))?;
        let read = |s: &str| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| ShardError::Syntax(text.to_string()))
        };
        (read(i)?, read(n)?)
    };
    if count == 0 || count > u64::from(MAX_SHARDS) || index == 0 || index > count {
        return Err(ShardError::Range { index, count });
    }
    Ok(Shard {
        index: (index - 1) as u32,
        count: count as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn i_of_n_counts_from_one() {
        assert_eq!(parse_shard("2/8", no_env), Ok(Shard { index: 1, count: 8 }));
        assert_eq!(
            parse_shard(" 1/1 ", no_env),
            Ok(Shard { index: 0, count: 1 })
        );
        for bad in ["0/8", "9/8", "1/0", "2/100001"] {
            assert!(
                matches!(parse_shard(bad, no_env), Err(ShardError::Range { .. })),
                "{bad}"
            );
        }
        for bad in ["2", "a/b", "2/8/1", "", "-1/8"] {
            assert!(
                matches!(parse_shard(bad, no_env), Err(ShardError::Syntax(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn auto_reads_slurm_or_kubernetes_from_zero() {
        let slurm = |name: &str| match name {
            "SLURM_ARRAY_TASK_ID" => Some("3".to_string()),
            "SLURM_ARRAY_TASK_COUNT" => Some("4".to_string()),
            _ => None,
        };
        assert_eq!(parse_shard("auto", slurm), Ok(Shard { index: 3, count: 4 }));
        let from_one = |name: &str| match name {
            "SLURM_ARRAY_TASK_ID" => Some("4".to_string()),
            "SLURM_ARRAY_TASK_MIN" => Some("1".to_string()),
            "SLURM_ARRAY_TASK_COUNT" => Some("4".to_string()),
            _ => None,
        };
        assert_eq!(
            parse_shard("auto", from_one),
            Ok(Shard { index: 3, count: 4 })
        );
        let k8s = |name: &str| match name {
            "JOB_COMPLETION_INDEX" => Some("0".to_string()),
            "ASIELSIM_SHARDS" => Some("5".to_string()),
            _ => None,
        };
        assert_eq!(parse_shard("auto", k8s), Ok(Shard { index: 0, count: 5 }));
        assert!(matches!(
            parse_shard("auto", no_env),
            Err(ShardError::Environment(_))
        ));
        let no_count = |name: &str| (name == "JOB_COMPLETION_INDEX").then(|| "1".to_string());
        let err = parse_shard("auto", no_count).unwrap_err().to_string();
        assert!(err.contains("ASIELSIM_SHARDS"), "{err}");
        let beyond = |name: &str| match name {
            "SLURM_ARRAY_TASK_ID" => Some("4".to_string()),
            "SLURM_ARRAY_TASK_COUNT" => Some("4".to_string()),
            _ => None,
        };
        assert!(matches!(
            parse_shard("auto", beyond),
            Err(ShardError::Range { .. })
        ));
        let garbled = |name: &str| (name.starts_with("SLURM")).then(|| "x".to_string());
        assert!(matches!(
            parse_shard("auto", garbled),
            Err(ShardError::Environment(_))
        ));
    }

    #[test]
    fn blocks_are_contiguous_and_balanced() {
        let blocks: Vec<Range<u32>> = (0..4)
            .map(|index| Shard { index, count: 4 }.block(10))
            .collect();
        assert_eq!(blocks, [0..2, 2..5, 5..7, 7..10]);
        assert_eq!(Shard { index: 2, count: 3 }.block(1), 0..1);
        assert_eq!(Shard { index: 0, count: 3 }.block(1), 0..0);
    }

    proptest! {
        /// The blocks of all shards partition 0..total in order, sizes within one of each other.
        #[test]
        fn blocks_partition_the_items(total in 0u32..5_000, count in 1u32..300) {
            let mut next = 0;
            let (mut small, mut large) = (u32::MAX, 0);
            for index in 0..count {
                let block = Shard { index, count }.block(total);
                prop_assert_eq!(block.start, next);
                next = block.end;
                small = small.min(block.len() as u32);
                large = large.max(block.len() as u32);
            }
            prop_assert_eq!(next, total);
            prop_assert!(large - small <= 1);
        }
    }
}
