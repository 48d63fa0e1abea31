//! Sensitivity: which uncertain input drives an answer.
//!
//! One at a time, with common random numbers: the *base* has every uncertain input at its
//! median and every uncertain change in effect when its probability is at least one half; then
//! each input is set to its 5th and to its 95th percentile (the others at the base), and each
//! uncertain change is switched the other way. Every configuration is a scenario without
//! uncertainty, run with the same seed and replications, so its difference to the base is paired
//! replication by replication and its confidence interval carries no noise of the draws. The
//! inputs are ranked by their swing (the distance between their two ends' means): a tornado.

use std::path::Path;

use crate::error::{RunError, ScenarioError};
use crate::experiment::{self, Experiment, RunSettings};
use crate::scenario::{self, Scenario};
use crate::stats::t_confidence_interval;
use crate::uncertain::{Draw, Uncertainty};

/// The percentiles of an input's distribution its two ends are set to.
pub const ENDS: (f64, f64) = (0.05, 0.95);

/// Why a sensitivity analysis cannot be done.
#[derive(Debug, thiserror::Error)]
pub enum SensitivityError {
    /// The scenario has nothing uncertain.
    #[error(
        "the scenario has no [[uncertain]] input and no change with a probability: nothing to vary\n  fix: add [[uncertain]] entries (see the README, \"What we do not know\")"
    )]
    NothingUncertain,
    /// The metric is not one of the scenario's.
    #[error(
        "the scenario has no metric \"{0}\"\n  fix: use a name `asielsim metrics SCENARIO` lists, or COLUMN@YYYY-MM"
    )]
    NoMetric(String),
    /// A configuration is refused.
    #[error("{what}: {source}")]
    Scenario {
        /// Which configuration.
        what: String,
        /// Why.
        #[source]
        source: Box<ScenarioError>,
    },
    /// A run failed.
    #[error(transparent)]
    Run(#[from] RunError),
}

/// One end of one input (or change): its value, the metric's mean there and the paired
/// difference to the base with its 95% confidence interval.
#[derive(Clone, Debug, PartialEq)]
pub struct End {
    /// The input's value (for a change: 1 in effect, 0 not).
    pub value: f64,
    /// The metric's mean over the replications.
    pub mean: f64,
    /// The mean of the paired differences to the base.
    pub diff: f64,
    /// The 95% confidence interval of that difference.
    pub diff_ci: (f64, f64),
}

/// The effect of one uncertain input or change on the metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// The input's name, or `change:<name>`.
    pub name: String,
    /// The input at its low end (5th percentile), or the change not in effect.
    pub low: End,
    /// The input at its high end (95th percentile), or the change in effect.
    pub high: End,
}

impl Effect {
    /// How far the metric moves between the two ends: the distance between their paired
    /// differences to the base (NaN when either is undefined).
    pub fn swing(&self) -> f64 {
        (self.high.diff - self.low.diff).abs()
    }
}

/// A sensitivity analysis of one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    /// The metric.
    pub metric: String,
    /// The metric's unit.
    pub unit: crate::stats::Unit,
    /// Its mean with every input at the base.
    pub base_mean: f64,
    /// The effects, largest swing first.
    pub effects: Vec<Effect>,
    /// Replications per configuration.
    pub replications: u32,
    /// Configurations run.
    pub runs: usize,
}

/// The base draw of `uncertainty`: medians, and changes in effect when likelier than not.
pub fn base_draw(uncertainty: &Uncertainty) -> Draw {
    Draw {
        values: uncertainty.inputs.iter().map(|i| i.dist.median()).collect(),
        changes: uncertainty
            .changes
            .iter()
            .map(|c| c.probability >= 0.5)
            .collect(),
    }
}

/// The sensitivity of `metric` to every uncertain input and change of `scenario`, as the
/// module describes; `on_run` hears of each configuration as it starts.
pub fn analyse(
    scenario: &Scenario,
    metric: &str,
    settings: RunSettings,
    on_run: &dyn Fn(&str),
) -> Result<Sensitivity, SensitivityError> {
    let uncertainty = &scenario.uncertainty;
    if uncertainty.is_empty() {
        return Err(SensitivityError::NothingUncertain);
    }
    if scenario.catalogue.target(metric).is_none() {
        return Err(SensitivityError::NoMetric(metric.to_string()));
    }
    let base = base_draw(uncertainty);
    let run = |what: &str, draw: &Draw| -> Result<Vec<f64>, SensitivityError> {
        on_run(what);
        let made = made(uncertainty, draw, &scenario.path).map_err(|source| {
            SensitivityError::Scenario {
                what: what.to_string(),
                source: Box::new(source),
            }
        })?;
        let experiment: Experiment = experiment::run(&made, settings, &|| {})?;
        experiment
            .values_of(metric)
            .ok_or_else(|| SensitivityError::NoMetric(metric.to_string()))
    };
    let base_values = run("base", &base)?;
    // Undefined values (a mean wait where nothing started) are left out; nothing defined gives
    // NaN, never 0.
    let mean = |v: &[f64]| {
        let finite: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        if finite.is_empty() {
            f64::NAN
        } else {
            finite.iter().sum::<f64>() / finite.len() as f64
        }
    };
    let end = |value: f64, values: &[f64]| {
        let diffs: Vec<f64> = values
            .iter()
            .zip(&base_values)
            .map(|(a, b)| a - b)
            .filter(|d| d.is_finite())
            .collect();
        End {
            value,
            mean: mean(values),
            diff: mean(&diffs),
            diff_ci: t_confidence_interval(&diffs, 0.95),
        }
    };
    let mut effects = Vec::new();
    let mut runs = 1;
    for (k, input) in uncertainty.inputs.iter().enumerate() {
        let mut ends = Vec::new();
        for (p, label) in [(ENDS.0, "5th"), (ENDS.1, "95th")] {
            let mut draw = base.clone();
            draw.values[k] = input.dist.quantile(p);
            let values = run(&format!("{} at its {label} percentile", input.name), &draw)?;
            runs += 1;
            ends.push(end(draw.values[k], &values));
        }
        let high = ends.pop().expect("two ends");
        let low = ends.pop().expect("two ends");
        effects.push(Effect {
            name: input.name.clone(),
            low,
            high,
        });
    }
    for (k, change) in uncertainty.changes.iter().enumerate() {
        let mut draw = base.clone();
        draw.changes[k] = !draw.changes[k];
        let what = format!(
            "change {} {}",
            change.name,
            if draw.changes[k] {
                "in effect"
            } else {
                "not in effect"
            }
        );
        let values = run(&what, &draw)?;
        runs += 1;
        let switched = end(f64::from(u8::from(draw.changes[k])), &values);
        let at_base = end(f64::from(u8::from(base.changes[k])), &base_values);
        let (low, high) = if draw.changes[k] {
            (at_base, switched)
        } else {
            (switched, at_base)
        };
        effects.push(Effect {
            name: format!("change:{}", change.name),
            low,
            high,
        });
    }
    // Largest swing first; undefined swings last.
    effects.sort_by(|a, b| {
        let key = |e: &Effect| {
            let s = e.swing();
            if s.is_nan() { f64::NEG_INFINITY } else { s }
        };
        key(b).total_cmp(&key(a))
    });
    Ok(Sensitivity {
        metric: metric.to_string(),
        unit: scenario.catalogue.unit_of(metric),
        base_mean: mean(&base_values),
        effects,
        replications: settings.replications,
        runs,
    })
}

/// The scenario without uncertainty that `draw` gives.
fn made(uncertainty: &Uncertainty, draw: &Draw, path: &Path) -> Result<Scenario, ScenarioError> {
    scenario::parse_table(uncertainty.table_of(draw), path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_swing_is_the_distance_between_the_paired_differences() {
        let end = |mean, diff| End {
            value: 0.0,
            mean,
            diff,
            diff_ci: (diff, diff),
        };
        let e = Effect {
            name: "x".into(),
            low: end(5.0, 1.0),
            high: end(2.0, -2.0),
        };
        assert_eq!(e.swing(), 3.0);
        let undefined = Effect {
            name: "y".into(),
            low: end(f64::NAN, f64::NAN),
            high: end(1.0, 0.5),
        };
        assert!(undefined.swing().is_nan());
    }
}
