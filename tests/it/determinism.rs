//! Same scenario + same seed gives byte-identical results for any thread count (every file of
//! the output folder, but for the thread count and wall time it states), and different seeds
//! give different results.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{asielsim, files_under as files, scratch_dir};

fn run_to(dir_name: &str, extra: &[&str]) -> std::path::PathBuf {
    run_scenario_to(
        "scenarios/validation/tandem.toml",
        dir_name,
        &["--replications", "12"],
        extra,
    )
}

fn run_scenario_to(
    scenario: &str,
    dir_name: &str,
    settings: &[&str],
    extra: &[&str],
) -> std::path::PathBuf {
    let dir = scratch_dir(dir_name);
    let mut args = vec!["run", scenario, "--out", dir.to_str().unwrap()];
    args.extend_from_slice(settings);
    args.extend_from_slice(extra);
    let output = asielsim(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

/// The part of an output file that must not depend on the thread count: everything but the
/// thread count and the wall time, which run.json and the report's provenance table state.
fn deterministic_part(file: &Path, bytes: Vec<u8>, threads: u64) -> Vec<u8> {
    match file.to_str().unwrap() {
        "run.json" => {
            let mut json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            let object = json.as_object_mut().unwrap();
            assert_eq!(object.remove("threads"), Some(threads.into()));
            let wall = object.remove("wall_time_seconds").unwrap();
            assert!(wall.as_f64().unwrap() > 0.0);
            serde_json::to_vec_pretty(&json).unwrap()
        }
        "report.html" => {
            let html = String::from_utf8(bytes).unwrap();
            let threads_row = format!("<tr><th>threads</th><td>{threads}</td></tr>");
            let mut dropped = 0;
            let kept: Vec<&str> = html
                .lines()
                .filter(|line| {
                    let drop =
                        *line == threads_row || line.starts_with("<tr><th>wall_time_seconds</th>");
                    dropped += usize::from(drop);
                    !drop
                })
                .collect();
            assert_eq!(
                dropped, 2,
                "the report states its threads and wall time once"
            );
            kept.join("\n").into_bytes()
        }
        _ => bytes,
    }
}

/// Runs `scenario` with 4 replications on one and on two threads and compares every file of the
/// output folders: the same files, byte for byte, but for the thread count and wall time.
fn assert_identical_on_one_and_two_threads(scenario: &str, name: &str, must_have: &[&str]) {
    let settings = ["--replications", "4", "--quiet"];
    let one = run_scenario_to(
        scenario,
        &format!("{name}_threads_1"),
        &settings,
        &["-j", "1"],
    );
    let two = run_scenario_to(
        scenario,
        &format!("{name}_threads_2"),
        &settings,
        &["-j", "2"],
    );
    let list = files(&one);
    assert_eq!(list, files(&two), "{scenario}: the same files");
    let expected: Vec<&str> = [
        "summary.csv",
        "replications.csv",
        "monthly.csv",
        "risk.csv",
        "metrics.csv",
        "report.html",
        "run.json",
    ]
    .into_iter()
    .chain(must_have.iter().copied())
    .collect();
    for file in expected {
        assert!(
            list.contains(&PathBuf::from(file)),
            "{scenario}: {file} is written"
        );
    }
    assert!(
        list.iter().filter(|f| f.starts_with("plots")).count() >= 5,
        "{scenario}: the charts are written"
    );
    for file in &list {
        let a = fs::read(one.join(file)).unwrap();
        let b = fs::read(two.join(file)).unwrap();
        assert!(!a.is_empty(), "{scenario}: {} is empty", file.display());
        assert!(
            deterministic_part(file, a, 1) == deterministic_part(file, b, 2),
            "{scenario}: {} differs between --threads 1 and --threads 2",
            file.display()
        );
    }
}

#[test]
fn every_output_file_of_the_baseline_is_identical_for_one_and_two_threads() {
    assert_identical_on_one_and_two_threads("scenarios/baseline.toml", "baseline", &[]);
}

/// A scenario with officer pools, so officers.csv is compared too.
#[test]
fn every_output_file_with_officers_is_identical_for_one_and_two_threads() {
    assert_identical_on_one_and_two_threads(
        "scenarios/policies/verdeelstation.toml",
        "verdeelstation",
        &["officers.csv"],
    );
}

/// A scenario with a dated change of the law, so the switch of networks is compared too.
#[test]
fn every_output_file_with_a_dated_change_is_identical_for_one_and_two_threads() {
    assert_identical_on_one_and_two_threads(
        "scenarios/policies/court_penalties_abolished_2027.toml",
        "court_penalties_abolished_2027",
        &[],
    );
}

#[test]
fn another_seed_gives_other_numbers() {
    let a = run_to("seed_a", &["--threads", "2", "--seed", "1"]);
    let b = run_to("seed_b", &["--threads", "2", "--seed", "2"]);
    let a = fs::read(a.join("replications.csv")).unwrap();
    let b = fs::read(b.join("replications.csv")).unwrap();
    assert_ne!(a, b);
}

/// Common random numbers: more staff at the first station changes neither the arrivals nor any
/// case's work content, so the arrival counts of every replication are identical.
#[test]
fn changing_staffing_keeps_the_arrival_stream() {
    use asielsim::experiment::{self, RunSettings};
    let path = crate::support::repo().join("scenarios/validation/tandem.toml");
    let base = asielsim::scenario::load(&path).unwrap();
    let mut more_staff = base.clone();
    more_staff.network.pools[0].servers = 14;
    let settings = RunSettings {
        replications: 6,
        seed: 5,
        threads: 2,
    };
    let a = experiment::run(&base, settings, &|| {}).unwrap();
    let b = experiment::run(&more_staff, settings, &|| {}).unwrap();
    let idx = a.metric_index("arrived").unwrap();
    assert_eq!(a.column(idx), b.column(idx));
    let wait = a.metric_index("wait_days_mean").unwrap();
    assert_ne!(
        a.column(wait),
        b.column(wait),
        "staffing does change the waits"
    );
}
