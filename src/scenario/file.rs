//! The TOML shape of a scenario file, one-to-one. Only this module derives `Deserialize`.
//!
//! Counts and numbers are read in wide types (`i64`, `f64`) so that a negative or fractional
//! value reaches validation and gets a message that says what to do, rather than a type error.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::error::ScenarioError;

/// The whole file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioFile {
    #[serde(default)]
    pub(crate) scenario: MetaFile,
    pub(crate) run: RunFile,
    #[serde(default, rename = "calendar")]
    pub(crate) calendars: Vec<CalendarFile>,
    #[serde(default, rename = "location")]
    pub(crate) locations: Vec<NamedFile>,
    #[serde(default, rename = "feature")]
    pub(crate) features: Vec<NamedFile>,
    #[serde(default, rename = "track")]
    pub(crate) tracks: Vec<TrackFile>,
    #[serde(default, rename = "group")]
    pub(crate) groups: Vec<GroupFile>,
    #[serde(default, rename = "pool")]
    pub(crate) pools: Vec<PoolFile>,
    #[serde(default, rename = "step")]
    pub(crate) steps: Vec<StepFile>,
    #[serde(default, rename = "stream")]
    pub(crate) streams: Vec<StreamFile>,
    pub(crate) law: Option<LawFile>,
    pub(crate) backlog: Option<BacklogFile>,
    #[serde(default, rename = "intake")]
    pub(crate) intakes: Vec<IntakeFile>,
    #[serde(default, rename = "route")]
    pub(crate) routes: Vec<NamedFile>,
    pub(crate) policy: Option<PolicyFile>,
    pub(crate) information: Option<InformationFile>,
    pub(crate) levels: Option<LevelsFile>,
    #[serde(default, rename = "hiring")]
    pub(crate) hiring: Vec<HiringFile>,
    pub(crate) staff: Option<StaffFile>,
    pub(crate) cost: Option<CostFile>,
    #[serde(default, rename = "change")]
    pub(crate) changes: Vec<ChangeFile>,
    pub(crate) metrics: Option<MetricsFile>,
    #[serde(default, rename = "outcome")]
    pub(crate) outcomes: Vec<OutcomeFile>,
    #[serde(default, rename = "follow_up")]
    pub(crate) follow_ups: Vec<FollowUpFile>,
    #[serde(default, rename = "uncertain")]
    pub(crate) uncertain: Vec<UncertainFile>,
}

/// `[[uncertain]]`: an input we do not know, drawn once per replication.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UncertainFile {
    pub(crate) name: Option<String>,
    pub(crate) path: String,
    pub(crate) dist: String,
    pub(crate) mean: Option<f64>,
    pub(crate) cv: Option<f64>,
    pub(crate) sd: Option<f64>,
    pub(crate) min: Option<f64>,
    pub(crate) mode: Option<f64>,
    pub(crate) max: Option<f64>,
}

/// `[[outcome]]`: an outcome a decision can have.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutcomeFile {
    pub(crate) name: String,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) granted: bool,
}

/// `[[follow_up]]`: cases that decisions with some outcomes bring later.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FollowUpFile {
    pub(crate) name: String,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
    pub(crate) outcomes: Vec<String>,
    pub(crate) streams: Option<Vec<String>>,
    pub(crate) into: String,
    pub(crate) at_step: Option<String>,
    pub(crate) share: Option<PerGroupFile>,
    pub(crate) per_case: Option<PerGroupFile>,
    pub(crate) returns: Option<f64>,
    pub(crate) lag_days: DistFile,
    pub(crate) factor: Option<Vec<FactorFile>>,
    pub(crate) track: Option<String>,
    pub(crate) term_days: Option<i64>,
    pub(crate) term_months: Option<i64>,
}

/// One dated step of a follow-up's `factor`: `{ from = 2026-07-01, factor = 0.5 }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FactorFile {
    pub(crate) from: DateFile,
    pub(crate) factor: f64,
}

/// A number, or a table per nationality group with an optional `default`.
#[derive(Debug, Clone)]
pub(crate) enum PerGroupFile {
    Value(f64),
    ByGroup(BTreeMap<String, f64>),
}

impl<'de> Deserialize<'de> for PerGroupFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expected = "a number, or a table per group such as { default = 0.3, syria = 1.2 }";
        per_group(toml::Value::deserialize(deserializer)?, expected)
            .map(|(value, table)| match table {
                Some(table) => PerGroupFile::ByGroup(table),
                None => PerGroupFile::Value(value),
            })
            .map_err(serde::de::Error::custom)
    }
}

/// A number (`(number, None)`) or a table of numbers by group (`(0, Some(table))`) from `value`;
/// the error says what was found and `expected`.
fn per_group(
    value: toml::Value,
    expected: &str,
) -> Result<(f64, Option<BTreeMap<String, f64>>), String> {
    match value {
        toml::Value::Float(p) => Ok((p, None)),
        toml::Value::Integer(p) => Ok((p as f64, None)),
        toml::Value::Table(table) => {
            let mut by_group = BTreeMap::new();
            for (group, value) in table {
                let p = match value {
                    toml::Value::Float(p) => p,
                    toml::Value::Integer(p) => p as f64,
                    other => {
                        return Err(format!(
                            "the value for `{group}` is {other}; expected {expected}"
                        ));
                    }
                };
                by_group.insert(group, p);
            }
            Ok((0.0, Some(by_group)))
        }
        other => Err(format!("got {other}; expected {expected}")),
    }
}

/// `[[change]]`: what changes on a date. One mechanism for every dated change: `set` overlays
/// parts of the scenario from the date on (merged as a variant merges over its base), `remove`
/// deletes keys or named entries from then on, `staff` moves staff (a level up or down, a
/// transfer between pools or locations), `hours` sets productive hours from the date.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChangeFile {
    pub(crate) name: String,
    pub(crate) date: DateFile,
    /// The probability that the change takes effect (drawn per replication); 1 without.
    pub(crate) probability: Option<f64>,
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub(crate) set: Option<toml::Table>,
    #[serde(default)]
    pub(crate) remove: Vec<String>,
    #[serde(default)]
    pub(crate) staff: Vec<StaffMoveFile>,
    #[serde(default)]
    pub(crate) hours: Vec<HoursFile>,
}

/// `change[].staff`: `{ pool = "a", fte = -20 }` (a level down or up from the date) or
/// `{ from = "a", to = "b", fte = 10 }` (a transfer).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StaffMoveFile {
    pub(crate) pool: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) fte: f64,
    pub(crate) training_months: Option<f64>,
}

/// `change[].hours`: `{ pool = "a", hours_per_week = 30 }`, productive hours from the date.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct HoursFile {
    pub(crate) pool: String,
    pub(crate) hours_per_week: f64,
}

/// `[metrics]`: figures the scenario asks for besides the built-in ones.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricsFile {
    #[serde(default)]
    pub(crate) within_months: Vec<f64>,
    /// A CSV of published figures to hold the run against (`history`).
    pub(crate) observed: Option<String>,
}

/// `[cost]`: costs of waiting besides staff and penalty payments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CostFile {
    pub(crate) reception_per_day_eur: f64,
    pub(crate) reception_streams: Option<Vec<String>>,
}

/// `[[hiring]]`: a cohort of new staff for a pool.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct HiringFile {
    pub(crate) pool: String,
    pub(crate) start: DateFile,
    pub(crate) count: f64,
    pub(crate) training_months: Option<f64>,
    pub(crate) mentoring: Option<f64>,
}

/// `[staff]`: staff dynamics and cost common to all pools.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StaffFile {
    pub(crate) attrition_per_year: Option<f64>,
    pub(crate) cost_per_fte_year_eur: Option<f64>,
}

/// `[policy]`: the verkeerstoren's routing policy.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyFile {
    pub(crate) name: Option<String>,
    pub(crate) location: Option<String>,
    #[serde(default, rename = "rule")]
    pub(crate) rules: Vec<PolicyRuleFile>,
}

/// `[[policy.rule]]`: a rule of a rule-table policy.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyRuleFile {
    pub(crate) when: Option<ConditionFile>,
    pub(crate) route: Option<String>,
    pub(crate) priority: Option<i64>,
    pub(crate) location: Option<String>,
}

/// `[information]`: what the verkeerstoren knows of new cases.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct InformationFile {
    #[serde(default)]
    pub(crate) track_error: f64,
    #[serde(default)]
    pub(crate) feature_miss: f64,
    #[serde(default)]
    pub(crate) feature_false: f64,
    #[serde(default)]
    pub(crate) motive_question: bool,
    pub(crate) motive_question_effect: Option<f64>,
}

/// `[[intake]]`: the monthly intake of a stream (or of one group of it), generated or replayed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IntakeFile {
    pub(crate) stream: String,
    pub(crate) group: Option<String>,
    pub(crate) per_month: Option<f64>,
    pub(crate) seasonal: Option<Vec<f64>>,
    pub(crate) trend_per_year: Option<f64>,
    #[serde(default)]
    pub(crate) shocks: Vec<ShockFile>,
    pub(crate) variation: Option<VariationFile>,
    pub(crate) counts: Option<CountsFile>,
    pub(crate) size: Option<f64>,
    pub(crate) multiplier: Option<f64>,
    pub(crate) replay: Option<String>,
    pub(crate) column: Option<String>,
}

/// A scheduled shock: `multiplier` on the intake for `months` months from `from`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShockFile {
    pub(crate) from: DateFile,
    pub(crate) months: i64,
    pub(crate) multiplier: f64,
}

/// Month-to-month variation of the log level: AR(1).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct VariationFile {
    pub(crate) phi: f64,
    pub(crate) sigma: f64,
    #[serde(default)]
    pub(crate) initial: f64,
}

/// Count laws as written in the file.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CountsFile {
    Poisson,
    NegativeBinomial,
}

/// `[backlog]`: cases open at the start, from a CSV file and/or drawn synthetically per stream.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BacklogFile {
    pub(crate) file: Option<String>,
    #[serde(default)]
    pub(crate) synthetic: Vec<SyntheticFile>,
}

/// `[[backlog.synthetic]]`: a generated backlog of one stream.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SyntheticFile {
    /// Optional: a name, so that a variant, `sweep --set` or an `[[uncertain]]` input can
    /// address the block (`backlog.synthetic.nareis_stock.size`).
    pub(crate) name: Option<String>,
    pub(crate) stream: String,
    pub(crate) size: i64,
    pub(crate) age_days: DistFile,
    pub(crate) steps: Option<BTreeMap<String, f64>>,
    /// The block's own nationality-group mix; default: the stream's `groups`.
    pub(crate) groups: Option<BTreeMap<String, f64>>,
}

/// `[law]`: decision terms and penalty payments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LawFile {
    #[serde(default, rename = "term")]
    pub(crate) terms: Vec<TermFile>,
    #[serde(default, rename = "extension")]
    pub(crate) extensions: Vec<ExtensionFile>,
    pub(crate) notice: Option<NoticesFile>,
    #[serde(default, rename = "admin_penalty")]
    pub(crate) admin_penalties: Vec<AdminPenaltyFile>,
    #[serde(default, rename = "court_penalty")]
    pub(crate) court_penalties: Vec<CourtPenaltyFile>,
}

/// `[[law.term]]`: the base decision term of streams, optionally for a lodging range or for
/// applications whose term was still running on a date, with the most it may total.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermFile {
    pub(crate) name: String,
    pub(crate) streams: Vec<String>,
    /// Nationality groups it is for; empty for all.
    #[serde(default)]
    pub(crate) groups: Vec<String>,
    #[serde(default)]
    pub(crate) months: i64,
    #[serde(default)]
    pub(crate) days: i64,
    pub(crate) lodged_from: Option<DateFile>,
    pub(crate) lodged_until: Option<DateFile>,
    pub(crate) running_on: Option<DateFile>,
    pub(crate) max_months: Option<i64>,
    pub(crate) max_days: Option<i64>,
}

/// `[[law.extension]]`: months added to the term of some cases, possibly only after other
/// extensions (`requires`), possibly raising the maximum term (`max_months`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtensionFile {
    pub(crate) name: String,
    pub(crate) streams: Vec<String>,
    #[serde(default)]
    pub(crate) groups: Vec<String>,
    #[serde(default)]
    pub(crate) features_any: Vec<String>,
    pub(crate) share: Option<f64>,
    #[serde(default)]
    pub(crate) months: i64,
    #[serde(default)]
    pub(crate) days: i64,
    pub(crate) lodged_from: Option<DateFile>,
    pub(crate) lodged_until: Option<DateFile>,
    #[serde(default)]
    pub(crate) requires: NamesFile,
    pub(crate) max_months: Option<i64>,
    pub(crate) max_days: Option<i64>,
}

/// One name or a list of names: `requires = "complex"` or `requires = ["a", "b"]` (`[]` for
/// none, so a variant can switch a requirement off).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct NamesFile(pub(crate) Vec<String>);

impl<'de> Deserialize<'de> for NamesFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expected = "a name in quotes or a list of names, e.g. \"complex\" or [\"complex\"]";
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(name) => Ok(NamesFile(vec![name])),
            toml::Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    toml::Value::String(name) => Ok(name),
                    other => Err(serde::de::Error::custom(format!(
                        "expected {expected}, got {other}"
                    ))),
                })
                .collect::<Result<_, _>>()
                .map(NamesFile),
            other => Err(serde::de::Error::custom(format!(
                "expected {expected}, got {other}"
            ))),
        }
    }
}

/// `law.notice`: one `[law.notice]` table for every stream, or `[[law.notice]]` entries, the
/// first that covers a case's stream applying.
#[derive(Debug)]
pub(crate) enum NoticesFile {
    /// `[law.notice]`.
    One(NoticeFile),
    /// `[[law.notice]]`.
    Many(Vec<NoticeFile>),
}

impl<'de> Deserialize<'de> for NoticesFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = NoticesFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a [law.notice] table, or [[law.notice]] entries")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<NoticesFile, A::Error> {
                let table = serde::de::value::MapAccessDeserializer::new(map);
                NoticeFile::deserialize(table).map(NoticesFile::One)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<NoticesFile, A::Error> {
                let entries = serde::de::value::SeqAccessDeserializer::new(seq);
                Vec::<NoticeFile>::deserialize(entries).map(NoticesFile::Many)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A notice rule: applicants' notices of default after the term expires.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoticeFile {
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) streams: Vec<String>,
    pub(crate) share: Option<ShareFile>,
    pub(crate) delay_days: Option<DistFile>,
    pub(crate) rate_per_month: Option<RateFile>,
    pub(crate) priority: Option<i64>,
}

/// `[[law.admin_penalty]]`: an Awb 4:17 regime.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdminPenaltyFile {
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) streams: Vec<String>,
    pub(crate) from: Option<DateFile>,
    pub(crate) until: Option<DateFile>,
    pub(crate) grace_days: i64,
    pub(crate) tiers: Vec<TierFile>,
    pub(crate) cap_euro: f64,
}

/// One tier of a penalty schedule.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TierFile {
    pub(crate) days: Option<i64>,
    pub(crate) euro_per_day: f64,
}

/// `[[law.court_penalty]]`: a court penalty regime.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CourtPenaltyFile {
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) streams: Vec<String>,
    pub(crate) from: Option<DateFile>,
    pub(crate) until: Option<DateFile>,
    pub(crate) appeal_share: Option<ShareFile>,
    pub(crate) appeal_rate_per_month: Option<RateFile>,
    pub(crate) after_notice_days: i64,
    pub(crate) judgment_days: DistFile,
    pub(crate) order_days_heard: i64,
    pub(crate) order_days_not_heard: i64,
    pub(crate) penalty: Option<bool>,
    pub(crate) tiers: Option<Vec<TierFile>>,
    pub(crate) cap_euro: Option<f64>,
    pub(crate) caps: Option<Vec<CapFile>>,
    #[serde(default)]
    pub(crate) costs_euro: f64,
    pub(crate) priority: Option<i64>,
    /// How ordered cases compete: "class" (default), "deadline", "class_and_deadline", "none".
    pub(crate) order_handling: Option<String>,
    pub(crate) repeat: Option<RepeatFile>,
    /// The IND's work per appeal: `{ pool = "NAME", hours = DIST }`.
    pub(crate) litigation: Option<LitigationFile>,
}

/// `litigation` of a court regime: the hours of a pool (or of a role's pool at the case's
/// location) each appeal takes.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LitigationFile {
    pub(crate) pool: String,
    pub(crate) hours: DistFile,
}

/// One cap of a mix: `{ cap_euro = 7500, share = 0.6 }`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CapFile {
    pub(crate) cap_euro: f64,
    pub(crate) share: f64,
}

/// `repeat` of a court regime: the second order after the first order's deadline has passed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepeatFile {
    pub(crate) share: Option<ShareFile>,
    pub(crate) rate_per_month: Option<RateFile>,
    pub(crate) after_deadline_days: i64,
    pub(crate) judgment_days: DistFile,
    pub(crate) order_days: i64,
    pub(crate) tiers: Vec<TierFile>,
    pub(crate) cap_euro: f64,
    #[serde(default)]
    pub(crate) costs_euro: f64,
}

/// A share: one number, or steps `[ { from = 2026-01-01, share = 0.4 }, ... ]`.
#[derive(Debug, Clone)]
pub(crate) enum ShareFile {
    Value(f64),
    Dated(Vec<(DateFile, f64)>),
}

impl<'de> Deserialize<'de> for ShareFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expected = "a share from 0 to 1, or dated steps such as \
                        [ { from = 2026-01-01, share = 0.4 }, { from = 2027-01-01, share = 0.6 } ]";
        let value = toml::Value::deserialize(deserializer)?;
        Ok(match dated_number(value, "share", expected)? {
            DatedNumber::One(share) => ShareFile::Value(share),
            DatedNumber::Steps(steps) => ShareFile::Dated(steps),
        })
    }
}

/// A rate per month: one number, or steps `[ { from = 2026-01-01, per_month = 0.2 }, ... ]`.
#[derive(Debug, Clone)]
pub(crate) enum RateFile {
    Value(f64),
    Dated(Vec<(DateFile, f64)>),
}

impl<'de> Deserialize<'de> for RateFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expected = "a rate per month (0 or more), or dated steps such as \
                        [ { from = 2026-01-01, per_month = 0.2 }, { from = 2027-01-01, per_month = 0.5 } ]";
        let value = toml::Value::deserialize(deserializer)?;
        Ok(match dated_number(value, "per_month", expected)? {
            DatedNumber::One(rate) => RateFile::Value(rate),
            DatedNumber::Steps(steps) => RateFile::Dated(steps),
        })
    }
}

/// One number, or dated steps `[ { from = DATE, <key> = NUMBER }, ... ]`.
enum DatedNumber {
    One(f64),
    Steps(Vec<(DateFile, f64)>),
}

/// Reads a [`DatedNumber`] whose steps give their number under `key`.
fn dated_number<E: serde::de::Error>(
    value: toml::Value,
    key: &str,
    expected: &str,
) -> Result<DatedNumber, E> {
    let number = |value: &toml::Value| match value {
        toml::Value::Float(p) => Some(*p),
        toml::Value::Integer(p) => Some(*p as f64),
        _ => None,
    };
    if let Some(share) = number(&value) {
        return Ok(DatedNumber::One(share));
    }
    let toml::Value::Array(steps) = value else {
        return Err(E::custom(format!("got {value}; expected {expected}")));
    };
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        let toml::Value::Table(table) = &step else {
            return Err(E::custom(format!("got {step}; expected {expected}")));
        };
        let from = match table.get("from") {
            Some(toml::Value::Datetime(d)) => DateFile(d.to_string()),
            Some(toml::Value::String(s)) => DateFile(s.clone()),
            _ => {
                return Err(E::custom(format!(
                    "a dated step needs `from` (a date); expected {expected}"
                )));
            }
        };
        let Some(share) = table.get(key).and_then(number) else {
            return Err(E::custom(format!(
                "a dated step needs `{key}` (a number); expected {expected}"
            )));
        };
        if let Some(extra) = table.keys().find(|k| *k != "from" && *k != key) {
            return Err(E::custom(format!(
                "unknown field `{extra}` in a dated step, expected `from` or `{key}`"
            )));
        }
        out.push((from, share));
    }
    Ok(DatedNumber::Steps(out))
}

/// `[scenario]`: naming and the calendar start.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetaFile {
    pub(crate) name: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) start_date: Option<DateFile>,
}

/// `[run]`: length of a replication and defaults for the experiment.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunFile {
    pub(crate) horizon_days: Option<f64>,
    pub(crate) end_date: Option<DateFile>,
    #[serde(default)]
    pub(crate) warmup_days: f64,
    pub(crate) replications: Option<i64>,
    pub(crate) seed: Option<i64>,
}

/// A date, written either as a TOML date (`2026-01-01`) or a string (`"2026-01-01"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateFile(pub(crate) String);

impl<'de> Deserialize<'de> for DateFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(text) => Ok(DateFile(text)),
            toml::Value::Datetime(datetime) => Ok(DateFile(datetime.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "expected a date such as 2026-01-01, got {other}"
            ))),
        }
    }
}

/// `[[calendar]]`: when the staff of a pool work.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalendarFile {
    pub(crate) name: String,
    pub(crate) weekdays: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) holidays: Vec<String>,
    #[serde(default)]
    pub(crate) days_off: Vec<DateFile>,
    pub(crate) day_start: Option<String>,
    #[serde(default)]
    pub(crate) leave: Vec<LeaveFile>,
}

/// A yearly period in which a share of the staff is on leave.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LeaveFile {
    pub(crate) from: String,
    pub(crate) until: String,
    pub(crate) absent: f64,
}

/// A named item with an optional description (`[[location]]`, `[[feature]]`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NamedFile {
    pub(crate) name: String,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
}

/// `[[track]]`: a track (spoor), possibly switched off.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrackFile {
    pub(crate) name: String,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
    #[serde(default = "yes")]
    pub(crate) active: bool,
    pub(crate) fallback: Option<String>,
}

fn yes() -> bool {
    true
}

/// `[[group]]`: a nationality group and the mix of its cases.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GroupFile {
    pub(crate) name: String,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) tracks: BTreeMap<String, f64>,
    #[serde(default)]
    pub(crate) features: BTreeMap<String, f64>,
}

/// `[[pool]]`: a staff pool.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PoolFile {
    pub(crate) name: String,
    pub(crate) servers: Option<i64>,
    pub(crate) fte: Option<f64>,
    #[serde(default)]
    pub(crate) discipline: DisciplineFile,
    pub(crate) calendar: Option<String>,
    pub(crate) hours_per_week: Option<f64>,
    pub(crate) role: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) work_factor: Option<f64>,
    #[serde(default)]
    pub(crate) officers: Vec<OfficerGroupFile>,
    #[serde(default)]
    pub(crate) specialisms: Vec<String>,
    pub(crate) dispatch: Option<DispatchFile>,
}

/// Dispatch rule names as written in the file.
#[derive(Debug, Default, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DispatchFile {
    #[default]
    LeastLoaded,
    Seniority,
}

/// `[[pool.officers]]`: a group of officers alike in level, part-time factor, team and
/// competences.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OfficerGroupFile {
    pub(crate) count: i64,
    pub(crate) level: Option<LevelFile>,
    pub(crate) fte: Option<f64>,
    pub(crate) team: Option<String>,
    #[serde(default)]
    pub(crate) competences: Vec<String>,
}

/// Experience level names as written in the file.
#[derive(Debug, Default, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LevelFile {
    Trainee,
    #[default]
    Regular,
    Senior,
}

/// `[levels]`: productivity factors of the experience levels.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LevelsFile {
    pub(crate) trainee: f64,
    pub(crate) regular: f64,
    pub(crate) senior: f64,
}

/// Queue discipline names as written in the file.
#[derive(Debug, Default, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DisciplineFile {
    #[default]
    Fifo,
    Lifo,
    Priority,
    Edf,
    PriorityEdf,
}

/// `[[step]]`: a step of a route: work (`pool` + `work_hours`), a delay (`delay_days`), or
/// neither (an instant decision point); then `next`, `branch`, or `[[step.route]]` rules.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepFile {
    pub(crate) name: String,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
    pub(crate) pool: Option<String>,
    pub(crate) work_hours: Option<DistFile>,
    pub(crate) delay_days: Option<DistFile>,
    pub(crate) next: Option<String>,
    pub(crate) branch: Option<Vec<BranchFile>>,
    pub(crate) route: Option<Vec<RouteFile>>,
    pub(crate) phase: Option<PhaseFile>,
    #[serde(default)]
    pub(crate) hearing: bool,
    pub(crate) priority: Option<i64>,
    pub(crate) outcome: Option<String>,
}

/// Procedure phases as written in the file.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PhaseFile {
    Aa,
    Va,
}

/// `[[step.route]]`: a routing rule; the first rule whose `when` holds applies.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RouteFile {
    pub(crate) when: Option<ConditionFile>,
    pub(crate) next: Option<String>,
    pub(crate) branch: Option<Vec<BranchFile>>,
}

/// `when = { ... }`: a condition on case attributes; lists mean "one of".
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionFile {
    pub(crate) stream: Option<Vec<String>>,
    pub(crate) group: Option<Vec<String>>,
    pub(crate) track: Option<Vec<String>>,
    pub(crate) location: Option<Vec<String>>,
    pub(crate) features_any: Option<Vec<String>>,
    pub(crate) features_all: Option<Vec<String>>,
    pub(crate) features_none: Option<Vec<String>>,
    pub(crate) route: Option<Vec<String>>,
}

/// One arm of `branch = [...]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BranchFile {
    pub(crate) to: String,
    pub(crate) p: ProbabilityFile,
}

/// A probability: one number, or a table per nationality group with an optional `default`.
#[derive(Debug, Clone)]
pub(crate) enum ProbabilityFile {
    Value(f64),
    ByGroup(BTreeMap<String, f64>),
}

impl<'de> Deserialize<'de> for ProbabilityFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let expected = "a probability from 0 to 1, or a table per group such as \
                        { default = 0.5, syria = 0.9 }";
        match toml::Value::deserialize(deserializer)? {
            toml::Value::Float(p) => Ok(ProbabilityFile::Value(p)),
            toml::Value::Integer(p) => Ok(ProbabilityFile::Value(p as f64)),
            toml::Value::Table(table) => {
                let mut by_group = BTreeMap::new();
                for (group, value) in table {
                    let p = match value {
                        toml::Value::Float(p) => p,
                        toml::Value::Integer(p) => p as f64,
                        other => {
                            return Err(serde::de::Error::custom(format!(
                                "the probability for `{group}` is {other}; expected {expected}"
                            )));
                        }
                    };
                    by_group.insert(group, p);
                }
                Ok(ProbabilityFile::ByGroup(by_group))
            }
            other => Err(serde::de::Error::custom(format!(
                "got {other}; expected {expected}"
            ))),
        }
    }
}

/// A distribution: `{ dist = "exponential", mean = 24 }` and the like.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DistFile {
    pub(crate) dist: DistKind,
    pub(crate) value: Option<f64>,
    pub(crate) mean: Option<f64>,
    pub(crate) cv: Option<f64>,
    pub(crate) min: Option<f64>,
    pub(crate) mode: Option<f64>,
    pub(crate) max: Option<f64>,
}

/// Distribution families as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DistKind {
    Fixed,
    Exponential,
    Uniform,
    Triangular,
    Lognormal,
    Gamma,
}

/// `[[stream]]`: a stream of arriving cases.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StreamFile {
    pub(crate) name: String,
    #[allow(dead_code)]
    pub(crate) description: Option<String>,
    pub(crate) rate_per_day: Option<f64>,
    pub(crate) interarrival_days: Option<DistFile>,
    pub(crate) entry: String,
    #[serde(default)]
    pub(crate) priority: i64,
    pub(crate) due_days: Option<f64>,
    pub(crate) groups: Option<BTreeMap<String, f64>>,
    pub(crate) locations: Option<BTreeMap<String, f64>>,
    pub(crate) patience_days: Option<DistFile>,
}

/// Parses the TOML text into the file shape, reporting the key path, line and column of the
/// first syntax or type problem.
pub(crate) fn parse(
    text: &str,
    path: &Path,
) -> Result<(ScenarioFile, String, toml::Table), ScenarioError> {
    let syntax = |field: String, span: Option<std::ops::Range<usize>>, message: &str| {
        let (line, column) = span.map_or((0, 0), |span| line_column(text, span.start));
        ScenarioError::Syntax {
            path: path.to_path_buf(),
            field,
            line,
            column,
            message: message.trim().to_string(),
        }
    };
    let table: toml::Table =
        toml::from_str(text).map_err(|e| syntax(String::new(), e.span(), e.message()))?;
    if crate::scenario::variant::is_variant(&table) {
        // A variant: merged over its base, so its errors name fields but not lines.
        let (merged, texts) = crate::scenario::variant::resolve(table, path, text)?;
        let file =
            serde_path_to_error::deserialize(toml::Value::Table(merged.clone())).map_err(|e| {
                let field = e.path().to_string();
                let field = if field == "." { String::new() } else { field };
                syntax(
                    field,
                    None,
                    &format!(
                        "{} (in the variant merged with its base)",
                        e.inner().message()
                    ),
                )
            })?;
        return Ok((file, texts, merged));
    }
    let deserializer = toml::Deserializer::parse(text)
        .map_err(|e| syntax(String::new(), e.span(), e.message()))?;
    let file = serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let field = e.path().to_string();
        let field = if field == "." { String::new() } else { field };
        let inner = e.inner();
        syntax(field, inner.span(), inner.message())
    })?;
    Ok((file, text.to_string(), table))
}

/// 1-based line and column of byte offset `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before.len(), |nl| before.len() - nl - 1)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 4));
    }
}
