use leptos::prelude::*;

use super::{
    frame::{ChartSvg, WIDTH},
    scale::{Scale, coordinate, slot},
};
use crate::{
    components::utc::{format_utc_date, format_utc_month_day},
    i18n::{Locale, td_string, use_i18n},
    types::DayCounts,
};

const HEIGHT: f64 = 260.0;
/// Room for the value axis and its title on the left, the days and their title below.
const LEFT: f64 = 56.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 48.0;

/// Codes sent and verified per UTC day, a pair of bars a day, as inline SVG: readable without
/// JavaScript, and to screen readers through its name and text. Drawn again in another
/// language when the reader switches.
#[component]
pub fn DailyChart(days: Vec<DayCounts>) -> impl IntoView {
    let i18n = use_i18n();
    move || daily_chart(i18n.get_locale(), &days)
}

/// The chart in `locale`.
pub(super) fn daily_chart(locale: Locale, days: &[DayCounts]) -> impl IntoView + use<> {
    let largest = days
        .iter()
        .map(|day| day.counts.sent.max(day.counts.verified))
        .max();
    let scale = Scale::holding(largest.unwrap_or(0));
    let (plot_width, plot_height) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    let summary = days
        .iter()
        .map(|day| {
            td_string!(
                locale,
                tables.daily_chart_day,
                day = format_utc_date(locale, day.day_ms),
                sent = day.counts.sent,
                verified = day.counts.verified
            )
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("; ");
    // Every day gets a label while they fit; a month labels every fifth.
    let label_every = if days.len() > 10 { 5 } else { 1 };
    let count = days.len();
    let bars = days
        .iter()
        .enumerate()
        .map(|(index, day)| {
            let (start, width) = slot(index, count, plot_width);
            let bar_width = (width * 0.4).min(24.0);
            let middle = LEFT + start + width / 2.0;
            let date = format_utc_date(locale, day.day_ms);
            let bar = |value: i64, x: f64, class: &'static str, title: String| {
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
                            <title>{title}</title>
                        </rect>
                    </g>
                }
            };
            let label = (index % label_every == 0).then(|| {
                view! {
                    <g>
                        <text class="chart-label" x=coordinate(middle) y=coordinate(HEIGHT - BOTTOM + 16.0) text-anchor="middle">
                            {format_utc_month_day(locale, day.day_ms)}
                        </text>
                    </g>
                }
            });
            let (sent, verified) = (day.counts.sent, day.counts.verified);
            let sent_title =
                td_string!(locale, tables.daily_chart_bar_sent, day = date.clone(), value = sent)
                    .to_string();
            let verified_title =
                td_string!(locale, tables.daily_chart_bar_verified, day = date, value = verified)
                    .to_string();
            view! {
                <g>
                    {bar(sent, middle - bar_width, "chart-bar-sent", sent_title)}
                    {bar(verified, middle, "chart-bar-verified", verified_title)}
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
                name=td_string!(locale, tables.daily_chart_name).to_owned()
                height=HEIGHT
                title=td_string!(locale, tables.daily_chart_title, summary).to_string()
            >
                {ticks}
                {bars}
                <text class="chart-axis-title" x=coordinate(LEFT + plot_width / 2.0) y=coordinate(HEIGHT - 6.0) text-anchor="middle">
                    {td_string!(locale, tables.daily_chart_axis_day)}
                </text>
                <text class="chart-axis-title" x="14" y=coordinate(TOP + plot_height / 2.0) text-anchor="middle" transform=format!("rotate(-90 14 {})", coordinate(TOP + plot_height / 2.0))>
                    {td_string!(locale, tables.daily_chart_axis_codes)}
                </text>
            </ChartSvg>
            <figcaption class="chart-legend">
                <span class="legend-swatch chart-bar-sent"></span>
                " "
                {td_string!(locale, tables.legend_sent)}
                " "
                <span class="legend-swatch chart-bar-verified"></span>
                " "
                {td_string!(locale, tables.legend_verified)}
            </figcaption>
        </figure>
    }
}
