//! The command line end to end: `asielsim run` prints a summary and writes the three files;
//! `--quiet` prints nothing; a closed pipe on standard output or error ends quietly.

use std::fs;
use std::io::Read;
use std::process::{Command, Stdio};

use crate::support::{asielsim, repo, scratch_dir};

#[test]
fn run_prints_a_summary_and_writes_three_files() {
    let dir = scratch_dir("cli_run");
    let output = asielsim(&[
        "run",
        "scenarios/validation/mmc.toml",
        "--replications",
        "5",
        "--seed",
        "3",
        "--threads",
        "2",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("wait_days_mean"), "{stdout}");
    assert!(stdout.contains("95% CI"), "{stdout}");

    let summary = fs::read_to_string(dir.join("summary.csv")).unwrap();
    let mut lines = summary.lines();
    assert_eq!(
        lines.next(),
        Some("metric,mean,ci95_low,ci95_high,p05,p50,p90,p95,replications")
    );
    let metrics: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    for required in [
        "arrived",
        "completed",
        "wait_days_mean",
        "throughput_days_mean",
        "queue_length_mean",
        "utilisation_servers",
    ] {
        assert!(metrics.contains(&required), "summary.csv lacks {required}");
    }
    assert!(summary.lines().skip(1).all(|l| l.ends_with(",5")));

    let replications = fs::read_to_string(dir.join("replications.csv")).unwrap();
    assert_eq!(replications.lines().count(), 1 + 5);
    assert!(replications.starts_with("replication,arrived,completed,"));

    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    assert_eq!(manifest["seed"], 3);
    assert_eq!(manifest["replications"], 5);
    assert_eq!(manifest["threads"], 2);
    assert_eq!(manifest["scenario"], "mmc");
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    assert!(manifest["asielsim_version"].is_string());
    assert!(manifest["wall_time_seconds"].as_f64().unwrap() > 0.0);
}

#[test]
fn run_without_a_file_runs_the_bundled_baseline_and_writes_monthly_csv() {
    let dir = scratch_dir("cli_baseline");
    let output = asielsim(&["run", "-r", "2", "--out", dir.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("baseline:"), "{stdout}");
    // The headline figures written for people, as the report's cards, then where the rest is:
    // no raw table of dozens of metrics in mixed formats.
    for text in [
        "Decided within the decision term (beslistermijn)",
        "mean over the futures; 95% CI ",
        "Penalty payments (dwangsommen), expected over the run",
        "EUR ",
        " cases ",
        "565 FTE",
        "metrics, with their intervals and percentiles, are in ",
        "an interval for the p95 needs 72 replications",
    ] {
        assert!(stdout.contains(text), "{text:?} in {stdout}");
    }
    assert!(!stdout.contains("within_term_share"), "{stdout}");
    assert!(!stdout.contains("0.000000"), "{stdout}");
    let monthly = fs::read_to_string(dir.join("monthly.csv")).unwrap();
    assert!(monthly.starts_with("month,metric,mean,p05,p25,p50,p75,p95,replications\n"));
    assert!(
        monthly.contains("\n2030-12,backlog,"),
        "the last month is December 2030"
    );
}

#[test]
fn init_writes_the_bundled_files_and_refuses_to_overwrite() {
    let dir = scratch_dir("cli_init");
    let output = asielsim(&["init", dir.to_str().unwrap()]);
    assert!(output.status.success());
    let scenario = dir.join("scenarios/baseline.toml");
    assert!(scenario.exists());
    assert!(dir.join("data/SOURCES.md").exists());
    let validate = asielsim(&["validate", scenario.to_str().unwrap()]);
    assert!(validate.status.success());
    let again = asielsim(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    let forced = asielsim(&["init", dir.to_str().unwrap(), "--force"]);
    assert!(forced.status.success());
}

#[test]
fn help_shows_an_example() {
    let output = asielsim(&["run", "--help"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(
        stdout.contains("asielsim run scenarios/validation/mmc.toml"),
        "{stdout}"
    );
}

#[test]
fn zero_replications_is_a_usage_error() {
    let dir = scratch_dir("cli_zero");
    let output = asielsim(&[
        "run",
        "scenarios/validation/mmc.toml",
        "--replications",
        "0",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.exists());
}

#[test]
fn plan_with_a_probability_target_writes_the_share_meeting_it() {
    let dir = scratch_dir("cli_plan_probability");
    let output = plan_mmc_with_probability("0.9", &["--out", dir.to_str().unwrap()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("in at least 90% of replications"),
        "{stdout}"
    );
    assert!(stdout.contains("answer: 13"), "{stdout}");
    let csv = fs::read_to_string(dir.join("plan.csv")).unwrap();
    assert!(
        csv.starts_with(
            "staff,replications,mean,share_meeting,confidence_bound,meets_target,stage\n"
        ),
        "{csv}"
    );
    let html = fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("13 (servers of pool servers) is the smallest value"));
    assert!(html.contains("share of futures with wait_probability at most"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_rejects_a_probability_outside_zero_one() {
    let output = plan_mmc_with_probability("90", &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--probability 90"), "{stderr}");
}

/// `asielsim plan` on the M/M/c case: P(wait) at most 0.2 with the given `--probability`.
fn plan_mmc_with_probability(probability: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "plan",
        "scenarios/validation/mmc.toml",
        "--pool",
        "servers",
        "--range",
        "12..14",
        "--metric",
        "wait_probability",
        "--target",
        "0.2",
        "--probability",
        probability,
    ];
    args.extend_from_slice(extra);
    asielsim(&args)
}

/// Which of the binary's outputs a test closes before the binary writes to it.
#[derive(Clone, Copy, PartialEq)]
enum Closed {
    Stdout,
    Stderr,
}

/// Runs the binary with `args` and one output a pipe whose reading end is closed at once (as
/// `asielsim run | true` does); returns the exit status and what the other output received.
fn with_closed_pipe(args: &[&str], closed: Closed) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asielsim"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let (gone, mut kept): (Option<Box<dyn std::any::Any>>, Box<dyn Read>) = match closed {
        Closed::Stdout => (
            child.stdout.take().map(|p| Box::new(p) as _),
            Box::new(child.stderr.take().unwrap()),
        ),
        Closed::Stderr => (
            child.stderr.take().map(|p| Box::new(p) as _),
            Box::new(child.stdout.take().unwrap()),
        ),
    };
    drop(gone);
    let mut other = String::new();
    kept.read_to_string(&mut other).unwrap();
    (child.wait().unwrap(), other)
}

#[test]
fn a_closed_stdout_ends_quietly_with_exit_zero() {
    let dir = scratch_dir("cli_closed_stdout");
    let out = dir.to_str().unwrap();
    let run = [
        "run",
        "scenarios/validation/mmc.toml",
        "-r",
        "20",
        "-o",
        out,
    ];
    let (status, stderr) = with_closed_pipe(&run, Closed::Stdout);
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn a_closed_stderr_ends_quietly_with_exit_zero() {
    let dir = scratch_dir("cli_closed_stderr");
    let sweep = [
        "sweep",
        "scenarios/validation/mmc.toml",
        "--set",
        "pool.servers.servers=10..11:1",
        "-r",
        "5",
        "-o",
        dir.to_str().unwrap(),
    ];
    // The sweep's first progress line goes to standard error, which nobody reads any more.
    let (status, stdout) = with_closed_pipe(&sweep, Closed::Stderr);
    assert_eq!(status.code(), Some(0), "{stdout}");
    assert_eq!(stdout, "");
}

#[test]
fn quiet_prints_nothing_and_still_writes_the_files() {
    let dir = scratch_dir("cli_quiet");
    let run = asielsim(&[
        "run",
        "scenarios/validation/mmc.toml",
        "-r",
        "3",
        "--quiet",
        "-o",
        dir.join("run").to_str().unwrap(),
    ]);
    let sweep = asielsim(&[
        "-q",
        "sweep",
        "scenarios/validation/mmc.toml",
        "--set",
        "pool.servers.servers=10..11:1",
        "-r",
        "3",
        "-o",
        dir.join("sweep").to_str().unwrap(),
    ]);
    for output in [run, sweep] {
        assert!(output.status.success());
        assert_eq!(String::from_utf8(output.stdout).unwrap(), "");
        assert_eq!(String::from_utf8(output.stderr).unwrap(), "");
    }
    assert!(dir.join("run/summary.csv").exists());
    assert!(dir.join("run/report.html").exists());
    assert!(dir.join("sweep/sweep.csv").exists());
    // Errors are still said, with their exit code.
    let bad = asielsim(&["run", "no-such-file.toml", "-q"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8(bad.stderr)
            .unwrap()
            .starts_with("error: ")
    );
}

/// `run --set PATH=VALUE` runs the scenario with the keys set, exactly as a file with those values
/// would run, and records the settings in run.json; settings that cannot apply exit 2.
#[test]
fn run_set_changes_the_scenario_as_a_file_would_and_refuses_what_cannot_apply() {
    let set = scratch_dir("run_set");
    let output = asielsim(&[
        "-q",
        "run",
        "scenarios/validation/mmc.toml",
        "--set",
        "pool.servers.servers=12",
        "--set",
        "run.horizon_days=2000",
        "-r",
        "3",
        "--out",
        set.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(repo().join("scenarios/validation/mmc.toml")).unwrap();
    let edited = scratch_dir("run_set_file");
    std::fs::create_dir_all(&edited).unwrap();
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    asielsim::sweep::apply(&mut table, "pool.servers.servers", toml::Value::Integer(12)).unwrap();
    asielsim::sweep::apply(&mut table, "run.horizon_days", toml::Value::Integer(2000)).unwrap();
    let file = edited.join("mmc12.toml");
    std::fs::write(&file, toml::to_string(&table).unwrap()).unwrap();
    let by_file = scratch_dir("run_set_by_file");
    let output = asielsim(&[
        "-q",
        "run",
        file.to_str().unwrap(),
        "-r",
        "3",
        "--out",
        by_file.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = |dir: &std::path::Path| std::fs::read_to_string(dir.join("summary.csv")).unwrap();
    assert_eq!(summary(&set), summary(&by_file));
    let unchanged = scratch_dir("run_set_unchanged");
    asielsim(&[
        "-q",
        "run",
        "scenarios/validation/mmc.toml",
        "-r",
        "3",
        "--out",
        unchanged.to_str().unwrap(),
    ]);
    assert_ne!(
        summary(&set),
        summary(&unchanged),
        "the settings change the run"
    );
    let manifest = std::fs::read_to_string(set.join("run.json")).unwrap();
    assert!(
        manifest.contains(
            "\"settings\": [\n    \"pool.servers.servers=12\",\n    \"run.horizon_days=2000\"\n  ]"
        ),
        "{manifest}"
    );
    assert!(
        !std::fs::read_to_string(unchanged.join("run.json"))
            .unwrap()
            .contains("settings")
    );
    // What cannot apply: an unknown entry, a grid, a key an uncertain input draws.
    for (settings, message) in [
        ("pool.nosuch.servers=3", "no [[pool]] named \"nosuch\""),
        (
            "pool.servers.servers=10,12",
            "gives 2 values; run and plan take one per setting",
        ),
    ] {
        let output = asielsim(&[
            "run",
            "scenarios/validation/mmc.toml",
            "--set",
            settings,
            "-r",
            "2",
        ]);
        assert_eq!(output.status.code(), Some(2));
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(message), "{err}");
    }
    let output = asielsim(&[
        "run",
        "tests/it/data/uncertain/scenario.toml",
        "--set",
        "pool.servers.work_factor=1.0",
        "-r",
        "2",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("uncertain input \"work_factor\" draws anew")
    );
}

/// Shell completions and man pages come from the command line clap parses: every shell gets a
/// script that names the commands and their flags (bash's is valid bash), and the man page
/// lists every command, with a page per command on request.
#[test]
fn completions_and_man_pages_are_generated_for_every_command() {
    let commands = [
        "run",
        "validate",
        "metrics",
        "compare",
        "sweep",
        "plan",
        "calibrate",
        "sensitivity",
        "forecast",
        "init",
        "completions",
        "man",
    ];
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = crate::support::asielsim(&["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        // Fish names long flags without their dashes (`-l replications`).
        for word in ["sweep", "plan", "replications", "metric", "minimise"] {
            assert!(script.contains(word), "the {shell} completions lack {word}");
        }
        // --quiet does not silence the document asked for.
        let quiet = crate::support::asielsim(&["-q", "completions", shell]);
        assert_eq!(String::from_utf8(quiet.stdout).unwrap(), script);
    }
    let bash = crate::support::asielsim(&["completions", "bash"]).stdout;
    let dir = crate::support::scratch_dir("completions");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("asielsim.bash"), &bash).unwrap();
    let check = std::process::Command::new("bash")
        .args(["-n", dir.join("asielsim.bash").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let refused = crate::support::asielsim(&["completions", "tcsh"]);
    assert_eq!(refused.status.code(), Some(2));

    let output = crate::support::asielsim(&["man"]);
    assert!(output.status.success());
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(page.contains(".TH asielsim 1"), "{}", &page[..200]);
    for command in commands {
        assert!(
            page.contains(&format!("asielsim\\-{command}(1)")),
            "{command}"
        );
    }
    let pages = dir.join("man");
    let output = crate::support::asielsim(&["man", "--out", pages.to_str().unwrap()]);
    assert!(output.status.success());
    for command in commands {
        let page = std::fs::read_to_string(pages.join(format!("asielsim-{command}.1"))).unwrap();
        assert!(
            page.contains(".TH asielsim-") && page.contains(".SH SYNOPSIS"),
            "{command}"
        );
    }
    let run = std::fs::read_to_string(pages.join("asielsim-run.1")).unwrap();
    assert!(run.contains("replications") && run.contains("PATH=VALUE"));
}

/// `--json` on run, compare, sweep, plan and sensitivity (calibrate as sensitivity): standard output is exactly one JSON document with
/// the summary (units, intervals) and the paths written, which exist; the texts people read go
/// to standard error; `--quiet` silences those but not the document.
#[test]
fn json_output_is_one_document_on_stdout_for_scripts() {
    let dir = crate::support::scratch_dir("json");
    let mmc = "scenarios/validation/mmc.toml";
    let out = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "run",
            vec!["run".into(), mmc.into(), "-r".into(), "4".into()],
        ),
        (
            "compare",
            vec![
                "compare".into(),
                mmc.into(),
                mmc.into(),
                "-r".into(),
                "4".into(),
                "--metric".into(),
                "wait_days_mean".into(),
            ],
        ),
        (
            "sweep",
            vec![
                "sweep".into(),
                mmc.into(),
                "--set".into(),
                "pool.servers.servers=11,12".into(),
                "-r".into(),
                "4".into(),
            ],
        ),
        (
            "plan",
            vec![
                "plan".into(),
                mmc.into(),
                "--pool".into(),
                "servers".into(),
                "--range".into(),
                "10..14".into(),
                "--metric".into(),
                "wait_probability".into(),
                "--target".into(),
                "0.2".into(),
                "-r".into(),
                "10".into(),
            ],
        ),
        (
            "sensitivity",
            vec![
                "sensitivity".into(),
                "tests/it/data/uncertain/scenario.toml".into(),
                "--metric".into(),
                "wait_days_mean".into(),
                "-r".into(),
                "4".into(),
            ],
        ),
    ];
    for (command, mut args) in cases {
        args.extend(["--out".into(), out(command), "--json".into()]);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = crate::support::asielsim(&refs);
        assert!(
            output.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{command}: stdout is not one JSON document: {e}"));
        assert_eq!(doc["command"], command);
        assert_eq!(doc["format"], 1);
        let files = doc["files"].as_array().unwrap();
        assert!(!files.is_empty());
        for file in files {
            assert!(
                std::path::Path::new(file.as_str().unwrap()).is_file(),
                "{command}: {file} was not written"
            );
        }
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("wrote"),
            "{command}: the texts belong on stderr"
        );
        match command {
            "run" => {
                let arrived = doc["metrics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|m| m["metric"] == "arrived")
                    .unwrap();
                assert_eq!(arrived["unit"], "count");
                assert!(arrived["ci95_low"].as_f64().unwrap() < arrived["mean"].as_f64().unwrap());
                assert_eq!(arrived["replications"], 4);
            }
            "compare" => {
                assert_eq!(doc["ranking"]["metric"], "wait_days_mean");
                let wait = doc["comparisons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["metric"] == "wait_days_mean")
                    .unwrap();
                assert_eq!(wait["unit"], "days");
                assert_eq!(wait["scenarios"][1]["difference_to_base"]["mean"], 0.0);
            }
            "sweep" => {
                assert_eq!(doc["points"].as_array().unwrap().len(), 2);
                assert_eq!(doc["points"][1]["values"]["pool.servers.servers"], "12");
            }
            "sensitivity" => {
                let rows = doc["tables"]["sensitivity.csv"].as_array().unwrap();
                assert!(!rows.is_empty() && rows[0]["metric"] == "wait_days_mean");
            }
            _ => {
                assert_eq!(doc["answer"], 13);
                assert_eq!(doc["unit"], "share");
                assert!(doc["tables"]["plan.csv"].as_array().unwrap().len() >= 2);
                assert_eq!(doc["tables"]["answer.csv"][0]["new_size"], 13.0);
            }
        }
        // --quiet silences the texts, not the document.
        args.push("-q".into());
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let quiet = crate::support::asielsim(&refs);
        assert!(
            quiet.stderr.is_empty(),
            "{command}: {}",
            String::from_utf8_lossy(&quiet.stderr)
        );
        let again: serde_json::Value = serde_json::from_slice(&quiet.stdout).unwrap();
        assert_eq!(again, doc, "{command}");
    }
}

/// The README's synopsis names every command and every long flag each one takes, as `--help`
/// lists them, so the synopsis cannot fall behind the command line.
#[test]
fn the_readme_synopsis_is_complete() {
    let readme = std::fs::read_to_string(crate::support::repo().join("README.md")).unwrap();
    let start = readme.find("## Commands").expect("a Commands section");
    let block = &readme[start..];
    let block = &block[block.find("```text").unwrap()..];
    let block = &block[..block[7..].find("```").unwrap() + 7];
    let help = String::from_utf8(crate::support::asielsim(&["--help"]).stdout).unwrap();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 12, "{commands:?}");
    for command in commands {
        assert!(
            block.contains(&format!("asielsim {command}")),
            "the README's synopsis lacks `asielsim {command}`"
        );
        let help =
            String::from_utf8(crate::support::asielsim(&[command, "--help"]).stdout).unwrap();
        for flag in help
            .split_whitespace()
            .filter(|w| w.starts_with("--") && w.len() > 2)
            .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        {
            if flag == "--help" {
                continue;
            }
            assert!(
                block.contains(flag),
                "the README's synopsis lacks {flag} of `asielsim {command}`"
            );
        }
    }
}
