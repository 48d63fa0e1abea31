//! Court regimes and notice rules end to end, to the day and the euro: a court that attaches no
//! penalty, a mix of caps, the second order after a repeat failure, the regime an appeal keeps,
//! and notices of default per stream.
//!
//! The case of most tests is one backlog case of stream `nareis`, lodged on 31 December 2025
//! (day -1). Its term is 90 days, so its last day is day 89 (31 March 2026). It is heard on day 1
//! and decided on the day a test chooses. Its applicant sends a notice of default, received on
//! day 91 (2 April); the Awb 4:17 penalty runs from day 105 (the notice + 14 days) and reaches
//! its cap of EUR 1,442 on day 147. The applicant appeals on day 105 (16 April); the court rules
//! on day 115 (26 April) and, the applicant having been heard, orders a decision within 8 weeks:
//! deadline day 171 (21 June). At EUR 100 a day the first order's penalty reaches EUR 7,500 on
//! day 246 (4 September) and EUR 15,000 on day 321 (18 November). After a repeat failure the
//! applicant appeals again 14 days after the deadline (day 185, 5 July); the court rules on day
//! 195 and orders a decision within 2 weeks: deadline day 209 (29 July), EUR 200 a day, its cap
//! of EUR 15,000 reached on day 284 (12 October).

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

/// The court regime's keys common to every test; `court` adds the rest.
const COURT: &str = r#"
[[law.court_penalty]]
name = "beroep_niet_tijdig"
appeal_share = 1.0
after_notice_days = 14
judgment_days = { dist = "fixed", value = 10 }
order_days_heard = 56
order_days_not_heard = 112
costs_euro = 1000
"#;

/// A second order after a repeat failure: EUR 200 a day to EUR 15,000, costs EUR 1,500.
const REPEAT: &str = r#"
[law.court_penalty.repeat]
share = 1.0
after_deadline_days = 14
judgment_days = { dist = "fixed", value = 10 }
order_days = 14
tiers = [ { euro_per_day = 200 } ]
cap_euro = 15000
costs_euro = 1500
"#;

/// EUR 100 a day, one cap of EUR 7,500.
const PENALTY_7500: &str = "tiers = [ { euro_per_day = 100 } ]\ncap_euro = 7500\n";

/// A scenario of `cases` backlog cases of one stream lodged on day -1, decided on day
/// `decided` (never, for a day past the horizon), with `court` after the common court keys and
/// `law` after the court regime.
fn scenario_text(court: &str, law: &str, decided: u32, horizon: u32, cases: u32) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = {horizon}
        [[stream]]
        name = "nareis"
        interarrival_days = {{ dist = "fixed", value = 30000 }}
        entry = "hear"
        [[step]]
        name = "hear"
        delay_days = {{ dist = "fixed", value = 1 }}
        hearing = true
        next = "wait"
        [[step]]
        name = "wait"
        delay_days = {{ dist = "fixed", value = {wait} }}
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
        name = "awb_4_17"
        grace_days = 14
        tiers = [ {{ days = 14, euro_per_day = 23 }}, {{ days = 14, euro_per_day = 35 }},
                  {{ days = 14, euro_per_day = 45 }} ]
        cap_euro = 1442
        {COURT}
        {court}
        {law}
        [[backlog.synthetic]]
        stream = "nareis"
        size = {cases}
        age_days = {{ dist = "fixed", value = 1 }}
        "#,
        wait = decided - 1,
    )
}

/// The one replication of a run, read by metric name.
struct One(Experiment);

impl One {
    fn get(&self, name: &str) -> f64 {
        self.0
            .replication(0)
            .get(name)
            .unwrap_or_else(|| panic!("no metric {name}"))
    }
}

fn run_text(text: &str) -> One {
    let scenario = scenario::parse(text, Path::new("law_regimes.toml")).expect("valid");
    let settings = RunSettings {
        replications: 1,
        seed: 1,
        threads: 1,
    };
    One(experiment::run(&scenario, settings, &|| {}).expect("runs"))
}

/// The one case, decided on day `decided`, the run ending at the start of day `horizon`.
fn one_case(court: &str, decided: u32, horizon: u32) -> One {
    run_text(&scenario_text(court, "", decided, horizon, 1))
}

/// `penalty = false` (appeals possible again from 11 July 2021, without a penalty): the court
/// still rules and the IND pays the costs, but nothing accrues after the deadline, with or
/// without tiers and a cap written down.
#[test]
fn a_court_without_a_penalty_costs_the_procedure_only() {
    let with = one_case(PENALTY_7500, 400, 450);
    assert_eq!(with.get("penalty_eur_court"), 7_500.0);
    for court in [
        "penalty = false",
        &format!("penalty = false\n{PENALTY_7500}"),
    ] {
        let m = one_case(court, 400, 450);
        assert_eq!(m.get("court_cases"), 1.0);
        assert_eq!(m.get("court_costs_eur"), 1_000.0);
        assert_eq!(m.get("penalty_eur_court"), 0.0);
        assert_eq!(m.get("penalty_eur_admin"), 1_442.0);
        assert_eq!(m.get("penalty_eur_accrued_open"), 0.0);
        // Open at the end: nothing accrued either.
        let open = one_case(court, 1_000, 450);
        assert_eq!(open.get("penalty_eur_court"), 0.0);
        assert_eq!(open.get("penalty_eur_accrued_open"), 0.0);
        assert_eq!(open.get("court_costs_eur"), 1_000.0);
    }
}

/// A mix with shares 1 and 0 always gives the first cap, 0 and 1 the second: EUR 7,500 paid on
/// day 246, EUR 15,000 on day 321 (a run ending at the start of day 321 has it accrued, one
/// ending a day later has it paid).
#[test]
fn a_cap_mix_with_a_fixed_share_reaches_each_cap_exactly() {
    let caps = |low: f64| {
        format!(
            "tiers = [ {{ euro_per_day = 100 }} ]\ncaps = [ {{ cap_euro = 7500, share = {low} }}, {{ cap_euro = 15000, share = {} }} ]\n",
            1.0 - low
        )
    };
    let low = one_case(&caps(1.0), 400, 450);
    assert_eq!(low.get("penalty_eur_court"), 7_500.0);
    let high = one_case(&caps(0.0), 400, 450);
    assert_eq!(high.get("penalty_eur_court"), 15_000.0);
    assert_eq!(high.get("penalty_eur_court_2026"), 15_000.0);
    let open = one_case(&caps(0.0), 1_000, 321);
    assert_eq!(open.get("penalty_eur_court"), 0.0);
    assert_eq!(open.get("penalty_eur_accrued_open"), 15_000.0);
    let open = one_case(&caps(0.0), 1_000, 322);
    assert_eq!(open.get("penalty_eur_court"), 15_000.0);
    assert_eq!(open.get("penalty_eur_accrued_open"), 0.0);
    // The low cap on its day: at the start of day 246 it has accrued in full, paid that day.
    let open = one_case(&caps(1.0), 1_000, 246);
    assert_eq!(open.get("penalty_eur_accrued_open"), 7_500.0);
    assert_eq!(open.get("penalty_eur_court"), 0.0);
    let open = one_case(&caps(1.0), 1_000, 247);
    assert_eq!(open.get("penalty_eur_court"), 7_500.0);
}

/// With caps of EUR 7,500 (share 0.6) and EUR 15,000 (0.4), 4,000 cases open until both caps
/// have passed pay EUR 7,500 × n₁ + EUR 15,000 × n₂, so n₂ follows from the total; its share lies
/// within 4.5 standard errors (0.035) of 0.4.
#[test]
fn a_cap_mix_draws_each_cap_for_its_share_of_orders() {
    let n = 4_000.0;
    let court = "tiers = [ { euro_per_day = 100 } ]\ncaps = [ { cap_euro = 7500, share = 0.6 }, { cap_euro = 15000, share = 0.4 } ]\n";
    let m = run_text(&scenario_text(court, "", 10_000, 400, n as u32));
    assert_eq!(m.get("court_cases"), n);
    let total = m.get("penalty_eur_court");
    let high = total / 7_500.0 - n;
    assert_eq!(
        high.fract(),
        0.0,
        "every order paid one of the caps: {total}"
    );
    let share = high / n;
    let band = 4.5 * (0.4 * 0.6 / n).sqrt();
    assert!(
        (share - 0.4).abs() < band,
        "share of orders with the high cap {share}, expected 0.4 ± {band}"
    );
    assert_eq!(m.get("penalty_eur_accrued_open"), 0.0);
}

/// Decided on day 230: the first order's penalty ran 59 days from day 171 (EUR 5,900), the
/// second 21 days from day 209 at EUR 200 (EUR 4,200); two judgments, costs EUR 1,000 + 1,500.
#[test]
fn a_repeat_failure_gives_a_second_order_from_its_own_deadline() {
    let m = one_case(&format!("{PENALTY_7500}{REPEAT}"), 230, 450);
    assert_eq!(m.get("court_cases"), 2.0);
    assert_eq!(m.get("court_costs_eur"), 2_500.0);
    assert_eq!(m.get("penalty_eur_admin"), 1_442.0);
    assert_eq!(m.get("penalty_eur_court"), 5_900.0 + 4_200.0);
    assert_eq!(m.get("penalty_eur_total"), 1_442.0 + 10_100.0);
}

/// Decided on day 400: the first order capped at EUR 7,500 (paid day 246), the second at
/// EUR 15,000 (paid day 284). Open at the start of day 284 the second has accrued its cap but
/// is not yet paid; a day later it is.
#[test]
fn both_orders_run_to_their_own_caps() {
    let court = format!("{PENALTY_7500}{REPEAT}");
    let m = one_case(&court, 400, 450);
    assert_eq!(m.get("penalty_eur_court"), 22_500.0);
    assert_eq!(m.get("court_costs_eur"), 2_500.0);
    let open = one_case(&court, 1_000, 284);
    assert_eq!(open.get("penalty_eur_court"), 7_500.0);
    assert_eq!(open.get("penalty_eur_accrued_open"), 15_000.0);
    let open = one_case(&court, 1_000, 285);
    assert_eq!(open.get("penalty_eur_court"), 22_500.0);
    assert_eq!(open.get("penalty_eur_accrued_open"), 0.0);
}

/// No second judgment for a case decided before the second appeal (day 185) or before its
/// judgment (day 195), nor when no applicant appeals again; without a penalty the second
/// judgment still costs.
#[test]
fn a_second_order_needs_an_open_case_and_an_appeal() {
    let court = format!("{PENALTY_7500}{REPEAT}");
    let before_appeal = one_case(&court, 180, 450);
    assert_eq!(before_appeal.get("court_cases"), 1.0);
    assert_eq!(before_appeal.get("penalty_eur_court"), 900.0);
    assert_eq!(before_appeal.get("court_costs_eur"), 1_000.0);
    let before_judgment = one_case(&court, 190, 450);
    assert_eq!(before_judgment.get("court_cases"), 1.0);
    assert_eq!(before_judgment.get("penalty_eur_court"), 1_900.0);
    let no_appeal = one_case(
        &court.replace("share = 1.0\nafter", "share = 0\nafter"),
        400,
        450,
    );
    assert_eq!(no_appeal.get("court_cases"), 1.0);
    assert_eq!(no_appeal.get("penalty_eur_court"), 7_500.0);
    let without_penalty = one_case(&format!("penalty = false\n{REPEAT}"), 400, 450);
    assert_eq!(without_penalty.get("court_cases"), 2.0);
    assert_eq!(without_penalty.get("court_costs_eur"), 2_500.0);
    assert_eq!(without_penalty.get("penalty_eur_court"), 0.0);
}

/// The regime that governs an appeal is the one in force on the day it is lodged (day 105,
/// 16 April 2026), also when another comes into force before the judgment (day 115): appeals
/// lodged before a change keep the old rule.
#[test]
fn an_appeal_keeps_the_regime_it_was_lodged_under() {
    // The regime with a penalty covers appeals lodged until `until`; from the next day appeals
    // get no penalty.
    let run = |until: &str, from: &str| {
        let court = format!("{PENALTY_7500}until = {until}\n");
        let later = format!(
            "{}penalty = false\nfrom = {from}\n",
            COURT.replace("beroep_niet_tijdig", "without_penalty")
        );
        run_text(&scenario_text(&court, &later, 400, 450, 1))
    };
    let lodged_before = run("2026-04-16", "2026-04-17");
    assert_eq!(lodged_before.get("penalty_eur_court"), 7_500.0);
    assert_eq!(lodged_before.get("court_cases"), 1.0);
    let lodged_after = run("2026-04-15", "2026-04-16");
    assert_eq!(lodged_after.get("penalty_eur_court"), 0.0);
    assert_eq!(lodged_after.get("court_cases"), 1.0);
    assert_eq!(lodged_after.get("court_costs_eur"), 1_000.0);
}

/// Streams `a`, `b` and `c` (one backlog case each, lodged on day -1, term 90 days, never
/// decided) with `notice` as the notice rules and Awb 4:17 for all; the run ends at the start
/// of day `horizon`.
fn streams_text(notice: &str, sizes: [u32; 3], horizon: u32) -> String {
    let mut text = format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = {horizon}
        [[step]]
        name = "wait"
        delay_days = {{ dist = "fixed", value = 10000 }}
        next = "exit"
        [law]
        [[law.term]]
        name = "ninety_days"
        streams = ["a", "b", "c"]
        days = 90
        {notice}
        [[law.admin_penalty]]
        grace_days = 14
        tiers = [ {{ days = 14, euro_per_day = 23 }}, {{ days = 14, euro_per_day = 35 }},
                  {{ days = 14, euro_per_day = 45 }} ]
        cap_euro = 1442
        "#
    );
    for (stream, size) in ["a", "b", "c"].iter().zip(sizes) {
        text.push_str(&format!(
            "[[stream]]\nname = \"{stream}\"\ninterarrival_days = {{ dist = \"fixed\", value = 30000 }}\nentry = \"wait\"\n"
        ));
        if size > 0 {
            text.push_str(&format!(
                "[[backlog.synthetic]]\nstream = \"{stream}\"\nsize = {size}\nage_days = {{ dist = \"fixed\", value = 1 }}\n"
            ));
        }
    }
    text
}

/// Stream `a` notices after 1 day (received day 91, penalty capped on day 147: EUR 1,442 paid),
/// `b` after 60 days (received day 150, penalty from day 164: 16 days, EUR 14 × 23 + 2 × 35 =
/// EUR 392 accrued at the start of day 180), `c` has no notice rule: no notice, no penalty.
#[test]
fn notices_follow_the_rule_of_their_stream_to_the_day() {
    let notice = r#"
        [[law.notice]]
        name = "a_quick"
        streams = ["a"]
        share = 1.0
        delay_days = { dist = "fixed", value = 1 }
        [[law.notice]]
        name = "b_slow"
        streams = ["b"]
        share = 1.0
        delay_days = { dist = "fixed", value = 60 }
    "#;
    let m = run_text(&streams_text(notice, [1, 1, 1], 180));
    assert_eq!(m.get("notices"), 2.0);
    assert_eq!(m.get("penalty_eur_a"), 1_442.0);
    assert_eq!(m.get("penalty_eur_b"), 0.0);
    assert_eq!(m.get("penalty_eur_c"), 0.0);
    assert_eq!(m.get("penalty_eur_accrued_open"), 392.0);
    // One table with streams: only those streams send notices.
    let table = "[law.notice]\nstreams = [\"b\"]\nshare = 1.0\ndelay_days = { dist = \"fixed\", value = 1 }\n";
    let m = run_text(&streams_text(table, [1, 1, 1], 180));
    assert_eq!(m.get("notices"), 1.0);
    assert_eq!(m.get("penalty_eur_a"), 0.0);
    assert_eq!(m.get("penalty_eur_b"), 1_442.0);
    // The first rule that covers a stream applies: a rule for all after one for `a`.
    let first = r#"
        [[law.notice]]
        name = "a"
        streams = ["a"]
        share = 1.0
        delay_days = { dist = "fixed", value = 1 }
        [[law.notice]]
        name = "rest"
        share = 0.0
        delay_days = { dist = "fixed", value = 1 }
    "#;
    let m = run_text(&streams_text(first, [1, 1, 1], 180));
    assert_eq!(m.get("notices"), 1.0);
    assert_eq!(m.get("penalty_eur_a"), 1_442.0);
}

/// Shares per stream: of 3,000 late cases of `a` (share 0.2) and 1,000 of `b` (share 0.9),
/// every notice leads to a capped EUR 1,442 (the only penalty), so the notices per stream follow from the penalty
/// per stream; each lies within 4.5 standard errors of its expectation.
#[test]
fn notice_shares_per_stream() {
    let notice = r#"
        [[law.notice]]
        name = "a"
        streams = ["a"]
        share = 0.2
        delay_days = { dist = "fixed", value = 1 }
        [[law.notice]]
        name = "b"
        streams = ["b"]
        share = 0.9
        delay_days = { dist = "fixed", value = 1 }
    "#;
    let m = run_text(&streams_text(notice, [3_000, 1_000, 0], 200));
    let a = m.get("penalty_eur_a") / 1_442.0;
    let b = m.get("penalty_eur_b") / 1_442.0;
    assert_eq!(a + b, m.get("notices"));
    for (count, n, p) in [(a, 3_000.0_f64, 0.2_f64), (b, 1_000.0, 0.9)] {
        let band = 4.5 * (n * p * (1.0 - p)).sqrt();
        assert!(
            (count - n * p).abs() < band,
            "{count} notices of {n} cases, expected {} ± {band}",
            n * p
        );
    }
}

/// The message of the scenario of the one case with `court` (after the common court keys) and
/// `law` after it, which must be refused.
fn refused(court: &str, law: &str) -> String {
    let text = scenario_text(court, law, 400, 450, 1);
    match scenario::parse(&text, Path::new("law_regimes.toml")) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// Every bad value of the new keys is refused naming its field, what is wrong and a fix.
#[test]
fn bad_court_regimes_are_refused_naming_the_field() {
    let tiers = "tiers = [ { euro_per_day = 100 } ]\n";
    let cases: Vec<(String, &str, &[&str])> = vec![
        (
            format!(
                "{tiers}caps = [ {{ cap_euro = 7500, share = 0.5 }}, {{ cap_euro = 15000, share = 0.25 }} ]"
            ),
            "",
            &[
                "law.court_penalty[0].caps (law.court_penalty \"beroep_niet_tijdig\")",
                "add up to 0.75",
            ],
        ),
        (
            format!(
                "{tiers}caps = [ {{ cap_euro = 7500, share = nan }}, {{ cap_euro = 15000, share = 0.4 }} ]"
            ),
            "",
            &["caps[0].share", "between 0 and 1"],
        ),
        (
            format!(
                "{tiers}caps = [ {{ cap_euro = 7500, share = 0.6 }}, {{ cap_euro = 0, share = 0.4 }} ]"
            ),
            "",
            &["caps[1].cap_euro", "the cap must be positive"],
        ),
        (
            format!("{tiers}caps = [ {{ cap_euro = -1, share = 1 }} ]"),
            "",
            &["caps[0].cap_euro", "amount of euro"],
        ),
        (
            format!("{tiers}caps = []"),
            "",
            &["caps", "from 1 to 16 caps, got 0"],
        ),
        (
            format!(
                "{tiers}caps = [ {}{{ cap_euro = 1, share = 0 }} ]",
                "{ cap_euro = 1, share = 0 }, ".repeat(16)
            ),
            "",
            &["caps", "got 17"],
        ),
        (
            format!("penalty = false\n{tiers}cap_euro = 0"),
            "",
            &["law.court_penalty[0].cap_euro", "the cap must be positive"],
        ),
        (
            format!("{tiers}cap_euro = -1\ncaps = [ {{ cap_euro = 7500, share = 1 }} ]"),
            "",
            &["law.court_penalty[0].cap_euro", "amount of euro"],
        ),
        (
            tiers.to_string(),
            "",
            &["cap_euro", "needs its cap", "penalty = false"],
        ),
        (
            "cap_euro = 7500".to_string(),
            "",
            &["tiers", "amounts per day"],
        ),
        (
            format!("{PENALTY_7500}from = 2026-05-01\nuntil = 2026-04-01"),
            "",
            &["until", "is before from"],
        ),
        (
            format!(
                "{PENALTY_7500}{}",
                REPEAT.replace("after_deadline_days = 14", "after_deadline_days = 0")
            ),
            "",
            &["repeat.after_deadline_days", "at least 1"],
        ),
        (
            format!(
                "{PENALTY_7500}{}",
                REPEAT.replace("order_days = 14", "order_days = -14")
            ),
            "",
            &["repeat.order_days", "whole number of days"],
        ),
        (
            format!(
                "{PENALTY_7500}{}",
                REPEAT.replace("share = 1.0", "share = 1.5")
            ),
            "",
            &["repeat.share", "between 0 and 1"],
        ),
        (
            format!(
                "{PENALTY_7500}{}",
                REPEAT.replace("cap_euro = 15000", "cap_euro = inf")
            ),
            "",
            &["repeat.cap_euro"],
        ),
        (
            PENALTY_7500.to_string(),
            COURT,
            &[
                "law.court_penalty[1].name",
                "already used by law.court_penalty[0]",
            ],
        ),
    ];
    for (court, law, expected) in cases {
        let message = refused(&court, law);
        for part in expected {
            assert!(
                message.contains(part),
                "{court}: the message says {part:?}: {message}"
            );
        }
        assert!(
            message.contains("fix:") || message.contains("expected"),
            "{message}"
        );
    }
}

#[test]
fn bad_notice_rules_and_names_are_refused() {
    let notice = |rules: &str| {
        scenario::parse(&streams_text(rules, [1, 1, 1], 100), Path::new("n.toml"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| panic!("accepted: {rules}"))
    };
    let entry = "delay_days = { dist = \"fixed\", value = 1 }\nshare = 1.0\n";
    let twice =
        format!("[[law.notice]]\nname = \"x\"\n{entry}[[law.notice]]\nname = \"x\"\n{entry}");
    assert!(
        notice(&twice).contains("law.notice[1].name"),
        "{}",
        notice(&twice)
    );
    let unknown = format!("[[law.notice]]\nname = \"x\"\nstreams = [\"d\"]\n{entry}");
    let message = notice(&unknown);
    assert!(
        message.contains("law.notice[0].streams (law.notice \"x\")")
            && message.contains("no stream named \"d\""),
        "{message}"
    );
    let misspelt = format!("[[law.notice]]\nname = \"x\"\nshares = 1\n{entry}");
    let message = notice(&misspelt);
    assert!(
        message.contains("unknown field `shares`") && message.contains("law.notice"),
        "{message}"
    );
    let misspelt = format!("[law.notice]\nstream = [\"a\"]\n{entry}");
    assert!(
        notice(&misspelt).contains("unknown field `stream`"),
        "{}",
        notice(&misspelt)
    );
    let bad_share = "[law.notice]\nshare = 2\ndelay_days = { dist = \"fixed\", value = 1 }\n";
    assert!(
        notice(bad_share).contains("law.notice.share"),
        "{}",
        notice(bad_share)
    );
    let not_a_table = streams_text("", [1, 1, 1], 100).replace("[law]\n", "[law]\nnotice = 3\n");
    let message = scenario::parse(&not_a_table, Path::new("n.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("law.notice")
            && message.contains("a [law.notice] table, or [[law.notice]] entries"),
        "{message}"
    );
    // Two admin regimes of one name.
    let admin = "[[law.admin_penalty]]\nname = \"awb\"\ngrace_days = 14\ntiers = [ { euro_per_day = 1 } ]\ncap_euro = 10\n";
    let text = streams_text("", [1, 1, 1], 100).replace(
        "[[law.admin_penalty]]\n",
        &format!("{admin}[[law.admin_penalty]]\nname = \"awb\"\n"),
    );
    let message = scenario::parse(&text, Path::new("a.toml"))
        .unwrap_err()
        .to_string();
    assert!(message.contains("law.admin_penalty[1].name"), "{message}");
    // More regimes than a case can refer to (one byte) are refused, not wrapped around.
    let many = admin.replace("name = \"awb\"\n", "").repeat(256);
    let text = streams_text("", [1, 1, 1], 100).replace(
        "[[law.admin_penalty]]\n",
        &format!("{many}[[law.admin_penalty]]\n"),
    );
    let message = scenario::parse(&text, Path::new("a.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("law.admin_penalty: has 257 entries, more than the 255 allowed"),
        "{message}"
    );
}

/// A variant merges into the base's regimes by name: a mix of caps in place of the single cap
/// (shares 0 and 1: the case's order gets EUR 15,000), a lower administrative cap (EUR 1,000:
/// 14 × 23 + 14 × 35 + 5 × 45 = EUR 1,037, capped), and a court without a penalty.
#[test]
fn a_variant_changes_a_regime_by_name() {
    let dir = crate::support::scratch_dir("law_regimes_variant");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("base.toml"),
        scenario_text(PENALTY_7500, "", 400, 450, 1),
    )
    .unwrap();
    let run = |over: &str| {
        let path = dir.join("variant.toml");
        std::fs::write(&path, format!("base = \"base.toml\"\n{over}")).unwrap();
        let scenario = scenario::load(&path).expect("valid");
        let settings = RunSettings {
            replications: 1,
            seed: 1,
            threads: 1,
        };
        One(experiment::run(&scenario, settings, &|| {}).expect("runs"))
    };
    let m = run(r#"
        [[law.court_penalty]]
        name = "beroep_niet_tijdig"
        caps = [ { cap_euro = 7500, share = 0 }, { cap_euro = 15000, share = 1 } ]
        [[law.admin_penalty]]
        name = "awb_4_17"
        cap_euro = 1000
    "#);
    assert_eq!(m.get("penalty_eur_court"), 15_000.0);
    assert_eq!(m.get("penalty_eur_admin"), 1_000.0);
    let m = run(r#"
        [[law.court_penalty]]
        name = "beroep_niet_tijdig"
        penalty = false
    "#);
    assert_eq!(m.get("penalty_eur_court"), 0.0);
    assert_eq!(m.get("court_costs_eur"), 1_000.0);
    assert_eq!(m.get("penalty_eur_admin"), 1_442.0);
}
