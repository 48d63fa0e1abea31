//! A staff pool at run time: its servers, its waiting queue and its statistics.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

use crate::engine::{SimTime, StreamRng};
use crate::model::Discipline;
use crate::model::case::CaseId;
use crate::model::litigation::LitigationQueue;
use crate::stats::{Tally, TimeWeighted};

/// The queue in front of a pool, ordered as its discipline says; ties go to the case that joined
/// first (last, for LIFO). One type serves every discipline, so a pool's discipline is data.
///
/// FIFO, LIFO and priority classes keep one deque per class: O(1) per operation, whatever the
/// queue length (queues of thousands of cases are normal in the asylum procedure). Deadline
/// orders keep a heap: O(log n).
///
/// A waiting case whose priority changes (a notice of default, a court order) is inserted again
/// with its new key and a new ticket; the old entry stays where it is and is skipped when it
/// surfaces (lazy deletion), so re-keying never searches the queue.
#[derive(Clone, Debug)]
pub(crate) struct WaitQueue {
    discipline: Discipline,
    order: Order,
    next_seq: u64,
    n_waiting: usize,
}

#[derive(Clone, Debug)]
enum Order {
    /// One deque per priority class (a single class unless the discipline orders by priority).
    Classes {
        classes: Vec<VecDeque<Entry>>,
        lifo: bool,
    },
    /// A heap on `(class, deadline, seq)`.
    Heap(BinaryHeap<Waiting>),
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    case: CaseId,
    ticket: u32,
}

#[derive(Clone, Copy, Debug)]
struct Waiting {
    major: u64,
    minor: u64,
    seq: u64,
    entry: Entry,
}

impl PartialEq for Waiting {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Waiting {}

impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Waiting {
    /// Reversed: the smallest `(major, minor, seq)` is served first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.major, other.minor, other.seq).cmp(&(self.major, self.minor, self.seq))
    }
}

impl WaitQueue {
    pub(crate) fn new(discipline: Discipline) -> WaitQueue {
        let order = match discipline {
            Discipline::Fifo | Discipline::Priority => Order::Classes {
                classes: vec![VecDeque::new()],
                lifo: false,
            },
            Discipline::Lifo => Order::Classes {
                classes: vec![VecDeque::new()],
                lifo: true,
            },
            Discipline::Edf | Discipline::PriorityEdf => Order::Heap(BinaryHeap::new()),
        };
        WaitQueue {
            discipline,
            order,
            next_seq: 0,
            n_waiting: 0,
        }
    }

    /// Adds a case with its priority class, deadline and queue ticket.
    pub(crate) fn push(&mut self, case: CaseId, priority: u8, due: SimTime, ticket: u32) {
        self.insert(case, priority, due, ticket);
        self.n_waiting += 1;
    }

    /// Re-inserts a waiting case under a new key and ticket; the entry with its old ticket will
    /// be skipped.
    pub(crate) fn rekey(&mut self, case: CaseId, priority: u8, due: SimTime, ticket: u32) {
        self.insert(case, priority, due, ticket);
    }

    fn insert(&mut self, case: CaseId, priority: u8, due: SimTime, ticket: u32) {
        let entry = Entry { case, ticket };
        let by_priority = self.orders_by_priority();
        match &mut self.order {
            Order::Classes { classes, .. } => {
                let class = if by_priority {
                    usize::from(priority)
                } else {
                    0
                };
                if class >= classes.len() {
                    classes.resize_with(class + 1, VecDeque::new);
                }
                classes[class].push_back(entry);
            }
            Order::Heap(heap) => {
                let seq = self.next_seq;
                self.next_seq += 1;
                let major = if by_priority { u64::from(priority) } else { 0 };
                heap.push(Waiting {
                    major,
                    minor: due.minutes(),
                    seq,
                    entry,
                });
            }
        }
    }

    /// Takes the case the discipline serves next, skipping entries whose ticket `is_current`
    /// rejects.
    #[inline]
    pub(crate) fn pop(&mut self, is_current: impl Fn(CaseId, u32) -> bool) -> Option<CaseId> {
        let found = match &mut self.order {
            Order::Classes { classes, lifo } => classes.iter_mut().find_map(|class| {
                while let Some(entry) = if *lifo {
                    class.pop_back()
                } else {
                    class.pop_front()
                } {
                    if is_current(entry.case, entry.ticket) {
                        return Some(entry.case);
                    }
                }
                None
            }),
            Order::Heap(heap) => loop {
                match heap.pop() {
                    None => break None,
                    Some(w) if is_current(w.entry.case, w.entry.ticket) => {
                        break Some(w.entry.case);
                    }
                    Some(_) => {}
                }
            },
        };
        if found.is_some() {
            self.n_waiting -= 1;
        }
        found
    }

    /// A waiting case left the queue without being served (its patience ran out): its entry
    /// stays, is stale (the case is gone), and is skipped when it surfaces.
    pub(crate) fn forget(&mut self) {
        self.n_waiting -= 1;
    }

    /// Cases waiting (stale entries not counted).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.n_waiting
    }

    /// True when a case's priority matters to this queue's order.
    pub(crate) fn orders_by_priority(&self) -> bool {
        matches!(
            self.discipline,
            Discipline::Priority | Discipline::PriorityEdf
        )
    }

    /// True when a case's due date matters to this queue's order.
    pub(crate) fn orders_by_deadline(&self) -> bool {
        matches!(self.discipline, Discipline::Edf | Discipline::PriorityEdf)
    }
}

/// A pool during a replication.
#[derive(Clone, Debug)]
pub(crate) struct PoolState {
    /// Servers available now.
    pub(crate) capacity: u32,
    /// Servers working now.
    pub(crate) busy: u32,
    /// Cases waiting for a server.
    pub(crate) queue: WaitQueue,
    /// Busy servers over the pool's clock (working time for a pool on a calendar).
    pub(crate) busy_level: TimeWeighted,
    /// Staff present over the pool's clock (the denominator of utilisation): the available
    /// servers, or the busy ones while more are busy than available after a reduction.
    pub(crate) capacity_level: TimeWeighted,
    /// Queue length over time.
    pub(crate) queue_level: TimeWeighted,
    /// Time each visit waited in the queue.
    pub(crate) queue_wait: Tally,
    /// Pieces of work started in the window.
    pub(crate) work_started: u64,
    /// Minutes of work (working time, after work factor and officer speed) started in the window.
    pub(crate) work_minutes_started: u64,
    /// The verdeelstation of an officer pool (its queues and officers replace `queue`).
    pub(crate) desk: Option<crate::model::desk::Desk>,
    /// Litigation jobs waiting for a server, and their counts.
    pub(crate) litigation: LitigationQueue,
}

impl PoolState {
    /// A pool of `capacity` servers whose queue follows `discipline`; its litigation jobs take
    /// their durations from `litigation`.
    pub(crate) fn new(capacity: u32, discipline: Discipline, litigation: StreamRng) -> PoolState {
        PoolState {
            capacity,
            busy: 0,
            queue: WaitQueue::new(discipline),
            busy_level: TimeWeighted::new(SimTime::ZERO, 0),
            capacity_level: TimeWeighted::new(SimTime::ZERO, u64::from(capacity)),
            queue_level: TimeWeighted::new(SimTime::ZERO, 0),
            queue_wait: Tally::default(),
            work_started: 0,
            work_minutes_started: 0,
            desk: None,
            litigation: LitigationQueue::new(litigation),
        }
    }

    /// Records the staff present from `pool_now` on: the available servers, or more while
    /// servers above a reduced capacity finish their work (so utilisation never exceeds 1).
    pub(crate) fn update_present(&mut self, pool_now: SimTime) {
        let present = u64::from(self.capacity.max(self.busy));
        if present != self.capacity_level.level() {
            self.capacity_level.set(pool_now, present);
        }
    }

    /// True when a server is free to start work now.
    #[inline]
    pub(crate) fn has_free_server(&self) -> bool {
        self.busy < self.capacity
    }

    /// Restarts every statistic at `now` (end of the warm-up), `pool_now` on the pool's clock.
    pub(crate) fn restart_statistics(&mut self, now: SimTime, pool_now: SimTime) {
        self.busy_level.restart(pool_now);
        self.capacity_level.restart(pool_now);
        self.queue_level.restart(now);
        self.queue_wait = Tally::default();
        self.work_started = 0;
        self.work_minutes_started = 0;
        self.litigation.restart_statistics();
        if let Some(desk) = &mut self.desk {
            for officer in &mut desk.officers {
                officer.worked = 0;
                officer.started = 0;
                officer.finished = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::case::CaseArena;

    fn ids(n: usize) -> Vec<CaseId> {
        let mut arena = CaseArena::with_capacity(n);
        (0..n)
            .map(|_| arena.insert(crate::model::case::tests_support::dummy_case()))
            .collect()
    }

    fn drain(queue: &mut WaitQueue) -> Vec<CaseId> {
        std::iter::from_fn(|| queue.pop(|_, _| true)).collect()
    }

    #[test]
    fn each_discipline_orders_as_documented() {
        let id = ids(4);
        // (priority, due) of cases 0..4, pushed in this order.
        let attrs = [(1, 40), (0, 30), (1, 10), (0, 30)];
        let order = |discipline| {
            let mut queue = WaitQueue::new(discipline);
            for (case, (priority, due)) in id.iter().zip(attrs) {
                queue.push(*case, priority, SimTime(due), 0);
            }
            assert_eq!(queue.len(), 4);
            drain(&mut queue)
        };
        assert_eq!(order(Discipline::Fifo), vec![id[0], id[1], id[2], id[3]]);
        assert_eq!(order(Discipline::Lifo), vec![id[3], id[2], id[1], id[0]]);
        assert_eq!(
            order(Discipline::Priority),
            vec![id[1], id[3], id[0], id[2]]
        );
        assert_eq!(order(Discipline::Edf), vec![id[2], id[1], id[3], id[0]]);
        assert_eq!(
            order(Discipline::PriorityEdf),
            vec![id[1], id[3], id[2], id[0]]
        );
    }

    /// A case that gets a court order moves to the front of a priority queue; its old entry is
    /// skipped, and the queue length counts it once.
    #[test]
    fn rekeyed_case_moves_up_and_its_old_entry_is_skipped() {
        let id = ids(3);
        let mut queue = WaitQueue::new(Discipline::Priority);
        for case in &id {
            queue.push(*case, 2, SimTime::NEVER, 0);
        }
        queue.rekey(id[2], 0, SimTime::NEVER, 1);
        assert_eq!(queue.len(), 3);
        let current_ticket = |case: CaseId| if case == id[2] { 1 } else { 0 };
        let order: Vec<CaseId> =
            std::iter::from_fn(|| queue.pop(|case, ticket| ticket == current_ticket(case)))
                .collect();
        assert_eq!(order, vec![id[2], id[0], id[1]]);
        assert_eq!(queue.len(), 0);
    }
}
