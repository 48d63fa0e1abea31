//! Same scenario + same seed gives byte-identical results for any thread count, and different
//! seeds give different results.

use std::fs;

use crate::support::{asielsim, scratch_dir};

fn run_to(dir_name: &str, extra: &[&str]) -> std::path::PathBuf {
    let dir = scratch_dir(dir_name);
    let mut args = vec![
        "run",
        "scenarios/validation/tandem.toml",
        "--replications",
        "12",
        "--out",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = asielsim(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

#[test]
fn output_is_byte_identical_for_one_and_two_threads() {
    let one = run_to("threads_1", &["--threads", "1", "--seed", "99"]);
    let two = run_to("threads_2", &["--threads", "2", "--seed", "99"]);
    // The report's charts too: they are drawn from the same numbers.
    for file in [
        "summary.csv",
        "replications.csv",
        "plots/throughput.svg",
        "plots/utilisation.svg",
    ] {
        let a = fs::read(one.join(file)).unwrap();
        let b = fs::read(two.join(file)).unwrap();
        assert!(!a.is_empty());
        assert!(a == b, "{file} differs between --threads 1 and --threads 2");
    }
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
