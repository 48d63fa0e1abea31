//! `asielsim sensitivity`: one uncertain input at a time, with common random numbers (made by
//! `asielsim::sensitivity`); prints the inputs by swing and writes `sensitivity.csv` and a
//! report with the tornado chart.

use std::path::PathBuf;
use std::process::ExitCode;

use asielsim::sensitivity::{self, SensitivityError};
use asielsim::{output, scenario};

use super::{RunArgs, Ui, UsageError};

/// The arguments of `asielsim sensitivity`.
#[derive(Debug, clap::Args)]
pub(crate) struct SensitivityArgs {
    /// The scenario (with `[[uncertain]]` inputs or changes with a probability).
    pub(crate) scenario: PathBuf,
    /// The metric (any metric of summary.csv, or COLUMN@YYYY-MM).
    #[arg(long)]
    pub(crate) metric: String,
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

pub(crate) fn sensitivity(ui: &Ui, args: &SensitivityArgs) -> anyhow::Result<ExitCode> {
    let scenario = scenario::load(&args.scenario)?;
    let runs = 1 + 2 * scenario.uncertainty.inputs.len() + scenario.uncertainty.changes.len();
    let settings = args.run.settings(ui, &scenario, None, runs as f64)?;
    let out_dir = args
        .run
        .out_dir(&format!("sensitivity-{}", scenario.name))?;
    ui.warn_few(settings.replications)?;
    let analysis = match sensitivity::analyse(&scenario, &args.metric, settings, &|what| {
        let _ = ui.note(&format!("running {what}"));
    }) {
        Ok(a) => a,
        Err(
            e @ (SensitivityError::NothingUncertain
            | SensitivityError::NoMetric(_)
            | SensitivityError::Scenario { .. }),
        ) => return Err(UsageError(e.to_string()).into()),
        Err(e) => return Err(e.into()),
    };
    let unit = scenario.catalogue.unit_of(&args.metric);
    let mut folder = output::sensitivity_folder(&scenario.name, &analysis, unit, settings.seed)?;
    super::save(&mut folder, &out_dir, args.run.png)?;
    let mut text = format!(
        "{} with every input at its median: {}\n",
        analysis.metric,
        unit.format(analysis.base_mean)
    );
    let width = analysis
        .effects
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(5)
        .max(5);
    text.push_str(&format!(
        "{:<width$}  {:>16}  {:>16}  {:>16}\n",
        "input", "at low end", "at high end", "swing"
    ));
    for e in &analysis.effects {
        text.push_str(&format!(
            "{:<width$}  {:>16}  {:>16}  {:>16}\n",
            e.name,
            unit.format(e.low.mean),
            unit.format(e.high.mean),
            unit.format(e.swing())
        ));
    }
    text.push_str(&format!(
        "{} configurations x {} replications (seed {}, common random numbers); wrote {}\n",
        analysis.runs,
        analysis.replications,
        settings.seed,
        out_dir.join("{sensitivity.csv, report.html}").display()
    ));
    ui.out(&text)?;
    ui.json(|| output::json::tables_json("sensitivity", &out_dir, &folder))?;
    Ok(ExitCode::SUCCESS)
}
