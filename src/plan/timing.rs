//! When to hire: with a window of months (`--hire 2026-07..2027-06`) the planner compares
//! hiring schedules of quarterly cohorts (one cohort on the first of each quarter from the
//! window's first month), each searched for the fewest hires that meet the target:
//!
//! - every quarter alone: all hires in one cohort that starts then;
//! - every quarter of the window: the hires split evenly over them.
//!
//! Early hires cost payroll for longer but are trained (the scenario's training ramp) and
//! productive sooner, so they cut reception days and penalty payments; late hires are cheaper on
//! the payroll but more of them are needed, or none suffice. The answer is the schedule with the
//! lowest expected total cost over the run (staff, reception, penalty payments, court costs, as
//! far as the scenario counts them; the payroll alone without those), among those that meet the
//! target. The schedules compared are these `k + 1`, not every split of the hires over the
//! quarters.
//!
//! Key types: [`Schedule`] (from [`schedules`]), [`Timing`] (one schedule's result).

use std::fmt::Write;

use crate::output;
use crate::plan::AnswerCosts;
use crate::plot::Unit;
use crate::report;

/// Months between cohorts.
pub const QUARTER: u32 = 3;

/// The first months of the quarters of a window `YYYY-MM..YYYY-MM` (both ends included, the
/// first quarter starting on the first month); `None` when the text is not such a window, or
/// its end comes before its start. `Some` of one month for a window shorter than a quarter.
pub fn parse_window(text: &str) -> Option<Vec<String>> {
    let (from, to) = text.split_once("..")?;
    let month = |m: &str| -> Option<i32> {
        let m = m.trim();
        if m.len() != 7 || m.as_bytes()[4] != b'-' {
            return None;
        }
        let year: i32 = m[..4].parse().ok()?;
        let month: i32 = m[5..].parse().ok()?;
        (1..=12).contains(&month).then_some(year * 12 + month - 1)
    };
    let (first, last) = (month(from)?, month(to)?);
    if last < first {
        return None;
    }
    Some(
        (first..=last)
            .step_by(QUARTER as usize)
            .map(|m| format!("{:04}-{:02}", m / 12, m % 12 + 1))
            .collect(),
    )
}

/// A hiring schedule: the months its cohorts start in (hires split evenly over them).
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// In words: "all in 2026-07", "every quarter from 2026-07 to 2027-04".
    pub name: String,
    /// The cohorts' months, `YYYY-MM`.
    pub months: Vec<String>,
}

/// The schedules compared for the quarters of a window: each quarter alone, then all of them
/// (when there are several).
pub fn schedules(quarters: &[String]) -> Vec<Schedule> {
    let mut out: Vec<Schedule> = quarters
        .iter()
        .map(|m| Schedule {
            name: format!("all in {m}"),
            months: vec![m.clone()],
        })
        .collect();
    if let [first, .., last] = quarters {
        out.push(Schedule {
            name: format!("every quarter from {first} to {last}"),
            months: quarters.to_vec(),
        });
    }
    out
}

/// One schedule's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    /// The schedule.
    pub schedule: Schedule,
    /// The fewest hires found to meet the target, if any in the range does.
    pub hires: Option<u32>,
    /// The target metric's mean at that answer.
    pub mean: f64,
    /// Candidates the search tried.
    pub tried: usize,
    /// What the answer costs (`None` without an answer, or without costs per year).
    pub costs: Option<AnswerCosts>,
}

impl Timing {
    /// The expected total cost over the run with its 95% interval (mean, low, high): the
    /// `total` of the whole run, if the scenario counts costs per year.
    pub fn total(&self) -> Option<(f64, f64, f64)> {
        let period = self.costs.as_ref()?.periods.last()?;
        period
            .parts
            .iter()
            .find(|(k, _)| *k == "total")
            .map(|(_, s)| (s.mean, s.ci95_low, s.ci95_high))
    }
}

/// The index of the chosen schedule: among those with an answer, the lowest expected total
/// cost; the fewest hires when no cost is known (ties: the earlier schedule). `None` when no
/// schedule meets the target.
pub fn choose(timings: &[Timing]) -> Option<usize> {
    let meeting = timings
        .iter()
        .enumerate()
        .filter(|(_, t)| t.hires.is_some());
    if timings
        .iter()
        .all(|t| t.hires.is_none() || t.total().is_some())
    {
        meeting
            .min_by(|(_, a), (_, b)| {
                a.total()
                    .map(|c| c.0)
                    .partial_cmp(&b.total().map(|c| c.0))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|(i, _)| i)
    } else {
        meeting.min_by_key(|(_, t)| t.hires).map(|(i, _)| i)
    }
}

/// `timing.csv`: one row per schedule:
/// `schedule,months,hires,metric_mean,total_cost_eur,total_cost_ci95_low,total_cost_ci95_high,candidates,chosen`
/// (empty hires and costs for a schedule that does not meet the target in the range).
pub fn timing_csv(timings: &[Timing], chosen: Option<usize>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "schedule",
            "months",
            "hires",
            "metric_mean",
            "total_cost_eur",
            "total_cost_ci95_low",
            "total_cost_ci95_high",
            "candidates",
            "chosen",
        ])
        .expect("writing to memory");
    for (i, t) in timings.iter().enumerate() {
        let (mean, low, high) = t.total().unwrap_or((f64::NAN, f64::NAN, f64::NAN));
        let money = |x: f64| output::value_in(Unit::Euro, x);
        writer
            .write_record([
                t.schedule.name.clone(),
                t.schedule.months.join(" "),
                t.hires.map_or(String::new(), |h| h.to_string()),
                if t.hires.is_some() {
                    output::number(t.mean)
                } else {
                    String::new()
                },
                money(mean),
                money(low),
                money(high),
                t.tried.to_string(),
                (Some(i) == chosen).to_string(),
            ])
            .expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("flushing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

/// The rows of the terminal's and the report's table: schedule, hires, expected total cost
/// with its interval.
fn rows(timings: &[Timing]) -> Vec<[String; 3]> {
    timings
        .iter()
        .map(|t| {
            let hires = t
                .hires
                .map_or("none in the range".to_string(), |h| h.to_string());
            let cost = match t.total() {
                Some((mean, low, high)) => format!(
                    "{} ({} – {})",
                    Unit::Euro.format(mean),
                    Unit::Euro.format(low),
                    Unit::Euro.format(high)
                ),
                None if t.hires.is_some() => "no costs in the scenario".into(),
                None => String::new(),
            };
            [t.schedule.name.clone(), hires, cost]
        })
        .collect()
}

/// The terminal's table of the schedules compared, the chosen one marked.
pub fn timing_table(timings: &[Timing], chosen: Option<usize>) -> String {
    let rows = rows(timings);
    let width = rows.iter().map(|r| r[0].len()).max().unwrap_or(8).max(8);
    let mut out = format!(
        "\nhiring schedules compared (fewest hires meeting the target; expected total cost over the run, 95% interval):\n  {:<width$} {:>17}  {}\n",
        "schedule", "hires", "total cost"
    );
    for (i, [name, hires, cost]) in rows.iter().enumerate() {
        let mark = if Some(i) == chosen { "*" } else { " " };
        writeln!(out, "{mark} {name:<width$} {hires:>17}  {cost}").unwrap();
    }
    match chosen {
        Some(i) => writeln!(
            out,
            "the cheapest schedule that meets the target: {} ({} hires)",
            timings[i].schedule.name,
            timings[i].hires.unwrap_or(0)
        )
        .unwrap(),
        None => writeln!(
            out,
            "no schedule meets the target in the range: widen it, or hire earlier"
        )
        .unwrap(),
    }
    out
}

/// The report's section on the schedules compared.
pub fn timing_section(timings: &[Timing], chosen: Option<usize>) -> report::PlanSection {
    report::PlanSection {
        id: "timing",
        title: "When to hire: the schedules compared".into(),
        note: TIMING_NOTE.into(),
        table: report::Table {
            header: [
                "schedule",
                "fewest hires that meet the target",
                "expected total cost over the run (95% interval)",
            ]
            .map(String::from)
            .to_vec(),
            rows: rows(timings).into_iter().map(Vec::from).collect(),
            numeric: vec![false, true, true],
            marked: chosen.into_iter().collect(),
        },
    }
}

/// How to read the schedules compared.
pub const TIMING_NOTE: &str = "Each schedule was searched for the fewest hires that meet the target with the stated confidence, with the same random numbers. Early cohorts cost payroll for longer, but are trained sooner and cut reception days and penalty payments; late cohorts need more hires, or no number suffices. The marked schedule has the lowest expected total cost over the run among those that meet the target (the payroll alone when the scenario counts no other cost). Only these schedules were compared: one cohort in each quarter, and the hires spread evenly over all quarters. The candidates below are the marked schedule's search.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_gives_the_first_months_of_its_quarters() {
        assert_eq!(
            parse_window("2026-07..2027-06").unwrap(),
            ["2026-07", "2026-10", "2027-01", "2027-04"]
        );
        assert_eq!(parse_window("2026-11..2027-01").unwrap(), ["2026-11"]);
        assert_eq!(
            parse_window("2026-11..2027-02").unwrap(),
            ["2026-11", "2027-02"]
        );
        for bad in [
            "2027-01..2026-12",
            "2026-13..2027-01",
            "2026-7..2027-01",
            "2026-07",
        ] {
            assert_eq!(parse_window(bad), None, "{bad}");
        }
    }

    #[test]
    fn schedules_are_each_quarter_alone_then_all_of_them() {
        let quarters = parse_window("2026-07..2026-12").unwrap();
        let names: Vec<String> = schedules(&quarters).into_iter().map(|s| s.name).collect();
        assert_eq!(
            names,
            [
                "all in 2026-07",
                "all in 2026-10",
                "every quarter from 2026-07 to 2026-10"
            ]
        );
        assert_eq!(schedules(&["2026-07".to_string()]).len(), 1);
    }

    fn timing(hires: Option<u32>, total: Option<f64>) -> Timing {
        use crate::plan::PeriodCosts;
        use crate::stats::summarize;
        Timing {
            schedule: Schedule {
                name: String::new(),
                months: Vec::new(),
            },
            hires,
            mean: 0.0,
            tried: 1,
            costs: total.map(|t| AnswerCosts {
                periods: vec![PeriodCosts {
                    year: None,
                    parts: vec![("total", summarize(&[t, t]))],
                }],
                replications: 2,
            }),
        }
    }

    /// The cheapest schedule that meets the target; ties go to the earlier; none without an
    /// answer; the fewest hires when no cost is known.
    #[test]
    fn the_cheapest_schedule_that_meets_the_target_is_chosen() {
        let t = [
            timing(Some(10), Some(300.0)),
            timing(None, None),
            timing(Some(14), Some(200.0)),
            timing(Some(12), Some(200.0)),
        ];
        assert_eq!(choose(&t), Some(2));
        assert_eq!(choose(&[timing(None, None)]), None);
        let no_costs = [timing(Some(10), None), timing(Some(8), None)];
        assert_eq!(choose(&no_costs), Some(1));
    }
}
