//! Case attributes are drawn with the configured shares, and routing rules, roles per location
//! and per-group branch probabilities send each case where the scenario says.

use asielsim::experiment::{self, RunSettings};
use asielsim::scenario;

use crate::support::repo;

#[test]
fn attribute_shares_and_routing_match_the_scenario() {
    let path = repo().join("tests/it/data/routing.toml");
    let scenario = scenario::load(&path).expect("valid");
    let settings = RunSettings {
        replications: scenario.replications,
        seed: scenario.seed,
        threads: 2,
    };
    let run = experiment::run(&scenario, settings, &|| {}).expect("runs");
    let total =
        |metric: &str| -> f64 { run.each_replication().map(|m| m.get(metric).unwrap()).sum() };
    // Work started in the window belongs to cases that arrived in it, up to the few cases
    // at the window's edges (each case is in the system for an hour or two).
    let arrived = total("arrived");
    assert!(arrived > 150_000.0);
    for (pool, share) in [
        ("p_dublin", 0.41),
        ("p_complex", 0.06),
        ("officers_l1", 0.53 * 0.4),
        ("officers_l2", 0.53 * 0.6),
        ("p_extra", 0.3 * 0.8 * 0.75 * 0.1 + 0.7 * 0.5 * 0.9),
    ] {
        let observed = total(&format!("work_started_{pool}")) / arrived;
        // Four binomial standard errors, plus the edge effect.
        let tolerance = 4.0 * (share * (1.0 - share) / arrived).sqrt() + 1e-4;
        assert!(
            (observed - share).abs() < tolerance,
            "{pool}: observed share {observed}, expected {share} (tolerance {tolerance})"
        );
    }
}

/// A pool's work factor scales the work of its steps: 10 hours at factor 0.5 take 5 hours.
#[test]
fn work_factor_scales_the_work_of_a_pool() {
    let text = |factor: &str| {
        format!(
            r#"
            [run]
            horizon_days = 3
            [[pool]]
            name = "officer"
            servers = 100
            {factor}
            [[stream]]
            name = "cases"
            interarrival_days = {{ dist = "fixed", value = 1 }}
            entry = "decide"
            [[step]]
            name = "decide"
            pool = "officer"
            work_hours = {{ dist = "fixed", value = 10 }}
            next = "exit"
            "#
        )
    };
    let throughput = |factor: &str| {
        let s = scenario::parse(&text(factor), std::path::Path::new("f.toml")).unwrap();
        let settings = RunSettings {
            replications: 1,
            seed: 1,
            threads: 1,
        };
        experiment::run(&s, settings, &|| {})
            .unwrap()
            .replication(0)
            .get("throughput_days_mean")
            .unwrap()
    };
    assert_eq!(throughput(""), 10.0 / 24.0);
    assert_eq!(throughput("work_factor = 0.5"), 5.0 / 24.0);
}

/// The bedrijfsbureau variant sends track-4 dossiers through the support office first, and the
/// officers' shorter work shows as less hearing time per case.
#[test]
fn the_bedrijfsbureau_completes_dossiers_and_saves_officer_hours() {
    // Without the opening stock, whose size keeps the hearing officers saturated all year (so
    // their busy time says nothing of the time per piece), and without the uncertain inputs.
    let run = |file: &str| {
        let path = repo().join("scenarios/policies").join(file);
        let (mut table, _) = scenario::load_table(&path).unwrap();
        table.remove("uncertain");
        table.remove("backlog");
        let mut s = scenario::parse_table(table, &path).unwrap();
        s.window.horizon = asielsim::engine::SimTime::from_days(365);
        let settings = RunSettings {
            replications: 2,
            seed: 5,
            threads: 2,
        };
        experiment::run(&s, settings, &|| {}).unwrap()
    };
    let off = run("bedrijfsbureau_off.toml");
    let on = run("bedrijfsbureau_on.toml");
    assert!(
        off.summary("work_started_bedrijfsbureau").is_none(),
        "no bureau without it"
    );
    let completed = on.summary("work_started_bedrijfsbureau").unwrap().mean;
    assert!(completed > 10_000.0, "dossiers completed: {completed}");
    let per_case = |r: &asielsim::experiment::Experiment| {
        r.summary("busy_servers_mean_hearing_ter_apel")
            .unwrap()
            .mean
            / r.summary("work_started_hearing_ter_apel").unwrap().mean
    };
    assert!(
        per_case(&on) < per_case(&off),
        "hearing time per piece of work falls"
    );
}

/// The tower's location policies: "capacity" sends cases in proportion to the staff of each
/// location; "least_loaded" keeps loads level.
#[test]
fn location_policies_follow_capacity_and_load() {
    let base = std::fs::read_to_string(repo().join("tests/it/data/routing.toml"))
        .unwrap()
        .replacen(
            "location = \"l2\"\nservers = 1000",
            "location = \"l2\"\nservers = 3000",
            1,
        );
    assert!(base.contains("servers = 3000"));
    let run = |policy: &str| {
        let text = format!("{base}\n[policy]\nlocation = \"{policy}\"\n");
        let s = scenario::parse(&text, std::path::Path::new("loc.toml")).unwrap();
        let settings = RunSettings {
            replications: 4,
            seed: 2,
            threads: 2,
        };
        let r = experiment::run(&s, settings, &|| {}).unwrap();
        let l1 = r.summary("work_started_officers_l1").unwrap().mean;
        let l2 = r.summary("work_started_officers_l2").unwrap().mean;
        l1 / (l1 + l2)
    };
    let by_capacity = run("capacity");
    assert!(
        (by_capacity - 0.25).abs() < 0.01,
        "share at l1 {by_capacity}"
    );
    let by_shares = run("shares");
    assert!((by_shares - 0.4).abs() < 0.01, "share at l1 {by_shares}");
    // With 1 officer at l1 and 3 at l2 (and an hour of work per case), "least loaded" sends a
    // case where work waits least per officer: about a quarter to l1, as capacity does.
    let small = base
        .replacen(
            "location = \"l1\"\nservers = 1000",
            "location = \"l1\"\nservers = 1",
            1,
        )
        .replacen("servers = 3000", "servers = 3", 1);
    let text = format!("{small}\n[policy]\nlocation = \"least_loaded\"\n");
    let s = scenario::parse(&text, std::path::Path::new("loc.toml")).unwrap();
    let settings = RunSettings {
        replications: 4,
        seed: 2,
        threads: 2,
    };
    let r = experiment::run(&s, settings, &|| {}).unwrap();
    let l1 = r.summary("work_started_officers_l1").unwrap().mean;
    let l2 = r.summary("work_started_officers_l2").unwrap().mean;
    let least = l1 / (l1 + l2);
    assert!((0.15..0.35).contains(&least), "share at l1 {least}");
}
