//! Court orders compete for staff (`order_handling`), and court cases take staff time
//! (`litigation`): hand-worked to the day, the hour and the euro.
//!
//! The ordered cases of most tests are backlog cases lodged on 31 December 2025 (day -1) with a
//! term of 90 days (last day 89). Their applicants send a notice of default, received on day 91,
//! and appeal 14 days later, on day 105 (16 April 2026); the court rules `judgment_days` after
//! that and orders a decision within `order_days_not_heard` (none of them is heard).

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;
use proptest::prelude::*;

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
    let scenario = scenario::parse(text, Path::new("court_orders.toml"))
        .unwrap_or_else(|e| panic!("valid: {e}\n{text}"));
    let settings = RunSettings {
        replications: 1,
        seed: 1,
        threads: 1,
    };
    One(experiment::run(&scenario, settings, &|| {}).expect("runs"))
}

/// One server; at the start a blocker takes it for 4,812 hours (to day 200, 12:00), and one
/// backlog case each of streams `c` (no notice), `a` and `b` waits, in that order, for a day's
/// work. `a`'s appeal is judged on day 115 with 112 days to decide (deadline day 227), `b`'s on
/// day 125 with 56 days (deadline day 181): the later-judged case has the earlier deadline. Each
/// order: EUR 100 a day after its deadline, `priority = 0`, and `handling`. The queue follows
/// `discipline`.
fn two_orders(handling: &str, discipline: &str) -> String {
    let mut text = format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 300
        [[pool]]
        name = "officer"
        servers = 1
        discipline = "{discipline}"
        [[stream]]
        name = "blocker"
        interarrival_days = {{ dist = "fixed", value = 30000 }}
        entry = "block"
        [[step]]
        name = "block"
        pool = "officer"
        work_hours = {{ dist = "fixed", value = 4812 }}
        next = "exit"
        [[step]]
        name = "decide"
        pool = "officer"
        work_hours = {{ dist = "fixed", value = 24 }}
        next = "exit"
        [law]
        [[law.term]]
        name = "ninety_days"
        streams = ["blocker", "c", "a", "b"]
        days = 90
        [law.notice]
        streams = ["a", "b"]
        share = 1.0
        delay_days = {{ dist = "fixed", value = 1 }}
        [[backlog.synthetic]]
        stream = "blocker"
        size = 1
        age_days = {{ dist = "fixed", value = 1 }}
        "#
    );
    for stream in ["c", "a", "b"] {
        text.push_str(&format!(
            "[[stream]]\nname = \"{stream}\"\ninterarrival_days = {{ dist = \"fixed\", value = 30000 }}\nentry = \"decide\"\npriority = 2\n\
             [[backlog.synthetic]]\nstream = \"{stream}\"\nsize = 1\nage_days = {{ dist = \"fixed\", value = 1 }}\n"
        ));
    }
    for (stream, judgment, order) in [("a", 10, 112), ("b", 20, 56)] {
        text.push_str(&format!(
            "[[law.court_penalty]]\nname = \"{stream}\"\nstreams = [\"{stream}\"]\nappeal_share = 1.0\nafter_notice_days = 14\n\
             judgment_days = {{ dist = \"fixed\", value = {judgment} }}\norder_days_heard = {order}\norder_days_not_heard = {order}\n\
             tiers = [ {{ euro_per_day = 100 }} ]\ncap_euro = 7500\npriority = 0\norder_handling = \"{handling}\"\n"
        ));
    }
    text
}

/// Which case the server takes first once the blocker is done (day 200, 12:00): the three
/// cases are decided on days 201, 202 and 203 in the order of the handling, their throughput
/// times from lodging (day -1, 12:00 later each) telling the order. `b` misses its deadline
/// (day 181) by 20, 21 or 22 days, EUR 100 each; `a` (deadline day 227) never.
///
/// - class (priority queue): both orders class 0, in the order they came: a, b, then c;
/// - deadline (EDF): c keeps its term's expiry (day 90), a and b their orders' deadlines, so
///   c, b, a; the class is not used;
/// - none (priority queue): as they queued, c, a, b;
/// - class and deadline (priority+EDF): class 0 first, by deadline: b, a, then c.
#[test]
fn two_ordered_cases_and_one_server_by_each_handling() {
    let cases = [
        ("class", "priority", ["a", "b", "c"], 2_100.0),
        ("deadline", "edf", ["c", "b", "a"], 2_100.0),
        ("none", "priority", ["c", "a", "b"], 2_200.0),
        (
            "class_and_deadline",
            "priority_edf",
            ["b", "a", "c"],
            2_000.0,
        ),
    ];
    for (handling, discipline, order, penalty) in cases {
        let m = run_text(&two_orders(handling, discipline));
        assert_eq!(m.get("court_cases"), 2.0, "{handling}");
        assert_eq!(m.get("throughput_days_mean_blocker"), 201.5, "{handling}");
        for (k, stream) in order.iter().enumerate() {
            assert_eq!(
                m.get(&format!("throughput_days_mean_{stream}")),
                202.5 + k as f64,
                "{handling}: {stream} is decided {}",
                ["first", "second", "third"][k]
            );
        }
        assert_eq!(m.get("penalty_eur_court"), penalty, "{handling}");
    }
    // A due date from the stream's `due_days` (day 50 for `b`) is kept when earlier than the
    // order's: `b` goes first (decided day 201, 20 days late), before `c` (term, day 90).
    let due = two_orders("deadline", "edf").replace(
        "name = \"b\"\ninterarrival_days",
        "name = \"b\"\ndue_days = 50\ninterarrival_days",
    );
    let m = run_text(&due);
    for (stream, throughput) in [("b", 202.5), ("c", 203.5), ("a", 204.5)] {
        assert_eq!(m.get(&format!("throughput_days_mean_{stream}")), throughput);
    }
    assert_eq!(m.get("penalty_eur_court"), 2_000.0);
    // The class needs a queue that orders by priority, a deadline one that orders by deadline:
    // in a FIFO queue every handling serves as the cases queued.
    for handling in ["class", "deadline", "class_and_deadline"] {
        let m = run_text(&two_orders(handling, "fifo"));
        assert_eq!(m.get("throughput_days_mean_c"), 202.5, "{handling}");
        assert_eq!(m.get("penalty_eur_court"), 2_200.0, "{handling}");
    }
}

/// 3,000 backlog cases of a day's work each, ten servers: 300 days of work for a term of 30
/// days. A tenth of the late applicants send a notice (day 31), all appeal (day 45) and the
/// court orders a decision by day 111. With the order's class the ordered cases jump the
/// queue and every one is decided in time: no court penalty. With the deadline as due date
/// they queue behind the late cases whose term (day 30) expired before their deadline, and all
/// but those already at work when the court ruled reach the cap of EUR 7,500. Without any
/// handling they come in their turn, and most miss too.
#[test]
fn an_order_is_a_priority_not_a_guarantee() {
    let text = |handling: &str, discipline: &str| {
        format!(
            r#"
            [scenario]
            start_date = 2026-01-01
            [run]
            horizon_days = 400
            [[pool]]
            name = "officers"
            servers = 10
            discipline = "{discipline}"
            [[stream]]
            name = "asylum"
            interarrival_days = {{ dist = "fixed", value = 30000 }}
            entry = "decide"
            priority = 2
            [[step]]
            name = "decide"
            pool = "officers"
            work_hours = {{ dist = "fixed", value = 24 }}
            next = "exit"
            [law]
            [[law.term]]
            name = "thirty_days"
            streams = ["asylum"]
            days = 30
            [law.notice]
            share = 0.1
            delay_days = {{ dist = "fixed", value = 1 }}
            [[law.court_penalty]]
            name = "beroep_niet_tijdig"
            appeal_share = 1.0
            after_notice_days = 14
            judgment_days = {{ dist = "fixed", value = 10 }}
            order_days_heard = 56
            order_days_not_heard = 56
            tiers = [ {{ euro_per_day = 100 }} ]
            cap_euro = 7500
            priority = 0
            order_handling = "{handling}"
            [[backlog.synthetic]]
            stream = "asylum"
            size = 3000
            age_days = {{ dist = "fixed", value = 1 }}
            "#
        )
    };
    let class = run_text(&text("class", "priority"));
    let orders = class.get("court_cases");
    assert!(orders > 150.0, "many orders: {orders}");
    assert_eq!(class.get("decided"), 3_000.0);
    assert_eq!(class.get("penalty_eur_court"), 0.0);
    let both = run_text(&text("class_and_deadline", "priority_edf"));
    assert_eq!(both.get("penalty_eur_court"), 0.0);
    // The same cases appeal whatever the handling: the behaviour draws are the case's own.
    let deadline = run_text(&text("deadline", "edf"));
    assert_eq!(deadline.get("court_cases"), orders);
    let capped = deadline.get("penalty_eur_court") / 7_500.0;
    assert_eq!(capped.fract(), 0.0, "every missed order reaches its cap");
    assert!(
        capped >= orders - 10.0 && capped <= orders,
        "{capped} of {orders} orders missed"
    );
    let none = run_text(&text("none", "priority"));
    assert!(none.get("penalty_eur_court") > 0.0);
    assert!(none.get("penalty_eur_court") <= deadline.get("penalty_eur_court"));
    for m in [&class, &deadline, &none] {
        assert_eq!(m.get("within_term_share"), class.get("within_term_share"));
    }
}

/// One server. Case `v` arrives on day 104 at 18:00 with 10 hours of work (to day 105, 04:00);
/// case `w` arrives on day 105 at 02:00 and waits. The ordered case's appeal is lodged on day
/// 105 at 00:00, and with `litigation` its 6 hours of work wait for the server too. At 04:00
/// the job goes first (to 10:00), so `w` starts at 10:00 instead of 04:00: 6 hours later.
/// `litigation` is the court regime's key, `pool` the pool section.
fn litigation_text(litigation: &str, pool: &str) -> String {
    format!(
        r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        horizon_days = 106
        {pool}
        [[stream]]
        name = "a"
        interarrival_days = {{ dist = "fixed", value = 30000 }}
        entry = "wait"
        [[stream]]
        name = "v"
        interarrival_days = {{ dist = "fixed", value = 104.75 }}
        entry = "decide"
        [[stream]]
        name = "w"
        interarrival_days = {{ dist = "fixed", value = 105.0833333333333 }}
        entry = "decide"
        [[step]]
        name = "wait"
        delay_days = {{ dist = "fixed", value = 10000 }}
        next = "exit"
        [[step]]
        name = "decide"
        pool = "officer"
        work_hours = {{ dist = "fixed", value = 10 }}
        next = "exit"
        [law]
        [[law.term]]
        name = "ninety_days"
        streams = ["a", "v", "w"]
        days = 90
        [law.notice]
        streams = ["a"]
        share = 1.0
        delay_days = {{ dist = "fixed", value = 1 }}
        [[law.court_penalty]]
        name = "beroep_niet_tijdig"
        appeal_share = 1.0
        after_notice_days = 14
        judgment_days = {{ dist = "fixed", value = 10 }}
        order_days_heard = 56
        order_days_not_heard = 112
        penalty = false
        {litigation}
        [[backlog.synthetic]]
        stream = "a"
        size = 1
        age_days = {{ dist = "fixed", value = 1 }}
        "#
    )
}

const ONE_SERVER: &str = "[[pool]]\nname = \"officer\"\nservers = 1\n";
const SIX_HOURS: &str =
    "litigation = { pool = \"officer\", hours = { dist = \"fixed\", value = 6 } }";

/// The job delays the waiting case by exactly its 6 hours; the server's busy time grows by
/// them (26 hours in 106 days instead of 20), and the job counts in the litigation metrics but
/// in no count of cases.
#[test]
fn a_litigation_job_delays_a_waiting_case_by_its_hours() {
    let without = run_text(&litigation_text("", ONE_SERVER));
    let with = run_text(&litigation_text(SIX_HOURS, ONE_SERVER));
    let hour = 1.0 / 24.0;
    assert_eq!(without.get("wait_days_mean_w"), 2.0 * hour);
    assert_eq!(with.get("wait_days_mean_w"), 8.0 * hour);
    assert_eq!(with.get("wait_days_mean_v"), 0.0);
    let minutes = 106.0 * 1440.0;
    assert_eq!(without.get("utilisation_officer"), 1_200.0 / minutes);
    assert_eq!(with.get("utilisation_officer"), 1_560.0 / minutes);
    assert_eq!(with.get("litigation_hours"), 6.0);
    assert_eq!(with.get("litigation_jobs"), 1.0);
    for metric in [
        "arrived",
        "completed",
        "in_system_end",
        "work_started_officer",
    ] {
        assert_eq!(with.get(metric), without.get(metric), "{metric}");
    }
    // The number in the system grows by `w`'s 6 hours only: the job is no case.
    let in_system = without.get("in_system_mean") + 360.0 / minutes;
    assert!((with.get("in_system_mean") - in_system).abs() < 1e-12);
    assert!(without.0.metric_index("litigation_hours").is_none());
    // A role names the pool at the case's location (the only one here).
    let role = "[[location]]\nname = \"here\"\n[[pool]]\nname = \"officer\"\nrole = \"lawyers\"\nlocation = \"here\"\nservers = 1\n";
    let by_role = run_text(&litigation_text(
        &SIX_HOURS.replace("pool = \"officer\"", "pool = \"lawyers\""),
        role,
    ));
    assert_eq!(by_role.get("wait_days_mean_w"), 8.0 * hour);
    // A run that ends while the job waits: queued, not started, nothing worked.
    let early = run_text(
        &litigation_text(SIX_HOURS, ONE_SERVER)
            .replace("horizon_days = 106", "horizon_days = 105.1"),
    );
    assert_eq!(early.get("litigation_jobs"), 0.0);
    assert_eq!(early.get("litigation_hours"), 0.0);
}

/// An appeal by rate brings its litigation job as an appeal by share does: at a rate of 1,000
/// a month the appeal is lodged on the first day it can be (day 105), and its job delays `w`
/// by the same 6 hours.
#[test]
fn an_appeal_by_rate_brings_its_litigation_job() {
    let text = litigation_text(SIX_HOURS, ONE_SERVER)
        .replace("appeal_share = 1.0", "appeal_rate_per_month = 1000");
    let with = run_text(&text);
    assert_eq!(with.get("appeals"), 1.0);
    assert_eq!(with.get("litigation_jobs"), 1.0);
    assert_eq!(with.get("litigation_hours"), 6.0);
    assert_eq!(with.get("wait_days_mean_w"), 8.0 / 24.0);
}

/// An officer pool: the specialist (the only one competent for `conversion`, which every case
/// of `v` and `w` has) works on the cases; the generalist, free, takes the job at 00:00 (no
/// competence needed), so `w` waits its 2 hours as without the job, and each team's hours
/// count what its officer worked.
#[test]
fn any_free_officer_takes_a_litigation_job() {
    let pool = r#"
        [levels]
        trainee = 0.5
        regular = 1.0
        senior = 1.25
        [[feature]]
        name = "conversion"
        [[group]]
        name = "all"
        features = { conversion = 1.0 }
        [[pool]]
        name = "officer"
        specialisms = ["conversion"]
        [[pool.officers]]
        count = 1
        team = "specialists"
        competences = ["conversion"]
        [[pool.officers]]
        count = 1
        team = "generalists"
    "#;
    let m = run_text(&litigation_text(SIX_HOURS, pool));
    assert_eq!(m.get("wait_days_mean_w"), 2.0 / 24.0);
    assert_eq!(m.get("team_hours_officer_generalists"), 6.0);
    assert_eq!(m.get("team_hours_officer_specialists"), 20.0);
    assert_eq!(m.get("team_work_started_officer_generalists"), 0.0);
    assert_eq!(m.get("litigation_hours"), 6.0);
}

/// On a calendar of 8-hour weekdays from 09:00, work minutes become clock time as for cases.
/// Case `v` (Wednesday 15 April, 18:00) works from Thursday 09:00 to Friday 11:00; the job
/// lodged on Thursday at 00:00 waits for it, then takes its 10 hours from Friday 11:00 to
/// Monday 20 April, 13:00; `w`, waiting since Thursday 02:00, starts then: 107 hours of waiting
/// instead of 33.
#[test]
fn a_litigation_job_on_a_calendar_takes_working_time() {
    let pool = r#"
        [[calendar]]
        name = "office"
        weekdays = ["mon", "tue", "wed", "thu", "fri"]
        day_start = "09:00"
        [[pool]]
        name = "officer"
        fte = 1
        hours_per_week = 40
        calendar = "office"
    "#;
    let ten = SIX_HOURS.replace("value = 6", "value = 10");
    let run = |litigation: &str| {
        run_text(
            &litigation_text(litigation, pool).replace("horizon_days = 106", "horizon_days = 110"),
        )
    };
    let without = run("");
    let with = run(&ten);
    assert_eq!(without.get("wait_days_mean_w"), 33.0 / 24.0);
    assert_eq!(with.get("wait_days_mean_w"), 107.0 / 24.0);
    assert_eq!(with.get("litigation_hours"), 10.0);
    assert_eq!(with.get("litigation_jobs"), 1.0);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: proptest::test_runner::RngSeed::Fixed(11),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// One server and one step of work: litigation only adds work to a work-conserving server,
    /// so whatever the load, the term, the appeals and the hours, the server is busy at least as
    /// long as without it; and every run balances its jobs and officer hours (checked by the
    /// run itself, which fails otherwise).
    #[test]
    fn litigation_never_lowers_utilisation(
        rate in 0.5f64..6.0,
        work in 1.0f64..8.0,
        term in 1u32..20,
        notice in 0.0f64..=1.0,
        appeal in 0.0f64..=1.0,
        hours in 0.5f64..30.0,
        handling in 0usize..4,
        officers in any::<bool>(),
    ) {
        let pool = if officers {
            "[levels]\ntrainee = 0.5\nregular = 1.0\nsenior = 1.25\n[[pool]]\nname = \"officer\"\ndiscipline = \"priority_edf\"\n[[pool.officers]]\ncount = 1\n"
        } else {
            "[[pool]]\nname = \"officer\"\nservers = 1\ndiscipline = \"priority_edf\"\n"
        };
        let handling = ["class", "deadline", "class_and_deadline", "none"][handling];
        let text = |litigation: &str| format!(
            r#"
            [scenario]
            start_date = 2026-01-01
            [run]
            horizon_days = 60
            {pool}
            [[stream]]
            name = "asylum"
            rate_per_day = {rate}
            entry = "decide"
            priority = 2
            [[step]]
            name = "decide"
            pool = "officer"
            work_hours = {{ dist = "exponential", mean = {work} }}
            next = "exit"
            [law]
            [[law.term]]
            name = "term"
            streams = ["asylum"]
            days = {term}
            [law.notice]
            share = {notice}
            delay_days = {{ dist = "exponential", mean = 2 }}
            [[law.court_penalty]]
            name = "court"
            appeal_share = {appeal}
            after_notice_days = 2
            judgment_days = {{ dist = "exponential", mean = 3 }}
            order_days_heard = 3
            order_days_not_heard = 5
            tiers = [ {{ euro_per_day = 100 }} ]
            cap_euro = 750
            priority = 0
            order_handling = "{handling}"
            repeat = {{ share = 1, after_deadline_days = 1, judgment_days = {{ dist = "fixed", value = 1 }}, order_days = 2, tiers = [ {{ euro_per_day = 200 }} ], cap_euro = 1500 }}
            {litigation}
            "#
        );
        let litigation = format!(
            "litigation = {{ pool = \"officer\", hours = {{ dist = \"exponential\", mean = {hours} }} }}"
        );
        let without = run_text(&text(""));
        let with = run_text(&text(&litigation));
        let (a, b) = (without.get("utilisation_officer"), with.get("utilisation_officer"));
        prop_assert!(b >= a, "utilisation {b} with litigation, {a} without");
        let jobs = with.get("litigation_jobs");
        prop_assert!(jobs >= 0.0 && jobs.fract() == 0.0);
        prop_assert!(with.get("litigation_hours") >= 0.0);
        prop_assert_eq!(with.get("arrived"), without.get("arrived"));
    }
}

/// Every bad value of the new keys is refused, naming the field, what is wrong and a fix.
#[test]
fn bad_order_handling_and_litigation_are_refused_naming_the_field() {
    let cases: [(&str, &[&str]); 6] = [
        (
            "order_handling = \"urgent\"",
            &[
                "law.court_penalty[0].order_handling (law.court_penalty \"beroep_niet_tijdig\")",
                "\"urgent\" is not a way to handle a court order",
                "class_and_deadline",
            ],
        ),
        (
            "litigation = { pool = \"lawyers\", hours = { dist = \"fixed\", value = 6 } }",
            &[
                "litigation.pool",
                "there is no pool or role named \"lawyers\"",
                "\"officer\"",
            ],
        ),
        (
            "litigation = { pool = \"officer\", hours = { dist = \"fixed\", value = 0 } }",
            &["litigation.hours", "value must be positive"],
        ),
        (
            "litigation = { pool = \"officer\", hours = { dist = \"exponential\", mean = 5000 } }",
            &[
                "litigation.hours",
                "must be from 0 to 2000 hours",
                "mean per appeal",
            ],
        ),
        (
            "litigation = { pool = \"officer\", hours = { dist = \"uniform\", min = 4 } }",
            &["litigation.hours", "needs `max`"],
        ),
        (
            "litigation = { pool = \"officer\", hours = { dist = \"fixed\", value = 6 }, days = 2 }",
            &["unknown field `days`"],
        ),
    ];
    for (key, needles) in cases {
        let text = litigation_text(key, ONE_SERVER);
        let message = match scenario::parse(&text, Path::new("court_orders.toml")) {
            Ok(_) => panic!("accepted: {key}"),
            Err(e) => e.to_string(),
        };
        for needle in needles {
            assert!(
                message.contains(needle),
                "{key}: the message lacks {needle:?}:\n{message}"
            );
        }
    }
    // A litigation block needs both keys.
    let text = litigation_text("litigation = { pool = \"officer\" }", ONE_SERVER);
    let message = match scenario::parse(&text, Path::new("court_orders.toml")) {
        Ok(_) => panic!("accepted without hours"),
        Err(e) => e.to_string(),
    };
    assert!(message.contains("missing field `hours`"), "{message}");
}

/// A dated change of a regime's `litigation`: the appeal lodged on day 105 (16 April) takes the
/// hours of the law in force that day, so a change on 1 April to 3 hours delays `w` by 3 hours
/// (5 hours of waiting), one on 17 April leaves the 6 hours.
#[test]
fn an_appeal_brings_the_litigation_of_the_law_it_was_lodged_under() {
    let change = |date: &str| {
        format!(
            "{}\n[[change]]\nname = \"less_work\"\ndate = {date}\nset.law.court_penalty = [ {{ name = \"beroep_niet_tijdig\", litigation = {{ pool = \"officer\", hours = {{ dist = \"fixed\", value = 3 }} }} }} ]\n",
            litigation_text(SIX_HOURS, ONE_SERVER)
        )
    };
    let hour = 1.0 / 24.0;
    let before = run_text(&change("2026-04-01"));
    assert_eq!(before.get("wait_days_mean_w"), 300.0 / 1440.0);
    assert_eq!(before.get("litigation_hours"), 3.0);
    let after = run_text(&change("2026-04-17"));
    assert_eq!(after.get("wait_days_mean_w"), 8.0 * hour);
    assert_eq!(after.get("litigation_hours"), 6.0);
}

/// A change of the hours' distribution kind (fixed to uniform, whose keys differ) takes two
/// changes on one date, as the README says: one removes the hours, the next sets them anew. The
/// job takes a uniform draw from 2 to 4 hours (not the 6 fixed ones) and delays `w` by it;
/// setting the uniform over the fixed hours in one change is refused, naming the stray key.
#[test]
fn a_change_of_the_hours_kind_removes_then_sets_on_one_date() {
    let two = format!(
        "{}\n[[change]]\nname = \"drop_hours\"\ndate = 2026-04-01\nremove = [\"law.court_penalty.beroep_niet_tijdig.litigation.hours\"]\n[[change]]\nname = \"uniform_hours\"\ndate = 2026-04-01\nset.law.court_penalty = [ {{ name = \"beroep_niet_tijdig\", litigation = {{ hours = {{ dist = \"uniform\", min = 2, max = 4 }} }} }} ]\n",
        litigation_text(SIX_HOURS, ONE_SERVER)
    );
    let one = run_text(&two);
    let hours = one.get("litigation_hours");
    assert!((2.0..=4.0).contains(&hours), "{hours}");
    assert!((one.get("wait_days_mean_w") * 24.0 - (2.0 + hours)).abs() < 1e-6);
    let merged = format!(
        "{}\n[[change]]\nname = \"uniform_hours\"\ndate = 2026-04-01\nset.law.court_penalty = [ {{ name = \"beroep_niet_tijdig\", litigation = {{ hours = {{ dist = \"uniform\", min = 2, max = 4 }} }} }} ]\n",
        litigation_text(SIX_HOURS, ONE_SERVER)
    );
    match scenario::parse(&merged, Path::new("court_orders.toml")) {
        Ok(_) => panic!("a uniform merged over fixed hours keeps `value`"),
        Err(e) => assert!(e.to_string().contains("value"), "{e}"),
    }
}
