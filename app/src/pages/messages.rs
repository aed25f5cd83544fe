use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::message_filters::{MessageFilters, filter_in, option_text, page_link};
use crate::text::t;
use crate::{
    api::{list_messages, read_emulator_inbox},
    components::{DataTable, Loaded, Pager, format_utc, page_in},
    dto::{EmulatorInbox, MessageEntry, MessageQuery},
    i18n::{t_string, use_i18n},
};

/// Administrators: the message log, newest first, a page at a time.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.with(page_in);
    let filter = move || query.with(filter_in);
    let messages = Resource::new(
        move || (page(), filter()),
        |(page, filter)| {
            list_messages(
                page,
                Some(filter.verifier),
                Some(filter.scene),
                Some(filter.status),
                Some(filter.number),
                Some(filter.period),
            )
        },
    );
    let emulator = Resource::new(|| (), |()| read_emulator_inbox());
    view! {
        <Title text=move || t_string!(i18n, messages.title) />
        <h1>{t!(i18n, messages.title)}</h1>
        <MessageFilters filter=filter() />
        <Loaded keep_shown=true data=move || messages let:result>
            {if result.items.is_empty() && result.page == 0 {
                    let unfiltered = filter() == MessageQuery::default();
                    let empty = move || {
                        if unfiltered {
                            t_string!(i18n, messages.empty)
                        } else {
                            t_string!(i18n, messages.empty_filtered)
                        }
                    };
                    view! {
                        <div class="empty-state">
                            <p>{empty}</p>
                        </div>
                    }
                        .into_any()
                } else {
                    let shown = filter();
                    view! {
                        <MessageTable items=result.items />
                        <Pager
                            page=result.page
                            has_more=result.has_more
                            link=move |page| page_link(&shown, page)
                        />
                    }
                        .into_any()
            }}
        </Loaded>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                emulator.await.ok().flatten().map(|inbox| view! { <EmulatorSection inbox /> })
            })}
        </Transition>
    }
}

/// The emulator's address, test credentials and inbox: what a phone would have received.
#[component]
fn EmulatorSection(inbox: EmulatorInbox) -> impl IntoView {
    let i18n = use_i18n();
    let endpoint = format!("http://{}", inbox.address);
    let endpoint = move || view! { <code>{endpoint.clone()}</code> };
    let headings = move || {
        vec![
            t_string!(i18n, messages.heading_time),
            t_string!(i18n, messages.heading_provider),
            t_string!(i18n, messages.heading_to),
            t_string!(i18n, messages.heading_sender),
            t_string!(i18n, messages.heading_template),
            t_string!(i18n, messages.heading_text),
            t_string!(i18n, messages.heading_request_id),
        ]
    };
    view! {
        <section class="emulator" aria-labelledby="emulator-heading">
            <h2 id="emulator-heading">{t!(i18n, messages.emulator_inbox)}</h2>
            <p class="muted">{t!(i18n, messages.emulator_intro, endpoint)}</p>
            <ul class="emulator-credentials">
                {inbox
                    .credentials
                    .into_iter()
                    .map(|credential| {
                        view! {
                            <li>
                                <strong>{credential.provider}</strong> ": "
                                <code>{credential.key_id}</code> " / "
                                <code>{credential.secret}</code>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <DataTable
                headings
                items=inbox.messages
                row=move |message| {
                    view! {
                        <tr>
                            <td>{move || format_utc(i18n.get_locale(), message.received_at)}</td>
                            <td>{message.provider}</td>
                            <td>{message.to}</td>
                            <td>{message.sender}</td>
                            <td>{message.template}</td>
                            <td class="message-text">{message.text}</td>
                            <td><code>{message.request_id}</code></td>
                        </tr>
                    }
                }
            />
        </section>
    }
}

#[component]
fn MessageTable(items: Vec<MessageEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let headings = move || {
        vec![
            t_string!(i18n, messages.heading_time),
            t_string!(i18n, messages.heading_verifier),
            t_string!(i18n, messages.heading_scene),
            t_string!(i18n, messages.heading_number),
            t_string!(i18n, messages.heading_text_sandbox),
            t_string!(i18n, messages.heading_status),
            t_string!(i18n, messages.heading_provider),
            t_string!(i18n, messages.heading_reference),
        ]
    };
    view! {
        <DataTable
            headings
            items
            row=move |message| {
                view! {
                    <tr>
                        <td>{move || format_utc(i18n.get_locale(), message.sent_at_ms)}</td>
                        <td>{message.verifier_title}</td>
                        <td>{move || option_text(i18n.get_locale(), &message.scene).to_owned()}</td>
                        <td>{message.masked_receiver}</td>
                        // Beside the number, where a trying-out administrator looks for it.
                        <td class="message-text">{message.body}</td>
                        <td>{move || option_text(i18n.get_locale(), &message.status)}</td>
                        <td>{message.provider}</td>
                        <td><code>{message.reference}</code></td>
                    </tr>
                }
            }
        />
    }
}
