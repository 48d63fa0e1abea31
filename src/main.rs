//! The `asielsim` command. All work is done by the library; this is argument parsing, the
//! terminal and exit codes (see `cli.rs`).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
