//! The bundled baseline: it runs, is reproducible across thread counts, its numbers are
//! plausible against the published figures, and its switches do what they say.

use std::path::Path;

use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario::{self, Scenario};
use asielsim::{bundled, output};

fn baseline() -> Scenario {
    let file = bundled::file(bundled::BASELINE).unwrap();
    scenario::parse(file.content, Path::new(file.path)).expect("the baseline is valid")
}

fn run(scenario: &Scenario, replications: u32, threads: usize) -> Experiment {
    let settings = RunSettings {
        replications,
        seed: scenario.seed,
        threads,
    };
    experiment::run(scenario, settings, &|| {}).expect("runs")
}

#[test]
fn baseline_is_plausible_against_published_figures() {
    let scenario = baseline();
    let result = run(&scenario, 3, 2);
    let mean = |name: &str| result.summary(name).unwrap().mean;
    let years = scenario.window.horizon.as_days() / 365.25;
    // The IND decided about 1,500-2,600 first asylum applications a month in 2024-2025 (IND in
    // figures, data/baseline/sources_2026.md, item 10): 18,000-31,000 a year.
    let first_per_year = mean("completed_first") / years;
    assert!(
        (18_000.0..=31_000.0).contains(&first_per_year),
        "first-application decisions per year: {first_per_year}"
    );
    let within = mean("within_term_share");
    assert!(within > 0.0 && within < 1.0, "within-term share {within}");
    // The share decided within term is, by construction and in every replication, the mean of
    // the shares per stream weighted by each stream's decisions, and of the shares per calendar
    // year weighted by that year's decisions: an aggregate 5% off (or 0.1%) fails.
    for m in result.each_replication() {
        let get = |name: &str| m.get(name).unwrap_or_else(|| panic!("metric {name}"));
        let share = get("within_term_share");
        let weighted = |parts: &[(f64, f64)]| {
            let decided: f64 = parts.iter().map(|p| p.1).sum();
            assert_eq!(decided, get("decided"), "every decision in one part");
            parts.iter().map(|(s, d)| s * d).sum::<f64>() / decided
        };
        let by_stream: Vec<(f64, f64)> = ["first", "subsequent", "nareis", "returned"]
            .iter()
            .map(|s| {
                (
                    get(&format!("within_term_share_{s}")),
                    get(&format!("completed_{s}")),
                )
            })
            .collect();
        let by_year: Vec<(f64, f64)> = (2026..=2030)
            .map(|y| {
                (
                    get(&format!("within_term_share_{y}")),
                    get(&format!("decided_{y}")),
                )
            })
            .collect();
        for (what, value) in [
            ("streams", weighted(&by_stream)),
            ("years", weighted(&by_year)),
        ] {
            assert!(
                (value - share).abs() <= 1e-12 * share,
                "within-term share {share} but {value} over the {what}"
            );
        }
        // The costs per calendar year add up to the run's, and each year's total is its staff,
        // reception, penalty payments and court costs: a year counted twice or a day lost at
        // a year's end fails.
        for part in ["staff", "reception", "total"] {
            let whole = get(&format!("{part}_cost_eur"));
            let years: f64 = (2026..=2030)
                .map(|y| get(&format!("{part}_cost_eur_{y}")))
                .sum();
            assert!(
                (years - whole).abs() <= 1e-9 * whole,
                "{part} cost {whole} but {years} over the years"
            );
        }
        for y in 2026..=2030 {
            let parts = get(&format!("staff_cost_eur_{y}"))
                + get(&format!("reception_cost_eur_{y}"))
                + get(&format!("penalty_eur_{y}"))
                + get(&format!("court_costs_eur_{y}"));
            let total = get(&format!("total_cost_eur_{y}"));
            assert!(
                (parts - total).abs() <= 1e-9 * total,
                "{y}: total {total} but its parts add up to {parts}"
            );
            assert!(get(&format!("reception_cost_eur_{y}")) > 0.0);
        }
    }
    let va = mean("aa_to_va_share");
    assert!((0.15..=0.45).contains(&va), "AA->VA share {va}");
    let p50 = mean("throughput_days_p50");
    assert!(
        (30.0..=1000.0).contains(&p50),
        "median throughput {p50} days"
    );
    // Tracks 3 and 5 are switched off: no case is decided on them.
    assert!(mean("within_term_share_track3").is_nan());
    assert!(mean("within_term_share_track5").is_nan());
    // Nareis follows the grants: its arrivals are the follow-ons of the run's grants that came
    // back, plus the bridge of 2025's grants in January-March 2026 (800 a month, then 60% and
    // 25% of it: 1,480 expected; Poisson over three runs gives it to about +-2%, so +-10% leaves
    // out a bridge of another month).
    let bridge = mean("arrived_nareis") - mean("returned_nareis");
    assert!(
        (bridge / 1_480.0 - 1.0).abs() < 0.10,
        "nareis arrivals not brought by the run's grants: {bridge}, expected about 1,480"
    );
    // Each first-instance grant brings 0.14 to 1.38 nareis applications (per group): the
    // follow-ons per grant of the first, subsequent and returned streams lie in that range,
    // nearer the top, since most grants go to the groups with most family.
    let grants: f64 = (2026..=2030)
        .flat_map(|y| ["first", "subsequent", "returned"].map(|s| format!("decided_{s}_grant_{y}")))
        .map(|name| mean(&name))
        .sum();
    let per_grant = mean("follow_ups_nareis") / grants;
    assert!(
        (0.7..=1.38).contains(&per_grant),
        "nareis per first-instance grant {per_grant}"
    );
    // Every decision has an outcome; the follow-ups bring cases back.
    let outcomes = mean("decided_grant") + mean("decided_reject") + mean("decided_dublin");
    assert!((outcomes - mean("decided")).abs() < 1e-6 * outcomes);
    for follow_up in ["appeal", "dublin_failed"] {
        let (brought, back) = (
            mean(&format!("follow_ups_{follow_up}")),
            mean(&format!("returned_{follow_up}")),
        );
        assert!(
            back > 0.0 && back < brought,
            "{follow_up}: {back} of {brought}"
        );
    }
    assert!(mean("withdrawn") > 0.0);
    assert!(mean("penalty_eur_total") > 0.0);
}

#[test]
fn baseline_output_is_identical_for_one_and_two_threads() {
    let scenario = baseline();
    let one = run(&scenario, 2, 1);
    let two = run(&scenario, 2, 2);
    assert_eq!(output::summary_csv(&one), output::summary_csv(&two));
    assert_eq!(
        output::replications_csv(&one),
        output::replications_csv(&two)
    );
    assert_eq!(output::monthly_csv(&one), output::monthly_csv(&two));
}

#[test]
fn switching_track3_on_routes_cases_to_it() {
    let file = bundled::file(bundled::BASELINE).unwrap();
    let text = file.content.replacen(
        "description = \"evidently well-founded: accelerated grant\"\nactive = false",
        "description = \"evidently well-founded: accelerated grant\"\nactive = true",
        1,
    );
    assert_ne!(text, file.content, "the switch is in the file");
    let scenario = scenario::parse(&text, Path::new("track3.toml")).unwrap();
    let result = run(&scenario, 1, 1);
    let share = result.summary("within_term_share_track3").unwrap().mean;
    assert!(share.is_finite(), "cases are decided on track 3");
}

/// `risk.csv` for budget holders: the penalty distribution per run, year, kind, stream and
/// month; the yearly means add up to the run's, and the tail measures are ordered.
#[test]
fn penalty_risk_table_is_consistent() {
    let scenario = baseline();
    let result = run(&scenario, 4, 2);
    let csv = output::risk_csv(&result).expect("the baseline has law");
    let mut lines = csv.lines();
    // The first nine columns as ever; the stream and the percentiles' intervals after them.
    assert_eq!(
        lines.next(),
        Some(
            "period,kind,mean,p50,p90,p95,p99,es95,replications,stream,p50_ci_low,p50_ci_high,\
             p90_ci_low,p90_ci_high,p95_ci_low,p95_ci_high,p99_ci_low,p99_ci_high"
        )
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let value = |r: &Vec<String>, i: usize| r[i].parse::<f64>().unwrap();
    let find = |period: &str, kind: &str, stream: &str| {
        rows.iter()
            .find(|r| r[0] == period && r[1] == kind && r[9] == stream)
            .map(|r| value(r, 2))
            .unwrap_or_else(|| panic!("a row {period},{kind},{stream}"))
    };
    let run_total = find("run", "total", "all");
    let years: f64 = rows
        .iter()
        .filter(|r| r[0].len() == 4 && r[1] == "total" && r[9] == "all")
        .map(|r| value(r, 2))
        .sum();
    assert!(
        (years - run_total).abs() < 0.01 * 5.0 + 1e-9 * run_total,
        "{years} vs {run_total}"
    );
    // Court costs per year add up to the run's, and penalties and costs to their sum.
    let costs = find("run", "court_costs", "all");
    let cost_years: f64 = (2026..=2030)
        .map(|y| find(&y.to_string(), "court_costs", "all"))
        .sum();
    assert!(
        (cost_years - costs).abs() < 0.01 * 6.0,
        "{cost_years} vs {costs}"
    );
    for period in ["run", "2026", "2028"] {
        let both = find(period, "penalties_and_costs", "all");
        let parts = find(period, "total", "all") + find(period, "court_costs", "all");
        assert!((both - parts).abs() <= 0.02, "{period}: {both} vs {parts}");
    }
    // The streams of a year add up to its total.
    for year in ["2026", "2027"] {
        let streams: f64 = ["first", "subsequent", "nareis", "returned"]
            .iter()
            .map(|s| find(year, "total", s))
            .sum();
        let total = find(year, "total", "all");
        assert!(
            (streams - total).abs() < 0.05,
            "{year}: {streams} vs {total}"
        );
    }
    for r in &rows {
        let (p50, p95, p99, es) = (value(r, 3), value(r, 5), value(r, 6), value(r, 7));
        assert!(p50 <= p95 && p95 <= p99 + 1e-9 && p95 <= es + 1e-9, "{r:?}");
        // Four replications allow no 95% interval for p90 or above (p50 needs 6).
        assert!(r[10..].iter().all(String::is_empty), "{r:?}");
    }
    assert!(
        rows.iter()
            .any(|r| r[1] == "stream nareis" && r[9] == "nareis")
    );
    assert!(rows.iter().any(|r| r[0] == "2030-12"));
}

/// With enough replications every percentile but p99 gets its distribution-free 95% interval,
/// which holds the percentile (72 replications are the fewest for p95).
#[test]
fn risk_percentiles_get_intervals_when_the_replications_allow() {
    let mut scenario = baseline();
    scenario.window.horizon = asielsim::engine::SimTime::from_days(365);
    let result = run(&scenario, 72, 2);
    let csv = output::risk_csv(&result).expect("the baseline has law");
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("run,total,"))
        .unwrap()
        .split(',')
        .collect();
    let v = |i: usize| row[i].parse::<f64>().unwrap();
    for (p, lo, hi) in [(3, 10, 11), (4, 12, 13), (5, 14, 15)] {
        assert!(v(lo) <= v(p) && v(p) <= v(hi), "{row:?}");
    }
    assert!(
        row[16].is_empty() && row[17].is_empty(),
        "p99 needs 368: {row:?}"
    );
    // The penalty card (report and terminal) gives the p95 with its interval.
    let facts = asielsim::report::ScenarioFacts::from_scenario(&scenario);
    let cards = asielsim::report::headline_cards(&facts, &result);
    let penalty = cards
        .iter()
        .find(|c| c.label.starts_with("Penalty payments"))
        .unwrap();
    assert!(
        penalty.note.contains("(95% CI of the p95 EUR "),
        "{}",
        penalty.note
    );
}
