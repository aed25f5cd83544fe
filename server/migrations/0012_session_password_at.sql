-- When the session's user last typed their password (UTC milliseconds): at a password sign-in
-- or sign-up, and at each confirmation. Null after a sign-in with an SMS code, until they confirm.
-- Binding and unbinding a number ask for the password again when it is older than 10 minutes.
alter table session add column password_at bigint;
