//! What a run will cost, estimated before it starts, and the run settings within the machine's
//! limits: threads capped at its cores, and runs far beyond a day or its memory refused unless
//! forced.

use crate::experiment::RunSettings;
use crate::scenario::Scenario;

/// Longest run started without `force`: a day.
pub const MAX_SECONDS: f64 = 86_400.0;

/// What the user asked for; `None` takes the scenario's (or the command's) default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// Replications.
    pub replications: Option<u32>,
    /// Master seed.
    pub seed: Option<u64>,
    /// Worker threads.
    pub threads: Option<usize>,
    /// Run even when the estimate is beyond the machine.
    pub force: bool,
}

/// A run refused because its estimate is beyond the machine.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "{0}\n  fix: use fewer replications (-r), a shorter run or a smaller scenario, or add --force to run it anyway"
)]
pub struct TooLarge(pub String);

/// The settings of `runs` runs of `scenario` (a fraction for a shard's share of one) as `request` asks, with `replications` as the
/// default where the scenario does not decide it, on a machine with `cores` cores and
/// `memory_bytes` of memory (when known): threads capped at the cores, and the run refused when
/// it would take more than [`MAX_SECONDS`] or the memory, unless forced. Also returns the notes
/// to show (a cap, a forced run).
pub fn settle(
    scenario: &Scenario,
    request: Request,
    replications: Option<u32>,
    runs: f64,
    (cores, memory_bytes): (usize, Option<u64>),
) -> Result<(RunSettings, Vec<String>), TooLarge> {
    let mut notes = Vec::new();
    let threads = match request.threads {
        Some(n) if n > cores => {
            notes.push(format!(
                "note: --threads {n} is more than the {cores} cores of this machine; using {cores}"
            ));
            cores
        }
        Some(n) => n,
        None => cores,
    };
    let settings = RunSettings {
        replications: request
            .replications
            .or(replications)
            .unwrap_or(scenario.replications),
        seed: request.seed.unwrap_or(scenario.seed),
        threads,
    };
    let mut estimate = estimate(scenario, settings.replications);
    estimate.cpu_seconds *= runs.max(f64::MIN_POSITIVE);
    if let Some(why) = estimate.refusal(threads, MAX_SECONDS, memory_bytes) {
        if !request.force {
            return Err(TooLarge(why));
        }
        notes.push(format!("note: {why}; running anyway (--force)"));
    }
    Ok((settings, notes))
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
    let by_source: Vec<(usize, f64)> = network
        .sources
        .iter()
        .map(|source| {
            let arrivals = match &source.process {
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
            };
            (usize::from(source.stream.0), arrivals)
        })
        .collect();
    let arrivals = with_follow_ons(network, &by_source);
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

/// The arrivals of all streams with the follow-on cases their decisions bring (`[[follow_up]]`),
/// from the expected arrivals of each source (`by_source`: its stream and arrivals). A case of
/// stream `s` brings at most `g(s) - 1` descendants on average, where `g(s) = 1 + max_o Σ mean
/// g(into)` over the outcomes `o` its cases can get and the follow-ups they trigger (each its
/// largest mean per group times its `returns`): the validator keeps every circle of streams
/// below one case per case, so the iteration converges; it is cut off after a few dozen
/// generations.
fn with_follow_ons(network: &crate::model::Network, by_source: &[(usize, f64)]) -> f64 {
    let own: f64 = by_source.iter().map(|(_, n)| n).sum();
    if network.follow_ups.is_empty() {
        return own;
    }
    let n_outcomes = network.outcomes.len();
    let can_get = crate::model::stream_outcomes(
        &network.steps,
        &network.streams,
        &network.backlog,
        &network.follow_ups,
        n_outcomes,
    );
    let mut g = vec![1.0; network.streams.len()];
    for _ in 0..64 {
        g = (0..g.len())
            .map(|s| {
                let most = (0..n_outcomes)
                    .filter(|&o| can_get[s][o])
                    .map(|o| {
                        network
                            .follow_ups
                            .iter()
                            .filter(|f| f.outcomes[o] && f.streams[s])
                            .map(|f| f.count.max_mean() * f.returns * g[usize::from(f.into.0)])
                            .sum::<f64>()
                    })
                    .fold(0.0, f64::max);
                1.0 + most
            })
            .collect();
    }
    by_source.iter().map(|&(stream, n)| n * g[stream]).sum()
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
