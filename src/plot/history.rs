//! Published figures over the simulated range: one row per period (a year, a month's end), the
//! simulated median with its p5-p95 range and the published figure as a cross.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plot::{
    BAD, FONT, INK, Keyed, Mark, PALETTE, PlotError, Unit, WIDTH, frame, no_data_chart, render,
    value_range,
};

/// One period of a history chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistoryPoint<'a> {
    /// The period, on the left (`2023`, `2023-12`).
    pub label: &'a str,
    /// The simulated median; NaN when the run has no value.
    pub median: f64,
    /// The simulated 5th percentile.
    pub p05: f64,
    /// The simulated 95th percentile.
    pub p95: f64,
    /// The published figure.
    pub observed: f64,
}

/// A chart of published figures against the simulated p5-p95 range and median, one row per
/// period, top to bottom in the order given. Returns the SVG text; a chart without any value
/// says "no data".
pub fn history_chart(
    title: &str,
    axis_label: &str,
    unit: Unit,
    points: &[HistoryPoint<'_>],
) -> Result<String, PlotError> {
    let values = points
        .iter()
        .flat_map(|p| [p.median, p.p05, p.p95, p.observed])
        .filter(|v| v.is_finite());
    let Some((lo, hi)) = value_range(values, unit.starts_at_zero()) else {
        return no_data_chart(title, "no published figure and no simulated value");
    };
    let (lo, hi) = if unit == Unit::Share {
        (lo.max(0.0), hi.min(1.0).max(lo.max(0.0) + 0.01))
    } else {
        (lo, hi)
    };
    let n = points.len();
    let height = (150 + 44 * n as u32).max(240);
    let scale = unit.axis(lo, hi);
    let simulated = PALETTE[0];
    let legend = vec![
        (
            "simulated median and p5-p95 of the futures".to_string(),
            Mark::DotBar(simulated),
        ),
        ("published".to_string(), Mark::Cross(BAD)),
    ];
    render((WIDTH, height), |root| {
        let area = frame(root, title, &legend)?;
        let mut plot = ChartBuilder::on(&area)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(90)
            .build_cartesian_2d(lo..hi, Keyed::rows(n))?;
        let label_at = |y: &f64| {
            let idx = y.round();
            if idx >= 0.0 && (idx as usize) < n {
                points[n - 1 - idx as usize].label.to_string()
            } else {
                String::new()
            }
        };
        let x_text = |x: &f64| scale.tick(*x);
        plot.configure_mesh()
            .y_label_formatter(&label_at)
            .x_label_formatter(&x_text)
            .x_labels(8)
            .x_desc(scale.describe(axis_label))
            .label_style((FONT, 13).into_font().color(&INK))
            .axis_desc_style((FONT, 14).into_font().color(&INK))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(230, 230, 230))
            .axis_style(INK)
            .draw()?;
        for (idx, point) in points.iter().enumerate() {
            let y = (n - 1 - idx) as f64;
            if point.p05.is_finite() && point.p95.is_finite() {
                plot.draw_series([PathElement::new(
                    [(point.p05, y), (point.p95, y)],
                    simulated.stroke_width(3),
                )])?;
                for end in [point.p05, point.p95] {
                    plot.draw_series([PathElement::new(
                        [(end, y - 0.15), (end, y + 0.15)],
                        simulated.stroke_width(2),
                    )])?;
                }
            }
            if point.median.is_finite() {
                plot.draw_series([Circle::new((point.median, y), 6, simulated.filled())])?;
                // The simulated value above the row, the published one below: never on a mark.
                plot.draw_series([Text::new(
                    format!("simulated {}", unit.format(point.median)),
                    (point.median, y + 0.45),
                    (FONT, 12)
                        .into_font()
                        .color(&simulated)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )])?;
            }
            if point.observed.is_finite() {
                plot.draw_series([Cross::new((point.observed, y), 7, BAD.stroke_width(3))])?;
                plot.draw_series([Text::new(
                    format!("published {}", unit.format(point.observed)),
                    (point.observed, y - 0.45),
                    (FONT, 12)
                        .into_font()
                        .color(&BAD)
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                )])?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::assert_chart;

    #[test]
    fn figures_and_ranges_are_drawn_with_their_labels() {
        let points = [
            HistoryPoint {
                label: "2023",
                median: 21_000.0,
                p05: 19_000.0,
                p95: 23_500.0,
                observed: 24_000.0,
            },
            HistoryPoint {
                label: "2024",
                median: f64::NAN,
                p05: f64::NAN,
                p95: f64::NAN,
                observed: 30_000.0,
            },
        ];
        let svg = history_chart("decided_first_<year>", "decisions", Unit::Count, &points).unwrap();
        assert_chart(
            &svg,
            &[
                "decided_first_&lt;year&gt;",
                "2023",
                "2024",
                "published",
                "simulated median and p5-p95 of the futures",
            ],
        );
    }

    #[test]
    fn nothing_to_draw_says_so() {
        let points = [HistoryPoint {
            label: "2023",
            median: f64::NAN,
            p05: f64::NAN,
            p95: f64::NAN,
            observed: f64::NAN,
        }];
        let svg = history_chart("empty", "cases", Unit::Count, &points).unwrap();
        assert!(svg.contains("no data") || svg.contains("no published figure"));
    }
}
