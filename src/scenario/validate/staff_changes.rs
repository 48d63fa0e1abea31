//! Staff that changes on a day: the `staff` and `hours` lists of `[[change]]` entries. A staff
//! entry is a level down or up (`{ pool = "a", fte = -20 }`) or a transfer between pools
//! (`{ from = "a", to = "b", fte = 10 }`), both becoming one [`StaffMove`] of the plan; an
//! hours entry (`{ pool = "a", hours_per_week = 30 }`) sets the pool's productive hours from the
//! date, laid out into its calendar by [`staff`](super::staff).
//!
//! Only `date`, `staff` and `hours` of a change are read here; its `name`, `date`, `set` and
//! `remove` are checked with the other dated changes, so an entry whose date is not valid is
//! skipped here without a word (the date's problem is reported there).

use std::collections::HashMap;

use crate::calendar::Dates;
use crate::model::{PoolIdx, PoolStaff, StaffMove, StaffPlan};
use crate::scenario::file::{ChangeFile, ScenarioFile, StaffMoveFile};
use crate::scenario::validate::bounds;
use crate::scenario::validate::{Problems, at, parse_date, quoted_list};

/// Productive hours of a pool from a day on, with the field that gave them.
pub(super) struct DatedHours {
    /// Day since the start (negative before it).
    pub(super) day: i64,
    pub(super) hours_per_week: f64,
    /// `change[i].hours[j].hours_per_week (change "name")`.
    pub(super) field: String,
}

/// A staff move of the plan with the field of its FTE, for the check of cuts.
pub(super) struct MoveField {
    /// `change[i].staff[j].fte (change "name")`.
    fte: String,
    /// The FTE the file asks for (before the sign is folded into `from` and `to`).
    asked: f64,
}

/// The day of change `change`, or `None` when the run has no start date or the date is not
/// valid (reported with the other dated changes).
fn day_of(change: &ChangeFile, dates: Option<Dates>) -> Option<i64> {
    let mut elsewhere = Problems::default();
    let date = parse_date(&change.date, "change[].date", &mut elsewhere)?;
    Some(dates?.day_of(date))
}

/// True when dated staff changes cannot apply because the run has no start date (reported once
/// per change, at its date, with the other dated changes).
fn needs_start_date(dates: Option<Dates>) -> bool {
    dates.is_none()
}

/// The productive-hours changes of every pool (in pool order), each pool's in day order.
/// Two changes of one pool on one day are refused; whether the hours fit the pool's calendar is
/// checked where the calendar is laid out.
pub(super) fn hours_changes(
    raw: &ScenarioFile,
    dates: Option<Dates>,
    pools: &HashMap<String, usize>,
    problems: &mut Problems,
) -> Vec<Vec<DatedHours>> {
    let mut out: Vec<Vec<DatedHours>> = (0..raw.pools.len()).map(|_| Vec::new()).collect();
    for (c_idx, change) in raw.changes.iter().enumerate() {
        if change.hours.is_empty() || needs_start_date(dates) {
            continue;
        }
        let Some(day) = day_of(change, dates) else {
            continue;
        };
        for (h_idx, hours) in change.hours.iter().enumerate() {
            let field = |f: &str| {
                at(
                    "change",
                    c_idx,
                    &change.name,
                    &format!("hours[{h_idx}].{f}"),
                )
            };
            let Some(pool) = resolve_pool(&hours.pool, pools, &field("pool"), problems) else {
                continue;
            };
            if let Some(earlier) = out[pool].iter().find(|h| h.day == day) {
                problems.add(
                    field("pool"),
                    format!(
                        "the productive hours of pool \"{}\" already change on this day ({})",
                        hours.pool, earlier.field
                    ),
                    "give a pool one productive-hours change per day",
                );
                continue;
            }
            out[pool].push(DatedHours {
                day,
                hours_per_week: hours.hours_per_week,
                field: field("hours_per_week"),
            });
        }
    }
    for list in &mut out {
        list.sort_by_key(|h| h.day);
    }
    out
}

/// The staff moves of every change, in file order, with the fields of their FTE.
pub(super) fn staff_moves(
    raw: &ScenarioFile,
    dates: Option<Dates>,
    pools: &HashMap<String, usize>,
    staff: &[PoolStaff],
    problems: &mut Problems,
) -> (Vec<StaffMove>, Vec<MoveField>) {
    let mut moves = Vec::new();
    let mut fields = Vec::new();
    for (c_idx, change) in raw.changes.iter().enumerate() {
        if change.staff.is_empty() || needs_start_date(dates) {
            continue;
        }
        let Some(day) = day_of(change, dates) else {
            continue;
        };
        for (s_idx, entry) in change.staff.iter().enumerate() {
            let field = |f: &str| {
                let key = if f.is_empty() {
                    format!("staff[{s_idx}]")
                } else {
                    format!("staff[{s_idx}].{f}")
                };
                at("change", c_idx, &change.name, &key)
            };
            if let Some(m) = staff_move(day, entry, &field, pools, staff, problems) {
                moves.push(m);
                fields.push(MoveField {
                    fte: field("fte"),
                    asked: entry.fte,
                });
            }
        }
    }
    (moves, fields)
}

/// One entry of `change[].staff` as a move, or `None` after reporting what is wrong.
fn staff_move(
    day: i64,
    entry: &StaffMoveFile,
    field: &dyn Fn(&str) -> String,
    pools: &HashMap<String, usize>,
    staff: &[PoolStaff],
    problems: &mut Problems,
) -> Option<StaffMove> {
    let n_before = problems.len();
    let pool = |name: &str, key: &str, problems: &mut Problems| {
        let idx = resolve_pool(name, pools, &field(key), problems)?;
        if staff.get(idx).is_some_and(|p| p.officers) {
            problems.add(
                field(key),
                format!(
                    "pool \"{name}\" is made of individual officers ([[pool.officers]]): its staff is its list of officers, which a change does not move"
                ),
                "change its [[pool.officers]] groups instead (e.g. in a variant), or move staff of a pool given by fte or servers",
            );
            return None;
        }
        Some(PoolIdx(idx as u16))
    };
    let fte = entry.fte;
    let fte_ok = fte.is_finite() && fte != 0.0 && fte.abs() <= bounds::MAX_STAFF_MOVE;
    if !fte_ok {
        problems.add(
            field("fte"),
            format!(
                "must be a number of FTE other than 0, from -{max} to {max}, got {fte}",
                max = bounds::MAX_STAFF_MOVE
            ),
            "e.g. fte = -20 for a cut, fte = 10 for staff taken on or transferred",
        );
    }
    let months = entry.training_months.unwrap_or(0.0);
    bounds::check(
        problems,
        &field("training_months"),
        months,
        (0.0, bounds::MAX_MOVE_TRAINING_MONTHS),
        " months",
        "e.g. training_months = 6 for staff that still learn the work of the pool",
    );
    let (from, to) = match (&entry.pool, &entry.from, &entry.to) {
        (Some(name), None, None) => {
            let idx = pool(name, "pool", problems);
            if fte < 0.0 && entry.training_months.is_some() {
                problems.add(
                    field("training_months"),
                    "a cut (a negative fte) takes no training",
                    "remove training_months, or make fte positive for staff taken on",
                );
            }
            if fte < 0.0 { (idx, None) } else { (None, idx) }
        }
        (None, Some(from), Some(to)) => {
            let (from_idx, to_idx) = (pool(from, "from", problems), pool(to, "to", problems));
            if from == to {
                problems.add(
                    field("to"),
                    format!("a transfer from pool \"{from}\" to itself moves nothing"),
                    "name two different pools, or use pool = \"...\" with fte for a level change",
                );
            }
            if fte < 0.0 {
                problems.add(
                    field("fte"),
                    format!("a transfer moves a positive number of FTE, got {fte}"),
                    format!("write fte = {} and swap from and to", -fte),
                );
            }
            (from_idx, to_idx)
        }
        (Some(_), _, _) => {
            problems.add(
                field(""),
                "gives both pool and from/to",
                "write { pool = \"...\", fte = -20 } for a level change, or { from = \"...\", to = \"...\", fte = 10 } for a transfer",
            );
            (None, None)
        }
        (None, Some(_), None) | (None, None, Some(_)) => {
            problems.add(
                field(""),
                "a transfer needs both from and to",
                "add the other pool, or write { pool = \"...\", fte = -20 } for a level change",
            );
            (None, None)
        }
        (None, None, None) => {
            problems.add(
                field(""),
                "names no pool",
                "write { pool = \"...\", fte = -20 } for a level change, or { from = \"...\", to = \"...\", fte = 10 } for a transfer",
            );
            (None, None)
        }
    };
    (problems.len() == n_before).then(|| StaffMove::new(day, from, to, fte.abs(), months))
}

/// Refuses every move that takes more staff from a pool than it has on the payroll on that day
/// (after attrition, hiring and the moves before it). The plan would clamp such a move at what
/// the pool has; in a file it is a mistake.
pub(super) fn check_cuts(
    plan: &StaffPlan,
    fields: &[MoveField],
    dates: Option<Dates>,
    problems: &mut Problems,
) {
    for ((m, applied), field) in plan.moves.iter().zip(plan.applied_moves()).zip(fields) {
        let (Some(from), Some(available)) = (m.from, applied.available) else {
            continue;
        };
        if m.fte <= available + 1e-9 {
            continue;
        }
        let name = &plan.pools[from.0 as usize].name;
        let date = dates.map_or_else(
            || format!("day {}", m.day),
            |d| d.date_of(m.day).to_string(),
        );
        // Rounded down, so the fix is a cut the pool can take.
        let at_most = (available * 100.0).floor() / 100.0;
        let (what, fix) = if m.to.is_some() {
            (
                format!("moves {} FTE out of pool \"{name}\"", field.asked),
                format!("move at most {at_most} FTE"),
            )
        } else {
            (
                format!("cuts {} FTE from pool \"{name}\"", -field.asked),
                format!("cut at most {at_most} FTE (fte = -{at_most})"),
            )
        };
        problems.add(
            &field.fte,
            format!(
                "{what}, which has {at_most} FTE on the payroll on {date} (after attrition, hiring and earlier moves)"
            ),
            format!("{fix}, or change the date or the pool's size"),
        );
    }
}

/// The pool called `name`, or a problem at `field` naming the closest pool.
fn resolve_pool(
    name: &str,
    pools: &HashMap<String, usize>,
    field: &str,
    problems: &mut Problems,
) -> Option<usize> {
    if let Some(&idx) = pools.get(name) {
        return Some(idx);
    }
    let known = quoted_list(pools);
    let fix = match closest(name, pools.keys().map(String::as_str)) {
        Some(near) => format!("did you mean \"{near}\"? (pools: {known})"),
        None => format!("use one of the pools ({known})"),
    };
    problems.add(field, format!("there is no pool named \"{name}\""), fix);
    None
}

/// The candidate nearest to `name` in edit distance, when it is near enough to be a typo
/// (at most a third of the name's letters, at least 2); ties to the first in name order.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = edit_distance(name, candidate);
        let better = best.is_none_or(|(bd, bn)| d < bd || (d == bd && candidate < bn));
        if d <= limit && better {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, n)| n)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_pool_meant() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        let pools = ["hearing_ter_apel", "hearing_zevenaar", "decision_officers"];
        assert_eq!(
            closest("hearing_terapel", pools.into_iter()),
            Some("hearing_ter_apel")
        );
        assert_eq!(
            closest("decision_oficers", pools.into_iter()),
            Some("decision_officers")
        );
        assert_eq!(closest("intake", pools.into_iter()), None);
    }
}
