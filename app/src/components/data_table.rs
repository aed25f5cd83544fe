use leptos::prelude::*;

/// The one way pages show rows: a table that scrolls sideways inside its card when it is wider.
#[component]
pub fn DataTable(
    /// The column headings, in order.
    headings: &'static [&'static str],
    /// Adds a last column for row actions, its heading only for screen readers.
    #[prop(optional)]
    actions: bool,
    /// The rows.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <thead>
                    <tr>
                        {headings.iter().map(|heading| view! { <th>{*heading}</th> }).collect_view()}
                        {actions
                            .then(|| view! { <th><span class="visually-hidden">"Actions"</span></th> })}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
