use leptos::{prelude::*, server_fn::ServerFn};

use super::{error_of, now_ms, use_seconds_until};
use crate::{AppError, dto::CodeSent};

/// The state of a "send a code, then submit it" form (bind, unbind, sign in): the code that was
/// sent, the last error of either step, and the seconds until another code may be sent.
#[derive(Clone, Copy)]
pub struct CodeFlow {
    pub sent: RwSignal<Option<CodeSent>>,
    pub error: RwSignal<Option<AppError>>,
    pub seconds_left: Signal<u64>,
}

impl CodeFlow {
    /// Follows `send` (which answers with a [`CodeSent`]) and `submit`; `resumed` is a code sent
    /// before a reload.
    pub fn new<Sender, Submit>(
        send: ServerAction<Sender>,
        submit: ServerAction<Submit>,
        resumed: Option<CodeSent>,
    ) -> Self
    where
        Sender: ServerFn<Output = CodeSent, Error = AppError> + Send + Sync + Clone + 'static,
        Submit: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
        Submit::Output: Clone + Send + Sync + 'static,
    {
        let sent = RwSignal::new(resumed);
        let error = RwSignal::new(None);
        // A refused resend carries the seconds left: the countdown shows them too. The deadline is
        // fixed when the refusal arrives, so it counts down like any other.
        let refused_until = RwSignal::new(None::<i64>);
        let (send_error, submit_error) = (error_of(send), error_of(submit));
        Effect::new(move |_| {
            let latest = send_error.get();
            if let Some(AppError::ResendTooSoon { retry_after_secs }) = latest {
                refused_until.set(Some(
                    now_ms() + i64::try_from(retry_after_secs).unwrap_or(0) * 1000,
                ));
            }
            error.set(latest);
        });
        Effect::new(move |_| error.set(submit_error.get()));
        Effect::new(move |_| {
            if let Some(Ok(code_sent)) = send.value().get() {
                sent.set(Some(code_sent));
            }
        });
        let deadline = Signal::derive(move || {
            let sent_deadline = sent.get().map(|s| s.resend_at_ms);
            sent_deadline.max(refused_until.get())
        });
        Self {
            sent,
            error,
            seconds_left: use_seconds_until(deadline),
        }
    }

    /// The error message for one field.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.error.get().and_then(|e| e.for_field(name)))
    }

    /// An error that belongs to no field, shown above the form.
    pub fn general(self) -> Option<AppError> {
        self.error.get().filter(|e| !e.is_field_error())
    }

    /// The challenge to submit the code for, or a field error asking for a code first.
    pub fn challenge_id(self) -> Option<String> {
        let id = self.sent.get().map(|s| s.challenge_id);
        if id.is_none() {
            self.error
                .set(Some(AppError::invalid("code", "Send a code first.")));
        } else {
            self.error.set(None);
        }
        id
    }

    pub fn already_sent(self) -> Signal<bool> {
        Signal::derive(move || self.sent.get().is_some())
    }
}
