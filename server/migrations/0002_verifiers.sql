-- Verifiers configured by administrators, and the log of dispatched messages.

create table verifier (
    uid text primary key,
    title text not null,
    description text not null default '',
    verification_type text not null,
    provider text not null,
    -- JSON; secret values are encrypted before they are stored
    settings text not null default '{}',
    -- JSON; code length, lifetime, resend interval, limits
    policy text not null default '{}',
    created_at bigint not null,
    updated_at bigint not null
);

-- Kept when its verifier is deleted: it is the history of what was sent.
create table message (
    message_id text primary key,
    verifier_uid text not null,
    verifier_title text not null,
    scene text not null,
    masked_receiver text not null,
    provider text not null,
    status text not null check (status in ('sent', 'failed')),
    -- the provider's request id when sent, its error code when failed
    reference text not null default '',
    created_at bigint not null
);

create index message_created_at on message (created_at);
