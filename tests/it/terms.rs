//! Decision terms as the law has them, through scenario files: a term keyed on "still running
//! on a date" (WBV 2022/22), an extension that requires another (the +3 months only after the
//! +9), the legal maximum, and the refusals of rules that cannot hold.
//!
//! The runs load an initial backlog from a CSV file with exact lodging dates; every case waits a
//! fixed 30 days from the start and is then decided, so "decided within term" says to the day
//! on which side of its term's last day the decision fell.

use std::path::{Path, PathBuf};

use asielsim::error::ScenarioError;
use asielsim::experiment::{self, Experiment, RunSettings};
use asielsim::scenario::{self, Scenario};
use jiff::civil::{Date, date};

use crate::support::scratch_dir;

/// A scenario starting on `start` with streams `streams`, each case decided 30 days after the
/// start, the given `[law]` text, and a backlog of `rows` (`stream,lodged,features`), written
/// into a fresh folder `name`.
fn write(name: &str, start: &str, streams: &[&str], law: &str, rows: &[&str]) -> PathBuf {
    let dir = scratch_dir(&format!("terms_{name}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = format!(
        "[scenario]\nstart_date = {start}\n[run]\nhorizon_days = 60\n[[feature]]\nname = \"complex\"\n"
    );
    for stream in streams {
        text.push_str(&format!(
            "[[stream]]\nname = \"{stream}\"\ninterarrival_days = {{ dist = \"fixed\", value = 1000 }}\nentry = \"wait\"\n"
        ));
    }
    text.push_str(
        "[[step]]\nname = \"wait\"\ndelay_days = { dist = \"fixed\", value = 30 }\nnext = \"exit\"\n",
    );
    text.push_str(law);
    text.push_str("\n[backlog]\nfile = \"backlog.csv\"\n");
    let mut csv = String::from("stream,lodged,step,features\n");
    for row in rows {
        let (stream, rest) = row.split_once(',').unwrap();
        let (lodged, features) = rest.split_once(',').unwrap_or((rest, ""));
        csv.push_str(&format!("{stream},{lodged},wait,{features}\n"));
    }
    std::fs::write(dir.join("backlog.csv"), csv).unwrap();
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn run(path: &Path) -> Experiment {
    let scenario = scenario::load(path).expect("valid");
    let settings = RunSettings {
        replications: 1,
        seed: 1,
        threads: 1,
    };
    experiment::run(&scenario, settings, &|| {}).expect("runs")
}

fn within(run: &Experiment, stream: &str) -> f64 {
    run.replication(0)
        .get(&format!("within_term_share_{stream}"))
        .unwrap()
}

/// WBV 2022/22: 15 months for applications whose (6-month) term had not yet expired on
/// 27 September 2022, lodged until 31 December 2022.
const WBV_2022: &str = r#"
[law]
[[law.term]]
name = "ordinary"
streams = ["expired", "running"]
months = 6
max_months = 15
[[law.term]]                     # listed after the undated term: dated terms are tried first
name = "wbv_2022_22"
streams = ["expired", "running"]
running_on = 2022-09-27
lodged_until = 2022-12-31
months = 15
max_months = 15
"#;

/// Start 1 October 2022, decided on 31 October 2022. Lodged on 26 March 2022, the ordinary term
/// ended on 26 September: expired on the 27th, so no extension, and the decision is late. Lodged
/// on 27 March 2022, the term ended on 27 September: still running that day, so 15 months (to
/// 27 June 2023), and the decision is in time.
#[test]
fn running_on_to_the_day_through_a_scenario() {
    let streams = ["expired", "running"];
    let rows = ["expired,2022-03-26", "running,2022-03-27"];
    let path = write("running_on", "2022-10-01", &streams, WBV_2022, &rows);
    let m = run(&path);
    assert_eq!(m.replication(0).get("decided"), Some(2.0));
    assert_eq!(within(&m, "expired"), 0.0);
    assert_eq!(within(&m, "running"), 1.0);
    // The same through the parsed rules, with the dates.
    let scenario = scenario::load(&path).unwrap();
    let end = |stream, lodged| term_end(&scenario, stream, 0, lodged);
    assert_eq!(end(0, date(2022, 3, 26)), date(2022, 9, 26));
    assert_eq!(end(1, date(2022, 3, 27)), date(2023, 6, 27));
    assert_eq!(
        end(1, date(2022, 12, 31)),
        date(2024, 3, 31),
        "the last lodging day"
    );
    assert_eq!(
        end(1, date(2023, 1, 1)),
        date(2023, 7, 1),
        "the day after: 6 months"
    );
    // Without the decree, both are late.
    let without = WBV_2022.replace("running_on = 2022-09-27", "running_on = 2022-09-28");
    let path = write("running_on_28", "2022-10-01", &streams, &without, &rows);
    let m = run(&path);
    assert_eq!(
        within(&m, "running"),
        0.0,
        "ended on the 27th: not running on the 28th"
    );
}

/// Art. 42 Vw 2000 as the baseline has it; `exceptional` is listed before the extension it
/// requires (the order is handled).
fn art_42(requires: &str, exceptional_max: &str) -> String {
    format!(
        r#"
[law]
[[law.term]]
name = "ordinary"
streams = ["plain", "complex"]
months = 6
max_months = 15
[[law.extension]]
name = "exceptional"
streams = ["plain", "complex"]
{requires}
months = 3
{exceptional_max}
[[law.extension]]
name = "complex"
streams = ["plain", "complex"]
features_any = ["complex"]
months = 9
"#
    )
}

/// Start 1 January 2026, decided on 31 January 2026.
/// - plain, lodged 15 May 2025: 6 months to 15 November 2025 (late); with the +3 alone, to
///   15 February 2026 (in time).
/// - complex, lodged 15 October 2024: 6 + 9 months to 15 January 2026 (late); with the +3 too,
///   18 months to 15 April 2026 (in time), but only where the maximum allows 18 months.
#[test]
fn the_plus_three_requires_the_plus_nine_and_stops_at_the_maximum() {
    let streams = ["plain", "complex"];
    let rows = ["plain,2025-05-15", "complex,2024-10-15,complex"];
    let case = |name: &str, requires: &str, max: &str| {
        let path = write(name, "2026-01-01", &streams, &art_42(requires, max), &rows);
        let m = run(&path);
        (within(&m, "plain"), within(&m, "complex"))
    };
    assert_eq!(
        case("requires", "requires = \"complex\"", "max_months = 18"),
        (0.0, 1.0),
        "the +3 only after the +9"
    );
    assert_eq!(
        case("alone", "requires = []", "max_months = 18"),
        (1.0, 1.0),
        "requirement switched off"
    );
    assert_eq!(
        case("capped", "requires = \"complex\"", ""),
        (0.0, 0.0),
        "without its own maximum, the +3 is cut off at 15 months"
    );
    let path = write(
        "requires_dates",
        "2026-01-01",
        &streams,
        &art_42("requires = \"complex\"", "max_months = 18"),
        &rows,
    );
    let scenario = scenario::load(&path).unwrap();
    let complex = 1;
    assert_eq!(
        term_end(&scenario, 1, complex, date(2024, 10, 15)),
        date(2026, 4, 15)
    );
    assert_eq!(
        term_end(&scenario, 0, 0, date(2025, 5, 15)),
        date(2025, 11, 15)
    );
}

fn term_end(scenario: &Scenario, stream: usize, features: u64, lodged: Date) -> Date {
    let law = scenario.network.law.as_ref().expect("a law");
    law.terms
        .rules()
        .term_end(stream, 0, features, lodged, || 0.0)
        .expect("a term")
}

/// A one-stream scenario with the given `[law]` text.
fn with_law(law: &str) -> String {
    format!(
        "[scenario]\nstart_date = 2026-01-01\n[run]\nhorizon_days = 10\n[[stream]]\nname = \"first\"\nrate_per_day = 1\nentry = \"wait\"\n[[step]]\nname = \"wait\"\ndelay_days = {{ dist = \"fixed\", value = 1 }}\nnext = \"exit\"\n{law}"
    )
}

/// The problems of a scenario that must be refused, as "field: problem (fix)" lines.
fn refused(law: &str) -> String {
    match scenario::parse(&with_law(law), Path::new("terms.toml")) {
        Ok(_) => panic!("refused:\n{law}"),
        Err(ScenarioError::Invalid { problems, .. }) => problems
            .iter()
            .map(|p| format!("{}: {} ({})", p.field, p.problem, p.fix))
            .collect::<Vec<_>>()
            .join("\n"),
        Err(other) => panic!("a list of problems, got {other}"),
    }
}

const TERM: &str = "[law]\n[[law.term]]\nname = \"asylum\"\nstreams = [\"first\"]\nmonths = 6\n";

fn extension(name: &str, requires: &str) -> String {
    format!(
        "[[law.extension]]\nname = \"{name}\"\nstreams = [\"first\"]\nmonths = 3\nrequires = {requires}\n"
    )
}

#[test]
fn a_requirement_that_does_not_exist_is_refused() {
    let text = refused(&format!("{TERM}{}", extension("exceptional", "\"complx\"")));
    assert!(
        text.contains("law.extension[0].requires (law.extension \"exceptional\"): there is no extension named \"complx\""),
        "{text}"
    );
    assert!(
        text.contains("\"exceptional\""),
        "the fix lists the names: {text}"
    );
}

#[test]
fn a_circle_of_requirements_is_refused() {
    let law = format!(
        "{TERM}{}{}{}",
        extension("a", "[]"),
        extension("b", "\"c\""),
        extension("c", "[\"a\", \"b\"]")
    );
    let text = refused(&law);
    assert!(
        text.contains(
            "law.extension[1].requires (law.extension \"b\"): the requirements go round in a circle: \"b\" requires \"c\" requires \"b\""
        ),
        "{text}"
    );
    let text = refused(&format!("{TERM}{}", extension("a", "\"a\"")));
    assert!(text.contains("circle: \"a\" requires \"a\""), "{text}");
}

#[test]
fn two_extensions_with_one_name_are_refused() {
    let text = refused(&format!(
        "{TERM}{}{}",
        extension("a", "[]"),
        extension("a", "[]")
    ));
    assert!(
        text.contains("law.extension[1].name (law.extension \"a\"): the name \"a\" is already used by law.extension[0]"),
        "{text}"
    );
}

#[test]
fn a_maximum_shorter_than_the_term_is_refused() {
    let text = refused(&format!("{TERM}max_months = 5\n"));
    assert!(
        text.contains("the maximum of 5 months is shorter than the term of 6 months itself"),
        "{text}"
    );
    // 3 months is shorter than 90 days from some lodging dates.
    let text = refused(
        "[law]\n[[law.term]]\nname = \"asylum\"\nstreams = [\"first\"]\ndays = 90\nmax_months = 3\n",
    );
    assert!(
        text.contains("the maximum of 3 months is shorter than the term of 90 days"),
        "{text}"
    );
    let text = refused(&format!("{TERM}max_months = -1\n"));
    assert!(text.contains("max_months"), "{text}");
    let text = refused(&format!("{TERM}max_months = 601\n"));
    assert!(text.contains("at most 600"), "{text}");
}

#[test]
fn a_second_undated_term_for_a_stream_is_refused() {
    let text = refused(&format!(
        "{TERM}[[law.term]]\nname = \"again\"\nstreams = [\"first\"]\nmonths = 9\n"
    ));
    assert!(
        text.contains("law.term[1].streams (law.term \"again\"): stream \"first\" already has an undated term, law.term[0] \"asylum\""),
        "{text}"
    );
    // A term with only `running_on` is dated: the stream still needs an undated one.
    let text = refused(
        "[law]\n[[law.term]]\nname = \"wbv\"\nstreams = [\"first\"]\nmonths = 15\nrunning_on = 2022-09-27\n",
    );
    assert!(
        text.contains("stream \"first\" has no decision term for every lodging date"),
        "{text}"
    );
}

#[test]
fn more_extensions_than_the_bound_are_refused() {
    let many: String = (0..65).map(|i| extension(&format!("e{i}"), "[]")).collect();
    let text = refused(&format!("{TERM}{many}"));
    assert!(text.contains("65 extensions; at most 64"), "{text}");
}

#[test]
fn a_bad_running_on_date_is_refused() {
    let text = refused(&format!(
        "{TERM}[[law.term]]\nname = \"wbv\"\nstreams = [\"first\"]\nmonths = 15\nrunning_on = 2200-01-01\n"
    ));
    assert!(
        text.contains("law.term[1].running_on (law.term \"wbv\")"),
        "{text}"
    );
}

#[test]
fn requires_takes_a_name_or_a_list_of_names() {
    let text = with_law(&format!("{TERM}{}", extension("a", "3")));
    let err = scenario::parse(&text, Path::new("terms.toml")).unwrap_err();
    assert!(
        err.to_string()
            .contains("a name in quotes or a list of names"),
        "{err}"
    );
    let ok = |requires: &str| {
        let law = format!("{TERM}{}{}", extension("b", "[]"), extension("a", requires));
        scenario::parse(&with_law(&law), Path::new("terms.toml")).is_ok()
    };
    assert!(ok("\"b\""));
    assert!(ok("[\"b\"]"));
    assert!(ok("[]"));
}

/// A dated rule switches the requirement off: the +3 months after the +9 for applications lodged
/// until 31 December 2025, alone from 1 January 2026 (as bill 35749 proposed), to the day.
#[test]
fn a_dated_copy_switches_the_requirement_off_from_a_lodging_date() {
    let law = format!(
        "{TERM}max_months = 15\n{}lodged_until = 2025-12-31\nmax_months = 18\n\
         [[law.extension]]\nname = \"exceptional_alone\"\nstreams = [\"first\"]\nmonths = 3\n\
         lodged_from = 2026-01-01\nmax_months = 18\n\
         [[law.extension]]\nname = \"complex\"\nstreams = [\"first\"]\nmonths = 9\nshare = 0\n",
        extension("exceptional", "\"complex\"")
    );
    let scenario = scenario::parse(&with_law(&law), Path::new("terms.toml")).expect("valid");
    assert_eq!(
        term_end(&scenario, 0, 0, date(2025, 12, 31)),
        date(2026, 6, 30),
        "lodged the day before: 6 months"
    );
    assert_eq!(
        term_end(&scenario, 0, 0, date(2026, 1, 1)),
        date(2026, 10, 1),
        "lodged on the day: 6 + 3 months"
    );
}

#[test]
fn a_term_for_some_groups_applies_to_them_alone_and_before_the_term_for_all() {
    // The accelerated procedure of the EU Pact (art. 35(3) Regulation (EU) 2024/1348): three
    // months for applicants from safe countries of origin lodged from 12 June 2026, listed after
    // the term for all, and still tried first.
    let text = with_law(&format!(
        "{TERM}[[law.term]]\nname = \"accelerated\"\nstreams = [\"first\"]\ngroups = [\"safe\"]\nlodged_from = 2026-06-12\nmonths = 3\n"
    ))
    .replace(
        "[[stream]]",
        "[[group]]\nname = \"other\"\n[[group]]\nname = \"safe\"\n[[stream]]",
    )
    .replace("entry = \"wait\"", "entry = \"wait\"\ngroups = { other = 0.9, safe = 0.1 }");
    let scenario = scenario::parse(&text, Path::new("terms.toml")).expect("valid");
    let law = scenario.network.law.as_ref().expect("a law");
    let end = |group, lodged| {
        law.terms
            .rules()
            .term_end(0, group, 0, lodged, || 0.0)
            .expect("a term")
    };
    assert_eq!(end(1, date(2026, 6, 12)), date(2026, 9, 12));
    assert_eq!(end(0, date(2026, 6, 12)), date(2026, 12, 12));
    assert_eq!(end(1, date(2026, 6, 11)), date(2026, 12, 11));
    // An unknown group is refused with its field; a term for some groups is not one for all.
    let text = refused(
        "[law]\n[[law.term]]\nname = \"accelerated\"\nstreams = [\"first\"]\ngroups = [\"safe\"]\nmonths = 3\n",
    );
    assert!(
        text.contains(
            "law.term[0].groups (law.term \"accelerated\"): there is no group named \"safe\""
        ),
        "{text}"
    );
}
