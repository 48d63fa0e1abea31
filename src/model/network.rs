//! The validated definition of a case-flow network: pools, steps, case streams and the case
//! attributes they draw.
//!
//! Built by [`crate::scenario`] from a scenario file; every index in it points at an existing
//! pool, step, group, track, location or feature, every probability table is complete and ends
//! at exactly 1, every step can reach the exit, and no cycle consists only of instant steps. The
//! simulation relies on these facts and does not check them again.

use crate::calendar::{Dates, RunMonths};
use crate::engine::{Dist, SimTime, WorkCalendar};
use crate::model::{Backlog, Information, IntakeModel, LawSpec, OfficerPool, Policy, StaffPlan};

/// Index of a pool in [`Network::pools`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PoolIdx(pub u16);

/// Index of a step in [`Network::steps`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StepIdx(pub u16);

/// Index of a case stream in [`Network::streams`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StreamIdx(pub u16);

/// A validated case-flow network.
#[derive(Clone, Debug)]
pub struct Network {
    /// Staff pools, each with its own queue.
    pub pools: Vec<PoolSpec>,
    /// Roles: the same kind of staff at each location (e.g. hearing officers).
    pub roles: Vec<RoleSpec>,
    /// Steps of the routes.
    pub steps: Vec<StepSpec>,
    /// Case streams: what arriving cases are.
    pub streams: Vec<StreamSpec>,
    /// Arrival sources: when cases of a stream (and possibly a fixed group) arrive.
    pub sources: Vec<SourceSpec>,
    /// Case attributes drawn at arrival.
    pub attributes: Attributes,
    /// Working calendars referred to by pools.
    pub calendars: Vec<WorkCalendar>,
    /// Decision terms and penalty payments, when the scenario has them.
    pub law: Option<LawSpec>,
    /// Cases open at the start.
    pub backlog: Backlog,
    /// The calendar date of time zero, when the scenario has one.
    pub dates: Option<Dates>,
    /// The calendar months of the run, when the scenario has a start date.
    pub months: Option<RunMonths>,
    /// The verkeerstoren's policy.
    pub policy: Policy,
    /// What the verkeerstoren knows of new cases; `None` is perfect information.
    pub information: Option<Information>,
    /// Payroll cost of all pools over the observation window, when the scenario gives a cost
    /// per FTE-year (deterministic: it follows the staffing plan, not the replication).
    /// Derived from [`Network::staff_plan`] by [`Network::restaff`].
    pub staff_cost_eur: Option<f64>,
    /// The same payroll cost per calendar year of the window, in year order (empty without
    /// dates or without a cost per FTE-year); sums to [`Network::staff_cost_eur`].
    pub staff_cost_by_year_eur: Vec<(i16, f64)>,
    /// The staff of every pool over time, from which the pools' servers and capacity changes
    /// and the payroll cost are derived ([`Network::restaff`]). The engine does not read it.
    pub staff_plan: StaffPlan,
    /// The cost of a day that a case waits (reception), when the scenario gives one.
    pub reception: Option<ReceptionCost>,
    /// The network as it stands from later dates on (`[[change]]`), in date order; empty when
    /// nothing changes. Each holds a whole network with the same pools, steps, streams and
    /// attributes (indices mean the same in all), differing only in what a change may set.
    pub changes: Vec<Change>,
    /// The Ns of the shares of a year's decisions that came within N calendar months of
    /// lodging (`[metrics] within_months`), in the scenario's order; each 1 to 120, no two
    /// alike.
    pub within_months: Vec<u8>,
    /// The outcomes a decision can have (`[[outcome]]`); empty when the scenario declares none.
    /// A step's [`StepSpec::outcome`] indexes it; with outcomes, every way to the exit sets one.
    pub outcomes: Vec<OutcomeSpec>,
    /// Cases that a decision brings later (`[[follow_up]]`): family reunification after a grant,
    /// an annulled decision, a failed Dublin transfer, a subsequent application.
    pub follow_ups: Vec<FollowUp>,
}

/// An outcome of a decision (`[[outcome]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeSpec {
    /// Name, snake_case; used in metric names (`decided_<outcome>`).
    pub name: String,
    /// True when the outcome grants protection (a residence permit).
    pub granted: bool,
}

/// Follow-on cases of decisions (`[[follow_up]]`): a decision with one of `outcomes` on a case
/// of one of `streams` brings a number of follow-ons (a Bernoulli or Poisson count per group),
/// each `lag` after the decision; a follow-on that is not thinned out by `factor` comes back as
/// a case of stream `into` at step `step` with the share `returns`, and is only counted
/// otherwise.
#[derive(Clone, Debug)]
pub struct FollowUp {
    /// Name, snake_case; used in metric names (`follow_ups_<name>`, `returned_<name>`).
    pub name: String,
    /// Per outcome (by index): whether a decision with it triggers follow-ons.
    pub outcomes: Vec<bool>,
    /// Per stream (by index): whether its decisions trigger follow-ons.
    pub streams: Vec<bool>,
    /// The stream the follow-on cases belong to.
    pub into: StreamIdx,
    /// The step they enter at.
    pub step: StepIdx,
    /// How many follow-ons one decision brings.
    pub count: FollowUpCount,
    /// The share of follow-ons that come back as a case (the others are only counted).
    pub returns: f64,
    /// Time from the decision to the follow-on (its arrival, or the judgment that returns it),
    /// in minutes.
    pub lag: Dist,
    /// A thinning factor by the day the follow-on falls on: `(first day, factor)` in day order;
    /// before the first day the factor is 1.
    pub factor: Vec<(i64, f64)>,
    /// The track of a follow-on case (otherwise drawn as for its stream).
    pub track: Option<u8>,
    /// The decision term of a follow-on case from its arrival (otherwise its stream's term
    /// rules, lodged on the day it arrives).
    pub term: Option<crate::law::TermLength>,
}

impl FollowUp {
    /// The thinning factor of a follow-on that falls on `day`.
    pub fn factor_on(&self, day: i64) -> f64 {
        self.factor
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .map_or(1.0, |(_, factor)| *factor)
    }
}

/// How many follow-ons one decision brings, per nationality group (by index).
#[derive(Clone, Debug, PartialEq)]
pub enum FollowUpCount {
    /// One with this probability (`share`).
    Bernoulli(Vec<f64>),
    /// A Poisson number with this mean (`per_case`).
    Poisson(Vec<f64>),
}

impl FollowUpCount {
    /// The count for a case of `group`, from one uniform draw `u` in [0, 1) by inversion, so
    /// a larger share or mean never gives fewer follow-ons for the same draw.
    pub fn count(&self, group: usize, u: f64) -> u32 {
        match self {
            FollowUpCount::Bernoulli(p) => u32::from(u < p[group]),
            FollowUpCount::Poisson(mean) => {
                let mean = mean[group];
                let mut p = (-mean).exp();
                let mut cumulative = p;
                let mut k = 0u32;
                // Twenty standard deviations above the mean the tail is below floating-point
                // resolution: a draw that rounding leaves above every cumulative stops there.
                let most = (mean + 20.0 * mean.sqrt() + 20.0) as u32;
                while u >= cumulative && k < most {
                    k += 1;
                    p *= mean / f64::from(k);
                    cumulative += p;
                }
                k
            }
        }
    }

    /// The largest mean count over the groups.
    pub fn max_mean(&self) -> f64 {
        let (FollowUpCount::Bernoulli(v) | FollowUpCount::Poisson(v)) = self;
        v.iter().copied().fold(0.0, f64::max)
    }
}

/// The network as it stands from a date on: the scenario with every `[[change]]` up to that date
/// applied. The engine switches to it at 00:00 of its day, before any other event of that
/// minute, and reads every rule from it from then on (a step's work when the work starts, its
/// routing when a case leaves it, the policy when a case arrives, the law on the day of each
/// legal event). Pools, calendars, arrival sources and the backlog are those of the base
/// network (staff moves and hours are dated in the [`StaffPlan`] itself).
#[derive(Clone, Debug)]
pub struct Change {
    /// Names of the `[[change]]` entries that take effect on this date, in file order.
    pub names: Vec<String>,
    /// The date from which it holds.
    pub date: jiff::civil::Date,
    /// That date as a day number of the run (above 0).
    pub day: i64,
    /// The network from that date on; its own `changes` is empty.
    pub network: Network,
    /// Whether a change up to this date set or removed part of the policy; if not, the policy
    /// is the base network's ([`Network::set_routing`] keeps it so).
    pub policy_changed: bool,
}

impl Network {
    /// The pools that may do litigation work under this network's court regimes (a role's
    /// pools at every location), in pool order; empty without `litigation`.
    pub fn litigation_pools(&self) -> Vec<PoolIdx> {
        let mut pools: Vec<PoolIdx> = Vec::new();
        let regimes = self.law.iter().flat_map(|law| &law.court);
        for litigation in regimes.filter_map(|court| court.litigation.as_ref()) {
            match litigation.worker {
                Worker::Pool(pool) => pools.push(pool),
                Worker::Role(role) => pools.extend(&self.roles[usize::from(role)].pool_at),
            }
        }
        pools.sort_by_key(|p| p.0);
        pools.dedup();
        pools
    }

    /// Puts `routing` (e.g. a policy written in Rust) in place of the scenario's routing policy,
    /// from the start and after every dated change that leaves the policy as it was (a change
    /// that sets its own policy keeps it from its date on).
    pub fn set_routing(&mut self, routing: std::sync::Arc<dyn crate::model::RoutingPolicy>) {
        for change in self.changes.iter_mut().filter(|c| !c.policy_changed) {
            change.network.policy.routing = routing.clone();
        }
        self.policy.routing = routing;
    }
}

/// The reception cost (opvang) of open cases: a rate per case-day for the streams it applies to
/// (nareis family members, for example, wait abroad).
#[derive(Clone, Debug, PartialEq)]
pub struct ReceptionCost {
    /// Euro per day that one case is open.
    pub per_day_eur: f64,
    /// Per stream: whether its open days cost reception.
    pub streams: Vec<bool>,
}

/// The attributes a case carries, as declared by the scenario. Every list has at least one
/// entry (a scenario without groups has one implicit group, and so on), except features.
#[derive(Clone, Debug, Default)]
pub struct Attributes {
    /// Nationality groups with their case mix.
    pub groups: Vec<GroupSpec>,
    /// Tracks (sporen).
    pub tracks: Vec<TrackSpec>,
    /// Locations.
    pub locations: Vec<String>,
    /// Complexity features (at most 32), by bit.
    pub features: Vec<String>,
    /// Route variants the verkeerstoren can choose (at least one).
    pub routes: Vec<String>,
}

/// A nationality group: the mix of tracks and features of its cases.
#[derive(Clone, Debug)]
pub struct GroupSpec {
    /// Name, snake_case.
    pub name: String,
    /// Track of a case, by cumulative probability (after switched-off tracks are folded into
    /// their fallbacks).
    pub tracks: CumulativeTable,
    /// Probability of each feature bit, drawn independently.
    pub features: Vec<(u32, f64)>,
}

/// A track (spoor).
#[derive(Clone, Debug)]
pub struct TrackSpec {
    /// Name, snake_case.
    pub name: String,
}

/// A discrete distribution over indices `0..n`, as cumulative probabilities ending at 1.
#[derive(Clone, Debug, PartialEq)]
pub struct CumulativeTable {
    /// `cumulative[i]` = P(index <= i); the last entry is exactly 1.
    pub cumulative: Vec<f64>,
}

impl CumulativeTable {
    /// The table that always yields index 0.
    pub fn single() -> CumulativeTable {
        CumulativeTable {
            cumulative: vec![1.0],
        }
    }

    /// The index a uniform draw `u` in [0, 1) selects.
    #[inline]
    pub fn pick(&self, u: f64) -> usize {
        self.cumulative
            .iter()
            .position(|&c| u < c)
            .unwrap_or(self.cumulative.len() - 1)
    }
}

/// A pool of interchangeable staff (servers) with one waiting queue.
#[derive(Clone, Debug)]
pub struct PoolSpec {
    /// Name, snake_case; used in metric names (`utilisation_<name>`).
    pub name: String,
    /// Staff working in parallel at the start, each on one case at a time.
    pub servers: u32,
    /// Changes of the number of staff over time, in time order (leave, hiring); derived from
    /// [`Network::staff_plan`].
    pub capacity_changes: Vec<(SimTime, u32)>,
    /// The order in which waiting cases are taken.
    pub discipline: Discipline,
    /// Index in [`Network::calendars`] of the working calendar; `None` works around the clock.
    pub calendar: Option<usize>,
    /// Multiplies the work content of every step this pool does (below 1 when support staff take
    /// administrative hours off it).
    pub work_factor: f64,
    /// Individual officers (the verdeelstation); `None` for an aggregate pool of servers.
    pub officers: Option<OfficerPool>,
}

/// A role: one pool per location for the same kind of work.
#[derive(Clone, Debug)]
pub struct RoleSpec {
    /// Name, snake_case.
    pub name: String,
    /// The pool of the role at each location, by location index.
    pub pool_at: Vec<PoolIdx>,
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
    /// The procedure phase the step belongs to, if it matters for metrics.
    pub phase: Option<Phase>,
    /// True when finishing the step means the applicant has been heard (nader gehoor).
    pub hearing: bool,
    /// A priority class for the queue of this step; a case queues with the more urgent of this
    /// and its own.
    pub priority: Option<u8>,
    /// The outcome (index into [`Network::outcomes`]) a case gets when it passes this step; the
    /// last one set counts.
    pub outcome: Option<u8>,
}

impl StepSpec {
    /// Where the step can send cases, whatever the conditions of its rules: every rule's target,
    /// and every arm of a branch that has a positive probability for some group.
    pub fn targets(&self) -> Vec<Target> {
        let outcomes: Vec<&Outcome> = match &self.next {
            Next::Always(outcome) => vec![outcome],
            Next::Rules(rules) => rules.iter().map(|(_, o)| o).collect(),
        };
        let mut out = Vec::new();
        for outcome in outcomes {
            match outcome {
                Outcome::Go(target) => out.push(*target),
                Outcome::Branch(table) => {
                    for (arm, target) in table.targets.iter().enumerate() {
                        let positive = table.by_group.iter().any(|cum| {
                            let previous = if arm == 0 {
                                0.0
                            } else {
                                cum.cumulative[arm - 1]
                            };
                            cum.cumulative[arm] > previous
                        });
                        if positive {
                            out.push(*target);
                        }
                    }
                }
            }
        }
        out
    }
}

/// Per stream, the outcomes (by index, `n_outcomes` of them) its cases can get: those set on the
/// steps that can be reached from where its cases start (its entry, the steps its backlog cases
/// and the follow-ups into it start at), whatever the conditions of the rules on the way.
pub fn stream_outcomes(
    steps: &[StepSpec],
    streams: &[StreamSpec],
    backlog: &crate::model::Backlog,
    follow_ups: &[FollowUp],
    n_outcomes: usize,
) -> Vec<Vec<bool>> {
    let mut starts: Vec<Vec<usize>> = streams
        .iter()
        .map(|s| vec![usize::from(s.entry.0)])
        .collect();
    let mut start = |stream: usize, step: StepIdx| {
        if let Some(list) = starts.get_mut(stream) {
            list.push(usize::from(step.0));
        }
    };
    for case in &backlog.cases {
        start(usize::from(case.attrs.stream), case.step);
    }
    for block in &backlog.synthetic {
        for &step in &block.steps {
            start(usize::from(block.stream.0), step);
        }
    }
    for f in follow_ups {
        start(usize::from(f.into.0), f.step);
    }
    starts
        .iter()
        .map(|from| {
            let mut outcomes = vec![false; n_outcomes];
            let mut seen = vec![false; steps.len()];
            let mut stack: Vec<usize> = from.iter().copied().filter(|&s| s < steps.len()).collect();
            while let Some(s) = stack.pop() {
                if std::mem::replace(&mut seen[s], true) {
                    continue;
                }
                if let Some(slot) = steps[s]
                    .outcome
                    .and_then(|o| outcomes.get_mut(usize::from(o)))
                {
                    *slot = true;
                }
                for target in steps[s].targets() {
                    if let Target::Step(t) = target {
                        stack.push(usize::from(t.0));
                    }
                }
            }
            outcomes
        })
        .collect()
}

/// Phases of the asylum procedure that metrics distinguish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The general asylum procedure (algemene asielprocedure).
    Aa,
    /// The extended asylum procedure (verlengde asielprocedure).
    Va,
}

impl Phase {
    /// The bit of this phase in a case's set of phases seen.
    pub fn bit(self) -> u8 {
        match self {
            Phase::Aa => 1,
            Phase::Va => 2,
        }
    }
}

/// Who does the work of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Worker {
    /// A fixed pool.
    Pool(PoolIdx),
    /// The pool of a role at the case's location (index into [`Network::roles`]).
    Role(u16),
}

/// What a case does at a step.
#[derive(Clone, Debug)]
pub enum Activity {
    /// Needs `work` minutes of one server (queueing if none is free).
    Work {
        /// Who does the work.
        worker: Worker,
        /// Work content in minutes (of working time, when the pool has a calendar).
        work: Dist,
    },
    /// Waits `duration` minutes without using staff (e.g. a lawyer's reply).
    Delay {
        /// Duration in clock minutes.
        duration: Dist,
    },
    /// Takes no time: only routes the case on (a decision point).
    Instant,
}

/// Where a case goes after a step.
#[derive(Clone, Debug)]
pub enum Next {
    /// An outcome for every case.
    Always(Outcome),
    /// The outcome of the first rule whose condition the case meets; the last rule has no
    /// condition, so there always is one.
    Rules(Vec<(Condition, Outcome)>),
}

impl Next {
    /// True when some case leaving by this may take a probabilistic branch (and so draws from
    /// its branching stream).
    pub fn may_branch(&self) -> bool {
        match self {
            Next::Always(outcome) => matches!(outcome, Outcome::Branch(_)),
            Next::Rules(rules) => rules.iter().any(|(_, o)| matches!(o, Outcome::Branch(_))),
        }
    }
}

/// A routing outcome.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Always the same place.
    Go(Target),
    /// A probabilistic branch.
    Branch(BranchTable),
}

/// A probabilistic branch whose probabilities may differ per nationality group.
#[derive(Clone, Debug)]
pub struct BranchTable {
    /// Where each arm leads.
    pub targets: Vec<Target>,
    /// Per group (by index), the cumulative probabilities of the arms.
    pub by_group: Vec<CumulativeTable>,
}

/// A destination: another step, or leaving the system (completion).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Continue at this step.
    Step(StepIdx),
    /// The case is complete and leaves.
    Exit,
}

/// A condition on case attributes. Each set is a bit mask over indices; an empty (zero) mask
/// means "any". All parts must hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Condition {
    /// Case streams.
    pub streams: u64,
    /// Nationality groups.
    pub groups: u64,
    /// Tracks.
    pub tracks: u64,
    /// Locations.
    pub locations: u64,
    /// Features of which the case has at least one (0: no condition).
    pub features_any: u32,
    /// Features the case has all of.
    pub features_all: u32,
    /// Features the case has none of.
    pub features_none: u32,
    /// Route variants (set by the routing policy).
    pub routes: u64,
}

/// The attributes of one case that conditions look at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CaseAttributes {
    /// Its case stream.
    pub stream: u16,
    /// Its nationality group.
    pub group: u8,
    /// Its track.
    pub track: u8,
    /// Its location.
    pub location: u8,
    /// Its feature bits.
    pub features: u32,
    /// The route variant the verkeerstoren chose for it.
    pub route: u8,
}

impl Condition {
    /// Does a case with `attrs` meet the condition?
    #[inline]
    pub fn holds(&self, attrs: &CaseAttributes) -> bool {
        let in_set = |mask: u64, idx: u32| mask == 0 || mask & (1u64 << idx) != 0;
        in_set(self.streams, u32::from(attrs.stream))
            && in_set(self.groups, u32::from(attrs.group))
            && in_set(self.tracks, u32::from(attrs.track))
            && in_set(self.locations, u32::from(attrs.location))
            && (self.features_any == 0 || attrs.features & self.features_any != 0)
            && attrs.features & self.features_all == self.features_all
            && attrs.features & self.features_none == 0
            && in_set(self.routes, u32::from(attrs.route))
    }
}

/// A stream of arriving cases (instroom): first applications, subsequent applications, nareis.
#[derive(Clone, Debug)]
pub struct StreamSpec {
    /// Name, snake_case; used in per-stream metric names.
    pub name: String,
    /// The first step of every case.
    pub entry: StepIdx,
    /// Priority class of its cases (0 is most urgent).
    pub priority: u8,
    /// Deadline of a case, in minutes after its arrival (for earliest-deadline-first).
    pub due_after: Option<u64>,
    /// Nationality group of a case.
    pub groups: CumulativeTable,
    /// Location of a case.
    pub locations: CumulativeTable,
    /// How long a case waits in a queue before it leaves the system unserved (withdrawal or
    /// departure with unknown destination), drawn anew at every queue it joins; `None`: for
    /// ever.
    pub patience: Option<Dist>,
}

/// A source of arriving cases of one stream.
#[derive(Clone, Debug)]
pub struct SourceSpec {
    /// The stream its cases belong to.
    pub stream: StreamIdx,
    /// A fixed nationality group for its cases; `None` draws it from the stream's shares.
    pub group: Option<u8>,
    /// When its cases arrive.
    pub process: ArrivalProcess,
}

/// An arrival process.
#[derive(Clone, Debug)]
pub enum ArrivalProcess {
    /// Independent, identically distributed inter-arrival times (exponential: a Poisson process).
    Renewal {
        /// Time between arrivals, in minutes.
        interarrival: Dist,
    },
    /// A count per calendar month, the arrivals spread uniformly over the month.
    Monthly(IntakeModel),
}
