//! `run --trace R`: the event log of replication R for process mining. It is that very
//! replication (its counts are the replication's own in replications.csv), one row per
//! activity, with the column names PM4Py reads without mapping, the same for any thread count.

use std::collections::HashMap;

use crate::support::{asielsim, scratch_dir};

/// Minutes since 1970-01-01T00:00:00 of an ISO timestamp `YYYY-MM-DDTHH:MM:SS` (the
/// validation models have no start date).
fn minutes(stamp: &str) -> i64 {
    let date = jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%S", stamp).unwrap();
    let origin = jiff::civil::date(1970, 1, 1).to_datetime(jiff::civil::Time::midnight());
    let days = i64::from(date.date().since(origin.date()).unwrap().get_days());
    days * 1440 + i64::from(date.hour()) * 60 + i64::from(date.minute())
}

#[test]
fn the_trace_is_the_replication_activity_by_activity() {
    let dir = scratch_dir("trace");
    let run = |threads: &str, out: &str| {
        asielsim(&[
            "run",
            "scenarios/validation/tandem.toml",
            "-r",
            "3",
            "-j",
            threads,
            "--trace",
            "1",
            "-q",
            "--out",
            out,
        ])
    };
    let one = dir.join("one");
    let output = run("1", one.to_str().unwrap());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(one.join("trace.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, asielsim::output::TRACE_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();

    // Every case goes station1, station2, station3 in that order, each activity ending before
    // the next starts, on the pool of its station.
    let mut by_case: HashMap<String, Vec<&csv::StringRecord>> = HashMap::new();
    for row in &rows {
        by_case.entry(row[0].to_string()).or_default().push(row);
    }
    for activities in by_case.values() {
        for (k, row) in activities.iter().enumerate() {
            assert_eq!(&row[1], ["station1", "station2", "station3"][k]);
            assert!(minutes(&row[5]) <= minutes(&row[3]) && minutes(&row[3]) <= minutes(&row[4]));
            if k > 0 {
                assert_eq!(minutes(&activities[k - 1][4]), minutes(&row[5]));
            }
            assert!(!row[2].is_empty() && row[2] == row[9]);
        }
    }

    // The counts are replication 1's: cases that arrived in the window (after the 100-day
    // warm-up, before the 2,000-day horizon) and cases completed in it.
    let (warmup, horizon) = (100 * 1440, 2000 * 1440);
    let in_window = |m: i64| (warmup..horizon).contains(&m);
    let arrived = by_case
        .values()
        .filter(|a| in_window(minutes(&a[0][5])))
        .count();
    let completed = rows
        .iter()
        .filter(|r| &r[1] == "station3" && in_window(minutes(&r[4])))
        .count();
    let replications = std::fs::read_to_string(one.join("replications.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(replications.as_bytes());
    let columns: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let rep1 = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("replication")] == "1")
        .unwrap();
    assert_eq!(arrived.to_string(), rep1[col("arrived")]);
    assert_eq!(completed.to_string(), rep1[col("completed")]);

    // The same log for two threads; a replication the run does not have is refused.
    let two = dir.join("two");
    assert!(run("2", two.to_str().unwrap()).status.success());
    assert_eq!(
        std::fs::read_to_string(two.join("trace.csv")).unwrap(),
        text
    );
    let refused = asielsim(&[
        "run",
        "scenarios/validation/tandem.toml",
        "-r",
        "3",
        "--trace",
        "3",
        "--out",
        dir.join("bad").to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("replications 0 to 2"));
}
