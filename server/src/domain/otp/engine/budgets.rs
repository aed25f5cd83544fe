//! Which budgets a send counts against, and what a spent one means for the caller. Every path
//! that can send is bounded per caller (signed-in user, client address, API key) and per
//! verifier per day, by the verifier's policy.

use app::{ports::CodeError, types::Policy};

use super::{IssueRequest, Scene, seconds_until};
use crate::store::send_budgets::{Budget, BudgetKind, Spent};

const MINUTE_MS: i64 = 60 * 1000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Who asked for a code, as the number's gate, caps and wrong-code lock tell callers apart: an
/// anonymous caller cannot hold back a signed-in user's code to the same number, nor the other
/// way round, nor a stranger the codes the number's user asks for from a browser they signed in
/// from before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lane {
    /// Sign-in.
    Anonymous,
    /// Sign-in from a browser the number's user signed in from before.
    KnownDevice,
    /// Bind, unbind, step-up, the administrator's test message.
    SignedIn,
    Api,
}

impl Lane {
    /// As stored with each challenge and gate.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Anonymous => "anonymous",
            Self::KnownDevice => "known-device",
            Self::SignedIn => "signed-in",
            Self::Api => "api",
        }
    }
}

pub(super) fn lane(request: &IssueRequest<'_>) -> Lane {
    match request.scene {
        Scene::SignIn if request.from_known_device => Lane::KnownDevice,
        Scene::SignIn => Lane::Anonymous,
        Scene::Api => Lane::Api,
        Scene::Bind | Scene::Unbind | Scene::StepUp | Scene::Test => Lane::SignedIn,
    }
}

/// The budgets `request` counts against, in the one order every send takes them (so two
/// concurrent sends never wait on each other's rows). The verifier's daily budget comes last:
/// it is the row every send of the verifier shares, so it is held the shortest.
pub(super) fn budgets<'a>(policy: &Policy, request: &'a IssueRequest<'_>) -> Vec<Budget<'a>> {
    let mut budgets = Vec::with_capacity(3);
    match (lane(request), request.user_id, request.client) {
        (Lane::SignedIn, Some(user_id), _) => {
            budgets.push(Budget {
                kind: BudgetKind::NumbersPerUser,
                subject: user_id,
                window_ms: HOUR_MS,
                cap: i64::from(policy.numbers_per_user_hour),
            });
            budgets.push(Budget {
                kind: BudgetKind::CodesPerUserDay,
                subject: user_id,
                window_ms: DAY_MS,
                cap: i64::from(policy.codes_per_user_day),
            });
        }
        (Lane::Anonymous | Lane::KnownDevice, _, Some(client)) => budgets.push(Budget {
            kind: BudgetKind::SignInsPerClient,
            subject: client,
            window_ms: HOUR_MS,
            cap: i64::from(policy.sign_ins_per_client_hour),
        }),
        _ => {}
    }
    if let Some(key) = request.api_key {
        budgets.push(Budget {
            kind: BudgetKind::ApiKeyMinute,
            subject: key.sid,
            window_ms: MINUTE_MS,
            cap: i64::from(policy.api_sends_per_key_minute),
        });
        budgets.push(Budget {
            kind: BudgetKind::ApiKeyDay,
            subject: key.sid,
            window_ms: DAY_MS,
            cap: i64::from(policy.api_sends_per_key_day),
        });
    }
    budgets.push(Budget {
        kind: BudgetKind::VerifierDay,
        subject: "",
        window_ms: DAY_MS,
        cap: i64::from(policy.sends_per_verifier_day),
    });
    budgets
}

/// The refusal a spent budget means, with the time until its window ends.
pub(super) fn refusal(spent: Spent, now: i64) -> CodeError {
    let retry_after_secs = seconds_until(now, spent.retry_at);
    match spent.kind {
        BudgetKind::NumbersPerUser => CodeError::TooManyNumbers { retry_after_secs },
        BudgetKind::CodesPerUserDay => CodeError::UserDayBudgetSpent { retry_after_secs },
        BudgetKind::SignInsPerClient => CodeError::ClientBudgetSpent { retry_after_secs },
        BudgetKind::ApiKeyMinute => CodeError::KeyMinuteBudgetSpent { retry_after_secs },
        BudgetKind::ApiKeyDay => CodeError::KeyDayBudgetSpent { retry_after_secs },
        BudgetKind::VerifierDay => CodeError::VerifierBudgetSpent { retry_after_secs },
    }
}
