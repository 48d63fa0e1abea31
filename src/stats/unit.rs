//! What a value measures: the unit every metric carries in the catalogue and every chart and
//! table writes it in (formatting lives with the charts, in `plot::units`).

/// What a value measures, which decides how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A number of cases or decisions: "12,345".
    Count,
    /// A share between 0 and 1: "87.5%".
    Share,
    /// Money in euro: "EUR 17.6 M", "EUR 450,000".
    Euro,
    /// A duration in days: "123.4 days".
    Days,
    /// Any other number: "0.42".
    Number,
}

impl Unit {
    /// The unit's word in `metrics.csv`: `count`, `share`, `eur`, `days` or `number`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Share => "share",
            Unit::Euro => "eur",
            Unit::Days => "days",
            Unit::Number => "number",
        }
    }

    /// The values a quantity in this unit can take, `(low, high)`: a share lies in [0, 1];
    /// counts, money (penalties and costs) and durations are never negative; any other number
    /// is unbounded.
    pub fn range(self) -> (f64, f64) {
        match self {
            Unit::Share => (0.0, 1.0),
            Unit::Count | Unit::Euro | Unit::Days => (0.0, f64::INFINITY),
            Unit::Number => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }
}
