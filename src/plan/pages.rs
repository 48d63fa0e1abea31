//! The report page of a plan (`report.html`): the candidates as a chart and a table, the
//! answer in words, and the facts of the search; and the notes on a result that the terminal and
//! the page share (a lever that does not bind, a cheapest candidate at an end of the range).

use crate::compare::Better;
use crate::console::short;
use crate::plan::{self as pl, Lever, Target};
use crate::plot::{self, IntervalChart, IntervalRow, PlanChart, PlanPoint, PlotError, Unit};
use crate::report::{self, Report};

/// The report page of a target search: the candidates as a chart and a table.
pub fn target_report(
    result: &pl::PlanResult,
    (target, unit): (&Target, Unit),
    aim: &str,
    lever: &Lever,
    (from, to): (u32, u32),
    facts: &[(String, String)],
) -> Result<Report, PlotError> {
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
pub const EDGE_NOTE: &str = "note: the cheapest is at an end of the range, so the lowest cost may lie beyond it: widen the range";

/// Candidates up to this share above the cheapest appear in the cost chart.
pub const CHART_SPAN: f64 = 0.25;

/// The report page of a cost search: every candidate's mean cost with its interval.
pub fn cost_report(
    result: &pl::CostResult,
    (metric, unit): (&str, Unit),
    lever: &Lever,
    confidence: f64,
    facts: &[(String, String)],
) -> Result<Report, PlotError> {
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

/// What a target asks, in words: "mean METRIC at most BOUND", or with a probability "METRIC at
/// least BOUND in at least P% of replications".
pub fn aim(target: &Target) -> String {
    let relation = if target.better == Better::Lower {
        "at most"
    } else {
        "at least"
    };
    match target.probability {
        None => format!("mean {} {relation} {}", target.metric, target.bound),
        Some(p) => format!(
            "{} {relation} {} in at least {}% of replications",
            target.metric,
            target.bound,
            100.0 * p
        ),
    }
}

/// The facts of a search for its report page: the scenario file, the lever and its range, the
/// seed, the replications, the confidence, the fixed settings (`PATH=VALUE` as given) and the
/// version of asielsim.
pub fn page_facts(
    scenario: &std::path::Path,
    lever: &Lever,
    (from, to): (u32, u32),
    settings: crate::experiment::RunSettings,
    confidence: f64,
    fixed: &[String],
) -> Vec<(String, String)> {
    let mut facts = vec![
        ("scenario".to_string(), scenario.display().to_string()),
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
            format!("{:.0}%", 100.0 * confidence),
        ),
    ];
    for text in fixed {
        facts.push(("fixed setting".to_string(), text.clone()));
    }
    facts.push((
        "asielsim".to_string(),
        env!("CARGO_PKG_VERSION").to_string(),
    ));
    facts
}

/// When the metric hardly moves (less than 1%) between the smallest and the largest staffing
/// tried, over a real stretch of the lever (three candidates or more, the largest at least 10%
/// and at least 5 above the smallest), more of this lever does not help: something else limits the metric.
pub fn flat_note(candidates: &[pl::Candidate]) -> Option<String> {
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

    #[test]
    fn an_aim_states_the_bound_and_the_probability() {
        let mut target = Target {
            metric: "wait_probability".into(),
            bound: 0.2,
            better: Better::Lower,
            confidence: 0.9,
            probability: None,
        };
        assert_eq!(aim(&target), "mean wait_probability at most 0.2");
        target.better = Better::Higher;
        target.probability = Some(0.9);
        assert_eq!(
            aim(&target),
            "wait_probability at least 0.2 in at least 90% of replications"
        );
    }
}
