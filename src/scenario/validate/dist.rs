//! Distributions: `{ dist = "...", <parameters> }` in the unit the key names (hours or days).

use crate::engine::{Dist, DistError};
use crate::scenario::file::{DistFile, DistKind};
use crate::scenario::validate::Problems;

/// Builds a distribution from its parameters, in the order the family lists them.
type DistBuilder = fn(&[f64]) -> Result<Dist, DistError>;

/// Converts a distribution in `unit_minutes` (60 for hours, 1440 for days) to minutes, checking
/// that exactly the parameters its family needs are given.
pub(super) fn dist(
    raw: &DistFile,
    unit_minutes: f64,
    field: &str,
    problems: &mut Problems,
) -> Option<Dist> {
    let (needed, build): (&[&str], DistBuilder) = match raw.dist {
        DistKind::Fixed => (&["value"], |p| Dist::fixed(p[0])),
        DistKind::Exponential => (&["mean"], |p| Dist::exponential(p[0])),
        DistKind::Uniform => (&["min", "max"], |p| Dist::uniform(p[0], p[1])),
        DistKind::Triangular => (&["min", "mode", "max"], |p| {
            Dist::triangular(p[0], p[1], p[2])
        }),
        DistKind::Lognormal => (&["mean", "cv"], |p| Dist::lognormal(p[0], p[1])),
        DistKind::Gamma => (&["mean", "cv"], |p| Dist::gamma(p[0], p[1])),
    };
    let given = [
        ("value", raw.value),
        ("mean", raw.mean),
        ("cv", raw.cv),
        ("min", raw.min),
        ("mode", raw.mode),
        ("max", raw.max),
    ];
    let family = format!("{:?}", raw.dist).to_lowercase();
    let mut ok = true;
    for (key, value) in given {
        let wanted = needed.contains(&key);
        if wanted && value.is_none() {
            ok = false;
            problems.add(
                field,
                format!("dist = \"{family}\" needs `{key}`"),
                format!("give {}", needed.join(", ")),
            );
        } else if !wanted && value.is_some() {
            ok = false;
            problems.add(
                field,
                format!("dist = \"{family}\" does not use `{key}`"),
                format!("remove `{key}`; this family takes {}", needed.join(", ")),
            );
        }
    }
    if !ok {
        return None;
    }
    // Parameters in the order `needed` lists them, first in the file's unit (so that a message
    // quotes the numbers as written), then in minutes; cv is a ratio and is not scaled.
    let in_file_units: Vec<f64> = needed
        .iter()
        .map(|key| {
            given
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| *v)
                .expect("checked above")
        })
        .collect();
    // A fixed duration of zero is allowed by the engine, not in a scenario.
    let first = in_file_units[0];
    if matches!(raw.dist, DistKind::Fixed) && (first.is_nan() || first <= 0.0) {
        problems.add(
            field,
            format!("value must be positive, got {first}"),
            "correct the parameters (the unit is in the key's name: _hours or _days)",
        );
        return None;
    }
    if let Err(reason) = build(&in_file_units) {
        problems.add(
            field,
            reason.to_string(),
            "correct the parameters (the unit is in the key's name: _hours or _days)",
        );
        return None;
    }
    let in_minutes: Vec<f64> = needed
        .iter()
        .zip(&in_file_units)
        .map(|(key, value)| {
            if *key == "cv" {
                *value
            } else {
                value * unit_minutes
            }
        })
        .collect();
    build(&in_minutes).ok()
}
