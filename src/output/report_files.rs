//! `report.html` and its charts as separate files (`plots/<name>.svg`).

use std::fs;
use std::path::Path;

use crate::output::{OutputError, write_atomically};
use crate::report::Report;

/// Writes `report.html` into `dir` and every chart as `plots/<name>.svg`; charts left in
/// `plots/` by an earlier report in the same folder are removed.
pub fn write_report(dir: &Path, report: &Report) -> Result<(), OutputError> {
    let plots = dir.join("plots");
    fs::create_dir_all(&plots).map_err(|source| OutputError {
        path: plots.clone(),
        source,
    })?;
    if let Ok(entries) = fs::read_dir(&plots) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "svg") {
                let _ = fs::remove_file(path);
            }
        }
    }
    for plot in &report.plots {
        write_atomically(&plots.join(format!("{}.svg", plot.name)), &plot.svg)?;
    }
    write_atomically(&dir.join("report.html"), &report.html)
}
