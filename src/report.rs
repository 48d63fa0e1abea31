//! Reports people can read: one self-contained `report.html` per output folder, with the
//! scenario and its key assumptions, a headline block, the charts with captions that say how to
//! read them, the summary tables and the run manifest. Inline SVG and CSS only: no scripts, no
//! fonts or images fetched from anywhere, so the file can be forwarded and opened anywhere, and
//! it prints on A4.
//!
//! Key functions: [`run_report`] (a run), [`compare_report`], [`forecast_report`] and
//! [`plan_report`] (from plain data). Each returns a [`Report`]: the page and its charts, which
//! `output::Folder::add_report` also writes as separate SVG files.
//!
//! **Invariant:** no I/O and nothing random; the page depends only on its inputs, and the only
//! wall-clock figure in it is the manifest's.

mod budget;
mod calibrate;
mod compare;
mod facts;
mod forecast;
mod html;
mod plan;
mod run;
mod sensitivity;
mod series;
mod sweep;

pub use calibrate::calibrate_report;
pub use compare::compare_report;
pub use facts::ScenarioFacts;
pub use forecast::{ForecastInput, forecast_history, forecast_report};
pub use html::{Card, Table, escape};
pub use plan::{PlanPage, PlanSection, TARGET_CAPTION, plan_report};
pub use run::{headline_cards, run_report};
pub use sensitivity::sensitivity_report;
pub use sweep::{SweepPage, sweep_report};

/// A finished report: the HTML page and the charts in it.
#[derive(Clone, Debug)]
pub struct Report {
    /// The complete, self-contained HTML document.
    pub html: String,
    /// The charts, in page order.
    pub plots: Vec<Plot>,
}

impl Report {
    /// The chart named `name`, if the report has it.
    pub fn plot(&self, name: &str) -> Option<&Plot> {
        self.plots.iter().find(|p| p.name == name)
    }
}

/// One chart of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    /// File stem (`plots/<name>.svg`) and anchor in the page, snake_case.
    pub name: String,
    /// The chart's title.
    pub title: String,
    /// The SVG document.
    pub svg: String,
}
