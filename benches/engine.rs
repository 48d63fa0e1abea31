//! Engine benchmark: `cargo bench`.
//!
//! Measures, on the M/M/10 validation model (`scenarios/validation/mmc.toml`):
//! 1. a **baseline**: a minimal hand-written event loop (binary heap, same RNG, same integer
//!    time) that simulates the same M/M/10 and computes only the mean wait;
//! 2. the **engine** on one thread: customers/s and events/s per core, as a ratio to (1);
//! 3. the **speed-up** of replications across threads (1 vs all cores).
//!
//! The machine is shared and noisy, so every figure is the median of several rounds, and the
//! engine is reported as a ratio to the baseline measured in the same round (the median of the
//! rounds' ratios).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use asielsim::experiment::{self, RunSettings};
use asielsim::scenario;
use rand::SeedableRng;
use rand_distr::{Distribution, Exp};
use rand_xoshiro::Xoshiro256PlusPlus;

const ROUNDS: usize = 7;

fn main() {
    // `cargo test --benches` passes `--bench`-less arguments; do a quick smoke run then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rounds = if quick { 1 } else { ROUNDS };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/validation/mmc.toml");
    let scenario = scenario::load(&path).expect("mmc.toml is valid");
    let replications_single = if quick { 1 } else { 8 };

    // 1 and 2, paired: each round times the hand-written loop and then the engine on one
    // thread, and the ratio is taken round by round, so that a change in the machine's speed
    // between rounds (it is shared) moves both and not the ratio.
    let n_customers_baseline: u64 = if quick { 10_000 } else { 2_000_000 };
    let single = RunSettings {
        replications: replications_single,
        seed: 1,
        threads: 1,
    };
    let (mut baselines, mut engines, mut ratios, mut events_per_s) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        black_box(baseline_mm10(n_customers_baseline, 1));
        let baseline = n_customers_baseline as f64 / start.elapsed().as_secs_f64();
        let start = Instant::now();
        let run = experiment::run(&scenario, single, &|| {}).expect("runs");
        let secs = start.elapsed().as_secs_f64();
        let engine = run.n_arrivals() as f64 / secs;
        events_per_s.push(run.n_events() as f64 / secs);
        baselines.push(baseline);
        engines.push(engine);
        ratios.push(engine / baseline);
    }
    let (baseline, engine, ratio, events) = (
        median_of(baselines),
        median_of(engines),
        median_of(ratios),
        median_of(events_per_s),
    );

    // 3. Replications across threads.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let many = if quick { 2 } else { 16 };
    let wall = |threads: usize| {
        median(rounds.min(3), || {
            let settings = RunSettings {
                replications: many,
                seed: 1,
                threads,
            };
            let start = Instant::now();
            black_box(experiment::run(&scenario, settings, &|| {}).expect("runs"));
            start.elapsed().as_secs_f64()
        })
    };
    let t1 = wall(1);
    let tn = wall(cores);

    println!(
        "asielsim engine benchmark (M/M/10, lambda 9/day, mu 1/day; median of {rounds} rounds)"
    );
    println!(
        "  baseline hand-written heap loop : {:>12.0} customers/s",
        baseline
    );
    println!(
        "  engine, 1 thread                : {:>12.0} customers/s per core ({:.2}x baseline, median of the rounds' ratios)",
        engine, ratio
    );
    println!(
        "  engine, 1 thread                : {:>12.0} events/s per core",
        events
    );
    println!(
        "  {many} replications, 1 vs {cores} threads : {t1:.3} s vs {tn:.3} s, speed-up {:.2}x",
        t1 / tn
    );
}

fn median(rounds: usize, mut measure: impl FnMut() -> f64) -> f64 {
    median_of((0..rounds).map(|_| measure()).collect())
}

fn median_of(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The smallest faithful M/M/10 simulation: events in a binary heap keyed by (minute, seq),
/// exponential draws rounded to minutes, a FIFO queue of arrival times. Returns the mean wait
/// in minutes, so the work cannot be optimised away.
fn baseline_mm10(n_customers: u64, seed: u64) -> f64 {
    const SERVERS: u32 = 10;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let interarrival = Exp::new(9.0 / 1440.0).unwrap();
    let service = Exp::new(1.0 / 1440.0).unwrap();
    let minutes = |x: f64| (x + 0.5) as u64;
    // (time, seq, is_departure)
    let mut heap: BinaryHeap<Reverse<(u64, u64, bool)>> = BinaryHeap::with_capacity(64);
    let mut queue: std::collections::VecDeque<u64> = std::collections::VecDeque::with_capacity(64);
    let mut seq = 0u64;
    let mut busy = 0u32;
    let mut arrived = 0u64;
    let mut total_wait = 0u64;
    heap.push(Reverse((
        minutes(interarrival.sample(&mut rng)),
        seq,
        false,
    )));
    while let Some(Reverse((now, _, departure))) = heap.pop() {
        if departure {
            if let Some(arrival_time) = queue.pop_front() {
                total_wait += now - arrival_time;
                seq += 1;
                heap.push(Reverse((
                    now + minutes(service.sample(&mut rng)),
                    seq,
                    true,
                )));
            } else {
                busy -= 1;
            }
        } else {
            arrived += 1;
            if busy < SERVERS {
                busy += 1;
                seq += 1;
                heap.push(Reverse((
                    now + minutes(service.sample(&mut rng)),
                    seq,
                    true,
                )));
            } else {
                queue.push_back(now);
            }
            if arrived < n_customers {
                seq += 1;
                heap.push(Reverse((
                    now + minutes(interarrival.sample(&mut rng)),
                    seq,
                    false,
                )));
            }
        }
    }
    total_wait as f64 / arrived as f64
}
