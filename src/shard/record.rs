//! What a shard writes: `shard.json`, its manifest (the job, which block it ran, a hash of its
//! data), and `shard.jsonl`, one line per replication with every number the outputs are made
//! from, exactly.
//!
//! Numbers are written as the bit patterns of their `f64` (`f64::to_bits`, a JSON integer), so
//! a value comes back bit for bit, NaN and -0.0 included; the merged outputs are then the ones
//! a single run writes.

use serde::{Deserialize, Serialize};

use crate::experiment::Block;
use crate::model::{Level, Measurements, MonthlySeries, OfficerRecord};
use crate::uncertain::Draw;

/// The format of `shard.json` and `shard.jsonl`; a merge refuses shards of another format.
pub const FORMAT: u32 = 1;

/// The manifest's file name.
pub const MANIFEST: &str = "shard.json";

/// The data's file name.
pub const DATA: &str = "shard.jsonl";

/// What a sharded command runs, as a merge needs it to rebuild the command's inputs and to tell
/// shards of one job from those of another. Every shard of a job has the same `Job`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// The command: `run`, `compare` or `sweep`.
    pub command: String,
    /// The scenario files as given on the command line, in order (empty for `run` without a
    /// file: the bundled baseline).
    pub scenarios: Vec<String>,
    /// SHA-256 of each scenario's text (a variant's bases included), in the order the command
    /// loads them.
    pub scenario_sha256: Vec<String>,
    /// The `--set` settings: run's single values, or sweep's grid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<String>,
    /// compare's `--metric` (the ranking metric) or sweep's `--metric` list, comma-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// compare's `--better`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<String>,
    /// Replications per scenario or point.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// The asielsim version that ran it.
    pub asielsim_version: String,
    /// The number of shards the job is split into.
    pub shards: u32,
    /// What the shards split: `replications` (run, compare) or `points` (sweep).
    pub items: String,
    /// How many items there are.
    pub total: u32,
}

/// `shard.json`: one shard's manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardManifest {
    /// [`FORMAT`].
    pub format: u32,
    /// The job the shard belongs to.
    pub job: Job,
    /// The shard, counted from 1 (as `--shard I/N` gives it).
    pub shard: u32,
    /// The first item (replication or point, from 0) the shard ran.
    pub first: u32,
    /// One past the last item it ran.
    pub end: u32,
    /// Worker threads it ran on.
    pub threads: usize,
    /// Wall-clock seconds of its simulation.
    pub wall_time_seconds: f64,
    /// Wall-clock seconds of each part it ran (scenario or point), as `[part, seconds]`.
    pub part_seconds: Vec<(u32, f64)>,
    /// SHA-256 of `shard.jsonl`, hex.
    pub data_sha256: String,
}

/// One replication as a line of `shard.jsonl`.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    /// The scenario (compare, counted from 0), the point (sweep) or 0 (run).
    part: u32,
    /// The replication, from 0.
    replication: u32,
    n_events: u64,
    n_arrivals_total: u64,
    /// The metric values' bit patterns.
    values: Vec<u64>,
    #[serde(default)]
    monthly: Option<MonthlyLine>,
    #[serde(default)]
    officers: Vec<OfficerLine>,
    #[serde(default)]
    draw: Option<DrawLine>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MonthlyLine {
    months: Vec<String>,
    rows: Vec<Vec<u64>>,
}

/// pool, officer, team, level, started, finished, hours (bits), busy at the end.
type OfficerLine = (String, usize, String, String, u64, u64, u64, bool);

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DrawLine {
    values: Vec<u64>,
    changes: Vec<bool>,
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

fn floats(bits: &[u64]) -> Vec<f64> {
    bits.iter().map(|b| f64::from_bits(*b)).collect()
}

/// `shard.jsonl` for `blocks`, each with its part: a line per replication, in the given order.
pub fn encode(blocks: &[(u32, &Block)]) -> String {
    let mut text = String::new();
    for (part, block) in blocks {
        for (i, m) in block.replications.iter().enumerate() {
            let line = Line {
                part: *part,
                replication: block.first + i as u32,
                n_events: m.n_events,
                n_arrivals_total: m.n_arrivals_total,
                values: bits(&m.values),
                monthly: m.monthly.as_ref().map(|s| MonthlyLine {
                    months: s.months.clone(),
                    rows: s.rows.iter().map(|r| bits(r)).collect(),
                }),
                officers: m
                    .officers
                    .iter()
                    .map(|o| {
                        (
                            o.pool.clone(),
                            o.officer,
                            o.team.clone(),
                            o.level.to_string(),
                            o.started,
                            o.finished,
                            o.hours.to_bits(),
                            o.busy_at_end,
                        )
                    })
                    .collect(),
                draw: block.draws.get(i).map(|d| DrawLine {
                    values: bits(&d.values),
                    changes: d.changes.clone(),
                }),
            };
            text.push_str(&serde_json::to_string(&line).expect("a shard line serializes"));
            text.push('\n');
        }
    }
    text
}

/// The blocks of `shard.jsonl`, each with its part, in file order: consecutive replications
/// of one part form one block. An error names the line that does not read.
pub fn decode(text: &str) -> Result<Vec<(u32, Block)>, String> {
    let mut blocks: Vec<(u32, Block)> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line: Line = serde_json::from_str(raw).map_err(|e| format!("line {}: {e}", n + 1))?;
        let officers = (line.officers.into_iter())
            .map(
                |(pool, officer, team, level, started, finished, hours, busy_at_end)| {
                    let level = Level::from_name(&level)
                        .ok_or_else(|| format!("line {}: no officer level \"{level}\"", n + 1))?;
                    Ok(OfficerRecord {
                        pool,
                        officer,
                        team,
                        level: level.as_str(),
                        started,
                        finished,
                        hours: f64::from_bits(hours),
                        busy_at_end,
                    })
                },
            )
            .collect::<Result<Vec<_>, String>>()?;
        let measurements = Measurements {
            values: floats(&line.values),
            n_events: line.n_events,
            n_arrivals_total: line.n_arrivals_total,
            monthly: line.monthly.map(|m| MonthlySeries {
                months: m.months,
                rows: m.rows.iter().map(|r| floats(r)).collect(),
            }),
            officers,
        };
        let draw = line.draw.map(|d| Draw {
            values: floats(&d.values),
            changes: d.changes,
        });
        let follows = blocks.last().is_some_and(|(part, b)| {
            *part == line.part
                && b.first + b.replications.len() as u32 == line.replication
                && b.draws.len() == b.replications.len() * usize::from(draw.is_some())
        });
        if !follows {
            blocks.push((
                line.part,
                Block {
                    first: line.replication,
                    replications: Vec::new(),
                    draws: Vec::new(),
                },
            ));
        }
        let block = &mut blocks.last_mut().expect("a block was pushed").1;
        block.replications.push(measurements);
        block.draws.extend(draw);
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn measurements(seed: f64) -> Measurements {
        Measurements {
            values: vec![
                seed,
                f64::NAN,
                -0.0,
                f64::INFINITY,
                0.1 + 0.2,
                f64::MIN_POSITIVE / 3.0,
            ],
            n_events: 12,
            n_arrivals_total: 3,
            monthly: Some(MonthlySeries {
                months: vec!["2026-01".into(), "2026-02".into()],
                rows: vec![vec![1.0, f64::NAN], vec![seed / 7.0, 2.5]],
            }),
            officers: vec![OfficerRecord {
                pool: "decision".into(),
                officer: 4,
                team: "noord".into(),
                level: "senior",
                started: 10,
                finished: 9,
                hours: 1_234.567_891_234_5,
                busy_at_end: true,
            }],
        }
    }

    fn same(a: &Measurements, b: &Measurements) -> bool {
        let eq = |x: &[f64], y: &[f64]| bits(x) == bits(y);
        eq(&a.values, &b.values)
            && a.n_events == b.n_events
            && a.n_arrivals_total == b.n_arrivals_total
            && a.officers == b.officers
            && match (&a.monthly, &b.monthly) {
                (Some(x), Some(y)) => {
                    x.months == y.months
                        && x.rows.len() == y.rows.len()
                        && x.rows.iter().zip(&y.rows).all(|(r, s)| eq(r, s))
                }
                (None, None) => true,
                _ => false,
            }
    }

    #[test]
    fn every_number_comes_back_bit_for_bit() {
        let block = Block {
            first: 5,
            replications: vec![measurements(1.0 / 3.0), measurements(-7e300)],
            draws: vec![
                Draw {
                    values: vec![0.123_456_789_012_345_68],
                    changes: vec![true],
                },
                Draw {
                    values: vec![f64::NAN],
                    changes: vec![false],
                },
            ],
        };
        let other = Block {
            first: 0,
            replications: vec![measurements(2.0)],
            draws: Vec::new(),
        };
        let text = encode(&[(0, &block), (3, &other)]);
        assert_eq!(text.lines().count(), 3);
        let back = decode(&text).unwrap();
        assert_eq!(back.len(), 2);
        let (part, got) = &back[0];
        assert_eq!((*part, got.first, got.replications.len()), (0, 5, 2));
        for (a, b) in got.replications.iter().zip(&block.replications) {
            assert!(same(a, b));
        }
        assert_eq!(bits(&got.draws[0].values), bits(&block.draws[0].values));
        assert_eq!(bits(&got.draws[1].values), bits(&block.draws[1].values));
        assert_eq!(got.draws[1].changes, [false]);
        assert_eq!((back[1].0, back[1].1.first), (3, 0));
        assert!(back[1].1.draws.is_empty());
        assert!(same(&back[1].1.replications[0], &other.replications[0]));
    }

    #[test]
    fn a_gap_starts_a_new_block_and_a_bad_line_is_named() {
        let one = Block {
            first: 0,
            replications: vec![measurements(1.0)],
            draws: Vec::new(),
        };
        let three = Block {
            first: 2,
            replications: vec![measurements(1.0)],
            draws: Vec::new(),
        };
        let back = decode(&encode(&[(0, &one), (0, &three)])).unwrap();
        assert_eq!(back.len(), 2);
        let err = decode("{\"part\":0}\n").unwrap_err();
        assert!(err.starts_with("line 1:"), "{err}");
        let text = encode(&[(0, &one)]).replace("\"senior\"", "\"chief\"");
        assert!(decode(&text).unwrap_err().contains("chief"));
    }

    proptest! {
        /// Any bit pattern of any value, NaN payloads included, comes back as it went.
        #[test]
        fn any_bits_come_back(values in proptest::collection::vec(any::<u64>(), 0..20),
                              first in 0u32..1000, hours in any::<u64>()) {
            let mut m = measurements(1.0);
            m.values = values.iter().map(|b| f64::from_bits(*b)).collect();
            m.officers[0].hours = f64::from_bits(hours);
            let block = Block { first, replications: vec![m], draws: Vec::new() };
            let back = decode(&encode(&[(7, &block)])).unwrap();
            prop_assert_eq!(back.len(), 1);
            prop_assert_eq!(back[0].0, 7);
            prop_assert_eq!(back[0].1.first, first);
            let got = &back[0].1.replications[0];
            prop_assert_eq!(bits(&got.values), values);
            prop_assert_eq!(got.officers[0].hours.to_bits(), hours);
        }

        /// Text that is not a shard's data is an error, never a panic.
        #[test]
        fn garbage_is_an_error_not_a_panic(text in "\\PC{0,200}") {
            let _ = decode(&text);
        }

        /// A valid file with one byte changed decodes or errs, never panics.
        #[test]
        fn a_changed_byte_never_panics(at in 0usize..2000, byte in any::<u8>()) {
            let block = Block { first: 0, replications: vec![measurements(2.0)], draws: Vec::new() };
            let mut bytes = encode(&[(0, &block)]).into_bytes();
            let at = at % bytes.len();
            bytes[at] = byte;
            if let Ok(text) = String::from_utf8(bytes) {
                let _ = decode(&text);
            }
        }
    }
}
