//! The metric catalogue: names that would mean two things are refused, every metric has a unit,
//! a better direction and a meaning (`asielsim metrics`, `metrics.csv`), and the README's list of
//! metrics is the catalogue's.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use asielsim::model::{MetricKey, MonthlyColumn};
use asielsim::scenario;

use crate::support::{asielsim, repo, scratch_dir};

/// A dated scenario with `[law]` and two streams, the second named `second`.
fn two_streams(second: &str) -> String {
    format!(
        r#"
        [scenario]
        name = "clash"
        start_date = 2026-01-01
        [run]
        horizon_days = 100
        [[pool]]
        name = "officers"
        servers = 2
        [[stream]]
        name = "first"
        rate_per_day = 1
        entry = "decide"
        [[stream]]
        name = "{second}"
        rate_per_day = 1
        entry = "decide"
        [[step]]
        name = "decide"
        pool = "officers"
        work_hours = {{ dist = "exponential", mean = 10 }}
        next = "exit"
        [law]
        [[law.term]]
        name = "all"
        streams = ["first", "{second}"]
        days = 90
        "#
    )
}

/// Writes `text` as a scenario file, runs `asielsim run` on it and returns its stderr, after
/// checking that it was refused (exit 2, no panic, nothing written).
fn refused(name: &str, text: &str) -> String {
    let dir = scratch_dir(&format!("catalogue_{name}"));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.toml");
    fs::write(&path, text).unwrap();
    let out = dir.join("out");
    let output = asielsim(&[
        "run",
        path.to_str().unwrap(),
        "-r",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("fix:"), "{stderr}");
    assert!(!out.exists(), "nothing is written for a refused scenario");
    stderr
}

#[test]
fn a_stream_named_like_a_penalty_total_is_refused_naming_both_meanings() {
    // A control: the same scenario with an ordinary name is fine.
    scenario::parse(&two_streams("nareis"), Path::new("ok.toml")).expect("valid");
    for name in ["total", "admin", "court", "accrued_open"] {
        let stderr = refused(name, &two_streams(name));
        assert!(
            stderr.contains(&format!("\"penalty_eur_{name}\"")),
            "{name}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("stream[].name \"{name}\"")),
            "the message names the stream: {stderr}"
        );
        assert!(
            stderr.contains(&format!("on cases of stream {name}")),
            "the message says what the stream's metric would mean: {stderr}"
        );
        assert!(
            stderr.contains("paid in the window") || stderr.contains("not yet payable"),
            "and what the built-in metric means: {stderr}"
        );
    }
}

#[test]
fn a_stream_named_like_a_year_is_refused() {
    // Names start with a letter, so no stream can take a year's place in a metric name
    // (`within_term_share_2026`, `penalty_eur_2026`).
    let stderr = refused("year", &two_streams("2026"));
    assert!(
        stderr.contains("\"2026\" is not a snake_case name"),
        "{stderr}"
    );
}

#[test]
fn a_track_and_a_location_with_one_name_are_refused() {
    let text = fs::read_to_string(repo().join("tests/it/data/routing.toml")).unwrap();
    // Rename location l2 to t3, the name of a track.
    let text = text
        .replace("name = \"l2\"", "name = \"t3\"")
        .replace("location = \"l2\"", "location = \"t3\"")
        .replace("l2 = 0.6", "t3 = 0.6");
    let stderr = refused("track_location", &text);
    assert!(stderr.contains("\"throughput_days_mean_t3\""), "{stderr}");
    assert!(stderr.contains("track t3"), "{stderr}");
    assert!(stderr.contains("location t3"), "{stderr}");
}

#[test]
fn a_stream_and_a_track_with_one_name_are_refused_for_their_decisions_per_year() {
    // decided_<stream>_<year> and decided_<track>_<year> would both be decided_nareis_2026.
    let with_track = |track: &str| {
        format!(
            "{}\n[[track]]\nname = \"{track}\"\n[[track]]\nname = \"asylum\"\n[[group]]\nname = \"all\"\ntracks = {{ {track} = 0.5, asylum = 0.5 }}\n",
            two_streams("nareis")
        )
    };
    let stderr = refused("stream_track", &with_track("nareis"));
    assert!(stderr.contains("\"decided_nareis_2026\""), "{stderr}");
    assert!(
        stderr.contains("decisions on cases of stream nareis taken in 2026"),
        "{stderr}"
    );
    assert!(
        stderr.contains("decisions in track nareis taken in 2026"),
        "{stderr}"
    );
    assert!(stderr.contains("track[].name \"nareis\""), "{stderr}");
    // A control: another track name is fine.
    let scenario = scenario::parse(&with_track("dublin"), Path::new("ok.toml")).expect("valid");
    assert!(scenario.catalogue.find("decided_dublin_2026").is_some());
    assert!(scenario.catalogue.find("decided_nareis_2026").is_some());
}

#[test]
fn a_stream_named_like_another_streams_year_is_refused() {
    // penalty_eur_<stream>_<year> of stream "first" in 2026 and penalty_eur_<stream> of a
    // stream "first_2026".
    let stderr = refused("stream_year", &two_streams("first_2026"));
    assert!(stderr.contains("\"penalty_eur_first_2026\""), "{stderr}");
    assert!(
        stderr.contains("on cases of stream first in 2026"),
        "{stderr}"
    );
    assert!(
        stderr.contains("on cases of stream first_2026 in the window"),
        "{stderr}"
    );
}

#[test]
fn a_stream_and_a_step_whose_monthly_columns_meet_are_refused() {
    // backlog_<stream> for stream "at_decide" and backlog_at_<step> for step "decide".
    let stderr = refused("monthly", &two_streams("at_decide"));
    assert!(stderr.contains("\"backlog_at_decide\""), "{stderr}");
    assert!(stderr.contains("step[].name \"decide\""), "{stderr}");
    assert!(stderr.contains("stream at_decide"), "{stderr}");
    assert!(stderr.contains("step decide"), "{stderr}");
}

#[test]
fn a_pools_unit_comes_from_its_key_not_its_name() {
    let text = two_streams("nareis").replace("\"officers\"", "\"desk_europe\"");
    let scenario = scenario::parse(&text, Path::new("eur.toml")).expect("valid");
    let catalogue = &scenario.catalogue;
    let utilisation = catalogue.get("utilisation_desk_europe").unwrap();
    assert_eq!(utilisation.key.unit(), asielsim::plot::Unit::Share);
    assert_eq!(
        catalogue.unit_of("queue_wait_days_mean_desk_europe"),
        asielsim::plot::Unit::Days
    );
    assert_eq!(
        catalogue.unit_of("penalty_eur_nareis"),
        asielsim::plot::Unit::Euro
    );
    assert_eq!(
        catalogue.unit_of("backlog@2026-02"),
        asielsim::plot::Unit::Count
    );
}

#[test]
fn metrics_csv_is_written_beside_every_run_and_lists_summary_csv_in_order() {
    let dir = scratch_dir("catalogue_metrics_csv");
    let output = asielsim(&[
        "run",
        "scenarios/policies/verdeelstation.toml",
        "-r",
        "2",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metrics = fs::read_to_string(dir.join("metrics.csv")).unwrap();
    let summary = fs::read_to_string(dir.join("summary.csv")).unwrap();
    let mut lines = metrics.lines();
    assert_eq!(lines.next(), Some("name,file,unit,better,headline,meaning"));
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(metrics.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let in_summary: Vec<&str> = summary
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let listed: Vec<&str> = rows
        .iter()
        .filter(|r| r[1] == "summary.csv")
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(
        listed, in_summary,
        "metrics.csv lists summary.csv's metrics in its order"
    );
    for row in &rows {
        assert!(["count", "share", "eur", "days", "number"].contains(&row[2].as_str()));
        assert!(["higher", "lower", "neither"].contains(&row[3].as_str()));
        assert!(["yes", "no"].contains(&row[4].as_str()));
        assert!(row[5].len() > 10, "every metric has a meaning: {row:?}");
    }
    let unit = |name: &str| rows.iter().find(|r| r[0] == name).unwrap()[2].clone();
    assert_eq!(unit("penalty_eur_total"), "eur");
    assert_eq!(unit("within_term_share"), "share");
    assert_eq!(unit("backlog"), "count");

    // `asielsim metrics --csv` prints the same dictionary without running anything.
    let printed = asielsim(&["metrics", "scenarios/policies/verdeelstation.toml", "--csv"]);
    assert!(printed.status.success());
    assert_eq!(String::from_utf8(printed.stdout).unwrap(), metrics);
}

#[test]
fn metrics_prints_the_baselines_dictionary() {
    let output = asielsim(&["metrics"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(stdout.starts_with("baseline: "), "{stdout}");
    for line in [
        "penalty_eur_total",
        "utilisation_decision_ter_apel",
        "backlog_at_",
        "within_term_share_first",
    ] {
        assert!(stdout.contains(line), "{line} missing: {stdout}");
    }
}

/// Every name template of the bundled scenarios' catalogues is in the README's "Metrics"
/// section, and every metric the README's tables list is one of the catalogue's templates.
#[test]
fn the_readme_lists_exactly_the_catalogues_metrics() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("### Metrics").expect("a Metrics section");
    let end = start + readme[start..].find("\n## ").expect("a next section");
    let section = &readme[start..end];

    let mut templates: BTreeSet<String> = MetricKey::EXAMPLES
        .iter()
        .map(|k| k.template().to_string())
        .collect();
    templates.extend(
        MonthlyColumn::EXAMPLES
            .iter()
            .map(|c| format!("monthly {}", c.template())),
    );
    // Every template of every bundled scenario's catalogue is among the examples.
    for dir in [
        "scenarios",
        "scenarios/policies",
        "scenarios/validation",
        "scenarios/examples",
        "scenarios/history",
    ] {
        for entry in fs::read_dir(repo().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let scenario = scenario::load(&path).unwrap();
                for def in scenario.catalogue.metrics() {
                    assert!(templates.contains(def.key.template()), "{:?}", def.key);
                }
            }
        }
    }

    // Metrics in the first column of the README's tables, split at ", ".
    let mut listed = BTreeSet::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let first_cell = line.split('|').nth(1).unwrap();
        for name in first_cell.split(',') {
            listed.insert(name.trim().trim_matches('`').to_string());
        }
    }
    let monthly_start = section
        .find("Monthly series")
        .expect("monthly series listed");
    let paragraph = &section[monthly_start..];
    let paragraph = &paragraph[..paragraph.find("\n\n").unwrap_or(paragraph.len())];
    for name in paragraph.split('`').skip(1).step_by(2) {
        if name != "monthly.csv" {
            listed.insert(format!("monthly {name}"));
        }
    }
    let missing: Vec<&String> = templates.difference(&listed).collect();
    assert!(missing.is_empty(), "the README does not list {missing:?}");
    let unknown: Vec<&String> = listed.difference(&templates).collect();
    assert!(
        unknown.is_empty(),
        "the README lists names the catalogue does not have: {unknown:?}"
    );
}
