//! Steps and their routing: the activity of each `[[step]]`, and where cases go next (`next`,
//! `branch`, or `[[step.route]]` rules with conditions on case attributes).

use std::collections::HashMap;

use crate::engine::{Dist, MINUTES_PER_DAY, MINUTES_PER_HOUR};
use crate::model::{
    Activity, BranchTable, Condition, Next, Outcome, Phase, PoolIdx, StepIdx, StepSpec, Target,
    Worker,
};
use crate::scenario::file::{
    BranchFile, ConditionFile, PhaseFile, ProbabilityFile, ScenarioFile, StepFile,
};
use crate::scenario::validate::attributes::cumulative;
use crate::scenario::validate::dist::dist;
use crate::scenario::validate::{Names, PROBABILITY_TOLERANCE, Problems, at, quoted_list, resolve};

pub(super) fn steps(raw: &ScenarioFile, names: &Names, problems: &mut Problems) -> Vec<StepSpec> {
    raw.steps
        .iter()
        .enumerate()
        .map(|(idx, step)| StepSpec {
            name: step.name.clone(),
            activity: activity(idx, step, names, problems),
            next: next(idx, step, names, problems),
            phase: step.phase.map(|phase| match phase {
                PhaseFile::Aa => Phase::Aa,
                PhaseFile::Va => Phase::Va,
            }),
            hearing: step.hearing,
            priority: step.priority.map(|p| {
                u8::try_from(p).unwrap_or_else(|_| {
                    problems.add(
                        at("step", idx, &step.name, "priority"),
                        format!("must be a priority class from 0 to 255, got {p}"),
                        "use 0 for the most urgent class",
                    );
                    0
                })
            }),
            outcome: step.outcome.as_ref().and_then(|name| {
                let field = at("step", idx, &step.name, "outcome");
                if names.outcomes.is_empty() {
                    problems.add(
                        field,
                        format!("the step sets outcome \"{name}\", but the scenario declares no [[outcome]]"),
                        format!("declare it: [[outcome]] name = \"{name}\" (granted = true when it grants protection)"),
                    );
                    return None;
                }
                resolve("outcome", name, &names.outcomes, &field, problems).map(|o| o as u8)
            }),
        })
        .collect()
}

fn activity(idx: usize, step: &StepFile, names: &Names, problems: &mut Problems) -> Activity {
    let field = |f: &str| at("step", idx, &step.name, f);
    let placeholder = || Dist::Fixed(1.0);
    match (&step.pool, &step.work_hours, &step.delay_days) {
        (Some(pool), Some(work), None) => {
            let worker = names.worker(pool).unwrap_or_else(|known| {
                problems.add(
                    field("pool"),
                    format!("there is no pool or role named \"{pool}\""),
                    format!(
                        "use one of the defined pools ({known}) or add a [[pool]] with name = \"{pool}\""
                    ),
                );
                Worker::Pool(PoolIdx(0))
            });
            let work = dist(
                work,
                MINUTES_PER_HOUR as f64,
                &field("work_hours"),
                problems,
            )
            .unwrap_or_else(placeholder);
            Activity::Work { worker, work }
        }
        (None, None, Some(delay)) => Activity::Delay {
            duration: dist(
                delay,
                MINUTES_PER_DAY as f64,
                &field("delay_days"),
                problems,
            )
            .unwrap_or_else(placeholder),
        },
        (None, None, None) => Activity::Instant,
        (_, _, Some(_)) => {
            problems.add(
                field("delay_days"),
                "a step is either work (pool + work_hours) or a delay (delay_days), not both",
                "split it into two steps, one after the other",
            );
            Activity::Instant
        }
        (Some(_), None, None) => {
            problems.add(
                field("work_hours"),
                "a work step needs work_hours: how much work one case takes",
                "add e.g. work_hours = { dist = \"exponential\", mean = 8 }",
            );
            Activity::Instant
        }
        (None, Some(_), None) => {
            problems.add(
                field("pool"),
                "a work step needs the pool that does the work",
                "add e.g. pool = \"decision_officers\"",
            );
            Activity::Instant
        }
    }
}

fn next(idx: usize, step: &StepFile, names: &Names, problems: &mut Problems) -> Next {
    let field = |f: &str| at("step", idx, &step.name, f);
    let Some(rules) = &step.route else {
        return Next::Always(outcome(&field, &step.next, &step.branch, names, problems));
    };
    if step.next.is_some() || step.branch.is_some() {
        problems.add(
            field("route"),
            "a step has either next / branch, or [[step.route]] rules, not both",
            "move next / branch into a last [[step.route]] without `when`",
        );
    }
    let n = rules.len();
    let mut out = Vec::with_capacity(n);
    for (r_idx, rule) in rules.iter().enumerate() {
        let rule_field = |f: &str| field(&format!("route[{r_idx}].{f}"));
        let condition = match &rule.when {
            Some(when) => condition(
                &|key: &str| rule_field(&format!("when.{key}")),
                when,
                names,
                problems,
            ),
            None => {
                if r_idx + 1 != n {
                    problems.add(
                        rule_field("when"),
                        "a rule without `when` catches every case, so the rules after it are never used",
                        "add a `when` to this rule, or move it last",
                    );
                }
                Condition::default()
            }
        };
        let outcome = outcome(&rule_field, &rule.next, &rule.branch, names, problems);
        out.push((condition, outcome));
    }
    if rules.last().is_none_or(|rule| rule.when.is_some()) {
        problems.add(
            field("route"),
            "no rule catches the cases that meet none of the conditions",
            "end with a [[step.route]] without `when`, saying where all other cases go",
        );
    }
    Next::Rules(out)
}

/// `next` or `branch`; `field` names a key in the same table.
fn outcome(
    field: &dyn Fn(&str) -> String,
    next: &Option<String>,
    branch: &Option<Vec<BranchFile>>,
    names: &Names,
    problems: &mut Problems,
) -> Outcome {
    match (next, branch) {
        (Some(next), None) => Outcome::Go(target(next, &field("next"), names, problems)),
        (None, Some(arms)) => Outcome::Branch(branch_table(field, arms, names, problems)),
        (Some(_), Some(_)) => {
            problems.add(
                field("next"),
                "either next (always the same place) or branch (probabilities), not both",
                "remove one of the two",
            );
            Outcome::Go(Target::Exit)
        }
        (None, None) => {
            problems.add(
                field("next"),
                "does not say where cases go afterwards",
                "add next = \"exit\" (or another step), or a branch = [...]",
            );
            Outcome::Go(Target::Exit)
        }
    }
}

/// The step named `name`, or the exit for "exit".
fn target(name: &str, field: &str, names: &Names, problems: &mut Problems) -> Target {
    if name == "exit" {
        return Target::Exit;
    }
    match names.steps.get(name) {
        Some(&s) => Target::Step(StepIdx(s as u16)),
        None => {
            problems.add(
                field,
                format!("there is no step named \"{name}\""),
                format!(
                    "use \"exit\" or one of the defined steps ({})",
                    quoted_list(&names.steps)
                ),
            );
            Target::Exit
        }
    }
}

fn branch_table(
    field: &dyn Fn(&str) -> String,
    arms: &[BranchFile],
    names: &Names,
    problems: &mut Problems,
) -> BranchTable {
    let n_groups = names.groups.len().max(1);
    let mut group_names: Vec<&str> = vec!["all"; n_groups];
    for (name, &idx) in &names.groups {
        group_names[idx] = name;
    }
    if arms.is_empty() {
        problems.add(
            field("branch"),
            "the branch has no arms",
            "list at least one { to = \"...\", p = ... }, or use next = \"...\"",
        );
    }
    let mut targets = Vec::with_capacity(arms.len());
    // probabilities[group][arm]
    let mut probabilities = vec![vec![0.0; arms.len()]; n_groups];
    let mut ok = true;
    for (arm_idx, arm) in arms.iter().enumerate() {
        targets.push(target(
            &arm.to,
            &field(&format!("branch[{arm_idx}].to")),
            names,
            problems,
        ));
        let p_field = field(&format!("branch[{arm_idx}].p"));
        let per_group: Vec<Option<f64>> = match &arm.p {
            ProbabilityFile::Value(p) => vec![Some(*p); n_groups],
            ProbabilityFile::ByGroup(table) => {
                if table
                    .keys()
                    .any(|key| key != "default" && !names.groups.contains_key(key))
                {
                    ok = false;
                }
                names.by_group(
                    table,
                    &|key| field(&format!("branch[{arm_idx}].p.{key}")),
                    problems,
                )
            }
        };
        for (group, p) in per_group.iter().enumerate() {
            match p {
                None => {
                    ok = false;
                    problems.add(
                        &p_field,
                        format!("no probability for group \"{}\"", group_names[group]),
                        "add the group, or a default = ... for all groups not listed",
                    );
                    break;
                }
                Some(p) if !(p.is_finite() && (0.0..=1.0).contains(p)) => {
                    ok = false;
                    problems.add(
                        &p_field,
                        format!("a probability must be between 0 and 1, got {p}"),
                        "write the share of cases that take this arm, e.g. p = 0.3",
                    );
                    break;
                }
                Some(p) => probabilities[group][arm_idx] = *p,
            }
        }
    }
    if ok && !arms.is_empty() {
        for (group, row) in probabilities.iter().enumerate() {
            let total: f64 = row.iter().sum();
            if (total - 1.0).abs() > PROBABILITY_TOLERANCE {
                let whose = if n_groups > 1 {
                    format!(" for group \"{}\"", group_names[group])
                } else {
                    String::new()
                };
                problems.add(
                    field("branch"),
                    format!("the probabilities add up to {total}{whose}, not 1"),
                    "make the p values of the arms add up to exactly 1",
                );
            }
        }
    }
    BranchTable {
        targets,
        by_group: probabilities.iter().map(|row| cumulative(row)).collect(),
    }
}

pub(super) fn condition(
    field: &dyn Fn(&str) -> String,
    when: &ConditionFile,
    names: &Names,
    problems: &mut Problems,
) -> Condition {
    let mut mask = |key: &str,
                    list: &Option<Vec<String>>,
                    kind: &str,
                    index: &HashMap<String, usize>|
     -> u64 {
        let mut bits = 0u64;
        for name in list.iter().flatten() {
            match index.get(name) {
                Some(&i) if i < 64 => bits |= 1 << i,
                _ => problems.add(
                    field(key),
                    format!("there is no {kind} named \"{name}\""),
                    format!("use one of the {kind}s ({})", quoted_list(index)),
                ),
            }
        }
        if list.as_ref().is_some_and(Vec::is_empty) {
            problems.add(
                field(key),
                "an empty list matches no case",
                format!("list one or more {kind}s, or remove `{key}`"),
            );
        }
        bits
    };
    let streams = mask("stream", &when.stream, "stream", &names.streams);
    let groups = mask("group", &when.group, "group", &names.groups);
    let tracks = mask("track", &when.track, "track", &names.tracks);
    let locations = mask("location", &when.location, "location", &names.locations);
    let features_any = mask(
        "features_any",
        &when.features_any,
        "feature",
        &names.features,
    ) as u32;
    let features_all = mask(
        "features_all",
        &when.features_all,
        "feature",
        &names.features,
    ) as u32;
    let features_none = mask(
        "features_none",
        &when.features_none,
        "feature",
        &names.features,
    ) as u32;
    let routes = mask("route", &when.route, "route", &names.routes);
    Condition {
        streams,
        groups,
        tracks,
        locations,
        features_any,
        features_all,
        features_none,
        routes,
    }
}

/// Refuses steps from which no route leads to the exit (their cases would never complete) and
/// circles of instant steps (a case would go round forever at one moment).
pub(super) fn check_graph(steps: &[StepSpec], problems: &mut Problems) {
    let succ: Vec<Vec<Target>> = steps.iter().map(StepSpec::targets).collect();
    let mut can_exit = vec![false; steps.len()];
    loop {
        let mut changed = false;
        for idx in 0..steps.len() {
            if !can_exit[idx]
                && succ[idx].iter().any(|t| match t {
                    Target::Exit => true,
                    Target::Step(s) => can_exit[s.0 as usize],
                })
            {
                can_exit[idx] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (idx, step) in steps.iter().enumerate() {
        if !can_exit[idx] {
            problems.add(
                at("step", idx, &step.name, "next"),
                "cases at this step can never reach \"exit\": they would stay in the system forever",
                "route the step (or one of the steps after it) to \"exit\"",
            );
        }
    }
    // Circles among instant steps: depth-first search with colours.
    let instant: Vec<bool> = steps
        .iter()
        .map(|s| matches!(s.activity, Activity::Instant))
        .collect();
    let mut colour = vec![0u8; steps.len()]; // 0 new, 1 on the path, 2 done
    fn visit(
        idx: usize,
        succ: &[Vec<Target>],
        instant: &[bool],
        colour: &mut [u8],
    ) -> Option<usize> {
        colour[idx] = 1;
        for target in &succ[idx] {
            if let Target::Step(s) = target {
                let s = s.0 as usize;
                if !instant[s] {
                    continue;
                }
                if colour[s] == 1 {
                    return Some(s);
                }
                if colour[s] == 0
                    && let Some(found) = visit(s, succ, instant, colour)
                {
                    return Some(found);
                }
            }
        }
        colour[idx] = 2;
        None
    }
    for idx in 0..steps.len() {
        if instant[idx]
            && colour[idx] == 0
            && let Some(on_circle) = visit(idx, &succ, &instant, &mut colour)
        {
            problems.add(
                at("step", on_circle, &steps[on_circle].name, "next"),
                "this step is on a circle of steps that take no time, so a case would go round forever",
                "put a work or delay step on the circle, or break it",
            );
            return;
        }
    }
}
