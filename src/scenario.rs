//! Scenario files: reading TOML into a validated [`Scenario`].
//!
//! Two stages, as in every input boundary of this crate: [`file`] mirrors the TOML one-to-one
//! with serde (`deny_unknown_fields` everywhere, so a misspelt key is an error), and [`validate`]
//! turns it into domain types, collecting *all* problems with the field path and a fix.
//! Nothing outside this module sees the serde types.

mod change;
mod file;
mod schema;
mod validate;
mod variant;

pub use schema::{scenario_schema, toml_as_json};
pub(crate) use validate::bounds;

use std::path::{Path, PathBuf};

use crate::error::ScenarioError;
use crate::model::{Catalogue, Network, RunWindow};

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
    /// Every metric and monthly column a run of this scenario reports, with its name.
    pub catalogue: Catalogue,
    /// Warm-up and horizon.
    pub window: RunWindow,
    /// Default number of replications (the CLI may override it).
    pub replications: u32,
    /// Default master seed (the CLI may override it).
    pub seed: u64,
    /// Staff per pool as the file gives it, in pool order: its `fte`, else its `servers` or the
    /// number of officers it lists (for reports; hiring and leave are in the network).
    pub staffing: Vec<(String, f64)>,
    /// Published figures to hold a run against (`[metrics] observed`), in the file's order.
    pub observed: Vec<crate::history::figure::ObservedFigure>,
    /// What the scenario does not know (`[[uncertain]]`, changes with a `probability`), drawn
    /// once per replication; empty for a scenario that knows everything.
    pub uncertainty: crate::uncertain::Uncertainty,
}

/// Reads and validates the scenario file at `path`.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// The scenario file at `path` as a TOML table, merged over its base if it is a variant, and the
/// texts of the files involved (for sweeps, which change values in it before validating).
pub fn load_table(path: &Path) -> Result<(toml::Table, String), ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| ScenarioError::Syntax {
        path: path.to_path_buf(),
        field: String::new(),
        line: 0,
        column: 0,
        message: e.to_string(),
    })?;
    if variant::is_variant(&table) {
        variant::resolve(table, path, &text)
    } else {
        Ok((table, text))
    }
}

/// Validates a scenario given as a table (see [`load_table`]); `path` names it and anchors
/// relative paths in it.
pub fn parse_table(table: toml::Table, path: &Path) -> Result<Scenario, ScenarioError> {
    let text = toml::to_string(&table).map_err(|e| ScenarioError::Syntax {
        path: path.to_path_buf(),
        field: String::new(),
        line: 0,
        column: 0,
        message: e.to_string(),
    })?;
    parse(&text, path)
}

/// Validates scenario `text`; `path` names it in messages and in the manifest.
pub fn parse(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
    let (raw, texts, table) = file::parse(text, path)?;
    let mut problems = validate::Problems::default();
    let (inputs, chances) =
        validate::uncertain::entries(&raw.uncertain, &raw.changes, &table, &mut problems);
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            path: path.to_path_buf(),
            problems: problems.into_vec(),
        });
    }
    let (mut scenario, dated) = validate::validate_dated(raw, &texts, path)?;
    if !dated.is_empty() {
        scenario.network.changes = change::networks(&table, &dated, &scenario)?;
    }
    if !inputs.is_empty() || !chances.is_empty() {
        let uncertainty = crate::uncertain::Uncertainty {
            inputs,
            changes: chances,
            table: validate::uncertain::stripped(&table),
        };
        check_uncertain_ends(&uncertainty, &scenario, path)?;
        scenario.uncertainty = uncertainty;
    }
    Ok(scenario)
}

/// Validates the scenarios a replication can draw at their ends: every uncertain input at its
/// lowest and at its highest value, the uncertain changes kept and dropped; each must be valid
/// and report the same metrics as `scenario`.
fn check_uncertain_ends(
    uncertainty: &crate::uncertain::Uncertainty,
    scenario: &Scenario,
    path: &Path,
) -> Result<(), ScenarioError> {
    use crate::uncertain::Draw;
    let (lo, hi) = crate::uncertain::QUANTILES;
    let keeps: &[bool] = if uncertainty.changes.is_empty() {
        &[true]
    } else {
        &[true, false]
    };
    let names =
        |c: &Catalogue| -> Vec<String> { c.metrics().iter().map(|m| m.name.clone()).collect() };
    // Every input at one end together (the changes kept and dropped), then each input alone at
    // either end with the others at their medians.
    let medians: Vec<f64> = uncertainty.inputs.iter().map(|i| i.dist.median()).collect();
    let mut cases: Vec<(String, Draw)> = Vec::new();
    for (p, end) in [
        (lo, "lowest (0.1% quantile)"),
        (hi, "highest (99.9% quantile)"),
    ] {
        for &keep in keeps {
            let what = format!(
                "with every uncertain input at its {end} value{}",
                match (uncertainty.changes.is_empty(), keep) {
                    (true, _) => "",
                    (false, true) => " and every uncertain change in effect",
                    (false, false) => " and no uncertain change in effect",
                }
            );
            let values = uncertainty
                .inputs
                .iter()
                .map(|i| i.dist.quantile(p))
                .collect();
            let changes = vec![keep; uncertainty.changes.len()];
            cases.push((what, Draw { values, changes }));
        }
        if uncertainty.inputs.len() > 1 {
            for (k, input) in uncertainty.inputs.iter().enumerate() {
                let mut values = medians.clone();
                values[k] = input.dist.quantile(p);
                let changes = vec![true; uncertainty.changes.len()];
                let what = format!(
                    "with uncertain input \"{}\" at its {end} value and the others at their medians",
                    input.name
                );
                cases.push((what, Draw { values, changes }));
            }
        }
    }
    let invalid = |problem: String, fix: &str| ScenarioError::Invalid {
        path: path.to_path_buf(),
        problems: vec![crate::error::Problem {
            field: "uncertain".into(),
            problem,
            fix: fix.into(),
        }],
    };
    for (what, draw) in cases {
        match parse_table(uncertainty.table_of(&draw), path) {
            Err(e) => {
                return Err(invalid(
                    format!("{what}, the scenario is refused: {e}"),
                    "narrow the distributions (a draw lies between their 0.1% and 99.9% quantiles)",
                ));
            }
            Ok(drawn) if names(&drawn.catalogue) != names(&scenario.catalogue) => {
                return Err(invalid(
                    format!("{what}, the scenario reports other metrics"),
                    "uncertain inputs may change numbers, not what the scenario has (streams, pools, years)",
                ));
            }
            Ok(_) => {}
        }
    }
    Ok(())
}
