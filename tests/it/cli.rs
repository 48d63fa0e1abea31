//! The command line end to end: `asielsim run` prints a summary and writes the three files.

use std::fs;

use crate::support::{asielsim, scratch_dir};

#[test]
fn run_prints_a_summary_and_writes_three_files() {
    let dir = scratch_dir("cli_run");
    let output = asielsim(&[
        "run",
        "scenarios/validation/mmc.toml",
        "--replications",
        "5",
        "--seed",
        "3",
        "--threads",
        "2",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("wait_days_mean"), "{stdout}");
    assert!(stdout.contains("95% CI"), "{stdout}");

    let summary = fs::read_to_string(dir.join("summary.csv")).unwrap();
    let mut lines = summary.lines();
    assert_eq!(
        lines.next(),
        Some("metric,mean,ci95_low,ci95_high,p05,p50,p90,p95,replications")
    );
    let metrics: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    for required in [
        "arrived",
        "completed",
        "wait_days_mean",
        "throughput_days_mean",
        "queue_length_mean",
        "utilisation_servers",
    ] {
        assert!(metrics.contains(&required), "summary.csv lacks {required}");
    }
    assert!(summary.lines().skip(1).all(|l| l.ends_with(",5")));

    let replications = fs::read_to_string(dir.join("replications.csv")).unwrap();
    assert_eq!(replications.lines().count(), 1 + 5);
    assert!(replications.starts_with("replication,arrived,completed,"));

    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["seed"], 3);
    assert_eq!(manifest["replications"], 5);
    assert_eq!(manifest["threads"], 2);
    assert_eq!(manifest["scenario"], "mmc");
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    assert!(manifest["asielsim_version"].is_string());
    assert!(manifest["wall_time_seconds"].as_f64().unwrap() > 0.0);
}

#[test]
fn run_without_a_file_runs_the_bundled_baseline_and_writes_monthly_csv() {
    let dir = scratch_dir("cli_baseline");
    let output = asielsim(&["run", "-r", "2", "--out", dir.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("baseline:"), "{stdout}");
    assert!(stdout.contains("within_term_share"), "{stdout}");
    let monthly = fs::read_to_string(dir.join("monthly.csv")).unwrap();
    assert!(monthly.starts_with("month,metric,mean,p05,p25,p50,p75,p95,replications\n"));
    assert!(
        monthly.contains("\n2030-12,backlog,"),
        "the last month is December 2030"
    );
}

#[test]
fn init_writes_the_bundled_files_and_refuses_to_overwrite() {
    let dir = scratch_dir("cli_init");
    let output = asielsim(&["init", dir.to_str().unwrap()]);
    assert!(output.status.success());
    let scenario = dir.join("scenarios/baseline.toml");
    assert!(scenario.exists());
    assert!(dir.join("data/SOURCES.md").exists());
    let validate = asielsim(&["validate", scenario.to_str().unwrap()]);
    assert!(validate.status.success());
    let again = asielsim(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    let forced = asielsim(&["init", dir.to_str().unwrap(), "--force"]);
    assert!(forced.status.success());
}

#[test]
fn help_shows_an_example() {
    let output = asielsim(&["run", "--help"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(
        stdout.contains("asielsim run scenarios/validation/mmc.toml"),
        "{stdout}"
    );
}

#[test]
fn zero_replications_is_a_usage_error() {
    let dir = scratch_dir("cli_zero");
    let output = asielsim(&[
        "run",
        "scenarios/validation/mmc.toml",
        "--replications",
        "0",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.exists());
}

#[test]
fn plan_with_a_probability_target_writes_the_share_meeting_it() {
    let dir = scratch_dir("cli_plan_probability");
    let output = plan_mmc_with_probability("0.9", &["--out", dir.to_str().unwrap()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("in at least 90% of replications"),
        "{stdout}"
    );
    assert!(stdout.contains("answer: 13"), "{stdout}");
    let csv = fs::read_to_string(dir.join("plan.csv")).unwrap();
    assert!(
        csv.starts_with(
            "staff,replications,mean,share_meeting,confidence_bound,meets_target,stage\n"
        ),
        "{csv}"
    );
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("13 (servers of pool servers) is the smallest value"));
    assert!(html.contains("share of futures with wait_probability at most"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_rejects_a_probability_outside_zero_one() {
    let output = plan_mmc_with_probability("90", &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--probability 90"), "{stderr}");
}

/// `asielsim plan` on the M/M/c case: P(wait) at most 0.2 with the given `--probability`.
fn plan_mmc_with_probability(probability: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "plan",
        "scenarios/validation/mmc.toml",
        "--pool",
        "servers",
        "--range",
        "12..14",
        "--metric",
        "wait_probability",
        "--target",
        "0.2",
        "--probability",
        probability,
    ];
    args.extend_from_slice(extra);
    asielsim(&args)
}
