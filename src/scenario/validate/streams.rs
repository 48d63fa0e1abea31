//! `[[stream]]`: where cases come from, how often, and the mix of their groups and locations.
//!
//! A stream's cases arrive by a rate (`rate_per_day`, `interarrival_days`) or by `[[intake]]`
//! blocks, or are all open at the start (an opening stock: `[[backlog.synthetic]]` blocks or rows
//! of the backlog file); [`check_supply`] refuses a stream with none of these.

use crate::engine::{Dist, MINUTES_PER_DAY};
use crate::model::{
    ArrivalProcess, Backlog, CumulativeTable, SourceSpec, StepIdx, StreamIdx, StreamSpec,
};
use crate::scenario::file::{ScenarioFile, StreamFile};
use crate::scenario::validate::attributes::{cumulative, shares};
use crate::scenario::validate::bounds;
use crate::scenario::validate::dist::dist;
use crate::scenario::validate::{Names, Problems, at, days_to_minutes, resolve, sub_key};

/// The streams, and a renewal arrival source for every stream with `rate_per_day` or
/// `interarrival_days` (in stream order, so a scenario of such streams numbers its sources as
/// its streams).
pub(super) fn streams(
    raw: &ScenarioFile,
    names: &Names,
    problems: &mut Problems,
) -> (Vec<StreamSpec>, Vec<SourceSpec>) {
    let mut sources = Vec::new();
    let streams = raw
        .streams
        .iter()
        .enumerate()
        .map(|(idx, stream)| {
            let has_intake = raw.intakes.iter().any(|i| i.stream == stream.name);
            if let Some(interarrival) = renewal(idx, stream, has_intake, problems) {
                sources.push(SourceSpec {
                    stream: StreamIdx(idx as u16),
                    group: None,
                    process: ArrivalProcess::Renewal { interarrival },
                });
            }
            stream_spec(idx, stream, raw, names, problems)
        })
        .collect();
    (streams, sources)
}

/// Reports every stream that has no arrivals (a rate, inter-arrival times, an `[[intake]]` or
/// a `[[follow_up]]` into it) and no opening stock (a `[[backlog.synthetic]]` block or a case in the backlog file): no case
/// of it would ever be simulated.
pub(super) fn check_supply(raw: &ScenarioFile, backlog: &Backlog, problems: &mut Problems) {
    for (idx, stream) in raw.streams.iter().enumerate() {
        let arrives = stream.rate_per_day.is_some()
            || stream.interarrival_days.is_some()
            || raw.intakes.iter().any(|i| i.stream == stream.name)
            || raw.follow_ups.iter().any(|f| f.into == stream.name);
        let blocks = raw
            .backlog
            .as_ref()
            .is_some_and(|b| b.synthetic.iter().any(|s| s.stream == stream.name));
        let cases = backlog
            .cases
            .iter()
            .any(|c| usize::from(c.attrs.stream) == idx);
        if !(arrives || blocks || cases) {
            problems.add(
                at("stream", idx, &stream.name, "rate_per_day"),
                "the stream has no arrivals and no opening stock, so none of its cases is ever simulated",
                "add rate_per_day = ... (Poisson arrivals), interarrival_days = { ... }, an [[intake]] with stream = ... (monthly intake), a [[follow_up]] with into = ... (cases that decisions bring), or an opening stock: a [[backlog.synthetic]] block or rows in the backlog file",
            );
        }
    }
}

/// True when some cases of `stream` take their nationality group from the stream's `groups`:
/// those of a rate, of an `[[intake]]` without `group`, or of a `[[backlog.synthetic]]` block
/// without `groups`.
fn draws_groups(stream: &StreamFile, raw: &ScenarioFile) -> bool {
    stream.rate_per_day.is_some()
        || stream.interarrival_days.is_some()
        || raw
            .intakes
            .iter()
            .any(|i| i.stream == stream.name && i.group.is_none())
        || raw.backlog.as_ref().is_some_and(|b| {
            b.synthetic
                .iter()
                .any(|s| s.stream == stream.name && s.groups.is_none())
        })
}

/// The renewal process of a stream, if it has one: `rate_per_day` or `interarrival_days`.
fn renewal(
    idx: usize,
    stream: &StreamFile,
    has_intake: bool,
    problems: &mut Problems,
) -> Option<Dist> {
    let field = |f: &str| at("stream", idx, &stream.name, f);
    let placeholder = || Dist::Fixed(MINUTES_PER_DAY as f64);
    let interarrival = match (stream.rate_per_day, &stream.interarrival_days) {
        (Some(rate), None) => {
            if rate.is_finite() && rate > 0.0 && rate <= bounds::MAX_RATE_PER_DAY {
                Dist::exponential(MINUTES_PER_DAY as f64 / rate).unwrap_or_else(|_| placeholder())
            } else {
                problems.add(
                    field("rate_per_day"),
                    format!(
                        "must be above 0 and at most {} cases per day, got {rate}",
                        bounds::MAX_RATE_PER_DAY
                    ),
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
        .filter(|d| {
            bounds::check(
                problems,
                &field("interarrival_days"),
                d.mean() / MINUTES_PER_DAY as f64,
                (1.0 / bounds::MAX_RATE_PER_DAY, bounds::MAX_HORIZON_DAYS),
                " days (the mean gap)",
                "set the mean time between arrivals in days, e.g. { dist = \"exponential\", mean = 0.5 }",
            )
        })
        .unwrap_or_else(placeholder),
        (Some(_), Some(_)) => {
            problems.add(
                field("rate_per_day"),
                "give either rate_per_day (Poisson arrivals) or interarrival_days, not both",
                "remove one of the two",
            );
            placeholder()
        }
        // Monthly intake, an opening stock only, or nothing (see `check_supply`).
        (None, None) => return None,
    };
    if has_intake {
        problems.add(
            field("rate_per_day"),
            "the stream has both a rate (or inter-arrival times) and an [[intake]]",
            "keep one way of describing its arrivals",
        );
    }
    Some(interarrival)
}

fn stream_spec(
    idx: usize,
    stream: &StreamFile,
    raw: &ScenarioFile,
    names: &Names,
    problems: &mut Problems,
) -> StreamSpec {
    let field = |f: &str| at("stream", idx, &stream.name, f);
    let entry = resolve(
        "step",
        &stream.entry,
        &names.steps,
        &field("entry"),
        problems,
    )
    .map_or(StepIdx(0), |s| StepIdx(s as u16));
    let priority = u8::try_from(stream.priority).unwrap_or_else(|_| {
        problems.add(
            field("priority"),
            format!(
                "must be a whole number from 0 to 255, got {}",
                stream.priority
            ),
            "use 0 for the most urgent class, 1 for the next, ...",
        );
        0
    });
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
    // A stream none of whose cases draw their group from it needs no group mix.
    let groups = if stream.groups.is_none() && !draws_groups(stream, raw) {
        CumulativeTable::single()
    } else {
        mix(
            &|key: &str| field(&sub_key("groups", key)),
            stream.groups.as_ref(),
            "group",
            raw.groups.len(),
            &names.groups,
            problems,
        )
    };
    let locations = mix(
        &|key: &str| field(&sub_key("locations", key)),
        stream.locations.as_ref(),
        "location",
        raw.locations.len(),
        &names.locations,
        problems,
    );
    let patience = stream.patience_days.as_ref().and_then(|raw| {
        let field = field("patience_days");
        dist(raw, MINUTES_PER_DAY as f64, &field, problems).filter(|d| {
            bounds::check(
                problems,
                &field,
                d.mean() / MINUTES_PER_DAY as f64,
                bounds::PATIENCE_DAYS,
                " days (the mean patience)",
                "set how long a waiting applicant waits before withdrawing, in days, e.g. { dist = \"exponential\", mean = 30 }, or remove patience_days",
            )
        })
    });
    StreamSpec {
        name: stream.name.clone(),
        entry,
        priority,
        due_after,
        groups,
        locations,
        patience,
    }
}

/// The share table of a stream (or of a backlog block) over the declared `kind`s; optional when
/// there are fewer than two of them.
pub(super) fn mix(
    field: &dyn Fn(&str) -> String,
    table: Option<&std::collections::BTreeMap<String, f64>>,
    kind: &str,
    n_declared: usize,
    index: &std::collections::HashMap<String, usize>,
    problems: &mut Problems,
) -> CumulativeTable {
    match table {
        None if n_declared <= 1 => CumulativeTable::single(),
        None => {
            problems.add(
                field(""),
                format!(
                    "{n_declared} {kind}s are declared, but the stream does not give their shares"
                ),
                format!("add e.g. {kind}s = {{ <{kind}> = 0.6, <other {kind}> = 0.4 }}"),
            );
            CumulativeTable::single()
        }
        Some(_) if n_declared == 0 => {
            problems.add(
                field(""),
                format!("gives {kind} shares, but no [[{kind}]] is declared"),
                format!("declare the {kind}s with [[{kind}]], or remove the shares"),
            );
            CumulativeTable::single()
        }
        Some(table) => cumulative(&shares(field, table, kind, index, problems)),
    }
}
