//! Translated text in views.

/// Translated text that follows the language menu: `{t!(i18n, common.save)}`. With
/// interpolations or components it is leptos_i18n's `t!`, which it hands those to.
///
/// leptos_i18n's `t!` makes every call a closure of a type of its own, and each such closure
/// gets its own copy of Leptos' code for rendering and hydrating reactive text. A plain text here
/// is a `Signal` instead, whose code every text shares: see the README's WebAssembly section.
macro_rules! t {
    ($i18n:ident, $($key:ident).+) => {
        leptos::prelude::Signal::derive(move || $crate::i18n::t_string!($i18n, $($key).+))
    };
    ($($input:tt)*) => {
        $crate::i18n::t!($($input)*)
    };
}
pub(crate) use t;
