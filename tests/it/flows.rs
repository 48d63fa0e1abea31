//! Outcomes of decisions and the flows they bring back (`[[outcome]]`, `[[follow_up]]`): nareis
//! that follows the grants, an annulled decision taken again, a failed Dublin transfer back in the
//! national procedure, hand-worked to the day; outcome figures that add up; the must-analysis of
//! outcomes on the step graph (also across dated changes); follow-ons conserved; what is refused.

use std::path::Path;

use asielsim::error::ScenarioError;
use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

fn run_text(text: &str, replications: u32) -> Experiment {
    let scenario = scenario::parse(text, Path::new("flows.toml"))
        .unwrap_or_else(|e| panic!("valid: {e}\n{text}"));
    let settings = RunSettings {
        replications,
        seed: 7,
        threads: 2,
    };
    experiment::run(&scenario, settings, &|| {}).expect("runs")
}

/// The problems of an invalid scenario text, one line each: `field | problem | fix`.
fn problems(text: &str) -> Vec<String> {
    match scenario::parse(text, Path::new("flows.toml")) {
        Ok(_) => panic!("the scenario should be refused:\n{text}"),
        Err(ScenarioError::Invalid { problems, .. }) => problems
            .iter()
            .map(|p| format!("{} | {} | {}", p.field, p.problem, p.fix))
            .collect(),
        Err(other) => panic!("refused for another reason: {other}"),
    }
}

fn value(experiment: &Experiment, r: usize, name: &str) -> f64 {
    experiment
        .replication(r)
        .get(name)
        .unwrap_or_else(|| panic!("metric {name} exists"))
}

/// First applications decided after a delay of their own (no queue, so a case's decision day is
/// its own), granted with share `grant` (more for one group); each grant brings a Poisson number
/// of nareis applications, which arrive beside a fixed rate of nareis.
fn nareis_text(grant: f64) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 730
        [[group]]
        name = "syria"
        [[group]]
        name = "other"
        [[stream]]
        name = "asylum"
        rate_per_day = 20
        entry = "decide"
        groups = {{ syria = 0.4, other = 0.6 }}
        [[stream]]
        name = "nareis"
        rate_per_day = 2
        entry = "nareis_decision"
        groups = {{ syria = 0.4, other = 0.6 }}
        [[step]]
        name = "decide"
        delay_days = {{ dist = "lognormal", mean = 60, cv = 0.5 }}
        branch = [ {{ to = "grant", p = {{ syria = {syria}, default = {grant} }} }},
                   {{ to = "reject", p = {{ syria = {syria_reject}, default = {reject} }} }} ]
        [[step]]
        name = "grant"
        outcome = "grant"
        next = "exit"
        [[step]]
        name = "reject"
        outcome = "reject"
        next = "exit"
        [[step]]
        name = "nareis_decision"
        delay_days = {{ dist = "exponential", mean = 30 }}
        next = "grant"
        [[outcome]]
        name = "grant"
        granted = true
        [[outcome]]
        name = "reject"
        [[follow_up]]
        name = "family"
        outcomes = ["grant"]
        streams = ["asylum"]
        into = "nareis"
        per_case = {{ syria = 1.2, default = 0.3 }}
        lag_days = {{ dist = "lognormal", mean = 120, cv = 0.8 }}
        "#,
        syria = grant + 0.3,
        syria_reject = 0.7 - grant,
        reject = 1.0 - grant,
    )
}

/// With the same seed, a higher grant share gives every replication at least as many nareis
/// arrivals (a case granted at the lower share is granted at the higher, on the same day, with
/// the same follow-ons), and more in all; the nareis of the fixed rate are the same cases.
#[test]
fn nareis_intake_rises_when_grants_rise() {
    let low = run_text(&nareis_text(0.3), 6);
    let high = run_text(&nareis_text(0.5), 6);
    let (mut total_low, mut total_high) = (0.0, 0.0);
    for r in 0..6 {
        let (l, h) = (
            value(&low, r, "arrived_nareis"),
            value(&high, r, "arrived_nareis"),
        );
        assert!(
            h >= l,
            "replication {r}: {h} nareis at the higher grant share, {l} at the lower"
        );
        assert!(value(&high, r, "decided_grant") >= value(&low, r, "decided_grant"));
        assert!(value(&high, r, "returned_family") >= value(&low, r, "returned_family"));
        // The fixed-rate nareis keep their arrival numbers: the same cases in both.
        assert_eq!(
            l - value(&low, r, "returned_family"),
            h - value(&high, r, "returned_family"),
            "replication {r}: the fixed-rate nareis differ"
        );
        assert!(value(&low, r, "follow_ups_family") >= value(&low, r, "returned_family"));
        total_low += l;
        total_high += h;
    }
    assert!(total_high > total_low, "{total_high} <= {total_low}");
}

/// Cases every 30 days (days 30, 60, 90), rejected after 5 days; every rejection is appealed
/// and annulled (`returns` 1), the case coming back to the decision step 10 days after the
/// decision, as a case of stream `annulled`, which the decision grants; `more` is appended.
fn annulled_text(term_days: u32, more: &str) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 100
        [[stream]]
        name = "asylum"
        interarrival_days = {{ dist = "fixed", value = 30 }}
        entry = "decide"
        [[stream]]
        name = "annulled"
        entry = "decide"
        [[step]]
        name = "decide"
        delay_days = {{ dist = "fixed", value = 5 }}
        [[step.route]]
        when = {{ stream = ["annulled"] }}
        next = "grant"
        [[step.route]]
        next = "reject"
        [[step]]
        name = "grant"
        outcome = "grant"
        next = "exit"
        [[step]]
        name = "reject"
        outcome = "reject"
        next = "exit"
        [[outcome]]
        name = "grant"
        granted = true
        [[outcome]]
        name = "reject"
        [[follow_up]]
        name = "appeal"
        outcomes = ["reject"]
        streams = ["asylum"]
        into = "annulled"
        at_step = "decide"
        share = 1
        lag_days = {{ dist = "fixed", value = 10 }}
        term_days = {term_days}
        {more}
        [law]
        [[law.term]]
        name = "six_months"
        streams = ["asylum", "annulled"]
        months = 6
        "#
    )
}

/// Worked by hand: case 1 arrives on day 30, is rejected on day 35, comes back on day 45 and is
/// granted on day 50; case 2: 60, 65, 75, 80; case 3 is rejected on day 95 and would come back
/// on day 105, after the horizon (day 100). The new term runs from the day the case comes back:
/// 5 days from day 45 end on day 50, the day of the new decision (within); 4 days end the day
/// before (late).
#[test]
fn an_annulled_decision_returns_and_is_decided_again() {
    let within = run_text(&annulled_text(5, ""), 1);
    let r = within.replication(0);
    let get = |name: &str| r.get(name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(get("arrived_asylum"), 3.0);
    assert_eq!(get("decided_reject"), 3.0);
    assert_eq!(get("follow_ups_appeal"), 3.0, "every rejection is appealed");
    assert_eq!(
        get("returned_appeal"),
        2.0,
        "the third comes back after the horizon"
    );
    assert_eq!(get("arrived_annulled"), 2.0);
    assert_eq!(get("decided_grant"), 2.0);
    assert_eq!(get("decided_annulled_grant_2026"), 2.0);
    assert_eq!(get("decided_asylum_reject_2026"), 3.0);
    assert_eq!(get("completed"), 5.0);
    assert_eq!(get("in_system_end"), 0.0);
    assert_eq!(get("throughput_days_mean_annulled"), 5.0);
    assert_eq!(get("within_term_share_annulled"), 1.0);
    assert_eq!(get("grant_share"), 0.4);
    let late = run_text(&annulled_text(4, ""), 1);
    assert_eq!(
        late.replication(0).get("within_term_share_annulled"),
        Some(0.0)
    );
    assert_eq!(
        late.replication(0).get("within_term_share_asylum"),
        Some(1.0)
    );
    // Without returns every appeal is only counted: no case comes back.
    let counted = run_text(&annulled_text(5, "returns = 0"), 1);
    let c = counted.replication(0);
    assert_eq!(c.get("follow_ups_appeal"), Some(3.0));
    assert_eq!(c.get("returned_appeal"), Some(0.0));
    assert_eq!(c.get("arrived_annulled"), Some(0.0));
}

/// A follow-on of a decision taken after the horizon never appears, and one due after the
/// horizon is counted but never arrives.
#[test]
fn a_follow_on_after_the_horizon_never_appears() {
    // Decided on day 80, after the horizon of 60 days: no decision, no follow-on.
    let text = annulled_text(5, "")
        .replace("horizon_days = 100", "horizon_days = 60")
        .replace(
            "delay_days = { dist = \"fixed\", value = 5 }",
            "delay_days = { dist = \"fixed\", value = 50 }",
        );
    let run = run_text(&text, 1);
    let r = run.replication(0);
    assert_eq!(r.get("arrived_asylum"), Some(1.0));
    assert_eq!(r.get("decided_reject"), Some(0.0));
    assert_eq!(r.get("follow_ups_appeal"), Some(0.0));
    assert_eq!(r.get("returned_appeal"), Some(0.0));
    assert_eq!(r.get("arrived_annulled"), Some(0.0));
    // Decided on day 35, due back on day 45, after the horizon of 40 days.
    let text = annulled_text(5, "").replace("horizon_days = 100", "horizon_days = 40");
    let r = run_text(&text, 1);
    assert_eq!(r.replication(0).get("follow_ups_appeal"), Some(1.0));
    assert_eq!(r.replication(0).get("returned_appeal"), Some(0.0));
    assert_eq!(r.replication(0).get("arrived"), Some(1.0));
}

/// Every case is a Dublin case (track 1); the claim takes 20 days and ends in a Dublin decision.
/// Every transfer fails: 183 days after the decision the case comes back, at registration, as a
/// case of stream `dublin_returned`; `track` is appended to the follow-up.
fn dublin_text(track: &str) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 300
        [[track]]
        name = "track1"
        [[track]]
        name = "track4"
        [[group]]
        name = "all"
        tracks = {{ track1 = 1.0 }}
        [[stream]]
        name = "asylum"
        interarrival_days = {{ dist = "fixed", value = 30 }}
        entry = "registration"
        [[stream]]
        name = "dublin_returned"
        entry = "registration"
        [[step]]
        name = "registration"
        [[step.route]]
        when = {{ track = ["track1"] }}
        next = "dublin_claim"
        [[step.route]]
        next = "national"
        [[step]]
        name = "dublin_claim"
        delay_days = {{ dist = "fixed", value = 20 }}
        outcome = "dublin"
        next = "exit"
        [[step]]
        name = "national"
        delay_days = {{ dist = "fixed", value = 7 }}
        [[step.route]]
        when = {{ track = ["track1"] }}
        next = "dublin_claim"
        [[step.route]]
        next = "grant"
        [[step]]
        name = "grant"
        outcome = "grant"
        next = "exit"
        [[outcome]]
        name = "grant"
        granted = true
        [[outcome]]
        name = "dublin"
        [[follow_up]]
        name = "dublin_failed"
        outcomes = ["dublin"]
        streams = ["asylum"]
        into = "dublin_returned"
        share = 1
        lag_days = {{ dist = "fixed", value = 183 }}
        {track}
        [law]
        [[law.term]]
        name = "six_months"
        streams = ["asylum", "dublin_returned"]
        months = 6
        "#
    )
}

/// Worked by hand: arrivals on days 30, 60, ..., 270; Dublin decisions 20 days later (days 50 to
/// 290); the failed transfers come back 183 days after them, on days 233, 263 and 293 (the rest
/// after the horizon, day 300). As track 4 they go the national way and are granted 7 days
/// later (days 240 and 270; the third is still in it at the horizon); without the track they
/// are track 1 cases again and go back to the Dublin claim (decided on days 253 and 283).
#[test]
fn a_failed_dublin_transfer_returns_as_a_track_4_case() {
    let national = run_text(&dublin_text("track = \"track4\""), 1);
    let r = national.replication(0);
    let get = |name: &str| r.get(name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(get("arrived_asylum"), 9.0);
    assert_eq!(get("decided_dublin"), 9.0);
    assert_eq!(get("follow_ups_dublin_failed"), 9.0);
    assert_eq!(get("returned_dublin_failed"), 3.0);
    assert_eq!(get("arrived_dublin_returned"), 3.0);
    assert_eq!(get("decided_dublin_returned_grant_2026"), 2.0);
    assert_eq!(get("decided_dublin_returned_dublin_2026"), 0.0);
    assert_eq!(get("decided_track4_2026"), 2.0);
    assert_eq!(get("in_system_end_dublin_returned"), 1.0);
    assert_eq!(get("throughput_days_mean_dublin_returned"), 7.0);
    let again = run_text(&dublin_text(""), 1);
    let r = again.replication(0);
    assert_eq!(r.get("decided_dublin_returned_dublin_2026"), Some(2.0));
    assert_eq!(r.get("decided_dublin_returned_grant_2026"), Some(0.0));
    assert_eq!(r.get("throughput_days_mean_dublin_returned"), Some(20.0));
}

/// A queueing scenario with a warm-up, impatient applicants, three streams and follow-ups of
/// every kind (a Bernoulli and a Poisson count per group, only counted in part, thinned from a
/// date, with a track and a term); `seed` is its run seed.
fn busy_text() -> &'static str {
    r#"
    [scenario]
    start_date = 2026-01-01
    [run]
    horizon_days = 500
    warmup_days = 60
    [[track]]
    name = "track1"
    [[track]]
    name = "track4"
    [[group]]
    name = "syria"
    tracks = { track1 = 0.2, track4 = 0.8 }
    [[group]]
    name = "other"
    tracks = { track1 = 0.4, track4 = 0.6 }
    [[pool]]
    name = "officers"
    servers = 4
    [[stream]]
    name = "asylum"
    rate_per_day = 3
    entry = "registration"
    groups = { syria = 0.5, other = 0.5 }
    patience_days = { dist = "exponential", mean = 40 }
    [[stream]]
    name = "nareis"
    entry = "nareis_decision"
    [[stream]]
    name = "subsequent"
    entry = "decide"
    [[step]]
    name = "registration"
    [[step.route]]
    when = { track = ["track1"] }
    next = "dublin"
    [[step.route]]
    next = "decide"
    [[step]]
    name = "dublin"
    delay_days = { dist = "uniform", min = 20, max = 40 }
    outcome = "dublin"
    next = "exit"
    [[step]]
    name = "decide"
    pool = "officers"
    work_hours = { dist = "exponential", mean = 20 }
    branch = [ { to = "grant", p = { syria = 0.8, default = 0.4 } },
               { to = "reject", p = { syria = 0.2, default = 0.6 } } ]
    [[step]]
    name = "grant"
    outcome = "grant"
    next = "exit"
    [[step]]
    name = "reject"
    outcome = "reject"
    next = "exit"
    [[step]]
    name = "nareis_decision"
    pool = "officers"
    work_hours = { dist = "exponential", mean = 4 }
    branch = [ { to = "grant", p = 0.9 }, { to = "reject", p = 0.1 } ]
    [[outcome]]
    name = "grant"
    granted = true
    [[outcome]]
    name = "reject"
    [[outcome]]
    name = "dublin"
    [[follow_up]]
    name = "family"
    outcomes = ["grant"]
    streams = ["asylum"]
    into = "nareis"
    per_case = { syria = 1.5, default = 0.4 }
    lag_days = { dist = "lognormal", mean = 60, cv = 0.8 }
    factor = [ { from = 2026-09-01, factor = 0.5 } ]
    [[follow_up]]
    name = "appeal"
    outcomes = ["reject"]
    into = "asylum"
    at_step = "decide"
    share = 0.8
    returns = 0.3
    lag_days = { dist = "exponential", mean = 50 }
    term_months = 2
    [[follow_up]]
    name = "dublin_failed"
    outcomes = ["dublin"]
    into = "asylum"
    at_step = "decide"
    track = "track4"
    share = 0.5
    lag_days = { dist = "fixed", value = 90 }
    [[follow_up]]
    name = "again"
    outcomes = ["reject"]
    streams = ["asylum", "subsequent"]
    into = "subsequent"
    share = { syria = 0.1, default = 0.3 }
    lag_days = { dist = "gamma", mean = 80, cv = 0.5 }
    [law]
    [[law.term]]
    name = "six_months"
    streams = ["asylum", "subsequent"]
    months = 6
    [[law.term]]
    name = "nareis"
    streams = ["nareis"]
    days = 90
    "#
}

/// The decisions per outcome add up to the decisions: in the window, per year, and per stream
/// and year; the grant share is the granted outcomes' share.
#[test]
fn outcome_figures_add_up_to_the_decisions() {
    let run = run_text(busy_text(), 4);
    let outcomes = ["grant", "reject", "dublin"];
    let streams = ["asylum", "nareis", "subsequent"];
    for r in 0..4 {
        let get = |name: &str| value(&run, r, name);
        let decided = get("decided");
        assert_eq!(decided, get("completed"));
        let by_outcome: f64 = outcomes.iter().map(|o| get(&format!("decided_{o}"))).sum();
        assert_eq!(by_outcome, decided, "replication {r}");
        assert!((get("grant_share") - get("decided_grant") / decided).abs() < 1e-12);
        for year in [2026, 2027] {
            let total: f64 = outcomes
                .iter()
                .map(|o| get(&format!("decided_{o}_{year}")))
                .sum();
            assert_eq!(total, get(&format!("decided_{year}")), "{year}");
            for s in streams {
                let parts: f64 = outcomes
                    .iter()
                    .map(|o| get(&format!("decided_{s}_{o}_{year}")))
                    .sum();
                assert_eq!(parts, get(&format!("decided_{s}_{year}")), "{s} {year}");
            }
            for o in outcomes {
                let parts: f64 = streams
                    .iter()
                    .map(|s| get(&format!("decided_{s}_{o}_{year}")))
                    .sum();
                assert_eq!(parts, get(&format!("decided_{o}_{year}")), "{o} {year}");
            }
        }
        // Nareis cases are never Dublin decisions here, and nareis are all from grants.
        assert_eq!(get("decided_nareis_dublin_2026"), 0.0);
        assert_eq!(get("arrived_nareis"), get("returned_family"));
        assert_eq!(get("arrived_subsequent"), get("returned_again"));
        assert!(get("returned_appeal") < get("follow_ups_appeal"));
        assert!(get("returned_family") > 0.0 && get("returned_dublin_failed") > 0.0);
        for f in ["family", "appeal", "dublin_failed", "again"] {
            let by_year: f64 = [2026, 2027]
                .iter()
                .map(|y| get(&format!("returned_{f}_{y}")))
                .sum();
            assert_eq!(by_year, get(&format!("returned_{f}")), "{f}");
            let by_year: f64 = [2026, 2027]
                .iter()
                .map(|y| get(&format!("follow_ups_{f}_{y}")))
                .sum();
            assert_eq!(by_year, get(&format!("follow_ups_{f}")), "{f}");
        }
    }
}

/// Cases are conserved per stream with follow-ons (in the system at the start + arrived =
/// completed + withdrawn + in the system at the end), over several seeds; the engine checks the
/// follow-ons themselves (brought = came back + only counted + due after the horizon).
#[test]
fn cases_are_conserved_with_follow_ons() {
    let scenario = scenario::parse(busy_text(), Path::new("flows.toml")).unwrap();
    for seed in 1..=4 {
        let settings = RunSettings {
            replications: 2,
            seed,
            threads: 2,
        };
        let run = experiment::run(&scenario, settings, &|| {}).expect("runs");
        for r in 0..2 {
            for suffix in ["", "_asylum", "_nareis", "_subsequent"] {
                let get = |what: &str| value(&run, r, &format!("{what}{suffix}"));
                assert_eq!(
                    get("in_system_start") + get("arrived"),
                    get("completed") + get("withdrawn") + get("in_system_end"),
                    "seed {seed}, replication {r}{suffix}"
                );
            }
            let returned: f64 = ["family", "appeal", "dublin_failed", "again"]
                .iter()
                .map(|f| value(&run, r, &format!("returned_{f}")))
                .sum();
            assert!(returned <= value(&run, r, "arrived"));
        }
    }
}

/// The mean of `per_case` and the chance of `share` hold: over many decisions, the follow-ons
/// per decision lie within four standard errors of the mean.
#[test]
fn counts_follow_their_share_and_mean() {
    let text = |count: &str| {
        format!(
            r#"
            [scenario]
            start_date = 2026-01-01
            [run]
            horizon_days = 400
            [[stream]]
            name = "cases"
            rate_per_day = 100
            entry = "decide"
            [[stream]]
            name = "later"
            entry = "decide"
            [[step]]
            name = "decide"
            delay_days = {{ dist = "fixed", value = 1 }}
            outcome = "done"
            next = "exit"
            [[outcome]]
            name = "done"
            [[follow_up]]
            name = "more"
            outcomes = ["done"]
            streams = ["cases"]
            into = "later"
            {count}
            returns = 0.5
            lag_days = {{ dist = "fixed", value = 1 }}
            "#
        )
    };
    for (count, mean, variance) in [("per_case = 2.5", 2.5, 2.5), ("share = 0.3", 0.3, 0.21)] {
        let run = run_text(&text(count), 1);
        let r = run.replication(0);
        let decisions = r.get("completed_cases").unwrap();
        let brought = r.get("follow_ups_more").unwrap();
        let se = (variance / decisions).sqrt();
        assert!(
            (brought / decisions - mean).abs() < 4.0 * se,
            "{count}: {brought} follow-ons of {decisions} decisions"
        );
        // Half of them come back: a binomial share of those brought.
        let returned = r.get("returned_more").unwrap();
        let se = (0.25 / brought).sqrt();
        assert!((returned / brought - 0.5).abs() < 4.0 * se + 2.0 / brought);
    }
}

/// Decisions on days 11, 21, 31, ... bring one follow-on 5 days later (days 16, 26, ...); from
/// 20 February (day 50) on, none: the follow-ons of days 16, 26, 36 and 46 are brought, those
/// of day 56 on are thinned out by the factor 0.
#[test]
fn a_dated_factor_thins_follow_ons_by_their_day() {
    let text = r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 100
        [[stream]]
        name = "cases"
        interarrival_days = { dist = "fixed", value = 10 }
        entry = "decide"
        [[step]]
        name = "decide"
        delay_days = { dist = "fixed", value = 1 }
        outcome = "done"
        next = "exit"
        [[outcome]]
        name = "done"
        [[follow_up]]
        name = "appeal"
        outcomes = ["done"]
        into = "cases"
        share = 1
        returns = 0
        lag_days = { dist = "fixed", value = 5 }
        factor = [ { from = 2026-02-20, factor = 0 } ]
    "#;
    let run = run_text(text, 1);
    assert_eq!(run.replication(0).get("decided_done"), Some(9.0));
    assert_eq!(run.replication(0).get("follow_ups_appeal"), Some(4.0));
    assert_eq!(run.replication(0).get("returned_appeal"), Some(0.0));
}

/// A review step gives its cases the outcome "reject"; from 20 February (day 50) a dated change
/// makes it "grant". Cases arrive every 10 days and leave the review 3 days later (days 13, 23,
/// ..., 93): those of days 13 to 43 are rejections, those of days 53 to 93 grants.
#[test]
fn a_change_sets_a_step_outcome_on_its_day() {
    let text = r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 100
        [[stream]]
        name = "cases"
        interarrival_days = { dist = "fixed", value = 10 }
        entry = "review"
        [[step]]
        name = "review"
        delay_days = { dist = "fixed", value = 3 }
        outcome = "reject"
        next = "exit"
        [[outcome]]
        name = "grant"
        granted = true
        [[outcome]]
        name = "reject"
        [[change]]
        name = "more_grants"
        date = 2026-02-20
        set.step = [ { name = "review", outcome = "grant" } ]
    "#;
    let run = run_text(text, 1);
    assert_eq!(run.replication(0).get("decided_reject"), Some(4.0));
    assert_eq!(run.replication(0).get("decided_grant"), Some(5.0));
}

/// Two steps, `decide` (with `decide` appended) then `review` (with `review`), then `more`.
fn two_steps(decide: &str, review: &str, more: &str) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 100
        [[stream]]
        name = "cases"
        rate_per_day = 1
        entry = "decide"
        [[step]]
        name = "decide"
        delay_days = {{ dist = "fixed", value = 3 }}
        {decide}
        [[step]]
        name = "review"
        delay_days = {{ dist = "fixed", value = 3 }}
        next = "exit"
        {review}
        [[outcome]]
        name = "grant"
        [[outcome]]
        name = "reject"
        {more}
        "#
    )
}

/// With outcomes, a way to the exit that sets none is refused, naming the step before the exit,
/// the way and where it starts; across a dated change, the steps a case may be at without an
/// outcome when the change takes effect count as starts.
#[test]
fn a_way_to_the_exit_without_an_outcome_is_refused() {
    let half = r#"branch = [ { to = "review", p = 0.5 }, { to = "exit", p = 0.5 } ]"#;
    let grant = r#"outcome = "grant""#;
    // `decide` sends half its cases straight to the exit without an outcome.
    let found = problems(&two_steps(half, grant, ""));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("step[0].outcome (step \"decide\")"),
        "{found:?}"
    );
    assert!(
        found[0].contains(
            "from the entry of stream \"cases\", the way \"decide\" -> \"exit\" sets none"
        ),
        "{found:?}"
    );
    assert!(
        found[0].contains("give step \"decide\" an outcome = ... (one of \"grant\", \"reject\")"),
        "{found:?}"
    );
    // Both ways set one: valid.
    let both = format!("outcome = \"reject\"\n{half}");
    assert!(scenario::parse(&two_steps(&both, grant, ""), Path::new("f.toml")).is_ok());
    // A backlog block that starts at `review` when only `decide` sets an outcome.
    let decide_sets = "outcome = \"reject\"\n        next = \"review\"";
    let block = r#"[[backlog.synthetic]]
        stream = "cases"
        size = 3
        age_days = { dist = "fixed", value = 10 }
        steps = { review = 1.0 }"#;
    let found = problems(&two_steps(decide_sets, "", block));
    assert!(
        found[0].starts_with("step[1].outcome (step \"review\")")
            && found[0]
                .contains("from a step backlog cases start at, the way \"review\" -> \"exit\""),
        "{found:?}"
    );
    // `review` sets the outcome; a change moves it to `decide`: the cases already at `review`
    // passed `decide` without one, so the change is refused.
    let moved = r#"[[change]]
        name = "decide_earlier"
        date = 2026-02-01
        set.step = [ { name = "decide", outcome = "reject" } ]
        remove = ["step.review.outcome"]"#;
    let found = problems(&two_steps("next = \"review\"", grant, moved));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("change \"decide_earlier\": step[1].outcome (step \"review\")"),
        "{found:?}"
    );
    assert!(
        found[0].contains("without an outcome from 2026-02-01"),
        "{found:?}"
    );
    assert!(
        found[0].contains("from step \"review\", where a case may be without an outcome when the change of 2026-02-01 takes effect, the way \"review\" -> \"exit\""),
        "{found:?}"
    );
    // The other way round is fine: a case past `decide` has its outcome, one before it gets
    // one at `review`.
    let later = r#"[[change]]
        name = "review_later"
        date = 2026-02-01
        set.step = [ { name = "review", outcome = "grant" } ]
        remove = ["step.decide.outcome"]"#;
    assert!(scenario::parse(&two_steps(decide_sets, "", later), Path::new("f.toml")).is_ok());
}

/// An outcome named like a stream would give `decided_<outcome>_<year>` the name of
/// `decided_<stream>_<year>`: refused, naming both meanings and the outcome.
#[test]
fn an_outcome_named_like_a_stream_is_refused_by_the_catalogue() {
    let text = annulled_text(5, "").replace("\"annulled\"", "\"grant\"");
    let found = problems(&text);
    assert!(
        found.iter().any(|p| p.contains("outcome[].name \"grant\"")
            && p.contains("the metric \"decided_grant_2026\" would have two meanings")
            && p.contains("decisions on cases of stream grant taken in 2026")
            && p.contains("decisions with outcome grant (a grant of protection) taken in 2026")
            && p.contains(
                "rename the stream, track, location, pool, team, route, step, outcome or follow-up"
            )),
        "{found:?}"
    );
}

/// Every field of `[[follow_up]]` is checked, each problem naming the field and the fix.
#[test]
fn malformed_follow_ups_are_refused() {
    let base = annulled_text(5, "");
    let cases: &[(&str, &str, &str)] = &[
        (
            "share = 1",
            "share = 1\n        per_case = 2",
            "follow_up[0].share (follow_up \"appeal\") | give either share",
        ),
        (
            "share = 1",
            "",
            "does not say how many follow-ons a decision brings",
        ),
        (
            "share = 1",
            "per_case = 101",
            "follow_up[0].per_case (follow_up \"appeal\") | must be from 0 to 100",
        ),
        (
            "share = 1",
            "share = 1.5",
            "follow_up[0].share (follow_up \"appeal\") | must be from 0 to 1",
        ),
        (
            "share = 1",
            "share = { nosuch = 0.5, default = 0.1 }",
            "follow_up[0].share.nosuch (follow_up \"appeal\") | there is no group named \"nosuch\"",
        ),
        (
            "outcomes = [\"reject\"]",
            "outcomes = [\"nosuch\"]",
            "there is no outcome named \"nosuch\"",
        ),
        (
            "outcomes = [\"reject\"]",
            "outcomes = []",
            "an empty list: no decision would trigger the follow-up",
        ),
        (
            "at_step = \"decide\"",
            "at_step = \"nosuch\"",
            "follow_up[0].at_step (follow_up \"appeal\") | there is no step named \"nosuch\"",
        ),
        (
            "into = \"annulled\"",
            "into = \"nosuch\"",
            "follow_up[0].into (follow_up \"appeal\") | there is no stream named \"nosuch\"",
        ),
        (
            "share = 1",
            "share = 1\n        returns = -0.1",
            "follow_up[0].returns (follow_up \"appeal\") | must be a share from 0 to 1",
        ),
        (
            "share = 1",
            "share = 1\n        track = \"nosuch\"",
            "there is no track named \"nosuch\"",
        ),
        (
            "share = 1",
            "share = 1\n        factor = [ { from = 2026-03-01, factor = 0.5 }, { from = 2026-02-01, factor = 2 } ]",
            "follow_up[0].factor[1].factor (follow_up \"appeal\") | must be from 0 to 1",
        ),
        (
            "share = 1",
            "share = 1\n        factor = [ { from = 2026-03-01, factor = 0.5 }, { from = 2026-02-01, factor = 0.2 } ]",
            "follow_up[0].factor[1].from (follow_up \"appeal\") | 2026-02-01 is not after the date of the step before it",
        ),
        (
            "term_days = 5",
            "term_days = -5",
            "follow_up[0].term_days (follow_up \"appeal\") | a term of 0 months and -5 days is out of range",
        ),
        (
            "lag_days = { dist = \"fixed\", value = 10 }",
            "lag_days = { dist = \"fixed\", value = 0 }",
            "follow_up[0].lag_days (follow_up \"appeal\") | value must be positive",
        ),
        (
            "name = \"appeal\"",
            "name = \"Appeal\"",
            "is not a snake_case name",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(base.contains(from), "{from}");
        let found = problems(&base.replacen(from, to, 1));
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{to}: expected {expected:?} in {found:?}"
        );
    }
    // Without law there is no term to set.
    let lawless = base[..base.find("[law]").unwrap()].to_string();
    let found = problems(&lawless);
    assert!(
        found
            .iter()
            .any(|p| p.contains("term_days") && p.contains("needs the scenario's [law]")),
        "{found:?}"
    );
    // Without outcomes there is nothing to trigger a follow-up.
    let found = problems(&base.replace("[[outcome]]\n        name = \"grant\"\n        granted = true\n        [[outcome]]\n        name = \"reject\"", "").replace("outcome = \"grant\"\n", "").replace("outcome = \"reject\"\n", ""));
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("follow_up | follow-ups are triggered by the outcomes")),
        "{found:?}"
    );
    // A step naming an outcome that is not declared.
    let found = problems(&base.replace("outcome = \"grant\"\n", "outcome = \"granted\"\n"));
    assert!(
        found.iter().any(|p| p
            .contains("step[1].outcome (step \"grant\") | there is no outcome named \"granted\"")),
        "{found:?}"
    );
    // Unknown keys are errors.
    let found = scenario::parse(
        &base.replace("share = 1", "share = 1\n        chance = 1"),
        Path::new("f.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(found.contains("chance"), "{found}");
}

/// Follow-ups that bring, per decision, one or more cases of streams whose decisions bring cases
/// of the first would multiply cases without end: refused; below one they are allowed.
#[test]
fn follow_ups_that_feed_themselves_are_refused() {
    let base = annulled_text(5, "");
    // Annulled decisions come back into asylum itself: every rejection brings one again.
    let circle = base
        .replace("into = \"annulled\"", "into = \"asylum\"")
        .replace(
            "entry = \"decide\"\n        [[step]]",
            "entry = \"decide\"\n        rate_per_day = 1\n        [[step]]",
        );
    let found = problems(&circle);
    assert!(
        found.iter().any(|p| p.starts_with("follow_up[0].streams (follow_up \"appeal\")")
            && p.contains("follow-ups \"appeal\" bring cases of the streams \"asylum\" back into the same streams: a case there can bring on average 1 cases like it per generation")
            && p.contains("would multiply without end")),
        "{found:?}"
    );
    // Family members of granted cases whose own rejections are appealed into the first stream:
    // 1.5 of them per grant, 0.6 back per rejection of theirs: 0.9 over the two generations of
    // the circle, below 1; at 0.7 back, 1.05.
    let family = base
        .replace(
            "[[follow_up]]",
            r#"[[follow_up]]
        name = "family"
        outcomes = ["grant"]
        streams = ["asylum"]
        into = "annulled"
        per_case = 1.5
        lag_days = { dist = "fixed", value = 10 }
        [[follow_up]]"#,
        )
        .replace(
            "streams = [\"asylum\"]\n        into = \"annulled\"\n        at_step",
            "streams = [\"annulled\"]\n        into = \"asylum\"\n        at_step",
        )
        .replace("share = 1", "share = 0.6");
    assert!(scenario::parse(&family, Path::new("flows.toml")).is_ok());
    let found = problems(&family.replace("share = 0.6", "share = 0.7"));
    assert!(
        found.iter().any(|p| p.contains("follow-ups \"family\", \"appeal\" bring cases of the streams \"asylum\", \"annulled\" back")),
        "{found:?}"
    );
    // With half of them annulled, a decision brings half a case: allowed.
    let damped = circle.replace("share = 1", "share = 1\n        returns = 0.5");
    let run = run_text(&damped, 1);
    assert!(run.replication(0).get("returned_appeal").is_some());
}

/// A change moves the stream's entry to `x` (whose way passes `y` and then sets an outcome); a
/// second change moves the entry back and sends `y` straight to the exit. Cases that entered at
/// `x` under the first change may be at `y` without an outcome when the second takes effect, so
/// the second change is refused (it used to pass, and the run then stopped on decisions without
/// an outcome).
#[test]
fn the_steps_a_moved_entry_reaches_count_across_a_later_change() {
    let text = r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 60
        [[outcome]]
        name = "grant"
        [[pool]]
        name = "officers"
        servers = 5
        [[stream]]
        name = "s"
        rate_per_day = 2
        entry = "a"
        [[step]]
        name = "a"
        pool = "officers"
        work_hours = { dist = "fixed", value = 1 }
        next = "set"
        [[step]]
        name = "set"
        outcome = "grant"
        next = "exit"
        [[step]]
        name = "x"
        pool = "officers"
        work_hours = { dist = "fixed", value = 1 }
        next = "y"
        [[step]]
        name = "y"
        delay_days = { dist = "fixed", value = 15 }
        next = "set"
        [[change]]
        name = "new_entry"
        date = 2026-01-11
        set.stream = [ { name = "s", entry = "x" } ]
        [[change]]
        name = "back"
        date = 2026-01-21
        set.stream = [ { name = "s", entry = "a" } ]
        set.step = [ { name = "y", next = "exit" } ]
        "#;
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("change \"back\": step[3].outcome (step \"y\")"),
        "{found:?}"
    );
    assert!(found[0].contains("the way \"y\" -> \"exit\""), "{found:?}");
    // Without the first change no case is ever at `y`: valid.
    let without = text.replace(
        "set.stream = [ { name = \"s\", entry = \"x\" } ]",
        "set.stream = [ { name = \"s\", entry = \"a\" } ]",
    );
    assert!(scenario::parse(&without, Path::new("f.toml")).is_ok());
}
