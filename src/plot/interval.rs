//! Points with intervals, one labelled row each: utilisation per pool, throughput time per
//! group, each scenario's mean with its confidence interval, paired differences (forest plot).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plot::{
    BAD, FONT, GREY, INK, Keyed, Mark, PALETTE, PlotError, Unit, WIDTH, frame, no_data_chart,
    render, value_range,
};

/// What an interval chart shows, and how its legend names it.
#[derive(Clone, Copy, Debug)]
pub struct IntervalChart<'a> {
    /// The title.
    pub title: &'a str,
    /// The value axis description (its unit is added when scaled, e.g. "EUR million").
    pub axis_label: &'a str,
    /// How values are written.
    pub unit: Unit,
    /// The legend text of the points, e.g. "mean over replications".
    pub value_label: &'a str,
    /// The legend text of the intervals, e.g. "95% confidence interval".
    pub interval_label: &'a str,
    /// The legend text of emphasised rows, e.g. "interval excludes zero"; `None` when no row is
    /// emphasised.
    pub emphasis_label: Option<&'a str>,
    /// A vertical reference line and its legend text (zero for differences, a target).
    pub reference: Option<(f64, &'a str)>,
}

/// One row: a value with its interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IntervalRow<'a> {
    /// The row's label, on the left.
    pub label: &'a str,
    /// The point (e.g. a mean); NaN leaves the row empty.
    pub value: f64,
    /// Lower end of the interval; NaN draws the point alone.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
    /// Drawn in the emphasis colour (e.g. a difference whose interval excludes zero).
    pub emphasis: bool,
}

/// A dot-and-whisker chart: one row per entry, top to bottom, values on the horizontal axis.
/// Returns the SVG text; a chart without any defined value says "no data".
pub fn interval_chart(
    chart: &IntervalChart<'_>,
    rows: &[IntervalRow<'_>],
) -> Result<String, PlotError> {
    let values = rows
        .iter()
        .filter(|r| r.value.is_finite())
        .flat_map(|r| [r.value, r.low, r.high])
        .chain(chart.reference.map(|(v, _)| v));
    let defined = rows.iter().any(|r| r.value.is_finite());
    let range = value_range(values, chart.unit.starts_at_zero());
    let (Some((lo, hi)), true) = (range, defined) else {
        return no_data_chart(chart.title, "no row has a value");
    };
    let (lo, hi) = if chart.unit == Unit::Share && lo >= 0.0 {
        (lo.max(0.0), hi.min(1.0).max(lo + 0.01))
    } else {
        (lo, hi)
    };
    let n = rows.len();
    let label_chars = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(4);
    let label_area = (label_chars as u32 * 8 + 20).clamp(90, 380);
    let height = (130 + 30 * n as u32).max(220);
    let scale = chart.unit.axis(lo, hi);
    let plain = PALETTE[0];
    let strong = BAD;
    let mut legend = vec![(chart.value_label.to_string(), Mark::Dot(plain, 6))];
    // A chart of points alone (no row has an interval) gets no interval entry.
    if rows.iter().any(|r| r.low.is_finite() && r.high.is_finite()) {
        legend.push((chart.interval_label.to_string(), Mark::Line(plain, 3)));
    }
    if let Some(label) = chart.emphasis_label
        && rows.iter().any(|r| r.emphasis && r.value.is_finite())
    {
        legend.push((label.to_string(), Mark::DotBar(strong)));
    }
    if let Some((_, label)) = chart.reference {
        legend.push((label.to_string(), Mark::Dashed(GREY)));
    }
    render((WIDTH, height), |root| {
        let area = frame(root, chart.title, &legend)?;
        let mut plot = ChartBuilder::on(&area)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(label_area)
            .build_cartesian_2d(lo..hi, Keyed::rows(n))?;
        let row_at = |y: f64| -> Option<&IntervalRow<'_>> {
            let idx = y.round();
            (idx >= 0.0 && (idx as usize) < n).then(|| &rows[n - 1 - idx as usize])
        };
        let y_text = |y: &f64| row_at(*y).map(|r| r.label.to_string()).unwrap_or_default();
        let x_text = |x: &f64| scale.tick(*x);
        plot.configure_mesh()
            .y_label_formatter(&y_text)
            .x_label_formatter(&x_text)
            .x_labels(8)
            .x_desc(scale.describe(chart.axis_label))
            .label_style((FONT, 13).into_font().color(&INK))
            .axis_desc_style((FONT, 14).into_font().color(&INK))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(230, 230, 230))
            .axis_style(INK)
            .draw()?;
        if let Some((value, _)) = chart.reference {
            plot.draw_series(DashedLineSeries::new(
                [(value, -0.6), (value, n as f64 - 0.4)],
                6,
                4,
                GREY.stroke_width(2),
            ))?;
        }
        for (idx, row) in rows.iter().enumerate() {
            if !row.value.is_finite() {
                continue;
            }
            let y = (n - 1 - idx) as f64;
            let colour = if row.emphasis { strong } else { plain };
            if row.low.is_finite() && row.high.is_finite() {
                plot.draw_series([PathElement::new(
                    [(row.low, y), (row.high, y)],
                    colour.stroke_width(3),
                )])?;
                for end in [row.low, row.high] {
                    plot.draw_series([PathElement::new(
                        [(end, y - 0.18), (end, y + 0.18)],
                        colour.stroke_width(2),
                    )])?;
                }
            }
            plot.draw_series([Circle::new((row.value, y), 6, colour.filled())])?;
            plot.draw_series([Text::new(
                chart.unit.format(row.value),
                (row.value, y + 0.42),
                (FONT, 12)
                    .into_font()
                    .color(&INK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )])?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::assert_chart;

    fn chart(reference: Option<(f64, &'static str)>) -> IntervalChart<'static> {
        IntervalChart {
            title: "Utilisation per pool (bezetting)",
            axis_label: "share of working time busy",
            unit: Unit::Share,
            value_label: "mean over replications",
            interval_label: "p5-p95 over replications",
            emphasis_label: Some("above 95%"),
            reference,
        }
    }

    #[test]
    fn rows_are_labelled_and_the_legend_explains_the_marks() {
        let rows = [
            IntervalRow {
                label: "decision_ter_apel",
                value: 0.97,
                low: 0.95,
                high: 0.99,
                emphasis: true,
            },
            IntervalRow {
                label: "hearing_budel",
                value: 0.81,
                low: 0.78,
                high: 0.84,
                emphasis: false,
            },
        ];
        let svg = interval_chart(&chart(Some((0.85, "norm"))), &rows).unwrap();
        assert_chart(
            &svg,
            &[
                "Utilisation per pool (bezetting)",
                "decision_ter_apel",
                "hearing_budel",
                "share of working time busy",
                "mean over replications",
                "p5-p95 over replications",
                "above 95%",
                "norm",
                "97.0%",
            ],
        );
    }

    #[test]
    fn undefined_rows_and_empty_charts_never_panic() {
        let rows = [
            IntervalRow {
                label: "a",
                value: f64::NAN,
                low: f64::NAN,
                high: f64::NAN,
                emphasis: false,
            },
            IntervalRow {
                label: "b",
                value: 3.0,
                low: f64::NAN,
                high: f64::NAN,
                emphasis: false,
            },
        ];
        let days = IntervalChart {
            unit: Unit::Days,
            ..chart(None)
        };
        let svg = interval_chart(&days, &rows).unwrap();
        assert_chart(&svg, &["a", "b"]);
        let svg = interval_chart(&days, &rows[..1]).unwrap();
        assert_chart(&svg, &["no data"]);
        let svg = interval_chart(&days, &[]).unwrap();
        assert_chart(&svg, &["no data"]);
        let flat = [IntervalRow {
            label: "c",
            value: 0.0,
            low: 0.0,
            high: 0.0,
            emphasis: false,
        }];
        let svg = interval_chart(
            &IntervalChart {
                unit: Unit::Euro,
                ..chart(Some((0.0, "no difference")))
            },
            &flat,
        )
        .unwrap();
        assert_chart(&svg, &["no difference", "EUR 0"]);
    }
}
