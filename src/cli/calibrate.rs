//! `asielsim calibrate`: fits scenario parameters to published figures (made by
//! `asielsim::calibrate`); prints the fitted values and writes the calibration folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use asielsim::calibrate::{self as cal, Parameter};
use asielsim::{output, scenario};

use super::{RunArgs, Ui, UsageError, usage};

/// The arguments of `asielsim calibrate`.
#[derive(Debug, clap::Args)]
pub(crate) struct CalibrateArgs {
    /// The scenario.
    pub(crate) scenario: PathBuf,
    /// A parameter to fit and the range to search, PATH=LO..HI with PATH as in `sweep --set`;
    /// `*` in an entry's name sets every matching entry, e.g.
    /// pool.decision_*.work_factor=0.5..2 (repeat for several).
    #[arg(long = "fit", value_name = "PATH=LO..HI", required = true)]
    pub(crate) fits: Vec<String>,
    /// The published figures (a CSV as for `[metrics] observed`) [default: the scenario's
    /// `[metrics] observed`].
    #[arg(long)]
    pub(crate) observed: Option<PathBuf>,
    /// Fit only figures of periods ending on or before this day (YYYY-MM-DD); later ones are
    /// reported as out of sample.
    #[arg(long)]
    pub(crate) until: Option<String>,
    /// Fit only the figures whose metric matches this pattern (`*` for any run of characters,
    /// e.g. decided_* for the production figures); repeat for several [default: every figure].
    #[arg(long, value_name = "PATTERN")]
    pub(crate) only: Vec<String>,
    /// The relative error assumed of a published figure.
    #[arg(long, default_value_t = cal::OBSERVED_ERROR)]
    pub(crate) observed_error: f64,
    /// The most evaluations of the search (each one a run of all replications).
    #[arg(long, default_value_t = cal::MAX_EVALUATIONS)]
    pub(crate) max_evaluations: usize,
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

pub(crate) fn calibrate(ui: &Ui, args: &CalibrateArgs) -> anyhow::Result<ExitCode> {
    let parameters: Vec<Parameter> = args
        .fits
        .iter()
        .map(|f| cal::parse_fit(f))
        .collect::<Result<_, _>>()
        .map_err(|e| UsageError(e.to_string()))?;
    let until = args
        .until
        .as_deref()
        .map(|d| {
            d.parse::<jiff::civil::Date>()
                .map_err(|_| UsageError(format!("--until {d}: not a date YYYY-MM-DD")))
        })
        .transpose()?;
    usage(
        args.observed_error > 0.0 && args.observed_error.is_finite(),
        "--observed-error must be a positive share, e.g. 0.1",
    )?;
    usage(
        args.max_evaluations >= 1,
        "--max-evaluations must be at least 1",
    )?;
    let path = &args.scenario;
    let (mut table, _) = scenario::load_table(path)?;
    if let Some(file) = &args.observed {
        let absolute = std::path::absolute(file)?;
        asielsim::sweep::apply(
            &mut table,
            "metrics.observed",
            toml::Value::String(absolute.display().to_string()),
        )
        .or_else(|_| {
            let metrics = table
                .entry("metrics")
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(m) = metrics {
                m.insert(
                    "observed".into(),
                    toml::Value::String(absolute.display().to_string()),
                );
            }
            Ok::<(), anyhow::Error>(())
        })?;
    }
    let base = scenario::parse_table(table.clone(), path)?;
    usage(
        !base.observed.is_empty(),
        "the scenario names no published figures\n  fix: give --observed FILE.csv, or [metrics] observed = \"FILE.csv\" in the scenario",
    )?;
    let settings = args
        .run
        .settings(ui, &base, None, args.max_evaluations as f64)?;
    let out_dir = args.run.out_dir(&format!("calibrate-{}", base.name))?;
    ui.warn_few(settings.replications)?;
    ui.note(&format!(
        "calibrating {} parameter(s) of {} on {} replications per evaluation (at most {} evaluations, then {} for the intervals)",
        parameters.len(),
        base.name,
        settings.replications,
        args.max_evaluations,
        2 * parameters.len() * parameters.len() + 1
    ))?;
    let calibration = match cal::calibrate(
        &table,
        path,
        &parameters,
        &cal::Settings {
            run: settings,
            until,
            observed_error: args.observed_error,
            max_evaluations: args.max_evaluations,
            only: args.only.clone(),
        },
        &|e| {
            let values: Vec<String> = e.values.iter().map(|v| format!("{v:.4}")).collect();
            let _ = ui.note(&format!(
                "  {} [{}]: objective {:.3}",
                e.stage,
                values.join(", "),
                e.objective
            ));
        },
    ) {
        Ok(c) => c,
        // A path, a range or a window that does not fit the scenario is bad input (exit 2).
        Err(
            e @ (cal::CalibrateError::Path(_)
            | cal::CalibrateError::Twice(_)
            | cal::CalibrateError::Uncertain { .. }
            | cal::CalibrateError::NoFigures { .. }
            | cal::CalibrateError::Scenario { .. }),
        ) => return Err(UsageError(e.to_string()).into()),
        Err(e) => return Err(e.into()),
    };
    let base_ref = relative_to(&std::path::absolute(path)?, &std::path::absolute(&out_dir)?);
    let observed_ref = match &args.observed {
        Some(file) => Some(relative_to(
            &std::path::absolute(file)?,
            &std::path::absolute(&out_dir)?,
        )),
        None => None,
    };
    let variant = cal::variant_text(&table, &base_ref, &calibration, observed_ref.as_deref())?;
    let until_text = until.map(|d| d.to_string());
    let mut folder = output::calibrate_folder(
        &calibration,
        variant,
        until_text.as_deref(),
        args.observed_error,
    )?;
    super::save(&mut folder, &out_dir, args.run.png)?;
    let mut text = String::new();
    for f in &calibration.fitted {
        text.push_str(&format!(
            "{} = {:.4}  ({})\n",
            f.parameter.path,
            f.value,
            f.interval
                .map_or("not identified by the figures".to_string(), |(lo, hi)| {
                    format!("95% interval {lo:.4} to {hi:.4}")
                })
        ));
    }
    text.push_str(&format!(
        "fit: {} published figures, objective {:.2} ({:.2} per degree of freedom); {}\n",
        calibration.n_fitted,
        calibration.objective,
        calibration.reduced_chi2,
        asielsim::history::verdict(&calibration.rows())
    ));
    if calibration.budget_spent {
        text.push_str(&format!(
            "the search stopped at its budget of {} evaluations; more (--max-evaluations) may improve the fit\n",
            args.max_evaluations
        ));
    }
    text.push_str(&format!(
        "{} evaluations x {} replications in {:.1} s on {} thread(s); wrote {}\n",
        calibration.evaluations.len(),
        settings.replications,
        calibration.wall_time.as_secs_f64(),
        settings.threads,
        out_dir.join("{calibration.csv, evaluations.csv, calibrated.toml, observed_vs_simulated.csv, report.html}").display()
    ));
    ui.out(&text)?;
    ui.json(|| output::json::tables_json("calibrate", &out_dir, &folder))?;
    Ok(ExitCode::SUCCESS)
}

/// `target` as a path relative to the folder `from` (both absolute), for the variant's `base`.
pub(crate) fn relative_to(target: &Path, from: &Path) -> String {
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    out.display().to_string().replace('\\', "/")
}
