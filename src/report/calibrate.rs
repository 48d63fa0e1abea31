//! The report of a calibration: the fitted values with their intervals, the search, and the
//! published figures against the fitted scenario (in and out of the calibration window).

use crate::calibrate::Calibration;
use crate::plot::PlotError;
use crate::report::Report;
use crate::report::facts::ScenarioFacts;
use crate::report::html::{Page, Table};
use crate::report::run::{history_figures, history_table};

/// The report of `calibration`, fitted over the window ending `until` (`None`: every figure).
pub fn calibrate_report(
    calibration: &Calibration,
    until: Option<&str>,
    observed_error: f64,
) -> Result<Report, PlotError> {
    let scenario = &calibration.scenario;
    let settings = calibration.experiment.settings;
    let mut page = Page::new(
        &format!("Calibration of {}", scenario.name),
        &format!(
            "{} parameters fitted to {} published figures{}; {} replications per evaluation, seed {} (common random numbers)",
            calibration.fitted.len(),
            calibration.n_fitted,
            until.map_or(String::new(), |d| format!(
                " of periods ending on or before {d}"
            )),
            settings.replications,
            settings.seed
        ),
    );
    page.section("fitted", "Fitted values");
    page.paragraph(&format!(
        "Each value minimises the weighted sum of squared relative errors between the simulated means and the published figures (each figure assumed good to {:.0}%, plus the simulation's own error). The 95% interval comes from the curvature of that sum at the optimum{}; \"not identified\" means the figures do not pin the value down within its range. Objective {:.2} over {} figures (per degree of freedom {:.2}); {} evaluations in {:.0} s.",
        observed_error * 100.0,
        if calibration.reduced_chi2 > 1.0 {
            ", widened because the model misses the figures by more than their assumed error"
        } else {
            ""
        },
        calibration.objective,
        calibration.n_fitted,
        calibration.reduced_chi2,
        calibration.evaluations.len(),
        calibration.wall_time.as_secs_f64()
    ));
    page.table(
        "",
        &Table {
            header: ["parameter", "fitted", "95% interval", "searched"]
                .iter()
                .map(|h| h.to_string())
                .collect(),
            rows: calibration
                .fitted
                .iter()
                .map(|f| {
                    vec![
                        f.parameter.path.clone(),
                        format!("{:.4}", f.value),
                        f.interval.map_or("not identified".to_string(), |(lo, hi)| {
                            format!("{lo:.4} to {hi:.4}")
                        }),
                        format!("{} to {}", f.parameter.low, f.parameter.high),
                    ]
                })
                .collect(),
            numeric: vec![false, true, true, true],
            marked: Vec::new(),
        },
    );
    let facts = ScenarioFacts::from_scenario(scenario);
    let mut plots = Vec::new();
    if let Some((rows, charts)) = history_figures(&facts, &calibration.experiment)? {
        page.section("history", "Published figures against the fitted scenario");
        let in_sample = calibration.in_fit.iter().filter(|f| **f).count();
        page.paragraph(&format!(
            "{}. Of the {} figures, {in_sample} were fitted; the other {} are out of sample (later periods, figures not selected for the fit, or zero): a test of the model against figures it was not fitted to. The marked rows miss by more than 25%.",
            crate::history::verdict(&rows),
            rows.len(),
            rows.len() - in_sample
        ));
        for (plot, caption) in &charts {
            page.figure(plot, caption);
        }
        let mut table = history_table(&rows);
        table.header.push("fitted".into());
        table.numeric.push(false);
        for (row, fitted) in table.rows.iter_mut().zip(&calibration.in_fit) {
            row.push(if *fitted { "yes" } else { "out of sample" }.into());
        }
        page.table("", &table);
        plots.extend(charts.into_iter().map(|(p, _)| p));
    }
    let html = page.finish(&format!(
        "asielsim {}: calibration of {} ({}).",
        env!("CARGO_PKG_VERSION"),
        scenario.name,
        scenario.path.display()
    ));
    Ok(Report { html, plots })
}
