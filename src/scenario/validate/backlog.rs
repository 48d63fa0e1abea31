//! The initial backlog: reading the backlog CSV file, and the `[backlog]` section.
//!
//! The CSV format (documented in the README, "Initial backlog"): a header row, then one row per
//! open case. Columns, in any order:
//!
//! | column | required | content |
//! |---|---|---|
//! | `stream` | yes | a `[[stream]]` name |
//! | `lodged` | yes | lodging date, `YYYY-MM-DD`, on or before the start date |
//! | `step` | yes | the `[[step]]` the case is at (waiting for or in its activity) |
//! | `group`, `track`, `location` | when more than one is declared | names |
//! | `features` | no | feature names separated by `;` |
//! | `notice_date` | no | date a notice of default was received (needs a `[law]`) |
//! | `judgment_date` | no | date of a court judgment on not deciding in time (needs a `[law]`) |
//! | `heard` | no | `true`/`false`: the applicant has had the nader gehoor |
//!
//! Every bad row is reported with its line number and the reason; no row is dropped silently.
//! Law-aware checks: a notice or judgment before the lodging date, a judgment before the notice,
//! and either date in a scenario without `[law]` are refused. Two rules are applied when the
//! backlog is loaded (`model::BacklogCase`), because the term may depend on a drawn extension: a
//! notice on or before the last day of the case's term counts from the day after the term
//! expired, and dates after the start take effect on their day.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use crate::calendar::Dates;
use crate::engine::MINUTES_PER_DAY;
use crate::model::{Backlog, BacklogCase, CaseAttributes, StepIdx, StreamIdx, SyntheticBacklog};
use crate::scenario::file::{BacklogFile, ScenarioFile};
use crate::scenario::validate::attributes::{cumulative, shares};
use crate::scenario::validate::bounds;
use crate::scenario::validate::dist::dist;
use crate::scenario::validate::streams::mix;
use crate::scenario::validate::{Names, Problems, header_columns, resolve, sub_key};

/// Most bad rows listed one by one; the rest are counted.
const MAX_ROW_PROBLEMS: usize = 25;

/// The columns a backlog file may have.
const COLUMNS: [&str; 10] = [
    "stream",
    "lodged",
    "step",
    "group",
    "track",
    "location",
    "features",
    "notice_date",
    "judgment_date",
    "heard",
];

pub(super) fn backlog(
    raw: &ScenarioFile,
    scenario_path: &Path,
    dates: Option<Dates>,
    names: &Names,
    problems: &mut Problems,
) -> Backlog {
    let Some(section) = &raw.backlog else {
        return Backlog::default();
    };
    let Some(dates) = dates else {
        problems.add(
            "scenario.start_date",
            "a backlog needs the date the run starts (its cases' ages count from it)",
            "add start_date = \"YYYY-MM-DD\" under [scenario]",
        );
        return Backlog::default();
    };
    let cases = match &section.file {
        None => Vec::new(),
        Some(file) => {
            let csv_path = scenario_path
                .parent()
                .unwrap_or_else(|| Path::new("."))
                .join(file);
            match std::fs::read_to_string(&csv_path) {
                Ok(text) => parse_csv(&text, &csv_path, dates, raw, names, problems),
                Err(err) => {
                    problems.add(
                        "backlog.file",
                        format!("cannot read {}: {err}", csv_path.display()),
                        "give the path of the backlog CSV relative to the file that names it",
                    );
                    Vec::new()
                }
            }
        }
    };
    let synthetic = synthetic(section, raw, names, problems);
    Backlog { cases, synthetic }
}

fn synthetic(
    section: &BacklogFile,
    raw: &ScenarioFile,
    names: &Names,
    problems: &mut Problems,
) -> Vec<SyntheticBacklog> {
    let mut out = Vec::with_capacity(section.synthetic.len());
    for (idx, spec) in section.synthetic.iter().enumerate() {
        let field = |f: &str| format!("backlog.synthetic[{idx}].{f}");
        if let Some(name) = &spec.name
            && let Some(first) = section.synthetic[..idx]
                .iter()
                .position(|s| s.name.as_deref() == Some(name.as_str()))
        {
            problems.add(
                field("name"),
                format!("the name \"{name}\" is already used by backlog.synthetic[{first}]"),
                "give each block a name of its own, or leave name out",
            );
        }
        let stream = resolve(
            "stream",
            &spec.stream,
            &names.streams,
            &field("stream"),
            problems,
        );
        let size = u32::try_from(spec.size)
            .ok()
            .filter(|&s| i64::from(s) <= bounds::MAX_BACKLOG_SIZE)
            .unwrap_or_else(|| {
                problems.add(
                    field("size"),
                    format!(
                        "must be a whole number from 0 to {}, got {}",
                        bounds::MAX_BACKLOG_SIZE,
                        spec.size
                    ),
                    "give the number of open cases of the stream at the start, e.g. size = 20000",
                );
                0
            });
        let age = dist(
            &spec.age_days,
            MINUTES_PER_DAY as f64,
            &field("age_days"),
            problems,
        )
        .filter(|age| {
            // The oldest age a bounded family can draw, else the mean.
            let oldest = spec.age_days.max.or(spec.age_days.value).unwrap_or(age.mean() / MINUTES_PER_DAY as f64);
            bounds::check(
                problems,
                &field("age_days"),
                oldest,
                (0.0, bounds::MAX_AGE_DAYS),
                " days (the oldest age, or the mean of an unbounded distribution)",
                "give the ages of the open cases at the start in days, e.g. { dist = \"uniform\", min = 0, max = 700 }",
            )
        });
        let (steps, step_shares) = match &spec.steps {
            Some(table) => {
                let by_index = shares(
                    &|k: &str| field(&sub_key("steps", k)),
                    table,
                    "step",
                    &names.steps,
                    problems,
                );
                let steps = (0..by_index.len()).map(|i| StepIdx(i as u16)).collect();
                (steps, cumulative(&by_index))
            }
            None => (Vec::new(), crate::model::CumulativeTable::single()),
        };
        let groups = spec.groups.as_ref().map(|table| {
            mix(
                &|key: &str| field(&sub_key("groups", key)),
                Some(table),
                "group",
                raw.groups.len(),
                &names.groups,
                problems,
            )
        });
        let (Some(stream), Some(age)) = (stream, age) else {
            continue;
        };
        // Without a step mix, cases start at their stream's entry step.
        let steps = if steps.is_empty() {
            let entry = &raw.streams[stream].entry;
            match names.steps.get(entry) {
                Some(&step) => vec![StepIdx(step as u16)],
                None => continue, // reported with the stream
            }
        } else {
            steps
        };
        out.push(SyntheticBacklog {
            stream: StreamIdx(stream as u16),
            size,
            age,
            steps,
            step_shares,
            groups,
        });
    }
    out
}

fn parse_csv(
    text: &str,
    path: &Path,
    dates: Dates,
    raw: &ScenarioFile,
    names: &Names,
    problems: &mut Problems,
) -> Vec<BacklogCase> {
    let file = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let Some(column) = header_columns(&mut reader, &file, &COLUMNS, problems) else {
        return Vec::new();
    };
    let mut required = vec!["stream", "lodged", "step"];
    for (kind, n) in [
        ("group", raw.groups.len()),
        ("track", raw.tracks.len()),
        ("location", raw.locations.len()),
    ] {
        if n > 1 {
            required.push(kind);
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !column.contains_key(c))
        .collect();
    if !missing.is_empty() {
        problems.add(
            format!("{file} line 1"),
            format!("missing column(s): {}", missing.join(", ")),
            "add the columns to the header row (see the README, \"Initial backlog\")",
        );
        return Vec::new();
    }
    let mut cases = Vec::new();
    let mut n_bad = 0usize;
    for (row_idx, record) in reader.records().enumerate() {
        let line = row_idx + 2;
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                n_bad += 1;
                if n_bad <= MAX_ROW_PROBLEMS {
                    problems.add(
                        format!("{file} line {line}"),
                        format!("unreadable row: {err}"),
                        "give every row as many fields as the header",
                    );
                }
                continue;
            }
        };
        match parse_row(&record, &column, dates, names, raw.law.is_some()) {
            Ok(case) => cases.push(case),
            Err(reason) => {
                n_bad += 1;
                if n_bad <= MAX_ROW_PROBLEMS {
                    problems.add(
                        format!("{file} line {line}"),
                        reason.to_string(),
                        "correct the row (see the README, \"Initial backlog\")",
                    );
                }
            }
        }
    }
    if n_bad > MAX_ROW_PROBLEMS {
        problems.add(
            &file,
            format!("{} more bad rows not listed", n_bad - MAX_ROW_PROBLEMS),
            "correct the rows listed and run again to see the rest",
        );
    }
    cases
}

/// Why a row of the backlog file is refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
enum RowError {
    /// A required column, or a group, track or location column when several are declared, is
    /// empty.
    #[error("column {0} is empty")]
    Empty(&'static str),
    /// A stream, step, group, track, location or feature name the scenario does not declare.
    #[error("{kind} \"{name}\" is not declared in the scenario")]
    Undeclared {
        /// What the name names (`stream`, `step`, ...).
        kind: &'static str,
        /// The name as written.
        name: String,
    },
    /// A date column that is not `YYYY-MM-DD`.
    #[error("{column} \"{value}\" is not a date (YYYY-MM-DD) from 1900-01-01 to 2199-12-31")]
    NotADate {
        /// The column.
        column: &'static str,
        /// The cell as written.
        value: String,
    },
    /// A case lodged after the run's start date.
    #[error("lodged {0} is after the start date")]
    LodgedAfterStart(String),
    /// A `heard` cell that is not a yes or no.
    #[error("heard \"{0}\" is not true or false")]
    NotABoolean(String),
    /// A notice or judgment date before the lodging date.
    #[error("{0} is before the lodging date")]
    BeforeLodging(&'static str),
    /// A judgment before the notice of default: an appeal against not deciding in time needs a
    /// notice first (Awb 6:12).
    #[error(
        "judgment_date {judgment} is before notice_date {notice}: an appeal against not deciding in time can only follow a notice of default (Awb 6:12)"
    )]
    JudgmentBeforeNotice {
        /// The judgment date as written.
        judgment: String,
        /// The notice date as written.
        notice: String,
    },
    /// A notice or judgment date in a scenario without law: nothing for it to act on.
    #[error(
        "{0} is given, but the scenario has no [law]: a notice of default or a judgment on not deciding in time needs a decision term"
    )]
    NoLaw(&'static str),
}

fn parse_row(
    record: &csv::StringRecord,
    column: &HashMap<&str, usize>,
    dates: Dates,
    names: &Names,
    has_law: bool,
) -> Result<BacklogCase, RowError> {
    let get = |name: &str| column.get(name).and_then(|&i| record.get(i)).unwrap_or("");
    let undeclared = |kind: &'static str, name: &str| RowError::Undeclared {
        kind,
        name: name.to_string(),
    };
    let lookup = |kind: &'static str, index: &HashMap<String, usize>| -> Result<usize, RowError> {
        let value = get(kind);
        if value.is_empty() {
            return if index.len() <= 1 {
                Ok(0)
            } else {
                Err(RowError::Empty(kind))
            };
        }
        index
            .get(value)
            .copied()
            .ok_or_else(|| undeclared(kind, value))
    };
    let date = |column: &'static str| -> Result<Option<i64>, RowError> {
        let value = get(column);
        if value.is_empty() {
            return Ok(None);
        }
        let date: Date = value
            .parse()
            .ok()
            .filter(|d| (bounds::FIRST_DATE..=bounds::LAST_DATE).contains(d))
            .ok_or_else(|| RowError::NotADate {
                column,
                value: value.to_string(),
            })?;
        Ok(Some(dates.day_of(date)))
    };
    let stream = names
        .streams
        .get(get("stream"))
        .copied()
        .ok_or_else(|| undeclared("stream", get("stream")))?;
    let lodged_day = date("lodged")?.ok_or(RowError::Empty("lodged"))?;
    if lodged_day > 0 {
        return Err(RowError::LodgedAfterStart(get("lodged").to_string()));
    }
    let step = names
        .steps
        .get(get("step"))
        .copied()
        .ok_or_else(|| undeclared("step", get("step")))?;
    let mut features = 0u32;
    for feature in get("features")
        .split(';')
        .map(str::trim)
        .filter(|f| !f.is_empty())
    {
        let bit = names
            .features
            .get(feature)
            .ok_or_else(|| undeclared("feature", feature))?;
        features |= 1 << bit;
    }
    let heard = match get("heard").to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => false,
        "true" | "yes" | "1" => true,
        other => return Err(RowError::NotABoolean(other.to_string())),
    };
    let notice_day = date("notice_date")?;
    let judgment_day = date("judgment_date")?;
    for (name, day) in [("notice_date", notice_day), ("judgment_date", judgment_day)] {
        if day.is_some() && !has_law {
            return Err(RowError::NoLaw(name));
        }
        if day.is_some_and(|d| d < lodged_day) {
            return Err(RowError::BeforeLodging(name));
        }
    }
    if let (Some(notice), Some(judgment)) = (notice_day, judgment_day)
        && judgment < notice
    {
        return Err(RowError::JudgmentBeforeNotice {
            judgment: get("judgment_date").to_string(),
            notice: get("notice_date").to_string(),
        });
    }
    Ok(BacklogCase {
        attrs: CaseAttributes {
            stream: stream as u16,
            group: lookup("group", &names.groups)? as u8,
            track: lookup("track", &names.tracks)? as u8,
            location: lookup("location", &names.locations)? as u8,
            features,
            route: 0,
        },
        lodged_day,
        step: StepIdx(step as u16),
        notice_day,
        judgment_day,
        heard,
    })
}
