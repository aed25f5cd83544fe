//! Charts drawn as inline SVG on the server: no chart library and no JavaScript, each with a
//! name and a text alternative for screen readers.

mod conversion_chart;
mod daily_chart;
mod scale;

pub use conversion_chart::ConversionChart;
pub use daily_chart::DailyChart;
