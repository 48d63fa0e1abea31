//! What a plan's answer costs per calendar year: staff, reception, penalty payments and court
//! costs, and their total, each as the mean over the answer's replications with its 95%
//! interval; for `answer_costs.csv`, the terminal and the plan's report.
//!
//! Key types: [`AnswerCosts`] (from [`answer_costs`]).

use std::fmt::Write;

use crate::experiment::Experiment;
use crate::model::{CostPart, MetricKey};
use crate::output;
use crate::plot::Unit;
use crate::report;
use crate::stats::Summary;

/// The kinds of cost, in the order of the tables: the name in `answer_costs.csv`, the
/// heading, and the metric of a year and of the whole run.
const KINDS: [(&str, &str, &str); 5] = [
    ("staff", "staff", "staff"),
    ("reception", "reception (opvang)", "reception"),
    ("penalties", "penalty payments", "penalties"),
    ("court_costs", "court costs", "court"),
    ("total", "total", "total"),
];

/// The metric of cost kind `kind` in `year` (`None`: the whole run).
fn metric_of(kind: &str, year: Option<i16>) -> String {
    match (kind, year) {
        ("staff", None) => "staff_cost_eur".into(),
        ("reception", None) => "reception_cost_eur".into(),
        ("penalties", None) => "penalty_eur_total".into(),
        ("court_costs", None) => "court_costs_eur".into(),
        ("total", None) => "total_cost_eur".into(),
        ("staff", Some(y)) => format!("staff_cost_eur_{y}"),
        ("reception", Some(y)) => format!("reception_cost_eur_{y}"),
        ("penalties", Some(y)) => format!("penalty_eur_{y}"),
        ("court_costs", Some(y)) => format!("court_costs_eur_{y}"),
        (_, Some(y)) => format!("total_cost_eur_{y}"),
        _ => unreachable!("a cost kind of KINDS"),
    }
}

/// One period's costs: per kind of [`KINDS`] the scenario has, its summary over replications.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodCosts {
    /// The calendar year; `None` for the whole run.
    pub year: Option<i16>,
    /// (kind, summary) for the kinds the scenario measures, in the order of [`KINDS`].
    pub parts: Vec<(&'static str, Summary)>,
}

/// The costs of an answer per calendar year and over the whole run.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerCosts {
    /// One entry per calendar year, then the whole run.
    pub periods: Vec<PeriodCosts>,
    /// Replications the figures rest on.
    pub replications: usize,
}

/// The costs of the run of an answer; `None` when the scenario measures no cost per year (no
/// start date, or neither a cost per FTE-year nor a reception cost).
pub fn answer_costs(run: &Experiment) -> Option<AnswerCosts> {
    let years: Vec<i16> = run
        .catalogue
        .metrics()
        .iter()
        .filter_map(|m| match m.key {
            MetricKey::CostIn {
                part: CostPart::Total,
                year,
            } => Some(year),
            _ => None,
        })
        .collect();
    if years.is_empty() {
        return None;
    }
    let period = |year: Option<i16>| PeriodCosts {
        year,
        parts: KINDS
            .iter()
            .filter_map(|&(kind, _, _)| Some((kind, run.summary(&metric_of(kind, year))?)))
            .collect(),
    };
    let mut periods: Vec<PeriodCosts> = years.iter().map(|&y| period(Some(y))).collect();
    periods.push(period(None));
    Some(AnswerCosts {
        periods,
        replications: run.replications.len(),
    })
}

impl AnswerCosts {
    fn label(year: Option<i16>) -> String {
        year.map_or("whole run".to_string(), |y| y.to_string())
    }

    /// `answer_costs.csv`: `period,cost,mean,ci95_low,ci95_high,p50,p95,replications`, one row
    /// per period and kind of cost, money to the cent.
    pub fn csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record([
                "period",
                "cost",
                "mean",
                "ci95_low",
                "ci95_high",
                "p50",
                "p95",
                "replications",
            ])
            .expect("writing to memory");
        let money = |x: f64| output::value_in(Unit::Euro, x);
        for p in &self.periods {
            let period = p.year.map_or("all".to_string(), |y| y.to_string());
            for (kind, s) in &p.parts {
                writer
                    .write_record([
                        period.clone(),
                        kind.to_string(),
                        money(s.mean),
                        money(s.ci95_low),
                        money(s.ci95_high),
                        money(s.p50),
                        money(s.p95),
                        s.n.to_string(),
                    ])
                    .expect("writing to memory");
            }
        }
        let bytes = writer.into_inner().expect("flushing to memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
    }

    /// The kinds present, with their headings and short headings.
    fn kinds(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        KINDS
            .iter()
            .copied()
            .filter(|(kind, _, _)| {
                self.periods
                    .iter()
                    .any(|p| p.parts.iter().any(|(k, _)| k == kind))
            })
            .collect()
    }

    fn mean(&self, period: &PeriodCosts, kind: &str) -> f64 {
        period
            .parts
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(f64::NAN, |(_, s)| s.mean)
    }

    /// The terminal's table: per period the mean of each kind in EUR million, and the total's
    /// 95% interval.
    pub fn table(&self) -> String {
        let kinds = self.kinds();
        let mut out = format!(
            "\nwhat the answer costs, EUR million, mean over {} futures (total with its 95% interval):\n",
            self.replications
        );
        write!(out, "{:<10}", "period").unwrap();
        for (_, _, short) in &kinds {
            write!(out, " {short:>10}").unwrap();
        }
        writeln!(out, "  {:>17}", "total 95% interval").unwrap();
        let million = |x: f64| {
            if x.is_finite() {
                format!("{:.1}", x / 1e6)
            } else {
                "–".into()
            }
        };
        for p in &self.periods {
            write!(out, "{:<10}", Self::label(p.year)).unwrap();
            for (kind, _, _) in &kinds {
                write!(out, " {:>10}", million(self.mean(p, kind))).unwrap();
            }
            let interval = p
                .parts
                .iter()
                .find(|(k, _)| *k == "total")
                .map_or(String::new(), |(_, s)| {
                    format!("{}–{}", million(s.ci95_low), million(s.ci95_high))
                });
            writeln!(out, "  {interval:>17}").unwrap();
        }
        out
    }

    /// The report's table: per period the mean of each kind, the total with its interval.
    pub fn report_table(&self) -> report::Table {
        let kinds = self.kinds();
        let mut header = vec!["period".to_string()];
        header.extend(kinds.iter().map(|(_, h, _)| format!("{h}, mean")));
        header.push("total, 95% interval".into());
        let rows = self
            .periods
            .iter()
            .map(|p| {
                let mut row = vec![Self::label(p.year)];
                row.extend(
                    kinds
                        .iter()
                        .map(|(k, _, _)| Unit::Euro.format(self.mean(p, k))),
                );
                row.push(p.parts.iter().find(|(k, _)| *k == "total").map_or(
                    String::new(),
                    |(_, s)| {
                        format!(
                            "{} – {}",
                            Unit::Euro.format(s.ci95_low),
                            Unit::Euro.format(s.ci95_high)
                        )
                    },
                ));
                row
            })
            .collect();
        let columns = kinds.len() + 2;
        let mut numeric = vec![true; columns];
        numeric[0] = false;
        report::Table {
            header,
            rows,
            numeric,
            marked: vec![self.periods.len() - 1],
        }
    }
}

impl AnswerCosts {
    /// The report's section on the answer's costs.
    pub fn section(&self) -> report::PlanSection {
        report::PlanSection {
            id: "costs",
            title: "What the answer costs per year".into(),
            note: COSTS_NOTE.into(),
            table: self.report_table(),
        }
    }
}

/// How to read the costs of an answer, for the report.
pub const COSTS_NOTE: &str = "Means over the simulated futures of the answer's run, each year as the scenario counts it: staff is the payroll of all pools (deterministic: it follows the staffing plan), reception the days that cases of the reception streams are open times the cost per day (a figure of the scenario's [cost] section; check there whether it is sourced or assumed), penalty payments and court costs as paid in that year. The last row is the whole run.";

/// Runs the answer `value` (built by `make`) on `replications` with the search's seed, and
/// returns its costs per year (`None` when the scenario counts none per year). With the same
/// seed and replications as the answer's last look, its futures are the ones the verdict
/// rested on (common random numbers).
pub fn run_answer(
    make: &dyn Fn(u32) -> Result<crate::scenario::Scenario, crate::error::ScenarioError>,
    value: u32,
    settings: crate::experiment::RunSettings,
    replications: u32,
) -> Result<Option<AnswerCosts>, super::PlanError> {
    let scenario = make(value)?;
    let run = crate::experiment::run(
        &scenario,
        crate::experiment::RunSettings {
            replications,
            ..settings
        },
        &|| {},
    )?;
    Ok(answer_costs(&run))
}
