//! The network that holds from each `[[change]]` date: the scenario's table with the `set` of
//! every change up to that date merged over it (as a variant merges over its base) and its
//! `remove` paths removed, validated like a scenario of its own, and checked to keep every name
//! (so indices and metrics mean the same before and after).

use std::path::Path;

use toml::{Table, Value};

use crate::error::{Problem, ScenarioError};
use crate::model::{Catalogue, Change, Network, RunWindow};
use crate::scenario::Scenario;
use crate::scenario::validate::change::DatedChange;

/// The networks after the dated changes `dated` (checked, in date order) of `scenario`, whose
/// merged table is `table`.
pub(crate) fn networks(
    table: &Table,
    dated: &[DatedChange],
    scenario: &Scenario,
) -> Result<Vec<Change>, ScenarioError> {
    let (base, base_catalogue, window) = (&scenario.network, &scenario.catalogue, scenario.window);
    let path = scenario.path.as_path();
    let Some(Value::Array(entries)) = table.get("change") else {
        return Ok(Vec::new());
    };
    let mut current = table.clone();
    current.remove("change");
    let mut out: Vec<Change> = Vec::new();
    let mut problems = Vec::new();
    let mut policy_changed = false;
    for (i, change) in dated.iter().enumerate() {
        let entry = entries[change.index].as_table();
        let here = format!("change[{}] (change \"{}\")", change.index, change.name);
        if let Some(Value::Table(set)) = entry.and_then(|e| e.get("set")) {
            // The location mode is not the routing: a Rust routing policy holds across it.
            policy_changed |= set
                .get("policy")
                .and_then(Value::as_table)
                .is_some_and(|p| p.keys().any(|k| k != "location"));
            crate::scenario::variant::merge(&mut current, set.clone());
        }
        if let Some(Value::Array(paths)) = entry.and_then(|e| e.get("remove")) {
            for (j, path) in paths.iter().enumerate() {
                let Some(path) = path.as_str() else { continue };
                policy_changed |=
                    path == "policy" || (path.starts_with("policy.") && path != "policy.location");
                if let Err(problem) = crate::scenario::variant::remove_path(&mut current, path) {
                    problems.push(Problem {
                        field: format!("{here}.remove[{j}]"),
                        problem,
                        fix: "name a key or a named entry the scenario has at that date".into(),
                    });
                }
            }
        }
        // Changes of one date make one network: build it after the last of them.
        if dated.get(i + 1).is_some_and(|next| next.day == change.day) {
            continue;
        }
        let names: Vec<String> = dated
            .iter()
            .filter(|c| c.day == change.day)
            .map(|c| c.name.clone())
            .collect();
        match network_at(&current, path, base, base_catalogue, window) {
            Ok(network) => out.push(Change {
                names,
                date: change.date,
                day: change.day,
                network,
                policy_changed,
            }),
            Err(found) => problems.extend(found.into_iter().map(|p| Problem {
                field: format!("{here}: {}", p.field),
                problem: format!(
                    "{} (in the scenario as it stands from {})",
                    p.problem, change.date
                ),
                fix: p.fix,
            })),
        }
    }
    if problems.is_empty() {
        outcome_gaps_across(base, &out, &mut problems);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ScenarioError::Invalid {
            path: path.to_path_buf(),
            problems,
        })
    }
}

/// Validates the scenario as it stands at a date (`table`, without changes) and gives it the
/// base network's staff, calendars, sources and backlog.
fn network_at(
    table: &Table,
    path: &Path,
    base: &Network,
    base_catalogue: &Catalogue,
    window: RunWindow,
) -> Result<Network, Vec<Problem>> {
    let raw = serde_path_to_error::deserialize(Value::Table(table.clone())).map_err(|e| {
        vec![Problem {
            field: e.path().to_string(),
            problem: e.inner().message().trim().to_string(),
            fix: "correct the change's set so that the scenario stays valid".into(),
        }]
    })?;
    let mut scenario = match super::validate::validate(raw, "", path) {
        Ok(scenario) => scenario,
        Err(ScenarioError::Invalid { problems, .. }) => return Err(problems),
        Err(other) => {
            return Err(vec![Problem {
                field: String::new(),
                problem: other.to_string(),
                fix: "correct the change".into(),
            }]);
        }
    };
    // Whether legal steps are taken by rate (and appeals counted) is one choice for the whole
    // run: the base's, which sees every change.
    if let (Some(law), Some(base_law)) = (scenario.network.law.as_mut(), base.law.as_ref())
        && law.uses_rates != base_law.uses_rates
    {
        law.uses_rates = base_law.uses_rates;
        scenario.catalogue = Catalogue::new(&scenario.network, window.horizon).map_err(|_| {
            vec![Problem {
                field: "set".into(),
                problem: "the change would give two metrics one name".into(),
                fix: "keep the scenario's names".into(),
            }]
        })?;
    }
    let names = |c: &Catalogue| -> Vec<String> {
        c.metrics()
            .iter()
            .map(|m| m.name.clone())
            .chain(c.monthly().iter().map(|m| m.name.clone()))
            .collect()
    };
    let (before, after) = (names(base_catalogue), names(&scenario.catalogue));
    if scenario.window != window || before != after {
        let gone: Vec<&String> = before.iter().filter(|n| !after.contains(n)).collect();
        let new: Vec<&String> = after.iter().filter(|n| !before.contains(n)).collect();
        return Err(vec![Problem {
            field: "set".into(),
            problem: format!(
                "the change would change the metrics of the run (gone: {gone:?}; new: {new:?})"
            ),
            fix: "a change may change rules, not what the run measures: keep the names, and give the scenario from the start what the change adjusts (e.g. [information] with zero errors)".into(),
        }]);
    }
    let mut problems = Vec::new();
    for (now, then) in base.steps.iter().zip(&scenario.network.steps) {
        if std::mem::discriminant(&now.activity) != std::mem::discriminant(&then.activity) {
            problems.push(Problem {
                field: format!("step \"{}\"", now.name),
                problem: "a change cannot turn a step of work into a delay or the other way round: cases waiting for it or in it would be left without what they wait for".into(),
                fix: "declare the new kind of step in the scenario, unused at first, and let the change route cases to it".into(),
            });
        }
    }
    for (now, then) in base.pools.iter().zip(&scenario.network.pools) {
        if now.discipline != then.discipline {
            problems.push(Problem {
                field: "set.policy".into(),
                problem: format!(
                    "the policy would order the queue of pool \"{}\" differently ({:?} instead of {:?}); the order of a queue holds for the whole run",
                    now.name, then.discipline, now.discipline
                ),
                fix: "give a policy that orders queues (deadline, kansarm_first, penalty_aware) from the start, or keep the policy's kind and change its rules".into(),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut network = scenario.network;
    network.pools.clone_from(&base.pools);
    network.calendars.clone_from(&base.calendars);
    network.staff_plan.clone_from(&base.staff_plan);
    network.staff_cost_eur = base.staff_cost_eur;
    network
        .staff_cost_by_year_eur
        .clone_from(&base.staff_cost_by_year_eur);
    network.sources.clone_from(&base.sources);
    network.backlog.clone_from(&base.backlog);
    Ok(network)
}

/// With outcomes, a case on its way when a change takes effect goes on under the new rules: the
/// steps it may be at without an outcome yet are those of the networks before (reached from their
/// own starts), and from them (and from every start of the new network) no way of the new
/// network may reach the exit without setting one.
fn outcome_gaps_across(base: &Network, changes: &[Change], problems: &mut Vec<Problem>) {
    use crate::scenario::validate::flows::{outcome_gap, starts};
    if base.outcomes.is_empty() {
        return;
    }
    let (mut reached, _) = outcome_gap(
        &base.steps,
        &starts(&base.streams, &base.backlog, &base.follow_ups),
    );
    for change in changes {
        let network = &change.network;
        // Cases start at the steps of the network in force (a change may move a stream's entry
        // or a follow-up's step), and go on from every step they may be at without an outcome.
        let mut from = starts(&network.streams, &network.backlog, &network.follow_ups);
        from.extend(reached.iter().enumerate().filter(|(_, r)| **r).map(|(s, _)| {
            (
                crate::model::StepIdx(s as u16),
                format!(
                    "step \"{}\", where a case may be without an outcome when the change of {} takes effect",
                    base.steps[s].name, change.date
                ),
            )
        }));
        let (now, gap) = outcome_gap(&network.steps, &from);
        if let Some(gap) = gap {
            let (field, problem, fix) = gap.problem(
                &network.steps,
                &network.outcomes,
                &format!(" from {}", change.date),
            );
            problems.push(Problem {
                field: format!(
                    "change {}: {field}",
                    change
                        .names
                        .iter()
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                problem,
                fix,
            });
            return;
        }
        reached = now;
    }
}
