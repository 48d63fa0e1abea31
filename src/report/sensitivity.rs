//! The report of a sensitivity analysis: the tornado chart and the table of effects.

use crate::plot::{self, PlotError, TornadoRow, Unit};
use crate::report::html::{Page, Table};
use crate::report::{Plot, Report};
use crate::sensitivity::Sensitivity;

/// The report of `analysis` of scenario `name`, its metric in `unit`.
pub fn sensitivity_report(
    name: &str,
    analysis: &Sensitivity,
    unit: Unit,
    seed: u64,
) -> Result<Report, PlotError> {
    let mut page = Page::new(
        &format!("Sensitivity of {} in {name}", analysis.metric),
        &format!(
            "{} configurations x {} replications, seed {} (common random numbers)",
            analysis.runs, analysis.replications, seed
        ),
    );
    page.section("tornado", "Which input drives the answer");
    page.paragraph(&format!(
        "One input at a time: every uncertain input at its median and every uncertain change in effect when its probability is at least one half (the base: {}), then each input at its 5th and at its 95th percentile and each uncertain change switched, the others at the base. Every configuration runs the same replications with the same seed, so each difference to the base is paired; inputs are ranked by how far the metric moves between their two ends. One at a time misses what inputs do together; the run of the scenario itself, which draws all of them at once, shows their joint effect in its p5-p95.",
        unit.format(analysis.base_mean)
    ));
    let rows: Vec<TornadoRow<'_>> = analysis
        .effects
        .iter()
        .map(|e| TornadoRow {
            label: &e.name,
            low: e.low.mean,
            high: e.high.mean,
        })
        .collect();
    let title = format!("{}: swing over each uncertain input", analysis.metric);
    let svg = plot::tornado_chart(&title, &analysis.metric, unit, analysis.base_mean, &rows)?;
    let chart = Plot {
        name: "tornado".into(),
        title: title.clone(),
        svg,
    };
    page.figure(
        &chart,
        "Bars run from the base (dashed) to the metric with the input at its low end (first colour) and at its high end (second colour); the longest bar pair on top.",
    );
    let fmt_ci = |(lo, hi): (f64, f64)| {
        if lo.is_finite() {
            format!("{} to {}", unit.format(lo), unit.format(hi))
        } else {
            String::new()
        }
    };
    page.table(
        "",
        &Table {
            header: [
                "input",
                "low end",
                "metric there",
                "difference (95% CI)",
                "high end",
                "metric there",
                "difference (95% CI)",
                "swing",
            ]
            .iter()
            .map(|h| h.to_string())
            .collect(),
            rows: analysis
                .effects
                .iter()
                .map(|e| {
                    vec![
                        e.name.clone(),
                        format!("{:.4}", e.low.value),
                        unit.format(e.low.mean),
                        format!("{} ({})", unit.format(e.low.diff), fmt_ci(e.low.diff_ci)),
                        format!("{:.4}", e.high.value),
                        unit.format(e.high.mean),
                        format!("{} ({})", unit.format(e.high.diff), fmt_ci(e.high.diff_ci)),
                        unit.format(e.swing()),
                    ]
                })
                .collect(),
            numeric: vec![false, true, true, true, true, true, true, true],
            marked: Vec::new(),
        },
    );
    let html = page.finish(&format!(
        "asielsim {}: sensitivity of {} in {name}.",
        env!("CARGO_PKG_VERSION"),
        analysis.metric
    ));
    Ok(Report {
        html,
        plots: vec![chart],
    })
}
