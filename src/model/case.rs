//! Cases (entities) and the arena that stores them.
//!
//! Cases live in a slab: a `Vec` of slots plus a free list. A finished case's slot is reused, so
//! memory grows with the number of cases *open at once*, not with all cases ever, and after the
//! high-water mark no arrival allocates. A [`CaseId`] carries the slot's generation, so an event
//! that outlives its case (a deadline after the decision, say) is recognised as stale.

use crate::engine::{CaseRng, SimTime};
use crate::model::legal::CaseLegal;
use crate::model::{CaseAttributes, PoolIdx, StepIdx};

/// A handle to a case: slot index plus generation (unique over a replication: a reused slot
/// has a new generation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct CaseId {
    slot: u32,
    generation: u32,
}

/// One case moving through the network.
#[derive(Clone, Debug)]
pub(crate) struct Case {
    /// Its stream, group, track, location and features.
    pub(crate) attrs: CaseAttributes,
    /// Priority class (0 is most urgent).
    pub(crate) priority: u8,
    /// The step it is at.
    pub(crate) step: StepIdx,
    /// When it arrived (time 0 for a case in the initial backlog).
    pub(crate) arrived: SimTime,
    /// Minutes it had already been open before the run started (backlog cases; else 0).
    pub(crate) open_before_start: u64,
    /// Its deadline as a queue key (see [`due_time`](crate::model::world::due_time)), or
    /// [`SimTime::NEVER`].
    pub(crate) due: SimTime,
    /// When its first work started, or [`SimTime::NEVER`] before that.
    pub(crate) first_work: SimTime,
    /// When it arrived at its current work step (and joined the queue, if it had to wait).
    pub(crate) queued_at: SimTime,
    /// Its own stream for work and delay durations.
    pub(crate) durations: CaseRng,
    /// Its own stream for branch outcomes.
    pub(crate) branching: CaseRng,
    /// Its own stream for the behaviour of its applicant (notice, appeal).
    pub(crate) behaviour: CaseRng,
    /// Its own stream for its applicant's patience in queues (unused without `patience_days`).
    pub(crate) patience: CaseRng,
    /// When its applicant withdraws from the queue it waits in, or [`SimTime::NEVER`]: a
    /// patience event of another time is stale.
    pub(crate) withdraws_at: SimTime,
    /// Its legal dates (unused without law).
    pub(crate) legal: CaseLegal,
    /// The pool whose queue it is waiting in, if any.
    pub(crate) waiting_at: Option<PoolIdx>,
    /// Its current queue ticket: queue entries with an older ticket are stale.
    pub(crate) ticket: u32,
    /// Procedure phases it has passed through (bits of [`Phase::bit`](crate::model::Phase)).
    pub(crate) phases: u8,
    /// The outcome of its decision so far (index into the network's outcomes), or
    /// [`NO_OUTCOME`].
    pub(crate) outcome: u8,
    /// Its own stream for the follow-ons its decision brings (unused without `[[follow_up]]`).
    pub(crate) follow_ups: CaseRng,
}

/// The outcome of a case that has passed no step with an outcome.
pub(crate) const NO_OUTCOME: u8 = u8::MAX;

#[derive(Clone, Debug)]
struct Slot {
    generation: u32,
    case: Option<Case>,
}

/// The store of open cases.
#[derive(Clone, Debug, Default)]
pub(crate) struct CaseArena {
    slots: Vec<Slot>,
    free: Vec<u32>,
    n_open: usize,
}

impl CaseArena {
    /// An empty arena with room for `capacity` open cases.
    pub(crate) fn with_capacity(capacity: usize) -> CaseArena {
        CaseArena {
            slots: Vec::with_capacity(capacity),
            free: Vec::with_capacity(capacity),
            n_open: 0,
        }
    }

    /// Stores a new case and returns its handle.
    #[inline]
    pub(crate) fn insert(&mut self, case: Case) -> CaseId {
        self.n_open += 1;
        if let Some(slot) = self.free.pop() {
            let entry = &mut self.slots[slot as usize];
            entry.case = Some(case);
            CaseId {
                slot,
                generation: entry.generation,
            }
        } else {
            let slot = u32::try_from(self.slots.len()).expect("fewer than 2^32 open cases");
            self.slots.push(Slot {
                generation: 0,
                case: Some(case),
            });
            CaseId {
                slot,
                generation: 0,
            }
        }
    }

    /// The case behind `id`, if it is still open.
    pub(crate) fn get(&self, id: CaseId) -> Option<&Case> {
        let entry = self.slots.get(id.slot as usize)?;
        if entry.generation == id.generation {
            entry.case.as_ref()
        } else {
            None
        }
    }

    /// The case behind `id`, mutably, if it is still open.
    #[inline]
    pub(crate) fn get_mut(&mut self, id: CaseId) -> Option<&mut Case> {
        let entry = self.slots.get_mut(id.slot as usize)?;
        if entry.generation == id.generation {
            entry.case.as_mut()
        } else {
            None
        }
    }

    /// Frees the slot of the case behind `id` (dropping the case where it lies, without moving
    /// it out); a stale handle does nothing.
    #[inline]
    pub(crate) fn free(&mut self, id: CaseId) {
        if let Some(entry) = self.slots.get_mut(id.slot as usize)
            && entry.generation == id.generation
            && entry.case.is_some()
        {
            entry.case = None;
            entry.generation = entry.generation.wrapping_add(1);
            self.free.push(id.slot);
            self.n_open -= 1;
        }
    }

    /// Number of open cases.
    pub(crate) fn len(&self) -> usize {
        self.n_open
    }

    /// All open cases, in slot order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Case> {
        self.slots.iter().filter_map(|slot| slot.case.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(step: u16) -> Case {
        Case {
            step: StepIdx(step),
            ..tests_support::dummy_case()
        }
    }

    #[test]
    fn slots_are_reused_and_stale_handles_refused() {
        let mut arena = CaseArena::with_capacity(2);
        let a = arena.insert(case(1));
        let b = arena.insert(case(2));
        assert_eq!(arena.len(), 2);
        assert_eq!(arena.get(a).unwrap().step, StepIdx(1));
        arena.free(a);
        assert!(arena.get(a).is_none(), "a freed case is gone");
        arena.free(a);
        assert_eq!(arena.len(), 1, "freeing twice does nothing");
        let c = arena.insert(case(3));
        assert_eq!(c.slot, a.slot, "the freed slot is reused");
        assert!(arena.get(a).is_none(), "the old handle stays stale");
        assert_eq!(arena.get(c).unwrap().step, StepIdx(3));
        assert_eq!(arena.get(b).unwrap().step, StepIdx(2));
        assert_eq!(arena.len(), 2);
        assert_eq!(arena.iter().count(), 2);
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    use rand::SeedableRng;

    use super::*;

    /// A case with arbitrary fields, for tests of structures that only hold handles.
    pub(crate) fn dummy_case() -> Case {
        Case {
            attrs: CaseAttributes::default(),
            priority: 0,
            step: StepIdx(0),
            arrived: SimTime::ZERO,
            open_before_start: 0,
            due: SimTime::NEVER,
            first_work: SimTime::NEVER,
            queued_at: SimTime::ZERO,
            durations: CaseRng::seed_from_u64(1),
            branching: CaseRng::seed_from_u64(2),
            behaviour: CaseRng::seed_from_u64(3),
            patience: CaseRng::seed_from_u64(4),
            withdraws_at: SimTime::NEVER,
            legal: CaseLegal::new(0, i64::MAX),
            waiting_at: None,
            ticket: 0,
            phases: 0,
            outcome: NO_OUTCOME,
            follow_ups: CaseRng::seed_from_u64(5),
        }
    }
}
