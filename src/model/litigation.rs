//! Litigation work (procesvertegenwoordiging) at a pool: the IND's work on appeals against not
//! deciding in time, done by the same staff as case work.
//!
//! A job is not a case: it has no stream, no route and no legal dates, and it never counts in
//! the system's cases, their conservation, Little's law or the backlogs. It is its number of
//! productive minutes, drawn when its appeal is lodged, waiting in a per-pool FIFO until a
//! server is free. Jobs go before waiting cases (the court's procedural terms for the statement
//! of defence and the hearing do not wait), so a pool with jobs waiting has no free server.

use std::collections::VecDeque;

use crate::engine::{Dist, StreamRng};

/// The litigation jobs of one pool during a replication.
#[derive(Clone, Debug)]
pub(crate) struct LitigationQueue {
    /// Minutes of each job waiting for a server, in the order the appeals were lodged (the
    /// deque reaches a high-water mark, so a job allocates nothing after it).
    pending: VecDeque<u64>,
    /// The pool's own stream of job durations ([`Purpose::Litigation`](crate::engine::Purpose),
    /// indexed by the pool): the k-th job queued at a pool takes the same hours in every
    /// scenario run with the same seed.
    rng: StreamRng,
    /// Jobs waiting when the window started.
    pub(crate) pending_at_start: u64,
    /// Jobs queued in the window.
    pub(crate) queued: u64,
    /// Jobs started in the window.
    pub(crate) started: u64,
    /// Minutes of working time of the jobs started in the window.
    pub(crate) minutes_started: u64,
}

impl LitigationQueue {
    /// An empty queue drawing durations from `rng`.
    pub(crate) fn new(rng: StreamRng) -> LitigationQueue {
        LitigationQueue {
            pending: VecDeque::new(),
            rng,
            pending_at_start: 0,
            queued: 0,
            started: 0,
            minutes_started: 0,
        }
    }

    /// Draws the minutes of a new job from the pool's stream.
    pub(crate) fn draw(&mut self, hours: &Dist) -> u64 {
        hours.sample_minutes(&mut self.rng)
    }

    /// True when no job waits.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Puts a job of `minutes` at the back.
    pub(crate) fn push(&mut self, minutes: u64) {
        self.pending.push_back(minutes);
    }

    /// Takes the job that waited longest.
    pub(crate) fn pop(&mut self) -> Option<u64> {
        self.pending.pop_front()
    }

    /// Restarts the counts at the end of the warm-up: the jobs waiting then are the window's
    /// opening stock.
    pub(crate) fn restart_statistics(&mut self) {
        self.pending_at_start = self.pending.len() as u64;
        self.queued = 0;
        self.started = 0;
        self.minutes_started = 0;
    }

    /// Checks that the jobs balance over the window: waiting at its start + queued = started +
    /// waiting at the end.
    pub(crate) fn check(&self) -> Result<(), String> {
        let end = self.pending.len() as u64;
        if self.pending_at_start + self.queued == self.started + end {
            Ok(())
        } else {
            Err(format!(
                "litigation jobs not conserved: {} waiting at the window's start + {} queued != {} started + {end} waiting at the end",
                self.pending_at_start, self.queued, self.started
            ))
        }
    }
}
