//! Statistics: collectors inside one replication ([`Tally`], [`TimeWeighted`]) and summaries
//! across replications ([`Summary`]).
//!
//! **Invariant:** no I/O and no randomness. Collectors hold integer sums (minutes, level-minutes),
//! so per-replication results are exact and independent of summation order; the only floats are
//! the final ratios and the across-replication summaries, which are reduced in replication order.

mod observe;
mod quantile;
mod summary;
mod unit;

pub use observe::{DayHistogram, Tally, TimeWeighted};
pub use quantile::{quantile_interval, replications_for_interval};
pub use summary::{Summary, percentile, summarize, t_confidence_interval};
pub use unit::Unit;
