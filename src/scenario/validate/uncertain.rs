//! `[[uncertain]]` and a change's `probability`: what a scenario does not know (see
//! [`crate::uncertain`]). Each entry is checked on its own (a known distribution with its
//! parameters and no others, a path the scenario has, a name of its own; a probability in
//! [0, 1]); then the scenario is validated with every input at the lowest and at the highest
//! value it can be drawn at, and with the uncertain changes kept and dropped, so that no
//! replication meets a scenario that is refused or that reports other metrics.

use toml::{Table, Value};

use crate::scenario::file::{ChangeFile, UncertainFile};
use crate::scenario::validate::Problems;
use crate::uncertain::{InputDist, UncertainChange, UncertainInput, beta_shapes};

/// The inputs and uncertain changes of a scenario file, checked on their own.
pub(crate) fn entries(
    uncertain: &[UncertainFile],
    changes: &[ChangeFile],
    table: &Table,
    problems: &mut Problems,
) -> (Vec<UncertainInput>, Vec<UncertainChange>) {
    let table = &stripped(table);
    let mut inputs: Vec<UncertainInput> = Vec::new();
    for (i, entry) in uncertain.iter().enumerate() {
        let field = |key: &str| format!("uncertain[{i}].{key}");
        let name = entry.name.clone().unwrap_or_else(|| entry.path.clone());
        if inputs.iter().any(|other| other.name == name) {
            problems.add(
                field("name"),
                format!("\"{name}\" names two uncertain inputs"),
                "give each [[uncertain]] a name of its own",
            );
            continue;
        }
        if name == "replication" || name.starts_with("change:") {
            problems.add(
                field("name"),
                format!("\"{name}\" is reserved for a column of inputs.csv"),
                "give the input another name",
            );
            continue;
        }
        let first = entry.path.split('.').next().unwrap_or("");
        if ["run", "scenario", "metrics", "change", "base"].contains(&first) {
            problems.add(
                field("path"),
                format!("an uncertain input cannot set `{first}`: the horizon, seed and replications are the run's, and changes take a probability instead"),
                "give the path of a number of the model, e.g. pool.decision_*.work_factor",
            );
            continue;
        }
        if let Some(other) = inputs
            .iter()
            .find(|o| crate::sweep::overlap(table, &o.path, &entry.path))
        {
            problems.add(
                field("path"),
                format!(
                    "sets a key that uncertain input \"{}\" also sets",
                    other.name
                ),
                "give each key one distribution",
            );
            continue;
        }
        if let Err(e) = crate::sweep::expand(table, &entry.path) {
            problems.add(
                field("path"),
                e.to_string(),
                "give a path as in `sweep --set`, e.g. pool.decision_*.work_factor",
            );
            continue;
        }
        let Some(dist) = dist(entry, &field, problems) else {
            continue;
        };
        inputs.push(UncertainInput {
            name,
            path: entry.path.clone(),
            dist,
        });
    }
    let mut out = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        let Some(p) = change.probability else {
            continue;
        };
        if !(0.0..=1.0).contains(&p) {
            problems.add(
                format!("change[{i}].probability"),
                format!("must lie between 0 and 1, got {p}"),
                "give the probability that the change takes effect, e.g. probability = 0.6",
            );
            continue;
        }
        if changes.iter().filter(|c| c.name == change.name).count() > 1 {
            problems.add(
                format!("change[{i}].name"),
                format!(
                    "\"{}\" names two changes; an uncertain change needs a name of its own",
                    change.name
                ),
                "rename one of them",
            );
            continue;
        }
        out.push(UncertainChange {
            name: change.name.clone(),
            probability: p,
        });
    }
    (inputs, out)
}

/// The distribution of an entry, or `None` with the problems added.
fn dist(
    entry: &UncertainFile,
    field: &dyn Fn(&str) -> String,
    problems: &mut Problems,
) -> Option<InputDist> {
    let given = [
        ("mean", entry.mean),
        ("cv", entry.cv),
        ("sd", entry.sd),
        ("min", entry.min),
        ("mode", entry.mode),
        ("max", entry.max),
    ];
    let (needs, fix): (&[&str], &str) = match entry.dist.as_str() {
        "lognormal" => (
            &["mean", "cv"],
            "dist = \"lognormal\", mean = 1.2, cv = 0.1",
        ),
        "normal" => (&["mean", "sd"], "dist = \"normal\", mean = 0.3, sd = 0.05"),
        "uniform" => (&["min", "max"], "dist = \"uniform\", min = 0.8, max = 1.2"),
        "triangular" => (
            &["min", "mode", "max"],
            "dist = \"triangular\", min = 0.8, mode = 1.0, max = 1.5",
        ),
        "beta" => (&["mean", "sd"], "dist = \"beta\", mean = 0.3, sd = 0.05"),
        other => {
            problems.add(
                field("dist"),
                format!("unknown distribution \"{other}\""),
                "use lognormal, normal, uniform, triangular or beta",
            );
            return None;
        }
    };
    let mut ok = true;
    for (key, value) in given {
        match (needs.contains(&key), value) {
            (true, None) => {
                problems.add(
                    field(key),
                    format!("a {} distribution needs {key}", entry.dist),
                    fix,
                );
                ok = false;
            }
            (false, Some(_)) => {
                problems.add(
                    field(key),
                    format!("a {} distribution takes no {key}", entry.dist),
                    fix,
                );
                ok = false;
            }
            (true, Some(v)) if !v.is_finite() => {
                problems.add(field(key), format!("must be a number, got {v}"), fix);
                ok = false;
            }
            _ => {}
        }
    }
    if !ok {
        return None;
    }
    let v = |x: Option<f64>| x.unwrap_or(f64::NAN);
    let (mean, cv, sd, min, mode, max) = (
        v(entry.mean),
        v(entry.cv),
        v(entry.sd),
        v(entry.min),
        v(entry.mode),
        v(entry.max),
    );
    let (dist, valid, why) = match entry.dist.as_str() {
        "lognormal" => (
            InputDist::LogNormal { mean, cv },
            mean > 0.0 && cv > 0.0 && cv <= 10.0,
            "needs mean > 0 and 0 < cv <= 10",
        ),
        "normal" => (InputDist::Normal { mean, sd }, sd > 0.0, "needs sd > 0"),
        "uniform" => (
            InputDist::Uniform { min, max },
            min < max,
            "needs min < max",
        ),
        "triangular" => (
            InputDist::Triangular { min, mode, max },
            min < max && min <= mode && mode <= max,
            "needs min <= mode <= max and min < max",
        ),
        _ => (
            InputDist::Beta { mean, sd },
            beta_shapes(mean, sd).is_some(),
            "needs 0 < mean < 1 and 0 < sd with sd^2 < mean (1 - mean)",
        ),
    };
    if !valid {
        problems.add(
            field("dist"),
            format!("a {} distribution {why}", entry.dist),
            fix,
        );
        return None;
    }
    Some(dist)
}

/// `table` without `[[uncertain]]` and without the changes' `probability`: what a replication's
/// draw is applied to.
pub(crate) fn stripped(table: &Table) -> Table {
    let mut t = table.clone();
    t.remove("uncertain");
    if let Some(Value::Array(changes)) = t.get_mut("change") {
        for change in changes.iter_mut().filter_map(Value::as_table_mut) {
            change.remove("probability");
        }
    }
    t
}
