//! `[[law.term]]` and `[[law.extension]]`: base terms (dated by lodging range or by the term
//! still running on a date), extensions with their requirements, and the legal maxima, as
//! [`TermRules`].

use std::collections::HashMap;

use crate::law::{Extension, LodgedRange, TermLength, TermRegime, TermRules, requirement_order};
use crate::scenario::file::{DateFile, ExtensionFile, TermFile};
use crate::scenario::validate::bounds::{MAX_EXTENSIONS, MAX_TERM_DAYS, MAX_TERM_MONTHS};
use crate::scenario::validate::{Names, Problems, at, parse_date};

use super::name_list;

/// The term rules of `[law]`; every problem is reported.
pub(super) fn terms(
    terms: &[TermFile],
    extensions: &[ExtensionFile],
    names: &Names,
    problems: &mut Problems,
) -> TermRules {
    TermRules::new(
        regimes(terms, names, problems),
        extension_rules(extensions, names, problems),
    )
}

fn regimes(terms: &[TermFile], names: &Names, problems: &mut Problems) -> Vec<TermRegime> {
    let mut regimes = Vec::new();
    // The undated term of each stream: (entry index, name).
    let mut undated: HashMap<usize, (usize, &str)> = HashMap::new();
    for (idx, term) in terms.iter().enumerate() {
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
        let groups = name_list(
            &field("groups"),
            &term.groups,
            "group",
            &names.groups,
            problems,
        );
        let base = term_length(&field, term.months, term.days, problems);
        let lodged = lodged_range(&field, &term.lodged_from, &term.lodged_until, problems);
        let running_on = term
            .running_on
            .as_ref()
            .and_then(|d| parse_date(d, &field("running_on"), problems));
        let max = max_length(&field, term.max_months, term.max_days, problems);
        if let Some(max) = max
            && let Some(lodged) = max.ends_before(base)
        {
            problems.add(
                field("max_months"),
                format!(
                    "the maximum of {} is shorter than the term of {} itself (lodged on {lodged}, the term ends on {}, the maximum on {})",
                    describe(max),
                    describe(base),
                    base.after(lodged),
                    max.after(lodged)
                ),
                "give the most the term may total with extensions (at least the term), or leave max_months / max_days out",
            );
        }
        for (pos, &stream) in streams.iter().enumerate() {
            let stream_name = stream_name(names, stream);
            let regime = TermRegime {
                name: term.name.clone(),
                stream,
                groups: groups.clone(),
                lodged,
                running_on,
                base,
                max,
            };
            if streams[..pos].contains(&stream) {
                problems.add(
                    field("streams"),
                    format!("lists stream \"{stream_name}\" twice"),
                    "list each stream once",
                );
                continue;
            }
            if !regime.is_dated()
                && let Some((first, first_name)) = undated.insert(stream, (idx, &term.name))
            {
                problems.add(
                    field("streams"),
                    format!(
                        "stream \"{stream_name}\" already has an undated term, law.term[{first}] \"{first_name}\"; only the first would ever apply"
                    ),
                    format!(
                        "give this term lodged_from, lodged_until, running_on or groups, or drop it; to change \"{first_name}\" in a variant, use its name"
                    ),
                );
            }
            regimes.push(regime);
        }
    }
    for (name, &stream) in &names.streams {
        if !undated.contains_key(&stream) {
            problems.add(
                "law.term",
                format!("stream \"{name}\" has no decision term for every lodging date"),
                format!(
                    "add a [[law.term]] for stream \"{name}\" without lodged_from, lodged_until, running_on or groups (dated terms and terms for some groups are tried first, wherever they are listed)"
                ),
            );
        }
    }
    regimes
}

fn extension_rules(
    raw: &[ExtensionFile],
    names: &Names,
    problems: &mut Problems,
) -> Vec<Extension> {
    if raw.len() > MAX_EXTENSIONS {
        problems.add(
            "law.extension",
            format!(
                "{} extensions; at most {MAX_EXTENSIONS} are supported",
                raw.len()
            ),
            "merge extensions that add the same time to the same cases",
        );
        return Vec::new();
    }
    let mut index: HashMap<String, usize> = HashMap::new();
    for (idx, ext) in raw.iter().enumerate() {
        if let Some(first) = index.insert(ext.name.clone(), idx) {
            index.insert(ext.name.clone(), first);
            problems.add(
                at("law.extension", idx, &ext.name, "name"),
                format!(
                    "the name \"{}\" is already used by law.extension[{first}]",
                    ext.name
                ),
                "give every [[law.extension]] its own name (requires = ... names them)",
            );
        }
    }
    let mut requires = Vec::with_capacity(raw.len());
    let mut extensions: Vec<Extension> = raw
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
            requires.push(name_list(
                &field("requires"),
                &ext.requires.0,
                "extension",
                &index,
                problems,
            ));
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
                requires: 0,
                max: max_length(&field, ext.max_months, ext.max_days, problems),
            }
        })
        .collect();
    match requirement_order(&requires) {
        Ok(order) => {
            // Each extension after those it requires; requirements as bits of the new order.
            let mut position = vec![0; order.len()];
            for (pos, &old) in order.iter().enumerate() {
                position[old] = pos;
            }
            for (old, ext) in extensions.iter_mut().enumerate() {
                ext.requires = requires[old]
                    .iter()
                    .fold(0u64, |mask, &r| mask | 1 << position[r]);
            }
            let mut slots: Vec<Option<Extension>> = extensions.into_iter().map(Some).collect();
            order.iter().filter_map(|&old| slots[old].take()).collect()
        }
        Err(circle) => {
            let first = circle[0];
            let mut chain: Vec<String> = circle
                .iter()
                .map(|&i| format!("\"{}\"", raw[i].name))
                .collect();
            chain.push(format!("\"{}\"", raw[first].name));
            problems.add(
                at("law.extension", first, &raw[first].name, "requires"),
                format!(
                    "the requirements go round in a circle: {}",
                    chain.join(" requires ")
                ),
                "an extension can only require extensions that do not require it in turn; remove one of these requirements",
            );
            extensions.clear();
            extensions
        }
    }
}

fn term_length(
    field: &dyn Fn(&str) -> String,
    months: i64,
    days: i64,
    problems: &mut Problems,
) -> TermLength {
    if !(0..=MAX_TERM_MONTHS).contains(&months)
        || !(0..=MAX_TERM_DAYS).contains(&days)
        || months + days == 0
    {
        problems.add(
            field("months"),
            format!("{months} months and {days} days is not a term length"),
            format!(
                "give months = ... (at most {MAX_TERM_MONTHS}) and/or days = ... (at most {MAX_TERM_DAYS}), not negative, not both zero"
            ),
        );
        return TermLength::months(1);
    }
    TermLength {
        months: months as i32,
        days: days as i32,
    }
}

/// `max_months` and `max_days`: the most a term may total, if either is given.
fn max_length(
    field: &dyn Fn(&str) -> String,
    months: Option<i64>,
    days: Option<i64>,
    problems: &mut Problems,
) -> Option<TermLength> {
    if months.is_none() && days.is_none() {
        return None;
    }
    let (months, days) = (months.unwrap_or(0), days.unwrap_or(0));
    if !(0..=MAX_TERM_MONTHS).contains(&months)
        || !(0..=MAX_TERM_DAYS).contains(&days)
        || months + days == 0
    {
        problems.add(
            field("max_months"),
            format!("a maximum of {months} months and {days} days is not a term length"),
            format!(
                "give max_months = ... (at most {MAX_TERM_MONTHS}) and/or max_days = ... (at most {MAX_TERM_DAYS}), not negative, not both zero"
            ),
        );
        return None;
    }
    Some(TermLength {
        months: months as i32,
        days: days as i32,
    })
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

fn stream_name(names: &Names, stream: usize) -> &str {
    names
        .streams
        .iter()
        .find(|&(_, &idx)| idx == stream)
        .map_or("?", |(name, _)| name.as_str())
}

/// "15 months", "90 days", "1 month and 10 days".
fn describe(length: TermLength) -> String {
    let unit = |n: i32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (length.months, length.days) {
        (m, 0) => unit(m, "month", "months"),
        (0, d) => unit(d, "day", "days"),
        (m, d) => format!(
            "{} and {}",
            unit(m, "month", "months"),
            unit(d, "day", "days")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_in_words() {
        assert_eq!(describe(TermLength::months(15)), "15 months");
        assert_eq!(describe(TermLength::days(1)), "1 day");
        assert_eq!(
            describe(TermLength {
                months: 1,
                days: 10
            }),
            "1 month and 10 days"
        );
    }
}
