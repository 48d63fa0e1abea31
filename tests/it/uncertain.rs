//! Input uncertainty (`[[uncertain]]`, a change's `probability`): draws per replication from
//! their own streams, written to `inputs.csv`; the same for any thread count; common random
//! numbers intact between two scenarios that differ in a fixed parameter; an uncertain change
//! in effect in about its share of the futures, and felt there; bad entries refused.

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario::{self, Scenario};

use crate::support::{asielsim, repo, scratch_dir};

fn fixture() -> Scenario {
    scenario::load(&repo().join("tests/it/data/uncertain/scenario.toml")).expect("valid")
}

fn run(scenario: &Scenario, threads: usize) -> Experiment {
    let settings = RunSettings {
        replications: 40,
        seed: 5,
        threads,
    };
    experiment::run(scenario, settings, &|| {}).expect("runs")
}

#[test]
fn draws_vary_per_replication_and_stay_the_same_for_any_thread_count() {
    let scenario = fixture();
    assert_eq!(scenario.uncertainty.inputs.len(), 1);
    assert_eq!(scenario.uncertainty.changes.len(), 1);
    let (one, two) = (run(&scenario, 1), run(&scenario, 2));
    assert_eq!(one.draws, two.draws);
    assert_eq!(one.column(0), two.column(0));
    let values: Vec<f64> = one.draws.iter().map(|d| d.values[0]).collect();
    assert!(values.iter().all(|v| (0.8..=1.1).contains(v)), "{values:?}");
    let distinct: std::collections::BTreeSet<u64> = values.iter().map(|v| v.to_bits()).collect();
    assert_eq!(
        distinct.len(),
        values.len(),
        "every replication draws its own value"
    );
    let kept = one.draws.iter().filter(|d| d.changes[0]).count();
    assert!(
        (10..=30).contains(&kept),
        "about half of 40 futures: {kept}"
    );
}

#[test]
fn the_uncertain_change_is_felt_where_it_takes_effect() {
    let experiment = run(&fixture(), 2);
    let waits = experiment.values_of("wait_days_mean").unwrap();
    let mean_of = |kept: bool| {
        let v: Vec<f64> = experiment
            .draws
            .iter()
            .zip(&waits)
            .filter(|(d, _)| d.changes[0] == kept)
            .map(|(_, w)| *w)
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!(
        mean_of(true) < 0.7 * mean_of(false),
        "faster work from June shortens waits: {} against {}",
        mean_of(true),
        mean_of(false)
    );
}

#[test]
fn uncertain_inputs_leave_common_random_numbers_intact() {
    // Two scenarios differing in one fixed parameter (the staff) draw the same inputs and see
    // the same arrivals in every replication, so their difference pairs.
    let base = fixture();
    let (mut table, _) =
        scenario::load_table(&repo().join("tests/it/data/uncertain/scenario.toml")).unwrap();
    asielsim::sweep::apply(&mut table, "pool.servers.servers", toml::Value::Integer(11)).unwrap();
    let more = scenario::parse_table(table, &repo().join("tests/it/data/uncertain/scenario.toml"))
        .unwrap();
    let (a, b) = (run(&base, 2), run(&more, 2));
    assert_eq!(a.draws, b.draws);
    assert_eq!(a.values_of("arrived"), b.values_of("arrived"));
    let wa = a.values_of("wait_days_mean").unwrap();
    let wb = b.values_of("wait_days_mean").unwrap();
    assert!(
        wa.iter().zip(&wb).all(|(x, y)| y <= x),
        "an 11th server never lengthens the wait here"
    );
}

#[test]
fn keys_an_uncertain_input_draws_cannot_be_swept_or_fitted() {
    let sweep = asielsim(&[
        "sweep",
        "tests/it/data/uncertain/scenario.toml",
        "--set",
        "pool.servers.work_factor=1,1.2",
        "-r",
        "2",
        "-o",
        &scratch_dir("uncertain_sweep").display().to_string(),
    ]);
    assert_eq!(
        sweep.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&sweep.stderr)
    );
    assert!(String::from_utf8_lossy(&sweep.stderr).contains("draws anew in every replication"));
    let fit = asielsim(&[
        "calibrate",
        "tests/it/data/uncertain/scenario.toml",
        "--fit",
        "pool.*.work_factor=0.5..1.5",
        "--observed",
        "tests/it/data/uncertain/observed.csv",
        "-r",
        "2",
        "-o",
        &scratch_dir("uncertain_fit").display().to_string(),
    ]);
    assert_eq!(
        fit.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&fit.stderr)
    );
    assert!(String::from_utf8_lossy(&fit.stderr).contains("draws anew in every replication"));
}

#[test]
fn a_run_writes_inputs_csv() {
    let out = scratch_dir("uncertain_run");
    let output = asielsim(&[
        "run",
        "tests/it/data/uncertain/scenario.toml",
        "-r",
        "12",
        "-o",
        &out.display().to_string(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let inputs = std::fs::read_to_string(out.join("inputs.csv")).unwrap();
    let mut lines = inputs.lines();
    assert_eq!(
        lines.next().unwrap(),
        "replication,work_factor,change:faster_work"
    );
    assert_eq!(lines.count(), 12);
    // The report says what each future draws, with the range of the draws.
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    for text in [
        "What we do not know: drawn anew in every future",
        "pool.servers.work_factor",
        "triangular, 0.8 to 1.1, mode 0.9 (drawn from 0.805 to 1.09, median 0.927)",
        "change:faster_work",
        "takes effect with probability 0.5",
        "and in the uncertain inputs each future draws anew",
    ] {
        assert!(report.contains(text), "the report lacks {text:?}");
    }
}

fn refused(entry: &str) -> String {
    let dir = scratch_dir(&format!(
        "uncertain_bad_{:x}",
        entry.len() * 31 + entry.bytes().map(usize::from).sum::<usize>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let text = format!(
        "base = \"{}\"\n{entry}\n",
        repo()
            .join("scenarios/validation/mmc.toml")
            .display()
            .to_string()
            .replace('\\', "/")
    );
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).unwrap();
    scenario::load(Path::new(&path))
        .expect_err("refused")
        .to_string()
}

#[test]
fn bad_uncertain_entries_are_refused_with_their_field() {
    let cases = [
        (
            "[[uncertain]]\npath = \"pool.servers.work_factor\"\ndist = \"gamma\"\nmean = 1\ncv = 1",
            "unknown distribution \"gamma\"",
        ),
        (
            "[[uncertain]]\npath = \"pool.servers.work_factor\"\ndist = \"lognormal\"\nmean = 1",
            "a lognormal distribution needs cv",
        ),
        (
            "[[uncertain]]\npath = \"pool.servers.work_factor\"\ndist = \"uniform\"\nmin = 1\nmax = 2\nmean = 1.5",
            "a uniform distribution takes no mean",
        ),
        (
            "[[uncertain]]\npath = \"pool.nosuch.work_factor\"\ndist = \"uniform\"\nmin = 1\nmax = 2",
            "no [[pool]] named \"nosuch\"",
        ),
        (
            "[[uncertain]]\npath = \"pool.servers.work_factor\"\ndist = \"beta\"\nmean = 0.5\nsd = 0.6",
            "a beta distribution needs",
        ),
        (
            "[[uncertain]]\npath = \"pool.servers.work_factor\"\ndist = \"normal\"\nmean = 1\nsd = 1",
            "with every uncertain input at its lowest (0.1% quantile) value, the scenario is refused",
        ),
        (
            "[[uncertain]]\npath = \"pool.servers.work_factor\"\ndist = \"uniform\"\nmin = 1\nmax = 2\nmisspelt = 3",
            "unknown field",
        ),
        (
            "[[uncertain]]\npath = \"uncertain.b.max\"\ndist = \"uniform\"\nmin = 1\nmax = 2",
            "the scenario has no `uncertain`",
        ),
        (
            "[[uncertain]]\npath = \"run.horizon_days\"\ndist = \"uniform\"\nmin = 20\nmax = 400",
            "an uncertain input cannot set `run`",
        ),
        (
            "[[uncertain]]\nname = \"replication\"\npath = \"pool.servers.work_factor\"\ndist = \"uniform\"\nmin = 1\nmax = 2",
            "is reserved",
        ),
        (
            "[[uncertain]]\npath = \"pool.servers.work_factor\"\ndist = \"uniform\"\nmin = 1\nmax = 2\n[[uncertain]]\nname = \"again\"\npath = \"pool.*.work_factor\"\ndist = \"uniform\"\nmin = 1\nmax = 2",
            "also sets",
        ),
        // Each input alone at an end: a minimum drawn above the maximum's median is refused.
        (
            "remove = [\"step.service.work_hours\"]\n[[step]]\nname = \"service\"\nwork_hours = { dist = \"uniform\", min = 5, max = 10 }\n[[uncertain]]\npath = \"step.service.work_hours.min\"\ndist = \"uniform\"\nmin = 1\nmax = 10\n[[uncertain]]\npath = \"step.service.work_hours.max\"\ndist = \"uniform\"\nmin = 5\nmax = 20",
            "and the others at their medians",
        ),
    ];
    for (entry, expected) in cases {
        let message = refused(entry);
        assert!(message.contains(expected), "{entry}\n=> {message}");
    }
}

#[test]
fn plan_candidates_of_an_uncertain_scenario_draw_from_the_table_with_the_lever_set() {
    use asielsim::plan::Lever;
    let scenario = fixture();
    let path = repo().join("tests/it/data/uncertain/scenario.toml");
    // The staff lever at 12 servers runs as the file with 12 servers, future by future.
    let staff = Lever::staff(&scenario, &["servers".to_string()]).expect("a lever");
    let candidate = staff.candidate(&scenario, 12).expect("a candidate");
    let (mut table, _) = scenario::load_table(&path).unwrap();
    asielsim::sweep::apply(&mut table, "pool.servers.servers", toml::Value::Integer(12)).unwrap();
    let by_hand = scenario::parse_table(table, &path).unwrap();
    let (a, b) = (run(&candidate, 2), run(&by_hand, 1));
    assert_eq!(a.values_of("wait_days_mean"), b.values_of("wait_days_mean"));
    assert_ne!(
        a.values_of("wait_days_mean"),
        run(&scenario, 1).values_of("wait_days_mean"),
        "two more servers change the waits"
    );
    // The hiring lever: 3 hired in March 2026 runs as the file with that [[hiring]] entry.
    let hires = Lever::hires(
        &scenario,
        &["servers".to_string()],
        &["2026-03".to_string()],
    )
    .expect("a lever");
    let candidate = hires.candidate(&scenario, 3).expect("a candidate");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[[hiring]]\npool = \"servers\"\nstart = 2026-03-01\ncount = 3.0\n");
    let by_hand = scenario::parse(&text, &path).unwrap();
    let (a, b) = (run(&candidate, 2), run(&by_hand, 1));
    assert_eq!(a.values_of("wait_days_mean"), b.values_of("wait_days_mean"));
    // A pool whose size an input draws cannot be a lever.
    let drawn = scenario::parse(
        &std::fs::read_to_string(&path)
            .unwrap()
            .replace(
                "path = \"pool.servers.work_factor\"",
                "path = \"pool.servers.servers\"",
            )
            .replace(
                "min = 0.8\nmode = 0.9\nmax = 1.1",
                "min = 9\nmode = 10\nmax = 11",
            ),
        &path,
    )
    .expect("valid");
    let err = Lever::staff(&drawn, &["servers".to_string()]).unwrap_err();
    assert!(
        err.to_string().contains("uncertain input \"work_factor\""),
        "{err}"
    );
}
