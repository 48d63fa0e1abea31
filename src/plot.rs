//! Charts as SVG, drawn with plotters and the embedded DejaVu Sans font, so they lay out the
//! same on a machine without system fonts and the build needs nothing from the system.
//!
//! Every chart takes plain data (labelled values, percentile bands, samples) and returns the SVG
//! text, with a title, axis descriptions with units, month names on time axes and a legend.
//! Empty or undefined data (NaN) never panics: a chart without anything to draw says "no data"
//! in the picture, and undefined points are left out as gaps.
//!
//! Chart families, one file each: [`fan`] (percentile bands over months, and the forecast fan),
//! [`interval`] (points with intervals per labelled row: utilisation, throughput time, compared
//! scenarios, paired differences), [`distribution`] (violins of values over replications with
//! p50, p90 and p95 marked), [`plan`] (the staffing candidates a plan tried), [`history`]
//! (published figures over the simulated range of each period), [`tornado`] (the swing of a
//! metric over each uncertain input), [`sweep`] (a metric over the values of a swept setting).
//! [`Unit`] writes numbers for people, also in the HTML report.

pub mod distribution;
pub mod fan;
pub mod history;
pub mod interval;
pub mod plan;
pub mod png;
pub mod sweep;
pub mod tornado;
mod units;

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub use distribution::{Sample, distribution_chart};
pub use fan::{Band, FanSeries, fan_chart, percentile_fan};
pub use history::{HistoryPoint, history_chart};
pub use interval::{IntervalChart, IntervalRow, interval_chart};
pub use plan::{PlanChart, PlanPoint, plan_chart};
pub use png::{PNG_SCALE, svg_to_png};
pub use sweep::{SweepChart, SweepPoint, sweep_chart};
pub use tornado::{TornadoRow, tornado_chart};
pub use units::{Unit, format_count, format_euros, format_percent};

/// The font family name every chart uses.
const FONT: &str = "sans-serif";

/// Default chart size in pixels (the SVG scales to the page; this sets the proportions).
const WIDTH: u32 = 960;
const HEIGHT: u32 = 440;

/// Colours: a calm palette that stays distinguishable in print.
pub(crate) const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(230, 126, 34),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(23, 190, 207),
];
/// Text and axes.
pub(crate) const INK: RGBColor = RGBColor(40, 40, 40);
/// Secondary marks (individual replications, grid).
pub(crate) const GREY: RGBColor = RGBColor(150, 150, 150);
/// Meets a target / good.
pub(crate) const GOOD: RGBColor = RGBColor(27, 128, 62);
/// Misses a target / warning.
pub(crate) const BAD: RGBColor = RGBColor(200, 40, 40);

/// Why a chart could not be drawn. Bad data is not among the reasons: it gives a "no data"
/// chart or gaps instead.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The embedded font could not be registered (a broken build).
    #[error("the embedded chart font could not be loaded")]
    Font,
    /// The caller passed inconsistent data (a bug in the caller, e.g. 12 months and 11 bands).
    #[error("cannot draw \"{title}\": {problem}")]
    Inconsistent {
        /// The chart's title.
        title: String,
        /// What does not fit.
        problem: String,
    },
    /// The drawing backend failed.
    #[error("drawing a chart failed: {0}")]
    Drawing(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(err: DrawingAreaErrorKind<E>) -> PlotError {
        PlotError::Drawing(err.to_string())
    }
}

/// Registers the embedded font once; charts fail with [`PlotError::Font`] if that failed.
fn font() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(
            FONT,
            FontStyle::Normal,
            include_bytes!("../assets/fonts/DejaVuSans.ttf"),
        )
        .is_ok()
    });
    if ok { Ok(()) } else { Err(PlotError::Font) }
}

/// The drawing area charts draw on.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Draws on a white `size` canvas and returns the SVG text.
pub(crate) fn render<F>(size: (u32, u32), draw: F) -> Result<String, PlotError>
where
    F: for<'a> FnOnce(&Area<'a>) -> Result<(), PlotError>,
{
    font()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(svg)
}

/// A legend mark: how an entry of a chart's legend looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Mark {
    /// A filled swatch (a band) of the colour at the opacity.
    Swatch(RGBColor, f64),
    /// A band swatch with its median line through it.
    BandLine(RGBColor),
    /// A line of the colour and width.
    Line(RGBColor, u32),
    /// A dashed line.
    Dashed(RGBColor),
    /// A filled dot of the radius.
    Dot(RGBColor, i32),
    /// A dot on a bar (a point with its interval).
    DotBar(RGBColor),
    /// A cross.
    Cross(RGBColor),
    /// A vertical bar (a confidence bound).
    Whisker(RGBColor),
}

/// The title on top, the legend in a row (or rows) under it, and the area left for the plot;
/// the legend never covers the data.
pub(crate) fn frame<'a>(
    root: &Area<'a>,
    title: &str,
    legend: &[(String, Mark)],
) -> Result<Area<'a>, PlotError> {
    let area = root.titled(title, (FONT, 20).into_font().color(&INK))?;
    if legend.is_empty() {
        return Ok(area);
    }
    let style = (FONT, 13).into_font().color(&INK);
    let (width, _) = area.dim_in_pixel();
    let (left, right, row_height, mark_width, gap) = (84i32, 16i32, 22i32, 22i32, 22i32);
    // Lay the entries out in rows first, so the legend's height is known.
    let mut placed = Vec::with_capacity(legend.len());
    let (mut x, mut row) = (left, 0i32);
    for (label, mark) in legend {
        let text_width = area
            .estimate_text_size(label, &style)
            .map_or(label.chars().count() as i32 * 8, |(w, _)| w as i32);
        let entry_width = mark_width + 6 + text_width;
        if x > left && x + entry_width > width as i32 - right {
            x = left;
            row += 1;
        }
        placed.push((x, row, label, *mark));
        x += entry_width + gap;
    }
    let height = (row + 1) * row_height + 8;
    let (top, rest) = area.split_vertically(height);
    for (x, row, label, mark) in placed {
        let y = 6 + row * row_height + row_height / 2;
        draw_mark(&top, mark, x, y)?;
        top.draw(&Text::new(
            label.clone(),
            (x + mark_width + 6, y),
            style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(rest)
}

fn draw_mark(area: &Area<'_>, mark: Mark, x: i32, y: i32) -> Result<(), PlotError> {
    let w = 18;
    match mark {
        Mark::Swatch(colour, opacity) => area.draw(&Rectangle::new(
            [(x, y - 6), (x + w, y + 6)],
            colour.mix(opacity).filled(),
        ))?,
        Mark::BandLine(colour) => {
            area.draw(&Rectangle::new(
                [(x, y - 6), (x + w, y + 6)],
                colour.mix(0.35).filled(),
            ))?;
            area.draw(&PathElement::new(
                [(x, y), (x + w, y)],
                colour.stroke_width(2),
            ))?;
        }
        Mark::Line(colour, width) => area.draw(&PathElement::new(
            [(x, y), (x + w, y)],
            colour.stroke_width(width),
        ))?,
        Mark::Dashed(colour) => {
            area.draw(&PathElement::new(
                [(x, y), (x + 7, y)],
                colour.stroke_width(2),
            ))?;
            area.draw(&PathElement::new(
                [(x + 11, y), (x + w, y)],
                colour.stroke_width(2),
            ))?;
        }
        Mark::Dot(colour, radius) => {
            area.draw(&Circle::new((x + w / 2, y), radius, colour.filled()))?
        }
        Mark::DotBar(colour) => {
            area.draw(&PathElement::new(
                [(x, y), (x + w, y)],
                colour.stroke_width(3),
            ))?;
            area.draw(&Circle::new((x + w / 2, y), 5, colour.filled()))?;
        }
        Mark::Cross(colour) => area.draw(&Cross::new((x + w / 2, y), 6, colour.stroke_width(3)))?,
        Mark::Whisker(colour) => area.draw(&PathElement::new(
            [(x + w / 2, y - 8), (x + w / 2, y + 8)],
            colour.stroke_width(2),
        ))?,
    }
    Ok(())
}

/// A chart with its title and a "no data" note instead of a plot, saying why.
pub fn no_data_chart(title: &str, why: &str) -> Result<String, PlotError> {
    render((WIDTH, 160), |root| {
        let area = root.titled(title, (FONT, 20).into_font().color(&INK))?;
        let (w, h) = area.dim_in_pixel();
        let style = (FONT, 15)
            .into_font()
            .color(&GREY)
            .pos(Pos::new(HPos::Center, VPos::Center));
        area.draw(&Text::new(
            format!("no data: {why}"),
            (w as i32 / 2, h as i32 / 2),
            style,
        ))?;
        Ok(())
    })
}

/// The range of the finite values, widened so that a constant series still gets an axis, and
/// extended to zero when `from_zero` (counts and money start their axis at zero).
pub(crate) fn value_range(
    values: impl IntoIterator<Item = f64>,
    from_zero: bool,
) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return None;
    }
    if from_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let span = hi - lo;
    if span <= f64::EPSILON * hi.abs().max(1.0) {
        let pad = (hi.abs() * 0.1).max(1.0);
        return Some((if from_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad));
    }
    let pad = span * 0.05;
    Some((if from_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad))
}

/// Month labels `YYYY-MM` as people read them ("Jan 2026"); anything else is kept as it is.
pub(crate) fn pretty_month(label: &str) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parsed = label
        .split_once('-')
        .and_then(|(y, m)| Some((y, m.parse::<usize>().ok()?)));
    match parsed {
        Some((year, month)) if (1..=12).contains(&month) && year.len() == 4 => {
            format!("{} {year}", NAMES[month - 1])
        }
        _ => label.to_string(),
    }
}

/// The most labelled ticks a time axis gets: month labels ("Jan 2026") are about 60 pixels
/// wide, so more would overlap on a chart 800 pixels wide.
pub(crate) const MAX_MONTH_TICKS: usize = 12;

/// Positions of the labelled ticks on a time axis of `months` (`YYYY-MM`): the shortest
/// spacing of 1, 3, 6, 12, 24 or 60 months that keeps at most [`MAX_MONTH_TICKS`] labels, on
/// the months that spacing divides the year into (every month, quarter, January and July,
/// January...), so the labels never overlap whatever the span.
pub(crate) fn month_ticks(months: &[String]) -> Vec<f64> {
    let index_of = |label: &String| {
        let (year, month) = label.split_once('-')?;
        let (year, month) = (year.parse::<i64>().ok()?, month.parse::<i64>().ok()?);
        (year.to_string().len() == 4 && (1..=12).contains(&month)).then_some(year * 12 + month - 1)
    };
    let n = months.len();
    let indices: Option<Vec<i64>> = months.iter().map(index_of).collect();
    if let Some(indices) = indices.filter(|i| i.len() >= 2) {
        for step in [1, 3, 6, 12, 24, 60] {
            let ticks: Vec<f64> = indices
                .iter()
                .enumerate()
                .filter(|(_, m)| m.rem_euclid(step) == 0)
                .map(|(idx, _)| idx as f64)
                .collect();
            if ticks.len() >= 2 && ticks.len() <= MAX_MONTH_TICKS {
                return ticks;
            }
            if ticks.len() < 2 && step >= 12 {
                break;
            }
        }
    }
    // Labels that are not months, or a run too short: spread about ten ticks.
    let step = n.div_ceil(10).max(1);
    (0..n).step_by(step).map(|idx| idx as f64).collect()
}

/// The x range of a time axis over `n` points, with its ticks at `keys`.
pub(crate) fn time_range(n: usize, keys: Vec<f64>) -> Keyed {
    if n <= 1 {
        Keyed::new(-0.5..0.5, keys)
    } else {
        Keyed::new(-0.3..(n - 1) as f64 + 0.3, keys)
    }
}

/// A numeric axis whose ticks (and grid lines) sit exactly at given values: months on a time
/// axis, rows of a category axis. Tick texts come from the chart's label formatter.
#[derive(Clone, Debug)]
pub(crate) struct Keyed {
    range: std::ops::Range<f64>,
    keys: Vec<f64>,
}

impl Keyed {
    /// An axis over `range` with ticks at `keys` (those outside the range are dropped).
    pub(crate) fn new(range: std::ops::Range<f64>, keys: Vec<f64>) -> Keyed {
        let keys = keys
            .into_iter()
            .filter(|k| range.start <= *k && *k <= range.end)
            .collect();
        Keyed { range, keys }
    }

    /// Ticks at the rows `0..n` of a category axis.
    pub(crate) fn rows(n: usize) -> Keyed {
        Keyed::new(-0.6..n as f64 - 0.4, (0..n).map(|i| i as f64).collect())
    }
}

impl Ranged for Keyed {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        if span.is_nan() || span <= 0.0 || !value.is_finite() {
            return (limit.0 + limit.1) / 2;
        }
        let share = (value - self.range.start) / span;
        limit.0 + (f64::from(limit.1 - limit.0) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Only the labelled (bold) ticks; no light lines in between.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.clone()
    }
}

/// Runs of consecutive indices where `defined` holds (for drawing series with gaps).
pub(crate) fn defined_runs(
    n: usize,
    defined: impl Fn(usize) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for idx in 0..=n {
        let ok = idx < n && defined(idx);
        match (ok, start) {
            (true, None) => start = Some(idx),
            (false, Some(s)) => {
                runs.push(s..idx);
                start = None;
            }
            _ => {}
        }
    }
    runs
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Checks what every chart must be: one SVG document with its title, no NaN or infinity
    /// anywhere in it, and every text in `expected`.
    pub(crate) fn assert_chart(svg: &str, expected: &[&str]) {
        assert!(
            svg.starts_with("<svg"),
            "an SVG document: {}",
            &svg[..80.min(svg.len())]
        );
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<svg").count(), 1);
        for bad in ["NaN", "inf\"", "-inf", "infinity"] {
            assert!(!svg.contains(bad), "the SVG contains {bad}");
        }
        for text in expected {
            assert!(svg.contains(text), "the SVG lacks {text:?}");
        }
    }

    #[test]
    fn no_data_chart_names_its_reason() {
        let svg = no_data_chart("Backlog", "the scenario has no dates").unwrap();
        assert_chart(&svg, &["Backlog", "no data: the scenario has no dates"]);
    }

    #[test]
    fn ranges_survive_constant_empty_and_undefined_data() {
        assert_eq!(value_range([f64::NAN], true), None);
        assert_eq!(value_range([], false), None);
        let (lo, hi) = value_range([5.0, 5.0], true).unwrap();
        assert!(lo == 0.0 && hi > 5.0);
        let (lo, hi) = value_range([0.0, 0.0], true).unwrap();
        assert!(lo == 0.0 && hi >= 1.0);
        let (lo, hi) = value_range([-3.0, f64::NAN, 7.0], false).unwrap();
        assert!(lo < -3.0 && hi > 7.0);
    }

    #[test]
    fn months_read_as_names_and_ticks_fall_on_quarters() {
        assert_eq!(pretty_month("2026-01"), "Jan 2026");
        assert_eq!(pretty_month("2030-12"), "Dec 2030");
        assert_eq!(pretty_month("week 3"), "week 3");
        let months: Vec<String> = (0..60)
            .map(|m| format!("{}-{:02}", 2026 + m / 12, m % 12 + 1))
            .collect();
        assert_eq!(month_ticks(&months)[..3], [0.0, 6.0, 12.0]);
        assert_eq!(month_ticks(&months[..24])[..3], [0.0, 3.0, 6.0]);
        assert_eq!(month_ticks(&months[..12]).len(), 12);
        // 26 months: quarters (9 labels), not every month; 156 months (13 years): every
        // January would be 13, so every other January (even years); never more than 12.
        assert_eq!(month_ticks(&months[..26]).len(), 9);
        let long: Vec<String> = (0..156)
            .map(|m| format!("{}-{:02}", 2015 + m / 12, m % 12 + 1))
            .collect();
        assert_eq!(month_ticks(&long)[..2], [12.0, 36.0]); // January 2016, 2018
        for n in 2..400 {
            let span: Vec<String> = (0..n)
                .map(|m| format!("{}-{:02}", 2000 + (m + 4) / 12, (m + 4) % 12 + 1))
                .collect();
            let ticks = month_ticks(&span).len();
            assert!(
                (1..=MAX_MONTH_TICKS).contains(&ticks),
                "{n} months: {ticks} ticks"
            );
        }
        let odd: Vec<String> = (0..30).map(|i| format!("p{i}")).collect();
        assert_eq!(month_ticks(&odd).len(), 10);
        assert_eq!(defined_runs(6, |i| i != 2 && i != 3), vec![0..2, 4..6]);
    }
}
