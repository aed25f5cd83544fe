-- Per-verifier opt-in for the sign-in scene, the audit log of bindings, and per-client send
-- windows for anonymous (sign-in) sends.

alter table verifier add column sign_in_enabled bigint not null default 0;

create table audit_event (
    event_id text primary key,
    user_id text not null,
    action text not null,
    verifier_uid text not null,
    masked_receiver text not null,
    created_at bigint not null
);

create index audit_event_created_at on audit_event (created_at);

-- Fixed one-hour windows, counted with a conditional upsert (atomic on both databases).
create table client_send_window (
    client text not null,
    window_start bigint not null,
    sends bigint not null,
    primary key (client, window_start)
);
