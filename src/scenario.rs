//! Scenario files: reading TOML into a validated [`Scenario`].
//!
//! Two stages, as in every input boundary of this crate: [`file`] mirrors the TOML one-to-one
//! with serde (`deny_unknown_fields` everywhere, so a misspelt key is an error), and [`validate`]
//! turns it into domain types, collecting *all* problems with the field path and a fix.
//! Nothing outside this module sees the serde types.

mod backlog;
mod file;
mod validate;
mod variant;

use std::path::{Path, PathBuf};

use crate::error::ScenarioError;
use crate::model::{Network, RunWindow};

/// A validated scenario, ready to run.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Short name, used for the default output folder `results/<name>/`.
    pub name: String,
    /// One-line description for reports.
    pub description: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// The exact text of the file, followed by the texts of its bases for a variant (hashed into
    /// the run manifest).
    pub text: String,
    /// The date simulation time 0 stands for, when the scenario has dates.
    pub start_date: Option<jiff::civil::Date>,
    /// The case-flow network.
    pub network: Network,
    /// Warm-up and horizon.
    pub window: RunWindow,
    /// Default number of replications (the CLI may override it).
    pub replications: u32,
    /// Default master seed (the CLI may override it).
    pub seed: u64,
}

/// Reads and validates the scenario file at `path`.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Validates scenario `text`; `path` names it in messages and in the manifest.
pub fn parse(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    let (raw, texts) = file::parse(text, path)?;
    validate::validate(raw, &texts, path)
}
