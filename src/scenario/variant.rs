//! Variant files: a scenario that names a `base` and overrides parts of it, so comparisons do not
//! need copied scenario files.
//!
//! Merge rules (documented in the README, "Variants"):
//! - tables merge key by key, recursively: a key in the variant replaces the base's value;
//! - arrays of tables whose entries have a `name` (`[[pool]]`, `[[step]]`, `[[stream]]`,
//!   `[[law.term]]`, ...) merge by name: an entry with a name the base has merges into that entry,
//!   key by key; an entry with a new name is added at the end;
//! - every other array (`seasonal`, `branch`, `[[step.route]]`, `[[intake]]`,
//!   `[[backlog.synthetic]]`, ...) is replaced whole;
//! - a base may itself have a base (up to [`MAX_DEPTH`] levels); paths are relative to the file
//!   that names them.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::error::ScenarioError;

/// Most levels of `base` a variant may stack.
const MAX_DEPTH: usize = 8;

/// The merged table of `table` (read from `path`) over its bases, without `base` keys, and the
/// texts of every file involved (the variant first), for the manifest's hash.
pub(crate) fn resolve(
    mut table: Table,
    path: &Path,
    text: &str,
) -> Result<(Table, String), ScenarioError> {
    let mut texts = text.to_string();
    let mut chain: Vec<PathBuf> = vec![path.to_path_buf()];
    let mut layers = Vec::new();
    let mut current_path = path.to_path_buf();
    while let Some(base) = table.remove("base") {
        let Value::String(base) = base else {
            return Err(invalid(
                &current_path,
                "`base` must be a path in quotes, e.g. base = \"../baseline.toml\"",
            ));
        };
        let base_path = current_path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join(&base);
        if chain.iter().any(|p| same_file(p, &base_path)) {
            return Err(invalid(
                &current_path,
                &format!("`base = \"{base}\"` makes a circle of variants"),
            ));
        }
        if chain.len() > MAX_DEPTH {
            return Err(invalid(
                &current_path,
                &format!("more than {MAX_DEPTH} levels of base"),
            ));
        }
        let base_text = std::fs::read_to_string(&base_path).map_err(|source| {
            let folder = current_path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or_else(|| Path::new("."));
            ScenarioError::Invalid {
                path: current_path.clone(),
                problems: vec![crate::error::Problem {
                    field: "base".into(),
                    problem: format!(
                        "the base scenario \"{base}\" of this variant cannot be read ({}): {source}",
                        base_path.display()
                    ),
                    fix: format!(
                        "`base` is relative to the variant's own folder ({}), not to the current folder; correct the path",
                        folder.display()
                    ),
                }],
            }
        })?;
        let base_table: Table = toml::from_str(&base_text).map_err(|e| ScenarioError::Syntax {
            path: base_path.clone(),
            field: String::new(),
            line: 0,
            column: 0,
            message: e.to_string(),
        })?;
        texts.push('\n');
        texts.push_str(&base_text);
        layers.push(std::mem::replace(&mut table, base_table));
        chain.push(base_path.clone());
        current_path = base_path;
    }
    // `table` is now the deepest base; apply the variants from the deepest up.
    for layer in layers.into_iter().rev() {
        merge(&mut table, layer);
    }
    Ok((table, texts))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn invalid(path: &Path, message: &str) -> ScenarioError {
    ScenarioError::Invalid {
        path: path.to_path_buf(),
        problems: vec![crate::error::Problem {
            field: "base".into(),
            problem: message.into(),
            fix: "point `base` at the scenario this file varies".into(),
        }],
    }
}

/// Merges `over` into `base` by the rules above.
pub(crate) fn merge(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o),
            (Some(Value::Array(b)), Value::Array(o)) if named_tables(b) && named_tables(&o) => {
                for entry in o {
                    let name = entry.get("name").and_then(Value::as_str).map(str::to_owned);
                    let existing = b
                        .iter_mut()
                        .find(|e| e.get("name").and_then(Value::as_str) == name.as_deref());
                    match (existing, entry) {
                        (Some(Value::Table(e)), Value::Table(n)) => merge(e, n),
                        (_, entry) => b.push(entry),
                    }
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Removes the key or named entry at dotted `path` (e.g. `law.extension.exceptional`, where a
/// part after an array of named tables is an entry's name), or says why it cannot.
pub(crate) fn remove_path(table: &mut Table, path: &str) -> Result<(), String> {
    let parts: Vec<&str> = path.split('.').collect();
    let (last, inner) = parts.split_last().ok_or("an empty path")?;
    let mut here = table;
    for (i, part) in inner.iter().enumerate() {
        let next = match here.get_mut(*part) {
            Some(Value::Table(t)) => t,
            Some(Value::Array(entries)) => {
                let name = parts.get(i + 1).copied().unwrap_or_default();
                let pos = entries
                    .iter()
                    .position(|e| e.get("name").and_then(Value::as_str) == Some(name))
                    .ok_or_else(|| format!("\"{path}\": {part} has no entry named \"{name}\""))?;
                if i + 2 == parts.len() {
                    entries.remove(pos);
                    return Ok(());
                }
                return remove_path(
                    entries[pos]
                        .as_table_mut()
                        .ok_or_else(|| format!("\"{path}\": not a table"))?,
                    &parts[i + 2..].join("."),
                );
            }
            _ => return Err(format!("\"{path}\": there is no {part} here")),
        };
        here = next;
    }
    here.remove(*last)
        .map(|_| ())
        .ok_or_else(|| format!("\"{path}\": there is no {last} to remove"))
}

/// True for a non-empty array whose entries are all tables with a string `name`.
fn named_tables(array: &[Value]) -> bool {
    !array.is_empty()
        && array.iter().all(|v| {
            v.as_table()
                .and_then(|t| t.get("name"))
                .is_some_and(Value::is_str)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_entries_merge_and_other_arrays_are_replaced() {
        let mut base: Table = toml::from_str(
            r#"
            [run]
            horizon_days = 100
            replications = 10
            [[pool]]
            name = "a"
            servers = 1
            [[pool]]
            name = "b"
            servers = 2
            [[intake]]
            stream = "s"
            seasonal = [1, 2]
            "#,
        )
        .unwrap();
        let over: Table = toml::from_str(
            r#"
            [run]
            replications = 50
            [[pool]]
            name = "b"
            servers = 5
            [[pool]]
            name = "c"
            servers = 3
            [[intake]]
            stream = "s"
            per_month = 7
            "#,
        )
        .unwrap();
        merge(&mut base, over);
        assert_eq!(base["run"]["horizon_days"].as_integer(), Some(100));
        assert_eq!(base["run"]["replications"].as_integer(), Some(50));
        let pools = base["pool"].as_array().unwrap();
        let servers: Vec<(String, i64)> = pools
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap().to_string(),
                    p["servers"].as_integer().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            servers,
            vec![("a".into(), 1), ("b".into(), 5), ("c".into(), 3)]
        );
        let intake = base["intake"].as_array().unwrap();
        assert_eq!(intake.len(), 1);
        assert!(
            intake[0].get("seasonal").is_none(),
            "unnamed arrays are replaced whole"
        );
    }
}
