//! The arithmetic of the charts, apart from their markup so it can be tested: a value axis that
//! ends on a round number, and where bars go.

/// A value axis from 0 to a round maximum (1, 2 or 5 times a power of ten), so its ticks read
/// well. Empty data gets an axis of 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub max: i64,
}

impl Scale {
    /// The smallest round axis that holds `largest`.
    pub fn holding(largest: i64) -> Self {
        let mut power = 1_i64;
        loop {
            for step in [1, 2, 5] {
                if step * power >= largest {
                    return Self { max: step * power };
                }
            }
            power = power.saturating_mul(10);
        }
    }

    /// The ticks: 0, half way and the maximum (no half tick when it would not be whole).
    pub fn ticks(self) -> Vec<i64> {
        if self.max % 2 == 0 {
            vec![0, self.max / 2, self.max]
        } else {
            vec![0, self.max]
        }
    }

    /// How far `value` reaches along an axis `span` long (clamped to the axis).
    pub fn length(self, value: i64, span: f64) -> f64 {
        let share = value.clamp(0, self.max) as f64 / self.max as f64;
        share * span
    }
}

/// Where the `index`th of `count` equal slots starts along `span`, and how wide it is.
pub fn slot(index: usize, count: usize, span: f64) -> (f64, f64) {
    let width = span / count.max(1) as f64;
    (index as f64 * width, width)
}

/// A coordinate for an SVG attribute: one decimal is plenty on a screen.
pub fn coordinate(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_the_next_round_number() {
        assert_eq!(Scale::holding(0).max, 1);
        assert_eq!(Scale::holding(1).max, 1);
        assert_eq!(Scale::holding(3).max, 5);
        assert_eq!(Scale::holding(7).max, 10);
        assert_eq!(Scale::holding(11).max, 20);
        assert_eq!(Scale::holding(100).max, 100);
        assert_eq!(Scale::holding(101).max, 200);
    }

    #[test]
    fn ticks_are_whole_numbers() {
        assert_eq!(Scale { max: 1 }.ticks(), vec![0, 1]);
        assert_eq!(Scale { max: 20 }.ticks(), vec![0, 10, 20]);
    }

    #[test]
    fn lengths_are_proportional_and_clamped() {
        let scale = Scale { max: 10 };
        assert_eq!(scale.length(5, 200.0), 100.0);
        assert_eq!(scale.length(0, 200.0), 0.0);
        assert_eq!(scale.length(50, 200.0), 200.0);
        assert_eq!(scale.length(-3, 200.0), 0.0);
    }

    #[test]
    fn slots_share_the_span_and_empty_data_gets_one() {
        assert_eq!(slot(2, 4, 100.0), (50.0, 25.0));
        assert_eq!(slot(0, 0, 100.0), (0.0, 100.0));
        assert_eq!(coordinate(1.0 / 3.0), "0.3");
    }
}
