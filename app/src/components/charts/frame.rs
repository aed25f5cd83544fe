use leptos::prelude::*;

/// The SVG every chart draws in: an image with a name, and a title that reads
/// its numbers out.
#[component]
pub fn ChartSvg(name: String, height: f64, title: String, children: Children) -> impl IntoView {
    view! {
        <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=name class="chart-svg">
            <title>{title}</title>
            {children()}
        </svg>
    }
}

/// Every chart is as wide as the page's content column; only its height varies.
pub const WIDTH: f64 = 640.0;
