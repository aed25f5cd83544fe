-- The audit log records more than bindings (issue 11): API keys made and revoked, accounts
-- administrators created, and the SMS-pumping guard's holds and releases. Portable SQL.

-- Who acted: a user id, or 'system' (the pumping guard, the command line).
alter table audit_event rename column user_id to actor;
-- What was acted on: the verifier's UID, the API key's SID, the account's username, or the
-- calling code ('+86'). `verifier_uid` and `masked_receiver` stay, empty where they do not apply.
alter table audit_event add column subject text not null default '';
update audit_event set subject = verifier_uid;

create index audit_event_action on audit_event (action, created_at);
