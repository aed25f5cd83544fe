use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::text::t;
use crate::{
    api::list_audit_events,
    components::{DataTable, Loaded, Pager, format_utc, page_in},
    dto::AuditEventEntry,
    i18n::{t_string, use_i18n},
    types::AuditAction,
};

/// Administrators: the audit log, newest first, a page at a time, filtered by action. The
/// filter and the page are in the URL, so both work without JavaScript.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = move || query.read().get("action").unwrap_or_default();
    let page = move || query.with(page_in);
    let events = Resource::new(
        move || (action(), page()),
        |(action, page)| list_audit_events(action, page),
    );
    view! {
        <Title text=move || t_string!(i18n, audit.title) />
        <h1>{t!(i18n, audit.title)}</h1>
        // The filter submits as a plain GET, which loads the page anew: its choice is read once.
        <ActionFilter chosen=query.read_untracked().get("action").unwrap_or_default() />
        <Loaded keep_shown=true data=move || events let:result>
            {if result.items.is_empty() && result.page == 0 {
                    view! {
                        <div class="empty-state">
                            <p>{t!(i18n, audit.empty)}</p>
                        </div>
                    }
                        .into_any()
                } else {
                    let link = |page: i64| match action().as_str() {
                        "" => format!("?page={page}"),
                        chosen => format!("?action={chosen}&page={page}"),
                    };
                    view! {
                        <AuditTable items=result.items />
                        <Pager page=result.page has_more=result.has_more link />
                    }
                        .into_any()
            }}
        </Loaded>
    }
}

/// A plain GET form: choosing an action reloads the page with it in the URL.
#[component]
fn ActionFilter(chosen: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form
            method="get"
            action="/admin/audit"
            class="filters"
            role="search"
            aria-label=move || t_string!(i18n, audit.filter_label)
        >
            <label>
                {t!(i18n, audit.filter_action)}
                <select name="action">
                <option value="" selected=chosen.is_empty()>{t!(i18n, audit.all_actions)}</option>
                {AuditAction::ALL
                    .into_iter()
                    .map(|action| {
                        view! {
                            <option value=action.as_str() selected=chosen == action.as_str()>
                                {move || action.label(i18n.get_locale())}
                            </option>
                        }
                    })
                    .collect_view()}
                </select>
            </label>
            <button type="submit" class="button">{t!(i18n, audit.show)}</button>
        </form>
    }
}

#[component]
fn AuditTable(items: Vec<AuditEventEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let headings = move || {
        vec![
            t_string!(i18n, audit.heading_time),
            t_string!(i18n, audit.heading_actor),
            t_string!(i18n, audit.heading_action),
            t_string!(i18n, audit.heading_subject),
            t_string!(i18n, audit.heading_verifier),
            t_string!(i18n, audit.heading_number),
        ]
    };
    view! {
        <DataTable
            headings
            items
            row=move |event| {
                let at = event.at_ms;
                view! {
                    <tr>
                        <td>{move || format_utc(i18n.get_locale(), at)}</td>
                        <td>{event.actor}</td>
                        <td data-action=event.action.as_str()>{move || event.action.label(i18n.get_locale())}</td>
                        <td><code>{event.subject}</code></td>
                        <td>{event.verifier_uid}</td>
                        <td>{event.masked_receiver}</td>
                    </tr>
                }
            }
        />
    }
}
