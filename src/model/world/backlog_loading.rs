//! Puts the initial backlog into the world at time zero: fixed cases from the scenario, then
//! synthetic ones drawn for this replication, oldest first, each at its step with its legal
//! state brought up to date.

use rand::{RngExt, SeedableRng};

use crate::engine::{CaseRng, MINUTES_PER_DAY, Purpose, RandomStreams, SimTime};
use crate::model::BacklogCase;
use crate::model::case::{Case, NO_OUTCOME};
use crate::model::legal::CaseLegal;
use crate::model::world::legal_events::LegalEvent;
use crate::model::world::{NewCase, World, draw_attributes, due_time};

/// Offset added to a stream's index to key the random streams of its backlog cases, so they
/// never coincide with those of arriving cases.
const BACKLOG_KEY: u64 = 1 << 40;
/// Key of the random stream that draws the synthetic backlog.
const SYNTHETIC_KEY: u64 = 1 << 41;

impl World<'_> {
    /// Loads the backlog of the network: the fixed cases, then a synthetic draw.
    pub(crate) fn load_backlog(&mut self, random: RandomStreams) {
        let network = self.network;
        let mut cases: Vec<BacklogCase> = network.backlog.cases.clone();
        for (block, synthetic) in network.backlog.synthetic.iter().enumerate() {
            let mut rng = random.stream(Purpose::Attributes, SYNTHETIC_KEY + block as u64);
            for _ in 0..synthetic.size {
                // The block's own group mix takes the draw the stream's would (one, or none for
                // a single group), so the draws that follow stay aligned.
                let group = synthetic.groups.as_ref().map(|groups| {
                    if groups.cumulative.len() == 1 {
                        0
                    } else {
                        groups.pick(rng.random()) as u8
                    }
                });
                let attrs = draw_attributes(network, synthetic.stream, group, &mut rng);
                let age_days = synthetic.age.sample_minutes(&mut rng) / MINUTES_PER_DAY;
                let step = synthetic.steps[synthetic.step_shares.pick(rng.random())];
                cases.push(BacklogCase {
                    attrs,
                    lodged_day: -(age_days as i64),
                    step,
                    notice_day: None,
                    judgment_day: None,
                    heard: false,
                });
            }
        }
        // Oldest first, so that a FIFO queue serves the backlog in lodging order.
        cases.sort_by_key(|c| c.lodged_day);
        for (idx, case) in cases.iter().enumerate() {
            self.insert_backlog_case(case, idx as u64, random);
        }
    }

    fn insert_backlog_case(&mut self, spec: &BacklogCase, idx: u64, random: RandomStreams) {
        let network = self.network;
        let key = BACKLOG_KEY + u64::from(spec.attrs.stream);
        let mut attribute_rng = random.case_seeder(Purpose::Attributes, key).case(idx);
        let term_end = network.law.as_ref().map_or(i64::MAX, |law| {
            law.terms
                .term_end(
                    usize::from(spec.attrs.stream),
                    usize::from(spec.attrs.group),
                    u64::from(spec.attrs.features),
                    spec.lodged_day,
                    || attribute_rng.random(),
                )
                .unwrap_or(i64::MAX)
        });
        let mut legal = CaseLegal::new(spec.lodged_day, term_end);
        legal.heard = spec.heard;
        let stream_spec = &network.streams[usize::from(spec.attrs.stream)];
        // The tower routes the backlog too (its decisions on old cases are not counted).
        let mut routing_rng = network
            .information
            .is_some()
            .then(|| random.case_seeder(Purpose::Routing, key).case(idx));
        let location_draw = if network.policy.location == crate::model::LocationPolicy::Capacity {
            attribute_rng.random()
        } else {
            0.0
        };
        let new_case = NewCase {
            attrs: spec.attrs,
            stream_priority: stream_spec.priority,
            lodged_day: spec.lodged_day,
            term_end_day: term_end,
            location_draw,
        };
        let assignment = self.route_case(&new_case, routing_rng.as_mut(), false);
        let mut attrs = spec.attrs;
        attrs.route = assignment.route;
        attrs.location = assignment.location;
        let case = Case {
            attrs,
            priority: assignment.priority,
            step: spec.step,
            arrived: SimTime::ZERO,
            open_before_start: (-spec.lodged_day).max(0) as u64 * MINUTES_PER_DAY,
            due: due_time(stream_spec.due_after, SimTime::ZERO, term_end),
            // Backlog cases count as started: waits are measured on new cases only.
            first_work: SimTime::ZERO,
            queued_at: SimTime::ZERO,
            durations: random.case_seeder(Purpose::Durations, key).case(idx),
            branching: random.case_seeder(Purpose::Branching, key).case(idx),
            behaviour: random.case_seeder(Purpose::Behaviour, key).case(idx),
            patience: if stream_spec.patience.is_some() {
                random.case_seeder(Purpose::Patience, key).case(idx)
            } else {
                CaseRng::from_seed([0; 8])
            },
            withdraws_at: SimTime::NEVER,
            legal,
            waiting_at: None,
            ticket: 0,
            phases: 0,
            outcome: NO_OUTCOME,
            follow_ups: if network.follow_ups.is_empty() {
                CaseRng::from_seed([0; 8])
            } else {
                random.case_seeder(Purpose::FollowUps, key).case(idx)
            },
        };
        let id = self.open_case(case);
        self.in_system.increment(SimTime::ZERO);
        // Known legal dates: those before the start are handled now, with their own days;
        // later ones on their day. A notice counts from the day after the term expired at the
        // earliest; without a term (no law) there is nothing to give notice of.
        let first_notice_day = term_end.saturating_add(1);
        match (spec.notice_day, spec.judgment_day) {
            (None, None) => self.watch_term(id, term_end),
            (Some(_), None) if term_end == i64::MAX => {}
            (Some(notice), None) => {
                self.at_day(notice.max(first_notice_day), LegalEvent::Notice(id))
            }
            (notice, Some(judgment)) => {
                if term_end != i64::MAX {
                    let notice = notice.unwrap_or(judgment).max(first_notice_day);
                    self.at_day(notice, LegalEvent::KnownNotice(id));
                }
                self.at_day(judgment, LegalEvent::Judgment(id));
            }
        }
        self.enter_step(id, spec.step);
    }
}
