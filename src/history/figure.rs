//! A published figure as a scenario's observed-series file gives it, and the period it covers
//! (no dependence on runs, so that scenarios can hold figures).

/// What period an observed figure covers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    /// The whole observation window of the run.
    Run,
    /// A calendar year (a metric per year, such as `decided_first_2023`).
    Year(i16),
    /// The end of a calendar month (`YYYY-MM`; a monthly column, such as `backlog_first@2023-12`).
    MonthEnd(String),
}

impl Period {
    /// `run`, `2023` or `2023-12`, as in `observed_vs_simulated.csv`.
    pub fn label(&self) -> String {
        match self {
            Period::Run => "run".to_string(),
            Period::Year(year) => year.to_string(),
            Period::MonthEnd(month) => month.clone(),
        }
    }

    /// The last day the period covers, as `YYYY-MM-DD` text compared as text (ISO dates order
    /// as text); `None` for the whole run.
    pub fn last_day(&self) -> Option<String> {
        match self {
            Period::Run => None,
            Period::Year(year) => Some(format!("{year:04}-12-31")),
            Period::MonthEnd(month) => Some(
                format!("{month}-01")
                    .parse::<jiff::civil::Date>()
                    .map_or(format!("{month}-31"), |first| {
                        first.last_of_month().to_string()
                    }),
            ),
        }
    }
}

/// One published figure, as the scenario's observed-series file gives it, checked against the
/// scenario's metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservedFigure {
    /// The metric (or `COLUMN@YYYY-MM`) it is compared with.
    pub metric: String,
    /// What the values of a series of figures have in common: the metric's name with `<year>`
    /// for its year (`decided_first_<year>`), the monthly column for a month's end, else the
    /// metric itself. Figures of one family are drawn in one chart.
    pub family: String,
    /// The period it covers.
    pub period: Period,
    /// The published value, in the metric's unit (a share as a fraction, money in euro).
    pub value: f64,
    /// Where it was published.
    pub source: String,
    /// Its line in the file (for messages).
    pub line: usize,
}
