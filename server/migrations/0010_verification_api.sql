-- The verification API for other applications: API keys, a Service SID per verifier, and what a
-- verification's status is read from.

-- `VA` + 32 hex digits; assigned at start to verifiers created before this migration.
alter table verifier add column service_sid text;
create unique index verifier_service_sid on verifier (service_sid);

-- Only a keyed hash of each secret is stored; the secret is shown once, when the key is made.
create table api_key (
    key_sid text primary key,
    name text not null,
    secret_hash text not null unique,
    -- 1: every verifier, 0: those in api_key_verifier
    all_verifiers bigint not null,
    created_at bigint not null,
    last_used_at bigint,
    revoked_at bigint
);

create table api_key_verifier (
    key_sid text not null references api_key (key_sid) on delete cascade,
    verifier_uid text not null references verifier (uid) on delete cascade,
    primary key (key_sid, verifier_uid)
);

-- Why a challenge closed: 'approved', 'canceled', 'failed' (not delivered) or 'superseded' (a
-- newer code replaced it); null while open. The API key that asked for it, if any.
alter table challenge add column outcome text;
alter table challenge add column api_key_sid text;
create index challenge_open_api on challenge (verifier_uid, receiver, scene, created_at);

-- Who asked for a message: the API key's name for scene 'api'.
alter table message add column caller text not null default '';

-- The first answer to each Idempotency-Key of a key, kept for a day.
create table idempotent_request (
    key_sid text not null,
    idempotency_key text not null,
    request_hash text not null,
    -- null while the first request is still being answered
    status bigint,
    response text,
    created_at bigint not null,
    primary key (key_sid, idempotency_key)
);

create index idempotent_request_created_at on idempotent_request (created_at);
