//! The verkeerstoren at work: what it sees of a new case, and the route, priority and location
//! its policy gives the case.

use crate::engine::CaseRng;
use crate::model::world::World;
use crate::model::{
    Assignment, CaseAttributes, LocationPolicy, PolicyInput, RoutingPolicy, StreamIdx,
};

/// A new case as the tower gets it: its true attributes, its stream's priority, its lodging and
/// term dates, and a uniform draw for a location policy that needs one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NewCase {
    pub(crate) attrs: CaseAttributes,
    pub(crate) stream_priority: u8,
    pub(crate) lodged_day: i64,
    pub(crate) term_end_day: i64,
    pub(crate) location_draw: f64,
}

/// Counts of the tower's decisions in the window.
#[derive(Clone, Debug, Default)]
pub(crate) struct TowerObservations {
    /// Cases routed per route variant.
    pub(crate) routed: Vec<u64>,
    /// Cases whose route differs from the one perfect information would have given.
    pub(crate) misrouted: u64,
    /// Cases the tower decided on.
    pub(crate) decided_on: u64,
}

impl World<'_> {
    /// Applies the policy to a new case (its location already drawn from the stream's shares):
    /// returns the assignment, counted in the window when `count`.
    pub(crate) fn route_case(
        &mut self,
        case: &NewCase,
        rng: Option<&mut CaseRng>,
        count: bool,
    ) -> Assignment {
        let NewCase {
            attrs,
            stream_priority,
            lodged_day,
            term_end_day,
            location_draw,
        } = *case;
        let attrs = &attrs;
        let network = self.network;
        if self.tower_idle {
            return self.assign_without_tower(stream_priority, attrs.location, count);
        }
        let mut seen = match (&network.information, rng) {
            (Some(information), Some(rng)) => information.perceive(network, attrs, rng),
            _ => *attrs,
        };
        let loads = match network.policy.location {
            LocationPolicy::Shares => Vec::new(),
            LocationPolicy::LeastLoaded | LocationPolicy::Capacity => self.location_loads(),
        };
        // Competences: a location whose officers cannot handle what the tower sees of the case
        // (its specialism features) is not a candidate.
        let fit = if network.policy.location == LocationPolicy::Shares {
            Vec::new()
        } else {
            self.location_fit(seen.features)
        };
        let loads: Vec<f64> = loads
            .iter()
            .zip(&fit)
            .map(|(load, ok)| if *ok { *load } else { f64::INFINITY })
            .collect();
        match network.policy.location {
            LocationPolicy::Shares => {}
            LocationPolicy::LeastLoaded => {
                if let Some((best, _)) = loads.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1))
                {
                    seen.location = best as u8;
                }
            }
            LocationPolicy::Capacity => {
                // In proportion to the staff present now (leave and hiring included).
                let staff: Vec<f64> = self
                    .location_staff()
                    .iter()
                    .zip(&fit)
                    .map(|(s, ok)| if *ok { *s } else { 0.0 })
                    .collect();
                let total: f64 = staff.iter().sum();
                if total > 0.0 {
                    let mut target = location_draw * total;
                    for (idx, s) in staff.iter().enumerate() {
                        if target < *s {
                            seen.location = idx as u8;
                            break;
                        }
                        target -= s;
                    }
                }
            }
        }
        let policy: &dyn RoutingPolicy = network.policy.routing.as_ref();
        let input = |seen: CaseAttributes| PolicyInput {
            network,
            stream: StreamIdx(attrs.stream),
            seen,
            stream_priority,
            lodged_day,
            term_end_day,
            location_load: &loads,
        };
        let assignment = policy.assign(&input(seen));
        if count {
            let tower = &mut self.tower;
            tower.decided_on += 1;
            if let Some(n) = tower.routed.get_mut(usize::from(assignment.route)) {
                *n += 1;
            }
            if network.information.is_some() {
                let perfect = CaseAttributes {
                    location: seen.location,
                    ..*attrs
                };
                if policy.assign(&input(perfect)).route != assignment.route {
                    tower.misrouted += 1;
                }
            }
        }
        assignment
    }

    /// The assignment when no tower is at work: one route, the stream's priority, the drawn
    /// location; counted in the window when `count`.
    #[inline]
    pub(crate) fn assign_without_tower(
        &mut self,
        stream_priority: u8,
        location: u8,
        count: bool,
    ) -> Assignment {
        if count {
            self.tower.decided_on += 1;
            self.tower.routed[0] += 1;
        }
        Assignment {
            route: 0,
            priority: stream_priority,
            location,
        }
    }

    /// Per location: can its officer pools handle a case with `features`? (True where no pool
    /// of the location has individual officers with specialisms.)
    fn location_fit(&self, features: u32) -> Vec<bool> {
        let mut fit = vec![true; self.network.attributes.locations.len()];
        for role in &self.network.roles {
            for (location, pool) in role.pool_at.iter().enumerate() {
                if let Some(officers) = &self.network.pools[pool.0 as usize].officers {
                    let need = features & officers.specialisms;
                    if !officers
                        .officers
                        .iter()
                        .any(|o| o.competences & need == need)
                    {
                        fit[location] = false;
                    }
                }
            }
        }
        fit
    }

    /// Staff present per location, over the pools of every role.
    fn location_staff(&self) -> Vec<f64> {
        let mut staff = vec![0.0; self.network.attributes.locations.len()];
        for role in &self.network.roles {
            for (location, pool) in role.pool_at.iter().enumerate() {
                staff[location] += f64::from(self.pools[pool.0 as usize].capacity);
            }
        }
        staff
    }

    /// Load per location with the new case added: cases waiting and in work, plus one, over
    /// staff present, summed over the pools of every role at the location. (Counting the new case
    /// breaks ties between idle locations in favour of the larger one.)
    fn location_loads(&self) -> Vec<f64> {
        let n_locations = self.network.attributes.locations.len();
        let mut work = vec![0.0; n_locations];
        let mut staff = vec![0.0; n_locations];
        for role in &self.network.roles {
            for (location, pool) in role.pool_at.iter().enumerate() {
                let state = &self.pools[pool.0 as usize];
                work[location] += (state.queue_level.level() + u64::from(state.busy)) as f64;
                staff[location] += f64::from(state.capacity.max(1));
            }
        }
        work.iter()
            .zip(&staff)
            .map(|(w, s)| {
                if *s > 0.0 {
                    (w + 1.0) / s
                } else {
                    f64::INFINITY
                }
            })
            .collect()
    }
}
