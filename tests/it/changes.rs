//! Dated changes (`[[change]]`): a rule that changes on a day changes what follows, to the day,
//! and leaves everything before it identical, replication by replication (common random
//! numbers).

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

use crate::support::repo;

fn run_text(text: &str, replications: u32) -> Experiment {
    let scenario = scenario::parse(text, Path::new("changes.toml")).expect("valid");
    let settings = RunSettings {
        replications,
        seed: 7,
        threads: 2,
    };
    experiment::run(&scenario, settings, &|| {}).expect("runs")
}

/// One case a day from day 1 waits 5 days, from 11 January (day 10) 8 days: of the cases that
/// finish within 40 days, 9 took 5 days (days 1-9) and 22 took 8 (days 10-31).
#[test]
fn a_step_changes_on_its_day() {
    let text = |change: &str| {
        format!(
            r#"
            [scenario]
            start_date = 2026-01-01
            [run]
            horizon_days = 40
            [[stream]]
            name = "cases"
            interarrival_days = {{ dist = "fixed", value = 1 }}
            entry = "wait"
            [[step]]
            name = "wait"
            delay_days = {{ dist = "fixed", value = 5 }}
            next = "exit"
            {change}
            "#
        )
    };
    let without = run_text(&text(""), 1);
    assert_eq!(without.replication(0).get("completed"), Some(34.0));
    let with = run_text(
        &text(
            r#"[[change]]
            name = "longer_wait"
            date = 2026-01-11
            set.step = [ { name = "wait", delay_days = { dist = "fixed", value = 8 } } ]"#,
        ),
        1,
    );
    let one = with.replication(0);
    assert_eq!(one.get("completed"), Some(31.0));
    let mean = one.get("throughput_days_mean").unwrap();
    assert!(
        (mean - (9.0 * 5.0 + 22.0 * 8.0) / 31.0).abs() < 1e-12,
        "{mean}"
    );
}

/// The national baseline to mid-2027 with and without the hearing taking twice as long from
/// 1 January 2027: every month of 2026 and every 2026 figure is identical in every replication;
/// 2027 differs.
#[test]
fn a_change_leaves_everything_before_its_date_identical() {
    let (mut table, _) = scenario::load_table(&repo().join("scenarios/baseline.toml")).unwrap();
    let run = table["run"].as_table_mut().unwrap();
    run.insert(
        "end_date".into(),
        toml::Value::Datetime("2027-06-30".parse().unwrap()),
    );
    let path = repo().join("scenarios/baseline.toml");
    let base = scenario::parse_table(table.clone(), &path).unwrap();
    let change: toml::Table = toml::from_str(
        r#"
        [[change]]
        name = "slower_hearings"
        date = 2027-01-01
        set.step = [
          { name = "nader_gehoor_day", work_hours = { dist = "triangular", min = 12, mode = 16, max = 20 } },
        ]
        "#,
    )
    .unwrap();
    table.extend(change);
    let changed = scenario::parse_table(table, &path).unwrap();
    assert_eq!(changed.network.changes.len(), 1);
    let settings = RunSettings {
        replications: 4,
        seed: 11,
        threads: 2,
    };
    let a = experiment::run(&base, settings, &|| {}).unwrap();
    let b = experiment::run(&changed, settings, &|| {}).unwrap();
    let months = base.catalogue.months().to_vec();
    let first_2027 = months.iter().position(|m| m == "2027-01").unwrap();
    let mut later_differs = false;
    for column in 0..base.catalogue.monthly().len() {
        for month in 0..months.len() {
            let (x, y) = (
                a.monthly_values(column, month).unwrap(),
                b.monthly_values(column, month).unwrap(),
            );
            if month < first_2027 {
                assert_eq!(
                    x,
                    y,
                    "{} in {} must not change",
                    base.catalogue.monthly()[column].name,
                    months[month]
                );
            } else {
                later_differs |= x != y;
            }
        }
    }
    assert!(later_differs, "the change must show from 2027 on");
    for name in [
        "decided_2026",
        "within_term_share_2026",
        "penalty_eur_2026",
        "penalty_eur_court_2026",
        "backlog_end_2026",
    ] {
        let (x, y) = (a.values_of(name).unwrap(), b.values_of(name).unwrap());
        assert_eq!(x, y, "{name}");
    }
    assert_ne!(a.values_of("decided_2027"), b.values_of("decided_2027"));
}

#[test]
fn changes_that_would_change_names_or_fixed_parts_are_refused() {
    let text = |change: &str| {
        format!(
            r#"
            [scenario]
            start_date = 2026-01-01
            [run]
            horizon_days = 40
            [[stream]]
            name = "cases"
            interarrival_days = {{ dist = "fixed", value = 1 }}
            entry = "wait"
            [[step]]
            name = "wait"
            delay_days = {{ dist = "fixed", value = 5 }}
            next = "exit"
            [[change]]
            name = "c"
            {change}
            "#
        )
    };
    let refused = |change: &str, expect: &str| {
        let err = scenario::parse(&text(change), Path::new("c.toml"))
            .expect_err(change)
            .to_string();
        assert!(err.contains(expect), "{change}\n{err}");
    };
    refused(
        "date = 2026-01-01\nset.step = [{ name = \"wait\", delay_days = 3 }]",
        "is not after the start date",
    );
    refused(
        "date = 2026-01-05\nset.step = [{ name = \"wiat\" }]",
        "the scenario has no step \"wiat\"; a change cannot add one",
    );
    refused(
        "date = 2026-01-05\nset.intake = []",
        "[intake] cannot change on a date",
    );
    refused(
        "date = 2026-01-05\nset.stream = [{ name = \"cases\", rate_per_day = 2 }]",
        "a stream's rate_per_day cannot change on a date",
    );
    refused("date = 2026-01-05", "the change changes nothing");
    refused(
        "date = 2026-01-05\nset.step = [{ name = \"wait\", delay_days = { dist = \"fixed\", value = -1 } }]",
        "in the scenario as it stands from 2026-01-05",
    );
    refused(
        "date = 2026-01-05\nremove = [\"step.wait\"]",
        "cannot be removed on a date",
    );
    refused(
        "date = 2026-01-05\nremove = [\"step.wait.priority\"]",
        "`step.wait` has no key `priority` (its keys: delay_days, name, next)",
    );
}

fn routed_text(change: &str) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 40
        [[route]]
        name = "slow"
        [[route]]
        name = "fast"
        [policy]
        name = "rules"
        [[policy.rule]]
        route = "slow"
        [[stream]]
        name = "cases"
        interarrival_days = {{ dist = "fixed", value = 1 }}
        entry = "sort"
        [[step]]
        name = "sort"
        [[step.route]]
        when = {{ route = ["fast"] }}
        next = "quick"
        [[step.route]]
        next = "long"
        [[step]]
        name = "quick"
        delay_days = {{ dist = "fixed", value = 2 }}
        next = "exit"
        [[step]]
        name = "long"
        delay_days = {{ dist = "fixed", value = 6 }}
        next = "exit"
        {change}
        "#
    )
}

/// The tower routes every case on the slow route until 10 January and on the fast one from
/// 11 January (day 10): 9 of the 39 arrivals go slow; of the cases done within 40 days, 9 took
/// 6 days and 28 (days 10-37) took 2.
#[test]
fn a_routing_rule_changes_on_its_day() {
    let with = run_text(
        &routed_text(
            r#"[[change]]
            name = "fast_from_day_10"
            date = 2026-01-11
            set.policy.rule = [ { route = "fast" } ]"#,
        ),
        1,
    );
    let one = with.replication(0);
    assert_eq!(one.get("routed_share_fast"), Some(30.0 / 39.0));
    assert_eq!(one.get("completed"), Some(37.0));
    let mean = one.get("throughput_days_mean").unwrap();
    assert!(
        (mean - (9.0 * 6.0 + 28.0 * 2.0) / 37.0).abs() < 1e-12,
        "{mean}"
    );
}

/// A policy written in Rust, put in place with `set_routing`, holds after a change that leaves
/// the policy alone, and gives way to a change that sets its own.
#[test]
fn a_rust_policy_holds_across_changes_that_leave_the_policy_alone() {
    use std::sync::Arc;

    use asielsim::model::{Assignment, PolicyInput, RoutingPolicy};

    #[derive(Debug)]
    struct AllFast;
    impl RoutingPolicy for AllFast {
        fn name(&self) -> &str {
            "all_fast"
        }
        fn assign(&self, input: &PolicyInput<'_>) -> Assignment {
            Assignment {
                route: 1,
                priority: input.stream_priority,
                location: input.seen.location,
            }
        }
    }
    let run = |change: &str| {
        let text = routed_text(change);
        let mut scenario = scenario::parse(&text, Path::new("c.toml")).unwrap();
        scenario.network.set_routing(Arc::new(AllFast));
        let settings = RunSettings {
            replications: 1,
            seed: 1,
            threads: 1,
        };
        let e = experiment::run(&scenario, settings, &|| {}).unwrap();
        e.replication(0).get("routed_share_fast").unwrap()
    };
    let step_only = r#"[[change]]
        name = "longer"
        date = 2026-01-11
        set.step = [ { name = "long", delay_days = { dist = "fixed", value = 7 } } ]"#;
    assert_eq!(run(step_only), 1.0);
    let own_policy = r#"[[change]]
        name = "slow_again"
        date = 2026-01-11
        set.policy.rule = [ { route = "slow" } ]"#;
    assert_eq!(run(own_policy), 9.0 / 39.0);
}
