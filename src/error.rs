//! Error types of the library. Every message says where the problem is and how to fix it.

mod annotate;

use std::fmt;
use std::path::PathBuf;

pub use annotate::{Place, locate, snippet};

/// A scenario file that cannot be used. Nothing has been simulated or written when this is
/// returned.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    #[error("cannot read scenario file {}: {source}\n  fix: {}", path.display(), read_fix(source))]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not valid TOML, has an unknown key, or a value of the wrong type.
    #[error("{}", render_syntax(path, field, *line, *column, message))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Path of the offending key, e.g. `pool[0].servers` (empty when unknown).
        field: String,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// What the TOML reader said.
        message: String,
    },
    /// The file parsed, but its content is inconsistent or out of range. All problems found are
    /// listed, not only the first.
    #[error("{}", render_invalid(path, problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

impl ScenarioError {
    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            ScenarioError::Read { path, .. }
            | ScenarioError::Syntax { path, .. }
            | ScenarioError::Invalid { path, .. } => path,
        }
    }

    /// The message with the offending lines of `text` (the text of [`ScenarioError::path`])
    /// shown with a caret: the line and column of a syntax error, and the line that sets each
    /// problem's field where the file itself sets it (not in a variant, whose entries are
    /// numbered after the merge with its base).
    pub fn annotated(&self, text: &str) -> String {
        let name = self.path().display().to_string();
        let indent = |block: String, by: &str| -> String {
            block
                .lines()
                .map(|l| format!("{by}{l}\n"))
                .collect::<String>()
        };
        match self {
            ScenarioError::Syntax {
                line,
                column,
                message,
                ..
            } if *line > 0 => {
                // Mark the word at the column: a key, a value or a bracket.
                let len = text
                    .lines()
                    .nth(line - 1)
                    .map(|l| {
                        l.chars()
                            .skip(column.saturating_sub(1))
                            .take_while(|c| !c.is_whitespace() && *c != '=')
                            .count()
                    })
                    .unwrap_or(1);
                let place = Place {
                    line: *line,
                    column: *column,
                    len: len.max(1),
                };
                // The label is the message's first clause ("unknown field `x`"); the whole
                // message stands above.
                let label = message.lines().next().unwrap_or("");
                let label = label.split(", expected").next().unwrap_or(label);
                let full = self.to_string();
                let (first, rest) = full.split_once('\n').unwrap_or((&full, ""));
                match snippet(&name, text, place, label) {
                    Some(shown) => format!("{first}\n{}{rest}", indent(shown, "  ")),
                    None => full,
                }
            }
            ScenarioError::Invalid { path, problems } if !is_variant_text(text) => {
                let mut out = render_invalid(path, &[]);
                out.truncate(out.find(" (").unwrap_or(out.len()));
                out = format!(
                    "{out} ({} problem{}):",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                );
                for problem in problems {
                    out.push_str("\n  - ");
                    out.push_str(&problem.to_string());
                    if let Some(shown) = locate(text, &problem.field)
                        .and_then(|place| snippet(&name, text, place, &problem.problem))
                    {
                        out.push('\n');
                        out.push_str(indent(shown, "    ").trim_end());
                    }
                }
                out
            }
            _ => self.to_string(),
        }
    }
}

/// Whether a scenario text is a variant (`base = ...` before the first table).
fn is_variant_text(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .take_while(|l| !l.starts_with('['))
        .any(|l| l.starts_with("base") && l[4..].trim_start().starts_with('='))
}

/// One problem with a value in a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path of the key, e.g. `step[2].pool (step "decide")`.
    pub field: String,
    /// What is wrong.
    pub problem: String,
    /// How to fix it.
    pub fix: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}\n    fix: {}", self.field, self.problem, self.fix)
    }
}

/// How to fix a file that cannot be read, by what went wrong.
fn read_fix(source: &std::io::Error) -> &'static str {
    match source.kind() {
        std::io::ErrorKind::InvalidData => {
            "the file is not text (UTF-8): give the scenario's .toml file, saved as UTF-8 text"
        }
        std::io::ErrorKind::PermissionDenied => "make the file readable for your user",
        std::io::ErrorKind::IsADirectory => "give the path of a .toml file, not a folder",
        _ => "check the path (it is relative to the current folder)",
    }
}

fn render_syntax(
    path: &std::path::Path,
    field: &str,
    line: usize,
    column: usize,
    message: &str,
) -> String {
    let location = if line > 0 {
        format!("{}:{line}:{column}", path.display())
    } else {
        path.display().to_string()
    };
    let field = if field.is_empty() {
        String::new()
    } else {
        format!(" in `{field}`")
    };
    let fix = if message.contains("unknown field") {
        "check the spelling of the key; the message lists the keys allowed here (see the README, \"Scenario files\")"
    } else if message.contains("missing field") {
        "add the missing key (see the README, \"Scenario files\")"
    } else {
        "correct the value or the TOML syntax at that line (see the README, \"Scenario files\")"
    };
    format!("{location}: invalid scenario{field}: {message}\n  fix: {fix}")
}

fn render_invalid(path: &std::path::Path, problems: &[Problem]) -> String {
    let mut out = format!(
        "{}: invalid scenario ({} problem{}):",
        path.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for problem in problems {
        out.push_str("\n  - ");
        out.push_str(&problem.to_string());
    }
    out
}

/// A failure while simulating.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// An engine invariant was violated (flow conservation, Little's law identity). This is a
    /// bug in asielsim, not in the scenario; the run's results must not be used.
    #[error("internal error in the simulation engine, please report it with the scenario: {0}")]
    Internal(String),
    /// A scenario changed after validation (its network or window edited in code) gives two
    /// metrics one name. Validation refuses such names; this guards scenarios built in code.
    #[error(
        "metric \"{name}\" would have two meanings: {first}, and {second}\n  fix: rename the entity in {field}"
    )]
    MetricClash {
        /// The name.
        name: String,
        /// The first meaning.
        first: String,
        /// The second meaning.
        second: String,
        /// The entity to rename.
        field: String,
    },
    /// A replication's draw of the uncertain inputs gives a scenario that is refused or that
    /// reports other metrics (the validator checks each input's ends, not every combination).
    #[error(
        "replication {replication}: the uncertain inputs drawn ({draw}) give a scenario that cannot run: {message}\n  fix: narrow the [[uncertain]] distributions"
    )]
    UncertainDraw {
        /// The replication.
        replication: u32,
        /// The values drawn.
        draw: String,
        /// What is wrong.
        message: String,
    },
    /// The worker threads could not be started.
    #[error("cannot start {threads} worker threads: {message}")]
    Threads {
        /// Threads requested.
        threads: usize,
        /// What rayon said.
        message: String,
    },
}
