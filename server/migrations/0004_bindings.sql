-- A user's verified phone number for a verifier: one per user and verifier, and a number is
-- bound to at most one user per verifier.
create table binding (
    verifier_uid text not null references verifier (uid) on delete cascade,
    user_id text not null references app_user (user_id) on delete cascade,
    receiver text not null,
    created_at bigint not null,
    primary key (verifier_uid, user_id),
    constraint binding_receiver_key unique (verifier_uid, receiver)
);
