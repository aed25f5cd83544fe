use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::message_filters::{MessageFilters, filter_in, page_link};
use crate::{
    api::{list_messages, read_emulator_inbox},
    components::{DataTable, Loaded, Pager, format_utc, page_in},
    dto::{EmulatorInbox, MessageEntry, MessageQuery},
};

/// Administrators: the message log, newest first, a page at a time.
#[component]
pub fn MessagesPage() -> impl IntoView {
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
        <Title text="Messages" />
        <h1>"Messages"</h1>
        <MessageFilters filter=filter() />
        <Loaded keep_shown=true data=move || messages let:result>
            {if result.items.is_empty() && result.page == 0 {
                    let empty = if filter() == MessageQuery::default() {
                        "No messages have been sent yet."
                    } else {
                        "No messages match the filter."
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
    let endpoint = format!("http://{}", inbox.address);
    view! {
        <section class="emulator" aria-labelledby="emulator-heading">
            <h2 id="emulator-heading">"Emulator inbox"</h2>
            <p class="muted">
                "The SMS gateway emulator is running. Point a provider's endpoint at "
                <code>{endpoint}</code> " and use these test credentials:"
            </p>
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
                headings=&["Time (UTC)", "Provider", "To", "Sign name / sender", "Template", "Text", "Request id"]
            >
                {inbox
                    .messages
                    .into_iter()
                    .map(|message| {
                        view! {
                            <tr>
                                <td>{format_utc(message.received_at)}</td>
                                <td>{message.provider}</td>
                                <td>{message.to}</td>
                                <td>{message.sender}</td>
                                <td>{message.template}</td>
                                <td class="message-text">{message.text}</td>
                                <td><code>{message.request_id}</code></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </DataTable>
        </section>
    }
}

#[component]
fn MessageTable(items: Vec<MessageEntry>) -> impl IntoView {
    view! {
        <DataTable
            headings=&["Time (UTC)", "Verifier", "Scene", "Number", "Text (sandbox only)", "Status", "Provider", "Reference"]
        >
            {items
                .into_iter()
                .map(|message| {
                    view! {
                        <tr>
                            <td>{format_utc(message.sent_at_ms)}</td>
                            <td>{message.verifier_title}</td>
                            <td>{message.scene}</td>
                            <td>{message.masked_receiver}</td>
                            // Beside the number, where a trying-out administrator looks for it.
                            <td class="message-text">{message.body}</td>
                            <td>{message.status}</td>
                            <td>{message.provider}</td>
                            <td><code>{message.reference}</code></td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
