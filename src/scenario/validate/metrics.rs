//! `[metrics]`: figures a scenario asks for besides the built-in ones: `within_months`, the Ns of
//! the shares of a year's decisions that came within N calendar months of lodging.

use super::{Problems, bounds};
use crate::scenario::file::ScenarioFile;

/// The Ns of `[metrics] within_months`, in the file's order: whole months from 1 to 120, no two
/// alike, and only in a scenario with `[law]` (whose decisions are counted per calendar year).
pub(super) fn within_months(raw: &ScenarioFile, problems: &mut Problems) -> Vec<u8> {
    let Some(metrics) = &raw.metrics else {
        return Vec::new();
    };
    let (min, max) = bounds::WITHIN_MONTHS;
    let mut out: Vec<u8> = Vec::with_capacity(metrics.within_months.len());
    for (i, &months) in metrics.within_months.iter().enumerate() {
        let field = format!("metrics.within_months[{i}]");
        let fix = "list whole numbers of months, e.g. within_months = [6, 15]";
        if !bounds::check(problems, &field, months, (min, max), " months", fix) {
            continue;
        }
        if months.fract() != 0.0 {
            problems.add(
                field,
                format!("must be a whole number of months, got {months}"),
                fix,
            );
            continue;
        }
        let months = months as u8;
        if out.contains(&months) {
            problems.add(
                field,
                format!("{months} months is listed twice"),
                "list each number of months once",
            );
            continue;
        }
        out.push(months);
    }
    if !out.is_empty() && raw.law.is_none() {
        problems.add(
            "metrics.within_months",
            "the shares within N months are shares of a year's decisions, which are counted only in a scenario with [law]",
            "add [law] with the decision terms (and a start_date), or remove within_months",
        );
    }
    out
}
