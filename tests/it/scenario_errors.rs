//! Bad scenario files are refused with exit code 2, a message that names the file, the field and
//! the fix, no panic, and no output written.

use crate::support::{asielsim, repo, scratch_dir};

/// Runs `asielsim run` on a fixture and returns its stderr, after checking the common contract.
fn refused(fixture: &str) -> String {
    let out_dir = scratch_dir(&format!("refused_{fixture}"));
    let path = format!("tests/it/data/{fixture}");
    let output = asielsim(&["run", &path, "--out", out_dir.to_str().unwrap()]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "exit code for {fixture}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(&path),
        "the message names the file: {stderr}"
    );
    assert!(
        stderr.contains("fix:"),
        "the message says how to fix it: {stderr}"
    );
    assert!(
        !out_dir.exists(),
        "nothing is written for an invalid scenario"
    );
    let validate = asielsim(&["validate", &path]);
    assert_eq!(
        validate.status.code(),
        Some(2),
        "validate refuses {fixture} too"
    );
    stderr
}

#[test]
fn misspelt_key_is_refused_with_its_line_and_the_allowed_keys() {
    let stderr = refused("misspelt_key.toml");
    assert!(stderr.contains("misspelt_key.toml:7:1"), "{stderr}");
    assert!(stderr.contains("pool[0]"), "{stderr}");
    assert!(stderr.contains("unknown field `severs`"), "{stderr}");
    assert!(
        stderr.contains("servers"),
        "the allowed keys are listed: {stderr}"
    );
}

#[test]
fn negative_rate_is_refused_naming_the_field() {
    let stderr = refused("negative_rate.toml");
    assert!(
        stderr.contains("stream[0].rate_per_day (stream \"cases\")"),
        "{stderr}"
    );
    assert!(stderr.contains("got -9"), "{stderr}");
}

#[test]
fn route_to_unknown_pool_is_refused_listing_the_known_pools() {
    let stderr = refused("unknown_pool.toml");
    assert!(
        stderr.contains("step[0].pool (step \"decide\")"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no pool or role named \"oficers\""),
        "{stderr}"
    );
    assert!(stderr.contains("\"officers\""), "{stderr}");
}

#[test]
fn all_problems_are_reported_at_once() {
    let stderr = refused("many_problems.toml");
    for expected in [
        "run.warmup_days",
        "pool[0].name",
        "pool[0].servers",
        "stream[0].entry",
        "does not use `cv`",
        "add up to 1.1",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}

#[test]
fn attribute_calendar_and_routing_problems_are_reported_at_once() {
    let stderr = refused("bad_attributes.toml");
    for expected in [
        "scenario.start_date: \"2026-02-30\" is not a date",
        "\"wednesday\" is not a weekday",
        "\"sinterklaas\" is not a known public holiday",
        "leave[0].absent",
        "pool[0].hours_per_week (pool \"officers\")",
        "group[0].tracks (group \"a\"): the shares add up to 0.9",
        "track \"t5\" is switched off",
        "group[0].features.nosuch",
        "step[0].route[0].when.track (step \"triage\")",
        "no rule catches the cases",
        "step[1].branch[0].p.b (step \"decide\")",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}

#[test]
fn a_circle_of_instant_steps_is_refused() {
    let text = r#"
        [run]
        horizon_days = 10
        [[stream]]
        name = "s"
        rate_per_day = 1
        entry = "a"
        [[step]]
        name = "a"
        branch = [ { to = "b", p = 0.5 }, { to = "exit", p = 0.5 } ]
        [[step]]
        name = "b"
        next = "a"
    "#;
    let err = asielsim::scenario::parse(text, std::path::Path::new("circle.toml")).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("circle of steps that take no time"),
        "{message}"
    );
}

#[test]
fn a_step_that_can_never_exit_is_refused() {
    let text = std::fs::read_to_string(repo().join("tests/it/data/unknown_pool.toml"))
        .unwrap()
        .replace("pool = \"oficers\"", "pool = \"officers\"")
        .replace("next = \"exit\"", "next = \"decide\"");
    let err = asielsim::scenario::parse(&text, std::path::Path::new("loop.toml")).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("step[0].next (step \"decide\")"),
        "{message}"
    );
    assert!(message.contains("never reach \"exit\""), "{message}");
}

#[test]
fn a_missing_file_is_refused_with_exit_code_2() {
    let output = asielsim(&["run", "scenarios/no_such_file.toml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("no_such_file.toml"), "{stderr}");
}

#[test]
fn every_bundled_scenario_validates() {
    let mut files = Vec::new();
    for dir in [
        "scenarios",
        "scenarios/validation",
        "scenarios/policies",
        "scenarios/examples",
        "scenarios/history",
    ] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 5, "the validation scenarios are bundled");
    for path in files {
        let output = asielsim(&["validate", path.to_str().unwrap()]);
        assert!(
            output.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn bad_reception_cost_is_refused_naming_the_fields() {
    let stderr = refused("bad_cost.toml");
    assert!(stderr.contains("cost.reception_per_day_eur"), "{stderr}");
    assert!(stderr.contains("got -100"), "{stderr}");
    assert!(
        stderr.contains("cost.reception_streams[1]")
            && stderr.contains("no [[stream]] named \"nareis\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("cost.reception_streams[2]") && stderr.contains("listed twice"),
        "{stderr}"
    );
}

/// A level or dispatch rule the model does not know is refused naming the key and the values
/// allowed there.
#[test]
fn unknown_level_or_dispatch_rule_is_refused_naming_the_allowed_values() {
    let scenario = |dispatch: &str, level: &str| {
        format!(
            r#"
            [run]
            horizon_days = 10
            [levels]
            trainee = 0.5
            regular = 1
            senior = 1.2
            [[pool]]
            name = "hearing"
            dispatch = "{dispatch}"
            [[pool.officers]]
            count = 2
            level = "{level}"
            [[stream]]
            name = "cases"
            rate_per_day = 1
            entry = "hear"
            [[step]]
            name = "hear"
            pool = "hearing"
            work_hours = {{ dist = "fixed", value = 1 }}
            next = "exit"
            "#
        )
    };
    let path = std::path::Path::new("officers.toml");
    asielsim::scenario::parse(&scenario("seniority", "senior"), path)
        .expect("known values are accepted");
    let err = asielsim::scenario::parse(&scenario("seniority", "expert"), path)
        .unwrap_err()
        .to_string();
    for expected in [
        "level",
        "`expert`",
        "`trainee`",
        "`regular`",
        "`senior`",
        "fix:",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let err = asielsim::scenario::parse(&scenario("random", "senior"), path)
        .unwrap_err()
        .to_string();
    for expected in [
        "dispatch",
        "`random`",
        "`least_loaded`",
        "`seniority`",
        "fix:",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// A fixed duration must be positive in a scenario (the engine allows zero).
#[test]
fn zero_fixed_duration_is_refused() {
    let text = r#"
        [run]
        horizon_days = 10
        [[pool]]
        name = "hearing"
        servers = 1
        [[stream]]
        name = "cases"
        rate_per_day = 1
        entry = "hear"
        [[step]]
        name = "hear"
        pool = "hearing"
        work_hours = { dist = "fixed", value = 0 }
        next = "exit"
    "#;
    let err = asielsim::scenario::parse(text, std::path::Path::new("zero.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "work_hours (step \"hear\"): value must be positive, got 0\n    fix: correct the parameters"
        ),
        "{err}"
    );
}

/// A patience that is no duration, or outside its bounds, is refused naming the field; one
/// within them is accepted.
#[test]
fn patience_out_of_bounds_is_refused_naming_the_field() {
    let base = std::fs::read_to_string(repo().join("scenarios/validation/erlang_a.toml")).unwrap();
    let path = std::path::Path::new("erlang_a.toml");
    let good = "patience_days = { dist = \"exponential\", mean = 2.0 }";
    assert!(base.contains(good));
    for (bad, says) in [
        ("patience_days = { dist = \"exponential\", mean = 0 }", ""),
        (
            "patience_days = { dist = \"exponential\", mean = 1e9 }",
            "from 0.001 to 36525",
        ),
        (
            "patience_days = { dist = \"fixed\", value = 0.0001 }",
            "from 0.001 to 36525",
        ),
        (
            "patience_days = { dist = \"exponential\", value = 2 }",
            "does not use `value`",
        ),
    ] {
        let error = asielsim::scenario::parse(&base.replace(good, bad), path)
            .expect_err(bad)
            .to_string();
        assert!(
            error.contains("stream[0].patience_days (stream \"customers\")"),
            "{bad}: {error}"
        );
        assert!(error.contains(says), "{bad}: {error}");
    }
    assert!(asielsim::scenario::parse(&base, path).is_ok());
}

/// Errors are shown on the offending line with a caret: a wrong type at its value, an unknown
/// key at the key, a validation problem at the line that sets the field. A variant's problems
/// keep their text alone (its entries are numbered after the merge with its base).
#[test]
fn errors_show_the_offending_line_with_a_caret() {
    let dir = crate::support::scratch_dir("annotated_errors");
    std::fs::create_dir_all(&dir).unwrap();
    let mmc = std::fs::read_to_string(crate::support::repo().join("scenarios/validation/mmc.toml"))
        .unwrap();
    let stderr_of = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let output = crate::support::asielsim(&["validate", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        String::from_utf8(output.stderr).unwrap()
    };
    // A wrong type: the value is marked.
    let servers = mmc.lines().find(|l| l.starts_with("servers")).unwrap();
    let typed = stderr_of("typed.toml", &mmc.replacen(servers, "servers = \"ten\"", 1));
    assert!(typed.contains("| servers = \"ten\""), "{typed}");
    assert!(
        typed.contains("|           ^^^^^ invalid type: string \"ten\""),
        "{typed}"
    );
    // A misspelt key: the key is marked.
    let misspelt = stderr_of("misspelt.toml", &mmc.replacen(servers, "servrs = 10", 1));
    assert!(
        misspelt.contains("| ^^^^^^ unknown field `servrs`"),
        "{misspelt}"
    );
    // A value out of range: the line that sets it, below the problem and its fix.
    let invalid = stderr_of("invalid.toml", &mmc.replacen(servers, "servers = -3", 1));
    let at = invalid.find("must be a whole number").unwrap();
    let shown = &invalid[at..];
    assert!(
        shown.contains("| servers = -3") && shown.contains("^^^^^^^"),
        "{invalid}"
    );
    // A variant: no line is claimed for the merged entry.
    let base = crate::support::repo().join("scenarios/validation/mmc.toml");
    let variant = stderr_of(
        "variant.toml",
        &format!(
            "base = {:?}\n[[pool]]\nname = \"servers\"\nservers = -3\n",
            base.display().to_string()
        ),
    );
    assert!(
        variant.contains("must be a whole number") && !variant.contains(" | "),
        "{variant}"
    );
}
