//! The JSON Schema of scenario files (`scenarios/scenario.schema.json`): generated from the
//! parser's own types, committed, and held to them. It accepts every bundled scenario (variants
//! included) and refuses a misspelt key or a value of the wrong type, as the parser does.

use std::path::{Path, PathBuf};

use asielsim::scenario::{scenario_schema, toml_as_json};

use crate::support::repo;

/// Every `.toml` under `dir`, recursively.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(toml_files(&path));
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&scenario_schema()).unwrap();
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

/// The committed schema is the one the code generates; `ASIELSIM_BLESS=1` writes it anew.
#[test]
fn the_committed_schema_is_current() {
    let path = repo().join("scenarios/scenario.schema.json");
    let generated = scenario_schema();
    if std::env::var_os("ASIELSIM_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "scenarios/scenario.schema.json is stale: run `asielsim schema > scenarios/scenario.schema.json` (or ASIELSIM_BLESS=1 cargo test --release schema)"
    );
    // `asielsim schema` prints the same.
    let printed = crate::support::asielsim(&["schema"]);
    assert_eq!(String::from_utf8(printed.stdout).unwrap(), generated);
}

#[test]
fn the_schema_accepts_every_bundled_scenario() {
    let validator = validator();
    let files = toml_files(&repo().join("scenarios"));
    assert!(files.len() >= 30, "{}", files.len());
    for file in files {
        let json = toml_as_json(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

#[test]
fn the_schema_refuses_what_the_parser_refuses() {
    let validator = validator();
    let mmc = std::fs::read_to_string(repo().join("scenarios/validation/mmc.toml")).unwrap();
    let servers = mmc.lines().find(|l| l.starts_with("servers")).unwrap();
    for (what, text) in [
        ("a misspelt key", mmc.replacen(servers, "servrs = 10", 1)),
        ("a misspelt section", format!("{mmc}\n[rnu]\nseed = 1\n")),
        (
            "a wrong type",
            mmc.replacen(servers, "servers = \"ten\"", 1),
        ),
        (
            "a misspelt key in a variant",
            "base = \"mmc.toml\"\n[[pool]]\nname = \"servers\"\nservrs = 11\n".to_string(),
        ),
    ] {
        let json = toml_as_json(&text).unwrap();
        assert!(!validator.is_valid(&json), "the schema accepts {what}");
    }
    // A variant that sets only what it changes is accepted: the schema requires no key.
    let variant = "base = \"mmc.toml\"\n[[pool]]\nname = \"servers\"\nservers = 11\n";
    assert!(validator.is_valid(&toml_as_json(variant).unwrap()));
}
