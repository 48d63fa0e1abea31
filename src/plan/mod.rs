//! Staffing search: the smallest size of one pool that meets a target on a metric with a stated
//! confidence, e.g. "P(wait) at most 0.2 with 90% confidence" (a target on the mean over
//! replications), or "at least 90% of 2027's decisions within term in at least 90% of the
//! simulated futures, with 90% confidence" (a target on the probability that one replication
//! meets the bound: [`Target::probability`]).
//!
//! The search is a bisection over whole staff numbers, assuming the metric improves with staff.
//! Every candidate runs with the same seed (common random numbers). A candidate meets the target
//! when the one-sided confidence bound is on the right side of it, fails when the opposite bound
//! is on the wrong side; when the interval straddles the target the candidate gets more
//! replications (doubling, up to a limit), so replications go where the answer is uncertain. A
//! candidate still undecided at the limit counts as failing (the answer errs on the safe side).
//! A candidate that meets the target on fewer replications than the limit is run again on the
//! full replications before it is the answer (a confirmation); if it fails there, the search
//! goes on above it with every candidate on the full replications. So the answer never rests
//! on a lucky first set of futures that its neighbours, run longer, did not share.
//! Looking at a candidate up to four times (the first replications, 2x, 4x, 8x) and stopping as
//! soon as a bound crosses the target would overstate the confidence, so each look uses the
//! confidence `1 - (1 - c) / looks` (Bonferroni over the looks): the verdict holds at `c`.
//! For a probability target the interval is the exact (Clopper-Pearson) one-sided bound on the
//! share of replications that meet the bound: showing a probability of 0.9 with 90% confidence
//! needs at least 22 replications, all meeting it, in one look; 36 at the per-look confidence
//! 0.975 (see below).
//!
//! What is turned is a [`Lever`]: the staff of one pool or several (a total split by present
//! size), or the new hires of a hiring plan. Besides targets, [`minimise`] finds the staffing
//! with the lowest expected cost.
//!
//! Key types: [`Target`], [`Candidate`], [`PlanResult`], [`search`], [`Lever`], [`minimise`].

mod costs;
mod lever;
mod minimise;
mod pages;
mod setup;
mod tables;
mod timing;

pub use costs::{AnswerCosts, COSTS_NOTE, PeriodCosts, answer_costs, run_answer};
pub use lever::{Lever, LeverError, LeverPool, split};
pub use minimise::{CostCandidate, CostResult, minimise};
pub use pages::{CHART_SPAN, EDGE_NOTE, aim, cost_report, flat_note, page_facts, target_report};
pub use setup::{FixedError, apply_fixed, drawn_setting, parse_range};
pub use tables::{
    answer_csv, answer_table, cost_heading, cost_table, target_heading, target_table, tried,
    tried_cost,
};
pub use timing::{
    QUARTER, Schedule, TIMING_NOTE, Timing, choose, parse_window, schedules, timing_csv,
    timing_section, timing_table,
};

use statrs::distribution::{Beta, ContinuousCDF, StudentsT};

use crate::compare::Better;
use crate::error::{RunError, ScenarioError};
use crate::experiment::{self, RunSettings};
use crate::scenario::Scenario;
use crate::stats::summarize;

/// What the staffing must achieve.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The metric.
    pub metric: String,
    /// The bound it must respect.
    pub bound: f64,
    /// Higher is better (the metric must be at least `bound`) or lower (at most).
    pub better: Better,
    /// Confidence of the statement, e.g. 0.9.
    pub confidence: f64,
    /// `None`: the mean over replications must respect `bound`. `Some(p)`: the share of
    /// replications (simulated futures) in which the metric respects `bound` must be at least `p`.
    pub probability: Option<f64>,
}

/// One candidate staffing tried.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Staff in the pool.
    pub staff: u32,
    /// Replications run.
    pub replications: u32,
    /// Mean of the metric.
    pub mean: f64,
    /// Share of replications in which the metric respects the target's bound.
    pub share_meeting: f64,
    /// One-sided confidence bound on the side of the target: on the mean (upper for "at most"),
    /// or for a probability target the lower bound on the share meeting it; at the per-look
    /// confidence ([`look_confidence`]).
    pub bound: f64,
    /// Whether it meets the target (`None`: undecided at the replication limit, counted as no).
    pub meets: Option<bool>,
    /// A confirmation run: the answer of the search, run again on the full replications.
    pub confirmation: bool,
}

/// The answer and its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanResult {
    /// The smallest staffing found to meet the target, if any in the range does.
    pub answer: Option<u32>,
    /// Every candidate tried, in the order tried.
    pub candidates: Vec<Candidate>,
}

/// A failure of the search.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// A candidate scenario was invalid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A run failed.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The metric does not exist.
    #[error("the scenario has no metric \"{0}\" (nor a monthly column at a month, COLUMN@YYYY-MM)")]
    NoMetric(String),
}

/// Searches `range` (inclusive) for the smallest staffing that meets `target`. `make` builds the
/// scenario for a staffing; `settings.replications` is the first number of replications per
/// candidate, up to 8 times that when undecided. `on_candidate` sees each candidate as soon as it
/// is decided (for progress output).
pub fn search(
    make: &dyn Fn(u32) -> Result<Scenario, ScenarioError>,
    range: (u32, u32),
    target: &Target,
    settings: RunSettings,
    on_candidate: &mut dyn FnMut(&Candidate),
) -> Result<PlanResult, PlanError> {
    let mut candidates = Vec::new();
    let first = settings.replications.max(2);
    let limit = first.saturating_mul(LIMIT_FACTOR);
    let (mut lo, hi) = range;
    let mut start = first;
    loop {
        let mut top = hi;
        let mut best: Option<Candidate> = None;
        while lo <= top {
            let mid = lo + (top - lo) / 2;
            let candidate = evaluate(make, mid, target, settings, start, limit, false)?;
            on_candidate(&candidate);
            candidates.push(candidate.clone());
            if candidate.meets == Some(true) {
                best = Some(candidate);
                if mid == 0 {
                    break;
                }
                top = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        let Some(found) = best else {
            return Ok(PlanResult {
                answer: None,
                candidates,
            });
        };
        if found.replications >= limit {
            return Ok(PlanResult {
                answer: Some(found.staff),
                candidates,
            });
        }
        // Met on fewer replications than the limit: the answer must hold on all of them.
        let check = evaluate(make, found.staff, target, settings, limit, limit, true)?;
        on_candidate(&check);
        let confirmed = check.meets == Some(true);
        candidates.push(check);
        if confirmed {
            return Ok(PlanResult {
                answer: Some(found.staff),
                candidates,
            });
        }
        // Not confirmed: search above it, every candidate on the full replications.
        lo = found.staff + 1;
        start = limit;
    }
}

/// Runs one candidate with `first` replications, doubling up to `limit` while undecided.
fn evaluate(
    make: &dyn Fn(u32) -> Result<Scenario, ScenarioError>,
    staff: u32,
    target: &Target,
    settings: RunSettings,
    first: u32,
    limit: u32,
    confirmation: bool,
) -> Result<Candidate, PlanError> {
    let scenario = make(staff)?;
    let mut replications = first;
    let confidence = look_confidence(target.confidence);
    loop {
        let run = experiment::run(
            &scenario,
            RunSettings {
                replications,
                ..settings
            },
            &|| {},
        )?;
        let values = run
            .values_of(&target.metric)
            .ok_or_else(|| PlanError::NoMetric(target.metric.clone()))?;
        let s = summarize(&values);
        let meeting = values
            .iter()
            .filter(|&&v| match target.better {
                Better::Lower => v <= target.bound,
                Better::Higher => v >= target.bound,
            })
            .count();
        let (near, meets) = match target.probability {
            Some(p) => {
                let (low, high) = share_bounds(meeting as u64, values.len() as u64, confidence);
                let meets = if low >= p {
                    Some(true)
                } else if high < p {
                    Some(false)
                } else {
                    None
                };
                (low, meets)
            }
            None => {
                let t = StudentsT::new(0.0, 1.0, (s.n.max(2) - 1) as f64)
                    .expect("valid degrees of freedom")
                    .inverse_cdf(confidence);
                let half = t * s.std_dev / (s.n as f64).sqrt();
                let (near, far) = match target.better {
                    Better::Lower => (s.mean + half, s.mean - half),
                    Better::Higher => (s.mean - half, s.mean + half),
                };
                let meets = match target.better {
                    Better::Lower if near <= target.bound => Some(true),
                    Better::Lower if far > target.bound => Some(false),
                    Better::Higher if near >= target.bound => Some(true),
                    Better::Higher if far < target.bound => Some(false),
                    _ => None,
                };
                (near, meets)
            }
        };
        if meets.is_some() || replications >= limit {
            return Ok(Candidate {
                staff,
                replications,
                mean: s.mean,
                share_meeting: meeting as f64 / values.len().max(1) as f64,
                bound: near,
                meets,
                confirmation,
            });
        }
        replications = (replications * 2).min(limit);
    }
}

/// A candidate gets at most this many times its first replications.
pub const LIMIT_FACTOR: u32 = 8;

/// The confidence of each look at a candidate, so that its verdict holds at `confidence` over
/// all its looks (1x, 2x, 4x and 8x the first replications: four looks).
pub fn look_confidence(confidence: f64) -> f64 {
    let looks = LIMIT_FACTOR.ilog2() + 1;
    1.0 - (1.0 - confidence) / f64::from(looks)
}

/// Exact (Clopper-Pearson) one-sided confidence bounds on a probability from `successes` out of
/// `trials`: the lower bound, and the upper bound, each at `confidence`.
pub fn share_bounds(successes: u64, trials: u64, confidence: f64) -> (f64, f64) {
    if trials == 0 {
        return (0.0, 1.0);
    }
    let (k, n) = (successes as f64, trials as f64);
    let low = if successes == 0 {
        0.0
    } else {
        Beta::new(k, n - k + 1.0)
            .expect("positive shapes")
            .inverse_cdf(1.0 - confidence)
    };
    let high = if successes >= trials {
        1.0
    } else {
        Beta::new(k + 1.0, n - k)
            .expect("positive shapes")
            .inverse_cdf(confidence)
    };
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::share_bounds;

    /// All of n: the lower bound solves p^n = 1 - confidence; none of n: 1 - (1 - c)^(1/n).
    #[test]
    fn clopper_pearson_edge_cases_in_closed_form() {
        let (low, high) = share_bounds(20, 20, 0.9);
        assert!((low - 0.1f64.powf(1.0 / 20.0)).abs() < 1e-9, "{low}");
        assert_eq!(high, 1.0);
        let (low, high) = share_bounds(0, 10, 0.95);
        assert_eq!(low, 0.0);
        assert!((high - (1.0 - 0.05f64.powf(0.1))).abs() < 1e-9, "{high}");
        // 22 of 22 is the fewest that shows 0.9 with 90% confidence; 36 of 36 at 97.5%, the
        // per-look confidence of a 90% verdict over four looks.
        assert_eq!(super::look_confidence(0.9), 0.975);
        assert!(share_bounds(35, 35, 0.975).0 < 0.9);
        assert!(share_bounds(36, 36, 0.975).0 >= 0.9);
        assert!(share_bounds(21, 21, 0.9).0 < 0.9);
        assert!(share_bounds(22, 22, 0.9).0 >= 0.9);
    }

    /// 7 of 10 at 95%: the exact bounds (as in R's binom.test, one-sided) 0.3933 and 0.9127.
    #[test]
    fn clopper_pearson_matches_reference_values() {
        let (low, high) = share_bounds(7, 10, 0.95);
        assert!((low - 0.3933).abs() < 5e-4, "{low}");
        assert!((high - 0.9127).abs() < 5e-4, "{high}");
    }
}
