//! `trace.csv`: the event log of one replication (`run --trace R`), one row per activity, with
//! the column names process-mining tools read without mapping (PM4Py's defaults, from the XES
//! standard): `case:concept:name` (the case), `concept:name` (the activity: the step),
//! `org:resource` (the officer or the pool), `start_timestamp` and `time:timestamp` (start and
//! end), then when the case was queued for it, its stream, track, location, pool and officer.
//!
//! Timestamps are ISO 8601 local times from the scenario's `start_date`; a scenario without one
//! (the validation models) counts from 1970-01-01T00:00:00. Work still going on when the run
//! stops keeps the end it was scheduled for.

use crate::model::{Network, TraceRow};

/// The header of `trace.csv`.
pub const TRACE_HEADER: [&str; 11] = [
    "case:concept:name",
    "concept:name",
    "org:resource",
    "start_timestamp",
    "time:timestamp",
    "queued_timestamp",
    "stream",
    "track",
    "location",
    "pool",
    "officer",
];

/// The text of `trace.csv` for `rows` of a run of `network` starting on `start`.
pub fn trace_csv(network: &Network, start: Option<jiff::civil::Date>, rows: &[TraceRow]) -> String {
    let origin = start
        .unwrap_or_else(|| jiff::civil::date(1970, 1, 1))
        .to_datetime(jiff::civil::Time::midnight());
    let stamp = |minutes: u64| {
        i64::try_from(minutes)
            .ok()
            .and_then(|m| origin.checked_add(jiff::Span::new().minutes(m)).ok())
            .map_or_else(String::new, |t| t.strftime("%Y-%m-%dT%H:%M:%S").to_string())
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(TRACE_HEADER)
        .expect("writing to memory");
    let attributes = &network.attributes;
    let name_at = |names: &[String], idx: usize| names.get(idx).cloned().unwrap_or_default();
    for row in rows {
        let pool = row.pool.map(|p| network.pools[p.0 as usize].name.clone());
        let officer = row.officer.map(|k| k.to_string());
        let resource = match (&pool, &officer) {
            (Some(pool), Some(k)) => format!("{pool}#{k}"),
            (Some(pool), None) => pool.clone(),
            _ => String::new(),
        };
        let track = attributes
            .tracks
            .get(usize::from(row.track))
            .map(|t| t.name.clone())
            .unwrap_or_default();
        writer
            .write_record([
                row.case.to_string(),
                network.steps[row.step.0 as usize].name.clone(),
                resource,
                stamp(row.start.0),
                stamp(row.end.0),
                stamp(row.queued.0),
                network
                    .streams
                    .get(usize::from(row.stream))
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                track,
                name_at(&attributes.locations, usize::from(row.location)),
                pool.unwrap_or_default(),
                officer.unwrap_or_default(),
            ])
            .expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flushing to memory")).expect("UTF-8 fields")
}
