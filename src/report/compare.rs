//! The report of a comparison: which scenario is best, each scenario's means with confidence
//! intervals, and the paired differences to the base (forest plot).

use crate::compare::{self, Better, Comparison};
use crate::experiment::Experiment;
use crate::output::Manifest;
use crate::plot::{self, IntervalChart, IntervalRow, PlotError, Unit};
use crate::report::html::{Card, Page, Table};
use crate::report::run::manifest_rows;
use crate::report::series::cell;
use crate::report::{Plot, Report};
use crate::scenario::Scenario;

/// Metrics shown after the ranking metric, when the scenarios have them.
const KEY_METRICS: [&str; 5] = [
    "within_term_share",
    "backlog_end",
    "penalty_eur_total",
    "throughput_days_mean",
    "wait_days_mean",
];

/// The report of `runs` of `scenarios` (base first, run with the same seed), ranked on
/// `metric` in direction `better`.
pub fn compare_report(
    scenarios: &[Scenario],
    runs: &[&Experiment],
    metric: &str,
    better: Better,
) -> Result<Report, PlotError> {
    let names: Vec<String> = scenarios.iter().map(|s| s.name.clone()).collect();
    let comparisons = compare::compare(runs);
    let unit_of = |name: &str| {
        runs.first()
            .map_or(crate::plot::Unit::Number, |r| r.catalogue.unit_of(name))
    };
    let settings = runs.first().map(|r| r.settings);
    let (n_reps, seed) = settings.map_or((0, 0), |s| (s.replications, s.seed));
    let n_variants = names.len().saturating_sub(1);
    let base = names.first().cloned().unwrap_or_default();
    let mut page = Page::new(
        &format!(
            "Comparison: {} against {}",
            names.get(1..).unwrap_or_default().join(", "),
            base
        ),
        &format!(
            "{} scenarios, {n_reps} replications each, seed {seed}: common random numbers, so the scenarios meet the same futures",
            names.len()
        ),
    );
    page.section("verdict", "Verdict");
    let direction = if better == Better::Higher {
        "higher"
    } else {
        "lower"
    };
    let mut cards = Vec::new();
    if let Some(verdict) = compare::best(runs, metric, better) {
        let best = &names[verdict.best];
        let note = if verdict.clearly_best {
            "significantly better than every other scenario, 95% jointly".to_string()
        } else {
            let ties: Vec<&str> = verdict
                .ties()
                .into_iter()
                .map(|i| names[i].as_str())
                .collect();
            format!(
                "not significantly better than {} (95% jointly); more replications may separate them",
                ties.join(", ")
            )
        };
        cards.push(Card {
            label: format!("Best on {metric} ({direction} is better)"),
            value: best.clone(),
            note,
        });
    }
    for key in KEY_METRICS.iter().filter(|k| **k != metric).take(3) {
        if let Some(c) = comparisons.iter().find(|c| c.metric == *key) {
            let unit = unit_of(key);
            let variants: Vec<String> = names
                .iter()
                .zip(&c.summaries)
                .skip(1)
                .map(|(n, s)| format!("{n} {}", unit.format(s.mean)))
                .collect();
            cards.push(Card {
                label: format!("{key}, base {base}"),
                value: unit.format(c.summaries.first().map_or(f64::NAN, |s| s.mean)),
                note: variants.join("; "),
            });
        }
    }
    page.headline(&cards);
    page.note(&format!(
        "Every scenario ran the same {n_reps} simulated futures (replications with the same seed), so a difference between them comes from the scenarios, not from luck. Differences are paired per future, which makes their intervals much narrower than comparing the separate means would{}.",
        if n_variants > 1 {
            format!("; with {n_variants} variants the intervals of the differences are Bonferroni-adjusted, so the statements hold at 95% together")
        } else {
            String::new()
        }
    ));

    let shown: Vec<&Comparison> = std::iter::once(metric)
        .chain(KEY_METRICS.iter().copied().filter(|k| *k != metric))
        .filter_map(|m| comparisons.iter().find(|c| c.metric == m))
        .collect();
    let mut plots = Vec::new();
    page.section("differences", "Differences to the base");
    let forest = forest(&names, &shown)?;
    page.figure(&forest, &format!(
        "Each row is a variant against the base ({base}) on one metric: the dot is the mean paired difference over the futures relative to the base's mean (a change of a share from 50% to 55% is +10% here, and +5 percentage points in the tables), the bar its confidence interval. Red rows exclude zero: the variant differs from the base on that metric. A row left empty has a base mean of zero (see the table for the difference in units)."
    ));
    plots.push(forest);
    for c in &shown {
        page.table(&c.metric, &difference_table(&names, c, unit_of(&c.metric)));
    }
    if let Some(run) = runs.first() {
        let parts = compare::by_part(&run.catalogue, &comparisons);
        for (kind, title) in [("stream", "Per stream"), ("track", "Per track")] {
            let of_kind: Vec<&compare::PartEffect> =
                parts.iter().filter(|p| p.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            page.section(&format!("per_{kind}"), title);
            let differing = of_kind.iter().filter(|p| p.differs_from_total()).count();
            page.note(&format!(
                "The paired difference to the base for each {kind}, with its interval and verdict (better, worse, or no clear difference: the interval holds zero), next to the verdict on the total. Shares differ in percentage points (pp). {}",
                if differing == 0 {
                    format!("Every {kind}'s verdict is the total's.")
                } else {
                    format!(
                        "Marked rows ({differing}): the verdict for the {kind} is not the total's, so the total hides it."
                    )
                }
            ));
            for variant in 1..names.len() {
                let rows: Vec<&&compare::PartEffect> =
                    of_kind.iter().filter(|p| p.variant == variant).collect();
                let heading = if names.len() > 2 {
                    format!("{} against {base}", names[variant])
                } else {
                    String::new()
                };
                page.table(&heading, &part_table(&names[variant], &base, &rows));
            }
        }
    }

    page.section("means", "Each scenario's means");
    for c in &shown {
        let unit = unit_of(&c.metric);
        let rows: Vec<IntervalRow<'_>> = names
            .iter()
            .zip(&c.summaries)
            .map(|(label, s)| IntervalRow {
                label,
                value: s.mean,
                low: s.ci95_low,
                high: s.ci95_high,
                emphasis: false,
            })
            .collect();
        let title = format!("{}: mean per scenario", c.metric);
        let chart = IntervalChart {
            title: &title,
            axis_label: &c.metric,
            unit,
            value_label: "mean over the futures",
            interval_label: "95% confidence interval",
            emphasis_label: None,
            reference: None,
        };
        let plot = Plot {
            name: format!("means_{}", c.metric),
            title: title.clone(),
            svg: plot::interval_chart(&chart, &rows)?,
        };
        page.figure(&plot, &format!(
            "The mean of {} per scenario with its 95% confidence interval. Overlapping intervals do not mean the scenarios are alike: the paired differences above are the sharper test.",
            c.metric
        ));
        plots.push(plot);
    }

    page.section("manifest", "Run manifests");
    for (scenario, run) in scenarios.iter().zip(runs) {
        page.subsection(&scenario.name);
        page.facts(&manifest_rows(&Manifest::new(scenario, run)));
    }
    let html = page.finish(&format!(
        "asielsim {}: comparison of {}, {n_reps} replications, seed {seed}.",
        env!("CARGO_PKG_VERSION"),
        names.join(", ")
    ));
    Ok(Report { html, plots })
}

/// The forest plot: every variant's paired difference to the base on every shown metric, as a
/// percentage of the base's mean.
fn forest(names: &[String], shown: &[&Comparison]) -> Result<Plot, PlotError> {
    let labels: Vec<String> = shown
        .iter()
        .flat_map(|c| {
            names
                .iter()
                .skip(1)
                .map(move |n| format!("{}: {n}", c.metric))
        })
        .collect();
    let mut rows = Vec::new();
    let mut label_idx = 0;
    for c in shown {
        let base_mean = c.summaries.first().map_or(f64::NAN, |s| s.mean);
        let relative = |v: f64| {
            if base_mean.is_finite() && base_mean != 0.0 {
                v / base_mean.abs()
            } else {
                f64::NAN
            }
        };
        for d in &c.differences {
            rows.push(IntervalRow {
                label: &labels[label_idx],
                value: relative(d.mean),
                low: relative(d.ci_low),
                high: relative(d.ci_high),
                emphasis: d.significant(),
            });
            label_idx += 1;
        }
    }
    let title = format!(
        "Paired differences to the base ({})",
        names.first().map_or("", |n| n.as_str())
    );
    let chart = IntervalChart {
        title: &title,
        axis_label: "difference as a share of the base's mean",
        unit: Unit::Share,
        value_label: "mean difference",
        interval_label: "confidence interval",
        emphasis_label: Some("interval excludes zero"),
        reference: Some((0.0, "no difference")),
    };
    Ok(Plot {
        name: "paired_differences".into(),
        title: title.clone(),
        svg: plot::interval_chart(&chart, &rows)?,
    })
}

/// The differences of one variant per stream or per track: one row per part and metric, those
/// whose verdict is not the total's marked.
fn part_table(variant: &str, base: &str, rows: &[&&compare::PartEffect]) -> Table {
    Table {
        header: vec![
            "part".into(),
            "metric".into(),
            format!("{base} (base)"),
            variant.to_string(),
            "difference".into(),
            "its interval".into(),
            "verdict".into(),
            "verdict on the total".into(),
        ],
        rows: rows
            .iter()
            .map(|p| {
                vec![
                    p.part.clone(),
                    p.total_metric.clone(),
                    cell(p.unit, p.means.0),
                    cell(p.unit, p.means.1),
                    compare::difference_text(p.unit, p.difference.mean),
                    format!(
                        "{} to {}",
                        compare::difference_text(p.unit, p.difference.ci_low),
                        compare::difference_text(p.unit, p.difference.ci_high)
                    ),
                    p.verdict.as_str().into(),
                    p.total_verdict.as_str().into(),
                ]
            })
            .collect(),
        numeric: vec![false, false, true, true, true, true, false, false],
        marked: rows
            .iter()
            .enumerate()
            .filter(|(_, p)| p.differs_from_total())
            .map(|(i, _)| i)
            .collect(),
    }
}

fn difference_table(names: &[String], c: &Comparison, unit: crate::plot::Unit) -> Table {
    let rows = names
        .iter()
        .zip(&c.summaries)
        .enumerate()
        .map(|(idx, (name, s))| {
            let diff = idx.checked_sub(1).and_then(|v| c.differences.get(v));
            vec![
                name.clone(),
                cell(unit, s.mean),
                format!("{} to {}", cell(unit, s.ci95_low), cell(unit, s.ci95_high)),
                diff.map_or("(base)".into(), |d| compare::difference_text(unit, d.mean)),
                diff.map_or(String::new(), |d| {
                    format!(
                        "{} to {}",
                        compare::difference_text(unit, d.ci_low),
                        compare::difference_text(unit, d.ci_high)
                    )
                }),
                diff.map_or(String::new(), |d| {
                    if d.significant() {
                        "yes".into()
                    } else {
                        "no".into()
                    }
                }),
                diff.map_or(String::new(), |d| {
                    let width = |x: f64| {
                        if unit == Unit::Share {
                            format!("{:.1} pp", 100.0 * x)
                        } else {
                            cell(unit, x)
                        }
                    };
                    format!(
                        "±{} vs ±{}",
                        width(d.half_width()),
                        width(d.unpaired_half_width)
                    )
                }),
            ]
        })
        .collect();
    Table {
        header: [
            "scenario",
            "mean",
            "95% CI",
            if unit == Unit::Share {
                "difference to base (percentage points)"
            } else {
                "difference to base"
            },
            "its interval",
            "excludes zero",
            "paired vs unpaired width",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric: vec![false, true, true, true, true, false, true],
        marked: Vec::new(),
    }
}
