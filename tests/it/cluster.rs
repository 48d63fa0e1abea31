//! The Slurm recipe on a real one-node Slurm cluster: `cluster/local-slurm/start.sh` starts
//! munged, slurmctld and slurmd; `cluster/slurm/submit.sh` submits a sharded run of the short
//! baseline variant as a job array and its merge as a dependent job; the merged folder must be
//! the local run's, byte for byte (but for the wall time).
//!
//! Needs root and Debian's `slurmctld slurmd slurm-client munge`; without them it prints SKIP,
//! unless `ASIELSIM_REQUIRE_SLURM` is set (as `.ci/run` does once it has installed them): then
//! it fails.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::shards::assert_same_folders;
use crate::support::{asielsim, repo, scratch_dir};

const TOOLS: [&str; 6] = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"];

fn on_path(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Why the test cannot run here, if it cannot.
fn missing() -> Option<String> {
    let absent: Vec<&str> = TOOLS.into_iter().filter(|t| !on_path(t)).collect();
    if !absent.is_empty() {
        return Some(format!("{} not installed", absent.join(", ")));
    }
    (!is_root()).then(|| "starting Slurm's daemons needs root".to_string())
}

/// Stops the cluster when the test ends, passed or not.
struct Cluster<'a>(&'a Path);

impl Drop for Cluster<'_> {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("cluster/local-slurm/stop.sh"))
            .arg(self.0)
            .status();
    }
}

fn logs(state: &Path, shards: &Path) -> String {
    let mut text = String::new();
    for dir in [state.to_path_buf(), shards.join("logs")] {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "log" || e == "out") {
                let content = std::fs::read_to_string(&path).unwrap_or_default();
                let tail: Vec<&str> = content.lines().rev().take(15).collect();
                text.push_str(&format!("--- {}\n", path.display()));
                for line in tail.into_iter().rev() {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    text
}

#[test]
fn a_sharded_run_on_slurm_merges_into_the_local_run_byte_for_byte() {
    if let Some(why) = missing() {
        assert!(
            std::env::var_os("ASIELSIM_REQUIRE_SLURM").is_none(),
            "ASIELSIM_REQUIRE_SLURM is set, but {why}"
        );
        eprintln!("SKIP: the Slurm test needs a one-node Slurm cluster: {why}");
        return;
    }
    let state = scratch_dir("slurm_state");
    let work = scratch_dir("slurm_work");
    let (shards, merged, whole) = (work.join("shards"), work.join("merged"), work.join("whole"));
    let started = Command::new(repo().join("cluster/local-slurm/start.sh"))
        .arg(&state)
        .output()
        .unwrap();
    let _cluster = Cluster(&state);
    assert!(
        started.status.success(),
        "the one-node Slurm did not start: {}\n{}",
        String::from_utf8_lossy(&started.stderr),
        logs(&state, &shards)
    );
    let conf = state.join("slurm.conf");
    let submitted = Command::new(repo().join("cluster/slurm/submit.sh"))
        .args(["3", shards.to_str().unwrap(), merged.to_str().unwrap()])
        .args([
            "run",
            "scenarios/examples/baseline_2026.toml",
            "-r",
            "6",
            "-j",
            "1",
        ])
        .env("SLURM_CONF", &conf)
        .env("ASIELSIM", env!("CARGO_BIN_EXE_asielsim"))
        .current_dir(repo())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&submitted.stdout).into_owned();
    assert!(
        submitted.status.success(),
        "sbatch refused the jobs: {}",
        String::from_utf8_lossy(&submitted.stderr)
    );
    let ids: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(ids.len(), 2, "{stdout}");
    // Wait until the array and the merge have left the queue.
    let start = Instant::now();
    loop {
        let queue = Command::new("squeue")
            .args(["-h", "-j", &ids.join(",")])
            .env("SLURM_CONF", &conf)
            .output()
            .unwrap();
        let waiting = String::from_utf8_lossy(&queue.stdout).trim().to_string();
        if queue.status.success() && waiting.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the jobs did not finish within 5 minutes: {waiting}\n{}",
            logs(&state, &shards)
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    for i in 1..=3 {
        assert!(
            shards.join(format!("shard-{i}-of-3/shard.json")).is_file(),
            "shard {i} ran\n{}",
            logs(&state, &shards)
        );
    }
    assert!(
        merged.join("summary.csv").is_file(),
        "the merge job wrote the results\n{}",
        logs(&state, &shards)
    );
    let local = asielsim(&[
        "run",
        "scenarios/examples/baseline_2026.toml",
        "-r",
        "6",
        "-j",
        "1",
        "-q",
        "--out",
        whole.to_str().unwrap(),
    ]);
    assert!(local.status.success());
    assert_same_folders(
        &whole,
        &merged,
        &[
            "monthly.csv",
            "risk.csv",
            "inputs.csv",
            "report.html",
            "run.json",
        ],
    );
}

/// The array and merge scripts run as Slurm would run them (the array's variables set), on any
/// machine: the shards and the merge give the local run.
#[test]
fn the_slurm_scripts_shard_and_merge_without_a_cluster() {
    let work = scratch_dir("slurm_scripts");
    let (shards, merged, whole) = (work.join("shards"), work.join("merged"), work.join("whole"));
    let script = |name: &str| Command::new(repo().join("cluster/slurm").join(name));
    for task in ["2", "3", "4"] {
        // An array given as --array=2-4.
        let output = script("shards.sbatch")
            .args([
                "run",
                "scenarios/validation/tandem.toml",
                "-r",
                "5",
                "-j",
                "1",
            ])
            .args(["--out", shards.to_str().unwrap()])
            .env("ASIELSIM", env!("CARGO_BIN_EXE_asielsim"))
            .env("SLURM_ARRAY_TASK_ID", task)
            .env("SLURM_ARRAY_TASK_MIN", "2")
            .env("SLURM_ARRAY_TASK_COUNT", "3")
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let output = script("merge.sbatch")
        .args([shards.to_str().unwrap(), "--out", merged.to_str().unwrap()])
        .env("ASIELSIM", env!("CARGO_BIN_EXE_asielsim"))
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let local = asielsim(&[
        "run",
        "scenarios/validation/tandem.toml",
        "-r",
        "5",
        "-j",
        "1",
        "-q",
        "--out",
        whole.to_str().unwrap(),
    ]);
    assert!(local.status.success());
    assert_same_folders(&whole, &merged, &["summary.csv", "run.json"]);
}

/// The value of `key: value` on the first line that has it, in `text` (YAML written as in
/// cluster/kubernetes), unquoted.
fn yaml_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.trim().trim_matches('"'))
}

/// The Kubernetes manifests agree with asielsim and each other: an Indexed Job whose
/// completions equal ASIELSIM_SHARDS, each pod running --shard auto, and a merge of the folder
/// the shards write.
#[test]
fn the_kubernetes_manifests_agree() {
    let dir = repo().join("cluster/kubernetes");
    let shards = std::fs::read_to_string(dir.join("shards-job.yaml")).unwrap();
    let merge = std::fs::read_to_string(dir.join("merge-job.yaml")).unwrap();
    assert_eq!(yaml_value(&shards, "completionMode"), Some("Indexed"));
    let completions = yaml_value(&shards, "completions").unwrap();
    let lines: Vec<&str> = shards.lines().map(str::trim).collect();
    let count_at = lines
        .iter()
        .position(|l| *l == "- name: ASIELSIM_SHARDS")
        .expect("the manifest passes ASIELSIM_SHARDS");
    assert_eq!(
        lines[count_at + 1],
        format!("value: \"{completions}\""),
        "ASIELSIM_SHARDS equals completions"
    );
    let args = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .skip_while(|l| *l != "command:")
            .skip(1)
            .take_while(|l| l.starts_with("- "))
            .map(|l| l[2..].trim_matches('"').to_string())
            .collect()
    };
    let shard_args = args(&shards);
    let merge_args = args(&merge);
    let pos = |args: &[String], flag: &str| args.iter().position(|a| a == flag).unwrap();
    assert_eq!(shard_args[pos(&shard_args, "--shard") + 1], "auto");
    let out = &shard_args[pos(&shard_args, "--out") + 1];
    assert_eq!(merge_args[..3], ["asielsim", "merge", out.as_str()]);
    // The command parses: asielsim accepts it up to the point of running (a usage error would
    // exit 2 before); here it is checked with --help of the command.
    let help = asielsim(&[&shard_args[1], "--help"]);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in shard_args.iter().filter(|a| a.starts_with("--")) {
        assert!(
            text.contains(flag.as_str()),
            "{flag} is a flag of asielsim {}",
            shard_args[1]
        );
    }
    // The image holds the scenarios the command names.
    let docker = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    assert!(docker.contains("COPY scenarios /work/scenarios"));
    assert!(repo().join(&shard_args[2]).is_file(), "{}", shard_args[2]);
}

/// The README's cluster recipe for `plan --minimise`: its coarse grid run as a sweep over the
/// same values, with the same replications and seed, gives the same means as the plan's first
/// evaluations, to the last digit.
#[test]
fn a_sweep_over_the_plan_grid_gives_the_plans_means() {
    let dir = scratch_dir("plan_grid_as_sweep");
    let (plan_dir, sweep_dir) = (dir.join("plan"), dir.join("sweep"));
    let plan = asielsim(&[
        "plan",
        "scenarios/validation/mmc.toml",
        "--pool",
        "servers",
        "--range",
        "10..26",
        "--minimise",
        "wait_days_mean",
        "-r",
        "5",
        "-s",
        "3",
        "-q",
        "--out",
        plan_dir.to_str().unwrap(),
    ]);
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    let sweep = asielsim(&[
        "sweep",
        "scenarios/validation/mmc.toml",
        "--set",
        "pool.servers.servers=10..26:2",
        "--metric",
        "wait_days_mean",
        "-r",
        "5",
        "-s",
        "3",
        "-q",
        "--out",
        sweep_dir.to_str().unwrap(),
    ]);
    assert!(
        sweep.status.success(),
        "{}",
        String::from_utf8_lossy(&sweep.stderr)
    );
    let plan_csv = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    let sweep_csv = std::fs::read_to_string(sweep_dir.join("sweep.csv")).unwrap();
    let swept: std::collections::BTreeMap<String, String> = sweep_csv
        .lines()
        .filter(|l| l.split(',').nth(1) == Some("wait_days_mean"))
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].to_string(), cells[2].to_string())
        })
        .collect();
    assert_eq!(swept.len(), 9, "{sweep_csv}");
    let mut matched = 0;
    for line in plan_csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        // staff,replications,mean,...: the grid's first evaluations have 5 replications.
        if cells[1] == "5" && swept.contains_key(cells[0]) {
            assert_eq!(
                swept[cells[0]], cells[2],
                "the mean at {} servers",
                cells[0]
            );
            matched += 1;
        }
    }
    // The candidates near the cheapest were given more replications (plan.csv shows their
    // last evaluation); the rest of the grid is compared.
    assert!(matched >= 5, "{matched} grid points compared\n{plan_csv}");
}
