//! Reports people can read: every run, compare and forecast leaves a self-contained
//! `report.html` with its charts, and the page renders in a real browser (headless Chromium).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use asielsim::experiment::{self, RunSettings};
use asielsim::output::Manifest;
use asielsim::plot::{self, PlanChart, PlanPoint, Unit};
use asielsim::report::{self, PlanPage, ScenarioFacts, Table};
use asielsim::scenario;

use crate::support::{asielsim, repo, scratch_dir};

/// The only address a report may contain: the SVG namespace, which names and fetches nothing.
const SVG_NAMESPACE: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

/// Asserts that `html` is one self-contained page: no scripts, no linked resources, no
/// address other than the SVG namespace attribute.
fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && html.contains("@page { size: A4"));
    let without_namespace = html.replace(SVG_NAMESPACE, "");
    for forbidden in [
        "http://", "https://", "//cdn", "<script", "<link", "<img", "<iframe", "src=", "url(",
        "@import",
    ] {
        assert!(
            !without_namespace.contains(forbidden),
            "the report contains {forbidden:?}"
        );
    }
    assert!(
        !html.contains("NaN"),
        "an undefined number reached the page"
    );
}

/// The names of the figures in `html`, each checked to hold a non-empty inline SVG.
fn figures(html: &str) -> Vec<String> {
    html.split("<figure id=\"fig-")
        .skip(1)
        .map(|rest| {
            let name = rest.split('"').next().unwrap().to_string();
            let figure = &rest[..rest.find("</figure>").expect("a closed figure")];
            let svg = &figure[figure.find("<svg").expect("an inline SVG")..];
            assert!(
                svg.contains("<text")
                    && (svg.contains("<polygon")
                        || svg.contains("<circle")
                        || svg.contains("<polyline")
                        || svg.contains("<path")),
                "figure {name} is empty"
            );
            assert!(
                figure.contains("<figcaption><b>Figure"),
                "figure {name} has no caption"
            );
            name
        })
        .collect()
}

/// The names of `dir/plots/*.svg`, sorted.
fn plot_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("plots"))
        .expect("a plots folder")
        .map(|e| {
            let path = e.unwrap().path();
            assert_eq!(path.extension().unwrap(), "svg");
            path.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_validation_run_gets_a_report_with_what_applies() {
    let dir = scratch_dir("report-mmc");
    let output = asielsim(&[
        "run",
        "scenarios/validation/mmc.toml",
        "-r",
        "4",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("report.html"));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_self_contained(&html);
    for text in [
        "Scenario mmc",
        "M/M/10 queue",
        "Key assumptions",
        "Run manifest",
        "All metrics",
        "wait_probability",
        "scenario_sha256",
    ] {
        assert!(html.contains(text), "the report lacks {text:?}");
    }
    let mut names = figures(&html);
    assert_eq!(
        names,
        ["throughput", "utilisation"],
        "no dates: no monthly charts"
    );
    names.sort();
    assert_eq!(plot_files(&dir), names);
}

#[test]
fn the_baseline_report_has_every_chart_and_the_headline() {
    let scenario = scenario::load(&repo().join("scenarios/baseline.toml")).unwrap();
    let settings = RunSettings {
        replications: 4,
        seed: 3,
        threads: 2,
    };
    let run = experiment::run(&scenario, settings, &|| {}).unwrap();
    let manifest = Manifest::new(&scenario, &run);
    let facts = ScenarioFacts::from_scenario(&scenario);
    let start = Instant::now();
    let report = report::run_report(&facts, &run, &manifest).unwrap();
    let took = start.elapsed();
    eprintln!(
        "baseline report ({} replications) built in {took:?}",
        settings.replications
    );
    assert_self_contained(&report.html);
    let names = figures(&report.html);
    assert_eq!(
        names,
        [
            "backlog",
            "backlog_per_stream",
            "intake",
            "decisions",
            "within_term",
            "penalties_per_year",
            "throughput",
            "throughput_tracks",
            "utilisation"
        ]
    );
    let listed: Vec<&str> = report.plots.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(listed, names);
    for text in [
        "beslistermijn",
        "werkvoorraad",
        "dwangsommen",
        "Staffing at the start",
        "follow-ons of the run&#39;s own decisions: nareis (after grant)",
        "follow-ons of the run&#39;s own decisions: appeal (after reject); dublin_failed (after dublin)",
        "565 FTE",
        "2026-01-01 to 2030-12-31",
        "monthly model: 2,000 a month",
        "uniform; locations by the streams",
        "EUR ",
        "Jan 2027",
        "decision_ter_apel",
        "p95: 1 year in 20 is worse",
        "track4: 90th percentile",
        "Total cost, expected over the run",
        // The priced parts of the total cost are marked as assumptions, with their prices.
        "reception (opvang)* EUR ",
        "staff* EUR ",
        "priced by the scenario&#39;s assumptions (the prices are in Key assumptions)",
        "EUR 111,000 per FTE-year",
        "Price of reception (opvang) (an assumption of the scenario)",
        "EUR 83 a day for each open case of streams first, returned",
        // Throughput per location per stream.
        "location den_bosch, nareis: mean",
        // The budget: per year, penalties, court costs and their sum, with the p95's
        // precision (four replications give no interval, and say how many would).
        "Budget: penalties and court costs per year",
        "<td>2027</td><td>court costs</td>",
        "<td>2030</td><td>penalties + court costs</td>",
        "<td>whole run</td><td>penalty payments</td>",
        "needs 72 replications",
    ] {
        assert!(report.html.contains(text), "the report lacks {text:?}");
    }
    // The report is a function of its inputs.
    let again = report::run_report(&facts, &run, &manifest).unwrap();
    assert_eq!(again.html, report.html);
}

#[test]
fn compare_and_forecast_leave_reports() {
    let dir = scratch_dir("report-compare");
    std::fs::create_dir_all(&dir).unwrap();
    let variant = dir.join("mmc_11.toml");
    std::fs::write(
        &variant,
        format!(
            "base = {:?}\n[scenario]\nname = \"mmc_11\"\n[[pool]]\nname = \"servers\"\nservers = 11\n",
            repo().join("scenarios/validation/mmc.toml").display().to_string()
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let output = asielsim(&[
        "compare",
        "scenarios/validation/mmc.toml",
        variant.to_str().unwrap(),
        "-r",
        "4",
        "--metric",
        "wait_days_mean",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_self_contained(&html);
    let names = figures(&html);
    assert_eq!(names[0], "paired_differences");
    assert!(
        names.contains(&"means_wait_days_mean".to_string()),
        "{names:?}"
    );
    for text in [
        "Best on wait_days_mean",
        "mmc_11",
        "interval excludes zero",
        "Run manifests",
    ] {
        assert!(html.contains(text), "the compare report lacks {text:?}");
    }

    let out = scratch_dir("report-forecast");
    let output = asielsim(&[
        "forecast",
        "data/nl_monthly_asylum_applicants_2012-2019.csv",
        "--horizon",
        "12",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_self_contained(&html);
    assert_eq!(figures(&html), ["fan_chart", "backtest"]);
    assert!(html.contains("Backtest") && html.contains("95% prediction interval"));
    // The title names the series, not the file; a national total gets no warning.
    assert!(
        html.contains("<h1>Intake forecast (prognose): applicants</h1>"),
        "{}",
        &html[..600]
    );
    assert!(
        !html.contains("Warning:") && !String::from_utf8_lossy(&output.stderr).contains("warning")
    );
    let backtest = std::fs::read_to_string(out.join("plots/backtest.svg")).unwrap();
    assert!(backtest.contains("12 months ahead: seasonal naive"));
    assert_eq!(
        std::fs::read_to_string(out.join("fan_chart.svg")).unwrap(),
        std::fs::read_to_string(out.join("plots/fan_chart.svg")).unwrap()
    );
}

#[test]
fn a_plan_page_is_built_from_plain_data() {
    let points = [
        PlanPoint {
            staff: 10.0,
            estimate: 0.54,
            bound: 0.57,
            meets: false,
        },
        PlanPoint {
            staff: 15.0,
            estimate: 0.07,
            bound: 0.09,
            meets: true,
        },
        PlanPoint {
            staff: 12.0,
            estimate: 0.30,
            bound: 0.33,
            meets: false,
        },
        PlanPoint {
            staff: 13.0,
            estimate: 0.19,
            bound: 0.199,
            meets: true,
        },
    ];
    let svg = plot::plan_chart(
        &PlanChart {
            title: "Plan: servers for wait_probability",
            x_label: "servers",
            y_label: "wait_probability",
            unit: Unit::Share,
            target: 0.2,
            target_label: "target: at most 20%",
            bound_label: "90% upper confidence bound",
        },
        &points,
    )
    .unwrap();
    let candidates = Table {
        header: vec![
            "servers".into(),
            "mean".into(),
            "bound".into(),
            "verdict".into(),
        ],
        rows: points
            .iter()
            .map(|p| {
                vec![
                    p.staff.to_string(),
                    p.estimate.to_string(),
                    p.bound.to_string(),
                    if p.meets { "meets" } else { "misses" }.into(),
                ]
            })
            .collect(),
        numeric: vec![true, true, true, false],
        marked: vec![3],
    };
    let facts = vec![(
        "scenario file".to_string(),
        "scenarios/validation/mmc.toml".to_string(),
    )];
    let report = report::plan_report(&PlanPage {
        title: "Plan: servers for wait_probability",
        target: "wait_probability at most 0.2 with 90% confidence",
        answer: "13 servers is the smallest staffing in 10..20 that meets the target",
        candidates: &candidates,
        chart_svg: &svg,
        caption: asielsim::report::TARGET_CAPTION,
        facts: &facts,
        sections: &[],
    });
    assert_self_contained(&report.html);
    assert_eq!(figures(&report.html), ["plan_candidates"]);
    assert!(report.html.contains("<tr class=\"mark\">"));
    assert!(report.html.contains("13 servers is the smallest"));
    let dir = scratch_dir("report-plan");
    asielsim::output::write_report(&dir, &report).unwrap();
    assert_eq!(plot_files(&dir), ["plan_candidates"]);
}

/// The Chromium builds that can render a page headless, by the names their packages install.
const BROWSERS: [&str; 5] = [
    "chromium",
    "chromium-headless-shell",
    "chromium-browser",
    "google-chrome",
    "headless_shell",
];

/// A browser to render reports with: `ASIELSIM_CHROMIUM` when set (a path, or anything else
/// to skip), else the first of `BROWSERS` on the `PATH`, else `/usr/bin/chromium` (which Debian
/// installs even where `/usr/bin` is not on the `PATH`).
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ASIELSIM_CHROMIUM") {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    BROWSERS
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .chain([PathBuf::from("/usr/bin/chromium")])
        .find(|p| p.is_file())
}

/// Whether a missing browser fails the browser test instead of skipping it: `.ci/run` sets
/// `ASIELSIM_REQUIRE_BROWSER=1` once it has installed Chromium, so a browser that cannot be found
/// there is an error, not a quiet skip.
fn browser_required() -> bool {
    std::env::var_os("ASIELSIM_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Runs headless Chromium on `page` with `args`, killed after a minute; (stdout, stderr). The
/// output goes to files, so a large DOM cannot fill a pipe and stall the browser.
fn headless(browser: &Path, page: &Path, args: &[&str], profile: &Path) -> (String, String) {
    std::fs::create_dir_all(profile).unwrap();
    let (out_path, err_path) = (profile.join("stdout.txt"), profile.join("stderr.txt"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!(
            "--user-data-dir={}",
            profile.join("data").display()
        ))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish rendering {} within a minute",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let read = |path: &Path| {
        String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
    };
    (read(&out_path), read(&err_path))
}

#[test]
fn the_report_renders_in_a_browser_with_every_chart() {
    let Some(browser) = chromium() else {
        assert!(
            !browser_required(),
            "ASIELSIM_REQUIRE_BROWSER is set but no Chromium was found: none of {BROWSERS:?} is on the PATH, /usr/bin/chromium does not exist, and ASIELSIM_CHROMIUM names no file"
        );
        // Written past the test harness's capture, so the skip shows in every log.
        let _ = writeln!(
            std::io::stderr(),
            "SKIP the_report_renders_in_a_browser_with_every_chart: no chromium found (apt-get install chromium or chromium-headless-shell, or set ASIELSIM_CHROMIUM to a Chromium binary)"
        );
        return;
    };
    let dir = scratch_dir("report-browser");
    let output = asielsim(&["run", "-r", "3", "--out", dir.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = dir.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let expected = figures(&html);
    assert_eq!(expected.len(), 9);

    let (dom, log) = headless(&browser, &page, &["--dump-dom"], &dir.join("profile-dom"));
    assert!(
        dom.contains("<h1>Scenario baseline</h1>"),
        "the page did not load: {}",
        &log[..log.len().min(2000)]
    );
    for name in &expected {
        let at = dom
            .find(&format!("<figure id=\"fig-{name}\""))
            .unwrap_or_else(|| panic!("figure {name} is missing from the rendered page"));
        let figure = &dom[at..at + dom[at..].find("</figure>").unwrap()];
        let svg = &figure[figure
            .find("<svg")
            .unwrap_or_else(|| panic!("figure {name} has no chart"))..];
        assert!(
            svg.matches("<text").count() > 5 && svg.len() > 2000,
            "figure {name} is empty in the browser"
        );
    }
    for line in log.lines() {
        assert!(
            !(line.contains(":CONSOLE") || line.contains("Uncaught") || line.contains("net::ERR")),
            "the browser reported an error: {line}"
        );
    }

    let shot = dir.join("report.png");
    let (_, log) = headless(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            "--hide-scrollbars",
        ],
        &dir.join("profile-shot"),
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}): {log}"));
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    assert!(
        png.len() > 50_000,
        "the screenshot is nearly blank ({} bytes)",
        png.len()
    );
}

/// The manifest in the report writes its numbers for people: counts with separators, the wall
/// time to a tenth of a second (run.json keeps the exact values).
#[test]
fn the_report_manifest_writes_numbers_for_people() {
    let dir = crate::support::scratch_dir("report_manifest");
    let output = crate::support::asielsim(&[
        "-q",
        "run",
        "scenarios/validation/mmc.toml",
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
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let manifest =
        &html[html.find("id=\"manifest\"").unwrap()..html.find("id=\"all-metrics\"").unwrap()];
    let cell = |key: &str| {
        let at = manifest
            .find(&format!("<th>{key}</th>"))
            .unwrap_or_else(|| panic!("{key} in {manifest}"));
        let rest = &manifest[at..];
        let start = rest.find("<td>").unwrap() + 4;
        rest[start..start + rest[start..].find("</td>").unwrap()].to_string()
    };
    let events = cell("events");
    assert!(events.contains(',') && !events.contains('.'), "{events}");
    let wall = cell("wall_time_seconds");
    assert!(
        wall.ends_with(" s") && wall.split('.').nth(1).is_some_and(|d| d.len() == 3),
        "{wall}"
    );
    assert_eq!(cell("seed"), "20261128");
    let json = std::fs::read_to_string(dir.join("run.json")).unwrap();
    assert!(json.contains("\"wall_time_seconds\": "), "{json}");
}

/// Throughput per location is shown per stream: location north decides only slow cases, south
/// slow ones and quick ones. South's mean over all its cases is lower than north's although its
/// slow cases take as long; the per-stream metrics and the report's chart say so, north's only
/// stream has exactly north's mean, and a stream a location never sees has none.
#[test]
fn throughput_per_location_is_shown_per_stream() {
    let text = r#"
        [scenario]
        name = "two_locations"
        [run]
        horizon_days = 300
        warmup_days = 30
        [[location]]
        name = "north"
        [[location]]
        name = "south"
        [[pool]]
        name = "desk_north"
        role = "desk"
        location = "north"
        servers = 4
        [[pool]]
        name = "desk_south"
        role = "desk"
        location = "south"
        servers = 6
        [[stream]]
        name = "slow"
        rate_per_day = 1.0
        entry = "slow_work"
        locations = { north = 0.5, south = 0.5 }
        [[stream]]
        name = "quick"
        rate_per_day = 2.0
        entry = "quick_work"
        locations = { south = 1.0 }
        [[step]]
        name = "slow_work"
        pool = "desk"
        work_hours = { dist = "fixed", value = 48 }
        next = "exit"
        [[step]]
        name = "quick_work"
        pool = "desk"
        work_hours = { dist = "fixed", value = 2 }
        next = "exit"
    "#;
    let s = asielsim::scenario::parse(text, std::path::Path::new("two_locations.toml")).unwrap();
    let settings = asielsim::experiment::RunSettings {
        replications: 3,
        seed: 5,
        threads: 1,
    };
    let run = asielsim::experiment::run(&s, settings, &|| {}).unwrap();
    for m in run.each_replication() {
        let get = |name: &str| m.get(name).unwrap_or_else(|| panic!("no metric {name}"));
        let (north, south) = (
            get("throughput_days_mean_north"),
            get("throughput_days_mean_south"),
        );
        assert!(south < north, "south {south}, north {north}");
        assert_eq!(get("throughput_days_mean_north_slow"), north);
        assert!(get("throughput_days_mean_north_quick").is_nan());
        let (slow, quick) = (
            get("throughput_days_mean_south_slow"),
            get("throughput_days_mean_south_quick"),
        );
        assert!(quick < south && south < slow, "{quick} {south} {slow}");
        assert!(
            slow > 0.8 * north,
            "south's slow cases {slow}, north's {north}"
        );
    }
    let facts = ScenarioFacts::from_scenario(&s);
    let manifest = Manifest::new(&s, &run);
    let report = report::run_report(&facts, &run, &manifest).unwrap();
    assert!(report.html.contains("location south, quick: mean"));
    assert!(!report.html.contains("location south: mean"));
}

/// `sweep` leaves a report: a chart per metric over the swept values (a line over a numeric
/// setting, rows for a grid of several), each with its table; the same for any thread count.
/// A metric the scenario lacks is refused before anything runs.
#[test]
fn a_sweep_leaves_a_report_with_a_chart_per_metric() {
    let dir = scratch_dir("report-sweep");
    let sweep = |out: &str, threads: &str, extra: &[&str]| {
        let mut args = vec![
            "sweep",
            "scenarios/validation/mmc.toml",
            "--set",
            "pool.servers.servers=10..12:1",
            "-r",
            "6",
            "-j",
            threads,
            "--out",
            out,
        ];
        args.extend(extra);
        asielsim(&args)
    };
    let one = dir.join("one");
    let output = sweep(one.to_str().unwrap(), "1", &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(one.join("report.html")).unwrap();
    assert_self_contained(&html);
    assert_eq!(
        figures(&html),
        [
            "sweep_throughput_days_mean",
            "sweep_wait_days_mean",
            "sweep_wait_probability",
            "sweep_in_system_mean"
        ]
    );
    assert_eq!(
        plot_files(&one),
        [
            "sweep_in_system_mean",
            "sweep_throughput_days_mean",
            "sweep_wait_days_mean",
            "sweep_wait_probability"
        ]
    );
    for text in [
        "Sweep of mmc: pool.servers.servers",
        "3 points, 6 replications each",
        "<td>pool.servers.servers=11</td>",
        "p5-p95: 90% of the futures",
    ] {
        assert!(html.contains(text), "the sweep report lacks {text:?}");
    }
    let two = dir.join("two");
    assert!(sweep(two.to_str().unwrap(), "2", &[]).status.success());
    assert_eq!(
        std::fs::read_to_string(two.join("report.html")).unwrap(),
        html
    );

    // A grid of two settings: one row per point; only the named metric.
    let grid = dir.join("grid");
    let output = sweep(
        grid.to_str().unwrap(),
        "2",
        &[
            "--set",
            "run.horizon_days=300,400",
            "--metric",
            "wait_days_mean",
        ],
    );
    assert!(output.status.success());
    let html = std::fs::read_to_string(grid.join("report.html")).unwrap();
    assert_eq!(figures(&html), ["sweep_wait_days_mean"]);
    assert!(html.contains("pool.servers.servers=12, run.horizon_days=400"));

    let refused = sweep(
        dir.join("bad").to_str().unwrap(),
        "1",
        &["--metric", "wait_days_mena"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("--metric: the scenario has no metric \"wait_days_mena\"")
    );
    assert!(!dir.join("bad").exists());
}

/// `--png` writes every chart also as a PNG, rendered from the same SVG with the embedded font:
/// identical for one and two threads, and for the forecast's fan chart too.
#[test]
fn png_charts_exist_and_are_identical_for_any_thread_count() {
    let dir = scratch_dir("png");
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.join(format!("j{threads}"));
        let output = asielsim(&[
            "run",
            "scenarios/validation/priority.toml",
            "-r",
            "4",
            "-j",
            threads,
            "--png",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        outputs.push(out);
    }
    let svgs: Vec<String> = std::fs::read_dir(outputs[0].join("plots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    assert!(!svgs.is_empty());
    for svg in &svgs {
        let png = svg.replace(".svg", ".png");
        let one = std::fs::read(outputs[0].join("plots").join(&png)).unwrap();
        assert!(one.starts_with(b"\x89PNG\r\n\x1a\n"), "{png} is not a PNG");
        let two = std::fs::read(outputs[1].join("plots").join(&png)).unwrap();
        assert!(one == two, "{png} differs between 1 and 2 threads");
    }
    let out = dir.join("forecast");
    let output = asielsim(&[
        "forecast",
        "data/nl_monthly_asylum_applicants_2012-2019.csv",
        "--horizon",
        "12",
        "--png",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    assert!(
        std::fs::read(out.join("fan_chart.png"))
            .unwrap()
            .starts_with(b"\x89PNG")
    );
    assert!(out.join("plots/backtest.png").is_file());
    // A rerun replaces a folder with PNGs, as any results folder.
    let again = asielsim(&[
        "forecast",
        "data/nl_monthly_asylum_applicants_2012-2019.csv",
        "--horizon",
        "12",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(!out.join("fan_chart.png").exists());
    // Without --png, no PNG.
    let plain = dir.join("plain");
    assert!(
        asielsim(&[
            "run",
            "scenarios/validation/mmc.toml",
            "-r",
            "2",
            "-q",
            "--out",
            plain.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(!plain.join("plots/utilisation.png").exists());
}
