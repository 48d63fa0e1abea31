//! The values of a replication's metrics, in the order of the scenario's [`Catalogue`].

use crate::engine::{MINUTES_PER_DAY, MINUTES_PER_HOUR};
use crate::error::RunError;
use crate::law::Cents;
use crate::model::PoolIdx;
use crate::model::catalogue::{
    Cases, Catalogue, CostPart, Decisions, Flow, MetricKey, PenaltyPart, Subset, year_ends,
};
use crate::model::legal::PenaltyTotals;
use crate::model::metrics::{Measurements, OfficerRecord};
use crate::model::world::World;

impl World<'_> {
    /// The measurements of the finished replication: one value per metric of `catalogue`, in
    /// its order. Fails when the catalogue was made for another network (a bug).
    pub(crate) fn measure(&mut self, catalogue: &Catalogue) -> Result<Measurements, RunError> {
        let monthly = self.monthly.take().map(|m| m.finish());
        let expected_year_ends = self
            .network
            .dates
            .map(|dates| year_ends(dates, self.window.horizon));
        if let Some(years) = expected_year_ends
            && self.network.law.is_some()
            && !years
                .iter()
                .eq(self.year_end_backlog.iter().map(|(y, _)| y))
        {
            return Err(RunError::Internal(format!(
                "the run took stock at the end of {:?} but the metric catalogue expects {years:?}",
                self.year_end_backlog
            )));
        }
        let world = &*self;
        let facts = Facts::new(world);
        let values = catalogue
            .metrics()
            .iter()
            .map(|def| world.value(def.key, &facts))
            .collect();
        Ok(Measurements {
            values,
            n_events: world.n_events,
            n_arrivals_total: world
                .streams
                .iter()
                .map(|s| s.n_arrived_total())
                .sum::<u64>()
                + world.follow_on_arrivals(),
            monthly,
            officers: officer_records(world),
        })
    }

    /// The mean number of cases waiting in any pool queue over the window: the pools' queue
    /// levels added up (they run on the same clock and restart together at the warm-up's end).
    fn queue_length_mean(&self) -> f64 {
        let end = self.window.horizon;
        let span = end.since(self.window.warmup_end);
        if span == 0 {
            return f64::NAN;
        }
        let area: u128 = self
            .pools
            .iter()
            .map(|p| p.queue_level.area_until(end))
            .sum();
        area as f64 / span as f64
    }

    fn value(&self, key: MetricKey, facts: &Facts) -> f64 {
        let end = self.window.horizon;
        let stream_obs = |s: u16| &self.streams[usize::from(s)].obs;
        let flow_obs = |flow: Flow| match flow {
            Flow::All => &self.obs,
            Flow::Stream(s) => stream_obs(s),
        };
        let pool = |p: PoolIdx| &self.pools[usize::from(p.0)];
        let book = &self.book;
        let euros = |cents: Cents| cents.as_euros();
        let d = &self.decisions;
        match key {
            MetricKey::Arrived(flow) => flow_obs(flow).arrived as f64,
            MetricKey::Completed(flow) => flow_obs(flow).completed as f64,
            MetricKey::Withdrawn(flow) => flow_obs(flow).withdrawn as f64,
            MetricKey::LitigationHours(at) => {
                let minutes: u64 = match at {
                    Some(p) => pool(p).litigation.minutes_started,
                    None => self
                        .pools
                        .iter()
                        .map(|s| s.litigation.minutes_started)
                        .sum(),
                };
                minutes as f64 / MINUTES_PER_HOUR as f64
            }
            MetricKey::LitigationJobs(at) => match at {
                Some(p) => pool(p).litigation.started as f64,
                None => self.pools.iter().map(|s| s.litigation.started).sum::<u64>() as f64,
            },
            MetricKey::WaitDaysMean(flow) => flow_obs(flow).wait.mean_days(),
            MetricKey::ThroughputDaysMean(cases) => match cases {
                Cases::All => self.obs.throughput.mean_days(),
                Cases::Stream(s) => stream_obs(s).throughput.mean_days(),
                Cases::Track(t) => self.throughput_by_track[usize::from(t)].0.mean_days(),
                Cases::Location(l) => self.throughput_by_location[usize::from(l)].mean_days(),
            },
            MetricKey::WaitProbability => ratio(self.obs.waited, self.obs.wait.count()),
            MetricKey::InSystemStart(Flow::All) => self.open_at_window_start as f64,
            MetricKey::InSystemStart(Flow::Stream(s)) => stream_obs(s).open_at_start as f64,
            MetricKey::InSystemEnd(Flow::All) => self.cases.len() as f64,
            MetricKey::InSystemEnd(Flow::Stream(s)) => facts.open_end[usize::from(s)] as f64,
            MetricKey::ArrivalRatePerDay => self.obs.arrived as f64 / facts.window_days,
            MetricKey::InSystemMean => self.in_system.mean_until(end),
            MetricKey::QueueLengthMean => self.queue_length_mean(),
            MetricKey::Utilisation(p) => {
                let pool_end = self.pool_clock(p, end);
                let busy_area = pool(p).busy_level.area_until(pool_end);
                let capacity_area = pool(p).capacity_level.area_until(pool_end);
                if capacity_area == 0 {
                    f64::NAN
                } else {
                    busy_area as f64 / capacity_area as f64
                }
            }
            MetricKey::BusyServersMean(p) => pool(p).busy_level.mean_until(self.pool_clock(p, end)),
            MetricKey::PoolQueueLengthMean(p) => pool(p).queue_level.mean_until(end),
            MetricKey::PoolQueueWaitDaysMean(p) => pool(p).queue_wait.mean_days(),
            MetricKey::WorkStarted(p) => pool(p).work_started as f64,
            MetricKey::WorkloadCv(p) => {
                let hours: Vec<f64> = officer_hours(self, p).collect();
                let n = hours.len() as f64;
                let mean = hours.iter().sum::<f64>() / n;
                let sd = (hours.iter().map(|h| (h - mean) * (h - mean)).sum::<f64>() / n).sqrt();
                if mean > 0.0 { sd / mean } else { f64::NAN }
            }
            MetricKey::TeamHours(p, team) => team_members(self, p, team)
                .map(|state| state.worked as f64 / MINUTES_PER_HOUR as f64)
                .fold(0.0, |sum, h| sum + h),
            MetricKey::TeamWorkStarted(p, team) => {
                team_members(self, p, team).map(|s| s.started).sum::<u64>() as f64
            }
            MetricKey::ThroughputDaysP50(None) => self.throughput_days.quantile_days(0.5),
            MetricKey::ThroughputDaysP90(None) => self.throughput_days.quantile_days(0.9),
            MetricKey::ThroughputDaysP50(Some(t)) => self.throughput_by_track[usize::from(t)]
                .1
                .quantile_days(0.5),
            MetricKey::ThroughputDaysP90(Some(t)) => self.throughput_by_track[usize::from(t)]
                .1
                .quantile_days(0.9),
            MetricKey::AaToVaShare => ratio(d.aa_then_va, d.through_aa),
            MetricKey::Decided(None) => facts.decided as f64,
            MetricKey::Decided(Some(year)) => d.by_year[self.year_idx(year)].0 as f64,
            MetricKey::WithinTermShare(decisions) => match decisions {
                Decisions::All => ratio(facts.within, facts.decided),
                Decisions::Stream(s) => {
                    let (n, w) = d.by_stream[usize::from(s)];
                    ratio(w, n)
                }
                Decisions::Track(t) => {
                    let (n, w) = d.by_track[usize::from(t)];
                    ratio(w, n)
                }
                Decisions::Year(year) => {
                    let (n, w) = d.by_year[self.year_idx(year)];
                    ratio(w, n)
                }
            },
            MetricKey::BacklogEnd(None) => self.cases.len() as f64,
            MetricKey::BacklogEnd(Some(year)) => self
                .year_end_backlog
                .iter()
                .find(|(y, _)| *y == year)
                .map_or(f64::NAN, |(_, open)| *open as f64),
            MetricKey::PastTermEnd => self.past_term_at_end() as f64,
            MetricKey::Notices(None) => book.notices as f64,
            MetricKey::Notices(Some(year)) => book.notices_in(self.year_idx(year), None) as f64,
            MetricKey::NoticesIn { stream, year } => {
                book.notices_in(self.year_idx(year), Some(usize::from(stream))) as f64
            }
            MetricKey::CourtCases(None) => book.court_cases as f64,
            MetricKey::Appeals(None) => book.appeals as f64,
            MetricKey::Appeals(Some(year)) => book.appeals_by_year[self.year_idx(year)] as f64,
            MetricKey::CourtCases(Some(year)) => {
                book.court_cases_by_year[self.year_idx(year)] as f64
            }
            MetricKey::DecidedIn { of, year } => {
                let y = self.year_idx(year);
                match of {
                    Subset::Stream(s) => d.yearly.of_stream(y, usize::from(s)) as f64,
                    Subset::Track(t) => d.yearly.of_track(y, usize::from(t)) as f64,
                }
            }
            MetricKey::WithinMonthsShare {
                months,
                year,
                stream,
            } => {
                let Some(n) = self.network.within_months.iter().position(|&m| m == months) else {
                    return f64::NAN;
                };
                let y = self.year_idx(year);
                let stream = stream.map(usize::from);
                let decided = stream.map_or(d.by_year[y].0, |s| d.yearly.of_stream(y, s));
                ratio(d.yearly.within(n, y, stream), decided)
            }
            MetricKey::Penalty { part, year, stream } => {
                let totals = match (year, stream) {
                    (Some(year), Some(s)) => book.paid_in(self.year_idx(year), usize::from(s)),
                    (Some(year), None) => book.by_year[self.year_idx(year)],
                    (None, Some(s)) => book.by_stream[usize::from(s)],
                    (None, None) => facts.paid,
                };
                euros(part_of(totals, part))
            }
            MetricKey::CourtCosts(None) => euros(facts.paid.costs),
            MetricKey::CourtCosts(Some(year)) => euros(book.by_year[self.year_idx(year)].costs),
            MetricKey::PenaltyAccruedOpen => euros(book.accrued_open),
            MetricKey::StaffCost => self.network.staff_cost_eur.unwrap_or(f64::NAN),
            MetricKey::ReceptionDays => facts.reception_days,
            MetricKey::ReceptionCost => facts.reception_cost,
            MetricKey::TotalCost => {
                let law = if self.network.law.is_some() {
                    euros(facts.paid.all())
                } else {
                    0.0
                };
                let reception = if self.network.reception.is_some() {
                    facts.reception_cost
                } else {
                    0.0
                };
                self.network.staff_cost_eur.unwrap_or(0.0) + reception + law
            }
            MetricKey::ThroughputDaysMeanAt { location, stream } => self
                .throughput_by_location_stream
                [usize::from(location) * self.streams.len() + usize::from(stream)]
            .mean_days(),
            MetricKey::CostIn { part, year } => {
                let staff = || {
                    self.network
                        .staff_cost_by_year_eur
                        .iter()
                        .find(|(y, _)| *y == year)
                        .map_or(0.0, |(_, eur)| *eur)
                };
                let reception = || self.reception_cost_in(year, facts);
                match part {
                    CostPart::Staff => staff(),
                    CostPart::Reception => reception(),
                    CostPart::Total => {
                        let y = self.year_idx(year);
                        let law = if self.network.law.is_some() {
                            euros(book.by_year[y].all())
                        } else {
                            0.0
                        };
                        let reception = if self.network.reception.is_some() {
                            reception()
                        } else {
                            0.0
                        };
                        staff() + reception + law
                    }
                }
            }
            MetricKey::RoutedShare(r) => {
                ratio(self.tower.routed[usize::from(r)], self.tower.decided_on)
            }
            MetricKey::MisroutedShare => ratio(self.tower.misrouted, self.tower.decided_on),
            MetricKey::DecidedOutcome(o) => self
                .flows
                .as_ref()
                .map_or(f64::NAN, |f| f.decided[usize::from(o)] as f64),
            MetricKey::DecidedOutcomeIn {
                outcome,
                year,
                stream,
            } => d.yearly.of_outcome(
                self.year_idx(year),
                usize::from(outcome),
                stream.map(usize::from),
            ) as f64,
            MetricKey::GrantShare => self.flows.as_ref().map_or(f64::NAN, |f| {
                let granted = f
                    .decided
                    .iter()
                    .zip(&self.network.outcomes)
                    .filter(|(_, o)| o.granted)
                    .map(|(n, _)| n)
                    .sum();
                ratio(granted, f.decided.iter().sum())
            }),
            MetricKey::FollowUps { follow_up, year } => self.flows.as_ref().map_or(f64::NAN, |f| {
                let counts = &f.follow_ups[usize::from(follow_up)];
                match year {
                    None => counts.triggered as f64,
                    Some(year) => counts.triggered_by_year[self.year_idx(year)] as f64,
                }
            }),
            MetricKey::Returned { follow_up, year } => self.flows.as_ref().map_or(f64::NAN, |f| {
                let counts = &f.follow_ups[usize::from(follow_up)];
                match year {
                    None => counts.returned as f64,
                    Some(year) => counts.returned_by_year[self.year_idx(year)] as f64,
                }
            }),
        }
    }

    /// The reception cost of calendar year `year`: the case-minutes of the reception streams
    /// between the ends of the year before and of `year` (the run's start and end where those
    /// fall outside it), at the cost per day.
    fn reception_cost_in(&self, year: i16, facts: &Facts) -> f64 {
        let Some(reception) = &self.network.reception else {
            return f64::NAN;
        };
        let up_to = |y: i16| {
            self.year_end_reception
                .iter()
                .find(|(end, _)| *end == y)
                .map(|(_, minutes)| *minutes)
        };
        let first_year = self
            .network
            .dates
            .map_or(year, |dates| dates.start().year());
        let before = if year <= first_year {
            0
        } else {
            up_to(year - 1).unwrap_or(0)
        };
        let until = up_to(year).unwrap_or(facts.reception_minutes);
        let days = until.saturating_sub(before) as f64 / MINUTES_PER_DAY as f64;
        days * reception.per_day_eur
    }

    /// The reception case-minutes in the window up to `until`: the streams whose waiting days
    /// are paid.
    pub(crate) fn reception_minutes_until(&self, until: crate::engine::SimTime) -> u128 {
        let Some(reception) = &self.network.reception else {
            return 0;
        };
        self.open_minutes_per_stream_until(until)
            .iter()
            .zip(&reception.streams)
            .filter(|(_, counted)| **counted)
            .map(|(m, _)| *m)
            .sum()
    }

    /// The index of `year` in the per-year counts.
    fn year_idx(&self, year: i16) -> usize {
        (year - self.book.first_year) as usize
    }
}

/// Figures several metrics share, computed once per replication.
struct Facts {
    window_days: f64,
    open_end: Vec<u64>,
    decided: u64,
    within: u64,
    paid: PenaltyTotals,
    reception_days: f64,
    reception_cost: f64,
    reception_minutes: u128,
}

impl Facts {
    fn new(world: &World<'_>) -> Facts {
        let window = world.window;
        let d = &world.decisions;
        let reception_minutes = world.reception_minutes_until(window.horizon);
        let (reception_days, reception_cost) = match &world.network.reception {
            Some(reception) => {
                let days = reception_minutes as f64 / MINUTES_PER_DAY as f64;
                (days, days * reception.per_day_eur)
            }
            None => (f64::NAN, f64::NAN),
        };
        Facts {
            window_days: window.horizon.since(window.warmup_end) as f64 / MINUTES_PER_DAY as f64,
            open_end: if world.streams.len() > 1 {
                world.open_per_stream()
            } else {
                Vec::new()
            },
            decided: d.by_stream.iter().map(|c| c.0).sum(),
            within: d.by_stream.iter().map(|c| c.1).sum(),
            paid: world.book.total(),
            reception_days,
            reception_cost,
            reception_minutes,
        }
    }
}

fn part_of(totals: PenaltyTotals, part: PenaltyPart) -> Cents {
    match part {
        PenaltyPart::Total => totals.penalties(),
        PenaltyPart::Admin => totals.admin,
        PenaltyPart::Court => totals.court,
    }
}

/// The hours each officer of pool `p` worked.
fn officer_hours<'a>(world: &'a World<'_>, p: PoolIdx) -> impl Iterator<Item = f64> + 'a {
    world.pools[usize::from(p.0)]
        .desk
        .iter()
        .flat_map(|desk| &desk.officers)
        .map(|o| o.worked as f64 / MINUTES_PER_HOUR as f64)
}

/// The states of the officers of team `team` of pool `p`.
fn team_members<'a>(
    world: &'a World<'_>,
    p: PoolIdx,
    team: u16,
) -> impl Iterator<Item = &'a crate::model::desk::OfficerState> + 'a {
    let spec = world.network.pools[usize::from(p.0)].officers.as_ref();
    let desk = world.pools[usize::from(p.0)].desk.as_ref();
    spec.into_iter()
        .zip(desk)
        .flat_map(|(spec, desk)| spec.officers.iter().zip(&desk.officers))
        .filter(move |(spec, _)| spec.team == team)
        .map(|(_, state)| state)
}

fn officer_records(world: &World<'_>) -> Vec<OfficerRecord> {
    let mut out = Vec::new();
    for (spec, pool) in world.network.pools.iter().zip(&world.pools) {
        let (Some(officers), Some(desk)) = (&spec.officers, &pool.desk) else {
            continue;
        };
        for (idx, (officer, state)) in officers.officers.iter().zip(&desk.officers).enumerate() {
            out.push(OfficerRecord {
                pool: spec.name.clone(),
                officer: idx,
                team: officers.teams[usize::from(officer.team)].clone(),
                level: officer.level.as_str(),
                started: state.started,
                finished: state.finished,
                hours: state.worked as f64 / MINUTES_PER_HOUR as f64,
                busy_at_end: state.busy,
            });
        }
    }
    out
}

fn ratio(numerator: u64, denominator: u64) -> f64 {
    if denominator == 0 {
        f64::NAN
    } else {
        numerator as f64 / denominator as f64
    }
}
