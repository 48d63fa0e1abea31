//! What the planner turns: the staff of one or more pools, or the hires of a hiring plan.
//!
//! A searched number is a **total** over the pools named: it is split over them in proportion
//! to their present size (largest remainder, whole people), so "decision officers at all
//! locations" keeps today's distribution over locations. For a hiring plan the total is the
//! number of new staff, split over the pools and then evenly over the months of the plan; each
//! share becomes a hiring cohort with the defaults of a `[[hiring]]` entry for training and
//! mentoring.
//!
//! A lever changes the validated scenario's [`StaffPlan`](crate::model::StaffPlan), not its
//! file: each candidate is a clone of the scenario with the plan changed and the pools'
//! schedules and payroll cost derived again.

use std::path::PathBuf;

use crate::error::{Problem, ScenarioError};
use crate::model::{Cohort, DEFAULT_TRAINING_MONTHS, PoolIdx};
use crate::scenario::Scenario;
use crate::scenario::bounds::MAX_SERVERS;

/// A way to change a scenario by one whole number.
#[derive(Clone, Debug, PartialEq)]
pub enum Lever {
    /// The staff of the pools (`servers` or `fte`, whichever the pool gives).
    Staff(Vec<LeverPool>),
    /// New staff hired into the pools, starting on the first of each month listed (`YYYY-MM`).
    Hires {
        /// The pools, with their present size as weight.
        pools: Vec<LeverPool>,
        /// Months in which cohorts start.
        months: Vec<String>,
    },
}

/// A pool a lever acts on.
#[derive(Clone, Debug, PartialEq)]
pub struct LeverPool {
    /// The pool's name.
    pub name: String,
    /// `servers` or `fte`.
    pub key: &'static str,
    /// Its present size (the weight of its share).
    pub size: f64,
}

/// A lever that cannot be made: the pools or months asked for do not fit the scenario.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LeverError {
    /// No pool named.
    #[error("name at least one pool\n  fix: e.g. --pool decision_ter_apel")]
    NoPool,
    /// A pool named twice.
    #[error("pool \"{0}\" is named twice\n  fix: name each pool once")]
    NamedTwice(String),
    /// A pool the scenario does not have.
    #[error("the scenario has no [[pool]] named \"{name}\"\n  fix: one of {}", known.join(", "))]
    UnknownPool {
        /// The name asked for.
        name: String,
        /// The scenario's pools, in order.
        known: Vec<String>,
    },
    /// A pool of individual officers, whose size is their list, for the staff lever.
    #[error(
        "pool \"{0}\" gives its staff as officer groups ([[pool.officers]]), not as servers or fte\n  fix: plan on a pool with `servers` or `fte`, or vary the officer groups with `asielsim sweep`"
    )]
    OfficerGroups(String),
    /// A month that is not `YYYY-MM`.
    #[error("\"{0}\" is not a month\n  fix: write YYYY-MM, e.g. --hire 2027-01")]
    NotAMonth(String),
    /// A pool whose size an uncertain input draws in every replication.
    #[error(
        "the size of pool \"{pool}\" is the uncertain input \"{input}\", drawn anew in every replication\n  fix: plan on other pools, or give the pool a fixed size in a variant without that [[uncertain]] entry"
    )]
    Drawn {
        /// The pool.
        pool: String,
        /// The uncertain input's name.
        input: String,
    },
    /// A hiring plan without months.
    #[error("a hiring plan needs at least one month\n  fix: e.g. --hire 2027-01")]
    NoMonths,
}

impl Lever {
    /// The staff lever for the named pools of a scenario, or what is wrong.
    pub fn staff(scenario: &Scenario, pools: &[String]) -> Result<Lever, LeverError> {
        Ok(Lever::Staff(find_pools(scenario, pools, false)?))
    }

    /// The hiring lever: cohorts into the named pools in the given months (`YYYY-MM`).
    pub fn hires(
        scenario: &Scenario,
        pools: &[String],
        months: &[String],
    ) -> Result<Lever, LeverError> {
        for month in months {
            let valid = month.len() == 7
                && month.as_bytes()[4] == b'-'
                && month[..4].parse::<u16>().is_ok()
                && month[5..]
                    .parse::<u8>()
                    .is_ok_and(|m| (1..=12).contains(&m));
            if !valid {
                return Err(LeverError::NotAMonth(month.clone()));
            }
        }
        if months.is_empty() {
            return Err(LeverError::NoMonths);
        }
        Ok(Lever::Hires {
            pools: find_pools(scenario, pools, true)?,
            months: months.to_vec(),
        })
    }

    /// The pools and what is turned, for people: "fte of decision_ter_apel, decision_zevenaar".
    /// A short description that fits a chart's title and axis: the pools by name when there
    /// is one, else by number ("total fte of 10 pools", "hires into 10 pools, 2026-07").
    pub fn short_describe(&self) -> String {
        match self {
            Lever::Staff(pools) if pools.len() > 1 => {
                let key = if pools.iter().all(|p| p.key == pools[0].key) {
                    pools[0].key
                } else {
                    "staff"
                };
                format!("total {key} of {} pools", pools.len())
            }
            Lever::Hires { pools, months } if pools.len() > 1 || months.len() > 1 => {
                let into = if pools.len() == 1 {
                    pools[0].name.clone()
                } else {
                    format!("{} pools", pools.len())
                };
                let when = if months.len() <= 2 {
                    months.join(", ")
                } else {
                    format!("{} months from {}", months.len(), months[0])
                };
                format!("hires into {into}, {when}")
            }
            _ => self.describe(),
        }
    }

    /// The lever in words, with every pool and month named.
    pub fn describe(&self) -> String {
        match self {
            Lever::Staff(pools) => {
                let names: Vec<&str> = pools.iter().map(|p| p.name.as_str()).collect();
                let keys: Vec<&str> = pools.iter().map(|p| p.key).collect();
                let key = if keys.iter().all(|k| *k == keys[0]) {
                    keys[0]
                } else {
                    "staff"
                };
                if pools.len() == 1 {
                    format!("{key} of pool {}", names[0])
                } else {
                    format!(
                        "total {key} of pools {} (split by present size)",
                        names.join(", ")
                    )
                }
            }
            Lever::Hires { pools, months } => {
                let names: Vec<&str> = pools.iter().map(|p| p.name.as_str()).collect();
                format!(
                    "new hires into {} starting {}",
                    names.join(", "),
                    months.join(", ")
                )
            }
        }
    }

    /// How `value` splits over the lever's pools: one row per pool (staff) or per pool and
    /// month (hiring), each `(pool, month, today, amount)`: `month` empty and `amount` the pool's
    /// new size for staff; the cohort's month and size for hiring (`today` the pool's size).
    pub fn split_of(&self, value: u32) -> Vec<(String, String, f64, u32)> {
        match self {
            Lever::Staff(pools) => {
                let weights: Vec<f64> = pools.iter().map(|p| p.size).collect();
                pools
                    .iter()
                    .zip(split(value, &weights))
                    .map(|(p, n)| (p.name.clone(), String::new(), p.size, n))
                    .collect()
            }
            Lever::Hires { pools, months } => {
                let weights: Vec<f64> = pools
                    .iter()
                    .flat_map(|p| months.iter().map(move |_| p.size))
                    .collect();
                pools
                    .iter()
                    .flat_map(|p| months.iter().map(move |m| (p, m)))
                    .zip(split(value, &weights))
                    .map(|((p, m), n)| (p.name.clone(), m.clone(), p.size, n))
                    .collect()
            }
        }
    }

    /// The lever at `value` as a variant of the scenario at `base` (a path as the variant's
    /// `base` names it): the pools' new sizes, or the hiring cohorts, ready to run.
    pub fn answer_variant(&self, value: u32, base: &str, heading: &str) -> String {
        let mut text = String::new();
        for line in heading.lines() {
            text.push_str(&format!("# {line}\n"));
        }
        text.push_str(&format!(
            "base = {}\n",
            toml::Value::String(base.to_string())
        ));
        for (pool, month, _, amount) in self.split_of(value) {
            match self {
                Lever::Staff(pools) => {
                    let key = pools
                        .iter()
                        .find(|p| p.name == pool)
                        .map_or("fte", |p| p.key);
                    let size = if key == "fte" {
                        format!("{amount}.0")
                    } else {
                        amount.to_string()
                    };
                    text.push_str(&format!(
                        "\n[[pool]]\nname = {}\n{key} = {size}\n",
                        toml::Value::String(pool)
                    ));
                }
                Lever::Hires { .. } if amount > 0 => {
                    text.push_str(&format!(
                        "\n[[hiring]]\npool = {}\nstart = {month}-01\ncount = {amount}\n",
                        toml::Value::String(pool)
                    ));
                }
                Lever::Hires { .. } => {}
            }
        }
        text
    }

    /// The scenario `base` with the lever set to `value` (see [`Lever::apply`]).
    pub fn candidate(&self, base: &Scenario, value: u32) -> Result<Scenario, ScenarioError> {
        let mut scenario = base.clone();
        self.apply(&mut scenario, value)?;
        Ok(scenario)
    }

    /// Sets the lever to `value` in the scenario's staffing plan (a pool's size, or extra
    /// hiring cohorts with the default training and no mentoring), then derives the pools'
    /// schedules and the payroll cost again. A value the scenario file could not have (fewer
    /// than one server, less than half an FTE) is refused with the validator's problem.
    pub fn apply(&self, scenario: &mut Scenario, value: u32) -> Result<(), ScenarioError> {
        let mut problems: Vec<(usize, Problem)> = Vec::new();
        let plan = &mut scenario.network.staff_plan;
        match self {
            Lever::Staff(pools) => {
                let weights: Vec<f64> = pools.iter().map(|p| p.size).collect();
                for (pool, share) in pools.iter().zip(split(value, &weights)) {
                    let idx = pool_index(&scenario.path, plan, &pool.name)?;
                    let staff = &mut plan.pools[idx];
                    let field = |f: &str| format!("pool[{idx}].{f} (pool \"{}\")", pool.name);
                    let max = MAX_SERVERS as u32;
                    if !scenario.uncertainty.is_empty() {
                        // Replications with uncertain inputs are drawn from the table.
                        let path = format!("pool.{}.{}", pool.name, pool.key);
                        let value = if pool.key == "fte" {
                            toml::Value::Float(f64::from(share))
                        } else {
                            toml::Value::Integer(i64::from(share))
                        };
                        crate::sweep::apply(&mut scenario.uncertainty.table, &path, value)
                            .expect("the lever's pools are in the scenario's table");
                    }
                    if pool.key == "fte" {
                        staff.fte = Some(f64::from(share));
                        if share == 0 || share > max {
                            problems.push((
                                idx,
                                problem(
                                    field("fte"),
                                    format!("must be from 0.5 to {max} FTE, got {share}"),
                                    "give the staff in full-time equivalents, e.g. fte = 42.5",
                                ),
                            ));
                        }
                    } else if share == 0 || share > max {
                        problems.push((
                            idx,
                            problem(
                                field("servers"),
                                format!("must be a whole number from 1 to {max}, got {share}"),
                                "set the number of staff who work in parallel, e.g. servers = 10",
                            ),
                        ));
                    }
                    staff.servers = share.clamp(1, max);
                }
            }
            Lever::Hires { pools, months } => {
                let weights: Vec<f64> = pools
                    .iter()
                    .flat_map(|p| months.iter().map(move |_| p.size))
                    .collect();
                let shares = split(value, &weights);
                let cells = pools
                    .iter()
                    .flat_map(|p| months.iter().map(move |m| (p, m)));
                let first_new = plan.cohorts.len();
                for (new, ((pool, month), count)) in cells
                    .zip(shares)
                    .filter(|(_, count)| *count > 0)
                    .enumerate()
                {
                    let idx = pool_index(&scenario.path, plan, &pool.name)?;
                    let field = |f: &str| {
                        let h_idx = first_new + new;
                        format!("hiring[{h_idx}].{f} (pool \"{}\")", pool.name)
                    };
                    let Some(dates) = scenario.network.dates else {
                        problems.push((
                            idx,
                            problem(
                                field("start"),
                                "hiring needs the date the run starts",
                                "add start_date under [scenario]",
                            ),
                        ));
                        continue;
                    };
                    let Ok(start) = format!("{month}-01").parse::<jiff::civil::Date>() else {
                        problems.push((
                            idx,
                            problem(
                                field("start"),
                                format!("\"{month}-01\" is not a date"),
                                "write a date as year-month-day, e.g. 2026-01-01",
                            ),
                        ));
                        continue;
                    };
                    plan.cohorts.push(Cohort::new(
                        PoolIdx(idx as u16),
                        dates.day_of(start),
                        f64::from(count),
                        DEFAULT_TRAINING_MONTHS,
                        0.0,
                    ));
                    if !scenario.uncertainty.is_empty() {
                        hiring_entry(&mut scenario.uncertainty.table, &pool.name, start, count);
                    }
                }
            }
        }
        if !problems.is_empty() {
            // In the order of the file's pools, as the validator lists them.
            problems.sort_by_key(|(idx, _)| *idx);
            return Err(ScenarioError::Invalid {
                path: scenario.path.clone(),
                problems: problems.into_iter().map(|(_, p)| p).collect(),
            });
        }
        scenario.staffing = scenario.network.staff_plan.sizes();
        scenario.network.restaff(scenario.window);
        Ok(())
    }
}

/// Appends to a scenario table the `[[hiring]]` entry of a cohort the hiring lever adds: `count`
/// FTE into `pool` from `start`, with the default training and no mentoring (as the cohort the
/// lever puts in the staffing plan), so replications drawn from the table hire it too.
fn hiring_entry(table: &mut toml::Table, pool: &str, start: jiff::civil::Date, count: u32) {
    let mut entry = toml::Table::new();
    entry.insert("pool".into(), toml::Value::String(pool.into()));
    let date = toml::value::Date {
        year: start.year() as u16,
        month: start.month() as u8,
        day: start.day() as u8,
    };
    entry.insert(
        "start".into(),
        toml::Value::Datetime(toml::value::Datetime {
            date: Some(date),
            time: None,
            offset: None,
        }),
    );
    entry.insert("count".into(), toml::Value::Float(f64::from(count)));
    let hiring = table
        .entry("hiring")
        .or_insert_with(|| toml::Value::Array(Vec::new()));
    if let toml::Value::Array(entries) = hiring {
        entries.push(toml::Value::Table(entry));
    }
}

fn problem(field: String, problem: impl Into<String>, fix: &str) -> Problem {
    Problem {
        field,
        problem: problem.into(),
        fix: fix.into(),
    }
}

/// The index of pool `name` in the plan, or the problem of a lever made for another scenario.
fn pool_index(
    path: &std::path::Path,
    plan: &crate::model::StaffPlan,
    name: &str,
) -> Result<usize, ScenarioError> {
    plan.pools
        .iter()
        .position(|p| p.name == name)
        .ok_or_else(|| ScenarioError::Invalid {
            path: PathBuf::from(path),
            problems: vec![problem(
                "pool".into(),
                format!("there is no pool named \"{name}\""),
                "make the lever for this scenario",
            )],
        })
}

/// The pools named, with their key and size, or what is wrong. Only `hiring` may name a pool
/// of individual officers (whose size is their list): new staff join it as capacity.
fn find_pools(
    scenario: &Scenario,
    names: &[String],
    hiring: bool,
) -> Result<Vec<LeverPool>, LeverError> {
    if names.is_empty() {
        return Err(LeverError::NoPool);
    }
    let pools = &scenario.network.staff_plan.pools;
    let mut out: Vec<LeverPool> = Vec::new();
    for name in names {
        if out.iter().any(|p| &p.name == name) {
            return Err(LeverError::NamedTwice(name.clone()));
        }
        let Some(pool) = pools.iter().find(|p| &p.name == name) else {
            return Err(LeverError::UnknownPool {
                name: name.clone(),
                known: pools.iter().map(|p| p.name.clone()).collect(),
            });
        };
        let (key, size) = match pool.fte {
            _ if pool.officers && !hiring => {
                return Err(LeverError::OfficerGroups(name.clone()));
            }
            Some(fte) => ("fte", fte),
            None => ("servers", f64::from(pool.servers)),
        };
        if !hiring && let Some(input) = scenario.uncertainty.input_at(&format!("pool.{name}.{key}"))
        {
            return Err(LeverError::Drawn {
                pool: name.clone(),
                input: input.name.clone(),
            });
        }
        out.push(LeverPool {
            name: name.clone(),
            key,
            size,
        });
    }
    Ok(out)
}

/// Splits `total` whole units over weights in proportion (largest remainder; ties to the
/// earlier entry). Zero or missing weights count as equal weights.
pub fn split(total: u32, weights: &[f64]) -> Vec<u32> {
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: f64 = weights.iter().filter(|w| w.is_finite() && **w > 0.0).sum();
    let weights: Vec<f64> = if sum > 0.0 {
        weights
            .iter()
            .map(|w| {
                if w.is_finite() && *w > 0.0 {
                    w / sum
                } else {
                    0.0
                }
            })
            .collect()
    } else {
        vec![1.0 / weights.len() as f64; weights.len()]
    };
    let exact: Vec<f64> = weights.iter().map(|w| w * f64::from(total)).collect();
    let mut shares: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let mut left = total - shares.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for idx in order {
        if left == 0 {
            break;
        }
        shares[idx] += 1;
        left -= 1;
    }
    shares
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_short_description_fits_a_chart_title_with_many_pools() {
        let pools: Vec<LeverPool> = (0..10)
            .map(|i| LeverPool {
                name: format!("decision_location_{i}"),
                key: "fte",
                size: 10.0,
            })
            .collect();
        let staff = Lever::Staff(pools.clone());
        assert_eq!(staff.short_describe(), "total fte of 10 pools");
        assert!(staff.describe().contains("decision_location_9"));
        let hires = Lever::Hires {
            pools,
            months: vec!["2026-07".into(), "2026-10".into(), "2027-01".into()],
        };
        assert_eq!(
            hires.short_describe(),
            "hires into 10 pools, 3 months from 2026-07"
        );
        let one = Lever::Staff(vec![LeverPool {
            name: "a".into(),
            key: "servers",
            size: 3.0,
        }]);
        assert_eq!(one.short_describe(), one.describe());
    }

    use super::*;
    use crate::model::Schedule;
    use std::path::Path;

    #[test]
    fn split_is_proportional_and_exact() {
        assert_eq!(split(10, &[1.0]), vec![10]);
        assert_eq!(split(10, &[3.0, 1.0]), vec![8, 2]); // 7.5 / 2.5: tie to the first
        assert_eq!(split(7, &[1.0, 1.0, 1.0]), vec![3, 2, 2]);
        assert_eq!(split(200, &[120.0, 40.0, 40.0]), vec![120, 40, 40]);
        assert_eq!(split(5, &[0.0, 0.0]), vec![3, 2]);
        for total in 0..50 {
            assert_eq!(split(total, &[2.5, 7.0, 1.0]).iter().sum::<u32>(), total);
        }
    }

    /// Three pools on a calendar with summer leave, 5% attrition, a cost per FTE-year and a
    /// cohort already hired into `a`; `c` is a pool of individual officers.
    const SCENARIO: &str = r#"
[scenario]
name = "levers"
start_date = 2026-01-01
[run]
end_date = 2027-06-30
[staff]
attrition_per_year = 0.05
cost_per_fte_year_eur = 90000
[levels]
trainee = 0.5
regular = 1.0
senior = 1.2
[[calendar]]
name = "office"
holidays = ["new_year", "christmas"]
leave = [{ from = "07-15", until = "08-31", absent = 0.3 }]
[[pool]]
name = "a"
fte = 30.4
calendar = "office"
hours_per_week = 28
[[pool]]
name = "b"
servers = 10
[[pool]]
name = "c"
[[pool.officers]]
count = 3
[[hiring]]
pool = "a"
start = 2026-04-01
count = 4
training_months = 6
mentoring = 0.2
[[step]]
name = "work"
pool = "b"
work_hours = { dist = "exponential", mean = 1.0 }
next = "exit"
[[stream]]
name = "cases"
rate_per_day = 10
entry = "work"
"#;

    fn table() -> toml::Table {
        toml::from_str(SCENARIO).unwrap()
    }

    fn validated(table: toml::Table) -> Scenario {
        crate::scenario::parse_table(table, Path::new("levers.toml")).unwrap()
    }

    /// What the staffing plan derives, for comparing two scenarios.
    fn staffing_of(s: &Scenario) -> (Vec<Schedule>, Option<f64>) {
        let pools = s
            .network
            .pools
            .iter()
            .map(|p| Schedule {
                servers: p.servers,
                changes: p.capacity_changes.clone(),
            })
            .collect();
        (pools, s.network.staff_cost_eur)
    }

    /// Setting the lever in the typed plan gives what editing the file and validating it gave.
    #[test]
    fn staff_lever_matches_editing_the_file() {
        let base = validated(table());
        let lever = Lever::staff(&base, &["a".into(), "b".into()]).unwrap();
        assert_eq!(
            lever.describe(),
            "total staff of pools a, b (split by present size)"
        );
        let moved = lever.candidate(&base, 61).unwrap();
        // 30.4 : 10 of 61 is 45.9 : 15.1, so 46 FTE and 15 servers.
        let mut edited = table();
        crate::sweep::apply(&mut edited, "pool.a.fte", toml::Value::Integer(46)).unwrap();
        crate::sweep::apply(&mut edited, "pool.b.servers", toml::Value::Integer(15)).unwrap();
        let edited = validated(edited);
        assert_eq!(staffing_of(&moved), staffing_of(&edited));
        assert_eq!(moved.staffing, edited.staffing);
        assert_eq!(moved.network.staff_plan, edited.network.staff_plan);
        assert_ne!(staffing_of(&moved), staffing_of(&base));
        assert_eq!(moved.staffing[0], ("a".to_string(), 46.0));
        assert_eq!(moved.network.pools[1].servers, 15);
    }

    /// Hires as cohorts in the typed plan give what `[[hiring]]` entries in the file gave.
    #[test]
    fn hiring_lever_matches_editing_the_file() {
        let base = validated(table());
        let lever = Lever::hires(
            &base,
            &["a".into(), "b".into()],
            &["2026-09".into(), "2027-01".into()],
        )
        .unwrap();
        // 30.4 : 30.4 : 10 : 10 of 9: 3.4, 3.4, 1.1, 1.1, so 4, 3, 1, 1.
        let moved = lever.candidate(&base, 9).unwrap();
        let mut edited = table();
        let list = edited["hiring"].as_array_mut().unwrap();
        for (pool, start, count) in [
            ("a", "2026-09-01", 4),
            ("a", "2027-01-01", 3),
            ("b", "2026-09-01", 1),
            ("b", "2027-01-01", 1),
        ] {
            let mut cohort = toml::Table::new();
            cohort.insert("pool".into(), toml::Value::String(pool.into()));
            cohort.insert(
                "start".into(),
                toml::Value::Datetime(start.parse().unwrap()),
            );
            cohort.insert("count".into(), toml::Value::Integer(count));
            list.push(toml::Value::Table(cohort));
        }
        let edited = validated(edited);
        assert_eq!(staffing_of(&moved), staffing_of(&edited));
        assert_eq!(moved.network.staff_plan, edited.network.staff_plan);
        assert_eq!(moved.network.staff_plan.cohorts.len(), 5);
        assert!(moved.network.staff_cost_eur > base.network.staff_cost_eur);
        // No hires: the scenario as it was.
        let none = lever.candidate(&base, 0).unwrap();
        assert_eq!(staffing_of(&none), staffing_of(&base));
        assert_eq!(none.network.staff_plan, base.network.staff_plan);
    }

    /// A cut of 5 FTE from `a` and a transfer of 3 from `a` to `b` on 1 June 2026, and shorter
    /// productive hours in `a` from then on.
    const MOVES: &str = r#"
[[change]]
name = "moves"
date = 2026-06-01
staff = [ { pool = "a", fte = -5 }, { from = "a", to = "b", fte = 3, training_months = 2 } ]
hours = [ { pool = "a", hours_per_week = 24 } ]
"#;

    /// The staff lever on a scenario with staff moves: the moves stay and apply to the new
    /// sizes, as editing the file gives; a size below a cut clamps the cut at what is left.
    #[test]
    fn a_lever_works_on_a_scenario_with_moves() {
        let table_without_moves = table;
        let table = || -> toml::Table { toml::from_str(&format!("{SCENARIO}{MOVES}")).unwrap() };
        let base = validated(table());
        assert_eq!(base.network.staff_plan.moves.len(), 2);
        let lever = Lever::staff(&base, &["a".into(), "b".into()]).unwrap();
        let moved = lever.candidate(&base, 61).unwrap();
        let mut edited = table();
        crate::sweep::apply(&mut edited, "pool.a.fte", toml::Value::Integer(46)).unwrap();
        crate::sweep::apply(&mut edited, "pool.b.servers", toml::Value::Integer(15)).unwrap();
        let edited = validated(edited);
        assert_eq!(staffing_of(&moved), staffing_of(&edited));
        assert_eq!(moved.network.staff_plan, edited.network.staff_plan);
        // b (15 servers) gains the 3 transferred FTE, with attrition: on the last day (545)
        // 15 x 0.95^(545 / 365.25) + 3 x 0.95^((545 - 151) / 365.25) = 16.7.
        let b = &moved.network.pools[1];
        assert_eq!(
            (b.servers, b.capacity_changes.last().map(|c| c.1)),
            (15, Some(17))
        );
        // `a` at 1 FTE (plus its cohort of 4, less attrition: 4.94 on the payroll in June): the
        // cut of 5 takes what is left (the validator would refuse that file) and the transfer
        // finds nothing.
        let lever = Lever::staff(&base, &["a".into()]).unwrap();
        let small = lever.candidate(&base, 1).unwrap();
        let applied = small.network.staff_plan.applied_moves();
        assert!((applied[0].fte - 4.94).abs() < 0.01, "{applied:?}");
        assert_eq!(applied[0].available, Some(applied[0].fte));
        assert_eq!(applied[1].fte, 0.0);
        let unmoved = validated(table_without_moves());
        assert_eq!(staffing_of(&small).0[1], staffing_of(&unmoved).0[1]);
    }

    #[test]
    fn a_value_the_file_could_not_have_is_the_validators_problem() {
        let base = validated(table());
        let lever = Lever::staff(&base, &["b".into(), "a".into()]).unwrap();
        let err = lever.candidate(&base, 0).unwrap_err().to_string();
        let a = err.find("pool[0].fte (pool \"a\"): must be from 0.5 to 100000 FTE, got 0");
        let b = err
            .find("pool[1].servers (pool \"b\"): must be a whole number from 1 to 100000, got 0");
        assert!(a.is_some() && b.is_some() && a < b, "{err}");
        assert!(err.contains("2 problems"), "{err}");
    }

    #[test]
    fn bad_levers_say_what_to_fix() {
        let s = validated(table());
        let err = Lever::staff(&s, &["x".into()]).unwrap_err().to_string();
        assert!(
            err.contains("no [[pool]] named \"x\"") && err.contains("a, b, c"),
            "{err}"
        );
        let err = Lever::staff(&s, &["c".into()]).unwrap_err();
        assert_eq!(err, LeverError::OfficerGroups("c".into()));
        assert!(err.to_string().contains("officer groups"), "{err}");
        // Hiring into officers adds capacity, weighted by their number.
        let hires = Lever::hires(&s, &["c".into()], &["2026-05".into()]).unwrap();
        let Lever::Hires { pools, .. } = &hires else {
            unreachable!()
        };
        assert_eq!((pools[0].key, pools[0].size), ("servers", 3.0));
        let hired = hires.candidate(&s, 2).unwrap();
        assert_eq!(hired.network.pools[2].servers, 3);
        assert_ne!(
            hired.network.pools[2].capacity_changes,
            s.network.pools[2].capacity_changes
        );
        let err = Lever::hires(&s, &["a".into()], &["2027-13".into()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"2027-13\" is not a month\n  fix: write YYYY-MM, e.g. --hire 2027-01"
        );
        assert_eq!(
            Lever::hires(&s, &["a".into()], &[]).unwrap_err(),
            LeverError::NoMonths
        );
        let err = Lever::staff(&s, &["a".into(), "a".into()]).unwrap_err();
        assert!(err.to_string().contains("named twice"), "{err}");
        assert_eq!(Lever::staff(&s, &[]).unwrap_err(), LeverError::NoPool);
    }
}
