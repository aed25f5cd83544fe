use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::text::t;

/// The one way pages show rows: a table that scrolls sideways inside its card when it is wider
/// (with the mouse, a finger, or the arrow keys once it has the focus).
#[component]
pub fn DataTable<T, V>(
    /// The column headings, in order, in the current language (called again when it changes).
    headings: impl Fn() -> Vec<&'static str> + Send + Sync + 'static,
    /// Adds a last column for row actions, its heading only for screen readers.
    #[prop(optional)]
    actions: bool,
    /// The items, a row each.
    items: Vec<T>,
    /// An item's row: a `<tr>` (or two, where a row opens a question under it).
    row: impl FnMut(T) -> V,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        // Focusable, so a keyboard can scroll a table wider than its card.
        <div class="table-wrap" tabindex="0">
            <table>
                <thead>
                    <tr>
                        {move || {
                            headings()
                                .into_iter()
                                .map(|heading| view! { <th>{heading}</th> })
                                .collect_view()
                        }}
                        {actions
                            .then(|| {
                                view! {
                                    <th>
                                        <span class="visually-hidden">{t!(i18n, tables.actions)}</span>
                                    </th>
                                }
                            })}
                    </tr>
                </thead>
                <tbody>{items.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}
