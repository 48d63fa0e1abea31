//! The discrete-event kernel: simulation time, the event calendar, random-number streams and
//! duration distributions.
//!
//! Key types: [`SimTime`], [`EventQueue`], [`RandomStreams`], [`Dist`], [`WorkCalendar`].
//!
//! **Invariant:** this module knows nothing about asylum cases, pools or scenarios, and does no
//! I/O. Everything above it (the case-flow model, the asylum procedure) is built on these types.

mod calendar;
mod dist;
mod queue;
mod rng;
mod time;

pub use calendar::{WindowError, WorkCalendar};
pub use dist::{Dist, DistError, round_minutes};
pub use queue::EventQueue;
pub use rng::{CaseRng, CaseSeeder, LazyCaseRng, Purpose, RandomStreams, StreamRng, derive_seed};
pub use time::{MINUTES_PER_DAY, MINUTES_PER_HOUR, SimTime};
