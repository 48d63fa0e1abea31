//! The planner: the smallest staffing that meets a target (Erlang C's answer on the M/M/c case,
//! also as a probability target), the staffing with the lowest cost (the analytic cost curve of
//! the M/M/c case), the levers (several pools, hiring plans) and targets at a month's end.

use std::fs;
use std::path::Path;

use asielsim::experiment::{self, RunSettings};
use asielsim::scenario;

use crate::support::{asielsim, repo, scratch_dir};

/// The M/M/c validation scenario with `staff` servers (the planner's candidates), with `extra`
/// TOML appended to the file.
fn mmc(staff: u32, extra: &str) -> Result<scenario::Scenario, asielsim::error::ScenarioError> {
    let path = repo().join("scenarios/validation/mmc.toml");
    let text = fs::read_to_string(&path).unwrap() + extra;
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    asielsim::sweep::apply(
        &mut table,
        "pool.servers.servers",
        toml::Value::Integer(i64::from(staff)),
    )
    .unwrap();
    scenario::parse_table(table, &path)
}

fn mmc_with_servers(staff: u32) -> Result<scenario::Scenario, asielsim::error::ScenarioError> {
    mmc(staff, "")
}

/// The planner finds the known answer on an M/M/c staffing case: lambda = 9, mu = 1 per day;
/// the smallest c with P(wait) <= 0.2 is 13 (Erlang C: 0.266035 at c = 12, 0.157501 at 13).
#[test]
fn planner_finds_the_erlang_c_staffing() {
    use asielsim::compare::Better;
    use asielsim::plan::{Target, search};
    let target = Target {
        metric: "wait_probability".into(),
        bound: 0.2,
        better: Better::Lower,
        confidence: 0.9,
        probability: None,
    };
    let settings = RunSettings {
        replications: 20,
        seed: 6,
        threads: 2,
    };
    let mut seen = Vec::new();
    let result = search(&mmc_with_servers, (10, 20), &target, settings, &mut |c| {
        seen.push(c.clone())
    })
    .unwrap();
    assert_eq!(
        seen, result.candidates,
        "progress sees every candidate, in order"
    );
    assert_eq!(result.answer, Some(13), "{:?}", result.candidates);
    // 13 met the target on its first 20 replications; the answer is confirmed on all 160.
    let last = result.candidates.last().unwrap();
    assert!(last.confirmation && last.staff == 13, "{last:?}");
    assert_eq!((last.replications, last.meets), (160, Some(true)));
    assert_eq!(
        result.candidates.iter().filter(|c| c.confirmation).count(),
        1
    );
    let twelve = result.candidates.iter().find(|c| c.staff == 12).unwrap();
    assert_eq!(twelve.meets, Some(false));
    assert!(
        (twelve.mean - 0.266035).abs() < 0.02,
        "P(wait) at 12: {}",
        twelve.mean
    );
}

/// A probability target on the same M/M/c case: P(wait) at most 0.2 in at least 90% of the
/// replications, with 90% confidence. At c = 12 (mean 0.266) hardly a replication meets 0.2; at
/// c = 13 (mean 0.158) all of them do, and the exact lower bound on that share reaches 0.9 only
/// with at least 36 replications at the per-look confidence (0.975 for a 90% verdict over four
/// looks), so the planner must have spent more than the first 20.
#[test]
fn planner_meets_a_probability_target_with_exact_bounds() {
    use asielsim::compare::Better;
    use asielsim::plan::{Target, search, share_bounds};
    let target = Target {
        metric: "wait_probability".into(),
        bound: 0.2,
        better: Better::Lower,
        confidence: 0.9,
        probability: Some(0.9),
    };
    let settings = RunSettings {
        replications: 20,
        seed: 6,
        threads: 2,
    };
    let result = search(&mmc_with_servers, (10, 20), &target, settings, &mut |_| {}).unwrap();
    assert_eq!(result.answer, Some(13), "{:?}", result.candidates);
    let twelve = result.candidates.iter().find(|c| c.staff == 12).unwrap();
    assert_eq!(twelve.meets, Some(false));
    assert!(twelve.share_meeting < 0.5, "{twelve:?}");
    let thirteen = result.candidates.iter().find(|c| c.staff == 13).unwrap();
    assert!(thirteen.replications > 20, "{thirteen:?}");
    let meeting = (thirteen.share_meeting * f64::from(thirteen.replications)).round() as u64;
    let (low, _) = share_bounds(
        meeting,
        u64::from(thirteen.replications),
        asielsim::plan::look_confidence(0.9),
    );
    assert_eq!(thirteen.bound, low);
    assert!(low >= 0.9, "{thirteen:?}");
}

/// The M/M/c case with a cost per server-day of 1 (EUR 365.25 per FTE-year) and a reception cost
/// of 1.5 per customer-day in the system: over the 1,900-day window the expected total cost is
/// 1900 (c + 1.5 L(c)), with L from Erlang C (L = 10.937116, 9.798104, 9.354377 at c = 11, 12,
/// 13), i.e. 1900 x 27.41, 26.70 and 27.03: the cheapest staffing is c = 12.
fn mmc_with_costs(staff: u32) -> Result<scenario::Scenario, asielsim::error::ScenarioError> {
    mmc(staff, COSTS)
}

/// The costs of [`mmc_with_costs`], as scenario sections.
const COSTS: &str =
    "\n[staff]\ncost_per_fte_year_eur = 365.25\n[cost]\nreception_per_day_eur = 1.5\n";

#[test]
fn cost_search_finds_the_analytic_cheapest_staffing() {
    let settings = RunSettings {
        replications: 10,
        seed: 3,
        threads: 2,
    };
    let result = asielsim::plan::minimise(
        &mmc_with_costs,
        (8, 20),
        "total_cost_eur",
        0.9,
        settings,
        &mut |_, _, _| {},
    )
    .unwrap();
    assert_eq!(result.answer, 12, "{:?}", result.candidates);
    let at = |c: u32| result.candidates.iter().find(|x| x.staff == c).unwrap();
    for (c, l) in [(11, 10.937116), (12, 9.798104), (13, 9.354377)] {
        let expected = 1900.0 * (f64::from(c) + 1.5 * l);
        let got = at(c);
        assert!(
            (got.mean - expected).abs() < 0.01 * expected,
            "c = {c}: {} vs {expected}",
            got.mean
        );
    }
    // The neighbours are more expensive beyond the noise (paired intervals above zero).
    assert!(!at(11).near_best && at(11).diff_low > 0.0, "{:?}", at(11));
    assert!(!at(13).near_best && at(13).diff_low > 0.0, "{:?}", at(13));
    // Grid then refinement: a coarse pass over the range, then the neighbours of the best.
    let tried: Vec<u32> = result.evaluations.iter().map(|e| e.0).collect();
    assert!(tried.starts_with(&[8, 10, 12, 14]), "{tried:?}");
    assert!(tried.contains(&11) && tried.contains(&13), "{tried:?}");
}

/// Reception days are the case-days in the system within the window, split exactly by stream:
/// the streams' parts add up to the whole, and the whole is the mean number in the system times
/// the window.
#[test]
fn reception_days_split_exactly_by_stream() {
    let text = |streams: &str| {
        format!(
            r#"
            [run]
            horizon_days = 300
            warmup_days = 20
            [[pool]]
            name = "desk"
            servers = 3
            [[stream]]
            name = "a"
            rate_per_day = 1.0
            entry = "work"
            [[stream]]
            name = "b"
            rate_per_day = 1.5
            entry = "work"
            [[step]]
            name = "work"
            pool = "desk"
            work_hours = {{ dist = "exponential", mean = 24.0 }}
            next = "exit"
            [cost]
            reception_per_day_eur = 2.0
            {streams}
            "#
        )
    };
    let run = |streams: &str| {
        let s = scenario::parse(&text(streams), Path::new("reception.toml")).unwrap();
        let settings = RunSettings {
            replications: 3,
            seed: 9,
            threads: 1,
        };
        experiment::run(&s, settings, &|| {}).unwrap()
    };
    let all = run("");
    let a = run("reception_streams = [\"a\"]");
    let b = run("reception_streams = [\"b\"]");
    let days = |e: &experiment::Experiment| e.values_of("reception_days").unwrap();
    let in_system = all.values_of("in_system_mean").unwrap();
    let cost = all.values_of("reception_cost_eur").unwrap();
    let total = all.values_of("total_cost_eur").unwrap();
    for r in 0..3 {
        let (whole, part_a, part_b) = (days(&all)[r], days(&a)[r], days(&b)[r]);
        assert!(part_a > 0.0 && part_b > part_a, "{part_a} {part_b}");
        assert!(
            (part_a + part_b - whole).abs() < 1e-6,
            "{part_a} + {part_b} != {whole}"
        );
        assert!((in_system[r] * 280.0 - whole).abs() < 1e-6 * whole);
        assert_eq!(cost[r], 2.0 * whole);
        assert_eq!(
            total[r], cost[r],
            "no staff cost and no law: total = reception"
        );
    }
}

/// A monthly column at the end of a month is a planning target: `backlog@2026-12` is the open
/// cases at the end of 2026, the same number as `backlog_end_2026`, in every replication.
#[test]
fn a_month_end_column_is_a_metric() {
    let text = r#"
        [scenario]
        start_date = 2026-01-01
        [run]
        end_date = 2027-03-31
        [[pool]]
        name = "desk"
        servers = 2
        [[stream]]
        name = "first"
        rate_per_day = 2.2
        entry = "work"
        [[step]]
        name = "work"
        pool = "desk"
        work_hours = { dist = "exponential", mean = 24.0 }
        next = "exit"
        [law]
        [[law.term]]
        name = "six_months"
        streams = ["first"]
        days = 183
    "#;
    let s = scenario::parse(text, Path::new("month_end.toml")).unwrap();
    let settings = RunSettings {
        replications: 4,
        seed: 2,
        threads: 2,
    };
    let e = experiment::run(&s, settings, &|| {}).unwrap();
    let month_end = e.values_of("backlog@2026-12").unwrap();
    assert_eq!(month_end, e.values_of("backlog_end_2026").unwrap());
    assert!(
        month_end.iter().all(|v| *v > 20.0),
        "overloaded: {month_end:?}"
    );
    assert_ne!(e.values_of("backlog@2026-11").unwrap(), month_end);
    assert!(e.values_of("backlog@2031-01").is_none());
    assert!(e.values_of("nosuch@2026-12").is_none());
}

/// A scenario of two pools on a payroll (no queueing needed): the payroll cost is exact, so the
/// planner's answer is known to the person.
const PAYROLL: &str = r#"
[scenario]
name = "payroll"
start_date = 2026-01-01
[run]
horizon_days = 365
replications = 2
[[pool]]
name = "a"
fte = 30
[[pool]]
name = "b"
servers = 10
[[stream]]
name = "cases"
rate_per_day = 1
entry = "work"
[[step]]
name = "work"
pool = "a"
work_hours = { dist = "fixed", value = 1 }
next = "exit"
[staff]
cost_per_fte_year_eur = 365.25
"#;

/// `--set` changes the scenario for every candidate: at twice the cost per FTE-year, half the
/// staff reach the same payroll.
#[test]
fn plan_applies_fixed_settings_to_every_candidate() {
    let (stdout, _) = plan_payroll(
        "plan_set",
        &[
            "--pool",
            "a,b",
            "--range",
            "20..80",
            "--set",
            "staff.cost_per_fte_year_eur=730.5",
        ],
        &(2.0 * 365.0 * 29.0).to_string(),
    );
    assert!(stdout.contains("answer: 29 "), "{stdout}");
}

/// The simulation is causal and its random numbers are per purpose and per case, so stopping a
/// run early (as `plan --set run.end_date=...` does to save time) leaves every figure of the
/// years it covers unchanged, replication by replication.
#[test]
fn stopping_early_leaves_the_years_before_unchanged() {
    let path = repo().join("scenarios/baseline.toml");
    let run_until = |end: &str| {
        let (mut table, _) = scenario::load_table(&path).unwrap();
        asielsim::sweep::apply(&mut table, "run.end_date", toml::Value::String(end.into()))
            .unwrap();
        let s = scenario::parse_table(table, &path).unwrap();
        let settings = RunSettings {
            replications: 2,
            seed: 4,
            threads: 2,
        };
        experiment::run(&s, settings, &|| {}).unwrap()
    };
    let (short, long) = (run_until("2026-12-31"), run_until("2027-09-30"));
    for metric in [
        "decided_2026",
        "within_term_share_2026",
        "backlog_end_2026",
        "penalty_eur_2026",
        "penalty_eur_court_2026",
        "backlog@2026-06",
        "past_term@2026-12",
    ] {
        assert_eq!(short.values_of(metric), long.values_of(metric), "{metric}");
    }
}

fn plan_payroll(name: &str, lever: &[&str], target: &str) -> (String, String) {
    let dir = scratch_dir(name);
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("payroll.toml");
    fs::write(&file, PAYROLL).unwrap();
    let out = dir.join("out");
    let mut args = vec!["plan", file.to_str().unwrap()];
    args.extend_from_slice(lever);
    args.extend_from_slice(&[
        "--metric",
        "staff_cost_eur",
        "--target",
        target,
        "--better",
        "higher",
        "-r",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    let output = asielsim(&args);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = fs::read_to_string(out.join("plan.csv")).unwrap();
    (stdout, csv)
}

/// Several pools: the searched number is their total, split 3:1 as today (30 FTE and 10
/// servers). Payroll per day = total staff (EUR 1 per FTE-day), so a cost of at least 365 x 57
/// needs 57 staff in all.
#[test]
fn plan_over_several_pools_searches_their_total() {
    let (stdout, csv) = plan_payroll(
        "plan_several_pools",
        &["--pool", "a,b", "--range", "40..80"],
        &(365.0 * 57.0).to_string(),
    );
    assert!(stdout.contains("total staff of pools a, b"), "{stdout}");
    assert!(stdout.contains("answer: 57 "), "{stdout}");
    assert!(csv.contains("\n57,2,20805,"), "{csv}");
    // The answer's split over the pools (3:1 as today), on the terminal and in answer.csv, and
    // as a ready variant that runs to the same payroll.
    assert!(
        stdout.contains("the answer, 57, over the pools:"),
        "{stdout}"
    );
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("plan_several_pools/out");
    assert_eq!(
        fs::read_to_string(out.join("answer.csv")).unwrap(),
        "pool,month,today,new_size,hired\na,,30,43,\nb,,10,14,\n"
    );
    let answer = out.join("answer.toml");
    let text = fs::read_to_string(&answer).unwrap();
    assert!(
        text.contains("[[pool]]\nname = \"a\"\nfte = 43.0\n"),
        "{text}"
    );
    assert!(
        text.contains("[[pool]]\nname = \"b\"\nservers = 14\n"),
        "{text}"
    );
    let run = asielsim(&[
        "-q",
        "run",
        answer.to_str().unwrap(),
        "-r",
        "2",
        "--out",
        out.join("run").to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = fs::read_to_string(out.join("run/summary.csv")).unwrap();
    assert!(summary.contains("\nstaff_cost_eur,20805,"), "{summary}");
}

/// A hiring plan: hires into pool a on 1 July 2026 (day 181) are on the payroll for the last 184
/// days of the year: 40 FTE for 365 days plus h x 184 reaches 365 x 40 + 184 x 7 with h = 7.
#[test]
fn plan_searches_a_hiring_plan() {
    let (stdout, _) = plan_payroll(
        "plan_hiring",
        &["--pool", "a", "--hire", "2026-07", "--range", "0..30"],
        &(365.0 * 40.0 + 184.0 * 7.0).to_string(),
    );
    assert!(
        stdout.contains("new hires into a starting 2026-07"),
        "{stdout}"
    );
    assert!(stdout.contains("answer: 7 "), "{stdout}");
    // The answer as hiring cohorts: the variant hires 7 into a on 1 July 2026.
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("plan_hiring/out");
    let text = fs::read_to_string(out.join("answer.toml")).unwrap();
    assert!(
        text.contains("[[hiring]]\npool = \"a\"\nstart = 2026-07-01\ncount = 7\n"),
        "{text}"
    );
    assert_eq!(
        fs::read_to_string(out.join("answer.csv")).unwrap(),
        "pool,month,today,new_size,hired\na,2026-07,30,,7\n"
    );
    asielsim::scenario::load(&out.join("answer.toml")).expect("the answer is a valid variant");
    // What the answer costs per year: the payroll of 2026 is 365 x 40 + 184 x 7 = EUR 15,888 (no
    // reception, no law: the total is the payroll), in answer_costs.csv and on the terminal.
    let costs = fs::read_to_string(out.join("answer_costs.csv")).unwrap();
    assert!(
        costs.starts_with("period,cost,mean,ci95_low,ci95_high,p50,p95,replications\n"),
        "{costs}"
    );
    for row in [
        "\n2026,staff,15888,15888,15888,15888,15888,",
        "\n2026,total,15888,15888,15888,15888,15888,",
        "\nall,staff,15888,",
        "\nall,total,15888,",
    ] {
        assert!(costs.contains(row), "{row} not in\n{costs}");
    }
    assert!(stdout.contains("what the answer costs"), "{stdout}");
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("What the answer costs per year"));
}

/// When to hire: a window of two quarters compares hiring 2026-07 alone (8 hires: 184 days
/// each), 2026-10 alone (15: 92 days) and both quarters (10, split 5 + 5) for a payroll of at
/// least 365 x 40 + 1,300. Their payrolls: 14,600 + 1,472, + 1,380 and + 1,380; the cheapest
/// that meets the target is 2026-10 (the earlier of the two at EUR 15,980).
#[test]
fn plan_compares_hiring_schedules_over_a_window() {
    let (stdout, csv) = plan_payroll(
        "plan_timing",
        &[
            "--pool",
            "a",
            "--hire",
            "2026-07..2026-12",
            "--range",
            "0..30",
        ],
        &(365.0 * 40.0 + 1300.0).to_string(),
    );
    assert!(stdout.contains("schedule: all in 2026-10"), "{stdout}");
    assert!(
        stdout.contains("the cheapest schedule that meets the target: all in 2026-10 (15 hires)"),
        "{stdout}"
    );
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("plan_timing/out");
    let timing = fs::read_to_string(out.join("timing.csv")).unwrap();
    assert_eq!(
        timing,
        "schedule,months,hires,metric_mean,total_cost_eur,total_cost_ci95_low,total_cost_ci95_high,candidates,chosen\n\
         all in 2026-07,2026-07,8,16072,16072,16072,16072,6,false\n\
         all in 2026-10,2026-10,15,15980,15980,15980,15980,6,true\n\
         every quarter from 2026-07 to 2026-10,2026-07 2026-10,10,15980,15980,15980,15980,6,false\n"
    );
    // plan.csv and the answer files are the chosen schedule's.
    assert!(csv.contains("\n15,2,15980,"), "{csv}");
    let text = fs::read_to_string(out.join("answer.toml")).unwrap();
    assert!(
        text.contains("[[hiring]]\npool = \"a\"\nstart = 2026-10-01\ncount = 15\n"),
        "{text}"
    );
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("When to hire: the schedules compared"));
    // A window that is not one, and a cost search over a window, are refused.
    for (hire, extra, message) in [
        ("2027-01..2026-12", vec![], "is not a window of months"),
        (
            "2026-07..2026-12",
            vec!["--minimise", "staff_cost_eur"],
            "--minimise does not search the timing",
        ),
    ] {
        let file =
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("plan_timing/payroll.toml");
        let mut args = vec![
            "plan",
            file.to_str().unwrap(),
            "--pool",
            "a",
            "--hire",
            hire,
            "--range",
            "0..30",
        ];
        if extra.is_empty() {
            args.extend(["--metric", "staff_cost_eur", "--target", "1"]);
        }
        args.extend(extra);
        let output = asielsim(&args);
        assert_eq!(output.status.code(), Some(2), "{hire}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{stderr}");
    }
}

#[test]
fn plan_minimise_on_the_command_line_and_bad_levers() {
    let dir = scratch_dir("plan_minimise_cli");
    let file = dir.join("mmc_cost.toml");
    fs::create_dir_all(&dir).unwrap();
    let text = fs::read_to_string(repo().join("scenarios/validation/mmc.toml")).unwrap() + COSTS;
    fs::write(&file, text).unwrap();
    let out = dir.join("out");
    let output = asielsim(&[
        "plan",
        file.to_str().unwrap(),
        "--pool",
        "servers",
        "--range",
        "10..16",
        "--minimise",
        "total_cost_eur",
        "-r",
        "10",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("answer: 12 has the lowest mean total_cost_eur"),
        "{stdout}"
    );
    let csv = fs::read_to_string(out.join("plan.csv")).unwrap();
    assert!(csv.starts_with(
        "staff,replications,mean,ci_low,ci_high,diff_to_best,diff_ci_low,diff_ci_high,near_best\n"
    ));
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("12 has the lowest mean total_cost_eur"),
        "report answer"
    );
    assert!(html.contains("<svg") && html.contains("minus that of the cheapest (12)"));
    assert!(out.join("plots/plan_candidates.svg").exists());
    assert!(!stdout.contains("widen the range"), "{stdout}");
    // A range that stops short of the optimum says so.
    let edge = asielsim(&[
        "plan",
        file.to_str().unwrap(),
        "--pool",
        "servers",
        "--range",
        "10..11",
        "--minimise",
        "total_cost_eur",
        "-r",
        "4",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(edge.stdout).unwrap();
    assert!(
        stdout.contains("answer: 11 ") && stdout.contains("widen the range"),
        "{stdout}"
    );
    for (args, message) in [
        (
            &[
                "--pool",
                "nosuch",
                "--range",
                "1..2",
                "--minimise",
                "total_cost_eur",
            ][..],
            "no [[pool]] named \"nosuch\"",
        ),
        (
            &[
                "--pool",
                "servers",
                "--hire",
                "2027-13",
                "--range",
                "1..2",
                "--minimise",
                "total_cost_eur",
            ][..],
            "not a month",
        ),
        (
            &[
                "--pool",
                "servers",
                "--range",
                "10..12",
                "--minimise",
                "nosuch",
            ][..],
            "no metric \"nosuch\"",
        ),
        (
            &[
                "--pool",
                "servers",
                "--range",
                "10..12",
                "--minimise",
                "total_cost_eur",
                "--target",
                "3",
            ][..],
            "cannot be used with",
        ),
    ] {
        let mut all = vec!["plan", file.to_str().unwrap()];
        all.extend_from_slice(args);
        let output = asielsim(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
