//! `[[outcome]]` and `[[follow_up]]`: the outcomes a decision can have, and the cases that
//! decisions bring later (family reunification after a grant, an annulled decision taken again,
//! a failed Dublin transfer, a subsequent application).
//!
//! Besides each entry's own fields, two checks on the whole network: with outcomes, no way to
//! the exit may leave a case without one ([`outcome_gap`], a must-analysis over the step graph
//! from every step a case can start at), and follow-ups may not feed a circle of streams so that
//! a case brings one or more cases like it on average, or the cases would multiply without end
//! ([`check_circles`]).

use std::collections::HashMap;

use crate::calendar::Dates;
use crate::engine::MINUTES_PER_DAY;
use crate::law::TermLength;
use crate::model::{
    Backlog, FollowUp, FollowUpCount, OutcomeSpec, StepIdx, StepSpec, StreamIdx, StreamSpec, Target,
};
use crate::scenario::file::{FollowUpFile, PerGroupFile, ScenarioFile};
use crate::scenario::validate::dist::dist;
use crate::scenario::validate::{Names, Problems, at, bounds, parse_date, quoted_list, resolve};

/// The outcomes of `raw` (their names are indexed in `names.outcomes`).
pub(super) fn outcomes(raw: &ScenarioFile, problems: &mut Problems) -> Vec<OutcomeSpec> {
    if raw.outcomes.len() > bounds::MAX_OUTCOMES {
        problems.add(
            "outcome",
            format!(
                "{} outcomes are declared; at most {} are supported",
                raw.outcomes.len(),
                bounds::MAX_OUTCOMES
            ),
            "merge outcomes that no metric or follow-up tells apart",
        );
    }
    raw.outcomes
        .iter()
        .map(|o| OutcomeSpec {
            name: o.name.clone(),
            granted: o.granted,
        })
        .collect()
}

/// The follow-ups of `raw`; `law` says whether the scenario has `[law]` (a decision term needs
/// it).
pub(super) fn follow_ups(
    raw: &ScenarioFile,
    dates: Option<Dates>,
    law: bool,
    names: &Names,
    problems: &mut Problems,
) -> Vec<FollowUp> {
    if !raw.follow_ups.is_empty() && raw.outcomes.is_empty() {
        problems.add(
            "follow_up",
            "follow-ups are triggered by the outcomes of decisions, but the scenario declares no [[outcome]]",
            "declare the outcomes with [[outcome]] (name = \"grant\", granted = true; name = \"reject\"; ...) and give the steps that decide an outcome = \"...\"",
        );
        return Vec::new();
    }
    if raw.follow_ups.len() > bounds::MAX_FOLLOW_UPS {
        problems.add(
            "follow_up",
            format!(
                "{} follow-ups are declared; at most {} are supported",
                raw.follow_ups.len(),
                bounds::MAX_FOLLOW_UPS
            ),
            "merge follow-ups into the same stream",
        );
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    raw.follow_ups
        .iter()
        .enumerate()
        .map(|(idx, entry)| {
            if let Some(name) = &entry.track
                && raw.tracks.iter().any(|t| t.name == *name && !t.active)
            {
                problems.add(
                    at("follow_up", idx, &entry.name, "track"),
                    format!("track \"{name}\" is switched off (active = false)"),
                    "give the follow-on cases a track that is in use, or switch the track on",
                );
            }
            if let Some(first) = seen.insert(&entry.name, idx) {
                problems.add(
                    at("follow_up", idx, &entry.name, "name"),
                    format!(
                        "the name \"{}\" is already used by follow_up[{first}]",
                        entry.name
                    ),
                    "give every [[follow_up]] its own name",
                );
            }
            if !super::is_snake_case(&entry.name) {
                problems.add(
                    at("follow_up", idx, &entry.name, "name"),
                    format!(
                        "\"{}\" is not a snake_case name (it becomes part of metric names)",
                        entry.name
                    ),
                    "use lower-case letters, digits and '_', starting with a letter, e.g. \"nareis\"",
                );
            }
            follow_up(idx, entry, dates, law, names, problems)
        })
        .collect()
}

fn follow_up(
    idx: usize,
    entry: &FollowUpFile,
    dates: Option<Dates>,
    law: bool,
    names: &Names,
    problems: &mut Problems,
) -> FollowUp {
    let field = |f: &str| at("follow_up", idx, &entry.name, f);
    let mut outcomes = vec![false; names.outcomes.len()];
    if entry.outcomes.is_empty() {
        problems.add(
            field("outcomes"),
            "an empty list: no decision would trigger the follow-up",
            format!(
                "list the outcomes whose decisions bring it, from {}",
                quoted_list(&names.outcomes)
            ),
        );
    }
    for name in &entry.outcomes {
        if let Some(o) = resolve(
            "outcome",
            name,
            &names.outcomes,
            &field("outcomes"),
            problems,
        ) {
            outcomes[o] = true;
        }
    }
    let n_streams = names.streams.len();
    let streams = match &entry.streams {
        None => vec![true; n_streams],
        Some(list) => {
            if list.is_empty() {
                problems.add(
                    field("streams"),
                    "an empty list: no decision would trigger the follow-up",
                    "list the streams whose decisions bring it, or remove `streams` for all",
                );
            }
            let mut streams = vec![false; n_streams];
            for name in list {
                if let Some(s) =
                    resolve("stream", name, &names.streams, &field("streams"), problems)
                {
                    streams[s] = true;
                }
            }
            streams
        }
    };
    let into = resolve(
        "stream",
        &entry.into,
        &names.streams,
        &field("into"),
        problems,
    )
    .map_or(StreamIdx(0), |s| StreamIdx(s as u16));
    let step = match &entry.at_step {
        Some(name) => resolve("step", name, &names.steps, &field("at_step"), problems)
            .map_or(StepIdx(u16::MAX), |s| StepIdx(s as u16)),
        // The stream's entry, filled in by `entries` once the streams are known.
        None => StepIdx(u16::MAX),
    };
    let count = match (&entry.share, &entry.per_case) {
        (Some(share), None) => FollowUpCount::Bernoulli(per_group(
            (&field, "share"),
            share,
            (0.0, 1.0),
            "a share of the decisions, from 0 to 1, e.g. share = 0.3",
            names,
            problems,
        )),
        (None, Some(mean)) => FollowUpCount::Poisson(per_group(
            (&field, "per_case"),
            mean,
            (0.0, bounds::MAX_PER_CASE),
            "the mean number of follow-ons per decision, e.g. per_case = 1.2",
            names,
            problems,
        )),
        (Some(_), Some(_)) => {
            problems.add(
                field("share"),
                "give either share (one follow-on with that chance) or per_case (a Poisson number with that mean), not both",
                "remove one of the two",
            );
            FollowUpCount::Bernoulli(Vec::new())
        }
        (None, None) => {
            problems.add(
                field("share"),
                "does not say how many follow-ons a decision brings",
                "add share = 0.3 (one follow-on with that chance) or per_case = 1.2 (a Poisson number with that mean), or a table per group such as { syria = 1.2, default = 0.3 }",
            );
            FollowUpCount::Bernoulli(Vec::new())
        }
    };
    let returns = entry.returns.unwrap_or(1.0);
    if !(returns.is_finite() && (0.0..=1.0).contains(&returns)) {
        problems.add(
            field("returns"),
            format!("must be a share from 0 to 1, got {returns}"),
            "give the share of follow-ons that come back as a case (1: all, the default; 0: only counted)",
        );
    }
    let lag_field = field("lag_days");
    let lag = dist(&entry.lag_days, MINUTES_PER_DAY as f64, &lag_field, problems)
        .filter(|d| {
            bounds::check(
                problems,
                &lag_field,
                d.mean() / MINUTES_PER_DAY as f64,
                (0.0, bounds::MAX_HORIZON_DAYS),
                " days (the mean lag)",
                "give the time from the decision to the follow-on in days, e.g. { dist = \"lognormal\", mean = 120, cv = 0.8 }",
            )
        })
        .unwrap_or(crate::engine::Dist::Fixed(MINUTES_PER_DAY as f64));
    let factor = factors(&field, entry, dates, problems);
    let track = entry.track.as_ref().and_then(|name| {
        let t = resolve("track", name, &names.tracks, &field("track"), problems)?;
        Some(t as u8)
    });
    let term = term(&field, entry, law, problems);
    FollowUp {
        name: entry.name.clone(),
        outcomes,
        streams,
        into,
        step,
        count,
        returns,
        lag,
        factor,
        track,
        term,
    }
}

/// A number per group (`default` for those not listed) within `range`.
fn per_group(
    (field_of, key): (&dyn Fn(&str) -> String, &str),
    raw: &PerGroupFile,
    range: (f64, f64),
    fix: &str,
    names: &Names,
    problems: &mut Problems,
) -> Vec<f64> {
    let field = &field_of(key);
    let n_groups = names.groups.len().max(1);
    let mut group_names: Vec<&str> = vec!["all"; n_groups];
    for (name, &idx) in &names.groups {
        group_names[idx] = name;
    }
    let values: Vec<Option<f64>> = match raw {
        PerGroupFile::Value(v) => vec![Some(*v); n_groups],
        PerGroupFile::ByGroup(table) => names.by_group(
            table,
            &|group| field_of(&format!("{key}.{group}")),
            problems,
        ),
    };
    let mut out = vec![0.0; n_groups];
    for (group, value) in values.iter().enumerate() {
        match value {
            None => {
                problems.add(
                    field,
                    format!("no value for group \"{}\"", group_names[group]),
                    "add the group, or a default = ... for all groups not listed",
                );
                break;
            }
            Some(v) => {
                if !bounds::check(problems, field, *v, range, "", fix) {
                    break;
                }
                out[group] = *v;
            }
        }
    }
    out
}

/// The dated thinning factors of a follow-up, as (first day, factor) in day order.
fn factors(
    field: &dyn Fn(&str) -> String,
    entry: &FollowUpFile,
    dates: Option<Dates>,
    problems: &mut Problems,
) -> Vec<(i64, f64)> {
    let Some(steps) = &entry.factor else {
        return Vec::new();
    };
    let Some(dates) = dates else {
        problems.add(
            field("factor"),
            "dated factors need the scenario's start date",
            "add start_date = YYYY-MM-DD under [scenario]",
        );
        return Vec::new();
    };
    let mut out: Vec<(i64, f64)> = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        let here = |key: &str| field(&format!("factor[{i}].{key}"));
        bounds::check(
            problems,
            &here("factor"),
            step.factor,
            (0.0, 1.0),
            "",
            "give the share of follow-ons that still happen from the date on (0: none, 1: all)",
        );
        let Some(date) = parse_date(&step.from, &here("from"), problems) else {
            continue;
        };
        let day = dates.day_of(date);
        if out.last().is_some_and(|&(last, _)| day <= last) {
            problems.add(
                here("from"),
                format!("{date} is not after the date of the step before it"),
                "list the factors in date order, each from a later date",
            );
        }
        out.push((day, step.factor));
    }
    out
}

/// The decision term of a follow-on case, if the follow-up sets one.
fn term(
    field: &dyn Fn(&str) -> String,
    entry: &FollowUpFile,
    law: bool,
    problems: &mut Problems,
) -> Option<TermLength> {
    if entry.term_days.is_none() && entry.term_months.is_none() {
        return None;
    }
    if !law {
        problems.add(
            field("term_days"),
            "a decision term needs the scenario's [law]",
            "give the scenario a [law] with its terms, or remove term_days and term_months",
        );
        return None;
    }
    let (months, days) = (entry.term_months.unwrap_or(0), entry.term_days.unwrap_or(0));
    if !(0..=bounds::MAX_TERM_MONTHS).contains(&months)
        || !(0..=bounds::MAX_TERM_DAYS).contains(&days)
    {
        problems.add(
            field("term_days"),
            format!("a term of {months} months and {days} days is out of range"),
            format!(
                "give term_months (0 to {}) and/or term_days (0 to {}), not negative",
                bounds::MAX_TERM_MONTHS,
                bounds::MAX_TERM_DAYS
            ),
        );
        return None;
    }
    Some(TermLength {
        months: months as i32,
        days: days as i32,
    })
}

/// Fills in the entry of the `into` stream as the step of follow-ups without `at_step`.
pub(super) fn entries(follow_ups: &mut [FollowUp], streams: &[StreamSpec]) {
    for follow_up in follow_ups {
        if follow_up.step == StepIdx(u16::MAX)
            && let Some(stream) = streams.get(usize::from(follow_up.into.0))
        {
            follow_up.step = stream.entry;
        }
    }
}

/// Where cases start: every stream's entry, every step a backlog case starts at and every step a
/// follow-up brings cases to; each with what starts there, for messages.
pub(crate) fn starts(
    streams: &[StreamSpec],
    backlog: &Backlog,
    follow_ups: &[FollowUp],
) -> Vec<(StepIdx, String)> {
    let mut out: Vec<(StepIdx, String)> = Vec::new();
    for stream in streams {
        out.push((
            stream.entry,
            format!("the entry of stream \"{}\"", stream.name),
        ));
    }
    for case in &backlog.cases {
        out.push((case.step, "a step backlog cases start at".into()));
    }
    for block in &backlog.synthetic {
        for &step in &block.steps {
            out.push((step, "a step backlog cases start at".into()));
        }
    }
    for follow_up in follow_ups {
        out.push((
            follow_up.step,
            format!("the step of follow-up \"{}\"", follow_up.name),
        ));
    }
    out
}

/// A way from a start to the exit on which no step sets an outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OutcomeGap {
    /// What starts at its first step.
    pub(crate) start: String,
    /// The steps, from the start to the last one before the exit.
    pub(crate) path: Vec<usize>,
}

impl OutcomeGap {
    /// The problem, for a scenario whose outcomes are `outcomes` (`when` qualifies it, e.g. the
    /// date of a change).
    pub(crate) fn problem(
        &self,
        steps: &[StepSpec],
        outcomes: &[OutcomeSpec],
        when: &str,
    ) -> (String, String, String) {
        let last = *self.path.last().expect("a way has a step");
        let way: Vec<String> = self
            .path
            .iter()
            .map(|&s| format!("\"{}\"", steps[s].name))
            .chain(["\"exit\"".to_string()])
            .collect();
        let names: Vec<String> = outcomes.iter().map(|o| format!("\"{}\"", o.name)).collect();
        (
            at("step", last, &steps[last].name, "outcome"),
            format!(
                "cases can reach \"exit\" without an outcome{when}: from {}, the way {} sets none, so their decision would have no outcome to count",
                self.start,
                way.join(" -> ")
            ),
            format!(
                "give step \"{}\" an outcome = ... (one of {}), or give one to a step before it on this way",
                steps[last].name,
                names.join(", ")
            ),
        )
    }
}

/// The steps a case may be at (before passing them) without an outcome yet, starting from
/// `starts` in the network of `steps`, and the first way found from a start to the exit on which
/// no step sets an outcome. A must-analysis: every way counts, whatever the conditions of its
/// rules.
pub(crate) fn outcome_gap(
    steps: &[StepSpec],
    starts: &[(StepIdx, String)],
) -> (Vec<bool>, Option<OutcomeGap>) {
    let n = steps.len();
    let mut reached = vec![false; n];
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut origin: Vec<usize> = vec![0; n];
    let mut queue = std::collections::VecDeque::new();
    for (k, (step, _)) in starts.iter().enumerate() {
        let s = usize::from(step.0);
        if s < n && !reached[s] {
            reached[s] = true;
            origin[s] = k;
            queue.push_back(s);
        }
    }
    let mut gap = None;
    while let Some(s) = queue.pop_front() {
        if steps[s].outcome.is_some() {
            continue;
        }
        for target in steps[s].targets() {
            match target {
                Target::Exit => {
                    if gap.is_none() {
                        let mut path = vec![s];
                        let mut at = s;
                        while let Some(p) = parent[at] {
                            path.push(p);
                            at = p;
                        }
                        path.reverse();
                        gap = Some(OutcomeGap {
                            start: starts[origin[s]].1.clone(),
                            path,
                        });
                    }
                }
                Target::Step(t) => {
                    let t = usize::from(t.0);
                    if !reached[t] {
                        reached[t] = true;
                        parent[t] = Some(s);
                        origin[t] = origin[s];
                        queue.push_back(t);
                    }
                }
            }
        }
    }
    (reached, gap)
}

/// Refuses follow-ups that feed a circle of streams (decisions on cases of a stream bring cases of
/// a stream whose decisions bring cases of the first, and so on) so much that the cases would
/// multiply without end. A case brings, on average, the follow-ons of its decision's outcome:
/// per stream the mean numbers that come back (the largest per group times `returns`, thinning
/// factors at most 1) form one row of a mean matrix per outcome. Whatever outcome each stream's
/// decisions have, the cases of a circle multiply by at most the growth rate `λ` of the largest
/// such matrix ([`growth`]); the circle is refused when `λ` is 1 or more.
pub(super) fn check_circles(
    follow_ups: &[FollowUp],
    streams: &[StreamSpec],
    (steps, backlog): (&[StepSpec], &Backlog),
    n_outcomes: usize,
    problems: &mut Problems,
) {
    let n = streams.len();
    let can_get = crate::model::stream_outcomes(steps, streams, backlog, follow_ups, n_outcomes);
    // Whether follow-up `f` can follow a decision on a case of stream `s` with outcome `o`.
    let triggers = |f: &FollowUp, s: usize, o: usize| {
        f.outcomes.get(o) == Some(&true) && f.streams.get(s) == Some(&true) && can_get[s][o]
    };
    let brings = |f: &FollowUp| f.count.max_mean() * f.returns;
    // reach[s][t]: decisions on cases of s can bring cases of t, directly or through others.
    let mut reach = vec![vec![false; n]; n];
    for f in follow_ups.iter().filter(|f| brings(f) > 0.0) {
        for (s, row) in reach.iter_mut().enumerate() {
            if (0..n_outcomes).any(|o| triggers(f, s, o)) {
                row[usize::from(f.into.0)] = true;
            }
        }
    }
    // Transitive closure (streams are few).
    for k in 0..n {
        let via = reach[k].clone();
        for row in reach.iter_mut().filter(|row| row[k]) {
            for (to, &onward) in row.iter_mut().zip(&via) {
                *to |= onward;
            }
        }
    }
    let mut done = vec![false; n];
    for first in 0..n {
        if done[first] || !reach[first][first] {
            continue;
        }
        // The circle of `first`: the streams that reach it and that it reaches.
        let circle: Vec<usize> = (0..n)
            .filter(|&t| reach[first][t] && reach[t][first])
            .collect();
        for &s in &circle {
            done[s] = true;
        }
        let position = |t: usize| circle.iter().position(|&c| c == t);
        // Per stream of the circle and outcome, the mean cases brought into the circle.
        let rows: Vec<Vec<Vec<(usize, f64)>>> = circle
            .iter()
            .map(|&s| {
                (0..n_outcomes)
                    .map(|o| {
                        follow_ups
                            .iter()
                            .filter(|f| triggers(f, s, o))
                            .filter_map(|f| Some((position(usize::from(f.into.0))?, brings(f))))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let rate = growth(&rows);
        // At 1 the bound may come out a rounding below it.
        if rate > 1.0 - 1e-9 {
            let feeding: Vec<usize> = (0..follow_ups.len())
                .filter(|&f| {
                    let into = usize::from(follow_ups[f].into.0);
                    brings(&follow_ups[f]) > 0.0
                        && position(into).is_some()
                        && circle
                            .iter()
                            .any(|&s| (0..n_outcomes).any(|o| triggers(&follow_ups[f], s, o)))
                })
                .collect();
            let quoted = |names: Vec<&str>| {
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let first_f = feeding.first().copied().unwrap_or(0);
            problems.add(
                at("follow_up", first_f, &follow_ups[first_f].name, "streams"),
                format!(
                    "follow-ups {} bring cases of the streams {} back into the same streams: a case there can bring on average {} cases like it per generation (bounded as if each stream's decisions all had the outcome that brings most), so the cases would multiply without end",
                    quoted(feeding.iter().map(|&f| follow_ups[f].name.as_str()).collect()),
                    quoted(circle.iter().map(|&s| streams[s].name.as_str()).collect()),
                    (rate * 1000.0).round() / 1000.0
                ),
                "leave streams of the circle out of the follow-ups' streams = [...], or lower their share, per_case or returns so that a case brings fewer than one such case on average",
            );
        }
    }
}

/// An upper bound of the growth rate of a branching process whose mean matrix takes, for each
/// type `s`, one of the rows `rows[s][o]` (`(type, mean)` pairs): the largest spectral radius over
/// every choice of rows, to within the convergence of the iteration, never below it. The map
/// `F(x)_s = max_o Σ mean x[type]` is iterated (damped, so periodic circles converge) to a
/// positive `y`; then `max_s F(y)_s / y_s` bounds every choice's spectral radius from above
/// (Collatz-Wielandt: `M y <= F(y) <= λ y` for every choice `M`).
fn growth(rows: &[Vec<Vec<(usize, f64)>>]) -> f64 {
    let apply = |y: &[f64]| -> Vec<f64> {
        rows.iter()
            .map(|outcomes| {
                outcomes
                    .iter()
                    .map(|row| row.iter().map(|&(t, mean)| mean * y[t]).sum::<f64>())
                    .fold(0.0, f64::max)
            })
            .collect()
    };
    let mut y = vec![1.0; rows.len()];
    for _ in 0..2000 {
        let fy = apply(&y);
        let next: Vec<f64> = y.iter().zip(&fy).map(|(a, b)| (a + b) / 2.0).collect();
        let top = next.iter().copied().fold(0.0, f64::max);
        if !(top.is_finite() && top > 0.0) {
            return f64::INFINITY;
        }
        y = next.iter().map(|v| v / top).collect();
    }
    let fy = apply(&y);
    y.iter()
        .zip(&fy)
        .map(|(&v, &f)| if v > 0.0 { f / v } else { f64::INFINITY })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::growth;

    #[test]
    fn growth_bounds_the_spectral_radius_of_every_choice() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
        // One stream bringing one like it: critical.
        assert!(growth(&[vec![vec![(0, 1.0)]]]) > 1.0 - 1e-9);
        // Two outcomes: the one that brings most counts (0.7, not 0.2).
        assert!(close(growth(&[vec![vec![(0, 0.2)], vec![(0, 0.7)]]]), 0.7));
        // A circle of two streams, 1.5 there and 0.24 back: sqrt(0.36).
        let two = [vec![vec![(1, 1.5)]], vec![vec![(0, 0.24)]]];
        assert!(close(growth(&two), 0.6));
        // A periodic circle at exactly 1 (2 there, 0.5 back) is not let through.
        let periodic = [vec![vec![(1, 2.0)]], vec![vec![(0, 0.5)]]];
        assert!(growth(&periodic) > 1.0 - 1e-9);
        // Each stream's worst outcome together: a self-loop of 0.5 beside the circle, or the
        // circle through the other outcome: the largest root of x^2 - 0.5x - 0.36.
        let mixed = [vec![vec![(0, 0.5)], vec![(1, 1.5)]], vec![vec![(0, 0.24)]]];
        assert!(growth(&mixed) >= 0.6 - 1e-9);
        assert!(growth(&mixed) <= 0.9 + 1e-6);
    }
}
