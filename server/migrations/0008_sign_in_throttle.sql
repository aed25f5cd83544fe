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

-- Per-client-address counters in fixed one-hour windows, by what they count ('sign_in_send':
-- sign-in codes asked for by SMS; 'password_failure'). Replaces client_send_window, so both
-- limits share one table and one purge.
create table client_window (
    counter text not null,
    client text not null,
    window_start bigint not null,
    hits bigint not null,
    primary key (counter, client, window_start)
);

insert into client_window (counter, client, window_start, hits)
select 'sign_in_send', client, window_start, sends from client_send_window;

drop table client_send_window;

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
