//! The engine against queueing theory: each bundled validation scenario states its analytic
//! answer in a comment, and the 95% confidence interval over its replications must contain it.

use crate::support::{assert_in_ci, mean, run_scenario};

#[test]
fn mmc_matches_erlang_c() {
    let run = run_scenario("validation/mmc.toml");
    assert_in_ci(&run, "wait_days_mean", 0.668732);
    assert_in_ci(&run, "queue_wait_days_mean_servers", 0.668732);
    assert_in_ci(&run, "throughput_days_mean", 1.668732);
    assert_in_ci(&run, "queue_length_mean", 6.018584);
    assert_in_ci(&run, "in_system_mean", 15.018584);
    assert_in_ci(&run, "utilisation_servers", 0.9);
    assert_in_ci(&run, "arrival_rate_per_day", 9.0);
    assert_in_ci(&run, "wait_probability", 0.668732);
}

#[test]
fn non_preemptive_priority_mm1_matches_cobham() {
    let run = run_scenario("validation/priority.toml");
    assert_in_ci(&run, "wait_days_mean_urgent", 1.0);
    assert_in_ci(&run, "wait_days_mean_regular", 5.0);
    assert_in_ci(&run, "throughput_days_mean_urgent", 2.0);
    assert_in_ci(&run, "throughput_days_mean_regular", 6.0);
    // Work conservation: the overall mean wait is the FIFO M/M/1 value.
    assert_in_ci(&run, "wait_days_mean", 4.0);
}

#[test]
fn non_preemptive_priority_mmc_matches_cobham() {
    let run = run_scenario("validation/priority_mmc.toml");
    assert_in_ci(&run, "wait_days_mean_class1", 0.095533);
    assert_in_ci(&run, "wait_days_mean_class2", 0.238833);
    assert_in_ci(&run, "wait_days_mean_class3", 1.671829);
    assert_in_ci(&run, "wait_days_mean", 0.668732);
}

#[test]
fn tandem_network_matches_jackson() {
    let run = run_scenario("validation/tandem.toml");
    assert_in_ci(&run, "throughput_days_mean", 3.264558);
    assert_in_ci(&run, "in_system_mean", 15.018584 + 11.362439 + 3.0);
    assert_in_ci(&run, "queue_wait_days_mean_first", 0.668732);
    assert_in_ci(&run, "queue_wait_days_mean_second", 0.762493);
    assert_in_ci(&run, "queue_wait_days_mean_third", 0.25);
}

#[test]
fn feedback_network_matches_traffic_equations() {
    let run = run_scenario("validation/feedback.toml");
    assert_in_ci(&run, "throughput_days_mean", 2.5);
    assert_in_ci(&run, "in_system_mean", 2.5);
    assert_in_ci(&run, "busy_servers_mean_node1", 5.0 / 9.0);
    assert_in_ci(&run, "busy_servers_mean_node2", 5.0 / 9.0);
    assert_in_ci(&run, "queue_wait_days_mean_node1", 0.625);
    assert_in_ci(&run, "queue_wait_days_mean_node2", 1.25);
}

#[test]
fn mg1_matches_pollaczek_khinchine() {
    let run = run_scenario("validation/mg1.toml");
    assert_in_ci(&run, "wait_days_mean_det", 2.0);
    assert_in_ci(&run, "wait_days_mean_erlang2", 3.0);
    assert_in_ci(&run, "wait_days_mean_expo", 4.0);
}

/// Little's law L = lambda W holds on every bundled validation scenario, per replication, up to
/// the edge effect of cases in the system at the window's ends (checked exactly inside every
/// run; here as the statistical statement users know).
#[test]
fn littles_law_holds_on_every_validation_scenario() {
    for rel in [
        "validation/mmc.toml",
        "validation/priority.toml",
        "validation/tandem.toml",
        "validation/feedback.toml",
        "validation/mg1.toml",
    ] {
        let run = run_scenario(rel);
        let l = mean(&run, "in_system_mean");
        let lambda_w = mean(&run, "arrival_rate_per_day") * mean(&run, "throughput_days_mean");
        assert!(
            (l - lambda_w).abs() < 0.01 * l,
            "{rel}: L = {l} but lambda W = {lambda_w}"
        );
        // Flow conservation in the window, per replication, exactly.
        for m in run.each_replication() {
            let get = |name| m.get(name).unwrap();
            assert_eq!(
                get("in_system_start") + get("arrived"),
                get("completed") + get("in_system_end"),
                "{rel}: cases are not conserved"
            );
        }
    }
}
