//! Arrivals: each source of a stream schedules its next case, either after a renewal gap or at
//! the next of the current month's arrival times.

use crate::engine::{Purpose, RandomStreams, StreamRng};
use crate::model::intake::{IntakeModel, arrival_times};
use crate::model::world::{Event, World};
use crate::model::{ArrivalProcess, Network};

/// Offsets of the random streams of a source's monthly intake: one for the level path, one for
/// the counts around it, one for the arrival times within months.
const PATH_KEY: u64 = 1 << 32;
const COUNT_KEY: u64 = 2 << 32;
const TIMES_KEY: u64 = 3 << 32;

/// Run-time state of an arrival source.
#[derive(Clone, Debug)]
pub(crate) struct SourceState {
    /// Gaps of a renewal process; arrival times within months for monthly intake.
    rng: StreamRng,
    /// Monthly intake: the count of every month of this replication.
    counts: Vec<u64>,
    /// Monthly intake: the month whose arrivals are pending (`usize::MAX` before the first).
    month: usize,
    /// Monthly intake: the arrival times of that month, sorted, and the next one's index.
    pending: Vec<u64>,
    next: usize,
}

impl SourceState {
    /// The state of source `idx` of `network` in a replication with `random` streams; monthly
    /// intake draws its counts for the whole run here.
    pub(crate) fn new(network: &Network, idx: usize, random: RandomStreams) -> SourceState {
        let key = idx as u64;
        let counts = match &network.sources[idx].process {
            ArrivalProcess::Renewal { .. } => Vec::new(),
            ArrivalProcess::Monthly(IntakeModel::Replay(counts)) => counts.clone(),
            ArrivalProcess::Monthly(IntakeModel::Generated(model)) => {
                let months = network
                    .months
                    .as_ref()
                    .expect("monthly intake needs months");
                let mut path = random.stream(Purpose::Arrivals, PATH_KEY + key);
                let mut count = random.stream(Purpose::Arrivals, COUNT_KEY + key);
                model.draw(months, &mut path, &mut count)
            }
        };
        let rng = match network.sources[idx].process {
            ArrivalProcess::Renewal { .. } => random.stream(Purpose::Arrivals, key),
            ArrivalProcess::Monthly(_) => random.stream(Purpose::Arrivals, TIMES_KEY + key),
        };
        SourceState {
            rng,
            counts,
            month: usize::MAX,
            pending: Vec::new(),
            next: 0,
        }
    }
}

impl World<'_> {
    /// Schedules the next arrival of source `source`, if it falls before the horizon.
    pub(crate) fn schedule_next_arrival(&mut self, source: u16) {
        let network = self.network;
        let state = &mut self.sources[usize::from(source)];
        let at = match &network.sources[usize::from(source)].process {
            ArrivalProcess::Renewal { interarrival } => {
                Some(self.now.after(interarrival.sample_minutes(&mut state.rng)))
            }
            ArrivalProcess::Monthly(_) => {
                let months = network
                    .months
                    .as_ref()
                    .expect("monthly intake needs months");
                while state.next >= state.pending.len() {
                    let month = state.month.wrapping_add(1);
                    if month >= months.len() {
                        break;
                    }
                    state.month = month;
                    arrival_times(
                        months,
                        month,
                        state.counts[month],
                        &mut state.rng,
                        &mut state.pending,
                    );
                    state.next = 0;
                }
                state.pending.get(state.next).map(|&t| {
                    state.next += 1;
                    crate::engine::SimTime(t)
                })
            }
        };
        if let Some(at) = at
            && at < self.window.horizon
        {
            self.events.schedule(at, Event::Arrival { source });
        }
    }
}
