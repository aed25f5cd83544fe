use leptos::{prelude::*, server_fn::ServerFn};

use super::{field_error, now_ms, use_seconds_until};
use crate::{AppError, dto::CodeSent, error::Problem};

/// A server function that sends a code: bind, unbind or sign-in.
pub trait SendStep:
    ServerFn<Output = CodeSent, Error = AppError> + Send + Sync + Clone + 'static
{
}

impl<S> SendStep for S where
    S: ServerFn<Output = CodeSent, Error = AppError> + Send + Sync + Clone + 'static
{
}

/// A server function that checks a code and acts on it: bind, unbind or sign in.
pub trait SubmitStep:
    ServerFn<Output = (), Error = AppError> + Send + Sync + Clone + 'static
{
}

impl<S> SubmitStep for S where
    S: ServerFn<Output = (), Error = AppError> + Send + Sync + Clone + 'static
{
}

/// The step the user took last: its outcome is the one the form shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Idle,
    Sending,
    Submitting,
    /// "Submit" before any code was sent.
    NoCodeYet,
}

/// The state of a "send a code, then submit it" form (bind, unbind, sign in).
///
/// Everything here is derived from the two actions' results; nothing copies them into signals
/// of its own, so what the form shows can never disagree with what the server answered. It is
/// not generic over the server functions: [`super::CodeEntry`] is compiled once for all three
/// forms, which keeps the WebAssembly small.
#[derive(Clone, Copy)]
pub struct CodeFlow {
    step: RwSignal<Step>,
    /// The code sent last (or before a reload); a refused resend keeps it.
    pub sent: Memo<Option<CodeSent>>,
    /// The error of the step taken last, if it failed.
    pub error: Memo<Option<AppError>>,
    /// Seconds until another code may be sent.
    pub seconds_left: Signal<u64>,
    pub sending: Signal<bool>,
    pub submitting: Signal<bool>,
    /// True once a submitted code checked out.
    pub succeeded: Signal<bool>,
    send: Callback<()>,
    submit: Callback<(String, String)>,
}

impl CodeFlow {
    /// Follows `send` and `submit`. `resumed` is a code sent before a reload; `send_request`
    /// builds the send request from the form's inputs, `submit_request` the submitted one from
    /// the challenge id and the typed code.
    pub fn new<Snd: SendStep, Sub: SubmitStep>(
        send: ServerAction<Snd>,
        submit: ServerAction<Sub>,
        resumed: Option<CodeSent>,
        send_request: impl Fn() -> Snd + Send + Sync + 'static,
        submit_request: impl Fn(String, String) -> Sub + Send + Sync + 'static,
    ) -> Self {
        let step = RwSignal::new(Step::Idle);
        let sent = Memo::new(
            move |previous: Option<&Option<CodeSent>>| match send.value().get() {
                Some(Ok(code_sent)) => Some(code_sent),
                _ => previous.cloned().unwrap_or_else(|| resumed.clone()),
            },
        );
        // A refused resend carries the seconds left: the button waits them out (its label says
        // "Send code in N s" unless this form sent a code, and the error says plainly that none
        // was sent now). A memo computes the deadline once, when the refusal arrives, so it
        // counts down like any other.
        let refused_until = Memo::new(move |_| match send.value().get() {
            Some(Err(AppError::ResendTooSoon { retry_after_secs })) => {
                Some(now_ms() + i64::try_from(retry_after_secs).unwrap_or(0) * 1000)
            }
            _ => None,
        });
        let error = Memo::new(move |_| match step.get() {
            Step::Idle => None,
            Step::NoCodeYet => Some(AppError::invalid("code", Problem::SendCodeFirst)),
            Step::Sending => last_error(send),
            Step::Submitting => last_error(submit),
        });
        let deadline =
            Signal::derive(move || sent.get().map(|s| s.resend_at_ms).max(refused_until.get()));
        Self {
            step,
            sent,
            error,
            seconds_left: use_seconds_until(deadline),
            sending: send.pending().into(),
            submitting: submit.pending().into(),
            succeeded: Signal::derive(move || submit.value().with(|v| matches!(v, Some(Ok(()))))),
            send: Callback::new(move |()| {
                step.set(Step::Sending);
                send.dispatch(send_request());
            }),
            submit: Callback::new(move |(challenge_id, code)| {
                step.set(Step::Submitting);
                submit.dispatch(submit_request(challenge_id, code));
            }),
        }
    }

    /// Sends a code built from the form's current inputs.
    pub fn send_code(self) {
        self.send.run(());
    }

    /// Submits `code` for the code sent last, or asks for a code to be sent first.
    pub fn submit_code(self, code: String) {
        match self.sent.get_untracked() {
            Some(sent) => self.submit.run((sent.challenge_id, code)),
            None => self.step.set(Step::NoCodeYet),
        }
    }

    /// The error message for one field, in the reader's language.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        field_error(self.error.into(), name)
    }
}

/// The error an action answered with last; none while it runs again.
fn last_error<S>(action: ServerAction<S>) -> Option<AppError>
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + 'static,
{
    if action.pending().get() {
        return None;
    }
    action.value().with(|value| {
        value
            .as_ref()
            .and_then(|result| result.as_ref().err().cloned())
    })
}
