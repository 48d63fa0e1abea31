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
    sections: &[report::PlanSection],
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
    // Short, so that the chart's title fits its width; the page names every pool.
    let title = format!("Plan: {} for {}", lever.short_describe(), target.metric);
    let bound_label = format!(
        "{:.0}% one-sided confidence bound",
        100.0 * target.confidence
    );
    let svg = plot::plan_chart(
        &PlanChart {
            title: &title,
            x_label: &lever.short_describe(),
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
            if let Some(note) = flat_note(&result.candidates, target.better) {
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
        sections,
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
    sections: &[report::PlanSection],
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
    let title = format!("Plan: {} with the lowest {metric}", lever.short_describe());
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
        sections,
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

/// Judges the whole curve of candidates tried (by staffing) for a lever that does not bind, when
/// the target was not met: the metric gets worse as the staffing grows (more than 1% from the
/// smallest to the largest tried, in the target's direction), or from some staffing on it no
/// longer improves by more than 1% over a real stretch of the lever (at least one candidate
/// beyond it, and the largest at least 10% and at least 5 above it). Says from where.
pub fn flat_note(candidates: &[pl::Candidate], better: Better) -> Option<String> {
    let mut tried: Vec<&pl::Candidate> = candidates.iter().collect();
    tried.sort_by_key(|c| c.staff);
    tried.dedup_by_key(|c| c.staff);
    if tried.len() < 3 {
        return None;
    }
    let sign = match better {
        Better::Lower => -1.0,
        Better::Higher => 1.0,
    };
    let gain = |a: &pl::Candidate, b: &pl::Candidate| sign * (b.mean - a.mean);
    let scale = tried.iter().map(|c| c.mean.abs()).fold(0.0, f64::max);
    let tolerance = 0.01 * scale;
    let (low, high) = (tried[0], tried[tried.len() - 1]);
    if gain(low, high) < -tolerance {
        return Some(format!(
            "note: the metric gets worse as the staffing grows ({} at {}, {} at {}): this lever works against the target; what more staff feed (another pool, the flows that return) limits it",
            short(low.mean),
            low.staff,
            short(high.mean),
            high.staff
        ));
    }
    let stop = (0..tried.len()).find(|&i| {
        tried[i + 1..]
            .iter()
            .all(|b| gain(tried[i], b) <= tolerance)
    })?;
    let from = tried[stop];
    let spread = f64::from(high.staff - from.staff);
    let stretch = tried.len() - stop >= 2 && spread >= (0.1 * f64::from(high.staff)).max(5.0);
    stretch.then(|| {
        format!(
            "note: from {} on the metric hardly moves ({} at {}, {} at {}): this lever stops binding there; another pool, the intake or the law limits it",
            from.staff,
            short(from.mean),
            from.staff,
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
        let note = flat_note(&flat, Better::Lower).unwrap();
        assert!(
            note.contains("from 300 on")
                && note.contains("23231 at 300")
                && note.contains("stops binding"),
            "{note}"
        );
        let moving = [candidate(300, 23_231.0), candidate(450, 21_000.0)];
        assert_eq!(flat_note(&moving, Better::Lower), None);
        assert_eq!(flat_note(&[candidate(300, 1.0)], Better::Lower), None);
        // Two neighbours, or a stretch too short to judge, say nothing.
        assert_eq!(flat_note(&flat[..2], Better::Lower), None);
        let short = [
            candidate(0, 23_359.0),
            candidate(1, 23_216.0),
            candidate(2, 23_216.0),
        ];
        assert_eq!(flat_note(&short, Better::Lower), None);
    }

    /// The case the ends alone missed: the backlog falls from 220 to 430 FTE, then stays flat
    /// and rises a little to 500. The whole curve says the lever stops binding at 430.
    #[test]
    fn the_whole_curve_shows_where_a_lever_stops_binding() {
        let curve = [
            candidate(220, 60_000.0),
            candidate(360, 31_000.0),
            candidate(430, 25_100.0),
            candidate(465, 25_050.0),
            candidate(500, 25_200.0),
        ];
        let note = flat_note(&curve, Better::Lower).unwrap();
        assert!(note.contains("from 430 on"), "{note}");
        // Worse with more staff (more decisions feed another pool's queue): said so.
        let worse = [
            candidate(1200, 42_840.0),
            candidate(1600, 45_935.0),
            candidate(2000, 47_521.0),
        ];
        let note = flat_note(&worse, Better::Lower).unwrap();
        assert!(note.contains("gets worse as the staffing grows"), "{note}");
        // The same numbers are an improvement when higher is better: no note.
        assert_eq!(flat_note(&worse, Better::Higher), None);
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
