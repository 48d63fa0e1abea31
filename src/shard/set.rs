//! Reading the shards of a job back for a merge: finding their folders, checking that they are
//! one job's shards, all of them and each once, and reading their data.

use std::fs;
use std::path::{Path, PathBuf};

use crate::digest::sha256_hex;
use crate::experiment::Block;
use crate::shard::Shard;
use crate::shard::record::{self, DATA, FORMAT, Job, MANIFEST, ShardManifest};

/// Why shards cannot be merged (or a shard folder not read). The message says which folder,
/// what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MergeError(pub String);

/// The shards of one job, all present, each once, in shard order.
#[derive(Clone, Debug)]
pub struct ShardSet {
    /// The job they share.
    pub job: Job,
    /// Each shard's folder and manifest, shard 1 first.
    pub shards: Vec<(PathBuf, ShardManifest)>,
}

/// The folder name of shard `shard` (from 0) in the folder the shards of a job write into:
/// `shard-I-of-N`, I counted from 1 and padded to N's width, so the folders sort in order.
pub fn folder_name(shard: Shard) -> String {
    let width = shard.count.to_string().len();
    format!("shard-{:0width$}-of-{}", shard.index + 1, shard.count)
}

/// Reads the manifest of the shard in `dir`.
pub fn read_manifest(dir: &Path) -> Result<ShardManifest, MergeError> {
    let path = dir.join(MANIFEST);
    let text = fs::read_to_string(&path)
        .map_err(|e| MergeError(format!("{}: cannot read it: {e}", path.display())))?;
    let manifest: ShardManifest = serde_json::from_str(&text).map_err(|e| {
        MergeError(format!(
            "{}: not a shard manifest of this asielsim ({e})\n  fix: run the shard again with this version",
            path.display()
        ))
    })?;
    if manifest.format != FORMAT {
        return Err(MergeError(format!(
            "{}: shard format {}, where this asielsim reads format {FORMAT}\n  fix: run the shards again with this version",
            path.display(),
            manifest.format
        )));
    }
    Ok(manifest)
}

/// The shard folders `dirs` name: each is a shard's folder (it holds `shard.json`) or a folder
/// of shard folders (its subfolders that hold one), in name order.
pub fn find(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, MergeError> {
    let mut found = Vec::new();
    for dir in dirs {
        if dir.join(MANIFEST).is_file() {
            found.push(dir.clone());
            continue;
        }
        let entries = fs::read_dir(dir).map_err(|e| {
            MergeError(format!(
                "{}: cannot read it: {e}\n  fix: give the folder the shards wrote into (their --out)",
                dir.display()
            ))
        })?;
        let mut inside: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join(MANIFEST).is_file())
            .collect();
        if inside.is_empty() {
            return Err(MergeError(format!(
                "{}: holds no shard (no {MANIFEST} in it or in a folder in it)\n  fix: give the folder the shards wrote into (their --out)",
                dir.display()
            )));
        }
        inside.sort();
        found.extend(inside);
    }
    Ok(found)
}

/// Reads the shards in `dirs` (see [`find`]) and checks that they are the shards of one job
/// (the same command, scenarios and their contents, settings, seed, replications, shard count
/// and version), that every shard from 1 to N is there exactly once, and that each ran its
/// block.
pub fn collect(dirs: &[PathBuf]) -> Result<ShardSet, MergeError> {
    let mut shards: Vec<(PathBuf, ShardManifest)> = Vec::new();
    for dir in find(dirs)? {
        let manifest = read_manifest(&dir)?;
        shards.push((dir, manifest));
    }
    let (first_dir, first) = shards.first().cloned().expect("find found at least one");
    for (dir, m) in &shards[1..] {
        let differences = differences(&first.job, &m.job);
        if !differences.is_empty() {
            return Err(MergeError(format!(
                "{} and {} are shards of different runs: {}\n  fix: merge only the shards of one run; run the others again with the same scenario, settings, seed, replications, --shard count and asielsim version",
                first_dir.display(),
                dir.display(),
                differences.join("; ")
            )));
        }
    }
    let job = first.job;
    let count = job.shards as usize;
    let mut by_index: Vec<Option<(PathBuf, ShardManifest)>> = vec![None; count];
    for (dir, m) in shards {
        if m.shard == 0 || m.shard as usize > count {
            return Err(MergeError(format!(
                "{}: shard {} of {count} is out of range\n  fix: run it again",
                dir.display(),
                m.shard
            )));
        }
        let slot = &mut by_index[m.shard as usize - 1];
        if let Some((other, _)) = slot {
            return Err(MergeError(format!(
                "shard {}/{count} is there twice: {} and {}\n  fix: give each shard once (remove one of the two folders, or name only one of them)",
                m.shard,
                other.display(),
                dir.display()
            )));
        }
        let expected = Shard {
            index: m.shard - 1,
            count: job.shards,
        }
        .block(job.total);
        if m.first != expected.start || m.end != expected.end {
            return Err(MergeError(format!(
                "{}: shard {}/{count} holds {} {} to {}, where it should hold {} to {}\n  fix: run it again",
                dir.display(),
                m.shard,
                job.items,
                m.first,
                m.end,
                expected.start,
                expected.end
            )));
        }
        *slot = Some((dir, m));
    }
    let missing: Vec<String> = (by_index.iter().enumerate())
        .filter(|(_, s)| s.is_none())
        .map(|(i, _)| format!("{}/{count}", i + 1))
        .collect();
    if !missing.is_empty() {
        return Err(MergeError(format!(
            "{} of the {count} shards {} missing: {}\n  fix: run {} with --shard {} (the same command and --out), or give the folder that holds {}",
            missing.len(),
            if missing.len() == 1 { "is" } else { "are" },
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "each" },
            missing[0],
            if missing.len() == 1 { "it" } else { "them" },
        )));
    }
    Ok(ShardSet {
        job,
        shards: by_index.into_iter().flatten().collect(),
    })
}

/// How job `b` differs from job `a`, one phrase per field.
fn differences(a: &Job, b: &Job) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |name: &str, x: String, y: String| {
        if x != y {
            out.push(format!("{name} {x} against {y}"));
        }
    };
    field("command", a.command.clone(), b.command.clone());
    field("scenarios", a.scenarios.join(", "), b.scenarios.join(", "));
    if a.scenarios == b.scenarios && a.scenario_sha256 != b.scenario_sha256 {
        field(
            "scenario contents (SHA-256)",
            a.scenario_sha256.join(", "),
            b.scenario_sha256.join(", "),
        );
    }
    field("--set", a.settings.join(" "), b.settings.join(" "));
    field(
        "--metric",
        format!("{:?}", a.metric),
        format!("{:?}", b.metric),
    );
    field(
        "--better",
        format!("{:?}", a.better),
        format!("{:?}", b.better),
    );
    field("seed", a.seed.to_string(), b.seed.to_string());
    field(
        "replications",
        a.replications.to_string(),
        b.replications.to_string(),
    );
    field("shard count", a.shards.to_string(), b.shards.to_string());
    field(
        "asielsim version",
        a.asielsim_version.clone(),
        b.asielsim_version.clone(),
    );
    field("items", a.items.clone(), b.items.clone());
    field(
        &format!("number of {}", a.items),
        a.total.to_string(),
        b.total.to_string(),
    );
    out
}

impl ShardSet {
    /// Every shard's blocks, each with its part, read from `shard.jsonl` after checking its
    /// SHA-256 against the manifest and that it holds exactly the shard's items: for
    /// replications, replications `first..end` of every part; for points, parts `first..end`
    /// with all their replications.
    pub fn blocks(&self) -> Result<Vec<(u32, Block)>, MergeError> {
        let mut all = Vec::new();
        for (dir, manifest) in &self.shards {
            all.extend(read_blocks(dir, manifest)?);
        }
        Ok(all)
    }

    /// The wall-clock seconds the shards took for part `part` (a scenario or a point), summed.
    pub fn part_seconds(&self, part: u32) -> f64 {
        (self.shards.iter())
            .flat_map(|(_, m)| &m.part_seconds)
            .filter(|(p, _)| *p == part)
            .map(|(_, s)| s)
            .sum()
    }

    /// The most threads a shard ran on.
    pub fn threads(&self) -> usize {
        (self.shards.iter().map(|(_, m)| m.threads))
            .max()
            .unwrap_or(1)
    }
}

/// The blocks of the shard in `dir`, checked against its manifest.
pub fn read_blocks(dir: &Path, manifest: &ShardManifest) -> Result<Vec<(u32, Block)>, MergeError> {
    let path = dir.join(DATA);
    let text = fs::read_to_string(&path).map_err(|e| {
        MergeError(format!(
            "{}: cannot read it: {e}\n  fix: run the shard again",
            path.display()
        ))
    })?;
    if sha256_hex(text.as_bytes()) != manifest.data_sha256 {
        return Err(MergeError(format!(
            "{}: its SHA-256 is not the one {MANIFEST} records: the file is incomplete or was changed\n  fix: run shard {}/{} again",
            path.display(),
            manifest.shard,
            manifest.job.shards
        )));
    }
    let blocks = record::decode(&text).map_err(|e| {
        MergeError(format!(
            "{}: {e}\n  fix: run the shard again",
            path.display()
        ))
    })?;
    let job = &manifest.job;
    let covers = |part: u32, range: std::ops::Range<u32>| {
        blocks.iter().any(|(p, b)| {
            *p == part && b.first == range.start && b.replications.len() == range.len()
        })
    };
    let expected: Vec<(u32, std::ops::Range<u32>)> = if job.items == "points" {
        (manifest.first..manifest.end)
            .map(|p| (p, 0..job.replications))
            .collect()
    } else {
        (0..job.scenarios.len().max(1) as u32)
            .map(|p| (p, manifest.first..manifest.end))
            .collect()
    };
    if blocks.len() != expected.len() || !expected.iter().all(|(p, r)| covers(*p, r.clone())) {
        return Err(MergeError(format!(
            "{}: does not hold the {} {} to {} its manifest names\n  fix: run shard {}/{} again",
            path.display(),
            job.items,
            manifest.first,
            manifest.end,
            manifest.shard,
            job.shards
        )));
    }
    Ok(blocks)
}

/// Whether `dir` holds the finished shard `manifest` describes, by everything but its
/// threads and wall time: the same job, shard and block, and data whose SHA-256 matches (the
/// check a rerun makes before it skips a shard).
pub fn is_done(dir: &Path, job: &Job, shard: Shard) -> bool {
    let Ok(found) = read_manifest(dir) else {
        return false;
    };
    let block = shard.block(job.total);
    found.job == *job
        && found.shard == shard.index + 1
        && (found.first, found.end) == (block.start, block.end)
        && read_blocks(dir, &found).is_ok()
}
