//! Random-number streams: one independent, reproducible stream per purpose.
//!
//! A replication's seed is derived from `(master seed, replication index)`; from it, each
//! *purpose* (arrivals, work durations, branching, ...) gets its own generator. Changing how many
//! numbers one purpose consumes (say, more staff, so services start in another order) therefore
//! never shifts the numbers another purpose sees: two scenarios run with the same master seed
//! share their random numbers (common random numbers, CRN).
//!
//! Two generator kinds, both named algorithms with a fixed definition (never `StdRng`, whose
//! algorithm may change between releases):
//! - [`StreamRng`] = xoshiro256++ (Blackman & Vigna 2019) for long-lived streams such as the
//!   arrivals of one case stream;
//! - [`CaseRng`] = SplitMix64 (Steele, Lea & Flood 2014) for the short per-case streams: every
//!   case gets its own stream per purpose, keyed by (case stream, arrival number), so the k-th case
//!   of a case stream draws the same work durations and branch outcomes in every scenario, whatever the
//!   staffing or the order in which cases are served. SplitMix64 has an 8-byte state and seeds in
//!   a few nanoseconds, which keeps the per-case cost negligible.

use rand::{Rng, SeedableRng};
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};

/// Generator for long-lived streams (xoshiro256++).
pub type StreamRng = Xoshiro256PlusPlus;
/// Generator for per-case streams (SplitMix64).
pub type CaseRng = SplitMix64;

/// What a stream of random numbers is used for. The discriminant is part of the seed derivation:
/// never renumber an existing purpose, or every result changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Inter-arrival times of a case stream.
    Arrivals = 1,
    /// Case attributes drawn at arrival (features, nationality group, ...).
    Attributes = 2,
    /// Work and delay durations of a case.
    Durations = 3,
    /// Outcomes of probabilistic branches on a case's route.
    Branching = 4,
    /// Decisions of routing policies.
    Routing = 5,
    /// Behaviour of people outside the organisation (notices of default, appeals, ...).
    Behaviour = 6,
    /// How long a waiting case's applicant waits before withdrawing (`patience_days`).
    Patience = 7,
    /// Hours of the IND's work on an appeal (a court regime's `litigation`), one stream per
    /// pool.
    Litigation = 8,
    /// Follow-on cases of a decision (`[[follow_up]]`): how many a decided case brings, their
    /// lags and whether each comes back as a case; and the draws of those follow-on cases.
    FollowUps = 9,
    /// The draws of a scenario's uncertain inputs and uncertain changes (`[[uncertain]]`, a
    /// change's `probability`), once per replication, one stream per entry.
    Inputs = 10,
}

/// Mixes a sequence of 64-bit words into one well-scrambled seed, using the SplitMix64
/// finaliser on each step. Deterministic and platform-independent.
pub fn derive_seed(parts: &[u64]) -> u64 {
    let mut state: u64 = 0x6A09_E667_F3BC_C908; // fractional part of sqrt(2), a fixed start.
    for &part in parts {
        state = splitmix_finalise(state ^ splitmix_finalise(part.wrapping_add(GOLDEN_GAMMA)));
    }
    state
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

fn splitmix_finalise(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The random streams of one replication.
#[derive(Clone, Copy, Debug)]
pub struct RandomStreams {
    replication_seed: u64,
}

impl RandomStreams {
    /// RandomStreams for replication `replication` of a run with master seed `master_seed`.
    /// The scenario is deliberately not part of the seed, so that scenarios share numbers.
    pub fn new(master_seed: u64, replication: u32) -> RandomStreams {
        RandomStreams {
            replication_seed: derive_seed(&[master_seed, u64::from(replication)]),
        }
    }

    /// A long-lived stream for `purpose`, distinguished by `index` (e.g. the case stream's index).
    pub fn stream(&self, purpose: Purpose, index: u64) -> StreamRng {
        StreamRng::seed_from_u64(derive_seed(&[self.replication_seed, purpose as u64, index]))
    }

    /// The stream of one case for `purpose`: case number `arrival` of case stream `case_stream`.
    pub fn case(&self, purpose: Purpose, case_stream: u64, arrival: u64) -> CaseRng {
        self.case_seeder(purpose, case_stream).case(arrival)
    }

    /// A seeder for the per-case streams of `purpose` for all cases of case stream `case_stream`; it saves
    /// re-deriving the common part of the seed for every case.
    pub fn case_seeder(&self, purpose: Purpose, case_stream: u64) -> CaseSeeder {
        let base = derive_seed(&[self.replication_seed, purpose as u64, case_stream]);
        CaseSeeder {
            prefix: derive_seed(&[base]),
        }
    }
}

/// Makes the per-case streams of one purpose and case stream (see [`RandomStreams::case_seeder`]).
#[derive(Clone, Copy, Debug)]
pub struct CaseSeeder {
    /// `derive_seed(&[base])` of the common part `base`: the first step of
    /// `derive_seed(&[base, arrival])`, the same for every case, so done once.
    prefix: u64,
}

impl CaseSeeder {
    /// The stream of case number `arrival`.
    #[inline]
    pub fn case(&self, arrival: u64) -> CaseRng {
        // = derive_seed(&[base, arrival]), continued from its first step.
        let seed =
            splitmix_finalise(self.prefix ^ splitmix_finalise(arrival.wrapping_add(GOLDEN_GAMMA)));
        CaseRng::seed_from_u64(seed)
    }
}

/// A case's stream that is seeded on its first draw, so that a case that draws nothing from it
/// (no attribute table with more than one entry, say) costs no seeding. It draws exactly the
/// numbers of the stream [`CaseSeeder::case`] gives.
#[derive(Clone, Debug)]
pub struct LazyCaseRng {
    seeder: CaseSeeder,
    number: u64,
    rng: Option<CaseRng>,
}

impl LazyCaseRng {
    /// The stream of case number `number` of `seeder`, not seeded yet.
    #[inline]
    pub fn new(seeder: CaseSeeder, number: u64) -> LazyCaseRng {
        LazyCaseRng {
            seeder,
            number,
            rng: None,
        }
    }

    #[inline(always)]
    fn rng(&mut self) -> &mut CaseRng {
        if self.rng.is_none() {
            self.seed();
        }
        self.rng.as_mut().expect("seeded above")
    }

    #[cold]
    #[inline(never)]
    fn seed(&mut self) {
        self.rng = Some(self.seeder.case(self.number));
    }
}

impl rand::TryRng for LazyCaseRng {
    type Error = std::convert::Infallible;

    #[inline(always)]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.rng().next_u32())
    }

    #[inline(always)]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.rng().next_u64())
    }

    #[inline]
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.rng().fill_bytes(dst);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rand::Rng;

    use super::*;

    #[test]
    fn a_case_seeder_gives_the_seed_derived_from_all_parts() {
        let streams = RandomStreams::new(42, 7);
        for (purpose, case_stream) in [(Purpose::Durations, 0), (Purpose::Attributes, 3)] {
            let seeder = streams.case_seeder(purpose, case_stream);
            let base = derive_seed(&[streams.replication_seed, purpose as u64, case_stream]);
            for arrival in [0, 1, 17, u64::MAX] {
                let expected = CaseRng::seed_from_u64(derive_seed(&[base, arrival])).next_u64();
                assert_eq!(seeder.case(arrival).next_u64(), expected);
            }
        }
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let streams = RandomStreams::new(42, 7);
        let a1 = streams.stream(Purpose::Arrivals, 0).next_u64();
        let a2 = RandomStreams::new(42, 7)
            .stream(Purpose::Arrivals, 0)
            .next_u64();
        assert_eq!(a1, a2);
        let other_purpose = streams.stream(Purpose::Durations, 0).next_u64();
        let other_index = streams.stream(Purpose::Arrivals, 1).next_u64();
        let other_rep = RandomStreams::new(42, 8)
            .stream(Purpose::Arrivals, 0)
            .next_u64();
        let other_seed = RandomStreams::new(43, 7)
            .stream(Purpose::Arrivals, 0)
            .next_u64();
        for other in [other_purpose, other_index, other_rep, other_seed] {
            assert_ne!(a1, other);
        }
        let c1 = streams.case(Purpose::Durations, 0, 5).next_u64();
        assert_eq!(c1, streams.case(Purpose::Durations, 0, 5).next_u64());
        assert_ne!(c1, streams.case(Purpose::Durations, 0, 6).next_u64());
        assert_ne!(c1, streams.case(Purpose::Branching, 0, 5).next_u64());
    }

    #[test]
    fn a_lazy_stream_draws_the_numbers_of_the_seeded_one() {
        use rand::RngExt;
        let seeder = RandomStreams::new(42, 7).case_seeder(Purpose::Attributes, 3);
        let mut lazy = LazyCaseRng::new(seeder, 11);
        let mut seeded = seeder.case(11);
        for _ in 0..5 {
            assert_eq!(lazy.next_u64(), seeded.next_u64());
            let (a, b): (f64, f64) = (lazy.random(), seeded.random());
            assert_eq!(a, b);
            assert_eq!(lazy.next_u32(), seeded.next_u32());
        }
    }

    /// The derivation is part of the output format: pin it, so an accidental change (which would
    /// change every published result) fails loudly.
    #[test]
    fn seed_derivation_is_pinned() {
        assert_eq!(derive_seed(&[]), 0x6A09_E667_F3BC_C908);
        assert_eq!(derive_seed(&[1, 2]), 0xd94b_0eb3_fc89_ee4c);
        assert_ne!(derive_seed(&[1, 2]), derive_seed(&[2, 1]));
        let mut case = RandomStreams::new(42, 7).case(Purpose::Durations, 0, 5);
        assert_eq!(case.next_u64(), 0xfc5c_abeb_743b_cfdf);
    }
}
