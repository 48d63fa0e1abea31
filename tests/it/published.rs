//! Figures per calendar year to hold against published ones: decisions per stream and track,
//! notices, court cases and their costs, penalties per stream, and the shares decided within N
//! calendar months of lodging, on cases worked out by hand; their sums against the totals; and
//! `[metrics] within_months` refused when it is not a list of whole months.
//!
//! `tests/it/data/published/` starts on 1 September 2026 (day 0) and ends at 00:00 of 14 January
//! 2028 (day 500). Its nine backlog cases (in the order of `backlog.csv`) wait at a step with a
//! fixed delay and are decided on that day. Terms: `first` 6 months, `nareis` 90 days. Every
//! late applicant sends a notice one day after the term expires and appeals 14 days after it;
//! the court rules 10 days later, orders a decision within 112 days (nobody was heard) and the
//! IND pays EUR 1,000 costs that day. Awb 4:17 runs from 14 days after the notice, capped at
//! EUR 1,442 (42 days); the court penalty EUR 100 a day from the order's deadline, capped at
//! EUR 7,500 (75 days). Each is paid at the decision or on the day its cap is reached.
//!
//! | case | stream, track | lodged (day) | decided (day) | legal events (day) |
//! |---|---|---|---|---|
//! | 1 | first, dublin | 2026-08-31 (-1) | 2027-02-28 (180) | term ends 180: in time |
//! | 2 | first, general | 2026-08-31 (-1) | 2027-03-01 (181) | notice due 182: after the decision |
//! | 3 | nareis, general | 2026-06-15 (-78) | 2026-12-15 (105) | notice 14, judgment 38, admin cap 70 |
//! | 4 | nareis, dublin | 2026-06-15 (-78) | 2026-12-16 (106) | the same as case 3 |
//! | 5 | first, general | 2026-05-01 (-123) | 2027-06-28 (300) | notice 63, judgment 87, admin cap 119, court cap 274 |
//! | 6 | first, dublin | 2026-08-01 (-31) | 2027-06-28 (300) | notice 155, judgment 179, admin cap 211, court 9 days to 300 |
//! | 7 | nareis, general | 2025-12-01 (-274) | 2028-01-04 (490) | all before the run but the court cap, day 29 |
//! | 8 | first, general | 2026-09-01 (0) | 2026-10-01 (30) | in time |
//! | 9 | first, dublin | 2026-03-01 (-184) | open at the end | notice 2, judgment 26, admin cap 58, court cap 213 |

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario::{self, Scenario};

use crate::support::repo;

fn published() -> Scenario {
    scenario::load(&repo().join("tests/it/data/published/scenario.toml")).expect("valid")
}

fn run(scenario: &Scenario, replications: u32) -> Experiment {
    let settings = RunSettings {
        replications,
        seed: 1,
        threads: 1,
    };
    experiment::run(scenario, settings, &|| {}).expect("runs")
}

/// The hand-worked scenario's one replication: `(metric, value)` pairs must all hold.
fn assert_values(experiment: &Experiment, expected: &[(&str, f64)]) {
    let m = experiment.replication(0);
    let wrong: Vec<String> = expected
        .iter()
        .filter(|(name, value)| {
            let got = m.get(name);
            !(got == Some(*value) || value.is_nan() && got.is_some_and(f64::is_nan))
        })
        .map(|(name, value)| format!("{name}: expected {value}, got {:?}", m.get(name)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn decisions_per_year_stream_and_track_by_hand() {
    let run = run(&published(), 1);
    assert_values(
        &run,
        &[
            // 2026: cases 8 (first, general), 3 (nareis, general), 4 (nareis, dublin).
            ("decided_2026", 3.0),
            ("decided_first_2026", 1.0),
            ("decided_nareis_2026", 2.0),
            ("decided_dublin_2026", 1.0),
            ("decided_general_2026", 2.0),
            // 2027: cases 1 and 6 (dublin), 2 and 5 (general), all first.
            ("decided_2027", 4.0),
            ("decided_first_2027", 4.0),
            ("decided_nareis_2027", 0.0),
            ("decided_dublin_2027", 2.0),
            ("decided_general_2027", 2.0),
            // 2028: case 7.
            ("decided_2028", 1.0),
            ("decided_first_2028", 0.0),
            ("decided_nareis_2028", 1.0),
            ("decided_dublin_2028", 0.0),
            ("decided_general_2028", 1.0),
        ],
    );
}

#[test]
fn within_n_months_to_the_case() {
    let run = run(&published(), 1);
    assert_values(
        &run,
        &[
            // 2026: case 8 (30 days), case 3 (15 June + 6 months = 15 December, exactly) are
            // within six months; case 4, a day later, is not.
            ("within_6m_share_2026", 2.0 / 3.0),
            ("within_6m_share_first_2026", 1.0),
            ("within_6m_share_nareis_2026", 0.5),
            ("within_15m_share_2026", 1.0),
            // 2027: case 1 (31 August + 6 months = 28 February) is within six months, case 2
            // (1 March) is not, nor cases 5 and 6; all four are within 15 months (case 5:
            // 1 May 2026 + 15 months = 1 August 2027).
            ("within_6m_share_2027", 0.25),
            ("within_6m_share_first_2027", 0.25),
            ("within_15m_share_2027", 1.0),
            ("within_15m_share_first_2027", 1.0),
            // No nareis decisions in 2027: undefined, like within_term_share of an empty year.
            ("within_6m_share_nareis_2027", f64::NAN),
            // 2028: case 7, lodged 1 December 2025, is within neither.
            ("within_6m_share_2028", 0.0),
            ("within_15m_share_2028", 0.0),
            ("within_15m_share_nareis_2028", 0.0),
            ("within_15m_share_first_2028", f64::NAN),
            // Whatever the term: case 4 came within 15 months but long after its 90-day term.
            ("within_term_share_2026", 1.0 / 3.0),
        ],
    );
}

#[test]
fn notices_court_cases_and_costs_per_year_to_the_euro() {
    let run = run(&published(), 1);
    assert_values(
        &run,
        &[
            // Notices on days 2 (case 9), 14 (cases 3, 4), 63 (case 5) and 155 (case 6); case 2's
            // would come after its decision, case 7's came before the run.
            ("notices", 5.0),
            ("notices_2026", 4.0),
            ("notices_first_2026", 2.0),
            ("notices_nareis_2026", 2.0),
            ("notices_2027", 1.0),
            ("notices_first_2027", 1.0),
            ("notices_nareis_2027", 0.0),
            ("notices_2028", 0.0),
            // Judgments on days 26, 38, 38, 87 and 179, EUR 1,000 costs each.
            ("court_cases", 5.0),
            ("court_cases_2026", 4.0),
            ("court_cases_2027", 1.0),
            ("court_cases_2028", 0.0),
            ("court_costs_eur", 5_000.0),
            ("court_costs_eur_2026", 4_000.0),
            ("court_costs_eur_2027", 1_000.0),
            ("court_costs_eur_2028", 0.0),
        ],
    );
}

#[test]
fn penalties_per_stream_and_year_to_the_euro() {
    let run = run(&published(), 1);
    assert_values(
        &run,
        &[
            // 2026, first: Awb 4:17 caps of cases 9 (day 58) and 5 (day 119).
            ("penalty_eur_first_2026", 2.0 * 1442.0),
            // 2026, nareis: the caps of cases 3 and 4 (day 70) and case 7's court cap (day 29:
            // its order's deadline was day -46).
            ("penalty_eur_nareis_2026", 2.0 * 1442.0 + 7500.0),
            ("penalty_eur_2026", 4.0 * 1442.0 + 7500.0),
            // 2027, first: case 6's admin cap (day 211) and 9 court days (day 300), the court
            // caps of cases 5 (day 274) and 9 (day 213, open at the end).
            ("penalty_eur_first_2027", 1442.0 + 900.0 + 2.0 * 7500.0),
            ("penalty_eur_nareis_2027", 0.0),
            ("penalty_eur_2027", 1442.0 + 900.0 + 2.0 * 7500.0),
            ("penalty_eur_first_2028", 0.0),
            ("penalty_eur_nareis_2028", 0.0),
            ("penalty_eur_first", 3.0 * 1442.0 + 900.0 + 2.0 * 7500.0),
            ("penalty_eur_nareis", 2.0 * 1442.0 + 7500.0),
        ],
    );
}

/// With a warm-up of 100 days, the per-year figures leave out what `decided_<year>` and
/// `penalty_eur_<year>` leave out: everything before day 100 (9 December 2026).
#[test]
fn a_warm_up_counts_like_the_existing_figures_per_year() {
    let text = std::fs::read_to_string(repo().join("tests/it/data/published/scenario.toml"))
        .unwrap()
        .replace(
            "horizon_days = 500",
            "horizon_days = 500\nwarmup_days = 100",
        );
    let path = repo().join("tests/it/data/published/warmup.toml");
    let scenario = scenario::parse(&text, &path).expect("valid");
    let run = run(&scenario, 1);
    assert_values(
        &run,
        &[
            // Cases 3 and 4 (days 105, 106); case 8 (day 30) falls in the warm-up.
            ("decided_2026", 2.0),
            ("decided_first_2026", 0.0),
            ("decided_nareis_2026", 2.0),
            ("decided_dublin_2026", 1.0),
            ("decided_general_2026", 1.0),
            ("within_6m_share_2026", 0.5),
            ("within_6m_share_first_2026", f64::NAN),
            // All notices and judgments of 2026 came before day 100.
            ("notices_2026", 0.0),
            ("notices_nareis_2026", 0.0),
            ("court_cases_2026", 0.0),
            ("court_costs_eur_2026", 0.0),
            ("notices_2027", 1.0),
            ("court_costs_eur_2027", 1000.0),
            // Of 2026's payments only case 5's admin cap (day 119) is in the window.
            ("penalty_eur_2026", 1442.0),
            ("penalty_eur_first_2026", 1442.0),
            ("penalty_eur_nareis_2026", 0.0),
        ],
    );
}

#[test]
fn monthly_decisions_per_stream_add_up_to_the_months_decisions() {
    let run = run(&published(), 1);
    let m = run.replication(0);
    let decided = m.monthly("decided").unwrap();
    let first = m.monthly("decided_first").unwrap();
    let nareis = m.monthly("decided_nareis").unwrap();
    for (month, total) in decided.iter().enumerate() {
        assert_eq!(first[month] + nareis[month], *total, "month {month}");
    }
    let month = |label: &str| {
        run.catalogue
            .months()
            .iter()
            .position(|m| m == label)
            .unwrap()
    };
    // Cases 3 and 4 in December 2026; cases 5 and 6 in June 2027; case 7 in January 2028.
    assert_eq!(nareis[month("2026-12")], 2.0);
    assert_eq!(first[month("2026-12")], 0.0);
    assert_eq!(first[month("2027-06")], 2.0);
    assert_eq!(nareis[month("2028-01")], 1.0);
    assert_eq!(first.iter().sum::<f64>(), 5.0);
    assert_eq!(nareis.iter().sum::<f64>(), 3.0);
    // monthly.csv keeps its long format: the new column is a metric name in its rows.
    let csv = asielsim::output::monthly_csv(&run).unwrap();
    assert!(
        csv.contains("\n2026-12,decided_nareis,2,2,2,2,2,2,1\n"),
        "{csv}"
    );
}

/// The values of metric `name` in every replication.
fn values(run: &Experiment, name: &str) -> Vec<f64> {
    run.values_of(name)
        .unwrap_or_else(|| panic!("{name} is reported"))
}

/// Every replication's figures per stream and per track add up to its totals per year, and
/// those over the years to the window's; the shares within N months per stream average to the
/// share of all streams; each month's decisions per stream add up to its decisions. On a year of
/// the baseline, whose streams and tracks all decide and pay.
#[test]
fn sums_over_streams_and_tracks_equal_the_totals() {
    let baseline = scenario::load(&repo().join("scenarios/baseline.toml")).unwrap();
    let mut table: toml::Table =
        toml::from_str(&std::fs::read_to_string(&baseline.path).unwrap()).unwrap();
    let run_table = table["run"].as_table_mut().unwrap();
    run_table.insert("end_date".into(), toml::Value::String("2027-06-30".into()));
    let scenario = scenario::parse_table(table, &baseline.path).expect("valid");
    let run = run(&scenario, 2);
    let streams = ["first", "subsequent", "nareis", "returned"];
    let tracks = ["track1", "track2", "track3", "track4", "track5"];
    let sum = |names: Vec<String>| -> Vec<f64> {
        let columns: Vec<Vec<f64>> = names.iter().map(|n| values(&run, n)).collect();
        (0..2).map(|r| columns.iter().map(|c| c[r]).sum()).collect()
    };
    let per = |template: &str, year: i32, names: &[&str]| -> Vec<String> {
        names
            .iter()
            .map(|n| {
                template
                    .replace("<x>", n)
                    .replace("<year>", &year.to_string())
            })
            .collect()
    };
    let close = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 1e-6 * y.abs().max(1.0))
    };
    for year in [2026, 2027] {
        let decided = values(&run, &format!("decided_{year}"));
        assert!(decided.iter().all(|&d| d > 1000.0), "{decided:?}");
        assert_eq!(sum(per("decided_<x>_<year>", year, &streams)), decided);
        assert_eq!(sum(per("decided_<x>_<year>", year, &tracks)), decided);
        let notices = values(&run, &format!("notices_{year}"));
        assert!(notices.iter().all(|&n| n > 0.0));
        assert_eq!(sum(per("notices_<x>_<year>", year, &streams)), notices);
        let paid = values(&run, &format!("penalty_eur_{year}"));
        assert!(paid.iter().all(|&p| p > 0.0));
        assert!(close(
            &sum(per("penalty_eur_<x>_<year>", year, &streams)),
            &paid
        ));
        for n in [6, 15] {
            let within_all: Vec<f64> = values(&run, &format!("within_{n}m_share_{year}"))
                .iter()
                .zip(&decided)
                .map(|(share, d)| share * d)
                .collect();
            let weighted: Vec<f64> = (0..2)
                .map(|r| {
                    streams
                        .iter()
                        .map(|s| {
                            let share = values(&run, &format!("within_{n}m_share_{s}_{year}"))[r];
                            let d = values(&run, &format!("decided_{s}_{year}"))[r];
                            if d == 0.0 { 0.0 } else { share * d }
                        })
                        .sum()
                })
                .collect();
            assert!(close(&weighted, &within_all), "{n} months, {year}");
        }
    }
    // Over the years, the window's totals.
    for (per_year, total) in [
        ("decided_<year>", "decided"),
        ("notices_<year>", "notices"),
        ("court_cases_<year>", "court_cases"),
        ("court_costs_eur_<year>", "court_costs_eur"),
    ] {
        let years = sum(["2026", "2027"]
            .iter()
            .map(|y| per_year.replace("<year>", y))
            .collect());
        assert!(close(&years, &values(&run, total)), "{total}");
    }
    for stream in streams {
        let years = sum(per("penalty_eur_<x>_<year>", 2026, &[stream])
            .into_iter()
            .chain(per("penalty_eur_<x>_<year>", 2027, &[stream]))
            .collect());
        assert!(close(
            &years,
            &values(&run, &format!("penalty_eur_{stream}"))
        ));
    }
    // Each month's decisions per stream add up to its decisions.
    for r in run.each_replication() {
        let decided = r.monthly("decided").unwrap();
        let per_stream: Vec<Vec<f64>> = streams
            .iter()
            .map(|s| r.monthly(&format!("decided_{s}")).unwrap())
            .collect();
        for (month, total) in decided.iter().enumerate() {
            let sum: f64 = per_stream.iter().map(|c| c[month]).sum();
            assert_eq!(sum, *total, "month {month}");
        }
    }
}

#[test]
fn within_months_must_be_whole_months_from_1_to_120_each_once_with_law() {
    let text = std::fs::read_to_string(repo().join("tests/it/data/published/scenario.toml"))
        .unwrap()
        .replace("[backlog]\nfile = \"backlog.csv\"\n", "");
    let with = |list: &str| {
        text.replace(
            "within_months = [6, 15]",
            &format!("within_months = {list}"),
        )
    };
    let path = Path::new("within.toml");
    scenario::parse(&with("[1, 120]"), path).expect("1 and 120 are allowed");
    scenario::parse(&with("[]"), path).expect("an empty list asks for nothing");
    for (list, field, says) in [
        (
            "[0]",
            "metrics.within_months[0]",
            "from 1 to 120 months, got 0",
        ),
        (
            "[6, 121]",
            "metrics.within_months[1]",
            "from 1 to 120 months, got 121",
        ),
        (
            "[6.5]",
            "metrics.within_months[0]",
            "whole number of months, got 6.5",
        ),
        ("[-6]", "metrics.within_months[0]", "got -6"),
        ("[nan]", "metrics.within_months[0]", "got NaN"),
        (
            "[6, 15, 6]",
            "metrics.within_months[2]",
            "6 months is listed twice",
        ),
    ] {
        let message = scenario::parse(&with(list), path)
            .expect_err(list)
            .to_string();
        assert!(message.contains(field), "{list}: {message}");
        assert!(message.contains(says), "{list}: {message}");
        assert!(message.contains("fix:"), "{list}: {message}");
    }
    // Without [law] nothing is counted per year: refused, not silently left out.
    let start = text.find("[law]").unwrap();
    let end = text.find("[metrics]").unwrap();
    let lawless = format!("{}{}", &text[..start], &text[end..]);
    let message = scenario::parse(&lawless, path)
        .expect_err("no law")
        .to_string();
    assert!(message.contains("metrics.within_months"), "{message}");
    assert!(message.contains("[law]"), "{message}");
    // A misspelt key is refused like any other.
    let message = scenario::parse(&text.replace("within_months", "within_month"), path)
        .expect_err("misspelt")
        .to_string();
    assert!(message.contains("within_month"), "{message}");
}
