//! From the file shape to a validated [`Scenario`]: names resolved to indices, units converted
//! to minutes, every range and cross-reference checked. All problems are collected and reported
//! together, each with its field path and a fix.
//!
//! Submodules follow the file's sections: [`attributes`] (features, locations, tracks, groups),
//! [`staff`] (calendars, pools, roles), [`routes`] (steps and their routing), [`streams`], and
//! [`dist`] (distributions).

mod attributes;
mod backlog;
pub(crate) mod bounds;
pub(crate) mod change;
mod cost;
mod dist;
pub(crate) mod flows;
mod intake;
mod law;
mod metrics;
mod observed;
mod policy;
mod routes;
mod staff;
mod staff_changes;
mod streams;
pub(crate) mod uncertain;

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use crate::calendar::Dates;
use crate::engine::{MINUTES_PER_DAY, SimTime};
use crate::error::{Problem, ScenarioError};
use crate::model::{Catalogue, Clash, Network, PoolIdx, RunWindow, Worker};
use crate::scenario::Scenario;
use crate::scenario::file::{DateFile, ScenarioFile};

/// Default replications when neither the file nor the command line says.
const DEFAULT_REPLICATIONS: u32 = 30;
/// Default master seed when neither the file nor the command line says.
const DEFAULT_SEED: u64 = 1;
/// Tolerance for "probabilities sum to 1".
const PROBABILITY_TOLERANCE: f64 = 1e-9;

/// Validates `raw` (a scenario without the networks of its dated changes).
pub(crate) fn validate(
    raw: ScenarioFile,
    text: &str,
    path: &Path,
) -> Result<Scenario, ScenarioError> {
    validate_dated(raw, text, path).map(|(scenario, _)| scenario)
}

/// Validates `raw`, and gives the checked `[[change]]` entries that change rules (in date
/// order), whose networks `scenario::change` builds.
pub(crate) fn validate_dated(
    raw: ScenarioFile,
    text: &str,
    path: &Path,
) -> Result<(Scenario, Vec<change::DatedChange>), ScenarioError> {
    let mut problems = Problems::default();
    let name = scenario_name(&raw, path, &mut problems);
    let start_date = raw
        .scenario
        .start_date
        .as_ref()
        .and_then(|d| parse_date(d, "scenario.start_date", &mut problems));
    let dates = start_date.map(Dates::new);
    let (window, replications, seed) = run_settings(&raw, dates, &mut problems);

    let names = Names {
        calendars: index_names(
            "calendar",
            raw.calendars.iter().map(|c| &c.name),
            &mut problems,
        ),
        locations: index_names(
            "location",
            raw.locations.iter().map(|l| &l.name),
            &mut problems,
        ),
        features: index_names(
            "feature",
            raw.features.iter().map(|f| &f.name),
            &mut problems,
        ),
        tracks: index_names("track", raw.tracks.iter().map(|t| &t.name), &mut problems),
        groups: index_names("group", raw.groups.iter().map(|g| &g.name), &mut problems),
        pools: index_names("pool", raw.pools.iter().map(|p| &p.name), &mut problems),
        steps: index_names("step", raw.steps.iter().map(|s| &s.name), &mut problems),
        streams: index_names("stream", raw.streams.iter().map(|s| &s.name), &mut problems),
        routes: index_names("route", raw.routes.iter().map(|r| &r.name), &mut problems),
        outcomes: index_names(
            "outcome",
            raw.outcomes.iter().map(|o| &o.name),
            &mut problems,
        ),
        roles: HashMap::new(),
    };
    let mut names = names;
    if names.routes.is_empty() {
        names.routes.insert("standard".to_string(), 0);
    }
    if names.steps.contains_key("exit") {
        problems.add(
            "step[].name",
            "\"exit\" is reserved: it means leaving the system",
            "give the step another name",
        );
    }

    let attributes = attributes::attributes(&raw, &names, &mut problems);
    let mut staff = staff::staff(&raw, dates, window, &mut names, &mut problems);
    let steps = routes::steps(&raw, &names, &mut problems);
    let (streams, mut sources) = streams::streams(&raw, &names, &mut problems);
    let months = dates.map(|d| crate::calendar::RunMonths::new(d, window.horizon.minutes()));
    sources.extend(intake::intakes(
        &raw,
        path,
        dates,
        months.as_ref(),
        &names,
        &mut problems,
    ));
    let mut law = law::law(raw.law.as_ref(), dates, &names, &mut problems);
    if let Some(law) = &mut law {
        law.uses_rates |= law::changes_set_rates(&raw.changes);
    }
    let policy = policy::policy(&raw, &names, &mut staff.pools, law.as_mut(), &mut problems);
    let information = policy::information(&raw, &mut problems);
    let reception = cost::reception(&raw, &names, &mut problems);
    let backlog = backlog::backlog(&raw, path, dates, &names, &mut problems);
    streams::check_supply(&raw, &backlog, &mut problems);
    let dated = change::changes(&raw, dates, &mut problems);
    let within_months = metrics::within_months(&raw, &mut problems);
    let outcomes = flows::outcomes(&raw, &mut problems);
    let mut follow_ups = flows::follow_ups(&raw, dates, raw.law.is_some(), &names, &mut problems);
    flows::entries(&mut follow_ups, &streams);

    if raw.streams.is_empty() {
        problems.add(
            "stream",
            "the scenario has no [[stream]], so no case ever arrives",
            "add a [[stream]] with a name, a rate_per_day and an entry step",
        );
    }
    if raw.steps.is_empty() {
        problems.add(
            "step",
            "the scenario has no [[step]]",
            "add at least one [[step]] for cases to go through",
        );
    }
    if raw.pools.len() > usize::from(u16::MAX) || raw.steps.len() > usize::from(u16::MAX) {
        problems.add(
            "pool / step",
            "more than 65535 pools or steps",
            "merge pools or steps",
        );
    }
    if problems.is_empty() {
        routes::check_graph(&steps, &mut problems);
    }
    if problems.is_empty() && !outcomes.is_empty() {
        let starts = flows::starts(&streams, &backlog, &follow_ups);
        if let (_, Some(gap)) = flows::outcome_gap(&steps, &starts) {
            let (field, problem, fix) = gap.problem(&steps, &outcomes, "");
            problems.add(field, problem, fix);
        }
        flows::check_circles(
            &follow_ups,
            &streams,
            (&steps, &backlog),
            outcomes.len(),
            &mut problems,
        );
    }
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid {
            path: path.to_path_buf(),
            problems: problems.into_vec(),
        });
    }
    let staffing = staff.plan.sizes();
    let mut network = Network {
        pools: staff.pools,
        roles: staff.roles,
        steps,
        streams,
        attributes,
        calendars: staff.calendars,
        law,
        backlog,
        dates,
        months,
        sources,
        policy,
        information,
        staff_cost_eur: None,
        staff_cost_by_year_eur: Vec::new(),
        staff_plan: staff.plan,
        reception,
        changes: Vec::new(),
        within_months,
        outcomes,
        follow_ups,
    };
    network.restaff(window);
    let catalogue =
        Catalogue::new(&network, window.horizon).map_err(|clashes| ScenarioError::Invalid {
            path: path.to_path_buf(),
            problems: clashes.iter().map(clash_problem).collect(),
        })?;
    let observed = match raw.metrics.as_ref().and_then(|m| m.observed.as_ref()) {
        None => Vec::new(),
        Some(file) => {
            let mut problems = Problems::default();
            let figures = observed::observed(file, path, &network, &catalogue, &mut problems);
            if !problems.is_empty() {
                return Err(ScenarioError::Invalid {
                    path: path.to_path_buf(),
                    problems: problems.into_vec(),
                });
            }
            figures
        }
    };
    // Staff and hours are dated in the staff plan; only changes of rules need networks of their own.
    let dated: Vec<_> = dated.into_iter().filter(|c| c.rules).collect();
    let scenario = Scenario {
        description: raw.scenario.description.unwrap_or_default(),
        name,
        path: path.to_path_buf(),
        text: text.to_string(),
        start_date,
        network,
        catalogue,
        window,
        replications,
        seed,
        staffing,
        observed,
        uncertainty: crate::uncertain::Uncertainty::default(),
    };
    Ok((scenario, dated))
}

/// Two metrics that would share a name, as a problem with the scenario's names.
fn clash_problem(clash: &Clash) -> Problem {
    Problem {
        field: clash.field.clone(),
        problem: format!(
            "the metric \"{}\" would have two meanings: {}, and {}",
            clash.name, clash.first, clash.second
        ),
        fix: "rename the stream, track, location, pool, team, route, step, outcome or follow-up so that its metrics get names of their own (built-in metric names are fixed, because scripts read them)".into(),
    }
}

/// Every declared name, by kind, with its index.
pub(in crate::scenario) struct Names {
    pub(super) calendars: HashMap<String, usize>,
    pub(super) locations: HashMap<String, usize>,
    pub(super) features: HashMap<String, usize>,
    pub(super) tracks: HashMap<String, usize>,
    pub(super) groups: HashMap<String, usize>,
    pub(super) pools: HashMap<String, usize>,
    pub(super) roles: HashMap<String, usize>,
    pub(super) steps: HashMap<String, usize>,
    pub(super) streams: HashMap<String, usize>,
    pub(super) routes: HashMap<String, usize>,
    pub(super) outcomes: HashMap<String, usize>,
}

impl Names {
    /// The pool or, failing that, the role named `name`; else the problem's list of the known
    /// names (`"a", "b"; roles: "c"`), for its fix.
    pub(super) fn worker(&self, name: &str) -> Result<Worker, String> {
        if let Some(&p) = self.pools.get(name) {
            Ok(Worker::Pool(PoolIdx(p as u16)))
        } else if let Some(&r) = self.roles.get(name) {
            Ok(Worker::Role(r as u16))
        } else if self.roles.is_empty() {
            Err(quoted_list(&self.pools))
        } else {
            Err(format!(
                "{}; roles: {}",
                quoted_list(&self.pools),
                quoted_list(&self.roles)
            ))
        }
    }

    /// A value per group (in group order; one for a scenario without groups) from a table by
    /// group name, `default` standing for the groups it does not list (`None` where neither
    /// gives one). A name that is neither a group nor `default` is a problem at
    /// `field(name)`.
    pub(super) fn by_group(
        &self,
        table: &std::collections::BTreeMap<String, f64>,
        field: &dyn Fn(&str) -> String,
        problems: &mut Problems,
    ) -> Vec<Option<f64>> {
        for key in table.keys() {
            if key != "default" && !self.groups.contains_key(key) {
                problems.add(
                    field(key),
                    format!("there is no group named \"{key}\""),
                    format!(
                        "use \"default\" or one of the groups ({})",
                        quoted_list(&self.groups)
                    ),
                );
            }
        }
        let mut values = vec![table.get("default").copied(); self.groups.len().max(1)];
        for (name, &idx) in &self.groups {
            if let Some(&value) = table.get(name) {
                values[idx] = Some(value);
            }
        }
        values
    }
}

/// The problems found so far.
#[derive(Default)]
pub(in crate::scenario) struct Problems(Vec<Problem>);

impl Problems {
    pub(in crate::scenario) fn add(
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

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    pub(super) fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// The columns of the header row of a CSV being read by `reader` that `known` lists, by their
/// index; an unreadable header and every unknown column are problems of `file` line 1. `None`
/// when the header cannot be read.
pub(in crate::scenario) fn header_columns(
    reader: &mut csv::Reader<&[u8]>,
    file: &str,
    known: &'static [&'static str],
    problems: &mut Problems,
) -> Option<HashMap<&'static str, usize>> {
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(err) => {
            problems.add(
                format!("{file} line 1"),
                format!("unreadable header: {err}"),
                "start the file with a header row of column names",
            );
            return None;
        }
    };
    let mut column = HashMap::new();
    for (idx, name) in headers.iter().enumerate() {
        match known.iter().find(|c| **c == name) {
            Some(c) => {
                column.insert(*c, idx);
            }
            None => problems.add(
                format!("{file} line 1"),
                format!("unknown column \"{name}\""),
                format!("use the columns {}", known.join(", ")),
            ),
        }
    }
    Some(column)
}

/// `kind[idx].field (kind "name")`, the way every problem names its key.
pub(super) fn at(kind: &str, idx: usize, name: &str, field: &str) -> String {
    format!("{kind}[{idx}].{field} ({kind} \"{name}\")")
}

/// `base.key`, or `base` when `key` is empty: the path of an entry in a table.
pub(in crate::scenario) fn sub_key(base: &str, key: &str) -> String {
    if key.is_empty() {
        base.to_string()
    } else {
        format!("{base}.{key}")
    }
}

pub(super) fn is_snake_case(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// The names in `index`, quoted, in declaration order.
pub(super) fn quoted_list(index: &HashMap<String, usize>) -> String {
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

/// Looks up `name` among the `kind`s in `index`, reporting an unknown name at `field`.
pub(super) fn resolve(
    kind: &str,
    name: &str,
    index: &HashMap<String, usize>,
    field: &str,
    problems: &mut Problems,
) -> Option<usize> {
    let found = index.get(name).copied();
    if found.is_none() {
        problems.add(
            field,
            format!("there is no {kind} named \"{name}\""),
            format!(
                "use one of the defined {kind}s ({}) or add a [[{kind}]] with name = \"{name}\"",
                quoted_list(index)
            ),
        );
    }
    found
}

/// Parses a date such as 2026-01-01, from [`bounds::FIRST_DATE`] to [`bounds::LAST_DATE`].
pub(super) fn parse_date(raw: &DateFile, field: &str, problems: &mut Problems) -> Option<Date> {
    let text = raw.0.trim();
    if text.contains(['T', 't', ':']) {
        problems.add(
            field,
            format!(
                "\"{}\" has a time of day; the simulator counts whole days",
                raw.0
            ),
            "write the date alone, e.g. 2026-01-01",
        );
        return None;
    }
    match text.parse::<Date>() {
        Ok(date) if (bounds::FIRST_DATE..=bounds::LAST_DATE).contains(&date) => Some(date),
        Ok(date) => {
            problems.add(
                field,
                format!(
                    "must be from {} to {}, got {date}",
                    bounds::FIRST_DATE,
                    bounds::LAST_DATE
                ),
                "use a date within the supported range (the calendar of holidays and the law are dated within it)",
            );
            None
        }
        Err(_) => {
            problems.add(
                field,
                format!("\"{}\" is not a date", raw.0),
                "write a date as year-month-day, e.g. 2026-01-01",
            );
            None
        }
    }
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

fn run_settings(
    raw: &ScenarioFile,
    dates: Option<Dates>,
    problems: &mut Problems,
) -> (RunWindow, u32, u64) {
    let run = &raw.run;
    let horizon_days = match (run.horizon_days, &run.end_date) {
        (Some(days), None) => days,
        (None, Some(end)) => match (dates, parse_date(end, "run.end_date", problems)) {
            (Some(dates), Some(end)) => (dates.day_of(end) + 1) as f64,
            (None, Some(_)) => {
                problems.add(
                    "run.end_date",
                    "an end date needs a start date",
                    "add start_date = \"YYYY-MM-DD\" under [scenario], or use horizon_days",
                );
                f64::NAN
            }
            (_, None) => f64::NAN,
        },
        (Some(_), Some(_)) => {
            problems.add(
                "run.horizon_days",
                "give either horizon_days or end_date, not both",
                "remove one of the two",
            );
            f64::NAN
        }
        (None, None) => {
            problems.add(
                "run.horizon_days",
                "the run length is missing",
                "add horizon_days = ... (e.g. 1826 for five years) or end_date = \"YYYY-MM-DD\"",
            );
            f64::NAN
        }
    };
    // NaN: the run length is already reported above.
    let reported = horizon_days.is_nan() && run.horizon_days.is_none_or(|d| !d.is_nan());
    let horizon = days_to_minutes(horizon_days.min(bounds::MAX_HORIZON_DAYS));
    if (!(horizon_days.is_finite()
        && horizon_days > 0.0
        && horizon_days <= bounds::MAX_HORIZON_DAYS)
        || horizon == 0)
        && !reported
    {
        problems.add(
            "run.horizon_days",
            format!(
                "must be above 0 and at most {} days, got {horizon_days}",
                bounds::MAX_HORIZON_DAYS
            ),
            "set the simulated period, e.g. horizon_days = 1826 for five years (or an end_date after the start_date)",
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
                "the warm-up ({} days) must end before the horizon ({horizon_days} days)",
                run.warmup_days
            ),
            "shorten warmup_days or lengthen the run",
        );
    }
    let replications = match run.replications {
        None => DEFAULT_REPLICATIONS,
        Some(n) if (1..=bounds::MAX_REPLICATIONS).contains(&n) => n as u32,
        Some(n) => {
            problems.add(
                "run.replications",
                format!("must be from 1 to {}, got {n}", bounds::MAX_REPLICATIONS),
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

pub(super) fn days_to_minutes(days: f64) -> u64 {
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
