//! The files of `asielsim forecast`: `forecast.csv`, `backtest.csv`, `intake.toml` (a scenario
//! fragment) and `fan_chart.svg`.

use std::path::Path;

use crate::forecast::{Backtest, FittedModel, ForecastMonth, MonthlySeries};
use crate::output::{Folder, FolderError, number};
use crate::report::{ForecastInput, Report};

/// Column header of `forecast.csv`.
pub const FORECAST_HEADER: [&str; 9] = [
    "month", "mean", "p50", "lo50", "hi50", "lo80", "hi80", "lo95", "hi95",
];

/// `forecast.csv`: one row per future month.
pub fn forecast_csv(rows: &[ForecastMonth]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(FORECAST_HEADER)
        .expect("writing to memory");
    for r in rows {
        writer
            .write_record([
                r.month.clone(),
                number(r.mean),
                number(r.p50),
                number(r.lo50),
                number(r.hi50),
                number(r.lo80),
                number(r.hi80),
                number(r.lo95),
                number(r.hi95),
            ])
            .expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flushing to memory")).expect("UTF-8")
}

/// `backtest.csv`: one row per horizon.
pub fn backtest_csv(backtest: &Backtest) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "horizon_months",
            "mase_model",
            "mase_seasonal_naive",
            "coverage80_model",
            "coverage95_model",
            "coverage80_seasonal_naive",
            "coverage95_seasonal_naive",
            "origins",
        ])
        .expect("writing to memory");
    for r in &backtest.rows {
        writer
            .write_record([
                r.horizon.to_string(),
                number(r.mase_model),
                number(r.mase_naive),
                number(r.coverage80_model),
                number(r.coverage95_model),
                number(r.coverage80_naive),
                number(r.coverage95_naive),
                backtest.n_origins.to_string(),
            ])
            .expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flushing to memory")).expect("UTF-8")
}

/// `intake.toml`: the fitted model as an `[[intake]]` block for stream `stream`.
pub fn intake_fragment(
    model: &FittedModel,
    series: &MonthlySeries,
    source: &str,
    stream: &str,
) -> String {
    let generator = model.to_generator();
    let last = series.label(series.values.len() - 1);
    let next = series.label(series.values.len());
    let seasonal: Vec<String> = generator
        .seasonal
        .iter()
        .map(|f| format!("{f:.4}"))
        .collect();
    format!(
        "# Intake fitted by `asielsim forecast` to {source}, {} to {last}.\n\
         # Paste into a scenario that starts on {next}-01 (the month after the data), with the\n\
         # stream name it should feed. The level path is drawn anew in every replication, so\n\
         # results carry the intake uncertainty. For a fixed scenario in the style of the\n\
         # official forecast (MPP), remove `variation` and set multiplier = 0.8 (low),\n\
         # 1.0 (medium) or 1.25 (high).\n\
         [[intake]]\n\
         stream = \"{stream}\"\n\
         per_month = {:.1}\n\
         seasonal = [{}]\n\
         variation = {{ phi = {:.4}, sigma = {:.4}, initial = {:.4} }}\n",
        series.label(0),
        generator.per_month,
        seasonal.join(", "),
        generator.phi,
        generator.sigma,
        generator.initial,
    )
}

/// The files of a forecast of `series` (shown by `report`, made from `input`), for
/// [`write_forecast`]: `forecast.csv`, `intake.toml` for the stream `stream`, the report's
/// `fan_chart.svg` (empty when it has none) and, when backtested, `backtest.csv`.
pub fn forecast_files(
    input: &ForecastInput<'_>,
    series: &MonthlySeries,
    stream: &str,
    report: &Report,
) -> Vec<(&'static str, String)> {
    let svg = report
        .plot("fan_chart")
        .map_or(String::new(), |p| p.svg.clone());
    let mut files = vec![
        ("forecast.csv", forecast_csv(input.forecast)),
        (
            "intake.toml",
            intake_fragment(input.model, series, input.source, stream),
        ),
        ("fan_chart.svg", svg),
    ];
    if let Some(b) = input.backtest {
        files.push(("backtest.csv", backtest_csv(b)));
    }
    files
}

/// Writes a folder `dir` holding the forecast files, replacing it as a whole (see [`Folder`]).
pub fn write_forecast(dir: &Path, files: &[(&str, String)]) -> Result<(), FolderError> {
    let mut folder = Folder::new("forecast");
    for (name, content) in files {
        folder.add(*name, content.clone());
    }
    folder.write(dir)
}
