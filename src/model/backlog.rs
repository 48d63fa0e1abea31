//! The initial backlog (werkvoorraad): cases already open at the start of the run, loaded from a
//! file or drawn by a synthetic generator, each placed at its current step with its real lodging
//! date, so its deadline and penalty state are right from time zero.

use crate::engine::Dist;
use crate::model::{CaseAttributes, CumulativeTable, StepIdx, StreamIdx};

/// The cases open at the start.
#[derive(Clone, Debug, Default)]
pub struct Backlog {
    /// Cases given one by one (from a CSV file), the same in every replication.
    pub cases: Vec<BacklogCase>,
    /// Cases drawn anew in every replication, one block per stream.
    pub synthetic: Vec<SyntheticBacklog>,
}

/// One open case at the start.
#[derive(Clone, Debug, PartialEq)]
pub struct BacklogCase {
    /// Stream, group, track, location and features.
    pub attrs: CaseAttributes,
    /// Lodging day relative to the start (0 or negative).
    pub lodged_day: i64,
    /// The step it is at (waiting for, or in, its activity).
    pub step: StepIdx,
    /// Day a notice of default was received, if known. A notice dated on or before the last day
    /// of the case's term has no legal effect (Awb 4:17 needs an expired term); it counts as
    /// received on the day after the term expired. A day after the start takes effect on that
    /// day, if the case is still open.
    pub notice_day: Option<i64>,
    /// Day of a court judgment on an appeal against not deciding in time, if known. A day after
    /// the start takes effect on that day, if the case is still open (a decision before it makes
    /// the appeal moot), and not at all after the run.
    pub judgment_day: Option<i64>,
    /// Whether the applicant has been heard (nader gehoor done).
    pub heard: bool,
}

/// A synthetic backlog of one stream: its size, the age profile, and the steps its cases are at.
/// Group, track, features and location are drawn as for arriving cases of the stream.
#[derive(Clone, Debug)]
pub struct SyntheticBacklog {
    /// The stream.
    pub stream: StreamIdx,
    /// Number of open cases.
    pub size: u32,
    /// Age of a case at the start (time since it was lodged), as minutes.
    pub age: Dist,
    /// The steps its cases are at, with cumulative shares.
    pub steps: Vec<StepIdx>,
    /// Cumulative shares of `steps`.
    pub step_shares: CumulativeTable,
    /// The block's own cumulative nationality-group shares, in group order; `None`: the
    /// stream's.
    pub groups: Option<CumulativeTable>,
}
