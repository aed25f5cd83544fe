-- Abuse protection for sends (issue 11): anonymous and signed-in sends to one number no longer
-- share a resend gate or caps, and every send fits into per-caller and per-verifier budgets.
-- Portable SQL; times are UTC milliseconds (bigint).

-- Who asked for a challenge: 'anonymous' (sign-in), 'signed-in' (bind, unbind, step-up, the
-- administrator's test) or 'api' (an API key). The number's caps count each lane apart.
alter table challenge add column lane text not null default 'signed-in';
update challenge set lane = 'anonymous' where scene = 'sign-in';
update challenge set lane = 'api' where scene = 'api';
create index challenge_by_lane on challenge (verifier_uid, receiver, lane, created_at);

-- The send gate gets the lane in its key (a primary key cannot be altered portably, so the
-- table is rebuilt under the same name). A number's current gate holds in every lane.
create table send_lane_gate (
    verifier_uid text not null references verifier (uid) on delete cascade,
    lane text not null,
    receiver text not null,
    next_send_at bigint not null,
    primary key (verifier_uid, lane, receiver)
);

insert into send_lane_gate (verifier_uid, lane, receiver, next_send_at)
select verifier_uid, 'anonymous', receiver, next_send_at from send_gate;
insert into send_lane_gate (verifier_uid, lane, receiver, next_send_at)
select verifier_uid, 'signed-in', receiver, next_send_at from send_gate;
insert into send_lane_gate (verifier_uid, lane, receiver, next_send_at)
select verifier_uid, 'api', receiver, next_send_at from send_gate;

drop table send_gate;
alter table send_lane_gate rename to send_gate;

-- Send budgets in fixed windows (a minute, an hour, a UTC day): one counter row per verifier,
-- budget, subject (the user, client address or API key; empty for the verifier's own) and
-- window. Moved by a conditional upsert in the transaction that opens the challenge, so a
-- refused or rolled-back send counts nowhere and the budgets hold across instances.
create table send_budget (
    verifier_uid text not null references verifier (uid) on delete cascade,
    budget text not null,
    subject text not null,
    window_start bigint not null,
    window_end bigint not null,
    hits bigint not null check (hits >= 0),
    primary key (verifier_uid, budget, subject, window_start)
);

create index send_budget_window_end on send_budget (window_end);

-- The SMS-pumping guard: per verifier and calling code, sends are held while `held_until` is
-- ahead; the codes that decide a hold are counted from `counts_from` (moved on by a release, so
-- the codes that caused a hold do not set it again at once).
create table pumping_guard (
    verifier_uid text not null references verifier (uid) on delete cascade,
    calling_code bigint not null,
    held_until bigint not null,
    counts_from bigint not null,
    primary key (verifier_uid, calling_code)
);
