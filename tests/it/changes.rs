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

/// Cases arriving one a day from day 1 and waiting 5 days, over 40 days; `more` is appended.
fn waiting_text(more: &str) -> String {
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
        {more}
        "#
    )
}

/// One case a day from day 1 waits 5 days, from 11 January (day 10) 8 days: of the cases that
/// finish within 40 days, 9 took 5 days (days 1-9) and 22 took 8 (days 10-31).
#[test]
fn a_step_changes_on_its_day() {
    let without = run_text(&waiting_text(""), 1);
    assert_eq!(without.replication(0).get("completed"), Some(34.0));
    let with = run_text(
        &waiting_text(
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
        for (month, label) in months.iter().enumerate() {
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
                    label
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
    let text = |change: &str| waiting_text(&format!("[[change]]\nname = \"c\"\n{change}"));
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

/// One nareis case lodged on day 200 (term 90 days: last day 290), decided on day 350. Its
/// applicant sends a notice on day 292 (the day after expiry plus one); the Awb 4:17 penalty runs
/// from day 306 and reaches its cap of EUR 1,442 on day 348; the appeal is lodged on day 306, the
/// court rules on day 316 and orders a decision by day 336; the court penalty is 14 days x
/// EUR 100 = EUR 1,400, paid at the decision; costs EUR 1,000.
fn law_text(change: &str) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 399
        [[stream]]
        name = "nareis"
        interarrival_days = {{ dist = "fixed", value = 200 }}
        entry = "wait"
        [[step]]
        name = "wait"
        delay_days = {{ dist = "fixed", value = 150 }}
        next = "exit"
        [law]
        [[law.term]]
        name = "nareis_90_days"
        streams = ["nareis"]
        days = 90
        [law.notice]
        share = 1.0
        delay_days = {{ dist = "fixed", value = 1 }}
        [[law.admin_penalty]]
        name = "awb"
        grace_days = 14
        tiers = [ {{ days = 14, euro_per_day = 23 }}, {{ days = 14, euro_per_day = 35 }},
                  {{ days = 14, euro_per_day = 45 }} ]
        cap_euro = 1442
        [[law.court_penalty]]
        name = "beroep"
        appeal_share = 1.0
        after_notice_days = 14
        judgment_days = {{ dist = "fixed", value = 10 }}
        order_days_heard = 20
        order_days_not_heard = 20
        tiers = [ {{ euro_per_day = 100 }} ]
        cap_euro = 7500
        costs_euro = 1000
        {change}
        "#
    )
}

/// The date of day `day` of a run from 1 January 2026.
fn day(day: i64) -> jiff::civil::Date {
    jiff::civil::date(2026, 1, 1)
        .checked_add(jiff::ToSpan::days(day))
        .unwrap()
}

/// (notices, admin penalty, court penalty, court costs) of the one case, with `change`.
fn money(change: &str) -> (f64, f64, f64, f64) {
    let e = run_text(&law_text(change), 1);
    let r = e.replication(0);
    (
        r.get("notices").unwrap(),
        r.get("penalty_eur_admin").unwrap(),
        r.get("penalty_eur_court").unwrap(),
        r.get("court_costs_eur").unwrap(),
    )
}

#[test]
fn law_changes_apply_by_the_day_of_each_legal_event() {
    assert_eq!(money(""), (1.0, 1442.0, 1400.0, 1000.0));
    let change = |date: jiff::civil::Date, set: &str| {
        format!("[[change]]\nname = \"c\"\ndate = {date}\n{set}")
    };
    // Court penalties abolished for appeals lodged from a date: the appeal of day 306 is judged
    // without a penalty if the change holds on day 306, with one if it comes a day later.
    let abolished = "set.law.court_penalty = [ { name = \"beroep\", penalty = false } ]";
    assert_eq!(
        money(&change(day(306), abolished)),
        (1.0, 1442.0, 0.0, 1000.0)
    );
    assert_eq!(
        money(&change(day(307), abolished)),
        (1.0, 1442.0, 1400.0, 1000.0)
    );
    // No court regime at all from the appeal day: no appeal, no judgment, no costs.
    let no_appeal = "remove = [\"law.court_penalty.beroep\"]";
    assert_eq!(money(&change(day(306), no_appeal)), (1.0, 1442.0, 0.0, 0.0));
    // Notices: the share in force on the day the term expired (day 291) decides.
    let silent = "set.law.notice = { share = 0.0 }";
    assert_eq!(money(&change(day(291), silent)), (0.0, 0.0, 0.0, 0.0));
    assert_eq!(
        money(&change(day(292), silent)),
        (1.0, 1442.0, 1400.0, 1000.0)
    );
    // The administrative regime of the day its clock starts (the notice, day 292): a cap of
    // EUR 500 from that day, the old cap from the day after.
    let lower_cap = "set.law.admin_penalty = [ { name = \"awb\", cap_euro = 500 } ]";
    assert_eq!(
        money(&change(day(292), lower_cap)),
        (1.0, 500.0, 1400.0, 1000.0)
    );
    assert_eq!(
        money(&change(day(293), lower_cap)),
        (1.0, 1442.0, 1400.0, 1000.0)
    );
    // The wait before an appeal is the one of the law on the notice day (14 days: appeal on
    // day 306), even when a shorter wait (7 days) holds from day 300: the appeal is not
    // back-dated to day 299, before the change.
    let shorter_wait = "set.law.court_penalty = [ { name = \"beroep\", after_notice_days = 7 } ]";
    assert_eq!(
        money(&change(day(300), shorter_wait)),
        (1.0, 1442.0, 1400.0, 1000.0)
    );
    // The court's order of the regime the appeal was lodged under: a longer term (40 days, to
    // day 356, after the decision on day 350) from the appeal day leaves no penalty.
    let longer = "set.law.court_penalty = [ { name = \"beroep\", order_days_not_heard = 40 } ]";
    assert_eq!(money(&change(day(306), longer)), (1.0, 1442.0, 0.0, 1000.0));
    assert_eq!(
        money(&change(day(310), longer)),
        (1.0, 1442.0, 1400.0, 1000.0)
    );
}

/// The worked example for budget holders: court penalties abolished for appeals lodged from
/// 2027. Every figure of 2026 is the baseline's, future by future; from 2027 the court
/// penalties are lower in every future (appeals lodged before 2027 still pay), the costs of
/// court cases are not.
#[test]
fn abolishing_court_penalties_in_2027_changes_nothing_before_and_lowers_them_after() {
    let shorten = |rel: &str| {
        let path = repo().join(rel);
        let (mut table, _) = scenario::load_table(&path).unwrap();
        table["run"].as_table_mut().unwrap().insert(
            "end_date".into(),
            toml::Value::Datetime("2028-12-31".parse().unwrap()),
        );
        scenario::parse_table(table, &path).unwrap()
    };
    let base = shorten("scenarios/baseline.toml");
    let abolished = shorten("scenarios/policies/court_penalties_abolished_2027.toml");
    let settings = RunSettings {
        replications: 4,
        seed: 3,
        threads: 2,
    };
    let a = experiment::run(&base, settings, &|| {}).unwrap();
    let b = experiment::run(&abolished, settings, &|| {}).unwrap();
    // Compared bit for bit, so that an undefined share (no decision of the kind) matches too.
    let bits = |v: Option<Vec<f64>>| v.map(|v| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
    for name in a.metric_names().filter(|n| n.ends_with("_2026")) {
        assert_eq!(bits(a.values_of(name)), bits(b.values_of(name)), "{name}");
    }
    let months = base.catalogue.months();
    let first_2027 = months.iter().position(|m| m == "2027-01").unwrap();
    for column in 0..base.catalogue.monthly().len() {
        for month in 0..first_2027 {
            assert_eq!(
                a.monthly_values(column, month),
                b.monthly_values(column, month)
            );
        }
    }
    for year in [2027, 2028] {
        let court = format!("penalty_eur_court_{year}");
        let (x, y) = (a.values_of(&court).unwrap(), b.values_of(&court).unwrap());
        for (before, after) in x.iter().zip(&y) {
            assert!(after <= before, "{court}: {after} > {before}");
        }
        let (sx, sy): (f64, f64) = (x.iter().sum(), y.iter().sum());
        assert!(sy < sx, "{court}: {sy} not below {sx}");
    }
    assert_eq!(a.values_of("court_cases"), b.values_of("court_cases"));
    assert_eq!(
        a.values_of("court_costs_eur"),
        b.values_of("court_costs_eur")
    );
}

/// A planner's candidate staffing holds after a dated change too: the networks of the changes
/// work with the candidate's pools, not the file's.
#[test]
fn a_candidate_staffing_holds_after_a_dated_change() {
    use asielsim::plan::Lever;

    let text = r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 60
        [[pool]]
        name = "officers"
        servers = 2
        [[stream]]
        name = "cases"
        rate_per_day = 3
        entry = "work"
        [[step]]
        name = "work"
        pool = "officers"
        work_hours = { dist = "exponential", mean = 12 }
        next = "exit"
        [[change]]
        name = "longer"
        date = 2026-01-31
        set.step = [ { name = "work", work_hours = { dist = "exponential", mean = 14 } } ]
    "#;
    let scenario = scenario::parse(text, Path::new("c.toml")).unwrap();
    let lever = Lever::staff(&scenario, &["officers".to_string()]).unwrap();
    let candidate = lever.candidate(&scenario, 5).unwrap();
    assert_eq!(candidate.network.pools[0].servers, 5);
    assert_eq!(candidate.network.changes[0].network.pools[0].servers, 5);
    let settings = RunSettings {
        replications: 2,
        seed: 1,
        threads: 1,
    };
    let e = experiment::run(&candidate, settings, &|| {}).unwrap();
    // 3 cases a day need 1.5 (then 1.75) officers: five keep every one within reach.
    let utilisation = e.summary("utilisation_officers").unwrap().mean;
    assert!(utilisation < 0.45, "{utilisation}");
}

/// What a change cannot do to cases already in the system: turn a step of work into a delay
/// (cases queued for its pool would have no work), reorder a queue (a policy that orders queues
/// differently), or give a group mix to a stream whose cases take their group from their intake.
#[test]
fn changes_that_would_strand_waiting_cases_are_refused() {
    let text = |change: &str| {
        format!(
            r#"
            [scenario]
            start_date = 2026-01-01
            [run]
            horizon_days = 40
            [[group]]
            name = "a"
            [[group]]
            name = "b"
            [[route]]
            name = "standard"
            [[route]]
            name = "dublin"
            [[route]]
            name = "safe_country"
            [[pool]]
            name = "officers"
            servers = 1
            [[stream]]
            name = "cases"
            entry = "work"
            [[intake]]
            stream = "cases"
            group = "a"
            per_month = 30
            [[step]]
            name = "work"
            pool = "officers"
            work_hours = {{ dist = "exponential", mean = 20 }}
            next = "exit"
            [[change]]
            name = "c"
            date = 2026-01-20
            {change}
            "#
        )
    };
    assert!(
        scenario::parse(
            &text("set.policy = { location = \"shares\" }"),
            Path::new("c.toml")
        )
        .is_ok()
    );
    let refused = |change: &str, expect: &str| {
        let err = scenario::parse(&text(change), Path::new("c.toml"))
            .expect_err(change)
            .to_string();
        assert!(err.contains(expect), "{change}\n{err}");
    };
    refused(
        "set.step = [ { name = \"work\", delay_days = { dist = \"fixed\", value = 3 } } ]\nremove = [\"step.work.pool\", \"step.work.work_hours\"]",
        "a change cannot turn a step of work into a delay",
    );
    refused(
        "set.policy = { name = \"deadline\" }",
        "the policy would order the queue of pool \"officers\" differently",
    );
    refused(
        "set.stream = [ { name = \"cases\", groups = { a = 0.5, b = 0.5 } } ]",
        "take their group from their [[intake]]",
    );
}
