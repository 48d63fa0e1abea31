//! Decision terms and penalty payments end to end, on cases worked out by hand.
//!
//! One nareis case is lodged on day 200 (20 July 2026); its term is 90 days, so the last day
//! of the term is day 290 (18 October 2026). Its applicant always sends a notice of default,
//! received on day 292 (one day after expiry); the Awb 4:17 penalty then runs from day
//! 306 (the later of term end and notice, plus 14 days). The applicant always appeals 14 days
//! after the notice (day 306); the court rules 10 days later (day 316), orders a decision within
//! 8 weeks if the applicant has been heard (deadline day 372) or 16 weeks if not (day 428), and
//! the IND pays EUR 1,000 procedural costs on the day of the judgment.

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

fn scenario_text(steps: &str) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 399
        [[stream]]
        name = "nareis"
        interarrival_days = {{ dist = "fixed", value = 200 }}
        entry = "first"
        {steps}
        [law]
        [[law.term]]
        name = "nareis_90_days"
        streams = ["nareis"]
        days = 90
        [law.notice]
        share = 1.0
        delay_days = {{ dist = "fixed", value = 1 }}
        [[law.admin_penalty]]
        grace_days = 14
        tiers = [ {{ days = 14, euro_per_day = 23 }}, {{ days = 14, euro_per_day = 35 }},
                  {{ days = 14, euro_per_day = 45 }} ]
        cap_euro = 1442
        [[law.court_penalty]]
        appeal_share = 1.0
        after_notice_days = 14
        judgment_days = {{ dist = "fixed", value = 10 }}
        order_days_heard = 56
        order_days_not_heard = 112
        tiers = [ {{ euro_per_day = 100 }} ]
        cap_euro = 7500
        costs_euro = 1000
        "#
    )
}

/// The one replication of a run, read by metric name.
struct One(Experiment);

impl One {
    fn get(&self, name: &str) -> Option<f64> {
        self.0.replication(0).get(name)
    }
}

fn run(steps: &str) -> One {
    let text = scenario_text(steps);
    let scenario = scenario::parse(&text, Path::new("law.toml")).expect("valid");
    let settings = RunSettings {
        replications: 1,
        seed: 1,
        threads: 1,
    };
    One(experiment::run(&scenario, settings, &|| {}).expect("runs"))
}

fn delay_step(name: &str, days: u32, next: &str, hearing: bool) -> String {
    format!(
        "[[step]]\nname = \"{name}\"\ndelay_days = {{ dist = \"fixed\", value = {days} }}\nhearing = {hearing}\nnext = \"{next}\"\n"
    )
}

#[test]
fn decided_on_the_last_day_of_the_term_is_in_time() {
    let m = run(&delay_step("first", 90, "exit", false));
    assert_eq!(m.get("decided"), Some(1.0));
    assert_eq!(m.get("within_term_share"), Some(1.0));
    // Decided on day 290 (18 October 2026): counted in 2026, and the run's 2027 has none.
    assert_eq!(m.get("decided_2026"), Some(1.0));
    assert_eq!(m.get("within_term_share_2026"), Some(1.0));
    assert_eq!(m.get("decided_2027"), Some(0.0));
    assert!(m.get("within_term_share_2027").expect("reported").is_nan());
    // Nothing open on 31 December 2026; the run ends before 31 December 2027.
    assert_eq!(m.get("backlog_end_2026"), Some(0.0));
    assert_eq!(m.get("backlog_end_2027"), None);
    assert_eq!(m.get("notices"), Some(0.0));
    assert_eq!(m.get("penalty_eur_total"), Some(0.0));
}

#[test]
fn one_day_late_is_late_but_costs_nothing_yet() {
    let m = run(&delay_step("first", 91, "exit", false));
    assert_eq!(m.get("within_term_share"), Some(0.0));
    assert_eq!(m.get("penalty_eur_total"), Some(0.0));
}

/// Decided on day 330: 24 days into the administrative penalty, 14 x 23 + 10 x 35 = EUR 672.
/// The court's judgment (day 316) came first: costs EUR 1,000; its deadline (day 428) had not
/// passed.
#[test]
fn admin_penalty_and_court_costs_to_the_euro() {
    let m = run(&delay_step("first", 130, "exit", false));
    assert_eq!(m.get("within_term_share"), Some(0.0));
    assert_eq!(m.get("notices"), Some(1.0));
    assert_eq!(m.get("court_cases"), Some(1.0));
    assert_eq!(m.get("penalty_eur_admin"), Some(672.0));
    assert_eq!(m.get("penalty_eur_court"), Some(0.0));
    assert_eq!(m.get("penalty_eur_total"), Some(672.0));
    assert_eq!(m.get("court_costs_eur"), Some(1000.0));
    assert_eq!(m.get("penalty_eur_2026"), Some(672.0));
}

/// Heard on day 201, decided on day 385 (21 January 2027). The administrative penalty reached
/// its cap of EUR 1,442 on day 348 (15 December 2026) and was paid then; the court's deadline was
/// day 372 (heard: 8 weeks), so 13 days at EUR 100 = EUR 1,300, paid at the decision in 2027.
#[test]
fn capped_admin_penalty_and_court_penalty_fall_in_their_years() {
    let steps = delay_step("first", 1, "wait", true) + &delay_step("wait", 184, "exit", false);
    let m = run(&steps);
    assert_eq!(m.get("penalty_eur_admin"), Some(1442.0));
    assert_eq!(m.get("penalty_eur_court"), Some(1300.0));
    assert_eq!(m.get("penalty_eur_2026"), Some(1442.0));
    assert_eq!(m.get("penalty_eur_2027"), Some(1300.0));
    assert_eq!(m.get("penalty_eur_total"), Some(2742.0));
    assert_eq!(m.get("decided_2026"), Some(0.0));
    assert_eq!(m.get("decided_2027"), Some(1.0));
    assert_eq!(m.get("within_term_share_2027"), Some(0.0));
}

/// Still open at the end (00:00 of day 399, the horizon): the administrative penalty was capped
/// on day 348 and is paid; the court penalty has accrued 27 days (from day 372) = EUR 2,700 but
/// is not yet due.
#[test]
fn open_case_pays_reached_caps_and_reports_the_rest_as_accrued() {
    let steps = delay_step("first", 1, "wait", true) + &delay_step("wait", 300, "exit", false);
    let m = run(&steps);
    assert_eq!(m.get("decided"), Some(0.0));
    assert_eq!(m.get("backlog_end"), Some(1.0));
    assert_eq!(m.get("past_term_end"), Some(1.0));
    assert_eq!(m.get("backlog_end_2026"), Some(1.0));
    assert_eq!(m.get("penalty_eur_admin"), Some(1442.0));
    assert_eq!(m.get("penalty_eur_accrued_open"), Some(2700.0));
}

/// The policy switch "cases with a notice of default get priority": in an M/M/1 at 90% load,
/// stream `a` (a 3-day term, so nearly all its waiting cases get a notice while queued) and
/// stream `b` (a term of years) wait alike without the policy; with it, `a` cases move to the
/// front of the queue when their notice arrives, which needs the queue to re-order cases that
/// are already waiting.
#[test]
fn notice_priority_moves_waiting_cases_up() {
    let text = |priority: &str| {
        format!(
            r#"
            [scenario]
            start_date = 2026-01-01
            [run]
            horizon_days = 20000
            warmup_days = 500
            [[pool]]
            name = "officer"
            servers = 1
            discipline = "priority"
            [[stream]]
            name = "a"
            rate_per_day = 0.45
            priority = 1
            entry = "decide"
            [[stream]]
            name = "b"
            rate_per_day = 0.45
            priority = 1
            entry = "decide"
            [[step]]
            name = "decide"
            pool = "officer"
            work_hours = {{ dist = "exponential", mean = 24 }}
            next = "exit"
            [law]
            [[law.term]]
            name = "short"
            streams = ["a"]
            days = 3
            [[law.term]]
            name = "long"
            streams = ["b"]
            months = 600
            [law.notice]
            share = 1.0
            delay_days = {{ dist = "fixed", value = 1 }}
            {priority}
            "#
        )
    };
    let waits = |priority: &str| {
        let scenario = scenario::parse(&text(priority), Path::new("priority.toml")).unwrap();
        let settings = RunSettings {
            replications: 20,
            seed: 3,
            threads: 2,
        };
        let run = experiment::run(&scenario, settings, &|| {}).unwrap();
        let a = run.summary("wait_days_mean_a").unwrap().mean;
        let b = run.summary("wait_days_mean_b").unwrap().mean;
        (a, b)
    };
    let (a_off, b_off) = waits("");
    assert!(
        (a_off - b_off).abs() < 0.1 * b_off,
        "without the policy both streams wait alike: {a_off} vs {b_off}"
    );
    let (a_on, b_on) = waits("priority = 0");
    assert!(
        a_on < 0.6 * b_on,
        "with the policy, stream a waits much less: {a_on} vs {b_on}"
    );
}

/// A withdrawal ends the penalties as a decision does. The case waits from day 200 behind a
/// case of another stream that holds the pool's one officer from day 199 for 300 days; its
/// applicant withdraws after 130 days, on day 330: the administrative penalty ran for 24 days
/// (14 x 23 + 10 x 35 = EUR 672) and is paid that day; the judgment of day 316 cost EUR 1,000.
/// The month of the withdrawal (November 2026) counts it in `monthly.csv`.
#[test]
fn a_withdrawal_pays_what_accrued_up_to_its_day() {
    let steps = "[[pool]]\nname = \"officer\"\nservers = 1\n\
                 [[step]]\nname = \"first\"\npool = \"officer\"\n\
                 work_hours = { dist = \"fixed\", value = 1 }\nnext = \"exit\"\n\
                 [[step]]\nname = \"block\"\npool = \"officer\"\n\
                 work_hours = { dist = \"fixed\", value = 7200 }\nnext = \"exit\"\n\
                 [[stream]]\nname = \"blocker\"\nentry = \"block\"\n\
                 interarrival_days = { dist = \"fixed\", value = 199 }\n";
    let text = scenario_text(steps)
        .replace(
            "entry = \"first\"",
            "entry = \"first\"\npatience_days = { dist = \"fixed\", value = 130 }",
        )
        .replace(
            "[law.notice]",
            "[[law.term]]\nname = \"blocker\"\nstreams = [\"blocker\"]\ndays = 1000\n[law.notice]",
        );
    let scenario = scenario::parse(&text, Path::new("law.toml")).expect("valid");
    let settings = RunSettings {
        replications: 1,
        seed: 1,
        threads: 1,
    };
    let run = experiment::run(&scenario, settings, &|| {}).expect("runs");
    let m = One(run);
    assert_eq!(m.get("withdrawn"), Some(1.0));
    assert_eq!(m.get("decided"), Some(0.0));
    assert_eq!(m.get("notices"), Some(1.0));
    assert_eq!(m.get("penalty_eur_admin"), Some(672.0));
    assert_eq!(m.get("penalty_eur_total"), Some(672.0));
    assert_eq!(m.get("court_costs_eur"), Some(1000.0));
    assert_eq!(m.get("penalty_eur_2026"), Some(672.0));
    let by_month =
        m.0.replication(0)
            .monthly("withdrawn")
            .expect("a withdrawn column");
    assert_eq!(by_month.iter().sum::<f64>(), 1.0);
    assert_eq!(
        by_month[10], 1.0,
        "withdrawn in November 2026: {by_month:?}"
    );
}
