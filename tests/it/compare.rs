//! Comparing scenarios with common random numbers: the paired interval is narrower than the
//! unpaired one, and contains the analytic difference (Erlang C: Wq for 10 and 11 servers).

use asielsim::compare;
use asielsim::experiment::{self, RunSettings};
use asielsim::scenario;

use crate::support::{asielsim, repo, scratch_dir};

#[test]
fn common_random_numbers_narrow_the_interval_around_the_true_difference() {
    let base = scenario::load(&repo().join("scenarios/validation/mmc.toml")).unwrap();
    let mut eleven = base.clone();
    eleven.network.pools[0].servers = 11;
    let settings = RunSettings {
        replications: 30,
        seed: 4,
        threads: 2,
    };
    let a = experiment::run(&base, settings, &|| {}).unwrap();
    let b = experiment::run(&eleven, settings, &|| {}).unwrap();
    let comparisons = compare::compare(&[&a, &b]);
    let wait = comparisons
        .iter()
        .find(|c| c.metric == "wait_days_mean")
        .unwrap();
    let d = &wait.differences[0];
    // Erlang C: Wq(c = 11) - Wq(c = 10) = 0.215236 - 0.668732 = -0.453496 days.
    assert!(
        d.ci_low <= -0.453496 && -0.453496 <= d.ci_high,
        "paired CI [{}, {}]",
        d.ci_low,
        d.ci_high
    );
    assert!(d.significant());
    assert!(
        d.half_width() < 0.9 * d.unpaired_half_width,
        "paired {} vs unpaired {}",
        d.half_width(),
        d.unpaired_half_width
    );
    let verdict = compare::best(&[&a, &b], "wait_days_mean", compare::Better::Lower).unwrap();
    assert_eq!(verdict.best, 1);
    assert!(verdict.clearly_best);
}

/// The baseline compared with itself: every metric's paired difference is exactly zero, interval
/// included, and no difference is called significant.
#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    let base = scenario::load(&repo().join("scenarios/baseline.toml")).unwrap();
    let settings = RunSettings {
        replications: 3,
        seed: 11,
        threads: 2,
    };
    let a = experiment::run(&base, settings, &|| {}).unwrap();
    let b = experiment::run(&base.clone(), settings, &|| {}).unwrap();
    let comparisons = compare::compare(&[&a, &b]);
    assert_eq!(comparisons.len(), a.metric_names().count());
    let mut exact = 0;
    for c in &comparisons {
        let d = &c.differences[0];
        let same = format!("{:?}", c.summaries[1]);
        assert_eq!(format!("{:?}", c.summaries[0]), same, "{}", c.metric);
        assert_eq!(d.n, c.summaries[0].n, "{}", c.metric);
        if d.n >= 2 {
            assert_eq!(
                (d.mean, d.ci_low, d.ci_high),
                (0.0, 0.0, 0.0),
                "{}",
                c.metric
            );
            assert!(!d.significant(), "{}", c.metric);
            exact += 1;
        } else {
            // A metric undefined in every replication has no difference to state.
            assert!(d.mean.is_nan() || d.mean == 0.0, "{}", c.metric);
        }
    }
    assert!(exact > 100, "{exact} metrics with a difference");
}

#[test]
fn compare_command_writes_a_tidy_csv() {
    let dir = scratch_dir("compare_cli");
    let output = asielsim(&[
        "compare",
        "scenarios/validation/mmc.toml",
        "scenarios/validation/mmc.toml",
        "-r",
        "4",
        "--metric",
        "wait_days_mean",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = std::fs::read_to_string(dir.join("compare.csv")).unwrap();
    assert!(csv.starts_with("scenario,metric,mean,ci95_low,ci95_high,diff_to_base,"));
    // A scenario against itself: for every metric, the same mean and interval in both rows and
    // a difference of exactly zero, with an interval of exactly zero.
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert!(rows.len() > 20 && rows.len().is_multiple_of(2), "{csv}");
    for pair in rows.chunks(2) {
        let (base, same) = (&pair[0], &pair[1]);
        assert_eq!(base[..5], same[..5], "{csv}");
        assert_eq!(base[5..10], ["", "", "", "", ""], "{csv}");
        assert_eq!(same[5..10], ["0", "0", "0", "false", "0"], "{csv}");
        assert_eq!(base[11], "4");
    }
    assert!(csv.contains("\nmmc,wait_days_mean,"));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("not significantly better"), "{stdout}");
    let unknown = asielsim(&[
        "compare",
        "scenarios/validation/mmc.toml",
        "scenarios/validation/mmc.toml",
        "-r",
        "2",
        "--metric",
        "no_such_metric",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn sweep_runs_a_grid_into_one_tidy_csv() {
    let dir = scratch_dir("sweep_cli");
    let output = asielsim(&[
        "sweep",
        "scenarios/validation/mmc.toml",
        "--set",
        "pool.servers.servers=10..11:1",
        "--set",
        "pool.servers.discipline=fifo,lifo",
        "-r",
        "3",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = std::fs::read_to_string(dir.join("sweep.csv")).unwrap();
    assert!(csv.starts_with(
        "pool.servers.servers,pool.servers.discipline,metric,mean,ci95_low,ci95_high,p05,p50,p95,replications\n"
    ));
    let waits: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains(",wait_days_mean,"))
        .collect();
    assert_eq!(waits.len(), 4, "2 x 2 points");
    assert!(waits[0].starts_with("10,fifo,"));
    assert!(waits[3].starts_with("11,lifo,"));
    // More servers wait less.
    let mean = |l: &str| l.split(',').nth(3).unwrap().parse::<f64>().unwrap();
    assert!(mean(waits[2]) < mean(waits[0]));

    let bad = asielsim(&[
        "sweep",
        "scenarios/validation/mmc.toml",
        "--set",
        "pool.nosuch.servers=1,2",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no [[pool]] named \"nosuch\""));
}

/// Two streams share a queue; the variant serves stream a first. Stream a gets better, stream b
/// worse, whatever the total does: the report's per-stream section says so per stream, marks
/// exactly the rows whose verdict is not the total's, and the terminal names the largest
/// effects; differences of shares are in percentage points.
#[test]
fn compare_shows_streams_that_go_their_own_way() {
    let dir = scratch_dir("compare_streams");
    std::fs::create_dir_all(&dir).unwrap();
    let base_text = |b_priority: u8| {
        format!(
            r#"
[scenario]
name = "{}"
[run]
horizon_days = 400
warmup_days = 40
[[pool]]
name = "desk"
servers = 3
discipline = "priority"
[[stream]]
name = "a"
rate_per_day = 1.2
entry = "work"
[[stream]]
name = "b"
rate_per_day = 1.2
entry = "work"
priority = {b_priority}
[[step]]
name = "work"
pool = "desk"
work_hours = {{ dist = "exponential", mean = 24.0 }}
next = "exit"
"#,
            if b_priority == 0 {
                "together"
            } else {
                "a_first"
            }
        )
    };
    let (base, variant) = (dir.join("together.toml"), dir.join("a_first.toml"));
    std::fs::write(&base, base_text(0)).unwrap();
    std::fs::write(&variant, base_text(1)).unwrap();
    let out = dir.join("out");
    let output = asielsim(&[
        "compare",
        base.to_str().unwrap(),
        variant.to_str().unwrap(),
        "-r",
        "20",
        "--metric",
        "throughput_days_mean",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("largest effects of a_first against together"),
        "{stdout}"
    );
    assert!(
        stdout.contains("wait_probability") || stdout.contains("throughput_days_mean_"),
        "{stdout}"
    );
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("Per stream"), "no per-stream section");
    // The per-stream rows: a better, b worse on the mean throughput time.
    let rows: Vec<&str> = report
        .split("<tr")
        .filter(|r| r.contains(">throughput_days_mean<"))
        .collect();
    let row_of = |stream: &str| {
        rows.iter()
            .find(|r| r.contains(&format!(">{stream}<")))
            .unwrap_or_else(|| panic!("no row for stream {stream}"))
    };
    let (a, b) = (row_of("a"), row_of("b"));
    assert!(a.contains(">better<"), "{a}");
    assert!(b.contains(">worse<"), "{b}");
    // Marked exactly when the verdict is not the total's.
    for row in [a, b] {
        let same = row.contains(">better</td><td>better<") || row.contains(">worse</td><td>worse<");
        assert_eq!(row.starts_with(" class=\"mark\""), !same, "{row}");
    }
}
