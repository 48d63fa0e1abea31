//! Calibration: a parameter known to the test is recovered within the reported interval from
//! figures a run with that parameter made (with another seed, so the figures carry simulation
//! noise of their own), and `asielsim calibrate` writes its folder and a variant that loads.

use std::fmt::Write as _;
use std::path::Path;

use asielsim::calibrate::{self as cal, Parameter};
use asielsim::experiment::{self, RunSettings};
use asielsim::scenario;

use crate::support::{asielsim, repo, scratch_dir};

/// The true work factor of the servers.
const TRUTH: f64 = 0.9;

/// Writes, in `dir`, the figures of a run of the M/M/10 with work factor `TRUTH` (seed 99) and a
/// variant of it that names them; returns the variant's path and the largest relative standard
/// error of those figures (the error they carry, as a published figure's would be stated).
fn setup(dir: &Path) -> (std::path::PathBuf, f64) {
    std::fs::create_dir_all(dir).unwrap();
    let base = repo().join("tests/it/data/calibrate/mmc.toml");
    let (mut table, _) = scenario::load_table(&base).unwrap();
    asielsim::sweep::apply(
        &mut table,
        "pool.servers.work_factor",
        toml::Value::Float(TRUTH),
    )
    .unwrap();
    let truth = scenario::parse_table(table, &base).unwrap();
    let settings = RunSettings {
        replications: 20,
        seed: 99,
        threads: 2,
    };
    let run = experiment::run(&truth, settings, &|| {}).unwrap();
    let mut csv = String::from("metric,value,source\n");
    let mut error: f64 = 0.0;
    for metric in [
        "utilisation_servers",
        "wait_days_mean",
        "throughput_days_mean",
    ] {
        let s = run.summary(metric).unwrap();
        error = error.max(s.std_dev / (s.n as f64).sqrt() / s.mean);
        writeln!(csv, "{metric},{},a run with work_factor {TRUTH}", s.mean).unwrap();
    }
    std::fs::write(dir.join("observed.csv"), csv).unwrap();
    let variant = dir.join("scenario.toml");
    std::fs::write(
        &variant,
        format!(
            "base = \"{}\"\n[metrics]\nobserved = \"observed.csv\"\n",
            base.display().to_string().replace('\\', "/")
        ),
    )
    .unwrap();
    (variant, error)
}

#[test]
fn a_known_work_factor_is_recovered_within_its_interval() {
    let dir = scratch_dir("calibrate_recover");
    let (path, error) = setup(&dir);
    assert!(error > 0.0 && error < 0.2, "{error}");
    let (table, _) = scenario::load_table(&path).unwrap();
    let parameters = [Parameter {
        path: "pool.servers.work_factor".into(),
        low: 0.5,
        high: 1.05,
    }];
    let settings = cal::Settings {
        run: RunSettings {
            replications: 20,
            seed: 1,
            threads: 2,
        },
        until: None,
        observed_error: error,
        max_evaluations: 30,
        only: Vec::new(),
    };
    let c = cal::calibrate(&table, &path, &parameters, &settings, &|_| {}).unwrap();
    let fitted = &c.fitted[0];
    eprintln!(
        "fitted {:?}, {} evaluations, observed error {error}",
        fitted,
        c.evaluations.len()
    );
    let (lo, hi) = fitted.interval.expect("identified");
    assert!(
        lo <= TRUTH && TRUTH <= hi,
        "the truth {TRUTH} lies in the interval [{lo}, {hi}] (fitted {})",
        fitted.value
    );
    assert!(
        (fitted.value - TRUTH).abs() < 0.05,
        "fitted {}",
        fitted.value
    );
    assert!(hi - lo < 0.3, "a useful interval: [{lo}, {hi}]");
    assert_eq!(c.n_fitted, 3);
    assert!(c.evaluations.len() <= 30 + 3);
    // The same calibration twice gives the same answer (common random numbers, fixed seeds).
    let again = cal::calibrate(&table, &path, &parameters, &settings, &|_| {}).unwrap();
    assert_eq!(again.fitted, c.fitted);
}

#[test]
fn the_cli_writes_the_fit_and_a_variant_with_the_fitted_value() {
    let dir = scratch_dir("calibrate_cli");
    let (path, _) = setup(&dir);
    let out = dir.join("out");
    let output = asielsim(&[
        "calibrate",
        &path.display().to_string(),
        "--fit",
        "pool.serv*.work_factor=0.5..1.05",
        "--observed-error",
        "0.02",
        "--max-evaluations",
        "12",
        "-r",
        "10",
        "-o",
        &out.display().to_string(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("pool.serv*.work_factor = 0."), "{stdout}");
    for file in [
        "calibration.csv",
        "evaluations.csv",
        "calibrated.toml",
        "observed_vs_simulated.csv",
        "report.html",
    ] {
        assert!(out.join(file).exists(), "{file}");
    }
    let calibration = std::fs::read_to_string(out.join("calibration.csv")).unwrap();
    assert!(calibration.starts_with(
        "parameter,fitted,ci95_low,ci95_high,low,high,identified\npool.serv*.work_factor,"
    ));
    let fit = std::fs::read_to_string(out.join("observed_vs_simulated.csv")).unwrap();
    assert!(fit.lines().next().unwrap().ends_with(",source,in_fit"));
    let variant = scenario::load(&out.join("calibrated.toml")).expect("the variant loads");
    let (table, _) = scenario::load_table(&out.join("calibrated.toml")).unwrap();
    let value = table["pool"].as_array().unwrap()[0]["work_factor"]
        .as_float()
        .unwrap();
    assert!((0.5..=1.05).contains(&value));
    assert_eq!(variant.observed.len(), 3);
    // A key that holds a whole number (staff as servers) is fitted in whole numbers.
    let whole = dir.join("whole");
    let output = asielsim(&[
        "calibrate",
        &path.display().to_string(),
        "--fit",
        "pool.servers.servers=9..14",
        "--observed",
        &dir.join("observed.csv").display().to_string(),
        "--max-evaluations",
        "8",
        "-r",
        "4",
        "-o",
        &whole.display().to_string(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (table, _) = scenario::load_table(&whole.join("calibrated.toml")).unwrap();
    let servers = table["pool"].as_array().unwrap()[0]["servers"].as_integer();
    assert!(
        servers.is_some_and(|s| (9..=14).contains(&s)),
        "{servers:?}"
    );
    // Bad fits are refused with exit code 2; two fits of one key too.
    let twice = asielsim(&[
        "calibrate",
        &path.display().to_string(),
        "--fit",
        "pool.*.work_factor=0.5..1",
        "--fit",
        "pool.servers.work_factor=0.5..1",
    ]);
    assert_eq!(twice.status.code(), Some(2));
    let bad = asielsim(&[
        "calibrate",
        &path.display().to_string(),
        "--fit",
        "pool.servers.work_factor=2..1",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let missing = asielsim(&[
        "calibrate",
        &path.display().to_string(),
        "--fit",
        "pool.nosuch.work_factor=0.5..1",
    ]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
}
