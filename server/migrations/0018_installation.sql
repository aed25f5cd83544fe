-- The installation's Account SID (`AC…`), which Twilio's libraries are configured with. It is
-- derived from the server secret the first time the server starts and stored here, so that
-- rotating the secret does not change it. One row. Portable SQL.
create table installation (
    id bigint primary key check (id = 1),
    account_sid text not null
);
