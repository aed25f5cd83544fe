//! One integration-test binary (each file under tests/ would link its own). Every scenario runs
//! on SQLite and on PostgreSQL.

mod helpers;

mod accounts;
mod admin;
mod aliyun;
mod api_auth;
mod api_idempotency;
mod api_twilio;
mod api_v1;
mod audit_log;
mod binding;
mod console_listener;
mod cross_origin;
mod emulator;
mod emulator_banner;
mod fallback;
mod gateway;
mod harness;
mod health;
mod insights;
mod message_language;
mod message_log;
mod otp;
mod outbound_logs;
mod password_confirmation;
mod private_endpoints;
mod pumping_guard;
mod retention;
mod secret_rotation;
mod secrets_follow_endpoint;
mod send_budgets;
mod send_lanes;
mod sessions;
mod sign_in_throttle;
mod sign_up;
mod tencent;
mod transport_security;
mod trusted_proxies;
mod twilio;
mod verifiers;
mod wrong_code_lock;
