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
    let total = |metric: &str| -> f64 {
        run.replications
            .iter()
            .map(|m| m.get(metric).unwrap())
            .sum()
    };
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
