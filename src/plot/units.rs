//! Numbers for people: thousands separators, euros in millions, shares as percentages, and the
//! scale of an axis ("EUR million").

pub use crate::stats::Unit;

impl Unit {
    /// A value as a person reads it; "–" when undefined.
    pub fn format(self, value: f64) -> String {
        if !value.is_finite() {
            return "–".to_string();
        }
        match self {
            Unit::Count | Unit::Number => format_count(value),
            Unit::Share => format_percent(value),
            Unit::Euro => format_euros(value),
            Unit::Days => format!("{} days", format_count(value)),
        }
    }

    /// Counts and money start their axis at zero; shares, days and other numbers need not.
    pub(crate) fn starts_at_zero(self) -> bool {
        matches!(self, Unit::Count | Unit::Euro)
    }

    /// How to write the ticks of an axis from `lo` to `hi`: the tick text and the note for the
    /// axis description (e.g. "EUR million"), if any.
    pub(crate) fn axis(self, lo: f64, hi: f64) -> AxisScale {
        let max_abs = lo.abs().max(hi.abs());
        let (divisor, note) = match self {
            Unit::Euro if max_abs >= 1e6 => (1e6, "EUR million"),
            Unit::Euro if max_abs >= 1e4 => (1e3, "EUR thousand"),
            Unit::Euro => (1.0, "EUR"),
            Unit::Share => (0.01, "%"),
            Unit::Days => (1.0, "days"),
            Unit::Count | Unit::Number => (1.0, ""),
        };
        let step = (hi - lo).abs() / divisor / 8.0;
        let decimals = if step > 0.0 && step.is_finite() {
            (-step.log10().floor()).clamp(0.0, 4.0) as usize
        } else {
            0
        };
        AxisScale {
            divisor,
            decimals,
            note,
        }
    }
}

/// How an axis writes its ticks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct AxisScale {
    divisor: f64,
    decimals: usize,
    /// The unit the ticks are in, for the axis description ("" when plain).
    pub(crate) note: &'static str,
}

impl AxisScale {
    /// The text of the tick at `value`.
    pub(crate) fn tick(&self, value: f64) -> String {
        let scaled = value / self.divisor;
        let text = with_separators(scaled, self.decimals);
        if self.note == "%" { text + "%" } else { text }
    }

    /// An axis description with its unit: "backlog (cases)" stays, "penalty payments" becomes
    /// "penalty payments (EUR million)".
    pub(crate) fn describe(&self, label: &str) -> String {
        if self.note.is_empty() || self.note == "%" || label.contains(self.note) {
            label.to_string()
        } else {
            format!("{label} ({})", self.note)
        }
    }
}

/// A count or plain number with thousands separators and as many decimals as its size needs:
/// "12,345", "12.3", "1.23", "0.123".
pub fn format_count(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let abs = value.abs();
    let decimals = if abs >= 100.0 || abs == abs.trunc() {
        0
    } else if abs >= 10.0 {
        1
    } else if abs >= 1.0 {
        2
    } else {
        3
    };
    let text = with_separators(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A share as a percentage with one decimal: 0.8754 is "87.5%".
pub fn format_percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.1}%", share * 100.0)
    } else {
        "–".to_string()
    }
}

/// Euros for budget holders: "EUR 17.6 M" from a million on, else "EUR 450,000".
pub fn format_euros(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let abs = value.abs();
    if abs >= 1e9 {
        format!("EUR {} bn", with_separators(value / 1e9, 2))
    } else if abs >= 1e6 {
        let decimals = if abs >= 1e8 { 0 } else { 1 };
        format!("EUR {} M", with_separators(value / 1e6, decimals))
    } else {
        format!("EUR {}", with_separators(value, 0))
    }
}

/// `value` with `decimals` decimals and a comma between thousands.
fn with_separators(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    if value < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    for (idx, ch) in int.chars().enumerate() {
        if idx > 0 && (int.len() - idx) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(format_count(12345.4), "12,345");
        assert_eq!(format_count(1234567.0), "1,234,567");
        assert_eq!(format_count(-4321.0), "-4,321");
        assert_eq!(format_count(12.34), "12.3");
        assert_eq!(format_count(1.5), "1.5");
        assert_eq!(format_count(0.1234), "0.123");
        assert_eq!(format_count(7.0), "7");
        assert_eq!(format_count(f64::NAN), "–");
        assert_eq!(format_percent(0.8754), "87.5%");
        assert_eq!(format_euros(17_612_345.0), "EUR 17.6 M");
        assert_eq!(format_euros(450_000.0), "EUR 450,000");
        assert_eq!(format_euros(123_456_789.0), "EUR 123 M");
        assert_eq!(format_euros(2.5e9), "EUR 2.50 bn");
        assert_eq!(format_euros(0.0), "EUR 0");
        assert_eq!(Unit::Days.format(123.44), "123 days");
        assert_eq!(Unit::Share.format(f64::INFINITY), "–");
        assert_eq!(with_separators(-0.0001, 2), "0.00");
    }

    #[test]
    fn axes_name_their_scale() {
        let euro = Unit::Euro.axis(0.0, 25e6);
        assert_eq!(euro.tick(5e6), "5");
        assert_eq!(
            euro.describe("penalty payments"),
            "penalty payments (EUR million)"
        );
        let small = Unit::Euro.axis(0.0, 2e6);
        assert_eq!(small.tick(500_000.0), "0.5");
        let share = Unit::Share.axis(0.5, 1.0);
        assert_eq!(share.tick(0.75), "75%");
        assert_eq!(share.describe("decided within term"), "decided within term");
        let count = Unit::Count.axis(0.0, 40_000.0);
        assert_eq!(count.tick(25_000.0), "25,000");
        assert_eq!(Unit::Count.axis(3.0, 3.0).tick(3.0), "3");
    }
}
