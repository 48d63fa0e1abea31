//! The report of an intake forecast: the fan chart, the fitted model and the backtest.

use crate::forecast::{Backtest, FittedModel, ForecastMonth, MonthlySeries};
use crate::plot::{self, PlotError, format_count};
use crate::report::html::{Card, Page, Table};
use crate::report::{Plot, Report};

/// What a forecast report shows.
#[derive(Clone, Copy, Debug)]
pub struct ForecastInput<'a> {
    /// The data: file and column, e.g. "data/x.csv (column sum)".
    pub source: &'a str,
    /// The series in words, for the title: its column, or "sum of a, b, c".
    pub series: &'a str,
    /// A warning on the series (the data notes mark it as partial), shown under the headline.
    pub warning: Option<&'a str>,
    /// The observed months and values.
    pub history: &'a [(String, f64)],
    /// The forecast months.
    pub forecast: &'a [ForecastMonth],
    /// The fitted model.
    pub model: &'a FittedModel,
    /// The backtest, when the series was long enough.
    pub backtest: Option<&'a Backtest>,
    /// Seed of the simulated forecast paths.
    pub seed: u64,
}

/// The observed months of `series` with their values, for [`ForecastInput::history`].
pub fn forecast_history(series: &MonthlySeries) -> Vec<(String, f64)> {
    series
        .values
        .iter()
        .enumerate()
        .map(|(t, v)| (series.label(t), *v))
        .collect()
}

/// The report of a forecast; its chart is named `fan_chart`.
pub fn forecast_report(input: &ForecastInput<'_>) -> Result<Report, PlotError> {
    let title = format!("Intake forecast (prognose): {}", input.series);
    let fan = Plot {
        name: "fan_chart".into(),
        title: title.clone(),
        svg: plot::fan_chart(&title, "cases per month", input.history, input.forecast)?,
    };
    let (first, last) = (
        input.history.first().map_or("", |(m, _)| m.as_str()),
        input.history.last().map_or("", |(m, _)| m.as_str()),
    );
    let mut page = Page::new(
        &title,
        &format!(
            "{}: {} observed months ({first} to {last}), {} months forecast, seed {}",
            input.source,
            input.history.len(),
            input.forecast.len(),
            input.seed
        ),
    );
    page.section("headline", "Headline");
    if let Some(warning) = input.warning {
        page.note(&format!("Warning: {warning}."));
    }
    let next12: f64 = input.forecast.iter().take(12).map(|f| f.mean).sum();
    let last12: f64 = input.history.iter().rev().take(12).map(|(_, v)| v).sum();
    let mut cards = vec![
        Card {
            label: "Forecast, next 12 months (mean)".into(),
            value: format!("{} cases", format_count(next12)),
            note: format!("the last 12 observed months had {}", format_count(last12)),
        },
        Card {
            label: "Fitted level".into(),
            value: format!(
                "{} a month",
                format_count(input.model.to_generator().per_month)
            ),
            note: format!(
                "before the season; AR(1) phi {:.2}, sigma {:.2} on the log scale",
                input.model.phi, input.model.sigma
            ),
        },
    ];
    if let Some(b) = input.backtest {
        let mean = |f: fn(&crate::forecast::BacktestRow) -> f64| {
            b.rows.iter().map(f).sum::<f64>() / b.rows.len().max(1) as f64
        };
        cards.push(Card {
            label: "Backtest error (MASE, lower is better)".into(),
            value: format!("{:.2}", mean(|r| r.mase_model)),
            note: format!(
                "seasonal naive {:.2}; {} origins",
                mean(|r| r.mase_naive),
                b.n_origins
            ),
        });
        cards.push(Card {
            label: "Backtest: actuals inside the 80% / 95% intervals".into(),
            value: format!(
                "{:.0}% / {:.0}%",
                100.0 * mean(|r| r.coverage80_model),
                100.0 * mean(|r| r.coverage95_model)
            ),
            note: "close to 80% / 95% means honest intervals".into(),
        });
    }
    page.headline(&cards);
    page.section("chart", "Forecast");
    page.figure(&fan, "The black line is the observed intake (instroom) per month; after it, the blue line is the forecast median and the shaded bands hold the future months with 50%, 80% and 95% probability under the fitted model (simulated paths). Wide bands are the honest message: intake has moved by 30% and more within a year before.");
    page.section("table", "Forecast per month");
    let rows = input
        .forecast
        .iter()
        .map(|f| {
            vec![
                f.month.clone(),
                format_count(f.mean),
                format_count(f.p50),
                format!("{} to {}", format_count(f.lo80), format_count(f.hi80)),
                format!("{} to {}", format_count(f.lo95), format_count(f.hi95)),
            ]
        })
        .collect();
    page.table(
        "",
        &Table {
            header: ["month", "mean", "median", "80% interval", "95% interval"]
                .map(String::from)
                .to_vec(),
            rows,
            numeric: vec![false, true, true, true, true],
            marked: Vec::new(),
        },
    );
    let mut plots = vec![fan];
    if let Some(b) = input.backtest {
        page.section("backtest", "Backtest");
        page.paragraph(&format!(
            "The model was refitted at {} past origins on the data before each and its forecasts compared with what happened, next to the seasonal-naive forecast (the value twelve months earlier). MASE below 1 beats the in-sample naive error.",
            b.n_origins
        ));
        let chart = backtest_chart(b)?;
        page.figure(&chart, "Forecast error by months ahead: the fitted model in red, seasonal naive (each month forecast by the same month a year before) in blue just below it. The error is the mean absolute scaled error: 1 (the dashed line) is the typical in-sample error of seasonal naive; lower is better, and a red dot left of its blue one means the model beats seasonal naive at that horizon.");
        plots.push(chart);
        let rows = b
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.horizon.to_string(),
                    format!("{:.2}", r.mase_model),
                    format!("{:.2}", r.mase_naive),
                    format!(
                        "{:.0}% / {:.0}%",
                        100.0 * r.coverage80_model,
                        100.0 * r.coverage95_model
                    ),
                    format!(
                        "{:.0}% / {:.0}%",
                        100.0 * r.coverage80_naive,
                        100.0 * r.coverage95_naive
                    ),
                ]
            })
            .collect();
        page.table(
            "",
            &Table {
                header: [
                    "months ahead",
                    "MASE model",
                    "MASE seasonal naive",
                    "coverage 80% / 95%, model",
                    "coverage 80% / 95%, naive",
                ]
                .map(String::from)
                .to_vec(),
                rows,
                numeric: vec![true, true, true, true, true],
                marked: Vec::new(),
            },
        );
    }
    let html = page.finish(&format!(
        "asielsim {}: forecast of {}, seed {}.",
        env!("CARGO_PKG_VERSION"),
        input.source,
        input.seed
    ));
    Ok(Report { html, plots })
}

/// The backtest's error per horizon, model and seasonal naive, as a dot chart.
fn backtest_chart(b: &Backtest) -> Result<Plot, PlotError> {
    let labels: Vec<(String, String)> = b
        .rows
        .iter()
        .map(|r| {
            (
                format!("{} months ahead: model", r.horizon),
                format!("{} months ahead: seasonal naive", r.horizon),
            )
        })
        .collect();
    let mut rows = Vec::new();
    for (r, (model, naive)) in b.rows.iter().zip(&labels) {
        rows.push(plot::IntervalRow {
            label: model,
            value: r.mase_model,
            low: f64::NAN,
            high: f64::NAN,
            emphasis: true,
        });
        rows.push(plot::IntervalRow {
            label: naive,
            value: r.mase_naive,
            low: f64::NAN,
            high: f64::NAN,
            emphasis: false,
        });
    }
    let title = "Backtest: forecast error by months ahead";
    let svg = plot::interval_chart(
        &plot::IntervalChart {
            title,
            axis_label: "mean absolute scaled error (MASE)",
            unit: plot::Unit::Number,
            value_label: "seasonal naive",
            interval_label: "",
            emphasis_label: Some("the fitted model"),
            reference: Some((1.0, "in-sample seasonal-naive error")),
        },
        &rows,
    )?;
    Ok(Plot {
        name: "backtest".into(),
        title: title.into(),
        svg,
    })
}
