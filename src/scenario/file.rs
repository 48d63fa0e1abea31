//! The TOML shape of a scenario file, one-to-one. Only this module derives `Deserialize`.
//!
//! Counts and numbers are read in wide types (`i64`, `f64`) so that a negative or fractional
//! value reaches validation and gets a message that says what to do, rather than a type error.

use std::path::Path;

use serde::Deserialize;

use crate::error::ScenarioError;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioFile {
    #[serde(default)]
    pub(crate) scenario: MetaFile,
    pub(crate) run: RunFile,
    #[serde(default, rename = "pool")]
    pub(crate) pools: Vec<PoolFile>,
    #[serde(default, rename = "step")]
    pub(crate) steps: Vec<StepFile>,
    #[serde(default, rename = "stream")]
    pub(crate) streams: Vec<StreamFile>,
}

/// `[scenario]`: naming.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetaFile {
    pub(crate) name: Option<String>,
    pub(crate) description: Option<String>,
}

/// `[run]`: length of a replication and defaults for the experiment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunFile {
    pub(crate) horizon_days: f64,
    #[serde(default)]
    pub(crate) warmup_days: f64,
    pub(crate) replications: Option<i64>,
    pub(crate) seed: Option<i64>,
}

/// `[[pool]]`: a staff pool.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PoolFile {
    pub(crate) name: String,
    pub(crate) servers: i64,
    #[serde(default)]
    pub(crate) discipline: DisciplineFile,
}

/// Queue discipline names as written in the file.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DisciplineFile {
    #[default]
    Fifo,
    Lifo,
    Priority,
    Edf,
    PriorityEdf,
}

/// `[[step]]`: a step of a route; either work (`pool` + `work_hours`) or a delay (`delay_days`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepFile {
    pub(crate) name: String,
    pub(crate) pool: Option<String>,
    pub(crate) work_hours: Option<DistFile>,
    pub(crate) delay_days: Option<DistFile>,
    pub(crate) next: Option<String>,
    pub(crate) branch: Option<Vec<BranchFile>>,
}

/// One arm of `branch = [...]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BranchFile {
    pub(crate) to: String,
    pub(crate) p: f64,
}

/// A distribution: `{ dist = "exponential", mean = 24 }` and the like.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DistFile {
    pub(crate) dist: DistKind,
    pub(crate) value: Option<f64>,
    pub(crate) mean: Option<f64>,
    pub(crate) cv: Option<f64>,
    pub(crate) min: Option<f64>,
    pub(crate) mode: Option<f64>,
    pub(crate) max: Option<f64>,
}

/// Distribution families as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DistKind {
    Fixed,
    Exponential,
    Uniform,
    Triangular,
    Lognormal,
    Gamma,
}

/// `[[stream]]`: a stream of arriving cases.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StreamFile {
    pub(crate) name: String,
    pub(crate) rate_per_day: Option<f64>,
    pub(crate) interarrival_days: Option<DistFile>,
    pub(crate) entry: String,
    #[serde(default)]
    pub(crate) priority: i64,
    pub(crate) due_days: Option<f64>,
}

/// Parses the TOML text into the file shape, reporting the key path, line and column of the
/// first syntax or type problem.
pub(crate) fn parse(text: &str, path: &Path) -> Result<ScenarioFile, ScenarioError> {
    let syntax = |field: String, span: Option<std::ops::Range<usize>>, message: &str| {
        let (line, column) = span.map_or((0, 0), |span| line_column(text, span.start));
        ScenarioError::Syntax {
            path: path.to_path_buf(),
            field,
            line,
            column,
            message: message.trim().to_string(),
        }
    };
    let deserializer = toml::Deserializer::parse(text)
        .map_err(|e| syntax(String::new(), e.span(), e.message()))?;
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let field = e.path().to_string();
        let field = if field == "." { String::new() } else { field };
        let inner = e.inner();
        syntax(field, inner.span(), inner.message())
    })
}

/// 1-based line and column of byte offset `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |nl| before.len() - nl - 1)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 4));
    }
}
