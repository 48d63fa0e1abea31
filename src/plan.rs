//! Staffing search: the smallest size of one pool that meets a target on a metric with a stated
//! confidence, e.g. "P(wait) at most 0.2 with 90% confidence".
//!
//! The search is a bisection over whole staff numbers, assuming the metric improves with staff.
//! Every candidate runs with the same seed (common random numbers). A candidate meets the target
//! when the one-sided confidence bound is on the right side of it, fails when the opposite bound
//! is on the wrong side; when the interval straddles the target the candidate gets more
//! replications (doubling, up to a limit), so replications go where the answer is uncertain. A
//! candidate still undecided at the limit counts as failing (the answer errs on the safe side).
//!
//! Key types: [`Target`], [`Candidate`], [`PlanResult`], [`search`].

use statrs::distribution::{ContinuousCDF, StudentsT};

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
    /// One-sided confidence bound on the side of the target (upper for "at most").
    pub bound: f64,
    /// Whether it meets the target (`None`: undecided at the replication limit, counted as no).
    pub meets: Option<bool>,
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
    #[error("the scenario has no metric \"{0}\"")]
    NoMetric(String),
}

/// Searches `range` (inclusive) for the smallest staffing that meets `target`. `make` builds the
/// scenario for a staffing; `settings.replications` is the first number of replications per
/// candidate, up to 8 times that when undecided.
pub fn search(
    make: &dyn Fn(u32) -> Result<Scenario, ScenarioError>,
    range: (u32, u32),
    target: &Target,
    settings: RunSettings,
) -> Result<PlanResult, PlanError> {
    let mut candidates = Vec::new();
    let (mut lo, mut hi) = range;
    let mut best = None;
    while lo <= hi {
        let mid = lo + (hi - lo) / 2;
        let candidate = evaluate(make, mid, target, settings)?;
        let meets = candidate.meets == Some(true);
        candidates.push(candidate);
        if meets {
            best = Some(mid);
            if mid == 0 {
                break;
            }
            hi = mid - 1;
        } else {
            lo = mid + 1;
        }
    }
    Ok(PlanResult {
        answer: best,
        candidates,
    })
}

fn evaluate(
    make: &dyn Fn(u32) -> Result<Scenario, ScenarioError>,
    staff: u32,
    target: &Target,
    settings: RunSettings,
) -> Result<Candidate, PlanError> {
    let scenario = make(staff)?;
    let limit = settings.replications.saturating_mul(8);
    let mut replications = settings.replications.max(2);
    loop {
        let run = experiment::run(
            &scenario,
            RunSettings {
                replications,
                ..settings
            },
            &|| {},
        )?;
        let idx = run
            .metric_names
            .iter()
            .position(|n| *n == target.metric)
            .ok_or_else(|| PlanError::NoMetric(target.metric.clone()))?;
        let values = run.column(idx);
        let s = summarize(&values);
        let t = StudentsT::new(0.0, 1.0, (s.n.max(2) - 1) as f64)
            .expect("valid degrees of freedom")
            .inverse_cdf(target.confidence);
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
        if meets.is_some() || replications >= limit {
            return Ok(Candidate {
                staff,
                replications,
                mean: s.mean,
                bound: near,
                meets,
            });
        }
        replications = (replications * 2).min(limit);
    }
}
