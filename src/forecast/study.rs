//! A whole forecast of one column of a monthly CSV, as the `forecast` command makes it: parse,
//! choose the column, fit, simulate the forecast, and backtest where the history allows.

use std::path::Path;

use crate::forecast::{
    Backtest, ColumnError, FittedModel, ForecastError, ForecastMonth, MIN_MONTHS, MonthlySeries,
    backtest, choose_column, fit, forecast, parse_monthly_csv,
};

/// Longest forecast horizon in months.
pub const MAX_HORIZON: usize = 240;
/// Longest backtest horizon in months.
const BACKTEST_HORIZON: usize = 12;

/// A forecast of one series with its fitted model and backtest.
#[derive(Clone, Debug)]
pub struct Study {
    /// The column forecast (`sum` for the total of all columns).
    pub name: String,
    /// The series in words, for titles: the column's name, or "sum of a, b, c" for `sum`.
    pub title: String,
    /// Its history.
    pub series: MonthlySeries,
    /// The fitted model.
    pub model: FittedModel,
    /// The forecast months.
    pub rows: Vec<ForecastMonth>,
    /// The rolling-origin backtest, when the history is longer than the fitting window.
    pub backtest: Option<Backtest>,
}

/// Why a forecast cannot be made. [`StudyError::message`] names the file.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// The file is not a monthly CSV.
    #[error("{0}\n  fix: give a monthly CSV with a month column (YYYY-MM) and count columns")]
    Csv(ForecastError),
    /// No column could be chosen.
    #[error("{0}")]
    Column(ColumnError),
    /// The horizon is 0 or above [`MAX_HORIZON`].
    #[error("--horizon must be 1 to 240 months")]
    Horizon,
    /// The series cannot be fitted (too short, negative counts...).
    #[error("{0}")]
    Fit(ForecastError),
    /// The backtest failed.
    #[error("{0}")]
    Backtest(ForecastError),
}

impl StudyError {
    /// The message for the file at `path`, as the command prints it.
    pub fn message(&self, path: &Path) -> String {
        match self {
            StudyError::Csv(_) | StudyError::Fit(_) => format!("{}: {self}", path.display()),
            StudyError::Column(_) => format!("{} {self}", path.display()),
            StudyError::Horizon | StudyError::Backtest(_) => self.to_string(),
        }
    }
}

/// Forecasts column `column` of the monthly CSV `text` (`None` for its only column, `sum` for
/// the total) `horizon` months ahead with the simulated paths of `seed`, and backtests it.
pub fn study(
    text: &str,
    column: Option<&str>,
    horizon: usize,
    seed: u64,
) -> Result<Study, StudyError> {
    let columns = parse_monthly_csv(text).map_err(StudyError::Csv)?;
    let (name, series) = choose_column(&columns, column).map_err(StudyError::Column)?;
    let title = if column == Some("sum") {
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        format!("sum of {}", names.join(", "))
    } else {
        name.clone()
    };
    if horizon == 0 || horizon > MAX_HORIZON {
        return Err(StudyError::Horizon);
    }
    let model = fit(&series).map_err(StudyError::Fit)?;
    let rows = forecast(&series, &model, horizon, seed);
    let backtest_horizon = BACKTEST_HORIZON.min(series.values.len().saturating_sub(MIN_MONTHS));
    let backtest = if backtest_horizon > 0 {
        Some(backtest(&series, backtest_horizon, seed).map_err(StudyError::Backtest)?)
    } else {
        None
    };
    Ok(Study {
        name,
        title,
        series,
        model,
        rows,
        backtest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_study_names_its_file_in_messages() {
        let path = Path::new("data.csv");
        let err = study("month,a\n2020-01,1\n", None, 0, 1).unwrap_err();
        assert_eq!(err.message(path), "--horizon must be 1 to 240 months");
        let err = study("month,a,b\n2020-01,1,2\n", None, 12, 1).unwrap_err();
        assert!(
            err.message(path)
                .starts_with("data.csv has several columns (a, b)")
        );
        let err = study("month,a\n2020-01,1\n", None, 12, 1).unwrap_err();
        assert!(
            err.message(path).starts_with("data.csv: "),
            "{}",
            err.message(path)
        );
    }
}
