//! What the data notes say of a series file: the `SOURCES.md` beside it lists each file with
//! its source and caveats. A series its entry marks as partial ("not a national total",
//! "partial") is forecast all the same, with a warning: seven nationalities' applications are
//! not the intake a scenario needs. No I/O: the caller reads the notes.

/// The words that mark a series as partial in its entry (compared in lower case).
const PARTIAL: [&str; 3] = ["not a national total", "partial", "not the national total"];

/// The entry of the data notes `notes` (the `SOURCES.md` beside a series file) that names the
/// file `name`: the list item (`- ...`, with its indented continuation lines) that mentions it,
/// joined into one line. `None` when no entry names it.
pub fn data_note(notes: &str, name: &str) -> Option<String> {
    let mut entry: Vec<&str> = Vec::new();
    let mut found = None;
    let mut finish = |entry: &mut Vec<&str>| {
        let text = entry.join(" ");
        entry.clear();
        (found.is_none() && text.contains(name)).then(|| found = Some(text));
    };
    for line in notes.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("- ") || trimmed.is_empty() || line.starts_with('#') {
            finish(&mut entry);
        }
        if !trimmed.is_empty() && !line.starts_with('#') {
            entry.push(trimmed.trim_start_matches("- "));
        }
    }
    finish(&mut entry);
    found
}

/// The warning for a series whose data-notes entry marks it as partial, else `None`.
pub fn partial_warning(note: &str) -> Option<String> {
    let lower = note.to_lowercase();
    PARTIAL.iter().any(|w| lower.contains(w)).then(|| {
        format!(
            "the data notes mark this series as partial, not the whole intake: \"{note}\"; its forecast is not the intake of a scenario without scaling it up"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTES: &str = "# Data sources\n\nIntro.\n\n- `a.csv`: Eurostat, all applicants.\n  Rounded to 5.\n- `b.csv`: CBS, seven nationalities,\n  2015 to 2025. Not a national total.\n- `c.csv`: annual.\n";

    #[test]
    fn the_entry_naming_a_file_is_found_with_its_continuation() {
        assert_eq!(
            data_note(NOTES, "b.csv").unwrap(),
            "`b.csv`: CBS, seven nationalities, 2015 to 2025. Not a national total."
        );
        assert_eq!(
            data_note(NOTES, "a.csv").unwrap(),
            "`a.csv`: Eurostat, all applicants. Rounded to 5."
        );
        assert_eq!(data_note(NOTES, "d.csv"), None);
    }

    #[test]
    fn partial_series_are_warned_of() {
        let b = data_note(NOTES, "b.csv").unwrap();
        assert!(partial_warning(&b).unwrap().contains("partial"));
        assert_eq!(partial_warning(&data_note(NOTES, "a.csv").unwrap()), None);
    }

    /// The bundled CBS series by nationality is marked; the Eurostat total is not.
    #[test]
    fn the_bundled_data_notes_mark_the_nationality_series() {
        let notes = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/SOURCES.md"),
        )
        .unwrap();
        let cbs = data_note(
            &notes,
            "nl_monthly_first_applications_by_nationality_2015-2025.csv",
        )
        .unwrap();
        assert!(partial_warning(&cbs).is_some(), "{cbs}");
        let eurostat = data_note(&notes, "nl_monthly_asylum_applicants_2012-2019.csv").unwrap();
        assert_eq!(partial_warning(&eurostat), None, "{eurostat}");
    }
}
