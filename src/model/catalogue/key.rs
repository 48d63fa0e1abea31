//! The keys of the catalogue: [`MetricKey`] and [`MonthlyColumn`], and for each its name
//! template, unit, better [`Direction`], headline status and meaning.

use crate::model::{Network, PoolIdx, StepIdx};
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

/// Whose decisions of a year a per-year count covers: one stream's or one track's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subset {
    /// The decisions on cases of one stream (index into `Network::streams`).
    Stream(u16),
    /// The decisions in one track (index into the network's tracks).
    Track(u16),
}

/// The kind of cost a per-year cost metric adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CostPart {
    /// Payroll of all pools.
    Staff,
    /// Reception (opvang) of the cases whose waiting days are paid.
    Reception,
    /// Staff, reception, penalty payments and court costs.
    Total,
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
    /// `notices`, `notices_<year>`: notices of default received in the window, or in a
    /// calendar year.
    Notices(Option<i16>),
    /// `court_cases`, `court_cases_<year>`: court judgments on not deciding in time, in the
    /// window or in a calendar year.
    CourtCases(Option<i16>),
    /// `decided_<stream>_<year>`, `decided_<track>_<year>`: decisions on cases of a stream, or
    /// in a track, taken in a calendar year.
    DecidedIn {
        /// Whose decisions.
        of: Subset,
        /// The calendar year of the decision.
        year: i16,
    },
    /// `notices_<stream>_<year>`: notices of default on cases of a stream received in a
    /// calendar year.
    NoticesIn {
        /// The stream.
        stream: u16,
        /// The calendar year of receipt.
        year: i16,
    },
    /// `within_<N>m_share_<year>`, `within_<N>m_share_<stream>_<year>`: of the decisions taken in
    /// a calendar year (of all streams or one), the share that came within N calendar months of
    /// lodging, whatever the decision term.
    WithinMonthsShare {
        /// N, as listed in `[metrics] within_months`.
        months: u8,
        /// The calendar year of the decision.
        year: i16,
        /// The stream; `None` for all.
        stream: Option<u16>,
    },
    /// `penalty_eur_total`, `penalty_eur_admin`, `penalty_eur_court`, `penalty_eur_<year>`,
    /// `penalty_eur_admin_<year>`, `penalty_eur_court_<year>`, `penalty_eur_<stream>`,
    /// `penalty_eur_<stream>_<year>`: penalty payments of a kind, over the run or in a calendar
    /// year of payment, for all streams or one.
    Penalty {
        /// Which payments.
        part: PenaltyPart,
        /// The calendar year of payment; `None` for the whole run.
        year: Option<i16>,
        /// The stream; `None` for all.
        stream: Option<u16>,
    },
    /// `court_costs_eur`, `court_costs_eur_<year>`: procedural costs paid on court judgments,
    /// in the window or in a calendar year.
    CourtCosts(Option<i16>),
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
    /// `throughput_days_mean_<location>_<stream>`: mean throughput time of one stream's cases
    /// decided at one location (scenarios with several of both): a location that handles a
    /// fast stream does not read as fast.
    ThroughputDaysMeanAt {
        /// The location.
        location: u16,
        /// The stream.
        stream: u16,
    },
    /// `staff_cost_eur_<year>`, `reception_cost_eur_<year>`, `total_cost_eur_<year>`: a cost
    /// in one calendar year of the window (scenarios with a start date).
    CostIn {
        /// What is added up.
        part: CostPart,
        /// The calendar year.
        year: i16,
    },
    /// `routed_share_<route>`: share of new cases the verkeerstoren sent down a route variant.
    RoutedShare(u16),
    /// `misrouted_share`: share of new cases routed otherwise than perfect information would.
    MisroutedShare,
    /// `withdrawn`, `withdrawn_<stream>`: cases that left a queue unserved in the window, their
    /// applicant's patience run out (scenarios with `patience_days`).
    Withdrawn(Flow),
    /// `appeals`, `appeals_<year>`: appeals against not deciding in time lodged (first and
    /// second), in the window or in a calendar year (scenarios whose law gives a rate).
    Appeals(Option<i16>),
    /// `litigation_hours`, `litigation_hours_<pool>`: hours of litigation work
    /// (procesvertegenwoordiging) started in the window, in all or at one pool (scenarios whose
    /// court regimes have `litigation`).
    LitigationHours(Option<PoolIdx>),
    /// `litigation_jobs`, `litigation_jobs_<pool>`: litigation jobs (one per appeal lodged)
    /// started in the window, in all or at one pool.
    LitigationJobs(Option<PoolIdx>),
    /// `decided_<outcome>`: decisions in the window with an outcome (scenarios with
    /// `[[outcome]]`).
    DecidedOutcome(u8),
    /// `decided_<outcome>_<year>`, `decided_<stream>_<outcome>_<year>`: decisions with an
    /// outcome taken in a calendar year, of all streams or one.
    DecidedOutcomeIn {
        /// The outcome (index into `Network::outcomes`).
        outcome: u8,
        /// The calendar year of the decision.
        year: i16,
        /// The stream; `None` for all.
        stream: Option<u16>,
    },
    /// `grant_share`: of the decisions in the window, the share whose outcome grants protection.
    GrantShare,
    /// `follow_ups_<follow_up>`, `follow_ups_<follow_up>_<year>`: follow-ons that decisions in
    /// the window (or in a calendar year) brought (`[[follow_up]]`).
    FollowUps {
        /// The follow-up (index into `Network::follow_ups`).
        follow_up: u16,
        /// The calendar year of the decision; `None` for the window.
        year: Option<i16>,
    },
    /// `returned_<follow_up>`, `returned_<follow_up>_<year>`: follow-ons that came back as cases
    /// in the window (or in a calendar year).
    Returned {
        /// The follow-up.
        follow_up: u16,
        /// The calendar year of the arrival; `None` for the window.
        year: Option<i16>,
    },
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
    /// `decided_<stream>`: decisions on cases of a stream in the month.
    DecidedOfStream(u16),
    /// `withdrawn`: cases withdrawn in the month (scenarios where applicants may stop waiting).
    Withdrawn,
}

impl MetricKey {
    /// One key of every kind a catalogue can hold (entity 0, year 2026): the catalogue's name
    /// templates are exactly theirs. Extend it with every new kind of metric.
    pub const EXAMPLES: [MetricKey; 86] = {
        use MetricKey as K;
        const P: PoolIdx = PoolIdx(0);
        const Y: i16 = 2026;
        [
            K::Arrived(Flow::All),
            K::Arrived(Flow::Stream(0)),
            K::Completed(Flow::All),
            K::Completed(Flow::Stream(0)),
            K::WaitDaysMean(Flow::All),
            K::WaitDaysMean(Flow::Stream(0)),
            K::ThroughputDaysMean(Cases::All),
            K::ThroughputDaysMean(Cases::Stream(0)),
            K::ThroughputDaysMean(Cases::Track(0)),
            K::ThroughputDaysMean(Cases::Location(0)),
            K::WaitProbability,
            K::InSystemStart(Flow::All),
            K::InSystemStart(Flow::Stream(0)),
            K::InSystemEnd(Flow::All),
            K::InSystemEnd(Flow::Stream(0)),
            K::ArrivalRatePerDay,
            K::InSystemMean,
            K::QueueLengthMean,
            K::Utilisation(P),
            K::BusyServersMean(P),
            K::PoolQueueLengthMean(P),
            K::PoolQueueWaitDaysMean(P),
            K::WorkStarted(P),
            K::WorkloadCv(P),
            K::TeamHours(P, 0),
            K::TeamWorkStarted(P, 0),
            K::ThroughputDaysP50(None),
            K::ThroughputDaysP50(Some(0)),
            K::ThroughputDaysP90(None),
            K::ThroughputDaysP90(Some(0)),
            K::AaToVaShare,
            K::Decided(None),
            K::Decided(Some(Y)),
            K::WithinTermShare(Decisions::All),
            K::WithinTermShare(Decisions::Stream(0)),
            K::WithinTermShare(Decisions::Track(0)),
            K::WithinTermShare(Decisions::Year(Y)),
            K::BacklogEnd(None),
            K::BacklogEnd(Some(Y)),
            K::PastTermEnd,
            K::Notices(None),
            K::CourtCases(None),
            K::penalty(PenaltyPart::Total, None, None),
            K::penalty(PenaltyPart::Admin, None, None),
            K::penalty(PenaltyPart::Court, None, None),
            K::penalty(PenaltyPart::Total, Some(Y), None),
            K::penalty(PenaltyPart::Admin, Some(Y), None),
            K::penalty(PenaltyPart::Court, Some(Y), None),
            K::penalty(PenaltyPart::Total, None, Some(0)),
            K::CourtCosts(None),
            K::PenaltyAccruedOpen,
            K::StaffCost,
            K::ReceptionDays,
            K::ReceptionCost,
            K::TotalCost,
            K::RoutedShare(0),
            K::MisroutedShare,
            K::Withdrawn(Flow::All),
            K::Withdrawn(Flow::Stream(0)),
            K::DecidedIn {
                of: Subset::Stream(0),
                year: Y,
            },
            K::DecidedIn {
                of: Subset::Track(0),
                year: Y,
            },
            K::Notices(Some(Y)),
            K::NoticesIn { stream: 0, year: Y },
            K::CourtCases(Some(Y)),
            K::CourtCosts(Some(Y)),
            K::penalty(PenaltyPart::Total, Some(Y), Some(0)),
            K::WithinMonthsShare {
                months: 6,
                year: Y,
                stream: None,
            },
            K::WithinMonthsShare {
                months: 6,
                year: Y,
                stream: Some(0),
            },
            K::Appeals(None),
            K::Appeals(Some(Y)),
            K::LitigationHours(None),
            K::LitigationJobs(None),
            K::LitigationHours(Some(P)),
            K::LitigationJobs(Some(P)),
            K::DecidedOutcome(0),
            K::DecidedOutcomeIn {
                outcome: 0,
                year: Y,
                stream: None,
            },
            K::DecidedOutcomeIn {
                outcome: 0,
                year: Y,
                stream: Some(0),
            },
            K::GrantShare,
            K::FollowUps {
                follow_up: 0,
                year: None,
            },
            K::FollowUps {
                follow_up: 0,
                year: Some(Y),
            },
            K::Returned {
                follow_up: 0,
                year: None,
            },
            K::Returned {
                follow_up: 0,
                year: Some(Y),
            },
            K::CostIn {
                part: CostPart::Staff,
                year: Y,
            },
            K::CostIn {
                part: CostPart::Reception,
                year: Y,
            },
            K::CostIn {
                part: CostPart::Total,
                year: Y,
            },
            K::ThroughputDaysMeanAt {
                location: 0,
                stream: 0,
            },
        ]
    };

    /// A penalty metric.
    pub const fn penalty(part: PenaltyPart, year: Option<i16>, stream: Option<u16>) -> MetricKey {
        MetricKey::Penalty { part, year, stream }
    }

    /// The metric's name, with the scenario's entity names (`utilisation_decision_ter_apel`):
    /// its [`template`](Self::template) with each placeholder replaced by the entity's name or
    /// the year.
    pub fn name(&self, network: &Network) -> String {
        fill(self.template(), &self.arguments(Names(network)))
    }

    /// The calendar year a per-year metric covers (`decided_first_2023`: 2023); `None` for a
    /// metric of the whole window.
    pub fn year(&self) -> Option<i16> {
        use MetricKey as K;
        match *self {
            K::Decided(year)
            | K::BacklogEnd(year)
            | K::Notices(year)
            | K::CourtCases(year)
            | K::CourtCosts(year)
            | K::Appeals(year)
            | K::Penalty { year, .. }
            | K::FollowUps { year, .. }
            | K::Returned { year, .. } => year,
            K::WithinTermShare(Decisions::Year(year))
            | K::DecidedIn { year, .. }
            | K::NoticesIn { year, .. }
            | K::WithinMonthsShare { year, .. }
            | K::DecidedOutcomeIn { year, .. }
            | K::CostIn { year, .. } => Some(year),
            _ => None,
        }
    }

    /// The name of a per-year metric with `<year>` in place of its year
    /// (`decided_first_<year>`): what its values over the years have in common. `None` for a
    /// metric of the whole window.
    pub fn family(&self, network: &Network) -> Option<String> {
        self.year()?;
        let template = self.template();
        let at = template.find("<year>")?;
        let position = template[..at].matches('<').count();
        let mut arguments = self.arguments(Names(network));
        *arguments.get_mut(position)? = "<year>".to_string();
        Some(fill(template, &arguments))
    }

    /// The name with placeholders for entity names and years, as the README lists it
    /// (`utilisation_<pool>`, `penalty_eur_admin_<year>`).
    pub fn template(&self) -> &'static str {
        use MetricKey as K;
        match *self {
            K::Arrived(Flow::All) => "arrived",
            K::Arrived(Flow::Stream(_)) => "arrived_<stream>",
            K::Completed(Flow::All) => "completed",
            K::Completed(Flow::Stream(_)) => "completed_<stream>",
            K::WaitDaysMean(Flow::All) => "wait_days_mean",
            K::WaitDaysMean(Flow::Stream(_)) => "wait_days_mean_<stream>",
            K::ThroughputDaysMean(Cases::All) => "throughput_days_mean",
            K::ThroughputDaysMean(Cases::Stream(_)) => "throughput_days_mean_<stream>",
            K::ThroughputDaysMean(Cases::Track(_)) => "throughput_days_mean_<track>",
            K::ThroughputDaysMean(Cases::Location(_)) => "throughput_days_mean_<location>",
            K::WaitProbability => "wait_probability",
            K::InSystemStart(Flow::All) => "in_system_start",
            K::InSystemStart(Flow::Stream(_)) => "in_system_start_<stream>",
            K::InSystemEnd(Flow::All) => "in_system_end",
            K::InSystemEnd(Flow::Stream(_)) => "in_system_end_<stream>",
            K::ArrivalRatePerDay => "arrival_rate_per_day",
            K::InSystemMean => "in_system_mean",
            K::QueueLengthMean => "queue_length_mean",
            K::Utilisation(_) => "utilisation_<pool>",
            K::BusyServersMean(_) => "busy_servers_mean_<pool>",
            K::PoolQueueLengthMean(_) => "queue_length_mean_<pool>",
            K::PoolQueueWaitDaysMean(_) => "queue_wait_days_mean_<pool>",
            K::WorkStarted(_) => "work_started_<pool>",
            K::WorkloadCv(_) => "workload_cv_<pool>",
            K::TeamHours(..) => "team_hours_<pool>_<team>",
            K::TeamWorkStarted(..) => "team_work_started_<pool>_<team>",
            K::ThroughputDaysP50(None) => "throughput_days_p50",
            K::ThroughputDaysP50(Some(_)) => "throughput_days_p50_<track>",
            K::ThroughputDaysP90(None) => "throughput_days_p90",
            K::ThroughputDaysP90(Some(_)) => "throughput_days_p90_<track>",
            K::AaToVaShare => "aa_to_va_share",
            K::Decided(None) => "decided",
            K::Decided(Some(_)) => "decided_<year>",
            K::WithinTermShare(Decisions::All) => "within_term_share",
            K::WithinTermShare(Decisions::Stream(_)) => "within_term_share_<stream>",
            K::WithinTermShare(Decisions::Track(_)) => "within_term_share_<track>",
            K::WithinTermShare(Decisions::Year(_)) => "within_term_share_<year>",
            K::BacklogEnd(None) => "backlog_end",
            K::BacklogEnd(Some(_)) => "backlog_end_<year>",
            K::PastTermEnd => "past_term_end",
            K::Notices(None) => "notices",
            K::Notices(Some(_)) => "notices_<year>",
            K::CourtCases(None) => "court_cases",
            K::CourtCases(Some(_)) => "court_cases_<year>",
            K::DecidedIn {
                of: Subset::Stream(_),
                ..
            } => "decided_<stream>_<year>",
            K::DecidedIn {
                of: Subset::Track(_),
                ..
            } => "decided_<track>_<year>",
            K::NoticesIn { .. } => "notices_<stream>_<year>",
            K::WithinMonthsShare { stream: None, .. } => "within_<N>m_share_<year>",
            K::WithinMonthsShare {
                stream: Some(_), ..
            } => "within_<N>m_share_<stream>_<year>",
            K::Penalty { part, year, stream } => match (part, year, stream) {
                (PenaltyPart::Total, None, None) => "penalty_eur_total",
                (PenaltyPart::Admin, None, None) => "penalty_eur_admin",
                (PenaltyPart::Court, None, None) => "penalty_eur_court",
                (PenaltyPart::Total, Some(_), None) => "penalty_eur_<year>",
                (PenaltyPart::Admin, Some(_), None) => "penalty_eur_admin_<year>",
                (PenaltyPart::Court, Some(_), None) => "penalty_eur_court_<year>",
                (PenaltyPart::Total, None, Some(_)) => "penalty_eur_<stream>",
                (PenaltyPart::Admin, None, Some(_)) => "penalty_eur_admin_<stream>",
                (PenaltyPart::Court, None, Some(_)) => "penalty_eur_court_<stream>",
                (PenaltyPart::Total, Some(_), Some(_)) => "penalty_eur_<stream>_<year>",
                (PenaltyPart::Admin, Some(_), Some(_)) => "penalty_eur_admin_<stream>_<year>",
                (PenaltyPart::Court, Some(_), Some(_)) => "penalty_eur_court_<stream>_<year>",
            },
            K::CourtCosts(None) => "court_costs_eur",
            K::CourtCosts(Some(_)) => "court_costs_eur_<year>",
            K::PenaltyAccruedOpen => "penalty_eur_accrued_open",
            K::StaffCost => "staff_cost_eur",
            K::ReceptionDays => "reception_days",
            K::ReceptionCost => "reception_cost_eur",
            K::TotalCost => "total_cost_eur",
            K::ThroughputDaysMeanAt { .. } => "throughput_days_mean_<location>_<stream>",
            K::CostIn { part, .. } => match part {
                CostPart::Staff => "staff_cost_eur_<year>",
                CostPart::Reception => "reception_cost_eur_<year>",
                CostPart::Total => "total_cost_eur_<year>",
            },
            K::RoutedShare(_) => "routed_share_<route>",
            K::MisroutedShare => "misrouted_share",
            K::Withdrawn(Flow::All) => "withdrawn",
            K::Withdrawn(Flow::Stream(_)) => "withdrawn_<stream>",
            K::Appeals(None) => "appeals",
            K::Appeals(Some(_)) => "appeals_<year>",
            K::LitigationHours(None) => "litigation_hours",
            K::LitigationHours(Some(_)) => "litigation_hours_<pool>",
            K::LitigationJobs(None) => "litigation_jobs",
            K::LitigationJobs(Some(_)) => "litigation_jobs_<pool>",
            K::DecidedOutcome(_) => "decided_<outcome>",
            K::DecidedOutcomeIn { stream: None, .. } => "decided_<outcome>_<year>",
            K::DecidedOutcomeIn {
                stream: Some(_), ..
            } => "decided_<stream>_<outcome>_<year>",
            K::GrantShare => "grant_share",
            K::FollowUps { year: None, .. } => "follow_ups_<follow_up>",
            K::FollowUps { year: Some(_), .. } => "follow_ups_<follow_up>_<year>",
            K::Returned { year: None, .. } => "returned_<follow_up>",
            K::Returned { year: Some(_), .. } => "returned_<follow_up>_<year>",
        }
    }

    /// The values of the template's placeholders, in order.
    fn arguments(&self, n: Names<'_>) -> Vec<String> {
        use MetricKey as K;
        let stream = |s: u16| vec![n.stream(s).to_string()];
        match *self {
            K::Arrived(Flow::Stream(s))
            | K::Completed(Flow::Stream(s))
            | K::Withdrawn(Flow::Stream(s))
            | K::WaitDaysMean(Flow::Stream(s))
            | K::InSystemStart(Flow::Stream(s))
            | K::InSystemEnd(Flow::Stream(s))
            | K::ThroughputDaysMean(Cases::Stream(s))
            | K::WithinTermShare(Decisions::Stream(s))
            | K::Penalty {
                year: None,
                stream: Some(s),
                ..
            } => stream(s),
            K::ThroughputDaysMean(Cases::Track(t))
            | K::ThroughputDaysP50(Some(t))
            | K::ThroughputDaysP90(Some(t))
            | K::WithinTermShare(Decisions::Track(t)) => vec![n.track(t).to_string()],
            K::ThroughputDaysMean(Cases::Location(l)) => vec![n.location(l).to_string()],
            K::Utilisation(p)
            | K::BusyServersMean(p)
            | K::PoolQueueLengthMean(p)
            | K::PoolQueueWaitDaysMean(p)
            | K::WorkStarted(p)
            | K::WorkloadCv(p)
            | K::LitigationHours(Some(p))
            | K::LitigationJobs(Some(p)) => vec![n.pool(p).to_string()],
            K::TeamHours(p, t) | K::TeamWorkStarted(p, t) => {
                vec![n.pool(p).to_string(), n.team(p, t).to_string()]
            }
            K::Decided(Some(year))
            | K::WithinTermShare(Decisions::Year(year))
            | K::BacklogEnd(Some(year))
            | K::Notices(Some(year))
            | K::CourtCases(Some(year))
            | K::CourtCosts(Some(year))
            | K::Appeals(Some(year))
            | K::CostIn { year, .. }
            | K::Penalty {
                year: Some(year),
                stream: None,
                ..
            } => vec![year.to_string()],
            K::DecidedIn {
                of: Subset::Stream(s),
                year,
            }
            | K::NoticesIn { stream: s, year }
            | K::Penalty {
                year: Some(year),
                stream: Some(s),
                ..
            } => vec![n.stream(s).to_string(), year.to_string()],
            K::DecidedIn {
                of: Subset::Track(t),
                year,
            } => vec![n.track(t).to_string(), year.to_string()],
            K::WithinMonthsShare {
                months,
                year,
                stream,
            } => {
                let mut out = vec![months.to_string()];
                out.extend(stream.map(|s| n.stream(s).to_string()));
                out.push(year.to_string());
                out
            }
            K::ThroughputDaysMeanAt { location, stream } => {
                vec![
                    n.location(location).to_string(),
                    n.stream(stream).to_string(),
                ]
            }
            K::RoutedShare(r) => vec![n.route(r).to_string()],
            K::DecidedOutcome(o) => vec![n.outcome(o).to_string()],
            K::DecidedOutcomeIn {
                outcome,
                year,
                stream,
            } => {
                let mut out: Vec<String> = stream
                    .map(|s| n.stream(s).to_string())
                    .into_iter()
                    .collect();
                out.extend([n.outcome(outcome).to_string(), year.to_string()]);
                out
            }
            K::FollowUps { follow_up, year } | K::Returned { follow_up, year } => {
                let mut out = vec![n.follow_up(follow_up).to_string()];
                out.extend(year.map(|y| y.to_string()));
                out
            }
            _ => Vec::new(),
        }
    }

    /// What the metric measures.
    pub fn unit(&self) -> Unit {
        match self {
            MetricKey::Arrived(_)
            | MetricKey::Completed(_)
            | MetricKey::Withdrawn(_)
            | MetricKey::InSystemStart(_)
            | MetricKey::InSystemEnd(_)
            | MetricKey::WorkStarted(_)
            | MetricKey::TeamWorkStarted(..)
            | MetricKey::Decided(_)
            | MetricKey::BacklogEnd(_)
            | MetricKey::PastTermEnd
            | MetricKey::Notices(_)
            | MetricKey::CourtCases(_)
            | MetricKey::Appeals(_)
            | MetricKey::DecidedIn { .. }
            | MetricKey::NoticesIn { .. }
            | MetricKey::LitigationJobs(_)
            | MetricKey::DecidedOutcome(_)
            | MetricKey::DecidedOutcomeIn { .. }
            | MetricKey::FollowUps { .. }
            | MetricKey::Returned { .. } => Unit::Count,
            MetricKey::WaitDaysMean(_)
            | MetricKey::ThroughputDaysMean(_)
            | MetricKey::PoolQueueWaitDaysMean(_)
            | MetricKey::ThroughputDaysP50(_)
            | MetricKey::ThroughputDaysP90(_)
            | MetricKey::ThroughputDaysMeanAt { .. }
            | MetricKey::ReceptionDays => Unit::Days,
            MetricKey::WaitProbability
            | MetricKey::Utilisation(_)
            | MetricKey::AaToVaShare
            | MetricKey::WithinTermShare(_)
            | MetricKey::WithinMonthsShare { .. }
            | MetricKey::RoutedShare(_)
            | MetricKey::MisroutedShare
            | MetricKey::GrantShare => Unit::Share,
            MetricKey::Penalty { .. }
            | MetricKey::CourtCosts(_)
            | MetricKey::PenaltyAccruedOpen
            | MetricKey::StaffCost
            | MetricKey::ReceptionCost
            | MetricKey::TotalCost
            | MetricKey::CostIn { .. } => Unit::Euro,
            MetricKey::ArrivalRatePerDay
            | MetricKey::InSystemMean
            | MetricKey::QueueLengthMean
            | MetricKey::BusyServersMean(_)
            | MetricKey::PoolQueueLengthMean(_)
            | MetricKey::WorkloadCv(_)
            | MetricKey::TeamHours(..)
            | MetricKey::LitigationHours(_) => Unit::Number,
        }
    }

    /// Which way is better.
    pub fn direction(&self) -> Direction {
        match self {
            MetricKey::Completed(_)
            | MetricKey::Decided(_)
            | MetricKey::DecidedIn { .. }
            | MetricKey::WithinTermShare(_)
            | MetricKey::WithinMonthsShare { .. }
            | MetricKey::Utilisation(_) => Direction::Higher,
            MetricKey::Arrived(_)
            | MetricKey::InSystemStart(_)
            | MetricKey::ArrivalRatePerDay
            | MetricKey::BusyServersMean(_)
            | MetricKey::WorkStarted(_)
            | MetricKey::TeamHours(..)
            | MetricKey::TeamWorkStarted(..)
            | MetricKey::RoutedShare(_)
            | MetricKey::AaToVaShare
            | MetricKey::LitigationHours(_)
            | MetricKey::LitigationJobs(_)
            | MetricKey::DecidedOutcome(_)
            | MetricKey::DecidedOutcomeIn { .. }
            | MetricKey::GrantShare
            | MetricKey::FollowUps { .. }
            | MetricKey::Returned { .. } => Direction::Neither,
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
                | MetricKey::Notices(None)
                | MetricKey::CourtCases(None)
                | MetricKey::Appeals(None)
                | MetricKey::Utilisation(_)
                | MetricKey::CourtCosts(None)
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
                format!(
                    "cases{} that left the system (were decided) in the window",
                    of_flow(f)
                )
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
                t.map_or(String::new(), |t| format!(
                    ", cases decided in track {}",
                    n.track(t)
                ))
            ),
            MetricKey::ThroughputDaysP90(t) => format!(
                "90th percentile of the throughput time in days{} (one-day resolution)",
                t.map_or(String::new(), |t| format!(
                    ", cases decided in track {}",
                    n.track(t)
                ))
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
            MetricKey::Notices(None) => "notices of default (ingebrekestellingen) received".into(),
            MetricKey::Notices(Some(year)) => {
                format!("notices of default (ingebrekestellingen) received in {year}")
            }
            MetricKey::CourtCases(None) => {
                "court judgments on appeals against not deciding in time".into()
            }
            MetricKey::CourtCases(Some(year)) => {
                format!("court judgments on appeals against not deciding in time, given in {year}")
            }
            MetricKey::DecidedIn { of, year } => match of {
                Subset::Stream(s) => {
                    format!(
                        "decisions on cases of stream {} taken in {year}",
                        n.stream(s)
                    )
                }
                Subset::Track(t) => format!("decisions in track {} taken in {year}", n.track(t)),
            },
            MetricKey::NoticesIn { stream, year } => format!(
                "notices of default received in {year} on cases of stream {}",
                n.stream(stream)
            ),
            MetricKey::WithinMonthsShare {
                months,
                year,
                stream,
            } => format!(
                "share of the decisions{} taken in {year} that came within {months} calendar months of lodging (on or before the lodging date plus {months} months), whatever the decision term",
                stream.map_or(String::new(), |s| format!(
                    " on cases of stream {}",
                    n.stream(s)
                ))
            ),
            MetricKey::Penalty { part, year, stream } => format!(
                "{} paid{}{}",
                match part {
                    PenaltyPart::Total =>
                        "penalty payments (dwangsommen, administrative and court)",
                    PenaltyPart::Admin => "administrative penalty payments (Awb 4:17)",
                    PenaltyPart::Court => "court-ordered penalty payments",
                },
                stream.map_or(String::new(), |s| format!(
                    " on cases of stream {}",
                    n.stream(s)
                )),
                year.map_or(" in the window".to_string(), |y| format!(" in {y}"))
            ),
            MetricKey::CourtCosts(None) => "procedural costs paid on court judgments, euro".into(),
            MetricKey::CourtCosts(Some(year)) => {
                format!("procedural costs paid on court judgments in {year}, euro")
            }
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
            MetricKey::ThroughputDaysMeanAt { location, stream } => format!(
                "mean throughput time (doorlooptijd) in days, cases of stream {} decided at location {}",
                n.stream(stream),
                n.location(location)
            ),
            MetricKey::CostIn { part, year } => match part {
                CostPart::Staff => format!("payroll of all pools in {year}, euro"),
                CostPart::Reception => {
                    format!("reception (opvang) cost of the days cases of the reception streams were open in {year}, euro")
                }
                CostPart::Total => format!(
                    "staff, reception, penalty payments and court costs in {year} (each as far as the scenario gives it), euro"
                ),
            },
            MetricKey::RoutedShare(r) => format!(
                "share of new cases the verkeerstoren sent down route {}",
                n.route(r)
            ),
            MetricKey::Withdrawn(f) => format!(
                "cases{} that left a queue unserved in the window (withdrawal or departure with unknown destination: the applicant's patience ran out)",
                of_flow(f)
            ),
            MetricKey::MisroutedShare => {
                "share of new cases routed otherwise than perfect information would".into()
            }
            MetricKey::Appeals(None) => {
                "appeals against not deciding in time lodged (first, and second after a repeat failure)".into()
            }
            MetricKey::Appeals(Some(year)) => format!(
                "appeals against not deciding in time lodged in {year} (first, and second after a repeat failure)"
            ),
            MetricKey::LitigationHours(p) => format!(
                "hours of litigation work (procesvertegenwoordiging: the IND's work on appeals against not deciding in time) started in the window{}",
                p.map_or(String::new(), |p| format!(" by pool {}", n.pool(p)))
            ),
            MetricKey::LitigationJobs(p) => format!(
                "litigation jobs (one per appeal lodged) started in the window{}",
                p.map_or(String::new(), |p| format!(" by pool {}", n.pool(p)))
            ),
            MetricKey::DecidedOutcome(o) => format!(
                "decisions in the window with outcome {}{}",
                n.outcome(o),
                n.granted(o)
            ),
            MetricKey::DecidedOutcomeIn {
                outcome,
                year,
                stream,
            } => format!(
                "decisions{} with outcome {}{} taken in {year}",
                stream.map_or(String::new(), |s| format!(
                    " on cases of stream {}",
                    n.stream(s)
                )),
                n.outcome(outcome),
                n.granted(outcome)
            ),
            MetricKey::GrantShare => {
                "share of the decisions in the window whose outcome grants protection".into()
            }
            MetricKey::FollowUps { follow_up, year } => format!(
                "follow-ons of follow-up {} brought by decisions {}, whether they come back as cases or are only counted",
                n.follow_up(follow_up),
                year.map_or("in the window".to_string(), |y| format!("taken in {y}"))
            ),
            MetricKey::Returned { follow_up, year } => format!(
                "follow-ons of follow-up {} that came back as cases (arrivals of stream {}) {}",
                n.follow_up(follow_up),
                n.stream(n.0.follow_ups[usize::from(follow_up)].into.0),
                year.map_or("in the window".to_string(), |y| format!("in {y}"))
            ),
        }
    }

    /// The scenario key whose value went into the name, for a clash message; `None` for a
    /// metric without an entity name.
    pub(super) fn entity_field(&self, network: &Network) -> Option<String> {
        let n = Names(network);
        let field = match *self {
            MetricKey::Arrived(Flow::Stream(s))
            | MetricKey::Completed(Flow::Stream(s))
            | MetricKey::Withdrawn(Flow::Stream(s))
            | MetricKey::WaitDaysMean(Flow::Stream(s))
            | MetricKey::InSystemStart(Flow::Stream(s))
            | MetricKey::InSystemEnd(Flow::Stream(s))
            | MetricKey::ThroughputDaysMean(Cases::Stream(s))
            | MetricKey::WithinTermShare(Decisions::Stream(s))
            | MetricKey::DecidedIn {
                of: Subset::Stream(s),
                ..
            }
            | MetricKey::NoticesIn { stream: s, .. }
            | MetricKey::WithinMonthsShare {
                stream: Some(s), ..
            }
            | MetricKey::Penalty {
                stream: Some(s), ..
            } => format!("stream[].name \"{}\"", n.stream(s)),
            MetricKey::ThroughputDaysMean(Cases::Track(t))
            | MetricKey::ThroughputDaysP50(Some(t))
            | MetricKey::ThroughputDaysP90(Some(t))
            | MetricKey::WithinTermShare(Decisions::Track(t))
            | MetricKey::DecidedIn {
                of: Subset::Track(t),
                ..
            } => {
                format!("track[].name \"{}\"", n.track(t))
            }
            MetricKey::ThroughputDaysMean(Cases::Location(l)) => {
                format!("location[].name \"{}\"", n.location(l))
            }
            MetricKey::TeamHours(p, t) | MetricKey::TeamWorkStarted(p, t) => {
                format!("pool[].name \"{}\" / team \"{}\"", n.pool(p), n.team(p, t))
            }
            MetricKey::Utilisation(p)
            | MetricKey::BusyServersMean(p)
            | MetricKey::PoolQueueLengthMean(p)
            | MetricKey::PoolQueueWaitDaysMean(p)
            | MetricKey::WorkStarted(p)
            | MetricKey::WorkloadCv(p)
            | MetricKey::LitigationHours(Some(p))
            | MetricKey::LitigationJobs(Some(p)) => format!("pool[].name \"{}\"", n.pool(p)),
            MetricKey::RoutedShare(r) => format!("route[].name \"{}\"", n.route(r)),
            MetricKey::DecidedOutcome(o)
            | MetricKey::DecidedOutcomeIn {
                outcome: o,
                stream: None,
                ..
            } => format!("outcome[].name \"{}\"", n.outcome(o)),
            MetricKey::DecidedOutcomeIn {
                outcome,
                stream: Some(s),
                ..
            } => format!(
                "stream[].name \"{}\" / outcome[].name \"{}\"",
                n.stream(s),
                n.outcome(outcome)
            ),
            MetricKey::FollowUps { follow_up, .. } | MetricKey::Returned { follow_up, .. } => {
                format!("follow_up[].name \"{}\"", n.follow_up(follow_up))
            }
            _ => return None,
        };
        Some(field)
    }
}

impl MonthlyColumn {
    /// Columns every dated scenario has: the first of [`Self::EXAMPLES`], in row order.
    pub const N_FIXED: usize = 8;

    /// One column of every kind (entity 0), the fixed ones first in the order of a row.
    pub const EXAMPLES: [MonthlyColumn; 12] = [
        MonthlyColumn::Arrivals,
        MonthlyColumn::Decided,
        MonthlyColumn::WithinTermShare,
        MonthlyColumn::Notices,
        MonthlyColumn::CourtCases,
        MonthlyColumn::PenaltyEur,
        MonthlyColumn::Backlog,
        MonthlyColumn::PastTerm,
        MonthlyColumn::BacklogOfStream(0),
        MonthlyColumn::BacklogAtStep(StepIdx(0)),
        MonthlyColumn::DecidedOfStream(0),
        MonthlyColumn::Withdrawn,
    ];

    /// The column's name in `monthly.csv`.
    pub fn name(&self, network: &Network) -> String {
        match *self {
            MonthlyColumn::BacklogOfStream(s) => format!("backlog_{}", Names(network).stream(s)),
            MonthlyColumn::DecidedOfStream(s) => format!("decided_{}", Names(network).stream(s)),
            MonthlyColumn::BacklogAtStep(step) => {
                format!("backlog_at_{}", network.steps[usize::from(step.0)].name)
            }
            _ => self.template().to_string(),
        }
    }

    /// The name with placeholders, as the README lists it (`backlog_at_<step>`).
    pub fn template(&self) -> &'static str {
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
            MonthlyColumn::DecidedOfStream(_) => "decided_<stream>",
            MonthlyColumn::Withdrawn => "withdrawn",
        }
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
            MonthlyColumn::Decided
            | MonthlyColumn::WithinTermShare
            | MonthlyColumn::DecidedOfStream(_) => Direction::Higher,
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
            MonthlyColumn::DecidedOfStream(s) => format!(
                "decisions on cases of stream {} in the month",
                Names(network).stream(s)
            ),
            MonthlyColumn::Withdrawn => {
                "cases withdrawn in the month (their applicant stopped waiting)".into()
            }
        }
    }

    /// The scenario key whose value went into the column's name; `None` for a fixed column.
    pub(super) fn entity_field(&self, network: &Network) -> Option<String> {
        let field = match *self {
            MonthlyColumn::BacklogOfStream(s) | MonthlyColumn::DecidedOfStream(s) => {
                format!("stream[].name \"{}\"", Names(network).stream(s))
            }
            MonthlyColumn::BacklogAtStep(step) => {
                format!(
                    "step[].name \"{}\"",
                    network.steps[usize::from(step.0)].name
                )
            }
            _ => return None,
        };
        Some(field)
    }
}

/// `template` with each `<placeholder>` replaced by the next of `arguments`.
fn fill(template: &str, arguments: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut arguments = arguments.iter();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        out.push_str(arguments.next().map_or("", String::as_str));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// The entity names of a network, by index.
#[derive(Clone, Copy)]
pub(super) struct Names<'a>(&'a Network);

impl<'a> Names<'a> {
    pub(super) fn pool(self, p: PoolIdx) -> &'a str {
        &self.0.pools[usize::from(p.0)].name
    }
    pub(super) fn stream(self, s: u16) -> &'a str {
        &self.0.streams[usize::from(s)].name
    }
    pub(super) fn track(self, t: u16) -> &'a str {
        &self.0.attributes.tracks[usize::from(t)].name
    }
    pub(super) fn location(self, l: u16) -> &'a str {
        &self.0.attributes.locations[usize::from(l)]
    }
    pub(super) fn route(self, r: u16) -> &'a str {
        &self.0.attributes.routes[usize::from(r)]
    }
    pub(super) fn outcome(self, o: u8) -> &'a str {
        &self.0.outcomes[usize::from(o)].name
    }
    /// `" (a grant of protection)"` for an outcome that grants protection, else nothing.
    pub(super) fn granted(self, o: u8) -> &'static str {
        if self.0.outcomes[usize::from(o)].granted {
            " (a grant of protection)"
        } else {
            ""
        }
    }
    pub(super) fn follow_up(self, f: u16) -> &'a str {
        &self.0.follow_ups[usize::from(f)].name
    }
    pub(super) fn team(self, p: PoolIdx, t: u16) -> &'a str {
        self.0.pools[usize::from(p.0)]
            .officers
            .as_ref()
            .map_or("", |o| o.teams[usize::from(t)].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_order() {
        let args = ["decision".to_string(), "team_a".to_string()];
        assert_eq!(
            fill("team_hours_<pool>_<team>", &args),
            "team_hours_decision_team_a"
        );
        assert_eq!(fill("penalty_eur_total", &[]), "penalty_eur_total");
        assert_eq!(
            fill("decided_<year>", &["2027".to_string()]),
            "decided_2027"
        );
    }

    #[test]
    fn units_and_directions_follow_the_key() {
        let pool = MetricKey::Utilisation(PoolIdx(0));
        assert_eq!(pool.unit(), Unit::Share);
        assert_eq!(
            MetricKey::penalty(PenaltyPart::Total, Some(2027), None).unit(),
            Unit::Euro
        );
        assert_eq!(MetricKey::ThroughputDaysP90(None).unit(), Unit::Days);
        assert_eq!(MetricKey::BacklogEnd(None).direction(), Direction::Lower);
        assert_eq!(
            MetricKey::WithinTermShare(Decisions::Year(2027)).direction(),
            Direction::Higher
        );
        assert_eq!(
            MetricKey::Arrived(Flow::All).direction(),
            Direction::Neither
        );
        assert!(MetricKey::penalty(PenaltyPart::Total, Some(2027), None).is_headline());
        assert!(!MetricKey::penalty(PenaltyPart::Admin, Some(2027), None).is_headline());
        assert!(!MetricKey::penalty(PenaltyPart::Total, None, Some(0)).is_headline());
        // The figures per year: counts, amounts and shares; none a headline.
        let decided = MetricKey::DecidedIn {
            of: Subset::Track(0),
            year: 2027,
        };
        let within = MetricKey::WithinMonthsShare {
            months: 6,
            year: 2027,
            stream: Some(0),
        };
        assert_eq!(decided.unit(), Unit::Count);
        assert_eq!(decided.direction(), Direction::Higher);
        assert_eq!(within.unit(), Unit::Share);
        assert_eq!(within.direction(), Direction::Higher);
        assert_eq!(MetricKey::CourtCosts(Some(2027)).unit(), Unit::Euro);
        assert_eq!(MetricKey::Notices(Some(2027)).direction(), Direction::Lower);
        assert!(MetricKey::Notices(None).is_headline());
        assert!(MetricKey::CourtCosts(None).is_headline());
        for key in [
            decided,
            within,
            MetricKey::Notices(Some(2027)),
            MetricKey::NoticesIn {
                stream: 0,
                year: 2027,
            },
            MetricKey::CourtCases(Some(2027)),
            MetricKey::CourtCosts(Some(2027)),
            MetricKey::penalty(PenaltyPart::Total, Some(2027), Some(0)),
        ] {
            assert!(!key.is_headline(), "{key:?}");
        }
        assert_eq!(
            within.template(),
            "within_<N>m_share_<stream>_<year>",
            "N before the stream, the year last"
        );
        assert_eq!(
            fill(
                within.template(),
                &["6".to_string(), "first".to_string(), "2027".to_string()]
            ),
            "within_6m_share_first_2027"
        );
    }
}
