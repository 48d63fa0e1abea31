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

mod key;

use std::collections::HashMap;

use crate::calendar::Dates;
use crate::engine::{MINUTES_PER_DAY, SimTime};
use crate::model::{Activity, Network, PoolIdx, StepIdx};
use crate::stats::Unit;

pub use key::{
    Cases, CostPart, Decisions, Direction, Flow, MetricKey, MonthlyColumn, PenaltyPart, Subset,
};

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
    if let Some(law) = &network.law {
        yearly_keys(&mut keys, network, law.dates, horizon);
    }
    // Withdrawals, for scenarios where applicants may stop waiting; listed last, so the
    // columns of scenarios without patience keep their places.
    if network.streams.iter().any(|s| s.patience.is_some()) {
        keys.push(MetricKey::Withdrawn(Flow::All));
        if n_streams > 1 {
            keys.extend((0..n_streams).map(|s| MetricKey::Withdrawn(Flow::Stream(s))));
        }
    }
    // Appeals lodged, for scenarios whose law gives a rate (legal steps as processes in time);
    // listed last, so the columns of other scenarios keep their places.
    if let Some(law) = &network.law
        && law.uses_rates
    {
        keys.push(MetricKey::Appeals(None));
        keys.extend(
            run_years(law.dates, horizon)
                .into_iter()
                .map(|year| MetricKey::Appeals(Some(year))),
        );
    }
    // Litigation work, for scenarios whose court regimes have it; per pool when it goes to
    // several. Listed after the older metrics.
    let pools = network.litigation_pools();
    if !pools.is_empty() {
        keys.extend([
            MetricKey::LitigationHours(None),
            MetricKey::LitigationJobs(None),
        ]);
        if pools.len() > 1 {
            for p in pools {
                keys.extend([
                    MetricKey::LitigationHours(Some(p)),
                    MetricKey::LitigationJobs(Some(p)),
                ]);
            }
        }
    }
    // Outcomes and follow-ups, for scenarios that declare outcomes; last, so the columns of
    // scenarios without them keep their places.
    if !network.outcomes.is_empty() {
        flow_keys(&mut keys, network, horizon);
    }
    // Costs per calendar year, for dated scenarios with a cost; last, so the columns of
    // scenarios without them keep their places.
    if let Some(dates) = network.dates {
        cost_keys(&mut keys, network, dates, horizon);
    }
    // Throughput per location and stream, with several of both; after the costs, so the
    // columns before keep their places.
    if attributes.locations.len() > 1 && n_streams > 1 {
        for location in 0..attributes.locations.len() as u16 {
            keys.extend(
                (0..n_streams).map(|stream| MetricKey::ThroughputDaysMeanAt { location, stream }),
            );
        }
    }
    keys
}

/// Per calendar year of the run: the payroll (with a cost per FTE-year), the reception cost
/// (with a cost per day) and their total with penalty payments and court costs (with `[law]`).
fn cost_keys(keys: &mut Vec<MetricKey>, network: &Network, dates: Dates, horizon: SimTime) {
    let staff = network.staff_cost_eur.is_some();
    let reception = network.reception.is_some();
    if !staff && !reception {
        return;
    }
    for year in run_years(dates, horizon) {
        if staff {
            keys.push(MetricKey::CostIn {
                part: CostPart::Staff,
                year,
            });
        }
        if reception {
            keys.push(MetricKey::CostIn {
                part: CostPart::Reception,
                year,
            });
        }
        keys.push(MetricKey::CostIn {
            part: CostPart::Total,
            year,
        });
    }
}

/// Decisions per outcome (in the window, per calendar year, per stream and year with several
/// streams), the share granting protection, and per follow-up the follow-ons and those that came
/// back (in the window and, with `[law]`, per calendar year).
fn flow_keys(keys: &mut Vec<MetricKey>, network: &Network, horizon: SimTime) {
    let n_outcomes = network.outcomes.len() as u8;
    let n_streams = network.streams.len() as u16;
    let n_follow_ups = network.follow_ups.len() as u16;
    keys.extend((0..n_outcomes).map(MetricKey::DecidedOutcome));
    if network.outcomes.iter().any(|o| o.granted) {
        keys.push(MetricKey::GrantShare);
    }
    for follow_up in 0..n_follow_ups {
        keys.extend([
            MetricKey::FollowUps {
                follow_up,
                year: None,
            },
            MetricKey::Returned {
                follow_up,
                year: None,
            },
        ]);
    }
    let Some(law) = &network.law else {
        return;
    };
    let streams = 0..if n_streams > 1 { n_streams } else { 0 };
    for year in run_years(law.dates, horizon) {
        keys.extend((0..n_outcomes).map(|outcome| MetricKey::DecidedOutcomeIn {
            outcome,
            year,
            stream: None,
        }));
        for s in streams.clone() {
            keys.extend((0..n_outcomes).map(|outcome| MetricKey::DecidedOutcomeIn {
                outcome,
                year,
                stream: Some(s),
            }));
        }
        for follow_up in 0..n_follow_ups {
            keys.extend([
                MetricKey::FollowUps {
                    follow_up,
                    year: Some(year),
                },
                MetricKey::Returned {
                    follow_up,
                    year: Some(year),
                },
            ]);
        }
    }
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
        MetricKey::Notices(None),
        MetricKey::CourtCases(None),
    ]);
    for part in [PenaltyPart::Total, PenaltyPart::Admin, PenaltyPart::Court] {
        keys.push(MetricKey::Penalty {
            part,
            year: None,
            stream: None,
        });
    }
    keys.extend([MetricKey::CourtCosts(None), MetricKey::PenaltyAccruedOpen]);
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

/// Figures per calendar year to hold against published ones, for scenarios with `[law]`: per
/// year, decisions per stream and per track, notices (in all and per stream), court cases and
/// their procedural costs, penalty payments per stream, and the shares decided within each N
/// months of `[metrics] within_months` (in all and per stream). Per stream and per track only
/// when there are several. Listed after every other metric, so that the columns a scenario had
/// before keep their places in `replications.csv`.
fn yearly_keys(keys: &mut Vec<MetricKey>, network: &Network, dates: Dates, horizon: SimTime) {
    let n_streams = network.streams.len() as u16;
    let n_tracks = network.attributes.tracks.len() as u16;
    let streams = 0..if n_streams > 1 { n_streams } else { 0 };
    let tracks = 0..if n_tracks > 1 { n_tracks } else { 0 };
    for year in run_years(dates, horizon) {
        keys.extend(streams.clone().map(|s| MetricKey::DecidedIn {
            of: Subset::Stream(s),
            year,
        }));
        keys.extend(tracks.clone().map(|t| MetricKey::DecidedIn {
            of: Subset::Track(t),
            year,
        }));
        keys.push(MetricKey::Notices(Some(year)));
        keys.extend(
            streams
                .clone()
                .map(|stream| MetricKey::NoticesIn { stream, year }),
        );
        keys.extend([
            MetricKey::CourtCases(Some(year)),
            MetricKey::CourtCosts(Some(year)),
        ]);
        keys.extend(
            streams
                .clone()
                .map(|s| MetricKey::penalty(PenaltyPart::Total, Some(year), Some(s))),
        );
        for &months in &network.within_months {
            keys.push(MetricKey::WithinMonthsShare {
                months,
                year,
                stream: None,
            });
            keys.extend(streams.clone().map(|s| MetricKey::WithinMonthsShare {
                months,
                year,
                stream: Some(s),
            }));
        }
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
    // The flow columns and the whole-system stocks, in row order: the examples up to the first
    // column of an entity.
    let mut columns = MonthlyColumn::EXAMPLES[..MonthlyColumn::N_FIXED].to_vec();
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
    // After the columns a scenario had before, so they keep their places in a month's rows.
    if network.streams.len() > 1 {
        columns.extend((0..network.streams.len() as u16).map(MonthlyColumn::DecidedOfStream));
    }
    if network.streams.iter().any(|s| s.patience.is_some()) {
        columns.push(MonthlyColumn::Withdrawn);
    }
    columns
}

/// The field to blame for a clash: the second metric's entity, or the first's when the second
/// has none (a year).
fn entity_field(second: Option<String>, first: Option<String>) -> String {
    second.or(first).unwrap_or_else(|| "run".into())
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use jiff::civil::date;

    use super::*;

    #[test]
    fn every_kind_of_metric_has_its_own_template() {
        let templates: HashSet<&str> = MetricKey::EXAMPLES.iter().map(|k| k.template()).collect();
        assert_eq!(templates.len(), MetricKey::EXAMPLES.len());
        let monthly: HashSet<&str> = MonthlyColumn::EXAMPLES
            .iter()
            .map(|c| c.template())
            .collect();
        assert_eq!(monthly.len(), MonthlyColumn::EXAMPLES.len());
    }

    #[test]
    fn years_follow_the_calendar_of_the_run() {
        let dates = Dates::new(date(2026, 3, 1));
        let day = |d| SimTime::from_days(dates.day_of(d) as u64);
        // Ending on 1 January 2027 00:00 takes stock of 2026, not of 2027.
        let to_2027 = day(date(2027, 1, 1));
        assert_eq!(year_ends(dates, to_2027), vec![2026]);
        assert_eq!(run_years(dates, to_2027), vec![2026]);
        // One minute later the run touches 2027.
        let later = SimTime(to_2027.minutes() + 1);
        assert_eq!(run_years(dates, later), vec![2026, 2027]);
        assert_eq!(year_ends(dates, later), vec![2026]);
        assert!(year_ends(dates, day(date(2026, 12, 31))).is_empty());
        assert_eq!(
            year_ends(dates, day(date(2029, 6, 1))),
            vec![2026, 2027, 2028]
        );
    }
}
