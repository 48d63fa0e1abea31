//! What a search turns: its range, the fixed changes to the scenario file, and the candidate
//! scenarios of a lever.

use toml::Table;

use crate::sweep;

/// Parses an inclusive range `from..to` of whole numbers with `from <= to`.
pub fn parse_range(text: &str) -> Option<(u32, u32)> {
    text.split_once("..")
        .and_then(|(a, b)| Some((a.trim().parse::<u32>().ok()?, b.trim().parse::<u32>().ok()?)))
        .filter(|(a, b)| a <= b)
}

/// A fixed setting that cannot be applied. The message starts with the setting as given.
#[derive(Debug, thiserror::Error)]
pub enum FixedError {
    /// Not `PATH=VALUE`, or no such key or entry in the scenario file.
    #[error("{text}: {message}")]
    Invalid {
        /// The setting as given.
        text: String,
        /// What is wrong.
        message: String,
    },
    /// More than one value: a grid, which is a sweep's.
    #[error(
        "{text} gives {n} values; run and plan take one per setting\n  fix: use `asielsim sweep` for a grid"
    )]
    Several {
        /// The setting as given.
        text: String,
        /// How many values it gives.
        n: usize,
    },
}

/// Applies fixed settings `PATH=VALUE` (one value each, as in a sweep) to a scenario file's
/// table, in order.
pub fn apply_fixed(table: &mut Table, settings: &[String]) -> Result<(), FixedError> {
    for text in settings {
        let invalid = |e: &dyn std::fmt::Display| FixedError::Invalid {
            text: text.clone(),
            message: e.to_string(),
        };
        let setting = sweep::parse_setting(text).map_err(|e| invalid(&e))?;
        let [value] = setting.values.as_slice() else {
            return Err(FixedError::Several {
                text: text.clone(),
                n: setting.values.len(),
            });
        };
        sweep::apply(table, &setting.path, value.clone()).map_err(|e| invalid(&e))?;
    }
    Ok(())
}

/// The first of `settings` (`PATH=VALUE`, as [`apply_fixed`] takes them) that sets a key one of
/// `scenario`'s uncertain inputs draws anew in every replication, so that it would have no
/// effect: the setting and the input's name.
pub fn drawn_setting<'a>(
    scenario: &crate::scenario::Scenario,
    settings: &'a [String],
) -> Option<(&'a str, String)> {
    settings.iter().find_map(|text| {
        let path = text
            .split_once('=')
            .map_or(text.as_str(), |(p, _)| p)
            .trim();
        scenario
            .uncertainty
            .input_at(path)
            .map(|input| (text.as_str(), input.name.clone()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive_and_ordered() {
        assert_eq!(parse_range("10..20"), Some((10, 20)));
        assert_eq!(parse_range(" 5 .. 5"), Some((5, 5)));
        assert_eq!(parse_range("20..10"), None);
        assert_eq!(parse_range("10-20"), None);
        assert_eq!(parse_range("-1..3"), None);
    }

    #[test]
    fn fixed_settings_take_one_value_each() {
        let mut table: Table = toml::from_str("[run]\nreplications = 3\n").unwrap();
        apply_fixed(&mut table, &["run.replications=7".into()]).unwrap();
        assert_eq!(table["run"]["replications"].as_integer(), Some(7));
        let err = apply_fixed(&mut table, &["run.replications=1,2".into()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "run.replications=1,2 gives 2 values; run and plan take one per setting\n  fix: use `asielsim sweep` for a grid"
        );
        let err = apply_fixed(&mut table, &["nothing.here=1".into()]).unwrap_err();
        assert!(err.to_string().starts_with("nothing.here=1: "), "{err}");
    }
}
