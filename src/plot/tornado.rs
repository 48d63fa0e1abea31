//! The tornado chart of a sensitivity analysis: per uncertain input, a bar from the base value
//! of the metric to its value with the input at its low end and one to its value at its high end,
//! largest swing on top.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plot::{
    FONT, GREY, INK, Keyed, Mark, PALETTE, PlotError, Unit, WIDTH, frame, no_data_chart, render,
    value_range,
};

/// One row of a tornado chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TornadoRow<'a> {
    /// The input, on the left.
    pub label: &'a str,
    /// The metric with the input at its low end.
    pub low: f64,
    /// The metric with the input at its high end.
    pub high: f64,
}

/// A tornado chart around `base` (the metric with every input at its base), rows top to bottom
/// in the order given (largest swing first). Returns the SVG text.
pub fn tornado_chart(
    title: &str,
    axis_label: &str,
    unit: Unit,
    base: f64,
    rows: &[TornadoRow<'_>],
) -> Result<String, PlotError> {
    let values = rows
        .iter()
        .flat_map(|r| [r.low, r.high])
        .chain([base])
        .filter(|v| v.is_finite());
    let Some((lo, hi)) = value_range(values, unit.starts_at_zero()) else {
        return no_data_chart(title, "no input has a value");
    };
    let n = rows.len();
    let label_chars = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(4);
    let label_area = (label_chars as u32 * 8 + 20).clamp(90, 380);
    let height = (150 + 40 * n as u32).max(240);
    let scale = unit.axis(lo, hi);
    let (low_colour, high_colour) = (PALETTE[0], PALETTE[1]);
    let legend = vec![
        (
            "input at its 5th percentile (change: not in effect)".to_string(),
            Mark::Swatch(low_colour, 0.8),
        ),
        (
            "input at its 95th percentile (change: in effect)".to_string(),
            Mark::Swatch(high_colour, 0.8),
        ),
        ("every input at its median".to_string(), Mark::Dashed(GREY)),
    ];
    render((WIDTH, height), |root| {
        let area = frame(root, title, &legend)?;
        let mut plot = ChartBuilder::on(&area)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(label_area)
            .build_cartesian_2d(lo..hi, Keyed::rows(n))?;
        let label_at = |y: &f64| {
            let idx = y.round();
            if idx >= 0.0 && (idx as usize) < n {
                rows[n - 1 - idx as usize].label.to_string()
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
        for (idx, row) in rows.iter().enumerate() {
            let y = (n - 1 - idx) as f64;
            for (value, colour, anchor) in
                [(row.low, low_colour, -1.0), (row.high, high_colour, 1.0)]
            {
                if !value.is_finite() || !base.is_finite() {
                    continue;
                }
                plot.draw_series([Rectangle::new(
                    [(base.min(value), y - 0.3), (base.max(value), y + 0.3)],
                    colour.mix(0.8).filled(),
                )])?;
                // The value beside its bar's outer end, away from the other bar.
                let right = value >= base;
                plot.draw_series([Text::new(
                    unit.format(value),
                    (value, y + 0.05 * anchor),
                    (FONT, 12).into_font().color(&INK).pos(Pos::new(
                        if right { HPos::Left } else { HPos::Right },
                        VPos::Center,
                    )),
                )])?;
            }
        }
        if base.is_finite() {
            plot.draw_series(DashedLineSeries::new(
                [(base, -0.6), (base, n as f64 - 0.4)],
                6,
                4,
                GREY.stroke_width(2),
            ))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::assert_chart;

    #[test]
    fn rows_and_legend_are_drawn() {
        let rows = [
            TornadoRow {
                label: "decision_hours",
                low: 10.0e6,
                high: 30.0e6,
            },
            TornadoRow {
                label: "change:abolition",
                low: 22.0e6,
                high: 15.0e6,
            },
        ];
        let svg = tornado_chart(
            "Penalty payments 2027",
            "payments",
            Unit::Euro,
            20.0e6,
            &rows,
        )
        .unwrap();
        assert_chart(
            &svg,
            &[
                "Penalty payments 2027",
                "decision_hours",
                "change:abolition",
                "every input at its median",
            ],
        );
    }
}
