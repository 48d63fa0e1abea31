//! The law as data and pure functions: statutory decision terms (beslistermijnen) and penalty
//! payments (dwangsommen).
//!
//! Key types: [`Cents`], [`PenaltySchedule`], [`TermRules`], [`TermTable`] (the rules of a run in
//! day numbers).
//!
//! **Invariant:** no simulation state, no randomness, no I/O. Every amount, tier, cap and term
//! comes from the scenario; money is integer euro cents, days are whole days.

mod penalty;
mod term;
mod term_table;

pub use penalty::{Cents, PenaltySchedule, ScheduleError, Tier};
pub use term::{
    Extension, LodgedRange, MAX_EXTENSIONS, TermLength, TermRegime, TermRules, requirement_order,
};
pub use term_table::TermTable;
