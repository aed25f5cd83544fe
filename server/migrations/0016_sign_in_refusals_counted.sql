-- Sign-ins refused by the throttle are counted, one row per username, client address and clock
-- hour, instead of a `sign_in_failure` row each: a flood of refused attempts (they cost the
-- attacker nothing, no password is checked) could otherwise grow the database without bound.
-- Wrong passwords stay one row each; the throttle itself bounds them. Portable SQL.

create table sign_in_refusal (
    -- The typed username as accounts normalise it; empty when the address's own hourly cap
    -- refused the attempt, whatever the username.
    account_key text not null,
    client text not null,
    window_start bigint not null,
    attempts bigint not null,
    first_at bigint not null,
    last_at bigint not null,
    primary key (account_key, client, window_start)
);

create index sign_in_refusal_last_at on sign_in_refusal (last_at);

insert into sign_in_refusal (account_key, client, window_start, attempts, first_at, last_at)
select account_key, client, created_at - created_at % 3600000, count(*), min(created_at),
       max(created_at)
from sign_in_failure
where outcome = 'throttled'
group by account_key, client, created_at - created_at % 3600000;

delete from sign_in_failure where outcome = 'throttled';
