//! A metric over the values of one numeric swept setting: the mean with its 95% confidence
//! interval at each value, joined by a line, over the band the middle 90% of the futures fall in
//! (p5-p95).

use plotters::prelude::*;

use crate::plot::{
    FONT, HEIGHT, INK, Mark, PALETTE, PlotError, Unit, WIDTH, frame, no_data_chart, render,
    value_range,
};

/// What a sweep chart shows.
#[derive(Clone, Copy, Debug)]
pub struct SweepChart<'a> {
    /// The title.
    pub title: &'a str,
    /// The swept setting, on the horizontal axis, e.g. "pool.decision_ter_apel.fte".
    pub x_label: &'a str,
    /// The metric, on the vertical axis.
    pub y_label: &'a str,
    /// How metric values are written.
    pub unit: Unit,
}

/// The metric at one value of the setting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SweepPoint {
    /// The setting's value.
    pub x: f64,
    /// Mean over the replications.
    pub mean: f64,
    /// Its 95% confidence interval.
    pub ci_low: f64,
    /// Upper end of the interval.
    pub ci_high: f64,
    /// 5th percentile over the replications.
    pub p05: f64,
    /// 95th percentile over the replications.
    pub p95: f64,
}

/// The chart: the p5-p95 band, the means joined by a line, a whisker for each confidence
/// interval. Points without a finite value are left out. Returns the SVG text.
pub fn sweep_chart(chart: &SweepChart<'_>, points: &[SweepPoint]) -> Result<String, PlotError> {
    let mut shown: Vec<SweepPoint> = points
        .iter()
        .copied()
        .filter(|p| p.x.is_finite() && p.mean.is_finite())
        .collect();
    shown.sort_by(|a, b| a.x.total_cmp(&b.x));
    let Some((x_lo, x_hi)) = value_range(shown.iter().map(|p| p.x), false) else {
        return no_data_chart(chart.title, "no point has a value");
    };
    let ys = shown
        .iter()
        .flat_map(|p| [p.mean, p.ci_low, p.ci_high, p.p05, p.p95]);
    let Some((y_lo, y_hi)) = value_range(ys, chart.unit.starts_at_zero()) else {
        return no_data_chart(chart.title, "no point has a value");
    };
    let x_pad = ((x_hi - x_lo) * 0.04).max(1e-9);
    let (x_lo, x_hi) = (x_lo - x_pad, x_hi + x_pad);
    let y_scale = chart.unit.axis(y_lo, y_hi);
    let colour = PALETTE[0];
    let legend = vec![
        (
            "mean over the futures, 95% CI".to_string(),
            Mark::DotBar(colour),
        ),
        (
            "p5-p95: 90% of the futures".to_string(),
            Mark::Swatch(colour, 0.15),
        ),
    ];
    render((WIDTH, HEIGHT), |root| {
        let area = frame(root, chart.title, &legend)?;
        let mut plot = ChartBuilder::on(&area)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(84)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
        // A setting of whole numbers (staff, days) gets labels on whole numbers only.
        let whole = shown.iter().all(|p| (p.x - p.x.round()).abs() < 1e-9);
        let x_text = |x: &f64| {
            let on_whole = (x - x.round()).abs() < 1e-6;
            if whole && !on_whole {
                String::new()
            } else if on_whole || x.abs() >= 100.0 {
                crate::plot::format_count(*x)
            } else {
                format!("{x:.2}")
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
        let band: Vec<(f64, f64)> = shown
            .iter()
            .filter(|p| p.p05.is_finite() && p.p95.is_finite())
            .map(|p| (p.x, p.p95))
            .chain(
                shown
                    .iter()
                    .rev()
                    .filter(|p| p.p05.is_finite() && p.p95.is_finite())
                    .map(|p| (p.x, p.p05)),
            )
            .collect();
        if band.len() >= 4 {
            plot.draw_series([Polygon::new(band, colour.mix(0.15).filled())])?;
        }
        plot.draw_series(LineSeries::new(
            shown.iter().map(|p| (p.x, p.mean)),
            colour.stroke_width(2),
        ))?;
        let w = (x_hi - x_lo) * 0.006;
        for p in &shown {
            if p.ci_low.is_finite() && p.ci_high.is_finite() {
                for path in [
                    vec![(p.x, p.ci_low), (p.x, p.ci_high)],
                    vec![(p.x - w, p.ci_low), (p.x + w, p.ci_low)],
                    vec![(p.x - w, p.ci_high), (p.x + w, p.ci_high)],
                ] {
                    plot.draw_series([PathElement::new(path, colour.stroke_width(2))])?;
                }
            }
            plot.draw_series([Circle::new((p.x, p.mean), 5, colour.filled())])?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::assert_chart;

    fn chart() -> SweepChart<'static> {
        SweepChart {
            title: "wait_days_mean over pool.servers.servers",
            x_label: "pool.servers.servers",
            y_label: "wait before the first work (days)",
            unit: Unit::Days,
        }
    }

    fn point(x: f64, mean: f64) -> SweepPoint {
        SweepPoint {
            x,
            mean,
            ci_low: mean * 0.9,
            ci_high: mean * 1.1,
            p05: mean * 0.5,
            p95: mean * 1.8,
        }
    }

    #[test]
    fn means_intervals_and_the_band_are_drawn_in_order_of_the_setting() {
        let svg = sweep_chart(
            &chart(),
            &[point(12.0, 1.5), point(10.0, 6.0), point(11.0, 3.0)],
        )
        .unwrap();
        assert_chart(
            &svg,
            &[
                "wait_days_mean over pool.servers.servers",
                "pool.servers.servers",
                "mean over the futures, 95% CI",
                "p5-p95: 90% of the futures",
                "<polyline",
            ],
        );
    }

    #[test]
    fn empty_single_and_undefined_points_never_panic() {
        assert_chart(&sweep_chart(&chart(), &[]).unwrap(), &["no data"]);
        let nan = [point(1.0, f64::NAN)];
        assert_chart(&sweep_chart(&chart(), &nan).unwrap(), &["no data"]);
        let one = sweep_chart(&chart(), &[point(5.0, 2.0)]).unwrap();
        assert!(one.starts_with("<svg"));
    }
}
