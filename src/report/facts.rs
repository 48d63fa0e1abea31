//! The facts of a scenario a report states as its key assumptions, as plain text.

use jiff::ToSpan;

use crate::model::{ArrivalProcess, IntakeModel, LocationPolicy};
use crate::plot::{format_count, format_euros};
use crate::scenario::Scenario;

/// What a report says about the scenario it ran: plain strings and numbers, so a report can also
/// be built for facts that did not come from a scenario file.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioFacts {
    /// Short name.
    pub name: String,
    /// One-line description (may be empty).
    pub description: String,
    /// The scenario file.
    pub file: String,
    /// The first simulated day (`YYYY-MM-DD`), for scenarios with dates.
    pub start_date: Option<String>,
    /// The last simulated day (`YYYY-MM-DD`), for scenarios with dates.
    pub end_date: Option<String>,
    /// Simulated days per replication, warm-up included.
    pub horizon_days: f64,
    /// Warm-up days (statistics start after them).
    pub warmup_days: f64,
    /// The verkeerstoren's policy, in words.
    pub policy: String,
    /// Per arrival source: (stream, how its cases arrive); then each stream without one.
    pub intake: Vec<(String, String)>,
    /// Staff per pool at the start (FTE, or people for a pool sized in people).
    pub staffing: Vec<(String, f64)>,
    /// Case streams, in scenario order.
    pub streams: Vec<String>,
    /// Tracks (sporen), in scenario order.
    pub tracks: Vec<String>,
    /// Locations, in scenario order.
    pub locations: Vec<String>,
    /// True when the scenario has decision terms and penalty payments (`[law]`).
    pub has_law: bool,
    /// Published figures the run is held against (`[metrics] observed`).
    pub observed: Vec<crate::history::figure::ObservedFigure>,
    /// What each future draws anew (`[[uncertain]]` and changes with a probability): (name,
    /// what it sets, its distribution in words).
    pub uncertain: Vec<(String, String, String)>,
    /// The prices the scenario puts on staff and reception, in words: (component, price). They
    /// are inputs, not results: every cost figure built on them carries them.
    pub prices: Vec<(String, String)>,
}

impl ScenarioFacts {
    /// The facts of `scenario`.
    pub fn from_scenario(scenario: &Scenario) -> ScenarioFacts {
        let network = &scenario.network;
        let horizon_days = scenario.window.horizon.as_days();
        let start_date = scenario.start_date;
        let end_date = start_date.and_then(|start| {
            let days = (horizon_days.ceil() as i64 - 1).max(0);
            start.checked_add(days.days()).ok()
        });
        let policy = format!(
            "{}; locations {}",
            network.policy.routing.name(),
            match network.policy.location {
                LocationPolicy::Shares => "by the streams' shares",
                LocationPolicy::LeastLoaded => "to the least-loaded location",
                LocationPolicy::Capacity => "in proportion to the staff present",
            }
        );
        let mut intake: Vec<(String, String)> = network
            .sources
            .iter()
            .map(|source| {
                let stream = network.streams[usize::from(source.stream.0)].name.clone();
                let group = source
                    .group
                    .and_then(|g| network.attributes.groups.get(usize::from(g)))
                    .map(|g| format!(" (group {})", g.name))
                    .unwrap_or_default();
                (
                    stream,
                    format!("{}{group}", describe_arrivals(&source.process)),
                )
            })
            .collect();
        for (idx, stream) in network.streams.iter().enumerate() {
            let fed = follow_ons_into(network, idx);
            let has_source = network
                .sources
                .iter()
                .any(|s| usize::from(s.stream.0) == idx);
            if !fed.is_empty() {
                intake.push((
                    stream.name.clone(),
                    format!("follow-ons of the run's own decisions: {}", fed.join("; ")),
                ));
            } else if !has_source {
                intake.push((
                    stream.name.clone(),
                    "no arrivals: its opening stock only".into(),
                ));
            }
        }
        let mut prices = Vec::new();
        if let Some(cost) = network.staff_plan.cost_per_fte_year_eur {
            prices.push((
                "staff".to_string(),
                format!(
                    "{} per FTE-year ([staff] cost_per_fte_year_eur)",
                    format_euros(cost)
                ),
            ));
        }
        if let Some(reception) = &network.reception {
            let paid: Vec<&str> = network
                .streams
                .iter()
                .zip(&reception.streams)
                .filter(|(_, paid)| **paid)
                .map(|(s, _)| s.name.as_str())
                .collect();
            prices.push((
                "reception (opvang)".to_string(),
                format!(
                    "{} a day for each open case of {} {} ([cost] reception_per_day_eur, reception_streams)",
                    format_euros(reception.per_day_eur),
                    if paid.len() == 1 { "stream" } else { "streams" },
                    paid.join(", ")
                ),
            ));
        }
        ScenarioFacts {
            name: scenario.name.clone(),
            description: scenario.description.clone(),
            file: scenario.path.display().to_string(),
            start_date: start_date.map(|d| d.to_string()),
            end_date: end_date.map(|d| d.to_string()),
            horizon_days,
            warmup_days: scenario.window.warmup_end.as_days(),
            policy,
            intake,
            staffing: scenario.staffing.clone(),
            streams: network.streams.iter().map(|s| s.name.clone()).collect(),
            tracks: network
                .attributes
                .tracks
                .iter()
                .map(|t| t.name.clone())
                .collect(),
            locations: network.attributes.locations.clone(),
            has_law: network.law.is_some(),
            observed: scenario.observed.clone(),
            uncertain: scenario
                .uncertainty
                .inputs
                .iter()
                .map(|i| (i.name.clone(), i.path.clone(), i.dist.describe()))
                .chain(scenario.uncertainty.changes.iter().map(|c| {
                    (
                        format!("change:{}", c.name),
                        "the dated change".to_string(),
                        format!("takes effect with probability {}", c.probability),
                    )
                }))
                .collect(),
            prices,
        }
    }

    /// The simulated period in words: "2026-01-01 to 2030-12-31 (1,826 days)" or "1,000 days".
    pub fn period(&self) -> String {
        let days = format!("{} days", format_count(self.horizon_days));
        let warmup = if self.warmup_days > 0.0 {
            format!(", of which {} days warm-up", format_count(self.warmup_days))
        } else {
            String::new()
        };
        match (&self.start_date, &self.end_date) {
            (Some(start), Some(end)) => format!("{start} to {end} ({days}{warmup})"),
            _ => format!("{days}{warmup}"),
        }
    }

    /// Total staff over all pools.
    pub fn total_staff(&self) -> f64 {
        self.staffing.iter().map(|(_, fte)| fte).sum()
    }
}

/// How the cases of one source arrive, in words.
fn describe_arrivals(process: &ArrivalProcess) -> String {
    match process {
        ArrivalProcess::Renewal { interarrival } => {
            let mean_minutes = interarrival.mean();
            if mean_minutes > 0.0 {
                format!(
                    "{} a day on average (independent arrivals)",
                    format_count(crate::engine::MINUTES_PER_DAY as f64 / mean_minutes)
                )
            } else {
                "arrivals without gaps".to_string()
            }
        }
        ArrivalProcess::Monthly(IntakeModel::Replay(counts)) => format!(
            "replayed monthly counts: {} months, {} cases",
            counts.len(),
            format_count(counts.iter().sum::<u64>() as f64)
        ),
        ArrivalProcess::Monthly(IntakeModel::Generated(g)) => {
            let mut parts = vec![format!("{} a month", format_count(g.per_month))];
            if g.seasonal.iter().any(|f| (f - 1.0).abs() > 1e-9) {
                let (low, high) = g
                    .seasonal
                    .iter()
                    .fold((f64::INFINITY, 0.0f64), |(lo, hi), f| {
                        (lo.min(*f), hi.max(*f))
                    });
                parts.push(format!(
                    "seasonal ({:.0}% to {:.0}% of the mean)",
                    low * 100.0,
                    high * 100.0
                ));
            }
            if g.trend_per_year != 0.0 {
                parts.push(format!("trend {:+.1}% a year", g.trend_per_year * 100.0));
            }
            if !g.shocks.is_empty() {
                parts.push(format!("{} scheduled shock(s)", g.shocks.len()));
            }
            if g.sigma > 0.0 {
                parts.push(format!(
                    "uncertain level (AR(1) phi {:.2}, sigma {:.2}: every future draws its own intake path)",
                    g.phi, g.sigma
                ));
            }
            format!("monthly model: {}", parts.join(", "))
        }
    }
}

/// The returning follow-ons (`[[follow_up]]` with `returns > 0`) that bring cases of stream
/// `idx`, each as "name (after outcome, outcome)".
fn follow_ons_into(network: &crate::model::Network, idx: usize) -> Vec<String> {
    network
        .follow_ups
        .iter()
        .filter(|f| usize::from(f.into.0) == idx && f.returns > 0.0)
        .map(|f| {
            let outcomes: Vec<&str> = network
                .outcomes
                .iter()
                .zip(&f.outcomes)
                .filter(|(_, on)| **on)
                .map(|(o, _)| o.name.as_str())
                .collect();
            if outcomes.is_empty() {
                f.name.clone()
            } else {
                format!("{} (after {})", f.name, outcomes.join(", "))
            }
        })
        .collect()
}
