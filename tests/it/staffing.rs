//! Hiring plans and staff dynamics: capacity follows the training ramp, mentoring and attrition
//! exactly as configured, and the payroll cost follows the FTE.

use std::path::Path;

use asielsim::engine::SimTime;
use asielsim::scenario;

const BASE: &str = r#"
    [scenario]
    start_date = 2026-01-01
    [run]
    horizon_days = 400
    [[calendar]]
    name = "office"
    [[pool]]
    name = "officers"
    fte = 10
    calendar = "office"
    hours_per_week = 40
    [[stream]]
    name = "cases"
    rate_per_day = 1
    entry = "work"
    [[step]]
    name = "work"
    pool = "officers"
    work_hours = { dist = "fixed", value = 1 }
    next = "exit"
"#;

/// Staff present on `day` by the pool's capacity schedule.
fn present(s: &scenario::Scenario, day: u64) -> u32 {
    let pool = &s.network.pools[0];
    pool.capacity_changes
        .iter()
        .take_while(|(t, _)| *t <= SimTime::from_days(day))
        .last()
        .map_or(pool.servers, |(_, n)| *n)
}

/// 12 hires on day 31 (1 February) with a linear 3-month ramp (91.3 days) and a mentoring load of
/// 0.25 FTE each during training: day 31 gives 10 + 0 - 3 = 7; halfway (day 31 + 45.66) 10 + 6 -
/// 3 = 13; trained (day 123 on) 22.
#[test]
fn capacity_follows_the_training_ramp_and_mentoring() {
    let text = format!(
        "{BASE}\n[[hiring]]\npool = \"officers\"\nstart = 2026-02-01\ncount = 12\ntraining_months = 3\nmentoring = 0.25\n"
    );
    let s = scenario::parse(&text, Path::new("hiring.toml")).unwrap();
    assert_eq!(present(&s, 0), 10);
    assert_eq!(present(&s, 30), 10);
    assert_eq!(
        present(&s, 31),
        7,
        "trainees not productive yet, mentors busy"
    );
    assert_eq!(present(&s, 31 + 46), 13, "half-way through training");
    assert_eq!(present(&s, 123), 22, "fully productive, no more mentoring");
    assert_eq!(present(&s, 399), 22);
}

/// 10% attrition a year: 10 FTE become 9 after a year (rounded to whole people on the way).
#[test]
fn attrition_and_payroll_cost() {
    let text =
        format!("{BASE}\n[staff]\nattrition_per_year = 0.1\ncost_per_fte_year_eur = 100000\n");
    let s = scenario::parse(&text, Path::new("attrition.toml")).unwrap();
    assert_eq!(present(&s, 0), 10);
    assert_eq!(present(&s, 366), 9);
    // Payroll: the integral of 10 x 0.9^t over 400 days, at EUR 100,000 a year.
    let years = 400.0 / 365.25;
    let expected = 100_000.0 * 10.0 * (0.9f64.powf(years) - 1.0) / 0.9f64.ln();
    let cost = s.network.staff_cost_eur.unwrap();
    assert!(
        (cost - expected).abs() < 0.001 * expected,
        "{cost} vs {expected}"
    );
}
