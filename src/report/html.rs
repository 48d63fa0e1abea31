//! The page: a small builder that writes escaped HTML with the report's stylesheet inline, so a
//! report is one self-contained file (no scripts, no fonts or images fetched from anywhere).

use crate::report::Plot;

/// The stylesheet, inline in every page (calm on screen, A4 in print).
const STYLE: &str = include_str!("style.css");

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A headline figure: a label, the value in large type and a note under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// What it is, e.g. "Decided within term (beslistermijn)".
    pub label: String,
    /// The value as people read it, e.g. "62.3%".
    pub value: String,
    /// The uncertainty or context, e.g. "95% CI 61.8% to 62.9%".
    pub note: String,
}

/// A table of strings; `numeric` columns are right-aligned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Column headings.
    pub header: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
    /// Per column: right-align (numbers).
    pub numeric: Vec<bool>,
    /// Rows to highlight (by index), e.g. the chosen candidate of a plan.
    pub marked: Vec<usize>,
}

/// A page under construction.
#[derive(Debug)]
pub(crate) struct Page {
    title: String,
    body: String,
    nav: Vec<(String, String)>,
    n_figures: usize,
}

impl Page {
    /// A page with a heading `title` and the line `subtitle` under it.
    pub(crate) fn new(title: &str, subtitle: &str) -> Page {
        Page {
            title: title.to_string(),
            body: format!(
                "<header><h1>{}</h1><p class=\"subtitle\">{}</p></header>\n",
                escape(title),
                escape(subtitle)
            ),
            nav: Vec::new(),
            n_figures: 0,
        }
    }

    /// A section heading, listed in the page's table of contents.
    pub(crate) fn section(&mut self, id: &str, heading: &str) {
        self.nav.push((id.to_string(), heading.to_string()));
        self.body.push_str(&format!(
            "<h2 id=\"{}\">{}</h2>\n",
            escape(id),
            escape(heading)
        ));
    }

    /// A smaller heading inside a section.
    pub(crate) fn subsection(&mut self, heading: &str) {
        self.body
            .push_str(&format!("<h3>{}</h3>\n", escape(heading)));
    }

    /// A paragraph of plain text.
    pub(crate) fn paragraph(&mut self, text: &str) {
        self.body.push_str(&format!("<p>{}</p>\n", escape(text)));
    }

    /// A shaded note of plain text.
    pub(crate) fn note(&mut self, text: &str) {
        self.body
            .push_str(&format!("<div class=\"note-box\">{}</div>\n", escape(text)));
    }

    /// The headline cards.
    pub(crate) fn headline(&mut self, cards: &[Card]) {
        self.body.push_str("<div class=\"headline\">\n");
        for card in cards {
            self.body.push_str(&format!(
                "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}</div><div class=\"note\">{}</div></div>\n",
                escape(&card.label),
                escape(&card.value),
                escape(&card.note)
            ));
        }
        self.body.push_str("</div>\n");
    }

    /// Label-value pairs as a two-column table.
    pub(crate) fn facts(&mut self, rows: &[(String, String)]) {
        self.body.push_str("<table class=\"facts\">\n");
        for (label, value) in rows {
            self.body.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                escape(label),
                escape(value)
            ));
        }
        self.body.push_str("</table>\n");
    }

    /// A table with a caption.
    pub(crate) fn table(&mut self, caption: &str, table: &Table) {
        let num = |idx: usize| table.numeric.get(idx).copied().unwrap_or(false);
        self.body.push_str("<div class=\"table-wrap\"><table>\n");
        if !caption.is_empty() {
            self.body
                .push_str(&format!("<caption>{}</caption>\n", escape(caption)));
        }
        self.body.push_str("<thead><tr>");
        for (idx, head) in table.header.iter().enumerate() {
            let class = if num(idx) { " class=\"num\"" } else { "" };
            self.body
                .push_str(&format!("<th{class}>{}</th>", escape(head)));
        }
        self.body.push_str("</tr></thead>\n<tbody>\n");
        for (row_idx, row) in table.rows.iter().enumerate() {
            let mark = if table.marked.contains(&row_idx) {
                " class=\"mark\""
            } else {
                ""
            };
            self.body.push_str(&format!("<tr{mark}>"));
            for (idx, cell) in row.iter().enumerate() {
                let class = if num(idx) { " class=\"num\"" } else { "" };
                self.body
                    .push_str(&format!("<td{class}>{}</td>", escape(cell)));
            }
            self.body.push_str("</tr>\n");
        }
        self.body.push_str("</tbody></table></div>\n");
    }

    /// A numbered figure: the chart inline and a caption that says how to read it.
    pub(crate) fn figure(&mut self, plot: &Plot, caption: &str) {
        self.n_figures += 1;
        let svg = plot.svg.trim().replacen(
            "<svg ",
            &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(&plot.title)),
            1,
        );
        self.body.push_str(&format!(
            "<figure id=\"fig-{}\" data-plot=\"{}\">\n{svg}\n<figcaption><b>Figure {}.</b> {}</figcaption>\n</figure>\n",
            escape(&plot.name),
            escape(&plot.name),
            self.n_figures,
            escape(caption)
        ));
    }

    /// The finished document.
    pub(crate) fn finish(self, footer: &str) -> String {
        let nav: String = self
            .nav
            .iter()
            .map(|(id, heading)| format!("<a href=\"#{}\">{}</a>", escape(id), escape(heading)))
            .collect();
        let body = match self.body.find("</header>\n") {
            Some(at) => {
                let (head, rest) = self.body.split_at(at + "</header>\n".len());
                format!("{head}<nav>{nav}</nav>\n{rest}")
            }
            None => self.body,
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n{body}<footer>{}</footer>\n</main>\n</body>\n</html>\n",
            escape(&self.title),
            escape(footer)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        assert_eq!(
            escape("<a & 'b' \"c\">"),
            "&lt;a &amp; &#39;b&#39; &quot;c&quot;&gt;"
        );
        let mut page = Page::new("A <title>", "sub & title");
        page.section("s", "Sec <1>");
        page.paragraph("x < y");
        page.facts(&[("k<".into(), "v>".into())]);
        page.table(
            "cap",
            &Table {
                header: vec!["a".into(), "n".into()],
                rows: vec![vec!["<b>".into(), "1,000".into()]],
                numeric: vec![false, true],
                marked: vec![0],
            },
        );
        page.figure(
            &Plot {
                name: "p".into(),
                title: "T \"q\"".into(),
                svg: "<svg width=\"1\"></svg>".into(),
            },
            "read <this>",
        );
        let html = page.finish("footer");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<h1>A &lt;title&gt;</h1>"));
        assert!(html.contains("<a href=\"#s\">Sec &lt;1&gt;</a>"));
        assert!(html.contains("<td>&lt;b&gt;</td><td class=\"num\">1,000</td>"));
        assert!(html.contains("<tr class=\"mark\">"));
        assert!(html.contains("<svg role=\"img\" aria-label=\"T &quot;q&quot;\" width=\"1\">"));
        assert!(html.contains("<b>Figure 1.</b> read &lt;this&gt;"));
        assert!(!html.contains("<b>\"") && !html.contains("x < y"));
    }
}
