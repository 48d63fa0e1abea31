//! Litigation work (procesvertegenwoordiging): per appeal lodged under a court regime with
//! `litigation`, a job of productive hours for the regime's pool (or the pool of its role at
//! the case's location), served before waiting cases by the pool's free servers or officers.
//! See [`LitigationQueue`](crate::model::litigation::LitigationQueue) for why a job is not a
//! case.

use crate::engine::Dist;
use crate::model::case::CaseId;
use crate::model::world::{Event, NO_OFFICER, World};
use crate::model::{PoolIdx, Worker};

impl World<'_> {
    /// An appeal of case `id` is lodged on `day` (the first, or the second after a repeat
    /// failure): queues the IND's work on it at the pool of the regime the appeal falls under.
    /// Nothing for an appeal lodged before the run (its work was done before), for a case
    /// decided since its appeal was drawn, or for a regime without `litigation`.
    pub(crate) fn litigate(&mut self, id: CaseId, day: i64) {
        if day < 0 {
            return;
        }
        let Some(case) = self.cases.get(id) else {
            return;
        };
        let Some(court) = case.legal.court else {
            return;
        };
        let law = self.law_version(court.law);
        let Some(litigation) = &law.court[usize::from(court.regime)].litigation else {
            return;
        };
        let pool = match litigation.worker {
            Worker::Pool(pool) => pool,
            Worker::Role(role) => {
                self.network.roles[usize::from(role)].pool_at[usize::from(case.attrs.location)]
            }
        };
        self.queue_litigation(pool, &litigation.hours);
    }

    /// A new litigation job of `hours` at `pool`: started at once by a free server (for an
    /// officer pool, the free officer present the dispatch rule picks; no competence needed),
    /// else queued behind the jobs already waiting.
    fn queue_litigation(&mut self, pool: PoolIdx, hours: &Dist) {
        let in_window = self.in_window();
        let network = self.network;
        let state = &mut self.pools[usize::from(pool.0)];
        let minutes = state.litigation.draw(hours);
        state.litigation.queued += u64::from(in_window);
        let free = match (&state.desk, &network.pools[usize::from(pool.0)].officers) {
            (Some(desk), Some(officers)) => desk
                .free_officer(officers, 0, state.capacity as usize)
                .map(Some),
            _ => state.has_free_server().then_some(None),
        };
        match free {
            Some(officer) => self.start_litigation(pool, officer, minutes),
            None => state.litigation.push(minutes),
        }
    }

    /// Starts waiting litigation jobs, in the order they were queued, while the pool has free
    /// servers (for an officer pool: free officers present, in their order).
    pub(crate) fn serve_litigation(&mut self, pool: PoolIdx) {
        let network = self.network;
        if let Some(officers) = &network.pools[usize::from(pool.0)].officers {
            let present =
                (self.pools[usize::from(pool.0)].capacity as usize).min(officers.officers.len());
            for k in 0..present {
                let state = &mut self.pools[usize::from(pool.0)];
                let desk = state.desk.as_ref().expect("an officer pool has a desk");
                if desk.officers[k].busy {
                    continue;
                }
                let Some(minutes) = state.litigation.pop() else {
                    return;
                };
                self.start_litigation(pool, Some(k), minutes);
            }
            return;
        }
        loop {
            let state = &mut self.pools[usize::from(pool.0)];
            if !state.has_free_server() {
                return;
            }
            let Some(minutes) = state.litigation.pop() else {
                return;
            };
            self.start_litigation(pool, None, minutes);
        }
    }

    /// A free server (officer `officer` of an officer pool) starts a litigation job of
    /// `minutes` of working time; on a calendar they become clock time as case work does.
    fn start_litigation(&mut self, pool: PoolIdx, officer: Option<usize>, minutes: u64) {
        let now = self.now;
        let in_window = self.in_window();
        let pool_now = self.pool_clock(pool, now);
        let finishes = match self.network.pools[usize::from(pool.0)].calendar {
            None => now.after(minutes),
            Some(cal) => self.network.calendars[cal].finish_time(now, minutes),
        };
        let state = &mut self.pools[usize::from(pool.0)];
        state.busy += 1;
        state.busy_level.increment(pool_now);
        if in_window {
            state.litigation.started += 1;
            state.litigation.minutes_started += minutes;
        }
        if let (Some(k), Some(desk)) = (officer, &mut state.desk) {
            let officer_state = &mut desk.officers[k];
            officer_state.busy = true;
            if in_window {
                officer_state.worked += minutes;
            }
        }
        self.events.schedule(
            finishes,
            Event::LitigationDone {
                pool,
                officer: officer.map_or(NO_OFFICER, |k| k as u16),
            },
        );
    }

    /// A server of `pool` finishes a litigation job: it takes the next job or case.
    pub(crate) fn on_litigation_done(&mut self, pool: PoolIdx, officer: u16) {
        let pool_now = self.pool_clock(pool, self.now);
        let state = &mut self.pools[usize::from(pool.0)];
        state.busy -= 1;
        state.busy_level.decrement(pool_now);
        state.update_present(pool_now);
        if let Some(desk) = &mut state.desk {
            desk.officers[usize::from(officer)].busy = false;
        }
        self.serve_queue(pool);
    }
}
