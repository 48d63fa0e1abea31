//! The event calendar: a binary heap on `(time, insertion sequence)`, kept small by a calendar
//! of epochs.
//!
//! Events at the same minute come out in the order they were scheduled (FIFO), which makes every
//! run deterministic without floating-point tie-breaking. Events are plain values of a closed
//! enum chosen by the model; nothing is boxed.
//!
//! Most pending events of a long run are far off (a patience that ends in three years, a
//! follow-on that returns next spring), and a heap pays for every one of them on every pop. So
//! time is cut into epochs of 2^11 minutes (about 1.4 days): only the events of the current epoch sit in the
//! heap; a later event waits, unsorted, in the bucket of its epoch, and a bucket is heapified
//! when its epoch comes. Every event keeps the `(time, seq)` key it was given when scheduled, so
//! the order in which events come out is exactly that of one big heap.
//!
//! Emptied buckets and heaps are kept for reuse: once the queue has grown to its high-water
//! mark, scheduling and popping allocate nothing.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::engine::SimTime;

/// Minutes per epoch, as a power of two (2^11 = 2048 minutes, about 1.4 days).
const EPOCH_SHIFT: u32 = 11;

/// The length of one epoch of the calendar in minutes.
#[cfg(test)]
const EPOCH_MINUTES: u64 = 1 << EPOCH_SHIFT;

/// Room for this many events in a new bucket that does not reuse an emptied one.
const FRESH_BUCKET: usize = 16;

/// A new bucket reuses an emptied one only if its epoch is at most this many epochs ahead.
const SOON: u64 = 8;

/// Emptied buckets kept for reuse, at most.
const MAX_SPARE: usize = 32;

/// A bucket of fewer events than this is ordered by a comparison sort, a larger one by a
/// counting sort on the minute.
const SMALL_BUCKET: usize = 128;

/// Epochs beyond this many wait in one overflow heap rather than in buckets of their own (2^20
/// epochs of 2048 minutes are about 4,000 years).
const MAX_BUCKETS: u64 = 1 << 20;

/// A priority queue of events of type `E`, ordered by time, ties broken by insertion order.
#[derive(Debug, Clone)]
pub struct EventQueue<E> {
    /// The events of the current epoch that waited in its bucket, sorted latest first (so the
    /// earliest is popped from the end).
    sorted: Vec<Entry<E>>,
    /// The events of epochs up to and including `epoch` that were scheduled while it was
    /// current.
    near: BinaryHeap<Entry<E>>,
    /// The current epoch (`u64::MAX` once everything left has moved into `near`).
    epoch: u64,
    /// `far[e]`: the events of epoch `e > epoch`, unsorted.
    far: Vec<Vec<Entry<E>>>,
    /// Events in `far`.
    far_len: usize,
    /// Epochs from this one on have no bucket (`MAX_BUCKETS`, or the horizon's epoch and one).
    bucket_limit: u64,
    /// Events of epochs of `bucket_limit` and later.
    overflow: BinaryHeap<Entry<E>>,
    /// Emptied vectors, for reuse as buckets.
    spare: Vec<Vec<Entry<E>>>,
    /// Per minute of an epoch, a count and then a position, for sorting a bucket.
    slots: Vec<u32>,
    next_seq: u64,
}

#[derive(Debug, Clone, Copy)]
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

impl<E: Copy> EventQueue<E> {
    /// An empty queue with room for `capacity` events of one epoch before it reallocates.
    pub fn with_capacity(capacity: usize) -> Self {
        Self::with_horizon(capacity, SimTime(u64::MAX))
    }

    /// As [`Self::with_capacity`], for a run that ends at `horizon`: events after it (work that
    /// would end after the run, say) wait in one heap rather than in buckets of their own, so
    /// that no bucket is made for an epoch the run never reaches.
    pub fn with_horizon(capacity: usize, horizon: SimTime) -> Self {
        EventQueue {
            sorted: Vec::with_capacity(capacity),
            near: BinaryHeap::with_capacity(capacity),
            epoch: 0,
            far: Vec::new(),
            far_len: 0,
            bucket_limit: (horizon.minutes() >> EPOCH_SHIFT)
                .saturating_add(1)
                .min(MAX_BUCKETS),
            overflow: BinaryHeap::new(),
            spare: Vec::new(),
            slots: vec![0; 1 << EPOCH_SHIFT],
            next_seq: 0,
        }
    }

    /// Schedules `event` at `time`. O(log n) for an event of the current epoch, O(1) for a
    /// later one. Always inlined: the event then goes from registers into the queue, where a
    /// call would write it to the stack field by field and read it back whole (a stall).
    #[inline(always)]
    pub fn schedule(&mut self, time: SimTime, event: E) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let entry = Entry {
            key: (u128::from(time.minutes()) << 64) | u128::from(seq),
            event,
        };
        let epoch = time.minutes() >> EPOCH_SHIFT;
        if epoch <= self.epoch {
            self.near.push(entry);
        } else if epoch < self.bucket_limit {
            self.file(epoch as usize, entry);
        } else {
            self.overflow.push(entry);
        }
    }

    /// Files a later event in the bucket of its epoch.
    #[inline(always)]
    fn file(&mut self, epoch: usize, entry: Entry<E>) {
        if let Some(bucket) = self.far.get_mut(epoch)
            && bucket.len() < bucket.capacity()
        {
            bucket.push(entry);
            self.far_len += 1;
        } else {
            self.file_growing(epoch, entry);
        }
    }

    /// [`Self::file`] into a bucket that has no room yet.
    #[inline(never)]
    fn file_growing(&mut self, epoch: usize, entry: Entry<E>) {
        if epoch >= self.far.len() {
            self.far.resize_with(epoch + 1, Vec::new);
        }
        let bucket = &mut self.far[epoch];
        if bucket.capacity() == 0 {
            // An emptied bucket (room for a whole epoch's events) only for an epoch that comes
            // soon: a far one would hold its few events in it for years.
            let spare = if epoch as u64 <= self.epoch.saturating_add(SOON) {
                self.spare.pop()
            } else {
                None
            };
            *bucket = spare.unwrap_or_else(|| Vec::with_capacity(FRESH_BUCKET));
        }
        bucket.push(entry);
        self.far_len += 1;
    }

    /// Removes and returns the earliest event; among equal times, the one scheduled first.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        loop {
            let entry = match (self.sorted.last(), self.near.peek()) {
                // `Ord` is reversed: the greater entry is the earlier one.
                (Some(waited), Some(scheduled)) => {
                    if waited > scheduled {
                        self.sorted.pop()
                    } else {
                        self.near.pop()
                    }
                }
                (Some(_), None) => self.sorted.pop(),
                (None, Some(_)) => self.near.pop(),
                (None, None) => {
                    if self.advance() {
                        continue;
                    }
                    None
                }
            };
            return entry.map(|entry| (entry.time(), entry.event));
        }
    }

    /// With the current epoch done, makes the next epoch that has events current: its bucket,
    /// sorted, becomes `sorted` (or, past the buckets, the overflow becomes the heap). False
    /// when no event is left.
    #[cold]
    fn advance(&mut self) -> bool {
        if self.far_len > 0 {
            let from = (self.epoch + 1) as usize;
            let next = from
                + self.far[from..]
                    .iter()
                    .position(|bucket| !bucket.is_empty())
                    .expect("far_len counts the events in buckets");
            self.epoch = next as u64;
            let mut bucket = std::mem::take(&mut self.far[next]);
            self.far_len -= bucket.len();
            let mut emptied = std::mem::take(&mut self.sorted);
            self.sort_latest_first(&bucket, &mut emptied);
            self.sorted = emptied;
            bucket.clear();
            if self.spare.len() < MAX_SPARE {
                self.spare.push(bucket);
            }
            true
        } else if !self.overflow.is_empty() {
            self.epoch = u64::MAX;
            std::mem::swap(&mut self.near, &mut self.overflow);
            true
        } else {
            false
        }
    }

    /// Puts the events of one epoch's `bucket` into `out`, latest first. A bucket holds its
    /// events in the order they were scheduled, so a stable counting sort on the minute within
    /// the epoch orders them by `(time, seq)`: linear in the events, where a comparison sort
    /// of 32-byte entries is not.
    fn sort_latest_first(&mut self, bucket: &[Entry<E>], out: &mut Vec<Entry<E>>) {
        let minute = |entry: &Entry<E>| ((entry.key >> 64) as usize) & ((1 << EPOCH_SHIFT) - 1);
        out.clear();
        let Some(&first) = bucket.first() else {
            return;
        };
        if bucket.len() < SMALL_BUCKET {
            // Too few for a pass over every minute of the epoch to pay.
            out.extend_from_slice(bucket);
            // `Ord` is reversed: ascending order puts the earliest last.
            out.sort_unstable();
            return;
        }
        self.slots.fill(0);
        for entry in bucket {
            self.slots[minute(entry)] += 1;
        }
        // Positions counted from the end: the earliest minute's events go last.
        let mut end = bucket.len() as u32;
        for slot in &mut self.slots {
            end -= *slot;
            *slot += end;
        }
        out.resize(bucket.len(), first);
        for &entry in bucket {
            let slot = &mut self.slots[minute(&entry)];
            *slot -= 1;
            out[*slot as usize] = entry;
        }
    }

    /// The time of the earliest pending event.
    pub fn peek_time(&self) -> Option<SimTime> {
        if let Some(entry) = self.sorted.last().into_iter().chain(self.near.peek()).max() {
            return Some(entry.time());
        }
        let from = (self.epoch.saturating_add(1) as usize).min(self.far.len());
        self.far[from..]
            .iter()
            .find(|bucket| !bucket.is_empty())
            .and_then(|bucket| bucket.iter().max())
            .or_else(|| self.overflow.peek())
            .map(Entry::time)
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.sorted.len() + self.near.len() + self.far_len + self.overflow.len()
    }

    /// True when no event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

    #[test]
    fn far_and_very_far_events_keep_their_order() {
        let mut queue = EventQueue::with_capacity(4);
        let far = SimTime(MAX_BUCKETS << EPOCH_SHIFT);
        queue.schedule(far.after(5), 'f');
        queue.schedule(SimTime(3 * EPOCH_MINUTES), 'c');
        queue.schedule(SimTime(1), 'a');
        queue.schedule(far, 'e');
        queue.schedule(SimTime(3 * EPOCH_MINUTES), 'd');
        queue.schedule(SimTime(EPOCH_MINUTES + 1), 'b');
        assert_eq!(queue.len(), 6);
        assert_eq!(queue.peek_time(), Some(SimTime(1)));
        assert_eq!(queue.pop(), Some((SimTime(1), 'a')));
        assert_eq!(queue.peek_time(), Some(SimTime(EPOCH_MINUTES + 1)));
        assert_eq!(queue.pop(), Some((SimTime(EPOCH_MINUTES + 1), 'b')));
        assert_eq!(queue.pop(), Some((SimTime(3 * EPOCH_MINUTES), 'c')));
        // Scheduled now, at the time of an event already waiting: after it.
        queue.schedule(SimTime(3 * EPOCH_MINUTES), 'x');
        assert_eq!(queue.pop(), Some((SimTime(3 * EPOCH_MINUTES), 'd')));
        assert_eq!(queue.pop(), Some((SimTime(3 * EPOCH_MINUTES), 'x')));
        assert_eq!(queue.pop(), Some((far, 'e')));
        // Past the buckets, everything goes to one heap.
        queue.schedule(far.after(2), 'y');
        assert_eq!(queue.pop(), Some((far.after(2), 'y')));
        assert_eq!(queue.pop(), Some((far.after(5), 'f')));
        assert_eq!(queue.pop(), None);
        assert!(queue.is_empty());
        assert_eq!(queue.n_scheduled(), 8);
    }

    #[test]
    fn events_after_the_horizon_keep_their_order() {
        let horizon = SimTime(3 * EPOCH_MINUTES);
        let mut queue = EventQueue::with_horizon(4, horizon);
        queue.schedule(SimTime(900 * EPOCH_MINUTES), 'd');
        queue.schedule(horizon.after(1), 'c');
        queue.schedule(SimTime(EPOCH_MINUTES), 'a');
        queue.schedule(horizon, 'b');
        assert!(queue.far.len() <= 4, "no bucket beyond the horizon's epoch");
        let order: Vec<char> = std::iter::from_fn(|| queue.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['a', 'b', 'c', 'd']);
    }

    proptest! {
        /// Popping and scheduling interleaved, as a simulation does (never before the last
        /// popped time), over many epochs: the queue gives exactly what one sorted list of
        /// `(time, seq)` gives.
        #[test]
        fn interleaved_use_matches_a_sorted_list(
            steps in proptest::collection::vec((0u64..4, 0u64..20 * EPOCH_MINUTES), 1..400),
        ) {
            check_against_a_sorted_list(&steps)?;
        }

        /// As above, with buckets large enough for the counting sort, and many equal times.
        #[test]
        fn crowded_epochs_match_a_sorted_list(
            steps in proptest::collection::vec((0u64..2, (0u64..60).prop_map(|m| m * 100)), 300..1500),
        ) {
            check_against_a_sorted_list(&steps)?;
        }
    }

    /// Schedules event `idx` at `(pops, ahead)[idx].1` after the last popped time, then pops
    /// `.0` events, and checks every pop against a sorted list of `(time, seq)`.
    fn check_against_a_sorted_list(steps: &[(u64, u64)]) -> Result<(), TestCaseError> {
        {
            let mut queue = EventQueue::with_capacity(0);
            let mut reference: std::collections::BTreeSet<(u64, usize)> = Default::default();
            let mut now = 0u64;
            for (idx, &(pops, ahead)) in steps.iter().enumerate() {
                let t = now + ahead;
                queue.schedule(SimTime(t), idx);
                reference.insert((t, idx));
                for _ in 0..pops {
                    let expected = reference.pop_first();
                    prop_assert_eq!(queue.peek_time().map(|t| t.0), expected.map(|(t, _)| t));
                    let got = queue.pop().map(|(t, idx)| (t.0, idx));
                    prop_assert_eq!(got, expected);
                    if let Some((t, _)) = got {
                        now = t;
                    }
                }
                prop_assert_eq!(queue.len(), reference.len());
            }
            while let Some(expected) = reference.pop_first() {
                prop_assert_eq!(queue.pop().map(|(t, idx)| (t.0, idx)), Some(expected));
            }
            prop_assert!(queue.pop().is_none());
        }
        Ok(())
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
