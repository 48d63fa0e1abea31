//! Staff: `[[calendar]]` (working weeks, holidays, leave), `[[pool]]` (size in servers or FTE,
//! productive hours, calendar), `[staff]` and `[[hiring]]` (attrition, cost, cohorts) and the
//! roles formed by pools with `role` and `location`. The staffing over time is checked here and
//! built as a [`StaffPlan`]; the pools' schedules and the payroll cost are derived from it. The
//! staff moves and productive hours of `[[change]]` entries are read in [`staff_changes`].

use std::collections::HashMap;

use crate::calendar::{Dates, Holiday, WorkingWeek};
use crate::engine::{MINUTES_PER_DAY, WorkCalendar};
use crate::model::{
    Cohort, DEFAULT_TRAINING_MONTHS, Discipline, Dispatch, HoursChange, LeaveDip, Level,
    OfficerPool, OfficerSpec, PoolIdx, PoolSpec, PoolStaff, RoleSpec, RunWindow, StaffPlan,
};
use crate::scenario::file::{
    CalendarFile, DisciplineFile, DispatchFile, LevelFile, PoolFile, ScenarioFile,
};
use crate::scenario::validate::bounds;
use crate::scenario::validate::staff_changes::{self, DatedHours};
use crate::scenario::validate::{Names, Problems, at, parse_date, quoted_list, resolve};

/// Days the working calendars reach past the horizon (work that ends after the run).
const CALENDAR_MARGIN_DAYS: usize = 400;

/// Pools, roles and the working calendars they use.
pub(super) struct Staff {
    pub(super) pools: Vec<PoolSpec>,
    pub(super) roles: Vec<RoleSpec>,
    pub(super) calendars: Vec<WorkCalendar>,
    /// The staff of every pool over time, from which the pools' servers and capacity changes and
    /// the payroll cost are derived ([`Network::restaff`](crate::model::Network::restaff)).
    pub(super) plan: StaffPlan,
}

/// The attrition of `[staff]` (checked with the first pool), clamped to what the plan takes.
fn attrition(raw: &ScenarioFile, idx: usize, problems: &mut Problems) -> f64 {
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
    attrition.clamp(0.0, 0.999)
}

/// The hiring cohorts of pool `idx`.
fn cohorts_of(
    idx: usize,
    pool: &PoolFile,
    raw: &ScenarioFile,
    dates: Option<Dates>,
    problems: &mut Problems,
) -> Vec<Cohort> {
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
        let months = hiring.training_months.unwrap_or(DEFAULT_TRAINING_MONTHS);
        let mentoring = hiring.mentoring.unwrap_or(0.0);
        if !(hiring.count.is_finite() && hiring.count > 0.0 && hiring.count <= bounds::MAX_HIRING) {
            problems.add(
                field("count"),
                format!(
                    "must be above 0 and at most {} FTE, got {}",
                    bounds::MAX_HIRING,
                    hiring.count
                ),
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
        cohorts.push(Cohort::new(
            PoolIdx(idx as u16),
            dates.day_of(start),
            hiring.count,
            months,
            mentoring,
        ));
    }
    cohorts
}

/// The cost per FTE-year of `[staff]`, when given and valid.
fn cost_per_fte_year(raw: &ScenarioFile, problems: &mut Problems) -> Option<f64> {
    let cost = raw.staff.as_ref()?.cost_per_fte_year_eur?;
    if !(cost.is_finite() && cost >= 0.0) {
        problems.add(
            "staff.cost_per_fte_year_eur",
            format!("must be an amount of euro, got {cost}"),
            "e.g. 85000",
        );
        return None;
    }
    Some(cost)
}

/// A calendar section, checked, before it is laid out for a pool's hours.
struct CalendarDef {
    week: WorkingWeek,
    /// Yearly leave periods.
    leave: Vec<LeaveDip>,
}

impl CalendarDef {
    /// Working minutes per working day for `hours` productive hours per week, when they are
    /// positive and fit between the start of the working day and midnight.
    fn day_minutes(&self, hours: f64) -> Option<u16> {
        let minutes_per_day = hours * 60.0 / self.week.n_weekdays().max(1) as f64;
        let room = MINUTES_PER_DAY - u64::from(self.week.start_minute);
        (hours.is_finite() && hours > 0.0 && minutes_per_day.round() as u64 <= room)
            .then_some(minutes_per_day.round() as u16)
    }
}

/// The working minutes per day of pool `idx` from day 0 (`base`) and from each of its hours
/// changes on, as periods for [`WorkingWeek::calendar_by_period`]; an hours change that does not
/// fit the calendar is reported and left out.
fn periods(
    base: u16,
    changes: &[DatedHours],
    def: &CalendarDef,
    calendar: &str,
    problems: &mut Problems,
) -> Vec<(usize, u16)> {
    let mut periods = vec![(0, base)];
    for change in changes {
        match def.day_minutes(change.hours_per_week) {
            Some(minutes) => periods.push((change.day.max(0) as usize, minutes)),
            None => problems.add(
                &change.field,
                format!(
                    "{} hours over {} working days does not fit in the working days of calendar \"{calendar}\"",
                    change.hours_per_week,
                    def.week.n_weekdays().max(1)
                ),
                "use a positive number of productive hours per FTE per week, e.g. 28",
            ),
        }
    }
    periods
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
    let n_before = problems.len();
    let hours_changes = staff_changes::hours_changes(raw, dates, &names.pools, problems);
    let horizon_days = window.horizon.minutes().div_ceil(MINUTES_PER_DAY) as usize;
    let mut calendars = Vec::new();
    let mut laid_out: HashMap<(usize, Vec<(usize, u16)>), usize> = HashMap::new();
    let mut pools = Vec::with_capacity(raw.pools.len());
    let mut staff_pools: Vec<PoolStaff> = Vec::with_capacity(raw.pools.len());
    let mut cohorts: Vec<Cohort> = Vec::new();
    let mut attrition_per_year = 0.0;
    for (idx, pool) in raw.pools.iter().enumerate() {
        let field = |f: &str| at("pool", idx, &pool.name, f);
        let officers = officer_pool(idx, pool, raw, names, problems);
        let servers = match &officers {
            Some(o) => o.officers.len().max(1) as u32,
            None => pool_size(idx, pool, problems),
        };
        let mut calendar = None;
        let mut hours_per_week = None;
        let mut leave: Vec<LeaveDip> = Vec::new();
        let changes = &hours_changes[idx];
        if pool.calendar.is_none() {
            for change in changes {
                problems.add(
                    &change.field,
                    format!(
                        "pool \"{}\" works around the clock: productive hours per week need a working calendar",
                        pool.name
                    ),
                    format!(
                        "give pool \"{}\" a calendar and hours_per_week, or remove this entry",
                        pool.name
                    ),
                );
            }
        }
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
                    if let Some(minutes) = def.day_minutes(hours) {
                        let key = (cal_idx, periods(minutes, changes, def, name, problems));
                        let next_idx = calendars.len();
                        let cal = *laid_out.entry(key.clone()).or_insert(next_idx);
                        if cal == next_idx {
                            match def.week.calendar_by_period(
                                dates,
                                horizon_days + CALENDAR_MARGIN_DAYS,
                                &key.1,
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
                        hours_per_week = Some(hours);
                        leave = def.leave.clone();
                    } else {
                        problems.add(
                            field("hours_per_week"),
                            format!(
                                "{hours} hours over {n_weekdays} working days does not fit in the working days of calendar \"{name}\""
                            ),
                            "use a positive number of productive hours per FTE per week, e.g. 28",
                        );
                    }
                }
            }
        }
        attrition_per_year = attrition(raw, idx, problems);
        cohorts.extend(cohorts_of(idx, pool, raw, dates, problems));
        staff_pools.push(PoolStaff {
            name: pool.name.clone(),
            servers,
            fte: pool.fte,
            officers: officers.is_some(),
            hours_per_week,
            hours_changes: changes
                .iter()
                .map(|h| HoursChange {
                    day: h.day,
                    hours_per_week: h.hours_per_week,
                })
                .collect(),
            leave,
        });
        pools.push(PoolSpec {
            name: pool.name.clone(),
            // Both derived from the plan once the scenario is valid.
            servers,
            capacity_changes: Vec::new(),
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
                Some(f)
                    if f.is_finite()
                        && (bounds::MIN_WORK_FACTOR..=bounds::MAX_WORK_FACTOR).contains(&f) =>
                {
                    f
                }
                Some(f) => {
                    problems.add(
                        at("pool", idx, &pool.name, "work_factor"),
                        format!(
                            "must be a multiplier from {} to {}, got {f}",
                            bounds::MIN_WORK_FACTOR,
                            bounds::MAX_WORK_FACTOR
                        ),
                        "e.g. work_factor = 0.85 when support staff take 15% of the hours off",
                    );
                    1.0
                }
            },
        });
    }
    let roles = roles(raw, names, problems);
    let (moves, move_fields) =
        staff_changes::staff_moves(raw, dates, &names.pools, &staff_pools, problems);
    let plan = StaffPlan {
        pools: staff_pools,
        cohorts,
        moves,
        attrition_per_year,
        cost_per_fte_year_eur: cost_per_fte_year(raw, problems),
    };
    // Only on a plan without problems: a pool whose size was refused has a stand-in size.
    if problems.len() == n_before {
        staff_changes::check_cuts(&plan, &move_fields, dates, problems);
    }
    Staff {
        pools,
        roles,
        calendars,
        plan,
    }
}

/// Servers of a pool: `servers`, or `fte` rounded to whole people.
fn pool_size(idx: usize, pool: &PoolFile, problems: &mut Problems) -> u32 {
    let field = |f: &str| at("pool", idx, &pool.name, f);
    match (pool.servers, pool.fte) {
        (Some(n), None) if (1..=bounds::MAX_SERVERS).contains(&n) => n as u32,
        (Some(n), None) => {
            problems.add(
                field("servers"),
                format!(
                    "must be a whole number from 1 to {}, got {n}",
                    bounds::MAX_SERVERS
                ),
                "set the number of staff who work in parallel, e.g. servers = 10",
            );
            1
        }
        (None, Some(fte)) if fte.is_finite() && fte >= 0.5 && fte <= bounds::MAX_SERVERS as f64 => {
            fte.round() as u32
        }
        (None, Some(fte)) => {
            problems.add(
                field("fte"),
                format!("must be from 0.5 to {} FTE, got {fte}", bounds::MAX_SERVERS),
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
            leave.push(LeaveDip {
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
        bounds::check(
            problems,
            &format!("levels.{key}"),
            value,
            (bounds::MIN_WORK_FACTOR, bounds::MAX_WORK_FACTOR),
            " (a productivity factor)",
            "e.g. trainee = 0.5",
        );
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
                format!(
                    "must be a whole number from 1 to 100000, got {}",
                    group.count
                ),
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
