//! Plausibility bounds for every number that sizes the work of a run. Each is far above any real
//! use (the Dutch baseline: about 550 arrivals a day, some 200,000 cases a replication, hundreds
//! of FTE per pool, ten years), and far below what would make a run hang, exhaust memory or
//! overflow the engine's integer arithmetic. A value outside its bound is refused naming the
//! field and the allowed range.
//!
//! Every new section of the scenario file gets bounds here, a place in the fuzzer's mutator
//! (`tests/it/hardening.rs`) and a property.

use jiff::civil::{Date, date};

use crate::scenario::validate::Problems;

/// The first date a scenario may use: before any case or law the simulator models.
pub(crate) const FIRST_DATE: Date = date(1900, 1, 1);
/// The last date a scenario may use: centuries of planning, and a run of
/// [`MAX_HORIZON_DAYS`] from it stays within the date library's range.
pub(crate) const LAST_DATE: Date = date(2199, 12, 31);
/// Longest run: a century (plans look ten years ahead).
pub(crate) const MAX_HORIZON_DAYS: f64 = 36_525.0;
/// Most arrivals a day of one stream: the Dutch intake is about 550 a day, all streams together.
pub(crate) const MAX_RATE_PER_DAY: f64 = 100_000.0;
/// Most servers (or FTE) of one pool: the IND employs a few thousand people in all.
pub(crate) const MAX_SERVERS: i64 = 100_000;
/// Largest work factor (a multiplier of productive time; 1 is the norm).
pub(crate) const MAX_WORK_FACTOR: f64 = 10.0;
/// Smallest work factor: below this a pool would need ten thousand times its hours.
pub(crate) const MIN_WORK_FACTOR: f64 = 1e-4;
/// Oldest age of a backlog case, in days: a century.
pub(crate) const MAX_AGE_DAYS: f64 = 36_525.0;
/// Most open cases of one synthetic backlog block: fifty times the largest Dutch stock.
pub(crate) const MAX_BACKLOG_SIZE: i64 = 10_000_000;
/// Most replications a scenario file may ask for.
pub(crate) const MAX_REPLICATIONS: i64 = 1_000_000;
/// Longest decision term, extension or maximum term in calendar months: fifty years (the law
/// speaks of months: 6, + 9, + 3, 21 at most).
pub(crate) const MAX_TERM_MONTHS: i64 = 600;
/// Longest decision term, extension or maximum term in days: a century (nareis: 90 days).
pub(crate) const MAX_TERM_DAYS: i64 = 36_500;
/// Most `[[law.extension]]`s: the law's own limit of what a term can hold (a case's extensions
/// are kept as bits of one word).
pub(crate) const MAX_EXTENSIONS: usize = crate::law::MAX_EXTENSIONS;
/// Most FTE of one hiring cohort.
pub(crate) const MAX_HIRING: f64 = 100_000.0;
/// Most dates on which `[[change]]` entries change rules: a case keeps the version of the law
/// its penalty regimes belong to in one byte.
pub(crate) const MAX_CHANGE_DATES: usize = 255;
/// Most FTE one staff move of a `[[change]]` moves (down, up or between pools).
pub(crate) const MAX_STAFF_MOVE: f64 = 100_000.0;
/// Longest training of staff a `[[change]]` takes on or moves, in months (ten years).
pub(crate) const MAX_MOVE_TRAINING_MONTHS: f64 = 120.0;
/// Most entries of one list of law rules (`[[law.notice]]`, `[[law.admin_penalty]]`,
/// `[[law.court_penalty]]`): a case keeps the index of its regime in one byte.
pub(crate) const MAX_LAW_ENTRIES: usize = 255;
/// Most caps in a court regime's mix (`caps`): the case keeps the index of its cap in one byte,
/// and real mixes have two.
pub(crate) const MAX_CAPS: usize = 16;
/// The range of N in `[metrics] within_months` (shares decided within N months of lodging):
/// from one month to ten years, the longest term a scenario plausibly compares against.
pub(crate) const WITHIN_MONTHS: (f64, f64) = (1.0, 120.0);
/// The largest rate per month of a notice, an appeal or a second appeal (`rate_per_month`,
/// `appeal_rate_per_month`): about 33 a day, so the step is taken on the first day it can be all
/// but surely (a chance of e^-33 of a later day); a higher rate says nothing more.
pub(crate) const MAX_RATE_PER_MONTH: f64 = 1_000.0;
/// The range of a stream's mean patience (`patience_days`): from about a minute and a half (a
/// queue almost no one waits in) to the longest horizon (almost no one leaves).
pub(crate) const PATIENCE_DAYS: (f64, f64) = (0.001, MAX_HORIZON_DAYS);
/// The range of a court regime's mean `litigation.hours` per appeal: up to a year of one
/// full-time person's working hours. The IND's work on one appeal takes hours to days; more is a
/// unit error (days or minutes written as hours).
pub(crate) const LITIGATION_HOURS: (f64, f64) = (0.0, 2_000.0);

/// Most `[[outcome]]`s: a case keeps its outcome in one byte, and metrics multiply by them.
pub(crate) const MAX_OUTCOMES: usize = 64;
/// Most `[[follow_up]]`s (a follow-up's index keys its cases' random streams).
pub(crate) const MAX_FOLLOW_UPS: usize = 64;
/// Largest mean number of follow-ons per decision (`per_case`): family reunification brings a
/// few per grant; a hundred is far beyond any family.
pub(crate) const MAX_PER_CASE: f64 = 100.0;

/// Reports `value` at `field` when it lies outside `[min, max]` (or is not a number); `unit`
/// follows the numbers in the message ("cases per day"). True when the value is within range.
pub(super) fn check(
    problems: &mut Problems,
    field: &str,
    value: f64,
    (min, max): (f64, f64),
    unit: &str,
    fix: &str,
) -> bool {
    if value.is_finite() && (min..=max).contains(&value) {
        return true;
    }
    problems.add(
        field,
        format!(
            "must be from {} to {}{unit}, got {value}",
            number(min),
            number(max)
        ),
        fix,
    );
    false
}

/// A bound as people write it: whole numbers without a fraction.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}
