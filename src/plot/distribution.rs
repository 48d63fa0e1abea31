//! Distributions over replications as violins, with p50, p90 and p95 marked: penalty payments
//! per year, for budget holders who ask "how bad can a year get?".

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::plot::{
    BAD, FONT, GREY, HEIGHT, INK, Keyed, Mark, PALETTE, PlotError, Unit, WIDTH, frame,
    no_data_chart, render, value_range,
};

/// A named sample: one value per replication (undefined values are left out).
#[derive(Clone, Copy, Debug)]
pub struct Sample<'a> {
    /// Its label on the horizontal axis (e.g. a year).
    pub label: &'a str,
    /// The values.
    pub values: &'a [f64],
}

/// Points at which a violin's density is evaluated.
const DENSITY_POINTS: usize = 64;

/// One violin per sample, left to right: the shape is a kernel density estimate of the values
/// (Gaussian, Silverman's bandwidth), the dots are the replications, and horizontal marks show
/// the median (p50), p90 and p95. Returns the SVG text; without any value it says "no data".
pub fn distribution_chart(
    title: &str,
    y_label: &str,
    unit: Unit,
    samples: &[Sample<'_>],
) -> Result<String, PlotError> {
    let sorted: Vec<Vec<f64>> = samples
        .iter()
        .map(|s| {
            let mut v: Vec<f64> = s.values.iter().copied().filter(|v| v.is_finite()).collect();
            v.sort_by(f64::total_cmp);
            v
        })
        .collect();
    let Some((lo, hi)) = value_range(sorted.iter().flatten().copied(), unit.starts_at_zero())
    else {
        return no_data_chart(title, "no replication has a value");
    };
    // Room above the highest replication for the p95 labels, which sit over the dots.
    let hi = hi + 0.08 * (hi - lo);
    let n = samples.len();
    let scale = unit.axis(lo, hi);
    let legend = vec![
        ("median (p50)".to_string(), Mark::Line(INK, 3)),
        (
            "p90: 1 year in 10 is worse".to_string(),
            Mark::Line(PALETTE[1], 2),
        ),
        ("p95: 1 year in 20 is worse".to_string(), Mark::Line(BAD, 2)),
        ("one replication".to_string(), Mark::Dot(GREY, 3)),
    ];
    render((WIDTH, HEIGHT), |root| {
        let area = frame(root, title, &legend)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(14)
            .margin_top(4)
            .x_label_area_size(44)
            .y_label_area_size(84)
            .build_cartesian_2d(Keyed::rows(n), lo..hi)?;
        let x_text = |x: &f64| {
            let idx = x.round();
            if idx >= 0.0 && (idx as usize) < n {
                samples[idx as usize].label.to_string()
            } else {
                String::new()
            }
        };
        let y_text = |y: &f64| scale.tick(*y);
        chart
            .configure_mesh()
            .x_label_formatter(&x_text)
            .y_label_formatter(&y_text)
            .y_labels(8)
            .y_desc(scale.describe(y_label))
            .label_style((FONT, 13).into_font().color(&INK))
            .axis_desc_style((FONT, 14).into_font().color(&INK))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(230, 230, 230))
            .axis_style(INK)
            .draw()?;
        let fill = PALETTE[0];
        for (idx, values) in sorted.iter().enumerate() {
            if values.is_empty() {
                continue;
            }
            let x = idx as f64;
            let shape = violin(values);
            if shape.len() > 1 {
                let mut outline: Vec<(f64, f64)> =
                    shape.iter().map(|(y, w)| (x + w * 0.4, *y)).collect();
                outline.extend(shape.iter().rev().map(|(y, w)| (x - w * 0.4, *y)));
                chart.draw_series([Polygon::new(outline, fill.mix(0.3).filled())])?;
            }
            // The replications, spread sideways by a fixed low-discrepancy sequence.
            chart.draw_series(values.iter().enumerate().map(|(k, v)| {
                let offset = ((k as f64 * 0.618_034).fract() - 0.5) * 0.3;
                Circle::new((x + offset, *v), 2, GREY.mix(0.7).filled())
            }))?;
            let q = |p| crate::stats::percentile(values, p);
            for (value, colour, width) in
                [(q(0.5), INK, 3), (q(0.9), PALETTE[1], 2), (q(0.95), BAD, 2)]
            {
                chart.draw_series([PathElement::new(
                    [(x - 0.42, value), (x + 0.42, value)],
                    colour.stroke_width(width),
                )])?;
            }
            // Above the highest replication of the year, so that the label never sits on the
            // dots or on the lines.
            let top = values[values.len() - 1] + 0.015 * (hi - lo);
            chart.draw_series([Text::new(
                format!("p95 {}", unit.format(q(0.95))),
                (x, top),
                (FONT, 12)
                    .into_font()
                    .color(&BAD)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )])?;
        }
        Ok(())
    })
}

/// The violin of sorted `values`: (value, relative width 0..1) from the smallest value to the
/// largest; a single point when the values are all equal.
fn violin(values: &[f64]) -> Vec<(f64, f64)> {
    let (min, max) = (values[0], values[values.len() - 1]);
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let iqr = crate::stats::percentile(values, 0.75) - crate::stats::percentile(values, 0.25);
    let spread = if iqr > 0.0 { sd.min(iqr / 1.34) } else { sd };
    let bandwidth = 0.9 * spread * n.powf(-0.2);
    if max <= min || bandwidth.is_nan() || bandwidth <= 0.0 {
        return vec![(min, 1.0)];
    }
    let density = |y: f64| -> f64 {
        values
            .iter()
            .map(|v| (-0.5 * ((y - v) / bandwidth).powi(2)).exp())
            .sum()
    };
    let ys: Vec<f64> = (0..DENSITY_POINTS)
        .map(|k| min + (max - min) * k as f64 / (DENSITY_POINTS - 1) as f64)
        .collect();
    let dens: Vec<f64> = ys.iter().map(|&y| density(y)).collect();
    let peak = dens.iter().copied().fold(0.0, f64::max);
    ys.into_iter()
        .zip(dens)
        .map(|(y, d)| (y, if peak > 0.0 { d / peak } else { 0.0 }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::assert_chart;

    #[test]
    fn violins_mark_the_percentiles_budget_holders_ask_for() {
        let y2026: Vec<f64> = (0..100).map(|i| 1e6 + 2e4 * f64::from(i)).collect();
        let y2027: Vec<f64> = (0..100).map(|i| 5e6 + 1e5 * f64::from(i % 37)).collect();
        let svg = distribution_chart(
            "Penalty payments per year (dwangsommen)",
            "paid in the year",
            Unit::Euro,
            &[
                Sample {
                    label: "2026",
                    values: &y2026,
                },
                Sample {
                    label: "2027",
                    values: &y2027,
                },
            ],
        )
        .unwrap();
        assert_chart(
            &svg,
            &[
                "Penalty payments per year (dwangsommen)",
                "paid in the year (EUR million)",
                "2026",
                "2027",
                "median (p50)",
                "p90",
                "p95",
                "one replication",
                "<polygon",
            ],
        );
    }

    #[test]
    fn constant_empty_and_undefined_samples_never_panic() {
        let zeros = [0.0; 30];
        let svg = distribution_chart(
            "Penalties",
            "paid",
            Unit::Euro,
            &[
                Sample {
                    label: "2026",
                    values: &zeros,
                },
                Sample {
                    label: "2027",
                    values: &[],
                },
            ],
        )
        .unwrap();
        assert_chart(&svg, &["2026", "2027", "p95 EUR 0"]);
        let svg = distribution_chart(
            "Penalties",
            "paid",
            Unit::Euro,
            &[Sample {
                label: "2026",
                values: &[f64::NAN],
            }],
        )
        .unwrap();
        assert_chart(&svg, &["no data"]);
        let svg = distribution_chart("Penalties", "paid", Unit::Euro, &[]).unwrap();
        assert_chart(&svg, &["no data"]);
        assert_eq!(violin(&[4.0]), vec![(4.0, 1.0)]);
        let shape = violin(&[1.0, 2.0, 2.0, 3.0]);
        assert_eq!(shape.len(), DENSITY_POINTS);
        assert!(shape.iter().all(|(_, w)| (0.0..=1.0).contains(w)));
    }

    /// The p95 label sits above every replication's dot of its year (the SVG's y grows
    /// downwards), never on the dots.
    #[test]
    fn the_p95_label_sits_above_the_dots() {
        let values: Vec<f64> = (0..40).map(|i| f64::from(i * i)).collect();
        let svg = distribution_chart(
            "Penalties",
            "paid",
            Unit::Euro,
            &[Sample {
                label: "2027",
                values: &values,
            }],
        )
        .unwrap();
        let attr = |tag: &str, name: &str| -> Vec<f64> {
            svg.split(&format!("<{tag} "))
                .skip(1)
                .filter(|e| tag != "text" || e.contains("p95 EUR"))
                // The replications' dots (radius 2), not the legend's.
                .filter(|e| tag != "circle" || e.contains("r=\"2\""))
                .filter_map(|e| {
                    let at = e.find(&format!("{name}=\""))? + name.len() + 2;
                    e[at..at + e[at..].find('"')?].parse().ok()
                })
                .collect()
        };
        let label = attr("text", "y");
        let dots = attr("circle", "cy");
        assert_eq!(label.len(), 1, "{svg}");
        assert_eq!(dots.len(), 40);
        let highest_dot = dots.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            label[0] < highest_dot - 2.0,
            "label at {} above dots from {highest_dot}",
            label[0]
        );
    }
}
