//! The legal clock of a case: its decision term, the notice of default (ingebrekestelling), the
//! court's order (rechterlijke dwangsom) and the penalty payments they lead to.
//!
//! Key types: [`LawSpec`] (the validated rules, part of a [`Network`](crate::model::Network)),
//! [`CaseLegal`] (one case's dates) and [`PenaltyBook`] (the money of one replication).
//!
//! Dates are whole days relative to the run's start date (negative for a backlog case lodged
//! before it). A case is decided **within term** when its decision day is on or before the last
//! day of its term. The amounts come from [`crate::law`]; this module only decides *when* each
//! schedule starts and when it is paid: at the decision, or on the day the cap is reached if
//! that comes first. A case may owe three penalties at once (administrative, the court's first
//! order and its second order after a repeat failure), each with its own start and cap.

use crate::calendar::Dates;
use crate::engine::Dist;
use crate::law::{Cents, PenaltySchedule, TermTable};
use crate::model::{CumulativeTable, Worker};

mod book;
mod uptake;

pub(crate) use book::{PenaltyBook, PenaltyKind, PenaltyTotals};
pub(crate) use uptake::ProcessRates;
pub use uptake::{DAYS_PER_MONTH, DatedRate, DatedShare, Uptake};

/// The law of a scenario, validated.
#[derive(Clone, Debug)]
pub struct LawSpec {
    /// The run's calendar.
    pub dates: Dates,
    /// Decision terms, counted in days from the run's start date.
    pub terms: TermTable,
    /// Whether and when applicants send a notice of default after the term expires; the first
    /// rule that covers a case's stream applies (none: no notices for that stream).
    pub notices: Vec<NoticeSpec>,
    /// Administrative penalty regimes (Awb 4:17); the first that covers a case applies.
    pub admin: Vec<AdminRegime>,
    /// Court regimes (Awb 8:55b-d); the first that covers an appeal applies.
    pub court: Vec<CourtRegime>,
    /// True when this law, or one a dated change brings, gives a notice, appeal or repeat rate:
    /// applicants then take those steps as processes in time (see [`Uptake::Rate`]), and the
    /// run counts the appeals lodged (`appeals`, `appeals_<year>`).
    pub uses_rates: bool,
}

/// Applicants' notices of default, for some streams.
#[derive(Clone, Debug)]
pub struct NoticeSpec {
    /// Name, if the file gives one.
    pub name: Option<String>,
    /// Streams (bit mask; 0 = all).
    pub streams: u64,
    /// Which applicants send a notice: a share of the late cases, by the day the term expired
    /// (after `delay`), or a rate from the day after the term's last day.
    pub uptake: Uptake,
    /// With a share: days from term expiry to the notice's receipt (as minutes, rounded to days).
    pub delay: Dist,
    /// Priority class a case gets on receipt of a notice, if the policy gives one.
    pub priority: Option<u8>,
}

/// An administrative penalty regime: which streams, for notices received when.
///
/// `from_day` and `until_day` are compared with the later of the last day of the case's term and
/// the day its notice of default was received (for a notice sent after the term expired, as
/// the simulator's notices always are: the notice day). The penalty itself runs from
/// `grace_days` after that day.
#[derive(Clone, Debug)]
pub struct AdminRegime {
    /// Name, if the file gives one.
    pub name: Option<String>,
    /// Streams (bit mask; 0 = all).
    pub streams: u64,
    /// First day (the later of term end and notice) the regime covers (None: no limit).
    pub from_day: Option<i64>,
    /// Last day (the later of term end and notice) the regime covers (None: no limit).
    pub until_day: Option<i64>,
    /// Days after the later of the term's last day and the notice before the penalty runs (two
    /// weeks).
    pub grace_days: i64,
    /// Amounts per day and cap.
    pub schedule: PenaltySchedule,
}

/// A court regime: appeals against not deciding in time (beroep niet tijdig beslissen), the
/// court's order and the penalty it attaches, if any.
///
/// The regime that governs an appeal is chosen on the day the appeal is lodged and stays with
/// the case until its judgment (and a second judgment after a repeat failure).
#[derive(Clone, Debug)]
pub struct CourtRegime {
    /// Name, if the file gives one.
    pub name: Option<String>,
    /// Streams (bit mask; 0 = all).
    pub streams: u64,
    /// First day an appeal may be lodged under this regime (None: no limit).
    pub from_day: Option<i64>,
    /// Last day an appeal may be lodged under this regime (None: no limit).
    pub until_day: Option<i64>,
    /// Which applicants with a notice appeal: a share, by the day the appeal can be made, or a
    /// rate from that day on.
    pub appeal: Uptake,
    /// Days after the notice before an appeal can be made (two weeks).
    pub after_notice_days: i64,
    /// Time from appeal to judgment (as minutes, rounded to days).
    pub judgment_delay: Dist,
    /// Days the court gives to decide when the applicant has been heard (8 weeks).
    pub order_days_heard: i64,
    /// Days the court gives when the applicant has not been heard yet (8 + 8 weeks).
    pub order_days_not_heard: i64,
    /// The penalty attached to the order: one schedule per cap (amounts per day of delay past
    /// the order's deadline), in the order of the file. Empty: the court attaches no penalty.
    pub caps: Vec<PenaltySchedule>,
    /// Shares of orders that get each cap; one is drawn per order only when there are several.
    pub cap_shares: CumulativeTable,
    /// Procedural costs the IND pays per judgment.
    pub costs: Cents,
    /// Priority class a case gets from the court order, if the policy gives one (used when
    /// `order_handling` gives the class).
    pub priority: Option<u8>,
    /// How a case with the court's order competes for staff.
    pub order_handling: OrderHandling,
    /// The second order after a repeat failure, if applicants may ask for one.
    pub repeat: Option<RepeatOrder>,
    /// The IND's work on each appeal (procesvertegenwoordiging), if the scenario counts it.
    pub litigation: Option<Litigation>,
}

/// How a case with a court order competes with other cases in the queues (`order_handling`).
///
/// An order obliges the IND to decide by a deadline, but it is not a guarantee: how much
/// weight the order gets is the IND's own choice, and the variants let it be compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OrderHandling {
    /// The case gets the regime's `priority` class (if it gives one): in queues that order by
    /// priority it goes before every case of a less urgent class (the practice).
    #[default]
    Class,
    /// The order's deadline becomes the case's due date: in queues ordered by deadline (EDF,
    /// priority+EDF) ordered cases compete with each other and with other cases by deadline.
    /// The class is not used. A due date from the decision term is replaced (it has always
    /// passed when a court rules on a late decision, so keeping the earlier one would change
    /// nothing); one from the stream's `due_days` or from an earlier order is kept when earlier.
    Deadline,
    /// Both: the class, and the order's deadline as due date (ordered cases first, the earliest
    /// deadline first among them under priority+EDF).
    ClassAndDeadline,
    /// The order changes nothing in the queues.
    None,
}

impl OrderHandling {
    /// Whether the order's `priority` class is given to the case.
    pub fn gives_class(self) -> bool {
        matches!(self, OrderHandling::Class | OrderHandling::ClassAndDeadline)
    }

    /// Whether the order's deadline becomes the case's due date.
    pub fn gives_deadline(self) -> bool {
        matches!(
            self,
            OrderHandling::Deadline | OrderHandling::ClassAndDeadline
        )
    }

    /// The name as the scenario file writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderHandling::Class => "class",
            OrderHandling::Deadline => "deadline",
            OrderHandling::ClassAndDeadline => "class_and_deadline",
            OrderHandling::None => "none",
        }
    }
}

/// The IND's work on an appeal against not deciding in time (procesvertegenwoordiging: the
/// statement of defence, the hearing): a job of `hours` productive hours for one server of a
/// pool, per appeal lodged (the first and, after a repeat failure, the second).
#[derive(Clone, Debug)]
pub struct Litigation {
    /// The pool that does the work, or a role (the pool at the case's location).
    pub worker: Worker,
    /// Productive hours per appeal (as minutes).
    pub hours: Dist,
}

impl CourtRegime {
    /// True when an appeal lodged on `day` falls under this regime's dates.
    pub fn in_force(&self, day: i64) -> bool {
        self.from_day.is_none_or(|from| day >= from)
            && self.until_day.is_none_or(|until| day <= until)
    }
}

/// A second court order after a repeat failure: the first order's deadline has passed, the case
/// is still open, and the applicant appeals again.
#[derive(Clone, Debug)]
pub struct RepeatOrder {
    /// Which applicants appeal again: a share, by the day they can, or a rate from that day on.
    pub uptake: Uptake,
    /// Days after the first order's deadline (its last day) before the second appeal is lodged.
    pub after_deadline_days: i64,
    /// Time from the second appeal to its judgment (as minutes, rounded to days).
    pub judgment_delay: Dist,
    /// Days the court gives in the second order (two weeks).
    pub order_days: i64,
    /// Amounts per day of delay past the second order's deadline, and cap; `None` when the
    /// regime attaches no penalty.
    pub schedule: Option<PenaltySchedule>,
    /// Procedural costs the IND pays for the second judgment.
    pub costs: Cents,
}

/// Marks "no such day yet".
pub(crate) const NO_DAY: i64 = i64::MIN;

/// The legal dates of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CaseLegal {
    /// Lodging day.
    pub(crate) lodged: i64,
    /// Last day of the decision term.
    pub(crate) term_end: i64,
    /// Day the notice of default was received, or [`NO_DAY`].
    pub(crate) notice: i64,
    /// Administrative penalty: regime index and first day of delay counted from, or `None`.
    pub(crate) admin: Option<(u8, i64)>,
    /// The version of the law (see [`LawVersions`]) whose `admin` regime the index refers to.
    pub(crate) admin_law: u8,
    /// The appeal against not deciding in time and the court's orders, or `None`.
    pub(crate) court: Option<CourtCase>,
    /// True once the applicant has been heard (nader gehoor done).
    pub(crate) heard: bool,
}

impl CaseLegal {
    /// A case lodged on `lodged` with term ending on `term_end`, nothing else yet.
    pub(crate) fn new(lodged: i64, term_end: i64) -> CaseLegal {
        CaseLegal {
            lodged,
            term_end,
            notice: NO_DAY,
            admin: None,
            admin_law: 0,
            court: None,
            heard: false,
        }
    }
}

/// A case's appeal against not deciding in time: the regime chosen on the day it was lodged,
/// and the court's orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CourtCase {
    /// The version of the law (see [`LawVersions`]) in force when the appeal was lodged.
    pub(crate) law: u8,
    /// Index of the court regime that governs the appeal.
    pub(crate) regime: u8,
    /// Index of the cap drawn for the first order among the regime's caps.
    pub(crate) cap: u8,
    /// Last day of the first order's term, or [`NO_DAY`] before the judgment.
    pub(crate) deadline: i64,
    /// Last day of the second order's term (after a repeat failure), or [`NO_DAY`].
    pub(crate) repeat_deadline: i64,
}

impl CourtCase {
    /// An appeal lodged under `regime` of version `law` of the law, not yet judged.
    pub(crate) fn lodged(law: u8, regime: u8) -> CourtCase {
        CourtCase {
            law,
            regime,
            cap: 0,
            deadline: NO_DAY,
            repeat_deadline: NO_DAY,
        }
    }
}

/// The versions of the law a case's regimes may refer to: version 0 is the law the run starts
/// with, version `k` the law of the `k`-th dated change ([`Network::changes`](crate::model::Network)).
/// A single [`LawSpec`] is its only version.
pub(crate) trait LawVersions {
    /// Version `version` of the law.
    fn version(&self, version: u8) -> &LawSpec;
}

impl LawVersions for LawSpec {
    fn version(&self, _: u8) -> &LawSpec {
        self
    }
}

/// The penalties of a case decided on `decided` (or, with `decided = None`, of a case still open
/// when the run ends at the start of day `end`): each as (payment day, kind, amount). An open case
/// pays a schedule whose cap was reached before `end`; what it has accrued otherwise (counted to
/// `end`) is returned with payment day `None`.
/// Each regime is read from the version of the law the case's record names.
pub(crate) fn settle<L: LawVersions + ?Sized>(
    laws: &L,
    legal: &CaseLegal,
    decided: Option<i64>,
    end: i64,
) -> Vec<(Option<i64>, PenaltyKind, Cents)> {
    let mut out = Vec::new();
    let mut one = |kind, schedule: &PenaltySchedule, start: i64| {
        let cap_day = schedule.days_to_maximum().map(|d| start + d);
        let (day, days_late) = match (decided, cap_day) {
            (Some(decided), Some(cap)) if cap < decided => (Some(cap), cap - start),
            (Some(decided), _) => (Some(decided), decided - start),
            (None, Some(cap)) if cap < end => (Some(cap), cap - start),
            (None, _) => (None, end - start),
        };
        let amount = schedule.amount(days_late);
        if amount.0 > 0 {
            out.push((day, kind, amount));
        }
    };
    if let Some((regime, start)) = legal.admin {
        one(
            PenaltyKind::Admin,
            &laws.version(legal.admin_law).admin[regime as usize].schedule,
            start,
        );
    }
    if let Some(court) = legal.court {
        let regime = &laws.version(court.law).court[usize::from(court.regime)];
        if court.deadline != NO_DAY
            && let Some(schedule) = regime.caps.get(usize::from(court.cap))
        {
            one(PenaltyKind::Court, schedule, court.deadline);
        }
        if court.repeat_deadline != NO_DAY
            && let Some(schedule) = regime.repeat.as_ref().and_then(|r| r.schedule.as_ref())
        {
            one(PenaltyKind::Court, schedule, court.repeat_deadline);
        }
    }
    out
}

/// The index of the first administrative regime covering `stream` for `day`, the later of the
/// last day of the case's term and the day its notice was received.
pub(crate) fn admin_regime(law: &LawSpec, stream: u16, day: i64) -> Option<usize> {
    law.admin.iter().position(|r| {
        covers(r.streams, stream)
            && r.from_day.is_none_or(|from| day >= from)
            && r.until_day.is_none_or(|until| day <= until)
    })
}

/// The index of the court regime that governs an appeal of `stream` lodged on `day`: the first
/// that covers both.
pub(crate) fn court_regime(law: &LawSpec, stream: u16, day: i64) -> Option<usize> {
    law.court
        .iter()
        .position(|r| covers(r.streams, stream) && r.in_force(day))
}

/// The appeal a notice of `stream` received on `notice_day` can lead to: its regime and the day
/// it is lodged. The applicant appeals `after_notice_days` after the notice; the first regime
/// covering the stream that is in force on the day an appeal under it would be lodged governs
/// (with equal waits, as in every Dutch regime: the regime in force on notice day + wait).
/// `None` when no regime does: no appeal.
pub(crate) fn appeal(law: &LawSpec, stream: u16, notice_day: i64) -> Option<(usize, i64)> {
    law.court.iter().enumerate().find_map(|(idx, r)| {
        let appeal_day = notice_day + r.after_notice_days;
        (covers(r.streams, stream) && r.in_force(appeal_day)).then_some((idx, appeal_day))
    })
}

/// The wait from a notice of `stream` to the first day an appeal can be made, in `law`: that of
/// the first court regime covering the stream, in force or not. `None` when none covers it.
pub(crate) fn appeal_wait(law: &LawSpec, stream: u16) -> Option<i64> {
    law.court
        .iter()
        .find(|r| covers(r.streams, stream))
        .map(|r| r.after_notice_days)
}

/// The notice rule for `stream`: the first that covers it.
pub(crate) fn notice_rule(law: &LawSpec, stream: u16) -> Option<&NoticeSpec> {
    law.notices.iter().find(|n| covers(n.streams, stream))
}

fn covers(mask: u64, stream: u16) -> bool {
    mask == 0 || mask & (1u64 << stream) != 0
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::law::{TermRules, Tier};

    fn per_day(euros: i64, cap: i64) -> PenaltySchedule {
        PenaltySchedule::new(
            vec![Tier {
                days: None,
                per_day: Cents::euros(euros),
            }],
            Cents::euros(cap),
        )
        .unwrap()
    }

    fn court(
        from_day: Option<i64>,
        until_day: Option<i64>,
        caps: Vec<PenaltySchedule>,
    ) -> CourtRegime {
        CourtRegime {
            name: None,
            streams: 0,
            from_day,
            until_day,
            appeal: Uptake::Share(DatedShare {
                steps: vec![(0, 1.0)],
            }),
            after_notice_days: 14,
            judgment_delay: Dist::fixed(0.0).unwrap(),
            order_days_heard: 56,
            order_days_not_heard: 112,
            caps,
            cap_shares: CumulativeTable::single(),
            costs: Cents::euros(1_000),
            priority: None,
            order_handling: OrderHandling::Class,
            litigation: None,
            repeat: Some(RepeatOrder {
                uptake: Uptake::Share(DatedShare {
                    steps: vec![(0, 1.0)],
                }),
                after_deadline_days: 14,
                judgment_delay: Dist::fixed(0.0).unwrap(),
                order_days: 14,
                schedule: Some(per_day(200, 15_000)),
                costs: Cents::euros(500),
            }),
        }
    }

    fn law() -> LawSpec {
        LawSpec {
            dates: Dates::new(date(2026, 1, 1)),
            terms: TermTable::new(TermRules::default(), Dates::new(date(2026, 1, 1))),
            notices: Vec::new(),
            admin: vec![AdminRegime {
                name: None,
                streams: 0,
                from_day: None,
                until_day: None,
                grace_days: 14,
                schedule: PenaltySchedule::awb_4_17(),
            }],
            court: vec![court(None, None, vec![per_day(100, 7_500)])],
            uses_rates: false,
        }
    }

    fn order(regime: u8, cap: u8, deadline: i64, repeat_deadline: i64) -> Option<CourtCase> {
        Some(CourtCase {
            law: 0,
            regime,
            cap,
            deadline,
            repeat_deadline,
        })
    }

    #[test]
    fn admin_penalty_paid_at_decision_or_at_the_cap() {
        let law = law();
        let mut case = CaseLegal::new(0, 100);
        case.admin = Some((0, 200));
        // Decided 30 days into the penalty period: EUR 902, paid at the decision.
        let paid = settle(&law, &case, Some(230), 1000);
        assert_eq!(
            paid,
            vec![(Some(230), PenaltyKind::Admin, Cents::euros(902))]
        );
        // Decided on the start day: nothing.
        assert!(settle(&law, &case, Some(200), 1000).is_empty());
        // Decided after the cap (42 days): the cap, paid on day 242.
        let paid = settle(&law, &case, Some(400), 1000);
        assert_eq!(
            paid,
            vec![(Some(242), PenaltyKind::Admin, Cents::euros(1442))]
        );
        // Open at the end: paid if the cap was reached, else accrued.
        let paid = settle(&law, &case, None, 300);
        assert_eq!(
            paid,
            vec![(Some(242), PenaltyKind::Admin, Cents::euros(1442))]
        );
        let accrued = settle(&law, &case, None, 215);
        assert_eq!(
            accrued,
            vec![(None, PenaltyKind::Admin, Cents::euros(14 * 23 + 35))]
        );
    }

    #[test]
    fn court_penalty_runs_from_the_order_deadline() {
        let law = law();
        let mut case = CaseLegal::new(0, 100);
        case.court = order(0, 0, 300, NO_DAY);
        let paid = settle(&law, &case, Some(310), 1000);
        assert_eq!(
            paid,
            vec![(Some(310), PenaltyKind::Court, Cents::euros(1_000))]
        );
        let paid = settle(&law, &case, Some(500), 1000);
        assert_eq!(
            paid,
            vec![(Some(375), PenaltyKind::Court, Cents::euros(7_500))]
        );
    }

    /// An appeal lodged but not judged owes nothing; a regime without a penalty owes nothing
    /// after its order's deadline, on either order.
    #[test]
    fn no_penalty_before_the_judgment_nor_without_one() {
        let mut law = law();
        let mut case = CaseLegal::new(0, 100);
        case.court = Some(CourtCase::lodged(0, 0));
        assert!(settle(&law, &case, Some(500), 1000).is_empty());
        law.court[0].caps.clear();
        law.court[0].repeat.as_mut().unwrap().schedule = None;
        case.court = order(0, 0, 300, 400);
        assert!(settle(&law, &case, Some(500), 1000).is_empty());
    }

    /// The first order (deadline day 300, EUR 100 a day, cap EUR 7,500 reached on day 375) and
    /// the second after a repeat failure (deadline day 340, EUR 200 a day, cap EUR 15,000
    /// reached on day 415): each runs to its own cap and is paid then or at the decision.
    #[test]
    fn two_orders_run_to_their_own_caps() {
        let law = law();
        let mut case = CaseLegal::new(0, 100);
        case.court = order(0, 0, 300, 340);
        // Decided on day 350: 50 days of the first (EUR 5,000), 10 of the second (EUR 2,000).
        assert_eq!(
            settle(&law, &case, Some(350), 1000),
            vec![
                (Some(350), PenaltyKind::Court, Cents::euros(5_000)),
                (Some(350), PenaltyKind::Court, Cents::euros(2_000)),
            ]
        );
        // Decided on day 400: the first capped on day 375; the second 60 days, EUR 12,000.
        assert_eq!(
            settle(&law, &case, Some(400), 1000),
            vec![
                (Some(375), PenaltyKind::Court, Cents::euros(7_500)),
                (Some(400), PenaltyKind::Court, Cents::euros(12_000)),
            ]
        );
        // Decided after both caps.
        assert_eq!(
            settle(&law, &case, Some(900), 1000),
            vec![
                (Some(375), PenaltyKind::Court, Cents::euros(7_500)),
                (Some(415), PenaltyKind::Court, Cents::euros(15_000)),
            ]
        );
        // Open when the run ends at the start of day 400: the first paid at its cap, the
        // second accrued 60 days (EUR 12,000) and not yet due.
        assert_eq!(
            settle(&law, &case, None, 400),
            vec![
                (Some(375), PenaltyKind::Court, Cents::euros(7_500)),
                (None, PenaltyKind::Court, Cents::euros(12_000)),
            ]
        );
    }

    /// The cap drawn for an order selects its schedule.
    #[test]
    fn the_drawn_cap_is_the_one_paid() {
        let mut law = law();
        law.court[0].caps = vec![per_day(100, 7_500), per_day(100, 15_000)];
        let mut case = CaseLegal::new(0, 100);
        case.court = order(0, 1, 300, NO_DAY);
        assert_eq!(
            settle(&law, &case, Some(900), 1000),
            vec![(Some(450), PenaltyKind::Court, Cents::euros(15_000))]
        );
        case.court = order(0, 0, 300, NO_DAY);
        assert_eq!(
            settle(&law, &case, Some(900), 1000),
            vec![(Some(375), PenaltyKind::Court, Cents::euros(7_500))]
        );
    }

    /// An appeal is governed by the regime in force on the day it is lodged (notice + 14 days).
    #[test]
    fn the_regime_of_an_appeal_is_the_one_in_force_on_its_lodging_day() {
        let mut law = law();
        law.court = vec![
            court(None, Some(99), vec![per_day(100, 7_500)]),
            court(Some(100), None, Vec::new()),
        ];
        assert_eq!(appeal(&law, 0, 85), Some((0, 99)));
        assert_eq!(appeal(&law, 0, 86), Some((1, 100)));
        assert_eq!(court_regime(&law, 0, 99), Some(0));
        assert_eq!(court_regime(&law, 0, 100), Some(1));
        // A stream no regime covers cannot appeal.
        law.court[0].streams = 1 << 1;
        law.court[1].streams = 1 << 1;
        assert_eq!(appeal(&law, 0, 85), None);
    }

    proptest::proptest! {
        /// Whatever the deadlines, caps and decision day: each payment is at most its cap and
        /// falls on or before the decision; a later decision never pays less; an open case's
        /// paid and accrued amounts equal what a decision at the end would pay.
        #[test]
        fn two_orders_are_capped_and_monotone(
            deadline in -200i64..400,
            gap in 1i64..100,
            cap in 1i64..20_000,
            second_cap in 1i64..30_000,
            decided in -100i64..900,
            later in 0i64..300,
        ) {
            let mut law = law();
            law.court[0].caps = vec![per_day(100, cap)];
            law.court[0].repeat.as_mut().unwrap().schedule = Some(per_day(200, second_cap));
            let mut case = CaseLegal::new(0, 100);
            case.court = order(0, 0, deadline, deadline + gap);
            let paid = settle(&law, &case, Some(decided), 2_000);
            let total = |paid: &[(Option<i64>, PenaltyKind, Cents)]| paid.iter().map(|p| p.2).sum::<Cents>();
            proptest::prop_assert!(paid.len() <= 2);
            for (day, _, amount) in &paid {
                proptest::prop_assert!(day.unwrap() <= decided);
                proptest::prop_assert!(amount.0 > 0);
            }
            proptest::prop_assert!(total(&paid) <= Cents::euros(cap + second_cap));
            let later_paid = settle(&law, &case, Some(decided + later), 2_000);
            proptest::prop_assert!(total(&paid) <= total(&later_paid));
            let open = settle(&law, &case, None, decided);
            proptest::prop_assert_eq!(total(&open), total(&paid));
        }
    }

    /// A rate of 0.1 a day from day 10, 0 from day 20, 0.5 from day 30 (0.1 before day 10).
    fn stepped() -> DatedRate {
        DatedRate {
            steps: vec![(10, 0.1), (20, 0.0), (30, 0.5)],
        }
    }

    #[test]
    fn dated_rates_step_at_their_dates() {
        let rate = stepped();
        assert_eq!(rate.at(-100), 0.1, "before the first step: the first rate");
        assert_eq!(rate.at(19), 0.1);
        assert_eq!(rate.at(20), 0.0);
        assert_eq!(rate.at(30), 0.5);
        assert!(rate.positive_from(25), "0.5 from day 30");
        let zero_after = DatedRate {
            steps: vec![(0, 0.3), (5, 0.0)],
        };
        assert!(zero_after.positive_from(4));
        assert!(!zero_after.positive_from(5));
        assert!(!DatedRate::default().positive_from(0));
    }

    /// The inverse of the cumulative hazard, by hand: from day 12 at 0.1 a day, 0.5 of hazard is
    /// reached 5 days on (day 17); 0.8 takes the 8 days to day 20 and then waits out the zero
    /// rate to day 30, where 0.5 a day reaches it 0 days on; 1.3 reaches it at day 31.6 (day 31).
    #[test]
    fn the_day_is_where_the_cumulative_hazard_reaches_the_draw() {
        let rate = stepped();
        assert_eq!(rate.day_reached(12, 0.5, 1_000), Some(17));
        assert_eq!(
            rate.day_reached(12, 0.0, 1_000),
            Some(12),
            "at once: the first day"
        );
        assert_eq!(rate.day_reached(12, 0.8, 1_000), Some(30));
        assert_eq!(rate.day_reached(12, 1.3, 1_000), Some(31));
        assert_eq!(
            rate.day_reached(22, 0.05, 1_000),
            Some(30),
            "not before the rate comes"
        );
        assert_eq!(rate.day_reached(12, 1.3, 31), None, "after the run");
        assert_eq!(rate.day_reached(40, 0.0, 40), None);
        // Before the first step, and far in the past (a backlog case).
        assert_eq!(rate.day_reached(-100, 0.25, 1_000), Some(-98));
        // A rate of 0 from a day on never reaches a positive draw.
        let zero_after = DatedRate {
            steps: vec![(0, 0.3), (5, 0.0)],
        };
        assert_eq!(zero_after.day_reached(3, 0.9, 1_000), None);
        assert_eq!(zero_after.day_reached(3, 0.5, 1_000), Some(4));
    }

    #[test]
    fn a_function_of_the_day_becomes_steps_at_its_breaks() {
        let rate = DatedRate::from_breaks(vec![30, 10, 20, 10], |day| match day {
            ..10 => 1.0,
            10..20 => 2.0,
            20..30 => 2.0,
            _ => 0.0,
        });
        assert_eq!(rate.steps, vec![(i64::MIN, 1.0), (10, 2.0), (30, 0.0)]);
        let constant = DatedRate::from_breaks(Vec::new(), |_| 0.5);
        assert_eq!(constant.steps, vec![(i64::MIN, 0.5)]);
    }

    /// Notice and appeal rates per stream over two versions of the law: version 0 has a notice
    /// rate of 0.1 a day and a court regime from day 50 with an appeal rate of 0.2; from day 100
    /// (a change) the notice rate is 0.3 and the court regime is gone.
    #[test]
    fn process_rates_follow_the_law_in_force_each_day() {
        let mut before = law();
        before.notices = vec![NoticeSpec {
            name: None,
            streams: 0,
            uptake: Uptake::Rate(DatedRate {
                steps: vec![(i64::MIN, 0.1)],
            }),
            delay: Dist::fixed(0.0).unwrap(),
            priority: None,
        }];
        before.court = vec![court(Some(50), None, Vec::new())];
        before.court[0].appeal = Uptake::Rate(DatedRate {
            steps: vec![(i64::MIN, 0.2)],
        });
        let mut after = before.clone();
        after.notices[0].uptake = Uptake::Rate(DatedRate {
            steps: vec![(i64::MIN, 0.3)],
        });
        after.court.clear();
        let rates = ProcessRates::new(&[(i64::MIN, &before), (100, &after)], 2);
        for s in 0..2 {
            assert_eq!(
                rates.notice[s].steps,
                vec![(i64::MIN, 0.1), (100, 0.3)],
                "stream {s}"
            );
            assert_eq!(
                rates.appeal[s].steps,
                vec![(i64::MIN, 0.0), (50, 0.2), (100, 0.0)]
            );
            assert_eq!(rates.appeal_wait[s], Some(14));
        }
        // A notice on day 10 can be appealed from day 24; at a rate of 0.2 from day 50, a draw
        // of 1 is reached on day 55, one of 10 never (the regime ends at day 100).
        assert_eq!(rates.appeal[0].day_reached(24, 1.0, 1_000), Some(55));
        assert_eq!(rates.appeal[0].day_reached(24, 10.0, 1_000), None);
    }

    proptest::proptest! {
        /// The event day never comes before the start, and never earlier for a larger draw or a
        /// lower rate (the rates of the steps all scaled by the same factor).
        #[test]
        fn the_inverse_hazard_is_monotone(
            from in -500i64..500,
            exp in 0.0f64..20.0,
            more in 0.0f64..5.0,
            rates in proptest::collection::vec((0i64..300, 0.0f64..2.0), 1..6),
            scale in 1.0f64..10.0,
        ) {
            let mut days: Vec<i64> = rates.iter().map(|(d, _)| *d).collect();
            days.sort_unstable();
            days.dedup();
            let steps: Vec<(i64, f64)> = days.iter().zip(&rates).map(|(d, (_, r))| (*d, *r)).collect();
            let low = DatedRate { steps: steps.clone() };
            let high = DatedRate { steps: steps.iter().map(|(d, r)| (*d, r * scale)).collect() };
            let end = 2_000;
            let first = low.day_reached(from, exp, end);
            if let Some(day) = first {
                proptest::prop_assert!(day >= from && day < end);
            }
            let later = low.day_reached(from, exp + more, end);
            match (first, later) {
                (Some(a), Some(b)) => proptest::prop_assert!(a <= b),
                (None, Some(_)) => proptest::prop_assert!(false, "a larger draw came sooner"),
                _ => {}
            }
            match (first, high.day_reached(from, exp, end)) {
                (Some(a), Some(b)) => proptest::prop_assert!(b <= a),
                (Some(_), None) => proptest::prop_assert!(false, "a higher rate never came"),
                _ => {}
            }
        }
    }

    #[test]
    fn dated_shares_step_at_their_dates() {
        let share = DatedShare {
            steps: vec![(0, 0.2), (365, 0.5)],
        };
        assert_eq!(
            share.at(-100),
            0.2,
            "before the first step: the first share"
        );
        assert_eq!(share.at(364), 0.2);
        assert_eq!(share.at(365), 0.5);
    }

    #[test]
    fn the_book_splits_payments_by_calendar_year() {
        let law = law();
        let mut book = PenaltyBook::new(law.dates, 730, 2);
        assert_eq!(book.by_year.len(), 2);
        book.pay(364, 1, PenaltyKind::Admin, Cents(100)); // 31 December 2026
        book.pay(365, 1, PenaltyKind::Court, Cents(250)); // 1 January 2027
        let totals = |admin, court| PenaltyTotals {
            admin: Cents(admin),
            court: Cents(court),
            costs: Cents::ZERO,
        };
        assert_eq!(book.by_year, vec![totals(100, 0), totals(0, 250)]);
        assert_eq!(book.by_stream, vec![totals(0, 0), totals(100, 250)]);
        assert_eq!(book.paid_in(0, 1), totals(100, 0));
        assert_eq!(book.paid_in(1, 1), totals(0, 250));
        assert_eq!(book.paid_in(1, 0), totals(0, 0));
        assert_eq!(book.total().penalties(), Cents(350));
        assert_eq!(book.total().all(), Cents(350));
        assert!(book.check().is_ok());
        book.by_year[1].court = Cents(1);
        assert!(
            book.check().is_err(),
            "a year that disagrees with its streams"
        );
    }

    #[test]
    fn the_book_finds_the_year_of_a_day_and_counts_per_year() {
        // From 1 March 2026 over 400 days: 2026 and 2027 (to 4 April 2027).
        let dates = Dates::new(date(2026, 3, 1));
        let mut book = PenaltyBook::new(dates, 400, 2);
        assert_eq!(
            book.year_of(-59),
            Some(0),
            "1 January 2026, before the start"
        );
        assert_eq!(book.year_of(-60), None, "31 December 2025");
        assert_eq!(book.year_of(305), Some(0), "31 December 2026");
        assert_eq!(book.year_of(306), Some(1), "1 January 2027");
        assert_eq!(book.year_of(670), Some(1), "31 December 2027");
        assert_eq!(book.year_of(671), None, "2028 is not a year of the run");
        for day in -59..671 {
            let year = (dates.date_of(day).year() - 2026) as usize;
            assert_eq!(book.year_of(day), Some(year), "day {day}");
        }
        book.count_notice(10, 1);
        book.count_notice(306, 0);
        book.count_notice(307, 1);
        book.count_court_case(305);
        assert_eq!(book.notices, 3);
        assert_eq!(book.notices_in(0, None), 1);
        assert_eq!(book.notices_in(1, None), 2);
        assert_eq!(book.notices_in(1, Some(0)), 1);
        assert_eq!(book.court_cases_by_year, vec![1, 0]);
        book.count_appeal(306);
        book.count_appeal(-59);
        assert_eq!(book.appeals, 2);
        assert_eq!(book.appeals_by_year, vec![1, 1]);
        assert!(book.check().is_ok());
        book.appeals_by_year[0] = 0;
        assert!(book.check().is_err(), "appeals that miss a year");
    }
}
