//! The verdeelstation op locatie: a pool of individual officers with competences, experience and
//! part-time factors, in teams, and the dispatch rule that matches waiting cases to them.
//!
//! A case that has one of the pool's specialism features (e.g. conversion, LGBTI, an
//! unaccompanied minor) needs an officer with the competence for every such feature it has; a
//! case without them can go to anyone. Waiting cases queue per requirement, so a free officer
//! takes the best case it is competent for (by the pool's discipline, FIFO within equal keys),
//! never one it is not. Among free competent officers, a new case goes to the least-loaded (fewest
//! hours worked so far) or the most senior, as the scenario says.

use std::collections::BinaryHeap;

use crate::engine::SimTime;
use crate::model::Discipline;
use crate::model::case::CaseId;

/// One officer as the scenario defines them.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficerSpec {
    /// Work speed: experience level's productivity factor times part-time FTE (1.0 = a
    /// full-time regular officer).
    pub speed: f64,
    /// Feature bits this officer is competent for.
    pub competences: u32,
    /// Team (index into [`OfficerPool::teams`]).
    pub team: u16,
    /// Experience level.
    pub level: Level,
}

/// An officer's experience level, from the least to the most senior (the order seniority
/// dispatch goes by). Each level has a productivity factor in the scenario's `[levels]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// In training: slower than a regular officer.
    Trainee,
    /// A fully trained officer (factor 1.0 by convention).
    Regular,
    /// An experienced officer.
    Senior,
}

impl Level {
    /// Every level, from the least to the most senior.
    pub const ALL: [Level; 3] = [Level::Trainee, Level::Regular, Level::Senior];

    /// The level named `name` (as [`Level::as_str`] writes it), if there is one.
    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// The name as the scenario file and the officers table write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Trainee => "trainee",
            Level::Regular => "regular",
            Level::Senior => "senior",
        }
    }
}

/// How a free officer is chosen for a new case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dispatch {
    /// The competent free officer with the fewest hours worked so far.
    LeastLoaded,
    /// The most senior competent free officer (then the first listed).
    Seniority,
}

/// A pool in individual-officer mode.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficerPool {
    /// The officers; when leave or hiring lowers the staff present to `n`, the first `n` work.
    pub officers: Vec<OfficerSpec>,
    /// Team names.
    pub teams: Vec<String>,
    /// Feature bits that need a competent officer.
    pub specialisms: u32,
    /// The dispatch rule.
    pub dispatch: Dispatch,
}

/// An officer during a replication.
#[derive(Clone, Debug, Default)]
pub(crate) struct OfficerState {
    pub(crate) busy: bool,
    /// Minutes of working time spent on cases (in the window).
    pub(crate) worked: u64,
    /// Pieces of work started (in the window).
    pub(crate) started: u64,
    /// Pieces of work finished (in the window).
    pub(crate) finished: u64,
}

/// The waiting cases and officers of one officer pool.
#[derive(Clone, Debug)]
pub(crate) struct Desk {
    pub(crate) officers: Vec<OfficerState>,
    /// One queue per requirement (feature bits), ordered like [`crate::model::pool::WaitQueue`].
    queues: Vec<(u32, BinaryHeap<Waiting>)>,
    discipline: Discipline,
    next_seq: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key(u64, u64, u64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Waiting {
    key: Key,
    case: CaseId,
    ticket: u32,
}

impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Waiting {
    /// Reversed: the smallest key is served first.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.key.cmp(&self.key)
    }
}

impl Desk {
    pub(crate) fn new(spec: &OfficerPool, discipline: Discipline) -> Desk {
        Desk {
            officers: vec![OfficerState::default(); spec.officers.len()],
            queues: Vec::new(),
            discipline,
            next_seq: 0,
        }
    }

    /// The free officer among the first `present` that is competent for `requirement`, by the
    /// dispatch rule.
    pub(crate) fn free_officer(
        &self,
        spec: &OfficerPool,
        requirement: u32,
        present: usize,
    ) -> Option<usize> {
        let candidates = (0..present.min(self.officers.len())).filter(|&k| {
            !self.officers[k].busy && spec.officers[k].competences & requirement == requirement
        });
        match spec.dispatch {
            Dispatch::LeastLoaded => candidates.min_by_key(|&k| (self.officers[k].worked, k)),
            Dispatch::Seniority => {
                candidates.min_by_key(|&k| (std::cmp::Reverse(spec.officers[k].level), k))
            }
        }
    }

    /// Queues a case with the given requirement.
    pub(crate) fn push(
        &mut self,
        case: CaseId,
        requirement: u32,
        priority: u8,
        due: SimTime,
        ticket: u32,
    ) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let (major, minor) = match self.discipline {
            Discipline::Fifo => (0, 0),
            Discipline::Lifo => (0, u64::MAX - seq),
            Discipline::Priority => (u64::from(priority), 0),
            Discipline::Edf => (due.minutes(), 0),
            Discipline::PriorityEdf => (u64::from(priority), due.minutes()),
        };
        let waiting = Waiting {
            key: Key(major, minor, seq),
            case,
            ticket,
        };
        match self.queues.iter_mut().find(|(r, _)| *r == requirement) {
            Some((_, heap)) => heap.push(waiting),
            None => {
                let mut heap = BinaryHeap::new();
                heap.push(waiting);
                self.queues.push((requirement, heap));
            }
        }
    }

    /// Takes the best waiting case officer `competences` may work on, skipping stale entries.
    pub(crate) fn pick(
        &mut self,
        competences: u32,
        is_current: impl Fn(CaseId, u32) -> bool,
    ) -> Option<CaseId> {
        let mut best: Option<(Key, usize)> = None;
        for (idx, (requirement, heap)) in self.queues.iter_mut().enumerate() {
            if competences & *requirement != *requirement {
                continue;
            }
            while let Some(top) = heap.peek() {
                if is_current(top.case, top.ticket) {
                    break;
                }
                heap.pop();
            }
            if let Some(top) = heap.peek()
                && best.is_none_or(|(key, _)| top.key < key)
            {
                best = Some((top.key, idx));
            }
        }
        best.and_then(|(_, idx)| self.queues[idx].1.pop().map(|w| w.case))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::case::CaseArena;
    use crate::model::case::tests_support::dummy_case;

    fn pool(dispatch: Dispatch) -> OfficerPool {
        let officer = |competences, level| OfficerSpec {
            speed: 1.0,
            competences,
            team: 0,
            level,
        };
        OfficerPool {
            // Officer 0: no competences, senior; officer 1: conversion (bit 0), trainee.
            officers: vec![officer(0, Level::Senior), officer(0b1, Level::Trainee)],
            teams: vec!["a".into()],
            specialisms: 0b1,
            dispatch,
        }
    }

    #[test]
    fn competence_first_then_the_dispatch_rule() {
        let spec = pool(Dispatch::Seniority);
        let mut desk = Desk::new(&spec, Discipline::Fifo);
        assert_eq!(
            desk.free_officer(&spec, 0b1, 2),
            Some(1),
            "only officer 1 is competent"
        );
        assert_eq!(
            desk.free_officer(&spec, 0, 2),
            Some(0),
            "seniority: the senior"
        );
        assert_eq!(desk.free_officer(&spec, 0b1, 1), None, "officer 1 is away");
        desk.officers[1].busy = true;
        assert_eq!(desk.free_officer(&spec, 0b1, 2), None);
        let spec = pool(Dispatch::LeastLoaded);
        desk.officers[1].busy = false;
        desk.officers[0].worked = 100;
        assert_eq!(desk.free_officer(&spec, 0, 2), Some(1), "least loaded");
    }

    #[test]
    fn an_officer_never_takes_a_case_it_is_not_competent_for() {
        let spec = pool(Dispatch::LeastLoaded);
        let mut desk = Desk::new(&spec, Discipline::Fifo);
        let mut arena = CaseArena::with_capacity(4);
        let ids: Vec<CaseId> = (0..3).map(|_| arena.insert(dummy_case())).collect();
        desk.push(ids[0], 0b1, 0, SimTime::NEVER, 0); // needs conversion
        desk.push(ids[1], 0, 0, SimTime::NEVER, 0);
        desk.push(ids[2], 0b1, 0, SimTime::NEVER, 0);
        let all = |_: CaseId, _: u32| true;
        // Officer 0 (no competence) skips the conversion cases.
        assert_eq!(desk.pick(0, all), Some(ids[1]));
        assert_eq!(desk.pick(0, all), None);
        // Officer 1 takes them in arrival order.
        assert_eq!(desk.pick(0b1, all), Some(ids[0]));
        assert_eq!(desk.pick(0b1, all), Some(ids[2]));
    }
}
