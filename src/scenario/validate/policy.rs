//! `[policy]` and `[information]`: the verkeerstoren's routing policy (a built-in or a rule
//! table), its location policy, and the quality of its information. A built-in policy may also
//! set how queues are ordered (deadline) or what notices and court orders do (penalty-aware).

use std::sync::Arc;

use crate::model::{
    BUILT_IN_ROUTES, BUILT_IN_TRACKS, BuiltInKind, BuiltInPolicy, Discipline, Information, LawSpec,
    LocationPolicy, Policy, PolicyRule, PoolSpec, RuleTable,
};
use crate::scenario::file::ScenarioFile;
use crate::scenario::validate::routes::condition;
use crate::scenario::validate::{Names, Problems, quoted_list, resolve};

/// The policy, after applying its effects on pools and law.
pub(super) fn policy(
    raw: &ScenarioFile,
    names: &Names,
    pools: &mut [PoolSpec],
    law: Option<&mut LawSpec>,
    problems: &mut Problems,
) -> Policy {
    let Some(spec) = &raw.policy else {
        return Policy::default();
    };
    let location = match spec.location.as_deref() {
        None | Some("shares") => LocationPolicy::Shares,
        Some("least_loaded") => LocationPolicy::LeastLoaded,
        Some("capacity") => LocationPolicy::Capacity,
        Some(other) => {
            problems.add(
                "policy.location",
                format!("\"{other}\" is not a location policy"),
                "use \"shares\" (the stream's location shares), \"capacity\" (in proportion to staff) or \"least_loaded\"",
            );
            LocationPolicy::Shares
        }
    };
    let name = spec.name.as_deref().unwrap_or("rules");
    let kind = match name {
        "rules" => None,
        "uniform" => Some(BuiltInKind::Uniform),
        "differentiated" => Some(BuiltInKind::Differentiated),
        "deadline" => Some(BuiltInKind::Deadline),
        "penalty_aware" => Some(BuiltInKind::PenaltyAware),
        "kansarm_first" => Some(BuiltInKind::KansarmFirst),
        other => {
            problems.add(
                "policy.name",
                format!("\"{other}\" is not a policy"),
                "use uniform, differentiated, deadline, penalty_aware, kansarm_first, or rules (with [[policy.rule]])",
            );
            return Policy::default();
        }
    };
    let routing: Arc<dyn crate::model::RoutingPolicy> = match kind {
        None => Arc::new(rule_table(raw, names, problems)),
        Some(kind) => {
            if !spec.rules.is_empty() {
                problems.add(
                    "policy.rule",
                    format!(
                        "[[policy.rule]] is for name = \"rules\", not for the built-in \"{name}\""
                    ),
                    "set name = \"rules\", or remove the rules",
                );
            }
            Arc::new(built_in(kind, names, pools, law, problems))
        }
    };
    Policy { routing, location }
}

fn rule_table(raw: &ScenarioFile, names: &Names, problems: &mut Problems) -> RuleTable {
    let spec = raw.policy.as_ref().expect("called with a policy");
    let rules = spec
        .rules
        .iter()
        .enumerate()
        .map(|(idx, rule)| {
            let field = |f: &str| format!("policy.rule[{idx}].{f}");
            let when = match &rule.when {
                Some(when) => condition(
                    &|k: &str| field(&format!("when.{k}")),
                    when,
                    names,
                    problems,
                ),
                None => Default::default(),
            };
            PolicyRule {
                when,
                route: rule.route.as_ref().and_then(|r| {
                    resolve("route", r, &names.routes, &field("route"), problems).map(|i| i as u8)
                }),
                priority: rule.priority.map(|p| {
                    u8::try_from(p).unwrap_or_else(|_| {
                        problems.add(
                            field("priority"),
                            format!("must be 0 to 255, got {p}"),
                            "use 0 for the most urgent class",
                        );
                        0
                    })
                }),
                location: rule.location.as_ref().and_then(|l| {
                    resolve(
                        "location",
                        l,
                        &names.locations,
                        &field("location"),
                        problems,
                    )
                    .map(|i| i as u8)
                }),
            }
        })
        .collect();
    RuleTable { rules }
}

fn built_in(
    kind: BuiltInKind,
    names: &Names,
    pools: &mut [PoolSpec],
    law: Option<&mut LawSpec>,
    problems: &mut Problems,
) -> BuiltInPolicy {
    let mut routes = [None; 7];
    for &slot in kind.routes_used() {
        let route = BUILT_IN_ROUTES[slot];
        routes[slot] = names.routes.get(route).map(|&i| i as u8);
        if routes[slot].is_none() {
            problems.add(
                "route",
                format!("the {} policy routes cases on route \"{route}\", which is not declared", kind.name()),
                format!(
                    "add [[route]] name = \"{route}\" (routes declared: {}) and steps that use it, or write a rule table",
                    quoted_list(&names.routes)
                ),
            );
        }
    }
    let tracks = BUILT_IN_TRACKS.map(|t| names.tracks.get(t).map(|&i| i as u8));
    let feature_bits = |list: &[&str]| {
        list.iter()
            .filter_map(|f| names.features.get(*f))
            .fold(0u32, |bits, &i| bits | 1 << i)
    };
    match kind {
        BuiltInKind::Deadline => {
            for pool in pools.iter_mut() {
                pool.discipline = match pool.discipline {
                    Discipline::Priority | Discipline::PriorityEdf => Discipline::PriorityEdf,
                    _ => Discipline::Edf,
                };
            }
        }
        BuiltInKind::PenaltyAware => match law {
            None => problems.add(
                "policy.name",
                "the penalty_aware policy needs [law] with notices and court penalties",
                "add a [law] section, or choose another policy",
            ),
            Some(law) => {
                for notice in &mut law.notices {
                    notice.priority = Some(1);
                }
                for court in &mut law.court {
                    court.priority = Some(0);
                }
                order_by_priority(pools);
            }
        },
        BuiltInKind::KansarmFirst => order_by_priority(pools),
        BuiltInKind::Uniform | BuiltInKind::Differentiated => {}
    }
    BuiltInPolicy {
        kind,
        tracks,
        routes,
        complex_features: feature_bits(&["conversion", "lgbti"]),
        two_day_features: feature_bits(&["no_documents", "uam"]),
    }
}

/// Makes every queue respect priority classes.
fn order_by_priority(pools: &mut [PoolSpec]) {
    for pool in pools {
        pool.discipline = match pool.discipline {
            Discipline::Edf | Discipline::PriorityEdf => Discipline::PriorityEdf,
            _ => Discipline::Priority,
        };
    }
}

/// `[information]`: error rates, lowered by the motive question if it is asked.
pub(super) fn information(raw: &ScenarioFile, problems: &mut Problems) -> Option<Information> {
    let spec = raw.information.as_ref()?;
    let mut check = |key: &str, value: f64| {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            problems.add(
                format!("information.{key}"),
                format!("must be a probability from 0 to 1, got {value}"),
                "e.g. 0.1",
            );
        }
    };
    check("track_error", spec.track_error);
    check("feature_miss", spec.feature_miss);
    check("feature_false", spec.feature_false);
    let effect = spec.motive_question_effect.unwrap_or(0.5);
    check("motive_question_effect", effect);
    let factor = if spec.motive_question { effect } else { 1.0 };
    Some(Information {
        track_error: spec.track_error * factor,
        feature_miss: spec.feature_miss * factor,
        feature_false: spec.feature_false * factor,
    })
}
