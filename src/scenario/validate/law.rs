//! `[law]`: decision terms (`[[law.term]]`, `[[law.extension]]`), notices of default
//! (`[law.notice]`) and penalty regimes (`[[law.admin_penalty]]`, `[[law.court_penalty]]`).

use std::collections::HashMap;

use crate::calendar::Dates;
use crate::engine::{Dist, MINUTES_PER_DAY};
use crate::law::{
    Cents, Extension, LodgedRange, PenaltySchedule, TermLength, TermRegime, TermRules, Tier,
};
use crate::model::{AdminRegime, CourtRegime, DatedShare, LawSpec, NoticeSpec};
use crate::scenario::file::{DateFile, LawFile, ShareFile, TierFile};
use crate::scenario::validate::dist::dist;
use crate::scenario::validate::{Names, Problems, at, parse_date, quoted_list, sub_key};

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
    let regimes = raw
        .terms
        .iter()
        .enumerate()
        .flat_map(|(idx, term)| {
            let field = |f: &str| at("law.term", idx, &term.name, f);
            let streams = name_list(
                &field("streams"),
                &term.streams,
                "stream",
                &names.streams,
                problems,
            );
            if term.streams.is_empty() {
                problems.add(
                    field("streams"),
                    "lists no stream",
                    "name the streams this term is for",
                );
            }
            let length = term_length(&field, term.months, term.days, problems);
            let lodged = lodged_range(&field, &term.lodged_from, &term.lodged_until, problems);
            streams
                .into_iter()
                .map(|stream| TermRegime {
                    name: term.name.clone(),
                    stream,
                    lodged,
                    base: length,
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    for (name, &stream) in &names.streams {
        if !regimes
            .iter()
            .any(|r| r.stream == stream && r.lodged.is_open())
        {
            problems.add(
                "law.term",
                format!("stream \"{name}\" has no decision term for every lodging date"),
                format!(
                    "add a [[law.term]] for stream \"{name}\" without lodged_from / lodged_until (dated terms go before it)"
                ),
            );
        }
    }
    let extensions = raw
        .extensions
        .iter()
        .enumerate()
        .map(|(idx, ext)| {
            let field = |f: &str| at("law.extension", idx, &ext.name, f);
            let share = ext.share.unwrap_or(1.0);
            if !(share.is_finite() && (0.0..=1.0).contains(&share)) {
                problems.add(
                    field("share"),
                    format!("must be a share between 0 and 1, got {share}"),
                    "give the share of qualifying cases that get the extension (1 for all)",
                );
            }
            let features_any = name_list(
                &field("features_any"),
                &ext.features_any,
                "feature",
                &names.features,
                problems,
            )
            .into_iter()
            .fold(0u64, |mask, bit| mask | 1 << bit);
            Extension {
                name: ext.name.clone(),
                streams: name_list(
                    &field("streams"),
                    &ext.streams,
                    "stream",
                    &names.streams,
                    problems,
                ),
                groups: name_list(
                    &field("groups"),
                    &ext.groups,
                    "group",
                    &names.groups,
                    problems,
                ),
                features_any,
                probability: share,
                lodged: lodged_range(&field, &ext.lodged_from, &ext.lodged_until, problems),
                length: term_length(&field, ext.months, ext.days, problems),
            }
        })
        .collect();
    let notice = raw.notice.as_ref().map(|notice| NoticeSpec {
        share: dated_share("law.notice.share", &notice.share, dates, problems),
        delay: dist(
            &notice.delay_days,
            MINUTES_PER_DAY as f64,
            "law.notice.delay_days",
            problems,
        )
        .unwrap_or(Dist::Fixed(0.0)),
        priority: priority("law.notice.priority", notice.priority, problems),
    });
    let admin = raw
        .admin_penalties
        .iter()
        .enumerate()
        .map(|(idx, regime)| {
            let field = |f: &str| format!("law.admin_penalty[{idx}].{f}");
            let from = regime
                .from
                .as_ref()
                .and_then(|d| parse_date(d, &field("from"), problems));
            let until = regime
                .until
                .as_ref()
                .and_then(|d| parse_date(d, &field("until"), problems));
            AdminRegime {
                streams: stream_mask(&field("streams"), &regime.streams, names, problems),
                from_day: from.map(|d| dates.day_of(d)),
                until_day: until.map(|d| dates.day_of(d)),
                grace_days: days(&field("grace_days"), regime.grace_days, problems),
                schedule: schedule(&field, &regime.tiers, regime.cap_euro, problems),
            }
        })
        .collect();
    let court = raw
        .court_penalties
        .iter()
        .enumerate()
        .map(|(idx, regime)| {
            let field = |f: &str| format!("law.court_penalty[{idx}].{f}");
            CourtRegime {
                streams: stream_mask(&field("streams"), &regime.streams, names, problems),
                appeal_share: dated_share(
                    &field("appeal_share"),
                    &regime.appeal_share,
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
                schedule: schedule(&field, &regime.tiers, regime.cap_euro, problems),
                costs: euros(&field("costs_euro"), regime.costs_euro, problems),
                priority: priority(&field("priority"), regime.priority, problems),
            }
        })
        .collect();
    Some(LawSpec {
        dates,
        terms: TermRules {
            regimes,
            extensions,
        },
        notice,
        admin,
        court,
    })
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

fn term_length(
    field: &dyn Fn(&str) -> String,
    months: i64,
    days: i64,
    problems: &mut Problems,
) -> TermLength {
    if !(0..=600).contains(&months) || !(0..=36_500).contains(&days) || months + days == 0 {
        problems.add(
            field("months"),
            format!("{months} months and {days} days is not a term length"),
            "give months = ... and/or days = ..., not negative, not both zero",
        );
        return TermLength::months(1);
    }
    TermLength {
        months: months as i32,
        days: days as i32,
    }
}

fn lodged_range(
    field: &dyn Fn(&str) -> String,
    from: &Option<DateFile>,
    until: &Option<DateFile>,
    problems: &mut Problems,
) -> LodgedRange {
    let from = from
        .as_ref()
        .and_then(|d| parse_date(d, &field("lodged_from"), problems));
    let until = until
        .as_ref()
        .and_then(|d| parse_date(d, &field("lodged_until"), problems));
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        problems.add(
            field("lodged_until"),
            format!("{u} is before lodged_from {f}"),
            "swap the dates",
        );
    }
    LodgedRange { from, until }
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

fn schedule(
    field: &dyn Fn(&str) -> String,
    tiers: &[TierFile],
    cap_euro: f64,
    problems: &mut Problems,
) -> PenaltySchedule {
    let tiers: Vec<Tier> = tiers
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
        .collect();
    let cap = euros(&field("cap_euro"), cap_euro, problems);
    PenaltySchedule::new(tiers, cap).unwrap_or_else(|reason| {
        problems.add(
            field("tiers"),
            reason.to_string(),
            "see the README, \"Decision terms and penalties\"",
        );
        PenaltySchedule::awb_4_17()
    })
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
