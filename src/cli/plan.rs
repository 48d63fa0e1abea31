//! `asielsim plan`: a staffing or hiring search towards a target, or for the lowest cost; prints
//! the candidates tried and writes them to `plan.csv`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use asielsim::compare::Better;
use asielsim::experiment::RunSettings;
use asielsim::output;
use asielsim::plan::{self as pl, Lever, Target};
use asielsim::plot::{self, IntervalChart, IntervalRow, PlanChart, PlanPoint, Unit};
use asielsim::{report, scenario};

use super::{UsageError, short};

/// The arguments of `asielsim plan`.
#[derive(Debug, clap::Args)]
pub(crate) struct PlanArgs {
    /// The scenario.
    pub(crate) scenario: PathBuf,
    /// The pool(s) whose staff (servers or FTE) is searched; with several (comma-separated),
    /// the searched number is their total, split in proportion to their present size.
    #[arg(long, required = true, value_delimiter = ',')]
    pub(crate) pool: Vec<String>,
    /// Search a hiring plan instead: new staff hired into the pool(s) in these months
    /// (YYYY-MM, comma-separated; split evenly), with the scenario's training defaults.
    #[arg(long, value_delimiter = ',')]
    pub(crate) hire: Vec<String>,
    /// The range to search, from..to (inclusive): staff, or with --hire the number of hires.
    #[arg(long)]
    pub(crate) range: String,
    /// The metric of the target (any metric of summary.csv, or COLUMN@YYYY-MM for a column
    /// of monthly.csv at the end of a month, e.g. backlog@2027-12).
    #[arg(long, required_unless_present = "minimise", requires = "target")]
    pub(crate) metric: Option<String>,
    /// The bound the metric must respect.
    #[arg(long, requires = "metric")]
    pub(crate) target: Option<f64>,
    /// Fixed changes to the scenario for every candidate, PATH=VALUE as in `sweep` (one value
    /// each), e.g. run.end_date=2027-12-31 to stop after the year of the target.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub(crate) settings: Vec<String>,
    /// Instead of a target: find the value with the lowest mean of this cost metric, e.g.
    /// total_cost_eur (staff + reception + penalty payments + court costs).
    #[arg(long, conflicts_with_all = ["metric", "target", "probability", "better"])]
    pub(crate) minimise: Option<String>,
    /// Higher is better (at least the target) or lower (at most) [default: by the metric].
    #[arg(long, value_parser = ["higher", "lower"])]
    pub(crate) better: Option<String>,
    /// Confidence of the statement.
    #[arg(long, default_value_t = 0.9)]
    pub(crate) confidence: f64,
    /// Aim at a probability instead of the mean: the share of replications (simulated
    /// futures) in which the metric meets the target must be at least this, e.g. 0.9.
    #[arg(long)]
    pub(crate) probability: Option<f64>,
    /// Replications per candidate to start with (up to 8 times as many where uncertain).
    #[arg(short, long, default_value_t = 20)]
    pub(crate) replications: u32,
    /// Master seed [default: the scenario's].
    #[arg(short, long)]
    pub(crate) seed: Option<u64>,
    /// Worker threads.
    #[arg(short = 'j', long)]
    pub(crate) threads: Option<usize>,
    /// Output folder [default: results/plan-<scenario name>/].
    #[arg(short, long)]
    pub(crate) out: Option<PathBuf>,
}

pub(crate) fn plan(args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = args
        .range
        .split_once("..")
        .and_then(|(a, b)| Some((a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?)))
        .filter(|(a, b)| a <= b)
        .ok_or_else(|| {
            UsageError(format!(
                "--range \"{}\" is not from..to\n  fix: e.g. --range 10..20",
                args.range
            ))
        })?;
    if !(args.confidence > 0.5 && args.confidence < 1.0) || args.replications < 2 {
        bail!(UsageError(
            "--confidence must be between 0.5 and 1, --replications at least 2".into()
        ));
    }
    if let Some(p) = args.probability.filter(|p| !(*p > 0.0 && *p < 1.0)) {
        bail!(UsageError(format!(
            "--probability {p} is not a probability\n  fix: a share between 0 and 1, e.g. --probability 0.9"
        )));
    }
    let (mut table, _) = scenario::load_table(&args.scenario)?;
    for text in &args.settings {
        let setting = asielsim::sweep::parse_setting(text)
            .map_err(|e| UsageError(format!("--set {text}: {e}")))?;
        let [value] = setting.values.as_slice() else {
            bail!(UsageError(format!(
                "--set {text} gives {} values; plan takes one per setting\n  fix: use `asielsim sweep` for a grid",
                setting.values.len()
            )));
        };
        asielsim::sweep::apply(&mut table, &setting.path, value.clone())
            .map_err(|e| UsageError(format!("--set {text}: {e}")))?;
    }
    let base = scenario::parse_table(table, &args.scenario)?;
    let lever = if args.hire.is_empty() {
        Lever::staff(&base, &args.pool)
    } else {
        Lever::hires(&base, &args.pool, &args.hire)
    }
    .map_err(|e| UsageError(e.to_string()))?;
    let turn = lever.clone();
    let make = move |value: u32| turn.candidate(&base, value);
    let first = make(from)?;
    make(to)?;
    let settings = RunSettings {
        replications: args.replications,
        seed: args.seed.unwrap_or(first.seed),
        threads: args.threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
    };
    let no_metric = |e: pl::PlanError| match e {
        pl::PlanError::NoMetric(m) => anyhow::Error::new(UsageError(format!(
            "the scenario has no metric \"{m}\"\n  fix: choose one from summary.csv, or COLUMN@YYYY-MM for a column of monthly.csv at the end of a month (e.g. backlog@2027-12)"
        ))),
        other => anyhow::Error::new(other),
    };
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(format!("plan-{}", first.name)));
    let mut stdout = std::io::stdout().lock();
    let mut facts = vec![
        ("scenario".to_string(), args.scenario.display().to_string()),
        ("searched".to_string(), lever.describe()),
        ("range".to_string(), format!("{from}..{to}")),
        ("master seed".to_string(), settings.seed.to_string()),
        (
            "replications per candidate".to_string(),
            format!(
                "{} at first, up to {} where uncertain",
                settings.replications.max(2),
                settings.replications.max(2) * 8
            ),
        ),
        (
            "confidence".to_string(),
            format!("{:.0}%", 100.0 * args.confidence),
        ),
    ];
    for text in &args.settings {
        facts.push(("fixed setting".to_string(), text.clone()));
    }
    facts.push((
        "asielsim".to_string(),
        env!("CARGO_PKG_VERSION").to_string(),
    ));
    let (csv, report) = if let Some(metric) = &args.minimise {
        writeln!(
            stdout,
            "minimise: mean {metric}; {}, range {from}..{to}, seed {}, {:.0}% intervals",
            lever.describe(),
            settings.seed,
            100.0 * args.confidence
        )?;
        let mut progress = |value: u32, n: u32, mean: f64| {
            eprintln!("  tried {value}: {n} replications, mean {}", short(mean));
        };
        let result = pl::minimise(
            &make,
            (from, to),
            metric,
            args.confidence,
            settings,
            &mut progress,
        )
        .map_err(no_metric)?;
        let csv = cost_table(&mut stdout, &result, metric)?;
        (
            csv,
            cost_report(&result, metric, &lever, args.confidence, &facts)?,
        )
    } else {
        let metric = args.metric.clone().expect("clap requires --metric");
        let target = Target {
            better: match args.better.as_deref() {
                Some("higher") => Better::Higher,
                Some("lower") => Better::Lower,
                _ => Better::for_metric(&metric),
            },
            metric,
            bound: args.target.expect("clap requires --target with --metric"),
            confidence: args.confidence,
            probability: args.probability,
        };
        let relation = if target.better == Better::Lower {
            "at most"
        } else {
            "at least"
        };
        let aim = match target.probability {
            None => format!("mean {} {relation} {}", target.metric, target.bound),
            Some(p) => format!(
                "{} {relation} {} in at least {}% of replications",
                target.metric,
                target.bound,
                100.0 * p
            ),
        };
        writeln!(
            stdout,
            "target: {aim}, with {:.0}% confidence; {}, range {from}..{to}, seed {}",
            100.0 * target.confidence,
            lever.describe(),
            settings.seed
        )?;
        let mut progress = |c: &pl::Candidate| {
            let verdict = match c.meets {
                Some(true) => "meets the target",
                Some(false) => "does not meet it",
                None => "undecided at the replication limit (counted as not meeting it)",
            };
            eprintln!(
                "  tried {}: {} replications, mean {}, {verdict}",
                c.staff,
                c.replications,
                short(c.mean)
            );
        };
        let result =
            pl::search(&make, (from, to), &target, settings, &mut progress).map_err(no_metric)?;
        let csv = target_table(&mut stdout, &result, &lever, (from, to))?;
        let aim = format!("{aim}, with {:.0}% confidence", 100.0 * target.confidence);
        (
            csv,
            target_report(&result, &target, &aim, &lever, (from, to), &facts)?,
        )
    };
    output::write_forecast(&out_dir, &[("plan.csv", csv)])?;
    output::write_report(&out_dir, &report)?;
    writeln!(
        stdout,
        "wrote {}",
        out_dir.join("{plan.csv, report.html}").display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the candidates of a target search and returns them as `plan.csv`.
fn target_table(
    stdout: &mut impl Write,
    result: &pl::PlanResult,
    lever: &Lever,
    (from, to): (u32, u32),
) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "staff",
        "replications",
        "mean",
        "share_meeting",
        "confidence_bound",
        "meets_target",
        "stage",
    ])?;
    writeln!(
        stdout,
        "\n{:>6} {:>12} {:>14} {:>14} {:>16} {:>8}",
        "staff", "replications", "mean", "share meeting", "bound", "meets"
    )?;
    for c in &result.candidates {
        let meets = match c.meets {
            Some(true) => "yes",
            Some(false) => "no",
            None => "unsure",
        };
        writeln!(
            stdout,
            "{:>6} {:>12} {:>14} {:>14} {:>16} {:>8}",
            c.staff,
            c.replications,
            short(c.mean),
            short(c.share_meeting),
            short(c.bound),
            meets
        )?;
        let stage = if c.confirmation {
            "confirmation"
        } else {
            "search"
        };
        if c.confirmation {
            writeln!(stdout, "{:>6} (confirmation on the full replications)", "")?;
        }
        writer.write_record([
            c.staff.to_string(),
            c.replications.to_string(),
            output::number(c.mean),
            output::number(c.share_meeting),
            output::number(c.bound),
            meets.to_string(),
            stage.to_string(),
        ])?;
    }
    match result.answer {
        Some(value) => writeln!(
            stdout,
            "\nanswer: {value} ({}) is the smallest in the range that meets the target",
            lever.describe()
        )?,
        None => {
            writeln!(
                stdout,
                "\nnothing in {from}..{to} meets the target; widen the range"
            )?;
            if let Some(note) = flat_note(&result.candidates) {
                writeln!(stdout, "{note}")?;
            }
        }
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// Prints the candidates of a cost search and returns them as `plan.csv`.
fn cost_table(
    stdout: &mut impl Write,
    result: &pl::CostResult,
    metric: &str,
) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "staff",
        "replications",
        "mean",
        "ci_low",
        "ci_high",
        "diff_to_best",
        "diff_ci_low",
        "diff_ci_high",
        "near_best",
    ])?;
    writeln!(
        stdout,
        "\n{:>6} {:>12} {:>16} {:>34} {:>16} {:>34}",
        "staff", "replications", "mean", "interval", "diff to best", "paired interval"
    )?;
    for c in &result.candidates {
        let mark = if c.staff == result.answer {
            "  <- lowest"
        } else if c.near_best {
            "  ~ within noise"
        } else {
            ""
        };
        writeln!(
            stdout,
            "{:>6} {:>12} {:>16} {:>34} {:>16} {:>34}{mark}",
            c.staff,
            c.replications,
            short(c.mean),
            format!("[{}, {}]", short(c.ci_low), short(c.ci_high)),
            short(c.diff_to_best),
            format!("[{}, {}]", short(c.diff_low), short(c.diff_high)),
        )?;
        writer.write_record([
            c.staff.to_string(),
            c.replications.to_string(),
            output::number(c.mean),
            output::number(c.ci_low),
            output::number(c.ci_high),
            output::number(c.diff_to_best),
            output::number(c.diff_low),
            output::number(c.diff_high),
            if c.near_best { "yes" } else { "no" }.to_string(),
        ])?;
    }
    let near: Vec<String> = result
        .candidates
        .iter()
        .filter(|c| c.near_best && c.staff != result.answer)
        .map(|c| c.staff.to_string())
        .collect();
    writeln!(
        stdout,
        "\nanswer: {} has the lowest mean {metric}{}",
        result.answer,
        if near.is_empty() {
            "; every other candidate is significantly more expensive (paired intervals)".to_string()
        } else {
            format!(
                "; {} cannot be told apart from it (paired interval includes 0): the cost is flat there",
                near.join(", ")
            )
        }
    )?;
    if result.at_edge {
        writeln!(stdout, "{EDGE_NOTE}")?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// The report page of a target search: the candidates as a chart and a table.
fn target_report(
    result: &pl::PlanResult,
    target: &Target,
    aim: &str,
    lever: &Lever,
    (from, to): (u32, u32),
    facts: &[(String, String)],
) -> anyhow::Result<report::Report> {
    let unit = report::unit_of(&target.metric);
    let probability = target.probability.is_some();
    let points: Vec<PlanPoint> = result
        .candidates
        .iter()
        .map(|c| PlanPoint {
            staff: f64::from(c.staff),
            estimate: if probability { c.share_meeting } else { c.mean },
            bound: c.bound,
            meets: c.meets == Some(true),
        })
        .collect();
    let relation = if target.better == Better::Lower {
        "at most"
    } else {
        "at least"
    };
    let (y_label, chart_unit, line, line_label) = match target.probability {
        Some(p) => (
            format!(
                "share of futures with {} {relation} {}",
                target.metric,
                unit.format(target.bound)
            ),
            Unit::Share,
            p,
            format!("target: at least {} of futures", Unit::Share.format(p)),
        ),
        None => (
            format!("mean {}", target.metric),
            unit,
            target.bound,
            format!("target: {relation} {}", unit.format(target.bound)),
        ),
    };
    let title = format!("Plan: {} for {}", lever.describe(), target.metric);
    let bound_label = format!(
        "{:.0}% one-sided confidence bound",
        100.0 * target.confidence
    );
    let svg = plot::plan_chart(
        &PlanChart {
            title: &title,
            x_label: &lever.describe(),
            y_label: &y_label,
            unit: chart_unit,
            target: line,
            target_label: &line_label,
            bound_label: &bound_label,
        },
        &points,
    )?;
    let mut ordered: Vec<&pl::Candidate> = result.candidates.iter().collect();
    ordered.sort_by_key(|c| c.staff);
    let candidates = report::Table {
        header: [
            "staff",
            "replications",
            "mean",
            "share of futures meeting it",
            "confidence bound",
            "verdict",
        ]
        .map(String::from)
        .to_vec(),
        rows: ordered
            .iter()
            .map(|c| {
                vec![
                    c.staff.to_string(),
                    c.replications.to_string(),
                    unit.format(c.mean),
                    Unit::Share.format(c.share_meeting),
                    chart_unit.format(c.bound),
                    format!(
                        "{}{}",
                        match c.meets {
                            Some(true) => "meets the target",
                            Some(false) => "does not meet it",
                            None => "undecided (counted as no)",
                        },
                        if c.confirmation {
                            ", on the full replications (confirmation)"
                        } else {
                            ""
                        }
                    ),
                ]
            })
            .collect(),
        numeric: vec![true, true, true, true, true, false],
        marked: ordered
            .iter()
            .enumerate()
            .filter(|(_, c)| Some(c.staff) == result.answer)
            .map(|(i, _)| i)
            .collect(),
    };
    let answer = match result.answer {
        Some(value) => format!(
            "{value} ({}) is the smallest value in {from}..{to} that meets the target.",
            lever.describe()
        ),
        None => {
            let mut text = format!("Nothing in {from}..{to} meets the target; widen the range.");
            if let Some(note) = flat_note(&result.candidates) {
                text.push(' ');
                text.push_str(&note);
            }
            text
        }
    };
    Ok(report::plan_report(&report::PlanPage {
        title: &title,
        target: aim,
        answer: &answer,
        candidates: &candidates,
        chart_svg: &svg,
        caption: report::TARGET_CAPTION,
        facts,
    }))
}

/// Said when the cheapest candidate is an end of the range.
const EDGE_NOTE: &str = "note: the cheapest is at an end of the range, so the lowest cost may lie beyond it: widen the range";

/// Candidates up to this share above the cheapest appear in the cost chart.
const CHART_SPAN: f64 = 0.25;

/// The report page of a cost search: every candidate's mean cost with its interval.
fn cost_report(
    result: &pl::CostResult,
    metric: &str,
    lever: &Lever,
    confidence: f64,
    facts: &[(String, String)],
) -> anyhow::Result<report::Report> {
    let unit = report::unit_of(metric);
    let cheapest = result
        .candidates
        .iter()
        .find(|c| c.staff == result.answer)
        .map_or(f64::NAN, |c| c.mean);
    // The chart shows the candidates near the optimum; far ones would squash the axis.
    let shown: Vec<&pl::CostCandidate> = result
        .candidates
        .iter()
        .filter(|c| c.mean <= cheapest + CHART_SPAN * cheapest.abs())
        .collect();
    let labels: Vec<String> = shown.iter().map(|c| c.staff.to_string()).collect();
    let rows: Vec<IntervalRow<'_>> = shown
        .iter()
        .zip(&labels)
        .map(|(c, label)| IntervalRow {
            label,
            value: c.diff_to_best,
            low: c.diff_low,
            high: c.diff_high,
            emphasis: c.near_best,
        })
        .collect();
    let title = format!("Plan: {} with the lowest {metric}", lever.describe());
    let interval_label = format!("paired {:.0}% confidence interval", 100.0 * confidence);
    let svg = plot::interval_chart(
        &IntervalChart {
            title: &title,
            axis_label: &format!("{metric} minus that of the cheapest ({})", result.answer),
            unit,
            value_label: "mean difference over paired replications",
            interval_label: &interval_label,
            emphasis_label: Some("the cheapest, or within the noise of it"),
            reference: Some((0.0, "the cheapest")),
        },
        &rows,
    )?;
    let hidden = result.candidates.len() - shown.len();
    let caption = format!(
        "One row per staffing tried: how much more it costs than the cheapest, {}, with the paired confidence interval of that difference (the same simulated futures for every staffing, so the intervals are narrow). Highlighted rows cannot be told apart from the cheapest.{}",
        result.answer,
        if hidden > 0 {
            format!(
                " {hidden} candidate(s) costing more than {:.0}% above the cheapest are in the table only.",
                100.0 * CHART_SPAN
            )
        } else {
            String::new()
        }
    );
    let candidates = report::Table {
        header: [
            "staff",
            "replications",
            "mean",
            "interval",
            "difference to the cheapest",
            "paired interval",
            "",
        ]
        .map(String::from)
        .to_vec(),
        rows: result
            .candidates
            .iter()
            .map(|c| {
                vec![
                    c.staff.to_string(),
                    c.replications.to_string(),
                    unit.format(c.mean),
                    format!("{} to {}", unit.format(c.ci_low), unit.format(c.ci_high)),
                    unit.format(c.diff_to_best),
                    format!(
                        "{} to {}",
                        unit.format(c.diff_low),
                        unit.format(c.diff_high)
                    ),
                    if c.staff == result.answer {
                        "cheapest"
                    } else if c.near_best {
                        "within the noise"
                    } else {
                        ""
                    }
                    .to_string(),
                ]
            })
            .collect(),
        numeric: vec![true, true, true, true, true, true, false],
        marked: result
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.staff == result.answer)
            .map(|(i, _)| i)
            .collect(),
    };
    let near: Vec<String> = result
        .candidates
        .iter()
        .filter(|c| c.near_best && c.staff != result.answer)
        .map(|c| c.staff.to_string())
        .collect();
    let mut answer = if near.is_empty() {
        format!(
            "{} has the lowest mean {metric}; every other candidate is more expensive beyond the noise (paired intervals of the difference exclude zero).",
            result.answer
        )
    } else {
        format!(
            "{} has the lowest mean {metric}; {} cannot be told apart from it (their paired interval of the difference includes zero): the cost is flat there, and any of them is defensible.",
            result.answer,
            near.join(", ")
        )
    };
    if result.at_edge {
        answer.push(' ');
        answer.push_str(&EDGE_NOTE.replace("note: the", "The"));
        answer.push('.');
    }
    let aim = format!(
        "the lowest mean {metric}, searched over {}",
        lever.describe()
    );
    Ok(report::plan_report(&report::PlanPage {
        title: &title,
        target: &aim,
        answer: &answer,
        candidates: &candidates,
        chart_svg: &svg,
        caption: &caption,
        facts,
    }))
}

/// When the metric hardly moves (less than 1%) between the smallest and the largest staffing
/// tried, over a real stretch of the lever (three candidates or more, the largest at least 10%
/// and at least 5 above the smallest), more of this lever does not help: something else limits the metric.
fn flat_note(candidates: &[pl::Candidate]) -> Option<String> {
    let low = candidates.iter().min_by_key(|c| c.staff)?;
    let high = candidates.iter().max_by_key(|c| c.staff)?;
    let scale = low.mean.abs().max(high.mean.abs());
    let spread = f64::from(high.staff - low.staff);
    let stretch = candidates.len() >= 3 && spread >= (0.1 * f64::from(high.staff)).max(5.0);
    let flat = stretch && (high.mean - low.mean).abs() <= 0.01 * scale;
    flat.then(|| {
        format!(
            "note: the metric hardly moves over the staffing tried ({} at {}, {} at {}): this lever does not bind; another pool, the intake or the law limits it",
            short(low.mean),
            low.staff,
            short(high.mean),
            high.staff
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(staff: u32, mean: f64) -> pl::Candidate {
        pl::Candidate {
            staff,
            replications: 10,
            mean,
            share_meeting: 0.5,
            bound: mean,
            meets: Some(false),
            confirmation: false,
        }
    }

    #[test]
    fn a_flat_metric_is_called_out() {
        let flat = [
            candidate(300, 23_231.0),
            candidate(375, 23_214.0),
            candidate(450, 23_213.0),
        ];
        let note = flat_note(&flat).unwrap();
        assert!(
            note.contains("23231 at 300") && note.contains("does not bind"),
            "{note}"
        );
        let moving = [candidate(300, 23_231.0), candidate(450, 21_000.0)];
        assert_eq!(flat_note(&moving), None);
        assert_eq!(flat_note(&[candidate(300, 1.0)]), None);
        // Two neighbours, or a stretch too short to judge, say nothing.
        assert_eq!(flat_note(&flat[..2]), None);
        let short = [
            candidate(0, 23_359.0),
            candidate(1, 23_216.0),
            candidate(1, 23_216.0),
        ];
        assert_eq!(flat_note(&short), None);
    }
}
