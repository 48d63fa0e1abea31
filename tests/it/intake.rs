//! Monthly intake end to end: replay reproduces the public counts exactly, per nationality group
//! too; the generator reproduces its level and seasonal profile through the whole model; bad
//! intake input is refused.

use std::collections::HashMap;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario;

use crate::support::{assert_jointly, check, repo};

fn run(text: &str, replications: u32) -> Experiment {
    // A path inside scenarios/, so that "../data/..." points at the shipped data.
    let path = repo().join("scenarios/intake_test.toml");
    let scenario = scenario::parse(text, &path).unwrap_or_else(|e| panic!("{e}"));
    let settings = RunSettings {
        replications,
        seed: 11,
        threads: 2,
    };
    experiment::run(&scenario, settings, &|| {}).expect("runs")
}

/// Monthly arrivals of replication `rep`, by month label.
fn arrivals(run: &Experiment, rep: usize) -> HashMap<String, f64> {
    let series = run.replications[rep].monthly.as_ref().unwrap();
    let col = run.catalogue.find_monthly("arrivals").unwrap();
    series
        .months
        .iter()
        .zip(&series.rows)
        .map(|(m, row)| (m.clone(), row[col]))
        .collect()
}

fn csv_column(file: &str, column: &str) -> HashMap<String, f64> {
    let text = std::fs::read_to_string(repo().join("data").join(file)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == column).unwrap();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].to_string(), cells[col].parse().unwrap())
        })
        .collect()
}

const BASE: &str = r#"
    [run]
    end_date = 2018-12-31
    [[pool]]
    name = "officers"
    servers = 10000
    [[stream]]
    name = "first"
    entry = "decide"
    [[step]]
    name = "decide"
    pool = "officers"
    work_hours = { dist = "fixed", value = 1 }
    next = "exit"
"#;

#[test]
fn replay_reproduces_the_monthly_counts_exactly() {
    let text = format!(
        "[scenario]\nstart_date = 2018-01-01\n{BASE}\n[[intake]]\nstream = \"first\"\nreplay = \"../data/nl_monthly_asylum_applicants_2012-2019.csv\"\ncolumn = \"applicants\"\n"
    );
    let run = run(&text, 3);
    let expected = csv_column("nl_monthly_asylum_applicants_2012-2019.csv", "applicants");
    for rep in 0..3 {
        let got = arrivals(&run, rep);
        assert_eq!(got.len(), 12);
        for (month, count) in got {
            assert_eq!(count, expected[&month], "{month}, replication {rep}");
        }
    }
}

#[test]
fn replay_per_group_drives_each_group_exactly() {
    let text = format!(
        "[scenario]\nstart_date = 2023-01-01\n{}\n[[group]]\nname = \"syria\"\n[[group]]\nname = \"eritrea\"\n\
         [[intake]]\nstream = \"first\"\ngroup = \"syria\"\nreplay = \"../data/nl_monthly_first_applications_by_nationality_2015-2025.csv\"\ncolumn = \"Syria\"\n\
         [[intake]]\nstream = \"first\"\ngroup = \"eritrea\"\nreplay = \"../data/nl_monthly_first_applications_by_nationality_2015-2025.csv\"\ncolumn = \"Eritrea\"\n",
        BASE.replace("2018-12-31", "2023-12-31").replace(
            "entry = \"decide\"",
            "entry = \"decide\"\ngroups = { syria = 0.5, eritrea = 0.5 }"
        )
    );
    let run = run(&text, 2);
    let syria = csv_column(
        "nl_monthly_first_applications_by_nationality_2015-2025.csv",
        "Syria",
    );
    let eritrea = csv_column(
        "nl_monthly_first_applications_by_nationality_2015-2025.csv",
        "Eritrea",
    );
    let got = arrivals(&run, 0);
    for (month, count) in got {
        assert_eq!(count, syria[&month] + eritrea[&month], "{month}");
    }
    // 2023: Syria 13,035 + Eritrea 2,345 first applications (CBS).
    assert_eq!(run.replication(0).get("arrived"), Some(13_035.0 + 2_345.0));
}

#[test]
fn generated_intake_has_its_level_and_season_in_the_model() {
    let text = format!(
        "[scenario]\nstart_date = 2018-01-01\n{BASE}\n[[intake]]\nstream = \"first\"\nper_month = 300\n\
         seasonal = [1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1]\nvariation = {{ phi = 0.5, sigma = 0.1 }}\n"
    );
    let run = run(&text, 200);
    let mean_of = |month: &str| (0..200).map(|rep| arrivals(&run, rep)[month]).sum::<f64>() / 200.0;
    // Factors are scaled to average 1: 12/13 for ordinary months, 24/13 for September.
    let ordinary = 300.0 * 12.0 / 13.0;
    let january = mean_of("2018-01");
    let september = mean_of("2018-09");
    assert!(
        (january - ordinary).abs() < 0.03 * ordinary,
        "January {january}"
    );
    assert!(
        (september - 2.0 * ordinary).abs() < 0.03 * 2.0 * ordinary,
        "September {september}"
    );
    // Intake uncertainty: replications differ in their yearly totals by more than Poisson noise.
    let totals: Vec<f64> = run
        .each_replication()
        .map(|m| m.get("arrived").unwrap())
        .collect();
    let mean = totals.iter().sum::<f64>() / totals.len() as f64;
    let var =
        totals.iter().map(|t| (t - mean) * (t - mean)).sum::<f64>() / (totals.len() - 1) as f64;
    assert!(
        var > 3.0 * mean,
        "yearly variance {var} against Poisson {mean}"
    );
}

#[test]
fn bad_intake_is_refused() {
    let text = format!(
        "[scenario]\nstart_date = 2019-01-01\n{}\n[[intake]]\nstream = \"first\"\nreplay = \"../data/nl_monthly_asylum_applicants_2012-2019.csv\"\ncolumn = \"applicants\"\n\
         [[intake]]\nstream = \"first\"\nper_month = 10\nseasonal = [1, 2]\nvariation = {{ phi = 1.2, sigma = 0.1 }}\n\
         [[intake]]\nstream = \"first\"\nreplay = \"../data/nl_monthly_asylum_applicants_2012-2019.csv\"\ncolumn = \"nosuch\"\n",
        BASE.replace("2018-12-31", "2019-12-31")
    );
    let err = scenario::parse(&text, &repo().join("scenarios/intake_test.toml"))
        .unwrap_err()
        .to_string();
    for expected in [
        "intake[0].replay (stream \"first\")",
        "no value for 8 month(s) of the run, first 2019-05",
        "intake[1].seasonal",
        "intake[1].variation",
        "no column \"nosuch\"",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// `asielsim forecast` on the shipped series writes the forecast, the backtest, the fan chart and
/// an intake fragment that a scenario accepts as it is.
#[test]
fn forecast_command_writes_files_and_a_usable_intake_fragment() {
    let dir = crate::support::scratch_dir("forecast_cli");
    let output = crate::support::asielsim(&[
        "forecast",
        "data/nl_monthly_first_applications_by_nationality_2015-2025.csv",
        "--column",
        "sum",
        "--horizon",
        "24",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let forecast = std::fs::read_to_string(dir.join("forecast.csv")).unwrap();
    let mut lines = forecast.lines();
    assert_eq!(
        lines.next(),
        Some("month,mean,p50,lo50,hi50,lo80,hi80,lo95,hi95")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 24);
    assert!(rows[0].starts_with("2026-01,"));
    assert!(rows[23].starts_with("2027-12,"));
    let backtest = std::fs::read_to_string(dir.join("backtest.csv")).unwrap();
    assert_eq!(backtest.lines().count(), 1 + 12);
    let svg = std::fs::read_to_string(dir.join("fan_chart.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("forecast median"));

    // The fragment feeds a scenario that starts the month after the data.
    let fragment = std::fs::read_to_string(dir.join("intake.toml")).unwrap();
    let text = format!(
        "[scenario]\nstart_date = 2026-01-01\n{}\n{fragment}",
        BASE.replace("2018-12-31", "2026-12-31")
    );
    // The fitted model's expected 2026 intake is the sum of the forecast's monthly means (about
    // 16,800). Replications differ by about 7,000 (the fitted intake uncertainty), so 1,500 of
    // them give a 99.9% interval of about +-3.7%; it must contain the forecast's total and be
    // at most 5% wide on each side, so an intake 5% off the model's fails.
    let expected: f64 = forecast
        .lines()
        .filter(|l| l.starts_with("2026-"))
        .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
        .sum();
    let run = run(&text, 1500);
    assert_jointly(&run, &[check("arrived", expected, 0.05)]);
    let arrived = run.summary("arrived").unwrap();
    assert!(arrived.p95 > arrived.p05 * 1.2, "paths differ: {arrived:?}");

    // A column is needed when the file has several.
    let refused = crate::support::asielsim(&[
        "forecast",
        "data/nl_monthly_first_applications_by_nationality_2015-2025.csv",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--column"));
}

/// A fixed scenario in the style of the official forecast: no variation, a multiplier for the
/// high variant. Every replication then has the same expected intake (only Poisson noise).
#[test]
fn fixed_high_scenario_scales_the_level_without_path_uncertainty() {
    let text = |multiplier: &str| {
        format!(
            "[scenario]\nstart_date = 2018-01-01\n{BASE}\n[[intake]]\nstream = \"first\"\nper_month = 1000\n{multiplier}\n"
        )
    };
    let medium = run(&text(""), 30).summary("arrived").unwrap();
    let high = run(&text("multiplier = 1.25"), 30)
        .summary("arrived")
        .unwrap();
    assert!(
        (medium.mean - 12_000.0).abs() < 60.0,
        "medium {}",
        medium.mean
    );
    assert!((high.mean - 15_000.0).abs() < 70.0, "high {}", high.mean);
    // Poisson only: the yearly total has a standard deviation of about sqrt(12,000) = 110.
    assert!(medium.std_dev < 160.0, "{}", medium.std_dev);
}
