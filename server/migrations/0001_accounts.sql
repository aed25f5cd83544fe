-- Accounts, the first-administrator claim and server-side sessions.
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Times are UTC milliseconds (bigint)
-- so both databases compare them the same way.

create table app_user (
    user_id text primary key,
    username text not null,
    -- lower-cased username: usernames are unique regardless of case
    username_key text not null,
    password_hash text not null,
    role text not null check (role in ('admin', 'user')),
    created_at bigint not null,
    constraint app_user_username_key unique (username_key)
);

-- One row at most: inserting it is how the first administrator is claimed atomically.
create table first_admin (
    singleton bigint primary key check (singleton = 1),
    user_id text not null references app_user (user_id) on delete cascade,
    created_at bigint not null
);

create table session (
    -- SHA-256 of the cookie value; the value itself is never stored
    token_hash text primary key,
    user_id text not null references app_user (user_id) on delete cascade,
    created_at bigint not null,
    last_seen_at bigint not null
);

create index session_user_id on session (user_id);
create index session_last_seen_at on session (last_seen_at);
