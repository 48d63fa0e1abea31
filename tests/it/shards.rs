//! Shards and merge: a run, a compare and a sweep split into shards (run in any order) and
//! merged give every file of the whole command on one machine, byte for byte, but for the wall
//! time the manifest and the report state; shards that do not make one job are refused with
//! exit code 2; a finished shard is skipped on a rerun.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{asielsim, files_under, repo, scratch_dir};

/// The short baseline variant: dated, with uncertain inputs, monthly and risk output.
const SHORT: &str = "scenarios/examples/baseline_2026.toml";

fn ok(args: &[&str]) -> String {
    let output = asielsim(args);
    assert!(
        output.status.success(),
        "asielsim {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn refused(args: &[&str]) -> String {
    let output = asielsim(args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "asielsim {} must exit 2; stderr: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stderr).unwrap()
}

/// A file's bytes without the wall time it states (run.json's key, the report's row).
fn without_wall_time(file: &Path, bytes: Vec<u8>) -> Vec<u8> {
    match file.to_str().unwrap() {
        "run.json" => {
            let mut json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let wall = json
                .as_object_mut()
                .unwrap()
                .remove("wall_time_seconds")
                .expect("run.json states the wall time");
            assert!(wall.as_f64().unwrap() >= 0.0);
            serde_json::to_vec_pretty(&json).unwrap()
        }
        "report.html" => String::from_utf8(bytes)
            .unwrap()
            .lines()
            .filter(|line| !line.starts_with("<tr><th>wall_time_seconds</th>"))
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
        _ => bytes,
    }
}

/// Every file of `whole` is in `merged` and the other way round, with the same bytes but for
/// the wall time; `must_have` are among them.
pub fn assert_same_folders(whole: &Path, merged: &Path, must_have: &[&str]) {
    let list = files_under(whole);
    assert_eq!(list, files_under(merged), "the same files");
    for file in must_have {
        assert!(list.contains(&PathBuf::from(file)), "{file} is written");
    }
    for file in &list {
        let a = fs::read(whole.join(file)).unwrap();
        let b = fs::read(merged.join(file)).unwrap();
        assert!(!a.is_empty(), "{} is empty", file.display());
        assert!(
            without_wall_time(file, a) == without_wall_time(file, b),
            "{} of the merge differs from the whole run's",
            file.display()
        );
    }
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

#[test]
fn a_merged_run_is_the_whole_run_byte_for_byte() {
    let whole = scratch_dir("shards_run_whole");
    let shards = scratch_dir("shards_run_shards");
    let merged = scratch_dir("shards_run_merged");
    let common = ["-r", "7", "-j", "1", "-q"];
    let mut args = vec!["run", SHORT, "--out", path(&whole)];
    args.extend(common);
    ok(&args);
    // Out of order, as a cluster may run them.
    for shard in ["3/3", "1/3", "2/3"] {
        let mut args = vec!["run", SHORT, "--shard", shard, "--out", path(&shards)];
        args.extend(common);
        ok(&args);
    }
    let names: Vec<String> = fs::read_dir(&shards)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let stdout = ok(&["merge", path(&shards), "--out", path(&merged)]);
    assert!(stdout.contains("baseline_2026: 7 replications"), "{stdout}");
    assert_same_folders(
        &whole,
        &merged,
        &[
            "summary.csv",
            "replications.csv",
            "monthly.csv",
            "risk.csv",
            "inputs.csv",
            "report.html",
            "run.json",
        ],
    );
}

#[test]
fn a_merged_compare_is_the_whole_compare_byte_for_byte() {
    let dir = scratch_dir("shards_compare");
    fs::create_dir_all(&dir).unwrap();
    // A variant of the short baseline, beside it in the scratch folder.
    let variant = dir.join("fewer_hours.toml");
    fs::write(
        &variant,
        format!(
            "base = \"{}\"\n[scenario]\nname = \"baseline_2026_deadline\"\n[policy]\nname = \"deadline\"\n",
            repo().join(SHORT).display()
        ),
    )
    .unwrap();
    let (whole, shards, merged) = (dir.join("whole"), dir.join("shards"), dir.join("merged"));
    let common = ["-r", "4", "-j", "1", "-q", "--metric", "penalty_eur_total"];
    let mut args = vec!["compare", SHORT, path(&variant), "--out", path(&whole)];
    args.extend(common);
    ok(&args);
    for shard in ["2/2", "1/2"] {
        let mut args = vec!["compare", SHORT, path(&variant), "--shard", shard];
        args.extend(["--out", path(&shards)]);
        args.extend(common);
        ok(&args);
    }
    ok(&["merge", path(&shards), "--out", path(&merged), "-q"]);
    assert_same_folders(&whole, &merged, &["compare.csv", "report.html"]);
}

#[test]
fn a_merged_sweep_is_the_whole_sweep_byte_for_byte() {
    let dir = scratch_dir("shards_sweep");
    let (whole, shards, merged) = (dir.join("whole"), dir.join("shards"), dir.join("merged"));
    let set = "pool.decision_ter_apel.fte=100,130,160";
    let common = [
        "-r",
        "3",
        "-j",
        "1",
        "-q",
        "--metric",
        "penalty_eur_total,backlog_end",
    ];
    let mut args = vec!["sweep", SHORT, "--set", set, "--out", path(&whole)];
    args.extend(common);
    ok(&args);
    for shard in ["1/2", "2/2"] {
        let mut args = vec!["sweep", SHORT, "--set", set, "--shard", shard];
        args.extend(["--out", path(&shards)]);
        args.extend(common);
        ok(&args);
    }
    // The shard folders named one by one, as well as their parent.
    let one = shards.join("shard-1-of-2");
    let two = shards.join("shard-2-of-2");
    ok(&[
        "merge",
        path(&two),
        path(&one),
        "--out",
        path(&merged),
        "-q",
    ]);
    assert_same_folders(&whole, &merged, &["sweep.csv", "report.html"]);
}

/// Three shards of a short tandem run in `dir`, with seed `seed`.
fn tandem_shards(dir: &Path, seed: &str, which: &[&str]) {
    for shard in which {
        ok(&[
            "run",
            "scenarios/validation/tandem.toml",
            "-r",
            "6",
            "-s",
            seed,
            "--shard",
            shard,
            "--out",
            path(dir),
            "-q",
        ]);
    }
}

#[test]
fn shards_that_are_not_one_whole_job_are_refused() {
    let dir = scratch_dir("shards_refused");
    let (a, b, out) = (dir.join("a"), dir.join("b"), dir.join("out"));
    tandem_shards(&a, "1", &["1/3", "3/3"]);
    let err = refused(&["merge", path(&a), "--out", path(&out)]);
    assert!(err.contains("missing: 2/3"), "{err}");
    assert!(err.contains("--shard 2/3"), "{err}");
    assert!(!out.exists(), "nothing is written");

    // The missing shard from another seed.
    tandem_shards(&b, "2", &["2/3"]);
    let err = refused(&["merge", path(&a), path(&b), "--out", path(&out)]);
    assert!(err.contains("different runs: seed 1 against 2"), "{err}");

    // A shard given twice.
    tandem_shards(&a, "1", &["2/3"]);
    let two = a.join("shard-2-of-3");
    let err = refused(&["merge", path(&a), path(&two), "--out", path(&out)]);
    assert!(err.contains("shard 2/3 is there twice"), "{err}");

    // Shards of another version.
    let manifest = a.join("shard-1-of-3/shard.json");
    let text = fs::read_to_string(&manifest).unwrap();
    let version = format!("\"asielsim_version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version), "{text}");
    fs::write(
        &manifest,
        text.replace(&version, "\"asielsim_version\": \"0.0.1\""),
    )
    .unwrap();
    let err = refused(&["merge", path(&a), "--out", path(&out)]);
    assert!(err.contains("asielsim version"), "{err}");
    fs::write(&manifest, &text).unwrap();

    // A damaged data file.
    let data = a.join("shard-3-of-3/shard.jsonl");
    let good = fs::read(&data).unwrap();
    fs::write(&data, &good[..good.len() / 2]).unwrap();
    let err = refused(&["merge", path(&a), "--out", path(&out)]);
    assert!(err.contains("SHA-256"), "{err}");
    fs::write(&data, &good).unwrap();
    ok(&["merge", path(&a), "--out", path(&out), "-q"]);
    assert!(out.join("summary.csv").is_file());

    // No shards at all.
    let err = refused(&["merge", path(&out), "--out", path(&dir.join("x"))]);
    assert!(err.contains("holds no shard"), "{err}");
    // More shards than replications.
    let err = refused(&[
        "run",
        "scenarios/validation/tandem.toml",
        "-r",
        "2",
        "--shard",
        "3/3",
        "--out",
        path(&dir.join("y")),
    ]);
    assert!(err.contains("use at most 2 shards"), "{err}");
}

#[test]
fn a_scenario_changed_since_the_shards_ran_is_refused() {
    let dir = scratch_dir("shards_changed");
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tandem.toml");
    let text = fs::read_to_string(repo().join("scenarios/validation/tandem.toml")).unwrap();
    fs::write(&file, &text).unwrap();
    let shards = dir.join("shards");
    for shard in ["1/2", "2/2"] {
        ok(&[
            "run",
            path(&file),
            "-r",
            "4",
            "--shard",
            shard,
            "--out",
            path(&shards),
            "-q",
        ]);
    }
    fs::write(&file, format!("{text}\n# edited\n")).unwrap();
    let err = refused(&["merge", path(&shards), "--out", path(&dir.join("out"))]);
    assert!(err.contains("changed since"), "{err}");
}

#[test]
fn a_finished_shard_is_skipped_and_auto_reads_the_job_array() {
    let dir = scratch_dir("shards_resume");
    let run = |env: &[(&str, &str)]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_asielsim"))
            .args([
                "run",
                "scenarios/validation/tandem.toml",
                "-r",
                "6",
                "--shard",
                "auto",
                "--out",
                path(&dir),
                "--json",
            ])
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("SLURM_ARRAY_TASK_COUNT")
            .env_remove("SLURM_ARRAY_TASK_MIN")
            .env_remove("JOB_COMPLETION_INDEX")
            .env_remove("ASIELSIM_SHARDS")
            .envs(env.iter().copied())
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json
    };
    let slurm = [
        ("SLURM_ARRAY_TASK_ID", "1"),
        ("SLURM_ARRAY_TASK_COUNT", "2"),
    ];
    let first = run(&slurm);
    assert_eq!(first["shard"], 2);
    assert_eq!(first["shards"], 2);
    assert_eq!(first["skipped"], false);
    assert_eq!(
        (first["first"].as_u64(), first["end"].as_u64()),
        (Some(3), Some(6))
    );
    let data = dir.join("shard-2-of-2/shard.jsonl");
    let written = fs::metadata(&data).unwrap().modified().unwrap();
    // The same shard again, now as a Kubernetes Indexed Job would name it: skipped.
    let again = run(&[("JOB_COMPLETION_INDEX", "1"), ("ASIELSIM_SHARDS", "2")]);
    assert_eq!(again["skipped"], true);
    assert_eq!(fs::metadata(&data).unwrap().modified().unwrap(), written);
    // The first shard runs; a shard whose data was damaged runs again.
    let other = run(&[("JOB_COMPLETION_INDEX", "0"), ("ASIELSIM_SHARDS", "2")]);
    assert_eq!(
        (other["shard"].as_u64(), other["skipped"].as_bool()),
        (Some(1), Some(false))
    );
    fs::write(&data, "damaged\n").unwrap();
    let rerun = run(&slurm);
    assert_eq!(rerun["skipped"], false);
    // The merge's --json is the merged command's document.
    let out = dir.join("../shards_resume_out");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["merge", path(&dir), "--out", path(&out), "--json"])).unwrap();
    assert_eq!(json["command"], "run");
    assert_eq!(json["replications"], 6);
    assert!(json["metrics"].as_array().is_some_and(|m| !m.is_empty()));
}

/// A shard whose data reads and whose hash matches, but whose numbers do not fit the scenario
/// (a metric value too few), is refused with exit 2, never a panic or a wrong file.
#[test]
fn data_that_does_not_fit_the_scenario_is_refused() {
    use sha2::{Digest, Sha256};
    let dir = scratch_dir("shards_misfit");
    tandem_shards(&dir, "1", &["1/2", "2/2"]);
    let data = dir.join("shard-1-of-2/shard.jsonl");
    let text = fs::read_to_string(&data).unwrap();
    let mut lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    lines[0]["values"].as_array_mut().unwrap().pop();
    let changed: String = lines
        .iter()
        .map(|l| format!("{}\n", serde_json::to_string(l).unwrap()))
        .collect();
    fs::write(&data, &changed).unwrap();
    let manifest_path = dir.join("shard-1-of-2/shard.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&manifest_path).unwrap()).unwrap();
    let digest: String = Sha256::digest(changed.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    manifest["data_sha256"] = digest.into();
    fs::write(&manifest_path, manifest.to_string()).unwrap();
    let out = dir.join("../shards_misfit_out");
    let err = refused(&["merge", path(&dir), "--out", path(&out)]);
    assert!(err.contains("metric values"), "{err}");
    assert!(!out.exists());
}
