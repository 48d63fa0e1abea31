//! Verkeerstoren policies: each built-in policy's routing and priority on hand-made cases, rule
//! tables, the queue orders policies set, and information errors at their configured rates.

use std::path::Path;

use rand::SeedableRng;

use asielsim::engine::StreamRng;
use asielsim::model::{CaseAttributes, Discipline, Information, PolicyInput, StreamIdx};
use asielsim::scenario::{self, Scenario};

use crate::support::repo;

const BASE: &str = r#"
    [run]
    horizon_days = 10
    [[feature]]
    name = "conversion"
    [[feature]]
    name = "uam"
    [[feature]]
    name = "no_documents"
    [[track]]
    name = "track1"
    [[track]]
    name = "track2"
    [[track]]
    name = "track3"
    [[track]]
    name = "track4"
    [[track]]
    name = "track5"
    [[group]]
    name = "a"
    tracks = { track1 = 0.1, track2 = 0.1, track3 = 0.1, track4 = 0.6, track5 = 0.1 }
    [[group]]
    name = "b"
    tracks = { track4 = 1.0 }
    [[route]]
    name = "standard"
    [[route]]
    name = "dublin"
    [[route]]
    name = "safe_country"
    [[route]]
    name = "well_founded"
    [[route]]
    name = "extra_research"
    [[route]]
    name = "aa_two_day"
    [[route]]
    name = "direct_va"
    [[pool]]
    name = "officers"
    servers = 1
    [[stream]]
    name = "first"
    rate_per_day = 1
    priority = 2
    groups = { a = 0.5, b = 0.5 }
    entry = "decide"
    [[step]]
    name = "decide"
    pool = "officers"
    work_hours = { dist = "fixed", value = 1 }
    next = "exit"
"#;

fn scenario(policy: &str) -> Scenario {
    scenario::parse(&format!("{BASE}\n{policy}"), Path::new("policy.toml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// (route name, priority) the policy of `s` gives a case of group `group` seen with `track` and
/// `features`.
fn decide(s: &Scenario, group: u8, track: &str, features: &[&str]) -> (String, u8) {
    let attrs = &s.network.attributes;
    let track = attrs.tracks.iter().position(|t| t.name == track).unwrap() as u8;
    let features = features.iter().fold(0u32, |bits, f| {
        bits | 1 << attrs.features.iter().position(|x| x == f).unwrap()
    });
    let seen = CaseAttributes {
        stream: 0,
        group,
        track,
        location: 0,
        features,
        route: 0,
    };
    let input = PolicyInput {
        network: &s.network,
        stream: StreamIdx(0),
        seen,
        stream_priority: 2,
        lodged_day: 0,
        term_end_day: 180,
        location_load: &[],
    };
    let a = s.network.policy.routing.assign(&input);
    (attrs.routes[usize::from(a.route)].clone(), a.priority)
}

#[test]
fn uniform_routes_only_dublin_and_safe_country_apart() {
    let s = scenario("[policy]\nname = \"uniform\"");
    assert_eq!(decide(&s, 0, "track1", &[]), ("dublin".into(), 2));
    assert_eq!(decide(&s, 0, "track2", &[]), ("safe_country".into(), 2));
    assert_eq!(decide(&s, 0, "track3", &[]), ("standard".into(), 2));
    assert_eq!(
        decide(&s, 0, "track4", &["conversion"]),
        ("standard".into(), 2)
    );
}

#[test]
fn differentiated_routes_by_track_and_complexity() {
    let s = scenario("[policy]\nname = \"differentiated\"");
    assert_eq!(decide(&s, 0, "track1", &["conversion"]).0, "dublin");
    assert_eq!(decide(&s, 0, "track3", &[]).0, "well_founded");
    assert_eq!(decide(&s, 0, "track5", &[]).0, "extra_research");
    assert_eq!(decide(&s, 0, "track4", &["conversion"]).0, "direct_va");
    assert_eq!(decide(&s, 0, "track4", &["uam"]).0, "aa_two_day");
    assert_eq!(
        decide(&s, 0, "track4", &["no_documents", "conversion"]).0,
        "direct_va"
    );
    assert_eq!(decide(&s, 0, "track4", &[]).0, "standard");
}

#[test]
fn kansarm_first_raises_tracks_one_and_two() {
    let s = scenario("[policy]\nname = \"kansarm_first\"");
    assert_eq!(decide(&s, 0, "track1", &[]), ("dublin".into(), 1));
    assert_eq!(decide(&s, 0, "track2", &[]), ("safe_country".into(), 1));
    assert_eq!(decide(&s, 0, "track4", &[]), ("standard".into(), 2));
    assert_eq!(s.network.pools[0].discipline, Discipline::Priority);
}

#[test]
fn deadline_orders_every_queue_by_term_expiry() {
    let s = scenario("[policy]\nname = \"deadline\"");
    assert_eq!(s.network.pools[0].discipline, Discipline::Edf);
    assert_eq!(decide(&s, 0, "track4", &[]), ("standard".into(), 2));
}

#[test]
fn penalty_aware_needs_law_and_gives_notices_and_orders_priority() {
    let err = scenario::parse(
        &format!("{BASE}\n[policy]\nname = \"penalty_aware\""),
        Path::new("p.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("penalty_aware policy needs [law]"), "{err}");
    // The bundled variant on the baseline: notices get class 1, court orders class 0.
    let s = scenario::load(&repo().join("scenarios/policies/penalty_aware.toml")).unwrap();
    let law = s.network.law.as_ref().unwrap();
    assert_eq!(law.notices[0].priority, Some(1));
    assert!(law.court.iter().all(|c| c.priority == Some(0)));
    assert!(
        s.network
            .pools
            .iter()
            .all(|p| matches!(p.discipline, Discipline::Priority | Discipline::PriorityEdf))
    );
}

#[test]
fn a_rule_table_decides_by_the_first_matching_rule() {
    let s = scenario(
        r#"[policy]
        name = "rules"
        [[policy.rule]]
        when = { track = ["track1"] }
        route = "dublin"
        [[policy.rule]]
        when = { features_any = ["uam"], group = ["b"] }
        route = "aa_two_day"
        priority = 0
        [[policy.rule]]
        when = { features_any = ["uam"] }
        priority = 1"#,
    );
    assert_eq!(decide(&s, 0, "track1", &["uam"]), ("dublin".into(), 2));
    assert_eq!(decide(&s, 1, "track4", &["uam"]), ("aa_two_day".into(), 0));
    assert_eq!(decide(&s, 0, "track4", &["uam"]), ("standard".into(), 1));
    assert_eq!(decide(&s, 0, "track4", &[]), ("standard".into(), 2));
}

#[test]
fn a_built_in_policy_needs_its_routes() {
    let text = BASE.replace("[[route]]\n    name = \"direct_va\"", "");
    let err = scenario::parse(
        &format!("{text}\n[policy]\nname = \"differentiated\""),
        Path::new("p.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("route \"direct_va\", which is not declared"),
        "{err}"
    );
    let err = scenario::parse(
        &format!("{BASE}\n[policy]\nname = \"fastest\""),
        Path::new("p.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("\"fastest\" is not a policy"), "{err}");
}

/// The tower's errors happen at their configured rates (100,000 cases, 4 standard errors).
#[test]
fn information_errors_happen_at_their_rates() {
    let s = scenario("");
    let info = Information {
        track_error: 0.2,
        feature_miss: 0.3,
        feature_false: 0.05,
    };
    let truth = CaseAttributes {
        stream: 0,
        group: 0,
        track: 3, // track4
        location: 0,
        features: 0b001, // conversion, not uam, not no_documents
        route: 0,
    };
    let mut rng = StreamRng::seed_from_u64(9);
    let n = 100_000;
    let (mut wrong_track, mut missed, mut false_seen, mut to_track1) = (0, 0, 0, 0);
    for _ in 0..n {
        let seen = info.perceive(&s.network, &truth, &mut rng);
        wrong_track += usize::from(seen.track != truth.track);
        to_track1 += usize::from(seen.track == 0);
        missed += usize::from(seen.features & 0b001 == 0);
        false_seen += usize::from(seen.features & 0b010 != 0);
        assert_eq!(seen.group, truth.group, "the group is known");
    }
    let rate = |k: usize| k as f64 / n as f64;
    let close =
        |got: f64, want: f64| (got - want).abs() < 4.0 * (want * (1.0 - want) / n as f64).sqrt();
    assert!(
        close(rate(wrong_track), 0.2),
        "track error {}",
        rate(wrong_track)
    );
    assert!(close(rate(missed), 0.3), "missed {}", rate(missed));
    assert!(close(rate(false_seen), 0.05), "false {}", rate(false_seen));
    // A wrong track is one of the group's other tracks, in proportion: track1 has 0.1 of 0.4.
    assert!(
        close(rate(to_track1), 0.2 * 0.25),
        "to track1 {}",
        rate(to_track1)
    );
}

/// Perfect against realistic information with the same seed: the routes differ only through
/// the information, and the misrouted share says how often.
#[test]
fn the_value_of_information_is_measured_with_common_random_numbers() {
    use asielsim::experiment::{self, RunSettings};
    let run = |file: &str| {
        let s = scenario::load(&repo().join("scenarios/policies").join(file)).unwrap();
        let mut s = s;
        s.window.horizon = asielsim::engine::SimTime::from_days(200);
        let settings = RunSettings {
            replications: 2,
            seed: 3,
            threads: 2,
        };
        experiment::run(&s, settings, &|| {}).unwrap()
    };
    let realistic = run("differentiated.toml");
    let perfect = run("differentiated_perfect_information.toml");
    let misrouted = realistic.summary("misrouted_share").unwrap().mean;
    assert!(
        (0.02..0.5).contains(&misrouted),
        "misrouted share {misrouted}"
    );
    assert_eq!(perfect.summary("misrouted_share").unwrap().mean, 0.0);
    // The same applications arrive (the cases that decisions bring back, nareis and returned,
    // follow the decisions, which the routing changes).
    for stream in ["first", "subsequent"] {
        let arrived = format!("arrived_{stream}");
        assert_eq!(
            realistic.summary(&arrived).unwrap().mean,
            perfect.summary(&arrived).unwrap().mean,
            "the same {stream} cases arrive"
        );
    }
}

/// The misrouted share against its analytic value: with two tracks, a route chosen by the track
/// alone and a track error of 0.2 (a wrong track is the group's other track), a case is routed
/// otherwise than perfect information would exactly when its track is misread: share 0.2. About
/// 200,000 cases make the binomial standard error 0.0009, so the band 0.195 to 0.205 holds the
/// right value by more than five standard errors, and an error rate off by 5% (0.21) falls
/// outside it by as much.
#[test]
fn the_misrouted_share_is_the_track_error_when_the_track_alone_routes() {
    use asielsim::experiment::{self, RunSettings};
    let text = r#"
        [run]
        horizon_days = 1000
        [[track]]
        name = "t1"
        [[track]]
        name = "t2"
        [[group]]
        name = "g"
        tracks = { t1 = 0.3, t2 = 0.7 }
        [[route]]
        name = "standard"
        [[route]]
        name = "dublin"
        [policy]
        name = "rules"
        [[policy.rule]]
        when = { track = ["t1"] }
        route = "dublin"
        [information]
        track_error = 0.2
        feature_miss = 0.0
        feature_false = 0.0
        [[pool]]
        name = "officers"
        servers = 1000
        [[stream]]
        name = "cases"
        rate_per_day = 200
        entry = "decide"
        [[step]]
        name = "decide"
        pool = "officers"
        work_hours = { dist = "fixed", value = 1 }
        next = "exit"
    "#;
    let s = scenario::parse(text, Path::new("misrouted.toml")).unwrap_or_else(|e| panic!("{e}"));
    let settings = RunSettings {
        replications: 1,
        seed: 4,
        threads: 1,
    };
    let run = experiment::run(&s, settings, &|| {}).unwrap();
    let m = run.replication(0);
    let share = m.get("misrouted_share").unwrap();
    assert!(m.get("arrived").unwrap() > 190_000.0);
    assert!((share - 0.2).abs() < 0.005, "misrouted share {share}");
    // The routes follow what the tower saw: t1 (0.3) is read right 80% of the time and t2
    // (0.7) wrongly 20%: 0.3 * 0.8 + 0.7 * 0.2 = 0.38 to dublin.
    let dublin = m.get("routed_share_dublin").unwrap();
    assert!((dublin - 0.38).abs() < 0.0095, "dublin share {dublin}");
}
