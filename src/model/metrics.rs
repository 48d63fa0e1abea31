//! The metrics of one replication: stable snake_case names and their values.
//!
//! The catalogue (documented in the README, "Metrics"): for the whole system `arrived`,
//! `completed`, `in_system_start`, `in_system_end`, `arrival_rate_per_day`, `wait_days_mean`,
//! `throughput_days_mean`, `in_system_mean`, `queue_length_mean`; per pool
//! `utilisation_<pool>`, `busy_servers_mean_<pool>`, `queue_length_mean_<pool>`,
//! `queue_wait_days_mean_<pool>`, `work_started_<pool>`; and, when there is more than one stream, per stream
//! `arrived_<stream>`, `completed_<stream>`, `wait_days_mean_<stream>`,
//! `throughput_days_mean_<stream>`. All cover the observation window (after the warm-up).

use crate::engine::MINUTES_PER_DAY;
use crate::model::PoolIdx;
use crate::model::world::{FlowObservations, World};

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

pub(crate) fn measure(world: &World<'_>) -> Measurements {
    let end = world.window.horizon;
    let window_days = end.since(world.window.warmup_end) as f64 / MINUTES_PER_DAY as f64;
    let mut out = Measurements {
        names: Vec::new(),
        values: Vec::new(),
        n_events: world.n_events,
        n_arrivals_total: world.streams.iter().map(|s| s.n_arrived_total()).sum(),
    };
    push_flow(&mut out, "", &world.obs);
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
    }
    if world.streams.len() > 1 {
        for (spec, stream) in world.network.streams.iter().zip(&world.streams) {
            push_flow(&mut out, &format!("_{}", spec.name), &stream.obs);
        }
    }
    out
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
