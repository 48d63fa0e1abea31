//! Running a scenario many times: independent replications in parallel, reduced in order.
//!
//! Key types: [`RunSettings`], [`Experiment`], [`run`]; for shards, [`run_block`] and
//! [`assemble`].
//!
//! **Invariant:** the only module that uses threads. A replication is single-threaded and
//! depends only on `(scenario, master seed, replication index)`; rayon's `collect` keeps
//! replication order, and every reduction runs sequentially in that order. So the results are
//! byte-identical for any number of threads.

mod estimate;

use std::ops::Range;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::engine::RandomStreams;
use crate::error::RunError;
use crate::model::catalogue::Target;
use crate::model::{Catalogue, Measurements, run_replication};
use crate::scenario::Scenario;
use crate::stats::{Summary, summarize};

pub use estimate::{Estimate, MAX_SECONDS, Request, TooLarge, estimate, settle};

/// How to run an experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSettings {
    /// Number of replications (at least 1).
    pub replications: u32,
    /// Master seed; replication `r` uses streams derived from `(seed, r)`.
    pub seed: u64,
    /// Worker threads (at least 1).
    pub threads: usize,
}

/// The results of all replications of one scenario.
#[derive(Clone, Debug)]
pub struct Experiment {
    /// The settings it ran with.
    pub settings: RunSettings,
    /// The scenario's metrics and monthly columns, with their names, units and meanings; each
    /// replication's values are in its order.
    pub catalogue: Catalogue,
    /// One entry per replication, in replication order.
    pub replications: Vec<Measurements>,
    /// Wall-clock time of the simulation (not part of any deterministic output).
    pub wall_time: Duration,
    /// Each replication's draw of the scenario's uncertain inputs and changes, in replication
    /// order; empty for a scenario without uncertainty.
    pub draws: Vec<crate::uncertain::Draw>,
}

impl Experiment {
    /// The values of metric `idx` over all replications, in replication order.
    pub fn column(&self, idx: usize) -> Vec<f64> {
        self.replications.iter().map(|m| m.values[idx]).collect()
    }

    /// The metric names, in output order.
    pub fn metric_names(&self) -> impl Iterator<Item = &str> {
        self.catalogue.metrics().iter().map(|m| m.name.as_str())
    }

    /// The index of metric `name`, if there is such a metric.
    pub fn metric_index(&self, name: &str) -> Option<usize> {
        self.catalogue.find(name)
    }

    /// The summary over replications of every metric, in output order, its confidence
    /// interval clipped to the range of the metric's unit (a share's within [0, 1]; a count's,
    /// an amount's and a duration's at least 0: [`Summary::clipped_to`]).
    pub fn summaries(&self) -> Vec<(String, Summary)> {
        (self.catalogue.metrics().iter().enumerate())
            .map(|(idx, def)| (def.name.clone(), self.summary_at(idx)))
            .collect()
    }

    /// The summary of metric `name`, if there is such a metric, clipped as in
    /// [`Experiment::summaries`].
    pub fn summary(&self, name: &str) -> Option<Summary> {
        Some(self.summary_at(self.catalogue.find(name)?))
    }

    /// The summary of metric `idx`, its interval clipped to the range of its unit.
    pub fn summary_at(&self, idx: usize) -> Summary {
        let unit = self.catalogue.metrics()[idx].key.unit();
        summarize(&self.column(idx)).clipped_to(unit)
    }

    /// The values over replications of a metric, or of a monthly column at the end of a month:
    /// `COLUMN@YYYY-MM`, e.g. `backlog@2027-06` for the open cases at the end of June 2027
    /// (any column of `monthly.csv`). `None` when there is no such metric, column or month.
    pub fn values_of(&self, name: &str) -> Option<Vec<f64>> {
        match self.catalogue.target(name)? {
            Target::Metric(idx) => Some(self.column(idx)),
            Target::MonthEnd { column, month } => self.monthly_values(column, month),
        }
    }

    /// The values over replications of monthly column `column` in month `month` (indices into
    /// the catalogue's monthly columns and months); `None` without a monthly series.
    pub fn monthly_values(&self, column: usize, month: usize) -> Option<Vec<f64>> {
        self.replications
            .iter()
            .map(|m| Some(m.monthly.as_ref()?.rows.get(month)?[column]))
            .collect()
    }

    /// Replication `idx` (counted from 0), read by metric name.
    pub fn replication(&self, idx: usize) -> Replication<'_> {
        Replication {
            catalogue: &self.catalogue,
            measurements: &self.replications[idx],
        }
    }

    /// Every replication, in order, read by metric name.
    pub fn each_replication(&self) -> impl Iterator<Item = Replication<'_>> {
        self.replications.iter().map(|measurements| Replication {
            catalogue: &self.catalogue,
            measurements,
        })
    }

    /// Events handled over all replications.
    pub fn n_events(&self) -> u64 {
        self.replications.iter().map(|m| m.n_events).sum()
    }

    /// Cases that arrived over all replications, warm-up included.
    pub fn n_arrivals(&self) -> u64 {
        self.replications.iter().map(|m| m.n_arrivals_total).sum()
    }
}

/// One replication's measurements with the catalogue that names them.
#[derive(Clone, Copy, Debug)]
pub struct Replication<'a> {
    catalogue: &'a Catalogue,
    /// The values, in the catalogue's order, and the monthly series.
    pub measurements: &'a Measurements,
}

impl Replication<'_> {
    /// The value of metric `name`, if the run has it.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.catalogue
            .find(name)
            .map(|idx| self.measurements.values[idx])
    }

    /// Monthly column `name` (a column of `monthly.csv`), month by month; `None` without a
    /// monthly series or such a column.
    pub fn monthly(&self, name: &str) -> Option<Vec<f64>> {
        let column = self.catalogue.find_monthly(name)?;
        let series = self.measurements.monthly.as_ref()?;
        Some(series.rows.iter().map(|row| row[column]).collect())
    }
}

/// Runs `settings.replications` replications of `scenario` on `settings.threads` threads.
/// `on_replication_done` is called once per finished replication, from any thread (for a
/// progress bar); it must not affect results.
pub fn run(
    scenario: &Scenario,
    settings: RunSettings,
    on_replication_done: &(dyn Fn() + Sync),
) -> Result<Experiment, RunError> {
    let start = Instant::now();
    let catalogue = catalogue_of(scenario)?;
    let all = 0..settings.replications;
    let block = run_measured(scenario, &catalogue, settings, all, on_replication_done)?;
    Ok(Experiment {
        settings,
        catalogue,
        replications: block.replications,
        wall_time: start.elapsed(),
        draws: block.draws,
    })
}

/// A contiguous block of one experiment's replications: what a shard of a run computes.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The first replication of the block (counted from 0).
    pub first: u32,
    /// One entry per replication of the block, in order.
    pub replications: Vec<Measurements>,
    /// Each replication's draw, in order; empty for a scenario without uncertainty.
    pub draws: Vec<crate::uncertain::Draw>,
}

/// Runs replications `block` (a range within `0..settings.replications`) of `scenario`, each
/// with exactly the random streams and draw it has in a whole [`run`], on `settings.threads`
/// threads. `on_replication_done` is called once per finished replication.
pub fn run_block(
    scenario: &Scenario,
    settings: RunSettings,
    block: Range<u32>,
    on_replication_done: &(dyn Fn() + Sync),
) -> Result<Block, RunError> {
    let catalogue = catalogue_of(scenario)?;
    run_measured(scenario, &catalogue, settings, block, on_replication_done)
}

/// Replications `block` of `scenario`, measured in `catalogue`, in parallel and in order.
fn run_measured(
    scenario: &Scenario,
    catalogue: &Catalogue,
    settings: RunSettings,
    block: Range<u32>,
    on_replication_done: &(dyn Fn() + Sync),
) -> Result<Block, RunError> {
    let threads = settings.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::Threads {
            threads,
            message: e.to_string(),
        })?;
    type Replication = (Measurements, Option<crate::uncertain::Draw>);
    let first = block.start;
    let results: Vec<Result<Replication, RunError>> = pool.install(|| {
        block
            .into_par_iter()
            .map(|rep| {
                let random = RandomStreams::new(settings.seed, rep);
                let res = if scenario.uncertainty.is_empty() {
                    run_replication(&scenario.network, scenario.window, catalogue, random)
                        .map(|m| (m, None))
                } else {
                    run_drawn(scenario, catalogue, random, rep).map(|(m, d)| (m, Some(d)))
                };
                on_replication_done();
                res
            })
            .collect()
    });
    let mut replications = Vec::with_capacity(results.len());
    let mut draws = Vec::new();
    for result in results {
        let (measurements, draw) = result?;
        replications.push(measurements);
        draws.extend(draw);
    }
    Ok(Block {
        first,
        replications,
        draws,
    })
}

/// The experiment that a whole [`run`] of `scenario` with `settings` gives, put together from
/// the blocks of its replications (in any order; they must cover `0..settings.replications`
/// exactly once), with `wall_time` as its wall-clock time. Its every value is the one the
/// whole run has, as the blocks were run with the same random streams.
pub fn assemble(
    scenario: &Scenario,
    settings: RunSettings,
    mut blocks: Vec<Block>,
    wall_time: Duration,
) -> Result<Experiment, AssembleError> {
    let catalogue = catalogue_of(scenario).map_err(|e| AssembleError(e.to_string()))?;
    blocks.sort_by_key(|b| b.first);
    let mut replications = Vec::with_capacity(settings.replications as usize);
    let mut draws = Vec::new();
    let drawn = !scenario.uncertainty.is_empty();
    for block in blocks {
        let next = replications.len();
        if block.first as usize != next {
            return Err(AssembleError(if (block.first as usize) < next {
                format!("replication {} is there twice", block.first)
            } else {
                format!("replications {next} to {} are missing", block.first - 1)
            }));
        }
        if drawn && block.draws.len() != block.replications.len() {
            return Err(AssembleError(format!(
                "the block from replication {} has {} draws for {} replications",
                block.first,
                block.draws.len(),
                block.replications.len()
            )));
        }
        if let Some(problem) = block
            .replications
            .iter()
            .find_map(|m| misfit(&catalogue, m))
        {
            return Err(AssembleError(format!(
                "replication {} or one after it: {problem}",
                block.first
            )));
        }
        replications.extend(block.replications);
        if drawn {
            draws.extend(block.draws);
        }
    }
    if replications.len() != settings.replications as usize {
        return Err(AssembleError(format!(
            "{} of {} replications are there",
            replications.len(),
            settings.replications
        )));
    }
    Ok(Experiment {
        settings,
        catalogue,
        replications,
        wall_time,
        draws,
    })
}

/// What in `m` does not fit the scenario's `catalogue`, if anything: the number of metric
/// values, or the monthly series' months and columns.
fn misfit(catalogue: &Catalogue, m: &Measurements) -> Option<String> {
    if m.values.len() != catalogue.len() {
        return Some(format!(
            "{} metric values where the scenario reports {}",
            m.values.len(),
            catalogue.len()
        ));
    }
    let columns = catalogue.monthly().len();
    match &m.monthly {
        None if columns > 0 => Some("no monthly series where the scenario has one".into()),
        Some(series)
            if series.months.as_slice() != catalogue.months()
                || series.rows.len() != series.months.len()
                || series.rows.iter().any(|r| r.len() != columns) =>
        {
            Some("a monthly series of other months or columns than the scenario's".into())
        }
        _ => None,
    }
}

/// Why blocks do not make an experiment: replications missing or doubled, or values that do
/// not fit the scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AssembleError(pub String);

/// The catalogue of the network and window as they are now (a scenario's fields are public, so
/// code may have changed them since validation).
fn catalogue_of(scenario: &Scenario) -> Result<Catalogue, RunError> {
    Catalogue::new(&scenario.network, scenario.window.horizon).map_err(|clashes| {
        let clash = clashes.into_iter().next().expect("at least one clash");
        RunError::MetricClash {
            name: clash.name,
            first: clash.first,
            second: clash.second,
            field: clash.field,
        }
    })
}

/// The event log of replication `replication` (0-based) of `scenario` with master seed `seed`:
/// the same run as that replication of [`run`] (the same random numbers and, with uncertain
/// inputs, the same draw), with one row per activity.
pub fn trace(
    scenario: &Scenario,
    seed: u64,
    replication: u32,
) -> Result<Vec<crate::model::TraceRow>, RunError> {
    let random = RandomStreams::new(seed, replication);
    if scenario.uncertainty.is_empty() {
        return crate::model::trace_replication(&scenario.network, scenario.window, random);
    }
    let draw = scenario.uncertainty.draw(random);
    let drawn = crate::scenario::parse_table(scenario.uncertainty.table_of(&draw), &scenario.path)
        .map_err(|e| RunError::UncertainDraw {
            replication,
            draw: format!("{:?}", draw.values),
            message: e.to_string(),
        })?;
    crate::model::trace_replication(&drawn.network, scenario.window, random)
}

/// One replication of a scenario with uncertain inputs: its draw, the scenario it gives (built
/// from the scenario's table, so changes made in code to `scenario.network` are not carried;
/// its window is), and its run over the scenario's window, measured in the scenario's catalogue.
fn run_drawn(
    scenario: &Scenario,
    catalogue: &Catalogue,
    random: RandomStreams,
    rep: u32,
) -> Result<(Measurements, crate::uncertain::Draw), RunError> {
    let uncertainty = &scenario.uncertainty;
    let draw = uncertainty.draw(random);
    let fail = |message: String| RunError::UncertainDraw {
        replication: rep,
        draw: uncertainty
            .inputs
            .iter()
            .zip(&draw.values)
            .map(|(i, v)| format!("{} = {v}", i.name))
            .collect::<Vec<_>>()
            .join(", "),
        message,
    };
    let drawn = crate::scenario::parse_table(uncertainty.table_of(&draw), &scenario.path)
        .map_err(|e| fail(e.to_string()))?;
    // Measured over the scenario's window (code may have shortened it since validation).
    let drawn_catalogue = Catalogue::new(&drawn.network, scenario.window.horizon)
        .map_err(|_| fail("its metric names clash".into()))?;
    let same = drawn_catalogue.metrics().len() == catalogue.metrics().len()
        && drawn_catalogue
            .metrics()
            .iter()
            .zip(catalogue.metrics())
            .all(|(a, b)| a.name == b.name);
    if !same {
        return Err(fail("it reports other metrics".into()));
    }
    let measurements = run_replication(&drawn.network, scenario.window, catalogue, random)?;
    Ok((measurements, draw))
}
