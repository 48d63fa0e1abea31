//! Shared helpers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads `scenarios/<rel>` and runs it with its own replications and seed on two threads.
pub fn run_scenario(rel: &str) -> Experiment {
    let scenario = scenario::load(&repo().join("scenarios").join(rel))
        .unwrap_or_else(|e| panic!("bundled scenario {rel} must be valid: {e}"));
    let settings = RunSettings {
        replications: scenario.replications,
        seed: scenario.seed,
        threads: 2,
    };
    experiment::run(&scenario, settings, &|| {}).expect("the run succeeds")
}

/// Asserts that the analytic value `expected` of `metric` lies in the 95% confidence interval.
pub fn assert_in_ci(experiment: &Experiment, metric: &str, expected: f64) {
    let s = experiment
        .summary(metric)
        .unwrap_or_else(|| panic!("metric {metric} exists"));
    assert!(
        s.ci95_low <= expected && expected <= s.ci95_high,
        "{metric}: analytic value {expected} is outside the 95% CI [{}, {}] (mean {}, {} replications)",
        s.ci95_low,
        s.ci95_high,
        s.mean,
        s.n
    );
}

/// The mean of `metric` over replications.
pub fn mean(experiment: &Experiment, metric: &str) -> f64 {
    experiment
        .summary(metric)
        .unwrap_or_else(|| panic!("metric {metric} exists"))
        .mean
}

/// Runs the `asielsim` binary with `args` from the repository root.
pub fn asielsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asielsim"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary starts")
}

/// A fresh, empty folder for one test's output.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}
