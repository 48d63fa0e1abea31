//! Golden outputs: every bundled scenario, run as a user runs it, writes the same bytes as the
//! last time its outputs were deliberately changed.
//!
//! A change of the engine that should change no number (a faster event calendar, a cheaper
//! queue) must leave every result file byte-identical; this test holds it to that. The SHA-256
//! of every CSV file and plot of `run SCENARIO -r 2 --seed 11` is in
//! `tests/it/data/golden/outputs.txt`. When a change is *meant* to change results, re-record
//! them with `ASIELSIM_BLESS=1 cargo test --release golden` and say in the commit why they
//! changed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::support::{asielsim, repo, scratch_dir};

/// Every scenario file under `scenarios/`, relative to the repository, sorted.
fn bundled_scenarios() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("scenarios/ is readable") {
            let path = entry.expect("a readable entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let root = repo();
    let mut files = Vec::new();
    walk(&root.join("scenarios"), &mut files);
    let mut names: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .expect("under the repository")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    names.sort();
    names
}

/// The files of a results folder that carry results (CSV tables and plots; not the manifest or
/// the report page, which record the time and the machine), relative to it, sorted.
fn result_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for sub in ["", "plots"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable entry").path();
            if path.extension().is_some_and(|e| e == "csv" || e == "svg") {
                let name = path.file_name().expect("a file").to_string_lossy();
                out.push(if sub.is_empty() {
                    name.into_owned()
                } else {
                    format!("{sub}/{name}")
                });
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_bundled_scenario_writes_its_recorded_outputs() {
    let mut lines = String::new();
    for scenario in bundled_scenarios() {
        let out = scratch_dir(&format!("golden-{}", scenario.replace('/', "_")));
        let out_str = out.to_string_lossy().into_owned();
        let run = asielsim(&[
            "run", &scenario, "-r", "2", "--seed", "11", "--out", &out_str, "--force", "-q",
        ]);
        assert!(
            run.status.success(),
            "{scenario}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let files = result_files(&out);
        assert!(
            files.iter().any(|f| f == "summary.csv"),
            "{scenario} wrote no summary.csv"
        );
        for file in files {
            let bytes = std::fs::read(out.join(&file)).expect("a written file is readable");
            let digest = Sha256::digest(&bytes);
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            writeln!(lines, "{scenario} {file} {hex}").expect("writing to a string");
        }
    }
    let recorded_path = repo().join("tests/it/data/golden/outputs.txt");
    if std::env::var_os("ASIELSIM_BLESS").is_some() {
        std::fs::write(&recorded_path, &lines).expect("the golden file is writable");
        return;
    }
    let recorded = std::fs::read_to_string(&recorded_path).unwrap_or_default();
    let differences: Vec<String> = {
        let now: Vec<&str> = lines.lines().collect();
        let then: Vec<&str> = recorded.lines().collect();
        let mut out: Vec<String> = then
            .iter()
            .filter(|l| !now.contains(l))
            .map(|l| format!("recorded, not written now: {l}"))
            .collect();
        out.extend(
            now.iter()
                .filter(|l| !then.contains(l))
                .map(|l| format!("written now, not recorded: {l}")),
        );
        out
    };
    assert!(
        differences.is_empty(),
        "the outputs of the bundled scenarios changed ({} lines); if that is meant, re-record \
         them with ASIELSIM_BLESS=1 cargo test --release golden and say why in the commit:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
