//! Notices of default and appeals as processes in time (`rate_per_month`,
//! `appeal_rate_per_month`, and `rate_per_month` of a repeat order), end to end, to the day and
//! the euro.
//!
//! The case of most tests is one backlog case of stream `nareis`, lodged on 31 December 2025
//! (day -1), heard on day 1 and decided on the day a test chooses. Its term is 50 days, so its
//! last day is day 49 (19 February 2026) and a notice can be sent from day 50. A rate of 1,000
//! a month (about 33 a day) takes a step on the first day it can be taken all but surely (a
//! chance of e^-33 of a later day). The court rules 10 days after an appeal and, the applicant
//! having been heard, orders a decision within 56 days, with EUR 100 a day after that, capped at
//! EUR 7,500; a judgment costs EUR 1,000. The Awb 4:17 penalty (EUR 23 a day for the first 14
//! days) runs from 14 days after the notice.

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

/// A court regime with `keys` (its uptake and dates) and the common keys.
fn court(keys: &str) -> String {
    format!(
        r#"
[[law.court_penalty]]
name = "beroep"
{keys}
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

/// A second order: 14 days after the first order's deadline the applicant may ask for it
/// (`uptake`); the court rules 10 days later and orders a decision within 14 days, with EUR 200
/// a day to EUR 15,000; the judgment costs EUR 1,500.
fn repeat(uptake: &str) -> String {
    format!(
        r#"
[law.court_penalty.repeat]
{uptake}
after_deadline_days = 14
judgment_days = {{ dist = "fixed", value = 10 }}
order_days = 14
tiers = [ {{ euro_per_day = 200 }} ]
cap_euro = 15000
costs_euro = 1500
"#
    )
}

/// Notices at 1,000 a month: the notice of the one case comes on day 50.
const NOTICE_AT_ONCE: &str = "[law.notice]\nname = \"notice\"\nrate_per_month = 1000\n";

/// A scenario of `cases` backlog cases lodged on day -1 with term 50 days, decided on day
/// `decided`, the run ending at the start of day `horizon`; `law` after the term and the Awb
/// 4:17 regime, `extra` after the backlog (a `[[change]]`).
fn scenario_text(law: &str, extra: &str, decided: u32, horizon: u32, cases: u32) -> String {
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
        name = "fifty_days"
        streams = ["nareis"]
        days = 50
        [[law.admin_penalty]]
        name = "awb_4_17"
        grace_days = 14
        tiers = [ {{ days = 14, euro_per_day = 23 }}, {{ days = 14, euro_per_day = 35 }},
                  {{ days = 14, euro_per_day = 45 }} ]
        cap_euro = 1442
        {law}
        [[backlog.synthetic]]
        stream = "nareis"
        size = {cases}
        age_days = {{ dist = "fixed", value = 1 }}
        {extra}
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

    fn has(&self, name: &str) -> bool {
        self.0.replication(0).get(name).is_some()
    }
}

fn run_text(text: &str, seed: u64) -> One {
    let scenario = scenario::parse(text, Path::new("legal_processes.toml"))
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let settings = RunSettings {
        replications: 1,
        seed,
        threads: 1,
    };
    One(experiment::run(&scenario, settings, &|| {}).expect("runs"))
}

/// The one case with `law` and `extra`, decided on day `decided`, the run ending at day 400.
fn one_case(law: &str, extra: &str, decided: u32) -> One {
    run_text(&scenario_text(law, extra, decided, 400, 1), 1)
}

/// The court regime's penalty, notices, appeals and judgments of a run, and its costs.
fn court_money(m: &One) -> (f64, f64, f64, f64, f64) {
    (
        m.get("notices"),
        m.get("appeals"),
        m.get("court_cases"),
        m.get("court_costs_eur"),
        m.get("penalty_eur_court"),
    )
}

/// The notice by rate comes on the first day it can: day 50. Decided on day 70, the Awb 4:17
/// penalty ran from day 64 for 6 days (EUR 138). With a court always in force the appeal comes
/// on day 64 (notice + 14), the judgment on day 74, the order's deadline on day 130: decided on
/// day 150, 20 days of EUR 100.
#[test]
fn a_notice_and_an_appeal_by_a_high_rate_come_on_their_first_day() {
    let m = one_case(NOTICE_AT_ONCE, "", 70);
    assert_eq!(m.get("notices"), 1.0);
    assert_eq!(m.get("penalty_eur_admin"), 138.0);
    let law = format!("{NOTICE_AT_ONCE}{}", court("appeal_rate_per_month = 1000"));
    let m = one_case(&law, "", 150);
    assert_eq!(court_money(&m), (1.0, 1.0, 1.0, 1_000.0, 2_000.0));
    assert_eq!(m.get("appeals_2026"), 1.0);
    // A share of 1 instead of the rate: the same appeal, on the same day.
    let share = format!("{NOTICE_AT_ONCE}{}", court("appeal_share = 1.0"));
    assert_eq!(court_money(&one_case(&share, "", 150)), court_money(&m));
    // Decided before the appeal (day 60): no appeal, no judgment.
    let early = one_case(&law, "", 60);
    assert_eq!(court_money(&early), (1.0, 0.0, 0.0, 0.0, 0.0));
}

/// The required case: late from day 50, its notice comes on day 50, but appeals are possible
/// only from day 200 (20 July 2026), when a court regime comes into force. With a share the
/// appeal is decided once, on day 64, when no regime covers it: the applicant never appeals.
/// With a rate the appeal comes on day 200, the judgment on day 210, the order's deadline on
/// day 266: decided on day 300, 34 days of EUR 100 (EUR 3,400). The same when the regime comes
/// with a `[[change]]` on that date instead of its `from`.
#[test]
fn a_case_late_before_a_regime_change_sends_its_notice_and_appeal_after_it() {
    let share = format!(
        "{NOTICE_AT_ONCE}{}",
        court("from = 2026-07-20\nappeal_share = 1.0")
    );
    let m = one_case(&share, "", 300);
    assert_eq!(court_money(&m), (1.0, 0.0, 0.0, 0.0, 0.0));
    let rate = format!(
        "{NOTICE_AT_ONCE}{}",
        court("from = 2026-07-20\nappeal_rate_per_month = 1000")
    );
    let m = one_case(&rate, "", 300);
    assert_eq!(court_money(&m), (1.0, 1.0, 1.0, 1_000.0, 3_400.0));
    assert_eq!(m.get("penalty_eur_admin"), 1_442.0);
    assert_eq!(m.get("notices_2026"), 1.0);
    assert_eq!(m.get("appeals_2026"), 1.0);
    assert_eq!(m.get("court_cases_2026"), 1.0);
    // Decided on day 205, after the appeal and before the judgment: one appeal, no judgment.
    let m = one_case(&rate, "", 205);
    assert_eq!(court_money(&m), (1.0, 1.0, 0.0, 0.0, 0.0));
    // The regime added by a dated change.
    let change = court("appeal_rate_per_month = 1000")
        .replace("[[law.court_penalty]]", "[[change.set.law.court_penalty]]");
    let change =
        format!("[[change]]\nname = \"court_penalties_back\"\ndate = 2026-07-20\n{change}");
    let m = one_case(NOTICE_AT_ONCE, &change, 300);
    assert_eq!(court_money(&m), (1.0, 1.0, 1.0, 1_000.0, 3_400.0));
    // A change that removes the regime again on day 205 (25 July) does not touch the appeal
    // lodged on day 200; one that removes it on day 200 leaves no appeal.
    for (date, expected) in [
        ("2026-07-25", (1.0, 1.0, 1.0, 1_000.0, 3_400.0)),
        ("2026-07-20", (1.0, 0.0, 0.0, 0.0, 0.0)),
    ] {
        let gone = format!(
            "[[change]]\nname = \"gone\"\ndate = {date}\nremove = [\"law.court_penalty.beroep\"]\n"
        );
        let m = one_case(&rate, &gone, 300);
        assert_eq!(court_money(&m), expected, "removed on {date}");
    }
}

/// Notices at a dated rate: none before 1 May 2026 (day 120), then at once. The case, late from
/// day 50, sends its notice on day 120; the Awb 4:17 penalty runs from day 134: decided on day
/// 140, 6 days (EUR 138). The same when a `[[change]]` brings the rate on 1 May, also after a
/// share of 0 that sent no notice when the term expired.
#[test]
fn a_case_late_before_a_notice_rate_sends_its_notice_when_it_comes() {
    let dated = "[law.notice]\nname = \"notice\"\nrate_per_month = [ { from = 2026-01-01, per_month = 0 }, { from = 2026-05-01, per_month = 1000 } ]\n";
    let m = one_case(dated, "", 140);
    assert_eq!(m.get("notices"), 1.0);
    assert_eq!(m.get("penalty_eur_admin"), 138.0);
    let zero = "[law.notice]\nname = \"notice\"\nrate_per_month = 0\n";
    assert_eq!(one_case(zero, "", 140).get("notices"), 0.0);
    let change = "[[change]]\nname = \"lawyers_learn\"\ndate = 2026-05-01\nset.law.notice = { rate_per_month = 1000 }\n";
    let m = one_case(zero, change, 140);
    assert_eq!(m.get("notices"), 1.0);
    assert_eq!(m.get("penalty_eur_admin"), 138.0);
    let share = "[law.notice]\nname = \"notice\"\nshare = 0\ndelay_days = { dist = \"fixed\", value = 1 }\n";
    let change = "[[change]]\nname = \"lawyers_learn\"\ndate = 2026-05-01\nset.law.notice = { rate_per_month = 1000 }\nremove = [\"law.notice.share\", \"law.notice.delay_days\"]\n";
    let m = one_case(share, change, 140);
    assert_eq!(m.get("notices"), 1.0);
    assert_eq!(m.get("penalty_eur_admin"), 138.0);
    // Without the change: a share of 0, no notice ever.
    assert_eq!(one_case(share, "", 140).get("notices"), 0.0);
}

/// The second order by rate: notice day 50, appeal day 64, judgment day 74, the first order's
/// deadline day 130. At once from day 144 the applicant asks for the second order; the court
/// rules on day 154 with a deadline on day 168. Decided on day 200: the first order's penalty
/// ran 70 days (EUR 7,000), the second 32 days at EUR 200 (EUR 6,400); two judgments cost
/// EUR 2,500. With a rate of 0 until 1 July (day 181) the second appeal comes on day 181, its
/// judgment on day 191, its deadline on day 205: decided on day 220 the first order is capped
/// (EUR 7,500, reached on day 205) and the second ran 15 days (EUR 3,000); decided on day 170
/// there is no second appeal.
#[test]
fn a_repeat_order_asked_by_rate_after_a_missed_first_order() {
    let law = |uptake: &str| {
        format!(
            "{NOTICE_AT_ONCE}{}{}",
            court("appeal_rate_per_month = 1000"),
            repeat(uptake)
        )
    };
    let m = one_case(&law("rate_per_month = 1000"), "", 200);
    assert_eq!(court_money(&m), (1.0, 2.0, 2.0, 2_500.0, 13_400.0));
    let dated = law(
        "rate_per_month = [ { from = 2026-01-01, per_month = 0 }, { from = 2026-07-01, per_month = 1000 } ]",
    );
    let m = one_case(&dated, "", 220);
    assert_eq!(court_money(&m), (1.0, 2.0, 2.0, 2_500.0, 10_500.0));
    assert_eq!(m.get("appeals_2026"), 2.0);
    let m = one_case(&dated, "", 170);
    assert_eq!(court_money(&m), (1.0, 1.0, 1.0, 1_000.0, 4_000.0));
    // A share of 1: the second appeal on its first day, as with the high rate.
    let m = one_case(&law("share = 1.0"), "", 200);
    assert_eq!(court_money(&m), (1.0, 2.0, 2.0, 2_500.0, 13_400.0));
}

/// A constant notice rate r: of 4,000 late cases never decided, the share with a notice by the
/// start of day 50 + t is 1 - exp(-r t) (r per day); at three horizons each count lies within
/// 4.5 standard errors of its expectation. Notices per year add up to the total.
#[test]
fn a_constant_notice_rate_gives_exponential_times_to_notice() {
    let n = 4_000.0;
    let per_month = 0.5;
    let per_day = per_month / (365.25 / 12.0);
    let notice = format!("[law.notice]\nrate_per_month = {per_month}\n");
    for t in [30u32, 60, 150, 400] {
        let m = run_text(&scenario_text(&notice, "", 10_000, 50 + t, n as u32), 7);
        let p = 1.0 - (-per_day * f64::from(t)).exp();
        let count = m.get("notices");
        let band = 4.5 * (n * p * (1.0 - p)).sqrt();
        assert!(
            (count - n * p).abs() < band,
            "by day {}: {count} notices of {n}, expected {} ± {band}",
            50 + t,
            n * p
        );
        let years: f64 = ["notices_2026", "notices_2027"]
            .iter()
            .filter(|name| m.has(name))
            .map(|name| m.get(name))
            .sum();
        assert_eq!(years, count);
    }
}

/// Appeals are counted only in scenarios whose law gives a rate: the share-based ones keep
/// their metrics.
#[test]
fn appeals_are_metrics_of_laws_with_rates_only() {
    let share = "[law.notice]\nshare = 1.0\ndelay_days = { dist = \"fixed\", value = 1 }\n";
    let m = one_case(&format!("{share}{}", court("appeal_share = 1.0")), "", 150);
    assert!(!m.has("appeals"));
    assert!(!m.has("appeals_2026"));
    let m = one_case(
        &format!("{share}{}", court("appeal_rate_per_month = 1")),
        "",
        150,
    );
    assert!(m.has("appeals"));
    assert!(m.has("appeals_2026"));
}

/// Every bad value of the rate keys is refused naming its field, what is wrong and a fix.
#[test]
fn bad_rates_are_refused_naming_the_field() {
    let share = "share = 0.5\ndelay_days = { dist = \"fixed\", value = 1 }\n";
    let cases: Vec<(String, &str, &str)> = vec![
        (
            "[law.notice]\nrate_per_month = -1\n".into(),
            "law.notice.rate_per_month",
            "from 0 to 1000",
        ),
        (
            "[law.notice]\nrate_per_month = 5000\n".into(),
            "law.notice.rate_per_month",
            "from 0 to 1000",
        ),
        (
            format!("[law.notice]\n{share}rate_per_month = 1\n"),
            "law.notice.rate_per_month",
            "together with share",
        ),
        (
            "[law.notice]\npriority = 1\n".into(),
            "law.notice.share",
            "give share or rate_per_month",
        ),
        (
            "[law.notice]\nrate_per_month = 1\ndelay_days = { dist = \"fixed\", value = 1 }\n"
                .into(),
            "law.notice.delay_days",
            "goes with share",
        ),
        (
            "[law.notice]\nshare = 0.5\n".into(),
            "law.notice.delay_days",
            "needs delay_days",
        ),
        (
            "[law.notice]\nrate_per_month = [ { from = 2026-05-01, per_month = 1 }, { from = 2026-05-01, per_month = 2 } ]\n".into(),
            "law.notice.rate_per_month",
            "strictly increasing",
        ),
        (
            "[law.notice]\nrate_per_month = [ { from = 2300-01-01, per_month = 1 } ]\n".into(),
            "law.notice.rate_per_month.[0].from",
            "must be from 1900-01-01",
        ),
        (
            "[law.notice]\nrate_per_month = [ { from = 2026-01-01, per_month = -0.5 } ]\n"
                .into(),
            "law.notice.rate_per_month.[0].per_month",
            "from 0 to 1000",
        ),
        (
            "[law.notice]\nrate_per_month = []\n".into(),
            "law.notice.rate_per_month",
            "no dated steps",
        ),
        (
            court("appeal_share = 1\nappeal_rate_per_month = 1"),
            "appeal_rate_per_month",
            "together with appeal_share",
        ),
        (
            court("priority = 0"),
            "appeal_share",
            "give appeal_share or appeal_rate_per_month",
        ),
        (
            court("appeal_rate_per_month = nan"),
            "appeal_rate_per_month",
            "from 0 to 1000",
        ),
        (
            format!(
                "{}{}",
                court("appeal_share = 1"),
                repeat("share = 1\nrate_per_month = 2")
            ),
            "repeat.rate_per_month",
            "together with share",
        ),
        (
            format!("{}{}", court("appeal_share = 1"), repeat("")),
            "repeat.share",
            "give share or rate_per_month",
        ),
    ];
    for (law, field, problem) in cases {
        let text = scenario_text(&law, "", 100, 200, 1);
        let message = match scenario::parse(&text, Path::new("bad.toml")) {
            Ok(_) => panic!("accepted:\n{law}"),
            Err(e) => e.to_string(),
        };
        assert!(
            message.contains(field) && message.contains(problem),
            "{law}\nexpected {field}: {problem} in:\n{message}"
        );
        assert!(message.contains("fix:"), "{message}");
    }
    // A dated step with a wrong key is a syntax error naming the key.
    let text = scenario_text(
        "[law.notice]\nrate_per_month = [ { from = 2026-01-01, share = 1 } ]\n",
        "",
        100,
        200,
        1,
    );
    let message = match scenario::parse(&text, Path::new("bad.toml")) {
        Ok(_) => panic!("accepted a step without per_month"),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("per_month"), "{message}");
}

/// A queue whose decisions do not depend on the legal events (no priority): about one arrival a
/// day with a 30-day term, one officer who needs 1.5 days a case (so waits grow past the term);
/// notices at `notice` a month, appeals at `appeal` a month to a court in force from day 60.
fn queue_text(notice: f64, appeal: f64) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 240
        [[pool]]
        name = "officers"
        servers = 1
        [[stream]]
        name = "first"
        interarrival_days = {{ dist = "exponential", mean = 1 }}
        entry = "decide"
        [[step]]
        name = "decide"
        pool = "officers"
        work_hours = {{ dist = "exponential", mean = 36 }}
        next = "exit"
        [law]
        [[law.term]]
        name = "thirty_days"
        streams = ["first"]
        days = 30
        [law.notice]
        rate_per_month = {notice}
        {}
        "#,
        court(&format!(
            "from = 2026-03-02\nappeal_rate_per_month = {appeal}"
        ))
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Paired by seed (each case's draw the same), a higher notice rate never gives fewer
    /// notices, and a higher appeal rate never fewer appeals, in any replication.
    #[test]
    fn higher_rates_never_give_fewer_notices_or_appeals(
        notice in 0.0f64..5.0,
        more in 0.0f64..5.0,
        appeal in 0.0f64..5.0,
        seed in 0u64..1_000,
    ) {
        let run = |notice: f64, appeal: f64| {
            let scenario = scenario::parse(&queue_text(notice, appeal), Path::new("queue.toml"))
                .expect("valid");
            let settings = RunSettings { replications: 2, seed, threads: 1 };
            let e = experiment::run(&scenario, settings, &|| {}).expect("runs");
            (0..2)
                .map(|r| {
                    let m = e.replication(r);
                    (m.get("notices").unwrap(), m.get("appeals").unwrap())
                })
                .collect::<Vec<_>>()
        };
        let base = run(notice, appeal);
        for ((n, _), (n_more, _)) in base.iter().zip(run(notice + more, appeal)) {
            proptest::prop_assert!(n_more >= *n, "{n_more} notices at the higher rate, {n} at the lower");
        }
        for ((n, a), (n_same, a_more)) in base.iter().zip(run(notice, appeal + more)) {
            proptest::prop_assert_eq!(*n, n_same, "the appeal rate does not change the notices");
            proptest::prop_assert!(a_more >= *a, "{a_more} appeals at the higher rate, {a} at the lower");
        }
    }
}

/// Decided on day 60, after its notice (day 50) and before the first day of its appeal (day
/// 64): by share as by rate, no appeal is lodged, no judgment given and no litigation job queued.
#[test]
fn an_appeal_by_share_of_a_case_decided_before_its_day_is_not_lodged() {
    let rate = format!("{NOTICE_AT_ONCE}{}", court("appeal_rate_per_month = 1000"));
    let share = format!("{NOTICE_AT_ONCE}{}", court("appeal_share = 1.0"));
    let by_rate = one_case(&rate, "", 60);
    let by_share = one_case(&share, "", 60);
    assert_eq!(court_money(&by_rate), (1.0, 0.0, 0.0, 0.0, 0.0));
    assert_eq!(court_money(&by_share), court_money(&by_rate));
    assert_eq!(by_share.get("appeals_2026"), 0.0);
}
