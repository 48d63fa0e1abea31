//! `run.json`: what was run, with which inputs, seed and software, so a result can be traced and
//! reproduced.

use serde::Serialize;

use crate::digest::sha256_hex;
use crate::experiment::Experiment;
use crate::scenario::Scenario;

/// The run manifest. Field names are part of the output format.
#[derive(Clone, Debug, Serialize)]
pub struct Manifest {
    /// The asielsim version that produced the results.
    pub asielsim_version: String,
    /// Scenario name.
    pub scenario: String,
    /// The scenario file as given on the command line.
    pub scenario_file: String,
    /// SHA-256 of the scenario file's bytes, hex.
    pub scenario_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Number of replications.
    pub replications: u32,
    /// Worker threads (results do not depend on it).
    pub threads: usize,
    /// Simulated days per replication, warm-up included.
    pub horizon_days: f64,
    /// Warm-up days per replication (statistics start after it).
    pub warmup_days: f64,
    /// Random-number generators used.
    pub rng: String,
    /// Wall-clock seconds of the simulation.
    pub wall_time_seconds: f64,
    /// Events handled over all replications.
    pub events: u64,
    /// Cases that arrived over all replications, warm-up included.
    pub cases: u64,
    /// Number of metrics in `summary.csv`.
    pub metrics: usize,
    /// Settings given on the command line (`run --set PATH=VALUE`), in order; absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<String>,
}

impl Manifest {
    /// The manifest of `experiment`, run on `scenario`.
    pub fn new(scenario: &Scenario, experiment: &Experiment) -> Manifest {
        Manifest {
            asielsim_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: scenario.name.clone(),
            scenario_file: scenario.path.display().to_string(),
            scenario_sha256: sha256_hex(scenario.text.as_bytes()),
            seed: experiment.settings.seed,
            replications: experiment.settings.replications,
            threads: experiment.settings.threads,
            horizon_days: scenario.window.horizon.as_days(),
            warmup_days: scenario.window.warmup_end.as_days(),
            rng: "xoshiro256++ per stream, SplitMix64 per case; seeds by SplitMix64 mixing of (seed, replication, purpose, stream, case)".to_string(),
            wall_time_seconds: experiment.wall_time.as_secs_f64(),
            events: experiment.n_events(),
            cases: experiment.n_arrivals(),
            metrics: experiment.catalogue.len(),
            settings: Vec::new(),
        }
    }
}
