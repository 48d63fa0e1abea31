//! Input uncertainty: what we do not know, drawn once per replication.
//!
//! A scenario's `[[uncertain]]` entries name a path (as in `sweep --set`, `*` over entry names)
//! and a distribution; a `[[change]]` may carry a `probability`. Each replication draws every
//! input from its own random stream (`Purpose::Inputs`, one stream per entry, so adding an entry
//! shifts no other draw and no other purpose's numbers: common random numbers still hold), sets
//! the drawn values in the scenario's table, keeps or drops each uncertain change, and runs the
//! scenario so made. The p5-p95 over replications then carry what we do not know besides the
//! randomness of intake and work.
//!
//! Draws are taken by the inverse distribution function of a uniform number in
//! [0.001, 0.999], so every draw lies within the distribution's 0.1% and 99.9% quantiles. The
//! validator checks the scenario with every input at its low end, at its high end, and each
//! input alone at either end with the others at their medians; inputs that contradict each
//! other only in some combination (a drawn minimum above a drawn maximum) are refused when a
//! replication draws them, with the values drawn. A key holding an integer gets the draw rounded.

use statrs::distribution::{Beta, ContinuousCDF, LogNormal, Normal, Triangular, Uniform};
use toml::{Table, Value};

use crate::engine::{Purpose, RandomStreams};

/// The lowest and highest quantile a draw can take.
pub const QUANTILES: (f64, f64) = (0.001, 0.999);

/// The distribution of an uncertain input.
#[derive(Clone, Debug, PartialEq)]
pub enum InputDist {
    /// Log-normal with a mean and a coefficient of variation (hours, factors, rates).
    LogNormal {
        /// The mean.
        mean: f64,
        /// The coefficient of variation.
        cv: f64,
    },
    /// Normal with a mean and a standard deviation.
    Normal {
        /// The mean.
        mean: f64,
        /// The standard deviation.
        sd: f64,
    },
    /// Uniform between two bounds.
    Uniform {
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
    },
    /// Triangular.
    Triangular {
        /// The lower bound.
        min: f64,
        /// The most likely value.
        mode: f64,
        /// The upper bound.
        max: f64,
    },
    /// Beta on [0, 1] with a mean and a standard deviation (shares).
    Beta {
        /// The mean.
        mean: f64,
        /// The standard deviation.
        sd: f64,
    },
}

impl InputDist {
    /// The value at quantile `p` (in (0, 1)).
    pub fn quantile(&self, p: f64) -> f64 {
        match *self {
            InputDist::LogNormal { mean, cv } => {
                let sigma2 = (1.0 + cv * cv).ln();
                let mu = mean.ln() - sigma2 / 2.0;
                LogNormal::new(mu, sigma2.sqrt())
                    .expect("checked by the validator")
                    .inverse_cdf(p)
            }
            InputDist::Normal { mean, sd } => Normal::new(mean, sd)
                .expect("checked by the validator")
                .inverse_cdf(p),
            InputDist::Uniform { min, max } => Uniform::new(min, max)
                .expect("checked by the validator")
                .inverse_cdf(p),
            InputDist::Triangular { min, mode, max } => Triangular::new(min, max, mode)
                .expect("checked by the validator")
                .inverse_cdf(p),
            InputDist::Beta { mean, sd } => {
                let (a, b) = beta_shapes(mean, sd).expect("checked by the validator");
                Beta::new(a, b)
                    .expect("checked by the validator")
                    .inverse_cdf(p)
            }
        }
    }

    /// The median.
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// The distribution in words, with the range of its draws: "lognormal, mean 1.2, cv
    /// 0.048 (drawn from 1.03 to 1.39)".
    pub fn describe(&self) -> String {
        let g = |x: f64| format!("{}", (x * 1e4).round() / 1e4);
        let shape = match *self {
            InputDist::LogNormal { mean, cv } => {
                format!("lognormal, mean {}, cv {}", g(mean), g(cv))
            }
            InputDist::Normal { mean, sd } => format!("normal, mean {}, sd {}", g(mean), g(sd)),
            InputDist::Uniform { min, max } => format!("uniform from {} to {}", g(min), g(max)),
            InputDist::Triangular { min, mode, max } => {
                format!("triangular, {} to {}, mode {}", g(min), g(max), g(mode))
            }
            InputDist::Beta { mean, sd } => format!("beta, mean {}, sd {}", g(mean), g(sd)),
        };
        let (lo, hi) = QUANTILES;
        let sig = |x: f64| {
            if x == 0.0 {
                "0".to_string()
            } else {
                let digits = (3 - x.abs().log10().floor() as i32 - 1).max(0) as usize;
                format!("{x:.digits$}")
            }
        };
        format!(
            "{shape} (drawn from {} to {}, median {})",
            sig(self.quantile(lo)),
            sig(self.quantile(hi)),
            sig(self.median())
        )
    }
}

/// The shapes `(alpha, beta)` of a beta distribution with `mean` and `sd`, if there is one
/// (`sd^2 < mean (1 - mean)`).
pub fn beta_shapes(mean: f64, sd: f64) -> Option<(f64, f64)> {
    let v = sd * sd;
    if !(mean > 0.0 && mean < 1.0 && sd > 0.0 && v < mean * (1.0 - mean)) {
        return None;
    }
    let k = mean * (1.0 - mean) / v - 1.0;
    Some((mean * k, (1.0 - mean) * k))
}

/// One uncertain input of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct UncertainInput {
    /// Its name (the tornado chart's label), by default its path.
    pub name: String,
    /// The path it sets, as in `sweep --set`.
    pub path: String,
    /// Its distribution.
    pub dist: InputDist,
}

/// A dated change that takes effect only in some replications.
#[derive(Clone, Debug, PartialEq)]
pub struct UncertainChange {
    /// The change's name.
    pub name: String,
    /// The probability that it takes effect.
    pub probability: f64,
}

/// What a scenario does not know: its uncertain inputs and changes, and its table to draw
/// replications' scenarios from.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Uncertainty {
    /// The `[[uncertain]]` entries, in file order.
    pub inputs: Vec<UncertainInput>,
    /// The changes with a probability, in file order.
    pub changes: Vec<UncertainChange>,
    /// The scenario's table (a variant merged over its base), without `[[uncertain]]` and with
    /// every change's `probability` removed.
    pub table: Table,
}

/// One replication's draw: a value per input and whether each uncertain change takes effect.
#[derive(Clone, Debug, PartialEq)]
pub struct Draw {
    /// The value of each input, in the order of the inputs.
    pub values: Vec<f64>,
    /// Whether each uncertain change takes effect, in the order of the changes.
    pub changes: Vec<bool>,
}

impl Uncertainty {
    /// The uncertain input whose path reaches a key that `path` also reaches, if any: a value
    /// set there would be overwritten by every replication's draw.
    pub fn input_at(&self, path: &str) -> Option<&UncertainInput> {
        self.inputs
            .iter()
            .find(|i| crate::sweep::overlap(&self.table, &i.path, path))
    }

    /// True when the scenario has anything uncertain.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty() && self.changes.is_empty()
    }

    /// The draw of replication `random`: input k from stream k of `Purpose::Inputs`, uncertain
    /// change k from stream `1 << 32 | k`.
    pub fn draw(&self, random: RandomStreams) -> Draw {
        use rand::RngExt;
        let (lo, hi) = QUANTILES;
        let values = self
            .inputs
            .iter()
            .enumerate()
            .map(|(k, input)| {
                let u: f64 = random.stream(Purpose::Inputs, k as u64).random();
                let value = input.dist.quantile(lo + (hi - lo) * u);
                // A key that holds a whole number gets the draw rounded: record what is set.
                match crate::sweep::value_like(&self.table, &input.path, value) {
                    Value::Integer(whole) => whole as f64,
                    _ => value,
                }
            })
            .collect();
        let changes = self
            .changes
            .iter()
            .enumerate()
            .map(|(k, change)| {
                let u: f64 = random
                    .stream(Purpose::Inputs, (1 << 32) | k as u64)
                    .random();
                u < change.probability
            })
            .collect();
        Draw { values, changes }
    }

    /// The scenario table of `draw`: every input's value set at its path, and the uncertain
    /// changes that do not take effect removed.
    pub fn table_of(&self, draw: &Draw) -> Table {
        let mut table = self.table.clone();
        for (input, &value) in self.inputs.iter().zip(&draw.values) {
            let value = crate::sweep::value_like(&self.table, &input.path, value);
            crate::sweep::apply(&mut table, &input.path, value)
                .expect("paths checked by the validator");
        }
        let dropped: Vec<&str> = self
            .changes
            .iter()
            .zip(&draw.changes)
            .filter(|(_, kept)| !**kept)
            .map(|(c, _)| c.name.as_str())
            .collect();
        if !dropped.is_empty()
            && let Some(Value::Array(changes)) = table.get_mut("change")
        {
            changes.retain(|c| {
                let name = c.get("name").and_then(Value::as_str).unwrap_or("");
                !dropped.contains(&name)
            });
            if changes.is_empty() {
                table.remove("change");
            }
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_the_distributions() {
        let ln = InputDist::LogNormal { mean: 2.0, cv: 0.5 };
        // The median of a log-normal is exp(mu) = mean / sqrt(1 + cv^2).
        assert!((ln.median() - 2.0 / (1.25f64).sqrt()).abs() < 1e-9);
        let n = InputDist::Normal {
            mean: 10.0,
            sd: 2.0,
        };
        assert!((n.median() - 10.0).abs() < 1e-9);
        assert!((n.quantile(0.975) - (10.0 + 1.959_964 * 2.0)).abs() < 1e-3);
        let u = InputDist::Uniform { min: 1.0, max: 3.0 };
        assert!((u.quantile(0.25) - 1.5).abs() < 1e-12);
        let t = InputDist::Triangular {
            min: 0.0,
            mode: 0.0,
            max: 1.0,
        };
        // F(x) = 1 - (1 - x)^2: the median is 1 - sqrt(1/2).
        assert!((t.median() - (1.0 - 0.5f64.sqrt())).abs() < 1e-9);
        let b = InputDist::Beta { mean: 0.3, sd: 0.1 };
        let (a, bb) = beta_shapes(0.3, 0.1).unwrap();
        assert!((a / (a + bb) - 0.3).abs() < 1e-12);
        assert!(b.quantile(0.001) > 0.0 && b.quantile(0.999) < 1.0);
        assert!(beta_shapes(0.5, 0.6).is_none());
        assert!(beta_shapes(1.0, 0.1).is_none());
    }

    #[test]
    fn draws_come_from_their_own_streams_and_tables_follow_them() {
        let table: Table = toml::from_str(
            "[[pool]]\nname = \"a\"\nfte = 1.0\n[[change]]\nname = \"c1\"\ndate = 2027-01-01\n[[change]]\nname = \"c2\"\ndate = 2028-01-01\n",
        )
        .unwrap();
        let one = Uncertainty {
            inputs: vec![UncertainInput {
                name: "fte".into(),
                path: "pool.a.fte".into(),
                dist: InputDist::Uniform { min: 1.0, max: 2.0 },
            }],
            changes: vec![UncertainChange {
                name: "c1".into(),
                probability: 0.5,
            }],
            table,
        };
        let mut two = one.clone();
        two.inputs.push(UncertainInput {
            name: "other".into(),
            path: "pool.a.other".into(),
            dist: InputDist::Normal { mean: 0.0, sd: 1.0 },
        });
        let mut kept = 0;
        for rep in 0..200 {
            let random = RandomStreams::new(7, rep);
            let (d1, d2) = (one.draw(random), two.draw(random));
            // A second input shifts neither the first input's draw nor the change's.
            assert_eq!(d1.values[0], d2.values[0]);
            assert_eq!(d1.changes, d2.changes);
            assert!((1.0..=2.0).contains(&d1.values[0]));
            let t = one.table_of(&d1);
            assert_eq!(t["pool"][0]["fte"].as_float(), Some(d1.values[0]));
            let names: Vec<&str> = t["change"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap())
                .collect();
            assert_eq!(names.contains(&"c1"), d1.changes[0]);
            assert!(
                names.contains(&"c2"),
                "a change without a probability always stays"
            );
            kept += usize::from(d1.changes[0]);
        }
        assert!((70..130).contains(&kept), "about half of 200: {kept}");
    }
}
