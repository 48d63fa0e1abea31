//! Errors shown on the source line, as a compiler shows them: the offending line of the
//! scenario file with a caret under the problem. Pure: the caller passes the file's text.
//!
//! A syntax or type error has its line and column from the TOML reader. A validation problem
//! names a field (`run.warmup_days`, `intake[1].per_month (stream "first")`); [`locate`] finds
//! the line that sets it, when the file itself does (not for a key a variant's base sets).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A place in a text: 1-based line and column, and the length of what is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// Characters marked from the column (at least 1).
    pub len: usize,
}

/// The line of `text` at `place`, labelled `label`, with the file `path` and a caret under the
/// marked characters; `None` when the text has no such line.
pub fn snippet(path: &str, text: &str, place: Place, label: &str) -> Option<String> {
    let line = text.lines().nth(place.line.checked_sub(1)?)?;
    let chars = line.chars().count();
    let start_char = place.column.saturating_sub(1).min(chars);
    let end_char = (start_char + place.len.max(1)).min(chars.max(start_char + 1));
    let byte = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(b, _)| b);
    let span = byte(start_char)..byte(end_char).max(byte(start_char));
    let report = &[Group::with_level(Level::ERROR).element(
        Snippet::source(line)
            .line_start(place.line)
            .path(path)
            .annotation(AnnotationKind::Primary.span(span).label(label)),
    )];
    Some(Renderer::plain().render(report))
}

/// The line that sets the field a validation problem names, in the scenario text `text`:
/// `a.b.c` under the table `[a.b]` (or `[a]` with `b.c = ...`), `a[i].b` in the i-th `[[a]]`
/// entry. The mark covers the key. `None` when no line of the text sets it.
pub fn locate(text: &str, field: &str) -> Option<Place> {
    // "intake[1].per_month (stream \"first\")": the path is the part before the words.
    let path = field.split(" (").next()?.trim();
    let mut parts: Vec<(String, Option<usize>)> = Vec::new();
    for part in path.split('.') {
        match part.split_once('[') {
            Some((name, rest)) => {
                let idx = rest.trim_end_matches(']').parse().ok()?;
                parts.push((name.to_string(), Some(idx)));
            }
            None if !part.is_empty() => parts.push((part.to_string(), None)),
            None => return None,
        }
    }
    let (key, _) = parts.pop()?;
    // The section the key is in: the header made of the parts before it, counting entries of
    // arrays of tables.
    let header: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
    let header = header.join(".");
    let wanted_entry = parts.last().and_then(|(_, idx)| *idx);
    let mut in_section = header.is_empty();
    let mut entries_seen = 0usize;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("[[") {
            let name = rest.split("]]").next().unwrap_or("").trim();
            in_section = if name == header {
                entries_seen += 1;
                wanted_entry.is_none_or(|i| i + 1 == entries_seen)
            } else {
                false
            };
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let name = rest.split(']').next().unwrap_or("").trim();
            in_section = name == header && wanted_entry.is_none();
            continue;
        }
        if !in_section {
            continue;
        }
        let Some((lhs, _)) = trimmed.split_once('=') else {
            continue;
        };
        if lhs.trim().trim_matches('"') == key {
            let indent = line.chars().count() - trimmed.chars().count();
            return Some(Place {
                line: n + 1,
                column: indent + 1,
                len: lhs.trim_end().chars().count(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[scenario]\nname = \"x\"\n\n[run]\nhorizon_days = 100\nwarmup_days = 200\n\n[[pool]]\nname = \"a\"\nservers = 2\n[[pool]]\nname = \"b\"\nservers = -1\n";

    #[test]
    fn fields_are_found_in_tables_and_in_the_right_entry() {
        assert_eq!(
            locate(TEXT, "run.warmup_days"),
            Some(Place {
                line: 6,
                column: 1,
                len: 11
            })
        );
        assert_eq!(
            locate(TEXT, "pool[1].servers (pool \"b\")"),
            Some(Place {
                line: 13,
                column: 1,
                len: 7
            })
        );
        assert_eq!(locate(TEXT, "pool[0].servers").unwrap().line, 10);
        assert_eq!(locate(TEXT, "run.seed"), None);
        assert_eq!(locate(TEXT, "pool[5].servers"), None);
        assert_eq!(locate(TEXT, ""), None);
    }

    #[test]
    fn the_snippet_shows_the_line_and_a_caret_under_the_mark() {
        let place = locate(TEXT, "run.warmup_days").unwrap();
        let text = snippet("x.toml", TEXT, place, "must end before the horizon").unwrap();
        assert!(text.contains("x.toml:6:1"), "{text}");
        assert!(text.contains("6 | warmup_days = 200"), "{text}");
        assert!(
            text.contains("^^^^^^^^^^^ must end before the horizon"),
            "{text}"
        );
        assert_eq!(
            snippet(
                "x.toml",
                TEXT,
                Place {
                    line: 99,
                    column: 1,
                    len: 1
                },
                ""
            ),
            None
        );
        // A column past the end of the line, or in a line of non-ASCII text, never panics.
        let wide = snippet(
            "x.toml",
            "naam = \"Zaïre\"\n",
            Place {
                line: 1,
                column: 40,
                len: 3,
            },
            "",
        );
        assert!(wide.is_some());
    }
}
