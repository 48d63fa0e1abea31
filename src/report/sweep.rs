//! The report of a sweep: for each charted metric, a chart over the swept values and its table
//! (mean with its 95% confidence interval, p5, p50, p95 at every point).

use crate::model::catalogue::Catalogue;
use crate::plot::{
    self, IntervalChart, IntervalRow, PlotError, SweepChart, SweepPoint, format_count,
};
use crate::report::html::{Page, Table};
use crate::report::series::summary_cells;
use crate::report::{Plot, Report};
use crate::stats::Summary;

/// What a sweep's report is made of.
#[derive(Clone, Copy, Debug)]
pub struct SweepPage<'a> {
    /// The base scenario's name.
    pub scenario: &'a str,
    /// Its file.
    pub file: &'a str,
    /// The swept settings' paths, as in `sweep.csv`'s first columns.
    pub settings: &'a [String],
    /// The charted metrics, by name.
    pub metrics: &'a [String],
    /// Each point's values, one per setting, in the grid's order.
    pub labels: &'a [Vec<String>],
    /// Each point's summaries of `metrics` (`None` where its scenario lacks one).
    pub summaries: &'a [Vec<Option<Summary>>],
    /// The base scenario's metrics (units and meanings).
    pub catalogue: &'a Catalogue,
    /// Replications per point.
    pub replications: u32,
    /// The master seed, the same for every point.
    pub seed: u64,
}

/// The numeric values of a single swept setting, one per point; `None` for several settings or
/// a value that is not a number (a policy name).
fn numeric_axis(page: &SweepPage<'_>) -> Option<Vec<f64>> {
    if page.settings.len() != 1 {
        return None;
    }
    page.labels
        .iter()
        .map(|label| label.first()?.parse::<f64>().ok())
        .collect()
}

/// The report; its charts are named `sweep_<metric>`.
pub fn sweep_report(page_in: &SweepPage<'_>) -> Result<Report, PlotError> {
    let n_points = page_in.labels.len();
    let mut page = Page::new(
        &format!(
            "Sweep of {}: {}",
            page_in.scenario,
            page_in.settings.join(", ")
        ),
        &format!(
            "{}: {} points, {} replications each, seed {}: common random numbers, so every point meets the same futures",
            page_in.file,
            format_count(n_points as f64),
            page_in.replications,
            page_in.seed
        ),
    );
    page.section("about", "How to read it");
    page.paragraph(&format!(
        "Each point is the scenario with the swept settings set to its values and run with the same seed. Per metric, a chart shows the mean over the {} futures with its 95% confidence interval (how precisely the replications pin it down) and the range 90% of the futures fall in (p5-p95: how much the future itself varies). Differences between neighbouring points are measured with less noise than the intervals suggest, because the points share their random numbers; sweep.csv has every metric at every point.",
        page_in.replications
    ));
    let axis = numeric_axis(page_in);
    let labels: Vec<String> = page_in
        .labels
        .iter()
        .map(|label| {
            page_in
                .settings
                .iter()
                .zip(label)
                .map(|(path, value)| format!("{path}={value}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    page.section("charts", "Metrics over the swept values");
    let mut plots = Vec::new();
    for (m, metric) in page_in.metrics.iter().enumerate() {
        let unit = page_in.catalogue.unit_of(metric);
        let meaning = page_in
            .catalogue
            .get(metric)
            .map_or(String::new(), |d| d.meaning.clone());
        let title = format!("{metric} over {}", page_in.settings.join(", "));
        let svg = match &axis {
            Some(xs) => {
                let points: Vec<SweepPoint> = xs
                    .iter()
                    .zip(page_in.summaries)
                    .filter_map(|(x, row)| {
                        row[m].as_ref().map(|s| SweepPoint {
                            x: *x,
                            mean: s.mean,
                            ci_low: s.ci95_low,
                            ci_high: s.ci95_high,
                            p05: s.p05,
                            p95: s.p95,
                        })
                    })
                    .collect();
                plot::sweep_chart(
                    &SweepChart {
                        title: &title,
                        x_label: &page_in.settings[0],
                        y_label: metric,
                        unit,
                    },
                    &points,
                )?
            }
            None => {
                let rows: Vec<IntervalRow<'_>> = labels
                    .iter()
                    .zip(page_in.summaries)
                    .map(|(label, row)| {
                        let s = row[m].as_ref();
                        IntervalRow {
                            label,
                            value: s.map_or(f64::NAN, |s| s.mean),
                            low: s.map_or(f64::NAN, |s| s.ci95_low),
                            high: s.map_or(f64::NAN, |s| s.ci95_high),
                            emphasis: false,
                        }
                    })
                    .collect();
                plot::interval_chart(
                    &IntervalChart {
                        title: &title,
                        axis_label: metric,
                        unit,
                        value_label: "mean over the futures",
                        interval_label: "95% confidence interval",
                        emphasis_label: None,
                        reference: None,
                    },
                    &rows,
                )?
            }
        };
        let plot = Plot {
            name: format!("sweep_{metric}"),
            title: title.clone(),
            svg,
        };
        let shown = if axis.is_some() {
            "the mean (dot, with its 95% confidence interval as a bar) at each value, joined by a line, over the shaded range 90% of the futures fall in (p5-p95)"
        } else {
            "the mean at each point (dot) with its 95% confidence interval (bar)"
        };
        page.figure(
            &plot,
            &format!(
                "{metric}{}: {shown}.",
                if meaning.is_empty() {
                    String::new()
                } else {
                    format!(" ({meaning})")
                }
            ),
        );
        page.table("", &metric_table(page_in, &labels, m, unit));
        plots.push(plot);
    }
    let html = page.finish(&format!(
        "asielsim {}: sweep of {} ({}), {} points, {} replications each, seed {}.",
        env!("CARGO_PKG_VERSION"),
        page_in.scenario,
        page_in.file,
        n_points,
        page_in.replications,
        page_in.seed
    ));
    Ok(Report { html, plots })
}

/// The table of metric `m` at every point.
fn metric_table(page: &SweepPage<'_>, labels: &[String], m: usize, unit: plot::Unit) -> Table {
    let rows = labels
        .iter()
        .zip(page.summaries)
        .map(|(label, row)| {
            let mut cells = vec![label.clone()];
            match &row[m] {
                Some(s) => cells.extend(summary_cells(unit, s)),
                None => cells.extend(std::iter::repeat_n("–".to_string(), 5)),
            }
            cells
        })
        .collect();
    Table {
        header: ["point", "mean", "95% CI", "p5", "p50", "p95"]
            .map(String::from)
            .to_vec(),
        rows,
        numeric: vec![false, true, true, true, true, true],
        marked: Vec::new(),
    }
}
