//! Results folders on disk: written as a whole, replaced only when asielsim wrote them, checked
//! before anything runs, named safely; warnings for too few replications; intervals within the
//! range of their quantity.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::support::{asielsim, repo, scratch_dir};

/// Runs the binary with `args` in the folder `cwd`.
fn asielsim_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asielsim"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary starts")
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The M/M/10 case: asked for many replications, it would run for minutes.
const MMC: &str = "scenarios/validation/mmc.toml";

#[test]
fn a_rerun_replaces_the_whole_folder_and_leaves_no_stale_file() {
    let dir = scratch_dir("folder_rerun");
    let out = dir.to_str().unwrap();
    let first = asielsim(&["-q", "run", "-r", "2", "--out", out]);
    assert!(first.status.success());
    assert!(dir.join("monthly.csv").exists(), "the baseline has dates");
    assert!(
        dir.join(".asielsim").exists(),
        "every results folder has the marker"
    );
    let second = asielsim(&["-q", "run", MMC, "-r", "2", "--out", out]);
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(
        !dir.join("monthly.csv").exists(),
        "no series of the old run"
    );
    assert!(!dir.join("risk.csv").exists());
    let manifest = fs::read_to_string(dir.join("run.json")).unwrap();
    assert!(manifest.contains("\"scenario\": \"mmc\""));
    let parent = dir.parent().unwrap();
    assert!(
        names_in(parent)
            .iter()
            .all(|n| !n.starts_with(".folder_rerun.")),
        "no temporary folder is left beside it"
    );
}

#[test]
fn the_current_folder_and_folders_with_other_files_are_refused() {
    let dir = scratch_dir("folder_foreign");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("thesis.docx"), "my work").unwrap();
    let mmc = repo().join(MMC);
    let mmc = mmc.to_str().unwrap();
    for (cwd, out) in [
        (repo(), "."),
        (dir.clone(), "."),
        (repo(), dir.to_str().unwrap()),
    ] {
        let output = asielsim_in(&cwd, &["run", mmc, "-r", "2", "--out", out]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "--out {out}: {stderr}");
        assert!(stderr.contains("fix: "), "{stderr}");
        assert!(
            stderr.contains(out),
            "the message names the folder: {stderr}"
        );
    }
    assert_eq!(names_in(&dir), ["thesis.docx"], "nothing is written");
    assert!(!repo().join("summary.csv").exists());
    let compare = asielsim(&[
        "compare",
        MMC,
        MMC,
        "-r",
        "2",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(compare.status.code(), Some(2));
    assert_eq!(names_in(&dir), ["thesis.docx"]);
}

#[test]
fn an_out_that_cannot_be_written_fails_before_simulating() {
    let dir = scratch_dir("folder_unwritable");
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a-file");
    fs::write(&file, "x").unwrap();
    let read_only = dir.join("read-only");
    fs::create_dir_all(&read_only).unwrap();
    set_mode(&read_only, 0o555);
    let outs = [
        file.clone(),
        file.join("below"),
        read_only.clone(),
        read_only.join("run"),
    ];
    for out in &outs {
        let start = Instant::now();
        let output = asielsim(&["run", MMC, "-r", "100000", "--out", out.to_str().unwrap()]);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{}: {stderr}", out.display());
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "refused before simulating"
        );
        assert!(!stderr.contains("running"), "{stderr}");
        assert!(stderr.lines().count() <= 2, "{stderr}");
    }
    let plan = asielsim(&[
        "plan",
        MMC,
        "--pool",
        "servers",
        "--range",
        "10..20",
        "--metric",
        "wait_probability",
        "--target",
        "0.2",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(plan.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(plan.stdout).unwrap(),
        "",
        "no answer without its files"
    );
    set_mode(&read_only, 0o755);
    assert_eq!(names_in(&read_only), Vec::<String>::new());
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_long_or_odd_scenario_name_gives_a_short_safe_folder() {
    let dir = scratch_dir("folder_long_name");
    fs::create_dir_all(&dir).unwrap();
    let text = fs::read_to_string(repo().join(MMC)).unwrap();
    let long = text.replace(
        "name = \"mmc\"",
        &format!("name = \"{}\"", "x".repeat(5000)),
    );
    assert_ne!(text, long);
    fs::write(dir.join("long.toml"), long).unwrap();
    // Without a name the file's stem names the scenario.
    fs::write(
        dir.join("odd name (2).toml"),
        text.replace("name = \"mmc\"", ""),
    )
    .unwrap();
    for file in ["long.toml", "odd name (2).toml"] {
        let output = asielsim_in(&dir, &["-q", "run", file, "-r", "2"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let folders = names_in(&dir.join("results"));
    assert_eq!(folders, ["odd_name__2_".to_string(), "x".repeat(80)]);
    for folder in folders {
        assert!(
            dir.join("results")
                .join(folder)
                .join("summary.csv")
                .exists()
        );
    }
}

#[test]
fn few_replications_warn_on_stderr_unless_quiet() {
    let dir = scratch_dir("folder_few");
    let out = |sub: &str| dir.join(sub).to_str().unwrap().to_string();
    let runs = [
        asielsim(&["run", MMC, "-r", "3", "-o", &out("run")]),
        asielsim(&[
            "compare",
            MMC,
            MMC,
            "-r",
            "3",
            "--metric",
            "wait_days_mean",
            "-o",
            &out("compare"),
        ]),
        asielsim(&[
            "sweep",
            MMC,
            "--set",
            "pool.servers.servers=10..11:1",
            "-r",
            "3",
            "-o",
            &out("sweep"),
        ]),
    ];
    for output in runs {
        assert!(output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect();
        assert_eq!(warnings.len(), 1, "{stderr}");
        assert!(warnings[0].contains("3 replications"), "{stderr}");
        assert!(
            !String::from_utf8(output.stdout)
                .unwrap()
                .contains("warning")
        );
    }
    let quiet = asielsim(&["-q", "run", MMC, "-r", "3", "-o", &out("run")]);
    assert_eq!(String::from_utf8(quiet.stderr).unwrap(), "");
    let enough = asielsim(&["run", MMC, "-r", "10", "-o", &out("run")]);
    assert!(
        !String::from_utf8(enough.stderr)
            .unwrap()
            .contains("warning")
    );
}

#[test]
fn intervals_stay_within_the_range_of_their_quantity() {
    let dir = scratch_dir("folder_ci_bounds");
    let output = asielsim(&["-q", "run", "-r", "3", "--out", dir.to_str().unwrap()]);
    assert!(output.status.success());
    let read = |name: &str| -> Vec<Vec<String>> {
        let text = fs::read_to_string(dir.join(name)).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        rows.records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    };
    let units: std::collections::HashMap<String, String> = read("metrics.csv")
        .into_iter()
        .filter(|r| r[1] == "summary.csv")
        .map(|r| (r[0].clone(), r[2].clone()))
        .collect();
    let summary = read("summary.csv");
    let mut n_shares = 0;
    for row in &summary {
        let (Ok(low), Ok(high)) = (row[2].parse::<f64>(), row[3].parse::<f64>()) else {
            continue;
        };
        match units[&row[0]].as_str() {
            "share" => {
                n_shares += 1;
                assert!(0.0 <= low && high <= 1.0, "{row:?}");
            }
            "count" | "eur" | "days" => assert!(low >= 0.0, "{row:?}"),
            _ => {}
        }
    }
    assert!(n_shares > 10);
    // A share whose plain t-interval over these 3 replications crosses 1 is written up to 1.
    let header: Vec<String> = fs::read_to_string(dir.join("replications.csv"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    let rows = read("replications.csv");
    let crossing = header
        .iter()
        .enumerate()
        .filter(|(_, h)| units.get(*h).is_some_and(|u| u == "share"))
        .find(|&(col, _)| {
            let values: Vec<f64> = rows.iter().map(|r| r[col].parse().unwrap()).collect();
            let (_, high) = asielsim::stats::t_confidence_interval(&values, 0.95);
            high.is_finite() && high > 1.0
        })
        .map(|(_, h)| h.clone())
        .expect("the test needs a share whose plain interval crosses 1");
    let row = summary.iter().find(|r| r[0] == crossing).unwrap();
    assert_eq!(row[3], "1", "{crossing}");
    // The same in a comparison.
    let scenario = asielsim::scenario::load(&repo().join("scenarios/baseline.toml")).unwrap();
    let settings = asielsim::experiment::RunSettings {
        replications: 3,
        seed: scenario.seed,
        threads: 2,
    };
    let experiment = asielsim::experiment::run(&scenario, settings, &|| {}).unwrap();
    for c in asielsim::compare::compare(&[&experiment, &experiment]) {
        let unit = experiment.catalogue.unit_of(&c.metric);
        for s in &c.summaries {
            if unit == asielsim::stats::Unit::Share && s.ci95_low.is_finite() {
                assert!(0.0 <= s.ci95_low && s.ci95_high <= 1.0, "{}", c.metric);
            }
        }
    }
}

/// Money is written to the cent in every CSV of a run: no float noise such as
/// `20999087.900000002` in a budget sheet.
#[test]
fn money_is_written_to_the_cent_in_every_csv() {
    let dir = scratch_dir("money_cents");
    let output = asielsim(&[
        "-q",
        "run",
        "--set",
        "run.end_date=2026-12-31",
        "-r",
        "3",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let to_the_cent = |cell: &str| cell.split_once('.').is_none_or(|(_, d)| d.len() <= 2);
    let mut checked = 0;
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    // summary.csv and monthly.csv: the rows of money metrics; replications.csv: their columns.
    for line in read("summary.csv").lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[0].contains("_eur") {
            for cell in &cells[1..cells.len() - 1] {
                assert!(to_the_cent(cell), "summary.csv {line}");
                checked += 1;
            }
        }
    }
    for line in read("monthly.csv").lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[1] == "penalty_eur" {
            for cell in &cells[2..cells.len() - 1] {
                assert!(to_the_cent(cell), "monthly.csv {line}");
                checked += 1;
            }
        }
    }
    let replications = read("replications.csv");
    let header: Vec<&str> = replications.lines().next().unwrap().split(',').collect();
    for line in replications.lines().skip(1) {
        for (name, cell) in header.iter().zip(line.split(',')) {
            if name.contains("_eur") {
                assert!(to_the_cent(cell), "replications.csv {name} = {cell}");
                checked += 1;
            }
        }
    }
    for line in read("risk.csv").lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        for cell in &cells[2..8] {
            assert!(to_the_cent(cell), "risk.csv {line}");
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} money cells");
}
