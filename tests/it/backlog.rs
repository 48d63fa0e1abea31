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
