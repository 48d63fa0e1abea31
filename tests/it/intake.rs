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
    let n: usize = 2000;
    let run = run(&text, n as u32);
    let mean_of =
        |month: &str| (0..n).map(|rep| arrivals(&run, rep)[month]).sum::<f64>() / n as f64;
    // Factors are scaled to average 1: 12/13 for ordinary months, 24/13 for September. A month's
    // count has a standard deviation of about 40 (70 in September), so 2,000 replications give
    // its mean to +-0.3%; +-3% leaves out a level 5% off. The AR(1) starts at 0, not in its
    // stationary law, so the first months' means lie below the level by up to 0.2% (January:
    // exp((var_1 - var) / 2) = 0.9983; September 0.99997).
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
    // Intake uncertainty: the yearly totals scatter as the model says. With level mu_t (the
    // season times exp(-v/2), v = sigma^2 / (1 - phi^2) the stationary variance) and the AR(1)
    // started at 0 (variance v_t = sigma^2 (1 - phi^(2t)) / (1 - phi^2), covariance
    // phi^(u-t) v_t), the total has variance sum_t E[N_t] (Poisson) plus
    // sum_t,u mu_t mu_u exp((v_t + v_u) / 2) (exp(cov_tu) - 1): about 42,300, a standard
    // deviation of 206 against a Poisson 60 (207.6 today). The sample standard deviation of 2,000
    // totals is within 1.6% of it (one standard error), so +-5.5% holds; a scatter 5.5% off
    // fails (e.g. sigma 6% off).
    let (phi, sigma): (f64, f64) = (0.5, 0.1);
    let stationary = sigma * sigma / (1.0 - phi * phi);
    let season = |t: usize| if t == 9 { 24.0 / 13.0 } else { 12.0 / 13.0 };
    let level = |t: usize| 300.0 * season(t) * (-stationary / 2.0).exp();
    let var_at = |t: usize| stationary * (1.0 - phi.powi(2 * t as i32));
    let mut expected_var = 0.0;
    for t in 1..=12 {
        expected_var += level(t) * (var_at(t) / 2.0).exp();
        for u in 1..=12 {
            let cov = phi.powi((u as i32 - t as i32).abs()) * var_at(t.min(u));
            expected_var +=
                level(t) * level(u) * ((var_at(t) + var_at(u)) / 2.0).exp() * (cov.exp() - 1.0);
        }
    }
    let arrived = run.summary("arrived").unwrap();
    let expected_sd = expected_var.sqrt();
    assert!(
        (arrived.std_dev / expected_sd - 1.0).abs() < 0.055,
        "yearly totals scatter by {} but the model says {expected_sd}",
        arrived.std_dev
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
    // Seven nationalities are not the intake: the data notes say so, and so do the terminal
    // and the report; the title names the series, not the file.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: the data notes mark this series as partial"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("Warning: the data notes mark this series as partial"));
    assert!(
        html.contains("Intake forecast (prognose): sum of Syria, Eritrea, Turkey, Iraq, Afghanistan, Yemen, Somalia</h1>"),
        "{}",
        &html[..800]
    );

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
