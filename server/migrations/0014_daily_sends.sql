-- Insights (issue 11): codes sent, verified and failed per verifier, UTC day and calling code.
-- Challenges are purged a day after they expire and the message log masks numbers, so the
-- 30-day report reads these counters instead. Moved by one upsert per event; kept 400 days.
-- `day` is the UTC midnight of the challenge's creation, in milliseconds.
create table daily_sends (
    verifier_uid text not null references verifier (uid) on delete cascade,
    day bigint not null,
    calling_code bigint not null,
    sent bigint not null default 0,
    verified bigint not null default 0,
    failed_invalid_number bigint not null default 0,
    failed_rate_limited bigint not null default 0,
    failed_rejected bigint not null default 0,
    failed_unavailable bigint not null default 0,
    failed_internal bigint not null default 0,
    primary key (verifier_uid, day, calling_code)
);

create index daily_sends_day on daily_sends (day);
