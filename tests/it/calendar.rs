//! Work progresses only in working time: weekends, public holidays and leave, end to end.

use std::path::Path;

use asielsim::experiment::{self, RunSettings};
use asielsim::scenario;

use crate::support::repo;

fn run(text: &str) -> experiment::Experiment {
    let scenario = scenario::parse(text, Path::new("easter.toml")).expect("valid");
    let settings = RunSettings {
        replications: 2,
        seed: 1,
        threads: 1,
    };
    experiment::run(&scenario, settings, &|| {}).expect("runs")
}

fn easter() -> String {
    std::fs::read_to_string(repo().join("tests/it/data/easter.toml")).unwrap()
}

#[test]
fn work_pauses_over_the_easter_weekend() {
    let result = run(&easter());
    let m = result.replication(0);
    assert_eq!(m.get("arrived"), Some(2.0));
    assert_eq!(m.get("completed"), Some(1.0));
    assert_eq!(m.get("throughput_days_mean"), Some(5.0));
    assert_eq!(m.get("wait_days_mean"), Some(0.75));
    // Utilisation is on working time. Working days before the horizon (8 April 00:00): Mon 30,
    // Tue 31, Wed 1, Thu 2 and Tue 7 = 40 working hours; busy Thursday 12:00-17:00 and all of
    // Tuesday = 13 hours.
    assert_eq!(m.get("utilisation_officer"), Some(13.0 / 40.0));
}

#[test]
fn without_the_holidays_the_case_finishes_on_friday() {
    let text = easter().replace(
        "holidays = [\"good_friday\", \"easter_monday\"]",
        "holidays = []",
    );
    let run = run(&text);
    let m = run.replication(0);
    // Case 1: Thursday 12:00 to Friday 12:00 (1 day). Case 2 arrives Monday 00:00 and is done
    // Monday 17:00 (17/24 day).
    assert_eq!(m.get("completed"), Some(2.0));
    assert_eq!(
        m.get("throughput_days_mean"),
        Some((1440.0 + 1020.0) / 2.0 / 1440.0)
    );
}

#[test]
fn summer_leave_reduces_the_staff_present() {
    // 10 officers, half of them on leave in July: a pool that is saturated all year does half
    // the work in July. Compare the work started in a July-only run with a June-only run.
    let base = |start: &str| {
        format!(
            r#"
            [scenario]
            start_date = {start}
            [run]
            horizon_days = 30
            [[calendar]]
            name = "office"
            leave = [ {{ from = "07-01", until = "07-31", absent = 0.5 }} ]
            [[pool]]
            name = "officers"
            servers = 10
            calendar = "office"
            hours_per_week = 40
            [[stream]]
            name = "cases"
            rate_per_day = 100
            entry = "decide"
            [[step]]
            name = "decide"
            pool = "officers"
            work_hours = {{ dist = "fixed", value = 8 }}
            next = "exit"
            "#
        )
    };
    // June 2026 and July 2026 both have 22 working days in their first 30 days. Every officer
    // finishes one case a working day and takes the next at once (its work starts the next
    // working morning), so the work started is officers x (22 + 1).
    let june = run(&base("2026-06-01"));
    let july = run(&base("2026-07-01"));
    let started =
        |r: &experiment::Experiment| r.replication(0).get("work_started_officers").unwrap();
    assert_eq!(started(&june), 10.0 * 23.0);
    assert_eq!(started(&july), 5.0 * 23.0);
    // Utilisation counts the staff present, so both months are fully used.
    assert_eq!(june.replication(0).get("utilisation_officers"), Some(1.0));
    assert_eq!(july.replication(0).get("utilisation_officers"), Some(1.0));
}
