//! What the planner turns: the staff of one or more pools, or the hires of a hiring plan.
//!
//! A searched number is a **total** over the pools named: it is split over them in proportion
//! to their present size (largest remainder, whole people), so "decision officers at all
//! locations" keeps today's distribution over locations. For a hiring plan the total is the
//! number of new staff, split over the pools and then evenly over the months of the plan; each
//! share becomes a `[[hiring]]` cohort with the scenario's defaults for training and mentoring.

use toml::Value;

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

impl Lever {
    /// The staff lever for the named pools of a scenario table, or what is wrong.
    pub fn staff(table: &toml::Table, pools: &[String]) -> Result<Lever, String> {
        Ok(Lever::Staff(find_pools(table, pools)?))
    }

    /// The hiring lever: cohorts into the named pools in the given months (`YYYY-MM`).
    pub fn hires(
        table: &toml::Table,
        pools: &[String],
        months: &[String],
    ) -> Result<Lever, String> {
        for month in months {
            let valid = month.len() == 7
                && month.as_bytes()[4] == b'-'
                && month[..4].parse::<u16>().is_ok()
                && month[5..]
                    .parse::<u8>()
                    .is_ok_and(|m| (1..=12).contains(&m));
            if !valid {
                return Err(format!(
                    "\"{month}\" is not a month\n  fix: write YYYY-MM, e.g. --hire 2027-01"
                ));
            }
        }
        if months.is_empty() {
            return Err(
                "a hiring plan needs at least one month\n  fix: e.g. --hire 2027-01".into(),
            );
        }
        Ok(Lever::Hires {
            pools: find_pools(table, pools)?,
            months: months.to_vec(),
        })
    }

    /// The pools and what is turned, for people: "fte of decision_ter_apel, decision_zevenaar".
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

    /// Sets the lever to `value` in a scenario table.
    pub fn apply(&self, table: &mut toml::Table, value: u32) -> Result<(), String> {
        match self {
            Lever::Staff(pools) => {
                let weights: Vec<f64> = pools.iter().map(|p| p.size).collect();
                for (pool, share) in pools.iter().zip(split(value, &weights)) {
                    crate::sweep::apply(
                        table,
                        &format!("pool.{}.{}", pool.name, pool.key),
                        Value::Integer(i64::from(share)),
                    )
                    .map_err(|e| e.to_string())?;
                }
                Ok(())
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
                let mut cohorts = Vec::new();
                for ((pool, month), count) in cells.zip(shares) {
                    if count == 0 {
                        continue;
                    }
                    let mut cohort = toml::Table::new();
                    cohort.insert("pool".into(), Value::String(pool.name.clone()));
                    let date: toml::value::Datetime = format!("{month}-01")
                        .parse()
                        .map_err(|e| format!("\"{month}\" is not a month: {e}"))?;
                    cohort.insert("start".into(), Value::Datetime(date));
                    cohort.insert("count".into(), Value::Integer(i64::from(count)));
                    cohorts.push(Value::Table(cohort));
                }
                let entry = table
                    .entry("hiring")
                    .or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(list) = entry else {
                    return Err(
                        "the scenario's `hiring` is not a list of [[hiring]] cohorts".into(),
                    );
                };
                list.extend(cohorts);
                Ok(())
            }
        }
    }
}

/// The pools named, with their key and size, or what is wrong.
fn find_pools(table: &toml::Table, names: &[String]) -> Result<Vec<LeverPool>, String> {
    if names.is_empty() {
        return Err("name at least one pool\n  fix: e.g. --pool decision_ter_apel".into());
    }
    let entries: Vec<&toml::Table> = table
        .get("pool")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_table).collect())
        .unwrap_or_default();
    let mut out: Vec<LeverPool> = Vec::new();
    for name in names {
        if out.iter().any(|p| &p.name == name) {
            return Err(format!(
                "pool \"{name}\" is named twice\n  fix: name each pool once"
            ));
        }
        let Some(entry) = entries
            .iter()
            .find(|t| t.get("name").and_then(Value::as_str) == Some(name.as_str()))
        else {
            let known: Vec<&str> = entries
                .iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str))
                .collect();
            return Err(format!(
                "the scenario has no [[pool]] named \"{name}\"\n  fix: one of {}",
                known.join(", ")
            ));
        };
        let number = |key: &str| {
            entry
                .get(key)
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
        };
        let (key, size) = match (number("fte"), number("servers")) {
            (Some(fte), _) => ("fte", fte),
            (None, Some(servers)) => ("servers", servers),
            (None, None) => {
                return Err(format!(
                    "pool \"{name}\" gives its staff as officer groups ([[pool.officers]]), not as servers or fte\n  fix: plan on a pool with `servers` or `fte`, or vary the officer groups with `asielsim sweep`"
                ));
            }
        };
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
    use super::*;

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

    fn table() -> toml::Table {
        toml::from_str(
            "[[pool]]\nname = \"a\"\nfte = 30.0\n[[pool]]\nname = \"b\"\nservers = 10\n[[pool]]\nname = \"c\"\n[[pool.officers]]\ncount = 3\n",
        )
        .unwrap()
    }

    #[test]
    fn staff_lever_sets_every_pool_by_its_share() {
        let mut t = table();
        let lever = Lever::staff(&t, &["a".into(), "b".into()]).unwrap();
        lever.apply(&mut t, 60).unwrap();
        let pools = t["pool"].as_array().unwrap();
        assert_eq!(pools[0]["fte"].as_integer(), Some(45));
        assert_eq!(pools[1]["servers"].as_integer(), Some(15));
    }

    #[test]
    fn hiring_lever_adds_cohorts_per_pool_and_month() {
        let mut t = table();
        let lever = Lever::hires(&t, &["a".into()], &["2027-01".into(), "2027-07".into()]).unwrap();
        lever.apply(&mut t, 9).unwrap();
        let cohorts = t["hiring"].as_array().unwrap();
        assert_eq!(cohorts.len(), 2);
        assert_eq!(cohorts[0]["count"].as_integer(), Some(5));
        assert_eq!(cohorts[1]["count"].as_integer(), Some(4));
        assert_eq!(cohorts[1]["start"].to_string(), "2027-07-01");
        let mut none = table();
        lever.apply(&mut none, 0).unwrap();
        assert_eq!(none["hiring"].as_array().map(Vec::len), Some(0));
    }

    #[test]
    fn bad_levers_say_what_to_fix() {
        let t = table();
        let err = Lever::staff(&t, &["x".into()]).unwrap_err();
        assert!(
            err.contains("no [[pool]] named \"x\"") && err.contains("a, b, c"),
            "{err}"
        );
        let err = Lever::staff(&t, &["c".into()]).unwrap_err();
        assert!(err.contains("officer groups"), "{err}");
        let err = Lever::hires(&t, &["a".into()], &["2027-13".into()]).unwrap_err();
        assert!(err.contains("not a month"), "{err}");
        let err = Lever::staff(&t, &["a".into(), "a".into()]).unwrap_err();
        assert!(err.contains("named twice"), "{err}");
    }
}
