//! The report page of a staffing plan, from plain data: the question, the answer, the
//! candidates tried as a table and a chart, and the facts of the run.

use crate::report::html::{Page, Table};
use crate::report::{Plot, Report};

/// What a plan report shows. Every field is plain text or a table of strings, so the planner
/// decides the wording and the numbers' form.
#[derive(Clone, Copy, Debug)]
pub struct PlanPage<'a> {
    /// The title, e.g. "Plan: decision_ter_apel for within_term_share_2027".
    pub title: &'a str,
    /// The target in words, e.g. "within_term_share_2027 at least 0.9 in at least 90% of the
    /// futures, with 90% confidence".
    pub target: &'a str,
    /// The answer in words, e.g. "112 FTE is the smallest staffing in 90..130 that meets the
    /// target", or that none does.
    pub answer: &'a str,
    /// The candidates tried, one row each (e.g. staff, replications, mean, share meeting, bound,
    /// verdict); `marked` rows are highlighted (the answer).
    pub candidates: &'a Table,
    /// The chart of the candidates (from `plot::plan_chart`), an SVG document.
    pub chart_svg: &'a str,
    /// How to read the chart, e.g. [`TARGET_CAPTION`].
    pub caption: &'a str,
    /// Facts of the run as label-value pairs (scenario file, pool, range, seed, replications,
    /// confidence, version...).
    pub facts: &'a [(String, String)],
    /// Further sections after the answer, in order: e.g. the hiring schedules compared, and
    /// what the answer costs per calendar year.
    pub sections: &'a [PlanSection],
}

/// A section of a plan's page after its answer: a table and how to read it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSection {
    /// The anchor, e.g. `costs`.
    pub id: &'static str,
    /// The heading.
    pub title: String,
    /// How to read the table.
    pub note: String,
    /// The table.
    pub table: Table,
}

/// How to read the chart of a target search (`plot::plan_chart`).
pub const TARGET_CAPTION: &str = "Each marker is a staffing the search tried: a green dot meets the target with the stated confidence, a red cross does not. The grey bar runs from the estimate to the confidence bound the verdict rests on; the dashed line is the target. Candidates near the answer got more replications where their bound straddled the target.";

/// The report page of a plan; its chart is named `plan_candidates`.
pub fn plan_report(page_data: &PlanPage<'_>) -> Report {
    let plot = Plot {
        name: "plan_candidates".into(),
        title: page_data.title.to_string(),
        svg: page_data.chart_svg.to_string(),
    };
    let mut page = Page::new(page_data.title, page_data.target);
    page.section("answer", "Answer");
    page.note(page_data.answer);
    for section in page_data.sections {
        page.section(section.id, &section.title);
        page.note(&section.note);
        page.table("", &section.table);
    }
    page.section("candidates", "Candidates tried");
    page.figure(&plot, page_data.caption);
    page.table("", page_data.candidates);
    page.section("facts", "Run facts");
    page.facts(page_data.facts);
    let html = page.finish(&format!(
        "asielsim {}: {}.",
        env!("CARGO_PKG_VERSION"),
        page_data.title
    ));
    Report {
        html,
        plots: vec![plot],
    }
}
