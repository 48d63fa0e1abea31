//! `asielsim plan`: a staffing or hiring search towards a target, or for the lowest cost; prints
//! the candidates tried and writes them to `plan.csv` and `report.html` (both made by
//! `asielsim::plan`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use asielsim::output;
use asielsim::plan::{self as pl, Lever, Target};
use asielsim::scenario;

use super::{RunArgs, Ui, UsageError, better, usage};

/// The arguments of `asielsim plan`.
#[derive(Debug, clap::Args)]
pub(crate) struct PlanArgs {
    /// The scenario.
    pub(crate) scenario: PathBuf,
    /// The pool(s) whose staff (servers or FTE) is searched; with several (comma-separated),
    /// the searched number is their total, split in proportion to their present size.
    #[arg(long, required = true, value_delimiter = ',')]
    pub(crate) pool: Vec<String>,
    /// Search a hiring plan instead: new staff hired into the pool(s) in these months
    /// (YYYY-MM, comma-separated; split evenly), with the scenario's training defaults.
    #[arg(long, value_delimiter = ',')]
    pub(crate) hire: Vec<String>,
    /// The range to search, from..to (inclusive): staff, or with --hire the number of hires.
    #[arg(long)]
    pub(crate) range: String,
    /// The metric of the target (any metric of summary.csv, or COLUMN@YYYY-MM for a column
    /// of monthly.csv at the end of a month, e.g. backlog@2027-12).
    #[arg(long, required_unless_present = "minimise", requires = "target")]
    pub(crate) metric: Option<String>,
    /// The bound the metric must respect.
    #[arg(long, requires = "metric")]
    pub(crate) target: Option<f64>,
    /// Fixed changes to the scenario for every candidate, PATH=VALUE as in `sweep` (one value
    /// each), e.g. run.end_date=2027-12-31 to stop after the year of the target.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub(crate) settings: Vec<String>,
    /// Instead of a target: find the value with the lowest mean of this cost metric, e.g.
    /// total_cost_eur (staff + reception + penalty payments + court costs).
    #[arg(long, conflicts_with_all = ["metric", "target", "probability", "better"])]
    pub(crate) minimise: Option<String>,
    /// Higher is better (at least the target) or lower (at most) [default: by the metric].
    #[arg(long, value_parser = ["higher", "lower"])]
    pub(crate) better: Option<String>,
    /// Confidence of the statement.
    #[arg(long, default_value_t = 0.9)]
    pub(crate) confidence: f64,
    /// Aim at a probability instead of the mean: the share of replications (simulated
    /// futures) in which the metric meets the target must be at least this, e.g. 0.9.
    #[arg(long)]
    pub(crate) probability: Option<f64>,
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

pub(crate) fn plan(ui: &Ui, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = pl::parse_range(&args.range).ok_or_else(|| {
        UsageError(format!(
            "--range \"{}\" is not from..to\n  fix: e.g. --range 10..20",
            args.range
        ))
    })?;
    let replications = args.run.replications.unwrap_or(20);
    usage(
        args.confidence > 0.5 && args.confidence < 1.0 && replications >= 2,
        "--confidence must be between 0.5 and 1, --replications at least 2",
    )?;
    if let Some(t) = args.target.filter(|t| !t.is_finite()) {
        bail!(UsageError(format!(
            "--target {t} is not a number\n  fix: give the bound the metric must respect, e.g. --target 20000"
        )));
    }
    if let Some(p) = args.probability.filter(|p| !(*p > 0.0 && *p < 1.0)) {
        bail!(UsageError(format!(
            "--probability {p} is not a probability\n  fix: a share between 0 and 1, e.g. --probability 0.9"
        )));
    }
    let (mut table, _) = scenario::load_table(&args.scenario)?;
    pl::apply_fixed(&mut table, &args.settings).map_err(|e| UsageError(format!("--set {e}")))?;
    let base = scenario::parse_table(table, &args.scenario)?;
    super::refuse_drawn(&base, &args.settings)?;
    // One month range (`--hire 2026-07..2027-06`) asks when to hire: the schedules of quarterly
    // cohorts in it are compared.
    let quarters = match args.hire.as_slice() {
        [window] if window.contains("..") => Some(pl::parse_window(window).ok_or_else(|| {
            UsageError(format!(
                "--hire {window} is not a window of months\n  fix: YYYY-MM..YYYY-MM, the first month not after the last, e.g. --hire 2026-07..2027-06"
            ))
        })?),
        _ => None,
    };
    if quarters.is_some() && args.minimise.is_some() {
        bail!(UsageError(
            "--minimise does not search the timing of hires\n  fix: name the months (--hire 2026-07,2027-01), or give a target (--metric, --target) to compare schedules over a window".into()
        ));
    }
    let schedules = quarters.as_deref().map(pl::schedules);
    let hire_months = match &schedules {
        Some(s) => s.last().map(|s| s.months.clone()).unwrap_or_default(),
        None => args.hire.clone(),
    };
    let mut lever = if args.hire.is_empty() {
        Lever::staff(&base, &args.pool)
    } else {
        Lever::hires(&base, &args.pool, &hire_months)
    }
    .map_err(|e| UsageError(e.to_string()))?;
    let first = lever.candidate(&base, from)?;
    lever.candidate(&base, to)?;
    // A bisection tries about log2(range) candidates, some with more replications.
    let candidates = 2 + (u64::from(to.abs_diff(from)) + 1).ilog2() as usize;
    let searches = schedules.as_ref().map_or(1, Vec::len);
    let settings = args.run.settings(
        ui,
        &first,
        Some(replications),
        (2 * candidates * searches) as f64,
    )?;
    let no_metric = |e: pl::PlanError| match e {
        pl::PlanError::NoMetric(m) => anyhow::Error::new(UsageError(format!(
            "the scenario has no metric \"{m}\"\n  fix: choose one from summary.csv, or COLUMN@YYYY-MM for a column of monthly.csv at the end of a month (e.g. backlog@2027-12)"
        ))),
        other => anyhow::Error::new(other),
    };
    let out_dir = args.run.out_dir(&format!("plan-{}", first.name))?;
    let range = (from, to);
    // Progress lines cannot fail inside the search; the first failure ends the command after it.
    let mut failed = None;
    let mut note = |text: String| {
        if failed.is_none() {
            failed = ui.note(&text).err();
        }
    };
    let mut extra_files: Vec<(&str, String)> = Vec::new();
    let (csv, report, answer, costs) = if let Some(metric) = &args.minimise {
        let make = |value: u32| lever.candidate(&base, value);
        let facts = pl::page_facts(
            &args.scenario,
            &lever,
            range,
            settings,
            args.confidence,
            &args.settings,
        );
        ui.out(&pl::cost_heading(
            metric,
            &lever,
            range,
            settings.seed,
            args.confidence,
        ))?;
        let unit = first.catalogue.unit_of(metric);
        let mut progress = |value, n, mean| note(pl::tried_cost(value, n, mean, unit));
        let result = pl::minimise(
            &make,
            range,
            metric,
            args.confidence,
            settings,
            &mut progress,
        )
        .map_err(no_metric)?;
        let unit = first.catalogue.unit_of(metric);
        let (text, csv) = pl::cost_table(&result, metric, unit);
        ui.out(&text)?;
        let replications = answer_replications(
            result.candidates.iter().map(|c| (c.staff, c.replications)),
            result.answer,
        );
        let costs = pl::run_answer(&make, result.answer, settings, replications)?;
        let sections: Vec<_> = costs.iter().map(pl::AnswerCosts::section).collect();
        let page = pl::cost_report(
            &result,
            (metric, unit),
            &lever,
            args.confidence,
            &facts,
            &sections,
        )?;
        (csv, page, Some(result.answer), costs)
    } else {
        let metric = args.metric.clone().expect("clap requires --metric");
        let target = Target {
            better: better(args.better.as_deref(), &first.catalogue, &metric),
            metric,
            bound: args.target.expect("clap requires --target with --metric"),
            confidence: args.confidence,
            probability: args.probability,
        };
        let aim = format!(
            "{}, with {:.0}% confidence",
            pl::aim(&target),
            100.0 * target.confidence
        );
        // One search per schedule (one without a window), each with its answer's costs.
        let levers: Vec<(Option<pl::Schedule>, Lever)> = match &schedules {
            Some(schedules) => schedules
                .iter()
                .map(|s| {
                    Lever::hires(&base, &args.pool, &s.months)
                        .map(|l| (Some(s.clone()), l))
                        .map_err(|e| UsageError(e.to_string()))
                })
                .collect::<Result<_, _>>()?,
            None => vec![(None, lever.clone())],
        };
        let mut searched = Vec::new();
        for (schedule, this) in levers {
            let make = |value: u32| this.candidate(&base, value);
            if let Some(schedule) = &schedule {
                ui.out(&format!("\nschedule: {}\n", schedule.name))?;
            }
            ui.out(&pl::target_heading(&aim, &this, range, settings.seed))?;
            let unit = first.catalogue.unit_of(&target.metric);
            let mut progress = |c: &pl::Candidate| note(pl::tried(c, unit));
            let result =
                pl::search(&make, range, &target, settings, &mut progress).map_err(no_metric)?;
            let costs = match result.answer {
                Some(value) => {
                    let replications = answer_replications(
                        result.candidates.iter().map(|c| (c.staff, c.replications)),
                        value,
                    );
                    pl::run_answer(&make, value, settings, replications)?
                }
                None => None,
            };
            searched.push((schedule, this, result, costs));
        }
        let mut sections = Vec::new();
        let chosen = if searched.len() > 1 {
            let timings: Vec<pl::Timing> = searched
                .iter()
                .map(|(schedule, _, result, costs)| pl::Timing {
                    schedule: schedule.clone().expect("a schedule per search"),
                    hires: result.answer,
                    mean: result
                        .candidates
                        .iter()
                        .rev()
                        .find(|c| Some(c.staff) == result.answer)
                        .map_or(f64::NAN, |c| c.mean),
                    tried: result.candidates.len(),
                    costs: costs.clone(),
                })
                .collect();
            let chosen = pl::choose(&timings);
            ui.out(&pl::timing_table(&timings, chosen))?;
            extra_files.push(("timing.csv", pl::timing_csv(&timings, chosen)));
            sections.push(pl::timing_section(&timings, chosen));
            // Without an answer, the page shows the spread schedule's search.
            chosen.unwrap_or(searched.len() - 1)
        } else {
            0
        };
        let (_, this, result, costs) = searched.swap_remove(chosen);
        lever = this;
        let unit = first.catalogue.unit_of(&target.metric);
        let (text, csv) = pl::target_table(&result, &lever, range, (unit, target.better));
        ui.out(&text)?;
        sections.extend(costs.iter().map(pl::AnswerCosts::section));
        let facts = pl::page_facts(
            &args.scenario,
            &lever,
            range,
            settings,
            args.confidence,
            &args.settings,
        );
        let page = pl::target_report(
            &result,
            (&target, unit),
            &aim,
            &lever,
            range,
            &facts,
            &sections,
        )?;
        (csv, page, result.answer, costs)
    };
    if let Some(err) = failed {
        return Err(err.into());
    }
    let mut folder = output::Folder::new("plan");
    folder.add("plan.csv", csv).add_report(&report);
    let mut written = "plan.csv, report.html".to_string();
    for (name, text) in extra_files {
        folder.add(name, text);
        written.push_str(&format!(", {name}"));
    }
    if let Some(value) = answer {
        let base = super::calibrate::relative_to(
            &std::path::absolute(&args.scenario)?,
            &std::path::absolute(&out_dir)?,
        );
        let mut heading = format!(
            "Written by asielsim plan: its answer, {value} ({}), as a variant of the scenario\nnamed in base, ready to run: asielsim run {}",
            lever.describe(),
            out_dir.join("answer.toml").display()
        );
        if !args.settings.is_empty() {
            heading.push_str(&format!(
                "\nThe search ran with --set {}; this variant holds the staffing only.",
                args.settings.join(" --set ")
            ));
        }
        folder.add("answer.toml", lever.answer_variant(value, &base, &heading));
        folder.add("answer.csv", pl::answer_csv(&lever, value));
        ui.out(&pl::answer_table(&lever, value))?;
        written.push_str(", answer.toml, answer.csv");
        if let Some(costs) = &costs {
            folder.add("answer_costs.csv", costs.csv());
            ui.out(&costs.table())?;
            written.push_str(", answer_costs.csv");
        }
    }
    super::save(&mut folder, &out_dir, args.run.png)?;
    ui.out(&format!(
        "wrote {}\n",
        out_dir.join(format!("{{{written}}}")).display()
    ))?;
    ui.json(|| {
        let (search, metric) = match (&args.minimise, &args.metric) {
            (Some(m), _) => ("minimise", m.as_str()),
            (None, Some(m)) => ("target", m.as_str()),
            (None, None) => ("target", ""),
        };
        output::json::plan_json(
            search,
            (metric, first.catalogue.unit_of(metric)),
            answer,
            &out_dir,
            &folder,
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The replications of the answer's last look: the most any look at `answer` ran (candidates
/// as (value, replications)).
fn answer_replications(candidates: impl Iterator<Item = (u32, u32)>, answer: u32) -> u32 {
    candidates
        .filter(|&(value, _)| value == answer)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(2)
}
