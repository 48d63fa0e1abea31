//! The measurements of one replication: a value per metric of the scenario's
//! [`Catalogue`](crate::model::Catalogue), in its order, the monthly series and the officers'
//! records. Names live in the catalogue, once per scenario, not here.

use crate::model::MonthlySeries;

/// The metric values of one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurements {
    /// Values, parallel to the catalogue's metrics; NaN where undefined (e.g. a mean of no
    /// observations).
    pub values: Vec<f64>,
    /// Events handled in the replication (for performance figures).
    pub n_events: u64,
    /// Cases that arrived over the whole run, warm-up included (for performance figures).
    pub n_arrivals_total: u64,
    /// The monthly series, for scenarios with a start date.
    pub monthly: Option<MonthlySeries>,
    /// One record per officer of every officer pool (the verdeelstation), in pool order.
    pub officers: Vec<OfficerRecord>,
}

/// What one officer did in a replication (in the window).
#[derive(Clone, Debug, PartialEq)]
pub struct OfficerRecord {
    /// The pool.
    pub pool: String,
    /// Position of the officer in the pool (0-based, in the order the scenario lists them).
    pub officer: usize,
    /// The officer's team.
    pub team: String,
    /// Experience level: trainee, regular or senior.
    pub level: &'static str,
    /// Pieces of work started.
    pub started: u64,
    /// Pieces of work finished.
    pub finished: u64,
    /// Hours of working time spent.
    pub hours: f64,
    /// At work on a case when the run ended.
    pub busy_at_end: bool,
}
