//! The legal events of a case: term expiry, notice of default, court judgment, and after a repeat
//! failure a second appeal and judgment; the decision's timeliness and its penalties. Only runs
//! when the network has a [`LawSpec`](crate::model::LawSpec).
//!
//! A step an applicant takes with a share is decided once, on the first day it can be taken. A
//! step with a rate ([`Uptake::Rate`]) is a process in time: one Exp(1) draw when it becomes
//! possible, and the day the cumulative hazard from then reaches it (the rate of the law in force
//! on each day, from [`ProcessRates`]) is the day it is taken, if the case is still open then.
//!
//! A handler takes the day of its event. For a case loaded from a backlog, an event dated before
//! the start of the run is handled at once, with its own (past) day, so old cases carry their
//! real deadlines and penalty state from time zero.

use rand::RngExt;

use crate::engine::{MINUTES_PER_DAY, SimTime};
use crate::model::case::{Case, CaseId};
use crate::model::legal::{
    self, CaseLegal, CourtCase, LawVersions, NO_DAY, PenaltyKind, ProcessRates, Uptake,
};
use crate::model::world::{Event, World, end_day, queue_priority};
use crate::model::{CourtRegime, LawSpec, Network};

/// Legal events waiting for their day: one bucket per day of the run. Term expiries alone are one
/// per open case, tens of thousands at once; a bucket per day files and finds them in O(1) where
/// the event heap would pay O(log n) for each.
#[derive(Clone, Debug, Default)]
pub(crate) struct LegalAgenda {
    buckets: Vec<Vec<LegalEvent>>,
    /// The emptied buckets of past days, for reuse by later days.
    spare: Vec<Vec<LegalEvent>>,
    /// The notice and appeal rates per stream, built on first use in a law with rates.
    rates: Option<ProcessRates>,
}

impl LegalAgenda {
    /// An agenda for days `0..n_days`.
    pub(crate) fn new(n_days: usize) -> LegalAgenda {
        LegalAgenda {
            buckets: vec![Vec::new(); n_days],
            spare: Vec::new(),
            rates: None,
        }
    }
}

/// A legal event of a case.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LegalEvent {
    /// The decision term expired (the event falls on the day after its last day).
    TermExpired(CaseId),
    /// A notice of default (ingebrekestelling) is received.
    Notice(CaseId),
    /// A notice of default is received whose appeal is known (from the backlog file): recorded,
    /// without drawing an appeal.
    KnownNotice(CaseId),
    /// A court rules on the appeal against not deciding in time.
    Judgment(CaseId),
    /// An appeal the applicant lodges by rate (the share's appeal is not an event: its judgment
    /// is filed when it is drawn).
    Appeal(CaseId),
    /// The day an applicant may appeal again after the first order's deadline passed.
    RepeatAppeal(CaseId),
    /// A second appeal the applicant lodges by rate.
    RepeatLodged(CaseId),
    /// A court rules on the second appeal (repeat failure).
    RepeatJudgment(CaseId),
    /// An appeal drawn by share is lodged, if the case is still open: it counts (in a law with
    /// rates) and, under a regime with `litigation`, the IND's work on it is queued.
    Lodged(CaseId),
}

/// Which of a case's court orders a judgment gives, with its last day.
#[derive(Clone, Copy, Debug)]
enum Order {
    /// The first order.
    First(i64),
    /// The second order, after a repeat failure.
    Repeat(i64),
}

impl<'net> World<'net> {
    /// Schedules (or, when it lies in the past, handles at once) the expiry of a case's term.
    pub(crate) fn watch_term(&mut self, id: CaseId, term_end: i64) {
        if self.network.law.is_some() && term_end != i64::MAX {
            self.at_day(term_end + 1, LegalEvent::TermExpired(id));
        }
    }

    /// Handles `event` on `day`: now if that day has begun, else at 00:00 of that day (events
    /// after the run are dropped).
    pub(crate) fn at_day(&mut self, day: i64, event: LegalEvent) {
        let start = day.saturating_mul(MINUTES_PER_DAY as i64);
        if start <= self.now.minutes() as i64 {
            self.handle_legal(event, day);
        } else if (start as u64) < self.window.horizon.minutes() {
            let agenda = &mut self.agenda;
            let bucket = &mut agenda.buckets[day as usize];
            if bucket.is_empty() {
                self.events
                    .schedule(SimTime(start as u64), Event::LegalDay { day: day as u32 });
                if bucket.capacity() == 0
                    && let Some(spare) = agenda.spare.pop()
                {
                    *bucket = spare;
                }
            }
            bucket.push(event);
        }
    }

    fn handle_legal(&mut self, event: LegalEvent, day: i64) {
        match event {
            LegalEvent::TermExpired(case) => self.on_term_expired(case, day),
            LegalEvent::Notice(case) => self.on_notice(case, day),
            LegalEvent::KnownNotice(case) => {
                self.record_known_notice(case, day);
            }
            LegalEvent::Judgment(case) => self.on_judgment(case, day),
            LegalEvent::Appeal(case) => self.on_appeal(case, day),
            LegalEvent::RepeatAppeal(case) => self.on_repeat_appeal(case, day),
            LegalEvent::RepeatLodged(case) => self.on_repeat_lodged(case, day),
            LegalEvent::RepeatJudgment(case) => self.on_repeat_judgment(case, day),
            LegalEvent::Lodged(case) => self.on_lodged(case, day),
        }
    }

    /// Handles the legal events of `day`, in the order they were filed.
    pub(crate) fn on_legal_day(&mut self, day: u32) {
        let mut events = std::mem::take(&mut self.agenda.buckets[day as usize]);
        for event in events.drain(..) {
            self.handle_legal(event, i64::from(day));
        }
        self.agenda.spare.push(events);
    }

    /// The law in force on `day` and its version: 0 for the law the run starts with (also for
    /// days before the start), `k` after the `k`-th dated change.
    pub(crate) fn law_on(&self, day: i64) -> (u8, &'net LawSpec) {
        Versions(self.base).on(day)
    }

    /// Version `version` of the law (0: the law the run starts with).
    pub(crate) fn law_version(&self, version: u8) -> &'net LawSpec {
        Versions(self.base).version(version)
    }

    fn window_start_day(&self) -> i64 {
        self.window.warmup_end.day() as i64
    }

    /// The term expired on `day`: the applicant may send a notice of default. With a share, the
    /// draw is made now; with a rate (or, when the law has rates, after a share's draw that sent
    /// none) the notice follows the notice rate of the stream from today on.
    pub(crate) fn on_term_expired(&mut self, id: CaseId, day: i64) {
        let (_, law) = self.law_on(day);
        let Some(case) = self.cases.get_mut(id) else {
            return; // decided before its term expired
        };
        let notice = legal::notice_rule(law, case.attrs.stream);
        if let Some(notice) = notice
            && let Uptake::Share(share) = &notice.uptake
        {
            let u: f64 = case.behaviour.random();
            if u < share.at(day) {
                let delay_days = notice.delay.sample_minutes(&mut case.behaviour) / MINUTES_PER_DAY;
                self.at_day(day + delay_days as i64, LegalEvent::Notice(id));
                return;
            }
        }
        if self.uses_rates() {
            self.follow_rate(id, day, Process::Notice);
        }
    }

    /// True when the law (in some version) gives rates.
    fn uses_rates(&self) -> bool {
        self.base.law.as_ref().is_some_and(|law| law.uses_rates)
    }

    /// Builds the notice and appeal rates of the run's law, once.
    fn build_rates(&mut self) {
        if self.agenda.rates.is_some() {
            return;
        }
        let base = self.base;
        let laws: Vec<(i64, &LawSpec)> = std::iter::once(i64::MIN)
            .chain(base.changes.iter().map(|c| c.day))
            .enumerate()
            .map(|(k, day)| (day, Versions(base).version(k as u8)))
            .collect();
        self.agenda.rates = Some(ProcessRates::new(&laws, base.streams.len()));
    }

    /// Starts `process` of a case from 00:00 of `from`: one Exp(1) draw from the case's
    /// behaviour, and its event on the day the hazard reaches it (none if that is after the run,
    /// or if the rate is 0 from `from` on: then nothing is drawn).
    fn follow_rate(&mut self, id: CaseId, from: i64, process: Process) {
        let end = end_day(self.window.horizon);
        self.build_rates();
        let Some(case) = self.cases.get_mut(id) else {
            return;
        };
        let stream = usize::from(case.attrs.stream);
        let (rate, event) = match (process, &self.agenda.rates) {
            (Process::Notice, Some(rates)) => (&rates.notice[stream], LegalEvent::Notice(id)),
            (Process::Appeal, Some(rates)) => (&rates.appeal[stream], LegalEvent::Appeal(id)),
            (Process::Repeat, _) => {
                let Some(court) = case.legal.court else {
                    return;
                };
                let law = Versions(self.base).version(court.law);
                let Some(Uptake::Rate(rate)) = law.court[usize::from(court.regime)]
                    .repeat
                    .as_ref()
                    .map(|r| &r.uptake)
                else {
                    return;
                };
                (rate, LegalEvent::RepeatLodged(id))
            }
            (_, None) => return,
        };
        if !rate.positive_from(from) {
            return;
        }
        let u: f64 = case.behaviour.random();
        let exp = -(1.0 - u).ln();
        if let Some(day) = rate.day_reached(from, exp, end) {
            self.at_day(day, event);
        }
    }

    /// A notice of default arrives: the administrative penalty's clock starts, the case may get
    /// priority, and the applicant may later appeal to the court.
    pub(crate) fn on_notice(&mut self, id: CaseId, day: i64) {
        if self.record_known_notice(id, day) {
            self.maybe_appeal(id, day);
        }
    }

    /// Records a notice received on `day` (counted when in the window): the administrative
    /// penalty regime and the priority it gives. False when the case is no longer open.
    pub(crate) fn record_known_notice(&mut self, id: CaseId, day: i64) -> bool {
        let (_, law) = self.law_on(day);
        let versions = Versions(self.base);
        let window_start = self.window_start_day();
        let Some(case) = self.cases.get_mut(id) else {
            return false;
        };
        case.legal.notice = day;
        if day >= window_start {
            self.book.count_notice(day, usize::from(case.attrs.stream));
            if let Some(monthly) = &mut self.monthly {
                monthly.notices += 1;
            }
        }
        let start = case.legal.term_end.max(day);
        let (version, regimes) = versions.on(start);
        if let Some(regime) = legal::admin_regime(regimes, case.attrs.stream, start) {
            let grace = regimes.admin[regime].grace_days;
            case.legal.admin = Some((regime as u8, start + grace));
            case.legal.admin_law = version;
        }
        if let Some(priority) = legal::notice_rule(law, case.attrs.stream).and_then(|n| n.priority)
        {
            self.raise_priority(id, priority);
        }
        true
    }

    /// After a notice, the applicant may appeal to the court (beroep niet tijdig beslissen). The
    /// regime in force on the day the appeal is lodged governs it, up to its judgment.
    ///
    /// With dated changes of the law, the wait before the appeal is the one of the law in force
    /// on the notice day, and the regime the one in force on the day the appeal is then lodged.
    /// With a share the draw is made now; with a rate (or, when the law has rates, after a
    /// share's draw that made none) the appeal follows the appeal rate of the stream from the
    /// first day it can be lodged.
    fn maybe_appeal(&mut self, id: CaseId, notice_day: i64) {
        let (_, at_notice) = self.law_on(notice_day);
        let Some(case) = self.cases.get(id) else {
            return;
        };
        let stream = case.attrs.stream;
        let first = legal::appeal(at_notice, stream, notice_day);
        if let Some((_, appeal_day)) = first {
            let (version, law) = self.law_on(appeal_day);
            if let Some(regime) = legal::court_regime(law, stream, appeal_day)
                && let Uptake::Share(share) = &law.court[regime].appeal
            {
                let court = &law.court[regime];
                let Some(case) = self.cases.get_mut(id) else {
                    return;
                };
                let u: f64 = case.behaviour.random();
                if u < share.at(appeal_day) {
                    let delay_days =
                        court.judgment_delay.sample_minutes(&mut case.behaviour) / MINUTES_PER_DAY;
                    case.legal.court = Some(CourtCase::lodged(version, regime as u8));
                    // Lodged on its day if the case is still open then (as an appeal by rate);
                    // the event is only filed when it matters (appeals counted, or litigation),
                    // so laws with shares only keep their events.
                    if court.litigation.is_some() || self.uses_rates() {
                        self.at_day(appeal_day, LegalEvent::Lodged(id));
                    }
                    self.at_day(appeal_day + delay_days as i64, LegalEvent::Judgment(id));
                    return;
                }
            }
        }
        if !self.uses_rates() {
            return;
        }
        self.build_rates();
        let wait = legal::appeal_wait(at_notice, stream).or_else(|| {
            self.agenda
                .rates
                .as_ref()
                .and_then(|rates| rates.appeal_wait[usize::from(stream)])
        });
        let start = first.map(|(_, day)| day).or(wait.map(|w| notice_day + w));
        if let Some(start) = start {
            self.follow_rate(id, start, Process::Appeal);
        }
    }

    /// An appeal by rate is lodged on `day`, under the court regime in force for the stream that
    /// day; the judgment follows after the regime's `judgment_days`.
    fn on_appeal(&mut self, id: CaseId, day: i64) {
        let (version, law) = self.law_on(day);
        let Some(case) = self.cases.get_mut(id) else {
            return; // decided before the appeal
        };
        let Some(regime) = legal::court_regime(law, case.attrs.stream, day) else {
            return;
        };
        let court = &law.court[regime];
        let delay_days = court.judgment_delay.sample_minutes(&mut case.behaviour) / MINUTES_PER_DAY;
        case.legal.court = Some(CourtCase::lodged(version, regime as u8));
        let litigation = court.litigation.is_some();
        self.count_appeal(day);
        if litigation {
            self.litigate(id, day);
        }
        self.at_day(day + delay_days as i64, LegalEvent::Judgment(id));
    }

    /// An appeal drawn by share is lodged on `day` and the case is still open: it counts, and
    /// brings its litigation job.
    fn on_lodged(&mut self, id: CaseId, day: i64) {
        if self.cases.get(id).is_none() {
            return; // decided between the notice and the appeal's day
        }
        self.count_appeal(day);
        self.litigate(id, day);
    }

    /// Counts an appeal lodged on `day` when it falls in the window (and the run).
    fn count_appeal(&mut self, day: i64) {
        if day >= self.window_start_day() && day < end_day(self.window.horizon) {
            self.book.count_appeal(day);
        }
    }

    /// The court orders a decision within a term, with a penalty per day after it (a cap drawn
    /// when the regime has a mix), and the IND pays the procedural costs. The regime is the one
    /// the appeal was lodged under; for a backlog case whose judgment the file gives, the one in
    /// force on the judgment day.
    pub(crate) fn on_judgment(&mut self, id: CaseId, day: i64) {
        let (today, law_today) = self.law_on(day);
        let versions = Versions(self.base);
        let Some(case) = self.cases.get_mut(id) else {
            return;
        };
        let stream = case.attrs.stream;
        let lodged = case.legal.court.map(|c| (c.law, usize::from(c.regime)));
        let Some((version, regime)) = lodged
            .or_else(|| legal::court_regime(law_today, stream, day).map(|regime| (today, regime)))
        else {
            return;
        };
        let law = versions.version(version);
        let court = &law.court[regime];
        let term = if case.legal.heard {
            court.order_days_heard
        } else {
            court.order_days_not_heard
        };
        // The cap's draw is made whatever the regime's caps (one, a mix, or none without a
        // penalty), so that regimes differing only in their caps keep the case's later behaviour
        // draws aligned (common random numbers).
        let u: f64 = case.behaviour.random();
        let cap = if court.caps.len() > 1 {
            court.cap_shares.pick(u)
        } else {
            0
        };
        let deadline = day + term;
        case.legal.court = Some(CourtCase {
            law: version,
            regime: regime as u8,
            cap: cap as u8,
            deadline,
            repeat_deadline: NO_DAY,
        });
        self.count_judgment(id, day, court.costs, court, Order::First(deadline));
        if let Some(repeat) = &court.repeat {
            self.at_day(
                deadline + repeat.after_deadline_days,
                LegalEvent::RepeatAppeal(id),
            );
        }
    }

    /// The first order's deadline has passed and the case is still open: the applicant may appeal
    /// again (repeat failure): with a share, drawn now; with a rate, from today on.
    fn on_repeat_appeal(&mut self, id: CaseId, day: i64) {
        let versions = Versions(self.base);
        let Some(case) = self.cases.get_mut(id) else {
            return; // decided after the deadline but before the second appeal
        };
        let Some(court) = case.legal.court else {
            return;
        };
        let law = versions.version(court.law);
        let Some(repeat) = &law.court[usize::from(court.regime)].repeat else {
            return;
        };
        let Uptake::Share(share) = &repeat.uptake else {
            self.follow_rate(id, day, Process::Repeat);
            return;
        };
        let u: f64 = case.behaviour.random();
        if u < share.at(day) {
            let delay_days =
                repeat.judgment_delay.sample_minutes(&mut case.behaviour) / MINUTES_PER_DAY;
            self.count_appeal(day);
            self.litigate(id, day);
            self.at_day(day + delay_days as i64, LegalEvent::RepeatJudgment(id));
        }
    }

    /// A second appeal by rate is lodged on `day`; its judgment follows after the repeat
    /// order's `judgment_days`.
    fn on_repeat_lodged(&mut self, id: CaseId, day: i64) {
        let versions = Versions(self.base);
        let Some(case) = self.cases.get_mut(id) else {
            return;
        };
        let Some(court) = case.legal.court else {
            return;
        };
        let law = versions.version(court.law);
        let Some(repeat) = &law.court[usize::from(court.regime)].repeat else {
            return;
        };
        let delay_days =
            repeat.judgment_delay.sample_minutes(&mut case.behaviour) / MINUTES_PER_DAY;
        self.count_appeal(day);
        self.litigate(id, day);
        self.at_day(day + delay_days as i64, LegalEvent::RepeatJudgment(id));
    }

    /// The court's second order: a decision within `order_days`, with the repeat penalty per day
    /// after it; the first order's penalty runs on to its own cap. The IND pays costs again.
    fn on_repeat_judgment(&mut self, id: CaseId, day: i64) {
        let versions = Versions(self.base);
        let Some(case) = self.cases.get_mut(id) else {
            return;
        };
        let Some(court) = &mut case.legal.court else {
            return;
        };
        let regime = &versions.version(court.law).court[usize::from(court.regime)];
        let Some(repeat) = &regime.repeat else {
            return;
        };
        court.repeat_deadline = day + repeat.order_days;
        let deadline = court.repeat_deadline;
        self.count_judgment(id, day, repeat.costs, regime, Order::Repeat(deadline));
    }

    /// Counts a judgment of `day` in the window (court cases, costs) and lets the order weigh
    /// in the queues as the regime's `order_handling` says: its priority class, its deadline as
    /// the case's due date, both or neither.
    fn count_judgment(
        &mut self,
        id: CaseId,
        day: i64,
        costs: crate::law::Cents,
        court: &CourtRegime,
        order: Order,
    ) {
        let Some(case) = self.cases.get(id) else {
            return;
        };
        let stream = case.attrs.stream;
        if day >= self.window_start_day() {
            self.book.count_court_case(day);
            if let Some(monthly) = &mut self.monthly {
                monthly.court_cases += 1;
            }
            self.book
                .pay(day, usize::from(stream), PenaltyKind::Costs, costs);
        }
        let handling = court.order_handling;
        let priority = court.priority.filter(|_| handling.gives_class());
        let due = handling
            .gives_deadline()
            .then(|| self.order_due(case, order));
        self.reorder(id, priority, due);
    }

    /// The due date a case gets from a court order under `order_handling = "deadline"`: the
    /// start of the day after the order's last day. It replaces a due date the decision term
    /// gave (always passed when a court rules on a late decision); a due date from the stream's
    /// `due_days` (first order) or from the first order (second order) is kept when earlier.
    fn order_due(&self, case: &Case, order: Order) -> SimTime {
        let (deadline, kept) = match order {
            Order::First(deadline) => {
                let stream = &self.network.streams[usize::from(case.attrs.stream)];
                let kept = stream.due_after.map_or(SimTime::NEVER, |minutes| {
                    crate::model::world::due_after_time(case.arrived, minutes)
                });
                (deadline, kept)
            }
            Order::Repeat(deadline) => (deadline, case.due),
        };
        crate::model::world::due_of_day(deadline + 1).min(kept)
    }

    /// Gives a case a more urgent priority class; a waiting case moves up in its queue.
    fn raise_priority(&mut self, id: CaseId, priority: u8) {
        self.reorder(id, Some(priority), None);
    }

    /// Gives a case a more urgent priority class (a less urgent one is ignored) and/or a new
    /// due date; a waiting case is queued again under its new key when its queue orders by what
    /// changed (its old entry goes stale).
    fn reorder(&mut self, id: CaseId, priority: Option<u8>, due: Option<SimTime>) {
        let Some(case) = self.cases.get_mut(id) else {
            return;
        };
        let raised = priority.filter(|&p| p < case.priority);
        let moved = due.filter(|&d| d != case.due);
        if raised.is_none() && moved.is_none() {
            return;
        }
        if let Some(priority) = raised {
            case.priority = priority;
        }
        if let Some(due) = moved {
            case.due = due;
        }
        if let Some(pool) = case.waiting_at {
            let state = &mut self.pools[pool.0 as usize];
            if (raised.is_some() && state.queue.orders_by_priority())
                || (moved.is_some() && state.queue.orders_by_deadline())
            {
                case.ticket += 1;
                let step_priority = self.network.steps[case.step.0 as usize].priority;
                let priority = queue_priority(case.priority, step_priority);
                match (
                    &mut state.desk,
                    &self.network.pools[pool.0 as usize].officers,
                ) {
                    (Some(desk), Some(officers)) => {
                        let requirement = case.attrs.features & officers.specialisms;
                        desk.push(id, requirement, priority, case.due, case.ticket);
                    }
                    _ => state.queue.rekey(id, priority, case.due, case.ticket),
                }
            }
        }
    }

    /// Counts a decided case: timeliness per stream and track, AA/VA phases, and its penalties.
    pub(crate) fn record_decision(&mut self, id: CaseId) {
        let Some(case) = self.cases.get(id) else {
            return;
        };
        let (term_end, lodged, phases) = (case.legal.term_end, case.legal.lodged, case.phases);
        let within = self.today() <= term_end;
        let stream = usize::from(case.attrs.stream);
        let track = usize::from(case.attrs.track);
        for counts in [
            &mut self.decisions.by_stream[stream],
            &mut self.decisions.by_track[track],
        ] {
            counts.0 += 1;
            counts.1 += u64::from(within);
        }
        if self.network.law.is_some() {
            let today = self.today();
            if let Some(year) = self.book.year_of(today) {
                let counts = &mut self.decisions.by_year[year];
                counts.0 += 1;
                counts.1 += u64::from(within);
                self.decisions
                    .yearly
                    .record(year, today, stream, track, lodged);
            }
        }
        if let Some(monthly) = &mut self.monthly {
            monthly.decided += 1;
            monthly.decided_within += u64::from(within);
            if let Some(count) = monthly.decided_by_stream.get_mut(stream) {
                *count += 1;
            }
        }
        let aa = crate::model::Phase::Aa.bit();
        let va = crate::model::Phase::Va.bit();
        if phases & aa != 0 {
            self.decisions.through_aa += 1;
            if phases & va != 0 {
                self.decisions.aa_then_va += 1;
            }
        }
        if self.network.law.is_some()
            && let Some(case) = self.cases.get(id)
        {
            let legal = case.legal;
            let today = self.today();
            self.settle(&legal, stream as u16, Some(today));
        }
    }

    /// Pays the penalties of a case decided on `decided` (or open at the end, with `None`).
    pub(crate) fn settle(&mut self, legal: &CaseLegal, stream: u16, decided: Option<i64>) {
        let end = end_day(self.window.horizon);
        let window_start = self.window_start_day();
        let payments = legal::settle(&Versions(self.base), legal, decided, end);
        for (day, kind, amount) in payments {
            match day {
                Some(day) if day >= window_start && day < end => {
                    self.book.pay(day, usize::from(stream), kind, amount);
                    if let Some(monthly) = &mut self.monthly {
                        let month = monthly.month_of(day);
                        monthly.penalties[month] += amount.0;
                    }
                }
                Some(_) => {}
                None => self.book.accrued_open += amount,
            }
        }
    }

    /// At the end of the run: pays what open cases owe (caps reached) and notes what accrued.
    pub(crate) fn settle_open_cases(&mut self) {
        if self.network.law.is_none() {
            return;
        }
        let open: Vec<(CaseLegal, u16)> = self
            .cases
            .iter()
            .map(|case| (case.legal, case.attrs.stream))
            .collect();
        for (legal, stream) in &open {
            self.settle(legal, *stream, None);
        }
    }

    /// Open cases at the end whose term has expired.
    pub(crate) fn past_term_at_end(&self) -> u64 {
        let end = end_day(self.window.horizon);
        self.cases
            .iter()
            .filter(|case| case.legal.term_end < end)
            .count() as u64
    }
}

/// A step an applicant may take by rate.
#[derive(Clone, Copy)]
enum Process {
    /// The notice of default, from the day after the term's last day.
    Notice,
    /// The appeal against not deciding in time, from the notice plus the wait.
    Appeal,
    /// The second appeal after a repeat failure, from the first order's deadline plus the wait.
    Repeat,
}

/// The versions of the law of a run: the base network's and its dated changes'.
#[derive(Clone, Copy)]
struct Versions<'net>(&'net Network);

impl<'net> Versions<'net> {
    /// The law in force on `day` and its version.
    fn on(self, day: i64) -> (u8, &'net LawSpec) {
        let k = self.0.changes.partition_point(|c| c.day <= day) as u8;
        (k, self.version(k))
    }

    /// Version `version` (0: the base network's law).
    fn version(self, version: u8) -> &'net LawSpec {
        let network = match version {
            0 => self.0,
            k => &self.0.changes[usize::from(k) - 1].network,
        };
        network.law.as_ref().expect("legal events need law")
    }
}

impl LawVersions for Versions<'_> {
    fn version(&self, version: u8) -> &LawSpec {
        Versions::version(*self, version)
    }
}
