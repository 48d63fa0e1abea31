//! From the file shape to a validated [`Scenario`]: names resolved to indices, units converted
//! to minutes, every range and cross-reference checked. All problems are collected and reported
//! together, each with its field path and a fix.

use std::collections::HashMap;
use std::path::Path;

use crate::engine::{Dist, MINUTES_PER_DAY, MINUTES_PER_HOUR, SimTime};
use crate::error::{Problem, ScenarioError};
use crate::model::{
    Activity, ArrivalProcess, Branch, Discipline, Network, Next, PoolIdx, PoolSpec, RunWindow,
    StepIdx, StepSpec, StreamSpec, Target,
};
use crate::scenario::Scenario;
use crate::scenario::file::{
    DisciplineFile, DistFile, DistKind, PoolFile, ScenarioFile, StepFile, StreamFile,
};

/// Default replications when neither the file nor the command line says.
const DEFAULT_REPLICATIONS: u32 = 30;
/// Default master seed when neither the file nor the command line says.
const DEFAULT_SEED: u64 = 1;
/// Tolerance for "probabilities sum to 1".
const PROBABILITY_TOLERANCE: f64 = 1e-9;

pub(crate) fn validate(
    raw: ScenarioFile,
    text: &str,
    path: &Path,
) -> Result<Scenario, ScenarioError> {
    let mut problems = Problems::default();
    let name = scenario_name(&raw, path, &mut problems);
    let (window, replications, seed) = run_settings(&raw, &mut problems);

    let pool_index = index_names("pool", raw.pools.iter().map(|p| &p.name), &mut problems);
    let step_index = index_names("step", raw.steps.iter().map(|s| &s.name), &mut problems);
    index_names("stream", raw.streams.iter().map(|s| &s.name), &mut problems);
    if step_index.contains_key("exit") {
        problems.add(
            "step[].name",
            "\"exit\" is reserved: it means leaving the system",
            "give the step another name",
        );
    }

    let pools: Vec<PoolSpec> = raw
        .pools
        .iter()
        .enumerate()
        .map(|(idx, pool)| pool_spec(idx, pool, &mut problems))
        .collect();
    let steps: Vec<StepSpec> = raw
        .steps
        .iter()
        .enumerate()
        .map(|(idx, step)| step_spec(idx, step, &pool_index, &step_index, &mut problems))
        .collect();
    let streams: Vec<StreamSpec> = raw
        .streams
        .iter()
        .enumerate()
        .map(|(idx, stream)| stream_spec(idx, stream, &step_index, &mut problems))
        .collect();

    if pools.len() > usize::from(u16::MAX) || steps.len() > usize::from(u16::MAX) {
        problems.add(
            "pool / step",
            "more than 65535 pools or steps",
            "merge pools or steps",
        );
    }
    if streams.is_empty() {
        problems.add(
            "stream",
            "the scenario has no [[stream]], so no case ever arrives",
            "add a [[stream]] with a name, a rate_per_day and an entry step",
        );
    }
    if steps.is_empty() {
        problems.add(
            "step",
            "the scenario has no [[step]]",
            "add at least one [[step]] for cases to go through",
        );
    }
    if problems.is_empty() {
        check_every_step_can_exit(&steps, &mut problems);
    }
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            path: path.to_path_buf(),
            problems: problems.into_vec(),
        });
    }
    Ok(Scenario {
        description: raw.scenario.description.unwrap_or_default(),
        name,
        path: path.to_path_buf(),
        text: text.to_string(),
        network: Network {
            pools,
            steps,
            streams,
        },
        window,
        replications,
        seed,
    })
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(
        &mut self,
        field: impl Into<String>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.0.push(Problem {
            field: field.into(),
            problem: problem.into(),
            fix: fix.into(),
        });
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// `kind[idx].field (kind "name")`, the way every problem names its key.
fn at(kind: &str, idx: usize, name: &str, field: &str) -> String {
    format!("{kind}[{idx}].{field} ({kind} \"{name}\")")
}

fn is_snake_case(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

fn scenario_name(raw: &ScenarioFile, path: &Path, problems: &mut Problems) -> String {
    match &raw.scenario.name {
        Some(name) => {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                problems.add(
                    "scenario.name",
                    format!("\"{name}\" cannot be used as a folder name"),
                    "use letters, digits, '-' and '_' only, e.g. name = \"mmc\"",
                );
            }
            name.clone()
        }
        None => path.file_stem().map_or_else(
            || "scenario".to_string(),
            |s| s.to_string_lossy().into_owned(),
        ),
    }
}

fn run_settings(raw: &ScenarioFile, problems: &mut Problems) -> (RunWindow, u32, u64) {
    let run = &raw.run;
    let horizon = days_to_minutes(run.horizon_days);
    if !(run.horizon_days.is_finite() && run.horizon_days > 0.0) || horizon == 0 {
        problems.add(
            "run.horizon_days",
            format!(
                "must be a positive number of days, got {}",
                run.horizon_days
            ),
            "set the simulated period, e.g. horizon_days = 1825 for five years",
        );
    }
    let warmup = days_to_minutes(run.warmup_days);
    if !(run.warmup_days.is_finite() && run.warmup_days >= 0.0) {
        problems.add(
            "run.warmup_days",
            format!(
                "must be zero or a positive number of days, got {}",
                run.warmup_days
            ),
            "use 0 for no warm-up",
        );
    } else if horizon > 0 && warmup >= horizon {
        problems.add(
            "run.warmup_days",
            format!(
                "the warm-up ({} days) must end before the horizon ({} days)",
                run.warmup_days, run.horizon_days
            ),
            "shorten warmup_days or lengthen horizon_days",
        );
    }
    let replications = match run.replications {
        None => DEFAULT_REPLICATIONS,
        Some(n) if (1..=i64::from(u32::MAX)).contains(&n) => n as u32,
        Some(n) => {
            problems.add(
                "run.replications",
                format!("must be at least 1, got {n}"),
                "use 30 or more for confidence intervals worth reading",
            );
            DEFAULT_REPLICATIONS
        }
    };
    let seed = match run.seed {
        None => DEFAULT_SEED,
        Some(s) if s >= 0 => s as u64,
        Some(s) => {
            problems.add(
                "run.seed",
                format!("must be zero or positive, got {s}"),
                "use any whole number from 0 up",
            );
            DEFAULT_SEED
        }
    };
    let window = RunWindow {
        warmup_end: SimTime(warmup),
        horizon: SimTime(horizon),
    };
    (window, replications, seed)
}

fn days_to_minutes(days: f64) -> u64 {
    if days.is_finite() && days > 0.0 {
        (days * MINUTES_PER_DAY as f64).round() as u64
    } else {
        0
    }
}

fn index_names<'a>(
    kind: &str,
    names: impl Iterator<Item = &'a String>,
    problems: &mut Problems,
) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for (idx, name) in names.enumerate() {
        if !is_snake_case(name) {
            problems.add(
                format!("{kind}[{idx}].name"),
                format!("\"{name}\" is not a snake_case name (it becomes part of metric names)"),
                "use lower-case letters, digits and '_', starting with a letter, e.g. \"decision_officers\"",
            );
        }
        if let Some(first) = index.insert(name.clone(), idx) {
            problems.add(
                format!("{kind}[{idx}].name"),
                format!("the name \"{name}\" is already used by {kind}[{first}]"),
                format!("give every [[{kind}]] its own name"),
            );
        }
    }
    index
}

fn pool_spec(idx: usize, pool: &PoolFile, problems: &mut Problems) -> PoolSpec {
    let servers = if (1..=i64::from(u32::MAX)).contains(&pool.servers) {
        pool.servers as u32
    } else {
        problems.add(
            at("pool", idx, &pool.name, "servers"),
            format!("must be a whole number of at least 1, got {}", pool.servers),
            "set the number of staff who work in parallel, e.g. servers = 10",
        );
        1
    };
    PoolSpec {
        name: pool.name.clone(),
        servers,
        discipline: match pool.discipline {
            DisciplineFile::Fifo => Discipline::Fifo,
            DisciplineFile::Lifo => Discipline::Lifo,
            DisciplineFile::Priority => Discipline::Priority,
            DisciplineFile::Edf => Discipline::Edf,
            DisciplineFile::PriorityEdf => Discipline::PriorityEdf,
        },
    }
}

fn step_spec(
    idx: usize,
    step: &StepFile,
    pool_index: &HashMap<String, usize>,
    step_index: &HashMap<String, usize>,
    problems: &mut Problems,
) -> StepSpec {
    let field = |f: &str| at("step", idx, &step.name, f);
    let placeholder = || Dist::Fixed(1.0);
    let activity = match (&step.pool, &step.work_hours, &step.delay_days) {
        (Some(pool), Some(work), None) => {
            let pool_idx = match pool_index.get(pool) {
                Some(&p) => PoolIdx(p as u16),
                None => {
                    problems.add(
                        field("pool"),
                        format!("there is no pool named \"{pool}\""),
                        format!(
                            "use one of the defined pools ({}) or add a [[pool]] with name = \"{pool}\"",
                            quoted_list(pool_index)
                        ),
                    );
                    PoolIdx(0)
                }
            };
            let work = dist(
                work,
                MINUTES_PER_HOUR as f64,
                &field("work_hours"),
                problems,
            )
            .unwrap_or_else(placeholder);
            Activity::Work {
                pool: pool_idx,
                work,
            }
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
        (_, _, Some(_)) => {
            problems.add(
                field("delay_days"),
                "a step is either work (pool + work_hours) or a delay (delay_days), not both",
                "split it into two steps, one after the other",
            );
            Activity::Delay {
                duration: placeholder(),
            }
        }
        (Some(_), None, None) => {
            problems.add(
                field("work_hours"),
                "a work step needs work_hours: how much work one case takes",
                "add e.g. work_hours = { dist = \"exponential\", mean = 8 }",
            );
            Activity::Delay {
                duration: placeholder(),
            }
        }
        (None, Some(_), None) => {
            problems.add(
                field("pool"),
                "a work step needs the pool that does the work",
                "add e.g. pool = \"decision_officers\"",
            );
            Activity::Delay {
                duration: placeholder(),
            }
        }
        (None, None, None) => {
            problems.add(
                field("pool"),
                "the step has neither work (pool + work_hours) nor a delay (delay_days)",
                "add pool and work_hours for work, or delay_days for waiting",
            );
            Activity::Delay {
                duration: placeholder(),
            }
        }
    };
    let next = step_next(idx, step, step_index, problems);
    StepSpec {
        name: step.name.clone(),
        activity,
        next,
    }
}

fn step_next(
    idx: usize,
    step: &StepFile,
    step_index: &HashMap<String, usize>,
    problems: &mut Problems,
) -> Next {
    let field = |f: &str| at("step", idx, &step.name, f);
    match (&step.next, &step.branch) {
        (Some(next), None) => Next::Go(resolve_target(next, field("next"), step_index, problems)),
        (None, Some(arms)) => {
            if arms.is_empty() {
                problems.add(
                    field("branch"),
                    "the branch has no arms",
                    "list at least one { to = \"...\", p = ... }, or use next = \"...\"",
                );
                return Next::Go(Target::Exit);
            }
            let mut cumulative = 0.0;
            let mut out = Vec::with_capacity(arms.len());
            let mut probabilities_ok = true;
            for (arm_idx, arm) in arms.iter().enumerate() {
                let t = resolve_target(
                    &arm.to,
                    field(&format!("branch[{arm_idx}].to")),
                    step_index,
                    problems,
                );
                if !(arm.p.is_finite() && (0.0..=1.0).contains(&arm.p)) {
                    probabilities_ok = false;
                    problems.add(
                        field(&format!("branch[{arm_idx}].p")),
                        format!("a probability must be between 0 and 1, got {}", arm.p),
                        "write the share of cases that take this arm, e.g. p = 0.3",
                    );
                }
                cumulative += arm.p;
                out.push(Branch {
                    cumulative,
                    target: t,
                });
            }
            if probabilities_ok && (cumulative - 1.0).abs() > PROBABILITY_TOLERANCE {
                problems.add(
                    field("branch"),
                    format!("the probabilities add up to {cumulative}, not 1"),
                    "make the p values of the arms add up to exactly 1",
                );
            }
            if let Some(last) = out.last_mut() {
                last.cumulative = 1.0;
            }
            Next::Branch(out)
        }
        (Some(_), Some(_)) => {
            problems.add(
                field("next"),
                "a step has either next (always the same place) or branch (probabilities), not both",
                "remove one of the two",
            );
            Next::Go(Target::Exit)
        }
        (None, None) => {
            problems.add(
                field("next"),
                "the step does not say where cases go afterwards",
                "add next = \"exit\" (or another step), or a branch = [...]",
            );
            Next::Go(Target::Exit)
        }
    }
}

/// The step named `name`, or the exit for "exit"; an unknown name is a problem at `field`.
fn resolve_target(
    name: &str,
    field: String,
    step_index: &HashMap<String, usize>,
    problems: &mut Problems,
) -> Target {
    if name == "exit" {
        Target::Exit
    } else if let Some(&s) = step_index.get(name) {
        Target::Step(StepIdx(s as u16))
    } else {
        problems.add(
            field,
            format!("there is no step named \"{name}\""),
            format!(
                "use \"exit\" or one of the defined steps ({})",
                quoted_list(step_index)
            ),
        );
        Target::Exit
    }
}

fn stream_spec(
    idx: usize,
    stream: &StreamFile,
    step_index: &HashMap<String, usize>,
    problems: &mut Problems,
) -> StreamSpec {
    let field = |f: &str| at("stream", idx, &stream.name, f);
    let placeholder = || Dist::Fixed(MINUTES_PER_DAY as f64);
    let interarrival = match (stream.rate_per_day, &stream.interarrival_days) {
        (Some(rate), None) => {
            if rate.is_finite() && rate > 0.0 {
                Dist::exponential(MINUTES_PER_DAY as f64 / rate).unwrap_or_else(|_| placeholder())
            } else {
                problems.add(
                    field("rate_per_day"),
                    format!("must be a positive number of cases per day, got {rate}"),
                    "set the mean number of arrivals per day, e.g. rate_per_day = 9",
                );
                placeholder()
            }
        }
        (None, Some(gap)) => dist(
            gap,
            MINUTES_PER_DAY as f64,
            &field("interarrival_days"),
            problems,
        )
        .unwrap_or_else(placeholder),
        (Some(_), Some(_)) => {
            problems.add(
                field("rate_per_day"),
                "give either rate_per_day (Poisson arrivals) or interarrival_days, not both",
                "remove one of the two",
            );
            placeholder()
        }
        (None, None) => {
            problems.add(
                field("rate_per_day"),
                "the stream does not say how often cases arrive",
                "add rate_per_day = ... (Poisson arrivals) or interarrival_days = { ... }",
            );
            placeholder()
        }
    };
    if interarrival.mean() <= 0.0 {
        problems.add(
            field("interarrival_days"),
            "the mean time between arrivals must be positive",
            "use a distribution with a positive mean",
        );
    }
    let entry = match step_index.get(&stream.entry) {
        Some(&s) => StepIdx(s as u16),
        None => {
            problems.add(
                field("entry"),
                format!("there is no step named \"{}\"", stream.entry),
                format!("use one of the defined steps ({})", quoted_list(step_index)),
            );
            StepIdx(0)
        }
    };
    let priority = match u8::try_from(stream.priority) {
        Ok(p) => p,
        Err(_) => {
            problems.add(
                field("priority"),
                format!(
                    "must be a whole number from 0 to 255, got {}",
                    stream.priority
                ),
                "use 0 for the most urgent class, 1 for the next, ...",
            );
            0
        }
    };
    let due_after = stream.due_days.and_then(|days| {
        if days.is_finite() && days > 0.0 {
            Some(days_to_minutes(days))
        } else {
            problems.add(
                field("due_days"),
                format!("must be a positive number of days, got {days}"),
                "set the deadline in days after arrival, or remove due_days",
            );
            None
        }
    });
    StreamSpec {
        name: stream.name.clone(),
        arrivals: ArrivalProcess::Renewal { interarrival },
        entry,
        priority,
        due_after,
    }
}

/// Builds a distribution from its parameters, in the order the family lists them.
type DistBuilder = fn(&[f64]) -> Result<Dist, String>;

/// Converts a distribution in `unit_minutes` (60 for hours, 1440 for days) to minutes, checking
/// that exactly the parameters its family needs are given.
fn dist(raw: &DistFile, unit_minutes: f64, field: &str, problems: &mut Problems) -> Option<Dist> {
    let (needed, build): (&[&str], DistBuilder) = match raw.dist {
        DistKind::Fixed => (&["value"], |p| {
            if p[0] > 0.0 {
                Dist::fixed(p[0])
            } else {
                Err(format!("value must be positive, got {}", p[0]))
            }
        }),
        DistKind::Exponential => (&["mean"], |p| Dist::exponential(p[0])),
        DistKind::Uniform => (&["min", "max"], |p| Dist::uniform(p[0], p[1])),
        DistKind::Triangular => (&["min", "mode", "max"], |p| {
            Dist::triangular(p[0], p[1], p[2])
        }),
        DistKind::Lognormal => (&["mean", "cv"], |p| Dist::lognormal(p[0], p[1])),
        DistKind::Gamma => (&["mean", "cv"], |p| Dist::gamma(p[0], p[1])),
    };
    let given = [
        ("value", raw.value),
        ("mean", raw.mean),
        ("cv", raw.cv),
        ("min", raw.min),
        ("mode", raw.mode),
        ("max", raw.max),
    ];
    let family = format!("{:?}", raw.dist).to_lowercase();
    let mut ok = true;
    for (key, value) in given {
        let wanted = needed.contains(&key);
        if wanted && value.is_none() {
            ok = false;
            problems.add(
                field,
                format!("dist = \"{family}\" needs `{key}`"),
                format!("give {}", needed.join(", ")),
            );
        } else if !wanted && value.is_some() {
            ok = false;
            problems.add(
                field,
                format!("dist = \"{family}\" does not use `{key}`"),
                format!("remove `{key}`; this family takes {}", needed.join(", ")),
            );
        }
    }
    if !ok {
        return None;
    }
    // Parameters in the order `needed` lists them, first in the file's unit (so that a message
    // quotes the numbers as written), then in minutes; cv is a ratio and is not scaled.
    let in_file_units: Vec<f64> = needed
        .iter()
        .map(|key| {
            given
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| *v)
                .expect("checked above")
        })
        .collect();
    if let Err(reason) = build(&in_file_units) {
        problems.add(
            field,
            reason,
            "correct the parameters (the unit is in the key's name: _hours or _days)",
        );
        return None;
    }
    let in_minutes: Vec<f64> = needed
        .iter()
        .zip(&in_file_units)
        .map(|(key, value)| {
            if *key == "cv" {
                *value
            } else {
                value * unit_minutes
            }
        })
        .collect();
    build(&in_minutes).ok()
}

/// Fails every step from which no route with positive probability leads to the exit: its
/// cases could never complete.
fn check_every_step_can_exit(steps: &[StepSpec], problems: &mut Problems) {
    let targets = |step: &StepSpec| -> Vec<Target> {
        match &step.next {
            Next::Go(target) => vec![*target],
            Next::Branch(arms) => {
                let mut previous = 0.0;
                arms.iter()
                    .filter_map(|arm| {
                        let p = arm.cumulative - previous;
                        previous = arm.cumulative;
                        (p > 0.0).then_some(arm.target)
                    })
                    .collect()
            }
        }
    };
    let mut can_exit = vec![false; steps.len()];
    loop {
        let mut changed = false;
        for (idx, step) in steps.iter().enumerate() {
            if can_exit[idx] {
                continue;
            }
            if targets(step).iter().any(|t| match t {
                Target::Exit => true,
                Target::Step(s) => can_exit[s.0 as usize],
            }) {
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
}

fn quoted_list(index: &HashMap<String, usize>) -> String {
    let mut names: Vec<(&usize, &String)> = index.iter().map(|(n, i)| (i, n)).collect();
    names.sort();
    if names.is_empty() {
        return "none defined yet".to_string();
    }
    names
        .iter()
        .map(|(_, n)| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
