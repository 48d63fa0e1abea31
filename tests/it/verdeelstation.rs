//! The verdeelstation: individual officers with competences, levels and teams; dispatch never
//! gives a case to an officer without the competence it needs; least-loaded dispatch spreads the
//! work; seniority favours seniors.

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

fn run(conversion_share: f64, dispatch: &str) -> Experiment {
    let text = format!(
        r#"
        [run]
        horizon_days = 60
        [levels]
        trainee = 0.5
        regular = 1.0
        senior = 1.25
        [[feature]]
        name = "conversion"
        [[group]]
        name = "all"
        features = {{ conversion = {conversion_share} }}
        [[pool]]
        name = "hearing"
        specialisms = ["conversion"]
        dispatch = "{dispatch}"
        [[pool.officers]]
        count = 3
        team = "general"
        [[pool.officers]]
        count = 2
        level = "senior"
        team = "specialists"
        competences = ["conversion"]
        [[stream]]
        name = "cases"
        rate_per_day = 60
        entry = "hear"
        [[step]]
        name = "hear"
        pool = "hearing"
        work_hours = {{ dist = "exponential", mean = 1.5 }}
        next = "exit"
        "#
    );
    let s = scenario::parse(&text, Path::new("desk.toml")).unwrap_or_else(|e| panic!("{e}"));
    let settings = RunSettings {
        replications: 4,
        seed: 8,
        threads: 2,
    };
    experiment::run(&s, settings, &|| {}).unwrap()
}

fn mean(r: &Experiment, metric: &str) -> f64 {
    r.summary(metric)
        .unwrap_or_else(|| panic!("metric {metric}"))
        .mean
}

#[test]
fn no_case_goes_to_an_officer_without_the_competence() {
    // Every case needs the conversion competence: only the specialists may work.
    let r = run(1.0, "least_loaded");
    assert_eq!(mean(&r, "team_work_started_hearing_general"), 0.0);
    assert!(mean(&r, "team_work_started_hearing_specialists") > 1000.0);
    // Cases are conserved and none is lost in a queue nobody serves.
    for m in r.each_replication() {
        let get = |n: &str| m.get(n).unwrap();
        assert_eq!(
            get("in_system_start") + get("arrived"),
            get("completed") + get("in_system_end")
        );
    }
}

#[test]
fn least_loaded_spreads_work_and_seniority_favours_seniors() {
    let spread = run(0.0, "least_loaded");
    let cv = mean(&spread, "workload_cv_hearing");
    assert!(cv < 0.15, "least-loaded workload CV {cv}");
    let by_seniority = run(0.0, "seniority");
    let seniors = mean(&by_seniority, "team_work_started_hearing_specialists") / 2.0;
    let others = mean(&by_seniority, "team_work_started_hearing_general") / 3.0;
    assert!(
        seniors > others * 1.1,
        "per senior {seniors}, per other {others}"
    );
    assert!(mean(&by_seniority, "workload_cv_hearing") > cv);
}

#[test]
fn officer_pools_are_validated() {
    let bad = r#"
        [run]
        horizon_days = 10
        [[feature]]
        name = "conversion"
        [[pool]]
        name = "hearing"
        servers = 3
        specialisms = ["conversion", "lgbti"]
        [[pool.officers]]
        count = 1
        [[pool.officers]]
        count = 0
        fte = 1.5
        [[stream]]
        name = "cases"
        rate_per_day = 1
        entry = "hear"
        [[step]]
        name = "hear"
        pool = "hearing"
        work_hours = { dist = "fixed", value = 1 }
        next = "exit"
    "#;
    let err = scenario::parse(bad, Path::new("bad.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("[levels]"), "missing the levels in:\n{err}");
    let with_levels = bad.replace(
        "[[feature]]",
        "[levels]\ntrainee = 0.5\nregular = 1\nsenior = 1.2\n[[feature]]",
    );
    let err = scenario::parse(&with_levels, Path::new("bad.toml"))
        .unwrap_err()
        .to_string();
    for expected in [
        "1 officers are listed, but the pool says servers = 3",
        "no feature named \"lgbti\"",
        "officers[1].count",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// `officers.csv`: one row per officer, with the work per officer adding up to the team totals
/// (the hours are also conserved inside every run: officers' hours = the pool's work started).
#[test]
fn per_officer_table_adds_up_to_the_teams() {
    let r = run(1.0, "least_loaded");
    let csv = asielsim::output::officers_csv(&r).expect("an officer pool");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "pool,officer,team,level,work_started_mean,work_finished_mean,hours_mean,busy_at_end_share,replications"
        )
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 5);
    let team_started = |team: &str| -> f64 {
        rows.iter()
            .filter(|r| r[2] == team)
            .map(|r| r[4].parse::<f64>().unwrap())
            .sum()
    };
    assert_eq!(
        team_started("general"),
        0.0,
        "no competence, no conversion cases"
    );
    let specialists = mean(&r, "team_work_started_hearing_specialists");
    assert!((team_started("specialists") - specialists).abs() < 1e-6);
    assert!(
        rows.iter()
            .filter(|r| r[2] == "specialists")
            .all(|r| r[3] == "senior")
    );
}
