//! Cost minimisation: the staffing with the lowest mean of a cost metric (e.g. `total_cost_eur`
//! = staff + reception + penalty payments + court costs), with the evidence of how sure that is.
//!
//! The search runs a coarse grid over the range (about nine points), then refines around the
//! best point with smaller steps down to one. Every candidate runs with the same seed (common
//! random numbers), so differences between candidates are paired. Where the answer is uncertain,
//! i.e. while some candidate's paired confidence interval of its difference to the best still
//! includes zero, the best and those candidates (the four closest to it) get twice the
//! replications (up to 8 times the first number). Candidates still within the noise at the end
//! are reported as such: the cost curve is flat there and any of them is a defensible choice.

use std::collections::BTreeMap;

use crate::compare::paired;
use crate::experiment::{self, RunSettings};
use crate::scenario::Scenario;
use crate::stats::summarize;

use super::PlanError;
use crate::error::ScenarioError;

/// At most this many candidates within the noise of the cheapest get more replications per
/// round.
const MAX_RIVALS: usize = 4;

/// One candidate of a cost search.
#[derive(Clone, Debug, PartialEq)]
pub struct CostCandidate {
    /// The lever's value.
    pub staff: u32,
    /// Replications run.
    pub replications: u32,
    /// Mean cost.
    pub mean: f64,
    /// Confidence interval of the mean (two-sided, at the search's confidence).
    pub ci_low: f64,
    /// See `ci_low`.
    pub ci_high: f64,
    /// Paired mean difference to the best candidate (zero for the best itself).
    pub diff_to_best: f64,
    /// Paired confidence interval of that difference.
    pub diff_low: f64,
    /// See `diff_low`.
    pub diff_high: f64,
    /// Whether the difference to the best is within the noise (its interval includes zero).
    pub near_best: bool,
}

/// The outcome of a cost search.
#[derive(Clone, Debug, PartialEq)]
pub struct CostResult {
    /// The candidate with the lowest mean.
    pub answer: u32,
    /// Every candidate tried, by staff.
    pub candidates: Vec<CostCandidate>,
    /// Evaluations in the order they ran: (staff, replications).
    pub evaluations: Vec<(u32, u32)>,
    /// The cheapest is an end of the range: the true optimum may lie beyond it.
    pub at_edge: bool,
}

/// Searches `range` (inclusive) for the value with the lowest mean of `metric`. `on_evaluation`
/// sees every run as it finishes: (value, replications, mean), for progress output.
pub fn minimise(
    make: &dyn Fn(u32) -> Result<Scenario, ScenarioError>,
    range: (u32, u32),
    metric: &str,
    confidence: f64,
    settings: RunSettings,
    on_evaluation: &mut dyn FnMut(u32, u32, f64),
) -> Result<CostResult, PlanError> {
    let (lo, hi) = range;
    let first = settings.replications.max(2);
    let limit = first.saturating_mul(super::LIMIT_FACTOR);
    let mut values: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    let mut evaluations = Vec::new();
    let mut run = |staff: u32, n: u32, values: &mut BTreeMap<u32, Vec<f64>>| {
        if values.get(&staff).is_some_and(|v| v.len() >= n as usize) {
            return Ok::<(), PlanError>(());
        }
        let scenario = make(staff)?;
        let result = experiment::run(
            &scenario,
            RunSettings {
                replications: n,
                ..settings
            },
            &|| {},
        )?;
        let column = result
            .values_of(metric)
            .ok_or_else(|| PlanError::NoMetric(metric.to_string()))?;
        evaluations.push((staff, n));
        on_evaluation(staff, n, summarize(&column).mean);
        values.insert(staff, column);
        Ok(())
    };
    let mut step = (hi - lo).div_ceil(8).max(1);
    let mut x = lo;
    loop {
        run(x, first, &mut values)?;
        if x >= hi {
            break;
        }
        x = (x + step).min(hi);
    }
    while step > 1 {
        let best = best_of(&values);
        let finer = step.div_ceil(3);
        let mut offset = finer;
        while offset < step {
            for candidate in [best.checked_sub(offset), best.checked_add(offset)]
                .into_iter()
                .flatten()
            {
                if (lo..=hi).contains(&candidate) {
                    run(candidate, first, &mut values)?;
                }
            }
            offset += finer;
        }
        step = finer;
    }
    // Spend replications where the answer is uncertain.
    loop {
        let best = best_of(&values);
        let n = values[&best].len() as u32;
        let mut near: Vec<(f64, u32)> = values
            .keys()
            .copied()
            .filter(|&s| s != best && near_best(&values, s, best, confidence))
            .map(|s| (paired(&values[&best], &values[&s], confidence).mean, s))
            .collect();
        if near.is_empty() || n >= limit {
            break;
        }
        // The closest rivals first; on a flat stretch of the cost curve the rest stay marked
        // as within the noise rather than each costing more replications.
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let near: Vec<u32> = near.into_iter().take(MAX_RIVALS).map(|(_, s)| s).collect();
        let more = (n * 2).min(limit);
        for staff in std::iter::once(best).chain(near) {
            run(staff, more, &mut values)?;
        }
    }
    let best = best_of(&values);
    let candidates = values
        .iter()
        .map(|(&staff, v)| {
            let s = summarize(v);
            let (low, high) = crate::stats::t_confidence_interval(v, confidence);
            let d = paired(&values[&best], v, confidence);
            CostCandidate {
                staff,
                replications: v.len() as u32,
                mean: s.mean,
                ci_low: low,
                ci_high: high,
                diff_to_best: if staff == best { 0.0 } else { d.mean },
                diff_low: if staff == best { 0.0 } else { d.ci_low },
                diff_high: if staff == best { 0.0 } else { d.ci_high },
                near_best: staff == best || !d.significant(),
            }
        })
        .collect();
    Ok(CostResult {
        answer: best,
        candidates,
        evaluations,
        at_edge: lo < hi && (best == lo || best == hi),
    })
}

/// The candidate with the lowest mean among those with the most replications (the smaller
/// staffing on a tie). Candidates with fewer replications were clearly worse than an earlier
/// best; they come back into play through [`near_best`] when that changes.
fn best_of(values: &BTreeMap<u32, Vec<f64>>) -> u32 {
    let most = values.values().map(Vec::len).max().unwrap_or(0);
    let mut best: Option<(u32, f64)> = None;
    for (&staff, v) in values.iter().filter(|(_, v)| v.len() == most) {
        let mean = summarize(v).mean;
        let better = match best {
            None => true,
            Some((_, m)) => mean < m || (m.is_nan() && !mean.is_nan()),
        };
        if better {
            best = Some((staff, mean));
        }
    }
    best.map_or(0, |(s, _)| s)
}

fn near_best(values: &BTreeMap<u32, Vec<f64>>, staff: u32, best: u32, confidence: f64) -> bool {
    !paired(&values[&best], &values[&staff], confidence).significant()
}
