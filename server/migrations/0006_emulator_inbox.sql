-- Messages the SMS gateway emulator accepted: its "phone". Only written when the emulator runs.

create table emulator_message (
    emulator_message_id text primary key,
    provider text not null,
    to_number text not null,
    sender text not null,
    template text not null,
    body text not null,
    request_id text not null,
    received_at bigint not null
);

create index emulator_message_received_at on emulator_message (received_at);
