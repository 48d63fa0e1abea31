//! The verkeerstoren: for every new case, a routing policy decides its route variant, its
//! priority class and its location, from what the tower *sees* of the case (its information can
//! be wrong: see [`Information`]).
//!
//! Key types: the [`RoutingPolicy`] trait (implement it for a custom policy; see
//! `examples/custom_policy.rs`), the built-in [`BuiltInPolicy`] kinds, the [`RuleTable`] a user
//! writes in TOML, and [`Information`].
//!
//! Built-in policies use conventional names: tracks `track1` (Dublin), `track2` (safe country),
//! `track3` (evidently well-founded), `track5` (extra research), and route variants `standard`,
//! `dublin`, `safe_country`, `well_founded`, `extra_research`, `aa_two_day`, `direct_va`. A
//! scenario that selects a built-in policy declares the routes it uses; the scenario's steps
//! route cases by `when = { route = [...] }`.

use std::fmt::Debug;
use std::sync::Arc;

use rand::{Rng, RngExt};

use crate::model::{CaseAttributes, Condition, Network, StreamIdx};

/// What a policy sees of a new case, and the context it decides in.
#[derive(Debug)]
pub struct PolicyInput<'a> {
    /// The network (for names and sizes).
    pub network: &'a Network,
    /// The case's stream.
    pub stream: StreamIdx,
    /// The case as the tower sees it: true stream and group, perceived track and features; the
    /// location drawn from the stream's shares.
    pub seen: CaseAttributes,
    /// The stream's priority class.
    pub stream_priority: u8,
    /// Lodging day (relative to the start date).
    pub lodged_day: i64,
    /// Last day of the decision term (`i64::MAX` without law).
    pub term_end_day: i64,
    /// Load per location: waiting and busy work plus this case, over staff present, over all
    /// pools of the location (filled for the least-loaded and capacity location policies).
    pub location_load: &'a [f64],
}

/// A policy's decision for one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// Route variant (index into the scenario's routes).
    pub route: u8,
    /// Priority class (0 is most urgent).
    pub priority: u8,
    /// Location (index into the scenario's locations).
    pub location: u8,
}

/// A routing policy of the verkeerstoren. Implementations must be deterministic functions of
/// their input (randomness, if any, must come through the input), so results stay reproducible.
pub trait RoutingPolicy: Send + Sync + Debug {
    /// A short name for reports.
    fn name(&self) -> &str;

    /// Decides route, priority and location for a new case.
    fn assign(&self, input: &PolicyInput<'_>) -> Assignment;

    /// True when the policy always gives the first route, the stream's priority and the drawn
    /// location (lets the simulation skip it). The default is false.
    fn is_trivial(&self) -> bool {
        false
    }
}

/// The policy of a network: a built-in, a rule table or a custom implementation, and how cases
/// are spread over locations.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Route and priority.
    pub routing: Arc<dyn RoutingPolicy>,
    /// Locations: by the stream's shares, or to the least-loaded location.
    pub location: LocationPolicy,
}

impl Policy {
    /// True for the default: an empty rule table with locations by shares (no tower at work).
    pub fn is_trivial(&self) -> bool {
        self.location == LocationPolicy::Shares && self.routing.is_trivial()
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            routing: Arc::new(RuleTable::default()),
            location: LocationPolicy::Shares,
        }
    }
}

/// How the tower spreads the national stock over locations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocationPolicy {
    /// By the stream's location shares (drawn per case).
    Shares,
    /// To the location with the least load (work waiting and in progress per staff present).
    LeastLoaded,
    /// In proportion to the staff present at each location (its capacity), drawn per case.
    Capacity,
}

/// The built-in policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltInKind {
    /// Today's practice: Dublin and safe-country cases on their short routes, all others on the
    /// standard route; first come, first served within the scenario's queue disciplines.
    Uniform,
    /// By track and complexity: tracks 3 and 5 on their routes, conversion or LGBTI cases straight
    /// to the VA, cases without documents or unaccompanied minors on the AA with a two-day hearing.
    Differentiated,
    /// Routes as uniform; every queue ordered by the earliest term expiry.
    Deadline,
    /// Routes as uniform; cases with a notice of default or a court order first.
    PenaltyAware,
    /// Routes as uniform; tracks 1 and 2 first (the 2015-16 practice).
    KansarmFirst,
}

/// A built-in policy with the indices of the names it uses.
#[derive(Clone, Debug)]
pub struct BuiltInPolicy {
    /// Which one.
    pub kind: BuiltInKind,
    /// Track indices: track1, track2, track3, track5 (`None` if not declared).
    pub tracks: [Option<u8>; 4],
    /// Route indices: standard, dublin, safe_country, well_founded, extra_research, aa_two_day,
    /// direct_va (`None` if not declared).
    pub routes: [Option<u8>; 7],
    /// Feature bits of conversion | lgbti, and of no_documents | uam.
    pub complex_features: u32,
    /// See `complex_features`.
    pub two_day_features: u32,
}

/// The route names built-in policies use, in [`BuiltInPolicy::routes`] order.
pub const BUILT_IN_ROUTES: [&str; 7] = [
    "standard",
    "dublin",
    "safe_country",
    "well_founded",
    "extra_research",
    "aa_two_day",
    "direct_va",
];

/// The track names built-in policies use, in [`BuiltInPolicy::tracks`] order.
pub const BUILT_IN_TRACKS: [&str; 4] = ["track1", "track2", "track3", "track5"];

impl BuiltInKind {
    /// The scenario name of the policy.
    pub fn name(self) -> &'static str {
        match self {
            BuiltInKind::Uniform => "uniform",
            BuiltInKind::Differentiated => "differentiated",
            BuiltInKind::Deadline => "deadline",
            BuiltInKind::PenaltyAware => "penalty_aware",
            BuiltInKind::KansarmFirst => "kansarm_first",
        }
    }

    /// The routes (indices into [`BUILT_IN_ROUTES`]) the policy can choose.
    pub fn routes_used(self) -> &'static [usize] {
        match self {
            BuiltInKind::Differentiated => &[0, 1, 2, 3, 4, 5, 6],
            _ => &[0, 1, 2],
        }
    }
}

impl RoutingPolicy for BuiltInPolicy {
    fn name(&self) -> &str {
        self.kind.name()
    }

    fn assign(&self, input: &PolicyInput<'_>) -> Assignment {
        let seen = &input.seen;
        let is_track = |slot: usize| self.tracks[slot] == Some(seen.track);
        let route = |slot: usize| self.routes[slot].unwrap_or(self.routes[0].unwrap_or(0));
        let short = if is_track(0) {
            Some(route(1))
        } else if is_track(1) {
            Some(route(2))
        } else {
            None
        };
        let route = match self.kind {
            BuiltInKind::Differentiated => short.unwrap_or_else(|| {
                if is_track(2) {
                    route(3)
                } else if is_track(3) {
                    route(4)
                } else if seen.features & self.complex_features != 0 {
                    route(6)
                } else if seen.features & self.two_day_features != 0 {
                    route(5)
                } else {
                    route(0)
                }
            }),
            _ => short.unwrap_or_else(|| route(0)),
        };
        let priority = match self.kind {
            BuiltInKind::KansarmFirst if is_track(0) || is_track(1) => {
                input.stream_priority.saturating_sub(1)
            }
            _ => input.stream_priority,
        };
        Assignment {
            route,
            priority,
            location: seen.location,
        }
    }
}

/// A policy as a table of rules: the first rule whose condition holds on what the tower sees
/// decides; a rule may leave route, priority or location unset (the defaults: the first route,
/// the stream's priority, the location drawn from the stream's shares).
#[derive(Clone, Debug, Default)]
pub struct RuleTable {
    /// The rules, in order.
    pub rules: Vec<PolicyRule>,
}

/// One rule of a [`RuleTable`].
#[derive(Clone, Debug)]
pub struct PolicyRule {
    /// When it applies (on the seen attributes).
    pub when: Condition,
    /// The route it sets.
    pub route: Option<u8>,
    /// The priority class it sets.
    pub priority: Option<u8>,
    /// The location it sets.
    pub location: Option<u8>,
}

impl RoutingPolicy for RuleTable {
    fn name(&self) -> &str {
        "rules"
    }

    fn is_trivial(&self) -> bool {
        self.rules.is_empty()
    }

    fn assign(&self, input: &PolicyInput<'_>) -> Assignment {
        let default = Assignment {
            route: 0,
            priority: input.stream_priority,
            location: input.seen.location,
        };
        match self.rules.iter().find(|rule| rule.when.holds(&input.seen)) {
            None => default,
            Some(rule) => Assignment {
                route: rule.route.unwrap_or(default.route),
                priority: rule.priority.unwrap_or(default.priority),
                location: rule.location.unwrap_or(default.location),
            },
        }
    }
}

/// What the tower knows of a new case. Without it the tower sees the case as it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Information {
    /// Probability that the tower sees the wrong track (another track the case's group has).
    pub track_error: f64,
    /// Probability that the tower misses a feature the case has.
    pub feature_miss: f64,
    /// Probability that the tower sees a feature the case does not have.
    pub feature_false: f64,
}

impl Information {
    /// Perfect information.
    pub const PERFECT: Information = Information {
        track_error: 0.0,
        feature_miss: 0.0,
        feature_false: 0.0,
    };

    /// What the tower sees of `truth`, drawn from `rng` (a fixed number of draws per case).
    pub fn perceive<R: Rng + ?Sized>(
        &self,
        network: &Network,
        truth: &CaseAttributes,
        rng: &mut R,
    ) -> CaseAttributes {
        let mut seen = *truth;
        let u: f64 = rng.random();
        let other: f64 = rng.random();
        if u < self.track_error {
            // Another track of the case's group, in proportion to its share.
            let table = &network.attributes.groups[usize::from(truth.group)].tracks;
            let mut previous = 0.0;
            let shares: Vec<(usize, f64)> = table
                .cumulative
                .iter()
                .enumerate()
                .map(|(idx, &c)| {
                    let p = c - previous;
                    previous = c;
                    (idx, p)
                })
                .filter(|&(idx, p)| p > 0.0 && idx != usize::from(truth.track))
                .collect();
            let total: f64 = shares.iter().map(|(_, p)| p).sum();
            if total > 0.0 {
                let mut target = other * total;
                for (idx, p) in &shares {
                    if target < *p {
                        seen.track = *idx as u8;
                        break;
                    }
                    target -= p;
                }
            }
        }
        for bit in 0..network.attributes.features.len() as u32 {
            let u: f64 = rng.random();
            let has = truth.features & (1 << bit) != 0;
            if (has && u < self.feature_miss) || (!has && u < self.feature_false) {
                seen.features ^= 1 << bit;
            }
        }
        seen
    }
}
