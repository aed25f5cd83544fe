-- Password sign-in throttling (security checklist ADM-3): consecutive failures with an
-- exponential lock and an hourly cap per typed username, an hourly cap per client address, and a
-- record of every failure. Portable SQL; times are UTC milliseconds (bigint).

-- One row per typed username (trimmed, lower-cased) whether or not the account exists, so the
-- answers never tell the two apart. An attempt is counted before its password is checked and
-- refunded when it succeeds, so parallel guesses cannot slip past the lock.
create table sign_in_account (
    account_key text primary key,
    -- consecutive failures
    failures bigint not null,
    -- the length of the lock the last failure set (0 below the threshold), and its end
    lock_ms bigint not null,
    locked_until bigint not null,
    -- failures in the fixed one-hour window starting at window_start
    window_start bigint not null,
    window_failures bigint not null,
    last_attempt_at bigint not null
);

create index sign_in_account_last_attempt_at on sign_in_account (last_attempt_at);

-- Failures per client address in fixed one-hour windows (like client_send_window).
create table sign_in_client_window (
    client text not null,
    window_start bigint not null,
    failures bigint not null,
    primary key (client, window_start)
);

-- The audit log of refused password sign-ins: a wrong username or password, or throttled.
create table sign_in_failure (
    failure_id text primary key,
    account_key text not null,
    client text not null,
    outcome text not null check (outcome in ('wrong_password', 'throttled')),
    created_at bigint not null
);

create index sign_in_failure_created_at on sign_in_failure (created_at);
create index sign_in_failure_account_key on sign_in_failure (account_key, created_at);
