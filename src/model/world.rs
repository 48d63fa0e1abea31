//! One replication: the state of the network and the event handlers.
//!
//! [`run_replication`] builds a [`World`], seeds the first arrivals, and runs the event loop of
//! [`EventQueue`] until the horizon. Every trigger is a variant of the closed [`Event`] enum, so
//! all behaviour is visible in one `match`.
//!
//! At the end it checks, exactly and on every run:
//! - **flow conservation**: open at window start + arrived = completed + withdrawn + open at
//!   the end;
//! - **Little's law as an identity**: the integral of the number in the system over the window
//!   equals the sum of the time each case spent in the system within the window (both in
//!   integer case-minutes);
//! - with law, that the figures per calendar year, stream and track add up to their totals.
//! - with outcomes, that the decisions per outcome add up to the decisions, and that every
//!   follow-on of a decision came back as a case, was only counted, or falls due at or after
//!   the horizon.
//!
//! A violation is a bug in the engine and is reported as [`RunError::Internal`].

mod arrivals;
mod backlog_loading;
mod follow_ups;
mod legal_events;
mod litigation;
mod measure;
mod month_end;
mod stocks;
mod tower;
mod trace;

pub use trace::TraceRow;

pub(crate) use arrivals::SourceState;
pub(crate) use follow_ups::Flows;
pub(crate) use legal_events::LegalAgenda;
pub(crate) use tower::{NewCase, TowerObservations};

use rand::{RngExt, SeedableRng};

use crate::engine::{
    CaseRng, CaseSeeder, EventQueue, LazyCaseRng, MINUTES_PER_DAY, Purpose, RandomStreams, SimTime,
};
use crate::error::RunError;
use crate::model::case::{Case, CaseArena, CaseId, NO_OUTCOME};
use crate::model::catalogue::Catalogue;
use crate::model::desk::Desk;
use crate::model::legal::{CaseLegal, PenaltyBook};
use crate::model::metrics::Measurements;
use crate::model::monthly::MonthTracker;
use crate::model::pool::PoolState;
use crate::model::yearly::YearlyDecisions;
use crate::model::{
    Activity, CaseAttributes, Network, Next, Outcome, PoolIdx, StepIdx, StreamIdx, Target, Worker,
};
use crate::stats::{DayHistogram, Tally, TimeWeighted};

/// Throughput times up to this many days get their own histogram bin (ten years).
const THROUGHPUT_HISTOGRAM_DAYS: usize = 3660;

/// The observation window of a replication: statistics cover `[warmup_end, horizon)`. Events at
/// the horizon itself are not processed: they belong to the period after the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunWindow {
    /// End of the warm-up: statistics restart here (zero for none).
    pub warmup_end: SimTime,
    /// The run stops before the first event at or after this time.
    pub horizon: SimTime,
}

/// Simulates one replication of `network` over `window` with the random streams `random` of that
/// replication, and returns its measurements: a value for every metric of `catalogue` (the
/// catalogue of this network and window), in its order.
pub fn run_replication(
    network: &Network,
    window: RunWindow,
    catalogue: &Catalogue,
    random: RandomStreams,
) -> Result<Measurements, RunError> {
    let mut world = World::new(network, window, random);
    world.run(random);
    world.check_invariants()?;
    world.measure(catalogue)
}

/// Simulates one replication as [`run_replication`] does (the same random numbers, so the
/// same run) and returns its event log: one row per activity, in the order they started.
pub fn trace_replication(
    network: &Network,
    window: RunWindow,
    random: RandomStreams,
) -> Result<Vec<TraceRow>, RunError> {
    let mut world = World::new(network, window, random);
    world.trace = Some(Box::default());
    world.run(random);
    world.check_invariants()?;
    Ok(world.trace.take().map(|t| t.rows).unwrap_or_default())
}

/// Everything that can happen. Cases are referred to by handle, never by reference.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Event {
    /// The next case of a stream arrives.
    Arrival { source: u16 },
    /// A server of `pool` finishes its work on `case`.
    WorkDone {
        case: CaseId,
        pool: PoolIdx,
        officer: u16,
    },
    /// A case's delay step ends.
    DelayDone { case: CaseId },
    /// The warm-up ends: statistics restart.
    WarmupEnd,
    /// The number of staff of a pool changes (leave, hiring).
    CapacityChange { pool: PoolIdx, servers: u32 },
    /// A day with legal events (term expiries, notices, judgments) starts; they wait in the
    /// [`LegalAgenda`] bucket of that day.
    LegalDay { day: u32 },
    /// A calendar month ends (00:00 of the first of the next): the monthly series takes stock.
    MonthEnd,
    /// A dated change takes effect (00:00 of its day): the rules of
    /// [`Network::changes`]`[index]` hold from now on.
    Change { index: u16 },
    /// The patience of a waiting case's applicant runs out: the case withdraws unless it has
    /// started work since (stale when its `withdraws_at` is another time).
    PatienceEnds { case: CaseId },
    /// A server of `pool` finishes a litigation job (the IND's work on an appeal).
    LitigationDone { pool: PoolIdx, officer: u16 },
    /// A day with returning follow-ons starts: they move from their bucket onto the heap.
    FollowUpDay { day: u32 },
    /// A follow-on of a decision comes back as a case (`[[follow_up]]`): of follow-up
    /// `follow_up`, with the triggering case's `group`, case `key` of the follow-up's key space.
    FollowOn { follow_up: u16, group: u8, key: u64 },
}

/// The per-case random streams of one key space: the arriving cases of a stream, or the cases
/// one follow-up brings. Case number `k` of a key space draws the same numbers in every scenario.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CaseSeeders {
    attributes: CaseSeeder,
    durations: CaseSeeder,
    branching: CaseSeeder,
    behaviour: CaseSeeder,
    routing: CaseSeeder,
    patience: CaseSeeder,
    follow_ups: CaseSeeder,
}

impl CaseSeeders {
    /// The seeders of key space `key` of a replication with `random` streams.
    pub(crate) fn new(random: RandomStreams, key: u64) -> CaseSeeders {
        CaseSeeders {
            attributes: random.case_seeder(Purpose::Attributes, key),
            durations: random.case_seeder(Purpose::Durations, key),
            branching: random.case_seeder(Purpose::Branching, key),
            behaviour: random.case_seeder(Purpose::Behaviour, key),
            routing: random.case_seeder(Purpose::Routing, key),
            patience: random.case_seeder(Purpose::Patience, key),
            follow_ups: random.case_seeder(Purpose::FollowUps, key),
        }
    }
}

/// A new case to admit: its stream, the step it enters at, and what is fixed about it rather
/// than drawn.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Admission {
    pub(crate) stream: StreamIdx,
    pub(crate) step: StepIdx,
    /// Its nationality group; `None` draws it from the stream's shares.
    pub(crate) group: Option<u8>,
    /// Its track; `None` draws it from its group's shares.
    pub(crate) track: Option<u8>,
    /// Its decision term from its arrival; `None` applies the stream's term rules.
    pub(crate) term: Option<crate::law::TermLength>,
}

/// Run-time state of a stream.
#[derive(Clone, Debug)]
pub(crate) struct StreamState {
    seeds: CaseSeeders,
    /// Arrivals since the start of the run (also the next case's arrival number); follow-on
    /// cases have numbers of their own and do not count here.
    n_arrived_total: u64,
    /// Observations in the window.
    pub(crate) obs: FlowObservations,
}

impl StreamState {
    /// Arrivals over the whole run, warm-up included.
    pub(crate) fn n_arrived_total(&self) -> u64 {
        self.n_arrived_total
    }
}

/// Counts and tallies of a flow of cases (the whole system, or one stream), in the window.
/// The run records them per stream; the whole system's are their sum (see
/// [`FlowObservations::add`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct FlowObservations {
    /// Cases that arrived.
    pub(crate) arrived: u64,
    /// Cases that completed (left the system).
    pub(crate) completed: u64,
    /// Cases whose applicant's patience ran out while they waited in a queue (withdrawal or
    /// departure with unknown destination): they left the system undecided.
    pub(crate) withdrawn: u64,
    /// Cases open when the window started (the initial backlog, without a warm-up).
    pub(crate) open_at_start: u64,
    /// Arrival to start of first work, tallied when the first work starts (cases that arrive
    /// during the run; backlog cases count as started).
    pub(crate) wait: Tally,
    /// Cases whose first work did not start on arrival (they waited).
    pub(crate) waited: u64,
    /// Arrival to completion, tallied at completion.
    pub(crate) throughput: Tally,
    /// Minutes that completed cases were open within the window (the rest of the area under
    /// the number in the system is the open cases' share at the horizon).
    pub(crate) open_minutes: u128,
}

impl FlowObservations {
    /// Adds the counts and tallies of `other` (exact: all are integers).
    fn add(&mut self, other: &FlowObservations) {
        self.arrived += other.arrived;
        self.completed += other.completed;
        self.withdrawn += other.withdrawn;
        self.open_at_start += other.open_at_start;
        self.wait.merge(&other.wait);
        self.waited += other.waited;
        self.throughput.merge(&other.throughput);
        self.open_minutes += other.open_minutes;
    }
}

/// The state of one replication.
#[derive(Debug)]
pub(crate) struct World<'net> {
    /// The network whose rules hold now: `base`, or one of its dated [`Network::changes`].
    pub(crate) network: &'net Network,
    /// The network the run started with (its pools, sources and backlog hold throughout).
    pub(crate) base: &'net Network,
    pub(crate) window: RunWindow,
    pub(crate) now: SimTime,
    events: EventQueue<Event>,
    pub(crate) cases: CaseArena,
    pub(crate) pools: Vec<PoolState>,
    pub(crate) streams: Vec<StreamState>,
    /// The arrival sources.
    pub(crate) sources: Vec<SourceState>,
    /// Observations of the whole system: the sum of the streams', taken when the run ends.
    pub(crate) obs: FlowObservations,
    /// Cases in the system over time.
    pub(crate) in_system: TimeWeighted,
    /// Cases open when the window started.
    pub(crate) open_at_window_start: u64,
    /// Case-minutes spent in the system within the window by cases that have left.
    sojourn_in_window: u128,
    /// Events handled over the whole run.
    pub(crate) n_events: u64,
    /// Decisions and their timeliness (with law).
    pub(crate) decisions: DecisionObservations,
    /// Penalty money (with law).
    pub(crate) book: PenaltyBook,
    /// Throughput times of completed cases, for percentiles.
    pub(crate) throughput_days: DayHistogram,
    /// Throughput times per location (decided cases, in the window), when there are several.
    pub(crate) throughput_by_location: Vec<Tally>,
    /// Throughput times per location and stream (`location * streams + stream`; decided cases,
    /// in the window), when there are several of both.
    pub(crate) throughput_by_location_stream: Vec<Tally>,
    /// Throughput times per track (decided cases, in the window), when there are several.
    pub(crate) throughput_by_track: Vec<(Tally, DayHistogram)>,
    /// The monthly series (scenarios with a start date).
    pub(crate) monthly: Option<MonthTracker>,
    /// Open cases at the end of each calendar year that ends within the run: (year, cases).
    pub(crate) year_end_backlog: Vec<(i16, u64)>,
    /// Reception case-minutes (of the streams whose waiting days are paid) in the window up to
    /// the end of each calendar year that ends within the run: (year, minutes so far). Only
    /// with a reception cost.
    pub(crate) year_end_reception: Vec<(i16, u128)>,
    /// Legal events by day.
    pub(crate) agenda: LegalAgenda,
    /// The verkeerstoren's decisions.
    pub(crate) tower: TowerObservations,
    /// Outcomes and follow-ups (scenarios with `[[outcome]]`).
    pub(crate) flows: Option<Flows>,
    /// The open cases by step, stream and term end (read at month ends: only with a monthly
    /// series).
    pub(crate) stocks: Option<stocks::Stocks>,
    /// Whether any step, in the network or in one of its dated changes, has a probabilistic
    /// branch.
    branches: bool,
    /// Whether the network whose rules hold now has no verkeerstoren at work (a trivial policy
    /// and perfect information): every case gets the first route, its stream's priority and
    /// its drawn location.
    tower_idle: bool,
    /// Whether any stream, in the network or in one of its dated changes, has a patience.
    patience: bool,
    /// The event log, when asked for (`trace_replication`).
    trace: Option<Box<trace::Trace>>,
}

/// Counts of decided cases, in the window: overall, per stream and per track, and how many of
/// them within term; and the AA/VA phases they went through.
#[derive(Clone, Debug, Default)]
pub(crate) struct DecisionObservations {
    /// Decided per stream: (decided, within term).
    pub(crate) by_stream: Vec<(u64, u64)>,
    /// Decided per track: (decided, within term).
    pub(crate) by_track: Vec<(u64, u64)>,
    /// Decided per calendar year of the decision (index from the penalty book's first year;
    /// empty without `[law]`): (decided, within term).
    pub(crate) by_year: Vec<(u64, u64)>,
    /// Decided cases that went through the AA.
    pub(crate) through_aa: u64,
    /// Decided cases that went through the AA and then the VA.
    pub(crate) aa_then_va: u64,
    /// Decided per calendar year by stream and by track, and within N months of lodging (with
    /// `[law]`).
    pub(crate) yearly: YearlyDecisions,
}

impl<'net> World<'net> {
    fn new(network: &'net Network, window: RunWindow, random: RandomStreams) -> World<'net> {
        let pools = network
            .pools
            .iter()
            .enumerate()
            .map(|(idx, spec)| {
                let litigation = random.stream(Purpose::Litigation, idx as u64);
                let mut state = PoolState::new(spec.servers, spec.discipline, litigation);
                state.desk = spec
                    .officers
                    .as_ref()
                    .map(|officers| Desk::new(officers, spec.discipline));
                state
            })
            .collect();
        let streams = (0..network.streams.len())
            .map(|idx| StreamState {
                seeds: CaseSeeders::new(random, idx as u64),
                n_arrived_total: 0,
                obs: FlowObservations::default(),
            })
            .collect();
        let total_servers: usize = network.pools.iter().map(|p| p.servers as usize).sum();
        let sources = (0..network.sources.len())
            .map(|idx| SourceState::new(network, idx, random))
            .collect();
        let book = network
            .law
            .as_ref()
            .map_or_else(PenaltyBook::default, |law| {
                PenaltyBook::new(law.dates, end_day(window.horizon), network.streams.len())
            });
        World {
            trace: None,
            network,
            base: network,
            window,
            now: SimTime::ZERO,
            events: EventQueue::with_horizon(
                64 + network.streams.len() + total_servers,
                window.horizon,
            ),
            cases: CaseArena::with_capacity(1024),
            pools,
            streams,
            sources,
            obs: FlowObservations::default(),
            in_system: TimeWeighted::new(SimTime::ZERO, 0),
            open_at_window_start: 0,
            sojourn_in_window: 0,
            n_events: 0,
            decisions: DecisionObservations {
                by_stream: vec![(0, 0); network.streams.len()],
                by_track: vec![(0, 0); network.attributes.tracks.len()],
                by_year: vec![(0, 0); book.by_year.len()],
                yearly: network
                    .law
                    .as_ref()
                    .map_or_else(YearlyDecisions::default, |law| {
                        YearlyDecisions::new(
                            law.dates,
                            &network.within_months,
                            end_day(window.horizon) as usize,
                            book.by_year.len(),
                            (
                                network.streams.len(),
                                network.attributes.tracks.len(),
                                network.outcomes.len(),
                            ),
                        )
                    }),
                ..DecisionObservations::default()
            },
            throughput_days: DayHistogram::new(THROUGHPUT_HISTOGRAM_DAYS),
            throughput_by_location: if network.attributes.locations.len() > 1 {
                vec![Tally::default(); network.attributes.locations.len()]
            } else {
                Vec::new()
            },
            throughput_by_location_stream: if network.attributes.locations.len() > 1
                && network.streams.len() > 1
            {
                vec![Tally::default(); network.attributes.locations.len() * network.streams.len()]
            } else {
                Vec::new()
            },
            throughput_by_track: if network.attributes.tracks.len() > 1 {
                vec![
                    (
                        Tally::default(),
                        DayHistogram::new(THROUGHPUT_HISTOGRAM_DAYS)
                    );
                    network.attributes.tracks.len()
                ]
            } else {
                Vec::new()
            },
            tower: TowerObservations {
                routed: vec![0; network.attributes.routes.len()],
                ..TowerObservations::default()
            },
            year_end_backlog: Vec::new(),
            year_end_reception: Vec::new(),
            agenda: LegalAgenda::new(if network.law.is_some() {
                end_day(window.horizon) as usize
            } else {
                0
            }),
            monthly: network.dates.map(|dates| {
                MonthTracker::new(
                    dates,
                    window.horizon,
                    network.streams.len(),
                    network.streams.iter().any(|s| s.patience.is_some()),
                )
            }),
            flows: Flows::new(
                network,
                window.horizon,
                random,
                if network.law.is_some() {
                    book.by_year.len()
                } else {
                    0
                },
            ),
            book,
            branches: in_any_version(network, |n| {
                n.steps.iter().any(|step| step.next.may_branch())
            }),
            tower_idle: tower_idle(network),
            patience: in_any_version(network, |n| {
                n.streams.iter().any(|stream| stream.patience.is_some())
            }),
            stocks: network.dates.map(|_| {
                stocks::Stocks::new(
                    network.steps.len(),
                    network.streams.len(),
                    end_day(window.horizon) as usize + 1,
                )
            }),
        }
    }

    /// Stores a new case (at the step it holds) and counts it among the open cases.
    #[inline]
    pub(crate) fn open_case(&mut self, case: Case) -> CaseId {
        if let Some(stocks) = &mut self.stocks {
            stocks.open(&case);
        }
        self.cases.insert(case)
    }

    /// The event loop.
    fn run(&mut self, random: RandomStreams) {
        // The window starts before any other event at its first minute: scheduled first, the
        // warm-up's end has the lowest sequence number and pops first among equal times, so an
        // arrival or a completion at that minute belongs to the window, and the cases open at
        // its start neither include it nor miss it.
        if self.window.warmup_end > SimTime::ZERO {
            self.events
                .schedule(self.window.warmup_end, Event::WarmupEnd);
        }
        // Dated changes are scheduled next, before anything else of their minute (legal days
        // and flow events are filed later), so that every event of their day sees them.
        for (index, change) in self.base.changes.iter().enumerate() {
            let at = SimTime(change.day as u64 * MINUTES_PER_DAY);
            if at < self.window.horizon {
                self.events.schedule(
                    at,
                    Event::Change {
                        index: index as u16,
                    },
                );
            }
        }
        self.load_backlog(random);
        if self.window.warmup_end == SimTime::ZERO {
            self.mark_window_start();
        }
        for idx in 0..self.network.sources.len() {
            self.schedule_next_arrival(idx as u16);
        }
        if let Some(monthly) = &self.monthly {
            for &start in &monthly.starts[1..] {
                self.events
                    .schedule(SimTime(start as u64 * MINUTES_PER_DAY), Event::MonthEnd);
            }
        }
        let network = self.network;
        for (idx, pool) in network.pools.iter().enumerate() {
            for &(at, servers) in &pool.capacity_changes {
                if at < self.window.horizon {
                    let pool = PoolIdx(idx as u16);
                    self.events
                        .schedule(at, Event::CapacityChange { pool, servers });
                }
            }
        }
        while let Some((time, event)) = self.events.pop() {
            if time >= self.window.horizon {
                break;
            }
            self.now = time;
            self.n_events += 1;
            match event {
                Event::Arrival { source } => self.on_arrival(source),
                Event::WorkDone {
                    case,
                    pool,
                    officer,
                } => self.on_work_done(case, pool, officer),
                Event::DelayDone { case } => self.on_delay_done(case),
                Event::WarmupEnd => self.on_warmup_end(),
                Event::CapacityChange { pool, servers } => self.on_capacity_change(pool, servers),
                Event::LegalDay { day } => self.on_legal_day(day),
                Event::MonthEnd => self.close_month(),
                Event::Change { index } => {
                    self.network = &self.base.changes[usize::from(index)].network;
                    self.tower_idle = tower_idle(self.network);
                }
                Event::PatienceEnds { case } => self.on_patience_ends(case),
                Event::LitigationDone { pool, officer } => self.on_litigation_done(pool, officer),
                Event::FollowUpDay { day } => self.on_follow_up_day(day),
                Event::FollowOn {
                    follow_up,
                    group,
                    key,
                } => self.on_follow_on(follow_up, group, key),
            }
        }
        self.now = self.window.horizon;
        self.close_month();
        self.settle_open_cases();
        let mut total = FlowObservations::default();
        for stream in &self.streams {
            total.add(&stream.obs);
        }
        self.obs = total;
    }

    /// The current day, counted from the start date.
    pub(crate) fn today(&self) -> i64 {
        self.now.day() as i64
    }

    fn in_window(&self) -> bool {
        self.now >= self.window.warmup_end
    }

    fn on_arrival(&mut self, source: u16) {
        let network = self.network;
        let source_spec = &network.sources[usize::from(source)];
        let stream = source_spec.stream;
        let state = &mut self.streams[stream.0 as usize];
        let arrival_no = state.n_arrived_total;
        state.n_arrived_total += 1;
        let seeds = state.seeds;
        let admission = Admission {
            stream,
            step: network.streams[stream.0 as usize].entry,
            group: source_spec.group,
            track: None,
            term: None,
        };
        let (id, term_end) = self.admit(&admission, &seeds, arrival_no);
        self.schedule_next_arrival(source);
        self.watch_term(id, term_end);
        self.enter_step(id, admission.step);
    }

    /// Admits a new case: draws its attributes (case `number` of the key space of `seeds`), its
    /// decision term and its route, and puts it in the system as an arrival of its stream.
    /// Returns it with the last day of its term; the caller puts it at its step.
    pub(crate) fn admit(
        &mut self,
        admission: &Admission,
        seeds: &CaseSeeders,
        number: u64,
    ) -> (CaseId, i64) {
        let network = self.network;
        let stream = admission.stream;
        let spec = &network.streams[stream.0 as usize];
        // Seeded on the first draw: many cases draw nothing from it.
        let mut attribute_rng = LazyCaseRng::new(seeds.attributes, number);
        // The tower's information errors need a stream; perfect information does not.
        let mut routing_rng = network
            .information
            .is_some()
            .then(|| seeds.routing.case(number));
        let mut attrs = draw_attributes(network, stream, admission.group, &mut attribute_rng);
        if let Some(track) = admission.track {
            attrs.track = track;
        }
        let today = self.now.day() as i64;
        let legal = match &network.law {
            None => CaseLegal::new(today, i64::MAX),
            Some(law) => {
                let term_end = match admission.term {
                    Some(length) => Some(law.terms.after(length, today)),
                    None => law.terms.term_end(
                        usize::from(stream.0),
                        usize::from(attrs.group),
                        u64::from(attrs.features),
                        today,
                        || attribute_rng.random(),
                    ),
                }
                .unwrap_or(i64::MAX);
                CaseLegal::new(today, term_end)
            }
        };
        let in_window = self.now >= self.window.warmup_end;
        // A location in proportion to capacity needs one more draw: the attribute stream's last,
        // so it shifts no other draw.
        let location_draw = if network.policy.location == crate::model::LocationPolicy::Capacity {
            attribute_rng.random()
        } else {
            0.0
        };
        let assignment = if self.tower_idle {
            // Spares building what the tower would see.
            self.assign_without_tower(spec.priority, attrs.location, in_window)
        } else {
            let new_case = NewCase {
                attrs,
                stream_priority: spec.priority,
                lodged_day: today,
                term_end_day: legal.term_end,
                location_draw,
            };
            self.route_case(&new_case, routing_rng.as_mut(), in_window)
        };
        attrs.route = assignment.route;
        attrs.location = assignment.location;
        let case = Case {
            attrs,
            priority: assignment.priority,
            step: admission.step,
            arrived: self.now,
            open_before_start: 0,
            due: due_time(spec.due_after, self.now, legal.term_end),
            first_work: SimTime::NEVER,
            queued_at: self.now,
            durations: seeds.durations.case(number),
            // Branch outcomes only draw where a step has a branch; without, skip seeding a
            // stream no draw is taken from.
            branching: if self.branches {
                seeds.branching.case(number)
            } else {
                CaseRng::from_seed([0; 8])
            },
            // Applicant behaviour only matters under law; without it, skip seeding a stream.
            behaviour: if network.law.is_some() {
                seeds.behaviour.case(number)
            } else {
                CaseRng::from_seed([0; 8])
            },
            // Patience only matters to a stream that has it; without, skip seeding a stream.
            patience: if spec.patience.is_some() {
                seeds.patience.case(number)
            } else {
                CaseRng::from_seed([0; 8])
            },
            withdraws_at: SimTime::NEVER,
            legal,
            waiting_at: None,
            ticket: 0,
            phases: 0,
            outcome: NO_OUTCOME,
            // Follow-ons only matter with `[[follow_up]]`; without, skip seeding a stream.
            follow_ups: if network.follow_ups.is_empty() {
                CaseRng::from_seed([0; 8])
            } else {
                seeds.follow_ups.case(number)
            },
        };
        if let Some(monthly) = &mut self.monthly {
            monthly.arrivals += 1;
        }
        if in_window {
            self.streams[stream.0 as usize].obs.arrived += 1;
        }
        let term_end = case.legal.term_end;
        let id = self.open_case(case);
        self.in_system.increment(self.now);
        (id, term_end)
    }

    /// Puts a case at `step`: starts its delay, starts its work, queues it, or (for an instant
    /// step) moves it straight on.
    fn enter_step(&mut self, id: CaseId, step: StepIdx) {
        let now = self.now;
        let network = self.network;
        let case = self
            .cases
            .get_mut(id)
            .expect("a case entering a step is open");
        if let Some(stocks) = &mut self.stocks {
            stocks.moved(case.step, step);
        }
        case.step = step;
        let spec = &network.steps[step.0 as usize];
        if let Some(phase) = spec.phase {
            case.phases |= phase.bit();
        }
        match &spec.activity {
            Activity::Delay { duration } => {
                let minutes = duration.sample_minutes(&mut case.durations);
                if let Some(trace) = &mut self.trace {
                    trace.record(
                        id,
                        TraceRow {
                            case: 0,
                            step,
                            pool: None,
                            officer: None,
                            queued: now,
                            start: now,
                            end: now.after(minutes),
                            stream: case.attrs.stream,
                            track: case.attrs.track,
                            location: case.attrs.location,
                        },
                    );
                }
                self.events
                    .schedule(now.after(minutes), Event::DelayDone { case: id });
            }
            Activity::Work { worker, .. } => {
                let pool = match *worker {
                    Worker::Pool(pool) => pool,
                    Worker::Role(role) => {
                        network.roles[role as usize].pool_at[case.attrs.location as usize]
                    }
                };
                case.queued_at = now;
                let state = &mut self.pools[pool.0 as usize];
                if let (Some(desk), Some(officers)) =
                    (&mut state.desk, &network.pools[pool.0 as usize].officers)
                {
                    // The verdeelstation: a competent free officer, or the queue of its
                    // requirement.
                    let requirement = case.attrs.features & officers.specialisms;
                    match desk.free_officer(officers, requirement, state.capacity as usize) {
                        Some(officer) => self.start_work(id, pool, Some(officer)),
                        None => {
                            case.waiting_at = Some(pool);
                            let priority = queue_priority(case.priority, spec.priority);
                            desk.push(id, requirement, priority, case.due, case.ticket);
                            state.queue_level.increment(now);
                            self.start_patience(id);
                        }
                    }
                } else if state.has_free_server() {
                    self.start_work(id, pool, None);
                } else {
                    case.waiting_at = Some(pool);
                    let priority = queue_priority(case.priority, spec.priority);
                    state.queue.push(id, priority, case.due, case.ticket);
                    state.queue_level.increment(now);
                    self.start_patience(id);
                }
            }
            Activity::Instant => self.leave_step(id),
        }
    }

    /// A free server of `pool` starts on the case's current step.
    fn start_work(&mut self, id: CaseId, pool: PoolIdx, officer: Option<usize>) {
        let now = self.now;
        let in_window = self.in_window();
        let network = self.network;
        let case = self
            .cases
            .get_mut(id)
            .expect("a case starting work is open");
        let Activity::Work { work, .. } = &network.steps[case.step.0 as usize].activity else {
            unreachable!("start_work is only called for work steps");
        };
        let pool_spec = &network.pools[pool.0 as usize];
        let speed = match (officer, &pool_spec.officers) {
            (Some(k), Some(officers)) => officers.officers[k].speed,
            _ => 1.0,
        };
        let minutes = if pool_spec.work_factor == 1.0 && speed == 1.0 {
            work.sample_minutes(&mut case.durations)
        } else {
            crate::engine::round_minutes(
                work.sample(&mut case.durations) * pool_spec.work_factor / speed,
            )
        };
        // The pool's clock (see `pool_clock`), the start and the end of the work.
        let (pool_now, starts, finishes) = match network.pools[pool.0 as usize].calendar {
            None => (now, now, now.after(minutes)),
            Some(cal) => {
                let (worked, starts, finishes) = network.calendars[cal].take_up(now, minutes);
                (SimTime(worked), starts, finishes)
            }
        };
        let state = &mut self.pools[pool.0 as usize];
        state.busy += 1;
        state.work_started += u64::from(in_window);
        if in_window {
            state.work_minutes_started += minutes;
        }
        if let (Some(k), Some(desk)) = (officer, &mut state.desk) {
            let officer_state = &mut desk.officers[k];
            officer_state.busy = true;
            if in_window {
                officer_state.worked += minutes;
                officer_state.started += 1;
            }
        }
        state.busy_level.increment(pool_now);
        case.withdraws_at = SimTime::NEVER;
        if in_window {
            state.queue_wait.record(starts.since(case.queued_at));
        }
        if case.first_work == SimTime::NEVER {
            case.first_work = starts;
            if in_window {
                let wait = starts.since(case.arrived);
                let stream = &mut self.streams[case.attrs.stream as usize].obs;
                stream.wait.record(wait);
                stream.waited += u64::from(wait > 0);
            }
        }
        if let Some(trace) = &mut self.trace {
            trace.record(
                id,
                TraceRow {
                    case: 0,
                    step: case.step,
                    pool: Some(pool),
                    officer: officer.map(|k| k as u16),
                    queued: case.queued_at,
                    start: starts,
                    end: finishes,
                    stream: case.attrs.stream,
                    track: case.attrs.track,
                    location: case.attrs.location,
                },
            );
        }
        self.events.schedule(
            finishes,
            Event::WorkDone {
                case: id,
                pool,
                officer: officer.map_or(NO_OFFICER, |k| k as u16),
            },
        );
    }

    fn on_work_done(&mut self, id: CaseId, pool: PoolIdx, officer: u16) {
        let now = self.now;
        let pool_now = self.pool_clock(pool, now);
        let state = &mut self.pools[pool.0 as usize];
        state.busy -= 1;
        state.busy_level.decrement(pool_now);
        state.update_present(pool_now);
        if let Some(desk) = &mut state.desk {
            let officer_state = &mut desk.officers[usize::from(officer)];
            officer_state.busy = false;
            officer_state.finished += u64::from(now >= self.window.warmup_end);
        }
        // Serve the queue before routing the finished case, so that a case that comes back to
        // the same pool queues behind those already waiting.
        self.serve_queue(pool);
        self.leave_step(id);
    }

    /// The clock of a pool's staff statistics: working minutes for a pool on a calendar (so
    /// utilisation is busy working time over available working time), clock minutes otherwise.
    #[inline(always)]
    pub(crate) fn pool_clock(&self, pool: PoolIdx, t: SimTime) -> SimTime {
        match self.network.pools[pool.0 as usize].calendar {
            None => t,
            Some(cal) => SimTime(self.network.calendars[cal].working_minutes_until(t)),
        }
    }

    /// Starts waiting cases while the pool has free servers (for an officer pool: every free
    /// officer present takes the best case it is competent for).
    fn serve_queue(&mut self, pool: PoolIdx) {
        // Litigation jobs go first (`world/litigation.rs`); with none waiting this is one test.
        if !self.pools[pool.0 as usize].litigation.is_empty() {
            self.serve_litigation(pool);
        }
        let now = self.now;
        let network = self.network;
        if let Some(officers) = &network.pools[pool.0 as usize].officers {
            let present =
                (self.pools[pool.0 as usize].capacity as usize).min(officers.officers.len());
            for k in 0..present {
                let state = &mut self.pools[pool.0 as usize];
                let desk = state.desk.as_mut().expect("an officer pool has a desk");
                if desk.officers[k].busy {
                    continue;
                }
                let cases = &self.cases;
                let Some(next) = desk.pick(officers.officers[k].competences, |id, ticket| {
                    cases.get(id).is_some_and(|case| case.ticket == ticket)
                }) else {
                    continue;
                };
                state.queue_level.decrement(now);
                if let Some(case) = self.cases.get_mut(next) {
                    case.waiting_at = None;
                }
                self.start_work(next, pool, Some(k));
            }
            return;
        }
        loop {
            let state = &mut self.pools[pool.0 as usize];
            if !state.has_free_server() {
                break;
            }
            let cases = &self.cases;
            let Some(next) = state
                .queue
                .pop(|id, ticket| cases.get(id).is_some_and(|case| case.ticket == ticket))
            else {
                break;
            };
            if let Some(case) = self.cases.get_mut(next) {
                case.waiting_at = None;
            }
            state.queue_level.decrement(now);
            self.start_work(next, pool, None);
        }
    }

    /// Staff numbers change; work in progress is never interrupted, so a reduction takes
    /// effect as servers finish.
    fn on_capacity_change(&mut self, pool: PoolIdx, servers: u32) {
        let pool_now = self.pool_clock(pool, self.now);
        let state = &mut self.pools[pool.0 as usize];
        state.capacity = servers;
        state.update_present(pool_now);
        self.serve_queue(pool);
    }

    fn on_delay_done(&mut self, id: CaseId) {
        self.leave_step(id);
    }

    /// Moves a case on from its current step.
    fn leave_step(&mut self, id: CaseId) {
        let network = self.network;
        let case = self
            .cases
            .get_mut(id)
            .expect("a case leaving a step is open");
        let spec = &network.steps[case.step.0 as usize];
        if spec.hearing {
            case.legal.heard = true;
        }
        if let Some(outcome) = spec.outcome {
            case.outcome = outcome;
        }
        let outcome = match &spec.next {
            Next::Always(outcome) => outcome,
            Next::Rules(rules) => rules
                .iter()
                .find(|(condition, _)| condition.holds(&case.attrs))
                .map(|(_, outcome)| outcome)
                .expect("the last rule has no condition"),
        };
        let target = match outcome {
            Outcome::Go(target) => *target,
            Outcome::Branch(table) => {
                let u: f64 = case.branching.random();
                let arm = table.by_group[case.attrs.group as usize].pick(u);
                table.targets[arm]
            }
        };
        match target {
            Target::Step(step) => self.enter_step(id, step),
            Target::Exit => self.complete(id),
        }
    }

    /// A case that just joined a queue: when its stream has a patience, draws it (from the
    /// case's own patience stream, so no other draw shifts) and schedules its end.
    fn start_patience(&mut self, id: CaseId) {
        if !self.patience {
            return;
        }
        let now = self.now;
        let network = self.network;
        let case = self.cases.get_mut(id).expect("a queued case is open");
        let Some(patience) = &network.streams[usize::from(case.attrs.stream)].patience else {
            return;
        };
        let at = now.after(patience.sample_minutes(&mut case.patience));
        case.withdraws_at = at;
        if at < self.window.horizon {
            self.events.schedule(at, Event::PatienceEnds { case: id });
        }
    }

    /// A waiting case's patience ends: unless it started work (or moved on) since, it leaves
    /// its queue and the system. Its queue entry becomes stale with it (lazy deletion: the
    /// queue skips it when it surfaces); it holds no server, so none is released.
    fn on_patience_ends(&mut self, id: CaseId) {
        let now = self.now;
        let Some(case) = self.cases.get_mut(id) else {
            return;
        };
        let Some(pool) = case.waiting_at else {
            return;
        };
        if case.withdraws_at != now {
            return;
        }
        case.waiting_at = None;
        case.withdraws_at = SimTime::NEVER;
        let state = &mut self.pools[usize::from(pool.0)];
        if state.desk.is_none() {
            state.queue.forget();
        }
        state.queue_level.decrement(now);
        self.leave_system(id, Exit::Withdrawn);
    }

    /// The case leaves the system.
    fn complete(&mut self, id: CaseId) {
        self.leave_system(id, Exit::Completed);
    }

    /// The case leaves the system, decided or withdrawn: its time in the window counts in
    /// Little's law either way; only a decided case has a throughput time and a decision.
    fn leave_system(&mut self, id: CaseId, exit: Exit) {
        let now = self.now;
        self.in_system.decrement(now);
        if exit == Exit::Withdrawn {
            self.record_withdrawal(id);
        }
        if now >= self.window.warmup_end {
            let case = self.cases.get(id).expect("a leaving case is open");
            let (stream_idx, arrived) = (usize::from(case.attrs.stream), case.arrived);
            let in_window = u128::from(now.since(arrived.max(self.window.warmup_end)));
            if exit == Exit::Withdrawn {
                let stream = &mut self.streams[stream_idx].obs;
                stream.withdrawn += 1;
                stream.open_minutes += in_window;
            } else {
                let throughput = now.since(arrived) + case.open_before_start;
                let (location, track) = (case.attrs.location, case.attrs.track);
                self.throughput_days.record(throughput);
                if let Some((tally, histogram)) =
                    self.throughput_by_track.get_mut(usize::from(track))
                {
                    tally.record(throughput);
                    histogram.record(throughput);
                }
                if let Some(tally) = self.throughput_by_location.get_mut(usize::from(location)) {
                    tally.record(throughput);
                }
                let at = usize::from(location) * self.streams.len() + stream_idx;
                if let Some(tally) = self.throughput_by_location_stream.get_mut(at) {
                    tally.record(throughput);
                }
                let stream = &mut self.streams[stream_idx].obs;
                stream.completed += 1;
                stream.throughput.record(throughput);
                stream.open_minutes += in_window;
                self.record_decision(id);
            }
            self.sojourn_in_window += in_window;
        }
        if exit == Exit::Completed && self.flows.is_some() {
            self.on_decided(id);
        }
        if let Some(case) = self.cases.get(id) {
            if let Some(stocks) = &mut self.stocks {
                stocks.close(case);
            }
            self.cases.free(id);
        }
    }

    /// Counts a withdrawal in its month and, under law, pays what the case owes: a penalty
    /// stops running when the application is withdrawn, as at a decision, and what accrued up
    /// to that day is paid then.
    fn record_withdrawal(&mut self, id: CaseId) {
        if let Some(withdrawn) = self.monthly.as_mut().and_then(|m| m.withdrawn.as_mut()) {
            *withdrawn += 1;
        }
        if self.network.law.is_some() {
            let case = self.cases.get(id).expect("a withdrawing case is open");
            let (legal, stream) = (case.legal, case.attrs.stream);
            let today = self.today();
            self.settle(&legal, stream, Some(today));
        }
    }

    fn on_warmup_end(&mut self) {
        let now = self.now;
        self.mark_window_start();
        self.in_system.restart(now);
        for idx in 0..self.pools.len() {
            let pool_now = self.pool_clock(PoolIdx(idx as u16), now);
            self.pools[idx].restart_statistics(now, pool_now);
        }
    }

    /// Notes the open cases, in total and per stream, as the observation window starts.
    fn mark_window_start(&mut self) {
        self.open_at_window_start = self.cases.len() as u64;
        let per_stream = self.open_per_stream();
        for (state, open) in self.streams.iter_mut().zip(per_stream) {
            state.obs.open_at_start = open;
        }
    }

    /// Open cases per stream, now.
    pub(crate) fn open_per_stream(&self) -> Vec<u64> {
        let mut open = vec![0u64; self.streams.len()];
        for case in self.cases.iter() {
            open[usize::from(case.attrs.stream)] += 1;
        }
        open
    }

    /// Case-minutes within the window per stream: completed cases' time in the window plus the
    /// open cases' time up to the horizon. Together they are the area under the number in the
    /// system (checked in [`Self::check_invariants`]).
    pub(crate) fn open_minutes_per_stream(&self) -> Vec<u128> {
        self.open_minutes_per_stream_until(self.window.horizon)
    }

    /// Case-minutes within the window per stream up to `until` (now or later): completed cases'
    /// time in the window plus the open cases' time up to `until`. All zero before the window.
    pub(crate) fn open_minutes_per_stream_until(&self, until: SimTime) -> Vec<u128> {
        let start = self.window.warmup_end;
        if until < start {
            return vec![0; self.streams.len()];
        }
        let mut minutes: Vec<u128> = self.streams.iter().map(|s| s.obs.open_minutes).collect();
        for case in self.cases.iter() {
            minutes[usize::from(case.attrs.stream)] +=
                u128::from(until.since(case.arrived.max(start)));
        }
        minutes
    }

    /// Checks conservation of cases and Little's law (as an exact identity) over the window.
    fn check_invariants(&self) -> Result<(), RunError> {
        let open_end = self.cases.len() as u64;
        if self.open_at_window_start + self.obs.arrived
            != self.obs.completed + self.obs.withdrawn + open_end
        {
            return Err(RunError::Internal(format!(
                "flow conservation violated: {} open at window start + {} arrived != {} completed + {} withdrawn + {} open at the end",
                self.open_at_window_start,
                self.obs.arrived,
                self.obs.completed,
                self.obs.withdrawn,
                open_end
            )));
        }
        for ((spec, state), open) in self
            .network
            .streams
            .iter()
            .zip(&self.streams)
            .zip(self.open_per_stream())
        {
            let obs = &state.obs;
            if obs.open_at_start + obs.arrived != obs.completed + obs.withdrawn + open {
                return Err(RunError::Internal(format!(
                    "flow conservation violated for stream {}: {} open at window start + {} arrived != {} completed + {} withdrawn + {open} open at the end",
                    spec.name, obs.open_at_start, obs.arrived, obs.completed, obs.withdrawn
                )));
            }
        }
        if let Some(stocks) = &self.stocks {
            let mut per_step = vec![0u64; stocks.per_step().len()];
            for case in self.cases.iter() {
                per_step[case.step.0 as usize] += 1;
            }
            if per_step != stocks.per_step() || self.open_per_stream() != stocks.per_stream() {
                return Err(RunError::Internal(format!(
                    "the open cases counted as they moved ({:?} per step, {:?} per stream) are not those open at the end ({per_step:?}, {:?})",
                    stocks.per_step(),
                    stocks.per_stream(),
                    self.open_per_stream()
                )));
            }
        }
        if self.in_system.level() != open_end {
            return Err(RunError::Internal(format!(
                "the in-system level ({}) differs from the open cases ({open_end})",
                self.in_system.level()
            )));
        }
        // Conservation of hours: an officer pool's officers together worked exactly the case
        // work and the litigation work the pool started. And litigation jobs: waiting at the
        // window's start + queued = started + waiting at the end.
        for (spec, pool) in self.network.pools.iter().zip(&self.pools) {
            if let Some(desk) = &pool.desk {
                let worked: u64 = desk.officers.iter().map(|o| o.worked).sum();
                let started = pool.work_minutes_started + pool.litigation.minutes_started;
                if worked != started {
                    return Err(RunError::Internal(format!(
                        "hours not conserved in pool {}: officers worked {worked} minutes, the pool started {} of case work and {} of litigation",
                        spec.name, pool.work_minutes_started, pool.litigation.minutes_started
                    )));
                }
            }
            pool.litigation
                .check()
                .map_err(|why| RunError::Internal(format!("in pool {}: {why}", spec.name)))?;
        }
        let queued = self.cases.iter().filter(|c| c.waiting_at.is_some()).count();
        let waiting: u64 = self.pools.iter().map(|p| p.queue_level.level()).sum();
        if waiting != queued as u64 {
            return Err(RunError::Internal(format!(
                "the queue levels ({waiting}) differ from the queued cases ({queued})"
            )));
        }
        let horizon = self.window.horizon;
        let open_sojourn: u128 = self
            .cases
            .iter()
            .map(|case| u128::from(horizon.since(case.arrived.max(self.window.warmup_end))))
            .sum();
        let area = self.in_system.area_until(horizon);
        if area != self.sojourn_in_window + open_sojourn {
            return Err(RunError::Internal(format!(
                "Little's law identity violated: area under the number in system {area} != sum of sojourns in the window {}",
                self.sojourn_in_window + open_sojourn
            )));
        }
        let per_stream: u128 = self.open_minutes_per_stream().iter().sum();
        if per_stream != area {
            return Err(RunError::Internal(format!(
                "case-minutes per stream ({per_stream}) do not add up to the area under the number in system ({area})"
            )));
        }
        if self.network.law.is_some() {
            // The figures per year, stream and track add up to the totals.
            self.decisions
                .yearly
                .check(&self.decisions.by_year)
                .and_then(|()| self.book.check())
                .map_err(|why| {
                    RunError::Internal(format!("yearly figures do not add up: {why}"))
                })?;
        }
        self.check_flows()
    }
}

/// How a case leaves the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exit {
    /// Decided: its last step led to the exit.
    Completed,
    /// Withdrawn while waiting: its applicant's patience ran out.
    Withdrawn,
}

/// True when `holds` holds for `network` or for the network of one of its dated changes.
fn in_any_version(network: &Network, holds: impl Fn(&Network) -> bool) -> bool {
    std::iter::once(network)
        .chain(network.changes.iter().map(|change| &change.network))
        .any(holds)
}

/// True when `network` has no verkeerstoren at work: a trivial policy and perfect information.
fn tower_idle(network: &Network) -> bool {
    network.policy.is_trivial() && network.information.is_none()
}

/// The officer of a `WorkDone` in an aggregate pool.
const NO_OFFICER: u16 = u16::MAX;

/// The priority class a case queues with at a step: the more urgent of its own and the step's.
pub(crate) fn queue_priority(case: u8, step: Option<u8>) -> u8 {
    step.map_or(case, |step| step.min(case))
}

/// The first day not wholly inside a run that ends at `horizon`: payments and decisions up to the
/// day before count in the run.
pub(crate) fn end_day(horizon: SimTime) -> i64 {
    horizon.minutes().div_ceil(MINUTES_PER_DAY) as i64
}

/// How far before the run's start a deadline key can reach: deadline keys are minutes from this
/// many minutes before the start (about two million years), so that deadlines that passed before
/// the start keep their order (the oldest expired term first) instead of all tying at the start.
pub(crate) const DUE_EPOCH: u64 = 1 << 40;

/// The deadline key of the start of day `day` (from the run's start, negative before it); see
/// [`DUE_EPOCH`].
pub(crate) fn due_of_day(day: i64) -> SimTime {
    let minutes = DUE_EPOCH as i64 + day.saturating_mul(crate::engine::MINUTES_PER_DAY as i64);
    SimTime(minutes.max(0) as u64)
}

/// The deadline key `minutes` after `time` (a time of the run); see [`DUE_EPOCH`].
pub(crate) fn due_after_time(time: SimTime, minutes: u64) -> SimTime {
    SimTime(DUE_EPOCH).after(time.minutes()).after(minutes)
}

/// The deadline a case is ordered by under earliest-deadline-first, as a key from
/// [`DUE_EPOCH`]: `due_after` its arrival when the stream sets one, else the expiry of its
/// decision term (the start of the day after its last day, which may lie before the run), else
/// never. Only the keys' order matters: they are compared with each other, never with the clock.
pub(crate) fn due_time(due_after: Option<u64>, arrived: SimTime, term_end: i64) -> SimTime {
    match due_after {
        Some(minutes) => due_after_time(arrived, minutes),
        None if term_end == i64::MAX => SimTime::NEVER,
        None => due_of_day(term_end + 1),
    }
}

/// Draws the group, track, features and location of a new case of `stream` from the case's own
/// attribute stream. The number of draws is fixed by the network, not by earlier outcomes.
pub(crate) fn draw_attributes<R: rand::Rng + ?Sized>(
    network: &Network,
    stream: StreamIdx,
    group: Option<u8>,
    rng: &mut R,
) -> CaseAttributes {
    // A table with one entry needs no draw (the case stream stays aligned across scenarios of
    // the same structure, which is what common random numbers compare).
    let mut pick = |table: &crate::model::CumulativeTable| {
        if table.cumulative.len() == 1 {
            0
        } else {
            table.pick(rng.random())
        }
    };
    let spec = &network.streams[stream.0 as usize];
    let group = match group {
        Some(group) => usize::from(group),
        None => pick(&spec.groups),
    };
    let group_spec = &network.attributes.groups[group];
    let track = pick(&group_spec.tracks);
    let mut features = 0u32;
    for &(bit, p) in &group_spec.features {
        let u: f64 = rng.random();
        if u < p {
            features |= 1 << bit;
        }
    }
    let location = if spec.locations.cumulative.len() == 1 {
        0
    } else {
        spec.locations.pick(rng.random())
    };
    CaseAttributes {
        stream: stream.0,
        group: group as u8,
        track: track as u8,
        location: location as u8,
        features,
        route: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Dist, MINUTES_PER_DAY};
    use crate::model::{
        ArrivalProcess, Attributes, CumulativeTable, Discipline, GroupSpec, PoolSpec, SourceSpec,
        StepSpec, StreamSpec, TrackSpec,
    };

    /// D/D/1: a case every 10 minutes, 15 minutes of work each, one server.
    fn dd1() -> Network {
        Network {
            pools: vec![PoolSpec {
                name: "officer".into(),
                servers: 1,
                capacity_changes: vec![],
                discipline: Discipline::Fifo,
                calendar: None,
                work_factor: 1.0,
                officers: None,
            }],
            roles: vec![],
            steps: vec![StepSpec {
                name: "work".into(),
                activity: Activity::Work {
                    worker: Worker::Pool(PoolIdx(0)),
                    work: Dist::fixed(15.0).unwrap(),
                },
                next: Next::Always(Outcome::Go(Target::Exit)),
                phase: None,
                hearing: false,
                priority: None,
                outcome: None,
            }],
            sources: vec![SourceSpec {
                stream: StreamIdx(0),
                group: None,
                process: ArrivalProcess::Renewal {
                    interarrival: Dist::fixed(10.0).unwrap(),
                },
            }],
            streams: vec![StreamSpec {
                name: "cases".into(),
                entry: StepIdx(0),
                priority: 0,
                due_after: None,
                groups: CumulativeTable::single(),
                locations: CumulativeTable::single(),
                patience: None,
            }],
            attributes: Attributes {
                groups: vec![GroupSpec {
                    name: "all".into(),
                    tracks: CumulativeTable::single(),
                    features: vec![],
                }],
                tracks: vec![TrackSpec { name: "all".into() }],
                locations: vec!["all".into()],
                features: vec![],
                routes: vec!["standard".into()],
            },
            calendars: vec![],
            law: None,
            backlog: Default::default(),
            dates: None,
            months: None,
            policy: Default::default(),
            information: None,
            staff_cost_eur: None,
            staff_cost_by_year_eur: Vec::new(),
            staff_plan: crate::model::StaffPlan::default(),
            reception: None,
            changes: Vec::new(),
            within_months: vec![],
            outcomes: vec![],
            follow_ups: vec![],
        }
    }

    /// One replication of `network` over 100 minutes: its catalogue and values.
    fn run_100_minutes(network: &Network) -> (Catalogue, Vec<f64>) {
        let window = RunWindow {
            warmup_end: SimTime::ZERO,
            horizon: SimTime(100),
        };
        let catalogue = Catalogue::new(network, window.horizon).unwrap();
        let measured =
            run_replication(network, window, &catalogue, RandomStreams::new(1, 0)).unwrap();
        (catalogue, measured.values)
    }

    /// D/D/1 worked by hand: a case every 10 minutes, 15 minutes of work each, one server,
    /// horizon 100 minutes (events at 100 belong to after the run). Arrivals at 10, 20, ..., 90;
    /// work starts at 10, 25, 40, 55, 70 and 85 (waits 0, 5, ..., 25 minutes); completions at
    /// 25, 40, 55, 70 and 85.
    #[test]
    fn deterministic_queue_matches_hand_computation() {
        let network = dd1();
        let (catalogue, values) = run_100_minutes(&network);
        let m = Named(&catalogue, &values);
        let day = MINUTES_PER_DAY as f64;
        assert_eq!(m.get("arrived"), Some(9.0));
        assert_eq!(m.get("completed"), Some(5.0));
        assert_eq!(m.get("in_system_end"), Some(4.0));
        assert_eq!(m.get("wait_days_mean"), Some(12.5 / day));
        assert_eq!(m.get("throughput_days_mean"), Some(25.0 / day));
        // Busy from 10 to 100: 90 of 100 minutes.
        assert_eq!(m.get("utilisation_officer"), Some(0.9));
        // Queue: the waits of the cases that started (5 + 10 + ... + 25 = 75) plus the waits so
        // far of the cases still queued at 100 (cases 7, 8, 9 arrived at 70, 80, 90: 30 + 20 + 10).
        assert_eq!(m.get("queue_length_mean"), Some((75.0 + 60.0) / 100.0));
        // Little's law as an identity: sojourns within the window (completed 15 + ... + 35 =
        // 125; open since 60, 70, 80, 90: 40 + 30 + 20 + 10 = 100).
        assert_eq!(m.get("in_system_mean"), Some((125.0 + 100.0) / 100.0));
        assert!(m.get("no_such_metric").is_none());
    }

    /// The D/D/1 with a patience of 12 minutes, worked by hand. Arrivals at 10, 20, ..., 90.
    /// Case 1 starts at 10 (done 25); case 2 waits until 25 (done 40); case 3 until 40 (done
    /// 55; the completion at 40 was filed before the arrival at 40, so case 4 queues behind
    /// it); case 4 withdraws at 52; case 5 starts at 55 (done 70); case 6 at 70 (done 85); case
    /// 7 withdraws at 82; case 8 starts at 85; case 9 waits at the horizon (patience until 102).
    #[test]
    fn impatient_cases_leave_unserved_by_hand_computation() {
        let mut network = dd1();
        network.streams[0].patience = Some(Dist::fixed(12.0).unwrap());
        let (catalogue, values) = run_100_minutes(&network);
        let m = Named(&catalogue, &values);
        let day = MINUTES_PER_DAY as f64;
        assert_eq!(m.get("arrived"), Some(9.0));
        assert_eq!(m.get("completed"), Some(5.0));
        assert_eq!(m.get("withdrawn"), Some(2.0));
        assert_eq!(m.get("in_system_end"), Some(2.0));
        // Waits of the six cases served: 0, 5, 10, 5, 10, 5 minutes.
        assert_eq!(m.get("wait_days_mean"), Some(35.0 / 6.0 / day));
        // Queue: served cases waited 35 minutes, the withdrawn 12 each, case 9 10 so far.
        assert_eq!(
            m.get("queue_length_mean"),
            Some((35.0 + 24.0 + 10.0) / 100.0)
        );
        // Without patience the scenario has no withdrawals to report.
        let plain = Catalogue::new(&dd1(), SimTime(100)).unwrap();
        assert!(plain.find("withdrawn").is_none());
    }

    /// Values read by metric name.
    struct Named<'a>(&'a Catalogue, &'a [f64]);

    impl Named<'_> {
        fn get(&self, name: &str) -> Option<f64> {
            self.0.find(name).map(|idx| self.1[idx])
        }
    }
}
