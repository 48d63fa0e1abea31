//! Choosing the series to forecast among the columns of a monthly CSV.

use crate::forecast::MonthlySeries;

/// Why no column could be chosen. The message follows the file's name, e.g.
/// "data.csv has several columns (a, b)".
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ColumnError {
    /// Several columns and none named.
    #[error(
        "has several columns ({})\n  fix: choose one with --column NAME, or --column sum for their total",
        .0.join(", ")
    )]
    Several(Vec<String>),
    /// The named column does not exist.
    #[error("has no column \"{wanted}\"\n  fix: use one of {}", names.join(", "))]
    Missing {
        /// The column asked for.
        wanted: String,
        /// The columns there are.
        names: Vec<String>,
    },
}

/// The column `wanted` of `columns` with its name, the only column when none is named, or with
/// `sum` the month-by-month total of all columns (named `sum`).
pub fn choose_column(
    columns: &[(String, MonthlySeries)],
    wanted: Option<&str>,
) -> Result<(String, MonthlySeries), ColumnError> {
    let names: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
    match (wanted, columns.len()) {
        (None, 1) => Ok(columns[0].clone()),
        (None, _) | (Some(_), 0) => Err(ColumnError::Several(names)),
        (Some("sum"), _) => {
            let first = columns[0].1.first;
            let n = columns[0].1.values.len();
            let values = (0..n)
                .map(|t| columns.iter().map(|(_, s)| s.values[t]).sum())
                .collect();
            Ok(("sum".to_string(), MonthlySeries { first, values }))
        }
        (Some(wanted), _) => columns
            .iter()
            .find(|(n, _)| n == wanted)
            .cloned()
            .ok_or_else(|| ColumnError::Missing {
                wanted: wanted.to_string(),
                names,
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_chosen_by_name_alone_or_summed() {
        let series = |v: f64| MonthlySeries {
            first: (2020, 1),
            values: vec![v, v + 1.0],
        };
        let columns = vec![
            ("a".to_string(), series(1.0)),
            ("b".to_string(), series(10.0)),
        ];
        assert_eq!(choose_column(&columns, Some("b")).unwrap().1, series(10.0));
        assert_eq!(
            choose_column(&columns, Some("sum")).unwrap(),
            (
                "sum".to_string(),
                MonthlySeries {
                    first: (2020, 1),
                    values: vec![11.0, 13.0]
                }
            )
        );
        assert_eq!(
            choose_column(&columns, None),
            Err(ColumnError::Several(vec!["a".into(), "b".into()]))
        );
        assert!(matches!(
            choose_column(&columns, Some("c")),
            Err(ColumnError::Missing { .. })
        ));
        assert_eq!(choose_column(&columns[..1], None).unwrap().0, "a");
    }
}
