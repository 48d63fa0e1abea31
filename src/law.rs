//! The law as data and pure functions: statutory decision terms (beslistermijnen) and penalty
//! payments (dwangsommen).
//!
//! Key types: [`Cents`], [`PenaltySchedule`], [`TermRules`].
//!
//! **Invariant:** no simulation state, no randomness, no I/O. Every amount, tier, cap and term
//! comes from the scenario; money is integer euro cents, days are whole days.

mod penalty;
mod term;

pub use penalty::{Cents, PenaltySchedule, ScheduleError, Tier};
pub use term::{
    Extension, LodgedRange, MAX_EXTENSIONS, TermLength, TermRegime, TermRules, requirement_order,
};
