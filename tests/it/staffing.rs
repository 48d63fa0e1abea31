//! Hiring plans and staff dynamics: capacity follows the training ramp, mentoring and attrition
//! exactly as configured, and the payroll cost follows the FTE. Staff that changes on a day
//! (`[[change]]` with `staff` and `hours`): cuts, transfers and productive hours to the day and
//! the euro, their validation, and the properties of moves.

use std::path::Path;

use asielsim::calendar::Dates;
use asielsim::engine::SimTime;
use asielsim::experiment::{self, RunSettings};
use asielsim::model::{Cohort, LeaveDip, PoolIdx, PoolStaff, RunWindow, StaffMove, StaffPlan};
use asielsim::scenario;
use proptest::prelude::*;

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

/// Two locations with a pool of hearing officers each, and one pool of decision officers; a
/// payroll of EUR 73,050 per FTE-year, which is EUR 200 per FTE-day.
const LOCATIONS: &str = r#"
    [scenario]
    start_date = 2026-01-01
    [run]
    horizon_days = 400
    [staff]
    cost_per_fte_year_eur = 73050
    [[location]]
    name = "ter_apel"
    [[location]]
    name = "zevenaar"
    [[calendar]]
    name = "office"
    [[pool]]
    name = "hearing_ter_apel"
    role = "hearing_officers"
    location = "ter_apel"
    fte = 40
    calendar = "office"
    hours_per_week = 40
    [[pool]]
    name = "hearing_zevenaar"
    role = "hearing_officers"
    location = "zevenaar"
    fte = 20
    calendar = "office"
    hours_per_week = 40
    [[pool]]
    name = "decision_officers"
    fte = 50
    calendar = "office"
    hours_per_week = 36
    [[stream]]
    name = "cases"
    rate_per_day = 12
    entry = "hearing"
    locations = { ter_apel = 0.7, zevenaar = 0.3 }
    [[step]]
    name = "hearing"
    pool = "hearing_officers"
    work_hours = { dist = "exponential", mean = 16 }
    next = "decide"
    [[step]]
    name = "decide"
    pool = "decision_officers"
    work_hours = { dist = "exponential", mean = 20 }
    next = "exit"
"#;

/// A cut of 20 decision officers on 1 March 2026 (day 59); on 1 May (day 120) 10 hearing
/// officers move from Ter Apel to Zevenaar and decision officers go from 36 to 30 productive
/// hours a week.
const CHANGES: &str = r#"
    [[change]]
    name = "bezuiniging"
    date = 2026-03-01
    staff = [ { pool = "decision_officers", fte = -20 } ]
    [[change]]
    name = "zevenaar_opens"
    date = 2026-05-01
    staff = [ { from = "hearing_ter_apel", to = "hearing_zevenaar", fte = 10 } ]
    hours = [ { pool = "decision_officers", hours_per_week = 30 } ]
"#;

fn with_changes(changes: &str) -> Result<scenario::Scenario, String> {
    scenario::parse(
        &format!("{LOCATIONS}\n{changes}"),
        Path::new("changes.toml"),
    )
    .map_err(|e| e.to_string())
}

/// Staff of pool `pool` present on `day` by its capacity schedule.
fn present_in(s: &scenario::Scenario, pool: usize, day: u64) -> u32 {
    let pool = &s.network.pools[pool];
    pool.capacity_changes
        .iter()
        .take_while(|(t, _)| *t <= SimTime::from_days(day))
        .last()
        .map_or(pool.servers, |(_, n)| *n)
}

/// The cut takes 50 decision officers to 30 on 1 March, not a day earlier; the transfer takes
/// Ter Apel from 40 to 30 and Zevenaar from 20 to 30 on 1 May; nothing else changes.
#[test]
fn servers_per_day_before_and_after_a_cut_and_a_transfer() {
    let s = with_changes(CHANGES).unwrap();
    let day = SimTime::from_days;
    let (ter_apel, zevenaar, decision) = (0, 1, 2);
    assert_eq!(present_in(&s, decision, 58), 50);
    assert_eq!(present_in(&s, decision, 59), 30);
    assert_eq!(
        s.network.pools[decision].capacity_changes,
        vec![(day(59), 30)]
    );
    assert_eq!(
        (present_in(&s, ter_apel, 119), present_in(&s, ter_apel, 120)),
        (40, 30)
    );
    assert_eq!(
        (present_in(&s, zevenaar, 119), present_in(&s, zevenaar, 120)),
        (20, 30)
    );
    assert_eq!(
        s.network.pools[ter_apel].capacity_changes,
        vec![(day(120), 30)]
    );
    assert_eq!(
        s.network.pools[zevenaar].capacity_changes,
        vec![(day(120), 30)]
    );
    // The file's sizes are what reports show as the staffing.
    assert_eq!(s.staffing[2], ("decision_officers".to_string(), 50.0));
}

/// The README's example: a cut of 20 FTE from a pool of 50 on 1 March 2026 gives 50 servers
/// until 28 February and 30 from 1 March, and a payroll over 2026 of (59 x 50 + 306 x 30) x
/// EUR 200 = EUR 2,426,000 instead of EUR 3,650,000.
#[test]
fn the_readme_example_of_a_cut() {
    let text = BASE
        .replace("horizon_days = 400", "end_date = 2026-12-31")
        .replace("fte = 10", "fte = 50");
    let parse = |changes: &str| {
        let text = format!("{text}\n[staff]\ncost_per_fte_year_eur = 73050\n{changes}");
        scenario::parse(&text, Path::new("readme.toml")).unwrap()
    };
    let s = parse(
        "[[change]]\nname = \"cut\"\ndate = 2026-03-01\nstaff = [ { pool = \"officers\", fte = -20 } ]\n",
    );
    assert_eq!(
        (present(&s, 58), present(&s, 59), present(&s, 364)),
        (50, 30, 30)
    );
    let cost = s.network.staff_cost_eur.unwrap();
    assert!((cost - 2_426_000.0).abs() < 0.01, "{cost}");
    let cost = parse("").network.staff_cost_eur.unwrap();
    assert!((cost - 3_650_000.0).abs() < 0.01, "{cost}");
}

/// The same cut over two calendar years: the payroll of 2026 is the README's EUR 2,426,000 and
/// that of 2027 is 365 x 30 x EUR 200 = EUR 2,190,000; the years add up to the run's payroll.
#[test]
fn payroll_per_calendar_year_to_the_euro() {
    let text = BASE
        .replace("horizon_days = 400", "end_date = 2027-12-31")
        .replace("fte = 10", "fte = 50");
    let text = format!(
        "{text}\n[staff]\ncost_per_fte_year_eur = 73050\n[[change]]\nname = \"cut\"\ndate = 2026-03-01\nstaff = [ {{ pool = \"officers\", fte = -20 }} ]\n"
    );
    let s = scenario::parse(&text, Path::new("years.toml")).unwrap();
    let years = &s.network.staff_cost_by_year_eur;
    assert_eq!(years.len(), 2, "{years:?}");
    assert_eq!(years[0].0, 2026);
    assert!((years[0].1 - 2_426_000.0).abs() < 0.01, "{years:?}");
    assert_eq!(years[1].0, 2027);
    assert!((years[1].1 - 2_190_000.0).abs() < 0.01, "{years:?}");
    let whole = s.network.staff_cost_eur.unwrap();
    assert!((years[0].1 + years[1].1 - whole).abs() < 0.01);
}

/// The payroll over the 400 days: 110 FTE for 59 days, then 90 (the transfer moves staff
/// without changing the total), at EUR 200 per FTE-day: (59 x 110 + 341 x 90) x 200.
#[test]
fn payroll_cost_of_a_cut_to_the_euro() {
    let without = with_changes("").unwrap();
    assert_eq!(
        without.network.staff_cost_eur.map(f64::round),
        Some(8_800_000.0)
    );
    let s = with_changes(CHANGES).unwrap();
    let cost = s.network.staff_cost_eur.unwrap();
    assert!((cost - 7_436_000.0).abs() < 0.01, "{cost}");
}

/// Decision officers work 36 hours over 5 days (432 minutes a day) until Thursday 30 April,
/// 30 hours (360 minutes) from Friday 1 May; the hearing pools keep their shared calendar.
/// Eight hours of work started on Thursday at 09:00 take the whole Thursday (7h12) and 48
/// minutes of Friday.
#[test]
fn productive_hours_change_the_working_day_from_their_date() {
    let s = with_changes(CHANGES).unwrap();
    let calendar = |pool: usize| &s.network.calendars[s.network.pools[pool].calendar.unwrap()];
    let decision = calendar(2);
    assert_eq!(
        (decision.minutes_on(119), decision.minutes_on(120)),
        (432, 360)
    );
    assert_eq!(decision.minutes_on(1), 432); // Friday 2 January
    assert_eq!(decision.minutes_on(122), 0); // Sunday 3 May
    assert_eq!(decision.minutes_on(123), 360);
    assert_eq!(s.network.pools[0].calendar, s.network.pools[1].calendar);
    assert_eq!(
        (calendar(0).minutes_on(119), calendar(0).minutes_on(120)),
        (480, 480)
    );
    let thursday_nine = SimTime::from_days(119).after(9 * 60);
    assert_eq!(
        decision.finish_time(thursday_nine, 480),
        SimTime::from_days(120).after(9 * 60 + 48)
    );
    // Without the change the calendar is the one it was, day for day.
    let without = with_changes("").unwrap();
    let before = &without.network.calendars[without.network.pools[2].calendar.unwrap()];
    assert!((0..120).all(|d| before.minutes_on(d) == decision.minutes_on(d)));
    assert_eq!(before.minutes_on(120), 432);
    assert_eq!(s.network.staff_plan.pools[2].hours_on(119), Some(36.0));
    assert_eq!(s.network.staff_plan.pools[2].hours_on(120), Some(30.0));
}

/// A level up with training ramps like a cohort: 10 FTE from 1 July (day 181) over 3 months
/// (91.3 days): 50 + 10 x since / 91.3125 decision officers, 60 when trained.
#[test]
fn a_level_up_with_training_ramps_up() {
    let s = with_changes(
        r#"
        [[change]]
        name = "werving"
        date = 2026-07-01
        staff = [ { pool = "decision_officers", fte = 10, training_months = 3 } ]
        "#,
    )
    .unwrap();
    assert_eq!(present_in(&s, 2, 180), 50);
    assert_eq!(present_in(&s, 2, 181), 50);
    assert_eq!(present_in(&s, 2, 181 + 46), 55); // 5.04 FTE of output
    assert_eq!(present_in(&s, 2, 181 + 92), 60);
    assert_eq!(s.network.pools[2].capacity_changes.len(), 10);
}

/// Everything before the date of a change is the same, replication by replication: the
/// monthly rows of January to March (which end before 1 May, the date of the transfer and the
/// hours; the cut is left out here) are identical, and the run differs after it.
#[test]
fn a_change_leaves_the_run_before_its_date_identical() {
    let changes = CHANGES.replace(
        "    [[change]]\n    name = \"bezuiniging\"\n    date = 2026-03-01\n    staff = [ { pool = \"decision_officers\", fte = -20 } ]\n",
        "",
    );
    assert!(!changes.contains("bezuiniging"));
    let with = with_changes(&changes).unwrap();
    let without = with_changes("").unwrap();
    let settings = RunSettings {
        replications: 3,
        seed: 11,
        threads: 1,
    };
    let a = experiment::run(&with, settings, &|| {}).unwrap();
    let b = experiment::run(&without, settings, &|| {}).unwrap();
    for (ra, rb) in a.replications.iter().zip(&b.replications) {
        let (ma, mb) = (ra.monthly.as_ref().unwrap(), rb.monthly.as_ref().unwrap());
        assert_eq!(&ma.months[..3], ["2026-01", "2026-02", "2026-03"]);
        for month in 0..3 {
            let same = ma.rows[month]
                .iter()
                .zip(&mb.rows[month])
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "month {month} differs");
        }
        assert_ne!(
            ra.values, rb.values,
            "the change has an effect after its date"
        );
    }
}

/// A change whose date is not valid is reported with the other dated changes; its staff and
/// hours are not read, so nothing is said about them.
#[test]
fn a_change_with_a_bad_date_is_left_to_its_own_check() {
    let result = with_changes(
        r#"
        [[change]]
        name = "typo"
        date = "2026-02-30"
        staff = [ { pool = "nobody", fte = -1 } ]
        hours = [ { pool = "nobody", hours_per_week = 99 } ]
        "#,
    );
    if let Err(e) = result {
        assert!(!e.contains("staff[") && !e.contains("hours["), "{e}");
    }
}

/// Every field of a staff move or an hours change is checked, with its path and a fix.
#[test]
fn bad_staff_changes_are_refused_with_their_field_and_a_fix() {
    let refused = |changes: &str| with_changes(changes).unwrap_err();
    let change =
        |entries: &str| format!("[[change]]\nname = \"c\"\ndate = 2026-03-01\n{entries}\n");
    let err = refused(&change(
        r#"staff = [ { pool = "decision_oficers", fte = -2 } ]"#,
    ));
    assert!(
        err.contains(
            "change[0].staff[0].pool (change \"c\"): there is no pool named \"decision_oficers\""
        ) && err.contains("did you mean \"decision_officers\"?"),
        "{err}"
    );
    let err = refused(&change(
        r#"staff = [ { pool = "decision_officers", fte = 0 } ]"#,
    ));
    assert!(
        err.contains("staff[0].fte (change \"c\"): must be a number of FTE other than 0"),
        "{err}"
    );
    let err = refused(&change(
        r#"staff = [ { pool = "decision_officers", fte = nan } ]"#,
    ));
    assert!(err.contains("got NaN"), "{err}");
    let err = refused(&change(
        r#"staff = [ { pool = "decision_officers", fte = 200001 } ]"#,
    ));
    assert!(err.contains("from -100000 to 100000"), "{err}");
    let err = refused(&change(
        r#"staff = [ { pool = "decision_officers", fte = 5, training_months = -1 } ]"#,
    ));
    assert!(
        err.contains("staff[0].training_months (change \"c\"): must be from 0 to 120 months"),
        "{err}"
    );
    let err = refused(&change(
        r#"staff = [ { pool = "decision_officers", fte = -5, training_months = 3 } ]"#,
    ));
    assert!(
        err.contains("a cut (a negative fte) takes no training"),
        "{err}"
    );
    let err = refused(&change(
        r#"staff = [ { from = "hearing_ter_apel", to = "hearing_ter_apel", fte = 5 } ]"#,
    ));
    assert!(
        err.contains(
            "staff[0].to (change \"c\"): a transfer from pool \"hearing_ter_apel\" to itself"
        ),
        "{err}"
    );
    let err = refused(&change(
        r#"staff = [ { from = "hearing_ter_apel", to = "hearing_zevenaar", fte = -5 } ]"#,
    ));
    assert!(err.contains("write fte = 5 and swap from and to"), "{err}");
    let err = refused(&change(
        r#"staff = [ { from = "hearing_ter_apel", fte = 5 } ]"#,
    ));
    assert!(
        err.contains("staff[0] (change \"c\"): a transfer needs both from and to"),
        "{err}"
    );
    let err = refused(&change(
        r#"staff = [ { pool = "hearing_ter_apel", to = "hearing_zevenaar", fte = 5 } ]"#,
    ));
    assert!(err.contains("gives both pool and from/to"), "{err}");
    let err = refused(&change(r#"staff = [ { fte = 5 } ]"#));
    assert!(err.contains("names no pool"), "{err}");
    // Hours: a pool on a calendar, and hours that fit its working days.
    let err = refused(&change(
        r#"hours = [ { pool = "decision_officers", hours_per_week = 130 } ]"#,
    ));
    assert!(
        err.contains("change[0].hours[0].hours_per_week (change \"c\"): 130 hours over 5 working days does not fit"),
        "{err}"
    );
    let err = refused(&change(
        r#"hours = [ { pool = "decision_officers", hours_per_week = -3 } ]"#,
    ));
    assert!(err.contains("-3 hours over 5 working days"), "{err}");
    let err = refused(&change(
        r#"hours = [ { pool = "hearing_zevenar", hours_per_week = 30 } ]"#,
    ));
    assert!(err.contains("did you mean \"hearing_zevenaar\"?"), "{err}");
    let err = refused(&format!(
        "{}{}",
        change(r#"hours = [ { pool = "decision_officers", hours_per_week = 30 } ]"#),
        change(r#"hours = [ { pool = "decision_officers", hours_per_week = 32 } ]"#)
    ));
    assert!(
        err.contains("change[1].hours[0].pool (change \"c\"): the productive hours of pool \"decision_officers\" already change on this day (change[0].hours[0]"),
        "{err}"
    );
}

/// A cut larger than what the pool has on its date is refused, saying how much it has then.
#[test]
fn a_cut_larger_than_the_pool_is_refused() {
    let err = with_changes(
        r#"
        [[change]]
        name = "eerst"
        date = 2026-02-01
        staff = [ { pool = "decision_officers", fte = -30 } ]
        [[change]]
        name = "dan"
        date = 2026-03-01
        staff = [ { pool = "decision_officers", fte = -20.5 }, { from = "decision_officers", to = "hearing_zevenaar", fte = 1 } ]
        "#,
    )
    .unwrap_err();
    assert!(
        err.contains("change[1].staff[0].fte (change \"dan\"): cuts 20.5 FTE from pool \"decision_officers\", which has 20 FTE on the payroll on 2026-03-01 (after attrition, hiring and earlier moves)")
            && err.contains("fix: cut at most 20 FTE (fte = -20)"),
        "{err}"
    );
    // The transfer after it finds nothing left: refused too, and only these two.
    assert!(
        err.contains("change[1].staff[1].fte (change \"dan\"): moves 1 FTE out of pool \"decision_officers\", which has 0 FTE"),
        "{err}"
    );
    assert!(err.contains("2 problems"), "{err}");
    // The exact size is a valid cut.
    let s = with_changes(
        r#"
        [[change]]
        name = "alles"
        date = 2026-02-01
        staff = [ { pool = "decision_officers", fte = -50 } ]
        "#,
    )
    .unwrap();
    assert_eq!(present_in(&s, 2, 31), 0);
}

/// Individual officers are a list, not a level: a change does not move them.
#[test]
fn pools_of_individual_officers_are_not_moved() {
    let text = format!(
        "{LOCATIONS}\n[levels]\ntrainee = 0.5\nregular = 1.0\nsenior = 1.2\n[[pool]]\nname = \"desk\"\n[[pool.officers]]\ncount = 3\n[[change]]\nname = \"c\"\ndate = 2026-03-01\nstaff = [ {{ from = \"desk\", to = \"decision_officers\", fte = 1 }} ]\n"
    );
    let err = scenario::parse(&text, Path::new("officers.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "change[0].staff[0].from (change \"c\"): pool \"desk\" is made of individual officers"
        ),
        "{err}"
    );
}

/// Staff changes are dated: without a start date they are refused.
#[test]
fn staff_changes_need_a_start_date() {
    let text = BASE
        .replace("start_date = 2026-01-01", "")
        .replace("[[calendar]]\n    name = \"office\"", "")
        .replace("calendar = \"office\"\n    hours_per_week = 40", "");
    let text = format!(
        "{text}\n[[change]]\nname = \"c\"\ndate = 2026-03-01\nstaff = [ {{ pool = \"officers\", fte = -2 }} ]\n"
    );
    let err = scenario::parse(&text, Path::new("undated.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "change[0].date (change \"c\"): a dated change needs the scenario's start date"
        ),
        "{err}"
    );
}

/// A small plan of two pools for the properties: sizes, attrition, a cohort, leave in one pool.
fn plan_of(sizes: (f64, f64), attrition: f64, cohort: f64, moves: Vec<StaffMove>) -> StaffPlan {
    let pool = |name: &str, fte: f64| PoolStaff {
        name: name.into(),
        servers: fte.round() as u32,
        fte: Some(fte),
        officers: false,
        hours_per_week: None,
        hours_changes: Vec::new(),
        leave: Vec::new(),
    };
    let mut b = pool("b", sizes.1);
    b.leave.push(LeaveDip {
        from: (7, 15),
        until: (8, 31),
        absent: 0.3,
    });
    StaffPlan {
        pools: vec![pool("a", sizes.0), b],
        cohorts: vec![Cohort::new(PoolIdx(0), 40, cohort, 6.0, 0.2)],
        moves,
        attrition_per_year: attrition,
        cost_per_fte_year_eur: Some(80_000.0),
    }
}

fn a_move() -> impl Strategy<Value = StaffMove> {
    (0i64..300, 0usize..3, 0.5f64..40.0, 0.0f64..12.0).prop_map(|(day, kind, fte, months)| {
        let (a, b) = (Some(PoolIdx(0)), Some(PoolIdx(1)));
        let (from, to) = [(a, b), (b, a), (a, None), (None, b)][kind.min(3)];
        StaffMove::new(day, from, to, fte, months)
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        rng_seed: proptest::test_runner::RngSeed::Fixed(13),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A transfer moves payroll between pools and never changes its total, whatever it asks
    /// for (even more than the pool has), with attrition, hiring and other moves around it.
    #[test]
    fn a_transfer_conserves_payroll_fte(
        sizes in (1.0f64..80.0, 1.0f64..80.0),
        attrition in 0.0f64..0.3,
        cohort in 0.5f64..20.0,
        others in prop::collection::vec(a_move(), 0..3),
        day in 0i64..300,
        fte in 0.5f64..200.0,
        months in 0.0f64..12.0,
    ) {
        let base = plan_of(sizes, attrition, cohort, others.clone());
        let mut moves = others;
        moves.push(StaffMove::new(day, Some(PoolIdx(0)), Some(PoolIdx(1)), fte, months));
        let moved = plan_of(sizes, attrition, cohort, moves);
        // Other moves are applied the same (they may come after and find less or more in a
        // pool, but a level change, not the transfer, is what changes the total).
        let levels_same = base
            .applied_moves()
            .iter()
            .zip(moved.applied_moves())
            .zip(&base.moves)
            .all(|((x, y), m)| (m.from.is_some() && m.to.is_some()) || (x.fte - y.fte).abs() < 1e-9);
        prop_assume!(levels_same);
        for d in [0.0, day as f64 - 0.5, day as f64, day as f64 + 30.5, 364.5] {
            let total = |p: &StaffPlan| p.payroll_fte(0, d) + p.payroll_fte(1, d);
            prop_assert!((total(&base) - total(&moved)).abs() < 1e-9, "day {d}: {} vs {}", total(&base), total(&moved));
        }
        for m in moved.applied_moves() {
            prop_assert!(m.fte >= 0.0 && m.available.is_none_or(|a| m.fte <= a + 1e-9));
        }
    }

    /// A move on day D leaves the schedule of every pool before D as it was, and no pool's
    /// payroll or productive FTE ever goes below 0.
    #[test]
    fn a_move_leaves_the_schedule_before_its_day_unchanged(
        sizes in (1.0f64..80.0, 1.0f64..80.0),
        attrition in 0.0f64..0.3,
        cohort in 0.5f64..20.0,
        others in prop::collection::vec(a_move(), 0..3),
        extra in a_move(),
    ) {
        let dates = Some(Dates::new(jiff::civil::date(2026, 1, 1)));
        let window = RunWindow { warmup_end: SimTime(0), horizon: SimTime::from_days(365) };
        let base = plan_of(sizes, attrition, cohort, others.clone());
        let mut moves = others;
        moves.push(extra.clone());
        let moved = plan_of(sizes, attrition, cohort, moves);
        let cut = SimTime::from_days(extra.day as u64);
        for pool in 0..2 {
            let (a, b) = (base.schedule(pool, dates, window), moved.schedule(pool, dates, window));
            if extra.day > 0 {
                prop_assert_eq!(a.servers, b.servers);
            }
            let before = |s: &asielsim::model::Schedule| {
                s.changes.iter().filter(|(t, _)| *t < cut).copied().collect::<Vec<_>>()
            };
            prop_assert_eq!(before(&a), before(&b));
            for d in (0..365).step_by(7) {
                prop_assert!(moved.payroll_fte(pool, f64::from(d)) >= 0.0);
                prop_assert!(moved.productive_fte(pool, f64::from(d)) >= 0.0);
            }
        }
    }
}
