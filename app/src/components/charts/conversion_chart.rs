use leptos::prelude::*;

use super::{
    frame::{ChartSvg, WIDTH},
    scale::{Scale, coordinate, slot},
};
use crate::types::CallingCodeCounts;

/// Height of one calling code's row.
const ROW: f64 = 28.0;
/// Room for the calling codes on the left, the figures on the right, the axis below.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 120.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 44.0;

/// Verified of sent per calling code, a horizontal bar each on a 0–100 % axis, as inline SVG.
#[component]
pub fn ConversionChart(rows: Vec<CallingCodeCounts>) -> impl IntoView {
    let scale = Scale { max: 100 };
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = ROW * rows.len().max(1) as f64;
    let height = TOP + plot_height + BOTTOM;
    let summary = rows
        .iter()
        .map(|row| {
            format!(
                "+{}: {} % ({} of {})",
                row.calling_code,
                row.counts.percent().unwrap_or(0),
                row.counts.verified,
                row.counts.sent
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let count = rows.len();
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let (start, band) = slot(index, count, plot_height);
            let middle = TOP + start + band / 2.0;
            let percent = row.counts.percent().unwrap_or(0);
            let length = scale.length(percent, plot_width);
            let text = format!(
                "{percent} % ({} of {})",
                row.counts.verified, row.counts.sent
            );
            view! {
                <g>
                    <text class="chart-label" x=coordinate(LEFT - 8.0) y=coordinate(middle) dy="0.35em" text-anchor="end">
                        {format!("+{}", row.calling_code)}
                    </text>
                    <rect class="chart-bar-verified" x=coordinate(LEFT) y=coordinate(middle - band * 0.3) width=coordinate(length) height=coordinate(band * 0.6)>
                        <title>{format!("+{}: {text}", row.calling_code)}</title>
                    </rect>
                    <text class="chart-label" x=coordinate(LEFT + plot_width + 8.0) y=coordinate(middle) dy="0.35em">
                        {text.clone()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let ticks = [0, 50, 100]
        .into_iter()
        .map(|tick| {
            let x = coordinate(LEFT + scale.length(tick, plot_width));
            view! {
                <g>
                    <line class="chart-grid" x1=x.clone() x2=x.clone() y1=coordinate(TOP) y2=coordinate(TOP + plot_height) />
                    <text class="chart-label" x=x y=coordinate(TOP + plot_height + 16.0) text-anchor="middle">
                        {format!("{tick} %")}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <ChartSvg
                name="Conversion by calling code"
                height
                title=format!("Codes verified of codes sent, by calling code. {summary}")
            >
                {ticks}
                {bars}
                <text class="chart-axis-title" x=coordinate(LEFT + plot_width / 2.0) y=coordinate(height - 6.0) text-anchor="middle">
                    "Verified of sent (%)"
                </text>
            </ChartSvg>
        </figure>
    }
}
