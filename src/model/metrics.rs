//! The metrics of one replication: stable snake_case names and their values.
//!
//! The catalogue (documented in the README, "Metrics"): for the whole system `arrived`,
//! `completed`, `in_system_start`, `in_system_end`, `arrival_rate_per_day`, `wait_days_mean`,
//! `throughput_days_mean`, `in_system_mean`, `queue_length_mean`; per pool
//! `utilisation_<pool>`, `busy_servers_mean_<pool>`, `queue_length_mean_<pool>`,
//! `queue_wait_days_mean_<pool>`, `work_started_<pool>`; and, when there is more than one stream, per stream
//! `arrived_<stream>`, `completed_<stream>`, `wait_days_mean_<stream>`,
//! `throughput_days_mean_<stream>`, `in_system_start_<stream>`, `in_system_end_<stream>`. All cover the observation window (after the warm-up).

use crate::engine::{MINUTES_PER_DAY, MINUTES_PER_HOUR};
use crate::model::world::{FlowObservations, World};
use crate::model::{MonthlySeries, PoolIdx};

/// Named metric values of one replication, in a fixed order that depends only on the network.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurements {
    /// Metric names.
    pub names: Vec<String>,
    /// Values, parallel to `names`; NaN where undefined (e.g. a mean of no observations).
    pub values: Vec<f64>,
    /// Events handled in the replication (for performance figures).
    pub n_events: u64,
    /// Cases that arrived over the whole run, warm-up included (for performance figures).
    pub n_arrivals_total: u64,
    /// The monthly series, for scenarios with a start date.
    pub monthly: Option<MonthlySeries>,
    /// One record per officer of every officer pool (the verdeelstation), in pool order.
    pub officers: Vec<OfficerRecord>,
}

/// What one officer did in a replication (in the window).
#[derive(Clone, Debug, PartialEq)]
pub struct OfficerRecord {
    /// The pool.
    pub pool: String,
    /// Position of the officer in the pool (0-based, in the order the scenario lists them).
    pub officer: usize,
    /// The officer's team.
    pub team: String,
    /// Experience level: trainee, regular or senior.
    pub level: &'static str,
    /// Pieces of work started.
    pub started: u64,
    /// Pieces of work finished.
    pub finished: u64,
    /// Hours of working time spent.
    pub hours: f64,
    /// At work on a case when the run ended.
    pub busy_at_end: bool,
}

impl Measurements {
    /// The value of metric `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|idx| self.values[idx])
    }

    fn push(&mut self, name: impl Into<String>, value: f64) {
        self.names.push(name.into());
        self.values.push(value);
    }
}

pub(crate) fn measure(world: &mut World<'_>) -> Measurements {
    let stock_columns = world.stock_columns();
    let monthly = world.monthly.take().map(|m| m.finish(stock_columns));
    let world = &*world;
    let end = world.window.horizon;
    let window_days = end.since(world.window.warmup_end) as f64 / MINUTES_PER_DAY as f64;
    let mut out = Measurements {
        names: Vec::new(),
        values: Vec::new(),
        n_events: world.n_events,
        n_arrivals_total: world.streams.iter().map(|s| s.n_arrived_total()).sum(),
        monthly,
        officers: officer_records(world),
    };
    push_flow(&mut out, "", &world.obs);
    out.push(
        "wait_probability",
        ratio(world.obs.waited, world.obs.wait.count()),
    );
    out.push("in_system_start", world.open_at_window_start as f64);
    out.push("in_system_end", world.cases.len() as f64);
    out.push(
        "arrival_rate_per_day",
        world.obs.arrived as f64 / window_days,
    );
    out.push("in_system_mean", world.in_system.mean_until(end));
    out.push("queue_length_mean", world.waiting.mean_until(end));
    for (idx, (spec, pool)) in world.network.pools.iter().zip(&world.pools).enumerate() {
        let pool_end = world.pool_clock(PoolIdx(idx as u16), end);
        let busy_area = pool.busy_level.area_until(pool_end);
        let capacity_area = pool.capacity_level.area_until(pool_end);
        let utilisation = if capacity_area == 0 {
            f64::NAN
        } else {
            busy_area as f64 / capacity_area as f64
        };
        out.push(format!("utilisation_{}", spec.name), utilisation);
        out.push(
            format!("busy_servers_mean_{}", spec.name),
            pool.busy_level.mean_until(pool_end),
        );
        out.push(
            format!("queue_length_mean_{}", spec.name),
            pool.queue_level.mean_until(end),
        );
        out.push(
            format!("queue_wait_days_mean_{}", spec.name),
            pool.queue_wait.mean_days(),
        );
        out.push(
            format!("work_started_{}", spec.name),
            pool.work_started as f64,
        );
        if let (Some(officers), Some(desk)) = (&spec.officers, &pool.desk) {
            push_officers(&mut out, &spec.name, officers, desk);
        }
    }
    if world.streams.len() > 1 {
        let open_end = world.open_per_stream();
        for ((spec, stream), open) in world
            .network
            .streams
            .iter()
            .zip(&world.streams)
            .zip(open_end)
        {
            let suffix = format!("_{}", spec.name);
            push_flow(&mut out, &suffix, &stream.obs);
            out.push(
                format!("in_system_start{suffix}"),
                stream.obs.open_at_start as f64,
            );
            out.push(format!("in_system_end{suffix}"), open as f64);
        }
    }
    out.push(
        "throughput_days_p50",
        world.throughput_days.quantile_days(0.5),
    );
    out.push(
        "throughput_days_p90",
        world.throughput_days.quantile_days(0.9),
    );
    for (spec, (tally, histogram)) in world
        .network
        .attributes
        .tracks
        .iter()
        .zip(&world.throughput_by_track)
    {
        let name = &spec.name;
        out.push(format!("throughput_days_mean_{name}"), tally.mean_days());
        out.push(
            format!("throughput_days_p50_{name}"),
            histogram.quantile_days(0.5),
        );
        out.push(
            format!("throughput_days_p90_{name}"),
            histogram.quantile_days(0.9),
        );
    }
    if world.network.steps.iter().any(|s| s.phase.is_some()) {
        let d = &world.decisions;
        out.push("aa_to_va_share", ratio(d.aa_then_va, d.through_aa));
    }
    if world.network.law.is_some() {
        push_law(&mut out, world);
    }
    if world.network.attributes.locations.len() > 1 {
        for (name, tally) in world
            .network
            .attributes
            .locations
            .iter()
            .zip(&world.throughput_by_location)
        {
            out.push(format!("throughput_days_mean_{name}"), tally.mean_days());
        }
    }
    push_cost(&mut out, world);
    let tower = &world.tower;
    if world.network.attributes.routes.len() > 1 {
        for (name, &n) in world.network.attributes.routes.iter().zip(&tower.routed) {
            out.push(format!("routed_share_{name}"), ratio(n, tower.decided_on));
        }
    }
    if world.network.information.is_some() {
        out.push("misrouted_share", ratio(tower.misrouted, tower.decided_on));
    }
    out
}

/// Costs: staff (`staff_cost_eur`), reception (`reception_days`, `reception_cost_eur`), and, when
/// either is given, `total_cost_eur` = staff + reception + penalty payments + court costs.
fn push_cost(out: &mut Measurements, world: &World<'_>) {
    let network = world.network;
    if let Some(cost) = network.staff_cost_eur {
        out.push("staff_cost_eur", cost);
    }
    let mut reception_eur = None;
    if let Some(reception) = &network.reception {
        let minutes: u128 = world
            .open_minutes_per_stream()
            .iter()
            .zip(&reception.streams)
            .filter(|(_, counted)| **counted)
            .map(|(m, _)| *m)
            .sum();
        let days = minutes as f64 / MINUTES_PER_DAY as f64;
        out.push("reception_days", days);
        out.push("reception_cost_eur", days * reception.per_day_eur);
        reception_eur = Some(days * reception.per_day_eur);
    }
    if network.staff_cost_eur.is_none() && reception_eur.is_none() {
        return;
    }
    let penalties = world
        .book
        .by_year
        .iter()
        .map(|row| row[0] + row[1] + row[2])
        .sum::<i64>() as f64
        / 100.0;
    let law = if network.law.is_some() {
        penalties
    } else {
        0.0
    };
    out.push(
        "total_cost_eur",
        network.staff_cost_eur.unwrap_or(0.0) + reception_eur.unwrap_or(0.0) + law,
    );
}

/// Timeliness and penalty metrics (scenarios with `[law]`).
fn push_law(out: &mut Measurements, world: &World<'_>) {
    let d = &world.decisions;
    let decided: u64 = d.by_stream.iter().map(|c| c.0).sum();
    let within: u64 = d.by_stream.iter().map(|c| c.1).sum();
    out.push("decided", decided as f64);
    out.push("within_term_share", ratio(within, decided));
    for (spec, &(n, w)) in world.network.streams.iter().zip(&d.by_stream) {
        out.push(format!("within_term_share_{}", spec.name), ratio(w, n));
    }
    if world.network.attributes.tracks.len() > 1 {
        for (spec, &(n, w)) in world.network.attributes.tracks.iter().zip(&d.by_track) {
            out.push(format!("within_term_share_{}", spec.name), ratio(w, n));
        }
    }
    for (offset, &(n, w)) in d.by_year.iter().enumerate() {
        let year = i32::from(world.book.first_year) + offset as i32;
        out.push(format!("decided_{year}"), n as f64);
        out.push(format!("within_term_share_{year}"), ratio(w, n));
    }
    out.push("backlog_end", world.cases.len() as f64);
    for &(year, open) in &world.year_end_backlog {
        out.push(format!("backlog_end_{year}"), open as f64);
    }
    out.push("past_term_end", world.past_term_at_end() as f64);
    let book = &world.book;
    out.push("notices", book.notices as f64);
    out.push("court_cases", book.court_cases as f64);
    let kind_total = |kind: usize| book.by_year.iter().map(|row| row[kind]).sum::<i64>();
    let euros = |cents: i64| cents as f64 / 100.0;
    let (admin, court, costs) = (kind_total(0), kind_total(1), kind_total(2));
    out.push("penalty_eur_total", euros(admin + court));
    out.push("penalty_eur_admin", euros(admin));
    out.push("penalty_eur_court", euros(court));
    out.push("court_costs_eur", euros(costs));
    out.push("penalty_eur_accrued_open", euros(book.accrued_open));
    for (offset, row) in book.by_year.iter().enumerate() {
        let year = i32::from(book.first_year) + offset as i32;
        out.push(format!("penalty_eur_{year}"), euros(row[0] + row[1]));
    }
    for (offset, row) in book.by_year.iter().enumerate() {
        let year = i32::from(book.first_year) + offset as i32;
        out.push(format!("penalty_eur_admin_{year}"), euros(row[0]));
        out.push(format!("penalty_eur_court_{year}"), euros(row[1]));
    }
    if world.network.streams.len() > 1 {
        for (spec, row) in world.network.streams.iter().zip(&book.by_stream) {
            out.push(format!("penalty_eur_{}", spec.name), euros(row[0] + row[1]));
        }
    }
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

/// Per officer pool: workload fairness (the coefficient of variation of the hours the officers
/// worked) and the hours and pieces of work of each team.
fn push_officers(
    out: &mut Measurements,
    pool: &str,
    officers: &crate::model::OfficerPool,
    desk: &crate::model::desk::Desk,
) {
    let hours: Vec<f64> = desk
        .officers
        .iter()
        .map(|o| o.worked as f64 / MINUTES_PER_HOUR as f64)
        .collect();
    let n = hours.len() as f64;
    let mean = hours.iter().sum::<f64>() / n;
    let sd = (hours.iter().map(|h| (h - mean) * (h - mean)).sum::<f64>() / n).sqrt();
    out.push(
        format!("workload_cv_{pool}"),
        if mean > 0.0 { sd / mean } else { f64::NAN },
    );
    for (t, team) in officers.teams.iter().enumerate() {
        let members = officers
            .officers
            .iter()
            .zip(&desk.officers)
            .filter(|(spec, _)| usize::from(spec.team) == t);
        let (mut team_hours, mut team_started) = (0.0, 0u64);
        for (_, state) in members {
            team_hours += state.worked as f64 / MINUTES_PER_HOUR as f64;
            team_started += state.started;
        }
        out.push(format!("team_hours_{pool}_{team}"), team_hours);
        out.push(
            format!("team_work_started_{pool}_{team}"),
            team_started as f64,
        );
    }
}

fn ratio(numerator: u64, denominator: u64) -> f64 {
    if denominator == 0 {
        f64::NAN
    } else {
        numerator as f64 / denominator as f64
    }
}

fn push_flow(out: &mut Measurements, suffix: &str, obs: &FlowObservations) {
    out.push(format!("arrived{suffix}"), obs.arrived as f64);
    out.push(format!("completed{suffix}"), obs.completed as f64);
    out.push(format!("wait_days_mean{suffix}"), obs.wait.mean_days());
    out.push(
        format!("throughput_days_mean{suffix}"),
        obs.throughput.mean_days(),
    );
}
