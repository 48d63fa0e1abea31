//! The statutory decision term (beslistermijn, art. 42 Vw 2000 for asylum; Awb for nareis).
//!
//! A case's term ends at its lodging date plus a base term plus every extension that applies,
//! never beyond the legal maximum:
//! - a [`TermRegime`] gives the base term for a stream, optionally only for applications lodged
//!   within a date range, or only for applications whose term was still running on a date (so
//!   the 2022-2023 blanket extension to 15 months is a dated regime, and "what if it had not been
//!   allowed" is one regime removed); it may state the most the term may total with extensions;
//! - an [`Extension`] adds months for a share of cases, for cases with a feature, for a
//!   nationality group (a besluitmoratorium), again optionally only within a lodging range; it
//!   may require other extensions (the +3 months of art. 42 Vw 2000 only after the +9), and may
//!   raise the maximum when it applies (a besluitmoratorium: 21 months in all).
//!
//! Lengths are calendar months and days, added in one step with day clamping (31 January plus
//! one month is 28 or 29 February), as the law counts them.
//!
//! # Which regime applies
//!
//! Dated regimes (with `lodged_from`, `lodged_until` or `running_on`) are tried before undated
//! ones, each group in its order ([`TermRules::new`] sorts them so); the first that applies to the
//! case is its regime. A regime
//! with [`TermRegime::running_on`] date `D` applies only when the term the case would have
//! without it (under the regime found by the same rule among the regimes after it, with the
//! case's extensions and that regime's maximum) ends on `D` or later: the term "had not yet
//! expired on `D`". A term whose last day is `D` is still running on `D`; one whose last day
//! is the day before is not. Applications lodged on or after `D` always qualify.
//!
//! # Extensions and the maximum
//!
//! Extensions are taken in order (the validator puts every extension after those it requires).
//! One applies when the case is of its streams, groups and features and lodged in its range,
//! wins its draw (when its share is below 1) and has got every extension it requires. The draw
//! is made whether or not the requirements hold, so switching a requirement off changes no
//! other draw. The term is then clamped: it ends no later than the largest maximum among the
//! regime's and those of the extensions that applied (no maximum at all: no clamp), and a
//! maximum never shortens the base term itself.

use jiff::Span;
use jiff::civil::{Date, date};

/// Most extensions a set of rules may have (requirements are kept as bits of a `u64`).
pub const MAX_EXTENSIONS: usize = 64;

/// A length of time in calendar months plus days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TermLength {
    /// Whole calendar months.
    pub months: i32,
    /// Further days.
    pub days: i32,
}

impl TermLength {
    /// `months` calendar months.
    pub const fn months(months: i32) -> TermLength {
        TermLength { months, days: 0 }
    }

    /// `days` days.
    pub const fn days(days: i32) -> TermLength {
        TermLength { months: 0, days }
    }

    /// The date this length after `date` (months first, then days), or the last date the
    /// calendar holds when that lies beyond it.
    pub fn after(self, date: Date) -> Date {
        let months = match self.months {
            0 => Ok(date),
            m => Span::new().try_months(m).and_then(|s| date.checked_add(s)),
        };
        months
            .and_then(|d| match self.days {
                0 => Ok(d),
                n => Span::new().try_days(n).and_then(|s| d.checked_add(s)),
            })
            .unwrap_or(Date::MAX)
    }

    /// A start date from which `self` ends before `other` does, if there is one. Checked over
    /// four years of start dates, which hold every pattern of month lengths and leap days, so
    /// `None` means `self` is at least as long as `other` from any date.
    pub fn ends_before(self, other: TermLength) -> Option<Date> {
        let first = date(2024, 1, 1);
        (0..4 * 365 + 1)
            .map(|day| TermLength::days(day).after(first))
            .find(|&start| self.after(start) < other.after(start))
    }
}

impl std::ops::Add for TermLength {
    type Output = TermLength;
    fn add(self, rhs: TermLength) -> TermLength {
        TermLength {
            months: self.months.saturating_add(rhs.months),
            days: self.days.saturating_add(rhs.days),
        }
    }
}

/// An inclusive range of lodging dates; `None` ends are open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LodgedRange {
    /// First lodging date covered.
    pub from: Option<Date>,
    /// Last lodging date covered.
    pub until: Option<Date>,
}

impl LodgedRange {
    /// Does the range cover `date`?
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| date >= from) && self.until.is_none_or(|until| date <= until)
    }

    /// True when both ends are open.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// The base term of a stream for applications lodged in a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermRegime {
    /// Name, for messages and reports.
    pub name: String,
    /// Index of the stream it applies to.
    pub stream: usize,
    /// Nationality groups it applies to (indices); empty for all. A regime for some groups
    /// only (the accelerated procedure for safe countries of origin) is tried before one for
    /// all groups, as a dated one is.
    pub groups: Vec<usize>,
    /// Lodging dates it covers.
    pub lodged: LodgedRange,
    /// When set, the regime applies only to applications whose term under the regime that would
    /// otherwise apply had not yet expired on this date: that term's last day is this date or
    /// later (see the module documentation). WBV 2022/22: 27 September 2022.
    pub running_on: Option<Date>,
    /// The base term.
    pub base: TermLength,
    /// The most the term may total with extensions under this regime (art. 42 Vw 2000: 6 + 9
    /// months); `None` for no maximum. An extension's own maximum may raise it.
    pub max: Option<TermLength>,
}

impl TermRegime {
    /// True when the regime covers only some lodging dates or some groups: it is tried before
    /// regimes for every date and group.
    pub fn is_dated(&self) -> bool {
        !self.lodged.is_open() || self.running_on.is_some() || !self.groups.is_empty()
    }

    /// Is the regime for cases of this stream and group (whatever their lodging date)?
    #[inline]
    fn is_for(&self, stream: usize, group: usize) -> bool {
        self.stream == stream && (self.groups.is_empty() || self.groups.contains(&group))
    }

    /// The last day of the term of a case lodged on `lodged` under this regime, with `extra`
    /// added by extensions and `raised` the largest maximum those extensions set (as a day of
    /// `clock`).
    fn end<C: TermClock>(
        &self,
        clock: &C,
        lodged: C::Day,
        extra: TermLength,
        raised: Option<C::Day>,
    ) -> C::Day {
        let full = clock.after(self.base + extra, lodged);
        if extra == TermLength::default() {
            // The base term alone, which no maximum shortens.
            return full;
        }
        let cap = match (self.max.map(|max| clock.after(max, lodged)), raised) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        match cap {
            Some(cap) if full > cap => cap.max(clock.after(self.base, lodged)),
            _ => full,
        }
    }
}

/// An extension of the term that applies to some cases.
#[derive(Clone, Debug, PartialEq)]
pub struct Extension {
    /// Name, for messages and reports.
    pub name: String,
    /// Case streams it applies to (indices).
    pub streams: Vec<usize>,
    /// Nationality groups it applies to (indices); empty for all.
    pub groups: Vec<usize>,
    /// Feature bits of which the case must have at least one; 0 for no condition.
    pub features_any: u64,
    /// Share of the qualifying cases that get it (1 for all).
    pub probability: f64,
    /// Lodging dates it covers.
    pub lodged: LodgedRange,
    /// How much it adds.
    pub length: TermLength,
    /// Extensions the case must have got for this one to apply: bit `i` is extension `i` of
    /// the same [`TermRules`], which comes before this one; 0 for none.
    pub requires: u64,
    /// When this extension applies, the term may total up to this much even if the regime's
    /// maximum is lower (a besluitmoratorium: 21 months); `None` leaves the maximum as it is.
    pub max: Option<TermLength>,
}

impl Extension {
    /// Does the case meet the extension's own conditions (before its draw and requirements)?
    #[cfg(test)]
    fn covers(&self, stream: usize, group: usize, features: u64, lodged: Date) -> bool {
        self.is_for(stream, group, features) && self.lodged.contains(lodged)
    }

    /// Is the extension for cases of this stream, group and features (whatever their lodging
    /// date)?
    #[inline]
    fn is_for(&self, stream: usize, group: usize, features: u64) -> bool {
        self.streams.contains(&stream)
            && (self.groups.is_empty() || self.groups.contains(&group))
            && (self.features_any == 0 || self.features_any & features != 0)
    }
}

/// All term rules of a scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TermRules {
    /// Base terms in the order they are tried: the first that applies to a case is its regime.
    /// [`TermRules::new`] puts dated ones before undated ones.
    pub regimes: Vec<TermRegime>,
    /// Extensions, each after those it requires (at most [`MAX_EXTENSIONS`]); every one that
    /// applies is added.
    pub extensions: Vec<Extension>,
}

impl TermRules {
    /// Rules with `regimes` in their order of precedence: dated regimes (see
    /// [`TermRegime::is_dated`]) first, then undated ones, each group in the given order.
    /// `extensions` must already list every extension after those it requires
    /// ([`requirement_order`]).
    pub fn new(mut regimes: Vec<TermRegime>, extensions: Vec<Extension>) -> TermRules {
        regimes.sort_by_key(|r| !r.is_dated());
        TermRules {
            regimes,
            extensions,
        }
    }

    /// The end date of the term of a case: stream `stream`, nationality group `group`, feature
    /// bits `features`, lodged on `lodged`. `draw` yields a uniform number in [0, 1) for every
    /// extension whose conditions the case meets and that applies with a probability below 1, in
    /// rule order (from the case's own random stream). Returns `None` when no regime covers the
    /// case.
    pub fn term_end(
        &self,
        stream: usize,
        group: usize,
        features: u64,
        lodged: Date,
        draw: impl FnMut() -> f64,
    ) -> Option<Date> {
        self.term(stream, group, features, lodged, draw)
            .map(|(_, end)| end)
    }

    /// The index of the case's regime and the end date of its term (see [`TermRules::term_end`]).
    pub(super) fn term(
        &self,
        stream: usize,
        group: usize,
        features: u64,
        lodged: Date,
        draw: impl FnMut() -> f64,
    ) -> Option<(usize, Date)> {
        self.term_by(&Civil(self), stream, group, features, lodged, draw)
    }

    /// The index of the case's regime and the last day of its term, counted by `clock` (which
    /// holds these rules' dates as its days).
    pub(super) fn term_by<C: TermClock>(
        &self,
        clock: &C,
        stream: usize,
        group: usize,
        features: u64,
        lodged: C::Day,
        mut draw: impl FnMut() -> f64,
    ) -> Option<(usize, C::Day)> {
        let mut applied = 0u64;
        let mut extra = TermLength::default();
        let mut raised: Option<C::Day> = None;
        for (idx, ext) in self.extensions.iter().enumerate().take(MAX_EXTENSIONS) {
            if !(ext.is_for(stream, group, features) && clock.extension_covers(idx, lodged)) {
                continue;
            }
            let won = ext.probability >= 1.0 || draw() < ext.probability;
            if won && ext.requires & !applied == 0 {
                applied |= 1 << idx;
                extra = extra + ext.length;
                if let Some(max) = ext.max {
                    raised = raised.max(Some(clock.after(max, lodged)));
                }
            }
        }
        let regimes = &self.regimes;
        let applies =
            |idx: usize| regimes[idx].is_for(stream, group) && clock.regime_covers(idx, lodged);
        let end = |idx: usize| regimes[idx].end(clock, lodged, extra, raised);
        let first = (0..regimes.len()).find(|&idx| applies(idx))?;
        if regimes[first].running_on.is_none() {
            return Some((first, end(first)));
        }
        // The regime that applies when no `running_on` condition holds, then backwards from it:
        // each `running_on` regime applies when the one chosen after it ends on its date or later.
        let plain =
            (first..regimes.len()).find(|&idx| applies(idx) && regimes[idx].running_on.is_none());
        let mut chosen = plain;
        for idx in (first..plain.unwrap_or(regimes.len())).rev() {
            if let Some(day) = clock.running_on(idx).filter(|_| applies(idx))
                && chosen.is_some_and(|otherwise| end(otherwise) >= day)
            {
                chosen = Some(idx);
            }
        }
        chosen.map(|idx| (idx, end(idx)))
    }
}

/// How the dates of a term are counted: as civil dates ([`Civil`]) or as day numbers from a
/// start date ([`TermTable`](super::TermTable)). A clock holds the dates of one set of rules in
/// its own days (lodging ranges and `running_on` dates, by regime and extension index), and
/// adds term lengths to a lodging day.
pub(super) trait TermClock {
    /// A day.
    type Day: Copy + Ord;
    /// The day `length` after `from` (as [`TermLength::after`]).
    fn after(&self, length: TermLength, from: Self::Day) -> Self::Day;
    /// Does regime `idx`'s lodging range cover `lodged`?
    fn regime_covers(&self, idx: usize, lodged: Self::Day) -> bool;
    /// Regime `idx`'s [`TermRegime::running_on`] date.
    fn running_on(&self, idx: usize) -> Option<Self::Day>;
    /// Does extension `idx`'s lodging range cover `lodged`?
    fn extension_covers(&self, idx: usize, lodged: Self::Day) -> bool;
}

/// Civil dates: the rules' dates as they are, lengths added by date arithmetic.
struct Civil<'r>(&'r TermRules);

impl TermClock for Civil<'_> {
    type Day = Date;

    fn after(&self, length: TermLength, from: Date) -> Date {
        length.after(from)
    }

    fn regime_covers(&self, idx: usize, lodged: Date) -> bool {
        self.0.regimes[idx].lodged.contains(lodged)
    }

    fn running_on(&self, idx: usize) -> Option<Date> {
        self.0.regimes[idx].running_on
    }

    fn extension_covers(&self, idx: usize, lodged: Date) -> bool {
        self.0.extensions[idx].lodged.contains(lodged)
    }
}

/// An order of extensions in which each comes after every extension it requires, as close to
/// the given order as that allows (`requires[i]` lists the indices extension `i` requires).
/// `Err` holds a circle: indices each of which requires the next, the last requiring the first.
pub fn requirement_order(requires: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let n = requires.len();
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let ready =
            (0..n).find(|&i| !placed[i] && requires[i].iter().all(|&r| r >= n || placed[r]));
        match ready {
            Some(i) => {
                placed[i] = true;
                order.push(i);
            }
            None => {
                // Every unplaced extension requires an unplaced one: walk until one repeats.
                let mut path = Vec::new();
                let mut at = (0..n).find(|&i| !placed[i]).expect("some are unplaced");
                while !path.contains(&at) {
                    path.push(at);
                    at = *requires[at]
                        .iter()
                        .find(|&&r| r < n && !placed[r])
                        .expect("an unplaced extension waits for an unplaced one");
                }
                let start = path.iter().position(|&i| i == at).expect("repeated");
                return Err(path.split_off(start));
            }
        }
    }
    Ok(order)
}

#[cfg(test)]
pub(super) mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;

    use super::*;

    const ASYLUM: usize = 0;
    const NAREIS: usize = 1;
    const SYRIA: usize = 0;
    const OTHER: usize = 1;
    const COMPLEX: u64 = 1 << 0;

    fn regime(name: &str, stream: usize, base: TermLength) -> TermRegime {
        TermRegime {
            name: name.into(),
            stream,
            groups: vec![],
            lodged: LodgedRange::default(),
            running_on: None,
            base,
            max: None,
        }
    }

    fn extension(name: &str, length: TermLength) -> Extension {
        Extension {
            name: name.into(),
            streams: vec![ASYLUM],
            groups: vec![],
            features_any: 0,
            probability: 1.0,
            lodged: LodgedRange::default(),
            length,
            requires: 0,
            max: None,
        }
    }

    fn rules() -> TermRules {
        TermRules {
            regimes: vec![
                TermRegime {
                    lodged: LodgedRange {
                        from: Some(date(2022, 9, 27)),
                        until: Some(date(2024, 1, 1)),
                    },
                    ..regime("wbv_2022", ASYLUM, TermLength::months(15))
                },
                regime("asylum", ASYLUM, TermLength::months(6)),
                regime("nareis", NAREIS, TermLength::days(90)),
            ],
            extensions: vec![
                Extension {
                    features_any: COMPLEX,
                    ..extension("complex", TermLength::months(9))
                },
                Extension {
                    groups: vec![SYRIA],
                    lodged: LodgedRange {
                        from: Some(date(2024, 6, 1)),
                        until: None,
                    },
                    ..extension("moratorium_syria", TermLength::months(6))
                },
                Extension {
                    probability: 0.1,
                    ..extension("exceptional", TermLength::months(3))
                },
            ],
        }
    }

    /// Art. 42 Vw 2000 as the baseline has it: 6 months, at most 15 with the +9 for complex
    /// cases, the +3 only after the +9 and then at most 18, a besluitmoratorium to at most 21.
    fn art_42() -> TermRules {
        TermRules {
            regimes: vec![TermRegime {
                max: Some(TermLength::months(15)),
                ..regime("asylum", ASYLUM, TermLength::months(6))
            }],
            extensions: vec![
                Extension {
                    features_any: COMPLEX,
                    ..extension("complex", TermLength::months(9))
                },
                Extension {
                    probability: 0.1,
                    requires: 1 << 0,
                    max: Some(TermLength::months(18)),
                    ..extension("exceptional", TermLength::months(3))
                },
                Extension {
                    groups: vec![SYRIA],
                    max: Some(TermLength::months(21)),
                    ..extension("moratorium", TermLength::months(12))
                },
            ],
        }
    }

    fn no_draw() -> f64 {
        0.99
    }

    #[test]
    fn base_terms() {
        let r = rules();
        let t = r.term_end(ASYLUM, OTHER, 0, date(2026, 3, 10), no_draw);
        assert_eq!(t, Some(date(2026, 9, 10)));
        let t = r.term_end(NAREIS, OTHER, 0, date(2026, 3, 10), no_draw);
        assert_eq!(t, Some(date(2026, 6, 8)), "90 days, not three months");
        // Month arithmetic clamps: 31 August + 6 months = 28 February.
        let t = r.term_end(ASYLUM, OTHER, 0, date(2026, 8, 31), no_draw);
        assert_eq!(t, Some(date(2027, 2, 28)));
    }

    #[test]
    fn dated_regime_applies_only_to_its_lodging_range() {
        let r = rules();
        let inside = r.term_end(ASYLUM, OTHER, 0, date(2023, 5, 1), no_draw);
        assert_eq!(inside, Some(date(2024, 8, 1)), "15 months");
        let before = r.term_end(ASYLUM, OTHER, 0, date(2022, 9, 26), no_draw);
        assert_eq!(before, Some(date(2023, 3, 26)), "6 months");
        let last_day = r.term_end(ASYLUM, OTHER, 0, date(2024, 1, 1), no_draw);
        assert_eq!(last_day, Some(date(2025, 4, 1)), "the range is inclusive");
        // "What if the extension had not been allowed": drop the dated regime.
        let mut without = r.clone();
        without.regimes.remove(0);
        let t = without.term_end(ASYLUM, OTHER, 0, date(2023, 5, 1), no_draw);
        assert_eq!(t, Some(date(2023, 11, 1)));
    }

    #[test]
    fn a_dated_regime_listed_after_the_undated_one_still_applies() {
        let mut r = rules();
        r.regimes.swap(0, 1);
        let r = TermRules::new(r.regimes, Vec::new());
        let t = r.term_end(ASYLUM, OTHER, 0, date(2023, 5, 1), no_draw);
        assert_eq!(t, Some(date(2024, 8, 1)), "15 months");
    }

    #[test]
    fn extensions_by_feature_group_and_share_add_up() {
        let r = rules();
        let lodged = date(2025, 1, 15);
        // Complex: 6 + 9 = 15 months.
        let t = r.term_end(ASYLUM, OTHER, COMPLEX, lodged, no_draw);
        assert_eq!(t, Some(date(2026, 4, 15)));
        // Moratorium group lodged after 2024-06-01, complex: 6 + 9 + 6 = 21 months.
        let t = r.term_end(ASYLUM, SYRIA, COMPLEX, lodged, no_draw);
        assert_eq!(t, Some(date(2026, 10, 15)));
        // The exceptional extension applies when the draw is below its share.
        let t = r.term_end(ASYLUM, OTHER, COMPLEX, lodged, || 0.05);
        assert_eq!(t, Some(date(2026, 7, 15)), "6 + 9 + 3 = 18 months");
        // Nareis gets no asylum extension.
        let t = r.term_end(NAREIS, SYRIA, COMPLEX, lodged, || 0.0);
        assert_eq!(t, Some(date(2025, 4, 15)));
    }

    #[test]
    fn only_probabilistic_extensions_consume_draws() {
        let r = rules();
        let mut n_draws = 0;
        r.term_end(ASYLUM, SYRIA, COMPLEX, date(2025, 1, 15), || {
            n_draws += 1;
            0.5
        });
        assert_eq!(n_draws, 1);
    }

    #[test]
    fn no_regime_no_term() {
        let r = TermRules::default();
        assert_eq!(
            r.term_end(ASYLUM, OTHER, 0, date(2026, 1, 1), no_draw),
            None
        );
    }

    /// Lodged on 10 March 2026: 6 months is 10 September 2026, 15 months 10 June 2027, 18 months
    /// 10 September 2027, 21 months 10 December 2027.
    #[test]
    fn extensions_stop_at_the_legal_maximum() {
        let r = art_42();
        let lodged = date(2026, 3, 10);
        let end = |group, features| r.term_end(ASYLUM, group, features, lodged, no_draw);
        assert_eq!(end(OTHER, 0), Some(date(2026, 9, 10)), "6 months");
        assert_eq!(end(OTHER, COMPLEX), Some(date(2027, 6, 10)), "6 + 9");
        // The +3 (drawn here) after the +9: 18 months, the maximum it raises to.
        let t = r.term_end(ASYLUM, OTHER, COMPLEX, lodged, || 0.0);
        assert_eq!(t, Some(date(2027, 9, 10)), "6 + 9 + 3 = 18");
        // A moratorium of 12 months alone: 18 months, within its own maximum of 21.
        assert_eq!(end(SYRIA, 0), Some(date(2027, 9, 10)), "6 + 12");
        // With the +9 and the +3 too: 6 + 9 + 3 + 12 = 30 months, clamped at 21.
        let t = r.term_end(ASYLUM, SYRIA, COMPLEX, lodged, || 0.0);
        assert_eq!(t, Some(date(2027, 12, 10)), "at most 21 months");
        // Without the moratorium's own maximum, the +3's 18 months hold.
        let mut no_raise = r.clone();
        no_raise.extensions[2].max = None;
        let t = no_raise.term_end(ASYLUM, SYRIA, COMPLEX, lodged, || 0.0);
        assert_eq!(t, Some(date(2027, 9, 10)), "at most 18 months");
        // And the +9 with the moratorium but no +3: the moratorium lifts 15 to 21.
        assert_eq!(
            end(SYRIA, COMPLEX),
            Some(date(2027, 12, 10)),
            "6 + 9 + 12 > 21"
        );
    }

    #[test]
    fn a_maximum_never_shortens_the_base_term() {
        let mut r = art_42();
        r.regimes[0].base = TermLength::months(20);
        let t = r.term_end(ASYLUM, OTHER, COMPLEX, date(2026, 3, 10), || 0.0);
        assert_eq!(t, Some(date(2027, 11, 10)), "20 months, not 18");
    }

    #[test]
    fn the_exceptional_extension_needs_the_complex_one() {
        let r = art_42();
        let lodged = date(2026, 3, 10);
        // Drawn for the +3, but not complex: 6 months.
        let mut draws = 0;
        let t = r.term_end(ASYLUM, OTHER, 0, lodged, || {
            draws += 1;
            0.0
        });
        assert_eq!(t, Some(date(2026, 9, 10)));
        // The +3's draw happens whether or not its requirement holds: switching the requirement
        // off changes no other draw.
        let mut r = r;
        r.extensions[1].probability = 0.5;
        let mut draws = 0;
        r.term_end(ASYLUM, OTHER, 0, lodged, || {
            draws += 1;
            0.0
        });
        assert_eq!(draws, 1);
        // A dated rule switches the requirement off: the +3 alone from 2027 on.
        r.extensions[1].lodged.until = Some(date(2026, 12, 31));
        let mut alone = r.extensions[1].clone();
        alone.name = "exceptional_alone".into();
        alone.requires = 0;
        alone.lodged = LodgedRange {
            from: Some(date(2027, 1, 1)),
            until: None,
        };
        r.extensions.push(alone);
        let t = r.term_end(ASYLUM, OTHER, 0, date(2026, 12, 31), || 0.0);
        assert_eq!(
            t,
            Some(date(2027, 6, 30)),
            "lodged the day before: 6 months"
        );
        let t = r.term_end(ASYLUM, OTHER, 0, date(2027, 1, 1), || 0.0);
        assert_eq!(
            t,
            Some(date(2027, 10, 1)),
            "lodged on the day: 6 + 3 months"
        );
    }

    /// WBV 2022/22: 15 months for applications whose 6-month term was still running on
    /// 27 September 2022, lodged until 31 December 2022.
    fn wbv_2022() -> TermRules {
        let mut r = art_42();
        r.regimes.insert(
            0,
            TermRegime {
                lodged: LodgedRange {
                    from: None,
                    until: Some(date(2022, 12, 31)),
                },
                running_on: Some(date(2022, 9, 27)),
                max: Some(TermLength::months(15)),
                ..regime("wbv_2022_22", ASYLUM, TermLength::months(15))
            },
        );
        r
    }

    #[test]
    fn running_on_to_the_day() {
        let r = wbv_2022();
        let end = |lodged, features| r.term_end(ASYLUM, OTHER, features, lodged, no_draw);
        // Ordinary term ends on 26 September 2022: expired on the 27th, no extension.
        assert_eq!(end(date(2022, 3, 26), 0), Some(date(2022, 9, 26)));
        // Ends on 27 September: still running that day, 15 months.
        assert_eq!(end(date(2022, 3, 27), 0), Some(date(2023, 6, 27)));
        // Lodged on the 31st of March: 6 months is 30 September, running.
        assert_eq!(end(date(2022, 3, 31), 0), Some(date(2023, 6, 30)));
        // Lodged after the date: running by definition; the last lodging day is covered...
        assert_eq!(end(date(2022, 12, 31), 0), Some(date(2024, 3, 31)));
        // ... the next is not.
        assert_eq!(end(date(2023, 1, 1), 0), Some(date(2023, 7, 1)));
        // A complex case lodged in January 2022 whose 15-month term (6 + 9) was running on the
        // 27th falls under the decree too; its +9 and the decree's do not add up (at most 15).
        assert_eq!(end(date(2022, 1, 10), COMPLEX), Some(date(2023, 4, 10)));
        // An ordinary case lodged then had expired: 6 months.
        assert_eq!(end(date(2022, 1, 10), 0), Some(date(2022, 7, 10)));
    }

    #[test]
    fn running_on_looks_at_the_next_regime_that_applies() {
        // Under a dated 3-month regime (for lodgings until March 2022) the term of a case lodged
        // on 1 March 2022 ended on 1 June, so the decree does not apply; under the 6-month term
        // it would have.
        let mut r = wbv_2022();
        r.regimes.insert(
            1,
            TermRegime {
                lodged: LodgedRange {
                    from: None,
                    until: Some(date(2022, 3, 31)),
                },
                ..regime("short", ASYLUM, TermLength::months(3))
            },
        );
        let t = r.term_end(ASYLUM, OTHER, 0, date(2022, 3, 1), no_draw);
        assert_eq!(t, Some(date(2022, 6, 1)));
        r.regimes.remove(1);
        let t = r.term_end(ASYLUM, OTHER, 0, date(2022, 3, 30), no_draw);
        assert_eq!(t, Some(date(2023, 6, 30)));
    }

    #[test]
    fn requirement_order_keeps_the_given_order_where_it_can() {
        assert_eq!(
            requirement_order(&[vec![], vec![0], vec![]]),
            Ok(vec![0, 1, 2])
        );
        // Extension 0 requires 2: 2 moves before it.
        assert_eq!(
            requirement_order(&[vec![2], vec![], vec![]]),
            Ok(vec![1, 2, 0])
        );
        assert_eq!(requirement_order(&[vec![0]]), Err(vec![0]), "itself");
        assert_eq!(
            requirement_order(&[vec![], vec![2], vec![3], vec![1]]),
            Err(vec![1, 2, 3])
        );
    }

    #[test]
    fn a_regime_for_some_groups_goes_before_the_one_for_all() {
        // The accelerated procedure for safe countries of origin: 3 months for group OTHER
        // lodged from 12 June 2026 (art. 35(3) Regulation (EU) 2024/1348), listed last.
        let mut r = art_42();
        r.regimes.push(TermRegime {
            groups: vec![OTHER],
            lodged: LodgedRange {
                from: Some(date(2026, 6, 12)),
                until: None,
            },
            ..regime("accelerated", ASYLUM, TermLength::months(3))
        });
        let r = TermRules::new(r.regimes, Vec::new());
        let end = |group, lodged| r.term_end(ASYLUM, group, 0, lodged, no_draw);
        assert_eq!(end(OTHER, date(2026, 6, 12)), Some(date(2026, 9, 12)));
        assert_eq!(end(SYRIA, date(2026, 6, 12)), Some(date(2026, 12, 12)));
        assert_eq!(end(OTHER, date(2026, 6, 11)), Some(date(2026, 12, 11)));
    }

    #[test]
    fn ends_before_compares_months_and_days() {
        let three_months = TermLength::months(3);
        assert_eq!(
            TermLength::months(15).ends_before(TermLength::months(6)),
            None
        );
        assert!(
            TermLength::months(6)
                .ends_before(TermLength::months(15))
                .is_some()
        );
        // 90 days is shorter than 3 months from most dates, longer from some (1 December + 90
        // days is 1 March, + 3 months too; from 30 November: 28 February either way ...).
        let from = TermLength::days(90).ends_before(three_months);
        assert!(from.is_some());
        let from = three_months
            .ends_before(TermLength::days(90))
            .expect("from some dates");
        assert!(three_months.after(from) < TermLength::days(90).after(from));
        assert_eq!(TermLength::days(92).ends_before(three_months), None);
    }

    #[test]
    fn a_term_beyond_the_calendar_ends_on_its_last_date() {
        let far = TermLength {
            months: i32::MAX,
            days: i32::MAX,
        };
        assert_eq!(far.after(date(2026, 1, 1)), Date::MAX);
    }

    fn length() -> impl Strategy<Value = TermLength> {
        (0i32..30, prop_oneof![Just(0i32), 0i32..120])
            .prop_map(|(months, days)| TermLength { months, days })
    }

    fn lodging_range() -> impl Strategy<Value = LodgedRange> {
        let day = || {
            prop::option::of((0i32..2000).prop_map(|d| TermLength::days(d).after(date(2020, 1, 1))))
        };
        (day(), day()).prop_map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => LodgedRange {
                from: Some(a.min(b)),
                until: Some(a.max(b)),
            },
            (from, until) => LodgedRange { from, until },
        })
    }

    /// Random rule sets for stream 0 (groups 0-1, two feature bits), always with an undated
    /// regime last.
    pub(in crate::law) fn rule_set() -> impl Strategy<Value = TermRules> {
        let regimes = prop::collection::vec(
            (
                lodging_range(),
                prop::option::of(
                    (0i32..2000).prop_map(|d| TermLength::days(d).after(date(2020, 1, 1))),
                ),
                length(),
                prop::option::of(length()),
                prop::option::of(0usize..2),
            ),
            0..4,
        );
        let extensions = prop::collection::vec(
            (
                prop::option::of(0usize..2),
                0u64..4,
                prop_oneof![Just(1.0f64), 0.0f64..1.0],
                lodging_range(),
                length(),
                any::<u64>(),
                prop::option::of(length()),
            ),
            0..6,
        );
        (regimes, length(), prop::option::of(length()), extensions).prop_map(
            |(dated, base, max, extensions)| {
                let mut regimes: Vec<TermRegime> = dated
                    .into_iter()
                    .enumerate()
                    .map(|(i, (lodged, running_on, base, max, group))| TermRegime {
                        lodged,
                        running_on,
                        max,
                        groups: group.into_iter().collect(),
                        ..regime(&format!("dated{i}"), 0, base)
                    })
                    .collect();
                regimes.push(TermRegime {
                    max,
                    ..regime("undated", 0, base)
                });
                let extensions = extensions
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (group, features_any, probability, lodged, length, requires, max))| {
                            Extension {
                                streams: vec![0],
                                groups: group.into_iter().collect(),
                                features_any,
                                probability,
                                lodged,
                                // Only extensions before this one may be required.
                                requires: requires & ((1u64 << i) - 1),
                                max,
                                ..extension(&format!("ext{i}"), length)
                            }
                        },
                    )
                    .collect();
                // In their order of precedence, as the validator builds them.
                TermRules::new(regimes, extensions)
            },
        )
    }

    proptest! {
        /// For random rules and lodging dates, a term never ends before its regime's base term
        /// and never after the applicable maximum: the largest of the regime's and those of the
        /// extensions that apply (when there is one), or the base term when that is longer.
        #[test]
        fn term_between_base_and_maximum(
            rules in rule_set(),
            lodged_day in 0i32..2500,
            group in 0usize..2,
            features in 0u64..4,
            draws in prop::collection::vec(0.0f64..1.0, 6),
        ) {
            let lodged = TermLength::days(lodged_day).after(date(2019, 6, 1));
            let draws_again = draws.clone();
            let mut next = draws.into_iter().cycle();
            let (idx, end) = rules
                .term(0, group, features, lodged, || next.next().unwrap_or(0.5))
                .expect("an undated regime always applies");
            let regime = &rules.regimes[idx];
            prop_assert!(regime.stream == 0 && regime.lodged.contains(lodged));
            prop_assert!(regime.groups.is_empty() || regime.groups.contains(&group));
            let base_end = regime.base.after(lodged);
            prop_assert!(end >= base_end, "{end} before the base term's end {base_end}");
            // The extensions that apply, worked out again: covered, drawn, requirements met.
            let mut applied = 0u64;
            let mut next = draws_again.iter().copied().cycle();
            for (i, e) in rules.extensions.iter().enumerate() {
                if e.covers(0, group, features, lodged)
                    && (e.probability >= 1.0 || next.next().unwrap_or(0.5) < e.probability)
                    && e.requires & !applied == 0
                {
                    applied |= 1 << i;
                }
            }
            let maxima = rules
                .extensions
                .iter()
                .enumerate()
                .filter(|&(i, _)| applied & (1 << i) != 0)
                .filter_map(|(_, e)| e.max)
                .chain(regime.max)
                .map(|max| max.after(lodged))
                .max();
            if let Some(max) = maxima {
                prop_assert!(end <= max.max(base_end), "{end} beyond the maximum {max}");
            }
            // A regime with `running_on` applies only when the term under the regimes after it
            // (in the order of precedence) was still running on that date.
            if let Some(day) = regime.running_on {
                let after: Vec<TermRegime> = (rules.regimes.iter().enumerate())
                    .filter(|(_, r)| r.is_dated())
                    .chain(rules.regimes.iter().enumerate().filter(|(_, r)| !r.is_dated()))
                    .skip_while(|&(i, _)| i != idx)
                    .skip(1)
                    .map(|(_, r)| r.clone())
                    .collect();
                let rest = TermRules { regimes: after, extensions: rules.extensions.clone() };
                let mut next = draws_again.iter().copied().cycle();
                let (_, otherwise) = rest
                    .term(0, group, features, lodged, || next.next().unwrap_or(0.5))
                    .expect("the undated regime comes after it");
                prop_assert!(otherwise >= day, "{} applies, but the term otherwise ended on {otherwise}", regime.name);
            }
        }
    }
}
