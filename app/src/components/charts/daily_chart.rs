use leptos::prelude::*;

use super::{
    frame::{ChartSvg, WIDTH},
    scale::{Scale, coordinate, slot},
};
use crate::{components::format_utc, types::DayCounts};

const HEIGHT: f64 = 260.0;
/// Room for the value axis and its title on the left, the days and their title below.
const LEFT: f64 = 56.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 48.0;

/// Codes sent and verified per UTC day, a pair of bars a day, as inline SVG: readable without
/// JavaScript, and to screen readers through its name and text.
#[component]
pub fn DailyChart(days: Vec<DayCounts>) -> impl IntoView {
    let largest = days
        .iter()
        .map(|day| day.counts.sent.max(day.counts.verified))
        .max();
    let scale = Scale::holding(largest.unwrap_or(0));
    let (plot_width, plot_height) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    let summary = days
        .iter()
        .map(|day| {
            format!(
                "{}: {} sent, {} verified",
                date(day.day_ms),
                day.counts.sent,
                day.counts.verified
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    // Every day gets a label while they fit; a month labels every fifth.
    let label_every = if days.len() > 10 { 5 } else { 1 };
    let count = days.len();
    let bars = days
        .into_iter()
        .enumerate()
        .map(|(index, day)| {
            let (start, width) = slot(index, count, plot_width);
            let bar_width = (width * 0.4).min(24.0);
            let middle = LEFT + start + width / 2.0;
            let bar = |value: i64, x: f64, class: &'static str, what: &'static str| {
                let length = scale.length(value, plot_height);
                view! {
                    <g>
                        <rect
                            class=class
                            x=coordinate(x)
                            y=coordinate(TOP + plot_height - length)
                            width=coordinate(bar_width)
                            height=coordinate(length)
                        >
                            <title>{format!("{}: {value} {what}", date(day.day_ms))}</title>
                        </rect>
                    </g>
                }
            };
            let label = (index % label_every == 0).then(|| {
                view! {
                    <g>
                        <text class="chart-label" x=coordinate(middle) y=coordinate(HEIGHT - BOTTOM + 16.0) text-anchor="middle">
                            {date(day.day_ms)[5..].to_owned()}
                        </text>
                    </g>
                }
            });
            view! {
                <g>
                    {bar(day.counts.sent, middle - bar_width, "chart-bar-sent", "sent")}
                    {bar(day.counts.verified, middle, "chart-bar-verified", "verified")}
                    {label}
                </g>
            }
        })
        .collect_view();
    let ticks = scale
        .ticks()
        .into_iter()
        .map(|tick| {
            let y = coordinate(TOP + plot_height - scale.length(tick, plot_height));
            view! {
                <g>
                    <line class="chart-grid" x1=coordinate(LEFT) x2=coordinate(WIDTH - RIGHT) y1=y.clone() y2=y.clone() />
                    <text class="chart-label" x=coordinate(LEFT - 6.0) y=y dy="0.35em" text-anchor="end">
                        {tick}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <ChartSvg
                name="Codes sent and verified per day"
                height=HEIGHT
                title=format!("Codes sent and verified per day (UTC). {summary}")
            >
                {ticks}
                {bars}
                <text class="chart-axis-title" x=coordinate(LEFT + plot_width / 2.0) y=coordinate(HEIGHT - 6.0) text-anchor="middle">
                    "Day (UTC)"
                </text>
                <text class="chart-axis-title" x="14" y=coordinate(TOP + plot_height / 2.0) text-anchor="middle" transform=format!("rotate(-90 14 {})", coordinate(TOP + plot_height / 2.0))>
                    "Codes"
                </text>
            </ChartSvg>
            <figcaption class="chart-legend">
                <span class="legend-swatch chart-bar-sent"></span>
                " Sent "
                <span class="legend-swatch chart-bar-verified"></span>
                " Verified"
            </figcaption>
        </figure>
    }
}

/// `YYYY-MM-DD` of a UTC midnight.
fn date(day_ms: i64) -> String {
    format_utc(day_ms)[..10].to_owned()
}
