//! Integration tests: one binary, one module per behaviour.
//!
//! Every test goes through the same entry points users do: the scenario files in `scenarios/`
//! via `scenario::load` + `experiment::run` (the code path of `asielsim run`), or the `asielsim`
//! binary itself.

mod backlog;
mod baseline;
mod calendar;
mod calibrate;
mod catalogue;
mod changes;
mod cli;
mod cluster;
mod compare;
mod court_orders;
mod determinism;
mod flows;
mod fuzz;
mod golden;
mod hardening;
mod history;
mod intake;
mod law;
mod law_regimes;
mod legal_processes;
mod plan;
mod policy;
mod published;
mod queueing_theory;
mod report;
mod results_folder;
mod routing;
mod scenario_errors;
mod schema;
mod sensitivity;
mod shards;
mod staffing;
mod support;
mod terms;
mod trace;
mod uncertain;
mod variants;
mod verdeelstation;
