//! Charts as SVG, drawn with plotters and the embedded DejaVu Sans font (so they render the same
//! on a machine without system fonts, and the build needs nothing from the system).
//!
//! Key function: [`fan_chart`].

use std::sync::OnceLock;

use plotters::prelude::*;

use crate::forecast::ForecastMonth;

/// The font family name every chart uses.
const FONT: &str = "sans-serif";

/// Registers the embedded font once; charts fail with a clear error if that failed.
fn font() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(
                FONT,
                FontStyle::Normal,
                include_bytes!("../assets/fonts/DejaVuSans.ttf"),
            )
            .map_err(|_| "the embedded font could not be loaded".to_string())
        })
        .clone()
}

/// A fan chart: the observed series (`history`, labelled months and values), then the forecast
/// median with its 50%, 80% and 95% prediction intervals. Returns the SVG text.
pub fn fan_chart(
    title: &str,
    y_label: &str,
    history: &[(String, f64)],
    forecast: &[ForecastMonth],
) -> Result<String, String> {
    font()?;
    let labels: Vec<String> = history
        .iter()
        .map(|(m, _)| m.clone())
        .chain(forecast.iter().map(|f| f.month.clone()))
        .collect();
    let n = labels.len();
    let y_max = history
        .iter()
        .map(|(_, v)| *v)
        .chain(forecast.iter().map(|f| f.hi95))
        .fold(0.0f64, f64::max)
        * 1.05;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (960, 480)).into_drawing_area();
        let draw = |e: DrawingAreaErrorKind<_>| format!("drawing the chart failed: {e}");
        root.fill(&WHITE).map_err(draw)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 20))
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(72)
            .build_cartesian_2d(0f64..(n.max(2) - 1) as f64, 0f64..y_max.max(1.0))
            .map_err(draw)?;
        let label_of = |x: &f64| {
            let idx = x.round() as usize;
            labels.get(idx).cloned().unwrap_or_default()
        };
        chart
            .configure_mesh()
            .x_labels(12)
            .x_label_formatter(&label_of)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .y_desc(y_label)
            .x_desc("month")
            .label_style((FONT, 12))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(draw)?;
        let start = history.len();
        let band = |lo: fn(&ForecastMonth) -> f64, hi: fn(&ForecastMonth) -> f64| {
            let mut points: Vec<(f64, f64)> = forecast
                .iter()
                .enumerate()
                .map(|(h, f)| ((start + h) as f64, hi(f)))
                .collect();
            points.extend(
                forecast
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(h, f)| ((start + h) as f64, lo(f))),
            );
            points
        };
        let blue = RGBColor(31, 119, 180);
        for (opacity, lo, hi, name) in [
            (
                0.15,
                (|f| f.lo95) as fn(&ForecastMonth) -> f64,
                (|f| f.hi95) as fn(&ForecastMonth) -> f64,
                "95% interval",
            ),
            (0.25, |f| f.lo80, |f| f.hi80, "80% interval"),
            (0.40, |f| f.lo50, |f| f.hi50, "50% interval"),
        ] {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band(lo, hi),
                    blue.mix(opacity).filled(),
                )))
                .map_err(draw)?
                .label(name)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 16, y + 5)], blue.mix(opacity).filled())
                });
        }
        chart
            .draw_series(LineSeries::new(
                history.iter().enumerate().map(|(t, (_, v))| (t as f64, *v)),
                BLACK.stroke_width(2),
            ))
            .map_err(draw)?
            .label("observed")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK.stroke_width(2)));
        chart
            .draw_series(LineSeries::new(
                forecast
                    .iter()
                    .enumerate()
                    .map(|(h, f)| ((start + h) as f64, f.p50)),
                blue.stroke_width(2),
            ))
            .map_err(draw)?
            .label("forecast median")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], blue.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperMiddle)
            .label_font((FONT, 12))
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(draw)?;
        root.present().map_err(draw)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fan_chart_is_an_svg_with_its_parts() {
        let history: Vec<(String, f64)> = (1..=12)
            .map(|m| (format!("2025-{m:02}"), 100.0 + m as f64))
            .collect();
        let forecast = vec![ForecastMonth {
            month: "2026-01".into(),
            mean: 110.0,
            p50: 109.0,
            lo50: 100.0,
            hi50: 118.0,
            lo80: 92.0,
            hi80: 126.0,
            lo95: 85.0,
            hi95: 135.0,
        }];
        let svg = fan_chart("Intake", "cases per month", &history, &forecast).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("95% interval"));
        assert!(svg.contains("forecast median"));
        assert!(svg.contains("2025-01"));
        assert!(svg.contains("<polygon") || svg.contains("<path"));
    }
}
