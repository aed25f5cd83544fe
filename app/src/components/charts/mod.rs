//! Charts drawn as inline SVG on the server: no chart library and no JavaScript, each with a
//! name and a text alternative for screen readers.

mod conversion_chart;
mod daily_chart;
mod frame;
mod scale;

pub use conversion_chart::ConversionChart;
pub use daily_chart::DailyChart;

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use leptos::prelude::*;

    use super::{conversion_chart::conversion_chart, daily_chart::daily_chart};
    use crate::{
        i18n::Locale,
        types::{CallingCodeCounts, Conversion, DayCounts},
    };

    /// Renders a chart as drawn in one language (the components draw it in the reader's).
    fn render(view: impl FnOnce() -> AnyView) -> String {
        Owner::new().with(|| view().to_html())
    }

    #[test]
    fn an_empty_daily_chart_still_has_its_name_axis_and_no_bars() {
        let html = render(|| daily_chart(Locale::en, &[]).into_any());

        assert!(html.contains(r#"aria-label="Codes sent and verified per day""#));
        assert!(html.contains("Day (UTC)"));
        assert!(!html.contains("<rect"), "no bars: {html}");
        assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
    }

    #[test]
    fn bars_are_as_tall_as_their_share_of_the_axis() {
        let days = vec![DayCounts {
            day_ms: 0,
            counts: Conversion {
                sent: 10,
                verified: 5,
            },
        }];

        let html = render(move || daily_chart(Locale::en, &days).into_any());

        // The plot is 200 high on an axis of 0 to 10: 10 sent fill it, 5 verified half of it.
        assert!(html.contains(r#"height="200.0""#), "{html}");
        assert!(html.contains(r#"height="100.0""#), "{html}");
        assert!(html.contains("1970-01-01: 10 sent, 5 verified"));
    }

    #[test]
    fn conversion_bars_are_as_long_as_their_percentage() {
        let rows = vec![CallingCodeCounts {
            calling_code: 86,
            counts: Conversion {
                sent: 4,
                verified: 1,
            },
        }];

        let html = render(|| conversion_chart(Locale::en, &rows).into_any());

        // The plot is 456 wide: 25 % of it is 114.
        assert!(html.contains(r#"width="114.0""#), "{html}");
        assert!(html.contains("+86: 25 % (1 of 4)"));

        let dutch = render(|| conversion_chart(Locale::nl, &rows).into_any());
        assert!(dutch.contains("+86: 25% (1 van 4)"), "{dutch}");
        assert!(
            dutch.contains(r#"aria-label="Conversie per landnummer""#),
            "{dutch}"
        );
    }

    #[test]
    fn days_are_written_as_the_language_writes_dates() {
        let days = vec![DayCounts {
            day_ms: 951_782_400_000,
            counts: Conversion {
                sent: 3,
                verified: 2,
            },
        }];

        let html = render(|| daily_chart(Locale::nl, &days).into_any());

        assert!(
            html.contains("29-02-2000: 3 verstuurd, 2 geverifieerd"),
            "{html}"
        );
        assert!(html.contains(">29-02<"), "{html}");
    }
}
