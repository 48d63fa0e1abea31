//! The staffing candidates a plan tried: each candidate's estimate with its confidence bound,
//! the target, and whether it was met.

use plotters::prelude::*;

use crate::plot::{
    BAD, FONT, GOOD, GREY, HEIGHT, INK, Mark, PlotError, Unit, WIDTH, frame, no_data_chart, render,
    value_range,
};

/// What a plan chart shows.
#[derive(Clone, Copy, Debug)]
pub struct PlanChart<'a> {
    /// The title.
    pub title: &'a str,
    /// The staffing axis, e.g. "decision officers at Ter Apel (FTE)".
    pub x_label: &'a str,
    /// The metric axis, e.g. "decided within term in 2027".
    pub y_label: &'a str,
    /// How metric values are written.
    pub unit: Unit,
    /// The target the metric must meet.
    pub target: f64,
    /// The legend text of the target line, e.g. "target: at least 90%".
    pub target_label: &'a str,
    /// The legend text of the bounds, e.g. "90% confidence bound".
    pub bound_label: &'a str,
}

/// One candidate the plan tried.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlanPoint {
    /// Staff tried (servers or FTE).
    pub staff: f64,
    /// The estimate (a mean, or the share of replications meeting the target).
    pub estimate: f64,
    /// The confidence bound the verdict rests on (NaN when there is none).
    pub bound: f64,
    /// Whether the candidate meets the target with the stated confidence.
    pub meets: bool,
}

/// Staff tried on the horizontal axis, the estimate as a marker (a filled green circle when the
/// candidate meets the target, a red cross when not), a bar from the estimate to its confidence
/// bound, and the target as a dashed horizontal line. Returns the SVG text.
pub fn plan_chart(chart: &PlanChart<'_>, points: &[PlanPoint]) -> Result<String, PlotError> {
    let shown: Vec<&PlanPoint> = points
        .iter()
        .filter(|p| p.staff.is_finite() && p.estimate.is_finite())
        .collect();
    let Some((x_lo, x_hi)) = value_range(shown.iter().map(|p| p.staff), false) else {
        return no_data_chart(chart.title, "no candidate has an estimate");
    };
    let ys = shown
        .iter()
        .flat_map(|p| [p.estimate, p.bound])
        .chain(chart.target.is_finite().then_some(chart.target));
    let Some((y_lo, y_hi)) = value_range(ys, chart.unit.starts_at_zero()) else {
        return no_data_chart(chart.title, "no candidate has an estimate");
    };
    let x_pad = ((x_hi - x_lo) * 0.05).max(0.5);
    let (x_lo, x_hi) = (x_lo - x_pad, x_hi + x_pad);
    let y_scale = chart.unit.axis(y_lo, y_hi);
    let legend = vec![
        ("meets the target".to_string(), Mark::Dot(GOOD, 6)),
        ("does not meet the target".to_string(), Mark::Cross(BAD)),
        (chart.bound_label.to_string(), Mark::Whisker(GREY)),
        (chart.target_label.to_string(), Mark::Dashed(INK)),
    ];
    render((WIDTH, HEIGHT), |root| {
        let area = frame(root, chart.title, &legend)?;
        let mut plot = ChartBuilder::on(&area)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(84)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
        // Staff are whole numbers: ticks between them stay unlabelled.
        let x_text = |x: &f64| {
            if (x - x.round()).abs() < 1e-6 {
                crate::plot::format_count(*x)
            } else {
                String::new()
            }
        };
        let y_text = |y: &f64| y_scale.tick(*y);
        plot.configure_mesh()
            .x_label_formatter(&x_text)
            .y_label_formatter(&y_text)
            .x_labels(10)
            .y_labels(8)
            .x_desc(chart.x_label)
            .y_desc(y_scale.describe(chart.y_label))
            .label_style((FONT, 13).into_font().color(&INK))
            .axis_desc_style((FONT, 14).into_font().color(&INK))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(230, 230, 230))
            .axis_style(INK)
            .draw()?;
        if chart.target.is_finite() {
            plot.draw_series(DashedLineSeries::new(
                [(x_lo, chart.target), (x_hi, chart.target)],
                8,
                5,
                INK.stroke_width(2),
            ))?;
        }
        for p in &shown {
            if p.bound.is_finite() {
                plot.draw_series([PathElement::new(
                    [(p.staff, p.estimate), (p.staff, p.bound)],
                    GREY.stroke_width(2),
                )])?;
                let w = (x_hi - x_lo) * 0.006;
                plot.draw_series([PathElement::new(
                    [(p.staff - w, p.bound), (p.staff + w, p.bound)],
                    GREY.stroke_width(2),
                )])?;
            }
            if p.meets {
                plot.draw_series([Circle::new((p.staff, p.estimate), 7, GOOD.filled())])?;
            } else {
                plot.draw_series([Cross::new((p.staff, p.estimate), 7, BAD.stroke_width(3))])?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::assert_chart;

    fn chart() -> PlanChart<'static> {
        PlanChart {
            title: "Plan: decision officers at Ter Apel",
            x_label: "decision officers (FTE)",
            y_label: "decided within term in 2027",
            unit: Unit::Share,
            target: 0.9,
            target_label: "target: at least 90%",
            bound_label: "90% confidence bound",
        }
    }

    #[test]
    fn candidates_show_estimate_bound_target_and_verdict() {
        let points = [
            PlanPoint {
                staff: 100.0,
                estimate: 0.82,
                bound: 0.80,
                meets: false,
            },
            PlanPoint {
                staff: 120.0,
                estimate: 0.93,
                bound: 0.91,
                meets: true,
            },
            PlanPoint {
                staff: 110.0,
                estimate: 0.90,
                bound: 0.88,
                meets: false,
            },
        ];
        let svg = plan_chart(&chart(), &points).unwrap();
        assert_chart(
            &svg,
            &[
                "Plan: decision officers at Ter Apel",
                "decision officers (FTE)",
                "decided within term in 2027",
                "target: at least 90%",
                "meets the target",
                "does not meet the target",
                "90% confidence bound",
                "120",
            ],
        );
    }

    #[test]
    fn empty_single_and_undefined_candidates_never_panic() {
        assert_chart(&plan_chart(&chart(), &[]).unwrap(), &["no data"]);
        let nan = [PlanPoint {
            staff: 10.0,
            estimate: f64::NAN,
            bound: f64::NAN,
            meets: false,
        }];
        assert_chart(&plan_chart(&chart(), &nan).unwrap(), &["no data"]);
        let one = [PlanPoint {
            staff: 13.0,
            estimate: 0.18,
            bound: f64::NAN,
            meets: true,
        }];
        let lower = PlanChart {
            unit: Unit::Number,
            target: 0.2,
            ..chart()
        };
        assert_chart(
            &plan_chart(&lower, &one).unwrap(),
            &["13", "meets the target"],
        );
    }
}
