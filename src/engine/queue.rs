//! The event calendar: a binary heap on `(time, insertion sequence)`.
//!
//! Events at the same minute come out in the order they were scheduled (FIFO), which makes every
//! run deterministic without floating-point tie-breaking. Events are plain values of a closed
//! enum chosen by the model; nothing is boxed, so after the heap has grown to its high-water mark
//! scheduling and popping allocate nothing.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::engine::SimTime;

/// A priority queue of events of type `E`, ordered by time, ties broken by insertion order.
#[derive(Debug, Clone)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    next_seq: u64,
}

#[derive(Debug, Clone)]
struct Entry<E> {
    /// `time << 64 | seq`: one integer comparison orders by time, then insertion.
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    fn time(&self) -> SimTime {
        SimTime((self.key >> 64) as u64)
    }
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest `(time, seq)` first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

impl<E> EventQueue<E> {
    /// An empty queue with room for `capacity` pending events before it reallocates.
    pub fn with_capacity(capacity: usize) -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(capacity),
            next_seq: 0,
        }
    }

    /// Schedules `event` at `time`. O(log n).
    pub fn schedule(&mut self, time: SimTime, event: E) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry {
            key: (u128::from(time.minutes()) << 64) | u128::from(seq),
            event,
        });
    }

    /// Removes and returns the earliest event; among equal times, the one scheduled first.
    /// O(log n).
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.heap.pop().map(|entry| (entry.time(), entry.event))
    }

    /// The time of the earliest pending event.
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(Entry::time)
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Number of events scheduled since the queue was created.
    pub fn n_scheduled(&self) -> u64 {
        self.next_seq
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn equal_times_pop_in_insertion_order() {
        let mut queue = EventQueue::with_capacity(4);
        queue.schedule(SimTime(5), 'a');
        queue.schedule(SimTime(1), 'b');
        queue.schedule(SimTime(5), 'c');
        queue.schedule(SimTime(1), 'd');
        let order: Vec<char> = std::iter::from_fn(|| queue.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['b', 'd', 'a', 'c']);
    }

    proptest! {
        /// Whatever the insertion order, events come out sorted by time, and events with equal
        /// times come out in the order they went in.
        #[test]
        fn pops_sorted_by_time_then_insertion(times in proptest::collection::vec(0u64..20, 0..200)) {
            let mut queue = EventQueue::with_capacity(0);
            for (idx, &t) in times.iter().enumerate() {
                queue.schedule(SimTime(t), idx);
            }
            let mut expected: Vec<(u64, usize)> =
                times.iter().enumerate().map(|(idx, &t)| (t, idx)).collect();
            expected.sort();
            let got: Vec<(u64, usize)> =
                std::iter::from_fn(|| queue.pop().map(|(t, idx)| (t.0, idx))).collect();
            prop_assert_eq!(got, expected);
        }
    }
}
