//! Verigate's server: configuration, command line, telemetry, the HTTP router, the domain, the
//! store. A library so integration tests build the whole application in-process.

pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod emulator;
pub mod http;
pub mod mac;
pub mod providers;
pub mod random;
pub mod secret;
pub mod startup;
pub mod store;
pub mod telemetry;

pub use startup::Application;

#[cfg(test)]
mod architecture;
