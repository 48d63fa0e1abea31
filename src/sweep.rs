//! Sweeps: a grid of scenario settings, each point a copy of the base scenario with some values
//! replaced, all run with the same seed (common random numbers).
//!
//! A setting is `path=values`: the path names a key in the scenario file, with entries of named
//! arrays addressed by name (`pool.decision_ter_apel.fte`, `policy.name`, `run.replications`);
//! the values are a list (`uniform,deadline`, `0.8,1.0,1.25`) or a numeric range
//! `from..to:step` (inclusive, e.g. `100..140:20` is 100, 120, 140).

mod grid;
mod results;

use toml::{Table, Value};

/// A setting that cannot be parsed or applied to a scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SweepError {
    /// The text has no `=`.
    #[error("\"{0}\" is not path=values (e.g. pool.decision_ter_apel.fte=100..140:20)")]
    NotASetting(String),
    /// The path is empty or has an empty part (`a..b`, `.a`).
    #[error("\"{0}\" is not a dotted path")]
    NotAPath(String),
    /// A range `from..to` without `:step`.
    #[error("the range \"{0}\" needs a step: from..to:step, e.g. 100..140:20")]
    NoStep(String),
    /// A bound or the step of a range is not a number.
    #[error("\"{part}\" in \"{range}\" is not a number")]
    NotANumber {
        /// The part as written.
        part: String,
        /// The whole range.
        range: String,
    },
    /// A range whose end is below its start, or whose step is not positive.
    #[error("the range \"{0}\" needs from <= to and a positive step")]
    BadRange(String),
    /// A range of more than 1000 values.
    #[error("the range \"{range}\" has {n} values; at most 1000")]
    TooManyValues {
        /// The range as written.
        range: String,
        /// Its number of values.
        n: usize,
    },
    /// A part of the path names no key or section of the scenario.
    #[error("`{path}`: the scenario has no `{key}`")]
    NoKey {
        /// The path.
        path: String,
        /// The missing key.
        key: String,
    },
    /// A part of the path names no entry of a named array.
    #[error("`{path}`: no [[{key}]] named \"{name}\"")]
    NoEntry {
        /// The path.
        path: String,
        /// The array (`pool`, `step`).
        key: String,
        /// The name that matches no entry.
        name: String,
    },
    /// The path goes on below a plain value.
    #[error("`{path}`: `{key}` is a value, not a section")]
    NotASection {
        /// The path.
        path: String,
        /// The key that holds a value.
        key: String,
    },
    /// The path ends at an entry of a named array, not at a key in it.
    #[error("`{0}` names an entry, not a key in it")]
    NoKeyInEntry(String),
}
pub use grid::{GridError, Point, SweepCsv, points};
pub use results::{DEFAULT_CHARTED, SweepResults, charted_metrics};

/// One swept setting: where, and the values it takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    /// The dotted path as written.
    pub path: String,
    /// The values, in order.
    pub values: Vec<Value>,
}

/// Parses `path=values`.
pub fn parse_setting(text: &str) -> Result<Setting, SweepError> {
    let (path, values) = text
        .split_once('=')
        .ok_or_else(|| SweepError::NotASetting(text.to_string()))?;
    let path = path.trim();
    if path.is_empty() || path.split('.').any(str::is_empty) {
        return Err(SweepError::NotAPath(path.to_string()));
    }
    let values = values.trim();
    let parsed = if let Some((from, rest)) = values.split_once("..") {
        let (to, step) = rest
            .split_once(':')
            .ok_or_else(|| SweepError::NoStep(values.to_string()))?;
        let number = |s: &str| {
            s.trim().parse::<f64>().map_err(|_| SweepError::NotANumber {
                part: s.to_string(),
                range: values.to_string(),
            })
        };
        let (from, to, step) = (number(from)?, number(to)?, number(step)?);
        if step.is_nan() || step <= 0.0 || to < from {
            return Err(SweepError::BadRange(values.to_string()));
        }
        let n = ((to - from) / step + 1e-9).floor() as usize + 1;
        if n > 1000 {
            return Err(SweepError::TooManyValues {
                range: values.to_string(),
                n,
            });
        }
        let integers = [from, step].iter().all(|v| v.fract() == 0.0);
        (0..n)
            .map(|i| {
                let v = from + step * i as f64;
                if integers {
                    Value::Integer(v as i64)
                } else {
                    Value::Float(v)
                }
            })
            .collect()
    } else {
        values
            .split(',')
            .map(|v| {
                let v = v.trim();
                if let Ok(i) = v.parse::<i64>() {
                    Value::Integer(i)
                } else if let Ok(f) = v.parse::<f64>() {
                    Value::Float(f)
                } else if v == "true" || v == "false" {
                    Value::Boolean(v == "true")
                } else {
                    Value::String(v.to_string())
                }
            })
            .collect()
    };
    Ok(Setting {
        path: path.to_string(),
        values: parsed,
    })
}

/// Sets `path` in `table` to `value`; an entry of a named array is addressed by its name, or
/// by a pattern with `*` for any run of characters (`pool.decision_*.work_factor` sets the key in
/// every pool whose name starts with `decision_`; a pattern must match at least one entry).
pub fn apply(table: &mut Table, path: &str, value: Value) -> Result<(), SweepError> {
    let parts: Vec<&str> = path.split('.').collect();
    apply_at(table, &parts, path, &value)
}

/// The names of the entries `path` reaches in `table` for each named array on its way, joined
/// with their keys: `pool.decision_*.work_factor` gives `pool.decision_ter_apel.work_factor`,
/// `pool.decision_zevenaar.work_factor`, ... (a path without patterns gives itself).
pub fn expand(table: &Table, path: &str) -> Result<Vec<String>, SweepError> {
    let mut probe = table.clone();
    let parts: Vec<&str> = path.split('.').collect();
    let mut out = Vec::new();
    expand_at(&mut probe, &parts, path, &mut Vec::new(), &mut out)?;
    Ok(out)
}

fn apply_at(
    table: &mut Table,
    parts: &[&str],
    path: &str,
    value: &Value,
) -> Result<(), SweepError> {
    let mut found = Vec::new();
    expand_at(table, parts, path, &mut Vec::new(), &mut found)?;
    for full in found {
        set_exact(table, &full, value.clone());
    }
    Ok(())
}

/// Collects in `out` the exact paths `parts` reaches (a pattern expanded to every matching
/// entry), or the first reason it reaches none.
fn expand_at(
    table: &mut Table,
    parts: &[&str],
    path: &str,
    prefix: &mut Vec<String>,
    out: &mut Vec<String>,
) -> Result<(), SweepError> {
    let key = parts[0];
    if parts.len() == 1 {
        let mut full = prefix.clone();
        full.push(key.to_string());
        out.push(full.join("."));
        return Ok(());
    }
    let next = table.get_mut(key).ok_or_else(|| SweepError::NoKey {
        path: path.to_string(),
        key: key.to_string(),
    })?;
    match next {
        Value::Table(t) => {
            prefix.push(key.to_string());
            let result = expand_at(t, &parts[1..], path, prefix, out);
            prefix.pop();
            result
        }
        Value::Array(entries) => {
            let name = parts[1];
            if parts.len() == 2 {
                return Err(SweepError::NoKeyInEntry(path.to_string()));
            }
            let mut matched = false;
            for entry in entries.iter_mut().filter_map(Value::as_table_mut) {
                let Some(entry_name) = entry
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                else {
                    continue;
                };
                if !matches(name, &entry_name) {
                    continue;
                }
                matched = true;
                prefix.push(key.to_string());
                prefix.push(entry_name);
                let result = expand_at(entry, &parts[2..], path, prefix, out);
                prefix.pop();
                prefix.pop();
                result?;
            }
            if matched {
                Ok(())
            } else {
                Err(SweepError::NoEntry {
                    path: path.to_string(),
                    key: key.to_string(),
                    name: name.to_string(),
                })
            }
        }
        _ => Err(SweepError::NotASection {
            path: path.to_string(),
            key: key.to_string(),
        }),
    }
}

/// Sets an exact path (as [`expand`] gives it; entry names contain no `.`) in `table`.
fn set_exact(table: &mut Table, full: &str, value: Value) {
    let parts: Vec<&str> = full.split('.').collect();
    let mut current = table;
    let mut i = 0;
    while i + 1 < parts.len() {
        current = match current.get_mut(parts[i]) {
            Some(Value::Table(t)) => {
                i += 1;
                t
            }
            Some(Value::Array(entries)) => {
                let name = parts[i + 1];
                i += 2;
                match entries
                    .iter_mut()
                    .filter_map(Value::as_table_mut)
                    .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
                {
                    Some(t) => t,
                    None => return,
                }
            }
            _ => return,
        };
    }
    current.insert(parts[parts.len() - 1].to_string(), value);
}

/// The TOML value that sets `x` at `path` in `table`: a whole number where the key holds an
/// integer now (staff as `servers`, a count), rounded to the nearest; a float otherwise.
pub fn value_like(table: &Table, path: &str, x: f64) -> Value {
    let integer = expand(table, path)
        .ok()
        .and_then(|paths| paths.into_iter().next())
        .is_some_and(|exact| matches!(get_exact(table, &exact), Some(Value::Integer(_))));
    if integer && x.is_finite() {
        Value::Integer(x.round() as i64)
    } else {
        Value::Float(x)
    }
}

/// The value at an exact path (as [`expand`] gives it), if the key is there.
fn get_exact<'t>(table: &'t Table, full: &str) -> Option<&'t Value> {
    let parts: Vec<&str> = full.split('.').collect();
    let mut current = table;
    let mut i = 0;
    while i + 1 < parts.len() {
        current = match current.get(parts[i])? {
            Value::Table(t) => {
                i += 1;
                t
            }
            Value::Array(entries) => {
                let name = parts[i + 1];
                i += 2;
                entries
                    .iter()
                    .filter_map(Value::as_table)
                    .find(|t| t.get("name").and_then(Value::as_str) == Some(name))?
            }
            _ => return None,
        };
    }
    current.get(parts[parts.len() - 1])
}

/// True when the paths `a` and `b` reach a key in common in `table`.
pub fn overlap(table: &Table, a: &str, b: &str) -> bool {
    match (expand(table, a), expand(table, b)) {
        (Ok(x), Ok(y)) => x.iter().any(|p| y.contains(p)),
        _ => false,
    }
}

/// True when `name` matches `pattern`, where `*` stands for any run of characters.
pub fn matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == name;
    }
    let pieces: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Every combination of the settings' values (the first setting varies slowest).
pub fn grid(settings: &[Setting]) -> Vec<Vec<Value>> {
    settings.iter().fold(vec![Vec::new()], |points, setting| {
        points
            .into_iter()
            .flat_map(|point| {
                setting.values.iter().map(move |v| {
                    let mut p = point.clone();
                    p.push(v.clone());
                    p
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_ranges_lists_and_the_grid() {
        let s = parse_setting("pool.decision.fte=100..140:20").unwrap();
        assert_eq!(
            s.values,
            vec![
                Value::Integer(100),
                Value::Integer(120),
                Value::Integer(140)
            ]
        );
        let s = parse_setting("intake.multiplier=0.8..1.0:0.1").unwrap();
        assert_eq!(s.values.len(), 3);
        let p = parse_setting("policy.name=uniform,deadline").unwrap();
        assert_eq!(p.values[1], Value::String("deadline".into()));
        assert!(parse_setting("nothing").is_err());
        assert!(
            parse_setting("a.b=1..5")
                .unwrap_err()
                .to_string()
                .contains("step")
        );
        assert_eq!(
            parse_setting("nothing").unwrap_err().to_string(),
            "\"nothing\" is not path=values (e.g. pool.decision_ter_apel.fte=100..140:20)"
        );
        assert_eq!(
            parse_setting("a.b=1..x:1").unwrap_err().to_string(),
            "\"x\" in \"1..x:1\" is not a number"
        );
        assert_eq!(
            parse_setting("a.b=1..5000:1").unwrap_err().to_string(),
            "the range \"1..5000:1\" has 5000 values; at most 1000"
        );
        let g = grid(&[s.clone(), p.clone()]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[1][1], Value::String("deadline".into()));
    }

    #[test]
    fn patterns_match_entry_names() {
        assert!(matches("decision_*", "decision_ter_apel"));
        assert!(matches("*_ter_apel", "hearing_ter_apel"));
        assert!(matches("*", "anything"));
        assert!(matches("a*b*c", "a_x_b_y_c"));
        assert!(!matches("a*b*c", "a_c"));
        assert!(!matches("decision_*", "hearing_budel"));
        assert!(matches("exact", "exact"));
        assert!(!matches("ab*ba", "aba"));
        let table: Table = toml::from_str(
            "[[pool]]\nname = \"decision_a\"\nfte = 1\n[[pool]]\nname = \"hearing_a\"\nfte = 2\n[[pool]]\nname = \"decision_b\"\nfte = 3\n",
        )
        .unwrap();
        assert_eq!(
            expand(&table, "pool.decision_*.work_factor").unwrap(),
            ["pool.decision_a.work_factor", "pool.decision_b.work_factor"]
        );
        assert_eq!(
            expand(&table, "run.seed").unwrap_err().to_string(),
            "`run.seed`: the scenario has no `run`"
        );
    }

    #[test]
    fn apply_addresses_named_entries() {
        let mut table: Table = toml::from_str(
            "[run]\nseed = 1\n[[pool]]\nname = \"a\"\nfte = 1\n[[pool]]\nname = \"b\"\nfte = 2\n",
        )
        .unwrap();
        apply(&mut table, "pool.b.fte", Value::Integer(7)).unwrap();
        apply(&mut table, "run.seed", Value::Integer(9)).unwrap();
        assert_eq!(table["pool"][1]["fte"].as_integer(), Some(7));
        assert_eq!(table["pool"][0]["fte"].as_integer(), Some(1));
        assert_eq!(table["run"]["seed"].as_integer(), Some(9));
        assert!(
            apply(&mut table, "pool.c.fte", Value::Integer(1))
                .unwrap_err()
                .to_string()
                .contains("no [[pool]] named \"c\"")
        );
        assert!(apply(&mut table, "nosuch.key", Value::Integer(1)).is_err());
        // A pattern sets every entry it matches, and must match one.
        apply(&mut table, "pool.*.fte", Value::Integer(3)).unwrap();
        assert!(apply(&mut table, "pool.x*.fte", Value::Integer(3)).is_err());
        assert_eq!(
            apply(&mut table, "run.seed.x", Value::Integer(1))
                .unwrap_err()
                .to_string(),
            "`run.seed.x`: `seed` is a value, not a section"
        );
        assert_eq!(
            apply(&mut table, "pool.a", Value::Integer(1))
                .unwrap_err()
                .to_string(),
            "`pool.a` names an entry, not a key in it"
        );
    }
}
