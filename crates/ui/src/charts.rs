//! Geometry shared by the SVG charts: linear scales, round tick values and polyline
//! points. Pure functions, so they are tested natively; components draw with them.

/// Maps a data range onto a pixel range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Data range.
    pub domain: (f64, f64),
    /// Pixel range (may run backwards, as y does on screen).
    pub range: (f64, f64),
}

impl Scale {
    /// Where `v` lands in pixels; a zero-width domain maps everything to the range start.
    pub fn map(&self, v: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return r0;
        }
        r0 + (v - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// Up to about five round tick values from 0 to at least `max` (1, 2 or 5 times a power
/// of ten apart).
pub fn ticks(max: f64) -> Vec<f64> {
    if !max.is_finite() || max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let raw = max / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|s| *s >= raw).unwrap_or(10.0 * power);
    let n = (max / step).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// `x,y x,y …` for an SVG polyline.
pub fn points(values: impl IntoIterator<Item = (f64, f64)>, x: Scale, y: Scale) -> String {
    values.into_iter().map(|(a, b)| format!("{:.1},{:.1}", x.map(a), y.map(b))).collect::<Vec<_>>().join(" ")
}

/// A short label for a tick value: `1.5k`, `2M`, `300`.
pub fn short(v: f64) -> String {
    let (value, unit) = if v >= 1e9 {
        (v / 1e9, "G")
    } else if v >= 1e6 {
        (v / 1e6, "M")
    } else if v >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let text = format!("{value:.1}");
    format!("{}{unit}", text.trim_end_matches(".0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_ticks_and_labels() {
        let y = Scale { domain: (0.0, 100.0), range: (200.0, 0.0) };
        assert_eq!((y.map(0.0), y.map(50.0), y.map(100.0)), (200.0, 100.0, 0.0));
        assert_eq!(Scale { domain: (3.0, 3.0), range: (5.0, 9.0) }.map(3.0), 5.0);
        assert_eq!(ticks(1800.0), vec![0.0, 500.0, 1000.0, 1500.0, 2000.0]);
        assert_eq!(ticks(7.0), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(0.0), vec![0.0, 1.0]);
        let x = Scale { domain: (0.0, 2.0), range: (0.0, 10.0) };
        assert_eq!(points([(0.0, 0.0), (2.0, 100.0)], x, y), "0.0,200.0 10.0,0.0");
        assert_eq!((short(1500.0), short(2_000_000.0), short(300.0)), ("1.5k".into(), "2M".into(), "300".into()));
    }
}
