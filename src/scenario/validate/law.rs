//! `[law]`: decision terms (`[[law.term]]`, `[[law.extension]]`, in `terms`), notices of default
//! (`[law.notice]` or `[[law.notice]]` per stream) and penalty regimes (`[[law.admin_penalty]]`,
//! `[[law.court_penalty]]` with its cap mix and repeat order).

use std::collections::HashMap;

use crate::calendar::Dates;
use crate::engine::{Dist, MINUTES_PER_DAY, MINUTES_PER_HOUR};
use crate::law::{Cents, PenaltySchedule, ScheduleError, TermTable, Tier};
use crate::model::{
    AdminRegime, CourtRegime, CumulativeTable, DAYS_PER_MONTH, DatedRate, DatedShare, LawSpec,
    Litigation, NoticeSpec, OrderHandling, PoolIdx, RepeatOrder, Uptake, Worker,
};
use crate::scenario::file::{
    CapFile, ChangeFile, CourtPenaltyFile, DateFile, LawFile, LitigationFile, NoticeFile,
    NoticesFile, RateFile, RepeatFile, ShareFile, TierFile,
};
use crate::scenario::validate::attributes::cumulative;
use crate::scenario::validate::dist::dist;
use crate::scenario::validate::{
    Names, PROBABILITY_TOLERANCE, Problems, at, bounds, parse_date, quoted_list, sub_key,
};

mod terms;

pub(super) fn law(
    raw: Option<&LawFile>,
    dates: Option<Dates>,
    names: &Names,
    problems: &mut Problems,
) -> Option<LawSpec> {
    let raw = raw?;
    let Some(dates) = dates else {
        problems.add(
            "scenario.start_date",
            "decision terms and penalties need the date the run starts",
            "add start_date = \"YYYY-MM-DD\" under [scenario]",
        );
        return None;
    };
    let terms = terms::terms(&raw.terms, &raw.extensions, names, problems);
    let notices = match &raw.notice {
        None => Vec::new(),
        Some(NoticesFile::One(notice)) => {
            vec![notice_rule(
                &|f| sub_key("law.notice", f),
                notice,
                dates,
                names,
                problems,
            )]
        }
        Some(NoticesFile::Many(list)) => {
            entries(
                "law.notice",
                list.iter().map(|n| n.name.as_deref()),
                problems,
            );
            list.iter()
                .enumerate()
                .map(|(idx, notice)| {
                    let field = |f: &str| entry("law.notice", idx, notice.name.as_deref(), f);
                    notice_rule(&field, notice, dates, names, problems)
                })
                .collect()
        }
    };
    entries(
        "law.admin_penalty",
        raw.admin_penalties.iter().map(|r| r.name.as_deref()),
        problems,
    );
    let admin = raw
        .admin_penalties
        .iter()
        .enumerate()
        .map(|(idx, regime)| {
            let field = |f: &str| entry("law.admin_penalty", idx, regime.name.as_deref(), f);
            let (from_day, until_day) =
                date_range(&field, &regime.from, &regime.until, dates, problems);
            AdminRegime {
                name: regime.name.clone(),
                streams: stream_mask(&field("streams"), &regime.streams, names, problems),
                from_day,
                until_day,
                grace_days: days(&field("grace_days"), regime.grace_days, problems),
                schedule: schedule(&field, &regime.tiers, regime.cap_euro, problems),
            }
        })
        .collect();
    entries(
        "law.court_penalty",
        raw.court_penalties.iter().map(|r| r.name.as_deref()),
        problems,
    );
    let court: Vec<CourtRegime> = raw
        .court_penalties
        .iter()
        .enumerate()
        .map(|(idx, regime)| {
            let field = |f: &str| entry("law.court_penalty", idx, regime.name.as_deref(), f);
            court_regime(&field, regime, dates, names, problems)
        })
        .collect();
    let uses_rates = notices.iter().any(|n| n.uptake.is_rate())
        || court
            .iter()
            .any(|c| c.appeal.is_rate() || c.repeat.as_ref().is_some_and(|r| r.uptake.is_rate()));
    Some(LawSpec {
        dates,
        terms: TermTable::new(terms, dates),
        notices,
        admin,
        court,
        uses_rates,
    })
}

/// The keys of `[law]` that give a rate.
const RATE_KEYS: [&str; 2] = ["rate_per_month", "appeal_rate_per_month"];

/// True when a `[[change]]` sets a rate in the law: the run then follows its legal steps as
/// processes in time from the start (and counts appeals), so every version of the law has the
/// same metrics.
pub(super) fn changes_set_rates(changes: &[ChangeFile]) -> bool {
    fn has_rate(value: &toml::Value) -> bool {
        match value {
            toml::Value::Table(table) => table
                .iter()
                .any(|(key, value)| RATE_KEYS.contains(&key.as_str()) || has_rate(value)),
            toml::Value::Array(items) => items.iter().any(has_rate),
            _ => false,
        }
    }
    changes
        .iter()
        .filter_map(|c| c.set.as_ref()?.get("law"))
        .any(has_rate)
}

/// The path of `field` in entry `idx` of the array `kind`, naming the entry when it has a name.
fn entry(kind: &str, idx: usize, name: Option<&str>, field: &str) -> String {
    match name {
        Some(name) => at(kind, idx, name, field),
        None => format!("{kind}[{idx}].{field}"),
    }
}

/// Checks the entries of the array `kind` as a whole: not more than a case can refer to, and no
/// name twice (a variant or a dated change merges into an entry by its name).
fn entries<'a>(kind: &str, list: impl Iterator<Item = Option<&'a str>>, problems: &mut Problems) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut count = 0;
    for (idx, name) in list.enumerate() {
        count += 1;
        if let Some(name) = name
            && let Some(first) = seen.insert(name, idx)
        {
            problems.add(
                format!("{kind}[{idx}].name"),
                format!("the name \"{name}\" is already used by {kind}[{first}]"),
                format!("give every [[{kind}]] its own name"),
            );
        }
    }
    if count > bounds::MAX_LAW_ENTRIES {
        problems.add(
            kind,
            format!(
                "has {count} entries, more than the {} allowed",
                bounds::MAX_LAW_ENTRIES
            ),
            "merge entries that say the same; the first that covers a case applies",
        );
    }
}

fn notice_rule(
    field: &dyn Fn(&str) -> String,
    notice: &NoticeFile,
    dates: Dates,
    names: &Names,
    problems: &mut Problems,
) -> NoticeSpec {
    let uptake = uptake(
        field,
        ("share", notice.share.as_ref()),
        ("rate_per_month", notice.rate_per_month.as_ref()),
        dates,
        problems,
    );
    let delay = match (&notice.delay_days, &uptake) {
        (Some(delay), _) => {
            let delay = dist(
                delay,
                MINUTES_PER_DAY as f64,
                &field("delay_days"),
                problems,
            );
            if uptake.is_rate() {
                problems.add(
                    field("delay_days"),
                    "goes with share, not with rate_per_month: with a rate, the day of the notice follows from the rate",
                    "remove delay_days, or give share (with delay_days) instead of rate_per_month",
                );
            }
            delay
        }
        (None, Uptake::Share(_)) if notice.share.is_some() => {
            problems.add(
                field("delay_days"),
                "a notice rule with a share needs delay_days, the days from the term's expiry to the notice",
                "add delay_days = { dist = \"exponential\", mean = 14 }, or give rate_per_month instead of share",
            );
            None
        }
        (None, _) => None,
    };
    NoticeSpec {
        name: notice.name.clone(),
        streams: stream_mask(&field("streams"), &notice.streams, names, problems),
        uptake,
        delay: delay.unwrap_or(Dist::Fixed(0.0)),
        priority: priority(&field("priority"), notice.priority, problems),
    }
}

/// How applicants take a step: a share (`share.0` in the file) or a rate per month (`rate.0`),
/// exactly one of the two.
fn uptake(
    field: &dyn Fn(&str) -> String,
    (share_key, share): (&str, Option<&ShareFile>),
    (rate_key, rate): (&str, Option<&RateFile>),
    dates: Dates,
    problems: &mut Problems,
) -> Uptake {
    match (share, rate) {
        (Some(share), None) => {
            Uptake::Share(dated_share(&field(share_key), share, dates, problems))
        }
        (None, Some(rate)) => Uptake::Rate(dated_rate(&field(rate_key), rate, dates, problems)),
        (Some(share), Some(rate)) => {
            // Both are checked, so that every problem shows at once.
            dated_rate(&field(rate_key), rate, dates, problems);
            problems.add(
                field(rate_key),
                format!("is given together with {share_key}: give one of the two"),
                format!(
                    "keep {share_key} (a share, decided once on the first day the step can be taken) or {rate_key} (a rate per month while the case is open); a variant or a dated change that switches from one to the other removes the first with remove = [\"...\"]"
                ),
            );
            Uptake::Share(dated_share(&field(share_key), share, dates, problems))
        }
        (None, None) => {
            problems.add(
                field(share_key),
                format!("missing: give {share_key} or {rate_key}"),
                format!(
                    "give {share_key} = 0.5 (a share, decided once), or {rate_key} = 0.2 (a rate per month while the case is open)"
                ),
            );
            Uptake::Share(DatedShare { steps: Vec::new() })
        }
    }
}

/// The days of `from` and `until` (either optional), in order.
fn date_range(
    field: &dyn Fn(&str) -> String,
    from: &Option<DateFile>,
    until: &Option<DateFile>,
    dates: Dates,
    problems: &mut Problems,
) -> (Option<i64>, Option<i64>) {
    let from = from
        .as_ref()
        .and_then(|d| parse_date(d, &field("from"), problems));
    let until = until
        .as_ref()
        .and_then(|d| parse_date(d, &field("until"), problems));
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        problems.add(
            field("until"),
            format!("{u} is before from {f}"),
            "swap the dates",
        );
    }
    (
        from.map(|d| dates.day_of(d)),
        until.map(|d| dates.day_of(d)),
    )
}

fn court_regime(
    field: &dyn Fn(&str) -> String,
    regime: &CourtPenaltyFile,
    dates: Dates,
    names: &Names,
    problems: &mut Problems,
) -> CourtRegime {
    let (from_day, until_day) = date_range(field, &regime.from, &regime.until, dates, problems);
    let penalty = regime.penalty.unwrap_or(true);
    let (caps, cap_shares) = if penalty {
        caps(field, regime, problems)
    } else {
        // No penalty: amounts kept in the file (for a variant or a dated change that switches
        // the penalty back on) are checked when complete, and not used.
        if regime.tiers.is_some() && (regime.cap_euro.is_some() || regime.caps.is_some()) {
            caps(field, regime, problems);
        }
        (Vec::new(), CumulativeTable::single())
    };
    CourtRegime {
        name: regime.name.clone(),
        streams: stream_mask(&field("streams"), &regime.streams, names, problems),
        from_day,
        until_day,
        appeal: uptake(
            field,
            ("appeal_share", regime.appeal_share.as_ref()),
            (
                "appeal_rate_per_month",
                regime.appeal_rate_per_month.as_ref(),
            ),
            dates,
            problems,
        ),
        after_notice_days: days(
            &field("after_notice_days"),
            regime.after_notice_days,
            problems,
        ),
        judgment_delay: dist(
            &regime.judgment_days,
            MINUTES_PER_DAY as f64,
            &field("judgment_days"),
            problems,
        )
        .unwrap_or(Dist::Fixed(0.0)),
        order_days_heard: days(
            &field("order_days_heard"),
            regime.order_days_heard,
            problems,
        ),
        order_days_not_heard: days(
            &field("order_days_not_heard"),
            regime.order_days_not_heard,
            problems,
        ),
        caps,
        cap_shares,
        costs: euros(&field("costs_euro"), regime.costs_euro, problems),
        priority: priority(&field("priority"), regime.priority, problems),
        order_handling: order_handling(
            &field("order_handling"),
            regime.order_handling.as_deref(),
            problems,
        ),
        repeat: regime.repeat.as_ref().map(|repeat| {
            let field = |f: &str| field(&sub_key("repeat", f));
            repeat_order(&field, repeat, penalty, dates, problems)
        }),
        litigation: regime.litigation.as_ref().map(|litigation| {
            let field = |f: &str| field(&sub_key("litigation", f));
            litigation_work(&field, litigation, names, problems)
        }),
    }
}

/// `order_handling`: how a case with the court's order competes in the queues.
fn order_handling(field: &str, raw: Option<&str>, problems: &mut Problems) -> OrderHandling {
    match raw {
        None | Some("class") => OrderHandling::Class,
        Some("deadline") => OrderHandling::Deadline,
        Some("class_and_deadline") => OrderHandling::ClassAndDeadline,
        Some("none") => OrderHandling::None,
        Some(other) => {
            problems.add(
                field,
                format!("\"{other}\" is not a way to handle a court order"),
                "use \"class\" (the order's priority class, the default), \"deadline\" (the order's deadline becomes the case's due date), \"class_and_deadline\" (both) or \"none\"",
            );
            OrderHandling::Class
        }
    }
}

/// `litigation`: the pool (or role) that works on each appeal, and the hours it takes.
fn litigation_work(
    field: &dyn Fn(&str) -> String,
    raw: &LitigationFile,
    names: &Names,
    problems: &mut Problems,
) -> Litigation {
    let worker = names.worker(&raw.pool).unwrap_or_else(|known| {
        problems.add(
            field("pool"),
            format!("there is no pool or role named \"{}\"", raw.pool),
            format!(
                "name the pool that represents the IND in court, one of the defined pools ({known}), or a role (the pool at the case's location)"
            ),
        );
        Worker::Pool(PoolIdx(0))
    });
    let hours = dist(
        &raw.hours,
        MINUTES_PER_HOUR as f64,
        &field("hours"),
        problems,
    )
    .filter(|d| {
        bounds::check(
            problems,
            &field("hours"),
            d.mean() / MINUTES_PER_HOUR as f64,
            bounds::LITIGATION_HOURS,
            " hours (the mean per appeal)",
            "give the productive hours one appeal takes, e.g. { dist = \"lognormal\", mean = 6, cv = 0.5 }",
        )
    })
    .unwrap_or(Dist::Fixed(0.0));
    Litigation { worker, hours }
}

/// The penalty schedules of a court regime that attaches a penalty: one cap (`cap_euro`) or a
/// mix (`caps`), with the shares of orders that get each.
fn caps(
    field: &dyn Fn(&str) -> String,
    regime: &CourtPenaltyFile,
    problems: &mut Problems,
) -> (Vec<PenaltySchedule>, CumulativeTable) {
    let Some(tiers) = &regime.tiers else {
        problems.add(
            field("tiers"),
            "a court regime with a penalty needs its amounts per day",
            "give tiers = [ { euro_per_day = 100 } ], or penalty = false for an order without a penalty",
        );
        return (Vec::new(), CumulativeTable::single());
    };
    match (regime.cap_euro, &regime.caps) {
        (Some(cap), None) => (
            vec![schedule(field, tiers, cap, problems)],
            CumulativeTable::single(),
        ),
        (None, Some(list)) => cap_mix(field, tiers, list, problems),
        // A mix replaces a single cap (so a variant or a dated change can turn a base's cap
        // into a mix); the single cap is still checked.
        (Some(cap), Some(list)) => {
            euros(&field("cap_euro"), cap, problems);
            cap_mix(field, tiers, list, problems)
        }
        (None, None) => {
            problems.add(
                field("cap_euro"),
                "a court regime with a penalty needs its cap",
                "give cap_euro = 7500, or a mix caps = [ { cap_euro = 7500, share = 0.6 }, { cap_euro = 15000, share = 0.4 } ], or penalty = false",
            );
            (Vec::new(), CumulativeTable::single())
        }
    }
}

fn cap_mix(
    field: &dyn Fn(&str) -> String,
    tiers: &[TierFile],
    list: &[CapFile],
    problems: &mut Problems,
) -> (Vec<PenaltySchedule>, CumulativeTable) {
    if list.is_empty() || list.len() > bounds::MAX_CAPS {
        problems.add(
            field("caps"),
            format!(
                "must list from 1 to {} caps, got {}",
                bounds::MAX_CAPS,
                list.len()
            ),
            "give caps = [ { cap_euro = 7500, share = 0.6 }, { cap_euro = 15000, share = 0.4 } ]",
        );
        return (Vec::new(), CumulativeTable::single());
    }
    let tiers = tier_list(field, tiers, problems);
    let mut ok = true;
    let mut schedules = Vec::with_capacity(list.len());
    for (idx, cap) in list.iter().enumerate() {
        if !(cap.share.is_finite() && (0.0..=1.0).contains(&cap.share)) {
            ok = false;
            problems.add(
                field(&format!("caps[{idx}].share")),
                format!("a share must be between 0 and 1, got {}", cap.share),
                "write the share of orders with this cap as a fraction, e.g. 0.6",
            );
        }
        let cap_field = field(&format!("caps[{idx}].cap_euro"));
        let amount = euros(&cap_field, cap.cap_euro, problems);
        // Tiers that make no schedule are reported once, with the first cap.
        schedules.push(schedule_of(
            field,
            tiers.clone(),
            amount,
            &cap_field,
            idx == 0,
            problems,
        ));
    }
    let shares: Vec<f64> = list.iter().map(|c| c.share).collect();
    let total: f64 = shares.iter().sum();
    if ok && (total - 1.0).abs() > PROBABILITY_TOLERANCE {
        problems.add(
            field("caps"),
            format!("the shares add up to {total}, not 1"),
            "make the shares of the caps add up to exactly 1",
        );
    }
    if !ok {
        return (schedules, CumulativeTable::single());
    }
    (schedules, cumulative(&shares))
}

fn repeat_order(
    field: &dyn Fn(&str) -> String,
    repeat: &RepeatFile,
    penalty: bool,
    dates: Dates,
    problems: &mut Problems,
) -> RepeatOrder {
    let after_deadline_days = days(
        &field("after_deadline_days"),
        repeat.after_deadline_days,
        problems,
    );
    if repeat.after_deadline_days == 0 {
        problems.add(
            field("after_deadline_days"),
            "must be at least 1: the deadline is the order's last day, so it has passed only the day after",
            "give the days after the deadline the applicant appeals again, e.g. 14",
        );
    }
    let schedule = schedule(field, &repeat.tiers, repeat.cap_euro, problems);
    RepeatOrder {
        uptake: uptake(
            field,
            ("share", repeat.share.as_ref()),
            ("rate_per_month", repeat.rate_per_month.as_ref()),
            dates,
            problems,
        ),
        after_deadline_days: after_deadline_days.max(1),
        judgment_delay: dist(
            &repeat.judgment_days,
            MINUTES_PER_DAY as f64,
            &field("judgment_days"),
            problems,
        )
        .unwrap_or(Dist::Fixed(0.0)),
        order_days: days(&field("order_days"), repeat.order_days, problems),
        schedule: penalty.then_some(schedule),
        costs: euros(&field("costs_euro"), repeat.costs_euro, problems),
    }
}

fn name_list(
    field: &str,
    list: &[String],
    kind: &str,
    index: &HashMap<String, usize>,
    problems: &mut Problems,
) -> Vec<usize> {
    list.iter()
        .filter_map(|name| {
            let found = index.get(name).copied();
            if found.is_none() {
                problems.add(
                    field,
                    format!("there is no {kind} named \"{name}\""),
                    format!("use one of the {kind}s ({})", quoted_list(index)),
                );
            }
            found
        })
        .collect()
}

fn stream_mask(field: &str, list: &[String], names: &Names, problems: &mut Problems) -> u64 {
    name_list(field, list, "stream", &names.streams, problems)
        .into_iter()
        .fold(0u64, |mask, idx| mask | 1 << idx)
}

fn dated_share(field: &str, raw: &ShareFile, dates: Dates, problems: &mut Problems) -> DatedShare {
    let check = |share: f64, problems: &mut Problems| {
        if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
            problems.add(
                field,
                format!("a share must be between 0 and 1, got {share}"),
                "write the share as a fraction, e.g. 0.4",
            );
        }
    };
    match raw {
        ShareFile::Value(share) => {
            check(*share, problems);
            DatedShare {
                steps: vec![(i64::MIN, *share)],
            }
        }
        ShareFile::Dated(steps) => {
            let mut out = Vec::with_capacity(steps.len());
            for (idx, (from, share)) in steps.iter().enumerate() {
                check(*share, problems);
                if let Some(date) =
                    parse_date(from, &sub_key(field, &format!("[{idx}].from")), problems)
                {
                    out.push((dates.day_of(date), *share));
                }
            }
            if out.is_empty() {
                problems.add(
                    field,
                    "no dated steps",
                    "give at least one { from = ..., share = ... }",
                );
            }
            if out.windows(2).any(|w| w[1].0 <= w[0].0) {
                problems.add(
                    field,
                    "the steps are not in date order",
                    "list the steps from the earliest date on",
                );
            }
            DatedShare { steps: out }
        }
    }
}

/// A rate per month as a rate per day: one number, or dated steps in strictly increasing date
/// order; each from 0 to [`bounds::MAX_RATE_PER_MONTH`].
fn dated_rate(field: &str, raw: &RateFile, dates: Dates, problems: &mut Problems) -> DatedRate {
    let check = |field: &str, rate: f64, problems: &mut Problems| {
        if !(rate.is_finite() && (0.0..=bounds::MAX_RATE_PER_MONTH).contains(&rate)) {
            problems.add(
                field,
                format!(
                    "a rate per month must be from 0 to {}, got {rate}",
                    bounds::MAX_RATE_PER_MONTH
                ),
                "give the expected number of times per month an applicant takes the step while it can, e.g. 0.2 (a mean wait of 5 months); 0 for none",
            );
        }
    };
    let per_day = |rate: f64| rate / DAYS_PER_MONTH;
    match raw {
        RateFile::Value(rate) => {
            check(field, *rate, problems);
            DatedRate {
                steps: vec![(i64::MIN, per_day(*rate))],
            }
        }
        RateFile::Dated(steps) => {
            let mut out = Vec::with_capacity(steps.len());
            for (idx, (from, rate)) in steps.iter().enumerate() {
                check(
                    &sub_key(field, &format!("[{idx}].per_month")),
                    *rate,
                    problems,
                );
                if let Some(date) =
                    parse_date(from, &sub_key(field, &format!("[{idx}].from")), problems)
                {
                    out.push((dates.day_of(date), per_day(*rate)));
                }
            }
            if out.is_empty() {
                problems.add(
                    field,
                    "no dated steps",
                    "give at least one { from = ..., per_month = ... }",
                );
            }
            if out.windows(2).any(|w| w[1].0 <= w[0].0) {
                problems.add(
                    field,
                    "the steps are not in strictly increasing date order",
                    "list the steps from the earliest date on, each date once",
                );
            }
            DatedRate { steps: out }
        }
    }
}

fn schedule(
    field: &dyn Fn(&str) -> String,
    tiers: &[TierFile],
    cap_euro: f64,
    problems: &mut Problems,
) -> PenaltySchedule {
    let tiers = tier_list(field, tiers, problems);
    let cap = euros(&field("cap_euro"), cap_euro, problems);
    schedule_of(field, tiers, cap, &field("cap_euro"), true, problems)
}

/// The schedule of `tiers` up to `cap`; when they do not make one, a problem at `cap_field`
/// for a cap that is not positive, and (if `report_tiers`) at `tiers` for the tiers.
fn schedule_of(
    field: &dyn Fn(&str) -> String,
    tiers: Vec<Tier>,
    cap: Cents,
    cap_field: &str,
    report_tiers: bool,
    problems: &mut Problems,
) -> PenaltySchedule {
    PenaltySchedule::new(tiers, cap).unwrap_or_else(|reason| {
        if matches!(reason, ScheduleError::CapNotPositive(_)) {
            problems.add(
                cap_field,
                reason.to_string(),
                "give the cap in euro, above 0",
            );
        } else if report_tiers {
            problems.add(
                field("tiers"),
                reason.to_string(),
                "see the README, \"Decision terms and penalties\"",
            );
        }
        PenaltySchedule::awb_4_17()
    })
}

fn tier_list(
    field: &dyn Fn(&str) -> String,
    tiers: &[TierFile],
    problems: &mut Problems,
) -> Vec<Tier> {
    tiers
        .iter()
        .enumerate()
        .map(|(idx, tier)| {
            let days = tier.days.map(|d| {
                u32::try_from(d).ok().filter(|&d| d > 0).unwrap_or_else(|| {
                    problems.add(
                        field(&format!("tiers[{idx}].days")),
                        format!("must be a positive number of days, got {d}"),
                        "give the tier's length in days, or leave it out on the last tier",
                    );
                    1
                })
            });
            Tier {
                days,
                per_day: euros(
                    &field(&format!("tiers[{idx}].euro_per_day")),
                    tier.euro_per_day,
                    problems,
                ),
            }
        })
        .collect()
}

fn euros(field: &str, value: f64, problems: &mut Problems) -> Cents {
    if (0.0..1e12).contains(&value) {
        Cents((value * 100.0).round() as i64)
    } else {
        problems.add(
            field,
            format!("must be an amount of euro from 0 to 1000000000000, got {value}"),
            "write the amount in euro, e.g. 1442 or 22.50",
        );
        Cents::ZERO
    }
}

fn days(field: &str, value: i64, problems: &mut Problems) -> i64 {
    if (0..=36_500).contains(&value) {
        value
    } else {
        problems.add(
            field,
            format!("must be a whole number of days from 0 to 36500, got {value}"),
            "give whole days, e.g. 14",
        );
        0
    }
}

fn priority(field: &str, value: Option<i64>, problems: &mut Problems) -> Option<u8> {
    value.map(|p| {
        u8::try_from(p).unwrap_or_else(|_| {
            problems.add(
                field,
                format!("must be a priority class from 0 to 255, got {p}"),
                "use 0 for the most urgent class",
            );
            0
        })
    })
}
