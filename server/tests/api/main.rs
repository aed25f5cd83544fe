//! One integration-test binary (each file under tests/ would link its own). Every scenario runs
//! on SQLite and on PostgreSQL.

mod helpers;

mod accounts;
mod admin;
mod binding;
mod cross_origin;
mod health;
mod otp;
mod sessions;
mod verifiers;
