//! The JSON Schema of scenario files, generated from the same serde types the parser reads
//! (`file.rs`), so editors that read JSON schemas (the TOML language servers) check and complete
//! keys as `asielsim validate` does: an unknown key is an error (`additionalProperties: false`,
//! from `deny_unknown_fields`), a value of the wrong type too.
//!
//! The schema checks names and types. Which keys a complete scenario needs, ranges, and
//! references between entries are `asielsim validate`'s: a variant (`base = ...`) may leave any
//! key to its base, so the schema requires none. The committed copy is
//! `scenarios/scenario.schema.json`; a test fails when it is stale.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use crate::scenario::file::{
    DateFile, NamesFile, NoticeFile, NoticesFile, PerGroupFile, ProbabilityFile, RateFile,
    ScenarioFile, ShareFile,
};

impl JsonSchema for DateFile {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date: a TOML date such as 2026-01-01, or the same in quotes.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}"
        })
    }
}

/// A number, or a table of numbers by group (`{ default = 0.3, syria = 1.2 }`).
fn number_or_by_group(description: &str) -> Schema {
    json_schema!({
        "description": description,
        "anyOf": [
            { "type": "number" },
            { "type": "object", "additionalProperties": { "type": "number" } }
        ]
    })
}

impl JsonSchema for PerGroupFile {
    fn schema_name() -> Cow<'static, str> {
        "PerGroup".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        number_or_by_group("A number, or a table per group such as { default = 0.3, syria = 1.2 }.")
    }
}

impl JsonSchema for ProbabilityFile {
    fn schema_name() -> Cow<'static, str> {
        "Probability".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        number_or_by_group(
            "A probability from 0 to 1, or a table per group such as { default = 0.5, syria = 0.9 }.",
        )
    }
}

impl JsonSchema for NamesFile {
    fn schema_name() -> Cow<'static, str> {
        "Names".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A name in quotes, or a list of names.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
            ]
        })
    }
}

impl JsonSchema for NoticesFile {
    fn schema_name() -> Cow<'static, str> {
        "Notices".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<NoticeFile>();
        json_schema!({
            "description": "One [law.notice] table for every stream, or [[law.notice]] entries.",
            "anyOf": [one.clone(), { "type": "array", "items": one }]
        })
    }
}

/// One number, or dated steps `[ { from = DATE, <key> = NUMBER }, ... ]`.
fn dated_number(generator: &mut SchemaGenerator, key: &str, description: &str) -> Schema {
    let date = generator.subschema_for::<DateFile>();
    let mut step = serde_json::Map::new();
    step.insert("from".into(), date.to_value());
    step.insert(key.into(), serde_json::json!({ "type": "number" }));
    json_schema!({
        "description": description,
        "anyOf": [
            { "type": "number" },
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": Value::Object(step),
                    "additionalProperties": false
                }
            }
        ]
    })
}

impl JsonSchema for ShareFile {
    fn schema_name() -> Cow<'static, str> {
        "Share".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        dated_number(
            generator,
            "share",
            "A share from 0 to 1, or dated steps such as [ { from = 2026-01-01, share = 0.4 } ].",
        )
    }
}

impl JsonSchema for RateFile {
    fn schema_name() -> Cow<'static, str> {
        "Rate".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        dated_number(
            generator,
            "per_month",
            "A rate per month, or dated steps such as [ { from = 2026-01-01, per_month = 0.2 } ].",
        )
    }
}

/// Removes every `required` list: a variant may leave any key to its base.
fn drop_required(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("required");
            map.values_mut().for_each(drop_required);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_required),
        _ => {}
    }
}

/// The JSON Schema of a scenario file (and of a variant: `base`, `remove`, `replace` and
/// `append` at the top), as pretty JSON ending in a newline.
pub fn scenario_schema() -> String {
    // Draft 7 (`definitions`), which the TOML language servers read (taplo reads up to draft 4's
    // features, which this schema keeps to).
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut value = generator.into_root_schema_for::<ScenarioFile>().to_value();
    drop_required(&mut value);
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), "asielsim scenario".into());
        root.insert(
            "description".into(),
            "A scenario file of asielsim (TOML). Checks key names and value types; `asielsim validate` checks the rest.".into(),
        );
        if let Some(Value::Object(properties)) = root.get_mut("properties") {
            properties.insert(
                "base".into(),
                serde_json::json!({ "description": "The scenario this variant changes, relative to this file.", "type": "string" }),
            );
            properties.insert(
                "remove".into(),
                serde_json::json!({ "description": "Keys and named entries of the base to remove (dotted paths).", "type": "array", "items": { "type": "string" } }),
            );
            for (key, what) in [
                (
                    "replace",
                    "Lists that replace the base's whole (shaped like a scenario).",
                ),
                (
                    "append",
                    "Entries added after the base's (shaped like a scenario).",
                ),
            ] {
                properties.insert(
                    key.into(),
                    serde_json::json!({ "description": what, "type": "object" }),
                );
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&value).expect("a schema is plain JSON");
    text.push('\n');
    text
}

/// A scenario's TOML text as the JSON a schema validator reads: dates become strings, as in
/// the TOML language servers. For tests and tools; `Err` with the TOML reader's message.
pub fn toml_as_json(text: &str) -> Result<Value, String> {
    fn convert(value: toml::Value) -> Value {
        match value {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::from(i),
            toml::Value::Float(f) => {
                serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
            }
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
            toml::Value::Table(table) => {
                Value::Object(table.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
        }
    }
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(convert(toml::Value::Table(table)))
}
