//! Calibration: fitting parameters that nothing publishes to published figures.
//!
//! A parameter is a scenario path as in `sweep --set` (`pool.decision_*.work_factor`: a `*` in
//! an entry's name sets every entry it matches) with a range to search. Every evaluation runs
//! the scenario with the parameters set, with the same seed and replications (common random
//! numbers, so the objective is a smooth function of the parameters and not of the draws), and
//! holds the simulated means against the published figures of the scenario's observed-series
//! file that fall in the calibration window (periods ending on or before `until`).
//!
//! **Objective**: a weighted sum of squares of relative errors,
//! `chi2 = sum_i ((m_i - o_i) / o_i)^2 / (s^2 + (se_i / o_i)^2)`, with `m_i` the simulated mean,
//! `o_i` the published figure, `se_i` the standard error of the simulated mean and `s` the
//! relative error assumed of a published figure (`observed_error`, 10% by default: published
//! figures are rounded, "ruim 25.000", and defined a little differently from the model's). It is
//! minimised over the parameters scaled to [0, 1] by their ranges with the Nelder-Mead simplex
//! (argmin), from the middle of the ranges.
//!
//! **Uncertainty**: the curvature of the objective at the optimum (central differences in the
//! scaled parameters) gives the covariance `2 H^-1` of a least-squares fit, inflated by the
//! reduced chi-square when the model fits worse than the assumed errors allow; the 95% interval
//! is the fitted value plus or minus 1.96 standard errors. A parameter whose curvature is not
//! positive is reported as not identified by the figures (the objective is flat in it).

use std::cell::RefCell;
use std::path::Path;
use std::time::{Duration, Instant};

use argmin::core::{CostFunction, Executor, State};
use argmin::solver::neldermead::NelderMead;
use toml::{Table, Value};

use crate::error::{RunError, ScenarioError};
use crate::experiment::{self, RunSettings};
use crate::history::{self, HistoryRow, ObservedFigure};
use crate::scenario::{self, Scenario};
use crate::sweep;

/// The relative error assumed of a published figure, unless given.
pub const OBSERVED_ERROR: f64 = 0.10;

/// The most evaluations of the search, unless given.
pub const MAX_EVALUATIONS: usize = 60;

/// Why a calibration cannot be set up or finished.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// `--fit` text that is not `PATH=LO..HI`.
    #[error("\"{0}\" is not PATH=LO..HI (e.g. pool.decision_*.work_factor=0.5..2)")]
    NotAFit(String),
    /// A range whose bounds are not numbers or not increasing.
    #[error("the range of \"{0}\" needs two numbers LO < HI")]
    BadRange(String),
    /// A path the scenario does not have.
    #[error("--fit {0}")]
    Path(#[from] sweep::SweepError),
    /// Two fits that set a key in common.
    #[error("--fit {0} sets a key that another --fit also sets")]
    Twice(String),
    /// A fit of a key that an uncertain input draws in every replication.
    #[error(
        "--fit {path} sets a key that the scenario's uncertain input \"{input}\" draws anew in every replication, so a fitted value would have no effect\n  fix: fit another key, or remove the [[uncertain]] entry in a variant"
    )]
    Uncertain {
        /// The fit's path.
        path: String,
        /// The uncertain input.
        input: String,
    },
    /// The scenario with some parameter values is invalid (a value outside a key's bounds).
    #[error("with {values}: {source}")]
    Scenario {
        /// The parameter values tried.
        values: String,
        /// What is wrong.
        #[source]
        source: Box<ScenarioError>,
    },
    /// No published figure falls in the window.
    #[error(
        "no published figure to fit: the scenario names {total} figures, none non-zero with a period ending on or before {until} (and matching --only, if given)"
    )]
    NoFigures {
        /// Figures in the file.
        total: usize,
        /// The window's end.
        until: String,
    },
    /// The simulation failed.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The search failed.
    #[error("the search failed: {0}")]
    Search(String),
}

/// A parameter to fit: a scenario path and the range to search.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The path, as in `sweep --set`.
    pub path: String,
    /// The lowest value searched.
    pub low: f64,
    /// The highest value searched.
    pub high: f64,
}

impl Parameter {
    /// The value at `u` in [0, 1] of the range.
    pub fn at(&self, u: f64) -> f64 {
        self.low + u * (self.high - self.low)
    }
}

/// Parses `PATH=LO..HI`.
pub fn parse_fit(text: &str) -> Result<Parameter, CalibrateError> {
    let (path, range) = text
        .split_once('=')
        .ok_or_else(|| CalibrateError::NotAFit(text.to_string()))?;
    let path = path.trim();
    if path.is_empty() || path.split('.').any(str::is_empty) {
        return Err(CalibrateError::NotAFit(text.to_string()));
    }
    let (low, high) = range
        .split_once("..")
        .ok_or_else(|| CalibrateError::NotAFit(text.to_string()))?;
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match (number(low), number(high)) {
        (Some(low), Some(high)) if low < high => Ok(Parameter {
            path: path.to_string(),
            low,
            high,
        }),
        _ => Err(CalibrateError::BadRange(text.to_string())),
    }
}

/// How to calibrate.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Replications, seed and threads of every evaluation.
    pub run: RunSettings,
    /// The last day of the calibration window (`YYYY-MM-DD`): figures of periods that end
    /// later are left out of the fit (and reported as out of sample); `None` fits every figure.
    pub until: Option<jiff::civil::Date>,
    /// The relative error assumed of a published figure.
    pub observed_error: f64,
    /// The most evaluations of the search (the curvature's evaluations come on top).
    pub max_evaluations: usize,
    /// Only the figures whose metric matches one of these patterns (`*` for any run of
    /// characters, `decided_*`) are fitted; empty: every figure in the window.
    pub only: Vec<String>,
}

/// One evaluation of the objective.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// The parameter values, in the order of the parameters.
    pub values: Vec<f64>,
    /// The objective (chi-square).
    pub objective: f64,
    /// What it was for: `search` or `curvature`.
    pub stage: &'static str,
}

/// A fitted parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    /// The parameter.
    pub parameter: Parameter,
    /// The fitted value.
    pub value: f64,
    /// The 95% interval, clipped to the searched range; `None` when the figures do not
    /// identify the parameter (the objective is flat or bends the wrong way in it).
    pub interval: Option<(f64, f64)>,
}

/// The result of a calibration.
#[derive(Debug)]
pub struct Calibration {
    /// The fitted parameters, in the order given.
    pub fitted: Vec<Fitted>,
    /// The objective at the fit.
    pub objective: f64,
    /// The figures fitted (in the window, non-zero).
    pub n_fitted: usize,
    /// The objective per degree of freedom (figures minus parameters); NaN without any.
    pub reduced_chi2: f64,
    /// Every evaluation, in order.
    pub evaluations: Vec<Evaluation>,
    /// The scenario with the fitted values.
    pub scenario: Scenario,
    /// The run of the fitted scenario (the search's own, with the same settings).
    pub experiment: experiment::Experiment,
    /// Which figures of `scenario.observed` were fitted (the rest are out of sample).
    pub in_fit: Vec<bool>,
    /// Wall time of the whole calibration.
    pub wall_time: Duration,
    /// True when the search stopped because it had spent its evaluations (rather than because
    /// the simplex had converged).
    pub budget_spent: bool,
}

impl Calibration {
    /// The published figures against the fitted scenario's run, in the file's order.
    pub fn rows(&self) -> Vec<HistoryRow> {
        history::compare(&self.experiment, &self.scenario.observed)
    }
}

/// True when `figure` is in the window ending on `until` (every figure when `None`) and can be
/// fitted (a relative error needs a non-zero figure). A figure of the whole run is in the window
/// when the run (ending on `run_end`, `None` for a scenario without dates) ends by `until`.
pub fn in_window(
    figure: &ObservedFigure,
    until: Option<jiff::civil::Date>,
    run_end: Option<jiff::civil::Date>,
) -> bool {
    if figure.value == 0.0 {
        return false;
    }
    let last = figure
        .period
        .last_day()
        .or_else(|| run_end.map(|d| d.to_string()));
    match (until, last) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(until), Some(last)) => last.as_str() <= until.to_string().as_str(),
    }
}

/// The last day a scenario's run covers, for a scenario with dates.
fn run_end(scenario: &Scenario) -> Option<jiff::civil::Date> {
    let days = (scenario.window.horizon.as_days().ceil() as i64 - 1).max(0);
    scenario
        .start_date?
        .checked_add(jiff::Span::new().days(days))
        .ok()
}

/// The objective of `rows` (those `fit` marks), with `observed_error` the relative error of a
/// published figure; an undefined simulated mean counts as an error of 100%.
pub fn objective(rows: &[HistoryRow], fit: &[bool], observed_error: f64) -> f64 {
    rows.iter()
        .zip(fit)
        .filter(|(_, f)| **f)
        .map(|(row, _)| {
            let o = row.figure.value;
            let s = &row.simulated;
            // An undefined simulated figure counts as worse than any miss a search should
            // prefer (a 1000% error), so the search never moves towards undefined values.
            let r = if s.mean.is_finite() {
                (s.mean - o) / o
            } else {
                10.0
            };
            let se = if s.n > 1 && s.std_dev.is_finite() {
                s.std_dev / (s.n as f64).sqrt() / o
            } else {
                0.0
            };
            r * r / (observed_error * observed_error + se * se)
        })
        .sum()
}

/// The scenario table `table` (of the file at `path`, which anchors its relative paths) with
/// `values` set at the parameters' paths.
fn with_values(table: &Table, parameters: &[Parameter], values: &[f64]) -> Table {
    let mut t = table.clone();
    for (p, v) in parameters.iter().zip(values) {
        let value = sweep::value_like(table, &p.path, *v);
        sweep::apply(&mut t, &p.path, value).expect("paths checked before the search");
    }
    t
}

fn describe(parameters: &[Parameter], values: &[f64]) -> String {
    parameters
        .iter()
        .zip(values)
        .map(|(p, v)| format!("{} = {v}", p.path))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The objective over the scaled parameters, with its log of evaluations.
struct Problem<'a> {
    table: &'a Table,
    path: &'a Path,
    parameters: &'a [Parameter],
    settings: &'a Settings,
    log: RefCell<Vec<Evaluation>>,
    /// The objective of every point run, by the bits of its scaled coordinates.
    cache: RefCell<std::collections::HashMap<Vec<u64>, f64>>,
    /// True once the search has spent its evaluations.
    spent: std::cell::Cell<bool>,
    stage: RefCell<&'static str>,
    failure: RefCell<Option<CalibrateError>>,
    on_evaluation: &'a dyn Fn(&Evaluation),
}

impl Problem<'_> {
    /// Runs the scenario at scaled point `u` (each in [0, 1]): the scenario, its run and which
    /// figures are fitted.
    fn run(
        &self,
        u: &[f64],
    ) -> Result<(Scenario, experiment::Experiment, Vec<bool>, f64), CalibrateError> {
        let values: Vec<f64> = self
            .parameters
            .iter()
            .zip(u)
            .map(|(p, &u)| p.at(u))
            .collect();
        let table = with_values(self.table, self.parameters, &values);
        let scenario =
            scenario::parse_table(table, self.path).map_err(|source| CalibrateError::Scenario {
                values: describe(self.parameters, &values),
                source: Box::new(source),
            })?;
        let fit: Vec<bool> = scenario
            .observed
            .iter()
            .map(|f| {
                in_window(f, self.settings.until, run_end(&scenario))
                    && (self.settings.only.is_empty()
                        || self
                            .settings
                            .only
                            .iter()
                            .any(|p| sweep::matches(p, &f.metric)))
            })
            .collect();
        let experiment = experiment::run(&scenario, self.settings.run, &|| {})?;
        let rows = history::compare(&experiment, &scenario.observed);
        let chi2 = objective(&rows, &fit, self.settings.observed_error);
        let evaluation = Evaluation {
            values,
            objective: chi2,
            stage: *self.stage.borrow(),
        };
        (self.on_evaluation)(&evaluation);
        self.log.borrow_mut().push(evaluation);
        Ok((scenario, experiment, fit, chi2))
    }

    /// The objective at `u`; outside the unit cube, a penalty that grows with the distance.
    fn value(&self, u: &[f64]) -> f64 {
        let outside: f64 = u.iter().map(|&x| (-x).max(0.0) + (x - 1.0).max(0.0)).sum();
        if outside > 0.0 {
            return 1e12 * (1.0 + outside);
        }
        if self.failure.borrow().is_some() {
            return f64::INFINITY;
        }
        let key: Vec<u64> = u.iter().map(|x| x.to_bits()).collect();
        if let Some(&chi2) = self.cache.borrow().get(&key) {
            return chi2;
        }
        if self.log.borrow().len() >= self.settings.max_evaluations {
            // The budget is spent: no new point is run, so the search ends on its best.
            self.spent.set(true);
            return f64::INFINITY;
        }
        match self.run(u) {
            Ok((_, _, _, chi2)) => {
                self.cache.borrow_mut().insert(key, chi2);
                chi2
            }
            Err(e) => {
                *self.failure.borrow_mut() = Some(e);
                f64::INFINITY
            }
        }
    }
}

/// The objective as argmin sees it (the executor owns its problem; the log stays here).
struct Search<'p, 'a>(&'p Problem<'a>);

impl CostFunction for Search<'_, '_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, u: &Self::Param) -> Result<f64, argmin::core::Error> {
        Ok(self.0.value(u))
    }
}

/// Fits `parameters` of the scenario table `table` (read from `path`) to the published figures
/// its `[metrics] observed` names, as the module describes. `on_evaluation` hears of every
/// evaluation as it finishes (for a progress display).
pub fn calibrate(
    table: &Table,
    path: &Path,
    parameters: &[Parameter],
    settings: &Settings,
    on_evaluation: &dyn Fn(&Evaluation),
) -> Result<Calibration, CalibrateError> {
    let start = Instant::now();
    for (i, p) in parameters.iter().enumerate() {
        sweep::expand(table, &p.path)?;
        if parameters[..i]
            .iter()
            .any(|q| sweep::overlap(table, &q.path, &p.path))
        {
            return Err(CalibrateError::Twice(p.path.clone()));
        }
    }
    let problem = Problem {
        table,
        path,
        parameters,
        settings,
        log: RefCell::new(Vec::new()),
        cache: RefCell::new(std::collections::HashMap::new()),
        spent: std::cell::Cell::new(false),
        stage: RefCell::new("search"),
        failure: RefCell::new(None),
        on_evaluation,
    };
    let dims = parameters.len();
    let centre = vec![0.5; dims];
    // The window is checked on the scenario at the centre, before any search.
    let (scenario, _, fit, chi2_centre) = problem.run(&centre)?;
    for p in parameters {
        if let Some(input) = scenario.uncertainty.input_at(&p.path) {
            return Err(CalibrateError::Uncertain {
                path: p.path.clone(),
                input: input.name.clone(),
            });
        }
    }
    problem
        .cache
        .borrow_mut()
        .insert(centre.iter().map(|x| x.to_bits()).collect(), chi2_centre);
    let n_fitted = fit.iter().filter(|f| **f).count();
    if n_fitted == 0 {
        return Err(CalibrateError::NoFigures {
            total: scenario.observed.len(),
            until: settings
                .until
                .map_or("the end of the run".to_string(), |d| d.to_string()),
        });
    }
    let mut best = centre.clone();
    if dims > 0 {
        let mut simplex = vec![centre.clone()];
        for j in 0..dims {
            let mut vertex = centre.clone();
            vertex[j] += 0.25;
            simplex.push(vertex);
        }
        let solver = NelderMead::new(simplex)
            .with_sd_tolerance(1e-3)
            .map_err(|e| CalibrateError::Search(e.to_string()))?;
        // The evaluation budget stops the search (see `Problem::value`); the iterations only
        // bound it from above.
        let iterations = settings.max_evaluations as u64;
        let result = Executor::new(Search(&problem), solver)
            .configure(|state| state.max_iters(iterations))
            .run()
            .map_err(|e| CalibrateError::Search(e.to_string()))?;
        if let Some(e) = problem.failure.borrow_mut().take() {
            return Err(e);
        }
        if let Some(p) = result.state().get_best_param() {
            best = p.clone();
        }
        // The lowest point evaluated, which the simplex may have passed over.
        let cache = problem.cache.borrow();
        if let Some((key, _)) = cache
            .iter()
            .filter(|(_, v)| v.is_finite())
            .min_by(|a, b| a.1.total_cmp(b.1).then_with(|| a.0.cmp(b.0)))
        {
            best = key.iter().map(|&bits| f64::from_bits(bits)).collect();
        }
    }
    *problem.stage.borrow_mut() = "curvature";
    let (scenario, experiment, in_fit, chi2) = problem.run(&best)?;
    let intervals = curvature_intervals(&problem, &best, chi2, n_fitted)?;
    let fitted = parameters
        .iter()
        .zip(&best)
        .zip(intervals)
        .map(|((p, &u), interval)| Fitted {
            parameter: p.clone(),
            value: p.at(u),
            interval: interval.map(|(lo, hi)| (p.at(lo.max(0.0)), p.at(hi.min(1.0)))),
        })
        .collect();
    let dof = n_fitted.saturating_sub(dims);
    Ok(Calibration {
        fitted,
        objective: chi2,
        n_fitted,
        reduced_chi2: if dof > 0 { chi2 / dof as f64 } else { f64::NAN },
        evaluations: problem.log.into_inner(),
        scenario,
        experiment,
        in_fit,
        wall_time: start.elapsed(),
        budget_spent: problem.spent.get(),
    })
}

/// The 95% intervals of the scaled parameters from the objective's curvature at `best`
/// (objective `chi2` over `n` figures), `None` for a parameter the curvature does not bound.
#[allow(clippy::type_complexity)]
fn curvature_intervals(
    problem: &Problem<'_>,
    best: &[f64],
    chi2: f64,
    n: usize,
) -> Result<Vec<Option<(f64, f64)>>, CalibrateError> {
    let dims = best.len();
    if dims == 0 {
        return Ok(Vec::new());
    }
    // A step of 5% of each range, shorter near a bound (central differences stay inside).
    let h: Vec<f64> = best.iter().map(|&u| 0.05f64.min(u).min(1.0 - u)).collect();
    let f = |shift: &[(usize, f64)]| -> Result<f64, CalibrateError> {
        let mut u = best.to_vec();
        for &(j, d) in shift {
            u[j] += d;
        }
        Ok(problem.run(&u)?.3)
    };
    let mut hessian = vec![vec![0.0; dims]; dims];
    for j in 0..dims {
        if h[j] < 1e-3 {
            hessian[j][j] = f64::NAN;
            continue;
        }
        let plus = f(&[(j, h[j])])?;
        let minus = f(&[(j, -h[j])])?;
        hessian[j][j] = (plus - 2.0 * chi2 + minus) / (h[j] * h[j]);
    }
    for j in 0..dims {
        for k in (j + 1)..dims {
            if h[j] < 1e-3 || h[k] < 1e-3 {
                continue;
            }
            let pp = f(&[(j, h[j]), (k, h[k])])?;
            let pm = f(&[(j, h[j]), (k, -h[k])])?;
            let mp = f(&[(j, -h[j]), (k, h[k])])?;
            let mm = f(&[(j, -h[j]), (k, -h[k])])?;
            let v = (pp - pm - mp + mm) / (4.0 * h[j] * h[k]);
            hessian[j][k] = v;
            hessian[k][j] = v;
        }
    }
    // Parameters without curvature are left out of the inverse; the rest share it.
    let bound: Vec<usize> = (0..dims)
        .filter(|&j| hessian[j][j].is_finite() && hessian[j][j] > 0.0)
        .collect();
    let sub: Vec<Vec<f64>> = bound
        .iter()
        .map(|&j| bound.iter().map(|&k| hessian[j][k]).collect())
        .collect();
    let inflation = {
        let dof = n.saturating_sub(dims);
        if dof > 0 {
            (chi2 / dof as f64).max(1.0)
        } else {
            1.0
        }
    };
    let mut out = vec![None; dims];
    if let Some(inverse) = spd_inverse(&sub) {
        for (i, &j) in bound.iter().enumerate() {
            let variance = 2.0 * inverse[i][i] * inflation;
            if variance.is_finite() && variance > 0.0 {
                let half = 1.96 * variance.sqrt();
                out[j] = Some((best[j] - half, best[j] + half));
            }
        }
    }
    Ok(out)
}

/// The inverse of a symmetric positive-definite matrix by its Cholesky factor; `None` when it
/// is not positive definite.
#[allow(clippy::needless_range_loop)] // index arithmetic of a triangular solve
fn spd_inverse(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - sum;
                if d.is_nan() || d <= 0.0 {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - sum) / l[j][j];
            }
        }
    }
    // Solve L L^T x = e_c for every column c.
    let mut inverse = vec![vec![0.0; n]; n];
    for c in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let rhs = if i == c { 1.0 } else { 0.0 };
            let sum: f64 = (0..i).map(|k| l[i][k] * y[k]).sum();
            y[i] = (rhs - sum) / l[i][i];
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            let sum: f64 = ((i + 1)..n).map(|k| l[k][i] * x[k]).sum();
            x[i] = (y[i] - sum) / l[i][i];
        }
        for i in 0..n {
            inverse[i][c] = x[i];
        }
    }
    Some(inverse)
}

/// A variant of the scenario at `base` (the path written into it, relative to where the variant
/// will lie) that sets the fitted values; `resolved` is the scenario's table, to find the
/// entries a pattern matches. Each value is written at every entry its path reaches.
pub fn variant_text(
    resolved: &Table,
    base: &str,
    calibration: &Calibration,
    observed: Option<&str>,
) -> Result<String, CalibrateError> {
    let mut variant = Table::new();
    variant.insert("base".into(), Value::String(base.to_string()));
    if let Some(observed) = observed {
        // The figures it was fitted to, so that a run of the variant is held against them.
        let mut metrics = Table::new();
        metrics.insert("observed".into(), Value::String(observed.to_string()));
        variant.insert("metrics".into(), Value::Table(metrics));
    }
    for fitted in &calibration.fitted {
        for exact in sweep::expand(resolved, &fitted.parameter.path)? {
            let value = sweep::value_like(resolved, &exact, fitted.value);
            set_in_variant(&mut variant, resolved, &exact, value);
        }
    }
    let mut text = String::from(
        "# Written by asielsim calibrate: the fitted values over the scenario named in base.\n",
    );
    for fitted in &calibration.fitted {
        let interval = fitted
            .interval
            .map_or("not identified by the figures".to_string(), |(lo, hi)| {
                format!("95% interval {lo:.6} to {hi:.6}")
            });
        text.push_str(&format!(
            "# {} = {:.6} ({interval}; searched {} to {})\n",
            fitted.parameter.path, fitted.value, fitted.parameter.low, fitted.parameter.high
        ));
    }
    text.push_str(&toml::to_string(&variant).map_err(|e| CalibrateError::Search(e.to_string()))?);
    Ok(text)
}

/// Sets the exact path `full` in `variant`, shaped as `resolved` is: a named array gets an entry
/// with the name and the key (merged by name over the base).
fn set_in_variant(variant: &mut Table, resolved: &Table, full: &str, value: Value) {
    let parts: Vec<&str> = full.split('.').collect();
    let mut here = variant;
    let mut there = resolved;
    let mut i = 0;
    while i + 1 < parts.len() {
        let key = parts[i];
        match there.get(key) {
            Some(Value::Array(entries)) => {
                let name = parts[i + 1];
                let Some(next_there) = entries
                    .iter()
                    .filter_map(Value::as_table)
                    .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
                else {
                    return;
                };
                let list = here
                    .entry(key.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(list) = list else { return };
                let position = list.iter().position(|v| {
                    v.as_table()
                        .and_then(|t| t.get("name"))
                        .and_then(Value::as_str)
                        == Some(name)
                });
                let idx = position.unwrap_or_else(|| {
                    let mut entry = Table::new();
                    entry.insert("name".into(), Value::String(name.to_string()));
                    list.push(Value::Table(entry));
                    list.len() - 1
                });
                let Some(Value::Table(next_here)) = list.get_mut(idx) else {
                    return;
                };
                here = next_here;
                there = next_there;
                i += 2;
            }
            Some(Value::Table(next_there)) => {
                let next_here = here
                    .entry(key.to_string())
                    .or_insert_with(|| Value::Table(Table::new()));
                let Value::Table(next_here) = next_here else {
                    return;
                };
                here = next_here;
                there = next_there;
                i += 1;
            }
            _ => return,
        }
    }
    here.insert(parts[parts.len() - 1].to_string(), value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_parse_and_refuse() {
        let p = parse_fit("pool.decision_*.work_factor=0.5..2").unwrap();
        assert_eq!(p.path, "pool.decision_*.work_factor");
        assert_eq!((p.low, p.high), (0.5, 2.0));
        assert_eq!(p.at(0.5), 1.25);
        assert!(matches!(parse_fit("a.b"), Err(CalibrateError::NotAFit(_))));
        assert!(matches!(
            parse_fit("a.b=1"),
            Err(CalibrateError::NotAFit(_))
        ));
        assert!(matches!(
            parse_fit("a.b=2..1"),
            Err(CalibrateError::BadRange(_))
        ));
        assert!(matches!(
            parse_fit("a.b=x..1"),
            Err(CalibrateError::BadRange(_))
        ));
        assert!(matches!(
            parse_fit("=1..2"),
            Err(CalibrateError::NotAFit(_))
        ));
    }

    #[test]
    fn the_inverse_of_a_small_matrix_is_exact_and_refuses_indefinite_ones() {
        let a = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let inv = spd_inverse(&a).unwrap();
        // [[3, -2], [-2, 4]] / 8
        let expected = [[0.375, -0.25], [-0.25, 0.5]];
        for i in 0..2 {
            for j in 0..2 {
                assert!((inv[i][j] - expected[i][j]).abs() < 1e-12);
            }
        }
        assert!(spd_inverse(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
        assert!(spd_inverse(&[vec![0.0]]).is_none());
    }

    #[test]
    fn a_variant_sets_every_entry_a_pattern_reaches() {
        let resolved: Table = toml::from_str(
            "[run]\nseed = 1\n[[pool]]\nname = \"decision_a\"\nfte = 1\n[[pool]]\nname = \"hearing_a\"\nfte = 2\n[[pool]]\nname = \"decision_b\"\nfte = 3\n",
        )
        .unwrap();
        let mut variant = Table::new();
        for exact in sweep::expand(&resolved, "pool.decision_*.work_factor").unwrap() {
            set_in_variant(&mut variant, &resolved, &exact, Value::Float(1.5));
        }
        set_in_variant(&mut variant, &resolved, "run.seed", Value::Integer(7));
        let text = toml::to_string(&variant).unwrap();
        let back: Table = toml::from_str(&text).unwrap();
        let pools = back["pool"].as_array().unwrap();
        assert_eq!(pools.len(), 2);
        assert_eq!(pools[0]["name"].as_str(), Some("decision_a"));
        assert_eq!(pools[1]["work_factor"].as_float(), Some(1.5));
        assert_eq!(back["run"]["seed"].as_integer(), Some(7));
    }
}
