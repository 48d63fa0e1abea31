//! The case-flow model: cases arrive from streams, follow a route of steps with probabilistic
//! branches, and at each step either wait a delay or need work from a staff pool, queueing in
//! front of it under a discipline (FIFO, priority classes, earliest deadline first, ...).
//!
//! Key types: [`Network`] (the validated definition a scenario compiles into) and
//! [`run_replication`], which simulates one replication and returns its [`Measurements`].
//! An M/M/c queue is the one-step special case; the asylum procedure is a larger network on
//! exactly the same code path.
//!
//! **Invariant:** no I/O, no `Deserialize`; every number comes from the [`Network`]. Random
//! numbers come only from [`RandomStreams`](crate::engine::RandomStreams).

mod backlog;
mod case;
pub mod catalogue;
mod desk;
mod intake;
mod legal;
mod litigation;
mod metrics;
mod monthly;
mod network;
mod policy;
mod pool;
mod staffing;
mod world;
mod yearly;

pub use backlog::{Backlog, BacklogCase, SyntheticBacklog};
pub use catalogue::{
    Catalogue, Clash, CostPart, Direction, MetricDef, MetricKey, MonthlyColumn, MonthlyDef,
};
pub use desk::{Dispatch, Level, OfficerPool, OfficerSpec};
pub use intake::{CountLaw, IntakeGenerator, IntakeModel};
pub use legal::{
    AdminRegime, CourtRegime, DAYS_PER_MONTH, DatedRate, DatedShare, LawSpec, Litigation,
    NoticeSpec, OrderHandling, RepeatOrder, Uptake,
};
pub use metrics::{Measurements, OfficerRecord};
pub use monthly::MonthlySeries;
pub use network::{
    Activity, ArrivalProcess, Attributes, BranchTable, CaseAttributes, Change, Condition,
    CumulativeTable, Discipline, FollowUp, FollowUpCount, GroupSpec, Network, Next, Outcome,
    OutcomeSpec, Phase, PoolIdx, PoolSpec, ReceptionCost, RoleSpec, SourceSpec, StepIdx, StepSpec,
    StreamIdx, StreamSpec, Target, TrackSpec, Worker, stream_outcomes,
};
pub use policy::{
    Assignment, BUILT_IN_ROUTES, BUILT_IN_TRACKS, BuiltInKind, BuiltInPolicy, Information,
    LocationPolicy, Policy, PolicyInput, PolicyRule, RoutingPolicy, RuleTable,
};
pub use staffing::{
    AppliedMove, Cohort, DEFAULT_TRAINING_MONTHS, HoursChange, LeaveDip, PoolStaff, Schedule,
    StaffMove, StaffPlan,
};
pub use world::{RunWindow, TraceRow, run_replication, trace_replication};
