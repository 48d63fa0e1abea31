//! The tool's manners: shell completions and man pages, both generated from the command line
//! clap parses, so they never disagree with `--help`; and the scenario files' JSON Schema,
//! generated from the types the parser reads.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Ui, UsageError};

/// Writes `bytes` to standard output: the document asked for, written even with `--quiet`.
fn document(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the completion script for `shell` to standard output.
pub(crate) fn completions(shell: Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "asielsim", &mut script);
    document(&script)
}

/// Writes the man page of `asielsim` (roff) to standard output, or with `out` a page per
/// command into that folder (`asielsim.1`, `asielsim-run.1`, ...) and says so on stderr.
pub(crate) fn man(ui: &Ui, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let command = Cli::command();
    match out {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            document(&page)
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                UsageError(format!(
                    "cannot create {}: {e}\n  fix: choose a folder you can write to",
                    dir.display()
                ))
            })?;
            clap_mangen::generate_to(command, dir)?;
            ui.note(&format!(
                "wrote the man pages into {} (read one with: man {})",
                dir.display(),
                dir.join("asielsim.1").display()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes the JSON Schema of scenario files to standard output.
pub(crate) fn schema() -> anyhow::Result<ExitCode> {
    document(asielsim::scenario::scenario_schema().as_bytes())
}
