//! The verkeerstoren at work: what it sees of a new case, and the route, priority and location
//! its policy gives the case.

use crate::engine::CaseRng;
use crate::model::world::World;
use crate::model::{
    Assignment, CaseAttributes, LocationPolicy, PolicyInput, RoutingPolicy, StreamIdx,
};

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
    /// Applies the policy to a new case with true attributes `attrs` (its location already drawn
    /// from the stream's shares): returns the assignment, counted in the window when `count`.
    pub(crate) fn route_case(
        &mut self,
        attrs: &CaseAttributes,
        stream_priority: u8,
        lodged_day: i64,
        term_end_day: i64,
        rng: Option<&mut CaseRng>,
        count: bool,
    ) -> Assignment {
        let network = self.network;
        let mut seen = match (&network.information, rng) {
            (Some(information), Some(rng)) => information.perceive(network, attrs, rng),
            _ => *attrs,
        };
        let loads = match network.policy.location {
            LocationPolicy::Shares => Vec::new(),
            LocationPolicy::LeastLoaded => self.location_loads(),
        };
        if network.policy.location == LocationPolicy::LeastLoaded
            && let Some((best, _)) = loads.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1))
        {
            seen.location = best as u8;
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

    /// Load per location: cases waiting and in work over staff present, summed over the pools
    /// of every role at the location.
    fn location_loads(&self) -> Vec<f64> {
        let n_locations = self.network.attributes.locations.len();
        let mut work = vec![0.0; n_locations];
        let mut staff = vec![0.0; n_locations];
        for role in &self.network.roles {
            for (location, pool) in role.pool_at.iter().enumerate() {
                let state = &self.pools[pool.0 as usize];
                work[location] += (state.queue.len() + state.busy as usize) as f64;
                staff[location] += f64::from(state.capacity.max(1));
            }
        }
        work.iter()
            .zip(&staff)
            .map(|(w, s)| if *s > 0.0 { w / s } else { f64::INFINITY })
            .collect()
    }
}
