//! Running a scenario many times: independent replications in parallel, reduced in order.
//!
//! Key types: [`RunSettings`], [`Experiment`], [`run`].
//!
//! **Invariant:** the only module that uses threads. A replication is single-threaded and
//! depends only on `(scenario, master seed, replication index)`; rayon's `collect` keeps
//! replication order, and every reduction runs sequentially in that order. So the results are
//! byte-identical for any number of threads.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::engine::RandomStreams;
use crate::error::RunError;
use crate::model::catalogue::Target;
use crate::model::{Catalogue, Measurements, run_replication};
use crate::scenario::Scenario;
use crate::stats::{Summary, summarize};

/// How to run an experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSettings {
    /// Number of replications (at least 1).
    pub replications: u32,
    /// Master seed; replication `r` uses streams derived from `(seed, r)`.
    pub seed: u64,
    /// Worker threads (at least 1).
    pub threads: usize,
}

/// The results of all replications of one scenario.
#[derive(Clone, Debug)]
pub struct Experiment {
    /// The settings it ran with.
    pub settings: RunSettings,
    /// The scenario's metrics and monthly columns, with their names, units and meanings; each
    /// replication's values are in its order.
    pub catalogue: Catalogue,
    /// One entry per replication, in replication order.
    pub replications: Vec<Measurements>,
    /// Wall-clock time of the simulation (not part of any deterministic output).
    pub wall_time: Duration,
}

impl Experiment {
    /// The values of metric `idx` over all replications, in replication order.
    pub fn column(&self, idx: usize) -> Vec<f64> {
        self.replications.iter().map(|m| m.values[idx]).collect()
    }

    /// The metric names, in output order.
    pub fn metric_names(&self) -> impl Iterator<Item = &str> {
        self.catalogue.metrics().iter().map(|m| m.name.as_str())
    }

    /// The index of metric `name`, if there is such a metric.
    pub fn metric_index(&self, name: &str) -> Option<usize> {
        self.catalogue.find(name)
    }

    /// The summary over replications of every metric, in output order, its confidence
    /// interval clipped to the range of the metric's unit (a share's within [0, 1]; a count's,
    /// an amount's and a duration's at least 0: [`Summary::clipped_to`]).
    pub fn summaries(&self) -> Vec<(String, Summary)> {
        (self.catalogue.metrics().iter().enumerate())
            .map(|(idx, def)| (def.name.clone(), self.summary_at(idx)))
            .collect()
    }

    /// The summary of metric `name`, if there is such a metric, clipped as in
    /// [`Experiment::summaries`].
    pub fn summary(&self, name: &str) -> Option<Summary> {
        Some(self.summary_at(self.catalogue.find(name)?))
    }

    /// The summary of metric `idx`, its interval clipped to the range of its unit.
    pub fn summary_at(&self, idx: usize) -> Summary {
        let unit = self.catalogue.metrics()[idx].key.unit();
        summarize(&self.column(idx)).clipped_to(unit)
    }

    /// The values over replications of a metric, or of a monthly column at the end of a month:
    /// `COLUMN@YYYY-MM`, e.g. `backlog@2027-06` for the open cases at the end of June 2027
    /// (any column of `monthly.csv`). `None` when there is no such metric, column or month.
    pub fn values_of(&self, name: &str) -> Option<Vec<f64>> {
        match self.catalogue.target(name)? {
            Target::Metric(idx) => Some(self.column(idx)),
            Target::MonthEnd { column, month } => self.monthly_values(column, month),
        }
    }

    /// The values over replications of monthly column `column` in month `month` (indices into
    /// the catalogue's monthly columns and months); `None` without a monthly series.
    pub fn monthly_values(&self, column: usize, month: usize) -> Option<Vec<f64>> {
        self.replications
            .iter()
            .map(|m| Some(m.monthly.as_ref()?.rows.get(month)?[column]))
            .collect()
    }

    /// Replication `idx` (counted from 0), read by metric name.
    pub fn replication(&self, idx: usize) -> Replication<'_> {
        Replication {
            catalogue: &self.catalogue,
            measurements: &self.replications[idx],
        }
    }

    /// Every replication, in order, read by metric name.
    pub fn each_replication(&self) -> impl Iterator<Item = Replication<'_>> {
        self.replications.iter().map(|measurements| Replication {
            catalogue: &self.catalogue,
            measurements,
        })
    }

    /// Events handled over all replications.
    pub fn n_events(&self) -> u64 {
        self.replications.iter().map(|m| m.n_events).sum()
    }

    /// Cases that arrived over all replications, warm-up included.
    pub fn n_arrivals(&self) -> u64 {
        self.replications.iter().map(|m| m.n_arrivals_total).sum()
    }
}

/// One replication's measurements with the catalogue that names them.
#[derive(Clone, Copy, Debug)]
pub struct Replication<'a> {
    catalogue: &'a Catalogue,
    /// The values, in the catalogue's order, and the monthly series.
    pub measurements: &'a Measurements,
}

impl Replication<'_> {
    /// The value of metric `name`, if the run has it.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.catalogue
            .find(name)
            .map(|idx| self.measurements.values[idx])
    }

    /// Monthly column `name` (a column of `monthly.csv`), month by month; `None` without a
    /// monthly series or such a column.
    pub fn monthly(&self, name: &str) -> Option<Vec<f64>> {
        let column = self.catalogue.find_monthly(name)?;
        let series = self.measurements.monthly.as_ref()?;
        Some(series.rows.iter().map(|row| row[column]).collect())
    }
}

/// Runs `settings.replications` replications of `scenario` on `settings.threads` threads.
/// `on_replication_done` is called once per finished replication, from any thread (for a
/// progress bar); it must not affect results.
pub fn run(
    scenario: &Scenario,
    settings: RunSettings,
    on_replication_done: &(dyn Fn() + Sync),
) -> Result<Experiment, RunError> {
    let start = Instant::now();
    // The catalogue of the network and window as they are now (a scenario's fields are public,
    // so code may have changed them since validation).
    let catalogue =
        Catalogue::new(&scenario.network, scenario.window.horizon).map_err(|clashes| {
            let clash = clashes.into_iter().next().expect("at least one clash");
            RunError::MetricClash {
                name: clash.name,
                first: clash.first,
                second: clash.second,
                field: clash.field,
            }
        })?;
    let threads = settings.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::Threads {
            threads,
            message: e.to_string(),
        })?;
    let results: Vec<Result<Measurements, RunError>> = pool.install(|| {
        (0..settings.replications)
            .into_par_iter()
            .map(|rep| {
                let random = RandomStreams::new(settings.seed, rep);
                let res = run_replication(&scenario.network, scenario.window, &catalogue, random);
                on_replication_done();
                res
            })
            .collect()
    });
    let replications = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(Experiment {
        settings,
        catalogue,
        replications,
        wall_time: start.elapsed(),
    })
}

/// What a run will cost, estimated from the scenario before it starts: the expected arrivals
/// over the horizon (plus the backlog) times the events a case makes along its route, and the
/// memory the replications' results and one replication's open cases take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Cases in one replication: the initial backlog and the expected arrivals.
    pub cases_per_replication: f64,
    /// Events in all replications.
    pub events: f64,
    /// Processor time for all replications, in seconds on one core.
    pub cpu_seconds: f64,
    /// Memory of the replications' results, in bytes (see [`Estimate::bytes`]).
    pub result_bytes: f64,
    /// Memory of one replication in progress (open cases, queues, servers), in bytes.
    pub replication_bytes: f64,
}

/// Processor time per estimated event (the baseline makes about a third of the events the
/// estimate counts, at about 0.65 µs each on a 2020s laptop core).
const SECONDS_PER_EVENT: f64 = 0.5e-6;
/// Memory of a replication's results besides their values (the struct, its vectors' headers
/// and the allocator's bookkeeping).
const BYTES_PER_REPLICATION: f64 = 256.0;
/// Processor time of a replication besides its events (streams, tables, the measurements).
const SECONDS_PER_REPLICATION: f64 = 2e-5;
/// Memory per open case (slab entry, queue ticket, legal agenda entry, pending events).
const BYTES_PER_CASE: f64 = 400.0;
/// Memory per server or officer.
const BYTES_PER_SERVER: f64 = 64.0;
/// Events of a case per step of its route (start and end of work, or of a delay), and the
/// longest route that counts: cases rarely visit more steps than that, however many there are.
const EVENTS_PER_STEP: f64 = 2.0;
const ROUTE_STEPS_CAP: f64 = 8.0;
/// Events of every case besides its steps: arrival, exit and legal events.
const EVENTS_PER_CASE: f64 = 3.0;

impl Estimate {
    /// Wall-clock seconds on `threads` threads (replications are spread over them).
    pub fn seconds(&self, threads: usize) -> f64 {
        self.cpu_seconds / threads.max(1) as f64
    }

    /// Peak memory in bytes on `threads` threads: every replication's results, and one
    /// replication in progress per thread.
    pub fn bytes(&self, threads: usize) -> f64 {
        self.result_bytes + self.replication_bytes * threads.max(1) as f64
    }

    /// Why the run should not start: more than `max_seconds` of wall-clock time, or more memory
    /// than `memory_bytes` (when known). `None` when it fits.
    pub fn refusal(
        &self,
        threads: usize,
        max_seconds: f64,
        memory_bytes: Option<u64>,
    ) -> Option<String> {
        let seconds = self.seconds(threads);
        let bytes = self.bytes(threads);
        let what = format!(
            "about {} events ({} cases a replication), {} and {} of memory on {threads} thread{}",
            short(self.events),
            short(self.cases_per_replication),
            duration(seconds),
            size(bytes),
            if threads == 1 { "" } else { "s" }
        );
        if seconds.is_nan() || seconds > max_seconds {
            return Some(format!(
                "the run would take {what}: more than {}",
                duration(max_seconds)
            ));
        }
        match memory_bytes {
            Some(memory) if bytes.is_nan() || bytes > memory as f64 => Some(format!(
                "the run would need {what}: more than this machine's {}",
                size(memory as f64)
            )),
            _ => None,
        }
    }
}

/// The estimate of running `scenario` `replications` times.
pub fn estimate(scenario: &Scenario, replications: u32) -> Estimate {
    use crate::engine::MINUTES_PER_DAY;
    use crate::model::{ArrivalProcess, IntakeModel};
    let network = &scenario.network;
    let horizon_days = scenario.window.horizon.minutes() as f64 / MINUTES_PER_DAY as f64;
    let months = network
        .months
        .as_ref()
        .map_or(horizon_days / 30.4, |m| m.len() as f64);
    let arrivals: f64 = network
        .sources
        .iter()
        .map(|source| match &source.process {
            ArrivalProcess::Renewal { interarrival } => {
                horizon_days * MINUTES_PER_DAY as f64 / interarrival.mean().max(1e-9)
            }
            ArrivalProcess::Monthly(IntakeModel::Replay(counts)) => {
                counts.iter().map(|&c| c as f64).sum()
            }
            ArrivalProcess::Monthly(IntakeModel::Generated(g)) => {
                // The level grown by the trend to the end, and the largest shock over it.
                let years = months / 12.0;
                let growth = (1.0 + g.trend_per_year).powf(years).max(1.0);
                let shock = g.shocks.iter().map(|s| s.2).fold(1.0, f64::max);
                let spread = (g.sigma * g.sigma / (1.0 - g.phi * g.phi).max(1e-3)).exp();
                g.per_month * months * growth * shock * spread.min(1e6)
            }
        })
        .sum();
    let backlog = network.backlog.cases.len() as f64
        + network
            .backlog
            .synthetic
            .iter()
            .map(|b| f64::from(b.size))
            .sum::<f64>();
    let cases = arrivals + backlog;
    let route = (network.steps.len() as f64).clamp(1.0, ROUTE_STEPS_CAP);
    let per_case = EVENTS_PER_CASE + EVENTS_PER_STEP * route;
    // Month ends, and capacity changes of pools on a working calendar (a few a day).
    let per_day = 1.0 + 4.0 * network.pools.len() as f64;
    let events_per_replication = cases * per_case + horizon_days * per_day;
    let servers: f64 = network.pools.iter().map(|p| f64::from(p.servers)).sum();
    let officers: f64 = network
        .pools
        .iter()
        .filter_map(|p| p.officers.as_ref())
        .map(|o| o.officers.len() as f64)
        .sum();
    let measurements = (scenario.catalogue.metrics().len()
        + scenario.catalogue.monthly().len() * months as usize) as f64
        * 8.0
        + officers * 48.0
        + BYTES_PER_REPLICATION;
    let replications = f64::from(replications);
    Estimate {
        cases_per_replication: cases,
        events: events_per_replication * replications,
        cpu_seconds: (events_per_replication * SECONDS_PER_EVENT + SECONDS_PER_REPLICATION)
            * replications,
        result_bytes: measurements * replications,
        replication_bytes: cases * BYTES_PER_CASE + servers * BYTES_PER_SERVER,
    }
}

/// `x` for people: 1.2 million, 3.4 billion.
fn short(x: f64) -> String {
    match x {
        x if !x.is_finite() => "unboundedly many".to_string(),
        x if x >= 1e12 => format!("{:.1e}", x),
        x if x >= 1e9 => format!("{:.1} billion", x / 1e9),
        x if x >= 1e6 => format!("{:.1} million", x / 1e6),
        x => format!("{x:.0}"),
    }
}

/// Seconds for people.
fn duration(seconds: f64) -> String {
    match seconds {
        s if !s.is_finite() => "forever".to_string(),
        s if s >= 86_400.0 * 365.0 => format!("{:.1e} years", s / (86_400.0 * 365.0)),
        s if s >= 86_400.0 => format!("{:.1} days", s / 86_400.0),
        s if s >= 3_600.0 => format!("{:.1} hours", s / 3_600.0),
        s if s >= 60.0 => format!("{:.0} minutes", s / 60.0),
        s => format!("{s:.0} seconds"),
    }
}

/// Bytes for people.
fn size(bytes: f64) -> String {
    match bytes {
        b if !b.is_finite() => "unboundedly much".to_string(),
        b if b >= 1e12 => format!("{:.1} TB", b / 1e12),
        b if b >= 1e9 => format!("{:.1} GB", b / 1e9),
        b => format!("{:.0} MB", (b / 1e6).max(1.0)),
    }
}
