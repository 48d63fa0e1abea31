//! No panic, no hang, whatever the input: every case found by the mutation fuzzer or by hand is
//! refused with exit code 2, the field and the allowed range; runs far beyond the machine are
//! refused before they start unless `--force`.

use std::path::PathBuf;
use std::process::Output;

use asielsim::experiment;
use asielsim::scenario;

use crate::support::{asielsim, repo, scratch_dir};

/// A small valid scenario; the tests edit it.
const BASE: &str = r#"
[scenario]
name = "small"
start_date = 2026-01-01

[run]
horizon_days = 30
replications = 2

[[pool]]
name = "officers"
servers = 2

[[stream]]
name = "cases"
rate_per_day = 1.0
entry = "decide"

[[step]]
name = "decide"
pool = "officers"
work_hours = { dist = "exponential", mean = 4.0 }
next = "exit"
"#;

/// Writes `text` as `<name>.toml` in a fresh folder and returns its path.
fn fixture(name: &str, text: &str) -> PathBuf {
    let dir = scratch_dir(&format!("hardening_{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `validate` refuses the scenario with exit code 2 and no panic; returns the message.
fn refused(name: &str, text: &str) -> String {
    let path = fixture(name, text);
    let output = asielsim(&["validate", path.to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{name}: {message}");
    assert!(!message.contains("panicked"), "{name}: {message}");
    assert!(message.contains("fix:"), "{name}: {message}");
    message
}

fn with(old: &str, new: &str) -> String {
    assert!(BASE.contains(old), "{old}");
    BASE.replacen(old, new, 1)
}

#[test]
fn the_small_scenario_is_valid() {
    let path = fixture("valid", BASE);
    let output = asielsim(&["validate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_duplicate_step_named_by_a_synthetic_backlog_is_refused_not_a_panic() {
    let text = format!(
        "{BASE}\n[[step]]\nname = \"decide\"\npool = \"officers\"\nwork_hours = {{ dist = \"exponential\", mean = 4.0 }}\nnext = \"exit\"\n\n[[backlog.synthetic]]\nstream = \"cases\"\nsize = 10\nage_days = {{ dist = \"uniform\", min = 0, max = 10 }}\nsteps = {{ decide = 1.0 }}\n"
    );
    let message = refused("duplicate_step", &text);
    assert!(
        message.contains("the name \"decide\" is already used by step[0]"),
        "{message}"
    );
}

#[test]
fn backlog_ages_beyond_a_century_are_refused_with_the_range() {
    let text = format!(
        "{BASE}\n[law]\n[[law.term]]\nname = \"asylum\"\nstreams = [\"cases\"]\nmonths = 6\n\n[[backlog.synthetic]]\nstream = \"cases\"\nsize = 10\nage_days = {{ dist = \"uniform\", min = 0, max = 1e7 }}\n"
    );
    let message = refused("old_backlog", &text);
    assert!(
        message.contains("backlog.synthetic[0].age_days"),
        "{message}"
    );
    assert!(message.contains("must be from 0 to 36525"), "{message}");
}

#[test]
fn end_dates_outside_the_supported_range_are_refused() {
    let calendar = with(
        "servers = 2",
        "servers = 2\ncalendar = \"office\"\nhours_per_week = 28",
    )
    .replace("horizon_days = 30", "end_date = 9998-12-31")
        + "\n[[calendar]]\nname = \"office\"\n";
    let message = refused("end_9998_calendar", &calendar);
    assert!(message.contains("run.end_date"), "{message}");
    assert!(
        message.contains("must be from 1900-01-01 to 2199-12-31, got 9998-12-31"),
        "{message}"
    );
    // Only the date is reported, not a missing run length as well.
    assert!(!message.contains("run.horizon_days"), "{message}");
    let message = refused(
        "end_9999",
        &with("horizon_days = 30", "end_date = 9999-12-31"),
    );
    assert!(message.contains("got 9999-12-31"), "{message}");
}

#[test]
fn a_start_date_with_a_time_of_day_is_refused() {
    let message = refused(
        "start_with_time",
        &with(
            "start_date = 2026-01-01",
            "start_date = 2026-01-01T10:00:00",
        ),
    );
    assert!(message.contains("scenario.start_date"), "{message}");
    assert!(message.contains("time of day"), "{message}");
}

#[test]
fn numbers_that_size_the_work_are_refused_naming_field_and_range() {
    for (name, old, new, field, range) in [
        (
            "work_factor",
            "servers = 2",
            "servers = 2\nwork_factor = 1e17",
            "pool[0].work_factor",
            "from 0.0001 to 10",
        ),
        (
            "rate",
            "rate_per_day = 1.0",
            "rate_per_day = 1e9",
            "stream[0].rate_per_day",
            "at most 100000 cases per day, got 1000000000",
        ),
        (
            "horizon",
            "horizon_days = 30",
            "horizon_days = 1e9",
            "run.horizon_days",
            "at most 36525 days",
        ),
        (
            "servers",
            "servers = 2",
            "servers = 2147483648",
            "pool[0].servers",
            "must be a whole number from 1 to 100000, got 2147483648",
        ),
        (
            "fte",
            "servers = 2",
            "fte = 1e9",
            "pool[0].fte",
            "must be from 0.5 to 100000 FTE",
        ),
        (
            "replications",
            "replications = 2",
            "replications = 100000000",
            "run.replications",
            "must be from 1 to 1000000",
        ),
    ] {
        let message = refused(name, &with(old, new));
        assert!(message.contains(field), "{name}: {message}");
        assert!(message.contains(range), "{name}: {message}");
        assert!(
            !message.contains("at least 1,") && !message.contains("at least 0.5"),
            "{name}: a value too large is not told it is too small: {message}"
        );
    }
}

#[test]
fn a_synthetic_backlog_too_large_is_refused_with_the_range() {
    let text = format!(
        "{BASE}\n[[backlog.synthetic]]\nstream = \"cases\"\nsize = 1000000000\nage_days = {{ dist = \"uniform\", min = 0, max = 10 }}\n"
    );
    let message = refused("backlog_size", &text);
    assert!(message.contains("backlog.synthetic[0].size"), "{message}");
    assert!(message.contains("from 0 to 10000000"), "{message}");
}

#[test]
fn a_variant_whose_base_is_missing_names_the_variant_and_its_folder() {
    let path = fixture("variant_missing_base", "base = \"nothere.toml\"\n");
    let output = asielsim(&["validate", path.to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(message.contains("variant_missing_base.toml"), "{message}");
    assert!(message.contains("base:"), "{message}");
    assert!(message.contains("nothere.toml"), "{message}");
    assert!(message.contains("variant's own folder"), "{message}");
    assert!(!message.contains("current folder)"), "{message}");
}

/// A backlog file with a notice date in a scenario without `[law]` once panicked in the run.
#[test]
fn a_notice_date_without_a_law_is_refused_not_a_panic() {
    let path = fixture(
        "notice_without_law",
        &format!("{BASE}\n[backlog]\nfile = \"backlog.csv\"\n"),
    );
    std::fs::write(
        path.with_file_name("backlog.csv"),
        "stream,lodged,step,notice_date\ncases,2025-01-01,decide,2025-09-01\n",
    )
    .unwrap();
    let output = asielsim(&["validate", path.to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(!message.contains("panicked"), "{message}");
    assert!(
        message.contains("line 2: notice_date is given, but the scenario has no [law]"),
        "{message}"
    );
}

/// A variant operation with a path its base does not have, or in a file without a base, is
/// refused naming the operation.
#[test]
fn variant_operations_on_what_is_not_there_are_refused() {
    let base = fixture("operations_base", BASE);
    let message = refused(
        "operations_missing",
        &format!(
            "base = \"{}\"\nremove = [\"pool.clerks\", \"run..seed\", 7]\n",
            base.display()
        ),
    );
    for expected in [
        "remove[0]: cannot remove \"pool.clerks\": `pool` has no entry named \"clerks\" (its names: officers)",
        "remove[1]: cannot remove \"run..seed\": the path has an empty part",
        "remove[2]: must be a path in quotes, got 7",
    ] {
        assert!(
            message.contains(expected),
            "missing {expected:?} in:\n{message}"
        );
    }
    let message = refused(
        "operations_without_base",
        &format!("[[append.pool]]\nname = \"x\"\n{BASE}"),
    );
    assert!(
        message.contains("`append` changes a base scenario"),
        "{message}"
    );
}

#[test]
fn binary_input_is_told_it_is_not_text() {
    let dir = scratch_dir("hardening_binary");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("binary.toml");
    std::fs::write(&path, b"name = \"\xff\xfe\"\n").unwrap();
    let output = asielsim(&["validate", path.to_str().unwrap()]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(message.contains("not text (UTF-8)"), "{message}");
    assert!(!message.contains("check the path"), "{message}");
}

#[test]
fn forecast_counts_beyond_a_billion_a_month_are_refused() {
    let dir = scratch_dir("hardening_forecast");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.csv");
    let mut csv = String::from("month,count\n");
    for m in 1..=12 {
        csv.push_str(&format!("2020-{m:02},2e19\n"));
    }
    std::fs::write(&path, csv).unwrap();
    let output = asielsim(&[
        "forecast",
        path.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    let message = stderr(&output);
    assert_ne!(output.status.code(), Some(0), "{message}");
    assert!(message.contains("from 0 to 1000000000"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn plan_refuses_a_target_that_is_not_a_number() {
    let out = scratch_dir("hardening_plan_nan");
    let output = asielsim(&[
        "plan",
        "scenarios/validation/mmc.toml",
        "--pool",
        "servers",
        "--range",
        "1..3",
        "--metric",
        "wait_days_mean",
        "--target",
        "nan",
        "--out",
        out.to_str().unwrap(),
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(
        message.contains("--target NaN is not a number"),
        "{message}"
    );
    assert!(!out.exists());
}

#[test]
fn runs_far_beyond_the_machine_are_refused_before_they_start_unless_forced() {
    let path = fixture("huge_run", BASE);
    let out = scratch_dir("hardening_huge_run_out");
    let output = asielsim(&[
        "run",
        path.to_str().unwrap(),
        "-r",
        "4000000000",
        "--out",
        out.to_str().unwrap(),
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(message.contains("the run would"), "{message}");
    assert!(message.contains("--force"), "{message}");
    assert!(!out.exists());
}

#[test]
fn more_threads_than_cores_are_capped_with_a_note() {
    let path = fixture("many_threads", BASE);
    let out = scratch_dir("hardening_many_threads_out");
    let output = asielsim(&[
        "run",
        path.to_str().unwrap(),
        "-j",
        "100000",
        "--out",
        out.to_str().unwrap(),
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(
        message.contains("--threads 100000 is more than the"),
        "{message}"
    );
}

#[test]
fn the_estimate_never_refuses_real_use() {
    let baseline = scenario::load(&repo().join("scenarios/baseline.toml")).unwrap();
    let estimate = experiment::estimate(&baseline, 1000);
    let cases = estimate.cases_per_replication;
    assert!((150_000.0..800_000.0).contains(&cases), "{cases}");
    // Ten years instead of five, 1,000 replications, two cores, 8 GB: runs.
    let ten_years = experiment::Estimate {
        cpu_seconds: estimate.cpu_seconds * 2.0,
        events: estimate.events * 2.0,
        ..estimate
    };
    assert_eq!(ten_years.refusal(2, 86_400.0, Some(8 << 30)), None);
    // A hundred million replications of it: refused, with the reason.
    let why = experiment::estimate(&baseline, 100_000_000)
        .refusal(2, 86_400.0, Some(8 << 30))
        .expect("refused");
    assert!(why.contains("more than 1.0 days"), "{why}");
}

#[test]
fn work_beyond_the_end_of_time_on_a_working_calendar_runs_without_an_internal_error() {
    // Work minutes near u64::MAX once overflowed the calendar's arithmetic and broke the
    // Little's-law identity check.
    let text = with(
        "servers = 2",
        "servers = 2\ncalendar = \"office\"\nhours_per_week = 28",
    )
    .replace("mean = 4.0", "mean = 1e300")
        + "\n[[calendar]]\nname = \"office\"\n";
    let path = fixture("endless_work", &text);
    let out = scratch_dir("hardening_endless_work_out");
    let output = asielsim(&[
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn officer_levels_are_bounded_like_work_factors() {
    let path = repo().join("scenarios/policies/verdeelstation.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("senior = 1.2", "senior = 1e-300");
    let error = scenario::parse(&text, &path).unwrap_err().to_string();
    assert!(error.contains("levels.senior"), "{error}");
    assert!(error.contains("from 0.0001 to 10"), "{error}");
}

#[test]
fn an_arrival_at_the_first_minute_of_the_window_is_counted_once() {
    // Found by the generator of valid scenarios: with seed 7 a case arrives at the warm-up's end
    // (minute 772), before the window's start was handled, and was counted both as open at the
    // start and as arrived, which broke flow conservation.
    let text = r#"
[scenario]
name = "generated"
[run]
horizon_days = 5.361650544165717
warmup_days = 0.5361650544165717
[[pool]]
name = "pool0"
servers = 1
[[stream]]
name = "stream0"
rate_per_day = 0.1
entry = "step0"
[[stream]]
name = "stream1"
rate_per_day = 3.0220415343117866
entry = "step0"
[[step]]
name = "step0"
pool = "pool0"
work_hours = { dist = "exponential", mean = 1 }
next = "exit"
"#;
    let scenario = scenario::parse(text, std::path::Path::new("generated.toml")).unwrap();
    for seed in 1..=20 {
        let settings = experiment::RunSettings {
            replications: 2,
            seed,
            threads: 1,
        };
        let run = experiment::run(&scenario, settings, &|| {});
        assert!(run.is_ok(), "seed {seed}: {}", run.unwrap_err());
    }
}
