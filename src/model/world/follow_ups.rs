//! Outcomes of decisions and the flows they bring back (`[[outcome]]`, `[[follow_up]]`).
//!
//! A decided case's outcome is counted (in the window, per calendar year and per stream and
//! year); then every follow-up whose outcomes and streams cover the decision draws how many
//! follow-ons it brings, and for each its lag, whether a dated restriction thins it out and
//! whether it comes back as a case. All these draws come from the decided case's own
//! [`Purpose::FollowUps`](crate::engine::Purpose) stream, split per follow-up and per follow-on,
//! so the follow-ons of a decision depend on nothing else. A returning follow-on waits in a
//! per-day bucket of the [`FollowUpAgenda`] (thousands wait at once: family members of status
//! holders, court cases), moves onto the event heap when its day starts, and at its minute is
//! admitted as an arrival of its stream at its step, with the triggering case's group. Its own
//! draws come from the follow-up's key space, numbered by the triggering case and the follow-on,
//! so the regular arrivals of that stream keep their arrival numbers (common random numbers).

use rand::{Rng, RngExt, SeedableRng};

use crate::engine::{CaseRng, MINUTES_PER_DAY, RandomStreams, SimTime, derive_seed};
use crate::error::RunError;
use crate::model::Network;
use crate::model::case::{CaseId, NO_OUTCOME};
use crate::model::world::{Admission, CaseSeeders, Event, World, end_day};

/// Offset added to a follow-up's index to key the random streams of the cases it brings, so they
/// never coincide with those of arriving or backlog cases.
const FOLLOW_UP_KEY: u64 = 1 << 42;

/// A follow-on that will come back as a case.
#[derive(Clone, Copy, Debug)]
struct Pending {
    /// When it arrives.
    at: SimTime,
    /// Which follow-up brings it.
    follow_up: u16,
    /// The triggering case's group.
    group: u8,
    /// Its number in the follow-up's key space.
    key: u64,
}

/// Returning follow-ons by the day they arrive. The buckets of past days go back to a spare list
/// and are reused, so after the high-water mark filing allocates nothing.
#[derive(Clone, Debug, Default)]
struct FollowUpAgenda {
    buckets: Vec<Vec<Pending>>,
    spare: Vec<Vec<Pending>>,
}

/// What one follow-up brought over the run.
#[derive(Clone, Debug, Default)]
pub(crate) struct FollowUpCounts {
    /// Follow-ons of decisions in the window (after thinning).
    pub(crate) triggered: u64,
    /// Follow-ons that arrived as cases in the window.
    pub(crate) returned: u64,
    /// Follow-ons of decisions in the window per calendar year of the decision (with `[law]`).
    pub(crate) triggered_by_year: Vec<u64>,
    /// Follow-ons that arrived as cases in the window per calendar year (with `[law]`).
    pub(crate) returned_by_year: Vec<u64>,
    /// Over the whole run, warm-up included: follow-ons (after thinning), those that arrived as
    /// cases, those only counted, those due at or after the horizon, and those waiting.
    total_triggered: u64,
    total_returned: u64,
    total_counted_only: u64,
    total_after_horizon: u64,
    pending: u64,
}

/// Outcomes and follow-ups of a replication (scenarios with `[[outcome]]`).
#[derive(Clone, Debug)]
pub(crate) struct Flows {
    /// Decisions in the window per outcome.
    pub(crate) decided: Vec<u64>,
    /// Per follow-up.
    pub(crate) follow_ups: Vec<FollowUpCounts>,
    /// The seeders of each follow-up's cases.
    seeds: Vec<CaseSeeders>,
    agenda: FollowUpAgenda,
}

impl Flows {
    /// The state of a replication of `network` to `horizon` with `random` streams and `n_years`
    /// calendar years of figures per year (0 without `[law]`), or `None` for a network without
    /// outcomes.
    pub(crate) fn new(
        network: &Network,
        horizon: SimTime,
        random: RandomStreams,
        n_years: usize,
    ) -> Option<Flows> {
        if network.outcomes.is_empty() {
            return None;
        }
        let n_days = if network.follow_ups.is_empty() {
            0
        } else {
            end_day(horizon) as usize
        };
        Some(Flows {
            decided: vec![0; network.outcomes.len()],
            follow_ups: vec![
                FollowUpCounts {
                    triggered_by_year: vec![0; n_years],
                    returned_by_year: vec![0; n_years],
                    ..FollowUpCounts::default()
                };
                network.follow_ups.len()
            ],
            seeds: (0..network.follow_ups.len())
                .map(|f| CaseSeeders::new(random, FOLLOW_UP_KEY + f as u64))
                .collect(),
            agenda: FollowUpAgenda {
                buckets: vec![Vec::new(); n_days],
                spare: Vec::new(),
            },
        })
    }
}

impl World<'_> {
    /// A case is decided (it leaves at the exit): counts its outcome in the window and files the
    /// follow-ons its decision brings. Only called when the network has outcomes.
    pub(crate) fn on_decided(&mut self, id: CaseId) {
        let network = self.network;
        let now = self.now;
        let today = self.today();
        let in_window = now >= self.window.warmup_end;
        let year = if network.law.is_some() {
            self.book.year_of(today)
        } else {
            None
        };
        let Some(case) = self.cases.get_mut(id) else {
            return;
        };
        let (outcome, stream, group) = (case.outcome, case.attrs.stream, case.attrs.group);
        let key = if network.follow_ups.is_empty() {
            0
        } else {
            case.follow_ups.next_u64()
        };
        let Some(flows) = &mut self.flows else {
            return;
        };
        if outcome == NO_OUTCOME {
            // The validator makes every way to the exit set an outcome; the check of the
            // outcomes against the decisions reports a case that got none.
            return;
        }
        if in_window {
            flows.decided[usize::from(outcome)] += 1;
            if let Some(year) = year {
                self.decisions.yearly.record_outcome(
                    year,
                    usize::from(stream),
                    usize::from(outcome),
                );
            }
        }
        for (f, spec) in network.follow_ups.iter().enumerate() {
            if !(spec.outcomes[usize::from(outcome)] && spec.streams[usize::from(stream)]) {
                continue;
            }
            let f_key = f as u64;
            let mut rng = CaseRng::seed_from_u64(derive_seed(&[key, f_key, 0]));
            let n = spec.count.count(usize::from(group), rng.random());
            for j in 0..u64::from(n) {
                let follow_on = derive_seed(&[key, f_key, j + 1]);
                let mut rng = CaseRng::seed_from_u64(follow_on);
                let (keep, comes_back): (f64, f64) = (rng.random(), rng.random());
                let at = now.after(spec.lag.sample_minutes(&mut rng));
                if keep >= spec.factor_on(at.day() as i64) {
                    continue;
                }
                let counts = &mut flows.follow_ups[f];
                counts.total_triggered += 1;
                if in_window {
                    counts.triggered += 1;
                    if let Some(year) = year {
                        counts.triggered_by_year[year] += 1;
                    }
                }
                if comes_back >= spec.returns {
                    counts.total_counted_only += 1;
                } else if at >= self.window.horizon {
                    counts.total_after_horizon += 1;
                } else {
                    counts.pending += 1;
                    let pending = Pending {
                        at,
                        follow_up: f as u16,
                        group,
                        key: follow_on,
                    };
                    let day = at.day() as usize;
                    if day == now.day() as usize {
                        // Due today: its day has begun, so straight onto the heap.
                        self.events.schedule(at, follow_on_event(&pending));
                    } else {
                        let agenda = &mut flows.agenda;
                        let bucket = &mut agenda.buckets[day];
                        if bucket.capacity() == 0
                            && let Some(spare) = agenda.spare.pop()
                        {
                            *bucket = spare;
                        }
                        if bucket.is_empty() {
                            self.events.schedule(
                                SimTime(day as u64 * MINUTES_PER_DAY),
                                Event::FollowUpDay { day: day as u32 },
                            );
                        }
                        bucket.push(pending);
                    }
                }
            }
        }
    }

    /// The day `day` starts: its returning follow-ons go onto the event heap at their minutes.
    pub(crate) fn on_follow_up_day(&mut self, day: u32) {
        let Some(flows) = &mut self.flows else {
            return;
        };
        let agenda = &mut flows.agenda;
        let mut bucket = std::mem::take(&mut agenda.buckets[day as usize]);
        for pending in &bucket {
            self.events.schedule(pending.at, follow_on_event(pending));
        }
        bucket.clear();
        agenda.spare.push(bucket);
    }

    /// A follow-on of follow-up `follow_up` comes back: a case of its stream arrives at its step,
    /// with the triggering case's `group`, drawn as case `key` of the follow-up's key space.
    pub(crate) fn on_follow_on(&mut self, follow_up: u16, group: u8, key: u64) {
        let network = self.network;
        let in_window = self.now >= self.window.warmup_end;
        let year = if network.law.is_some() && in_window {
            self.book.year_of(self.today())
        } else {
            None
        };
        let spec = &network.follow_ups[usize::from(follow_up)];
        let Some(flows) = &mut self.flows else {
            return;
        };
        let counts = &mut flows.follow_ups[usize::from(follow_up)];
        counts.pending -= 1;
        counts.total_returned += 1;
        if in_window {
            counts.returned += 1;
            if let Some(year) = year {
                counts.returned_by_year[year] += 1;
            }
        }
        let seeds = flows.seeds[usize::from(follow_up)];
        let admission = Admission {
            stream: spec.into,
            step: spec.step,
            group: Some(group),
            track: spec.track,
            term: spec.term,
        };
        let (id, term_end) = self.admit(&admission, &seeds, key);
        self.watch_term(id, term_end);
        self.enter_step(id, admission.step);
    }

    /// Follow-on cases admitted over the whole run (they have no arrival numbers of their
    /// stream).
    pub(crate) fn follow_on_arrivals(&self) -> u64 {
        self.flows
            .as_ref()
            .map_or(0, |f| f.follow_ups.iter().map(|c| c.total_returned).sum())
    }

    /// Checks that the decisions in the window add up over the outcomes, and that every
    /// follow-on is accounted for: the follow-ons of a follow-up are those that came back as
    /// cases, those only counted, and those due at or after the horizon, none still waiting.
    pub(crate) fn check_flows(&self) -> Result<(), RunError> {
        let Some(flows) = &self.flows else {
            return Ok(());
        };
        let decided: u64 = flows.decided.iter().sum();
        if decided != self.obs.completed {
            return Err(RunError::Internal(format!(
                "the decisions over the outcomes ({decided}) differ from the decisions in the window ({})",
                self.obs.completed
            )));
        }
        let waiting = flows.agenda.buckets.iter().map(Vec::len).sum::<usize>();
        for (spec, counts) in self.network.follow_ups.iter().zip(&flows.follow_ups) {
            if counts.total_triggered
                != counts.total_returned
                    + counts.total_counted_only
                    + counts.total_after_horizon
                    + counts.pending
                || counts.pending != 0
            {
                return Err(RunError::Internal(format!(
                    "follow-ons of {} not conserved: {} triggered != {} returned + {} counted only + {} due after the horizon + {} still waiting",
                    spec.name,
                    counts.total_triggered,
                    counts.total_returned,
                    counts.total_counted_only,
                    counts.total_after_horizon,
                    counts.pending
                )));
            }
        }
        if waiting != 0 {
            return Err(RunError::Internal(format!(
                "{waiting} follow-ons still wait in the agenda at the horizon"
            )));
        }
        Ok(())
    }
}

/// The event of a returning follow-on.
fn follow_on_event(pending: &Pending) -> Event {
    Event::FollowOn {
        follow_up: pending.follow_up,
        group: pending.group,
        key: pending.key,
    }
}
