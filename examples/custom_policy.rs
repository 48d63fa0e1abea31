//! A custom verkeerstoren policy in Rust, run against the bundled baseline.
//!
//! `cargo run --release --example custom_policy`
//!
//! The policy: Dublin and safe-country cases on their short routes (as today), and every case
//! whose decision term ends within 90 days of lodging (nareis) first. A policy sees what the
//! tower sees of a case (`PolicyInput::seen`) and returns its route, priority class and
//! location; it must be deterministic, so runs stay reproducible.

use std::path::Path;
use std::sync::Arc;

use asielsim::bundled;
use asielsim::experiment::{self, RunSettings};
use asielsim::model::{Assignment, PolicyInput, RoutingPolicy};
use asielsim::scenario;

/// Short terms first, otherwise today's routes.
#[derive(Debug)]
struct ShortTermsFirst {
    dublin_track: u8,
    safe_track: u8,
    dublin_route: u8,
    safe_route: u8,
}

impl RoutingPolicy for ShortTermsFirst {
    fn name(&self) -> &str {
        "short_terms_first"
    }

    fn assign(&self, input: &PolicyInput<'_>) -> Assignment {
        let seen = &input.seen;
        let route = if seen.track == self.dublin_track {
            self.dublin_route
        } else if seen.track == self.safe_track {
            self.safe_route
        } else {
            0 // "standard", the first declared route
        };
        let short_term = input.term_end_day - input.lodged_day <= 90;
        Assignment {
            route,
            priority: if short_term {
                input.stream_priority.saturating_sub(1)
            } else {
                input.stream_priority
            },
            location: seen.location,
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = bundled::file(bundled::BASELINE).expect("the baseline is bundled");
    let mut scenario = scenario::parse(file.content, Path::new(file.path))?;
    let attributes = &scenario.network.attributes;
    let track = |name: &str| {
        attributes
            .tracks
            .iter()
            .position(|t| t.name == name)
            .unwrap() as u8
    };
    let route = |name: &str| attributes.routes.iter().position(|r| r == name).unwrap() as u8;
    let policy = ShortTermsFirst {
        dublin_track: track("track1"),
        safe_track: track("track2"),
        dublin_route: route("dublin"),
        safe_route: route("safe_country"),
    };
    scenario.network.set_routing(Arc::new(policy));

    let settings = RunSettings {
        replications: 8,
        seed: scenario.seed,
        threads: 2,
    };
    let result = experiment::run(&scenario, settings, &|| {})?;
    for metric in [
        "within_term_share_first",
        "within_term_share_nareis",
        "penalty_eur_total",
    ] {
        let s = result.summary(metric).expect("a baseline metric");
        println!(
            "{metric:<28} {:>14.3}  95% CI [{:.3}, {:.3}]",
            s.mean, s.ci95_low, s.ci95_high
        );
    }
    Ok(())
}
