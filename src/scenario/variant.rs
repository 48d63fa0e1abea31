//! Variant files: a scenario that names a `base` and changes parts of it, so comparisons do not
//! need copied scenario files.
//!
//! Operations (documented in the README, "Variants"), applied for each variant over the base as
//! merged so far, in this order:
//! 1. `remove = ["law.extension.exceptional", "run.end_date"]`: removes keys and named entries
//!    ([`remove_path`]); a path that the base does not have is an error;
//! 2. `[replace]`: a table shaped like a scenario whose lists replace the base's lists whole,
//!    named entries too ([`replace`]);
//! 3. the variant's other keys ([`merge`]):
//!    - tables merge key by key, recursively: a key in the variant replaces the base's value;
//!    - arrays of tables whose entries have a `name` (`[[pool]]`, `[[step]]`, `[[stream]]`,
//!      `[[law.term]]`, ...) merge by name: an entry with a name the base has merges into that
//!      entry, key by key; an entry with a new name is added at the end;
//!    - every other array (`seasonal`, `branch`, `[[step.route]]`, `[[intake]]`,
//!      `[[backlog.synthetic]]`, ...) is replaced whole;
//! 4. `[append]`: a table shaped like a scenario whose lists are added to the end of the base's
//!    lists ([`append`]); named entries merge by name as in 3, lists inside them are appended.
//!
//! A base may itself have a base (up to [`MAX_DEPTH`] levels). Paths are relative to the file
//! that names them: `base` to the variant's folder, and the file keys of a base ([`PATH_KEYS`])
//! to the base's folder, whichever variant uses it ([`rebase_paths`]).
//!
//! The operations take and give plain [`Table`]s, so a dated `[[change]]` can apply its `set`
//! and `remove` with the same functions.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::error::{Problem, ScenarioError};

/// Most levels of `base` a variant may stack.
const MAX_DEPTH: usize = 8;

/// The top-level keys of a variant that change its base rather than set values.
pub(crate) const OPERATIONS: [&str; 3] = ["remove", "replace", "append"];

/// Every key that holds a file path, as a dotted path from the top of a scenario (`[]`: every
/// entry of a list). A base's values of these keys are relative to the base's own folder.
pub(crate) const PATH_KEYS: [&str; 3] = ["backlog.file", "intake.[].replay", "metrics.observed"];

/// True when `table` is a variant: it names a `base` or uses an operation on one.
pub(crate) fn is_variant(table: &Table) -> bool {
    table.contains_key("base") || OPERATIONS.iter().any(|op| table.contains_key(*op))
}

/// The merged table of `table` (read from `path`) over its bases, without `base` keys, and the
/// texts of every file involved (the variant first), for the manifest's hash.
pub(crate) fn resolve(
    mut table: Table,
    path: &Path,
    text: &str,
) -> Result<(Table, String), ScenarioError> {
    let mut texts = text.to_string();
    let mut chain: Vec<PathBuf> = vec![path.to_path_buf()];
    // Each variant with the file it came from, the top one first.
    let mut layers: Vec<(Table, PathBuf)> = Vec::new();
    let mut current_path = path.to_path_buf();
    // The folder of the current file, relative to the top variant's folder.
    let mut folder = PathBuf::new();
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
                problems: vec![Problem {
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
        let mut base_table: Table =
            toml::from_str(&base_text).map_err(|e| ScenarioError::Syntax {
                path: base_path.clone(),
                field: String::new(),
                line: 0,
                column: 0,
                message: e.to_string(),
            })?;
        folder = folder.join(Path::new(&base).parent().unwrap_or_else(|| Path::new("")));
        rebase_paths(&mut base_table, &folder);
        texts.push('\n');
        texts.push_str(&base_text);
        let layer = std::mem::replace(&mut table, base_table);
        layers.push((layer, current_path));
        chain.push(base_path.clone());
        current_path = base_path;
    }
    // `table` is now the deepest base: it has nothing to change.
    if let Some(op) = OPERATIONS.iter().find(|op| table.contains_key(**op)) {
        return Err(ScenarioError::Invalid {
            path: current_path,
            problems: vec![Problem {
                field: (*op).into(),
                problem: format!("`{op}` changes a base scenario, but this file names none"),
                fix: format!(
                    "add base = \"<scenario this file varies>\" at the top, or remove `{op}`"
                ),
            }],
        });
    }
    // Apply the variants from the deepest up.
    for (layer, layer_path) in layers.into_iter().rev() {
        apply(&mut table, layer).map_err(|problems| ScenarioError::Invalid {
            path: layer_path,
            problems,
        })?;
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
        problems: vec![Problem {
            field: "base".into(),
            problem: message.into(),
            fix: "point `base` at the scenario this file varies".into(),
        }],
    }
}

/// Applies one variant `layer` (without its `base`) to `base`: its `remove` list, its `[replace]`
/// table, its other keys, then its `[append]` table. Every problem is collected; on an error
/// `base` may be partly changed.
pub(crate) fn apply(base: &mut Table, mut layer: Table) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    let removing = layer.remove("remove");
    let replacing = layer.remove("replace");
    let appending = layer.remove("append");
    let list_fix = "write e.g. remove = [\"run.end_date\", \"pool.decision_budel\"]";
    match removing {
        None => {}
        Some(Value::Array(paths)) => {
            for (idx, path) in paths.iter().enumerate() {
                let field = format!("remove[{idx}]");
                match path {
                    Value::String(path) => {
                        if let Err(why) = remove_path(base, path) {
                            problems.push(Problem {
                                field,
                                problem: format!("cannot remove \"{path}\": {why}"),
                                fix: "give the dotted path of a key or a named entry the base has, e.g. \"law.extension.exceptional\" (see the README, \"Variants\"), or drop it from the list".into(),
                            });
                        }
                    }
                    other => problems.push(Problem {
                        field,
                        problem: format!("must be a path in quotes, got {other}"),
                        fix: list_fix.into(),
                    }),
                }
            }
        }
        Some(other) => problems.push(Problem {
            field: "remove".into(),
            problem: format!("must be a list of paths, got {other}"),
            fix: list_fix.into(),
        }),
    }
    if let Some(over) = section("replace", replacing, &mut problems) {
        replace(base, over);
    }
    merge(base, layer);
    if let Some(over) = section("append", appending, &mut problems) {
        append(base, over);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The table of operation `op` (`replace` or `append`), or a problem when it is not a table.
fn section(op: &str, value: Option<Value>, problems: &mut Vec<Problem>) -> Option<Table> {
    match value? {
        Value::Table(table) => Some(table),
        other => {
            problems.push(Problem {
                field: op.into(),
                problem: format!("must be a table shaped like a scenario, got {other}"),
                fix: format!(
                    "write [{op}.<section>] or [[{op}.<list>]] headers, e.g. [[{op}.backlog.synthetic]]"
                ),
            });
            None
        }
    }
}

/// How lists of the overlay meet lists of the base.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lists {
    /// Named entries merge by name; other lists are replaced.
    Merge,
    /// Every list is replaced whole.
    Replace,
    /// Named entries merge by name (their lists appended); other lists are extended.
    Append,
}

/// Merges `over` into `base`: tables key by key, lists of named entries by name, other lists
/// replaced whole (a variant's own keys, and a `[[change]]`'s `set`).
pub(crate) fn merge(base: &mut Table, over: Table) {
    overlay(base, over, Lists::Merge);
}

/// Merges `over` into `base` as [`merge`] does, except that every list, named entries too,
/// replaces the base's list whole (`[replace]`).
pub(crate) fn replace(base: &mut Table, over: Table) {
    overlay(base, over, Lists::Replace);
}

/// Merges `over` into `base` as [`merge`] does, except that a list without names is added to the
/// end of the base's list, and so are the lists inside named entries that merge (`[append]`).
pub(crate) fn append(base: &mut Table, over: Table) {
    overlay(base, over, Lists::Append);
}

fn overlay(base: &mut Table, over: Table, lists: Lists) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => overlay(b, o, lists),
            (Some(Value::Array(b)), Value::Array(o))
                if lists != Lists::Replace && named_tables(b) && named_tables(&o) =>
            {
                for entry in o {
                    let existing = b
                        .iter_mut()
                        .find(|e| name_of(e).is_some() && name_of(e) == name_of(&entry));
                    match (existing, entry) {
                        (Some(Value::Table(e)), Value::Table(n)) => overlay(e, n, lists),
                        (_, entry) => b.push(entry),
                    }
                }
            }
            (Some(Value::Array(b)), Value::Array(o)) if lists == Lists::Append => b.extend(o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The `name` of a list entry, if it is a table with a string `name`.
fn name_of(entry: &Value) -> Option<&str> {
    entry.as_table()?.get("name")?.as_str()
}

/// True for a non-empty array whose entries are all tables with a string `name`.
fn named_tables(array: &[Value]) -> bool {
    !array.is_empty() && array.iter().all(|v| name_of(v).is_some())
}

/// Removes the key or named entry at `path` from `table`. The path is dotted: a part after a
/// table is a key, a part after a list of named entries is an entry's name
/// (`"law.extension.exceptional"`, `"step.decide.route"`); a part with a dot is quoted
/// (`"pool.\"a.b\""`). The error says which part the table does not have.
pub(crate) fn remove_path(table: &mut Table, path: &str) -> Result<(), String> {
    let parts = split_path(path)?;
    remove_in_table(table, &parts, 0)
}

/// The parts of a dotted path.
fn split_path(path: &str) -> Result<Vec<String>, String> {
    let mut parts = Vec::new();
    let mut rest = path.trim();
    loop {
        let (part, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or("a quoted part has no closing quote")?;
            (quoted[..end].to_string(), quoted[end + 1..].trim_start())
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            (rest[..end].trim().to_string(), &rest[end..])
        };
        if part.is_empty() {
            return Err("the path has an empty part (two dots, or a dot at an end)".into());
        }
        if part.contains('"') {
            return Err(format!("quote the whole part, not inside it: {part}"));
        }
        parts.push(part);
        if after.is_empty() {
            return Ok(parts);
        }
        rest = after
            .strip_prefix('.')
            .ok_or_else(|| format!("expected a dot after \"{}\"", parts[parts.len() - 1]))?
            .trim_start();
    }
}

/// `a.b.c`: the first `n` parts of `parts`, joined, for messages.
fn walked(parts: &[String], n: usize) -> String {
    parts[..n].join(".")
}

fn remove_in_table(table: &mut Table, parts: &[String], at: usize) -> Result<(), String> {
    let key = &parts[at];
    let here = if at == 0 {
        "the scenario".to_string()
    } else {
        format!("`{}`", walked(parts, at))
    };
    if at + 1 == parts.len() {
        return match table.remove(key) {
            Some(_) => Ok(()),
            None => Err(format!(
                "{here} has no key `{key}` ({})",
                listing("keys", table.keys().map(String::as_str))
            )),
        };
    }
    match table.get_mut(key) {
        Some(Value::Table(inner)) => remove_in_table(inner, parts, at + 1),
        Some(Value::Array(list)) => remove_in_list(list, parts, at + 1),
        Some(other) => Err(format!(
            "`{}` holds a single value ({}), not a table or a list of named entries",
            walked(parts, at + 1),
            other.type_str()
        )),
        None => Err(format!(
            "{here} has no key `{key}` ({})",
            listing("keys", table.keys().map(String::as_str))
        )),
    }
}

fn remove_in_list(list: &mut Vec<Value>, parts: &[String], at: usize) -> Result<(), String> {
    let here = walked(parts, at);
    if !list.iter().all(|e| name_of(e).is_some()) {
        return Err(format!(
            "`{here}` is a list whose entries have no names: remove it whole (\"{here}\"), or give it anew under [replace]"
        ));
    }
    let name = &parts[at];
    let Some(idx) = list.iter().position(|e| name_of(e) == Some(name.as_str())) else {
        return Err(format!(
            "`{here}` has no entry named \"{name}\" ({})",
            listing("names", list.iter().filter_map(name_of))
        ));
    };
    if at + 1 == parts.len() {
        list.remove(idx);
        return Ok(());
    }
    match &mut list[idx] {
        Value::Table(entry) => remove_in_table(entry, parts, at + 1),
        // Not reached: an entry with a name is a table.
        other => Err(format!("`{here}.{name}` is a {}", other.type_str())),
    }
}

/// "its keys: a, b" or "it has none".
fn listing<'a>(what: &str, items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    if items.is_empty() {
        format!("it has no {what}")
    } else {
        format!("its {what}: {}", items.join(", "))
    }
}

/// Makes the relative file paths of `table` ([`PATH_KEYS`], in the scenario itself and in its
/// `[replace]` and `[append]` tables and its `[[change]]` overlays) relative to a file in another
/// folder: `folder` is the folder of `table`'s file as seen from that file's folder.
pub(crate) fn rebase_paths(table: &mut Table, folder: &Path) {
    if folder.as_os_str().is_empty() {
        return;
    }
    for (key, value) in table.iter_mut() {
        match (key.as_str(), value) {
            ("replace" | "append", Value::Table(section)) => rebase_in(section, folder),
            // A dated change's overlay: `[[change]]` entries with a `set` table.
            ("change", Value::Array(changes)) => {
                for change in changes {
                    if let Some(Value::Table(set)) =
                        change.as_table_mut().and_then(|c| c.get_mut("set"))
                    {
                        rebase_in(set, folder);
                    }
                }
            }
            _ => {}
        }
    }
    rebase_in(table, folder);
}

/// Rebases the [`PATH_KEYS`] of one table shaped like a scenario.
fn rebase_in(table: &mut Table, folder: &Path) {
    for key in PATH_KEYS {
        let parts: Vec<&str> = key.split('.').collect();
        rebase_at(table, &parts, folder);
    }
}

fn rebase_at(table: &mut Table, parts: &[&str], folder: &Path) {
    let Some((first, rest)) = parts.split_first() else {
        return;
    };
    let Some(value) = table.get_mut(*first) else {
        return;
    };
    match (value, rest) {
        (Value::String(path), []) if Path::new(path.as_str()).is_relative() => {
            *path = folder.join(path.as_str()).to_string_lossy().into_owned();
        }
        (Value::Table(inner), rest) if !rest.is_empty() => rebase_at(inner, rest, folder),
        (Value::Array(list), ["[]", rest @ ..]) => {
            for entry in list {
                if let Value::Table(entry) = entry {
                    rebase_at(entry, rest, folder);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn table(text: &str) -> Table {
        toml::from_str(text).unwrap()
    }

    /// The names of the entries of the list at `key`.
    fn names(table: &Table, key: &str) -> Vec<String> {
        table[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    }

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

    const BASE: &str = r#"
        [run]
        horizon_days = 100
        end_date = 2027-01-01
        [[step]]
        name = "decide"
        pool = "p"
        [[step.route]]
        next = "exit"
        [[law.extension]]
        name = "complex"
        months = 9
        [[law.extension]]
        name = "exceptional"
        months = 3
        [[backlog.synthetic]]
        stream = "first"
        size = 10
    "#;

    #[test]
    fn remove_takes_keys_named_entries_and_keys_inside_them() {
        let mut t = table(BASE);
        remove_path(&mut t, "run.end_date").unwrap();
        assert!(t["run"].get("end_date").is_none());
        assert!(t["run"].get("horizon_days").is_some());
        remove_path(&mut t, "law.extension.exceptional").unwrap();
        assert_eq!(
            names(&t["law"].as_table().unwrap().clone(), "extension"),
            ["complex"]
        );
        remove_path(&mut t, " step . \"decide\" . route ").unwrap();
        assert!(t["step"][0].get("route").is_none());
        remove_path(&mut t, "backlog.synthetic").unwrap();
        assert!(t["backlog"].get("synthetic").is_none());
    }

    #[test]
    fn remove_says_which_part_of_a_path_the_base_lacks() {
        let mut t = table(BASE);
        let err = |t: &mut Table, path: &str| remove_path(t, path).unwrap_err();
        let e = err(&mut t, "law.extension.moratorium");
        assert!(
            e.contains("`law.extension` has no entry named \"moratorium\"")
                && e.contains("complex, exceptional"),
            "{e}"
        );
        let e = err(&mut t, "run.warmup_days");
        assert!(
            e.contains("`run` has no key `warmup_days`") && e.contains("horizon_days"),
            "{e}"
        );
        let e = err(&mut t, "cost");
        assert!(e.contains("the scenario has no key `cost`"), "{e}");
        let e = err(&mut t, "backlog.synthetic.first");
        assert!(e.contains("entries have no names"), "{e}");
        let e = err(&mut t, "run.horizon_days.x");
        assert!(
            e.contains("`run.horizon_days` holds a single value (integer)"),
            "{e}"
        );
        for bad in ["", "run..end_date", "run.", "\"run", "r\"un\""] {
            assert!(remove_path(&mut t, bad).is_err(), "{bad:?}");
        }
        assert_eq!(t, table(BASE), "a failed removal changes nothing");
    }

    #[test]
    fn append_adds_to_lists_and_replace_takes_the_list_whole() {
        let mut t = table(BASE);
        append(
            &mut t,
            table(
                r#"
                [[backlog.synthetic]]
                stream = "nareis"
                size = 5
                [[step]]
                name = "decide"
                [[step.route]]
                when = { stream = ["x"] }
                next = "exit"
                [[step]]
                name = "new"
                "#,
            ),
        );
        let blocks = t["backlog"]["synthetic"].as_array().unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[1]["stream"].as_str(), Some("nareis"));
        assert_eq!(names(&t, "step"), ["decide", "new"]);
        assert_eq!(
            t["step"][0]["route"].as_array().unwrap().len(),
            2,
            "lists inside a named entry are appended"
        );
        replace(
            &mut t,
            table(
                r#"
                [[law.extension]]
                name = "moratorium"
                months = 12
                "#,
            ),
        );
        assert_eq!(
            names(t["law"].as_table().unwrap(), "extension"),
            ["moratorium"]
        );
        assert!(t["law"]["extension"][0].get("months").is_some());
    }

    #[test]
    fn a_layer_removes_then_replaces_then_merges_then_appends() {
        let mut t = table(BASE);
        apply(
            &mut t,
            table(
                r#"
                remove = ["law.extension.complex", "run.end_date"]
                [run]
                horizon_days = 50
                [[law.extension]]
                name = "complex"
                days = 10
                [[replace.step]]
                name = "only"
                [[step]]
                name = "only"
                pool = "q"
                [[backlog.synthetic]]
                stream = "mine"
                size = 1
                [[append.backlog.synthetic]]
                stream = "added"
                size = 2
                "#,
            ),
        )
        .unwrap();
        assert!(t["run"].get("end_date").is_none());
        assert_eq!(t["run"]["horizon_days"].as_integer(), Some(50));
        let ext = t["law"]["extension"].as_array().unwrap();
        assert_eq!(ext.len(), 2);
        assert_eq!(ext[1]["name"].as_str(), Some("complex"));
        assert!(ext[1].get("months").is_none(), "removed, then given anew");
        assert_eq!(names(&t, "step"), ["only"]);
        assert_eq!(t["step"][0]["pool"].as_str(), Some("q"));
        let streams: Vec<&str> = t["backlog"]["synthetic"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["stream"].as_str().unwrap())
            .collect();
        assert_eq!(streams, ["mine", "added"]);
        for key in OPERATIONS {
            assert!(!t.contains_key(key));
        }
    }

    #[test]
    fn a_layer_reports_every_bad_operation() {
        let mut t = table(BASE);
        let problems = apply(
            &mut t,
            table(
                r#"
                remove = ["run.nothing", 3, "law.extension.complex"]
                append = 1
                replace = "x"
                "#,
            ),
        )
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["remove[0]", "remove[1]", "replace", "append"]);
        assert!(problems[0].problem.contains("run.nothing"));
        let problems = apply(&mut t, table("remove = \"run.end_date\"")).unwrap_err();
        assert_eq!(problems[0].field, "remove");
    }

    #[test]
    fn the_file_keys_of_a_base_are_made_relative_to_the_variant() {
        let mut t = table(
            r#"
            [backlog]
            file = "backlog.csv"
            [[intake]]
            replay = "../data/a.csv"
            [[intake]]
            replay = "/abs/b.csv"
            [[intake]]
            per_month = 3
            [[append.intake]]
            replay = "c.csv"
            [replace.backlog]
            file = "d.csv"
            [[change]]
            set = { backlog = { file = "e.csv" } }
            "#,
        );
        rebase_paths(&mut t, Path::new("../base"));
        assert_eq!(t["backlog"]["file"].as_str(), Some("../base/backlog.csv"));
        assert_eq!(
            t["intake"][0]["replay"].as_str(),
            Some("../base/../data/a.csv")
        );
        assert_eq!(t["intake"][1]["replay"].as_str(), Some("/abs/b.csv"));
        assert!(t["intake"][2].get("replay").is_none());
        assert_eq!(
            t["append"]["intake"][0]["replay"].as_str(),
            Some("../base/c.csv")
        );
        assert_eq!(
            t["replace"]["backlog"]["file"].as_str(),
            Some("../base/d.csv")
        );
        assert_eq!(
            t["change"][0]["set"]["backlog"]["file"].as_str(),
            Some("../base/e.csv")
        );
        let before = t.clone();
        rebase_paths(&mut t, Path::new(""));
        assert_eq!(t, before, "a base in the variant's folder keeps its paths");
    }

    /// A random value: a number or a word, a table, a list of numbers, or a list of named
    /// tables (unique names).
    fn value(depth: u32) -> BoxedStrategy<Value> {
        let leaf = prop_oneof![
            (0i64..100).prop_map(Value::Integer),
            "[a-z]{0,3}".prop_map(Value::String),
        ];
        if depth == 0 {
            return leaf.boxed();
        }
        prop_oneof![
            leaf,
            random_table(depth - 1).prop_map(Value::Table),
            prop::collection::vec((0i64..100).prop_map(Value::Integer), 0..4)
                .prop_map(Value::Array),
            (
                prop::sample::subsequence(vec!["x", "y", "z"], 1..=3),
                prop::collection::vec(random_table(depth - 1), 3),
            )
                .prop_map(|(names, tables)| {
                    Value::Array(
                        names
                            .into_iter()
                            .zip(tables)
                            .map(|(name, mut t)| {
                                t.insert("name".into(), Value::String(name.into()));
                                Value::Table(t)
                            })
                            .collect(),
                    )
                }),
        ]
        .boxed()
    }

    fn random_table(depth: u32) -> BoxedStrategy<Table> {
        prop::collection::btree_map(
            prop::sample::select(vec!["a", "b", "c", "d"]),
            value(depth),
            0..4,
        )
        .prop_map(|m| m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
        .boxed()
    }

    /// Every path [`remove_path`] can take in `table`.
    fn paths(table: &Table, prefix: &str, out: &mut Vec<String>) {
        for (key, value) in table {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            out.push(path.clone());
            match value {
                Value::Table(inner) => paths(inner, &path, out),
                Value::Array(list) if named_tables(list) => {
                    for entry in list {
                        let entry_path = format!("{path}.{}", name_of(entry).unwrap());
                        out.push(entry_path.clone());
                        paths(entry.as_table().unwrap(), &entry_path, out);
                    }
                }
                _ => {}
            }
        }
    }

    proptest! {
        /// A table merged over itself, or over a copy by any of the three list rules but append,
        /// is unchanged.
        #[test]
        fn merging_a_table_over_itself_changes_nothing(t in random_table(3)) {
            let mut merged = t.clone();
            merge(&mut merged, t.clone());
            prop_assert_eq!(&merged, &t);
            let mut replaced = t.clone();
            replace(&mut replaced, t.clone());
            prop_assert_eq!(&replaced, &t);
        }

        /// Every path of a table can be removed, once: then it is gone and removing it again is
        /// an error that leaves the table as it was.
        #[test]
        fn every_path_is_removed_once(t in random_table(3), pick in any::<prop::sample::Index>()) {
            let mut all = Vec::new();
            paths(&t, "", &mut all);
            prop_assume!(!all.is_empty());
            let path = pick.get(&all).clone();
            let mut removed = t.clone();
            prop_assert!(remove_path(&mut removed, &path).is_ok(), "{}", path);
            prop_assert_ne!(&removed, &t);
            let mut left = Vec::new();
            paths(&removed, "", &mut left);
            prop_assert!(!left.contains(&path));
            let before = removed.clone();
            prop_assert!(remove_path(&mut removed, &path).is_err());
            prop_assert_eq!(removed, before);
        }

        /// `[append]` of a list of numbers gives the base's entries, then the new ones.
        #[test]
        fn append_gives_the_base_entries_then_the_new(
            a in prop::collection::vec(0i64..9, 0..5),
            b in prop::collection::vec(0i64..9, 0..5),
        ) {
            let list = |v: &[i64]| Value::Array(v.iter().map(|&x| Value::Integer(x)).collect());
            let mut base = Table::new();
            base.insert("k".into(), list(&a));
            let mut over = Table::new();
            over.insert("k".into(), list(&b));
            append(&mut base, over);
            prop_assert_eq!(&base["k"], &list(&[a, b].concat()));
        }
    }
}
