//! Fan charts over calendar months: percentile bands over replications ([`percentile_fan`]:
//! backlog, intake, decisions, the share decided within term) and a forecast after an observed
//! series ([`fan_chart`]).

use plotters::prelude::*;

use crate::forecast::ForecastMonth;
use crate::plot::{
    Area, FONT, HEIGHT, INK, Keyed, Mark, PALETTE, PlotError, Unit, WIDTH, defined_runs, frame,
    month_ticks, no_data_chart, pretty_month, render, time_range, value_range,
};

/// Percentiles over replications at one point in time: the median and the bands that hold the
/// middle 50% (p25-p75) and 90% (p5-p95) of the simulated futures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    /// 5th percentile.
    pub p05: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Band {
    /// The band of `values` (one per replication; undefined values are left out); all NaN when
    /// none is defined.
    pub fn from_values(values: &[f64]) -> Band {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let q = |p| crate::stats::percentile(&sorted, p);
        Band {
            p05: q(0.05),
            p25: q(0.25),
            p50: q(0.50),
            p75: q(0.75),
            p95: q(0.95),
        }
    }

    /// True when every percentile is a number.
    pub fn is_defined(&self) -> bool {
        [self.p05, self.p25, self.p50, self.p75, self.p95]
            .iter()
            .all(|v| v.is_finite())
    }
}

/// One series of a fan chart: its name and one band per month.
#[derive(Clone, Copy, Debug)]
pub struct FanSeries<'a> {
    /// Name in the legend (e.g. a stream).
    pub label: &'a str,
    /// One band per month, parallel to the chart's months.
    pub bands: &'a [Band],
}

/// A fan chart of one or more series over `months` (`YYYY-MM`): per series the median as a line,
/// the p25-p75 band darker and the p5-p95 band lighter. Months where a band is undefined are
/// gaps; a chart without any defined band says "no data". Returns the SVG text.
pub fn percentile_fan(
    title: &str,
    y_label: &str,
    unit: Unit,
    months: &[String],
    series: &[FanSeries<'_>],
) -> Result<String, PlotError> {
    if let Some(bad) = series.iter().find(|s| s.bands.len() != months.len()) {
        return Err(PlotError::Inconsistent {
            title: title.to_string(),
            problem: format!(
                "series \"{}\" has {} bands for {} months",
                bad.label,
                bad.bands.len(),
                months.len()
            ),
        });
    }
    let values = series
        .iter()
        .flat_map(|s| s.bands.iter())
        .filter(|b| b.is_defined())
        .flat_map(|b| [b.p05, b.p95]);
    let Some((y_lo, y_hi)) = value_range(values, unit.starts_at_zero()) else {
        return no_data_chart(title, "nothing was recorded in any month");
    };
    let (y_lo, y_hi) = if unit == Unit::Share {
        (y_lo.max(0.0), y_hi.min(1.0).max(y_lo.max(0.0) + 0.01))
    } else {
        (y_lo, y_hi)
    };
    let legend: Vec<(String, Mark)> = if series.len() == 1 {
        let colour = PALETTE[0];
        vec![
            ("median".to_string(), Mark::Line(colour, 2)),
            (
                "50% of futures (p25-p75)".to_string(),
                Mark::Swatch(colour, 0.35),
            ),
            (
                "90% of futures (p5-p95)".to_string(),
                Mark::Swatch(colour, 0.15),
            ),
        ]
    } else {
        series
            .iter()
            .enumerate()
            .map(|(idx, s)| {
                (
                    s.label.to_string(),
                    Mark::BandLine(PALETTE[idx % PALETTE.len()]),
                )
            })
            .collect()
    };
    render((WIDTH, HEIGHT), |root| {
        let area = frame(root, title, &legend)?;
        let mut chart = time_chart(&area, months, y_lo..y_hi, unit, y_label)?;
        for (idx, s) in series.iter().enumerate() {
            let colour = PALETTE[idx % PALETTE.len()];
            for run in defined_runs(s.bands.len(), |m| s.bands[m].is_defined()) {
                let band = |lo: fn(&Band) -> f64, hi: fn(&Band) -> f64| {
                    let mut points: Vec<(f64, f64)> =
                        run.clone().map(|m| (m as f64, hi(&s.bands[m]))).collect();
                    points.extend(run.clone().rev().map(|m| (m as f64, lo(&s.bands[m]))));
                    points
                };
                let outer = Polygon::new(band(|b| b.p05, |b| b.p95), colour.mix(0.15).filled());
                let inner = Polygon::new(band(|b| b.p25, |b| b.p75), colour.mix(0.35).filled());
                let median = PathElement::new(
                    run.clone()
                        .map(|m| (m as f64, s.bands[m].p50))
                        .collect::<Vec<_>>(),
                    colour.stroke_width(2),
                );
                chart.draw_series([outer])?;
                chart.draw_series([inner])?;
                chart.draw_series([median])?;
            }
        }
        Ok(())
    })
}

/// A fan chart: the observed series (`history`, labelled months and values), then the forecast
/// median with its 50%, 80% and 95% prediction intervals. Returns the SVG text.
pub fn fan_chart(
    title: &str,
    y_label: &str,
    history: &[(String, f64)],
    forecast: &[ForecastMonth],
) -> Result<String, PlotError> {
    let labels: Vec<String> = history
        .iter()
        .map(|(m, _)| m.clone())
        .chain(forecast.iter().map(|f| f.month.clone()))
        .collect();
    let values = history
        .iter()
        .map(|(_, v)| *v)
        .chain(forecast.iter().flat_map(|f| [f.lo95, f.hi95]));
    let Some((y_lo, y_hi)) = value_range(values, true) else {
        return no_data_chart(title, "the series has no values");
    };
    let start = history.len();
    let blue = PALETTE[0];
    type Pick = fn(&ForecastMonth) -> f64;
    let intervals: [(f64, Pick, Pick, &str); 3] = [
        (0.15, |f| f.lo95, |f| f.hi95, "95% prediction interval"),
        (0.25, |f| f.lo80, |f| f.hi80, "80% prediction interval"),
        (0.40, |f| f.lo50, |f| f.hi50, "50% prediction interval"),
    ];
    let mut legend = vec![
        ("observed".to_string(), Mark::Line(INK, 2)),
        ("forecast median".to_string(), Mark::Line(blue, 2)),
    ];
    legend.extend(
        intervals
            .iter()
            .rev()
            .map(|(opacity, _, _, name)| (name.to_string(), Mark::Swatch(blue, *opacity))),
    );
    render((WIDTH, HEIGHT), |root| {
        let area = frame(root, title, &legend)?;
        let mut chart = time_chart(&area, &labels, y_lo..y_hi, Unit::Count, y_label)?;
        let defined = |h: usize| {
            let f = &forecast[h];
            [f.lo95, f.hi95, f.lo80, f.hi80, f.lo50, f.hi50, f.p50]
                .iter()
                .all(|v| v.is_finite())
        };
        let runs = defined_runs(forecast.len(), defined);
        for (opacity, lo, hi, _) in intervals {
            for run in &runs {
                let mut points: Vec<(f64, f64)> = run
                    .clone()
                    .map(|h| ((start + h) as f64, hi(&forecast[h])))
                    .collect();
                points.extend(
                    run.clone()
                        .rev()
                        .map(|h| ((start + h) as f64, lo(&forecast[h]))),
                );
                chart.draw_series([Polygon::new(points, blue.mix(opacity).filled())])?;
            }
        }
        for run in defined_runs(history.len(), |t| history[t].1.is_finite()) {
            chart.draw_series([PathElement::new(
                run.map(|t| (t as f64, history[t].1)).collect::<Vec<_>>(),
                INK.stroke_width(2),
            )])?;
        }
        for run in &runs {
            chart.draw_series([PathElement::new(
                run.clone()
                    .map(|h| ((start + h) as f64, forecast[h].p50))
                    .collect::<Vec<_>>(),
                blue.stroke_width(2),
            )])?;
        }
        Ok(())
    })
}

/// A chart context with months on x and values on y.
pub(crate) type TimeChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<Keyed, plotters::coord::types::RangedCoordf64>>;

/// A chart over months in `area`: month names at the ticks, the value axis with its unit, light
/// grid lines.
pub(crate) fn time_chart<'a, 'b>(
    area: &'a Area<'b>,
    months: &[String],
    y_range: std::ops::Range<f64>,
    unit: Unit,
    y_label: &str,
) -> Result<TimeChart<'a, 'b>, PlotError> {
    let scale = unit.axis(y_range.start, y_range.end);
    let x_range = time_range(months.len(), month_ticks(months));
    let mut chart = ChartBuilder::on(area)
        .margin(14)
        .margin_top(4)
        .x_label_area_size(44)
        .y_label_area_size(84)
        .build_cartesian_2d(x_range, y_range)?;
    let x_label = |x: &f64| {
        months
            .get(x.round().max(0.0) as usize)
            .map(|m| pretty_month(m))
            .unwrap_or_default()
    };
    let y_label_text = |y: &f64| scale.tick(*y);
    chart
        .configure_mesh()
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label_text)
        .y_labels(8)
        .y_desc(scale.describe(y_label))
        .x_desc("month")
        .label_style((FONT, 13).into_font().color(&INK))
        .axis_desc_style((FONT, 14).into_font().color(&INK))
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(225, 225, 225))
        .axis_style(INK)
        .draw()?;
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::tests::assert_chart;

    fn months(n: usize) -> Vec<String> {
        (0..n)
            .map(|m| format!("{}-{:02}", 2026 + m / 12, m % 12 + 1))
            .collect()
    }

    fn band(v: f64) -> Band {
        Band {
            p05: v - 20.0,
            p25: v - 10.0,
            p50: v,
            p75: v + 10.0,
            p95: v + 20.0,
        }
    }

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
        assert_chart(
            &svg,
            &[
                "Intake",
                "95% prediction interval",
                "forecast median",
                "observed",
                "Jan 2025",
                "cases per month",
                "<polygon",
            ],
        );
        let empty = fan_chart("Intake", "cases per month", &[], &[]).unwrap();
        assert_chart(&empty, &["no data"]);
    }

    #[test]
    fn one_series_shows_its_bands_in_the_legend() {
        let bands: Vec<Band> = (0..60).map(|m| band(1000.0 + 10.0 * m as f64)).collect();
        let svg = percentile_fan(
            "Backlog (werkvoorraad)",
            "open cases",
            Unit::Count,
            &months(60),
            &[FanSeries {
                label: "all",
                bands: &bands,
            }],
        )
        .unwrap();
        assert_chart(
            &svg,
            &[
                "Backlog (werkvoorraad)",
                "open cases",
                "90% of futures (p5-p95)",
                "50% of futures (p25-p75)",
                "median",
                "Jan 2027",
                "Jul 2026",
                "1,000",
                "<polygon",
            ],
        );
    }

    #[test]
    fn several_series_are_named_and_gaps_are_left_out() {
        let mut first: Vec<Band> = (0..24).map(|m| band(0.5 + 0.01 * m as f64)).collect();
        first[5] = Band::from_values(&[f64::NAN]);
        let second: Vec<Band> = (0..24).map(|_| band(0.3)).collect();
        let svg = percentile_fan(
            "Decided within term",
            "share of decisions",
            Unit::Share,
            &months(24),
            &[
                FanSeries {
                    label: "first",
                    bands: &first,
                },
                FanSeries {
                    label: "nareis",
                    bands: &second,
                },
            ],
        )
        .unwrap();
        assert_chart(&svg, &["first", "nareis", "%", "Apr 2026"]);
    }

    #[test]
    fn undefined_constant_and_inconsistent_data_never_panic() {
        let nan = vec![Band::from_values(&[]); 12];
        let svg = percentile_fan(
            "Backlog",
            "open cases",
            Unit::Count,
            &months(12),
            &[FanSeries {
                label: "all",
                bands: &nan,
            }],
        )
        .unwrap();
        assert_chart(&svg, &["Backlog", "no data"]);
        let flat = vec![Band::from_values(&[7.0, 7.0]); 3];
        let svg = percentile_fan(
            "Flat",
            "cases",
            Unit::Count,
            &months(3),
            &[FanSeries {
                label: "all",
                bands: &flat,
            }],
        )
        .unwrap();
        assert_chart(&svg, &["Flat", "median"]);
        let svg = percentile_fan("Nothing", "cases", Unit::Count, &[], &[]).unwrap();
        assert_chart(&svg, &["no data"]);
        let err = percentile_fan(
            "Wrong",
            "cases",
            Unit::Count,
            &months(4),
            &[FanSeries {
                label: "all",
                bands: &flat,
            }],
        )
        .unwrap_err();
        assert!(err.to_string().contains("3 bands for 4 months"), "{err}");
    }

    #[test]
    fn bands_are_percentiles_of_the_defined_values() {
        let values: Vec<f64> = (0..=100).map(f64::from).chain([f64::NAN]).collect();
        let b = Band::from_values(&values);
        assert_eq!(
            (b.p05, b.p25, b.p50, b.p75, b.p95),
            (5.0, 25.0, 50.0, 75.0, 95.0)
        );
        assert!(b.is_defined());
        assert!(!Band::from_values(&[]).is_defined());
    }
}
