//! `report.html` and its charts as separate files (`plots/<name>.svg`).

use std::path::Path;

use crate::output::{Folder, FolderError};
use crate::report::Report;

/// Writes a folder `dir` holding `report.html` and every chart as `plots/<name>.svg`, replacing
/// it as a whole (see [`Folder`]; commands add the report to the folder of their other files).
pub fn write_report(dir: &Path, report: &Report) -> Result<(), FolderError> {
    Folder::new("report").add_report(report).write(dir)
}
