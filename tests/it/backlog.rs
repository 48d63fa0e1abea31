//! The initial backlog: loading from CSV (with its real deadlines and penalty state from time
//! zero), bad rows reported by line, a synthetic backlog, and conservation per stream.

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

use crate::support::repo;

fn run_file(path: &Path) -> Experiment {
    let scenario = scenario::load(path).expect("valid");
    let settings = RunSettings {
        replications: 2,
        seed: 1,
        threads: 1,
    };
    experiment::run(&scenario, settings, &|| {}).expect("runs")
}

/// The three cases are decided oldest first, 10 days each (days 10, 20, 30):
/// - first, lodged 2025-05-01, complex: term 6 + 9 months to 2026-08-01: in time (day 10);
/// - nareis, lodged 2025-09-01: term to 2025-11-30, expired before the start; its notice came
///   on 2025-12-10, so its Awb 4:17 penalty runs from 2025-12-24 (day -8). Decided on day 20:
///   28 days late, 14 x 23 + 14 x 35 = EUR 812;
/// - first, lodged 2025-10-01: term to 2026-04-01 (day 90): in time (day 30).
#[test]
fn backlog_from_csv_carries_deadlines_and_penalty_state() {
    let run = run_file(&repo().join("tests/it/data/backlog/scenario.toml"));
    let m = run.replication(0);
    assert_eq!(m.get("in_system_start"), Some(3.0));
    assert_eq!(m.get("in_system_start_first"), Some(2.0));
    assert_eq!(m.get("decided"), Some(3.0));
    assert_eq!(m.get("within_term_share_first"), Some(1.0));
    assert_eq!(m.get("within_term_share_nareis"), Some(0.0));
    assert_eq!(m.get("penalty_eur_admin"), Some(812.0));
    assert_eq!(
        m.get("notices"),
        Some(0.0),
        "the notice came before the run"
    );
    // Throughput counts from lodging: 2025-05-01 to day 10 is 245 + 10 days.
    assert_eq!(
        m.get("throughput_days_mean_first"),
        Some(((245.0 + 10.0) + (92.0 + 30.0)) / 2.0)
    );
    assert!(
        m.get("wait_days_mean").unwrap().is_nan(),
        "waits are for new cases only"
    );

    // The monthly series: 200 days from 1 January are the months January to July.
    let series = m
        .measurements
        .monthly
        .as_ref()
        .expect("a dated scenario has a monthly series");
    assert_eq!(series.months.first().map(String::as_str), Some("2026-01"));
    assert_eq!(series.months.len(), 7);
    let column = |name: &str| run.catalogue.find_monthly(name).unwrap();
    assert_eq!(series.rows[0][column("decided")], 3.0);
    assert_eq!(series.rows[0][column("penalty_eur")], 812.0);
    assert_eq!(
        series.rows[0][column("backlog")],
        0.0,
        "all decided by 31 January"
    );
    let csv = asielsim::output::monthly_csv(&run).expect("monthly.csv");
    assert!(csv.starts_with("month,metric,mean,p05,p25,p50,p75,p95,replications\n"));
    assert!(
        csv.contains("2026-01,penalty_eur,812,812,812,812,812,812,2\n"),
        "{csv}"
    );
}

#[test]
fn bad_backlog_rows_are_reported_by_line() {
    let dir = crate::support::scratch_dir("bad_backlog");
    std::fs::create_dir_all(&dir).unwrap();
    let scenario_text =
        std::fs::read_to_string(repo().join("tests/it/data/backlog/scenario.toml")).unwrap();
    std::fs::write(dir.join("scenario.toml"), scenario_text).unwrap();
    std::fs::write(
        dir.join("backlog.csv"),
        "stream,lodged,step,features\n\
         first,2025-05-01,decide,\n\
         asylum,2025-05-01,decide,\n\
         first,2025-13-01,decide,\n\
         first,2025-05-01,decide,complex;nosuch\n\
         first,2027-01-01,decide,\n\
         first,2025-05-01\n",
    )
    .unwrap();
    let err = scenario::load(&dir.join("scenario.toml"))
        .unwrap_err()
        .to_string();
    for expected in [
        "backlog.csv line 3: stream \"asylum\" is not declared",
        "backlog.csv line 4: lodged \"2025-13-01\" is not a date",
        "backlog.csv line 5: feature \"nosuch\" is not declared",
        "backlog.csv line 6: lodged 2027-01-01 is after the start date",
        "backlog.csv line 7: unreadable row",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(
        !err.contains("line 2:"),
        "the good row is not reported: {err}"
    );
}

#[test]
fn synthetic_backlog_has_its_size_and_streams_are_conserved() {
    let text = std::fs::read_to_string(repo().join("tests/it/data/backlog/scenario.toml"))
        .unwrap()
        .replace(
            "file = \"backlog.csv\"",
            "[[backlog.synthetic]]\nstream = \"first\"\nsize = 400\nage_days = { dist = \"uniform\", min = 0, max = 400 }\n\
             [[backlog.synthetic]]\nstream = \"nareis\"\nsize = 100\nage_days = { dist = \"uniform\", min = 0, max = 100 }\nsteps = { decide = 1.0 }",
        )
        .replace("value = 1000 }", "value = 3 }")
        .replace("value = 240 }", "value = 2 }");
    let scenario = scenario::parse(&text, Path::new("synthetic.toml")).expect("valid");
    let settings = RunSettings {
        replications: 4,
        seed: 9,
        threads: 2,
    };
    let run = experiment::run(&scenario, settings, &|| {}).expect("runs");
    for m in run.each_replication() {
        let get = |name: &str| m.get(name).unwrap();
        assert_eq!(get("in_system_start"), 500.0);
        for stream in ["first", "nareis"] {
            assert_eq!(
                get(&format!("in_system_start_{stream}")) + get(&format!("arrived_{stream}")),
                get(&format!("completed_{stream}")) + get(&format!("in_system_end_{stream}")),
                "cases of stream {stream} are conserved"
            );
        }
    }
    // Each block has its size, in every replication; the ages differ between replications.
    for m in run.each_replication() {
        assert_eq!(m.get("in_system_start_first"), Some(400.0));
        assert_eq!(m.get("in_system_start_nareis"), Some(100.0));
    }
    let p50 = |rep: usize| run.replication(rep).get("throughput_days_p50").unwrap();
    assert_ne!(p50(0), p50(1));
}

#[test]
fn every_kind_of_bad_backlog_row_says_what_is_wrong() {
    let dir = crate::support::scratch_dir("bad_backlog_kinds");
    std::fs::create_dir_all(&dir).unwrap();
    let scenario_text =
        std::fs::read_to_string(repo().join("tests/it/data/backlog/scenario.toml")).unwrap();
    std::fs::write(dir.join("scenario.toml"), scenario_text).unwrap();
    std::fs::write(
        dir.join("backlog.csv"),
        "stream,lodged,step,heard,notice_date\n\
         first,2025-05-01,decide,maybe,\n\
         first,2025-05-01,decide,,2025-04-01\n\
         first,,decide,,\n\
         first,2025-05-01,nosuch,,\n",
    )
    .unwrap();
    let err = scenario::load(&dir.join("scenario.toml"))
        .unwrap_err()
        .to_string();
    for expected in [
        "backlog.csv line 2: heard \"maybe\" is not true or false",
        "backlog.csv line 3: notice_date is before the lodging date",
        "backlog.csv line 4: column lodged is empty",
        "backlog.csv line 5: step \"nosuch\" is not declared in the scenario",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// The backlog test scenario with `extra` appended, over the backlog file `csv`, both written in
/// a fresh folder `name`; run for two replications.
fn run_backlog(name: &str, csv: &str, extra: &str) -> Experiment {
    let dir = crate::support::scratch_dir(name);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(repo().join("tests/it/data/backlog/scenario.toml")).unwrap();
    std::fs::write(dir.join("scenario.toml"), format!("{text}\n{extra}")).unwrap();
    std::fs::write(dir.join("backlog.csv"), csv).unwrap();
    run_file(&dir.join("scenario.toml"))
}

/// `n` first-stream cases lodged 2025-08-01 (no notices, no penalty regime), as rows of
/// `columns` fields; decided first (oldest first), each takes the officer 10 days.
fn older_cases(n: usize, columns: usize) -> String {
    format!("first,2025-08-01,decide{}\n", ",".repeat(columns - 3)).repeat(n)
}

/// A notice before the term expired has no legal effect (Awb 4:17 needs an expired term): it
/// counts from the day after the term expired. The nareis case, lodged 2025-09-01, has its term
/// to 2025-11-30; a notice dated 2025-11-15 or 2025-11-30 counts as received on 2025-12-01
/// (day -31), as one dated that day: the penalty runs from day -17; decided on day 10, 27 days:
/// 14 x 23 + 13 x 35 = EUR 777. (Taken at its word, the notice of 2025-11-15 would start the
/// clock on the term's last day, a day earlier: EUR 812.)
#[test]
fn a_notice_before_the_term_expired_counts_from_the_day_after() {
    let header = "stream,lodged,step,features,notice_date\n";
    for notice in ["2025-11-15", "2025-11-30", "2025-12-01"] {
        let run = run_backlog(
            &format!("early_notice_{notice}"),
            &format!("{header}nareis,2025-09-01,decide,,{notice}\n"),
            "",
        );
        for m in run.each_replication() {
            assert_eq!(m.get("penalty_eur_admin"), Some(777.0), "notice {notice}");
            assert_eq!(m.get("notices"), Some(0.0), "before the run");
        }
    }
    // A term that expires during the run: lodged 2025-12-15, 90 days to 2026-03-15 (day 73). A
    // notice of 2025-12-20 counts on day 74, in the run; ten older cases go first, so the case is
    // decided on day 110: 110 - (74 + 14) = 22 days, 14 x 23 + 8 x 35 = EUR 602.
    for notice in ["2025-12-20", "2026-03-16"] {
        let run = run_backlog(
            &format!("early_notice_in_run_{notice}"),
            &format!(
                "{header}{}nareis,2025-12-15,decide,,{notice}\n",
                older_cases(10, 5)
            ),
            "",
        );
        for m in run.each_replication() {
            assert_eq!(m.get("penalty_eur_admin"), Some(602.0), "notice {notice}");
            assert_eq!(
                m.get("notices"),
                Some(1.0),
                "counted on its day, in the run"
            );
            let series = m.measurements.monthly.as_ref().unwrap();
            let notices = run.catalogue.find_monthly("notices").unwrap();
            let by_month: Vec<f64> = series.rows.iter().map(|r| r[notices]).collect();
            assert_eq!(by_month[..4], [0.0, 0.0, 1.0, 0.0], "in March");
        }
    }
}

/// A court regime for nareis with no drawn appeals, so only the backlog file's judgments count:
/// the court gives 112 days to decide (not heard), then EUR 100 a day; EUR 1,000 costs.
const COURT: &str = "[[law.court_penalty]]\nstreams = [\"nareis\"]\nappeal_share = 0.0\n\
    after_notice_days = 14\njudgment_days = { dist = \"fixed\", value = 1 }\n\
    order_days_heard = 56\norder_days_not_heard = 112\ntiers = [ { euro_per_day = 100 } ]\n\
    cap_euro = 7500\ncosts_euro = 1000\n";

/// A judgment dated after the start takes effect on its day, if the case is still open then;
/// one after the run has no effect in it.
#[test]
fn a_judgment_after_the_start_takes_effect_on_its_day() {
    let header = "stream,lodged,step,features,notice_date,judgment_date\n";
    let case = |judgment: &str| format!("nareis,2025-09-01,decide,,2025-12-10,{judgment}\n");
    // Judged on 2026-01-05 (day 4), decided on day 130 behind twelve older cases: the order's
    // deadline is day 4 + 112 = 116, so 14 days of EUR 100; costs in January.
    let run = run_backlog(
        "judgment_in_run",
        &format!("{header}{}{}", older_cases(12, 6), case("2026-01-05")),
        COURT,
    );
    for m in run.each_replication() {
        assert_eq!(m.get("court_cases"), Some(1.0));
        assert_eq!(m.get("court_costs_eur"), Some(1000.0));
        assert_eq!(m.get("penalty_eur_court"), Some(1400.0));
        // The notice of 2025-12-10 (day -22): 4:17 from day -8 to its cap of 42 days.
        assert_eq!(m.get("penalty_eur_admin"), Some(1442.0));
    }
    // Judged on 2026-02-01 (day 31), but decided on day 10: the appeal is moot, no judgment.
    let run = run_backlog(
        "judgment_moot",
        &format!("{header}{}", case("2026-02-01")),
        COURT,
    );
    for m in run.each_replication() {
        assert_eq!(m.get("court_cases"), Some(0.0));
        assert_eq!(m.get("court_costs_eur"), Some(0.0));
        assert_eq!(m.get("penalty_eur_court"), Some(0.0));
    }
    // Judged after the run (200 days from 2026-01-01): no effect in it.
    let run = run_backlog(
        "judgment_after_run",
        &format!("{header}{}{}", older_cases(30, 6), case("2026-12-01")),
        COURT,
    );
    for m in run.each_replication() {
        assert_eq!(m.get("court_cases"), Some(0.0));
        assert_eq!(m.get("court_costs_eur"), Some(0.0));
    }
    // A judgment before the start keeps its effect from the start: costs before the run are
    // not counted, its order's deadline is day -20 + 112 = 92; decided on day 130: 38 days.
    let run = run_backlog(
        "judgment_before_start",
        &format!("{header}{}{}", older_cases(12, 6), case("2025-12-12")),
        COURT,
    );
    for m in run.each_replication() {
        assert_eq!(m.get("court_cases"), Some(0.0), "judged before the run");
        assert_eq!(m.get("court_costs_eur"), Some(0.0));
        assert_eq!(m.get("penalty_eur_court"), Some(3800.0));
    }
}

#[test]
fn legal_dates_the_law_rules_out_are_refused_by_line() {
    let dir = crate::support::scratch_dir("bad_legal_dates");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(repo().join("tests/it/data/backlog/scenario.toml")).unwrap();
    std::fs::write(dir.join("scenario.toml"), &text).unwrap();
    std::fs::write(
        dir.join("backlog.csv"),
        "stream,lodged,step,notice_date,judgment_date\n\
         nareis,2025-09-01,decide,2025-12-10,2025-12-01\n\
         nareis,2025-09-01,decide,2025-12-10,2026-01-05\n",
    )
    .unwrap();
    let err = scenario::load(&dir.join("scenario.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "backlog.csv line 2: judgment_date 2025-12-01 is before notice_date 2025-12-10"
        ),
        "{err}"
    );
    assert!(!err.contains("line 3"), "{err}");
    // Without [law], a notice or a judgment has nothing to act on (this once panicked).
    let without_law = &text[..text.find("[law]").unwrap()];
    std::fs::write(
        dir.join("scenario.toml"),
        format!("{without_law}\n[backlog]\nfile = \"backlog.csv\"\n"),
    )
    .unwrap();
    let err = scenario::load(&dir.join("scenario.toml"))
        .unwrap_err()
        .to_string();
    for expected in [
        "line 2: notice_date is given, but the scenario has no [law]",
        "line 3: notice_date is given, but the scenario has no [law]",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// A stream whose cases are all open at the start needs no rate and no intake.
#[test]
fn a_stream_with_only_an_opening_stock_needs_no_arrivals() {
    let text = std::fs::read_to_string(repo().join("tests/it/data/backlog/scenario.toml"))
        .unwrap()
        .replace(
            "interarrival_days = { dist = \"fixed\", value = 1000 }\n",
            "",
        );
    let dir = crate::support::scratch_dir("stock_only");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        repo().join("tests/it/data/backlog/backlog.csv"),
        dir.join("backlog.csv"),
    )
    .unwrap();
    std::fs::write(dir.join("scenario.toml"), &text).unwrap();
    let run = run_file(&dir.join("scenario.toml"));
    for m in run.each_replication() {
        assert_eq!(m.get("in_system_start"), Some(3.0));
        assert_eq!(m.get("arrived"), Some(0.0));
        assert_eq!(
            m.get("penalty_eur_admin"),
            Some(812.0),
            "as with a rate that never fires"
        );
    }
    // A synthetic block alone is an opening stock too.
    let synthetic = text.replace(
        "file = \"backlog.csv\"",
        "[[backlog.synthetic]]\nstream = \"first\"\nsize = 5\nage_days = { dist = \"uniform\", min = 0, max = 100 }\n\
         [[backlog.synthetic]]\nstream = \"nareis\"\nsize = 0\nage_days = { dist = \"fixed\", value = 10 }",
    );
    let s = scenario::parse(&synthetic, Path::new("synthetic.toml")).expect("valid");
    assert!(s.network.sources.is_empty());
    // The report's key assumptions say so.
    let facts = asielsim::report::ScenarioFacts::from_scenario(&s);
    assert_eq!(
        facts.intake,
        [
            (
                "first".to_string(),
                "no arrivals: its opening stock only".to_string()
            ),
            (
                "nareis".to_string(),
                "no arrivals: its opening stock only".to_string()
            ),
        ]
    );
    // A stream with neither arrivals nor an opening stock is refused.
    let nothing = text.replace("file = \"backlog.csv\"", "");
    let err = scenario::parse(&nothing, Path::new("nothing.toml"))
        .unwrap_err()
        .to_string();
    for stream in ["first", "nareis"] {
        assert!(
            err.contains(&format!(
                "(stream \"{stream}\"): the stream has no arrivals and no opening stock"
            )),
            "{err}"
        );
    }
}

/// A `[[backlog.synthetic]]` block with its own group mix: every case of the block is Syrian,
/// though the stream's cases are all of the other group; a block without one uses the
/// stream's.
#[test]
fn a_backlog_block_can_have_its_own_group_mix() {
    let text = |blocks: &str| {
        format!(
            "[scenario]\nstart_date = 2026-01-01\n[run]\nhorizon_days = 30\n\
             [[group]]\nname = \"syria\"\n[[group]]\nname = \"other\"\n\
             [[pool]]\nname = \"syrian_desk\"\nservers = 1\n[[pool]]\nname = \"other_desk\"\nservers = 1\n\
             [[stream]]\nname = \"first\"\nentry = \"sort\"\ngroups = {{ syria = 0.0, other = 1.0 }}\n\
             [[step]]\nname = \"sort\"\n\
             [[step.route]]\nwhen = {{ group = [\"syria\"] }}\nnext = \"syrian\"\n\
             [[step.route]]\nnext = \"other\"\n\
             [[step]]\nname = \"syrian\"\npool = \"syrian_desk\"\nwork_hours = {{ dist = \"fixed\", value = 1 }}\nnext = \"exit\"\n\
             [[step]]\nname = \"other\"\npool = \"other_desk\"\nwork_hours = {{ dist = \"fixed\", value = 1 }}\nnext = \"exit\"\n\
             {blocks}"
        )
    };
    let block = |groups: &str| {
        format!(
            "[[backlog.synthetic]]\nstream = \"first\"\nsize = 20\nage_days = {{ dist = \"uniform\", min = 0, max = 100 }}\n{groups}\n"
        )
    };
    let own = scenario::parse(
        &text(&block("groups = { syria = 1.0 }")),
        Path::new("own.toml"),
    )
    .expect("valid");
    let settings = RunSettings {
        replications: 2,
        seed: 3,
        threads: 1,
    };
    let run = experiment::run(&own, settings, &|| {}).unwrap();
    for m in run.each_replication() {
        assert_eq!(m.get("work_started_syrian_desk"), Some(20.0));
        assert_eq!(m.get("work_started_other_desk"), Some(0.0));
    }
    let both = scenario::parse(
        &text(&format!(
            "{}{}",
            block("groups = { syria = 0.5, other = 0.5 }"),
            block("")
        )),
        Path::new("both.toml"),
    )
    .expect("valid");
    let run = experiment::run(&both, settings, &|| {}).unwrap();
    for m in run.each_replication() {
        let syrian = m.get("work_started_syrian_desk").unwrap();
        assert_eq!(syrian + m.get("work_started_other_desk").unwrap(), 40.0);
        assert!(
            (1.0..20.0).contains(&syrian),
            "only the first block has Syrians: {syrian}"
        );
    }
    // With its own mix for every block, the stream needs none; a bad mix is refused.
    let no_stream_mix = text(&block("groups = { syria = 1.0 }"))
        .replace("groups = { syria = 0.0, other = 1.0 }\n", "");
    assert!(scenario::parse(&no_stream_mix, Path::new("no_mix.toml")).is_ok());
    let err = scenario::parse(
        &text(&block("groups = { syria = 0.7, eritrea = 0.3 }")),
        Path::new("bad.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("backlog.synthetic[0].groups.eritrea: there is no group named \"eritrea\""),
        "{err}"
    );
    let err = scenario::parse(
        &text(&block("groups = { syria = 0.7 }")),
        Path::new("bad.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("backlog.synthetic[0].groups: the shares add up to 0.7, not 1"),
        "{err}"
    );
}

/// Awb 4:17 at a decision `days` late: 14 days at EUR 23, 14 at 35, 14 at 45, at most 42 days.
fn admin_euros(days: i64) -> f64 {
    let days = days.clamp(0, 42);
    (23 * days.min(14) + 35 * (days - 14).clamp(0, 14) + 45 * (days - 28).max(0)) as f64
}

/// For every notice date from lodging to after the decision, the penalty and the notice count
/// are those of a notice on the later of its date and the day after the term expired. The
/// nareis case, lodged 2025-12-15, has its term to day 73 and is decided on day 110, behind ten
/// older cases; a notice after that finds it decided.
#[test]
fn a_notice_counts_from_the_later_of_its_date_and_the_term_expiry() {
    let start = jiff::civil::date(2026, 1, 1);
    let lodged = jiff::civil::date(2025, 12, 15);
    let header = "stream,lodged,step,features,notice_date\n";
    for day in (-17i64..=120).step_by(7) {
        let notice = start.checked_add(jiff::ToSpan::days(day)).unwrap();
        assert!(notice >= lodged);
        let run = run_backlog(
            &format!("notice_day_{day}"),
            &format!(
                "{header}{}nareis,2025-12-15,decide,,{notice}\n",
                older_cases(10, 5)
            ),
            "",
        );
        let counted = day.max(74);
        let (euros, notices) = if counted < 110 {
            (admin_euros(110 - (counted + 14)), 1.0)
        } else {
            (0.0, 0.0)
        };
        for m in run.each_replication() {
            assert_eq!(
                m.get("penalty_eur_admin"),
                Some(euros),
                "notice on day {day}"
            );
            assert_eq!(m.get("notices"), Some(notices), "notice on day {day}");
        }
    }
}

/// Earliest deadline first keeps its order among deadlines that passed before the start: ten
/// open cases, all past their term, each needing two days of work (assessment, then decision) at
/// one officer. The oldest term goes first at each step, so each case's decision comes one piece
/// of work after its own assessment (the officer takes the next assessment as the case moves on):
/// A1 A2 B1 A3 B2 A4 B3 A5 B4 A6, four decided in the first ten and a half days (as the IND works
/// first in, first out by lodging date). If every expired deadline tied at the start, the
/// decisions would queue behind all ten assessments and none would be decided by then.
#[test]
fn expired_deadlines_keep_their_order_under_earliest_deadline_first() {
    let text = "[scenario]\nstart_date = 2026-01-01\n[run]\nhorizon_days = 10.5\n\
        [[pool]]\nname = \"unit\"\nservers = 1\ndiscipline = \"edf\"\n\
        [[stream]]\nname = \"nareis\"\nentry = \"assessment\"\n\
        [[step]]\nname = \"assessment\"\npool = \"unit\"\nwork_hours = { dist = \"fixed\", value = 24 }\nnext = \"decision\"\n\
        [[step]]\nname = \"decision\"\npool = \"unit\"\nwork_hours = { dist = \"fixed\", value = 24 }\nnext = \"exit\"\n\
        [law]\n[[law.term]]\nname = \"nareis\"\nstreams = [\"nareis\"]\ndays = 90\n\
        [[backlog.synthetic]]\nstream = \"nareis\"\nsize = 10\nage_days = { dist = \"uniform\", min = 100, max = 400 }\n";
    let scenario = scenario::parse(text, Path::new("edf.toml")).expect("valid");
    let settings = RunSettings {
        replications: 1,
        seed: 1,
        threads: 1,
    };
    let run = experiment::run(&scenario, settings, &|| {}).expect("runs");
    assert_eq!(run.replication(0).get("decided"), Some(4.0));
}
