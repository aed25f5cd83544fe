//! Reusable pieces of the interface.

mod auth_context;
mod budget_warning;
mod charts;
mod code_entry;
mod code_flow;
mod copy_button;
mod countdown;
mod data_table;
mod emulator_banner;
mod form;
mod header;
mod language_switcher;
mod loaded;
mod notice;
mod pager;
mod phone_fields;
mod send_row;
mod utc;

pub use auth_context::AuthContext;
pub use budget_warning::BudgetWarning;
pub use charts::{ConversionChart, DailyChart};
pub use code_entry::CodeEntry;
pub use code_flow::{CodeFlow, SendStep, SubmitStep};
pub use copy_button::CopyButton;
pub use countdown::{SendCodeButton, now_ms, use_seconds_until};
pub use data_table::DataTable;
pub use emulator_banner::{EMULATOR_WARNING, EmulatorBanner};
pub use form::{Field, FieldError, FormError, Labelled, SubmitButton, error_of, field_error};
pub use header::Header;
pub use language_switcher::{LOCALE_COOKIE, LanguageSwitcher, rendered_locale};
pub use loaded::Loaded;
pub use notice::ErrorNotice;
pub use pager::{Pager, page_in};
pub use phone_fields::{CodeField, PhoneFields, countries_for};
pub use send_row::SendRow;
pub use utc::format_utc;
