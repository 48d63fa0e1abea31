//! What a comparison says beyond its totals: the paired differences per stream and per track
//! with a verdict each (better, worse, no clear difference), marked where the verdict differs
//! from the total's; and the largest effects over every metric, for the terminal.
//!
//! Key types: [`Verdict`], [`PartEffect`] (from [`by_part`]), [`Effect`] (from
//! [`largest_effects`]).

use crate::compare::{Comparison, PairedDifference};
use crate::model::catalogue::{Cases, Decisions, Flow, MetricKey, PenaltyPart};
use crate::model::{Catalogue, Direction};
use crate::stats::Unit;

/// What a paired difference says, in the metric's better direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The interval excludes zero on the better side.
    Better,
    /// The interval excludes zero on the worse side.
    Worse,
    /// The interval holds zero.
    NoClearDifference,
    /// The metric has no better direction (arrivals, hours): only "higher" or "lower".
    Higher,
    /// See [`Verdict::Higher`].
    Lower,
}

impl Verdict {
    /// The verdict on `difference` (variant - base) of a metric with `direction`.
    pub fn of(difference: &PairedDifference, direction: Direction) -> Verdict {
        let up = difference.ci_low > 0.0;
        let down = difference.ci_high < 0.0;
        match (direction, up, down) {
            (_, false, false) => Verdict::NoClearDifference,
            (Direction::Higher, true, _) | (Direction::Lower, _, true) => Verdict::Better,
            (Direction::Higher, _, true) | (Direction::Lower, true, _) => Verdict::Worse,
            (Direction::Neither, true, _) => Verdict::Higher,
            (Direction::Neither, _, true) => Verdict::Lower,
        }
    }

    /// In words, as in the report and the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::NoClearDifference => "no clear difference",
            Verdict::Higher => "higher",
            Verdict::Lower => "lower",
        }
    }
}

/// One variant's difference to the base on one stream's or track's metric.
#[derive(Clone, Debug, PartialEq)]
pub struct PartEffect {
    /// `stream` or `track`.
    pub kind: &'static str,
    /// The stream's or track's name.
    pub part: String,
    /// The metric (`within_term_share_nareis`).
    pub metric: String,
    /// The metric of the total it is part of (`within_term_share`).
    pub total_metric: String,
    /// The variant (index into the scenarios, 1 on).
    pub variant: usize,
    /// The base's and the variant's means.
    pub means: (f64, f64),
    /// The paired difference variant - base.
    pub difference: PairedDifference,
    /// Its verdict.
    pub verdict: Verdict,
    /// The verdict on the total.
    pub total_verdict: Verdict,
    /// The metric's unit.
    pub unit: Unit,
}

impl PartEffect {
    /// True when the verdict on this part is not the verdict on the total: a variant better in
    /// total that is worse for one stream, or no different in total but better for one.
    pub fn differs_from_total(&self) -> bool {
        self.verdict != self.total_verdict
    }
}

/// The total a per-stream or per-track metric is part of, and which kind of part it is.
fn total_of(key: MetricKey) -> Option<(&'static str, MetricKey)> {
    use MetricKey as K;
    Some(match key {
        K::WithinTermShare(Decisions::Stream(_)) => ("stream", K::WithinTermShare(Decisions::All)),
        K::WithinTermShare(Decisions::Track(_)) => ("track", K::WithinTermShare(Decisions::All)),
        K::ThroughputDaysMean(Cases::Stream(_)) => ("stream", K::ThroughputDaysMean(Cases::All)),
        K::ThroughputDaysMean(Cases::Track(_)) => ("track", K::ThroughputDaysMean(Cases::All)),
        K::InSystemEnd(Flow::Stream(_)) => ("stream", K::InSystemEnd(Flow::All)),
        K::Completed(Flow::Stream(_)) => ("stream", K::Completed(Flow::All)),
        K::Penalty {
            part: PenaltyPart::Total,
            year: None,
            stream: Some(_),
        } => ("stream", K::penalty(PenaltyPart::Total, None, None)),
        _ => return None,
    })
}

/// The differences per stream and per track of every variant, in the catalogue's order of
/// metrics (per variant), with the verdict on each and on its total.
pub fn by_part(catalogue: &Catalogue, comparisons: &[Comparison]) -> Vec<PartEffect> {
    let find = |name: &str| comparisons.iter().find(|c| c.metric == name);
    let name_of = |key: MetricKey| {
        catalogue
            .metrics()
            .iter()
            .find(|m| m.key == key)
            .map(|m| m.name.clone())
    };
    let mut out = Vec::new();
    let n_variants = comparisons.first().map_or(0, |c| c.differences.len());
    for variant in 0..n_variants {
        for def in catalogue.metrics() {
            let Some((kind, total_key)) = total_of(def.key) else {
                continue;
            };
            let (Some(total_name), Some(c)) = (name_of(total_key), find(&def.name)) else {
                continue;
            };
            let Some(total) = find(&total_name) else {
                continue;
            };
            let direction = def.key.direction();
            let difference = c.differences[variant].clone();
            if c.summaries[0].n == 0 && c.summaries[variant + 1].n == 0 {
                continue; // a stream or track without a value (e.g. a track switched off)
            }
            let part = part_name(&def.name, &total_name);
            out.push(PartEffect {
                kind,
                part,
                metric: def.name.clone(),
                total_metric: total_name,
                variant: variant + 1,
                means: (c.summaries[0].mean, c.summaries[variant + 1].mean),
                verdict: Verdict::of(&difference, direction),
                total_verdict: Verdict::of(&total.differences[variant], direction),
                difference,
                unit: c.unit,
            });
        }
    }
    out
}

/// The part's name in a per-part metric: what follows the longest `_`-bounded prefix of the
/// total's name (`within_term_share_first` of `within_term_share`: `first`; `penalty_eur_nareis`
/// of `penalty_eur_total`: `nareis`).
fn part_name(metric: &str, total: &str) -> String {
    let mut prefix = total;
    loop {
        if let Some(rest) = metric
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('_'))
        {
            return rest.to_string();
        }
        match prefix.rfind('_') {
            Some(at) => prefix = &prefix[..at],
            None => return metric.to_string(),
        }
    }
}

/// One variant's clear difference to the base on one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// The metric.
    pub metric: String,
    /// The variant (index into the scenarios, 1 on).
    pub variant: usize,
    /// The base's and the variant's means.
    pub means: (f64, f64),
    /// The paired difference variant - base.
    pub difference: PairedDifference,
    /// The difference as a share of the base's mean (NaN for a base mean of zero).
    pub relative: f64,
    /// Its verdict.
    pub verdict: Verdict,
    /// The metric's unit.
    pub unit: Unit,
}

/// The `n` largest clear effects (intervals that exclude zero) over the whole-run metrics with
/// a better direction (per-year figures left out), by the size of the difference relative to the
/// base's mean; per variant in turn. Metrics whose base mean is zero come after, in catalogue
/// order.
pub fn largest_effects(catalogue: &Catalogue, comparisons: &[Comparison], n: usize) -> Vec<Effect> {
    let n_variants = comparisons.first().map_or(0, |c| c.differences.len());
    let mut out = Vec::new();
    for variant in 0..n_variants {
        let mut effects: Vec<Effect> = comparisons
            .iter()
            .filter_map(|c| {
                let key = catalogue.metrics()[catalogue.find(&c.metric)?].key;
                let direction = key.direction();
                if direction == Direction::Neither || key.year().is_some() {
                    return None;
                }
                let d = &c.differences[variant];
                if !d.significant() {
                    return None;
                }
                let base = c.summaries[0].mean;
                let relative = if base != 0.0 && base.is_finite() {
                    d.mean / base.abs()
                } else {
                    f64::NAN
                };
                Some(Effect {
                    metric: c.metric.clone(),
                    variant: variant + 1,
                    means: (base, c.summaries[variant + 1].mean),
                    difference: d.clone(),
                    relative,
                    verdict: Verdict::of(d, direction),
                    unit: c.unit,
                })
            })
            .collect();
        effects.sort_by(|a, b| {
            let size = |e: &Effect| {
                if e.relative.is_finite() {
                    e.relative.abs()
                } else {
                    -1.0
                }
            };
            size(b).total_cmp(&size(a))
        });
        effects.truncate(n);
        out.extend(effects);
    }
    out
}

/// A difference as people read it: shares in percentage points ("+3.2 pp"), other units as
/// the unit writes them, with a sign.
pub fn difference_text(unit: Unit, value: f64) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    match unit {
        Unit::Share => format!("{:+.1} pp", 100.0 * value),
        _ => {
            let text = unit.format(value.abs());
            if value < 0.0 {
                format!("-{text}")
            } else {
                format!("+{text}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(low: f64, high: f64) -> PairedDifference {
        PairedDifference {
            n: 10,
            mean: (low + high) / 2.0,
            ci_low: low,
            ci_high: high,
            unpaired_half_width: 1.0,
        }
    }

    #[test]
    fn part_names_follow_the_total_s_name() {
        assert_eq!(
            part_name("within_term_share_first", "within_term_share"),
            "first"
        );
        assert_eq!(
            part_name("penalty_eur_nareis", "penalty_eur_total"),
            "nareis"
        );
        assert_eq!(part_name("in_system_end_first", "in_system_end"), "first");
        assert_eq!(
            part_name("throughput_days_mean_track2", "throughput_days_mean"),
            "track2"
        );
    }

    #[test]
    fn verdicts_follow_the_better_direction() {
        assert_eq!(
            Verdict::of(&d(0.1, 0.3), Direction::Higher),
            Verdict::Better
        );
        assert_eq!(Verdict::of(&d(0.1, 0.3), Direction::Lower), Verdict::Worse);
        assert_eq!(
            Verdict::of(&d(-0.3, -0.1), Direction::Lower),
            Verdict::Better
        );
        assert_eq!(
            Verdict::of(&d(-0.1, 0.3), Direction::Lower),
            Verdict::NoClearDifference
        );
        assert_eq!(
            Verdict::of(&d(0.1, 0.3), Direction::Neither),
            Verdict::Higher
        );
    }

    #[test]
    fn differences_of_shares_are_in_percentage_points() {
        assert_eq!(difference_text(Unit::Share, 0.032), "+3.2 pp");
        assert_eq!(difference_text(Unit::Share, -0.5), "-50.0 pp");
        assert_eq!(difference_text(Unit::Days, -12.26), "-12.3 days");
        assert!(difference_text(Unit::Count, -1200.0).starts_with("-1"));
        assert_eq!(difference_text(Unit::Count, f64::NAN), "–");
    }
}
