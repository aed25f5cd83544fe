-- Issued codes and the per-number send gate.

create table challenge (
    challenge_id text primary key,
    verifier_uid text not null references verifier (uid) on delete cascade,
    scene text not null,
    -- E.164
    receiver text not null,
    -- empty when the caller is anonymous (sign-in)
    user_id text not null default '',
    -- HMAC-SHA256 of the code, keyed by the server secret; the code itself is never stored
    code_hmac text not null,
    expires_at bigint not null,
    attempts bigint not null default 0 check (attempts >= 0),
    max_attempts bigint not null check (max_attempts >= 1),
    consumed_at bigint,
    created_at bigint not null
);

create index challenge_by_number on challenge (verifier_uid, receiver, created_at);
create index challenge_expires_at on challenge (expires_at);

-- One row per verifier and number. Every send first moves `next_send_at` forward with a
-- conditional upsert, which locks the row: concurrent sends to one number are serialised, so
-- the resend interval and the hourly and daily caps hold across any number of server processes.
create table send_gate (
    verifier_uid text not null references verifier (uid) on delete cascade,
    receiver text not null,
    next_send_at bigint not null,
    primary key (verifier_uid, receiver)
);

-- The sandbox inbox: the text of messages sent through the sandbox provider (never a real one's).
alter table message add column body text;
