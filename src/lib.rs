//! # asielsim
//!
//! A discrete-event simulator and capacity planner for the asylum procedure of the Dutch IND
//! (Immigratie- en Naturalisatiedienst). Cases arrive, follow a route of steps, queue for staff
//! pools (hearing officers, decision officers, ...) and leave with a decision; the simulator runs
//! many independent replications in parallel and reports every metric as a mean with a 95%
//! confidence interval and percentiles over replications.
//!
//! ## A run, from file to numbers
//!
//! ```
//! use std::path::Path;
//! use asielsim::{experiment, scenario};
//!
//! let text = r#"
//!     [run]
//!     horizon_days = 200
//!     warmup_days = 20
//!
//!     [[pool]]
//!     name = "officers"
//!     servers = 10
//!
//!     [[stream]]
//!     name = "cases"
//!     rate_per_day = 9
//!     entry = "decide"
//!
//!     [[step]]
//!     name = "decide"
//!     pool = "officers"
//!     work_hours = { dist = "exponential", mean = 24 }
//!     next = "exit"
//! "#;
//! let scenario = scenario::parse(text, Path::new("example.toml")).unwrap();
//! let settings = experiment::RunSettings { replications: 8, seed: 1, threads: 2 };
//! let result = experiment::run(&scenario, settings, &|| {}).unwrap();
//! let wait = result.summary("wait_days_mean").unwrap();
//! assert!(wait.ci95_low < wait.mean && wait.mean < wait.ci95_high);
//! ```
//!
//! ## Modules
//! - [`engine`]: the generic kernel (integer time, event queue, random streams, distributions).
//! - [`model`]: the case-flow network and one replication of it.
//! - [`stats`]: collectors within a replication and summaries across replications.
//! - [`model::Catalogue`]: every metric a scenario reports, with its name, unit, better
//!   direction and meaning.
//! - [`scenario`]: TOML scenario files into a validated [`scenario::Scenario`].
//! - [`experiment`]: replications in parallel, deterministic for any thread count.
//! - [`compare`], [`sweep`], [`plan`]: comparisons with common random numbers, grids of
//!   settings, and staffing searches.
//! - [`forecast`]: the intake prognosis.
//! - [`shard`]: a run's replications split into contiguous blocks over the jobs of a cluster.
//! - [`console`]: the texts the command prints.
//! - [`output`]: CSV and JSON result files, and the report's files.
//! - [`plot`]: charts as SVG with an embedded font.
//! - [`report`]: the self-contained `report.html` of a run, comparison, forecast or plan.
//! - [`console`]: the text the command prints after a run, comparison or forecast.
//!
//! `ARCHITECTURE.md` in the repository is the map of how these fit together.

#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]
#![forbid(unsafe_code)]

pub mod bundled;
pub mod calendar;
pub mod calibrate;
pub mod compare;
pub mod console;
mod digest;
pub mod engine;
pub mod error;
pub mod experiment;
pub mod forecast;
pub mod history;
pub mod law;
pub mod model;
pub mod output;
pub mod plan;
pub mod plot;
pub mod report;
pub mod scenario;
pub mod sensitivity;
pub mod shard;
pub mod stats;
pub mod sweep;
pub mod uncertain;

pub use error::{Problem, RunError, ScenarioError};
