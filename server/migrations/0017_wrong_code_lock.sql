-- Wrong codes across challenges (security checklist VER-4): after 20 wrong codes in a row for a
-- number in one lane (counted since the lane's last verified code, over the last day), the lane's
-- send gate for the number is locked for an hour and its open codes are burned. The gate row is
-- the lock, so sends check it with the statement they already run. 0: not locked. Portable SQL.
alter table send_gate add column locked_until bigint not null default 0;
