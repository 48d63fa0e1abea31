//! Staff: `[[calendar]]` (working weeks, holidays, leave), `[[pool]]` (size in servers or FTE,
//! productive hours, calendar) and the roles formed by pools with `role` and `location`.

use std::collections::HashMap;

use crate::calendar::{Dates, Holiday, WorkingWeek};
use crate::engine::{MINUTES_PER_DAY, SimTime, WorkCalendar};
use crate::model::{
    Discipline, Dispatch, Level, OfficerPool, OfficerSpec, PoolIdx, PoolSpec, RoleSpec, RunWindow,
};
use crate::scenario::file::{
    CalendarFile, DisciplineFile, DispatchFile, LevelFile, PoolFile, ScenarioFile,
};
use crate::scenario::validate::{Names, Problems, at, parse_date, quoted_list, resolve};

/// Days the working calendars reach past the horizon (work that ends after the run).
const CALENDAR_MARGIN_DAYS: usize = 400;

/// Pools, roles and the working calendars they use.
pub(super) struct Staff {
    pub(super) pools: Vec<PoolSpec>,
    pub(super) roles: Vec<RoleSpec>,
    pub(super) calendars: Vec<WorkCalendar>,
    /// The payroll cost of all pools over the observation window, when `[staff]` gives a cost.
    pub(super) staff_cost_eur: Option<f64>,
}

/// The hiring cohorts of pool `idx` and the attrition of `[staff]`.
fn dynamics_of(
    idx: usize,
    pool: &PoolFile,
    raw: &ScenarioFile,
    dates: Option<Dates>,
    problems: &mut Problems,
) -> Dynamics {
    let attrition = raw
        .staff
        .as_ref()
        .map_or(0.0, |s| s.attrition_per_year.unwrap_or(0.0));
    if !(0.0..1.0).contains(&attrition) && idx == 0 {
        problems.add(
            "staff.attrition_per_year",
            format!("must be a share from 0 to 1, got {attrition}"),
            "e.g. 0.08 for 8% a year",
        );
    }
    let mut cohorts = Vec::new();
    for (h_idx, hiring) in raw
        .hiring
        .iter()
        .enumerate()
        .filter(|(_, h)| h.pool == pool.name)
    {
        let field = |f: &str| format!("hiring[{h_idx}].{f} (pool \"{}\")", pool.name);
        let Some(dates) = dates else {
            problems.add(
                field("start"),
                "hiring needs the date the run starts",
                "add start_date under [scenario]",
            );
            continue;
        };
        let Some(start) = parse_date(&hiring.start, &field("start"), problems) else {
            continue;
        };
        let months = hiring.training_months.unwrap_or(9.0);
        let mentoring = hiring.mentoring.unwrap_or(0.0);
        if !(hiring.count.is_finite() && hiring.count > 0.0) {
            problems.add(
                field("count"),
                format!("must be a positive number of FTE, got {}", hiring.count),
                "e.g. count = 10",
            );
        }
        if !(months.is_finite()
            && months >= 0.0
            && mentoring.is_finite()
            && (0.0..=1.0).contains(&mentoring))
        {
            problems.add(
                field("training_months"),
                "training_months must be 0 or more and mentoring a share from 0 to 1",
                "e.g. training_months = 9, mentoring = 0.2",
            );
        }
        cohorts.push(Cohort {
            start_day: dates.day_of(start),
            count: hiring.count,
            training_days: (months * 365.25 / 12.0).max(1e-9),
            mentoring,
        });
    }
    Dynamics {
        attrition_per_year: attrition.clamp(0.0, 0.999),
        cohorts,
    }
}

/// Payroll cost over the window: FTE on the payroll each day times the cost per FTE-year.
fn staff_cost(
    raw: &ScenarioFile,
    payroll: &[(f64, Dynamics)],
    window: RunWindow,
    problems: &mut Problems,
) -> Option<f64> {
    let cost = raw.staff.as_ref()?.cost_per_fte_year_eur?;
    if !(cost.is_finite() && cost >= 0.0) {
        problems.add(
            "staff.cost_per_fte_year_eur",
            format!("must be an amount of euro, got {cost}"),
            "e.g. 85000",
        );
        return None;
    }
    let first = window.warmup_end.day() as usize;
    let end = window.horizon.minutes().div_ceil(MINUTES_PER_DAY) as usize;
    let fte_days: f64 = (first..end)
        .map(|day| {
            payroll
                .iter()
                .map(|(base, d)| d.fte(*base, day as f64 + 0.5))
                .sum::<f64>()
        })
        .sum();
    Some(fte_days * cost / 365.25)
}

/// A calendar section, checked, before it is laid out for a pool's hours.
struct CalendarDef {
    week: WorkingWeek,
    /// Yearly leave periods.
    leave: Vec<Leave>,
}

/// A yearly period (inclusive, may wrap over the new year) with a share of staff absent.
#[derive(Clone, Debug)]
struct Leave {
    from: (i8, i8),
    until: (i8, i8),
    absent: f64,
}

pub(super) fn staff(
    raw: &ScenarioFile,
    dates: Option<Dates>,
    window: RunWindow,
    names: &mut Names,
    problems: &mut Problems,
) -> Staff {
    let defs: Vec<Option<CalendarDef>> = raw
        .calendars
        .iter()
        .enumerate()
        .map(|(idx, cal)| calendar_def(idx, cal, problems))
        .collect();
    if !raw.calendars.is_empty() && dates.is_none() {
        problems.add(
            "scenario.start_date",
            "working calendars need the date the run starts",
            "add start_date = \"YYYY-MM-DD\" under [scenario]",
        );
    }
    let horizon_days = window.horizon.minutes().div_ceil(MINUTES_PER_DAY) as usize;
    let mut calendars = Vec::new();
    let mut laid_out: HashMap<(usize, u16), usize> = HashMap::new();
    let mut pools = Vec::with_capacity(raw.pools.len());
    let mut payroll: Vec<(f64, Dynamics)> = Vec::with_capacity(raw.pools.len());
    for (idx, pool) in raw.pools.iter().enumerate() {
        let field = |f: &str| at("pool", idx, &pool.name, f);
        let officers = officer_pool(idx, pool, raw, names, problems);
        let servers = match &officers {
            Some(o) => o.officers.len().max(1) as u32,
            None => pool_size(idx, pool, problems),
        };
        let mut calendar = None;
        let mut capacity_changes = Vec::new();
        let mut day0_servers = servers;
        let mut leave: Vec<Leave> = Vec::new();
        match (&pool.calendar, pool.hours_per_week) {
            (None, None) => {}
            (None, Some(_)) => problems.add(
                field("hours_per_week"),
                "productive hours per week need a working calendar",
                "add calendar = \"<name of a [[calendar]]>\", or remove hours_per_week",
            ),
            (Some(_), None) => problems.add(
                field("hours_per_week"),
                "a pool on a working calendar needs its productive hours per FTE per week",
                "add e.g. hours_per_week = 28",
            ),
            (Some(name), Some(hours)) => {
                let cal_idx = resolve(
                    "calendar",
                    name,
                    &names.calendars,
                    &field("calendar"),
                    problems,
                );
                if let (Some(cal_idx), Some(dates)) = (cal_idx, dates)
                    && let Some(def) = &defs[cal_idx]
                {
                    let n_weekdays = def.week.n_weekdays().max(1);
                    let minutes_per_day = hours * 60.0 / n_weekdays as f64;
                    let room = MINUTES_PER_DAY - u64::from(def.week.start_minute);
                    if !(hours.is_finite() && hours > 0.0) || minutes_per_day.round() as u64 > room
                    {
                        problems.add(
                            field("hours_per_week"),
                            format!(
                                "{hours} hours over {n_weekdays} working days does not fit in the working days of calendar \"{name}\""
                            ),
                            "use a positive number of productive hours per FTE per week, e.g. 28",
                        );
                    } else {
                        let minutes = minutes_per_day.round() as u16;
                        let key = (cal_idx, minutes);
                        let next_idx = calendars.len();
                        let cal = *laid_out.entry(key).or_insert(next_idx);
                        if cal == next_idx {
                            match def.week.calendar(
                                dates,
                                horizon_days + CALENDAR_MARGIN_DAYS,
                                minutes,
                            ) {
                                Ok(work_calendar) => calendars.push(work_calendar),
                                Err(reason) => problems.add(
                                    field("calendar"),
                                    reason.to_string(),
                                    "check day_start and hours_per_week",
                                ),
                            }
                        }
                        calendar = Some(cal);
                        leave = def.leave.clone();
                    }
                }
            }
        }
        let dynamics = dynamics_of(idx, pool, raw, dates, problems);
        if let Some(dates) = dates
            && (!leave.is_empty()
                || !dynamics.cohorts.is_empty()
                || dynamics.attrition_per_year > 0.0)
        {
            let base = pool.fte.unwrap_or(f64::from(servers));
            (day0_servers, capacity_changes) =
                staff_schedule(base, &leave, &dynamics, dates, horizon_days);
            payroll.push((base, dynamics));
        } else {
            payroll.push((f64::from(servers), Dynamics::default()));
        }
        pools.push(PoolSpec {
            name: pool.name.clone(),
            servers: day0_servers,
            capacity_changes,
            discipline: match pool.discipline {
                DisciplineFile::Fifo => Discipline::Fifo,
                DisciplineFile::Lifo => Discipline::Lifo,
                DisciplineFile::Priority => Discipline::Priority,
                DisciplineFile::Edf => Discipline::Edf,
                DisciplineFile::PriorityEdf => Discipline::PriorityEdf,
            },
            calendar,
            officers,
            work_factor: match pool.work_factor {
                None => 1.0,
                Some(f) if f.is_finite() && f > 0.0 => f,
                Some(f) => {
                    problems.add(
                        at("pool", idx, &pool.name, "work_factor"),
                        format!("must be a positive multiplier, got {f}"),
                        "e.g. work_factor = 0.85 when support staff take 15% of the hours off",
                    );
                    1.0
                }
            },
        });
    }
    let roles = roles(raw, names, problems);
    let staff_cost_eur = staff_cost(raw, &payroll, window, problems);
    Staff {
        pools,
        roles,
        calendars,
        staff_cost_eur,
    }
}

/// Servers of a pool: `servers`, or `fte` rounded to whole people.
fn pool_size(idx: usize, pool: &PoolFile, problems: &mut Problems) -> u32 {
    let field = |f: &str| at("pool", idx, &pool.name, f);
    match (pool.servers, pool.fte) {
        (Some(n), None) if (1..=i64::from(u32::MAX)).contains(&n) => n as u32,
        (Some(n), None) => {
            problems.add(
                field("servers"),
                format!("must be a whole number of at least 1, got {n}"),
                "set the number of staff who work in parallel, e.g. servers = 10",
            );
            1
        }
        (None, Some(fte)) if fte.is_finite() && fte >= 0.5 && fte < f64::from(u32::MAX) => {
            fte.round() as u32
        }
        (None, Some(fte)) => {
            problems.add(
                field("fte"),
                format!("must be at least 0.5 FTE, got {fte}"),
                "give the staff in full-time equivalents, e.g. fte = 42.5",
            );
            1
        }
        (Some(_), Some(_)) => {
            problems.add(
                field("servers"),
                "give either servers or fte, not both",
                "remove one of the two",
            );
            1
        }
        (None, None) => {
            problems.add(
                field("servers"),
                "the pool's size is missing",
                "add servers = <number> or fte = <full-time equivalents>",
            );
            1
        }
    }
}

/// Hiring, training and attrition of one pool.
#[derive(Clone, Debug, Default)]
pub(super) struct Dynamics {
    /// Share of the staff that leaves per year (applied continuously).
    pub(super) attrition_per_year: f64,
    /// Hiring cohorts.
    pub(super) cohorts: Vec<Cohort>,
}

/// A cohort of new staff: from its start day its productivity rises linearly from 0 to 1 over
/// the training period, during which each trainee takes `mentoring` FTE of experienced staff.
#[derive(Clone, Debug)]
pub(super) struct Cohort {
    pub(super) start_day: i64,
    pub(super) count: f64,
    pub(super) training_days: f64,
    pub(super) mentoring: f64,
}

impl Dynamics {
    /// FTE on the payroll on `day` (before leave and mentoring).
    fn fte(&self, base: f64, day: f64) -> f64 {
        let keep = |years: f64| {
            (1.0 - self.attrition_per_year)
                .max(0.0)
                .powf(years.max(0.0))
        };
        let hired: f64 = self
            .cohorts
            .iter()
            .filter(|c| day >= c.start_day as f64)
            .map(|c| c.count * keep((day - c.start_day as f64) / 365.25))
            .sum();
        base * keep(day / 365.25) + hired
    }

    /// Productive FTE on `day`: trainees count by their ramp, minus the mentoring they take.
    fn productive(&self, base: f64, day: f64) -> f64 {
        let keep = |years: f64| {
            (1.0 - self.attrition_per_year)
                .max(0.0)
                .powf(years.max(0.0))
        };
        let mut total = base * keep(day / 365.25);
        for c in &self.cohorts {
            let since = day - c.start_day as f64;
            if since < 0.0 {
                continue;
            }
            let staying = c.count * keep(since / 365.25);
            if since < c.training_days {
                total += staying * since / c.training_days;
                total -= staying * c.mentoring;
            } else {
                total += staying;
            }
        }
        total.max(0.0)
    }
}

/// Staff present per day (leave, hiring ramps, mentoring, attrition): the number on day 0 and
/// every later change.
fn staff_schedule(
    servers: f64,
    leave: &[Leave],
    dynamics: &Dynamics,
    dates: Dates,
    horizon_days: usize,
) -> (u32, Vec<(SimTime, u32)>) {
    let present_on = |day: usize| {
        let date = dates.date_of(day as i64);
        let md = (date.month(), date.day());
        let absent: f64 = leave
            .iter()
            .filter(|l| {
                if l.from <= l.until {
                    l.from <= md && md <= l.until
                } else {
                    md >= l.from || md <= l.until
                }
            })
            .map(|l| l.absent)
            .sum();
        (dynamics.productive(servers, day as f64) * (1.0 - absent.min(1.0))).round() as u32
    };
    let day0 = present_on(0);
    let mut changes = Vec::new();
    let mut current = day0;
    for day in 1..horizon_days {
        let present = present_on(day);
        if present != current {
            changes.push((SimTime(day as u64 * MINUTES_PER_DAY), present));
            current = present;
        }
    }
    (day0, changes)
}

fn calendar_def(idx: usize, cal: &CalendarFile, problems: &mut Problems) -> Option<CalendarDef> {
    let field = |f: &str| at("calendar", idx, &cal.name, f);
    let n_before = problems.len();
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut weekdays = [false; 7];
    match &cal.weekdays {
        None => weekdays[..5].iter_mut().for_each(|w| *w = true),
        Some(list) => {
            for day in list {
                match DAYS.iter().position(|d| d == day) {
                    Some(pos) => weekdays[pos] = true,
                    None => problems.add(
                        field("weekdays"),
                        format!("\"{day}\" is not a weekday"),
                        "use mon, tue, wed, thu, fri, sat, sun",
                    ),
                }
            }
            if list.is_empty() {
                problems.add(
                    field("weekdays"),
                    "no working weekday",
                    "list the worked weekdays, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
                );
            }
        }
    }
    let holiday_names: Vec<&str> = Holiday::ALL.iter().map(|(n, _)| *n).collect();
    let holidays = cal
        .holidays
        .iter()
        .filter_map(|name| {
            let holiday = Holiday::from_name(name);
            if holiday.is_none() {
                problems.add(
                    field("holidays"),
                    format!("\"{name}\" is not a known public holiday"),
                    format!("use any of: {}", holiday_names.join(", ")),
                );
            }
            holiday
        })
        .collect();
    let days_off = cal
        .days_off
        .iter()
        .filter_map(|d| parse_date(d, &field("days_off"), problems))
        .collect();
    let start_minute = match &cal.day_start {
        None => 9 * 60,
        Some(text) => parse_clock(text).unwrap_or_else(|| {
            problems.add(
                field("day_start"),
                format!("\"{text}\" is not a time of day"),
                "write the time the working day starts as HH:MM, e.g. \"09:00\"",
            );
            9 * 60
        }),
    };
    let mut leave = Vec::new();
    for (l_idx, period) in cal.leave.iter().enumerate() {
        let f = field(&format!("leave[{l_idx}]"));
        let from = parse_month_day(&period.from);
        let until = parse_month_day(&period.until);
        if from.is_none() || until.is_none() {
            problems.add(
                &f,
                format!(
                    "\"{}\" to \"{}\" is not a yearly period",
                    period.from, period.until
                ),
                "write month-day pairs, e.g. from = \"07-15\", until = \"08-31\"",
            );
        }
        if !(period.absent.is_finite() && (0.0..=1.0).contains(&period.absent)) {
            problems.add(
                field(&format!("leave[{l_idx}].absent")),
                format!("must be a share between 0 and 1, got {}", period.absent),
                "give the share of staff on leave in the period, e.g. absent = 0.25",
            );
        }
        if let (Some(from), Some(until)) = (from, until) {
            leave.push(Leave {
                from,
                until,
                absent: period.absent,
            });
        }
    }
    (problems.len() == n_before).then_some(CalendarDef {
        week: WorkingWeek {
            weekdays,
            holidays,
            days_off,
            start_minute,
        },
        leave,
    })
}

/// "HH:MM" to minutes after midnight.
fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// "MM-DD" to (month, day).
fn parse_month_day(text: &str) -> Option<(i8, i8)> {
    let (m, d) = text.split_once('-')?;
    let (m, d): (i8, i8) = (m.parse().ok()?, d.parse().ok()?);
    // 2024 is a leap year, so 02-29 is accepted.
    jiff::civil::Date::new(2024, m, d).ok().map(|_| (m, d))
}

/// Roles: pools that share a `role`, one per location.
fn roles(raw: &ScenarioFile, names: &mut Names, problems: &mut Problems) -> Vec<RoleSpec> {
    let n_locations = raw.locations.len().max(1);
    let mut roles: Vec<RoleSpec> = Vec::new();
    let mut assigned: Vec<Vec<Option<PoolIdx>>> = Vec::new();
    for (idx, pool) in raw.pools.iter().enumerate() {
        let field = |f: &str| at("pool", idx, &pool.name, f);
        match (&pool.role, &pool.location) {
            (None, None) => {}
            (Some(_), None) | (None, Some(_)) => problems.add(
                field("role"),
                "role and location go together: a pool is the staff of one role at one location",
                "give both role = \"...\" and location = \"...\", or neither",
            ),
            (Some(role), Some(location)) => {
                if names.pools.contains_key(role) {
                    problems.add(
                        field("role"),
                        format!("the role \"{role}\" has the name of a pool"),
                        "give the role a name that no pool has",
                    );
                }
                let Some(loc) = resolve(
                    "location",
                    location,
                    &names.locations,
                    &field("location"),
                    problems,
                ) else {
                    continue;
                };
                let role_idx = *names.roles.entry(role.clone()).or_insert_with(|| {
                    roles.push(RoleSpec {
                        name: role.clone(),
                        pool_at: Vec::new(),
                    });
                    assigned.push(vec![None; n_locations]);
                    roles.len() - 1
                });
                if let Some(other) = assigned[role_idx][loc] {
                    problems.add(
                        field("location"),
                        format!(
                            "role \"{role}\" already has pool \"{}\" at location \"{location}\"",
                            raw.pools[other.0 as usize].name
                        ),
                        "give every location one pool per role",
                    );
                }
                assigned[role_idx][loc] = Some(PoolIdx(idx as u16));
            }
        }
    }
    for (role, pools) in roles.iter_mut().zip(&assigned) {
        for (loc, pool) in pools.iter().enumerate() {
            match pool {
                Some(pool) => role.pool_at.push(*pool),
                None => {
                    let location = raw.locations.get(loc).map_or("all", |l| l.name.as_str());
                    problems.add(
                        format!("pool (role \"{}\")", role.name),
                        format!("role \"{}\" has no pool at location \"{location}\"", role.name),
                        format!(
                            "add a [[pool]] with role = \"{}\" and location = \"{location}\" (locations: {})",
                            role.name,
                            quoted_list(&names.locations)
                        ),
                    );
                    role.pool_at.push(PoolIdx(0));
                }
            }
        }
    }
    roles
}

/// The officers of a pool in individual mode (`[[pool.officers]]`), or `None` for an aggregate
/// pool.
fn officer_pool(
    idx: usize,
    pool: &PoolFile,
    raw: &ScenarioFile,
    names: &Names,
    problems: &mut Problems,
) -> Option<OfficerPool> {
    let field = |f: &str| at("pool", idx, &pool.name, f);
    if pool.officers.is_empty() {
        if !pool.specialisms.is_empty() || pool.dispatch.is_some() {
            problems.add(
                field("specialisms"),
                "specialisms and dispatch belong to a pool of individual officers",
                "add [[pool.officers]] entries, or remove specialisms and dispatch",
            );
        }
        return None;
    }
    let Some(levels) = &raw.levels else {
        problems.add(
            "levels",
            "individual officers need the productivity factors of their levels",
            "add [levels] with trainee = ..., regular = 1.0, senior = ...",
        );
        return None;
    };
    for (key, value) in [
        ("trainee", levels.trainee),
        ("regular", levels.regular),
        ("senior", levels.senior),
    ] {
        if !(value.is_finite() && value > 0.0) {
            problems.add(
                format!("levels.{key}"),
                format!("must be a positive factor, got {value}"),
                "e.g. trainee = 0.5",
            );
        }
    }
    let feature_bits = |list: &[String], f: &str, problems: &mut Problems| {
        list.iter()
            .fold(0u32, |bits, name| match names.features.get(name) {
                Some(&bit) => bits | 1 << bit,
                None => {
                    problems.add(
                        field(f),
                        format!("there is no feature named \"{name}\""),
                        format!(
                            "use one of the declared features ({})",
                            quoted_list(&names.features)
                        ),
                    );
                    bits
                }
            })
    };
    let specialisms = feature_bits(&pool.specialisms, "specialisms", problems);
    let dispatch = match pool.dispatch.unwrap_or_default() {
        DispatchFile::LeastLoaded => Dispatch::LeastLoaded,
        DispatchFile::Seniority => Dispatch::Seniority,
    };
    let mut teams: Vec<String> = Vec::new();
    let mut officers = Vec::new();
    for (g_idx, group) in pool.officers.iter().enumerate() {
        let f = |k: &str| field(&format!("officers[{g_idx}].{k}"));
        let count = usize::try_from(group.count)
            .ok()
            .filter(|&c| c > 0 && c <= 100_000);
        let Some(count) = count else {
            problems.add(
                f("count"),
                format!("must be a whole number from 1 up, got {}", group.count),
                "e.g. count = 10",
            );
            continue;
        };
        let (level, factor) = match group.level.unwrap_or_default() {
            LevelFile::Trainee => (Level::Trainee, levels.trainee),
            LevelFile::Regular => (Level::Regular, levels.regular),
            LevelFile::Senior => (Level::Senior, levels.senior),
        };
        let fte = group.fte.unwrap_or(1.0);
        if !(fte.is_finite() && fte > 0.0 && fte <= 1.0) {
            problems.add(
                f("fte"),
                format!("a part-time factor is above 0 and at most 1, got {fte}"),
                "e.g. fte = 0.8 for four days a week",
            );
        }
        let team_name = group.team.clone().unwrap_or_else(|| "team".to_string());
        let team = match teams.iter().position(|t| *t == team_name) {
            Some(t) => t,
            None => {
                teams.push(team_name);
                teams.len() - 1
            }
        } as u16;
        let competences = feature_bits(
            &group.competences,
            &format!("officers[{g_idx}].competences"),
            problems,
        );
        officers.extend((0..count).map(|_| OfficerSpec {
            speed: factor * fte,
            competences,
            team,
            level,
        }));
    }
    // A size given next to the officers (e.g. in the base of a variant) must agree with them.
    let total_fte: f64 = pool
        .officers
        .iter()
        .map(|g| g.count.max(0) as f64 * g.fte.unwrap_or(1.0))
        .sum();
    if let Some(fte) = pool.fte
        && (fte - total_fte).abs() > 0.5
    {
        problems.add(
            field("fte"),
            format!("the officers add up to {total_fte} FTE, but the pool says fte = {fte}"),
            "make [[pool.officers]] add up to the pool's FTE, or change fte",
        );
    }
    if let Some(servers) = pool.servers
        && servers != officers.len() as i64
    {
        problems.add(
            field("servers"),
            format!(
                "{} officers are listed, but the pool says servers = {servers}",
                officers.len()
            ),
            "make the officer counts add up to servers, or change servers",
        );
    }
    if !officers.is_empty()
        && !officers
            .iter()
            .any(|o| o.competences & specialisms == specialisms)
    {
        problems.add(
            field("specialisms"),
            "no officer has every specialism, so a case with several of them could never be handled",
            "give at least one group of officers all the specialisms (e.g. seniors)",
        );
    }
    Some(OfficerPool {
        officers,
        teams,
        specialisms,
        dispatch,
    })
}
