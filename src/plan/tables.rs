//! The candidates of a plan as the command's terminal table and as `plan.csv`: one function per
//! kind of search, returning both texts (the terminal's first, lines ended by `\n`).

use std::fmt::Write;

use crate::output;
use crate::plan::{self as pl, EDGE_NOTE, Lever, flat_note};

/// The first line of a target search: what it aims at (see [`aim`](crate::plan::aim)), over
/// which range of `lever`, with which seed.
pub fn target_heading(aim: &str, lever: &Lever, (from, to): (u32, u32), seed: u64) -> String {
    format!(
        "target: {aim}; {}, range {from}..{to}, seed {seed}\n",
        lever.describe()
    )
}

/// The first line of a search for the lowest mean `metric`.
pub fn cost_heading(
    metric: &str,
    lever: &Lever,
    (from, to): (u32, u32),
    seed: u64,
    confidence: f64,
) -> String {
    format!(
        "minimise: mean {metric}; {}, range {from}..{to}, seed {seed}, {:.0}% intervals\n",
        lever.describe(),
        100.0 * confidence
    )
}

/// The progress line of a candidate of a target search, once decided, its mean in `unit`.
pub fn tried(c: &pl::Candidate, unit: crate::stats::Unit) -> String {
    let verdict = match c.meets {
        Some(true) => "meets the target",
        Some(false) => "does not meet it",
        None => "undecided at the replication limit (counted as not meeting it)",
    };
    format!(
        "  tried {}: {} replications, mean {}, {verdict}",
        c.staff,
        c.replications,
        unit.format(c.mean)
    )
}

/// The progress line of a cost search's look at `value`: `n` replications, their mean in
/// `unit`.
pub fn tried_cost(value: u32, n: u32, mean: f64, unit: crate::stats::Unit) -> String {
    format!(
        "  tried {value}: {n} replications, mean {}",
        unit.format(mean)
    )
}

/// The candidates of a target search (over `from..=to` of `lever`) as the terminal's table with
/// the answer, and as `plan.csv`.
pub fn target_table(
    result: &pl::PlanResult,
    lever: &Lever,
    (from, to): (u32, u32),
    (unit, better): (crate::stats::Unit, crate::compare::Better),
) -> (String, String) {
    let v = |x: f64| output::value_in(unit, x);
    let mut stdout = String::new();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "staff",
            "replications",
            "mean",
            "share_meeting",
            "confidence_bound",
            "meets_target",
            "stage",
        ])
        .unwrap();
    writeln!(
        stdout,
        "\n{:>6} {:>12} {:>14} {:>14} {:>16} {:>8}",
        "staff", "replications", "mean", "share meeting", "bound", "meets"
    )
    .unwrap();
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
            unit.format(c.mean),
            crate::plot::format_percent(c.share_meeting),
            unit.format(c.bound),
            meets
        )
        .unwrap();
        let stage = if c.confirmation {
            "confirmation"
        } else {
            "search"
        };
        if c.confirmation {
            writeln!(stdout, "{:>6} (confirmation on the full replications)", "").unwrap();
        }
        writer
            .write_record([
                c.staff.to_string(),
                c.replications.to_string(),
                v(c.mean),
                output::number(c.share_meeting),
                v(c.bound),
                meets.to_string(),
                stage.to_string(),
            ])
            .unwrap();
    }
    match result.answer {
        Some(value) => writeln!(
            stdout,
            "\nanswer: {value} ({}) is the smallest in the range that meets the target",
            lever.describe()
        )
        .unwrap(),
        None => {
            writeln!(
                stdout,
                "\nnothing in {from}..{to} meets the target; widen the range"
            )
            .unwrap();
            if let Some(note) = flat_note(&result.candidates, better) {
                writeln!(stdout, "{note}").unwrap();
            }
        }
    }
    (stdout, csv_text(writer))
}

/// The candidates of a search for the lowest mean `metric` as the terminal's table with the
/// answer, and as `plan.csv`.
pub fn cost_table(
    result: &pl::CostResult,
    metric: &str,
    unit: crate::stats::Unit,
) -> (String, String) {
    let v = |x: f64| output::value_in(unit, x);
    let mut stdout = String::new();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "staff",
            "replications",
            "mean",
            "ci_low",
            "ci_high",
            "diff_to_best",
            "diff_ci_low",
            "diff_ci_high",
            "near_best",
        ])
        .unwrap();
    writeln!(
        stdout,
        "\n{:>6} {:>12} {:>16} {:>34} {:>16} {:>34}",
        "staff", "replications", "mean", "interval", "diff to best", "paired interval"
    )
    .unwrap();
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
            unit.format(c.mean),
            format!("[{}, {}]", unit.format(c.ci_low), unit.format(c.ci_high)),
            unit.format(c.diff_to_best),
            format!(
                "[{}, {}]",
                unit.format(c.diff_low),
                unit.format(c.diff_high)
            ),
        )
        .unwrap();
        writer
            .write_record([
                c.staff.to_string(),
                c.replications.to_string(),
                v(c.mean),
                v(c.ci_low),
                v(c.ci_high),
                v(c.diff_to_best),
                v(c.diff_low),
                v(c.diff_high),
                if c.near_best { "yes" } else { "no" }.to_string(),
            ])
            .unwrap();
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
    ).unwrap();
    if result.at_edge {
        writeln!(stdout, "{EDGE_NOTE}").unwrap();
    }
    (stdout, csv_text(writer))
}

/// The text of a CSV written into memory.
fn csv_text(writer: csv::Writer<Vec<u8>>) -> String {
    let bytes = writer.into_inner().expect("flushing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

/// `answer.csv`: how the answer splits over the lever's pools: `pool,month,today,new_size,hired`
/// (a staffing answer gives each pool's new size; a hiring answer each cohort, by month).
pub fn answer_csv(lever: &Lever, value: u32) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["pool", "month", "today", "new_size", "hired"])
        .unwrap();
    let hiring = matches!(lever, Lever::Hires { .. });
    for (pool, month, today, amount) in lever.split_of(value) {
        let amount = amount.to_string();
        let (size, hired) = if hiring {
            (String::new(), amount)
        } else {
            (amount, String::new())
        };
        writer
            .write_record([pool, month, output::number(today), size, hired])
            .unwrap();
    }
    csv_text(writer)
}

/// The answer's split for the terminal: one line per pool (and month).
pub fn answer_table(lever: &Lever, value: u32) -> String {
    let rows = lever.split_of(value);
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(4);
    let mut out = String::new();
    match lever {
        Lever::Staff(_) => {
            writeln!(out, "\nthe answer, {value}, over the pools:").unwrap();
            writeln!(
                out,
                "{:<width$} {:>10} {:>10} {:>10}",
                "pool", "today", "answer", "change"
            )
            .unwrap();
            for (pool, _, today, amount) in &rows {
                writeln!(
                    out,
                    "{pool:<width$} {:>10} {:>10} {:>+10}",
                    output::number(*today),
                    amount,
                    f64::from(*amount) - today
                )
                .unwrap();
            }
        }
        Lever::Hires { .. } => {
            writeln!(
                out,
                "\nthe answer, {value} hires, over the pools and months:"
            )
            .unwrap();
            writeln!(
                out,
                "{:<width$} {:>8} {:>10} {:>10}",
                "pool", "month", "today", "hired"
            )
            .unwrap();
            for (pool, month, today, amount) in &rows {
                writeln!(
                    out,
                    "{pool:<width$} {month:>8} {:>10} {amount:>10}",
                    output::number(*today)
                )
                .unwrap();
            }
        }
    }
    out
}
