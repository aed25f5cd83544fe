use leptos::prelude::*;

use super::{
    frame::{ChartSvg, WIDTH},
    scale::{Scale, coordinate, slot},
};
use crate::{
    i18n::{Locale, td_string, use_i18n},
    types::CallingCodeCounts,
};

/// Height of one calling code's row.
const ROW: f64 = 28.0;
/// Room for the calling codes on the left, the figures on the right, the axis below.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 120.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 44.0;

/// Verified of sent per calling code, a horizontal bar each on a 0–100 % axis, as inline SVG.
/// Drawn again in another language when the reader switches.
#[component]
pub fn ConversionChart(rows: Vec<CallingCodeCounts>) -> impl IntoView {
    let i18n = use_i18n();
    move || conversion_chart(i18n.get_locale(), &rows)
}

/// `25 % (1 of 4)`: a calling code's share verified, with its counts.
fn share(locale: Locale, row: &CallingCodeCounts) -> String {
    td_string!(
        locale,
        tables.conversion_chart_share,
        percent = row.counts.percent().unwrap_or(0),
        verified = row.counts.verified,
        sent = row.counts.sent
    )
    .to_string()
}

/// The chart in `locale`.
pub(super) fn conversion_chart(
    locale: Locale,
    rows: &[CallingCodeCounts],
) -> impl IntoView + use<> {
    let scale = Scale { max: 100 };
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = ROW * rows.len().max(1) as f64;
    let height = TOP + plot_height + BOTTOM;
    let summary = rows
        .iter()
        .map(|row| format!("+{}: {}", row.calling_code, share(locale, row)))
        .collect::<Vec<_>>()
        .join("; ");
    let count = rows.len();
    let bars = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let (start, band) = slot(index, count, plot_height);
            let middle = TOP + start + band / 2.0;
            let percent = row.counts.percent().unwrap_or(0);
            let length = scale.length(percent, plot_width);
            let text = share(locale, row);
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
                        {td_string!(locale, tables.percent, value = tick).to_string()}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <ChartSvg
                name=td_string!(locale, tables.conversion_chart_name).to_owned()
                height
                title=td_string!(locale, tables.conversion_chart_title, summary).to_string()
            >
                {ticks}
                {bars}
                <text class="chart-axis-title" x=coordinate(LEFT + plot_width / 2.0) y=coordinate(height - 6.0) text-anchor="middle">
                    {td_string!(locale, tables.conversion_chart_axis)}
                </text>
            </ChartSvg>
        </figure>
    }
}
