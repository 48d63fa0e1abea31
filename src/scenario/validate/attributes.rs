//! Case attributes: `[[feature]]`, `[[location]]`, `[[track]]` and `[[group]]`, and the share
//! tables ("mixes") that streams and groups use to draw them.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Attributes, CumulativeTable, GroupSpec, TrackSpec};
use crate::scenario::file::ScenarioFile;
use crate::scenario::validate::{Names, PROBABILITY_TOLERANCE, Problems, at, quoted_list, sub_key};

/// Most features a case can carry (they are bits of a `u32`).
const MAX_FEATURES: usize = 32;
/// Most entries of a kind that conditions can select (they are bits of a `u64`).
pub(super) const MAX_SELECTABLE: usize = 64;

pub(super) fn attributes(raw: &ScenarioFile, names: &Names, problems: &mut Problems) -> Attributes {
    if raw.features.len() > MAX_FEATURES {
        problems.add(
            "feature",
            format!(
                "{} features declared; at most {MAX_FEATURES} are supported",
                raw.features.len()
            ),
            "merge or drop features",
        );
    }
    for (kind, n) in [
        ("location", raw.locations.len()),
        ("track", raw.tracks.len()),
        ("group", raw.groups.len()),
        ("stream", raw.streams.len()),
    ] {
        if n > MAX_SELECTABLE {
            problems.add(
                kind,
                format!("{n} declared; at most {MAX_SELECTABLE} are supported"),
                format!("merge [[{kind}]] entries"),
            );
        }
    }
    let locations = if raw.locations.is_empty() {
        vec!["all".to_string()]
    } else {
        raw.locations.iter().map(|l| l.name.clone()).collect()
    };
    let tracks: Vec<TrackSpec> = if raw.tracks.is_empty() {
        vec![TrackSpec { name: "all".into() }]
    } else {
        raw.tracks
            .iter()
            .map(|t| TrackSpec {
                name: t.name.clone(),
            })
            .collect()
    };
    let track_target = track_fallbacks(raw, names, problems);
    let groups = if raw.groups.is_empty() {
        if raw.tracks.len() > 1 {
            problems.add(
                "group",
                "tracks are declared but no [[group]] gives their shares",
                "add a [[group]] with tracks = { <track> = <share>, ... }",
            );
        }
        vec![GroupSpec {
            name: "all".into(),
            tracks: CumulativeTable::single(),
            features: vec![],
        }]
    } else {
        raw.groups
            .iter()
            .enumerate()
            .map(|(idx, group)| {
                let field = at("group", idx, &group.name, "tracks");
                let entry_field = |name: &str| at("group", idx, &group.name, &sub_key("tracks", name));
                let track_shares = if raw.tracks.is_empty() {
                    if !group.tracks.is_empty() {
                        problems.add(
                            &field,
                            "gives track shares, but no [[track]] is declared",
                            "declare the tracks with [[track]], or remove `tracks`",
                        );
                    }
                    vec![1.0]
                } else {
                    let shares = shares(&entry_field, &group.tracks, "track", &names.tracks, problems);
                    fold_inactive(&shares, &track_target, raw, &field, problems)
                };
                let mut features = Vec::new();
                for (feature, &p) in &group.features {
                    let field = at("group", idx, &group.name, &format!("features.{feature}"));
                    if !names.features.contains_key(feature) {
                        problems.add(
                            &field,
                            format!("there is no feature named \"{feature}\""),
                            format!(
                                "use one of the declared features ({}) or add a [[feature]] with name = \"{feature}\"",
                                quoted_list(&names.features)
                            ),
                        );
                    } else if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
                        problems.add(
                            &field,
                            format!("a share must be between 0 and 1, got {p}"),
                            "give the share of this group's cases that have the feature",
                        );
                    } else {
                        features.push((names.features[feature] as u32, p));
                    }
                }
                features.sort_by_key(|&(bit, _)| bit);
                GroupSpec {
                    name: group.name.clone(),
                    tracks: cumulative(&track_shares),
                    features,
                }
            })
            .collect()
    };
    Attributes {
        groups,
        tracks,
        locations,
        features: raw.features.iter().map(|f| f.name.clone()).collect(),
        routes: if raw.routes.is_empty() {
            vec!["standard".to_string()]
        } else {
            raw.routes.iter().map(|r| r.name.clone()).collect()
        },
    }
}

/// For every track, the active track its cases go to: itself when active, else its fallback
/// (followed until an active track). `None` for a switched-off track without a usable fallback.
fn track_fallbacks(
    raw: &ScenarioFile,
    names: &Names,
    problems: &mut Problems,
) -> Vec<Option<usize>> {
    let direct: Vec<Option<usize>> = raw
        .tracks
        .iter()
        .enumerate()
        .map(|(idx, track)| match (&track.fallback, track.active) {
            (None, _) => None,
            (Some(fallback), _) => {
                let field = at("track", idx, &track.name, "fallback");
                names.tracks.get(fallback).copied().or_else(|| {
                    problems.add(
                        &field,
                        format!("there is no track named \"{fallback}\""),
                        format!("use one of the tracks ({})", quoted_list(&names.tracks)),
                    );
                    None
                })
            }
        })
        .collect();
    (0..raw.tracks.len())
        .map(|start| {
            let mut current = start;
            for _ in 0..=raw.tracks.len() {
                if raw.tracks[current].active {
                    return Some(current);
                }
                current = direct[current]?;
            }
            problems.add(
                at("track", start, &raw.tracks[start].name, "fallback"),
                "the fallbacks of switched-off tracks form a circle",
                "let the chain of fallbacks end at an active track",
            );
            None
        })
        .collect()
}

/// Moves the shares of switched-off tracks to their active fallbacks.
fn fold_inactive(
    shares: &[f64],
    target: &[Option<usize>],
    raw: &ScenarioFile,
    field: &str,
    problems: &mut Problems,
) -> Vec<f64> {
    let mut folded = vec![0.0; shares.len()];
    for (idx, &share) in shares.iter().enumerate() {
        if share == 0.0 {
            continue;
        }
        match target[idx] {
            Some(to) => folded[to] += share,
            None => problems.add(
                field,
                format!(
                    "track \"{}\" is switched off (active = false) and has no fallback, but gets a share of {share}",
                    raw.tracks[idx].name
                ),
                "give the track a fallback = \"<active track>\", or switch it on",
            ),
        }
    }
    folded
}

/// Validates a share table `{ name = share, ... }` over the `kind`s in `index`: known names,
/// shares from 0 to 1, summing to 1. Returns the share per index (missing names get 0).
pub(super) fn shares(
    field: &dyn Fn(&str) -> String,
    table: &BTreeMap<String, f64>,
    kind: &str,
    index: &HashMap<String, usize>,
    problems: &mut Problems,
) -> Vec<f64> {
    // Sized by the largest index: with a name declared twice, the index holds the later one.
    let mut out = vec![0.0; index.values().max().map_or(0, |&m| m + 1)];
    let mut ok = true;
    for (name, &share) in table {
        match index.get(name) {
            None => {
                ok = false;
                problems.add(
                    field(name),
                    format!("there is no {kind} named \"{name}\""),
                    format!("use one of the {kind}s ({})", quoted_list(index)),
                );
            }
            Some(&i) => {
                if share.is_finite() && (0.0..=1.0).contains(&share) {
                    out[i] = share;
                } else {
                    ok = false;
                    problems.add(
                        field(name),
                        format!("a share must be between 0 and 1, got {share}"),
                        "write the share as a fraction, e.g. 0.25",
                    );
                }
            }
        }
    }
    let total: f64 = out.iter().sum();
    if ok && (total - 1.0).abs() > PROBABILITY_TOLERANCE {
        problems.add(
            field(""),
            format!("the shares add up to {total}, not 1"),
            "make the shares add up to exactly 1",
        );
    }
    out
}

/// The cumulative table of probabilities that add up to 1 (the last entry is set to exactly 1).
pub(super) fn cumulative(probabilities: &[f64]) -> CumulativeTable {
    let mut running = 0.0;
    let mut cumulative: Vec<f64> = probabilities
        .iter()
        .map(|p| {
            running += p;
            running
        })
        .collect();
    // Rounding must not leave a gap below 1 nor give a zero-probability entry any weight: the
    // last entry with a positive probability, and all after it, become exactly 1.
    match probabilities.iter().rposition(|&p| p > 0.0) {
        Some(last) => cumulative[last..].iter_mut().for_each(|c| *c = 1.0),
        None => cumulative = vec![1.0; probabilities.len().max(1)],
    }
    CumulativeTable { cumulative }
}
