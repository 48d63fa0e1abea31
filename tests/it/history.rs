//! Published figures held against a run (`[metrics] observed`): the comparison on the
//! hand-worked scenario of `published.rs`, `observed_vs_simulated.csv` and the report's history
//! section from the CLI, and the errors of a bad observed-series file.

use asielsim::experiment::{self, RunSettings};
use asielsim::history::{self, Period};
use asielsim::scenario::{self, Scenario};

use crate::support::{asielsim, repo, scratch_dir};

fn history_scenario() -> Scenario {
    scenario::load(&repo().join("tests/it/data/history/scenario.toml")).expect("valid")
}

#[test]
fn figures_are_compared_with_the_run_by_hand() {
    let scenario = history_scenario();
    assert_eq!(scenario.observed.len(), 4);
    let settings = RunSettings {
        replications: 3,
        seed: 1,
        threads: 1,
    };
    let experiment = experiment::run(&scenario, settings, &|| {}).expect("runs");
    let rows = history::compare(&experiment, &scenario.observed);
    let by = |metric: &str| rows.iter().find(|r| r.figure.metric == metric).unwrap();
    // decided_2026: 3 in every replication, as published.
    let exact = by("decided_2026");
    assert_eq!(exact.simulated.mean, 3.0);
    assert_eq!(exact.error(), 0.0);
    assert!(exact.within_range());
    assert_eq!(exact.figure.family, "decided_<year>");
    assert_eq!(exact.figure.period, Period::Year(2026));
    // decided_2027: the run gives 4 against 5 published, 20% short and outside the range.
    let short = by("decided_2027");
    assert_eq!(short.error(), -1.0);
    assert_eq!(short.relative_error(), -0.2);
    assert!(!short.within_range());
    assert!(short.within_tolerance(0.25));
    // backlog@2027-12: cases 7 and 9 open at the end of December 2027.
    let stock = by("backlog@2027-12");
    assert_eq!(stock.simulated.mean, 2.0);
    assert_eq!(stock.figure.family, "backlog");
    assert_eq!(stock.figure.period, Period::MonthEnd("2027-12".into()));
    assert_eq!(
        by("decided_first_2027").figure.family,
        "decided_first_<year>"
    );
    assert_eq!(
        history::verdict(&rows),
        "4 of 4 published figures within ±25% of the simulated mean; 3 within the simulated p5-p95 range"
    );
}

#[test]
fn every_per_year_metric_has_its_family() {
    let scenario = scenario::load(&repo().join("scenarios/baseline.toml")).expect("valid");
    let mut yearly = 0;
    for def in scenario.catalogue.metrics() {
        let family = def.key.family(&scenario.network);
        match def.key.year() {
            Some(year) => {
                yearly += 1;
                let family = family.expect("a per-year metric has a family");
                assert_eq!(family.matches("<year>").count(), 1, "{family}");
                assert_eq!(family.replace("<year>", &year.to_string()), def.name);
            }
            None => assert!(family.is_none(), "{} has no year", def.name),
        }
    }
    assert!(yearly > 100, "the baseline has figures per year: {yearly}");
}

#[test]
fn a_run_writes_observed_vs_simulated_and_the_history_section() {
    let out = scratch_dir("history_run");
    let out_arg = out.display().to_string();
    let output = asielsim(&[
        "run",
        "tests/it/data/history/scenario.toml",
        "-r",
        "2",
        "-o",
        &out_arg,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("history: 4 of 4 published figures"),
        "{stdout}"
    );
    let csv = std::fs::read_to_string(out.join("observed_vs_simulated.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "metric,period,observed,mean,ci95_low,ci95_high,p05,p50,p95,error,relative_error,within_p05_p95,replications,source"
    );
    assert_eq!(
        lines.next().unwrap(),
        "decided_2026,2026,3,3,3,3,3,3,3,0,0,true,2,test: exact"
    );
    assert_eq!(
        lines.next().unwrap(),
        "decided_2027,2027,5,4,4,4,4,4,4,-1,-0.2,false,2,test: one too many"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("backlog@2027-12,2027-12,2,2,")
    );
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("History: published figures against the simulation"));
    assert!(report.contains("decided_&lt;year&gt;"));
    assert!(out.join("plots/history_01.svg").exists());
    // A scenario without published figures writes no such file.
    let plain = scratch_dir("history_plain");
    let plain_arg = plain.display().to_string();
    let output = asielsim(&[
        "run",
        "tests/it/data/published/scenario.toml",
        "-r",
        "2",
        "-o",
        &plain_arg,
    ]);
    assert!(output.status.success());
    assert!(!plain.join("observed_vs_simulated.csv").exists());
}

#[test]
fn the_bundled_history_replay_is_held_against_every_published_figure() {
    let scenario = scenario::load(&repo().join("scenarios/history/2021-2024.toml")).expect("valid");
    assert_eq!(scenario.start_date.unwrap().to_string(), "2021-01-01");
    assert_eq!(scenario.observed.len(), 21);
    let settings = RunSettings {
        replications: 2,
        seed: 1,
        threads: 2,
    };
    let experiment = experiment::run(&scenario, settings, &|| {}).expect("runs");
    let rows = history::compare(&experiment, &scenario.observed);
    assert!(
        rows.iter().all(|r| r.simulated.n == 2),
        "every figure has a simulated value"
    );
}

#[test]
fn the_2025_figures_extend_the_2024_ones_row_for_row() {
    let data = repo().join("data/history");
    let to_2024 = std::fs::read_to_string(data.join("observed_2021-2024.csv")).unwrap();
    let to_2025 = std::fs::read_to_string(data.join("observed_2021-2025.csv")).unwrap();
    assert!(
        to_2025.starts_with(&to_2024),
        "observed_2021-2025.csv must begin with every row of observed_2021-2024.csv"
    );
    let replay = scenario::load(&repo().join("scenarios/history/2021-2025.toml")).expect("valid");
    assert_eq!(replay.observed.len(), to_2025.lines().count() - 1);
    assert_eq!(replay.start_date.unwrap().to_string(), "2021-01-01");
}

fn problems_of(observed: &str) -> String {
    let dir = scratch_dir(&format!("history_bad_{}", observed.replace('.', "_")));
    std::fs::create_dir_all(&dir).unwrap();
    let data = repo().join("tests/it/data");
    std::fs::copy(
        data.join("history").join(observed),
        dir.join("observed.csv"),
    )
    .unwrap();
    let text = format!(
        "base = \"{}\"\n[metrics]\nobserved = \"observed.csv\"\n",
        data.join("published/scenario.toml").display()
    );
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).unwrap();
    scenario::load(&path).expect_err("refused").to_string()
}

#[test]
fn a_bad_observed_file_is_refused_with_its_lines() {
    let message = problems_of("bad_observed.csv");
    assert!(message.contains("unknown column \"vaule\""), "{message}");
    assert!(message.contains("line 1"), "{message}");
    let message = problems_of("bad_rows.csv");
    for expected in [
        "line 3: \"decided_2031\" is not a metric of this scenario",
        "line 4: value 1.5 is outside the range",
        "line 5: value \"many\" is not a number",
        "line 6: \"decided_2026\" is given twice (first on line 2)",
    ] {
        assert!(
            message.contains(expected),
            "missing {expected:?} in\n{message}"
        );
    }
}
