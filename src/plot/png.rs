//! Charts as PNG, for slides: the chart's own SVG rendered in pure Rust (resvg) with the
//! embedded DejaVu Sans font as the only font, so a PNG is the same on every machine, with or
//! without system fonts, and for any thread count.

use std::sync::{Arc, OnceLock};

use crate::plot::PlotError;

/// Pixels per SVG unit: a 960-unit chart becomes 1920 pixels wide, sharp on a projector.
pub const PNG_SCALE: f32 = 2.0;

/// The rendering options, with a font database holding only the embedded font, which also
/// stands in for every generic family (`sans-serif`, ...).
fn options() -> &'static resvg::usvg::Options<'static> {
    static OPTIONS: OnceLock<resvg::usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut fonts = resvg::usvg::fontdb::Database::new();
        fonts.load_font_data(include_bytes!("../../assets/fonts/DejaVuSans.ttf").to_vec());
        let family = "DejaVu Sans";
        fonts.set_sans_serif_family(family);
        fonts.set_serif_family(family);
        fonts.set_monospace_family(family);
        fonts.set_cursive_family(family);
        fonts.set_fantasy_family(family);
        resvg::usvg::Options {
            font_family: family.to_string(),
            fontdb: Arc::new(fonts),
            ..resvg::usvg::Options::default()
        }
    })
}

/// The PNG of the chart `svg` (as the chart functions return it), at [`PNG_SCALE`].
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, PlotError> {
    let tree = resvg::usvg::Tree::from_str(svg, options())
        .map_err(|e| PlotError::Drawing(format!("reading the chart's SVG: {e}")))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(PNG_SCALE)
        .ok_or_else(|| PlotError::Drawing("the chart has no size".into()))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| PlotError::Drawing("the chart is too large for a PNG".into()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PlotError::Drawing(format!("encoding the PNG: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{IntervalChart, IntervalRow, Unit, interval_chart};

    #[test]
    fn a_chart_becomes_a_png_twice_its_size_with_its_text_drawn() {
        let chart = IntervalChart {
            title: "Utilisation",
            axis_label: "share of time busy",
            unit: Unit::Share,
            value_label: "mean",
            interval_label: "95% CI",
            emphasis_label: None,
            reference: None,
        };
        let rows = [IntervalRow {
            label: "decision_ter_apel",
            value: 0.8,
            low: 0.75,
            high: 0.85,
            emphasis: false,
        }];
        let svg = interval_chart(&chart, &rows).unwrap();
        let png = svg_to_png(&svg).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // Width and height from the IHDR chunk: twice the SVG's.
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(width, 1920);
        // The same chart gives the same bytes.
        assert!(svg_to_png(&svg).unwrap() == png);
        // Text is drawn: a chart without its title renders differently.
        assert!(svg.contains("Utilisation"));
        let untitled = svg_to_png(&svg.replace("Utilisation", "")).unwrap();
        assert!(untitled != png, "the title's text is not drawn");
    }

    #[test]
    fn bad_svg_is_an_error_not_a_panic() {
        assert!(svg_to_png("<svg").is_err());
        assert!(svg_to_png("not svg at all").is_err());
    }
}
