//! `[[intake]]`: the monthly intake of a stream, or of one nationality group of it: generated
//! (level, season, trend, shocks, variation, count law) or replayed from a monthly CSV.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::calendar::{Dates, RunMonths};
use crate::forecast::ForecastError;
use crate::model::{ArrivalProcess, CountLaw, IntakeGenerator, IntakeModel, SourceSpec, StreamIdx};
use crate::scenario::file::{CountsFile, IntakeFile, ScenarioFile};
use crate::scenario::validate::{Names, Problems, parse_date, resolve};

/// A monthly CSV: column -> month (`YYYY-MM`) -> value.
type MonthlyTable = HashMap<String, HashMap<String, f64>>;
/// Monthly CSVs read so far, by path (several intakes may replay columns of one file).
type CsvCache = HashMap<String, Result<MonthlyTable, ReplayError>>;

/// A replay file that cannot be used.
#[derive(Debug, thiserror::Error)]
enum ReplayError {
    /// The file cannot be read (missing, unreadable, not UTF-8).
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file is not a monthly CSV.
    #[error("{}: {source}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// What is wrong in it.
        source: ForecastError,
    },
}

pub(super) fn intakes(
    raw: &ScenarioFile,
    scenario_path: &Path,
    dates: Option<Dates>,
    months: Option<&RunMonths>,
    names: &Names,
    problems: &mut Problems,
) -> Vec<SourceSpec> {
    if raw.intakes.is_empty() {
        return Vec::new();
    }
    let (Some(dates), Some(months)) = (dates, months) else {
        problems.add(
            "scenario.start_date",
            "monthly intake needs the date the run starts",
            "add start_date = \"YYYY-MM-DD\" under [scenario]",
        );
        return Vec::new();
    };
    let mut csv_cache: CsvCache = HashMap::new();
    let mut out = Vec::new();
    for (idx, intake) in raw.intakes.iter().enumerate() {
        let field = |f: &str| format!("intake[{idx}].{f} (stream \"{}\")", intake.stream);
        let Some(stream) = resolve(
            "stream",
            &intake.stream,
            &names.streams,
            &field("stream"),
            problems,
        ) else {
            continue;
        };
        let group = intake.group.as_ref().and_then(|g| {
            resolve("group", g, &names.groups, &field("group"), problems).map(|g| g as u8)
        });
        let model = match &intake.replay {
            Some(file) => replay(
                intake,
                file,
                &field,
                scenario_path,
                months,
                &mut csv_cache,
                problems,
            ),
            None => generated(intake, &field, dates, months, problems).map(IntakeModel::Generated),
        };
        if let Some(model) = model {
            out.push(SourceSpec {
                stream: StreamIdx(stream as u16),
                group,
                process: ArrivalProcess::Monthly(model),
            });
        }
    }
    out
}

fn generated(
    intake: &IntakeFile,
    field: &dyn Fn(&str) -> String,
    dates: Dates,
    months: &RunMonths,
    problems: &mut Problems,
) -> Option<IntakeGenerator> {
    if intake.column.is_some() {
        problems.add(
            field("column"),
            "`column` belongs to a replay",
            "add replay = \"<file>\", or remove column",
        );
    }
    let Some(per_month) = intake.per_month else {
        problems.add(
            field("per_month"),
            "a generated intake needs its level: mean cases per month",
            "add per_month = ..., or replay = \"<monthly CSV>\" with column = \"...\"",
        );
        return None;
    };
    let n_before = problems.len();
    if !(per_month.is_finite() && (0.0..=crate::forecast::MAX_MONTHLY_COUNT).contains(&per_month)) {
        problems.add(
            field("per_month"),
            format!(
                "must be from 0 to {} cases per month, got {per_month}",
                crate::forecast::MAX_MONTHLY_COUNT
            ),
            "e.g. per_month = 2000",
        );
    }
    let mut seasonal = [1.0; 12];
    if let Some(factors) = &intake.seasonal {
        if factors.len() != 12 || factors.iter().any(|f| !(f.is_finite() && *f > 0.0)) {
            problems.add(
                field("seasonal"),
                format!("needs 12 positive factors (January to December), got {factors:?}"),
                "give one factor per month; they are scaled to average 1",
            );
        } else {
            let mean = factors.iter().sum::<f64>() / 12.0;
            for (slot, f) in seasonal.iter_mut().zip(factors) {
                *slot = f / mean;
            }
        }
    }
    let trend = intake.trend_per_year.unwrap_or(0.0);
    if !(trend.is_finite() && trend > -1.0 && trend <= 1.0) {
        problems.add(
            field("trend_per_year"),
            format!("must be above -1 and at most 1 (doubling every year), got {trend}"),
            "e.g. 0.05 for +5% a year",
        );
    }
    let shocks = intake
        .shocks
        .iter()
        .enumerate()
        .filter_map(|(s_idx, shock)| {
            let f = field(&format!("shocks[{s_idx}]"));
            let from = parse_date(&shock.from, &format!("{f}.from"), problems)?;
            if shock.months < 1
                || shock.months > 1200
                || shock.multiplier > 1000.0
                || !(shock.multiplier.is_finite() && shock.multiplier >= 0.0)
            {
                problems.add(
                    &f,
                    format!(
                        "{} months with multiplier {} is not a shock",
                        shock.months, shock.multiplier
                    ),
                    "give months from 1 to 1200 and a multiplier from 0 to 1000 (e.g. 1.8)",
                );
                return None;
            }
            let first = months.month_of(dates.day_of(from).max(0));
            Some((first, shock.months as usize, shock.multiplier))
        })
        .collect();
    let (phi, sigma, initial) = match &intake.variation {
        None => (0.0, 0.0, 0.0),
        Some(v) => {
            if !(v.phi.is_finite() && v.phi.abs() < 1.0 && v.sigma.is_finite() && v.sigma >= 0.0) {
                problems.add(
                    field("variation"),
                    format!(
                        "phi = {} and sigma = {} do not make a stationary AR(1)",
                        v.phi, v.sigma
                    ),
                    "use -1 < phi < 1 and sigma >= 0, e.g. { phi = 0.6, sigma = 0.15 }",
                );
            }
            (v.phi, v.sigma, v.initial)
        }
    };
    let counts = match (intake.counts.unwrap_or(CountsFile::Poisson), intake.size) {
        (CountsFile::Poisson, None) => CountLaw::Poisson,
        (CountsFile::NegativeBinomial, Some(k)) if k.is_finite() && k > 0.0 => {
            CountLaw::NegativeBinomial { k }
        }
        (CountsFile::NegativeBinomial, _) => {
            problems.add(
                field("size"),
                "negative binomial counts need a positive size",
                "add size = ... (e.g. 50; larger is closer to Poisson)",
            );
            CountLaw::Poisson
        }
        (CountsFile::Poisson, Some(_)) => {
            problems.add(
                field("size"),
                "`size` belongs to negative binomial counts",
                "remove size, or set counts = \"negative_binomial\"",
            );
            CountLaw::Poisson
        }
    };
    let multiplier = intake.multiplier.unwrap_or(1.0);
    if !(multiplier.is_finite() && (0.0..=1000.0).contains(&multiplier)) {
        problems.add(
            field("multiplier"),
            format!("must be from 0 to 1000, got {multiplier}"),
            "e.g. 0.8 for a low scenario, 1.3 for a high one",
        );
    }
    (problems.len() == n_before).then_some(IntakeGenerator {
        per_month: per_month * multiplier,
        seasonal,
        trend_per_year: trend,
        shocks,
        phi,
        sigma,
        initial,
        counts,
    })
}

/// A replayed intake: the counts of `column` in the monthly CSV `file` (columns `month`, as
/// `YYYY-MM`, and one per series), one per month of the run; partial first and last months get
/// their share, rounded.
fn replay(
    intake: &IntakeFile,
    file: &str,
    field: &dyn Fn(&str) -> String,
    scenario_path: &Path,
    months: &RunMonths,
    cache: &mut CsvCache,
    problems: &mut Problems,
) -> Option<IntakeModel> {
    for (key, given) in [
        ("per_month", intake.per_month.is_some()),
        ("seasonal", intake.seasonal.is_some()),
        ("trend_per_year", intake.trend_per_year.is_some()),
        ("shocks", !intake.shocks.is_empty()),
        ("variation", intake.variation.is_some()),
        ("counts", intake.counts.is_some()),
        ("size", intake.size.is_some()),
    ] {
        if given {
            problems.add(
                field(key),
                "a replayed intake takes its counts from the file",
                format!("remove `{key}` (only `multiplier` scales a replay)"),
            );
        }
    }
    let Some(column) = &intake.column else {
        problems.add(
            field("column"),
            "a replay needs the column to read",
            "add column = \"<header of the series>\"",
        );
        return None;
    };
    let path = scenario_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(file);
    let table = cache
        .entry(path.display().to_string())
        .or_insert_with(|| read_monthly_csv(&path));
    let table = match table {
        Ok(t) => t,
        Err(reason) => {
            problems.add(
                field("replay"),
                reason.to_string(),
                "give a monthly CSV (columns month, <series>...) relative to the file that names it",
            );
            return None;
        }
    };
    let Some(series) = table.get(column) else {
        let mut known: Vec<&String> = table.keys().collect();
        known.sort();
        problems.add(
            field("column"),
            format!("{} has no column \"{column}\"", path.display()),
            format!("use one of {known:?}"),
        );
        return None;
    };
    let scale = intake.multiplier.unwrap_or(1.0);
    let mut counts = Vec::with_capacity(months.len());
    let mut missing = Vec::new();
    for idx in 0..months.len() {
        let label = months.label(idx);
        match series.get(&label) {
            Some(&count) => {
                let (first, end) = months.days(idx);
                let days_in_month = f64::from(months.first_dates[idx].days_in_month());
                let share = ((end - first) as f64 / days_in_month).min(1.0);
                counts.push((count * scale * share).round() as u64);
            }
            None => missing.push(label),
        }
    }
    if !missing.is_empty() {
        problems.add(
            field("replay"),
            format!(
                "{} has no value for {} month(s) of the run, first {}",
                path.display(),
                missing.len(),
                missing[0]
            ),
            "extend the series, or move start_date / end_date inside it",
        );
        return None;
    }
    Some(IntakeModel::Replay(counts))
}

/// Reads a monthly CSV (the format `asielsim forecast` reads: `month` as YYYY-MM in consecutive
/// months, and count columns) into column -> month -> value.
fn read_monthly_csv(path: &Path) -> Result<MonthlyTable, ReplayError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReplayError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let columns = crate::forecast::parse_monthly_csv(&text).map_err(|source| ReplayError::Csv {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(columns
        .into_iter()
        .map(|(name, series)| {
            let by_month = (0..series.values.len())
                .map(|t| (series.label(t), series.values[t]))
                .collect();
            (name, by_month)
        })
        .collect())
}
