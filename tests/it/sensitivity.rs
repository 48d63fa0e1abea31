//! Sensitivity: one uncertain input at a time with common random numbers, ranked by swing; the
//! tornado report and sensitivity.csv from the CLI; scenarios without uncertainty refused.

use asielsim::experiment::RunSettings;
use asielsim::scenario;
use asielsim::sensitivity;

use crate::support::{asielsim, repo, scratch_dir};

#[test]
fn each_input_and_change_moves_the_metric_the_way_it_should() {
    let scenario =
        scenario::load(&repo().join("tests/it/data/uncertain/scenario.toml")).expect("valid");
    let settings = RunSettings {
        replications: 20,
        seed: 3,
        threads: 2,
    };
    let a = sensitivity::analyse(&scenario, "wait_days_mean", settings, &|_| {}).unwrap();
    assert_eq!(
        a.runs, 4,
        "base, two ends of one input, one change switched"
    );
    assert_eq!(a.effects.len(), 2);
    assert!(
        a.effects[0].swing() >= a.effects[1].swing(),
        "largest swing first"
    );
    let work = a.effects.iter().find(|e| e.name == "work_factor").unwrap();
    assert!(work.low.value < 0.9 && work.high.value > 0.9);
    assert!(work.high.mean > a.base_mean && a.base_mean > work.low.mean);
    // Paired with the base: the interval of a clear effect excludes zero.
    assert!(work.high.diff_ci.0 > 0.0 && work.low.diff_ci.1 < 0.0);
    let change = a
        .effects
        .iter()
        .find(|e| e.name == "change:faster_work")
        .unwrap();
    // The base has the change in effect (probability 0.5); without it, waits are longer.
    assert_eq!((change.low.value, change.high.value), (0.0, 1.0));
    assert_eq!(change.high.mean, a.base_mean);
    assert!(change.low.mean > change.high.mean);
    // The same analysis twice gives the same numbers.
    let again = sensitivity::analyse(&scenario, "wait_days_mean", settings, &|_| {}).unwrap();
    assert_eq!(a, again);
}

#[test]
fn the_cli_writes_the_tornado_and_refuses_what_it_cannot_vary() {
    let out = scratch_dir("sensitivity_cli");
    let output = asielsim(&[
        "sensitivity",
        "tests/it/data/uncertain/scenario.toml",
        "--metric",
        "wait_days_mean",
        "-r",
        "10",
        "-o",
        &out.display().to_string(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = std::fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    assert!(csv.starts_with("input,metric,base_mean,low_value,low_mean,low_diff,"));
    assert_eq!(csv.lines().count(), 3);
    assert!(out.join("plots/tornado.svg").exists());
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("Which input drives the answer"));
    let none = asielsim(&[
        "sensitivity",
        "scenarios/validation/mmc.toml",
        "--metric",
        "wait_days_mean",
    ]);
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("nothing to vary"));
    let bad = asielsim(&[
        "sensitivity",
        "tests/it/data/uncertain/scenario.toml",
        "--metric",
        "nosuch",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}
