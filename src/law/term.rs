//! The statutory decision term (beslistermijn, art. 42 Vw 2000 for asylum; Awb for nareis).
//!
//! A case's term ends at its lodging date plus a base term plus every extension that applies:
//! - a [`TermRegime`] gives the base term for a stream, optionally only for applications lodged
//!   within a date range (so the 2022-2024 blanket extension to 15 months is a dated regime, and
//!   "what if it had not been allowed" is one regime removed);
//! - an [`Extension`] adds months for a share of cases, for cases with a feature, for a
//!   nationality group (a besluitmoratorium), again optionally only within a lodging range.
//!
//! Lengths are calendar months and days, added in one step with day clamping (31 January plus
//! one month is 28 or 29 February), as the law counts them.

use jiff::ToSpan;
use jiff::civil::Date;

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

    /// The date this length after `date`.
    pub fn after(self, date: Date) -> Date {
        date.checked_add(self.months.months())
            .and_then(|d| d.checked_add(self.days.days()))
            .expect("terms stay within jiff's date range")
    }
}

impl std::ops::Add for TermLength {
    type Output = TermLength;
    fn add(self, rhs: TermLength) -> TermLength {
        TermLength {
            months: self.months + rhs.months,
            days: self.days + rhs.days,
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
    /// Lodging dates it covers.
    pub lodged: LodgedRange,
    /// The base term.
    pub base: TermLength,
}

/// An extension of the term that applies to some cases.
#[derive(Clone, Debug, PartialEq)]
pub struct Extension {
    /// Name, for messages and reports.
    pub name: String,
    /// RandomStreams it applies to (indices).
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
}

/// All term rules of a scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TermRules {
    /// Base terms; the first regime that matches a case applies.
    pub regimes: Vec<TermRegime>,
    /// Extensions; every one that applies is added.
    pub extensions: Vec<Extension>,
}

impl TermRules {
    /// The end date of the term of a case: stream `stream`, nationality group `group`, feature
    /// bits `features`, lodged on `lodged`. `draw` yields a uniform number in [0, 1) for every
    /// extension that applies with a probability below 1, in rule order (from the case's own
    /// random stream). Returns `None` when no regime covers the case.
    pub fn term_end(
        &self,
        stream: usize,
        group: usize,
        features: u64,
        lodged: Date,
        mut draw: impl FnMut() -> f64,
    ) -> Option<Date> {
        let regime = self
            .regimes
            .iter()
            .find(|r| r.stream == stream && r.lodged.contains(lodged))?;
        let mut length = regime.base;
        for ext in &self.extensions {
            let qualifies = ext.streams.contains(&stream)
                && (ext.groups.is_empty() || ext.groups.contains(&group))
                && (ext.features_any == 0 || ext.features_any & features != 0)
                && ext.lodged.contains(lodged);
            if qualifies && (ext.probability >= 1.0 || draw() < ext.probability) {
                length = length + ext.length;
            }
        }
        Some(length.after(lodged))
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    const ASYLUM: usize = 0;
    const NAREIS: usize = 1;
    const SYRIA: usize = 0;
    const OTHER: usize = 1;
    const COMPLEX: u64 = 1 << 0;

    fn rules() -> TermRules {
        TermRules {
            regimes: vec![
                TermRegime {
                    name: "wbv_2022".into(),
                    stream: ASYLUM,
                    lodged: LodgedRange {
                        from: Some(date(2022, 9, 27)),
                        until: Some(date(2024, 1, 1)),
                    },
                    base: TermLength::months(15),
                },
                TermRegime {
                    name: "asylum".into(),
                    stream: ASYLUM,
                    lodged: LodgedRange::default(),
                    base: TermLength::months(6),
                },
                TermRegime {
                    name: "nareis".into(),
                    stream: NAREIS,
                    lodged: LodgedRange::default(),
                    base: TermLength::days(90),
                },
            ],
            extensions: vec![
                Extension {
                    name: "complex".into(),
                    streams: vec![ASYLUM],
                    groups: vec![],
                    features_any: COMPLEX,
                    probability: 1.0,
                    lodged: LodgedRange::default(),
                    length: TermLength::months(9),
                },
                Extension {
                    name: "moratorium_syria".into(),
                    streams: vec![ASYLUM],
                    groups: vec![SYRIA],
                    features_any: 0,
                    probability: 1.0,
                    lodged: LodgedRange {
                        from: Some(date(2024, 6, 1)),
                        until: None,
                    },
                    length: TermLength::months(6),
                },
                Extension {
                    name: "exceptional".into(),
                    streams: vec![ASYLUM],
                    groups: vec![],
                    features_any: 0,
                    probability: 0.1,
                    lodged: LodgedRange::default(),
                    length: TermLength::months(3),
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
}
