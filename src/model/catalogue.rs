//! The metric catalogue: every figure a run reports, as a typed key with its unit, better
//! direction, headline status and meaning stated once, here.
//!
//! Key types: [`MetricKey`] (a metric of `summary.csv` and `replications.csv`),
//! [`MonthlyColumn`] (a column of `monthly.csv`), [`Catalogue`] (the metrics of one scenario in
//! output order, with their names) and [`Clash`] (two metrics that would get the same name).
//!
//! **Invariant:** a metric's name is rendered in one place ([`MetricKey::name`]) and parsed in one
//! place ([`Catalogue::find`], [`Catalogue::target`]), at the input boundary (`--metric`, plan
//! targets such as `backlog@2027-06`, sweeps). Nothing else builds or takes apart a metric name.
//! Every name is unique within a scenario: a scenario whose entity names would make two metrics
//! share a name is refused by the validator (see [`Catalogue::new`]), because names documented
//! today must keep meaning what they mean. Names are built once per scenario, never per
//! replication.

use std::collections::HashMap;

use crate::calendar::Dates;
use crate::engine::{MINUTES_PER_DAY, SimTime};
use crate::model::{Activity, Network, PoolIdx, StepIdx};
use crate::stats::Unit;

/// Which way is better for a metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Larger values are better (shares decided in time, decisions, utilisation).
    Higher,
    /// Smaller values are better (times, backlogs, penalties, costs).
    Lower,
    /// Neither: a description of the input or of the load (arrivals, hours worked).
    Neither,
}

impl Direction {
    /// `higher`, `lower` or `neither`, as in `metrics.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Neither => "neither",
        }
    }
}

/// Whose cases a flow metric counts: all, or one stream's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Flow {
    /// Every case.
    All,
    /// The cases of one stream (index into `Network::streams`).
    Stream(u16),
}

/// Whose cases a throughput-time mean covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cases {
    /// Every completed case.
    All,
    /// The cases of one stream.
    Stream(u16),
    /// The decided cases of one track (spoor).
    Track(u16),
    /// The decided cases of one location.
    Location(u16),
}

/// Which decisions a within-term share covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decisions {
    /// Every decision in the window.
    All,
    /// The decisions of one stream.
    Stream(u16),
    /// The decisions of one track.
    Track(u16),
    /// The decisions taken in one calendar year.
    Year(i16),
}

/// The kind of money a penalty metric adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PenaltyPart {
    /// Administrative plus court penalty payments (dwangsommen).
    Total,
    /// Administrative penalty payments (Awb 4:17).
    Admin,
    /// Penalty payments a court ordered.
    Court,
}

impl PenaltyPart {
    /// `total`, `admin` or `court`, as in `risk.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            PenaltyPart::Total => "total",
            PenaltyPart::Admin => "admin",
            PenaltyPart::Court => "court",
        }
    }
}

/// One metric of a replication. Indices refer to the scenario's [`Network`]; the name comes from
/// [`MetricKey::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetricKey {
    /// `arrived`, `arrived_<stream>`: cases that arrived in the window.
    Arrived(Flow),
    /// `completed`, `completed_<stream>`: cases that left the system in the window.
    Completed(Flow),
    /// `wait_days_mean`, `wait_days_mean_<stream>`: mean wait before a case's first work.
    WaitDaysMean(Flow),
    /// `throughput_days_mean` and per stream, track and location: mean throughput time.
    ThroughputDaysMean(Cases),
    /// `wait_probability`: share of arrivals whose first work did not start at once.
    WaitProbability,
    /// `in_system_start`, `in_system_start_<stream>`: open cases when the window starts.
    InSystemStart(Flow),
    /// `in_system_end`, `in_system_end_<stream>`: open cases at the horizon.
    InSystemEnd(Flow),
    /// `arrival_rate_per_day`: arrivals per day of the window.
    ArrivalRatePerDay,
    /// `in_system_mean`: time-average number of open cases (L).
    InSystemMean,
    /// `queue_length_mean`: time-average number of cases waiting in any queue.
    QueueLengthMean,
    /// `utilisation_<pool>`: busy staff time over staff time present.
    Utilisation(PoolIdx),
    /// `busy_servers_mean_<pool>`: average number of busy staff.
    BusyServersMean(PoolIdx),
    /// `queue_length_mean_<pool>`: time-average queue length in front of the pool.
    PoolQueueLengthMean(PoolIdx),
    /// `queue_wait_days_mean_<pool>`: mean wait per visit in the pool's queue.
    PoolQueueWaitDaysMean(PoolIdx),
    /// `work_started_<pool>`: pieces of work the pool started.
    WorkStarted(PoolIdx),
    /// `workload_cv_<pool>`: coefficient of variation of the officers' hours.
    WorkloadCv(PoolIdx),
    /// `team_hours_<pool>_<team>`: hours the team's officers worked.
    TeamHours(PoolIdx, u16),
    /// `team_work_started_<pool>_<team>`: pieces of work the team started.
    TeamWorkStarted(PoolIdx, u16),
    /// `throughput_days_p50`, `throughput_days_p50_<track>`: median throughput time.
    ThroughputDaysP50(Option<u16>),
    /// `throughput_days_p90`, `throughput_days_p90_<track>`: 90th percentile throughput time.
    ThroughputDaysP90(Option<u16>),
    /// `aa_to_va_share`: of the decided cases that went through the AA, the share that went on
    /// to the VA.
    AaToVaShare,
    /// `decided`, `decided_<year>`: decisions in the window, or in a calendar year.
    Decided(Option<i16>),
    /// `within_term_share` and per stream, track and year: share decided within term.
    WithinTermShare(Decisions),
    /// `backlog_end`, `backlog_end_<year>`: open cases at the horizon, or at the end of 31
    /// December of a year.
    BacklogEnd(Option<i16>),
    /// `past_term_end`: open cases at the horizon whose term has expired.
    PastTermEnd,
    /// `notices`: notices of default received.
    Notices,
    /// `court_cases`: court judgments on not deciding in time.
    CourtCases,
    /// `penalty_eur_total`, `penalty_eur_admin`, `penalty_eur_court`, `penalty_eur_<year>`,
    /// `penalty_eur_admin_<year>`, `penalty_eur_court_<year>`, `penalty_eur_<stream>`: penalty
    /// payments of a kind, over the run or in a calendar year of payment, for all streams or
    /// one.
    Penalty {
        /// Which payments.
        part: PenaltyPart,
        /// The calendar year of payment; `None` for the whole run.
        year: Option<i16>,
        /// The stream; `None` for all.
        stream: Option<u16>,
    },
    /// `court_costs_eur`: procedural costs paid on court judgments.
    CourtCosts,
    /// `penalty_eur_accrued_open`: penalties accrued on cases still open, not yet payable.
    PenaltyAccruedOpen,
    /// `staff_cost_eur`: payroll over the window.
    StaffCost,
    /// `reception_days`: case-days of the reception streams in the window.
    ReceptionDays,
    /// `reception_cost_eur`: reception days times the cost per day.
    ReceptionCost,
    /// `total_cost_eur`: staff, reception, penalties and court costs.
    TotalCost,
    /// `routed_share_<route>`: share of new cases the verkeerstoren sent down a route variant.
    RoutedShare(u16),
    /// `misrouted_share`: share of new cases routed otherwise than perfect information would.
    MisroutedShare,
}

/// A column of `monthly.csv`: a flow counted over a calendar month, or a stock at its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MonthlyColumn {
    /// `arrivals`: cases that arrived in the month.
    Arrivals,
    /// `decided`: decisions in the month.
    Decided,
    /// `within_term_share`: share of the month's decisions taken within term.
    WithinTermShare,
    /// `notices`: notices of default received in the month.
    Notices,
    /// `court_cases`: court judgments in the month.
    CourtCases,
    /// `penalty_eur`: penalty payments (admin + court) paid in the month.
    PenaltyEur,
    /// `backlog`: open cases at the month's end.
    Backlog,
    /// `past_term`: open cases past their term at the month's end.
    PastTerm,
    /// `backlog_<stream>`: open cases of a stream at the month's end.
    BacklogOfStream(u16),
    /// `backlog_at_<step>`: cases waiting for or in a step at the month's end.
    BacklogAtStep(StepIdx),
}

/// A metric of a scenario: its key, its name and its meaning for this scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricDef {
    /// The key.
    pub key: MetricKey,
    /// The name in `summary.csv`, `replications.csv` and `--metric`.
    pub name: String,
    /// One sentence saying what it measures, with this scenario's entity names.
    pub meaning: String,
}

/// A column of `monthly.csv` of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthlyDef {
    /// The column.
    pub column: MonthlyColumn,
    /// Its name in `monthly.csv` and in targets such as `backlog@2027-06`.
    pub name: String,
    /// One sentence saying what it measures.
    pub meaning: String,
}

/// What a plan or comparison aims at: a metric, or a monthly column at the end of a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A metric, by its index in the catalogue.
    Metric(usize),
    /// A monthly column (index in [`Catalogue::monthly`]) at the end of a month (index into the
    /// run's months).
    MonthEnd {
        /// The column's index.
        column: usize,
        /// The month's index, 0 for the month the run starts in.
        month: usize,
    },
}

/// Two metrics (or monthly columns) of a scenario that would get the same name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clash {
    /// The name both would get.
    pub name: String,
    /// What the first one measures (e.g. "penalty payments of all streams").
    pub first: String,
    /// What the second one measures (e.g. "penalty payments of stream \"total\"").
    pub second: String,
    /// The scenario keys whose names cause it, e.g. `stream[].name "total"`.
    pub field: String,
}

/// The metrics and monthly columns of one scenario, in output order, with their names.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalogue {
    metrics: Vec<MetricDef>,
    monthly: Vec<MonthlyDef>,
    by_name: HashMap<String, usize>,
    months: Vec<String>,
    streams: Vec<String>,
}

impl Catalogue {
    /// The catalogue of `network` run to `horizon`, or every pair of metrics whose names would
    /// clash (entity names that meet in one metric name, such as a stream named `total`).
    pub fn new(network: &Network, horizon: SimTime) -> Result<Catalogue, Vec<Clash>> {
        let keys = metric_keys(network, horizon);
        let metrics: Vec<MetricDef> = keys
            .into_iter()
            .map(|key| MetricDef {
                name: key.name(network),
                meaning: key.meaning(network),
                key,
            })
            .collect();
        let monthly: Vec<MonthlyDef> = monthly_columns(network)
            .into_iter()
            .map(|column| MonthlyDef {
                name: column.name(network),
                meaning: column.meaning(network),
                column,
            })
            .collect();
        let mut clashes = Vec::new();
        let mut by_name = HashMap::with_capacity(metrics.len());
        for (idx, def) in metrics.iter().enumerate() {
            if let Some(&first) = by_name.get(&def.name) {
                let first: &MetricDef = &metrics[first];
                clashes.push(Clash {
                    name: def.name.clone(),
                    first: first.meaning.clone(),
                    second: def.meaning.clone(),
                    field: entity_field(
                        def.key.entity_field(network),
                        first.key.entity_field(network),
                    ),
                });
            } else {
                by_name.insert(def.name.clone(), idx);
            }
        }
        let mut monthly_names: HashMap<&str, &MonthlyDef> = HashMap::new();
        for def in &monthly {
            if let Some(first) = monthly_names.insert(&def.name, def) {
                clashes.push(Clash {
                    name: def.name.clone(),
                    first: first.meaning.clone(),
                    second: def.meaning.clone(),
                    field: entity_field(
                        def.column.entity_field(network),
                        first.column.entity_field(network),
                    ),
                });
            }
        }
        if !clashes.is_empty() {
            return Err(clashes);
        }
        let months = network
            .months
            .as_ref()
            .map(|m| (0..m.len()).map(|idx| m.label(idx)).collect())
            .unwrap_or_default();
        Ok(Catalogue {
            metrics,
            monthly,
            by_name,
            months,
            streams: network.streams.iter().map(|s| s.name.clone()).collect(),
        })
    }

    /// The metrics, in output order.
    pub fn metrics(&self) -> &[MetricDef] {
        &self.metrics
    }

    /// The columns of `monthly.csv`, in output order (empty without a start date).
    pub fn monthly(&self) -> &[MonthlyDef] {
        &self.monthly
    }

    /// The month labels (`YYYY-MM`) of the run, for scenarios with a start date.
    pub fn months(&self) -> &[String] {
        &self.months
    }

    /// The name of stream `idx` (as in [`Flow::Stream`]).
    pub fn stream(&self, idx: u16) -> &str {
        &self.streams[usize::from(idx)]
    }

    /// Number of metrics.
    pub fn len(&self) -> usize {
        self.metrics.len()
    }

    /// True for a catalogue without metrics (never for a validated scenario).
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// The index of the metric called `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The metric called `name`.
    pub fn get(&self, name: &str) -> Option<&MetricDef> {
        self.find(name).map(|idx| &self.metrics[idx])
    }

    /// The index of the metric with `key`.
    pub fn index_of(&self, key: MetricKey) -> Option<usize> {
        self.metrics.iter().position(|m| m.key == key)
    }

    /// The index of monthly column `name`.
    pub fn find_monthly(&self, name: &str) -> Option<usize> {
        self.monthly.iter().position(|m| m.name == name)
    }

    /// Parses what a plan or comparison aims at: a metric name, or `COLUMN@YYYY-MM` for a
    /// monthly column at the end of a month (`backlog@2027-06`).
    pub fn target(&self, text: &str) -> Option<Target> {
        if let Some(idx) = self.find(text) {
            return Some(Target::Metric(idx));
        }
        let (column, month) = text.split_once('@')?;
        Some(Target::MonthEnd {
            column: self.find_monthly(column)?,
            month: self.months.iter().position(|m| m == month)?,
        })
    }

    /// The unit of a target.
    pub fn target_unit(&self, target: Target) -> Unit {
        match target {
            Target::Metric(idx) => self.metrics[idx].key.unit(),
            Target::MonthEnd { column, .. } => self.monthly[column].column.unit(),
        }
    }

    /// The unit of metric or target `text`; [`Unit::Number`] for a name not in the catalogue.
    pub fn unit_of(&self, text: &str) -> Unit {
        self.target(text)
            .map_or(Unit::Number, |target| self.target_unit(target))
    }

    /// Which way is better for metric or target `text`; [`Direction::Neither`] when unknown.
    pub fn direction_of(&self, text: &str) -> Direction {
        match self.target(text) {
            Some(Target::Metric(idx)) => self.metrics[idx].key.direction(),
            Some(Target::MonthEnd { column, .. }) => self.monthly[column].column.direction(),
            None => Direction::Neither,
        }
    }
}

impl MetricKey {
    /// The metric's name, with the scenario's entity names (`utilisation_decision_ter_apel`).
    pub fn name(&self, network: &Network) -> String {
        let n = Names(network);
        match *self {
            MetricKey::Arrived(flow) => flow_name("arrived", flow, n),
            MetricKey::Completed(flow) => flow_name("completed", flow, n),
            MetricKey::WaitDaysMean(flow) => flow_name("wait_days_mean", flow, n),
            MetricKey::ThroughputDaysMean(cases) => match cases {
                Cases::All => "throughput_days_mean".into(),
                Cases::Stream(s) => format!("throughput_days_mean_{}", n.stream(s)),
                Cases::Track(t) => format!("throughput_days_mean_{}", n.track(t)),
                Cases::Location(l) => format!("throughput_days_mean_{}", n.location(l)),
            },
            MetricKey::WaitProbability => "wait_probability".into(),
            MetricKey::InSystemStart(flow) => flow_name("in_system_start", flow, n),
            MetricKey::InSystemEnd(flow) => flow_name("in_system_end", flow, n),
            MetricKey::ArrivalRatePerDay => "arrival_rate_per_day".into(),
            MetricKey::InSystemMean => "in_system_mean".into(),
            MetricKey::QueueLengthMean => "queue_length_mean".into(),
            MetricKey::Utilisation(p) => format!("utilisation_{}", n.pool(p)),
            MetricKey::BusyServersMean(p) => format!("busy_servers_mean_{}", n.pool(p)),
            MetricKey::PoolQueueLengthMean(p) => format!("queue_length_mean_{}", n.pool(p)),
            MetricKey::PoolQueueWaitDaysMean(p) => {
                format!("queue_wait_days_mean_{}", n.pool(p))
            }
            MetricKey::WorkStarted(p) => format!("work_started_{}", n.pool(p)),
            MetricKey::WorkloadCv(p) => format!("workload_cv_{}", n.pool(p)),
            MetricKey::TeamHours(p, t) => format!("team_hours_{}_{}", n.pool(p), n.team(p, t)),
            MetricKey::TeamWorkStarted(p, t) => {
                format!("team_work_started_{}_{}", n.pool(p), n.team(p, t))
            }
            MetricKey::ThroughputDaysP50(track) => track_name("throughput_days_p50", track, n),
            MetricKey::ThroughputDaysP90(track) => track_name("throughput_days_p90", track, n),
            MetricKey::AaToVaShare => "aa_to_va_share".into(),
            MetricKey::Decided(None) => "decided".into(),
            MetricKey::Decided(Some(year)) => format!("decided_{year}"),
            MetricKey::WithinTermShare(decisions) => match decisions {
                Decisions::All => "within_term_share".into(),
                Decisions::Stream(s) => format!("within_term_share_{}", n.stream(s)),
                Decisions::Track(t) => format!("within_term_share_{}", n.track(t)),
                Decisions::Year(year) => format!("within_term_share_{year}"),
            },
            MetricKey::BacklogEnd(None) => "backlog_end".into(),
            MetricKey::BacklogEnd(Some(year)) => format!("backlog_end_{year}"),
            MetricKey::PastTermEnd => "past_term_end".into(),
            MetricKey::Notices => "notices".into(),
            MetricKey::CourtCases => "court_cases".into(),
            MetricKey::Penalty { part, year, stream } => match (part, year, stream) {
                (_, None, None) => format!("penalty_eur_{}", part.as_str()),
                (PenaltyPart::Total, Some(year), _) => format!("penalty_eur_{year}"),
                (_, Some(year), _) => format!("penalty_eur_{}_{year}", part.as_str()),
                (PenaltyPart::Total, None, Some(s)) => format!("penalty_eur_{}", n.stream(s)),
                (_, None, Some(s)) => format!("penalty_eur_{}_{}", part.as_str(), n.stream(s)),
            },
            MetricKey::CourtCosts => "court_costs_eur".into(),
            MetricKey::PenaltyAccruedOpen => "penalty_eur_accrued_open".into(),
            MetricKey::StaffCost => "staff_cost_eur".into(),
            MetricKey::ReceptionDays => "reception_days".into(),
            MetricKey::ReceptionCost => "reception_cost_eur".into(),
            MetricKey::TotalCost => "total_cost_eur".into(),
            MetricKey::RoutedShare(r) => format!("routed_share_{}", n.route(r)),
            MetricKey::MisroutedShare => "misrouted_share".into(),
        }
    }

    /// The name with placeholders for entity names and years, as the README lists it
    /// (`utilisation_<pool>`, `penalty_eur_admin_<year>`).
    pub fn template(&self) -> String {
        let flow = |base: &str, flow: Flow| match flow {
            Flow::All => base.to_string(),
            Flow::Stream(_) => format!("{base}_<stream>"),
        };
        let track = |base: &str, track: Option<u16>| match track {
            None => base.to_string(),
            Some(_) => format!("{base}_<track>"),
        };
        match *self {
            MetricKey::Arrived(f) => flow("arrived", f),
            MetricKey::Completed(f) => flow("completed", f),
            MetricKey::WaitDaysMean(f) => flow("wait_days_mean", f),
            MetricKey::ThroughputDaysMean(cases) => match cases {
                Cases::All => "throughput_days_mean".into(),
                Cases::Stream(_) => "throughput_days_mean_<stream>".into(),
                Cases::Track(_) => "throughput_days_mean_<track>".into(),
                Cases::Location(_) => "throughput_days_mean_<location>".into(),
            },
            MetricKey::InSystemStart(f) => flow("in_system_start", f),
            MetricKey::InSystemEnd(f) => flow("in_system_end", f),
            MetricKey::Utilisation(_) => "utilisation_<pool>".into(),
            MetricKey::BusyServersMean(_) => "busy_servers_mean_<pool>".into(),
            MetricKey::PoolQueueLengthMean(_) => "queue_length_mean_<pool>".into(),
            MetricKey::PoolQueueWaitDaysMean(_) => "queue_wait_days_mean_<pool>".into(),
            MetricKey::WorkStarted(_) => "work_started_<pool>".into(),
            MetricKey::WorkloadCv(_) => "workload_cv_<pool>".into(),
            MetricKey::TeamHours(..) => "team_hours_<pool>_<team>".into(),
            MetricKey::TeamWorkStarted(..) => "team_work_started_<pool>_<team>".into(),
            MetricKey::ThroughputDaysP50(t) => track("throughput_days_p50", t),
            MetricKey::ThroughputDaysP90(t) => track("throughput_days_p90", t),
            MetricKey::Decided(Some(_)) => "decided_<year>".into(),
            MetricKey::WithinTermShare(decisions) => match decisions {
                Decisions::All => "within_term_share".into(),
                Decisions::Stream(_) => "within_term_share_<stream>".into(),
                Decisions::Track(_) => "within_term_share_<track>".into(),
                Decisions::Year(_) => "within_term_share_<year>".into(),
            },
            MetricKey::BacklogEnd(Some(_)) => "backlog_end_<year>".into(),
            MetricKey::Penalty { part, year, stream } => match (part, year, stream) {
                (_, None, None) => format!("penalty_eur_{}", part.as_str()),
                (PenaltyPart::Total, Some(_), _) => "penalty_eur_<year>".into(),
                (_, Some(_), _) => format!("penalty_eur_{}_<year>", part.as_str()),
                (PenaltyPart::Total, None, Some(_)) => "penalty_eur_<stream>".into(),
                (_, None, Some(_)) => format!("penalty_eur_{}_<stream>", part.as_str()),
            },
            MetricKey::RoutedShare(_) => "routed_share_<route>".into(),
            MetricKey::WaitProbability
            | MetricKey::ArrivalRatePerDay
            | MetricKey::InSystemMean
            | MetricKey::QueueLengthMean
            | MetricKey::AaToVaShare
            | MetricKey::Decided(None)
            | MetricKey::BacklogEnd(None)
            | MetricKey::PastTermEnd
            | MetricKey::Notices
            | MetricKey::CourtCases
            | MetricKey::CourtCosts
            | MetricKey::PenaltyAccruedOpen
            | MetricKey::StaffCost
            | MetricKey::ReceptionDays
            | MetricKey::ReceptionCost
            | MetricKey::TotalCost
            | MetricKey::MisroutedShare => self.fixed_name(),
        }
    }

    /// The name of a metric that carries no entity name or year.
    fn fixed_name(&self) -> String {
        match self {
            MetricKey::WaitProbability => "wait_probability",
            MetricKey::ArrivalRatePerDay => "arrival_rate_per_day",
            MetricKey::InSystemMean => "in_system_mean",
            MetricKey::QueueLengthMean => "queue_length_mean",
            MetricKey::AaToVaShare => "aa_to_va_share",
            MetricKey::Decided(None) => "decided",
            MetricKey::BacklogEnd(None) => "backlog_end",
            MetricKey::PastTermEnd => "past_term_end",
            MetricKey::Notices => "notices",
            MetricKey::CourtCases => "court_cases",
            MetricKey::CourtCosts => "court_costs_eur",
            MetricKey::PenaltyAccruedOpen => "penalty_eur_accrued_open",
            MetricKey::StaffCost => "staff_cost_eur",
            MetricKey::ReceptionDays => "reception_days",
            MetricKey::ReceptionCost => "reception_cost_eur",
            MetricKey::TotalCost => "total_cost_eur",
            MetricKey::MisroutedShare => "misrouted_share",
            _ => unreachable!("fixed_name of a metric with an entity or year: {self:?}"),
        }
        .to_string()
    }

    /// What the metric measures.
    pub fn unit(&self) -> Unit {
        match self {
            MetricKey::Arrived(_)
            | MetricKey::Completed(_)
            | MetricKey::InSystemStart(_)
            | MetricKey::InSystemEnd(_)
            | MetricKey::WorkStarted(_)
            | MetricKey::TeamWorkStarted(..)
            | MetricKey::Decided(_)
            | MetricKey::BacklogEnd(_)
            | MetricKey::PastTermEnd
            | MetricKey::Notices
            | MetricKey::CourtCases => Unit::Count,
            MetricKey::WaitDaysMean(_)
            | MetricKey::ThroughputDaysMean(_)
            | MetricKey::PoolQueueWaitDaysMean(_)
            | MetricKey::ThroughputDaysP50(_)
            | MetricKey::ThroughputDaysP90(_)
            | MetricKey::ReceptionDays => Unit::Days,
            MetricKey::WaitProbability
            | MetricKey::Utilisation(_)
            | MetricKey::AaToVaShare
            | MetricKey::WithinTermShare(_)
            | MetricKey::RoutedShare(_)
            | MetricKey::MisroutedShare => Unit::Share,
            MetricKey::Penalty { .. }
            | MetricKey::CourtCosts
            | MetricKey::PenaltyAccruedOpen
            | MetricKey::StaffCost
            | MetricKey::ReceptionCost
            | MetricKey::TotalCost => Unit::Euro,
            MetricKey::ArrivalRatePerDay
            | MetricKey::InSystemMean
            | MetricKey::QueueLengthMean
            | MetricKey::BusyServersMean(_)
            | MetricKey::PoolQueueLengthMean(_)
            | MetricKey::WorkloadCv(_)
            | MetricKey::TeamHours(..) => Unit::Number,
        }
    }

    /// Which way is better.
    pub fn direction(&self) -> Direction {
        match self {
            MetricKey::Completed(_)
            | MetricKey::Decided(_)
            | MetricKey::WithinTermShare(_)
            | MetricKey::Utilisation(_) => Direction::Higher,
            MetricKey::Arrived(_)
            | MetricKey::InSystemStart(_)
            | MetricKey::ArrivalRatePerDay
            | MetricKey::BusyServersMean(_)
            | MetricKey::WorkStarted(_)
            | MetricKey::TeamHours(..)
            | MetricKey::TeamWorkStarted(..)
            | MetricKey::RoutedShare(_)
            | MetricKey::AaToVaShare => Direction::Neither,
            _ => Direction::Lower,
        }
    }

    /// True for the figures a planner reads first: the table printed after a run of a scenario
    /// with many metrics shows these.
    pub fn is_headline(&self) -> bool {
        matches!(
            self,
            MetricKey::Arrived(Flow::All)
                | MetricKey::Decided(None)
                | MetricKey::Completed(Flow::All)
                | MetricKey::WithinTermShare(_)
                | MetricKey::ThroughputDaysMean(Cases::All)
                | MetricKey::ThroughputDaysP50(None)
                | MetricKey::ThroughputDaysP90(None)
                | MetricKey::BacklogEnd(None)
                | MetricKey::PastTermEnd
                | MetricKey::AaToVaShare
                | MetricKey::Notices
                | MetricKey::CourtCases
                | MetricKey::Utilisation(_)
                | MetricKey::CourtCosts
                | MetricKey::StaffCost
                | MetricKey::ReceptionCost
                | MetricKey::TotalCost
                | MetricKey::Penalty {
                    part: PenaltyPart::Total,
                    stream: None,
                    ..
                }
        )
    }

    /// One sentence saying what the metric measures, with the scenario's entity names.
    pub fn meaning(&self, network: &Network) -> String {
        let n = Names(network);
        let of_flow = |flow: Flow| match flow {
            Flow::All => String::new(),
            Flow::Stream(s) => format!(" of stream {}", n.stream(s)),
        };
        match *self {
            MetricKey::Arrived(f) => format!("cases{} that arrived in the window", of_flow(f)),
            MetricKey::Completed(f) => {
                format!("cases{} that left the system (were decided) in the window", of_flow(f))
            }
            MetricKey::WaitDaysMean(f) => format!(
                "mean days from arrival to the start of the first work, cases{} that arrived in the window",
                of_flow(f)
            ),
            MetricKey::ThroughputDaysMean(cases) => format!(
                "mean throughput time (doorlooptijd) in days from arrival or lodging to completion{}",
                match cases {
                    Cases::All => String::new(),
                    Cases::Stream(s) => format!(", cases of stream {}", n.stream(s)),
                    Cases::Track(t) => format!(", cases decided in track {}", n.track(t)),
                    Cases::Location(l) => format!(", cases decided at location {}", n.location(l)),
                }
            ),
            MetricKey::WaitProbability => {
                "share of arrivals whose first work did not start on arrival (P(wait))".into()
            }
            MetricKey::InSystemStart(f) => {
                format!("open cases{} when the window starts", of_flow(f))
            }
            MetricKey::InSystemEnd(f) => format!("open cases{} at the horizon", of_flow(f)),
            MetricKey::ArrivalRatePerDay => "arrivals per day of the window".into(),
            MetricKey::InSystemMean => "time-average number of open cases (L)".into(),
            MetricKey::QueueLengthMean => {
                "time-average number of cases waiting in any pool's queue".into()
            }
            MetricKey::Utilisation(p) => format!(
                "busy staff time over staff time present in pool {} (working time on a calendar)",
                n.pool(p)
            ),
            MetricKey::BusyServersMean(p) => {
                format!("average number of busy staff in pool {}", n.pool(p))
            }
            MetricKey::PoolQueueLengthMean(p) => {
                format!("time-average queue length in front of pool {}", n.pool(p))
            }
            MetricKey::PoolQueueWaitDaysMean(p) => {
                format!("mean days per visit in the queue of pool {}", n.pool(p))
            }
            MetricKey::WorkStarted(p) => format!("pieces of work pool {} started", n.pool(p)),
            MetricKey::WorkloadCv(p) => format!(
                "coefficient of variation of the hours the officers of pool {} worked (0 is perfectly even)",
                n.pool(p)
            ),
            MetricKey::TeamHours(p, t) => format!(
                "hours worked by team {} of pool {}",
                n.team(p, t),
                n.pool(p)
            ),
            MetricKey::TeamWorkStarted(p, t) => format!(
                "pieces of work started by team {} of pool {}",
                n.team(p, t),
                n.pool(p)
            ),
            MetricKey::ThroughputDaysP50(t) => format!(
                "median throughput time in days{} (one-day resolution)",
                t.map_or(String::new(), |t| format!(", cases decided in track {}", n.track(t)))
            ),
            MetricKey::ThroughputDaysP90(t) => format!(
                "90th percentile of the throughput time in days{} (one-day resolution)",
                t.map_or(String::new(), |t| format!(", cases decided in track {}", n.track(t)))
            ),
            MetricKey::AaToVaShare => {
                "of the decided cases that went through the AA, the share that went on to the VA"
                    .into()
            }
            MetricKey::Decided(None) => "decisions in the window".into(),
            MetricKey::Decided(Some(year)) => format!("decisions taken in {year}"),
            MetricKey::WithinTermShare(decisions) => format!(
                "share of decisions{} taken within the decision term (beslistermijn)",
                match decisions {
                    Decisions::All => String::new(),
                    Decisions::Stream(s) => format!(" of stream {}", n.stream(s)),
                    Decisions::Track(t) => format!(" in track {}", n.track(t)),
                    Decisions::Year(year) => format!(" taken in {year}"),
                }
            ),
            MetricKey::BacklogEnd(None) => "open cases at the horizon (werkvoorraad)".into(),
            MetricKey::BacklogEnd(Some(year)) => {
                format!("open cases at the end of 31 December {year}")
            }
            MetricKey::PastTermEnd => "open cases at the horizon past their term".into(),
            MetricKey::Notices => "notices of default (ingebrekestellingen) received".into(),
            MetricKey::CourtCases => {
                "court judgments on appeals against not deciding in time".into()
            }
            MetricKey::Penalty { part, year, stream } => format!(
                "{} paid{}{}",
                match part {
                    PenaltyPart::Total => "penalty payments (dwangsommen, administrative and court)",
                    PenaltyPart::Admin => "administrative penalty payments (Awb 4:17)",
                    PenaltyPart::Court => "court-ordered penalty payments",
                },
                stream.map_or(String::new(), |s| format!(" on cases of stream {}", n.stream(s))),
                year.map_or(" in the window".to_string(), |y| format!(" in {y}"))
            ),
            MetricKey::CourtCosts => "procedural costs paid on court judgments, euro".into(),
            MetricKey::PenaltyAccruedOpen => {
                "penalties accrued on cases still open at the horizon, not yet payable".into()
            }
            MetricKey::StaffCost => "payroll of all pools over the window, euro".into(),
            MetricKey::ReceptionDays => {
                "days that cases of the reception streams were open in the window".into()
            }
            MetricKey::ReceptionCost => "reception (opvang) cost of those days, euro".into(),
            MetricKey::TotalCost => {
                "staff, reception, penalty payments and court costs, euro".into()
            }
            MetricKey::RoutedShare(r) => format!(
                "share of new cases the verkeerstoren sent down route {}",
                n.route(r)
            ),
            MetricKey::MisroutedShare => {
                "share of new cases routed otherwise than perfect information would".into()
            }
        }
    }

    /// The scenario key whose value went into the name, for a clash message (`run` for none).
    fn entity_field(&self, network: &Network) -> String {
        let n = Names(network);
        match *self {
            MetricKey::Arrived(Flow::Stream(s))
            | MetricKey::Completed(Flow::Stream(s))
            | MetricKey::WaitDaysMean(Flow::Stream(s))
            | MetricKey::InSystemStart(Flow::Stream(s))
            | MetricKey::InSystemEnd(Flow::Stream(s))
            | MetricKey::ThroughputDaysMean(Cases::Stream(s))
            | MetricKey::WithinTermShare(Decisions::Stream(s))
            | MetricKey::Penalty {
                stream: Some(s), ..
            } => format!("stream[].name \"{}\"", n.stream(s)),
            MetricKey::ThroughputDaysMean(Cases::Track(t))
            | MetricKey::ThroughputDaysP50(Some(t))
            | MetricKey::ThroughputDaysP90(Some(t))
            | MetricKey::WithinTermShare(Decisions::Track(t)) => {
                format!("track[].name \"{}\"", n.track(t))
            }
            MetricKey::ThroughputDaysMean(Cases::Location(l)) => {
                format!("location[].name \"{}\"", n.location(l))
            }
            MetricKey::TeamHours(p, t) | MetricKey::TeamWorkStarted(p, t) => format!(
                "pool[].name \"{}\" / team \"{}\"",
                n.pool(p),
                n.team(p, t)
            ),
            MetricKey::Utilisation(p)
            | MetricKey::BusyServersMean(p)
            | MetricKey::PoolQueueLengthMean(p)
            | MetricKey::PoolQueueWaitDaysMean(p)
            | MetricKey::WorkStarted(p)
            | MetricKey::WorkloadCv(p) => format!("pool[].name \"{}\"", n.pool(p)),
            MetricKey::RoutedShare(r) => format!("route[].name \"{}\"", n.route(r)),
            _ => "run".into(),
        }
    }
}

impl MonthlyColumn {
    /// The column's name in `monthly.csv`.
    pub fn name(&self, network: &Network) -> String {
        match *self {
            MonthlyColumn::BacklogOfStream(s) => format!("backlog_{}", Names(network).stream(s)),
            MonthlyColumn::BacklogAtStep(step) => {
                format!("backlog_at_{}", network.steps[usize::from(step.0)].name)
            }
            _ => self.template(),
        }
    }

    /// The name with placeholders, as the README lists it (`backlog_at_<step>`).
    pub fn template(&self) -> String {
        match self {
            MonthlyColumn::Arrivals => "arrivals",
            MonthlyColumn::Decided => "decided",
            MonthlyColumn::WithinTermShare => "within_term_share",
            MonthlyColumn::Notices => "notices",
            MonthlyColumn::CourtCases => "court_cases",
            MonthlyColumn::PenaltyEur => "penalty_eur",
            MonthlyColumn::Backlog => "backlog",
            MonthlyColumn::PastTerm => "past_term",
            MonthlyColumn::BacklogOfStream(_) => "backlog_<stream>",
            MonthlyColumn::BacklogAtStep(_) => "backlog_at_<step>",
        }
        .to_string()
    }

    /// What the column measures.
    pub fn unit(&self) -> Unit {
        match self {
            MonthlyColumn::WithinTermShare => Unit::Share,
            MonthlyColumn::PenaltyEur => Unit::Euro,
            _ => Unit::Count,
        }
    }

    /// Which way is better.
    pub fn direction(&self) -> Direction {
        match self {
            MonthlyColumn::Arrivals => Direction::Neither,
            MonthlyColumn::Decided | MonthlyColumn::WithinTermShare => Direction::Higher,
            _ => Direction::Lower,
        }
    }

    /// One sentence saying what the column measures.
    pub fn meaning(&self, network: &Network) -> String {
        match *self {
            MonthlyColumn::Arrivals => "cases that arrived in the month".into(),
            MonthlyColumn::Decided => "decisions in the month".into(),
            MonthlyColumn::WithinTermShare => {
                "share of the month's decisions taken within term".into()
            }
            MonthlyColumn::Notices => "notices of default received in the month".into(),
            MonthlyColumn::CourtCases => "court judgments in the month".into(),
            MonthlyColumn::PenaltyEur => "penalty payments paid in the month, euro".into(),
            MonthlyColumn::Backlog => "open cases at the month's end".into(),
            MonthlyColumn::PastTerm => "open cases past their term at the month's end".into(),
            MonthlyColumn::BacklogOfStream(s) => format!(
                "open cases of stream {} at the month's end",
                Names(network).stream(s)
            ),
            MonthlyColumn::BacklogAtStep(step) => format!(
                "cases waiting for or in step {} at the month's end",
                network.steps[usize::from(step.0)].name
            ),
        }
    }

    fn entity_field(&self, network: &Network) -> String {
        match *self {
            MonthlyColumn::BacklogOfStream(s) => {
                format!("stream[].name \"{}\"", Names(network).stream(s))
            }
            MonthlyColumn::BacklogAtStep(step) => {
                format!("step[].name \"{}\"", network.steps[usize::from(step.0)].name)
            }
            _ => "run".into(),
        }
    }
}

/// The metrics of `network` run to `horizon`, in output order. [`crate::model`]'s measurement
/// fills in their values in this order.
fn metric_keys(network: &Network, horizon: SimTime) -> Vec<MetricKey> {
    let n_streams = network.streams.len() as u16;
    let attributes = &network.attributes;
    let n_tracks = attributes.tracks.len() as u16;
    let mut keys = vec![
        MetricKey::Arrived(Flow::All),
        MetricKey::Completed(Flow::All),
        MetricKey::WaitDaysMean(Flow::All),
        MetricKey::ThroughputDaysMean(Cases::All),
        MetricKey::WaitProbability,
        MetricKey::InSystemStart(Flow::All),
        MetricKey::InSystemEnd(Flow::All),
        MetricKey::ArrivalRatePerDay,
        MetricKey::InSystemMean,
        MetricKey::QueueLengthMean,
    ];
    for (idx, pool) in network.pools.iter().enumerate() {
        let p = PoolIdx(idx as u16);
        keys.extend([
            MetricKey::Utilisation(p),
            MetricKey::BusyServersMean(p),
            MetricKey::PoolQueueLengthMean(p),
            MetricKey::PoolQueueWaitDaysMean(p),
            MetricKey::WorkStarted(p),
        ]);
        if let Some(officers) = &pool.officers {
            keys.push(MetricKey::WorkloadCv(p));
            for team in 0..officers.teams.len() as u16 {
                keys.extend([
                    MetricKey::TeamHours(p, team),
                    MetricKey::TeamWorkStarted(p, team),
                ]);
            }
        }
    }
    if n_streams > 1 {
        for s in 0..n_streams {
            keys.extend([
                MetricKey::Arrived(Flow::Stream(s)),
                MetricKey::Completed(Flow::Stream(s)),
                MetricKey::WaitDaysMean(Flow::Stream(s)),
                MetricKey::ThroughputDaysMean(Cases::Stream(s)),
                MetricKey::InSystemStart(Flow::Stream(s)),
                MetricKey::InSystemEnd(Flow::Stream(s)),
            ]);
        }
    }
    keys.extend([
        MetricKey::ThroughputDaysP50(None),
        MetricKey::ThroughputDaysP90(None),
    ]);
    if n_tracks > 1 {
        for t in 0..n_tracks {
            keys.extend([
                MetricKey::ThroughputDaysMean(Cases::Track(t)),
                MetricKey::ThroughputDaysP50(Some(t)),
                MetricKey::ThroughputDaysP90(Some(t)),
            ]);
        }
    }
    if network.steps.iter().any(|s| s.phase.is_some()) {
        keys.push(MetricKey::AaToVaShare);
    }
    if let Some(law) = &network.law {
        law_keys(&mut keys, network, law.dates, horizon);
    }
    if attributes.locations.len() > 1 {
        for l in 0..attributes.locations.len() as u16 {
            keys.push(MetricKey::ThroughputDaysMean(Cases::Location(l)));
        }
    }
    if network.staff_cost_eur.is_some() {
        keys.push(MetricKey::StaffCost);
    }
    if network.reception.is_some() {
        keys.extend([MetricKey::ReceptionDays, MetricKey::ReceptionCost]);
    }
    if network.staff_cost_eur.is_some() || network.reception.is_some() {
        keys.push(MetricKey::TotalCost);
    }
    if attributes.routes.len() > 1 {
        for r in 0..attributes.routes.len() as u16 {
            keys.push(MetricKey::RoutedShare(r));
        }
    }
    if network.information.is_some() {
        keys.push(MetricKey::MisroutedShare);
    }
    keys
}

/// Timeliness and penalty metrics, for scenarios with `[law]`.
fn law_keys(keys: &mut Vec<MetricKey>, network: &Network, dates: Dates, horizon: SimTime) {
    let n_streams = network.streams.len() as u16;
    let n_tracks = network.attributes.tracks.len() as u16;
    let years = run_years(dates, horizon);
    keys.extend([
        MetricKey::Decided(None),
        MetricKey::WithinTermShare(Decisions::All),
    ]);
    keys.extend((0..n_streams).map(|s| MetricKey::WithinTermShare(Decisions::Stream(s))));
    if n_tracks > 1 {
        keys.extend((0..n_tracks).map(|t| MetricKey::WithinTermShare(Decisions::Track(t))));
    }
    for &year in &years {
        keys.extend([
            MetricKey::Decided(Some(year)),
            MetricKey::WithinTermShare(Decisions::Year(year)),
        ]);
    }
    keys.push(MetricKey::BacklogEnd(None));
    if network.dates.is_some() {
        keys.extend(
            year_ends(dates, horizon)
                .into_iter()
                .map(|year| MetricKey::BacklogEnd(Some(year))),
        );
    }
    keys.extend([
        MetricKey::PastTermEnd,
        MetricKey::Notices,
        MetricKey::CourtCases,
    ]);
    for part in [PenaltyPart::Total, PenaltyPart::Admin, PenaltyPart::Court] {
        keys.push(MetricKey::Penalty {
            part,
            year: None,
            stream: None,
        });
    }
    keys.extend([MetricKey::CourtCosts, MetricKey::PenaltyAccruedOpen]);
    for &year in &years {
        keys.push(MetricKey::Penalty {
            part: PenaltyPart::Total,
            year: Some(year),
            stream: None,
        });
    }
    for &year in &years {
        for part in [PenaltyPart::Admin, PenaltyPart::Court] {
            keys.push(MetricKey::Penalty {
                part,
                year: Some(year),
                stream: None,
            });
        }
    }
    if n_streams > 1 {
        keys.extend((0..n_streams).map(|s| MetricKey::Penalty {
            part: PenaltyPart::Total,
            year: None,
            stream: Some(s),
        }));
    }
}

/// The calendar years a run from `dates.start()` to `horizon` touches: the years of the penalty
/// book and of the per-year decision counts.
pub(crate) fn run_years(dates: Dates, horizon: SimTime) -> Vec<i16> {
    let n_days = horizon.minutes().div_ceil(MINUTES_PER_DAY) as i64;
    let first = dates.start().year();
    let last = dates.date_of(n_days.max(1) - 1).year();
    (first..=last).collect()
}

/// The years whose 31 December ends within the run (at or before the horizon, after the start):
/// the years of `backlog_end_<year>`.
pub(crate) fn year_ends(dates: Dates, horizon: SimTime) -> Vec<i16> {
    let mut out = Vec::new();
    let first = dates.start().year();
    let mut year = first;
    loop {
        let Ok(new_year) = jiff::civil::Date::new(year + 1, 1, 1) else {
            break;
        };
        let day = dates.day_of(new_year);
        if day > 0 && (day as u64).saturating_mul(MINUTES_PER_DAY) > horizon.minutes() {
            break;
        }
        if day > 0 {
            out.push(year);
        }
        year += 1;
    }
    out
}

/// The columns of `monthly.csv` of `network` (none without a start date).
fn monthly_columns(network: &Network) -> Vec<MonthlyColumn> {
    if network.dates.is_none() {
        return Vec::new();
    }
    let mut columns = vec![
        MonthlyColumn::Arrivals,
        MonthlyColumn::Decided,
        MonthlyColumn::WithinTermShare,
        MonthlyColumn::Notices,
        MonthlyColumn::CourtCases,
        MonthlyColumn::PenaltyEur,
        MonthlyColumn::Backlog,
        MonthlyColumn::PastTerm,
    ];
    if network.streams.len() > 1 {
        columns.extend((0..network.streams.len() as u16).map(MonthlyColumn::BacklogOfStream));
    }
    columns.extend(
        network
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| !matches!(s.activity, Activity::Instant))
            .map(|(idx, _)| MonthlyColumn::BacklogAtStep(StepIdx(idx as u16))),
    );
    columns
}

/// The field to blame for a clash: the second metric's entity, or the first's when the second
/// has none (a year).
fn entity_field(second: String, first: String) -> String {
    if second == "run" { first } else { second }
}

fn flow_name(base: &str, flow: Flow, n: Names<'_>) -> String {
    match flow {
        Flow::All => base.to_string(),
        Flow::Stream(s) => format!("{base}_{}", n.stream(s)),
    }
}

fn track_name(base: &str, track: Option<u16>, n: Names<'_>) -> String {
    match track {
        None => base.to_string(),
        Some(t) => format!("{base}_{}", n.track(t)),
    }
}

/// The entity names of a network, by index.
#[derive(Clone, Copy)]
struct Names<'a>(&'a Network);

impl<'a> Names<'a> {
    fn pool(self, p: PoolIdx) -> &'a str {
        &self.0.pools[usize::from(p.0)].name
    }
    fn stream(self, s: u16) -> &'a str {
        &self.0.streams[usize::from(s)].name
    }
    fn track(self, t: u16) -> &'a str {
        &self.0.attributes.tracks[usize::from(t)].name
    }
    fn location(self, l: u16) -> &'a str {
        &self.0.attributes.locations[usize::from(l)]
    }
    fn route(self, r: u16) -> &'a str {
        &self.0.attributes.routes[usize::from(r)]
    }
    fn team(self, p: PoolIdx, t: u16) -> &'a str {
        self.0.pools[usize::from(p.0)]
            .officers
            .as_ref()
            .map_or("", |o| o.teams[usize::from(t)].as_str())
    }
}
