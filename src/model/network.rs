//! The validated definition of a case-flow network: pools, steps and streams.
//!
//! Built by [`crate::scenario`] from a scenario file; every index in it points at an existing
//! pool or step, every branch's cumulative probabilities end at exactly 1, and every step can
//! reach the exit. The simulation relies on these facts and does not check them again.

use crate::engine::Dist;

/// Index of a pool in [`Network::pools`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PoolIdx(pub u16);

/// Index of a step in [`Network::steps`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StepIdx(pub u16);

/// Index of a stream in [`Network::streams`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamIdx(pub u16);

/// A validated case-flow network.
#[derive(Clone, Debug)]
pub struct Network {
    /// Staff pools, each with its own queue.
    pub pools: Vec<PoolSpec>,
    /// Steps of the routes.
    pub steps: Vec<StepSpec>,
    /// Where cases come from.
    pub streams: Vec<StreamSpec>,
}

/// A pool of interchangeable staff (servers) with one waiting queue.
#[derive(Clone, Debug)]
pub struct PoolSpec {
    /// Name, snake_case; used in metric names (`utilisation_<name>`).
    pub name: String,
    /// Number of staff working in parallel, each on one case at a time.
    pub servers: u32,
    /// The order in which waiting cases are taken.
    pub discipline: Discipline,
}

/// The order in which a pool takes waiting cases. Disciplines are non-preemptive: work in
/// progress is never interrupted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Discipline {
    /// First come, first served.
    Fifo,
    /// Last come, first served.
    Lifo,
    /// Lowest priority class first (0 is most urgent); FIFO within a class.
    Priority,
    /// Earliest deadline first; FIFO among equal deadlines. Cases without a deadline go last.
    Edf,
    /// Lowest priority class first, then earliest deadline, then FIFO.
    PriorityEdf,
}

/// One step of a route.
#[derive(Clone, Debug)]
pub struct StepSpec {
    /// Name, snake_case.
    pub name: String,
    /// What happens at the step.
    pub activity: Activity,
    /// Where the case goes afterwards.
    pub next: Next,
}

/// What a case does at a step.
#[derive(Clone, Debug)]
pub enum Activity {
    /// Needs `work` minutes of one server of `pool` (queueing if none is free).
    Work {
        /// The pool that does the work.
        pool: PoolIdx,
        /// Work content in minutes.
        work: Dist,
    },
    /// Waits `duration` minutes without using staff (e.g. a lawyer's reply).
    Delay {
        /// Duration in minutes.
        duration: Dist,
    },
}

/// Where a case goes after a step.
#[derive(Clone, Debug)]
pub enum Next {
    /// Always the same place.
    Go(Target),
    /// A probabilistic branch; `cumulative` probabilities are increasing and the last is 1.
    Branch(Vec<Branch>),
}

/// One arm of a probabilistic branch.
#[derive(Clone, Copy, Debug)]
pub struct Branch {
    /// Cumulative probability up to and including this arm.
    pub cumulative: f64,
    /// Where this arm leads.
    pub target: Target,
}

/// A destination: another step, or leaving the system (completion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Continue at this step.
    Step(StepIdx),
    /// The case is complete and leaves.
    Exit,
}

/// A stream of arriving cases.
#[derive(Clone, Debug)]
pub struct StreamSpec {
    /// Name, snake_case; used in per-stream metric names.
    pub name: String,
    /// When cases arrive.
    pub arrivals: ArrivalProcess,
    /// The first step of every case.
    pub entry: StepIdx,
    /// Priority class of its cases (0 is most urgent).
    pub priority: u8,
    /// Deadline of a case, in minutes after its arrival (for earliest-deadline-first).
    pub due_after: Option<u64>,
}

/// An arrival process.
#[derive(Clone, Debug)]
pub enum ArrivalProcess {
    /// Independent, identically distributed inter-arrival times (exponential: a Poisson process).
    Renewal {
        /// Time between arrivals, in minutes.
        interarrival: Dist,
    },
}
