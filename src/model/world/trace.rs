//! The event log of one replication, for process mining: one row per activity a case goes
//! through (work at a step by a pool or an officer, or a delay), with when it was queued,
//! started and ended. Kept only when asked for (`trace_replication`): a replication without a
//! trace pays one `None` test per activity and allocates nothing.

use std::collections::HashMap;

use crate::engine::SimTime;
use crate::model::case::CaseId;
use crate::model::{PoolIdx, StepIdx};

/// One activity of one case.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TraceRow {
    /// The case: numbered from 1 in the order of their first activity.
    pub case: u64,
    /// The step (activity).
    pub step: StepIdx,
    /// The pool that did the work; `None` for a delay.
    pub pool: Option<PoolIdx>,
    /// The officer of an officer pool (an index into its officers); `None` otherwise.
    pub officer: Option<u16>,
    /// When the case was queued for the work (the start, for a delay).
    pub queued: SimTime,
    /// When the activity started.
    pub start: SimTime,
    /// When it ends (after the horizon for work still going on when the run stops).
    pub end: SimTime,
    /// The case's stream, track and location (indices into the network's lists).
    pub stream: u16,
    /// See `stream`.
    pub track: u8,
    /// See `stream`.
    pub location: u8,
}

/// The rows so far, and the number of every case seen.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    pub(crate) rows: Vec<TraceRow>,
    numbers: HashMap<CaseId, u64>,
}

impl Trace {
    /// Records `row` as an activity of case `id` (its `case` field is set here).
    pub(crate) fn record(&mut self, id: CaseId, mut row: TraceRow) {
        let next = self.numbers.len() as u64 + 1;
        row.case = *self.numbers.entry(id).or_insert(next);
        self.rows.push(row);
    }
}
