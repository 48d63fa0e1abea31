//! `[[change]]`: what changes on a date. This module checks the entries themselves (name, date,
//! which parts of the scenario a change may `set` or `remove`); `scenario::change` builds the
//! network that holds from each date and validates it like any scenario.
//!
//! What a change may set, and why the rest may not:
//! - `step` entries (by name): work content, delays, routing, priority, the pool, the outcome
//!   a case gets when it passes the step;
//! - `stream` entries (by name): `entry`, `priority`, `due_days`, `groups`, `locations`;
//! - `policy` and `information`: the verkeerstoren's policy and what it knows;
//! - `law.notice`, `law.admin_penalty`, `law.court_penalty`: applicants' behaviour and the
//!   penalty regimes (the law in force on the day of each legal event applies).
//!
//! Staff change through the change's own `staff` and `hours` lists. Names (pools, steps,
//! streams, tracks, groups, locations, routes) are fixed for the whole run, because metrics and
//! cases refer to them; intake and the backlog have their own dates; decision terms are dated by
//! lodging date in `[[law.term]]` (`lodged_from`, `lodged_until`) and so never need a change.

use std::collections::HashSet;

use jiff::civil::Date;
use toml::{Table, Value};

use crate::calendar::Dates;
use crate::scenario::file::ScenarioFile;
use crate::scenario::validate::{Problems, bounds, is_snake_case, parse_date};

/// A checked `[[change]]` entry.
#[derive(Clone, Debug)]
pub(crate) struct DatedChange {
    /// Position in the file.
    pub(crate) index: usize,
    /// Its name.
    pub(crate) name: String,
    /// The date it takes effect.
    pub(crate) date: Date,
    /// That date as a day of the run.
    pub(crate) day: i64,
    /// Whether it sets or removes rules (not only staff or hours, which the staff plan dates).
    pub(crate) rules: bool,
}

/// The keys a change may set on a stream.
const STREAM_KEYS: [&str; 6] = [
    "name",
    "entry",
    "priority",
    "due_days",
    "groups",
    "locations",
];
/// The parts of `[law]` a change may set.
const LAW_KEYS: [&str; 3] = ["notice", "admin_penalty", "court_penalty"];

/// Checks every `[[change]]` of `raw`; returns the valid ones in date order (file order within a
/// date).
pub(crate) fn changes(
    raw: &ScenarioFile,
    dates: Option<Dates>,
    problems: &mut Problems,
) -> Vec<DatedChange> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (index, change) in raw.changes.iter().enumerate() {
        let at = At {
            index,
            name: &change.name,
        };
        let field = |key: &str| at.field(key);
        if !is_snake_case(&change.name) {
            problems.add(
                field("name"),
                format!(
                    "\"{}\" is not a name of lower-case letters, digits and _",
                    change.name
                ),
                "name the change like aa_six_days or court_penalty_back",
            );
        } else if !seen.insert(change.name.as_str()) {
            problems.add(
                field("name"),
                format!("a second change is named \"{}\"", change.name),
                "give every [[change]] a name of its own",
            );
        }
        let set_empty = change.set.as_ref().is_none_or(Table::is_empty);
        if set_empty
            && change.remove.is_empty()
            && change.staff.is_empty()
            && change.hours.is_empty()
        {
            problems.add(
                field("set"),
                "the change changes nothing",
                "add what changes on the date: set = { ... }, remove = [...], staff = [...] or hours = [...]",
            );
        }
        if let Some(set) = &change.set {
            check_set(raw, set, &at, problems);
        }
        for (i, path) in change.remove.iter().enumerate() {
            check_remove(raw, path, &field(&format!("remove[{i}]")), problems);
        }
        let Some(date) = parse_date(&change.date, &field("date"), problems) else {
            continue;
        };
        let Some(dates) = dates else {
            problems.add(
                field("date"),
                "a dated change needs the scenario's start date",
                "add start_date = YYYY-MM-DD under [scenario]",
            );
            continue;
        };
        let day = dates.day_of(date);
        if day <= 0 {
            problems.add(
                field("date"),
                format!(
                    "{date} is not after the start date {}: a change takes effect during the run",
                    dates.start()
                ),
                "write what holds at the start in the scenario itself, and date only later changes",
            );
            continue;
        }
        out.push(DatedChange {
            index,
            name: change.name.clone(),
            date,
            day,
            rules: !set_empty || !change.remove.is_empty(),
        });
    }
    out.sort_by_key(|c| (c.day, c.index));
    let mut rule_days: Vec<i64> = out.iter().filter(|c| c.rules).map(|c| c.day).collect();
    rule_days.dedup();
    if rule_days.len() > bounds::MAX_CHANGE_DATES {
        problems.add(
            "change",
            format!(
                "rules change on {} dates; at most {} are supported",
                rule_days.len(),
                bounds::MAX_CHANGE_DATES
            ),
            "merge changes of nearby dates into one date",
        );
    }
    out
}

/// Where a problem of a change lies: `change[i].<key> (change "name")`.
struct At<'a> {
    index: usize,
    name: &'a str,
}

impl At<'_> {
    fn field(&self, key: &str) -> String {
        format!("change[{}].{key} (change \"{}\")", self.index, self.name)
    }
}

/// Checks that `set` only touches what a change may change.
fn check_set(raw: &ScenarioFile, set: &Table, at: &At, problems: &mut Problems) {
    for (key, value) in set {
        let here = format!("set.{key}");
        match key.as_str() {
            "policy" | "information" => {}
            "law" => {
                if raw.law.is_none() {
                    problems.add(
                        at.field(&here),
                        "the scenario has no [law], so a change cannot change it",
                        "give the scenario its [law] from the start; a change can then change its regimes",
                    );
                }
                let Value::Table(law) = value else { continue };
                for part in law.keys() {
                    if !LAW_KEYS.contains(&part.as_str()) {
                        problems.add(
                            at.field(&format!("{here}.{part}")),
                            format!("law.{part} cannot change on a date"),
                            law_fix(part),
                        );
                    }
                }
            }
            "step" | "stream" => {
                let known: Vec<&str> = if key == "step" {
                    raw.steps.iter().map(|s| s.name.as_str()).collect()
                } else {
                    raw.streams.iter().map(|s| s.name.as_str()).collect()
                };
                let Value::Array(entries) = value else {
                    problems.add(
                        at.field(&here),
                        format!("must be a list of {key} entries with their names"),
                        format!("write e.g. set.{key} = [ {{ name = \"...\", ... }} ]"),
                    );
                    continue;
                };
                for (i, entry) in entries.iter().enumerate() {
                    let entry_at = format!("{here}[{i}]");
                    let name = entry
                        .as_table()
                        .and_then(|t| t.get("name"))
                        .and_then(Value::as_str);
                    let Some(name) = name else {
                        problems.add(
                            at.field(&entry_at),
                            format!("a {key} in a change needs the name of the {key} it changes"),
                            format!("add name = \"...\" (one of {})", known.join(", ")),
                        );
                        continue;
                    };
                    if !known.contains(&name) {
                        problems.add(
                            at.field(&format!("{entry_at}.name")),
                            format!("the scenario has no {key} \"{name}\"; a change cannot add one"),
                            format!(
                                "declare the {key} in the scenario (unused until the change routes cases to it), or use one of {}",
                                known.join(", ")
                            ),
                        );
                    }
                    if key == "stream" {
                        for k in entry.as_table().into_iter().flat_map(Table::keys) {
                            if k == "groups" && !draws_group(raw, name) {
                                problems.add(
                                    at.field(&format!("{entry_at}.groups")),
                                    format!("the cases of stream \"{name}\" that arrive take their group from their [[intake]] (group = ...), so a mix of groups would not be used"),
                                    "change the intake per group instead (its dated shocks or replayed months), or give the stream an intake without a group",
                                );
                            }
                            if !STREAM_KEYS.contains(&k.as_str()) {
                                problems.add(
                                    at.field(&format!("{entry_at}.{k}")),
                                    format!("a stream's {k} cannot change on a date"),
                                    "a change may set a stream's entry, priority, due_days, groups or locations; intake has its own dated model ([[intake]] shocks, replay)",
                                );
                            }
                        }
                    }
                }
            }
            other => problems.add(
                at.field(&here),
                format!("[{other}] cannot change on a date"),
                top_fix(other),
            ),
        }
    }
}

/// Whether arriving cases of stream `stream` draw their group from the stream's mix: it has a
/// rate of its own, or an intake that does not name a group.
fn draws_group(raw: &ScenarioFile, stream: &str) -> bool {
    raw.streams
        .iter()
        .any(|s| s.name == stream && (s.rate_per_day.is_some() || s.interarrival_days.is_some()))
        || raw
            .intakes
            .iter()
            .any(|i| i.stream == stream && i.group.is_none())
}

/// Checks a `remove` path of a change: it may only remove what a change may set.
fn check_remove(raw: &ScenarioFile, path: &str, field: &str, problems: &mut Problems) {
    let parts: Vec<&str> = path.split('.').collect();
    let ok = match parts.as_slice() {
        ["policy" | "information", ..] => true,
        ["law", part, ..] => {
            if !LAW_KEYS.contains(part) {
                problems.add(
                    field,
                    format!("law.{part} cannot change on a date"),
                    law_fix(part),
                );
                return;
            }
            raw.law.is_some()
        }
        ["step", _name, _key, ..] => true,
        ["stream", _name, key, ..] => STREAM_KEYS.contains(key) && *key != "name",
        _ => false,
    };
    if !ok {
        problems.add(
            field,
            format!("\"{path}\" cannot be removed on a date"),
            "a change may remove parts of policy, information, law.notice, law.admin_penalty.<name>, law.court_penalty.<name>, or a key of a step or stream (step.<name>.<key>); names stay for the whole run",
        );
    }
}

fn law_fix(part: &str) -> &'static str {
    match part {
        "term" | "extension" => {
            "decision terms are dated by lodging date: give the [[law.term]] or [[law.extension]] lodged_from / lodged_until"
        }
        _ => "a change may set law.notice, law.admin_penalty and law.court_penalty",
    }
}

fn top_fix(section: &str) -> &'static str {
    match section {
        "pool" | "hiring" | "staff" | "calendar" => {
            "staff change on a date through the change's own lists: staff = [ { pool = \"...\", fte = -10 } ] or hours = [ { pool = \"...\", hours_per_week = 30 } ]"
        }
        "intake" | "backlog" => {
            "intake has its own dates ([[intake]] shocks, trend, replayed months), and the backlog is the stock at the start"
        }
        "run" | "scenario" => "the run's settings hold for the whole run",
        "follow_up" => {
            "follow-ups hold for the whole run: date a restriction with the follow-up's factor = [ { from = YYYY-MM-DD, factor = 0.5 } ], and change the share of an outcome through the routing of the steps that decide it"
        }
        _ => {
            "names (tracks, groups, features, locations, routes) hold for the whole run; a change may set step, stream, policy, information and law (notice, penalty regimes)"
        }
    }
}
