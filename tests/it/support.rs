//! Shared helpers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;
use asielsim::stats::t_confidence_interval;

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

/// One analytic check of a validation scenario: the metric, its analytic value, and the widest
/// half-width its confidence interval may have, as a share of the analytic value.
pub struct Check {
    pub metric: &'static str,
    pub expected: f64,
    pub max_half_width: f64,
}

/// `Check { metric, expected, max_half_width }` in one line.
pub const fn check(metric: &'static str, expected: f64, max_half_width: f64) -> Check {
    Check {
        metric,
        expected,
        max_half_width,
    }
}

/// The chance that a correct model fails one test of `assert_jointly`, whatever the number of
/// its checks: the checks of a test hold jointly at 99.9% (Bonferroni), so a change in how
/// random numbers are drawn fails a correct model's test about once in a thousand.
pub const FAMILY_ERROR: f64 = 0.001;

/// Asserts that every analytic value lies in its metric's Student-t confidence interval over the
/// replications, the intervals of all `checks` holding jointly at `1 - FAMILY_ERROR`
/// (Bonferroni: each at `1 - FAMILY_ERROR / checks.len()`), and that every interval is narrow:
/// its half-width at most `max_half_width` times the analytic value. The width bound keeps the
/// test able to see a wrong model: with fewer replications or a noisier estimator the interval
/// would widen until it held almost any value, and the test fails instead.
pub fn assert_jointly(experiment: &Experiment, checks: &[Check]) {
    assert_jointly_with(experiment, checks, &[]);
}

/// [`assert_jointly`] with further checks on figures derived from the metrics: each a `Check`
/// (whose `metric` is the figure's label) and the figure's value in every replication. All
/// intervals hold jointly at `1 - FAMILY_ERROR`.
pub fn assert_jointly_with(
    experiment: &Experiment,
    checks: &[Check],
    derived: &[(Check, Vec<f64>)],
) {
    let level = 1.0 - FAMILY_ERROR / (checks.len() + derived.len()) as f64;
    let mut failures = Vec::new();
    let measured = checks.iter().map(|c| {
        let values = experiment
            .values_of(c.metric)
            .unwrap_or_else(|| panic!("metric {} exists", c.metric));
        (c, values)
    });
    let derived = derived.iter().map(|(c, values)| (c, values.clone()));
    for (c, values) in measured.chain(derived) {
        let values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        let (low, high) = t_confidence_interval(&values, level);
        let half = (high - low) / 2.0;
        let relative = half / c.expected.abs();
        if std::env::var_os("ASIELSIM_SHOW_CI").is_some() {
            eprintln!(
                "{:<36} analytic {:>10.6} mean {:>10.6} half-width {:>6.2}% (bound {:.1}%) error {:+.2}%",
                c.metric,
                c.expected,
                (low + high) / 2.0,
                100.0 * relative,
                100.0 * c.max_half_width,
                100.0 * ((low + high) / 2.0 - c.expected) / c.expected
            );
        }
        if !(low <= c.expected && c.expected <= high) {
            failures.push(format!(
                "{}: analytic value {} is outside the {:.4}% interval [{low}, {high}] ({} replications)",
                c.metric,
                c.expected,
                100.0 * level,
                values.len()
            ));
        }
        if relative.is_nan() || relative > c.max_half_width {
            failures.push(format!(
                "{}: the {:.4}% interval [{low}, {high}] is too wide to test anything: half-width {:.2}% of the analytic value {}, at most {:.2}% allowed ({} replications)",
                c.metric,
                100.0 * level,
                100.0 * relative,
                c.expected,
                100.0 * c.max_half_width,
                values.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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

/// Every file under `dir`, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
