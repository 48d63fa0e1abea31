//! Text for a terminal: the tables and sentences the `asielsim` command prints after a run, a
//! comparison or a forecast. Nothing here prints; each function returns the text, lines ended
//! by `\n`, for the caller to write where it likes.

use std::fmt::Write;
use std::path::Path;

use crate::compare::{self, Better, Comparison};
use crate::experiment::Experiment;
use crate::forecast::{Backtest, BacktestRow, FittedModel, ForecastMonth, MonthlySeries};
use crate::model::Catalogue;
use crate::scenario::Scenario;
use crate::stats::Unit;

/// Scenarios with more metrics than this get a table of the headline metrics only.
pub const SHORT_TABLE_MAX: usize = 30;

/// Fewer replications than this make confidence intervals unreliable.
pub const FEW_REPLICATIONS: u32 = 10;

/// What shard `shard` of `job` did, written into `dir` inside `parent` (the folder of all the
/// job's shards): its items and wall time, or `None` when it was already there and skipped; and
/// the command that merges the shards.
pub fn shard_summary(
    job: &crate::shard::Job,
    shard: crate::shard::Shard,
    dir: &Path,
    parent: &Path,
    wall: Option<std::time::Duration>,
) -> String {
    let items = shard.block(job.total);
    let (i, n) = (shard.index + 1, shard.count);
    let what = if job.items == "points" {
        format!(
            "points {} to {} of {}",
            items.start + 1,
            items.end,
            job.total
        )
    } else {
        format!(
            "replications {} to {} of 0 to {} (numbered as in replications.csv)",
            items.start,
            items.end.saturating_sub(1),
            job.total.saturating_sub(1)
        )
    };
    let command = if job.scenarios.is_empty() {
        format!("{} (the bundled baseline)", job.command)
    } else {
        format!("{} {}", job.command, job.scenarios.join(" "))
    };
    let mut out = match wall {
        Some(wall) => format!(
            "shard {i}/{n} of {command}: {what}, seed {}, in {:.1} s; wrote {}\n",
            job.seed,
            wall.as_secs_f64(),
            dir.display()
        ),
        None => format!(
            "shard {i}/{n} of {command}: already done in {} (same scenarios, settings, seed and version); skipped\n",
            dir.display()
        ),
    };
    writeln!(
        out,
        "when all {n} shards are done: asielsim merge {}",
        parent.display()
    )
    .unwrap();
    out
}

/// The warning for `replications` per scenario when they are fewer than [`FEW_REPLICATIONS`]:
/// one line, without its line end.
pub fn few_replications_warning(replications: u32) -> Option<String> {
    (replications < FEW_REPLICATIONS).then(|| {
        format!(
            "warning: {replications} replications make the 95% confidence intervals unreliable (fewer than {FEW_REPLICATIONS}); use --replications 30 or more"
        )
    })
}

/// The dictionary of a scenario's metrics, then its monthly columns: name, unit, better
/// direction and meaning, one per line.
pub fn metrics_table(scenario: &str, catalogue: &Catalogue) -> String {
    let rows: Vec<[&str; 4]> = catalogue
        .metrics()
        .iter()
        .map(|m| {
            let key = m.key;
            [
                m.name.as_str(),
                key.unit().as_str(),
                key.direction().as_str(),
                &m.meaning,
            ]
        })
        .chain(catalogue.monthly().iter().map(|m| {
            let column = m.column;
            [
                m.name.as_str(),
                column.unit().as_str(),
                column.direction().as_str(),
                &m.meaning,
            ]
        }))
        .collect();
    let width = rows.iter().map(|r| r[0].len()).max().unwrap_or(6).max(6);
    let mut out = format!(
        "{scenario}: {} metrics in summary.csv, {} columns in monthly.csv\n\n",
        catalogue.len(),
        catalogue.monthly().len()
    );
    writeln!(
        out,
        "{:<width$}  {:<6}  {:<7}  meaning",
        "metric", "unit", "better"
    )
    .unwrap();
    for (idx, [name, unit, better, meaning]) in rows.iter().enumerate() {
        if idx == catalogue.len() {
            writeln!(
                out,
                "\nmonthly.csv (per month; COLUMN@YYYY-MM as a plan target)"
            )
            .unwrap();
        }
        writeln!(out, "{name:<width$}  {unit:<6}  {better:<7}  {meaning}").unwrap();
    }
    out
}

/// A number for the terminal: about five significant digits.
pub fn short(value: f64) -> String {
    if !value.is_finite() {
        return "-".to_string();
    }
    let magnitude = value.abs();
    let decimals = if magnitude >= 10_000.0 {
        0
    } else if magnitude >= 100.0 {
        2
    } else if magnitude >= 1.0 {
        4
    } else {
        6
    };
    format!("{value:.decimals$}")
}

/// The summary of a run: its settings, a table of the (headline) metrics with their intervals
/// and percentiles, and the files written into `out_dir`.
pub fn run_summary(scenario: &Scenario, experiment: &Experiment, out_dir: &Path) -> String {
    let mut stdout = String::new();
    let settings = experiment.settings;
    writeln!(
        stdout,
        "{}: {} replications, seed {}, {:.1} simulated days each ({:.1} warm-up)",
        scenario.name,
        settings.replications,
        settings.seed,
        scenario.window.horizon.as_days(),
        scenario.window.warmup_end.as_days()
    )
    .unwrap();
    writeln!(stdout).unwrap();
    let facts = crate::report::ScenarioFacts::from_scenario(scenario);
    let cards = crate::report::headline_cards(&facts, experiment);
    let label_width = cards.iter().map(|c| c.label.len()).max().unwrap_or(0);
    for card in &cards {
        writeln!(
            stdout,
            "{:<label_width$}  {:>15}   {}",
            card.label, card.value, card.note
        )
        .unwrap();
    }
    let all = experiment.summaries();
    let n_all = all.len();
    if n_all > SHORT_TABLE_MAX {
        writeln!(
            stdout,
            "\nAll {n_all} metrics, with their intervals and percentiles, are in {}; the report is {}.",
            out_dir.join("summary.csv").display(),
            out_dir.join("report.html").display()
        )
        .unwrap();
    }
    let summaries: Vec<_> = if n_all <= SHORT_TABLE_MAX {
        all
    } else {
        Vec::new()
    };
    if !summaries.is_empty() {
        writeln!(stdout).unwrap();
    }
    let width = summaries
        .iter()
        .map(|(n, _)| n.len())
        .max()
        .unwrap_or(6)
        .max(6);
    if !summaries.is_empty() {
        writeln!(
            stdout,
            "{:<width$}  {:>12}  {:>27}  {:>12}  {:>12}  {:>12}",
            "metric", "mean", "95% CI", "p05", "p50", "p95"
        )
        .unwrap();
    }
    for (name, s) in &summaries {
        let ci = if s.ci95_low.is_finite() {
            format!("[{}, {}]", short(s.ci95_low), short(s.ci95_high))
        } else {
            "-".to_string()
        };
        writeln!(
            stdout,
            "{name:<width$}  {:>12}  {ci:>27}  {:>12}  {:>12}  {:>12}",
            short(s.mean),
            short(s.p05),
            short(s.p50),
            short(s.p95)
        )
        .unwrap();
    }

    if !scenario.observed.is_empty() {
        let rows = crate::history::compare(experiment, &scenario.observed);
        writeln!(
            stdout,
            "history: {} (observed_vs_simulated.csv)",
            crate::history::verdict(&rows)
        )
        .unwrap();
    }
    writeln!(stdout).unwrap();
    let secs = experiment.wall_time.as_secs_f64();
    writeln!(
        stdout,
        "{} events, {} cases in {:.2} s on {} thread{}; wrote {}",
        experiment.n_events(),
        experiment.n_arrivals(),
        secs,
        settings.threads,
        if settings.threads == 1 { "" } else { "s" },
        out_dir
            .join(format!(
                "{{summary.csv, metrics.csv, replications.csv, {}{}{}{}{}run.json, report.html}}",
                if experiment.replications[0].monthly.is_some() {
                    "monthly.csv, "
                } else {
                    ""
                },
                if out_dir.join("risk.csv").exists() {
                    "risk.csv, "
                } else {
                    ""
                },
                if experiment.replications[0].officers.is_empty() {
                    ""
                } else {
                    "officers.csv, "
                },
                if experiment.draws.is_empty() {
                    ""
                } else {
                    "inputs.csv, "
                },
                if scenario.observed.is_empty() {
                    ""
                } else {
                    "observed_vs_simulated.csv, "
                }
            ))
            .display()
    )
    .unwrap();
    stdout
}

/// The summary of a comparison of `runs` (the first is the base) named `names`: per metric shown
/// (`metric`, then the headline figures), each scenario's mean and the paired difference to
/// the base, and which scenario is best on `metric`.
pub fn compare_summary(
    names: &[String],
    runs: &[&Experiment],
    comparisons: &[Comparison],
    metric: &str,
    better: Better,
) -> String {
    let mut stdout = String::new();
    let settings = runs[0].settings;
    let k = names.len() - 1;
    writeln!(
        stdout,
        "{} scenarios, {} replications each, seed {} (common random numbers); intervals 95%{}",
        names.len(),
        settings.replications,
        settings.seed,
        if k > 1 {
            format!(", Bonferroni-adjusted over {k} comparisons")
        } else {
            String::new()
        }
    )
    .unwrap();
    let shown = [
        metric,
        "within_term_share",
        "throughput_days_mean",
        "backlog_end",
        "penalty_eur_total",
    ];
    for c in comparisons
        .iter()
        .filter(|c| shown.contains(&c.metric.as_str()))
    {
        writeln!(stdout, "\n{}", c.metric).unwrap();
        for (idx, (name, s)) in names.iter().zip(&c.summaries).enumerate() {
            let diff = match idx.checked_sub(1).map(|v| &c.differences[v]) {
                None => "(base)".to_string(),
                Some(d) if c.unit == Unit::Share => format!(
                    "diff {:+.2} pp [{:+.2}, {:+.2}]{}  (unpaired +-{:.2})",
                    100.0 * d.mean,
                    100.0 * d.ci_low,
                    100.0 * d.ci_high,
                    if d.significant() { " *" } else { "" },
                    100.0 * d.unpaired_half_width
                ),
                Some(d) => format!(
                    "diff {} [{}, {}]{}  (unpaired +-{})",
                    compare::difference_text(c.unit, d.mean),
                    compare::difference_text(c.unit, d.ci_low),
                    compare::difference_text(c.unit, d.ci_high),
                    if d.significant() { " *" } else { "" },
                    c.unit.format(d.unpaired_half_width)
                ),
            };
            writeln!(stdout, "  {name:<40} {:>12}  {diff}", c.unit.format(s.mean)).unwrap();
        }
    }
    stdout.push_str(&largest_effects_table(names, runs, comparisons));
    if let Some(verdict) = compare::best(runs, metric, better) {
        let best = &names[verdict.best];
        let direction = if better == Better::Higher {
            "higher"
        } else {
            "lower"
        };
        if verdict.clearly_best {
            writeln!(
                stdout,
                "\n{best} is best on {metric} ({direction} is better), significantly better than every other scenario at 95% jointly"
            )
            .unwrap();
        } else {
            let ties: Vec<&str> = verdict
                .ties()
                .into_iter()
                .map(|i| names[i].as_str())
                .collect();
            writeln!(
                stdout,
                "\n{best} has the best mean on {metric} ({direction} is better), but not significantly better than: {} (95% jointly); more replications may separate them",
                ties.join(", ")
            )
            .unwrap();
        }
    }
    stdout
}

/// How many of the largest effects the terminal names per variant.
pub const LARGEST_EFFECTS: usize = 8;

/// The largest clear effects of each variant (intervals excluding zero, by size relative to the
/// base), and how many streams or tracks have a verdict other than their total's.
fn largest_effects_table(
    names: &[String],
    runs: &[&Experiment],
    comparisons: &[Comparison],
) -> String {
    let mut out = String::new();
    let catalogue = &runs[0].catalogue;
    let effects = compare::largest_effects(catalogue, comparisons, LARGEST_EFFECTS);
    let parts = compare::by_part(catalogue, comparisons);
    for (variant, name) in names.iter().enumerate().skip(1) {
        let mine: Vec<&compare::Effect> = effects.iter().filter(|e| e.variant == variant).collect();
        if mine.is_empty() {
            writeln!(
                out,
                "
largest effects of {name}: no metric differs clearly from the base"
            )
            .unwrap();
        } else {
            writeln!(
                out,
                "
largest effects of {name} against {} (intervals excluding zero, by size relative to the base; shares in percentage points):",
                names[0]
            )
            .unwrap();
            let width = mine
                .iter()
                .map(|e| e.metric.len())
                .max()
                .unwrap_or(6)
                .max(6);
            writeln!(
                out,
                "  {:<width$} {:>14} {:>14} {:>14} {:>9}  verdict",
                "metric", "base", "variant", "difference", "relative"
            )
            .unwrap();
            for e in mine {
                let relative = if e.relative.is_finite() {
                    format!("{:+.1}%", 100.0 * e.relative)
                } else {
                    "–".into()
                };
                writeln!(
                    out,
                    "  {:<width$} {:>14} {:>14} {:>14} {relative:>9}  {}",
                    e.metric,
                    e.unit.format(e.means.0),
                    e.unit.format(e.means.1),
                    compare::difference_text(e.unit, e.difference.mean),
                    e.verdict.as_str()
                )
                .unwrap();
            }
        }
        let hidden: Vec<String> = parts
            .iter()
            .filter(|p| p.variant == variant && p.differs_from_total())
            .map(|p| format!("{} {} {}", p.part, p.total_metric, p.verdict.as_str()))
            .collect();
        if !hidden.is_empty() {
            let shown = hidden.len().min(6);
            writeln!(
                out,
                "  {} stream or track figure(s) where the verdict is not the total's: {}{} (the report's per-stream and per-track sections have them all)",
                hidden.len(),
                hidden[..shown].join("; "),
                if hidden.len() > shown {
                    format!("; and {} more", hidden.len() - shown)
                } else {
                    String::new()
                }
            )
            .unwrap();
        }
    }
    out
}

/// The summary of a forecast of `series` (read from `source`): the fitted model, the forecast
/// per month with its intervals, and the backtest's errors and coverage.
pub fn forecast_summary(
    source: &str,
    series: &MonthlySeries,
    model: &FittedModel,
    rows: &[ForecastMonth],
    backtest: Option<&Backtest>,
) -> String {
    let mut stdout = String::new();
    writeln!(
        stdout,
        "{source}: {} months, {} to {}",
        series.values.len(),
        series.label(0),
        series.label(series.values.len() - 1)
    )
    .unwrap();
    writeln!(
        stdout,
        "fitted: level {:.0} a month, AR(1) phi {:.3}, sigma {:.3} (log scale)",
        model.to_generator().per_month,
        model.phi,
        model.sigma
    )
    .unwrap();
    writeln!(
        stdout,
        "\n{:<8} {:>9} {:>9} {:>21} {:>21}",
        "month", "mean", "median", "80% interval", "95% interval"
    )
    .unwrap();
    for r in rows {
        writeln!(
            stdout,
            "{:<8} {:>9.0} {:>9.0} {:>21} {:>21}",
            r.month,
            r.mean,
            r.p50,
            format!("[{:.0}, {:.0}]", r.lo80, r.hi80),
            format!("[{:.0}, {:.0}]", r.lo95, r.hi95)
        )
        .unwrap();
    }
    if let Some(b) = backtest {
        let mean =
            |f: fn(&BacktestRow) -> f64| b.rows.iter().map(f).sum::<f64>() / b.rows.len() as f64;
        writeln!(
            stdout,
            "\nbacktest ({} origins, 1-{} months ahead): MASE {:.2} (seasonal naive {:.2}); coverage of the 80% / 95% intervals {:.0}% / {:.0}% (seasonal naive {:.0}% / {:.0}%)",
            b.n_origins,
            b.rows.len(),
            mean(|r| r.mase_model),
            mean(|r| r.mase_naive),
            100.0 * mean(|r| r.coverage80_model),
            100.0 * mean(|r| r.coverage95_model),
            100.0 * mean(|r| r.coverage80_naive),
            100.0 * mean(|r| r.coverage95_naive),
        )
        .unwrap();
    }
    stdout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_keep_about_five_digits() {
        assert_eq!(short(123_456.7), "123457");
        assert_eq!(short(1234.567), "1234.57");
        assert_eq!(short(1.234_567), "1.2346");
        assert_eq!(short(0.012_345_67), "0.012346");
        assert_eq!(short(f64::NAN), "-");
    }
}
